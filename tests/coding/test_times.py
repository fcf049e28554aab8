"""Tests of CF time coding: decode/encode of dates and durations, every calendar, round trips."""

from __future__ import annotations

import datetime
import warnings

import cftime
import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import labarray as la
from labarray.coding import list_coders, register_coder
from labarray.coding.conventions import VariableCoder
from labarray.coding.times import (
    CALENDARS,
    CFDatetimeCoder,
    CFTimedeltaCoder,
    OutOfBoundsDatetimeError,
    decode_cf_datetime,
    decode_cf_timedelta,
    encode_cf_datetime,
    encode_cf_timedelta,
    parse_cf_units,
)
from labarray.testing import assert_identical
from labarray.utils.warnings import LabarrayWarning
from labarray.variable import Variable

STANDARD = ["standard", "gregorian", "proleptic_gregorian"]
NON_STANDARD = ["noleap", "365_day", "all_leap", "366_day", "360_day", "julian"]
UNITS = ["days", "hours", "minutes", "seconds", "milliseconds", "microseconds"]


# ------------------------------------------------------------------ units
class TestUnits:
    @pytest.mark.parametrize(
        ("units", "expected"),
        [("days since 1850-01-01", ("days", "1850-01-01")),
         ("hours since 2000-01-01 00:00:00", ("hours", "2000-01-01 00:00:00")),
         ("Seconds Since 1970-1-1T0:0:0Z", ("seconds", "1970-1-1T0:0:0Z")),
         ("hrs since 2000-01-01", ("hours", "2000-01-01")),
         ("ms since 2000-01-01", ("milliseconds", "2000-01-01"))],
    )
    def test_parse(self, units: str, expected: tuple[str, str]) -> None:
        assert parse_cf_units(units) == expected

    def test_bad_units(self) -> None:
        with pytest.raises(ValueError, match=r"invalid time units 'days' of variable 't'.*'<unit> since <date>'"):
            parse_cf_units("days", "t")
        with pytest.raises(ValueError, match=r"unknown time unit 'dyas'.*did you mean 'days'"):
            parse_cf_units("dyas since 2000-01-01")
        with pytest.raises(TypeError, match="must be a str; got int"):
            parse_cf_units(3)  # type: ignore[arg-type]

    def test_bad_reference_date(self) -> None:
        with pytest.raises(ValueError, match="cannot parse the reference date 'yesterday'"):
            decode_cf_datetime([0], "days since yesterday")

    def test_bad_calendar_suggests(self) -> None:
        with pytest.raises(ValueError, match=r"unknown calendar 'no_leap'.*did you mean 'noleap'"):
            decode_cf_datetime([0], "days since 2000-01-01", "no_leap")

    def test_non_numbers_refused(self) -> None:
        with pytest.raises(TypeError, match="dtype <U1 are not numbers"):
            decode_cf_datetime(np.array(["a"]), "days since 2000-01-01")

    def test_infinity_refused(self) -> None:
        with pytest.raises(ValueError, match="infinity"):
            decode_cf_datetime(np.array([np.inf]), "days since 2000-01-01")


# ------------------------------------------------------------------ decoding
class TestDecode:
    @pytest.mark.parametrize("unit", UNITS)
    @pytest.mark.parametrize("calendar", STANDARD)
    def test_standard_calendars_match_pandas_and_cftime(self, unit: str, calendar: str) -> None:
        num = np.array([0, 1, 17, 365 * 3, -40])
        units = f"{unit} since 1990-03-04 05:06:07"
        result = decode_cf_datetime(num, units, calendar)
        assert result.dtype == np.dtype("M8[ns]")
        expected = pd.Timestamp("1990-03-04 05:06:07") + pd.to_timedelta(num, unit={"days": "D", "hours": "h", "minutes": "min", "seconds": "s", "milliseconds": "ms", "microseconds": "us"}[unit])
        np.testing.assert_array_equal(result, expected.to_numpy().astype("M8[ns]"))
        via_cftime = cftime.num2date(num, units, calendar, only_use_cftime_datetimes=False, only_use_python_datetimes=True)
        np.testing.assert_array_equal(result, np.array(via_cftime, dtype="M8[ns]"))

    @pytest.mark.parametrize("calendar", NON_STANDARD)
    @pytest.mark.parametrize("dtype", ["int64", "int32", "float64", "float32"])
    def test_non_standard_calendars_give_cftime(self, calendar: str, dtype: str) -> None:
        num = np.array([0, 59, 365, 1000, 36500], dtype=dtype)
        units = "days since 1999-12-01"
        result = decode_cf_datetime(num, units, calendar)
        assert result.dtype == object
        expected = cftime.num2date(num, units, calendar, only_use_cftime_datetimes=True)
        assert list(result) == list(expected)
        assert {d.calendar for d in result} == {cftime.datetime(2000, 1, 1, calendar=calendar).calendar}

    def test_float_offsets_are_exact(self) -> None:
        result = decode_cf_datetime(np.array([1.5, 0.25, 1 / 3 * 3]), "hours since 2000-01-01")
        np.testing.assert_array_equal(
            result, np.array(["2000-01-01T01:30", "2000-01-01T00:15", "2000-01-01T01:00"], dtype="M8[ns]"))

    def test_timezone_offset(self) -> None:
        result = decode_cf_datetime([0], "hours since 2000-01-01 06:00:00 +05:30")
        assert result[0] == np.datetime64("2000-01-01T00:30")
        assert decode_cf_datetime([0], "hours since 2000-01-01T06:00:00Z")[0] == np.datetime64("2000-01-01T06:00")

    def test_fractional_reference(self) -> None:
        result = decode_cf_datetime([1], "seconds since 2000-01-01 00:00:00.000000123")
        assert result[0] == np.datetime64("2000-01-01T00:00:01.000000123", "ns")

    def test_nan_becomes_nat(self) -> None:
        result = decode_cf_datetime(np.array([0.0, np.nan]), "days since 2000-01-01")
        assert np.isnat(result[1]) and result[0] == np.datetime64("2000-01-01")
        result = decode_cf_datetime(np.array([0.0, np.nan]), "days since 2000-01-01", "noleap")
        assert result[1] is None

    def test_out_of_nanosecond_range_stays_datetime64(self) -> None:
        result = decode_cf_datetime(np.array([0, 1]), "days since 1000-01-01", "proleptic_gregorian")
        assert result.dtype == np.dtype("M8[s]")
        assert result[1] == np.datetime64("1000-01-02")
        late = decode_cf_datetime(np.array([0, 1]), "hours since 3000-01-01")
        assert late.dtype == np.dtype("M8[s]") and late[1] == np.datetime64("3000-01-01T01")

    def test_standard_calendar_before_reform_gives_cftime(self) -> None:
        result = decode_cf_datetime(np.array([0, 1]), "days since 1500-02-28", "standard")
        assert result.dtype == object
        assert result[1] == cftime.DatetimeGregorian(1500, 2, 29)  # a Julian leap day

    def test_offsets_crossing_the_reform_backwards(self) -> None:
        num = np.array([0, -10000])
        units = "days since 1600-01-01"
        standard = decode_cf_datetime(num, units, "standard")
        assert standard.dtype == object
        assert list(standard) == list(cftime.num2date(num, units, "standard", only_use_cftime_datetimes=True))
        proleptic = decode_cf_datetime(num, units, "proleptic_gregorian")
        assert proleptic.dtype.kind == "M"
        assert proleptic[1] == np.datetime64("1600-01-01") - np.timedelta64(10000, "D")

    def test_before_year_one_gives_cftime(self) -> None:
        result = decode_cf_datetime(np.array([0, -400]), "days since 0001-01-01", "proleptic_gregorian")
        assert result.dtype == object and result[1].year == -1

    def test_reference_before_reform_dates_after(self) -> None:
        num = np.array([730000, 730001])
        result = decode_cf_datetime(num, "days since 0001-01-01", "standard")
        assert result.dtype.kind == "M"
        expected = cftime.num2date(num, "days since 0001-01-01", "standard")
        assert [str(d)[:10] for d in expected] == [str(r)[:10] for r in result]

    def test_use_cftime_true(self) -> None:
        result = decode_cf_datetime([0, 1], "days since 2000-01-01", "standard", use_cftime=True)
        assert result[1] == cftime.DatetimeGregorian(2000, 1, 2)

    def test_use_cftime_false_refuses(self) -> None:
        with pytest.raises(OutOfBoundsDatetimeError, match=r"calendar 'noleap' to datetime64.*use_cftime"):
            decode_cf_datetime([0], "days since 2000-01-01", "noleap", use_cftime=False)
        with pytest.raises(OutOfBoundsDatetimeError, match=r"variable 't'.*use_cftime=None or True"):
            decode_cf_datetime([0], "days since 1500-01-01", "standard", use_cftime=False, name="t")

    def test_use_cftime_option(self) -> None:
        with la.set_options(use_cftime=True):
            assert decode_cf_datetime([0], "days since 2000-01-01").dtype == object
        assert decode_cf_datetime([0], "days since 2000-01-01").dtype.kind == "M"

    def test_year_beyond_datetime64_range_falls_back(self) -> None:
        result = decode_cf_datetime(np.array([0]), "days since 0001-01-01", "proleptic_gregorian")
        assert result.dtype.kind == "M"
        far = decode_cf_datetime(np.array([10**8]), "days since 2000-01-01", "proleptic_gregorian")
        assert far.dtype == np.dtype("M8[s]") and str(far[0]).startswith("275790-")
        with pytest.raises(OutOfBoundsDatetimeError, match="cftime cannot hold them either"):
            decode_cf_datetime(np.array([2**62]), "days since 2000-01-01", name="t")


