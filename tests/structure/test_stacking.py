"""Tests of labarray.structure.stacking: stack, unstack, reorder_levels, to_stacked_array."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as la
from labarray.kernels.take import NA
from labarray.structure.stacking import (
    normalize_stack_dims,
    stack_dataset,
    stack_variable,
    unstack_dataset,
    unstack_variable,
)
from labarray.testing import assert_identical, raise_if_dask_computes
from labarray.testing import strategies as lst
from labarray.variable import Variable


def grid(**attrs: object) -> la.DataArray:
    return la.DataArray(
        np.arange(12).reshape(3, 4),
        dims=("x", "y"),
        coords={"x": [10, 20, 30], "y": list("abcd"), "xa": ("x", [1.0, 2.0, 3.0])},
        name="v",
        attrs=attrs,
    )


# -- Variables -------------------------------------------------------------------------------


def test_stack_variable_moves_stacked_dims_last_in_order() -> None:
    v = Variable(("x", "t", "y"), np.arange(24).reshape(2, 3, 4), attrs={"a": 1})
    out = stack_variable(v, ["y", "x"], "z")
    assert out.dims == ("t", "z")
    expected = np.transpose(v.values, (1, 2, 0)).reshape(3, 8)
    np.testing.assert_array_equal(out.values, expected)
    assert out.attrs == {"a": 1}


def test_stack_variable_rejects_existing_dim_and_unknown_dim() -> None:
    v = Variable(("x", "y"), np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"dimension 'x': a dimension of that name already exists"):
        stack_variable(v, ["y"], "x")
    with pytest.raises(ValueError, match=r"dimension 'yy' not found.*did you mean 'y'"):
        stack_variable(v, ["x", "yy"], "z")


def test_unstack_variable_complete_in_order_is_a_reshape_and_keeps_int() -> None:
    v = Variable(("t", "z"), np.arange(12).reshape(2, 6))
    out = unstack_variable(v, "z", {"a": 2, "b": 3}, np.arange(6))
    assert out.dims == ("t", "a", "b")
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out.values, np.arange(12).reshape(2, 2, 3))


def test_unstack_variable_fills_missing_and_promotes_only_then() -> None:
    v = Variable("z", np.array([1, 2, 3], dtype=np.int32))
    out = unstack_variable(v, "z", {"a": 2, "b": 2}, np.array([3, 0, 1]))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out.values, [[2.0, 3.0], [np.nan, 1.0]])
    kept = unstack_variable(v, "z", {"a": 2, "b": 2}, np.array([3, 0, 1]), fill_value=-7)
    assert kept.dtype == np.int32
    np.testing.assert_array_equal(kept.values, [[2, 3], [-7, 1]])


def test_normalize_stack_dims_expands_ellipsis_and_rejects_bad_forms() -> None:
    assert normalize_stack_dims(None, {"z": ("y", ...)}, ["x", "y", "t"]) == {"z": ("y", "x", "t")}
    assert normalize_stack_dims({"z": "x"}, {}, ["x"]) == {"z": ("x",)}
    with pytest.raises(ValueError, match=r"use \[\.\.\.\]"):
        normalize_stack_dims({"z": ...}, {}, ["x"])
    with pytest.raises(ValueError, match=r"at least one new dimension"):
        normalize_stack_dims(None, {}, ["x"])
    with pytest.raises(ValueError, match=r"more than once"):
        normalize_stack_dims({"z": ["x", "x"]}, {}, ["x"])
    with pytest.raises(ValueError, match=r"only once"):
        normalize_stack_dims({"z": [..., "x", ...]}, {}, ["x", "y"])
    with pytest.raises(ValueError, match=r"cannot specify both"):
        normalize_stack_dims({"z": ["x"]}, {"w": ["y"]}, ["x", "y"])


# -- stack -----------------------------------------------------------------------------------


def test_stack_dataarray_builds_multiindex_with_levels() -> None:
    out = grid(units="m").stack(z=("x", "y"))
    assert out.dims == ("z",)
    assert out.values.tolist() == list(range(12))
    index = out.xindexes["z"]
    assert isinstance(index, la.PandasMultiIndex)
    assert index.level_names == ["x", "y"]
    assert out.x.values.tolist() == [10] * 4 + [20] * 4 + [30] * 4
    assert out.y.dtype == np.dtype("<U1")
    assert out.xa.dims == ("z",)
    assert out.attrs == {"units": "m"}
    assert out.name == "v"


def test_stack_dataset_broadcasts_variables_missing_a_stacked_dim() -> None:
    ds = grid().to_dataset().assign(w=("x", [1.5, 2.5, 3.5]), s=((), 3))
    out = ds.stack(z=("x", "y"))
    assert out["w"].dims == ("z",)
    assert out["w"].values.tolist() == [1.5] * 4 + [2.5] * 4 + [3.5] * 4
    assert out["s"].dims == ()


def test_stack_new_dim_is_last_and_other_dims_keep_order() -> None:
    da = la.DataArray(np.zeros((2, 3, 4)), dims=("a", "b", "c"))
    assert da.stack(z=("a", "c")).dims == ("b", "z")
    assert da.stack(z=["c", ...]).dims == ("z",)


def test_stack_dimension_without_coordinate_gets_positions_as_level() -> None:
    out = grid().drop_vars("x").stack(z=("x", "y"))
    assert out.x.values.tolist() == [0] * 4 + [1] * 4 + [2] * 4
    assert "z" in out.xindexes


def test_stack_create_index_none_and_false() -> None:
    no_index = grid().drop_vars("x").stack(z=("x", "y"), create_index=None)
    assert "z" not in no_index.xindexes
    assert "z" not in no_index.coords
    plain = grid().stack(z=("x", "y"), create_index=False)
    assert "z" not in plain.xindexes
    assert plain.x.values.tolist() == [10] * 4 + [20] * 4 + [30] * 4
    assert "x" not in plain.xindexes


def test_stack_uses_the_given_index_class() -> None:
    class TaggedMultiIndex(la.PandasMultiIndex):
        __slots__ = ()

    out = grid().stack(z=("x", "y"), index_cls=TaggedMultiIndex)
    assert type(out.xindexes["z"]) is TaggedMultiIndex
    assert type(out.xindexes["x"]) is TaggedMultiIndex
    with pytest.raises(TypeError, match=r"^Index does not support stack \(creating dimension 'z'\)"):
        grid().stack(z=("x", "y"), index_cls=la.Index)


def test_stack_several_new_dims_at_once() -> None:
    da = la.DataArray(np.zeros((2, 3, 4, 5)), dims=("a", "b", "c", "d"))
    out = da.stack(z1=("a", "b"), z2=("c", "d"))
    assert out.sizes == {"z1": 6, "z2": 20}


def test_stack_bad_input() -> None:
    da = grid()
    with pytest.raises(ValueError, match=r"dimension 'yy' not found.*existing dimensions: x, y"):
        da.stack(z=("x", "yy"))
    with pytest.raises(ValueError, match=r"dimension 'x': a dimension of that name already exists"):
        da.stack(x=("y",))
    with pytest.raises(ValueError, match=r"variable or coordinate of that name"):
        da.stack(xa=("x", "y"))
    with pytest.raises(ValueError, match=r"at least one new dimension"):
        da.stack()


def test_stack_dask_is_lazy() -> None:
    chunked = grid().chunk({"x": 1})
    with raise_if_dask_computes():
        out = chunked.stack(z=("x", "y"))
    assert out.chunks is not None
    assert_identical(out.compute(), grid().stack(z=("x", "y")))


# -- unstack ---------------------------------------------------------------------------------


def test_unstack_round_trip_dataset_keeps_attrs_and_coords() -> None:
    ds = grid().drop_vars("xa").to_dataset().assign(w=(("y", "x"), np.ones((4, 3))))
    ds["x"].attrs["units"] = "km"
    out = ds.stack(z=("x", "y")).unstack("z")
    assert_identical(out, ds.transpose("x", "y"))
    assert out["x"].attrs == {"units": "km"}


def test_unstack_after_stack_leaves_partial_variables_broadcast() -> None:
    ds = grid().to_dataset()
    out = ds.stack(z=("x", "y")).unstack("z")
    assert out["xa"].dims == ("x", "y")
    assert_identical(out["xa"].isel(y=0, drop=True), ds["xa"])


def test_unstack_missing_combinations_fill() -> None:
    partial = grid().stack(z=("x", "y")).isel(z=[0, 5, 11])
    out = partial.unstack("z")
    assert out.dtype == np.float64
    assert out.sizes == {"x": 3, "y": 3}  # unused label 'c' is dropped
    assert out.y.values.tolist() == ["a", "b", "d"]
    assert np.isnan(out.values).sum() == 6
    assert out.sel(x=20, y="b").item() == 5.0
    filled = partial.unstack("z", fill_value=-1)
    assert filled.dtype == np.int64
    assert filled.values.min() == -1


def test_unstack_dataset_fill_value_dict_and_dataarray_by_name() -> None:
    ds = grid().to_dataset().stack(z=("x", "y")).isel(z=[0, 5])
    out = ds.unstack("z", fill_value={"v": 0})
    assert out["v"].dtype == np.int64
    da = grid().stack(z=("x", "y")).isel(z=[0, 5])
    assert da.unstack(fill_value={"v": -3}).values.min() == -3


def test_unstack_all_multiindexed_dims_by_default() -> None:
    da = la.DataArray(np.arange(24).reshape(2, 3, 4), dims=("a", "b", "c"),
                      coords={"a": [0, 1], "b": [0, 1, 2], "c": [0, 1, 2, 3]})
    stacked = da.stack(z1=("a",), z2=("b", "c"))
    out = stacked.unstack()
    assert set(out.dims) == {"a", "b", "c"}
    assert_identical(out.transpose("a", "b", "c"), da)


def test_unstack_unordered_multiindex_from_pandas() -> None:
    mi = pd.MultiIndex.from_tuples([("b", 2), ("a", 1), ("b", 1)], names=["l", "n"])
    da = la.DataArray([1.0, 2.0, 3.0], coords={"z": mi}, dims="z")
    out = da.unstack("z")
    assert out.l.values.tolist() == ["a", "b"]
    assert out.n.values.tolist() == [1, 2]
    np.testing.assert_array_equal(out.values, [[2.0, np.nan], [3.0, 1.0]])


def test_unstack_duplicates_error_names_dim_and_duplicate() -> None:
    mi = pd.MultiIndex.from_tuples([("a", 1), ("a", 1), ("b", 2)], names=["l", "n"])
    da = la.DataArray([1, 2, 3], coords={"z": mi}, dims="z")
    with pytest.raises(
        ValueError,
        match=r"cannot unstack dimension 'z'.*1 duplicate entry, e.g. \('a', 1\) \(appears 2 "
        r"times\).*drop_duplicates\('z'\)",
    ):
        da.unstack("z")


def test_unstack_bad_input() -> None:
    stacked = grid().stack(z=("x", "y"))
    with pytest.raises(ValueError, match=r"dimension 'zz' not found.*did you mean 'z'"):
        stacked.unstack("zz")
    with pytest.raises(ValueError, match=r"cannot unstack dimension 'x': no multi-index along it; "
                       "dimensions with a multi-index: z"):
        grid().assign_coords(z=("x", [1, 2, 3])).stack(z2=("y",)).unstack("x")
    with pytest.raises(ValueError, match=r"no multi-index along them"):
        grid().unstack(["x", "y"])


def test_unstack_sparse_needs_the_sparse_package() -> None:
    try:
        import sparse  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match=r"pip install sparse"):
            grid().stack(z=("x", "y")).unstack("z", sparse=True)
    else:
        out = grid().stack(z=("x", "y")).isel(z=[0, 1]).unstack("z", sparse=True)
        assert type(out.data).__name__ == "COO"


def test_unstack_level_name_clashing_with_existing_dim() -> None:
    ds = la.Dataset({"v": (("z", "x"), np.zeros((2, 2)))})
    mi = pd.MultiIndex.from_tuples([(0, 1), (1, 0)], names=["x", "n"])
    ds = ds.assign_coords(la.Coordinates.from_pandas_multiindex(mi, "z"))
    with pytest.raises(ValueError, match=r"level\(s\) x would become dimensions that already exist"):
        ds.unstack("z")


def test_unstack_dask_is_lazy_and_correct() -> None:
    partial = grid().stack(z=("x", "y")).isel(z=[0, 3, 7, 10])
    chunked = partial.chunk({"z": 2})
    with raise_if_dask_computes():
        out = chunked.unstack("z")
    assert out.chunks is not None
    assert_identical(out.compute(), partial.unstack("z"))


@settings(max_examples=30, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 3)),
    order=st.permutations([0, 1, 2]),
    dtype=st.sampled_from(["int64", "float32", "bool", "<U2"]),
)
def test_property_stack_then_unstack_is_identity(
    shape: tuple[int, int, int], order: list[int], dtype: str
) -> None:
    dims = ("a", "b", "c")
    data = np.arange(np.prod(shape)).reshape(shape).astype(dtype)
    da = la.DataArray(data, dims=dims, coords={d: np.arange(n) * 3 for d, n in zip(dims, shape, strict=True)})
    stacked_dims = [dims[i] for i in order[:2]]
    out = da.stack(z=stacked_dims).unstack("z")
    assert out.dtype == da.dtype
    assert_identical(out.transpose(*dims), da)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_property_unstack_of_a_subset_matches_pandas(data: st.DataObject) -> None:
    nx, ny = data.draw(st.integers(1, 4)), data.draw(st.integers(1, 4))
    keep = data.draw(st.lists(st.integers(0, nx * ny - 1), min_size=1, unique=True))
    da = la.DataArray(np.arange(nx * ny, dtype=float).reshape(nx, ny), dims=("x", "y"),
                      coords={"x": np.arange(nx), "y": np.arange(ny)})
    partial = da.stack(z=("x", "y")).isel(z=keep)
    out = partial.unstack("z")
    series = pd.Series(partial.values, index=partial.indexes["z"]).unstack("y")
    np.testing.assert_array_equal(out.values, series.to_numpy())


# -- Dataset-level functions ------------------------------------------------------------------


def test_stack_and_unstack_dataset_functions_directly() -> None:
    ds = grid().drop_vars("xa").to_dataset()
    stacked = stack_dataset(ds, {"z": ("x", "y")})
    assert stacked.sizes == {"z": 12}
    assert_identical(unstack_dataset(stacked, "z", NA), ds)


# -- reorder_levels ---------------------------------------------------------------------------


def test_reorder_levels() -> None:
    stacked = grid().stack(z=("x", "y"))
    out = stacked.reorder_levels(z=["y", "x"])
    assert out.xindexes["z"].level_names == ["y", "x"]
    assert out.z.values[1] == ("b", 10)
    assert_identical(out.reorder_levels({"z": ["x", "y"]}), stacked)


def test_reorder_levels_bad_input() -> None:
    stacked = grid().stack(z=("x", "y"))
    with pytest.raises(ValueError, match=r"level 'yy' not found.*did you mean 'y'"):
        stacked.reorder_levels(z=["yy", "x"])
    with pytest.raises(ValueError, match=r"needs every level exactly once"):
        stacked.reorder_levels(z=["y"])
    with pytest.raises(ValueError, match=r"coordinate 'x' has no multi-index"):
        grid().reorder_levels(x=["x"])
    with pytest.raises(ValueError, match=r"coordinate 'q' not found"):
        stacked.reorder_levels(q=["x"])


# -- to_stacked_array / to_unstacked_dataset --------------------------------------------------


def mixed() -> la.Dataset:
    return la.Dataset(
        {"a": (("x", "y"), [[0, 1], [2, 3], [4, 5]]), "b": ("x", [6, 7, 8])},
        coords={"y": ["u", "v"], "x": [0, 1, 2]},
        attrs={"g": 1},
    )


def test_to_stacked_array_layout() -> None:
    arr = mixed().to_stacked_array("z", sample_dims=["x"])
    assert arr.dims == ("x", "z")
    assert arr.name == "a"
    assert arr.values.tolist() == [[0, 1, 6], [2, 3, 7], [4, 5, 8]]
    assert arr.variable.values.dtype == np.int64
    assert arr.indexes["z"].names == ["variable", "y"]
    assert arr["variable"].values.tolist() == ["a", "a", "b"]
    named = mixed().to_stacked_array("z", sample_dims=["x"], variable_dim="var", name="s")
    assert named.name == "s"
    assert named.indexes["z"].names == ["var", "y"]


def test_to_stacked_array_round_trip() -> None:
    ds = mixed()
    back = ds.to_stacked_array("z", sample_dims=["x"]).to_unstacked_dataset("z")
    assert back["a"].values.tolist() == ds["a"].values.tolist()
    assert back["b"].values.tolist() == ds["b"].values.tolist()
    assert back["y"].values.tolist() == ["u", "v"]
    by_name = ds.to_stacked_array("z", ["x"]).to_unstacked_dataset("z", level="variable")
    assert set(by_name.data_vars) == {"a", "b"}


def test_to_stacked_array_dask_lazy() -> None:
    chunked = mixed().chunk({"x": 1})
    with raise_if_dask_computes():
        arr = chunked.to_stacked_array("z", sample_dims=["x"])
        back = arr.to_unstacked_dataset("z")
    assert arr.chunks is not None and back["a"].chunks is not None
    assert_identical(arr.compute(), mixed().to_stacked_array("z", sample_dims=["x"]))


def test_to_stacked_array_bad_input() -> None:
    ds = mixed().assign(s=((), 1))
    with pytest.raises(ValueError, match=r"every data variable must have all sample_dims \('x',\)"
                       ".*'s' .* lacks x"):
        ds.to_stacked_array("z", ["x"])
    with pytest.raises(ValueError, match=r"dimension 'xx' not found.*did you mean 'x'"):
        mixed().to_stacked_array("z", ["xx"])
    with pytest.raises(ValueError, match=r"variable_dim 'y' already exists"):
        mixed().to_stacked_array("z", ["x"], variable_dim="y")
    with pytest.raises(ValueError, match=r"at least one data variable"):
        la.Dataset(coords={"x": [1]}).to_stacked_array("z", ["x"])


def test_to_unstacked_dataset_bad_input() -> None:
    arr = mixed().to_stacked_array("z", sample_dims=["x"])
    with pytest.raises(ValueError, match=r"'x' is not a stacked coordinate.*stacked coordinates: z"):
        arr.to_unstacked_dataset("x")
    with pytest.raises(ValueError, match=r"level 5 is out of range.*2 levels"):
        arr.to_unstacked_dataset("z", level=5)
    with pytest.raises(ValueError, match=r"level 'varable' not found.*did you mean 'variable'"):
        arr.to_unstacked_dataset("z", level="varable")


@settings(max_examples=40, deadline=None)
@given(
    da=lst.dataarrays(dims=lst.dimension_sizes(min_dims=2, max_dims=3, max_side=4)),
    data=st.data(),
)
def test_property_stack_unstack_round_trip_on_drawn_dataarrays(
    da: la.DataArray, data: st.DataObject
) -> None:
    da = da.drop_vars([name for name in da.coords if name not in da.dims])
    dims = data.draw(st.permutations(list(da.dims)))[:2]
    out = da.stack(__stacked__=dims).unstack("__stacked__")
    added = [name for name in out.coords if name not in da.coords]
    assert sorted(map(str, added)) == sorted(str(d) for d in dims if d not in da.coords)
    assert_identical(out.drop_vars(added).transpose(*da.dims), da)


def test_stack_allows_duplicate_labels_and_unstack_refuses_them() -> None:
    da = la.DataArray(np.arange(12.0).reshape(3, 4), dims=("a", "b"), coords={"a": [1, 1, 2]})
    stacked = da.stack(z=("a", "b"))
    assert stacked.sizes["z"] == 12
    np.testing.assert_array_equal(stacked.values, da.values.ravel())
    assert list(stacked.indexes["z"][:5]) == [(1, 0), (1, 1), (1, 2), (1, 3), (1, 0)]
    with pytest.raises(ValueError, match=r"'z'.*duplicate"):
        stacked.unstack("z")
