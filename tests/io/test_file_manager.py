"""LRU file cache, caching file manager, locks, closers and the backend-array helpers."""

from __future__ import annotations

import io
import pickle
import threading

import numpy as np
import pytest

import labarray as la
from labarray.io.backends.common import (
    BackendArray,
    decompose_outer_key,
    explicit_indexing_adapter,
    is_remote_uri,
    normalize_path,
    robust_getitem,
)
from labarray.io.backends.locks import (
    HDF5_LOCK,
    CombinedLock,
    DummyLock,
    SerializableLock,
    combine_locks,
    ensure_lock,
    get_write_lock,
)
from labarray.io.closing import close, get_close, set_close
from labarray.io.file_manager import FILE_CACHE, CachingFileManager, DummyFileManager, LRUCache
from labarray.variable.indexing import (
    BasicIndexer,
    LazilyIndexedArray,
    OuterIndexer,
    VectorizedIndexer,
)


class Handle:
    opened: list[str] = []

    def __init__(self, name: str, mode: str = "r") -> None:
        self.name, self.mode, self.closed = name, mode, False
        Handle.opened.append(f"{name}:{mode}")

    def close(self) -> None:
        self.closed = True


def test_lru_cache_evicts_oldest() -> None:
    evicted = []
    cache = LRUCache(2, on_evict=lambda k, v: evicted.append(k))
    cache["a"], cache["b"] = 1, 2
    assert cache["a"] == 1  # "a" is now the most recent
    cache["c"] = 3
    assert evicted == ["b"] and list(cache) == ["a", "c"] and len(cache) == 2
    assert cache.get("zz", "none") == "none" and "a" in cache
    assert cache.pop("a") == 1 and cache.pop("a", None) is None
    with pytest.raises(KeyError):
        cache.pop("a")


def test_manager_reopens_after_eviction_and_close() -> None:
    Handle.opened.clear()
    cache = LRUCache(1, on_evict=lambda k, v: v.close())
    m1 = CachingFileManager(Handle, "one", mode="r", cache=cache)
    m2 = CachingFileManager(Handle, "two", mode="r", cache=cache)
    h1 = m1.acquire()
    assert m1.acquire() is h1
    m2.acquire()  # evicts "one"
    assert h1.closed and not m1.is_open
    assert m1.acquire() is not h1 and Handle.opened == ["one:r", "two:r", "one:r"]
    m1.close()
    assert not m1.is_open
    m1.close()  # closing twice is harmless


def test_write_mode_reopens_as_append() -> None:
    Handle.opened.clear()
    manager = CachingFileManager(Handle, "w.nc", mode="w", cache=LRUCache(5))
    manager.acquire()
    manager.close()
    manager.acquire()
    assert Handle.opened == ["w.nc:w", "w.nc:a"]


def test_file_cache_size_follows_option() -> None:
    with la.set_options(file_cache_maxsize=3):
        assert FILE_CACHE.maxsize == 3
    with pytest.raises(ValueError, match="file_cache_maxsize"):
        la.set_options(file_cache_maxsize=0)


def test_manager_pickles_its_recipe() -> None:
    manager = CachingFileManager(io.BytesIO, b"abc", mode=None)
    assert manager.acquire().read() == b"abc"
    clone = pickle.loads(pickle.dumps(manager))
    assert clone.acquire() is manager.acquire()  # in this process the copies share the handle
    manager.close()
    assert clone.acquire().read() == b"abc"  # reopened from the recipe
    assert "BytesIO" in repr(manager) and manager.path == b"abc"
    clone.close()


def test_acquire_context_closes_on_error() -> None:
    manager = CachingFileManager(Handle, "ctx", mode="r", cache=LRUCache(5))
    with pytest.raises(RuntimeError, match="inside"):
        with manager.acquire_context():
            raise RuntimeError("inside")
    assert not manager.is_open


def test_dummy_manager() -> None:
    handle = Handle("d")
    manager = DummyFileManager(handle)
    assert manager.acquire() is handle and manager.is_open
    with manager.acquire_context() as h:
        assert h is handle
    manager.close()
    assert handle.closed and not manager.is_open and manager.close() is None


