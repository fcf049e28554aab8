"""Block-read Dask arrays: one Blockwise layer of reads, concatenated without copying tasks."""

from __future__ import annotations

import gc
import pickle

import dask
import dask.array as da
import numpy as np
import pytest

from labarray.parallel.blockreads import (
    _PARTS,
    block_read_array,
    concatenate_block_reads,
    read_part,
)


class CountingSource:
    """An array-like that counts its reads (as a file variable would be read)."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values
        self.shape = values.shape
        self.dtype = values.dtype
        self.reads: list[tuple[slice, ...]] = []

    def __getitem__(self, key: tuple[slice, ...]) -> np.ndarray:
        self.reads.append(key)
        return self.values[key]


def _meta(x: np.ndarray) -> np.ndarray:
    return np.empty((0,) * x.ndim, dtype=x.dtype)


def test_blocks_read_their_slices_only() -> None:
    values = np.arange(24.0).reshape(4, 6)
    source = CountingSource(values)
    x = block_read_array(source, ((2, 2), (3, 3)), "t-slices", _meta(values))
    assert x.chunks == ((2, 2), (3, 3)) and x.dtype == values.dtype
    np.testing.assert_array_equal(x.compute(), values)
    assert sorted(source.reads, key=str) == sorted(
        [(slice(a, a + 2), slice(b, b + 3)) for a in (0, 2) for b in (0, 3)], key=str)
    source.reads.clear()
    np.testing.assert_array_equal(x[2:, 3:].compute(), values[2:, 3:])
    assert source.reads == [(slice(2, 4), slice(3, 6))]  # one block read, not four


def test_concatenation_merges_the_reads_into_one_layer() -> None:
    parts = [np.random.default_rng(i).random((3, 5)) for i in range(4)]
    arrays = [block_read_array(p, ((3,), (5,)), f"t-cat-{i}", _meta(p)) for i, p in enumerate(parts)]
    joined = concatenate_block_reads(arrays, 0)
    assert joined is not None
    assert len(joined.dask.layers) == 1 and joined.chunks == ((3, 3, 3, 3), (5,))
    np.testing.assert_array_equal(joined.compute(), np.concatenate(parts))
    # a reduction's chunk step fuses with the reads: one task per block plus the tree
    mean = joined.mean(axis=0, split_every=4)
    graph = dict(mean.__dask_optimize__(mean.__dask_graph__(), mean.__dask_keys__()))
    assert len(graph) <= 4 + 2
    np.testing.assert_allclose(mean.compute(), np.concatenate(parts).mean(0))
    # deterministic names: the same inputs give the same array
    assert concatenate_block_reads(arrays, 0).name == joined.name
    # concatenating concatenations (nested combine) stays one layer
    both = concatenate_block_reads([joined, joined], 1)
    assert both is not None and len(both.dask.layers) == 1
    np.testing.assert_array_equal(both.compute(), np.concatenate([np.concatenate(parts)] * 2, axis=1))


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_concatenation_along_any_axis(axis: int) -> None:
    rng = np.random.default_rng(axis)
    shapes = [[2, 3, 4], [2, 3, 4]]
    shapes[1][axis] = 5
    parts = [rng.random(s) for s in shapes]
    arrays = [block_read_array(p, tuple((n,) for n in p.shape), f"t-axis-{axis}-{i}", _meta(p))
              for i, p in enumerate(parts)]
    joined = concatenate_block_reads(arrays, axis)
    np.testing.assert_array_equal(joined.compute(), np.concatenate(parts, axis=axis))


def test_anything_else_is_left_to_dask() -> None:
    a = np.arange(6.0).reshape(2, 3)
    x = block_read_array(a, ((2,), (3,)), "t-else-x", _meta(a))
    y = block_read_array(a, ((1, 1), (3,)), "t-else-y", _meta(a))
    z = block_read_array(a, ((2,), (1, 2)), "t-else-z", _meta(a))
    ints = block_read_array(a.astype(int), ((2,), (3,)), "t-else-i", _meta(a.astype(int)))
    assert concatenate_block_reads([x, y], 0) is not None  # chunks differ along the axis only
    assert concatenate_block_reads([x, z], 0) is None  # other axes chunked differently
    assert concatenate_block_reads([x, ints], 0) is None  # dtypes differ
    assert concatenate_block_reads([x, x * 2], 0) is None  # computed, not read
    assert concatenate_block_reads([x, da.from_array(a)], 0) is None
    assert concatenate_block_reads([], 0) is None
    assert concatenate_block_reads([x, x], 2) is None and concatenate_block_reads([x, x], -1) is None


def test_pickles_and_computes_elsewhere() -> None:
    a = np.arange(10)
    x = concatenate_block_reads([block_read_array(a, ((5, 5),), "t-pickle", _meta(a))] * 2, 0)
    copy = pickle.loads(pickle.dumps(x))
    with dask.config.set(scheduler="sync"):
        np.testing.assert_array_equal(copy.compute(), np.concatenate([a, a]))


def test_registry_forgets_arrays_that_are_gone() -> None:
    a = np.arange(4)
    x = block_read_array(a, ((4,),), "t-forget", _meta(a))
    assert "t-forget" in _PARTS
    del x
    gc.collect()
    assert "t-forget" not in _PARTS


def test_read_part_and_bad_keys() -> None:
    np.testing.assert_array_equal(read_part((np.arange(4).reshape(2, 2), (slice(1, 2), slice(0, 2)))), [[2, 3]])
    with pytest.raises(IndexError):
        read_part((np.arange(3), (slice(0, 1), slice(0, 1))))
