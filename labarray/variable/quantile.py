"""Quantiles of Variables (and of the data variables of a Dataset, given as a dict).

``Variable.quantile`` and ``Dataset.quantile`` delegate here; the numbers come from the numba
kernel of :mod:`labarray.kernels.quantile`.

* q array-like -> a new leading ``quantile`` dimension; scalar q -> no such dimension (the
  façade adds the ``quantile`` coordinate, scalar or indexed).
* NumPy data is reduced in memory. Dask data is reduced lazily: the reduced dimensions are first
  rechunked into a *single* chunk (a quantile needs every value of a slice at once, so it cannot
  be a tree reduction); the other dimensions keep their chunks, and each block is reduced by the
  kernel in a ``map_blocks`` task.
* datetime64/timedelta64 data are reduced as float64 offsets from the minimum (exact to the
  resolution of a float64 over the data's span) and converted back; object data are converted
  to float64.

>>> import numpy as np
>>> from labarray.variable import Variable
>>> quantile_variable(Variable("x", [1.0, 2.0, np.nan, 4.0]), [0.5, 1.0]).values
array([2., 4.])
"""

from __future__ import annotations

import copy
import math
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np

from labarray.kernels.quantile import (
    DISCONTINUOUS_METHODS,
    quantile_array,
    validate_method,
    validate_q,
)
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.dims import parse_dims

__all__ = ["quantile_data", "quantile_dataset_variables", "quantile_variable"]

_NAN_KINDS = "fcOmM"


def _result_dtype(dtype: np.dtype[Any], method: str, n: int) -> np.dtype[Any]:
    """The dtype of the quantiles of data of ``dtype`` with ``n`` values per slice."""
    if dtype.kind in "mM":
        return dtype
    if method in DISCONTINUOUS_METHODS and (dtype.kind == "f" or n > 0):
        return np.dtype(np.float32) if dtype == np.float16 else dtype
    return np.dtype(np.float64)


def _quantile_numpy(
    data: np.ndarray, q: np.ndarray, axes: tuple[int, ...], method: str, skipna: bool
) -> np.ndarray:
    kind = data.dtype.kind
    if kind in "mM":
        return _quantile_times(data, q, axes, method, skipna)
    if kind == "O":
        data = data.astype(np.float64)
    return quantile_array(data, q, axes, method=method, skipna=skipna)


def _quantile_dask(
    data: Any, q: np.ndarray, axes: tuple[int, ...], method: str, skipna: bool
) -> Any:
    """Lazy quantiles of a Dask array: the reduced axes become one chunk, the others stay."""
    data = data.rechunk(dict.fromkeys(axes, -1))
    n = math.prod(data.shape[a] for a in axes)
    dtype = _result_dtype(data.dtype if data.dtype.kind != "O" else np.dtype(float), method, n)
    kept_chunks = tuple(c for i, c in enumerate(data.chunks) if i not in axes)
    kwargs: dict[str, Any] = {"drop_axis": axes, "dtype": dtype}
    if q.ndim:
        kwargs["new_axis"] = 0
        kwargs["chunks"] = ((q.size,), *kept_chunks)
    else:
        kwargs["chunks"] = kept_chunks
    return data.map_blocks(
        _quantile_numpy, q, axes, method, skipna,
        meta=np.empty((0,) * (q.ndim + len(kept_chunks)), dtype=dtype), **kwargs,
    )  # fmt: skip


def quantile_data(
    data: Any, q: Any, axes: tuple[int, ...], method: str = "linear", skipna: bool | None = None
) -> Any:
    """Quantiles of a NumPy or Dask array along ``axes`` (quantile axis first when q is 1-D).

    Raises
    ------
    TypeError
        Complex or string data.

    Examples
    --------
    >>> quantile_data(np.array([[1, 2], [3, 5]]), 0.5, (1,))
    array([1.5, 4. ])
    """
    validate_method(method)
    qarr = validate_q(q)
    kind = data.dtype.kind
    if kind not in "biufOmM":
        raise TypeError(
            f"cannot compute quantiles of {data.dtype} data; expected bool, integer, float, "
            "datetime64 or timedelta64 values"
        )
    skip = kind in _NAN_KINDS if skipna is None else bool(skipna)
    if is_chunked_array(data):
        return _quantile_dask(data, qarr, axes, method, skip)
    return _quantile_numpy(np.asarray(data), qarr, axes, method, skip)


