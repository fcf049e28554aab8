"""Virtual variables: ``ds["time.month"]`` computes a date component of a time coordinate.

Only datetime64 data is handled here; the ``.dt`` accessor and cftime support extend it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from labarray.parallel.chunkmanager import is_chunked_array
from labarray.variable import Variable

__all__ = ["DATE_COMPONENTS", "virtual_variable"]

DATE_COMPONENTS = (
    "year", "month", "day", "hour", "minute", "second", "microsecond", "nanosecond",
    "dayofyear", "dayofweek", "weekday", "quarter", "days_in_month", "daysinmonth",
    "is_leap_year", "is_month_start", "is_month_end", "season", "date", "time",
)

_SEASONS = np.array(["DJF", "DJF", "MAM", "MAM", "MAM", "JJA", "JJA", "JJA", "SON", "SON", "SON", "DJF"])


def _component(values: np.ndarray, name: str) -> np.ndarray:
    flat = pd.DatetimeIndex(np.asarray(values).ravel())
    if name == "season":
        months = np.asarray(flat.month)
        result = np.where(flat.isna(), "nan", _SEASONS[np.clip(months - 1, 0, 11)])
    elif name == "weekday":
        result = np.asarray(flat.dayofweek)
    elif name == "daysinmonth":
        result = np.asarray(flat.days_in_month)
    else:
        result = np.asarray(getattr(flat, name))
    return result.reshape(np.shape(values))


def virtual_variable(variable: Variable, component: str, name: str = "") -> Variable:
    """The ``component`` (``"month"``, ``"season"``, ...) of a datetime64 Variable.

    Examples
    --------
    >>> import pandas as pd
    >>> v = Variable("time", pd.date_range("2000-01-01", periods=3, freq="MS"))
    >>> virtual_variable(v, "month").values.tolist()
    [1, 2, 3]
    """
    if component not in DATE_COMPONENTS:
        raise KeyError(
            f"{component!r} is not a date component; available: {', '.join(DATE_COMPONENTS)}"
        )
    if variable.dtype.kind != "M":
        raise TypeError(
            f"virtual variable {name or component!r} needs datetime64 data, but the variable has "
            f"dtype {variable.dtype}"
        )
    data: Any = variable._data if is_chunked_array(variable._data) else variable.values
    if is_chunked_array(data):
        values = data.map_blocks(_component, component, dtype=_component(np.array(["2000-01-01"], "M8[ns]"), component).dtype)
    else:
        values = _component(data, component)
    return Variable(variable.dims, values)
