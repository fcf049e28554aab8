"""Positional and label selection on a set of Variables with their indexes.

The façade's ``isel``/``sel``/``head``/``drop_sel``/``sortby`` reduce to the functions here, which
work on dicts of Variables and Index objects and return new dicts. Label -> position conversion is
the indexes' job (:func:`labarray.indexes.selection.map_index_queries`).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import Any

import numpy as np

from labarray.indexes import Index, isel_indexes
from labarray.structure.align import align
from labarray.structure.merge import is_dataarray_like
from labarray.utils.suggest import missing_names_message
from labarray.variable import Variable

__all__ = [
    "check_indexer_dim_coords",
    "head_tail_thin_indexers",
    "prepare_positional_indexers",
    "reattach_indexer_coords",
    "sortby_indexers",
    "squeeze_dims",
    "isel_variables",
    "normalize_positional_indexer",
]


def normalize_positional_indexer(dim: Hashable, key: Any) -> Any:
    """Check and convert one positional indexer (int, slice, array-like, Variable).

    Raises ``TypeError``/``IndexError`` naming the dimension for indexers of the wrong kind.
    """
    if type(key) is slice or type(key) is int:
        return key
    if key is Ellipsis:
        return slice(None)
    if isinstance(key, Variable | slice) or key is Ellipsis:
        return key
    if isinstance(key, bool | np.bool_):
        raise TypeError(
            f"cannot index dimension {dim!r} with a boolean scalar; use an integer, a slice, "
            "or a boolean array of the dimension's length"
        )
    if isinstance(key, int | np.integer):
        return int(key)
    if isinstance(key, float | np.floating):
        raise TypeError(
            f"positional indexer for dimension {dim!r} must be an integer, not {key!r}; "
            "use .sel() to select by label"
        )
    if isinstance(key, str):
        raise TypeError(
            f"positional indexer for dimension {dim!r} must be an integer, slice or array, not "
            f"the string {key!r}; use .sel({dim}={key!r}) to select by label"
        )
    array = np.asarray(key)
    if array.dtype.kind not in "iub" and array.size:
        raise TypeError(
            f"positional indexer for dimension {dim!r} must contain integers or booleans, got "
            f"dtype {array.dtype}; use .sel() to select by label"
        )
    if array.ndim == 0:
        return int(array)
    if array.ndim > 1:
        raise IndexError(
            f"a {array.ndim}-dimensional array cannot index dimension {dim!r}; wrap it in a "
            "DataArray with named dimensions for vectorized (pointwise) indexing"
        )
    return array.astype(np.intp) if array.dtype.kind == "u" or not array.size else array


def isel_variables(
    variables: Mapping[Hashable, Variable],
    indexes: Mapping[Hashable, Index],
    indexers: Mapping[Hashable, Any],
    coord_names: Collection[Hashable],
    *,
    drop: bool = False,
) -> tuple[dict[Hashable, Variable], dict[Hashable, Index]]:
    """Apply positional indexers to every variable and index.

    ``indexers`` maps dimension names to ints, slices, 1-D integer/boolean arrays or Variables
    (vectorized indexing). Indexes follow along; an index indexed by a scalar or by a Variable on
    other dimensions is dropped and its coordinate kept as a plain coordinate.
    """
    new_indexes, index_variables = isel_indexes(indexes, indexers, variables)
    out: dict[Hashable, Variable] = {}
    for name, variable in variables.items():
        if name in index_variables:
            out[name] = index_variables[name]
            continue
        var_dims = variable.dims
        if any(d in indexers for d in var_dims):
            key = tuple(indexers.get(d, slice(None)) for d in var_dims)
            selected = variable._basic_isel_numpy(key)
            variable = selected if selected is not None else variable.isel({d: indexers[d] for d in var_dims if d in indexers})
            if drop and variable.ndim == 0 and name in coord_names:
                continue
        out[name] = variable
    return out, new_indexes


def head_tail_thin_indexers(
    kind: str, indexers: Mapping[Hashable, Any] | int | None, sizes: Mapping[Hashable, int], kwargs: Mapping[str, Any]
) -> dict[Hashable, slice]:
    """Turn the arguments of ``head``/``tail``/``thin`` into slices per dimension."""
    if indexers is None and not kwargs:
        indexers = 5
    if isinstance(indexers, int) and not isinstance(indexers, bool):
        if kind == "thin" and indexers == 0:
            raise ValueError("step for thin must be a positive integer, got 0")
        values = dict.fromkeys(sizes, indexers)
    else:
        if indexers is not None and not isinstance(indexers, Mapping):
            raise TypeError(
                f"{kind} expects an integer or a mapping of dimension names to integers, "
                f"got {type(indexers).__name__}"
            )
        values = dict(indexers or {}, **kwargs)
    out: dict[Hashable, slice] = {}
    for dim, value in values.items():
        if not isinstance(value, int | np.integer) or isinstance(value, bool):
            raise TypeError(
                f"{kind} expects an integer for dimension {dim!r}, got {type(value).__name__} {value!r}"
            )
        if value < 0:
            raise ValueError(f"{kind} expects a non-negative integer for dimension {dim!r}, got {value}")
        if kind == "head":
            out[dim] = slice(value)
        elif kind == "tail":
            out[dim] = slice(-value, None) if value else slice(0, 0)
        else:
            if value == 0:
                raise ValueError(f"step for thin along dimension {dim!r} must be positive, got 0")
            out[dim] = slice(None, None, int(value))
    return out


def prepare_positional_indexers(
    indexers: Mapping[Hashable, Any],
) -> tuple[dict[Hashable, Any], dict[Hashable, tuple[Variable, Index | None]]]:
    """Split DataArray indexers into positional Variables and the coordinates they bring along."""
    positional: dict[Hashable, Any] = {}
    extra: dict[Hashable, tuple[Variable, Index | None]] = {}
    for dim, key in indexers.items():
        if is_dataarray_like(key):
            var = key.variable
            if var.dtype.kind == "b" and var.ndim == 1 and var.dims == (dim,):
                positional[dim] = np.asarray(var.values)
                continue
            if var.dtype.kind not in "iub":
                raise TypeError(
                    f"positional indexer for dimension {dim!r} must contain integers, got dtype "
                    f"{var.dtype}; use .sel() to select by label"
                )
            positional[dim] = var
            for cname, cvar in key._coords.items():
                if cname == dim:
                    continue
                extra[cname] = (cvar, key._indexes.get(cname))
        else:
            positional[dim] = normalize_positional_indexer(dim, key)
    return positional, extra


def check_indexer_dim_coords(indexers: Mapping[Hashable, Any], selected: Mapping[Hashable, Variable]) -> None:
    """A DataArray indexer's own coordinate ``dim`` must agree with the selected coordinate."""
    for dim, key in indexers.items():
        if is_dataarray_like(key) and key.dtype.kind != "b" and dim in key._coords and dim in selected:
            if not selected[dim].equals(key._coords[dim]):
                raise IndexError(
                    f"dimension coordinate {dim!r} conflicts between the indexed object and the "
                    f"indexer: {selected[dim].values!r} vs {key._coords[dim].values!r}; drop the "
                    f"indexer's coordinate (indexer.drop_vars({dim!r})) to index by position only"
                )


