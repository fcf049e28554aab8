"""Explicit indexers and the array adapters that understand them.

Three indexer types say *how* a key is meant, so that every array type can apply it the same way:

* :class:`BasicIndexer` -- integers and slices only (NumPy basic indexing).
* :class:`OuterIndexer` -- integers, slices and 1-D integer arrays, each acting on its own axis
  independently (orthogonal indexing, like ``np.ix_``).
* :class:`VectorizedIndexer` -- slices and N-d integer arrays that broadcast against each other
  (point-wise indexing). The broadcast array dimensions always come *first* in the result,
  followed by the dimensions of the slices in order (the rule of ``dask.array.Array.vindex``).

Adapters wrap one kind of array and apply any of the three: :class:`NumpyIndexingAdapter`,
:class:`DaskIndexingAdapter`, :class:`PandasIndexingAdapter`. :class:`LazilyIndexedArray`
composes successive basic/outer keys without reading anything; the wrapped array is indexed
(with one explicit indexer) only when values are needed.

>>> import numpy as np
>>> a = LazilyIndexedArray(np.arange(12).reshape(3, 4))
>>> b = a[OuterIndexer((slice(1, None), np.array([0, 2])))]
>>> b.shape
(2, 2)
>>> np.asarray(b)
array([[ 4,  6],
       [ 8, 10]])
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from labarray.parallel.chunkmanager import is_chunked_array

__all__ = [
    "BasicIndexer",
    "CopyOnWriteArray",
    "DaskIndexingAdapter",
    "ExplicitIndexer",
    "ExplicitlyIndexed",
    "ExplicitlyIndexedNDArrayMixin",
    "ImplicitToExplicitIndexingAdapter",
    "LazilyIndexedArray",
    "LazilyVectorizedIndexedArray",
    "MemoryCachedArray",
    "NumpyIndexingAdapter",
    "OuterIndexer",
    "PandasIndexingAdapter",
    "VectorizedIndexer",
    "as_indexable",
    "expanded_indexer",
    "is_duck_array",
    "normalize_slice",
    "outer_to_vectorized",
]


# --------------------------------------------------------------------------------------------
# key helpers
# --------------------------------------------------------------------------------------------


def _is_integer(k: Any) -> bool:
    return (isinstance(k, numbers.Integral) and not isinstance(k, bool)) or (
        isinstance(k, np.ndarray) and k.ndim == 0 and k.dtype.kind in "iu"
    )


def expanded_indexer(key: Any, ndim: int) -> tuple[Any, ...]:
    """Return ``key`` as a tuple of exactly ``ndim`` entries.

    ``...`` is replaced by as many full slices as needed and missing trailing entries are
    filled with ``slice(None)``.

    Examples
    --------
    >>> expanded_indexer((0, ...), 3)
    (0, slice(None, None, None), slice(None, None, None))
    >>> expanded_indexer(1, 2)
    (1, slice(None, None, None))
    """
    if not isinstance(key, tuple):
        key = (key,)
    n_ellipsis = sum(1 for k in key if k is Ellipsis)
    if n_ellipsis > 1:
        raise IndexError(f"an index can only have a single ellipsis ('...'); got {key!r}")
    n_given = len(key) - n_ellipsis
    if n_given > ndim:
        raise IndexError(
            f"too many indices: the array has {ndim} dimension(s) but {n_given} were indexed"
        )
    out: list[Any] = []
    for k in key:
        if k is Ellipsis:
            out.extend([slice(None)] * (ndim - n_given))
        else:
            out.append(k)
    out.extend([slice(None)] * (ndim - len(out)))
    return tuple(out)


def normalize_slice(sl: slice, size: int) -> slice:
    """Make a slice explicit (non-negative start, stop and step given) for an axis of ``size``.

    Examples
    --------
    >>> normalize_slice(slice(None, None, -1), 3)
    slice(2, None, -1)
    """
    r = range(size)[sl]
    return _range_to_slice(r)


def _range_to_slice(r: range) -> slice:
    stop: int | None = r.stop
    if r.step < 0 and stop is not None and stop < 0:
        stop = None
    return slice(r.start, stop, r.step)


def is_duck_array(value: Any) -> bool:
    """True for NumPy arrays and array-likes with ``ndim``, ``shape``, ``dtype`` and NEP-18 hooks."""
    if isinstance(value, np.ndarray):
        return True
    return (
        hasattr(value, "ndim")
        and hasattr(value, "shape")
        and hasattr(value, "dtype")
        and hasattr(value, "__array_function__")
        and hasattr(value, "__array_ufunc__")
    )


def _as_int_array(k: Any, kind: str) -> np.ndarray:
    arr = np.asarray(k)
    if arr.dtype.kind == "b":
        if arr.ndim != 1:
            raise TypeError(f"{kind}: boolean keys must be 1-dimensional; got shape {arr.shape}")
        return np.flatnonzero(arr)
    if arr.size == 0 and arr.dtype.kind not in "iu":
        arr = arr.astype(np.intp)
    if arr.dtype.kind not in "iu":
        raise TypeError(
            f"{kind}: array keys must contain integers (or booleans); got dtype {arr.dtype}"
        )
    return arr


# --------------------------------------------------------------------------------------------
# indexer types
# --------------------------------------------------------------------------------------------


class ExplicitIndexer:
    """A tuple of per-axis keys that says which kind of indexing is meant.

    Subclasses validate their entries; use ``indexer.tuple`` to get the keys back.
    """

    __slots__ = ("_key",)

    def __init__(self, key: tuple[Any, ...]):
        if type(self) is ExplicitIndexer:
            raise TypeError("use BasicIndexer, OuterIndexer or VectorizedIndexer, not the base class")
        if not isinstance(key, tuple):
            raise TypeError(f"{type(self).__name__} needs a tuple of keys; got {type(key).__name__}")
        self._key = tuple(self._check(k) for k in key)

    def _check(self, k: Any) -> Any:
        raise NotImplementedError

    @property
    def tuple(self) -> tuple[Any, ...]:
        """The per-axis keys."""
        return self._key

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._key!r})"


class BasicIndexer(ExplicitIndexer):
    """Integers and slices only.

    Examples
    --------
    >>> BasicIndexer((0, slice(1, 3))).tuple
    (0, slice(1, 3, None))
    """

    __slots__ = ()

    def _check(self, k: Any) -> Any:
        if _is_integer(k):
            return int(k)
        if isinstance(k, slice):
            return k
        raise TypeError(f"BasicIndexer accepts only integers and slices; got {k!r}")


class OuterIndexer(ExplicitIndexer):
    """Integers, slices and 1-D integer arrays, each applied to its own axis (orthogonally).

    Boolean 1-D arrays are turned into the positions of their ``True`` values.

    Examples
    --------
    >>> OuterIndexer((np.array([True, False, True]), 0)).tuple
    (array([0, 2]), 0)
    """

    __slots__ = ()

    def _check(self, k: Any) -> Any:
        if _is_integer(k):
            return int(k)
        if isinstance(k, slice):
            return k
        if isinstance(k, (np.ndarray, list)) or is_duck_array(k):
            arr = _as_int_array(k, "OuterIndexer")
            if arr.ndim != 1:
                raise TypeError(
                    f"OuterIndexer array keys must be 1-dimensional; got shape {arr.shape}"
                )
            return arr
        raise TypeError(f"OuterIndexer accepts integers, slices and 1-D arrays; got {k!r}")


class VectorizedIndexer(ExplicitIndexer):
    """Slices and integer arrays that broadcast against each other (point-wise indexing).

    The result has the broadcast shape of the arrays first, then one axis per slice.

    Examples
    --------
    >>> VectorizedIndexer((np.array([0, 1]), slice(None))).tuple
    (array([0, 1]), slice(None, None, None))
    """

    __slots__ = ()

    def __init__(self, key: tuple[Any, ...]):
        super().__init__(key)
        arrays = [k for k in self._key if isinstance(k, np.ndarray)]
        try:
            np.broadcast_shapes(*(a.shape for a in arrays))
        except ValueError:
            shapes = [a.shape for a in arrays]
            raise IndexError(
                f"the arrays of a VectorizedIndexer must broadcast together; got shapes {shapes}"
            ) from None

    def _check(self, k: Any) -> Any:
        if isinstance(k, slice):
            return k
        if _is_integer(k):
            return np.asarray(int(k), dtype=np.intp)
        if isinstance(k, (np.ndarray, list)) or is_duck_array(k):
            arr = np.asarray(k)
            if arr.dtype.kind == "b":
                raise TypeError("VectorizedIndexer does not accept boolean arrays; use positions")
            return _as_int_array(arr, "VectorizedIndexer")
        raise TypeError(f"VectorizedIndexer accepts slices and integer arrays; got {k!r}")


def _vectorized_parts(key: tuple[Any, ...], shape: tuple[int, ...]) -> list[np.ndarray]:
    """Expand a vectorized key into one integer array per axis, all of the result's shape."""
    arrays = [k for k in key if isinstance(k, np.ndarray)]
    bshape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
    n_slices = sum(1 for k in key if isinstance(k, slice))
    nb = len(bshape)
    parts: list[np.ndarray] = []
    slice_pos = 0
    for k, size in zip(key, shape, strict=True):
        if isinstance(k, slice):
            idx = np.arange(size)[k]
            new_shape = [1] * (nb + n_slices)
            new_shape[nb + slice_pos] = idx.size
            parts.append(idx.reshape(new_shape))
            slice_pos += 1
        else:
            parts.append(k.reshape(k.shape + (1,) * n_slices))
    return list(np.broadcast_arrays(*parts)) if parts else []


