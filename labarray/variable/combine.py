"""Combining Variables: broadcasting, concatenation, element-wise functions by dimension name.

The functions accept any Variable and build results with the inputs' own type, so this module
does not import :mod:`labarray.variable.variable`.

>>> from labarray.variable import Variable
>>> a, b = broadcast_variables(Variable("x", [1, 2]), Variable("y", [10, 20, 30]))
>>> a.dims, a.shape
(('x', 'y'), (2, 3))
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import numpy as np

from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.attrs import attrs_equal
from labarray.utils.suggest import format_names
from labarray.variable import duck
from labarray.variable.broadcast import insert_axes, is_variable, shared_dims
from labarray.variable.indexing import PandasIndexingAdapter, is_duck_array

__all__ = [
    "apply_variable_ufunc",
    "merge_attrs",

    "broadcast_to_shared_dims",
    "broadcast_variables",
    "calculate_dimensions",
    "concat_variables",
]


def calculate_dimensions(variables: Mapping[Hashable, Any] | Sequence[Any]) -> dict[Hashable, int]:
    """Return ``{dim: size}`` over all variables, checking that every dim has one size.

    Parameters
    ----------
    variables : mapping of name -> Variable, or sequence of Variables
        The variables (a sequence's variables are named by position in error messages).

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> calculate_dimensions({"a": Variable("x", [1, 2]), "b": Variable(("x", "y"), [[1], [2]])})
    {'x': 2, 'y': 1}
    >>> calculate_dimensions({"a": Variable("x", [1, 2]), "b": Variable("x", [1, 2, 3])})
    Traceback (most recent call last):
    ...
    ValueError: conflicting sizes for dimension 'x': length 3 on variable 'b' and length 2 on variable 'a'
    """
    items = variables.items() if isinstance(variables, Mapping) else enumerate(variables)
    sizes: dict[Hashable, int] = {}
    owner: dict[Hashable, Any] = {}
    for name, var in items:
        for dim, size in zip(var.dims, var.shape, strict=True):
            if dim in sizes and sizes[dim] != size:
                raise ValueError(
                    f"conflicting sizes for dimension {dim!r}: length {size} on variable "
                    f"{name!r} and length {sizes[dim]} on variable {owner[dim]!r}"
                )
            if dim not in sizes:
                sizes[dim] = size
                owner[dim] = name
    return sizes


def broadcast_variables(*variables: Any) -> tuple[Any, ...]:
    """Expand every variable to the union of all dimensions (in order of first appearance).

    Variables that already have all dimensions in that order are returned as shallow copies;
    others become read-only broadcast views (no values are copied).

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> [v.dims for v in broadcast_variables(Variable("y", [1]), Variable(("x", "y"), [[1]]))]
    [('y', 'x'), ('y', 'x')]
    """
    sizes = shared_dims(variables, what="variable")
    dims = tuple(sizes)
    return tuple(
        var.copy(deep=False) if var.dims == dims else var.set_dims(sizes) for var in variables
    )


def broadcast_to_shared_dims(*variables: Any) -> tuple[Any, ...]:
    """Give every variable all dimensions in one order, inserting length-1 axes (no expansion).

    The results combine with NumPy broadcasting; use :func:`broadcast_variables` to expand.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> [v.shape for v in broadcast_to_shared_dims(Variable("x", [1, 2]), Variable("y", [1, 2, 3]))]
    [(2, 1), (1, 3)]
    """
    dims = tuple(shared_dims(variables, what="variable"))
    return tuple(var._replace(dims=dims, data=insert_axes(var, dims)) for var in variables)


def _positional(value: Any) -> Any:
    if value is None or np.isscalar(value) or is_chunked_array(value) or is_duck_array(value):
        return value
    if hasattr(value, "get_duck_array"):
        return value.get_duck_array()
    return np.asarray(value)


def apply_variable_ufunc(
    func: Callable[..., Any],
    *args: Any,
    keep_attrs_default: bool = False,
    keep_attrs: bool | None = None,
    nout: int = 1,
) -> Any:
    """Call ``func`` on the data of ``args``, broadcasting Variables by dimension name.

    Non-Variable arguments (scalars, arrays) are passed by position and must fit the broadcast
    shape of the Variables. The result (or a tuple of ``nout`` results) is a Variable of the
    first Variable argument's type; its attrs are the first Variable's when kept.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> apply_variable_ufunc(np.add, Variable("x", [1, 2]), Variable("y", [10, 20])).values
    array([[11, 21],
           [12, 22]])
    """
    variables = [a for a in args if is_variable(a)]
    if not variables:
        raise TypeError("apply_variable_ufunc needs at least one Variable argument")
    first = variables[0]
    sizes = shared_dims(variables)
    dims = tuple(sizes)
    shape = tuple(sizes.values())
    datas = [insert_axes(a, dims) if is_variable(a) else _positional(a) for a in args]
    with np.errstate(all="ignore"):
        result = func(*datas)
    results = result if nout > 1 else (result,)
    keep = _get_keep_attrs(default=keep_attrs_default) if keep_attrs is None else keep_attrs
    attrs = copy.copy(first._attrs) if keep else None
    out = []
    for data in results:
        if tuple(np.shape(data)) != shape:
            shapes = [tuple(np.shape(a)) for a in args if not is_variable(a) and a is not None]
            raise ValueError(
                f"arguments given by position with shapes {shapes} do not fit the broadcast "
                f"dims {dims} of shape {shape}; wrap arrays in Variables to broadcast by name"
            )
        out.append(type(first)(dims, data, attrs=attrs, fastpath=True))
    return tuple(out) if nout > 1 else out[0]


def merge_attrs(variables: Sequence[Any], combine_attrs: str) -> dict[Any, Any] | None:
    """Combine the attrs of ``variables`` with one of the ``combine_attrs`` rules.

    "override" takes the first variable's, "drop" none, "identical" requires them equal,
    "no_conflicts" merges and raises on a conflict, "drop_conflicts" merges and drops
    conflicting keys.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> a, b = Variable("x", [1], {"u": 1, "k": 2}), Variable("x", [1], {"u": 3, "z": 4})
    >>> merge_attrs([a, b], "drop_conflicts")
    {'k': 2, 'z': 4}
    """
    first = variables[0]
    if combine_attrs == "override":
        return copy.copy(first._attrs)
    if combine_attrs == "drop":
        return None
    if combine_attrs in ("identical", "no_conflicts", "drop_conflicts"):
        result = dict(first._attrs or {})
        dropped: set[Any] = set()
        for i, var in enumerate(variables[1:], start=1):
            attrs = var._attrs or {}
            if combine_attrs == "identical" and not attrs_equal(result, attrs):
                raise ValueError(f"combine_attrs='identical': attrs of variable {i} differ")
            for k, v in attrs.items():
                if k in dropped:
                    continue
                if k in result and not attrs_equal({k: result[k]}, {k: v}):
                    if combine_attrs == "no_conflicts":
                        raise ValueError(
                            f"combine_attrs='no_conflicts': attribute {k!r} is {result[k]!r} on "
                            f"the first variable but {v!r} on variable {i}"
                        )
                    result.pop(k)
                    dropped.add(k)
                elif k not in result:
                    result[k] = v
        return result
    raise ValueError(
        f"combine_attrs must be one of 'override', 'drop', 'identical', 'no_conflicts', "
        f"'drop_conflicts'; got {combine_attrs!r}"
    )


def concat_variables(
    variables: Sequence[Any],
    dim: Hashable = "concat_dim",
    positions: Sequence[Any] | None = None,
    combine_attrs: str = "override",
) -> Any:
    """Concatenate variables along ``dim``: an existing dimension, or a new first one.

    Parameters
    ----------
    variables : sequence of Variable
        All with the same dimensions (in any order; they follow the first one).
    dim : hashable, default: "concat_dim"
        Dimension to concatenate along; when the variables do not have it, it is created as
        the first dimension with one entry per variable.
    positions : sequence of integer arrays, optional
        Where the entries of each variable go in the result (they must together form a
        permutation of ``range(total length)``).
    combine_attrs : {"override", "drop", "identical", "no_conflicts", "drop_conflicts"}, default: "override"
        How to combine attrs; "override" keeps the first variable's.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> concat_variables([Variable("x", [1, 2]), Variable("x", [3])], "x", positions=[[0, 2], [1]]).values
    array([1, 3, 2])
    >>> concat_variables([Variable("x", [1, 2]), Variable("x", [3, 4])], "t").dims
    ('t', 'x')
    """
    variables = list(variables)
    if not variables:
        raise ValueError("concat needs at least one variable")
    first = variables[0]
    existing = dim in first.dims
    for i, var in enumerate(variables[1:], start=1):
        if set(var.dims) != set(first.dims):
            raise ValueError(
                f"variables to concatenate must have the same dimensions; variable {i} has "
                f"{var.dims} but variable 0 has {first.dims}"
            )
        if existing:
            for d in first.dims:
                if d != dim and var.sizes[d] != first.sizes[d]:
                    raise ValueError(
                        f"cannot concatenate along {dim!r}: dimension {d!r} has length "
                        f"{first.sizes[d]} on variable 0 but {var.sizes[d]} on variable {i}"
                    )
    aligned = [v if v.dims == first.dims else v.transpose(*first.dims) for v in variables]
    attrs = merge_attrs(variables, combine_attrs)
    if existing:
        axis = first.dims.index(dim)
        dims = first.dims
        if first.ndim == 1 and all(isinstance(v._data, PandasIndexingAdapter) for v in aligned):
            index = aligned[0]._data.array.append([v._data.array for v in aligned[1:]])
            data: Any = PandasIndexingAdapter(index, dtype=first.dtype)
        else:
            data = duck.concatenate([v.data for v in aligned], axis=axis)
    else:
        axis = 0
        dims = (dim, *first.dims)
        data = duck.stack([v.data for v in aligned], axis=0)
    result = type(first)(dims, data, attrs=attrs, encoding=copy.copy(first._encoding),
                         fastpath=True)
    if positions is not None:
        order = np.concatenate([np.asarray(p, dtype=np.intp).ravel() for p in positions])
        total = result.shape[axis]
        if len(order) != total or not np.array_equal(np.sort(order), np.arange(total)):
            raise ValueError(
                f"positions must together be a permutation of range({total}); got "
                f"{format_names(order.tolist())}"
            )
        result = result[{dims[axis]: np.argsort(order)}]
    return result
