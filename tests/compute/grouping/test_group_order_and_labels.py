"""Order, labels and dimension order of grouped results (checked against xarray's rules).

* a dimension coordinate of unique, monotonic values keeps its order (descending levels);
* string labels are object arrays, interval labels an ``IntervalIndex``;
* the group coordinate keeps the group's attributes (seasons, resampled times, ``map``);
* groups spanning several dimensions go last in a DataArray result; ``map`` results follow
  the grouped array's dimension order;
* ``apply`` is the deprecated alias of ``map``; binning that selects nothing raises.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.compute.grouping.groupers import (
    BinGrouper,
    SeasonGrouper,
    SeasonResampler,
    UniqueGrouper,
)
from labarray.testing import assert_allclose, assert_identical, raise_if_dask_computes

TIMES = pd.date_range("2000-01-01", periods=24, freq="MS")
PLEV = [100000.0, 85000.0, 50000.0, 25000.0]
LAT = [60.0, 20.0, -20.0, -60.0]


def make_ta(module: object = xr) -> object:
    data = np.random.default_rng(0).random((24, 4, 4, 5))
    return module.DataArray(  # type: ignore[attr-defined]
        data, dims=("time", "plev", "lat", "lon"), name="ta",
        coords={"time": ("time", TIMES, {"axis": "T"}), "plev": ("plev", PLEV, {"units": "Pa"}),
                "lat": LAT, "lon": np.arange(5.0),
                "mask": (("lat", "lon"), np.arange(20).reshape(4, 5) % 3)},
    )  # fmt: skip


# ---------------------------------------------------------------- order of the groups
def test_descending_dimension_coordinate_keeps_its_order() -> None:
    ta = make_ta()
    for result in (ta.groupby("plev").mean(), ta.groupby(plev=UniqueGrouper()).mean(),
                   ta.chunk(time=6).groupby("plev").mean().compute()):  # fmt: skip
        assert result.plev.values.tolist() == PLEV
        assert result.dims == ta.dims
        assert_allclose(result, ta)  # every level is its own group
    lat = ta.groupby("lat").max()
    assert lat.lat.values.tolist() == LAT
    ds = ta.to_dataset().groupby("lat").mean()
    assert ds.lat.values.tolist() == LAT
    assert [label for label, _ in ta.groupby("plev")] == PLEV


def test_descending_groups_in_grouped_arithmetic() -> None:
    ta = make_ta()
    gb = ta.groupby("plev")
    anomalies = gb - gb.mean("time")
    expected = ta - ta.mean("time")
    assert_allclose(anomalies, expected)
    # the operand's own order does not matter: labels are matched
    shuffled = gb.mean("time").isel(plev=[2, 0, 3, 1])
    assert_allclose(gb - shuffled, expected)


def test_unsorted_or_repeated_or_non_dimension_groups_are_sorted() -> None:
    da = xr.DataArray(np.arange(4.0), dims="x", coords={"x": [3, 1, 2, 0]})
    assert da.groupby("x").sum().x.values.tolist() == [0, 1, 2, 3]
    rep = xr.DataArray(np.arange(4.0), dims="x", coords={"x": [3, 3, 1, 0]})
    assert rep.groupby("x").sum().x.values.tolist() == [0, 1, 3]
    # a descending coordinate that is not the dimension coordinate: sorted groups
    other = xr.DataArray(np.arange(3.0), dims="x", coords={"g": ("x", [9, 5, 1])})
    assert other.groupby("g").sum().g.values.tolist() == [1, 5, 9]
    # NaN in a dimension coordinate: not monotonic, NaN left out
    nan = xr.DataArray(np.arange(3.0), dims="x", coords={"x": [2.0, np.nan, 1.0]})
    assert nan.groupby("x").sum().x.values.tolist() == [1.0, 2.0]


@pytest.mark.compat
def test_compat_group_order_with_xarray() -> None:
    xarray_ = pytest.importorskip("xarray")
    ours, theirs = make_ta(xr), make_ta(xarray_)
    cases = [
        lambda d, m: d.groupby("plev").mean(),
        lambda d, m: d.groupby("lat").mean(),
        lambda d, m: d.groupby(plev=m.groupers.UniqueGrouper()).max(),
        lambda d, m: d.groupby("plev") - d.groupby("plev").mean("time"),
    ]
    for case in cases:
        a, b = case(ours, xr), case(theirs, xarray_)
        assert a.dims == b.dims
        for name in ("plev", "lat"):
            np.testing.assert_array_equal(a[name].values, b[name].values)
        np.testing.assert_allclose(a.values, b.values)


# ---------------------------------------------------------------- apply
def test_apply_is_map_with_a_pending_deprecation_warning() -> None:
    ta = make_ta()
    gb = ta.groupby("time.month")
    with pytest.warns(PendingDeprecationWarning, match=r"GroupBy\.apply .*GroupBy\.map"):
        applied = gb.apply(lambda x, k: x.mean("time") * k, args=(2,))
    assert_identical(applied, gb.map(lambda x, k: x.mean("time") * k, args=(2,)))
    # DataArrayGroupBy.apply takes ``shortcut`` second, as in xarray
    with pytest.warns(PendingDeprecationWarning):
        positional = gb.apply(lambda x: x.max("time"), False)
    assert_identical(positional, gb.max())
    ds_gb = ta.to_dataset().groupby("time.season")
    with pytest.warns(PendingDeprecationWarning, match=r"GroupBy\.apply"):
        assert_identical(ds_gb.apply(lambda d: d.min("time")), ds_gb.min())
    rs = ta.resample(time="YS")
    with pytest.warns(PendingDeprecationWarning, match=r"Resample\.apply .*Resample\.map"):
        assert_identical(rs.apply(lambda x: x.mean("time")), rs.map(lambda x: x.mean("time")))
    ds_rs = ta.to_dataset().resample(time="YS")
    with pytest.warns(PendingDeprecationWarning, match=r"Resample\.apply"):
        assert_identical(ds_rs.apply(lambda d: d.sum("time")), ds_rs.map(lambda d: d.sum("time")))


def test_apply_errors_are_those_of_map() -> None:
    gb = make_ta().groupby("time.month")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        with pytest.raises(TypeError, match="must return DataArrays or Datasets, got float"):
            gb.apply(lambda x: float(x.mean()))


# ---------------------------------------------------------------- bins selecting nothing
def test_bins_without_data_raise() -> None:
    da = xr.DataArray(np.arange(4.0), dims="x", coords={"x": [1, 2, 3, 4]})
    with pytest.raises(ValueError, match=r"None of the data falls within bins with edges \[10, 20, 30\]: 'x' ranges from 1 to 4"):  # fmt: skip
        da.groupby_bins("x", [10, 20, 30])
    with pytest.raises(ValueError, match=r"None of the data falls within bins with edges \[0\]"):
        da.groupby_bins("x", [0])
    with pytest.raises(ValueError, match=r"None of the data falls within bins"):
        da.groupby(x=BinGrouper(bins=pd.interval_range(10, 12)))
    allnan = da.assign_coords(n=("x", [np.nan] * 4))
    with pytest.raises(ValueError, match=r"'n' has no \(non-missing\) values"):
        allnan.groupby_bins("n", [0, 1])
    # a lazy group is not checked (as xarray): the bins are simply empty
    lazy = da.assign_coords(c=da.x.chunk())
    assert np.isnan(lazy.groupby_bins("c", [10, 20]).mean().values).all()
    # some data in the bins: fine, the empty bins are kept
    partial = da.groupby_bins("x", [0, 2, 10, 20]).mean()
    assert partial.values[:2].tolist() == [0.5, 2.5] and np.isnan(partial.values[2])


@pytest.mark.compat
def test_compat_bins_without_data_raise_like_xarray() -> None:
    xarray_ = pytest.importorskip("xarray")
    for module in (xr, xarray_):
        da = module.DataArray(np.arange(4.0), dims="x", coords={"x": [1, 2, 3, 4]})
        with pytest.raises(ValueError, match="None of the data falls within bins with edges"):
            da.groupby_bins("x", [10, 20]).mean()


# ---------------------------------------------------------------- label dtypes
def test_string_labels_are_objects_and_bins_an_interval_index() -> None:
    ta = make_ta()
    season = ta.groupby("time.season").mean()
    assert season.season.dtype == object and season.season.values.tolist() == [
        "DJF", "JJA", "MAM", "SON"]  # fmt: skip
    grouped = ta.groupby(time=SeasonGrouper(["DJF", "MAM", "JJA", "SON"])).mean()
    assert grouped.season.dtype == object
    labelled = ta.groupby_bins("lat", [-90, 0, 90], labels=["S", "N"]).mean()
    assert labelled.lat_bins.dtype == object and labelled.lat_bins.values.tolist() == ["S", "N"]
    bins = ta.groupby_bins("lat", [-90, 0, 90]).mean()
    assert isinstance(bins.indexes["lat_bins"], pd.IntervalIndex)
    assert bins.sel(lat_bins=pd.Interval(0, 90)).dims == ("time", "plev", "lon")
    # string labels still match a clim with <U labels in grouped arithmetic
    clim = season.copy(data=np.zeros(season.shape)).assign_coords(
        season=np.array(["DJF", "JJA", "MAM", "SON"]))  # fmt: skip
    anomalies = ta.groupby("time.season") - clim
    np.testing.assert_allclose(anomalies.values, ta.values)
    assert anomalies.season.values[:3].tolist() == ["DJF", "DJF", "MAM"]


@pytest.mark.compat
def test_compat_label_dtypes_with_xarray() -> None:
    xarray_ = pytest.importorskip("xarray")
    ours, theirs = make_ta(xr), make_ta(xarray_)
    for case in (lambda d: d.groupby("time.season").mean().season,
                 lambda d: d.groupby_bins("lat", [-90, 0, 90], labels=["S", "N"]).mean().lat_bins):  # fmt: skip
        a, b = case(ours), case(theirs)
        assert a.dtype == b.dtype
        assert a.values.tolist() == b.values.tolist()


# ---------------------------------------------------------------- coordinate attributes
def test_group_coordinate_keeps_the_time_attributes() -> None:
    ta = make_ta()
    grouped = ta.groupby(time=SeasonGrouper(["DJF", "MAM", "JJA", "SON"])).mean()
    assert grouped.season.attrs == {"axis": "T"}
    resampled = ta.resample(time=SeasonResampler(["DJF", "MAM", "JJA", "SON"])).mean()
    assert resampled.time.attrs == {"axis": "T"}
    reduced = ta.resample(time="YS").reduce(np.nanmax)
    assert reduced.time.attrs == {"axis": "T"}
    assert_allclose(reduced, ta.resample(time="YS").max())
    mapped = ta.to_dataset().resample(time="YS").map(lambda d: d.mean("time"))
    assert mapped.time.attrs == {"axis": "T"}
    by_level = ta.groupby("plev").map(lambda x: x.mean("plev"))
    assert by_level.plev.attrs == {"units": "Pa"}
    # keep_attrs=False drops the values' attributes, not the group coordinate's (as xarray)
    dropped = ta.assign_attrs(units="K").groupby(time=SeasonGrouper(["DJF", "JJA"]))
    result = dropped.mean(keep_attrs=False)
    assert result.season.attrs == {"axis": "T"} and result.attrs == {}
    assert ta.resample(time="YS").max(keep_attrs=False).time.attrs == {"axis": "T"}


def test_grouped_quantile_is_float64_like_the_ungrouped_one() -> None:
    da = make_ta().astype(np.float32)
    assert da.quantile(0.5, "time").dtype == np.float64
    assert da.groupby("time.month").quantile(0.5).dtype == np.float64
    lazy = da.chunk(time=6).resample(time="YS").quantile([0.1, 0.9])
    assert lazy.dtype == np.float64 and lazy.compute().dtype == np.float64
    np.testing.assert_allclose(
        lazy.values,
        da.astype(np.float64).resample(time="YS").quantile([0.1, 0.9]).values,
        rtol=1e-6,
    )
    with pytest.raises(ValueError, match="quantile"):
        da.groupby("time.month").quantile(1.5)


@pytest.mark.compat
def test_compat_group_coordinate_attributes_with_xarray() -> None:
    xarray_ = pytest.importorskip("xarray")
    ours, theirs = make_ta(xr), make_ta(xarray_)
    cases = [
        lambda d, m: (
            d.groupby(time=m.groupers.SeasonGrouper(["DJF", "MAM", "JJA", "SON"])).mean().season
        ),
        lambda d, m: (
            d.resample(time=m.groupers.SeasonResampler(["DJF", "MAM", "JJA", "SON"])).mean().time
        ),
        lambda d, m: d.resample(time="YS").reduce(np.nanmax).time,
        lambda d, m: d.resample(time="YS").map(lambda x: x.mean("time")).time,
        lambda d, m: d.groupby("plev").max(keep_attrs=False).plev,
        lambda d, m: d.astype(np.float32).groupby("time.month").quantile(0.5),
    ]
    for case in cases:
        a, b = case(ours, xr), case(theirs, xarray_)
        assert dict(a.attrs) == dict(b.attrs)
        assert a.dtype == b.dtype


# ---------------------------------------------------------------- dimension order
def test_groups_over_several_dimensions_go_last() -> None:
    ta = make_ta()
    two = ta.groupby(lat=BinGrouper(bins=[-90, 0, 90]), plev=UniqueGrouper()).mean()
    assert two.dims == ("time", "lon", "lat_bins", "plev")
    assert two.plev.values.tolist() == PLEV
    expected = ta.sel(lat=[20.0, 60.0][::-1]).mean("lat").transpose("time", "lon", "plev")
    assert_allclose(two.sel(lat_bins=pd.Interval(0, 90), drop=True), expected)
    swapped = ta.groupby(plev=UniqueGrouper(), lat=BinGrouper(bins=[-90, 0, 90])).mean()
    assert swapped.dims == ("time", "lon", "plev", "lat_bins")
    q = ta.groupby(lat=BinGrouper(bins=[-90, 0, 90]), plev=UniqueGrouper()).quantile([0.1, 0.9])
    assert q.dims == ("time", "lon", "lat_bins", "plev", "quantile")
    # one 2-D group: its dimensions are replaced by the group dimension, last
    two_d = ta.transpose("time", "lat", "lon", "plev").groupby("mask").mean()
    assert two_d.dims == ("time", "plev", "mask")
    # several groupers along one dimension: in its place
    assert ta.groupby(["time.year", "time.month"]).mean().dims[:2] == ("year", "month")
    lazy = ta.chunk(time=6).groupby(lat=BinGrouper(bins=[-90, 0, 90]), plev=UniqueGrouper())
    with raise_if_dask_computes():
        result = lazy.mean()
    assert_allclose(result, two)


def test_map_results_follow_the_array_dimension_order() -> None:
    ta = make_ta().transpose("plev", "lat", "lon", "time")
    res = ta.groupby("time.month").map(lambda x: x.mean("time"))
    assert res.dims == ("plev", "lat", "lon", "month")
    same = ta.groupby("lat").reduce(np.mean)
    assert same.dims == ta.dims
    assert_allclose(same, ta.drop_vars("mask"))  # reducing over lat drops the 2-D mask
    back = ta.groupby("time.month").map(lambda x: x.transpose("time", ...))
    assert back.dims == ta.dims
    # a function returning a Dataset from a DataArray group is not reordered
    ds = ta.groupby("time.month").map(lambda x: x.mean("time").to_dataset())
    assert isinstance(ds, xr.Dataset)


@pytest.mark.compat
def test_compat_dimension_order_with_xarray() -> None:
    xarray_ = pytest.importorskip("xarray")
    ours, theirs = make_ta(xr), make_ta(xarray_)
    cases = [
        lambda d, m: d.groupby(lat=m.groupers.BinGrouper(bins=[-90, 0, 90]), plev=m.groupers.UniqueGrouper()).mean(),
        lambda d, m: d.groupby(plev=m.groupers.UniqueGrouper(), lat=m.groupers.BinGrouper(bins=[-90, 0, 90])).sum(),
        lambda d, m: d.groupby(lat=m.groupers.BinGrouper(bins=[-90, 0, 90]), plev=m.groupers.UniqueGrouper()).quantile([0.5]),
        lambda d, m: d.transpose("time", "lat", "lon", "plev").groupby("mask").mean(),
        lambda d, m: d.groupby(["time.year", "time.month"]).mean(),
        lambda d, m: d.transpose("plev", "lat", "lon", "time").groupby("time.month").map(lambda x: x.mean("time")),
        lambda d, m: d.groupby("lat").reduce(np.mean),
    ]  # fmt: skip
    for case in cases:
        a, b = case(ours, xr), case(theirs, xarray_)
        assert a.dims == b.dims
        np.testing.assert_allclose(a.values, b.values)


def test_grouped_cumsum_puts_the_scanned_dimension_last() -> None:
    da = make_ta().isel(plev=0, lon=0, drop=True)  # (time, lat)
    cum = da.groupby("time.year").cumsum()
    assert cum.dims == ("lat", "time")
    expected = np.concatenate(
        [np.cumsum(da.values[:12], axis=0), np.cumsum(da.values[12:], axis=0)]
    ).T
    np.testing.assert_allclose(cum.values, expected)
    assert cum.to_dataset().ta.dims == da.to_dataset().groupby("time.year").cumsum().ta.dims
    # cumprod keeps the array's order (as xarray, where it is a grouped reduce)
    assert da.groupby("time.year").cumprod().dims == ("time", "lat")
    with pytest.raises(ValueError, match=r"dimension 'tim' not found.*did you mean 'time'"):
        da.groupby("time.year").cumsum("tim")


@pytest.mark.compat
def test_compat_grouped_scans_dimension_order() -> None:
    xarray_ = pytest.importorskip("xarray")
    ours = make_ta(xr).isel(plev=0, lon=0, drop=True).drop_vars("mask")
    theirs = make_ta(xarray_).isel(plev=0, lon=0, drop=True).drop_vars("mask")
    for case in (lambda d: d.groupby("time.year").cumsum(),
                 lambda d: d.groupby("time.year").cumprod(),
                 lambda d: d.to_dataset().groupby("time.year").cumsum().ta):  # fmt: skip
        a, b = case(ours), case(theirs)
        assert a.dims == b.dims
        np.testing.assert_allclose(a.values, b.values)


# ---------------------------------------------------------------- empty groups
def test_empty_bins_give_missing_sums_and_counts() -> None:
    times = pd.to_datetime(["2000-01-01", "2000-01-02", "2000-01-05"])
    da = xr.DataArray(np.array([1, 2, 3]), dims="time", coords={"time": times})
    rs = da.resample(time="D")
    for func, full in (("sum", [1, 2, 3]), ("count", [1, 1, 1]), ("any", [1, 1, 1])):
        result = getattr(rs, func)()
        assert result.dtype == np.float64
        np.testing.assert_array_equal(result.values, [full[0], full[1], np.nan, np.nan, full[2]])
    prod = rs.prod()  # xarray keeps 1 for prod, as float
    assert prod.dtype == np.float64 and prod.values.tolist() == [1.0, 2.0, 1.0, 1.0, 3.0]
    lazy = da.chunk(time=2).resample(time="D").sum()
    np.testing.assert_array_equal(lazy.values, [1.0, 2.0, np.nan, np.nan, 3.0])
    # no empty bin: the dtype is kept
    full = da.isel(time=[0, 1]).resample(time="D").sum()
    assert full.dtype == da.dtype and full.values.tolist() == [1, 2]
    # several groupers: empty combinations are missing
    t2 = xr.DataArray(np.arange(4), dims="time", coords={"time": pd.to_datetime(
        ["2000-01-01", "2000-02-01", "2001-01-01", "2001-03-01"])})  # fmt: skip
    combos = t2.groupby(["time.year", "time.month"]).sum().values
    np.testing.assert_array_equal(combos, [[0.0, 1.0, np.nan], [2.0, np.nan, 3.0]])
    # unique values (no empty groups possible): a plain integer sum
    assert t2.groupby("time.month").sum().dtype == t2.dtype
    with pytest.raises(ValueError, match="keepdims=True is not supported by grouped sum"):
        rs.sum(keepdims=True)


@pytest.mark.compat
def test_compat_empty_groups_with_xarray() -> None:
    xarray_ = pytest.importorskip("xarray")
    times = pd.to_datetime(["2000-01-01", "2000-01-02", "2000-01-05"])
    for func in ("sum", "count", "any", "all", "prod", "max", "mean"):
        a, b = (getattr(m.DataArray(np.array([1, 2, 3]), dims="time", coords={"time": times})
                        .resample(time="D"), func)() for m in (xr, xarray_))  # fmt: skip
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a.values, b.values)
    ours = xr.DataArray(np.arange(4.0), dims="x", coords={"x": [1, 2, 3, 4]})
    theirs = xarray_.DataArray(np.arange(4.0), dims="x", coords={"x": [1, 2, 3, 4]})
    for func in ("sum", "count"):
        a = getattr(ours.groupby_bins("x", [0, 2, 10, 20]), func)()
        b = getattr(theirs.groupby_bins("x", [0, 2, 10, 20]), func)()
        np.testing.assert_array_equal(a.values, b.values)