def outer_to_vectorized(key: tuple[Any, ...], shape: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """Convert an outer (orthogonal) key into integer arrays usable for point-wise indexing.

    Examples
    --------
    >>> [a.shape for a in outer_to_vectorized((np.array([0, 1]), slice(None)), (2, 3))]
    [(2, 1), (1, 3)]
    """
    kept = [k for k in key if not _is_integer(k)]
    n = len(kept)
    out: list[np.ndarray] = []
    pos = 0
    for k, size in zip(key, shape, strict=True):
        if _is_integer(k):
            out.append(np.asarray(k, dtype=np.intp).reshape((1,) * n) if n else np.asarray(k))
            continue
        idx = np.arange(size)[k] if isinstance(k, slice) else np.asarray(k)
        new_shape = [1] * n
        new_shape[pos] = idx.size
        out.append(idx.reshape(new_shape))
        pos += 1
    return tuple(out)


def _outer_via_take(array: Any, key: tuple[Any, ...], take: Any) -> Any:
    """Apply an outer key with basic indexing first, then one ``take`` per array axis."""
    basic = tuple(slice(None) if isinstance(k, np.ndarray) else k for k in key)
    result = array[basic]
    axis = 0
    for k in key:
        if _is_integer(k):
            continue
        if isinstance(k, np.ndarray):
            result = take(result, k, axis)
        axis += 1
    return result


# --------------------------------------------------------------------------------------------
# adapters
# --------------------------------------------------------------------------------------------


class ExplicitlyIndexed:
    """Base of the array wrappers that must be indexed with an :class:`ExplicitIndexer`."""

    __slots__ = ()

    def get_duck_array(self) -> Any:
        """Load and return the values as a NumPy (or other in-memory duck) array."""
        raise NotImplementedError

    def __getitem__(self, indexer: ExplicitIndexer) -> Any:
        raise NotImplementedError

    def __setitem__(self, indexer: ExplicitIndexer, value: Any) -> None:
        raise TypeError(f"{type(self).__name__} does not support assignment")

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        values = np.asarray(self.get_duck_array(), dtype=dtype)
        return values.copy() if copy else values


class _ShapeOfWrapped:
    """``shape``, ``dtype`` and ``ndim`` taken from the wrapped ``self.array``."""

    __slots__ = ()
    array: Any

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.array.shape)

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.array.dtype

    @property
    def ndim(self) -> int:
        return len(self.shape)


