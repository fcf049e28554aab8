"""The two classes a backend implements: :class:`BackendArray` and :class:`BackendEntrypoint`.

A backend reads a file (or store) into a :class:`~labarray.Dataset`: its entrypoint's
``open_dataset`` builds an :class:`~labarray.io.backends.store.AbstractDataStore` whose
variables hold :class:`BackendArray` objects wrapped in
:class:`~labarray.variable.indexing.LazilyIndexedArray` (selection composes without reading),
and hands the store to :func:`~labarray.io.backends.store.open_store_dataset`, the one CF
decoding path shared by every engine.

>>> import numpy as np
>>> from labarray.variable.indexing import BasicIndexer, OuterIndexer
>>> class Ones(BackendArray):
...     def __init__(self, shape):
...         self.shape, self.dtype = shape, np.dtype("f8")
...     def __getitem__(self, key):
...         return explicit_indexing_adapter(key, self.shape, lambda k: np.ones(self.shape)[k])
>>> Ones((2, 3))[OuterIndexer((np.array([1, 0]), slice(None, 2)))].shape
(2, 2)
"""

from __future__ import annotations

import os
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import numpy as np

from labarray.variable.indexing import (
    BasicIndexer,
    ExplicitIndexer,
    ExplicitlyIndexed,
    OuterIndexer,
    VectorizedIndexer,
    outer_to_vectorized,
)

__all__ = [
    "BackendArray",
    "BackendEntrypoint",
    "decompose_outer_key",
    "explicit_indexing_adapter",
    "is_remote_uri",
    "normalize_path",
    "robust_getitem",
]


class BackendArray(ExplicitlyIndexed, ABC):
    """A lazily read array in a file: ``shape``, ``dtype`` and ``__getitem__(indexer)``.

    Subclasses set ``shape`` and ``dtype`` (attributes or properties) and implement
    ``__getitem__`` taking a :class:`~labarray.variable.indexing.BasicIndexer` or
    :class:`~labarray.variable.indexing.OuterIndexer` and returning a NumPy array;
    :func:`explicit_indexing_adapter` turns any such key into ints and increasing slices
    (what most file formats read natively) plus an in-memory NumPy step.

    Examples
    --------
    >>> class Range(BackendArray):
    ...     shape, dtype = (5,), np.dtype("i8")
    ...     def __getitem__(self, key):
    ...         return explicit_indexing_adapter(key, self.shape, lambda k: np.arange(5)[k])
    >>> np.asarray(Range())
    array([0, 1, 2, 3, 4])
    """

    shape: tuple[int, ...]
    dtype: np.dtype[Any]

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-dimensional array")
        return self.shape[0]

    @abstractmethod
    def __getitem__(self, key: ExplicitIndexer) -> np.ndarray:
        """Read the selected values (a NumPy array)."""

    def get_duck_array(self) -> np.ndarray:
        """Read every value."""
        return np.asarray(self[BasicIndexer((slice(None),) * self.ndim)])

    def __repr__(self) -> str:
        return f"{type(self).__name__}(shape={self.shape}, dtype={self.dtype})"


def _array_to_slice(arr: np.ndarray, size: int, outer: bool = False) -> tuple[Any, Any]:
    """A file key covering the positions ``arr`` and the key selecting them from its result.

    Usually the increasing slice spanning them (one contiguous read); when the positions are
    sparse (the span is much longer than the selection) and the backend reads integer arrays
    itself (``outer``), their sorted unique values instead, so memory stays bounded.
    """
    if arr.size == 0:
        return slice(0, 0), slice(None)
    arr = np.where(arr < 0, arr + size, arr)
    lo, hi = int(arr.min()), int(arr.max())
    if arr.size > 1:
        steps = np.diff(arr)
        step = int(steps[0])
        if step > 0 and np.all(steps == step):
            return slice(lo, hi + 1, step), slice(None)  # a regular increasing array is a slice
    if outer and hi + 1 - lo > 4 * arr.size + 1024:
        unique = np.unique(arr)
        return unique, np.searchsorted(unique, arr)
    return slice(lo, hi + 1), arr - lo


