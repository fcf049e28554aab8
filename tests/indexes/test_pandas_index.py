from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labarray.indexes import Index, IndexSelResult, PandasIndex, safe_cast_to_index
from labarray.indexes.base import as_numpy_dtype
from labarray.indexes.pandas_index import missing_labels_message, normalize_method


def _variable():
    from labarray.variable import Variable

    return Variable


# -- base class ------------------------------------------------------------------------------


class Opaque(Index):
    pass


def test_index_base_defaults():
    idx = Opaque()
    assert idx.isel({"x": 0}) is None
    assert idx.roll({"x": 1}) is None
    assert idx.rename({"a": "b"}, {}) is idx
    assert idx.equals(idx)
    assert not idx.equals(Opaque())
    assert idx.create_variables() == {}
    assert idx.create_variables({"a": 1}) == {"a": 1}
    assert isinstance(idx.copy(), Opaque)
    assert idx._repr_inline_(10) == "Opaque"


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda i: i.sel({"x": 1}), "Opaque does not support label-based selection"),
        (lambda i: i.to_pandas_index(), "Opaque does not support conversion"),
        (lambda i: i.join(i), "Opaque does not support alignment"),
        (lambda i: i.reindex_like(i), "Opaque does not support reindexing"),
        (lambda i: i[0], r"Opaque does not support positional indexing"),
        (lambda i: i.unstack(), "Opaque does not support unstack"),
        (lambda i: Opaque.from_variables({}, options={}), "Opaque does not support from_var"),
        (lambda i: Opaque.concat([i], "x"), "Opaque does not support concat"),
        (lambda i: Opaque.stack({}, "z"), "Opaque does not support stack .*'z'"),
    ],
)
def test_index_base_unsupported(call, match):
    with pytest.raises(TypeError, match=match):
        call(Opaque())


def test_index_sel_result_as_tuple():
    res = IndexSelResult({"x": 1}, drop_coords=["a"])
    assert res.as_tuple() == ({"x": 1}, {}, {}, ["a"], [], {})


# -- helpers -----------------------------------------------------------------------------------


def test_safe_cast_to_index_variants():
    assert safe_cast_to_index(np.array(["a", None], dtype=object)).dtype == np.dtype(object)
    assert safe_cast_to_index(np.array([1, 2], dtype=np.float16)).dtype == np.float64
    idx = pd.Index([1, 2])
    assert safe_cast_to_index(idx) is idx
    assert safe_cast_to_index([3, 4]).tolist() == [3, 4]
    assert safe_cast_to_index(pd.Series([1, 2])).tolist() == [1, 2]


def test_safe_cast_to_index_rejects_nd():
    with pytest.raises(ValueError, match=r"2-dimensional array to a pandas.Index"):
        safe_cast_to_index(np.zeros((2, 2)))


def test_as_numpy_dtype():
    assert as_numpy_dtype(np.dtype("i4")) == np.dtype("i4")
    assert as_numpy_dtype(pd.Index(["a"]).dtype) == np.dtype(object)
    assert as_numpy_dtype(pd.CategoricalIndex([1.5]).dtype) == np.float64
    assert as_numpy_dtype(pd.Index([1], dtype="Int64").dtype) == np.int64
    assert as_numpy_dtype(pd.date_range("2000", periods=1, tz="UTC").dtype) == np.dtype(object)


def test_normalize_method():
    assert normalize_method("bfill") == "backfill"
    assert normalize_method(None) is None
    with pytest.raises(ValueError, match=r"invalid selection method 'closest'"):
        normalize_method("closest")


# -- construction ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("array", "dtype"),
    [
        (np.array(["a", "bcd"]), np.dtype("<U3")),
        (np.array(["a", "b"], dtype=object), np.dtype(object)),
        (pd.Index(["a", "b"]), np.dtype(object)),
        (np.array([1, 2], dtype="i4"), np.dtype("i4")),
        (pd.date_range("2000", periods=3, unit="s"), np.dtype("M8[s]")),
        (pd.timedelta_range("1D", periods=2), np.dtype("m8[us]")),
        (pd.CategoricalIndex(["a", "b"]), np.dtype(object)),
    ],
)
def test_pandas_index_coord_dtype(array, dtype):
    idx = PandasIndex(array, "x")
    assert idx.coord_dtype == dtype
    assert idx.index.name == "x"
    assert idx.dim == "x"


