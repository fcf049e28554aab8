"""open_mfdataset / save_mfdataset: combining many netCDF files, in parallel, with clear errors."""

from __future__ import annotations

import itertools
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import labarray as la
from labarray.testing import assert_identical
from labarray.testing import strategies as las

pytest.importorskip("netCDF4")
pytest.importorskip("dask")

from labarray.io import multifile
from labarray.io.api import to_netcdf
from labarray.io.closing import get_close
from labarray.io.multifile import open_mfdataset, save_mfdataset


def full() -> la.Dataset:
    rng = np.random.default_rng(0)
    return la.Dataset(
        {
            "temp": (("time", "x"), rng.random((8, 3)), {"units": "K"}),
            "mask": (("x",), np.array([1, 0, 1], dtype="int32")),
        },
        coords={"time": pd.date_range("2001-01-01", periods=8, freq="D"), "x": [1.0, 2.0, 3.0]},
        attrs={"title": "full"},
    )


@pytest.fixture
def files(tmp_path) -> list[str]:
    """Four files along time, named so that their sorted order is NOT their time order."""
    ds = full()
    names = ["d.nc", "c.nc", "b.nc", "a.nc"]
    paths = []
    for i, name in enumerate(names):
        part = ds.isel(time=slice(2 * i, 2 * i + 2))
        part.attrs = {"title": f"part {i}"}
        path = os.path.join(tmp_path, name)
        to_netcdf(part, path)
        paths.append(path)
    return paths


def test_by_coords_glob_orders_by_time(files, tmp_path) -> None:
    ds = open_mfdataset(os.path.join(tmp_path, "*.nc"))
    expected = full()
    assert ds["temp"].chunks == ((2, 2, 2, 2), (3,))
    np.testing.assert_array_equal(ds["time"].values, expected["time"].values)
    np.testing.assert_allclose(ds["temp"].values, expected["temp"].values)
    # data_vars="all" (the default) concatenates every data variable, "minimal" only those with the dim
    assert ds["mask"].dims == ("time", "x")
    assert open_mfdataset(os.path.join(tmp_path, "*.nc"), data_vars="minimal")["mask"].dims == ("x",)
    # combine_attrs="override": the first file in combined (time) order gives the attributes
    assert ds.attrs == {"title": "part 0"}
    ds.close()


def test_paths_list_pathlib_and_chunks(files) -> None:
    from pathlib import Path

    ds = open_mfdataset([Path(p) for p in files], chunks={"time": 1})
    assert ds["temp"].chunks[0] == (1,) * 8
    np.testing.assert_allclose(ds["temp"].mean().values, full()["temp"].mean().values)


def test_nested_one_and_two_levels(tmp_path) -> None:
    ds = full()
    grid = [[ds.isel(time=slice(0, 4), x=slice(0, 2)), ds.isel(time=slice(0, 4), x=slice(2, None))],
            [ds.isel(time=slice(4, None), x=slice(0, 2)), ds.isel(time=slice(4, None), x=slice(2, None))]]
    paths = [[os.path.join(tmp_path, f"g{i}{j}.nc") for j in range(2)] for i in range(2)]
    for i in range(2):
        for j in range(2):
            to_netcdf(grid[i][j], paths[i][j])
    out = open_mfdataset(paths, combine="nested", concat_dim=["time", "x"])
    np.testing.assert_allclose(out["temp"].values, ds["temp"].values)
    assert out["temp"].chunks == ((4, 4), (2, 1))
    # one level along a new dimension
    runs = open_mfdataset([paths[0][0], paths[0][0]], combine="nested", concat_dim="run")
    assert runs["temp"].dims == ("run", "time", "x") and runs.sizes["run"] == 2


def test_zarr_stores_as_files(tmp_path) -> None:
    pytest.importorskip("zarr")
    from labarray.io.zarr_api import to_zarr

    ds = full()
    paths = [str(tmp_path / "z0.zarr"), str(tmp_path / "z1.zarr")]
    to_zarr(ds.isel(time=slice(0, 4)), paths[0])
    to_zarr(ds.isel(time=slice(4, None)), paths[1])
    out = open_mfdataset(paths[::-1], engine="zarr")
    np.testing.assert_allclose(out["temp"].values, ds["temp"].values)
    np.testing.assert_array_equal(out["time"].values, ds["time"].values)


