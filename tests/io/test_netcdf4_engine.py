"""The netCDF4 engine: conformance, round trips of every CF coder, formats, groups, encodings, errors."""

from __future__ import annotations

import os
import pickle

import netCDF4
import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.io.api import open_dataarray, open_dataset, to_netcdf
from labarray.io.backends.netcdf4 import NetCDF4BackendEntrypoint, NetCDF4DataStore, check_nc_attr
from labarray.io.conformance import BackendTests
from labarray.testing import assert_identical


class TestNetCDF4Conformance(BackendTests):
    engine = "netcdf4"
    suffix = ".nc"

    def write(self, dataset: la.Dataset, path: str) -> None:
        dataset.to_netcdf(path)


class TestNetCDF3Conformance(BackendTests):
    engine = "netcdf4"
    suffix = ".nc"

    def write(self, dataset: la.Dataset, path: str) -> None:
        dataset.to_netcdf(path, format="NETCDF3_64BIT")


def _path(tmp_path, name="a.nc") -> str:
    return str(tmp_path / name)


def test_raw_file_written_by_netcdf4_python_is_decoded(tmp_path) -> None:
    path = _path(tmp_path)
    with netCDF4.Dataset(path, "w") as nc:
        nc.set_auto_maskandscale(False)  # write the raw numbers
        nc.createDimension("time", None)
        nc.createDimension("nchar", 3)
        t = nc.createVariable("time", "i4", ("time",))
        t.units = "hours since 2000-01-01"
        t[:] = [0, 6, 12]
        v = nc.createVariable("packed", "i2", ("time",), fill_value=np.int16(-1))
        v.scale_factor = np.float32(0.5)
        v.add_offset = np.float32(10.0)
        v.set_auto_maskandscale(False)
        v[:] = np.array([0, 2, -1], "i2")
        u = nc.createVariable("ubyte", "i1", ("time",))
        u._Unsigned = "true"
        u.set_auto_maskandscale(False)
        u[:] = np.array([-1, 0, 1], "i1")
        c = nc.createVariable("label", "S1", ("time", "nchar"))
        c[:] = np.array([[b"a", b"b", b""], [b"c", b"", b""], [b"d", b"e", b"f"]])
        r = nc.createVariable("ranged", "f8", ("time",))
        r.valid_range = np.array([0.0, 1.0])
        r.set_auto_maskandscale(False)
        r[:] = [0.5, 2.0, -1.0]
    ds = open_dataset(path)
    assert ds["time"].values.astype("M8[h]").astype(int).tolist() == [262968, 262974, 262980]
    assert ds["packed"].dtype == np.float32
    np.testing.assert_array_equal(ds["packed"].values, [10.0, 11.0, np.nan])
    assert ds["packed"].encoding["scale_factor"] == np.float32(0.5)
    assert ds["ubyte"].values.tolist() == [255, 0, 1] and ds["ubyte"].dtype == np.uint8
    assert ds["label"].values.tolist() == [b"ab", b"c", b"def"]
    np.testing.assert_array_equal(ds["ranged"].values, [0.5, np.nan, np.nan])
    assert ds.encoding["unlimited_dims"] == {"time"}
    ds.close()


def test_packed_roundtrip_with_encoding(tmp_path) -> None:
    path = _path(tmp_path)
    data = np.array([0.0, 0.25, np.nan, 100.0])
    ds = la.Dataset({"v": ("x", data)})
    ds.to_netcdf(path, encoding={"v": {"dtype": "int16", "scale_factor": 0.25, "_FillValue": -9999}})
    with netCDF4.Dataset(path) as nc:
        nc.set_auto_maskandscale(False)
        assert nc["v"].dtype == np.int16
        assert nc["v"][:].tolist() == [0, 1, -9999, 400]
    with open_dataset(path) as back:
        np.testing.assert_array_equal(back["v"].values, data)
        back["v"].encoding.pop("source")
        again = _path(tmp_path, "b.nc")
        back.to_netcdf(again)  # the decoded encoding packs it the same way
    with netCDF4.Dataset(again) as nc:
        nc.set_auto_maskandscale(False)
        assert nc["v"].dtype == np.int16


