"""The ``.dt`` accessor: date and time components of datetime64, cftime and timedelta64 data.

Every component is computed by a function on plain arrays (:func:`datetime_field`,
:func:`timedelta_field`), so the same code serves the accessor, virtual variables
(``ds["time.month"]``) and, blockwise through ``map_blocks``, Dask arrays. The accessor classes
only wrap the results in the caller's own type (``obj._replace(variable, name=...)``): this module
sits below the façade and never imports ``DataArray``/``Dataset``.

>>> import pandas as pd
>>> import labarray as la
>>> da = la.DataArray(pd.date_range("2000-01-31", periods=3, freq="MS"), dims="time")
>>> da.dt.month.values.tolist()
[2, 3, 4]
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from labarray.kernels.cftime_values import is_cftime_date
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.warnings import LabarrayDeprecationWarning, warn

__all__ = [
    "DATETIME_FIELDS",
    "TIMEDELTA_FIELDS",
    "DatetimeAccessor",
    "TimedeltaAccessor",
    "dt_accessor",
    "datetime_field",
    "is_cftime_object",
    "time_kind",
    "timedelta_field",
]

TimeKind = Literal["datetime64", "cftime", "timedelta64"]

# name -> NumPy dtype of the result (integer fields become float64 with NaN where a time is missing)
DATETIME_FIELDS: dict[str, str] = {
    "year": "int64", "month": "int64", "day": "int64", "hour": "int64", "minute": "int64",
    "second": "int64", "microsecond": "int64", "nanosecond": "int64", "dayofyear": "int64",
    "dayofweek": "int64", "weekday": "int64", "quarter": "int64", "days_in_month": "int64",
    "daysinmonth": "int64", "season": "<U3", "is_leap_year": "bool", "is_month_start": "bool",
    "is_month_end": "bool", "is_quarter_start": "bool", "is_quarter_end": "bool",
    "is_year_start": "bool", "is_year_end": "bool", "date": "object", "time": "object",
    "day_of_year": "int64", "day_of_week": "int64", "days_in_year": "int64",
    "decimal_year": "float64",
}
TIMEDELTA_FIELDS: dict[str, str] = {
    "days": "int64", "seconds": "int64", "microseconds": "int64", "nanoseconds": "int64",
}

_SEASONS = np.array(["DJF", "DJF", "MAM", "MAM", "MAM", "JJA", "JJA", "JJA", "SON", "SON", "SON", "DJF"])

# pandas names of the components that differ (pandas deprecates the short ones)
_PANDAS_NAMES = {"dayofyear": "day_of_year", "dayofweek": "day_of_week", "weekday": "day_of_week",
                 "daysinmonth": "days_in_month"}
# cftime names of the components that differ from pandas' names
_CFTIME_ATTRS = {"dayofyear": "dayofyr", "dayofweek": "dayofwk", "weekday": "dayofwk",
                 "days_in_month": "daysinmonth", "day_of_year": "dayofyr", "day_of_week": "dayofwk"}


def _cftime() -> Any:
    """The ``cftime`` module, imported on first use (it costs ~60 ms at import)."""
    import cftime

    return cftime


def is_cftime_object(value: Any) -> bool:
    """True if ``value`` is a ``cftime.datetime`` (checked without importing cftime).

    Examples
    --------
    >>> import cftime
    >>> is_cftime_object(cftime.datetime(2000, 2, 30, calendar="360_day"))
    True
    >>> is_cftime_object("2000-01-01")
    False
    """
    return is_cftime_date(value)


def _first_present(values: np.ndarray) -> Any:
    for v in values.flat:
        if v is not None and not (isinstance(v, float) and np.isnan(v)):
            return v
    return None


def time_kind(data: Any) -> TimeKind | None:
    """Which kind of times ``data`` (NumPy or Dask) holds: datetime64, cftime, timedelta64 or None.

    Object arrays count as cftime when their first present element is a ``cftime.datetime``
    (for Dask, that element is computed).

    Examples
    --------
    >>> time_kind(np.array(["2000-01-01"], dtype="M8[s]"))
    'datetime64'
    >>> time_kind(np.array([1, 2])) is None
    True
    """
    dtype = getattr(data, "dtype", None)
    if dtype is None:
        return None
    if dtype.kind == "M":
        return "datetime64"
    if dtype.kind == "m":
        return "timedelta64"
    if dtype.kind != "O" or getattr(data, "size", 0) == 0:
        return None
    if is_chunked_array(data):
        sample = np.asarray(data.ravel()[:1].compute())
        if sample.size and sample.flat[0] is None:
            sample = np.asarray(data.compute())
    else:
        sample = np.asarray(data)
    return "cftime" if is_cftime_object(_first_present(sample)) else None


# ---------------------------------------------------------------- datetime64 and cftime fields
def _missing_to_float(values: np.ndarray, missing: np.ndarray, dtype: str) -> np.ndarray:
    """Integer fields: int64, or float64 with NaN where the time is missing (float fields: NaN)."""
    if dtype == "float64":
        out = np.asarray(values, dtype="float64")
        if missing.any():
            out = out.copy()
            out[missing] = np.nan
        return out
    if dtype != "int64":
        return values
    if missing.any():
        out = values.astype("float64")
        out[missing] = np.nan
        return out
    return values.astype("int64")


def _datetime64_field(values: np.ndarray, name: str) -> np.ndarray:
    flat = pd.DatetimeIndex(np.asarray(values).ravel())
    missing = np.asarray(flat.isna())
    dtype = DATETIME_FIELDS[name]
    if name == "season":
        months = np.asarray(flat.month.fillna(1), dtype="int64")
        result = np.where(missing, "nan", _SEASONS[months - 1])
    elif name in ("date", "time"):
        result = np.asarray(getattr(flat, name), dtype=object)
    elif name in ("days_in_year", "decimal_year"):
        result = _missing_to_float(_datetime64_year_fraction(flat, name), missing, dtype)
    else:
        raw = getattr(flat, _PANDAS_NAMES.get(name, name))
        if dtype == "bool":
            result = np.asarray(raw, dtype=bool)
        else:
            result = _missing_to_float(np.asarray(raw.fillna(0) if missing.any() else raw), missing, dtype)
    return result.reshape(np.shape(values))


def _datetime64_year_fraction(flat: pd.DatetimeIndex, name: str) -> np.ndarray:
    """``days_in_year`` (365 or 366) or ``decimal_year`` (year + elapsed fraction of the year)."""
    days = np.where(np.asarray(flat.is_leap_year, dtype=bool), 366, 365).astype("int64")
    if name == "days_in_year":
        return days
    # elapsed time since 1 January, in days as float64, in the data's own unit (no overflow for
    # datetime64[s] dates outside the nanosecond range)
    years = np.asarray(flat.year.fillna(1970), dtype="int64")
    stamps = np.asarray(flat.fillna(pd.Timestamp("1970-01-01")))
    starts = (years - 1970).astype("datetime64[Y]").astype(stamps.dtype)
    return years + (stamps - starts) / np.timedelta64(1, "D") / days


def _cftime_days_in_year(d: Any) -> int:
    if d.calendar == "360_day":
        return 360
    return 366 if _cftime().is_leap_year(d.year, d.calendar, d.has_year_zero) else 365


def _cftime_component(d: Any, name: str) -> Any:
    if name in ("year", "month", "day", "hour", "minute", "second", "microsecond"):
        return getattr(d, name)
    if name in _CFTIME_ATTRS:
        return getattr(d, _CFTIME_ATTRS[name])
    if name == "daysinmonth":
        return d.daysinmonth
    if name == "nanosecond":
        return 0  # cftime resolves microseconds
    if name == "quarter":
        return (d.month - 1) // 3 + 1
    if name == "season":
        return str(_SEASONS[d.month - 1])
    if name == "is_leap_year":
        return bool(_cftime().is_leap_year(d.year, d.calendar, d.has_year_zero))
    if name == "days_in_year":
        return _cftime_days_in_year(d)
    if name == "decimal_year":
        start = type(d)(d.year, 1, 1, calendar=d.calendar, has_year_zero=d.has_year_zero)
        elapsed = (d - start) / datetime.timedelta(microseconds=1)
        return d.year + elapsed / (_cftime_days_in_year(d) * 86_400e6)
    if name == "is_month_start":
        return d.day == 1
    if name == "is_month_end":
        return d.day == d.daysinmonth
    if name == "is_quarter_start":
        return d.day == 1 and d.month % 3 == 1
    if name == "is_quarter_end":
        return d.day == d.daysinmonth and d.month % 3 == 0
    if name == "is_year_start":
        return d.dayofyr == 1
    if name == "is_year_end":
        return d.month == 12 and d.day == d.daysinmonth
    if name == "time":
        return datetime.time(d.hour, d.minute, d.second, d.microsecond)
    raise AttributeError(
        f"{name!r} is not available for cftime dates: a datetime.date cannot hold dates of "
        "non-standard calendars; use .dt.floor('D') to keep the dates at midnight"
    )


def _is_missing_object(v: Any) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT


def _cftime_field(values: np.ndarray, name: str) -> np.ndarray:
    flat = np.asarray(values, dtype=object).ravel()
    missing = np.array([_is_missing_object(v) for v in flat], dtype=bool)
    dtype = DATETIME_FIELDS[name]
    if dtype in ("int64", "float64"):
        raw = np.array([0 if m else _cftime_component(v, name) for v, m in zip(flat, missing, strict=True)], dtype=dtype)
        result = _missing_to_float(raw, missing, dtype)
    elif dtype == "bool":
        result = np.array([False if m else _cftime_component(v, name) for v, m in zip(flat, missing, strict=True)], dtype=bool)
    elif dtype == "<U3":
        result = np.array(["nan" if m else _cftime_component(v, name) for v, m in zip(flat, missing, strict=True)], dtype="<U3")
    else:
        result = np.empty(flat.shape, dtype=object)
        result[:] = [None if m else _cftime_component(v, name) for v, m in zip(flat, missing, strict=True)]
    return result.reshape(np.shape(values))


def datetime_field(data: Any, name: str, kind: TimeKind = "datetime64") -> Any:
    """The component ``name`` of datetime64 or cftime ``data`` (NumPy, or lazily on Dask).

    Parameters
    ----------
    data : array-like
        datetime64 values, or an object array of ``cftime.datetime`` (``kind="cftime"``).
    name : str
        One of :data:`DATETIME_FIELDS` ("year", "month", "season", "dayofyear", ...).
    kind : {"datetime64", "cftime"}, default: "datetime64"

    Examples
    --------
    >>> datetime_field(np.array(["2000-07-04"], dtype="M8[s]"), "season")
    array(['JJA'], dtype='<U3')
    """
    if name not in DATETIME_FIELDS:
        raise AttributeError(
            f"{name!r} is not a date component; available: {', '.join(DATETIME_FIELDS)}"
        )
    func = _cftime_field if kind == "cftime" else _datetime64_field
    return _apply(func, data, DATETIME_FIELDS[name], name)


def _apply(func: Callable[..., np.ndarray], data: Any, dtype: Any, *args: Any) -> Any:
    """``func(block, *args)`` on NumPy data, or blockwise on Dask data (result dtype ``dtype``)."""
    if is_chunked_array(data):
        return data.map_blocks(func, *args, dtype=np.dtype(dtype))
    return func(np.asarray(data), *args)


# ---------------------------------------------------------------- timedelta fields
def _timedelta64_field(values: np.ndarray, name: str) -> np.ndarray:
    flat = pd.TimedeltaIndex(np.asarray(values).ravel())
    missing = np.asarray(flat.isna())
    if name == "total_seconds":
        result = np.asarray(flat.total_seconds(), dtype="float64")
    else:
        raw = getattr(flat, name)
        result = _missing_to_float(np.asarray(raw.fillna(0) if missing.any() else raw), missing, "int64")
    return result.reshape(np.shape(values))


def timedelta_field(data: Any, name: str) -> Any:
    """The component ``name`` ("days", "seconds", "microseconds", "nanoseconds",
    "total_seconds") of timedelta64 ``data`` (NumPy, or lazily on Dask).

    Examples
    --------
    >>> timedelta_field(np.array([90], dtype="m8[s]"), "seconds")
    array([90])
    """
    if name not in TIMEDELTA_FIELDS and name != "total_seconds":
        raise AttributeError(
            f"{name!r} is not a timedelta component; available: "
            f"{', '.join([*TIMEDELTA_FIELDS, 'total_seconds'])}"
        )
    return _apply(_timedelta64_field, data, TIMEDELTA_FIELDS.get(name, "float64"), name)


# ---------------------------------------------------------------- rounding and formatting
def _freq_microseconds(freq: str, calendar: str) -> int:
    try:
        offset = pd.tseries.frequencies.to_offset(freq)
        nanos = offset.nanos
    except ValueError as err:
        raise ValueError(
            f"cannot round {calendar} cftime dates to {freq!r}: only fixed frequencies "
            "('D', 'h', 'min', 's', 'ms', 'us' and their multiples) are supported"
        ) from err
    if nanos % 1000 or nanos <= 0:
        raise ValueError(f"cannot round cftime dates to {freq!r}: cftime resolves microseconds")
    return nanos // 1000


def _round_cftime(values: np.ndarray, freq: str, how: str) -> np.ndarray:
    flat = np.asarray(values, dtype=object).ravel()
    out = np.empty(flat.shape, dtype=object)
    step: int | None = None
    one_us = datetime.timedelta(microseconds=1)
    for i, d in enumerate(flat):
        if _is_missing_object(d):
            out[i] = None
            continue
        if step is None:
            step = _freq_microseconds(freq, d.calendar)
        ref = _cftime().datetime(1970, 1, 1, calendar=d.calendar, has_year_zero=d.has_year_zero)
        n = (d - ref) // one_us
        if how == "floor":
            r = (n // step) * step
        elif how == "ceil":
            r = -((-n) // step) * step
        else:  # half to even, as pandas does
            q, rem = divmod(n, step)
            r = (q + (2 * rem > step or (2 * rem == step and q % 2 == 1))) * step
        out[i] = ref + datetime.timedelta(microseconds=int(r))
    return out.reshape(np.shape(values))


def _round_numpy(values: np.ndarray, freq: str, how: str) -> np.ndarray:
    flat = np.asarray(values).ravel()
    index = pd.DatetimeIndex(flat) if flat.dtype.kind == "M" else pd.TimedeltaIndex(flat)
    return np.asarray(getattr(index, how)(freq)).astype(values.dtype).reshape(values.shape)


def _strftime(values: np.ndarray, date_format: str, kind: str) -> np.ndarray:
    flat = np.asarray(values).ravel()
    out = np.empty(flat.shape, dtype=object)
    if kind == "cftime":
        out[:] = [None if _is_missing_object(d) else d.strftime(date_format) for d in flat]
    else:
        index = pd.DatetimeIndex(flat)
        strings = index.strftime(date_format)
        out[:] = [None if m else s for s, m in zip(strings, index.isna(), strict=True)]
    return out.reshape(np.shape(values))


# ---------------------------------------------------------------- accessor classes
class _TimeAccessor:
    __slots__ = ("_kind", "_obj")

    def __init__(self, obj: Any, kind: TimeKind) -> None:
        self._obj = obj
        self._kind = kind

    def _wrap(self, data: Any, name: str | None, keep_attrs: bool = True) -> Any:
        variable = self._obj.variable.copy(deep=False, data=data)
        if not keep_attrs:
            variable.attrs = {}
        return self._obj._replace(variable, name=name)

    def _round(self, freq: str, how: str) -> Any:
        data = self._data()
        if self._kind == "cftime":
            return self._wrap(_apply(_round_cftime, data, object, freq, how), how)
        return self._wrap(_apply(_round_numpy, data, data.dtype, freq, how), how)

    def _data(self) -> Any:
        variable = self._obj.variable
        return variable._data if is_chunked_array(variable._data) else variable.values

    def floor(self, freq: str) -> Any:
        """Round the times down to a multiple of ``freq`` ("D", "h", "15min", ...).

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> da = la.DataArray(pd.to_datetime(["2000-01-01 10:40"]), dims="t")
        >>> str(da.dt.floor("h").values[0])
        '2000-01-01T10:00:00.000000'
        """
        return self._round(freq, "floor")

    def ceil(self, freq: str) -> Any:
        """Round the times up to a multiple of ``freq``.

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> da = la.DataArray(pd.to_datetime(["2000-01-01 10:40"]), dims="t")
        >>> str(da.dt.ceil("h").values[0])
        '2000-01-01T11:00:00.000000'
        """
        return self._round(freq, "ceil")

    def round(self, freq: str) -> Any:
        """Round the times to the nearest multiple of ``freq`` (ties to even, as pandas).

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> da = la.DataArray(pd.to_datetime(["2000-01-01 10:40"]), dims="t")
        >>> str(da.dt.round("h").values[0])
        '2000-01-01T11:00:00.000000'
        """
        return self._round(freq, "round")


def _field_property(name: str, getter: str) -> property:
    def fget(self: Any) -> Any:
        return getattr(self, getter)(name)

    fget.__doc__ = f"The {name!r} component of each time, as an array of the same shape."
    return property(fget)


class DatetimeAccessor(_TimeAccessor):
    """Components of datetime64 or cftime values: ``da.dt.year``, ``da.dt.season``, ...

    Results keep the dimensions, coordinates and attributes of the DataArray and are named
    after the component or method ("month", "floor", "strftime"), as in xarray. Integer
    components are ``int64`` (``float64`` with NaN where a time is missing); on Dask data they
    are computed lazily, block by block.

    Examples
    --------
    >>> import pandas as pd
    >>> import labarray as la
    >>> da = la.DataArray(pd.date_range("2000-01-01", periods=2, freq="QS"), dims="time")
    >>> da.dt.season.values.tolist()
    ['DJF', 'MAM']
    """

    __slots__ = ()

    def _field(self, name: str) -> Any:
        return self._wrap(datetime_field(self._data(), name, self._kind), name)  # type: ignore[arg-type]

    for _name in DATETIME_FIELDS:
        locals()[_name] = _field_property(_name, "_field")
    del _name

    if TYPE_CHECKING:  # the generated properties, for type checkers
        year: Any
        month: Any
        day: Any
        hour: Any
        minute: Any
        second: Any
        microsecond: Any
        nanosecond: Any
        dayofyear: Any
        dayofweek: Any
        weekday: Any
        quarter: Any
        days_in_month: Any
        daysinmonth: Any
        season: Any
        is_leap_year: Any
        is_month_start: Any
        is_month_end: Any
        is_quarter_start: Any
        is_quarter_end: Any
        is_year_start: Any
        is_year_end: Any
        date: Any
        time: Any
        day_of_year: Any
        day_of_week: Any
        days_in_year: Any
        decimal_year: Any

    @property
    def calendar(self) -> str:
        """The calendar of the dates: "proleptic_gregorian" for datetime64, else cftime's."""
        if self._kind == "datetime64":
            return "proleptic_gregorian"
        data = self._data()
        sample = data.ravel()[:50].compute() if is_chunked_array(data) else np.asarray(data)
        first = _first_present(np.asarray(sample))
        return str(first.calendar) if first is not None else "standard"

    def strftime(self, date_format: str) -> Any:
        """Format each date with ``date_format`` (``strftime`` codes); missing dates give None.

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> da = la.DataArray(pd.date_range("2000-01-01", periods=2), dims="time")
        >>> da.dt.strftime("%d/%m/%Y").values.tolist()
        ['01/01/2000', '02/01/2000']
        """
        if not isinstance(date_format, str):
            raise TypeError(f"date_format must be a str such as '%Y-%m-%d'; got {type(date_format).__name__}")
        return self._wrap(_apply(_strftime, self._data(), object, date_format, self._kind), "strftime")

    def isocalendar(self) -> Any:
        """ISO year, week and weekday of datetime64 dates, as a Dataset of three variables.

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> da = la.DataArray(pd.to_datetime(["2000-01-01"]), dims="time")
        >>> iso = da.dt.isocalendar()
        >>> [int(iso[k][0]) for k in ("year", "week", "weekday")]
        [1999, 52, 6]
        """
        if self._kind != "datetime64":
            raise AttributeError(
                "isocalendar() needs datetime64 dates; ISO weeks are not defined for cftime "
                f"calendar {self.calendar!r}"
            )
        data = self._data()
        parts = {
            # the ISO parts are new quantities: the attributes of the times are not kept (xarray)
            key: self._wrap(_apply(_isocalendar_part, data, "int64", key), key, keep_attrs=False)
            for key in ("year", "week", "weekday")
        }
        result = parts["year"].to_dataset(name="year")
        return result.assign(week=parts["week"], weekday=parts["weekday"])

    def _deprecated_week(self, name: str) -> Any:
        warn(
            "dt.weekofyear and dt.week are deprecated; use dt.isocalendar().week instead",
            LabarrayDeprecationWarning,
            stacklevel=4,  # warn -> _deprecated_week -> the property -> the user's line
        )
        return self.isocalendar()["week"].rename(name)

    @property
    def week(self) -> Any:
        """The ISO week of the year (deprecated: use ``.dt.isocalendar().week``).

        Emits a ``FutureWarning``, as xarray does.

        Examples
        --------
        >>> import warnings
        >>> import pandas as pd
        >>> import labarray as la
        >>> da = la.DataArray(pd.to_datetime(["2000-07-02"]), dims="time")
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", FutureWarning)
        ...     int(da.dt.week[0])
        26
        """
        return self._deprecated_week("week")

    @property
    def weekofyear(self) -> Any:
        """The ISO week of the year (deprecated: use ``.dt.isocalendar().week``).

        Emits a ``FutureWarning``, as xarray does.

        Examples
        --------
        >>> import warnings
        >>> import pandas as pd
        >>> import labarray as la
        >>> da = la.DataArray(pd.to_datetime(["2000-07-02"]), dims="time")
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", FutureWarning)
        ...     da.dt.weekofyear.name
        'weekofyear'
        """
        return self._deprecated_week("weekofyear")


