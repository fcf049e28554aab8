"""Files written by xarray read with labarray and the reverse (xarray is only the oracle here)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.io.api import open_dataset

pytestmark = pytest.mark.compat


def _example(module):
    times = pd.date_range("2000-01-01", periods=4, freq="6h").values.astype("M8[ns]")
    values = np.array([[1.0, np.nan], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]])
    return module.Dataset(
        {"t2m": (("time", "x"), values, {"units": "K"}),
         "flag": ("x", np.array([True, False])),
         "name": ("x", np.array(["ab", "c"])),
         "lead": ("time", np.array([1, 2, 3, 4], "m8[h]").astype("m8[ns]"))},
        coords={"time": times, "x": [10, 20], "lat": ("x", [1.5, 2.5])},
        attrs={"title": "compat"},
    )


ENCODING = {"t2m": {"dtype": "int16", "scale_factor": 0.01, "_FillValue": -32767, "zlib": True}}


def test_labarray_reads_xarray_files(tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    path = str(tmp_path / "x.nc")
    _example(xr).to_netcdf(path, engine="netcdf4", encoding=ENCODING)
    theirs = xr.open_dataset(path, engine="netcdf4")
    with open_dataset(path) as ours:
        assert set(ours.variables) == set(theirs.variables) and set(ours.coords) == set(theirs.coords)
        for name in theirs.variables:
            np.testing.assert_array_equal(ours[name].values, theirs[name].values, err_msg=name)
            assert ours[name].dtype == theirs[name].dtype or ours[name].dtype.kind == "O", name
            assert ours[name].attrs == theirs[name].attrs, name
        assert ours.attrs == dict(theirs.attrs)
    theirs.close()


def test_xarray_reads_labarray_files(tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    path = str(tmp_path / "l.nc")
    _example(la).to_netcdf(path, encoding=ENCODING)
    expected = _example(xr)
    with xr.open_dataset(path, engine="netcdf4") as theirs:
        for name in expected.variables:
            np.testing.assert_allclose(theirs[name].values.astype(float) if theirs[name].dtype.kind in "fib" else 0,
                                       expected[name].values.astype(float) if expected[name].dtype.kind in "fib" else 0,
                                       atol=0.006, err_msg=name)
            if expected[name].dtype.kind in "UOMm":
                assert theirs[name].values.tolist() == expected[name].values.tolist(), name
        assert set(theirs.coords) == set(expected.coords)
