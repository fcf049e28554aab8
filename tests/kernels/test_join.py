"""The fused gather + binary operation kernels and the multi-axis gather (kernels/join.py)."""

from __future__ import annotations

import operator

import hypothesis.extra.numpy as npst
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

from labarray.kernels.join import (
    JOIN_OPS,
    joined_binary_op,
    supports_joined_op,
    take_nd,
    take_nd_many,
)
from labarray.kernels.take import NA, take_with_fill
from labarray.options import set_options

# fused dtypes, plus two that are not (checked to raise; they compile nothing)
DTYPES = ["int32", "int64", "float32", "float64", "int8", "uint64"]
OPS = list(JOIN_OPS)


def gather(arr: np.ndarray, indexers: list, fill=NA) -> np.ndarray:
    """Reference: take_with_fill along each axis that has an indexer, one after the other."""
    for axis, ix in enumerate(indexers):
        if ix is not None:
            arr = take_with_fill(arr, np.asarray(ix), axis, fill)
    return arr


def reference(f, a, a_ix, b, b_ix) -> np.ndarray:
    with np.errstate(all="ignore"):
        return f(gather(a, a_ix), gather(b, b_ix))


def assert_same(actual: np.ndarray, expected: np.ndarray) -> None:
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    assert actual.shape == expected.shape
    np.testing.assert_array_equal(actual, expected)


def values(dtype: str, shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
    elements = None
    if np.dtype(dtype).kind == "f":
        elements = st.one_of(
            st.floats(-1e3, 1e3, width=np.dtype(dtype).itemsize * 8),
            st.sampled_from([np.nan, np.inf, -np.inf, 0.0]),
        )
    return npst.arrays(dtype, shape, elements=elements)


@st.composite
def joined_cases(draw):
    """Two arrays of one shape-pattern, an indexer (or None) per axis per operand."""
    ndim = draw(st.integers(1, 3))
    out_shape = [draw(st.integers(0, 5)) for _ in range(ndim)]
    operands = []
    for _ in range(2):
        shape, ixs = [], []
        for n in out_shape:
            kind = draw(st.sampled_from(["none", "index", "broadcast"]))
            if kind == "none":
                shape.append(n)
                ixs.append(None)
            elif kind == "broadcast":
                shape.append(1)
                ixs.append(None)
            else:
                size = draw(st.integers(0, 6))
                shape.append(size)
                ixs.append(np.array(draw(st.lists(st.integers(-1, size - 1), min_size=n, max_size=n)), dtype=np.intp))
        dtype = draw(st.sampled_from(DTYPES))
        arr = draw(values(dtype, tuple(shape)))
        if draw(st.booleans()) and ndim > 1:
            # a non-contiguous view (transposed back), as operands often are
            arr = np.ascontiguousarray(arr.T).T
        operands.append((arr, ixs))
    f = draw(st.sampled_from(OPS))
    return f, operands


@settings(max_examples=120, deadline=None)
@given(joined_cases())
def test_joined_binary_op_equals_gather_then_op(case) -> None:
    f, ((a, a_ix), (b, b_ix)) = case
    a_missing = any(ix is not None and (ix < 0).any() for ix in a_ix)
    b_missing = any(ix is not None and (ix < 0).any() for ix in b_ix)
    if not supports_joined_op(f, a.dtype, b.dtype, a_missing, b_missing):
        with pytest.raises(TypeError, match="does not support"):
            joined_binary_op(f, a, a_ix, b, b_ix)
        return
    assert_same(joined_binary_op(f, a, a_ix, b, b_ix), reference(f, a, a_ix, b, b_ix))


@pytest.mark.parametrize("f", [operator.add, operator.lt], ids=lambda f: f.__name__)
def test_parallel_kernel_matches(f) -> None:
    rng = np.random.default_rng(0)
    a = rng.standard_normal((40, 30, 20))
    a[rng.random(a.shape) < 0.1] = np.nan
    b = rng.integers(-5, 5, (30, 30, 20))
    a_ix = [np.r_[np.arange(40), -np.ones(5, int)], None, None]
    b_ix = [np.r_[-np.ones(15, int), np.arange(30)], None, None]
    expected = reference(f, a, a_ix, b, b_ix)
    with set_options(parallel_threshold=1):
        assert_same(joined_binary_op(f, a, a_ix, b, b_ix), expected)
        # the last axis gathered too: the element-wise kernel
        a_ix[2] = np.r_[np.arange(20)[::-1], -1]
        b_ix[2] = np.r_[-1, np.arange(20)]
        assert_same(joined_binary_op(f, a, a_ix, b, b_ix), reference(f, a, a_ix, b, b_ix))


def test_negative_strides_and_integer_results_keep_dtype() -> None:
    a = np.arange(12, dtype=np.int32).reshape(3, 4)[::-1, ::-1]
    b = np.arange(4, dtype=np.int32)[None, :]
    out = joined_binary_op(operator.sub, a, [[2, 0], None], b, [None, None])
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, a[[2, 0]] - b)
    assert out.flags.c_contiguous


