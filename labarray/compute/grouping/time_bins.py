"""Time bins of a resampling frequency: integer codes per time and the label of every bin.

datetime64 times are binned by pandas (``pandas.Grouper(freq=...)``), so labarray's bins are
exactly pandas'; cftime times are binned here with the same rules (pandas'
``closed``/``label`` defaults, ``origin``, ``offset``) on the calendar-aware offsets of
:mod:`labarray.indexes.cftime_offsets`, computing in integer microseconds.

>>> import numpy as np
>>> codes, labels = datetime_bins(np.array(["2000-01-31", "2000-02-01"], dtype="M8[s]"), "MS")
>>> codes.tolist(), [str(x) for x in labels]
([0, 1], ['2000-01-01T00:00:00', '2000-02-01T00:00:00'])
"""

from __future__ import annotations

import datetime
import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd

from labarray.indexes.cftime_offsets import CFTimeOffset, to_cftime_date, to_cftime_offset

__all__ = ["cftime_bins", "datetime_bins", "validate_freq"]

_END_ANCHORED = ("month_end", "quarter_end", "year_end", "week")
_ORIGINS = ("epoch", "start", "start_day", "end", "end_day")
_UNITS = "microseconds since 1970-01-01"


def validate_freq(freq: Any) -> None:
    """Raise a ``ValueError`` naming ``freq`` when pandas cannot parse it.

    Examples
    --------
    >>> validate_freq("MS")
    >>> validate_freq("monthly")
    Traceback (most recent call last):
    ...
    ValueError: invalid resampling frequency 'monthly': ...
    """
    if isinstance(freq, (datetime.timedelta, np.timedelta64, pd.DateOffset, CFTimeOffset)):
        return
    try:
        pd.tseries.frequencies.to_offset(freq)
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"invalid resampling frequency {freq!r}: {err}; use a pandas alias such as "
            "'D', '6h', 'MS', 'ME', 'QS-DEC', 'YS'"
        ) from None


def _check_origin(origin: Any) -> None:
    if isinstance(origin, str) and origin not in _ORIGINS:
        try:
            pd.Timestamp(origin)
        except ValueError:
            raise ValueError(
                f"origin must be one of {', '.join(_ORIGINS)} or a timestamp, got {origin!r}"
            ) from None


