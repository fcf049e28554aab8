"""Functions shared by the façade types: ``zeros_like``, ``ones_like``, ``full_like``."""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np

from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.frozen import is_dict_like
from labarray.variable import Variable

__all__ = ["full_like", "ones_like", "zeros_like"]

T = TypeVar("T", Variable, DataArray, Dataset)


def _full_like_variable(var: Variable, fill_value: Any, dtype: Any, chunks: Any) -> Variable:
    if np.ndim(fill_value) != 0:
        raise ValueError(
            f"fill_value must be a scalar (or, for a Dataset, a dict of scalars), got {type(fill_value).__name__}"
        )
    dtype = var.dtype if dtype is None else np.dtype(dtype)
    if is_chunked_array(var._data) or chunks is not None:
        da = dask_array()
        if chunks is None:
            blocks = var._data.chunks
        elif is_dict_like(chunks):
            blocks = tuple(chunks.get(d, -1) for d in var.dims)
        else:
            blocks = chunks
        data = da.full(var.shape, fill_value, dtype=dtype, chunks=blocks)
    else:
        data = np.full(var.shape, fill_value, dtype=dtype)
    return Variable(var.dims, data, var.attrs, var.encoding)


def full_like(other: T, fill_value: Any, dtype: Any = None, *, chunks: Any = None) -> T:
    """A new object like ``other`` (dims, coordinates, attrs, Dask chunks) filled with ``fill_value``.

    Parameters
    ----------
    other : Variable, DataArray or Dataset
        The template.
    fill_value : scalar or dict-like
        The value; for a Dataset, a dict may give one value per data variable.
    dtype : dtype or dict-like, optional
        The dtype of the result (per data variable for a Dataset); default: the template's.
    chunks : int, tuple or dict, optional
        Make the result a Dask array with these chunks (lazy templates keep theirs).

    Examples
    --------
    >>> import labarray as la
    >>> da = la.DataArray([1.5, 2.5], coords={"x": [0, 1]}, dims="x")
    >>> la.full_like(da, 7, dtype=int).values.tolist()
    [7, 7]
    """
    if isinstance(other, Dataset):
        names = list(other.data_vars)
        for arg_name, arg in (("fill_value", fill_value), ("dtype", dtype)):
            if is_dict_like(arg):
                unknown = [k for k in arg if k not in names]
                if unknown:
                    raise ValueError(
                        f"{arg_name} has keys {unknown} that are not data variables; data variables: {names}"
                    )
        variables = dict(other._variables)
        for name in names:
            value = fill_value.get(name, np.nan) if is_dict_like(fill_value) else fill_value
            var_dtype = dtype.get(name) if is_dict_like(dtype) else dtype
            variables[name] = _full_like_variable(other._variables[name], value, var_dtype, chunks)
        return other._replace(variables)
    if is_dict_like(fill_value) or is_dict_like(dtype):
        raise ValueError("fill_value and dtype may only be dicts when the template is a Dataset")
    if isinstance(other, DataArray):
        return other._replace(_full_like_variable(other.variable, fill_value, dtype, chunks))
    if isinstance(other, Variable):
        return _full_like_variable(other, fill_value, dtype, chunks)
    raise TypeError(f"expected a Variable, DataArray or Dataset, got {type(other).__name__}")


def zeros_like(other: T, dtype: Any = None, *, chunks: Any = None) -> T:
    """A new object like ``other`` filled with zeros (see :func:`full_like`).

    Examples
    --------
    >>> import labarray as la
    >>> la.zeros_like(la.DataArray([1.5, 2.5], dims="x")).values.tolist()
    [0.0, 0.0]
    """
    return full_like(other, 0, dtype, chunks=chunks)


def ones_like(other: T, dtype: Any = None, *, chunks: Any = None) -> T:
    """A new object like ``other`` filled with ones (see :func:`full_like`).

    Examples
    --------
    >>> import labarray as la
    >>> la.ones_like(la.DataArray([1, 2], dims="x")).values.tolist()
    [1, 1]
    """
    return full_like(other, 1, dtype, chunks=chunks)