def test_missing_labels_give_nan_or_comparison_of_nan() -> None:
    a = np.array([1, 2, 3])
    b = np.array([1.0, 5.0])
    out = joined_binary_op(operator.truediv, a, [[0, -1, 2]], b, [[0, 1, -1]])
    np.testing.assert_array_equal(out, [1.0, np.nan, np.nan])
    assert joined_binary_op(operator.ne, a, [[0, -1]], b, [[0, 1]]).tolist() == [False, True]
    assert joined_binary_op(operator.eq, a, [[0, -1]], b, [[0, 1]]).tolist() == [True, False]


def test_supports_joined_op() -> None:
    assert supports_joined_op(operator.add, "int64", "int64", False, False)
    assert supports_joined_op(operator.mul, "int32", "float32", True, False)
    assert supports_joined_op(operator.mul, "int16", "float32", True, False)  # int16 -> float32
    assert not supports_joined_op(operator.mul, "int16", "float32", False, False)
    assert not supports_joined_op(operator.pow, "float64", "float64", False, False)
    assert not supports_joined_op(operator.add, "float16", "float64", False, False)
    assert not supports_joined_op(operator.add, "complex128", "float64", False, False)
    assert not supports_joined_op(operator.add, "bool", "bool", False, False)
    assert not supports_joined_op(operator.add, ">f8", "<f8", False, False)
    assert not supports_joined_op(operator.lt, "int64", "uint64", False, False)
    assert supports_joined_op(operator.lt, "float64", "uint64", False, True)  # float once filled


def test_joined_binary_op_bad_input() -> None:
    a = np.zeros((2, 3))
    with pytest.raises(TypeError, match="does not support 'pow'; supported: add, sub"):
        joined_binary_op(operator.pow, a, [None, None], a, [None, None])
    with pytest.raises(TypeError, match="does not support 'add' between complex128 and float64"):
        joined_binary_op(operator.add, a.astype(complex), [None, None], a, [None, None])
    with pytest.raises(ValueError, match=r"same number of dimensions .* got 2 and 1"):
        joined_binary_op(operator.add, a, [None, None], a[0], [None])
    with pytest.raises(ValueError, match="has 2 dimension\\(s\\) but 1 indexer"):
        joined_binary_op(operator.add, a, [None], a, [None, None])
    with pytest.raises(TypeError, match="indexer 0 of the first operand must be a 1-D integer"):
        joined_binary_op(operator.add, a, [[0.5], None], a, [None, None])
    with pytest.raises(IndexError, match="holds 2, out of bounds for an axis of length 2"):
        joined_binary_op(operator.add, a, [[0, 2], None], a, [None, None])
    with pytest.raises(IndexError, match="holds -2"):
        joined_binary_op(operator.add, a, [None, None], a, [None, [-2, 0, 1]])
    with pytest.raises(ValueError, match="indexer 0 of the second operand has length 3 but the output has length 1"):
        joined_binary_op(operator.add, a, [[0], None], a, [[0, 1, 1], None])
    with pytest.raises(ValueError, match="axis 1 of the second operand has length 2 but the output has length 3"):
        joined_binary_op(operator.add, a, [None, None], np.zeros((2, 2)), [None, None])