class ExplicitlyIndexedNDArrayMixin(_ShapeOfWrapped, ExplicitlyIndexed):
    """Wrapper around ``self.array`` taking ``shape``, ``dtype`` and ``ndim`` from it.

    Subclasses implement ``_basic_get``, ``_outer_get`` and ``_vectorized_get`` (tuples in,
    array out); ``__getitem__`` dispatches on the indexer type.
    """

    __slots__ = ()

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-dimensional array")
        return self.shape[0]

    def get_duck_array(self) -> Any:
        array = self.array
        if isinstance(array, ExplicitlyIndexed):
            return array.get_duck_array()
        return array

    def __getitem__(self, indexer: ExplicitIndexer) -> Any:
        if not isinstance(indexer, ExplicitIndexer):
            raise TypeError(
                f"{type(self).__name__} must be indexed with a BasicIndexer, OuterIndexer or "
                f"VectorizedIndexer; got {type(indexer).__name__}"
            )
        key = indexer.tuple
        if len(key) != self.ndim:
            raise IndexError(
                f"indexer has {len(key)} entries but the array has {self.ndim} dimension(s)"
            )
        if isinstance(indexer, BasicIndexer):
            return self._basic_get(key)
        if isinstance(indexer, OuterIndexer):
            return self._outer_get(key)
        return self._vectorized_get(key)

    def _basic_get(self, key: tuple[Any, ...]) -> Any:
        return self._outer_get(key)

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        raise NotImplementedError

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(array={self.array!r})"


