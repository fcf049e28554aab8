"""Tests of DataArray/Dataset.interp and interp_like (labarray.compute.interp)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as xr
from labarray.testing import assert_allclose, assert_identical


def grid(nt: int = 4, nx: int = 5, ny: int = 6) -> xr.DataArray:
    rng = np.random.default_rng(0)
    return xr.DataArray(
        rng.standard_normal((nt, nx, ny)),
        dims=("t", "x", "y"),
        coords={"t": np.arange(nt), "x": np.linspace(0, 4, nx), "y": np.linspace(-5, 5, ny)},
        name="v",
        attrs={"units": "K"},
    )


def test_orthogonal_linear_matches_np_interp():
    da = grid()
    xi = np.array([0.3, 1.0, 3.9])
    out = da.interp(x=xi)
    expected = np.apply_along_axis(lambda v: np.interp(xi, da.x.values, v), 1, da.values)
    np.testing.assert_allclose(out.values, expected)
    assert out.dims == ("t", "x", "y")
    assert out.x.values.tolist() == xi.tolist()
    assert "x" in out.xindexes
    assert out.attrs == {"units": "K"} and out.name == "v"


def test_two_dims_is_bilinear():
    da = xr.DataArray(
        np.add.outer(2 * np.arange(4.0), np.arange(5.0)), dims=("x", "y"), coords={"x": np.arange(4), "y": np.arange(5)}
    )
    out = da.interp(x=[0.5, 2.25], y=[1.5, 3.5, 4.0])
    np.testing.assert_allclose(out.values, np.add.outer(2 * np.array([0.5, 2.25]), [1.5, 3.5, 4.0]))


def test_scalar_drops_dimension_and_keeps_scalar_coord():
    out = grid().interp(x=1.5)
    assert out.dims == ("t", "y")
    assert float(out.x) == 1.5
    assert out.x.dims == ()


def test_out_of_range_is_nan_and_fill_value_extrapolate():
    da = xr.DataArray([0.0, 1.0], dims="x", coords={"x": [0, 1]})
    assert np.isnan(da.interp(x=[2.0]).values[0])
    assert da.interp(x=[2.0], kwargs={"fill_value": "extrapolate"}).values.tolist() == [2.0]
    assert da.interp(x=[2.0], kwargs={"fill_value": -1.0}).values.tolist() == [-1.0]


def test_nearest_and_unsorted_source():
    da = xr.DataArray([20.0, 0.0, 10.0], dims="x", coords={"x": [2, 0, 1]})
    assert da.interp(x=[0.4, 1.6]).values.tolist() == pytest.approx([4.0, 16.0])
    assert da.interp(x=[0.4, 1.6], method="nearest").values.tolist() == [0.0, 20.0]


def test_pointwise_shared_dimension():
    da = grid()
    xs = xr.DataArray([0.5, 2.0, 3.5], dims="pt", coords={"pt": ["a", "b", "c"]})
    ys = xr.DataArray([-4.0, 0.0, 4.5], dims="pt")
    out = da.interp(x=xs, y=ys)
    assert out.dims == ("t", "pt")
    assert out.x.dims == ("pt",) and out.pt.values.tolist() == ["a", "b", "c"]
    for k in range(3):
        expected = da.interp(x=float(xs[k]), y=float(ys[k]))
        np.testing.assert_allclose(out.isel(pt=k).values, expected.values)


def test_pointwise_two_dimensional_indexer():
    da = grid()
    xs = xr.DataArray([[0.5, 1.0], [2.0, 3.0]], dims=("a", "b"))
    ys = xr.DataArray([[-1.0, 0.0], [1.0, 2.0]], dims=("a", "b"))
    out = da.interp(x=xs, y=ys)
    assert out.dims == ("t", "a", "b")
    np.testing.assert_allclose(out.isel(a=1, b=0).values, da.interp(x=2.0, y=1.0).values)


def test_dataarray_indexer_with_other_dim_renames():
    da = grid()
    out = da.interp(x=xr.DataArray([0.5, 1.5], dims="z"))
    assert out.dims == ("t", "z", "y")
    assert out.x.dims == ("z",)


def test_datetime_coordinate_and_string_targets():
    time = pd.date_range("2000-01-01", periods=4, freq="D")
    da = xr.DataArray(np.arange(4.0), dims="time", coords={"time": time})
    out = da.interp(time=["2000-01-01T12:00", "2000-01-03T06:00"])
    np.testing.assert_allclose(out.values, [0.5, 2.25])
    assert out.time.dtype.kind == "M"
    out2 = da.interp(time=pd.to_datetime(["2000-01-02T18:00"]))
    np.testing.assert_allclose(out2.values, [1.75])


def test_cftime_coordinate():
    cftime = pytest.importorskip("cftime")
    times = [cftime.DatetimeNoLeap(2000, 1, d) for d in (1, 2, 3)]
    da = xr.DataArray([0.0, 1.0, 2.0], dims="time", coords={"time": times})
    out = da.interp(time=[cftime.DatetimeNoLeap(2000, 1, 2, 12)])
    np.testing.assert_allclose(out.values, [1.5])


def test_dataset_variables_by_kind():
    ds = xr.Dataset(
        {
            "a": ("x", [1.0, 2.0, 3.0]),
            "i": ("x", [1, 2, 3]),
            "s": ("x", ["a", "b", "c"]),
            "t": ("x", pd.date_range("2000-01-01", periods=3).values),
            "b": ("x", [True, False, True]),
            "other": ("y", [1, 2]),
        },
        coords={"x": [0, 1, 2], "c": ("x", [10.0, 20.0, 30.0])},
        attrs={"title": "T"},
    )
    out = ds.interp(x=[0.4, 1.6, 5.0])
    np.testing.assert_allclose(out.a.values, [1.4, 2.6, np.nan])
    np.testing.assert_allclose(out.i.values, [1.4, 2.6, np.nan])
    assert out.s.values.tolist() == ["a", "c", "c"]
    assert out.b.values.tolist() == [True, True, True]
    assert out.t.values[0] == np.datetime64("2000-01-01T09:36")
    assert np.isnat(out.t.values[2])
    assert out.other.values.tolist() == [1, 2]
    assert "c" in out.coords and out.c.values[0] == pytest.approx(14.0)
    assert out.attrs == {"title": "T"}
    out_ffill = ds.interp(x=[0.6], method_non_numeric="ffill")
    assert out_ffill.s.values.tolist() == ["a"]


def test_dimension_without_coordinate_uses_positions():
    assert xr.DataArray([1.0, 2.0], dims="x").interp(x=[0.5]).values.tolist() == [1.5]


@pytest.mark.parametrize("method", ["slinear", "quadratic", "cubic", "pchip", "akima", "makima", "krogh", "barycentric", "zero", "quintic"])
def test_scipy_methods_exact_on_lines(method):
    pytest.importorskip("scipy")
    x = np.arange(8.0)
    da = xr.DataArray(np.stack([3 * x + 1, -x]), dims=("c", "x"), coords={"x": x})
    xi = [0.5, 3.25, 6.0]
    out = da.interp(x=xi, method=method)
    if method == "zero":
        np.testing.assert_allclose(out.values[0], [1.0, 10.0, 19.0])
    else:
        np.testing.assert_allclose(out.values, np.stack([3 * np.array(xi) + 1, -np.array(xi)]), atol=1e-8)


def test_polynomial_needs_order():
    pytest.importorskip("scipy")
    da = xr.DataArray(np.arange(5.0), dims="x", coords={"x": np.arange(5)})
    np.testing.assert_allclose(da.interp(x=[1.5], method="polynomial", kwargs={"order": 2}).values, [1.5])
    with pytest.raises(ValueError, match=r"needs kwargs=\{'order'"):
        da.interp(x=[1.5], method="polynomial")


def test_pointwise_scipy_method():
    pytest.importorskip("scipy")
    da = xr.DataArray(np.add.outer(np.arange(5.0), np.arange(6.0)), dims=("x", "y"), coords={"x": np.arange(5), "y": np.arange(6)})
    xs = xr.DataArray([1.5, 2.5], dims="p")
    out = da.interp(x=xs, y=xs, method="cubic")
    np.testing.assert_allclose(out.values, [3.0, 5.0])


def test_interp_like():
    da = grid()
    other = xr.DataArray(np.zeros((2, 3)), dims=("x", "y"), coords={"x": [0.5, 1.5], "y": [-1.0, 0.0, 1.0]})
    assert_allclose(da.interp_like(other), da.interp(x=[0.5, 1.5], y=[-1.0, 0.0, 1.0]))
    labels = xr.DataArray([1.0, 2.0, 3.0], dims="k", coords={"k": ["a", "b", "c"]})
    out = labels.interp_like(xr.DataArray([0, 0], dims="k", coords={"k": ["c", "z"]}))
    assert out.values[0] == 3.0 and np.isnan(out.values[1])


def test_interp_like_bad_input():
    with pytest.raises(TypeError, match=r"interp_like needs a DataArray or Dataset, got list"):
        grid().interp_like([1, 2])


# ----------------------------------------------------------------- dask
def test_dask_orthogonal_is_chunk_local_and_lazy():
    pytest.importorskip("dask")
    from labarray.testing import raise_if_dask_computes

    da = grid(nt=3, nx=40, ny=6)
    chunked = da.chunk({"x": 10, "y": 3})
    xi = np.linspace(-0.5, 4.5, 37)
    with raise_if_dask_computes():
        lazy = chunked.interp(x=xi, y=[-2.0, 1.0])
    assert len(lazy.chunks[1]) > 1  # x keeps several chunks
    np.testing.assert_allclose(lazy.values, da.interp(x=xi, y=[-2.0, 1.0]).values)
    # unsorted targets, nearest
    xr_ = xi[::-1].copy()
    np.testing.assert_allclose(chunked.interp(x=xr_, method="nearest").values, da.interp(x=xr_, method="nearest").values)


def test_dask_pointwise_and_scipy():
    pytest.importorskip("dask")
    da = grid(nt=3, nx=40, ny=30)
    chunked = da.chunk({"x": 7, "y": 8})
    rng = np.random.default_rng(3)
    xs = xr.DataArray(rng.uniform(0, 4, 25), dims="p")
    ys = xr.DataArray(rng.uniform(-5, 5, 25), dims="p")
    lazy = chunked.interp(x=xs, y=ys)
    assert lazy.chunks is not None
    np.testing.assert_allclose(lazy.values, da.interp(x=xs, y=ys).values)
    np.testing.assert_allclose(chunked.interp(x=[1.2, 2.2], method="cubic").values, da.interp(x=[1.2, 2.2], method="cubic").values)


# ----------------------------------------------------------------- bad input
def test_bad_input_messages():
    da = grid()
    with pytest.raises(ValueError, match=r"dimension 'xx' not found.*did you mean 'x'"):
        da.interp(xx=[1.0])
    with pytest.raises(ValueError, match=r"method 'linaer' is not an interpolation method.*did you mean 'linear'"):
        da.interp(x=[1.0], method="linaer")
    with pytest.raises(ValueError, match=r"method_non_numeric must be one of"):
        da.interp(x=[1.0], method_non_numeric="cubic")
    with pytest.raises(TypeError, match=r"interp only works on numeric or datetime data; this DataArray has dtype <U1"):
        xr.DataArray(["a", "b"], dims="x", coords={"x": [0, 1]}).interp(x=[0.5])
    with pytest.raises(ValueError, match=r"2-D array; pass a 0-D or 1-D array"):
        da.interp(x=np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"dimension 'x' of length 1 with method='linear'"):
        xr.DataArray([1.0], dims="x", coords={"x": [0]}).interp(x=[0.0])
    with pytest.raises(TypeError, match=r"datetime-like coordinate 'time'"):
        xr.DataArray([1.0, 2.0], dims="time", coords={"time": pd.date_range("2000", periods=2)}).interp(time=["nonsense"])
    with pytest.raises(TypeError, match=r"coordinate 'x' of dtype float64 onto values of dtype <U"):
        da.interp(x=["a"])
    with pytest.raises(TypeError, match=r"unexpected interpolation kwargs order"):
        da.interp(x=[1.0], kwargs={"order": 2})
    with pytest.raises(ValueError, match=r"fill_value must be a number or 'extrapolate'"):
        da.interp(x=[1.0], kwargs={"fill_value": "nope"})
    with pytest.raises(ValueError, match=r"outside the range of coordinate 'x'.*bounds_error=True"):
        da.interp(x=[99.0], kwargs={"bounds_error": True})
    with pytest.raises(ValueError, match=r"scipy could not interpolate along 'x' with method='cubic' from 3 points"):
        xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2]}).interp(x=[0.5], method="cubic")
    with pytest.raises(ValueError, match=r"pointwise interpolation over several dimensions supports methods"):
        xs = xr.DataArray([1.0], dims="p")
        da.interp(x=xs, y=xs, method="akima")


def test_no_indexers_returns_copy():
    da = grid()
    assert_identical(da.interp(), da)


# ----------------------------------------------------------------- properties
@settings(max_examples=25, deadline=None)
@given(st.integers(2, 9), st.integers(1, 4), st.sampled_from(["linear", "nearest"]))
def test_property_interp_at_existing_coords_returns_data(n, m, method):
    rng = np.random.default_rng(n * 10 + m)
    x = np.sort(rng.choice(np.arange(100), n, replace=False)).astype(float)
    da = xr.DataArray(rng.standard_normal((m, n)), dims=("c", "x"), coords={"x": x})
    out = da.interp(x=x, method=method)
    np.testing.assert_allclose(out.values, da.values)


# ----------------------------------------------------------------- xarray compatibility
@pytest.mark.compat
@pytest.mark.parametrize("method", ["linear", "nearest", "cubic", "pchip"])
def test_compat_orthogonal(method):
    xarray = pytest.importorskip("xarray")
    da = grid(nt=3, nx=9, ny=8)
    ref = xarray.DataArray(da.values, dims=da.dims, coords={k: da[k].values for k in da.dims})
    xi, yi = np.linspace(-0.2, 4.1, 11), np.linspace(-6, 6, 7)
    # one dimension: identical; several: labarray applies the 1-D method per dimension, xarray
    # calls scipy's interpn (the same tensor-product for linear/nearest/cubic up to solver
    # round-off; pchip is nonlinear, so only the 1-D case is compared)
    np.testing.assert_allclose(da.interp(x=xi, method=method).values, ref.interp(x=xi, method=method).values, atol=1e-12)
    if method != "pchip":
        np.testing.assert_allclose(
            da.interp(x=xi, y=yi, method=method).values, ref.interp(x=xi, y=yi, method=method).values, rtol=1e-3, atol=1e-4
        )


@pytest.mark.compat
def test_compat_pointwise_and_dataset():
    xarray = pytest.importorskip("xarray")
    da = grid(nt=2, nx=9, ny=8)
    ref = xarray.DataArray(da.values, dims=da.dims, coords={k: da[k].values for k in da.dims})
    xs, ys = [0.2, 1.7, 3.3], [-4.2, 0.1, 4.9]
    ours = da.interp(x=xr.DataArray(xs, dims="p"), y=xr.DataArray(ys, dims="p"))
    theirs = ref.interp(x=xarray.DataArray(xs, dims="p"), y=xarray.DataArray(ys, dims="p"))
    assert ours.dims == theirs.dims
    np.testing.assert_allclose(ours.values, theirs.values)
    ds = xr.Dataset({"a": ("x", [1.0, 2.0, 3.0]), "s": ("x", ["a", "b", "c"])}, coords={"x": [0, 1, 2]})
    rds = xarray.Dataset({"a": ("x", [1.0, 2.0, 3.0]), "s": ("x", ["a", "b", "c"])}, coords={"x": [0, 1, 2]})
    o, t = ds.interp(x=[0.4, 1.6, 5]), rds.interp(x=[0.4, 1.6, 5])
    np.testing.assert_allclose(o.a.values, t.a.values)
    assert o.s.values.tolist() == t.s.values.tolist()


def test_non_numeric_nearest_ties_go_up_like_reindex():
    ds = xr.Dataset({"lab": ("y", list("abcd"))}, coords={"y": [0, 10, 20, 30]})
    assert ds.interp(y=[5, 25]).lab.values.tolist() == ["b", "d"]
    dup = xr.Dataset({"lab": ("y", list("ab"))}, coords={"y": [0, 0]})
    with pytest.raises(ValueError, match=r"cannot interpolate along dimension 'y': its coordinate has duplicate values \(e.g. 0\)"):
        dup.interp(y=[1.0])


def test_duplicate_source_coordinate_is_an_error():
    da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 1]})
    with pytest.raises(ValueError, match=r"along dimension 'x'.*duplicate values \(e.g. 1\).*drop_duplicates\('x'\)"):
        da.interp(x=[0.5])
    with pytest.raises(ValueError, match=r"duplicate values"):
        da.interp(x=[0.5], method="cubic")


def test_date_string_onto_datetime_axis_scalar_and_list():
    da = xr.DataArray(np.arange(6.0), dims="time", coords={"time": pd.date_range("2000-01-01", periods=6, freq="MS")})
    out = da.interp(time="2000-02-10")
    assert out.dims == ()
    np.testing.assert_allclose(out.values, 1 + 9 / 29)
    assert out.time.values == np.datetime64("2000-02-10")
    np.testing.assert_allclose(da.chunk(time=2).interp(time=["2000-02-10"]).values, [1 + 9 / 29])


def test_date_strings_onto_cftime_axis():
    cftime = pytest.importorskip("cftime")
    times = [cftime.Datetime360Day(2000, m, 1) for m in range(1, 7)]
    da = xr.DataArray(np.arange(6.0), dims="time", coords={"time": times})
    out = da.interp(time=["2000-02-10", "2000-03", "2000-02-30"])
    np.testing.assert_allclose(out.values, [1 + 9 / 30, 2.0, 1 + 29 / 30])
    assert out.time.values[0] == cftime.Datetime360Day(2000, 2, 10)
    assert float(da.interp(time="2000-02-10")) == pytest.approx(1.3)
    with pytest.raises(TypeError, match=r"cftime coordinate 'time' \(calendar '360_day'\) onto 'soon'"):
        da.interp(time="soon")
    with pytest.raises(TypeError, match=r"onto '2000-02-31'"):
        da.interp(time="2000-02-31")


def test_labelled_indexers_bring_their_coordinate_attrs():
    da = xr.DataArray([0.0, 10.0], dims="x", coords={"x": ("x", [0.0, 1.0], {"units": "m"})})
    assert da.interp(x=[0.5]).x.attrs == {"units": "m"}
    target = xr.DataArray([0.5], dims="x", coords={"x": ("x", [0.5], {"long_name": "new"})})
    assert da.interp(x=target.x).x.attrs == {"long_name": "new"}
    assert da.interp_like(target).x.attrs == {"long_name": "new"}
    pts = xr.DataArray([0.25, 0.75], dims="station")
    assert da.interp(x=pts).x.attrs == {}


@pytest.mark.compat
def test_compat_regrid_descending_lat_and_station_points():
    xa = pytest.importorskip("xarray")
    rng = np.random.default_rng(3)
    lat = np.linspace(88.75, -88.75, 24)
    lon = np.arange(0, 360, 15.0)
    data = rng.standard_normal((3, 24, 24))
    kw = {"dims": ("time", "lat", "lon"), "name": "tas", "attrs": {"units": "K"}}
    coords = {"time": pd.date_range("2000", periods=3, freq="MS"), "lat": ("lat", lat, {"units": "degrees_north"}), "lon": lon}
    ours = xr.DataArray(data, coords=coords, **kw)
    theirs = xa.DataArray(data, coords=coords, **kw)
    new = {"lat": np.arange(-80, 81, 20.0), "lon": np.arange(0, 360, 30.0)}
    o = ours.chunk(lat=7).interp(new).compute()
    t = theirs.interp(new)
    np.testing.assert_allclose(o.values, t.values)
    assert o.lat.attrs == t.lat.attrs == {"units": "degrees_north"}
    o = ours.interp(lat=xr.DataArray([10.0, -20.0], dims="station"), lon=xr.DataArray([5.0, 350.0], dims="station"))
    t = theirs.interp(lat=xa.DataArray([10.0, -20.0], dims="station"), lon=xa.DataArray([5.0, 350.0], dims="station"))
    np.testing.assert_allclose(o.values, t.values)
    assert o.dims == t.dims and o.lat.attrs == t.lat.attrs == {}


@pytest.mark.compat
@pytest.mark.parametrize(
    ("indexers", "method"),
    [({"x": [0.5, 1.5]}, "linear"), ({"x": 0.5}, "linear"), ({"y": [5, 25], "x": [0.2]}, "linear"), ({"x": [-1, 0.5, 3]}, "nearest")],
)
def test_compat_dataset_variable_kinds(indexers, method):
    xarray = pytest.importorskip("xarray")

    def make(module):
        return module.Dataset(
            {
                "a": (("x", "y"), np.arange(12.0).reshape(3, 4)),
                "b": ("x", [1, 2, 3]),
                "c": ("y", [1.0, 2, 3, 4]),
                "t": ("x", pd.date_range("2000-01-01", periods=3).values),
            },
            coords={"x": [0, 1, 2], "y": [0, 10, 20, 30], "xc": ("x", [5.0, 6, 7]), "lab": ("y", list("abcd"))},
        )

    ours = make(xr).interp(indexers, method=method)
    theirs = make(xarray).interp(indexers, method=method)
    assert sorted(map(str, ours.variables)) == sorted(map(str, theirs.variables))
    assert sorted(map(str, ours.coords)) == sorted(map(str, theirs.coords))
    for name in theirs.variables:
        assert ours[name].dims == theirs[name].dims, name
        a, b = ours[name].values, theirs[name].values
        if a.dtype.kind in "fc":
            np.testing.assert_allclose(a, b, equal_nan=True)
        else:
            assert a.astype(str).tolist() == b.astype(str).tolist() or a.dtype.kind == "M", name
    np.testing.assert_array_equal(ours.t.values.astype("M8[ns]"), theirs.t.values.astype("M8[ns]"))


def test_empty_and_all_outside_targets():
    da = grid(nt=2, nx=8, ny=3)
    assert da.interp(x=[]).shape == (2, 0, 3)
    empty_points = xr.DataArray(np.array([], dtype=float), dims="p")
    assert da.interp(x=empty_points, y=empty_points).shape == (2, 0)
    pytest.importorskip("dask")
    chunked = da.chunk({"x": 3})
    assert chunked.interp(x=[]).values.shape == (2, 0, 3)
    assert chunked.interp(x=empty_points, y=empty_points).values.shape == (2, 0)
    assert np.isnan(chunked.interp(x=[-9.0, 99.0]).values).all()


def test_assume_sorted_skips_sorting():
    da = xr.DataArray([0.0, 10.0, 20.0], dims="x", coords={"x": [0, 1, 2]})
    assert da.interp(x=[0.5], assume_sorted=True).values.tolist() == [5.0]
    backwards = xr.DataArray([20.0, 10.0, 0.0], dims="x", coords={"x": [2, 1, 0]})
    assert backwards.interp(x=[0.5]).values.tolist() == [5.0]


def test_indexer_along_existing_dimension_is_vectorized():
    da = xr.DataArray(
        np.arange(12.0).reshape(3, 4),
        dims=("x", "y"),
        coords={"x": [0, 1, 2], "y": list("abcd"), "ly": ("y", [1, 2, 3, 4])},
    )
    out = da.interp(x=xr.DataArray([0.5, 1.0, 1.5, 2.0], dims="y"))
    assert out.dims == ("y",)
    assert out.values.tolist() == [2.0, 5.0, 8.0, 11.0]
    assert out.y.values.tolist() == list("abcd") and "y" in out.xindexes
    assert out.ly.dtype == np.int64 and out.x.dims == ("y",)
    pytest.importorskip("dask")
    lazy = da.chunk({"y": 2}).interp(x=xr.DataArray([0.5, 1.0, 1.5, 2.0], dims="y"))
    assert lazy.values.tolist() == [2.0, 5.0, 8.0, 11.0]


@pytest.mark.compat
def test_compat_indexer_along_existing_dimension():
    xarray = pytest.importorskip("xarray")
    values = np.arange(24.0).reshape(2, 3, 4)
    coords = {"x": [0, 1, 2], "y": list("abcd")}
    ours = xr.DataArray(values, dims=("t", "x", "y"), coords=coords).interp(x=xr.DataArray([0.5, 1.0, 1.5, 2.0], dims="y"))
    theirs = xarray.DataArray(values, dims=("t", "x", "y"), coords=coords).interp(x=xarray.DataArray([0.5, 1.0, 1.5, 2.0], dims="y"))
    assert ours.dims == theirs.dims
    np.testing.assert_allclose(ours.values, theirs.values)


def test_dask_pointwise_with_points_outside_mixed_in():
    pytest.importorskip("dask")
    da = grid(nt=2, nx=30, ny=30)
    xs = xr.DataArray([0.1, 9.0, 3.9, -1.0, 2.0, 0.2], dims="p")
    ys = xr.DataArray([-4.9, 0.0, 4.9, 0.0, 99.0, -4.8], dims="p")
    for method in ("linear", "nearest"):
        lazy = da.chunk({"x": 4, "y": 5}).interp(x=xs, y=ys, method=method)
        np.testing.assert_allclose(lazy.values, da.interp(x=xs, y=ys, method=method).values)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 4), st.floats(-5, 5)), min_size=1, max_size=6), st.sampled_from(["linear", "nearest"]))
def test_property_pointwise_equals_orthogonal_diagonal(points, method):
    da = grid(nt=2)
    xs = np.array([p[0] for p in points])
    ys = np.array([p[1] for p in points])
    pointwise = da.interp(x=xr.DataArray(xs, dims="p"), y=xr.DataArray(ys, dims="p"), method=method)
    for k in range(len(points)):
        single = da.interp(x=[xs[k]], y=[ys[k]], method=method)
        np.testing.assert_allclose(pointwise.values[:, k], single.values[:, 0, 0])


def test_dask_dataset_all_variable_kinds_stay_lazy():
    pytest.importorskip("dask")
    from labarray.testing import raise_if_dask_computes

    ds = xr.Dataset(
        {
            "s": ("x", ["a", "b", "c", "d"]),
            "v": (("x", "y"), np.arange(8.0).reshape(4, 2)),
            "t": ("x", pd.date_range("2000", periods=4).values),
        },
        coords={"x": [0, 1, 2, 3]},
    )
    chunked = ds.chunk({"x": 2})
    with raise_if_dask_computes():
        orth = chunked.interp(x=[0.4, 2.6])
        points = chunked.interp(x=xr.DataArray([0.4, 2.6], dims="p"), y=xr.DataArray([0.0, 1.0], dims="p"))
    eager = ds.interp(x=[0.4, 2.6])
    assert orth.s.values.tolist() == eager.s.values.tolist() == ["a", "d"]
    np.testing.assert_array_equal(orth.t.values, eager.t.values)
    np.testing.assert_allclose(orth.v.values, eager.v.values)
    assert points.s.values.tolist() == ["a", "d"]
    np.testing.assert_allclose(points.v.values, [0.8, 6.2])


def test_linear_tuple_fill_value_below_and_above():
    da = xr.DataArray([[1.0, 2.0, 4.0], [3.0, 5.0, 6.0]], dims=("y", "x"), coords={"x": [20.0, 10.0, 0.0]})
    for obj in (da, da.chunk(x=2)):
        out = obj.interp(x=[-5.0, 5.0, 25.0], kwargs={"fill_value": (-1.0, 99.0)})
        np.testing.assert_allclose(out.values, [[-1.0, 3.0, 99.0], [-1.0, 5.5, 99.0]])
    near = da.interp(x=[-5.0, 25.0], method="nearest", kwargs={"fill_value": (-1.0, 99.0)})
    np.testing.assert_allclose(near.values, [[-1.0, 99.0], [-1.0, 99.0]])
    with pytest.raises(ValueError, match=r"a tuple fill_value must be \(below, above\), got 3 values"):
        da.interp(x=[1.0], kwargs={"fill_value": (1.0, 2.0, 3.0)})
    pts = xr.DataArray([1.0, 2.0], dims="p")
    with pytest.raises(ValueError, match=r"tuple as fill_value is not supported for pointwise interpolation along 'x'"):
        da.interp(x=pts, y=xr.DataArray([0, 1], dims="p"), kwargs={"fill_value": (0.0, 1.0)})


def test_datetime_valued_dataarray_interpolates():
    times = pd.date_range("2000-01-01", periods=3, freq="D").values
    da = xr.DataArray(times, dims="x", coords={"x": [0.0, 1.0, 2.0]})
    out = da.interp(x=[0.5, 5.0])
    assert out.dtype == times.dtype
    assert out.values[0] == np.datetime64("2000-01-01T12:00")
    assert np.isnat(out.values[1])


def test_coordinate_order_follows_xarray_rules():
    da = xr.DataArray(
        [[1.0, 2.0, 4.0, 8.0], [3.0, 4.0, 5.0, 6.0]],
        dims=("y", "x"),
        coords={"x": [30.0, 20.0, 10.0, 0.0], "y": [0, 1], "lbl": ("x", list("abcd"))},
    )
    # interpolated coordinates come after the untouched ones; reindexed non-numeric ones last
    assert list(da.interp(x=[5.0]).coords) == ["y", "x", "lbl"]
    assert list(da.interp(y=[0.5]).coords) == ["x", "lbl", "y"]
    t = xr.DataArray(np.zeros((2, 3)), dims=("time", "lat"), coords={"time": [0, 1], "lat": [1.0, 2.0, 3.0]})
    assert list(t.interp(time=[0.5]).coords) == ["lat", "time"]


@pytest.mark.parametrize("chunked", [False, True])
def test_nearest_keeps_float32(chunked) -> None:
    """nearest only picks values: float32 stays float32 (as xarray); linear and ints give float64."""
    da = xr.DataArray(np.arange(20, dtype="f4").reshape(4, 5), dims=("y", "x"),
                      coords={"x": np.arange(5.0), "y": np.arange(4.0)})
    if chunked:
        da = da.chunk(x=2)
    out = da.interp(x=[0.5, 1.2, 9.0], method="nearest")
    assert out.dtype == np.float32 and out.values.dtype == np.float32
    np.testing.assert_array_equal(out.values[0], [0.0, 1.0, np.nan])
    points = da.interp(x=xr.DataArray([0.5, 1.2], dims="p"), y=xr.DataArray([1.0, 2.0], dims="p"), method="nearest")
    assert points.dtype == np.float32 and points.values.dtype == np.float32
    assert points.values.tolist() == [5.0, 11.0]
    assert da.interp(x=[0.5]).dtype == np.float64
    assert da.astype("i4").interp(x=[0.5], method="nearest").dtype == np.float64
