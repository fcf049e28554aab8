"""Calendar-aware date offsets and date ranges for ``cftime`` datetimes.

Frequencies use pandas' aliases (``"D"``, ``"h"``, ``"min"``, ``"s"``, ``"ms"``, ``"us"``,
``"MS"``, ``"ME"``, ``"QS-DEC"``, ``"QE"``, ``"YS"``, ``"YE-JUN"``, ``"W-MON"``, with a
multiple such as ``"6h"`` or ``"3MS"``) and work on every CF calendar.

>>> rng = cftime_range("2000-01-15", periods=3, freq="ME", calendar="360_day")
>>> [d.strftime("%Y-%m-%d") for d in rng]
['2000-01-30', '2000-02-30', '2000-03-30']
"""

from __future__ import annotations

import datetime
import itertools
import re
from typing import Any

import numpy as np

from labarray.utils.suggest import did_you_mean

__all__ = [
    "CALENDARS",
    "CFTimeOffset",
    "cftime_range",
    "days_in_month",
    "infer_cftime_freq",
    "normalize_calendar",
    "parse_cftime_date",
    "to_cftime_offset",
]

CALENDARS = (
    "standard", "gregorian", "proleptic_gregorian", "noleap", "365_day", "all_leap",
    "366_day", "360_day", "julian",
)
_CALENDAR_ALIASES = {"gregorian": "standard", "365_day": "noleap", "366_day": "all_leap"}
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
_FREQ = re.compile(r"^([+-]?\d*)([A-Za-z]+)(?:-([A-Za-z]{3}))?$")
# alias -> (kind, default anchor); old pandas spellings are accepted as well
_BASES: dict[str, tuple[str, int | None]] = {
    "D": ("tick", None), "h": ("tick", None), "H": ("tick", None), "min": ("tick", None),
    "T": ("tick", None), "s": ("tick", None), "S": ("tick", None), "ms": ("tick", None),
    "L": ("tick", None), "us": ("tick", None), "U": ("tick", None),
    "MS": ("month_begin", None), "ME": ("month_end", None), "M": ("month_end", None),
    "QS": ("quarter_begin", 1), "QE": ("quarter_end", 12), "Q": ("quarter_end", 12),
    "YS": ("year_begin", 1), "AS": ("year_begin", 1), "YE": ("year_end", 12),
    "Y": ("year_end", 12), "A": ("year_end", 12), "W": ("week", 6),
}
_TICKS = {
    "D": datetime.timedelta(days=1), "h": datetime.timedelta(hours=1),
    "min": datetime.timedelta(minutes=1), "s": datetime.timedelta(seconds=1),
    "ms": datetime.timedelta(milliseconds=1), "us": datetime.timedelta(microseconds=1),
}
_TICK_ALIASES = {"H": "h", "T": "min", "S": "s", "L": "ms", "U": "us"}
_CANONICAL = {"M": "ME", "Q": "QE", "A": "YE", "Y": "YE", "AS": "YS"}
_DATE = re.compile(
    r"^(?P<year>[+-]?\d{4})(?:-?(?P<month>\d{2})(?:-?(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2})(?::?(?P<minute>\d{2})(?::?(?P<second>\d{2})"
    r"(?:\.(?P<frac>\d{1,6})\d*)?)?)?)?)?)?$"
)
_DATE_TYPES = {
    "standard": "DatetimeGregorian", "proleptic_gregorian": "DatetimeProlepticGregorian",
    "noleap": "DatetimeNoLeap", "all_leap": "DatetimeAllLeap", "360_day": "Datetime360Day",
    "julian": "DatetimeJulian",
}
_RESOLUTIONS = ("year", "month", "day", "hour", "minute", "second", "microsecond")


def _cftime() -> Any:
    import cftime

    return cftime


def normalize_calendar(calendar: Any) -> str:
    """Canonical CF calendar name (``gregorian`` -> ``standard``, ``365_day`` -> ``noleap``).

    Examples
    --------
    >>> normalize_calendar("365_day")
    'noleap'
    """
    name = str(calendar).lower() if isinstance(calendar, str) else None
    if name not in CALENDARS:
        hint = did_you_mean(str(calendar).lower(), CALENDARS)
        raise ValueError(
            f"unknown calendar {calendar!r}; CF calendars are: {', '.join(CALENDARS)}"
            + (f"; {hint}" if hint else "")
        )
    return _CALENDAR_ALIASES.get(name, name)


