from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labarray.indexes import PandasIndex, PandasMultiIndex


def _variable():
    from labarray.variable import Variable

    return Variable


@pytest.mark.compat
@pytest.mark.parametrize(
    "labels",
    [{"letter": "b"}, {"x": "a"}, {"x": ("a", 1)}, {"letter": "a", "num": 2}, {"num": 1}],
)
def test_sel_matches_xarray(labels):
    xr_indexes = pytest.importorskip("xarray.core.indexes")
    mi = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["letter", "num"])
    ours = PandasMultiIndex(mi, "x").sel(labels)
    theirs = xr_indexes.PandasMultiIndex(mi, "x").sel(labels)
    np.testing.assert_array_equal(
        np.arange(4)[ours.dim_indexers["x"]], np.arange(4)[theirs.dim_indexers["x"]]
    )
    assert set(ours.variables) == set(theirs.variables)
    assert set(ours.indexes) == set(theirs.indexes)
    assert ours.drop_coords == theirs.drop_coords
    assert ours.drop_indexes == theirs.drop_indexes
    assert ours.rename_dims == theirs.rename_dims


@pytest.fixture
def mindex():
    mi = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["letter", "num"])
    return PandasMultiIndex(mi, "x", level_coords_dtype={"letter": "<U1"})


# -- construction ------------------------------------------------------------------------------


def test_constructor_names_and_dtypes(mindex):
    assert mindex.level_names == ["letter", "num"]
    assert mindex.level_coords_dtype == {"letter": np.dtype("<U1"), "num": np.dtype("int64")}
    assert mindex.coord_dtype == np.dtype(object)
    unnamed = PandasMultiIndex(pd.MultiIndex.from_arrays([[1], [2]]), "z")
    assert unnamed.level_names == ["z_level_0", "z_level_1"]


def test_constructor_errors():
    with pytest.raises(TypeError, match=r"needs a pandas.MultiIndex, got Index"):
        PandasMultiIndex(pd.Index([1]), "x")
    mi = pd.MultiIndex.from_arrays([[1], [2]], names=["x", "y"])
    with pytest.raises(ValueError, match=r"conflicting multi-index level name 'x' with dimension"):
        PandasMultiIndex(mi, "x")
    mi = pd.MultiIndex.from_arrays([[1], [2]], names=["a", "b"])
    with pytest.raises(ValueError, match=r"level 'c' not found"):
        PandasMultiIndex(mi, "x", level_coords_dtype={"c": "i8"})


def test_from_variables_and_create_variables():
    Variable = _variable()
    variables = {
        "letter": Variable("x", np.array(["a", "b", "a"]), attrs={"long_name": "L"}),
        "num": Variable("x", np.array([1, 1, 2], dtype="i4")),
    }
    idx = PandasMultiIndex.from_variables(variables)
    assert idx.dim == "x"
    assert idx.level_coords_dtype == {"letter": np.dtype("<U1"), "num": np.dtype("i4")}
    new_vars = idx.create_variables(variables)
    assert list(new_vars) == ["x", "letter", "num"]
    assert new_vars["x"].dtype == np.dtype(object)
    assert new_vars["x"].values.tolist() == [("a", 1), ("b", 1), ("a", 2)]
    assert new_vars["letter"].dtype == np.dtype("<U1")
    assert new_vars["letter"].values.tolist() == ["a", "b", "a"]
    assert new_vars["letter"].attrs == {"long_name": "L"}
    assert new_vars["num"].dtype == np.dtype("i4")


def test_from_variables_errors():
    Variable = _variable()
    with pytest.raises(ValueError, match=r"needs coordinates sharing one dimension.*'a' on 'x'"):
        PandasMultiIndex.from_variables({"a": Variable("x", [1]), "b": Variable("y", [1])})
    with pytest.raises(ValueError, match=r"needs 1-dimensional coordinates"):
        PandasMultiIndex.from_variables({"a": Variable(("x", "y"), [[1]])})
    with pytest.raises(ValueError, match=r"at least one coordinate"):
        PandasMultiIndex.from_variables({})


def test_stack_and_unstack():
    Variable = _variable()
    idx = PandasMultiIndex.stack(
        {"a": Variable("a", np.array(["p", "q"])), "b": Variable("b", [3, 1, 2])}, "z"
    )
    assert idx.index.tolist() == [("p", 3), ("p", 1), ("p", 2), ("q", 3), ("q", 1), ("q", 2)]
    assert idx.level_coords_dtype["a"] == np.dtype("<U1")
    new_indexes, clean = idx.unstack()
    assert new_indexes["b"].index.tolist() == [3, 1, 2]
    assert new_indexes["a"].coord_dtype == np.dtype("<U1")
    assert isinstance(clean, pd.MultiIndex)


def test_stack_errors():
    Variable = _variable()
    # duplicate labels stack (sharing a level code), as in xarray
    assert list(PandasMultiIndex.stack({"a": Variable("a", [1, 1])}, "z").index) == [(1,), (1,)]
    with pytest.raises(ValueError, match=r"only 1-dimensional coordinates can be stacked"):
        PandasMultiIndex.stack({"a": Variable(("a", "b"), [[1]])}, "z")


