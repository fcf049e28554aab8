"""Tests of labarray.variable.ops (generated operators) and Variable arithmetic."""

from __future__ import annotations

import operator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labarray.options import set_options
from labarray.variable import Variable
from labarray.variable.ops import BINARY_OPS, COMPARISON_OPS, UNARY_OPS, inject_arithmetic

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")


def _no_compute(dsk, keys, **kwargs):  # type: ignore[no-untyped-def]
    raise RuntimeError("Dask computed inside a block that must stay lazy")


class Facade:
    """Stand-in for a DataArray: has a ``_variable`` and handles Variables itself."""

    def __init__(self, variable: Variable):
        self._variable = variable

    def _binary_op(self, other, f, reflexive=False):  # type: ignore[no-untyped-def]
        other = other._variable if isinstance(other, Facade) else other
        result = f(other, self._variable) if reflexive else f(self._variable, other)
        return Facade(result)

    def _inplace_binary_op(self, other, f):  # type: ignore[no-untyped-def]
        self._variable = f(self._variable, other)
        return self

    def _unary_op(self, f, *args, **kwargs):  # type: ignore[no-untyped-def]
        return Facade(f(self._variable, *args, **kwargs))


inject_arithmetic(Facade)


def test_generated_methods_exist() -> None:
    for name in BINARY_OPS:
        assert hasattr(Variable, f"__{name}__") and hasattr(Variable, f"__r{name}__")
    for name in COMPARISON_OPS:
        assert hasattr(Variable, f"__{name}__")
    for name in UNARY_OPS:
        assert hasattr(Variable, f"__{name}__")
    assert Variable.__hash__ is None
    assert Variable.__add__.__qualname__ == "Variable.__add__"


def test_inject_keeps_own_methods() -> None:
    class Own:
        def __add__(self, other):  # type: ignore[no-untyped-def]
            return "own"

        def _binary_op(self, other, f, reflexive=False):  # type: ignore[no-untyped-def]
            return "generated"

    inject_arithmetic(Own)
    assert Own() + 1 == "own"
    assert Own() - 1 == "generated"


