"""The Zarr engine: open_zarr / to_zarr round trips, modes, append, regions, chunk safety."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.testing import assert_identical, raise_if_dask_computes

zarr = pytest.importorskip("zarr")
pytest.importorskip("dask")

from labarray.io.backends.zarr import (  # noqa: E402
    ZarrArrayWrapper,
    ZarrBackendEntrypoint,
    ZarrStore,
    decode_fill_value,
    encode_attr_value,
    encode_fill_value,
)
from labarray.io.zarr_api import open_zarr, to_zarr  # noqa: E402
from labarray.variable.indexing import BasicIndexer, OuterIndexer, VectorizedIndexer  # noqa: E402


@pytest.fixture(params=[2, 3], ids=["v2", "v3"])
def fmt(request) -> int:
    return request.param


def sample() -> la.Dataset:
    return la.Dataset(
        {
            "temp": (("time", "x"), np.arange(24.0).reshape(6, 4), {"units": "K", "long_name": "temperature"}),
            "count": (("time",), np.arange(6, dtype="int16")),
            "flag": (("x",), np.array([True, False, True, True])),
            "label": (("x",), np.array(["a", "bb", "ccc", "d"])),
        },
        coords={
            "time": pd.date_range("2000-01-01", periods=6, freq="D"),
            "x": [10.0, 20.0, 30.0, 40.0],
            "aux": ("x", np.array([1, 2, 3, 4])),
        },
        attrs={"title": "sample", "version": 2},
    )


# --------------------------------------------------------------------------- round trips
def test_round_trip_is_identical(tmp_path, fmt) -> None:
    ds = sample()
    to_zarr(ds, tmp_path / "a.zarr", zarr_format=fmt)
    out = open_zarr(tmp_path / "a.zarr")
    assert_identical(out.compute(), ds)
    assert out["temp"].encoding["chunks"] == (6, 4)
    assert out["temp"].encoding["preferred_chunks"] == {"time": 6, "x": 4}


@pytest.mark.parametrize(("source", "target"), [(2, 3), (3, 2)])
def test_rewrite_across_formats_drops_foreign_codecs(source, target) -> None:
    first, second = zarr.storage.MemoryStore(), zarr.storage.MemoryStore()
    to_zarr(sample(), first, zarr_format=source)
    to_zarr(open_zarr(first), second, zarr_format=target)
    out = open_zarr(second)
    assert_identical(out.compute(), sample())
    assert zarr.open_group(second, mode="r").metadata.zarr_format == target


def test_round_trip_memory_store_and_object_strings(fmt) -> None:
    ds = la.Dataset({"s": ("x", np.array(["a", "bcd", ""], dtype=object))})
    store = zarr.storage.MemoryStore()
    to_zarr(ds, store, zarr_format=fmt)
    out = open_zarr(store).compute()
    assert out["s"].dtype == object
    assert out["s"].values.tolist() == ["a", "bcd", ""]


def test_open_zarr_is_lazy_with_zarr_chunks(tmp_path, fmt) -> None:
    ds = sample()
    to_zarr(ds, tmp_path / "a.zarr", zarr_format=fmt, encoding={"temp": {"chunks": (2, 4)}})
    out = open_zarr(tmp_path / "a.zarr")
    assert out["temp"].chunks == ((2, 2, 2), (4,))
    with raise_if_dask_computes():
        mean = out["temp"].mean("time")
    np.testing.assert_allclose(mean.values, ds["temp"].mean("time").values)
    # chunks=None: lazily indexed NumPy, read on access
    lazy = open_zarr(tmp_path / "a.zarr", chunks=None)
    assert lazy["temp"].chunks is None
    assert not isinstance(lazy["temp"].variable._data, np.ndarray)
    assert lazy["temp"].isel(time=1).values.tolist() == [4.0, 5.0, 6.0, 7.0]
    # explicit dask chunks, and dropping the stored chunks from encoding
    with pytest.warns(UserWarning, match="split its stored chunks") as caught:
        rechunked = open_zarr(tmp_path / "a.zarr", chunks={"time": 3}, overwrite_encoded_chunks=True)
    assert any("'temp'" in str(w.message) and "stored chunks of 2, requested chunks of 3" in str(w.message)
               for w in caught)
    assert rechunked["temp"].chunks == ((3, 3), (4,))
    assert "chunks" not in rechunked["temp"].encoding


def test_open_dataset_engine_zarr_and_guess(tmp_path, fmt) -> None:
    from labarray.io.api import open_dataset

    to_zarr(sample(), tmp_path / "b.zarr", zarr_format=fmt)
    ds = open_dataset(tmp_path / "b.zarr", engine="zarr")
    assert ds["temp"].shape == (6, 4)
    assert ZarrBackendEntrypoint().guess_can_open(str(tmp_path / "b.zarr"))
    assert ZarrBackendEntrypoint().guess_can_open(zarr.storage.MemoryStore())
    assert not ZarrBackendEntrypoint().guess_can_open(str(tmp_path / "x.nc"))


def test_open_zarr_decoding_switches(tmp_path) -> None:
    to_zarr(sample(), tmp_path / "dec.zarr")
    raw = open_zarr(tmp_path / "dec.zarr", decode_times=False)
    assert raw["time"].dtype.kind == "i" and raw["time"].attrs["units"].startswith("days since")
    undecoded = open_zarr(tmp_path / "dec.zarr", decode_cf=False)
    assert undecoded["time"].dtype.kind == "i"
    assert "aux" not in open_zarr(tmp_path / "dec.zarr", drop_variables=["aux"]).variables
    with pytest.raises(TypeError, match=r"open_zarr always uses the zarr engine"):
        open_zarr(tmp_path / "dec.zarr", engine="netcdf4")


def test_default_store_is_in_memory() -> None:
    store = to_zarr(sample())
    assert isinstance(store, ZarrStore)
    assert sorted(store.get_variables()) == ["aux", "count", "flag", "label", "temp", "time", "x"]
    assert store.get_attrs() == {"title": "sample", "version": 2}


def test_dataarray_to_zarr(tmp_path) -> None:
    da = la.DataArray(np.arange(3.0), dims="x", name="v")
    da.to_zarr(tmp_path / "n.zarr")
    assert list(open_zarr(tmp_path / "n.zarr").data_vars) == ["v"]
    da.rename(None).to_zarr(tmp_path / "u.zarr")
    assert list(open_zarr(tmp_path / "u.zarr").data_vars) == ["__xarray_dataarray_variable__"]


def test_groups(tmp_path, fmt) -> None:
    path = tmp_path / "g.zarr"
    to_zarr(la.Dataset({"a": ("x", [1, 2])}), path, group="one", zarr_format=fmt)
    to_zarr(la.Dataset({"b": ("y", [3.0])}), path, group="two", mode="a")
    assert list(open_zarr(path, group="one").data_vars) == ["a"]
    assert list(open_zarr(path, group="two").data_vars) == ["b"]
    with pytest.raises(FileNotFoundError, match=r"no Zarr group found .*'three'"):
        open_zarr(path, group="three")


def test_consolidated_metadata(tmp_path) -> None:
    to_zarr(sample(), tmp_path / "c.zarr", zarr_format=2)
    assert os.path.exists(tmp_path / "c.zarr" / ".zmetadata")
    assert open_zarr(tmp_path / "c.zarr", consolidated=True)["temp"].shape == (6, 4)
    to_zarr(sample(), tmp_path / "d.zarr", zarr_format=2, consolidated=False)
    assert not os.path.exists(tmp_path / "d.zarr" / ".zmetadata")
    with pytest.raises(ValueError, match=r"consolidated"):
        open_zarr(tmp_path / "d.zarr", consolidated=True)


def test_fsspec_memory_url_and_mapper(fmt) -> None:
    fsspec = pytest.importorskip("fsspec")
    url = f"memory://labarray-test-{fmt}.zarr"
    ds = sample()
    to_zarr(ds, url, mode="w", storage_options={}, zarr_format=fmt)
    assert_identical(open_zarr(url, storage_options={}).compute(), ds)
    mapper = fsspec.get_mapper(f"memory://labarray-mapper-{fmt}.zarr")
    to_zarr(ds, mapper, mode="w", zarr_format=fmt)
    assert_identical(open_zarr(mapper).compute(), ds)


def test_storage_options_need_a_url(tmp_path) -> None:
    with pytest.raises(ValueError, match=r"storage_options are only used with an fsspec URL"):
        to_zarr(sample(), tmp_path / "e.zarr", storage_options={"anon": True})


def test_write_empty_chunks(tmp_path) -> None:
    ds = la.Dataset({"a": ("x", np.array([np.nan] * 4 + [1.0, 2.0, 3.0, 4.0]))})
    to_zarr(ds, tmp_path / "e.zarr", encoding={"a": {"chunks": (4,)}}, write_empty_chunks=False, zarr_format=2)
    assert sorted(os.listdir(tmp_path / "e.zarr" / "a")) == [".zarray", ".zattrs", "1"]
    to_zarr(ds, tmp_path / "f.zarr", encoding={"a": {"chunks": (4,)}}, write_empty_chunks=True, zarr_format=2)
    assert sorted(os.listdir(tmp_path / "f.zarr" / "a")) == [".zarray", ".zattrs", "0", "1"]
    assert_identical(open_zarr(tmp_path / "e.zarr").compute(), ds)


def test_chunk_store_is_refused(tmp_path) -> None:
    with pytest.raises(NotImplementedError, match=r"separate chunk_store is not supported with zarr-python 3"):
        to_zarr(sample(), tmp_path / "cs.zarr", chunk_store=zarr.storage.MemoryStore())
    to_zarr(sample(), tmp_path / "cs.zarr", synchronizer=object())  # accepted, unused by zarr 3
    with pytest.raises(NotImplementedError, match=r"chunk_store"):
        open_zarr(tmp_path / "cs.zarr", chunk_store=zarr.storage.MemoryStore())


def test_fill_values_and_masking(tmp_path, fmt) -> None:
    ds = la.Dataset({"a": ("x", np.array([1.0, np.nan, 3.0]))})
    to_zarr(ds, tmp_path / "f.zarr", zarr_format=fmt, encoding={"a": {"_FillValue": -9.0}})
    raw = zarr.open_group(tmp_path / "f.zarr", mode="r")["a"]
    assert raw[:].tolist() == [1.0, -9.0, 3.0]
    out = open_zarr(tmp_path / "f.zarr").compute()
    assert np.isnan(out["a"].values[1]) and out["a"].values[2] == 3.0


def test_fill_value_coding() -> None:
    for value, dtype in [(-1.5, "f4"), (np.nan, "f8"), (3, "i2"), (True, "?"), (1 + 2j, "c16"), (b"ab", "S2")]:
        back = decode_fill_value(encode_fill_value(value, np.dtype(dtype)), np.dtype(dtype))
        assert back == value or (np.isnan(back) and np.isnan(value))
    assert encode_attr_value({"a": (np.int8(1), np.arange(2))}) == {"a": [1, [0, 1]]}
    with pytest.raises(ValueError, match=r"cannot store a _FillValue for dtype"):
        encode_fill_value(1, np.dtype("M8[ns]"))


def test_array_wrapper_indexers() -> None:
    z = zarr.create_array(zarr.storage.MemoryStore(), shape=(3, 4), dtype="i8")
    z[:] = np.arange(12).reshape(3, 4)
    w = ZarrArrayWrapper(z)
    assert w[BasicIndexer((1, slice(None)))].tolist() == [4, 5, 6, 7]
    assert w[OuterIndexer((np.array([0, 2]), np.array([1, 3])))].tolist() == [[1, 3], [9, 11]]
    assert w[VectorizedIndexer((np.array([0, 2]), np.array([1, 3])))].tolist() == [1, 11]
    with pytest.raises(TypeError, match=r"explicit indexer"):
        w[(0, 1)]  # type: ignore[index]


def test_zarr_store_follows_the_writable_store_contract(fmt) -> None:
    from labarray.io.backends.store import dump_to_store, open_store_dataset

    group = zarr.open_group(zarr.storage.MemoryStore(), mode="w", zarr_format=fmt)
    store = ZarrStore(group, mode="w")
    ds = sample().drop_vars("label")
    dump_to_store(ds.chunk(time=(3, 3)).chunk(x=(2, 1, 1)), store)
    assert_identical(open_store_dataset(ZarrStore(group)).compute(), ds)
    assert group["temp"].chunks == (3, 1)  # no two Dask chunks share a Zarr chunk
    assert store.get_encoding() == {"zarr_format": fmt}


def test_store_without_dimension_names_names_the_array(fmt) -> None:
    group = zarr.open_group(zarr.storage.MemoryStore(), mode="w", zarr_format=fmt)
    group.create_array("nodims", shape=(2,), dtype="f8")
    with pytest.raises(KeyError, match=r"Zarr array 'nodims' .* has no dimension names"):
        ZarrStore(group).get_variables()


def test_conflicting_dimension_sizes(fmt) -> None:
    group = zarr.open_group(zarr.storage.MemoryStore(), mode="w", zarr_format=fmt)
    kw = (lambda d: {"attributes": {"_ARRAY_DIMENSIONS": d}}) if fmt == 2 else (lambda d: {"dimension_names": d})
    group.create_array("a", shape=(2,), dtype="f8", **kw(["x"]))
    group.create_array("b", shape=(3,), dtype="f8", **kw(["x"]))
    with pytest.raises(ValueError, match=r"dimension 'x' has length [23] in Zarr array '[ab]' but [23] in '[ab]'"):
        ZarrStore(group).get_dimensions()


def test_engine_rejects_unknown_arguments(tmp_path) -> None:
    to_zarr(sample(), tmp_path / "k.zarr")
    with pytest.raises(TypeError, match=r"unexpected argument 'consolidate'.*did you mean 'consolidated'"):
        ZarrBackendEntrypoint().open_dataset(str(tmp_path / "k.zarr"), consolidate=True)
    with pytest.raises(ValueError, match=r"disagree"):
        ZarrBackendEntrypoint().open_dataset(str(tmp_path / "k.zarr"), zarr_version=2, zarr_format=3)


# --------------------------------------------------------------------------- modes
def test_modes(tmp_path, fmt) -> None:
    path = tmp_path / "m.zarr"
    ds = sample()
    to_zarr(ds, path, zarr_format=fmt)
    with pytest.raises(FileExistsError, match=r"already exists .* mode='w' to overwrite"):
        to_zarr(ds, path)
    to_zarr(ds[["count"]], path, mode="w")
    assert list(open_zarr(path).data_vars) == ["count"]
    to_zarr(ds[["flag"]], path, mode="a")
    assert sorted(open_zarr(path).data_vars) == ["count", "flag"]
    # mode "a" overwrites an existing variable
    to_zarr(ds[["flag"]].assign(flag=~ds["flag"]), path, mode="a")
    assert open_zarr(path)["flag"].values.tolist() == [False, True, False, False]
    with pytest.raises(ValueError, match=r"mode='r\+' only modifies existing variables.*temp"):
        to_zarr(ds[["temp"]], path, mode="r+")
    with pytest.raises(ValueError, match=r"mode='a-' does not overwrite existing variables; flag"):
        to_zarr(ds[["flag"]], path, mode="a-")
    with pytest.raises(ValueError, match=r"invalid mode 'x'"):
        to_zarr(ds, path, mode="x")


def test_failed_overwrite_leaves_the_store_intact(tmp_path) -> None:
    path = tmp_path / "keep.zarr"
    ds = sample()
    to_zarr(ds, path)
    with pytest.raises(ValueError, match=r"irregular Dask chunks"):
        to_zarr(ds.chunk(time=(2, 1, 3)), path, mode="w")
    assert_identical(open_zarr(path).compute(), ds)


def test_argument_errors(tmp_path) -> None:
    ds = sample()
    with pytest.raises(ValueError, match=r"append_dim='tme' is not a dimension.*did you mean 'time'"):
        to_zarr(ds, tmp_path / "x.zarr", append_dim="tme")
    with pytest.raises(ValueError, match=r"append_dim='time' needs mode='a'"):
        to_zarr(ds, tmp_path / "x.zarr", append_dim="time", mode="w")
    with pytest.raises(ValueError, match=r"region writes need mode='r\+' or mode='a'"):
        to_zarr(ds, tmp_path / "x.zarr", region="auto", mode="w")
    with pytest.raises(ValueError, match=r"encoding given for variable 'tmp'.*did you mean 'temp'"):
        to_zarr(ds, tmp_path / "x.zarr", encoding={"tmp": {}})
    with pytest.raises(ValueError, match=r"unexpected encoding key 'chunk' for variable 'temp'.*did you mean 'chunks'"):
        to_zarr(ds, tmp_path / "x.zarr", encoding={"temp": {"chunk": (1, 1)}})
    with pytest.raises(ValueError, match=r"encoding\['chunks'\]=\(1,\) of variable 'temp' has 1 entries"):
        to_zarr(ds, tmp_path / "x.zarr", encoding={"temp": {"chunks": (1,)}})
    with pytest.raises(TypeError, match=r"Zarr variable names must be strings"):
        to_zarr(la.Dataset({1: ("x", [1])}), tmp_path / "y.zarr")
    with pytest.raises(TypeError, match=r"to_zarr writes a Dataset"):
        to_zarr(ds["temp"], tmp_path / "z.zarr")  # type: ignore[arg-type]
    midx = pd.MultiIndex.from_product([[1, 2], ["a", "b"]], names=["x", "y"])
    stacked = la.Dataset({"a": ("z", np.ones(4))}, coords=la.Coordinates.from_pandas_multiindex(midx, "z"))
    with pytest.raises(NotImplementedError, match=r"cannot write a MultiIndex \(dimension 'z'\).*reset_index\('z'\)"):
        to_zarr(stacked, tmp_path / "mi.zarr")
    with pytest.raises(ValueError, match=r"zarr_format must be 2, 3 or None"):
        to_zarr(ds, tmp_path / "w.zarr", zarr_format=4)


# --------------------------------------------------------------------------- append
def test_append_dim(tmp_path, fmt) -> None:
    path = tmp_path / "app.zarr"
    ds = sample()
    first, second = ds.isel(time=slice(0, 4)), ds.isel(time=slice(4, None))
    to_zarr(first, path, zarr_format=fmt)
    to_zarr(second, path, append_dim="time")
    assert_identical(open_zarr(path).compute(), ds)
    # the stored time units are reused for the appended dates
    raw = zarr.open_group(path, mode="r")["time"]
    assert raw[:].tolist() == [0, 1, 2, 3, 4, 5]


def test_append_dask_data_and_new_variable(tmp_path) -> None:
    path = tmp_path / "app2.zarr"
    ds = la.Dataset({"a": (("t", "x"), np.ones((4, 3)))}, coords={"t": np.arange(4)})
    to_zarr(ds.chunk(t=2), path)
    more = la.Dataset({"a": (("t", "x"), np.zeros((4, 3)))}, coords={"t": np.arange(4, 8)})
    to_zarr(more.chunk(t=2), path, append_dim="t")
    out = open_zarr(path)
    assert out.chunks["t"] == (2, 2, 2, 2)
    assert out["a"].sum().values == 12.0
    to_zarr(la.Dataset({"b": ("x", [1, 2, 3])}), path, mode="a")
    assert sorted(open_zarr(path).data_vars) == ["a", "b"]


def test_append_times_needing_finer_units_raise(tmp_path) -> None:
    path = tmp_path / "units.zarr"
    days = la.Dataset(coords={"time": pd.date_range("2000-01-01", periods=2, freq="D")})
    to_zarr(days, path)
    hours = la.Dataset(coords={"time": pd.date_range("2000-01-03T06", periods=2, freq="h")})
    with pytest.raises(ValueError, match=r"variable 'time' cannot be written with the stored units 'days since"):
        to_zarr(hours, path, append_dim="time")
    assert open_zarr(path).sizes["time"] == 2  # nothing was written


def test_append_errors(tmp_path) -> None:
    path = tmp_path / "app3.zarr"
    ds = la.Dataset({"a": (("t", "x"), np.ones((2, 3)))}, coords={"t": [0, 1]})
    to_zarr(ds, path)
    wider = la.Dataset({"a": (("t", "x"), np.ones((2, 4)))}, coords={"t": [2, 3]})
    with pytest.raises(ValueError, match=r"cannot append variable 'a' along 't': its length along 'x' is 4 but the stored array has 3"):
        to_zarr(wider, path, append_dim="t")
    swapped = la.Dataset({"a": (("x", "t"), np.ones((3, 2)))}, coords={"t": [2, 3]})
    with pytest.raises(ValueError, match=r"variable 'a' has dimensions \('x', 't'\) but the stored array has \('t', 'x'\)"):
        to_zarr(swapped, path, append_dim="t")
    with pytest.raises(ValueError, match=r"variable 'a' already exists in the Zarr store, so its encoding is fixed"):
        to_zarr(ds.assign_coords(t=[2, 3]), path, append_dim="t", encoding={"a": {"chunks": (1, 3)}})
    with pytest.raises(ValueError, match=r"cannot append along 't': b have that dimension but are not in the store"):
        to_zarr(ds.assign_coords(t=[2, 3]).assign(b=ds["a"]), path, append_dim="t")
    other = la.Dataset({"a": (("s",), [1.0])})
    with pytest.raises(ValueError, match=r"append_dim='s' is not a dimension of the existing Zarr store"):
        to_zarr(other, path, append_dim="s")
    strings = la.Dataset({"a": (("t", "x"), np.full((2, 3), "s"))}, coords={"t": [2, 3]})
    with pytest.raises(ValueError, match=r"cannot write variable 'a' of dtype <U1 into the stored array of dtype float64"):
        to_zarr(strings, path, append_dim="t")


# --------------------------------------------------------------------------- regions
def test_region_slices_and_auto(tmp_path, fmt) -> None:
    path = tmp_path / "r.zarr"
    ds = sample()
    to_zarr(ds, path, zarr_format=fmt)
    patch = ds[["temp"]].isel(time=slice(2, 4)) * 0 - 1
    to_zarr(patch.drop_vars(["time", "x", "aux"]), path, region={"time": slice(2, 4)})
    assert open_zarr(path)["temp"].values[:, 0].tolist() == [0.0, 4.0, -1.0, -1.0, 16.0, 20.0]
    patch2 = ds[["temp"]].isel(time=slice(4, 6), x=slice(1, 3)) * 0 + 100
    to_zarr(patch2.drop_vars("aux"), path, region="auto")
    out = open_zarr(path)["temp"].values
    assert out[4:, 1:3].tolist() == [[100.0, 100.0], [100.0, 100.0]]
    assert out[4, 0] == 16.0
    # "auto" for one dimension, an explicit slice for the other
    patch3 = ds[["temp"]].isel(time=[0], x=[3]) * 0 + 7
    to_zarr(patch3.drop_vars(["aux", "x"]), path, region={"time": "auto", "x": slice(3, 4)})
    assert open_zarr(path)["temp"].values[0].tolist() == [0.0, 1.0, 2.0, 7.0]


def test_region_errors(tmp_path) -> None:
    path = tmp_path / "r2.zarr"
    ds = sample()
    to_zarr(ds, path)
    with pytest.raises(ValueError, match=r"region\['time'\]=slice\(0, 3, None\) covers 3 positions .* Dataset has 2"):
        to_zarr(ds[["count"]].isel(time=slice(0, 2)).drop_vars("time"), path, region={"time": slice(0, 3)})
    with pytest.raises(ValueError, match=r"flag, label, x, aux have none of them: drop them first"):
        to_zarr(ds.isel(time=slice(0, 2)), path, region={"time": slice(0, 2)})
    with pytest.raises(ValueError, match=r"region dimension 'tim' is not a dimension of the Dataset.*did you mean 'time'"):
        to_zarr(ds[["count"]], path, region={"tim": slice(0, 6)})
    with pytest.raises(TypeError, match=r"region\['time'\] must be a slice or 'auto'"):
        to_zarr(ds[["count"]], path, region={"time": [0, 1]})
    with pytest.raises(ValueError, match=r"step 2"):
        to_zarr(ds[["count"]].isel(time=slice(0, 3)).drop_vars("time"), path, region={"time": slice(0, 6, 2)})
    gap = ds[["count"]].isel(time=[0, 2])
    with pytest.raises(ValueError, match=r"non-contiguous positions"):
        to_zarr(gap, path, region="auto")
    unknown = ds[["count"]].isel(time=[0]).assign_coords(time=[np.datetime64("1990-01-01", "ns")])
    with pytest.raises(KeyError, match=r"label .* of coordinate 'time' is not in the Zarr store"):
        to_zarr(unknown, path, region="auto")
    with pytest.raises(ValueError, match=r"region writes go into existing arrays, but extra are not in the store"):
        to_zarr(ds[["count"]].assign(extra=ds["count"]).drop_vars("time"), path, region={"time": slice(0, 6)}, mode="a")
    with pytest.raises(ValueError, match=r"either append_dim or region"):
        to_zarr(ds, path, mode="a", append_dim="time", region="auto")


# --------------------------------------------------------------------------- Dask chunks
def test_dask_chunks_become_zarr_chunks(tmp_path, fmt) -> None:
    ds = sample().chunk(time=2)
    to_zarr(ds, tmp_path / "c.zarr", zarr_format=fmt)
    assert zarr.open_group(tmp_path / "c.zarr", mode="r")["temp"].chunks == (2, 4)
    # a smaller last chunk is fine; Dask chunks that are multiples of the Zarr chunks too
    to_zarr(sample().chunk(time=4), tmp_path / "d.zarr", encoding={"temp": {"chunks": (2, 4)}})
    assert open_zarr(tmp_path / "d.zarr")["temp"].sum().values == sample()["temp"].sum().values


def test_misaligned_chunks_raise_and_name_everything(tmp_path) -> None:
    ds = sample().chunk(time=3)
    with pytest.raises(ValueError, match=(
        r"variable 'temp': the Dask chunks \(3, 3\) along dimension 'time' do not line up with its "
        r"Zarr chunks of size 2 \(encoding\['chunks'\]\).*position 3.*safe_chunks=False"
    )):
        to_zarr(ds, tmp_path / "e.zarr", encoding={"temp": {"chunks": (2, 4)}})
    # opting out writes under a lock, so the result is still right
    to_zarr(ds, tmp_path / "e.zarr", encoding={"temp": {"chunks": (2, 4)}}, safe_chunks=False, mode="w")
    assert open_zarr(tmp_path / "e.zarr")["temp"].values.tolist() == sample()["temp"].values.tolist()


def test_region_chunk_alignment_uses_the_offset(tmp_path) -> None:
    path = tmp_path / "off.zarr"
    to_zarr(la.Dataset({"a": ("t", np.zeros(8))}), path, encoding={"a": {"chunks": (4,)}})
    patch = la.Dataset({"a": ("t", np.ones(4))}).chunk(t=2)
    to_zarr(patch, path, region={"t": slice(2, 6)})  # Dask boundary at 2 + 2 = 4: aligned
    assert open_zarr(path)["a"].values.tolist() == [0, 0, 1, 1, 1, 1, 0, 0]
    with pytest.raises(ValueError, match=r"Zarr chunks of size 4 \(the stored array\).*boundary at position 2"):
        to_zarr(patch, path, region={"t": slice(0, 4)})


def test_stale_encoded_chunks_are_replaced(tmp_path) -> None:
    to_zarr(sample(), tmp_path / "s.zarr", encoding={"temp": {"chunks": (3, 4)}})
    reopened = open_zarr(tmp_path / "s.zarr").chunk(time=2)
    to_zarr(reopened, tmp_path / "t.zarr")
    assert zarr.open_group(tmp_path / "t.zarr", mode="r")["temp"].chunks == (2, 4)


def test_compute_false_returns_delayed(tmp_path) -> None:
    from dask.delayed import Delayed

    ds = sample().chunk(time=2)
    delayed = to_zarr(ds, tmp_path / "lazy.zarr", compute=False)
    assert isinstance(delayed, Delayed)
    before = open_zarr(tmp_path / "lazy.zarr")["temp"].values
    assert np.isnan(before).all()
    delayed.compute()
    assert_identical(open_zarr(tmp_path / "lazy.zarr").compute(), sample())
    # without Dask data the Delayed is a no-op
    assert isinstance(to_zarr(sample(), tmp_path / "eager.zarr", compute=False), Delayed)


def test_parallel_threaded_write_and_read(tmp_path) -> None:
    import dask

    big = la.Dataset({"a": (("t", "x"), np.random.default_rng(0).random((64, 16)))})
    with dask.config.set(scheduler="threads", num_workers=4):
        to_zarr(big.chunk(t=8), tmp_path / "p.zarr")
        out = open_zarr(tmp_path / "p.zarr").compute()
    np.testing.assert_array_equal(out["a"].values, big["a"].values)


# --------------------------------------------------------------------------- interoperability
@pytest.mark.compat
@pytest.mark.filterwarnings("ignore:Consolidated metadata is currently not part")
def test_xarray_reads_labarray_stores_and_back(tmp_path, fmt) -> None:
    xr = pytest.importorskip("xarray")
    ds = sample()
    to_zarr(ds, tmp_path / "la.zarr", zarr_format=fmt)
    theirs = xr.open_zarr(tmp_path / "la.zarr").compute()
    np.testing.assert_array_equal(theirs["temp"].values, ds["temp"].values)
    np.testing.assert_array_equal(theirs["time"].values, ds["time"].values)
    assert theirs["label"].values.tolist() == ["a", "bb", "ccc", "d"]
    assert theirs.attrs == {"title": "sample", "version": 2}
    xds = xr.Dataset({"v": (("t", "x"), np.arange(6.0).reshape(2, 3), {"units": "m"})},
                     coords={"t": pd.date_range("2001-01-01", periods=2)})
    xds.to_zarr(tmp_path / "xr.zarr", zarr_format=fmt, encoding={"v": {"_FillValue": -1.0}})
    mine = open_zarr(tmp_path / "xr.zarr").compute()
    assert mine["v"].values.tolist() == xds["v"].values.tolist()
    assert mine["v"].attrs == {"units": "m"}
    np.testing.assert_array_equal(mine["t"].values, xds["t"].values)


# ---------------------------------------------------------------- object arrays
def _dicts() -> np.ndarray:
    out = np.empty(2, dtype=object)
    out[:] = [{"a": 1}, {"b": 2}]
    return out


@pytest.mark.parametrize("chunked", [False, True])
def test_arbitrary_objects_are_refused(tmp_path, fmt: int, chunked: bool) -> None:
    ds = la.Dataset({"v": ("x", _dicts()), "w": ("x", [1.0, 2.0])})
    if chunked:
        ds = ds.chunk()
    with pytest.raises(ValueError, match="cannot serialize arbitrary Python objects: variable 'v' holds Python "
                                         "objects of type dict; Zarr"):
        to_zarr(ds, tmp_path / "o.zarr", mode="w", zarr_format=fmt)
    if not chunked:  # refused while planning: nothing was created
        assert not (tmp_path / "o.zarr").exists()


@pytest.mark.parametrize("chunked", [False, True])
def test_missing_text_is_written_as_empty_strings(tmp_path, fmt: int, chunked: bool) -> None:
    ds = la.Dataset({"s": ("x", np.array(["a", None, "bc", np.nan], dtype=object))})
    if chunked:
        ds = ds.chunk(x=2)
    to_zarr(ds, tmp_path / "s.zarr", mode="w", zarr_format=fmt)
    assert open_zarr(tmp_path / "s.zarr")["s"].values.tolist() == ["a", "", "bc", ""]


def test_float_hours_round_trip_exactly(tmp_path, fmt: int) -> None:
    """Times read from float 'hours since' are written back as the same floats, not an ulp off."""
    hours = np.array([336.0, 3960.0, 615049.5, -438288.0])
    times = np.datetime64("1950-01-01", "ns") + (hours * 3600).astype("int64") * np.timedelta64(1, "s")
    ds = la.Dataset(coords={"time": times})
    ds["time"].encoding.update(units="hours since 1950-01-01", dtype=np.dtype("f8"))
    to_zarr(ds, tmp_path / "h.zarr", mode="w", zarr_format=fmt)
    raw = zarr.open_group(str(tmp_path / "h.zarr"), mode="r")["time"][:]
    assert raw.dtype == np.float64 and raw.tolist() == hours.tolist()
    back = open_zarr(tmp_path / "h.zarr")
    np.testing.assert_array_equal(back["time"].values, times)
    to_zarr(back, tmp_path / "h2.zarr", mode="w", zarr_format=fmt)  # and once more from the opened store
    assert zarr.open_group(str(tmp_path / "h2.zarr"), mode="r")["time"][:].tolist() == hours.tolist()
