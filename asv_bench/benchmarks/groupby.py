"""GroupBy on daily (time, lat, lon) float64 data with NaN: climatologies and anomalies.

The full size is the issue's 40 years of daily data on a 5-degree grid, (14610, 36, 72)
(~150 MB); tiny mode shrinks it. Dask variants chunk along time (one year per chunk).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import randn, requires_dask, scaled, xr

DIMS = ("time", "lat", "lon")


def make_dataarray() -> object:
    """Seeded daily data with 10% NaN and a datetime64 time coordinate."""
    shape = (scaled(14610, 800), scaled(36, 3), scaled(72, 4))
    times = pd.date_range("1980-01-01", periods=shape[0], freq="D")
    return xr.DataArray(
        randn(shape, seed=0, frac_nan=0.1), dims=DIMS, coords={"time": times}, name="t"
    )


class GroupByTime:
    """``groupby("time.month"/"time.season")`` reductions, anomalies and ``map``."""

    params = (["month", "season"],)
    param_names = ("component",)

    def setup(self, component: str) -> None:
        self.da = make_dataarray()
        self.key = f"time.{component}"
        self.clim = self.da.groupby(self.key).mean()

    def time_mean(self, component: str) -> None:
        self.da.groupby(self.key).mean()

    def time_std(self, component: str) -> None:
        self.da.groupby(self.key).std()

    def time_anomalies(self, component: str) -> None:
        gb = self.da.groupby(self.key)
        gb - gb.mean()

    def time_subtract_climatology(self, component: str) -> None:
        self.da.groupby(self.key) - self.clim

    def peakmem_mean(self, component: str) -> None:
        self.da.groupby(self.key).mean()


class GroupByDask(GroupByTime):
    """The same on Dask, chunked by year along time; results computed."""

    def setup(self, component: str) -> None:
        requires_dask()
        super().setup(component)
        self.da = self.da.chunk({"time": scaled(365, 100)})

    def time_mean(self, component: str) -> None:
        self.da.groupby(self.key).mean().compute()

    def time_std(self, component: str) -> None:
        self.da.groupby(self.key).std().compute()

    def time_anomalies(self, component: str) -> None:
        gb = self.da.groupby(self.key)
        (gb - gb.mean()).compute()

    def time_subtract_climatology(self, component: str) -> None:
        (self.da.groupby(self.key) - self.clim).compute()

    def peakmem_mean(self, component: str) -> None:
        self.da.groupby(self.key).mean().compute()


class GroupByBins:
    """``groupby_bins`` of a 1-D variable and ``map`` over a few groups."""

    def setup(self) -> None:
        n = scaled(100_000, 1000)
        values = np.random.default_rng(0).random(n)
        self.da = xr.DataArray(values, dims="x", coords={"c": ("x", values)})
        self.bins = np.linspace(0, 1, 21)

    def time_bins_mean(self) -> None:
        self.da.groupby_bins("c", self.bins).mean()

    def time_map_demean(self) -> None:
        self.da.groupby_bins("c", self.bins).map(lambda g: g - g.mean())
