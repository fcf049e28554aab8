"""Tests of date_range, date_range_like, infer_freq, convert_calendar and interp_calendar."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.compute.calendar_ops import convert_calendar, interp_calendar

CALENDARS = ["standard", "proleptic_gregorian", "noleap", "all_leap", "360_day", "julian"]


def test_date_range_picks_the_index_kind():
    assert isinstance(la.date_range("2000-01-01", periods=3), pd.DatetimeIndex)
    assert isinstance(la.date_range("2000-01-01", periods=3, use_cftime=True), la.CFTimeIndex)
    assert isinstance(la.date_range("2000", periods=3, calendar="noleap"), la.CFTimeIndex)
    assert isinstance(la.date_range("1000-01-01", periods=2, calendar="standard"), la.CFTimeIndex)
    # nanoseconds by default (as xarray): year 1000 needs cftime unless a coarser unit is asked for
    assert isinstance(la.date_range("1000-01-01", periods=2, calendar="proleptic_gregorian"), la.CFTimeIndex)
    assert isinstance(la.date_range("1000-01-01", periods=2, calendar="proleptic_gregorian", unit="s"),
                      pd.DatetimeIndex)
    named = la.date_range("2000", "2000-01-03", name="t", calendar="360_day")
    assert named.name == "t" and len(named) == 3


@pytest.mark.parametrize("calendar", CALENDARS)
@pytest.mark.parametrize("freq", ["D", "6h", "MS", "ME", "QE", "YS", "YE", "W-MON"])
def test_date_range_every_calendar_and_freq(calendar, freq):
    rng = la.date_range("2000-01-01", periods=5, freq=freq, calendar=calendar, use_cftime=True)
    assert len(rng) == 5 and rng.is_monotonic_increasing
    assert la.infer_freq(rng) == la.infer_freq(
        la.date_range("2000-01-01", periods=5, freq=freq)) or calendar == "360_day"


def test_date_range_bad_input():
    with pytest.raises(ValueError, match="use_cftime=False needs a standard calendar"):
        la.date_range("2000", periods=2, calendar="noleap", use_cftime=False)
    with pytest.raises(ValueError, match="tz='UTC' is not supported for a CFTimeIndex"):
        la.date_range("2000", periods=2, calendar="noleap", tz="UTC")
    with pytest.raises(ValueError, match="unknown calendar"):
        la.date_range("2000", periods=2, calendar="mayan")
    with pytest.raises(pd.errors.OutOfBoundsDatetime):
        la.date_range("1000-01-01", periods=2, unit="ns", use_cftime=False)


def test_infer_freq_both_kinds_and_bad_input():
    assert la.infer_freq(la.date_range("2000", periods=4, freq="MS")) == "MS"
    cf = la.date_range("2000", periods=4, freq="ME", calendar="noleap")
    da = la.DataArray(np.arange(4), coords={"time": cf}, dims="time")
    assert la.infer_freq(da.time) == "ME"
    assert la.infer_freq(np.array(["2000-01-01", "2000-01-02", "2000-01-04"], "M8[s]")) is None
    with pytest.raises(ValueError, match="at least 3 dates"):
        la.infer_freq(cf[:2])
    with pytest.raises(TypeError, match="datetime64 or cftime dates, got values of dtype int64"):
        la.infer_freq(np.arange(4))
    with pytest.raises(ValueError, match="1-dimensional"):
        la.infer_freq(np.zeros((2, 2), "M8[s]"))


def test_date_range_like():
    src = la.date_range("2000-01-01", "2000-12-31", freq="ME")
    out = la.date_range_like(src, "360_day")
    assert isinstance(out, la.CFTimeIndex) and len(out) == 12 and out[-1].day == 30
    daily = la.date_range("2000-01-01", "2000-12-31", freq="D", calendar="noleap")
    back = la.date_range_like(daily, "standard")
    assert isinstance(back, pd.DatetimeIndex) and len(back) == 366
    with pytest.raises(ValueError, match="no frequency could be inferred"):
        la.date_range_like(daily[[0, 1, 5]], "standard")
    with pytest.raises(ValueError, match="at least 3 dates"):
        la.date_range_like(daily[:2], "standard")


def _series(calendar, start="2000-01-01", end="2001-12-31"):
    t = la.date_range(start, end, freq="D", calendar=calendar, use_cftime=True)
    return la.DataArray(np.arange(len(t)), coords={"time": t}, dims="time", name="v")


@pytest.mark.parametrize("source", CALENDARS)
@pytest.mark.parametrize("target", CALENDARS)
def test_convert_calendar_every_pair(source, target):
    da = _series(source, end="2000-12-30")
    align = "year" if "360_day" in (source, target) and source != target else None
    out = da.convert_calendar(target, align_on=align, use_cftime=True)
    assert out.time.values[0].calendar in (target, "standard" if target == "gregorian" else target)
    assert out.indexes["time"].is_unique and out.indexes["time"].is_monotonic_increasing
    assert out.sizes["time"] <= da.sizes["time"] + 1


def test_convert_calendar_date_drops_missing_dates():
    da = _series("all_leap")
    assert da.convert_calendar("noleap").sizes["time"] == 730
    std = da.convert_calendar("standard")
    assert isinstance(std.indexes["time"], pd.DatetimeIndex) and std.sizes["time"] == 731
    d360 = da.convert_calendar("360_day", align_on="date")
    assert d360.sizes["time"] == 718
    filled = da.convert_calendar("noleap", missing=-1)
    assert filled.sizes["time"] == 730 and int((filled == -1).sum()) == 0
    same = da.convert_calendar("all_leap")
    assert same.sizes["time"] == da.sizes["time"]


def test_convert_calendar_year_alignment_and_missing():
    d360 = _series("360_day", end="2001-12-30")
    out = d360.convert_calendar("noleap", align_on="year", missing=np.nan)
    assert out.sizes["time"] == 730 and int(np.isnan(out.values).sum()) == 10
    ds = la.Dataset({"v": d360})
    assert ds.convert_calendar("noleap", align_on="year").sizes["time"] == 720


def test_convert_calendar_bad_input():
    da = _series("noleap", end="2000-01-10")
    with pytest.raises(ValueError, match="needs align_on='date' or 'year'"):
        da.convert_calendar("360_day")
    with pytest.raises(ValueError, match="align_on must be None, 'date' or 'year'"):
        da.convert_calendar("360_day", align_on="random")
    with pytest.raises(KeyError, match="no coordinate 'date' to convert"):
        da.convert_calendar("noleap", dim="date")
    with pytest.raises(ValueError, match="use_cftime=False needs a standard calendar"):
        da.convert_calendar("360_day", align_on="date", use_cftime=False)
    plain = la.DataArray([1, 2], coords={"time": [1, 2]}, dims="time")
    with pytest.raises(TypeError, match="coordinate 'time' must hold datetime64 or cftime"):
        convert_calendar(plain, "noleap")


def test_interp_calendar():
    t = la.date_range("2000-01-01", periods=3, freq="YS", calendar="noleap")
    da = la.DataArray([0.0, 1.0, 2.0], coords={"time": t}, dims="time")
    target = la.date_range("2000-07-01", periods=2, freq="12MS", calendar="360_day")
    out = interp_calendar(da, target)
    assert np.allclose(out.values, [0.5, 1.5])
    assert list(out.time.values) == list(target)
    outside = da.interp_calendar(la.date_range("1999-01-01", periods=1, calendar="360_day"))
    assert np.isnan(outside.values[0])
    with pytest.raises(TypeError, match="target must hold datetime64 or cftime"):
        interp_calendar(da, np.arange(3))


@pytest.mark.compat
@pytest.mark.parametrize(("source", "target", "align"), [
    ("all_leap", "noleap", None), ("noleap", "360_day", "year"), ("360_day", "standard", "year"),
    ("standard", "360_day", "date"), ("julian", "proleptic_gregorian", None),
])
def test_compat_convert_calendar_with_xarray(source, target, align):
    xr = pytest.importorskip("xarray")
    t = xr.date_range("2000-01-01", "2001-12-30", freq="D", calendar=source, use_cftime=True)
    ref = xr.DataArray(np.arange(len(t)), coords={"time": t}, dims="time")
    ours = la.DataArray(np.arange(len(t)), coords={"time": np.asarray(t)}, dims="time")
    expected = ref.convert_calendar(target, align_on=align, use_cftime=True)
    got = ours.convert_calendar(target, align_on=align, use_cftime=True)
    assert got.values.tolist() == expected.values.tolist()
    assert list(got.time.values) == list(expected.time.values)
    assert la.infer_freq(got.time) == xr.infer_freq(expected.time)
    like = la.date_range_like(ours.time, target, use_cftime=True)
    assert list(like) == list(xr.date_range_like(ref.time, target, use_cftime=True))
