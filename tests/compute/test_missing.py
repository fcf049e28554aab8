"""isnull/notnull, fillna, dropna, ffill/bfill and interpolate_na on DataArray and Dataset."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import labarray as xr
from labarray.compute import missing
from labarray.testing import assert_equal, assert_identical, raise_if_dask_computes

nan = np.nan


@pytest.fixture
def da() -> xr.DataArray:
    return xr.DataArray(
        [[nan, 1.0, nan, nan, 4.0], [2.0, nan, nan, nan, nan]],
        dims=("y", "x"),
        coords={"x": [0.0, 1.0, 2.0, 4.0, 8.0], "y": ["a", "b"], "lbl": ("x", list("pqrst"))},
        name="v",
        attrs={"units": "m"},
    )


# ------------------------------------------------------------------------- isnull / notnull
def test_isnull_notnull_keep_coords_and_attrs(da: xr.DataArray) -> None:
    mask = da.isnull()
    assert mask.dtype == bool and mask.attrs == {"units": "m"} and mask.name == "v"
    np.testing.assert_array_equal(mask.values, np.isnan(da.values))
    assert_identical(mask.coords.to_dataset(), da.coords.to_dataset())
    np.testing.assert_array_equal(da.notnull().values, ~np.isnan(da.values))
    assert da.isnull(keep_attrs=False).attrs == {}


def test_dataset_isnull_only_data_variables() -> None:
    ds = xr.Dataset(
        {"a": ("x", [1.0, nan]), "s": ("x", np.array(["u", None], dtype=object))},
        coords={"c": ("x", [nan, 1.0])},
        attrs={"title": "t"},
    )
    out = ds.isnull()
    assert out["a"].values.tolist() == [False, True]
    assert out["s"].values.tolist() == [False, True]
    assert out["c"].dtype == np.float64  # coordinates are left alone
    assert out.attrs == {"title": "t"}
    assert ds.notnull(keep_attrs=False).attrs == {}


def test_isnull_bad_keep_attrs(da: xr.DataArray) -> None:
    with pytest.raises(TypeError, match="keep_attrs must be True, False or None, got 'yes'"):
        da.isnull(keep_attrs="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keep_attrs must be True, False or None, got 1"):
        xr.Dataset({"a": ("x", [1.0])}).notnull(keep_attrs=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="keep_attrs must be True, False or None"):
        da.interpolate_na("x", keep_attrs="no")  # type: ignore[arg-type]


def test_isnull_times_and_ints() -> None:
    t = xr.DataArray(np.array(["2000-01-01", "NaT"], dtype="M8[ns]"), dims="t")
    assert t.isnull().values.tolist() == [False, True]
    assert not xr.DataArray([1, 2], dims="x").isnull().values.any()


def test_isnull_is_lazy(da: xr.DataArray) -> None:
    with raise_if_dask_computes():
        out = da.chunk({"x": 2}).isnull()
    assert out.chunks == ((2,), (2, 2, 1))
    np.testing.assert_array_equal(out.values, da.isnull().values)


# -------------------------------------------------------------------------------- fillna
def test_fillna_scalar_and_dtype_promotion(da: xr.DataArray) -> None:
    out = da.fillna(-1)
    assert not out.isnull().any()
    assert out.attrs == da.attrs and out.name == "v"
    assert xr.DataArray([1, 2], dims="x").fillna(0.5).dtype == np.float64
    assert xr.DataArray([1, 2], dims="x").fillna(0).dtype == np.int64


def test_fillna_dataarray_aligns_left() -> None:
    a = xr.DataArray([nan, 2.0, nan], dims="x", coords={"x": [0, 1, 2]})
    b = xr.DataArray([10.0, 30.0, 40.0], dims="x", coords={"x": [0, 2, 3]})
    out = a.fillna(b)
    assert out["x"].values.tolist() == [0, 1, 2]
    assert out.values.tolist() == [10.0, 2.0, 30.0]


def test_dataset_fillna_dict_and_dataset() -> None:
    ds = xr.Dataset({"a": ("x", [nan, 1.0]), "b": ("x", [nan, nan])}, coords={"x": [0, 1]})
    out = ds.fillna({"a": 5.0})
    assert out["a"].values.tolist() == [5.0, 1.0]
    assert np.isnan(out["b"].values).all()
    other = xr.Dataset({"b": ("x", [7.0, 8.0])}, coords={"x": [0, 1]})
    assert ds.fillna(other)["b"].values.tolist() == [7.0, 8.0]
    assert ds.fillna(0)["b"].values.tolist() == [0.0, 0.0]


def test_fillna_lazy(da: xr.DataArray) -> None:
    with raise_if_dask_computes():
        out = da.chunk({"x": 2}).fillna(0.0)
    assert_equal(out.compute(), da.fillna(0.0))


def test_fillna_bad_input(da: xr.DataArray) -> None:
    with pytest.raises(TypeError, match="cannot fill a DataArray with a dict"):
        da.fillna({"v": 1})
    ds = xr.Dataset({"temp": ("x", [nan])})
    with pytest.raises(ValueError, match=r"'tmp' not found.*did you mean 'temp'\?"):
        ds.fillna({"tmp": 1})


# -------------------------------------------------------------------------------- dropna
def test_dropna_how_and_thresh(da: xr.DataArray) -> None:
    assert da.dropna("x")["x"].values.tolist() == []
    assert da.dropna("x", how="all")["x"].values.tolist() == [0.0, 1.0, 8.0]
    assert da.dropna("y", how="all").sizes["y"] == 2
    assert da.dropna("x", thresh=2)["x"].values.tolist() == []
    assert da.dropna("y", thresh=2)["y"].values.tolist() == ["a"]
    assert da.dropna("x", how="all")["lbl"].values.tolist() == ["p", "q", "t"]


def test_dataset_dropna_subset_and_other_dims() -> None:
    ds = xr.Dataset(
        {"a": ("x", [1.0, nan, 3.0]), "b": ("x", [nan, 2.0, 3.0]), "c": ("z", [nan])},
        coords={"x": [10, 20, 30]},
    )
    assert ds.dropna("x")["x"].values.tolist() == [30]
    assert ds.dropna("x", subset=["a"])["x"].values.tolist() == [10, 30]
    assert ds.dropna("x", how="all")["x"].values.tolist() == [10, 20, 30]
    assert ds.chunk({"x": 1}).dropna("x")["x"].values.tolist() == [30]


def test_dropna_bad_input(da: xr.DataArray) -> None:
    with pytest.raises(ValueError, match=r"dimension 'xx' not found in DataArray 'v'.*did you mean 'x'"):
        da.dropna("xx")
    with pytest.raises(ValueError, match="how must be 'any' or 'all', got 'some'"):
        da.dropna("x", how="some")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"thresh must be an integer or None, got 1.5"):
        da.dropna("x", thresh=1.5)  # type: ignore[arg-type]
    ds = xr.Dataset({"a": ("x", [1.0])})
    with pytest.raises(ValueError, match=r"variable 'b' not found in subset"):
        ds.dropna("x", subset=["b"])


# -------------------------------------------------------------------------------- ffill/bfill
def test_ffill_bfill_with_limit(da: xr.DataArray) -> None:
    assert da.ffill("x").values[0].tolist()[1:] == [1.0, 1.0, 1.0, 4.0]
    np.testing.assert_array_equal(da.ffill("x", limit=1).values[1], [2.0, 2.0, nan, nan, nan])
    np.testing.assert_array_equal(da.bfill("x", limit=1).values[0], [1.0, 1.0, nan, 4.0, 4.0])
    out = da.ffill("x")
    assert out.attrs == da.attrs and out["lbl"].values.tolist() == list("pqrst")


def test_dataset_ffill_leaves_other_variables() -> None:
    ds = xr.Dataset(
        {"a": ("t", [1.0, nan]), "b": ("z", [nan, 2.0]), "i": ("t", [1, 2])},
        coords={"c": ("t", [nan, nan])},
    )
    out = ds.ffill("t")
    assert out["a"].values.tolist() == [1.0, 1.0]
    assert np.isnan(out["b"].values[0]) and out["i"].dtype == np.int64
    assert np.isnan(out["c"].values).all()


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("limit", [None, 1, 2, 6])
def test_ffill_bfill_dask_across_chunks(reverse: bool, limit: int | None) -> None:
    rng = np.random.default_rng(3)
    data = rng.normal(size=(4, 17, 3))
    data[rng.random(data.shape) < 0.7] = nan
    arr = xr.DataArray(data, dims=("a", "t", "b"))
    method = "bfill" if reverse else "ffill"
    expected = getattr(arr, method)("t", limit=limit)
    chunked = arr.chunk({"t": 3, "a": 2})
    with raise_if_dask_computes():
        lazy = getattr(chunked, method)("t", limit=limit)
    assert lazy.chunks == chunked.chunks
    np.testing.assert_array_equal(lazy.values, expected.values)


def test_ffill_dask_object_and_times() -> None:
    obj = xr.DataArray(np.array([None, "a", None, None], dtype=object), dims="t").chunk(2)
    assert obj.ffill("t").values.tolist() == [None, "a", "a", "a"]
    times = xr.DataArray(np.array(["2000-01-01", "NaT", "NaT"], dtype="M8[ns]"), dims="t")
    out = times.chunk(1).ffill("t", limit=1).values
    assert out.dtype == np.dtype("M8[ns]") and out[1] == out[0] and np.isnat(out[2])


@settings(max_examples=40, deadline=None)
@given(
    values=hnp.arrays(np.float64, st.integers(1, 20), elements=st.sampled_from([nan, nan, 1.0, 2.0, -3.0])),
    limit=st.none() | st.integers(1, 5),
)
def test_ffill_matches_pandas(values: np.ndarray, limit: int | None) -> None:
    got = xr.DataArray(values, dims="t").ffill("t", limit=limit).values
    np.testing.assert_array_equal(got, pd.Series(values).ffill(limit=limit).to_numpy())
    got_b = xr.DataArray(values, dims="t").bfill("t", limit=limit).values
    np.testing.assert_array_equal(got_b, pd.Series(values).bfill(limit=limit).to_numpy())


def test_ffill_bad_input(da: xr.DataArray) -> None:
    with pytest.raises(ValueError, match=r"dimension 'X' not found in DataArray 'v'.*did you mean 'x'"):
        da.ffill("X")
    with pytest.raises(ValueError, match="limit must be a positive integer or None, got 0"):
        da.bfill("x", limit=0)
    with pytest.raises(ValueError, match="limit must be a positive integer or None, got -1"):
        da.chunk().ffill("x", limit=-1)
    with pytest.raises(TypeError, match="ffill works along one dimension"):
        da.ffill(["x", "y"])  # type: ignore[arg-type]


# ------------------------------------------------------------------------- interpolate_na
@pytest.fixture
def gappy() -> xr.DataArray:
    return xr.DataArray(
        [nan, 1.0, nan, nan, nan, 4.0, nan],
        dims="x",
        coords={"x": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "pos": ("x", [0, 1, 3, 4, 5, 7, 8])},
        attrs={"units": "K"},
    )


def test_interpolate_na_linear_limit_max_gap(gappy: xr.DataArray) -> None:
    np.testing.assert_allclose(gappy.interpolate_na("x").values, [nan, 1, 1.75, 2.5, 3.25, 4, nan])
    np.testing.assert_allclose(gappy.interpolate_na("x", limit=2).values, [nan, 1, 1.75, 2.5, nan, 4, nan])
    assert np.isnan(gappy.interpolate_na("x", max_gap=3).values[2:5]).all()
    np.testing.assert_allclose(gappy.interpolate_na("x", max_gap=4).values[2:5], [1.75, 2.5, 3.25])
    assert gappy.interpolate_na("x").attrs == {"units": "K"}
    assert gappy.interpolate_na("x", keep_attrs=False).attrs == {}


def test_interpolate_na_use_coordinate(gappy: xr.DataArray) -> None:
    by_pos = gappy.interpolate_na(use_coordinate=False).values
    np.testing.assert_allclose(by_pos[2:5], [1.75, 2.5, 3.25])
    by_name = gappy.interpolate_na("x", use_coordinate="pos").values
    np.testing.assert_allclose(by_name[2:5], [1 + 3 * 2 / 6, 1 + 3 * 3 / 6, 1 + 3 * 4 / 6])


def test_interpolate_na_nearest_and_scipy(gappy: xr.DataArray) -> None:
    np.testing.assert_array_equal(
        gappy.interpolate_na("x", method="nearest").values, [nan, 1, 1, 1, 4, 4, nan]
    )
    pytest.importorskip("scipy")
    out = gappy.interpolate_na("x", method="pchip", limit=1).values
    assert np.isnan(out[[0, 3, 4, 6]]).all() and np.isfinite(out[2])
    ext = gappy.interpolate_na("x", method="linear", fill_value="extrapolate").values
    np.testing.assert_allclose(ext, [0.25, 1, 1.75, 2.5, 3.25, 4, 4.75])
    poly = gappy.interpolate_na("x", method="polynomial", order=1).values
    np.testing.assert_allclose(poly[2:5], [1.75, 2.5, 3.25])


def test_interpolate_na_time_coordinate_and_max_gap() -> None:
    time = pd.date_range("2000-01-01", periods=6, freq="D")
    arr = xr.DataArray([0.0, nan, 2.0, nan, nan, 5.0], dims="time", coords={"time": time})
    out = arr.interpolate_na("time", max_gap="2D").values
    np.testing.assert_allclose(out[:3], [0, 1, 2])
    assert np.isnan(out[3:5]).all()
    np.testing.assert_allclose(arr.interpolate_na("time", max_gap=pd.Timedelta("3D")).values, np.arange(6.0))


def test_interpolate_na_cftime_coordinate() -> None:
    cftime = pytest.importorskip("cftime")
    time = [cftime.DatetimeNoLeap(2001, 2, 27), cftime.DatetimeNoLeap(2001, 2, 28), cftime.DatetimeNoLeap(2001, 3, 1),
            cftime.DatetimeNoLeap(2001, 3, 3)]
    arr = xr.DataArray([0.0, nan, nan, 6.0], dims="time", coords={"time": time})
    np.testing.assert_allclose(arr.interpolate_na("time").values, [0.0, 1.5, 3.0, 6.0])  # no Feb 29
    assert np.isnan(arr.interpolate_na("time", max_gap="3D").values[1])
    np.testing.assert_allclose(arr.interpolate_na("time", max_gap="4D").values, [0.0, 1.5, 3.0, 6.0])


def test_interpolate_na_dataset_int_and_dask() -> None:
    ds = xr.Dataset(
        {"a": (("x", "y"), [[0.0, 1.0], [nan, nan], [2.0, 5.0]]), "i": ("x", [1, 2, 3]), "z": ("y", [nan, 1.0])},
    )
    out = ds.interpolate_na("x")
    np.testing.assert_allclose(out["a"].values[1], [1.0, 3.0])
    assert out["i"].dtype == np.int64 and np.isnan(out["z"].values[0])
    with raise_if_dask_computes():
        lazy = ds.chunk({"x": 1}).interpolate_na("x")
    assert lazy["a"].chunks == ((1, 1, 1), (2,))
    assert_equal(lazy.compute(), out)


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"limit": 2}, {"max_gap": 1.0}, {"method": "nearest", "limit": 3, "max_gap": 2.0}],
)
def test_interpolate_na_dask_gaps_across_chunks(kwargs: dict) -> None:
    rng = np.random.default_rng(5)
    data = rng.normal(size=(5, 40, 3))
    data[rng.random(data.shape) < 0.7] = nan
    arr = xr.DataArray(data, dims=("p", "t", "q"), coords={"t": np.cumsum(rng.random(40))})
    chunked = arr.chunk({"t": 3, "p": 2})
    with raise_if_dask_computes():
        lazy = chunked.interpolate_na("t", **kwargs)
    assert lazy.chunks == chunked.chunks  # the axis is not gathered into one chunk
    np.testing.assert_allclose(lazy.values, arr.interpolate_na("t", **kwargs).values)


def test_interpolate_na_dask_scipy_method() -> None:
    pytest.importorskip("scipy")
    arr = xr.DataArray([0.0, nan, 2.0, 3.0, nan, nan, 6.0, 7.0], dims="t")
    lazy = arr.chunk(3).interpolate_na("t", method="pchip", limit=1)
    assert lazy.chunks == ((3, 3, 2),)
    np.testing.assert_allclose(lazy.values, arr.interpolate_na("t", method="pchip", limit=1).values)


def test_interpolate_na_bad_input(gappy: xr.DataArray) -> None:
    with pytest.raises(ValueError, match=r"unknown interpolation method 'lineer'.*did you mean 'linear'"):
        gappy.interpolate_na("x", method="lineer")
    with pytest.raises(ValueError, match=r"dimension 'y' not found"):
        gappy.interpolate_na("y")
    two = xr.DataArray(np.zeros((2, 2)), dims=("a", "b"))
    with pytest.raises(ValueError, match="needs dim= when the object has several dimensions; dimensions: a, b"):
        two.interpolate_na()
    unsorted = gappy.assign_coords(x=[0.0, 2.0, 1.0, 3.0, 4.0, 5.0, 6.0])
    with pytest.raises(ValueError, match=r"'x' used for interpolation must be monotonically increasing"):
        unsorted.interpolate_na("x")
    dup = gappy.assign_coords(x=[0.0, 1.0, 1.0, 3.0, 4.0, 5.0, 6.0])
    with pytest.raises(ValueError, match="has duplicate values"):
        dup.interpolate_na("x")
    with pytest.raises(ValueError, match=r"use_coordinate='nope': coordinate 'nope' not found"):
        gappy.interpolate_na("x", use_coordinate="nope")
    with pytest.raises(TypeError, match="max_gap='2D' is a time interval"):
        gappy.interpolate_na("x", max_gap="2D")
    with pytest.raises(ValueError, match="max_gap must be positive"):
        gappy.interpolate_na("x", max_gap=0)
    with pytest.raises(ValueError, match="requires an order"):
        gappy.interpolate_na("x", method="polynomial")
    strings = xr.DataArray(np.array(["a", "b"], dtype=object), dims="x")
    with pytest.raises(TypeError, match="interpolate_na works on numeric data"):
        strings.interpolate_na("x")


def test_interp_coordinate_rejects_strings() -> None:
    arr = xr.DataArray([1.0, 2.0], dims="x", coords={"x": ["a", "b"]})
    with pytest.raises(TypeError, match="must be numeric, datetime64/timedelta64 or cftime, got dtype"):
        missing.interp_coordinate(arr, "x", True)


# ------------------------------------------------------------------------- xarray compatibility
@pytest.mark.compat
@pytest.mark.parametrize(
    "call",
    [
        lambda o: o.ffill("x", limit=1),
        lambda o: o.bfill("x"),
        lambda o: o.fillna(0.0),
        lambda o: o.dropna("x", how="all"),
        lambda o: o.dropna("y", thresh=2),
        lambda o: o.isnull(),
        lambda o: o.interpolate_na("x", limit=1),
        lambda o: o.interpolate_na("x", method="nearest"),
        lambda o: o.interpolate_na("x", use_coordinate=False, max_gap=2),
    ],
)
def test_compat_with_xarray(call, da: xr.DataArray) -> None:  # type: ignore[no-untyped-def]
    xarray = pytest.importorskip("xarray")
    ref = xarray.DataArray(
        da.values, dims=da.dims, coords={k: (v.dims, v.values) for k, v in da.coords.items()},
        name=da.name, attrs=da.attrs,
    )
    got, expected = call(da), call(ref)
    np.testing.assert_array_equal(got.values, expected.values)
    assert got.dims == expected.dims and got.attrs == expected.attrs
    for name in expected.coords:
        np.testing.assert_array_equal(got[name].values, expected[name].values)


@pytest.mark.compat
@settings(max_examples=30, deadline=None)
@given(
    values=hnp.arrays(np.float64, st.integers(2, 15), elements=st.sampled_from([nan, nan, 0.0, 1.0, -3.0, 7.5])),
    steps=st.lists(st.integers(1, 4), min_size=15, max_size=15),
    limit=st.none() | st.integers(1, 4),
    max_gap=st.none() | st.integers(1, 8),
    method=st.sampled_from(["linear", "nearest"]),
)
def test_interpolate_na_matches_xarray(
    values: np.ndarray, steps: list[int], limit: int | None, max_gap: int | None, method: str
) -> None:
    xarray = pytest.importorskip("xarray")
    x = np.cumsum(steps)[: values.size].astype(float)
    kwargs = {"limit": limit, "max_gap": max_gap, "method": method}
    got = xr.DataArray(values, dims="x", coords={"x": x}).interpolate_na("x", **kwargs)
    expected = xarray.DataArray(values, dims="x", coords={"x": x}).interpolate_na("x", **kwargs)
    np.testing.assert_allclose(got.values, expected.values, atol=1e-12)


@pytest.mark.compat
def test_dataset_time_methods_match_xarray() -> None:
    xarray = pytest.importorskip("xarray")
    time = pd.date_range("2000-01-01", periods=8, freq="6h")
    data = np.array([[nan, 1, nan, nan, 4, nan, nan, 2], [3, nan, nan, nan, nan, nan, 1, nan]]).T
    spec = {"a": (("time", "y"), data), "b": ("time", data[:, 0])}
    ours = xr.Dataset(spec, coords={"time": time}).chunk({"time": 3})
    theirs = xarray.Dataset(spec, coords={"time": time})
    for call in (
        lambda o: o.ffill("time", limit=2),
        lambda o: o.bfill("time"),
        lambda o: o.interpolate_na("time", max_gap="18h"),
        lambda o: o.dropna("time", how="any"),
        lambda o: o.fillna({"a": -1.0}),
    ):
        got, expected = call(ours), call(theirs)
        for name in expected.data_vars:
            np.testing.assert_array_equal(got[name].values, expected[name].values)
        assert list(got.sizes.items()) == list(expected.sizes.items())


def test_interpolate_na_number_max_gap_on_time_axis_is_an_error() -> None:
    arr = xr.DataArray(
        [0.0, np.nan, 2.0], dims="time", coords={"time": pd.date_range("2000-01-01", periods=3, freq="D")}
    )
    with pytest.raises(TypeError, match=r"max_gap=3 is a number, but the coordinate .* is a time axis.*'30D'"):
        arr.interpolate_na("time", max_gap=3)
    # positions instead of times: a number is right
    np.testing.assert_allclose(arr.interpolate_na("time", max_gap=2, use_coordinate=False).values, [0.0, 1.0, 2.0])
