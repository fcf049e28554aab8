"""Plain-text reprs of Variables, DataArrays and Datasets, and the ``diff_*`` messages of
``labarray.testing``.

Everything here is duck-typed (see ``doc/internals.rst``): a Variable-like object has ``dims,
shape, dtype, sizes, attrs, data, nbytes``; a DataArray-like one has ``name, variable, dims,
sizes, attrs, coords, xindexes``; a Dataset-like one has ``_variables, _coord_names, sizes,
attrs, xindexes``. Reprs are bounded: only the rows that are shown are formatted, and lazily
indexed data (neither NumPy nor Dask) is never read.

>>> import numpy as np
>>> format_array_flat(np.arange(100), 30)
'0 1 2 3 4 5 ... 95 96 97 98 99'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labarray.options import OPTIONS
from labarray.parallel.chunkmanager import is_chunked_array

__all__ = [
    "array_repr",
    "attrs_repr",
    "coords_repr",
    "data_vars_repr",
    "dataset_repr",
    "diff_array_repr",
    "diff_dataset_repr",
    "diff_variable_repr",
    "dim_summary",
    "format_array_flat",
    "format_item",
    "format_items",
    "indexes_repr",
    "inline_variable_array_repr",
    "render_nbytes",
    "short_data_repr",
    "summarize_variable",
    "variable_repr",
]

_MAX_DATA_LINES = 40  # the full-data preview of array_repr is cut to this many lines
_DEFAULT_INDEX_TYPES = ("PandasIndex", "PandasMultiIndex")


# --------------------------------------------------------------------------- data access


_VARIABLE_ATTRS = ("dims", "shape", "dtype", "sizes", "attrs", "nbytes")
_DATAARRAY_ATTRS = ("name", "variable", "dims", "sizes", "attrs", "coords", "xindexes")
_DATASET_ATTRS = ("_variables", "_coord_names", "sizes", "attrs", "xindexes")


def _require(obj: Any, attrs: Sequence[str], kind: str, func: str) -> None:
    """Raise a ``TypeError`` naming what a repr function needs when ``obj`` is the wrong kind."""
    missing = [a for a in attrs if not hasattr(obj, a)]
    if missing:
        raise TypeError(
            f"{func} expects a labarray {kind} (or an object with the attributes "
            f"{', '.join(attrs)}); got {type(obj).__name__}, which lacks {', '.join(missing)}"
        )


def _variable_of(obj: Any) -> Any:
    """The Variable of a DataArray-like coordinate, or ``obj`` itself."""
    return getattr(obj, "variable", obj)


def _raw_data(var: Any) -> Any:
    """The data a Variable holds, without loading it (``Variable.data`` loads lazy data)."""
    return var._data if hasattr(var, "_data") else var.data


def _kind_and_data(var: Any) -> tuple[str, Any]:
    """``("numpy", ndarray)``, ``("dask", dask array)`` or ``("lazy", wrapper)``.

    Lazily indexed data (neither NumPy nor Dask, and not in memory) is never read; in-memory
    wrappers such as the view of a pandas Index of an indexed coordinate are cheap to read.
    """
    data = _raw_data(var)
    if isinstance(data, np.ndarray):
        return "numpy", data
    if is_chunked_array(data):
        return "dask", data
    if getattr(var, "_in_memory", False) is True or isinstance(
        getattr(data, "array", None), pd.Index
    ):
        return "numpy", np.asarray(var.values if hasattr(var, "values") else data)
    return "lazy", data


def _leading_values(data: Any, n: int, from_end: bool = False) -> np.ndarray:
    """The first (or last) ``n`` values of ``data`` in C order; a NumPy array is read only at
    those positions (no copy of a large, non-contiguous array)."""
    array = np.atleast_1d(data if isinstance(data, np.ndarray) else np.asarray(data))
    size = array.size
    n = min(n, size)
    flat_positions = np.arange(size - n, size) if from_end else np.arange(n)
    return np.asarray(array[np.unravel_index(flat_positions, array.shape)])


def _lazy_placeholder(var: Any) -> str:
    return f"[{math.prod(var.shape)} values with dtype={var.dtype}]"


# --------------------------------------------------------------------------- items


def _format_datetime(x: np.datetime64, date_only: bool) -> str:
    if np.isnat(x):
        return "NaT"
    try:
        text = str(pd.Timestamp(x)).replace(" ", "T")
    except (ValueError, OverflowError):  # outside the range pandas can represent
        text = np.datetime_as_string(x)
    return text.split("T")[0] if date_only else text


def _format_timedelta(x: np.timedelta64, style: str | None) -> str:
    if np.isnat(x):
        return "NaT"
    try:
        text = str(pd.Timedelta(x))
    except (ValueError, OverflowError):  # outside the range pandas can represent
        return str(x)
    if style == "date" and " days" in text:
        return text.split(" days")[0] + " days"
    if style == "time" and " days " in text:
        return text.split(" days ")[1]
    return text


def format_item(x: Any, timedelta_format: str | None = None, quote_strings: bool = True) -> str:
    """Format one value for a repr: short floats, readable dates, quoted strings.

    Parameters
    ----------
    x : Any
        A scalar (NumPy scalar, Python scalar, date-like object, ...).
    timedelta_format : {"date", "time", None}, default: None
        Show only the days (``"date"``) or only the clock time (``"time"``) of a timedelta.
    quote_strings : bool, default: True
        Whether strings and bytes are shown with quotes.

    Examples
    --------
    >>> format_item(np.float64(0.123456))
    '0.1235'
    >>> format_item(np.datetime64("2000-01-01T12:00"))
    '2000-01-01T12:00:00'
    >>> format_item("abc")
    "'abc'"
    """
    if isinstance(x, np.ndarray) and x.ndim == 0:
        x = x[()]
    if isinstance(x, np.datetime64):
        return _format_datetime(x, date_only=False)
    if isinstance(x, pd.Timestamp):
        return "NaT" if x is pd.NaT else str(x).replace(" ", "T")
    if isinstance(x, (np.timedelta64, pd.Timedelta)):
        return _format_timedelta(np.timedelta64(x), timedelta_format)
    if isinstance(x, (str, bytes)):
        if quote_strings:
            return repr(bytes(x)) if isinstance(x, bytes) else repr(str(x))
        return x.decode(errors="replace") if isinstance(x, bytes) else str(x)
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.4}"
    if isinstance(x, (complex, np.complexfloating)):
        return f"{complex(x):.4}"
    return str(x)


def format_items(x: Any) -> list[str]:
    """Format an array of values compactly: a timestamp at midnight shows only its date;
    timedeltas show whole days when all are whole days, and only the clock time when all are
    shorter than a day.

    Examples
    --------
    >>> format_items(np.array(["2000-01-01", "2000-01-02"], dtype="datetime64[ns]"))
    ['2000-01-01', '2000-01-02']
    """
    x = np.asarray(x)
    if x.dtype.kind == "M":
        flat = x.ravel()
        midnight = (flat - flat.astype("datetime64[D]")) == np.timedelta64(0)
        return [_format_datetime(v, bool(m)) for v, m in zip(flat, midnight, strict=True)]
    if x.dtype.kind == "m":
        valid = x[~np.isnat(x)].astype("timedelta64[ns]").astype(np.int64)
        day = 86_400 * 10**9
        style = None
        if valid.size and np.all(valid % day == 0):
            style = "date"
        elif valid.size and np.all(np.abs(valid) < day):
            style = "time"
        return [_format_timedelta(v, style) for v in x.ravel()]
    return [format_item(v) for v in x.ravel()]


def format_array_flat(array: Any, max_width: int) -> str:
    """Values of ``array`` on one line of at most ``max_width`` characters, the first and last
    ones around ``...`` when they do not all fit. Only the values shown are read.

    Examples
    --------
    >>> format_array_flat(np.array([1.5, 2.25, 3.0]), 20)
    '1.5 2.25 3.0'
    """
    if max_width < 4:
        raise ValueError(f"max_width must be at least 4 characters; got {max_width}")
    size = math.prod(np.shape(array))
    if size == 0:
        return "[]"
    n_max = min(size, max_width // 2 + 1)  # every value takes at least 2 characters with a space
    n_front, n_back = (n_max + 1) // 2, n_max // 2
    values = _leading_values(array, n_front)
    if n_back:
        values = np.concatenate([values, _leading_values(array, n_back, from_end=True)])
    items = format_items(values)  # formatted together: dates share one style
    front, back = items[:n_front], items[n_front:][::-1]
    shown_front: list[str] = []
    shown_back: list[str] = []
    width = -1
    for i in range(n_max):
        item = front[i // 2] if i % 2 == 0 else back[i // 2]
        if width + len(item) + 1 > max_width:
            break
        width += len(item) + 1
        (shown_front if i % 2 == 0 else shown_back).append(item)
    if len(shown_front) + len(shown_back) >= size:
        return " ".join(shown_front + shown_back[::-1])
    while shown_front and width + 4 > max_width:
        removed = (
            shown_back if len(shown_back) >= len(shown_front) and shown_back else shown_front
        ).pop()
        width -= len(removed) + 1
    if not shown_front:  # not even the first value fits: cut it
        return _truncate(front[0] + " ...", max_width)
    return " ".join([*shown_front, "...", *shown_back[::-1]])


def render_nbytes(nbytes: int) -> str:
    """Human-readable size with decimal units: ``48B``, ``8kB``, ``12MB``.

    Examples
    --------
    >>> render_nbytes(12_441_600)
    '12MB'
    """
    if nbytes < 0:
        raise ValueError(f"nbytes must be a non-negative number of bytes; got {nbytes}")
    value = float(nbytes)
    for unit in ("B", "kB", "MB", "GB", "TB", "PB"):
        if value < 1000 or unit == "PB":
            break
        value /= 1000
    text = f"{value:.0f}" if unit == "B" or value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def _truncate(text: str, max_width: int) -> str:
    return text if len(text) <= max_width else text[: max(max_width - 3, 0)] + "..."


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - len(text), 0)


# --------------------------------------------------------------------------- data previews


def _dask_chunk_repr(data: Any) -> str:
    chunksize = tuple(int(c[0]) if len(c) else 0 for c in data.chunks)
    meta = getattr(data, "_meta", None)
    meta_type = type(meta)
    module = meta_type.__module__.split(".")[0]
    meta_name = (
        f"np.{meta_type.__name__}" if module == "numpy" else f"{module}.{meta_type.__name__}"
    )
    return f"dask.array<chunksize={chunksize}, meta={meta_name}>"


def inline_variable_array_repr(var: Any, max_width: int) -> str:
    """One-line preview of a Variable's values, at most ``max_width`` characters.

    Dask data shows its chunk size (not cut to ``max_width``); lazily indexed data is not read.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(data=np.arange(5), shape=(5,), dtype=np.dtype("int64"))
    >>> inline_variable_array_repr(v, 40)
    '0 1 2 3 4'
    """
    kind, data = _kind_and_data(var)
    if kind == "dask":
        return _dask_chunk_repr(data)
    if kind == "lazy":
        return _truncate(_lazy_placeholder(var), max_width)
    return format_array_flat(data, max(max_width, 4))


def _limit_lines(text: str, limit: int) -> str:
    lines = text.splitlines()
    if len(lines) <= limit:
        return text
    half = limit // 2
    return "\n".join([*lines[:half], "...", *lines[-half:]])


def short_data_repr(var: Any) -> str:
    """Multi-line preview of a Variable's data as shown under the header of ``array_repr``.

    NumPy data is summarised past ``display_values_threshold`` values; Dask data shows its
    repr; lazily indexed data is not read.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> short_data_repr(SimpleNamespace(data=np.arange(3), shape=(3,), dtype=np.dtype("int64")))
    'array([0, 1, 2])'
    """
    kind, data = _kind_and_data(var)
    if kind == "dask":
        return repr(data)
    if kind == "lazy":
        return _lazy_placeholder(var)
    array = data
    edgeitems = 3 if array.ndim <= 1 else 2 if array.ndim == 2 else 1
    with np.printoptions(
        linewidth=OPTIONS["display_width"],
        threshold=OPTIONS["display_values_threshold"],
        edgeitems=edgeitems,
    ):
        text = repr(array)
    return _limit_lines(text, _MAX_DATA_LINES)


# --------------------------------------------------------------------------- rows and sections


def dim_summary(sizes: Mapping[Hashable, int]) -> str:
    """``"time: 24, lat: 180"`` from a mapping of dimension sizes (or an object with ``sizes``).

    Examples
    --------
    >>> dim_summary({"x": 2, "y": 3})
    'x: 2, y: 3'
    """
    sizes = getattr(sizes, "sizes", sizes)
    return ", ".join(f"{k}: {v}" for k, v in sizes.items())


def summarize_variable(
    name: Hashable,
    var: Any,
    col_width: int,
    max_width: int | None = None,
    is_index: bool = False,
    preview: str | None = None,
) -> str:
    """One row of a ``Coordinates:`` or ``Data variables:`` section.

    Parameters
    ----------
    name : Hashable
        Name of the variable.
    var : Variable or DataArray
        The variable (a DataArray-like coordinate is read through ``.variable``).
    col_width : int
        Width of the name column.
    max_width : int, optional
        Width of the row; default: the ``display_width`` option.
    is_index : bool, default: False
        Mark the row with ``*`` (an indexed coordinate).
    preview : str, optional
        Text shown instead of the values (e.g. ``"MultiIndex"``).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=("x",), data=np.arange(3), shape=(3,), dtype=np.dtype("int64"),
    ...                     nbytes=24)
    >>> summarize_variable("x", v, 10, is_index=True)
    '  * x     (x) int64 24B 0 1 2'
    """
    var = _variable_of(var)
    max_width = OPTIONS["display_width"] if max_width is None else max_width
    marker = "*" if is_index else " "
    first = _pad(f"  {marker} {name} ", col_width)
    dims = f"({', '.join(map(str, var.dims))}) " if var.dims else ""
    front = f"{first}{dims}{var.dtype} {render_nbytes(var.nbytes)} "
    if preview is None:
        preview = inline_variable_array_repr(var, max(max_width - len(front), 4))
    return front + preview


def _summarize_attr(key: Hashable, value: Any, col_width: int | None = None) -> str:
    key_text = f"    {key}:"
    if col_width is not None:
        key_text = _pad(key_text, col_width)
    value_text = str(value) if isinstance(value, str) else repr(value)
    value_text = value_text.replace("\n", "\\n").replace("\t", "\\t")
    return _truncate(f"{key_text} {value_text}", OPTIONS["display_width"])


def _expanded(option: str, default: bool = True) -> bool:
    value = OPTIONS[option]  # type: ignore[literal-required]
    return default if value == "default" else bool(value)


def _section(
    title: str,
    names: Sequence[Hashable],
    render: Callable[[Hashable], str],
    expand_option: str,
    max_rows: int | None = None,
) -> str:
    """A titled section; only the rows shown are rendered."""
    count = len(names)
    if count == 0:
        return f"{title}:\n    *empty*"
    if not _expanded(expand_option):
        return f"{title}: ({count})"
    max_rows = OPTIONS["display_max_rows"] if max_rows is None else max_rows
    if count <= max_rows:
        return "\n".join([f"{title}:", *(render(k) for k in names)])
    n_first = (max_rows + 1) // 2
    n_last = max_rows - n_first
    rows = [f"{title}: ({max_rows}/{count})", *(render(k) for k in names[:n_first])]
    rows.append(f"    ... ({count - max_rows} more)")
    rows.extend(render(k) for k in names[count - n_last :] if n_last)
    return "\n".join(rows)


def _col_width(names: Iterable[Hashable]) -> int:
    return max(max((len(str(n)) for n in names), default=0), 7) + 6


def _index_names(xindexes: Any) -> set[Hashable]:
    return set(xindexes.keys()) if xindexes is not None else set()


def coords_repr(
    coords: Mapping[Hashable, Any],
    col_width: int | None = None,
    max_rows: int | None = None,
    indexes: Any = None,
) -> str:
    """The ``Coordinates:`` section; ``*`` marks indexed coordinates (keys of ``indexes``).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=("x",), data=np.arange(2), shape=(2,), dtype=np.dtype("int64"),
    ...                     nbytes=16)
    >>> print(coords_repr({"x": v}, indexes={"x": object()}))
    Coordinates:
      * x        (x) int64 16B 0 1
    """
    names = list(coords)
    dims = getattr(coords, "dims", None)
    if dims is not None:
        # as in xarray: dimension coordinates first, in the order of the dimensions
        dim_names = [d for d in dims if d in coords]
        names = dim_names + [k for k in names if k not in dim_names]
    col_width = _col_width(names) if col_width is None else col_width
    if indexes is None:  # a Coordinates object knows its own indexes
        indexes = getattr(coords, "xindexes", None)
    indexed = _index_names(indexes)
    return _section(
        "Coordinates",
        names,
        lambda k: summarize_variable(
            k, coords[k], col_width, is_index=k in indexed, preview=_coord_preview(k, indexes)
        ),
        "display_expand_coords",
        max_rows,
    )


def data_vars_repr(
    data_vars: Mapping[Hashable, Any], col_width: int | None = None, max_rows: int | None = None
) -> str:
    """The ``Data variables:`` section (only the rows shown are formatted).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=(), data=np.array(1.5), shape=(), dtype=np.dtype("float64"),
    ...                     nbytes=8)
    >>> print(data_vars_repr({"a": v}))
    Data variables:
        a        float64 8B 1.5
    """
    names = list(data_vars)
    col_width = _col_width(names) if col_width is None else col_width
    return _section(
        "Data variables",
        names,
        lambda k: summarize_variable(k, data_vars[k], col_width),
        "display_expand_data_vars",
        max_rows,
    )


def attrs_repr(
    attrs: Mapping[Hashable, Any], col_width: int | None = None, max_rows: int | None = None
) -> str:
    """The ``Attributes:`` section; long values are cut at ``display_width`` with ``...``.

    Examples
    --------
    >>> print(attrs_repr({"units": "K"}))
    Attributes:
        units:    K
    """
    names = list(attrs)
    col_width = _col_width(names) if col_width is None else col_width
    return _section(
        "Attributes",
        names,
        lambda k: _summarize_attr(k, attrs[k], col_width),
        "display_expand_attrs",
        max_rows,
    )


def _shown_indexes(xindexes: Any) -> dict[Hashable, Any]:
    """Indexes listed in the ``Indexes:`` section: all with ``display_default_indexes``, else only
    the ones that are not default pandas indexes."""
    if xindexes is None:
        return {}
    items = dict(xindexes.items())
    if OPTIONS["display_default_indexes"]:
        return items
    return {k: v for k, v in items.items() if type(v).__name__ not in _DEFAULT_INDEX_TYPES}


def indexes_repr(
    indexes: Mapping[Hashable, Any], col_width: int | None = None, max_rows: int | None = None
) -> str:
    """The ``Indexes:`` section: one row per index (an index over several coordinates is listed
    once, under the names of all its coordinates).

    Examples
    --------
    >>> class MyIndex:
    ...     def __repr__(self):
    ...         return "MyIndex()"
    >>> print(indexes_repr({"x": MyIndex()}))
    Indexes:
        x        MyIndex()
    """
    groups: dict[int, list[Hashable]] = {}
    objects: dict[int, Any] = {}
    for name, index in indexes.items():
        groups.setdefault(id(index), []).append(name)
        objects[id(index)] = index
    labels: dict[Hashable, Any] = {
        ", ".join(map(str, names)): objects[key] for key, names in groups.items()
    }
    col_width = _col_width(labels) if col_width is None else col_width

    def render(label: Hashable) -> str:
        front = _pad(f"    {label} ", col_width)
        text = repr(labels[label]).splitlines() or [""]
        text = [text[0], *(" " * len(front) + line for line in text[1:])]
        return front + "\n".join(text)

    return _section("Indexes", list(labels), render, "display_expand_indexes", max_rows)


def _coord_preview(name: Hashable, indexes: Any) -> str | None:
    """``"MultiIndex"`` for the dimension coordinate of a multi-index (its values are tuples)."""
    index = indexes.get(name) if indexes is not None else None
    if type(index).__name__ == "PandasMultiIndex" and getattr(index, "dim", None) == name:
        return "MultiIndex"
    return None


def _unindexed_dims_line(dims: Iterable[Hashable], coord_names: Iterable[Hashable]) -> str | None:
    coord_names = set(coord_names)
    missing = [str(d) for d in dims if d not in coord_names]
    return f"Dimensions without coordinates: {', '.join(missing)}" if missing else None


# --------------------------------------------------------------------------- whole objects


def _total_nbytes(variables: Iterable[Any]) -> int:
    return sum(int(v.nbytes) for v in variables)


def variable_repr(var: Any) -> str:
    """Text repr of a Variable: header with sizes, data preview, attributes.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=("x",), sizes={"x": 3}, data=np.arange(3), shape=(3,),
    ...                     dtype=np.dtype("int64"), nbytes=24, attrs={})
    >>> print(variable_repr(v))
    <labarray.Variable (x: 3)> Size: 24B
    array([0, 1, 2])
    """
    _require(var, _VARIABLE_ATTRS, "Variable", "variable_repr")
    lines = [
        f"<labarray.Variable ({dim_summary(var.sizes)})> Size: {render_nbytes(var.nbytes)}",
        short_data_repr(var),
    ]
    if var.attrs:
        lines.append(attrs_repr(var.attrs))
    return "\n".join(lines)


def array_repr(da: Any) -> str:
    """Text repr of a DataArray: header, data preview, coordinates, unindexed dimensions,
    non-default indexes and attributes.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=("x",), sizes={"x": 2}, data=np.array([1.0, 2.0]), shape=(2,),
    ...                     dtype=np.dtype("float64"), nbytes=16, attrs={})
    >>> da = SimpleNamespace(name="t", variable=v, dims=v.dims, sizes=v.sizes, attrs={},
    ...                      coords={}, xindexes={})
    >>> print(array_repr(da))
    <labarray.DataArray 't' (x: 2)> Size: 16B
    array([1., 2.])
    Dimensions without coordinates: x
    """
    _require(da, _DATAARRAY_ATTRS, "DataArray", "array_repr")
    var = da.variable
    name = f"{da.name!r} " if da.name is not None else ""
    lines = [
        f"<labarray.DataArray {name}({dim_summary(da.sizes)})> Size: {render_nbytes(var.nbytes)}"
    ]
    if _expanded("display_expand_data"):
        lines.append(short_data_repr(var))
    else:
        lines.append(inline_variable_array_repr(var, OPTIONS["display_width"]))
    coords = da.coords
    col_width = _col_width(list(coords))
    if len(coords):
        lines.append(coords_repr(coords, col_width=col_width, indexes=da.xindexes))
    unindexed = _unindexed_dims_line(da.dims, coords)
    if unindexed:
        lines.append(unindexed)
    shown = _shown_indexes(da.xindexes)
    if shown:
        lines.append(indexes_repr(shown))
    if da.attrs:
        lines.append(attrs_repr(da.attrs))
    return "\n".join(lines)


def _split_dataset(ds: Any) -> tuple[dict[Hashable, Any], dict[Hashable, Any]]:
    """(coordinates, data variables) of a Dataset-like, in variable order."""
    coord_names = ds._coord_names
    coords: dict[Hashable, Any] = {}
    data_vars: dict[Hashable, Any] = {}
    for name, var in ds._variables.items():
        (coords if name in coord_names else data_vars)[name] = var
    return coords, data_vars


def dataset_repr(ds: Any) -> str:
    """Text repr of a Dataset: header, dimensions, coordinates, data variables, non-default
    indexes and attributes. Each section shows at most ``display_max_rows`` rows.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=("x",), sizes={"x": 2}, data=np.array([1, 2]), shape=(2,),
    ...                     dtype=np.dtype("int64"), nbytes=16, attrs={})
    >>> ds = SimpleNamespace(_variables={"a": v}, _coord_names=set(), sizes={"x": 2}, attrs={},
    ...                      xindexes={})
    >>> print(dataset_repr(ds))
    <labarray.Dataset> Size: 16B
    Dimensions:  (x: 2)
    Dimensions without coordinates: x
    Data variables:
        a        (x) int64 16B 1 2
    """
    _require(ds, _DATASET_ATTRS, "Dataset", "dataset_repr")
    coords, data_vars = _split_dataset(ds)
    col_width = _col_width(ds._variables)
    lines = [
        f"<labarray.Dataset> Size: {render_nbytes(_total_nbytes(ds._variables.values()))}",
        _pad("Dimensions:", col_width) + f"({dim_summary(ds.sizes)})",
    ]
    if coords:
        lines.append(coords_repr(coords, col_width=col_width, indexes=ds.xindexes))
    unindexed = _unindexed_dims_line(ds.sizes, coords)
    if unindexed:
        lines.append(unindexed)
    lines.append(data_vars_repr(data_vars, col_width=col_width))
    shown = _shown_indexes(ds.xindexes)
    if shown:
        lines.append(indexes_repr(shown))
    if ds.attrs:
        lines.append(attrs_repr(ds.attrs))
    return "\n".join(lines)


# --------------------------------------------------------------------------- differences

_COMPAT_WORDS = {"equals": "equal", "identical": "identical", "allclose": "close"}


def _check_compat(compat: str) -> None:
    if compat not in _COMPAT_WORDS:
        from labarray.utils.suggest import did_you_mean

        hint = did_you_mean(compat, _COMPAT_WORDS)
        raise ValueError(
            f"compat must be one of {', '.join(map(repr, _COMPAT_WORDS))}; got {compat!r}"
            + (f"; {hint}" if hint else "")
        )


def to_numpy(data: Any) -> np.ndarray:
    """Load any duck array (NumPy, Dask, lazily indexed wrapper) into a NumPy array.

    Examples
    --------
    >>> to_numpy([1, 2])
    array([1, 2])
    """
    if is_chunked_array(data):
        data = data.compute()
    elif hasattr(data, "get_duck_array"):
        data = data.get_duck_array()
    return np.asarray(data)


def _decode(values: np.ndarray) -> np.ndarray:
    return np.char.decode(values, "utf-8", "replace") if values.dtype.kind == "S" else values


def values_mismatch(
    a: np.ndarray,
    b: np.ndarray,
    compat: str = "equals",
    rtol: float = 1e-5,
    atol: float = 1e-8,
    decode_bytes: bool = True,
) -> np.ndarray:
    """Boolean mask of the positions where two same-shaped arrays differ (NaN equals NaN);
    ``compat="allclose"`` compares numbers with a tolerance.

    Examples
    --------
    >>> values_mismatch(np.array([1.0, np.nan, 3.0]), np.array([1.0, np.nan, 4.0]))
    array([False, False,  True])
    """
    if decode_bytes:
        a, b = _decode(a), _decode(b)
    if compat == "allclose" and a.dtype.kind in "iufcb" and b.dtype.kind in "iufcb":
        return ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True)
    try:
        equal = np.asarray(a == b, dtype=bool)
    except (TypeError, ValueError):  # no comparison loop for these dtypes (a TypeError)
        return np.ones(a.shape, dtype=bool)
    if equal.shape != a.shape:
        return np.ones(a.shape, dtype=bool)
    both_missing = np.asarray(pd.isnull(a), dtype=bool) & np.asarray(pd.isnull(b), dtype=bool)
    return ~(equal | both_missing)


def equivalent(a: Any, b: Any) -> bool:
    """Equality of attribute values: arrays compare elementwise, NaN equals NaN.

    Examples
    --------
    >>> equivalent(np.array([1, 2]), np.array([1, 2])), equivalent(float("nan"), float("nan"))
    (True, True)
    """
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and not values_mismatch(a, b, decode_bytes=False).any()
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(equivalent(x, y) for x, y in zip(a, b, strict=False))
    if a is b:
        return True
    try:
        if bool(a == b):
            return True
    except (TypeError, ValueError):
        return False
    return bool(pd.isnull(a) and pd.isnull(b)) if np.isscalar(a) and np.isscalar(b) else False


def _dims_text(var: Any) -> str:
    return f"({dim_summary(dict(zip(var.dims, var.shape, strict=False)))})"


def _aligned_values(a: Any, b: Any, check_dim_order: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """The values of two Variables in ``a``'s dimension order, or None when dims/shapes differ."""
    if tuple(a.dims) != tuple(b.dims):
        if check_dim_order or sorted(map(str, a.dims)) != sorted(map(str, b.dims)):
            return None
        if len(set(a.dims)) != len(a.dims):
            return None
        order = [tuple(b.dims).index(d) for d in a.dims]
        b_values = np.transpose(to_numpy(b.data), order)
    else:
        b_values = to_numpy(b.data)
    a_values = to_numpy(a.data)
    if a_values.shape != b_values.shape:
        return None
    return a_values, b_values


