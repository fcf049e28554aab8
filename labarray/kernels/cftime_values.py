"""cftime dates as data: conversions to and from ``timedelta64[us]`` offsets, date arithmetic.

Arrays of ``cftime.datetime`` objects (any CF calendar) have ``object`` dtype, so NumPy can
neither reduce nor shift them. Each function here turns them into microsecond offsets from a
reference date of the *same calendar* (``cftime`` subtracts two dates of one calendar exactly),
works on the offsets and turns the result back into dates. Missing dates (``None``/NaN) become
NaT offsets and come back as ``None``, the missing value of labarray's cftime arrays.

Dask arrays are converted block by block; whether a Dask array holds cftime dates is decided
from its first element (as the decoders know what they produced, this is cheap and rare).

>>> import cftime
>>> dates = np.array([cftime.DatetimeNoLeap(2000, 2, 28), cftime.DatetimeNoLeap(2000, 3, 1)])
>>> to_offsets(dates, dates[0])
array([          0, 86400000000], dtype='timedelta64[us]')
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from labarray.parallel.chunkmanager import is_chunked_array

__all__ = [
    "cftime_binary_op",
    "first_date",
    "from_offsets",
    "is_cftime_date",
    "is_cftime_values",
    "to_offsets",
]

_US = "m8[us]"


def is_cftime_date(value: Any) -> bool:
    """Whether ``value`` is one ``cftime.datetime`` (of any calendar).

    Examples
    --------
    >>> import cftime
    >>> is_cftime_date(cftime.Datetime360Day(2000, 2, 30)), is_cftime_date(1.0)
    (True, False)
    """
    return type(value).__module__.split(".")[0] == "cftime" and hasattr(value, "calendar")


def first_date(values: Any) -> Any:
    """The first non-missing element of an object array (NumPy or Dask), or ``None``.

    Examples
    --------
    >>> first_date(np.array([None, 3], dtype=object))
    3
    """
    if is_chunked_array(values):
        if values.size == 0:
            return None
        first = values[(0,) * values.ndim].compute()  # one block read, no reshape
        first = first.item() if isinstance(first, np.ndarray) else first
        if first is None or (isinstance(first, float) and np.isnan(first)):
            # rare: a leading missing date; read the whole array to find a valid one
            return first_date(np.asarray(values.compute()))
        return first
    for value in np.asarray(values, dtype=object).reshape(-1):
        if not (value is None or (isinstance(value, float) and np.isnan(value))):
            return value
    return None


def is_cftime_values(values: Any) -> bool:
    """Whether an ``object`` array (NumPy or Dask) holds cftime dates (its first valid element).

    Examples
    --------
    >>> import cftime
    >>> is_cftime_values(np.array([None, cftime.DatetimeNoLeap(2000, 1, 1)]))
    True
    >>> is_cftime_values(np.array(["a"], dtype=object))
    False
    """
    if getattr(values, "dtype", None) != np.dtype(object) or values.size == 0:
        return False
    return is_cftime_date(first_date(values))


def _missing(values: np.ndarray) -> np.ndarray:
    return np.asarray(pd.isnull(values), dtype=bool).reshape(values.shape)


def _to_offsets_numpy(values: np.ndarray, reference: Any) -> np.ndarray:
    values = np.asarray(values, dtype=object)
    missing = _missing(values)
    if reference is None or missing.all():  # nothing but missing dates
        return np.full(values.shape, np.timedelta64("NaT"), dtype=_US)
    filled = np.where(missing, reference, values) if missing.any() else values
    try:
        # cftime subtracts dates of one calendar exactly, giving datetime.timedelta objects
        deltas = np.asarray(filled - reference, dtype=object)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"cannot convert the dates to offsets from {reference!r}: {err}; "
            "all dates of an array must be cftime dates of one calendar"
        ) from None
    offsets = deltas.astype(_US) if deltas.size else np.zeros(deltas.shape, _US)
    if missing.any():
        offsets[missing] = np.timedelta64("NaT")
    return offsets


def to_offsets(values: Any, reference: Any) -> Any:
    """cftime dates as ``timedelta64[us]`` offsets from the cftime date ``reference``.

    Parameters
    ----------
    values : numpy.ndarray or dask.array.Array
        Object array of cftime dates of ``reference``'s calendar; ``None``/NaN are missing.
    reference : cftime.datetime
        The date of offset zero.

    Returns
    -------
    numpy.ndarray or dask.array.Array
        ``timedelta64[us]`` offsets, NaT where a date is missing.

    Raises
    ------
    TypeError
        An element is not a date of ``reference``'s calendar.

    Examples
    --------
    >>> import cftime
    >>> ref = cftime.Datetime360Day(2000, 2, 30)
    >>> to_offsets(np.array([cftime.Datetime360Day(2000, 3, 1), None]), ref)
    array([86400000000,       'NaT'], dtype='timedelta64[us]')
    """
    if is_chunked_array(values):
        return values.map_blocks(_to_offsets_numpy, reference, dtype=np.dtype(_US))
    return _to_offsets_numpy(values, reference)


def _from_offsets_numpy(offsets: np.ndarray, reference: Any) -> np.ndarray:
    offsets = np.asarray(offsets).astype(_US)
    missing = np.isnat(offsets)
    if reference is None or missing.all():  # nothing but missing dates
        return np.full(offsets.shape, None, dtype=object)
    deltas = np.where(missing, np.timedelta64(0, "us"), offsets).astype(object)
    out = np.asarray(reference + deltas, dtype=object) if deltas.size else np.empty(offsets.shape, object)
    out = out.reshape(offsets.shape)
    if missing.any():
        out[missing] = None
    return out


def from_offsets(offsets: Any, reference: Any) -> Any:
    """``timedelta64`` offsets from ``reference`` as cftime dates (NaT -> ``None``).

    Examples
    --------
    >>> import cftime
    >>> ref = cftime.DatetimeNoLeap(2000, 2, 28)
    >>> from_offsets(np.array([1], dtype="m8[D]"), ref)[0]
    cftime.DatetimeNoLeap(2000, 3, 1, 0, 0, 0, 0, has_year_zero=True)
    """
    if is_chunked_array(offsets):
        return offsets.map_blocks(_from_offsets_numpy, reference, dtype=np.dtype(object))
    return _from_offsets_numpy(offsets, reference)


# --- arithmetic ---------------------------------------------------------------------------------


def _kind(operand: Any) -> str | None:
    """``"date"`` (cftime), ``"delta"`` (timedelta-like) or None, for an array or a scalar."""
    if isinstance(operand, (datetime.timedelta, np.timedelta64)):
        return "delta"  # pd.Timedelta is a datetime.timedelta
    if is_cftime_date(operand):
        return "date"
    dtype = getattr(operand, "dtype", None)
    if dtype is None:
        return None
    if dtype.kind == "m":
        return "delta"
    if dtype == np.dtype(object) and is_cftime_values(operand):
        return "date"
    return None


def _as_delta(operand: Any) -> Any:
    if isinstance(operand, (datetime.timedelta, np.timedelta64)):
        return pd.Timedelta(operand).to_timedelta64().astype(_US)
    return operand.astype(_US)


def _as_date_offsets(operand: Any, reference: Any) -> Any:
    if is_cftime_date(operand):
        return _to_offsets_numpy(np.asarray(operand, dtype=object), reference)[()]
    return to_offsets(operand, reference)


def cftime_binary_op(f: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    """``f(a, b)`` for cftime dates and timedeltas, or ``NotImplemented`` for other operands.

    ``date - date`` gives ``timedelta64[us]``; ``date + delta``, ``delta + date`` and
    ``date - delta`` give cftime dates; comparisons and other operators are left to NumPy
    (``NotImplemented``). Deltas are ``timedelta64`` arrays or scalars, ``datetime.timedelta``
    and ``pandas.Timedelta``.

    Examples
    --------
    >>> import cftime, operator
    >>> t = np.array([cftime.Datetime360Day(2000, 2, 29), cftime.Datetime360Day(2000, 2, 30)])
    >>> cftime_binary_op(operator.sub, t, t[0])
    array([          0, 86400000000], dtype='timedelta64[us]')
    >>> cftime_binary_op(operator.add, t, np.timedelta64(1, "D"))[1]
    cftime.Datetime360Day(2000, 3, 1, 0, 0, 0, 0, has_year_zero=True)
    """
    import operator

    if f not in (operator.add, operator.sub, operator.iadd, operator.isub):
        return NotImplemented
    kind_a = _kind(a)
    if kind_a is None:
        return NotImplemented
    kind_b = _kind(b)
    if kind_b is None or (kind_a == kind_b == "delta"):
        return NotImplemented
    subtract = f in (operator.sub, operator.isub)
    if kind_a == kind_b == "date":
        if not subtract:
            raise TypeError("cannot add two arrays of cftime dates; subtract them for durations")
        reference = first_date(a) if not is_cftime_date(a) else a
        return _as_date_offsets(a, reference) - _as_date_offsets(b, reference)
    if kind_a == "delta" and subtract:
        raise TypeError("cannot subtract cftime dates from a timedelta")
    dates, delta = (a, b) if kind_a == "date" else (b, a)
    reference = dates if is_cftime_date(dates) else first_date(dates)
    offsets = _as_date_offsets(dates, reference)
    delta = _as_delta(delta)
    shifted = offsets - delta if subtract else offsets + delta
    if is_cftime_date(dates) and not getattr(shifted, "ndim", 0):
        return _from_offsets_numpy(np.asarray(shifted), reference)[()]
    return from_offsets(shifted, reference)
