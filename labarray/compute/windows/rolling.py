"""Rolling (moving-window) objects: ``obj.rolling(time=30, center=True).mean()``.

:class:`DataArrayRolling` and :class:`DatasetRolling` hold the object and one window per
dimension. Integer windows count positions; on a dimension indexed by datetime64 or cftime
values a string or timedelta window (``"30D"``) is a time-based window (a labarray extension,
with pandas' semantics: ``(t - 30D, t]``, or ``(t - 15D, t + 15D]`` when centred).

Reductions run on the O(n) kernels of :mod:`labarray.kernels.moving` through
:mod:`labarray.compute.windows.window_arrays` (NumPy and Dask); ``prod`` and custom functions
reduce the window view of :meth:`Rolling.construct`. The machinery works on Variables and builds
results with the object's own ``_replace``, so this module never imports the façade classes.
"""

from __future__ import annotations

import abc
import datetime
import math
from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from labarray.compute.windows.window_arrays import (
    WindowBounds,
    construct_windows,
    moving_nd,
    reduce_windows,
)
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.dims import either_dict_or_kwargs
from labarray.utils.suggest import missing_names_message

__all__ = ["DataArrayRolling", "DatasetRolling", "Rolling"]

#: reduction name -> summary used in the generated docstrings
ROLLING_REDUCTIONS = {
    "sum": "sum",
    "mean": "mean",
    "std": "standard deviation",
    "var": "variance",
    "min": "minimum",
    "max": "maximum",
    "count": "number of non-missing values",
    "prod": "product",
    "median": "median",
    "argmin": "position of the minimum within the window",
    "argmax": "position of the maximum within the window",
}


def _is_time_window(window: Any) -> bool:
    return isinstance(window, (str, datetime.timedelta, np.timedelta64, pd.DateOffset))


def _as_timedelta(window: Any, dim: Hashable) -> np.timedelta64:
    try:
        delta = pd.Timedelta(window)
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"time-based window {window!r} for dimension {dim!r} is not a fixed duration "
            f"pandas understands ({err}); use e.g. '30D', '12h' or a timedelta"
        ) from None
    if delta <= pd.Timedelta(0):
        raise ValueError(
            f"window for dimension {dim!r} must be a positive duration, got {window!r}"
        )
    return np.timedelta64(delta.value, "ns")


def _time_axis(obj: Any, dim: Hashable, window: Any) -> np.ndarray:
    """The time values of ``dim`` as datetime64[ns] (cftime as offsets from the first time)."""
    index = obj.indexes.get(dim) if dim in obj.xindexes else None
    if index is None:
        raise ValueError(
            f"time-based window {window!r} needs a datetime index on dimension {dim!r}, which "
            "has no index coordinate; use an integer window or assign time coordinates"
        )
    values = np.asarray(index)
    if values.dtype.kind == "M":
        times = values.astype("datetime64[ns]")
    elif values.dtype == object and len(values) and hasattr(values[0], "calendar"):
        first = values[0]
        offsets = np.array([t - first for t in values], dtype="timedelta64[us]")
        times = np.datetime64(0, "ns") + offsets.astype("timedelta64[ns]")
    else:
        raise ValueError(
            f"time-based window {window!r} needs datetime64 or cftime values on dimension "
            f"{dim!r}, got dtype {values.dtype}; use an integer window"
        )
    if len(times) > 1 and not bool(np.all(times[1:] >= times[:-1])):
        raise ValueError(
            f"time-based window {window!r} needs increasing times on dimension {dim!r}; "
            f"sort first, e.g. obj.sortby({dim!r})"
        )
    return times


