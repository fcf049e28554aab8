"""Tests of the .dt accessor and of virtual variables (datetime64, cftime, timedelta64, Dask)."""

from __future__ import annotations

import datetime

import cftime
import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.accessors.dt import (
    DATETIME_FIELDS,
    DatetimeAccessor,
    TimedeltaAccessor,
    datetime_field,
    is_cftime_object,
    time_kind,
    timedelta_field,
)
from labarray.accessors.virtual import virtual_variable
from labarray.variable import Variable

CALENDARS = ["standard", "gregorian", "proleptic_gregorian", "noleap", "365_day", "all_leap",
             "366_day", "360_day", "julian"]
INT_FIELDS = [k for k, v in DATETIME_FIELDS.items() if v == "int64"]
BOOL_FIELDS = [k for k, v in DATETIME_FIELDS.items() if v == "bool"]
# fields that are not pandas attributes of a DatetimeIndex (tested on their own below)
DERIVED_FIELDS = ["days_in_year", "decimal_year"]


def times_da(periods: int = 10, freq: str = "37h") -> la.DataArray:
    index = pd.date_range("1999-11-30 05:06:07.123456", periods=periods, freq=freq)
    return la.DataArray(index.to_numpy(), dims="time", coords={"time": index}, name="t", attrs={"a": 1})


def cftime_dates(calendar: str, n: int = 40) -> np.ndarray:
    start = cftime.datetime(1999, 11, 28, 5, 6, 7, 123, calendar=calendar)
    return np.array([start + datetime.timedelta(hours=37 * i) for i in range(n)], dtype=object)


