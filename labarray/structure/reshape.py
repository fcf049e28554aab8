"""Adding and removing dimensions: the argument handling of ``expand_dims``."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from labarray.utils.frozen import is_dict_like
from labarray.variable import Variable

__all__ = ["insert_dims", "normalize_axes", "normalize_expand_dims"]


def normalize_expand_dims(dim: Any, dim_kwargs: Mapping[str, Any]) -> dict[Hashable, Any]:
    if dim is None:
        dims: dict[Hashable, Any] = {}
    elif is_dict_like(dim):
        dims = dict(dim)
    elif isinstance(dim, str) or not isinstance(dim, Sequence):
        dims = {dim: 1}
    else:
        dims = dict.fromkeys(dim, 1)
        if len(dims) != len(dim):
            raise ValueError(f"dimensions given more than once in expand_dims: {list(dim)}")
    overlap = set(dims) & set(dim_kwargs)
    if overlap:
        raise ValueError(f"dimensions {sorted(map(str, overlap))} given both in dim and as keywords")
    dims.update(dim_kwargs)
    return dims


def normalize_axes(axis: Any, ndims: int) -> list[int] | None:
    if axis is None:
        return None
    axes = [axis] if isinstance(axis, int) else list(axis)
    if len(axes) != ndims:
        raise ValueError(f"expand_dims got {len(axes)} axis positions for {ndims} new dimensions")
    return axes


def insert_dims(var: Variable, sizes: Mapping[Hashable, int], axes: list[int] | None) -> Variable:
    """Insert new dimensions; ``axes`` are positions in the result (negative counts from the end)."""
    if axes is None:
        return var.set_dims({**sizes, **dict(var.sizes)})
    result_ndim = var.ndim + len(sizes)
    positions = []
    for ax in axes:
        if not -result_ndim <= ax < result_ndim:
            raise IndexError(f"axis {ax} is out of bounds for a result with {result_ndim} dimensions")
        positions.append(ax % result_ndim)
    if len(set(positions)) != len(positions):
        raise ValueError(f"expand_dims got duplicate axis positions: {list(axes)}")
    all_dims = list(var.sizes.items())
    for pos, item in sorted(zip(positions, sizes.items(), strict=True)):
        all_dims.insert(pos, item)
    return var.set_dims(dict(all_dims))
