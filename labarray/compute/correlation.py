"""Covariance, Pearson correlation and the vector cross product of DataArrays.

``cov_corr`` aligns the two arrays (inner join), broadcasts them by dimension name, masks the
positions where either is missing, and reduces in one pass over NumPy or Dask data (nan-aware
means, optional weights broadcast by name). The result keeps the coordinates that do not lie on
the reduced dimensions, merged as arithmetic merges them (conflicting non-index ones dropped). ``cross`` pads a 2-component vector with a zero third component when
the other has 3 (aligning by label when both have a coordinate on ``dim``) and calls
``numpy.cross`` through ``apply_ufunc`` (lazy on Dask).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np

from labarray.compute.apply_ufunc import apply_ufunc
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.structure.align import align
from labarray.structure.merge import merge_coordinates_without_align
from labarray.utils.attrs import drop_conflicts
from labarray.utils.suggest import name_not_found
from labarray.variable import Variable, broadcast_variables

__all__ = ["cov_corr", "cross"]


def _check_dataarray(obj: Any, name: str, func: str) -> None:
    if not (hasattr(obj, "variable") and hasattr(obj, "xindexes") and hasattr(obj, "name")):
        raise TypeError(f"{func}() needs DataArrays; {name} is a {type(obj).__name__}")


def _xp(*arrays: Any) -> Any:
    return dask_array() if any(is_chunked_array(a) for a in arrays) else np


def _data(var: Variable) -> Any:
    return var._data if is_chunked_array(var._data) else np.asarray(var.values)


def cov_corr(
    da_a: Any,
    da_b: Any,
    dim: Hashable | Iterable[Hashable] | None = None,
    ddof: int = 1,
    weights: Any = None,
    method: str = "cov",
) -> Any:
    """Covariance (``method="cov"``) or correlation (``"corr"``) of two DataArrays along ``dim``.

    Examples
    --------
    >>> import labarray as xr
    >>> a = xr.DataArray([1.0, 2.0, 4.0], dims="t")
    >>> float(cov_corr(a, a * 2, "t", method="corr"))
    1.0
    """
    _check_dataarray(da_a, "da_a", method)
    _check_dataarray(da_b, "da_b", method)
    if weights is not None:
        _check_dataarray(weights, "weights", method)
    a, b = align(da_a, da_b, join="inner", copy=False)
    va, vb = broadcast_variables(a.variable, b.variable)
    dims = va.dims
    if dim is None:
        reduce_dims: list[Hashable] = list(dims)
    elif isinstance(dim, str) or not isinstance(dim, Iterable):
        reduce_dims = [dim]
    else:
        reduce_dims = list(dim)
    missing = [d for d in reduce_dims if d not in dims]
    if missing:
        raise name_not_found("dimension", missing, dims, f"the inputs of {method}()")
    axes = tuple(dims.index(d) for d in reduce_dims)

    x = _data(va)
    y = _data(vb)
    if x.dtype.kind not in "fc":
        x = x.astype(np.float64)
    if y.dtype.kind not in "fc":
        y = y.astype(np.float64)
    xp = _xp(x, y)
    valid = ~(xp.isnan(x) | xp.isnan(y))
    complete = xp is np and bool(valid.all())
    if not complete:
        x = xp.where(valid, x, np.nan)
        y = xp.where(valid, y, np.nan)
    # without missing values the plain reductions give the same result, faster
    nanmean = np.mean if complete else xp.nanmean

    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        weighted_mean = None
        if weights is not None:
            (wa,) = align(weights, join="inner", copy=False, indexes=dict(a.xindexes))
            wvar = wa.variable
            extra = [d for d in wvar.dims if d not in dims]
            if extra:
                raise ValueError(
                    f"weights have dimensions {extra} that the inputs of {method}() do not have; "
                    f"input dimensions: {', '.join(map(str, dims))}"
                )
            w = _data(wvar.set_dims(dict(zip(dims, va.shape, strict=True))).transpose(*dims))
            if xp is np and np.isnan(w).any():
                raise ValueError(f"weights of {method}() contain NaN; fill them (e.g. weights.fillna(0))")
            w = xp.where(valid, w, 0.0)
            sum_w = w.sum(axis=axes, keepdims=True)

            def weighted_mean(v: Any) -> Any:
                return xp.nansum(v * w, axis=axes, keepdims=True) / sum_w

            mean_x, mean_y = weighted_mean(x), weighted_mean(y)
            dx, dy = x - mean_x, y - mean_y
            covariance = weighted_mean(xp.conj(dx) * dy)
        else:
            mean_x = nanmean(x, axis=axes, keepdims=True)
            mean_y = nanmean(y, axis=axes, keepdims=True)
            dx, dy = x - mean_x, y - mean_y
            covariance = nanmean(xp.conj(dx) * dy, axis=axes, keepdims=True)
        if method == "cov":
            count = valid.sum(axis=axes, keepdims=True)
            result = covariance * count / (count - ddof)
        else:
            if weighted_mean is None:
                std_x = xp.sqrt(nanmean(abs(dx) ** 2, axis=axes, keepdims=True))
                std_y = xp.sqrt(nanmean(abs(dy) ** 2, axis=axes, keepdims=True))
            else:
                std_x = xp.sqrt(weighted_mean(abs(dx) ** 2))
                std_y = xp.sqrt(weighted_mean(abs(dy) ** 2))
            result = covariance / (std_x * std_y)
    result = result.reshape(tuple(s for i, s in enumerate(result.shape) if i not in axes))
    out_dims = tuple(d for d in dims if d not in reduce_dims)
    # as the arithmetic it is made of: coordinates merge as for ``a - b`` (a non-index coordinate
    # that differs between the inputs, such as a scalar ``plev`` of two selected levels, is
    # dropped), a shared name survives, attrs merge dropping conflicts
    coords, _ = merge_coordinates_without_align(
        [(a._coords, a.xindexes), (b._coords, b.xindexes)], exclude_dims=frozenset(reduce_dims)
    )
    name = da_a.name if da_a.name == da_b.name else None
    attrs = drop_conflicts(da_a.attrs, da_b.attrs) if _get_keep_attrs(True) else {}
    return type(da_a)(result, dims=out_dims, coords=coords, name=name, attrs=attrs)


def cross(a: Any, b: Any, *, dim: Hashable) -> Any:
    """Cross product of two vector fields whose components lie along ``dim`` (see ``labarray.cross``).

    Examples
    --------
    >>> import labarray as xr
    >>> x = xr.DataArray([1, 0, 0], dims="c")
    >>> cross(x, xr.DataArray([0, 1, 0], dims="c"), dim="c").values
    array([0, 0, 1])
    """
    for obj, label in ((a, "a"), (b, "b")):
        if not hasattr(obj, "dims") or not hasattr(obj, "sizes"):
            raise TypeError(f"cross() needs DataArrays or Variables; {label} is a {type(obj).__name__}")
        if dim not in obj.dims:
            raise name_not_found("dimension", [dim], obj.dims, f"argument {label} of cross()")
        if obj.sizes[dim] not in (1, 2, 3):
            raise ValueError(
                f"the size of dimension {dim!r} on {label} is {obj.sizes[dim]}; cross products need "
                "vectors of 1, 2 or 3 components"
            )
    all_dims = list(dict.fromkeys((*a.dims, *b.dims)))
    if a.sizes[dim] != b.sizes[dim]:
        coords_a = getattr(a, "xindexes", {})
        coords_b = getattr(b, "xindexes", {})
        if dim in coords_a and dim in coords_b:
            a, b = align(a, b, fill_value=0, join="outer", exclude=[d for d in all_dims if d != dim])
        elif min(a.sizes[dim], b.sizes[dim]) == 2:
            if a.sizes[dim] < b.sizes[dim]:
                a = _pad_zero(a, dim)
            else:
                b = _pad_zero(b, dim)
        else:
            raise ValueError(
                f"dimension {dim!r} on {'a' if a.sizes[dim] == 1 else 'b'} has size 1 and no "
                "coordinate to align the components by; give both a coordinate on "
                f"{dim!r} or use vectors of 2 or 3 components"
            )
    size = a.sizes[dim]
    chunks_a = getattr(a, "chunksizes", None) or {}
    if chunks_a and (getattr(b, "chunksizes", None) or {}):
        # one block structure for both, so the blockwise cross product lines up
        b = b.chunk({d: c for d, c in chunks_a.items() if d in b.dims and d != dim})
    result = apply_ufunc(
        np.cross if size == 3 else _cross_2d,
        a,
        b,
        input_core_dims=[[dim], [dim]],
        output_core_dims=[[dim]] if size == 3 else [()],
        dask="parallelized",
        output_dtypes=[np.result_type(a.dtype, b.dtype)],
    )
    return result.transpose(*[d for d in all_dims if d in result.dims])


def _cross_2d(a: Any, b: Any) -> Any:
    """z-component of the cross product of 2-component vectors (last axis)."""
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]


def _pad_zero(obj: Any, dim: Hashable) -> Any:
    """Append one zero component along ``dim`` (no coordinate on ``dim``: positions only)."""
    var = obj.variable if hasattr(obj, "variable") else obj
    axis = var.dims.index(dim)
    data = _data(var)
    shape = list(data.shape)
    shape[axis] = 1
    xp = _xp(data)
    if xp is np:
        padded = np.concatenate([data, np.zeros(shape, dtype=data.dtype)], axis=axis)
    else:
        padded = xp.concatenate([data, xp.zeros(shape, dtype=data.dtype)], axis=axis).rechunk({axis: -1})
    new_var = Variable(var.dims, padded, attrs=var.attrs)
    if not hasattr(obj, "variable"):
        return new_var
    coords = {k: v for k, v in obj._coords.items() if dim not in v.dims}
    return type(obj)(new_var, coords=coords, name=obj.name)
