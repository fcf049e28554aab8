"""Tests of CFTimeIndex, cftime offsets/ranges, and date selection on both index kinds."""

from __future__ import annotations

import datetime
import warnings

import cftime
import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.indexes import PandasIndex
from labarray.indexes.cftime_index import (
    CFTimeIndex,
    datetime_string_positions,
    datetime_string_slice,
    is_cftime_array,
)
from labarray.indexes.cftime_offsets import (
    cftime_range,
    days_in_month,
    infer_cftime_freq,
    normalize_calendar,
    parse_cftime_date,
    to_cftime_offset,
)

CALENDARS = ["standard", "gregorian", "proleptic_gregorian", "noleap", "365_day", "all_leap",
             "366_day", "360_day", "julian"]
FREQS = ["D", "6h", "30min", "s", "MS", "ME", "QS-DEC", "QE", "YS", "YE", "W-MON", "3MS", "2QE-NOV"]


def daily(calendar: str, periods: int = 400, start: str = "2000-01-01") -> CFTimeIndex:
    return CFTimeIndex(cftime_range(start, periods=periods, freq="D", calendar=calendar),
                       name="time")


def ymd(dates) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in dates]


# -- offsets and ranges -------------------------------------------------------------------------


@pytest.mark.parametrize("freq", FREQS)
@pytest.mark.parametrize("bounds", [("2000-01-15", "2003-05-03", None), ("2000-01-15", None, 7),
                                    (None, "2003-05-03", 7)])
def test_cftime_range_matches_pandas_on_proleptic_gregorian(freq, bounds):
    start, end, periods = bounds
    if freq in ("6h", "30min", "s") and end is not None:
        end = "2000-01-16T03" if start is not None else end  # keep tick ranges short
    ours = cftime_range(start, end, periods, freq, calendar="proleptic_gregorian")
    theirs = pd.date_range(start, end, periods, freq)
    assert [d.strftime("%Y-%m-%d %H:%M:%S") for d in ours] == list(
        theirs.strftime("%Y-%m-%d %H:%M:%S"))


@pytest.mark.parametrize("calendar", CALENDARS)
def test_month_end_follows_the_calendar(calendar):
    ends = cftime_range("2001-01-01", periods=3, freq="ME", calendar=calendar)
    expected_feb = {"360_day": 30, "all_leap": 29, "366_day": 29}.get(calendar, 28)
    assert [d.day for d in ends] == [30 if calendar == "360_day" else 31, expected_feb,
                                     30 if calendar == "360_day" else 31]
    assert all(normalize_calendar(d.calendar) == normalize_calendar(calendar) for d in ends)


@pytest.mark.parametrize(("calendar", "year", "month", "expected"), [
    ("noleap", 2000, 2, 28), ("all_leap", 2001, 2, 29), ("360_day", 2001, 1, 30),
    ("julian", 1900, 2, 29), ("proleptic_gregorian", 1900, 2, 28), ("standard", 1500, 2, 29),
    ("standard", 1900, 2, 28), ("gregorian", 2000, 4, 30),
])
def test_days_in_month(calendar, year, month, expected):
    assert days_in_month(year, month, calendar) == expected


def test_offsets_roll_and_apply():
    off = to_cftime_offset("QS-DEC")
    date = cftime.DatetimeNoLeap(2000, 1, 15)
    assert not off.onOffset(date)
    assert ymd([off.rollforward(date), off.rollback(date)]) == ["2000-03-01", "1999-12-01"]
    assert ymd([date + to_cftime_offset("-2ME")]) == ["1999-11-30"]
    assert ymd([date - to_cftime_offset("YS")]) == ["2000-01-01"]
    assert to_cftime_offset("W").name == "W-SUN"
    assert to_cftime_offset("Y").freqstr == "YE-DEC"
    assert to_cftime_offset("2H") == to_cftime_offset("2h")
    assert to_cftime_offset(datetime.timedelta(hours=3)).as_timedelta() == datetime.timedelta(hours=3)
    with pytest.raises(TypeError, match="no fixed length"):
        to_cftime_offset("MS").as_timedelta()


