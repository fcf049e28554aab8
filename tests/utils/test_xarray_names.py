"""Tests of labarray.utils.xarray_names: ALL_DIMS and SerializationWarning."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import labarray as xr
from labarray.utils.warnings import LabarrayWarning
from labarray.utils.xarray_names import ALL_DIMS, SerializationWarning


def test_all_dims_means_every_dimension():
    da = xr.DataArray(np.arange(6.0).reshape(2, 3), dims=("x", "y"))
    assert ALL_DIMS is Ellipsis
    assert float(da.sum(dim=ALL_DIMS)) == 15.0
    assert da.transpose("y", ALL_DIMS).dims == ("y", "x")


def test_serialization_warning_catches_coder_warnings():
    assert issubclass(SerializationWarning, LabarrayWarning) and issubclass(SerializationWarning, RuntimeWarning)
    var = xr.Variable("x", [np.nan, 1.0], encoding={"dtype": "int16"})
    with pytest.warns(SerializationWarning, match="NaN values"):
        xr.encode_cf(xr.Dataset({"v": var}))


def test_serialization_warning_can_be_silenced():
    var = xr.Variable("x", [np.nan, 1.0], encoding={"dtype": "int16"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=SerializationWarning)
        xr.encode_cf(xr.Dataset({"v": var}))
    # other warnings (labarray's own too) are not swallowed by the filter
    with pytest.raises(LabarrayWarning), warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=SerializationWarning)
        warnings.warn("unrelated", LabarrayWarning)
    with pytest.raises(RuntimeWarning), warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings("ignore", category=SerializationWarning)
        warnings.warn("unrelated", RuntimeWarning)


@pytest.mark.compat
def test_names_match_xarray():
    xarray = pytest.importorskip("xarray")
    assert xarray.ALL_DIMS is ALL_DIMS
    assert issubclass(xarray.SerializationWarning, Warning) and issubclass(SerializationWarning, Warning)
