"""Tests of Dataset arithmetic: Dataset (+) Dataset/DataArray/Variable/scalar/ndarray, in-place ops, ufuncs."""

from __future__ import annotations

import operator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as la
from labarray import DataArray, Dataset, Variable
from labarray.testing import assert_identical


def assert_coords_identical(a: Dataset, b: Dataset) -> None:
    assert list(a.coords) == list(b.coords)
    for name in a.coords:
        assert a.variables[name].identical(b.variables[name]), name
    assert set(a.xindexes) == set(b.xindexes)


def make_ds() -> Dataset:
    return Dataset(
        {
            "a": (("x", "y"), np.arange(6.0).reshape(3, 2), {"units": "m"}),
            "b": ("x", [1.0, 2.0, 3.0]),
        },
        coords={"x": [0, 1, 2], "y": [10, 20], "aux": ("x", [5, 6, 7])},
        attrs={"title": "t"},
    )


class TestScalarAndArray:
    @pytest.mark.parametrize(
        "op",
        [
            operator.add,
            operator.sub,
            operator.mul,
            operator.truediv,
            operator.pow,
            operator.floordiv,
            operator.mod,
        ],
    )
    def test_scalar(self, op) -> None:  # type: ignore[no-untyped-def]
        ds = make_ds()
        out = op(ds, 2)
        np.testing.assert_array_equal(out["a"].values, op(ds["a"].values, 2))
        np.testing.assert_array_equal(out["b"].values, op(ds["b"].values, 2))
        assert_coords_identical(out, ds)

    def test_reflexive(self) -> None:
        ds = make_ds()
        np.testing.assert_array_equal((10 - ds)["b"].values, [9.0, 8.0, 7.0])
        np.testing.assert_array_equal((2**ds)["b"].values, [2.0, 4.0, 8.0])

    def test_unary(self) -> None:
        ds = make_ds()
        np.testing.assert_array_equal((-ds)["b"].values, [-1.0, -2.0, -3.0])
        np.testing.assert_array_equal(abs(-ds)["b"].values, [1.0, 2.0, 3.0])
        bool_ds = ds > 1
        assert (~bool_ds)["b"].values.tolist() == [True, False, False]

    def test_comparisons(self) -> None:
        ds = make_ds()
        out = ds >= 2
        assert out["b"].dtype == bool
        assert out["b"].values.tolist() == [False, True, True]
        assert (ds == ds)["a"].values.all()

    def test_attrs_kept_by_default(self) -> None:
        # xarray >= 2025: binary operations keep the attrs of the first operand by default
        out = make_ds() + 1
        assert out.attrs == {"title": "t"}
        assert out["a"].attrs == {"units": "m"}
        # between two objects attrs are combined with "drop_conflicts" (xarray 2026.9)
        out = make_ds() + make_ds().assign_attrs(title="other", extra=1)
        assert out.attrs == {"extra": 1}
        assert (make_ds() + make_ds()).attrs == {"title": "t"}
        assert np.sqrt(make_ds()).attrs == {"title": "t"}

    def test_ndarray_broadcast_refused_or_positional(self) -> None:
        # a NumPy array has no dimension names: it can only combine with 0-d or same-shaped data
        ds = Dataset({"b": ("x", [1.0, 2.0, 3.0])})
        out = ds + np.array([1.0, 1.0, 1.0])
        assert out["b"].values.tolist() == [2.0, 3.0, 4.0]

    def test_unsupported_operand(self) -> None:
        with pytest.raises(TypeError):
            make_ds() + "text"  # type: ignore[operator]
        with pytest.raises(TypeError):
            make_ds() + object()  # type: ignore[operator]


