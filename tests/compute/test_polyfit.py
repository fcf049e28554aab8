"""Tests of polyfit / polyval / curvefit (labarray.compute.polyfit)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as xr
from labarray.compute.polyfit import least_squares, to_float_values
from labarray.methods.numerics import polyval


def cubic_field() -> xr.DataArray:
    x = np.linspace(-2, 3, 12)
    coeffs = np.array([[0.5, -1.0, 2.0, 3.0], [1.0, 0.0, -2.0, 0.5]])  # highest degree first
    data = np.stack([np.polyval(c, x) for c in coeffs])
    return xr.DataArray(data, dims=("s", "x"), coords={"x": x, "s": ["p", "q"]}, name="f")


def test_polyfit_recovers_coefficients():
    da = cubic_field()
    fit = da.polyfit("x", 3)
    assert list(fit.data_vars) == ["polyfit_coefficients"]
    coef = fit.polyfit_coefficients
    assert coef.dims == ("degree", "s")
    assert coef.degree.values.tolist() == [3, 2, 1, 0]
    assert coef.s.values.tolist() == ["p", "q"]
    np.testing.assert_allclose(coef.values.T, [[0.5, -1.0, 2.0, 3.0], [1.0, 0.0, -2.0, 0.5]], atol=1e-10)


def test_dataset_names_prefix_and_full_cov():
    ds = cubic_field().to_dataset()
    fit = ds.polyfit("x", 3, full=True, cov=True)
    assert {"f_polyfit_coefficients", "f_polyfit_residuals", "f_polyfit_covariance", "x_matrix_rank", "x_singular_values"} <= set(fit.data_vars)
    assert int(fit.x_matrix_rank) == 4
    assert fit.f_polyfit_covariance.dims == ("cov_i", "cov_j", "s")
    np.testing.assert_allclose(fit.f_polyfit_residuals.values, 0.0, atol=1e-18)


def test_skipna_and_weights():
    da = cubic_field()
    noisy = da.copy(data=da.values.copy())
    noisy.values[0, 3] = np.nan
    fit = noisy.polyfit("x", 3)  # skipna inferred from the NaN
    np.testing.assert_allclose(fit.polyfit_coefficients.values[:, 0], [0.5, -1.0, 2.0, 3.0], atol=1e-9)
    assert np.isnan(noisy.polyfit("x", 3, skipna=False).polyfit_coefficients.values[:, 0]).all()
    w = np.ones(12)
    np.testing.assert_allclose(da.polyfit("x", 3, w=w).polyfit_coefficients.values, da.polyfit("x", 3).polyfit_coefficients.values, atol=1e-10)
    named = da.assign_coords(wt=("x", 2 * w)).polyfit("x", 3, w="wt")
    np.testing.assert_allclose(named.polyfit_coefficients.values, da.polyfit("x", 3).polyfit_coefficients.values, atol=1e-10)


def test_polyfit_datetime_and_polyval_round_trip():
    time = pd.date_range("2000-01-01", periods=6, freq="D")
    t = to_float_values(time.values)
    da = xr.DataArray(2e-14 * t + 1.0, dims="time", coords={"time": time})
    fit = da.polyfit("time", 1)
    back = polyval(da.time, fit.polyfit_coefficients)
    np.testing.assert_allclose(back.values, da.values, rtol=1e-9)


def test_polyfit_dask_matches():
    pytest.importorskip("dask")
    da = cubic_field()
    lazy = da.chunk({"x": 4, "s": 1}).polyfit("x", 3)
    assert lazy.polyfit_coefficients.chunks is not None
    np.testing.assert_allclose(lazy.polyfit_coefficients.values, da.polyfit("x", 3).polyfit_coefficients.values, atol=1e-9)


def test_polyval_dataset_and_missing_degrees():
    x = xr.DataArray([0.0, 1.0, 2.0], dims="x")
    coeffs = xr.DataArray([3.0, 1.0], dims="degree", coords={"degree": [2, 0]})
    np.testing.assert_allclose(polyval(x, coeffs).values, [1.0, 4.0, 13.0])
    ds = xr.Dataset({"a": coeffs, "b": coeffs * 2})
    out = polyval(x, ds)
    np.testing.assert_allclose(out.b.values, [2.0, 8.0, 26.0])


def test_least_squares_helper():
    lhs = np.vander(np.arange(5.0), 2)
    rhs = np.stack([np.arange(5.0), np.array([1.0, np.nan, 3.0, 4.0, 5.0])], axis=1)
    c, _r = least_squares(lhs, rhs, None, True)
    np.testing.assert_allclose(c, [[1.0, 1.0], [0.0, 1.0]], atol=1e-12)


def test_curvefit_recovers_parameters():
    pytest.importorskip("scipy")
    x = np.linspace(0, 2, 30)
    amps = np.array([1.0, 2.5])
    data = amps[:, None] * np.exp(-1.3 * x)
    da = xr.DataArray(data, dims=("s", "x"), coords={"x": x})

    def decay(x, a, k):
        return a * np.exp(-k * x)

    fit = da.curvefit("x", decay, p0={"k": 1.0})
    coef = fit.curvefit_coefficients
    assert coef.dims == ("s", "param") and coef.param.values.tolist() == ["a", "k"]
    np.testing.assert_allclose(coef.sel(param="a").values, amps, rtol=1e-6)
    np.testing.assert_allclose(coef.sel(param="k").values, 1.3, rtol=1e-6)
    assert fit.curvefit_covariance.dims == ("s", "cov_i", "cov_j")
    fitted = da.to_dataset(name="v").curvefit("x", decay, bounds={"k": (0, 5)})
    assert "v_curvefit_coefficients" in fitted


def test_curvefit_two_coordinates_and_reduce_dims():
    pytest.importorskip("scipy")
    x = np.linspace(0, 1, 6)
    y = np.linspace(0, 1, 5)
    data = 2 * x[:, None] + 3 * y[None, :]
    da = xr.DataArray(data, dims=("x", "y"), coords={"x": x, "y": y})

    def plane(coords, a, b):
        return a * coords[0] + b * coords[1]

    fit = da.curvefit(["x", "y"], plane)
    np.testing.assert_allclose(fit.curvefit_coefficients.values, [2.0, 3.0], rtol=1e-6)
    one = da.curvefit("x", lambda x, a: a * x, reduce_dims="y")
    assert one.curvefit_coefficients.dims == ("param",)


def test_bad_input():
    da = cubic_field()
    with pytest.raises(ValueError, match=r"dimension 'xx' not found.*did you mean 'x'"):
        da.polyfit("xx", 1)
    with pytest.raises(ValueError, match=r"deg must be a non-negative integer, got -1"):
        da.polyfit("x", -1)
    with pytest.raises(ValueError, match=r"cov must be True, False or 'unscaled'"):
        da.polyfit("x", 1, cov="yes")
    with pytest.raises(ValueError, match=r"coordinate 'ww' not found in the object to fit \(weights w=\)"):
        da.polyfit("x", 1, w="ww")
    with pytest.raises(TypeError, match=r"w has 3 weights but 'x' has length 12"):
        da.polyfit("x", 1, w=[1, 2, 3])
    with pytest.raises(ValueError, match=r"'x' has 3 points, which must exceed the number of coefficients"):
        da.isel(x=slice(0, 3)).polyfit("x", 2, cov=True)
    coeffs = xr.DataArray([1.0], dims="degree")
    with pytest.raises(ValueError, match=r"dimension 'degree' of coeffs must be a coordinate with integer degree labels"):
        polyval(da.x, coeffs)
    with pytest.raises(ValueError, match=r"labels of 'degree' must be integers"):
        polyval(da.x, coeffs.assign_coords(degree=[0.5]))
    with pytest.raises(TypeError, match=r"coeffs must be a DataArray or Dataset, got list"):
        polyval(da.x, [1, 2])
    pytest.importorskip("scipy")
    with pytest.raises(ValueError, match=r"parameter 'kk' not found in p0 of curvefit.*did you mean 'k'"):
        da.curvefit("x", lambda x, a, k: a * x + k, p0={"kk": 1})
    with pytest.raises(ValueError, match=r"cannot be inferred; pass param_names"):
        da.curvefit("x", lambda x, *p: x)
    with pytest.raises(ValueError, match=r"errors must be 'raise' or 'ignore'"):
        da.curvefit("x", lambda x, a: a * x, errors="warn")


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=1, max_size=4))
def test_property_polyfit_recovers_known_polynomials(coeffs):
    x = np.linspace(-1, 1, 15)
    da = xr.DataArray(np.polyval(coeffs, x), dims="x", coords={"x": x})
    fit = da.polyfit("x", len(coeffs) - 1).polyfit_coefficients
    np.testing.assert_allclose(fit.values, coeffs, atol=1e-8)
    np.testing.assert_allclose(polyval(da.x, fit).values, da.values, atol=1e-8)


@pytest.mark.compat
def test_compat_xarray_polyfit_polyval():
    xarray = pytest.importorskip("xarray")
    da = cubic_field()
    rng = np.random.default_rng(0)
    noisy = da.values + rng.standard_normal(da.shape) * 0.1
    ours = da.copy(data=noisy).polyfit("x", 2, full=True)
    ref = xarray.DataArray(noisy, dims=da.dims, coords={"x": da.x.values, "s": da.s.values}).polyfit("x", 2, full=True)
    assert sorted(ours.data_vars) == sorted(ref.data_vars)
    for name in ref.data_vars:
        np.testing.assert_allclose(ours[name].values, ref[name].values, rtol=1e-9)
    x = xarray.DataArray(da.x.values, dims="x")
    np.testing.assert_allclose(
        polyval(da.x, ours.polyfit_coefficients).transpose("s", "x").values,
        xarray.polyval(x, ref.polyfit_coefficients).transpose("s", "x").values,
    )


def test_curvefit_dask_and_errors_ignore():
    pytest.importorskip("scipy")
    pytest.importorskip("dask")
    x = np.linspace(0, 2, 25)
    data = np.array([1.0, 2.0, 3.0])[:, None] * x
    da = xr.DataArray(data, dims=("s", "x"), coords={"x": x}).chunk({"s": 1})
    fit = da.curvefit("x", lambda x, a: a * x)
    assert fit.curvefit_coefficients.chunks is not None
    np.testing.assert_allclose(fit.curvefit_coefficients.values[:, 0], [1.0, 2.0, 3.0], rtol=1e-6)
    nan = xr.DataArray(np.full((1, 4), np.nan), dims=("s", "x"), coords={"x": np.arange(4.0)})
    assert np.isnan(nan.curvefit("x", lambda x, a: a * x, errors="ignore").curvefit_coefficients.values).all()


@pytest.mark.compat
def test_compat_xarray_curvefit():
    xarray = pytest.importorskip("xarray")
    pytest.importorskip("scipy")
    x = np.linspace(0, 2, 30)
    data = np.array([1.0, 2.5])[:, None] * np.exp(-1.3 * x) + 0.01 * np.sin(7 * x)

    def decay(x, a, k):
        return a * np.exp(-k * x)

    ours = xr.DataArray(data, dims=("s", "x"), coords={"x": x, "s": [1, 2]}).curvefit("x", decay, p0={"k": 1.0})
    theirs = xarray.DataArray(data, dims=("s", "x"), coords={"x": x, "s": [1, 2]}).curvefit("x", decay, p0={"k": 1.0})
    assert list(ours.data_vars) == list(theirs.data_vars)
    for name in theirs.data_vars:
        assert ours[name].dims == theirs[name].dims
        np.testing.assert_allclose(ours[name].values, theirs[name].values, rtol=1e-6)


def test_polyfit_cftime_coordinate():
    cftime = pytest.importorskip("cftime")
    times = np.array([cftime.DatetimeNoLeap(2000, 1, d) for d in (1, 2, 3, 4)])
    da = xr.DataArray([0.0, 1.0, 2.0, 3.0], dims="time", coords={"time": times})
    slope = da.polyfit("time", 1).polyfit_coefficients.sel(degree=1)
    assert float(slope) * 86400e9 == pytest.approx(1.0)


def test_polyval_on_cftime_coordinate_recovers_fit():
    cftime = pytest.importorskip("cftime")
    times = np.array([cftime.Datetime360Day(2000, m, 1) for m in range(1, 7)])
    y = 2.0 + 0.5 * np.arange(6)
    da = xr.DataArray(y, dims="time", coords={"time": times})
    fit = da.polyfit("time", 1)
    back = xr.polyval(da.time, fit.polyfit_coefficients)
    np.testing.assert_allclose(back.values, y)
    np.testing.assert_allclose(xr.polyval(da.time, fit).polyfit_coefficients.values, y)


def test_polyfit_unscaled_covariance_is_one_shared_matrix():
    rng = np.random.default_rng(5)
    da = xr.DataArray(rng.standard_normal((8, 3)), dims=("x", "cell"), coords={"x": np.arange(8.0)})
    out = da.polyfit("x", 1, cov="unscaled")
    assert out.polyfit_covariance.dims == ("cov_i", "cov_j")
    lhs = np.vander(np.arange(8.0), 2)
    np.testing.assert_allclose(out.polyfit_covariance.values, np.linalg.inv(lhs.T @ lhs))
    lazy = da.chunk(cell=1).polyfit("x", 1, cov="unscaled")
    np.testing.assert_allclose(lazy.polyfit_covariance.values, out.polyfit_covariance.values)


@pytest.mark.compat
def test_compat_xarray_unscaled_cov_and_cftime_polyval():
    xarray = pytest.importorskip("xarray")
    cftime = pytest.importorskip("cftime")
    times = np.array([cftime.DatetimeNoLeap(2000, m, 1) for m in range(1, 13)])
    values = np.random.default_rng(2).standard_normal((12, 2))
    ours = xr.DataArray(values, dims=("time", "cell"), coords={"time": times})
    theirs = xarray.DataArray(values, dims=("time", "cell"), coords={"time": times})
    o, t = ours.polyfit("time", 2, cov="unscaled"), theirs.polyfit("time", 2, cov="unscaled")
    assert o.polyfit_covariance.dims == t.polyfit_covariance.dims
    np.testing.assert_allclose(o.polyfit_covariance.values, t.polyfit_covariance.values)
    np.testing.assert_allclose(
        xr.polyval(ours.time, o.polyfit_coefficients).values,
        xarray.polyval(theirs.time, t.polyfit_coefficients).values,
    )


def test_curvefit_rechunks_the_fitted_dimension_lazily():
    from labarray.testing import raise_if_dask_computes

    values = np.random.default_rng(0).standard_normal((4, 6))
    da = xr.DataArray(values, dims=("time", "lat"), coords={"lat": np.arange(6.0)})
    with raise_if_dask_computes():
        lazy = da.chunk(lat=3, time=2).curvefit("lat", lambda x, a, b: a * x + b)
    assert lazy.curvefit_coefficients.data.chunks == ((2, 2), (2,))
    eager = da.curvefit("lat", lambda x, a, b: a * x + b)
    np.testing.assert_allclose(lazy.compute().curvefit_coefficients.values, eager.curvefit_coefficients.values)


def test_polyfit_string_coordinate_is_a_clear_error():
    da = xr.DataArray([1.0, 2.0], dims="station", coords={"station": ["KSEA", "KPDX"]})
    with pytest.raises(TypeError, match=r"polyfit needs a numeric or datetime coordinate 'station'.*dtype <U4"):
        da.polyfit("station", 1)
