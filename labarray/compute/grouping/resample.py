"""Resample objects: grouping by time bins, plus upsampling.

``obj.resample(time="MS")`` is a GroupBy whose grouper is a
:class:`~labarray.compute.grouping.groupers.TimeResampler` on the time dimension; the result keeps
the dimension's name (``time``), labelled by the bins. Downsampling is any grouped reduction
(``mean``, ``sum``, ``quantile`` ...); upsampling fills the new time steps from the old ones:
:meth:`Resample.asfreq`, :meth:`~Resample.ffill`, :meth:`~Resample.bfill`,
:meth:`~Resample.nearest` (through ``reindex``) and :meth:`~Resample.interpolate` (linear,
nearest, zero/previous/next here; spline kinds through SciPy).

>>> import pandas as pd, labarray as xr
>>> da = xr.DataArray([0.0, 2.0], dims="time",
...                   coords={"time": pd.date_range("2000-01-01", periods=2, freq="D")})
>>> da.resample(time="12h").interpolate("linear").values.tolist()
[0.0, 1.0, 2.0]
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from labarray.accessors.dt import time_kind
from labarray.compute.grouping.groupby import GroupBy
from labarray.compute.grouping.groupers import Grouper
from labarray.compute.grouping.time_bins import _to_us
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.variable import Variable

__all__ = ["DataArrayResample", "DatasetResample", "Resample"]

_INTERP_KINDS = ("linear", "nearest", "zero", "previous", "next", "slinear", "quadratic", "cubic")


class Resample(GroupBy):
    """GroupBy over the time bins of one dimension (``obj.resample(time=freq)``)."""

    __slots__ = ("_dim",)
    _fill_empty_groups = True
    _apply_name = "Resample"

    def __init__(
        self,
        obj: Any,
        groupers: Sequence[tuple[Any, Grouper]],
        *,
        dim: Hashable,
        restore_coord_dims: bool = False,
        default_skipna: bool | None = None,
    ) -> None:
        super().__init__(
            obj, groupers, restore_coord_dims=restore_coord_dims, default_skipna=default_skipna
        )
        self._dim = dim

    def __len__(self) -> int:
        """Number of bins, empty ones included."""
        return self._ngroups

    @property
    def _labels(self) -> np.ndarray:
        return self._encoded[0].labels

    # ------------------------------------------------------------------ upsampling
    def _reindex(self, method: str | None, tolerance: Any = None) -> Any:
        obj = self._drop_coords_along_dim()
        kwargs: dict[str, Any] = {}
        if method is not None:
            kwargs["method"] = method
        if tolerance is not None:
            kwargs["tolerance"] = tolerance
        return obj.reindex({self._dim: self._labels}, **kwargs)

    def _drop_coords_along_dim(self) -> Any:
        obj = self._obj
        extra = [k for k, v in obj.coords.items() if self._dim in v.dims and k != self._dim]
        return obj.drop_vars(extra) if extra else obj

    def asfreq(self) -> Any:
        """The values at the new time steps; steps without a value are NaN.

        Examples
        --------
        >>> import pandas as pd, labarray as xr
        >>> da = xr.DataArray([1.0, 2.0], dims="time",
        ...                   coords={"time": pd.date_range("2000-01-01", periods=2, freq="D")})
        >>> da.resample(time="12h").asfreq().values.tolist()
        [1.0, nan, 2.0]
        """
        return self._reindex(None)

    def ffill(self, tolerance: Any = None) -> Any:
        """Upsample, filling each new step with the previous value (within ``tolerance``).

        Examples
        --------
        >>> import pandas as pd, labarray as xr
        >>> da = xr.DataArray([1.0, 2.0], dims="time",
        ...                   coords={"time": pd.date_range("2000-01-01", periods=2, freq="D")})
        >>> da.resample(time="12h").ffill().values.tolist()
        [1.0, 1.0, 2.0]
        """
        return self._reindex("pad", tolerance)

    pad = ffill

    def bfill(self, tolerance: Any = None) -> Any:
        """Upsample, filling each new step with the next value (within ``tolerance``).

        Examples
        --------
        >>> import pandas as pd, labarray as xr
        >>> da = xr.DataArray([1.0, 2.0], dims="time",
        ...                   coords={"time": pd.date_range("2000-01-01", periods=2, freq="D")})
        >>> da.resample(time="12h").bfill().values.tolist()
        [1.0, 2.0, 2.0]
        """
        return self._reindex("backfill", tolerance)

    backfill = bfill

    def nearest(self, tolerance: Any = None) -> Any:
        """Upsample, filling each new step with the nearest value (within ``tolerance``).

        Examples
        --------
        >>> import pandas as pd, labarray as xr
        >>> da = xr.DataArray([1.0, 2.0], dims="time",
        ...                   coords={"time": pd.date_range("2000-01-01", periods=2, freq="D")})
        >>> da.resample(time="8h").nearest().values.tolist()
        [1.0, 1.0, 2.0, 2.0]
        """
        return self._reindex("nearest", tolerance)

    def interpolate(self, kind: str = "linear") -> Any:
        """Upsample by interpolating along time between the old values.

        Parameters
        ----------
        kind : {"linear", "nearest", "zero", "previous", "next", "slinear", "quadratic", "cubic"}
            Interpolation; the spline kinds ("quadratic", "cubic") need SciPy. New steps outside
            the original time range are NaN.

        Examples
        --------
        >>> import pandas as pd, labarray as xr
        >>> da = xr.DataArray([0.0, 3.0], dims="time",
        ...                   coords={"time": pd.date_range("2000-01-01", periods=2, freq="D")})
        >>> da.resample(time="8h").interpolate().values.tolist()
        [0.0, 1.0, 2.0, 3.0]
        """
        if kind not in _INTERP_KINDS:
            raise ValueError(
                f"unknown interpolation kind {kind!r}; choose one of {', '.join(_INTERP_KINDS)}"
            )
        obj = self._drop_coords_along_dim()
        ds = obj._to_temp_dataset() if hasattr(obj, "_to_temp_dataset") else obj
        x = _as_numbers(np.asarray(ds._variables[self._dim].values))
        xi = _as_numbers(self._labels)
        order = np.argsort(x, kind="stable")
        variables = {}
        for key, var in ds._variables.items():
            if self._dim not in var.dims or key == self._dim:
                if key != self._dim:
                    variables[key] = var
                continue
            variables[key] = _interp_variable(var, self._dim, x, xi, order, kind)
        new = obj.reindex({self._dim: self._labels})  # the new index and coordinates
        new_ds = new._to_temp_dataset() if hasattr(new, "_to_temp_dataset") else new
        variables[self._dim] = new_ds._variables[self._dim]
        result = new_ds._replace_with_new_dims(
            {k: variables.get(k, v) for k, v in new_ds._variables.items()}, set(new_ds._coord_names)
        )
        return new._from_temp_dataset(result) if hasattr(new, "_from_temp_dataset") else result


def _as_numbers(values: np.ndarray) -> np.ndarray:
    """Times as float64 (datetime64 in their own unit's integer count, cftime in microseconds)."""
    kind = time_kind(values)
    if kind == "datetime64":
        return values.astype("M8[us]").astype(np.int64).astype(np.float64)
    if kind == "cftime":
        return _to_us(values, values.reshape(-1)[0].calendar).astype(np.float64)
    return values.astype(np.float64)


def _interp_variable(
    var: Variable, dim: Hashable, x: np.ndarray, xi: np.ndarray, order: np.ndarray, kind: str
) -> Variable:
    axis = var.dims.index(dim)
    data = var.data
    if not np.array_equal(order, np.arange(order.size)):
        data = np.take(data, order, axis=axis)
        x = x[order]
    if data.dtype.kind not in "fc":
        data = data.astype(np.float64)
    if kind in ("quadratic", "cubic"):
        out = _scipy_interp(data, x, xi, axis, kind)
    else:
        out = _gather_interp(data, x, xi, axis, kind)
    return Variable(var.dims, out, var._attrs)


def _gather_interp(data: Any, x: np.ndarray, xi: np.ndarray, axis: int, kind: str) -> Any:
    """Interpolation as gathers of the two neighbours (NumPy and Dask alike)."""
    n = x.size
    outside = (xi < x[0]) | (xi > x[-1]) if n else np.ones(xi.shape, bool)
    shape = [1] * data.ndim
    shape[axis] = xi.size
    if n == 1:
        left = right = np.zeros(xi.size, dtype=np.intp)
        weight = np.zeros(xi.size)
    else:
        left = np.clip(np.searchsorted(x, xi, side="left") - 1, 0, n - 2)
        right = left + 1
        with np.errstate(divide="ignore", invalid="ignore"):
            weight = (xi - x[left]) / (x[right] - x[left])
    if kind in ("linear", "slinear"):
        lo = np.take(data, left, axis=axis)
        hi = np.take(data, right, axis=axis)
        w = weight.reshape(shape)
        # SciPy's (and so xarray's) formula and interval choice: a NaN neighbour gives NaN
        out = lo + (hi - lo) * w

    else:
        if kind == "nearest":
            pick = np.where(weight > 0.5, right, left)
        elif kind in ("zero", "previous"):
            pick = np.where(weight >= 1.0, right, left)
        else:  # next
            pick = np.where(weight > 0.0, right, left)
        out = np.take(data, pick, axis=axis)
    if outside.any():
        out = np.where(outside.reshape(shape), np.nan, out)
    return out


def _scipy_interp(data: Any, x: np.ndarray, xi: np.ndarray, axis: int, kind: str) -> Any:
    try:
        from scipy.interpolate import interp1d
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"interpolate(kind={kind!r}) needs SciPy: pip install scipy (or use kind='linear')"
        ) from None

    def run(block: np.ndarray) -> np.ndarray:
        f = interp1d(
            x,
            block,
            kind=kind,
            axis=axis,
            bounds_error=False,
            fill_value=np.nan,
            assume_sorted=True,
        )
        return f(xi)

    if is_chunked_array(data):
        data = data.rechunk({axis: -1})
        chunks = tuple((xi.size,) if i == axis else c for i, c in enumerate(data.chunks))
        return dask_array().map_blocks(run, data, chunks=chunks, dtype=np.float64)
    return run(np.asarray(data))


class DataArrayResample(Resample):
    """Resample of a DataArray (``da.resample(time=...)``)."""

    __slots__ = ()


class DatasetResample(Resample):
    """Resample of a Dataset (``ds.resample(time=...)``)."""

    __slots__ = ()