class Rolling(abc.ABC):
    """Moving windows over one or several dimensions of a DataArray or Dataset.

    Parameters
    ----------
    obj : DataArray or Dataset
        The object to roll over.
    windows : mapping of hashable to int or str or timedelta
        Window size of each dimension (positions), or a duration for datetime dimensions.
    min_periods : int, optional
        Minimum number of valid values in a window for a non-NaN result; default: the window
        size (the product of the sizes), or 1 with a time-based window.
    center : bool or mapping of hashable to bool, default: False
        Centre the windows on their labels instead of ending them there.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x")
    >>> da.rolling(x=2).mean().values
    array([nan, 1.5, 2.5, 3.5])
    """

    def __init__(
        self,
        obj: Any,
        windows: Mapping[Any, Any],
        min_periods: int | None = None,
        center: bool | Mapping[Any, bool] = False,
    ) -> None:
        if not windows:
            raise ValueError(
                "rolling needs at least one dimension and window size, e.g. obj.rolling(time=3)"
            )
        sizes = obj.sizes
        missing = [d for d in windows if d not in sizes]
        if missing:
            raise KeyError(missing_names_message("dimension", missing, list(sizes), "rolling"))
        self.obj = obj
        self.dim: list[Hashable] = list(windows)
        self.window: list[Any] = []
        self._bounds: list[WindowBounds] = []
        if isinstance(center, Mapping):
            unknown = [d for d in center if d not in windows]
            if unknown:
                raise KeyError(
                    missing_names_message("rolling dimension", unknown, self.dim, "center")
                )
            self.center = [bool(center.get(d, False)) for d in self.dim]
        else:
            self.center = [bool(center)] * len(self.dim)
        timed = False
        for d, c in zip(self.dim, self.center, strict=True):
            window = windows[d]
            n = sizes[d]
            if _is_time_window(window):
                span = _as_timedelta(window, d)
                self._bounds.append(WindowBounds.timed(_time_axis(obj, d, window), span, c))
                timed = True
            elif isinstance(window, (int, np.integer)) and not isinstance(window, bool):
                window = int(window)
                if window < 1:
                    raise ValueError(f"window for dimension {d!r} must be at least 1, got {window}")
                if window > n:
                    raise ValueError(
                        f"window {window} for dimension {d!r} is larger than its length {n}; "
                        f"use a window of at most {n}"
                    )
                self._bounds.append(WindowBounds.fixed(n, window, c))
            else:
                raise TypeError(
                    f"window for dimension {d!r} must be an int (positions) or a duration such "
                    f"as '30D' (datetime dimensions), got {type(window).__name__} {window!r}"
                )
            self.window.append(window)
        default = 1 if timed else math.prod(int(w) for w in self.window)
        if min_periods is None:
            min_periods = default
        elif isinstance(min_periods, bool) or not isinstance(min_periods, (int, np.integer)):
            raise TypeError(f"min_periods must be an int or None, got {min_periods!r}")
        elif min_periods < 1:
            raise ValueError(f"min_periods must be at least 1, got {min_periods}")
        elif not timed and min_periods > default:
            raise ValueError(
                f"min_periods={min_periods} is larger than the window size {default}; no window "
                f"could ever have enough values (use min_periods <= {default})"
            )
        self.min_periods = int(min_periods)

    @property
    def ndim(self) -> int:
        """Number of window dimensions."""
        return len(self.dim)

    def __repr__(self) -> str:
        parts = ",".join(
            f"{d}->{w}{'(center)' if c else ''}"
            for d, w, c in zip(self.dim, self.window, self.center, strict=True)
        )
        return f"{type(self).__name__} [{parts}]"

    def __len__(self) -> int:
        return math.prod(self.obj.sizes[d] for d in self.dim)

    # --- per-variable machinery ------------------------------------------------------------------

    def _windows_of(self, var: Any) -> tuple[list[int], list[WindowBounds], list[Hashable]]:
        axes, bounds, dims = [], [], []
        for d, b in zip(self.dim, self._bounds, strict=True):
            if d in var.dims:
                axes.append(var.dims.index(d))
                bounds.append(b)
                dims.append(d)
        return axes, bounds, dims

    @staticmethod
    def _data(var: Any, name: Hashable, what: str) -> Any:
        data = var.data if is_chunked_array(var.data) else np.asarray(var.values)
        if data.dtype.kind not in "biuf":
            label = f" {name!r}" if name is not None else ""
            raise TypeError(
                f"rolling {what} needs numeric or boolean data; variable{label} has dtype "
                f"{data.dtype}"
            )
        return data

    def _reduce_variable(
        self, var: Any, name: Hashable, func: str, keep_attrs: bool, ddof: int
    ) -> Any:
        axes, bounds, dims = self._windows_of(var)
        if not axes:
            return var
        data = self._data(var, name, func)
        if func == "prod":
            result = reduce_windows(data, np.nanprod, axes, bounds, self.min_periods, func="prod")
        else:
            result = moving_nd(data, func, axes, bounds, self.min_periods, ddof=ddof, dims=dims)
        return var._replace(data=result, attrs=dict(var.attrs) if keep_attrs else {}, encoding={})

    def _reduce_function_variable(
        self, var: Any, name: Hashable, func: Callable[..., Any], keep_attrs: bool, kwargs: dict
    ) -> Any:
        axes, bounds, _ = self._windows_of(var)
        if not axes:
            return var
        self._check_fixed("reduce")
        data = self._data(var, name, "reduce")
        result = reduce_windows(data, func, axes, bounds, self.min_periods, **kwargs)
        return var._replace(data=result, attrs=dict(var.attrs) if keep_attrs else {}, encoding={})

    def _check_fixed(self, what: str) -> None:
        for d, w in zip(self.dim, self.window, strict=True):
            if not isinstance(w, int):
                raise ValueError(
                    f"{what} needs fixed-size windows, but the window of dimension {d!r} is the "
                    f"duration {w!r}; use an integer window"
                )

    @abc.abstractmethod
    def _apply(self, make: Callable[[Any, Hashable], Any], keep_attrs: bool) -> Any:
        """Build the result: ``make(variable, name)`` for each variable to transform."""

    def _reduce(self, func: str, keep_attrs: bool | None = None, **kwargs: Any) -> Any:
        ddof = kwargs.pop("ddof", 0)
        if func not in ("var", "std") and ddof:
            raise TypeError(f"rolling {func} takes no ddof argument")
        if kwargs:
            raise TypeError(
                f"rolling {func} got unexpected keyword arguments {sorted(kwargs)}; it takes "
                "keep_attrs" + (" and ddof" if func in ("var", "std") else "")
            )
        keep = _get_keep_attrs(default=True) if keep_attrs is None else bool(keep_attrs)
        return self._apply(
            lambda var, name: self._reduce_variable(var, name, func, keep, int(ddof)), keep
        )

    def reduce(
        self, func: Callable[..., Any], keep_attrs: bool | None = None, **kwargs: Any
    ) -> Any:
        """Reduce each window with ``func(windows, axis=window_axes, **kwargs)``.

        Windows with fewer than ``min_periods`` valid values give NaN.

        Parameters
        ----------
        func : callable
            A function reducing a NumPy (or Dask) array along ``axis``, e.g. ``np.nanmax``.
        keep_attrs : bool, optional
            Keep the attributes (default: True).
        **kwargs
            Passed on to ``func``.

        Returns
        -------
        DataArray or Dataset

        Examples
        --------
        >>> import numpy as np
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 4.0, 2.0, 8.0], dims="x")
        >>> da.rolling(x=2).reduce(np.ptp).values
        array([nan,  3.,  2.,  6.])
        """
        if not callable(func):
            raise TypeError(f"reduce needs a function, got {type(func).__name__}")
        keep = _get_keep_attrs(default=True) if keep_attrs is None else bool(keep_attrs)
        return self._apply(
            lambda var, name: self._reduce_function_variable(var, name, func, keep, kwargs), keep
        )

    def _window_dims(
        self, window_dim: Any, window_dim_kwargs: Mapping[Any, Any]
    ) -> dict[Hashable, Hashable]:
        if window_dim is None and not window_dim_kwargs:
            raise ValueError(
                "construct needs the name of the new window dimension, e.g. "
                f"construct('window') or construct({self.dim[0]}='window')"
            )
        if window_dim is not None and not isinstance(window_dim, Mapping):
            if self.ndim != 1:
                raise ValueError(
                    f"rolling over {self.ndim} dimensions needs one window dimension name each; "
                    "pass a mapping, e.g. construct("
                    + ", ".join(f"{d}='{d}_window'" for d in self.dim)
                    + ")"
                )
            window_dim = {self.dim[0]: window_dim}
        names = dict(either_dict_or_kwargs(window_dim, window_dim_kwargs, "construct"))
        unknown = [d for d in names if d not in self.dim]
        if unknown:
            raise KeyError(
                missing_names_message("rolling dimension", unknown, self.dim, "construct")
            )
        missing = [d for d in self.dim if d not in names]
        if missing:
            raise ValueError(
                "construct needs a window dimension name for every rolled dimension; missing "
                "for " + ", ".join(repr(d) for d in missing)
            )
        clash = [n for n in names.values() if n in self.obj.dims]
        if clash:
            raise ValueError(
                f"window dimension name {clash[0]!r} is already a dimension of the object; "
                "choose a new name"
            )
        return names

    def _construct_variable(
        self, var: Any, names: Mapping[Hashable, Hashable], fill_value: Any, keep_attrs: bool
    ) -> Any:
        axes, bounds, dims = self._windows_of(var)
        if not axes:
            return var
        data = var.data if is_chunked_array(var.data) else np.asarray(var.values)
        windows = construct_windows(data, axes, bounds, fill_value)
        new_dims = tuple(var.dims) + tuple(names[d] for d in dims)
        return var._replace(
            dims=new_dims, data=windows, attrs=dict(var.attrs) if keep_attrs else {}, encoding={}
        )

    def construct(
        self,
        window_dim: Hashable | Mapping[Any, Hashable] | None = None,
        stride: int | Mapping[Any, int] = 1,
        fill_value: Any = np.nan,
        keep_attrs: bool | None = None,
        **window_dim_kwargs: Hashable,
    ) -> Any:
        """Every window as a new trailing dimension (a strided view of the padded data).

        Parameters
        ----------
        window_dim : hashable or mapping of hashable to hashable, optional
            Name of the new window dimension (one per rolled dimension: a mapping when rolling
            over several).
        stride : int or mapping of hashable to int, default: 1
            Keep every ``stride``-th window along the rolled dimension(s).
        fill_value : scalar, default: nan
            Value of the positions outside the data (integers become floats for NaN).
        keep_attrs : bool, optional
            Keep the attributes (default: True).
        **window_dim_kwargs : hashable
            The ``window_dim`` mapping as keywords.

        Returns
        -------
        DataArray or Dataset

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x")
        >>> da.rolling(x=2).construct("window").values
        array([[nan,  1.],
               [ 1.,  2.],
               [ 2.,  3.]])
        """
        self._check_fixed("construct")
        names = self._window_dims(window_dim, window_dim_kwargs)
        if isinstance(stride, Mapping):
            strides = {d: stride.get(d, 1) for d in self.dim}
        else:
            strides = dict.fromkeys(self.dim, stride)
        for d, s in strides.items():
            if isinstance(s, bool) or not isinstance(s, (int, np.integer)) or s < 1:
                raise ValueError(f"stride for dimension {d!r} must be a positive int, got {s!r}")
        keep = _get_keep_attrs(default=True) if keep_attrs is None else bool(keep_attrs)
        result = self._apply(
            lambda var, name: self._construct_variable(var, names, fill_value, keep), keep
        )
        steps = {d: slice(None, None, int(s)) for d, s in strides.items() if s != 1}
        return result.isel(steps) if steps else result


