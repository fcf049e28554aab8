"""Open file handles kept in a least-recently-used cache, reopened on demand.

A :class:`CachingFileManager` knows how to open one file (``opener(*args, mode=..., **kwargs)``)
and hands out the open handle through :meth:`~CachingFileManager.acquire`. Handles live in
one process-wide :class:`LRUCache` whose size is the ``file_cache_maxsize`` option; when
more files are open, the least recently used is closed and transparently reopened the next
time it is needed. A manager pickles as its recipe (never the handle), so lazily opened
datasets can be sent to Dask workers, which reopen the file themselves. A file opened for
writing with ``mode="w"`` is reopened with ``mode="a"`` so that a reopen does not wipe it.

>>> import io
>>> manager = CachingFileManager(io.StringIO, "hello", mode=None)
>>> manager.acquire().read()
'hello'
>>> manager.close()
"""

from __future__ import annotations

import contextlib
import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from labarray.io.backends.locks import SerializableLock
from labarray.options import OPTIONS

__all__ = ["FILE_CACHE", "CachingFileManager", "DummyFileManager", "LRUCache", "close_cached_files"]

_UNSET = object()


class LRUCache:
    """A thread-safe mapping that drops (and hands to ``on_evict``) its least recently used items.

    Parameters
    ----------
    maxsize : int or callable
        Maximum number of items, or a function returning it (read at every insertion, so
        changing the ``file_cache_maxsize`` option takes effect at once).
    on_evict : callable, optional
        Called with ``(key, value)`` for each dropped item.

    Examples
    --------
    >>> dropped = []
    >>> cache = LRUCache(2, on_evict=lambda k, v: dropped.append(k))
    >>> for k in "abc":
    ...     cache[k] = k.upper()
    >>> list(cache), dropped
    (['b', 'c'], ['a'])
    """

    def __init__(self, maxsize: int | Callable[[], int], on_evict: Callable[[Any, Any], None] | None = None) -> None:
        self._maxsize = maxsize
        self._on_evict = on_evict
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.RLock()

    @property
    def maxsize(self) -> int:
        return self._maxsize() if callable(self._maxsize) else self._maxsize

    def __getitem__(self, key: Any) -> Any:
        with self._lock:
            value = self._data[key]
            self._data.move_to_end(key)
            return value

    def get(self, key: Any, default: Any = None) -> Any:
        with self._lock:
            try:
                return self[key]
            except KeyError:
                return default

    def __setitem__(self, key: Any, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            self._shrink(self.maxsize)

    def _shrink(self, size: int) -> None:
        while len(self._data) > size:
            key, value = self._data.popitem(last=False)
            if self._on_evict is not None:
                self._on_evict(key, value)

    def pop(self, key: Any, default: Any = _UNSET) -> Any:
        with self._lock:
            if default is _UNSET:
                return self._data.pop(key)
            return self._data.pop(key, default)

    def __contains__(self, key: Any) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self) -> Iterator[Any]:
        return iter(list(self._data))


def _close_handle(key: Any, handle: Any) -> None:
    close = getattr(handle, "close", None)
    if close is not None:
        # a handle that is already closed (or broken) has nothing left to free
        with contextlib.suppress(Exception):
            close()


#: the process-wide cache of open file handles (size: the ``file_cache_maxsize`` option)
def _maxsize() -> int:
    return int(OPTIONS["file_cache_maxsize"])


FILE_CACHE = LRUCache(_maxsize, on_evict=_close_handle)


def _freeze(value: Any) -> Hashable:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return id(value)
    return value


def close_cached_files(path: Any) -> int:
    """Close every cached handle opened on ``path`` (they reopen on demand); returns how many.

    HDF5 refuses to open a file for writing while this process holds it open for reading, so
    writers call this before appending to a file that may have been opened lazily.

    Examples
    --------
    >>> close_cached_files("/no/such/file.nc")
    0
    """
    closed = 0
    for key in list(FILE_CACHE):
        args = key[1] if isinstance(key, tuple) and len(key) > 1 else ()
        if isinstance(args, tuple) and args and args[0] == path:
            handle = FILE_CACHE.pop(key, None)
            if handle is not None:
                _close_handle(key, handle)
                closed += 1
    return closed


