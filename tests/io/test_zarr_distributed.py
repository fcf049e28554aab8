"""Zarr writes and reads through a dask.distributed LocalCluster (loopback, in-process workers)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import labarray as la
from labarray.testing import assert_identical

pytest.importorskip("zarr")
distributed = pytest.importorskip("distributed")

from labarray.io.backends.zarr import ZarrStore  # noqa: E402
from labarray.io.zarr_api import open_zarr, to_zarr  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=2, processes=False, dashboard_address=None,
        protocol="tcp://", host="127.0.0.1",
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def data() -> la.Dataset:
    rng = np.random.default_rng(1)
    return la.Dataset(
        {"a": (("t", "x"), rng.random((40, 6))), "b": (("t",), np.arange(40))},
        coords={"t": np.arange(40)},
    )


def test_cluster_writes_zarr_in_parallel(client, tmp_path) -> None:
    ds = data().chunk(t=10)
    to_zarr(ds, tmp_path / "d.zarr")
    out = open_zarr(tmp_path / "d.zarr")
    assert out["a"].chunks == ((10, 10, 10, 10), (6,))
    assert_identical(out.compute(), data())
    # the mean runs on the cluster, reading chunk by chunk
    np.testing.assert_allclose(out["a"].mean("t").values, data()["a"].mean("t").values)


def test_cluster_delayed_write_and_append(client, tmp_path) -> None:
    path = tmp_path / "e.zarr"
    full = data()
    delayed = to_zarr(full.isel(t=slice(0, 20)).chunk(t=5), path, compute=False)
    client.compute(delayed).result()
    to_zarr(full.isel(t=slice(20, None)).chunk(t=5), path, append_dim="t")
    assert_identical(open_zarr(path).compute(), full)


def test_cluster_region_writes_from_many_tasks(client, tmp_path) -> None:
    path = tmp_path / "f.zarr"
    template = data() * 0
    to_zarr(template.chunk(t=10), path)
    futures = [
        client.submit(_write_region, str(path), start, start + 10, pure=False) for start in range(0, 40, 10)
    ]
    distributed.wait(futures)
    for f in futures:
        f.result()
    out = open_zarr(path).compute()
    np.testing.assert_array_equal(out["a"].values, data()["a"].values)


def _write_region(path: str, start: int, stop: int) -> None:
    piece = data().isel(t=slice(start, stop))[["a"]]
    to_zarr(piece.drop_vars("t"), path, region={"t": slice(start, stop)})


def test_lazy_zarr_data_pickles(tmp_path) -> None:
    to_zarr(data(), tmp_path / "g.zarr")
    lazy = open_zarr(tmp_path / "g.zarr", chunks=None)
    again = pickle.loads(pickle.dumps(lazy["a"].variable))
    np.testing.assert_array_equal(again.values, data()["a"].values)
    store = ZarrStore.open_group(str(tmp_path / "g.zarr"))
    assert sorted(store.get_variables()) == ["a", "b", "t"]


def test_cluster_reads_netcdf_files_with_open_mfdataset(client, tmp_path) -> None:
    pytest.importorskip("netCDF4")
    from labarray.io.multifile import open_mfdataset, save_mfdataset

    full = data()
    paths = [str(tmp_path / f"part{i}.nc") for i in range(4)]
    save_mfdataset([full.isel(t=slice(10 * i, 10 * i + 10)) for i in range(4)], paths)
    for parallel in (False, True):
        ds = open_mfdataset(paths, parallel=parallel)
        assert ds["a"].chunks == ((10, 10, 10, 10), (6,))
        np.testing.assert_allclose(ds["a"].mean("t").values, full["a"].mean("t").values)
        ds.close()
    # the files then go to Zarr through the cluster
    ds = open_mfdataset(paths)
    to_zarr(ds, tmp_path / "from_nc.zarr")
    ds.close()
    assert_identical(open_zarr(tmp_path / "from_nc.zarr").compute(), full)
