"""Tests of labarray.structure.shifting: shift, roll, pad, diff, drop_duplicates, rank."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import labarray as la
from labarray.structure.shifting import (
    pad_variable,
    rank_variable,
    roll_variable,
    shift_variable,
)
from labarray.testing import assert_identical, raise_if_dask_computes
from labarray.variable import Variable


def grid() -> la.DataArray:
    return la.DataArray(
        np.arange(12).reshape(3, 4),
        dims=("x", "y"),
        coords={"x": [10, 20, 30], "y": list("abcd"), "xa": ("x", [1.0, 2.0, 3.0])},
        name="v",
        attrs={"units": "m"},
    )


def dataset() -> la.Dataset:
    return grid().to_dataset().assign(w=("x", [1.5, 2.5, 3.5]), s=((), 3)).assign_attrs(g=2)


# -- shift -----------------------------------------------------------------------------------


def test_shift_variable_promotes_int_and_fills() -> None:
    out = shift_variable(Variable("x", np.array([1, 2, 3], dtype=np.int16)), {"x": 1})
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.values, [np.nan, 1, 2])


def test_shift_variable_keeps_dtype_without_fill_or_with_fitting_fill() -> None:
    v = Variable("x", [1, 2, 3])
    assert shift_variable(v, {"x": 0}).dtype == np.int64
    out = shift_variable(v, {"x": -2}, fill_value=0)
    assert out.dtype == np.int64
    assert out.values.tolist() == [3, 0, 0]


def test_shift_larger_than_dim_fills_everything() -> None:
    out = shift_variable(Variable("x", [1.0, 2.0]), {"x": -5})
    assert np.isnan(out.values).all()


def test_shift_datetime_and_bool() -> None:
    times = Variable("t", pd.date_range("2000", periods=3).values)
    out = shift_variable(times, {"t": 1})
    assert out.dtype == times.dtype
    assert np.isnat(out.values[0])
    flags = shift_variable(Variable("x", [True, False]), {"x": 1})
    assert flags.dtype == np.float64


def test_shift_dataarray_two_dims_keeps_coords_and_attrs() -> None:
    out = grid().shift(x=1, y=-1)
    expected = np.full((3, 4), np.nan)
    expected[1:, :-1] = np.arange(12).reshape(3, 4)[:-1, 1:]
    np.testing.assert_array_equal(out.values, expected)
    assert out.x.values.tolist() == [10, 20, 30]
    assert out.attrs == {"units": "m"}
    assert out.xa.values.tolist() == [1.0, 2.0, 3.0]


def test_shift_dataset_only_data_variables_and_fill_dict() -> None:
    out = dataset().shift(x=1, fill_value={"v": -1})
    assert out["v"].dtype == np.int64
    assert out["v"].values[0].tolist() == [-1] * 4
    assert np.isnan(out["w"].values[0])
    assert out["xa"].values.tolist() == [1.0, 2.0, 3.0]
    assert out["s"].item() == 3
    assert out.attrs == {"g": 2}


def test_shift_bad_input() -> None:
    with pytest.raises(ValueError, match=r"dimension 'q' not found.*existing dimensions: x, y"):
        grid().shift(q=1)
    with pytest.raises(TypeError, match=r"shift along 'x' must be an integer, got 1.5"):
        grid().shift(x=1.5)
    with pytest.raises(ValueError, match=r"cannot specify both"):
        grid().shift({"x": 1}, y=1)
    with pytest.raises(ValueError, match=r"dimension 'xx' not found.*did you mean 'x'"):
        dataset().shift(xx=1)


def test_shift_dask_lazy_keeps_chunks() -> None:
    chunked = grid().chunk({"x": 2, "y": 2})
    with raise_if_dask_computes():
        out = chunked.shift(x=1, y=-3)
    assert out.chunks == chunked.chunks
    assert_identical(out.compute(), grid().shift(x=1, y=-3))


@settings(max_examples=40, deadline=None)
@given(
    values=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6),
                      elements=st.floats(-1e6, 1e6)),
    data=st.data(),
)
def test_property_shift_and_back_equals_on_interior(values: np.ndarray, data: st.DataObject) -> None:
    dims = tuple(f"d{i}" for i in range(values.ndim))
    axis = data.draw(st.integers(0, values.ndim - 1))
    n = data.draw(st.integers(-values.shape[axis], values.shape[axis]))
    da = la.DataArray(values, dims=dims)
    back = da.shift({dims[axis]: n}).shift({dims[axis]: -n})
    size = values.shape[axis]
    interior = slice(0, size - n) if n >= 0 else slice(-n, size)
    assert_identical(back.isel({dims[axis]: interior}), da.isel({dims[axis]: interior}))
    outside = np.ones(size, dtype=bool)
    outside[interior] = False
    assert np.isnan(back.isel({dims[axis]: outside}).values).all()


# -- roll ------------------------------------------------------------------------------------


def test_roll_variable_and_zero_shift() -> None:
    v = Variable(("x", "y"), np.arange(6).reshape(2, 3))
    np.testing.assert_array_equal(roll_variable(v, {"y": -1}).values, np.roll(v.values, -1, 1))
    assert_identical(roll_variable(v, {"y": 3}), v)
    assert_identical(roll_variable(v, {}), v)


def test_roll_data_only_by_default_and_coords_on_request() -> None:
    out = grid().roll(x=1)
    assert out.values[0].tolist() == [8, 9, 10, 11]
    assert out.x.values.tolist() == [10, 20, 30]
    assert out.xa.values.tolist() == [1.0, 2.0, 3.0]
    rolled = grid().roll(x=1, roll_coords=True)
    assert rolled.x.values.tolist() == [30, 10, 20]
    assert rolled.xa.values.tolist() == [3.0, 1.0, 2.0]
    assert rolled.sel(x=30).values.tolist() == [8, 9, 10, 11]
    assert rolled.xindexes["x"].index.tolist() == [30, 10, 20]


def test_roll_dataset() -> None:
    out = dataset().roll(x=-1, roll_coords=True)
    assert out["w"].values.tolist() == [2.5, 3.5, 1.5]
    assert out["x"].values.tolist() == [20, 30, 10]
    assert out["s"].item() == 3


def test_roll_bad_input() -> None:
    with pytest.raises(ValueError, match=r"dimension 'z' not found.*existing dimensions: x, y"):
        grid().roll(z=1)
    with pytest.raises(TypeError, match=r"roll along 'x' must be an integer"):
        grid().roll(x="1")


def test_roll_dask_lazy() -> None:
    chunked = grid().chunk({"x": 2})
    with raise_if_dask_computes():
        out = chunked.roll(x=1, y=2, roll_coords=True)
    assert out.chunks == chunked.chunks
    assert_identical(out.compute(), grid().roll(x=1, y=2, roll_coords=True))


@settings(max_examples=40, deadline=None)
@given(
    values=hnp.arrays(np.int32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5)),
    data=st.data(),
)
def test_property_roll_then_roll_back_is_identity(values: np.ndarray, data: st.DataObject) -> None:
    dims = tuple(f"d{i}" for i in range(values.ndim))
    shifts = {d: data.draw(st.integers(-12, 12)) for d in dims}
    da = la.DataArray(values, dims=dims, coords={dims[0]: np.arange(values.shape[0])})
    back = da.roll(shifts, roll_coords=True).roll({d: -s for d, s in shifts.items()}, roll_coords=True)
    assert_identical(back, da)


# -- pad -------------------------------------------------------------------------------------


def test_pad_variable_constant_default_and_given() -> None:
    v = Variable("x", [1, 2])
    assert pad_variable(v, {"x": (1, 0)}).values.tolist()[1:] == [1.0, 2.0]
    kept = pad_variable(v, {"x": 1}, constant_values=0)
    assert kept.dtype == np.int64
    assert kept.values.tolist() == [0, 1, 2, 0]
    assert pad_variable(v, {"x": 0}).dtype == np.int64


def test_pad_constant_pairs_and_dicts_keep_or_promote_dtype() -> None:
    v = Variable(("x", "y"), np.arange(6).reshape(2, 3))
    pair = pad_variable(v, {"x": 1}, constant_values=(7, 8))
    assert pair.dtype == np.int64
    assert pair.values[:, 0].tolist() == [7, 0, 3, 8]
    per_dim = pad_variable(v, {"x": 1, "y": (0, 1)}, constant_values={"x": (1.5, 2)})
    assert per_dim.dtype == np.float64
    assert per_dim.values[0, 0] == 1.5 and per_dim.values[1, -1] == 0.0
    scalar = pad_variable(v, {"y": 1}, constant_values=0.5)
    assert scalar.dtype == np.float64 and scalar.values[0, 0] == 0.5
    times = Variable("t", np.array(["2000-01-01"], dtype="M8[ns]"))
    assert np.isnat(pad_variable(times, {"t": 1}).values[0])


def test_pad_modes_follow_numpy() -> None:
    v = Variable(("x", "y"), np.arange(12.0).reshape(3, 4))
    for mode in ("edge", "reflect", "symmetric", "wrap", "maximum", "mean", "median", "minimum"):
        out = pad_variable(v, {"y": (2, 1)}, mode=mode)
        np.testing.assert_array_equal(out.values, np.pad(v.values, [(0, 0), (2, 1)], mode=mode))
    ramp = pad_variable(v, {"x": 2}, mode="linear_ramp", end_values={"x": (-1, 5)})
    np.testing.assert_array_equal(
        ramp.values, np.pad(v.values, [(2, 2), (0, 0)], mode="linear_ramp", end_values=[(-1, 5), (0, 0)])
    )
    odd = pad_variable(v, {"y": 2}, mode="reflect", reflect_type="odd")
    np.testing.assert_array_equal(odd.values, np.pad(v.values, [(0, 0), (2, 2)], mode="reflect",
                                                     reflect_type="odd"))
    stat = pad_variable(v, {"y": 1}, mode="mean", stat_length={"y": 2})
    np.testing.assert_array_equal(stat.values, np.pad(v.values, [(0, 0), (1, 1)], mode="mean",
                                                      stat_length=[(3, 3), (2, 2)]))


def test_pad_dataarray_coordinates_and_index() -> None:
    out = grid().pad(x=(1, 1))
    assert out.sizes == {"x": 5, "y": 4}
    assert np.isnan(out.values[0]).all() and np.isnan(out.values[-1]).all()
    assert np.isnan(out.x.values[[0, -1]]).all()
    assert "x" in out.xindexes and len(out.xindexes["x"].index) == 5
    assert out.attrs == {"units": "m"}
    assert out.pad(x=1, keep_attrs=False).attrs == {}
    edge = grid().pad(x=(0, 2), mode="edge")
    assert edge.x.values.tolist() == [10, 20, 30, 30, 30]
    assert edge.sel(y="a").values.tolist() == [0, 4, 8, 8, 8]


def test_pad_dataset_constant_values_per_variable() -> None:
    out = dataset().pad(x=(1, 0), constant_values={"v": 5})
    assert out["v"].values[0].tolist() == [5] * 4
    assert out["w"].values[0] == 0.0
    assert out["s"].item() == 3
    assert out.attrs == {"g": 2}


def test_pad_bad_input() -> None:
    with pytest.raises(ValueError, match=r"unknown pad mode 'edges'; valid modes: constant, edge"):
        grid().pad(x=1, mode="edges")
    with pytest.raises(ValueError, match=r"dimension 'z' not found.*existing dimensions: x, y"):
        grid().pad(z=1)
    with pytest.raises(ValueError, match=r"pad width of dimension 'x' must be >= 0"):
        grid().pad(x=-1)
    with pytest.raises(ValueError, match=r"must be an int or a pair"):
        grid().pad(x=(1, 2, 3))
    with pytest.raises(TypeError, match=r"pad width of 'x' must be an integer"):
        grid().pad(x=1.5)
    with pytest.raises(ValueError, match=r"stat_length names dimension.*q.*dimensions: x, y"):
        grid().pad(x=1, mode="mean", stat_length={"q": 1})


def test_pad_dask_lazy() -> None:
    chunked = grid().chunk({"x": 1})
    with raise_if_dask_computes():
        out = chunked.pad(x=(2, 1), y=1, mode="reflect")
    assert_identical(out.compute(), grid().pad(x=(2, 1), y=1, mode="reflect"))


# -- diff ------------------------------------------------------------------------------------


def test_diff_labels_and_orders() -> None:
    da = la.DataArray([5, 1, 1, 4, 9], dims="x", coords={"x": [0, 1, 2, 3, 4]})
    assert da.diff("x").values.tolist() == [-4, 0, 3, 5]
    assert da.diff("x").x.values.tolist() == [1, 2, 3, 4]
    assert da.diff("x", label="lower").x.values.tolist() == [0, 1, 2, 3]
    second = da.diff("x", n=2)
    np.testing.assert_array_equal(second.values, np.diff(da.values, n=2))
    assert second.x.values.tolist() == [2, 3, 4]
    assert da.diff("x", n=2, label="lower").x.values.tolist() == [0, 1, 2]
    assert_identical(da.diff("x", n=0), da)


def test_diff_dataset_coords_follow_and_other_vars_stay() -> None:
    out = dataset().diff("x")
    assert out["v"].values.tolist() == [[4] * 4] * 2
    assert out["w"].values.tolist() == [1.0, 1.0]
    assert out["xa"].values.tolist() == [2.0, 3.0]
    assert out["s"].item() == 3
    assert "x" in out.xindexes


def test_diff_bool_is_not_equal_like_numpy() -> None:
    da = la.DataArray([True, True, False], dims="x")
    assert da.diff("x").values.tolist() == [False, True]


def test_diff_bad_input() -> None:
    with pytest.raises(ValueError, match=r"order n of diff must be >= 0, got -1"):
        grid().diff("x", n=-1)
    with pytest.raises(ValueError, match=r"label must be 'upper' or 'lower', got 'middle'"):
        grid().diff("x", label="middle")
    with pytest.raises(ValueError, match=r"dimension 'xx' not found.*did you mean 'x'"):
        grid().diff("xx")
    with pytest.raises(TypeError, match=r"order n of diff must be an integer"):
        grid().diff("x", n=1.0)


def test_diff_dask_lazy() -> None:
    chunked = grid().chunk({"y": 2})
    with raise_if_dask_computes():
        out = chunked.diff("y", n=2)
    assert_identical(out.compute(), grid().diff("y", n=2))


# -- drop_duplicates -------------------------------------------------------------------------


def test_drop_duplicates_keep_options() -> None:
    da = la.DataArray([1, 2, 3, 4], dims="x", coords={"x": [0, 0, 1, 0]})
    assert da.drop_duplicates("x").values.tolist() == [1, 3]
    assert da.drop_duplicates("x", keep="last").values.tolist() == [3, 4]
    assert da.drop_duplicates("x", keep=False).values.tolist() == [3]
    nocoord = la.DataArray([1, 1], dims="y")
    assert nocoord.drop_duplicates("y").values.tolist() == [1, 1]


def test_drop_duplicates_several_dims_and_dataset() -> None:
    ds = dataset().assign_coords(x=[1, 1, 2], y=list("aabb"))
    out = ds.drop_duplicates(...)
    assert out.sizes == {"x": 2, "y": 2}
    assert out["v"].values.tolist() == [[0, 2], [8, 10]]
    assert ds.drop_duplicates(["x"]).sizes == {"x": 2, "y": 4}


def test_drop_duplicates_bad_input() -> None:
    with pytest.raises(ValueError, match=r"keep must be 'first', 'last' or False, got 'middle'"):
        grid().drop_duplicates("x", keep="middle")
    with pytest.raises(ValueError, match=r"dimension 'q' not found.*existing dimensions: x, y"):
        grid().drop_duplicates("q")


# -- rank ------------------------------------------------------------------------------------


def test_rank_variable_ties_nan_and_pct() -> None:
    v = Variable("x", [30.0, 10.0, np.nan, 10.0])
    np.testing.assert_array_equal(rank_variable(v, "x").values, [3.0, 1.5, np.nan, 1.5])
    np.testing.assert_array_equal(rank_variable(v, "x", pct=True).values, [1.0, 0.5, np.nan, 0.5])


def test_rank_matches_pandas_along_inner_axis() -> None:
    rng = np.random.default_rng(0)
    values = rng.integers(0, 4, size=(3, 7)).astype(float)
    values[1, 2] = np.nan
    out = la.DataArray(values, dims=("x", "y")).rank("y")
    expected = pd.DataFrame(values).rank(axis=1).to_numpy()
    np.testing.assert_array_equal(out.values, expected)
    pct = la.DataArray(values, dims=("x", "y")).rank("x", pct=True)
    np.testing.assert_allclose(pct.values, pd.DataFrame(values).rank(axis=0, pct=True).to_numpy())


def test_rank_parallel_variant_matches_serial() -> None:
    values = np.round(np.random.default_rng(2).normal(size=(5, 40, 3)), 1)
    values[0, :5, 0] = np.nan
    da = la.DataArray(values, dims=("a", "b", "c"))
    serial = da.rank("b", pct=True)
    with la.set_options(parallel_threshold=1):
        parallel = da.rank("b", pct=True)
    assert_identical(parallel, serial)
    expected = pd.DataFrame(values[2]).rank(axis=0, pct=True).to_numpy()
    np.testing.assert_allclose(serial.values[2], expected)


def test_rank_int_bool_datetime() -> None:
    assert la.DataArray([3, 1, 2], dims="x").rank("x").values.tolist() == [3.0, 1.0, 2.0]
    assert la.DataArray([True, False], dims="x").rank("x").values.tolist() == [2.0, 1.0]
    times = la.DataArray(np.array(["2001", "NaT", "2000"], dtype="M8[ns]"), dims="t")
    out = times.rank("t").values
    assert out[0] == 2.0 and np.isnan(out[1]) and out[2] == 1.0


def test_rank_dataset_drops_variables_without_dim_and_keeps_attrs() -> None:
    out = dataset().rank("y")
    assert set(out.data_vars) == {"v"}
    assert out.attrs == {"g": 2}
    assert dataset().rank("y", keep_attrs=False).attrs == {}
    assert out["xa"].values.tolist() == [1.0, 2.0, 3.0]


def test_rank_bad_input() -> None:
    with pytest.raises(ValueError, match=r"dimension 'q' not found.*existing dimensions: x, y"):
        grid().rank("q")
    with pytest.raises(TypeError, match=r"rank needs numeric, boolean, datetime or string data, got dtype object"):
        la.DataArray(np.array([{}, {}], dtype=object), dims="x").rank("x")


def test_rank_strings_lexicographic_numpy_and_dask() -> None:
    da = la.DataArray([["b", "a", "b"], ["c", "c", "a"]], dims=("y", "x"))
    expected = [[2.5, 1.0, 2.5], [2.5, 2.5, 1.0]]
    assert da.rank("x").values.tolist() == expected
    # one chunk per element: codes must be taken over whole lanes, not per block
    assert da.chunk(x=1).rank("x").values.tolist() == expected
    ds = la.Dataset({"t": ("x", [3.0, 1.0, 2.0]), "name": ("x", ["KSEA", "KPDX", "KSFO"])})
    assert ds.rank("x")["name"].values.tolist() == [2.0, 1.0, 3.0]


def test_rank_dask_lazy_across_chunks() -> None:
    values = np.random.default_rng(1).normal(size=(6, 5))
    da = la.DataArray(values, dims=("x", "y"))
    chunked = da.chunk({"x": 2, "y": 2})
    with raise_if_dask_computes():
        out = chunked.rank("x")
    assert out.chunks is not None
    assert_identical(out.compute(), da.rank("x"))


@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.float64, st.integers(1, 12),
                  elements=st.sampled_from([0.0, 1.0, 2.0, 5.5, np.nan])))
def test_property_rank_matches_pandas(values: np.ndarray) -> None:
    out = la.DataArray(values, dims="x").rank("x").values
    np.testing.assert_array_equal(out, pd.Series(values).rank().to_numpy())
