"""``CFTimeIndex``: a ``pandas.Index`` of ``cftime`` datetimes (any CF calendar).

It is an ``object``-dtype ``pd.Index`` subclass, so :class:`~labarray.indexes.PandasIndex`
wraps it like any other index; it adds partial date strings (``"2001-03"``), date-aware
``nearest``/``pad``/``backfill`` matching, ``shift`` and ``to_datetimeindex``.

>>> idx = CFTimeIndex(cftime_range("2000-01-01", periods=3, freq="MS", calendar="noleap"))
>>> idx.get_loc("2000-02")
slice(1, 2, None)
"""

from __future__ import annotations

import datetime
import warnings
from typing import Any

import numpy as np
import pandas as pd

from labarray.indexes.cftime_offsets import (
    CFTimeOffset,
    cftime_range,
    infer_cftime_freq,
    normalize_calendar,
    parse_cftime_date,
    partial_date_bounds,
    to_cftime_date,
    to_cftime_offset,
)
from labarray.kernels.cftime_values import is_cftime_date

__all__ = [
    "CFTimeIndex",
    "cftime_range",
    "datetime_string_positions",
    "datetime_string_slice",
    "is_cftime_array",
]

_MICRO = datetime.timedelta(microseconds=1)
_REPR_EDGE = 3


def is_cftime_array(values: Any) -> bool:
    """True for a non-empty 1-D object array whose first element is a ``cftime.datetime``.

    Examples
    --------
    >>> is_cftime_array(np.array([1, 2], dtype=object))
    False
    """
    values = np.asarray(values) if not isinstance(values, pd.Index) else values
    if values.dtype != object or values.ndim != 1 or len(values) == 0:
        return False
    return is_cftime_date(values[0])


def _calendar_of(values: np.ndarray) -> str | None:
    calendars = {normalize_calendar(v.calendar) for v in values if hasattr(v, "calendar")}
    if len(calendars) > 1:
        raise ValueError(
            f"a CFTimeIndex holds dates of one calendar, got a mix of {sorted(calendars)}"
        )
    return calendars.pop() if calendars else None


def _datetime64_bounds(label: str, unit: str) -> tuple[np.datetime64, np.datetime64]:
    """Start and exclusive end of the period a (partial) date string denotes, as datetime64."""
    start, stop = partial_date_bounds(*parse_cftime_date(label, "proleptic_gregorian"))

    def convert(d: Any) -> np.datetime64:
        whole = np.datetime64(f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:"
                              f"{d.minute:02d}:{d.second:02d}", "s")
        return (whole + np.timedelta64(d.microsecond, "us")).astype(f"M8[{unit}]")

    return convert(start), convert(stop)


def _positions(mask: np.ndarray) -> slice | np.ndarray:
    positions = np.flatnonzero(mask)
    if len(positions) and positions[-1] - positions[0] + 1 == len(positions):
        return slice(int(positions[0]), int(positions[-1]) + 1)
    return mask


def datetime_string_positions(index: pd.DatetimeIndex, label: str) -> slice | np.ndarray:
    """Positions of a partial date string on a (non-nanosecond) ``DatetimeIndex``.

    pandas computes the end of the period in nanoseconds, which fails for dates before 1678 or
    after 2262; this works in the index's own unit.

    Examples
    --------
    >>> idx = pd.DatetimeIndex(np.array(["1500-01-01", "1600-03-01"], dtype="M8[s]"))
    >>> datetime_string_positions(idx, "1600")
    slice(1, 2, None)
    """
    values = index.to_numpy()
    start, stop = _datetime64_bounds(label, np.datetime_data(values.dtype)[0])
    mask = (values >= start) & (values < stop)
    if not mask.any():
        raise KeyError(label)
    return _positions(mask)


