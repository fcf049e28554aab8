"""``where`` and ``isin``: masking labeled objects, aligned by index."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

from labarray.kernels.take import NA
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.structure.align import align
from labarray.structure.merge import is_dataarray_like, is_dataset_like
from labarray.utils.frozen import is_dict_like
from labarray.variable import Variable

__all__ = ["dataset_where_aligned", "isin_variable", "pick_operand", "where"]


def where(obj: Any, cond: Any, other: Any, drop: bool) -> Any:
    """``where`` for both façade types: align, optionally drop all-False labels, then select."""
    if callable(cond):
        cond = cond(obj)
    if callable(other):
        other = other(obj)
    if not (is_dataarray_like(cond) or is_dataset_like(cond) or isinstance(cond, Variable)):
        cond_arr = np.asarray(cond)
        if cond_arr.dtype.kind != "b":
            raise TypeError(f"cond must be boolean, got dtype {cond_arr.dtype}")
    if drop:
        if other is not None:
            raise ValueError("cannot set other= together with drop=True: dropped labels have no values to fill")
        if not (is_dataarray_like(cond) or is_dataset_like(cond)):
            raise TypeError("cond must be a DataArray or Dataset when drop=True")
        obj, cond = align(obj, cond, join="inner")
        indexers = {dim: np.flatnonzero(_any_true_along(cond, dim)) for dim in cond.dims}
        obj = obj.isel(indexers)
        cond = cond.isel(indexers)
    join = "inner" if other is None else "exact"
    labeled = [x for x in (obj, cond, other) if is_dataarray_like(x) or is_dataset_like(x)]
    if len(labeled) > 1:
        aligned = list(align(*labeled, join=join))
        obj = aligned.pop(0)
        if is_dataarray_like(cond) or is_dataset_like(cond):
            cond = aligned.pop(0)
        if is_dataarray_like(other) or is_dataset_like(other):
            other = aligned.pop(0)
    return obj._where_aligned(cond, other)


def _any_true_along(cond: Any, dim: Hashable) -> np.ndarray:
    """Labels along ``dim`` where the condition holds anywhere (only variables that have ``dim``)."""
    variables = [cond.variable] if is_dataarray_like(cond) else [
        cond._variables[k] for k in cond.data_vars if dim in cond._variables[k].dims
    ]
    keep = np.zeros(cond.sizes[dim], dtype=bool)
    for var in variables:
        values = np.asarray(var.values, dtype=bool)
        axis = var.dims.index(dim)
        other_axes = tuple(i for i in range(values.ndim) if i != axis)
        keep |= values.any(axis=other_axes) if other_axes else values
    return keep


def dataset_where_aligned(ds: Any, cond: Any, other: Any) -> Any:
    variables = dict(ds._variables)
    for name in ds.data_vars:
        c = pick_operand(cond, name)
        o = pick_operand(other, name)
        variables[name] = ds._variables[name].where(c, o)
    return ds._replace_with_new_dims(variables, set(ds._coord_names), indexes=dict(ds._indexes))


def isin_variable(var: Variable, elements: Any) -> Variable:
    """Elementwise ``np.isin`` on a Variable's data (lazily on Dask data)."""
    if is_dataset_like(elements) or is_dict_like(elements):
        raise TypeError(
            f"isin() needs array-like test elements, got {type(elements).__name__}; "
            "pass a list, an array or a DataArray"
        )
    elements = np.asarray(getattr(elements, "values", elements))
    if is_chunked_array(var._data):
        data = dask_array().isin(var._data, elements)
    else:
        data = np.isin(np.asarray(var.values), elements)
    return Variable(var.dims, data, var._attrs if _get_keep_attrs(default=True) else None)


def pick_operand(value: Any, name: Hashable) -> Any:
    """The operand for data variable ``name``: a Dataset's variable, a DataArray's variable or as is."""
    if is_dataset_like(value):
        if name not in value._variables:
            raise ValueError(f"variable {name!r} is missing from the condition/other Dataset")
        return value._variables[name]
    if is_dataarray_like(value):
        return value.variable
    if value is None:
        return NA
    return value