class NumpyIndexingAdapter(ExplicitlyIndexedNDArrayMixin):
    """Apply explicit indexers to a NumPy array (also supports assignment)."""

    __slots__ = ("array",)

    def __init__(self, array: Any):
        if not is_duck_array(array):
            raise TypeError(
                f"NumpyIndexingAdapter wraps NumPy arrays only; got {type(array).__name__}"
            )
        self.array = array

    def _basic_get(self, key: tuple[Any, ...]) -> Any:
        return self.array[key]

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        target, rest = self._split_ints(key)
        arrays = [i for i, k in enumerate(rest) if isinstance(k, np.ndarray)]
        if (
            len(arrays) == 1
            and rest[arrays[0]].dtype.kind in "iu"
            and all(isinstance(k, np.ndarray) or k == slice(None) for k in rest)
        ):
            # one integer array along one axis: np.take gathers about twice as fast as fancy indexing
            return np.take(target, rest[arrays[0]], axis=arrays[0])
        return target[self._outer_numpy_key(rest, target.shape)]

    def _split_ints(self, key: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...]]:
        """Apply integer keys first (a view), so at most arrays and slices remain."""
        if not any(_is_integer(k) for k in key):
            return self.array, key
        target = self.array[tuple(k if _is_integer(k) else slice(None) for k in key)]
        return target, tuple(k for k in key if not _is_integer(k))

    @staticmethod
    def _outer_numpy_key(key: tuple[Any, ...], shape: tuple[int, ...]) -> tuple[Any, ...]:
        if sum(1 for k in key if isinstance(k, np.ndarray)) <= 1:
            return key
        return outer_to_vectorized(key, shape)

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        return self.array[tuple(_vectorized_parts(key, self.shape))]

    def __setitem__(self, indexer: ExplicitIndexer, value: Any) -> None:
        key = indexer.tuple
        if isinstance(indexer, BasicIndexer):
            self.array[key] = value
        elif isinstance(indexer, OuterIndexer):
            target, rest = self._split_ints(key)
            if not rest:
                target[...] = value
            else:
                target[self._outer_numpy_key(rest, target.shape)] = value
        else:
            self.array[tuple(_vectorized_parts(key, self.shape))] = value