def test_unstack_duplicates():
    mi = pd.MultiIndex.from_arrays([[1, 1], [2, 2]], names=["a", "b"])
    with pytest.raises(ValueError, match=r"cannot unstack dimension 'x'.*duplicate"):
        PandasMultiIndex(mi, "x").unstack()


def test_from_variables_maybe_expand():
    Variable = _variable()
    current = {"a": Variable("x", [1, 2])}
    idx, variables = PandasMultiIndex.from_variables_maybe_expand(
        "x", current, {"y": Variable("x", np.array(["p", "q"]))}
    )
    assert idx.level_names == ["a", "y"]
    assert list(variables) == ["x", "a", "y"]
    assert variables["x"].values.tolist() == [(1, "p"), (2, "q")]
    assert variables["y"].dtype == np.dtype("<U1")


def test_from_variables_maybe_expand_dimension_coordinate():
    Variable = _variable()
    current = {"x": Variable("x", [1, 2], attrs={"units": "m"})}
    idx, variables = PandasMultiIndex.from_variables_maybe_expand(
        "x", current, {"y": Variable("x", [3, 4])}
    )
    assert idx.level_names == ["x_level_0", "y"]
    assert list(variables) == ["x", "x_level_0", "y"]
    assert variables["x_level_0"].attrs == {"units": "m"}
    assert variables["x"].values.tolist() == [(1, 3), (2, 4)]


def test_from_variables_maybe_expand_errors():
    Variable = _variable()
    with pytest.raises(ValueError, match=r"sharing one dimension"):
        PandasMultiIndex.from_variables_maybe_expand(
            "x", {"a": Variable("x", [1, 2])}, {"y": Variable("z", [3, 4])}
        )


def test_from_variables_maybe_expand_existing_multiindex(mindex):
    Variable = _variable()
    current = mindex.create_variables()
    idx, variables = PandasMultiIndex.from_variables_maybe_expand(
        "x", current, {"extra": Variable("x", [0.5, 1.5, 2.5, 3.5])}
    )
    assert idx.level_names == ["letter", "num", "extra"]
    assert idx.level_coords_dtype["letter"] == np.dtype("<U1")
    assert variables["extra"].values.tolist() == [0.5, 1.5, 2.5, 3.5]


def test_keep_and_reorder_levels(mindex):
    kept = mindex.keep_levels({"num": None})
    assert type(kept) is PandasIndex
    assert kept.index.name == "num" and kept.dim == "x"
    reordered = mindex.reorder_levels({"num": None, "letter": None})
    assert reordered.level_names == ["num", "letter"]
    with pytest.raises(ValueError, match=r"level 'nm' not found.*did you mean 'num'"):
        mindex.keep_levels({"nm": None})
    with pytest.raises(ValueError, match=r"needs every level exactly once"):
        mindex.reorder_levels({"num": None})


# -- sel ---------------------------------------------------------------------------------------


def test_sel_all_levels_scalar(mindex):
    assert mindex.sel({"letter": "b", "num": 1}).dim_indexers == {"x": 2}
    assert mindex.sel({"x": ("b", 2)}).dim_indexers == {"x": 3}


def test_sel_one_level_drops_it(mindex):
    res = mindex.sel({"letter": "b"})
    assert res.dim_indexers == {"x": slice(2, 4)}
    assert res.drop_coords == ["x"]
    assert res.drop_indexes == ["letter"]
    assert res.rename_dims == {"x": "num"}
    assert list(res.indexes) == ["num"]
    assert res.indexes["num"].index.tolist() == [1, 2]
    assert res.variables["num"].dims == ("num",)
    # the selected level stays as a scalar coordinate of the level's dtype
    assert res.variables["letter"].dims == ()
    assert res.variables["letter"].dtype == np.dtype("<U1")
    assert res.variables["letter"].values == "b"


def test_sel_one_level_of_three_keeps_multiindex():
    mi = pd.MultiIndex.from_product([["a", "b"], [1, 2], [0.5]], names=["l", "n", "f"])
    res = PandasMultiIndex(mi, "x").sel({"l": "a"})
    new = res.indexes["x"]
    assert isinstance(new, PandasMultiIndex)
    assert new.level_names == ["n", "f"]
    assert set(res.indexes) == {"x", "n", "f"}
    assert set(res.variables) == {"x", "n", "f", "l"}
    assert res.drop_coords == []
    assert res.drop_indexes == ["l"]
    assert res.rename_dims == {}


def test_sel_scalar_on_dim_means_first_level(mindex):
    res = mindex.sel({"x": "a"})
    assert res.dim_indexers == {"x": slice(0, 2)}
    assert res.rename_dims == {"x": "num"}