def make_date(calendar: str, *fields: int) -> Any:
    """A ``cftime.datetime`` of ``calendar`` from (year, month, day, hour, ...) fields.

    The calendar's own class is used (``DatetimeNoLeap``, ``Datetime360Day``, ...), as cftime's
    ``num2date`` and date arithmetic produce them.
    """
    cftime = _cftime()
    cls = getattr(cftime, _DATE_TYPES[normalize_calendar(calendar)])
    return cls(*fields)


def days_in_month(year: int, month: int, calendar: str) -> int:
    """Number of days of ``month`` in ``year`` of ``calendar``.

    Examples
    --------
    >>> days_in_month(2001, 2, "all_leap"), days_in_month(2000, 2, "360_day")
    (29, 30)
    """
    calendar = normalize_calendar(calendar)
    if calendar == "360_day":
        return 30
    if month == 2:
        if calendar == "noleap":
            return 28
        if calendar == "all_leap":
            return 29
        julian = calendar == "julian" or (calendar == "standard" and year < 1583)
        leap = year % 4 == 0 if julian else (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def parse_cftime_date(text: str, calendar: str) -> tuple[Any, str]:
    """Parse an ISO 8601 (partial) date string into the first date it denotes and its resolution.

    ``"2001"`` gives 2001-01-01 with resolution ``"year"``, ``"2001-03"`` resolution ``"month"``,
    ``"2001-03-04T06"`` resolution ``"hour"``.

    Examples
    --------
    >>> date, reso = parse_cftime_date("2001-02", "noleap")
    >>> date.strftime("%Y-%m-%d"), reso
    ('2001-02-01', 'month')
    """
    match = _DATE.match(text.strip())
    if match is None:
        raise ValueError(
            f"cannot parse the date string {text!r}; expected ISO 8601 like '2001', '2001-03', "
            "'2001-03-04' or '2001-03-04T06:30:00'"
        )
    groups = match.groupdict()
    frac = groups.pop("frac")
    fields = [int(v) for v in groups.values() if v is not None]
    resolution = _RESOLUTIONS[len(fields) - 1]
    if frac is not None:
        fields.append(int(frac.ljust(6, "0")))
        resolution = "microsecond"
    fields += [1] * max(0, 3 - len(fields))
    try:
        return make_date(normalize_calendar(calendar), *fields), resolution
    except ValueError as err:
        raise ValueError(f"invalid date {text!r} for calendar {calendar!r}: {err}") from None


def partial_date_bounds(date: Any, resolution: str) -> tuple[Any, Any]:
    """First date of the period ``date`` starts and first date *after* it (exclusive end)."""
    if resolution == "year":
        return date, date.replace(year=date.year + 1)
    if resolution == "month":
        if date.month == 12:
            return date, date.replace(year=date.year + 1, month=1)
        return date, date.replace(month=date.month + 1)
    step = {
        "day": datetime.timedelta(days=1), "hour": datetime.timedelta(hours=1),
        "minute": datetime.timedelta(minutes=1), "second": datetime.timedelta(seconds=1),
        "microsecond": datetime.timedelta(microseconds=1),
    }[resolution]
    return date, date + step


def _shift_month(date: Any, months: int, day_opt: str | None = None) -> Any:
    """``date`` moved by ``months``; the day becomes 1 (``"start"``), the last day of the
    month (``"end"``) or stays, clipped to the month length (``None``)."""
    total = date.year * 12 + date.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    last = days_in_month(year, month, date.calendar)
    day = 1 if day_opt == "start" else last if day_opt == "end" else min(date.day, last)
    return date.replace(year=year, month=month, day=day)


class CFTimeOffset:
    """A calendar offset: a fixed step (``tick``), or month/quarter/year/week anchored steps.

    ``date + offset`` applies it (pandas' rules: an anchored offset first rolls to the next
    anchor, which counts as one step); ``offset.onOffset(date)``, ``rollforward``, ``rollback``.

    Examples
    --------
    >>> off = to_cftime_offset("QS-DEC")
    >>> (make_date("noleap", 2000, 1, 15) + off).strftime("%Y-%m-%d")
    '2000-03-01'
    """

    def __init__(self, kind: str, n: int = 1, anchor: int | None = None,
                 tick: datetime.timedelta | None = None, name: str = "") -> None:
        self.kind = kind
        self.n = int(n)
        self.anchor = anchor
        self.tick = tick
        self.name = name

    def __repr__(self) -> str:
        return f"<CFTimeOffset: n={self.n}, freq={self.freqstr!r}>"

    @property
    def freqstr(self) -> str:
        """The frequency string (``"3MS"``, ``"QS-DEC"``)."""
        return (str(self.n) if self.n != 1 else "") + self.name

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CFTimeOffset):
            return NotImplemented
        return (self.kind, self.n, self.anchor, self.tick) == (
            other.kind, other.n, other.anchor, other.tick)

    def __hash__(self) -> int:
        return hash((self.kind, self.n, self.anchor, self.tick))

    def __mul__(self, other: int) -> CFTimeOffset:
        if not isinstance(other, (int, np.integer)):
            return NotImplemented
        return CFTimeOffset(self.kind, self.n * int(other), self.anchor, self.tick, self.name)

    __rmul__ = __mul__

    def __neg__(self) -> CFTimeOffset:
        return self * -1

    def as_timedelta(self) -> datetime.timedelta:
        """The fixed length of a tick offset (others have no fixed length)."""
        if self.tick is None:
            raise TypeError(f"frequency {self.freqstr!r} has no fixed length")
        return self.tick * self.n

    def _anchor_day(self, date: Any) -> int:
        if self.kind.endswith("begin"):
            return 1
        return days_in_month(date.year, date.month, date.calendar)

    def onOffset(self, date: Any) -> bool:
        """Whether ``date`` is on an anchor of this offset."""
        kind = self.kind
        if kind == "tick":
            return True
        if kind == "week":
            return date.dayofwk == self.anchor
        if kind in ("quarter_begin", "quarter_end", "year_begin", "year_end"):
            modby = 3 if kind.startswith("quarter") else 12
            assert self.anchor is not None
            if (date.month - self.anchor) % modby:
                return False
        return date.day == self._anchor_day(date)

    def rollforward(self, date: Any) -> Any:
        """``date`` if on an anchor, else the next anchor."""
        return date if self.onOffset(date) else date + CFTimeOffset(
            self.kind, 1, self.anchor, self.tick, self.name)

    def rollback(self, date: Any) -> Any:
        """``date`` if on an anchor, else the previous anchor."""
        return date if self.onOffset(date) else date + CFTimeOffset(
            self.kind, -1, self.anchor, self.tick, self.name)

    def __radd__(self, date: Any) -> Any:
        if not hasattr(date, "calendar"):
            return NotImplemented
        n, kind = self.n, self.kind
        if kind == "tick":
            assert self.tick is not None
            return date + self.tick * n
        if kind == "week":
            if date.dayofwk != self.anchor:
                date = date + datetime.timedelta(days=(self.anchor - date.dayofwk) % 7)
                if n > 0:
                    n -= 1
            return date + datetime.timedelta(weeks=n)
        day_opt = "start" if kind.endswith("begin") else "end"
        if kind.startswith("month"):
            anchor_day = self._anchor_day(date)
            if n > 0 and date.day < anchor_day:
                n -= 1
            elif n <= 0 and date.day > anchor_day:
                n += 1
            return _shift_month(date, n, day_opt)
        modby = 3 if kind.startswith("quarter") else 12
        assert self.anchor is not None
        months_since = date.month % modby - self.anchor % modby
        anchor_day = self._anchor_day(date)
        if n > 0:
            if months_since < 0 or (months_since == 0 and date.day < anchor_day):
                n -= 1
        elif months_since > 0 or (months_since == 0 and date.day > anchor_day):
            n += 1
        return _shift_month(date, n * modby - months_since, day_opt)

    def __rsub__(self, date: Any) -> Any:
        return date + (-self)


