"""Groupers: objects that turn a grouping variable into integer codes and output labels.

A grouper's :meth:`~Grouper.factorize` receives the group (a 1-D or N-D DataArray, already in
memory) and returns :class:`EncodedGroups`: one ``int64`` code per element of the group
(``-1``: the element belongs to no group) and the labels of every output group, which become the
coordinate of the grouped result. The GroupBy machinery then works on codes only, whatever the
grouper: unique values (:class:`UniqueGrouper`), bins (:class:`BinGrouper`), time bins of a
frequency (:class:`TimeResampler`) or seasons (:class:`SeasonGrouper`,
:class:`SeasonResampler`). Time bins of cftime calendars live in
:mod:`labarray.compute.grouping.time_bins`.

>>> import numpy as np
>>> from labarray.variable import Variable
>>> class Group:  # a stand-in for a DataArray
...     name, dims, variable = "x", ("x",), Variable("x", np.array([3, 1, 3, 2]))
>>> enc = UniqueGrouper().factorize(Group())
>>> enc.codes.tolist(), enc.labels.tolist()
([2, 0, 2, 1], [1, 2, 3])
"""

from __future__ import annotations

import abc
import copy
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from labarray.accessors.dt import datetime_field, time_kind
from labarray.compute.grouping.time_bins import cftime_bins, datetime_bins, validate_freq
from labarray.parallel.chunkmanager import is_chunked_array

__all__ = [
    "BinGrouper",
    "EncodedGroups",
    "Grouper",
    "Resampler",
    "SeasonGrouper",
    "SeasonResampler",
    "TimeResampler",
    "UniqueGrouper",
]