def _quantile_times(
    data: np.ndarray, q: np.ndarray, axes: tuple[int, ...], method: str, skipna: bool
) -> np.ndarray:
    """datetime64/timedelta64 quantiles through float64 offsets from the minimum (NaT <-> NaN)."""
    target = data.dtype
    nat = np.isnat(data)
    ints = data.view(np.int64)
    offset = int(ints[~nat].min()) if (~nat).any() else 0
    floats = np.where(nat, np.nan, (ints - offset).astype(np.float64))
    reduced = quantile_array(floats, q, axes, method=method, skipna=skipna)
    missing = np.isnan(reduced)
    as_int = np.where(missing, 0, np.round(reduced)).astype(np.int64) + offset
    return np.where(missing, np.array("NaT", dtype=target), as_int.view(target))


def quantile_variable(
    var: Any,
    q: Any,
    dim: Any = None,
    method: str = "linear",
    keep_attrs: bool | None = None,
    skipna: bool | None = None,
) -> Any:
    """Quantiles of a Variable along ``dim`` (default: all dimensions).

    Returns a Variable of the same type with dims ``("quantile", *kept)`` for array-like ``q``
    and ``kept`` for a scalar ``q``.

    Raises
    ------
    ValueError
        Unknown dimension, unknown method, or ``q`` outside [0, 1].

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> quantile_variable(Variable(("x", "y"), [[1, 2], [3, 4]]), [0.25], "x").dims
    ('quantile', 'y')
    """
    dims = parse_dims(dim, var.dims, where="the Variable")
    if "quantile" in var.dims and "quantile" not in dims and np.ndim(q):
        raise ValueError(
            "the Variable already has a 'quantile' dimension; reduce it too or rename it "
            "before computing quantiles with an array of q"
        )
    axes = tuple(sorted(var._axis_of(d) for d in dims))
    data = quantile_data(var.data, q, axes, method=method, skipna=skipna)
    kept = tuple(d for i, d in enumerate(var.dims) if i not in axes)
    new_dims = ("quantile", *kept) if np.ndim(q) else kept
    keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
    from labarray.variable.variable import (
        Variable,  # results are plain Variables (IndexVariable too)
    )

    return Variable(new_dims, data, attrs=copy.copy(var._attrs) if keep else None)


def quantile_dataset_variables(
    variables: Mapping[Hashable, Any],
    coord_names: set[Hashable],
    all_dims: Any,
    q: Any,
    dim: Any = None,
    method: str = "linear",
    numeric_only: bool = False,
    keep_attrs: bool | None = None,
    skipna: bool | None = None,
) -> dict[Hashable, Any]:
    """Quantiles of the data variables of a Dataset given as a ``{name: Variable}`` dict.

    Data variables with a reduced dimension (and 0-d ones) get their quantiles; the others and
    the coordinates without a reduced dimension are kept; coordinates along a reduced dimension
    are dropped. With ``numeric_only``, non-numeric (and non-bool) data variables are dropped.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> out = quantile_dataset_variables({"a": Variable("x", [1.0, 3.0])}, set(), ["x"], 0.5)
    >>> out["a"].values
    array(2.)
    """
    validate_method(method)
    validate_q(q)
    dims = set(parse_dims(dim, list(all_dims), where="the Dataset"))
    result: dict[Hashable, Any] = {}
    for name, var in variables.items():
        reduce_dims = [d for d in var.dims if d in dims]
        if not reduce_dims and var.ndim:
            result[name] = var
            continue
        if name in coord_names:
            continue
        if numeric_only and var.dtype.kind not in "biuf":
            continue
        result[name] = quantile_variable(
            var, q, reduce_dims, method=method, keep_attrs=keep_attrs, skipna=skipna
        )
    return result