@pytest.mark.parametrize(("freq", "match"), [
    ("5X", "invalid frequency '5X'"), ("MS-JAN", "takes no anchor"), ("QS-FOO", "invalid anchor"),
    ("D-MON", "takes no anchor"), (3, "invalid frequency 3"), ("mins", "did you mean"),
])
def test_to_cftime_offset_bad_input(freq, match):
    with pytest.raises(ValueError, match=match):
        to_cftime_offset(freq)


def test_cftime_range_options_and_bad_input():
    assert ymd(cftime_range("2000-01-01", "2000-01-03", inclusive="neither", calendar="noleap")) \
        == ["2000-01-02"]
    assert ymd(cftime_range("2000-01-01", "2000-01-03", inclusive="left", calendar="noleap")) \
        == ["2000-01-01", "2000-01-02"]
    even = cftime_range("2000-01-01", "2000-01-02", 3, None, calendar="360_day")
    assert [d.hour for d in even] == [0, 12, 0]
    norm = cftime_range("2000-01-01T06", periods=2, normalize=True, calendar="julian")
    assert [d.hour for d in norm] == [0, 0]
    assert len(cftime_range("2000-01-01", periods=0, calendar="noleap")) == 0
    with pytest.raises(ValueError, match="exactly three of start, end, periods and freq"):
        cftime_range("2000-01-01", calendar="noleap")
    with pytest.raises(ValueError, match="inclusive='both-ish'"):
        cftime_range("2000", periods=2, inclusive="both-ish")
    with pytest.raises(ValueError, match="periods must be a non-negative integer"):
        cftime_range("2000", periods=-1)
    with pytest.raises(ValueError, match="zero multiple"):
        cftime_range("2000", periods=2, freq="0D")
    with pytest.raises(ValueError, match=r"unknown calendar 'noleep'.*did you mean"):
        cftime_range("2000", periods=2, calendar="noleep")
    with pytest.raises(ValueError, match="invalid date '2000-02-30' for calendar 'noleap'"):
        cftime_range("2000-02-30", periods=2, calendar="noleap")
    with pytest.raises(ValueError, match="cannot parse the date string 'yesterday'"):
        cftime_range("yesterday", periods=2)
    with pytest.raises(TypeError, match=r"cannot use 3\.5 as the start"):
        cftime_range(3.5, periods=2)
    with pytest.raises(ValueError, match="of calendar 'noleap', not '360_day'"):
        cftime_range(cftime.DatetimeNoLeap(2000, 1, 1), periods=2, calendar="360_day")


def test_parse_cftime_date_resolutions():
    cases = {"2001": "year", "2001-03": "month", "2001-03-04": "day", "2001-03-04T05": "hour",
             "2001-03-04 05:06": "minute", "2001-03-04T05:06:07": "second",
             "2001-03-04T05:06:07.5": "microsecond", "20010304": "day"}
    for text, reso in cases.items():
        date, got = parse_cftime_date(text, "360_day")
        assert got == reso and date.year == 2001
    assert parse_cftime_date("2001-03-04T05:06:07.5", "noleap")[0].microsecond == 500000


@pytest.mark.parametrize("calendar", CALENDARS)
@pytest.mark.parametrize("freq", ["D", "6h", "MS", "ME", "QS-OCT", "QE-DEC", "YS-JAN", "YE-DEC",
                                  "W-SUN", "2D", "2MS", "15min", "YS-JUL", "2QS-OCT"])
def test_infer_freq_round_trips_every_calendar(calendar, freq):
    dates = cftime_range("2000-01-01", periods=6, freq=freq, calendar=calendar)
    assert infer_cftime_freq(dates) == freq


def test_infer_freq_irregular_and_bad_input():
    dates = cftime_range("2000-01-01", periods=5, calendar="noleap")
    assert infer_cftime_freq(dates[[0, 1, 3, 4]]) is None
    assert infer_cftime_freq(dates[::-1]) is None
    with pytest.raises(ValueError, match="need at least 3 dates"):
        infer_cftime_freq(dates[:2])


# -- CFTimeIndex --------------------------------------------------------------------------------


