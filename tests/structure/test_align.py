"""Tests of labarray.structure.align / aligner / reindex.

Most tests run on ``Box``, a minimal test-only alignable object (Variables + real indexes, the
Dataset-like protocol of labarray.structure.aligner.Alignable), so the alignment machinery is
tested on its own; tests at the end use the real DataArray/Dataset when they exist.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labarray.indexes import Indexes, PandasIndex, PandasMultiIndex
from labarray.structure.align import (
    AlignmentError,
    align,
    broadcast,
    broadcast_variables_to,
    deep_align,
    reindex,
    reindex_like,
    reindex_variables,
)
from labarray.variable import Variable


class Box:
    """Dataset-like alignable: ``_variables``, ``_coord_names`` and indexes by coordinate name."""

    def __init__(
        self,
        variables: Mapping[Hashable, Variable],
        coord_names: set[Hashable],
        indexes: Mapping[Hashable, Any],
    ):
        self._variables = dict(variables)
        self._coord_names = set(coord_names)
        self._indexes = dict(indexes)
        self.reindex_calls: list[dict[str, Any]] = []

    @classmethod
    def build(cls, data_vars: Mapping[Hashable, Any], coords: Mapping[Hashable, Any] | None = None):
        variables: dict[Hashable, Variable] = {}
        indexes: dict[Hashable, Any] = {}
        for name, value in (coords or {}).items():
            if isinstance(value, PandasIndex):
                index_vars = value.create_variables()
                variables.update(index_vars)
                indexes.update(dict.fromkeys(index_vars, value))
            elif isinstance(value, tuple):
                variables[name] = Variable(*value)
            else:
                index = PandasIndex(np.asarray(value), name)
                variables.update(index.create_variables())
                indexes[name] = index
        coord_names = set(variables)
        for name, (dims, values) in data_vars.items():
            variables[name] = Variable(dims, values)
        return cls(variables, coord_names, indexes)

    @property
    def xindexes(self) -> Indexes:
        return Indexes(self._indexes, {k: self._variables[k] for k in self._indexes})

    @property
    def sizes(self) -> dict[Hashable, int]:
        sizes: dict[Hashable, int] = {}
        for var in self._variables.values():
            sizes.update(zip(var.dims, var.shape, strict=True))
        return sizes

    @property
    def dims(self) -> tuple[Hashable, ...]:
        return tuple(self.sizes)

    def __getitem__(self, name: Hashable) -> Variable:
        return self._variables[name]

    def copy(self, deep: bool = True) -> Box:
        return Box(
            {k: v.copy(deep=deep) for k, v in self._variables.items()},
            self._coord_names,
            self._indexes,
        )

    def _reindex_with_indexers(
        self,
        indexes,
        index_variables,
        dim_pos_indexers,
        fill_value,
        exclude_dims,
        copy,
        **kwargs,
    ) -> Box:
        self.reindex_calls.append({"dim_pos_indexers": dim_pos_indexers, **kwargs})
        others = {k: v for k, v in self._variables.items() if k not in index_variables}
        new = reindex_variables(
            others, dim_pos_indexers, fill_value, kwargs.get("exclude_vars", frozenset()), copy
        )
        new.update(index_variables)
        new_indexes = dict(self._indexes)
        new_indexes.update(indexes)
        return Box(new, self._coord_names | set(index_variables), new_indexes)

    def _replace_variables(self, variables: Mapping[Hashable, Variable]) -> Box:
        new = dict(self._variables)
        new.update(variables)
        return Box(new, self._coord_names, self._indexes)


def box1d(values, labels, dim="x", name="a") -> Box:
    return Box.build({name: (dim, np.asarray(values))}, {dim: labels})


def labels(box: Box, dim: Hashable = "x") -> list:
    return box.xindexes[dim].to_pandas_index().tolist()


# -- reindex_variables -----------------------------------------------------------------------


def test_reindex_variables_without_fill_keeps_int_dtype():
    v = Variable("x", np.array([10, 20, 30]))
    out = reindex_variables({"a": v}, {"x": np.array([2, 0])})["a"]
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out.values, [30, 10])


def test_reindex_variables_with_fill_promotes_int_to_float():
    v = Variable("x", np.array([10, 20, 30]))
    out = reindex_variables({"a": v}, {"x": np.array([2, -1])})["a"]
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out.values, [30.0, np.nan])


def test_reindex_variables_fill_value_dict_and_scalar():
    a = Variable("x", np.array([1, 2]))
    b = Variable("x", np.array([1.5, 2.5]))
    out = reindex_variables({"a": a, "b": b}, {"x": np.array([-1, 1])}, fill_value={"a": 0})
    assert out["a"].dtype == np.int64
    np.testing.assert_array_equal(out["a"].values, [0, 2])
    np.testing.assert_array_equal(out["b"].values, [np.nan, 2.5])
    out = reindex_variables({"b": b}, {"x": np.array([-1, 1])}, fill_value=-9.0)
    np.testing.assert_array_equal(out["b"].values, [-9.0, 2.5])


def test_reindex_variables_datetime_fill_is_nat():
    t = Variable("x", np.array(["2000-01-01", "2000-01-02"], dtype="M8[ns]"))
    out = reindex_variables({"t": t}, {"x": np.array([1, -1])})["t"]
    assert out.dtype == np.dtype("M8[ns]")
    assert out.values[0] == np.datetime64("2000-01-02")
    assert np.isnat(out.values[1])


def test_reindex_variables_multi_dim_and_untouched_variables():
    v = Variable(("x", "y"), np.arange(6).reshape(2, 3))
    w = Variable("z", np.array([1, 2]))
    out = reindex_variables({"v": v, "w": w}, {"y": np.array([2, -1]), "x": np.array([1, 0])})
    np.testing.assert_array_equal(out["v"].values, [[5.0, np.nan], [2.0, np.nan]])
    assert out["v"].dims == ("x", "y")
    np.testing.assert_array_equal(out["w"].values, [1, 2])
    assert not np.shares_memory(out["w"].values, w.values)  # copy=True: deep copy


def test_reindex_variables_identity_indexer_and_copy_false_shares_data():
    data = np.array([1, 2, 3])
    v = Variable("x", data)
    out = reindex_variables({"a": v}, {"x": np.arange(3)}, copy=False)["a"]
    assert np.shares_memory(out.values, data)


def test_reindex_variables_exclude_vars():
    v = Variable("x", np.array([1, 2, 3]))
    out = reindex_variables({"a": v, "b": v}, {"x": np.array([0, -1])}, exclude_vars={"b"})
    assert out["a"].shape == (2,)
    assert out["b"].shape == (3,)


def test_reindex_variables_lazy_stays_lazy():
    pytest.importorskip("dask.array")
    from labarray.parallel.chunkmanager import is_chunked_array

    v = Variable("x", np.array([1, 2, 3])).chunk({"x": 2})
    filled = reindex_variables({"a": v}, {"x": np.array([2, -1, 0])})["a"]
    plain = reindex_variables({"a": v}, {"x": np.array([2, 0])})["a"]
    assert is_chunked_array(filled.data) and is_chunked_array(plain.data)
    np.testing.assert_array_equal(filled.values, [3.0, np.nan, 1.0])
    np.testing.assert_array_equal(plain.values, [3, 1])


@pytest.mark.parametrize(
    "indexer, match",
    [
        (np.array([[0, 1]]), "must be a 1-D integer array; got 2-D"),
        (np.array([0.0, 1.0]), "dimension 'x' must be a 1-D integer array.*float64"),
    ],
)
def test_reindex_variables_bad_indexer(indexer, match):
    with pytest.raises(TypeError, match=match):
        reindex_variables({"a": Variable("x", np.arange(3))}, {"x": indexer})


# -- broadcast_variables_to ------------------------------------------------------------------


def test_broadcast_variables_to_order_and_exclude():
    v = Variable("y", np.array([1, 2]))
    w = Variable(("y", "x"), np.zeros((2, 3)))
    e = Variable(("t",), np.arange(4))
    out = broadcast_variables_to({"v": v, "w": w, "e": e}, {"x": 3, "y": 2}, exclude={"t"})
    assert out["v"].dims == ("x", "y")
    np.testing.assert_array_equal(out["v"].values, [[1, 2]] * 3)
    assert out["w"].dims == ("x", "y")  # transposed to the order of dims_map
    np.testing.assert_array_equal(out["w"].values, np.zeros((3, 2)))
    assert out["e"].dims == ("x", "y", "t") and out["e"].shape == (3, 2, 4)
    assert broadcast_variables_to({"v": v}, {"y": 2})["v"] is v


def test_broadcast_variables_to_size_mismatch():
    with pytest.raises(ValueError, match="variable 'v': dimension 'y' has size 2 but the target"):
        broadcast_variables_to({"v": Variable("y", np.array([1, 2]))}, {"y": 3})


# -- align: joins ----------------------------------------------------------------------------


@pytest.fixture
def ab():
    a = box1d([1, 2, 3], [0, 1, 2])
    b = box1d([10, 20, 30], [1, 2, 3], name="b")
    return a, b


def test_align_inner(ab):
    a2, b2 = align(*ab)
    assert labels(a2) == labels(b2) == [1, 2]
    np.testing.assert_array_equal(a2["a"].values, [2, 3])
    np.testing.assert_array_equal(b2["b"].values, [10, 20])
    assert a2["a"].dtype == np.int64  # no fill needed: ints stay ints


def test_align_outer_fills_and_promotes(ab):
    a2, b2 = align(*ab, join="outer")
    assert labels(a2) == labels(b2) == [0, 1, 2, 3]
    np.testing.assert_array_equal(a2["a"].values, [1, 2, 3, np.nan])
    np.testing.assert_array_equal(b2["b"].values, [np.nan, 10, 20, 30])
    assert a2["a"].dtype == np.float64


@pytest.mark.parametrize("join, expected", [("left", [0, 1, 2]), ("right", [1, 2, 3])])
def test_align_left_right(ab, join, expected):
    a2, b2 = align(*ab, join=join)
    assert labels(a2) == labels(b2) == expected
    # the object whose index is the target is not reindexed at all
    untouched = a2 if join == "left" else b2
    assert untouched["a" if join == "left" else "b"].dtype == np.int64


def test_align_fill_value_scalar_and_dict(ab):
    a2, b2 = align(*ab, join="outer", fill_value={"a": -1})
    np.testing.assert_array_equal(a2["a"].values, [1, 2, 3, -1])
    assert a2["a"].dtype == np.int64
    assert np.isnan(b2["b"].values[0])
    a3, _ = align(*ab, join="outer", fill_value=0)
    np.testing.assert_array_equal(a3["a"].values, [1, 2, 3, 0])


def test_align_datetime_fill_nat():
    times = pd.date_range("2000-01-01", periods=3).values
    a = Box.build({"t": ("x", times)}, {"x": [0, 1, 2]})
    b = box1d([1, 2], [2, 3], name="b")
    a2, _ = align(a, b, join="outer")
    assert a2["t"].dtype == a["t"].dtype and a2["t"].dtype.kind == "M"
    assert np.isnat(a2["t"].values[-1])


def test_align_keeps_each_objects_coordinate_attrs(ab):
    a, b = ab
    a["x"].attrs = {"units": "m"}
    b["x"].attrs = {"units": "km"}
    for join in ("outer", "inner", "left", "right"):
        a2, b2 = align(a, b, join=join)
        assert a2["x"].attrs == {"units": "m"} and b2["x"].attrs == {"units": "km"}
    assert reindex(a, {"x": [1, 7]})["x"].attrs == {"units": "m"}


def test_align_exact(ab):
    a, b = ab
    a2, a3 = align(a, a.copy(), join="exact")
    assert labels(a2) == labels(a3) == [0, 1, 2]
    with pytest.raises(AlignmentError, match="join='exact'") as err:
        align(a, b, join="exact")
    message = str(err.value)
    assert "'x'" in message and "argument 0" in message and "argument 1" in message
    assert "labels only in the first: [0]" in message
    assert "labels only in the other: [3]" in message


def test_align_exact_shows_first_labels_only():
    a = box1d(np.arange(20), np.arange(20))
    b = box1d(np.arange(20), np.arange(100, 120))
    with pytest.raises(AlignmentError, match=r"\[0, 1, 2, 3, 4, \.\.\. \(15 more\)\]"):
        align(a, b, join="exact")


def test_align_override(ab):
    a, b = ab
    a2, b2 = align(a, b, join="override")
    assert labels(a2) == labels(b2) == [0, 1, 2]
    np.testing.assert_array_equal(b2["b"].values, [10, 20, 30])
    with pytest.raises(
        AlignmentError, match=r"join='override'.*'x' has size 3 in argument 0 and size 2"
    ):
        align(a, box1d([1, 2], [5, 6]), join="override")


def test_align_invalid_join(ab):
    with pytest.raises(ValueError, match=r"invalid join 'innr'.*did you mean 'inner'"):
        align(*ab, join="innr")


def test_align_not_alignable(ab):
    with pytest.raises(TypeError, match=r"align\(\) argument 1 is a list"):
        align(ab[0], [1, 2, 3])


def test_align_nothing_and_single():
    assert align() == ()
    a = box1d([1, 2], [0, 1])
    (a2,) = align(a)
    assert a2 is not a and labels(a2) == [0, 1]


# -- align: fast path, copy ------------------------------------------------------------------


def test_align_equal_indexes_not_reindexed_and_copy(ab):
    a, _ = ab
    twin = box1d([4, 5, 6], [0, 1, 2], name="b")  # equal but distinct index object
    a2, twin2 = align(a, twin, copy=False)
    assert labels(twin2) == [0, 1, 2]
    assert not a.reindex_calls and not twin.reindex_calls
    assert np.shares_memory(a2["a"].values, a["a"].values)
    a3, _ = align(a, twin, copy=True)
    assert not np.shares_memory(a3["a"].values, a["a"].values)


def test_align_duplicates_pass_when_equal():
    a = box1d([1, 2, 3], [0, 0, 1])
    b = box1d([4, 5, 6], [0, 0, 1], name="b")
    a2, b2 = align(a, b, join="outer")
    assert labels(a2) == labels(b2) == [0, 0, 1]


def test_align_duplicates_error_when_reindexing():
    a = box1d([1, 2, 3], [0, 0, 1])
    b = box1d([4, 5], [0, 2], name="b")
    with pytest.raises(
        AlignmentError, match=r"dimension 'x': the index of argument 0 has duplicate labels \[0\]"
    ):
        align(a, b, join="outer")


# -- align: unindexed dims, exclude, given indexes -------------------------------------------


def test_align_unindexed_size_mismatch_message():
    a = Box.build({"a": ("x", np.arange(3))})
    b = Box.build({"b": ("x", np.arange(4))})
    message = (
        "cannot align objects: dimension 'x' has size 3 in argument 0 and size 4 in argument 1, "
        "and no index to align them; add a coordinate or use isel to make sizes equal"
    )
    with pytest.raises(AlignmentError, match=f"^{message}$"):
        align(a, b)


def test_align_unindexed_vs_indexed_size_mismatch():
    a = box1d([1, 2, 3], [0, 1, 2])
    b = Box.build({"b": ("x", np.arange(4))})
    with pytest.raises(
        AlignmentError, match="'x' has size 4 in argument 1 without an index, but size 3 along"
    ):
        align(a, b)


def test_align_unindexed_gets_the_index():
    a = box1d([1, 2, 3], [5, 6, 7])
    b = Box.build({"b": ("x", np.arange(3))})
    a2, b2 = align(a, b)
    assert labels(a2) == labels(b2) == [5, 6, 7]
    np.testing.assert_array_equal(b2["b"].values, [0, 1, 2])


def test_align_exclude(ab):
    a, _ = ab
    c = Box.build({"c": (("x", "y"), np.zeros((3, 2)))}, {"x": [1, 2, 3], "y": [0, 1]})
    d = Box.build({"d": ("y", np.zeros(4))}, {"y": [0, 1, 2, 3]})
    c2, d2 = align(c, d, exclude="y", join="outer")
    assert labels(c2, "y") == [0, 1] and labels(d2, "y") == [0, 1, 2, 3]
    a2, c3 = align(a, c, exclude="y")  # x is still aligned
    assert labels(a2) == labels(c3) == [1, 2] and c3["c"].shape == (2, 2)
    with pytest.raises(AlignmentError, match="dimension 'y' has size 2 in argument 0 and size 3"):
        align(Box.build({"a": ("y", np.zeros(2))}), Box.build({"a": ("y", np.zeros(3))}))
    p, q = align(
        Box.build({"a": ("y", np.zeros(2))}), Box.build({"a": ("y", np.zeros(3))}), exclude=["y"]
    )
    assert p.sizes == {"y": 2} and q.sizes == {"y": 3}


def test_align_given_indexes(ab):
    a, b = ab
    a2, b2 = align(a, b, indexes={"x": [2, 3, 4]})
    assert labels(a2) == labels(b2) == [2, 3, 4]
    np.testing.assert_array_equal(a2["a"].values, [3, np.nan, np.nan])
    a3, _ = align(a, b, indexes={"x": pd.Index([0, 1], name="x")}, join="exact")
    np.testing.assert_array_equal(a3["a"].values, [1, 2])
    with pytest.raises(ValueError, match="along dimension 'x' have dimensions \\('y',\\)"):
        align(a, indexes={"x": Variable("y", np.array([1, 2]))})


def test_align_multiindex():
    mi = pd.MultiIndex.from_product([["a", "b"], [0, 1]], names=["one", "two"])
    a = Box.build({"v": ("x", np.arange(4))}, {"x": PandasMultiIndex(mi, "x")})
    b = Box.build({"w": ("x", np.arange(2))}, {"x": PandasMultiIndex(mi[1:3], "x")})
    a2, b2 = align(a, b)
    assert a2.xindexes["x"].to_pandas_index().tolist() == [("a", 1), ("b", 0)]
    np.testing.assert_array_equal(a2["v"].values, [1, 2])
    assert set(a2.xindexes) == {"x", "one", "two"}
    np.testing.assert_array_equal(a2["one"].values, ["a", "b"])
    np.testing.assert_array_equal(b2["w"].values, [0, 1])  # equal index: not reindexed
    _, b3 = align(a, b, join="outer")
    np.testing.assert_array_equal(b3["w"].values, [np.nan, 0, 1, np.nan])


def test_align_conflicting_index_kinds():
    mi = pd.MultiIndex.from_product([["a", "b"], [0, 1]], names=["one", "two"])
    a = Box.build({"v": ("x", np.arange(4))}, {"x": PandasMultiIndex(mi, "x")})
    b = box1d(np.arange(4), np.arange(4))
    with pytest.raises(AlignmentError, match="coordinate 'x': it is indexed as"):
        align(a, b)


def test_align_lazy_inputs_stay_lazy(ab):
    pytest.importorskip("dask.array")
    from labarray.parallel.chunkmanager import is_chunked_array

    a, b = ab
    lazy = Box({**a._variables, "a": a["a"].chunk({"x": 2})}, a._coord_names, a._indexes)
    a2, _ = align(lazy, b, join="outer")
    assert is_chunked_array(a2["a"].data)
    np.testing.assert_array_equal(a2["a"].values, [1, 2, 3, np.nan])


# -- reindex, reindex_like, deep_align -------------------------------------------------------


def test_reindex_basic_and_methods():
    a = box1d([1, 2, 3], [0, 1, 2])
    r = reindex(a, {"x": [2, 3]})
    assert labels(r) == [2, 3]
    np.testing.assert_array_equal(r["a"].values, [3, np.nan])
    near = reindex(a, {"x": [0.9, 3.0]}, method="nearest", tolerance=0.5)
    np.testing.assert_array_equal(near["a"].values, [2, np.nan])
    ffill = reindex(a, {"x": [0.5, 5.0]}, method="ffill")
    np.testing.assert_array_equal(ffill["a"].values, [1, 3])


def test_reindex_unindexed_dim_attaches_or_raises():
    a = Box.build({"a": ("x", np.arange(3))})
    r = reindex(a, {"x": [10, 11, 12]})
    assert labels(r) == [10, 11, 12]
    with pytest.raises(AlignmentError, match="'x' has size 3 in argument 0 without an index"):
        reindex(a, {"x": [1, 2]})


def test_reindex_bad_input():
    a = box1d([1, 2, 3], [0, 1, 2])
    with pytest.raises(ValueError, match=r"invalid reindex method 'neareast'.*did you mean"):
        reindex(a, {"x": [1]}, method="neareast")
    with pytest.raises(ValueError, match="tolerance was given without a method"):
        reindex(a, {"x": [1]}, tolerance=1)
    with pytest.raises(ValueError, match=r"dimension 'xx' not found.*did you mean 'x'"):
        reindex(a, {"xx": [1]})
    with pytest.raises(TypeError, match=r"must be 1-dimensional.*scalar 1"):
        reindex(a, {"x": 1})
    with pytest.raises(TypeError, match="indexers must be a mapping"):
        reindex(a, [1, 2])


def test_reindex_exclude_vars_is_forwarded():
    a = Box.build({"a": ("x", np.arange(3)), "b": ("x", np.arange(3))}, {"x": [0, 1, 2]})
    r = reindex(a, {"x": [1, 5]}, exclude_vars={"b"})
    assert a.reindex_calls[-1]["exclude_vars"] == frozenset({"b"})
    assert r["b"].shape == (3,) and r["a"].shape == (2,)


def test_reindex_like():
    a = box1d([1, 2, 3], [0, 1, 2])
    b = box1d([0, 0], [2, 0], name="b")
    np.testing.assert_array_equal(reindex_like(a, b)["a"].values, [3, 1])
    c = Box.build({"c": ("x", np.zeros(5))})
    with pytest.raises(AlignmentError, match="'x' has size 3 here and size 5 in the other"):
        reindex_like(a, c)


def test_deep_align():
    a = box1d([1, 2], [0, 1])
    b = box1d([3, 4], [1, 2], name="b")
    out = deep_align([a, {"b": b, "c": 5}, 7], join="outer", raise_on_invalid=False)
    assert labels(out[0]) == labels(out[1]["b"]) == [0, 1, 2]
    assert out[1]["c"] == 5 and out[2] == 7
    # values whose key is in ``indexes`` are about to be overwritten: left alone
    out = deep_align([{"x": b, "a": a}], indexes={"x": [1]})
    assert out[0]["x"] is b and labels(out[0]["a"]) == [1]
    with pytest.raises(TypeError, match="deep_align item 1 is a int"):
        deep_align([a, 3])


# -- broadcast -------------------------------------------------------------------------------


def test_broadcast_boxes():
    a = Box.build({"a": ("x", np.array([1, 2, 3]))}, {"x": [0, 1, 2]})
    b = Box.build({"b": ("y", np.array([5, 6]))}, {"y": [10, 20]})
    a2, b2 = broadcast(a, b)
    assert a2["a"].dims == ("x", "y") and b2["b"].dims == ("x", "y")
    np.testing.assert_array_equal(b2["b"].values, [[5, 6]] * 3)
    assert labels(a2, "y") == [10, 20] and labels(b2, "x") == [0, 1, 2]
    assert a2["x"].dims == ("x",)  # coordinates are not broadcast


def test_broadcast_aligns_and_excludes():
    a = Box.build({"a": ("x", np.array([1, 2]))}, {"x": [0, 1]})
    b = Box.build({"b": (("x", "t"), np.ones((2, 3)))}, {"x": [1, 2]})
    c = Box.build({"c": ("t", np.arange(5))})
    a2, b2 = broadcast(a, b)
    assert labels(b2) == [0, 1, 2] and b2["b"].dims == ("x", "t")
    assert labels(a2) == [0, 1, 2] and a2["a"].dims == ("x", "t")
    b3, c3 = broadcast(b, c, exclude="t")
    assert b3["b"].shape == (2, 3)
    assert c3["c"].dims == ("x", "t") and c3["c"].shape == (2, 5)


def test_broadcast_bad_input():
    with pytest.raises(TypeError, match=r"broadcast\(\) argument 0 is a int"):
        broadcast(1)


# -- properties ------------------------------------------------------------------------------

sorted_unique = st.lists(st.integers(-50, 50), max_size=15, unique=True).map(sorted)


@settings(max_examples=40, deadline=None)
@given(sorted_unique, sorted_unique)
def test_inner_join_is_intersect1d(x, y):
    a2, b2 = align(
        box1d(np.arange(len(x)), np.array(x, dtype=int)),
        box1d(np.arange(len(y)), np.array(y, dtype=int), name="b"),
    )
    np.testing.assert_array_equal(labels(a2), np.intersect1d(x, y))
    np.testing.assert_array_equal(labels(b2), np.intersect1d(x, y))


@settings(max_examples=40, deadline=None)
@given(sorted_unique, sorted_unique, st.sampled_from(["inner", "outer", "left", "right"]))
def test_align_is_idempotent(x, y, join):
    a = box1d(np.arange(len(x), dtype=float), np.array(x, dtype=int))
    b = box1d(np.arange(len(y), dtype=float), np.array(y, dtype=int), name="b")
    a2, b2 = align(a, b, join=join)
    a3, b3 = align(a2, b2, join=join)
    assert labels(a3) == labels(a2) and labels(b3) == labels(b2)
    np.testing.assert_array_equal(a3["a"].values, a2["a"].values)
    assert not a2.reindex_calls and not b2.reindex_calls  # already aligned: fast path


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(-50, 50), max_size=10), st.sampled_from(["inner", "outer", "exact"]))
def test_align_with_itself_is_unchanged(x, join):
    a = box1d(np.arange(len(x)), np.array(x, dtype=int))
    a2, a3 = align(a, a, join=join)
    assert labels(a2) == labels(a3) == x
    np.testing.assert_array_equal(a2["a"].values, a["a"].values)
    assert a2["a"].dtype == a["a"].dtype


# -- real DataArray / Dataset ----------------------------------------------------------------

la = pytest.importorskip("labarray.dataarray")


def make(values, x, name="a", dims="x"):
    import labarray

    return labarray.DataArray(np.asarray(values), dims=dims, coords={dims: x}, name=name)


def test_dataarray_align_joins():
    import labarray

    a = make([1, 2, 3], [0, 1, 2])
    b = make([10, 20], [1, 5], name="b")
    a2, b2 = labarray.align(a, b, join="outer")
    np.testing.assert_array_equal(a2.x.values, [0, 1, 2, 5])
    np.testing.assert_array_equal(b2.values, [np.nan, 10, np.nan, 20])
    assert a2.name == "a" and b2.name == "b"
    a3, _ = labarray.align(a, b)
    assert a3.dtype == np.int64 and a3.values.tolist() == [2]
    with pytest.raises(AlignmentError, match="join='exact'"):
        labarray.align(a, b, join="exact")


def test_dataset_align_fill_value_dict_and_broadcast():
    import labarray

    ds = labarray.Dataset(
        {"v": ("x", np.array([1, 2, 3])), "w": ("x", np.array([1.0, 2.0, 3.0]))},
        coords={"x": [0, 1, 2]},
    )
    b = make([10, 20], [1, 5], name="b")
    d2, _ = labarray.align(ds, b, join="outer", fill_value={"v": -1})
    np.testing.assert_array_equal(d2["v"].values, [1, 2, 3, -1])
    np.testing.assert_array_equal(d2["w"].values, [1, 2, 3, np.nan])
    z = labarray.DataArray(np.arange(4), dims="z", coords={"z": [5, 6, 7, 8]})
    d3, z3 = labarray.broadcast(ds, z)
    assert d3["v"].dims == ("x", "z") and z3.dims == ("x", "z")
    np.testing.assert_array_equal(z3.x.values, [0, 1, 2])


def test_dataarray_broadcast_order_and_exclude():
    import labarray

    a = labarray.DataArray(np.array([1, 2, 3]), dims="x")
    b = labarray.DataArray(np.zeros((2, 3)), dims=("y", "x"))
    assert [o.dims for o in labarray.broadcast(a, b)] == [("x", "y"), ("x", "y")]
    assert [o.dims for o in labarray.broadcast(b, a)] == [("y", "x"), ("y", "x")]
    c = labarray.DataArray(np.zeros((4, 2)), dims=("t", "y"))
    assert [o.dims for o in labarray.broadcast(a, c, exclude="t")] == [
        ("x", "y"),
        ("x", "y", "t"),
    ]


def test_dataarray_reindex_engine():
    import labarray

    t = pd.date_range("2000-01-01", periods=3)
    da = labarray.DataArray(np.array([1, 2, 3]), dims="t", coords={"t": t})
    r = reindex(da, {"t": t + pd.Timedelta("1h")}, method="nearest", tolerance=pd.Timedelta("2h"))
    np.testing.assert_array_equal(r.values, [1, 2, 3])
    assert r.dtype == np.int64
    r = reindex(da, {"t": t + pd.Timedelta("1h")})
    assert np.isnan(r.values).all()
    with pytest.raises(AlignmentError, match="along dimension 't' have dimensions"):
        reindex(da, {"t": labarray.DataArray(t.values, dims="u")})


def test_dataarray_align_exclude_reindexes_other_dims():
    import labarray

    a = labarray.DataArray(np.zeros((3, 2)), dims=("x", "y"), coords={"x": [1, 2, 3], "y": [0, 1]})
    b = labarray.DataArray(np.zeros(4), dims="y", coords={"y": [0, 1, 2, 3]})
    c = labarray.DataArray(np.zeros(2), dims="x", coords={"x": [1, 2]})
    a2, b2, c2 = labarray.align(a, b, c, exclude="y")
    assert a2.sizes == {"x": 2, "y": 2} and b2.sizes == {"y": 4} and c2.sizes == {"x": 2}


@pytest.mark.compat
@pytest.mark.parametrize("join", ["inner", "outer", "left", "right", "override"])
def test_align_matches_xarray(join):
    xr = pytest.importorskip("xarray")
    import labarray

    rng = np.random.default_rng(0)
    x1, x2 = np.array([0, 1, 2, 4]), np.array([1, 2, 3, 4])
    v1, v2 = rng.integers(0, 9, 4), rng.normal(size=(4, 2))
    ours = labarray.align(
        labarray.DataArray(v1, dims="x", coords={"x": x1}),
        labarray.Dataset({"v": (("x", "y"), v2)}, coords={"x": x2, "y": ["a", "b"]}),
        join=join,
    )
    theirs = xr.align(
        xr.DataArray(v1, dims="x", coords={"x": x1}),
        xr.Dataset({"v": (("x", "y"), v2)}, coords={"x": x2, "y": ["a", "b"]}),
        join=join,
    )
    np.testing.assert_array_equal(ours[0].values, theirs[0].values)
    assert ours[0].dtype == theirs[0].dtype
    np.testing.assert_array_equal(ours[1]["v"].values, theirs[1]["v"].values)
    np.testing.assert_array_equal(ours[1].x.values, theirs[1].x.values)


@pytest.mark.compat
def test_broadcast_matches_xarray():
    xr = pytest.importorskip("xarray")
    import labarray

    args = [
        (np.arange(3), "x", {"x": [1, 2, 3]}),
        (np.arange(8).reshape(4, 2), ("t", "x"), {"x": [2, 3]}),
    ]
    ours = labarray.broadcast(*(labarray.DataArray(v, dims=d, coords=c) for v, d, c in args))
    theirs = xr.broadcast(*(xr.DataArray(v, dims=d, coords=c) for v, d, c in args))
    for o, t in zip(ours, theirs, strict=True):
        assert o.dims == t.dims
        np.testing.assert_array_equal(o.values, t.values)
        np.testing.assert_array_equal(o.x.values, t.x.values)