def reattach_indexer_coords(dim_indexers: Mapping[Hashable, Any], label_indexers: Mapping[Hashable, Any]) -> dict[Hashable, Any]:
    """Positional indexers computed from DataArray labels keep those labels' coordinates."""
    out = dict(dim_indexers)
    for key, label in label_indexers.items():
        if is_dataarray_like(label) and label._coords and key in out and isinstance(out[key], int | np.integer):
            out[key] = Variable((), np.asarray(out[key]))  # a 0-d label keeps its coordinates
        if is_dataarray_like(label) and key in out and isinstance(out[key], Variable):
            coords = {k: v for k, v in label._coords.items() if k != key}
            indexes = {k: v for k, v in label._indexes.items() if k in coords}
            out[key] = type(label)._construct_direct(out[key], coords, None, indexes)
    return out


def squeeze_dims(dim: Any, sizes: Mapping[Hashable, int]) -> list[Hashable]:
    if dim is None:
        return [d for d, s in sizes.items() if s == 1]
    dims = [dim] if isinstance(dim, str) or not isinstance(dim, Iterable) else list(dim)
    missing = [d for d in dims if d not in sizes]
    if missing:
        raise ValueError(missing_names_message("dimension", missing, list(sizes)))
    wrong = [f"{d!r} (length {sizes[d]})" for d in dims if sizes[d] != 1]
    if wrong:
        raise ValueError(f"cannot squeeze dimensions of length other than 1: {', '.join(wrong)}")
    return dims


def sortby_indexers(obj: Any, variables: Any, ascending: bool) -> dict[Hashable, np.ndarray]:
    if isinstance(variables, str) or not isinstance(variables, list):
        variables = [variables]
    arrays = []
    for v in variables:
        arr = obj[v] if isinstance(v, Hashable) and not is_dataarray_like(v) else v
        if not is_dataarray_like(arr):
            raise TypeError(f"sortby needs names or DataArrays, got {type(v).__name__}")
        if arr.ndim != 1:
            raise ValueError(f"sortby needs 1-D variables; {arr.name!r} has dimensions {arr.dims}")
        arrays.append(arr)
    aligned = align(obj, *arrays, join="left")
    by_dim: dict[Hashable, list[np.ndarray]] = {}
    for arr in aligned[1:]:
        by_dim.setdefault(arr.dims[0], []).append(np.asarray(arr.values))
    out = {}
    for dim, keys in by_dim.items():
        order = np.lexsort(tuple(reversed(keys)))
        out[dim] = order if ascending else order[::-1]
    return out