def datetime_string_slice(index: pd.DatetimeIndex, start: Any, stop: Any, step: Any) -> slice:
    """Label slice with (partial) string bounds on a sorted ``DatetimeIndex`` of any unit."""
    values = index.to_numpy()
    unit = np.datetime_data(values.dtype)[0]
    increasing = index.is_monotonic_increasing
    if not increasing and not index.is_monotonic_decreasing:
        raise KeyError("the index is not sorted (not monotonic)")
    ordered = values if increasing else values[::-1]
    n = len(values)

    def bound(label: Any, first: bool) -> tuple[np.datetime64, str]:
        if isinstance(label, str):
            lo, hi = _datetime64_bounds(label, unit)
            return (lo, "left") if first else (hi, "left")
        value = pd.Timestamp(label).as_unit(unit).to_datetime64()
        return value, ("left" if first else "right")

    lower, upper = (start, stop) if increasing else (stop, start)
    left = 0 if lower is None else int(np.searchsorted(ordered, *bound(lower, True)))
    right = n if upper is None else int(np.searchsorted(ordered, *bound(upper, False)))
    right = max(left, right)
    if increasing:
        return slice(left, right, step)
    return slice(n - right, n - left, step)


class CFTimeIndex(pd.Index):
    """An index of ``cftime.datetime`` objects of one CF calendar.

    Parameters
    ----------
    data
        Sequence of cftime datetimes (all of the same calendar).
    name
        Name of the index.

    Examples
    --------
    >>> import cftime
    >>> idx = CFTimeIndex([cftime.datetime(2000, 2, 30, calendar="360_day")], name="time")
    >>> idx.calendar
    '360_day'
    """

    _data: np.ndarray

    def __new__(cls, data: Any, name: Any = None, **kwargs: Any) -> CFTimeIndex:
        if name is None and hasattr(data, "name"):
            name = data.name
        values = np.array(data, dtype=object).ravel() if not isinstance(data, np.ndarray) else (
            np.asarray(data, dtype=object))
        if values.ndim != 1:
            raise ValueError(f"a CFTimeIndex is 1-dimensional, got data of shape {values.shape}")
        bad = [v for v in values[:1000] if not hasattr(v, "calendar") or not hasattr(v, "dayofwk")]
        if bad:
            raise TypeError(
                f"a CFTimeIndex holds cftime.datetime objects only, got {bad[0]!r} "
                f"(type {type(bad[0]).__name__})"
            )
        _calendar_of(values)
        return cls._simple_new(values, name=name)

    @classmethod
    def _simple_new(cls, values: Any, name: Any = None, refs: Any = None) -> CFTimeIndex:
        result = object.__new__(cls)
        result._data = np.asarray(values, dtype=object)
        result._name = name
        result._cache = {}
        result._references = refs
        if result._references is not None:
            result._references.add_index_reference(result)
        result._reset_identity()
        return result

    @property
    def _constructor(self) -> type[CFTimeIndex]:
        return type(self)

    def _shallow_copy(self, values: Any, name: Any = None) -> Any:
        name = self._name if name is None else name
        if is_cftime_array(np.asarray(values)) or len(values) == 0:
            return type(self)._simple_new(values, name=name)
        return pd.Index(values, dtype=object, name=name)

    # -- properties --------------------------------------------------------------------------

    @property
    def calendar(self) -> str | None:
        """The CF calendar of the dates (``None`` when empty)."""
        return self._data[0].calendar if len(self._data) else None

    @property
    def date_type(self) -> Any:
        """The cftime class of the dates."""
        return type(self._data[0]) if len(self._data) else None

    @property
    def freq(self) -> str | None:
        """The inferred frequency string, or ``None``."""
        return infer_cftime_freq(self._data) if len(self) >= 3 else None

    def _field(self, name: str) -> pd.Index:
        return pd.Index([getattr(d, name) for d in self._data], dtype="int64")

    year = property(lambda self: self._field("year"), doc="Years of the dates.")
    month = property(lambda self: self._field("month"), doc="Months of the dates.")
    day = property(lambda self: self._field("day"), doc="Days of the dates.")
    hour = property(lambda self: self._field("hour"), doc="Hours of the dates.")
    minute = property(lambda self: self._field("minute"), doc="Minutes of the dates.")
    second = property(lambda self: self._field("second"), doc="Seconds of the dates.")
    microsecond = property(lambda self: self._field("microsecond"), doc="Microseconds.")
    dayofyear = property(lambda self: self._field("dayofyr"), doc="Day of the year (1-based).")
    dayofweek = property(lambda self: self._field("dayofwk"), doc="Day of the week (Monday=0).")

    def __repr__(self) -> str:
        def fmt(values: np.ndarray) -> str:
            return ", ".join(str(v) for v in values)

        if len(self) <= 2 * _REPR_EDGE:
            body = fmt(self._data)
        else:
            body = f"{fmt(self._data[:_REPR_EDGE])}, ..., {fmt(self._data[-_REPR_EDGE:])}"
        parts = [f"[{body}]", "dtype='object'", f"length={len(self)}",
                 f"calendar={self.calendar!r}", f"freq={self.freq!r}"]
        if self.name is not None:
            parts.insert(1, f"name={self.name!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    # -- conversion of labels ----------------------------------------------------------------

    def _require_calendar(self) -> str:
        if self.calendar is None:
            raise KeyError("cannot select dates on an empty CFTimeIndex")
        return normalize_calendar(self.calendar)

    def _to_date(self, label: Any) -> Any:
        calendar = self._require_calendar()
        if isinstance(label, str):
            return parse_cftime_date(label, calendar)[0]
        if hasattr(label, "calendar"):
            if normalize_calendar(label.calendar) != calendar:
                raise TypeError(
                    f"cannot compare a date of calendar {label.calendar!r} with a CFTimeIndex "
                    f"of calendar {calendar!r}; convert it first (e.g. convert_calendar)"
                )
            return label
        return to_cftime_date(label, calendar, "label")

    def _as_micro(self, dates: Any) -> np.ndarray:
        """Dates as int64 microseconds since the first date of the index."""
        ref = self._data[0]
        return np.array([(d - ref) // _MICRO for d in dates], dtype="int64")

    def _string_bounds(self, label: str) -> tuple[Any, Any]:
        date, resolution = parse_cftime_date(label, self._require_calendar())
        return partial_date_bounds(date, resolution)

    # -- selection ---------------------------------------------------------------------------

    def get_loc(self, key: Any) -> Any:
        """Position(s) of a date: an int, or a slice/mask for a partial string (``"2001-03"``)."""
        if isinstance(key, str):
            start, stop = self._string_bounds(key)
            mask = (self._data >= start) & (self._data < stop) if len(self) else np.zeros(0, bool)
            if not mask.any():
                raise KeyError(key)
            positions = np.flatnonzero(mask)
            if positions[-1] - positions[0] + 1 == len(positions):
                return slice(int(positions[0]), int(positions[-1]) + 1)
            return mask
        return super().get_loc(self._to_date(key))

    def slice_indexer(self, start: Any = None, end: Any = None, step: Any = None) -> slice:
        """Positions of the dates between ``start`` and ``end`` (inclusive; strings cover their
        whole period, so ``slice("2000", "2001")`` runs to the end of 2001)."""
        increasing = self.is_monotonic_increasing
        if not increasing and not self.is_monotonic_decreasing:
            raise KeyError(
                "cannot slice a CFTimeIndex that is not sorted (not monotonic); sort it first"
            )
        lo = hi = None
        if start is not None:
            lo = self._string_bounds(start)[0 if increasing else 1] if isinstance(start, str) \
                else self._to_date(start)
        if end is not None:
            hi = self._string_bounds(end)[1 if increasing else 0] if isinstance(end, str) \
                else self._to_date(end)
        values = self._data if increasing else self._data[::-1]
        n = len(values)
        if increasing:
            left = 0 if lo is None else int(np.searchsorted(values, lo, "left"))
            side = "left" if isinstance(end, str) else "right"
            right = n if hi is None else int(np.searchsorted(values, hi, side))
            return slice(left, max(left, right), step)
        # decreasing: start is the later bound; work on the reversed values
        side = "right" if not isinstance(start, str) else "left"
        right = n if lo is None else int(np.searchsorted(values, lo, side))
        left = 0 if hi is None else int(np.searchsorted(values, hi, "left"))
        begin, stop = n - right, n - left
        return slice(begin, max(begin, stop), step)

    def _concat(self, to_concat: list[pd.Index], name: Any) -> pd.Index:
        values = np.concatenate([np.asarray(i, dtype=object) for i in to_concat])
        if all(isinstance(i, CFTimeIndex) for i in to_concat):
            _calendar_of(values)
            return type(self)._simple_new(values, name=name)
        return pd.Index(values, dtype=object, name=name)

    def get_indexer(self, target: Any, method: str | None = None, limit: Any = None,
                    tolerance: Any = None) -> np.ndarray:
        """Positions of ``target`` dates (``-1`` where missing); ``method`` and ``tolerance``
        (a ``timedelta``) as in pandas."""
        if len(self) == 0:
            return np.full(len(target), -1, dtype=np.intp)
        dates = [self._to_date(t) for t in np.asarray(target, dtype=object)]
        if tolerance is not None:
            tolerance = pd.Timedelta(tolerance).to_pytimedelta() // _MICRO
        numeric = pd.Index(self._as_micro(self._data))
        return numeric.get_indexer(self._as_micro(dates), method=method, limit=limit,
                                   tolerance=tolerance)

    def get_indexer_non_unique(self, target: Any) -> tuple[np.ndarray, np.ndarray]:
        """Positions of ``target`` dates in a non-unique index, and the missing targets."""
        dates = [self._to_date(t) for t in np.asarray(target, dtype=object)]
        return pd.Index(self._data, dtype=object).get_indexer_non_unique(
            pd.Index(dates, dtype=object))

    def searchsorted(self, value: Any, side: str = "left", sorter: Any = None) -> Any:
        """Insertion position(s) of dates (strings and other date types are converted)."""
        if isinstance(value, (list, tuple, np.ndarray, pd.Index)):
            value = np.array([self._to_date(v) for v in value], dtype=object)
        else:
            value = self._to_date(value)
        return np.searchsorted(self._data, value, side=side, sorter=sorter)  # type: ignore[arg-type]

    def __contains__(self, key: Any) -> bool:
        try:
            result = self.get_loc(key)
        except (KeyError, TypeError, ValueError):
            return False
        return not isinstance(result, np.ndarray) or bool(result.any())

    # -- arithmetic and conversion -----------------------------------------------------------

    def __add__(self, other: Any) -> Any:
        if isinstance(other, pd.TimedeltaIndex):
            other = other.to_pytimedelta()
        if isinstance(other, (pd.Timedelta, np.timedelta64)):
            other = pd.Timedelta(other).to_pytimedelta()
        if isinstance(other, np.ndarray) and other.dtype.kind == "m":
            other = pd.TimedeltaIndex(other).to_pytimedelta()
        return CFTimeIndex(np.array(self._data + other, dtype=object), name=self.name)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, CFTimeIndex) or hasattr(other, "calendar"):
            diff = np.asarray(self._data - np.asarray(other, dtype=object), dtype=object)
            return pd.TimedeltaIndex(list(diff))
        if isinstance(other, pd.TimedeltaIndex):
            return self + (-other)
        if isinstance(other, (datetime.timedelta, pd.Timedelta, np.timedelta64)):
            return self + (-pd.Timedelta(other))
        if isinstance(other, np.ndarray) and other.dtype.kind == "m":
            return self + (-other)
        return NotImplemented

    def shift(self, periods: int = 1, freq: Any = None) -> CFTimeIndex:
        """Every date moved by ``periods`` steps of ``freq`` (a frequency string, offset or
        timedelta; default: the inferred frequency).

        Examples
        --------
        >>> idx = CFTimeIndex(cftime_range("2000-01-31", periods=2, freq="ME", calendar="noleap"))
        >>> [d.day for d in idx.shift(1, "ME")]
        [28, 31]
        """
        if not isinstance(periods, (int, np.integer)) or isinstance(periods, bool):
            raise TypeError(f"periods must be an integer, got {periods!r}")
        if freq is None:
            freq = self.freq
            if freq is None:
                raise ValueError(
                    "cannot shift a CFTimeIndex without a regular frequency; pass freq= "
                    "(e.g. 'D', 'MS' or a timedelta)"
                )
        offset: CFTimeOffset = to_cftime_offset(freq) * int(periods)
        return CFTimeIndex(np.array([d + offset for d in self._data], dtype=object),
                           name=self.name)

    def to_datetimeindex(self, unsafe: bool = False, time_unit: str = "us") -> pd.DatetimeIndex:
        """The same dates as a ``pd.DatetimeIndex`` (``time_unit`` resolution).

        Dates that do not exist in the standard calendar (such as 360_day's February 30) raise
        a ``ValueError`` naming them; converting from a non-standard calendar warns unless
        ``unsafe=True``, because the spacing of the dates changes.

        Examples
        --------
        >>> idx = CFTimeIndex(cftime_range("2000-01-01", periods=2, calendar="noleap"))
        >>> idx.to_datetimeindex(unsafe=True)[1]
        Timestamp('2000-01-02 00:00:00')
        """
        if time_unit not in ("s", "ms", "us", "ns"):
            raise ValueError(f"time_unit must be 's', 'ms', 'us' or 'ns', got {time_unit!r}")
        if len(self) == 0:
            return pd.DatetimeIndex([], dtype=f"M8[{time_unit}]", name=self.name)
        calendar = normalize_calendar(self.calendar)
        invalid = []
        values = []
        for d in self._data:
            try:
                values.append(np.datetime64(datetime.datetime(
                    d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond), "us"))
            except ValueError:
                invalid.append(d)
        if invalid:
            shown = ", ".join(str(d) for d in invalid[:5])
            more = f" (and {len(invalid) - 5} more)" if len(invalid) > 5 else ""
            raise ValueError(
                f"cannot convert this {calendar} CFTimeIndex to a DatetimeIndex: {len(invalid)} "
                f"date(s) do not exist in the standard calendar: {shown}{more}; use "
                "convert_calendar(..., 'standard', align_on='year') or 'date' with missing dates "
                "dropped instead"
            )
        if calendar not in ("standard", "proleptic_gregorian") and not unsafe:
            warnings.warn(
                f"converting a CFTimeIndex of the non-standard calendar {calendar!r} to a "
                "DatetimeIndex changes the spacing between dates; pass unsafe=True to silence",
                RuntimeWarning,
                stacklevel=2,
            )
        if calendar in ("standard", "julian") and values[0] < np.datetime64("1582-10-15"):
            if not unsafe:
                warnings.warn(
                    f"dates before 1582-10-15 of the {calendar} calendar are Julian dates and "
                    "shift when converted to the proleptic Gregorian DatetimeIndex",
                    RuntimeWarning,
                    stacklevel=2,
                )
        result = np.array(values, dtype="M8[us]")
        if time_unit == "ns" and (result.min() < np.datetime64("1678-01-01")
                                  or result.max() >= np.datetime64("2262-04-11")):
            raise ValueError(
                f"the dates from {self._data[0]} to {self._data[-1]} do not fit into "
                "nanoseconds; use time_unit='us'"
            )
        return pd.DatetimeIndex(result.astype(f"M8[{time_unit}]"), name=self.name)

    def strftime(self, date_format: str) -> pd.Index:
        """The dates formatted with ``date_format`` (an object index of strings)."""
        return pd.Index([d.strftime(date_format) for d in self._data], dtype=object,
                        name=self.name)
