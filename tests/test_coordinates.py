"""Tests of Coordinates, DataArrayCoordinates and DatasetCoordinates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.testing import assert_identical


def _da() -> la.DataArray:
    return la.DataArray(
        np.zeros((2, 3)),
        dims=("x", "y"),
        coords={"x": [1, 2], "y": [10, 20, 30], "c": ("y", ["a", "b", "c"]), "s": 0},
    )


class TestStandalone:
    def test_empty(self) -> None:
        c = la.Coordinates()
        assert len(c) == 0
        assert dict(c.sizes) == {}

    def test_default_indexes(self) -> None:
        c = la.Coordinates({"x": [1, 2, 3], "c": ("x", ["a", "b", "c"])})
        assert set(c) == {"x", "c"}
        assert list(c.xindexes) == ["x"]
        assert isinstance(c.xindexes["x"], la.PandasIndex)
        assert c.sizes == {"x": 3}
        assert dict(c.dims) == {"x": 3}
        assert c.dtypes["c"].kind == "U"
        assert isinstance(c["x"], la.DataArray)
        np.testing.assert_array_equal(c["x"].values, [1, 2, 3])

    def test_no_indexes(self) -> None:
        c = la.Coordinates({"x": [1, 2, 3]}, indexes={})
        assert len(c.xindexes) == 0
        assert "x" in c

    def test_explicit_index(self) -> None:
        idx = la.PandasIndex(pd.Index([5, 6]), "x")
        c = la.Coordinates({"x": [5, 6]}, indexes={"x": idx})
        assert c.xindexes["x"] is idx

    def test_index_variable_size_mismatch_rejected(self) -> None:
        # xarray accepts this silently and later selections index out of bounds; an index must
        # describe its coordinate, so labarray should refuse and name the coordinate and sizes
        idx = la.PandasIndex(pd.Index([1, 2, 3]), "x")
        with pytest.raises(ValueError, match=r"'x'.*3.*2|'x'.*2.*3"):
            la.Coordinates({"x": [1, 2]}, indexes={"x": idx})

    def test_index_only(self) -> None:
        idx = la.PandasIndex(pd.Index([5, 6]), "x")
        c = la.Coordinates({}, indexes={"x": idx})
        np.testing.assert_array_equal(c["x"].values, [5, 6])

    def test_bad_index_type(self) -> None:
        with pytest.raises(TypeError, match=r"'x'.*Index"):
            la.Coordinates({"x": [1, 2]}, indexes={"x": pd.Index([1, 2])})

    def test_from_pandas_multiindex(self) -> None:
        midx = pd.MultiIndex.from_arrays([["a", "b"], [1, 2]], names=("one", "two"))
        c = la.Coordinates.from_pandas_multiindex(midx, "z")
        assert set(c) == {"z", "one", "two"}
        assert c["one"].dims == ("z",)
        assert isinstance(c.xindexes["z"], la.PandasMultiIndex)
        assert isinstance(c.indexes["z"], pd.MultiIndex)

    def test_from_pandas_multiindex_bad(self) -> None:
        with pytest.raises(TypeError, match=r"MultiIndex"):
            la.Coordinates.from_pandas_multiindex(pd.Index([1, 2]), "z")

    def test_copy_from_coordinates(self) -> None:
        c = la.Coordinates({"x": [1, 2]})
        c2 = la.Coordinates(c)
        assert c2.equals(c)
        assert c2.identical(c)

    def test_conflicting_sizes(self) -> None:
        with pytest.raises(ValueError, match=r"x"):
            la.Coordinates({"x": [1, 2], "c": ("x", [1, 2, 3])})

    def test_missing_key(self) -> None:
        c = la.Coordinates({"lat": [1, 2]})
        with pytest.raises(KeyError, match=r"lta"):
            c["lta"]

    def test_to_dataset(self) -> None:
        c = la.Coordinates({"x": [1, 2], "c": ("x", [3, 4])})
        ds = c.to_dataset()
        assert isinstance(ds, la.Dataset)
        assert set(ds.coords) == {"x", "c"}
        assert len(ds.data_vars) == 0

    def test_assign(self) -> None:
        c = la.Coordinates({"x": [1, 2]})
        c2 = c.assign(y=[5, 6, 7])
        assert set(c2) == {"x", "y"}
        assert set(c) == {"x"}
        assert "y" in c2.xindexes

    def test_equals_identical(self) -> None:
        a = la.Coordinates({"x": [1, 2]})
        b = la.Coordinates({"x": la.Variable("x", [1, 2], attrs={"u": 1})})
        assert a.equals(b)
        assert not a.identical(b)
        assert not a.equals({"x": [1, 2]})
        assert not a.equals(la.Coordinates({"x": [1, 3]}))

    def test_to_index(self) -> None:
        c = la.Coordinates({"x": [1, 2], "y": ["a", "b", "c"]})
        idx = c.to_index()
        assert isinstance(idx, pd.MultiIndex)
        assert len(idx) == 6
        assert list(idx.names) == ["x", "y"]
        idx = c.to_index(["y", "x"])
        assert list(idx.names) == ["y", "x"]
        with pytest.raises(ValueError, match=r"ordered_dims"):
            c.to_index(["y"])

    def test_repr(self) -> None:
        r = repr(la.Coordinates({"x": [1, 2], "c": ("x", [3, 4])}))
        assert "Coordinates" in r
        assert "* x" in r
        assert "c" in r


class TestDataArrayCoordinates:
    def test_mapping(self) -> None:
        da = _da()
        assert set(da.coords) == {"x", "y", "c", "s"}
        assert len(da.coords) == 4
        assert "c" in da.coords
        assert da.coords.dims == ("x", "y")
        assert da.coords.sizes == {"x": 2, "y": 3}
        assert set(da.coords.variables) == {"x", "y", "c", "s"}
        assert isinstance(da.coords.variables["c"], la.Variable)
        assert set(da.coords.xindexes) == {"x", "y"}
        assert "c" in da.coords._ipython_key_completions_()

    def test_getitem(self) -> None:
        da = _da()
        c = da.coords["c"]
        assert isinstance(c, la.DataArray)
        assert c.name == "c"
        assert set(c.coords) == {"y", "c", "s"}

    def test_missing_suggests(self) -> None:
        with pytest.raises(KeyError, match=r"did you mean 'c'\?|'cc'"):
            _da().coords["cc"]

    def test_setitem(self) -> None:
        da = _da()
        da.coords["d"] = ("x", [5, 6])
        np.testing.assert_array_equal(da.d.values, [5, 6])
        da.coords["x"] = [7, 8]
        np.testing.assert_array_equal(da.indexes["x"], [7, 8])
        assert float(da.sel(x=8).sum()) == 0.0

    def test_setitem_new_dim_rejected(self) -> None:
        da = _da()
        with pytest.raises(ValueError, match=r"'z'|\('z',\)"):
            da.coords["z"] = ("z", [1, 2])

    def test_setitem_wrong_length(self) -> None:
        da = _da()
        with pytest.raises(ValueError, match=r"'x'"):
            da.coords["x"] = [1, 2, 3]
        assert da.sizes == {"x": 2, "y": 3}

    def test_delitem(self) -> None:
        da = _da()
        del da.coords["c"]
        assert "c" not in da.coords
        del da.coords["x"]
        assert "x" not in da.xindexes
        with pytest.raises(KeyError, match=r"nope"):
            del da.coords["nope"]

    def test_delitem_multiindex_level_rejected(self) -> None:
        midx = pd.MultiIndex.from_arrays([["a", "b"], [1, 2]], names=("one", "two"))
        da = la.DataArray([1, 2], coords=la.Coordinates.from_pandas_multiindex(midx, "z"), dims="z")
        with pytest.raises(ValueError, match=r"one|two|z"):
            del da.coords["one"]

    def test_update(self) -> None:
        da = _da()
        da.coords.update({"e": ("y", [1, 2, 3]), "y": [1, 2, 3]})
        assert "e" in da.coords
        np.testing.assert_array_equal(da.indexes["y"], [1, 2, 3])

    def test_to_dataset(self) -> None:
        ds = _da().coords.to_dataset()
        assert set(ds.coords) == {"x", "y", "c", "s"}
        assert len(ds.data_vars) == 0

    def test_to_index(self) -> None:
        idx = _da().coords.to_index()
        assert isinstance(idx, pd.MultiIndex)
        assert list(idx.names) == ["x", "y"]

    def test_copy_independent(self) -> None:
        da = _da()
        c = da.coords.copy(deep=True)
        assert c.equals(da.coords)
        assert isinstance(c, la.Coordinates)
        c.variables["c"].values[0] = "z"
        assert da.c.values[0] == "a"

    def test_equals(self) -> None:
        assert _da().coords.equals(_da().coords)
        other = _da().assign_coords(c=("y", ["a", "b", "z"]))
        assert not _da().coords.equals(other.coords)


class TestDatasetCoordinates:
    def test_dims_are_the_datasets(self) -> None:
        # like xarray, ds.coords.dims / sizes describe the whole Dataset (a dimension without a
        # coordinate included), so ds.coords.to_index() spans every dimension
        ds = la.Dataset(
            {"v": (("x", "y"), np.zeros((2, 3)))}, coords={"x": [0, 1], "c": ("x", [5, 6])}
        )
        assert dict(ds.coords.dims) == {"x": 2, "y": 3}
        assert dict(ds.coords.sizes) == {"x": 2, "y": 3}
        assert len(ds.coords.to_index()) == 6

    def test_view(self) -> None:
        ds = la.Dataset({"v": (("x",), [1.0, 2.0])}, coords={"x": [0, 1], "c": ("x", [5, 6])})
        assert set(ds.coords) == {"x", "c"}
        ds.coords["d"] = 3
        assert "d" in ds.coords
        assert "d" not in ds.data_vars
        del ds.coords["c"]
        assert "c" not in ds
        assert_identical(ds.coords.to_dataset(), ds.drop_vars("v"))


class TestMoreCoordinates:
    def test_to_index_single_dim_uses_labels(self) -> None:
        idx = la.Coordinates({"x": [5, 7]}).to_index()
        assert isinstance(idx, pd.Index)
        assert list(idx) == [5, 7]
        assert idx.name == "x"

    def test_to_index_dim_without_index_is_range(self) -> None:
        idx = la.Coordinates({"c": ("x", [5, 7])}).to_index()
        assert list(idx) == [0, 1]

    def test_merge(self) -> None:
        a = la.DataArray([1.0, 2.0], dims="x", coords={"x": [0, 1], "c": ("x", [5, 6])})
        b = la.DataArray(1.0, coords={"s": 3})
        ds = a.coords.merge(b.coords)
        assert isinstance(ds, la.Dataset)
        assert set(ds.coords) == {"x", "c", "s"}
        with pytest.raises(la.MergeError, match=r"'x'"):
            a.coords.merge(a.assign_coords(x=[5, 6]).coords)

    def test_setitem_dataarray_with_extra_coords(self) -> None:
        da = la.DataArray(np.zeros(2), dims="x", coords={"x": [1, 2]})
        value = la.DataArray([7, 8], dims="x", coords={"x": [1, 2], "extra": ("x", [0, 0])})
        out = da.assign_coords(q=value)
        np.testing.assert_array_equal(out.q.values, [7, 8])
        # xarray merges the coordinates carried by the assigned DataArray
        assert "extra" in out.coords

    def test_multiindex_level_protection(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        da = la.DataArray(
            np.arange(4.0), coords=la.Coordinates.from_pandas_multiindex(midx, "z"), dims="z"
        )
        with pytest.raises(ValueError, match=r"'one'.*'z'.*'two'|'one'"):
            da.assign_coords(one=("z", ["x", "x", "y", "y"]))
        # xarray (deprecated path) silently drops the whole MultiIndex here; labarray refuses and
        # names the coordinates to drop together, which is the safer behaviour
        with pytest.raises(ValueError, match=r"'z', 'two'"):
            da.drop_vars("one")
        out = da.drop_vars(["z", "one", "two"])
        assert len(out.coords) == 0


class TestIndexProtection:
    def test_index_coordinate_values_are_read_only(self) -> None:
        # writing into an index coordinate's buffer would corrupt the pandas index (its hash
        # table is cached); xarray makes these values read-only
        da = la.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [10, 20, 30]})
        with pytest.raises(ValueError, match=r"read-only|read only|index"):
            da["x"].values[0] = 99
        assert float(da.sel(x=10)) == 1.0
        np.testing.assert_array_equal(da.indexes["x"], [10, 20, 30])

    def test_non_index_coordinate_values_are_writable(self) -> None:
        da = la.DataArray([1.0, 2.0], dims="x", coords={"c": ("x", [1, 2])})
        da["c"].values[0] = 99
        np.testing.assert_array_equal(da.c.values, [99, 2])


class TestAssignConflictingDataArray:
    def test_assign_coords_dataarray_with_other_labels_does_not_relabel(self) -> None:
        da = la.DataArray([1, 2], dims="x", coords={"x": [1, 2]})
        value = la.DataArray([5, 6], dims="x", coords={"x": [3, 4]})
        out = da.assign_coords(c=value)
        # the target's index must never be replaced by the assigned DataArray's index;
        # xarray aligns the new coordinate to the target (here: no common labels -> NaN)
        np.testing.assert_array_equal(out.x.values, [1, 2])
        assert np.isnan(out.c.values).all()

    def test_assign_coords_dataarray_partial_overlap(self) -> None:
        da = la.DataArray([1, 2, 3], dims="x", coords={"x": [1, 2, 3]})
        value = la.DataArray([20.0, 30.0], dims="x", coords={"x": [2, 3]})
        out = da.assign_coords(c=value)
        np.testing.assert_array_equal(out.x.values, [1, 2, 3])
        np.testing.assert_array_equal(out.c.values, [np.nan, 20.0, 30.0])

    def test_coords_setitem_dataarray_aligns(self) -> None:
        for setter in ("coords", "item"):
            da = la.DataArray([1, 2, 3], dims="x", coords={"x": [1, 2, 3]})
            value = la.DataArray([20.0, 30.0], dims="x", coords={"x": [2, 3]})
            if setter == "coords":
                da.coords["c"] = value
            else:
                da["c"] = value
            np.testing.assert_array_equal(da.x.values, [1, 2, 3])
            np.testing.assert_array_equal(da.c.values, [np.nan, 20.0, 30.0])

    def test_constructor_conflicting_index_named(self) -> None:
        # xarray silently drops the coordinate DataArray's own index here; labarray names the conflict
        with pytest.raises(la.MergeError, match=r"'x'"):
            la.DataArray(
                [1, 2],
                dims="x",
                coords={"x": [1, 2], "c": la.DataArray([5, 6], dims="x", coords={"x": [3, 4]})},
            )


def test_assign_coords_with_a_dataarray_carrying_the_old_coordinate_rebuilds_the_index() -> None:
    # the longitude re-centring idiom: the value's own "lon" coordinate is the old one
    g = la.DataArray(np.arange(4.0), dims="lon", coords={"lon": np.arange(0, 360, 90.0)})
    for obj in (g, g.to_dataset(name="v")):
        shifted = obj.assign_coords(lon=(obj.lon + 180) % 360 - 180)
        np.testing.assert_array_equal(shifted.indexes["lon"], [0.0, 90.0, -180.0, -90.0])
        np.testing.assert_array_equal(shifted.sortby("lon").lon, [-180.0, -90.0, 0.0, 90.0])
        assert float(shifted.sel(lon=-180.0)["v"] if "v" in shifted else shifted.sel(lon=-180.0)) == 2.0


class TestDropAndRename:
    def coords(self) -> la.Coordinates:
        return la.Coordinates({"x": [1, 2], "y": [5], "c": ("x", [3, 4])})

    def test_drop_vars(self) -> None:
        out = self.coords().drop_vars(["c", "y"])
        assert type(out) is la.Coordinates
        assert list(out) == ["x"] and list(out.xindexes) == ["x"]
        assert list(self.coords().drop_vars(lambda ds: ["c"])) == ["x", "y"]

    def test_drop_vars_of_a_view_leaves_the_object(self) -> None:
        da = la.DataArray([1, 2], dims="x", coords={"x": [1, 2], "c": ("x", [3, 4])})
        out = da.coords.drop_vars("x")
        assert list(out) == ["c"] and not out.xindexes
        assert list(da.coords) == ["x", "c"]

    def test_drop_vars_missing(self) -> None:
        with pytest.raises(ValueError, match=r"'cc' not found.*did you mean 'c'"):
            self.coords().drop_vars("cc")
        assert list(self.coords().drop_vars("cc", errors="ignore")) == ["x", "y", "c"]

    def test_drop_dims(self) -> None:
        assert list(self.coords().drop_dims("x")) == ["y"]
        with pytest.raises(ValueError, match="'z'"):
            self.coords().drop_dims("z")

    def test_rename_dims_and_vars(self) -> None:
        coords = self.coords()
        assert dict(coords.rename_dims(x="t").sizes) == {"t": 2, "y": 1}
        renamed = coords.rename_vars(c="d")
        assert list(renamed) == ["x", "y", "d"]
        with pytest.raises(ValueError, match="'cc'"):
            coords.rename_vars(cc="d")

    def test_from_xindex(self) -> None:
        from labarray.indexes import PandasIndex

        coords = la.Coordinates.from_xindex(PandasIndex(pd.Index([1, 2]), "x"))
        assert list(coords) == ["x"] and list(coords.xindexes) == ["x"]
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("l", "n"))
        multi = la.Coordinates.from_pandas_multiindex(midx, "x")
        again = la.Coordinates.from_xindex(multi.xindexes["x"])
        assert sorted(again) == ["l", "n", "x"]
        with pytest.raises(TypeError, match="needs an Index object, got list"):
            la.Coordinates.from_xindex([1, 2])  # type: ignore[arg-type]


@pytest.mark.compat
def test_drop_vars_matches_xarray() -> None:
    xr = pytest.importorskip("xarray")
    spec = {"x": [1, 2], "y": [5], "c": ("x", [3, 4])}
    for names in ("c", ["x", "y"]):
        ours, theirs = la.Coordinates(spec).drop_vars(names), xr.Coordinates(spec).drop_vars(names)
        assert sorted(ours) == sorted(theirs)
        assert sorted(ours.xindexes) == sorted(theirs.xindexes)


class TestCoordinateValidationError:
    def test_wrong_length_of_a_non_dimension_coordinate(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), dims=("x", "y"))
        with pytest.raises(
            la.coordinates.CoordinateValidationError,
            match=r"conflicting sizes for dimension 'x': coordinate 'c' has length 3 but the data has length 2",
        ):
            da.assign_coords(c=("x", [1, 2, 3]))
        assert "c" not in da.coords

    def test_is_a_value_error(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), dims=("x", "y"))
        with pytest.raises(ValueError, match=r"coordinate 'x' has length 3 but the data has length 2"):
            da.coords["x"] = [1, 2, 3]
        with pytest.raises(la.coordinates.CoordinateValidationError, match=r"'z' is not among.*\('x', 'y'\)"):
            da.assign_coords(c=("z", [1]))

    def test_check_dataarray_coords(self) -> None:
        from labarray.coordinates import CoordinateValidationError, check_dataarray_coords

        check_dataarray_coords({"x": 2, "y": 3}, {"c": la.Variable(("y", "x"), np.zeros((3, 2))), "s": la.Variable((), 1)})
        with pytest.raises(CoordinateValidationError, match=r"'a', 'b' are not among"):
            check_dataarray_coords({"x": 2}, {"c": la.Variable(("a", "b"), np.zeros((1, 1)))})


@pytest.mark.compat
def test_coordinate_validation_matches_xarray() -> None:
    xr = pytest.importorskip("xarray")
    for mod in (la, xr):
        da = mod.DataArray(np.zeros((2, 3)), dims=("x", "y"))
        error = la.coordinates.CoordinateValidationError if mod is la else xr.CoordinateValidationError
        with pytest.raises(error, match="conflicting sizes for dimension 'x'"):
            da.assign_coords(x=[1, 2, 3])