class TestDatasetDataset:
    def test_aligned_by_label(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0, 3.0])}, coords={"x": [0, 1, 2]})
        b = Dataset({"v": ("x", [10.0, 20.0, 30.0])}, coords={"x": [2, 1, 0]})
        out = a + b
        assert list(out.indexes["x"]) == [0, 1, 2]
        assert out["v"].values.tolist() == [31.0, 22.0, 13.0]

    def test_inner_join_of_labels(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0, 3.0])}, coords={"x": [0, 1, 2]})
        b = Dataset({"v": ("x", [10.0, 20.0, 30.0])}, coords={"x": [1, 2, 3]})
        out = a - b
        assert list(out.indexes["x"]) == [1, 2]
        assert out["v"].values.tolist() == [-8.0, -17.0]

    def test_data_vars_inner_join(self) -> None:
        a = Dataset({"p": ("x", [1.0]), "q": ("x", [2.0])})
        b = Dataset({"q": ("x", [10.0]), "r": ("x", [20.0])})
        out = a + b
        assert list(out.data_vars) == ["q"]
        assert out["q"].values.tolist() == [12.0]

    def test_data_vars_outer_join(self) -> None:
        a = Dataset({"p": ("x", [1.0]), "q": ("x", [2.0])})
        b = Dataset({"q": ("x", [10.0]), "r": ("x", [20.0])})
        with la.set_options(arithmetic_join="outer"):
            out = a + b
        assert set(out.data_vars) == {"p", "q", "r"}
        assert np.isnan(out["p"].values).all()
        assert np.isnan(out["r"].values).all()
        assert out["q"].values.tolist() == [12.0]

    def test_data_vars_left_join(self) -> None:
        a = Dataset({"p": ("x", [1.0]), "q": ("x", [2.0])})
        b = Dataset({"q": ("x", [10.0]), "r": ("x", [20.0])})
        with la.set_options(arithmetic_join="left"):
            out = a + b
        assert list(out.data_vars) == ["p", "q"]
        assert np.isnan(out["p"].values).all()

    def test_data_vars_right_join_order(self) -> None:
        # as in xarray: the left operand's variables first, then the right's extra ones
        a = Dataset({"q": ("x", [1.0])})
        b = Dataset({"p": ("x", [10.0]), "q": ("x", [20.0])})
        with la.set_options(arithmetic_join="right"):
            out = a + b
        assert list(out.data_vars) == ["q", "p"]
        assert np.isnan(out["p"].values).all()

    def test_broadcast_by_dim_name(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])})
        b = Dataset({"v": ("y", [10.0, 20.0, 30.0])})
        out = a * b
        assert dict(out.sizes) == {"x": 2, "y": 3}
        assert out["v"].values.tolist() == [[10.0, 20.0, 30.0], [20.0, 40.0, 60.0]]

    def test_coords_merged(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])}, coords={"x": [0, 1], "c1": ("x", [5, 6])})
        b = Dataset({"v": ("x", [1.0, 2.0])}, coords={"x": [0, 1], "c2": ("x", [7, 8])})
        out = a + b
        assert {"c1", "c2"} <= set(out.coords)

    def test_conflicting_coords_dropped(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])}, coords={"c": ("x", [5, 6])})
        b = Dataset({"v": ("x", [1.0, 2.0])}, coords={"c": ("x", [5, 7])})
        out = a + b
        assert "c" not in out.coords

    def test_size_mismatch_without_index(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])})
        b = Dataset({"v": ("x", [1.0, 2.0, 3.0])})
        with pytest.raises(ValueError, match=r"'x'"):
            a + b

    def test_exact_join_different_labels(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])}, coords={"x": [0, 1]})
        b = Dataset({"v": ("x", [1.0, 2.0])}, coords={"x": [0, 2]})
        with la.set_options(arithmetic_join="exact"):
            with pytest.raises(ValueError, match=r"'x'"):
                a + b


class TestDatasetDataArray:
    def test_dataarray_applied_to_each_var(self) -> None:
        ds = make_ds()
        da = DataArray([1.0, 2.0], coords={"y": [10, 20]}, dims="y")
        out = ds * da
        np.testing.assert_array_equal(out["a"].values, ds["a"].values * [1.0, 2.0])
        assert set(out["b"].dims) == {"x", "y"}

    def test_dataarray_aligned(self) -> None:
        ds = make_ds()
        da = DataArray([100.0, 200.0], coords={"x": [2, 3]}, dims="x")
        out = ds + da
        assert list(out.indexes["x"]) == [2]
        assert out["b"].values.tolist() == [103.0]

    def test_reflexive_dataarray(self) -> None:
        ds = Dataset({"b": ("x", [1.0, 2.0])}, coords={"x": [0, 1]})
        da = DataArray([10.0, 20.0], coords={"x": [0, 1]}, dims="x")
        out = da - ds
        assert isinstance(out, Dataset)
        assert out["b"].values.tolist() == [9.0, 18.0]

    def test_variable_operand(self) -> None:
        ds = Dataset({"b": ("x", [1.0, 2.0])})
        out = ds + Variable("x", [1.0, 1.0])
        assert out["b"].values.tolist() == [2.0, 3.0]


class TestInPlace:
    def test_iadd_scalar_keeps_identity(self) -> None:
        ds = make_ds()
        ident = id(ds)
        ds += 1
        assert id(ds) == ident
        assert ds["b"].values.tolist() == [2.0, 3.0, 4.0]
        assert ds.attrs == {"title": "t"}  # in-place keeps attributes

    def test_iadd_dataset_same_labels(self) -> None:
        ds = make_ds()
        ds += make_ds()
        assert ds["b"].values.tolist() == [2.0, 4.0, 6.0]

    def test_iadd_does_not_realign(self) -> None:
        ds = Dataset({"v": ("x", [1.0, 2.0, 3.0])}, coords={"x": [0, 1, 2]})
        other = Dataset({"v": ("x", [10.0, 20.0, 30.0])}, coords={"x": [1, 2, 3]})
        with pytest.raises((ValueError, la.MergeError), match=r"'x'"):
            ds += other
        assert list(ds.indexes["x"]) == [0, 1, 2]
        assert ds["v"].values.tolist() == [1.0, 2.0, 3.0]

    def test_iadd_does_not_realign_dataarray(self) -> None:
        # labarray is strict (like xarray's DataArray in-place ops): differing indexes are an error
        ds = Dataset({"v": ("x", [1.0, 2.0, 3.0])}, coords={"x": [0, 1, 2]})
        for other in (
            DataArray([1.0, 1.0, 1.0], coords={"x": [2, 1, 0]}, dims="x"),
            DataArray([1.0], coords={"x": [0]}, dims="x"),
        ):
            with pytest.raises(la.MergeError, match=r"in-place.*'x'.*ds = ds \+ other"):
                ds += other
        assert list(ds.indexes["x"]) == [0, 1, 2]
        assert ds["v"].values.tolist() == [1.0, 2.0, 3.0]
        ds += DataArray([1.0, 1.0, 1.0], coords={"x": [0, 1, 2]}, dims="x")
        assert ds["v"].values.tolist() == [2.0, 3.0, 4.0]

    def test_iadd_upcasts_like_xarray(self) -> None:
        # xarray's Dataset in-place ops replace the variables, so an int variable may become float
        ds = Dataset({"i": ("x", np.array([1, 2]))}, coords={"x": [0, 1]})
        ident = id(ds)
        ds += 0.5
        assert id(ds) == ident
        assert ds["i"].dtype == np.float64
        assert ds["i"].values.tolist() == [1.5, 2.5]

    def test_iadd_missing_data_var(self) -> None:
        ds = Dataset({"p": ("x", [1.0])})
        with pytest.raises(ValueError, match=r"'q'|'p'"):
            ds += Dataset({"q": ("x", [1.0])})


