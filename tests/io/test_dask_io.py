"""Dask with the netCDF4 engine: threaded reads (also with a tiny file cache), lazy writes
(compute=False), and reads on a distributed LocalCluster."""

from __future__ import annotations

import os

import numpy as np
import pytest

import labarray as la
from labarray.io.api import open_dataset

dask = pytest.importorskip("dask")


def _files(tmp_path, n: int = 3) -> list[str]:
    paths = []
    for i in range(n):
        path = str(tmp_path / f"f{i}.nc")
        data = np.arange(400.0).reshape(20, 20) + 1000 * i
        la.Dataset({"v": (("t", "x"), data)}).to_netcdf(path, encoding={"v": {"chunksizes": (5, 20)}})
        paths.append(path)
    return paths


@pytest.mark.filterwarnings("ignore:chunks for variable .* split its stored chunks")
def test_threaded_reads_are_correct(tmp_path) -> None:
    (path,) = _files(tmp_path, 1)
    with open_dataset(path, chunks={"t": 1}) as ds:
        assert ds["v"].data.npartitions == 20
        total = ds["v"].sum().compute(scheduler="threads", num_workers=4)
        assert float(total) == float(np.arange(400.0).sum())
        np.testing.assert_array_equal(ds["v"].values, np.arange(400.0).reshape(20, 20))


@pytest.mark.filterwarnings("ignore:chunks for variable .* split its stored chunks")
def test_threaded_reads_with_tiny_file_cache(tmp_path) -> None:
    paths = _files(tmp_path, 3)
    with la.set_options(file_cache_maxsize=1):  # every read may evict and reopen another file
        datasets = [open_dataset(p, chunks={"t": 2}) for p in paths]
        total = sum(ds["v"].sum() for ds in datasets)
        result = float(total.compute(scheduler="threads", num_workers=4))
        for ds in datasets:
            ds.close()
    assert result == float(sum((np.arange(400.0) + 1000 * i).sum() for i in range(3)))


def test_lazy_write_compute_false(tmp_path) -> None:
    import dask.array as da

    target = str(tmp_path / "lazy.nc")
    ds = la.Dataset({"v": (("t", "x"), da.arange(60.0, chunks=10).reshape(6, 10))}, coords={"t": np.arange(6)})
    delayed = ds.to_netcdf(target, compute=False)
    assert not os.path.exists(target)  # nothing is committed before compute
    delayed.compute()
    with open_dataset(target) as back:
        np.testing.assert_array_equal(back["v"].values, np.arange(60.0).reshape(6, 10))


def test_dask_write_then_read_roundtrip(tmp_path) -> None:
    import dask.array as da

    target = str(tmp_path / "d.nc")
    values = np.random.default_rng(1).random((8, 5))
    values[2, 3] = np.nan
    la.Dataset({"v": (("a", "b"), da.from_array(values, chunks=(3, 5)))}).to_netcdf(
        target, encoding={"v": {"dtype": "int16", "scale_factor": 1e-4, "_FillValue": -1}})
    with open_dataset(target, chunks={}) as back:
        np.testing.assert_allclose(back["v"].values, values, atol=1e-4)
        assert np.isnan(back["v"].values[2, 3])


def test_distributed_local_cluster_read(tmp_path) -> None:
    distributed = pytest.importorskip("distributed")
    paths = _files(tmp_path, 2)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                                  protocol="tcp://", host="127.0.0.1") as cluster, distributed.Client(cluster) as client:
        datasets = [open_dataset(p, chunks={"t": 5}) for p in paths]
        futures = client.compute([ds["v"].mean() for ds in datasets])
        means = [float(f) for f in client.gather(futures)]
        for ds in datasets:
            ds.close()
    assert means == [float((np.arange(400.0) + 1000 * i).mean()) for i in range(2)]
