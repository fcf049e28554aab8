"""Tests of differentiate / integrate / cumulative_integrate (labarray.compute.calculus)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as xr
from labarray.compute.calculus import cumulative_trapezoid, to_numeric, trapezoid


def field() -> xr.Dataset:
    x = np.array([0.0, 0.5, 1.5, 3.0, 4.0])
    rng = np.random.default_rng(0)
    return xr.Dataset(
        {"a": (("x", "y"), rng.standard_normal((5, 3))), "b": ("y", [1.0, 2.0, 3.0]), "i": ("x", np.arange(5))},
        coords={"x": x, "y": [10, 20, 30], "xc": ("x", x * 2)},
        attrs={"title": "t"},
    )


def test_differentiate_matches_np_gradient():
    ds = field()
    out = ds.differentiate("x")
    np.testing.assert_allclose(out.a.values, np.gradient(ds.a.values, ds.x.values, axis=0))
    np.testing.assert_allclose(out.i.values, np.gradient(np.arange(5.0), ds.x.values))
    assert out.b.values.tolist() == [1.0, 2.0, 3.0]  # no x: kept
    assert out.attrs == {"title": "t"}
    out2 = ds.a.differentiate("x", edge_order=2)
    np.testing.assert_allclose(out2.values, np.gradient(ds.a.values, ds.x.values, axis=0, edge_order=2))


def test_differentiate_non_dimension_coordinate_and_bare_dimension():
    ds = field()
    np.testing.assert_allclose(ds.a.differentiate("xc").values, np.gradient(ds.a.values, ds.x.values * 2, axis=0))
    da = xr.DataArray([0.0, 1.0, 4.0], dims="z")
    np.testing.assert_allclose(da.differentiate("z").values, [1.0, 2.0, 3.0])


def test_integrate_and_cumulative():
    ds = field()
    out = ds.integrate("x")
    np.testing.assert_allclose(out.a.values, np.trapezoid(ds.a.values, ds.x.values, axis=0))
    assert "x" not in out.dims and "xc" not in out.coords
    assert out.b.dims == ("y",)
    both = ds.a.integrate(["x", "y"])
    expected = np.trapezoid(np.trapezoid(ds.a.values, ds.x.values, axis=0), [10, 20, 30])
    np.testing.assert_allclose(float(both), expected)
    cum = ds.a.cumulative_integrate("x")
    assert cum.dims == ("x", "y") and "xc" in cum.coords
    np.testing.assert_allclose(cum.isel(x=-1).values, out.a.values)
    np.testing.assert_allclose(cum.isel(x=0).values, 0.0)


def test_datetime_coordinate_units():
    time = pd.date_range("2000-01-01", periods=4, freq="D")
    da = xr.DataArray([0.0, 1.0, 2.0, 3.0], dims="time", coords={"time": time})
    np.testing.assert_allclose(da.differentiate("time", datetime_unit="D").values, 1.0)
    np.testing.assert_allclose(da.differentiate("time", datetime_unit="h").values, 1 / 24)
    assert float(da.integrate("time", datetime_unit="D")) == pytest.approx(4.5)
    unit = np.datetime_data(da.time.dtype)[0]
    per_unit = np.timedelta64(1, "D") / np.timedelta64(1, unit)
    np.testing.assert_allclose(da.differentiate("time").values, 1 / per_unit)


def test_datetime_data_converted():
    time = pd.date_range("2000-01-01", periods=3, freq="D")
    ds = xr.Dataset({"t": ("x", time.values)}, coords={"x": [0, 1, 2]})
    np.testing.assert_allclose(ds.differentiate("x", datetime_unit="D").t.values, 1.0)


def test_cftime_coordinate():
    cftime = pytest.importorskip("cftime")
    times = [cftime.DatetimeNoLeap(2001, 2, d) for d in (27, 28)] + [cftime.DatetimeNoLeap(2001, 3, 1)]
    da = xr.DataArray([0.0, 1.0, 2.0], dims="time", coords={"time": times})
    np.testing.assert_allclose(da.differentiate("time", datetime_unit="D").values, 1.0)


def test_dask_is_lazy_and_matches():
    pytest.importorskip("dask")
    from labarray.testing import raise_if_dask_computes

    ds = field()
    chunked = ds.chunk({"x": 2})
    with raise_if_dask_computes():
        d = chunked.a.differentiate("x")
        i = chunked.a.integrate("x")
        c = chunked.a.cumulative_integrate("x")
    np.testing.assert_allclose(d.values, ds.a.differentiate("x").values)
    np.testing.assert_allclose(i.values, ds.a.integrate("x").values)
    np.testing.assert_allclose(c.values, ds.a.cumulative_integrate("x").values)


def test_helpers():
    assert trapezoid(np.array([1.0, 1.0]), np.array([0.0, 2.0]), 0) == 2.0
    np.testing.assert_allclose(cumulative_trapezoid(np.ones((2, 3)), np.arange(3.0), 1), [[0, 1, 2]] * 2)
    assert to_numeric(np.array([1.5]), None)[1] is None


def test_bad_input():
    ds = field()
    with pytest.raises(ValueError, match=r"coordinate 'xx' not found.*did you mean 'x'"):
        ds.differentiate("xx")
    with pytest.raises(ValueError, match=r"edge_order must be 1 or 2, got 3"):
        ds.differentiate("x", edge_order=3)
    two_d = ds.assign_coords(c2=(("x", "y"), np.zeros((5, 3))))
    with pytest.raises(ValueError, match=r"coordinate 'c2' must be 1-dimensional"):
        two_d.integrate("c2")
    with pytest.raises(ValueError, match=r"integrate needs coord="):
        ds.a.integrate()
    with pytest.raises(ValueError, match=r"cumulative_integrate needs coord="):
        ds.a.cumulative_integrate()
    time = pd.date_range("2000-01-01", periods=3)
    with pytest.raises(ValueError, match=r"datetime_unit must be one of .*got 'days'"):
        xr.DataArray([1.0, 2.0, 3.0], dims="t", coords={"t": time}).differentiate("t", datetime_unit="days")
    with pytest.raises(ValueError, match=r"length 1 with edge_order=1: at least 2 points"):
        xr.DataArray([1.0], dims="x").differentiate("x")


@settings(max_examples=25, deadline=None)
@given(st.integers(3, 12), st.floats(-5, 5), st.floats(-5, 5))
def test_property_exact_for_linear_functions(n, slope, intercept):
    x = np.cumsum(np.random.default_rng(n).uniform(0.1, 1.0, n))
    da = xr.DataArray(slope * x + intercept, dims="x", coords={"x": x})
    np.testing.assert_allclose(da.differentiate("x").values, slope, atol=1e-9)
    exact = slope * (x[-1] ** 2 - x[0] ** 2) / 2 + intercept * (x[-1] - x[0])
    assert float(da.integrate("x")) == pytest.approx(exact, abs=1e-8)


@pytest.mark.compat
def test_compat_xarray():
    xarray = pytest.importorskip("xarray")
    ds = field()
    ref = xarray.Dataset(
        {k: (v.dims, v.values) for k, v in ds.data_vars.items()},
        coords={k: (v.dims, v.values) for k, v in ds.coords.items()},
    )
    for coord in ("x", "xc"):
        np.testing.assert_allclose(ds.differentiate(coord).a.values, ref.differentiate(coord).a.values)
        np.testing.assert_allclose(ds.integrate(coord).a.values, ref.integrate(coord).a.values)
        np.testing.assert_allclose(ds.cumulative_integrate(coord).a.values, ref.cumulative_integrate(coord).a.values)
    assert sorted(ds.integrate("x").variables) == sorted(ref.integrate("x").variables)
    assert sorted(ds.cumulative_integrate("x").coords) == sorted(ref.cumulative_integrate("x").coords)


def test_missing_coordinate_message_lists_only_coordinates_and_dims():
    da = xr.DataArray(np.zeros((2, 3)), dims=("t", "x"), coords={"t": [0, 1]}, name="v")
    with pytest.raises(ValueError, match=r"coordinate 'tt' not found; existing coordinates: t, x; did you mean 't'\?$"):
        da.differentiate("tt")
    with pytest.raises(ValueError, match=r"existing coordinates: t, x$"):
        da.to_dataset().integrate("v2")