class TestTimedelta:
    @pytest.mark.parametrize("unit", UNITS)
    def test_decode_matches_pandas(self, unit: str) -> None:
        num = np.array([0, 1, 25, -3])
        result = decode_cf_timedelta(num, unit)
        expected = pd.to_timedelta(num, unit={"days": "D", "hours": "h", "minutes": "min", "seconds": "s", "milliseconds": "ms", "microseconds": "us"}[unit])
        np.testing.assert_array_equal(result, expected.to_numpy())

    def test_float_and_nan(self) -> None:
        result = decode_cf_timedelta(np.array([1.5, np.nan]), "hours", "timedelta64[s]")
        assert result[0] == np.timedelta64(5400, "s") and np.isnat(result[1])
        fine = decode_cf_timedelta(np.array([0.5]), "seconds", "timedelta64[s]")
        assert fine.dtype == np.dtype("m8[ms]") and fine[0] == np.timedelta64(500, "ms")

    def test_encode_chooses_units(self) -> None:
        numbers, units = encode_cf_timedelta(np.array([90, 180], dtype="m8[m]").astype("m8[s]"))
        assert (numbers.tolist(), units) == ([3, 6], "minutes") or (numbers.tolist(), units) == ([90, 180], "minutes")

    def test_bad_input(self) -> None:
        with pytest.raises(TypeError, match="not timedelta64"):
            encode_cf_timedelta(np.array([1.0]))
        with pytest.raises(ValueError, match="unknown time unit 'fortnights'"):
            decode_cf_timedelta([1], "fortnights")