def _position_text(dims: Sequence[Hashable], position: tuple[int, ...]) -> str:
    return "[" + ", ".join(f"{d}={i}" for d, i in zip(dims, position, strict=False)) + "]"


def _mismatch_summary(
    dims: Sequence[Hashable],
    a: np.ndarray,
    b: np.ndarray,
    mask: np.ndarray,
    compat: str,
    limit: int = 5,
) -> str:
    count = int(mask.sum())
    positions = np.argwhere(mask)[:limit]
    shown = "; ".join(
        f"{_position_text(dims, tuple(int(i) for i in p))} {format_item(a[tuple(p)])} != "
        f"{format_item(b[tuple(p)])}"
        for p in positions
    )
    text = f"Values differ at {count} of {mask.size} positions; first: {shown}"
    if compat == "allclose" and a.dtype.kind in "iufc" and b.dtype.kind in "iufc":
        with np.errstate(invalid="ignore"):
            gap = np.abs(
                a[mask].astype(complex if "c" in a.dtype.kind + b.dtype.kind else float) - b[mask]
            )
        text += f"; max absolute difference: {format_item(np.nanmax(gap) if gap.size else 0.0)}"
    return text


def _attrs_diff(
    a_attrs: Mapping[Hashable, Any], b_attrs: Mapping[Hashable, Any], indent: str = ""
) -> list[str]:
    lines: list[str] = []
    differing = [k for k in a_attrs if k in b_attrs and not equivalent(a_attrs[k], b_attrs[k])]
    if differing:
        lines.append(f"{indent}Differing attributes:")
        for k in differing:
            lines.append(_summarize_attr(k, a_attrs[k]).replace("    ", f"{indent}L   ", 1))
            lines.append(_summarize_attr(k, b_attrs[k]).replace("    ", f"{indent}R   ", 1))
    for side, mine, theirs in (("left", a_attrs, b_attrs), ("right", b_attrs, a_attrs)):
        only = [k for k in mine if k not in theirs]
        if only:
            lines.append(f"{indent}Attributes only on the {side} object:")
            lines.extend(indent + _summarize_attr(k, mine[k]) for k in only)
    return lines


