"""Tests of DataArray selection, assignment and alignment."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.testing import assert_equal, assert_identical


def _grid() -> la.DataArray:
    return la.DataArray(
        np.arange(24.0).reshape(2, 3, 4),
        dims=("time", "lat", "lon"),
        coords={
            "time": pd.date_range("2000-01-01", periods=2),
            "lat": [-10.0, 0.0, 10.0],
            "lon": [0.0, 90.0, 180.0, 270.0],
            "code": ("lon", ["a", "b", "c", "d"]),
        },
        name="tas",
        attrs={"units": "K"},
    )


# ----------------------------------------------------------------------------- isel


class TestIsel:
    def test_int_drops_dim_keeps_scalar_coord(self) -> None:
        out = _grid().isel(lat=1)
        assert out.dims == ("time", "lon")
        assert float(out.lat) == 0.0
        assert out.attrs == {"units": "K"}
        assert out.name == "tas"

    def test_slice_and_list(self) -> None:
        da = _grid()
        out = da.isel(lon=slice(1, 3), lat=[0, 2])
        assert out.sizes == {"time": 2, "lat": 2, "lon": 2}
        np.testing.assert_array_equal(out.lon.values, [90.0, 180.0])
        np.testing.assert_array_equal(out.code.values, ["b", "c"])
        np.testing.assert_array_equal(out.values, da.values[:, [0, 2]][:, :, 1:3])

    def test_negative_and_array(self) -> None:
        da = _grid()
        assert float(da.isel(time=-1, lat=-1, lon=-1)) == 23.0
        out = da.isel(lon=np.array([3, 0]))
        np.testing.assert_array_equal(out.lon.values, [270.0, 0.0])

    def test_drop(self) -> None:
        out = _grid().isel(lat=0, drop=True)
        assert "lat" not in out.coords

    def test_dict_positional(self) -> None:
        assert_identical(_grid().isel({"lat": 0}), _grid().isel(lat=0))

    def test_unknown_dim_suggests(self) -> None:
        with pytest.raises(ValueError, match=r"did you mean 'lat'\?"):
            _grid().isel(lta=0)

    def test_unknown_dim_lists_existing(self) -> None:
        with pytest.raises(ValueError, match=r"time.*lat.*lon"):
            _grid().isel(zzz=0)

    def test_missing_dims_ignore_warn(self) -> None:
        da = _grid()
        assert_identical(da.isel(zzz=0, missing_dims="ignore"), da)
        with pytest.warns(UserWarning, match="zzz"):
            da.isel(zzz=0, missing_dims="warn")

    def test_out_of_bounds(self) -> None:
        with pytest.raises(IndexError, match=r"lat|3"):
            _grid().isel(lat=3)

    def test_getitem_positional_and_dict(self) -> None:
        da = _grid()
        assert_identical(da[0, 1], da.isel(time=0, lat=1))
        assert_identical(da[{"lon": slice(0, 2)}], da.isel(lon=slice(0, 2)))
        assert_identical(da[..., 0], da.isel(lon=0))

    def test_getitem_coord_name(self) -> None:
        da = _grid()
        assert_equal(da["code"], da.coords["code"])
        with pytest.raises(KeyError, match=r"cdoe"):
            da["cdoe"]


# ----------------------------------------------------------------------------- sel


class TestSel:
    def test_scalar(self) -> None:
        da = _grid()
        assert float(da.sel(time="2000-01-02", lat=10.0, lon=90.0)) == 21.0

    def test_slice(self) -> None:
        out = _grid().sel(lon=slice(90, 180))
        np.testing.assert_array_equal(out.lon.values, [90.0, 180.0])

    def test_slice_decreasing_index(self) -> None:
        da = _grid().sortby("lat", ascending=False)
        out = da.sel(lat=slice(10, 0))
        np.testing.assert_array_equal(out.lat.values, [10.0, 0.0])

    def test_list_and_array(self) -> None:
        da = _grid()
        out = da.sel(lon=[270.0, 0.0])
        np.testing.assert_array_equal(out.lon.values, [270.0, 0.0])
        out = da.sel(lat=np.array([0.0, 10.0]))
        np.testing.assert_array_equal(out.lat.values, [0.0, 10.0])

    def test_partial_date_string(self) -> None:
        assert _grid().sel(time="2000-01").sizes["time"] == 2

    def test_nearest(self) -> None:
        da = _grid()
        out = da.sel(lat=3.0, lon=100.0, method="nearest")
        assert float(out.lat) == 0.0
        assert float(out.lon) == 90.0

    def test_pad_backfill(self) -> None:
        da = _grid()
        assert float(da.sel(lat=7.0, method="pad").lat) == 0.0
        assert float(da.sel(lat=7.0, method="ffill").lat) == 0.0
        assert float(da.sel(lat=-7.0, method="backfill").lat) == 0.0
        assert float(da.sel(lat=-7.0, method="bfill").lat) == 0.0

    def test_nearest_list(self) -> None:
        out = _grid().sel(lat=[-9.0, 8.0], method="nearest")
        np.testing.assert_array_equal(out.lat.values, [-10.0, 10.0])

    def test_tolerance(self) -> None:
        da = _grid()
        assert float(da.sel(lat=1.0, method="nearest", tolerance=2).lat) == 0.0
        with pytest.raises(KeyError):
            da.sel(lat=5.0, method="nearest", tolerance=1)

    def test_drop(self) -> None:
        out = _grid().sel(lat=0.0, drop=True)
        assert "lat" not in out.coords

    def test_dataarray_label_keeps_scalar_coord(self) -> None:
        out = _grid().sel(lat=la.DataArray(0.0))
        assert out.dims == ("time", "lon")

    def test_missing_label_message(self) -> None:
        with pytest.raises(KeyError, match=r"5\.0.*lat|lat.*5\.0") as info:
            _grid().sel(lat=5.0)
        # the nearest labels are mentioned
        assert "0.0" in str(info.value) or "10.0" in str(info.value)

    def test_missing_label_in_list(self) -> None:
        with pytest.raises(KeyError, match=r"55"):
            _grid().sel(lon=[0.0, 55.0])

    def test_unknown_dim(self) -> None:
        # xarray raises KeyError here (isel raises ValueError)
        with pytest.raises(KeyError, match=r"did you mean 'lat'\?"):
            _grid().sel(lta=0.0)

    def test_bad_method(self) -> None:
        with pytest.raises(ValueError, match=r"method"):
            _grid().sel(lat=1.0, method="closest")

    def test_sel_no_index_dim_is_positional(self) -> None:
        da = la.DataArray([1, 2, 3], dims="x")
        assert int(da.sel(x=1)) == 2

    def test_sel_non_index_coord_by_value(self) -> None:
        # a 1-D coordinate without an index is selected on its values, as in xarray
        da = _grid()
        assert_identical(da.sel(code="b"), da.isel(lon=1))
        assert_identical(da.sel(code=["d", "a"]), da.isel(lon=[3, 0]))
        with pytest.raises(KeyError, match=r"'z'"):
            da.sel(code="z")

    def test_loc(self) -> None:
        da = _grid()
        assert_identical(da.loc["2000-01-01", 0.0], da.sel(time="2000-01-01", lat=0.0))
        assert_identical(da.loc[{"lon": slice(90, 180)}], da.sel(lon=slice(90, 180)))
        assert_identical(da.loc[:, :, 90.0], da.sel(lon=90.0))

    def test_multiindex_sel(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        da = la.DataArray(
            np.arange(4), coords=la.Coordinates.from_pandas_multiindex(midx, "z"), dims="z"
        )
        out = da.sel(one="a")
        assert out.dims == ("two",)
        np.testing.assert_array_equal(out.values, [0, 1])
        assert int(da.sel(one="b", two=1)) == 2
        assert int(da.sel(z=("b", 2))) == 3


class TestVectorized:
    def test_pointwise_station(self) -> None:
        da = _grid()
        lats = la.DataArray([-10.0, 10.0, 0.0], dims="station", coords={"station": ["A", "B", "C"]})
        lons = la.DataArray([0.0, 270.0, 90.0], dims="station", coords={"station": ["A", "B", "C"]})
        out = da.sel(lat=lats, lon=lons)
        assert out.dims == ("time", "station")
        np.testing.assert_array_equal(out.station.values, ["A", "B", "C"])
        np.testing.assert_array_equal(out.isel(time=0).values, [0.0, 11.0, 5.0])
        np.testing.assert_array_equal(out.lat.values, [-10.0, 10.0, 0.0])
        assert out.lat.dims == ("station",)
        np.testing.assert_array_equal(out.code.values, ["a", "d", "b"])

    def test_pointwise_isel(self) -> None:
        da = _grid()
        ilat = la.DataArray([0, 2], dims="pt")
        ilon = la.DataArray([1, 3], dims="pt")
        out = da.isel(lat=ilat, lon=ilon)
        assert out.dims == ("time", "pt")
        np.testing.assert_array_equal(out.isel(time=1).values, [13.0, 23.0])

    def test_pointwise_nearest(self) -> None:
        da = _grid()
        lats = la.DataArray([-9.0, 9.0], dims="station")
        lons = la.DataArray([1.0, 260.0], dims="station")
        out = da.sel(lat=lats, lon=lons, method="nearest")
        np.testing.assert_array_equal(out.lat.values, [-10.0, 10.0])
        np.testing.assert_array_equal(out.lon.values, [0.0, 270.0])

    def test_2d_indexer(self) -> None:
        da = la.DataArray(np.arange(5) * 10, dims="x")
        idx = la.DataArray([[0, 1], [2, 4]], dims=("a", "b"))
        out = da.isel(x=idx)
        assert out.dims == ("a", "b")
        np.testing.assert_array_equal(out.values, [[0, 10], [20, 40]])

    def test_conflicting_indexer_coords(self) -> None:
        da = la.DataArray(np.arange(3), dims="x", coords={"x": [0, 1, 2]})
        ind = la.DataArray([0, 1], dims="x", coords={"x": [5, 6]})
        # the indexer's coordinate on the indexed dim wins (xarray semantics)
        # xarray: indexing with a DataArray whose dimension coordinate conflicts raises IndexError
        with pytest.raises(IndexError, match=r"'x'"):
            da.isel(x=ind)


class TestHeadTailThin:
    def test_head_tail_thin(self) -> None:
        da = la.DataArray(np.arange(10), dims="x", coords={"x": np.arange(10) * 2})
        np.testing.assert_array_equal(da.head(x=3).values, [0, 1, 2])
        np.testing.assert_array_equal(da.tail(x=2).values, [8, 9])
        np.testing.assert_array_equal(da.thin(x=4).values, [0, 4, 8])
        np.testing.assert_array_equal(da.head(2).values, [0, 1])
        np.testing.assert_array_equal(da.head().values, np.arange(5))
        np.testing.assert_array_equal(da.tail(x=0).values, [])

    def test_bad(self) -> None:
        da = la.DataArray(np.arange(10), dims="x")
        with pytest.raises(ValueError, match=r"x"):
            da.head(x=-1)
        with pytest.raises(ValueError, match=r"x|zero|0"):
            da.thin(x=0)
        with pytest.raises(TypeError):
            da.head(x=1.5)


class TestDrop:
    def test_drop_sel(self) -> None:
        da = _grid()
        out = da.drop_sel(lon=[0.0, 180.0])
        np.testing.assert_array_equal(out.lon.values, [90.0, 270.0])
        np.testing.assert_array_equal(out.code.values, ["b", "d"])
        out = da.drop_sel(lat=0.0)
        np.testing.assert_array_equal(out.lat.values, [-10.0, 10.0])

    def test_drop_sel_missing(self) -> None:
        with pytest.raises(KeyError, match=r"55"):
            _grid().drop_sel(lon=55.0)
        assert _grid().drop_sel(lon=[55.0, 0.0], errors="ignore").sizes["lon"] == 3

    def test_drop_isel(self) -> None:
        out = _grid().drop_isel(lon=[0, 3])
        np.testing.assert_array_equal(out.lon.values, [90.0, 180.0])
        out = _grid().drop_isel(lat=-1)
        np.testing.assert_array_equal(out.lat.values, [-10.0, 0.0])

    def test_drop_isel_bad(self) -> None:
        with pytest.raises(IndexError):
            _grid().drop_isel(lat=5)
        with pytest.raises(ValueError, match=r"did you mean 'lat'\?"):
            _grid().drop_isel(lta=0)


class TestWhereIsinSortby:
    def test_where(self) -> None:
        da = la.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2]}, attrs={"a": 1})
        out = da.where(da > 1)
        np.testing.assert_array_equal(out.values, [np.nan, 2.0, 3.0])
        assert out.attrs == {"a": 1}
        out = da.where(da > 1, -1.0)
        np.testing.assert_array_equal(out.values, [-1.0, 2.0, 3.0])
        out = da.where(da > 1, drop=True)
        np.testing.assert_array_equal(out.x.values, [1, 2])

    def test_where_int_promotes(self) -> None:
        da = la.DataArray([1, 2, 3], dims="x")
        assert da.where(da > 1).dtype == np.float64
        assert da.where(da > 1, 0).dtype.kind == "i"

    def test_where_drop_2d(self) -> None:
        da = la.DataArray(
            np.arange(9).reshape(3, 3), dims=("y", "x"), coords={"x": [0, 1, 2], "y": [0, 1, 2]}
        )
        out = da.where(da == 4, drop=True)
        assert out.sizes == {"y": 1, "x": 1}
        assert out.item() == 4
        assert out.dtype == np.float64

    def test_where_callable_and_aligned_cond(self) -> None:
        da = la.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2]})
        np.testing.assert_array_equal(da.where(lambda d: d < 3).values, [1.0, 2.0, np.nan])
        cond = la.DataArray([True, False], dims="x", coords={"x": [1, 2]})
        out = da.where(cond)
        # like xarray, cond and the object are inner-joined when ``other`` is not given
        np.testing.assert_array_equal(out.x.values, [1, 2])
        np.testing.assert_array_equal(out.values, [2.0, np.nan])
        other = la.DataArray([0.0, 0.0], dims="x", coords={"x": [1, 2]})
        with pytest.raises(ValueError, match=r"x"):
            da.where(cond, other)  # exact join with ``other``

    def test_where_drop_with_other_rejected(self) -> None:
        da = la.DataArray([1.0, 2.0], dims="x")
        with pytest.raises(ValueError, match=r"drop|other"):
            da.where(da > 1, 0.0, drop=True)

    def test_isin(self) -> None:
        da = la.DataArray([1, 2, 3], dims="x", coords={"x": [5, 6, 7]})
        out = da.isin([1, 3])
        np.testing.assert_array_equal(out.values, [True, False, True])
        assert out.dtype == bool
        np.testing.assert_array_equal(out.x.values, [5, 6, 7])

    def test_isin_dataarray_and_dataset(self) -> None:
        da = la.DataArray([1, 2, 3], dims="x")
        np.testing.assert_array_equal(
            da.isin(la.DataArray([1], dims="y")).values, [True, False, False]
        )
        with pytest.raises(TypeError, match=r"Dataset"):
            da.isin(la.Dataset({"a": ("y", [1])}))

    def test_sortby(self) -> None:
        da = la.DataArray(
            [3, 1, 2], dims="x", coords={"x": [30, 10, 20], "c": ("x", ["c", "a", "b"])}
        )
        out = da.sortby("x")
        np.testing.assert_array_equal(out.x.values, [10, 20, 30])
        np.testing.assert_array_equal(out.values, [1, 2, 3])
        np.testing.assert_array_equal(out.c.values, ["a", "b", "c"])
        out = da.sortby("x", ascending=False)
        np.testing.assert_array_equal(out.x.values, [30, 20, 10])
        out = da.sortby(da)
        np.testing.assert_array_equal(out.values, [1, 2, 3])

    def test_sortby_multi_key(self) -> None:
        da = la.DataArray(
            [0, 1, 2, 3], dims="x", coords={"a": ("x", [1, 0, 1, 0]), "b": ("x", [1, 1, 0, 0])}
        )
        out = da.sortby(["a", "b"])
        np.testing.assert_array_equal(out.values, [3, 1, 2, 0])

    def test_sortby_2d_rejected(self) -> None:
        da = la.DataArray(np.zeros((2, 2)), dims=("x", "y"))
        with pytest.raises(ValueError, match=r"1-D|1D|one-dimensional|dimension"):
            da.sortby(da)


class TestAssignment:
    def test_loc_setitem(self) -> None:
        da = _grid()
        da.loc[{"lat": 0.0}] = -1.0
        assert (da.isel(lat=1) == -1.0).all()
        da.loc["2000-01-01", 10.0, 90.0] = 100.0
        assert float(da.isel(time=0, lat=2, lon=1)) == 100.0

    def test_getitem_setitem(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), dims=("x", "y"))
        da[0, 1] = 5
        da[{"y": 2}] = 7
        da[{"x": 1}] = la.DataArray([1.0, 2.0, 3.0], dims="y")
        np.testing.assert_array_equal(da.values, [[0, 5, 7], [1, 2, 3]])

    def test_setitem_broadcast_by_name(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), dims=("x", "y"))
        da[...] = la.DataArray([1.0, 2.0], dims="x")
        np.testing.assert_array_equal(da.values, [[1, 1, 1], [2, 2, 2]])

    def test_setitem_conflicting_coords(self) -> None:
        da = la.DataArray(np.zeros(3), dims="x", coords={"x": [0, 1, 2]})
        value = la.DataArray([1.0, 2.0], dims="x", coords={"x": [5, 6]})
        with pytest.raises((IndexError, ValueError), match=r"x"):
            da[{"x": [0, 1]}] = value

    def test_setitem_wrong_shape(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), dims=("x", "y"))
        with pytest.raises(ValueError, match=r"shape|size|broadcast"):
            da[0] = np.ones(4)

    def test_setitem_value_dims_by_name(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), dims=("x", "y"))
        da[...] = la.DataArray(np.arange(6.0).reshape(3, 2), dims=("y", "x"))
        np.testing.assert_array_equal(da.values, np.arange(6.0).reshape(3, 2).T)
        with pytest.raises(ValueError, match=r"'z'"):
            da[...] = la.DataArray(np.ones((2, 3, 4)), dims=("x", "y", "z"))
        with pytest.raises(ValueError, match=r"'c'.*\('z',\)"):
            da["c"] = ("z", [1])

    def test_setitem_coord(self) -> None:
        da = la.DataArray(np.zeros(2), dims="x")
        da["c"] = ("x", [1, 2])
        np.testing.assert_array_equal(da.c.values, [1, 2])

    def test_pointwise_setitem(self) -> None:
        da = la.DataArray(np.zeros((3, 3)), dims=("x", "y"))
        ind = la.DataArray([0, 2], dims="p")
        da[{"x": ind, "y": ind}] = 1.0
        np.testing.assert_array_equal(np.diag(da.values), [1.0, 0.0, 1.0])
        assert da.values.sum() == 2.0


# ----------------------------------------------------------------------------- alignment


def _pair() -> tuple[la.DataArray, la.DataArray]:
    a = la.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2]}, name="a")
    b = la.DataArray([10.0, 20.0, 30.0], dims="x", coords={"x": [1, 2, 3]}, name="b")
    return a, b


class TestAlign:
    @pytest.mark.parametrize(
        ("join", "expected_x"),
        [("inner", [1, 2]), ("outer", [0, 1, 2, 3]), ("left", [0, 1, 2]), ("right", [1, 2, 3])],
    )
    def test_joins(self, join: str, expected_x: list[int]) -> None:
        a, b = _pair()
        a2, b2 = la.align(a, b, join=join)
        np.testing.assert_array_equal(a2.x.values, expected_x)
        np.testing.assert_array_equal(b2.x.values, expected_x)
        assert a2.name == "a" and b2.name == "b"

    def test_outer_fill(self) -> None:
        a, b = _pair()
        a2, b2 = la.align(a, b, join="outer")
        np.testing.assert_array_equal(a2.values, [1.0, 2.0, 3.0, np.nan])
        a2, b2 = la.align(a, b, join="outer", fill_value=0)
        np.testing.assert_array_equal(b2.values, [0.0, 10.0, 20.0, 30.0])

    def test_exact(self) -> None:
        a, b = _pair()
        with pytest.raises(ValueError, match=r"x"):
            la.align(a, b, join="exact")
        a2, _a3 = la.align(a, a.copy(), join="exact")
        assert_identical(a2, a)

    def test_override(self) -> None:
        a, b = _pair()
        _a2, b2 = la.align(a, b, join="override")
        np.testing.assert_array_equal(b2.x.values, [0, 1, 2])
        np.testing.assert_array_equal(b2.values, [10.0, 20.0, 30.0])

    def test_override_gives_unindexed_objects_the_index(self) -> None:
        # xarray leaves the unindexed object without an index under join="override" (unlike any
        # other join); labarray consistently gives every object the first object's index
        a = la.DataArray([0.0, 1.0], dims="x", coords={"x": [5, 6]})
        b = la.DataArray([2.0, 3.0], dims="x")
        for first, second in ((a, b), (b, a)):
            r1, r2 = la.align(first, second, join="override")
            np.testing.assert_array_equal(r1.x.values, [5, 6])
            np.testing.assert_array_equal(r2.x.values, [5, 6])

    def test_override_size_mismatch(self) -> None:
        a, _ = _pair()
        c = la.DataArray([1.0, 2.0], dims="x", coords={"x": [0, 1]})
        with pytest.raises(ValueError, match=r"x"):
            la.align(a, c, join="override")

    def test_exclude(self) -> None:
        a = la.DataArray(np.zeros((2, 2)), dims=("x", "y"), coords={"x": [0, 1], "y": [0, 1]})
        b = la.DataArray(np.zeros((2, 3)), dims=("x", "y"), coords={"x": [1, 2], "y": [5, 6, 7]})
        a2, b2 = la.align(a, b, exclude="y")
        assert a2.sizes == {"x": 1, "y": 2}
        assert b2.sizes == {"x": 1, "y": 3}

    def test_bad_join(self) -> None:
        a, b = _pair()
        with pytest.raises(ValueError, match=r"join"):
            la.align(a, b, join="sideways")

    def test_unindexed_size_mismatch(self) -> None:
        a = la.DataArray([1, 2], dims="x")
        b = la.DataArray([1, 2, 3], dims="x")
        with pytest.raises(ValueError, match=r"x.*(2.*3|3.*2)"):
            la.align(a, b)

    def test_broadcast(self) -> None:
        a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]})
        b = la.DataArray([1, 2, 3], dims="y")
        a2, b2 = la.broadcast(a, b)
        assert a2.dims == ("x", "y") and b2.dims == ("x", "y")
        assert a2.shape == (2, 3)
        np.testing.assert_array_equal(b2.x.values, [0, 1])

    def test_broadcast_like(self) -> None:
        a = la.DataArray([1.0, 2.0], dims="x", coords={"x": [0, 1]})
        b = la.DataArray(np.zeros((3, 2)), dims=("y", "x"), coords={"x": [1, 2], "y": [7, 8, 9]})
        out = a.broadcast_like(b)
        assert set(out.dims) == {"x", "y"}
        np.testing.assert_array_equal(out.x.values, [0, 1, 2])
        assert out.sizes["y"] == 3
        out = a.broadcast_like(b, exclude="x")
        np.testing.assert_array_equal(out.x.values, [0, 1])

    def test_reindex(self) -> None:
        a, _ = _pair()
        out = a.reindex(x=[1, 2, 5])
        np.testing.assert_array_equal(out.values, [2.0, 3.0, np.nan])
        out = a.reindex(x=[1, 5], fill_value=-1)
        np.testing.assert_array_equal(out.values, [2.0, -1.0])
        out = a.reindex({"x": [0.4, 1.6]}, method="nearest")
        np.testing.assert_array_equal(out.values, [1.0, 3.0])
        out = a.reindex(x=[0.5, 5.0], method="pad")
        np.testing.assert_array_equal(out.values, [1.0, 3.0])
        out = a.reindex(x=[0.4, 5.0], method="nearest", tolerance=1)
        np.testing.assert_array_equal(out.values, [1.0, np.nan])
        out = a.reindex(x=[-1, 0.5], method="backfill")
        np.testing.assert_array_equal(out.values, [1.0, 2.0])

    def test_reindex_int_fill_promotes(self) -> None:
        a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]})
        assert a.reindex(x=[0, 5]).dtype == np.float64
        assert a.reindex(x=[0, 5], fill_value=0).dtype.kind == "i"

    def test_reindex_unknown_dim(self) -> None:
        a, _ = _pair()
        with pytest.raises(ValueError, match=r"did you mean 'x'\?|xx"):
            a.reindex(xx=[1])

    def test_reindex_like(self) -> None:
        a, b = _pair()
        out = a.reindex_like(b)
        np.testing.assert_array_equal(out.x.values, [1, 2, 3])
        np.testing.assert_array_equal(out.values, [2.0, 3.0, np.nan])
        out = a.reindex_like(b, fill_value=0.0)
        np.testing.assert_array_equal(out.values, [2.0, 3.0, 0.0])
        out = a.reindex_like(b, method="pad")
        np.testing.assert_array_equal(out.values, [2.0, 3.0, 3.0])


class TestGetitemWithArrays:
    def _da(self) -> la.DataArray:
        return la.DataArray(
            np.arange(6.0).reshape(2, 3),
            dims=("x", "y"),
            coords={"x": [1, 2], "y": ["a", "b", "c"]},
            name="v",
        )

    def test_boolean_dataarray_mask(self) -> None:
        y = self._da().y
        out = y[y != "b"]
        np.testing.assert_array_equal(out.values, ["a", "c"])
        assert out.dims == ("y",)

    def test_integer_dataarray_key(self) -> None:
        da = self._da()
        out = da[la.DataArray([1, 0], dims="x")]
        np.testing.assert_array_equal(out.x.values, [2, 1])
        np.testing.assert_array_equal(out.values, da.values[[1, 0]])

    def test_dataarray_key_new_dim(self) -> None:
        da = self._da()
        out = da[la.DataArray([1, 1, 0], dims="p")]
        assert out.dims == ("p", "y")

    def test_boolean_numpy_mask(self) -> None:
        da = self._da()
        out = da[:, np.array([True, False, True])]
        np.testing.assert_array_equal(out.y.values, ["a", "c"])

    def test_2d_boolean_mask_rejected(self) -> None:
        da = self._da()
        with pytest.raises(IndexError, match=r"2-dimensional|boolean|where"):
            da[da > 2]
        with pytest.raises(IndexError, match=r"2-dimensional|boolean|where"):
            da[da > 2] = 0.0


class TestMultiIndexSelection:
    def _mi(self) -> la.DataArray:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
        return la.DataArray(
            np.arange(4.0),
            coords=la.Coordinates.from_pandas_multiindex(midx, "z"),
            dims="z",
            name="v",
        )

    def test_isel_scalar(self) -> None:
        out = self._mi().isel(z=1)
        assert out.dims == ()
        assert out.one.item() == "a"
        assert out.two.item() == 2

    def test_sel_level_drop(self) -> None:
        out = self._mi().sel(one="a", drop=True)
        assert out.dims == ("two",)
        assert set(out.coords) == {"two"}
        np.testing.assert_array_equal(out.values, [0.0, 1.0])

    def test_sel_tuples_and_slice(self) -> None:
        da = self._mi()
        out = da.sel(z=[("a", 1), ("b", 2)])
        np.testing.assert_array_equal(out.values, [0.0, 3.0])
        assert isinstance(out.xindexes["z"], la.PandasMultiIndex)
        out = da.sel(z=slice(("a", 2), ("b", 1)))
        np.testing.assert_array_equal(out.values, [1.0, 2.0])

    def test_loc_first_level(self) -> None:
        out = self._mi().loc["b"]
        assert out.dims == ("two",)
        np.testing.assert_array_equal(out.values, [2.0, 3.0])

    def test_isel_slice_keeps_multiindex(self) -> None:
        out = self._mi().isel(z=slice(0, 2))
        assert isinstance(out.xindexes["z"], la.PandasMultiIndex)
        assert out.xindexes["one"] is out.xindexes["z"]
        np.testing.assert_array_equal(out.one.values, ["a", "a"])

    def test_missing_level_label(self) -> None:
        with pytest.raises(KeyError, match=r"'c'"):
            self._mi().sel(one="c")


class TestMoreSelection:
    def _a(self) -> la.DataArray:
        return la.DataArray(
            [1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2], "c": ("x", [5, 6, 7])}, name="a"
        )

    def test_isel_with_boolean_dataarray_from_self(self) -> None:
        a = self._a()
        out = a.isel(x=a > 1)
        np.testing.assert_array_equal(out.values, [2.0, 3.0])
        np.testing.assert_array_equal(out.x.values, [1, 2])

    def test_sel_with_boolean_dataarray_from_self(self) -> None:
        a = self._a()
        out = a.sel(x=a > 1)
        np.testing.assert_array_equal(out.values, [2.0, 3.0])

    def test_isel_boolean_numpy(self) -> None:
        out = self._a().isel(x=np.array([True, False, True]))
        np.testing.assert_array_equal(out.c.values, [5, 7])

    def test_drop_isel_boolean_mask(self) -> None:
        out = self._a().drop_isel(x=np.array([True, False, True]))
        np.testing.assert_array_equal(out.values, [2.0])

    def test_drop_sel_without_index_uses_positions(self) -> None:
        # like sel(), drop_sel on a dimension without an index treats labels as positions (xarray)
        out = la.DataArray([1, 2], dims="x").drop_sel(x=[0])
        np.testing.assert_array_equal(out.values, [2])

    def test_align_fill_value_per_name(self) -> None:
        a = self._a()
        b = la.DataArray([10.0, 20.0, 30.0], dims="x", coords={"x": [1, 2, 3]}, name="b")
        a2, b2 = la.align(a, b, join="outer", fill_value={"a": -1.0, "b": -2.0})
        np.testing.assert_array_equal(a2.values, [1.0, 2.0, 3.0, -1.0])
        np.testing.assert_array_equal(b2.values, [-2.0, 10.0, 20.0, 30.0])

    def test_where_other_misaligned_rejected(self) -> None:
        a = self._a()
        b = la.DataArray([10.0, 20.0, 30.0], dims="x", coords={"x": [1, 2, 3]})
        with pytest.raises(ValueError, match=r"'x'"):
            a.where(a > 1, b)

    def test_sel_slice_with_method_rejected(self) -> None:
        with pytest.raises((ValueError, NotImplementedError), match=r"slice"):
            self._a().sel(x=slice(0, 1), method="nearest")

    def test_reindex_unsorted_with_method(self) -> None:
        da = la.DataArray([1, 2, 3], dims="x", coords={"x": [2, 0, 1]})
        with pytest.raises(ValueError, match=r"'x'.*(monotonic|sorted)"):
            da.reindex(x=[0.5], method="pad")

    def test_reindex_fill_dict_for_coords(self) -> None:
        out = self._a().reindex(x=[0, 5], fill_value={"a": 0.0, "c": -1})
        np.testing.assert_array_equal(out.values, [1.0, 0.0])
        np.testing.assert_array_equal(out.c.values, [5, -1])


@pytest.mark.compat
def test_sel_on_non_index_coordinate_matches_xarray() -> None:
    xr = pytest.importorskip("xarray")
    values = np.arange(4.0)
    ours = la.DataArray(values, dims="plev", coords={"plev": [1000, 850, 500, 250], "lev": ("plev", [1, 2, 3, 4])})
    theirs = xr.DataArray(values, dims="plev", coords={"plev": [1000, 850, 500, 250], "lev": ("plev", [1, 2, 3, 4])})
    for kwargs in ({"lev": 2}, {"lev": slice(2, 3)}, {"lev": [2, 4]}):
        a, b = ours.sel(**kwargs), theirs.sel(**kwargs)
        np.testing.assert_array_equal(a.values, b.values)
        np.testing.assert_array_equal(a["plev"].values, b["plev"].values)
    a = ours.sel(lev=2.2, method="nearest")
    assert a["plev"].item() == theirs.sel(lev=2.2, method="nearest")["plev"].item()
