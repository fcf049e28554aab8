"""Virtual variables: ``ds["time.month"]`` computes a component of a time variable.

The components are those of the ``.dt`` accessor (:mod:`labarray.accessors.dt`): date
components of datetime64 and cftime variables, and ``days``/``seconds``/... of timedelta64
variables. Dask data stays lazy.
"""

from __future__ import annotations

from labarray.accessors.dt import (
    DATETIME_FIELDS,
    TIMEDELTA_FIELDS,
    datetime_field,
    time_kind,
    timedelta_field,
)
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.suggest import did_you_mean
from labarray.variable import Variable

__all__ = ["DATE_COMPONENTS", "virtual_variable"]

DATE_COMPONENTS = tuple(DATETIME_FIELDS)


def virtual_variable(variable: Variable, component: str, name: str = "") -> Variable:
    """The ``component`` (``"month"``, ``"season"``, ``"days"``, ...) of a time Variable.

    Parameters
    ----------
    variable : Variable
        datetime64, cftime (object) or timedelta64 values.
    component : str
        A ``.dt`` component name.
    name : str, optional
        The full key (``"time.month"``), used in error messages.

    Examples
    --------
    >>> import pandas as pd
    >>> v = Variable("time", pd.date_range("2000-01-01", periods=3, freq="MS"))
    >>> virtual_variable(v, "month").values.tolist()
    [1, 2, 3]
    """
    data = variable._data if is_chunked_array(variable._data) else variable.values
    kind = time_kind(data)
    key = name or component
    if kind is None:
        raise TypeError(
            f"virtual variable {key!r} needs datetime64, timedelta64 or cftime data, but the "
            f"variable has dtype {variable.dtype}"
        )
    available = tuple(TIMEDELTA_FIELDS) if kind == "timedelta64" else DATE_COMPONENTS
    if component not in available:
        hint = did_you_mean(component, available)
        raise KeyError(
            f"{component!r} in {key!r} is not a component of {kind} data; available: "
            f"{', '.join(available)}" + (f"; {hint}" if hint else "")
        )
    if kind == "timedelta64":
        values = timedelta_field(data, component)
    else:
        values = datetime_field(data, component, kind)
    return Variable(variable.dims, values)