def test_compression_and_chunks_roundtrip(tmp_path) -> None:
    path = _path(tmp_path)
    ds = la.Dataset({"v": (("t", "x"), np.arange(200.0).reshape(20, 10))})
    ds.to_netcdf(path, encoding={"v": {"zlib": True, "complevel": 4, "chunksizes": (5, 10)}},
                 unlimited_dims="t")
    with open_dataset(path) as back:
        enc = back["v"].encoding
        assert enc["zlib"] and enc["complevel"] == 4 and enc["chunksizes"] == (5, 10)
        assert enc["preferred_chunks"] == {"t": 5, "x": 10}
        assert back.encoding["unlimited_dims"] == {"t"}
        with open_dataset(path, chunks={}) as chunked:
            assert chunked["v"].chunks == ((5, 5, 5, 5), (10,))
        # stale chunk sizes (larger than the data after isel) are dropped at write time
        sub = back.isel(x=slice(0, 3))
        sub.to_netcdf(_path(tmp_path, "sub.nc"))
    with open_dataset(_path(tmp_path, "sub.nc")) as sub_back:
        assert sub_back["v"].encoding["chunksizes"] != (5, 10)
        np.testing.assert_array_equal(sub_back["v"].values, ds["v"].values[:, :3])


def test_bad_encoding_is_named(tmp_path) -> None:
    ds = la.Dataset({"v": ("x", [1.0, 2.0])})
    with pytest.raises(ValueError, match=r"unexpected encoding key 'zlb' for variable 'v'.*did you mean 'zlib'"):
        ds.to_netcdf(_path(tmp_path), encoding={"v": {"zlb": True}})
    with pytest.raises(ValueError, match=r"encoding names variable 'w'.*variables: v"):
        ds.to_netcdf(_path(tmp_path), encoding={"w": {"zlib": True}})
    with pytest.raises(ValueError, match=r"chunksizes.*of variable 'v' has 2 entries for 1 dimensions"):
        ds.to_netcdf(_path(tmp_path), encoding={"v": {"chunksizes": (1, 1)}})
    with pytest.raises(ValueError, match="_FillValue nan of variable 'v' cannot be stored in the integer dtype int16"):
        ds.to_netcdf(_path(tmp_path), encoding={"v": {"dtype": "int16", "_FillValue": np.nan}})
    assert not os.path.exists(_path(tmp_path))
    assert os.listdir(tmp_path) == []  # no temporary file left behind


def test_bad_attributes_and_names(tmp_path) -> None:
    with pytest.raises(TypeError, match="attribute 'flag' of variable 'v' is a bool"):
        la.Dataset({"v": ("x", [1.0], {"flag": True})}).to_netcdf(_path(tmp_path))
    with pytest.raises(TypeError, match="attribute 'meta' of the dataset has a value of type dict"):
        la.Dataset(attrs={"meta": {"a": 1}}).to_netcdf(_path(tmp_path))
    with pytest.raises(TypeError, match="variable names must be non-empty str; got 1"):
        la.Dataset({1: ("x", [1.0])}).to_netcdf(_path(tmp_path))
    with pytest.raises(TypeError, match="value of type dict"):
        check_nc_attr("a", "b", {})
    with pytest.raises(TypeError, match="variable 'o' holds Python objects of type dict"):
        la.Dataset({"o": ("x", np.array([{}, 1], dtype=object))}).to_netcdf()
    stacked = la.Dataset({"a": (("x", "y"), np.ones((2, 2)))}, coords={"x": [1, 2], "y": [3, 4]}).stack(z=("x", "y"))
    with pytest.raises(NotImplementedError, match=r"coordinate 'z' belongs to a MultiIndex.*reset_index\('z'\)"):
        stacked.to_netcdf()