@pytest.mark.parametrize("calendar", CALENDARS)
def test_index_basics_every_calendar(calendar):
    idx = daily(calendar)
    assert idx.calendar == normalize_calendar(calendar) or idx.calendar == calendar
    assert idx.dtype == object and idx.is_unique and idx.is_monotonic_increasing
    assert idx.freq == "D"
    assert isinstance(idx[1:4], CFTimeIndex) and isinstance(idx.take([3, 1]), CFTimeIndex)
    assert isinstance(idx[:2].append(idx[5:6]), CFTimeIndex)
    shuffled = idx[[3, 1, 2, 1]]
    assert not shuffled.is_unique and shuffled.duplicated().tolist() == [False, False, False, True]
    assert shuffled.sort_values().equals(idx[[1, 1, 2, 3]])
    assert isinstance(shuffled.unique(), CFTimeIndex) and len(shuffled.unique()) == 3
    assert isinstance(idx[:3].union(idx[2:5]), CFTimeIndex)
    assert idx.year[0] == 2000 and idx.dayofyear[32] == 33
    jan = days_in_month(2000, 1, calendar)
    assert idx.get_loc("2000-02") == slice(jan, jan + days_in_month(2000, 2, calendar))
    assert idx.get_loc(idx[10]) == 10 and idx[10] in idx and "1999" not in idx


def test_repr_is_readable():
    idx = daily("noleap", periods=10)
    text = repr(idx)
    assert text.startswith("CFTimeIndex([2000-01-01 00:00:00, 2000-01-02 00:00:00,")
    assert "..., 2000-01-08 00:00:00, 2000-01-09 00:00:00, 2000-01-10 00:00:00], name='time'" in text
    assert "length=10, calendar='noleap', freq='D')" in text
    assert repr(idx[:2]).count("2000-01-0") == 2


def test_constructor_bad_input():
    with pytest.raises(TypeError, match=r"cftime\.datetime objects only, got 1"):
        CFTimeIndex([1, 2])
    with pytest.raises(ValueError, match="one calendar, got a mix of"):
        CFTimeIndex([cftime.DatetimeNoLeap(2000, 1, 1), cftime.Datetime360Day(2000, 1, 1)])
    assert not is_cftime_array(np.array(["a"], dtype=object))
    assert is_cftime_array(np.array([cftime.DatetimeJulian(2000, 1, 1)]))


def test_slices_and_nearest_on_index():
    idx = daily("360_day")
    assert idx.slice_indexer("2000-02", "2000-03") == slice(30, 90)
    assert idx.slice_indexer(idx[3], idx[5]) == slice(3, 6)
    assert idx.slice_indexer(None, "2000-01-05") == slice(0, 5)
    rev = idx[::-1]
    sl = rev.slice_indexer("2000-03", "2000-02")
    assert ymd([rev[sl][0], rev[sl][-1]]) == ["2000-03-30", "2000-02-01"]
    assert idx.get_indexer(["2000-01-03T13", "2000-01-03T11"], method="nearest").tolist() == [3, 2]
    assert idx.get_indexer(["2000-01-03T13"], method="pad").tolist() == [2]
    assert idx.get_indexer(["2000-01-03T13"], method="nearest", tolerance="1h").tolist() == [-1]
    assert idx.get_indexer(["1999-01-01"]).tolist() == [-1]
    with pytest.raises(KeyError, match="not sorted"):
        idx[[3, 1, 2]].slice_indexer("2000-01-01", "2000-01-02")
    with pytest.raises(TypeError, match="calendar 'noleap' with a CFTimeIndex of calendar '360_day'"):
        idx.get_loc(cftime.DatetimeNoLeap(2000, 1, 1))
    with pytest.raises(KeyError, match="1999"):
        idx.get_loc("1999")


