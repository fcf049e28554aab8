"""Tests of labarray.methods.numerics: the method tables and Dataset.map."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as xr
from labarray.methods import numerics


def test_methods_are_attached():
    for name in ("interp", "interp_like", "differentiate", "integrate", "cumulative_integrate", "polyfit", "curvefit"):
        assert getattr(xr.DataArray, name) is numerics.DATAARRAY_METHODS[name]
        assert getattr(xr.Dataset, name) is numerics.DATASET_METHODS[name]
    assert isinstance(xr.DataArray.__dict__["str"], property)
    assert xr.Dataset.map is numerics.map
    assert not hasattr(xr.Dataset, "str")


def ds() -> xr.Dataset:
    return xr.Dataset(
        {"a": ("x", [1.0, -2.0], {"units": "m"}), "b": ("y", [-3, 4])},
        coords={"x": ("x", [10, 20], {"long_name": "X"})},
        attrs={"title": "T"},
    )


def test_map_applies_and_keeps_attrs():
    out = ds().map(np.abs)
    assert out.a.values.tolist() == [1.0, 2.0] and out.b.values.tolist() == [3, 4]
    assert out.a.attrs == {"units": "m"} and out.attrs == {"title": "T"}
    assert out.x.attrs == {"long_name": "X"}
    dropped = ds().map(np.abs, keep_attrs=False)
    assert dropped.a.attrs == {} and dropped.attrs == {} and dropped.x.attrs == {}
    source = ds()
    source.map(np.abs, keep_attrs=False)
    assert source.x.attrs == {"long_name": "X"}  # the input is not modified
    renamed = ds().map(lambda da: da.assign_coords(x=da.x.copy().assign_attrs(long_name="other")) if "x" in da.dims else da)
    assert renamed.x.attrs == {"long_name": "X"}


def test_map_args_kwargs_and_reductions():
    out = ds().map(lambda da, k, scale=1: da * k * scale, args=(2,), scale=10)
    assert out.a.values.tolist() == [20.0, -40.0]
    mean = ds().map(lambda da: da.mean())
    assert mean.a.dims == () and float(mean.b) == 0.5
    raw = ds().map(lambda da: da.values * 2)
    assert raw.a.dims == ("x",) and raw.a.values.tolist() == [2.0, -4.0]


def test_map_bad_input():
    with pytest.raises(TypeError, match=r"Dataset.map needs a callable, got int"):
        ds().map(3)


@pytest.mark.compat
def test_map_compat():
    xarray = pytest.importorskip("xarray")
    ref = xarray.Dataset({"a": ("x", [1.0, -2.0], {"units": "m"})}, attrs={"title": "T"}).map(np.abs)
    ours = xr.Dataset({"a": ("x", [1.0, -2.0], {"units": "m"})}, attrs={"title": "T"}).map(np.abs)
    assert ours.a.values.tolist() == ref.a.values.tolist()
    assert ours.attrs == ref.attrs and ours.a.attrs == ref.a.attrs


@pytest.mark.compat
@pytest.mark.parametrize("name", ["interp", "interp_like", "polyfit", "curvefit", "differentiate", "integrate", "cumulative_integrate"])
@pytest.mark.parametrize("cls", ["DataArray", "Dataset"])
def test_signatures_match_xarray(name, cls):
    import inspect

    xarray = pytest.importorskip("xarray")

    def params(func):
        return [(p.name, p.kind, repr(p.default)) for p in inspect.signature(func).parameters.values()]

    assert params(getattr(getattr(xr, cls), name)) == params(getattr(getattr(xarray, cls), name))


@pytest.mark.compat
def test_top_level_signatures_match_xarray():
    import inspect

    xarray = pytest.importorskip("xarray")
    for name in ("polyval", "cov", "corr", "cross"):
        ours = [(p.name, p.kind, repr(p.default)) for p in inspect.signature(getattr(numerics, name)).parameters.values()]
        theirs = [(p.name, p.kind, repr(p.default)) for p in inspect.signature(getattr(xarray, name)).parameters.values()]
        assert ours == theirs, name