def test_binary_ops_with_scalars_and_arrays() -> None:
    v = Variable("x", [1, 2, 3])
    assert (v + 1).values.tolist() == [2, 3, 4]
    assert (1 - v).values.tolist() == [0, -1, -2]
    assert (v * np.array([1, 0, 1])).values.tolist() == [1, 0, 3]
    assert (np.array([1, 0, 1]) * v).dims == ("x",)
    assert (v / 2).dtype == float and (v // 2).values.tolist() == [0, 1, 1]
    assert (v % 2).values.tolist() == [1, 0, 1] and (v**2).values.tolist() == [1, 4, 9]
    assert (2**v).values.tolist() == [2, 4, 8]
    assert (v & 1).values.tolist() == [1, 0, 1] and (v | 4).values.tolist() == [5, 6, 7]
    assert (v ^ 1).values.tolist() == [0, 3, 2]
    assert (v << 1).values.tolist() == [2, 4, 6] and (v >> 1).values.tolist() == [0, 1, 1]
    assert (v + [1, 1, 1]).values.tolist() == [2, 3, 4]
    assert (v @ v).values == 14 and (v @ v).dims == ()
    m = Variable(("x", "y"), np.ones((3, 2)))
    assert (v @ m).dims == ("y",) and (v @ m).values.tolist() == [6.0, 6.0]
    assert (v @ Variable("z", [1, 2])).dims == ("x", "z")
    with pytest.raises(TypeError):
        v @ np.ones(3)


def test_comparisons_are_elementwise() -> None:
    v = Variable("x", [1, 2, 3])
    assert (v == 2).values.tolist() == [False, True, False]
    assert (v != 2).values.tolist() == [True, False, True]
    assert (v < 2).values.tolist() == [True, False, False]
    assert (v <= 2).values.tolist() == [True, True, False]
    assert (v > 2).values.tolist() == [False, False, True]
    assert (v >= 2).values.tolist() == [False, True, True]
    assert (2 < v).values.tolist() == [False, False, True]  # noqa: SIM300 (reflected op)
    assert (v == Variable("x", [1, 0, 3])).values.tolist() == [True, False, True]
    s = Variable("x", np.array(["a", "b"]))
    assert (s == "a").values.tolist() == [True, False]


def test_unary_ops() -> None:
    v = Variable("x", [-1.5, 2.25], attrs={"a": 1})
    assert (-v).values.tolist() == [1.5, -2.25]
    assert (+v).values.tolist() == [-1.5, 2.25]
    assert abs(v).values.tolist() == [1.5, 2.25]
    assert (~Variable("x", [True, False])).values.tolist() == [False, True]
    assert v.round().values.tolist() == [-2.0, 2.0]
    assert v.round(1).values.tolist() == [-1.5, 2.2]
    assert round(v, 1).values.tolist() == [-1.5, 2.2]
    assert Variable("x", [1 + 2j]).conj().values.tolist() == [1 - 2j]
    assert Variable("x", [3, 1, 2]).argsort().values.tolist() == [1, 2, 0]
    assert (-v).attrs == {"a": 1}


def test_broadcast_by_name() -> None:
    a = Variable(("x", "y"), np.arange(6).reshape(2, 3))
    b = Variable(("y", "z"), np.arange(12).reshape(3, 4))
    r = a + b
    assert r.dims == ("x", "y", "z")
    np.testing.assert_array_equal(r.values, a.values[:, :, None] + b.values[None])
    r2 = b - a
    assert r2.dims == ("y", "z", "x")
    np.testing.assert_array_equal(r2.values, b.values[:, :, None] - a.values.T[:, None, :])
    t = Variable(("y", "x"), np.ones((3, 2)))
    assert (a + t).dims == ("x", "y")


def test_binary_op_errors() -> None:
    a = Variable("x", [1, 2])
    with pytest.raises(
        ValueError, match="dimension 'x' has length 2 in operand 0 but length 3 in operand 1"
    ):
        a + Variable("x", [1, 2, 3])
    with pytest.raises(ValueError, match=r"with an array of shape \(2, 2\) by position; wrap"):
        a + np.ones((2, 2))
    with pytest.raises(ValueError, match=r"dims \('x',\) and shape \(2,\).*shape \(3,\)"):
        a + np.ones(3)


def test_returns_notimplemented_for_facades() -> None:
    v = Variable("x", [1, 2])
    f = Facade(Variable("x", [10, 20]))
    assert v._binary_op(f, operator.add) is NotImplemented
    left = v + f
    assert isinstance(left, Facade) and left._variable.values.tolist() == [11, 22]
    right = f - v
    assert isinstance(right, Facade) and right._variable.values.tolist() == [9, 18]
    assert isinstance(v == f, Facade)
    assert v.__array_ufunc__(np.add, "__call__", v, f) is NotImplemented
    with pytest.raises(TypeError, match="in-place operations of a Variable with a DataArray"):
        v += f


def test_keep_attrs() -> None:
    v = Variable("x", [1, 2], attrs={"a": 1})
    assert (v + 1).attrs == {"a": 1} and (1 + v).attrs == {"a": 1}
    w = Variable("x", [1, 2], attrs={"a": 2, "b": 3})
    assert (v + w).attrs == {"b": 3}
    assert list((w - Variable("x", [1, 2], attrs={"c": 1})).attrs) == ["a", "b", "c"]
    assert list((np.array([1, 2]) - w).attrs) == ["a", "b"]
    with set_options(keep_attrs=False):
        assert (v + 1).attrs == {}
        assert (-v).attrs == {}
    v += w
    assert v.attrs == {"a": 1}
    assert np.sin(v).attrs == {"a": 1}


def test_inplace_ops() -> None:
    data = np.array([1.0, 2.0])
    v = Variable("x", data)
    v += 1
    assert v._data is data and data.tolist() == [2.0, 3.0]
    m = Variable(("x", "y"), np.zeros((2, 3)))
    target = m._data
    m -= Variable("y", [1.0, 2.0, 3.0])
    m *= Variable(("y", "x"), np.ones((3, 2)) * 2)
    assert m._data is target
    np.testing.assert_array_equal(m.values, [[-2, -4, -6]] * 2)
    with pytest.raises(ValueError, match=r"would add dimension\(s\) \['z'\] to the target"):
        v += Variable("z", [1])
    with pytest.raises(ValueError, match="dimension 'x' has length 2 in operand 0 but length 3"):
        v += Variable("x", [1.0, 2.0, 3.0])
    with pytest.raises(
        ValueError, match=r"would change the shape of the target from \(1,\) to \(2,\)"
    ):
        one = Variable("x", np.array([1.0]))
        one._inplace_binary_op(np.array([1.0, 2.0]), operator.add)
    index_var = Variable("x", __import__("pandas").Index([1, 2]))
    with pytest.raises(TypeError, match="cannot modify the values of an index coordinate in place"):
        index_var += 1


def test_inplace_on_dask_and_lazy() -> None:
    v = Variable("x", np.arange(4.0)).chunk(2)
    with dask.config.set(scheduler=_no_compute):
        v += 1
        v *= Variable("x", np.ones(4)).chunk(2)
    assert isinstance(v.data, da.Array)
    assert v.values.tolist() == [1.0, 2.0, 3.0, 4.0]


def test_array_ufunc() -> None:
    a = Variable("x", [1.0, 4.0])
    b = Variable("y", [1.0, 2.0, 3.0])
    r = np.add(a, b)
    assert isinstance(r, Variable) and r.dims == ("x", "y")
    assert np.sqrt(a).values.tolist() == [1.0, 2.0]
    q, rem = np.divmod(Variable("x", [7, 8]), 3)
    assert q.values.tolist() == [2, 2] and rem.values.tolist() == [1, 2]
    assert np.maximum(a, np.array([2.0, 3.0])).values.tolist() == [2.0, 4.0]
    assert np.add.reduce(np.asarray(a)) == 5.0
    with pytest.raises(TypeError):
        np.add.reduce(a)
    with pytest.raises(TypeError):
        np.add(a, a, out=np.zeros(2))


def test_dask_arithmetic_is_lazy() -> None:
    a = Variable(("x", "y"), np.arange(6.0).reshape(2, 3)).chunk(x=1)
    b = Variable("y", np.arange(3.0))
    with dask.config.set(scheduler=_no_compute):
        results = [a + b, b * a, a == a, -a, np.exp(a), a + 1, 2**a, a > b]
    for r in results:
        assert isinstance(r.data, da.Array)
    np.testing.assert_array_equal((b * a).values, (a.values * b.values).T)


DIMS = ("a", "b", "c")


@st.composite
def two_variables(draw):  # type: ignore[no-untyped-def]
    sizes = {d: draw(st.integers(1, 3)) for d in DIMS}

    def one():  # type: ignore[no-untyped-def]
        dims = draw(st.permutations(DIMS).map(lambda p: p[: draw(st.integers(0, 3))]))
        shape = tuple(sizes[d] for d in dims)
        values = draw(
            st.lists(st.integers(-5, 5), min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))
        )
        return Variable(dims, np.array(values, dtype=np.int64).reshape(shape))

    return one(), one()


