"""Conversions between labarray's Variables/indexes and pandas / plain-dict structures.

These functions read Datasets and DataArrays only through ``_variables``, ``sizes``,
``xindexes`` and ``get_index`` and return pandas objects or plain dicts of ``(dims, data)``
tuples: building the labarray objects is left to the caller (``labarray.methods.interop``), so
this module never imports the façade.

* :func:`product_index` builds the index of a flattened N-D block (a MultiIndex for several
  dimensions; a dimension carrying a MultiIndex contributes its levels) from integer codes,
  without materialising tuples.
* :func:`dataset_to_frame` / :func:`frame_to_variables` convert a Dataset to a DataFrame and back
  (a MultiIndex becomes one dimension per level; missing level combinations are filled).
* :func:`variable_to_dict` / :func:`dict_to_variable_tuple` back ``to_dict`` / ``from_dict``.

>>> import pandas as pd
>>> product_index([pd.Index([1, 2], name="x"), pd.Index(["a"], name="y")])
MultiIndex([(1, 'a'),
            (2, 'a')],
           names=['x', 'y'])
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labarray.kernels.take import maybe_promote
from labarray.parallel.chunkmanager import compute_arrays, dask_array, is_chunked_array
from labarray.utils.suggest import format_names
from labarray.variable import Variable

__all__ = [
    "dataset_to_frame",
    "dict_to_variable_tuple",
    "frame_to_variables",
    "normalize_dim_order",
    "product_index",
    "series_columns",
    "to_dask_frame",
    "variable_to_dict",
]


# ----------------------------------------------------------------------------- indexes
def product_index(indexes: Sequence[pd.Index]) -> pd.Index:
    """The index of the C-ordered flattening of a block with the given dimension indexes.

    Parameters
    ----------
    indexes : sequence of pandas.Index
        One named index per dimension, outermost first; a MultiIndex contributes its levels.

    Returns
    -------
    pandas.Index
        The single index itself for one plain dimension, a MultiIndex otherwise.

    Examples
    --------
    >>> product_index([pd.Index([10, 20], name="x")])
    Index([10, 20], dtype='int64', name='x')
    """
    if not indexes:
        raise ValueError("no dimensions to build an index from (a 0-dimensional object)")
    if len(indexes) == 1 and not isinstance(indexes[0], pd.MultiIndex):
        return indexes[0]
    sizes = [len(i) for i in indexes]
    levels: list[pd.Index] = []
    codes: list[np.ndarray] = []
    names: list[Hashable] = []
    for axis, index in enumerate(indexes):
        position = _product_codes(sizes, axis)
        if isinstance(index, pd.MultiIndex):
            for level, level_codes, level_name in zip(index.levels, index.codes, index.names, strict=True):
                levels.append(level)
                codes.append(np.asarray(level_codes)[position])
                names.append(level_name)
            continue
        if index.is_unique and not index.hasnans:
            # the usual case: the index is its own level, the positions are the codes
            levels.append(index)
            codes.append(position)
        else:
            level_codes, uniques = pd.factorize(index, sort=False)
            levels.append(pd.Index(uniques))
            codes.append(level_codes[position])
        names.append(index.name)
    return pd.MultiIndex(levels=levels, codes=codes, names=names, verify_integrity=False)


def _product_codes(sizes: Sequence[int], axis: int) -> np.ndarray:
    """Position along ``axis`` of each element of the C-ordered flattening of a ``sizes`` block."""
    size = sizes[axis]
    # the smallest integer type, as pandas stores MultiIndex codes (less memory to move)
    dtype = np.int8 if size < 2**7 else np.int16 if size < 2**15 else np.int32 if size < 2**31 else np.int64
    inner = math.prod(sizes[axis + 1 :])
    outer = math.prod(sizes[:axis])
    return np.tile(np.repeat(np.arange(size, dtype=dtype), inner), outer)


def normalize_dim_order(sizes: Mapping[Hashable, int], dim_order: Sequence[Hashable] | None) -> list[Hashable]:
    """Check that ``dim_order`` lists every dimension once (default: the object's order).

    Examples
    --------
    >>> normalize_dim_order({"x": 1, "y": 2}, ["y", "x"])
    ['y', 'x']
    """
    if dim_order is None:
        return list(sizes)
    order = list(dim_order)
    if len(order) != len(sizes) or set(order) != set(sizes):
        raise ValueError(
            f"dim_order {order} must list every dimension exactly once; dimensions: "
            f"{format_names(sizes)}"
        )
    return order


def _level_coords(ds: Any) -> set[Hashable]:
    """Coordinates that are levels of a multi-index (not its dimension coordinate)."""
    out = set()
    for name, index in ds.xindexes.items():
        dim = getattr(index, "dim", name)
        if name != dim and isinstance(index.to_pandas_index(), pd.MultiIndex):
            out.add(name)
    return out


def series_columns(ds: Any) -> list[Hashable]:
    """Names of the variables that become DataFrame columns (not dims, not index levels)."""
    skip = set(ds.sizes) | _level_coords(ds)
    return [k for k in ds._variables if k not in skip]


# ----------------------------------------------------------------------------- to pandas
def _flat_values(var: Variable, dims: list[Hashable], sizes: Mapping[Hashable, int]) -> np.ndarray:
    expanded = var.set_dims({d: sizes[d] for d in dims}) if set(var.dims) != set(dims) else var
    return np.asarray(expanded.transpose(*dims).values).reshape(-1)


def dataset_to_frame(ds: Any, dims: list[Hashable], columns: Sequence[Hashable] | None = None) -> pd.DataFrame:
    """A DataFrame with one row per element of the ``dims`` product and one column per variable.

    Parameters
    ----------
    ds : Dataset
        The source (read through ``_variables``, ``sizes`` and ``get_index``).
    dims : list of hashable
        Every dimension of ``ds``, in the order of the index levels.
    columns : sequence of hashable, optional
        The variables to write (default :func:`series_columns`).

    Returns
    -------
    pandas.DataFrame
    """
    if not dims:
        raise ValueError(
            "cannot convert a Dataset without dimensions to a DataFrame; use to_pandas() for a Series"
        )
    names = series_columns(ds) if columns is None else list(columns)
    index = product_index([ds.get_index(d) for d in dims])
    sizes = ds.sizes
    # Dask variables are computed together (a shared graph runs once), then flattened
    variables = [ds._variables[name] for name in names]
    loaded = compute_arrays(*(v.data if is_chunked_array(v.data) else None for v in variables))
    variables = [
        v._replace(data=np.asarray(d)) if d is not None else v for v, d in zip(variables, loaded, strict=True)
    ]
    data = {name: _flat_values(v, dims, sizes) for name, v in zip(names, variables, strict=True)}
    return pd.DataFrame(data, index=index, columns=names)


# ----------------------------------------------------------------------------- from pandas
def _numpy_values(values: Any) -> np.ndarray:
    """NumPy data of a pandas column or index (pandas' own string dtype becomes object)."""
    if isinstance(values, (pd.Series, pd.Index)):
        dtype = values.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            return np.asarray(values.astype(object))  # aware timestamps: NumPy has no time zones
        if isinstance(dtype, pd.CategoricalDtype):
            return np.asarray(values)
        if not isinstance(dtype, np.dtype):
            if dtype.kind in "OSU" or str(dtype) in ("str", "string"):
                return np.asarray(values, dtype=object)
            numpy_dtype = getattr(dtype, "numpy_dtype", None)
            if numpy_dtype is None:
                return np.asarray(values, dtype=object)
            if values.hasnans and numpy_dtype.kind in "iub":
                # nullable integers/booleans with missing values: float64 with NaN, as reindexing would
                numpy_dtype = np.dtype(np.float64)
            return values.to_numpy(dtype=numpy_dtype, na_value=np.nan)
    return np.asarray(values)


def frame_to_variables(
    df: pd.DataFrame, sparse: bool = False
) -> tuple[dict[Hashable, tuple[tuple[Hashable, ...], Any]], dict[Hashable, tuple[tuple[Hashable, ...], np.ndarray]]]:
    """Split a DataFrame into data variables and dimension coordinates.

    A MultiIndex becomes one dimension per level (unnamed levels: ``level_0``, ...) and the
    columns are laid out on the product of the levels, missing combinations filled with NaN
    (NaT for times; the dtype promoted as reindexing would). A plain index becomes one
    dimension (``"index"`` when unnamed).

    Returns
    -------
    data_vars, coords : dict
        ``{name: (dims, data)}`` mappings.

    Examples
    --------
    >>> data_vars, coords = frame_to_variables(pd.DataFrame({"a": [1, 2]}))
    >>> data_vars["a"][0], coords["index"][1]
    (('index',), array([0, 1]))
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"from_dataframe expects a pandas.DataFrame, got {type(df).__name__}")
    if not df.columns.is_unique:
        dup = df.columns[df.columns.duplicated()][0]
        raise ValueError(f"cannot convert a DataFrame with non-unique columns (e.g. {dup!r} appears twice)")
    index = df.index
    coords: dict[Hashable, tuple[tuple[Hashable, ...], np.ndarray]]
    dims: tuple[Hashable, ...]
    flat: np.ndarray | None = None
    if isinstance(index, pd.MultiIndex):
        levels, codes, flat = _multiindex_layout(index)
        dims = tuple(n if n is not None else f"level_{i}" for i, n in enumerate(index.names))
        coords = {d: ((d,), _numpy_values(level)) for d, level in zip(dims, levels, strict=True)}
        shape = tuple(len(level) for level in levels)
    else:
        dims = (index.name if index.name is not None else "index",)
        coords = {dims[0]: (dims, _numpy_values(index))}
        shape = (len(index),)
    clash = [c for c in df.columns if c in coords]
    if clash:
        raise ValueError(
            f"column {clash[0]!r} has the name of an index level of the DataFrame; rename the "
            "column or the level first"
        )
    size = math.prod(shape)
    # rows already in C order over the full product (e.g. from to_series): a plain reshape
    in_order = flat is not None and len(flat) == size and bool(np.all(flat == np.arange(size)))
    data_vars: dict[Hashable, tuple[tuple[Hashable, ...], Any]] = {}
    for name, column in df.items():
        values = _numpy_values(column)
        if flat is None:
            data_vars[name] = (dims, values)
        elif sparse:
            data_vars[name] = (dims, _sparse_array(values, codes, shape))
        elif in_order:
            data_vars[name] = (dims, values.reshape(shape).copy())
        else:
            dtype, fill = (values.dtype, None) if len(flat) == size else maybe_promote(values.dtype)
            out = np.empty(size, dtype=dtype)
            if len(flat) != size:
                out[...] = fill
            out[flat] = values
            data_vars[name] = (dims, out.reshape(shape))
    return data_vars, coords


def _multiindex_layout(index: pd.MultiIndex) -> tuple[list[pd.Index], tuple[np.ndarray, ...], np.ndarray]:
    """Used levels, their codes and each row's flat position in the product of the levels.

    Raises ``ValueError`` naming a duplicated entry or a level with missing labels.
    """
    codes = [np.asarray(c) for c in index.codes]
    for name, level_codes in zip(index.names, codes, strict=True):
        if level_codes.size and level_codes.min() < 0:
            raise ValueError(
                f"MultiIndex level {name!r} has missing labels (NaN): they cannot become "
                "coordinate labels; fill or drop them first"
            )
    levels = list(index.levels)
    for i, (level, level_codes) in enumerate(zip(levels, codes, strict=True)):
        used = np.bincount(level_codes, minlength=len(level)) > 0
        if not used.all():  # drop unused labels (as remove_unused_levels, without its cost)
            renumber = np.cumsum(used) - 1
            levels[i] = level[used]
            codes[i] = renumber[level_codes]
    shape = tuple(len(level) for level in levels)
    flat = np.ravel_multi_index(codes, shape)
    if math.prod(shape) <= 8 * len(flat) + 1024:
        # a dense product: mark the positions (one pass) rather than hash the tuples
        seen = np.zeros(math.prod(shape), dtype=bool)
        seen[flat] = True
        if int(seen.sum()) != len(flat):
            _check_unique(index)
    else:  # a sparse product (e.g. for sparse=True): do not allocate it
        _check_unique(index)
    return levels, tuple(codes), flat


def _check_unique(index: pd.MultiIndex) -> None:
    if not index.is_unique:
        dup = tuple(v.item() if isinstance(v, np.generic) else v for v in index[index.duplicated()][0])
        raise ValueError(
            f"cannot convert a DataFrame whose MultiIndex has duplicate entries (e.g. {dup!r}); "
            "aggregate them first (df.groupby(level=...).mean())"
        )


def _sparse_array(values: np.ndarray, codes: tuple[np.ndarray, ...], shape: tuple[int, ...]) -> Any:
    try:
        import sparse
    except ImportError:
        raise ImportError(
            "sparse=True needs the 'sparse' package; install it with `pip install sparse`"
        ) from None
    dtype, fill = maybe_promote(values.dtype)
    return sparse.COO(np.stack(codes), values.astype(dtype), shape=shape, fill_value=fill)


# ----------------------------------------------------------------------------- dask dataframe
def to_dask_frame(ds: Any, dims: list[Hashable], set_index: bool) -> Any:
    """A lazy ``dask.dataframe.DataFrame``: dimension columns, then other coordinates, then data variables.

    Each column is a Dask array broadcast to the ``dims`` product and flattened, its blocks
    aligned with the Dataset's chunks, so nothing is computed.
    """
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - dask.dataframe is installed in the test environment
        raise ImportError(
            "to_dask_dataframe needs dask.dataframe; install it with `pip install 'dask[dataframe]'`"
        ) from None
    if not dims:
        raise ValueError("cannot convert a Dataset without dimensions to a dask DataFrame")
    da = dask_array()
    sizes = ds.sizes
    chunks = dict(ds.chunks) if ds.chunks else {}
    block = {d: chunks.get(d, sizes[d]) for d in dims}
    level_coords = _level_coords(ds)
    coords = [k for k in ds._variables if k in ds._coord_names and k not in sizes and k not in level_coords]
    data_vars = [k for k in ds._variables if k not in ds._coord_names]
    names = [*dims, *coords, *data_vars]
    series = []
    for name in names:
        if name in sizes and isinstance(ds.get_index(name), pd.MultiIndex):
            raise ValueError(
                f"to_dask_dataframe cannot write dimension {name!r}, which has a MultiIndex; "
                "reset it first with .reset_index()"
            )
        if name in ds._variables:
            var = ds._variables[name]
            if not is_chunked_array(var.data):
                # one chunk, split along the Dataset's chunks below (never broadcast in NumPy)
                var = var._replace(data=da.from_array(np.asarray(var.values), chunks=-1))
        else:  # a dimension without coordinate: its positions
            var = Variable((name,), da.arange(sizes[name], chunks=sizes[name], dtype=np.int64))
        full = var.set_dims({d: sizes[d] for d in dims}).transpose(*dims)
        arr = full.data.rechunk(tuple(block[d] for d in dims)).reshape(-1)
        series.append(dd.from_dask_array(arr, columns=name))
    frame = dd.concat(series, axis=1)
    if set_index:
        if len(dims) > 1:
            raise ValueError(
                f"set_index=True needs a single dimension (dask DataFrames have no MultiIndex); "
                f"dimensions: {format_names(dims)}"
            )
        frame = frame.set_index(dims[0])
    return frame


# ----------------------------------------------------------------------------- dicts
def variable_to_dict(var: Variable, data: bool | str = "list", encoding: bool = False) -> dict[str, Any]:
    """``{"dims", "attrs", "data" | ("dtype", "shape")[, "encoding"]}`` of one variable.

    ``data``: ``True``/``"list"`` nested lists (times as ``datetime``/``timedelta`` objects at
    microsecond resolution), ``"array"`` NumPy arrays, ``False`` only dtype and shape.

    Examples
    --------
    >>> variable_to_dict(Variable("x", [1, 2]))
    {'dims': ('x',), 'attrs': {}, 'data': [1, 2]}
    >>> variable_to_dict(Variable("x", [1, 2]), data=False)
    {'dims': ('x',), 'attrs': {}, 'dtype': 'int64', 'shape': (2,)}
    """
    if data not in (True, False, "list", "array"):
        raise ValueError(f'data must be True, False, "list" or "array", got {data!r}')
    out: dict[str, Any] = {"dims": tuple(var.dims), "attrs": dict(var.attrs)}
    if data is False:
        out["dtype"] = str(var.dtype)
        out["shape"] = tuple(var.shape)
    else:
        values = np.asarray(var.values)
        if data == "array":
            out["data"] = values
        else:
            if values.dtype.kind in "mM":
                unit = np.datetime_data(values.dtype)[0]
                if unit in ("ns", "ps", "fs", "as"):
                    values = values.astype(f"{values.dtype.kind}8[us]")
            out["data"] = values.tolist()
    if encoding:
        out["encoding"] = dict(var.encoding)
    return out


def dict_to_variable_tuple(name: Hashable, entry: Any, what: str) -> tuple[Any, ...]:
    """``(dims, data, attrs, encoding)`` of a ``to_dict`` entry, with a clear error when malformed.

    Examples
    --------
    >>> dict_to_variable_tuple("x", {"dims": "x", "data": [1]}, "coordinate")
    ('x', [1], {}, {})
    """
    if not isinstance(entry, Mapping):
        raise TypeError(
            f"{what} {name!r} must be a dict with keys 'dims' and 'data', got {type(entry).__name__}"
        )
    missing = [k for k in ("dims", "data") if k not in entry]
    if missing:
        raise ValueError(
            f"cannot convert dict: {what} {name!r} has no key {missing[0]!r} (keys: "
            f"{format_names(entry)})"
        )
    return entry["dims"], entry["data"], dict(entry.get("attrs") or {}), dict(entry.get("encoding") or {})
