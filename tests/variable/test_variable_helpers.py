"""Tests of the helper modules of labarray.variable (duck, keys, combine, broadcast, compat)."""

from __future__ import annotations

import numpy as np
import pytest

from labarray.utils.attrs import attrs_equal
from labarray.variable import Variable
from labarray.variable.arithmetic import as_operand, is_facade
from labarray.variable.broadcast import insert_axes, is_variable, shared_dims
from labarray.variable.combine import apply_variable_ufunc
from labarray.variable.compat_data import normalize_time_unit
from labarray.variable.duck import (
    array_equiv,
    array_notnull_equiv,
    concatenate,
    isnull,
    notnull,
    stack,
    to_numpy,
)
from labarray.variable.indexing import (
    BasicIndexer,
    LazilyIndexedArray,
    OuterIndexer,
    VectorizedIndexer,
)
from labarray.variable.keys import broadcast_indexes
from labarray.variable.reductions import arg_reduce, reduce_variable

da = pytest.importorskip("dask.array")


def test_isnull_all_kinds() -> None:
    assert isnull(np.array([1.0, np.nan])).tolist() == [False, True]
    assert isnull(np.array([1 + 1j, complex(np.nan, 0)])).tolist() == [False, True]
    assert isnull(np.array(["2000", "NaT"], dtype="M8[s]")).tolist() == [False, True]
    assert isnull(np.array([None, "a", np.nan], dtype=object)).tolist() == [True, False, True]
    assert isnull(np.array([1, 2])).tolist() == [False, False]
    assert notnull(np.array([np.nan])).tolist() == [False]
    lazy = isnull(da.from_array(np.array([None, 1], dtype=object), chunks=1))
    assert isinstance(lazy, da.Array) and lazy.compute().tolist() == [True, False]
    assert isinstance(isnull(da.zeros(2, dtype=int)), da.Array)


def test_array_equiv() -> None:
    assert array_equiv(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    assert not array_equiv(np.array([1.0]), np.array([1.0, 2.0]))
    assert not array_equiv(np.array([1.0, 2.0]), np.array([1.0, 3.0]))
    x = da.from_array(np.array([1.0, np.nan]), chunks=1)
    assert array_equiv(x, x + 0)
    assert array_equiv(x, x)
    assert array_equiv(x, np.array([1.0, np.nan]))
    assert array_notnull_equiv(np.array([1.0, np.nan]), np.array([np.nan, 2.0]))
    assert not array_notnull_equiv(np.array([1.0, 2.0]), np.array([1.0, 3.0]))


def test_concatenate_stack_to_numpy() -> None:
    a = np.array([1, 2])
    assert concatenate([a, a], axis=0).tolist() == [1, 2, 1, 2]
    lazy = concatenate([da.from_array(a, chunks=1), a], axis=0)
    assert isinstance(lazy, da.Array) and lazy.compute().tolist() == [1, 2, 1, 2]
    assert stack([a, a], axis=0).shape == (2, 2)
    assert isinstance(stack([da.from_array(a), a], axis=1), da.Array)
    assert to_numpy(da.from_array(a)).tolist() == [1, 2]
    assert to_numpy(LazilyIndexedArray(a)).tolist() == [1, 2]
    assert to_numpy([3]).tolist() == [3]


def test_broadcast_helpers() -> None:
    x, y = Variable("x", [1, 2]), Variable(("y", "x"), np.zeros((3, 2)))
    assert shared_dims([x, y]) == {"x": 2, "y": 3}
    with pytest.raises(ValueError, match="dimension 'x' has length 2 in operand 0 but length 1 in operand 1"):
        shared_dims([x, Variable("x", [1])])
    assert insert_axes(y, ("x", "z", "y")).shape == (2, 1, 3)
    assert is_variable(x) and not is_variable(np.zeros(2))


def test_broadcast_indexes_kinds() -> None:
    v = Variable(("x", "y"), np.zeros((3, 4)))
    dims, indexer, raw = broadcast_indexes(v, (0, slice(None)))
    assert isinstance(indexer, BasicIndexer) and dims == raw == ("y",)
    dims, indexer, raw = broadcast_indexes(v, ([0, 1], [1]))
    assert isinstance(indexer, OuterIndexer) and dims == ("x", "y")
    dims, indexer, raw = broadcast_indexes(v, (slice(None), Variable("p", [0, 1])))
    assert isinstance(indexer, OuterIndexer) and dims == ("x", "p")
    dims, indexer, raw = broadcast_indexes(v, (slice(1, None), Variable(("p", "q"), [[0, 1]])))
    assert isinstance(indexer, VectorizedIndexer)
    assert dims == ("x", "p", "q") and raw == ("p", "q", "x")
    with pytest.raises(IndexError, match=r"must be integers.*got dtype bool \(a scalar\)"):
        broadcast_indexes(v, (True,))
    with pytest.raises(IndexError, match=r"must be integers.*got dtype <U1"):
        broadcast_indexes(v, (np.array(["a"]),))
    with pytest.raises(IndexError, match="must be 1-dimensional"):
        broadcast_indexes(v, (np.zeros((3, 1), dtype=bool),))


def test_apply_variable_ufunc() -> None:
    a, b = Variable("x", [1, 2], attrs={"u": 1}), Variable("y", [10, 20, 30])
    r = apply_variable_ufunc(np.add, a, b, keep_attrs_default=True)
    assert r.dims == ("x", "y") and r.attrs == {"u": 1}
    assert apply_variable_ufunc(np.add, a, 5).values.tolist() == [6, 7]
    q, m = apply_variable_ufunc(np.divmod, a, 2, nout=2)
    assert q.values.tolist() == [0, 1] and m.values.tolist() == [1, 0]
    with pytest.raises(TypeError, match="needs at least one Variable argument"):
        apply_variable_ufunc(np.add, 1, 2)
    with pytest.raises(ValueError, match=r"shapes \[\(2, 2\)\] do not fit the broadcast dims \('x',\)"):
        apply_variable_ufunc(np.add, a, np.ones((2, 2)))


def test_same_attrs_and_operands() -> None:
    assert attrs_equal({"a": np.array([1, 2])}, {"a": np.array([1, 2])})
    assert not attrs_equal({"a": 1}, {"a": 2})
    assert not attrs_equal({"a": 1}, {"b": 1})
    assert as_operand(3) == 3
    assert as_operand([1, 2]).tolist() == [1, 2]
    assert as_operand(LazilyIndexedArray(np.arange(2))).tolist() == [0, 1]

    class HasVariable:
        _variable = None

    assert is_facade(HasVariable()) and not is_facade(Variable("x", [1]))


def test_normalize_time_unit() -> None:
    assert normalize_time_unit(np.array([1], dtype="M8[h]")).dtype == np.dtype("M8[s]")
    assert normalize_time_unit(np.array([1], dtype="M8[fs]")).dtype == np.dtype("M8[ns]")
    assert normalize_time_unit(np.array([1], dtype="M8[ms]")).dtype == np.dtype("M8[ms]")
    assert normalize_time_unit(np.array([1.5])).dtype == np.float64


def test_reduction_helpers() -> None:
    v = Variable(("x", "y"), np.arange(6.0).reshape(2, 3))
    assert reduce_variable(v, np.mean, "x").values.tolist() == [1.5, 2.5, 3.5]
    assert arg_reduce(v, "argmax", None, 1, None, None).values.tolist() == [2, 2]
    with pytest.raises(ValueError, match="either 'dim' or 'axis' to argmin"):
        arg_reduce(v, "argmin", "x", 0, None, None)
