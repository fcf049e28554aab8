"""Top-level names of xarray's API that map onto objects labarray already has.

``ALL_DIMS``
    xarray's name for ``...`` (Ellipsis) where a dimension list is expected: "all the
    dimensions", as in ``da.mean(dim=ALL_DIMS)`` or ``da.transpose("y", ALL_DIMS)``.
``SerializationWarning``
    xarray's category for warnings raised while encoding or decoding CF conventions (times,
    fill values, ``_Unsigned`` ...). labarray's coders (``labarray.coding``) emit
    :class:`~labarray.utils.warnings.LabarrayWarning`, so ``SerializationWarning`` is that
    class: filtering it (``warnings.filterwarnings("ignore", category=SerializationWarning)``)
    or expecting it (``pytest.warns(SerializationWarning)``) catches the coders' warnings --
    and, being the base class, every other labarray warning too.

Examples
--------
>>> ALL_DIMS is ...
True
>>> import warnings
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     warnings.warn("times cannot be encoded exactly", LabarrayWarning)
>>> issubclass(caught[0].category, SerializationWarning)
True
"""

from __future__ import annotations

from types import EllipsisType

from labarray.utils.warnings import LabarrayWarning

__all__ = ["ALL_DIMS", "SerializationWarning"]

ALL_DIMS: EllipsisType = ...

SerializationWarning = LabarrayWarning
