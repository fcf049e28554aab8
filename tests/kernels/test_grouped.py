"""The grouped numba loops against NumPy references, in both loop forms and both targets."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from labarray.kernels import grouped
from labarray.kernels.grouped import (
    as_3d,
    compiled,
    numba_supports,
    reduce_numba,
    runs,
    weighted_sum,
)
from labarray.options import set_options


def _reference(
    func: str, x: np.ndarray, codes: np.ndarray, ngroups: int, skipna: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Per-group NumPy reduction of a (pre, n, post) array; NaN where a group has no value."""
    pre, _, post = x.shape
    kind = x.dtype.kind
    values = x.view(np.int64) if kind in "mM" else x
    missing = (
        np.isnat(x) if kind in "mM" else (np.isnan(x) if kind == "f" else np.zeros(x.shape, bool))
    )
    out = np.full((pre, ngroups, post), np.nan)
    nvalid = np.zeros((pre, ngroups, post), dtype=np.int64)
    for g in range(ngroups):
        sel = codes == g
        v = values[:, sel, :].astype(np.float64)
        m = missing[:, sel, :]
        nvalid[:, g, :] = (~m).sum(axis=1)
        if not sel.any():
            continue
        if func in ("first", "last"):
            for p in range(pre):
                for j in range(post):
                    col = v[p, :, j] if not skipna else v[p, ~m[p, :, j], j]
                    if col.size:
                        out[p, g, j] = col[0] if func == "first" else col[-1]
            continue
        w = np.where(m, np.nan, v)
        with np.errstate(all="ignore"), _quiet():
            res = {
                "sum": np.nansum, "prod": np.nanprod, "mean": np.nanmean, "var": np.nanvar,
                "std": np.nanstd, "min": np.nanmin, "max": np.nanmax,
            }[func](w, axis=1)  # fmt: skip
        if not skipna:
            res = np.where(m.any(axis=1), np.nan, res)
        out[:, g, :] = res
    return out, nvalid


class _quiet:
    def __enter__(self) -> None:
        import warnings

        self._cm = warnings.catch_warnings()
        self._cm.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *args: Any) -> None:
        self._cm.__exit__(*args)


