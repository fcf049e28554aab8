"""``labarray.groupers``: grouper objects for groupby and resample (UniqueGrouper, BinGrouper, TimeResampler, SeasonGrouper, ...).

The same import path as xarray's; the implementation lives in ``labarray.compute.grouping.groupers``.

Examples
--------
>>> from labarray.groupers import __all__ as names
>>> len(names) > 0
True
"""

from __future__ import annotations

from labarray.compute.grouping.groupers import *  # noqa: F403  (re-exported as the public import path)
from labarray.compute.grouping.groupers import __all__  # noqa: F401
