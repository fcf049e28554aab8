"""The rank kernel against pandas' average ranks (NaN kept out, ties share their mean rank)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as npst

from labarray.kernels.rank import rank_along
from labarray.options import set_options


def _reference(values: np.ndarray, axis: int, pct: bool) -> np.ndarray:
    moved = np.moveaxis(np.asarray(values, dtype=np.float64), axis, 0)
    flat = moved.reshape(moved.shape[0], int(np.prod(moved.shape[1:])))
    ranked = np.empty_like(flat)
    for j in range(flat.shape[1]):
        ranked[:, j] = pd.Series(flat[:, j]).rank(method="average", pct=pct).to_numpy()
    return np.moveaxis(ranked.reshape(moved.shape), 0, axis)


@pytest.mark.parametrize("pct", [False, True])
@pytest.mark.parametrize(
    "values",
    [
        np.array([[3.0, np.nan, 1.0], [1.0, 1.0, 2.0]]),
        np.array([[np.nan, np.nan], [np.nan, np.nan]]),  # all-NaN lanes
        np.array([[5, 5, 1], [2, 7, 7]]),  # ints with ties
        np.array([[True, False, True]]),  # bools
        np.zeros((0, 3)),  # empty
        np.array([[1.0, -np.inf, np.inf]]),
    ],
)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_rank_matches_pandas(values: np.ndarray, axis: int, pct: bool) -> None:
    np.testing.assert_allclose(rank_along(values, axis, pct), _reference(values, axis, pct))


def test_parallel_variant_matches() -> None:
    values = np.random.default_rng(0).integers(0, 5, size=(40, 30)).astype(float)
    values[::7, ::3] = np.nan
    with set_options(parallel_threshold=1):
        parallel = rank_along(values, 0, False)
    np.testing.assert_allclose(parallel, _reference(values, 0, False))


@settings(max_examples=50, deadline=None)
@given(
    npst.arrays(np.float64, npst.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=6),
                elements=st.floats(-5, 5) | st.just(np.nan)),
    st.booleans(),
)
def test_rank_property(values: np.ndarray, pct: bool) -> None:
    np.testing.assert_allclose(rank_along(values, -1, pct), _reference(values, -1, pct))


def test_rank_edges_inf_all_nan_empty_and_0d() -> None:
    values = np.array([[np.inf, -np.inf, 1.0, np.inf], [np.nan, np.nan, np.nan, np.nan]])
    out = rank_along(values, 1, False)
    np.testing.assert_array_equal(out[0], [3.5, 1.0, 2.0, 3.5])
    assert np.isnan(out[1]).all()
    assert rank_along(np.zeros((3, 0)), 1, False).shape == (3, 0)
    assert rank_along(np.zeros((0, 3)), 1, True).shape == (0, 3)
    with pytest.raises(ValueError, match=r"rank_along needs at least one axis; got a 0-d array"):
        rank_along(np.array(1.0), 0, False)


def test_rank_middle_axis_of_3d_matches_pandas() -> None:
    values = np.random.default_rng(4).integers(0, 4, size=(3, 7, 5)).astype(float)
    values[1, ::2, 3] = np.nan
    expected = np.stack([pd.DataFrame(values[i]).rank(axis=0).to_numpy() for i in range(3)])
    np.testing.assert_allclose(rank_along(values, 1, False), expected)