def test_pandas_index_keeps_name_and_explicit_dtype():
    idx = PandasIndex(pd.Index([1, 2], name="lat"), "y", coord_dtype="f4")
    assert idx.index.name == "lat"
    assert idx.coord_dtype == np.float32


def test_pandas_index_rejects_multiindex():
    mi = pd.MultiIndex.from_arrays([[1], [2]])
    with pytest.raises(TypeError, match=r"use PandasMultiIndex"):
        PandasIndex(mi, "x")


def test_pandas_index_repr():
    assert "dim='x'" in repr(PandasIndex([1], "x"))


# -- sel ---------------------------------------------------------------------------------------


@pytest.fixture
def plev():
    return PandasIndex(np.array([100000, 92500, 85000, 70000]), "plev")


def test_sel_scalar_exact(plev):
    assert plev.sel({"plev": 85000}).dim_indexers == {"plev": 2}
    assert plev.sel({"plev": np.int64(70000)}).dim_indexers == {"plev": 3}
    assert plev.sel({"plev": np.array(92500)}).dim_indexers == {"plev": 1}


def test_sel_missing_scalar_message(plev):
    with pytest.raises(KeyError) as info:
        plev.sel({"plev": 85001})
    msg = str(info.value)
    assert "label 85001 not found in dimension 'plev'" in msg
    assert "nearest labels: 92500, 85000" in msg
    assert "method='nearest'" in msg


def test_sel_missing_many_labels_message(plev):
    with pytest.raises(KeyError, match=r"labels 1, 2, 3, 4, 5 \(and 2 more\) not found"):
        plev.sel({"plev": [1, 2, 3, 4, 5, 6, 7, 85000]})


def test_sel_missing_string_label_suggests():
    idx = PandasIndex(np.array(["north", "south"]), "region")
    with pytest.raises(KeyError, match=r"label 'nort' not found.*did you mean 'north'"):
        idx.sel({"region": "nort"})
    with pytest.raises(KeyError, match=r"'nort'"):
        idx.sel({"region": ["south", "nort"]})


@pytest.mark.parametrize(
    ("method", "label", "expected"),
    [
        ("nearest", 86000, 2),
        ("nearest", 1e9, 0),
        ("nearest", -5.0, 3),
        # pandas semantics on a decreasing index: "pad" takes the previous position
        ("pad", 86000, 1),
        ("ffill", 86000, 1),
        ("backfill", 86000, 2),
        ("bfill", 86000, 2),
    ],
)
def test_sel_scalar_methods_decreasing(plev, method, label, expected):
    assert plev.sel({"plev": label}, method=method).dim_indexers == {"plev": expected}


def test_sel_tolerance(plev):
    assert plev.sel({"plev": 85010.0}, method="nearest", tolerance=20).dim_indexers == {"plev": 2}
    with pytest.raises(KeyError, match=r"within tolerance=5"):
        plev.sel({"plev": 85010.0}, method="nearest", tolerance=5)
    with pytest.raises(ValueError, match=r"tolerance=5 given without a method"):
        plev.sel({"plev": "a"}, tolerance=5)


def test_sel_pad_out_of_range():
    idx = PandasIndex([1.0, 2.0, 3.0], "x")
    with pytest.raises(KeyError, match=r"with method='pad'"):
        idx.sel({"x": 0.5}, method="pad")
    with pytest.raises(KeyError, match=r"with method='backfill'"):
        idx.sel({"x": 3.5}, method="backfill")


def test_sel_invalid_method(plev):
    with pytest.raises(ValueError, match=r"invalid selection method 'near'"):
        plev.sel({"plev": 1}, method="near")


def test_sel_scalar_non_monotonic_method():
    idx = PandasIndex([3, 1, 2], "x")
    assert idx.sel({"x": 1}).dim_indexers == {"x": 1}
    with pytest.raises(ValueError, match=r"not monotonic; sort it first with .sortby\('x'\)"):
        idx.sel({"x": 1.2}, method="nearest")


