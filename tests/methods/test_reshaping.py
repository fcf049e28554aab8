"""Tests of labarray.methods.reshaping: the attached methods, clip, where, and xarray compatibility."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as la
from labarray.methods import reshaping
from labarray.methods.reshaping import dot, where
from labarray.testing import assert_identical, raise_if_dask_computes
from labarray.variable import Variable


def grid() -> la.DataArray:
    return la.DataArray(
        np.arange(12).reshape(3, 4),
        dims=("x", "y"),
        coords={"x": [10, 20, 30], "y": list("abcd"), "xa": ("x", [1.0, 2.0, 3.0])},
        name="v",
        attrs={"units": "m"},
    )


def dataset() -> la.Dataset:
    return grid().to_dataset().assign(w=("x", [1.5, 2.5, 3.5])).assign_attrs(g=2)


# -- attachment ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(reshaping.DATAARRAY_METHODS))
def test_dataarray_methods_are_attached(name: str) -> None:
    assert getattr(la.DataArray, name) is reshaping.DATAARRAY_METHODS[name]


@pytest.mark.parametrize("name", sorted(reshaping.DATASET_METHODS))
def test_dataset_methods_are_attached(name: str) -> None:
    assert getattr(la.Dataset, name) is reshaping.DATASET_METHODS[name]


def test_every_method_has_a_docstring_with_an_example() -> None:
    for func in {*reshaping.DATAARRAY_METHODS.values(), *reshaping.DATASET_METHODS.values(),
                 dot, where}:
        assert func.__doc__ and "Examples" in func.__doc__, func.__name__


# -- clip ------------------------------------------------------------------------------------


def test_clip_scalar_bounds_keep_dtype_and_attrs() -> None:
    out = grid().clip(2, 8)
    assert out.dtype == np.int64
    assert out.values.min() == 2 and out.values.max() == 8
    assert out.attrs == {"units": "m"}
    assert grid().clip(max=5, keep_attrs=False).attrs == {}
    assert_identical(grid().clip(), grid())


def test_clip_dataset_and_labeled_bounds() -> None:
    out = dataset().clip(min=2)
    assert out["w"].values.tolist() == [2.0, 2.5, 3.5]
    assert out.attrs == {"g": 2}
    lower = la.DataArray([0, 5, 9], dims="x", coords={"x": [10, 20, 30]})
    clipped = grid().clip(min=lower)
    assert clipped.values[1].tolist() == [5, 5, 6, 7]


def test_clip_bad_input() -> None:
    misaligned = la.DataArray([0, 5], dims="x", coords={"x": [10, 20]})
    with pytest.raises(ValueError, match=r"join='exact'.*coordinate 'x'.*only in the first: \[30\]"):
        grid().clip(min=misaligned)


def test_clip_dask_lazy() -> None:
    with raise_if_dask_computes():
        out = grid().chunk({"x": 1}).clip(3, 4)
    assert_identical(out.compute(), grid().clip(3, 4))


# -- where -----------------------------------------------------------------------------------


def test_where_dataarray_scalar_and_attrs_of_x() -> None:
    da = grid()
    out = where(da > 4, da, -1)
    assert out.values[0].tolist() == [-1, -1, -1, -1]
    assert out.values[2].tolist() == [8, 9, 10, 11]
    assert out.attrs == {"units": "m"}
    assert where(da > 4, da, -1, keep_attrs=False).attrs == {}
    assert where(da > 4, 1, 0).attrs == {}
    assert da.attrs == {"units": "m"}  # inputs untouched


def test_where_broadcasts_by_name_and_promotes() -> None:
    cond = la.DataArray([True, False], dims="x")
    x = la.DataArray([1, 2], dims="y")
    out = where(cond, x, 0)
    assert out.dims == ("x", "y")
    assert out.values.tolist() == [[1, 2], [0, 0]]
    assert where(cond, 1, np.nan).dtype == np.float64
    strings = where(np.array([True, False]), np.array(["a", "b"]), np.nan)
    assert strings.dtype == object and strings[0] == "a"


def test_where_dataset_and_variable() -> None:
    ds = dataset()
    out = where(ds["v"] > 4, ds, 0)
    assert isinstance(out, la.Dataset)
    assert out["v"].values[1].tolist() == [0, 5, 6, 7]
    assert out.attrs == {"g": 2}
    var = where(Variable("x", [True, False]), Variable("x", [1, 2]), 9)
    assert isinstance(var, Variable) and var.values.tolist() == [1, 9]


def test_where_requires_exact_alignment() -> None:
    a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]})
    b = la.DataArray([1, 2], dims="x", coords={"x": [1, 2]})
    with pytest.raises(ValueError, match=r"join='exact'.*coordinate 'x'.*argument 0 and argument 2"):
        where(a > 1, a, b)


def test_where_keep_attrs_modes() -> None:
    a = la.DataArray([1, 2], dims="x", attrs={"u": 1, "k": "a"})
    cond = (a > 1).assign_attrs(u=1, k="b")
    assert where(cond, a, 0, keep_attrs="drop_conflicts").attrs == {"u": 1}
    assert where(cond, a, 0, keep_attrs="drop").attrs == {}
    assert where(cond, a, 0, keep_attrs="override").attrs == {"u": 1, "k": "a"}


def test_where_dask_lazy() -> None:
    chunked = grid().chunk({"x": 1})
    with raise_if_dask_computes():
        out = where(chunked > 4, chunked, 0)
    assert out.chunks is not None
    assert_identical(out.compute(), where(grid() > 4, grid(), 0))


# -- xarray compatibility --------------------------------------------------------------------

xr = pytest.importorskip("xarray")


def _build(mod: Any) -> tuple[Any, Any]:
    da = mod.DataArray(
        np.arange(12).reshape(3, 4), dims=("x", "y"),
        coords={"x": [10, 20, 30], "y": list("abcd"), "xa": ("x", [1.0, 2.0, 3.0])},
        name="v", attrs={"units": "m"},
    )
    ds = mod.Dataset({"v": da, "w": ("x", [1.5, 2.5, 3.5])}, attrs={"g": 2})
    return da, ds


def _same(actual: Any, expected: Any) -> None:
    if isinstance(expected, xr.DataArray):
        assert isinstance(actual, la.DataArray)
        assert actual.name == expected.name
        _same_variable(actual.variable, expected.variable)
        _same_coords(actual, expected)
    elif isinstance(expected, xr.Dataset):
        assert isinstance(actual, la.Dataset)
        assert actual.attrs == expected.attrs
        assert dict(actual.sizes) == dict(expected.sizes)
        assert list(actual.data_vars) == list(expected.data_vars)
        for name in expected.data_vars:
            _same_variable(actual[name].variable, expected[name].variable)
        _same_coords(actual, expected)
    else:
        raise AssertionError(f"unexpected type {type(expected)}")


def _same_variable(actual: Any, expected: Any) -> None:
    assert actual.dims == expected.dims
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    assert actual.attrs == expected.attrs
    a, e = actual.values, expected.values
    if a.dtype == object:
        assert [repr(v) for v in a.ravel()] == [repr(v) for v in e.ravel()]
    else:
        np.testing.assert_array_equal(a, e)


def _same_coords(actual: Any, expected: Any) -> None:
    assert set(actual.coords) == set(expected.coords)
    for name in expected.coords:
        _same_variable(actual.coords[name].variable, expected.coords[name].variable)
    assert set(actual.xindexes) == set(expected.xindexes)
    for name, index in expected.xindexes.items():
        assert type(actual.xindexes[name]).__name__ == type(index).__name__
        assert actual.xindexes[name].to_pandas_index().equals(index.to_pandas_index())


CASES: dict[str, Callable[[Any, Any, Any], Any]] = {
    "stack": lambda m, da, ds: ds.stack(z=("x", "y")),
    "stack_reversed": lambda m, da, ds: da.stack(z=("y", "x")),
    "stack_ellipsis": lambda m, da, ds: ds.stack(z=[...]),
    "stack_no_coord": lambda m, da, ds: da.drop_vars("x").stack(z=("x", "y")),
    "stack_create_none": lambda m, da, ds: da.drop_vars("x").stack(z=("x", "y"), create_index=None),
    "stack_create_false": lambda m, da, ds: da.stack(z=("x", "y"), create_index=False),
    "unstack": lambda m, da, ds: ds.stack(z=("x", "y")).unstack("z"),
    "unstack_all": lambda m, da, ds: da.stack(z=("y", "x")).unstack(),
    "unstack_missing": lambda m, da, ds: da.stack(z=("x", "y")).isel(z=[0, 5, 7]).unstack("z"),
    "unstack_fill": lambda m, da, ds: da.stack(z=("x", "y")).isel(z=[0, 5, 7]).unstack(
        "z", fill_value=-1),
    "unstack_fill_dict": lambda m, da, ds: ds.stack(z=("x", "y")).isel(z=[0, 5, 7]).unstack(
        "z", fill_value={"v": -1}),
    "unstack_reversed": lambda m, da, ds: da.stack(z=("x", "y")).isel(
        z=slice(None, None, -1)).unstack("z"),
    "reorder_levels": lambda m, da, ds: da.stack(z=("x", "y")).reorder_levels(z=["y", "x"]),
    "to_stacked_array": lambda m, da, ds: ds.to_stacked_array("z", ["x"]),
    "to_stacked_array_y": lambda m, da, ds: ds.drop_vars("w").to_stacked_array("z", ["y"],
                                                                           name="n"),
    "to_unstacked_dataset": lambda m, da, ds: ds.to_stacked_array("z", ["x"]).to_unstacked_dataset(
        "z"),
    "shift": lambda m, da, ds: da.shift(x=1),
    "shift_fill": lambda m, da, ds: da.shift(x=-1, y=2, fill_value=0),
    "shift_dataset": lambda m, da, ds: ds.shift(x=1, fill_value={"v": 7}),
    "shift_big": lambda m, da, ds: da.shift(y=9),
    "roll": lambda m, da, ds: da.roll(x=1),
    "roll_coords": lambda m, da, ds: da.roll(x=1, y=-1, roll_coords=True),
    "roll_dataset": lambda m, da, ds: ds.roll(x=4, roll_coords=True),
    "pad": lambda m, da, ds: da.pad(x=1),
    "pad_edge": lambda m, da, ds: da.pad(x=(0, 2), mode="edge"),
    "pad_constant": lambda m, da, ds: ds.pad(x=(1, 0), constant_values=0),
    "pad_constant_pair": lambda m, da, ds: da.pad(x=1, constant_values=(7, 8)),
    "pad_constant_per_dim": lambda m, da, ds: da.pad(x=1, y=(0, 1), constant_values={"x": (7, 8)}),
    "pad_constant_dict": lambda m, da, ds: ds.pad(x=(1, 0), constant_values={"v": 5}),
    "pad_reflect": lambda m, da, ds: ds.pad(x=2, mode="reflect"),
    "pad_mean": lambda m, da, ds: da.astype(float).pad(y=(1, 1), mode="mean"),
    "pad_ramp": lambda m, da, ds: da.pad(y=(1, 1), mode="linear_ramp", end_values=100),
    "pad_stat": lambda m, da, ds: da.pad(y=(1, 1), mode="maximum", stat_length={"y": (1, 1)}),
    "diff": lambda m, da, ds: ds.diff("x"),
    "diff_lower": lambda m, da, ds: da.diff("y", label="lower"),
    "diff_2": lambda m, da, ds: da.diff("y", n=2),
    "clip": lambda m, da, ds: ds.clip(2, 8),
    "clip_max": lambda m, da, ds: da.clip(max=5),
    "drop_duplicates": lambda m, da, ds: da.assign_coords(x=[1, 1, 2]).drop_duplicates(
        "x", keep="last"),
    "drop_duplicates_false": lambda m, da, ds: ds.assign_coords(x=[1, 1, 2]).drop_duplicates(
        "x", keep=False),
    "dot": lambda m, da, ds: da.dot(da),
    "dot_dim": lambda m, da, ds: da.dot(da, dim="y"),
    "rank": lambda m, da, ds: ds.rank("x"),
    "rank_pct": lambda m, da, ds: m.DataArray([3.0, np.nan, 1, 3], dims="x", attrs={"a": 1}).rank(
        "x", pct=True),
}


@pytest.mark.compat
@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_xarray(case: str) -> None:
    if case.startswith("rank"):
        pytest.importorskip("bottleneck")
    func = CASES[case]
    expected = func(xr, *_build(xr))
    actual = func(la, *_build(la))
    _same(actual, expected)


TOP_LEVEL: dict[str, Callable[[Any, Any, Any, Any], Any]] = {
    "dot_all": lambda m, f, da, ds: f(da, da.isel(x=0, drop=True), dim=...),
    "dot_outer": lambda m, f, da, ds: f(da, m.DataArray(np.ones((4, 2)), dims=("y", "t"))),
    "where": lambda m, f, da, ds: f(da > 4, da, -1),
    "where_attrs_false": lambda m, f, da, ds: f(da > 4, da, 0.5, keep_attrs=False),
    "where_coord_attrs": lambda m, f, da, ds: f(
        da > 4, da.assign_coords(x=da.x.assign_attrs(units="km")), da),
    "where_dataset": lambda m, f, da, ds: f(ds.v > 4, ds, 0),
    "where_y_dataset": lambda m, f, da, ds: f(ds.v > 4, da, ds),
}


@pytest.mark.compat
@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("case", sorted(TOP_LEVEL))
def test_top_level_matches_xarray(case: str) -> None:
    name = case.split("_")[0]
    func = TOP_LEVEL[case]
    expected = func(xr, getattr(xr, name), *_build(xr))
    actual = func(la, getattr(reshaping, name), *_build(la))
    _same(actual, expected)


@pytest.mark.compat
@pytest.mark.parametrize(
    ("cls_name", "table"),
    [("DataArray", reshaping.DATAARRAY_METHODS), ("Dataset", reshaping.DATASET_METHODS)],
)
def test_signatures_match_xarray(cls_name: str, table: dict[str, Any]) -> None:
    for name, func in table.items():
        ours = inspect.signature(func)
        theirs = inspect.signature(getattr(getattr(xr, cls_name), name))
        assert list(ours.parameters) == list(theirs.parameters), name
        for pname, param in theirs.parameters.items():
            assert ours.parameters[pname].kind == param.kind, (name, pname)


@pytest.mark.compat
def test_top_level_signatures_match_xarray() -> None:
    for name in ("dot", "where"):
        ours = inspect.signature(getattr(reshaping, name))
        theirs = inspect.signature(getattr(xr, name))
        assert list(ours.parameters) == list(theirs.parameters), name


@pytest.mark.compat
@pytest.mark.filterwarnings("ignore::FutureWarning")
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_property_random_reshaping_matches_xarray(data: st.DataObject) -> None:
    shape = data.draw(st.tuples(st.integers(1, 4), st.integers(1, 4)), label="shape")
    dtype = data.draw(st.sampled_from(["int64", "float64", "float32"]), label="dtype")
    values = np.arange(np.prod(shape)).reshape(shape).astype(dtype)
    values = data.draw(st.permutations(values.ravel().tolist()), label="values")
    values = np.array(values, dtype=dtype).reshape(shape)
    dim = data.draw(st.sampled_from(["x", "y"]), label="dim")
    n = data.draw(st.integers(-5, 5), label="n")
    ops: dict[str, Callable[[Any], Any]] = {
        # a zero shift keeps integers in labarray (xarray promotes them): shift by n != 0
        "shift": lambda a: a.shift({dim: n or 1}),
        "shift_fill": lambda a: a.shift({dim: n or -1}, fill_value=-1),
        "roll": lambda a: a.roll({dim: n}, roll_coords=n % 2 == 0),
        "diff": lambda a: a.diff(dim, n=abs(n) % 3, label="upper"),
        "pad": lambda a: a.pad({dim: (abs(n), 1)}),
        "pad_edge": lambda a: a.pad({dim: (abs(n), 0)}, mode="edge"),
        "stack_unstack": lambda a: a.stack(z=(dim, "y" if dim == "x" else "x")).isel(
            z=slice(None, None, abs(n) + 1)).unstack("z"),
    }
    name = data.draw(st.sampled_from(sorted(ops)), label="op")
    results = []
    for mod in (la, xr):
        arr = mod.DataArray(values, dims=("x", "y"),
                            coords={"x": np.arange(shape[0]) * 10, "y": list("abcd")[: shape[1]]})
        results.append(ops[name](arr))
    _same(*results)
