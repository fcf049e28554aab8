"""Tests of labarray.merge, Dataset.merge, combine_first and the attrs-combining rules."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as la
from labarray.structure.merge import (
    MergeError,
    combine_attrs_dicts,
    merge_coordinates_without_align,
)
from labarray.testing import assert_identical


def da(values: Any, x: Any, name: str = "a", **attrs: Any) -> la.DataArray:
    return la.DataArray(values, dims="x", coords={"x": x}, name=name, attrs=attrs)


# -- merge: behaviour --------------------------------------------------------------------------


def test_merge_named_dataarrays_outer_join() -> None:
    ds = la.merge([da([1.0, 2.0], [0, 1], "a"), da([3.0, 4.0], [1, 2], "b")])
    assert ds.x.values.tolist() == [0, 1, 2]
    np.testing.assert_array_equal(ds.a.values, [1.0, 2.0, np.nan])
    np.testing.assert_array_equal(ds.b.values, [np.nan, 3.0, 4.0])
    assert list(ds.data_vars) == ["a", "b"]


@pytest.mark.parametrize(("join", "labels"), [("inner", [1]), ("left", [0, 1]), ("right", [1, 2])])
def test_merge_join(join: str, labels: list[int]) -> None:
    ds = la.merge([da([1.0, 2.0], [0, 1], "a"), da([3.0, 4.0], [1, 2], "b")], join=join)
    assert ds.x.values.tolist() == labels


def test_merge_join_exact_raises_on_different_indexes() -> None:
    with pytest.raises(ValueError, match="'x'"):
        la.merge([da([1, 2], [0, 1], "a"), da([3, 4], [1, 2], "b")], join="exact")


def test_merge_fill_value_scalar_and_dict() -> None:
    objs = [da([1, 2], [0, 1], "a"), da([3, 4], [1, 2], "b")]
    ds = la.merge(objs, fill_value=-1)
    assert ds.a.values.tolist() == [1, 2, -1]
    assert ds.a.dtype == np.int64
    ds = la.merge(objs, fill_value={"a": -1, "b": -2})
    assert ds.b.values.tolist() == [-2, 3, 4]


def test_merge_datasets_and_dicts() -> None:
    ds = la.Dataset({"a": ("x", [1, 2])}, coords={"x": [0, 1]})
    out = la.merge([ds, {"b": ("x", [5, 6])}, {"c": 3}])
    assert list(out.data_vars) == ["a", "b", "c"]
    assert out.c.values == 3


def test_merge_dict_with_dataarray_values_is_aligned() -> None:
    ds = la.Dataset({"a": ("x", [1, 2])}, coords={"x": [0, 1]})
    out = la.merge([ds, {"b": da([5.0], [1], "b")}])
    np.testing.assert_array_equal(out.b.values, [np.nan, 5.0])


def test_merge_only_dicts_gives_a_dataset() -> None:
    out = la.merge([{"a": ("x", [1, 2])}, {"b": 1}])
    assert isinstance(out, la.Dataset)
    assert list(out.data_vars) == ["a", "b"]


def test_merge_empty_list() -> None:
    out = la.merge([])
    assert isinstance(out, la.Dataset)
    assert len(out.variables) == 0


def test_merge_coordinates_object() -> None:
    ds = la.Dataset(coords={"x": [0, 1], "lat": ("x", [5.0, 6.0])})
    out = la.merge([ds.coords, {"a": ("x", [1, 2])}])
    assert set(out.coords) == {"x", "lat"}


def test_merge_dataarray_attrs_become_global_attrs() -> None:
    out = la.merge([da([1, 2], [0, 1], "a", units="K")])
    assert out.attrs == {"units": "K"}
    assert out.a.attrs == {"units": "K"}


def test_merge_no_conflicts_fills_gaps() -> None:
    a = la.Dataset({"v": ("x", [1.0, np.nan, 3.0])})
    b = la.Dataset({"v": ("x", [1.0, 5.0, np.nan])})
    assert la.merge([a, b]).v.values.tolist() == [1.0, 5.0, 3.0]


def test_merge_no_conflicts_checks_against_filled_values() -> None:
    a = la.Dataset({"v": ("x", [np.nan])})
    b = la.Dataset({"v": ("x", [1.0])})
    c = la.Dataset({"v": ("x", [2.0])})
    with pytest.raises(MergeError, match="argument 0 and argument 2"):
        la.merge([a, b, c])


def test_merge_compat_broadcast_equals_keeps_the_broadcast_variable() -> None:
    a = la.Dataset({"v": 1})
    b = la.Dataset({"v": ("y", [1, 1])})
    out = la.merge([a, b], compat="broadcast_equals")
    assert out.v.dims == ("y",)
    with pytest.raises(MergeError, match="compat='equals'"):
        la.merge([a, b], compat="equals")


def test_merge_compat_identical_compares_attrs() -> None:
    a = la.Dataset({"v": ("x", [1, 2], {"u": 1})})
    b = la.Dataset({"v": ("x", [1, 2], {"u": 2})})
    assert la.merge([a, b], compat="equals").v.attrs == {"u": 1}
    with pytest.raises(MergeError, match=r"'v'.*compat='identical'.*attributes differ"):
        la.merge([a, b], compat="identical")


def test_merge_compat_override_takes_the_first() -> None:
    a = la.Dataset({"v": ("x", [1, 2])})
    b = la.Dataset({"v": ("x", [7, 8])})
    assert la.merge([a, b], compat="override").v.values.tolist() == [1, 2]


def test_merge_compat_minimal_drops_conflicts() -> None:
    a = la.Dataset({"v": ("x", [1, 2]), "w": 1})
    b = la.Dataset({"v": ("x", [7, 8]), "w": 1})
    assert list(la.merge([a, b], compat="minimal").variables) == ["w"]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("override", {"a": 1, "b": 2}),
        ("drop", {}),
        ("drop_conflicts", {"a": 1, "c": 4}),
    ],
)
def test_merge_combine_attrs(rule: str, expected: dict[str, int]) -> None:
    a = la.Dataset(attrs={"a": 1, "b": 2})
    b = la.Dataset(attrs={"a": 1, "b": 3, "c": 4})
    assert la.merge([a, b], combine_attrs=rule).attrs == expected


def test_merge_combine_attrs_applies_to_variables() -> None:
    a = la.Dataset({"v": ("x", [1, 2], {"u": 1, "k": 1})})
    b = la.Dataset({"v": ("x", [1, 2], {"u": 2})})
    assert la.merge([a, b], combine_attrs="drop_conflicts").v.attrs == {"k": 1}
    assert la.merge([a, b], combine_attrs="drop").v.attrs == {}


def test_merge_combine_attrs_callable_gets_the_list() -> None:
    seen = []

    def combine(attrs: list[dict[str, Any]], context: Any = None) -> dict[str, Any]:
        seen.append(attrs)
        return {"n": len(attrs)}

    out = la.merge([la.Dataset(attrs={"a": 1}), la.Dataset(attrs={"b": 2})], combine_attrs=combine)
    assert out.attrs == {"n": 2}
    assert [{"a": 1}, {"b": 2}] in seen


def test_merge_combine_attrs_conflicts_raise() -> None:
    a = la.Dataset(attrs={"a": 1})
    b = la.Dataset(attrs={"a": 2})
    with pytest.raises(MergeError, match=r"'a' is 1 on argument 0 and 2 on argument 1"):
        la.merge([a, b], combine_attrs="no_conflicts")
    with pytest.raises(MergeError, match="combine_attrs='identical'"):
        la.merge([a, la.Dataset(attrs={"a": 1, "b": 1})], combine_attrs="identical")
    assert la.merge([a, la.Dataset(attrs={"b": 1})], combine_attrs="no_conflicts").attrs == {"a": 1, "b": 1}


def test_combine_attrs_dicts_rules() -> None:
    assert combine_attrs_dicts([], "override") == {}
    assert combine_attrs_dicts([None, {"a": 1}], "no_conflicts") == {"a": 1}
    same = combine_attrs_dicts([{"a": np.array([1, 2])}, {"a": np.array([1, 2])}], "identical")
    assert same["a"].tolist() == [1, 2]
    assert combine_attrs_dicts([{"a": 1, "b": 2}, {"a": 2}, {"a": 1}], "drop_conflicts") == {"b": 2}
    with pytest.raises(ValueError, match="invalid combine_attrs='nope'"):
        combine_attrs_dicts([{}], "nope")


# -- merge: bad input --------------------------------------------------------------------------


def test_merge_conflict_message_names_variable_sources_and_position() -> None:
    a = la.Dataset({"v": (("x", "y"), [[1, 2], [3, 4]])})
    b = la.Dataset({"w": 0})
    c = la.Dataset({"v": (("x", "y"), [[1, 2], [3, 9]])})
    with pytest.raises(MergeError) as info:
        la.merge([a, b, c])
    message = str(info.value)
    assert "'v'" in message
    assert "argument 0 and argument 2" in message
    assert "(x=1, y=1): 4 vs 9" in message
    assert "np.int64" not in message


def test_merge_unnamed_dataarray_raises() -> None:
    with pytest.raises(ValueError, match="unnamed DataArray given as argument 1"):
        la.merge([da([1], [0], "a"), la.DataArray([1])])


def test_merge_bad_objects_raise() -> None:
    with pytest.raises(TypeError, match="merge argument 1 is a int"):
        la.merge([la.Dataset(), 3])
    with pytest.raises(TypeError, match="wrap it in a list"):
        la.merge(la.Dataset())


def test_merge_bad_options_raise() -> None:
    with pytest.raises(ValueError, match=r"invalid compat='equal'.*did you mean 'equals'"):
        la.merge([la.Dataset()], compat="equal")
    with pytest.raises(ValueError, match="invalid join 'outerr'"):
        la.merge([la.Dataset()], join="outerr")
    with pytest.raises(ValueError, match="invalid combine_attrs='drop_conflict'"):
        la.merge([la.Dataset()], combine_attrs="drop_conflict")


def test_merge_coordinate_versus_data_variable_raises() -> None:
    a = la.Dataset({"v": ("x", [1, 2])}, coords={"c": 1})
    b = la.Dataset({"c": 1})
    with pytest.raises(MergeError, match=r"'c'.*coordinate on argument 0 and a data variable on argument 1"):
        la.merge([a, b])


def test_merge_conflicting_sizes_raise() -> None:
    with pytest.raises(ValueError, match="'x'"):
        la.merge([la.Dataset({"a": ("x", [1, 2])}), la.Dataset({"b": ("x", [1, 2, 3])})])


def test_merge_override_join_with_different_indexes_raises_for_unequal_sizes() -> None:
    with pytest.raises(ValueError, match="override"):
        la.merge([da([1, 2], [0, 1], "a"), da([1, 2, 3], [0, 1, 2], "b")], join="override")


# -- Dataset.merge -------------------------------------------------------------------------------


def test_dataset_merge_and_overwrite_vars() -> None:
    ds = la.Dataset({"a": ("x", [1, 2]), "b": ("x", [3, 4])}, coords={"x": [0, 1]}, attrs={"g": 1})
    other = la.Dataset({"a": ("x", [7, 8]), "c": ("x", [0, 0])}, coords={"x": [0, 1]}, attrs={"h": 1})
    with pytest.raises(MergeError, match="'a'"):
        ds.merge(other)
    out = ds.merge(other, overwrite_vars="a")
    assert out.a.values.tolist() == [7, 8]
    assert list(out.data_vars) == ["a", "b", "c"]
    assert out.attrs == {"g": 1}
    out = ds.merge(other, overwrite_vars=["a", "c"])
    assert out.a.values.tolist() == [7, 8]
    assert ds.a.values.tolist() == [1, 2]  # not in place


def test_dataset_merge_dataarray_and_dict() -> None:
    ds = la.Dataset({"a": ("x", [1, 2])}, coords={"x": [0, 1]})
    assert "b" in ds.merge(da([5, 6], [0, 1], "b"))
    assert "c" in ds.merge({"c": ("x", [5, 6])})


def test_dataset_merge_bad_input() -> None:
    ds = la.Dataset({"a": ("x", [1, 2])})
    with pytest.raises(TypeError, match=r"Dataset\.merge needs"):
        ds.merge(5)
    with pytest.raises(ValueError, match="overwrite_vars names 'zz'"):
        ds.merge(la.Dataset({"b": 1, "c": 2}), overwrite_vars=["zz", "b"])


# -- combine_first ------------------------------------------------------------------------------


def test_dataarray_combine_first() -> None:
    a = la.DataArray([1.0, np.nan], dims="x", coords={"x": [0, 1]}, attrs={"u": 1})
    b = la.DataArray([5.0, 6.0, 7.0], dims="x", coords={"x": [0, 1, 2]})
    out = a.combine_first(b)
    assert out.values.tolist() == [1.0, 6.0, 7.0]
    assert out.x.values.tolist() == [0, 1, 2]
    assert out.attrs == {"u": 1}


def test_dataset_combine_first_keeps_variables_of_both() -> None:
    a = la.Dataset({"a": ("x", [1, 2])}, coords={"x": [0, 1]}, attrs={"g": 1})
    b = la.Dataset({"b": ("x", [3, 4]), "a": ("x", [9, 9])}, coords={"x": [1, 2]})
    out = a.combine_first(b)
    assert list(out.data_vars) == ["a", "b"]
    np.testing.assert_array_equal(out.a.values, [1.0, 2.0, 9.0])
    np.testing.assert_array_equal(out.b.values, [np.nan, 3.0, 4.0])
    assert out.attrs == {"g": 1}


def test_combine_first_needs_same_kinds() -> None:
    with pytest.raises(TypeError, match="same kind"):
        la.DataArray([1]).combine_first(la.Dataset())


# -- existing machinery still works ---------------------------------------------------------------


def test_merge_coordinates_without_align_drops_conflicts() -> None:
    one = {"c": la.Variable((), 1)}
    two = {"c": la.Variable((), 2)}
    coords, _ = merge_coordinates_without_align([(one, {}), (two, {})])
    assert "c" not in coords


# -- properties ---------------------------------------------------------------------------------


values = st.lists(st.one_of(st.none(), st.integers(-3, 3)), min_size=3, max_size=3)


@settings(max_examples=30, deadline=None)
@given(values, values)
def test_merge_is_idempotent_and_order_independent(a_vals: list[Any], b_vals: list[Any]) -> None:
    a = la.Dataset({"v": ("x", [np.nan if v is None else float(v) for v in a_vals])}, coords={"x": [0, 1, 2]})
    b_arr = [np.nan if v is None else float(v) for v in b_vals]
    # make b compatible with a: wherever both are set, use a's value
    b_arr = [av if not np.isnan(av) and not np.isnan(bv) else bv for av, bv in zip(a.v.values, b_arr, strict=True)]
    b = la.Dataset({"v": ("x", b_arr), "w": ("x", [1, 2, 3])}, coords={"x": [0, 1, 2]})
    assert_identical(la.merge([a, a]), a)
    ab = la.merge([a, b])
    ba = la.merge([b, a])
    np.testing.assert_array_equal(ab.v.values, ba.v.values)
    assert set(ab.variables) == set(ba.variables)
    assert_identical(la.merge([ab, ab]), ab)


# -- compatibility with xarray ----------------------------------------------------------------


def to_xarray(obj: Any, xr: Any) -> Any:
    variables = {k: xr.Variable(v.dims, v.values, dict(v.attrs)) for k, v in obj.variables.items()} if isinstance(obj, la.Dataset) else None
    if variables is None:
        coords = {k: xr.Variable(v.dims, v.values, dict(v.attrs)) for k, v in obj.coords.items()}
        return xr.DataArray(obj.values, dims=obj.dims, coords=coords, name=obj.name, attrs=dict(obj.attrs))
    data = {k: variables[k] for k in obj.data_vars}
    coords = {k: variables[k] for k in obj.coords}
    return xr.Dataset(data, coords=coords, attrs=dict(obj.attrs))


def check_against_xarray(func: Any) -> None:
    xr = pytest.importorskip("xarray")
    expected = func(xr)
    actual = func(la)
    xr.testing.assert_identical(to_xarray(actual, xr), expected)
    if hasattr(expected, "data_vars"):
        assert list(actual.data_vars) == list(expected.data_vars)


def _pieces(lib: Any) -> tuple[Any, Any]:
    a = lib.Dataset(
        {"v": ("x", [1.0, np.nan, 3.0], {"u": 1}), "s": 5},
        coords={"x": [0, 1, 2], "c": ("x", [1, 2, 3])},
        attrs={"g": 1, "h": 2},
    )
    b = lib.Dataset(
        {"v": ("x", [2.0, 7.0], {"u": 2}), "w": ("x", [1, 2])},
        coords={"x": [1, 3]},
        attrs={"g": 1, "h": 3},
    )
    return a, b


@pytest.mark.compat
@pytest.mark.parametrize("combine_attrs", ["override", "drop", "drop_conflicts"])
@pytest.mark.parametrize("join", ["outer", "inner", "left"])
def test_merge_matches_xarray(join: str, combine_attrs: str) -> None:
    def run(lib: Any) -> Any:
        a, b = _pieces(lib)
        return lib.merge([a, b], join=join, combine_attrs=combine_attrs, compat="no_conflicts")

    check_against_xarray(run)


@pytest.mark.compat
@pytest.mark.parametrize("compat", ["identical", "equals", "broadcast_equals", "no_conflicts", "override", "minimal"])
def test_merge_compat_matches_xarray(compat: str) -> None:
    xr = pytest.importorskip("xarray")

    def run(lib: Any) -> Any:
        a = lib.Dataset({"v": ("x", [1.0, np.nan]), "k": 1, "z": ("x", [1, 2])}, coords={"x": [0, 1]})
        b = lib.Dataset({"v": ("x", [1.0, 2.0]), "k": ("y", [1, 1]), "z": ("x", [1, 2], {"a": 1})}, coords={"x": [0, 1]})
        return lib.merge([a, b], compat=compat)

    try:
        expected = run(xr)
    except Exception as err:  # xarray refuses: labarray must refuse with the same kind of error
        with pytest.raises(type(err) if not isinstance(err, xr.MergeError) else MergeError):
            run(la)
        return
    xr.testing.assert_identical(to_xarray(run(la), xr), expected)


@pytest.mark.compat
def test_dataset_merge_and_combine_first_match_xarray() -> None:
    check_against_xarray(lambda lib: _pieces(lib)[0].merge(_pieces(lib)[1].drop_vars("v"), join="inner"))
    check_against_xarray(lambda lib: _pieces(lib)[0].merge(_pieces(lib)[1], overwrite_vars="v", join="outer"))
    check_against_xarray(lambda lib: _pieces(lib)[0].combine_first(_pieces(lib)[1]))
    check_against_xarray(lambda lib: _pieces(lib)[1].combine_first(_pieces(lib)[0]))
    check_against_xarray(lambda lib: _pieces(lib)[0].v.combine_first(_pieces(lib)[1].v))