def test_sel_nan_label_uses_pandas():
    idx = PandasIndex([1.0, np.nan, 3.0], "x")
    assert idx.sel({"x": np.nan}).dim_indexers == {"x": 1}


def test_sel_duplicate_labels():
    idx = PandasIndex([1, 1, 2], "x")
    assert idx.sel({"x": 1}).dim_indexers == {"x": slice(0, 2)}
    assert idx.sel({"x": [2]}).dim_indexers["x"].tolist() == [2]
    with pytest.raises(ValueError, match=r"duplicate labels: 1"):
        idx.sel({"x": [1, 2]})
    with pytest.raises(KeyError, match=r"label 5 not found"):
        idx.sel({"x": [5]})


def test_sel_slice(plev):
    assert plev.sel({"plev": slice(92500, 70000)}).dim_indexers == {"plev": slice(1, 4)}
    assert plev.sel({"plev": slice(None, None, 2)}).dim_indexers == {"plev": slice(0, 4, 2)}
    res = plev.sel({"plev": slice(np.array(92500), None)}).dim_indexers["plev"]
    assert res == slice(1, 4)


def test_sel_slice_rejects_method(plev):
    with pytest.raises(ValueError, match=r"cannot be used with a slice"):
        plev.sel({"plev": slice(1, 2)}, method="nearest")


def test_sel_slice_unsorted_suggests_sortby():
    idx = PandasIndex([3, 1, 2], "x")
    with pytest.raises(KeyError, match=r"not sorted.*\.sortby\('x'\)"):
        idx.sel({"x": slice(0, 2.5)})


def test_sel_slice_incomparable_bounds():
    idx = PandasIndex([1, 2, 3], "x")
    with pytest.raises(TypeError, match=r"cannot be compared with the labels of dimension 'x'"):
        idx.sel({"x": slice("p", "q")})


def test_sel_array_and_list(plev):
    assert plev.sel({"plev": [70000, 100000]}).dim_indexers["plev"].tolist() == [3, 0]
    res = plev.sel({"plev": np.array([86000, 71000])}, method="nearest")
    assert res.dim_indexers["plev"].tolist() == [2, 3]
    assert plev.sel({"plev": []}).dim_indexers["plev"].tolist() == []


def test_sel_array_nd_rejected(plev):
    with pytest.raises(ValueError, match=r"must be 1-dimensional.*Variable or DataArray"):
        plev.sel({"plev": np.array([[70000]])})


def test_sel_boolean(plev):
    mask = np.array([True, False, True, False])
    assert plev.sel({"plev": mask}).dim_indexers["plev"] is not None
    with pytest.raises(IndexError, match=r"boolean indexer for dimension 'plev' has shape"):
        plev.sel({"plev": [True, False]})


def test_sel_dict_label_rejected(plev):
    with pytest.raises(TypeError, match=r"cannot use a dict as a label"):
        plev.sel({"plev": {"a": 1}})


def test_sel_needs_one_label(plev):
    with pytest.raises(ValueError, match=r"takes one label query"):
        plev.sel({"a": 1, "b": 2})


def test_sel_invalid_label_type():
    idx = PandasIndex([1, 2], "x")
    with pytest.raises(TypeError, match=r"invalid label .* for dimension 'x'"):
        idx.sel({"x": {1, 2}})


def test_sel_datetime_partial_strings():
    idx = PandasIndex(pd.date_range("2001-01-01", periods=100), "time")
    assert idx.sel({"time": "2001-03"}).dim_indexers == {"time": slice(59, 90)}
    assert idx.sel({"time": "2001-03-02"}).dim_indexers == {"time": 60}
    assert idx.sel({"time": np.datetime64("2001-01-03")}).dim_indexers == {"time": 2}
    res = idx.sel({"time": slice("2001-01-05", "2001-01-07")}).dim_indexers
    assert res == {"time": slice(4, 7)}
    res = idx.sel({"time": ["2001-01-02", "2001-01-01"]}).dim_indexers["time"]
    assert res.tolist() == [1, 0]
    res = idx.sel({"time": "2001-01-02T10"}, method="nearest").dim_indexers
    assert res == {"time": 1}
    with pytest.raises(KeyError, match=r"not found in dimension 'time'"):
        idx.sel({"time": "2002-01-01"})


