"""Tests of cov / corr / cross (labarray.compute.correlation)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as xr
from labarray.methods.numerics import corr, cov, cross


def pair() -> tuple[xr.DataArray, xr.DataArray]:
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 20))
    b = a * 0.5 + rng.standard_normal((3, 20))
    a[1, 4] = np.nan
    coords = {"x": [10, 20, 30], "t": np.arange(20)}
    return xr.DataArray(a, dims=("x", "t"), coords=coords), xr.DataArray(b, dims=("x", "t"), coords=coords)


def test_cov_and_corr_match_numpy_per_row():
    a, b = pair()
    c = cov(a, b, dim="t")
    r = corr(a, b, dim="t")
    assert c.dims == ("x",) and c.x.values.tolist() == [10, 20, 30]
    for i in range(3):
        va, vb = a.values[i], b.values[i]
        ok = ~np.isnan(va) & ~np.isnan(vb)
        assert float(c[i]) == pytest.approx(np.cov(va[ok], vb[ok])[0, 1])
        assert float(r[i]) == pytest.approx(np.corrcoef(va[ok], vb[ok])[0, 1])
    assert float(cov(a, b, dim="t", ddof=0)[0]) == pytest.approx(np.cov(a.values[0], b.values[0], ddof=0)[0, 1])


def test_all_dims_alignment_and_broadcast():
    a, b = pair()
    total = cov(a, b)
    assert total.dims == ()
    shifted = b.isel(t=slice(5, None))
    assert cov(a, shifted, dim="t").values.shape == (3,)
    np.testing.assert_allclose(cov(a, shifted, "t").values, cov(a.isel(t=slice(5, None)), shifted, "t").values)
    one_d = xr.DataArray(np.arange(20.0), dims="t", coords={"t": np.arange(20)})
    assert corr(a, one_d, "t").dims == ("x",)


def test_weights():
    a, b = pair()
    ones = xr.DataArray(np.ones(20), dims="t")
    np.testing.assert_allclose(cov(a, b, "t", weights=ones, ddof=0).values, cov(a, b, "t", ddof=0).values)
    np.testing.assert_allclose(corr(a, b, "t", weights=ones).values, corr(a, b, "t").values)
    w = xr.DataArray(np.r_[np.zeros(10), np.ones(10)], dims="t")
    np.testing.assert_allclose(
        corr(a, b, "t", weights=w).values, corr(a.isel(t=slice(10, None)), b.isel(t=slice(10, None)), "t").values
    )


def test_dask_lazy():
    pytest.importorskip("dask")
    from labarray.testing import raise_if_dask_computes

    a, b = pair()
    with raise_if_dask_computes():
        lazy = corr(a.chunk({"t": 5}), b.chunk({"t": 7}), "t")
    np.testing.assert_allclose(lazy.values, corr(a, b, "t").values)


def test_cross():
    a = xr.DataArray([[1, 0, 0], [0, 1, 0]], dims=("p", "c"))
    b = xr.DataArray([0, 1, 0], dims="c")
    np.testing.assert_array_equal(cross(a, b, dim="c").values, [[0, 0, 1], [0, 0, 0]])
    two = xr.DataArray([1, 2], dims="c")
    assert cross(two, xr.DataArray([3, 4], dims="c"), dim="c").values == -2
    np.testing.assert_array_equal(cross(two, b, dim="c").values, [0, 0, 1])
    labelled_a = xr.DataArray([1, 2], dims="c", coords={"c": ["x", "z"]})
    labelled_b = xr.DataArray([0, 1, 0], dims="c", coords={"c": ["x", "y", "z"]})
    np.testing.assert_array_equal(cross(labelled_a, labelled_b, dim="c").values, np.cross([1, 0, 2], [0, 1, 0]))


def test_cross_dask():
    pytest.importorskip("dask")
    a = xr.DataArray(np.random.default_rng(0).standard_normal((6, 3)), dims=("p", "c"))
    b = xr.DataArray(np.random.default_rng(1).standard_normal((6, 3)), dims=("p", "c"))
    lazy = cross(a.chunk({"p": 2}), b.chunk({"p": 3}), dim="c")
    np.testing.assert_allclose(lazy.values, np.cross(a.values, b.values))


def test_bad_input():
    a, b = pair()
    with pytest.raises(ValueError, match=r"dimension 'tt' not found in the inputs of cov.*did you mean 't'"):
        cov(a, b, dim="tt")
    with pytest.raises(TypeError, match=r"corr\(\) needs DataArrays; da_b is a list"):
        corr(a, [1, 2])
    with pytest.raises(ValueError, match=r"weights of cov\(\) contain NaN"):
        cov(a, b, "t", weights=xr.DataArray(np.full(20, np.nan), dims="t"))
    with pytest.raises(ValueError, match=r"weights have dimensions \['w'\]"):
        cov(a, b, "t", weights=xr.DataArray(np.ones(2), dims="w"))
    with pytest.raises(ValueError, match=r"dimension 'c' not found in argument a of cross"):
        cross(a, b, dim="c")
    with pytest.raises(ValueError, match=r"size of dimension 'x' on a is 4; cross products need vectors of 1, 2 or 3"):
        cross(xr.DataArray(np.ones(4), dims="x"), xr.DataArray(np.ones(4), dims="x"), dim="x")
    with pytest.raises(ValueError, match=r"dimension 'x' on a has size 1 and no coordinate"):
        cross(xr.DataArray(np.ones(1), dims="x"), xr.DataArray(np.ones(3), dims="x"), dim="x")


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 30), st.floats(0.1, 10), st.floats(-10, 10))
def test_property_corr_of_affine_is_sign(n, scale, shift):
    x = xr.DataArray(np.random.default_rng(n).standard_normal(n), dims="t")
    assert float(corr(x, x * scale + shift)) == pytest.approx(1.0)
    assert float(corr(x, -scale * x)) == pytest.approx(-1.0)
    assert float(cov(x, x)) == pytest.approx(float(x.var(ddof=1)))


@pytest.mark.compat
def test_compat_xarray():
    xarray = pytest.importorskip("xarray")
    a, b = pair()
    xa = xarray.DataArray(a.values, dims=a.dims, coords={"x": a.x.values, "t": a.t.values})
    xb = xarray.DataArray(b.values, dims=b.dims, coords={"x": b.x.values, "t": b.t.values})
    w = np.linspace(0.1, 2, 20)
    np.testing.assert_allclose(cov(a, b, "t").values, xarray.cov(xa, xb, "t").values)
    np.testing.assert_allclose(corr(a, b, "t").values, xarray.corr(xa, xb, "t").values)
    np.testing.assert_allclose(
        cov(a, b, "t", weights=xr.DataArray(w, dims="t")).values,
        xarray.cov(xa, xb, "t", weights=xarray.DataArray(w, dims="t")).values,
    )
    np.testing.assert_allclose(
        corr(a, b, "x", weights=xr.DataArray(w[:3], dims="x")).values,
        xarray.corr(xa, xb, "x", weights=xarray.DataArray(w[:3], dims="x")).values,
    )
    va = xarray.DataArray([[1.0, 2.0, 3.0]], dims=("p", "c"))
    vb = xarray.DataArray([4.0, 5.0], dims="c")
    np.testing.assert_allclose(
        cross(xr.DataArray(va.values, dims=va.dims), xr.DataArray(vb.values, dims="c"), dim="c").values,
        xarray.cross(va, vb, dim="c").values,
    )


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(-100, 100), min_size=3, max_size=3),
    st.lists(st.floats(-100, 100), min_size=3, max_size=3),
)
def test_property_cross_is_orthogonal(u, v):
    a = xr.DataArray(u, dims="c")
    b = xr.DataArray(v, dims="c")
    c = cross(a, b, dim="c").values
    scale = max(1.0, np.abs(u).max() * np.abs(v).max())
    assert abs(np.dot(c, u)) <= 1e-9 * scale * max(1.0, np.abs(u).max())
    np.testing.assert_allclose(cross(b, a, dim="c").values, -c)


def test_cov_corr_keep_shared_name_and_merge_attrs() -> None:
    a = xr.DataArray([1.0, 2.0, 4.0, 3.0], dims="t", name="tas", attrs={"units": "K", "source": "m"})
    b = xr.DataArray([1.0, 3.0, 2.0, 5.0], dims="t", name="pr", attrs={"units": "mm", "source": "m"})
    for func in (cov, corr):
        same = func(a, a.copy())
        assert same.name == "tas" and same.attrs == {"units": "K", "source": "m"}
        mixed = func(a, b)
        assert mixed.name is None and mixed.attrs == {"source": "m"}
        with xr.set_options(keep_attrs=False):
            assert func(a, a).attrs == {}


@pytest.mark.compat
def test_compat_xarray_names_and_attrs() -> None:
    xarray = pytest.importorskip("xarray")
    kw_a = {"dims": "t", "name": "tas", "attrs": {"units": "K", "n": 1}}
    kw_b = {"dims": "t", "name": "pr", "attrs": {"units": "mm"}}
    for fname in ("cov", "corr"):
        for b_kw in (kw_a, kw_b):
            ours = getattr(xr, fname)(xr.DataArray([1.0, 2.0, 4.0], **kw_a), xr.DataArray([2.0, 1.0, 5.0], **b_kw))
            theirs = getattr(xarray, fname)(
                xarray.DataArray([1.0, 2.0, 4.0], **kw_a), xarray.DataArray([2.0, 1.0, 5.0], **b_kw)
            )
            assert ours.name == theirs.name
            assert ours.attrs == theirs.attrs


def test_conflicting_scalar_coordinate_is_dropped_as_in_arithmetic() -> None:
    rng = np.random.default_rng(3)
    ta = xr.DataArray(
        rng.random((6, 2, 3)),
        dims=("time", "plev", "lat"),
        coords={"time": np.arange(6), "plev": [85000, 50000], "lat": [0.0, 10.0, 20.0],
                "lat_bnds": ("lat", [1, 2, 3]), "member": 1},
    )
    for func in (corr, cov):
        out = func(ta.sel(plev=85000), ta.sel(plev=50000), dim="time")
        assert sorted(out.coords) == sorted((ta.sel(plev=85000) - ta.sel(plev=50000)).drop_vars("time").coords)
        assert "plev" not in out.coords
        assert out.member.item() == 1 and list(out.xindexes) == ["lat"]
    other = ta.sel(plev=50000).assign_coords(lat_bnds=("lat", [1, 2, 4]), extra=5)
    out = corr(ta.sel(plev=85000), other, dim="time")
    assert "lat_bnds" not in out.coords  # a non-index coordinate that differs
    assert out.extra.item() == 5  # only one input has it: kept


@pytest.mark.compat
def test_compat_xarray_conflicting_scalar_coordinate() -> None:
    real = pytest.importorskip("xarray")
    values = np.random.default_rng(4).random((5, 2, 3))
    spec = {"time": np.arange(5), "plev": [850, 500], "c": ("lat", [1, 2, 3])}
    ours = xr.DataArray(values, dims=("time", "plev", "lat"), coords=spec)
    theirs = real.DataArray(values, dims=("time", "plev", "lat"), coords=spec)
    a = corr(ours.sel(plev=850), ours.sel(plev=500), dim="time")
    b = real.corr(theirs.sel(plev=850), theirs.sel(plev=500), dim="time")
    assert sorted(a.coords) == sorted(b.coords)
    np.testing.assert_allclose(a.values, b.values)
