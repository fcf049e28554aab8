"""Decode lazily: apply an elementwise function to only the part of the data that is read.

Backends hand the CF coders lazily indexed arrays (nothing read yet), Dask arrays or NumPy
arrays; :func:`lazy_elemwise` applies a decoding function to each without reading more than
the caller selects: a :class:`LazilyDecodedArray` remembers the function and applies it to
the values of each selection when they are finally loaded.

>>> import numpy as np
>>> from labarray.variable.indexing import BasicIndexer, LazilyIndexedArray
>>> lazy = lazy_elemwise(LazilyIndexedArray(np.arange(5)), lambda x: x * 10, np.dtype("i8"))
>>> np.asarray(lazy[BasicIndexer((slice(1, 3),))])
array([10, 20])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from labarray.parallel.chunkmanager import is_chunked_array
from labarray.variable import Variable
from labarray.variable.indexing import (
    BasicIndexer,
    ExplicitlyIndexed,
    ExplicitlyIndexedNDArrayMixin,
    MemoryCachedArray,
    NumpyIndexingAdapter,
    OuterIndexer,
    PandasIndexingAdapter,
    VectorizedIndexer,
    as_indexable,
)

__all__ = ["LazilyDecodedArray", "is_lazy", "lazy_elemwise", "lazy_sample", "raw_data"]


class LazilyDecodedArray(ExplicitlyIndexedNDArrayMixin):
    """``func`` applied elementwise to ``array``, deferred until values are loaded.

    Selections compose with the wrapped array (a key is applied to ``array`` first), so only
    the selected part is read and decoded.

    Parameters
    ----------
    array : explicitly indexed array
    func : callable
        NumPy array in, decoded NumPy array of the same shape out.
    dtype : numpy dtype
        The dtype ``func`` returns.
    """

    __slots__ = ("_dtype", "array", "func")

    def __init__(self, array: Any, func: Callable[[np.ndarray], np.ndarray], dtype: Any) -> None:
        self.array = array if isinstance(array, ExplicitlyIndexed) else as_indexable(np.asarray(array))
        self.func = func
        self._dtype = np.dtype(dtype)

    @property
    def dtype(self) -> np.dtype[Any]:
        return self._dtype

    def get_duck_array(self) -> Any:
        return self.func(np.asarray(self.array.get_duck_array()))

    def _wrap(self, indexer: Any) -> LazilyDecodedArray:
        return type(self)(self.array[indexer], self.func, self._dtype)

    def _basic_get(self, key: tuple[Any, ...]) -> Any:
        return self._wrap(BasicIndexer(key))

    def _outer_get(self, key: tuple[Any, ...]) -> Any:
        return self._wrap(OuterIndexer(key))

    def _vectorized_get(self, key: tuple[Any, ...]) -> Any:
        return self._wrap(VectorizedIndexer(key))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(array={self.array!r}, func={getattr(self.func, '__name__', self.func)}, dtype={self._dtype})"


def is_lazy(data: Any) -> bool:
    """Whether ``data`` is explicitly indexed and not yet in memory (a file-backed array).

    Examples
    --------
    >>> from labarray.variable.indexing import LazilyIndexedArray
    >>> is_lazy(LazilyIndexedArray(np.arange(2))), is_lazy(np.arange(2))
    (True, False)
    """
    if not isinstance(data, ExplicitlyIndexed):
        return False
    if isinstance(data, (NumpyIndexingAdapter, PandasIndexingAdapter)):
        return False
    return not (isinstance(data, MemoryCachedArray) and isinstance(data.array, NumpyIndexingAdapter))


def raw_data(variable: Variable) -> Any:
    """The variable's data without loading it: Dask or lazy arrays as they are, else NumPy.

    Examples
    --------
    >>> from labarray.variable.indexing import LazilyIndexedArray
    >>> type(raw_data(Variable("x", LazilyIndexedArray(np.arange(2))))).__name__
    'LazilyIndexedArray'
    """
    data = variable._data
    if is_chunked_array(data) or is_lazy(data):
        return data
    return variable.values


def lazy_elemwise(data: Any, func: Callable[[np.ndarray], np.ndarray], dtype: Any) -> Any:
    """Apply ``func`` to NumPy data now, to Dask data block by block and to lazy data on read.

    Examples
    --------
    >>> lazy_elemwise(np.array([1, 2]), lambda x: x + 0.5, np.dtype("f8"))
    array([1.5, 2.5])
    """
    if is_chunked_array(data):
        return data.map_blocks(func, dtype=np.dtype(dtype))
    if is_lazy(data):
        return LazilyDecodedArray(data, func, dtype)
    return func(np.asarray(data))


def lazy_sample(data: Any) -> np.ndarray:
    """The first and last values of ``data`` (flattened), reading only those two elements.

    Examples
    --------
    >>> lazy_sample(np.arange(6).reshape(2, 3))
    array([0, 5])
    """
    shape = tuple(data.shape)
    if 0 in shape:
        return np.zeros(0, dtype=data.dtype)
    if not shape:
        return np.asarray(np.asarray(data.get_duck_array() if is_lazy(data) else data)).reshape(1)
    first, last = (0,) * len(shape), tuple(s - 1 for s in shape)
    if is_lazy(data):
        values = []
        for k in (first, last):
            sub = data[BasicIndexer(k)]
            values.append(sub.get_duck_array() if isinstance(sub, ExplicitlyIndexed) else sub)
    elif is_chunked_array(data):
        values = [np.asarray(data[k].compute()) for k in (first, last)]
    else:
        arr = np.asarray(data)
        values = [arr[first], arr[last]]
    return np.array([np.asarray(v).reshape(()) for v in values]).reshape(2)