def test_formats_and_bad_format(tmp_path) -> None:
    ds = la.Dataset({"i": ("x", np.array([1, 2], "int64")), "s": ("x", np.array(["ab", "c"])),
                     "u": ("x", np.array([200, 3], "uint8"))})
    big = la.Dataset({"i": ("x", np.array([2**40], "int64"))})
    with pytest.raises(ValueError, match="variable 'i' has dtype int64 with values outside the int32 range"):
        big.to_netcdf(_path(tmp_path), format="NETCDF3_CLASSIC")
    ok = ds
    for fmt in ("NETCDF4_CLASSIC", "NETCDF3_CLASSIC", "NETCDF3_64BIT"):
        path = _path(tmp_path, f"{fmt}.nc")
        ok.to_netcdf(path, format=fmt)
        with netCDF4.Dataset(path) as nc:
            assert nc.data_model.startswith(fmt)
        with open_dataset(path) as back:
            assert back["s"].values.tolist() == ["ab", "c"]
            assert back["i"].values.tolist() == [1, 2]
            assert back["u"].values.tolist() == [200, 3] and back["u"].dtype == np.uint8
    with pytest.raises(ValueError, match=r"invalid format 'NETCDF5'.*did you mean 'NETCDF4'"):
        ds.to_netcdf(_path(tmp_path), format="NETCDF5")
    with pytest.raises(ValueError, match="cannot write netCDF with engine 'scipy'"):
        ds.to_netcdf(_path(tmp_path), engine="scipy")
    with pytest.raises(ValueError, match="invalid_netcdf=True needs the h5netcdf engine"):
        ds.to_netcdf(_path(tmp_path), invalid_netcdf=True)


def test_groups_and_append(tmp_path) -> None:
    path = _path(tmp_path)
    la.Dataset({"a": ("x", [1.0, 2.0])}).to_netcdf(path)
    la.Dataset({"b": ("y", [3, 4, 5])}).to_netcdf(path, mode="a", group="inner/deep")
    la.Dataset({"c": ("x", [7.0, 8.0])}).to_netcdf(path, mode="a")
    with open_dataset(path) as root:
        assert sorted(root.data_vars) == ["a", "c"]
    with open_dataset(path, group="inner/deep") as inner:
        assert inner["b"].values.tolist() == [3, 4, 5]
    with pytest.raises(OSError, match=r"group 'inner/dep' not found.*no group 'dep'.*did you mean 'deep'"):
        open_dataset(path, group="inner/dep")
    # appending to a missing file creates it (as xarray), e.g. when writing groups in a loop
    la.Dataset({"d": ("x", [1, 2])}).to_netcdf(_path(tmp_path, "missing.nc"), mode="a", group="g1")
    la.Dataset({"e": ("x", [3])}).to_netcdf(_path(tmp_path, "missing.nc"), mode="a", group="g2")
    with open_dataset(_path(tmp_path, "missing.nc"), group="g2") as created:
        assert created["e"].values.tolist() == [3]
    with pytest.raises(ValueError, match="mode must be 'w' or 'a'; got 'x'"):
        la.Dataset().to_netcdf(path, mode="x")


def test_dataarray_roundtrip_names(tmp_path) -> None:
    path = _path(tmp_path)
    da = la.DataArray(np.arange(3.0), dims="x", coords={"x": [1, 2, 3]}, attrs={"units": "m"})
    da.to_netcdf(path)
    with open_dataarray(path) as back:
        assert back.name is None
        assert_identical(back.load().drop_encoding(), da)
    named = da.rename("depth")
    named.to_netcdf(path)
    with open_dataarray(path) as back:
        assert back.name == "depth"
    la.Dataset({"a": ("x", [1]), "b": ("x", [2])}).to_netcdf(path)
    with pytest.raises(ValueError, match=r"has 2 data variables \(a, b\); open it with open_dataset"):
        open_dataarray(path)


def test_in_memory_bytes_roundtrip() -> None:
    ds = la.Dataset({"a": ("x", [1.5, 2.5])}, attrs={"k": "v"})
    data = ds.to_netcdf()
    assert isinstance(data, memoryview)  # as xarray
    with open_dataset(data) as back:
        assert back["a"].values.tolist() == [1.5, 2.5] and back.attrs["k"] == "v"
    with pytest.raises(ValueError, match="writing to memory or a file object needs mode='w' and compute=True"):
        to_netcdf(ds, None, mode="a")
    with pytest.raises(OSError, match="cannot read the netCDF bytes"):
        open_dataset(b"CDF\x01garbage", engine="netcdf4")


def test_guess_can_open(tmp_path) -> None:
    entry = NetCDF4BackendEntrypoint()
    path = _path(tmp_path)
    la.Dataset({"a": ("x", [1])}).to_netcdf(path)
    assert entry.guess_can_open(path)
    other = tmp_path / "x.nc"
    other.write_bytes(b"not a netcdf file")
    assert not entry.guess_can_open(str(other))
    assert entry.guess_can_open("remote.nc") and not entry.guess_can_open("a.zarr")
    with open(path, "rb") as f:
        assert entry.guess_can_open(f) and f.tell() == 0


