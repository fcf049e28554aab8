"""Weighted reductions: ``obj.weighted(weights).mean(dim)`` and friends.

A :class:`Weighted` object pairs a DataArray or Dataset with a DataArray of weights. Every
reduction is a weighted sum over the reduced dimensions (dimensions absent from the data but
present in the weights are summed over too, as in a dot product):

* ``sum``: ``sum(data * weights)``, missing data counting as 0 when NaN are skipped;
* ``sum_of_weights``: the sum of the weights of the non-missing data (NaN where it is 0);
* ``mean``: ``sum / sum_of_weights``; ``sum_of_squares``: ``sum(weights * (data - mean)**2)``;
  ``var``: ``sum_of_squares / sum_of_weights``; ``std``: its square root;
* ``quantile``: weighted quantiles (NumPy's ``linear`` method generalised to weights, with
  Kish's effective sample size deciding the interpolation).

In-memory float, integer and bool data whose weights span only reduced dimensions -- the common
area-weighted mean with ``cos(lat)`` weights -- run on one fused numba pass
(:func:`labarray.kernels.grouped.weighted_sum`) that never forms ``data * weights``; everything
else (Dask, complex, weights with other dimensions) runs on ``einsum``, lazily for Dask.

>>> import numpy as np
>>> import labarray as xr
>>> data = xr.DataArray([[1.0, 2.0], [3.0, np.nan]], dims=("x", "y"))
>>> weights = xr.DataArray([1.0, 3.0], dims="y")
>>> Weighted(data, weights).mean("y").values
array([1.75, 3.  ])
"""

from __future__ import annotations

import string
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import numpy as np

from labarray.kernels import grouped as _kernels
from labarray.kernels import quantile as _quantile
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.structure.align import align
from labarray.utils.suggest import did_you_mean
from labarray.variable.duck import isnull
from labarray.variable.variable import Variable

__all__ = ["DataArrayWeighted", "DatasetWeighted", "Weighted"]

#: the weighted reductions (``quantile`` aside)
WEIGHTED_OPS = ("sum_of_weights", "sum_of_squares", "sum", "mean", "var", "std")


def _is_dataarray(obj: Any) -> bool:
    return hasattr(obj, "variable") and hasattr(obj, "_to_temp_dataset")


def _is_dataset(obj: Any) -> bool:
    return hasattr(obj, "data_vars") and hasattr(obj, "_variables")