def to_cftime_offset(freq: str | CFTimeOffset | datetime.timedelta) -> CFTimeOffset:
    """Parse a pandas frequency string (or timedelta) into a :class:`CFTimeOffset`.

    Examples
    --------
    >>> to_cftime_offset("6h").as_timedelta()
    datetime.timedelta(seconds=21600)
    >>> to_cftime_offset("YE-JUN").anchor
    6
    """
    if isinstance(freq, CFTimeOffset):
        return freq
    if isinstance(freq, datetime.timedelta):
        return CFTimeOffset("tick", 1, tick=freq, name=f"{int(freq.total_seconds() * 1e6)}us")
    match = _FREQ.match(freq) if isinstance(freq, str) else None
    base = match.group(2) if match else None
    if match is None or base not in _BASES:
        hint = did_you_mean(str(base or freq), list(_BASES))
        raise ValueError(
            f"invalid frequency {freq!r}; expected a pandas frequency string such as 'D', '6h', "
            "'min', 's', 'MS', 'ME', 'QS-DEC', 'QE', 'YS', 'YE', 'W-MON'"
            + (f"; {hint}" if hint else "")
        )
    assert base is not None
    multiple = match.group(1)
    n = int(multiple) if multiple not in ("", "+", "-") else (-1 if multiple == "-" else 1)
    kind, default = _BASES[base]
    suffix = match.group(3)
    if kind == "tick":
        if suffix:
            raise ValueError(f"invalid frequency {freq!r}: {base!r} takes no anchor")
        base = _TICK_ALIASES.get(base, base)
        return CFTimeOffset("tick", n, tick=_TICKS[base], name=base)
    name = _CANONICAL.get(base, base)
    if kind.startswith("month"):
        if suffix:
            raise ValueError(f"invalid frequency {freq!r}: {base!r} takes no anchor")
        return CFTimeOffset(kind, n, name=name)
    table = _WEEKDAYS if kind == "week" else _MONTHS
    if suffix is None:
        anchor = default
    elif suffix.upper() in table:
        anchor = table.index(suffix.upper()) + (0 if kind == "week" else 1)
    else:
        raise ValueError(
            f"invalid anchor {suffix!r} in frequency {freq!r}; expected one of {', '.join(table)}"
        )
    assert anchor is not None
    label = _WEEKDAYS[anchor] if kind == "week" else _MONTHS[anchor - 1]
    return CFTimeOffset(kind, n, anchor, name=f"{name}-{label}")


