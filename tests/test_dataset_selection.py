"""Tests of Dataset selection and alignment: isel/sel/.loc/head/tail/thin/drop_sel/where/isin/sortby/reindex."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as la
from labarray import Coordinates, DataArray, Dataset
from labarray.testing import assert_identical


def assert_identical_indexed(a: Dataset, b: Dataset) -> None:
    """assert_identical plus the indexes (assert_identical does not compare them yet, see B35)."""
    assert_identical(a, b)
    assert set(a.xindexes) == set(b.xindexes), (list(a.xindexes), list(b.xindexes))
    for name in a.xindexes:
        assert a.xindexes[name].equals(b.xindexes[name]), name


def make_ds() -> Dataset:
    return Dataset(
        {
            "a": (("x", "y"), np.arange(12.0).reshape(4, 3)),
            "b": ("x", np.array([10, 20, 30, 40])),
            "c": ("y", np.array([1.5, 2.5, 3.5])),
        },
        coords={"x": [0.0, 1.0, 2.0, 3.0], "y": ["p", "q", "r"], "aux": ("x", [7, 8, 9, 10])},
        attrs={"title": "t"},
    )


def make_time_ds() -> Dataset:
    t = pd.date_range("2000-01-01", periods=6, freq="MS")
    return Dataset({"v": ("time", np.arange(6.0))}, coords={"time": t})


# ------------------------------------------------------------------ isel
class TestIsel:
    def test_int(self) -> None:
        out = make_ds().isel(x=1)
        assert "x" not in out.sizes
        assert out["x"].item() == 1.0
        assert out["aux"].item() == 8
        np.testing.assert_array_equal(out["a"].values, [3, 4, 5])
        assert out["c"].dims == ("y",)
        assert out.attrs == {"title": "t"}

    def test_slice_and_array(self) -> None:
        ds = make_ds()
        out = ds.isel(x=slice(1, 3), y=[2, 0])
        assert dict(out.sizes) == {"x": 2, "y": 2}
        assert list(out.indexes["y"]) == ["r", "p"]
        np.testing.assert_array_equal(out["a"].values, ds["a"].values[1:3][:, [2, 0]])

    def test_negative(self) -> None:
        assert make_ds().isel(x=-1)["b"].item() == 40

    def test_dict_form(self) -> None:
        assert_identical_indexed(make_ds().isel({"x": 0}), make_ds().isel(x=0))

    def test_index_coord_attrs_kept(self) -> None:
        ds = make_ds().assign_coords(x=("x", [0.0, 1.0, 2.0, 3.0], {"units": "km"}))
        for out in (
            ds.isel(x=slice(0, 2)),
            ds.isel(x=[2, 0]),
            ds.isel(x=0),
            ds.sortby("x", ascending=False),
            ds.head(x=2),
            ds.sel(x=[1.0]),
            ds.reindex(x=[0.0, 9.0]),
        ):
            assert out["x"].attrs == {"units": "km"}

    def test_index_updated(self) -> None:
        out = make_ds().isel(x=[3, 1])
        assert list(out.indexes["x"]) == [3.0, 1.0]
        assert out.sel(x=1.0)["b"].item() == 20

    def test_drop(self) -> None:
        out = make_ds().isel(x=0, drop=True)
        assert "x" not in out.variables and "aux" not in out.variables

    def test_out_of_bounds(self) -> None:
        with pytest.raises(IndexError, match=r"x|4"):
            make_ds().isel(x=4)

    def test_missing_dim(self) -> None:
        with pytest.raises(ValueError, match=r"'xx'.*existing dimensions: x, y.*did you mean 'x'"):
            make_ds().isel(xx=0)

    def test_missing_dims_ignore_warn(self) -> None:
        assert_identical_indexed(make_ds().isel(xx=0, missing_dims="ignore"), make_ds())
        with pytest.warns(UserWarning, match=r"xx"):
            make_ds().isel(xx=0, missing_dims="warn")

    def test_both_forms(self) -> None:
        with pytest.raises(ValueError, match=r"both keyword and positional"):
            make_ds().isel({"x": 0}, y=0)

    def test_vectorized_dataarray_indexer(self) -> None:
        ds = make_ds()
        ix = DataArray([0, 2], dims="station")
        iy = DataArray([1, 2], dims="station")
        out = ds.isel(x=ix, y=iy)
        assert out["a"].dims == ("station",)
        np.testing.assert_array_equal(out["a"].values, [1.0, 8.0])
        np.testing.assert_array_equal(out["b"].values, [10, 30])
        np.testing.assert_array_equal(out["x"].values, [0.0, 2.0])
        assert out["x"].dims == ("station",)

    def test_bool_dataarray_from_same_dataset(self) -> None:
        # the indexer's own coordinate 'x' is the dataset's: no conflict
        ds = make_ds()
        out = ds.isel(x=ds.b > 15)
        assert list(out.indexes["x"]) == [1.0, 2.0, 3.0]
        out = ds.sel(x=ds.b > 15)
        assert out["b"].values.tolist() == [20, 30, 40]

    def test_bool_array(self) -> None:
        out = make_ds().isel(x=np.array([True, False, True, False]))
        assert out["b"].values.tolist() == [10, 30]
        out = make_ds().sel(y=[False, True, True])
        assert list(out.indexes["y"]) == ["q", "r"]

    def test_bool_array_wrong_length(self) -> None:
        with pytest.raises(IndexError, match=r"'x'|length|4"):
            make_ds().isel(x=np.array([True, False]))

    def test_vectorized_indexer_coords_conflict(self) -> None:
        ds = make_ds()
        ix = DataArray([0, 1], dims="x", coords={"x": [5.0, 6.0]})
        with pytest.raises(IndexError, match=r"'x'"):
            ds.isel(x=ix)

    def test_ellipsis_indexer_does_not_drop_index(self) -> None:
        # xarray raises TypeError; selecting everything would also be fine, losing the index is not
        ds = make_ds()
        try:
            out = ds.isel(x=...)
        except TypeError:
            return
        assert_identical_indexed(out, ds)
        assert set(out.xindexes) == set(ds.xindexes)

    def test_does_not_modify_original(self) -> None:
        ds = make_ds()
        ds.isel(x=0)
        assert dict(ds.sizes) == {"x": 4, "y": 3}


# ------------------------------------------------------------------ sel
class TestSel:
    def test_scalar(self) -> None:
        out = make_ds().sel(x=2.0, y="q")
        assert out["a"].item() == 7.0
        assert out["x"].item() == 2.0

    def test_label_slice_inclusive(self) -> None:
        out = make_ds().sel(x=slice(1.0, 2.0))
        assert list(out.indexes["x"]) == [1.0, 2.0]
        out = make_ds().sel(y=slice("q", None))
        assert list(out.indexes["y"]) == ["q", "r"]

    def test_list_and_array(self) -> None:
        assert list(make_ds().sel(y=["r", "p"]).indexes["y"]) == ["r", "p"]
        assert list(make_ds().sel(x=np.array([3.0, 0.0])).b.values) == [40, 10]

    def test_dataarray_indexer_pointwise(self) -> None:
        ds = make_ds()
        px = DataArray([0.0, 3.0], dims="pt", coords={"pt": ["A", "B"]})
        py = DataArray(["r", "q"], dims="pt")
        out = ds.sel(x=px, y=py)
        assert out["a"].dims == ("pt",)
        np.testing.assert_array_equal(out["a"].values, [2.0, 10.0])
        assert list(out.indexes["pt"]) == ["A", "B"]

    @pytest.mark.parametrize(
        ("method", "value", "expected"),
        [
            ("nearest", 1.4, 1.0),
            ("nearest", 1.6, 2.0),
            ("pad", 1.9, 1.0),
            ("ffill", 1.9, 1.0),
            ("backfill", 1.1, 2.0),
            ("bfill", 1.1, 2.0),
        ],
    )
    def test_method(self, method: str, value: float, expected: float) -> None:
        assert make_ds().sel(x=value, method=method)["x"].item() == expected

    def test_method_array(self) -> None:
        out = make_ds().sel(x=[0.2, 2.7], method="nearest")
        assert list(out.indexes["x"]) == [0.0, 3.0]

    def test_tolerance(self) -> None:
        assert make_ds().sel(x=1.05, method="nearest", tolerance=0.1)["x"].item() == 1.0
        with pytest.raises(KeyError, match=r"1\.5"):
            make_ds().sel(x=1.5, method="nearest", tolerance=0.1)

    def test_bad_method(self) -> None:
        with pytest.raises(ValueError, match=r"method|nearst"):
            make_ds().sel(x=1.0, method="nearst")

    def test_drop(self) -> None:
        out = make_ds().sel(x=1.0, drop=True)
        assert "x" not in out.variables
        assert "aux" not in out.variables

    def test_missing_label_message(self) -> None:
        with pytest.raises(KeyError, match=r"1\.5.*'x'"):
            make_ds().sel(x=1.5)
        with pytest.raises(KeyError, match=r"'s'.*'y'"):
            make_ds().sel(y="s")

    def test_missing_label_in_list(self) -> None:
        with pytest.raises(KeyError, match=r"'s'"):
            make_ds().sel(y=["p", "s"])

    def test_missing_label_names_nearest_labels(self) -> None:
        with pytest.raises(
            KeyError, match=r"label 1\.5 not found in dimension 'x'; nearest labels: 1\.0, 2\.0"
        ):
            make_ds().sel(x=1.5)

    def test_missing_label_messages_show_plain_values(self) -> None:
        # no NumPy scalar reprs such as np.str_('s') or np.float64(5.0) in messages
        for func in (
            lambda: make_ds().sel(y=["p", "s"]),
            lambda: make_ds().drop_sel(x=[5.0]),
            lambda: make_ds().sel(x=np.array([0.0, 9.0])),
        ):
            with pytest.raises(KeyError) as info:
                func()
            assert "np." not in str(info.value), str(info.value)

    def test_missing_dim(self) -> None:
        with pytest.raises((KeyError, ValueError), match=r"'yy'.*did you mean 'y'"):
            make_ds().sel(yy="p")

    def test_method_on_dim_without_index_refused(self) -> None:
        ds = Dataset({"v": ("z", [1, 2])})
        with pytest.raises(
            ValueError, match=r"method.*'z'.*(no index|no associated)|'z'.*no index.*method"
        ):
            ds.sel(z=1, method="nearest")

    def test_missing_dim_message_lists_only_coordinates(self) -> None:
        # the data variables a, b, c are not coordinates and must not be listed as such
        with pytest.raises((KeyError, ValueError), match=r"'yy'") as info:
            make_ds().sel(yy="p")
        message = str(info.value)
        if "coordinates:" in message:
            listed = message.split("coordinates:")[1].split(";")[0]
            assert "a" not in [n.strip(" '\"") for n in listed.split(",")], message

    def test_dim_without_index_is_positional(self) -> None:
        # as in xarray: a dimension without an index is selected by position
        ds = Dataset({"v": ("z", [1, 2])})
        assert ds.sel(z=1)["v"].item() == 2
        assert ds.sel(z=[1, 0])["v"].values.tolist() == [2, 1]

    def test_partial_datetime_string(self) -> None:
        ds = make_time_ds()
        out = ds.sel(time="2000-03")
        assert out["v"].values.tolist() == [2.0]
        out = ds.sel(time=slice("2000-02", "2000-04"))
        assert out.sizes["time"] == 3

    def test_datetime_scalar(self) -> None:
        assert make_time_ds().sel(time=np.datetime64("2000-02-01"))["v"].item() == 1.0
        assert make_time_ds().sel(time=pd.Timestamp("2000-02-01"))["v"].item() == 1.0

    def test_multiindex_level(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        ds = Dataset(
            {"v": ("z", np.arange(4))}, coords=Coordinates.from_pandas_multiindex(midx, "z")
        )
        out = ds.sel(one="b")
        assert out["v"].values.tolist() == [2, 3]
        assert list(out.indexes["two"]) == [1, 2]
        assert out["one"].dtype.kind == "U"  # scalar level coords keep NumPy string dtypes
        assert ds.sel(z=("a", 2))["v"].item() == 1
        assert ds.sel(one="a", two=1)["v"].item() == 0

    @staticmethod
    def _mi() -> Dataset:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        return Dataset(
            {"v": ("z", np.arange(4.0)), "w": (("z", "y"), np.ones((4, 2)))},
            coords=Coordinates.from_pandas_multiindex(midx, "z"),
        )

    def test_multiindex_where_drop(self) -> None:
        ds = self._mi()
        out = ds.where(ds.v > 1, drop=True)
        assert out["v"].values.tolist() == [2.0, 3.0]
        assert out["one"].values.tolist() == ["b", "b"]
        assert isinstance(out.xindexes["z"], la.PandasMultiIndex)

    def test_multiindex_drop_sel_tuple(self) -> None:
        out = self._mi().drop_sel(z=[("a", 1)])
        assert out["v"].values.tolist() == [1.0, 2.0, 3.0]
        assert out.indexes["z"].tolist() == [("a", 2), ("b", 1), ("b", 2)]

    def test_multiindex_sel_level_drop(self) -> None:
        out = self._mi().sel(one="a", drop=True)
        assert "one" not in out.variables
        assert out["v"].values.tolist() == [0.0, 1.0]
        assert list(out.indexes["two"]) == [1, 2]

    def test_multiindex_isel_scalar(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        ds = Dataset(
            {"v": ("z", np.arange(4))}, coords=Coordinates.from_pandas_multiindex(midx, "z")
        )
        out = ds.isel(z=1)
        assert out["v"].item() == 1
        assert out["one"].item() == "a" and out["two"].item() == 2
        assert "z" not in out.xindexes and "z" not in out.sizes

    def test_loc(self) -> None:
        ds = make_ds()
        assert_identical_indexed(ds.loc[{"x": 1.0, "y": "q"}], ds.sel(x=1.0, y="q"))
        with pytest.raises(TypeError, match=r"dict|mapping|Mapping"):
            ds.loc[1.0]

    def test_getitem_dict(self) -> None:
        ds = make_ds()
        assert_identical_indexed(ds[{"x": slice(0, 2)}], ds.isel(x=slice(0, 2)))


# ------------------------------------------------------------------ head/tail/thin
class TestHeadTailThin:
    def test_head(self) -> None:
        ds = make_ds()
        assert dict(ds.head(2).sizes) == {"x": 2, "y": 2}
        assert dict(ds.head(x=1).sizes) == {"x": 1, "y": 3}
        assert dict(ds.head().sizes) == {"x": 4, "y": 3}  # default 5

    def test_tail(self) -> None:
        out = make_ds().tail(x=2)
        assert list(out.indexes["x"]) == [2.0, 3.0]
        assert make_ds().tail(x=0).sizes["x"] == 0

    def test_thin(self) -> None:
        out = make_ds().thin(x=2)
        assert list(out.indexes["x"]) == [0.0, 2.0]
        assert dict(make_ds().thin(2).sizes) == {"x": 2, "y": 2}

    def test_bad_values(self) -> None:
        with pytest.raises(ValueError, match=r"'x'.*positive|negative|>= 0"):
            make_ds().head(x=-1)
        with pytest.raises(ValueError, match=r"'x'.*0|zero|positive"):
            make_ds().thin(x=0)
        with pytest.raises(TypeError, match=r"'x'.*int|integer"):
            make_ds().tail(x=1.5)
        with pytest.raises(ValueError, match=r"'xx'"):
            make_ds().head(xx=1)


# ------------------------------------------------------------------ drop_sel / drop_isel
class TestDrop:
    def test_drop_sel(self) -> None:
        out = make_ds().drop_sel(x=[1.0, 3.0])
        assert list(out.indexes["x"]) == [0.0, 2.0]
        out = make_ds().drop_sel(y="q")
        assert list(out.indexes["y"]) == ["p", "r"]

    def test_drop_sel_missing_label(self) -> None:
        with pytest.raises(KeyError, match=r"5\.0|5"):
            make_ds().drop_sel(x=[5.0])
        out = make_ds().drop_sel(x=[5.0, 0.0], errors="ignore")
        assert list(out.indexes["x"]) == [1.0, 2.0, 3.0]

    def test_drop_sel_no_index_is_positional(self) -> None:
        # as in xarray (and like sel): without an index the "labels" are positions
        out = Dataset({"v": ("z", [1, 2])}).drop_sel(z=0)
        assert out["v"].values.tolist() == [2]

    def test_drop_isel(self) -> None:
        out = make_ds().drop_isel(x=[0, -1])
        assert list(out.indexes["x"]) == [1.0, 2.0]
        assert out["b"].values.tolist() == [20, 30]
        out = make_ds().drop_isel(y=1)
        assert list(out.indexes["y"]) == ["p", "r"]

    def test_drop_isel_missing_dim(self) -> None:
        with pytest.raises(ValueError, match=r"'xx'"):
            make_ds().drop_isel(xx=0)


# ------------------------------------------------------------------ where / isin / sortby
class TestWhereIsinSortby:
    def test_where(self) -> None:
        ds = make_ds()
        out = ds.where(ds.b > 15)
        assert np.isnan(out["b"].values[0])
        assert out["b"].values[1] == 20
        assert np.isnan(out["a"].values[0]).all()
        # as in xarray, every data variable is broadcast against the condition
        assert set(out["c"].dims) == {"x", "y"}
        c = out["c"].transpose("x", "y").values
        assert np.isnan(c[0]).all()
        assert c[1].tolist() == [1.5, 2.5, 3.5]

    def test_where_other(self) -> None:
        ds = make_ds()
        out = ds.where(ds.b > 15, -1)
        assert out["b"].values.tolist() == [-1, 20, 30, 40]
        assert out["b"].dtype.kind == "i"

    def test_where_drop(self) -> None:
        ds = make_ds()
        out = ds.where(ds.b > 15, drop=True)
        assert list(out.indexes["x"]) == [1.0, 2.0, 3.0]
        assert out["b"].values.tolist() == [20, 30, 40]

    def test_where_drop_2d(self) -> None:
        ds = make_ds()
        out = ds.where(ds.a == 4.0, drop=True)
        assert dict(out.sizes) == {"x": 1, "y": 1}
        assert out["a"].item() == 4.0

    def test_where_drop_dataset_cond_ignores_vars_without_the_dim(self) -> None:
        # as in xarray: along x, only the condition variables that have x decide what to drop
        ds = Dataset({"A": ("x", [0.0, 2.0, 0.0]), "S": 1.0})
        out = ds.where(ds > 0, drop=True)
        assert dict(out.sizes) == {"x": 1}
        assert out["A"].values.tolist() == [2.0]

    def test_where_drop_with_other_refused(self) -> None:
        ds = make_ds()
        with pytest.raises(ValueError, match=r"other|drop"):
            ds.where(ds.b > 15, 0, drop=True)

    def test_where_callable(self) -> None:
        out = make_ds().where(lambda d: d.b > 25)
        assert np.isnan(out["b"].values[:2]).all()

    def test_where_dataset_cond(self) -> None:
        ds = make_ds()
        cond = ds > 5
        out = ds.where(cond)
        assert np.isnan(out["c"].values).all()

    def test_isin(self) -> None:
        out = make_ds().isin([10, 30, 2.5])
        assert out["b"].values.tolist() == [True, False, True, False]
        assert out["c"].values.tolist() == [False, True, False]
        assert out["b"].dtype == bool

    def test_sortby(self) -> None:
        ds = make_ds().isel(x=[2, 0, 3, 1])
        out = ds.sortby("x")
        assert list(out.indexes["x"]) == [0.0, 1.0, 2.0, 3.0]
        assert out["b"].values.tolist() == [10, 20, 30, 40]
        out = ds.sortby("x", ascending=False)
        assert list(out.indexes["x"]) == [3.0, 2.0, 1.0, 0.0]

    def test_sortby_variable_and_list(self) -> None:
        ds = make_ds().assign_coords(k=("x", [3, 1, 4, 2]))
        out = ds.sortby("k")
        assert out["b"].values.tolist() == [20, 40, 10, 30]
        out = ds.sortby(["y", "k"])
        assert out["b"].values.tolist() == [20, 40, 10, 30]
        out = ds.sortby(DataArray([2, 1, 0], dims="y"))
        assert list(out.indexes["y"]) == ["r", "q", "p"]

    def test_sortby_missing(self) -> None:
        with pytest.raises((KeyError, ValueError), match=r"'kk'"):
            make_ds().sortby("kk")

    def test_sortby_2d_refused(self) -> None:
        with pytest.raises(ValueError, match=r"1-D|one-dimensional|1 dim"):
            make_ds().sortby("a")


# ------------------------------------------------------------------ assignment through .loc and [dict]
class TestAssignment:
    def test_loc_setitem(self) -> None:
        ds = make_ds()[["a", "b"]]
        ds.loc[{"x": 1.0}] = 0
        assert ds["b"].values.tolist() == [10, 0, 30, 40]
        assert (ds["a"].values[1] == 0).all()

    def test_loc_setitem_variable_without_dim_refused(self) -> None:
        # xarray: ValueError "Variable 'c': indexer {'x': 1} not available"; must not overwrite c
        ds = make_ds()
        with pytest.raises(ValueError, match=r"'c'"):
            ds.loc[{"x": 1.0}] = 0
        assert ds["c"].values.tolist() == [1.5, 2.5, 3.5]

    def test_loc_setitem_slice(self) -> None:
        ds = make_ds()[["a"]]  # as in xarray, every data variable must have the indexed dims
        ds.loc[{"x": slice(2.0, 3.0), "y": "p"}] = -1
        assert ds["a"].values[:, 0].tolist() == [0.0, 3.0, -1.0, -1.0]

    def test_dict_setitem(self) -> None:
        ds = make_ds()[["a", "b"]]  # 'c' has no x: xarray refuses the assignment (tested above)
        ds[{"x": 0}] = 5
        assert ds["b"].values.tolist() == [5, 20, 30, 40]
        assert (ds["a"].values[0] == 5).all()

    def test_dict_setitem_dataset_value(self) -> None:
        ds = make_ds()[["a", "b"]]
        value = ds.isel(x=0) * 0 - 1
        ds[{"x": 3}] = value
        assert ds["b"].values.tolist() == [10, 20, 30, -1]

    def test_dict_setitem_dataset_value_missing_var(self) -> None:
        ds = make_ds()
        value = ds[["b"]].isel(x=0)
        value["zz"] = 1
        with pytest.raises(ValueError, match=r"zz"):
            ds[{"x": 3}] = value

    def test_loc_setitem_missing_label(self) -> None:
        ds = make_ds()
        with pytest.raises(KeyError, match=r"9"):
            ds.loc[{"x": 9.0}] = 0


# ------------------------------------------------------------------ reindex / align / broadcast_like
class TestAlignment:
    def test_reindex(self) -> None:
        ds = make_ds()
        out = ds.reindex(x=[1.0, 5.0, 0.0])
        assert list(out.indexes["x"]) == [1.0, 5.0, 0.0]
        np.testing.assert_array_equal(out["b"].values, [20, np.nan, 10])
        np.testing.assert_array_equal(out["aux"].values, [8, np.nan, 7])
        assert out["c"].values.tolist() == [1.5, 2.5, 3.5]

    def test_reindex_bool_promoted_to_float(self) -> None:
        ds = Dataset({"m": ("x", [True, False])}, coords={"x": [0, 1]})
        out = ds.reindex(x=[0, 5])
        assert out["m"].dtype == np.float64
        np.testing.assert_array_equal(out["m"].values, [1.0, np.nan])
        out = ds.where(ds.m)
        assert out["m"].dtype == np.float64

    def test_reindex_fill_value(self) -> None:
        out = make_ds().reindex(x=[1.0, 5.0], fill_value=0)
        assert out["b"].values.tolist() == [20, 0]
        assert out["b"].dtype.kind == "i"
        out = make_ds().reindex(x=[1.0, 5.0], fill_value={"b": -1, "a": -2})
        assert out["b"].values.tolist() == [20, -1]
        assert out["a"].values[1].tolist() == [-2, -2, -2]

    def test_reindex_method(self) -> None:
        out = make_ds().reindex(x=[0.4, 2.6], method="nearest")
        assert out["b"].values.tolist() == [10, 40]
        out = make_ds().reindex(x=[0.4, 2.6], method="pad")
        assert out["b"].values.tolist() == [10, 30]
        out = make_ds().reindex(x=[0.4, 2.6], method="nearest", tolerance=0.3)
        np.testing.assert_array_equal(out["b"].values, [np.nan, np.nan])

    def test_reindex_missing_dim(self) -> None:
        with pytest.raises(ValueError, match=r"'xx'"):
            make_ds().reindex(xx=[1])

    def test_reindex_duplicate_index(self) -> None:
        ds = Dataset({"v": ("x", [1, 2])}, coords={"x": [0, 0]})
        with pytest.raises(ValueError, match=r"duplicate|unique"):
            ds.reindex(x=[0, 1])

    def test_reindex_like(self) -> None:
        ds = make_ds()
        other = Dataset(coords={"x": [3.0, 1.0], "y": ["q"]})
        out = ds.reindex_like(other)
        assert dict(out.sizes) == {"x": 2, "y": 1}
        assert out["a"].values.tolist() == [[10.0], [4.0]]

    def test_broadcast_like(self) -> None:
        ds = Dataset({"v": ("x", [1, 2])}, coords={"x": [0, 1]})
        other = DataArray(np.zeros((2, 3)), dims=("x", "y"), coords={"x": [0, 1], "y": [5, 6, 7]})
        out = ds.broadcast_like(other)
        assert out["v"].dims == ("x", "y")
        assert list(out.indexes["y"]) == [5, 6, 7]
        out = ds.broadcast_like(other, exclude=["y"])
        assert out["v"].dims == ("x",)

    def test_broadcast_like_outer_aligns(self) -> None:
        ds = Dataset({"v": ("x", [1.0, 2.0])}, coords={"x": [0, 1]})
        other = Dataset({"w": ("x", [1.0, 2.0])}, coords={"x": [1, 2]})
        out = ds.broadcast_like(other)
        assert list(out.indexes["x"]) == [0, 1, 2]

    @pytest.mark.parametrize(
        ("join", "expected"),
        [("inner", [1, 2]), ("outer", [0, 1, 2, 3]), ("left", [0, 1, 2]), ("right", [1, 2, 3])],
    )
    def test_align(self, join: str, expected: list[int]) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0, 3.0])}, coords={"x": [0, 1, 2]})
        b = Dataset({"w": ("x", [4.0, 5.0, 6.0])}, coords={"x": [1, 2, 3]})
        a2, b2 = la.align(a, b, join=join)
        assert list(a2.indexes["x"]) == expected
        assert list(b2.indexes["x"]) == expected

    def test_align_exact(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])}, coords={"x": [0, 1]})
        b = Dataset({"w": ("x", [4.0, 5.0])}, coords={"x": [1, 2]})
        with pytest.raises(ValueError, match=r"'x'"):
            la.align(a, b, join="exact")

    def test_align_override(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])}, coords={"x": [0, 1]})
        b = Dataset({"w": ("x", [4.0, 5.0])}, coords={"x": [1, 2]})
        _, b2 = la.align(a, b, join="override")
        assert list(b2.indexes["x"]) == [0, 1]

    def test_align_fill_value_and_exclude(self) -> None:
        a = Dataset({"v": (("x", "y"), np.ones((2, 2)))}, coords={"x": [0, 1], "y": [0, 1]})
        b = Dataset({"w": (("x", "y"), np.ones((2, 3)))}, coords={"x": [1, 2], "y": [0, 1, 2]})
        a2, b2 = la.align(a, b, join="outer", fill_value=0, exclude=["y"])
        assert list(a2.indexes["y"]) == [0, 1]
        assert list(b2.indexes["y"]) == [0, 1, 2]
        assert a2["v"].values[2].tolist() == [0.0, 0.0]

    def test_align_dataset_with_dataarray(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])}, coords={"x": [0, 1]})
        b = DataArray([4.0, 5.0], coords={"x": [1, 2]}, dims="x")
        a2, b2 = la.align(a, b)
        assert isinstance(a2, Dataset) and isinstance(b2, DataArray)
        assert list(a2.indexes["x"]) == [1]

    def test_align_size_conflict_without_index(self) -> None:
        a = Dataset({"v": ("x", [1.0, 2.0])})
        b = Dataset({"w": ("x", [1.0, 2.0, 3.0])})
        with pytest.raises(ValueError, match=r"'x'"):
            la.align(a, b)

    def test_broadcast_datasets(self) -> None:
        a = Dataset({"v": ("x", [1, 2])})
        b = Dataset({"w": ("y", [1, 2, 3])})
        a2, b2 = la.broadcast(a, b)
        assert a2["v"].dims == ("x", "y")
        assert b2["w"].dims == ("x", "y")


# ------------------------------------------------------------------ hypothesis properties
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_property_isel_sel_consistency(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 5))
    labels = np.array(
        sorted(data.draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n, unique=True)))
    )
    ds = Dataset(
        {"v": ("x", np.arange(float(n))), "w": (("x", "y"), np.ones((n, 2)))}, coords={"x": labels}
    )
    pos = data.draw(st.lists(st.integers(0, n - 1), min_size=0, max_size=4))
    assert_identical_indexed(ds.isel(x=pos), ds.sel(x=labels[pos]))
    i = data.draw(st.integers(0, n - 1))
    assert_identical_indexed(ds.isel(x=i), ds.sel(x=labels[i]))
    j = data.draw(st.integers(i, n - 1))
    assert_identical_indexed(ds.isel(x=slice(i, j + 1)), ds.sel(x=slice(labels[i], labels[j])))


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_property_isel_sel_with_library_strategies(data: st.DataObject) -> None:
    lst = pytest.importorskip("labarray.testing.strategies")
    ds = data.draw(
        lst.datasets(
            min_vars=1, max_vars=2, dtype="float64", sorted_indexes=True, attrs=st.just({})
        ).filter(lambda d: any(d.sizes[k] > 0 for k in d.indexes if k in d.sizes))
    )
    indexers = data.draw(lst.sel_indexers(ds, kinds=["scalar", "array"]))
    assert indexers
    positional = {}
    for dim, labels in indexers.items():
        index = ds.indexes[dim]
        if np.ndim(labels):
            positional[dim] = index.get_indexer(np.asarray(labels))
        else:
            positional[dim] = index.get_loc(labels)
    assert_identical_indexed(ds.sel(indexers), ds.isel(positional))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_property_align_idempotent(data: st.DataObject) -> None:
    def labels() -> np.ndarray:
        return np.array(data.draw(st.lists(st.integers(0, 8), min_size=1, max_size=5, unique=True)))

    a = Dataset({"v": ("x", np.arange(float(len(la_ := labels()))))}, coords={"x": la_})
    b = Dataset({"w": ("x", np.arange(float(len(lb := labels()))))}, coords={"x": lb})
    join = data.draw(st.sampled_from(["inner", "outer", "left", "right"]))
    a2, b2 = la.align(a, b, join=join)
    a3, b3 = la.align(a2, b2, join=join)
    assert_identical_indexed(a2, a3)
    assert_identical_indexed(b2, b3)
    assert a2.indexes["x"].equals(b2.indexes["x"])


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_property_arithmetic_under_inner_alignment(data: st.DataObject) -> None:
    la_ = data.draw(st.lists(st.integers(0, 8), min_size=1, max_size=6, unique=True))
    lb = data.draw(st.lists(st.integers(0, 8), min_size=1, max_size=6, unique=True))
    va = data.draw(st.lists(st.floats(-1e3, 1e3), min_size=len(la_), max_size=len(la_)))
    vb = data.draw(st.lists(st.floats(-1e3, 1e3), min_size=len(lb), max_size=len(lb)))
    a = Dataset({"v": ("x", va)}, coords={"x": la_})
    b = Dataset({"v": ("x", vb)}, coords={"x": lb})
    out = a + b
    common = [k for k in la_ if k in lb]
    assert list(out.indexes["x"]) == common
    expected = [va[la_.index(k)] + vb[lb.index(k)] for k in common]
    np.testing.assert_array_equal(out["v"].values, np.array(expected, dtype=float))


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_property_align_idempotent_library_datasets(data: st.DataObject) -> None:
    lst = pytest.importorskip("labarray.testing.strategies")
    dims = st.just({"x": data.draw(st.integers(1, 5)), "y": 2})
    a = data.draw(
        lst.datasets(
            dims=dims,
            min_vars=1,
            max_vars=2,
            dtype="float64",
            index_kind="int",
            attrs=st.just({}),
            coords=True,
        ).filter(lambda d: "x" in d.xindexes)
    )
    keep = data.draw(st.lists(st.integers(0, a.sizes["x"] - 1), unique=True, min_size=1))
    b = a.isel(x=keep)
    join = data.draw(st.sampled_from(["inner", "outer", "left", "right"]))
    a2, b2 = la.align(a, b, join=join)
    a3, b3 = la.align(a2, b2, join=join)
    assert_identical_indexed(a2, a3)
    assert_identical_indexed(b2, b3)
    assert a2.indexes["x"].equals(b2.indexes["x"])
    if join == "left":
        assert_identical_indexed(a2, a)
    elif join == "outer":  # b's labels are a subset of a's (the union may be sorted)
        assert sorted(a2.indexes["x"]) == sorted(a.indexes["x"])
        assert_identical_indexed(a2.sortby("x"), a.sortby("x"))
    else:
        assert sorted(a2.indexes["x"]) == sorted(b.indexes["x"])
        assert_identical_indexed(b2.sortby("x"), b.sortby("x"))


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_property_where_drop_equals_isel_of_true_positions(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 6))
    values = np.array(data.draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n)), dtype=float)
    labels = np.array(
        data.draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n, unique=True))
    )
    ds = Dataset({"v": ("x", values), "w": (("x", "y"), np.ones((n, 2)))}, coords={"x": labels})
    keep = np.flatnonzero(values > 0)
    out = ds.where(ds.v > 0, drop=True)
    expected = ds.isel(x=keep)
    assert list(out.indexes["x"]) == list(expected.indexes["x"])
    np.testing.assert_array_equal(out["v"].values, expected["v"].values)
    np.testing.assert_array_equal(out["w"].values, expected["w"].values)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_property_sortby_sorts_and_keeps_rows(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 6))
    labels = data.draw(st.lists(st.integers(-50, 50), min_size=n, max_size=n, unique=True))
    ds = Dataset({"v": ("x", np.arange(float(n)))}, coords={"x": labels})
    ascending = data.draw(st.booleans())
    out = ds.sortby("x", ascending=ascending)
    assert list(out.indexes["x"]) == sorted(labels, reverse=not ascending)
    for label in labels:
        assert out.sel(x=label)["v"].item() == ds.sel(x=label)["v"].item()
