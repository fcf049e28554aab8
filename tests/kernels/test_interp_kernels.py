"""Tests of the interpolation kernels against NumPy references."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labarray.kernels.interp import (
    PARALLEL_THRESHOLD,
    interp_axis,
    interp_points,
    linear_weights,
    nearest_positions,
    result_dtype,
)


def test_linear_matches_np_interp_on_every_axis():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((4, 7, 5))
    x = np.sort(rng.uniform(0, 10, 7))
    xi = rng.uniform(-1, 11, 9)
    lo, hi, w = linear_weights(x, xi)
    out = interp_axis(a, 1, lo, hi, w)
    expected = np.apply_along_axis(lambda v: np.interp(xi, x, v, left=np.nan, right=np.nan), 1, a)
    np.testing.assert_allclose(out, expected)
    # first and last axis
    out0 = interp_axis(a.transpose(1, 0, 2), 0, lo, hi, w)
    np.testing.assert_allclose(out0, expected.transpose(1, 0, 2))
    out2 = interp_axis(a.transpose(0, 2, 1), 2, lo, hi, w)
    np.testing.assert_allclose(out2, expected.transpose(0, 2, 1))


def test_unsorted_source_maps_positions_back():
    x = np.array([2.0, 0.0, 1.0])
    y = np.array([20.0, 0.0, 10.0])
    lo, hi, w = linear_weights(x, np.array([0.5, 1.5, 2.0]))
    np.testing.assert_allclose(interp_axis(y, 0, lo, hi, w), [5.0, 15.0, 20.0])
    assert nearest_positions(x, np.array([0.2, 1.9])).tolist() == [1, 0]


def test_extrapolate_and_fill():
    x = np.array([0.0, 1.0])
    lo, hi, w = linear_weights(x, np.array([-1.0, 2.0]), extrapolate=True)
    np.testing.assert_allclose(interp_axis(np.array([0.0, 1.0]), 0, lo, hi, w), [-1.0, 2.0])
    lo, hi, w = linear_weights(x, np.array([-1.0, 0.5]))
    np.testing.assert_allclose(interp_axis(np.array([0.0, 1.0]), 0, lo, hi, w, fill_value=-9), [-9.0, 0.5])


def test_exact_hit_ignores_nan_neighbour():
    x = np.arange(3.0)
    lo, hi, w = linear_weights(x, x)
    out = interp_axis(np.array([1.0, np.nan, 3.0]), 0, lo, hi, w)
    np.testing.assert_array_equal(out, [1.0, np.nan, 3.0])


def test_nan_new_coordinate_is_filled():
    lo, _hi, _w = linear_weights(np.arange(3.0), np.array([np.nan, 1.0]))
    assert lo.tolist()[0] == -1
    assert nearest_positions(np.arange(3.0), np.array([np.nan])).tolist() == [-1]


def test_nearest_ties_go_down_and_extrapolate():
    x = np.array([0.0, 1.0, 2.0])
    assert nearest_positions(x, np.array([0.5, 1.5])).tolist() == [0, 1]
    assert nearest_positions(x, np.array([-3.0, 9.0]), extrapolate=True).tolist() == [0, 2]


def test_duplicate_source_values_do_not_divide_by_zero():
    _lo, _hi, w = linear_weights(np.array([0.0, 1.0, 1.0, 2.0]), np.array([1.0, 1.5]))
    assert np.isfinite(w).all()


def test_dtypes():
    assert result_dtype(np.dtype("int8")) == np.float64
    assert result_dtype(np.dtype("float32")) == np.float64
    assert result_dtype(np.dtype("complex64")) == np.complex128
    lo, hi, w = linear_weights(np.arange(3.0), np.array([0.5]))
    out = interp_axis(np.array([0, 1 + 1j, 2]), 0, lo, hi, w)
    assert out.dtype == np.complex128 and out[0] == 0.5 + 0.5j
    assert interp_axis(np.arange(3), 0, lo, None, None).dtype == np.float64


def test_empty_inputs():
    lo, hi, w = linear_weights(np.arange(3.0), np.array([]))
    assert interp_axis(np.zeros((2, 3)), 1, lo, hi, w).shape == (2, 0)
    lo, hi, w = linear_weights(np.arange(3.0), np.array([1.0]))
    assert interp_axis(np.zeros((0, 3)), 1, lo, hi, w).shape == (0, 1)


def test_parallel_variant_matches():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((PARALLEL_THRESHOLD // 40 + 1, 50))
    x = np.arange(50.0)
    lo, hi, w = linear_weights(x, np.linspace(0, 49, 45))
    out = interp_axis(a, 1, lo, hi, w)
    expected = interp_axis(a[:3], 1, lo, hi, w)
    np.testing.assert_allclose(out[:3], expected)


def test_points_bilinear():
    a = np.arange(12.0).reshape(3, 4)  # a[i, j] = 4 i + j is bilinear
    xi = np.array([0.5, 1.25, 2.0])
    yi = np.array([0.5, 2.5, 3.0])
    pos = [linear_weights(np.arange(3.0), xi), linear_weights(np.arange(4.0), yi)]
    np.testing.assert_allclose(interp_points(a, pos), 4 * xi + yi)
    near = [(nearest_positions(np.arange(3.0), xi), None, None), (nearest_positions(np.arange(4.0), yi), None, None)]
    np.testing.assert_allclose(interp_points(a, near), [0.0, 6.0, 11.0])


def test_bad_input():
    with pytest.raises(ValueError, match="at least 2 source points, got 1"):
        linear_weights(np.array([1.0]), np.array([1.0]))
    with pytest.raises(ValueError, match="at least 1 source point, got 0"):
        nearest_positions(np.array([]), np.array([1.0]))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=12, unique=True),
    st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=1, max_size=12),
)
def test_property_linear_equals_np_interp(xs, xis):
    x = np.array(xs)
    y = np.cos(x)
    xi = np.array(xis)
    lo, hi, w = linear_weights(x, xi)
    order = np.argsort(x)
    expected = np.interp(xi, x[order], y[order], left=np.nan, right=np.nan)
    np.testing.assert_allclose(interp_axis(y, 0, lo, hi, w), expected, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=12, unique=True))
def test_property_existing_points_return_data(xs):
    x = np.array(xs)
    y = np.sin(x)
    lo, hi, w = linear_weights(x, x)
    np.testing.assert_allclose(interp_axis(y, 0, lo, hi, w), y)
    np.testing.assert_array_equal(interp_axis(y, 0, nearest_positions(x, x), None, None), y)


@pytest.mark.parametrize("threshold", [1, 10**9])
def test_last_axis_kernels_match_np_interp(monkeypatch, threshold) -> None:
    import labarray.kernels.interp as kernels

    monkeypatch.setattr(kernels, "PARALLEL_THRESHOLD", threshold)
    rng = np.random.default_rng(7)
    a = rng.standard_normal((4, 3, 9))
    x = np.arange(9.0)
    xi = np.array([-1.0, 0.0, 0.25, 4.5, 8.0, 9.5])
    lo, hi, w = kernels.linear_weights(x, xi)
    out = kernels.interp_axis(a, 2, lo, hi, w, fill_value=-7.0)
    assert out.shape == (4, 3, 6)
    for i in range(4):
        for j in range(3):
            expected = np.interp(xi, x, a[i, j], left=-7.0, right=-7.0)
            np.testing.assert_allclose(out[i, j], expected)
    idx = kernels.nearest_positions(x, xi)
    near = kernels.interp_axis(a, -1, idx, None, None)
    assert np.isnan(near[..., 0]).all() and np.isnan(near[..., -1]).all()
    np.testing.assert_array_equal(near[..., 3], a[..., 4])
    # integer data is interpolated as float64 on the last axis too
    ints = kernels.interp_axis(np.arange(6).reshape(2, 3), 1, *kernels.linear_weights(np.arange(3.0), np.array([0.5])))
    np.testing.assert_array_equal(ints, [[0.5], [3.5]])


def test_nearest_between_neighbouring_floats_and_extremes() -> None:
    # the midpoint of neighbouring floats rounds onto one of them: exact distances decide
    tiny = np.array([0.0, -5e-324])
    assert nearest_positions(tiny, tiny).tolist() == [0, 1]
    one = np.array([1.0, np.nextafter(1.0, 2.0)])
    assert nearest_positions(one, one).tolist() == [0, 1]
    huge = np.array([-1e308, 1e308])  # the midpoint sum overflows
    assert nearest_positions(huge, np.array([0.0, 1e308, -1e308, 5e307])).tolist() == [0, 1, 0, 1]
