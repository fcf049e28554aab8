"""Tests of labarray.methods.deprecated: drop, reset_encoding, searchsorted, to_masked_array."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la
from labarray.utils.warnings import LabarrayDeprecationWarning


def sample() -> la.Dataset:
    return la.Dataset(
        {"a": (("x", "y"), np.arange(6.0).reshape(3, 2)), "b": ("x", [1, 2, 3])},
        coords={"x": [10, 20, 30], "y": [1, 2], "c": ("x", [5, 6, 7])},
    )


class TestDrop:
    @pytest.mark.parametrize("names", ["b", ["b", "c"]])
    def test_names_act_as_drop_vars(self, names: object) -> None:
        ds = sample()
        with pytest.warns(FutureWarning, match=r"use drop_vars\(\)") as record:
            out = ds.drop(names)
        assert record[0].filename == __file__
        la.testing.assert_identical(out, ds.drop_vars(names))

    def test_labels_with_dim_act_as_drop_sel(self) -> None:
        ds = sample()
        with pytest.warns(LabarrayDeprecationWarning, match=r"drop_sel\(\{'x': labels\}\)"):
            out = ds.drop([10, 20], dim="x")
        assert out.x.values.tolist() == [30]
        with pytest.warns(FutureWarning):
            assert ds.drop(20, dim="x").x.values.tolist() == [10, 30]

    @pytest.mark.parametrize("call", ["kwargs", "dict"])
    def test_labels_by_dimension_act_as_drop_sel(self, call: str) -> None:
        ds = sample()
        with pytest.warns(FutureWarning, match=r"use drop_sel\(\)"):
            out = ds.drop(x=[10]) if call == "kwargs" else ds.drop({"x": [10]})
        la.testing.assert_identical(out, ds.drop_sel(x=[10]))

    def test_coordinates_mapping_acts_as_drop_vars(self) -> None:
        ds = sample()
        with pytest.warns(FutureWarning, match="dropping coordinates"):
            out = ds.drop(ds.coords)
        assert list(out.variables) == ["a", "b"]

    def test_dataarray(self) -> None:
        da = sample()["a"]
        with pytest.warns(FutureWarning):
            assert "c" not in da.drop("c").coords
        with pytest.warns(FutureWarning):
            assert da.drop([1], dim="y").y.values.tolist() == [2]
        with pytest.warns(FutureWarning):
            assert da.drop(y=[2]).y.values.tolist() == [1]

    def test_errors_ignore(self) -> None:
        ds = sample()
        with pytest.warns(FutureWarning):
            la.testing.assert_identical(ds.drop(["zz"], errors="ignore"), ds)
        with pytest.warns(FutureWarning):
            assert ds.drop([11, 20], dim="x", errors="ignore").x.values.tolist() == [10, 30]

    def test_missing_name_and_label(self) -> None:
        ds = sample()
        with pytest.warns(FutureWarning), pytest.raises(ValueError, match=r"'bb' not found.*did you mean 'b'"):
            ds.drop("bb")
        with pytest.warns(FutureWarning), pytest.raises(KeyError, match=r"\[11\] not found in dimension 'x'"):
            ds.drop([11], dim="x")

    def test_bad_arguments(self) -> None:
        ds = sample()
        with pytest.raises(ValueError, match="errors must be 'raise' or 'ignore', got 'foo'"):
            ds.drop("b", errors="foo")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="both dim= and labels by dimension"):
            ds.drop({"x": [10]}, dim="x")
        with pytest.raises(TypeError, match=r"needs the names.*drop_vars"):
            ds.drop()


def test_reset_encoding() -> None:
    ds = sample()
    ds["a"].encoding["dtype"] = "int16"
    ds.encoding["unlimited_dims"] = {"x"}
    with pytest.warns(FutureWarning, match=r"use drop_encoding\(\)"):
        out = ds.reset_encoding()
    assert out["a"].encoding == {} and out.encoding == {}
    with pytest.warns(FutureWarning):
        assert ds["a"].reset_encoding().encoding == {}


class TestSearchsorted:
    def test_positions(self) -> None:
        da = la.DataArray([10.0, 20.0, 30.0], dims="lat")
        assert da.searchsorted(20) == 1
        assert da.searchsorted(20, side="right") == 2
        np.testing.assert_array_equal(da.searchsorted(la.DataArray([5, 25], dims="p")), [0, 2])
        unsorted = la.DataArray([30, 10, 20], dims="lat")
        assert unsorted.searchsorted(15, sorter=np.argsort(unsorted.values)) == 1

    def test_dask(self) -> None:
        da = la.DataArray(np.arange(10), dims="x").chunk(3)
        assert da.searchsorted(4.5) == 5

    def test_bad_input(self) -> None:
        with pytest.raises(ValueError, match=r"one-dimensional.*\('x', 'y'\)"):
            la.DataArray(np.zeros((2, 2)), dims=("x", "y")).searchsorted(0)
        with pytest.raises(ValueError, match="side must be 'left' or 'right', got 'middle'"):
            la.DataArray([1, 2], dims="x").searchsorted(1, side="middle")  # type: ignore[arg-type]

    def test_not_on_dataset(self) -> None:
        with pytest.raises(AttributeError, match="searchsorted"):
            sample().searchsorted


class TestToMaskedArray:
    def test_masks_missing_values(self) -> None:
        da = la.DataArray([[1.0, np.nan], [np.inf, 4.0]], dims=("x", "y"))
        out = da.to_masked_array()
        assert isinstance(out, np.ma.MaskedArray)
        assert out.mask.tolist() == [[False, True], [False, False]]
        out[0, 0] = 9.0
        assert da.values[0, 0] == 1.0  # a copy by default

    def test_no_copy_and_times(self) -> None:
        da = la.DataArray(np.array(["2000-01-01", "NaT"], dtype="M8[ns]"), dims="t")
        assert da.to_masked_array(copy=False).mask.tolist() == [False, True]
        ints = la.DataArray([1, 2], dims="x")
        view = ints.to_masked_array(copy=False)
        view[0] = 7
        assert ints.values[0] == 7

    def test_dask_and_bad_copy(self) -> None:
        da = la.DataArray([1.0, np.nan], dims="x").chunk(1)
        assert da.to_masked_array().mask.tolist() == [False, True]
        with pytest.raises(TypeError):
            la.DataArray([1.0], dims="x").to_masked_array(True, True)  # type: ignore[call-arg]


@pytest.mark.compat
def test_matches_xarray() -> None:
    xr = pytest.importorskip("xarray")
    values = np.array([[1.0, np.nan], [3.0, 4.0], [5.0, 6.0]])
    ours = la.Dataset({"a": (("x", "y"), values)}, coords={"x": [10, 20, 30], "c": ("x", [1, 2, 3])})
    theirs = xr.Dataset({"a": (("x", "y"), values)}, coords={"x": [10, 20, 30], "c": ("x", [1, 2, 3])})
    with pytest.warns(FutureWarning):
        a = ours.drop("c")
    with pytest.warns(FutureWarning):
        b = theirs.drop("c")
    assert list(a.variables) == list(b.variables)
    with pytest.warns(FutureWarning):
        a = ours.drop([10, 30], dim="x")
    with pytest.warns(FutureWarning):
        b = theirs.drop([10, 30], dim="x")
    np.testing.assert_array_equal(a["a"].values, b["a"].values)
    masked_ours, masked_theirs = ours["a"].to_masked_array(), theirs["a"].to_masked_array()
    np.testing.assert_array_equal(masked_ours.mask, masked_theirs.mask)
    assert ours.x.searchsorted(20) == theirs.x.searchsorted(20)
