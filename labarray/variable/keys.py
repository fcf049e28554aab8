"""Turn a user key (ints, slices, arrays, Variables, dicts) into an explicit indexer.

:func:`broadcast_indexes` decides between basic, outer (orthogonal) and vectorized indexing
with xarray's rules and returns the dimensions of the result.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

from labarray.utils.frozen import is_dict_like
from labarray.utils.suggest import missing_names_message
from labarray.variable.broadcast import insert_axes, is_variable, shared_dims
from labarray.variable.indexing import (
    BasicIndexer,
    ExplicitIndexer,
    OuterIndexer,
    VectorizedIndexer,
    expanded_indexer,
)

__all__ = ["broadcast_indexes"]


def _bad_dtype(dim: Hashable, dtype: Any) -> IndexError:
    return IndexError(
        f"positional indexers along dimension {dim!r} must be integers, slices or arrays of "
        f"integers or booleans; got dtype {dtype}"
    )


def _check_bounds(values: np.ndarray, dim: Hashable, size: int) -> None:
    if values.size and (values.max() >= size or values.min() < -size):
        bad = values[(values >= size) | (values < -size)].ravel()[0]
        raise IndexError(
            f"index {bad} is out of bounds for dimension {dim!r} with size {size}"
        )


def _normalize_entry(k: Any, dim: Hashable, size: int, var_type: type) -> Any:
    """Return an int, a slice, a 1-D/N-d integer ndarray, or an integer Variable."""
    if hasattr(k, "_variable") and not is_variable(k):
        k = k._variable
    if isinstance(k, slice):
        return k
    if isinstance(k, (bool, np.bool_)):
        raise _bad_dtype(dim, "bool (a scalar)")
    if is_variable(k):
        values = np.asarray(k.values)
        if values.ndim == 0:
            k = values[()]
        else:
            if values.dtype.kind == "b":
                if k.dims != (dim,):
                    raise IndexError(
                        f"a boolean Variable indexer for dimension {dim!r} must have the dims "
                        f"({dim!r},); got {k.dims}"
                    )
                values = np.flatnonzero(_check_bool_length(values, dim, size))
            elif values.dtype.kind not in "iu":
                if values.size:
                    raise _bad_dtype(dim, values.dtype)
                values = values.astype(np.intp)
            _check_bounds(values, dim, size)
            return var_type(k.dims, values)
    if isinstance(k, (int, np.integer)) or (isinstance(k, np.ndarray) and k.ndim == 0):
        value = np.asarray(k)
        if value.dtype.kind not in "iu":
            raise _bad_dtype(dim, value.dtype)
        _check_bounds(value, dim, size)
        return int(value)
    values = np.asarray(k)
    if values.ndim == 0:
        raise _bad_dtype(dim, values.dtype)
    if values.dtype.kind == "b":
        if values.ndim != 1:
            raise IndexError(
                f"boolean indexers along dimension {dim!r} must be 1-dimensional; got shape "
                f"{values.shape}"
            )
        return np.flatnonzero(_check_bool_length(values, dim, size))
    if values.dtype.kind not in "iu":
        if values.size:
            raise _bad_dtype(dim, values.dtype)
        values = values.astype(np.intp)
    _check_bounds(values, dim, size)
    return values


def _check_bool_length(values: np.ndarray, dim: Hashable, size: int) -> np.ndarray:
    if len(values) != size:
        raise IndexError(
            f"boolean indexer for dimension {dim!r} has length {len(values)} but the dimension "
            f"has length {size}"
        )
    return values


def broadcast_indexes(
    var: Any, key: Any, shape: tuple[int, ...] | None = None
) -> tuple[tuple[Hashable, ...], ExplicitIndexer, tuple[Hashable, ...]]:
    """Resolve ``key`` against ``var`` (whose ``shape`` may be overridden for validation).

    Returns
    -------
    dims : tuple
        Dimensions of the result, in xarray's order.
    indexer : ExplicitIndexer
        What to apply to the data.
    raw_dims : tuple
        The dimensions of the array the indexer produces (vectorized indexing puts the
        broadcast indexer dimensions first); transpose to ``dims`` afterwards.
    """
    if is_dict_like(key):
        unknown = [k for k in key if k not in var.dims]
        if unknown:
            raise IndexError(missing_names_message("dimension", unknown, var.dims, "the Variable"))
        key = tuple(key.get(d, slice(None)) for d in var.dims)
    key = expanded_indexer(key, var.ndim)
    var_type = type(var)
    shape = var.shape if shape is None else shape
    entries = [
        _normalize_entry(k, dim, size, var_type)
        for k, dim, size in zip(key, var.dims, shape, strict=True)
    ]
    if all(isinstance(k, (int, slice)) for k in entries):
        dims = tuple(d for k, d in zip(entries, var.dims, strict=True) if isinstance(k, slice))
        return dims, BasicIndexer(tuple(entries)), dims

    for k, dim in zip(entries, var.dims, strict=True):
        if isinstance(k, np.ndarray) and k.ndim > 1:
            raise IndexError(
                f"an unlabeled {k.ndim}-dimensional array cannot index dimension {dim!r}; wrap "
                "it in a Variable (or DataArray) with dimension names for vectorized indexing"
            )
    if all(not is_variable(k) or k.ndim == 1 for k in entries):
        out: list[Hashable] = []
        for k, dim in zip(entries, var.dims, strict=True):
            if is_variable(k):
                out.append(k.dims[0])
            elif not isinstance(k, int):
                out.append(dim)
        if len(set(out)) == len(out):
            outer = tuple(k.data if is_variable(k) else k for k in entries)
            return tuple(out), OuterIndexer(outer), tuple(out)
    return _vectorized(var, entries, var_type, shape)


def _vectorized(
    var: Any, entries: list[Any], var_type: type, shape: tuple[int, ...]
) -> tuple[tuple[Hashable, ...], ExplicitIndexer, tuple[Hashable, ...]]:
    as_vars: list[Any] = []
    for k, dim in zip(entries, var.dims, strict=True):
        if isinstance(k, int):
            as_vars.append(var_type((), np.asarray(k)))
        elif isinstance(k, np.ndarray):
            as_vars.append(var_type((dim,), k))
        else:
            as_vars.append(k)
    indexer_dims = {d for k in as_vars if is_variable(k) for d in k.dims}
    for i, (k, dim, size) in enumerate(zip(as_vars, var.dims, shape, strict=True)):
        if isinstance(k, slice) and dim in indexer_dims:
            as_vars[i] = var_type((dim,), np.arange(size)[k])
    out: dict[Hashable, None] = {}
    for k, dim in zip(as_vars, var.dims, strict=True):
        out.update(dict.fromkeys(k.dims if is_variable(k) else (dim,)))
    variables = [k for k in as_vars if is_variable(k)]
    try:
        bdims = tuple(shared_dims(variables, what="indexer"))
    except ValueError as err:
        raise IndexError(f"the indexers do not broadcast together: {err}") from None
    key = tuple(
        np.asarray(insert_axes(k, bdims)) if is_variable(k) else k for k in as_vars
    )
    slice_dims = tuple(
        dim for k, dim in zip(as_vars, var.dims, strict=True) if isinstance(k, slice)
    )
    return tuple(out), VectorizedIndexer(key), bdims + slice_dims
