"""Tests of the Dataset façade: construction, mapping access, variable/coord/dim bookkeeping."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray import Coordinates, DataArray, Dataset, Variable
from labarray.testing import assert_identical


def assert_identical_indexed(a: Dataset, b: Dataset) -> None:
    """assert_identical plus the indexes (assert_identical does not compare them yet, see B35)."""
    assert_identical(a, b)
    if hasattr(a, "xindexes"):
        assert set(a.xindexes) == set(b.xindexes), (list(a.xindexes), list(b.xindexes))
        for name in a.xindexes:
            assert a.xindexes[name].equals(b.xindexes[name]), name


def make_ds() -> Dataset:
    return Dataset(
        {
            "a": (("x", "y"), np.arange(6.0).reshape(2, 3), {"units": "m"}),
            "b": ("x", np.array([10, 20])),
            "c": ("y", np.array([1.5, 2.5, 3.5])),
        },
        coords={"x": [0, 1], "y": ["p", "q", "r"], "aux": ("x", [7, 8])},
        attrs={"title": "t"},
    )


# ------------------------------------------------------------------ construction
class TestConstruction:
    def test_empty(self) -> None:
        ds = Dataset()
        assert len(ds) == 0
        assert dict(ds.sizes) == {}
        assert ds.attrs == {}
        assert not ds

    def test_tuple_forms(self) -> None:
        ds = Dataset(
            {
                "a": ("x", [1, 2, 3]),
                "b": (("x", "y"), np.zeros((3, 2)), {"units": "K"}),
                "c": ((), 5.0),
                "d": ("y", [1, 2], {"u": 1}, {"dtype": "int16"}),
            }
        )
        assert dict(ds.sizes) == {"x": 3, "y": 2}
        assert ds["b"].attrs == {"units": "K"}
        assert ds["c"].dims == ()
        assert ds["d"].encoding == {"dtype": "int16"}
        assert list(ds.data_vars) == ["a", "b", "c", "d"]
        assert list(ds.coords) == []

    def test_variable_values(self) -> None:
        v = Variable(("x",), [1.0, 2.0], attrs={"k": 1})
        ds = Dataset({"v": v})
        assert ds["v"].dims == ("x",)
        assert ds["v"].attrs == {"k": 1}

    def test_1d_data_named_after_dim_becomes_index(self) -> None:
        ds = Dataset({"v": ("x", [1, 2, 3])}, coords={"x": [10, 20, 30]})
        assert "x" in ds.indexes
        assert list(ds.indexes["x"]) == [10, 20, 30]
        assert "x" in ds.coords
        assert "x" not in ds.data_vars

    def test_data_var_named_after_dim_is_promoted_to_coord(self) -> None:
        ds = Dataset({"x": ("x", [1, 2]), "v": ("x", [3, 4])})
        assert "x" in ds.coords
        assert "x" in ds.xindexes
        assert list(ds.data_vars) == ["v"]

    def test_pandas_series_value(self) -> None:
        s = pd.Series([1.0, 2.0], index=pd.Index([5, 6], name="x"))
        ds = Dataset({"a": s})
        assert list(ds.data_vars) == ["a"]
        assert ds["a"].dims == ("x",)
        assert list(ds.indexes["x"]) == [5, 6]
        ds = Dataset({"a": pd.Series([1.0, 2.0])})
        assert ds["a"].dims == ("dim_0",)
        assert list(ds.indexes["dim_0"]) == [0, 1]

    def test_coord_from_pandas_index(self) -> None:
        ds = Dataset({"v": ("t", [1, 2])}, coords={"t": pd.Index([5, 6], name="t")})
        assert list(ds.indexes["t"]) == [5, 6]

    def test_numpy_dtypes_kept_for_strings(self) -> None:
        ds = Dataset(coords={"s": ["a", "bb"]})
        assert ds["s"].dtype.kind == "U"
        assert ds.indexes["s"].equals(pd.Index(["a", "bb"]))

    def test_dataarray_values_are_aligned(self) -> None:
        a = DataArray([1.0, 2.0, 3.0], coords={"x": [0, 1, 2]}, dims="x")
        b = DataArray([10.0, 20.0], coords={"x": [1, 2]}, dims="x")
        ds = Dataset({"a": a, "b": b})
        assert list(ds.x.values) == [0, 1, 2]
        np.testing.assert_array_equal(ds["b"].values, [np.nan, 10.0, 20.0])
        np.testing.assert_array_equal(ds["a"].values, [1.0, 2.0, 3.0])

    def test_explicit_coords_take_priority_over_dataarray_index(self) -> None:
        # as in xarray: DataArray values are reindexed onto the explicitly given index
        a = DataArray([1.0, 2.0], coords={"x": [0, 1]}, dims="x")
        ds = Dataset({"a": a}, coords={"x": [1, 5]})
        assert list(ds.indexes["x"]) == [1, 5]
        np.testing.assert_array_equal(ds["a"].values, [2.0, np.nan])

    def test_conflict_message_shows_plain_values(self) -> None:
        a = DataArray([1], dims="x", coords={"c": 1})
        b = DataArray([1], dims="x", coords={"c": 2})
        with pytest.raises(la.MergeError, match=r"'c'") as info:
            Dataset({"a": a, "b": b})
        assert "np." not in str(info.value)

    def test_dataarray_coords_are_carried(self) -> None:
        a = DataArray([1, 2], coords={"x": [0, 1], "lbl": ("x", ["u", "v"])}, dims="x")
        ds = Dataset({"a": a})
        assert "lbl" in ds.coords
        assert list(ds["lbl"].values) == ["u", "v"]

    def test_dataarray_name_ignored_in_favor_of_key(self) -> None:
        a = DataArray([1, 2], dims="x", name="other")
        ds = Dataset({"a": a})
        assert list(ds.data_vars) == ["a"]
        assert ds["a"].name == "a"

    def test_multiindex_coord(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        coords = Coordinates.from_pandas_multiindex(midx, "x")
        ds = Dataset({"v": ("x", np.arange(4))}, coords=coords)
        assert set(ds.coords) == {"x", "one", "two"}
        assert isinstance(ds.xindexes["x"], la.PandasMultiIndex)
        assert ds.xindexes["one"] is ds.xindexes["x"]
        assert list(ds["one"].values) == ["a", "a", "b", "b"]

    def test_coordinates_object(self) -> None:
        coords = Coordinates({"x": [1, 2, 3]})
        ds = Dataset({"v": ("x", [4, 5, 6])}, coords=coords)
        assert "x" in ds.xindexes
        assert_identical_indexed(ds.coords.to_dataset(), coords.to_dataset())

    def test_coordinates_without_indexes(self) -> None:
        coords = Coordinates({"x": ("x", [1, 2])}, indexes={})
        ds = Dataset(coords=coords)
        assert "x" in ds.coords
        assert "x" not in ds.xindexes

    def test_scalar_and_non_index_coords(self) -> None:
        ds = Dataset({"v": ("x", [1, 2])}, coords={"s": 3, "lbl": ("x", ["a", "b"])})
        assert ds["s"].dims == ()
        assert "lbl" in ds.coords and "lbl" not in ds.xindexes

    def test_attrs(self) -> None:
        ds = Dataset(attrs={"a": 1})
        assert ds.attrs == {"a": 1}
        ds.attrs = {"b": 2}
        assert ds.attrs == {"b": 2}

    def test_conflicting_sizes(self) -> None:
        with pytest.raises(ValueError, match=r"'x'.*(2|3).*(3|2)"):
            Dataset({"a": ("x", [1, 2]), "b": ("x", [1, 2, 3])})

    def test_tuple_data_dims_mismatch(self) -> None:
        with pytest.raises(ValueError, match=r"'a'"):
            Dataset({"a": (("x", "y"), [1, 2, 3])})

    def test_same_name_in_data_vars_and_coords(self) -> None:
        with pytest.raises(ValueError, match=r"'a'"):
            Dataset({"a": ("x", [1, 2])}, coords={"a": ("x", [1, 2])})

    def test_conflicting_dataarray_coordinates_name_the_coordinate(self) -> None:
        a = DataArray([1, 2], coords={"x": [0, 1], "lbl": ("x", ["u", "v"])}, dims="x")
        b = DataArray([1, 2], coords={"x": [0, 1], "lbl": ("x", ["u", "w"])}, dims="x")
        with pytest.raises(la.MergeError, match=r"'lbl'"):
            Dataset({"a": a, "b": b})

    def test_bad_value_type(self) -> None:
        with pytest.raises((TypeError, ValueError), match=r"'a'"):
            Dataset({"a": [[1, 2], [3, 4]]})

    def test_data_vars_not_a_mapping(self) -> None:
        with pytest.raises(TypeError):
            Dataset([1, 2, 3])  # type: ignore[arg-type]

    def test_dataset_as_data_vars(self) -> None:
        ds = make_ds()
        assert_identical_indexed(Dataset(ds.data_vars, coords=ds.coords, attrs=ds.attrs), ds)


# ------------------------------------------------------------------ properties
class TestProperties:
    def test_sizes_and_dims(self) -> None:
        ds = make_ds()
        assert dict(ds.sizes) == {"x": 2, "y": 3}
        assert set(ds.dims) == {"x", "y"}
        assert ds.sizes["y"] == 3

    def test_sizes_is_read_only(self) -> None:
        ds = make_ds()
        with pytest.raises(TypeError):
            ds.sizes["x"] = 5  # type: ignore[index]

    def test_nbytes(self) -> None:
        ds = make_ds()
        expected = sum(v.nbytes for v in ds.variables.values())
        assert ds.nbytes == expected
        assert ds.nbytes == 6 * 8 + 2 * 8 + 3 * 8 + 2 * 8 + 2 * 8 + ds["y"].nbytes

    def test_data_vars(self) -> None:
        ds = make_ds()
        assert list(ds.data_vars) == ["a", "b", "c"]
        assert len(ds.data_vars) == 3
        assert "a" in ds.data_vars and "x" not in ds.data_vars
        assert isinstance(ds.data_vars["a"], DataArray)
        assert set(ds.data_vars.dtypes) == {"a", "b", "c"}
        with pytest.raises(KeyError, match=r"'x'"):
            ds.data_vars["x"]

    def test_coords(self) -> None:
        ds = make_ds()
        assert set(ds.coords) == {"x", "y", "aux"}
        assert isinstance(ds.coords["aux"], DataArray)

    def test_indexes_and_xindexes(self) -> None:
        ds = make_ds()
        assert set(ds.indexes) == {"x", "y"}
        assert isinstance(ds.indexes["x"], pd.Index)
        assert isinstance(ds.xindexes["x"], la.PandasIndex)
        assert "aux" not in ds.indexes

    def test_dims_and_variables_order_follow_data_vars_first(self) -> None:
        # as in xarray: data variables come first, then coordinates; dims in order of appearance
        ds = Dataset(
            {"b": ("x", [1, 2, 3]), "a": (("z", "x"), np.zeros((2, 3)))},
            coords={"y": ["u", "v"], "w": ("q", [1])},
        )
        assert list(ds.sizes) == ["x", "z", "y", "q"]
        assert list(ds.variables) == ["b", "a", "y", "w"]

    def test_dimension_without_coordinate_as_variable(self) -> None:
        # as in xarray: ds["x"] for a dimension without coordinate is a default range
        ds = Dataset({"a": ("x", [5.0, 6.0, 7.0])})
        assert ds["x"].values.tolist() == [0, 1, 2]
        assert ds["x"].dims == ("x",)
        assert ds.x.name == "x"

    def test_variables(self) -> None:
        ds = make_ds()
        assert set(ds.variables) == {"a", "b", "c", "x", "y", "aux"}
        assert isinstance(ds.variables["a"], Variable)

    def test_dtypes(self) -> None:
        ds = make_ds()
        assert ds.dtypes["a"] == np.float64
        assert "x" not in ds.dtypes

    def test_len_iter_contains(self) -> None:
        ds = make_ds()
        assert len(ds) == 3
        assert list(ds) == ["a", "b", "c"]
        assert "x" in ds  # coordinates are "in" a Dataset
        assert "zz" not in ds

    def test_chunks_empty_for_numpy(self) -> None:
        assert dict(make_ds().chunks) == {}


# ------------------------------------------------------------------ mapping access
class TestAccess:
    def test_getitem_variable(self) -> None:
        ds = make_ds()
        a = ds["a"]
        assert isinstance(a, DataArray)
        assert a.name == "a"
        assert set(a.coords) == {"x", "y", "aux"}
        assert a.attrs == {"units": "m"}

    def test_getitem_coord(self) -> None:
        ds = make_ds()
        assert list(ds["x"].values) == [0, 1]
        assert ds["x"].name == "x"

    def test_getitem_list(self) -> None:
        ds = make_ds()
        sub = ds[["a", "c"]]
        assert isinstance(sub, Dataset)
        assert list(sub.data_vars) == ["a", "c"]
        assert set(sub.coords) == {"x", "y", "aux"}
        assert sub.attrs == {"title": "t"}

    def test_getitem_list_only_needed_dims(self) -> None:
        ds = make_ds()
        sub = ds[["c"]]
        assert dict(sub.sizes) == {"y": 3}
        assert "aux" not in sub.coords

    def test_getitem_dict_is_isel(self) -> None:
        ds = make_ds()
        assert_identical_indexed(ds[{"x": 0}], ds.isel(x=0))

    def test_getitem_missing_suggests(self) -> None:
        ds = make_ds()
        with pytest.raises(KeyError, match=r"'aa'.*did you mean 'a'"):
            ds["aa"]

    def test_getitem_missing_lists_existing(self) -> None:
        ds = make_ds()
        with pytest.raises(KeyError, match=r"'zzz'.*a, b, c"):
            ds["zzz"]

    def test_getitem_tuple_hints_list(self) -> None:
        with pytest.raises(KeyError, match=r"\('a', 'b'\).*list.*ds\[\['a', 'b'\]\]"):
            make_ds()[("a", "b")]

    def test_getitem_list_missing(self) -> None:
        with pytest.raises(KeyError, match=r"'bb'"):
            make_ds()[["a", "bb"]]

    def test_getitem_virtual_variable(self) -> None:
        ds = Dataset(coords={"t": pd.date_range("2000-01-01", periods=3, freq="MS")})
        np.testing.assert_array_equal(ds["t.month"].values, [1, 2, 3])

    def test_attribute_access(self) -> None:
        ds = make_ds()
        assert_identical_indexed(ds.a, ds["a"])
        assert_identical_indexed(ds.x, ds["x"])
        assert ds.title == "t"  # attrs are reachable too

    def test_attribute_missing(self) -> None:
        with pytest.raises(AttributeError, match=r"'zzz'"):
            make_ds().zzz

    def test_attribute_typo_suggests(self) -> None:
        with pytest.raises(AttributeError, match=r"did you mean"):
            make_ds().titel

    def test_setattr_new_name_refused(self) -> None:
        ds = make_ds()
        with pytest.raises(AttributeError, match=r"ds\[.new.\]|__setitem__|cannot set"):
            ds.new = 1  # type: ignore[attr-defined]

    def test_dir_and_key_completions(self) -> None:
        ds = make_ds()
        assert {"a", "b", "x", "title"} <= set(dir(ds))
        assert {"a", "x", "aux"} <= set(ds._ipython_key_completions_())

    def test_setitem_new_variable(self) -> None:
        ds = make_ds()
        ds["d"] = ("x", [1.0, 2.0])
        assert list(ds.data_vars) == ["a", "b", "c", "d"]
        ds["e"] = ds["a"] * 2
        np.testing.assert_array_equal(ds["e"].values, ds["a"].values * 2)

    def test_setitem_aligns_dataarray(self) -> None:
        ds = make_ds()
        ds["d"] = DataArray([5.0, 6.0, 7.0], coords={"x": [1, 2, 3]}, dims="x")
        assert list(ds.x.values) == [0, 1]
        np.testing.assert_array_equal(ds["d"].values, [np.nan, 5.0])

    def test_setitem_replaces(self) -> None:
        ds = make_ds()
        ds["b"] = ("x", [0, 0])
        assert list(ds["b"].values) == [0, 0]
        assert list(ds.data_vars) == ["a", "b", "c"]

    def test_setitem_wrong_size(self) -> None:
        ds = make_ds()
        with pytest.raises(ValueError, match=r"'x'"):
            ds["d"] = ("x", [1, 2, 3])

    def test_setitem_list_of_keys(self) -> None:
        ds = make_ds()
        ds[["p", "q"]] = [("x", [1, 2]), ("y", [1, 2, 3])]
        assert {"p", "q"} <= set(ds.data_vars)

    def test_setitem_dataset_value_refused(self) -> None:
        ds = make_ds()
        with pytest.raises(TypeError):
            ds["z"] = ds

    def test_delitem(self) -> None:
        ds = make_ds()
        del ds["b"]
        assert list(ds.data_vars) == ["a", "c"]

    def test_delitem_index_coord_drops_index(self) -> None:
        ds = make_ds()
        del ds["x"]
        assert "x" not in ds.coords and "x" not in ds.xindexes
        assert ds.sizes["x"] == 2

    def test_delitem_missing(self) -> None:
        ds = make_ds()
        with pytest.raises(KeyError, match=r"'bb'.*did you mean 'b'"):
            del ds["bb"]

    def test_np_asarray_raises_clear_type_error(self) -> None:
        with pytest.raises(TypeError, match=r"Dataset.*to_dataarray|DataArray"):
            np.asarray(make_ds())


# ------------------------------------------------------------------ assign & co
class TestAssign:
    def test_assign_kwargs_and_dict(self) -> None:
        ds = make_ds()
        out = ds.assign(d=("x", [1, 2]), e=lambda d: d.a + 1)
        assert {"d", "e"} <= set(out.data_vars)
        assert "d" not in ds
        np.testing.assert_array_equal(out["e"].values, ds["a"].values + 1)
        out2 = ds.assign({"d": ("x", [1, 2])})
        assert_identical_indexed(out2["d"], out["d"])

    def test_assign_callables_see_the_original(self) -> None:
        # as in xarray: every callable is evaluated on the original dataset
        out = make_ds().assign(b=lambda d: d.b * 2, e=lambda d: d.b + 1)
        np.testing.assert_array_equal(out["e"].values, [11, 21])
        with pytest.raises(AttributeError, match=r"'d'"):
            make_ds().assign(d=lambda d: d.b * 2, e=lambda d: d.d + 1)

    def test_assign_both_forms(self) -> None:
        with pytest.raises(ValueError, match=r"both keyword and positional"):
            make_ds().assign({"d": 1}, e=2)

    def test_assign_scalar(self) -> None:
        out = make_ds().assign(s=3.0)
        assert out["s"].dims == ()

    def test_assign_coords(self) -> None:
        ds = make_ds()
        out = ds.assign_coords(x=[5, 6])
        assert list(out.indexes["x"]) == [5, 6]
        assert list(ds.indexes["x"]) == [0, 1]
        out = ds.assign_coords(lbl=("y", ["u", "v", "w"]))
        assert "lbl" in out.coords and "lbl" not in out.data_vars

    def test_assign_coords_dataarray_is_aligned(self) -> None:
        # as in xarray: a DataArray coordinate is reindexed to the dataset's indexes
        ds = make_ds()
        out = ds.assign_coords(aux=DataArray([9.0, 8.0], dims="x", coords={"x": [1, 5]}))
        assert list(out.indexes["x"]) == [0, 1]
        np.testing.assert_array_equal(out["aux"].values, [np.nan, 9.0])

    def test_assign_coords_callable(self) -> None:
        out = make_ds().assign_coords(x2=lambda d: d.x * 2)
        np.testing.assert_array_equal(out["x2"].values, [0, 2])

    def test_assign_coords_wrong_size(self) -> None:
        with pytest.raises(ValueError, match=r"'x'"):
            make_ds().assign_coords(x=[1, 2, 3])

    def test_assign_dataarray_to_multiindexed_dataset(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        ds = Dataset(
            {"v": ("z", np.arange(4))}, coords=Coordinates.from_pandas_multiindex(midx, "z")
        )
        out = ds.assign(w=ds.v * 2)
        assert out.sel(two=2)["w"].values.tolist() == [2, 6]
        assert isinstance(out.xindexes["z"], la.PandasMultiIndex)
        ds["w2"] = ds.v
        assert ds["w2"].values.tolist() == [0, 1, 2, 3]

    def test_assign_coords_multiindex_level_refused(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        ds = Dataset(
            {"v": ("z", np.arange(4))}, coords=Coordinates.from_pandas_multiindex(midx, "z")
        )
        with pytest.raises(ValueError, match=r"'one'"):
            ds.assign_coords(one=("z", ["c", "c", "d", "d"]))

    def test_assign_attrs(self) -> None:
        ds = make_ds()
        out = ds.assign_attrs(history="h", title="new")
        assert out.attrs == {"title": "new", "history": "h"}
        assert ds.attrs == {"title": "t"}
        assert ds.assign_attrs({"k": 1}).attrs == {"title": "t", "k": 1}

    def test_update_in_place(self) -> None:
        ds = make_ds()
        ret = ds.update({"d": ("x", [1, 2])})
        assert "d" in ds
        assert ret is ds

    def test_set_coords(self) -> None:
        ds = make_ds().set_coords("b")
        assert "b" in ds.coords and "b" not in ds.data_vars
        ds = make_ds().set_coords(["b", "c"])
        assert list(ds.data_vars) == ["a"]

    def test_set_coords_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'bb'.*did you mean 'b'"):
            make_ds().set_coords("bb")

    def test_reset_coords(self) -> None:
        ds = make_ds()
        out = ds.reset_coords()
        assert "aux" in out.data_vars
        assert "x" in out.coords  # index coords stay
        out = ds.reset_coords("aux", drop=True)
        assert "aux" not in out.variables

    def test_set_then_reset_coords_keeps_variable_order(self) -> None:
        ds = Dataset({"p": ("x", [1]), "q": ("x", [2])}, coords={"c": ("x", [3])})
        assert list(ds.set_coords("p").reset_coords().data_vars) == ["p", "q", "c"]

    def test_reset_coords_index_refused(self) -> None:
        with pytest.raises(ValueError, match=r"'x'.*index"):
            make_ds().reset_coords("x")

    def test_reset_coords_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'auxx'.*did you mean 'aux'"):
            make_ds().reset_coords("auxx")


# ------------------------------------------------------------------ drop / rename / swap
class TestDropRename:
    def test_drop_vars(self) -> None:
        ds = make_ds()
        assert list(ds.drop_vars("a").data_vars) == ["b", "c"]
        assert list(ds.drop_vars(["a", "b"]).data_vars) == ["c"]
        out = ds.drop_vars("x")
        assert "x" not in out.xindexes and out.sizes["x"] == 2

    def test_drop_vars_callable(self) -> None:
        out = make_ds().drop_vars(lambda d: [k for k in d.data_vars if k != "a"])
        assert list(out.data_vars) == ["a"]

    def test_drop_vars_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'aa'.*did you mean 'a'"):
            make_ds().drop_vars("aa")
        out = make_ds().drop_vars(["aa", "a"], errors="ignore")
        assert "a" not in out

    def test_drop_vars_multiindex_level(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        ds = Dataset(
            {"v": ("z", np.arange(4))}, coords=Coordinates.from_pandas_multiindex(midx, "z")
        )
        with pytest.raises(ValueError, match=r"one|two|z"):
            ds.drop_vars("one")

    def test_drop_dims(self) -> None:
        ds = make_ds()
        out = ds.drop_dims("y")
        assert set(out.variables) == {"b", "x", "aux"}
        assert "y" not in out.sizes

    def test_drop_dims_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'yy'.*did you mean 'y'"):
            make_ds().drop_dims("yy")
        assert_identical_indexed(make_ds().drop_dims("yy", errors="ignore"), make_ds())

    @pytest.mark.parametrize("method", ["drop_vars", "drop_dims"])
    def test_drop_errors_argument_validated(self, method: str) -> None:
        with pytest.raises(ValueError, match=r"errors.*'raise'.*'ignore'.*'nope'"):
            getattr(make_ds(), method)("x", errors="nope")

    def test_rename(self) -> None:
        ds = make_ds()
        out = ds.rename(a="A", x="X")
        assert "A" in out.data_vars
        assert "X" in out.xindexes
        assert out["A"].dims == ("X", "y")
        assert out.sizes["X"] == 2

    def test_rename_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'aa'.*did you mean 'a'"):
            make_ds().rename(aa="A")

    def test_rename_vars_keeps_dims(self) -> None:
        out = make_ds().rename_vars(x="X")
        assert "X" in out.coords
        assert out["a"].dims == ("x", "y")
        assert "x" in out.sizes

    def test_rename_dims_keeps_vars(self) -> None:
        out = make_ds().rename_dims(x="X")
        assert out["a"].dims == ("X", "y")
        assert "x" in out.variables
        assert out["x"].dims == ("X",)

    def test_rename_dims_to_existing_dim(self) -> None:
        with pytest.raises(
            ValueError,
            match=r"cannot rename.*'x'.*'y'.*already exists.*swap_dims|'y' already exists",
        ):
            make_ds().rename_dims(x="y")

    def test_rename_dims_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'xx'.*did you mean 'x'"):
            make_ds().rename_dims(xx="X")

    def test_rename_to_existing_name_conflicts(self) -> None:
        with pytest.raises(ValueError, match=r"'b'"):
            make_ds().rename_vars(a="b")

    def test_swap_dims(self) -> None:
        ds = make_ds()
        out = ds.swap_dims(x="aux")
        assert out["a"].dims == ("aux", "y")
        assert "aux" in out.xindexes
        assert "x" not in out.xindexes
        assert out["x"].dims == ("aux",)

    def test_swap_dims_to_new_name(self) -> None:
        out = make_ds().swap_dims({"x": "w"})
        assert out["a"].dims == ("w", "y")

    def test_swap_dims_wrong_dims(self) -> None:
        with pytest.raises(ValueError, match=r"'xx'"):
            make_ds().swap_dims(xx="aux")
        with pytest.raises(ValueError, match=r"'c'.*'x'|'x'.*'c'"):
            make_ds().swap_dims(x="c")


# ------------------------------------------------------------------ copy/astype/transpose/expand/squeeze
class TestCopyTransform:
    def test_shallow_copy_shares_data(self) -> None:
        ds = make_ds()
        c = ds.copy(deep=False)
        assert_identical_indexed(c, ds)
        c["a"].values[0, 0] = 100.0
        assert ds["a"].values[0, 0] == 100.0
        c.attrs["new"] = 1
        assert "new" not in ds.attrs
        c["d"] = ("x", [1, 2])
        assert "d" not in ds

    def test_deep_copy_independent(self) -> None:
        ds = Dataset({"a": ("x", [1.0, 2.0], {"nested": [1]})}, attrs={"l": [1]})
        c = ds.copy(deep=True)
        assert_identical_indexed(c, ds)
        c["a"].values[0] = 100.0
        c.attrs["l"].append(2)
        c["a"].attrs["nested"].append(2)
        assert ds["a"].values[0] == 1.0
        assert ds.attrs["l"] == [1]
        assert ds["a"].attrs["nested"] == [1]

    def test_copy_module(self) -> None:
        ds = make_ds()
        assert_identical_indexed(copy.copy(ds), ds)
        d = copy.deepcopy(ds)
        d["a"].values[:] = -1
        assert ds["a"].values[0, 0] == 0.0

    def test_copy_with_data(self) -> None:
        ds = make_ds()
        out = ds.copy(data={"b": [5, 6]})
        assert list(out["b"].values) == [5, 6]
        assert list(ds["b"].values) == [10, 20]

    def test_copy_with_data_bad(self) -> None:
        with pytest.raises(ValueError, match=r"'zz'|missing|not in"):
            make_ds().copy(data={"zz": [1]})

    def test_astype(self) -> None:
        ds = make_ds()
        out = ds.astype("float32")
        assert out["a"].dtype == np.float32
        assert out["b"].dtype == np.float32
        assert out.attrs == ds.attrs
        assert out["a"].attrs == {"units": "m"}

    def test_astype_keep_attrs_false(self) -> None:
        out = make_ds().astype(np.int32, keep_attrs=False)
        assert out.attrs == {}
        assert out["a"].attrs == {}

    def test_transpose(self) -> None:
        ds = make_ds()
        out = ds.transpose("y", "x")
        assert out["a"].dims == ("y", "x")
        assert out["b"].dims == ("x",)
        np.testing.assert_array_equal(out["a"].values, ds["a"].values.T)

    def test_transpose_default_reverses(self) -> None:
        assert make_ds().transpose()["a"].dims == ("y", "x")

    def test_transpose_ellipsis(self) -> None:
        ds = Dataset({"v": (("a", "b", "c"), np.zeros((1, 2, 3)))})
        assert ds.transpose("c", ...)["v"].dims == ("c", "a", "b")
        assert ds.transpose(..., "a")["v"].dims == ("b", "c", "a")

    def test_transpose_ellipsis_keeps_each_variables_order(self) -> None:
        # as in xarray: "..." stands for the variable's own remaining dims, in the variable's order
        ds = Dataset({"p": (("a", "b"), [[0.0]]), "q": (("a", "c", "b"), [[[0.0]]])})
        assert ds.transpose("a", ...)["q"].dims == ("a", "c", "b")
        assert ds.transpose(..., "b")["q"].dims == ("a", "c", "b")
        assert ds.transpose("b", ...)["q"].dims == ("b", "a", "c")

    def test_transpose_missing_dim(self) -> None:
        with pytest.raises(ValueError, match=r"'yy'.*did you mean 'y'"):
            make_ds().transpose("yy", ...)
        out = make_ds().transpose("zz", "y", "x", missing_dims="ignore")
        assert out["a"].dims == ("y", "x")

    def test_transpose_incomplete(self) -> None:
        ds = Dataset({"v": (("a", "b", "c"), np.zeros((1, 2, 3)))})
        with pytest.raises(ValueError, match=r"\.\.\."):
            ds.transpose("a", "b")

    def test_expand_dims_name(self) -> None:
        out = make_ds().expand_dims("t")
        assert out.sizes["t"] == 1
        assert out["a"].dims == ("t", "x", "y")
        assert out["b"].dims == ("t", "x")
        assert out["x"].dims == ("x",)  # coords are not expanded

    def test_expand_dims_list_and_dict(self) -> None:
        out = make_ds().expand_dims(["t", "u"])
        assert out["a"].dims == ("t", "u", "x", "y")
        out = make_ds().expand_dims({"t": 3})
        assert out["a"].shape == (3, 2, 3)
        assert "t" not in out.coords
        out = make_ds().expand_dims({"t": [10, 20]})
        assert list(out.indexes["t"]) == [10, 20]
        assert out["a"].shape == (2, 2, 3)

    def test_expand_dims_kwargs(self) -> None:
        out = make_ds().expand_dims(t=2)
        assert out.sizes["t"] == 2

    def test_expand_dims_axis(self) -> None:
        out = make_ds().expand_dims("t", axis=1)
        assert out["a"].dims == ("x", "t", "y")
        assert out["b"].dims == ("x", "t")

    def test_expand_dims_existing(self) -> None:
        with pytest.raises(ValueError, match=r"'x'.*already"):
            make_ds().expand_dims("x")

    def test_expand_dims_scalar_coord_promoted(self) -> None:
        ds = make_ds().assign_coords(s=5)
        out = ds.expand_dims("s")
        assert out.sizes["s"] == 1
        assert "s" in out.xindexes
        assert out["a"].dims == ("s", "x", "y")

    def test_squeeze(self) -> None:
        ds = make_ds().isel(x=[0])
        out = ds.squeeze()
        assert "x" not in out.sizes
        assert out["x"].dims == ()
        assert out["a"].dims == ("y",)

    def test_squeeze_axis(self) -> None:
        ds = Dataset({"v": (("x", "y"), [[1, 2]])})
        assert ds.squeeze(axis=0)["v"].dims == ("y",)
        with pytest.raises(ValueError, match=r"'y'|length"):
            ds.squeeze(axis=1)

    def test_squeeze_drop(self) -> None:
        out = make_ds().isel(x=[0]).squeeze("x", drop=True)
        assert "x" not in out.variables

    def test_squeeze_non_length_one(self) -> None:
        with pytest.raises(ValueError, match=r"'y'.*length|length.*'y'"):
            make_ds().squeeze("y")

    def test_squeeze_missing_dim(self) -> None:
        with pytest.raises(ValueError, match=r"'xx'"):
            make_ds().squeeze("xx")

    def test_pipe(self) -> None:
        ds = make_ds()
        assert ds.pipe(lambda d, k: d.a * k, 2).values[0, 1] == 2.0

        def f(k: int, data: Dataset) -> int:
            return k + data.sizes["x"]

        assert ds.pipe((f, "data"), 1) == 3

    def test_pipe_tuple_conflict(self) -> None:
        def f(data: Dataset) -> None:
            return None

        with pytest.raises(ValueError, match=r"data"):
            make_ds().pipe((f, "data"), data=1)

    def test_to_dataarray(self) -> None:
        ds = Dataset({"a": ("x", [1.0, 2.0]), "b": ("x", [3.0, 4.0])}, coords={"x": [0, 1]})
        da = ds.to_dataarray()
        assert da.dims == ("variable", "x")
        assert list(da.indexes["variable"]) == ["a", "b"]
        np.testing.assert_array_equal(da.values, [[1, 2], [3, 4]])
        da = ds.to_dataarray(dim="v", name="n")
        assert da.dims[0] == "v" and da.name == "n"

    def test_to_dataarray_broadcasts(self) -> None:
        ds = make_ds()[["a", "b"]]
        da = ds.to_dataarray()
        assert da.shape == (2, 2, 3)
        np.testing.assert_array_equal(da.values[1], [[10, 10, 10], [20, 20, 20]])

    def test_to_dataarray_roundtrip(self) -> None:
        ds = Dataset({"a": ("x", [1.0, 2.0]), "b": ("x", [3.0, 4.0])}, coords={"x": [0, 1]})
        back = ds.to_dataarray().to_dataset(dim="variable")
        assert_identical_indexed(back, ds)


# ------------------------------------------------------------------ comparisons
class TestComparisons:
    def test_equals_identical(self) -> None:
        ds = make_ds()
        other = make_ds()
        assert ds.equals(other) and ds.identical(other)
        other.attrs["new"] = 1
        assert ds.equals(other) and not ds.identical(other)
        other["a"].attrs["x"] = 1
        assert ds.equals(other)

    def test_identical_compares_indexes(self) -> None:
        # as in xarray: the same values with and without an index are equal but not identical
        indexed = Dataset({"b": ("x", [1, 2])}, coords={"x": [10, 20]})
        plain = Dataset(
            {"b": ("x", [1, 2])}, coords=Coordinates({"x": ("x", [10, 20])}, indexes={})
        )
        assert "x" not in plain.xindexes
        assert not indexed.identical(plain)
        with pytest.raises(AssertionError, match=r"[Ii]ndex"):
            assert_identical(indexed, plain)

    def test_not_equal_values(self) -> None:
        ds = make_ds()
        other = ds.copy(deep=True)
        other["a"].values[0, 0] = -1
        assert not ds.equals(other)

    def test_nan_equal(self) -> None:
        a = Dataset({"v": ("x", [np.nan, 1.0])})
        assert a.equals(a.copy(deep=True))

    def test_equals_other_types(self) -> None:
        ds = make_ds()
        assert not ds.equals(ds["a"])
        assert not ds.equals(1)
        assert not ds.identical(None)

    def test_different_var_order_equal(self) -> None:
        a = Dataset({"p": ("x", [1]), "q": ("x", [2])})
        b = Dataset({"q": ("x", [2]), "p": ("x", [1])})
        assert a.equals(b)

    def test_broadcast_equals(self) -> None:
        a = Dataset({"v": ("x", [1, 1])})
        b = Dataset({"v": 1})
        assert a.broadcast_equals(b)
        assert not a.equals(b)
        c = Dataset({"v": ("y", [1, 1])})
        assert a.broadcast_equals(c)  # both broadcast to (x, y) filled with 1, as in xarray
        assert not a.broadcast_equals(Dataset({"v": ("x", [1, 2])}))
        assert not a.broadcast_equals(Dataset({"w": ("x", [1, 1])}))


# ------------------------------------------------------------------ set_index / reset_index
class TestSetIndex:
    def make(self) -> Dataset:
        return Dataset(
            {"v": ("x", [1, 2, 3, 4])},
            coords={"a": ("x", ["p", "p", "q", "q"]), "b": ("x", [1, 2, 1, 2])},
        )

    def test_single(self) -> None:
        ds = self.make().set_index(x="b")
        assert "x" in ds.xindexes
        assert list(ds.indexes["x"]) == [1, 2, 1, 2]
        assert "b" not in ds.variables
        assert ds.sel(x=1)["v"].values.tolist() == [1, 3]

    def test_single_same_name_as_dim(self) -> None:
        coords = Coordinates({"x": ("x", [5, 6])}, indexes={})
        ds = Dataset({"v": ("x", [1, 2])}, coords=coords)
        assert "x" not in ds.xindexes
        out = ds.set_index(x="x")
        assert "x" in out.xindexes
        assert out.sel(x=6)["v"].item() == 2

    def test_multi(self) -> None:
        ds = self.make().set_index(x=["a", "b"])
        assert isinstance(ds.xindexes["x"], la.PandasMultiIndex)
        assert set(ds.coords) == {"x", "a", "b"}
        assert ds.indexes["x"].names == ["a", "b"]
        np.testing.assert_array_equal(ds.sel(a="q")["v"].values, [3, 4])
        assert ds.sel(a="q", b=2)["v"].item() == 4

    def test_append(self) -> None:
        ds = self.make().set_index(x="a")
        out = ds.assign_coords(b=("x", [1, 2, 1, 2])).set_index(x="b", append=True)
        assert isinstance(out.xindexes["x"], la.PandasMultiIndex)
        assert out.indexes["x"].names == ["x_level_0", "b"]  # as xarray

    def test_reset_index(self) -> None:
        ds = self.make().set_index(x=["a", "b"])
        out = ds.reset_index("x")
        assert "x" not in out.xindexes
        assert {"a", "b"} <= set(out.coords)
        assert out["a"].dims == ("x",)

    def test_reset_index_level(self) -> None:
        ds = self.make().set_index(x=["a", "b"])
        out = ds.reset_index("b")
        assert list(out.indexes["x"]) == ["p", "p", "q", "q"]
        assert "b" in out.coords and "b" not in out.xindexes

    def test_reset_index_all_levels(self) -> None:
        ds = self.make().set_index(x=["a", "b"])
        out = ds.reset_index(["a", "b"])
        assert "x" not in out.xindexes and "x" not in out.variables
        assert out["a"].values.tolist() == ["p", "p", "q", "q"]
        assert out["b"].values.tolist() == [1, 2, 1, 2]
        assert {"a", "b"} <= set(out.coords)

    def test_reset_index_multi_drop(self) -> None:
        # as in xarray: dropping a multi-index drops its level coordinates too
        out = self.make().set_index(x=["a", "b"]).reset_index("x", drop=True)
        assert set(out.variables) == {"v"}

    def test_reset_index_drop(self) -> None:
        ds = self.make().set_index(x="b")
        out = ds.reset_index("x", drop=True)
        assert "x" not in out.variables

    def test_set_index_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'c'.*(a|b)"):
            self.make().set_index(x="c")

    def test_set_index_wrong_dim(self) -> None:
        ds = self.make().assign_coords(yy=("y", [1, 2]))
        with pytest.raises(ValueError, match=r"'yy'|dimension"):
            ds.set_index(x="yy")

    def test_reset_index_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'xx'"):
            self.make().set_index(x="a").reset_index("xx")


# ------------------------------------------------------------------ like functions
class TestLike:
    def test_zeros_ones_full_like(self) -> None:
        ds = make_ds()
        z = la.zeros_like(ds)
        assert (z["a"].values == 0).all() and z["b"].dtype == ds["b"].dtype
        assert_identical_indexed(z.coords.to_dataset(), ds.coords.to_dataset())
        o = la.ones_like(ds, dtype="float32")
        assert o["b"].dtype == np.float32
        f = la.full_like(ds, 7)
        assert (f["c"].values == 7).all()
        f = la.full_like(ds, {"a": 1, "b": 2, "c": 3})
        assert f["c"].values.tolist() == [3, 3, 3]


# ------------------------------------------------------------------ coords API and merge conflicts
class TestCoordsAPI:
    def test_coords_setitem_and_delitem(self) -> None:
        ds = make_ds()
        ds.coords["c2"] = ("x", [3, 4])
        assert "c2" in ds.coords and "c2" not in ds.data_vars
        del ds.coords["aux"]
        assert "aux" not in ds.variables

    def test_coords_delitem_missing(self) -> None:
        ds = make_ds()
        with pytest.raises(KeyError, match=r"'auxx'.*did you mean 'aux'"):
            del ds.coords["auxx"]

    def test_coords_getitem_data_var_refused(self) -> None:
        with pytest.raises(KeyError, match=r"'a'"):
            make_ds().coords["a"]

    def test_coords_to_dataset(self) -> None:
        out = make_ds().coords.to_dataset()
        assert list(out.data_vars) == []
        assert set(out.coords) == {"x", "y", "aux"}

    def test_setitem_existing_coord_wins_over_value_coord(self) -> None:
        # as in xarray: the value's conflicting non-index coordinate is dropped, the dataset's kept
        ds = make_ds()
        ds["n"] = DataArray([5, 6], coords={"x": [0, 1], "aux": ("x", [0, 0])}, dims="x")
        assert ds["aux"].values.tolist() == [7, 8]
        assert ds["n"].values.tolist() == [5, 6]

    def test_rename_to_existing_dim_conflicts(self) -> None:
        with pytest.raises(ValueError, match=r"'x'.*conflict|conflict.*'x'"):
            make_ds().rename(b="x")

    def test_expand_dims_existing_dict(self) -> None:
        with pytest.raises(ValueError, match=r"'x'.*already exists"):
            make_ds().expand_dims({"x": 2})

    def test_expand_dims_axis_out_of_bounds(self) -> None:
        with pytest.raises(IndexError, match=r"5|axis"):
            make_ds().expand_dims("t", axis=5)

    def test_expand_dims_non_string_hashable_name(self) -> None:
        out = make_ds().expand_dims(3)
        assert out["a"].dims == (3, "x", "y")

    def test_dims_mapping_values(self) -> None:
        ds = make_ds()
        assert ds.dims["x"] == 2
        assert sorted(ds.dims) == ["x", "y"]

    def test_multiindex_indexes(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        ds = Dataset(
            {"v": ("z", np.arange(4))}, coords=Coordinates.from_pandas_multiindex(midx, "z")
        )
        assert isinstance(ds.indexes["z"], pd.MultiIndex)
        assert ds.indexes["one"] is ds.indexes["z"] or ds.indexes["one"].equals(ds.indexes["z"])
        # kept consistent through operations
        out = ds.isel(z=[3, 0]).rename(one="first")
        assert out.indexes["z"].names == ["first", "two"]
        assert out["first"].values.tolist() == ["b", "a"]
        assert out.sel(first="a")["v"].values.tolist() == [0]


class TestPickle:
    def test_roundtrip_numpy_and_dask(self) -> None:
        import pickle

        ds = make_ds()
        for obj in (ds, ds.chunk(1) if _has_dask() else ds):
            back = pickle.loads(pickle.dumps(obj))
            assert_identical_indexed(back, obj)

    def test_roundtrip_multiindex(self) -> None:
        import pickle

        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        ds = Dataset(
            {"v": ("z", np.arange(4))}, coords=Coordinates.from_pandas_multiindex(midx, "z")
        )
        back = pickle.loads(pickle.dumps(ds))
        assert back.sel(one="b")["v"].values.tolist() == [2, 3]


def _has_dask() -> bool:
    try:
        import dask.array  # noqa: F401
    except ImportError:
        return False
    return True


def test_subsets_keep_the_coordinate_order_of_the_dataset() -> None:
    # the coordinates come along in the dataset's own order, not a set's (which varies by run)
    names = [f"c{i}" for i in range(12)][::-1]
    ds = la.Dataset({"v": ("x", np.arange(3.0))}, coords={n: ("x", np.arange(3)) for n in names})
    assert list(ds[["v"]].coords) == names
    assert list(ds["v"].coords) == names
    assert list(ds.reset_coords().data_vars) == ["v", *names]