def _variable_reasons(a: Any, b: Any, compat: str, opts: dict[str, Any]) -> list[str]:
    """Why two Variables differ (empty when they compare equal under ``compat``)."""
    reasons: list[str] = []
    aligned = _aligned_values(a, b, opts["check_dim_order"])
    if aligned is None:
        reasons.append(f"Differing dimensions: {_dims_text(a)} != {_dims_text(b)}")
    else:
        mask = values_mismatch(*aligned, compat, opts["rtol"], opts["atol"], opts["decode_bytes"])
        if mask.any():
            reasons.append(_mismatch_summary(a.dims, *aligned, mask, compat))
    if compat == "identical":
        reasons.extend(_attrs_diff(a.attrs, b.attrs))
    return reasons


def _options(rtol: float, atol: float, check_dim_order: bool, decode_bytes: bool) -> dict[str, Any]:
    return {
        "rtol": rtol,
        "atol": atol,
        "check_dim_order": check_dim_order,
        "decode_bytes": decode_bytes,
    }


def _values_section(a: Any, b: Any, reasons: list[str]) -> list[str]:
    lines = [
        "Differing values:",
        "L",
        *("    " + x for x in short_data_repr(a).splitlines()),
        "R",
        *("    " + x for x in short_data_repr(b).splitlines()),
    ]
    return lines + [r for r in reasons if r.startswith("Values differ")]


