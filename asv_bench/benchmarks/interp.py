"""Interpolation: a daily (time, lat, lon) field onto a new (lat, lon) grid, and pointwise.

The full size is the issue's (3650, 90, 180) float64; tiny mode shrinks it. ``Interp`` runs
linear/nearest onto a finer 1-degree-offset grid (the regridding case), ``InterpPointwise``
samples 500 scattered stations, ``InterpDask`` does the same regridding lazily on time chunks.
"""

from __future__ import annotations

import numpy as np

from . import randn, requires_dask, scaled, xr


def shape() -> tuple[int, int, int]:
    return (scaled(3650, 10), scaled(90, 9), scaled(180, 12))


def make_dataarray() -> object:
    nt, ny, nx = shape()
    return xr.DataArray(
        randn((nt, ny, nx)),
        dims=("time", "lat", "lon"),
        coords={
            "time": np.arange(nt),
            "lat": np.linspace(-89.0, 89.0, ny),
            "lon": np.linspace(0.0, 358.0, nx),
        },
    )


def new_grid() -> tuple[np.ndarray, np.ndarray]:
    _, ny, nx = shape()
    return np.linspace(-88.5, 88.5, ny - 1), np.linspace(0.5, 357.5, nx - 1)


class Interp:
    """Linear and nearest regridding onto a new (lat, lon) grid."""

    params = (["linear", "nearest"],)
    param_names = ("method",)

    def setup(self, method: str) -> None:
        self.da = make_dataarray()
        self.lat, self.lon = new_grid()

    def time_interp_grid(self, method: str) -> None:
        self.da.interp(lat=self.lat, lon=self.lon, method=method)

    def time_interp_one_dim(self, method: str) -> None:
        self.da.interp(lat=self.lat, method=method)


class InterpPointwise:
    """Linear interpolation at scattered stations (two coordinates sharing a new dim)."""

    def setup(self) -> None:
        self.da = make_dataarray()
        rng = np.random.default_rng(0)
        n = scaled(500, 5)
        self.lat = xr.DataArray(rng.uniform(-80, 80, n), dims="station")
        self.lon = xr.DataArray(rng.uniform(1, 350, n), dims="station")

    def time_interp_pointwise(self) -> None:
        self.da.interp(lat=self.lat, lon=self.lon)


class InterpDask:
    """The regridding on a Dask array chunked along time, computed."""

    def setup(self) -> None:
        requires_dask()
        self.da = make_dataarray().chunk({"time": scaled(365, 5)})
        self.lat, self.lon = new_grid()

    def time_interp_grid_compute(self) -> None:
        self.da.interp(lat=self.lat, lon=self.lon).compute()
