"""Turn whatever users pass as data into an array a :class:`~labarray.variable.Variable` can hold.

>>> as_compatible_data([1, 2, 3])
array([1, 2, 3])
>>> as_compatible_data(np.ma.masked_array([1, 2], mask=[False, True]))
array([ 1., nan])
"""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np
import pandas as pd

from labarray.kernels.take import maybe_promote
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.variable.indexing import (
    ExplicitlyIndexed,
    PandasIndexingAdapter,
    is_duck_array,
)

__all__ = ["as_compatible_data", "normalize_time_unit"]

# NumPy datetime64/timedelta64 units that labarray keeps as given; any other unit is converted
# to the nearest one of these (coarser units to seconds, finer ones to nanoseconds).
SUPPORTED_TIME_UNITS = ("s", "ms", "us", "ns")
_FINE_UNITS = ("ps", "fs", "as")


def normalize_time_unit(values: np.ndarray) -> np.ndarray:
    """Cast datetime64/timedelta64 arrays to a supported unit (s, ms, us or ns).

    Examples
    --------
    >>> normalize_time_unit(np.array(["2000-01-02"], dtype="datetime64[D]")).dtype
    dtype('<M8[s]')
    >>> normalize_time_unit(np.array([1], dtype="timedelta64[ms]")).dtype
    dtype('<m8[ms]')
    """
    if values.dtype.kind not in "mM":
        return values
    unit, _ = np.datetime_data(values.dtype)
    if unit in SUPPORTED_TIME_UNITS:
        return values
    target = "ns" if unit in _FINE_UNITS or unit == "generic" else "s"
    return values.astype(f"{values.dtype.kind}8[{target}]")


def _pandas_to_numpy(data: pd.Series | pd.DataFrame) -> np.ndarray:
    dtypes = [data.dtype] if isinstance(data, pd.Series) else list(data.dtypes)
    if all(isinstance(d, np.dtype) for d in dtypes):
        return data.to_numpy()
    if isinstance(data, pd.Series) and isinstance(data.dtype, pd.CategoricalDtype):
        return np.asarray(data.astype(object))
    return data.to_numpy(dtype=object)


def _convert_object_times(values: np.ndarray) -> np.ndarray:
    """Object arrays holding only datetimes (or only timedeltas) become datetime64/timedelta64."""
    if values.dtype != object or values.size == 0:
        return values
    flat = values.ravel()
    first = flat[0]
    kind: tuple[type, ...]
    if isinstance(first, (datetime.datetime, np.datetime64)) and not getattr(first, "tzinfo", None):
        kind = (datetime.datetime, np.datetime64)
    elif isinstance(first, (datetime.timedelta, np.timedelta64)):
        kind = (datetime.timedelta, np.timedelta64)
    else:
        return values
    if not all(isinstance(v, kind) for v in flat) or any(getattr(v, "tzinfo", None) for v in flat):
        return values
    try:
        converted = pd.Series(flat).to_numpy()
    except (ValueError, TypeError, OverflowError):
        return values
    if converted.dtype.kind not in "mM":
        return values
    return normalize_time_unit(converted.reshape(values.shape))


def as_compatible_data(data: Any, fastpath: bool = False) -> Any:
    """Return ``data`` as an array a Variable can hold (NumPy, Dask or an explicit wrapper).

    * Variables and DataArray-like objects give their data; Dask arrays and explicitly indexed
      (lazy) arrays are kept as they are.
    * ``pandas.Index`` becomes a :class:`PandasIndexingAdapter` (the index is not copied);
      Series and DataFrames give their values (extension dtypes as ``object``).
    * Scalars become 0-d arrays; tuples become 0-d ``object`` arrays; lists become arrays.
    * ``datetime.datetime``/``pd.Timestamp`` become ``datetime64`` and ``timedelta`` objects
      ``timedelta64``; time units other than s, ms, us, ns are converted.
    * Masked arrays become floating arrays (or ``object``) with the masked values set missing.

    Parameters
    ----------
    data : any
        The values.
    fastpath : bool, default: False
        Skip every conversion for data that already is an array (used internally).

    Examples
    --------
    >>> as_compatible_data(pd.Timestamp("2000-01-01")).dtype
    dtype('<M8[us]')
    >>> as_compatible_data((1, 2)).dtype
    dtype('O')
    """
    if fastpath and getattr(data, "ndim", None) is not None:
        return np.asarray(data) if isinstance(data, np.generic) else data
    if hasattr(data, "_data") and hasattr(data, "_dims") and hasattr(data, "_encoding"):
        return data._data  # a Variable
    if hasattr(data, "_variable"):
        return data._variable._data  # a DataArray-like
    if isinstance(data, ExplicitlyIndexed) or is_chunked_array(data):
        return data
    if isinstance(data, pd.Index):
        if isinstance(data.dtype, np.dtype) and data.dtype.kind in "mM":
            unit = np.datetime_data(data.dtype)[0]
            if unit not in SUPPORTED_TIME_UNITS:
                data = pd.Index(normalize_time_unit(data.to_numpy()), name=data.name)
        return PandasIndexingAdapter(data)
    if isinstance(data, (pd.Series, pd.DataFrame)):
        return normalize_time_unit(_convert_object_times(_pandas_to_numpy(data)))
    if isinstance(data, tuple):
        out = np.empty((), dtype=object)
        out[()] = data
        return out
    if isinstance(data, pd.Timestamp):
        if data.tzinfo is not None:
            out = np.empty((), dtype=object)
            out[()] = data
            return out
        return normalize_time_unit(np.asarray(data.to_datetime64()))
    if isinstance(data, pd.Timedelta):
        return normalize_time_unit(np.asarray(data.to_timedelta64()))
    if isinstance(data, datetime.datetime) and data.tzinfo is None:
        return normalize_time_unit(np.asarray(np.datetime64(data)))
    if isinstance(data, datetime.timedelta):
        return normalize_time_unit(np.asarray(np.timedelta64(data)))
    if isinstance(data, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(data)
        if mask.any():
            dtype, fill = maybe_promote(data.dtype)
            values = np.asarray(data, dtype=dtype).copy()
            values[mask] = fill
            return normalize_time_unit(values)
        return normalize_time_unit(np.asarray(data.data))
    if isinstance(data, np.ndarray):
        return normalize_time_unit(_convert_object_times(data))
    if is_duck_array(data):
        return data
    values = np.asarray(data)
    return normalize_time_unit(_convert_object_times(values))
