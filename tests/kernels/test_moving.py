from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labarray.kernels.moving import (
    MOVING_FUNCS,
    exponential_reduce,
    fixed_window_bounds,
    moving_reduce,
    result_dtype,
    time_window_bounds,
)
from labarray.options import set_options

#: NumPy reference of each moving reduction over one window (axis = the window axis)
REFERENCE = {
    "sum": np.nansum,
    "mean": np.nanmean,
    "var": np.nanvar,
    "std": np.nanstd,
    "min": np.nanmin,
    "max": np.nanmax,
    "median": np.nanmedian,
    "count": lambda a, axis: np.sum(~np.isnan(a), axis=axis).astype(float),
    "argmin": np.nanargmin,
    "argmax": np.nanargmax,
}


def reference(values, func, axis, window, center, min_count, ddof=0):
    """Pad with NaN, take a sliding_window_view and apply the nan-function to each window."""
    x = np.moveaxis(np.asarray(values, dtype=np.float64), axis, -1)
    shift = (window - 1) // 2 if center else 0
    pad = [(0, 0)] * (x.ndim - 1) + [(window - 1 - shift, shift)]
    padded = np.pad(x, pad, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, window, axis=-1)
    counts = np.sum(~np.isnan(windows), axis=-1)
    kw = {"ddof": ddof} if func in ("var", "std") else {}
    filled = windows
    if func in ("argmin", "argmax"):
        # nanarg* raise on all-NaN windows: fill those and mask afterwards
        filled = np.where(counts[..., None] == 0, 0.0, windows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = REFERENCE[func](filled, axis=-1, **kw).astype(float)
        bad = counts < max(min_count, 1) if func != "sum" else counts < min_count
        if func in ("var", "std"):
            bad |= counts - ddof <= 0
        out = np.where(bad, np.nan, out)
    return np.moveaxis(out, -1, axis)


def run(values, func, axis, window, center, min_count, ddof=0):
    start, end = fixed_window_bounds(np.shape(values)[axis], window, center)
    out = moving_reduce(values, func, axis, start, end, min_count, ddof=ddof)
    if func in ("argmin", "argmax"):
        origin = np.arange(len(start)) + ((window - 1) // 2 if center else 0) - window + 1
        shape = [1] * out.ndim
        shape[axis] = -1
        out = out - origin.reshape(shape)
    return out


def sample(shape, dtype="float64", frac_nan=0.2, seed=0):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "b":
        return rng.random(shape) < 0.5
    if np.dtype(dtype).kind in "iu":
        return rng.integers(0, 20, size=shape).astype(dtype)
    x = rng.standard_normal(shape).astype(dtype)
    x[rng.random(shape) < frac_nan] = np.nan
    return x


@pytest.mark.parametrize("func", sorted(MOVING_FUNCS))
@pytest.mark.parametrize("center", [False, True])
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_matches_numpy_reference(func, center, axis):
    x = sample((13, 6, 5))
    expected = reference(x, func, axis, 4, center, 2)
    actual = run(x, func, axis, 4, center, 2)
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("func", sorted(MOVING_FUNCS))
@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "bool", "float32"])
def test_dtypes(func, dtype):
    x = sample((17, 3), dtype=dtype)
    actual = run(x, func, 0, 5, True, 1)
    expected = reference(x.astype(float), func, 0, 5, True, 1)
    assert actual.dtype == result_dtype(func, x.dtype)
    rtol = 1e-5 if dtype == "float32" else 1e-12
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=rtol)


def test_float32_accumulates_in_float64():
    x = np.full(100_000, 0.1, dtype=np.float32)
    start, end = fixed_window_bounds(x.size, 50_000, center=False)
    out = moving_reduce(x, "sum", 0, start, end, 1)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out[-1], 50_000 * np.float64(np.float32(0.1)), rtol=1e-6)


@pytest.mark.parametrize("min_count", [1, 3, 5])
@pytest.mark.parametrize("func", ["sum", "mean", "max", "median", "std"])
def test_min_count(func, min_count):
    x = sample((40,), frac_nan=0.4, seed=3)
    np.testing.assert_allclose(
        run(x, func, 0, 5, False, min_count), reference(x, func, 0, 5, False, min_count)
    )


@pytest.mark.parametrize("window", [1, 2, 7, 12, 30])
def test_window_sizes_including_longer_than_data(window):
    x = sample((12, 2), seed=window)
    for func in ("mean", "min", "argmax", "median", "var"):
        np.testing.assert_allclose(
            run(x, func, 0, window, True, 1), reference(x, func, 0, window, True, 1)
        )


