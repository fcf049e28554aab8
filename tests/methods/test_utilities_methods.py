"""Tests of labarray.methods.utilities: info, drop_attrs, apply, map_blocks, unify_chunks."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest

import labarray as xr
from labarray.methods import utilities


def make_ds() -> xr.Dataset:
    return xr.Dataset(
        {
            "t": (("x", "y"), np.zeros((2, 3)), {"units": "K", "long_name": "temp"}),
            "s": ((), 1),
        },
        coords={"x": ("x", [1, 2], {"axis": "X"}), "lbl": ("y", ["a", "b", "c"], {"note": "n"})},
        attrs={"title": "hi", "n": 3},
    )


def test_methods_are_attached():
    for name, func in utilities.DATASET_METHODS.items():
        assert getattr(xr.Dataset, name) is func
    for name, func in utilities.DATAARRAY_METHODS.items():
        assert getattr(xr.DataArray, name) is func
    assert set(utilities.DATAARRAY_METHODS) == {"map_blocks", "unify_chunks"}


# ---------------------------------------------------------------------------- info


def test_info_layout():
    buf = io.StringIO()
    assert make_ds().info(buf) is None
    expected = (
        "labarray.Dataset {\n"
        "dimensions:\n"
        "\tx = 2 ;\n"
        "\ty = 3 ;\n"
        "\n"
        "variables:\n"
        "\tfloat64 t(x, y) ;\n"
        "\t\tt:units = K ;\n"
        "\t\tt:long_name = temp ;\n"
        "\tint64 s() ;\n"
        "\tint64 x(x) ;\n"
        "\t\tx:axis = X ;\n"
        "\t<U1 lbl(y) ;\n"
        "\t\tlbl:note = n ;\n"
        "\n"
        "// global attributes:\n"
        "\t:title = hi ;\n"
        "\t:n = 3 ;\n"
        "}"
    )
    assert buf.getvalue() == expected


def test_info_empty_and_stdout(capsys):
    xr.Dataset().info()
    assert capsys.readouterr().out == (
        "labarray.Dataset {\ndimensions:\n\nvariables:\n\n// global attributes:\n}"
    )


def test_info_bad_buffer():
    with pytest.raises(TypeError, match=r"file-like object with a write method.*got a str"):
        make_ds().info("out.txt")


# ---------------------------------------------------------------------------- drop_attrs


def test_drop_attrs_deep():
    ds = make_ds()
    out = ds.drop_attrs()
    assert out.attrs == {}
    for name in out.variables:
        assert out[name].attrs == {}, name
    assert set(out.xindexes) == {"x"}
    assert out.sel(x=2).t.shape == (3,)
    # the original keeps its attributes and the data are shared
    assert ds.t.attrs == {"units": "K", "long_name": "temp"} and ds.attrs["title"] == "hi"
    assert np.shares_memory(out.t.values, ds.t.values)


def test_drop_attrs_shallow_and_keeps_encoding():
    ds = make_ds()
    ds.t.encoding["dtype"] = "float32"
    out = ds.drop_attrs(deep=False)
    assert out.attrs == {}
    assert out.t.attrs == {"units": "K", "long_name": "temp"}
    assert out.x.attrs == {"axis": "X"}
    assert ds.drop_attrs().t.encoding == {"dtype": "float32"}


def test_drop_attrs_bad_input():
    with pytest.raises(TypeError, match="deep must be True or False, got 'yes'"):
        make_ds().drop_attrs(deep="yes")
    with pytest.raises(TypeError):
        make_ds().drop_attrs(True)  # keyword-only, as in xarray


# ---------------------------------------------------------------------------- apply


def test_apply_is_map_with_pending_deprecation():
    ds = xr.Dataset({"a": ("x", [1.0, -2.0], {"u": 1})}, attrs={"t": 1})
    with pytest.warns(PendingDeprecationWarning, match="Dataset.apply may be deprecated.*Dataset.map"):
        out = ds.apply(np.multiply, args=(2,))
    np.testing.assert_array_equal(out.a.values, [2.0, -4.0])
    with pytest.warns(PendingDeprecationWarning):
        kept = ds.apply(abs, keep_attrs=False)
    assert kept.attrs == {} and kept.a.attrs == {}
    with pytest.warns(PendingDeprecationWarning):
        same = ds.apply(np.round, decimals=0)
    assert same.identical(ds.map(np.round, decimals=0))


def test_apply_bad_func():
    with pytest.warns(PendingDeprecationWarning), pytest.raises(TypeError, match="needs a callable, got int"):
        make_ds().apply(3)


# ---------------------------------------------------------------------------- map_blocks


def test_map_blocks_dataarray_and_dataset():
    pytest.importorskip("dask")
    da = xr.DataArray(np.arange(6.0), dims="x", coords={"x": np.arange(6)}).chunk(x=2)
    out = da.map_blocks(lambda b, k: b * k, args=(3,))
    assert out.chunks == ((2, 2, 2),)
    np.testing.assert_array_equal(out.values, np.arange(6.0) * 3)
    ds = da.to_dataset(name="v")
    out = ds.map_blocks(lambda b, offset=0: b + offset, kwargs={"offset": 1})
    np.testing.assert_array_equal(out.v.values, np.arange(6.0) + 1)
    out = ds.map_blocks(lambda b: b, template=ds)
    assert out.v.chunks == ((2, 2, 2),)
    expected = xr.map_blocks(lambda b: b * 2, da)
    assert out.v.dims == expected.dims
    np.testing.assert_array_equal(da.map_blocks(lambda b: b * 2).values, expected.values)


def test_map_blocks_in_memory_is_called_whole():
    da = xr.DataArray(np.arange(3.0), dims="x")
    calls = []

    def func(block):
        calls.append(block.shape)
        return block + 1

    np.testing.assert_array_equal(da.map_blocks(func).values, [1.0, 2.0, 3.0])
    assert calls == [(3,)]


def test_map_blocks_bad_input():
    da = xr.DataArray(np.arange(3.0), dims="x")
    with pytest.raises(TypeError, match="func must be callable, got a int"):
        da.map_blocks(3)
    with pytest.raises(TypeError, match="args must be a list or tuple, got a int"):
        da.map_blocks(lambda b: b, args=1)
    with pytest.raises(TypeError, match="template must be a DataArray or Dataset"):
        da.to_dataset(name="a").map_blocks(lambda b: b, template=np.zeros(3))


# ---------------------------------------------------------------------------- unify_chunks


def test_unify_chunks_dataset():
    pytest.importorskip("dask")
    ds = xr.Dataset({"a": ("x", np.arange(6)), "b": ("x", np.arange(6)), "c": ("x", np.arange(6))})
    ds = ds.assign(a=ds.a.chunk(x=3), b=ds.b.chunk(x=2))
    out = ds.unify_chunks()
    assert out.a.chunks == out.b.chunks == ((2, 1, 1, 2),)
    assert out.c.chunks is None
    np.testing.assert_array_equal(out.a.values, np.arange(6))


def test_unify_chunks_dataarray_and_noop():
    pytest.importorskip("dask")
    da = xr.DataArray(np.zeros((4, 2)), dims=("x", "y"), coords={"c": ("x", np.arange(4))})
    da = da.chunk(x=2).assign_coords(c=da.c.chunk(x=3))
    out = da.unify_chunks()
    assert out.chunks == ((2, 1, 1), (2,))
    assert out.c.chunks == ((2, 1, 1),)
    plain = xr.Dataset({"a": ("x", [1, 2])})
    assert plain.unify_chunks() is plain


def test_unify_chunks_takes_no_arguments():
    with pytest.raises(TypeError):
        xr.Dataset().unify_chunks(xr.Dataset())


# ---------------------------------------------------------------------------- compat


@pytest.mark.compat
def test_info_and_drop_attrs_match_xarray():
    xarray = pytest.importorskip("xarray")

    def build(mod):
        return mod.Dataset(
            {"t": (("x", "y"), np.zeros((2, 3)), {"units": "K"}), "s": ((), 1.5)},
            coords={"x": ("x", [1, 2], {"axis": "X"}), "lbl": ("y", ["a", "b", "c"])},
            attrs={"title": "hi"},
        )

    ours, theirs = io.StringIO(), io.StringIO()
    build(xr).info(ours)
    build(xarray).info(theirs)
    assert re.sub("^labarray", "xarray", ours.getvalue()) == theirs.getvalue()
    a, b = build(xr).drop_attrs(), build(xarray).drop_attrs()
    assert {k: dict(a[k].attrs) for k in a.variables} == {k: dict(b[k].attrs) for k in b.variables}
    assert dict(a.attrs) == dict(b.attrs)
    a, b = build(xr).drop_attrs(deep=False), build(xarray).drop_attrs(deep=False)
    assert {k: dict(a[k].attrs) for k in a.variables} == {k: dict(b[k].attrs) for k in b.variables}


@pytest.mark.compat
def test_unify_chunks_matches_xarray():
    xarray = pytest.importorskip("xarray")
    pytest.importorskip("dask")

    def build(mod):
        ds = mod.Dataset({"a": ("x", np.arange(10)), "b": ("x", np.arange(10))})
        return ds.assign(a=ds.a.chunk(x=4), b=ds.b.chunk(x=3))

    assert dict(build(xr).unify_chunks().chunks) == dict(build(xarray).unify_chunks().chunks)
