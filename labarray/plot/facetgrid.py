"""``FacetGrid``: one small plot per value of the ``row``/``col`` dimensions, on a grid of axes.

The plotting functions are handed to the grid (``map_dataarray(pcolormesh, ...)``), so this
module does not import them and has no import cycle with :mod:`labarray.plot.dataarray_plot`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

from labarray.plot.linedata import infer_line_data
from labarray.plot.utils import (
    check_plot_name,
    determine_cmap_params,
    format_item,
    import_matplotlib,
    infer_xy_labels,
    label_from_attrs,
)

__all__ = ["FacetGrid"]


def _nice_value(value: Any) -> str:
    return format_item(np.asarray(value)).strip("'")


class FacetGrid:
    """A grid of axes, one per value of ``col`` (and ``row``), for faceted plots.

    Parameters
    ----------
    data : DataArray
        The data to split into facets.
    col, row : Hashable, optional
        Dimensions whose values make the columns and rows.
    col_wrap : int, optional
        Wrap the columns after this many facets (``col`` only).
    sharex, sharey : bool, default: True
        Share the axes' limits.
    figsize : (float, float), optional
        Size of the whole figure; by default ``size`` inches per facet.
    size, aspect : float, optional
        Height of one facet (default 3 inches) and width/height ratio (default 1).
    subplot_kws : dict, optional
        Keyword arguments of the subplots.

    Attributes
    ----------
    axs : ndarray of Axes
        The axes, shape ``(nrow, ncol)``.
    fig : Figure
    name_dicts : ndarray of dict or None
        The labels selected for each axes (``None`` for unused axes of a wrapped grid).
    cbar : Colorbar or None
        The shared colorbar once drawn.

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> da = xr.DataArray(np.random.rand(2, 3, 4), dims=("time", "y", "x"))
    >>> g = da.plot.pcolormesh(col="time")
    >>> g.axs.shape
    (1, 2)
    """

    def __init__(
        self,
        data: Any,
        col: Hashable | None = None,
        row: Hashable | None = None,
        col_wrap: int | None = None,
        sharex: bool = True,
        sharey: bool = True,
        figsize: Any = None,
        aspect: float | None = None,
        size: float | None = None,
        subplot_kws: dict[str, Any] | None = None,
    ) -> None:
        plt = import_matplotlib()
        if col is None and row is None:
            raise ValueError("a FacetGrid needs col= or row=")
        if col is not None and col == row:
            raise ValueError(f"row and col must be different dimensions, got both {col!r}")
        for name, argument in ((col, "col"), (row, "row")):
            if name is not None:
                check_plot_name(data, name, argument, dims_only=True)
        if col_wrap is not None:
            if row is not None:
                raise ValueError("col_wrap cannot be used together with row=")
            if not isinstance(col_wrap, (int, np.integer)) or col_wrap < 1:
                raise ValueError(f"col_wrap must be a positive integer, got {col_wrap!r}")
        col_names = np.asarray(data[col].values) if col is not None else None
        row_names = np.asarray(data[row].values) if row is not None else None
        ncol_values = len(col_names) if col_names is not None else 1
        nrow_values = len(row_names) if row_names is not None else 1
        if col is not None and row is None and col_wrap is not None:
            ncol = min(int(col_wrap), ncol_values)
            nrow = int(np.ceil(ncol_values / ncol))
        else:
            ncol, nrow = ncol_values, nrow_values
        if size is None:
            size = 3.0
        if aspect is None:
            aspect = 1.0
        if figsize is None:
            cbar_space = 1.0
            figsize = (ncol * size * aspect + cbar_space, nrow * size)
        fig, axs = plt.subplots(nrow, ncol, sharex=sharex, sharey=sharey, squeeze=False,
                                figsize=figsize, subplot_kw=subplot_kws)
        positions: list[dict[Hashable, int] | None] = []
        if row is not None and col is not None:
            positions = [{row: r, col: c} for r, c in itertools.product(range(nrow_values), range(ncol_values))]
        elif row is not None:
            positions = [{row: r} for r in range(nrow_values)]
        else:
            positions = [{col: c} for c in range(ncol_values)]
        positions += [None] * (nrow * ncol - len(positions))
        self.data = data
        self.fig = fig
        self.axs = axs
        self.row_names = row_names
        self.col_names = col_names
        self._positions = np.array(positions, dtype=object).reshape(nrow, ncol)
        self.name_dicts = np.empty((nrow, ncol), dtype=object)
        for index, pos in np.ndenumerate(self._positions):
            self.name_dicts[index] = (
                None if pos is None else {d: np.asarray(data[d].values)[i] for d, i in pos.items()}
            )
        self._row_var = row
        self._col_var = col
        self._col_wrap = col_wrap
        self._x_var: Hashable | None = None
        self._y_var: Hashable | None = None
        self._hue_var: Hashable | None = None
        self._mappables: list[Any] = []
        self._cmap_extend: str | None = None
        self.cbar: Any = None
        self.figlegend: Any = None
        for ax, pos in zip(self.axs.flat, self._positions.flat, strict=True):
            if pos is None:
                ax.set_visible(False)

    # ------------------------------------------------------------------------- iteration

    def _facets(self) -> list[tuple[Any, Any]]:
        out = []
        for ax, pos in zip(self.axs.flat, self._positions.flat, strict=True):
            if pos is not None:
                out.append((ax, self.data.isel(pos)))
        return out

    @property
    def _left_axes(self) -> np.ndarray:
        return self.axs[:, 0]

    @property
    def _bottom_axes(self) -> list[Any]:
        bottom = []
        nrow, ncol = self.axs.shape
        for c in range(ncol):
            for r in range(nrow - 1, -1, -1):
                if self._positions[r, c] is not None:
                    bottom.append(self.axs[r, c])
                    break
        return bottom

    # ------------------------------------------------------------------------- mapping

    def map_dataarray(self, func: Callable[..., Any], x: Hashable | None, y: Hashable | None,
                      **kwargs: Any) -> FacetGrid:
        """Draw ``func`` (a 2-D plotting function) on every facet with shared colour limits.

        Parameters
        ----------
        func : callable
            ``pcolormesh``, ``contourf``, ``contour`` or ``imshow`` of :mod:`labarray.plot`.
        x, y : Hashable, optional
            Axes coordinates, as for the plotting function.
        **kwargs
            Passed to ``func``; ``add_colorbar``/``cbar_kwargs`` draw one shared colorbar.

        Returns
        -------
        FacetGrid
        """
        kind = getattr(func, "__name__", "")
        add_colorbar = kwargs.pop("add_colorbar", None)
        if add_colorbar is None:
            add_colorbar = kind != "contour"
        add_labels = kwargs.pop("add_labels", True)
        cbar_kwargs = dict(kwargs.pop("cbar_kwargs", None) or {})
        if kwargs.get("cmap") is not None and kwargs.get("colors") is not None:
            raise ValueError("give cmap or colors, not both")
        values = np.asarray(self.data.values)
        if values.dtype.kind not in "biuf":
            raise TypeError(f"{kind} needs numeric data, got dtype {values.dtype}")
        cmap_params = determine_cmap_params(
            values, vmin=kwargs.pop("vmin", None), vmax=kwargs.pop("vmax", None),
            cmap=kwargs.get("colors") or kwargs.pop("cmap", None), center=kwargs.pop("center", None),
            robust=kwargs.pop("robust", False), extend=kwargs.pop("extend", None),
            levels=kwargs.pop("levels", None), filled=kind != "contour", norm=kwargs.pop("norm", None),
        )
        first = self._facets()[0][1]
        x, y = infer_xy_labels(first, x, y)
        for ax, subset in self._facets():
            mappable = func(subset, x=x, y=y, ax=ax, add_colorbar=False, add_labels=False,
                            _cmap_params=cmap_params, **kwargs)
            self._mappables.append(mappable)
        self._x_var, self._y_var = x, y
        self._cmap_extend = cmap_params["extend"]
        if add_labels:
            self.set_axis_labels(label_from_attrs(self.data[x]), label_from_attrs(self.data[y]))
            self.set_titles()
        if add_colorbar:
            if add_labels:
                cbar_kwargs.setdefault("label", label_from_attrs(self.data))
            self.add_colorbar(**cbar_kwargs)
        elif cbar_kwargs:
            raise ValueError("cbar_kwargs need add_colorbar=True")
        return self

    def map_dataarray_line(self, func: Callable[..., Any], *args: Any, x: Hashable | None = None,
                           y: Hashable | None = None, hue: Hashable | None = None,
                           add_legend: bool = True, **kwargs: Any) -> FacetGrid:
        """Draw the line plot ``func`` on every facet, with one legend for the figure.

        Returns
        -------
        FacetGrid
        """
        if hue is not None:
            check_plot_name(self.data, hue, "hue")
        first_lines = None
        xlabel = ylabel = ""
        hue_label = ""
        hue_values = None
        for ax, subset in self._facets():
            lines = func(subset, *args, x=x, y=y, hue=hue, ax=ax, add_legend=False, _labels=False, **kwargs)
            self._mappables.append(lines)
            if first_lines is None:
                first_lines = lines
                xplt, yplt, hueplt, hue_label = infer_line_data(subset, x, y, hue)
                xlabel, ylabel = label_from_attrs(xplt), label_from_attrs(yplt)
                if hueplt is not None:
                    hue_values = [str(v) for v in np.asarray(hueplt.values)]
                    self._hue_var = hueplt.name
        self._x_var, self._y_var = x, y
        self.set_axis_labels(xlabel, ylabel)
        self.set_titles()
        if add_legend and hue_values is not None and first_lines is not None:
            self.add_legend(first_lines, hue_values, hue_label)
        return self

    # ------------------------------------------------------------------------- decorations

    def add_colorbar(self, **kwargs: Any) -> None:
        """Draw one colorbar for all facets (keyword arguments go to ``Figure.colorbar``)."""
        if not self._mappables:
            raise ValueError("nothing is drawn yet: call map_dataarray before add_colorbar")
        kwargs = dict(kwargs)
        mappable = self._mappables[-1]
        if not hasattr(mappable, "extend") and self._cmap_extend is not None:
            kwargs.setdefault("extend", self._cmap_extend)
        kwargs.setdefault("ax", [ax for ax in self.axs.flat if ax.get_visible()])
        self.cbar = self.fig.colorbar(mappable, **kwargs)

    def add_legend(self, handles: list[Any], labels: list[str], title: str = "", **kwargs: Any) -> None:
        """Add one legend to the right of the figure."""
        kwargs.setdefault("loc", "center right")
        self.figlegend = self.fig.legend(handles=handles, labels=labels, title=title, **kwargs)

    def set_axis_labels(self, x_label: str | None = None, y_label: str | None = None) -> None:
        """Label the x axes of the bottom row and the y axes of the left column."""
        if x_label is not None:
            self.set_xlabels(x_label)
        if y_label is not None:
            self.set_ylabels(y_label)

    def set_xlabels(self, label: str) -> None:
        """Label the x axes of the bottom facets."""
        for ax in self._bottom_axes:
            ax.set_xlabel(label)

    def set_ylabels(self, label: str) -> None:
        """Label the y axes of the left facets."""
        for ax in self._left_axes:
            ax.set_ylabel(label)

    def set_xlim(self, *args: Any, **kwargs: Any) -> None:
        """Set the x limits of every facet."""
        for ax in self.axs.flat:
            ax.set_xlim(*args, **kwargs)

    def set_ylim(self, *args: Any, **kwargs: Any) -> None:
        """Set the y limits of every facet."""
        for ax in self.axs.flat:
            ax.set_ylim(*args, **kwargs)

    def set_titles(self, template: str = "{coord} = {value}", maxchar: int = 30, size: Any = None) -> None:
        """Title the facets: ``"time = 2000-01-01"``; with rows and columns, rows are labelled on the right.

        Parameters
        ----------
        template : str, default: "{coord} = {value}"
            Format of one title.
        maxchar : int, default: 30
            Titles longer than this are cut.
        size : optional
            Font size.
        """
        font = {} if size is None else {"size": size}

        def text(name: Hashable, value: Any) -> str:
            title = template.format(coord=name, value=_nice_value(value))
            return title if len(title) <= maxchar else title[: maxchar - 3] + "..."

        if self.row_names is not None and self.col_names is not None:
            for c, ax in enumerate(self.axs[0, :]):
                ax.set_title(text(self._col_var, self.col_names[c]), **font)
            for r, ax in enumerate(self.axs[:, -1]):
                ax.annotate(text(self._row_var, self.row_names[r]), xy=(1.02, 0.5),
                            xycoords="axes fraction", rotation=270, ha="left", va="center", **font)
            return
        for ax, names in zip(self.axs.flat, self.name_dicts.flat, strict=True):
            if names is not None:
                ((name, value),) = names.items()
                ax.set_title(text(name, value), **font)