def _isocalendar_part(values: np.ndarray, key: str) -> np.ndarray:
    frame = pd.DatetimeIndex(np.asarray(values).ravel()).isocalendar()
    column = frame["day" if key == "weekday" else key]
    missing = np.asarray(column.isna())
    raw = np.asarray(column.fillna(0), dtype="int64")
    return _missing_to_float(raw, missing, "int64").reshape(np.shape(values))


class TimedeltaAccessor(_TimeAccessor):
    """Components of timedelta64 values: ``da.dt.days``, ``da.dt.seconds``, ``total_seconds()``.

    ``days``, ``seconds``, ``microseconds`` and ``nanoseconds`` are the parts of pandas'
    decomposition (``seconds`` is below one day); ``total_seconds()`` is the whole duration.

    Examples
    --------
    >>> import pandas as pd
    >>> import labarray as la
    >>> da = la.DataArray(pd.to_timedelta(["1 days 02:00:00"]), dims="x")
    >>> int(da.dt.days[0]), int(da.dt.seconds[0])
    (1, 7200)
    """

    __slots__ = ()

    def _field(self, name: str) -> Any:
        return self._wrap(timedelta_field(self._data(), name), name)

    for _name in TIMEDELTA_FIELDS:
        locals()[_name] = _field_property(_name, "_field")
    del _name

    if TYPE_CHECKING:  # the generated properties, for type checkers
        days: Any
        seconds: Any
        microseconds: Any
        nanoseconds: Any

    def total_seconds(self) -> Any:
        """The whole duration in seconds, as float64 (NaN where missing).

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> da = la.DataArray(pd.to_timedelta(["1 days 00:00:01.5"]), dims="x")
        >>> float(da.dt.total_seconds()[0])
        86401.5
        """
        return self._wrap(timedelta_field(self._data(), "total_seconds"), "total_seconds")