def decompose_outer_key(key: tuple[Any, ...], shape: tuple[int, ...],
                        indexing_support: str = "basic") -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """Split an outer key into a file key (ints, increasing slices) and a NumPy key on its result.

    Integer arrays become the slice spanning them (one contiguous read, usually much faster
    than point reads) and are applied afterwards in memory -- or, with ``indexing_support=
    "outer"`` and sparse positions, sorted unique integer arrays the backend reads itself;
    negative-step slices are read forwards and reversed.

    Examples
    --------
    >>> decompose_outer_key((np.array([4, 2]), slice(None, None, -1), 1), (6, 3, 2))
    ((slice(2, 5, None), slice(0, 3, 1), 1), (array([2, 0]), slice(None, None, -1)))
    """
    backend: list[Any] = []
    numpy: list[Any] = []
    for k, size in zip(key, shape, strict=True):
        if isinstance(k, slice):
            start, stop, step = k.indices(size)
            if step > 0:
                backend.append(slice(start, max(start, stop), step))
                numpy.append(slice(None))
            else:
                n = len(range(start, stop, step))
                first = start + (n - 1) * step if n else 0
                backend.append(slice(first, start + 1 if n else 0, -step))
                numpy.append(slice(None, None, -1))
        elif isinstance(k, np.ndarray):
            file_key, np_key = _array_to_slice(k, size, outer=indexing_support == "outer")
            backend.append(file_key)
            numpy.append(np_key)
        else:
            k = int(k)
            backend.append(k + size if k < 0 else k)
    return tuple(backend), tuple(numpy)


def explicit_indexing_adapter(
    key: ExplicitIndexer, shape: tuple[int, ...], raw_indexing_method: Callable[[tuple[Any, ...]], Any],
    indexing_support: str = "basic",
) -> np.ndarray:
    """Apply any explicit indexer through a method that supports only ints and increasing slices.

    Parameters
    ----------
    key : BasicIndexer, OuterIndexer or VectorizedIndexer
    shape : tuple of int
        Shape of the array in the file.
    raw_indexing_method : callable
        Reads ``array[tuple of ints and increasing slices]`` from the file.
    indexing_support : {"basic", "outer"}, default: "basic"
        "outer": the method also reads sorted unique 1-D integer arrays (orthogonally), used
        for sparse selections.

    Examples
    --------
    >>> data = np.arange(12).reshape(3, 4)
    >>> explicit_indexing_adapter(OuterIndexer((np.array([2, 0]), 1)), (3, 4), lambda k: data[k])
    array([9, 1])
    """
    if isinstance(key, VectorizedIndexer):
        parts = key.tuple
        lo_hi = []
        for k, size in zip(parts, shape, strict=True):
            if isinstance(k, slice):
                start, stop, step = k.indices(size)
                lo_hi.append(slice(start, max(start, stop), step) if step > 0 else slice(0, size))
            else:
                arr = np.where(k < 0, k + size, k)
                lo_hi.append(slice(int(arr.min()), int(arr.max()) + 1) if arr.size else slice(0, 0))
        block = np.asarray(raw_indexing_method(tuple(lo_hi)))
        local = tuple(
            (slice(None) if k.indices(size)[2] > 0 else k) if isinstance(k, slice)
            else np.where(k < 0, k + size, k) - s.start
            for k, s, size in zip(parts, lo_hi, shape, strict=True)
        )
        from labarray.variable.indexing import NumpyIndexingAdapter

        return np.asarray(NumpyIndexingAdapter(block)[VectorizedIndexer(local)])
    if not isinstance(key, (BasicIndexer, OuterIndexer)):
        raise TypeError(f"expected a BasicIndexer, OuterIndexer or VectorizedIndexer; got {type(key).__name__}")
    if indexing_support not in ("basic", "outer"):
        raise ValueError(f"indexing_support must be 'basic' or 'outer'; got {indexing_support!r}")
    backend_key, numpy_key = decompose_outer_key(key.tuple, shape, indexing_support)
    result = np.asarray(raw_indexing_method(backend_key))
    if all(isinstance(k, slice) and k == slice(None) for k in numpy_key):
        return result
    arrays = sum(1 for k in numpy_key if isinstance(k, np.ndarray))
    if arrays > 1:
        return result[outer_to_vectorized(numpy_key, result.shape)]
    return result[numpy_key]


