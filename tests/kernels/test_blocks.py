from __future__ import annotations

import warnings

import numpy as np
import pytest

from labarray.kernels.blocks import BLOCK_FUNCS, block_layout, block_reduce, block_supported
from labarray.options import set_options

NAN_FUNCS = {
    "sum": np.nansum, "mean": np.nanmean, "min": np.nanmin, "max": np.nanmax,
    "var": np.nanvar, "std": np.nanstd, "prod": np.nanprod,
}  # fmt: skip
PLAIN_FUNCS = {
    "sum": np.sum, "mean": np.mean, "min": np.min, "max": np.max, "var": np.var,
    "std": np.std, "prod": np.prod,
}  # fmt: skip


def reference(x, func, window, skipna=True, min_count=0, ddof=0):
    """Reshape every axis into (blocks, window) and reduce the window axes with NumPy."""
    shape: list[int] = []
    axes: list[int] = []
    for n, w in zip(x.shape, window, strict=True):
        shape += [n // w, w]
        axes.append(len(shape) - 1)
    y = x.reshape(shape).astype(np.float64)
    valid = (~np.isnan(y)).sum(axis=tuple(axes))
    if func == "count":
        return valid
    kw = {"ddof": ddof} if func in ("var", "std") else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = (NAN_FUNCS if skipna else PLAIN_FUNCS)[func](y, axis=tuple(axes), **kw)
    if func in ("sum", "prod"):
        out = np.where(valid < min_count, np.nan, out)
    if func in ("var", "std"):
        out = np.where(valid - ddof <= 0, np.nan, out)
    return out.astype(x.dtype)


LAYOUTS = [
    ((6, 4, 8), (1, 2, 2)),  # the last two axes: (A, W0, B, W1, 1)
    ((6, 4, 8), (3, 1, 1)),  # the leading axis: (A, W0, 1, 1, C)
    ((6, 4, 8), (3, 2, 1)),  # two adjacent axes in front of kept columns
    ((6, 4, 8), (1, 1, 4)),  # the last axis only
    ((6, 4, 8), (2, 1, 2)),  # two separate groups with a kept axis between
    ((6, 4, 8), (1, 4, 1)),  # a middle axis
    ((6, 4, 8), (1, 1, 1)),  # no window: every value is its own block
    ((6, 4, 8), (6, 4, 8)),  # one block
    ((12,), (3,)),
    ((5, 6), (5, 3)),  # odd windows, w1 != 2
]


@pytest.mark.parametrize(("shape", "window"), LAYOUTS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("func", sorted(BLOCK_FUNCS))
def test_against_numpy(shape, window, dtype, func):
    rng = np.random.default_rng(abs(hash((shape, window))) % 2**32)
    x = rng.standard_normal(shape).astype(dtype)
    x[rng.random(shape) < 0.3] = np.nan
    x[0] = np.nan  # whole all-NaN blocks too
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    for skipna in (True, False):
        result = block_reduce(x, func, window, skipna=skipna)
        expected = reference(x, func, window, skipna=skipna)
        assert result.dtype == (np.int64 if func == "count" else dtype)
        np.testing.assert_allclose(result, expected, rtol=rtol, atol=0)


@pytest.mark.parametrize("func", ["sum", "prod"])
def test_min_count(func):
    x = np.array([[1.0, np.nan, np.nan, np.nan], [2.0, 3.0, 4.0, 5.0]])
    result = block_reduce(x, func, (1, 2), min_count=2)
    np.testing.assert_array_equal(result, reference(x, func, (1, 2), min_count=2))
    assert np.isnan(result[0]).all() and not np.isnan(result[1]).any()
    # min_count=0: an all-NaN block is the empty sum (product)
    assert block_reduce(x, func, (1, 2))[0, 1] == (0.0 if func == "sum" else 1.0)


@pytest.mark.parametrize("func", ["var", "std"])
def test_ddof(func):
    x = np.array([1.0, 2.0, 4.0, np.nan, 3.0, np.nan])
    result = block_reduce(x, func, (3,), ddof=1)
    np.testing.assert_allclose(result, reference(x, func, (3,), ddof=1))
    # one valid value and ddof=1: no estimate
    assert np.isnan(block_reduce(np.array([1.0, np.nan]), func, (2,), ddof=1)[0])


def test_all_nan_and_inf():
    x = np.array([np.nan, np.nan, np.inf, 1.0, -np.inf, np.nan])
    np.testing.assert_array_equal(block_reduce(x, "max", (2,)), [np.nan, np.inf, -np.inf])
    np.testing.assert_array_equal(block_reduce(x, "min", (2,)), [np.nan, 1.0, -np.inf])
    np.testing.assert_array_equal(block_reduce(x, "mean", (2,)), [np.nan, np.inf, -np.inf])
    np.testing.assert_array_equal(block_reduce(x, "count", (2,)), [0, 2, 1])


def test_empty():
    result = block_reduce(np.zeros((0, 4)), "mean", (1, 2))
    assert result.shape == (0, 2) and result.dtype == np.float64
    assert block_reduce(np.zeros((3, 0), np.float32), "count", (3, 1)).shape == (1, 0)


def test_parallel_matches_serial():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((60, 12, 40))
    x[rng.random(x.shape) < 0.2] = np.nan
    for func in ("mean", "std", "max"):
        for window in ((1, 2, 2), (30, 1, 1)):
            serial = block_reduce(x, func, window)
            with set_options(parallel_threshold=100):
                parallel = block_reduce(x, func, window)
            np.testing.assert_array_equal(serial, parallel)


def test_layout_and_supported():
    assert block_layout((100, 36, 72), (1, 2, 2)) == (1800, 2, 36, 2, 1)
    assert block_layout((120, 36, 72), (30, 1, 1)) == (4, 30, 1, 1, 2592)
    assert block_layout((30,), (30,)) == (1, 1, 1, 30, 1)
    assert block_layout((4, 6, 8), (2, 2, 2)) is None
    assert block_supported("mean", np.float32, (4, 6), (2, 3))
    assert not block_supported("mean", np.int64, (4, 6), (2, 3))
    assert not block_supported("median", np.float64, (4, 6), (2, 3))
    assert not block_supported("mean", np.float64, (4, 6, 8), (2, 2, 2))
    with set_options(use_numba=False):
        assert not block_supported("mean", np.float64, (4, 6), (2, 3))


def test_bad_input():
    x = np.zeros((4, 6))
    with pytest.raises(ValueError, match="no block reduction 'median'; available: count"):
        block_reduce(x, "median", (2, 2))
    with pytest.raises(TypeError, match="float32 or float64 data, got int64"):
        block_reduce(np.zeros((4, 6), np.int64), "sum", (2, 2))
    with pytest.raises(ValueError, match="window 4 does not cut axis 1 of length 6"):
        block_reduce(x, "sum", (2, 4))
    with pytest.raises(ValueError, match="window has 1 lengths for an array of 2 dimensions"):
        block_reduce(x, "sum", (2,))
    with pytest.raises(ValueError, match="three or more separate groups"):
        block_reduce(np.zeros((4, 6, 8)), "sum", (2, 2, 2))