def test_fsspec_url_glob(tmp_path) -> None:
    pytest.importorskip("zarr")
    pytest.importorskip("fsspec")
    from labarray.io.zarr_api import to_zarr

    ds = full()
    for i in range(2):
        to_zarr(ds.isel(time=slice(4 * i, 4 * i + 4)), f"memory://labarray-mf/part{i}.zarr", mode="w", storage_options={})
    out = open_mfdataset("memory://labarray-mf/part*.zarr", engine="zarr", storage_options={})
    np.testing.assert_allclose(out["temp"].values, ds["temp"].values)
    with pytest.raises(OSError, match=r"no files match the pattern 'memory://labarray-mf/none\*.zarr'"):
        open_mfdataset("memory://labarray-mf/none*.zarr", engine="zarr")


def test_parallel_open_matches_serial(files) -> None:
    serial = open_mfdataset(files)
    parallel = open_mfdataset(files, parallel=True)
    assert_identical(serial.compute(), parallel.compute())


def test_preprocess(files) -> None:
    seen = []

    def keep_temp(ds: la.Dataset) -> la.Dataset:
        seen.append(ds.sizes["time"])
        return ds[["temp"]]

    out = open_mfdataset(files, preprocess=keep_temp)
    assert list(out.data_vars) == ["temp"]
    assert seen == [2, 2, 2, 2]


def test_close_closes_every_file(files, monkeypatch) -> None:
    closed = []
    original = multifile.close_object
    monkeypatch.setattr(multifile, "close_object", lambda obj: (closed.append(obj), original(obj)))
    ds = open_mfdataset(files)
    assert get_close(ds) is not None
    ds.close()
    assert len(closed) == 4
    # a failure while opening in parallel still closes every file that was opened
    closed.clear()

    def fail_on_last(ds: la.Dataset) -> la.Dataset:
        if ds["time"].values[-1] == np.datetime64("2001-01-08"):
            raise RuntimeError("boom")
        return ds

    with pytest.raises(RuntimeError, match=r"preprocess failed on .*a.nc: boom"):
        open_mfdataset(files, preprocess=fail_on_last, parallel=True)
    assert len(closed) == 4


def test_attrs_file(files) -> None:
    assert open_mfdataset(files, attrs_file=files[1]).attrs == {"title": "part 1"}
    assert open_mfdataset(files, attrs_file=-1).attrs == {"title": "part 3"}
    assert open_mfdataset(files, combine_attrs="drop").attrs == {}
    with pytest.raises(ValueError, match=r"attrs_file 'nope.nc' is not one of the opened files"):
        open_mfdataset(files, attrs_file="nope.nc")
    with pytest.raises(IndexError, match=r"attrs_file=9 is out of range for 4 files"):
        open_mfdataset(files, attrs_file=9)


def test_errors_name_the_file(files, tmp_path) -> None:
    bad = os.path.join(tmp_path, "broken.nc")
    with open(bad, "wb") as f:
        f.write(b"this is not a netCDF file")
    with pytest.raises(Exception, match=r"failed to open .*broken.nc"):
        open_mfdataset([*files, bad])

    def fails_on_c(ds: la.Dataset) -> la.Dataset:
        if ds.sizes["time"] and ds["time"].values[0] == np.datetime64("2001-01-03"):
            raise RuntimeError("boom")
        return ds

    with pytest.raises(RuntimeError, match=r"preprocess failed on .*c.nc: boom"):
        open_mfdataset(files, preprocess=fails_on_c)
    with pytest.raises(TypeError, match=r"preprocess must return a Dataset; it returned a DataArray for .*d.nc"):
        open_mfdataset(files, preprocess=lambda ds: ds["temp"])
    with pytest.raises(RuntimeError, match=r"preprocess failed on .*c.nc"):
        open_mfdataset(files, preprocess=fails_on_c, parallel=True)


def test_overlapping_files_are_named(files, tmp_path) -> None:
    shifted = os.path.join(tmp_path, "shifted.nc")
    to_netcdf(full().isel(time=slice(1, 4)), shifted)
    with pytest.raises(ValueError, match=r"file '.*shifted.nc' and file '.*c.nc' overlap along 'time'"):
        open_mfdataset([files[1], shifted])
    with pytest.raises(ValueError, match=r"could not order the objects"):
        open_mfdataset([files[0], files[0]])


def test_argument_errors(files, tmp_path) -> None:
    with pytest.raises(OSError, match=r"no files match the pattern"):
        open_mfdataset(os.path.join(tmp_path, "*.missing"))
    with pytest.raises(FileNotFoundError, match=r"no such file: .*nothere.nc"):
        open_mfdataset(os.path.join(tmp_path, "nothere.nc"))
    with pytest.raises(OSError, match=r"the list of paths is empty"):
        open_mfdataset([])
    with pytest.raises(ValueError, match=r"combine must be 'by_coords' or 'nested'; got 'nest'"):
        open_mfdataset(files, combine="nest")
    with pytest.raises(ValueError, match=r"concat_dim is only used with combine='nested'"):
        open_mfdataset(files, concat_dim="time")
    with pytest.raises(ValueError, match=r"nested lists of paths need combine='nested'"):
        open_mfdataset([[files[0]], [files[1]]])
    with pytest.raises(ValueError, match=r"uneven depth"):
        open_mfdataset([[files[0]], files[1]], combine="nested", concat_dim=["time", "x"])
    with pytest.raises(TypeError, match=r"paths must be a glob string"):
        open_mfdataset(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"preprocess must be callable"):
        open_mfdataset(files, preprocess="no")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- save_mfdataset
