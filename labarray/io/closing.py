"""Which function closes the files behind a Dataset or DataArray.

The façade classes have fixed slots, so the closer of an object opened from a file is kept
here, in a table keyed by the object's identity that forgets the entry when the object is
garbage collected. ``open_dataset`` sets it; ``ds.close()`` and ``with open_dataset(...) as
ds:`` call it.

>>> class Obj:
...     pass
>>> obj, closed = Obj(), []
>>> set_close(obj, lambda: closed.append(True))
>>> close(obj); closed
[True]
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any

__all__ = ["close", "get_close", "set_close"]

_CLOSERS: dict[int, tuple[weakref.ref[Any], Callable[[], Any]]] = {}
_GUARD = threading.Lock()


def _forget(key: int, ref: weakref.ref[Any]) -> None:
    with _GUARD:
        entry = _CLOSERS.get(key)
        if entry is not None and entry[0] is ref:
            del _CLOSERS[key]


def set_close(obj: Any, closer: Callable[[], Any] | None) -> None:
    """Register ``closer`` as the function that releases ``obj``'s files (None: forget it).

    Examples
    --------
    >>> class Obj:
    ...     pass
    >>> o = Obj()
    >>> set_close(o, print); get_close(o) is print
    True
    """
    key = id(obj)
    if closer is None:
        with _GUARD:
            _CLOSERS.pop(key, None)
        return
    if not callable(closer):
        raise TypeError(f"the closer must be callable or None; got {type(closer).__name__}")
    def forget(ref: weakref.ref[Any], key: int = key) -> None:
        _forget(key, ref)

    ref = weakref.ref(obj, forget)
    with _GUARD:
        _CLOSERS[key] = (ref, closer)


def get_close(obj: Any) -> Callable[[], Any] | None:
    """The closer registered for ``obj`` (None when there is none).

    Examples
    --------
    >>> get_close(object()) is None
    True
    """
    entry = _CLOSERS.get(id(obj))
    if entry is None or entry[0]() is not obj:
        return None
    return entry[1]


def close(obj: Any) -> None:
    """Call and forget ``obj``'s closer (nothing happens when it has none or was closed)."""
    closer = get_close(obj)
    if closer is not None:
        set_close(obj, None)
        closer()