class Weighted:
    """Weighted reductions of a DataArray or Dataset (see ``DataArray.weighted``).

    Parameters
    ----------
    obj : DataArray or Dataset
        The data to reduce.
    weights : DataArray
        Real weights without missing values; they are aligned with ``obj`` (inner join) and
        broadcast against it by dimension name. Bool weights count as 0/1.

    Raises
    ------
    ValueError
        ``weights`` is not a DataArray, or holds missing values (for Dask weights: when
        computed).

    Examples
    --------
    >>> import labarray as xr
    >>> lat = xr.DataArray([0.0, 60.0], dims="lat")
    >>> temp = xr.DataArray([[10.0, 0.0]], dims=("time", "lat"))
    >>> Weighted(temp, np.cos(np.deg2rad(lat))).mean("lat").values
    array([6.66666667])
    """

    __slots__ = ("obj", "weights")

    def __init__(self, obj: Any, weights: Any) -> None:
        if not _is_dataarray(weights):
            raise ValueError(
                f"`weights` must be a DataArray, got {type(weights).__name__}; wrap arrays as "
                "DataArray(values, dims=...) so that they broadcast by dimension name"
            )
        kind = weights.dtype.kind
        if kind not in "biuf":
            raise TypeError(f"`weights` must be real numbers or bools, got dtype {weights.dtype}")
        data = weights.variable.data
        label = f"`weights` {weights.name!r}" if weights.name is not None else "`weights`"
        if is_chunked_array(data):
            weights = weights.copy(data=data.map_blocks(_check_weights, label, dtype=data.dtype))
        else:
            _check_weights(np.asarray(data), label)
        self.obj = obj
        self.weights = weights

    def __repr__(self) -> str:
        dims = ", ".join(map(str, self.weights.dims))
        return f"{type(self).__name__} with weights along dimensions: {dims}"

    # --- public reductions ----------------------------------------------------------------------

    def sum_of_weights(self, dim: Any = None, *, keep_attrs: bool | None = None) -> Any:
        """Sum of the weights of the non-missing values along ``dim`` (NaN where it is 0).

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, np.nan, 3.0], dims="x")
        >>> da.weighted(xr.DataArray([1.0, 2.0, 4.0], dims="x")).sum_of_weights().values
        array(5.)
        """
        return self._implementation("sum_of_weights", dim, None, keep_attrs)

    def sum_of_squares(
        self, dim: Any = None, *, skipna: bool | None = None, keep_attrs: bool | None = None
    ) -> Any:
        """Weighted sum of squared deviations from the weighted mean along ``dim``.

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 3.0], dims="x")
        >>> da.weighted(xr.DataArray([1.0, 1.0], dims="x")).sum_of_squares().values
        array(2.)
        """
        return self._implementation("sum_of_squares", dim, skipna, keep_attrs)

    def sum(
        self, dim: Any = None, *, skipna: bool | None = None, keep_attrs: bool | None = None
    ) -> Any:
        """Weighted sum along ``dim`` (missing values count as 0 when skipped).

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, np.nan, 3.0], dims="x")
        >>> da.weighted(xr.DataArray([1.0, 2.0, 4.0], dims="x")).sum().values
        array(13.)
        """
        return self._implementation("sum", dim, skipna, keep_attrs)

    def mean(
        self, dim: Any = None, *, skipna: bool | None = None, keep_attrs: bool | None = None
    ) -> Any:
        """Weighted mean along ``dim``: ``sum / sum_of_weights``.

        Examples
        --------
        Area-weighted mean of a (lat, lon) field with ``cos(lat)`` weights:

        >>> import labarray as xr
        >>> lat = xr.DataArray([-60.0, 0.0, 60.0], dims="lat", name="lat")
        >>> field = xr.DataArray(np.ones((3, 4)) * [[1.0], [2.0], [1.0]], dims=("lat", "lon"))
        >>> weights = np.cos(np.deg2rad(lat))
        >>> float(field.weighted(weights).mean(("lat", "lon")))
        1.5
        """
        return self._implementation("mean", dim, skipna, keep_attrs)

    def var(
        self, dim: Any = None, *, skipna: bool | None = None, keep_attrs: bool | None = None
    ) -> Any:
        """Weighted variance along ``dim``: ``sum_of_squares / sum_of_weights``.

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 3.0], dims="x")
        >>> da.weighted(xr.DataArray([1.0, 1.0], dims="x")).var().values
        array(1.)
        """
        return self._implementation("var", dim, skipna, keep_attrs)

    def std(
        self, dim: Any = None, *, skipna: bool | None = None, keep_attrs: bool | None = None
    ) -> Any:
        """Weighted standard deviation along ``dim`` (square root of :meth:`var`).

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 3.0], dims="x")
        >>> da.weighted(xr.DataArray([1.0, 1.0], dims="x")).std().values
        array(1.)
        """
        return self._implementation("std", dim, skipna, keep_attrs)

    def quantile(
        self,
        q: float | Sequence[float],
        *,
        dim: Any = None,
        keep_attrs: bool | None = None,
        skipna: bool = True,
    ) -> Any:
        """Weighted quantiles along ``dim``.

        Each value counts in proportion to its weight; the interpolation follows NumPy's
        ``linear`` method with Kish's effective sample size ``sum(w)**2 / sum(w**2)`` in place
        of the number of values (equal weights give ``numpy.quantile``). Zero weights drop
        their values.

        Parameters
        ----------
        q : float or sequence of float
            Quantile(s) in [0, 1]; a sequence adds a leading ``quantile`` dimension.
        dim : str or sequence of str, optional
            Dimension(s) to reduce; default: all.
        keep_attrs : bool, optional
            Keep ``attrs`` (default: True).
        skipna : bool, default: True
            Skip NaN; with False a slice holding NaN gives NaN.

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x")
        >>> da.weighted(xr.DataArray([1.0, 1.0, 1.0, 1.0], dims="x")).quantile(0.5).values
        array(2.5)
        """
        qarr = _quantile.validate_q(q)
        return self._implementation("quantile", dim, skipna, keep_attrs, q=qarr)

    # --- machinery ------------------------------------------------------------------------------

    def _check_dim(self, dim: Any) -> list[Hashable]:
        """The reduced dimensions (``None``/``...``: every dimension of data and weights)."""
        all_dims = list(self.obj.dims) + [d for d in self.weights.dims if d not in self.obj.dims]
        if dim is None or dim is Ellipsis:
            return all_dims
        dims = [dim] if isinstance(dim, str) or not isinstance(dim, Iterable) else list(dim)
        missing = [d for d in dims if d not in all_dims]
        if missing:
            hint = did_you_mean(missing[0], all_dims)
            raise ValueError(
                f"Dimensions {tuple(missing)} not found in {type(self).__name__} dimensions "
                f"{tuple(all_dims)}" + (f"; {hint}" if hint else "")
            )
        return dims

    def _implementation(
        self, op: str, dim: Any, skipna: bool | None, keep_attrs: bool | None, **kwargs: Any
    ) -> Any:
        dims = self._check_dim(dim)
        keep = _get_keep_attrs(default=True) if keep_attrs is None else bool(keep_attrs)
        is_da = _is_dataarray(self.obj)
        ds = self.obj._to_temp_dataset() if is_da else self.obj
        ds, weights = align(ds, self.weights, join="inner", copy=False)
        wvar = weights.variable
        variables: dict[Hashable, Variable] = {}
        for name, var in ds._variables.items():
            if name in ds._coord_names:
                continue
            if op == "quantile":
                result = _quantile_variable(var, wvar, dims, skipna, kwargs["q"])
            else:
                result = _reduce_variable(op, var, wvar, dims, skipna)
            if keep:
                result.attrs = dict(var.attrs)
            variables[name] = result
        reduced = set(dims)
        coord_names = set()
        indexes = {}
        for name, var in ds._variables.items():
            if name in ds._coord_names and reduced.isdisjoint(var.dims):
                variables[name] = var
                coord_names.add(name)
                if name in ds._indexes:
                    indexes[name] = ds._indexes[name]
        out = ds._replace_with_new_dims(
            variables, coord_names, attrs=dict(ds.attrs) if keep else None, indexes=indexes
        )
        if op == "quantile":
            q = kwargs["q"]
            out = out.assign_coords(quantile=("quantile", np.atleast_1d(q)) if q.ndim else q)
        return self.obj._from_temp_dataset(out) if is_da else out


