"""The reprs on real labarray objects (the other tests use small stand-ins)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.formatting import array_repr, array_repr_html, dataset_repr, variable_repr
from labarray.variable.indexing import LazilyIndexedArray


def _dataset():
    return la.Dataset(
        {
            "ta": (("lat", "y"), np.arange(6.0).reshape(2, 3), {"units": "K"}),
            "n": ("y", np.array([1, 2, 3])),
        },
        coords={"lat": [10.0, 20.0]},
        attrs={"title": "demo"},
    )


def test_dataset_and_array_repr():
    ds = _dataset()
    assert dataset_repr(ds) == "\n".join(
        [
            "<labarray.Dataset> Size: 88B",
            "Dimensions:  (lat: 2, y: 3)",
            "Coordinates:",
            "  * lat      (lat) float64 16B 10.0 20.0",
            "Dimensions without coordinates: y",
            "Data variables:",
            "    ta       (lat, y) float64 48B 0.0 1.0 2.0 3.0 4.0 5.0",
            "    n        (y) int64 24B 1 2 3",
            "Attributes:",
            "    title:    demo",
        ]
    )
    lines = array_repr(ds["ta"]).splitlines()
    assert lines[0] == "<labarray.DataArray 'ta' (lat: 2, y: 3)> Size: 48B"
    assert "  * lat      (lat) float64 16B 10.0 20.0" in lines
    assert lines[-2:] == ["Attributes:", "    units:    K"]
    assert "&lt;labarray.DataArray &#x27;ta&#x27; (lat: 2, y: 3)&gt;" in array_repr_html(ds["ta"])


def test_multiindex_coordinate_preview():
    midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
    da = la.DataArray(np.arange(4), coords={"x": midx}, dims="x")
    lines = array_repr(da).splitlines()
    assert "  * x        (x) object 32B MultiIndex" in lines
    assert any(line.startswith("  * two      (x) int64 32B 1 2 1 2") for line in lines)


def test_lazy_variable_is_not_loaded():
    var = la.Variable(("x",), LazilyIndexedArray(np.arange(10.0)))
    assert (
        variable_repr(var)
        == "<labarray.Variable (x: 10)> Size: 80B\n[10 values with dtype=float64]"
    )
    ds = la.Dataset({"v": var})
    assert "    v        (x) float64 80B [10 values with dtype=float64]" in dataset_repr(ds)


def test_dask_preview():
    pytest.importorskip("dask.array")
    ds = _dataset().chunk({"y": 2})
    assert "    ta       (lat, y) float64 48B dask.array<chunksize=(2, 2), meta=np.ndarray>" in (
        dataset_repr(ds).splitlines()
    )


@pytest.mark.compat
def test_matches_xarray():
    xr = pytest.importorskip("xarray")
    ref = xr.Dataset(
        {
            "ta": (("lat", "y"), np.arange(6.0).reshape(2, 3), {"units": "K"}),
            "n": ("y", np.array([1, 2, 3])),
        },
        coords={"lat": [10.0, 20.0]},
        attrs={"title": "demo"},
    )
    ds = _dataset()
    assert dataset_repr(ds) == repr(ref).replace("xarray", "labarray")
    assert array_repr(ds["n"]) == repr(ref["n"]).replace("xarray", "labarray")


@pytest.mark.compat
@pytest.mark.parametrize(
    "build",
    [
        lambda m: m.Dataset(
            {"t": ("time", np.arange(5.0))},
            coords={"time": pd.date_range("2000-01-01", periods=5, freq="6h")},
        ),
        lambda m: m.Dataset(
            {"t": ("time", np.arange(50.0))},
            coords={"time": pd.date_range("2000-01-01", periods=50)},
        ),
        lambda m: m.DataArray(
            np.array([1, 2], dtype="timedelta64[D]"),
            dims="x",
            coords={"x": np.array([1, 2], dtype="timedelta64[h]")},
        ),
        lambda m: m.DataArray(5.0, name="s"),
        lambda m: m.Dataset({"s": ("x", np.array(["a", "bb", "ccc"]))}, coords={"x": [1, 2, 3]}),
    ],
)
def test_time_and_string_values_match_xarray(build):
    xr = pytest.importorskip("xarray")
    assert repr(build(la)) == repr(build(xr)).replace("xarray", "labarray")