@settings(max_examples=60, deadline=None)
@given(two_variables(), st.sampled_from(["add", "sub", "mul", "eq", "lt"]), st.booleans())
def test_broadcast_arithmetic_matches_numpy(pair, op_name, use_dask) -> None:  # type: ignore[no-untyped-def]
    x, y = pair
    f = {**BINARY_OPS, **COMPARISON_OPS}[op_name]
    if use_dask:
        x = x.chunk(1)
    result = f(x, y)
    expected_dims = x.dims + tuple(d for d in y.dims if d not in x.dims)
    assert result.dims == expected_dims

    # reference: expand both with NumPy to the result dims, by transposing and inserting axes
    def expand(v: Variable) -> np.ndarray:
        order = [d for d in expected_dims if d in v.dims]
        values = np.transpose(v.values, [v.dims.index(d) for d in order])
        return values[tuple(slice(None) if d in v.dims else None for d in expected_dims)]

    np.testing.assert_array_equal(result.values, f(expand(x), expand(y)))


# --- date arithmetic with cftime dates -----------------------------------------------------------


def _cf_times(calendar: str = "noleap") -> Variable:
    cftime = pytest.importorskip("cftime")
    return Variable("time", cftime.num2date(np.arange(4.0), "days since 2000-02-27", calendar))


