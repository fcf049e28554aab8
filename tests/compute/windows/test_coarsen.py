from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.compute.windows.coarsen import COARSEN_REDUCTIONS, DataArrayCoarsen, DatasetCoarsen
from labarray.testing import assert_allclose, assert_identical, raise_if_dask_computes


@pytest.fixture
def da():
    rng = np.random.default_rng(3)
    values = rng.standard_normal((12, 6))
    values[rng.random(values.shape) < 0.15] = np.nan
    return xr.DataArray(
        values,
        dims=("time", "x"),
        coords={
            "time": pd.date_range("2000-01-01", periods=12, freq="D").values,
            "x": np.arange(6) * 10,
            "aux": ("time", np.arange(12.0)),
        },
        attrs={"units": "K"},
        name="t",
    )


def blocks(values, w0, w1):
    n0, n1 = values.shape
    return values.reshape(n0 // w0, w0, n1 // w1, w1)


@pytest.mark.parametrize("func", [f for f in COARSEN_REDUCTIONS if f not in ("argmin", "argmax")])
def test_reductions(da, func):
    result = getattr(da.coarsen(time=3, x=2), func)()
    b = blocks(da.values, 3, 2)
    if func in ("any", "all"):
        expected = getattr(np, func)(b, axis=(1, 3))
    elif func == "count":
        expected = (~np.isnan(b)).sum(axis=(1, 3))
    else:
        with np.errstate(all="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                expected = getattr(np, "nan" + func)(b, axis=(1, 3))
    np.testing.assert_allclose(result.values, expected, rtol=1e-12)
    assert result.dims == ("time", "x") and result.attrs == {"units": "K"} and result.name == "t"
    np.testing.assert_array_equal(result["x"].values, [5.0, 25.0, 45.0])
    np.testing.assert_array_equal(result["aux"].values, [1.0, 4.0, 7.0, 10.0])
    assert result["time"].values[0] == np.datetime64("2000-01-02")
    assert "time" in result.xindexes and "x" in result.xindexes


def test_argmax_and_kwargs(da):
    result = da.fillna(0.0).coarsen(time=4).argmax()
    np.testing.assert_array_equal(
        result.values, np.argmax(da.fillna(0.0).values.reshape(3, 4, 6), axis=1)
    )
    with pytest.raises(
        ValueError, match=r"coarsen argmax reduces one window dimension only, got 2"
    ):
        da.coarsen(time=2, x=2).argmax()
    assert np.isnan(da.coarsen(time=3).sum(skipna=False).values).any()
    assert not np.isnan(da.coarsen(time=3).sum().values).any()
    ddof = da.coarsen(time=3).std(ddof=1)
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(
            ddof.values, np.nanstd(da.values.reshape(4, 3, 6), axis=1, ddof=1)
        )
    ints = xr.DataArray(np.arange(6), dims="x").coarsen(x=2).sum()
    assert ints.dtype == np.int64 and ints.values.tolist() == [1, 5, 9]


@pytest.mark.parametrize(
    ("boundary", "side", "expected"),
    [("trim", "left", [1.0, 5.0]), ("trim", "right", [3.0, 7.0]),
     ("pad", "left", [1.0, 5.0, 4.0]), ("pad", "right", [0.0, 3.0, 7.0])],
)  # fmt: skip
def test_boundary_and_side(boundary, side, expected):
    a = xr.DataArray(np.arange(5.0), dims="x", coords={"x": np.arange(5)})
    result = a.coarsen(x=2, boundary=boundary, side=side).sum()
    assert result.values.tolist() == expected
    side_dict = a.coarsen(x=2, boundary={"x": boundary}, side={"x": side}).sum()
    assert side_dict.values.tolist() == expected


def test_coord_func(da):
    result = da.coarsen(time=3, coord_func={"time": "min", "aux": "max"}).mean()
    np.testing.assert_array_equal(result["time"].values, da["time"].values[::3])
    np.testing.assert_array_equal(result["aux"].values, [2.0, 5.0, 8.0, 11.0])
    first = da.coarsen(x=3, coord_func=lambda v, axis: np.take(v, 0, axis=axis)).mean()
    np.testing.assert_array_equal(first["x"].values, [0, 30])


def test_reduce(da):
    result = da.coarsen(time=4).reduce(np.nanmax)
    with np.errstate(all="ignore"):
        np.testing.assert_allclose(result.values, np.nanmax(da.values.reshape(3, 4, 6), axis=1))
    with pytest.raises(TypeError, match=r"reduce needs a function, got str"):
        da.coarsen(time=4).reduce("max")


def test_construct(da):
    c = da.coarsen(time=3).construct(time=("week", "day"))
    assert c.dims == ("week", "day", "x")
    np.testing.assert_array_equal(c.values, da.values.reshape(4, 3, 6))
    assert c["time"].dims == ("week", "day") and "time" not in c.xindexes
    assert c.attrs == {"units": "K"}
    assert da.coarsen(time=3).construct({"time": ("a", "b")}, keep_attrs=False).attrs == {}
    with pytest.raises(ValueError, match=r"missing for 'time'"):
        da.coarsen(time=3).construct()
    with pytest.raises(ValueError, match=r"needs a pair of names for dimension 'time'"):
        da.coarsen(time=3).construct(time="week")
    with pytest.raises(KeyError, match=r"coarsened dimension 'x' not found"):
        da.coarsen(time=3).construct(time=("a", "b"), x=("c", "d"))


def test_dataset(da):
    ds = xr.Dataset(
        {"t": da, "static": ("x", np.arange(6.0)), "other": ("y", [1, 2])}, attrs={"a": 1}
    )
    c = ds.coarsen(time=4)
    assert isinstance(c, DatasetCoarsen)
    result = c.mean()
    assert_allclose(result["t"], da.coarsen(time=4).mean())
    assert_identical(result["static"], ds["static"])
    assert result.attrs == {"a": 1}
    assert c.mean(keep_attrs=False).attrs == {}
    assert ds.coarsen(time=4).construct(time=("a", "b"))["t"].dims == ("a", "b", "x")


def test_dask(da):
    pytest.importorskip("dask")
    chunked = da.chunk({"time": 5})
    with raise_if_dask_computes():
        lazy = chunked.coarsen(time=3, x=2).mean()
        built = chunked.coarsen(time=3).construct(time=("w", "d"))
    assert_allclose(lazy.compute(), da.coarsen(time=3, x=2).mean())
    np.testing.assert_array_equal(built.compute().values, da.values.reshape(4, 3, 6))
    padded = chunked.coarsen(time=5, boundary="pad").max().compute()
    assert_allclose(padded, da.coarsen(time=5, boundary="pad").max())


def test_repr_and_type(da):
    c = da.coarsen(time=3)
    assert isinstance(c, DataArrayCoarsen)
    assert repr(c).startswith("DataArrayCoarsen [time->3]")


def test_bad_input(da):
    with pytest.raises(
        ValueError,
        match=r"cannot coarsen dimension 'time' of length 12 with window 5: 12 is not a multiple of 5; use boundary='trim'.*boundary='pad'",
    ):
        da.coarsen(time=5)
    with pytest.raises(KeyError, match=r"dimension 'tim' not found.*did you mean 'time'"):
        da.coarsen(tim=2)
    with pytest.raises(ValueError, match=r"window for dimension 'time' must be at least 1, got 0"):
        da.coarsen(time=0)
    with pytest.raises(TypeError, match=r"window for dimension 'time' must be an int"):
        da.coarsen(time="2D")
    with pytest.raises(
        ValueError,
        match=r"boundary for dimension 'time' must be one of 'exact', 'trim', 'pad', got 'cut'",
    ):
        da.coarsen(time=2, boundary="cut")
    with pytest.raises(
        ValueError, match=r"side for dimension 'time' must be one of 'left', 'right'"
    ):
        da.coarsen(time=2, side="middle")
    with pytest.raises(KeyError, match=r"coarsened dimension 'y' not found"):
        da.coarsen(time=2, side={"y": "left"})
    with pytest.raises(ValueError, match=r"boundary='trim' would leave nothing"):
        da.coarsen(time=13, boundary="trim")
    with pytest.raises(ValueError, match=r"coarsen needs at least one dimension"):
        da.coarsen()
    with pytest.raises(KeyError, match=r"no aggregation named 'mode'|mode"):
        da.coarsen(time=2)._reduce("mode")
    with pytest.raises(TypeError, match=r"coarsen std of variable"):
        da.coarsen(time=2).std(min_count=2)


@pytest.mark.compat
@pytest.mark.parametrize("func", ["mean", "sum", "max", "std", "median", "count"])
@pytest.mark.parametrize(("boundary", "side"), [("trim", "left"), ("pad", "right")])
def test_compat_xarray(da, func, boundary, side):
    xarray = pytest.importorskip("xarray")
    other = xarray.DataArray(da.values, dims=da.dims, coords={"x": da["x"].values})
    mine = getattr(da.coarsen(time=5, x=4, boundary=boundary, side=side), func)()
    with xarray.set_options(use_numbagg=False, use_bottleneck=False):  # no JIT warm-up
        theirs = getattr(other.coarsen(time=5, x=4, boundary=boundary, side=side), func)()
    np.testing.assert_allclose(mine.values, theirs.values, rtol=1e-12)
    np.testing.assert_allclose(mine["x"].values, theirs["x"].values)


@pytest.mark.parametrize("func", ["sum", "mean", "count", "min", "max", "var", "std", "prod"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_block_kernel_matches_generic_path(func, dtype):
    # (time, lat, lon) with windows on lat and lon: the block kernel; use_numba=False takes the
    # reshape + aggregation-table path, which must give the same values and dtypes
    rng = np.random.default_rng(11)
    values = rng.standard_normal((5, 6, 8)).astype(dtype)
    values[rng.random(values.shape) < 0.25] = np.nan
    values[0, :2, :2] = np.nan  # an all-NaN block
    da = xr.DataArray(values, dims=("time", "lat", "lon"), coords={"lon": np.arange(8.0)})
    kwargs_list = [{}, {"skipna": False}]
    if func in ("sum", "prod"):
        kwargs_list += [{"min_count": 3}, {"min_count": 2, "skipna": False}]
    if func in ("var", "std"):
        kwargs_list += [{"ddof": 1}]
    if func == "count":
        kwargs_list = [{}]
    for kwargs in kwargs_list:
        for windows, boundary in (({"lat": 2, "lon": 2}, "exact"), ({"lat": 4}, "pad")):
            fast = getattr(da.coarsen(windows, boundary=boundary), func)(**kwargs)
            with xr.set_options(use_numba=False):
                slow = getattr(da.coarsen(windows, boundary=boundary), func)(**kwargs)
            assert fast.dtype == slow.dtype, (func, kwargs)
            np.testing.assert_allclose(
                fast.values, slow.values, rtol=1e-5 if dtype == np.float32 else 1e-12
            )
            np.testing.assert_array_equal(fast["lon"].values, slow["lon"].values)


def test_block_kernel_leaves_other_cases_to_the_table():
    ints = xr.DataArray(np.arange(24).reshape(4, 6), dims=("y", "x"))
    result = ints.coarsen(y=2, x=3).sum()
    assert result.dtype == np.int64  # ints keep their dtype (generic path)
    np.testing.assert_array_equal(result.values, [[24, 42], [96, 114]])
    cube = xr.DataArray(np.ones((4, 6, 8)), dims=("a", "b", "c"))  # three window groups
    np.testing.assert_array_equal(cube.coarsen(a=2, b=2, c=2).mean().values, np.ones((2, 3, 4)))
    da = xr.DataArray(np.array([1.0, np.nan, 3.0, 4.0]), dims="x")
    with pytest.raises(
        TypeError, match=r"coarsen mean of variable .*: mean does not support min_count"
    ):
        da.coarsen(x=2).mean(min_count=1)
    with pytest.raises(TypeError, match=r"ddof must be an integer, got True"):
        da.coarsen(x=2).std(ddof=True)
    with pytest.raises(ValueError, match=r"min_count must be a non-negative integer, got -1"):
        da.coarsen(x=2).sum(min_count=-1)
    with pytest.raises(TypeError, match=r"count does not support skipna"):
        da.coarsen(x=2).count(skipna=True)


def _cftime_dataset(calendar):
    cftime = pytest.importorskip("cftime")
    times = cftime.num2date(np.arange(15) + 0.5, "days since 2000-02-20", calendar)
    half = pd.Timedelta("12h").to_pytimedelta()
    return xr.Dataset(
        {"tas": ("time", np.arange(15.0)), "time_bnds": (("time", "bnds"), np.stack([times - half, times + half], 1))},
        coords={"time": times},
    )


@pytest.mark.parametrize("calendar", ["noleap", "360_day"])
@pytest.mark.parametrize("chunked", [False, True])
def test_coarsen_cftime_time_axis(calendar, chunked):
    ds = _cftime_dataset(calendar)
    if chunked:
        pytest.importorskip("dask")
        ds = ds.chunk({"time": 4})
    out = ds.coarsen(time=7, boundary="trim").mean().compute()
    times = _cftime_dataset(calendar)["time"].values
    assert out.sizes["time"] == 2
    # the mean of 7 consecutive days is the middle one
    assert list(out["time"].values) == [times[3], times[10]]
    assert out["time_bnds"].values[1, 0] == times[10] - pd.Timedelta("12h").to_pytimedelta()
    np.testing.assert_array_equal(out["tas"].values, [3.0, 10.0])
    # the time coordinate can be looked up again: it has a (cftime) index
    assert out.sel(time=times[3])["tas"].item() == 3.0


def test_coarsen_cftime_bad_reduction():
    ds = _cftime_dataset("noleap")
    with pytest.raises(TypeError, match=r"coarsen sum of variable 'time_bnds': cannot compute sum of cftime dates"):
        ds.coarsen(time=5).sum()


@pytest.mark.compat
def test_compat_xarray_coarsen_cftime():
    xarray = pytest.importorskip("xarray")
    ds = _cftime_dataset("360_day")
    other = xarray.Dataset({k: (v.dims, v.values) for k, v in ds.data_vars.items()}, coords={"time": ds["time"].values})
    mine = ds.coarsen(time=7, boundary="trim").mean()
    theirs = other.coarsen(time=7, boundary="trim").mean()
    assert list(mine["time"].values) == list(theirs["time"].values)
    assert list(mine["time_bnds"].values.ravel()) == list(theirs["time_bnds"].values.ravel())
