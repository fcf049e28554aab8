"""Selection on a (time=24, lat=180, lon=360) float64 DataArray: isel, sel, nearest, .loc."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import randn, requires_dask, scaled, xr


class Indexing:
    """The key case: a gridded field with time/lat/lon coordinates."""

    def setup(self) -> None:
        nt, ny, nx = scaled(24, 4), scaled(180, 6), scaled(360, 8)
        nstations = scaled(500, 3)
        self.times = pd.date_range("2000-01-01", periods=nt, freq="h")
        lat = np.linspace(-89.5, 89.5, ny)
        lon = np.linspace(0.5, 359.5, nx)
        self.da = xr.DataArray(
            randn((nt, ny, nx), seed=3),
            coords={"time": self.times.to_numpy(), "lat": lat, "lon": lon},
            dims=("time", "lat", "lon"),
            name="t2m",
        )
        rng = np.random.default_rng(4)
        self.ilat = rng.integers(0, ny, nstations)
        self.ilon = rng.integers(0, nx, nstations)
        self.ilat_da = xr.DataArray(self.ilat, dims="station")
        self.ilon_da = xr.DataArray(self.ilon, dims="station")
        self.lat_pts = xr.DataArray(rng.uniform(-89.5, 89.5, nstations), dims="station")
        self.lon_pts = xr.DataArray(rng.uniform(0.5, 359.5, nstations), dims="station")
        self.lat_slice = slice(lat[ny // 4], lat[ny // 2])
        self.lon_slice = slice(lon[nx // 4], lon[3 * nx // 4])
        self.t0 = self.times[nt // 2]

    def time_sel_nearest_scalar(self) -> None:
        self.da.sel(lat=12.3, lon=45.6, method="nearest")

    def time_sel_scalar_exact(self) -> None:
        self.da.sel(time=self.t0)

    def time_isel_slices(self) -> None:
        self.da.isel(time=slice(0, None, 2), lat=slice(1, -1), lon=slice(None, None, 3))

    def time_isel_int_scalars(self) -> None:
        self.da.isel(time=1, lat=2, lon=3)

    def time_isel_int_array(self) -> None:
        self.da.isel(lon=self.ilon)

    def time_sel_label_slices(self) -> None:
        self.da.sel(lat=self.lat_slice, lon=self.lon_slice)

    def time_isel_vectorized_pointwise(self) -> None:
        self.da.isel(lat=self.ilat_da, lon=self.ilon_da)

    def time_sel_vectorized_nearest(self) -> None:
        self.da.sel(lat=self.lat_pts, lon=self.lon_pts, method="nearest")

    def time_loc_slices(self) -> None:
        self.da.loc[self.t0, self.lat_slice, self.lon_slice]

    def time_loc_dict(self) -> None:
        self.da.loc[{"lat": self.lat_slice}]

    def peakmem_isel_vectorized_pointwise(self) -> None:
        self.da.isel(lat=self.ilat_da, lon=self.ilon_da)


class IndexingDask(Indexing):
    """The same selections on Dask-backed data (graph construction only, nothing computed)."""

    def setup(self) -> None:
        requires_dask()
        super().setup()
        self.da = self.da.chunk({"time": 1})


class DatasetIndexing:
    """Selection on a Dataset with a few variables sharing the (time, lat, lon) grid."""

    def setup(self) -> None:
        nt, ny, nx = scaled(24, 4), scaled(90, 6), scaled(180, 8)
        dims = ("time", "lat", "lon")
        self.ds = xr.Dataset(
            {f"v{i}": (dims, randn((nt, ny, nx), seed=10 + i)) for i in range(4)},
            coords={
                "time": pd.date_range("2000-01-01", periods=nt, freq="D").to_numpy(),
                "lat": np.linspace(-89.0, 89.0, ny),
                "lon": np.linspace(1.0, 359.0, nx),
            },
        )

    def time_dataset_isel_slices(self) -> None:
        self.ds.isel(lat=slice(0, None, 2), lon=slice(1, -1))

    def time_dataset_sel_nearest_scalar(self) -> None:
        self.ds.sel(lat=12.3, lon=45.6, method="nearest")
