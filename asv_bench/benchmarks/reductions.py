"""Reductions of a float64 (time, lat, lon) array with 10% NaN: sum/mean/std/max, median, quantile.

The full size is the issue's (3650, 90, 180) (~470 MB); tiny mode shrinks it. Every ``time_*``
method is a named operation of ``OPERATIONS`` so that ``asv_bench/compare_numpy.py`` can time
the same reduction with plain NumPy (``numpy.nanmean`` ...) and ``numpy.sum`` on the same data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import randn, requires_dask, scaled, xr

DIMS = ("time", "lat", "lon")
#: the ``dim`` argument of each benchmark parameter, and the matching NumPy ``axis``
REDUCED = {"time": ("time", 0), "space": (("lat", "lon"), (1, 2)), "all": (None, None)}

#: NumPy references: operation name -> (nan-aware function, kwargs)
NUMPY_REFERENCES: dict[str, tuple[Callable[..., Any], dict[str, Any]]] = {
    "sum": (np.nansum, {}),
    "mean": (np.nanmean, {}),
    "std": (np.nanstd, {}),
    "max": (np.nanmax, {}),
    "median": (np.nanmedian, {}),
    "quantile": (np.nanquantile, {"q": 0.9}),
}


def shape() -> tuple[int, int, int]:
    return (scaled(3650, 20), scaled(90, 6), scaled(180, 8))


def make_array(seed: int = 0) -> np.ndarray:
    """The benchmark data: seeded float64 with 10% NaN."""
    return randn(shape(), seed=seed, frac_nan=0.1)


class Reduce:
    """``sum``/``mean``/``std``/``max`` with skipna over time, over (lat, lon) and over all dims."""

    params = (["sum", "mean", "std", "max"], list(REDUCED))
    param_names = ("func", "over")

    def setup(self, func: str, over: str) -> None:
        self.values = make_array()
        self.da = xr.DataArray(self.values, dims=DIMS)

    def time_reduce(self, func: str, over: str) -> None:
        getattr(self.da, func)(dim=REDUCED[over][0], skipna=True)

    def peakmem_reduce(self, func: str, over: str) -> None:
        getattr(self.da, func)(dim=REDUCED[over][0], skipna=True)


class ReduceDask(Reduce):
    """The same on a Dask array chunked along time."""

    def setup(self, func: str, over: str) -> None:
        requires_dask()
        super().setup(func, over)
        self.da = self.da.chunk({"time": scaled(365, 5)})

    def time_reduce(self, func: str, over: str) -> None:
        getattr(self.da, func)(dim=REDUCED[over][0], skipna=True).compute()

    def peakmem_reduce(self, func: str, over: str) -> None:
        getattr(self.da, func)(dim=REDUCED[over][0], skipna=True).compute()


class Order:
    """``median`` and ``quantile(0.9)`` over time (skipna)."""

    params = (["median", "quantile"],)
    param_names = ("func",)

    def setup(self, func: str) -> None:
        self.values = make_array()
        self.da = xr.DataArray(self.values, dims=DIMS)

    def time_order(self, func: str) -> None:
        if func == "quantile":
            self.da.quantile(0.9, dim="time", skipna=True)
        else:
            self.da.median(dim="time", skipna=True)


class OrderDask(Order):
    """The same on Dask, chunked along lat so that time is whole in every chunk."""

    def setup(self, func: str) -> None:
        requires_dask()
        super().setup(func)
        self.da = self.da.chunk({"lat": scaled(30, 3)})

    def time_order(self, func: str) -> None:
        if func == "quantile":
            self.da.quantile(0.9, dim="time", skipna=True).compute()
        else:
            self.da.median(dim="time", skipna=True).compute()


def numpy_reference(bench_cls: type, params: tuple[Any, ...]) -> tuple[Callable[[], Any], Callable[[], Any]] | None:
    """The NumPy nan-function and ``numpy.sum`` calls matching one benchmark, on its data.

    Returns ``(nan_function_call, numpy_sum_call)`` for the NumPy-backed classes, None for the
    others (Dask variants, unknown classes).

    Examples
    --------
    >>> from benchmarks import set_tiny
    >>> set_tiny()
    >>> nan_call, sum_call = numpy_reference(Reduce, ("mean", "time"))
    >>> nan_call().shape, sum_call().shape
    ((6, 8), (6, 8))
    """
    if bench_cls is Reduce:
        func, over = params
        axis = REDUCED[over][1]
    elif bench_cls is Order:
        (func,) = params
        axis = 0
    else:
        return None
    values = make_array()
    nanfunc, kwargs = NUMPY_REFERENCES[func]
    return (lambda: nanfunc(values, axis=axis, **kwargs)), (lambda: np.sum(values, axis=axis))
