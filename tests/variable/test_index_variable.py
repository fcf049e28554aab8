"""Tests of labarray.variable.index_variable.IndexVariable."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.variable import Variable
from labarray.variable.index_variable import IndexVariable
from labarray.variable.indexing import PandasIndexingAdapter


def test_construction_holds_an_index():
    v = IndexVariable("x", [10, 20, 30], attrs={"units": "m"})
    assert isinstance(v, Variable)
    assert isinstance(v._data, PandasIndexingAdapter)
    assert v.name == "x" and v.dims == ("x",) and v.attrs == {"units": "m"}
    np.testing.assert_array_equal(v.values, [10, 20, 30])
    assert v.to_index().equals(pd.Index([10, 20, 30], name="x"))
    s = IndexVariable(("y",), np.array(["a", "b"]))
    assert s.dtype == np.dtype("<U1")  # NumPy dtype kept, not pandas' string dtype
    from_index = IndexVariable("t", pd.date_range("2000-01-01", periods=2))
    assert from_index.dtype.kind == "M"


def test_dask_data_is_loaded():
    da = pytest.importorskip("dask.array")
    v = IndexVariable("x", da.from_array(np.arange(4), chunks=2))
    assert isinstance(v._data, PandasIndexingAdapter)
    assert v.chunk({"x": 1}).chunks is None
    assert v.load() is v


def test_selection_keeps_or_drops_the_class():
    v = IndexVariable("x", [10, 20, 30])
    part = v.isel(x=slice(0, 2))
    assert type(part) is IndexVariable and part.values.tolist() == [10, 20]
    assert type(v.isel(x=[2, 0])) is IndexVariable
    scalar = v.isel(x=0)
    assert type(scalar) is Variable and scalar.ndim == 0
    assert type(v + 1) is Variable and (v + 1).values.tolist() == [11, 21, 31]
    assert type(v.mean()) is Variable and float(v.mean()) == 20.0
    assert type(v.astype(float)) is Variable
    assert type(v.set_dims({"y": 2, "x": 3})) is Variable
    assert type(v.copy()) is IndexVariable and type(v.copy(deep=False)) is IndexVariable
    assert type(v.to_index_variable()) is IndexVariable and type(v.to_coord()) is IndexVariable
    assert type(v.to_base_variable()) is Variable


def test_pickle_and_deepcopy():
    import copy
    import pickle

    v = IndexVariable("x", [1, 2], attrs={"a": 1})
    for other in (pickle.loads(pickle.dumps(v)), copy.deepcopy(v)):
        assert type(other) is IndexVariable
        assert other.identical(v)


def test_equals_plain_variable_and_use_as_coordinate():
    v = IndexVariable("x", [1, 2])
    assert v.equals(Variable("x", [1, 2]))
    ds = xr.Dataset({"a": ("x", [5, 6])}, coords={"x": v})
    assert ds.sel(x=2).a.item() == 6
    assert list(ds.xindexes) == ["x"]


def test_isinstance_is_true_for_index_coordinates():
    ds = xr.Dataset({"a": ("x", [5.0, 6.0])}, coords={"x": [1, 2], "c": ("x", [3, 4])})
    assert isinstance(ds.x.variable, IndexVariable)
    assert isinstance(ds["x"].variable.to_index_variable(), IndexVariable)
    assert not isinstance(ds.a.variable, IndexVariable)
    assert not isinstance(ds.c.variable, IndexVariable)
    assert not isinstance(np.arange(2), IndexVariable)
    assert not issubclass(Variable, IndexVariable)


def test_multi_index_levels():
    mi = pd.MultiIndex.from_arrays([["a", "b"], [1, 2]], names=["letter", "num"])
    v = IndexVariable("x", mi)
    assert v.level_names == ["letter", "num"]
    num = v.get_level_variable("num")
    assert type(num) is IndexVariable and num.values.tolist() == [1, 2]
    assert num.dtype == np.dtype("int64")
    assert num.level_names is None
    assert num.to_index().tolist() == [1, 2]
    assert v.get_level_variable("letter").values.tolist() == ["a", "b"]
    assert IndexVariable("x", [1, 2]).level_names is None


def test_read_only():
    v = IndexVariable("x", [1, 2])
    with pytest.raises(TypeError, match="IndexVariable 'x' cannot be modified"):
        v[0] = 5
    with pytest.raises(ValueError, match="cannot assign to the data of the IndexVariable 'x'"):
        v.data = [3, 4]
    with pytest.raises(ValueError, match="cannot assign to the values of the IndexVariable 'x'"):
        v.values = [3, 4]
    with pytest.raises(AttributeError, match="cannot rename the IndexVariable 'x' in place"):
        v.name = "y"
    np.testing.assert_array_equal(v.values, [1, 2])


def test_bad_input():
    with pytest.raises(ValueError, match=r"must be 1-dimensional, but the data has dims \('x', 'y'\)"):
        IndexVariable(("x", "y"), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="must be 1-dimensional"):
        IndexVariable((), 3)
    mi = pd.MultiIndex.from_arrays([["a"], [1]], names=["letter", "num"])
    with pytest.raises(KeyError, match=r"level 'nmu' not found.*did you mean 'num'"):
        IndexVariable("x", mi).get_level_variable("nmu")
    with pytest.raises(ValueError, match="'x' is not a MultiIndex; it has no level 'num'"):
        IndexVariable("x", [1]).get_level_variable("num")


@pytest.mark.compat
def test_matches_xarray():
    xarray = pytest.importorskip("xarray")
    ours, theirs = IndexVariable("x", [3, 1, 2]), xarray.IndexVariable("x", [3, 1, 2])
    assert ours.to_index().equals(theirs.to_index())
    assert ours.name == theirs.name and ours.dtype == theirs.dtype
    mi = pd.MultiIndex.from_arrays([["a", "b"], [1, 2]], names=["letter", "num"])
    assert IndexVariable("x", mi).level_names == xarray.IndexVariable("x", mi).level_names
    np.testing.assert_array_equal(
        IndexVariable("x", mi).get_level_variable("num").values,
        xarray.IndexVariable("x", mi).get_level_variable("num").values,
    )
    ds = xarray.Dataset(coords={"x": [1, 2]})
    assert isinstance(ds.x.variable, xarray.IndexVariable)
    assert isinstance(xr.Dataset(coords={"x": [1, 2]}).x.variable, IndexVariable)