def test_sel_variable_label_vectorized():
    Variable = _variable()
    idx = PandasIndex([10.0, 20.0, 30.0], "x")
    label = Variable(("station",), np.array([29.0, 11.0]))
    res = idx.sel({"x": label}, method="nearest").dim_indexers["x"]
    assert isinstance(res, Variable)
    assert res.dims == ("station",)
    assert res.values.tolist() == [2, 0]
    scalar = idx.sel({"x": Variable((), 20.0)}).dim_indexers["x"]
    assert scalar == 1


# -- fast path vs pandas -----------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    # values and labels on binary grids, so that distances (and ties) are exact
    values=st.lists(
        st.integers(-4000, 4000).map(lambda v: v / 4), min_size=1, max_size=20, unique=True
    ),
    label=st.integers(-9000, 9000).map(lambda v: v / 8) | st.integers(-1000, 1000),
    method=st.sampled_from(["nearest", "pad", "backfill"]),
    descending=st.booleans(),
)
def test_fast_path_matches_pandas(values, label, method, descending):
    values = sorted(values, reverse=descending)
    if method == "nearest":
        # reference: smallest distance, ties to the larger label (pandas' rule). pandas itself
        # can return -1 on a decreasing index when a label beyond the end ties after rounding.
        # Labels outside the range go to the closest end.
        distance = np.abs(np.array(values) - label)
        candidates = np.flatnonzero(distance == distance.min())
        expected = max(candidates, key=lambda i: values[i])
        if label <= min(values):
            expected = values.index(min(values))
        elif label >= max(values):
            expected = values.index(max(values))
    else:
        expected = pd.Index(values).get_indexer([label], method=method)[0]
    idx = PandasIndex(np.array(values), "x")
    if expected < 0:
        with pytest.raises(KeyError):
            idx.sel({"x": label}, method=method)
    else:
        assert idx.sel({"x": label}, method=method).dim_indexers == {"x": expected}


@settings(max_examples=100, deadline=None)
@given(
    values=st.lists(st.integers(-100, 100), min_size=1, max_size=30, unique=True),
    data=st.data(),
)
def test_sel_label_returns_its_position(values, data):
    idx = PandasIndex(np.array(values), "x")
    pos = data.draw(st.integers(0, len(values) - 1))
    assert idx.sel({"x": values[pos]}).dim_indexers == {"x": pos}
    assert idx.sel({"x": [values[pos]]}).dim_indexers["x"].tolist() == [pos]


# -- isel / create_variables --------------------------------------------------------------------


def test_isel():
    idx = PandasIndex([1, 2, 3, 4], "x")
    assert idx.isel({"x": 1}) is None
    assert idx.isel({"x": np.int64(1)}) is None
    assert idx.isel({"x": slice(1, 3)}).index.tolist() == [2, 3]
    assert idx.isel({"x": [3, 0]}).index.tolist() == [4, 1]
    assert idx.isel({"x": np.array(2)}) is None
    assert idx.isel({"x": np.zeros((2, 2), dtype=int)}) is None
    assert idx[1:].index.tolist() == [2, 3, 4]


def test_isel_variable_indexer():
    Variable = _variable()
    idx = PandasIndex([1, 2, 3], "x")
    assert idx.isel({"x": Variable(("y",), [0, 1])}) is None
    assert idx.isel({"x": Variable(("x",), [2, 0])}).index.tolist() == [3, 1]


def test_create_variables_no_copy_keeps_attrs():
    Variable = _variable()
    source = Variable(("x",), np.array(["a", "bb"]), attrs={"units": "m"}, encoding={"z": 1})
    idx = PandasIndex.from_variables({"x": source})
    var = idx.create_variables({"x": source})["x"]
    assert var.dims == ("x",)
    assert var.dtype == np.dtype("<U2")
    assert var.attrs == {"units": "m"}
    assert var.encoding == {"z": 1}
    assert var._data.array is idx.index
    assert var.values.tolist() == ["a", "bb"]


