"""Moving data along dimensions: ``shift``, ``roll``, ``pad``, ``diff``, ``drop_duplicates`` and
``rank`` (which reorders values along a dimension).

Each operation has a Variable-level function working on NumPy or Dask data (Dask stays lazy and
keeps the input's chunks where the shape is unchanged) and a Dataset-level function that follows
xarray's rules for which variables and indexes move. Integers are promoted to float only when a
missing value is actually introduced (a non-zero shift, a non-empty constant pad).
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np

from labarray.indexes import PandasIndex
from labarray.indexes.indexes import isel_indexes, roll_indexes
from labarray.kernels.rank import rank_along
from labarray.kernels.take import NA, maybe_promote, result_dtype
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.dims import check_dims_exist
from labarray.utils.frozen import is_dict_like
from labarray.utils.suggest import format_names
from labarray.variable import Variable

__all__ = [
    "PAD_MODES",
    "diff_dataset",
    "drop_duplicates_indexers",
    "pad_dataset",
    "pad_variable",
    "rank_dataset",
    "rank_variable",
    "roll_dataset",
    "roll_variable",
    "shift_dataset",
    "shift_variable",
]

#: the ``mode`` values of ``pad`` (those of ``numpy.pad``)
PAD_MODES = (
    "constant", "edge", "linear_ramp", "maximum", "mean", "median", "minimum", "reflect",
    "symmetric", "wrap", "empty",
)


def _as_int(value: Any, what: str) -> int:
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an integer, got {value!r} ({type(value).__name__})") from None


def _check_shift_dims(shifts: Mapping[Any, Any], existing: Iterable[Hashable], what: str) -> None:
    check_dims_exist(list(shifts), list(existing), f"the object to {what}")


# -- shift -----------------------------------------------------------------------------------


def shift_variable(var: Variable, shifts: Mapping[Any, int], fill_value: Any = NA) -> Variable:
    """Shift the data of ``var`` by ``shifts[dim]`` positions (positive: towards the end).

    Vacated positions get ``fill_value`` (``NA``: the dtype's missing value, promoting
    integers and bools to float). Dask data stays lazy with the input's chunks.

    Examples
    --------
    >>> shift_variable(Variable("x", [1, 2, 3]), {"x": 1}).values
    array([nan,  1.,  2.])
    """
    _check_shift_dims(shifts, var.dims, "shift")
    data = var.data
    chunks = var.chunks
    for dim, count in shifts.items():
        count = _as_int(count, f"shift along {dim!r}")
        axis = var.dims.index(dim)
        n = data.shape[axis]
        width = min(abs(count), n)
        if width == 0:
            continue
        dtype, fill = result_dtype(data.dtype, fill_value)
        keep = [slice(None)] * data.ndim
        keep[axis] = slice(None, n - width) if count > 0 else slice(width, None)
        kept = data[tuple(keep)]
        fill_shape = list(data.shape)
        fill_shape[axis] = width
        if is_chunked_array(data):
            da = dask_array()
            filler = da.full(tuple(fill_shape), fill, dtype=dtype)
            parts = [filler, kept.astype(dtype)] if count > 0 else [kept.astype(dtype), filler]
            data = da.concatenate(parts, axis=axis)
        else:
            out = np.empty(data.shape, dtype=dtype)
            target = [slice(None)] * data.ndim
            target[axis] = slice(width, None) if count > 0 else slice(None, n - width)
            out[tuple(target)] = kept
            target[axis] = slice(None, width) if count > 0 else slice(n - width, None)
            out[tuple(target)] = fill
            data = out
    if chunks is not None and data.chunks != chunks:
        data = data.rechunk(chunks)
    return var._replace(data=data)


def shift_dataset(ds: Any, shifts: Mapping[Any, int], fill_value: Any = NA) -> Any:
    """Shift the data variables of ``ds``; coordinates stay (``fill_value`` may be per variable)."""
    _check_shift_dims(shifts, ds.sizes, "shift")
    variables = dict(ds._variables)
    for name, var in ds._variables.items():
        if name in ds._coord_names:
            continue
        fill = fill_value.get(name, NA) if is_dict_like(fill_value) else fill_value
        variables[name] = shift_variable(
            var, {d: s for d, s in shifts.items() if d in var.dims}, fill
        )
    return ds._replace(variables)


# -- roll ------------------------------------------------------------------------------------


def roll_variable(var: Variable, shifts: Mapping[Any, int]) -> Variable:
    """Rotate the data of ``var`` by ``shifts[dim]`` positions (values wrap around).

    Examples
    --------
    >>> roll_variable(Variable("x", [1, 2, 3]), {"x": 1}).values
    array([3, 1, 2])
    """
    _check_shift_dims(shifts, var.dims, "roll")
    counts = {d: _as_int(s, f"roll along {d!r}") for d, s in shifts.items()}
    axes = tuple(var.dims.index(d) for d in counts)
    counts_tuple = tuple(counts.values())
    data = var.data
    if not axes or not any(counts_tuple):
        return var._replace(data=data)
    if is_chunked_array(data):
        rolled = dask_array().roll(data, counts_tuple, axes)
        if rolled.chunks != data.chunks:
            rolled = rolled.rechunk(data.chunks)
        return var._replace(data=rolled)
    return var._replace(data=np.roll(data, counts_tuple, axes))


def roll_dataset(ds: Any, shifts: Mapping[Any, int], roll_coords: bool = False) -> Any:
    """Roll the data variables of ``ds`` (and, with ``roll_coords``, the coordinates and indexes)."""
    _check_shift_dims(shifts, ds.sizes, "roll")
    if roll_coords:
        indexes, index_vars = roll_indexes(ds._indexes, shifts, ds._variables)
        fixed: set[Hashable] = set()
    else:
        indexes = dict(ds._indexes)
        index_vars = {}
        fixed = set(ds._coord_names)
    variables: dict[Hashable, Variable] = {}
    for name, var in ds._variables.items():
        if name in index_vars:
            variables[name] = index_vars[name]
        elif name in fixed:
            variables[name] = var
        else:
            variables[name] = roll_variable(
                var, {d: s for d, s in shifts.items() if d in var.dims}
            )
    return ds._replace(variables, indexes=indexes)


# -- pad -------------------------------------------------------------------------------------


def _normalize_pad_width(pad_width: Mapping[Any, Any]) -> dict[Hashable, tuple[int, int]]:
    result: dict[Hashable, tuple[int, int]] = {}
    for dim, width in pad_width.items():
        if isinstance(width, tuple | list):
            if len(width) != 2:
                raise ValueError(
                    f"pad width of dimension {dim!r} must be an int or a pair (before, after), "
                    f"got {width!r}"
                )
            before, after = (_as_int(w, f"pad width of {dim!r}") for w in width)
        else:
            before = after = _as_int(width, f"pad width of {dim!r}")
        if before < 0 or after < 0:
            raise ValueError(f"pad width of dimension {dim!r} must be >= 0, got {width!r}")
        result[dim] = (before, after)
    return result


def _per_axis(var: Variable, option: Any, name: str, default: Any) -> Any:
    """A ``{dim: value}`` pad option as one entry per axis (``default(size)`` for the others)."""
    if not is_dict_like(option):
        return option
    unknown = [d for d in option if d not in var.dims]
    if unknown:
        raise ValueError(
            f"{name} names dimension(s) {format_names(unknown)} that the variable does not "
            f"have (dimensions: {format_names(var.dims)})"
        )
    result = []
    for dim, size in zip(var.dims, var.shape, strict=True):
        value = option.get(dim, default(size))
        result.append(tuple(value) if isinstance(value, list | tuple) else (value, value))
    return result


def _constant_pad_dtype(dtype: np.dtype, constant_values: Any) -> np.dtype:
    """The dtype holding the data and every constant pad value (scalars, pairs or per-dim dicts)."""
    values = list(constant_values.values()) if is_dict_like(constant_values) else [constant_values]
    for value in values:
        for item in np.ravel(np.asarray(value, dtype=object)):
            dtype = result_dtype(dtype, item)[0]
    return dtype


def pad_variable(
    var: Variable,
    pad_width: Mapping[Any, Any],
    mode: str = "constant",
    stat_length: Any = None,
    constant_values: Any = None,
    end_values: Any = None,
    reflect_type: Any = None,
    keep_attrs: bool | None = None,
) -> Variable:
    """Pad ``var`` along the dimensions of ``pad_width`` (``{dim: n | (before, after)}``).

    ``mode`` and the options are those of :func:`numpy.pad`; options may be given per
    dimension as dicts. The default constant pad uses the dtype's missing value (promoting
    integers to float when something is padded).

    Examples
    --------
    >>> pad_variable(Variable("x", [1, 2]), {"x": (1, 0)}).values
    array([nan,  1.,  2.])
    """
    if mode not in PAD_MODES:
        raise ValueError(f"unknown pad mode {mode!r}; valid modes: {format_names(PAD_MODES)}")
    widths = _normalize_pad_width(pad_width)
    check_dims_exist(list(widths), var.dims, "the variable to pad")
    data = var.data
    dtype = data.dtype
    padding = any(w != (0, 0) for w in widths.values())
    if mode == "constant" and (constant_values is None or constant_values is NA):
        if padding:
            dtype, constant_values = maybe_promote(dtype)
        else:
            constant_values = None
    elif mode == "constant" and padding:
        dtype = _constant_pad_dtype(dtype, constant_values)
    if stat_length is None and mode in ("maximum", "mean", "median", "minimum"):
        stat_length = [(n, n) for n in data.shape]
    options: dict[str, Any] = {}
    if stat_length is not None:
        options["stat_length"] = _per_axis(var, stat_length, "stat_length", lambda n: n)
    if constant_values is not None:
        options["constant_values"] = _per_axis(var, constant_values, "constant_values",
                                               lambda n: 0)
    if end_values is not None:
        options["end_values"] = _per_axis(var, end_values, "end_values", lambda n: 0)
    if reflect_type is not None:
        options["reflect_type"] = reflect_type
    if dtype.kind == "O" and "constant_values" in options:
        # keep Python scalars (not NumPy ones) in object arrays
        options["constant_values"] = np.asarray(options["constant_values"], dtype=object)
    per_axis = [widths.get(d, (0, 0)) for d in var.dims]
    if data.dtype != dtype:
        data = data.astype(dtype)
    try:
        padded = np.pad(data, per_axis, mode=mode, **options)  # type: ignore[call-overload]
    except (TypeError, ValueError) as err:
        raise type(err)(f"cannot pad the variable with mode {mode!r}: {err}") from err
    if keep_attrs is None:
        keep_attrs = _get_keep_attrs(default=True)
    return Variable(var.dims, padded, var._attrs if keep_attrs else None)


def pad_dataset(
    ds: Any,
    pad_width: Mapping[Any, Any],
    mode: str = "constant",
    stat_length: Any = None,
    constant_values: Any = None,
    end_values: Any = None,
    reflect_type: Any = None,
    keep_attrs: bool | None = None,
) -> Any:
    """Pad every variable of ``ds`` along the dimensions of ``pad_width``.

    Data variables use ``mode``; coordinates use the same mode for ``"edge"``, ``"reflect"``,
    ``"symmetric"`` and ``"wrap"`` and a constant (missing value) pad otherwise. Indexes on
    padded dimensions are rebuilt for dimension coordinates and dropped for the others.
    """
    check_dims_exist(list(pad_width), list(ds.sizes), "the object to pad")
    if mode in ("edge", "reflect", "symmetric", "wrap"):
        coord_mode = mode
        coord_options = {"stat_length": stat_length, "constant_values": constant_values,
                         "end_values": end_values, "reflect_type": reflect_type}
    else:
        coord_mode = "constant"
        coord_options = {}
    if keep_attrs is None:
        keep_attrs = _get_keep_attrs(default=True)
    xindexes = ds.xindexes
    padded_dims = set(pad_width)
    indexes = {
        k: idx for k, idx in ds._indexes.items()
        if not padded_dims.intersection(xindexes.get_all_dims(k))
    }
    variables: dict[Hashable, Variable] = {}
    for name, var in ds._variables.items():
        var_width = {d: w for d, w in pad_width.items() if d in var.dims}
        if not var_width:
            variables[name] = var
        elif name not in ds._coord_names:
            if is_dict_like(constant_values):
                if name in constant_values:
                    values = constant_values[name]
                elif not set(var.dims).isdisjoint(constant_values):
                    values = {d: v for d, v in constant_values.items() if d in var.dims}
                else:
                    values = 0
            else:
                values = constant_values
            variables[name] = pad_variable(
                var, var_width, mode=mode, stat_length=stat_length, constant_values=values,
                end_values=end_values, reflect_type=reflect_type, keep_attrs=keep_attrs,
            )
        else:
            padded = pad_variable(var, var_width, mode=coord_mode, keep_attrs=keep_attrs,
                                  **coord_options)
            if var.dims == (name,):
                index = PandasIndex.from_variables({name: padded}, options={})
                padded = index.create_variables({name: padded})[name]
                indexes[name] = index
            variables[name] = padded
    return ds._replace_with_new_dims(
        variables, set(ds._coord_names), attrs=ds._attrs if keep_attrs else None,
        indexes=indexes,
    )


# -- diff ------------------------------------------------------------------------------------


def diff_dataset(ds: Any, dim: Hashable, n: int = 1, label: str = "upper") -> Any:
    """``n``-th order discrete difference of the data variables of ``ds`` along ``dim``.

    Coordinates along ``dim`` keep the labels of the upper (``label="upper"``) or lower end of
    each difference.
    """
    n = _as_int(n, "the order n of diff")
    if n < 0:
        raise ValueError(f"the order n of diff must be >= 0, got {n}")
    if label not in ("upper", "lower"):
        raise ValueError(f"label must be 'upper' or 'lower', got {label!r}")
    check_dims_exist([dim], list(ds.sizes), "the object to diff")
    start = {dim: slice(None, -1)}
    end = {dim: slice(1, None)}
    new = end if label == "upper" else start
    for _ in range(n):
        indexes, index_vars = isel_indexes(ds._indexes, new, ds._variables)
        variables: dict[Hashable, Variable] = {}
        for name, var in ds._variables.items():
            if name in index_vars:
                variables[name] = index_vars[name]
            elif dim in var.dims:
                if name in ds._coord_names:
                    variables[name] = var.isel(new)
                else:
                    upper, lower = var.isel(end), var.isel(start)
                    if var.dtype.kind == "b":
                        variables[name] = upper._replace(
                            data=np.not_equal(upper.data, lower.data)
                        )
                    else:
                        variables[name] = upper - lower
            else:
                variables[name] = var
        ds = ds._replace_with_new_dims(variables, set(ds._coord_names), indexes=indexes)
    return ds


# -- drop_duplicates -------------------------------------------------------------------------


def drop_duplicates_indexers(
    ds: Any, dim: Hashable | Iterable[Hashable], keep: Any = "first"
) -> dict[Hashable, np.ndarray]:
    """``{dim: boolean mask}`` keeping the first/last (or no) occurrence of each label."""
    if keep not in ("first", "last", False):
        raise ValueError(f"keep must be 'first', 'last' or False, got {keep!r}")
    existing = list(ds.sizes)
    if dim is ...:
        dims = existing
    elif isinstance(dim, str) or not isinstance(dim, Iterable):
        dims = [dim]
    else:
        dims = list(dim)
    check_dims_exist(dims, existing, "the object (drop_duplicates)")
    return {d: ~np.asarray(ds.get_index(d).duplicated(keep=keep)) for d in dims}


# -- rank ------------------------------------------------------------------------------------


def _rankable(data: Any) -> Any:
    kind = data.dtype.kind
    if kind in "biuf":
        return data
    if kind in "mM":
        missing = np.isnat(data)
        as_float = data.view("i8").astype(np.float64) if not is_chunked_array(data) else (
            data.astype("i8").astype(np.float64)
        )
        return np.where(missing, np.nan, as_float)
    if kind in "US":
        # strings rank in lexicographic order: their sorted codes carry the same order
        if is_chunked_array(data):
            return data.map_blocks(_string_codes, dtype=np.float64)
        return _string_codes(np.asarray(data))
    raise TypeError(
        f"rank needs numeric, boolean, datetime or string data, got dtype {data.dtype}"
    )


def _string_codes(values: np.ndarray) -> np.ndarray:
    """Positions of ``values`` among their sorted unique values, as float64."""
    _, inverse = np.unique(values, return_inverse=True)
    return inverse.reshape(values.shape).astype(np.float64)


def rank_variable(var: Variable, dim: Hashable, pct: bool = False) -> Variable:
    """Ranks of the values of ``var`` along ``dim`` (float64; ties averaged; NaN stays NaN).

    ``pct`` divides by the number of valid values. Dask data stays lazy (``dim`` is first
    gathered into one chunk).

    Examples
    --------
    >>> rank_variable(Variable("x", [30, 10, 20, 10]), "x").values
    array([4. , 1.5, 3. , 1.5])
    """
    check_dims_exist([dim], var.dims, "the object to rank")
    axis = var.dims.index(dim)
    data = var.data
    if is_chunked_array(data):
        single = _rankable(data.rechunk({axis: -1}))  # whole lanes per block before coding strings
        ranked = single.map_blocks(rank_along, axis, pct, dtype=np.float64)
        return var._replace(data=ranked)
    return var._replace(data=rank_along(np.asarray(_rankable(data)), axis, pct))


def rank_dataset(ds: Any, dim: Hashable, pct: bool = False, keep_attrs: bool | None = None) -> Any:
    """Rank the data variables of ``ds`` that have ``dim`` (the others are dropped)."""
    if dim not in ds.sizes:
        check_dims_exist([dim], list(ds.sizes), "the object to rank")
    variables: dict[Hashable, Variable] = {}
    for name, var in ds._variables.items():
        if name in ds._coord_names:
            variables[name] = var
        elif dim in var.dims:
            variables[name] = rank_variable(var, dim, pct)
    if keep_attrs is None:
        keep_attrs = _get_keep_attrs(default=True)
    return ds._replace(variables, set(ds._coord_names), attrs=ds._attrs if keep_attrs else None)