def test_store_pickles_without_handle(tmp_path) -> None:
    path = _path(tmp_path)
    la.Dataset({"a": ("x", [1.0, 2.0])}).to_netcdf(path)
    store = NetCDF4DataStore.open(path)
    restored = pickle.loads(pickle.dumps(store))
    assert restored.get_dimensions() == {"x": 2}
    store.close()
    restored.close()


def test_open_store_errors(tmp_path) -> None:
    with pytest.raises(ValueError, match="invalid netCDF format 'NETCDF9'"):
        NetCDF4DataStore.open(_path(tmp_path), mode="w", format="NETCDF9")
    with pytest.raises(ValueError, match="mode must be one of"):
        NetCDF4DataStore.open(_path(tmp_path), mode="z")
    with pytest.raises(TypeError, match="the netcdf4 engine opens paths, URLs, bytes or file-like objects; got int"):
        NetCDF4DataStore.open(3)


def test_decode_switches(tmp_path) -> None:
    path = _path(tmp_path)
    times = pd.date_range("2000-01-01", periods=3).values.astype("M8[ns]")
    ds = la.Dataset({"v": ("t", np.array([1.0, np.nan, 3.0])), "flag": ("t", np.array([True, False, True]))},
                    coords={"t": times, "lat": ("t", [1.0, 2.0, 3.0])})
    ds.to_netcdf(path)
    with open_dataset(path, decode_times=False) as raw:
        assert raw["t"].dtype == np.int64 and raw["t"].attrs["units"].startswith("days since")
    with open_dataset(path, mask_and_scale=False) as raw:
        assert np.isnan(raw["v"].attrs["_FillValue"])
    with open_dataset(path, decode_coords=False) as raw:
        assert "lat" in raw.data_vars and raw["v"].attrs["coordinates"] == "lat"
    with open_dataset(path, decode_cf=False) as raw:
        assert raw["t"].dtype == np.int64 and "lat" in raw.data_vars
    with pytest.raises(TypeError, match="decode_cf must be True, False or None"):
        open_dataset(path, decode_cf="yes")


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as npst  # noqa: E402

from labarray.testing import strategies as lst  # noqa: E402

