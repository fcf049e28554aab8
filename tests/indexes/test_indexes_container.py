from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labarray.indexes import (
    Index,
    Indexes,
    PandasIndex,
    PandasMultiIndex,
    assert_no_index_corrupted,
    create_default_index_implicit,
    default_indexes,
    filter_indexes_from_coords,
    indexes_all_equal,
    indexes_equal,
    isel_indexes,
    roll_indexes,
)
from labarray.indexes.base import get_pandas_index
from labarray.variable import Variable


@pytest.fixture
def indexes():
    x = PandasIndex([10, 20, 30], "x")
    mi = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["letter", "num"])
    m = PandasMultiIndex(mi, "z")
    variables = {**x.create_variables(), **m.create_variables()}
    idx = {"x": x, **dict.fromkeys(["z", "letter", "num"], m)}
    return Indexes(idx, variables)


def test_mapping_and_views(indexes):
    assert list(indexes) == ["x", "z", "letter", "num"]
    assert len(indexes) == 4
    assert "letter" in indexes
    assert dict(indexes.dims) == {"x": 3, "z": 4}
    assert set(indexes.variables) == {"x", "z", "letter", "num"}
    assert len(indexes.get_unique()) == 2


def test_getitem_unknown_suggests(indexes):
    with pytest.raises(
        KeyError, match=r"indexed coordinate 'lettre' not found.*did you mean 'letter'"
    ):
        indexes["lettre"]


def test_constructor_needs_variables():
    with pytest.raises(ValueError, match=r"missing: x"):
        Indexes({"x": PandasIndex([1], "x")}, {})


def test_is_multi_and_all_coords(indexes):
    assert indexes.is_multi("num")
    assert not indexes.is_multi("x")
    assert list(indexes.get_all_coords("num")) == ["z", "letter", "num"]
    assert indexes.get_all_dims("letter") == {"z": 4}
    assert indexes.get_all_coords("nope", errors="ignore") == {}
    with pytest.raises(KeyError, match=r"'nope' not found"):
        indexes.get_all_coords("nope")
    with pytest.raises(ValueError, match=r"errors must be 'raise' or 'ignore'"):
        indexes.get_all_coords("x", errors="warn")


def test_group_by_index(indexes):
    groups = indexes.group_by_index()
    assert [list(v) for _, v in groups] == [["x"], ["z", "letter", "num"]]


def test_to_pandas_indexes(indexes):
    pd_indexes = indexes.to_pandas_indexes()
    assert isinstance(pd_indexes["x"], pd.Index)
    assert isinstance(pd_indexes["letter"], pd.MultiIndex)
    assert isinstance(pd_indexes.to_pandas_indexes()["x"], pd.Index)


def test_copy_indexes(indexes):
    new_indexes, new_vars = indexes.copy_indexes(deep=True)
    assert new_indexes["x"] is not indexes["x"]
    assert new_indexes["x"].equals(indexes["x"])
    assert new_indexes["letter"] is new_indexes["num"]
    assert set(new_vars) == {"x", "z", "letter", "num"}
    shallow, _ = indexes.copy_indexes(deep=False)
    assert shallow["x"].index is indexes["x"].index


def test_repr(indexes):
    text = repr(indexes)
    assert text.startswith("Indexes:")
    assert "letter" in text
    assert repr(Indexes()) == "Indexes:\n    *empty*"


def test_create_default_index_implicit():
    var = Variable("x", np.array(["a", "b"]), attrs={"units": "1"})
    idx, variables = create_default_index_implicit(var)
    assert list(idx) == ["x"]
    assert variables["x"].attrs == {"units": "1"}
    assert variables["x"].dtype == np.dtype("<U1")
    idx, variables = create_default_index_implicit(Variable("y", [1, 2]), "station")
    assert idx["station"].dim == "y"


def test_create_default_index_implicit_multiindex():
    mi = pd.MultiIndex.from_arrays([["a", "b"], [1, 2]], names=["l", "n"])
    from labarray.variable.indexing import PandasIndexingAdapter

    var = Variable("x", PandasIndexingAdapter(mi))
    idx, variables = create_default_index_implicit(var, {"other": Variable("x", [0, 0])})
    assert list(idx) == ["x", "l", "n"]
    assert variables["l"].values.tolist() == ["a", "b"]
    assert isinstance(idx["l"], PandasMultiIndex)
    with pytest.raises(ValueError, match=r"conflicting multi-index level name 'l'"):
        create_default_index_implicit(var, {"l": Variable("x", ["q", "r"])})
    with pytest.raises(ValueError, match=r"1-dimensional coordinate"):
        create_default_index_implicit(Variable(("x", "y"), [[1]]))