def robust_getitem(array: Any, key: Any, catch: type[BaseException] | tuple[type[BaseException], ...] = Exception,
                   max_retries: int = 4, initial_delay: float = 0.05) -> Any:
    """``array[key]``, retried with exponential back-off on ``catch`` (flaky remote reads).

    Examples
    --------
    >>> robust_getitem(np.arange(3), 1)
    np.int64(1)
    """
    delay = initial_delay
    for attempt in range(max_retries + 1):
        try:
            return array[key]
        except catch:
            if attempt == max_retries:
                raise
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def is_remote_uri(path: str) -> bool:
    """Whether ``path`` is a URL (``scheme://...``) rather than a local path.

    Examples
    --------
    >>> is_remote_uri("s3://bucket/a.nc"), is_remote_uri("/tmp/a.nc")
    (True, False)
    """
    return "://" in path.split("?")[0][:32]


def normalize_path(path: Any) -> Any:
    """Absolute local path for str / ``os.PathLike`` (with ``~`` expanded); other objects as is.

    Examples
    --------
    >>> normalize_path("~/a.nc").startswith(os.path.expanduser("~"))
    True
    """
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if isinstance(path, str) and not is_remote_uri(path):
        return os.path.abspath(os.path.expanduser(path))
    return path


class BackendEntrypoint:
    """Base class of an IO engine: how to recognise and open one kind of file or store.

    Class attributes
    ----------------
    description : str
        One line shown by :func:`~labarray.io.backends.registry.list_engines`.
    url : str
        Where to learn more.
    open_dataset_parameters : tuple of str or None
        The keyword arguments ``open_dataset`` accepts (None: read from its signature).

    Subclasses implement ``open_dataset(filename_or_obj, *, drop_variables=None, **kwargs)``
    returning a Dataset, and optionally ``guess_can_open(filename_or_obj)``.

    Examples
    --------
    >>> class Toy(BackendEntrypoint):
    ...     description = "a toy"
    ...     def open_dataset(self, filename_or_obj, *, drop_variables=None):
    ...         import labarray as la
    ...         return la.Dataset()
    >>> Toy().guess_can_open("a.toy")
    False
    """

    description: ClassVar[str] = ""
    url: ClassVar[str] = ""
    open_dataset_parameters: ClassVar[tuple[str, ...] | None] = None

    def __repr__(self) -> str:
        text = f"<{type(self).__name__}>"
        if self.description:
            text += f"\n  {self.description}"
        if self.url:
            text += f"\n  Learn more at {self.url}"
        return text

    def open_dataset(self, filename_or_obj: Any, *, drop_variables: str | Iterable[Any] | None = None,
                     **kwargs: Any) -> Any:
        """Open ``filename_or_obj`` as a Dataset (lazily, decoded)."""
        raise NotImplementedError(f"{type(self).__name__} does not implement open_dataset()")

    def guess_can_open(self, filename_or_obj: Any) -> bool:
        """Whether this engine can probably open ``filename_or_obj`` (default: no guess)."""
        return False

    def open_datatree(self, filename_or_obj: Any, **kwargs: Any) -> Any:
        """Open a tree of groups (not supported by this engine)."""
        raise NotImplementedError(f"{type(self).__name__} does not support opening data trees")