def to_cftime_date(value: Any, calendar: str, what: str = "date") -> Any:
    """A string, ``datetime``, ``np.datetime64``, ``pd.Timestamp`` or cftime date in ``calendar``."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_cftime_date(value, calendar)[0]
    if isinstance(value, np.datetime64):
        value = value.astype("M8[us]").item()
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    fields = getattr(value, "timetuple", None)
    if fields is None or not hasattr(value, "year"):
        raise TypeError(f"cannot use {value!r} as the {what} of a date range (a string or date)")
    if hasattr(value, "calendar") and normalize_calendar(value.calendar) != calendar:
        raise ValueError(
            f"the {what} {value!r} is of calendar {value.calendar!r}, not {calendar!r}"
        )
    try:
        return make_date(calendar, value.year, value.month, value.day, value.hour, value.minute,
                         value.second, value.microsecond)
    except ValueError as err:
        raise ValueError(f"the {what} {value!r} does not exist in calendar {calendar!r}: {err}") from None


def _normalize(date: Any) -> Any:
    return date.replace(hour=0, minute=0, second=0, microsecond=0)


def cftime_range(
    start: Any = None,
    end: Any = None,
    periods: int | None = None,
    freq: str | CFTimeOffset | None = "D",
    normalize: bool = False,
    inclusive: str = "both",
    calendar: str = "standard",
) -> np.ndarray:
    """A 1-D object array of regularly spaced cftime dates (three of start/end/periods/freq).

    Examples
    --------
    >>> [d.day for d in cftime_range("2000-02-27", "2000-03-01", calendar="noleap")]
    [27, 28, 1]
    """
    calendar = normalize_calendar(calendar)
    if inclusive not in ("both", "neither", "left", "right"):
        raise ValueError(
            f"invalid inclusive={inclusive!r}; expected 'both', 'neither', 'left' or 'right'"
        )
    given = sum(x is not None for x in (start, end, periods, freq))
    if given != 3:
        raise ValueError(
            "exactly three of start, end, periods and freq must be given (freq=None with "
            f"start, end and periods for evenly spaced dates); got start={start!r}, end={end!r}, "
            f"periods={periods!r}, freq={freq!r}"
        )
    if periods is not None:
        if not isinstance(periods, (int, np.integer)) or isinstance(periods, bool) or periods < 0:
            raise ValueError(f"periods must be a non-negative integer, got {periods!r}")
        periods = int(periods)
    first = to_cftime_date(start, calendar, "start")
    last = to_cftime_date(end, calendar, "end")
    if normalize:
        first = _normalize(first) if first is not None else None
        last = _normalize(last) if last is not None else None
    if freq is None:
        assert periods is not None
        span = (last - first) // datetime.timedelta(microseconds=1)
        steps = np.linspace(0, span, periods) if periods else np.array([])
        dates = [first + datetime.timedelta(microseconds=round(float(s))) for s in steps]
    else:
        offset = to_cftime_offset(freq)
        if offset.n == 0:
            raise ValueError(f"frequency {freq!r} has a zero multiple")
        dates = _generate(first, last, periods, offset)
    if dates and inclusive != "both":
        if inclusive in ("neither", "right") and first is not None and dates[0] == first:
            dates = dates[1:]
        if dates and inclusive in ("neither", "left") and last is not None and dates[-1] == last:
            dates = dates[:-1]
    out = np.empty(len(dates), dtype=object)
    out[:] = dates
    return out


def _generate(first: Any, last: Any, periods: int | None, offset: CFTimeOffset) -> list[Any]:
    forward = offset.n > 0
    if first is not None:
        current = offset.rollforward(first) if forward else offset.rollback(first)
        dates: list[Any] = []
        while True:
            if periods is not None and len(dates) >= periods:
                break
            if last is not None and (current > last if forward else current < last):
                break
            dates.append(current)
            following = current + offset
            if following == current:
                raise ValueError(f"frequency {offset.freqstr!r} does not advance from {current}")
            current = following
        return dates
    assert periods is not None
    current = offset.rollback(last) if forward else offset.rollforward(last)
    dates = []
    for _ in range(periods):
        dates.append(current)
        current = current - offset
    return dates[::-1]


_TICK_UNITS = (("h", 3600 * 10**6), ("min", 60 * 10**6), ("s", 10**6), ("ms", 10**3), ("us", 1))


def _with_multiple(n: int, name: str) -> str:
    return name if n == 1 else f"{n}{name}"


def _month_freq(values: np.ndarray) -> str | None:
    times = {(d.hour, d.minute, d.second, d.microsecond) for d in values}
    if len(times) != 1:
        return None
    months = np.array([d.year * 12 + d.month - 1 for d in values])
    steps = np.diff(months)
    if not (steps == steps[0]).all() or steps[0] <= 0:
        return None
    if all(d.day == 1 for d in values):
        suffix = "S"
    elif all(d.day == days_in_month(d.year, d.month, d.calendar) for d in values):
        suffix = "E"
    else:
        return None
    m = int(steps[0])
    first = values[0].month
    if m % 12 == 0:
        return _with_multiple(m // 12, f"Y{suffix}-{_MONTHS[first - 1]}")
    if m % 3 == 0:
        anchor = max(k for k in range(1, 13) if k % 3 == first % 3)
        return _with_multiple(m // 3, f"Q{suffix}-{_MONTHS[anchor - 1]}")
    return _with_multiple(m, f"M{suffix}")


def infer_cftime_freq(dates: Any) -> str | None:
    """The pandas frequency string of regularly spaced cftime dates, or ``None``.

    Needs at least three dates; recognises fixed steps (``"D"``, ``"6h"``, ``"W-SUN"``) and
    month-anchored ones (``"MS"``, ``"ME"``, ``"QS-OCT"``, ``"QE-DEC"``, ``"YS-JAN"``, ...).

    Examples
    --------
    >>> infer_cftime_freq(cftime_range("2000-01-01", periods=4, freq="MS", calendar="360_day"))
    'MS'
    """
    values = np.asarray(dates, dtype=object)
    if len(values) < 3:
        raise ValueError(f"need at least 3 dates to infer a frequency, got {len(values)}")
    micro = datetime.timedelta(microseconds=1)
    deltas = np.array([(b - a) // micro for a, b in itertools.pairwise(values)])
    if (deltas <= 0).any():
        return None
    freq = _month_freq(values)
    if freq is not None:
        return freq
    if (deltas == deltas[0]).all():
        step = int(deltas[0])
        day = 86400 * 10**6
        if step % day == 0:
            days = step // day
            if days % 7 == 0:
                return _with_multiple(days // 7, f"W-{_WEEKDAYS[values[0].dayofwk]}")
            return _with_multiple(days, "D")
        for name, size in _TICK_UNITS:
            if step % size == 0:
                return _with_multiple(step // size, name)
    return None
