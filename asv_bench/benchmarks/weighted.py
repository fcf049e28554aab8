"""Weighted reductions of a daily float64 (time, lat, lon) field with NaN, ``cos(lat)`` weights.

The full size is the issue's (14610, 36, 72) (40 years of daily data on a 5-degree grid); tiny
mode shrinks it. ``time_area_mean`` is the classic area-weighted global mean.
"""

from __future__ import annotations

import numpy as np

from . import randn, requires_dask, scaled, xr

DIMS = ("time", "lat", "lon")


def make_field() -> tuple[object, object]:
    """The benchmark DataArray and its ``cos(lat)`` weights."""
    shape = (scaled(14610, 30), scaled(36, 6), scaled(72, 8))
    values = randn(shape, seed=0, frac_nan=0.05)
    lat = np.linspace(-87.5, 87.5, shape[1])
    da = xr.DataArray(values, dims=DIMS, coords={"lat": lat, "lon": np.arange(shape[2]) * 5.0})
    weights = np.cos(np.deg2rad(da.lat))
    return da, weights


class Weighted:
    """Area-weighted mean/sum/std over (lat, lon), and a weighted mean over time."""

    params = (["mean", "sum", "std"],)
    param_names = ("func",)

    def setup(self, func: str) -> None:
        self.da, self.weights = make_field()

    def time_area_reduce(self, func: str) -> None:
        getattr(self.da.weighted(self.weights), func)(("lat", "lon"))

    def peakmem_area_reduce(self, func: str) -> None:
        getattr(self.da.weighted(self.weights), func)(("lat", "lon"))


class WeightedTime:
    """Weighted mean over time (weights along the leading dimension)."""

    def setup(self) -> None:
        self.da, _ = make_field()
        n = self.da.sizes["time"]
        self.weights = xr.DataArray(np.linspace(0.5, 1.5, n), dims="time")

    def time_time_mean(self) -> None:
        self.da.weighted(self.weights).mean("time")


class WeightedQuantile:
    """Weighted median over (lat, lon) on a shorter record (quantiles sort every slice)."""

    def setup(self) -> None:
        da, self.weights = make_field()
        self.da = da.isel(time=slice(0, scaled(365, 10)))

    def time_area_median(self) -> None:
        self.da.weighted(self.weights).quantile(0.5, dim=("lat", "lon"))


class WeightedDask(Weighted):
    """The area-weighted reductions on a Dask array chunked along time."""

    def setup(self, func: str) -> None:
        requires_dask()
        super().setup(func)
        self.da = self.da.chunk({"time": scaled(1461, 10)})

    def time_area_reduce(self, func: str) -> None:
        getattr(self.da.weighted(self.weights), func)(("lat", "lon")).compute()

    def peakmem_area_reduce(self, func: str) -> None:
        getattr(self.da.weighted(self.weights), func)(("lat", "lon")).compute()
