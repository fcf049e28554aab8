"""Grouped binary operations: broadcast an operand indexed by group label back onto the groups.

``gb - clim`` (``clim`` has a ``month`` dimension) subtracts from every element the value of
``clim`` at that element's group. :func:`expand_by_group` builds that operand: each variable of
``clim`` with the group dimension(s) is gathered once along them with the per-element positions
(one ``take``, ``-1`` -> missing for elements in no group or groups ``clim`` lacks), so the
grouped dimension(s) of the original object replace ``month``. The operation itself is then the
ordinary, dimension-name broadcasting arithmetic of DataArray/Dataset. Dask data stay lazy and the
gathered operand is chunked like the grouped object along the grouped dimension.

This module works on Variables and the objects' ``_replace`` constructors only.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labarray.compute.grouping.groupers import EncodedGroups
from labarray.indexes import filter_indexes_from_coords
from labarray.kernels.take import NA, result_dtype, take_with_fill, take_with_fill_dask
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.structure.arithmetic import joined_variable_op
from labarray.utils.suggest import format_names
from labarray.variable import Variable

__all__ = ["element_positions", "expand_by_group", "fused_group_binary_op", "is_labeled"]


def is_labeled(obj: Any) -> bool:
    """Whether ``obj`` is a DataArray or a Dataset (duck-typed: this layer cannot import them)."""
    return hasattr(obj, "_replace") and hasattr(obj, "xindexes") and hasattr(obj, "dims")


def _as_dataset(obj: Any) -> tuple[Any, bool]:
    if hasattr(obj, "_to_temp_dataset"):
        return obj._to_temp_dataset(), True
    return obj, False


def element_positions(
    other_ds: Any,
    encoded: Sequence[EncodedGroups],
    combined_codes: np.ndarray,
    what: str,
) -> np.ndarray:
    """Per-element flat positions into ``other_ds``'s group dimensions (``-1``: no value).

    ``other_ds`` has one dimension per grouper (named after the grouper's output); positions are
    flattened in the groupers' order.
    """
    per_group = []
    sizes = []
    for enc in encoded:
        name = enc.name
        if name not in other_ds.dims:
            raise ValueError(
                f"incompatible dimensions for a grouped {what}: the group variable {name!r} "
                f"is not a dimension of the other argument (its dimensions: "
                f"{format_names(other_ds.dims)})"
            )
        size = other_ds.dims[name]
        if name in other_ds._indexes:
            index = other_ds._indexes[name].to_pandas_index()
            positions = index.get_indexer(pd.Index(enc.labels, tupleize_cols=False))
        elif size == enc.ngroups:
            positions = np.arange(size)
        else:
            raise ValueError(
                f"the other argument of a grouped {what} has {size} values along {name!r} and "
                f"no index to match them with the {enc.ngroups} groups; add the group labels "
                f"as coordinate {name!r}"
            )
        per_group.append(np.asarray(positions, dtype=np.int64))
        sizes.append(size)
    if len(per_group) == 1:
        flat = per_group[0]
    else:
        grids = np.meshgrid(*per_group, indexing="ij")
        missing = np.zeros(grids[0].shape, bool)
        for g in grids:
            missing |= g < 0
        flat = np.ravel_multi_index(tuple(np.maximum(g, 0) for g in grids), tuple(sizes))
        flat = np.where(missing, -1, flat).reshape(-1)
    valid = combined_codes >= 0
    return np.where(valid, flat[np.where(valid, combined_codes, 0)], -1)


def _expand_variable(
    var: Variable,
    names: tuple[Hashable, ...],
    positions: np.ndarray,
    group_dims: tuple[Hashable, ...],
    group_shape: tuple[int, ...],
    target_chunks: dict[Hashable, tuple[int, ...]],
    dim_order: tuple[Hashable, ...],
) -> Variable:
    rest = tuple(d for d in var.dims if d not in names)
    # group dimensions first: the gather copies whole contiguous rows of the operand
    var = var.transpose(*names, *rest)
    data = var.data
    tail = data.shape[len(names) :]
    data = data.reshape((-1,) + tail)
    flat_positions = positions.reshape(-1)
    lazy = is_chunked_array(data) or any(d in target_chunks for d in group_dims)
    if lazy and len(group_dims) == 1 and group_dims[0] in target_chunks:
        data = _blockwise_take(data, flat_positions, target_chunks[group_dims[0]])
        expanded = Variable(group_dims + rest, data, var._attrs)
        order = [d for d in rest if d not in dim_order] + [
            d for d in dim_order if d in expanded.dims
        ]
        return expanded.transpose(*order) if tuple(order) != expanded.dims else expanded
    if lazy:
        if not is_chunked_array(data):
            data = dask_array().from_array(data, chunks=-1)
        data = take_with_fill_dask(data, flat_positions, 0)
    elif flat_positions.size and flat_positions.min() >= 0:
        data = np.take(data, flat_positions, axis=0)  # no fill: NumPy's row copies are fastest
    else:
        data = take_with_fill(data, flat_positions, 0)
    data = data.reshape(group_shape + tail)
    if lazy and all(d in target_chunks for d in group_dims):
        chunks = [target_chunks[d] for d in group_dims] + list(data.chunks[len(group_dims) :])
        data = data.rechunk(tuple(chunks))
    expanded = Variable(group_dims + rest, data, var._attrs)
    # then the grouped object's order of dimensions, so the operation runs in memory order
    order = [d for d in rest if d not in dim_order] + [d for d in dim_order if d in expanded.dims]
    return expanded.transpose(*order) if tuple(order) != expanded.dims else expanded


def _take_rows(positions: np.ndarray, rows: np.ndarray) -> np.ndarray:
    if positions.size and positions.min() >= 0:
        return np.take(rows, positions, axis=0)
    return take_with_fill(rows, positions, 0)


def _blockwise_take(data: Any, positions: np.ndarray, chunks: tuple[int, ...]) -> Any:
    """Gather rows of ``data`` (one row per group) lazily, one task per block of the result.

    The per-group operand is small: it is held whole along the group axis and every output
    block gathers its own rows, so the result is chunked exactly like the grouped object
    along the grouped dimension with no rechunking (Dask's fancy indexing would split it).
    """
    da = dask_array()
    if not is_chunked_array(data):
        data = da.from_array(data, chunks=-1)
    data = data.rechunk({0: -1})
    dtype = data.dtype
    if positions.size and positions.min() < 0:
        dtype = result_dtype(dtype, NA)[0]
    tail = "".join(chr(ord("b") + i) for i in range(data.ndim - 1))
    pos = da.from_array(positions, chunks=(chunks,))
    return da.blockwise(
        _take_rows, "z" + tail, pos, "z", data, "y" + tail, concatenate=True, dtype=dtype,
        meta=np.empty((0,) * data.ndim, dtype=dtype),
    )  # fmt: skip


def _group_chunks(obj_ds: Any, group_dims: tuple[Hashable, ...]) -> dict[Hashable, tuple[int, ...]]:
    """Chunks of the grouped object along its grouped dimensions (empty when not lazy)."""
    chunks: dict[Hashable, tuple[int, ...]] = {}
    for var in obj_ds._variables.values():
        if var.chunks is None:
            continue
        for dim, c in zip(var.dims, var.chunks, strict=True):
            if dim in group_dims:
                chunks.setdefault(dim, c)
    return chunks


def expand_by_group(
    other: Any,
    obj: Any,
    encoded: Sequence[EncodedGroups],
    combined_codes: np.ndarray,
    group_dims: tuple[Hashable, ...],
    what: str = "binary operation",
) -> Any:
    """``other`` (indexed by group labels) gathered onto the grouped dimensions of ``obj``.

    Parameters
    ----------
    other : DataArray or Dataset
        Has one dimension per grouper, named after the grouper's output (``"month"``).
    obj : DataArray or Dataset
        The grouped object (gives the chunks of a lazy result).
    encoded : sequence of EncodedGroups
        The groupers' encodings.
    combined_codes : numpy.ndarray
        Per-element group codes over ``group_dims`` (flattened over the groupers).
    group_dims : tuple of hashable
        Dimensions of the groups.
    what : str
        Name of the operation, for error messages.

    Returns
    -------
    Same type as ``other``: the group dimensions replaced by ``group_dims``; the group label
    coordinates become non-index coordinates along ``group_dims``.
    """
    other_ds, was_dataarray = _as_dataset(other)
    obj_ds, _ = _as_dataset(obj)
    names = tuple(enc.name for enc in encoded)
    positions = element_positions(other_ds, encoded, combined_codes, what)
    group_shape = tuple(obj_ds.dims[d] for d in group_dims)
    target_chunks = _group_chunks(obj_ds, group_dims)
    dim_order = tuple(obj.dims) if hasattr(obj, "_to_temp_dataset") else tuple(obj_ds.dims)
    variables = {}
    for key, var in other_ds._variables.items():
        present = [n for n in names if n in var.dims]
        if not present:
            variables[key] = var
            continue
        if len(present) != len(names):
            raise ValueError(
                f"variable {key!r} of the other argument of a grouped {what} has dimensions "
                f"{var.dims}: it needs all of the group dimensions {names} or none of them"
            )
        if key in names and key in group_dims:
            continue  # the label coordinate of a grouped dimension coordinate: obj has it
        if key in names and var.dtype.kind not in "O":
            var = var.to_base_variable() if hasattr(var, "to_base_variable") else var
        # coordinates (the group labels) stay in memory unless they are lazy already
        chunks = {} if key in other_ds._coord_names else target_chunks
        variables[key] = _expand_variable(
            var, names, positions, group_dims, group_shape, chunks, dim_order
        )
    coord_names = {k for k in other_ds._coord_names if k in variables}
    indexes = filter_indexes_from_coords(
        {k: v for k, v in other_ds._indexes.items() if k not in names}, coord_names
    )
    expanded = other_ds._replace_with_new_dims(variables, coord_names, indexes=indexes)
    return other._from_temp_dataset(expanded) if was_dataarray else expanded


def fused_group_binary_op(
    obj: Any,
    other: Any,
    encoded: Sequence[EncodedGroups],
    combined_codes: np.ndarray,
    group_dims: tuple[Hashable, ...],
    f: Any,
    reflexive: bool = False,
) -> Any:
    """``f(obj, other expanded by group)`` in one pass over in-memory DataArrays, or None.

    The common anomaly ``da.groupby("time.month") - clim`` reads ``da`` once and picks each
    element's climatology value by its group position inside the kernel
    (:func:`labarray.structure.arithmetic.joined_variable_op`), instead of first gathering
    ``clim`` onto the time axis (a copy as large as ``da``) and then subtracting. Anything else
    (Datasets, Dask, several groupers, other dimensions with different indexes, coordinates that
    would conflict) returns None and takes the general path of :func:`expand_by_group`.
    """
    if not (hasattr(obj, "_to_temp_dataset") and hasattr(other, "_to_temp_dataset")):
        return None
    if len(encoded) != 1 or len(group_dims) != 1:
        return None
    name, (gdim,) = encoded[0].name, group_dims
    ovar, cvar = obj.variable, other.variable
    if not (isinstance(ovar._data, np.ndarray) and isinstance(cvar._data, np.ndarray)):
        return None
    if name not in cvar.dims or gdim in cvar.dims or not set(cvar.dims) - {name} <= set(ovar.dims):
        return None
    for dim in set(cvar.dims) - {name}:
        mine, theirs = obj.xindexes.get(dim), other.xindexes.get(dim)
        if (mine is None) != (theirs is None) or (mine is not None and not mine.equals(theirs)):
            return None  # the general path aligns these
    for key in other.coords:
        if key in obj.coords and key not in other.xindexes:
            return None  # a non-index coordinate on both sides: the general path merges it
    other_ds = other._to_temp_dataset()
    positions = element_positions(other_ds, encoded, combined_codes, "binary operation")
    renamed = cvar._replace(dims=tuple(gdim if d == name else d for d in cvar.dims))
    data = joined_variable_op(f, ovar, {}, renamed, {gdim: positions}, reflexive=reflexive)
    if data is None:
        return None
    if data.dims != ovar.dims:
        data = data.transpose(*ovar.dims)
    # the coordinates the general path would bring along (the group labels along ``gdim``)
    coords_only = other_ds._replace_with_new_dims(
        {k: v for k, v in other_ds._variables.items() if k in other_ds._coord_names},
        set(other_ds._coord_names),
        indexes=dict(other_ds._indexes),
    )
    expanded = expand_by_group(coords_only, obj, encoded, combined_codes, group_dims)
    extra = {k: v for k, v in expanded._variables.items() if k not in obj.coords}
    result_name = obj.name if obj.name == other.name else None
    result = obj._replace(variable=data, name=result_name)
    return result.assign_coords(extra) if extra else result
