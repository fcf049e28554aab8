"""Grouping methods of DataArray and Dataset: ``groupby``, ``groupby_bins`` and ``resample``.

The machinery lives in :mod:`labarray.compute.grouping`; these functions only resolve the
arguments into groupers and build the GroupBy/Resample object of the caller's type. The module
also defines ``groupers``, the namespace the lead exports as ``labarray.groupers``.

>>> import pandas as pd, labarray as xr
>>> da = xr.DataArray(range(4), dims="time",
...                   coords={"time": pd.date_range("2000-01-30", periods=4, freq="D")})
>>> da.resample(time="MS").sum().values.tolist()
[1, 5]
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any, Literal

from labarray.compute.grouping import groupers as _groupers_module
from labarray.compute.grouping.groupby import (
    DataArrayGroupBy,
    DatasetGroupBy,
    GroupBy,
    resolve_groupers,
)
from labarray.compute.grouping.groupers import (
    BinGrouper,
    EncodedGroups,
    Grouper,
    Resampler,
    SeasonGrouper,
    SeasonResampler,
    TimeResampler,
    UniqueGrouper,
)
from labarray.compute.grouping.resample import DataArrayResample, DatasetResample, Resample
from labarray.dataarray import DataArray
from labarray.utils.suggest import NameNotFoundError, did_you_mean, format_names

__all__ = [
    "DATAARRAY_METHODS",
    "DATASET_METHODS",
    "groupby",
    "groupby_bins",
    "groupers",
    "resample",
]

#: the public namespace ``labarray.groupers``
groupers = types.SimpleNamespace(
    Grouper=Grouper,
    Resampler=Resampler,
    UniqueGrouper=UniqueGrouper,
    BinGrouper=BinGrouper,
    TimeResampler=TimeResampler,
    SeasonGrouper=SeasonGrouper,
    SeasonResampler=SeasonResampler,
    EncodedGroups=EncodedGroups,
    __doc__=_groupers_module.__doc__,
)


def _check_squeeze(squeeze: Any) -> None:
    if squeeze not in (False, None):
        raise ValueError(
            "squeeze=True is no longer supported by groupby; select single elements with "
            ".isel/.squeeze on each group instead"
        )


def _groupby_class(obj: Any) -> type[GroupBy]:
    return DataArrayGroupBy if isinstance(obj, DataArray) else DatasetGroupBy


def groupby(
    self: Any,
    group: Any = None,
    *,
    squeeze: bool = False,
    restore_coord_dims: bool = False,
    eagerly_compute_group: bool | None = None,
    **groupers: Grouper,
) -> GroupBy:
    """Group this object by a variable, a virtual variable or one or several Groupers.

    Parameters
    ----------
    group : str, DataArray, sequence of str or mapping of name to Grouper, optional
        What to group by: a variable, coordinate or dimension name, a date component such as
        ``"time.month"`` or ``"time.season"``, a named DataArray along some of this object's
        dimensions, several names (one result dimension each), or ``{name: Grouper}``.
    squeeze : bool, default: False
        Deprecated; only False is accepted.
    restore_coord_dims : bool, default: False
        Accepted for compatibility.
    eagerly_compute_group : bool, optional
        ``False`` refuses to compute a lazy group (pass its labels with ``UniqueGrouper``).
    **groupers : Grouper
        ``name=Grouper`` pairs, e.g. ``x=BinGrouper(bins=[0, 5, 10])``.

    Returns
    -------
    DataArrayGroupBy or DatasetGroupBy

    Examples
    --------
    >>> import numpy as np, pandas as pd, labarray as xr
    >>> da = xr.DataArray(np.arange(4.0), dims="time",
    ...                   coords={"time": pd.date_range("2000-01-30", periods=4, freq="D")})
    >>> clim = da.groupby("time.month").mean()
    >>> clim.values.tolist()
    [0.5, 2.5]
    >>> (da.groupby("time.month") - clim).values.tolist()
    [-0.5, 0.5, -0.5, 0.5]
    """
    _check_squeeze(squeeze)
    pairs = resolve_groupers(self, group, groupers, eagerly_compute_group)
    return _groupby_class(self)(self, pairs, restore_coord_dims=restore_coord_dims)


def groupby_bins(
    self: Any,
    group: Any,
    bins: Any,
    right: bool = True,
    labels: Any = None,
    precision: int = 3,
    include_lowest: bool = False,
    squeeze: bool = False,
    restore_coord_dims: bool = False,
    duplicates: Literal["raise", "drop"] = "raise",
) -> GroupBy:
    """Group this object by the bins of a numeric variable (see :func:`pandas.cut`).

    Parameters
    ----------
    group : str or DataArray
        The variable to bin.
    bins : int, sequence of scalars or pandas.IntervalIndex
        Monotonically increasing edges, or a number of equal-width bins.
    right : bool, default: True
        Bins include their right edge.
    labels : array-like or False, optional
        Labels of the bins (default: the intervals).
    precision : int, default: 3
        Precision of the interval labels.
    include_lowest : bool, default: False
        The first bin includes its left edge.
    squeeze : bool, default: False
        Deprecated; only False is accepted.
    restore_coord_dims : bool, default: False
        Accepted for compatibility.
    duplicates : {"raise", "drop"}, default: "raise"
        Repeated edges raise or are dropped.

    Returns
    -------
    DataArrayGroupBy or DatasetGroupBy
        The result dimension is named ``<group>_bins``.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x", coords={"x": [1, 2, 3, 4]})
    >>> da.groupby_bins("x", [0, 2, 4]).sum().values.tolist()
    [3.0, 7.0]
    """
    _check_squeeze(squeeze)
    grouper = BinGrouper(bins, right=right, labels=labels, precision=precision,
                         include_lowest=include_lowest, duplicates=duplicates)  # fmt: skip
    group_da = resolve_groupers(self, group, {})[0][0]
    pairs = [(group_da, grouper)]
    return _groupby_class(self)(self, pairs, restore_coord_dims=restore_coord_dims)


def resample(
    self: Any,
    indexer: Mapping[Any, Any] | None = None,
    *,
    skipna: bool | None = None,
    closed: Literal["left", "right"] | None = None,
    label: Literal["left", "right"] | None = None,
    offset: Any = None,
    origin: Any = "start_day",
    restore_coord_dims: bool | None = None,
    **indexer_kwargs: Any,
) -> Resample:
    """Group a time dimension into bins of a frequency: downsample (``.mean()``) or upsample.

    Parameters
    ----------
    indexer : mapping of dimension to frequency, optional
        One ``{dim: freq}`` pair; ``freq`` is a pandas frequency (``"MS"``, ``"6h"``,
        ``"QS-DEC"``), a timedelta, or a Resampler (``TimeResampler``, ``SeasonResampler``).
    skipna : bool, optional
        Default ``skipna`` of the reductions.
    closed, label : {"left", "right"}, optional
        Inclusive edge and labelling edge of the bins (pandas' defaults).
    offset : str or timedelta, optional
        Shift of the bin edges.
    origin : {"epoch", "start", "start_day", "end", "end_day"} or datetime, default: "start_day"
        Alignment of fixed-width bins.
    restore_coord_dims : bool, optional
        Accepted for compatibility.
    **indexer_kwargs
        The ``dim=freq`` pair as a keyword.

    Returns
    -------
    DataArrayResample or DatasetResample

    Examples
    --------
    >>> import numpy as np, pandas as pd, labarray as xr
    >>> da = xr.DataArray(np.arange(60.0), dims="time",
    ...                   coords={"time": pd.date_range("2000-01-01", periods=60, freq="D")})
    >>> da.resample(time="MS").mean().values.tolist()
    [15.0, 45.0]
    """
    indexer = dict(indexer or {}, **indexer_kwargs)
    if len(indexer) != 1:
        raise ValueError(
            f"resample takes exactly one dimension=frequency pair, got {len(indexer)}: "
            f"{list(indexer) or 'none'}"
        )
    ((dim, freq),) = indexer.items()
    dims = tuple(self.dims)
    if dim not in dims:
        hint = did_you_mean(dim, dims)
        raise NameNotFoundError(
            f"cannot resample over {dim!r}: not a dimension; dimensions: {format_names(dims)}"
            + (f"; {hint}" if hint else "")
        )
    if dim not in self.coords:
        raise ValueError(
            f"cannot resample over {dim!r}: the dimension has no coordinate (times) to bin"
        )
    if isinstance(freq, Resampler):
        grouper: Grouper = freq
    elif isinstance(freq, Grouper):
        raise TypeError(
            f"resample needs a Resampler (TimeResampler, SeasonResampler), got "
            f"{type(freq).__name__}; use groupby for other groupers"
        )
    else:
        grouper = TimeResampler(freq, closed=closed, label=label, origin=origin, offset=offset)
    pairs = resolve_groupers(self, {dim: grouper}, {})
    cls = DataArrayResample if isinstance(self, DataArray) else DatasetResample
    return cls(
        self, pairs, dim=dim, restore_coord_dims=bool(restore_coord_dims), default_skipna=skipna
    )


DATAARRAY_METHODS: dict[str, Any] = {
    "groupby": groupby,
    "groupby_bins": groupby_bins,
    "resample": resample,
}
DATASET_METHODS: dict[str, Any] = dict(DATAARRAY_METHODS)