class DataArrayWeighted(Weighted):
    """Weighted reductions of a DataArray (``DataArray.weighted(weights)``)."""

    __slots__ = ()


class DatasetWeighted(Weighted):
    """Weighted reductions of every data variable of a Dataset (``Dataset.weighted(weights)``)."""

    __slots__ = ()


def _check_weights(values: np.ndarray, label: str = "`weights`") -> np.ndarray:
    nan = isnull(values)
    if nan.any():
        raise ValueError(
            f"{label} cannot contain missing values ({int(nan.sum())} of {values.size} are NaN); "
            "replace them, e.g. with weights.fillna(0)"
        )
    return values


# --- one variable ---------------------------------------------------------------------------------


def _float_dtype(*dtypes: np.dtype[Any]) -> np.dtype[Any]:
    dtype = np.result_type(*dtypes)
    return dtype if dtype.kind in "fc" else np.dtype(np.float64)


def _weight_values(w: Variable) -> tuple[Any, np.dtype[Any]]:
    data = w.data
    if w.dtype.kind == "b":  # bools count as 0/1 (a sum of bools would be a bool)
        data = data.astype(np.int64)
    return data, data.dtype


def _reduce_variable(
    op: str, var: Variable, weights: Variable, dims: list[Hashable], skipna: bool | None
) -> Variable:
    kind = var.dtype.kind
    skip = bool(skipna) or (skipna is None and kind in "cfO")
    wdata, wdtype = _weight_values(weights)
    reduced_here = [d for d in var.dims if d in dims]
    fused = (
        not is_chunked_array(wdata)
        and kind in "biuf"
        and set(weights.dims) <= set(reduced_here)
        and set(dims) <= set(var.dims)
        and bool(reduced_here)
    )
    if fused and is_chunked_array(var.data):
        out_dims, total, sow, sos = _fused_dask(op, var, weights, wdata, reduced_here, skip)
    elif fused:
        out_dims, total, sow, sos = _fused(op, var, weights, wdata, reduced_here, skip)
    else:
        out_dims, total, sow, sos = _einsum(op, var, wdata, weights.dims, dims, skip)
    return Variable(out_dims, _combine(op, var.dtype, wdtype, total, sow, sos))


