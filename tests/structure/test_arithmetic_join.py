"""Join arithmetic in one pass: ``a + b`` on differing indexes equals align-then-operate."""

from __future__ import annotations

import operator

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import labarray as la
from labarray.kernels.take import NA
from labarray.options import set_options
from labarray.structure.aligner import AlignmentError
from labarray.structure.arithmetic import (
    AlignedOperand,
    align_operands,
    dataarray_join_operands,
    joined_variable_op,
)
from labarray.testing import assert_identical
from labarray.variable import Variable

OPS = [operator.add, operator.sub, operator.mul, operator.truediv, operator.eq, operator.lt, operator.ge, operator.ne]
JOINS = ["inner", "outer", "left", "right"]


def reference(f, a, b, join: str):
    """The align-then-operate path: after align, the indexes are equal and nothing is fused.

    ``DataArray <op> Dataset`` is the Dataset's reflected operation, which aligns the Dataset
    first (as xarray does): so does the reference.
    """
    if hasattr(b, "data_vars") and not hasattr(a, "data_vars"):
        b2, a2 = la.align(b, a, join=join)
    else:
        a2, b2 = la.align(a, b, join=join)
    with np.errstate(all="ignore"), set_options(arithmetic_join=join):  # data variables join too
        return f(a2, b2)


def check(f, a, b, join: str) -> None:
    expected = reference(f, a, b, join)
    with set_options(arithmetic_join=join):
        actual = f(a, b)
    assert_identical(actual, expected)
    for name, var in getattr(expected, "data_vars", {"_": expected}).items():
        other = actual[name] if name != "_" else actual
        assert other.dtype == var.dtype


@st.composite
def labels(draw, min_size: int = 0) -> np.ndarray:
    values = draw(st.lists(st.integers(0, 12), min_size=min_size, max_size=8, unique=True))
    if draw(st.booleans()):
        values = sorted(values)
    return np.array(values, dtype=np.int64)


