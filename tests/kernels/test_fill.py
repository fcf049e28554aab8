"""Fill loops (labarray.kernels.fill) against pandas / NumPy references."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from labarray.kernels import fill
from labarray.options import set_options


def _pandas_push(arr: np.ndarray, axis: int, limit: int | None, reverse: bool) -> np.ndarray:
    moved = np.moveaxis(arr, axis, 0)
    flat = moved.reshape(moved.shape[0], -1)
    frame = pd.DataFrame(flat)
    filled = frame.bfill(limit=limit) if reverse else frame.ffill(limit=limit)
    return np.moveaxis(filled.to_numpy().reshape(moved.shape), 0, axis)


@settings(max_examples=60, deadline=None)
@given(
    arr=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
        elements=st.sampled_from([np.nan, np.nan, 1.0, -2.5, 3.0]),
    ),
    data=st.data(),
)
def test_push_matches_pandas(arr: np.ndarray, data: st.DataObject) -> None:
    axis = data.draw(st.integers(0, arr.ndim - 1))
    limit = data.draw(st.none() | st.integers(1, 7))
    reverse = data.draw(st.booleans())
    got = fill.push(arr, axis, limit=limit, reverse=reverse)
    np.testing.assert_array_equal(got, _pandas_push(arr, axis, limit, reverse))


def test_push_parallel_variant_matches_serial() -> None:
    rng = np.random.default_rng(1)
    arr = rng.normal(size=(40, 30, 3))
    arr[rng.random(arr.shape) < 0.5] = np.nan
    serial = fill.push(arr, 1, limit=2)
    with set_options(parallel_threshold=10):
        parallel = fill.push(arr, 1, limit=2)
    np.testing.assert_array_equal(serial, parallel)


@pytest.mark.parametrize("dtype", ["M8[ns]", "m8[s]"])
def test_push_times_use_nat(dtype: str) -> None:
    arr = np.array([1, "NaT", "NaT", 4], dtype=dtype) if dtype.startswith("m") else np.array(
        ["2000-01-01", "NaT", "NaT", "2000-01-04"], dtype=dtype
    )
    got = fill.push(arr, 0, limit=1)
    assert got.dtype == arr.dtype
    assert got[1] == arr[0] and np.isnat(got[2]) and got[3] == arr[3]


def test_push_complex_and_object_and_ints() -> None:
    c = np.array([1 + 2j, np.nan, 3j])
    np.testing.assert_array_equal(fill.push(c, 0), [1 + 2j, 1 + 2j, 3j])
    o = np.array([None, "a", None, np.nan, "b"], dtype=object)
    assert fill.push(o, 0).tolist() == [None, "a", "a", "a", "b"]
    assert fill.push(o, 0, limit=1, reverse=True).tolist() == ["a", "a", None, "b", "b"]
    ints = np.array([3, 1, 2])
    out = fill.push(ints, 0)
    np.testing.assert_array_equal(out, ints)
    assert out is not ints and out.dtype == ints.dtype


def test_push_block_continues_from_state() -> None:
    first = np.array([1.0, np.nan])
    second = np.array([np.nan, np.nan, 5.0])
    val, pos = fill.new_state(first.shape, 0, first.dtype)
    out1 = fill.push_block(first, 0, 2, False, 0, val, pos)
    out2 = fill.push_block(second, 0, 2, False, 2, val, pos)
    np.testing.assert_array_equal(np.concatenate([out1, out2]), [1.0, 1.0, 1.0, np.nan, 5.0])
    assert pos[0, 0] == 4 and val[0, 0] == 5.0


def test_last_valid_state_reverse_positions() -> None:
    val, pos = fill.last_valid_state(np.array([np.nan, 2.0, 3.0]), 0, True, 5)
    # scanning backward: 3.0 at scan position 5, then 2.0 at 6
    assert val[0, 0] == 2.0 and pos[0, 0] == 6
    _, none = fill.last_valid_state(np.array([np.nan]), 0, False, 0)
    assert none[0, 0] == fill.NO_POS


@pytest.mark.parametrize("limit", [0, -3])
def test_push_rejects_non_positive_limit(limit: int) -> None:
    with pytest.raises(ValueError, match="limit must be a positive integer or None, got"):
        fill.push(np.array([1.0]), 0, limit=limit)


@pytest.mark.parametrize("limit", [1.5, "2", True])
def test_push_rejects_non_integer_limit(limit: object) -> None:
    with pytest.raises(TypeError, match="limit must be a positive integer"):
        fill.push(np.array([1.0]), 0, limit=limit)  # type: ignore[arg-type]


def _np_interp_reference(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    out = y.copy()
    ok = ~np.isnan(y)
    if ok.sum() >= 2:
        miss = ~ok
        out[miss] = np.interp(x[miss], x[ok], y[ok], left=np.nan, right=np.nan)
    return out


@settings(max_examples=60, deadline=None)
@given(
    y=hnp.arrays(
        np.float64, st.integers(1, 12),
        elements=st.sampled_from([np.nan, np.nan, 0.0, 1.0, -4.0, 10.5]),
    ),
    steps=st.lists(st.floats(0.1, 5.0), min_size=12, max_size=12),
)
def test_interpolate_gaps_linear_matches_np_interp(y: np.ndarray, steps: list[float]) -> None:
    x = np.cumsum(steps)[: y.size]
    np.testing.assert_allclose(fill.interpolate_gaps(y, x, 0), _np_interp_reference(y, x), atol=1e-12)


def test_interpolate_gaps_nearest_ties_go_low() -> None:
    y = np.array([1.0, np.nan, np.nan, np.nan, 5.0])
    got = fill.interpolate_gaps(y, np.arange(5.0), 0, method="nearest")
    np.testing.assert_array_equal(got, [1.0, 1.0, 1.0, 5.0, 5.0])


def test_interpolate_gaps_limit_and_max_gap_on_2d() -> None:
    y = np.array([[0.0, np.nan, np.nan, np.nan, 4.0], [0.0, np.nan, 2.0, np.nan, np.nan]]).T
    x = np.arange(5.0)
    np.testing.assert_array_equal(
        fill.interpolate_gaps(y, x, 0, limit=2).T,
        [[0.0, 1.0, 2.0, np.nan, 4.0], [0.0, 1.0, 2.0, np.nan, np.nan]],
    )
    np.testing.assert_array_equal(
        fill.interpolate_gaps(y, x, 0, max_gap=2).T,
        [[0.0, np.nan, np.nan, np.nan, 4.0], [0.0, 1.0, 2.0, np.nan, np.nan]],
    )


def test_fill_allowed_measures_edge_gaps_to_the_ends() -> None:
    y = np.array([np.nan, np.nan, 2.0, np.nan])
    x = np.array([0.0, 1.0, 2.0, 3.0])
    np.testing.assert_array_equal(fill.fill_allowed(y, x, 0, max_gap=1.5), [False, False, True, True])
    np.testing.assert_array_equal(fill.fill_allowed(y, x, 0, limit=1), [True, False, True, True])


def test_interpolate_gaps_bad_input() -> None:
    with pytest.raises(ValueError, match=r"method must be one of \['linear', 'nearest'\], got 'cubic'"):
        fill.interpolate_gaps(np.zeros(3), np.arange(3.0), 0, method="cubic")
    with pytest.raises(ValueError, match=r"coordinate has shape \(2,\), expected \(3,\) or longer"):
        fill.interpolate_gaps(np.zeros(3), np.arange(2.0), 0)


def test_has_missing_values() -> None:
    assert [fill.has_missing_values(np.dtype(d)) for d in ["f4", "c8", "M8[s]", "O", "i8", "?", "U3"]] == [
        True, True, True, True, False, False, False,
    ]


@pytest.mark.parametrize("limit", [None, 2])
@pytest.mark.parametrize("reverse", [False, True])
def test_push_parallel_column_blocks(limit: int | None, reverse: bool) -> None:
    # more columns than one task handles, so the parallel loop splits them into blocks
    rng = np.random.default_rng(2)
    arr = rng.normal(size=(2, 9, fill.COLUMN_BLOCK * 2 + 5))
    arr[rng.random(arr.shape) < 0.6] = np.nan
    with set_options(parallel_threshold=10):
        parallel = fill.push(arr, 1, limit=limit, reverse=reverse)
    np.testing.assert_array_equal(parallel, _pandas_push(arr, 1, limit, reverse))


def test_push_rows_parallel_matches_pandas() -> None:
    # a fill along the last axis runs the row loop
    rng = np.random.default_rng(4)
    arr = rng.normal(size=(50, 40))
    arr[rng.random(arr.shape) < 0.5] = np.nan
    with set_options(parallel_threshold=10):
        for limit in (None, 3):
            np.testing.assert_array_equal(fill.push(arr, 1, limit=limit), _pandas_push(arr, 1, limit, False))


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"limit": 2}, {"max_gap": 1.0}, {"method": "nearest", "limit": 3}, {"method": "nearest", "max_gap": 2.0}],
)
def test_streaming_interpolation_matches_line_by_line(kwargs: dict) -> None:
    # many columns take the two-pass streaming loop; single lines the line loop
    rng = np.random.default_rng(6)
    arr = rng.normal(size=(3, 50, fill.STREAM_MIN_COLUMNS + 5))
    arr[rng.random(arr.shape) < 0.6] = np.nan
    x = np.cumsum(rng.random(50))
    got = fill.interpolate_gaps(arr, x, 1, **kwargs)
    for p in range(arr.shape[0]):
        for j in range(arr.shape[2]):
            np.testing.assert_allclose(got[p, :, j], fill.interpolate_gaps(arr[p, :, j], x, 0, **kwargs), atol=1e-12)