def _make_reduction(name: str, summary: str) -> Callable[..., Any]:
    ddof = name in ("var", "std")

    def method(self: Rolling, keep_attrs: bool | None = None, **kwargs: Any) -> Any:
        return self._reduce(name, keep_attrs=keep_attrs, **kwargs)

    method.__name__ = name
    method.__qualname__ = f"Rolling.{name}"
    extra = (
        "        ddof : int, default: 0\n"
        "            Delta degrees of freedom (``ddof=1``: unbiased variance).\n"
        if ddof
        else "        No further arguments are accepted.\n"
    )
    note = (
        "Positions count from the first element of the window, padding included.\n\n    "
        if name.startswith("arg")
        else ""
    )
    method.__doc__ = f"""Moving-window {summary}, skipping missing values.

    {note}Windows with fewer than ``min_periods`` valid values give NaN. Runs an O(n) loop
    (NumPy and Dask) whatever the window length.

    Parameters
    ----------
    keep_attrs : bool, optional
        Keep the attributes (default: True).
    **kwargs
{extra}
    Returns
    -------
    DataArray or Dataset
        Same shape as the object.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 3.0, 2.0, 5.0], dims="x")
    >>> da.rolling(x=2, min_periods=1).{name}().values.round(2).tolist()  # doctest: +ELLIPSIS
    [...]
    """
    return method


