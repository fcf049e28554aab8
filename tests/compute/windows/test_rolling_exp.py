from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.compute.windows.rolling_exp import RollingExp, window_to_alpha
from labarray.kernels.moving import exp_state_decay, exponential_reduce
from labarray.testing import assert_allclose, raise_if_dask_computes


@pytest.fixture
def da():
    rng = np.random.default_rng(2)
    values = rng.standard_normal((40, 3))
    values[rng.random(values.shape) < 0.2] = np.nan
    values[:3, 0] = np.nan
    return xr.DataArray(values, dims=("time", "x"), attrs={"units": "m"}, name="h")


@pytest.mark.parametrize("func", ["mean", "sum", "var", "std"])
@pytest.mark.parametrize(
    ("window_type", "window", "pandas_kw"),
    [("span", 5, {"span": 5}), ("com", 2.5, {"com": 2.5}), ("halflife", 3, {"halflife": 3}),
     ("alpha", 0.3, {"alpha": 0.3})],
)  # fmt: skip
def test_matches_pandas_ewm(da, func, window_type, window, pandas_kw):
    result = getattr(da.rolling_exp(time=window, window_type=window_type), func)()
    for j in range(3):
        expected = getattr(pd.Series(da.values[:, j]).ewm(**pandas_kw), func)()
        np.testing.assert_allclose(result.values[:, j], expected.values, rtol=1e-10, atol=1e-12)
    assert result.attrs == {"units": "m"} and result.name == "h"


def test_along_last_axis_dtypes_and_keep_attrs(da):
    t = da.transpose("x", "time")
    np.testing.assert_allclose(
        t.rolling_exp(time=4).mean().values, da.rolling_exp(time=4).mean().values.T
    )
    f32 = da.astype(np.float32).rolling_exp(time=4).mean()
    assert f32.dtype == np.float32
    ints = xr.DataArray(np.arange(5), dims="t").rolling_exp(t=3).mean()
    assert ints.dtype == np.float64
    np.testing.assert_allclose(ints.values, pd.Series(np.arange(5.0)).ewm(span=3).mean().values)
    assert da.rolling_exp(time=3).mean(keep_attrs=False).attrs == {}


def test_min_weight(da):
    r = RollingExp(da, {"time": 3}, min_weight=0.9)
    out = r.mean().values[:, 1]
    weights = 1 - (1 - 0.5) ** np.arange(1, 41)  # no NaN in the first steps of column 1
    assert np.isnan(out[0]) and np.isnan(out[2]) and not np.isnan(out[3])
    assert weights[3] >= 0.9 > weights[2]


def test_dataset(da):
    ds = xr.Dataset({"h": da, "static": ("x", [1.0, 2.0, 3.0])}, attrs={"t": 1})
    result = ds.rolling_exp(time=5).mean()
    assert_allclose(result["h"], da.rolling_exp(time=5).mean())
    assert result["static"].values.tolist() == [1.0, 2.0, 3.0] and result.attrs == {"t": 1}


@pytest.mark.parametrize("func", ["mean", "sum", "var", "std"])
def test_dask_continues_across_chunks(da, func):
    pytest.importorskip("dask")
    # the decaying dimension stays in chunks of 7: each chunk starts from its predecessors' sums
    chunked = da.transpose("x", "time").chunk({"time": 7, "x": 2})
    with raise_if_dask_computes():
        lazy = getattr(chunked.rolling_exp(time=5), func)()
    assert lazy.chunks == chunked.chunks
    assert_allclose(lazy.compute(), getattr(da.transpose("x", "time").rolling_exp(time=5), func)())


def test_state_continuation():
    x = np.random.default_rng(0).standard_normal((30, 2))
    first = exponential_reduce(x[:12], "var", 0, 0.3, return_state=True)
    np.testing.assert_allclose(
        exponential_reduce(x[12:], "var", 0, 0.3, state=first),
        exponential_reduce(x, "var", 0, 0.3)[12:],
    )
    second = exponential_reduce(x[12:], "var", 0, 0.3, return_state=True)
    whole = exponential_reduce(x, "var", 0, 0.3, return_state=True)
    np.testing.assert_allclose(whole, exp_state_decay(0.3, 18)[:, None] * first + second)


def test_window_to_alpha():
    assert window_to_alpha(3) == 0.5
    assert window_to_alpha(0, "com") == 1.0
    assert window_to_alpha(2, "halflife") == pytest.approx(1 - 0.5**0.5)
    assert window_to_alpha(0.25, "alpha") == 0.25


def test_bad_input(da):
    with pytest.raises(ValueError, match=r"rolling_exp takes exactly one dimension and window"):
        da.rolling_exp(time=3, x=2)
    with pytest.raises(KeyError, match=r"dimension 'tme' not found.*did you mean 'time'"):
        da.rolling_exp(tme=3)
    with pytest.raises(
        ValueError,
        match=r"window_type must be one of 'span', 'com', 'halflife', 'alpha', got 'width'",
    ):
        da.rolling_exp(time=3, window_type="width")
    with pytest.raises(ValueError, match=r"span must be at least 1, got 0.5"):
        da.rolling_exp(time=0.5)
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\], got 1.5"):
        da.rolling_exp(time=1.5, window_type="alpha")
    with pytest.raises(ValueError, match=r"halflife must be positive"):
        da.rolling_exp(time=0, window_type="halflife")
    with pytest.raises(ValueError, match=r"com must be at least 0"):
        da.rolling_exp(time=-1, window_type="com")
    with pytest.raises(TypeError, match=r"exponential window must be a number, got str"):
        da.rolling_exp(time="3D")
    with pytest.raises(ValueError, match=r"min_weight must be a number >= 0"):
        RollingExp(da, {"time": 3}, min_weight=-1)
    with pytest.raises(TypeError, match=r"rolling_exp mean needs numeric or boolean data"):
        xr.DataArray(np.array(["a", "b"]), dims="t").rolling_exp(t=2).mean()
    with pytest.raises(ValueError, match=r"no exponential moving loop for 'max'"):
        exponential_reduce(np.zeros(3), "max", 0, 0.5)
    with pytest.raises(ValueError, match=r"alpha must be in \(0, 1\], got 0"):
        exponential_reduce(np.zeros(3), "mean", 0, 0)


@pytest.mark.compat
@pytest.mark.parametrize("func", ["mean", "sum", "var", "std"])
def test_compat_xarray(da, func):
    xarray = pytest.importorskip("xarray")
    pytest.importorskip("numbagg")
    other = xarray.DataArray(da.values, dims=da.dims)
    mine = getattr(da.rolling_exp(time=4, window_type="com"), func)()
    theirs = getattr(other.rolling_exp(time=4, window_type="com"), func)()
    np.testing.assert_allclose(mine.values, theirs.values, rtol=1e-9, atol=1e-12)