def diff_variable_repr(
    a: Any,
    b: Any,
    compat: str = "equals",
    *,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    check_dim_order: bool = True,
    decode_bytes: bool = True,
) -> str:
    """Explain how two Variables differ; an empty string when they compare equal.

    Parameters
    ----------
    a, b : Variable
        The objects to compare.
    compat : {"equals", "identical", "allclose"}, default: "equals"
        "identical" also compares attributes; "allclose" compares numbers within
        ``rtol``/``atol``.
    rtol, atol : float
        Tolerances of ``compat="allclose"``.
    check_dim_order : bool, default: True
        When False, the same dimensions in another order are not a difference.
    decode_bytes : bool, default: True
        Compare bytes as UTF-8 text.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = lambda x: SimpleNamespace(dims=("x",), data=np.array(x), shape=(len(x),),
    ...                               dtype=np.dtype("int64"), attrs={})
    >>> print(diff_variable_repr(v([1, 2]), v([1, 3])))
    Left and right Variable objects are not equal
    Differing values:
    L
        array([1, 2])
    R
        array([1, 3])
    Values differ at 1 of 2 positions; first: [x=1] 2 != 3
    """
    _check_compat(compat)
    reasons = _variable_reasons(a, b, compat, _options(rtol, atol, check_dim_order, decode_bytes))
    if not reasons:
        return ""
    lines = [f"Left and right Variable objects are not {_COMPAT_WORDS[compat]}"]
    if reasons[0].startswith("Differing dimensions"):
        lines += ["Differing dimensions:", f"    {_dims_text(a)} != {_dims_text(b)}"]
    elif reasons[0].startswith("Values differ"):
        lines += _values_section(a, b, reasons)
    lines += [r for r in reasons if not r.startswith(("Differing dimensions", "Values differ"))]
    return "\n".join(lines)