class DaskIndexingAdapter(ExplicitlyIndexedNDArrayMixin):
    """Apply explicit indexers to a Dask array without computing it.

    Outer keys run as basic indexing followed by one take per array axis; vectorized keys run
    through ``Array.vindex``.
    """

    __slots__ = ("array",)

    def __init__(self, array: Any):
        self.array = array

    def _basic_get(self, key: tuple[Any, ...]) -> Any:
        return self.array[key]

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        def take(arr: Any, idx: np.ndarray, axis: int) -> Any:
            return arr[(slice(None),) * axis + (idx,)]

        return _outer_via_take(self.array, key, take)

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        if not any(isinstance(k, np.ndarray) for k in key):
            return self.array[key]
        if all(isinstance(k, slice) or k.ndim == 0 for k in key):
            return self.array[tuple(k if isinstance(k, slice) else int(k) for k in key)]
        return self.array.vindex[key]

    def __setitem__(self, indexer: ExplicitIndexer, value: Any) -> None:
        key = indexer.tuple
        n_arrays = sum(1 for k in key if isinstance(k, np.ndarray))
        if isinstance(indexer, BasicIndexer) or (
            isinstance(indexer, OuterIndexer) and n_arrays <= 1
        ):
            self.array[key] = value
            return
        # point-wise assignment: Dask assigns with one integer array at a time, so assign into
        # the flattened array at the flat positions and reshape back (still lazily)
        shape = self.shape
        if isinstance(indexer, OuterIndexer):
            parts = list(np.broadcast_arrays(*outer_to_vectorized(key, shape)))
        else:
            parts = _vectorized_parts(key, shape)
        positions = tuple(np.where(p < 0, p + s, p) for p, s in zip(parts, shape, strict=True))
        flat = np.ravel_multi_index(positions, shape).ravel()
        da = sys.modules["dask.array"]
        values = da.broadcast_to(da.asarray(value), parts[0].shape).ravel()
        flattened = self.array.ravel()
        flattened[flat] = values
        self.array[...] = flattened.reshape(shape)


def _numpy_dtype_of_index(index: pd.Index) -> np.dtype[Any]:
    dtype = index.dtype
    if isinstance(dtype, np.dtype):
        return dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return _numpy_dtype_of_index(pd.Index(index.categories))
    return np.dtype(object)


def _scalar_array(value: Any, dtype: np.dtype[Any]) -> np.ndarray:
    """A 0-d array for one index value: NumPy string dtypes are kept, strings from object
    indexes get a NumPy string dtype (as in xarray), tuples stay objects."""
    if isinstance(value, tuple):
        out = np.empty((), dtype=object)
        out[()] = value
        return out
    if dtype.kind in "USmM":
        return np.array(value, dtype=dtype)
    return np.array(value)


def _read_only(values: np.ndarray) -> np.ndarray:
    """A read-only view: writing into an index's buffer would corrupt the pandas index."""
    view = values.view()
    view.flags.writeable = False
    return view


