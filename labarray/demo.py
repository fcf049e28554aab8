"""A short, printed walk-through of labarray on a generated climate-like dataset.

Run it with ``python -m labarray demo`` (add ``--dask`` for lazy data).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

import numpy as np
import pandas as pd

from labarray.dataset import Dataset

__all__ = ["make_demo_dataset", "run_demo"]


def make_demo_dataset(
    ntime: int = 24, nlat: int = 36, nlon: int = 72, seed: int = 0
) -> Dataset:
    """Monthly near-surface air temperature and precipitation on a regular lat/lon grid.

    The temperature has a latitudinal gradient, a seasonal cycle (opposite in the two
    hemispheres), a small warming trend and noise; values are in kelvin.

    Examples
    --------
    >>> ds = make_demo_dataset(ntime=12, nlat=4, nlon=8)
    >>> dict(ds.sizes)
    {'time': 12, 'lat': 4, 'lon': 8}
    """
    rng = np.random.default_rng(seed)
    time = pd.date_range("2000-01-01", periods=ntime, freq="MS")
    lat = np.linspace(-90 + 90 / nlat, 90 - 90 / nlat, nlat)
    lon = np.arange(nlon) * (360.0 / nlon)
    month = np.asarray(time.month)
    season = np.cos(2 * np.pi * (month - 1) / 12)[:, None, None]
    base = 288.0 - 40.0 * np.sin(np.deg2rad(lat)) ** 2
    hemisphere = np.sign(lat)[None, :, None]
    trend = 0.02 * np.arange(ntime)[:, None, None] / 12
    tas = (
        base[None, :, None]
        - 8.0 * hemisphere * season
        + trend
        + rng.normal(0.0, 0.5, (ntime, nlat, nlon))
    )
    pr = rng.gamma(2.0, 1.5e-5, (ntime, nlat, nlon))
    return Dataset(
        {
            "tas": (("time", "lat", "lon"), tas, {"units": "K", "long_name": "near-surface air temperature"}),
            "pr": (("time", "lat", "lon"), pr, {"units": "kg m-2 s-1", "long_name": "precipitation flux"}),
        },
        coords={
            "time": time,
            "lat": ("lat", lat, {"units": "degrees_north"}),
            "lon": ("lon", lon, {"units": "degrees_east"}),
        },
        attrs={"title": "labarray demo data", "source": "generated"},
    )


def run_demo(use_dask: bool = False) -> None:
    """Print the walk-through: selection, alignment, groupby, rolling, weighting and files."""
    ds = make_demo_dataset()
    if use_dask:
        ds = ds.chunk({"time": 6})

    def show(title: str, value: object) -> None:
        print(f"\n>>> {title}\n{value}")

    show("ds  # a Dataset of two variables on (time, lat, lon)", ds)
    show("ds.tas.sel(lat=51.5, lon=0.0, method='nearest').values.round(1)  # nearest grid point",
         ds.tas.sel(lat=51.5, lon=0.0, method="nearest").values.round(1))
    show("ds.tas.sel(time='2001-07').isel(lon=0).values.round(1)[:6]  # partial date string",
         ds.tas.sel(time="2001-07").isel(lon=0).values.round(1).ravel()[:6])
    tropics = ds.tas.sel(lat=slice(-23.5, 23.5))
    show("ds.tas.sel(lat=slice(-23.5, 23.5)).sizes  # label slices", dict(tropics.sizes))
    weights = np.cos(np.deg2rad(ds.lat))
    global_mean = (ds.tas * weights).sum(("lat", "lon")) / (weights.sum() * ds.sizes["lon"])
    show("area-weighted global mean of the first 3 months (K)", np.round(global_mean.isel(time=slice(0, 3)).values, 2))
    first_year = ds.tas.isel(time=slice(0, 12))
    second_year = ds.tas.isel(time=slice(12, 24)).assign_coords(time=first_year.time)
    show("(year 2 - year 1) averaged: the warming trend in K, aligned by label",
         round(float((second_year - first_year).mean()), 3))
    shifted = ds.tas.isel(lat=slice(0, 20)) - ds.tas.isel(lat=slice(10, 30))
    show("two overlapping latitude bands subtract on their common labels (inner join)", dict(shifted.sizes))
    stations = Dataset(coords={"station": ["Oslo", "Nairobi", "Lima"]})
    lats = np.array([59.9, -1.3, -12.0])
    lons = np.array([10.7, 36.8, 283.0])
    from labarray.dataarray import DataArray

    at_stations = ds.tas.isel(time=0).sel(
        lat=DataArray(lats, dims="station", coords={"station": stations.station}),
        lon=DataArray(lons, dims="station", coords={"station": stations.station}),
        method="nearest",
    )
    show("pointwise selection at three stations (K)", at_stations.round(1))
    if use_dask:
        show("still lazy until asked: type(global_mean.data)", type(global_mean.data).__name__)
        show("global_mean.compute().values[:3].round(2)", global_mean.compute().values[:3].round(2))
    _climate_diagnostics(ds, show)


def _climate_diagnostics(ds: Dataset, show: Callable[[str, object], None]) -> None:
    """Climatology, anomalies, running and area means, and a netCDF round trip."""
    from labarray.io.api import open_dataset

    clim = ds.tas.groupby("time.month").mean()
    show("ds.tas.groupby('time.month').mean().sizes  # a monthly climatology", dict(clim.sizes))
    anomalies = ds.tas.groupby("time.month") - clim
    show("largest monthly anomaly (K), from ds.tas.groupby('time.month') - clim",
         round(float(abs(anomalies).max()), 2))
    show("ds.tas.resample(time='QS-DEC').mean().sizes  # seasonal means",
         dict(ds.tas.resample(time="QS-DEC").mean().sizes))
    smooth = ds.tas.rolling(time=3, center=True).mean()
    show("3-month running mean at one point (K)", smooth.isel(lat=0, lon=0).values[:4].round(2))
    area_mean = ds.tas.weighted(np.cos(np.deg2rad(ds.lat))).mean(("lat", "lon"))
    show("ds.tas.weighted(cos(lat)).mean(('lat', 'lon'))[:3]  # global mean (K)",
         area_mean.values[:3].round(2))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "demo.nc")
        ds.to_netcdf(path, encoding={"tas": {"zlib": True, "complevel": 4}})
        with open_dataset(path, chunks={}) as back:
            kind = type(back.tas.data).__module__.split(".")[0]
            show(f"to_netcdf, then open_dataset(path, chunks={{}}): tas data is a {kind} array; "
                 "identical after loading?", back.load().identical(ds))