def _mapping_diff(
    title: str,
    a_map: Mapping[Hashable, Any],
    b_map: Mapping[Hashable, Any],
    compat: str,
    opts: dict[str, Any],
    a_indexes: Any = None,
    b_indexes: Any = None,
) -> list[str]:
    """Sections for variables that differ or exist on one side only."""
    col_width = _col_width([*a_map, *b_map])
    a_idx, b_idx = _index_names(a_indexes), _index_names(b_indexes)
    lines: list[str] = []
    differing: list[str] = []
    for name in a_map:
        if name in b_map:
            va, vb = _variable_of(a_map[name]), _variable_of(b_map[name])
            reasons = _variable_reasons(va, vb, compat, opts)
            if reasons:
                differing.append(
                    summarize_variable(name, va, col_width, is_index=name in a_idx).replace(
                        "  ", "L ", 1
                    )
                )
                differing.append(
                    summarize_variable(name, vb, col_width, is_index=name in b_idx).replace(
                        "  ", "R ", 1
                    )
                )
                differing.extend("    " + r for r in reasons)
    if differing:
        lines += [f"Differing {title.lower()}:", *differing]
    for side, mine, theirs, idx in (("left", a_map, b_map, a_idx), ("right", b_map, a_map, b_idx)):
        only = [k for k in mine if k not in theirs]
        if only:
            lines.append(f"{title} only on the {side} object:")
            lines.extend(summarize_variable(k, mine[k], col_width, is_index=k in idx) for k in only)
    return lines