class PandasIndexingAdapter(ExplicitlyIndexedNDArrayMixin):
    """Read-only view of a ``pandas.Index`` as a 1-D array with a NumPy ``dtype``.

    Parameters
    ----------
    array : pandas.Index
        The index (any 1-D ``pd.Index``, including ``MultiIndex``).
    dtype : numpy dtype, optional
        The dtype the values are presented with. Defaults to the index's NumPy dtype; pandas
        extension dtypes (e.g. pandas' own string dtype) become ``object``.
    level : str, optional
        For a ``MultiIndex``: present the values of this level only.

    Notes
    -----
    Indexing a 0-d position gives a 0-d NumPy array of ``dtype``; slices and 1-D keys give a
    new adapter over the selected part of the index.

    Examples
    --------
    >>> a = PandasIndexingAdapter(pd.Index(["a", "b", "c"]))
    >>> a.dtype
    dtype('O')
    >>> np.asarray(a[BasicIndexer((slice(1, None),))])
    array(['b', 'c'], dtype=object)
    """

    __slots__ = ("_dtype", "array", "level")

    def __init__(self, array: Any, dtype: Any = None, level: Hashable | None = None):
        if not isinstance(array, pd.Index):
            array = pd.Index(array)
        self.array = array
        self.level = level
        if dtype is None:
            source = array.get_level_values(level) if level is not None else array
            if isinstance(array, pd.MultiIndex) and level is None:
                self._dtype = np.dtype(object)
            else:
                self._dtype = _numpy_dtype_of_index(source)
        else:
            self._dtype = np.dtype(dtype)

    @property
    def dtype(self) -> np.dtype[Any]:
        return self._dtype

    @property
    def ndim(self) -> int:
        return 1

    @property
    def shape(self) -> tuple[int, ...]:
        return (len(self.array),)

    def _values(self, dtype: Any) -> np.ndarray:
        index = self.array
        if self.level is not None:
            index = index.get_level_values(self.level)
        dtype = self._dtype if dtype is None else np.dtype(dtype)
        if isinstance(index, pd.MultiIndex):
            out = np.empty(len(index), dtype=object)
            out[:] = list(index)
            return out.astype(dtype, copy=False)
        if isinstance(index.dtype, pd.DatetimeTZDtype) or isinstance(index, pd.PeriodIndex):
            return np.asarray(index.astype(object), dtype=dtype)
        return np.asarray(index, dtype=dtype)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        values = self._values(dtype)
        return values.copy() if copy else _read_only(values)

    def get_duck_array(self) -> np.ndarray:
        return _read_only(self._values(None))

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        (k,) = key
        if _is_integer(k):
            return self._scalar(int(k))
        return type(self)(self.array[k], dtype=self._dtype, level=self.level)

    def _scalar(self, position: int) -> np.ndarray:
        if self.level is None and not isinstance(self.array, pd.MultiIndex):
            values = self.array.values
            if type(values) is np.ndarray and values.dtype == self._dtype:
                return _scalar_array(values[position], self._dtype)  # fast path: NumPy-backed index
        sub = type(self)(self.array[[position]], dtype=self._dtype, level=self.level)
        return _scalar_array(sub._values(None)[0], self._dtype)

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        (k,) = key
        if isinstance(k, slice) or k.ndim == 1:
            return self._outer_get(key)
        if k.ndim == 0:
            return self._scalar(int(k))
        return self._values(None)[k]

    def __setitem__(self, indexer: Any, value: Any) -> None:
        raise TypeError(
            "the values of an index coordinate are read-only (they come from a pandas.Index); "
            "assign a new coordinate instead, or copy it to a plain variable with .copy(deep=True)"
        )

    def copy(self, deep: bool = True) -> PandasIndexingAdapter:
        """Return a new adapter (the index is copied when ``deep``)."""
        array = self.array.copy(deep=True) if deep else self.array
        return type(self)(array, dtype=self._dtype, level=self.level)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(array={self.array!r}, dtype={self._dtype!r})"


# --------------------------------------------------------------------------------------------
# lazy wrappers
# --------------------------------------------------------------------------------------------


def _compose_entry(old: Any, new: Any, size: int) -> Any:
    """Apply ``new`` (int, slice or 1-D array) to the positions ``old`` selected along one axis."""
    if isinstance(old, slice):
        r = range(size)[old]
        if isinstance(new, slice):
            return _range_to_slice(r[new])
        if _is_integer(new):
            return r[int(new)]
        return np.arange(r.start, r.stop, r.step)[new]
    return old[new] if not _is_integer(new) else int(old[int(new)])


