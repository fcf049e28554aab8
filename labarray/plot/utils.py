"""Helpers shared by the plotting functions: labels, titles, axis choice, colormaps, intervals.

Nothing here imports matplotlib at module level: :func:`import_matplotlib` does it when a plot
is made, so ``import labarray`` stays fast and works without matplotlib installed.
The plotting code reads only the public DataArray interface (``dims``, ``coords``, ``attrs``,
``name``, ``values``, ``transpose``, ``isel``), so it never imports the façade.
"""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labarray.kernels.cftime_values import is_cftime_values
from labarray.utils.suggest import did_you_mean, format_names

__all__ = [
    "DIVERGENT_CMAP",
    "ROBUST_PERCENTILE",
    "SEQUENTIAL_CMAP",
    "add_colorbar",
    "check_plot_name",
    "determine_cmap_params",
    "format_item",
    "get_axis",
    "import_matplotlib",
    "infer_interval_breaks",
    "infer_xy_labels",
    "label_from_attrs",
    "plottable_values",
    "set_time_axis",
    "title_for_slice",
    "update_axes",
]

#: percentiles used for ``robust=True`` (2nd and 98th)
ROBUST_PERCENTILE = 2.0
#: default colormaps: sequential data, data straddling ``center`` (0 by default)
SEQUENTIAL_CMAP = "viridis"
DIVERGENT_CMAP = "RdBu_r"