def _combine(
    op: str, dtype: np.dtype[Any], wdtype: np.dtype[Any], total: Any, sow: Any, sos: Any
) -> Any:
    """Turn the weighted sums into the requested reduction, with xarray's result dtypes."""
    xp = dask_array() if any(is_chunked_array(a) for a in (total, sow, sos)) else np
    if sow is not None:
        sow = xp.where(sow != 0, sow, np.nan)
    if op == "sum_of_weights":
        return sow.astype(_float_dtype(wdtype), copy=False)
    if op == "sum":
        result_dtype = np.result_type(dtype, wdtype)
        return total.astype(result_dtype, copy=False) if result_dtype.kind != "b" else total
    ftype = _float_dtype(dtype, wdtype)
    with np.errstate(all="ignore"):
        if op == "mean":
            result = total / sow
        elif op == "sum_of_squares":
            result = sos
        else:
            result = sos / sow
            if op == "std":
                result = xp.sqrt(result)
    return result.astype(ftype, copy=False)


def _fused(
    op: str, var: Variable, weights: Variable, wdata: Any, reduced: list[Hashable], skip: bool
) -> tuple[tuple[Hashable, ...], Any, Any, Any]:
    """One numba pass for the sums (plus one for the squared deviations)."""
    values = np.asarray(var.data)
    axes = tuple(sorted(var.dims.index(d) for d in reduced))
    x, pre_shape, post_shape = _kernels.as_3d(values, axes)
    # the weights over the reduced dimensions, in the data's order, flattened (small)
    order = [var.dims[a] for a in axes]
    w = np.asarray(wdata, dtype=np.float64)
    w = np.transpose(
        w.reshape(w.shape + (1,) * (len(order) - w.ndim)), _weight_axes(weights.dims, order)
    )
    w = np.broadcast_to(w, tuple(var.shape[a] for a in axes)).reshape(-1)
    total, sow = _kernels.weighted_sum(x, w, skipna=skip)
    sos = None
    if op in ("sum_of_squares", "var", "std"):
        with np.errstate(all="ignore"):
            mean = total / np.where(sow != 0, sow, np.nan)
        sos, _ = _kernels.weighted_sum(x, w, skipna=skip, center=mean)
    shape = pre_shape + post_shape
    out_dims = tuple(d for d in var.dims if d not in reduced)
    return (
        out_dims,
        total.reshape(shape),
        sow.reshape(shape),
        None if sos is None else sos.reshape(shape),
    )


def _block_sums(
    x: np.ndarray, w: np.ndarray, center: np.ndarray | None = None, *, axes: tuple[int, ...],
    skip: bool,
) -> np.ndarray:  # fmt: skip
    """Weighted sums of one block: (2, block shape with the reduced axes of length 1)."""
    x3, _, _ = _kernels.as_3d(x, axes)
    if center is not None:
        center = center.reshape(x3.shape[0], x3.shape[2])
    total, sow = _kernels.weighted_sum(x3, np.ravel(w), skipna=skip, center=center)
    shape = tuple(1 if a in axes else n for a, n in enumerate(x.shape))
    return np.stack([total.reshape(shape), sow.reshape(shape)])