_NC_DTYPES = (npst.boolean_dtypes() | npst.integer_dtypes(endianness="=")
              | npst.unsigned_integer_dtypes(endianness="=") | npst.floating_dtypes(endianness="=", sizes=(32, 64)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lst.datasets(dtype=_NC_DTYPES, attrs=st.just({}), min_vars=1))
def test_hypothesis_file_roundtrip(tmp_path, ds) -> None:
    data = ds.to_netcdf()  # in memory: fast, and no files to clean up between examples
    with open_dataset(data) as back:
        assert set(back.variables) == set(ds.variables) and set(back.coords) == set(ds.coords)
        for name, var in ds.variables.items():
            got = back[name].variable
            assert got.dims == var.dims
            if var.dtype.kind == "U":
                assert got.values.tolist() == var.values.tolist()
                continue
            assert got.dtype == var.dtype or (var.dtype.kind == "M" and got.dtype.kind == "M"), name
            np.testing.assert_array_equal(got.values, var.values)


def test_pickle_lazily_decoded_dataset(tmp_path) -> None:
    path = _path(tmp_path)
    times = pd.date_range("2000-01-01", periods=3).values.astype("M8[ns]")
    ds = la.Dataset({"p": ("x", np.array([0.5, np.nan, 2.0])), "when": ("x", times),
                     "flag": ("x", np.array([True, False, True])), "txt": ("x", np.array(["a", "bc", "d"])),
                     "u": ("x", np.array([1, 200, 3], "u1"))})
    ds.to_netcdf(path, encoding={"p": {"dtype": "int16", "scale_factor": 0.5, "_FillValue": -1},
                                 "txt": {"dtype": "S1"}}, format="NETCDF4")
    with open_dataset(path, cache=False) as lazy:
        assert not lazy["when"].variable._in_memory
        restored = pickle.loads(pickle.dumps(lazy))
        for name in ("flag", "u"):
            assert restored[name].values.tolist() == ds[name].values.tolist(), name
        np.testing.assert_array_equal(restored["p"].values, ds["p"].values)
        assert restored["txt"].values.tolist() == ["a", "bc", "d"]
        assert restored["when"].values.tolist() == ds["when"].values.tolist()


def test_sparse_and_strided_lazy_selection(tmp_path) -> None:
    path = _path(tmp_path)
    values = np.arange(30000.0).reshape(3000, 10)
    la.Dataset({"v": (("t", "x"), values)}).to_netcdf(path)
    with open_dataset(path, cache=False) as ds:
        picks = np.array([2999, 5, 1500, 5])  # sparse: read as unique sorted positions
        np.testing.assert_array_equal(ds["v"].isel(t=picks, x=[9, 0]).values, values[picks][:, [9, 0]])
        for step in (3, 100, -7):
            np.testing.assert_array_equal(ds["v"].isel(t=slice(None, None, step)).values, values[::step])


def test_decompose_outer_key_sparse_mode() -> None:
    from labarray.io.backends.common import decompose_outer_key, explicit_indexing_adapter

    backend, local = decompose_outer_key((np.array([5000, 3, 5000]),), (6000,), "outer")
    assert backend[0].tolist() == [3, 5000] and local[0].tolist() == [1, 0, 1]
    backend, _ = decompose_outer_key((np.array([5000, 3]),), (6000,), "basic")
    assert backend == (slice(3, 5001),)
    with pytest.raises(ValueError, match="indexing_support must be 'basic' or 'outer'; got 'vector'"):
        explicit_indexing_adapter(la.variable.indexing.BasicIndexer((0,)), (3,), lambda k: k, "vector")


def test_cftime_and_time_options_roundtrip(tmp_path) -> None:
    import cftime

    from labarray.coding.times import CFDatetimeCoder

    path = _path(tmp_path)
    dates = np.array([cftime.DatetimeNoLeap(2001, 2, 28), cftime.DatetimeNoLeap(2001, 3, 1)], dtype=object)
    la.Dataset({"v": ("time", [1.0, 2.0])}, coords={"time": dates}).to_netcdf(path)
    with open_dataset(path) as back:
        assert back["time"].values.tolist() == dates.tolist()
        assert back["time"].encoding["calendar"] == "noleap"
    std = _path(tmp_path, "std.nc")
    la.Dataset(coords={"time": pd.date_range("2000-01-01", periods=2).values.astype("M8[ns]")}).to_netcdf(std)
    with open_dataset(std, decode_times=CFDatetimeCoder(use_cftime=True)) as back:
        assert back["time"].dtype == object
    with open_dataset(std, use_cftime=True) as back:
        assert isinstance(back["time"].values[0], cftime.datetime)
    with pytest.raises(TypeError, match="decode_times must be a bool or a CFDatetimeCoder"):
        open_dataset(std, decode_times="yes")


def test_append_to_a_file_open_for_reading(tmp_path) -> None:
    from labarray.io.file_manager import close_cached_files

    path = _path(tmp_path)
    la.Dataset({"a": ("x", [1.0, 2.0])}).to_netcdf(path)
    ds = open_dataset(path, cache=False)
    assert ds["a"].values.tolist() == [1.0, 2.0]  # the file is now open (read-only) in the cache
    la.Dataset({"b": ("x", [3.0, 4.0])}).to_netcdf(path, mode="a")
    assert ds["a"].values.tolist() == [1.0, 2.0]  # reopened on demand
    ds.close()
    with open_dataset(path) as both:
        assert sorted(both.data_vars) == ["a", "b"]
    assert close_cached_files(path) == 0


def test_write_to_file_object_and_complex(tmp_path) -> None:
    import io

    buffer = io.BytesIO()
    la.Dataset({"a": ("x", [1.0, 2.0])}).to_netcdf(buffer)
    with open_dataset(buffer.getvalue()) as back:
        assert back["a"].values.tolist() == [1.0, 2.0]
    buffer.seek(0)
    with open_dataset(buffer, engine="netcdf4") as back:
        assert back["a"].values.tolist() == [1.0, 2.0]
    path = _path(tmp_path)
    values = np.array([1 + 2j, 3 - 1j])
    la.Dataset({"z": ("x", values)}).to_netcdf(path, auto_complex=True)
    with open_dataset(path, auto_complex=True) as back:
        np.testing.assert_array_equal(back["z"].values, values)


def test_per_variable_decoding_and_no_default_indexes(tmp_path) -> None:
    path = _path(tmp_path)
    times = pd.date_range("2000-01-01", periods=2).values.astype("M8[ns]")
    la.Dataset({"a": ("t", [1.0, np.nan]), "b": ("t", [1.0, np.nan]), "when": ("t", times)},
               coords={"t": [10, 20]}).to_netcdf(path)
    with open_dataset(path, mask_and_scale={"a": False}, decode_times={"when": False}) as ds:
        assert "_FillValue" in ds["a"].attrs and "_FillValue" not in ds["b"].attrs
        assert ds["when"].dtype == np.int64
    with open_dataset(path, create_default_indexes=False) as ds:
        assert "t" in ds.coords and len(ds.xindexes) == 0
        assert ds.encoding["source"] == path
    with pytest.raises(TypeError, match="create_default_indexes must be True or False"):
        open_dataset(path, create_default_indexes="no")


def test_given_encoding_replaces_the_variables_own(tmp_path) -> None:
    path, again = _path(tmp_path), _path(tmp_path, "again.nc")
    la.Dataset({"v": ("x", [0.5, 1.0])}).to_netcdf(path, encoding={"v": {"dtype": "int16", "scale_factor": 0.5}})
    with open_dataset(path) as ds:
        assert ds["v"].encoding["dtype"] == np.int16
        ds.to_netcdf(again, encoding={"v": {"zlib": True}})
    with netCDF4.Dataset(again) as nc:
        assert nc["v"].dtype == np.float64 and nc["v"].filters()["zlib"]


def test_block_reads_match_netcdf4_getitem(tmp_path) -> None:
    """The one-call read path gives what netCDF4-python's own indexing gives, or defers to it."""
    from labarray.io.backends.netcdf4 import _read_block

    path = str(tmp_path / "blocks.nc")
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("t", 4)
        nc.createDimension("x", 3)
        nc.createDimension("e", 0)
        nc.createVariable("f", "f8", ("t", "x"))[:] = np.arange(12.0).reshape(4, 3)
        nc.createVariable("big", "i2", ("t",), endian="big")[:] = np.array([1, -2, 3, 300])
        nc.createVariable("c", "S1", ("x",))[:] = np.array([b"a", b"b", b"c"])
        nc.createVariable("s", str, ("x",))[0] = "vlen"
        nc.createVariable("empty", "f4", ("e",))
        nc.createVariable("scalar", "i4", ()).assignValue(7)
    with netCDF4.Dataset(path) as nc:
        nc.set_auto_maskandscale(False)
        nc.set_always_mask(False)
        f = nc["f"]
        for key in [(slice(0, 4), slice(0, 3)), (1, slice(1, 3)), (slice(2, 4), 2), (3, 0),
                    (np.int64(2), slice(None))]:
            np.testing.assert_array_equal(_read_block(f, key), f[key])
            assert _read_block(f, key).shape == np.asarray(f[key]).shape
        big = _read_block(nc["big"], (slice(0, 4),))
        np.testing.assert_array_equal(big.astype("i2"), [1, -2, 3, 300])
        np.testing.assert_array_equal(_read_block(nc["c"], (slice(0, 3),)), [b"a", b"b", b"c"])
        # anything else is left to netCDF4-python's indexing
        assert _read_block(nc["s"], (slice(0, 3),)) is None  # variable-length strings
        assert _read_block(nc["empty"], (slice(0, 0),)) is None  # empty read
        assert _read_block(nc["scalar"], ()) is None  # 0-d
        assert _read_block(f, (slice(0, 4, 2), slice(0, 3))) is None  # strided
        assert _read_block(f, (np.array([0, 2]), slice(0, 3))) is None  # integer arrays
        assert _read_block(f, (slice(0, 4),)) is None  # key shorter than the dims
    ds = open_dataset(path)
    np.testing.assert_array_equal(ds["f"][1:3, 1].values, [4.0, 7.0])
    assert ds["big"].values.dtype.isnative and ds["big"].values.tolist() == [1, -2, 3, 300]
    assert ds["s"].values[0] == "vlen" and ds["scalar"].values == 7 and ds["empty"].shape == (0,)
    ds.close()
