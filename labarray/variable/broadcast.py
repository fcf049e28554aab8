"""Broadcasting by dimension name, shared by indexing, arithmetic and combining.

These helpers accept any Variable (they use only ``dims``, ``shape``, ``data`` and
``transpose``), so this module does not import :mod:`labarray.variable.variable`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

__all__ = ["insert_axes", "is_variable", "shared_dims"]


def is_variable(obj: Any) -> bool:
    """True for :class:`~labarray.variable.Variable` objects (duck-typed to avoid a cycle)."""
    return hasattr(obj, "_dims") and hasattr(obj, "_data") and hasattr(obj, "set_dims")


def shared_dims(variables: Sequence[Any], what: str = "operand") -> dict[Hashable, int]:
    """Union of dims (in order of appearance) -> size, checking shared dims have equal sizes.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> shared_dims([Variable("x", [1, 2]), Variable(("y", "x"), [[1, 2]])])
    {'x': 2, 'y': 1}
    """
    sizes: dict[Hashable, int] = {}
    first_seen: dict[Hashable, int] = {}
    for i, var in enumerate(variables):
        for dim, size in zip(var.dims, var.shape, strict=True):
            if dim in sizes and sizes[dim] != size:
                raise ValueError(
                    f"cannot broadcast: dimension {dim!r} has length {sizes[dim]} in {what} "
                    f"{first_seen[dim]} but length {size} in {what} {i}"
                )
            if dim not in sizes:
                sizes[dim] = size
                first_seen[dim] = i
    return sizes


def insert_axes(var: Any, dims: Sequence[Hashable]) -> Any:
    """Data of ``var`` transposed to the order of ``dims`` with length-1 axes for missing dims.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> insert_axes(Variable("x", [1, 2]), ("y", "x")).shape
    (1, 2)
    """
    order = [d for d in dims if d in var.dims]
    data = var.data if tuple(order) == tuple(var.dims) else var.transpose(*order).data
    if len(order) == len(dims):
        return data
    return data[tuple(slice(None) if d in var.dims else None for d in dims)]