for _name, _summary in ROLLING_REDUCTIONS.items():
    setattr(Rolling, _name, _make_reduction(_name, _summary))


class DataArrayRolling(Rolling):
    """Moving windows over a DataArray (see :class:`Rolling`).

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x")
    >>> da.rolling(x=3, center=True, min_periods=1).sum().values
    array([3., 6., 5.])
    """

    def _apply(self, make: Callable[[Any, Hashable], Any], keep_attrs: bool) -> Any:
        obj = self.obj
        return obj._replace(variable=make(obj.variable, obj.name))

    @property
    def window_labels(self) -> Any:
        """Labels of the windows (the coordinate of the rolled dimension)."""
        return self.obj[self.dim[0]]

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.ndim > 1:
            raise ValueError(
                f"iterating over windows needs a single rolled dimension, got {self.dim}"
            )
        dim = self.dim[0]
        b = self._bounds[0]
        labels = self.window_labels
        for i in range(len(b.start)):
            window = self.obj.isel({dim: slice(int(b.start[i]), int(b.end[i]))})
            counts = window.count(dim=[dim])
            yield labels[i], window.where(counts >= self.min_periods)


class DatasetRolling(Rolling):
    """Moving windows over the data variables of a Dataset (see :class:`Rolling`).

    Data variables without any rolled dimension are kept as they are; coordinates are kept.

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1.0, 2.0, 3.0])})
    >>> ds.rolling(x=2).sum()["a"].values
    array([nan,  3.,  5.])
    """

    def _apply(self, make: Callable[[Any, Hashable], Any], keep_attrs: bool) -> Any:
        obj = self.obj
        variables = dict(obj._variables)
        for name, var in obj._variables.items():
            if name not in obj._coord_names:
                variables[name] = make(var, name)
        attrs = dict(obj.attrs) if keep_attrs else {}
        return obj._replace_with_new_dims(variables, set(obj._coord_names), attrs=attrs)