def datetime_bins(
    values: np.ndarray,
    freq: Any,
    *,
    closed: str | None = None,
    label: str | None = None,
    origin: Any = "start_day",
    offset: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Codes (``-1`` for NaT) and bin labels of datetime64 ``values`` for ``freq``, by pandas.

    Examples
    --------
    >>> t = np.array(["2000-01-01T05", "2000-01-01T13"], dtype="M8[s]")
    >>> datetime_bins(t, "12h")[0].tolist()
    [0, 1]
    """
    validate_freq(freq)
    _check_origin(origin)
    present = ~np.isnat(values)
    kept = values[present]
    default_edges = (closed in (None, "left") and label in (None, "left") and offset is None
                     and not (isinstance(origin, str) and origin in ("end", "end_day")))
    months = _months_per_bin(freq) if default_edges else None
    if months is not None and kept.size:
        return _month_bins(values, present, kept, *months)
    order = np.argsort(kept, kind="stable")
    sorted_times = kept[order]
    series = pd.Series(np.arange(sorted_times.size), index=pd.DatetimeIndex(sorted_times))
    try:
        with warnings.catch_warnings():
            # pandas warns that origin/offset do not apply to calendar frequencies: as documented
            warnings.filterwarnings("ignore", "The '(origin|offset)' keyword", RuntimeWarning)
            grouper = pd.Grouper(
                freq=freq, closed=closed, label=label, origin=origin, offset=offset
            )
        grouped = series.groupby(grouper)
        sorted_codes = grouped.ngroup().to_numpy(dtype=np.int64)
        index = grouped.size().index
    except (ValueError, TypeError) as err:
        raise ValueError(f"cannot resample with frequency {freq!r}: {err}") from err
    codes = np.full(values.shape, -1, dtype=np.int64)
    kept_codes = np.empty_like(sorted_codes)
    kept_codes[order] = sorted_codes
    codes[present] = kept_codes
    labels = index.to_numpy()
    if labels.dtype != values.dtype:
        labels = labels.astype(values.dtype)
    return codes, labels


def _months_per_bin(freq: Any) -> tuple[int, int, int] | None:
    """``(months per bin, anchor month 0-11, months between anchors)`` of month/quarter/year-start
    frequencies, else None.

    Bins of ``MS``, ``QS-<MON>`` and ``YS-<MON>`` (with any multiple) start on month boundaries
    that pandas finds by rolling the first date back to the anchor; with the default
    ``closed``/``label`` (left) the code of a date follows from its month number alone.

    Examples
    --------
    >>> _months_per_bin("MS"), _months_per_bin("QS-DEC"), _months_per_bin("2YS-JUL"), _months_per_bin("D")
    ((1, 0, 1), (3, 2, 3), (24, 6, 12), None)
    """
    if isinstance(freq, str):
        try:
            offset = pd.tseries.frequencies.to_offset(freq)
        except (ValueError, TypeError):
            return None
    elif isinstance(freq, pd.offsets.BaseOffset):
        offset = freq
    else:
        return None
    n = offset.n
    if not isinstance(n, int) or n < 1:
        return None
    kind = type(offset)
    if kind is pd.offsets.MonthBegin:
        return n, 0, 1
    if kind is pd.offsets.QuarterBegin:
        return 3 * n, (offset.startingMonth - 1) % 3, 3
    if kind is pd.offsets.YearBegin:
        return 12 * n, offset.month - 1, 12
    return None


def _month_bins(values: np.ndarray, present: np.ndarray, kept: np.ndarray, step: int,
                anchor: int, period: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`datetime_bins` for month-based frequencies (see :func:`_months_per_bin`), in
    integer month numbers: no pandas grouping (which costs more than the reduction itself for a
    few decades of daily data)."""
    month = kept.astype("M8[M]").astype(np.int64)  # months since 1970-01, floored
    first = int(month.min())
    # the first bin starts at the last anchor month (of the quarter/year) at or before it
    first -= (first - anchor) % period
    kept_codes = (month - first) // step
    codes = np.full(values.shape, -1, dtype=np.int64)
    codes[present] = kept_codes
    nbins = int(kept_codes.max()) + 1
    labels = (first + step * np.arange(nbins, dtype=np.int64)).astype("M8[M]").astype(values.dtype)
    return codes, labels


def _normalize(date: Any) -> Any:
    return date.replace(hour=0, minute=0, second=0, microsecond=0)


def _to_us(dates: Any, calendar: str) -> np.ndarray:
    import cftime

    nums = cftime.date2num(list(dates), _UNITS, calendar=calendar)
    return np.round(np.asarray(nums, dtype=np.float64)).astype(np.int64)


def _from_us(nums: np.ndarray, calendar: str) -> np.ndarray:
    import cftime

    dates = cftime.num2date(nums.tolist(), _UNITS, calendar=calendar)
    return np.asarray(dates, dtype=object).reshape(-1)


def _as_timedelta(value: Any, what: str) -> datetime.timedelta:
    if value is None:
        return datetime.timedelta(0)
    if isinstance(value, datetime.timedelta):
        return value
    try:
        return pd.Timedelta(value).to_pytimedelta()
    except ValueError:
        raise ValueError(
            f"{what} must be a timedelta or a string like '2h', got {value!r}"
        ) from None


def _tick_edges(
    first_us: int,
    last_us: int,
    tick_us: int,
    closed: str,
    origin: Any,
    offset_us: int,
    first: Any,
    last: Any,
    calendar: str,
) -> np.ndarray:
    """Edges of fixed-width bins, anchored like pandas' ``_adjust_dates_anchored``."""
    if origin == "epoch":
        origin_us = 0
    elif origin == "start":
        origin_us = first_us
    elif origin == "start_day":
        origin_us = int(_to_us([_normalize(first)], calendar)[0])
    elif origin in ("end", "end_day"):
        end = last_us
        if origin == "end_day":
            day = int(_to_us([_normalize(last)], calendar)[0])
            end = day if day == last_us else day + 86_400_000_000
        steps = (end - first_us) // tick_us
        if closed == "left":
            steps += 1
        origin_us = end - steps * tick_us
    else:
        origin_us = int(_to_us([to_cftime_date(origin, calendar, "origin")], calendar)[0])
    origin_us += offset_us
    foffset = (first_us - origin_us) % tick_us
    loffset = (last_us - origin_us) % tick_us
    if closed == "right":
        first_edge = first_us - foffset if foffset else first_us - tick_us
        last_edge = last_us + (tick_us - loffset) if loffset else last_us
    else:
        first_edge = first_us - foffset
        last_edge = last_us + (tick_us - loffset) if loffset else last_us + tick_us
    return np.arange(first_edge, last_edge + 1, tick_us, dtype=np.int64)


def cftime_bins(
    values: np.ndarray,
    freq: Any,
    *,
    closed: str | None = None,
    label: str | None = None,
    origin: Any = "start_day",
    offset: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Codes (``-1`` for missing) and bin labels of cftime ``values`` for ``freq``.

    The bins follow pandas' rules for the same frequency on datetime64 data.

    Examples
    --------
    >>> import cftime
    >>> t = np.array([cftime.datetime(2000, m, 30, calendar="360_day") for m in (1, 2, 2)])
    >>> codes, labels = cftime_bins(t, "MS")
    >>> codes.tolist(), [d.strftime("%m-%d") for d in labels]
    ([0, 1, 1], ['01-01', '02-01'])
    """
    validate_freq(freq)
    _check_origin(origin)
    off = to_cftime_offset(freq)
    end_anchored = off.kind in _END_ANCHORED
    default = "right" if end_anchored or origin in ("end", "end_day") else "left"
    closed = closed or default
    label = label or default
    flat = values.reshape(-1)
    present = np.array([v is not None and v == v for v in flat], dtype=bool)
    dates = flat[present]
    codes = np.full(flat.shape, -1, dtype=np.int64)
    if dates.size == 0:
        return codes.reshape(values.shape), np.array([], dtype=object)
    calendar = dates[0].calendar
    times = _to_us(dates, calendar)
    first, last = dates[times.argmin()], dates[times.argmax()]
    if off.kind == "tick":
        tick_us = int(off.as_timedelta() / datetime.timedelta(microseconds=1))
        offset_us = int(_as_timedelta(offset, "offset") / datetime.timedelta(microseconds=1))
        edges = _tick_edges(int(times.min()), int(times.max()), tick_us, closed, origin,
                            offset_us, first, last, calendar)  # fmt: skip
        compare = edges
    else:
        start = _normalize(first)
        start = off.rollback(start) if closed == "left" else start - off
        stop = _normalize(last) + off
        edge_dates = [start]
        while edge_dates[-1] < stop:
            edge_dates.append(
                edge_dates[-1] + CFTimeOffset(off.kind, off.n, off.anchor, off.tick, off.name)
            )
        edges = _to_us(edge_dates, calendar)
        compare = edges
        if end_anchored:
            if closed == "right":
                # a closed-right bin of a period-end frequency ends at the *end* of its last day
                compare = edges + 86_400_000_000 - 1
            if compare.size > 2 and compare[-2] > times.max():
                edges, compare = edges[:-1], compare[:-1]
    side: Literal["left", "right"] = "right" if closed == "left" else "left"
    kept = np.searchsorted(compare, times, side=side) - 1
    nbins = edges.size - 1
    kept = np.where((kept >= 0) & (kept < nbins), kept, -1)
    codes[present] = kept
    label_nums = edges[:-1] if label == "left" else edges[1:]
    return codes.reshape(values.shape), _from_us(label_nums, calendar)
