"""Date ranges, frequency inference and calendar conversion for datetime64 and cftime times.

>>> date_range("2000-01-01", periods=2, calendar="noleap")  # doctest: +ELLIPSIS
CFTimeIndex([2000-01-01 00:00:00, 2000-01-02 00:00:00], ...calendar='noleap', freq=None)
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from labarray.indexes.cftime_index import CFTimeIndex, is_cftime_array
from labarray.indexes.cftime_offsets import (
    cftime_range,
    days_in_month,
    infer_cftime_freq,
    make_date,
    normalize_calendar,
)
from labarray.variable import Variable

__all__ = ["convert_calendar", "date_range", "date_range_like", "infer_freq", "interp_calendar"]

_NUMPY_CALENDARS = ("standard", "proleptic_gregorian")
_REFORM = np.datetime64("1582-10-15", "s")
_NS_BOUNDS = (np.datetime64("1678-01-01", "s"), np.datetime64("2262-04-11", "s"))


def _standard(calendar: str) -> bool:
    return calendar in _NUMPY_CALENDARS


def date_range(
    start: Any = None,
    end: Any = None,
    periods: int | None = None,
    freq: str | None = None,
    tz: Any = None,
    normalize: bool = False,
    name: Hashable | None = None,
    inclusive: str = "both",
    unit: str | None = "ns",
    calendar: str = "standard",
    use_cftime: bool | None = None,
) -> pd.DatetimeIndex | CFTimeIndex:
    """Regularly spaced dates: a ``pd.DatetimeIndex`` when possible, else a :class:`CFTimeIndex`.

    Parameters
    ----------
    start, end : str or datetime-like, optional
        Bounds (strings are ISO 8601, possibly partial: ``"2000"``, ``"2000-03"``).
    periods : int, optional
        Number of dates. Give three of ``start``, ``end``, ``periods`` and ``freq``; with only
        two, ``freq`` defaults to ``"D"``; ``freq=None`` with all three spaces dates evenly.
    freq : str, optional
        pandas frequency string (``"D"``, ``"6h"``, ``"MS"``, ``"ME"``, ``"QS-DEC"``, ``"YE"``,
        ``"W-MON"`` ...).
    tz : optional
        Time zone (``DatetimeIndex`` only).
    normalize : bool, default: False
        Move start and end to midnight.
    name : hashable, optional
        Name of the index.
    inclusive : {"both", "neither", "left", "right"}, default: "both"
        Which bounds to include.
    unit : str, default: "ns"
        Resolution of a ``DatetimeIndex`` (``"s"``, ``"ms"``, ``"us"``, ``"ns"``; as xarray,
        nanoseconds unless asked: pandas' own default is microseconds). Dates a nanosecond
        ``DatetimeIndex`` cannot hold give a CFTimeIndex (``use_cftime=None``).
    calendar : str, default: "standard"
        CF calendar.
    use_cftime : bool, optional
        ``True`` always returns a CFTimeIndex; ``False`` a DatetimeIndex (an error for
        non-standard calendars or dates pandas cannot hold); ``None`` picks a DatetimeIndex for
        standard calendars when the dates fit, else a CFTimeIndex.

    Examples
    --------
    >>> date_range("2000-01-01", periods=3, freq="MS").month.tolist()
    [1, 2, 3]
    >>> date_range("2000-02-28", periods=3, calendar="360_day")[-1].day
    30
    """
    calendar = normalize_calendar(calendar)
    if freq is None and sum(x is not None for x in (start, end, periods)) < 3:
        freq = "D"
    if use_cftime is False and not _standard(calendar):
        raise ValueError(
            f"use_cftime=False needs a standard calendar, but calendar={calendar!r}; a "
            "DatetimeIndex cannot hold the dates of this calendar"
        )
    if use_cftime is not True and _standard(calendar):
        try:
            kwargs = {"unit": unit} if unit is not None else {}
            result = pd.date_range(start=start, end=end, periods=periods, freq=freq, tz=tz,
                                   normalize=normalize, name=name, inclusive=inclusive, **kwargs)
        except pd.errors.OutOfBoundsDatetime:
            if use_cftime is False:
                raise
        else:
            early = len(result) and calendar == "standard" and result[0] < pd.Timestamp(_REFORM)
            if not early or use_cftime is False:
                return result
    if tz is not None:
        raise ValueError(f"tz={tz!r} is not supported for a CFTimeIndex (calendar {calendar!r})")
    values = cftime_range(start, end, periods, freq, normalize=normalize, inclusive=inclusive,
                          calendar=calendar)
    return CFTimeIndex(values, name=name)


def _time_values(obj: Any) -> np.ndarray:
    """1-D datetime64 or cftime values of a DataArray, Variable, pandas index or array."""
    if isinstance(obj, pd.Index):
        return np.asarray(obj, dtype=object) if obj.dtype == object else obj.to_numpy()
    values = getattr(obj, "values", obj)
    values = np.asarray(values)
    if values.ndim != 1:
        raise ValueError(f"expected 1-dimensional times, got an array of shape {values.shape}")
    return values


def _kind(values: np.ndarray, what: str) -> str:
    if values.dtype.kind == "M":
        return "datetime64"
    if is_cftime_array(values):
        return "cftime"
    raise TypeError(
        f"{what} must hold datetime64 or cftime dates, got values of dtype {values.dtype}"
    )


def _calendar(values: np.ndarray) -> str:
    if values.dtype.kind == "M":
        return "proleptic_gregorian"
    return normalize_calendar(values[0].calendar)


def infer_freq(index: Any) -> str | None:
    """The frequency string of regularly spaced dates (datetime64 or cftime), or ``None``.

    Parameters
    ----------
    index : DataArray, pd.DatetimeIndex, CFTimeIndex or 1-D array
        At least three dates.

    Examples
    --------
    >>> infer_freq(date_range("2000-01-01", periods=4, freq="QS-DEC", calendar="noleap"))
    'QS-DEC'
    """
    values = _time_values(index)
    kind = _kind(values, "infer_freq's input")
    if len(values) < 3:
        raise ValueError(f"need at least 3 dates to infer a frequency, got {len(values)}")
    if kind == "datetime64":
        with pd.option_context("future.infer_freq_returns_offset", False):
            return pd.infer_freq(pd.DatetimeIndex(values))
    return infer_cftime_freq(values)


def _fields(values: np.ndarray) -> dict[str, np.ndarray]:
    names = ("year", "month", "day", "hour", "minute", "second", "microsecond")
    if values.dtype.kind == "M":
        idx = pd.DatetimeIndex(values)
        out = {n: np.asarray(getattr(idx, n)) for n in names}
        out["dayofyear"] = np.asarray(idx.day_of_year)
        return out
    out = {n: np.array([getattr(d, n) for d in values]) for n in names}
    out["dayofyear"] = np.array([d.dayofyr for d in values])
    return out


def _days_in_year(year: int, calendar: str) -> int:
    return sum(days_in_month(year, m, calendar) for m in range(1, 13))


def _resolve_cftime(calendar: str, use_cftime: bool | None, values: np.ndarray) -> bool:
    if not _standard(calendar):
        if use_cftime is False:
            raise ValueError(
                f"use_cftime=False needs a standard calendar, but the target calendar is "
                f"{calendar!r}"
            )
        return True
    if use_cftime is not None:
        return bool(use_cftime)
    years = _fields(values)["year"] if len(values) else np.array([2000])
    if calendar == "standard" and years.min() < 1583:
        return True  # Julian dates before the reform: datetime64 would shift them
    return bool(years.min() < 1 or years.max() > 9999)


def _build(fields: list[tuple[int, ...]], calendar: str, use_cftime: bool) -> tuple[np.ndarray, np.ndarray]:
    """Dates of ``calendar`` from field tuples, and the mask of the tuples that exist."""
    valid = np.ones(len(fields), dtype=bool)
    dates: list[Any] = []
    for i, f in enumerate(fields):
        try:
            dates.append(make_date(calendar, *f))
        except ValueError:
            valid[i] = False
    out = np.empty(len(dates), dtype=object)
    out[:] = dates
    if use_cftime:
        return out, valid
    text = [f"{d.year:04d}-{d.month:02d}-{d.day:02d}T{d.hour:02d}:{d.minute:02d}:"
            f"{d.second:02d}.{d.microsecond:06d}" for d in dates]
    stamps = np.array(text, dtype="M8[us]")
    if stamps.size and stamps.min() >= _NS_BOUNDS[0] and stamps.max() < _NS_BOUNDS[1]:
        stamps = stamps.astype("M8[ns]")
    return stamps, valid


def _check_dim(obj: Any, dim: Hashable) -> np.ndarray:
    if dim not in getattr(obj, "coords", {}):
        names = ", ".join(repr(c) for c in getattr(obj, "coords", {})) or "(none)"
        raise KeyError(f"no coordinate {dim!r} to convert; coordinates: {names}")
    values = _time_values(obj.coords[dim])
    _kind(values, f"coordinate {dim!r}")
    return values


def convert_calendar(
    obj: Any,
    calendar: str,
    dim: Hashable = "time",
    align_on: str | None = None,
    missing: Any = None,
    use_cftime: bool | None = None,
) -> Any:
    """Move ``obj`` (DataArray or Dataset) to another calendar along its time coordinate ``dim``.

    Parameters
    ----------
    obj : DataArray or Dataset
    calendar : str
        Target CF calendar.
    dim : hashable, default: "time"
        The time coordinate.
    align_on : {None, "date", "year"}
        ``"date"`` keeps month and day and drops dates that do not exist in the target
        calendar (Feb 29 to ``noleap``, Feb 30 to a standard calendar); ``"year"`` keeps the
        position within the year (needed when converting to or from ``360_day``); dates that
        fall on the same day are dropped.
    missing : optional
        When given, the result is put on a complete range of the source's frequency in the new
        calendar, with ``missing`` where the source has no value.
    use_cftime : bool, optional
        As in :func:`date_range` for the new coordinate.

    Examples
    --------
    >>> import labarray as la
    >>> t = date_range("2000-02-27", periods=4, calendar="all_leap")
    >>> da = la.DataArray(np.arange(4), coords={"time": t}, dims="time")
    >>> convert_calendar(da, "noleap").values.tolist()
    [0, 1, 3]
    """
    values = _check_dim(obj, dim)
    source = _calendar(values)
    target = normalize_calendar(calendar)
    if align_on not in (None, "date", "year"):
        raise ValueError(
            f"align_on must be None, 'date' or 'year', got {align_on!r}"
        )
    cftime_out = _resolve_cftime(target, use_cftime, values)
    if source == target and (values.dtype == object) == cftime_out:
        return obj.copy()
    if "360_day" in (source, target) and source != target and align_on is None:
        raise ValueError(
            f"converting from {source!r} to {target!r} needs align_on='date' or 'year' "
            "because the 360_day calendar's months differ from the others'"
        )
    if "360_day" not in (source, target) or source == target:
        align_on = "date"
    f = _fields(values)
    times = list(zip(f["hour"], f["minute"], f["second"], f["microsecond"], strict=True))
    if align_on == "year":
        rows = []
        for year, doy, t in zip(f["year"], f["dayofyear"], times, strict=True):
            new_doy = int(np.round(_days_in_year(year, target) * doy / _days_in_year(year, source)))
            start = make_date(target, int(year), 1, 1)
            d = start + datetime.timedelta(days=max(new_doy, 1) - 1)
            rows.append((d.year, d.month, d.day, *map(int, t)))
    else:
        rows = [tuple(int(v) for v in (y, m, d, *t))
                for y, m, d, t in zip(f["year"], f["month"], f["day"], times, strict=True)]
    new, valid = _build(rows, target, cftime_out)
    keep = np.flatnonzero(valid)
    if align_on == "year" and len(new):
        _, first = np.unique(new, return_index=True)
        keep = keep[np.sort(first)]
        new = new[np.sort(first)]
    coord = obj.coords[dim].variable
    attrs = {k: v for k, v in coord.attrs.items() if k != "calendar"}
    out = obj.isel({dim: keep}).assign_coords({dim: Variable((dim,), new, attrs)})
    if missing is not None:
        full = date_range_like(values, target, use_cftime=cftime_out)
        out = out.reindex({dim: full}, fill_value=missing)
        out = out.assign_coords({dim: Variable((dim,), np.asarray(full), attrs)})
    return out


def date_range_like(source: Any, calendar: str, use_cftime: bool | None = None) -> Any:
    """A date range of ``calendar`` spanning the same period, at the same frequency, as ``source``.

    Parameters
    ----------
    source : DataArray, pd.DatetimeIndex, CFTimeIndex or 1-D array of dates
        At least three regularly spaced dates.
    calendar : str
        Target calendar.
    use_cftime : bool, optional
        As in :func:`date_range`.

    Examples
    --------
    >>> src = date_range("2000-01-01", "2000-12-31", freq="ME")
    >>> date_range_like(src, "360_day")[-1].day
    30
    """
    values = _time_values(source)
    _kind(values, "date_range_like's source")
    if len(values) < 3:
        raise ValueError(
            f"date_range_like needs at least 3 dates to infer a frequency, got {len(values)}"
        )
    freq = infer_freq(values)
    if freq is None:
        raise ValueError(
            "date_range_like needs regularly spaced dates, but no frequency could be inferred "
            f"from {values[0]} ... {values[-1]}"
        )
    target = normalize_calendar(calendar)
    f = _fields(values[[0, -1]])
    month_end = freq.lstrip("0123456789").split("-")[0] in ("ME", "QE", "YE")
    bounds = []
    for i in range(2):
        year, month = int(f["year"][i]), int(f["month"][i])
        last = days_in_month(year, month, target)
        source_last = days_in_month(year, month, _calendar(values))
        at_end = i == 1 and int(f["day"][i]) == source_last  # the end stays a month end
        day = last if month_end or at_end else min(int(f["day"][i]), last)
        bounds.append(make_date(target, year, month, day, int(f["hour"][i]), int(f["minute"][i]),
                                int(f["second"][i]), int(f["microsecond"][i])))
    cftime_out = _resolve_cftime(target, use_cftime, values)
    name = getattr(source, "name", None)
    if cftime_out:
        return date_range(bounds[0], bounds[1], freq=freq, calendar=target, use_cftime=True,
                          name=name)
    start, end = (pd.Timestamp(b.isoformat()) for b in bounds)
    return date_range(start, end, freq=freq, calendar=target, use_cftime=False, name=name)


def _decimal_year(values: np.ndarray) -> np.ndarray:
    """Year plus the elapsed fraction of the year (in the dates' own calendar)."""
    calendar = _calendar(values)
    f = _fields(values)
    seconds = (f["dayofyear"] - 1) * 86400.0 + f["hour"] * 3600.0 + f["minute"] * 60.0 \
        + f["second"] + f["microsecond"] / 1e6
    lengths = np.array([_days_in_year(int(y), calendar) for y in f["year"]], dtype=float)
    return f["year"] + seconds / (lengths * 86400.0)


def interp_calendar(source: Any, target: Any, dim: Hashable = "time") -> Any:
    """Linearly interpolate ``source`` onto the dates of ``target`` (another calendar), matching
    dates by their fraction of the year (outside the source's span: NaN).

    Parameters
    ----------
    source : DataArray or Dataset
        Data with a time coordinate ``dim``.
    target : DataArray, pd.DatetimeIndex or CFTimeIndex
        The new dates.
    dim : hashable, default: "time"

    Examples
    --------
    >>> import labarray as la
    >>> t = date_range("2000-01-01", periods=3, freq="YS", calendar="noleap")
    >>> da = la.DataArray([0.0, 1.0, 2.0], coords={"time": t}, dims="time")
    >>> new = date_range("2000-07-01", periods=1, calendar="360_day")
    >>> round(float(interp_calendar(da, new)[0]), 3)
    0.5
    """
    src_values = _check_dim(source, dim)
    tgt_values = _time_values(target)
    _kind(tgt_values, "target")
    xs = _decimal_year(src_values)
    xt = _decimal_year(tgt_values) if len(tgt_values) else np.zeros(0)
    if len(xs) < 1:
        raise ValueError(f"cannot interpolate: the coordinate {dim!r} of source is empty")
    order = np.argsort(xs, kind="stable")
    xs = xs[order]
    hi = np.clip(np.searchsorted(xs, xt, "left"), 0, len(xs) - 1)
    lo = np.clip(hi - 1, 0, len(xs) - 1)
    exact = xs[hi] == xt
    lo = np.where(exact, hi, lo)
    span = xs[hi] - xs[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        weight = np.where(span > 0, (xt - xs[lo]) / np.where(span > 0, span, 1), 0.0)
    weight[(xt < xs[0]) | (xt > xs[-1])] = np.nan
    base = source.drop_vars(dim)
    lower = base.isel({dim: order[lo]})
    upper = base.isel({dim: order[hi]})
    w = Variable((dim,), weight)
    out = lower * (1 - w) + upper * w
    attrs = dict(source.coords[dim].attrs)
    return out.assign_coords({dim: Variable((dim,), tgt_values, attrs)})
