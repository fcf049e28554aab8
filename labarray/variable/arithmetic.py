"""Arithmetic of Variables: binary operations broadcast by dimension name.

The functions behind ``Variable._binary_op``, ``_inplace_binary_op`` and ``_unary_op`` (which
:func:`labarray.variable.ops.inject_arithmetic` turns into ``+``, ``+=``, ``-x`` ...). They
accept any Variable and build results with its own type.

>>> from labarray.variable import Variable
>>> import operator
>>> binary_op(Variable("x", [1, 2]), Variable("y", [10, 20, 30]), operator.add).dims
('x', 'y')
"""

from __future__ import annotations

import copy
import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from labarray.kernels.cftime_values import cftime_binary_op, is_cftime_date
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.variable.broadcast import insert_axes, is_variable, shared_dims
from labarray.variable.combine import merge_attrs
from labarray.variable.compat_data import as_compatible_data
from labarray.variable.indexing import (
    ExplicitlyIndexed,
    NumpyIndexingAdapter,
    PandasIndexingAdapter,
)

__all__ = ["BINARY_KEEP_ATTRS_DEFAULT", "apply_binary", "as_operand", "binary_op", "inplace_binary_op",
           "is_facade", "unary_op"]

#: Whether binary operations keep attrs when the ``keep_attrs`` option is "default". As in
#: xarray (2025+), they do: the attrs of both operands are merged, conflicting keys dropped.
BINARY_KEEP_ATTRS_DEFAULT = True


def is_facade(obj: Any) -> bool:
    """DataArray/Dataset-like objects: they handle operations with Variables themselves."""
    return not is_variable(obj) and (hasattr(obj, "_variable") or hasattr(obj, "_variables"))


def as_operand(other: Any) -> Any:
    """Return ``other`` as an array or scalar combined by position, or ``NotImplemented``."""
    if is_chunked_array(other) or isinstance(other, np.ndarray) or np.isscalar(other):
        return other
    if isinstance(other, ExplicitlyIndexed):
        return other.get_duck_array()
    try:
        return as_compatible_data(other)
    except (TypeError, ValueError):
        return NotImplemented


_DATE_OPS = (operator.add, operator.sub, operator.iadd, operator.isub)


def _may_hold_dates(operand: Any) -> bool:
    return getattr(operand, "dtype", None) == np.dtype(object) or is_cftime_date(operand)


def apply_binary(f: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    """``f(a, b)`` on two operands (arrays or scalars), with date arithmetic for cftime dates.

    NumPy cannot add a ``timedelta64`` to an ``object`` array of cftime dates, nor turn the
    difference of two such arrays into durations: ``date - date`` gives ``timedelta64[us]`` and
    ``date +/- duration`` gives cftime dates here (durations: ``timedelta64``,
    ``datetime.timedelta``, ``pandas.Timedelta``). Everything else is ``f(a, b)``.

    Examples
    --------
    >>> import cftime
    >>> t = np.array([cftime.DatetimeNoLeap(2000, 2, 28), cftime.DatetimeNoLeap(2000, 3, 1)])
    >>> apply_binary(operator.sub, t, t[:1]).astype("m8[D]")
    array([0, 1], dtype='timedelta64[D]')
    """
    if f in _DATE_OPS and (_may_hold_dates(a) or _may_hold_dates(b)):
        result = cftime_binary_op(f, a, b)
        if result is not NotImplemented:
            return result
    return f(a, b)


def binary_op(var: Any, other: Any, f: Callable[[Any, Any], Any], reflexive: bool = False) -> Any:
    """``f(var, other)`` (or ``f(other, var)`` when ``reflexive``) broadcasting by dim name.

    The result has ``var``'s dims followed by the new dims of ``other``. Arrays and scalars
    combine by position and must keep ``var``'s shape. Attrs (unless the ``keep_attrs`` option
    is False) are the operands' attrs merged, keys with conflicting values dropped.
    """
    if is_facade(other) or getattr(other, "__array_ufunc__", True) is None:
        return NotImplemented
    keep = _get_keep_attrs(default=BINARY_KEEP_ATTRS_DEFAULT)
    if is_variable(other):
        dims = tuple(shared_dims([var, other]))
        a, b = insert_axes(var, dims), insert_axes(other, dims)
    else:
        other = as_operand(other)
        if other is NotImplemented:
            return NotImplemented
        dims, a, b = var.dims, var.data, other
    try:
        with np.errstate(all="ignore"):
            data = apply_binary(f, b, a) if reflexive else apply_binary(f, a, b)
    except ValueError as err:
        if is_variable(other) or "broadcast" not in str(err):
            raise
        raise ValueError(
            f"cannot combine a Variable with dims {var.dims} and shape {var.shape} with an "
            f"array of shape {np.shape(other)} by position; wrap the array in a Variable "
            "(or DataArray) with dimension names to broadcast by name"
        ) from err
    if data is NotImplemented:
        return NotImplemented
    if not is_variable(other) and tuple(np.shape(data)) != var.shape:
        raise ValueError(
            f"cannot combine a Variable with dims {var.dims} and shape {var.shape} with an "
            f"array of shape {np.shape(other)} by position; wrap the array in a Variable to "
            "broadcast by dimension name"
        )
    if not keep:
        attrs = None
    elif is_variable(other):
        attrs = merge_attrs([other, var] if reflexive else [var, other], "drop_conflicts")
    else:
        attrs = copy.copy(var._attrs)
    from labarray.variable.variable import (
        Variable,  # results are plain Variables (IndexVariable too)
    )

    return Variable(dims, data, attrs=attrs, fastpath=True)


def inplace_binary_op(var: Any, other: Any, f: Callable[[Any, Any], Any]) -> Any:
    """``var = f(var, other)`` in place: the data object is kept when the operation allows it.

    ``other`` may not add dimensions to ``var``.
    """
    if is_facade(other):
        raise TypeError(
            "in-place operations of a Variable with a DataArray or Dataset are not supported; "
            "use the DataArray/Dataset on the left"
        )
    if isinstance(var._data, PandasIndexingAdapter):
        raise TypeError(
            "cannot modify the values of an index coordinate in place; "
            "assign a new coordinate instead"
        )
    if isinstance(var._data, ExplicitlyIndexed) and not isinstance(
        var._data, NumpyIndexingAdapter
    ):
        var.load()
    if is_variable(other):
        extra = [d for d in other.dims if d not in var.dims]
        if extra:
            raise ValueError(
                f"in-place operation would add dimension(s) {extra} to the target with dims "
                f"{var.dims}; use an ordinary operation (a = a + b) instead"
            )
        shared_dims([var, other])
        operand = insert_axes(other, var.dims)
    else:
        operand = as_operand(other)
        if operand is NotImplemented:
            return NotImplemented
    with np.errstate(all="ignore"):
        data = apply_binary(f, var._data, operand)
    if tuple(data.shape) != var.shape:
        raise ValueError(
            f"in-place operation would change the shape of the target from {var.shape} to "
            f"{tuple(data.shape)}"
        )
    var._data = data
    return var


def unary_op(var: Any, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``f(var.data, *args, **kwargs)`` as a Variable of the same dims (attrs kept by default)."""
    keep = _get_keep_attrs(default=True)
    with np.errstate(all="ignore"):
        data = f(var.data, *args, **kwargs)
    return var._replace(data=data, attrs=copy.copy(var._attrs) if keep else None)