# ------------------------------------------------------------------ encoding
class TestEncode:
    @pytest.mark.parametrize(
        ("freq", "unit"),
        [("D", "days"), ("6h", "hours"), ("min", "minutes"), ("s", "seconds"), ("ms", "milliseconds"),
         ("us", "microseconds"), ("ns", "nanoseconds")],
    )
    def test_inferred_units_are_exact_integers(self, freq: str, unit: str) -> None:
        dates = pd.date_range("2001-02-03 04:05", periods=5, freq=freq).to_numpy()
        numbers, units, calendar = encode_cf_datetime(dates)
        assert numbers.dtype == np.int64
        assert units == f"{unit} since 2001-02-03 04:05:00"
        assert calendar == "proleptic_gregorian"
        np.testing.assert_array_equal(decode_cf_datetime(numbers, units, calendar), dates)

    def test_given_units_int_when_exact(self) -> None:
        dates = np.array(["2000-01-02", "2000-01-05"], dtype="M8[s]")
        numbers, units, _ = encode_cf_datetime(dates, "days since 2000-01-01")
        assert numbers.tolist() == [1, 4] and numbers.dtype == np.int64
        assert units == "days since 2000-01-01"

    def test_given_units_float_when_not_integral(self) -> None:
        dates = np.array(["2000-01-01T12"], dtype="M8[s]")
        numbers, _, _ = encode_cf_datetime(dates, "days since 2000-01-01")
        assert numbers.dtype == np.float64 and numbers.tolist() == [0.5]

    def test_float_precision_loss_warns_with_name(self) -> None:
        dates = np.array(["2000-01-01T00:00:00.000000001", "2000-01-02"], dtype="M8[ns]")
        with pytest.warns(LabarrayWarning, match=r"variable 'time'.*loses precision"):
            encode_cf_datetime(dates, "days since 1900-01-01", name="time")

    def test_integer_dtype_switches_units_with_warning(self) -> None:
        dates = np.array(["2000-01-01T06", "2000-01-02"], dtype="M8[s]")
        with pytest.warns(LabarrayWarning, match=r"variable 't'.*exactly as integers of 'days'.*'hours'"):
            numbers, units, _ = encode_cf_datetime(dates, "days since 2000-01-01", dtype="int64", name="t")
        assert numbers.tolist() == [6, 24] and units == "hours since 2000-01-01 00:00:00"

    def test_integer_dtype_overflow(self) -> None:
        dates = np.array(["2000-01-01", "2100-01-01"], dtype="M8[s]")
        with pytest.raises(ValueError, match="do not fit into int16"):
            encode_cf_datetime(dates, "seconds since 2000-01-01", dtype="int16", name="t")

    @pytest.mark.parametrize("calendar", NON_STANDARD + STANDARD)
    @pytest.mark.parametrize("unit", UNITS)
    def test_cftime_matches_date2num(self, calendar: str, unit: str) -> None:
        start = cftime.datetime(1999, 12, 30, calendar=calendar)
        dates = np.array([start + datetime.timedelta(days=3 * i) for i in range(12)], dtype=object)
        units = f"{unit} since 1990-01-01"
        numbers, out_units, out_calendar = encode_cf_datetime(dates, units, calendar)
        assert numbers.dtype == np.int64
        np.testing.assert_array_equal(numbers, cftime.date2num(dates, units, calendar))
        assert out_calendar == calendar and out_units == units

    def test_datetime64_into_non_standard_calendar(self) -> None:
        dates = np.array(["2001-03-01", "2001-03-02"], dtype="M8[s]")
        numbers, _, calendar = encode_cf_datetime(dates, "days since 2001-01-01", "360_day")
        assert numbers.tolist() == [60, 61] and calendar == "360_day"

    def test_date_missing_from_calendar(self) -> None:
        with pytest.raises(ValueError, match=r"2000-02-29.*calendar 'noleap'"):
            encode_cf_datetime(np.array(["2000-02-29"], dtype="M8[s]"), calendar="noleap", name="t")

    def test_calendar_mismatch_for_cftime(self) -> None:
        dates = np.array([cftime.datetime(2000, 1, 1, calendar="360_day")])
        with pytest.raises(ValueError, match=r"calendar '360_day'.*with calendar 'noleap'"):
            encode_cf_datetime(dates, calendar="noleap")

    def test_not_dates(self) -> None:
        with pytest.raises(TypeError, match="dtype int64 holds no dates"):
            encode_cf_datetime(np.array([1]))

    def test_missing_dates(self) -> None:
        numbers, units, _ = encode_cf_datetime(np.array(["2000-01-01", "NaT", "2000-01-03"], dtype="M8[ns]"))
        assert isinstance(numbers, np.ma.MaskedArray)
        assert numbers.mask.tolist() == [False, True, False] and units.startswith("days since")


# ------------------------------------------------------------------ coders and decode_cf/encode_cf
class TestCoders:
    def test_fill_values_both_ways(self) -> None:
        v = Variable("t", np.array([0, -1, 2]), {"units": "days since 2000-01-01", "_FillValue": -1})
        decoded = CFDatetimeCoder().decode(v, "t")
        assert np.isnat(decoded.values[1])
        assert decoded.encoding["_FillValue"] == -1 and "_FillValue" not in decoded.attrs
        encoded = CFDatetimeCoder().encode(decoded, "t")
        assert encoded.values.tolist() == [0, -1, 2]
        assert encoded.attrs["_FillValue"] == -1

    def test_missing_value_attribute(self) -> None:
        v = Variable("t", np.array([1.0, 9999.0]), {"units": "hours since 2000-01-01", "missing_value": 9999.0})
        decoded = CFDatetimeCoder().decode(v, "t")
        assert np.isnat(decoded.values[1]) and decoded.encoding["missing_value"] == 9999.0

    def test_default_integer_fill(self) -> None:
        v = Variable("t", np.array(["2000-01-01", "NaT"], dtype="M8[ns]"))
        encoded = CFDatetimeCoder().encode(v, "t")
        assert encoded.dtype == np.int64
        assert encoded.attrs["_FillValue"] == -9223372036854775806
        assert_identical(CFDatetimeCoder().decode(encoded, "t"), v)

    def test_fill_value_collision(self) -> None:
        v = Variable("t", np.array(["2000-01-01", "2000-01-02", "NaT"], dtype="M8[ns]"), encoding={"_FillValue": 1, "units": "days since 2000-01-01"})
        with pytest.raises(ValueError, match="collides"):
            CFDatetimeCoder().encode(v, "t")

    def test_units_attribute_on_dates_refused(self) -> None:
        v = Variable("t", np.array(["2000-01-01"], dtype="M8[ns]"), {"units": "days since 2000-01-01"})
        with pytest.raises(ValueError, match=r"variable 't' has a 'units' attribute.*encoding"):
            CFDatetimeCoder().encode(v, "t")

    def test_non_time_variables_pass_through(self) -> None:
        v = Variable("x", np.array([1.0]), {"units": "m"})
        for coder in (CFDatetimeCoder(), CFTimedeltaCoder(decode_via_units=True)):
            assert coder.decode(v) is v and coder.encode(v) is v

    def test_timedelta_marker_needed_by_default(self) -> None:
        v = Variable("x", np.array([1, 2]), {"units": "days"})
        assert CFTimedeltaCoder().decode(v) is v
        assert CFTimedeltaCoder(decode_via_units=True).decode(v).dtype == np.dtype("m8[ns]")

    def test_bad_use_cftime(self) -> None:
        with pytest.raises(TypeError, match="use_cftime must be True, False or None"):
            CFDatetimeCoder(use_cftime="yes")  # type: ignore[arg-type]

    def test_registry(self) -> None:
        assert list(list_coders())[-3:] == ["timedeltas", "times", "bools"]
        with pytest.raises(TypeError, match="VariableCoder subclass"):
            register_coder(int, order=1)  # type: ignore[arg-type]

        class Nameless(VariableCoder):
            pass

        with pytest.raises(TypeError, match="with a name"):
            register_coder(Nameless, order=1)
        with pytest.raises(NotImplementedError, match="Nameless does not implement decode"):
            Nameless().decode(Variable("x", [1]))


