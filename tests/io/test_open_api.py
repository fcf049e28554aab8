"""open_dataset / open_dataarray / load_*: engines, chunks, cache, closing and bad input."""

from __future__ import annotations

import os

import numpy as np
import pytest

import labarray as la
from labarray.io.api import load_dataarray, load_dataset, open_dataarray, open_dataset
from labarray.io.backends.store import InMemoryDataStore, dump_to_store
from labarray.io.closing import get_close
from labarray.variable.indexing import MemoryCachedArray


@pytest.fixture
def nc_file(tmp_path) -> str:
    path = str(tmp_path / "data.nc")
    ds = la.Dataset({"v": (("t", "x"), np.arange(24.0).reshape(6, 4)), "w": ("x", np.arange(4))},
                    coords={"t": np.arange(6), "x": [1, 2, 3, 4]})
    ds.to_netcdf(path, encoding={"v": {"chunksizes": (3, 2)}})
    return path


def test_guessed_engine_and_pathlike(nc_file, tmp_path) -> None:
    from pathlib import Path

    with open_dataset(Path(nc_file)) as ds:
        assert ds.encoding["source"] == nc_file
        assert ds["v"].values[1, 2] == 6.0


def test_cache_keeps_values(nc_file) -> None:
    ds = open_dataset(nc_file)
    assert isinstance(ds["v"].variable._data, MemoryCachedArray)
    assert not ds["v"].variable._in_memory
    ds["v"].load()
    ds.close()
    nocache = open_dataset(nc_file, cache=False)
    assert not isinstance(nocache["v"].variable._data, MemoryCachedArray)
    nocache.close()


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [({}, ((3, 3), (2, 2))), ({"x": 1}, ((3, 3), (1, 1, 1, 1))), ({"t": -1}, ((6,), (2, 2))),
     (-1, ((6,), (4,))), (2, ((2, 2, 2), (2, 2))), ("auto", ((6,), (4,)))],
)
@pytest.mark.filterwarnings("ignore:chunks for variable .* split its stored chunks")
def test_chunks(nc_file, chunks, expected) -> None:
    with open_dataset(nc_file, chunks=chunks) as ds:
        assert ds["v"].chunks == expected
        assert ds["x"].variable._in_memory  # indexes are loaded, not chunked
        np.testing.assert_array_equal(ds["v"].values, np.arange(24.0).reshape(6, 4))


@pytest.mark.filterwarnings("ignore:chunks for variable .* split its stored chunks")
def test_chunk_names_are_deterministic(nc_file) -> None:
    with open_dataset(nc_file, chunks={}) as a, open_dataset(nc_file, chunks={}) as b:
        assert a["v"].data.name == b["v"].data.name
    with open_dataset(nc_file, chunks={"x": 1}) as c:
        assert c["v"].data.name != a["v"].data.name


def test_bad_chunks(nc_file) -> None:
    with pytest.raises(ValueError, match=r"chunks names dimension 'xx', which the file does not have.*did you mean 'x'"):
        open_dataset(nc_file, chunks={"xx": 2})
    with pytest.raises(ValueError, match="chunks must be 'auto' when a str"):
        open_dataset(nc_file, chunks="big")
    with pytest.raises(ValueError, match="chunked_array_type 'cubed' is not supported"):
        open_dataset(nc_file, chunks={}, chunked_array_type="cubed")


def test_missing_file_is_named(tmp_path) -> None:
    (tmp_path / "data.nc").write_bytes(b"")
    missing = str(tmp_path / "dta.nc")
    with pytest.raises(FileNotFoundError, match=r"no such file or directory: '.*dta\.nc'; did you mean 'data\.nc'") as info:
        open_dataset(missing)
    assert info.value.filename == missing
    with pytest.raises(FileNotFoundError, match=r"dta.nc"):
        open_dataset(missing, engine="netcdf4")


def test_corrupt_files_are_named(tmp_path, nc_file) -> None:
    garbage = tmp_path / "garbage.nc"
    garbage.write_bytes(b"this is not netCDF at all")
    with pytest.raises(ValueError, match=r"garbage\.nc' \(starts with b'this is '\).*Installed engines: 'netcdf4'"):
        open_dataset(str(garbage))
    with pytest.raises(OSError, match=r"cannot open '.*garbage\.nc' with the netcdf4 engine \(the file is not netCDF/HDF5\)"):
        open_dataset(str(garbage), engine="netcdf4")
    truncated = tmp_path / "truncated.nc"
    with open(nc_file, "rb") as f:
        truncated.write_bytes(f.read()[:600])
    with pytest.raises(OSError, match=r"truncated\.nc' with the netcdf4 engine \(.*probably truncated or corrupt"):
        open_dataset(str(truncated))


def test_unknown_engine_lists_installed(nc_file) -> None:
    with pytest.raises(ValueError, match=r"unrecognized engine 'netcdf'; installed engines: 'netcdf4', 'zarr'.*did you mean 'netcdf4'"):
        open_dataset(nc_file, engine="netcdf")
    with pytest.raises(TypeError, match="engine must be a str, a BackendEntrypoint subclass or instance; got int"):
        open_dataset(nc_file, engine=3)


