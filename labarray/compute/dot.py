"""Generalised dot products over named dimensions (``einsum`` by dimension name).

:func:`dot` builds an ``einsum`` subscript from the dimension names of its arguments and runs
it through :func:`labarray.compute.apply_ufunc.apply_ufunc`, so DataArrays are aligned (an inner
join unless the ``arithmetic_join`` option is ``"exact"``, which emulates ``(a * b).sum()``) and
Dask data stays lazy (``dask.array.einsum``).
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from labarray.compute.apply_ufunc import apply_ufunc
from labarray.options import OPTIONS
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.structure.merge import is_dataarray_like, is_dataset_like
from labarray.utils.dims import check_dims_exist
from labarray.utils.suggest import format_names
from labarray.variable import Variable

__all__ = ["dot", "einsum_arrays"]

_LETTERS = string.ascii_lowercase + string.ascii_uppercase


def einsum_arrays(subscripts: str, *arrays: Any, **kwargs: Any) -> Any:
    """``einsum`` on NumPy arrays, or lazily with ``dask.array.einsum`` if any is chunked.

    NumPy contractions of two or more operands use ``optimize=True`` unless told otherwise
    (BLAS-backed ``tensordot`` for matrix-like products).

    Examples
    --------
    >>> float(einsum_arrays("i,i->", np.array([1.0, 2.0]), np.array([3.0, 4.0])))
    11.0
    """
    if any(is_chunked_array(a) for a in arrays):
        return dask_array().einsum(subscripts, *arrays, **kwargs)
    if len(arrays) > 1:
        kwargs.setdefault("optimize", True)
    return np.einsum(subscripts, *arrays, **kwargs)


def _parse_dot_dims(dim: Any, all_dims: list[Hashable], counts: Counter) -> tuple[Hashable, ...]:
    if dim is None:
        return tuple(d for d, c in counts.items() if c > 1)
    if dim is ...:
        return tuple(all_dims)
    if isinstance(dim, str) or not isinstance(dim, Iterable):
        dims: tuple[Hashable, ...] = (dim,)
    else:
        dims = tuple(dim)
        if ... in dims:
            return tuple(all_dims)
    check_dims_exist(dims, all_dims, "the arrays to dot")
    return dims


def dot(*arrays: Any, dim: Any = None, **kwargs: Any) -> Any:
    """Generalised dot product: sum the product of the arrays over dimensions, by name.

    Parameters
    ----------
    *arrays : DataArray or Variable
        The arrays to multiply (at least one).
    dim : str, iterable of hashable, "..." or None, optional
        Dimensions to sum over. ``None`` (default) sums over the dimensions that appear in more
        than one array; ``...`` sums over every dimension.
    **kwargs : dict
        Passed to ``numpy.einsum`` / ``dask.array.einsum`` (e.g. ``optimize``).

    Returns
    -------
    DataArray or Variable
        Dimensions in the order of their first appearance among the arrays, without the
        summed ones.

    See Also
    --------
    DataArray.dot, numpy.einsum

    Examples
    --------
    >>> import labarray as xr
    >>> a = xr.DataArray(np.arange(6.0).reshape(2, 3), dims=("x", "y"))
    >>> b = xr.DataArray([1.0, 2.0, 3.0], dims="y")
    >>> dot(a, b).values
    array([ 8., 26.])
    >>> float(dot(a, a, dim=...))
    55.0
    """
    if not arrays:
        raise TypeError("dot needs at least one array")
    bad = [
        type(a).__name__ for a in arrays if not (isinstance(a, Variable) or is_dataarray_like(a))
    ]
    if bad:
        hint = "; Datasets are not supported" if any(is_dataset_like(a) for a in arrays) else ""
        raise TypeError(
            f"dot only accepts DataArray and Variable arguments, got {format_names(bad)}{hint}"
        )
    all_dims: list[Hashable] = []
    counts: Counter = Counter()
    for arr in arrays:
        counts.update(arr.dims)
        all_dims += [d for d in arr.dims if d not in all_dims]
    if len(all_dims) > len(_LETTERS):
        raise ValueError(
            f"dot supports at most {len(_LETTERS)} distinct dimensions, got {len(all_dims)}"
        )
    letter = {d: _LETTERS[i] for i, d in enumerate(all_dims)}
    summed = set(_parse_dot_dims(dim, all_dims, counts))
    common = set.intersection(*(set(a.dims) for a in arrays))
    broadcast = common - summed
    input_core_dims = [[d for d in a.dims if d not in broadcast] for a in arrays]
    output_core = [d for d in all_dims if d not in summed and d not in broadcast]
    subscripts = ",".join("..." + "".join(letter[d] for d in core) for core in input_core_dims)
    subscripts += "->..." + "".join(letter[d] for d in output_core)
    join = "exact" if OPTIONS["arithmetic_join"] == "exact" else "inner"

    def func(*datas: Any) -> Any:
        return einsum_arrays(subscripts, *datas, **kwargs)

    result = apply_ufunc(
        func, *arrays, input_core_dims=input_core_dims, output_core_dims=[output_core],
        join=join, dask="allowed",
    )
    return result.transpose(*all_dims, missing_dims="ignore")
