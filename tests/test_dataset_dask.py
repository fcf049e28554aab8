"""Tests of Dataset on Dask: chunk forms, chunks/chunksizes, compute/load/persist, collection protocol, laziness."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la
from labarray import DataArray, Dataset
from labarray.testing import assert_identical
from labarray.testing.laziness import raise_if_dask_computes


def assert_identical_indexed(a: Dataset, b: Dataset) -> None:
    """assert_identical plus the indexes (assert_identical does not compare them yet, see B35)."""
    assert_identical(a, b)
    if hasattr(a, "xindexes"):
        assert set(a.xindexes) == set(b.xindexes), (list(a.xindexes), list(b.xindexes))
        for name in a.xindexes:
            assert a.xindexes[name].equals(b.xindexes[name]), name


dask = pytest.importorskip("dask")
da_mod = pytest.importorskip("dask.array")


def make_ds() -> Dataset:
    return Dataset(
        {
            "a": (("x", "y"), np.arange(24.0).reshape(6, 4), {"units": "m"}),
            "b": ("x", np.arange(6.0)),
            "s": ((), 3.0),
        },
        coords={"x": np.arange(6) * 10, "y": [1.0, 2.0, 3.0, 4.0], "aux": ("x", np.arange(6))},
        attrs={"title": "t"},
    )


def is_lazy(obj: DataArray) -> bool:
    return isinstance(obj.variable._data, da_mod.Array)


class TestChunk:
    def test_int(self) -> None:
        ds = make_ds().chunk(2)
        assert is_lazy(ds["a"]) and is_lazy(ds["b"])
        assert dict(ds.chunks) == {"x": (2, 2, 2), "y": (2, 2)}
        assert ds["a"].data.chunks == ((2, 2, 2), (2, 2))

    def test_dict(self) -> None:
        ds = make_ds().chunk({"x": 4})
        assert dict(ds.chunks) == {"x": (4, 2), "y": (4,)}

    def test_kwargs(self) -> None:
        ds = make_ds().chunk(x=3)
        assert ds.chunks["x"] == (3, 3)

    def test_auto_and_minus_one(self) -> None:
        assert dict(make_ds().chunk("auto").chunks) == {"x": (6,), "y": (4,)}
        assert dict(make_ds().chunk(-1).chunks) == {"x": (6,), "y": (4,)}
        assert dict(make_ds().chunk({"x": -1}).chunks) == {"x": (6,), "y": (4,)}

    def test_tuple_of_blocks(self) -> None:
        ds = make_ds().chunk({"x": (1, 5)})
        assert ds.chunks["x"] == (1, 5)

    def test_empty_call_chunks_everything(self) -> None:
        ds = make_ds().chunk()
        assert is_lazy(ds["a"])

    def test_index_coords_stay_in_memory(self) -> None:
        ds = make_ds().chunk(2)
        assert not isinstance(ds.variables["x"]._data, da_mod.Array)
        assert "x" in ds.xindexes

    def test_rechunk(self) -> None:
        ds = make_ds().chunk(2).chunk({"x": 3})
        assert ds.chunks["x"] == (3, 3)
        assert ds.chunks["y"] == (2, 2)

    def test_chunksizes(self) -> None:
        ds = make_ds().chunk({"x": 4, "y": 2})
        assert dict(ds.chunksizes) == {"x": (4, 2), "y": (2, 2)}

    def test_attrs_kept(self) -> None:
        ds = make_ds().chunk(2)
        assert ds.attrs == {"title": "t"}
        assert ds["a"].attrs == {"units": "m"}

    def test_unknown_dim(self) -> None:
        with pytest.raises(ValueError, match=r"'xx'.*did you mean 'x'"):
            make_ds().chunk({"xx": 2})

    def test_bad_chunk_value(self) -> None:
        with pytest.raises((ValueError, TypeError)):
            make_ds().chunk({"x": "lots"})

    def test_inconsistent_chunks(self) -> None:
        a = DataArray(da_mod.zeros(6, chunks=2), dims="x")
        b = DataArray(da_mod.zeros(6, chunks=3), dims="x")
        ds = Dataset({"a": a, "b": b})
        with pytest.raises(ValueError, match=r"'a' and 'b'.*different chunks.*'x'"):
            ds.chunks
        with pytest.raises(ValueError, match=r"'x'"):
            ds.chunksizes
        # unifying chunks fixes it
        assert ds.chunk({"x": 3}).chunks["x"] == (3, 3)

    def test_no_chunks_for_numpy(self) -> None:
        assert dict(make_ds().chunks) == {}
        assert dict(make_ds().chunksizes) == {}


class TestCompute:
    def test_compute_returns_new_numpy_dataset(self) -> None:
        lazy = make_ds().chunk(2)
        out = lazy.compute()
        assert isinstance(out["a"].variable._data, np.ndarray)
        assert is_lazy(lazy["a"])
        assert_identical_indexed(out, make_ds())

    def test_load_in_place(self) -> None:
        lazy = make_ds().chunk(2)
        ret = lazy.load()
        assert ret is lazy
        assert not is_lazy(lazy["a"])
        assert_identical_indexed(lazy, make_ds())

    def test_persist(self) -> None:
        lazy = make_ds().chunk(2)
        out = lazy.persist()
        assert is_lazy(out["a"])
        assert len(dict(out["a"].data.__dask_graph__())) == 6  # one key per block, no task chain
        assert_identical_indexed(out.compute(), make_ds())

    def test_values_computes(self) -> None:
        lazy = make_ds().chunk(2)
        np.testing.assert_array_equal(lazy["b"].values, np.arange(6.0))

    def test_dask_compute_collection(self) -> None:
        lazy = make_ds().chunk(2)
        (out,) = dask.compute(lazy)
        assert isinstance(out, Dataset)
        assert_identical_indexed(out, make_ds())

    def test_dask_compute_several(self) -> None:
        lazy = make_ds().chunk(2)
        out1, out2 = dask.compute(lazy, lazy["a"] + 1)
        assert_identical_indexed(out1, make_ds())
        np.testing.assert_array_equal(out2.values, make_ds()["a"].values + 1)

    def test_dask_persist_collection(self) -> None:
        lazy = make_ds().chunk(2)
        (out,) = dask.persist(lazy)
        assert isinstance(out, Dataset) and is_lazy(out["a"])
        assert_identical_indexed(out.compute(), make_ds())

    def test_is_dask_collection(self) -> None:
        assert dask.is_dask_collection(make_ds().chunk(2))
        assert not dask.is_dask_collection(make_ds())

    def test_compute_numpy_dataset_is_noop(self) -> None:
        assert_identical_indexed(make_ds().compute(), make_ds())


class TestTokenize:
    def test_deterministic(self) -> None:
        from dask.base import tokenize

        assert tokenize(make_ds()) == tokenize(make_ds())
        lazy = make_ds().chunk(2)
        assert tokenize(lazy) == tokenize(lazy)

    def test_changes_with_data(self) -> None:
        from dask.base import tokenize

        other = make_ds()
        other["b"] = other["b"] + 1
        assert tokenize(make_ds()) != tokenize(other)

    def test_changes_with_attrs_and_names(self) -> None:
        from dask.base import tokenize

        assert tokenize(make_ds()) != tokenize(make_ds().assign_attrs(k=1))
        assert tokenize(make_ds()) != tokenize(make_ds().rename(b="c"))

    def test_changes_with_coords(self) -> None:
        from dask.base import tokenize

        assert tokenize(make_ds()) != tokenize(make_ds().assign_coords(x=np.arange(6) * 11))


class TestLaziness:
    def test_chunk_is_lazy(self) -> None:
        with raise_if_dask_computes():
            make_ds().chunk(2)

    def test_selection_stays_lazy(self) -> None:
        lazy = make_ds().chunk(2)
        with raise_if_dask_computes():
            out = lazy.isel(x=slice(1, 4))
            out = out.sel(x=20, y=[2.0, 3.0])
            out = lazy.sel(x=[10, 40], method="nearest")
            out = lazy.head(x=2).tail(y=1).thin(x=2)
            out = lazy[["a"]]
            out = lazy.drop_isel(x=0)
            out = lazy.drop_sel(x=0)
        assert is_lazy(out["a"])

    def test_arithmetic_stays_lazy(self) -> None:
        lazy = make_ds().chunk(2)
        with raise_if_dask_computes():
            out = lazy + 1
            out = out * lazy
            out = np.sqrt(out)
            out = out - lazy["a"]
            out = -out
            out = lazy > 3
        assert is_lazy(out["a"])

    def test_structure_ops_stay_lazy(self) -> None:
        lazy = make_ds().chunk(2)
        with raise_if_dask_computes():
            out = lazy.transpose("y", "x")
            out = out.expand_dims("t")
            out = out.squeeze("t")
            out = out.rename(a="A")
            out = lazy.assign(c=lazy.a * 2).astype("float32")
            out = lazy.copy(deep=True)
            out = lazy.drop_vars("b").set_coords("s")
        assert is_lazy(out["a"])

    def test_swap_dims_loads_only_the_new_index(self) -> None:
        lazy = make_ds().chunk(2)
        with raise_if_dask_computes(max_computes=1):  # building the index needs the labels
            out = lazy.swap_dims(x="aux")
        assert is_lazy(out["a"]) and is_lazy(out["b"])
        assert "aux" in out.xindexes

    def test_to_dataarray_stays_lazy(self) -> None:
        lazy = make_ds().chunk(2)[["a", "b"]]
        with raise_if_dask_computes():
            out = lazy.to_dataarray()
        assert is_lazy(out)
        assert out.dims == ("variable", "x", "y")

    def test_alignment_stays_lazy(self) -> None:
        # (no chunked non-index coordinate: comparing two different lazy coordinates must compute,
        # in xarray too)
        lazy = make_ds().drop_vars("aux").chunk(2)
        other = make_ds().drop_vars("aux").isel(x=slice(2, None)).chunk(2)
        with raise_if_dask_computes():
            out = lazy + other
            out = lazy.reindex(x=[0, 10, 999])
            a2, _ = la.align(lazy, other, join="outer")
            out = lazy.broadcast_like(other)
        assert is_lazy(out["a"]) and is_lazy(a2["b"])

    def test_same_lazy_coordinate_is_not_computed_to_compare(self) -> None:
        lazy = make_ds().chunk(2)
        with raise_if_dask_computes():
            out = lazy + lazy.isel(y=0)
            out = lazy["a"] + lazy
        assert is_lazy(out["a"])
        assert (
            "aux" in out.coords
        )  # same lazy coordinate on both sides: kept, not compared by value

    def test_where_isin_stay_lazy(self) -> None:
        lazy = make_ds().chunk(2)
        with raise_if_dask_computes():
            out = lazy.where(lazy.b > 2)
            out = lazy.isin([1.0, 2.0])
            out = lazy.where(lazy.b > 2, 0)
        assert is_lazy(out["a"])

    def test_vectorized_indexing_stays_lazy(self) -> None:
        lazy = make_ds().chunk(2)
        idx = DataArray([0, 3, 5], dims="pt")
        with raise_if_dask_computes():
            out = lazy.isel(x=idx)
        assert is_lazy(out["a"])
        assert out["a"].dims == ("pt", "y")

    def test_repr_does_not_compute(self) -> None:
        lazy = make_ds().chunk(2)
        with raise_if_dask_computes():
            text = repr(lazy)
        assert "dask" in text.lower() or "chunk" in text.lower()

    def test_equality_computes_once_at_most(self) -> None:
        lazy = make_ds().chunk(2)
        with raise_if_dask_computes(max_computes=len(lazy.data_vars)):
            assert lazy.identical(make_ds().chunk(2))

    def test_guard_catches_computation(self) -> None:
        lazy = make_ds().chunk(2)
        with pytest.raises(RuntimeError, match=r"too many Dask computations"):
            with raise_if_dask_computes():
                lazy.compute()

    def test_dask_to_numpy_results_match(self) -> None:
        ds = make_ds()
        lazy = ds.chunk(2)
        expected = (ds.isel(x=slice(1, 5)) * 2 + ds["b"]).sel(y=[2.0, 4.0])
        actual = (lazy.isel(x=slice(1, 5)) * 2 + lazy["b"]).sel(y=[2.0, 4.0])
        assert_identical_indexed(actual.compute(), expected)


class TestDaskNames:
    def test_different_data_different_names(self) -> None:
        a = Dataset({"v": ("x", np.zeros(4))}).chunk(2)
        b = Dataset({"v": ("x", np.ones(4))}).chunk(2)
        assert a["v"].data.name != b["v"].data.name

    def test_different_chunks_different_names(self) -> None:
        ds = Dataset({"v": ("x", np.zeros(4))})
        assert ds.chunk(2)["v"].data.name != ds.chunk(4)["v"].data.name

    def test_same_input_same_names(self) -> None:
        assert make_ds().chunk(2)["a"].data.name == make_ds().chunk(2)["a"].data.name

    def test_combining_two_chunked_datasets_is_correct(self) -> None:
        a = Dataset({"v": ("x", np.zeros(4))}).chunk(2)
        b = Dataset({"v": ("x", np.ones(4))}).chunk(2)
        assert (a + b)["v"].values.tolist() == [1.0, 1.0, 1.0, 1.0]
        ra, rb = dask.compute(a, b)
        assert rb["v"].values.tolist() == [1.0, 1.0, 1.0, 1.0]
        assert ra["v"].values.tolist() == [0.0, 0.0, 0.0, 0.0]

    def test_compute_several_chunkings_with_chunked_coords(self) -> None:
        base = make_ds()
        r2, r3 = dask.compute(base.chunk(2), base.chunk(3))
        assert_identical_indexed(r2, base)
        assert_identical_indexed(r3, base)