def diff_array_repr(
    a: Any,
    b: Any,
    compat: str = "equals",
    *,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    check_dim_order: bool = True,
    decode_bytes: bool = True,
) -> str:
    """Explain how two DataArrays differ (names, dimensions, values with the first differing
    positions, coordinates, attributes); an empty string when they compare equal.

    Parameters are those of :func:`diff_variable_repr`; ``compat="identical"`` also compares
    names and the attributes of the array and of its coordinates.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> def da(x, name="a"):
    ...     v = SimpleNamespace(dims=("x",), data=np.array(x), shape=(len(x),),
    ...                         dtype=np.dtype("int64"), attrs={})
    ...     return SimpleNamespace(name=name, variable=v, dims=v.dims, attrs={}, coords={})
    >>> print(diff_array_repr(da([1]), da([1], "b"), "identical"))
    Left and right DataArray objects are not identical
    Differing names:
        'a' != 'b'
    """
    _check_compat(compat)
    opts = _options(rtol, atol, check_dim_order, decode_bytes)
    lines: list[str] = []
    if compat == "identical" and a.name != b.name:
        lines += ["Differing names:", f"    {a.name!r} != {b.name!r}"]
    va, vb = a.variable, b.variable
    reasons = _variable_reasons(va, vb, "equals" if compat == "identical" else compat, opts)
    if reasons and reasons[0].startswith("Differing dimensions"):
        lines += ["Differing dimensions:", f"    {_dims_text(va)} != {_dims_text(vb)}"]
    elif reasons:
        lines += _values_section(va, vb, reasons)
    lines += _mapping_diff(
        "Coordinates",
        a.coords,
        b.coords,
        compat,
        opts,
        getattr(a, "xindexes", None),
        getattr(b, "xindexes", None),
    )
    if compat == "identical":
        lines += _attrs_diff(a.attrs, b.attrs)
    if not lines:
        return ""
    return "\n".join([f"Left and right DataArray objects are not {_COMPAT_WORDS[compat]}", *lines])