class TestDecodeCF:
    def make(self) -> la.Dataset:
        return la.Dataset(
            {"temp": ("time", [1.0, 2.0, 3.0]),
             "lead": ("time", np.array([1, 2, 3]), {"units": "hours", "dtype": "timedelta64[ns]"})},
            coords={"time": ("time", np.array([0, 31, 59]), {"units": "days since 2001-01-01", "calendar": "noleap"})},
            attrs={"title": "x"},
        )

    def test_dataset(self) -> None:
        ds = la.decode_cf(self.make())
        assert ds["time"].dtype == object and ds["time"].dt.month.values.tolist() == [1, 2, 3]
        assert ds["lead"].dtype == np.dtype("m8[ns]")
        assert ds.attrs == {"title": "x"}
        assert ds["time"].encoding["calendar"] == "noleap"
        assert ds.sel(time=ds["time"].values[1])["temp"].item() == 2.0

    def test_round_trip_dataset(self) -> None:
        original = self.make()
        assert_identical(la.encode_cf(la.decode_cf(original)), original)
        decoded = la.decode_cf(original)
        assert_identical(la.decode_cf(la.encode_cf(decoded)), decoded)

    def test_options(self) -> None:
        raw = self.make()
        assert la.decode_cf(raw, decode_times=False)["time"].dtype == np.int64
        assert la.decode_cf(raw, decode_timedelta=False)["lead"].dtype == np.int64
        assert "lead" not in la.decode_cf(raw, drop_variables="lead")
        da = la.DataArray(np.array([0]), dims="x", coords={"c": ("x", [1])}, attrs={"units": "days since 2000-01-01"})
        assert "c" not in la.decode_cf(da, drop_variables=["c"]).coords
        std = raw.assign_coords(time=("time", np.array([0, 1, 2]), {"units": "days since 2000-01-01"}))
        assert la.decode_cf(std, use_cftime=True)["time"].dtype == object
        coded = la.decode_cf(std, decode_times=CFDatetimeCoder(use_cftime=True))
        assert coded["time"].dtype == object

    def test_dataarray(self) -> None:
        da = la.DataArray(np.array([0, 1]), dims="x", name="t",
                          attrs={"units": "hours since 2000-01-01", "calendar": "standard"},
                          coords={"c": ("x", np.array([0, 1]), {"units": "days since 2000-01-01", "calendar": "360_day"})})
        out = la.decode_cf(da)
        assert isinstance(out, la.DataArray) and out.name == "t"
        assert out.values[1] == np.datetime64("2000-01-01T01")
        assert out["c"].values[1] == cftime.Datetime360Day(2000, 1, 2)
        assert_identical(la.encode_cf(out), da)
        no_calendar = la.DataArray(np.array([0]), dims="x", attrs={"units": "days since 2000-01-01"})
        assert la.encode_cf(la.decode_cf(no_calendar)).attrs["calendar"] == "standard"  # CF's default

    def test_dask_is_lazy(self) -> None:
        raw = la.Dataset({"t": ("x", np.array([0, 1, -9, 3]), {"units": "days since 2000-01-01", "_FillValue": -9})}).chunk({"x": 2})
        decoded = la.decode_cf(raw)
        assert decoded["t"].chunks == ((2, 2),)
        expected = np.array(["2000-01-01", "2000-01-02", "NaT", "2000-01-04"], dtype="M8[ns]")
        np.testing.assert_array_equal(decoded["t"].values, expected)
        cf = la.Dataset({"t": ("x", np.array([0, 1, 2, 3]), {"units": "days since 2000-01-01", "calendar": "noleap"})}).chunk({"x": 2})
        lazy = la.decode_cf(cf)
        assert lazy["t"].chunks == ((2, 2),) and lazy["t"].values[3] == cftime.DatetimeNoLeap(2000, 1, 4)

    def test_bad_arguments(self) -> None:
        raw = self.make()
        with pytest.raises(TypeError, match="decode_times must be a bool or a CFDatetimeCoder"):
            la.decode_cf(raw, decode_times="yes")
        with pytest.raises(TypeError, match="decode_timedelta must be"):
            la.decode_cf(raw, decode_timedelta="yes")
        with pytest.raises(TypeError, match="use_cftime must be True, False or None"):
            la.decode_cf(raw, use_cftime=1)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="either to decode_cf or to the CFDatetimeCoder"):
            la.decode_cf(raw, decode_times=CFDatetimeCoder(), use_cftime=True)
        with pytest.raises(ValueError, match=r"cannot drop variable 'laed'.*did you mean 'lead'"):
            la.decode_cf(raw, drop_variables=["laed"])
        with pytest.raises(TypeError, match="expected a Dataset or a DataArray; got dict"):
            la.decode_cf({})  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="expected a Dataset or a DataArray"):
            la.encode_cf(np.zeros(2))  # type: ignore[arg-type]


# ------------------------------------------------------------------ property tests: decode(encode(v)) == v
_DAY_US = 86_400 * 10**6


@st.composite
def cftime_arrays(draw: st.DrawFn, calendar: str) -> np.ndarray:
    year = draw(st.integers(300, 3000))
    start = cftime.datetime(year, draw(st.integers(1, 12)), draw(st.integers(1, 28)), calendar=calendar)
    step = draw(st.sampled_from([_DAY_US, 3600 * 10**6, 60 * 10**6, 10**6, 1000, 1]))
    offsets = draw(st.lists(st.integers(-10**5, 10**5), min_size=1, max_size=8))
    return np.array([start + datetime.timedelta(microseconds=o * step) for o in offsets], dtype=object)


