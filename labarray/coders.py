"""``labarray.coders``: CF coders that configure decoding (CFDatetimeCoder, CFTimedeltaCoder).

The same import path as xarray's; the implementation lives in ``labarray.coding.coders``.

Examples
--------
>>> from labarray.coders import __all__ as names
>>> len(names) > 0
True
"""

from __future__ import annotations

from labarray.coding.coders import *  # noqa: F403  (re-exported as the public import path)
from labarray.coding.coders import __all__  # noqa: F401