def test_default_indexes():
    coords = {
        "x": Variable("x", [1, 2]),
        "lat": Variable("x", [5.0, 6.0]),
        "y": Variable(("x", "y"), [[1], [2]]),
    }
    result = default_indexes(coords, ["x", "y"])
    assert list(result) == ["x"]
    assert isinstance(result["x"], PandasIndex)


def test_isel_indexes(indexes):
    new, new_vars = isel_indexes(indexes, {"x": 1, "z": slice(0, 2)})
    assert "x" not in new
    assert set(new) == {"z", "letter", "num"}
    assert new["letter"] is new["num"]
    assert len(new["z"].index) == 2
    assert set(new_vars) == {"z", "letter", "num"}
    unchanged, none = isel_indexes({"x": indexes["x"]}, {"y": 0})
    assert unchanged["x"] is indexes["x"] and none == {}


def test_isel_indexes_plain_dict_needs_dims():
    class Custom(Index):
        pass

    with pytest.raises(TypeError, match=r"cannot tell the dimensions of a Custom"):
        isel_indexes({"c": Custom()}, {"x": 0})


def test_roll_indexes(indexes):
    new, new_vars = roll_indexes(indexes, {"x": 1})
    assert new["x"].index.tolist() == [30, 10, 20]
    assert new_vars["x"].values.tolist() == [30, 10, 20]
    assert new["z"] is indexes["z"]


def test_filter_indexes_from_coords(indexes):
    kept = filter_indexes_from_coords(indexes, {"x", "letter", "z"})
    assert list(kept) == ["x"]
    kept = filter_indexes_from_coords(indexes, {"z", "letter", "num"})
    assert list(kept) == ["z", "letter", "num"]


def test_assert_no_index_corrupted(indexes):
    assert_no_index_corrupted(indexes, {"x"})
    assert_no_index_corrupted(indexes, {"z", "letter", "num"})
    with pytest.raises(
        ValueError,
        match=r"cannot remove coordinate\(s\) 'letter', which would corrupt the PandasMultiIndex built from coordinates 'z', 'letter', 'num'",
    ):
        assert_no_index_corrupted(indexes, {"letter"})


def test_indexes_equal_and_all_equal():
    a = PandasIndex([1, 2], "x")
    b = PandasIndex([1, 2], "x")
    c = PandasIndex([1, 3], "x")
    va, vc = a.create_variables()["x"], c.create_variables()["x"]
    cache: dict = {}
    assert indexes_equal(a, b, va, va, cache)
    assert cache[(id(a), id(b))] is True
    assert not indexes_equal(a, c, va, vc)
    assert indexes_all_equal([(a, {"x": va}), (b, {"x": va})])
    assert not indexes_all_equal([(a, {"x": va}), (c, {"x": vc})])
    assert indexes_all_equal([(a, {"x": va})])

    class Custom(Index):
        pass

    one, two = Custom(), Custom()
    assert indexes_all_equal([(one, {"x": va}), (two, {"x": va})])
    assert not indexes_all_equal([(one, {"x": va}), (two, {"x": vc})])
    assert not indexes_all_equal([(one, {"x": va}), (a, {"x": va})])
    assert indexes_equal(one, two, va, va)


def test_get_pandas_index_level():
    mi = pd.MultiIndex.from_arrays([["a", "b"], [1, 2]], names=["l", "n"])
    from labarray.variable.indexing import PandasIndexingAdapter

    assert get_pandas_index(PandasIndexingAdapter(mi, level="n")).tolist() == [1, 2]
    assert get_pandas_index(np.array([1])) is None


def test_isel_and_roll_indexes_keep_attrs():
    x = PandasIndex([1.0, 2.0, 3.0], "x")
    var = Variable("x", [1.0, 2.0, 3.0], attrs={"units": "km"})
    _, new_vars = isel_indexes({"x": x}, {"x": [2, 0]}, variables={"x": var})
    assert new_vars["x"].attrs == {"units": "km"}
    _, new_vars = roll_indexes({"x": x}, {"x": 1}, variables={"x": var})
    assert new_vars["x"].attrs == {"units": "km"}
    _, new_vars = isel_indexes(Indexes({"x": x}, {"x": var}), {"x": slice(1, None)})
    assert new_vars["x"].attrs == {"units": "km"}
    _, new_vars = isel_indexes({"x": x}, {"x": slice(1, None)})
    assert new_vars["x"].attrs == {}