@pytest.mark.parametrize("calendar", CALENDARS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_cftime_round_trip_every_calendar(calendar: str, data: st.DataObject) -> None:
    dates = data.draw(cftime_arrays(calendar))
    v = Variable("t", dates)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        encoded = CFDatetimeCoder().encode(v, "t")
    assert encoded.dtype == np.int64
    decoded = CFDatetimeCoder(use_cftime=True).decode(encoded, "t")
    assert list(decoded.values) == list(dates)
    assert decoded.attrs == v.attrs


@settings(max_examples=60, deadline=None)
@given(
    ints=st.lists(st.integers(-(2**62), 2**62), min_size=1, max_size=10),
    unit=st.sampled_from(["s", "ms", "us", "ns"]),
    nat=st.booleans(),
)
def test_datetime64_round_trip(ints: list[int], unit: str, nat: bool) -> None:
    values = np.array(ints, dtype="int64")
    if unit == "s":
        values //= 10**8  # keep within years 1..9999 of datetime64[s]... roughly
    dates = values.view(f"M8[{unit}]")
    seconds = dates.astype("M8[s]")
    dates = dates[(seconds >= np.datetime64("0001-01-01", "s")) & (seconds < np.datetime64("9999-01-01", "s"))]
    if dates.size == 0:
        return
    if nat:
        dates = np.concatenate([dates, np.array(["NaT"], dtype=dates.dtype)])
    v = Variable("t", dates)
    encoded = CFDatetimeCoder().encode(v, "t")
    assert encoded.dtype == np.int64
    decoded = CFDatetimeCoder().decode(encoded, "t")
    np.testing.assert_array_equal(decoded.values.astype(f"M8[{unit}]"), dates)
    seconds = dates[~np.isnat(dates)].astype("M8[s]")
    if seconds.min() >= np.datetime64("1678-01-01", "s") and seconds.max() < np.datetime64("2262-01-01", "s"):
        assert decoded.dtype == np.dtype("M8[ns]")


@settings(max_examples=40, deadline=None)
@given(ints=st.lists(st.integers(-(10**17), 10**17), min_size=1, max_size=10),
       unit=st.sampled_from(["s", "ms", "us", "ns"]))
def test_timedelta_round_trip(ints: list[int], unit: str) -> None:
    deltas = np.array(ints, dtype="int64").view(f"m8[{unit}]")
    v = Variable("x", deltas)
    encoded = CFTimedeltaCoder().encode(v, "x")
    decoded = CFTimedeltaCoder().decode(encoded, "x")
    assert_identical(decoded, v)


@settings(max_examples=30, deadline=None)
@given(num=st.lists(st.integers(-(10**5), 10**5), min_size=1, max_size=8),
       calendar=st.sampled_from(CALENDARS), unit=st.sampled_from(UNITS))
def test_decode_matches_cftime(num: list[int], calendar: str, unit: str) -> None:
    units = f"{unit} since 1970-01-01"
    ours = decode_cf_datetime(np.array(num), units, calendar, use_cftime=True)
    assert list(ours) == list(cftime.num2date(np.array(num), units, calendar, only_use_cftime_datetimes=True))
    back, _, _ = encode_cf_datetime(ours, units, calendar)
    np.testing.assert_array_equal(back, num)


@pytest.mark.compat
def test_matches_xarray_decode() -> None:
    xr = pytest.importorskip("xarray")
    attrs = {"units": "hours since 1990-01-01 12:00", "calendar": "360_day"}
    num = np.array([0, 5, 1000, 10**5])
    theirs = xr.decode_cf(xr.Dataset({"t": ("x", num, attrs)}))["t"].values
    ours = la.decode_cf(la.Dataset({"t": ("x", num, attrs)}))["t"].values
    assert list(ours) == list(theirs)
    attrs = {"units": "seconds since 2000-01-01"}
    theirs = xr.decode_cf(xr.Dataset({"t": ("x", num, attrs)}))["t"].values
    ours = la.decode_cf(la.Dataset({"t": ("x", num, attrs)}))["t"].values
    np.testing.assert_array_equal(ours, theirs)


@settings(max_examples=60, deadline=None)
@given(ints=st.lists(st.integers(-(2**60), 2**60), min_size=1, max_size=6),
       unit=st.sampled_from([*UNITS, "nanoseconds"]),
       dtype=st.sampled_from([None, "float64", "int64"]))
def test_no_warning_means_exact(ints: list[int], unit: str, dtype: str | None) -> None:
    """Whenever encoding with given units does not warn, decoding gives the dates back exactly."""
    dates = np.array(ints, dtype="int64").view("M8[ns]")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        numbers, units, calendar = encode_cf_datetime(dates, f"{unit} since 1970-01-01", dtype=dtype)
    lossy = any(issubclass(w.category, LabarrayWarning) for w in caught)
    if dtype == "int64":
        assert numbers.dtype == np.int64
    if not lossy:
        np.testing.assert_array_equal(decode_cf_datetime(numbers, units, calendar), dates)


@pytest.mark.parametrize("unit", UNITS)
def test_encode_matches_pandas(unit: str) -> None:
    dates = pd.date_range("1999-12-31", periods=6, freq="13D").to_numpy()
    numbers, _, _ = encode_cf_datetime(dates, f"{unit} since 1990-01-01")
    pandas_unit = {"days": "D", "hours": "h", "minutes": "min", "seconds": "s", "milliseconds": "ms", "microseconds": "us"}[unit]
    expected = (pd.DatetimeIndex(dates) - pd.Timestamp("1990-01-01")) // pd.Timedelta(1, unit=pandas_unit)
    np.testing.assert_array_equal(numbers, np.asarray(expected))


@pytest.mark.compat
def test_matches_xarray_encode() -> None:
    xr = pytest.importorskip("xarray")
    for freq in ("D", "6h", "min", "s"):
        dates = pd.date_range("2000-01-01", periods=4, freq=freq).to_numpy()
        theirs = xr.conventions.encode_cf_variable(xr.Variable("t", dates))
        ours = CFDatetimeCoder().encode(Variable("t", dates), "t")
        np.testing.assert_array_equal(ours.values, theirs.values)
        assert ours.attrs["units"] == theirs.attrs["units"]
        assert ours.attrs["calendar"] == theirs.attrs["calendar"]


def test_int64_min_is_nat_and_huge_offsets_raise() -> None:
    nat = np.iinfo(np.int64).min
    out = decode_cf_datetime(np.array([0, nat]), "days since 2000-01-01")
    assert out[0] == np.datetime64("2000-01-01") and np.isnat(out[1])
    # a large negative offset must not wrap around silently to a plausible date
    with pytest.raises(OutOfBoundsDatetimeError, match="overflow"):
        decode_cf_datetime(np.array([-(2**62), 0]), "days since 2000-01-01", use_cftime=False)


def test_undecodable_units_name_the_way_out() -> None:
    ds = la.Dataset({"t": ("x", np.array([0, 1]), {"units": "months since 2000-01-01", "calendar": "noleap"})})
    with pytest.raises(ValueError, match=r"'months'.*only in the '360_day' calendar.*the calendar is 'noleap'"
                                         r".*decode_times=\{'t': False\}"):
        la.decode_cf(ds)
    raw = la.decode_cf(ds, decode_times=False)
    assert raw["t"].values.tolist() == [0, 1]


def test_coders_namespace_and_time_unit(tmp_path) -> None:
    from labarray.coding import coders

    ds = la.Dataset({"t": ("t", np.array([0, 6]), {"units": "hours since 2000-01-01"}),
                     "f": ("t", np.array([0.5, 1.0]), {"units": "seconds since 2000-01-01"})})
    out = la.decode_cf(ds, decode_times=coders.CFDatetimeCoder(time_unit="s"))
    assert out["t"].dtype == np.dtype("M8[s]")
    assert out["f"].dtype == np.dtype("M8[ns]")  # half seconds need a finer unit: kept
    assert out["f"].values[0] == np.datetime64("2000-01-01T00:00:00.5")
    cf = la.decode_cf(ds, decode_times=coders.CFDatetimeCoder(use_cftime=True))
    assert isinstance(cf["t"].values[1], cftime.datetime)
    durations = la.Dataset({"d": ("x", np.array([1, 2]), {"units": "hours"})})
    decoded = la.decode_cf(durations, decode_timedelta=coders.CFTimedeltaCoder(decode_via_units=True, time_unit="s"))
    assert decoded["d"].dtype == np.dtype("m8[s]") and decoded["d"].values[1] == np.timedelta64(7200, "s")
    with pytest.raises(ValueError, match="time_unit must be one of 's', 'ms', 'us', 'ns' or None; got 'sec'"):
        coders.CFDatetimeCoder(time_unit="sec")


# ------------------------------------------------------------------ calendar-dependent units
class TestCalendarUnits:
    """"months since" (360_day calendar: 30 days) and "common_years since" (noleap: 365 days),
    the only calendar-dependent units cftime (and so xarray) decodes; "years" never decodes."""

    @pytest.mark.parametrize(
        ("units", "calendar", "expected"),
        [("months since 2000-01-01", "360_day", "months"), ("month since 2000-01-01", "360_day", "months"),
         ("MONTHS since 2000-01-01", "360_day", "months"), ("common_years since 1-1-1", "noleap", "common_years"),
         ("common_year since 1-1-1", "365_day", "common_years"), ("days since 2000-01-01", "360_day", "days")],
    )
    def test_parse_with_calendar(self, units: str, calendar: str, expected: str) -> None:
        assert parse_cf_units(units, "t", calendar)[0] == expected

    @pytest.mark.parametrize("calendar", ["standard", "gregorian", "proleptic_gregorian", "noleap", "julian", "all_leap"])
    def test_months_refused_outside_360_day(self, calendar: str) -> None:
        with pytest.raises(ValueError, match=rf"time units 'months since 2000-01-01' of variable 't' count 'months', "
                                             rf"which have a fixed length only in the '360_day' calendar \(30 days\); "
                                             rf"the calendar is '{calendar}'"):
            parse_cf_units("months since 2000-01-01", "t", calendar)
        with pytest.raises(ValueError, match=f"calendar is '{calendar}'"):
            decode_cf_datetime([0, 1], "months since 2000-01-01", calendar, name="t")

    def test_other_refusals(self) -> None:
        with pytest.raises(ValueError, match=r"count 'months'.*no calendar was given"):
            parse_cf_units("months since 2000-01-01")
        with pytest.raises(ValueError, match=r"'common_years'.*only in the 'noleap' / '365_day' calendar \(365 days\)"
                                             r".*calendar is '360_day'"):
            parse_cf_units("common_years since 2000-01-01", calendar="360_day")
        for calendar in ("360_day", "noleap", "standard"):
            with pytest.raises(ValueError, match=rf"'years since 2000-01-01' of variable 't' \(calendar '{calendar}'\) "
                                                 r"count years.*365.242198781 days"):
                decode_cf_datetime([0], "years since 2000-01-01", calendar, name="t")
        with pytest.raises(ValueError, match=r"unknown time unit 'monhts'.*supported: days, .*nanoseconds, months; "
                                             r"did you mean 'months'"):
            parse_cf_units("monhts since 2000-01-01", calendar="360_day")
        with pytest.raises(ValueError, match=r"supported: days, .*, nanoseconds, common_years$"):
            parse_cf_units("mon since 2000-01-01", calendar="noleap")

    def test_decode_months_360_day(self) -> None:
        out = decode_cf_datetime(np.array([0, 1, 13, 1.5]), "months since 2000-01-01", "360_day")
        assert out.tolist() == [cftime.Datetime360Day(2000, 1, 1), cftime.Datetime360Day(2000, 2, 1),
                                cftime.Datetime360Day(2001, 2, 1), cftime.Datetime360Day(2000, 2, 16)]
        ints = decode_cf_datetime(np.array([0, 11], dtype="int16"), "months since 1850-01-16 12:00", "360_day")
        assert ints[1] == cftime.Datetime360Day(1850, 12, 16, 12)
        assert decode_cf_datetime(np.array([2.0, np.nan]), "months since 2000-01-01", "360_day").tolist() == [
            cftime.Datetime360Day(2000, 3, 1), None]
        masked = np.ma.MaskedArray([1, 2], mask=[True, False])
        assert decode_cf_datetime(masked, "months since 2000-01-01", "360_day", use_cftime=True)[0] is None

    def test_decode_common_years_noleap(self) -> None:
        out = decode_cf_datetime([0, 1, 1.5], "common_years since 2000-01-01", "365_day")
        assert out.tolist() == [cftime.DatetimeNoLeap(2000, 1, 1), cftime.DatetimeNoLeap(2001, 1, 1),
                                cftime.DatetimeNoLeap(2001, 7, 2, 12)]

    def test_decode_to_datetime64_refused(self) -> None:
        with pytest.raises(OutOfBoundsDatetimeError, match=r"calendar '360_day' to datetime64.*use_cftime=None or True"):
            decode_cf_datetime([0, 1], "months since 2000-01-01", "360_day", use_cftime=False, name="t")

    def test_coder_decodes_lazily_and_keeps_the_encoding(self) -> None:
        var = Variable("t", np.array([0, 1, 2]), {"units": "months since 2000-01-01", "calendar": "360_day"})
        out = CFDatetimeCoder().decode(var, "t")
        assert out.values[2] == cftime.Datetime360Day(2000, 3, 1)
        assert out.encoding["units"] == "months since 2000-01-01" and out.encoding["calendar"] == "360_day"
        assert "units" not in out.attrs

    @pytest.mark.parametrize("calendar", [None, "standard", "noleap"])
    def test_coder_error_names_units_calendar_and_the_way_out(self, calendar: str | None) -> None:
        attrs = {"units": "months since 2000-01-01"} | ({"calendar": calendar} if calendar else {})
        ds = la.Dataset({"t": ("x", np.array([0, 1]), attrs)})
        with pytest.raises(ValueError, match=rf"'months since 2000-01-01' of variable 't'.*the calendar is "
                                             rf"'{calendar or 'standard'}' -- open the data with "
                                             r"decode_times=\{'t': False\} \(or decode_times=False\)"):
            la.decode_cf(ds)
        assert la.decode_cf(ds, decode_times=False)["t"].attrs["units"] == "months since 2000-01-01"

    def test_encode_months_360_day(self) -> None:
        dates = np.array([cftime.Datetime360Day(2000, 1, 1), cftime.Datetime360Day(2001, 2, 1), None])
        numbers, units, calendar = encode_cf_datetime(dates, "months since 2000-01-01")
        assert (units, calendar) == ("months since 2000-01-01", "360_day")
        assert numbers.dtype == np.int64 and numbers.tolist() == [0, 13, None]
        half = np.array([cftime.Datetime360Day(2000, 2, 16), cftime.Datetime360Day(2000, 1, 1)])
        numbers, units, _ = encode_cf_datetime(half, "months since 2000-01-01", "360_day")
        assert numbers.tolist() == [1.5, 0.0] and units == "months since 2000-01-01"
        as_f4, _, _ = encode_cf_datetime(half, "months since 2000-01-01", dtype="float32")
        assert as_f4.dtype == np.float32 and as_f4.tolist() == [1.5, 0.0]
        # datetime64 dates in a 360_day encoding are converted as with other units
        dt64 = np.array(["2000-01-01", "2000-03-01"], dtype="M8[ns]")
        assert encode_cf_datetime(dt64, "month since 2000-01-01", "360_day")[0].tolist() == [0, 2]

    def test_encode_common_years(self) -> None:
        dates = np.array([cftime.DatetimeNoLeap(2000, 1, 1), cftime.DatetimeNoLeap(2003, 1, 1)])
        numbers, _units, calendar = encode_cf_datetime(dates, "common_years since 2000-01-01", "365_day")
        assert numbers.tolist() == [0, 3] and calendar == "365_day"

    def test_encode_inexact_integers_switch_to_days(self) -> None:
        dates = np.array([cftime.Datetime360Day(2000, 1, 1), cftime.Datetime360Day(2000, 2, 16)])
        with pytest.warns(LabarrayWarning, match=r"variable 't' cannot be encoded exactly as integers of 'months'; "
                                                 "using 'days'"):
            numbers, units, _ = encode_cf_datetime(dates, "months since 2000-01-01", dtype="int32", name="t")
        assert numbers.tolist() == [0, 45] and numbers.dtype == np.int32 and units == "days since 2000-01-01"

    def test_encode_lossy_floats_warn(self) -> None:
        dates = np.array([cftime.Datetime360Day(2000, 2, 1, 0, 0, 0, 1)])  # a month and a microsecond
        with pytest.warns(LabarrayWarning, match=r"as float32 in 'months' loses precision"):
            encode_cf_datetime(dates, "months since 2000-01-01", dtype="float32", name="t")
        with pytest.raises(ValueError, match=r"times of variable 't' in 'months' do not fit into int8"):
            encode_cf_datetime(np.array([cftime.Datetime360Day(2100, 1, 1)]), "months since 2000-01-01",
                               dtype="int8", name="t")

    def test_encode_refusals(self) -> None:
        dt64 = np.array(["2000-01-01", "2000-02-01"], dtype="M8[ns]")
        with pytest.raises(ValueError, match=r"cannot encode the dates of variable 't': time units 'months since "
                                             r"2000-01-01' .*calendar is 'proleptic_gregorian'; choose e.g. 'days since"):
            encode_cf_datetime(dt64, "months since 2000-01-01", name="t")
        noleap = np.array([cftime.DatetimeNoLeap(2000, 1, 1)])
        with pytest.raises(ValueError, match=r"count 'months'.*calendar is 'noleap'"):
            encode_cf_datetime(noleap, "months since 2000-01-01", name="t")
        with pytest.raises(ValueError, match=r"count years"):
            encode_cf_datetime(noleap, "years since 2000-01-01", name="t")
        var = Variable("t", dt64, encoding={"units": "months since 2000-01-01"})
        with pytest.raises(ValueError, match=r"variable 't'.*'months'"):
            CFDatetimeCoder().encode(var, "t")

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.integers(-5000, 5000), min_size=1, max_size=8),
           st.sampled_from(["months since 1850-01-01", "months since 2000-06-16 12:00:00"]))
    def test_round_trip_360_day(self, months: list[int], units: str) -> None:
        var = Variable("t", np.array(months, dtype="int32"), {"units": units, "calendar": "360_day"})
        decoded = CFDatetimeCoder().decode(var, "t")
        encoded = CFDatetimeCoder().encode(decoded, "t")
        assert encoded.attrs["units"] == units and encoded.attrs["calendar"] == "360_day"
        assert encoded.dtype == np.int32 and encoded.values.tolist() == months

    def test_default_fill_values_are_explained(self) -> None:
        with pytest.raises(OutOfBoundsDatetimeError, match=r"variable 't' with units 'days since 2000-01-01' and "
                                                           r"calendar 'noleap'.*9.96921e\+36, netCDF's default fill "
                                                           r"value.*no _FillValue attribute.*decode_times=False"):
            decode_cf_datetime(np.array([0, 9.969209968386869e36]), "days since 2000-01-01", "noleap", name="t")
        with pytest.raises(OutOfBoundsDatetimeError, match=r"calendar 'standard'.*netCDF's default fill value"):
            decode_cf_datetime(np.array([0, 9.969209968386869e36]), "days since 2000-01-01", name="t")
        with pytest.raises(OutOfBoundsDatetimeError, match=r"calendar 'noleap'.*largest offset 1e\+30 days\); open"):
            decode_cf_datetime(np.array([0, 1e30]), "days since 2000-01-01", "noleap", name="t")


