"""Locks for backend IO: picklable by name, one per file, one shared by every HDF5 call.

The netCDF-C and HDF5 libraries are not thread-safe, so every call into them is made under
:data:`HDF5_LOCK`; writes additionally take the lock of their file (:func:`get_write_lock`).
A :class:`SerializableLock` pickles as its token, so a Dask graph holding one can be sent to
workers in the same process (threads, ``distributed`` with ``processes=False``) and they all
share the same underlying lock; in another process the token maps to that process's lock.

>>> lock = SerializableLock("example")
>>> import pickle
>>> pickle.loads(pickle.dumps(lock)).lock is lock.lock
True
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from typing import Any

__all__ = ["HDF5_LOCK", "CombinedLock", "DummyLock", "SerializableLock", "combine_locks", "ensure_lock",
           "get_write_lock"]

_LOCKS: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()
_LOCKS_GUARD = threading.Lock()


class _RLock:
    """A re-entrant lock that can live in a WeakValueDictionary (``threading.RLock`` cannot)."""

    __slots__ = ("__weakref__", "_lock")

    def __init__(self) -> None:
        self._lock = threading.RLock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()


class SerializableLock:
    """A re-entrant lock identified by a token; pickling keeps the token, not the lock.

    Parameters
    ----------
    token : str, optional
        Locks with the same token (in one process) share one underlying lock. Default: a
        fresh unique token.

    Examples
    --------
    >>> a, b = SerializableLock("t"), SerializableLock("t")
    >>> a.lock is b.lock
    True
    >>> with a:
    ...     a.locked()
    True
    """

    def __init__(self, token: str | None = None) -> None:
        import uuid

        self.token = token or uuid.uuid4().hex
        with _LOCKS_GUARD:
            lock = _LOCKS.get(self.token)
            if lock is None:
                lock = _RLock()
                _LOCKS[self.token] = lock
        self.lock = lock
        self._depth = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Acquire the lock (re-entrant within a thread)."""
        got = self.lock.acquire(blocking, timeout)
        if got:
            self._depth += 1
        return got

    def release(self) -> None:
        """Release one level of the lock."""
        self._depth -= 1
        self.lock.release()

    def locked(self) -> bool:
        """Whether this object currently holds the lock."""
        return self._depth > 0

    def __enter__(self) -> SerializableLock:
        self.acquire()
        return self

    def __exit__(self, *args: Any) -> None:
        self.release()

    def __getstate__(self) -> str:
        return self.token

    def __setstate__(self, token: str) -> None:
        self.__init__(token)  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"<SerializableLock {self.token}>"


class DummyLock:
    """A lock that does nothing (for stores that need no locking)."""

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        return True

    def release(self) -> None:
        pass

    def __enter__(self) -> DummyLock:
        return self

    def __exit__(self, *args: Any) -> None:
        pass


class CombinedLock:
    """Several locks taken together, always in the same order (no lock-order deadlocks)."""

    def __init__(self, locks: Iterable[Any]) -> None:
        self.locks = tuple(dict.fromkeys(locks))  # drop duplicates, keep order

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        taken: list[Any] = []
        for lock in self.locks:
            if not lock.acquire(blocking, timeout):
                for other in reversed(taken):
                    other.release()
                return False
            taken.append(lock)
        return True

    def release(self) -> None:
        for lock in reversed(self.locks):
            lock.release()

    def __enter__(self) -> CombinedLock:
        self.acquire()
        return self

    def __exit__(self, *args: Any) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"CombinedLock({list(self.locks)!r})"


#: the lock around every call into netCDF-C/HDF5 (neither is thread-safe)
HDF5_LOCK = SerializableLock("labarray-hdf5")


def get_write_lock(key: str) -> SerializableLock:
    """The lock of one file (by path), shared by every writer of it in this process.

    Examples
    --------
    >>> get_write_lock("/tmp/a.nc").lock is get_write_lock("/tmp/a.nc").lock
    True
    """
    return SerializableLock(f"labarray-file:{key}")


def combine_locks(locks: Iterable[Any]) -> Any:
    """One lock acquiring all of ``locks`` (``None`` entries ignored; a single one as is)."""
    flat: list[Any] = []
    for lock in locks:
        if lock is None:
            continue
        flat.extend(lock.locks if isinstance(lock, CombinedLock) else [lock])
    if not flat:
        return DummyLock()
    return flat[0] if len(flat) == 1 else CombinedLock(flat)


def ensure_lock(lock: Any) -> Any:
    """``lock``, or a :class:`DummyLock` when it is None/False."""
    return lock if lock not in (None, False) else DummyLock()
