"""Tests of labarray.variable.indexing: explicit indexers, adapters and lazy wrappers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labarray.variable.indexing import (
    BasicIndexer,
    CopyOnWriteArray,
    DaskIndexingAdapter,
    ExplicitIndexer,
    ExplicitlyIndexed,
    ImplicitToExplicitIndexingAdapter,
    LazilyIndexedArray,
    LazilyVectorizedIndexedArray,
    MemoryCachedArray,
    NumpyIndexingAdapter,
    OuterIndexer,
    PandasIndexingAdapter,
    VectorizedIndexer,
    as_indexable,
    expanded_indexer,
    normalize_slice,
    outer_to_vectorized,
)

da = pytest.importorskip("dask.array")


class CountingBackendArray(ExplicitlyIndexed):
    """A fake backend array: records every explicit indexer it receives."""

    def __init__(self, values: np.ndarray):
        self.values = values
        self.shape = values.shape
        self.dtype = values.dtype
        self.ndim = values.ndim
        self.calls: list[ExplicitIndexer] = []

    def __getitem__(self, indexer: ExplicitIndexer) -> np.ndarray:
        self.calls.append(indexer)
        return NumpyIndexingAdapter(self.values)[indexer]

    def get_duck_array(self) -> np.ndarray:
        return self.values


def test_expanded_indexer() -> None:
    assert expanded_indexer(0, 3) == (0, slice(None), slice(None))
    assert expanded_indexer((..., 1), 3) == (slice(None), slice(None), 1)
    assert expanded_indexer((0, ..., 1), 2) == (0, 1)


def test_expanded_indexer_errors() -> None:
    with pytest.raises(IndexError, match="too many indices: the array has 1 dimension"):
        expanded_indexer((0, 1), 1)
    with pytest.raises(IndexError, match="single ellipsis"):
        expanded_indexer((..., ...), 2)


def test_normalize_slice() -> None:
    assert normalize_slice(slice(None), 4) == slice(0, 4, 1)
    assert normalize_slice(slice(None, None, -1), 3) == slice(2, None, -1)
    assert list(range(3)[normalize_slice(slice(None, None, -1), 3)]) == [2, 1, 0]


def test_indexer_validation() -> None:
    assert BasicIndexer((np.int64(1), slice(None))).tuple == (1, slice(None))
    with pytest.raises(TypeError, match="BasicIndexer accepts only integers and slices"):
        BasicIndexer((np.array([0]),))
    with pytest.raises(TypeError, match="needs a tuple"):
        BasicIndexer([0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="use BasicIndexer"):
        ExplicitIndexer((0,))
    assert OuterIndexer(([True, False, True],)).tuple[0].tolist() == [0, 2]
    with pytest.raises(TypeError, match="must be 1-dimensional"):
        OuterIndexer((np.zeros((2, 2), dtype=int),))
    with pytest.raises(TypeError, match="must contain integers"):
        OuterIndexer((np.array([0.5]),))
    with pytest.raises(IndexError, match="must broadcast together"):
        VectorizedIndexer((np.array([0, 1]), np.array([0, 1, 2])))
    with pytest.raises(TypeError, match="does not accept boolean"):
        VectorizedIndexer((np.array([True]),))
    assert "OuterIndexer" in repr(OuterIndexer((0,)))


def test_outer_to_vectorized() -> None:
    parts = outer_to_vectorized((np.array([0, 2]), 1, slice(None)), (3, 2, 4))
    assert [p.shape for p in parts] == [(2, 1), (1, 1), (1, 4)]


ARR = np.arange(2 * 3 * 4).reshape(2, 3, 4)


@pytest.mark.parametrize(
    "key, expected",
    [
        ((0, slice(None), np.array([1, 2])), ARR[0][:, [1, 2]]),
        ((np.array([1, 0]), slice(None), np.array([1, 2])), ARR[[1, 0]][:, :, [1, 2]]),
        ((slice(None), 1, np.array([3, 0])), ARR[:, 1][:, [3, 0]]),
        ((np.array([1]), np.array([2, 0]), 3), ARR[[1]][:, [2, 0]][:, :, 3]),
    ],
)
def test_outer_indexing_numpy_and_dask(key: tuple, expected: np.ndarray) -> None:
    np.testing.assert_array_equal(NumpyIndexingAdapter(ARR)[OuterIndexer(key)], expected)
    lazy = DaskIndexingAdapter(da.from_array(ARR, chunks=2))[OuterIndexer(key)]
    assert isinstance(lazy, da.Array)
    np.testing.assert_array_equal(lazy.compute(), expected)
    np.testing.assert_array_equal(np.asarray(LazilyIndexedArray(ARR)[OuterIndexer(key)]), expected)


def test_vectorized_indexing_puts_array_dims_first() -> None:
    key = (np.array([1, 0]), slice(None), np.array([1, 2]))
    expected = np.stack([ARR[1, :, 1], ARR[0, :, 2]])
    np.testing.assert_array_equal(NumpyIndexingAdapter(ARR)[VectorizedIndexer(key)], expected)
    dask_result = DaskIndexingAdapter(da.from_array(ARR, chunks=2))[VectorizedIndexer(key)]
    np.testing.assert_array_equal(dask_result.compute(), expected)


def test_numpy_adapter_setitem() -> None:
    arr = np.zeros((2, 3))
    a = NumpyIndexingAdapter(arr)
    a[OuterIndexer((np.array([0, 1]), np.array([0, 2])))] = 1
    a[OuterIndexer((1, np.array([1])))] = 5
    a[VectorizedIndexer((np.array([0]), np.array([1])))] = 7
    np.testing.assert_array_equal(arr, [[1, 7, 1], [1, 5, 1]])


def test_adapter_bad_input() -> None:
    with pytest.raises(TypeError, match="must be indexed with a BasicIndexer"):
        NumpyIndexingAdapter(ARR)[0]
    with pytest.raises(IndexError, match="indexer has 1 entries but the array has 3"):
        NumpyIndexingAdapter(ARR)[BasicIndexer((0,))]
    with pytest.raises(TypeError, match="wraps NumPy arrays only"):
        NumpyIndexingAdapter([1, 2])


def test_pandas_adapter_keeps_numpy_dtype() -> None:
    idx = pd.Index(["a", "b", "c"])
    a = PandasIndexingAdapter(idx)
    assert a.dtype == np.dtype(object)
    assert a.shape == (3,)
    np.testing.assert_array_equal(np.asarray(a), np.array(["a", "b", "c"], dtype=object))
    b = PandasIndexingAdapter(idx, dtype="<U1")
    assert np.asarray(b).dtype == np.dtype("<U1")
    sub = b[OuterIndexer((np.array([2, 0]),))]
    assert isinstance(sub, PandasIndexingAdapter)
    assert sub.dtype == np.dtype("<U1")
    scalar = b[BasicIndexer((1,))]
    assert isinstance(scalar, np.ndarray) and scalar.ndim == 0 and scalar[()] == "b"
    assert scalar.dtype == np.dtype("<U1")
    assert isinstance(b.get_duck_array(), np.ndarray)


def test_pandas_adapter_times_and_multiindex() -> None:
    times = pd.date_range("2000-01-01", periods=3)
    a = PandasIndexingAdapter(times)
    assert a.dtype.kind == "M"
    assert a[BasicIndexer((0,))] == np.datetime64("2000-01-01")
    mi = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["l", "n"])
    m = PandasIndexingAdapter(mi)
    assert m.dtype == object and np.asarray(m)[0] == ("a", 1)
    level = PandasIndexingAdapter(mi, level="n")
    np.testing.assert_array_equal(np.asarray(level), [1, 2, 1, 2])
    tz = PandasIndexingAdapter(pd.date_range("2000", periods=2, tz="UTC"))
    assert tz.dtype == object and isinstance(np.asarray(tz)[0], pd.Timestamp)


def test_pandas_adapter_2d_vectorized_and_readonly() -> None:
    a = PandasIndexingAdapter(pd.Index([10, 20, 30]))
    out = a[VectorizedIndexer((np.array([[0, 2], [1, 1]]),))]
    np.testing.assert_array_equal(out, [[10, 30], [20, 20]])
    with pytest.raises(TypeError, match="read-only"):
        a[BasicIndexer((0,))] = 1
    assert a.copy(deep=True).array.equals(a.array)


def test_lazily_indexed_composes_without_reading() -> None:
    backend = CountingBackendArray(np.arange(60).reshape(5, 12))
    lazy = LazilyIndexedArray(backend)
    step = lazy[BasicIndexer((slice(1, None), slice(None, None, 2)))]
    step = step[OuterIndexer((np.array([0, 2]), slice(1, 4)))]
    step = step[BasicIndexer((1, slice(None, None, -1)))]
    assert backend.calls == []
    assert step.shape == (3,)
    expected = backend.values[1:, ::2][[0, 2], 1:4][1, ::-1]
    np.testing.assert_array_equal(np.asarray(step), expected)
    assert len(backend.calls) == 1
    assert isinstance(backend.calls[0], BasicIndexer)


def test_lazily_indexed_negative_and_empty() -> None:
    lazy = LazilyIndexedArray(np.arange(10))
    assert lazy[BasicIndexer((slice(None, None, -3),))][OuterIndexer((np.array([-1]),))].shape == (
        1,
    )
    np.testing.assert_array_equal(
        np.asarray(lazy[BasicIndexer((slice(None, None, -3),))]), np.arange(10)[::-3]
    )
    assert lazy[BasicIndexer((slice(5, 2),))].shape == (0,)
    with pytest.raises(TypeError, match="cannot assign into lazily loaded data"):
        lazy[BasicIndexer((0,))] = 1
    with pytest.raises(TypeError, match="LazilyVectorizedIndexedArray"):
        LazilyIndexedArray(np.arange(3), VectorizedIndexer((np.array([0]),)))


def test_lazily_vectorized() -> None:
    values = np.arange(20).reshape(4, 5)
    backend = CountingBackendArray(values)
    lazy = LazilyIndexedArray(backend)[VectorizedIndexer((np.array([[0, 3]]), np.array([1, 4])))]
    assert isinstance(lazy, LazilyVectorizedIndexedArray)
    assert lazy.shape == (1, 2)
    again = lazy[OuterIndexer((0, np.array([1])))]
    np.testing.assert_array_equal(np.asarray(again), [values[3, 4]])
    np.testing.assert_array_equal(np.asarray(lazy), [[values[0, 1], values[3, 4]]])


def test_memory_cached_and_copy_on_write() -> None:
    backend = CountingBackendArray(np.arange(4))
    cached = MemoryCachedArray(LazilyIndexedArray(backend))
    np.asarray(cached)
    np.asarray(cached)
    assert len(backend.calls) == 1
    source = np.arange(3)
    cow = CopyOnWriteArray(source)
    cow[BasicIndexer((0,))] = 10
    assert source[0] == 0
    assert np.asarray(cow)[0] == 10


def test_implicit_to_explicit_lets_dask_chunk_lazy_data() -> None:
    backend = CountingBackendArray(np.arange(12).reshape(3, 4))
    wrapped = ImplicitToExplicitIndexingAdapter(LazilyIndexedArray(backend))
    assert wrapped.shape == (3, 4) and wrapped.ndim == 2
    np.testing.assert_array_equal(wrapped[1:, [0, 3]], backend.values[1:][:, [0, 3]])
    x = da.from_array(wrapped, chunks=2)
    np.testing.assert_array_equal(x.compute(), backend.values)


def test_as_indexable() -> None:
    assert isinstance(as_indexable(np.arange(2)), NumpyIndexingAdapter)
    assert isinstance(as_indexable(pd.Index([1])), PandasIndexingAdapter)
    assert isinstance(as_indexable(da.zeros(2)), DaskIndexingAdapter)
    lazy = LazilyIndexedArray(np.arange(2))
    assert as_indexable(lazy) is lazy
    with pytest.raises(TypeError, match="cannot index an object of type list"):
        as_indexable([1, 2])


def test_memory_cached_array_scalar_selection_after_loading() -> None:
    from labarray.variable.indexing import BasicIndexer, MemoryCachedArray

    cached = MemoryCachedArray(np.arange(6.0).reshape(2, 3))
    np.asarray(cached.get_duck_array())  # load
    picked = cached[BasicIndexer((1, 2))]
    assert np.asarray(picked.get_duck_array()) == 5.0