@st.composite
def take_cases(draw):
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(0, 5)) for _ in range(ndim))
    dtype = draw(st.sampled_from(["int16", "int64", "float64", "bool", "M8[s]", "complex128", "U2", "float16"]))
    if np.dtype(dtype).kind in "mM":
        arr = draw(npst.arrays(np.int64, shape, elements=st.integers(-10**9, 10**9))).view(dtype)
    else:
        arr = draw(values(dtype, shape))
    indexers = {}
    for axis, size in enumerate(shape):
        if draw(st.booleans()):
            n = draw(st.integers(0, 6))
            low = -1 if draw(st.booleans()) else 0
            indexers[axis] = np.array(draw(st.lists(st.integers(low, size - 1), min_size=n, max_size=n) if size or low < 0 else st.just([])), dtype=np.intp)
    fill = draw(st.sampled_from([NA, 0, -7, 2.5]))
    return arr, indexers, fill


@settings(max_examples=120, deadline=None)
@given(take_cases())
def test_take_nd_equals_one_axis_at_a_time(case) -> None:
    arr, indexers, fill = case
    expected = gather(arr, [indexers.get(ax) for ax in range(arr.ndim)], fill)
    actual = take_nd(arr, indexers, fill)
    assert actual.dtype == expected.dtype
    if actual.dtype == object:  # NaN fills: compare as lists, NaN equal to NaN
        same = [x == y or (x != x and y != y) for x, y in zip(actual.ravel(), expected.ravel(), strict=True)]
        assert actual.shape == expected.shape and all(same)
    else:
        np.testing.assert_array_equal(actual, expected)


def test_take_nd_keeps_integers_and_times() -> None:
    arr = np.arange(6, dtype=np.int16).reshape(2, 3)
    assert take_nd(arr, {0: [1, 0], 1: [2, 2]}).dtype == np.int16
    assert take_nd(arr, {1: [0, -1]}).dtype == np.float32
    times = np.array(["2000-01-01", "2000-01-02"], dtype="M8[D]")
    out = take_nd(times, {0: [1, -1]})
    assert out.dtype == times.dtype and out[0] == times[1] and np.isnat(out[1])
    with set_options(parallel_threshold=1):
        big = np.arange(200.0).reshape(10, 20)
        np.testing.assert_array_equal(take_nd(big, {-1: np.arange(20)[::-1]}), big[:, ::-1])


def test_take_nd_bad_input() -> None:
    arr = np.zeros((2, 3))
    with pytest.raises(TypeError, match="keyed by integer axes, got 'x'"):
        take_nd(arr, {"x": [0]})
    with pytest.raises(IndexError, match="axis 2 is out of bounds for an array of dimension 2"):
        take_nd(arr, {2: [0]})
    with pytest.raises(IndexError, match="holds 3, out of bounds for an axis of length 3"):
        take_nd(arr, {1: [3]})
    with pytest.raises(TypeError, match="must be a 1-D integer array"):
        take_nd(arr, {0: [[0]]})


@pytest.mark.parametrize("dtype", ["float64", "int32", "datetime64[ns]"])
def test_take_nd_consecutive_runs_take_the_slice_paths(dtype) -> None:
    arr = np.arange(24).reshape(6, 4).astype(dtype)
    # inner join: consecutive positions, nothing missing -> a view equal to the slice
    inner = take_nd(arr, {0: np.array([2, 3, 4])})
    np.testing.assert_array_equal(inner, arr[2:5])
    assert np.shares_memory(inner, arr)
    # outer join: one run of data surrounded by missing labels
    ix = np.array([-1, -1, 0, 1, 2, -1])
    outer = take_nd(arr, {0: ix})
    expected = take_with_fill(arr, ix, 0)
    np.testing.assert_array_equal(outer, expected)
    assert outer.dtype == expected.dtype
    # the run must be consecutive *in the output* too: a gap falls back to the kernel
    gap = np.array([0, -1, 1])
    np.testing.assert_array_equal(take_nd(arr, {0: gap}), take_with_fill(arr, gap, 0))


def test_joined_binary_op_on_overlapping_runs_equals_gather_then_op() -> None:
    a = np.arange(12.0).reshape(4, 3)
    b = np.arange(12.0, 24.0).reshape(4, 3)
    out = joined_binary_op(operator.add, a, [np.array([1, 2, 3]), None], b, [np.array([0, 1, 2]), None])
    np.testing.assert_array_equal(out, a[1:] + b[:3])
    assert out.flags.c_contiguous


def test_joined_binary_op_on_scalars_stays_zero_dimensional() -> None:
    out = joined_binary_op(operator.add, np.array(1.5), [], np.array(2.0), [])
    assert out.shape == ()
    assert out == 3.5


