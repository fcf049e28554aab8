"""Moving windows on daily (time, lat, lon) float64 data with 10% NaN.

The full size is the issue's (14610, 36, 72): 40 years of daily values on a 5-degree grid
(~300 MB). ``rolling(time=30, center=True).mean()`` is the headline case; the others cover the
remaining kernel families (sums, Welford variance, van Herk extremes, the sorted-buffer median on
a shorter window), the exponential window and the Dask path (map_overlap along time).
"""

from __future__ import annotations

from . import randn, requires_dask, scaled, xr

DIMS = ("time", "lat", "lon")


def make_dataarray() -> object:
    shape = (scaled(14610, 60), scaled(36, 4), scaled(72, 5))
    return xr.DataArray(randn(shape, seed=1, frac_nan=0.1), dims=DIMS)


class Rolling:
    """``rolling(time=30, center=True).<func>()``."""

    params = (["mean", "sum", "std", "max"],)
    param_names = ("func",)

    def setup(self, func: str) -> None:
        self.da = make_dataarray()

    def time_rolling(self, func: str) -> None:
        getattr(self.da.rolling(time=30, center=True), func)()

    def peakmem_rolling(self, func: str) -> None:
        getattr(self.da.rolling(time=30, center=True), func)()


class RollingMedian:
    """``rolling(time=7).median()`` on a slice of the grid (median windows cost more)."""

    def setup(self) -> None:
        self.da = make_dataarray().isel(lat=slice(0, scaled(6, 2)))

    def time_rolling_median(self) -> None:
        self.da.rolling(time=7, center=True).median()


class RollingExp:
    """``rolling_exp(time=30).mean()`` (span 30)."""

    def setup(self) -> None:
        self.da = make_dataarray()

    def time_rolling_exp_mean(self) -> None:
        self.da.rolling_exp(time=30).mean()


class RollingDask:
    """``rolling(time=30, center=True).mean().compute()`` on Dask chunked along time."""

    def setup(self) -> None:
        requires_dask()
        self.da = make_dataarray().chunk({"time": scaled(1461, 20)})

    def time_rolling_dask(self) -> None:
        self.da.rolling(time=30, center=True).mean().compute()