def test_sel_list_slice_and_array(mindex):
    res = mindex.sel({"x": [("b", 1), ("a", 2)]})
    assert res.dim_indexers["x"].tolist() == [2, 1]
    assert mindex.sel({"x": slice(("a", 2), ("b", 1))}).dim_indexers == {"x": slice(1, 3)}
    res = mindex.sel({"num": [2]})
    assert res.dim_indexers["x"].tolist() == [1, 3]
    res = mindex.sel({"letter": slice("b", "b")})
    assert res.dim_indexers["x"].tolist() == [2, 3]
    mask = np.array([True, False, False, True])
    assert mindex.sel({"x": mask}).dim_indexers["x"] is mask


def test_sel_dict_label(mindex):
    assert mindex.sel({"x": {"letter": "a", "num": 2}}).dim_indexers == {"x": 1}


def test_sel_errors(mindex):
    with pytest.raises(KeyError, match=r"label 'c' not found in level 'letter'"):
        mindex.sel({"letter": "c"})
    with pytest.raises(KeyError, match=r"label 'c' not found in level 'letter'"):
        mindex.sel({"letter": "c", "num": 1})
    with pytest.raises(KeyError, match=r"label \('c', 1\) not found in the multi-index"):
        mindex.sel({"x": [("c", 1)]})
    with pytest.raises(ValueError, match=r"level 'leter' not found.*did you mean 'letter'"):
        mindex.sel({"leter": "a"})
    with pytest.raises(ValueError, match=r"not supported for the multi-index"):
        mindex.sel({"letter": "a"}, method="nearest")
    with pytest.raises(ValueError, match=r"has 3 items but the multi-index has 2 levels"):
        mindex.sel({"x": ("a", 1, 2)})
    with pytest.raises(ValueError, match=r"cannot select dimension 'x' and its levels"):
        mindex.sel({"x": ("a", 1), "num": 1})
    with pytest.raises(IndexError, match=r"boolean indexer for dimension 'x'"):
        mindex.sel({"x": np.array([True])})


def test_sel_variable_label(mindex):
    Variable = _variable()
    label = np.empty(2, dtype=object)
    label[:] = [("b", 2), ("a", 1)]
    res = mindex.sel({"x": Variable("pts", label)}).dim_indexers["x"]
    assert res.dims == ("pts",)
    assert res.values.tolist() == [3, 0]


# -- isel, alignment and the rest --------------------------------------------------------------


def test_isel(mindex):
    new = mindex.isel({"x": slice(1, 3)})
    assert isinstance(new, PandasMultiIndex)
    assert new.index.tolist() == [("a", 2), ("b", 1)]
    assert new.level_coords_dtype == mindex.level_coords_dtype
    assert mindex.isel({"x": 0}) is None


def test_join_and_reindex(mindex):
    other = PandasMultiIndex(
        pd.MultiIndex.from_tuples([("b", 2), ("c", 1)], names=["letter", "num"]), "x"
    )
    assert mindex.join(other, "inner").index.tolist() == [("b", 2)]
    assert len(mindex.join(other, "outer").index) == 5
    assert mindex.join(other, "left").index.equals(mindex.index)
    assert mindex.reindex_like(other)["x"].tolist() == [3, -1]
    renamed = PandasMultiIndex(pd.MultiIndex.from_tuples([("b", 2)], names=["l", "n"]), "x")
    with pytest.raises(ValueError, match=r"levels \['letter', 'num'\] and \['l', 'n'\] differ"):
        mindex.join(renamed)
    with pytest.raises(TypeError, match=r"cannot join a PandasMultiIndex with a PandasIndex"):
        mindex.join(PandasIndex([1], "x"))
    with pytest.raises(ValueError, match=r"invalid join 'diagonal'"):
        mindex.join(other, "diagonal")


def test_equals_rename_concat_roll_copy(mindex):
    assert mindex.equals(mindex.copy())
    assert not mindex.equals(PandasIndex([1, 2, 3, 4], "x"))
    renamed = mindex.rename({"letter": "char"}, {"x": "y"})
    assert renamed.level_names == ["char", "num"] and renamed.dim == "y"
    assert renamed.level_coords_dtype["char"] == np.dtype("<U1")
    assert mindex.rename({}, {}) is mindex
    both = PandasMultiIndex.concat([mindex, mindex.isel({"x": [0]})], "x")
    assert len(both.index) == 5
    rolled = mindex.roll({"x": 1})
    assert rolled.index[0] == ("b", 2)


def test_concat_errors(mindex):
    other = mindex.rename({"letter": "l"}, {})
    with pytest.raises(ValueError, match=r"with different levels"):
        PandasMultiIndex.concat([mindex, other], "x")
    with pytest.raises(ValueError, match=r"empty list"):
        PandasMultiIndex.concat([], "x")


def test_sel_scalar_level_coordinate_dtypes():
    mi = pd.MultiIndex.from_product([["a", "b"], [1.0, 2.0]], names=["letter", "val"])
    idx = PandasMultiIndex(mi, "x")
    assert idx.level_coords_dtype["letter"] == np.dtype(object)
    res = idx.sel({"letter": "a"})
    assert res.variables["letter"].dtype == np.dtype("<U1")
    res = idx.sel({"val": 2})
    assert res.variables["val"].dtype == np.float64
    assert res.variables["val"].values == 2.0