def _fused_dask(
    op: str, var: Variable, weights: Variable, wdata: Any, reduced: list[Hashable], skip: bool
) -> tuple[tuple[Hashable, ...], Any, Any, Any]:
    """The fused kernel on every block, partial sums added as a Dask tree (lazy)."""
    da = dask_array()
    data = var.data
    axes = tuple(sorted(var.dims.index(d) for d in reduced))
    order = [var.dims[a] for a in axes]
    w = np.asarray(wdata, dtype=np.float64)
    w = np.transpose(
        w.reshape(w.shape + (1,) * (len(order) - w.ndim)), _weight_axes(weights.dims, order)
    )
    w = np.broadcast_to(w, tuple(var.shape[a] for a in axes))
    wlazy = da.from_array(np.ascontiguousarray(w), chunks=tuple(data.chunks[a] for a in axes))
    index = tuple(range(data.ndim))
    kept = tuple(a for a in index if a not in axes)
    field = data.ndim
    adjust = dict.fromkeys(axes, 1)

    def sums(center: Any = None) -> Any:
        args: list[Any] = [data, index, wlazy, axes]
        if center is not None:
            args += [center, kept]
        parts = da.blockwise(
            _block_sums, (field, *index), *args, new_axes={field: 2}, adjust_chunks=adjust,
            dtype=np.float64, axes=axes, skip=skip, concatenate=True,
            meta=np.empty((0,) * (data.ndim + 1)),
        )  # fmt: skip
        return parts.sum(axis=tuple(a + 1 for a in axes))

    first = sums()
    total, sow = first[0], first[1]
    sos = None
    if op in ("sum_of_squares", "var", "std"):
        mean = total / da.where(sow != 0, sow, np.nan)
        sos = sums(mean)[0]
    return tuple(d for d in var.dims if d not in reduced), total, sow, sos


def _weight_axes(wdims: tuple[Hashable, ...], order: list[Hashable]) -> list[int]:
    """Axes permutation putting the weights (padded with length-1 axes) in ``order``."""
    extra = iter(range(len(wdims), len(order)))
    return [wdims.index(d) if d in wdims else next(extra) for d in order]


def _einsum(
    op: str,
    var: Variable,
    wdata: Any,
    wdims: tuple[Hashable, ...],
    dims: list[Hashable],
    skip: bool,
) -> tuple[tuple[Hashable, ...], Any, Any, Any]:
    """The weighted sums as einsum contractions (NumPy or Dask), like a dot product."""
    chunked = is_chunked_array(var.data) or is_chunked_array(wdata)
    xp = dask_array() if chunked else np
    all_dims = list(var.dims) + [d for d in wdims if d not in var.dims]
    if len(all_dims) > len(string.ascii_letters):
        raise ValueError(f"too many dimensions for a weighted reduction: {len(all_dims)}")
    letter = dict(zip(all_dims, string.ascii_letters, strict=False))
    out_dims = tuple(d for d in all_dims if d not in dims)
    sv = "".join(letter[d] for d in var.dims)
    sw = "".join(letter[d] for d in wdims)
    so = "".join(letter[d] for d in out_dims)
    data = var.data
    valid = ~isnull(data)
    if data.dtype.kind == "b":
        data = data.astype(np.int64)
    filled = xp.where(valid, data, 0) if skip and data.dtype.kind in "cfO" else data
    total = xp.einsum(f"{sv},{sw}->{so}", filled, wdata)
    sow = xp.einsum(f"{sv},{sw}->{so}", valid.astype(wdata.dtype), wdata)
    sos = None
    if op in ("sum_of_squares", "var", "std"):
        with np.errstate(all="ignore"):
            mean = total / xp.where(sow != 0, sow, np.nan)
        # broadcast the mean back over the data's dims (plus the kept weight-only dims)
        spread = list(var.dims) + [d for d in out_dims if d not in var.dims]
        data_b = data.reshape(data.shape + (1,) * (len(spread) - data.ndim))
        mean_b = xp.transpose(
            mean.reshape(mean.shape + (1,) * (len(spread) - mean.ndim)),
            _weight_axes(out_dims, spread),
        )
        dev = data_b - mean_b
        sq = dev * np.conj(dev) if dev.dtype.kind == "c" else dev * dev
        if skip:
            sq = xp.where(isnull(sq), 0, sq)
        sd = "".join(letter[d] for d in spread)
        sos = xp.einsum(f"{sd},{sw}->{so}", sq, wdata)
    return out_dims, total, sow, sos


# --- quantiles ------------------------------------------------------------------------------------


