"""Tests of labarray.variable.Variable and the functions of labarray.variable."""

from __future__ import annotations

import contextlib
import copy
import datetime
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from labarray.options import set_options
from labarray.variable import (
    Variable,
    as_compatible_data,
    as_variable,
    broadcast_to_shared_dims,
    broadcast_variables,
    calculate_dimensions,
)
from labarray.variable.indexing import (
    ExplicitIndexer,
    ExplicitlyIndexed,
    LazilyIndexedArray,
    NumpyIndexingAdapter,
    PandasIndexingAdapter,
)

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")


@contextlib.contextmanager
def raise_if_dask_computes(max_computes: int = 0) -> Iterator[None]:
    """Fail when Dask computes more than ``max_computes`` times inside the block."""
    count = 0

    def scheduler(dsk, keys, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        if count > max_computes:
            raise RuntimeError(f"Too many computes: {count} > {max_computes}")
        return dask.get(dsk, keys, **kwargs)

    with dask.config.set(scheduler=scheduler):
        yield


class BackendArray(ExplicitlyIndexed):
    """Fake lazily read array: counts reads."""

    def __init__(self, values: np.ndarray):
        self.values = values
        self.shape = values.shape
        self.dtype = values.dtype
        self.reads = 0

    def __getitem__(self, indexer: ExplicitIndexer) -> np.ndarray:
        self.reads += 1
        return NumpyIndexingAdapter(self.values)[indexer]

    def get_duck_array(self) -> np.ndarray:
        self.reads += 1
        return self.values


def make(data=None, dims=("x", "y"), **kw) -> Variable:  # type: ignore[no-untyped-def]
    if data is None:
        data = np.arange(12.0).reshape(3, 4)
    return Variable(dims, data, **kw)


# ------------------------------------------------------------------ construction


def test_construction_and_properties() -> None:
    v = make(attrs={"units": "m"}, encoding={"dtype": "int16"})
    assert v.dims == ("x", "y")
    assert v.shape == (3, 4) and v.ndim == 2 and v.size == 12
    assert v.dtype == np.float64 and v.nbytes == 96
    assert dict(v.sizes) == {"x": 3, "y": 4}
    assert v.attrs == {"units": "m"} and v.encoding == {"dtype": "int16"}
    assert v.chunks is None and dict(v.chunksizes) == {}
    assert v.T.dims == ("y", "x")
    assert Variable("x", [1, 2]).dims == ("x",)
    assert Variable((), 5).values == 5
    assert isinstance(Variable((), np.float64(1.0), fastpath=True)._data, np.ndarray)
    c = Variable("x", [1 + 2j])
    assert c.real.values[0] == 1 and c.imag.values[0] == 2


def test_construction_errors() -> None:
    with pytest.raises(
        ValueError, match=r"dimensions \('x', 'y'\) of length 2 do not match data with shape \(3,\)"
    ):
        Variable(("x", "y"), [1, 2, 3])
    with pytest.raises(ValueError, match=r"dimension names must be unique; \['x'\]"):
        Variable(("x", "x"), np.zeros((2, 2)))


def test_setters() -> None:
    v = make()
    v.data = np.ones((3, 4))
    assert v.values.sum() == 12
    v.values = np.zeros((3, 4))
    assert v.values.sum() == 0
    with pytest.raises(
        ValueError, match=r"must have the variable's shape \(3, 4\).*got shape \(4,\)"
    ):
        v.data = np.zeros(4)
    v.dims = ("a", "b")
    assert v.dims == ("a", "b")
    with pytest.raises(ValueError, match="do not match data"):
        v.dims = ("a",)
    v.attrs = {"a": 1}
    v.encoding = {"b": 2}
    assert v.attrs == {"a": 1} and v.encoding == {"b": 2}


def test_as_compatible_data() -> None:
    assert as_compatible_data(5).shape == ()
    assert as_compatible_data([1, 2]).dtype.kind == "i"
    assert as_compatible_data(pd.Series([1.0, 2.0])).dtype == np.float64
    assert as_compatible_data(pd.DataFrame({"a": [1], "b": [2]})).shape == (1, 2)
    s = as_compatible_data(pd.Series(["a", "b"]))
    assert s.dtype == object
    assert isinstance(as_compatible_data(pd.Index([1, 2])), PandasIndexingAdapter)
    masked = as_compatible_data(np.ma.masked_array([1, 2, 3], mask=[0, 1, 0]))
    assert masked.dtype.kind == "f" and np.isnan(masked[1])
    assert as_compatible_data(np.ma.masked_array([1, 2])).dtype.kind == "i"
    assert as_compatible_data(datetime.datetime(2000, 1, 1)).dtype == np.dtype("M8[us]")
    assert as_compatible_data(datetime.timedelta(days=1)).dtype.kind == "m"
    assert as_compatible_data(pd.Timedelta("1h")).dtype.kind == "m"
    assert as_compatible_data(np.array(["2000-01"], dtype="M8[M]")).dtype == np.dtype("M8[s]")
    for unit in ("s", "ms", "us", "ns"):
        assert as_compatible_data(np.array([1], dtype=f"M8[{unit}]")).dtype == np.dtype(
            f"M8[{unit}]"
        )
    assert as_compatible_data(np.array([1], dtype="m8[ps]")).dtype == np.dtype("m8[ns]")
    objs = np.array([datetime.datetime(2000, 1, 1), datetime.datetime(2001, 1, 1)], dtype=object)
    assert as_compatible_data(objs).dtype.kind == "M"
    assert as_compatible_data((1, 2)).dtype == object
    lazy = da.zeros(3)
    assert as_compatible_data(lazy) is lazy
    tz = as_compatible_data(pd.Timestamp("2000", tz="UTC"))
    assert tz.dtype == object
    assert as_compatible_data(Variable("x", [1])).tolist() == [1]


def test_as_variable() -> None:
    v = make()
    assert as_variable(v) is not v and as_variable(v).identical(v)
    t = as_variable(("x", [1, 2], {"a": 1}, {"e": 2}))
    assert t.attrs == {"a": 1} and t.encoding == {"e": 2}
    assert as_variable(3).dims == ()
    assert as_variable(pd.Index([1, 2]), name="x").dims == ("x",)
    assert as_variable(pd.Index([1, 2], name="lat")).dims == ("lat",)  # a named index names its dim
    assert as_variable(pd.Index([1, 2], name="lat"), name="y").dims == ("y",)

    class FakeDataArray:
        variable = v

    assert as_variable(FakeDataArray()).identical(v)


def test_as_variable_errors() -> None:
    with pytest.raises(ValueError, match="2-dimensional data without dimension names"):
        as_variable(np.zeros((2, 2)), name="x")
    with pytest.raises(ValueError, match="1-dimensional data without dimension names"):
        as_variable([1, 2])
    with pytest.raises(ValueError, match="1-dimensional data without dimension names"):
        as_variable(pd.Index([1, 2]))  # unnamed
    with pytest.raises(TypeError, match=r"\(dims, data\[, attrs\[, encoding\]\]\)"):
        as_variable(("x",))
    with pytest.raises(ValueError, match=r"could not convert the tuple .* variable 'v'"):
        as_variable((("x", "y"), [1]), name="v")


# ------------------------------------------------------------------ python protocol


def test_python_protocol() -> None:
    v = Variable("x", [1, 2, 3])
    assert len(v) == 3
    assert [int(x) for x in v] == [1, 2, 3]
    assert float(Variable((), 2.5)) == 2.5 and int(Variable("x", [4])) == 4
    assert bool(Variable((), True)) and complex(Variable((), 1j)) == 1j
    assert Variable((), 3).item() == 3
    assert np.asarray(v).tolist() == [1, 2, 3]
    assert np.asarray(v, dtype=float).dtype == float
    assert "labarray.Variable (x: 3)" in repr(v)
    assert "units: m" in repr(Variable("x", [1], attrs={"units": "m"}))
    assert "dask.array" in repr(v.chunk())
    with pytest.raises(TypeError, match=r"len\(\) of a 0-dimensional Variable"):
        len(Variable((), 1))
    with pytest.raises(TypeError, match="iteration over a 0-dimensional Variable"):
        iter(Variable((), 1)).__next__()
    with pytest.raises(
        TypeError, match=r"only size-1 variables can be converted to float; .*\(3,\)"
    ):
        float(v)
    with pytest.raises(TypeError, match="unhashable"):
        hash(v)


# ------------------------------------------------------------------ indexing


def test_isel_orthogonal() -> None:
    v = make()
    assert v.isel(x=0).dims == ("y",)
    r = v.isel(x=[0, 2], y=[1, 3])
    np.testing.assert_array_equal(r.values, v.values[np.ix_([0, 2], [1, 3])])
    r = v[[True, False, True], 1:3]
    np.testing.assert_array_equal(r.values, v.values[[0, 2]][:, 1:3])
    r = v[{"y": -1}]
    assert r.dims == ("x",)
    assert v[..., 0].dims == ("x",)
    assert v.isel(z=0, missing_dims="ignore").identical(v)
    r = v[Variable("x", [2, 0])]
    np.testing.assert_array_equal(r.values, v.values[[2, 0]])
    renamed = v[Variable("a", [0, 1]), :]
    assert renamed.dims == ("a", "y")


def test_isel_errors() -> None:
    v = make()
    with pytest.raises(ValueError, match=r"dimension 'z' not found.*existing dimensions: x, y"):
        v.isel(z=0)
    with pytest.raises(ValueError, match="did you mean 'x'"):
        v.isel(xx=0)
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 'x' with size 3"):
        v[5]
    with pytest.raises(IndexError, match="index 9 is out of bounds for dimension 'y'"):
        v[:, [0, 9]]
    with pytest.raises(IndexError, match=r"dimension .x. must be integers.*got dtype float64"):
        v[np.array([0.5])]
    with pytest.raises(
        IndexError,
        match="boolean indexer for dimension 'x' has length 2 but the dimension has length 3",
    ):
        v[[True, False]]
    with pytest.raises(
        IndexError, match="unlabeled 2-dimensional array cannot index dimension 'x'"
    ):
        v[np.zeros((2, 2), dtype=int)]
    with pytest.raises(IndexError, match="too many indices"):
        v[0, 0, 0]
    with pytest.raises(IndexError, match="the indexers do not broadcast together"):
        v[Variable("z", [0, 1]), Variable("z", [0, 1, 2])]
    with pytest.raises(
        IndexError, match="boolean Variable indexer for dimension 'x' must have the dims"
    ):
        v[Variable("q", [True, False, True])]
    with pytest.raises(IndexError, match="dimension 'q' not found"):
        v[{"q": 0}]


def test_vectorized_indexing_dims_follow_xarray() -> None:
    v = make(np.arange(24).reshape(2, 3, 4), dims=("x", "y", "z"))
    ind = Variable(("a",), [0, 1])
    r = v[:, ind, ind]
    assert r.dims == ("x", "a")
    np.testing.assert_array_equal(r.values, v.values[:, [0, 1], [0, 1]])
    r = v[ind, :, ind]
    assert r.dims == ("a", "y")
    np.testing.assert_array_equal(r.values, v.values[[0, 1], :, [0, 1]])
    r = v[Variable(("a", "b"), [[0, 1]]), 1:3, Variable(("b",), [0, 3])]
    assert r.dims == ("a", "b", "y") and r.shape == (1, 2, 2)
    r = v[0, Variable("y", [2, 0]), Variable("y", [1, 1])]
    assert r.dims == ("y",)
    np.testing.assert_array_equal(r.values, [v.values[0, 2, 1], v.values[0, 0, 1]])
    r = v[:, Variable("z", [0, 1]), 0:2]
    assert r.dims == ("x", "z")
    np.testing.assert_array_equal(r.values, v.values[:, [0, 1], [0, 1]])


def test_setitem() -> None:
    v = make()
    v[0] = 1.0
    v[1, [0, 2]] = Variable("y", [7.0, 8.0])
    v[:, 3] = Variable((), -1.0)
    v[Variable("p", [2, 2]), Variable("p", [0, 1])] = Variable("p", [5.0, 6.0])
    expected = np.arange(12.0).reshape(3, 4)
    expected[0] = 1
    expected[1, [0, 2]] = [7, 8]
    expected[:, 3] = -1
    expected[2, [0, 1]] = [5, 6]
    np.testing.assert_array_equal(v.values, expected)
    t = make()
    t[:, :] = Variable("x", [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(t.values[:, 0], [1, 2, 3])


def test_setitem_errors() -> None:
    v = make()
    with pytest.raises(ValueError, match=r"value to assign has dimension\(s\) \['z'\]"):
        v[0] = Variable("z", [1, 2, 3, 4])
    with pytest.raises(
        ValueError, match=r"cannot assign a value of shape \(2, 2\) to a selection with 1"
    ):
        v[0] = np.zeros((2, 2))
    idx = Variable("x", pd.Index([1, 2, 3]))
    with pytest.raises(TypeError, match="read-only"):
        idx[0] = 5


def test_getitem_with_mask() -> None:
    v = Variable(("x", "y"), np.arange(6).reshape(2, 3))
    r = v._getitem_with_mask((np.array([1, -1]), slice(None)))
    assert r.dtype == np.float64
    np.testing.assert_array_equal(r.values, [[3, 4, 5], [np.nan] * 3])
    r = v._getitem_with_mask((slice(None), np.array([-1, 0])), fill_value=-9)
    np.testing.assert_array_equal(r.values, [[-9, 0], [-9, 3]])
    assert r.dtype.kind == "i"
    r = v._getitem_with_mask((Variable("p", [0, -1]), Variable("p", [2, 1])))
    assert r.dims == ("p",)
    np.testing.assert_array_equal(r.values, [2, np.nan])
    t = Variable("t", np.array(["2000-01-01"], dtype="M8[s]"))
    assert np.isnat(t._getitem_with_mask(np.array([-1])).values[0])
    empty = Variable("x", np.array([], dtype=float))
    np.testing.assert_array_equal(
        empty._getitem_with_mask(np.array([-1, -1])).values, [np.nan, np.nan]
    )
    assert v._getitem_with_mask(0).dims == ("y",)


def test_getitem_with_mask_dask_is_lazy() -> None:
    v = Variable(("x", "y"), np.arange(6).reshape(2, 3)).chunk(x=1)
    with raise_if_dask_computes():
        r = v._getitem_with_mask((np.array([1, -1]), slice(None)))
        rv = v._getitem_with_mask((Variable("p", [0, -1]), Variable("p", [2, 1])))
    assert isinstance(r.data, da.Array) and isinstance(rv.data, da.Array)
    np.testing.assert_array_equal(r.values, [[3, 4, 5], [np.nan] * 3])
    np.testing.assert_array_equal(rv.values, [2, np.nan])


def test_index_variable_behaviour() -> None:
    idx = pd.Index(["a", "b", "c"])
    v = Variable("x", idx)
    assert isinstance(v._data, PandasIndexingAdapter)
    assert v.dtype == object
    assert v.to_index().name == "x" and v.to_index().equals(idx)
    sub = v[[2, 0]]
    assert isinstance(sub._data, PandasIndexingAdapter)
    assert sub.values.tolist() == ["c", "a"]
    assert v[0].values[()] == "a" and v[0].dims == ()
    plain = Variable("y", np.array(["p", "q"]))
    iv = plain.to_index_variable()
    assert isinstance(iv._data, PandasIndexingAdapter) and iv.dtype == np.dtype("<U1")
    assert not isinstance(iv.to_base_variable()._data, PandasIndexingAdapter)
    assert iv.to_index_variable()._data is iv._data
    with pytest.raises(ValueError, match="only 1-dimensional variables can be converted"):
        make().to_index()
    assert v.copy(deep=True)._data.array.equals(idx)
    concat = Variable.concat([v, v], "x")
    assert isinstance(concat._data, PandasIndexingAdapter) and concat.shape == (6,)


def test_lazily_indexed_variable_stays_lazy() -> None:
    backend = BackendArray(np.arange(12).reshape(3, 4))
    v = Variable(("x", "y"), LazilyIndexedArray(backend))
    sub = v.isel(x=[0, 2], y=slice(1, None))[0]
    assert backend.reads == 0
    assert isinstance(sub._data, LazilyIndexedArray)
    assert "[3 values" in repr(sub)
    np.testing.assert_array_equal(sub.values, [1, 2, 3])
    assert backend.reads == 1
    chunked = v.chunk(x=2)
    assert backend.reads == 1
    np.testing.assert_array_equal(chunked.values, backend.values)
    loaded = v.compute()
    assert isinstance(loaded._data, np.ndarray) and isinstance(v._data, LazilyIndexedArray)
    assert not v._in_memory and loaded._in_memory


# ------------------------------------------------------------------ shape


def test_transpose() -> None:
    v = make(np.zeros((1, 2, 3)), dims=("x", "y", "z"))
    assert v.transpose().dims == ("z", "y", "x")
    assert v.transpose("z", ...).dims == ("z", "x", "y")
    assert v.transpose(["y", "x", "z"]).shape == (2, 1, 3)
    assert v.transpose("q", ..., missing_dims="ignore").dims == v.dims
    with pytest.raises(ValueError, match="dimension 'q' not found"):
        v.transpose("q", ...)
    with pytest.raises(ValueError, match="needs every dimension or an ellipsis"):
        v.transpose("x", "y")


def test_set_dims_expand_dims_squeeze() -> None:
    v = Variable("x", [1, 2])
    s = v.set_dims({"y": 3, "x": 2})
    assert s.dims == ("y", "x") and s.shape == (3, 2)
    assert v.set_dims(["x", "y"]).shape == (2, 1)
    assert v.set_dims("x").identical(v)
    with pytest.raises(ValueError, match=r"needs every existing dimension; \['x'\] missing"):
        v.set_dims("y")
    with pytest.raises(
        ValueError, match="cannot change the length of existing dimension 'x' from 2 to 5"
    ):
        v.set_dims({"x": 5})
    e = v.expand_dims({"t": 3, "u": 1}, axis=[2, 0])
    assert e.dims == ("u", "x", "t") and e.shape == (1, 2, 3)
    assert v.expand_dims("t").dims == ("t", "x")
    with pytest.raises(ValueError, match=r"dimension\(s\) \['x'\] already exist"):
        v.expand_dims("x")
    with pytest.raises(ValueError, match="invalid for a result with 2 dims"):
        v.expand_dims("t", axis=5)
    q = Variable(("a", "b", "c"), np.zeros((1, 2, 1)))
    assert q.squeeze().dims == ("b",)
    assert q.squeeze("a").dims == ("b", "c")
    with pytest.raises(
        ValueError, match=r"cannot squeeze dimension\(s\) with length other than 1: \{'b': 2\}"
    ):
        q.squeeze("b")


def test_copy_and_replace() -> None:
    v = make(attrs={"a": [1]})
    shallow = v.copy(deep=False)
    deep = v.copy()
    v.values[0, 0] = 100
    v.attrs["a"].append(2)
    assert shallow.values[0, 0] == 100 and deep.values[0, 0] == 0
    assert deep.attrs == {"a": [1]}
    assert copy.copy(v)._data is v._data and copy.deepcopy(v)._data is not v._data
    new = v.copy(data=np.ones((3, 4)))
    assert new.values.sum() == 12
    with pytest.raises(ValueError, match=r"must have the variable's shape \(3, 4\)"):
        v.copy(data=[1])
    lazy = make().chunk()
    lazy_copy = lazy.copy()
    lazy[0, 0] = -5.0
    assert lazy.values[0, 0] == -5 and lazy_copy.values[0, 0] == 0
    r = v._replace(dims=("p", "q"))
    assert r.dims == ("p", "q") and r._data is v._data


def test_astype() -> None:
    v = Variable("x", [1.7, 2.2], attrs={"a": 1})
    assert v.astype(int).values.tolist() == [1, 2]
    assert v.astype(int).attrs == {"a": 1}
    assert v.astype(int, keep_attrs=False).attrs == {}
    with pytest.raises(TypeError, match="Cannot cast"):
        v.astype(int, casting="safe")
    lazy = v.chunk()
    with raise_if_dask_computes():
        out = lazy.astype(np.float32, casting="same_kind")
    assert isinstance(out.data, da.Array) and out.dtype == np.float32


def test_get_axis_num() -> None:
    v = make()
    assert v.get_axis_num("y") == 1
    assert v.get_axis_num(["y", "x"]) == (1, 0)
    with pytest.raises(
        ValueError,
        match="dimension 'yy' not found in the Variable; existing dimensions: x, y; did you mean 'y'",
    ):
        v.get_axis_num("yy")


# ------------------------------------------------------------------ combining


def test_concat() -> None:
    a = Variable("x", [1, 2], attrs={"a": 1})
    b = Variable("x", [3], attrs={"a": 2})
    r = Variable.concat([a, b], "x")
    assert r.values.tolist() == [1, 2, 3] and r.attrs == {"a": 1}
    s = Variable.concat([a, a], "t")
    assert s.dims == ("t", "x") and s.shape == (2, 2)
    p = Variable.concat([a, b], "x", positions=[[0, 2], [1]])
    assert p.values.tolist() == [1, 3, 2]
    m = Variable(("x", "y"), [[1, 2]])
    n = Variable(("y", "x"), [[3], [4]])
    assert Variable.concat([m, n], "x").values.tolist() == [[1, 2], [3, 4]]
    assert Variable.concat([a, b], "x", combine_attrs="drop").attrs == {}


def test_concat_errors() -> None:
    with pytest.raises(ValueError, match="at least one variable"):
        Variable.concat([], "x")
    with pytest.raises(ValueError, match=r"variable 1 has \('y',\) but variable 0 has \('x',\)"):
        Variable.concat([Variable("x", [1]), Variable("y", [1])], "x")
    with pytest.raises(
        ValueError, match="dimension 'y' has length 1 on variable 0 but 2 on variable 1"
    ):
        Variable.concat([Variable(("x", "y"), [[1]]), Variable(("x", "y"), [[1, 2]])], "x")
    with pytest.raises(ValueError, match=r"permutation of range\(3\)"):
        Variable.concat([Variable("x", [1, 2]), Variable("x", [3])], "x", positions=[[0, 1], [1]])
    with pytest.raises(
        ValueError, match="attribute 'a' is 1 on the first variable but 2 on variable 1"
    ):
        Variable.concat(
            [Variable("x", [1], {"a": 1}), Variable("x", [1], {"a": 2})],
            "x",
            combine_attrs="no_conflicts",
        )
    with pytest.raises(ValueError, match="combine_attrs must be one of"):
        Variable.concat([Variable("x", [1])], "x", combine_attrs="bad")


def test_concat_dask_stays_lazy() -> None:
    a = Variable("x", np.arange(3)).chunk()
    with raise_if_dask_computes():
        r = Variable.concat([a, Variable("x", [5])], "x")
        s = Variable.concat([a, a], "t")
    assert isinstance(r.data, da.Array) and isinstance(s.data, da.Array)
    assert r.values.tolist() == [0, 1, 2, 5]


def test_broadcast_variables_and_calculate_dimensions() -> None:
    a, b = broadcast_variables(Variable("x", [1, 2]), Variable(("y", "x"), [[1, 2]] * 3))
    assert a.dims == b.dims == ("x", "y") and a.shape == (2, 3)
    assert a.values[:, 2].tolist() == [1, 2]
    with pytest.raises(
        ValueError, match="dimension 'x' has length 2 in variable 0 but length 3 in variable 1"
    ):
        broadcast_variables(Variable("x", [1, 2]), Variable("x", [1, 2, 3]))
    c, d = broadcast_to_shared_dims(Variable("x", [1, 2]), Variable("y", [1, 2, 3]))
    assert c.shape == (2, 1) and d.shape == (1, 3)
    assert calculate_dimensions({"a": Variable("x", [1]), "b": Variable("y", [1, 2])}) == {
        "x": 1,
        "y": 2,
    }
    assert calculate_dimensions([Variable("x", [1])]) == {"x": 1}
    with pytest.raises(
        ValueError,
        match="conflicting sizes for dimension 'x': length 3 on variable 'b' and length 1 on variable 'a'",
    ):
        calculate_dimensions({"a": Variable("x", [1]), "b": Variable("x", [1, 2, 3])})


# ------------------------------------------------------------------ comparison


def test_comparisons() -> None:
    a = Variable("x", [1.0, np.nan], attrs={"a": 1})
    b = Variable("x", [1.0, np.nan])
    assert a.equals(b) and not a.identical(b)
    assert a.identical(a.copy())
    assert not a.equals(Variable("y", [1.0, np.nan]))
    assert not a.equals(Variable("x", [1.0, 2.0]))
    assert not a.equals("x")
    assert Variable("x", [1, 2]).broadcast_equals(Variable(("x", "y"), [[1], [2]]))
    assert not Variable("x", [1, 2]).broadcast_equals(Variable("x", [1, 2, 3]))
    assert Variable("x", [1.0, np.nan]).no_conflicts(Variable("x", [2.0, np.nan])) is False
    assert Variable("x", [1.0, np.nan]).no_conflicts(Variable("x", [np.nan, 2.0]))
    assert Variable("x", [1.0, np.nan]).no_conflicts(Variable("x", [np.nan, np.nan]))
    assert Variable("x", ["a", None]).equals(Variable("x", np.array(["a", None], dtype=object)))
    t = Variable("t", np.array(["2000", "NaT"], dtype="M8[s]"))
    assert t.equals(t.copy())
    assert Variable("x", [1], attrs={"a": np.array([1, 2])}).identical(
        Variable("x", [1], attrs={"a": np.array([1, 2])})
    )


def test_comparisons_dask() -> None:
    a = Variable("x", [1.0, np.nan]).chunk()
    assert a.equals(a.copy(deep=False))
    with raise_if_dask_computes(max_computes=1):
        assert a.equals(Variable("x", [1.0, np.nan]).chunk())
    assert not a.equals(Variable("x", [2.0, np.nan]).chunk())
    assert a.equals(Variable("x", [1.0, np.nan]))


# ------------------------------------------------------------------ lazy / dask


def test_chunk_compute_load_persist() -> None:
    v = make()
    c = v.chunk(x=2)
    assert c.chunks == ((2, 1), (4,))
    assert dict(c.chunksizes) == {"x": (2, 1), "y": (4,)}
    assert v.chunk(2).chunks == ((2, 1), (2, 2))
    assert v.chunk({"y": -1, "x": 1}).chunks == ((1, 1, 1), (4,))
    assert v.chunk((3, 2)).chunks == ((3,), (2, 2))
    assert v.chunk("auto").chunks == ((3,), (4,))
    assert c.chunk({"y": 2}).chunks == ((2, 1), (2, 2))
    assert v.chunk({0: 1}).chunks[0] == (1, 1, 1)
    assert v.chunk(x=1, name="myname").data.name == "myname"
    with raise_if_dask_computes():
        c2 = c.isel(x=[0, 2]).transpose() + 1
    assert isinstance(c2.data, da.Array)
    computed = c.compute()
    assert isinstance(computed.data, np.ndarray) and isinstance(c.data, da.Array)
    assert c.load() is c and isinstance(c.data, np.ndarray)
    p = v.chunk(x=1).persist()
    assert isinstance(p.data, da.Array)
    np.testing.assert_array_equal(p.values, v.values)
    idx = Variable("x", pd.Index([1, 2, 3])).chunk()
    assert isinstance(idx.data, da.Array)


def test_chunk_errors() -> None:
    v = make()
    with pytest.raises(ValueError, match="dimension 'z' not found in chunks"):
        v.chunk(z=2)
    with pytest.raises(
        ValueError, match=r"chunks tuple \(2,\) has 1 entries but the variable has 2"
    ):
        v.chunk((2,))


def test_dask_operations_stay_lazy() -> None:
    v = make().chunk(x=1)
    other = Variable("y", np.arange(4.0)).chunk()
    with raise_if_dask_computes():
        results = [
            v[0],
            v[Variable("p", [0, 1]), Variable("p", [1, 2])],
            v.transpose(),
            v + other,
            v * 2,
            -v,
            v == v,
            v.astype(int),
            v.where(v > 3),
            v.fillna(0),
            v.isnull(),
            v.set_dims({"z": 2, "x": 3, "y": 4}),
            Variable.concat([v, v], "x"),
            v.clip(0, 5),
            v.round(),
            np.sin(v),
            v.sum("x"),
            v.mean(),
            v.cumsum("y"),
            v.reduce(np.sum, "x"),
            v.expand_dims("t"),
            v.squeeze(),
            v._getitem_with_mask((np.array([0, -1]), slice(None))),
        ]
    for r in results:
        assert isinstance(r._data, da.Array), r


# ------------------------------------------------------------------ missing values


def test_where_fillna_isnull_clip() -> None:
    v = Variable("x", [1, 2, 3], attrs={"a": 1})
    w = v.where(Variable("x", [True, False, True]))
    assert w.dtype == np.float64 and np.isnan(w.values[1]) and w.attrs == {"a": 1}
    assert v.where(v > 1, -1).values.tolist() == [-1, 2, 3]
    b = Variable("x", [True, False]).where(Variable("y", [True, False]))
    assert b.dims == ("x", "y") and b.dtype == np.float64  # bool promotes like xarray
    f = Variable("x", [1.0, np.nan]).fillna(Variable("x", [5.0, 6.0]))
    assert f.values.tolist() == [1.0, 6.0]
    assert Variable("x", [np.nan]).isnull().values.tolist() == [True]
    assert Variable("x", [None, "a"]).notnull().values.tolist() == [False, True]
    assert Variable("x", [1]).isnull().values.tolist() == [False]
    assert v.isnull().attrs == {"a": 1} and v.isnull(keep_attrs=False).attrs == {}
    assert v.clip(2, None).values.tolist() == [2, 2, 3]
    assert v.clip(max=Variable("x", [0, 5, 0])).values.tolist() == [0, 2, 0]
    with pytest.raises(ValueError, match="do not fit the broadcast dims"):
        v.where(np.array([[True], [False]]))


# ------------------------------------------------------------------ reductions


def test_reduce() -> None:
    v = make(attrs={"a": 1})
    assert v.reduce(np.sum, "y").values.tolist() == [6, 22, 38]
    assert v.reduce(np.sum, ["x", "y"]).values == 66
    assert v.reduce(np.sum, axis=0).dims == ("y",)
    assert v.reduce(np.sum, axis=-1).dims == ("x",)
    assert v.reduce(np.sum).dims == ()
    assert v.reduce(np.sum, "x", keepdims=True).shape == (1, 4)
    assert v.reduce(np.sum, "x").attrs == {"a": 1}
    assert v.reduce(np.sum, "x", keep_attrs=False).attrs == {}
    with set_options(keep_attrs=False):
        assert v.reduce(np.sum, "x").attrs == {}
    with pytest.raises(ValueError, match="either 'dim' or 'axis'"):
        v.reduce(np.sum, "x", axis=0)
    with pytest.raises(ValueError, match="dimension 'z' not found"):
        v.reduce(np.sum, "z")
    with pytest.raises(ValueError, match="the reduction returned 2-dimensional data"):
        v.reduce(lambda x, axis: x, "x")


def test_aggregate() -> None:
    v = Variable(("x", "y"), [[1.0, np.nan], [3.0, 4.0]], attrs={"a": 1})
    assert v.sum("y").values.tolist() == [1.0, 7.0]
    assert np.isnan(v.sum("y", skipna=False).values[0])
    assert v.mean().values == pytest.approx(8 / 3)
    assert v.max("x", keepdims=True).shape == (1, 2)
    assert v.sum("x").attrs == {"a": 1}
    assert v.sum("x", keep_attrs=False).attrs == {}
    assert v.cumsum("y").values.tolist() == [[1.0, 1.0], [3.0, 7.0]]
    assert v.std("x", ddof=1).values[0] == pytest.approx(np.sqrt(2))
    assert v.count().values == 3
    assert v._aggregate("sum", ...).values == 8
    assert v.sum("y", min_count=2).values[0] != v.sum("y", min_count=2).values[0]
    with pytest.raises(KeyError, match="sumx"):
        v._aggregate("sumx")
    with pytest.raises(ValueError, match="dimension 'q' not found"):
        v.sum("q")


def test_argmin_argmax() -> None:
    v = Variable(("x", "y"), [[3, 1], [0, 2]])
    assert v.argmax("y").values.tolist() == [0, 1]
    assert v.argmin().values == 2
    assert v.argmin(axis=0).values.tolist() == [1, 0]
    out = v.argmin(["x", "y"])
    assert out["x"].values == 1 and out["y"].values == 0
    out = v.argmax(...)
    assert out["x"].values == 0 and out["y"].values == 0
    with pytest.raises(ValueError, match="either 'dim' or 'axis' to argmax"):
        v.argmax("x", axis=0)


# ------------------------------------------------------------------ compat with xarray


@pytest.mark.compat
def test_vectorized_indexing_matches_xarray() -> None:
    xr = pytest.importorskip("xarray")
    data = np.arange(60).reshape(3, 4, 5)
    ours = Variable(("x", "y", "z"), data)
    theirs = xr.Variable(("x", "y", "z"), data)
    keys = [
        (slice(None), Variable(("a", "b"), [[0, 1], [2, 3]]), Variable(("b",), [0, 4])),
        (Variable("y", [0, 2]), slice(1, 3), Variable("y", [1, 1])),
        (0, Variable(("a",), [1, 2]), slice(None)),
        (Variable("z", [0, 1]), 1, slice(None, 2)),
    ]
    for key in keys:
        xkey = tuple(xr.Variable(k.dims, k.values) if isinstance(k, Variable) else k for k in key)
        r, x = ours[key], theirs[xkey]
        assert r.dims == x.dims, key
        np.testing.assert_array_equal(r.values, x.values)


# ------------------------------------------------------------------ properties


@st.composite
def array_and_key(draw):  # type: ignore[no-untyped-def]
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    arr = np.arange(int(np.prod(shape))).reshape(shape)
    key = []
    for size in shape:
        kind = draw(st.sampled_from(["int", "slice", "array", "bool"]))
        if kind == "int":
            key.append(draw(st.integers(-size, size - 1)))
        elif kind == "slice":
            key.append(
                slice(
                    draw(st.none() | st.integers(-size, size)),
                    draw(st.none() | st.integers(-size, size)),
                    draw(st.none() | st.sampled_from([1, 2, -1])),
                )
            )
        elif kind == "array":
            key.append(
                np.array(draw(st.lists(st.integers(-size, size - 1), max_size=4)), dtype=int)
            )
        else:
            key.append(np.array(draw(st.lists(st.booleans(), min_size=size, max_size=size))))
    return arr, tuple(key)


def _numpy_outer(arr: np.ndarray, key: tuple) -> np.ndarray:
    result = arr
    axis = 0
    for k in key:
        if isinstance(k, int):
            result = np.take(result, k, axis=axis)
            continue
        if isinstance(k, slice):
            result = result[(slice(None),) * axis + (k,)]
        else:
            idx = np.flatnonzero(k) if k.dtype == bool else k
            result = np.take(result, idx, axis=axis)
        axis += 1
    return result


@settings(max_examples=60, deadline=None)
@given(array_and_key(), st.booleans())
def test_isel_matches_numpy_outer_indexing(case, use_dask) -> None:  # type: ignore[no-untyped-def]
    arr, key = case
    dims = tuple(f"d{i}" for i in range(arr.ndim))
    v = Variable(dims, arr)
    if use_dask:
        v = v.chunk(2)
    result = v.isel(dict(zip(dims, key, strict=True)))
    expected = _numpy_outer(arr, key)
    assert result.shape == expected.shape
    np.testing.assert_array_equal(result.values, expected)
    lazy = Variable(dims, LazilyIndexedArray(arr))[key]
    np.testing.assert_array_equal(lazy.values, expected)


@st.composite
def array_and_pointwise_key(draw):  # type: ignore[no-untyped-def]
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    arr = np.arange(int(np.prod(shape))).reshape(shape)
    n = draw(st.integers(0, 4))
    key = tuple(
        np.array(draw(st.lists(st.integers(-s, s - 1), min_size=n, max_size=n)), dtype=int)
        for s in shape
    )
    return arr, key


@settings(max_examples=40, deadline=None)
@given(array_and_pointwise_key(), st.booleans())
def test_pointwise_indexing_matches_numpy(case, use_dask) -> None:  # type: ignore[no-untyped-def]
    arr, key = case
    dims = tuple(f"d{i}" for i in range(arr.ndim))
    v = Variable(dims, arr)
    if use_dask:
        v = v.chunk(2)
    result = v[tuple(Variable("p", k) for k in key)]
    assert result.dims == ("p",)
    np.testing.assert_array_equal(result.values, arr[key])


def test_setitem_dask_stays_lazy() -> None:
    v = Variable(("x", "y"), np.zeros((2, 3))).chunk(x=1)
    with raise_if_dask_computes():
        v[0, 1:] = 5.0
        v[Variable("p", [1]), Variable("p", [0])] = 7.0
    assert isinstance(v.data, da.Array)
    np.testing.assert_array_equal(v.values, [[0, 5, 5], [7, 0, 0]])
    with raise_if_dask_computes():
        v[[0, 1], [0, 2]] = Variable("y", [1.0, 2.0])
        v[Variable("p", [-1, 0]), 1] = Variable("p", [8.0, 9.0])
    assert isinstance(v.data, da.Array)
    np.testing.assert_array_equal(v.values, [[1, 9, 2], [1, 8, 2]])
    lazy = Variable("x", LazilyIndexedArray(np.arange(3)))
    with pytest.raises(TypeError, match="cannot assign into lazily loaded data"):
        lazy[0] = 1


@pytest.mark.compat
def test_operations_match_xarray() -> None:
    xr = pytest.importorskip("xarray")
    data = np.arange(6.0).reshape(2, 3)
    ours, theirs = Variable(("x", "y"), data), xr.Variable(("x", "y"), data)
    other_o, other_t = Variable(("z", "y"), np.ones((4, 3))), xr.Variable(("z", "y"), np.ones((4, 3)))
    pairs = [
        (ours + other_o, theirs + other_t),
        (other_o * ours, other_t * theirs),
        (ours.set_dims({"t": 2, "x": 2, "y": 3}), theirs.set_dims({"t": 2, "x": 2, "y": 3})),
        (ours.transpose("y", ...), theirs.transpose("y", ...)),
        (Variable.concat([ours, ours], "y"), xr.Variable.concat([theirs, theirs], "y")),
        (Variable.concat([ours, ours], "n"), xr.Variable.concat([theirs, theirs], "n")),
        (ours._getitem_with_mask((np.array([1, -1]), slice(None))),
         theirs._getitem_with_mask((np.array([1, -1]), slice(None)))),
        (ours.where(ours > 2), theirs.where(theirs > 2)),
        (ours[[1, 0], 0], theirs[[1, 0], 0]),
    ]
    for o, t in pairs:
        assert o.dims == t.dims
        np.testing.assert_array_equal(o.values, t.values)
        assert o.dtype == t.dtype


def test_astype_drops_the_stored_encoding() -> None:
    v = Variable("x", np.arange(3, dtype="f4"), {"units": "K"}, {"dtype": "float32", "zlib": True})
    cast = v.astype("f8")
    assert cast.encoding == {}
    assert cast.attrs == {"units": "K"}
    assert v.encoding == {"dtype": "float32", "zlib": True}