@pytest.mark.compat
@pytest.mark.parametrize("calendar", ["standard", "proleptic_gregorian", "noleap", "365_day", "360_day", "julian",
                                      "all_leap"])
@pytest.mark.parametrize("units", ["months since 2000-01-01", "month since 1850-01-16 12:00",
                                   "common_years since 2000-01-01", "years since 2000-01-01"])
def test_calendar_units_match_xarray(calendar: str, units: str) -> None:
    xr = pytest.importorskip("xarray")
    raw = np.array([0, 1, 13, 1.5])
    try:
        theirs = xr.conventions.decode_cf_variable("t", xr.Variable("x", raw, {"units": units, "calendar": calendar}))
    except ValueError:
        with pytest.raises(ValueError, match=rf"'{units}' of variable 't'.*decode_times="):
            CFDatetimeCoder().decode(Variable("x", raw, {"units": units, "calendar": calendar}), "t")
        return
    ours = CFDatetimeCoder().decode(Variable("x", raw, {"units": units, "calendar": calendar}), "t")
    assert ours.dtype == theirs.dtype == object
    assert ours.values.tolist() == theirs.values.tolist()


# ------------------------------------------------------------------ exact float encoding
_UNIT_NS = {"days": 86_400 * 10**9, "hours": 3_600 * 10**9, "minutes": 60 * 10**9, "seconds": 10**9,
            "milliseconds": 10**6, "microseconds": 10**3, "nanoseconds": 1}


