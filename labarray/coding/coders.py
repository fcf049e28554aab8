"""The public coder classes, as ``xarray.coders``: pass them as ``decode_times=`` /
``decode_timedelta=`` to ``open_dataset`` and ``decode_cf``.

>>> import numpy as np
>>> import labarray as la
>>> from labarray.coding import coders
>>> ds = la.Dataset({"t": ("t", np.array([0, 1]), {"units": "days since 2000-01-01"})})
>>> la.decode_cf(ds, decode_times=coders.CFDatetimeCoder(time_unit="s"))["t"].dtype
dtype('<M8[s]')
"""

from __future__ import annotations

from labarray.coding.times import CFDatetimeCoder, CFTimedeltaCoder

__all__ = ["CFDatetimeCoder", "CFTimedeltaCoder"]
