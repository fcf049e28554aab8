"""netCDF IO of one dataset: write, open + load, lazy open + selection, chunked (Dask) reads.

The data is one float32 (time, lat, lon) variable with time/lat/lon coordinates: 200 MB at
full size ((500, 200, 500)), a few KB in tiny mode. ``RawNetCDF4`` times netCDF4-python
itself on the same array, the reference for the ">= 90% of raw throughput" target
(``asv_bench/compare.py --filter dataset_io`` prints labarray against xarray).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from typing import Any

import numpy as np

from . import current_module, requires_dask, scaled, xr

_FOLDER = tempfile.mkdtemp(prefix="labarray-bench-io-")
atexit.register(shutil.rmtree, _FOLDER, True)


def shape() -> tuple[int, int, int]:
    return (scaled(500, 4), scaled(200, 3), scaled(500, 5))


def make_dataset() -> Any:
    nt, ny, nx = shape()
    data = np.random.default_rng(0).random((nt, ny, nx), dtype=np.float32)
    time = np.datetime64("2000-01-01", "ns") + np.arange(nt) * np.timedelta64(1, "D")
    return xr.Dataset(
        {"t2m": (("time", "lat", "lon"), data, {"units": "K"})},
        coords={"time": time, "lat": np.linspace(-90, 90, ny), "lon": np.linspace(0, 360, nx, endpoint=False)},
    )


def open_dataset(path: str, **kwargs: Any) -> Any:
    """``open_dataset`` of the module under test (labarray's io module until it is exported)."""
    func = getattr(current_module(), "open_dataset", None)
    if func is None:
        from labarray.io.api import open_dataset as func
    return func(path, **kwargs)


def _path(name: str) -> str:
    return os.path.join(_FOLDER, f"{current_module().__name__}-{name}.nc")


class Write:
    """``to_netcdf`` of the in-memory dataset."""

    def setup(self) -> None:
        self.ds = make_dataset()
        self.path = _path("write")

    def time_write(self) -> None:
        self.ds.to_netcdf(self.path)

    def peakmem_write(self) -> None:
        self.ds.to_netcdf(self.path)


class Read:
    """Open and load everything; open lazily and read one time step."""

    def setup(self) -> None:
        self.path = _path("read")
        make_dataset().to_netcdf(self.path)

    def time_open_load(self) -> None:
        with open_dataset(self.path) as ds:
            ds.load()

    def time_open_select_one_step(self) -> None:
        with open_dataset(self.path) as ds:
            ds["t2m"].isel(time=1).values

    def peakmem_open_load(self) -> None:
        with open_dataset(self.path) as ds:
            ds.load()


class ReadDask(Read):
    """Chunked reads (50 time steps per chunk at full size) computed with the threaded scheduler."""

    def setup(self) -> None:
        requires_dask()
        super().setup()
        self.chunks = {"time": scaled(50, 2)}

    def time_open_load(self) -> None:
        with open_dataset(self.path, chunks=self.chunks) as ds:
            ds.load()

    def time_open_mean(self) -> None:
        with open_dataset(self.path, chunks=self.chunks) as ds:
            ds["t2m"].mean().compute()


class RawNetCDF4:
    """netCDF4-python on the same array: the throughput reference."""

    def setup(self) -> None:
        self.data = np.random.default_rng(0).random(shape(), dtype=np.float32)
        self.path = _path("raw")
        self.time_write()

    def time_write(self) -> None:
        import netCDF4

        with netCDF4.Dataset(self.path, "w") as nc:
            for name, size in zip(("time", "lat", "lon"), self.data.shape, strict=True):
                nc.createDimension(name, size)
            var = nc.createVariable("t2m", "f4", ("time", "lat", "lon"), fill_value=np.float32(np.nan))
            var.set_auto_maskandscale(False)
            var[:] = self.data

    def time_read(self) -> None:
        import netCDF4

        with netCDF4.Dataset(self.path) as nc:
            nc.set_auto_maskandscale(False)
            nc["t2m"][:]
