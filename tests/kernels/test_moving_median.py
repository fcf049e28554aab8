from __future__ import annotations

import warnings

import numpy as np
import pytest

from labarray.kernels.moving import fixed_window_bounds, moving_reduce, time_window_bounds
from labarray.kernels.moving_median import MAX_WINDOW, median_lanes
from labarray.options import set_options


def reference(x, start, end, min_count):
    """np.nanmedian of each window x[p, start[i]:end[i], j] (NaN below min_count)."""
    pre, _, post = x.shape
    out = np.full((pre, len(start), post), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for i, (a, b) in enumerate(zip(start, end, strict=True)):
            window = x[:, a:b, :].astype(np.float64)
            valid = (~np.isnan(window)).sum(axis=1)
            med = np.nanmedian(window, axis=1) if b > a else np.full((pre, post), np.nan)
            out[:, i, :] = np.where((valid >= max(min_count, 1)), med, np.nan)
    return out


def run(x, start, end, min_count):
    out = np.empty((x.shape[0], len(start), x.shape[2]), dtype=x.dtype)
    median_lanes(x, np.asarray(start, np.int64), np.asarray(end, np.int64), min_count, out)
    return out


@pytest.mark.parametrize("window", [1, 2, 3, 7, 8, 30])
@pytest.mark.parametrize("center", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fixed_windows_against_nanmedian(window, center, dtype):
    rng = np.random.default_rng(window)
    # few distinct values: ties and duplicate removals are exercised
    x = rng.integers(-3, 4, (2, 50, 5)).astype(dtype)
    x[rng.random(x.shape) < 0.3] = np.nan
    x[:, 10:20, 0] = np.nan  # all-NaN windows
    x[0, 3, 1] = np.inf
    x[1, 4, 2] = -np.inf
    start, end = fixed_window_bounds(50, window, center=center)
    for min_count in (0, 1, window):
        result = run(x, start, end, min_count)
        np.testing.assert_array_equal(result, reference(x, start, end, min_count).astype(dtype))


def test_time_windows_and_empty_windows():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((1, 40, 3))
    x[rng.random(x.shape) < 0.2] = np.nan
    times = np.cumsum(rng.integers(1, 5, 40))
    start, end = time_window_bounds(times, 6, center=True)
    np.testing.assert_array_equal(run(x, start, end, 1), reference(x, start, end, 1))
    # windows that empty out completely between positions
    start = np.array([0, 2, 5, 5, 9], np.int64)
    end = np.array([2, 2, 5, 8, 10], np.int64)
    np.testing.assert_array_equal(
        run(x[:, :10], start, end, 0), reference(x[:, :10], start, end, 0)
    )


def test_moving_reduce_uses_lanes_and_matches_search_loop():
    rng = np.random.default_rng(8)
    n = MAX_WINDOW + 40
    x = rng.standard_normal((n, 3))
    x[rng.random(x.shape) < 0.2] = np.nan
    for window in (5, MAX_WINDOW, MAX_WINDOW + 10):  # lanes, lanes, search-and-shift loop
        start, end = fixed_window_bounds(n, window, center=True)
        result = moving_reduce(x, "median", 0, start, end, 2)
        expected = reference(x[None], start, end, 2)[0]
        np.testing.assert_array_equal(result, expected)


def test_ints_bools_and_parallel():
    x = np.arange(40).reshape(20, 2) % 7
    start, end = fixed_window_bounds(20, 3, center=False)
    ints = moving_reduce(x, "median", 0, start, end, 1)
    np.testing.assert_array_equal(ints, reference(x[None].astype(float), start, end, 1)[0])
    bools = moving_reduce(x > 3, "median", 0, start, end, 1)
    np.testing.assert_array_equal(bools, reference((x > 3)[None].astype(float), start, end, 1)[0])
    rng = np.random.default_rng(2)
    y = rng.standard_normal((3, 100, 40))
    y[rng.random(y.shape) < 0.1] = np.nan
    s, e = fixed_window_bounds(100, 7, center=True)
    serial = run(y, s, e, 1)
    with set_options(parallel_threshold=100):
        parallel = run(y, s, e, 1)
    np.testing.assert_array_equal(serial, parallel)


def test_empty():
    out = run(np.zeros((1, 0, 3)), np.zeros(0, np.int64), np.zeros(0, np.int64), 1)
    assert out.shape == (1, 0, 3)
    out = run(np.zeros((1, 4, 0)), np.array([0, 0, 1, 2]), np.array([1, 2, 3, 4]), 1)
    assert out.shape == (1, 4, 0)
