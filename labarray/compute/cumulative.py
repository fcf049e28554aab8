"""Cumulative (expanding-window) reductions: ``obj.cumulative(dim).sum()`` and friends.

Position ``i`` along ``dim`` of the result holds the reduction of every value up to and including
``i`` (with several dims, of the whole box ``[:i, :j, ...]``), skipping NaN; where fewer than
``min_periods`` valid values were seen the result is NaN. This is xarray's
``rolling(dim=size, min_periods=...)`` with a window as long as the dimension, computed directly:

* ``sum``/``count``/``mean``/``prod``: cumulative sums (products) of the valid values and of the
  validity mask, along each dim in turn;
* ``min``/``max``: ``np.fmin.accumulate``/``np.fmax.accumulate`` (which skip NaN);
* ``var``/``std``: cumulative sums of the values and their squares, after subtracting each slice's
  mean (a constant shift leaves the variance unchanged and removes most of the cancellation of
  the ``sum(x**2) - sum(x)**2 / n`` formula);
* ``median``: a running median kernel (one dim only).

Results are float64 (float32 data stay float32), as in xarray. Dask data are rechunked to one
chunk along the cumulative dims and computed block by block, lazily.

>>> import numpy as np
>>> cumulative_values("sum", np.array([1.0, np.nan, 2.0]), (0,))
array([1., 1., 3.])
"""

from __future__ import annotations

import copy
from collections.abc import Hashable
from typing import Any

import numpy as np

from labarray.kernels.quantile import running_median
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.dims import parse_dims
from labarray.utils.suggest import format_names

__all__ = ["CUMULATIVE_FUNCS", "Cumulative", "cumulative_values"]

#: The reductions a :class:`Cumulative` object offers.
CUMULATIVE_FUNCS = ("sum", "mean", "min", "max", "prod", "count", "std", "var", "median")