def test_from_variables_errors():
    Variable = _variable()
    with pytest.raises(ValueError, match=r"exactly one coordinate variable, got 2: 'a', 'b'"):
        PandasIndex.from_variables({"a": Variable("x", [1]), "b": Variable("x", [1])})
    with pytest.raises(ValueError, match=r"variable 'a' has dimensions \('x', 'y'\)"):
        PandasIndex.from_variables({"a": Variable(("x", "y"), [[1]])})


def test_from_variables_non_dim_name():
    Variable = _variable()
    idx = PandasIndex.from_variables({"lat2": Variable("y", [1.0, 2.0])})
    assert idx.dim == "y"
    assert idx.index.name == "lat2"
    assert list(idx.create_variables()) == ["lat2"]


@settings(max_examples=50, deadline=None)
@given(
    values=st.lists(st.integers(-50, 50), min_size=1, max_size=20),
    start=st.integers(-25, 25),
    stop=st.integers(-25, 25),
    step=st.integers(1, 3),
)
def test_isel_then_create_variables_matches_pandas(values, start, stop, step):
    idx = PandasIndex(np.array(values), "x")
    key = slice(start, stop, step)
    new = idx.isel({"x": key})
    var = new.create_variables()["x"]
    assert var.values.tolist() == pd.Index(values)[key].tolist()


# -- concat / join / reindex_like / equals / roll / rename / copy --------------------------------


def test_concat():
    a = PandasIndex(np.array([1, 2], dtype="i4"), "x")
    b = PandasIndex(np.array([3.5]), "x")
    new = PandasIndex.concat([a, b], "x")
    assert new.index.tolist() == [1, 2, 3.5]
    assert new.coord_dtype == np.float64
    new = PandasIndex.concat([a, b], "x", positions=[[0, 2], [1]])
    assert new.index.tolist() == [1, 3.5, 2]
    assert PandasIndex.concat([], "x").index.tolist() == []


def test_concat_errors():
    a = PandasIndex([1], "x")
    with pytest.raises(ValueError, match=r"some are on other dimensions \['y'\]"):
        PandasIndex.concat([a, PandasIndex([2], "y")], "x")
    with pytest.raises(ValueError, match=r"positions cover 1 items"):
        PandasIndex.concat([a, a], "x", positions=[[0], []])


@pytest.mark.parametrize(
    ("how", "expected"),
    [("outer", [1, 2, 3, 4]), ("inner", [2, 3]), ("left", [1, 2, 3]), ("right", [2, 3, 4])],
)
def test_join(how, expected):
    a = PandasIndex([1, 2, 3], "x")
    b = PandasIndex([2, 3, 4], "x")
    joined = a.join(b, how)
    assert joined.index.tolist() == expected
    assert joined.index.name == "x"


def test_join_errors():
    a = PandasIndex([1], "x")
    with pytest.raises(ValueError, match=r"invalid join 'exact-ish'"):
        a.join(a, "exact-ish")
    with pytest.raises(TypeError, match=r"cannot join a PandasIndex with a Opaque"):
        a.join(Opaque())


def test_reindex_like():
    a = PandasIndex([1.0, 2.0, 3.0], "x")
    b = PandasIndex([2.0, 5.0, 1.1], "x")
    assert a.reindex_like(b)["x"].tolist() == [1, -1, -1]
    assert a.reindex_like(b, method="nearest")["x"].tolist() == [1, 2, 0]
    assert a.reindex_like(b, method="nearest", tolerance=0.5)["x"].tolist() == [1, -1, 0]


def test_reindex_like_duplicates():
    a = PandasIndex([1, 1, 2, 2, 3], "x")
    with pytest.raises(
        ValueError, match=r"dimension 'x' because its index has duplicate labels: 1, 2"
    ):
        a.reindex_like(PandasIndex([1], "x"))


def test_equals():
    a = PandasIndex([1, 2], "x")
    assert a.equals(PandasIndex([1, 2], "x"))
    assert not a.equals(PandasIndex([1, 2], "y"))
    assert not a.equals(PandasIndex([1, 3], "x"))
    assert not a.equals(Opaque())


def test_roll():
    a = PandasIndex([1, 2, 3], "x")
    assert a.roll({"x": 1}).index.tolist() == [3, 1, 2]
    assert a.roll({"x": -4}).index.tolist() == [2, 3, 1]
    assert a.roll({"x": 3}).index.tolist() == [1, 2, 3]
    assert PandasIndex([], "x").roll({"x": 2}).index.tolist() == []


