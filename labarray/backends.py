"""``labarray.backends``: the backend plugin API (BackendEntrypoint, BackendArray, list_engines, ...).

The same import path as xarray's; the implementation lives in ``labarray.io.backends``.

Examples
--------
>>> from labarray.backends import __all__ as names
>>> len(names) > 0
True
"""

from __future__ import annotations

from labarray.io.backends import *  # noqa: F403  (re-exported as the public import path)
from labarray.io.backends import __all__  # noqa: F401