def test_shift_and_arithmetic():
    idx = CFTimeIndex(cftime_range("2000-01-31", periods=3, freq="ME", calendar="noleap"))
    assert ymd(idx.shift(1)) == ["2000-02-28", "2000-03-31", "2000-04-30"]
    assert ymd(idx.shift(-2, "D")) == ["2000-01-29", "2000-02-26", "2000-03-29"]
    assert ymd(idx.shift(1, datetime.timedelta(days=1))) == ["2000-02-01", "2000-03-01",
                                                             "2000-04-01"]
    assert ymd(idx + pd.Timedelta("1D")) == ymd(idx - np.timedelta64(-1, "D"))
    assert ymd(idx + pd.to_timedelta(["1D", "2D", "3D"])) == ["2000-02-01", "2000-03-02",
                                                            "2000-04-03"]
    diffs = idx - idx[0]
    assert isinstance(diffs, pd.TimedeltaIndex) and diffs[1] == pd.Timedelta("28D")
    with pytest.raises(ValueError, match="without a regular frequency"):
        idx[[0, 2]].append(idx[:1]).shift(1)
    with pytest.raises(TypeError, match="periods must be an integer"):
        idx.shift(1.5, "D")


@pytest.mark.parametrize("calendar", ["noleap", "all_leap", "360_day", "julian", "standard",
                                      "proleptic_gregorian"])
def test_to_datetimeindex(calendar):
    idx = CFTimeIndex(cftime_range("2001-02-27", periods=2, calendar=calendar))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        result = idx.to_datetimeindex(unsafe=True)
    assert isinstance(result, pd.DatetimeIndex) and result.dtype == "M8[us]"
    assert list(result.strftime("%m-%d")) == ["02-27", "02-28"]


def test_to_datetimeindex_errors_and_warnings():
    idx = CFTimeIndex(cftime_range("2000-02-28", periods=3, calendar="360_day"))
    with pytest.raises(ValueError, match=r"1 date\(s\) do not exist .*2000-02-30"):
        idx.to_datetimeindex(unsafe=True)
    leap = CFTimeIndex(cftime_range("2001-02-28", periods=2, calendar="all_leap"))
    with pytest.raises(ValueError, match="2001-02-29"):
        leap.to_datetimeindex()
    with pytest.warns(RuntimeWarning, match="non-standard calendar 'noleap'"):
        daily("noleap", 3).to_datetimeindex()
    with pytest.raises(ValueError, match="time_unit must be"):
        daily("noleap", 3).to_datetimeindex(unsafe=True, time_unit="D")
    old = CFTimeIndex(cftime_range("1000-01-01", periods=2, calendar="proleptic_gregorian"))
    with pytest.raises(ValueError, match="do not fit into nanoseconds"):
        old.to_datetimeindex(time_unit="ns")
    assert len(daily("noleap", 0).to_datetimeindex()) == 0


# -- selection through labarray objects -------------------------------------------------------


@pytest.mark.parametrize("calendar", CALENDARS)
def test_sel_on_cftime_coordinate(calendar):
    idx = daily(calendar)
    da = la.DataArray(np.arange(len(idx)), coords={"time": idx}, dims="time")
    assert isinstance(da.indexes["time"], CFTimeIndex)
    feb = days_in_month(2000, 2, calendar)
    assert da.sel(time="2000-02").sizes["time"] == feb
    assert da.sel(time=slice("2000-02", "2000-03")).sizes["time"] == feb + days_in_month(
        2000, 3, calendar)
    assert int(da.sel(time="2000-01-04T13", method="nearest")) == 4
    assert int(da.sel(time=idx[7])) == 7
    assert da.sel(time=["2000-01-03", "2000-01-05"]).values.tolist() == [2, 4]
    with pytest.raises(KeyError, match="label '2005-01-01T00' not found in dimension 'time'"):
        da.sel(time="2005-01-01T00")
    with pytest.raises(KeyError, match="within tolerance"):
        da.sel(time="2000-05-01T03", method="nearest", tolerance=datetime.timedelta(hours=1))


def test_cftime_coordinate_from_plain_array_and_alignment():
    values = cftime_range("2000-01-01", periods=6, calendar="noleap")
    da = la.DataArray(np.arange(6.0), coords={"time": values}, dims="time")
    assert isinstance(da.indexes["time"], CFTimeIndex)
    assert isinstance(da.isel(time=slice(0, 3)).indexes["time"], CFTimeIndex)
    a, _ = la.align(da[:4], da[2:], join="outer")
    assert isinstance(a.indexes["time"], CFTimeIndex) and a.sizes["time"] == 6
    assert np.isnan(a.values[-1])
    joined = la.concat([da[:2], da[4:]], "time")
    assert isinstance(joined.indexes["time"], CFTimeIndex) and joined.sizes["time"] == 4
    assert isinstance(PandasIndex(values, "time").index, CFTimeIndex)
    assert da.sortby("time", ascending=False).indexes["time"].is_monotonic_decreasing


