from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.compute.windows.rolling import DataArrayRolling, DatasetRolling
from labarray.testing import assert_allclose, assert_identical, raise_if_dask_computes

FUNCS = ["sum", "mean", "std", "var", "min", "max", "count", "prod", "median", "argmin", "argmax"]
NAN_FUNCS = {
    "sum": np.nansum, "mean": np.nanmean, "std": np.nanstd, "var": np.nanvar, "min": np.nanmin,
    "max": np.nanmax, "prod": np.nanprod, "median": np.nanmedian, "argmin": np.nanargmin,
    "argmax": np.nanargmax,
}  # fmt: skip


def reference(values, func, axis, window, center, min_periods):
    """NumPy reference: pad with NaN, sliding_window_view, nan-function, mask by counts."""
    x = np.moveaxis(np.asarray(values, dtype=float), axis, -1)
    shift = (window - 1) // 2 if center else 0
    padded = np.pad(
        x, [(0, 0)] * (x.ndim - 1) + [(window - 1 - shift, shift)], constant_values=np.nan
    )
    win = np.lib.stride_tricks.sliding_window_view(padded, window, axis=-1)
    counts = (~np.isnan(win)).sum(-1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        if func == "count":
            out = counts.astype(float)
        elif func in ("argmin", "argmax"):
            out = NAN_FUNCS[func](np.where(counts[..., None] == 0, 0.0, win), axis=-1).astype(float)
        else:
            out = NAN_FUNCS[func](win, axis=-1)
    return np.moveaxis(np.where(counts >= min_periods, out, np.nan), -1, axis)


@pytest.fixture
def da():
    rng = np.random.default_rng(0)
    values = rng.standard_normal((30, 4, 3))
    values[rng.random(values.shape) < 0.2] = np.nan
    time = pd.date_range("2000-01-01", periods=30, freq="D").values
    return xr.DataArray(
        values,
        dims=("time", "lat", "lon"),
        coords={"time": time, "lat": [10.0, 20.0, 30.0, 40.0], "label": ("lat", list("abcd"))},
        attrs={"units": "K"},
        name="ta",
    )


@pytest.mark.parametrize("func", FUNCS)
@pytest.mark.parametrize("center", [False, True])
def test_reductions_match_reference(da, func, center):
    result = getattr(da.rolling(time=5, center=center, min_periods=2), func)()
    expected = reference(da.values, func, 0, 5, center, 2)
    np.testing.assert_allclose(result.values, expected, rtol=1e-10, atol=1e-12)
    assert result.dims == da.dims
    assert result.attrs == {"units": "K"} and result.name == "ta"
    assert_identical(result.coords.to_dataset(), da.coords.to_dataset())


def test_default_min_periods_is_window(da):
    result = da.rolling(lat=3).sum()
    np.testing.assert_allclose(result.values, reference(da.values, "sum", 1, 3, False, 3))
    assert np.isnan(result.isel(lat=slice(0, 2)).values).all()


def test_rolling_along_last_axis_and_dims_argument(da):
    result = da.rolling({"lon": 2}, center=True, min_periods=1).max()
    np.testing.assert_allclose(result.values, reference(da.values, "max", 2, 2, True, 1))


@pytest.mark.parametrize("dtype", ["int64", "bool", "float32"])
def test_dtypes(dtype):
    values = (np.arange(12) % 5).astype(dtype)
    a = xr.DataArray(values, dims="x")
    mean = a.rolling(x=3, min_periods=1).mean()
    assert mean.dtype == (np.float32 if dtype == "float32" else np.float64)
    np.testing.assert_allclose(mean.values, reference(values.astype(float), "mean", 0, 3, False, 1))
    assert a.rolling(x=3).count().dtype == np.float64


def test_ddof(da):
    result = da.rolling(time=4, min_periods=2).std(ddof=1)
    x = da.values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        padded = np.pad(x, [(3, 0), (0, 0), (0, 0)], constant_values=np.nan)
        win = np.lib.stride_tricks.sliding_window_view(padded, 4, axis=0)
        expected = np.nanstd(win, axis=-1, ddof=1)
        counts = (~np.isnan(win)).sum(-1)
    expected = np.where(counts >= 2, expected, np.nan)
    np.testing.assert_allclose(result.values, expected, rtol=1e-10)


@pytest.mark.parametrize("func", ["sum", "mean", "count", "min", "max", "var", "median", "prod"])
def test_multi_dimensional_windows(da, func):
    r = da.rolling(time=3, lat=2, center={"time": True}, min_periods=2)
    result = getattr(r, func)()
    windows = da.rolling(time=3, lat=2, center={"time": True}).construct(time="wt", lat="wl")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        counts = (~np.isnan(windows.values)).sum(axis=(-2, -1))
        if func == "count":
            expected = counts.astype(float)
        else:
            expected = NAN_FUNCS[func](windows.values, axis=(-2, -1))
    expected = np.where(counts >= 2, expected, np.nan)
    np.testing.assert_allclose(result.values, expected, rtol=1e-10, atol=1e-12)


def test_multi_dimensional_argmax_is_an_error(da):
    with pytest.raises(
        ValueError, match=r"rolling argmax reduces one window dimension only, got 2"
    ):
        da.rolling(time=3, lat=2).argmax()


def test_construct(da):
    w = da.rolling(time=3, center=True).construct("window")
    assert w.dims == ("time", "lat", "lon", "window")
    np.testing.assert_array_equal(w.isel(time=5, lat=0, lon=0).values, da.values[4:7, 0, 0])
    assert np.isnan(w.isel(time=0, window=0)).all()
    strided = da.rolling(time=3).construct(window_dim="w", stride=2)
    assert strided.sizes["time"] == 15
    np.testing.assert_array_equal(strided["time"].values, da["time"].values[::2])
    ints = xr.DataArray(np.arange(4), dims="x").rolling(x=2).construct("w")
    assert ints.dtype == np.float64 and np.isnan(ints.values[0, 0])
    filled = xr.DataArray(np.arange(4), dims="x").rolling(x=2).construct("w", fill_value=-1)
    assert filled.dtype == np.int64 and filled.values[0].tolist() == [-1, 0]
    assert da.rolling(time=2).construct("w", keep_attrs=False).attrs == {}


def test_construct_bad_input(da):
    r = da.rolling(time=3, lat=2)
    with pytest.raises(ValueError, match=r"needs one window dimension name each"):
        r.construct("w")
    with pytest.raises(ValueError, match=r"missing for 'lat'"):
        r.construct(time="w")
    with pytest.raises(KeyError, match=r"rolling dimension 'lot' not found.*did you mean 'lat'"):
        r.construct(time="w", lot="v")
    with pytest.raises(ValueError, match=r"window dimension name 'lon' is already a dimension"):
        da.rolling(time=2).construct("lon")
    with pytest.raises(ValueError, match=r"stride for dimension 'time' must be a positive int"):
        da.rolling(time=2).construct("w", stride=0)
    with pytest.raises(ValueError, match=r"construct needs the name of the new window dimension"):
        da.rolling(time=2).construct()


def test_reduce(da):
    result = da.rolling(time=4, min_periods=3).reduce(np.nanmax)
    np.testing.assert_allclose(result.values, reference(da.values, "max", 0, 4, False, 3))
    ptp = da.rolling(time=2).reduce(lambda x, axis: np.max(x, axis) - np.min(x, axis))
    np.testing.assert_allclose(ptp.values[1:], np.abs(np.diff(da.values, axis=0)))
    with pytest.raises(TypeError, match=r"reduce needs a function, got str"):
        da.rolling(time=2).reduce("max")


def test_iteration(da):
    a = da.isel(lat=0, lon=0)
    items = list(a.rolling(time=3, min_periods=1))
    assert len(items) == 30
    label, window = items[4]
    assert label.values == a["time"].values[4]
    np.testing.assert_array_equal(window.values, a.values[2:5])
    centred = list(a.rolling(time=4, center=True))
    assert centred[0][1].sizes["time"] == 2 and np.isnan(centred[0][1].values).all()
    with pytest.raises(ValueError, match=r"iterating over windows needs a single rolled dimension"):
        list(da.rolling(time=2, lat=2))


def test_dataset_rolling(da):
    ds = xr.Dataset(
        {"ta": da, "static": ("lat", np.arange(4.0)), "name": ("lon", np.array(["a", "b", "c"]))},
        attrs={"title": "t"},
    )
    r = ds.rolling(time=3, center=True)
    assert isinstance(r, DatasetRolling)
    result = r.mean()
    np.testing.assert_allclose(result["ta"].values, reference(da.values, "mean", 0, 3, True, 3))
    assert_identical(result["static"], ds["static"])
    assert result.attrs == {"title": "t"}
    assert r.mean(keep_attrs=False).attrs == {}
    constructed = ds.rolling(time=2).construct("w")
    assert constructed["ta"].dims == ("time", "lat", "lon", "w")
    assert constructed["static"].dims == ("lat",)


def test_keep_attrs(da):
    assert da.rolling(time=2).mean(keep_attrs=False).attrs == {}
    with xr.set_options(keep_attrs=False):
        assert da.rolling(time=2).mean().attrs == {}
    assert da.rolling(time=2).mean(keep_attrs=True).attrs == {"units": "K"}


def test_repr_and_attributes(da):
    r = da.rolling(time=3, lat=2, center={"time": True})
    assert isinstance(r, DataArrayRolling)
    assert repr(r) == "DataArrayRolling [time->3(center),lat->2]"
    assert r.window == [3, 2] and r.dim == ["time", "lat"] and r.min_periods == 6
    assert r.ndim == 2 and len(r) == 120


def test_bad_input(da):
    with pytest.raises(
        KeyError,
        match=r"dimension 'tim' not found.*existing dimensions: time, lat, lon.*did you mean 'time'",
    ):
        da.rolling(tim=3)
    with pytest.raises(ValueError, match=r"window for dimension 'time' must be at least 1, got 0"):
        da.rolling(time=0)
    with pytest.raises(
        ValueError, match=r"window 31 for dimension 'time' is larger than its length 30"
    ):
        da.rolling(time=31)
    with pytest.raises(ValueError, match=r"min_periods=4 is larger than the window size 3"):
        da.rolling(time=3, min_periods=4)
    with pytest.raises(ValueError, match=r"min_periods must be at least 1, got 0"):
        da.rolling(time=3, min_periods=0)
    with pytest.raises(TypeError, match=r"min_periods must be an int or None"):
        da.rolling(time=3, min_periods=1.5)
    with pytest.raises(
        TypeError, match=r"window for dimension 'time' must be an int .* got float 2.5"
    ):
        da.rolling(time=2.5)
    with pytest.raises(ValueError, match=r"rolling needs at least one dimension and window size"):
        da.rolling()
    with pytest.raises(KeyError, match=r"rolling dimension 'lat' not found"):
        da.rolling(time=3, center={"lat": True})
    with pytest.raises(
        TypeError, match=r"rolling mean got unexpected keyword arguments \['skipna'\]"
    ):
        da.rolling(time=3).mean(skipna=True)
    with pytest.raises(TypeError, match=r"rolling sum takes no ddof argument"):
        da.rolling(time=3).sum(ddof=1)
    strings = xr.DataArray(np.array(["a", "b", "c"]), dims="x", name="s")
    with pytest.raises(
        TypeError, match=r"rolling mean needs numeric or boolean data; variable 's' has dtype <U1"
    ):
        strings.rolling(x=2).mean()


# --- time-based windows -----------------------------------------------------------------------------


@pytest.mark.parametrize("func", ["sum", "mean", "max", "min", "std", "count", "median"])
@pytest.mark.parametrize("center", [False, True])
def test_time_based_window_matches_pandas(func, center):
    rng = np.random.default_rng(1)
    times = pd.DatetimeIndex(
        np.sort(rng.choice(pd.date_range("2000-01-01", periods=200, freq="6h"), 60, replace=False))
    )
    values = rng.standard_normal(60)
    values[rng.random(60) < 0.1] = np.nan
    a = xr.DataArray(values, dims="time", coords={"time": times.values})
    result = getattr(a.rolling(time="3D", center=center), func)()
    kwargs = {"ddof": 0} if func == "std" else {}  # labarray (like xarray) defaults to ddof=0
    expected = getattr(pd.Series(values, index=times).rolling("3D", center=center), func)(**kwargs)
    np.testing.assert_allclose(result.values, expected.values, rtol=1e-10, atol=1e-12)


def test_time_based_window_on_cftime():
    cftime = pytest.importorskip("cftime")
    times = np.array(
        [cftime.DatetimeNoLeap(2001, 2, d) for d in (25, 26, 27, 28)]
        + [cftime.DatetimeNoLeap(2001, 3, 1)]
    )
    a = xr.DataArray(np.arange(5.0), dims="time", coords={"time": times})
    # 2001-02-28 is followed by 2001-03-01 in the noleap calendar: one day apart
    assert a.rolling(time="2D").sum().values.tolist() == [0.0, 1.0, 3.0, 5.0, 7.0]


def test_time_based_window_errors(da):
    with pytest.raises(
        ValueError,
        match=r"needs a datetime index on dimension 'lat'|datetime64 or cftime values on dimension 'lat'",
    ):
        da.rolling(lat="3D")
    with pytest.raises(
        ValueError, match=r"time-based window '1M' for dimension 'time' is not a fixed duration"
    ):
        da.rolling(time="1M")
    with pytest.raises(ValueError, match=r"must be a positive duration"):
        da.rolling(time="-1D")
    unsorted = da.isel(time=[2, 1, 0])
    with pytest.raises(ValueError, match=r"needs increasing times on dimension 'time'; sort first"):
        unsorted.rolling(time="2D")
    with pytest.raises(ValueError, match=r"construct needs fixed-size windows.*duration '3D'"):
        da.rolling(time="3D").construct("w")
    no_index = xr.DataArray(np.arange(3.0), dims="t")
    with pytest.raises(ValueError, match=r"needs a datetime index on dimension 't'"):
        no_index.rolling(t="2D")


# --- Dask ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("func", FUNCS)
@pytest.mark.parametrize("center", [False, True])
def test_dask_matches_numpy(da, func, center):
    pytest.importorskip("dask")
    chunked = da.chunk({"time": 7})
    with raise_if_dask_computes():
        lazy = getattr(chunked.rolling(time=5, center=center, min_periods=2), func)()
    assert lazy.chunks == chunked.chunks
    expected = getattr(da.rolling(time=5, center=center, min_periods=2), func)()
    assert_allclose(lazy.compute(), expected)


def test_dask_window_larger_than_chunks(da):
    pytest.importorskip("dask")
    # a centred 12-window reads 6 values back and 5 ahead: chunks of 7 are enough
    chunked = da.chunk({"time": 7})
    result = chunked.rolling(time=12, center=True, min_periods=1).mean()
    assert result.chunks == chunked.chunks
    assert_allclose(result.compute(), da.rolling(time=12, center=True, min_periods=1).mean())
    # a short last chunk (2 values) is fine: its windows read the slice they need
    assert chunked.chunks[0] == (7, 7, 7, 7, 2)
    trailing = chunked.rolling(time=6, min_periods=1).sum()
    assert trailing.chunks == chunked.chunks
    assert_allclose(trailing.compute(), da.rolling(time=6, min_periods=1).sum())
    # windows reaching past a whole chunk read the slice they need (no error, chunks kept)
    wide = chunked.rolling(time=12).mean()
    assert wide.chunks == chunked.chunks
    assert_allclose(wide.compute(), da.rolling(time=12).mean())
    # open_mfdataset over yearly files gives a 1-long chunk after a leap year
    uneven = da.chunk({"time": (10, 1, 10, da.sizes["time"] - 21)})
    result = uneven.rolling(time=5, center=True).mean()
    assert result.chunks == uneven.chunks
    assert_allclose(result.compute(), da.rolling(time=5, center=True).mean())


def test_dask_multi_dim_time_based_and_construct(da):
    pytest.importorskip("dask")
    chunked = da.chunk({"time": 10, "lat": 2})
    with raise_if_dask_computes():
        two = chunked.rolling(time=3, lat=2, min_periods=1).mean()
        timed = chunked.rolling(time="4D", center=True).max()
        windows = chunked.rolling(time=3).construct("w")
        prod = chunked.rolling(time=3).prod()
    assert_allclose(two.compute(), da.rolling(time=3, lat=2, min_periods=1).mean())
    assert_allclose(timed.compute(), da.rolling(time="4D", center=True).max())
    assert timed.chunks == chunked.chunks
    assert_allclose(windows.compute(), da.rolling(time=3).construct("w"))
    assert_allclose(prod.compute(), da.rolling(time=3).prod())


# --- compatibility with xarray ------------------------------------------------------------------------


@pytest.mark.compat
@pytest.mark.parametrize("func", FUNCS)
@pytest.mark.parametrize("center", [False, True])
@pytest.mark.parametrize("window", [1, 4, 5])
def test_compat_xarray(da, func, center, window):
    xarray = pytest.importorskip("xarray")
    other = xarray.DataArray(da.values, dims=da.dims)
    mine = getattr(da.rolling(time=window, center=center, min_periods=1), func)()
    # xarray's own NumPy path (numbagg would spend half a minute compiling its kernels)
    with xarray.set_options(use_numbagg=False, use_bottleneck=False):
        theirs = getattr(other.rolling(time=window, center=center, min_periods=1), func)()
    np.testing.assert_allclose(mine.values, theirs.values, rtol=1e-9, atol=1e-12)


@pytest.mark.compat
def test_compat_xarray_construct_and_multidim(da):
    xarray = pytest.importorskip("xarray")
    other = xarray.DataArray(da.values, dims=da.dims)
    for window in (3, 4):
        mine = da.rolling(time=window, center=True).construct("w", stride=2)
        theirs = other.rolling(time=window, center=True).construct("w", stride=2)
        np.testing.assert_array_equal(mine.values, theirs.values)
    mine = da.rolling(time=3, lon=2, min_periods=2).mean()
    with xarray.set_options(use_numbagg=False, use_bottleneck=False):
        theirs = other.rolling(time=3, lon=2, min_periods=2).mean()
    np.testing.assert_allclose(mine.values, theirs.values, rtol=1e-10)
    a = [w.values for _, w in da.isel(lat=0, lon=0).rolling(time=4, center=True)]
    b = [w.values for _, w in other.isel(lat=0, lon=0).rolling(time=4, center=True)]
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
