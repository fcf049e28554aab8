"""Alignment: ``align`` inner/outer joins, arithmetic on misaligned arrays, ``reindex``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import randn, requires_dask, scaled, xr


def _labels(kind: str, start: int, n: int) -> np.ndarray:
    """``n`` consecutive int labels (or hourly datetimes) beginning at position ``start``."""
    if kind == "int":
        return np.arange(start, start + n, dtype=np.int64)
    return pd.date_range("2000-01-01", periods=start + n, freq="h")[start:].to_numpy()


class Align1D:
    """Two 1-D arrays whose indexes overlap by half."""

    params = (["int", "datetime"], ["inner", "outer"])
    param_names = ("index_kind", "join")

    def setup(self, index_kind: str, join: str) -> None:
        n = scaled(100_000, 10)
        self.a = xr.DataArray(randn((n,), seed=5), coords={"x": _labels(index_kind, 0, n)}, dims="x")
        self.b = xr.DataArray(
            randn((n,), seed=6), coords={"x": _labels(index_kind, n // 2, n)}, dims="x"
        )
        self.a_copy = self.a.copy()

    def time_align(self, index_kind: str, join: str) -> None:
        xr.align(self.a, self.b, join=join)

    def time_align_identical_indexes(self, index_kind: str, join: str) -> None:
        xr.align(self.a, self.a_copy, join=join)

    def peakmem_align(self, index_kind: str, join: str) -> None:
        xr.align(self.a, self.b, join=join)


class Align3D:
    """Two (time, y, x) arrays with overlapping datetime ``time`` and int ``y``/``x`` indexes."""

    params = (["inner", "outer"],)
    param_names = ("join",)

    def setup(self, join: str) -> None:
        nt, ny, nx = scaled(100, 4), scaled(100, 5), scaled(100, 6)
        dims = ("time", "y", "x")
        self.a = xr.DataArray(
            randn((nt, ny, nx), seed=7),
            coords={"time": _labels("datetime", 0, nt), "y": _labels("int", 0, ny),
                    "x": _labels("int", 0, nx)},
            dims=dims,
        )
        self.b = xr.DataArray(
            randn((nt, ny, nx), seed=8),
            coords={"time": _labels("datetime", nt // 4, nt), "y": _labels("int", ny // 3, ny),
                    "x": _labels("int", nx // 2, nx)},
            dims=dims,
        )

    def time_align(self, join: str) -> None:
        xr.align(self.a, self.b, join=join)

    def peakmem_align(self, join: str) -> None:
        xr.align(self.a, self.b, join=join)


class Align3DDask(Align3D):
    """The same on Dask-backed data."""

    def setup(self, join: str) -> None:
        requires_dask()
        super().setup(join)
        self.a = self.a.chunk({"time": scaled(10, 2)})
        self.b = self.b.chunk({"time": scaled(10, 2)})


class MisalignedArithmetic:
    """``a + b`` on misaligned arrays (the default inner join) and an explicit outer join."""

    def setup(self) -> None:
        n = scaled(200_000, 10)
        self.a = xr.DataArray(randn((n,), seed=9), coords={"x": np.arange(n)}, dims="x")
        self.b = xr.DataArray(randn((n,), seed=10), coords={"x": np.arange(n // 3, n + n // 3)},
                              dims="x")
        self.a2 = xr.DataArray(randn((n, 4), seed=11), coords={"x": np.arange(n)}, dims=("x", "y"))

    def time_add_misaligned(self) -> None:
        self.a + self.b

    def time_add_outer_join(self) -> None:
        with xr.set_options(arithmetic_join="outer"):
            self.a + self.b

    def time_add_aligned_broadcast(self) -> None:
        self.a + self.a2


class MisalignedArithmeticDask(MisalignedArithmetic):
    def setup(self) -> None:
        requires_dask()
        super().setup()
        chunk = scaled(50_000, 5)
        self.a = self.a.chunk({"x": chunk})
        self.b = self.b.chunk({"x": chunk})
        self.a2 = self.a2.chunk({"x": chunk})


class Reindex:
    """``reindex`` to a shifted, denser and permuted index (with NaN fill where labels are missing)."""

    def setup(self) -> None:
        nt, nx = scaled(1000, 6), scaled(1000, 8)
        self.da = xr.DataArray(
            randn((nt, nx), seed=12),
            coords={"time": _labels("datetime", 0, nt), "x": np.arange(nx)},
            dims=("time", "x"),
        )
        self.shifted = np.arange(nx // 2, nx + nx // 2)
        self.dense = np.arange(0, nx, 0.5)
        self.permuted = np.random.default_rng(13).permutation(nx)
        self.new_times = _labels("datetime", nt // 2, nt)

    def time_reindex_shifted(self) -> None:
        self.da.reindex(x=self.shifted)

    def time_reindex_dense(self) -> None:
        self.da.reindex(x=self.dense)

    def time_reindex_permuted(self) -> None:
        self.da.reindex(x=self.permuted)

    def time_reindex_time_nearest(self) -> None:
        self.da.reindex(time=self.new_times, method="nearest")

    def time_reindex_like(self) -> None:
        self.da.reindex_like(self.da.isel(x=slice(None, None, 2)))


class ReindexDask(Reindex):
    def setup(self) -> None:
        requires_dask()
        super().setup()
        self.da = self.da.chunk({"time": scaled(100, 2)})


class JoinArithmetic:
    """``a + b`` and ``align(a, b, join="outer")`` on partly overlapping time indexes.

    The issue's target: Datasets of three (time=3650, lat=90) float64 variables, and
    (time=3650, lat=90, lon=180) DataArrays, whose time indexes overlap by two thirds.
    """

    params = (["dataset", "dataarray"], ["inner", "outer"])
    param_names = ("kind", "join")

    def setup(self, kind: str, join: str) -> None:
        nt, ny, nx = scaled(3650, 12), scaled(90, 3), scaled(180, 4)
        shift = nt // 3
        times = pd.date_range("2000-01-01", periods=nt + shift, freq="D").to_numpy()
        coords_a = {"time": times[:nt], "lat": np.arange(ny) * 1.0}
        coords_b = {"time": times[shift:], "lat": np.arange(ny) * 1.0}
        if kind == "dataset":
            self.a = xr.Dataset({k: (("time", "lat"), randn((nt, ny), seed=i)) for i, k in enumerate("uvw")},
                                coords=coords_a)
            self.b = xr.Dataset({k: (("time", "lat"), randn((nt, ny), seed=9 + i)) for i, k in enumerate("uvw")},
                                coords=coords_b)
        else:
            coords_a["lon"] = coords_b["lon"] = np.arange(nx) * 2.0
            self.a = xr.DataArray(randn((nt, ny, nx), seed=1), dims=("time", "lat", "lon"), coords=coords_a)
            self.b = xr.DataArray(randn((nt, ny, nx), seed=2), dims=("time", "lat", "lon"), coords=coords_b)

    def time_add(self, kind: str, join: str) -> None:
        with xr.set_options(arithmetic_join=join):
            self.a + self.b

    def time_align(self, kind: str, join: str) -> None:
        xr.align(self.a, self.b, join=join)

    def peakmem_add(self, kind: str, join: str) -> None:
        with xr.set_options(arithmetic_join=join):
            self.a + self.b


class JoinArithmeticDask(JoinArithmetic):
    """The same on Dask, chunked along lat (the joined time axis is whole in each chunk)."""

    def setup(self, kind: str, join: str) -> None:
        requires_dask()
        super().setup(kind, join)
        self.a = self.a.chunk({"lat": scaled(30, 1)})
        self.b = self.b.chunk({"lat": scaled(30, 1)})

    def time_add(self, kind: str, join: str) -> None:
        with xr.set_options(arithmetic_join=join):
            (self.a + self.b).compute()

    def time_align(self, kind: str, join: str) -> None:
        for obj in xr.align(self.a, self.b, join=join):
            obj.compute()
