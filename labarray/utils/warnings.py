"""Warning classes of labarray.

Every warning labarray emits derives from :class:`LabarrayWarning`, so users (and the test
suite, which turns them into errors) can filter them in one place.
"""

from __future__ import annotations

import warnings

__all__ = ["LabarrayDeprecationWarning", "LabarrayWarning", "SerializationWarning", "warn"]


class LabarrayWarning(UserWarning):
    """Base class of the warnings emitted by labarray."""


class LabarrayDeprecationWarning(LabarrayWarning, FutureWarning):
    """A behaviour or signature that will change in a future release."""


class SerializationWarning(LabarrayWarning, RuntimeWarning):
    """Encoding or decoding CF conventions lost or changed something (xarray's category of the
    same name: times not exactly representable, NaN without a fill value, ``_Unsigned`` ...)."""


def warn(message: str, category: type[Warning] = LabarrayWarning, stacklevel: int = 3) -> None:
    """Emit ``message`` as a labarray warning, pointing at the caller's caller by default."""
    warnings.warn(message, category, stacklevel=stacklevel)
