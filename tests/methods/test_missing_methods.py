"""Tests of labarray.methods.missing (the public fillna/dropna/... methods) beyond the machinery
tested in tests/compute/test_missing.py."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la


def sample() -> la.Dataset:
    return la.Dataset(
        {
            "tas": ("x", np.array([1.0, np.nan], dtype="float32")),
            "pr": ("x", np.array([np.nan, 2.0], dtype="float32")),
            "n": ("x", np.array([1, 2], dtype="int16")),
        },
        coords={"x": [10, 20]},
    )


class TestFillnaDict:
    def test_python_scalars_keep_the_variable_dtype(self) -> None:
        out = sample().fillna({"tas": 0.0, "pr": -1})
        assert out["tas"].dtype == np.float32 and out["pr"].dtype == np.float32
        np.testing.assert_array_equal(out["tas"].values, [1.0, 0.0])
        np.testing.assert_array_equal(out["pr"].values, [-1.0, 2.0])
        assert sample()["tas"].fillna(0.0).dtype == out["tas"].dtype  # same rule as DataArray.fillna

    def test_promotion_when_the_scalar_needs_it(self) -> None:
        out = sample().fillna({"n": 1.5, "tas": True})
        assert out["n"].dtype == np.float64  # int data and a float fill value
        assert out["tas"].dtype == np.float32
        assert sample().fillna({"n": 3})["n"].dtype == np.int16

    def test_numpy_scalars_and_arrays_keep_their_dtype(self) -> None:
        assert sample().fillna({"tas": np.float64(0)})["tas"].dtype == np.float64
        assert sample().fillna({"tas": la.DataArray(0.0)})["tas"].dtype == np.float64

    def test_out_of_range_float_becomes_inf(self) -> None:
        np.testing.assert_array_equal(sample().fillna({"tas": 1e300})["tas"].values, [1.0, np.inf])

    def test_unknown_variable(self) -> None:
        with pytest.raises(ValueError, match=r"'taas' not found.*did you mean 'tas'"):
            sample().fillna({"taas": 0.0})

    def test_dataarray_refuses_a_dict(self) -> None:
        with pytest.raises(TypeError, match=r"per-variable fill values are for Dataset\.fillna"):
            sample()["tas"].fillna({"tas": 0.0})


@pytest.mark.compat
def test_fillna_dict_dtypes_match_xarray() -> None:
    xr = pytest.importorskip("xarray")
    values = {"tas": 0.0, "pr": np.float64(1), "n": 1.5}
    ours = sample().fillna(values)
    theirs = xr.Dataset({k: ("x", v.values) for k, v in sample().data_vars.items()}).fillna(values)
    assert dict(ours.dtypes) == dict(theirs.dtypes)