def test_ddof_and_all_nan():
    x = np.array([np.nan, np.nan, np.nan, 1.0, 2.0, 4.0])
    np.testing.assert_allclose(
        run(x, "var", 0, 3, False, 1, ddof=1), reference(x, "var", 0, 3, False, 1, ddof=1)
    )
    assert np.isnan(run(x, "max", 0, 2, False, 1)[:3]).all()


def test_ties_keep_the_earliest_position():
    x = np.array([3.0, 3.0, 1.0, 3.0])
    assert run(x, "argmax", 0, 3, False, 1).tolist() == [2.0, 1.0, 0.0, 0.0]


def test_resummation_removes_rounding_residue():
    x = np.zeros(5000)
    x[0] = 1e16
    x[1:] = 1.0
    start, end = fixed_window_bounds(x.size, 3, center=False)
    out = moving_reduce(x, "sum", 0, start, end, 1)
    # after the large value left the window (and a re-summation) the sums are exact again
    assert (out[-1000:] == 3.0).all()


def test_variance_after_an_outlier_leaves_is_exact():
    x = np.array([102350.0, np.nan, np.nan, 0.0, 0.3125])
    np.testing.assert_allclose(run(x, "std", 0, 4, False, 1)[-1], 0.15625, rtol=1e-12)


def test_parallel_path_matches_serial():
    x = sample((50, 4, 300), seed=5)
    serial = run(x, "mean", 0, 7, True, 1)
    with set_options(parallel_threshold=1000):
        parallel = {f: run(x, f, 0, 7, True, 1) for f in ("mean", "std", "max", "median", "argmin")}
        exp_parallel = exponential_reduce(x, "std", 0, 0.2)
    np.testing.assert_allclose(exp_parallel, exponential_reduce(x, "std", 0, 0.2))
    np.testing.assert_allclose(parallel["argmin"], reference(x, "argmin", 0, 7, True, 1))
    np.testing.assert_allclose(parallel["mean"], serial)
    np.testing.assert_allclose(parallel["max"], reference(x, "max", 0, 7, True, 1))
    np.testing.assert_allclose(parallel["std"], reference(x, "std", 0, 7, True, 1), atol=1e-12)
    np.testing.assert_allclose(parallel["median"], reference(x, "median", 0, 7, True, 1))


@settings(max_examples=40, deadline=None)
@given(
    data=st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(float("nan"))), min_size=1, max_size=40),
    window=st.integers(1, 10),
    center=st.booleans(),
    func=st.sampled_from(sorted(MOVING_FUNCS)),
)
def test_property_matches_reference(data, window, center, func):
    x = np.array(data)
    np.testing.assert_allclose(
        run(x, func, 0, window, center, 1),
        reference(x, func, 0, window, center, 1),
        rtol=1e-7,
        atol=1e-6,
    )


def test_time_window_bounds():
    t = np.array(["2000-01-01", "2000-01-02", "2000-01-05", "2000-01-06"], dtype="datetime64[ns]")
    start, end = time_window_bounds(t, np.timedelta64(3, "D"), center=False)
    assert start.tolist() == [0, 0, 2, 2] and end.tolist() == [1, 2, 3, 4]
    start, end = time_window_bounds(t, np.timedelta64(2, "D"), center=True)
    assert start.tolist() == [0, 1, 2, 3] and end.tolist() == [2, 2, 4, 4]
    x = np.array([1.0, 2.0, 3.0, 4.0])
    out = moving_reduce(x, "sum", 0, *time_window_bounds(t, np.timedelta64(3, "D"), False), 1)
    assert out.tolist() == [1.0, 3.0, 3.0, 7.0]


def test_bad_input():
    s, e = fixed_window_bounds(3, 2, False)
    with pytest.raises(ValueError, match=r"no moving-window loop for 'mode'; available: argmax"):
        moving_reduce(np.zeros(3), "mode", 0, s, e, 1)
    with pytest.raises(TypeError, match=r"numeric or boolean data, got dtype <U1"):
        moving_reduce(np.array(["a", "b", "c"]), "sum", 0, s, e, 1)
    with pytest.raises(ValueError, match=r"start and end must be 1-D arrays of the same length"):
        moving_reduce(np.zeros(3), "sum", 0, s, e[:2], 1)


def test_empty_input():
    out = moving_reduce(np.zeros((0, 3)), "mean", 0, np.zeros(0, int), np.zeros(0, int), 1)
    assert out.shape == (0, 3)