def test_rename():
    a = PandasIndex([1, 2], "x")
    assert a.rename({}, {}) is a
    b = a.rename({"x": "lat"}, {"x": "y"})
    assert (b.index.name, b.dim) == ("lat", "y")
    assert a.index.name == "x"


def test_copy():
    a = PandasIndex([1, 2], "x")
    deep = a.copy()
    assert deep.equals(a) and deep.index is not a.index
    assert a.copy(deep=False).index is a.index
    assert copy.deepcopy(a).equals(a)
    assert copy.copy(a).index is a.index


def test_missing_labels_message_empty_index():
    msg = missing_labels_message(pd.Index([], dtype=float), [1.0], "x")
    assert "the index is empty" in msg


@pytest.mark.compat
def test_sel_positions_match_xarray():
    xr_indexes = pytest.importorskip("xarray.core.indexes")
    values = np.linspace(-89.5, 89.5, 180)
    ours = PandasIndex(values, "lat")
    theirs = xr_indexes.PandasIndex(values, "lat")
    for label in [12.3, -89.9, 0.0, 89.5]:
        for method in [None, "nearest", "pad", "backfill"]:
            try:
                expected = theirs.sel({"lat": label}, method=method).dim_indexers["lat"]
            except KeyError:
                with pytest.raises(KeyError):
                    ours.sel({"lat": label}, method=method)
                continue
            assert ours.sel({"lat": label}, method=method).dim_indexers["lat"] == expected


def test_sel_unsigned_tolerance_and_huge_label():
    idx = PandasIndex(np.array([1, 5, 9], dtype="u8"), "x")
    assert idx.sel({"x": np.uint64(7)}, method="pad", tolerance=3).dim_indexers == {"x": 1}
    with pytest.raises(KeyError, match="with method='pad' within tolerance=1"):
        idx.sel({"x": np.uint64(7)}, method="pad", tolerance=1)
    with pytest.raises(KeyError, match="label 1180591620717411303424 not found"):
        idx.sel({"x": 2**70})


def test_sel_datetime_tolerance_message():
    idx = PandasIndex(pd.date_range("2000", periods=5, unit="s"), "time")
    label = np.datetime64("2000-01-04T05")
    tol = pd.Timedelta("6h")
    assert idx.sel({"time": label}, method="pad", tolerance=tol).dim_indexers == {"time": 3}
    with pytest.raises(KeyError, match=r"within tolerance=Timedelta.*ranges from 2000-01-01"):
        idx.sel({"time": [np.datetime64("2000-01-04T07")]}, method="pad", tolerance=tol)


def test_sel_categorical_and_timedelta():
    cat = PandasIndex(pd.CategoricalIndex(["a", "b", "c"]), "c")
    assert cat.sel({"c": "b"}).dim_indexers == {"c": 1}
    assert cat.sel({"c": ["c", "a"]}).dim_indexers["c"].tolist() == [2, 0]
    lag = PandasIndex(pd.timedelta_range("0h", periods=4, freq="h"), "lag")
    assert lag.sel({"lag": "2h"}).dim_indexers == {"lag": 2}
    assert lag.sel({"lag": slice("1h", "2h")}).dim_indexers == {"lag": slice(1, 3)}


def test_sel_range_and_dataarray_like_label():
    Variable = _variable()
    idx = PandasIndex([0, 1, 2, 3], "x")
    assert idx.sel({"x": range(1, 3)}).dim_indexers["x"].tolist() == [1, 2]

    class DataArrayLike:
        def __init__(self, variable):
            self.variable = variable
            self.dims = variable.dims

    label = DataArrayLike(Variable(("a", "b"), [[3, 0], [1, 2]]))
    res = idx.sel({"x": label}).dim_indexers["x"]
    assert res.dims == ("a", "b")
    assert res.values.tolist() == [[3, 0], [1, 2]]
    with pytest.raises(KeyError, match="label 7 not found in dimension 'x'"):
        idx.sel({"x": DataArrayLike(Variable("a", [7]))})