class TestUfuncs:
    def test_sqrt(self) -> None:
        ds = make_ds()
        out = np.sqrt(ds)
        assert isinstance(out, Dataset)
        np.testing.assert_allclose(out["a"].values, np.sqrt(ds["a"].values))
        assert_coords_identical(out, ds)

    def test_binary_ufunc(self) -> None:
        ds = make_ds()
        out = np.maximum(ds, 2.0)
        assert out["b"].values.tolist() == [2.0, 2.0, 3.0]
        out = np.add(ds, ds)
        assert out["b"].values.tolist() == [2.0, 4.0, 6.0]

    def test_ufunc_with_dataarray_returns_dataset(self) -> None:
        ds = make_ds()
        out = np.add(ds["b"], ds)
        assert isinstance(out, Dataset)

    def test_ufunc_method_refused(self) -> None:
        with pytest.raises(NotImplementedError, match=r"reduce.*\.values"):
            np.add.reduce(make_ds())

    def test_ufunc_out_refused(self) -> None:
        ds = make_ds()
        with pytest.raises(NotImplementedError, match=r"`?out`?.*\.values"):
            np.sqrt(ds, out=ds)

    def test_asarray_refused(self) -> None:
        with pytest.raises(TypeError, match=r"to_dataarray"):
            np.asarray(make_ds())
        with pytest.raises(TypeError):
            np.array(make_ds())


def test_numpy_comparison_with_dataset_on_right() -> None:
    ds = Dataset({"b": ("x", [1.0, 2.0])})
    out = ds > 1.5
    assert out["b"].values.tolist() == [False, True]


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_property_library_datasets_add_on_label_intersection(data: st.DataObject) -> None:
    lst = pytest.importorskip("labarray.testing.strategies")
    a = data.draw(
        lst.datasets(
            dims=st.just({"x": data.draw(st.integers(1, 5))}),
            min_vars=1,
            max_vars=2,
            dtype="float64",
            elements={
                "allow_nan": False,
                "allow_infinity": False,
                "min_value": -1e6,
                "max_value": 1e6,
            },
            index_kind="int",
            attrs=st.just({}),
        ).filter(lambda d: "x" in d.xindexes)
    )
    keep = data.draw(st.lists(st.integers(0, a.sizes["x"] - 1), unique=True, min_size=0))
    b = a.isel(x=keep) * 2
    out = a + b
    labels_a = list(a.indexes["x"])
    common = [k for k in labels_a if k in set(b.indexes["x"])]
    assert sorted(out.indexes["x"]) == sorted(common)
    for name in a.data_vars:
        if "x" not in a[name].dims:
            np.testing.assert_array_equal(out[name].values, a[name].values + b[name].values)
            continue
        for label in common:
            expected = a[name].sel(x=label).values + b[name].sel(x=label).values
            np.testing.assert_array_equal(out[name].sel(x=label).values, expected)


@pytest.mark.parametrize(
    ("func", "method"),
    [(np.mean, "mean"), (np.sum, "sum"), (np.max, "max"), (np.min, "min"), (np.prod, "prod")],
)
def test_numpy_reduction_functions_dispatch_to_methods(func, method) -> None:  # type: ignore[no-untyped-def]
    # np.mean(ds) calls ds.mean(axis=None, dtype=None, out=None), as in xarray
    ds = Dataset({"a": ("x", [1.0, -2.0, np.nan]), "i": ("x", [1, 2, 3])}, coords={"x": [0, 1, 2]})
    out = func(ds)
    assert isinstance(out, Dataset)
    assert_identical(out, getattr(ds, method)())


def test_reduction_axis_none_means_all_dims() -> None:
    ds = Dataset({"a": (("x", "y"), np.arange(6.0).reshape(2, 3))})
    assert ds.mean(axis=None)["a"].item() == 2.5
