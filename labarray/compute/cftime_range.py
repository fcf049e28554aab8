"""``cftime_range``: the deprecated way to build a :class:`CFTimeIndex` of regular dates.

xarray deprecated ``cftime_range`` (2025.02) in favour of ``date_range(..., use_cftime=True)``
and still ships it with a ``FutureWarning``; labarray does the same, delegating to
:func:`labarray.compute.calendar_ops.date_range`.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from labarray.compute.calendar_ops import date_range
from labarray.indexes.cftime_index import CFTimeIndex
from labarray.utils.warnings import LabarrayDeprecationWarning, warn

__all__ = ["cftime_range"]


def cftime_range(
    start: Any = None,
    end: Any = None,
    periods: int | None = None,
    freq: str | None = None,
    normalize: bool = False,
    name: Hashable | None = None,
    inclusive: str = "both",
    calendar: str = "standard",
) -> CFTimeIndex:
    """Regularly spaced cftime dates (deprecated: use ``date_range(..., use_cftime=True)``).

    Emits a ``FutureWarning`` (a :class:`~labarray.utils.warnings.LabarrayDeprecationWarning`)
    and returns ``date_range(start, end, periods, freq, normalize=normalize, name=name,
    inclusive=inclusive, calendar=calendar, use_cftime=True)``.

    Parameters
    ----------
    start, end : str or datetime-like, optional
        Bounds (ISO 8601 strings, possibly partial, or cftime/datetime objects).
    periods : int, optional
        Number of dates.
    freq : str, optional
        Frequency string (``"D"``, ``"MS"``, ``"6h"`` ...); daily when omitted with only two
        of ``start``, ``end`` and ``periods``.
    normalize : bool, default: False
        Move start and end to midnight.
    name : hashable, optional
        Name of the index.
    inclusive : {"both", "neither", "left", "right"}, default: "both"
        Which bounds to include.
    calendar : str, default: "standard"
        CF calendar of the dates.

    Returns
    -------
    CFTimeIndex

    Raises
    ------
    ValueError
        Whatever :func:`~labarray.date_range` raises for these arguments (e.g. an unknown
        calendar or frequency).

    See Also
    --------
    labarray.date_range

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     index = cftime_range("2000-02-27", periods=4, calendar="noleap")
    >>> [str(d)[:10] for d in index]
    ['2000-02-27', '2000-02-28', '2000-03-01', '2000-03-02']
    """
    warn(
        "cftime_range() is deprecated, please use labarray.date_range(..., use_cftime=True) "
        "instead.",
        LabarrayDeprecationWarning,
        stacklevel=3,
    )
    return date_range(
        start=start,
        end=end,
        periods=periods,
        freq=freq,
        normalize=normalize,
        name=name,
        inclusive=inclusive,
        calendar=calendar,
        use_cftime=True,
    )
