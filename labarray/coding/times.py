"""CF time coding: numbers with ``units="<unit> since <date>"`` <-> datetime64 or cftime dates.

Decoding gives ``datetime64[ns]`` (a coarser unit for dates outside 1678-2262) when the calendar
is a standard one and the dates fit, and ``cftime.datetime`` objects otherwise (non-standard
calendars, dates before the 1582 Gregorian reform in the "standard" calendar, dates out of
datetime64's range); the ``use_cftime`` argument or option forces one or the other.
Arithmetic is done on integers wherever possible, so encoding picks integer units in which
every date is exact, and decode(encode(v)) gives back v without float drift. Durations
(timedelta64) are coded with a bare ``units`` attribute ("hours") and ``dtype="timedelta64[..]"``.

>>> num, units, calendar = encode_cf_datetime(np.array(["2000-01-01", "2000-01-02T06"], dtype="M8[s]"))
>>> num.tolist(), units, calendar
([0, 30], 'hours since 2000-01-01 00:00:00', 'proleptic_gregorian')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable
from functools import partial
from typing import Any

import numpy as np

from labarray.accessors.dt import is_cftime_object, time_kind
from labarray.coding.conventions import VariableCoder, register_coder
from labarray.coding.lazy import is_lazy, lazy_elemwise, lazy_sample, raw_data
from labarray.options import OPTIONS
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.suggest import did_you_mean
from labarray.utils.warnings import SerializationWarning, warn
from labarray.variable import Variable
from labarray.variable.compat_data import normalize_time_unit

__all__ = [
    "CALENDARS",
    "CFDatetimeCoder",
    "CFTimedeltaCoder",
    "OutOfBoundsDatetimeError",
    "decode_cf_datetime",
    "decode_cf_timedelta",
    "encode_cf_datetime",
    "encode_cf_timedelta",
    "parse_cf_units",
]

CALENDARS = (
    "standard", "gregorian", "proleptic_gregorian", "noleap", "365_day", "all_leap", "366_day",
    "360_day", "julian",
)
_STANDARD = ("standard", "gregorian", "proleptic_gregorian")

# length of each CF unit in nanoseconds, coarsest first
_UNIT_NS = {
    "days": 86_400 * 10**9, "hours": 3_600 * 10**9, "minutes": 60 * 10**9, "seconds": 10**9,
    "milliseconds": 10**6, "microseconds": 10**3, "nanoseconds": 1,
}
_UNIT_ALIASES = {
    "day": "days", "d": "days", "hour": "hours", "hr": "hours", "hrs": "hours", "h": "hours",
    "minute": "minutes", "min": "minutes", "mins": "minutes", "second": "seconds",
    "sec": "seconds", "secs": "seconds", "s": "seconds", "millisecond": "milliseconds",
    "msec": "milliseconds", "msecs": "milliseconds", "ms": "milliseconds",
    "microsecond": "microseconds", "us": "microseconds", "usec": "microseconds",
    "nanosecond": "nanoseconds", "ns": "nanoseconds", "month": "months", "common_year": "common_years",
}
# units whose length depends on the calendar (as cftime and CF allow them): name -> (length in
# days, calendars where that length holds); a "month" is 30 days only in the 360_day calendar
_CALENDAR_UNITS = {"months": (30, ("360_day",)), "common_years": (365, ("noleap", "365_day"))}
_YEAR_UNITS = ("years", "year", "yr", "yrs")
_NUMPY_UNIT_NS = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}
_REFERENCE = re.compile(
    r"^(?P<year>[+-]?\d{1,5})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?"
    r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2})(?:\.(?P<frac>\d{1,9})\d*)?)?)?"
    r"\s*(?P<tz>Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
_INT64_MAX = 2**63 - 1
# default fill values of netCDF for integer types (NC_FILL_INT64, NC_FILL_INT, ...)
_INT_FILL = {8: -9223372036854775806, 4: -2147483647, 2: -32767, 1: -127}
_REFORM = np.datetime64("1582-10-15", "s")
_ALIASES = {"gregorian": "standard", "365_day": "noleap", "366_day": "all_leap"}


def _seconds(value: np.datetime64) -> np.datetime64:
    """``value`` in seconds: NumPy compares datetime64 of different units in the finer one,
    which silently overflows for nanoseconds far from 1970."""
    return value.astype("M8[s]")


class OutOfBoundsDatetimeError(ValueError):
    """Dates that a datetime64 array cannot hold (out of range, or of a non-standard calendar)."""


def _where(name: Hashable | None) -> str:
    return f" of variable {name!r}" if name is not None else ""


# ---------------------------------------------------------------- units
def parse_cf_units(units: str, name: Hashable | None = None, calendar: str | None = None) -> tuple[str, str]:
    """Split ``"<unit> since <date>"`` into the canonical unit and the reference date string.

    Besides the fixed-length units (days ... nanoseconds), CF (through cftime) allows units
    whose length depends on the calendar: ``"months"`` in the ``"360_day"`` calendar (a month
    is 30 days there) and ``"common_years"`` in the ``"noleap"``/``"365_day"`` calendar (365
    days). They are accepted only when ``calendar`` is one of those; ``"years"`` (udunits'
    year of 365.242198781 days, which falls between calendar dates) never is.

    Parameters
    ----------
    units : str
        The ``units`` attribute, e.g. ``"hours since 1850-01-01 00:00:00"``.
    name : hashable, optional
        Variable name for the error messages.
    calendar : str, optional
        The CF calendar the units belong to (needed for "months"/"common_years").

    Examples
    --------
    >>> parse_cf_units("hours since 1850-01-01 00:00:00")
    ('hours', '1850-01-01 00:00:00')
    >>> parse_cf_units("months since 2000-01-01", calendar="360_day")
    ('months', '2000-01-01')
    """
    if not isinstance(units, str):
        raise TypeError(f"time units{_where(name)} must be a str; got {type(units).__name__}")
    unit, sep, reference = _split_units(units)
    if not sep or not reference.strip():
        raise ValueError(
            f"invalid time units {units!r}{_where(name)}: expected '<unit> since <date>', "
            "e.g. 'days since 1850-01-01'"
        )
    return _canonical_unit(unit, units, name, calendar), reference.strip()


def _canonical_unit(unit: str, units: str, name: Hashable | None, calendar: str | None = None) -> str:
    key = unit.strip().lower()
    key = _UNIT_ALIASES.get(key, key)
    if key in _UNIT_NS:
        return key
    if key in _CALENDAR_UNITS:
        days, allowed = _CALENDAR_UNITS[key]
        if calendar is not None and calendar.lower() in allowed:
            return key
        raise ValueError(
            f"time units {units!r}{_where(name)} count {key!r}, which have a fixed length only in the "
            f"{' / '.join(map(repr, allowed))} calendar ({days} days); "
            + (f"the calendar is {calendar!r}" if calendar is not None else "no calendar was given")
        )
    if key in _YEAR_UNITS:
        raise ValueError(
            f"time units {units!r}{_where(name)}{_calendar_note(calendar)} count years, which CF takes "
            "from udunits (365.242198781 days, a length that falls between calendar dates), so they "
            "cannot be decoded to dates in any calendar (as in cftime and xarray); 'days since' works "
            "in every calendar, 'common_years since' in the 'noleap' calendar"
        )
    supported = list(_UNIT_NS) + [u for u, (_, allowed) in _CALENDAR_UNITS.items()
                                  if calendar is not None and calendar.lower() in allowed]
    hint = did_you_mean(key, supported)
    raise ValueError(
        f"unknown time unit {unit.strip()!r} in {units!r}{_where(name)}; supported: "
        f"{', '.join(supported)}" + (f"; {hint}" if hint else "")
    )


def _calendar_note(calendar: str | None) -> str:
    return f" (calendar {calendar!r})" if calendar is not None else ""


@functools.lru_cache(maxsize=256)
def _split_units(units: str) -> tuple[str, str, str]:
    """``(unit, "since", reference)`` of ``"<unit> since <reference>"``; ``(units, "", "")`` without
    "since" (cached: every file of a multi-file dataset has the same units)."""
    parts = re.split(r"\s+since\s+", units.strip(), maxsplit=1, flags=re.IGNORECASE)
    return (parts[0], "since", parts[1]) if len(parts) == 2 else (units, "", "")


def _parse_reference(reference: str, units: str, name: Hashable | None) -> tuple[tuple[int, ...], int, int]:
    """``(year, month, day, hour, minute, second), nanoseconds, tz offset in minutes``."""
    parsed = _parse_reference_cached(reference.strip())
    if parsed is None:
        raise ValueError(
            f"cannot parse the reference date {reference!r} of time units {units!r}{_where(name)}; "
            "expected 'YYYY-MM-DD[ hh:mm[:ss[.f]]][ ±hh:mm]'"
        )
    return parsed


@functools.lru_cache(maxsize=256)
def _parse_reference_cached(reference: str) -> tuple[tuple[int, ...], int, int] | None:
    match = _REFERENCE.match(reference)
    if match is None:
        return None
    g = match.groupdict()
    fields = tuple(int(g[k] or default) for k, default in
                   (("year", 0), ("month", 1), ("day", 1), ("hour", 0), ("minute", 0), ("second", 0)))
    frac = g["frac"] or ""
    nanos = int(frac.ljust(9, "0")) if frac else 0
    tz = (g["tz"] or "").upper()
    offset = 0
    if tz not in ("", "Z", "UTC", "GMT"):
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = sign * (int(digits[:2]) * 60 + (int(digits[2:]) if len(digits) > 2 else 0))
    return fields, nanos, offset


def _validate_calendar(calendar: Any, name: Hashable | None) -> str:
    if calendar is None:
        return "standard"
    if not isinstance(calendar, str) or calendar.lower() not in CALENDARS:
        hint = did_you_mean(str(calendar).lower(), CALENDARS)
        raise ValueError(
            f"unknown calendar {calendar!r}{_where(name)}; CF calendars are: {', '.join(CALENDARS)}"
            + (f"; {hint}" if hint else "")
        )
    return calendar.lower()


def _cftime() -> Any:
    import cftime

    return cftime


# ---------------------------------------------------------------- decoding
def _split_missing(num: Any) -> tuple[np.ndarray, np.ndarray]:
    """Values and missing mask of numbers: NaN and masked entries are missing."""
    mask = np.ma.getmaskarray(num) if isinstance(num, np.ma.MaskedArray) else None
    values = np.asarray(np.ma.getdata(num) if mask is not None else num)
    if values.dtype.kind == "f":
        missing = np.isnan(values)
    elif values.dtype == np.int64:
        missing = values == np.iinfo(np.int64).min  # NumPy's NaT bit pattern (as xarray writes NaT)
    else:
        missing = np.zeros(values.shape, bool)
    if mask is not None:
        missing = missing | mask
    return values, missing


def _integral_ticks(values: np.ndarray, unit: str) -> tuple[np.ndarray, int]:
    """Numbers in ``unit`` as exact int64 ticks of the coarsest unit (in ns) that makes them
    integers; floats that are not integral even in nanoseconds are rounded to nanoseconds."""
    if values.dtype.kind in "iub":
        return values.astype("int64"), _UNIT_NS[unit]
    units = list(_UNIT_NS)
    for candidate in units[units.index(unit):]:
        factor = _UNIT_NS[unit] // _UNIT_NS[candidate]
        scaled = values.astype("float64") * factor
        if np.all(np.abs(scaled) < 2**53) and np.array_equal(scaled, np.rint(scaled)):
            return scaled.astype("int64"), _UNIT_NS[candidate]
    scaled = np.rint(values.astype("float64") * _UNIT_NS[unit])
    if np.any(np.abs(scaled) >= 2**63):
        raise OutOfBoundsDatetimeError("the offsets do not fit into int64 nanoseconds")
    return scaled.astype("int64"), 1


def _mul_checked(values: np.ndarray, factor: int, what: str) -> np.ndarray:
    if values.size and factor > 1 and max(-int(values.min()), int(values.max())) > _INT64_MAX // factor:
        raise OutOfBoundsDatetimeError(what)
    return values * np.int64(factor)


def _decode_datetime64(num: np.ndarray, unit: str, reference: str, units: str, name: Hashable | None) -> np.ndarray:
    fields, nanos, offset = _parse_reference(reference, units, name)
    year, month, day, hour, minute, second = fields
    if year < 1:
        raise OutOfBoundsDatetimeError(f"reference year {year} is before year 1")
    ticks, tick_ns = _integral_ticks(num, unit)
    res = max(s for s in _NUMPY_UNIT_NS.values() if tick_ns % s == 0 and nanos % s == 0)
    np_unit = next(k for k, v in _NUMPY_UNIT_NS.items() if v == res)
    ref = np.datetime64(f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}", np_unit)  # type: ignore[call-overload]
    ref_ticks = int(ref.astype("int64")) + nanos // res - offset * 60 * (10**9 // res)
    delta = _mul_checked(ticks, tick_ns // res, "the offsets overflow int64")
    if delta.size and not (-_INT64_MAX < ref_ticks + int(delta.min()) < _INT64_MAX
                           and ref_ticks + int(delta.max()) < _INT64_MAX):
        raise OutOfBoundsDatetimeError("the dates overflow datetime64")
    total = delta + np.int64(ref_ticks)
    if res > 1 and (total.size == 0 or int(np.abs(total).max()) <= _INT64_MAX // res):
        total, np_unit = total * np.int64(res), "ns"  # nanoseconds when the dates fit, as pandas
    result = total.view(f"M8[{np_unit}]")
    if result.size and _seconds(result.min()) < np.datetime64("0001-01-01", "s"):
        raise OutOfBoundsDatetimeError("the dates are before year 1")
    return result


def _decode_cftime(num: np.ndarray, unit: str, reference: str, calendar: str) -> np.ndarray:
    if unit == "nanoseconds":
        num, unit = num / 1000 if num.dtype.kind == "f" or np.any(num % 1000) else num // 1000, "microseconds"
    dates = _cftime().num2date(num, f"{unit} since {reference}", calendar, only_use_cftime_datetimes=True)
    return np.asarray(dates, dtype=object)


# netCDF's default fill value of float variables (NC_FILL_DOUBLE, NC_FILL_FLOAT as float64)
_NC_FLOAT_FILLS = (9.969209968386869e36, float(np.float32(9.96921e36)))


def _decode_cftime_checked(num: np.ndarray, unit: str, reference: str, units: str, calendar: str,
                           name: Hashable | None) -> np.ndarray:
    """:func:`_decode_cftime` with cftime's errors (offsets out of range) naming the variable,
    its units and calendar, the offending magnitude and the way to keep the raw numbers."""
    try:
        return _decode_cftime(num, unit, reference, calendar)
    except (ValueError, OverflowError) as err:
        largest = float(np.abs(num).max()) if num.size else 0.0
        raise OutOfBoundsDatetimeError(
            f"cannot decode times{_where(name)} with units {units!r} and calendar {calendar!r}: {err} "
            f"(largest offset {largest:g} {unit}){_default_fill_note(num)}; open the data with "
            "decode_times=False to keep the raw numbers"
        ) from None


def _default_fill_note(num: np.ndarray) -> str:
    """A hint when ``num`` holds netCDF's default float fill value (unwritten entries of a
    variable without ``_FillValue``), the usual cause of absurdly large time offsets."""
    if num.dtype.kind != "f" or not np.isin(np.abs(num), _NC_FLOAT_FILLS).any():
        return ""
    return ("; the values include 9.96921e+36, netCDF's default fill value: the variable probably has "
            "unwritten entries but no _FillValue attribute")


def _cftime_to_datetime64(dates: np.ndarray) -> np.ndarray:
    """cftime dates of a standard calendar (all after the 1582 reform) as datetime64."""
    text = [f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}.{d.microsecond:06d}" for d in dates.ravel()]
    values = np.array(text, dtype="M8[us]").reshape(dates.shape)
    if values.size == 0 or (values.min() >= np.datetime64("1678-01-01") and values.max() < np.datetime64("2262-01-01")):
        return values.astype("M8[ns]")
    return values


def decode_cf_datetime(
    num: Any,
    units: str,
    calendar: str | None = None,
    use_cftime: bool | None = None,
    *,
    name: Hashable | None = None,
) -> np.ndarray:
    """Decode numbers in CF ``units`` ("days since 1850-01-01") to datetime64 or cftime dates.

    Parameters
    ----------
    num : array-like of int or float
        The encoded numbers; NaN becomes NaT (datetime64) or None (cftime).
    units : str
        ``"<unit> since <date>"``, unit one of days, hours, minutes, seconds, milliseconds,
        microseconds, nanoseconds; also "months" in the "360_day" calendar and
        "common_years" in the "noleap"/"365_day" calendar (as cftime). Other calendars
        refuse those units with a ValueError, and "years" is refused in every calendar.
    calendar : str, optional
        A CF calendar (default "standard").
    use_cftime : {None, True, False}, optional
        None (default: the ``use_cftime`` option): datetime64 when possible, else cftime
        objects; True: always cftime objects; False: always datetime64, raising
        :class:`OutOfBoundsDatetimeError` where that is impossible.
    name : hashable, optional
        Variable name for the error messages.

    Examples
    --------
    >>> decode_cf_datetime([0, 36], "hours since 2000-01-01")
    array(['2000-01-01T00:00:00.000000000', '2000-01-02T12:00:00.000000000'],
          dtype='datetime64[ns]')
    >>> decode_cf_datetime([59], "days since 2000-01-01", "360_day")[0]
    cftime.Datetime360Day(2000, 2, 30, 0, 0, 0, 0, has_year_zero=True)
    >>> decode_cf_datetime([1.5], "months since 2000-01-01", "360_day")[0]
    cftime.Datetime360Day(2000, 2, 16, 0, 0, 0, 0, has_year_zero=True)
    """
    values, missing = _split_missing(num)
    if values.dtype.kind not in "iufb":
        raise TypeError(f"cannot decode times{_where(name)}: values of dtype {values.dtype} are not numbers")
    calendar = _validate_calendar(calendar, name)
    unit, reference = parse_cf_units(units, name, calendar)
    if use_cftime is None:
        use_cftime = OPTIONS["use_cftime"]
    if values.dtype.kind == "f" and np.isinf(values).any():
        raise ValueError(f"cannot decode times{_where(name)}: the values contain infinity")
    filled = np.where(missing, 0, values) if missing.any() else values
    result = _decode_filled(filled, unit, reference, units, calendar, use_cftime, name)
    if missing.any():
        result[missing] = np.datetime64("NaT") if result.dtype.kind == "M" else None
    return result


def _decode_filled(num: np.ndarray, unit: str, reference: str, units: str, calendar: str,
                   use_cftime: bool | None, name: Hashable | None) -> np.ndarray:
    if calendar not in _STANDARD:
        if use_cftime is False:
            raise OutOfBoundsDatetimeError(
                f"cannot decode times{_where(name)} of calendar {calendar!r} to datetime64: only "
                "the standard calendars are datetime64 calendars; use use_cftime=None or True"
            )
        return _decode_cftime_checked(num, unit, reference, units, calendar, name)
    if use_cftime:
        return _decode_cftime_checked(num, unit, reference, units, calendar, name)
    reason = ""
    try:
        result = _decode_datetime64(num, unit, reference, units, name)
        if calendar == "proleptic_gregorian" or result.size == 0 or _seconds(result.min()) >= _REFORM:
            ref_fields = _parse_reference(reference, units, name)[0]
            if calendar == "proleptic_gregorian" or ref_fields[:3] >= (1582, 10, 15):
                return result
        reason = "dates before the 1582-10-15 Gregorian reform"
    except OutOfBoundsDatetimeError as err:
        reason = str(err)
    # the standard calendar is Julian before 1582-10-15: cftime knows it
    try:
        dates = _decode_cftime(num, unit, reference, calendar)
    except (ValueError, OverflowError) as err:
        raise OutOfBoundsDatetimeError(
            f"cannot decode times{_where(name)} with units {units!r} and calendar {calendar!r}: "
            f"{reason}, and cftime cannot hold them either ({err}){_default_fill_note(num)}"
        ) from None
    present = list(dates.ravel())
    in_range = all((d.year, d.month, d.day) >= (1582, 10, 15) for d in present) if calendar != "proleptic_gregorian" else all(d.year >= 1 for d in present)
    if in_range:
        try:
            return _cftime_to_datetime64(dates)
        except (ValueError, OverflowError):
            pass
    if use_cftime is False:
        raise OutOfBoundsDatetimeError(
            f"cannot decode times{_where(name)} with units {units!r} and calendar {calendar!r} to "
            f"datetime64 ({reason}); use use_cftime=None or True to get cftime dates"
        )
    return dates


def decode_cf_timedelta(num: Any, units: str, dtype: str = "timedelta64[ns]", *, name: Hashable | None = None) -> np.ndarray:
    """Decode numbers in ``units`` ("days", "hours", ...) to timedelta64 (NaN -> NaT).

    Examples
    --------
    >>> decode_cf_timedelta([1, 36], "hours", "timedelta64[s]")
    array([  3600, 129600], dtype='timedelta64[s]')
    """
    values, missing = _split_missing(num)
    if values.dtype.kind not in "iufb":
        raise TypeError(f"cannot decode timedeltas{_where(name)}: values of dtype {values.dtype} are not numbers")
    if not isinstance(units, str):
        raise TypeError(f"timedelta units{_where(name)} must be a str; got {type(units).__name__}")
    unit = _canonical_unit(units, units, name)
    ticks, tick_ns = _integral_ticks(np.where(missing, 0, values) if missing.any() else values, unit)
    target = np.datetime_data(np.dtype(dtype))[0]
    target_ns = _NUMPY_UNIT_NS.get(target, 1)
    if tick_ns % target_ns:
        target, target_ns = next((k, v) for k, v in _NUMPY_UNIT_NS.items() if tick_ns % v == 0)
    result = _mul_checked(ticks, tick_ns // target_ns, f"timedeltas{_where(name)} overflow int64").view(f"m8[{target}]")
    if missing.any():
        result[missing] = np.timedelta64("NaT")
    return result


# ---------------------------------------------------------------- encoding
def _coarsest_unit(ticks: np.ndarray, tick_ns: int) -> str:
    """The coarsest CF unit in which every offset (``ticks`` of ``tick_ns``) is an integer."""
    for unit, unit_ns in _UNIT_NS.items():
        if unit_ns < tick_ns or (unit_ns % tick_ns == 0 and np.all(ticks % (unit_ns // tick_ns) == 0)):
            return unit
    return "nanoseconds"


def _ticks_in_unit(ticks: np.ndarray, tick_ns: int, unit: str, what: str) -> np.ndarray:
    """Exact offsets (``ticks`` of ``tick_ns``) as integers of ``unit`` (known to divide them)."""
    unit_ns = _UNIT_NS[unit]
    if unit_ns >= tick_ns:
        return ticks // (unit_ns // tick_ns)
    return _mul_checked(ticks, tick_ns // unit_ns, what)


def _ticks_as_float(ticks: np.ndarray, tick_ns: int, unit: str, what: str) -> np.ndarray:
    """Offsets (int64 ``ticks`` of ``tick_ns``) as float64 numbers of ``unit``, rounded once.

    A float product with a rounded factor (``ticks * (tick_ns / unit_ns)``) is off by an ulp
    for most values (165 days in ns times 1/3.6e12 gives 3960.0000000000005 hours), so the
    whole units come from exact integer division and only the remainder is divided as a float:
    offsets on the unit grid are exact and the others are correctly rounded (also beyond 2**53
    ticks, where converting the count to float first would already round it).
    """
    unit_ns = _UNIT_NS[unit]
    if unit_ns <= tick_ns:
        return _mul_checked(ticks, tick_ns // unit_ns, what).astype("float64")
    return _float_quotient(ticks, unit_ns // tick_ns)


def _float_quotient(ticks: np.ndarray, step: int) -> np.ndarray:
    """``ticks / step`` as float64: exact integer division, then the remainder as a fraction."""
    whole, rest = np.divmod(ticks, np.int64(step))
    return whole.astype("float64") + rest / step


def _format_reference(fields: tuple[int, ...], nanos: int) -> str:
    year, month, day, hour, minute, second = fields
    text = f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"
    if nanos:
        text += "." + f"{nanos:09d}".rstrip("0")
    return text


def _to_cftime(values: np.ndarray, calendar: str, name: Hashable | None) -> np.ndarray:
    """datetime64 values as cftime dates of ``calendar`` (NaT -> None)."""
    cftime = _cftime()
    out = np.empty(values.shape, dtype=object)
    for i, v in enumerate(values.ravel()):
        if np.isnat(v):
            out.flat[i] = None
            continue
        us = v.astype("M8[us]").item()
        try:
            out.flat[i] = cftime.datetime(us.year, us.month, us.day, us.hour, us.minute, us.second,
                                          us.microsecond, calendar=calendar)
        except ValueError as err:
            raise ValueError(f"cannot encode {v}{_where(name)} in calendar {calendar!r}: {err}") from None
    return out


def _numpy_unit(tick_ns: int) -> str:
    return next(k for k, v in _NUMPY_UNIT_NS.items() if v == tick_ns)


def _reference_of(value: np.datetime64) -> tuple[tuple[int, ...], int, int]:
    """The reference tuple of one datetime64 value (its own precision, up to nanoseconds)."""
    date, _, clock = str(value).partition("T")
    sign = -1 if date.startswith("-") else 1
    y, m, d = date.lstrip("-").split("-")
    hh, mm, rest = (clock or "00:00:00").split(":")
    ss, _, frac = rest.partition(".")
    return (sign * int(y), int(m), int(d), int(hh), int(mm), int(ss)), int(frac.ljust(9, "0")[:9] or 0), 0


def _offsets(values: np.ndarray, reference: tuple[tuple[int, ...], int, int] | None, calendar: str,
             name: Hashable | None) -> tuple[np.ndarray, int, tuple[tuple[int, ...], int, int]]:
    """Offsets of the present dates from the reference as ``(int64 ticks, tick length in ns,
    reference)``; the reference is the first date when none is given. datetime64 dates count
    in their own unit (or the reference's finer one), cftime dates in microseconds."""
    if values.dtype.kind == "M":
        data_unit = np.datetime_data(values.dtype)[0]
        if data_unit not in _NUMPY_UNIT_NS:
            values = normalize_time_unit(values)
            data_unit = np.datetime_data(values.dtype)[0]
        if reference is None:
            reference = _reference_of(values[0])
        fields, nanos, offset = reference
        tick_ns = min(_NUMPY_UNIT_NS[data_unit],
                      max(v for v in _NUMPY_UNIT_NS.values() if nanos % v == 0))
        tick_unit = _numpy_unit(tick_ns)
        if fields[0] < 1:
            raise OutOfBoundsDatetimeError(f"reference year {fields[0]} is before year 1")
        ref = np.datetime64(_format_reference(fields, 0).replace(" ", "T"), tick_unit)  # type: ignore[call-overload]
        ref_ticks = int(ref.astype("int64")) + nanos // tick_ns - offset * 60 * (10**9 // tick_ns)
        ticks = _mul_checked(values.astype("int64"), _NUMPY_UNIT_NS[data_unit] // tick_ns,
                             f"the dates{_where(name)} do not fit into int64 {tick_unit} offsets")
        low, high = int(ticks.min()) - ref_ticks, int(ticks.max()) - ref_ticks
        if not (low >= -_INT64_MAX and high <= _INT64_MAX):
            raise OutOfBoundsDatetimeError(f"the offsets{_where(name)} overflow int64")
        return ticks - np.int64(ref_ticks), tick_ns, reference
    cftime = _cftime()
    if reference is None:
        # whole seconds: cftime parses fractional seconds of a reference date through floats,
        # which can lose a microsecond; the fraction goes into the (integer) offsets instead
        d = values[0]
        reference = ((d.year, d.month, d.day, d.hour, d.minute, d.second), 0, 0)
    fields, nanos, offset = reference
    ref_date = cftime.datetime(*fields, nanos // 1000, calendar=calendar,
                               has_year_zero=values[0].has_year_zero if values.size else None)
    one_us = np.timedelta64(1, "us").item()
    offsets = [(d - ref_date) // one_us + offset * 60_000_000 for d in values]
    return np.array(offsets, dtype="int64"), 1000, reference


def encode_cf_datetime(
    dates: Any,
    units: str | None = None,
    calendar: str | None = None,
    dtype: Any = None,
    *,
    name: Hashable | None = None,
) -> tuple[np.ndarray, str, str]:
    """Encode datetime64 or cftime dates as numbers; returns ``(numbers, units, calendar)``.

    Without ``units`` the reference is the first date and the unit the coarsest in which
    every date is an integer, so the encoding is exact. With ``units`` the numbers are
    integers when they can be exact and floats otherwise; a :class:`LabarrayWarning` naming
    the variable is emitted when floats (or a requested ``dtype``) would lose precision, and an
    integer ``dtype`` that cannot be exact switches to a finer unit (with a warning).
    Missing dates (NaT/None) become NaN (the caller writes ``_FillValue`` for integers).

    Examples
    --------
    >>> dates = np.array(["2000-01-01", "2000-01-03"], dtype="M8[s]")
    >>> encode_cf_datetime(dates, "hours since 2000-01-01")[0].tolist()
    [0, 48]
    """
    values = np.asarray(dates)
    kind = time_kind(values)
    if kind not in ("datetime64", "cftime"):
        raise TypeError(f"cannot encode{_where(name)} as CF times: dtype {values.dtype} holds no dates")
    flat = values.ravel()
    missing = np.isnat(flat) if kind == "datetime64" else np.array([not is_cftime_object(d) for d in flat], bool)
    present = flat[~missing]
    if kind == "cftime":
        own = present[0].calendar if present.size else "standard"
        calendar = _validate_calendar(calendar or own, name)
        if _ALIASES.get(calendar, calendar) != _ALIASES.get(own, own):
            raise ValueError(
                f"cannot encode cftime dates of calendar {own!r}{_where(name)} with calendar "
                f"{calendar!r}; use convert_calendar first or drop the 'calendar' encoding"
            )
    else:
        calendar = _validate_calendar(calendar or "proleptic_gregorian", name)
        reform_safe = calendar == "proleptic_gregorian" or present.size == 0 or _seconds(present.min()) >= _REFORM
        if calendar not in _STANDARD or not reform_safe:
            present = _to_cftime(present, calendar, name)
    reference = None
    unit = None
    if units is not None:
        try:
            unit, ref_text = parse_cf_units(units, name, calendar)
        except ValueError as err:
            raise ValueError(f"cannot encode the dates{_where(name)}: {err}; choose e.g. 'days since "
                             "<date>' units (encoding['units'])") from None
        if unit in _CALENDAR_UNITS:
            return _encode_in_calendar_unit(values, units, unit, ref_text, calendar, dtype, name)
        reference = _parse_reference(ref_text, units, name)
        if present.dtype == object and unit == "nanoseconds":
            unit = "microseconds"
    if present.size == 0:
        reference = reference or ((1970, 1, 1, 0, 0, 0), 0, 0)
        ticks, tick_ns = np.zeros(0, "int64"), 10**9
    else:
        try:
            ticks, tick_ns, reference = _offsets(present, reference, calendar, name)
        except (OverflowError, OutOfBoundsDatetimeError) as err:
            raise ValueError(f"cannot encode the dates{_where(name)} with units {units!r}: {err}") from None
    exact_unit = _coarsest_unit(ticks, tick_ns)
    out_dtype = np.dtype(dtype) if dtype is not None else None
    if unit is None:
        unit = exact_unit
    elif list(_UNIT_NS).index(exact_unit) > list(_UNIT_NS).index(unit) and out_dtype is not None and out_dtype.kind in "iu":
        warn(f"times{_where(name)} cannot be encoded exactly as integers of {unit!r}; using "
             f"{exact_unit!r} since the same reference date instead", category=SerializationWarning)
        unit = exact_unit
    exact = list(_UNIT_NS).index(exact_unit) <= list(_UNIT_NS).index(unit)
    if exact and (out_dtype is None or out_dtype.kind in "iu"):
        numbers = _ticks_in_unit(ticks, tick_ns, unit, f"the times{_where(name)} overflow int64 {unit}")
        result_dtype = out_dtype or np.dtype("int64")
        if numbers.size and out_dtype is not None and out_dtype.kind in "iu":
            info = np.iinfo(out_dtype)
            if numbers.min() < info.min or numbers.max() > info.max:
                raise ValueError(f"the times{_where(name)} in {unit!r} do not fit into {out_dtype}")
    else:
        numbers = _ticks_as_float(ticks, tick_ns, unit, f"the times{_where(name)} overflow int64 {unit}")
        result_dtype = out_dtype or np.dtype("float64")
        if not _decodes_exactly(numbers.astype(result_dtype), unit, ticks, tick_ns):
            warn(f"encoding the times{_where(name)} as {result_dtype} in {unit!r} loses precision; "
                 "choose finer units or an integer dtype", category=SerializationWarning)
    fields, nanos, offset = reference
    units_text = f"{unit} since {_format_reference(fields, nanos)}"
    if offset:
        units_text += f" {'+' if offset > 0 else '-'}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"
    if units is not None and parse_cf_units(units)[0] == unit:
        units_text = units  # the caller's spelling, so that encode(decode(x)) gives x back
    return _with_missing(numbers.astype(result_dtype), missing, values.shape), units_text, calendar


def _encode_in_calendar_unit(dates: np.ndarray, units: str, unit: str, ref_text: str, calendar: str,
                             dtype: Any, name: Hashable | None) -> tuple[np.ndarray, str, str]:
    """Dates as numbers of a calendar-dependent unit ("months" of the 360_day calendar,
    "common_years" of the noleap one): exact integer microseconds since the same reference,
    divided by the unit's length. Integers when every date is a whole number of units."""
    unit_us = _CALENDAR_UNITS[unit][0] * 86_400 * 10**6
    micros, _, calendar = encode_cf_datetime(dates, f"microseconds since {ref_text}", calendar, "int64", name=name)
    values, missing = _split_missing(micros)
    present = values[~missing]
    out_dtype = np.dtype(dtype) if dtype is not None else None
    if np.all(present % unit_us == 0) and (out_dtype is None or out_dtype.kind in "iu"):
        numbers = present // unit_us
        if numbers.size and out_dtype is not None:
            info = np.iinfo(out_dtype)
            if numbers.min() < info.min or numbers.max() > info.max:
                raise ValueError(f"the times{_where(name)} in {unit!r} do not fit into {out_dtype}")
        numbers = numbers.astype(out_dtype or "int64")
    elif out_dtype is not None and out_dtype.kind in "iu":
        warn(f"times{_where(name)} cannot be encoded exactly as integers of {unit!r}; using 'days' "
             "since the same reference date instead", category=SerializationWarning)
        return encode_cf_datetime(dates, f"days since {ref_text}", calendar, dtype, name=name)
    else:
        numbers = _float_quotient(present, unit_us).astype(out_dtype or "float64")
        if not np.array_equal(np.rint(numbers.astype("float64") * unit_us), present.astype("float64")):
            warn(f"encoding the times{_where(name)} as {numbers.dtype} in {unit!r} loses precision; "
                 "choose 'days' or finer units, or an integer dtype", category=SerializationWarning)
    return _with_missing(numbers, missing.ravel(), dates.shape), units, calendar


def encode_cf_timedelta(deltas: Any, units: str | None = None, dtype: Any = None, *,
                        name: Hashable | None = None) -> tuple[np.ndarray, str]:
    """Encode timedelta64 values as numbers of ``units``; returns ``(numbers, units)``.

    Without ``units`` the coarsest unit in which every value is an integer is chosen.
    Missing values (NaT) become NaN.

    Examples
    --------
    >>> encode_cf_timedelta(np.array([3600, 7200], dtype="m8[s]"))
    (array([1, 2]), 'hours')
    """
    values = np.asarray(deltas)
    if values.dtype.kind != "m":
        raise TypeError(f"cannot encode{_where(name)} as CF timedeltas: dtype {values.dtype} is not timedelta64")
    values = normalize_time_unit(values)
    missing = np.isnat(values)
    tick_ns = _NUMPY_UNIT_NS[np.datetime_data(values.dtype)[0]]
    present = values.astype("int64")[~missing]
    exact_unit = _coarsest_unit(present, tick_ns)
    unit = exact_unit if units is None else _canonical_unit(units, units, name)
    out_dtype = np.dtype(dtype) if dtype is not None else None
    if list(_UNIT_NS).index(exact_unit) <= list(_UNIT_NS).index(unit) and (out_dtype is None or out_dtype.kind in "iu"):
        numbers = _ticks_in_unit(present, tick_ns, unit, f"the timedeltas{_where(name)} overflow int64 {unit}")
        numbers = numbers.astype(out_dtype or "int64")
    else:
        numbers = _ticks_as_float(present, tick_ns, unit, f"the timedeltas{_where(name)} overflow int64 {unit}")
        numbers = numbers.astype(out_dtype or "float64")
        if not _decodes_exactly(numbers, unit, present, tick_ns):
            warn(f"encoding the timedeltas{_where(name)} as {numbers.dtype} in {unit!r} loses precision; "
                 "choose finer units", category=SerializationWarning)
    return _with_missing(numbers, missing.ravel(), values.shape), unit


def _decodes_exactly(numbers: np.ndarray, unit: str, ticks: np.ndarray, tick_ns: int) -> bool:
    """Whether decoding ``numbers`` (as the decoders do) gives back ``ticks`` exactly."""
    try:
        back, back_ns = _integral_ticks(numbers, unit)
        if back_ns >= tick_ns:
            return bool(np.array_equal(_mul_checked(back, back_ns // tick_ns, "overflow"), ticks))
    except OutOfBoundsDatetimeError:
        return False
    step = tick_ns // back_ns
    return bool(np.all(back % step == 0) and np.array_equal(back // step, ticks))


def _with_missing(numbers: np.ndarray, missing: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Present numbers put back in place: missing ones NaN (floats) or masked (integers)."""
    if not missing.any():
        return numbers.reshape(shape)
    if numbers.dtype.kind == "f":
        out = np.full(missing.shape, np.nan, dtype=numbers.dtype)
        out[~missing] = numbers
        return out.reshape(shape)
    data = np.zeros(missing.shape, dtype=numbers.dtype)
    data[~missing] = numbers
    return np.ma.MaskedArray(data, mask=missing).reshape(shape)


# ---------------------------------------------------------------- coders
def _pop_fill_values(attrs: dict[Any, Any], encoding: dict[Any, Any]) -> list[Any]:
    fills = []
    for key in ("_FillValue", "missing_value"):
        if key in attrs:
            value = attrs.pop(key)
            encoding[key] = value
            fills.extend(np.atleast_1d(value).tolist())
    return fills


def _mask_fills(values: np.ndarray, fills: list[Any]) -> np.ndarray:
    """Entries equal to a fill value masked (integers keep their exact values)."""
    if not fills:
        return values
    usable = [f for f in fills if isinstance(f, (int, float, np.number)) and not np.isnan(f)]
    mask = np.isin(values, np.asarray(usable)) if usable else np.zeros(values.shape, bool)
    return np.ma.MaskedArray(values, mask=mask) if mask.any() else values


def _fill_encoded(numbers: np.ndarray, encoding: dict[Any, Any], attrs: dict[Any, Any]) -> np.ndarray:
    """Missing numbers (NaN or masked) -> ``_FillValue`` written to ``attrs``: the encoding's
    ``_FillValue``/``missing_value``, else NaN for floats and netCDF's default for integers."""
    values, missing = _split_missing(numbers)
    fill = encoding.get("_FillValue", encoding.get("missing_value"))
    if not missing.any():
        if fill is not None:
            attrs["_FillValue"] = values.dtype.type(fill)
        return values
    if fill is None:
        fill = np.nan if values.dtype.kind == "f" else _INT_FILL[values.dtype.itemsize]
    elif values.dtype.kind in "iu" and not float(fill).is_integer():
        raise ValueError(f"_FillValue {fill!r} cannot be stored in integer times of dtype {values.dtype}")
    out = values.copy()
    out[missing] = fill
    if np.any(values[~missing] == fill):
        raise ValueError(f"_FillValue {fill!r} collides with an encoded time; choose another _FillValue")
    attrs["_FillValue"] = values.dtype.type(fill)
    return out


def _decode_lazily(data: Any, decode: Any) -> Any:
    """Decode NumPy data now, Dask data block by block and file-backed data on read, with the
    result type taken from a decoded sample (the first and last values, the only ones read
    at open time) so that every block and selection agrees."""
    if not (is_chunked_array(data) or is_lazy(data)):
        return decode(np.asarray(data), None)
    dtype = decode(lazy_sample(data), None).dtype
    return lazy_elemwise(data, partial(_decode_with_dtype, decode=decode, dtype=dtype), dtype)


# the decoding steps are module-level functions bound with functools.partial, so that lazily
# decoded (file-backed) variables can be pickled with the standard pickle module
def _decode_with_dtype(block: Any, decode: Any, dtype: np.dtype) -> np.ndarray:
    return decode(np.asarray(block), dtype)


def _decode_datetime_block(block: np.ndarray, dtype: np.dtype | None, units: str, calendar: str,
                           use_cftime: bool | None, fills: list[Any], name: Hashable | None,
                           time_unit: str | None = None) -> np.ndarray:
    result = decode_cf_datetime(_mask_fills(block, fills), units, calendar,
                                use_cftime if dtype is None else dtype.kind == "O", name=name)
    return _in_time_unit(result, time_unit) if dtype is None else result.astype(dtype)


_TIME_UNITS = ("s", "ms", "us", "ns")


def _check_time_unit(time_unit: Any) -> str | None:
    if time_unit is not None and time_unit not in _TIME_UNITS:
        hint = did_you_mean(str(time_unit), _TIME_UNITS)
        raise ValueError(f"time_unit must be one of {', '.join(map(repr, _TIME_UNITS))} or None; got "
                         f"{time_unit!r}" + (f"; {hint}" if hint else ""))
    return time_unit


def _in_time_unit(values: np.ndarray, time_unit: str | None) -> np.ndarray:
    """datetime64/timedelta64 ``values`` in ``time_unit`` when that holds them exactly (else as
    they are: finer or coarser units are kept where ``time_unit`` would lose or overflow)."""
    if time_unit is None or values.dtype.kind not in "Mm":
        return values
    target = np.dtype(f"{values.dtype.kind}8[{time_unit}]")
    if values.dtype == target:
        return values
    with np.errstate(all="ignore"):
        converted = values.astype(target)
        exact = (converted.astype(values.dtype) == values) | np.isnat(values)
    return converted if bool(np.all(exact)) and not np.any(np.isnat(converted) & ~np.isnat(values)) else values


def _decode_timedelta_block(block: np.ndarray, dtype: np.dtype | None, units: str, target: str,
                            fills: list[Any], name: Hashable | None) -> np.ndarray:
    result = decode_cf_timedelta(_mask_fills(block, fills), units, target, name=name)
    return result if dtype is None else result.astype(dtype)


class CFDatetimeCoder(VariableCoder):
    """Code datetime64/cftime Variables as CF numbers with ``units``/``calendar`` attributes.

    Parameters
    ----------
    use_cftime : {None, True, False}, optional
        How decoded dates are represented (see :func:`decode_cf_datetime`); None follows the
        ``use_cftime`` option.
    time_unit : {"s", "ms", "us", "ns"}, optional
        Resolution of decoded datetime64 values when it holds them exactly (default: nanoseconds
        when the dates fit, as pandas).

    Examples
    --------
    >>> v = Variable("t", np.array([0, 1]), {"units": "days since 2000-01-01", "calendar": "noleap"})
    >>> CFDatetimeCoder().decode(v, "t").values[1]
    cftime.DatetimeNoLeap(2000, 1, 2, 0, 0, 0, 0, has_year_zero=True)
    """

    name = "times"

    def __init__(self, use_cftime: bool | None = None, time_unit: str | None = None) -> None:
        if use_cftime is not None and not isinstance(use_cftime, bool):
            raise TypeError(f"use_cftime must be True, False or None; got {use_cftime!r}")
        self.use_cftime = use_cftime
        self.time_unit = _check_time_unit(time_unit)

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        data = variable._data if is_chunked_array(variable._data) else variable.values
        if time_kind(data) not in ("datetime64", "cftime"):
            return variable
        values = np.asarray(variable.values)
        encoding = dict(variable.encoding)
        attrs = dict(variable.attrs)
        for key in ("units", "calendar"):
            if key in attrs:
                raise ValueError(
                    f"variable {name!r} has a {key!r} attribute but holds dates; move it to "
                    f".encoding[{key!r}] (attrs of decoded dates must not carry CF coding)"
                )
        dtype = encoding.pop("dtype", None)
        numbers, units, calendar = encode_cf_datetime(
            values, encoding.pop("units", None), encoding.pop("calendar", None), dtype, name=name
        )
        attrs["units"] = units
        attrs["calendar"] = calendar
        numbers = _fill_encoded(numbers, encoding, attrs)
        encoding.pop("_FillValue", None)
        encoding.pop("missing_value", None)
        return Variable(variable.dims, numbers, attrs, encoding)

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        units = variable.attrs.get("units")
        if not isinstance(units, str) or " since " not in units.lower():
            return variable
        attrs = dict(variable.attrs)
        encoding = dict(variable.encoding)
        units = attrs.pop("units")
        calendar = attrs.pop("calendar", None)
        fills = _pop_fill_values(attrs, encoding)
        try:
            calendar = _validate_calendar(calendar, name)
            parse_cf_units(units, name, calendar)
        except ValueError as err:
            keep = f"decode_times={{{name!r}: False}}" if name is not None else "decode_times=False"
            raise ValueError(f"{err} -- open the data with {keep} (or decode_times=False) to keep the raw "
                             "numbers") from None
        decode = partial(_decode_datetime_block, units=units, calendar=calendar, use_cftime=self.use_cftime,
                         fills=fills, name=name, time_unit=self.time_unit)

        encoding.update(units=units, calendar=calendar, dtype=variable.dtype)
        return Variable(variable.dims, _decode_lazily(raw_data(variable), decode), attrs, encoding)


class CFTimedeltaCoder(VariableCoder):
    """Code timedelta64 Variables as numbers with a ``units`` attribute ("hours", ...).

    Parameters
    ----------
    decode_via_units : bool, optional
        When decoding, also decode numbers whose ``units`` is a time unit but which carry no
        ``dtype="timedelta64[...]"`` attribute (default False: only those written by labarray
        or xarray are decoded, since "days" alone may be a plain count).
    time_unit : {"s", "ms", "us", "ns"}, optional
        Resolution of timedeltas decoded via their units (default nanoseconds).

    Examples
    --------
    >>> v = Variable("x", np.array([1, 2]), {"units": "hours", "dtype": "timedelta64[s]"})
    >>> CFTimedeltaCoder().decode(v, "x").values
    array([3600, 7200], dtype='timedelta64[s]')
    """

    name = "timedeltas"

    def __init__(self, decode_via_units: bool = False, time_unit: str | None = None) -> None:
        self.decode_via_units = bool(decode_via_units)
        self.time_unit = _check_time_unit(time_unit)

    def encode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        if variable.dtype.kind != "m":
            return variable
        encoding = dict(variable.encoding)
        attrs = dict(variable.attrs)
        if "units" in attrs:
            raise ValueError(
                f"variable {name!r} has a 'units' attribute but holds timedeltas; move it to "
                ".encoding['units']"
            )
        dtype = encoding.pop("dtype", None)
        numbers, units = encode_cf_timedelta(variable.values, encoding.pop("units", None), dtype, name=name)
        attrs["units"] = units
        attrs["dtype"] = str(variable.dtype)
        numbers = _fill_encoded(numbers, encoding, attrs)
        encoding.pop("_FillValue", None)
        encoding.pop("missing_value", None)
        return Variable(variable.dims, numbers, attrs, encoding)

    def decode(self, variable: Variable, name: Hashable | None = None) -> Variable:
        units = variable.attrs.get("units")
        marked = str(variable.attrs.get("dtype", "")).startswith("timedelta64")
        if not isinstance(units, str) or " since " in units.lower() or variable.dtype.kind not in "iuf":
            return variable
        if _UNIT_ALIASES.get(units.strip().lower(), units.strip().lower()) not in _UNIT_NS:
            return variable
        if not (marked or self.decode_via_units):
            return variable
        attrs = dict(variable.attrs)
        encoding = dict(variable.encoding)
        attrs.pop("units")
        default = f"timedelta64[{self.time_unit or 'ns'}]"
        target = str(attrs.pop("dtype", default)) if marked else default
        fills = _pop_fill_values(attrs, encoding)
        decode = partial(_decode_timedelta_block, units=units, target=target, fills=fills, name=name)

        encoding.update(units=units, dtype=variable.dtype)
        return Variable(variable.dims, _decode_lazily(raw_data(variable), decode), attrs, encoding)


register_coder(CFTimedeltaCoder, order=60)
register_coder(CFDatetimeCoder, order=70)