class LazilyIndexedArray(ExplicitlyIndexedNDArrayMixin):
    """Remember basic/outer keys on top of an array and read only when values are needed.

    Parameters
    ----------
    array : array-like
        Anything :func:`as_indexable` understands, typically a backend's ``BackendArray``
        (which is itself :class:`ExplicitlyIndexed` and receives one explicit indexer).
    key : BasicIndexer or OuterIndexer, optional
        The selection already applied (default: everything).

    Examples
    --------
    >>> a = LazilyIndexedArray(np.arange(10))[BasicIndexer((slice(2, 8),))]
    >>> b = a[OuterIndexer((np.array([0, -1]),))]
    >>> b.key
    OuterIndexer((array([2, 7]),))
    >>> np.asarray(b)
    array([2, 7])
    """

    __slots__ = ("array", "key")

    def __init__(self, array: Any, key: ExplicitIndexer | None = None):
        if isinstance(array, LazilyIndexedArray) and key is None:
            key = array.key
            array = array.array
        self.array = array if isinstance(array, ExplicitlyIndexed) else as_indexable(array)
        shape = tuple(array.shape)
        if key is None:  # everything: the normalized key directly (one per variable of every opened file)
            full = BasicIndexer.__new__(BasicIndexer)
            full._key = tuple(slice(0, n, 1) for n in shape)
            self.key = full
            return
        if isinstance(key, VectorizedIndexer):
            raise TypeError("LazilyIndexedArray takes basic or outer keys; use "
                            "LazilyVectorizedIndexedArray for vectorized ones")
        entries: list[Any] = []
        for k, size in zip(key.tuple, shape, strict=True):
            if isinstance(k, slice):
                entries.append(normalize_slice(k, size))
            elif isinstance(k, np.ndarray):
                entries.append(np.where(k < 0, k + size, k))
            else:
                entries.append(int(k) + size if int(k) < 0 else int(k))
        self.key: ExplicitIndexer = (
            OuterIndexer(tuple(entries))
            if any(isinstance(k, np.ndarray) for k in entries)
            else BasicIndexer(tuple(entries))
        )

    @property
    def shape(self) -> tuple[int, ...]:
        out = []
        for k, size in zip(self.key.tuple, self.array.shape, strict=True):
            if isinstance(k, slice):
                out.append(len(range(size)[k]))
            elif isinstance(k, np.ndarray):
                out.append(len(k))
        return tuple(out)

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.array.dtype

    def get_duck_array(self) -> Any:
        result = self.array[self.key]
        if isinstance(result, ExplicitlyIndexed):
            result = result.get_duck_array()
        return result

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        new_iter = iter(key)
        entries = []
        for old, size in zip(self.key.tuple, self.array.shape, strict=True):
            if _is_integer(old):
                entries.append(old)
            else:
                entries.append(_compose_entry(old, next(new_iter), size))
        return type(self)(self.array, OuterIndexer(tuple(entries)))

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        return LazilyVectorizedIndexedArray(self, VectorizedIndexer(key))

    def __setitem__(self, indexer: ExplicitIndexer, value: Any) -> None:
        raise TypeError(
            "cannot assign into lazily loaded data; call .load() on the variable first"
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(array={self.array!r}, key={self.key!r})"


class LazilyVectorizedIndexedArray(ExplicitlyIndexedNDArrayMixin):
    """Remember a vectorized (point-wise) key on top of a lazily indexed array.

    The key is stored as one integer array per axis of the wrapped array, all of the result's
    shape, so further keys of any kind compose by indexing those arrays.
    """

    __slots__ = ("array", "parts")

    def __init__(self, array: Any, key: VectorizedIndexer):
        self.array = array if isinstance(array, ExplicitlyIndexed) else as_indexable(array)
        self.parts = _vectorized_parts(key.tuple, tuple(self.array.shape))

    @property
    def shape(self) -> tuple[int, ...]:
        return self.parts[0].shape if self.parts else ()

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.array.dtype

    def get_duck_array(self) -> Any:
        values = self.array.get_duck_array()
        return NumpyIndexingAdapter(np.asarray(values))[VectorizedIndexer(tuple(self.parts))]

    def _apply(self, indexer: ExplicitIndexer) -> Any:
        new = LazilyVectorizedIndexedArray.__new__(LazilyVectorizedIndexedArray)
        new.array = self.array
        new.parts = [NumpyIndexingAdapter(p)[indexer] for p in self.parts]
        return new

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        return self._apply(OuterIndexer(key))

    def _basic_get(self, key: tuple[Any, ...]) -> Any:
        return self._apply(BasicIndexer(key))

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        return self._apply(VectorizedIndexer(key))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(array={self.array!r}, shape={self.shape})"


class MemoryCachedArray(ExplicitlyIndexedNDArrayMixin):
    """Load the wrapped array on first access and keep the loaded values."""

    __slots__ = ("array",)

    def __init__(self, array: Any):
        if isinstance(array, np.generic):  # a scalar picked out of the cached values
            array = np.asarray(array)
        self.array = array if isinstance(array, ExplicitlyIndexed) else as_indexable(array)

    def _ensure_cached(self) -> None:
        if not isinstance(self.array, NumpyIndexingAdapter):
            self.array = NumpyIndexingAdapter(np.asarray(self.array.get_duck_array()))

    def get_duck_array(self) -> Any:
        self._ensure_cached()
        return self.array.get_duck_array()

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[OuterIndexer(key)])

    def _basic_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[BasicIndexer(key)])

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[VectorizedIndexer(key)])

    def __setitem__(self, indexer: ExplicitIndexer, value: Any) -> None:
        self._ensure_cached()
        self.array[indexer] = value


