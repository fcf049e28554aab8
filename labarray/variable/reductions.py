"""Reductions of Variables: ``reduce`` with any function, and the aggregation table.

The functions behind ``Variable.reduce``, ``Variable._aggregate`` (which the generated
``sum/mean/...`` methods call) and ``argmin``/``argmax``.

>>> import numpy as np
>>> from labarray.variable import Variable
>>> reduce_variable(Variable(("x", "y"), np.ones((2, 3))), np.sum, "x").values
array([2., 2., 2.])
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from labarray import aggregations
from labarray.options import _get_keep_attrs
from labarray.utils.dims import parse_dims

__all__ = ["aggregate_variable", "arg_reduce", "reduce_variable", "reduced_variable"]


def _axes_of(var: Any, dim: Any) -> tuple[int, ...] | None:
    if dim is None or dim is ...:
        return None
    return tuple(var._axis_of(d) for d in parse_dims(dim, var.dims, where="the Variable"))


def reduce_variable(
    var: Any,
    func: Callable[..., Any],
    dim: Any = None,
    axis: int | Sequence[int] | None = None,
    keep_attrs: bool | None = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Any:
    """Apply ``func(data, axis=..., **kwargs)`` over ``dim`` (or ``axis``; default: all)."""
    if dim is not None and axis is not None:
        raise ValueError("pass either 'dim' or 'axis' to reduce, not both")
    axes = _axes_of(var, dim)
    if axis is not None:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        axes = tuple(a + var.ndim if a < 0 else a for a in axes)
    with warnings.catch_warnings():
        # NumPy warns for all-NaN slices; the NaN result says it already
        warnings.filterwarnings("ignore", r"Mean of empty slice|All-NaN", RuntimeWarning)
        if axes is None:
            data = func(var.data, **kwargs)
        else:
            data = func(var.data, axis=axes, **kwargs)
    return reduced_variable(var, data, axes, keep_attrs, keepdims)


def reduced_variable(
    var: Any, data: Any, axes: tuple[int, ...] | None, keep_attrs: bool | None, keepdims: bool
) -> Any:
    """Wrap the result of reducing ``var`` over ``axes`` (``None``: all) as a Variable."""
    removed = set(range(var.ndim)) if axes is None else set(axes)
    if not hasattr(data, "ndim"):
        data = np.asarray(data)
    if keepdims and data.ndim < var.ndim:
        data = data[tuple(None if i in removed else slice(None) for i in range(var.ndim))]
    dims = var.dims if keepdims else tuple(d for i, d in enumerate(var.dims) if i not in removed)
    if data.ndim != len(dims):
        raise ValueError(
            f"the reduction returned {data.ndim}-dimensional data; expected dims {dims}"
        )
    keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
    from labarray.variable.variable import (
        Variable,  # results are plain Variables (IndexVariable too)
    )

    return Variable(dims, data, attrs=copy.copy(var._attrs) if keep else None)


def aggregate_variable(
    var: Any,
    name: str,
    dim: Any = None,
    *,
    skipna: bool | None = None,
    keep_attrs: bool | None = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Any:
    """Reduce (or scan) ``var`` with the row ``name`` of the aggregation table.

    NumPy's reduction functions (``np.mean(da, axis=0)``) call the methods with ``axis``,
    ``dtype`` and ``out``: ``axis`` names dimensions by position, ``dtype``/``out`` must be None.
    """
    agg = aggregations.get_aggregation(name)
    axis = kwargs.pop("axis", None)
    for unsupported in ("out", "dtype"):
        if kwargs.pop(unsupported, None) is not None:
            raise TypeError(f"{name}() does not support {unsupported}=; convert the result instead")
    if axis is not None:
        if dim is not None:
            raise ValueError(f"pass either 'dim' or 'axis' to {name}, not both")
        axes_given = (axis,) if isinstance(axis, int) else tuple(axis)
        dim = [var.dims[a] for a in axes_given]
    axes = _axes_of(var, dim)
    data = aggregations.apply_aggregation(
        agg, var.data, axes, skipna=skipna, keepdims=keepdims, **kwargs
    )
    if agg.cumulative:
        keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
        return var._replace(data=data, attrs=copy.copy(var._attrs) if keep else None)
    return reduced_variable(var, data, axes, keep_attrs, keepdims)


def arg_reduce(
    var: Any, name: str, dim: Any, axis: int | None, keep_attrs: bool | None, skipna: bool | None
) -> Any:
    """``argmin``/``argmax``: one Variable for one dim (or none), a dict for several dims."""
    if dim is not None and axis is not None:
        raise ValueError(f"pass either 'dim' or 'axis' to {name}, not both")
    if axis is not None:
        dim = var.dims[axis]
    if dim is None or isinstance(dim, str) or (not isinstance(dim, Iterable) and dim is not ...):
        return aggregate_variable(var, name, dim, skipna=skipna, keep_attrs=keep_attrs)
    dims = parse_dims(dim, var.dims, where="the Variable")
    rest = tuple(d for d in var.dims if d not in dims)
    stacked = var.transpose(*rest, *dims)
    shape = tuple(var.sizes[d] for d in dims)
    # fold the requested dims into one axis, reduce it, then unfold the flat positions
    flat = stacked.data.reshape(stacked.shape[: len(rest)] + (-1,))
    from labarray.variable.variable import Variable

    flat_var = Variable((*rest, "__flat__"), flat, attrs=var._attrs)
    positions = aggregate_variable(flat_var, name, "__flat__", skipna=skipna, keep_attrs=keep_attrs)
    unravelled = np.unravel_index(positions.data, shape) if shape else ()
    return {d: positions._replace(data=u) for d, u in zip(dims, unravelled, strict=True)}
