"""Overhead of ``apply_ufunc(..., dask="parallelized")`` against the same ``dask.array`` code.

Each benchmark builds the lazy result *and* computes it, so the time is dask's scheduling plus
the kernels; the ``time_dask_reference`` twin of each case does the identical work with plain
``dask.array`` calls (no labels). labarray's apply_ufunc should stay within ~10% of its twin:
``python asv_bench/compare.py --filter apply_ufunc`` prints both, and the ratio of the two
labarray rows is the overhead.
"""

from __future__ import annotations

import numpy as np

from . import randn, requires_dask, scaled, xr


def shape() -> tuple[int, int, int]:
    return (scaled(1460, 12), scaled(90, 6), scaled(180, 8))


def _tanh_plus_one(x: np.ndarray) -> np.ndarray:
    return np.tanh(x) + 1.0


def _time_mean(x: np.ndarray) -> np.ndarray:
    return x.mean(axis=-1)


class ApplyUfuncElementwise:
    """An elementwise NumPy function over a (time, lat, lon) array chunked along time."""

    def setup(self) -> None:
        requires_dask()
        import dask.array as da

        nt, ny, nx = shape()
        self.values = randn((nt, ny, nx))
        self.chunks = (scaled(365, 4), ny, nx)
        self.darr = da.from_array(self.values, chunks=self.chunks)
        self.da = xr.DataArray(self.darr, dims=("time", "lat", "lon"))

    def time_apply_ufunc(self) -> None:
        xr.apply_ufunc(_tanh_plus_one, self.da, dask="parallelized", output_dtypes=[np.float64]).compute()

    def time_dask_reference(self) -> None:
        self.darr.map_blocks(_tanh_plus_one, dtype=np.float64).compute()


class ApplyUfuncCoreDim:
    """A reduction over the core dimension ``time`` (one chunk along time, chunked along lat)."""

    def setup(self) -> None:
        requires_dask()
        import dask.array as da

        nt, ny, nx = shape()
        self.values = randn((nt, ny, nx))
        self.darr = da.from_array(self.values, chunks=(nt, scaled(15, 2), nx))
        self.da = xr.DataArray(self.darr, dims=("time", "lat", "lon"))

    def time_apply_ufunc(self) -> None:
        xr.apply_ufunc(
            _time_mean, self.da, input_core_dims=[["time"]], dask="parallelized", output_dtypes=[np.float64]
        ).compute()

    def time_dask_reference(self) -> None:
        import dask.array as da

        moved = da.moveaxis(self.darr, 0, -1)
        moved.map_blocks(_time_mean, drop_axis=2, dtype=np.float64).compute()