# ------------------------------------------------------------------ datetime64
class TestDatetime64:
    @pytest.mark.parametrize(
        "field", [f for f in INT_FIELDS if f not in DERIVED_FIELDS] + BOOL_FIELDS + ["season", "date", "time"]
    )
    def test_fields_match_pandas(self, field: str) -> None:
        da = times_da()
        result = getattr(da.dt, field)
        index = pd.DatetimeIndex(da.values)
        if field == "season":
            expected = np.array([["DJF", "MAM", "JJA", "SON"][(m % 12) // 3] for m in index.month])
        else:
            pandas_name = {"dayofyear": "day_of_year", "dayofweek": "day_of_week", "weekday": "day_of_week",
                           "daysinmonth": "days_in_month"}.get(field, field)
            expected = np.asarray(getattr(index, pandas_name))
        np.testing.assert_array_equal(result.values, expected)
        assert result.name == field
        assert result.dims == ("time",)
        assert result.attrs == {"a": 1}
        assert "time" in result.coords
        if field in INT_FIELDS:
            assert result.dtype == np.int64

    def test_nat_gives_nan_for_integer_fields(self) -> None:
        da = la.DataArray(np.array(["2000-01-01", "NaT"], dtype="M8[ns]"), dims="x")
        assert da.dt.month.dtype == np.float64
        np.testing.assert_array_equal(da.dt.month.values, [1.0, np.nan])
        assert da.dt.season.values.tolist() == ["DJF", "nan"]
        assert da.dt.is_leap_year.values.tolist() == [True, False]

    def test_calendar(self) -> None:
        assert times_da().dt.calendar == "proleptic_gregorian"

    @pytest.mark.parametrize("how", ["floor", "ceil", "round"])
    @pytest.mark.parametrize("freq", ["D", "h", "15min", "s"])
    def test_rounding_matches_pandas(self, how: str, freq: str) -> None:
        da = times_da()
        result = getattr(da.dt, how)(freq)
        expected = getattr(pd.DatetimeIndex(da.values), how)(freq)
        np.testing.assert_array_equal(result.values, expected.to_numpy())
        assert result.dtype == da.dtype
        assert result.name == how  # as xarray names it

    def test_rounding_bad_freq(self) -> None:
        with pytest.raises(ValueError, match="nonsense"):
            times_da().dt.floor("nonsense")

    def test_strftime(self) -> None:
        da = la.DataArray(np.array(["2000-01-02", "NaT"], dtype="M8[s]"), dims="x")
        out = da.dt.strftime("%Y/%m/%d")
        assert out.dtype == object
        assert out.values.tolist() == ["2000/01/02", None]
        assert out.name == "strftime"

    def test_strftime_bad_format_type(self) -> None:
        with pytest.raises(TypeError, match="date_format must be a str"):
            times_da().dt.strftime(3)  # type: ignore[arg-type]

    def test_isocalendar(self) -> None:
        da = times_da()
        iso = da.dt.isocalendar()
        assert isinstance(iso, la.Dataset)
        expected = pd.DatetimeIndex(da.values).isocalendar()
        for key, column in (("year", "year"), ("week", "week"), ("weekday", "day")):
            np.testing.assert_array_equal(iso[key].values, np.asarray(expected[column], dtype="int64"))
            assert iso[key].dtype == np.int64

    def test_isocalendar_drops_attrs(self) -> None:
        iso = times_da().dt.isocalendar()
        assert all(iso[k].attrs == {} for k in ("year", "week", "weekday"))

    def test_days_in_year_and_decimal_year(self) -> None:
        values = np.array(["2000-07-02T12:00", "2001-12-31T23:00", "1999-01-01", "NaT"], dtype="M8[ns]")
        da = la.DataArray(values, dims="x", attrs={"units": "u"})
        days = da.dt.days_in_year
        assert days.name == "days_in_year" and days.attrs == {"units": "u"}
        np.testing.assert_array_equal(days.values, [366, 365, 365, np.nan])
        dec = da.dt.decimal_year
        assert dec.name == "decimal_year" and dec.dtype == np.float64
        np.testing.assert_allclose(
            dec.values, [2000 + (183 + 0.5) / 366, 2001 + (364 + 23 / 24) / 365, 1999.0, np.nan]
        )
        full = la.DataArray(values[:3], dims="x")
        assert full.dt.days_in_year.dtype == np.int64

    def test_decimal_year_outside_nanosecond_range(self) -> None:
        da = la.DataArray(np.array(["1500-03-01T06", "2300-12-31"], dtype="M8[s]"), dims="x")
        np.testing.assert_allclose(da.dt.decimal_year.values, [1500 + 59.25 / 365, 2300 + 364 / 365])

    def test_long_names_are_aliases(self) -> None:
        da = times_da()
        assert da.dt.day_of_year.values.tolist() == da.dt.dayofyear.values.tolist()
        assert da.dt.day_of_week.values.tolist() == da.dt.dayofweek.values.tolist()
        assert da.dt.day_of_year.name == "day_of_year"
        assert da.dt.day_of_week.name == "day_of_week"

    @pytest.mark.parametrize("name", ["week", "weekofyear"])
    def test_week_is_deprecated(self, name: str) -> None:
        da = times_da()
        with pytest.warns(FutureWarning, match=r"isocalendar\(\)\.week") as record:
            week = getattr(da.dt, name)
        assert record[0].filename == __file__  # points at the caller's line
        assert week.name == name
        assert week.values.tolist() == da.dt.isocalendar()["week"].values.tolist()

    def test_week_refused_for_cftime(self) -> None:
        da = la.DataArray(cftime_dates("noleap", 3), dims="x")
        with pytest.raises(AttributeError, match="isocalendar"), pytest.warns(FutureWarning):
            da.dt.week

    def test_two_dimensional(self) -> None:
        values = pd.date_range("2000-01-01", periods=6, freq="45D").to_numpy().reshape(2, 3)
        da = la.DataArray(values, dims=("x", "y"))
        np.testing.assert_array_equal(da.dt.month.values, pd.DatetimeIndex(values.ravel()).month.to_numpy().reshape(2, 3))

    @pytest.mark.parametrize("unit", ["s", "ms", "us"])
    def test_non_nanosecond_out_of_pandas_ns_range(self, unit: str) -> None:
        da = la.DataArray(np.array(["1200-03-01", "2500-12-31"], dtype=f"M8[{unit}]"), dims="x")
        assert da.dt.year.values.tolist() == [1200, 2500]
        assert da.dt.dayofyear.values.tolist() == [61, 365]


class TestDask:
    def test_fields_are_lazy(self) -> None:
        da = times_da(12).chunk({"time": 5})
        month = da.dt.month
        assert month.chunks == ((5, 5, 2),)
        np.testing.assert_array_equal(month.values, times_da(12).dt.month.values)
        assert da.dt.season.compute().values.tolist() == times_da(12).dt.season.values.tolist()

    def test_rounding_is_lazy(self) -> None:
        da = times_da(12).chunk({"time": 4})
        out = da.dt.floor("D")
        assert out.chunks is not None
        np.testing.assert_array_equal(out.values, times_da(12).dt.floor("D").values)

    def test_cftime_on_dask(self) -> None:
        da = la.DataArray(cftime_dates("noleap", 8), dims="time").chunk({"time": 3})
        assert isinstance(da.dt, DatetimeAccessor)
        out = da.dt.dayofyear
        assert out.chunks is not None
        assert out.values.tolist() == [d.dayofyr for d in cftime_dates("noleap", 8)]

    def test_timedelta_on_dask(self) -> None:
        da = la.DataArray(pd.to_timedelta(np.arange(6), unit="h").to_numpy(), dims="x").chunk({"x": 2})
        out = da.dt.total_seconds()
        assert out.chunks is not None
        np.testing.assert_array_equal(out.values, np.arange(6) * 3600.0)


# ------------------------------------------------------------------ cftime
class TestCftime:
    @pytest.mark.parametrize("calendar", CALENDARS)
    def test_components_every_calendar(self, calendar: str) -> None:
        dates = cftime_dates(calendar)
        da = la.DataArray(dates, dims="time")
        assert isinstance(da.dt, DatetimeAccessor)
        for field, attr in [("year", "year"), ("month", "month"), ("day", "day"), ("hour", "hour"),
                            ("minute", "minute"), ("second", "second"), ("microsecond", "microsecond"),
                            ("dayofyear", "dayofyr"), ("dayofweek", "dayofwk"), ("weekday", "dayofwk"),
                            ("days_in_month", "daysinmonth"), ("daysinmonth", "daysinmonth")]:
            result = getattr(da.dt, field)
            assert result.dtype == np.int64, field
            assert result.values.tolist() == [getattr(d, attr) for d in dates], field
        assert da.dt.quarter.values.tolist() == [(d.month - 1) // 3 + 1 for d in dates]
        assert da.dt.season.values.tolist() == [
            ["DJF", "MAM", "JJA", "SON"][(d.month % 12) // 3] for d in dates]
        assert da.dt.is_leap_year.values.tolist() == [
            cftime.is_leap_year(d.year, calendar, d.has_year_zero) for d in dates]
        assert da.dt.nanosecond.values.tolist() == [0] * len(dates)
        expected_calendar = {"gregorian": "standard", "365_day": "noleap", "366_day": "all_leap"}.get(calendar, calendar)
        assert da.dt.calendar == expected_calendar
        assert da.dt.time.values[0] == datetime.time(5, 6, 7, 123)

    @pytest.mark.parametrize("calendar", ["360_day", "noleap", "all_leap", "standard", "julian"])
    def test_days_in_year_and_decimal_year(self, calendar: str) -> None:
        dates = [cftime.datetime(2000, 1, 1, 6, calendar=calendar), cftime.datetime(2001, 3, 1, calendar=calendar)]
        da = la.DataArray(np.array([*dates, None], dtype=object), dims="x")
        length = {"360_day": [360, 360], "noleap": [365, 365], "all_leap": [366, 366]}.get(calendar, [366, 365])
        np.testing.assert_array_equal(da.dt.days_in_year.values, [*length, np.nan])
        expected = [2000 + 0.25 / length[0], 2001 + (dates[1].dayofyr - 1) / length[1], np.nan]
        np.testing.assert_allclose(da.dt.decimal_year.values, expected)
        assert da.dt.day_of_year.values.tolist()[:2] == [d.dayofyr for d in dates]

    def test_360_day_specifics(self) -> None:
        d = cftime.datetime(2001, 2, 30, calendar="360_day")
        da = la.DataArray(np.array([d], dtype=object), dims="x")
        assert da.dt.days_in_month.values.tolist() == [30]
        assert da.dt.dayofyear.values.tolist() == [60]
        assert da.dt.is_month_end.values.tolist() == [True]
        assert da.dt.is_leap_year.values.tolist() == [False]

    def test_month_and_year_flags(self) -> None:
        dates = [cftime.datetime(2001, 12, 31, calendar="noleap"), cftime.datetime(2001, 1, 1, calendar="noleap"),
                 cftime.datetime(2001, 4, 1, calendar="noleap")]
        da = la.DataArray(np.array(dates, dtype=object), dims="x")
        assert da.dt.is_year_end.values.tolist() == [True, False, False]
        assert da.dt.is_year_start.values.tolist() == [False, True, False]
        assert da.dt.is_quarter_start.values.tolist() == [False, True, True]
        assert da.dt.is_quarter_end.values.tolist() == [True, False, False]
        assert da.dt.is_month_start.values.tolist() == [False, True, True]

    def test_missing_dates(self) -> None:
        values = np.array([cftime.datetime(2000, 1, 1, calendar="noleap"), None], dtype=object)
        da = la.DataArray(values, dims="x")
        np.testing.assert_array_equal(da.dt.month.values, [1.0, np.nan])
        assert da.dt.season.values.tolist() == ["DJF", "nan"]
        assert da.dt.strftime("%Y").values.tolist() == ["2000", None]

    @pytest.mark.parametrize("calendar", ["noleap", "360_day", "julian", "standard"])
    @pytest.mark.parametrize("how", ["floor", "ceil", "round"])
    def test_rounding(self, calendar: str, how: str) -> None:
        dates = cftime_dates(calendar, 6)
        da = la.DataArray(dates, dims="x")
        out = getattr(da.dt, how)("h")
        for d, r in zip(dates, out.values, strict=True):
            base = d.replace(minute=0, second=0, microsecond=0)
            up = base + datetime.timedelta(hours=1)
            expected = {"floor": base, "ceil": up, "round": base if d.minute < 30 else up}[how]
            assert r == expected
            assert r.calendar == d.calendar
        floored = da.dt.floor("D").values
        assert all(x.hour == 0 and x.day == d.day for x, d in zip(floored, dates, strict=True))

    def test_round_half_to_even(self) -> None:
        dates = [cftime.datetime(2000, 1, 1, 0, 30, calendar="noleap"),
                 cftime.datetime(2000, 1, 1, 1, 30, calendar="noleap")]
        out = la.DataArray(np.array(dates, dtype=object), dims="x").dt.round("h").values
        assert [d.hour for d in out] == [0, 2]

    def test_rounding_to_non_fixed_frequency_is_refused(self) -> None:
        da = la.DataArray(cftime_dates("noleap", 3), dims="x")
        with pytest.raises(ValueError, match="only fixed frequencies"):
            da.dt.floor("MS")

    def test_strftime(self) -> None:
        da = la.DataArray(np.array([cftime.datetime(2001, 2, 30, calendar="360_day")]), dims="x")
        assert da.dt.strftime("%Y-%m-%d").values.tolist() == ["2001-02-30"]

    def test_date_and_isocalendar_refused(self) -> None:
        da = la.DataArray(cftime_dates("noleap", 3), dims="x")
        with pytest.raises(AttributeError, match=r"floor\('D'\)"):
            da.dt.date
        with pytest.raises(AttributeError, match=r"isocalendar.*noleap"):
            da.dt.isocalendar()


# ------------------------------------------------------------------ timedelta
class TestTimedelta:
    def test_components_match_pandas(self) -> None:
        values = pd.to_timedelta(["1 days 02:03:04.005006007", "-1 days 00:00:01", "3h"]).to_numpy()
        da = la.DataArray(values, dims="x", name="lead")
        assert isinstance(da.dt, TimedeltaAccessor)
        index = pd.TimedeltaIndex(values)
        for field in ("days", "seconds", "microseconds", "nanoseconds"):
            result = getattr(da.dt, field)
            np.testing.assert_array_equal(result.values, np.asarray(getattr(index, field)))
            assert result.name == field
            assert result.dtype == np.int64
        np.testing.assert_array_equal(da.dt.total_seconds().values, index.total_seconds().to_numpy())

    def test_nat(self) -> None:
        da = la.DataArray(np.array([60, "NaT"], dtype="m8[s]"), dims="x")
        np.testing.assert_array_equal(da.dt.seconds.values, [60.0, np.nan])
        np.testing.assert_array_equal(da.dt.total_seconds().values, [60.0, np.nan])

    @pytest.mark.parametrize("how", ["floor", "ceil", "round"])
    def test_rounding(self, how: str) -> None:
        values = pd.to_timedelta(["1h20min", "2h40min"]).to_numpy()
        out = getattr(la.DataArray(values, dims="x").dt, how)("h")
        expected = getattr(pd.TimedeltaIndex(values), how)("h").to_numpy()
        np.testing.assert_array_equal(out.values, expected)

    def test_date_fields_not_on_timedeltas(self) -> None:
        da = la.DataArray(np.array([1], dtype="m8[s]"), dims="x")
        with pytest.raises(AttributeError, match="year"):
            da.dt.year


# ------------------------------------------------------------------ errors and helpers
class TestErrors:
    @pytest.mark.parametrize("values", [np.array([1, 2]), np.array(["a", "b"]), np.array([1.5])])
    def test_non_time_data(self, values: np.ndarray) -> None:
        da = la.DataArray(values, dims="x", name="v")
        with pytest.raises(AttributeError, match=rf"datetime64, timedelta64 or cftime.*'v'.*dtype {values.dtype}"):
            da.dt
        assert not hasattr(da, "dt")

    def test_object_array_without_dates(self) -> None:
        with pytest.raises(AttributeError, match="dtype object"):
            la.DataArray(np.array(["a", 1], dtype=object), dims="x").dt

    def test_unknown_field_function(self) -> None:
        with pytest.raises(AttributeError, match=r"not a date component.*year"):
            datetime_field(np.array(["2000"], dtype="M8[s]"), "yaer")
        with pytest.raises(AttributeError, match=r"not a timedelta component.*days"):
            timedelta_field(np.array([1], dtype="m8[s]"), "weeks")

    def test_time_kind_and_detection(self) -> None:
        assert time_kind(np.array([1], dtype="m8[s]")) == "timedelta64"
        assert time_kind(np.array([None, cftime.datetime(2000, 1, 1)], dtype=object)) == "cftime"
        assert time_kind(np.array([], dtype=object)) is None
        assert time_kind([1, 2]) is None
        assert not is_cftime_object(datetime.datetime(2000, 1, 1))


# ------------------------------------------------------------------ virtual variables
class TestVirtualVariables:
    @pytest.mark.parametrize("component", ["month", "season", "dayofyear", "year", "hour", "days_in_month"])
    def test_datetime64(self, component: str) -> None:
        da = times_da()
        ds = la.Dataset({"v": ("time", np.arange(10.0))}, coords={"time": da["time"]})
        result = ds[f"time.{component}"]
        np.testing.assert_array_equal(result.values, getattr(da.dt, component).values)
        assert result.name == component
        assert result.dims == ("time",)

    @pytest.mark.parametrize("calendar", ["noleap", "360_day", "julian", "all_leap"])
    def test_cftime(self, calendar: str) -> None:
        dates = cftime_dates(calendar, 12)
        ds = la.Dataset(coords={"time": ("time", dates)})
        assert ds["time.dayofyear"].values.tolist() == [d.dayofyr for d in dates]
        assert ds["time.season"].values.tolist() == [["DJF", "MAM", "JJA", "SON"][(d.month % 12) // 3] for d in dates]

    def test_timedelta(self) -> None:
        ds = la.Dataset(coords={"lead": ("lead", pd.to_timedelta([1, 2], unit="D").to_numpy())})
        assert ds["lead.days"].values.tolist() == [1, 2]

    def test_lazy(self) -> None:
        ds = la.Dataset({"t": ("x", pd.date_range("2000", periods=6, freq="MS").to_numpy())}).chunk({"x": 2})
        month = ds["t.month"]
        assert month.chunks == ((2, 2, 2),)
        assert month.values.tolist() == [1, 2, 3, 4, 5, 6]

    def test_unknown_component_suggests(self) -> None:
        v = Variable("t", pd.date_range("2000", periods=2).to_numpy())
        with pytest.raises(KeyError, match=r"'monht'.*did you mean 'month'"):
            virtual_variable(v, "monht", "t.monht")
        td = Variable("t", np.array([1], dtype="m8[s]"))
        with pytest.raises(KeyError, match=r"not a component of timedelta64.*days"):
            virtual_variable(td, "month", "t.month")

    def test_non_time_variable(self) -> None:
        ds = la.Dataset({"x": ("x", [1, 2])})
        with pytest.raises(TypeError, match=r"'x.month' needs datetime64.*int64"):
            ds["x.month"]


@pytest.mark.compat
def test_matches_xarray() -> None:
    xr = pytest.importorskip("xarray")
    index = pd.date_range("2000-01-01", periods=20, freq="11D")
    ours = la.DataArray(index, dims="time")
    theirs = xr.DataArray(index, dims="time")
    for field in ("year", "month", "dayofyear", "dayofweek", "season", "quarter", "days_in_month", "is_leap_year"):
        np.testing.assert_array_equal(getattr(ours.dt, field).values, getattr(theirs.dt, field).values)
    dates = cftime_dates("360_day", 10)
    ours_c = la.DataArray(dates, dims="time")
    theirs_c = xr.DataArray(dates, dims="time")
    for field in ("year", "month", "dayofyear", "season", "days_in_month"):
        np.testing.assert_array_equal(getattr(ours_c.dt, field).values, getattr(theirs_c.dt, field).values)
    assert ours_c.dt.calendar == theirs_c.dt.calendar


@pytest.mark.compat
@pytest.mark.parametrize("calendar", [None, "360_day", "noleap", "julian"])
def test_year_fields_match_xarray(calendar: str | None) -> None:
    xr = pytest.importorskip("xarray")
    if calendar is None:
        values: np.ndarray = pd.date_range("1999-12-30 06:00", periods=30, freq="29D").to_numpy()
    else:
        values = cftime_dates(calendar, 30)
    ours = la.DataArray(values, dims="time", attrs={"a": 1})
    theirs = xr.DataArray(values, dims="time", attrs={"a": 1})
    for field in ("day_of_year", "day_of_week", "days_in_year", "decimal_year"):
        a, b = getattr(ours.dt, field), getattr(theirs.dt, field)
        np.testing.assert_allclose(a.values, b.values, rtol=1e-12)
        assert a.dtype == b.dtype and a.name == b.name and a.attrs == b.attrs, field
    if calendar is None:
        with pytest.warns(FutureWarning):
            a, b = ours.dt.weekofyear, theirs.dt.weekofyear
        assert a.values.tolist() == b.values.tolist() and a.name == b.name and a.attrs == b.attrs