@dataclass
class EncodedGroups:
    """The result of :meth:`Grouper.factorize`.

    Parameters
    ----------
    codes : numpy.ndarray of int64
        One code per element of the group (same shape), in ``[0, len(labels))``; ``-1`` marks an
        element that belongs to no group (missing value, outside every bin).
    labels : numpy.ndarray
        Label of every output group, in output order (empty groups included).
    name : hashable
        Name of the output dimension and coordinate (``"month"``, ``"x_bins"``, ``"time"``).
    group_dims : tuple of hashable
        Dimensions of the group.
    coord_attrs : dict
        Attributes of the output coordinate.

    Examples
    --------
    >>> enc = EncodedGroups(np.array([0, 1, 0]), np.array(["a", "b"]), "letter", ("x",))
    >>> enc.ngroups
    2
    """

    codes: np.ndarray
    labels: np.ndarray
    name: Hashable
    group_dims: tuple[Hashable, ...]
    coord_attrs: dict[Any, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # string labels are kept as Python strings (object dtype), as xarray's group coordinates
        if self.labels.dtype.kind in "US":
            self.labels = self.labels.astype(object)

    @property
    def ngroups(self) -> int:
        """Number of output groups."""
        return len(self.labels)

    @property
    def full_index(self) -> pd.Index:
        """The labels as a pandas Index."""
        return pd.Index(self.labels, name=self.name, tupleize_cols=False)


def _group_values(group: Any) -> np.ndarray:
    """The group's values as NumPy (a lazy group is computed: codes must be known eagerly)."""
    variable = group.variable
    return np.asarray(variable.values)


class Grouper(abc.ABC):
    """Base class of the groupers: :meth:`factorize` a group into :class:`EncodedGroups`.

    Subclasses are small dataclasses holding the grouper's options; one instance may be reused
    for several objects.

    Examples
    --------
    >>> isinstance(UniqueGrouper(), Grouper)
    True
    """

    @abc.abstractmethod
    def factorize(self, group: Any) -> EncodedGroups:
        """Compute the integer codes and output labels of ``group`` (a DataArray)."""

    def reset(self) -> Grouper:
        """A fresh copy of this grouper (groupers keep no state, so a shallow copy)."""
        return copy.copy(self)


class Resampler(Grouper):
    """Base class of the groupers that bin a time dimension (used by ``resample``)."""


@dataclass
class UniqueGrouper(Grouper):
    """Group by the unique values of a variable (sorted), or by the given ``labels``.

    Parameters
    ----------
    labels : array-like, optional
        The groups, in output order. Elements whose value is not among them belong to no group;
        labels that never occur give empty groups (NaN after ``mean``).

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", ["b", "a", "b"])})
    >>> da.groupby(g=UniqueGrouper()).sum().values.tolist()
    [2.0, 4.0]
    """

    labels: Any = None

    def factorize(self, group: Any) -> EncodedGroups:
        values = _group_values(group)
        flat = values.reshape(-1)
        if self.labels is not None:
            labels = np.asarray(self.labels)
            if labels.ndim != 1:
                raise ValueError(
                    f"UniqueGrouper labels must be 1-dimensional, got shape {labels.shape}"
                )
            index = pd.Index(labels, tupleize_cols=False)
            if not index.is_unique:
                raise ValueError(f"UniqueGrouper labels must be unique, got {labels.tolist()}")
            codes = index.get_indexer(pd.Index(flat, tupleize_cols=False)).astype(np.int64)
        elif _is_monotonic_dimension_coordinate(group, values):
            # a dimension coordinate of unique, sorted values (either way, e.g. pressure levels
            # or latitudes from 90 to -90): every element is its own group, in the index's order
            codes, labels = np.arange(flat.size, dtype=np.int64), flat
        else:
            if flat.dtype.kind in "iub":
                # small integer ranges (month, hour ...): a bincount beats hashing
                codes, labels = _factorize_ints(flat)
            else:
                codes, uniques = pd.factorize(flat, sort=True, use_na_sentinel=True)
                labels = np.asarray(uniques, dtype=flat.dtype if flat.dtype.kind != "O" else object)
                codes = codes.astype(np.int64, copy=False)
        return EncodedGroups(
            codes.reshape(values.shape), labels, group.name, tuple(group.dims),
            dict(group.variable.attrs),
        )  # fmt: skip


def _is_monotonic_dimension_coordinate(group: Any, values: np.ndarray) -> bool:
    """Whether ``group`` is a dimension coordinate (named after its only dimension) whose values
    are unique and increasing or decreasing: then its groups keep the coordinate's order."""
    if tuple(group.dims) != (group.name,) or values.ndim != 1:
        return False
    index = pd.Index(values, tupleize_cols=False)
    return bool(
        index.is_unique and (index.is_monotonic_increasing or index.is_monotonic_decreasing)
    )


def _factorize_ints(flat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique values and codes of integer (or bool) data."""
    if flat.size == 0:
        return np.zeros(0, np.int64), flat[:0]
    lo, hi = int(flat.min()), int(flat.max())
    if hi - lo <= max(4 * flat.size, 1024):
        shifted = flat.astype(np.int64) - lo
        present = np.bincount(shifted, minlength=hi - lo + 1) > 0
        lookup = np.cumsum(present) - 1
        labels = (np.flatnonzero(present) + lo).astype(flat.dtype)
        return lookup[shifted].astype(np.int64), labels
    labels, codes = np.unique(flat, return_inverse=True)
    return codes.astype(np.int64).reshape(-1), labels


@dataclass
class BinGrouper(Grouper):
    """Group by the bins of a numeric variable (through :func:`pandas.cut`).

    Parameters
    ----------
    bins : int, sequence of scalars or pandas.IntervalIndex
        Bin edges (monotonically increasing), or a number of equal-width bins spanning the data.
    right : bool, default: True
        Bins include their right edge (``(a, b]``); ``False`` gives ``[a, b)``.
    labels : array-like or False, optional
        Labels of the bins (default: the intervals).
    precision : int, default: 3
        Precision of the interval labels.
    include_lowest : bool, default: False
        The first bin includes its left edge.
    duplicates : {"raise", "drop"}, default: "raise"
        What to do with repeated edges.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x", coords={"x": [1, 2, 3, 4]})
    >>> da.groupby(x=BinGrouper(bins=[0, 2, 4])).sum().values.tolist()
    [3.0, 7.0]
    """

    bins: Any
    right: bool = True
    labels: Any = None
    precision: int = 3
    include_lowest: bool = False
    duplicates: Literal["raise", "drop"] = "raise"

    def __post_init__(self) -> None:
        if self.duplicates not in ("raise", "drop"):
            raise ValueError(f"duplicates must be 'raise' or 'drop', got {self.duplicates!r}")
        if not isinstance(self.bins, (int, np.integer, pd.IntervalIndex)):
            edges = np.asarray(self.bins)
            if edges.ndim != 1:
                raise ValueError(f"bins must be an int or 1-dimensional, got shape {edges.shape}")
            diffs = np.diff(edges)
            if edges.dtype.kind in "mMfiu" and (diffs < np.zeros((), diffs.dtype)).any():
                raise ValueError(
                    f"bins must increase monotonically, got {edges.tolist()}; sort the edges"
                )
        elif isinstance(self.bins, (int, np.integer)) and self.bins < 1:
            raise ValueError(f"bins must be at least 1, got {self.bins}")

    def factorize(self, group: Any) -> EncodedGroups:
        values = _group_values(group)
        if values.dtype.kind not in "iufmMb":
            raise TypeError(
                f"cannot bin {group.name!r}: bins need numeric or time values, got dtype "
                f"{values.dtype}"
            )
        try:
            cut = pd.cut(
                values.reshape(-1), self.bins, right=self.right, labels=self.labels,
                precision=self.precision, include_lowest=self.include_lowest,
                duplicates=self.duplicates,
            )  # fmt: skip
        except ValueError as err:
            raise ValueError(f"cannot bin {group.name!r} with bins {self.bins!r}: {err}") from err
        if isinstance(cut, np.ndarray):  # labels=False: plain integer codes
            codes = np.where(np.isnan(cut.astype(float)), -1, cut).astype(np.int64)
            nbins = self.bins if isinstance(self.bins, (int, np.integer)) else len(self.bins) - 1
            labels = np.arange(nbins)
        else:
            codes = np.asarray(cut.codes, dtype=np.int64)
        if (codes < 0).all() and not is_chunked_array(group.variable._data):
            # as xarray: binning that selects nothing is a mistake (a lazy group is let through)
            observed = values[~pd.isna(values)] if values.size else values
            extent = (
                f"{group.name!r} ranges from {observed.min()} to {observed.max()}"
                if observed.size
                else f"{group.name!r} has no (non-missing) values"
            )
            raise ValueError(
                f"None of the data falls within bins with edges {_edges_repr(self.bins)}: {extent}"
            )
        if not isinstance(cut, np.ndarray):
            categories = cut.categories
            if isinstance(categories, pd.IntervalIndex):
                labels = np.asarray(list(categories), dtype=object)
            else:
                labels = np.asarray(categories.to_numpy())
        return EncodedGroups(codes.reshape(values.shape), labels, f"{group.name}_bins",
                             tuple(group.dims), dict(group.variable.attrs))  # fmt: skip


def _edges_repr(bins: Any) -> str:
    if isinstance(bins, (int, np.integer)):
        return f"({bins} equal-width bins)"
    if isinstance(bins, pd.IntervalIndex):
        return str([str(interval) for interval in bins])
    return str(np.asarray(bins).tolist())


def _time_values(group: Any, what: str) -> tuple[np.ndarray, Any]:
    values = _group_values(group)
    kind = time_kind(values)
    if kind not in ("datetime64", "cftime"):
        raise TypeError(
            f"{what} needs a datetime64 or cftime variable, but {group.name!r} has dtype "
            f"{values.dtype}"
        )
    if values.ndim != 1:
        raise ValueError(
            f"{what} needs a 1-dimensional time variable; {group.name!r} has dims {group.dims}"
        )
    return values, kind


@dataclass
class TimeResampler(Resampler):
    """Bin a time dimension by a frequency (``"MS"``, ``"6h"``, ``"QS-DEC"`` ...).

    datetime64 times are binned by pandas; cftime times (any CF calendar) by labarray's own
    calendar-aware offsets, with the same rules.

    Parameters
    ----------
    freq : str, datetime.timedelta or pandas offset
        Bin width.
    closed : {"left", "right"}, optional
        Which edge of each bin is inclusive (default: "right" for end-anchored frequencies
        ``ME/QE/YE/W``, "left" otherwise).
    label : {"left", "right"}, optional
        Which edge labels the bin (same default as ``closed``).
    origin : {"epoch", "start", "start_day", "end", "end_day"} or datetime, default: "start_day"
        Timestamp the bins of fixed-width frequencies are aligned to.
    offset : str or datetime.timedelta, optional
        Shift of the bin edges.

    Examples
    --------
    >>> import pandas as pd, labarray as xr
    >>> da = xr.DataArray(range(4), dims="time",
    ...                   coords={"time": pd.date_range("2000-01-30", periods=4, freq="D")})
    >>> da.resample(time=TimeResampler("MS")).sum().values.tolist()
    [1, 5]
    """

    freq: Any
    closed: Literal["left", "right"] | None = None
    label: Literal["left", "right"] | None = None
    origin: Any = "start_day"
    offset: Any = None

    def __post_init__(self) -> None:
        for name in ("closed", "label"):
            value = getattr(self, name)
            if value not in (None, "left", "right"):
                raise ValueError(f"{name} must be 'left', 'right' or None, got {value!r}")
        validate_freq(self.freq)

    def factorize(self, group: Any) -> EncodedGroups:
        values, kind = _time_values(group, "resample")
        options = {
            "closed": self.closed,
            "label": self.label,
            "origin": self.origin,
            "offset": self.offset,
        }
        if kind == "datetime64":
            codes, labels = datetime_bins(values, self.freq, **options)
        else:
            codes, labels = cftime_bins(values, self.freq, **options)
        return EncodedGroups(codes, labels, group.name, tuple(group.dims),
                             dict(group.variable.attrs))  # fmt: skip


_MONTH_LETTERS = "JFMAMJJASOND"


def _season_months(seasons: Sequence[str]) -> list[tuple[int, ...]]:
    """Months (1-12) of each season string; seasons are runs of consecutive month initials."""
    if isinstance(seasons, str) or not len(seasons):
        raise ValueError(f"seasons must be a non-empty sequence of strings, got {seasons!r}")
    doubled = _MONTH_LETTERS * 2
    result = []
    for season in seasons:
        if not isinstance(season, str) or not 1 <= len(season) <= 12:
            raise ValueError(f"season {season!r} is not a string of 1 to 12 month initials")
        starts = [i for i in range(12) if doubled[i : i + len(season)] == season.upper()]
        if not starts:
            raise ValueError(
                f"season {season!r} is not a run of consecutive month initials from "
                f"{_MONTH_LETTERS!r} (e.g. 'DJF', 'JJAS')"
            )
        if len(starts) > 1:
            raise ValueError(f"season {season!r} is ambiguous: it matches several month runs")
        result.append(tuple((starts[0] + k) % 12 + 1 for k in range(len(season))))
    seen: dict[int, str] = {}
    for season, months in zip(seasons, result, strict=True):
        for m in months:
            if m in seen:
                raise ValueError(
                    f"seasons {seen[m]!r} and {season!r} overlap (month {m}); overlapping "
                    "seasons cannot be grouped in one pass: group each season separately"
                )
            seen[m] = season
    return result


def _month_and_year(group: Any, what: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    values, kind = _time_values(group, what)
    month = np.asarray(datetime_field(values, "month", kind))
    year = np.asarray(datetime_field(values, "year", kind))
    missing = np.isnan(month) if month.dtype.kind == "f" else np.zeros(month.shape, bool)
    month = np.where(missing, 1, month).astype(np.int64)
    year = np.where(missing, 0, year).astype(np.int64)
    return month, year, missing, kind


@dataclass
class SeasonGrouper(Grouper):
    """Group a time variable by seasons made of consecutive months, e.g. ``["DJF", "MAM", "JJA", "SON"]``.

    Parameters
    ----------
    seasons : sequence of str
        Each season is a run of month initials (``"DJF"``, ``"JJAS"``, ``"ONDJFM"``); seasons
        must not overlap. Months in no season belong to no group.

    Examples
    --------
    >>> import pandas as pd, labarray as xr
    >>> da = xr.DataArray(range(12), dims="time",
    ...                   coords={"time": pd.date_range("2000-01-01", periods=12, freq="MS")})
    >>> da.groupby(time=SeasonGrouper(["JFMA", "MJJASOND"])).sum().values.tolist()
    [6, 60]
    """

    seasons: Sequence[str]

    def __post_init__(self) -> None:
        self._months = _season_months(self.seasons)

    def factorize(self, group: Any) -> EncodedGroups:
        month, _, missing, _ = _month_and_year(group, "SeasonGrouper")
        lookup = np.full(13, -1, dtype=np.int64)
        for i, months in enumerate(self._months):
            lookup[list(months)] = i
        codes = np.where(missing, -1, lookup[month])
        return EncodedGroups(codes, np.asarray(list(self.seasons), dtype=object), "season",
                             tuple(group.dims), dict(group.variable.attrs))  # fmt: skip


@dataclass
class SeasonResampler(Resampler):
    """Resample a time dimension to seasons: one bin per season and year, labelled by its first day.

    Parameters
    ----------
    seasons : sequence of str
        Non-overlapping runs of month initials (see :class:`SeasonGrouper`).
    drop_incomplete : bool, default: True
        Drop bins of which some month has no data (e.g. a ``DJF`` whose December precedes the
        record).

    Examples
    --------
    >>> import pandas as pd, labarray as xr
    >>> da = xr.DataArray(range(12), dims="time",
    ...                   coords={"time": pd.date_range("2000-01-01", periods=12, freq="MS")})
    >>> res = da.resample(time=SeasonResampler(["DJF", "MAM", "JJA", "SON"])).sum()
    >>> res.values.tolist()
    [9, 18, 27]
    """

    seasons: Sequence[str]
    drop_incomplete: bool = True

    def __post_init__(self) -> None:
        self._months = _season_months(self.seasons)

    def factorize(self, group: Any) -> EncodedGroups:
        month, year, missing, kind = _month_and_year(group, "SeasonResampler")
        season_of = np.full(13, -1, dtype=np.int64)
        position = np.zeros(13, dtype=np.int64)
        for i, months in enumerate(self._months):
            season_of[list(months)] = i
            position[list(months)] = np.arange(len(months))
        season = season_of[month]
        first_month = np.array([m[0] for m in self._months] + [1])[season]
        # months of a season that wraps the year end (DJF) count from the season's start year
        start_year = np.where(month < first_month, year - 1, year)
        valid = (season >= 0) & ~missing
        key = np.where(valid, start_year * 12 + (first_month - 1), -1)
        keys, codes = np.unique(key, return_inverse=True)
        codes = codes.reshape(-1).astype(np.int64)
        if keys.size and keys[0] == -1:
            keys, codes = keys[1:], codes - 1
        if self.drop_incomplete and keys.size:
            nmonths = np.array([len(m) for m in self._months])
            seen = np.zeros((keys.size, 12), bool)
            ok = codes >= 0
            seen[codes[ok], position[month[ok]]] = True
            key_season = season_of[(keys % 12) + 1]
            complete = seen.sum(axis=1) == nmonths[key_season]
            remap = np.where(complete, np.cumsum(complete) - 1, -1)
            codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
            keys = keys[complete]
        labels = _month_starts(keys // 12, keys % 12 + 1, kind, group)
        return EncodedGroups(codes, labels, group.name, tuple(group.dims),
                             dict(group.variable.attrs))  # fmt: skip


def _month_starts(years: np.ndarray, months: np.ndarray, kind: str, group: Any) -> np.ndarray:
    """First days of the given months, as datetime64 or as cftime dates of the group's calendar."""
    if kind == "datetime64":
        unit = np.datetime_data(group.variable.dtype)[0]
        texts = [
            f"{y:04d}-{m:02d}-01" for y, m in zip(years.tolist(), months.tolist(), strict=True)
        ]
        return np.array(texts, dtype=f"M8[{unit}]")
    import cftime

    values = _group_values(group)
    sample = next(v for v in values.reshape(-1) if v is not None)
    return np.array(
        [
            cftime.datetime(y, m, 1, calendar=sample.calendar)
            for y, m in zip(years.tolist(), months.tolist(), strict=True)
        ],
        dtype=object,
    )