if TYPE_CHECKING:

    class DatetimelikeAccessor(DatetimeAccessor, TimedeltaAccessor):
        """Static type of ``DataArray.dt``: at run time it is one of the two accessors."""


def dt_accessor(obj: Any) -> DatetimelikeAccessor:
    """The ``.dt`` accessor of ``obj`` (a DataArray), chosen from the kind of its values.

    Raises
    ------
    AttributeError
        When the values are neither datetime64, timedelta64 nor cftime dates; the message
        names the dtype (``hasattr(da, "dt")`` is then False, as in xarray).

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as la
    >>> type(dt_accessor(la.DataArray(np.array([1], dtype="m8[s]")))).__name__
    'TimedeltaAccessor'
    """
    kind = time_kind(obj.variable._data if is_chunked_array(obj.variable._data) else obj.values)
    if kind == "timedelta64":
        return TimedeltaAccessor(obj, kind)  # type: ignore[return-value]
    if kind is not None:
        return DatetimeAccessor(obj, kind)  # type: ignore[return-value]
    raise AttributeError(
        f"'.dt' accessor needs datetime64, timedelta64 or cftime values; the values of "
        f"{type(obj).__name__} {'' if obj.name is None else repr(obj.name) + ' '}have dtype {obj.dtype}"
    )
