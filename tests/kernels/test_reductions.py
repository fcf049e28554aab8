"""The numba reduction kernels against NumPy: one comparison table drives every case."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from labarray.aggregations import ENGINES, apply_aggregation
from labarray.kernels import nanreduce
from labarray.kernels import reductions as _loops
from labarray.kernels.nanreduce import accumulate, compiled, reduce, supports
from labarray.options import set_options

# --- the comparison table: labarray function -> NumPy reference ----------------------------------


def _ref_first_last(last: bool) -> Callable[..., np.ndarray]:
    def ref(x: np.ndarray, axis: int, skipna: bool) -> np.ndarray:
        moved = np.moveaxis(x, axis, -1)
        out = np.empty(moved.shape[:-1], dtype=x.dtype)
        for idx in np.ndindex(out.shape):
            row = moved[idx][::-1] if last else moved[idx]
            if skipna:
                row = row[~(np.isnat(row) if x.dtype.kind in "mM" else np.isnan(row))]
            out[idx] = row[0] if row.size else np.array("NaT" if x.dtype.kind in "mM" else np.nan)
        return out

    return ref


def _float64_then(func: Callable[..., Any]) -> Callable[..., Any]:
    """Reference computed in float64 (float32 results must be accurate, not just as rounded)."""

    def ref(x: np.ndarray, axis: Any, skipna: bool, **kw: Any) -> Any:
        wide = x.astype(np.float64) if x.dtype == np.float32 else x
        result = np.asarray(func(wide, axis, skipna, **kw))
        return result.astype(np.float32) if x.dtype == np.float32 else result

    return ref


def _as_float(x: np.ndarray) -> np.ndarray:
    """Times as float64 with NaN for NaT (NumPy's nanargmin does not skip NaT)."""
    if x.dtype.kind not in "mM":
        return x
    return np.where(np.isnat(x), np.nan, x.view(np.int64).astype(np.float64))


def _pick(plain: Callable[..., Any], nan: Callable[..., Any]) -> Callable[..., Any]:
    def ref(x: np.ndarray, axis: Any, skipna: bool, **kw: Any) -> Any:
        return (nan if skipna and x.dtype.kind in "fmM" else plain)(x, axis=axis, **kw)

    return ref


TABLE: dict[str, Callable[..., Any]] = {
    "sum": _float64_then(_pick(np.sum, np.nansum)),
    "prod": _float64_then(_pick(np.prod, np.nanprod)),
    "mean": _float64_then(_pick(np.mean, np.nanmean)),
    "var": _float64_then(_pick(np.var, np.nanvar)),
    "std": _float64_then(_pick(np.std, np.nanstd)),
    "min": _pick(np.min, np.nanmin),
    "max": _pick(np.max, np.nanmax),
    "count": lambda x, axis, skipna: np.sum(
        ~(np.isnat(x) if x.dtype.kind in "mM" else np.isnan(x.astype(float))), axis=axis
    ),
    "any": lambda x, axis, skipna: np.any(x, axis=axis),
    "all": lambda x, axis, skipna: np.all(x, axis=axis),
    "argmin": lambda x, axis, skipna: _pick(np.argmin, np.nanargmin)(_as_float(x), axis, skipna),
    "argmax": lambda x, axis, skipna: _pick(np.argmax, np.nanargmax)(_as_float(x), axis, skipna),
    "first": lambda x, axis, skipna: _ref_first_last(False)(x, axis, skipna),
    "last": lambda x, axis, skipna: _ref_first_last(True)(x, axis, skipna),
}
SINGLE_AXIS = {"argmin", "argmax", "first", "last"}
TIME_OK = {"min", "max", "count", "argmin", "argmax", "first", "last"}


def _data(kind: str, shape: tuple[int, ...], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=shape).round(1)
    if kind in ("float64", "float32"):
        x[rng.random(shape) < 0.2] = np.nan
        x[rng.random(shape) < 0.05] = np.inf
        x[rng.random(shape) < 0.05] = -np.inf
        if x.ndim > 1 and x.shape[0] > 1:
            x[0] = np.nan  # an all-NaN slice along every other axis
        return x.astype(kind)
    if kind == "int64":
        return rng.integers(-3, 4, size=shape)
    if kind == "int16":
        return rng.integers(-3, 4, size=shape).astype(np.int16)
    if kind == "bool":
        return rng.random(shape) < 0.6
    times = rng.integers(0, 10**6, size=shape).astype("M8[s]")
    times[rng.random(shape) < 0.2] = np.datetime64("NaT")
    return times if kind == "datetime64" else times - np.datetime64("1970-01-01", "s")


SHAPES = [(5,), (4, 7), (3, 1, 9), (2, 3, 4, 10), (0, 3), (3, 0), (1, 1)]
KINDS = ["float64", "float32", "int64", "int16", "bool", "datetime64", "timedelta64"]


def _cases() -> list[tuple[str, tuple[int, ...], Any]]:
    cases = []
    for kind in KINDS:
        for shape in SHAPES:
            ndim = len(shape)
            axes: list[Any] = [None, ndim - 1, 0]
            if ndim >= 3:
                axes += [(0, 2), (1, 2), (0, 1), (-1, 0)]
            if ndim == 4:
                axes += [(1, 2), (0, 1, 3)]
            cases += [(kind, shape, a) for a in axes]
    return cases


def _compare(actual: np.ndarray, expected: Any, name: str, kind: str) -> None:
    expected = np.asarray(expected)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    if kind in ("datetime64", "timedelta64") and name not in ("count", "argmin", "argmax"):
        assert actual.dtype == expected.dtype
        np.testing.assert_array_equal(actual, expected)
        return
    if actual.dtype.kind != "f":
        assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
        np.testing.assert_array_equal(actual, expected)
        return
    rtol = 2e-6 if kind == "float32" else 1e-12
    np.testing.assert_allclose(actual, expected.astype(actual.dtype), rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("skipna", [True, False])
def test_table_against_numpy(name: str, skipna: bool) -> None:
    checked = 0
    for kind, shape, axis in _cases():
        x = _data(kind, shape, seed=len(shape))
        if kind in ("datetime64", "timedelta64") and name not in TIME_OK:
            assert not supports(name, x.dtype)
            continue
        if name in SINGLE_AXIS and not isinstance(axis, int):
            continue
        n = x.size if axis is None else np.prod([x.shape[a] for a in np.atleast_1d(axis)])
        if n == 0 and name in ("min", "max", "argmin", "argmax", "first", "last"):
            with pytest.raises(ValueError, match="zero-size array"):
                reduce(name, x, axis, skipna=skipna)
            continue
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            try:
                expected = TABLE[name](x, axis, skipna)
            except ValueError:  # NumPy: all-NaN slice in nanargmin
                with pytest.raises(ValueError, match=f"All-NaN slice encountered in {name}"):
                    reduce(name, x, axis, skipna=skipna)
                continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no RuntimeWarning may leak
            actual = reduce(name, x, axis, skipna=skipna)
        _compare(actual, expected, name, kind)
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("ddof", [0, 1, 3])
def test_var_ddof_and_keepdims(ddof: int) -> None:
    x = _data("float64", (4, 3, 6), seed=3)
    for axis in [None, 0, (1, 2), (0, 2)]:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = np.nanvar(x, axis=axis, ddof=ddof, keepdims=True)
        actual = reduce("var", x, axis, ddof=ddof, keepdims=True)
        np.testing.assert_allclose(actual, expected, rtol=1e-12)
        assert actual.shape == expected.shape


def test_float32_sums_are_accumulated_in_float64() -> None:
    rng = np.random.default_rng(0)
    x = (rng.random((3, 200_000)) * 1000).astype(np.float32)
    exact = x.astype(np.float64).sum(axis=1)
    for axis in (1, None):
        result = reduce("sum", x, axis)
        assert result.dtype == np.float32
        np.testing.assert_allclose(result, exact.sum() if axis is None else exact, rtol=1e-7)
    assert reduce("mean", x, 1, dtype=np.float64).dtype == np.float64
    # a float32 accumulator would have lost the small values entirely
    spikes = np.array([1e8, 1.0, 1.0, -1e8] * 10, dtype=np.float32)
    assert reduce("sum", spikes, None) == 20.0
    np.testing.assert_allclose(reduce("var", x.T, 0), np.var(x.T.astype(np.float64), 0), rtol=1e-6)


def test_integer_and_bool_result_dtypes_follow_numpy() -> None:
    for dtype in (np.int8, np.int32, np.uint8, np.uint32, np.uint64, np.int64, np.bool_):
        x = np.arange(12).reshape(3, 4).astype(dtype)
        for name, func in (("sum", np.sum), ("prod", np.prod), ("mean", np.mean)):
            if not supports(name, x.dtype):
                assert name == "mean" and dtype is np.uint64
                continue
            expected = func(x, axis=1)
            actual = reduce(name, x, 1)
            assert actual.dtype == expected.dtype, (name, dtype)
            np.testing.assert_array_equal(actual, expected)
        if supports("min", x.dtype):
            assert reduce("min", x, 0).dtype == x.dtype
    big = np.array([2**63 + 5, 3], dtype=np.uint64)
    assert reduce("sum", big, None) == np.sum(big)  # wraps like NumPy


def test_min_count() -> None:
    x = np.array([[np.nan, np.nan, 1.0], [1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(reduce("sum", x, 1, min_count=2), [np.nan, 6.0])
    np.testing.assert_array_equal(reduce("prod", x, 1, min_count=1), [1.0, 6.0])
    ints = np.arange(6).reshape(2, 3)
    assert reduce("sum", ints, 1, min_count=3).dtype == np.int64
    nulled = reduce("sum", ints, 1, min_count=4)
    assert nulled.dtype == np.float64 and np.isnan(nulled).all()
    assert reduce("sum", x.astype(np.float32), 1, min_count=2).dtype == np.float32


def test_datetime_min_max_and_mean_through_the_table() -> None:
    times = np.array(["2000-01-03", "NaT", "2000-01-01", "2000-01-02"], dtype="M8[ns]")
    assert reduce("min", times) == np.datetime64("2000-01-01", "ns")
    assert np.isnat(reduce("max", times, skipna=False))
    assert reduce("last", times) == np.datetime64("2000-01-02", "ns")
    assert np.isnat(reduce("min", np.array(["NaT"], dtype="M8[s]")))
    mean = apply_aggregation("mean", times.reshape(2, 2), 0)
    np.testing.assert_array_equal(mean, np.array(["2000-01-02", "2000-01-02"], dtype="M8[ns]"))


@pytest.mark.parametrize(
    "make",
    [
        lambda x: np.asfortranarray(x),
        lambda x: x.transpose(2, 0, 1),
        lambda x: x[:, ::2, :],
        lambda x: np.ascontiguousarray(x.transpose(1, 2, 0)).transpose(2, 0, 1),
    ],
    ids=["fortran", "transposed", "strided", "permuted-c"],
)
def test_memory_layouts(make: Callable[[np.ndarray], np.ndarray]) -> None:
    x = make(_data("float64", (6, 5, 12), seed=5))
    for name in ("sum", "var", "max", "count", "argmin", "first"):
        for axis in [None, 0, 1, 2, (0, 1), (1, 2), (0, 2)]:
            if name in SINGLE_AXIS and not isinstance(axis, int):
                continue
            if name == "argmin" and axis is not None:
                x2 = np.where(np.isnan(x), 0.0, x)  # no all-NaN slices
            else:
                x2 = x
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected = TABLE[name](x2, axis, True)
            _compare(reduce(name, x2, axis), expected, name, "float64")


# (sum, mean and var only: every parallel variant costs 1-6 s to compile on a cold disk cache)
@pytest.mark.parametrize("name", ["sum", "mean", "var"])
def test_parallel_target_and_split_whole_array(name: str) -> None:
    x = _data("float64", (40, 30, 20), seed=7)
    with set_options(parallel_threshold=1000):
        for axis in [None, 0, (1, 2), (0, 1)]:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected = TABLE[name](x, axis, True)
            _compare(reduce(name, x, axis), expected, name, "float64")
    parallel, serial = compiled("sum_columns", True), compiled("sum_columns", False)
    assert parallel is not serial and parallel is compiled("sum_columns", parallel=True)
    # distinct names: numba's disk cache must not hand the serial code to the parallel variant
    assert parallel.py_func.__qualname__ == "sum_columns_parallel"
    assert serial.py_func.__qualname__ == "sum_columns"


def test_parallel_split_of_whole_array_min_max_count_any() -> None:
    x = _data("float64", (40, 30, 20), seed=8)
    x[:, :, 3] = np.nan
    with set_options(parallel_threshold=1000), np.errstate(all="ignore"):
        for skipna in (True, False):
            for name in ("min", "max"):
                expected = TABLE[name](x, None, skipna)
                np.testing.assert_array_equal(reduce(name, x, None, skipna=skipna), expected)
        assert reduce("count", x) == np.count_nonzero(~np.isnan(x))
        assert reduce("any", x > 3) == np.any(x > 3) and not reduce("all", x > 0)
        assert reduce("count", np.ones((40, 30, 20), dtype=np.int64)) == 24000


# --- the SIMD lanes of row min/max ---------------------------------------------------------------

LANES = _loops.LANES
# lengths around the lane width and the four-chunk step of the fold: no chunk, a partial chunk,
# whole chunks with and without a four-chunk step, and every kind of remainder
LANE_LENGTHS = [1, LANES - 1, LANES, LANES + 1, 2 * LANES + 3, 4 * LANES, 5 * LANES, 9 * LANES + 7]


def _lane_rows(n: int, dtype: str) -> np.ndarray:
    """Rows of length ``n`` exercising each lane: a lone NaN at every position, the extreme in
    every position, NaN in all but one position, all-NaN, only -inf / +inf, mixed infinities."""
    rng = np.random.default_rng(n)
    base = rng.normal(size=n).round(2)
    rows = [base]
    for pos in range(n):
        nan_at = base.copy()
        nan_at[pos] = np.nan
        peak = base.copy()
        peak[pos] = 100.0
        low = base.copy()
        low[pos] = -100.0
        lone = np.full(n, np.nan)
        lone[pos] = -3.5
        rows += [nan_at, peak, low, lone]
    rows += [np.full(n, np.nan), np.full(n, -np.inf), np.full(n, np.inf)]
    mixed = np.where(np.arange(n) % 2 == 0, -np.inf, np.nan)
    rows += [mixed, np.where(np.arange(n) % 3 == 0, np.inf, -np.inf)]
    return np.array(rows).astype(dtype)


@pytest.mark.parametrize("n", LANE_LENGTHS)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "parallel"])
def test_row_min_max_lanes_match_numpy(n: int, dtype: str, parallel: bool) -> None:
    x = _lane_rows(n, dtype)
    threshold = 1 if parallel else 10**9
    with set_options(parallel_threshold=threshold), warnings.catch_warnings():
        warnings.simplefilter("error")  # all-NaN rows give NaN silently
        for name in ("min", "max"):
            for skipna in (True, False):
                actual = reduce(name, x, axis=1, skipna=skipna)
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    expected = TABLE[name](x, 1, skipna)
                assert actual.dtype == x.dtype
                np.testing.assert_array_equal(actual, expected, err_msg=f"{name} skipna={skipna}")


@pytest.mark.parametrize("n", LANE_LENGTHS)
def test_row_min_max_lanes_of_integers_bools_and_times(n: int) -> None:
    rng = np.random.default_rng(n)
    ints = rng.integers(-(2**62), 2**62, size=(6, n))
    ints[1, n // 2] = np.iinfo(np.int64).max
    ints[2, n - 1] = np.iinfo(np.int64).min  # the int64 of NaT is an ordinary value for ints
    for name, ref in (("min", np.min), ("max", np.max)):
        # int64 extremes beyond 2**53 stay exact (no trip through float64), rows and columns
        np.testing.assert_array_equal(reduce(name, ints, axis=1), ref(ints, axis=1))
        np.testing.assert_array_equal(reduce(name, ints.T, axis=0), ref(ints, axis=1))
        np.testing.assert_array_equal(reduce(name, ints), ref(ints))
        flags = ints > 0
        np.testing.assert_array_equal(reduce(name, flags, axis=1), ref(flags, axis=1))
    times = (ints % 10**9).astype("M8[s]")
    times[0] = np.datetime64("NaT")
    times[3, :: max(n // 3, 1)] = np.datetime64("NaT")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy warns about the all-NaT row
        expected = np.nanmax(times, axis=1)
    np.testing.assert_array_equal(reduce("max", times, axis=1), expected)
    np.testing.assert_array_equal(reduce("min", times, axis=1, skipna=False), np.min(times, axis=1))


def test_row_min_max_lanes_whole_array_and_keepdims() -> None:
    x = _lane_rows(3 * LANES + 5, "float64")
    with set_options(parallel_threshold=100):  # split in pieces, pieces' results combined
        np.testing.assert_array_equal(reduce("max", x), np.nanmax(x))
        np.testing.assert_array_equal(reduce("min", x, keepdims=True), np.nanmin(x, keepdims=True))
        assert np.isnan(reduce("max", x, skipna=False))
    with pytest.raises(ValueError, match="zero-size array to reduction operation max"):
        reduce("max", np.empty((3, 0)), axis=1)


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@pytest.mark.parametrize("skipna", [True, False])
def test_scans_are_identical_to_numpy(name: str, skipna: bool) -> None:
    x = _data("float64", (3, 4, 5), seed=2) / 2
    nan_func, func = (np.nancumsum, np.cumsum) if name == "cumsum" else (np.nancumprod, np.cumprod)
    for axis in (0, 1, -1):
        np.testing.assert_array_equal(
            accumulate(name, x, axis, skipna=skipna), (nan_func if skipna else func)(x, axis=axis)
        )
    ints = np.arange(1, 7, dtype=np.int32).reshape(2, 3)
    expected = func(ints, axis=1)
    assert accumulate(name, ints, 1).dtype == expected.dtype
    np.testing.assert_array_equal(accumulate(name, ints, 1), expected)
    f32 = x.astype(np.float32)
    np.testing.assert_array_equal(
        accumulate(name, f32, 0, skipna=skipna, dtype=np.float64),
        (nan_func if skipna else func)(f32, axis=0, dtype=np.float64),
    )
    assert accumulate(name, np.zeros((0, 2)), 0).shape == (0, 2)


def test_first_last_rows_of_the_table_on_numpy_and_dask() -> None:
    da = pytest.importorskip("dask.array")
    x = np.array([[np.nan, 1.0, 2.0, np.nan], [np.nan, np.nan, np.nan, np.nan], [3, 4, 5, 6]])
    np.testing.assert_array_equal(apply_aggregation("first", x, 1), [1.0, np.nan, 3.0])
    np.testing.assert_array_equal(apply_aggregation("last", x, 1), [2.0, np.nan, 6.0])
    np.testing.assert_array_equal(apply_aggregation("first", x, 1, skipna=False), x[:, 0])
    assert apply_aggregation("last", x, None) == 6.0
    lazy = da.from_array(x, chunks=(2, 1))
    for name in ("first", "last"):
        for axis in (0, 1, None):
            for skipna in (True, False):
                eager = apply_aggregation(name, x, axis, skipna=skipna, keepdims=True)
                with set_options(use_numba=False):
                    plain = apply_aggregation(name, x, axis, skipna=skipna, keepdims=True)
                result = apply_aggregation(name, lazy, axis, skipna=skipna, keepdims=True)
                np.testing.assert_array_equal(result.compute(), eager)
                np.testing.assert_array_equal(plain, eager)
    with pytest.raises(ValueError, match="first reduces along one axis only"):
        apply_aggregation("first", x, (0, 1))


@pytest.mark.parametrize("name", ["sum", "mean", "std", "min", "max", "argmax", "count", "cumsum"])
def test_dask_equals_numpy_through_the_table(name: str) -> None:
    da = pytest.importorskip("dask.array")
    x = _data("float64", (6, 5, 8), seed=9)
    x[0] = 1.0  # no all-NaN slice for argmax
    axis = 1 if name in ("argmax", "cumsum") else (0, 2)
    eager = apply_aggregation(name, x, axis)
    lazy = apply_aggregation(name, da.from_array(x, chunks=(2, 3, 3)), axis)
    with np.errstate(all="ignore"):  # inf - inf inside Dask's own reductions
        np.testing.assert_allclose(lazy.compute(), eager, rtol=1e-12)


def test_numpy_engine_stays_selectable(monkeypatch: pytest.MonkeyPatch) -> None:
    x = _data("float64", (4, 6), seed=1)
    expected = apply_aggregation("sum", x, 1)

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the kernels must not run with use_numba=False")

    monkeypatch.setattr(nanreduce, "reduce", boom)
    with set_options(use_numba=False):
        np.testing.assert_allclose(apply_aggregation("sum", x, 1), expected, rtol=1e-12)
    with pytest.raises(AssertionError, match="must not run"):
        apply_aggregation("sum", x, 1)
    assert set(ENGINES) >= {"numba", "numpy"}
    # dtypes the kernels do not handle go to NumPy
    complex_data = np.array([1 + 1j, 2 - 1j])
    assert apply_aggregation("sum", complex_data, None) == 3 + 0j


def test_bad_input() -> None:
    x = np.ones((2, 3))
    with pytest.raises(KeyError, match="no kernel reduction 'median'; kernel reductions: all, "):
        reduce("median", x)
    with pytest.raises(TypeError, match="the sum kernel does not handle complex128 data"):
        reduce("sum", x.astype(complex))
    with pytest.raises(TypeError, match="the mean kernel does not handle datetime64"):
        reduce("mean", np.array(["2000"], dtype="M8[s]"))
    with pytest.raises(np.exceptions.AxisError, match="axis 2 is out of bounds"):
        reduce("sum", x, 2)
    with pytest.raises(ValueError, match="All-NaN slice encountered in argmax"):
        reduce("argmax", np.array([[np.nan, np.nan], [1.0, 2.0]]), 1)
    with pytest.raises(ValueError, match="zero-size array to reduction operation min"):
        reduce("min", np.zeros((0, 2)), 0)
    with pytest.raises(KeyError, match="no kernel scan 'cummax'"):
        accumulate("cummax", x, 0)
    with pytest.raises(TypeError, match="the cumsum kernel does not handle"):
        accumulate("cumsum", np.array(["a"]), 0)
    with pytest.raises(ValueError, match="cumsum needs at least one axis"):
        accumulate("cumsum", np.float64(1.0), 0)
    with pytest.raises(KeyError, match="no reduction loop named 'nope'"):
        compiled("nope")
    assert not supports("median", np.dtype("float64"))
    assert not supports("sum", np.dtype("float16"))
    assert not supports("sum", np.dtype("float64"), np.dtype("complex128"))
    assert not supports("min", np.dtype("uint64"))


def test_zero_dimensional_input() -> None:
    assert reduce("sum", np.float64(2.5)) == 2.5
    assert reduce("argmax", np.array(3.0)) == 0
    assert reduce("first", np.array(np.nan)).shape == ()


# --- hypothesis property tests against NumPy ------------------------------------------------------

float_arrays = hnp.arrays(
    np.float64,
    hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6),
    elements=st.one_of(st.floats(-1e6, 1e6), st.just(np.nan)),
)


@settings(max_examples=60, deadline=None)
@given(x=float_arrays, data=st.data())
def test_property_nan_reductions_match_numpy(x: np.ndarray, data: st.DataObject) -> None:
    axes = data.draw(st.lists(st.integers(0, x.ndim - 1), unique=True, min_size=1))
    axis = tuple(axes)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, func in (("sum", np.nansum), ("mean", np.nanmean), ("var", np.nanvar),
                           ("min", np.nanmin), ("max", np.nanmax)):  # fmt: skip
            expected = func(x, axis=axis)
            np.testing.assert_allclose(reduce(name, x, axis), expected, rtol=1e-9, atol=1e-6)
        np.testing.assert_array_equal(reduce("max", x, axis, skipna=False), np.max(x, axis=axis))


@settings(max_examples=40, deadline=None)
@given(x=hnp.arrays(np.int64, hnp.array_shapes(max_dims=3), elements=st.integers(-1000, 1000)))
def test_property_integer_reductions_are_exact(x: np.ndarray) -> None:
    axis = x.ndim - 1 if x.ndim else None
    np.testing.assert_array_equal(reduce("sum", x, axis), np.sum(x, axis=axis))
    np.testing.assert_array_equal(accumulate("cumsum", x.reshape(-1), 0), np.cumsum(x))
    if x.size:
        np.testing.assert_array_equal(reduce("max", x, axis), np.max(x, axis=axis))


# --- import and compile cost ----------------------------------------------------------------------

_CACHE_SCRIPT = textwrap.dedent(
    """
    import sys, numpy as np
    from labarray.kernels.nanreduce import compiled, reduce
    reduce("sum", np.arange(12.0).reshape(3, 4), 1)
    stats = compiled("sum_rows").stats
    print(sum(stats.cache_hits.values()), sum(stats.cache_misses.values()))
    """
)


def _run_python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def test_import_compiles_nothing_and_second_process_loads_from_disk_cache() -> None:
    assert _run_python("import sys, labarray; print('numba' in sys.modules)") == "False"
    _run_python(_CACHE_SCRIPT)  # compiles (or loads) and writes the cache
    hits, misses = map(int, _run_python(_CACHE_SCRIPT).split())
    assert (hits, misses) == (1, 0)