def test_float_hours_are_exact_regression() -> None:
    """165 days in ns times a rounded 1/3.6e12 gave 3960.0000000000005 hours (2 ns off when read)."""
    dates = np.array(["1950-06-15", "2020-03-01T01:30", "1900-01-01"], dtype="M8[ns]")
    with warnings.catch_warnings():
        warnings.simplefilter("error", LabarrayWarning)
        numbers, units, calendar = encode_cf_datetime(dates, "hours since 1950-01-01", dtype="f8")
    assert numbers.tolist() == [3960.0, 615049.5, -438288.0]
    np.testing.assert_array_equal(decode_cf_datetime(numbers, units, calendar), dates)
    deltas = np.array([3960 * 3_600 * 10**9, -90 * 60 * 10**9], dtype="m8[ns]")
    numbers, units = encode_cf_timedelta(deltas, "hours", "f8")
    assert numbers.tolist() == [3960.0, -1.5]


def test_float_encoding_of_off_grid_times_is_correctly_rounded() -> None:
    # 2**60 ns is not a whole number of hours: the result is the correctly rounded quotient,
    # not that of a float count (which already rounds beyond 2**53)
    dates = np.array([2**60 + 1], dtype="int64").view("M8[ns]")
    with pytest.warns(LabarrayWarning, match="loses precision"):
        numbers, _, _ = encode_cf_datetime(dates, "hours since 1970-01-01", dtype="f8")
    from fractions import Fraction
    assert numbers[0] == float(Fraction(2**60 + 1, 3_600 * 10**9))


