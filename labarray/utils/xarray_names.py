"""Top-level names of xarray's API that map onto objects labarray already has.

``ALL_DIMS``
    xarray's name for ``...`` (Ellipsis) where a dimension list is expected: "all the
    dimensions", as in ``da.mean(dim=ALL_DIMS)`` or ``da.transpose("y", ALL_DIMS)``.
``SerializationWarning``
    xarray's category for warnings raised while encoding or decoding CF conventions (times,
    fill values, ``_Unsigned`` ...): the category labarray's coders (``labarray.coding``) warn
    with, a :class:`~labarray.utils.warnings.LabarrayWarning` and a ``RuntimeWarning``.

Examples
--------
>>> ALL_DIMS is ...
True
>>> from labarray.utils.warnings import LabarrayWarning
>>> issubclass(SerializationWarning, LabarrayWarning), issubclass(SerializationWarning, RuntimeWarning)
(True, True)
"""

from __future__ import annotations

from types import EllipsisType

from labarray.utils.warnings import SerializationWarning

__all__ = ["ALL_DIMS", "SerializationWarning"]

ALL_DIMS: EllipsisType = ...

