"""The quantile kernel against NumPy's nanquantile/quantile, method by method."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labarray.kernels import quantile as kq
from labarray.kernels.quantile import (
    QUANTILE_METHODS,
    median,
    nanmedian,
    nanquantile,
    quantile,
    quantile_array,
    running_median,
    validate_method,
    validate_q,
)

QS = [0.0, 0.1, 0.25, 0.33, 0.5, 0.9, 1.0]


def _numpy(x: np.ndarray, q, axis, method: str, skipna: bool = True) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        func = np.nanquantile if skipna else np.quantile
        return func(x, q, axis=axis, method=method)


def _random(rng: np.random.Generator, shape: tuple[int, ...], nan: float = 0.2) -> np.ndarray:
    x = rng.normal(size=shape)
    x[rng.random(shape) < nan] = np.nan
    return x


@pytest.mark.parametrize("method", QUANTILE_METHODS)
@pytest.mark.parametrize("axis", [0, 1, 2, (0, 2), (1, 2), None])
def test_float64_matches_numpy_exactly(method: str, axis) -> None:
    rng = np.random.default_rng(0)
    x = _random(rng, (6, 11, 5))
    x[0, :, 0] = np.nan  # an all-NaN slice along axis 1
    result = quantile_array(x, QS, axis, method=method)
    expected = _numpy(x, QS, axis, method)
    np.testing.assert_array_equal(result, expected)
    assert result.dtype == expected.dtype


@pytest.mark.parametrize("method", QUANTILE_METHODS)
def test_integers_match_numpy_values_and_dtype(method: str) -> None:
    x = np.random.default_rng(1).integers(-5, 5, size=(7, 9))
    for axis in (0, 1, None):
        result = quantile_array(x, QS, axis, method=method)
        expected = np.quantile(x, QS, axis=axis, method=method)
        np.testing.assert_array_equal(result, expected)
        assert result.dtype == expected.dtype


@pytest.mark.parametrize("method", ["linear", "lower", "nearest", "hazen", "midpoint"])
def test_float32(method: str) -> None:
    x = _random(np.random.default_rng(2), (5, 40)).astype(np.float32)
    result = quantile_array(x, [0.2, 0.7], 1, method=method)
    expected = _numpy(x.astype(np.float64), [0.2, 0.7], 1, method)
    np.testing.assert_allclose(result, expected, rtol=1e-6)
    assert result.dtype == (np.float32 if method in ("lower", "nearest") else np.float64)


@pytest.mark.parametrize("method", QUANTILE_METHODS)
def test_skipna_false_propagates_nan(method: str) -> None:
    x = _random(np.random.default_rng(3), (8, 6), nan=0.1)
    np.testing.assert_array_equal(
        quantile_array(x, QS, 0, method=method, skipna=False), _numpy(x, QS, 0, method, False)
    )


def test_scalar_q_keepdims_and_q_order() -> None:
    x = _random(np.random.default_rng(4), (4, 5, 6))
    assert quantile_array(x, 0.5, 1).shape == (4, 6)
    assert quantile_array(x, [0.5], 1, keepdims=True).shape == (1, 4, 1, 6)
    np.testing.assert_array_equal(
        quantile_array(x, [0.9, 0.1, 0.5], 2), _numpy(x, [0.9, 0.1, 0.5], 2, "linear")
    )


def test_non_contiguous_input() -> None:
    x = _random(np.random.default_rng(5), (6, 8, 10))[:, ::2, 1:]
    for axis in (0, 1, (0, 1)):
        np.testing.assert_array_equal(
            quantile_array(x, [0.3], axis), _numpy(x, [0.3], axis, "linear")
        )
    xf = np.asfortranarray(_random(np.random.default_rng(6), (7, 9)))
    np.testing.assert_array_equal(quantile_array(xf, 0.4, 0), _numpy(xf, 0.4, 0, "linear"))


def test_empty_and_all_nan() -> None:
    assert np.isnan(quantile_array(np.array([]), 0.5))
    empty = quantile_array(np.zeros((0, 3), dtype=np.int64), [0.5], 0, method="lower")
    assert empty.dtype == np.float64 and empty.shape == (1, 3) and np.isnan(empty).all()
    assert quantile_array(np.zeros((3, 0)), [0.5], 0).shape == (1, 0)
    all_nan = np.full((3, 4), np.nan)
    assert np.isnan(quantile_array(all_nan, [0.2, 0.8], 1)).all()


def test_bool_and_float16() -> None:
    b = np.array([[True, False, True], [False, False, True]])
    np.testing.assert_array_equal(quantile_array(b, 0.5, 1), [1.0, 0.0])
    lower = quantile_array(b, 0.5, 1, method="lower")
    assert lower.dtype == bool
    np.testing.assert_array_equal(lower, [True, False])
    h = np.array([1.0, 2.0, 4.0], dtype=np.float16)
    assert quantile_array(h, 0.5) == 2.0


def test_infinities_are_not_turned_into_nan() -> None:
    # NumPy's lerp gives NaN here (inf * 0); the kernel returns the value
    assert quantile_array(np.array([1.0, np.inf]), 0.0) == 1.0
    assert quantile_array(np.array([1.0, np.inf]), 1.0) == np.inf
    assert quantile_array(np.array([-np.inf, 1.0]), 0.5) == -np.inf


@pytest.mark.parametrize(
    "x",
    [
        np.arange(500.0),  # sorted
        np.arange(500.0)[::-1].copy(),  # reversed
        np.zeros(500),  # all equal
        np.tile([1.0, 2.0], 250),  # many duplicates
        np.concatenate([np.arange(250.0), np.arange(250.0)]),  # organ pipe-ish
    ],
    ids=["sorted", "reversed", "equal", "two-values", "repeated"],
)
def test_adversarial_inputs(x: np.ndarray) -> None:
    for method in ("linear", "lower", "nearest", "inverted_cdf"):
        np.testing.assert_array_equal(
            quantile_array(x, QS, method=method), _numpy(x, QS, None, method)
        )


def test_parallel_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kq, "PARALLEL_THRESHOLD", 10)
    x = _random(np.random.default_rng(7), (50, 40))
    np.testing.assert_array_equal(
        quantile_array(x, [0.1, 0.5], 0), _numpy(x, [0.1, 0.5], 0, "linear")
    )
    np.testing.assert_allclose(running_median(x, 0), _running_reference(x, 0), equal_nan=True)


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(
        st.one_of(st.floats(-1e6, 1e6), st.just(float("nan"))), min_size=0, max_size=30
    ),
    q=st.lists(st.floats(0, 1), min_size=1, max_size=4),
    method=st.sampled_from(QUANTILE_METHODS),
)
def test_hypothesis_against_numpy(values: list[float], q: list[float], method: str) -> None:
    x = np.array(values, dtype=np.float64)
    np.testing.assert_array_equal(quantile_array(x, q, method=method), _numpy(x, q, None, method))


@pytest.mark.parametrize("shape", [(10, 7), (9, 8), (4, 1)])
def test_median_matches_numpy_median_exactly(shape: tuple[int, int]) -> None:
    x = _random(np.random.default_rng(9), shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        np.testing.assert_array_equal(nanmedian(x, axis=0), np.nanmedian(x, axis=0))
        np.testing.assert_array_equal(nanmedian(x, axis=1), np.nanmedian(x, axis=1))
    np.testing.assert_array_equal(median(x, axis=1), np.median(x, axis=1))


def test_numpy_style_wrappers() -> None:
    x = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 7.0]])
    np.testing.assert_array_equal(nanquantile(x, 0.5, axis=1), [2.0, 5.0])
    np.testing.assert_array_equal(quantile(x, 0.5, axis=1), [np.nan, 5.0])
    np.testing.assert_array_equal(nanmedian(x, axis=0, keepdims=True), [[2.5, 5.0, 5.0]])
    np.testing.assert_array_equal(median(x, axis=0), [2.5, np.nan, 5.0])
    with pytest.raises(TypeError, match=r"unexpected keyword argument.*overwrite_input"):
        nanmedian(x, overwrite_input=True)


def test_bad_method() -> None:
    with pytest.raises(ValueError, match=r"'linaer' is not a valid quantile method.*linear"):
        validate_method("linaer")
    with pytest.raises(ValueError, match=r"valid methods are: .*inverted_cdf.*nearest"):
        quantile_array(np.arange(3), 0.5, method="bogus")


@pytest.mark.parametrize("q", [1.5, -0.1, [0.2, 2.0], float("nan")])
def test_bad_q(q) -> None:
    with pytest.raises(ValueError, match=r"q must be in the range \[0, 1\].*q="):
        validate_q(q)


def test_bad_q_shape_type_and_dtype() -> None:
    with pytest.raises(ValueError, match=r"scalar or a 1-D array"):
        validate_q([[0.1, 0.2]])
    with pytest.raises(TypeError, match=r"q must be a number"):
        validate_q("half")
    with pytest.raises(TypeError, match=r"cannot compute quantiles of complex128"):
        quantile_array(np.array([1j]), 0.5)
    with pytest.raises(ValueError, match=r"repeated axis"):
        quantile_array(np.zeros((2, 2)), 0.5, axis=(0, 0))


def _running_reference(x: np.ndarray, axis: int) -> np.ndarray:
    moved = np.moveaxis(x, axis, -1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = np.stack(
            [np.nanmedian(moved[..., : i + 1], axis=-1) for i in range(moved.shape[-1])], axis=-1
        )
    return np.moveaxis(out, -1, axis)


def test_running_median() -> None:
    x = _random(np.random.default_rng(8), (4, 30))
    np.testing.assert_allclose(running_median(x, 1), _running_reference(x, 1), equal_nan=True)
    np.testing.assert_allclose(running_median(x.T, 0), _running_reference(x.T, 0), equal_nan=True)
    np.testing.assert_array_equal(running_median(np.array([2, 1, 3])), [2.0, 1.5, 2.0])
    with pytest.raises(TypeError, match=r"running median of <U1"):
        running_median(np.array(["a"]))


def test_nothing_compiles_at_import() -> None:
    import subprocess
    import sys

    code = "import labarray, sys; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