class CopyOnWriteArray(ExplicitlyIndexedNDArrayMixin):
    """Copy the wrapped array into memory before the first assignment into it."""

    __slots__ = ("_copied", "array")

    def __init__(self, array: Any):
        self.array = array if isinstance(array, ExplicitlyIndexed) else as_indexable(array)
        self._copied = False

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[OuterIndexer(key)])

    def _basic_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[BasicIndexer(key)])

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        return type(self)(self.array[VectorizedIndexer(key)])

    def __setitem__(self, indexer: ExplicitIndexer, value: Any) -> None:
        if not self._copied:
            self.array = NumpyIndexingAdapter(np.array(self.array.get_duck_array()))
            self._copied = True
        self.array[indexer] = value


class ImplicitToExplicitIndexingAdapter(_ShapeOfWrapped):
    """NumPy-style ``__getitem__`` over an explicitly indexed array (lets Dask chunk it).

    Integer and slice keys become a :class:`BasicIndexer`, keys with 1-D arrays an
    :class:`OuterIndexer`; results are loaded as NumPy arrays.
    """

    __slots__ = ("array",)

    def __init__(self, array: ExplicitlyIndexed):
        self.array: Any = array

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        return np.asarray(self.array.get_duck_array(), dtype=dtype)

    def __getitem__(self, key: Any) -> np.ndarray:
        key = expanded_indexer(key, self.ndim)
        if all(isinstance(k, slice) or _is_integer(k) for k in key):
            result = self.array[BasicIndexer(key)]
        else:
            result = self.array[OuterIndexer(key)]
        if isinstance(result, ExplicitlyIndexed):
            result = result.get_duck_array()
        return np.asarray(result)


def as_indexable(data: Any) -> ExplicitlyIndexed:
    """Wrap ``data`` in the adapter that applies explicit indexers to it.

    Examples
    --------
    >>> type(as_indexable(np.arange(3))).__name__
    'NumpyIndexingAdapter'
    >>> type(as_indexable(pd.Index([1, 2]))).__name__
    'PandasIndexingAdapter'
    """
    if isinstance(data, ExplicitlyIndexed):
        return data
    if isinstance(data, np.ndarray):
        return NumpyIndexingAdapter(data)
    if isinstance(data, pd.Index):
        return PandasIndexingAdapter(data)
    if is_chunked_array(data):
        return DaskIndexingAdapter(data)
    if is_duck_array(data):
        return NumpyIndexingAdapter(data)
    raise TypeError(f"cannot index an object of type {type(data).__name__} explicitly")