def data(draw, shape: tuple[int, ...]) -> np.ndarray:
    dtype = draw(st.sampled_from(["int64", "int32", "float32", "float64"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    if dtype.startswith("int"):
        return rng.integers(-5, 5, shape).astype(dtype)
    out = rng.standard_normal(shape).astype(dtype)
    out[rng.random(shape) < 0.2] = np.nan
    return out


@st.composite
def dataarray_pairs(draw):
    x_a, x_b = draw(labels()), draw(labels())
    two_dims = draw(st.booleans())
    dims_a: tuple[str, ...] = ("x", "y") if two_dims else ("x",)
    coords_a = {"x": x_a}
    coords_b = {"x": x_b}
    if two_dims:
        coords_a["y"] = draw(labels(min_size=1))
        coords_b["y"] = draw(labels(min_size=1)) if draw(st.booleans()) else coords_a["y"]
    dims_b = dims_a[::-1] if two_dims and draw(st.booleans()) else dims_a
    if draw(st.booleans()):
        dims_b = dims_b + ("z",)
        coords_b["z"] = np.arange(2)
    shape_a = tuple(len(coords_a[d]) for d in dims_a)
    shape_b = tuple(len(coords_b[d]) for d in dims_b)
    a = la.DataArray(data(draw, shape_a), dims=dims_a, coords=coords_a, name="v", attrs={"u": 1, "k": 2})
    b = la.DataArray(data(draw, shape_b), dims=dims_b, coords=coords_b, name=draw(st.sampled_from(["v", "w"])),
                     attrs={"u": 1, "k": 3})
    a = a.assign_coords(lab=("x", np.arange(len(x_a)) * 10))
    return a, b


@settings(max_examples=150, deadline=None)
@given(dataarray_pairs(), st.sampled_from(OPS), st.sampled_from(JOINS))
def test_dataarray_join_equals_align_then_op(pair, f, join) -> None:
    a, b = pair
    check(f, a, b, join)


@settings(max_examples=60, deadline=None)
@given(dataarray_pairs(), st.sampled_from(OPS[:4]), st.sampled_from(JOINS), st.booleans())
def test_dataset_join_equals_align_then_op(pair, f, join, with_dataarray) -> None:
    a, b = pair
    ds_a = la.Dataset({"v": a, "only_a": a * 2}, attrs={"title": "a"})
    ds_b = la.Dataset({"v": b.rename("v"), "only_b": b}, attrs={"title": "b"})
    check(f, ds_a, ds_b, join)
    if with_dataarray:
        check(f, ds_a, b, join)
        check(f, b, ds_a, join)  # DataArray <op> Dataset: the reflected Dataset operation


def test_outer_join_fills_nan_and_inner_join_keeps_integers() -> None:
    a = la.DataArray(np.array([1, 2, 3]), dims="x", coords={"x": [0, 1, 2]})
    b = la.DataArray(np.array([10, 20]), dims="x", coords={"x": [2, 1]})
    inner = a + b
    assert inner.dtype == np.int64
    assert inner.x.values.tolist() == [1, 2] and inner.values.tolist() == [22, 13]
    with set_options(arithmetic_join="outer"):
        outer = b - a
    assert outer.dtype == np.float64
    np.testing.assert_array_equal(outer.values, [np.nan, 18.0, 7.0])


def test_keep_attrs_false_and_names() -> None:
    a = la.DataArray([1.0, 2.0], dims="x", coords={"x": [0, 1]}, name="a", attrs={"u": 1})
    b = la.DataArray([1.0, 2.0], dims="x", coords={"x": [1, 2]}, name="b", attrs={"u": 1})
    with set_options(keep_attrs=False):
        check(operator.add, a, b, "outer")
    assert (a + b).name is None and (a + b).attrs == {"u": 1}


def test_dask_and_unsupported_ops_fall_back() -> None:
    pytest.importorskip("dask")
    a = la.DataArray(np.arange(6.0), dims="x", coords={"x": np.arange(6)})
    b = la.DataArray(np.arange(4.0), dims="x", coords={"x": np.arange(2, 6)})
    lazy = a.chunk({"x": 2}) + b
    assert lazy.chunks is not None
    assert_identical(lazy.compute(), a + b)
    check(operator.pow, a, b, "outer")
    with set_options(use_numba=False):
        check(operator.add, a, b, "outer")
    ds = la.Dataset({"s": ("x", np.arange(6).astype(object))}, coords={"x": np.arange(6)})
    check(operator.add, ds, ds.isel(x=[1, 2]), "outer")


def test_exact_join_raises_like_align() -> None:
    a = la.DataArray([1.0, 2.0], dims="x", coords={"x": [0, 1]})
    b = la.DataArray([1.0, 2.0], dims="x", coords={"x": [1, 2]})
    with set_options(arithmetic_join="exact"), pytest.raises(AlignmentError, match="join='exact'"):
        a + b
    with pytest.raises(ValueError, match=r"invalid join 'outr'.*did you mean 'outer'"):
        align_operands(a, b, "outr")


def test_aligned_operand_and_joined_variable_op() -> None:
    a = la.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2]}, name="a")
    b = la.DataArray([5.0, 6.0], dims="x", coords={"x": [2, 3]}, name="a")
    left, right = align_operands(a, b, "outer")
    assert isinstance(left, AlignedOperand)
    assert left.indexers(a.variable)["x"].tolist() == [0, 1, 2, -1]
    assert right.indexers(b.variable)["x"].tolist() == [-1, -1, 0, 1]
    assert_identical(left.materialize(), la.align(a, b, join="outer")[0])
    a2, b2, var = dataarray_join_operands(a, b, operator.mul, False, "outer")
    np.testing.assert_array_equal(var.values, [np.nan, np.nan, 15.0, np.nan])
    assert a2.x.values.tolist() == [0, 1, 2, 3] and a2.shape == (4,) and b2.shape == (4,)
    same, _, none = dataarray_join_operands(a, a, operator.mul, False, "outer")
    assert none is None and same is not a
    v = Variable("x", np.array([1, 2]))
    assert joined_variable_op(operator.pow, v, {}, v, {"x": np.array([1, 0])}) is None
    assert joined_variable_op(operator.add, v, {}, v.astype("int8"), {"x": np.array([1, 0])}) is None
    np.testing.assert_array_equal(
        joined_variable_op(operator.sub, v, {}, v, {"x": np.array([1, 0])}, reflexive=True).values, [1, -1]
    )


def test_nonnumpy_fill_in_aligned_operand_falls_back() -> None:
    a = la.DataArray([1.0, 2.0], dims="x", coords={"x": [0, 1]})
    b = la.DataArray([3.0, 4.0], dims="x", coords={"x": [1, 2]})
    left = AlignedOperand(a, {"dim_pos_indexers": {"x": np.array([0, 1, -1])}, "fill_value": 0.0, "copy": False,
                              "indexes": {}, "index_variables": {}})
    right = AlignedOperand(b, {"dim_pos_indexers": {"x": np.array([-1, 0, 1])}, "fill_value": NA, "copy": False,
                               "indexes": {}, "index_variables": {}})
    key = _data_key()
    assert left.try_joined(key, right, key, operator.add, False) is None  # a fill other than NaN
    combined = left.combine(key, right, key, operator.add, False)
    np.testing.assert_array_equal(combined.values, [np.nan, 5.0, 4.0])


def _data_key():
    from labarray.structure import arithmetic

    return arithmetic._DATAARRAY_DATA