def test_serializable_locks() -> None:
    a = SerializableLock("same")
    assert pickle.loads(pickle.dumps(a)).lock is a.lock
    assert get_write_lock("/x").lock is get_write_lock("/x").lock
    assert get_write_lock("/x").lock is not get_write_lock("/y").lock
    with a:
        assert a.locked()
        with a:  # re-entrant
            pass
    assert not a.locked()
    combined = combine_locks([HDF5_LOCK, None, get_write_lock("/x")])
    assert isinstance(combined, CombinedLock)
    with combined:
        pass
    assert combine_locks([None]).__class__ is DummyLock and combine_locks([a]) is a
    assert isinstance(ensure_lock(False), DummyLock) and ensure_lock(a) is a
    hits = []

    def work() -> None:
        with SerializableLock("shared"):
            hits.append(1)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(hits) == 8


def test_closers() -> None:
    ds, calls = la.Dataset(), []
    set_close(ds, lambda: calls.append(1))
    assert get_close(ds) is not None
    close(ds)
    close(ds)
    assert calls == [1] and get_close(ds) is None
    with pytest.raises(TypeError, match="the closer must be callable or None; got int"):
        set_close(ds, 3)


class Grid(BackendArray):
    def __init__(self) -> None:
        self.values = np.arange(60).reshape(3, 4, 5)
        self.shape, self.dtype = self.values.shape, self.values.dtype
        self.keys: list = []

    def __getitem__(self, key):
        return explicit_indexing_adapter(key, self.shape, self._raw)

    def _raw(self, key):
        for k in key:
            assert isinstance(k, int) or (isinstance(k, slice) and (k.step or 1) > 0), key
        self.keys.append(key)
        return self.values[key]


@pytest.mark.parametrize(
    "key",
    [
        BasicIndexer((1, slice(None, None, -1), slice(1, 4))),
        OuterIndexer((np.array([2, 0]), slice(None), np.array([4, 1, 1]))),
        OuterIndexer((np.array([0, 1, 2]), 2, np.array([], dtype=int))),
        OuterIndexer((slice(None, None, -2), np.array([-1, 0]), slice(3, 0, -1))),
        VectorizedIndexer((np.array([0, 2]), np.array([1, 3]), slice(None, None, -1))),
    ],
)
def test_explicit_indexing_adapter_matches_numpy(key) -> None:
    from labarray.variable.indexing import NumpyIndexingAdapter

    grid = Grid()
    np.testing.assert_array_equal(grid[key], NumpyIndexingAdapter(grid.values)[key])
    assert len(grid.keys) == 1  # one contiguous read


def test_backend_array_basics() -> None:
    grid = Grid()
    assert grid.ndim == 3 and grid.size == 60 and len(grid) == 3 and "shape=(3, 4, 5)" in repr(grid)
    np.testing.assert_array_equal(np.asarray(LazilyIndexedArray(grid)), grid.values)
    assert decompose_outer_key((np.array([1, 3, 5]),), (6,)) == ((slice(1, 6, 2),), (slice(None),))
    with pytest.raises(TypeError, match="expected a BasicIndexer, OuterIndexer or VectorizedIndexer; got tuple"):
        explicit_indexing_adapter((0,), (3,), lambda k: k)


def test_path_helpers_and_retry() -> None:
    assert is_remote_uri("https://x/y.nc") and not is_remote_uri("/a://b" * 0 + "/a/b.nc")
    assert normalize_path(3) == 3
    calls = []

    class Flaky:
        def __getitem__(self, key):
            calls.append(key)
            if len(calls) < 3:
                raise OSError("flaky")
            return key

    assert robust_getitem(Flaky(), 5, catch=OSError, initial_delay=0.0) == 5 and len(calls) == 3
    with pytest.raises(OSError, match="flaky"):
        calls.clear()
        robust_getitem(Flaky(), 5, catch=OSError, max_retries=1, initial_delay=0.0)