class CachingFileManager:
    """Open a file on demand and keep the handle in :data:`FILE_CACHE`.

    Parameters
    ----------
    opener : callable
        ``opener(*args, mode=mode, **kwargs)`` returns an open handle with ``close()``.
    *args
        Positional arguments of ``opener`` (typically the path).
    mode : str or None, optional
        Passed as ``mode=`` (left out when None); ``"w"`` becomes ``"a"`` after the first open.
    kwargs : dict, optional
        Keyword arguments of ``opener``.
    lock : lock, optional
        Taken while opening and closing the file (default: a lock of this manager).
    cache : LRUCache, optional
        Where handles are kept (default :data:`FILE_CACHE`).
    manager_id : hashable, optional
        Managers with the same id (and recipe) share one handle; default: unique per manager
        (pickled copies keep it, so workers in this process share the parent's handle).

    Examples
    --------
    >>> import io
    >>> m = CachingFileManager(io.BytesIO, b"ab", mode=None)
    >>> with m.acquire_context() as f:
    ...     f.read(1)
    b'a'
    """

    def __init__(self, opener: Callable[..., Any], *args: Any, mode: Any = "r", kwargs: dict[str, Any] | None = None,
                 lock: Any = None, cache: LRUCache | None = None, manager_id: Hashable | None = None) -> None:
        self._opener = opener
        self._args = args
        self._mode = mode
        self._wrote_file = False  # set once a mode="w" open created the file
        self._kwargs = dict(kwargs or {})
        self._manager_id = manager_id if manager_id is not None else uuid.uuid4().hex
        self._lock = lock if lock is not None else SerializableLock()
        self._cache = cache if cache is not None else FILE_CACHE
        self._key = self._make_key()

    def _make_key(self) -> Hashable:
        return (getattr(self._opener, "__qualname__", repr(self._opener)), _freeze(self._args),
                "a" if self._mode == "w" else self._mode, _freeze(self._kwargs), self._manager_id)

    @property
    def path(self) -> Any:
        """The first positional argument of the opener (the file), for messages."""
        return self._args[0] if self._args else None

    def acquire(self, needs_lock: bool = True) -> Any:
        """The open handle (opening the file when it is not cached)."""
        handle, _ = self._acquire_with_cache_info(needs_lock)
        return handle

    @contextmanager
    def acquire_context(self, needs_lock: bool = True) -> Iterator[Any]:
        """Context manager giving the handle; a file opened here is closed again on error."""
        handle, cached = self._acquire_with_cache_info(needs_lock)
        try:
            yield handle
        except Exception:
            if not cached:
                self.close(needs_lock)
            raise

    def _acquire_with_cache_info(self, needs_lock: bool = True) -> tuple[Any, bool]:
        handle = self._cache.get(self._key, _UNSET)
        if handle is not _UNSET:
            return handle, True
        if needs_lock:
            self._lock.acquire()
        try:
            handle = self._cache.get(self._key, _UNSET)
            if handle is not _UNSET:
                return handle, True
            kwargs = dict(self._kwargs)
            if self._mode is not None:
                kwargs["mode"] = self._mode
            self._check_still_there()
            handle = self._opener(*self._args, **kwargs)
            if self._mode == "w":
                self._mode = "a"  # reopening must not truncate what was written
                self._wrote_file = self._local_path() is not None and os.path.exists(self._local_path())
            self._cache[self._key] = handle
            return handle, False
        finally:
            if needs_lock:
                self._lock.release()

    def _local_path(self) -> str | None:
        path = self._args[0] if self._args else None
        return path if isinstance(path, str) and "://" not in path else None

    def _check_still_there(self) -> None:
        """Refuse to reopen a file this manager wrote once it has vanished: netCDF would create it
        again, empty.

        This happens when a failed or cancelled write removed its temporary file while another
        task of the same write still wanted to write into it.
        """
        path = self._local_path()
        if self._wrote_file and path is not None and not os.path.exists(path):
            raise FileNotFoundError(
                2, f"cannot reopen {path!r} for writing: the file no longer exists (a failed or "
                "cancelled write may have removed it)", path,
            )

    def close(self, needs_lock: bool = True) -> None:
        """Close the handle if it is open (it is reopened by the next :meth:`acquire`)."""
        if needs_lock:
            self._lock.acquire()
        try:
            handle = self._cache.pop(self._key, None)
            if handle is not None:
                _close_handle(self._key, handle)
        finally:
            if needs_lock:
                self._lock.release()

    @property
    def is_open(self) -> bool:
        """Whether the handle is currently in the cache."""
        return self._key in self._cache

    def __getstate__(self) -> tuple[Any, ...]:
        # the recipe only: handles and the cache stay in this process
        return (self._opener, self._args, self._mode, self._kwargs, self._lock, self._manager_id)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        opener, args, mode, kwargs, lock, manager_id = state
        self.__init__(opener, *args, mode=mode, kwargs=kwargs, lock=lock, manager_id=manager_id)  # type: ignore[misc]

    def __repr__(self) -> str:
        args = ", ".join(map(repr, self._args))
        return f"{type(self).__name__}({getattr(self._opener, '__qualname__', self._opener)}, {args}, mode={self._mode!r})"


class DummyFileManager:
    """A manager around an object that is already open (e.g. an in-memory file): no caching."""

    def __init__(self, value: Any, close: Callable[[], Any] | None = None) -> None:
        self._value = value
        self._close = close if close is not None else getattr(value, "close", None)

    @property
    def path(self) -> Any:
        return getattr(self._value, "filepath", lambda: None)() if hasattr(self._value, "filepath") else None

    def acquire(self, needs_lock: bool = True) -> Any:
        return self._value

    @contextmanager
    def acquire_context(self, needs_lock: bool = True) -> Iterator[Any]:
        yield self._value

    def close(self, needs_lock: bool = True) -> Any:
        if self._close is not None:
            result = self._close()
            self._close = None
            return result
        return None

    @property
    def is_open(self) -> bool:
        return self._close is not None
