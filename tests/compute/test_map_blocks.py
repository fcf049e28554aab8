"""Tests of labarray.map_blocks and labarray.unify_chunks."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la
from labarray.structure.aligner import AlignmentError
from labarray.testing import assert_identical, raise_if_dask_computes

pytest.importorskip("dask.array")


@pytest.fixture
def da() -> la.DataArray:
    return la.DataArray(
        np.arange(24.0).reshape(4, 6), dims=("x", "t"), coords={"x": [1, 2, 3, 4], "t": np.arange(6) * 10},
        name="a", attrs={"units": "K"},
    )


def test_elementwise_is_lazy_and_keeps_everything(da: la.DataArray) -> None:
    chunked = da.chunk(x=2, t=3)
    with raise_if_dask_computes():
        out = la.map_blocks(lambda b: b * 2, chunked)
    assert out.chunks == ((2, 2), (3, 3))
    assert out.name == "a" and out.attrs == {"units": "K"}
    assert_identical(out.compute(), da * 2)


def test_blocks_see_their_coordinates(da: la.DataArray) -> None:
    seen = []

    def f(block: la.DataArray) -> la.DataArray:
        seen.append((tuple(block.x.values), tuple(block.t.values)))
        assert isinstance(block.variable.data, np.ndarray)
        return block

    la.map_blocks(f, da.chunk(x=2, t=3)).compute()
    assert sorted(s for s in seen if s[0]) == [((1, 2), (0, 10, 20)), ((1, 2), (30, 40, 50)),
                                               ((3, 4), (0, 10, 20)), ((3, 4), (30, 40, 50))]


def test_inferred_template_reduction(da: la.DataArray) -> None:
    with raise_if_dask_computes():
        out = la.map_blocks(lambda b: b.mean("t"), da.chunk(x=2))
    assert out.dims == ("x",) and out.chunks == ((2, 2),)
    assert_identical(out.compute(), da.mean("t"))


def test_dataset_and_args(da: la.DataArray) -> None:
    ds = la.Dataset({"a": da, "b": da.isel(t=0, drop=True)}).chunk(x=2)
    other = la.DataArray(np.ones(4), dims="x", coords={"x": [1, 2, 3, 4]}).chunk(x=1)
    with raise_if_dask_computes():
        out = la.map_blocks(lambda b, o, k: b + o * k, ds, args=[other], kwargs={"k": 3})
    assert dict(out.chunks) == {"x": (1, 1, 1, 1), "t": (6,)}
    expected = ds.compute() + 3
    assert_identical(out.compute(), expected)


def test_explicit_template_new_dim(da: la.DataArray) -> None:
    chunked = da.chunk(x=2)
    template = la.DataArray(np.zeros((4, 2)), dims=("x", "q"), coords={"x": [1, 2, 3, 4]})

    def stats(b: la.DataArray) -> la.DataArray:
        return la.concat([b.min("t"), b.max("t")], dim="q").transpose("x", "q")

    with raise_if_dask_computes():
        out = la.map_blocks(stats, chunked, template=template)
    assert out.chunks == ((2, 2), (2,))
    np.testing.assert_array_equal(out.values[:, 1], da.values.max(-1))


def test_inferred_template_new_coordinate(da: la.DataArray) -> None:
    def stats(b: la.DataArray) -> la.DataArray:
        out = la.concat([b.sum("t"), (b * 2).sum("t")], dim="stat").transpose("x", "stat")
        return out.assign_coords(stat=["once", "twice"])

    with raise_if_dask_computes():
        out = la.map_blocks(stats, da.chunk(x=2))
    assert out.chunks == ((2, 2), (2,))
    assert list(out.stat.values) == ["once", "twice"]
    assert_identical(out.compute(), stats(da))


def test_reducing_a_chunked_dim_is_refused(da: la.DataArray) -> None:
    with pytest.raises(ValueError, match=r"dimension 't' is split into 2 chunks.*\.chunk\(\{'t': -1\}\)"):
        la.map_blocks(lambda b: b.mean("t"), da.chunk(t=3))


def test_in_memory_input_runs_directly(da: la.DataArray) -> None:
    assert_identical(la.map_blocks(lambda b: b + 1, da), da + 1)


def test_result_not_matching_template(da: la.DataArray) -> None:
    chunked = da.chunk(x=2, t=3)
    bad = la.map_blocks(lambda b: b.isel(t=slice(0, 1)), chunked, template=chunked)
    with pytest.raises(ValueError, match="has length 1 along 't' but the template expects 3"):
        bad.compute()
    wrong_type = la.map_blocks(lambda b: b.to_dataset(), chunked, template=chunked)
    with pytest.raises(TypeError, match=r"func returned a Dataset.*template is a DataArray"):
        wrong_type.compute()
    ds = la.Dataset({"a": da}).chunk(x=2)
    renamed = la.map_blocks(lambda b: b.rename({"a": "z"}), ds, template=ds)
    with pytest.raises(ValueError, match="missing from the result: a; unexpected: z"):
        renamed.compute()
    dims = la.map_blocks(lambda b: b.mean("t"), chunked, template=chunked)
    with pytest.raises(ValueError, match="has dimensions x but the template expects x, t"):
        dims.compute()


def test_bad_input(da: la.DataArray) -> None:
    chunked = da.chunk(x=2)
    with pytest.raises(TypeError, match="obj must be a DataArray or Dataset, got a ndarray"):
        la.map_blocks(lambda b: b, np.ones(3))
    with pytest.raises(TypeError, match="func must be callable"):
        la.map_blocks(3, chunked)
    with pytest.raises(TypeError, match="args must be a list or tuple"):
        la.map_blocks(lambda b, o: b, chunked, args=chunked)
    with pytest.raises(TypeError, match="template must be a DataArray or Dataset"):
        la.map_blocks(lambda b: b, chunked, template=np.ones(3))
    with pytest.raises(TypeError, match="zero-size version of obj it returned a float"):
        la.map_blocks(lambda b: 1.0, chunked)
    shifted = la.DataArray(np.ones(4), dims="x", coords={"x": [2, 3, 4, 5]})
    with pytest.raises(AlignmentError, match="join='exact'"):
        la.map_blocks(lambda b, o: b, chunked, args=[shifted])
    short = la.DataArray(np.zeros(3), dims="x", coords={"x": [1, 2, 3]})
    with pytest.raises(ValueError, match="dimension 'x' has length 4 on the input but 3 on the template"):
        la.map_blocks(lambda b: b, chunked.isel(t=0), template=short)


def test_unify_chunks(da: la.DataArray) -> None:
    a = da.chunk(x=2)
    b = da.isel(t=0).chunk(x=3)
    with raise_if_dask_computes():
        ua, ub = la.unify_chunks(a, b)
    assert ua.chunks == ((2, 1, 1),  (6,)) and ub.chunks == ((2, 1, 1),)
    assert_identical(ua.compute(), da)
    ds = la.Dataset({"a": a, "b": b})
    (uds,) = la.unify_chunks(ds)
    assert dict(uds.chunks)["x"] == (2, 1, 1)
    same = la.unify_chunks(a, da)
    assert same[0] is a and same[1] is da
    with pytest.raises(TypeError, match="argument 1 is a ndarray; expected a DataArray or Dataset"):
        la.unify_chunks(a, np.ones(3))


@pytest.mark.compat
def test_compat_with_xarray(da: la.DataArray) -> None:
    xr = pytest.importorskip("xarray")
    xda = xr.DataArray(da.values, dims=da.dims, coords={"x": da.x.values, "t": da.t.values}, name="a")
    ours = la.map_blocks(lambda b: b - b.mean("t"), da.chunk(x=2))
    theirs = xr.map_blocks(lambda b: b - b.mean("t"), xda.chunk(x=2))
    assert ours.chunks == theirs.chunks
    np.testing.assert_array_equal(ours.values, theirs.values)
    ua, ub = la.unify_chunks(da.chunk(x=2), da.chunk(x=3))
    xa, xb = xr.unify_chunks(xda.chunk(x=2), xda.chunk(x=3))
    assert ua.chunks == xa.chunks and ub.chunks == xb.chunks