def _assert_same_take(actual: np.ndarray, expected: np.ndarray) -> None:
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    if actual.dtype == object:
        same = [x == y or (x != x and y != y) for x, y in zip(actual.ravel(), expected.ravel(), strict=True)]
        assert all(same)
    else:
        np.testing.assert_array_equal(actual, expected)


@settings(max_examples=60, deadline=None)
@given(st.lists(take_cases(), min_size=1, max_size=4))
def test_take_nd_many_equals_take_nd_one_by_one(cases) -> None:
    arrays = [arr for arr, _, _ in cases]
    indexers = [ix for _, ix, _ in cases]
    fills = [fill for _, _, fill in cases]
    results = take_nd_many(arrays, indexers, fills)
    assert len(results) == len(cases)
    for arr, ix, fill, actual in zip(arrays, indexers, fills, results, strict=True):
        _assert_same_take(actual, take_nd(arr, ix, fill))


def test_take_nd_many_shares_one_allocation_per_shape_and_dtype() -> None:
    # a Dataset's variables aligned along time (outer join): u, v, w share memory, t does not
    nt, shift = 30, 10
    rng = np.random.default_rng(0)
    u, v, w = (rng.normal(size=(nt, 4)) for _ in range(3))
    t = np.arange(nt)
    ix = np.concatenate([np.arange(nt), np.full(shift, -1)])
    inner = np.arange(5, 12)
    out = take_nd_many([u, t, v, w, u], [{0: ix}, {0: ix}, {0: ix}, {0: ix}, {0: inner}], fill_value=NA)
    for arr, res in zip([u, t, v, w], out[:4], strict=True):
        _assert_same_take(res, take_with_fill(arr, ix, 0))
        assert res.flags.c_contiguous and res.flags.writeable
    assert out[1].dtype == np.float64 and out[0].base is out[2].base is out[3].base
    assert out[0].base.shape == (3, nt + shift, 4)
    assert out[1].base is None  # alone in its group (int64 -> float64): an array of its own
    # writing one result leaves the others alone
    out[0][...] = 7.0
    np.testing.assert_array_equal(out[2], take_with_fill(v, ix, 0))
    # nothing missing and one consecutive run: a view of the input, as take_nd gives
    assert np.shares_memory(out[4], u)
    np.testing.assert_array_equal(out[4], u[5:12])


def test_take_nd_many_fill_values_and_fallbacks() -> None:
    ints = np.arange(6).reshape(3, 2)
    ix = {0: np.array([2, -1, 0])}
    a, b = take_nd_many([ints, ints], [ix, ix], fill_value=-1)
    np.testing.assert_array_equal(a, [[4, 5], [-1, -1], [0, 1]])
    assert a.dtype == np.int64 and np.shares_memory(a.base, b)
    a, b = take_nd_many([ints, ints], [ix, ix], fill_value=[0, 2.5])
    assert a.dtype == np.int64 and b.dtype == np.float64 and b[1, 0] == 2.5
    # dtypes the kernels do not handle (strings) and empty results still come out right
    words = np.array(["a", "b", "c"])
    s, e = take_nd_many([words, np.zeros((0, 2))], [{0: [2, -1]}, {1: [1, -1]}])
    assert s.dtype == object and s[0] == "c" and s[1] != s[1]
    assert e.shape == (0, 2) and e.dtype == np.float64
    assert take_nd_many([], []) == []


def test_take_nd_many_bad_input() -> None:
    arr = np.zeros((2, 3))
    with pytest.raises(ValueError, match=r"one indexer mapping per array: got 2 array\(s\) and 1"):
        take_nd_many([arr, arr], [{0: [0]}])
    with pytest.raises(ValueError, match=r"got 3 fill value\(s\) for 2 array\(s\)"):
        take_nd_many([arr, arr], [{0: [0]}, {0: [1]}], fill_value=[0, 1, 2])
    with pytest.raises(IndexError, match="holds 3, out of bounds for an axis of length 3"):
        take_nd_many([arr, arr], [{0: [0]}, {1: [3]}])
    with pytest.raises(TypeError, match="keyed by integer axes, got 'x'"):
        take_nd_many([arr], [{"x": [0]}])
