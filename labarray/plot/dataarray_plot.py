"""Plotting functions of a DataArray: ``plot`` (dispatch), ``line``, ``hist`` and the 2-D plots.

Each function takes the DataArray first and returns what matplotlib returns (a list of lines,
``(n, bins, patches)``, a ``QuadMesh``/``QuadContourSet``/``AxesImage``), or a
:class:`~labarray.plot.facetgrid.FacetGrid` when ``row=`` or ``col=`` is given.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

from labarray.plot.facetgrid import FacetGrid
from labarray.plot.linedata import infer_line_data
from labarray.plot.utils import (
    ROBUST_PERCENTILE,
    add_colorbar,
    check_plot_name,
    determine_cmap_params,
    get_axis,
    infer_interval_breaks,
    infer_xy_labels,
    label_from_attrs,
    plottable_values,
    set_time_axis,
    title_for_slice,
    update_axes,
)
from labarray.utils.suggest import format_names
from labarray.utils.warnings import warn

__all__ = ["contour", "contourf", "hist", "imshow", "line", "pcolormesh", "plot", "step"]

PLOT2D_KINDS = ("pcolormesh", "contourf", "contour", "imshow")


def _no_data_check(darray: Any) -> None:
    if darray.ndim == 0 or darray.size == 0:
        raise TypeError(
            f"no numeric data to plot: the DataArray has shape {tuple(darray.shape)}"
        )


def _squeezed(darray: Any, keep: tuple[Hashable | None, ...]) -> Any:
    drop = [d for d, n in darray.sizes.items() if n == 1 and d not in keep]
    return darray.squeeze(drop) if drop else darray


def plot(
    darray: Any,
    *,
    row: Hashable | None = None,
    col: Hashable | None = None,
    col_wrap: int | None = None,
    ax: Any = None,
    hue: Hashable | None = None,
    subplot_kws: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    """Default plot: 1-D -> :func:`line`, 2-D -> :func:`pcolormesh`, otherwise :func:`hist`.

    Size-1 dimensions are squeezed first; ``row``/``col``/``hue`` dimensions do not count.

    Parameters
    ----------
    darray : DataArray
    row, col : Hashable, optional
        Dimensions to facet on (a :class:`FacetGrid` is returned).
    col_wrap : int, optional
        Wrap the columns after this many facets.
    ax : matplotlib Axes, optional
        Axes to draw on; the current axes by default.
    hue : Hashable, optional
        Dimension making one line per value (2-D data are then drawn as lines).
    subplot_kws : dict, optional
        Keyword arguments of the new subplots.
    **kwargs
        Passed to the chosen plotting function.

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> lines = xr.DataArray(np.arange(3.0), dims="x").plot()
    >>> len(lines)
    1
    """
    for name, argument in ((row, "row"), (col, "col"), (hue, "hue")):
        if name is not None:
            check_plot_name(darray, name, argument, dims_only=argument != "hue")
    darray = _squeezed(darray, (row, col, hue))
    plot_dims = [d for d in darray.dims if d not in (row, col, hue)]
    _no_data_check(darray)
    if not plot_dims:
        raise TypeError("no numeric data to plot: every dimension is used by row=, col= or hue=")
    if len(plot_dims) in (1, 2):
        if row is not None or col is not None:
            kwargs.update(row=row, col=col, col_wrap=col_wrap, subplot_kws=subplot_kws)
        if len(plot_dims) == 1 or hue is not None:
            return line(darray, hue=hue, ax=ax, **kwargs)
        if row is None and col is None and subplot_kws is not None:
            kwargs["subplot_kws"] = subplot_kws
        return pcolormesh(darray, ax=ax, **kwargs)
    if row is not None or col is not None or hue is not None:
        raise ValueError(
            f"faceting (row=, col=) and hue= need 1-D or 2-D data per facet; after removing them "
            f"{len(plot_dims)} dimensions remain: {format_names(plot_dims)}"
        )
    return hist(darray, ax=ax, **kwargs)


def line(
    darray: Any,
    *args: Any,
    row: Hashable | None = None,
    col: Hashable | None = None,
    col_wrap: int | None = None,
    figsize: Any = None,
    aspect: float | None = None,
    size: float | None = None,
    ax: Any = None,
    hue: Hashable | None = None,
    x: Hashable | None = None,
    y: Hashable | None = None,
    xincrease: bool | None = None,
    yincrease: bool | None = None,
    xscale: str | None = None,
    yscale: str | None = None,
    xticks: Any = None,
    yticks: Any = None,
    xlim: Any = None,
    ylim: Any = None,
    add_legend: bool = True,
    subplot_kws: dict[str, Any] | None = None,
    _labels: bool = True,
    **kwargs: Any,
) -> Any:
    """Line plot of 1-D data, or of 2-D data as one line per value of ``hue``.

    Parameters
    ----------
    darray : DataArray
        1-D or 2-D (per facet).
    *args
        Passed to ``Axes.plot`` (e.g. a format string ``"o-"``).
    row, col, col_wrap
        Facet on these dimensions (returns a :class:`FacetGrid`).
    figsize, aspect, size, ax
        Where to draw: a new figure of ``figsize`` (or ``size`` high, ``aspect`` wide per
        height), the given axes, or the current axes.
    hue : Hashable, optional
        Dimension or coordinate whose values make the lines (2-D data).
    x, y : Hashable, optional
        Coordinate for the x axis (data on y), or for the y axis (data on x); one at most.
    xincrease, yincrease : bool, optional
        Direction of the axes; ``None`` keeps matplotlib's choice.
    xscale, yscale, xticks, yticks, xlim, ylim
        Axes settings.
    add_legend : bool, default: True
        Add a legend of the hue values, titled by the hue name (2-D data).
    **kwargs
        Passed to ``Axes.plot``.

    Returns
    -------
    list of Line2D or FacetGrid

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> da = xr.DataArray(np.zeros((4, 2)), dims=("time", "site"), coords={"site": ["a", "b"]})
    >>> lines = da.plot.line(hue="site")
    >>> len(lines), lines[0].axes.get_legend().get_title().get_text()
    (2, 'site')
    """
    if row is not None or col is not None:
        if ax is not None:
            raise ValueError("ax cannot be used with row= or col= (a FacetGrid makes its own axes)")
        grid = FacetGrid(darray, col=col, row=row, col_wrap=col_wrap, figsize=figsize, size=size,
                         aspect=aspect, subplot_kws=subplot_kws)
        return grid.map_dataarray_line(
            line, *args, x=x, y=y, hue=hue, add_legend=add_legend, xincrease=xincrease,
            yincrease=yincrease, xscale=xscale, yscale=yscale, xticks=xticks, yticks=yticks,
            xlim=xlim, ylim=ylim, **kwargs,
        )
    _no_data_check(darray)
    if darray.ndim > 2:
        raise ValueError(
            f"line plots need 1-D or 2-D data, got {darray.ndim} dimensions "
            f"({format_names(darray.dims)}); select some first or facet with col=/row="
        )
    xplt, yplt, hueplt, hue_label = infer_line_data(darray, x, y, hue)
    ax = get_axis(figsize, size, aspect, ax)
    xvals, xkind = plottable_values(xplt.values)
    yvals, ykind = plottable_values(yplt.values)
    lines = ax.plot(xvals, yvals, *args, **kwargs)
    if _labels:
        ax.set_xlabel(label_from_attrs(xplt, "_center" if xkind == "interval" else ""))
        ax.set_ylabel(label_from_attrs(yplt, "_center" if ykind == "interval" else ""))
        ax.set_title(title_for_slice(darray))
    if darray.ndim == 2 and add_legend:
        ax.legend(handles=lines, labels=[str(v) for v in np.asarray(hueplt.values)], title=hue_label)
    set_time_axis(ax, "x", xvals, xkind)
    set_time_axis(ax, "y", yvals, ykind)
    update_axes(ax, xincrease, yincrease, xscale, yscale, xticks, yticks, xlim, ylim)
    return lines


def step(darray: Any, *args: Any, where: str = "pre", drawstyle: str | None = None,
         ds: str | None = None, **kwargs: Any) -> Any:
    """Step plot: :func:`line` with ``drawstyle="steps-<where>"``.

    Parameters
    ----------
    where : {"pre", "post", "mid"}, default: "pre"
        Where the step happens relative to each x value.
    **kwargs
        As for :func:`line`.

    Examples
    --------
    >>> import labarray as xr
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> xr.DataArray([1.0, 3.0, 2.0], dims="x").plot.step()[0].get_drawstyle()
    'steps-pre'
    """
    if where not in ("pre", "post", "mid"):
        raise ValueError(f"where must be one of 'pre', 'post', 'mid', got {where!r}")
    if drawstyle is not None or ds is not None:
        raise TypeError("step() sets the drawstyle itself from where=; do not pass drawstyle/ds")
    return line(darray, *args, drawstyle="steps-" + where, **kwargs)


def hist(
    darray: Any,
    *args: Any,
    figsize: Any = None,
    size: float | None = None,
    aspect: float | None = None,
    ax: Any = None,
    xincrease: bool | None = None,
    yincrease: bool | None = None,
    xscale: str | None = None,
    yscale: str | None = None,
    xticks: Any = None,
    yticks: Any = None,
    xlim: Any = None,
    ylim: Any = None,
    **kwargs: Any,
) -> tuple[np.ndarray, np.ndarray, Any]:
    """Histogram of all the values of ``darray`` (any number of dimensions; NaN are dropped).

    Parameters
    ----------
    darray : DataArray
    figsize, size, aspect, ax
        Where to draw.
    xincrease, yincrease, xscale, yscale, xticks, yticks, xlim, ylim
        Axes settings.
    **kwargs
        Passed to ``Axes.hist`` (``bins=``, ``density=``, ``range=`` ...).

    Returns
    -------
    (n, bins, patches)
        As ``Axes.hist``.

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> n, bins, patches = xr.DataArray([1.0, np.nan, 2.0, 2.0], dims="x").plot.hist(bins=2)
    >>> n.tolist()
    [1.0, 2.0]
    """
    _no_data_check(darray)
    ax = get_axis(figsize, size, aspect, ax)
    values = np.ravel(np.asarray(darray.values))
    if values.dtype.kind in "fc":
        values = values[~np.isnan(values)]
    elif values.dtype.kind == "M":
        values = values[~np.isnat(values)]
    elif values.dtype.kind not in "biu":
        raise TypeError(f"a histogram needs numeric or datetime data, got dtype {values.dtype}")
    n, bins, patches = ax.hist(values, *args, **kwargs)
    ax.set_title(title_for_slice(darray))
    ax.set_xlabel(label_from_attrs(darray))
    update_axes(ax, xincrease, yincrease, xscale, yscale, xticks, yticks, xlim, ylim)
    return n, bins, patches


# ----------------------------------------------------------------------------- 2-D plots


def _draw_pcolormesh(ax: Any, x: np.ndarray, y: np.ndarray, z: Any, xscale: str | None = None,
                     yscale: str | None = None, infer_intervals: bool | None = None, **kwargs: Any) -> Any:
    if infer_intervals is None:
        infer_intervals = True
    if any(v.dtype.kind in "US" for v in (x, y)):
        infer_intervals = False  # categorical axes have no cell edges
    if infer_intervals:
        if x.ndim == 1 and x.shape[0] == z.shape[1]:
            x = infer_interval_breaks(x, scale=xscale)
        elif x.ndim == 2 and x.shape[1] == z.shape[1]:
            x = infer_interval_breaks(infer_interval_breaks(x, axis=1, scale=xscale), axis=0, scale=xscale)
        if y.ndim == 1 and y.shape[0] == z.shape[0]:
            y = infer_interval_breaks(y, scale=yscale)
        elif y.ndim == 2 and y.shape[0] == z.shape[0]:
            y = infer_interval_breaks(infer_interval_breaks(y, axis=1, scale=yscale), axis=0, scale=yscale)
    ax.grid(False)
    primitive = ax.pcolormesh(x, y, z, **kwargs)
    if x.ndim == 1 and y.ndim == 1 and x.dtype.kind not in "USO" and y.dtype.kind not in "USO":
        # pcolormesh rounds the view to nice numbers; show exactly the cells instead
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(y[0], y[-1])
    return primitive


def _draw_contourf(ax: Any, x: np.ndarray, y: np.ndarray, z: Any, **kwargs: Any) -> Any:
    return ax.contourf(x, y, z, **kwargs)


def _draw_contour(ax: Any, x: np.ndarray, y: np.ndarray, z: Any, **kwargs: Any) -> Any:
    return ax.contour(x, y, z, **kwargs)


def _pixel_extent(v: np.ndarray) -> tuple[Any, Any]:
    if v.dtype.kind in "US":
        return -0.5, len(v) - 0.5
    step = 0.5 * (v[1] - v[0]) if len(v) > 1 else 0.1
    return v[0] - step, v[-1] + step


def _draw_imshow(ax: Any, x: np.ndarray, y: np.ndarray, z: Any, **kwargs: Any) -> Any:
    if x.ndim != 1 or y.ndim != 1:
        raise ValueError("imshow needs 1-D coordinates; use pcolormesh or contourf for 2-D coordinates")
    left, right = _pixel_extent(x)
    top, bottom = _pixel_extent(y)
    options: dict[str, Any] = {"origin": "upper", "interpolation": "nearest", "aspect": "auto"}
    options.update(kwargs)
    options["extent"] = [left, right, bottom, top] if options["origin"] == "upper" else [left, right, top, bottom]
    primitive = ax.imshow(z, **options)
    for axis, v in (("x", x), ("y", y)):
        if v.dtype.kind in "US":
            getattr(ax, f"set_{axis}ticks")(np.arange(len(v)))
            getattr(ax, f"set_{axis}ticklabels")(v)
    return primitive


_DRAWERS = {
    "pcolormesh": _draw_pcolormesh,
    "contourf": _draw_contourf,
    "contour": _draw_contour,
    "imshow": _draw_imshow,
}


def _plot2d(
    kind: str,
    darray: Any,
    x: Hashable | None = None,
    y: Hashable | None = None,
    *,
    figsize: Any = None,
    size: float | None = None,
    aspect: float | None = None,
    ax: Any = None,
    row: Hashable | None = None,
    col: Hashable | None = None,
    col_wrap: int | None = None,
    xincrease: bool | None = True,
    yincrease: bool | None = True,
    add_colorbar: bool | None = None,
    add_labels: bool = True,
    vmin: float | None = None,
    vmax: float | None = None,
    cmap: Any = None,
    center: float | bool | None = None,
    robust: bool = False,
    extend: str | None = None,
    levels: Any = None,
    infer_intervals: bool | None = None,
    colors: Any = None,
    subplot_kws: dict[str, Any] | None = None,
    cbar_ax: Any = None,
    cbar_kwargs: dict[str, Any] | None = None,
    xscale: str | None = None,
    yscale: str | None = None,
    xticks: Any = None,
    yticks: Any = None,
    xlim: Any = None,
    ylim: Any = None,
    norm: Any = None,
    _cmap_params: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Any:
    _user_add_colorbar = add_colorbar
    if add_colorbar is None:
        add_colorbar = kind != "contour"
    if row is not None or col is not None:
        if ax is not None:
            raise ValueError("ax cannot be used with row= or col= (a FacetGrid makes its own axes)")
        grid = FacetGrid(darray, col=col, row=row, col_wrap=col_wrap, figsize=figsize, size=size,
                         aspect=aspect, subplot_kws=subplot_kws)
        return grid.map_dataarray(
            _PLOT2D_FUNCS[kind], x, y, xincrease=xincrease, yincrease=yincrease,
            add_colorbar=add_colorbar, add_labels=add_labels, vmin=vmin, vmax=vmax, cmap=cmap,
            center=center, robust=robust, extend=extend, levels=levels,
            infer_intervals=infer_intervals, colors=colors, cbar_kwargs=cbar_kwargs,
            xscale=xscale, yscale=yscale, xticks=xticks, yticks=yticks, xlim=xlim, ylim=ylim,
            norm=norm, **kwargs,
        )
    _no_data_check(darray)
    rgb = kwargs.pop("rgb", None)
    if rgb is not None and kind != "imshow":
        raise ValueError(f"rgb= is only used by imshow, not {kind}")
    if kind == "imshow" and darray.ndim == 3:
        if add_colorbar and _user_add_colorbar is True:
            raise ValueError("an RGB image has no colorbar; drop add_colorbar=True")
        return _imshow_rgb(
            darray, x, y, rgb, ax=get_axis(figsize, size, aspect, ax, **(subplot_kws or {})),
            vmin=vmin, vmax=vmax, robust=robust, add_labels=add_labels, xincrease=xincrease,
            yincrease=yincrease, xscale=xscale, yscale=yscale, xticks=xticks, yticks=yticks,
            xlim=xlim, ylim=ylim, **kwargs,
        )
    if rgb is not None:
        raise ValueError(f"rgb= needs 3-D data (y, x, colour), got {darray.ndim} dimensions")
    if darray.ndim != 2:
        raise ValueError(
            f"{kind} needs 2-D data, got {darray.ndim} dimensions ({format_names(darray.dims)}); "
            "select or reduce the others first (e.g. .isel(time=0)) or facet them with col=/row="
        )
    if cmap is not None and colors is not None:
        raise ValueError("give cmap or colors, not both")
    if colors is not None and "contour" not in kind and levels is None:
        raise ValueError(f"colors= needs levels= for {kind} (or use contour/contourf)")
    if isinstance(cmap, (list, tuple)):
        raise ValueError("cmap must be a colormap or its name; pass a list of colours as colors=")
    xlab, ylab = infer_xy_labels(darray, x, y)
    xval, yval = darray[xlab], darray[ylab]
    if xval.ndim > 1 or yval.ndim > 1:
        xval = xval.broadcast_like(darray).transpose(*darray.dims)
        yval = yval.broadcast_like(darray).transpose(*darray.dims)
    else:
        order = (yval.dims[0], xval.dims[0])
        if order[0] == order[1]:
            raise ValueError(f"x={xlab!r} and y={ylab!r} lie along the same dimension {order[0]!r}")
        if order != tuple(darray.dims):
            darray = darray.transpose(*order)
    interval_mode = "bounds" if kind == "pcolormesh" else "mid"
    xplt, xkind = plottable_values(xval.values, interval_mode)
    yplt, ykind = plottable_values(yval.values, interval_mode)
    values = np.asarray(darray.values)
    if values.dtype.kind not in "biuf":
        raise TypeError(f"{kind} needs numeric data, got dtype {values.dtype}")
    zval = np.ma.masked_invalid(values) if values.dtype.kind == "f" else np.ma.asarray(values)
    if _cmap_params is None:
        cmap_params = determine_cmap_params(
            values, vmin=vmin, vmax=vmax, cmap=colors or cmap, center=center, robust=robust,
            extend=extend, levels=levels, filled=kind != "contour", norm=norm,
        )
    else:
        cmap_params = _cmap_params
    if "contour" in kind:
        kwargs["extend"] = cmap_params["extend"]
        kwargs["levels"] = cmap_params["levels"]
        if colors is not None:
            cmap_params = {**cmap_params, "cmap": None}
            kwargs["colors"] = colors
    if kind == "pcolormesh":
        kwargs.update(infer_intervals=infer_intervals, xscale=xscale, yscale=yscale)
    elif infer_intervals is not None:
        raise ValueError(f"infer_intervals is only used by pcolormesh, not {kind}")
    subplot_kws = subplot_kws or {}
    ax = get_axis(figsize, size, aspect, ax, **subplot_kws)
    primitive = _DRAWERS[kind](
        ax, xplt, yplt, zval, cmap=cmap_params["cmap"], vmin=cmap_params["vmin"],
        vmax=cmap_params["vmax"], norm=cmap_params["norm"], **kwargs,
    )
    if add_labels:
        centre = "_center" if interval_mode == "mid" else ""
        ax.set_xlabel(label_from_attrs(darray[xlab], centre if xkind == "interval" else ""))
        ax.set_ylabel(label_from_attrs(darray[ylab], centre if ykind == "interval" else ""))
        ax.set_title(title_for_slice(darray))
    cbar_kwargs = dict(cbar_kwargs or {})
    if add_colorbar:
        if add_labels:
            cbar_kwargs.setdefault("label", label_from_attrs(darray))
        add_colorbar_to(primitive, ax, cbar_ax, cbar_kwargs, cmap_params["extend"])
    elif cbar_ax is not None or cbar_kwargs:
        raise ValueError("cbar_ax and cbar_kwargs need add_colorbar=True")
    if "origin" in kwargs:
        yincrease = None
    update_axes(ax, xincrease, yincrease, xscale, yscale, xticks, yticks, xlim, ylim)
    set_time_axis(ax, "x", xplt, xkind)
    set_time_axis(ax, "y", yplt, ykind)
    return primitive


def _rgb_dims(darray: Any, x: Hashable | None, y: Hashable | None, rgb: Hashable | None) -> tuple[Hashable, Hashable, Hashable]:
    """Choose the colour dimension of a 3-D image (size 3 or 4, the last one if several) and x/y."""
    for name, argument in ((x, "x"), (y, "y")):
        if name is not None:
            check_plot_name(darray, name, argument, dims_only=True)
    if rgb is not None:
        check_plot_name(darray, rgb, "rgb", dims_only=True)
    else:
        candidates = [d for d in darray.dims if darray.sizes[d] in (3, 4) and d not in (x, y)]
        if not candidates:
            raise ValueError(
                "a 3-D imshow needs a colour dimension of size 3 (RGB) or 4 (RGBA); sizes are "
                + ", ".join(f"{d}: {n}" for d, n in darray.sizes.items())
                + "; pass rgb= or select a 2-D slice"
            )
        rgb = candidates[-1]
        if len(candidates) > 1:
            warn(
                f"several dimensions could be the colour bands ({format_names(candidates)}); using "
                f"the last one, {rgb!r}; pass rgb= (and x=, y=) to choose",
                stacklevel=5,
            )
    if darray.sizes[rgb] not in (3, 4):
        raise ValueError(f"rgb={rgb!r} must have size 3 or 4, it has {darray.sizes[rgb]}")
    if rgb in (x, y):
        raise ValueError(f"rgb={rgb!r} cannot also be x or y")
    x, y = infer_xy_labels(darray.isel({rgb: 0}), x, y)
    return x, y, rgb


def _imshow_rgb(darray: Any, x: Hashable | None, y: Hashable | None, rgb: Hashable | None, *, ax: Any,
                vmin: float | None, vmax: float | None, robust: bool, add_labels: bool,
                xincrease: bool | None, yincrease: bool | None, xscale: str | None, yscale: str | None,
                xticks: Any, yticks: Any, xlim: Any, ylim: Any, **kwargs: Any) -> Any:
    xlab, ylab, rgb = _rgb_dims(darray, x, y, rgb)
    darray = darray.transpose(ylab, xlab, rgb)
    values = np.asarray(darray.values)
    if values.dtype.kind not in "biuf":
        raise TypeError(f"imshow needs numeric data, got dtype {values.dtype}")
    if robust or vmin is not None or vmax is not None:
        # one scale and offset for all bands, unlike matplotlib which ignores vmin/vmax for RGB
        finite = values[np.isfinite(values)].astype(float)
        if robust:
            vmax = np.percentile(finite, 100 - ROBUST_PERCENTILE) if vmax is None else vmax
            vmin = np.percentile(finite, ROBUST_PERCENTILE) if vmin is None else vmin
        if vmax is None:
            vmax = 255.0 if values.dtype.kind in "iu" else 1.0
        if vmin is None:
            vmin = 0.0
        if vmin >= vmax:
            raise ValueError(f"vmin={vmin!r} must be below vmax={vmax!r} for an RGB image")
        values = np.clip((values.astype(float) - vmin) / (vmax - vmin), 0.0, 1.0)
    z = np.ma.masked_invalid(values) if values.dtype.kind == "f" else np.ma.asarray(values)
    if z.shape[-1] == 3:  # add an alpha band so that missing pixels can be transparent
        alpha = np.ma.ones(z.shape[:2] + (1,), dtype=np.promote_types(z.dtype, np.uint8))
        if z.dtype.kind in "iu":
            alpha[:] = 255
        z = np.ma.concatenate((z, alpha), axis=2)
    else:
        z = z.copy()
    z[np.any(np.ma.getmaskarray(z), axis=-1), -1] = 0
    xplt, xkind = plottable_values(darray[xlab].values)
    yplt, ykind = plottable_values(darray[ylab].values)
    primitive = _draw_imshow(ax, xplt, yplt, z, **kwargs)
    if add_labels:
        ax.set_xlabel(label_from_attrs(darray[xlab]))
        ax.set_ylabel(label_from_attrs(darray[ylab]))
        ax.set_title(title_for_slice(darray))
    update_axes(ax, xincrease, None if "origin" in kwargs else yincrease, xscale, yscale, xticks, yticks,
                xlim, ylim)
    set_time_axis(ax, "x", xplt, xkind)
    set_time_axis(ax, "y", yplt, ykind)
    return primitive


add_colorbar_to = add_colorbar  # the parameter ``add_colorbar`` shadows the helper inside _plot2d

_COMMON_2D_DOC = """
    Parameters
    ----------
    darray : DataArray
        2-D data (per facet).
    x, y : Hashable, optional
        Dimensions or coordinates (1-D or 2-D, like ``lon``/``lat`` of a curvilinear grid) for
        the axes; by default y is the first dimension and x the second.
    figsize, size, aspect, ax
        Where to draw: a new figure, or the given/current axes.
    row, col, col_wrap
        Facet on these dimensions (returns a :class:`FacetGrid` with a shared colorbar).
    xincrease, yincrease : bool or None, default: True
        Direction of the axes (``None`` keeps matplotlib's).
    add_colorbar : bool, optional
        Draw a colorbar (default: True except for ``contour``).
    add_labels : bool, default: True
        Label axes and colorbar from the attributes and title from the scalar coordinates.
    vmin, vmax : float, optional
        Colour limits; with only one given and diverging data the other is its mirror.
    cmap : str or Colormap, optional
        Default ``"viridis"``, or ``"RdBu_r"`` for data straddling 0 or when ``center`` is given.
    center : float or False, optional
        Value at the centre of a diverging colormap; ``False`` forbids a diverging colormap.
    robust : bool, default: False
        Colour limits from the 2nd and 98th percentiles instead of the extremes.
    extend : {"neither", "both", "min", "max"}, optional
        Colorbar arrows; inferred from the limits and the data.
    levels : int or sequence of float, optional
        Discrete colour levels (a count of "nice" levels, or the levels themselves).
    infer_intervals : bool, optional
        pcolormesh only: pass cell edges inferred from the centres (default True).
    colors : color or list of colors, optional
        Colours of the levels (contour/contourf, or with ``levels``).
    subplot_kws, cbar_ax, cbar_kwargs
        Keyword arguments for new subplots; axes for the colorbar; arguments of ``colorbar``.
    xscale, yscale, xticks, yticks, xlim, ylim
        Axes settings.
    norm : matplotlib Normalize, optional
    **kwargs
        Passed to the matplotlib function.
"""


def pcolormesh(darray: Any, x: Hashable | None = None, y: Hashable | None = None, **kwargs: Any) -> Any:
    return _plot2d("pcolormesh", darray, x, y, **kwargs)


def contourf(darray: Any, x: Hashable | None = None, y: Hashable | None = None, **kwargs: Any) -> Any:
    return _plot2d("contourf", darray, x, y, **kwargs)


def contour(darray: Any, x: Hashable | None = None, y: Hashable | None = None, **kwargs: Any) -> Any:
    return _plot2d("contour", darray, x, y, **kwargs)


def imshow(darray: Any, x: Hashable | None = None, y: Hashable | None = None, **kwargs: Any) -> Any:
    return _plot2d("imshow", darray, x, y, **kwargs)


_SUMMARIES = {
    "pcolormesh": ("Pseudocolour plot of 2-D data (``Axes.pcolormesh``), cells centred on the coordinates.",
                   "QuadMesh"),
    "contourf": ("Filled contours of 2-D data (``Axes.contourf``).", "QuadContourSet"),
    "contour": ("Contour lines of 2-D data (``Axes.contour``); no colorbar by default.", "QuadContourSet"),
    "imshow": ("Image of 2-D data on a regular grid (``Axes.imshow``), pixels centred on the coordinates; "
               "the y axis increases upwards.", "AxesImage"),
}

for _kind, _func in (("pcolormesh", pcolormesh), ("contourf", contourf), ("contour", contour), ("imshow", imshow)):
    _summary, _artist = _SUMMARIES[_kind]
    _func.__doc__ = (
        f"{_summary}\n{_COMMON_2D_DOC}\n    Returns\n    -------\n    {_artist} or FacetGrid\n\n"
        "    Examples\n    --------\n    >>> import numpy as np\n    >>> import labarray as xr\n"
        "    >>> import matplotlib\n    >>> matplotlib.use(\"Agg\")\n"
        "    >>> da = xr.DataArray(np.arange(6.0).reshape(2, 3), dims=(\"lat\", \"lon\"), name=\"t\")\n"
        f"    >>> artist = da.plot.{_kind}()\n    >>> type(artist).__name__\n    '{_artist}'\n"
    )

_PLOT2D_FUNCS = {"pcolormesh": pcolormesh, "contourf": contourf, "contour": contour, "imshow": imshow}
