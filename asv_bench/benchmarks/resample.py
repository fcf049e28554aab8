"""Resample daily (time, lat, lon) float64 data with NaN: monthly means and upsampling.

Full size (14610, 36, 72); tiny mode shrinks it. Dask variants chunk by year along time.
"""

from __future__ import annotations

import pandas as pd

from . import randn, requires_dask, scaled, xr

DIMS = ("time", "lat", "lon")


def make_dataarray(freq: str = "D", n: int | None = None) -> object:
    shape = (n or scaled(14610, 800), scaled(36, 3), scaled(72, 4))
    times = pd.date_range("1980-01-01", periods=shape[0], freq=freq)
    return xr.DataArray(
        randn(shape, seed=1, frac_nan=0.1), dims=DIMS, coords={"time": times}, name="t"
    )


class ResampleDown:
    """Downsampling: ``resample(time=freq).mean()`` and ``.max()``."""

    params = (["MS", "QS-DEC", "YS"],)
    param_names = ("freq",)

    def setup(self, freq: str) -> None:
        self.da = make_dataarray()

    def time_mean(self, freq: str) -> None:
        self.da.resample(time=freq).mean()

    def time_max(self, freq: str) -> None:
        self.da.resample(time=freq).max()

    def peakmem_mean(self, freq: str) -> None:
        self.da.resample(time=freq).mean()


class ResampleDownDask(ResampleDown):
    """The same on Dask, chunked by year; results computed."""

    def setup(self, freq: str) -> None:
        requires_dask()
        super().setup(freq)
        self.da = self.da.chunk({"time": scaled(365, 100)})

    def time_mean(self, freq: str) -> None:
        self.da.resample(time=freq).mean().compute()

    def time_max(self, freq: str) -> None:
        self.da.resample(time=freq).max().compute()

    def peakmem_mean(self, freq: str) -> None:
        self.da.resample(time=freq).mean().compute()


class ResampleUp:
    """Upsampling monthly data to daily: ``ffill`` and linear ``interpolate``."""

    def setup(self) -> None:
        self.da = make_dataarray("MS", n=scaled(480, 24))

    def time_ffill(self) -> None:
        self.da.resample(time="D").ffill()

    def time_interpolate(self) -> None:
        self.da.resample(time="D").interpolate("linear")
