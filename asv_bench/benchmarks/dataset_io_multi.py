"""Many small netCDF files as one Dataset (``open_mfdataset``), and Zarr stores written in parallel.

The files (100 by default, each a (10, 20, 30) float32 ``t2m`` with time/lat/lon coordinates)
are written once per process with netCDF4-python itself, so labarray and xarray read the very
same bytes. Tiny mode writes 4 files. The Zarr benchmarks write a Dask-chunked (200, 200, 250)
float64 Dataset (~80 MB; one Zarr chunk per Dask chunk) and read it back.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from typing import Any

import numpy as np

from . import current_module, randn, requires_dask, scaled, xr

_FOLDERS: dict[tuple[int, int], str] = {}


def shape() -> tuple[int, int, int, int]:
    """(number of files, time steps per file, lat, lon)."""
    return (scaled(100, 4), scaled(10, 2), scaled(20, 3), scaled(30, 4))


def write_files() -> str:
    """Write the files (once per size) and return the folder holding them."""
    nfiles, nt, ny, nx = shape()
    key = (nfiles, nt)
    if key in _FOLDERS and os.path.isdir(_FOLDERS[key]):
        return _FOLDERS[key]
    import netCDF4

    folder = tempfile.mkdtemp(prefix="labarray-bench-mf-")
    atexit.register(shutil.rmtree, folder, True)
    rng = np.random.default_rng(0)
    for i in range(nfiles):
        with netCDF4.Dataset(os.path.join(folder, f"part_{i:04d}.nc"), "w") as nc:
            nc.createDimension("time", nt)
            nc.createDimension("lat", ny)
            nc.createDimension("lon", nx)
            time = nc.createVariable("time", "i4", ("time",))
            time.units = "days since 2000-01-01"
            time[:] = np.arange(i * nt, (i + 1) * nt)
            nc.createVariable("lat", "f4", ("lat",))[:] = np.linspace(-90, 90, ny)
            nc.createVariable("lon", "f4", ("lon",))[:] = np.linspace(0, 360, nx, endpoint=False)
            t2m = nc.createVariable("t2m", "f4", ("time", "lat", "lon"))
            t2m.units = "K"
            t2m[:] = (280 + rng.standard_normal((nt, ny, nx))).astype("f4")
            nc.title = "benchmark"
    _FOLDERS[key] = folder
    return folder


def open_mfdataset() -> Any:
    """``open_mfdataset`` of the module under test (labarray's own module until it is exported)."""
    module = current_module()
    func = getattr(module, "open_mfdataset", None)
    if func is None and module.__name__ == "labarray":
        from labarray.io.multifile import open_mfdataset as func
    return func


class OpenMultiFile:
    """``open_mfdataset("part_*.nc")`` (combine by coordinates), then the time mean computed."""

    def setup(self) -> None:
        requires_dask()
        self.pattern = os.path.join(write_files(), "part_*.nc")
        self.open = open_mfdataset()

    def time_open(self) -> None:
        self.open(self.pattern).close()

    def time_open_mean(self) -> None:
        ds = self.open(self.pattern)
        ds["t2m"].mean("time").compute()
        ds.close()

    def time_open_nested_mean(self) -> None:
        ds = self.open(sorted_paths(self.pattern), combine="nested", concat_dim="time")
        ds["t2m"].mean().compute()
        ds.close()


class RawMultiFile:
    """The same files read with netCDF4-python alone: the reference of the "within 1.5x of raw"
    target for ``OpenMultiFile.time_open_mean`` (each file opened, its coordinates and ``t2m``
    read, the time mean accumulated; no labels, no laziness)."""

    def setup(self) -> None:
        self.paths = sorted_paths(os.path.join(write_files(), "part_*.nc"))

    def time_open_mean(self) -> None:
        import netCDF4

        total = None
        count = 0
        for path in self.paths:
            with netCDF4.Dataset(path) as nc:
                nc.set_auto_maskandscale(False)
                for name in ("time", "lat", "lon"):
                    nc.variables[name][:]
                block = nc.variables["t2m"][:]
                part = block.sum(axis=0, dtype="f8")
                total = part if total is None else total + part
                count += block.shape[0]
        assert total is not None
        total / count


def sorted_paths(pattern: str) -> list[str]:
    import glob

    return sorted(glob.glob(pattern))


def open_zarr() -> Any:
    """``open_zarr`` of the module under test (labarray's own module until it is exported)."""
    module = current_module()
    func = getattr(module, "open_zarr", None)
    if func is None and module.__name__ == "labarray":
        from labarray.io.zarr_api import open_zarr as func
    return func


class ZarrParallelIO:
    """``to_zarr`` of Dask data (chunks written in parallel) and ``open_zarr(...)`` + time mean."""

    def setup(self) -> None:
        requires_dask()
        shape = (scaled(200, 8), scaled(200, 4), scaled(250, 5))
        self.folder = tempfile.mkdtemp(prefix="labarray-bench-zarr-")
        atexit.register(shutil.rmtree, self.folder, True)  # also when teardown is not called
        self.ds = xr.Dataset({"a": (("time", "y", "x"), randn(shape))}).chunk({"time": scaled(20, 2)})
        self.path = os.path.join(self.folder, "read.zarr")
        self.ds.to_zarr(self.path, mode="w")
        self.open = open_zarr()

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def time_to_zarr(self) -> None:
        self.ds.to_zarr(os.path.join(self.folder, "write.zarr"), mode="w")

    def time_open_zarr_mean(self) -> None:
        self.open(self.path)["a"].mean("time").compute()
