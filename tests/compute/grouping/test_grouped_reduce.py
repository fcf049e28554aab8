"""grouped_reduce against per-group NumPy references, on NumPy and Dask data."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labarray.compute.grouping.reduce import GROUPED_FUNCS, grouped_reduce, reduce_numpy
from labarray.options import set_options

# --- reference: move the grouped axes last, then reduce every group with NumPy --------------------

_NAN_KINDS = "fcmM"


def _nan(dtype: np.dtype[Any]) -> Any:
    return np.array("NaT", dtype=dtype) if dtype.kind in "mM" else np.nan


def _isnan(v: np.ndarray) -> np.ndarray:
    return np.isnat(v) if v.dtype.kind in "mM" else np.isnan(v)


def _ref_one(func: str, v: np.ndarray, skipna: bool, ddof: int, q: Any) -> Any:
    """Reduce the 1-D values ``v`` of one group (already non-empty)."""
    kind = v.dtype.kind
    if kind in _NAN_KINDS and skipna:
        valid = v[~_isnan(v)]
    else:
        valid = v
    has_nan = kind in _NAN_KINDS and _isnan(v).any()
    if func == "count":
        return int((~_isnan(v)).sum()) if kind in _NAN_KINDS else v.size
    if func in ("any", "all"):
        return bool(getattr(np, func)(v))
    if func in ("first", "last"):
        if valid.size == 0:
            return _nan(v.dtype)
        return valid[0] if func == "first" else valid[-1]
    if has_nan and not skipna:
        return _nan(v.dtype)
    if func in ("sum", "prod"):
        if kind == "m":
            return np.sum(valid)
        dtype = np.float64 if kind == "f" else None
        return getattr(np, func)(valid, dtype=dtype)
    if valid.size == 0 or (func in ("var", "std") and valid.size <= ddof):
        return _nan(v.dtype)
    if kind in "mM" and func in ("mean", "median"):
        base = valid.min() if kind == "M" else np.timedelta64(0, "ns").astype(valid.dtype)
        offs = (valid - base).astype(np.int64).astype(np.float64)
        res = np.mean(offs) if func == "mean" else np.median(offs)
        return base + np.round(res).astype(np.int64).astype((valid - base).dtype)
    if func in ("var", "std"):
        return getattr(np, func)(valid.astype(np.float64), ddof=ddof)
    if func == "mean":
        return np.mean(valid.astype(np.float64))
    if func == "median":
        return np.median(valid)
    if func == "quantile":
        return np.quantile(valid, q)
    return getattr(np, func)(valid)


def reference(
    data: np.ndarray, codes: np.ndarray, ngroups: int, axes: tuple[int, ...], func: str,
    skipna: bool | None = None, ddof: int = 0, q: Any = None,
) -> np.ndarray:  # fmt: skip
    kind = data.dtype.kind
    if skipna is None:
        skipna = kind in _NAN_KINDS
    kept = [a for a in range(data.ndim) if a not in axes]
    moved = np.transpose(data, kept + list(axes))
    moved = moved.reshape(moved.shape[: len(kept)] + (-1,))
    flat = codes.reshape(-1)  # codes follow the order of `axes`, as the moved data do
    results = []
    for idx in np.ndindex(moved.shape[:-1]):
        row = []
        for g in range(ngroups):
            v = moved[idx][flat == g]
            if v.size == 0:
                if func in ("sum", "count"):
                    row.append(0)
                elif func == "prod":
                    row.append(1)
                elif func == "any":
                    row.append(False)
                elif func == "all":
                    row.append(True)
                else:
                    row.append(np.full(np.shape(q), np.nan) if func == "quantile" else np.nan)
            else:
                row.append(_ref_one(func, v, skipna, ddof, q))
        results.append(row)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if kind in "mM" and func not in ("count", "any", "all"):
            out = np.array(
                [
                    [np.datetime64("NaT") if isinstance(r, float) else r for r in row]
                    for row in results
                ]
            )
            out = out.astype(data.dtype)
        else:
            out = np.array(results)
    return out.reshape(moved.shape[:-1] + out.shape[1:])


def _data(dtype: str, shape: tuple[int, ...], nan: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype.startswith(("int", "uint")):
        return rng.integers(0, 50, size=shape).astype(dtype)
    if dtype.startswith(("M8", "m8")):
        base = rng.integers(0, 10**6, size=shape)
        arr = base.astype("m8[s]") if dtype.startswith("m8") else base.astype("M8[s]")
        arr[rng.random(shape) < nan] = np.array("NaT", dtype=arr.dtype)
        return arr.astype(dtype)
    arr = rng.standard_normal(shape).astype(dtype)
    arr[rng.random(shape) < nan] = np.nan
    return arr


CODES = np.array([0, 2, 2, 0, -1, 2, 0, 0, 2, 4, 4])  # group 1 and 3 empty; 4: two elements
NGROUPS = 5

NUMERIC_FUNCS = ["sum", "prod", "mean", "var", "std", "min", "max", "count", "first", "last",
                 "median", "any", "all"]  # fmt: skip


def _check(actual: np.ndarray, expected: np.ndarray, rtol: float = 1e-6) -> None:
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    if actual.dtype.kind in "mM" or actual.dtype.kind == "b":
        np.testing.assert_array_equal(actual, expected)
    else:
        np.testing.assert_allclose(
            actual.astype(float), expected.astype(float), rtol=rtol, atol=1e-12
        )


@pytest.fixture(params=[True, False], ids=["numba", "numpy"])
def engine(request: pytest.FixtureRequest) -> Any:
    with set_options(use_numba=request.param):
        yield request.param


@pytest.mark.parametrize("func", NUMERIC_FUNCS)
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "int32", "uint8", "bool"])
@pytest.mark.parametrize("skipna", [None, False])
def test_numeric_against_numpy(engine: bool, func: str, dtype: str, skipna: bool | None) -> None:
    data = _data(dtype, (3, CODES.size, 4), nan=0.2)
    if dtype.startswith("float"):
        data[1, CODES == 4, :] = np.nan  # an all-NaN group
    actual = grouped_reduce(data, CODES, NGROUPS, axis=1, func=func, skipna=skipna)
    expected = reference(data, CODES, NGROUPS, (1,), func, skipna=skipna)
    assert actual.shape == (3, 4, NGROUPS)
    _check(actual, expected, rtol=1e-5 if dtype == "float32" else 1e-10)


@pytest.mark.parametrize(
    ("func", "dtype"),
    [("sum", "int32"), ("sum", "bool"), ("sum", "uint8"), ("prod", "int64"), ("mean", "int64"),
     ("mean", "float32"), ("var", "float32"), ("sum", "float32"), ("count", "float32"),
     ("max", "int16"), ("first", "bool"), ("median", "float32"), ("any", "float64")],
)  # fmt: skip
def test_result_dtypes_follow_numpy(engine: bool, func: str, dtype: str) -> None:
    codes = np.array([0, 1, 0, 1])
    data = _data(dtype, (2, 4), nan=0.0)
    actual = grouped_reduce(data, codes, 2, axis=1, func=func)
    if func == "count":
        expected = np.dtype(np.int64)
    elif func in ("any", "all"):
        expected = np.dtype(bool)
    elif func == "median":
        expected = np.median(data, axis=1).dtype
    else:
        expected = getattr(np, func if func not in ("first", "last") else "max")(data, axis=1).dtype
    assert actual.dtype == expected


def test_empty_groups_promote_only_when_needed(engine: bool) -> None:
    data = np.arange(6, dtype=np.int64).reshape(2, 3)
    full = grouped_reduce(data, np.array([0, 1, 1]), 2, axis=1, func="max")
    assert full.dtype == np.int64
    np.testing.assert_array_equal(full, [[0, 2], [3, 5]])
    sparse = grouped_reduce(data, np.array([0, 2, 2]), 3, axis=1, func="max")
    assert sparse.dtype == np.float64
    np.testing.assert_array_equal(sparse, [[0, np.nan, 2], [3, np.nan, 5]])
    # identities: sum 0 stays int, count 0, prod 1
    np.testing.assert_array_equal(
        grouped_reduce(data, np.array([0, 2, 2]), 3, axis=1, func="sum"), [[0, 0, 3], [3, 0, 9]]
    )
    assert grouped_reduce(data, np.array([0, 2, 2]), 3, axis=1, func="sum").dtype == np.int64
    np.testing.assert_array_equal(
        grouped_reduce(data, np.array([0, 2, 2]), 3, axis=1, func="prod")[0], [0, 1, 2]
    )


def test_fill_value_for_empty_groups(engine: bool) -> None:
    data = np.arange(6.0).reshape(2, 3)
    out = grouped_reduce(data, np.array([0, 2, 2]), 3, axis=1, func="mean", fill_value=-1.0)
    np.testing.assert_array_equal(out, [[0, -1, 1.5], [3, -1, 4.5]])
    ints = grouped_reduce(
        data.astype(int), np.array([0, 2, 2]), 3, axis=1, func="sum", fill_value=-9
    )
    np.testing.assert_array_equal(ints, [[0, -9, 3], [3, -9, 9]])


def test_min_count(engine: bool) -> None:
    data = np.array([[1.0, np.nan, 2.0, np.nan, 5.0]])
    codes = np.array([0, 0, 1, 1, 2])
    np.testing.assert_array_equal(
        grouped_reduce(data, codes, 4, axis=1, func="sum", min_count=2), [[np.nan] * 4]
    )
    np.testing.assert_array_equal(
        grouped_reduce(data, codes, 4, axis=1, func="sum", min_count=1), [[1, 2, 5, np.nan]]
    )
    np.testing.assert_array_equal(
        grouped_reduce(data, codes, 4, axis=1, func="sum"), [[1, 2, 5, 0]]
    )
    ints = grouped_reduce(
        np.array([[1, 2, 3]]), np.array([0, 0, 1]), 2, axis=1, func="sum", min_count=2
    )
    assert ints.dtype == np.float64
    np.testing.assert_array_equal(ints, [[3, np.nan]])
    kept = grouped_reduce(
        np.array([[1, 2, 3]]), np.array([0, 0, 1]), 2, axis=1, func="sum", min_count=1
    )
    assert kept.dtype == np.int64


@pytest.mark.parametrize("ddof", [0, 1, 2])
def test_var_ddof(engine: bool, ddof: int) -> None:
    data = _data("float64", (2, CODES.size), nan=0.1, seed=3)
    for func in ("var", "std"):
        actual = grouped_reduce(data, CODES, NGROUPS, axis=1, func=func, ddof=ddof)
        _check(actual, reference(data, CODES, NGROUPS, (1,), func, ddof=ddof))


@pytest.mark.parametrize("func", ["min", "max", "count", "first", "last", "mean", "median"])
@pytest.mark.parametrize("dtype", ["M8[ns]", "M8[s]", "m8[ns]"])
@pytest.mark.parametrize("skipna", [None, False])
def test_datetime(engine: bool, func: str, dtype: str, skipna: bool | None) -> None:
    data = _data(dtype, (2, CODES.size), nan=0.25, seed=4)
    data[0, CODES == 4] = np.array("NaT", dtype=data.dtype)
    actual = grouped_reduce(data, CODES, NGROUPS, axis=1, func=func, skipna=skipna)
    expected = reference(data, CODES, NGROUPS, (1,), func, skipna=skipna)
    if func == "count":
        np.testing.assert_array_equal(actual, expected)
    else:
        assert actual.dtype == data.dtype
        np.testing.assert_array_equal(np.isnat(actual), np.isnat(expected))
        # means/medians are rounded to the unit: half-way cases may round either way
        tol = 1 if func in ("mean", "median") else 0
        diff = (actual - expected)[~np.isnat(actual)].astype(np.int64)
        assert np.abs(diff).max(initial=0) <= tol


def test_timedelta_sum(engine: bool) -> None:
    data = np.array([1, 2, "NaT", 4], dtype="m8[s]").reshape(1, 4)
    out = grouped_reduce(data, np.array([0, 0, 1, 1]), 3, axis=1, func="sum")
    np.testing.assert_array_equal(out, np.array([[3, 4, 0]], dtype="m8[s]"))


@pytest.mark.parametrize("axes", [(0,), (1,), (2,), (0, 1), (1, 2), (0, 2)])
@pytest.mark.parametrize("func", ["sum", "mean", "max", "first", "var"])
def test_axes_layouts(engine: bool, axes: tuple[int, ...], func: str) -> None:
    data = _data("float64", (4, 5, 6), nan=0.1, seed=5)
    shape = tuple(data.shape[a] for a in axes)
    codes = np.random.default_rng(1).integers(-1, 3, size=shape)
    actual = grouped_reduce(data, codes, 3, axis=axes, func=func)
    expected = reference(data, codes, 3, axes, func)
    _check(actual, expected)


def test_unsorted_axes_transpose_codes(engine: bool) -> None:
    data = _data("float64", (4, 5), nan=0.0)
    codes = np.random.default_rng(2).integers(0, 3, size=(5, 4))
    actual = grouped_reduce(data, codes, 3, axis=(1, 0), func="sum")
    expected = grouped_reduce(data, codes.T, 3, axis=(0, 1), func="sum")
    _check(actual, expected)


def test_non_contiguous_input(engine: bool) -> None:
    data = _data("float64", (6, 11), nan=0.2).T  # Fortran order
    actual = grouped_reduce(data, CODES, NGROUPS, axis=0, func="mean")
    _check(actual, reference(np.ascontiguousarray(data), CODES, NGROUPS, (0,), "mean"))


@pytest.mark.parametrize("q", [0.3, [0.1, 0.5, 0.9]])
@pytest.mark.parametrize("method", ["linear", "nearest"])
def test_quantile(q: Any, method: str) -> None:
    data = _data("float64", (3, CODES.size), nan=0.2, seed=6)
    actual = grouped_reduce(data, CODES, NGROUPS, axis=1, func="quantile", q=q, method=method)
    expected_shape = (3, NGROUPS) + np.shape(q)
    assert actual.shape == expected_shape
    for g in range(NGROUPS):
        for r in range(3):
            v = data[r, g == CODES]
            v = v[~np.isnan(v)]
            exp = np.quantile(v, q, method=method) if v.size else np.full(np.shape(q), np.nan)
            np.testing.assert_allclose(actual[r, g], exp)


def test_argmin_argmax_positions_within_group() -> None:
    data = np.array([[5.0, 1.0, 3.0, np.nan, 0.5, 9.0]])
    codes = np.array([0, 1, 0, 1, 1, 0])
    np.testing.assert_array_equal(grouped_reduce(data, codes, 2, axis=1, func="argmin"), [[1, 2]])
    np.testing.assert_array_equal(grouped_reduce(data, codes, 2, axis=1, func="argmax"), [[2, 0]])


def test_complex_and_object_fall_back_to_numpy() -> None:
    data = np.array([[1 + 1j, 2, 3j, np.nan]])
    out = grouped_reduce(data, np.array([0, 0, 1, 1]), 2, axis=1, func="sum")
    np.testing.assert_array_equal(out, [[3 + 1j, 3j]])
    objs = np.array([[1, 2, 3, 4]], dtype=object)
    np.testing.assert_array_equal(
        grouped_reduce(objs, np.array([0, 1, 0, 1]), 2, axis=1, func="sum"), [[4, 6]]
    )


def test_skip_code_and_all_skipped(engine: bool) -> None:
    data = np.array([[1.0, 2.0, 3.0]])
    out = grouped_reduce(data, np.array([-1, -1, -1]), 2, axis=1, func="mean")
    np.testing.assert_array_equal(out, [[np.nan, np.nan]])
    assert grouped_reduce(data, np.array([-1, -1, -1]), 2, axis=1, func="count").tolist() == [
        [0, 0]
    ]


def test_zero_length_and_zero_groups(engine: bool) -> None:
    empty = np.zeros((3, 0))
    out = grouped_reduce(empty, np.zeros(0, dtype=int), 2, axis=1, func="sum")
    np.testing.assert_array_equal(out, np.zeros((3, 2)))
    out = grouped_reduce(np.ones((3, 2)), np.array([-1, -1]), 0, axis=1, func="mean")
    assert out.shape == (3, 0)


def test_reduce_numpy_engine_directly() -> None:
    x = np.array([3.0, np.nan, 2.0]).reshape(1, 3, 1)
    result, nvalid = reduce_numpy("max", x, np.array([0, 0, 1]), 2, skipna=True)
    np.testing.assert_array_equal(result[0, :, 0], [3.0, 2.0])
    np.testing.assert_array_equal(nvalid[0, :, 0], [1, 1])


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(-1, 3), min_size=1, max_size=20),
    st.sampled_from(["sum", "mean", "min", "max", "var", "count", "first", "last", "prod"]),
    st.integers(0, 2**31),
)
def test_property_matches_reference(codes: list[int], func: str, seed: int) -> None:
    codes_arr = np.array(codes)
    data = _data("float64", (2, len(codes), 3), nan=0.3, seed=seed)
    actual = grouped_reduce(data, codes_arr, 4, axis=1, func=func)
    _check(actual, reference(data, codes_arr, 4, (1,), func), rtol=1e-9)


# --- bad input ------------------------------------------------------------------------------------


def test_unknown_func_suggests() -> None:
    with pytest.raises(
        ValueError, match=r"unknown grouped reduction func='maen'.*did you mean 'mean'"
    ):
        grouped_reduce(np.ones((2, 2)), np.array([0, 1]), 2, axis=1, func="maen")


def test_codes_shape_mismatch() -> None:
    with pytest.raises(ValueError, match=r"codes has shape \(3,\) but the grouped axes \(1,\)"):
        grouped_reduce(np.ones((2, 2)), np.array([0, 1, 1]), 2, axis=1, func="sum")


def test_codes_out_of_range() -> None:
    with pytest.raises(ValueError, match=r"codes must lie in \[0, ngroups=2\).*found 2"):
        grouped_reduce(np.ones((2, 2)), np.array([0, 2]), 2, axis=1, func="sum")
    with pytest.raises(ValueError, match="found -3"):
        grouped_reduce(np.ones((2, 2)), np.array([0, -3]), 2, axis=1, func="sum")


def test_codes_must_be_integer() -> None:
    with pytest.raises(TypeError, match="codes must be an integer array, got dtype float64"):
        grouped_reduce(np.ones((2, 2)), np.array([0.0, 1.0]), 2, axis=1, func="sum")


def test_bad_axis_and_ngroups() -> None:
    with pytest.raises(np.exceptions.AxisError, match="axis 3 is out of bounds for data with 2"):
        grouped_reduce(np.ones((2, 2)), np.array([0, 1]), 2, axis=3, func="sum")
    with pytest.raises(ValueError, match="repeated axis"):
        grouped_reduce(np.ones((2, 2)), np.zeros((2, 2), int), 2, axis=(1, 1), func="sum")
    with pytest.raises(TypeError, match="axis must be an int or a non-empty tuple"):
        grouped_reduce(np.ones((2, 2)), np.array([0, 1]), 2, axis=None, func="sum")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ngroups must be a non-negative integer, got -1"):
        grouped_reduce(np.ones((2, 2)), np.array([0, 1]), -1, axis=1, func="sum")


def test_bad_options() -> None:
    data, codes = np.ones((2, 2)), np.array([0, 1])
    with pytest.raises(ValueError, match="needs q"):
        grouped_reduce(data, codes, 2, axis=1, func="quantile")
    with pytest.raises(ValueError, match="q is only used by func='quantile'"):
        grouped_reduce(data, codes, 2, axis=1, func="mean", q=0.5)
    with pytest.raises(ValueError, match=r"quantiles q must be in the range \[0, 1\]"):
        grouped_reduce(data, codes, 2, axis=1, func="quantile", q=1.5)
    with pytest.raises(ValueError, match="not a valid quantile method"):
        grouped_reduce(data, codes, 2, axis=1, func="quantile", q=0.5, method="linaer")
    with pytest.raises(ValueError, match="min_count must be a non-negative integer"):
        grouped_reduce(data, codes, 2, axis=1, func="sum", min_count=-1)
    with pytest.raises(TypeError, match="ddof must be an integer"):
        grouped_reduce(data, codes, 2, axis=1, func="var", ddof=0.5)


def test_unsupported_dtype_reduction() -> None:
    times = np.array([[1, 2]], dtype="M8[s]")
    with pytest.raises(TypeError, match=r"cannot compute grouped var of datetime64\[s\] data"):
        grouped_reduce(times, np.array([0, 1]), 2, axis=1, func="var")
    with pytest.raises(TypeError, match="cannot compute grouped sum of datetime64"):
        grouped_reduce(times, np.array([0, 1]), 2, axis=1, func="sum")


def test_strings() -> None:
    data = np.array([["b", "a", "c", "d"]])
    codes = np.array([0, 0, 1, 2])
    np.testing.assert_array_equal(
        grouped_reduce(data, codes, 4, axis=1, func="count"), [[2, 1, 1, 0]]
    )
    first = grouped_reduce(data, codes, 4, axis=1, func="first")
    assert first[0, :3].tolist() == ["b", "c", "d"] and first.dtype == object
    with pytest.raises(
        TypeError, match="cannot compute grouped max of <U1 data; possible reductions"
    ):
        grouped_reduce(data, codes, 4, axis=1, func="max")


def test_all_funcs_listed() -> None:
    assert set(NUMERIC_FUNCS) | {"quantile", "argmin", "argmax"} == set(GROUPED_FUNCS)


# --- Dask -----------------------------------------------------------------------------------------

DASK_FUNCS = ["sum", "prod", "mean", "var", "std", "min", "max", "count", "any", "all", "first",
              "last", "median"]  # fmt: skip


@pytest.mark.parametrize("func", DASK_FUNCS)
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "bool"])
@pytest.mark.parametrize("chunks", [(2, 3, 2), (5, 11, 4), (1, 1, 4)])
def test_dask_matches_numpy(func: str, dtype: str, chunks: tuple[int, ...]) -> None:
    da = pytest.importorskip("dask.array")
    from labarray.testing import raise_if_dask_computes

    data = _data(dtype, (5, CODES.size, 4), nan=0.2, seed=8)
    lazy = da.from_array(data, chunks=chunks)
    with raise_if_dask_computes():
        result = grouped_reduce(lazy, CODES, NGROUPS, axis=1, func=func)
    expected = grouped_reduce(data, CODES, NGROUPS, axis=1, func=func)
    assert result.shape == expected.shape
    assert result.dtype == expected.dtype
    computed = result.compute()
    assert computed.dtype == expected.dtype
    _check(computed, expected, rtol=1e-5 if dtype == "float32" else 1e-10)


@pytest.mark.parametrize("func", ["sum", "mean", "var", "max", "count", "median", "first"])
def test_dask_several_axes_and_options(func: str) -> None:
    da = pytest.importorskip("dask.array")
    data = _data("float64", (6, 5, 4), nan=0.2, seed=9)
    codes = np.random.default_rng(3).integers(-1, 4, size=(6, 4))
    lazy = da.from_array(data, chunks=(2, 2, 3))
    for kwargs in ({}, {"skipna": False}, {"min_count": 3}, {"fill_value": -5.0}):
        result = grouped_reduce(lazy, codes, 5, axis=(0, 2), func=func, **kwargs)
        expected = grouped_reduce(data, codes, 5, axis=(0, 2), func=func, **kwargs)
        _check(result.compute(), expected)
        assert result.chunks[0] == (2, 2, 1)  # kept axis keeps its chunks


def test_dask_int_empty_groups_and_min_count_dtypes() -> None:
    da = pytest.importorskip("dask.array")
    data = np.arange(22).reshape(2, 11)
    lazy = da.from_array(data, chunks=(1, 3))
    for func, kwargs in [("max", {}), ("sum", {"min_count": 3}), ("sum", {}), ("first", {})]:
        result = grouped_reduce(lazy, CODES, NGROUPS, axis=1, func=func, **kwargs)
        expected = grouped_reduce(data, CODES, NGROUPS, axis=1, func=func, **kwargs)
        assert result.dtype == expected.dtype
        np.testing.assert_array_equal(result.compute(), expected)


@pytest.mark.parametrize("func", ["min", "max", "first", "last", "mean", "count"])
def test_dask_datetime(func: str) -> None:
    da = pytest.importorskip("dask.array")
    data = _data("M8[ns]", (3, CODES.size), nan=0.3, seed=10)
    result = grouped_reduce(da.from_array(data, chunks=(2, 4)), CODES, NGROUPS, axis=1, func=func)
    expected = grouped_reduce(data, CODES, NGROUPS, axis=1, func=func)
    assert result.dtype == expected.dtype
    np.testing.assert_array_equal(result.compute(), expected)


@pytest.mark.parametrize("q", [0.25, [0.1, 0.9]])
def test_dask_quantile_rechunks_grouped_axis_only(q: Any) -> None:
    da = pytest.importorskip("dask.array")
    data = _data("float64", (6, CODES.size), nan=0.2, seed=11)
    lazy = da.from_array(data, chunks=(2, 4))
    result = grouped_reduce(lazy, CODES, NGROUPS, axis=1, func="quantile", q=q)
    assert result.chunks[0] == (2, 2, 2)
    expected = grouped_reduce(data, CODES, NGROUPS, axis=1, func="quantile", q=q)
    _check(result.compute(), expected)


def test_dask_tree_task_memory_is_bounded() -> None:
    """Many blocks along the grouped axis: the combine tree has more than one level."""
    da = pytest.importorskip("dask.array")
    data = _data("float64", (2, 400), nan=0.1, seed=12)
    codes = np.arange(400) % 7
    lazy = da.from_array(data, chunks=(1, 5))  # 80 blocks along the grouped axis
    result = grouped_reduce(lazy, codes, 7, axis=1, func="var", ddof=1)
    _check(result.compute(), grouped_reduce(data, codes, 7, axis=1, func="var", ddof=1))
    # 80 partials -> 10 -> 2 -> 1: three combine levels, each task merging at most 8 partials
    layers = [name for name in result.__dask_graph__().layers if "grouped-var-combine" in name]
    assert len(layers) == 3


SORTED = np.concatenate([np.repeat(np.arange(12), [5, 10, 0, 7, 13, 9, 8, 12, 6, 10, 10, 10]),
                         np.full(0, 0)])  # fmt: skip


@pytest.mark.parametrize(
    ("func", "kwargs"),
    [("sum", {}), ("mean", {}), ("var", {"ddof": 1}), ("max", {}), ("count", {}), ("first", {}),
     ("median", {}), ("quantile", {"q": [0.2, 0.8]}), ("sum", {"min_count": 8})],
)  # fmt: skip
@pytest.mark.parametrize("dtype", ["float64", "int64"])
def test_dask_sorted_codes_reduce_blockwise(func: str, kwargs: dict[str, Any], dtype: str) -> None:
    """Resampling-like codes: blocks aligned on group boundaries, no combine step."""
    da = pytest.importorskip("dask.array")
    data = _data(dtype, (3, SORTED.size, 4), nan=0.1, seed=13)
    lazy = da.from_array(data, chunks=(2, 17, 3))
    result = grouped_reduce(lazy, SORTED, 14, axis=1, func=func, **kwargs)
    expected = grouped_reduce(data, SORTED, 14, axis=1, func=func, **kwargs)
    assert sum(result.chunks[2]) == 14 and len(result.chunks[2]) > 1
    assert not [n for n in result.__dask_graph__().layers if "combine" in n]
    assert result.dtype == expected.dtype
    _check(result.compute(), expected)


@pytest.mark.parametrize("func", ["sum", "mean", "var", "count", "first"])
def test_dask_complex(func: str) -> None:
    da = pytest.importorskip("dask.array")
    data = np.random.default_rng(14).standard_normal((3, 20)) + 1j
    codes = np.arange(20) % 3
    result = grouped_reduce(da.from_array(data, chunks=(2, 7)), codes, 3, axis=1, func=func)
    expected = grouped_reduce(data, codes, 3, axis=1, func=func)
    assert result.dtype == expected.dtype
    np.testing.assert_allclose(result.compute(), expected)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(-1, 4), min_size=1, max_size=24),
    st.sampled_from(["sum", "mean", "var", "min", "max", "count", "first", "last", "median"]),
    st.integers(1, 6),
    st.integers(0, 2**31),
)
def test_property_dask_matches_numpy(codes: list[int], func: str, chunk: int, seed: int) -> None:
    da = pytest.importorskip("dask.array")
    codes_arr = np.array(codes)
    data = _data("float64", (3, len(codes)), nan=0.3, seed=seed)
    lazy = da.from_array(data, chunks=(2, chunk))
    result = grouped_reduce(lazy, codes_arr, 5, axis=1, func=func).compute()
    _check(result, grouped_reduce(data, codes_arr, 5, axis=1, func=func), rtol=1e-9)