@settings(max_examples=150, deadline=None)
@given(unit=st.sampled_from(list(_UNIT_NS)),
       dtype=st.sampled_from(["float64", "float32", "int64", None]),
       reference=st.integers(-(2**31), 2**31),
       data_unit=st.sampled_from(["s", "ms", "us", "ns"]),
       data=st.data())
def test_times_on_the_unit_grid_round_trip_exactly(unit: str, dtype: str | None, reference: int,
                                                   data_unit: str, data: st.DataObject) -> None:
    """decode(encode(t)) == t, without a precision warning, for every time on the unit grid."""
    if _NS_OF[data_unit] > _UNIT_NS[unit]:  # the data must resolve the unit's grid
        data_unit = next(u for u, ns in _NS_OF.items() if ns <= _UNIT_NS[unit])
    step = _UNIT_NS[unit] // _NS_OF[data_unit]
    ref_ticks = reference * (10**9 // _NS_OF[data_unit])
    # counts exact in float32 (< 2**24) whose dates fit into int64 ticks of the data unit
    limit = min(2**24, (2**62 - abs(ref_ticks)) // step)
    assume(limit > 0)
    counts = data.draw(st.lists(st.integers(-limit, limit), min_size=1, max_size=8), label="counts")
    ticks = [ref_ticks + c * step for c in counts]
    ref = np.datetime64(reference, "s").astype(f"M8[{data_unit}]")
    ref_text = str(ref.astype("M8[s]")).replace("T", " ")
    dates = np.array(ticks, dtype="int64").view(f"M8[{data_unit}]")
    assume(dates.min().astype("M8[s]") >= np.datetime64("0001-01-01", "s"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", LabarrayWarning)
        numbers, units, calendar = encode_cf_datetime(dates, f"{unit} since {ref_text}", dtype=dtype)
    if dtype is not None:
        assert numbers.dtype == np.dtype(dtype)
    assert numbers.astype("float64").tolist() == counts
    decoded = decode_cf_datetime(numbers, units, calendar)
    np.testing.assert_array_equal(decoded.astype(f"M8[{data_unit}]"), dates)


_NS_OF = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}


@settings(max_examples=60, deadline=None)
@given(unit=st.sampled_from(list(_UNIT_NS)), dtype=st.sampled_from(["float64", "float32", "int64"]),
       data=st.data())
def test_timedeltas_on_the_unit_grid_round_trip_exactly(unit: str, dtype: str, data: st.DataObject) -> None:
    limit = min(2**24, (2**63 - 1) // _UNIT_NS[unit])
    counts = data.draw(st.lists(st.integers(-limit, limit), min_size=1, max_size=8), label="counts")
    deltas = np.array([c * _UNIT_NS[unit] for c in counts], dtype="int64").view("m8[ns]")
    with warnings.catch_warnings():
        warnings.simplefilter("error", LabarrayWarning)
        numbers, units = encode_cf_timedelta(deltas, unit, dtype)
    assert numbers.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(decode_cf_timedelta(numbers, units), deltas)


@pytest.mark.compat
def test_float_hours_match_xarray() -> None:
    xr = pytest.importorskip("xarray")
    dates = np.array(["1950-06-15", "1951-01-16T12", "1949-12-31T18"], dtype="M8[ns]")
    enc = {"units": "hours since 1950-01-01", "dtype": "f8"}
    theirs = xr.conventions.encode_cf_variable(xr.Variable("t", dates, encoding=enc))
    ours = CFDatetimeCoder().encode(Variable("t", dates, encoding=enc), "t")
    assert ours.values.tolist() == theirs.values.tolist()