def _scan(func: Any, x: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    for axis in axes:
        x = func(x, axis=axis)
    return x


def cumulative_values(
    func: str, values: np.ndarray, axes: tuple[int, ...], min_periods: int = 1, ddof: int = 0
) -> np.ndarray:
    """Cumulative ``func`` of a NumPy array along ``axes`` (see the module docstring).

    Raises
    ------
    ValueError
        An unknown ``func``.
    TypeError
        Non-numeric data.
    NotImplementedError
        ``median`` along more than one axis.

    Examples
    --------
    >>> cumulative_values("max", np.array([1.0, 3.0, 2.0]), (0,))
    array([1., 3., 3.])
    """
    if func not in CUMULATIVE_FUNCS:
        raise ValueError(
            f"unknown cumulative reduction {func!r}; valid names are: "
            + format_names(CUMULATIVE_FUNCS)
        )
    values = np.asarray(values)
    if values.dtype.kind not in "biuf":
        raise TypeError(f"cannot compute a cumulative {func} of {values.dtype} data")
    out_dtype = np.float32 if values.dtype == np.float32 else np.float64
    x = values.astype(np.float64)
    valid = ~np.isnan(x)
    count = _scan(np.cumsum, valid.astype(np.int64), axes)
    with np.errstate(all="ignore"):
        if func == "median":
            if len(axes) != 1:
                raise NotImplementedError(
                    f"a cumulative median runs along one dimension only; got {len(axes)} dimensions"
                )
            result = running_median(x, axes[0])
        elif func in ("min", "max"):
            ufunc = np.fmin if func == "min" else np.fmax
            result = _scan(ufunc.accumulate, x, axes)
        elif func == "prod":
            result = _scan(np.cumprod, np.where(valid, x, 1.0), axes)
        elif func == "count":
            result = count.astype(np.float64)
        elif func in ("sum", "mean"):
            result = _scan(np.cumsum, np.where(valid, x, 0.0), axes)
            if func == "mean":
                result = result / count
        else:  # var, std
            shift = np.nanmean(x, axis=axes, keepdims=True) if x.size else 0.0
            centred = np.where(valid, x - np.where(np.isnan(shift), 0.0, shift), 0.0)
            s1 = _scan(np.cumsum, centred, axes)
            s2 = _scan(np.cumsum, centred * centred, axes)
            result = np.maximum(s2 - s1 * s1 / count, 0.0) / (count - ddof)
            result = np.where(count - ddof > 0, result, np.nan)
            if func == "std":
                result = np.sqrt(result)
    result = np.where(count >= min_periods, result, np.nan)
    return result.astype(out_dtype, copy=False)


def _cumulative_data(
    func: str, data: Any, axes: tuple[int, ...], min_periods: int, ddof: int
) -> Any:
    if not is_chunked_array(data):
        return cumulative_values(func, data, axes, min_periods, ddof)
    if data.dtype.kind not in "biuf":
        raise TypeError(f"cannot compute a cumulative {func} of {data.dtype} data")
    if func == "median" and len(axes) != 1:
        cumulative_values(func, np.zeros((1,) * data.ndim), axes)  # raises the same error
    dtype = np.float32 if data.dtype == np.float32 else np.float64
    data = data.rechunk(dict.fromkeys(axes, -1))
    return data.map_blocks(_cumulative_block, func, axes, min_periods, ddof, dtype=dtype)


def _cumulative_block(
    block: np.ndarray, func: str, axes: tuple[int, ...], min_periods: int, ddof: int
) -> np.ndarray:
    return cumulative_values(func, block, axes, min_periods, ddof)


class Cumulative:
    """Expanding-window reductions of a DataArray or Dataset along some dimensions.

    Created by ``obj.cumulative(dim, min_periods=1)``; each method (``sum``, ``mean``, ``min``,
    ``max``, ``prod``, ``count``, ``std``, ``var``, ``median``) returns an object like ``obj``
    with the same shape. On a Dataset, data variables without any of the dims are kept as they
    are and non-numeric data variables along them are dropped.

    Parameters
    ----------
    obj : DataArray or Dataset
        The object to reduce.
    dim : str or sequence of str
        The dimension(s) to accumulate along.
    min_periods : int, default: 1
        Minimum number of valid values needed for a result (NaN otherwise).

    Examples
    --------
    A DataArray ``da`` with values ``[1, 2, 3]`` along ``x``::

        da.cumulative("x").mean()   # values [1.0, 1.5, 2.0]
    """

    def __init__(self, obj: Any, dim: Any, min_periods: int = 1) -> None:
        all_dims = list(obj.dims)
        if dim is None or dim is ...:
            raise ValueError(
                "cumulative needs the dimension(s) to accumulate along; got "
                f"{dim!r}; dimensions: {format_names(all_dims)}"
            )
        self.dims = parse_dims(dim, all_dims, where="cumulative")
        if (
            isinstance(min_periods, bool)
            or not isinstance(min_periods, (int, np.integer))
            or min_periods < 1
        ):
            raise ValueError(f"min_periods must be a positive integer, got {min_periods!r}")
        self.obj = obj
        self.min_periods = int(min_periods)

    def __repr__(self) -> str:
        dims = ", ".join(f"{d}->{self.obj.sizes[d]}" for d in self.dims)
        return f"Cumulative [{dims}] (min_periods={self.min_periods})"

    def _reduce_variable(self, var: Any, func: str, keep_attrs: bool, ddof: int) -> Any:
        axes = tuple(var.dims.index(d) for d in self.dims if d in var.dims)
        data = _cumulative_data(func, var.data, axes, self.min_periods, ddof)
        return var._replace(data=data, attrs=copy.copy(var._attrs) if keep_attrs else None)

    def _apply(self, func: str, keep_attrs: bool | None, ddof: int = 0) -> Any:
        keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
        obj = self.obj
        if not hasattr(obj, "data_vars"):  # a DataArray
            var = self._reduce_variable(obj.variable, func, keep, ddof)
            return obj._replace_maybe_drop_dims(var)
        new: dict[Hashable, Any] = {}
        drop: list[Hashable] = []
        for name in obj.data_vars:
            var = obj._variables[name]
            if not set(self.dims) & set(var.dims):
                continue
            if var.dtype.kind not in "biuf":
                drop.append(name)
                continue
            new[name] = self._reduce_variable(var, func, keep, ddof)
        result = obj.drop_vars(drop)._replace_variables(new)
        if not keep:
            result.attrs = {}
        return result

    def sum(self, keep_attrs: bool | None = None) -> Any:
        """Sum of the valid values so far."""
        return self._apply("sum", keep_attrs)

    def mean(self, keep_attrs: bool | None = None) -> Any:
        """Mean of the valid values so far."""
        return self._apply("mean", keep_attrs)

    def min(self, keep_attrs: bool | None = None) -> Any:
        """Minimum of the valid values so far."""
        return self._apply("min", keep_attrs)

    def max(self, keep_attrs: bool | None = None) -> Any:
        """Maximum of the valid values so far."""
        return self._apply("max", keep_attrs)

    def prod(self, keep_attrs: bool | None = None) -> Any:
        """Product of the valid values so far."""
        return self._apply("prod", keep_attrs)

    def count(self, keep_attrs: bool | None = None) -> Any:
        """Number of valid values so far (float, NaN below ``min_periods``)."""
        return self._apply("count", keep_attrs)

    def var(self, keep_attrs: bool | None = None, ddof: int = 0) -> Any:
        """Variance of the valid values so far (divisor ``N - ddof``)."""
        return self._apply("var", keep_attrs, _check_ddof(ddof))

    def std(self, keep_attrs: bool | None = None, ddof: int = 0) -> Any:
        """Standard deviation of the valid values so far (divisor ``N - ddof``)."""
        return self._apply("std", keep_attrs, _check_ddof(ddof))

    def median(self, keep_attrs: bool | None = None) -> Any:
        """Median of the valid values so far (one dimension only)."""
        return self._apply("median", keep_attrs)


def _check_ddof(ddof: Any) -> int:
    if isinstance(ddof, bool) or not isinstance(ddof, (int, np.integer)) or ddof < 0:
        raise ValueError(f"ddof must be a non-negative integer, got {ddof!r}")
    return int(ddof)