def test_save_mfdataset_round_trip(tmp_path) -> None:
    ds = full()
    years = [ds.isel(time=slice(0, 4)), ds.isel(time=slice(4, None))]
    paths = [os.path.join(tmp_path, "y1.nc"), os.path.join(tmp_path, "y2.nc")]
    assert save_mfdataset(years, paths) is None
    out = open_mfdataset(paths)
    np.testing.assert_allclose(out["temp"].values, ds["temp"].values)
    assert out.attrs == {"title": "full"}


def test_save_mfdataset_dask_and_compute_false(tmp_path) -> None:
    from dask.delayed import Delayed

    ds = full().chunk(time=2)
    parts = [ds.isel(time=slice(0, 4)), ds.isel(time=slice(4, None))]
    paths = [os.path.join(tmp_path, "p1.nc"), os.path.join(tmp_path, "p2.nc")]
    delayed = save_mfdataset(parts, paths, compute=False)
    assert isinstance(delayed, Delayed)
    delayed.compute()
    np.testing.assert_allclose(open_mfdataset(paths)["temp"].values, full()["temp"].values)


def test_save_mfdataset_errors(tmp_path) -> None:
    ds = full()
    with pytest.raises(ValueError, match=r"as many paths .* got 2 Datasets, 1 paths and 2 groups"):
        save_mfdataset([ds, ds], [os.path.join(tmp_path, "a.nc")])
    with pytest.raises(TypeError, match=r"item 1 is a DataArray"):
        save_mfdataset([ds, ds["temp"]], [os.path.join(tmp_path, "a.nc"), os.path.join(tmp_path, "b.nc")])
    with pytest.raises(ValueError, match=r"the paths repeat"):
        save_mfdataset([ds, ds], [os.path.join(tmp_path, "a.nc")] * 2)
    with pytest.raises(Exception, match=r"failed to write .*nowhere"):
        save_mfdataset([ds], [os.path.join(tmp_path, "nowhere", "a.nc")])


@pytest.mark.compat
@pytest.mark.filterwarnings("ignore:In a future version of xarray")
def test_same_result_as_xarray(files, tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    mine = open_mfdataset(os.path.join(tmp_path, "*.nc")).compute()
    theirs = xr.open_mfdataset(os.path.join(tmp_path, "*.nc")).compute()
    np.testing.assert_array_equal(mine["time"].values, theirs["time"].values)
    np.testing.assert_allclose(mine["temp"].values, theirs["temp"].values)
    assert mine.attrs == theirs.attrs
    theirs.close()


# --------------------------------------------------------------------------- properties
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    ds=las.datasets(dims=st.just({"t": 6, "y": 2}), min_vars=1, max_vars=2,
                    dtype=st.sampled_from([np.dtype("float64"), np.dtype("int32")]), coords=False,
                    attrs=st.just({})),
    cuts=st.lists(st.integers(1, 5), max_size=3, unique=True),
    nested=st.booleans(),
)
def test_split_save_open_round_trip(tmp_path_factory, ds: la.Dataset, cuts: list[int], nested: bool) -> None:
    folder = tmp_path_factory.mktemp("split")
    ds = ds.assign_coords(t=np.arange(ds.sizes["t"]) * 10) if "t" in ds.dims else ds.expand_dims(t=[0])
    edges = [0, *sorted(cuts), ds.sizes["t"]] if ds.sizes["t"] == 6 else [0, ds.sizes["t"]]
    pieces = [ds.isel(t=slice(a, b)) for a, b in itertools.pairwise(edges) if b > a]
    paths = [str(folder / f"piece{i}.nc") for i in range(len(pieces))]
    save_mfdataset(pieces, paths)
    if nested:
        out = open_mfdataset(paths, combine="nested", concat_dim="t", data_vars="minimal")
    else:
        out = open_mfdataset(paths[::-1], data_vars="minimal")
    result = out.compute()
    out.close()
    for name, var in ds.data_vars.items():
        np.testing.assert_array_equal(result[name].transpose(*var.dims).values, var.values)
        assert result[name].dtype == var.dtype
    np.testing.assert_array_equal(result["t"].values, ds["t"].values)
