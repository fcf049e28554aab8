"""``Dataset.plot.scatter``: one variable against another, optionally coloured by a third."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

from labarray.plot.utils import (
    get_axis,
    label_from_attrs,
    plottable_values,
    set_time_axis,
    title_for_slice,
    update_axes,
)
from labarray.utils.suggest import did_you_mean, format_names

__all__ = ["scatter"]


def _dataset_member(ds: Any, name: Hashable | None, argument: str) -> Any:
    valid = list(dict.fromkeys([*ds.data_vars, *ds.coords, *ds.dims]))
    if name is None or name not in valid:
        if name is None:
            raise ValueError(f"scatter needs {argument}=, one of: {format_names(valid)}")
        message = (
            f"{argument}={name!r} is not a variable, coordinate or dimension of the Dataset; "
            f"existing: {format_names(valid)}"
        )
        hint = did_you_mean(name, valid)
        raise ValueError(message + (f"; {hint}" if hint else ""))
    return ds[name]


def scatter(
    ds: Any,
    *args: Any,
    x: Hashable | None = None,
    y: Hashable | None = None,
    hue: Hashable | None = None,
    ax: Any = None,
    figsize: Any = None,
    size: float | None = None,
    aspect: float | None = None,
    add_legend: bool | None = None,
    add_colorbar: bool | None = None,
    add_labels: bool = True,
    cmap: Any = None,
    vmin: float | None = None,
    vmax: float | None = None,
    cbar_kwargs: dict[str, Any] | None = None,
    xincrease: bool | None = None,
    yincrease: bool | None = None,
    xscale: str | None = None,
    yscale: str | None = None,
    xlim: Any = None,
    ylim: Any = None,
    **kwargs: Any,
) -> Any:
    """Scatter plot of variable ``y`` against ``x``, coloured by ``hue``.

    All three are broadcast against each other by dimension name and flattened. A numeric
    ``hue`` is colour-mapped with a colorbar labelled from its attributes; other values (strings)
    get one colour each and a legend titled by the hue name.

    Parameters
    ----------
    ds : Dataset
    x, y : Hashable
        Names of variables or coordinates of ``ds``.
    hue : Hashable, optional
        Variable or coordinate colouring the points.
    ax, figsize, size, aspect
        Where to draw.
    add_legend, add_colorbar : bool, optional
        Legend (categorical hue) or colorbar (numeric hue); both drawn by default when they apply.
    add_labels : bool, default: True
        Label the axes from the attributes and title from the scalar coordinates.
    cmap, vmin, vmax : optional
        Colour mapping of a numeric ``hue``.
    cbar_kwargs : dict, optional
        Passed to ``Figure.colorbar``.
    xincrease, yincrease, xscale, yscale, xlim, ylim
        Axes settings.
    **kwargs
        Passed to ``Axes.scatter`` (``s=``, ``marker=`` ...).

    Returns
    -------
    PathCollection

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ds = xr.Dataset({"a": ("t", [1.0, 2.0]), "b": ("t", [3.0, 1.0])})
    >>> pts = ds.plot.scatter(x="a", y="b")
    >>> pts.get_offsets().tolist()
    [[1.0, 3.0], [2.0, 1.0]]
    """
    xda = _dataset_member(ds, x, "x")
    yda = _dataset_member(ds, y, "y")
    hda = _dataset_member(ds, hue, "hue") if hue is not None else None
    members = [xda, yda] + ([hda] if hda is not None else [])
    dims = list(dict.fromkeys(d for m in members for d in m.dims))
    sizes = {d: n for m in members for d, n in m.sizes.items()}

    def flat(da: Any) -> np.ndarray:
        values = np.asarray(da.values)
        order = [dims.index(d) for d in da.dims]
        expanded = values.reshape(values.shape + (1,) * (len(dims) - values.ndim))
        expanded = np.moveaxis(expanded, list(range(values.ndim)), order) if values.ndim else expanded
        return np.broadcast_to(expanded, tuple(sizes[d] for d in dims)).ravel()

    xvals, xkind = plottable_values(flat(xda))
    yvals, ykind = plottable_values(flat(yda))
    ax = get_axis(figsize, size, aspect, ax)
    if hda is None:
        if add_colorbar or cbar_kwargs:
            raise ValueError("add_colorbar/cbar_kwargs need a numeric hue=")
        primitive = ax.scatter(xvals, yvals, *args, **kwargs)
    else:
        hvals = flat(hda)
        if hvals.dtype.kind in "biuf":
            if add_legend:
                raise ValueError(f"hue={hue!r} is numeric: it gets a colorbar, not a legend")
            primitive = ax.scatter(xvals, yvals, *args, c=hvals, cmap=cmap, vmin=vmin, vmax=vmax, **kwargs)
            if add_colorbar is None or add_colorbar:
                cbar_kwargs = dict(cbar_kwargs or {})
                if add_labels:
                    cbar_kwargs.setdefault("label", label_from_attrs(hda))
                cbar_kwargs.setdefault("ax", ax)
                ax.get_figure().colorbar(primitive, **cbar_kwargs)
        else:
            if add_colorbar:
                raise ValueError(f"hue={hue!r} is not numeric: it gets a legend, not a colorbar")
            categories, codes = np.unique(hvals.astype(str), return_inverse=True)
            import matplotlib as mpl

            colormap = mpl.colormaps[cmap] if isinstance(cmap, str) else (cmap or mpl.colormaps["tab10"])
            palette = colormap(np.linspace(0, 1, len(categories))) if colormap.N > 20 else colormap(
                np.arange(len(categories)) % colormap.N
            )
            primitive = ax.scatter(xvals, yvals, *args, c=palette[codes], **kwargs)
            if add_legend is None or add_legend:
                from matplotlib.lines import Line2D

                handles = [Line2D([], [], linestyle="", marker="o", color=palette[i]) for i in range(len(categories))]
                ax.legend(handles=handles, labels=list(categories), title=label_from_attrs(hda))
    if add_labels:
        ax.set_xlabel(label_from_attrs(xda))
        ax.set_ylabel(label_from_attrs(yda))
        ax.set_title(title_for_slice(ds[y]))
    set_time_axis(ax, "x", xvals, xkind)
    set_time_axis(ax, "y", yvals, ykind)
    update_axes(ax, xincrease, yincrease, xscale, yscale, None, None, xlim, ylim)
    return primitive