def _data(dtype: str, shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if dtype.startswith("M8"):
        arr = rng.integers(0, 10**9, size=shape).astype(dtype)
        arr[rng.random(shape) < 0.2] = np.datetime64("NaT")
        return arr
    if dtype.startswith(("int", "uint")):
        return rng.integers(1, 5, size=shape).astype(dtype)
    arr = rng.standard_normal(shape).astype(dtype)
    arr[rng.random(shape) < 0.2] = np.nan
    arr[0, :3, 0] = np.nan
    return arr


CODES = np.array([1, 1, 0, 0, 0, -1, 3, 3, 1, 0, 3, 3])  # group 2 empty; runs of several lengths


@pytest.fixture(params=["serial", "parallel"])
def target(request: pytest.FixtureRequest) -> Any:
    threshold = 1 if request.param == "parallel" else 10**12
    with set_options(parallel_threshold=threshold):
        yield request.param


# the parallel target is compiled for float64 only, to keep cold (compiling) runs short
_TARGET_DTYPES = [("serial", "float64"), ("serial", "float32"), ("serial", "int32"),
                  ("parallel", "float64")]  # fmt: skip


@pytest.mark.parametrize("post", [1, 3, 40])  # column form (post < 16) and row form
@pytest.mark.parametrize(
    "func", ["sum", "prod", "mean", "var", "std", "min", "max", "first", "last"]
)
@pytest.mark.parametrize("skipna", [True, False])
@pytest.mark.parametrize(("mode", "dtype"), _TARGET_DTYPES)
def test_loops_against_numpy(mode: str, post: int, func: str, skipna: bool, dtype: str) -> None:
    with set_options(parallel_threshold=1 if mode == "parallel" else 10**12):
        _check_loop(post, func, skipna, dtype)


def _check_loop(post: int, func: str, skipna: bool, dtype: str) -> None:
    x = _data(dtype, (3, CODES.size, post), seed=post)
    result, nvalid = reduce_numba(func, x, CODES, 4, skipna=skipna)
    expected, exp_valid = _reference(func, x, CODES, 4, skipna)
    has_values = (
        exp_valid > 0
        if func not in ("first", "last") or skipna
        else (np.arange(4)[:, None] == CODES).any(1)[None, :, None]
    )
    has_values = np.broadcast_to(has_values, expected.shape)
    rtol = 1e-5 if dtype == "float32" else 1e-9
    np.testing.assert_allclose(
        result.astype(np.float64)[has_values], expected[has_values], rtol=rtol, atol=1e-12
    )
    if func not in ("first", "last") or skipna:
        np.testing.assert_array_equal(nvalid, exp_valid)


@pytest.mark.parametrize("post", [1, 20])
@pytest.mark.parametrize("func", ["min", "max", "first", "last", "count"])
def test_datetime_through_int64_view(target: str, post: int, func: str) -> None:
    x = _data("M8[ns]", (2, CODES.size, post), seed=7)
    result, _nvalid = reduce_numba(func, x, CODES, 4, skipna=True)
    if func == "count":
        expected = np.stack(
            [(~np.isnat(x[:, g == CODES, :])).sum(axis=1) for g in range(4)], axis=1
        )
        np.testing.assert_array_equal(result, expected)
        return
    assert result.dtype == x.dtype
    expected, exp_valid = _reference(func, x, CODES, 4, True)
    ok = exp_valid > 0
    np.testing.assert_array_equal(result.view(np.int64)[ok], expected[ok].astype(np.int64))


@pytest.mark.parametrize("func", ["count", "any", "all"])
@pytest.mark.parametrize("post", [1, 17])
def test_count_any_all(target: str, func: str, post: int) -> None:
    x = _data("float64", (2, CODES.size, post), seed=3)
    x[np.abs(x) < 0.5] = 0.0
    result, _ = reduce_numba(func, x, CODES, 4, skipna=True)
    for g in range(4):
        sel = x[:, g == CODES, :]
        if func == "count":
            expected = (~np.isnan(sel)).sum(axis=1)
        else:
            expected = getattr(np, func)(sel, axis=1)
        np.testing.assert_array_equal(result[:, g, :], expected)


def test_integer_sums_stay_integer_and_exact() -> None:
    big = np.full((1, 4, 1), 2**60, dtype=np.int64)
    result, _ = reduce_numba("sum", big, np.array([0, 0, 1, -1]), 2, skipna=True)
    assert result.dtype == np.int64
    assert result[0, 0, 0] == 2**61
    unsigned, _ = reduce_numba("sum", big.astype(np.uint64), np.array([0, 0, 0, 0]), 1, skipna=True)
    assert unsigned.dtype == np.uint64
    huge = np.array([2**63 + 1, 1, 5], dtype=np.uint64).reshape(1, 3, 1)
    total, _ = reduce_numba("sum", huge, np.array([0, 0, 1]), 2, skipna=True)
    assert total.dtype == np.uint64 and int(total[0, 0, 0]) == 2**63 + 2
    product, _ = reduce_numba("prod", huge, np.array([0, 0, 1]), 2, skipna=True)
    assert product.dtype == np.uint64 and int(product[0, 0, 0]) == 2**63 + 1
    small, _ = reduce_numba(
        "sum", np.full((1, 3, 1), 200, np.uint8), np.zeros(3, np.int64), 1, skipna=True
    )
    assert small.dtype == np.uint64 and int(small[0, 0, 0]) == 600


def test_float32_accumulates_in_float64() -> None:
    x = np.full((1, 100_000, 1), 0.1, dtype=np.float32)
    result, _ = reduce_numba("sum", x, np.zeros(100_000, dtype=np.int64), 1, skipna=True)
    assert result.dtype == np.float32
    np.testing.assert_allclose(result[0, 0, 0], 100_000 * np.float64(np.float32(0.1)), rtol=1e-7)


def test_bool_min_max_first() -> None:
    x = np.array([True, False, True, True]).reshape(1, 4, 1)
    for func, expected in [("min", [False, True]), ("max", [True, True]), ("first", [True, True])]:
        result, _ = reduce_numba(func, x, np.array([0, 0, 1, 1]), 2, skipna=True)
        assert result.dtype == bool
        np.testing.assert_array_equal(result[0, :, 0], expected)


def test_sum_without_counting_reports_group_sizes() -> None:
    x = np.array([1.0, np.nan, 2.0]).reshape(1, 3, 1)
    result, nvalid = reduce_numba("sum", x, np.array([0, 0, 1]), 2, skipna=True, counting=False)
    np.testing.assert_array_equal(result[0, :, 0], [1.0, 2.0])
    np.testing.assert_array_equal(nvalid[0, :, 0], [2, 1])


def test_runs() -> None:
    starts, ends, codes = runs(np.array([2, 2, -1, 0, 0, 0, 2]))
    np.testing.assert_array_equal(starts, [0, 3, 6])
    np.testing.assert_array_equal(ends, [2, 6, 7])
    np.testing.assert_array_equal(codes, [2, 0, 2])
    assert all(a.size == 0 for a in runs(np.zeros(0, dtype=np.int64)))


def test_as_3d_views_without_copy() -> None:
    x = np.zeros((2, 3, 4, 5))
    view, pre, post = as_3d(x, (1, 2))
    assert view.shape == (2, 12, 5) and pre == (2,) and post == (5,)
    assert np.shares_memory(view, x)
    moved, pre, post = as_3d(x, (0, 2))  # not adjacent: one copy, kept axes in order
    assert moved.shape == (1, 8, 15) and pre == () and post == (3, 5)
    assert not np.shares_memory(moved, x)
    fortran, _, _ = as_3d(np.asfortranarray(x), (1,))
    assert fortran.flags.c_contiguous


def test_numba_supports() -> None:
    assert numba_supports("sum", np.dtype("int8"))
    assert not numba_supports("sum", np.dtype("complex128"))
    assert not numba_supports("mean", np.dtype("M8[ns]"))
    assert numba_supports("max", np.dtype("m8[s]"))
    assert not numba_supports("sum", np.dtype("float16"))
    assert not numba_supports("median", np.dtype("float64"))


def test_bad_input() -> None:
    with pytest.raises(TypeError, match="do not implement median for float64"):
        reduce_numba("median", np.zeros((1, 2, 1)), np.array([0, 0]), 1, skipna=True)
    with pytest.raises(TypeError, match="do not implement sum for complex128"):
        reduce_numba("sum", np.zeros((1, 2, 1), complex), np.array([0, 0]), 1, skipna=True)
    with pytest.raises(KeyError, match="no grouped loop named '_nope'; loops: _sum_rows"):
        compiled("_nope")


def test_nothing_compiled_at_import() -> None:
    import subprocess
    import sys

    code = "import sys, labarray.kernels.grouped; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert grouped.GROUPED_FUNCS[0] == "sum"


# --- weighted sums --------------------------------------------------------------------------------


@pytest.mark.parametrize("post", [1, 5, 40])  # dot form, column form, row form
@pytest.mark.parametrize("skipna", [True, False])
@pytest.mark.parametrize("centered", [False, True])
def test_weighted_sum_against_numpy(target: str, post: int, skipna: bool, centered: bool) -> None:
    x = _data("float64", (3, 9, post), seed=post)
    w = np.linspace(0.0, 2.0, 9)
    center = np.nanmean(x, axis=1) if centered else None
    total, sow = weighted_sum(x, w, skipna=skipna, center=center)
    values = (x - center[:, None, :]) ** 2 if centered else x
    valid = ~np.isnan(x)
    if skipna:
        values = np.where(valid, values, 0.0)
    np.testing.assert_allclose(total, (values * w[None, :, None]).sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(sow, (valid * w[None, :, None]).sum(axis=1), rtol=1e-12)


def test_weighted_sum_integer_bool_and_empty() -> None:
    ints = np.arange(6).reshape(1, 3, 2)
    total, sow = weighted_sum(ints, np.array([1.0, 2.0, 3.0]), skipna=True)
    np.testing.assert_array_equal(total, [[16.0, 22.0]])
    np.testing.assert_array_equal(sow, [[6.0, 6.0]])
    bools = np.array([True, False, True]).reshape(1, 3, 1)
    total, _ = weighted_sum(bools, np.array([1.0, 2.0, 3.0]), skipna=True)
    np.testing.assert_array_equal(total, [[4.0]])
    total, sow = weighted_sum(np.zeros((2, 0, 3)), np.zeros(0), skipna=True)
    assert total.shape == (2, 3) and not total.any() and not sow.any()


def test_weighted_sum_bad_input() -> None:
    with pytest.raises(TypeError, match="weighted_sum works on real numbers, got complex128"):
        weighted_sum(np.zeros((1, 2, 1), complex), np.ones(2), skipna=True)
    with pytest.raises(
        ValueError, match=r"weights must have shape \(2,\) to match the data, got \(3,\)"
    ):
        weighted_sum(np.zeros((1, 2, 1)), np.ones(3), skipna=True)


def test_weighted_quantile_against_reference(target: str) -> None:
    from labarray.compute.weighted import weighted_quantile_1d
    from labarray.kernels.grouped import weighted_quantile

    rng = np.random.default_rng(5)
    x = rng.standard_normal((6, 15))
    x[rng.random(x.shape) < 0.2] = np.nan
    x[2] = np.nan
    w = rng.random((6, 15))
    w[:, 3] = 0.0
    q = np.array([0.0, 0.1, 0.5, 0.93, 1.0])
    for skipna in (True, False):
        result = weighted_quantile(x, w, q, skipna=skipna)
        expected = np.stack([weighted_quantile_1d(x[k], w[k], q, skipna) for k in range(6)])
        np.testing.assert_allclose(result, expected, rtol=1e-12)
    equal = weighted_quantile(np.nan_to_num(x), np.ones(15), q)
    np.testing.assert_allclose(equal, np.quantile(np.nan_to_num(x), q, axis=1).T, rtol=1e-12)