def test_datetime64_partial_strings_beyond_nanosecond_range():
    times = np.array(["1500-01-01", "1600-01-01", "1600-06-01", "1700-01-01"], dtype="M8[s]")
    da = la.DataArray([1, 2, 3, 4], coords={"time": times}, dims="time")
    assert da.time.dtype == "M8[s]"
    assert da.sel(time="1600").values.tolist() == [2, 3]
    assert da.sel(time=slice("1550", "1650")).values.tolist() == [2, 3]
    assert da.sel(time=slice(None, "1600-01")).values.tolist() == [1, 2]
    assert da.sel(time=slice("1600-01-01", np.datetime64("1600-06-01"))).values.tolist() == [2, 3]
    assert da[::-1].sel(time=slice("1650", "1550")).values.tolist() == [3, 2]
    assert int(da.sel(time="1599-12-01", method="nearest")) == 2
    assert (da.time + np.timedelta64(1, "D")).dtype == "M8[s]"
    with pytest.raises(KeyError, match="label '1601' not found in dimension 'time'"):
        da.sel(time="1601")
    idx = pd.DatetimeIndex(times)
    assert datetime_string_positions(idx[[1, 0, 2]], "1600").tolist() == [True, False, True]
    with pytest.raises(KeyError, match="not sorted"):
        datetime_string_slice(idx[[1, 0, 2]], "1550", "1650", None)


def test_datetime64_selection_nanoseconds():
    t = pd.date_range("2000-01-01", periods=400, freq="D")
    da = la.DataArray(np.arange(400), coords={"time": t}, dims="time")
    assert da.sel(time="2000-03").sizes["time"] == 31
    assert da.sel(time=slice("2000-02", "2000-03")).sizes["time"] == 60
    assert int(da.sel(time="2000-03-05T13", method="nearest")) == 65
    assert int(da.sel(time=np.datetime64("2000-03-05T10"), method="nearest")) == 64
    shifted = da.time + np.timedelta64(12, "h")
    assert str(shifted.values[0]).startswith("2000-01-01T12")


@pytest.mark.compat
@pytest.mark.parametrize("calendar", ["noleap", "360_day", "all_leap", "julian"])
def test_compat_selection_and_ranges_with_xarray(calendar):
    xr = pytest.importorskip("xarray")
    for freq in ["D", "MS", "ME", "QS-DEC", "YE", "6h", "2QE-NOV"]:
        ours = cftime_range("2000-01-15", periods=8, freq=freq, calendar=calendar)
        theirs = xr.date_range("2000-01-15", periods=8, freq=freq, calendar=calendar,
                               use_cftime=True)
        assert list(ours) == list(theirs)
        assert infer_cftime_freq(ours) == xr.infer_freq(theirs)
    theirs = xr.date_range("2000-01-01", periods=400, calendar=calendar, use_cftime=True)
    ref = xr.DataArray(np.arange(400), coords={"time": theirs}, dims="time")
    da = la.DataArray(np.arange(400), coords={"time": daily(calendar)}, dims="time")
    for label in ["2000-02", "2000", "2000-03-04"]:
        assert da.sel(time=label).values.tolist() == ref.sel(time=label).values.tolist()
    sl = slice("2000-02-10", "2000-04")
    assert da.sel(time=sl).values.tolist() == ref.sel(time=sl).values.tolist()
    label = parse_cftime_date("2000-02-10T14", calendar)[0]  # xarray needs a date here
    assert int(da.sel(time=label, method="nearest")) == int(ref.sel(time=label, method="nearest"))
    assert list(da.indexes["time"].shift(2, "MS")) == list(ref.indexes["time"].shift(2, "MS"))