@pytest.mark.parametrize("calendar", ["noleap", "360_day"])
def test_cftime_difference_is_timedelta(calendar: str) -> None:
    t = _cf_times(calendar)
    delta = t - t[0]
    assert delta.dtype == np.dtype("m8[us]") and delta.dims == ("time",)
    np.testing.assert_array_equal(delta.values.astype("m8[D]").astype(int), [0, 1, 2, 3])
    upper, lower = t[1:], t[:-1]
    np.testing.assert_array_equal((upper - lower).values, np.timedelta64(1, "D"))
    bounds = Variable(("time", "bnds"), np.stack([t.values, t.values], axis=1))
    assert (bounds - t).dims == ("time", "bnds")


def test_cftime_shift_by_durations() -> None:
    import datetime

    import pandas as pd

    t = _cf_times("noleap")
    for delta in (pd.Timedelta("1D"), datetime.timedelta(days=1), np.timedelta64(1, "D")):
        shifted = t + delta
        assert shifted.dtype == object
        # 2000-02-28 + 1 day is 2000-03-01 in a calendar without leap days
        assert shifted.values[1] == type(t.values[0])(2000, 3, 1)
        if not isinstance(delta, np.timedelta64):  # NumPy scalars go through __array_ufunc__
            assert list((delta + t).values) == list(shifted.values)
        assert list((shifted - delta).values) == list(t.values)
    durations = Variable("time", np.array([0, 1, 2, 3], dtype="m8[D]"))
    assert (t + durations).values[-1] - t.values[-1] == datetime.timedelta(days=3)
    inplace = t.copy()
    inplace += np.timedelta64(2, "D")
    assert inplace.values[0] == t.values[2]


def test_cftime_arithmetic_bad_input() -> None:
    import pandas as pd

    t = _cf_times("noleap")
    with pytest.raises(TypeError, match="cannot add two arrays of cftime dates"):
        t + t
    with pytest.raises(TypeError, match="cannot subtract cftime dates from a timedelta"):
        pd.Timedelta("1D") - t
    with pytest.raises(TypeError):
        t * 2
    with pytest.raises(TypeError, match="one calendar"):
        t - _cf_times("360_day")


@pytest.mark.compat
def test_compat_xarray_cftime_arithmetic() -> None:
    xr = pytest.importorskip("xarray")
    import pandas as pd

    import labarray as la

    values = _cf_times("360_day").values
    ours = la.DataArray(values, dims="time", coords={"time": values})
    theirs = xr.DataArray(values, dims="time", coords={"time": values})
    for f in (lambda a: a - a[0], lambda a: a.diff("time"), lambda a: a + pd.Timedelta("1D"),
              lambda a: a - pd.Timedelta("6h")):  # fmt: skip
        o, r = f(ours), f(theirs)
        assert o.dtype == r.dtype
        np.testing.assert_array_equal(o.values, r.values)
    np.testing.assert_array_equal(ours.diff("time").dt.days, theirs.diff("time").dt.days)