def diff_dataset_repr(
    a: Any,
    b: Any,
    compat: str = "equals",
    *,
    rtol: float = 1e-5,
    atol: float = 1e-8,
    check_dim_order: bool = True,
    decode_bytes: bool = True,
) -> str:
    """Explain how two Datasets differ (dimensions, coordinates, data variables with the first
    differing positions, attributes); an empty string when they compare equal.

    Parameters are those of :func:`diff_variable_repr`.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=(), data=np.array(1), shape=(), dtype=np.dtype("int64"),
    ...                     attrs={}, nbytes=8)
    >>> a = SimpleNamespace(_variables={"a": v}, _coord_names=set(), sizes={}, attrs={})
    >>> b = SimpleNamespace(_variables={}, _coord_names=set(), sizes={}, attrs={})
    >>> print(diff_dataset_repr(a, b))
    Left and right Dataset objects are not equal
    Data variables only on the left object:
        a        int64 8B 1
    """
    _check_compat(compat)
    opts = _options(rtol, atol, check_dim_order, decode_bytes)
    lines: list[str] = []
    if dict(a.sizes) != dict(b.sizes):
        lines += [
            "Differing dimensions:",
            f"    ({dim_summary(a.sizes)}) != ({dim_summary(b.sizes)})",
        ]
    a_coords, a_vars = _split_dataset(a)
    b_coords, b_vars = _split_dataset(b)
    a_idx, b_idx = getattr(a, "xindexes", None), getattr(b, "xindexes", None)
    lines += _mapping_diff("Coordinates", a_coords, b_coords, compat, opts, a_idx, b_idx)
    lines += _mapping_diff("Data variables", a_vars, b_vars, compat, opts)
    if compat == "identical":
        lines += _attrs_diff(a.attrs, b.attrs)
    if not lines:
        return ""
    return "\n".join([f"Left and right Dataset objects are not {_COMPAT_WORDS[compat]}", *lines])