def import_matplotlib() -> Any:
    """Import and return ``matplotlib.pyplot``, or raise an ImportError that says what to install.

    Examples
    --------
    >>> plt = import_matplotlib()
    >>> hasattr(plt, "subplots")
    True
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:  # pragma: no cover - matplotlib is installed in the test env
        raise ImportError(
            "plotting with labarray needs matplotlib; install it with `pip install matplotlib` "
            "or `pip install labarray[complete]`"
        ) from err
    return plt


# ----------------------------------------------------------------------------- labels, titles


def _units(obj: Any) -> str:
    attrs = obj.attrs
    for key in ("units", "unit"):
        if key in attrs:
            return f" [{attrs[key]}]"
    return ""


def label_from_attrs(obj: Any, extra: str = "") -> str:
    """Axis label of a DataArray: ``long_name`` or ``standard_name`` or its name, plus `` [units]``.

    Labels longer than 30 characters are wrapped onto several lines (LaTeX labels are kept whole).

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0], dims="x", name="ta", attrs={"long_name": "air temperature", "units": "K"})
    >>> label_from_attrs(da)
    'air temperature [K]'
    """
    if obj is None:
        return ""
    attrs = obj.attrs
    if "long_name" in attrs:
        name = str(attrs["long_name"])
    elif "standard_name" in attrs:
        name = str(attrs["standard_name"])
    elif obj.name is not None:
        name = str(obj.name)
    else:
        name = ""
    text = name + extra + _units(obj)
    if name.startswith("$") and name.count("$") % 2 == 0:
        return text
    return "\n".join(textwrap.wrap(text, 30))


def format_item(value: Any) -> str:
    """Short text for one coordinate value (dates without a midnight time, floats with 4 digits).

    Examples
    --------
    >>> import numpy as np
    >>> format_item(np.datetime64("2000-01-01T00:00:00"))
    '2000-01-01'
    >>> format_item(np.float64(1 / 3))
    '0.3333'
    """
    if isinstance(value, np.ndarray):
        value = value[()]
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return "NaT"
        import pandas as pd

        stamp = pd.Timestamp(value)
        text = stamp.isoformat(sep="T")
        return text[:10] if stamp == stamp.normalize() else text
    if isinstance(value, (datetime.datetime,)) or type(value).__module__.startswith("cftime"):
        text = str(value)
        return text[:10] if text.endswith("00:00:00") else text.replace(" ", "T")
    if isinstance(value, (np.timedelta64, datetime.timedelta)):
        import pandas as pd

        return str(pd.Timedelta(value))
    if isinstance(value, (str, bytes)):
        return repr(value.item() if isinstance(value, np.generic) else value)
    if isinstance(value, (float, np.floating)):
        return f"{float(value):.4}"
    return str(value)


def title_for_slice(obj: Any, truncate: int = 50) -> str:
    """Title from the size-1 coordinates of ``obj``: ``"time = 2000-01-01, lev = 850.0 [hPa]"``.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0], dims="x", coords={"time": np.datetime64("2000-01-01")})
    >>> title_for_slice(da)
    'time = 2000-01-01'
    """
    parts = []
    for name, coord in obj.coords.items():
        if coord.size == 1:
            parts.append(f"{name} = {format_item(np.asarray(coord.values).reshape(()))}{_units(coord)}")
    title = ", ".join(parts)
    if len(title) > truncate:
        title = title[: truncate - 3] + "..."
    return title


# ----------------------------------------------------------------------------- choosing x / y


def _describe(obj: Any) -> str:
    return f"DataArray {obj.name!r}" if getattr(obj, "name", None) is not None else "the DataArray"


def check_plot_name(obj: Any, name: Hashable, argument: str, dims_only: bool = False) -> None:
    """Raise ``ValueError`` if ``name`` (passed as ``argument=``) is not a dimension/coordinate of ``obj``.

    The message names the argument and the missing name, lists what exists and suggests the
    closest match.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([[1.0]], dims=("lat", "lon"))
    >>> check_plot_name(da, "lon", "x")
    >>> check_plot_name(da, "lonn", "x")
    Traceback (most recent call last):
    ...
    ValueError: x='lonn' is not a dimension or coordinate of the DataArray; existing: lat, lon; did you mean 'lon'?
    """
    valid = list(obj.dims) if dims_only else list(dict.fromkeys([*obj.dims, *obj.coords]))
    if name in valid:
        return
    what = "a dimension" if dims_only else "a dimension or coordinate"
    message = f"{argument}={name!r} is not {what} of {_describe(obj)}; existing: {format_names(valid)}"
    hint = did_you_mean(name, valid)
    if hint:
        message += f"; {hint}"
    raise ValueError(message)


def infer_xy_labels(obj: Any, x: Hashable | None, y: Hashable | None) -> tuple[Hashable, Hashable]:
    """Choose the x and y names of a 2-D plot: by default y is the first dimension, x the second.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray(np.zeros((2, 3)), dims=("lat", "lon"))
    >>> infer_xy_labels(da, None, None)
    ('lon', 'lat')
    >>> infer_xy_labels(da, None, "lon")
    ('lat', 'lon')
    """
    if x is not None and x == y:
        raise ValueError(f"x and y cannot be the same, got x=y={x!r}")
    if x is None and y is None:
        if obj.ndim != 2:
            raise ValueError(
                f"a 2-D plot needs exactly 2 dimensions, {_describe(obj)} has {obj.ndim}: "
                f"{format_names(obj.dims)}; select or reduce the others first (e.g. .isel(...)) "
                "or facet them with col=/row="
            )
        y, x = obj.dims
        return x, y
    if x is None:
        check_plot_name(obj, y, "y")
        x = _other_dim(obj, y, "y")
    elif y is None:
        check_plot_name(obj, x, "x")
        y = _other_dim(obj, x, "x")
    else:
        check_plot_name(obj, x, "x")
        check_plot_name(obj, y, "y")
    return x, y


def _other_dim(obj: Any, name: Hashable, axis: str) -> Hashable:
    dims = list(obj.dims)
    if len(dims) != 2:
        raise ValueError(
            f"a 2-D plot needs exactly 2 dimensions, {_describe(obj)} has {len(dims)}: {format_names(dims)}"
        )
    own = obj[name].dims
    if len(own) == 1 and own[0] in dims:
        return dims[1] if own[0] == dims[0] else dims[0]
    # a 2-D coordinate (lon/lat of a curvilinear grid): the other axis is the dimension that
    # runs along it in the default layout -- rows (first dim) on y, columns (second dim) on x
    return dims[0] if axis == "x" else dims[1]


# ----------------------------------------------------------------------------- values


def plottable_values(values: Any, intervals: str = "mid") -> tuple[np.ndarray, str | None]:
    """Values matplotlib can draw, and what was converted (``"cftime:<calendar>"``, ``"interval"`` or ``None``).

    cftime dates become days since 1970-01-01 of their calendar unless ``nc_time_axis`` is
    installed (it teaches matplotlib to draw them as they are). ``pandas.Interval`` values (from
    ``groupby_bins``) become their mid points (``intervals="mid"``) or, for a 1-D coordinate,
    the cell edges (``intervals="bounds"``). Strings, numbers and ``datetime64`` are returned
    unchanged.

    Examples
    --------
    >>> plottable_values(np.array([1, 2]))[0]
    array([1, 2])
    >>> import pandas as pd
    >>> plottable_values(np.array([pd.Interval(0, 2), pd.Interval(2, 6)]))
    (array([1., 4.]), 'interval')
    """
    arr = np.asarray(values)
    if arr.dtype == object and arr.size and isinstance(arr.flat[0], pd.Interval):
        if intervals == "bounds" and arr.ndim == 1:
            edges = [arr[0].left] + [iv.right for iv in arr]
            return np.asarray(edges, dtype=float), "interval"
        mids = np.array([iv.mid for iv in arr.ravel()], dtype=float).reshape(arr.shape)
        return mids, "interval"
    if is_cftime_values(arr):
        try:
            import nc_time_axis  # noqa: F401  (registers matplotlib converters for cftime)
        except ImportError:
            pass
        else:
            return arr, None
        import cftime

        calendar = arr.flat[0].calendar
        numbers = cftime.date2num(arr.ravel().tolist(), "days since 1970-01-01", calendar=calendar)
        return np.asarray(numbers, dtype=float).reshape(arr.shape), f"cftime:{calendar}"
    if arr.dtype == object and arr.size and isinstance(arr.flat[0], (datetime.date,)):
        return arr.astype("datetime64[ns]"), None
    if arr.dtype.kind == "O":
        sample = arr.flat[0] if arr.size else None
        if sample is not None and not isinstance(sample, (int, float, str, np.number, np.str_)):
            raise TypeError(
                f"cannot plot values of type {type(sample).__name__}: plotting needs numbers, "
                "strings, numpy datetime64 or cftime dates"
            )
    return arr, None


def set_time_axis(ax: Any, axis: str, values: np.ndarray, kind: str | None) -> None:
    """Format a time axis: concise dates for datetime64, calendar dates for converted cftime."""
    from matplotlib import dates as mdates
    from matplotlib import ticker

    target = ax.xaxis if axis == "x" else ax.yaxis
    if kind is not None and kind.startswith("cftime:"):
        import cftime

        calendar = kind.split(":", 1)[1]

        def _format(number: float, _pos: Any = None) -> str:
            date = cftime.num2date(number, "days since 1970-01-01", calendar=calendar)
            return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"

        target.set_major_formatter(ticker.FuncFormatter(_format))
    elif np.asarray(values).dtype.kind == "M":
        locator = mdates.AutoDateLocator()
        target.set_major_locator(locator)
        target.set_major_formatter(mdates.ConciseDateFormatter(locator))


def infer_interval_breaks(coord: Any, axis: int = 0, scale: str | None = None) -> np.ndarray:
    """Cell edges from cell centres along ``axis`` (half way between neighbours, mirrored at the ends).

    Examples
    --------
    >>> infer_interval_breaks(np.arange(3))
    array([-0.5,  0.5,  1.5,  2.5])
    """
    coord = np.asarray(coord)
    if coord.shape[axis] >= 3:
        diff = np.diff(coord, axis=axis)
        if not (np.all(diff >= 0) or np.all(diff <= 0)):
            raise ValueError(
                f"the coordinate is not sorted along axis {axis}, so its cell edges cannot be "
                "inferred; sort the data first (.sortby(...)) or pass infer_intervals=False"
            )
    if scale == "log":
        if np.any(coord <= 0):
            raise ValueError("a log-scaled axis needs positive coordinates, found values <= 0")
        coord = np.log10(coord)
    deltas = 0.5 * np.diff(coord, axis=axis)
    if deltas.size == 0:
        deltas = np.zeros_like(np.take(coord, [0], axis=axis), dtype=float)
    first = np.take(coord, [0], axis=axis) - np.take(deltas, [0], axis=axis)
    last = np.take(coord, [-1], axis=axis) + np.take(deltas, [-1], axis=axis)
    trim = tuple(slice(None, -1) if n == axis else slice(None) for n in range(coord.ndim))
    breaks = np.concatenate([first, coord[trim] + deltas, last], axis=axis)
    return np.power(10, breaks) if scale == "log" else breaks


# ----------------------------------------------------------------------------- colormaps


def _determine_extend(data: np.ndarray, vmin: float, vmax: float) -> str:
    below = bool(np.any(data < vmin)) if data.size else False
    above = bool(np.any(data > vmax)) if data.size else False
    return {(True, True): "both", (True, False): "min", (False, True): "max"}.get((below, above), "neither")


def determine_cmap_params(
    data: np.ndarray,
    vmin: float | None = None,
    vmax: float | None = None,
    cmap: Any = None,
    center: float | bool | None = None,
    robust: bool = False,
    extend: str | None = None,
    levels: int | Sequence[float] | None = None,
    filled: bool = True,
    norm: Any = None,
) -> dict[str, Any]:
    """Colour limits, colormap, extension and levels for ``data`` (xarray's heuristics).

    Data straddling 0 (or any ``center`` given) get a diverging colormap symmetric about the
    centre; ``robust`` uses the 2nd and 98th percentiles instead of the extremes; ``center=False``
    forbids a diverging map, as does giving both ``vmin`` and ``vmax``.

    Returns
    -------
    dict
        ``vmin, vmax, cmap, extend, levels, norm``.

    Examples
    --------
    >>> p = determine_cmap_params(np.array([-1.0, 3.0]))
    >>> p["cmap"], float(p["vmin"]), float(p["vmax"])
    ('RdBu_r', -3.0, 3.0)
    """
    import matplotlib as mpl

    data = np.asarray(data)
    if data.dtype.kind not in "biuf":
        raise TypeError(f"colour-mapped plots need numeric data, got dtype {data.dtype}")
    finite = np.ravel(data[np.isfinite(data)]).astype(float)
    calc = finite if finite.size else np.array([0.0])
    level_list: list[float] | None = sorted(levels) if isinstance(levels, Iterable) else None
    possibly_divergent = center is not False
    center_given = center is not None and center is not False
    center_value = float(center) if center_given else 0.0  # type: ignore[arg-type]
    if vmin is not None and vmax is not None:
        possibly_divergent = False
    user_minmax = vmin is not None or vmax is not None
    vlim = None
    if vmin is None:
        vmin = np.percentile(calc, ROBUST_PERCENTILE) if robust else calc.min()
    elif possibly_divergent:
        vlim = abs(vmin - center_value)
    if vmax is None:
        vmax = np.percentile(calc, 100 - ROBUST_PERCENTILE) if robust else calc.max()
    elif possibly_divergent:
        vlim = abs(vmax - center_value)
    divergent = False
    if possibly_divergent:
        divergent_levels = level_list is not None and level_list[0] * level_list[-1] < 0
        divergent = bool(vmin < 0 < vmax) or center_given or divergent_levels
    if divergent:
        if vlim is None:
            vlim = max(abs(vmin - center_value), abs(vmax - center_value))
        vmin, vmax = -vlim + center_value, vlim + center_value
    if cmap is None:
        cmap = DIVERGENT_CMAP if divergent else SEQUENTIAL_CMAP
    if norm is not None:
        vmin = norm.vmin if norm.vmin is not None else vmin
        vmax = norm.vmax if norm.vmax is not None else vmax
        norm.vmin, norm.vmax = vmin, vmax
    if levels is not None and level_list is None:
        count = int(levels)  # type: ignore[arg-type]
        if count < 1:
            raise ValueError(f"levels must be a positive number of levels or a list of them, got {levels!r}")
        if user_minmax:
            level_list = [float(v) for v in np.linspace(vmin, vmax, count)]
        elif count == 1:
            level_list = [(vmin + vmax) / 2]
        else:
            level_list = [float(v) for v in mpl.ticker.MaxNLocator(count - 1).tick_values(vmin, vmax)]
    if level_list is not None:
        vmin, vmax = level_list[0], level_list[-1]
    if vmin == vmax:
        vmin, vmax = mpl.ticker.LinearLocator(2).tick_values(vmin, vmax)
    if extend is None:
        extend = _determine_extend(finite, vmin, vmax)
    if level_list is not None and norm is None:
        cmap, norm = _discrete_cmap(cmap, level_list, extend, filled)
    if norm is not None:
        vmin = vmax = None
    return {"vmin": vmin, "vmax": vmax, "cmap": cmap, "extend": extend, "levels": level_list, "norm": norm}


def _palette(cmap: Any, n_colors: int) -> np.ndarray:
    """``n_colors`` colours spread over a colormap, a colormap name, a colour or a list of colours."""
    import matplotlib as mpl

    positions = np.linspace(0, 1, n_colors)
    if isinstance(cmap, (list, tuple)):
        cycled = [cmap[i % len(cmap)] for i in range(n_colors)]  # one colour per interval
        return mpl.colors.ListedColormap(cycled)(positions)
    if isinstance(cmap, str):
        if cmap in mpl.colormaps:
            return mpl.colormaps[cmap](positions)
        if not mpl.colors.is_color_like(cmap):
            raise ValueError(f"cmap={cmap!r} is neither a colormap name nor a colour")
        return mpl.colors.ListedColormap([cmap] * n_colors)(positions)
    return cmap(positions)


def _discrete_cmap(cmap: Any, levels: list[float], extend: str, filled: bool) -> tuple[Any, Any]:
    import matplotlib as mpl

    if len(levels) == 1:
        levels = [levels[0], levels[0]]
    if not filled:
        extend = "max"  # contour lines: one colour per level
    n_colors = len(levels) - 1 + {"both": 2, "min": 1, "max": 1}.get(extend, 0)
    colors = _palette(cmap, max(n_colors, 1))
    new_cmap, norm = mpl.colors.from_levels_and_colors(levels, list(colors), extend=extend)  # type: ignore[arg-type]
    new_cmap.name = getattr(cmap, "name", cmap) if not isinstance(cmap, (list, tuple)) else "from_list"
    return new_cmap, norm


def add_colorbar(primitive: Any, ax: Any, cbar_ax: Any, cbar_kwargs: dict[str, Any], extend: str) -> Any:
    """Draw the colorbar of ``primitive`` next to ``ax`` (or in ``cbar_ax``) and return it."""
    kwargs = dict(cbar_kwargs)
    if not hasattr(primitive, "extend"):
        kwargs.setdefault("extend", extend)
    if cbar_ax is None:
        kwargs.setdefault("ax", ax)
    else:
        kwargs.setdefault("cax", cbar_ax)
    return ax.get_figure().colorbar(primitive, **kwargs)


# ----------------------------------------------------------------------------- axes


def get_axis(figsize: Any = None, size: float | None = None, aspect: Any = None, ax: Any = None,
             **subplot_kws: Any) -> Any:
    """The axes to draw on: ``ax``, a new figure of ``figsize`` or ``size``, or the current axes.

    Parameters
    ----------
    figsize : (float, float), optional
        Size of a new figure.
    size : float, optional
        Height of a new figure; its width is ``size * aspect``.
    aspect : float or {"auto", "equal"}, optional
        Width/height ratio with ``size`` (default: that of ``rcParams["figure.figsize"]``).
    ax : matplotlib Axes, optional
        Existing axes to draw on.
    **subplot_kws
        Arguments of a new subplot (not allowed with ``ax``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> get_axis(size=2, aspect=1.5).figure.get_size_inches().tolist()
    [3.0, 2.0]
    """
    plt = import_matplotlib()
    if figsize is not None:
        if ax is not None:
            raise ValueError("give figsize or ax, not both")
        if size is not None:
            raise ValueError("give figsize or size, not both")
        _, ax = plt.subplots(figsize=figsize, subplot_kw=subplot_kws or None)
        return ax
    if size is not None:
        if ax is not None:
            raise ValueError("give size or ax, not both")
        if aspect is None or aspect == "auto":
            width, height = plt.rcParams["figure.figsize"]
            ratio = width / height
        elif aspect == "equal":
            ratio = 1.0
        else:
            ratio = float(aspect)
        _, ax = plt.subplots(figsize=(size * ratio, size), subplot_kw=subplot_kws or None)
        return ax
    if aspect is not None:
        raise ValueError("aspect needs size as well")
    if ax is not None:
        if subplot_kws:
            raise ValueError("subplot_kws cannot be used with ax (the axes already exist)")
        return ax
    figure = plt.gcf()
    if figure.axes:
        return plt.gca()  # the active axes; subplot_kws cannot change them
    return plt.axes(**subplot_kws)


def update_axes(ax: Any, xincrease: bool | None = None, yincrease: bool | None = None,
                xscale: str | None = None, yscale: str | None = None, xticks: Any = None,
                yticks: Any = None, xlim: Any = None, ylim: Any = None) -> None:
    """Apply direction, scale, ticks and limits to ``ax`` (``None`` leaves a setting as it is)."""
    if xincrease is not None and bool(xincrease) == ax.xaxis_inverted():
        ax.invert_xaxis()
    if yincrease is not None and bool(yincrease) == ax.yaxis_inverted():
        ax.invert_yaxis()
    if xscale is not None:
        ax.set_xscale(xscale)
    if yscale is not None:
        ax.set_yscale(yscale)
    if xticks is not None:
        ax.set_xticks(xticks)
    if yticks is not None:
        ax.set_yticks(yticks)
    if xlim is not None:
        ax.set_xlim(xlim)
    if ylim is not None:
        ax.set_ylim(ylim)