def _quantile_variable(
    var: Variable, weights: Variable, dims: list[Hashable], skipna: bool | None, q: np.ndarray
) -> Variable:
    if var.dtype.kind not in "biuf":
        raise TypeError(f"cannot compute weighted quantiles of {var.dtype} data")
    all_dims = list(var.dims) + [d for d in weights.dims if d not in var.dims]
    kept = [d for d in all_dims if d not in dims]
    order = kept + [d for d in all_dims if d in dims]
    data = _broadcast(var, all_dims).transpose(*order)
    wvals = _broadcast(weights, all_dims).transpose(*order)
    nkept = len(kept)
    skip = True if skipna is None else bool(skipna)
    wdata, _ = _weight_values(wvals)
    if is_chunked_array(data.data) or is_chunked_array(wdata):
        da = dask_array()
        reduced_axes = tuple(range(nkept, len(order)))
        x = da.asarray(data.data).rechunk(dict.fromkeys(reduced_axes, -1))
        w = da.broadcast_to(da.asarray(wdata), x.shape, chunks=x.chunks)
        tail = (q.size,)
        result = da.map_blocks(
            _quantile_block, x, w, nkept=nkept, q=np.atleast_1d(q), skip=skip,
            drop_axis=reduced_axes, new_axis=[nkept] if nkept else [0],
            chunks=x.chunks[:nkept] + (tail,), dtype=np.float64,
        )  # fmt: skip
    else:
        result = _quantile_block(
            np.asarray(data.data), np.asarray(wdata), nkept=nkept, q=np.atleast_1d(q), skip=skip
        )
    result = xp_moveaxis(result, -1, 0)
    if q.ndim == 0:
        return Variable(tuple(kept), result[0])
    return Variable(("quantile", *kept), result)


def xp_moveaxis(arr: Any, source: int, dest: int) -> Any:
    if is_chunked_array(arr):
        return dask_array().moveaxis(arr, source, dest)
    return np.moveaxis(arr, source, dest)


def _broadcast(var: Variable, dims: list[Hashable]) -> Variable:
    sizes = {}
    for d in dims:
        if d in var.dims:
            sizes[d] = var.shape[var.dims.index(d)]
    missing = [d for d in dims if d not in var.dims]
    return var.set_dims({**sizes, **dict.fromkeys(missing, 1)}) if missing else var


def _quantile_block(
    x: np.ndarray, w: np.ndarray, *, nkept: int, q: np.ndarray, skip: bool
) -> np.ndarray:
    """Weighted quantiles of the trailing axes of ``x`` (kept axes first) -> kept + (nq,)."""
    kept_shape = x.shape[:nkept]
    x, w = np.broadcast_arrays(x, w)
    rows = x.reshape((int(np.prod(kept_shape)), -1))
    wrows = w.reshape(rows.shape)
    out = _kernels.weighted_quantile(rows, wrows, q, skipna=skip)
    return out.reshape(kept_shape + (q.size,))


def weighted_quantile_1d(
    values: np.ndarray, weights: np.ndarray, q: np.ndarray, skipna: bool = True
) -> np.ndarray:
    """Weighted quantiles of 1-D ``values`` (NumPy's "linear" method with weights).

    The sorted values are laid out on [0, 1] with lengths proportional to their weights; the
    quantile position ``h = (n_eff - 1) q + 1`` (``n_eff`` = Kish's effective sample size) picks
    the stretch ``[(h - 1) / n_eff, h / n_eff]`` and averages the values it overlaps, weighted by
    the overlap. Equal weights reduce this to :func:`numpy.quantile`.

    Examples
    --------
    >>> weighted_quantile_1d(np.array([1.0, 2.0, 3.0, 4.0]), np.ones(4), np.array([0.25, 0.5]))
    array([1.75, 2.5 ])
    """
    nan = np.isnan(values)
    if nan.any():
        if not skipna:
            return np.full(q.size, np.nan)
        values, weights = values[~nan], weights[~nan]
    nonzero = weights != 0
    values, weights = values[nonzero], weights[nonzero]
    if values.size == 0:
        return np.full(q.size, np.nan)
    total = weights.sum()
    n_eff = total**2 / (weights**2).sum()
    order = np.argsort(values, kind="stable")
    values = values[order]
    cum = np.concatenate([[0.0], np.cumsum(weights[order] / total)])
    h = np.clip((n_eff - 1) * q + 1, 1, n_eff)[:, None]
    lo, hi = (h - 1) / n_eff, h / n_eff
    # overlap of each value's stretch [cum[i], cum[i+1]] with [lo, hi], in units of 1/n_eff
    u = np.clip(cum[None, :], lo, hi) * n_eff
    share = np.diff(u, axis=1)
    return (share * values[None, :]).sum(axis=1)