def test_unknown_backend_argument(nc_file) -> None:
    with pytest.raises(TypeError, match=r"the 'netcdf4' engine does not take the argument 'grop'.*did you mean 'group'"):
        open_dataset(nc_file, grop="a")
    with pytest.raises(TypeError, match="'group' given both in backend_kwargs and as a keyword argument"):
        open_dataset(nc_file, group="a", backend_kwargs={"group": "a"})
    with open_dataset(nc_file, backend_kwargs={"group": "/"}) as ds:
        assert "v" in ds


def test_close_and_context_manager(nc_file) -> None:
    ds = open_dataset(nc_file, cache=False)
    assert get_close(ds) is not None
    with ds as same:
        assert same is ds
    assert get_close(ds) is None  # closed (and forgotten) on exit
    np.testing.assert_array_equal(ds["w"].values, np.arange(4))  # reopened on demand


def test_load_dataset_and_dataarray(nc_file, tmp_path) -> None:
    ds = load_dataset(nc_file)
    assert all(v._in_memory for v in ds.variables.values())
    with pytest.raises(TypeError, match="load_dataset does not take 'cache'"):
        load_dataset(nc_file, cache=True)
    single = str(tmp_path / "single.nc")
    la.DataArray(np.arange(3.0), dims="x", name="a").to_netcdf(single)
    da = load_dataarray(single)
    assert da.name == "a" and da.variable._in_memory
    with pytest.raises(TypeError, match="load_dataarray does not take 'cache'"):
        load_dataarray(single, cache=False)
    with pytest.raises(ValueError, match=r"has 2 data variables \(v, w\)"):
        open_dataarray(nc_file)
    empty = str(tmp_path / "empty.nc")
    la.Dataset(coords={"x": [1]}).to_netcdf(empty)
    with pytest.raises(ValueError, match="has no data variables to open as a DataArray"):
        open_dataarray(empty)


def test_store_engine_and_drop_variables(nc_file) -> None:
    store = InMemoryDataStore()
    dump_to_store(la.Dataset({"a": ("x", [1.0, np.nan]), "b": ("x", [1, 2])}), store)
    with open_dataset(store) as ds:
        np.testing.assert_array_equal(ds["a"].values, [1.0, np.nan])
    with open_dataset(store, drop_variables="b") as ds:
        assert list(ds.data_vars) == ["a"]
    with pytest.raises(TypeError, match="the store engine opens AbstractDataStore objects; got str"):
        open_dataset(nc_file, engine="store")


def test_guess_fails_for_unknown_objects() -> None:
    with pytest.raises(ValueError, match=r"object of type dict.*Installed engines"):
        open_dataset({"a": 1})
    assert os.path.exists(os.devnull)


def test_realistic_mistakes_are_explained(nc_file, tmp_path) -> None:
    with pytest.raises(TypeError, match="open_dataset opens one file; got a list of 2: use open_mfdataset"):
        open_dataset([nc_file, nc_file])
    with pytest.raises(FileNotFoundError, match="does not expand wildcards; use open_mfdataset"):
        open_dataset(str(tmp_path / "*.nc"))
    with pytest.raises(ValueError, match=r"chunk size of dimension 't' must be a positive int.*got 0"):
        open_dataset(nc_file, chunks={"t": 0})
    with pytest.raises(ValueError, match=r"chunk size of dimension 't' must be a positive int.*got -3"):
        open_dataset(nc_file, chunks={"t": -3})
    with pytest.raises(TypeError, match="drop_variables must be a variable name or a list of names; got 5"):
        open_dataset(nc_file, drop_variables=5)
    with pytest.raises(TypeError, match=r"group must be a str .* got 3"):
        open_dataset(nc_file, group=3)
    ds = la.Dataset({"a": ("x", [1.0])})
    with pytest.raises(TypeError, match=r"group must be a str .* got 3"):
        ds.to_netcdf(str(tmp_path / "g.nc"), group=3)
    with pytest.raises(TypeError, match="unlimited_dims must be a dimension name or a list of names; got 5"):
        ds.to_netcdf(str(tmp_path / "u.nc"), unlimited_dims=5)


def _float_hours_file(path: str) -> np.ndarray:
    """A file whose times are float64 'hours since 1950-01-01' (as many CMIP files are)."""
    import netCDF4

    hours = np.array([336.0, 1080.0, 3960.0, 615049.5, -438288.0])
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("time", hours.size)
        var = nc.createVariable("time", "f8", ("time",))
        var.units, var.calendar = "hours since 1950-01-01", "standard"
        var[:] = hours
        nc.createVariable("v", "f4", ("time",))[:] = np.arange(hours.size)
    return hours


def test_float_hours_round_trip_exactly_through_netcdf(tmp_path) -> None:
    import netCDF4

    source, copy = str(tmp_path / "src.nc"), str(tmp_path / "copy.nc")
    hours = _float_hours_file(source)
    with open_dataset(source) as ds:
        expected = np.datetime64("1950-01-01", "ns") + (hours * 3600).astype("int64") * np.timedelta64(1, "s")
        np.testing.assert_array_equal(ds["time"].values, expected)
        ds.to_netcdf(copy)
    with netCDF4.Dataset(copy) as nc:
        assert nc["time"].dtype == np.float64 and nc["time"][:].tolist() == hours.tolist()
    with open_dataset(copy) as back:
        np.testing.assert_array_equal(back["time"].values, expected)
