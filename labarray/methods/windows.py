"""Moving-window methods of DataArray and Dataset: ``rolling``, ``rolling_exp``, ``coarsen``.

The bodies only build the window objects of :mod:`labarray.compute.windows`, which hold the
machinery (kernels, Dask scheduling, result assembly).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from labarray.compute.windows.coarsen import Coarsen, DataArrayCoarsen, DatasetCoarsen
from labarray.compute.windows.rolling import DataArrayRolling, DatasetRolling, Rolling
from labarray.compute.windows.rolling_exp import RollingExp
from labarray.utils.dims import either_dict_or_kwargs

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS", "coarsen", "rolling", "rolling_exp"]


def _is_dataset(obj: Any) -> bool:
    return hasattr(obj, "data_vars")


def rolling(
    self: Any,
    dim: Mapping[Any, int] | None = None,
    min_periods: int | None = None,
    center: bool | Mapping[Any, bool] = False,
    **window_kwargs: int,
) -> Rolling:
    """Moving windows along one or several dimensions.

    Parameters
    ----------
    dim : mapping of hashable to int or str, optional
        Window of each dimension: a number of positions, or (labarray extension) a duration
        such as ``"30D"`` on a datetime64/cftime dimension (pandas' time-based windows).
    min_periods : int, optional
        Minimum number of valid values in a window for a non-NaN result; default: the window
        size (product of the sizes), or 1 for time-based windows.
    center : bool or mapping of hashable to bool, default: False
        Centre the windows on their labels instead of ending them there.
    **window_kwargs : int or str
        The ``dim`` mapping as keywords.

    Returns
    -------
    DataArrayRolling or DatasetRolling
        Reduce with ``.mean()``, ``.sum()``, ``.std()``, ... , ``.reduce(func)``, or view the
        windows with ``.construct("window")``.

    Raises
    ------
    KeyError
        An unknown dimension.
    ValueError
        A window smaller than 1 or longer than its dimension; ``min_periods`` out of range.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0, 5.0], dims="time")
    >>> da.rolling(time=3, center=True).mean().values
    array([nan,  2.,  3.,  4., nan])
    """
    windows = either_dict_or_kwargs(dim, window_kwargs, "rolling")
    cls = DatasetRolling if _is_dataset(self) else DataArrayRolling
    return cls(self, windows, min_periods=min_periods, center=center)


def rolling_exp(
    self: Any,
    window: Mapping[Any, float] | None = None,
    window_type: str = "span",
    **window_kwargs: float,
) -> RollingExp:
    """Exponentially weighted moving window along one dimension.

    Parameters
    ----------
    window : mapping of hashable to float, optional
        The dimension and its window size.
    window_type : {"span", "com", "halflife", "alpha"}, default: "span"
        How the window size converts to the decay factor ``alpha``: ``2 / (span + 1)``,
        ``1 / (1 + com)``, ``1 - exp(-ln 2 / halflife)``, or ``alpha`` itself.
    **window_kwargs : float
        The ``window`` mapping as keywords.

    Returns
    -------
    RollingExp
        Reduce with ``.mean()``, ``.sum()``, ``.var()``, ``.std()``.

    Raises
    ------
    KeyError
        An unknown dimension.
    ValueError
        Not exactly one dimension; a window out of range for its type.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="time")
    >>> da.rolling_exp(time=3).mean().values.round(3)
    array([1.   , 1.667, 2.429, 3.267])
    """
    windows = either_dict_or_kwargs(window, window_kwargs, "rolling_exp")
    return RollingExp(self, windows, window_type)


def coarsen(
    self: Any,
    dim: Mapping[Any, int] | None = None,
    boundary: str = "exact",
    side: str | Mapping[Any, str] = "left",
    coord_func: str | Callable[..., Any] | Mapping[Any, Any] = "mean",
    **window_kwargs: int,
) -> Coarsen:
    """Non-overlapping blocks along one or several dimensions (downsampling by reduction).

    Parameters
    ----------
    dim : mapping of hashable to int, optional
        Block length of each dimension.
    boundary : {"exact", "trim", "pad"}, default: "exact"
        When a length is not a multiple of its window: raise, drop the remainder, or pad with
        missing values.
    side : {"left", "right"} or mapping of hashable to str, default: "left"
        Where the blocks are aligned: "left" trims/pads at the end, "right" at the start.
    coord_func : str or callable or mapping, default: "mean"
        How coordinates along the coarsened dimensions are reduced (per coordinate name when a
        mapping).
    **window_kwargs : int
        The ``dim`` mapping as keywords.

    Returns
    -------
    DataArrayCoarsen or DatasetCoarsen
        Reduce with ``.mean()``, ``.sum()``, ... (every aggregation), ``.reduce(func)``, or
        reshape with ``.construct(time=("year", "month"))``.

    Raises
    ------
    KeyError
        An unknown dimension.
    ValueError
        A window below 1; ``boundary="exact"`` with a length that is not a multiple of the window.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], dims="time")
    >>> da.coarsen(time=3).mean().values
    array([2., 5.])
    """
    windows = either_dict_or_kwargs(dim, window_kwargs, "coarsen")
    cls = DatasetCoarsen if _is_dataset(self) else DataArrayCoarsen
    return cls(self, windows, boundary=boundary, side=side, coord_func=coord_func)


DATAARRAY_METHODS: dict[str, Any] = {
    "rolling": rolling,
    "rolling_exp": rolling_exp,
    "coarsen": coarsen,
}
DATASET_METHODS: dict[str, Any] = {
    "rolling": rolling,
    "rolling_exp": rolling_exp,
    "coarsen": coarsen,
}
