"""Tests of labarray.combine_nested and labarray.combine_by_coords."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as la
from labarray.testing import assert_identical


def tile(x0: int, y0: int, nx: int = 2, ny: int = 3, name: str = "t", lib: Any = la) -> Any:
    x = np.arange(x0, x0 + nx)
    y = np.arange(y0, y0 + ny)
    data = np.add.outer(x * 10, y).astype(float)
    return lib.Dataset({name: (("x", "y"), data)}, coords={"x": x, "y": y}, attrs={"src": "tile"})


def whole(nx: int = 4, ny: int = 6, name: str = "t") -> la.Dataset:
    return tile(0, 0, nx, ny, name)


# -- combine_nested -------------------------------------------------------------------------


def test_combine_nested_2d_grid() -> None:
    grid = [[tile(0, 0), tile(0, 3)], [tile(2, 0), tile(2, 3)]]
    out = la.combine_nested(grid, concat_dim=["x", "y"], combine_attrs="override")
    assert_identical(out, whole())


def test_combine_nested_new_dim_and_merge_level() -> None:
    a = la.Dataset({"t": ("x", [1, 2])})
    b = la.Dataset({"t": ("x", [3, 4])})
    u = la.Dataset({"u": ("x", [0, 0])})
    out = la.combine_nested([[a, u], [b, u]], concat_dim=["run", None])
    assert out.t.dims == ("run", "x")
    assert out.t.values.tolist() == [[1, 2], [3, 4]]
    assert out.u.dims == ("run", "x")  # data_vars="all": u is concatenated along run too


def test_combine_nested_single_dim_string_and_dataarrays() -> None:
    a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]})
    b = la.DataArray([3], dims="x", coords={"x": [2]})
    out = la.combine_nested([a, b], "x")
    assert isinstance(out, la.DataArray)
    assert out.values.tolist() == [1, 2, 3]


def test_combine_nested_concat_dim_given_as_dataarray() -> None:
    a = la.Dataset({"t": ("x", [1, 2])})
    labels = la.DataArray([10, 20], dims="member")
    out = la.combine_nested([a, a], concat_dim=labels)
    assert out.member.values.tolist() == [10, 20]


def test_combine_nested_attrs_dropped_by_default() -> None:
    out = la.combine_nested([tile(0, 0), tile(2, 0)], concat_dim="x")
    assert out.attrs == {}


def test_combine_nested_empty() -> None:
    out = la.combine_nested([], concat_dim="x")
    assert isinstance(out, la.Dataset)
    assert len(out.variables) == 0


def test_combine_nested_bad_input() -> None:
    with pytest.raises(ValueError, match=r"inconsistent depths.*\[1\] is 1 level"):
        la.combine_nested([[tile(0, 0)], tile(2, 0)], concat_dim=["x", "y"])
    with pytest.raises(ValueError, match=r"complete hypercube: no object at position\(s\) \[1\]\[1\]"):
        la.combine_nested([[tile(0, 0), tile(0, 3)], [tile(2, 0)]], concat_dim=["x", "y"])
    with pytest.raises(ValueError, match="concat_dim has 1 entries but the objects are nested 2 level"):
        la.combine_nested([[tile(0, 0)], [tile(2, 0)]], concat_dim="x")
    with pytest.raises(TypeError, match=r"item at \[1\] is a int"):
        la.combine_nested([tile(0, 0), 5], concat_dim="x")
    with pytest.raises(TypeError, match="wrap a single object in a list"):
        la.combine_nested(tile(0, 0), concat_dim="x")
    with pytest.raises(ValueError, match="unnamed DataArrays"):
        la.combine_nested([tile(0, 0), la.DataArray([1], dims="x")], concat_dim="x")


# -- combine_by_coords ----------------------------------------------------------------------


def test_combine_by_coords_orders_a_2d_grid() -> None:
    pieces = [tile(2, 3), tile(0, 0), tile(2, 0), tile(0, 3)]
    assert_identical(la.combine_by_coords(pieces), whole())


def test_combine_by_coords_decreasing_coordinates() -> None:
    pieces = [tile(0, 0).isel(x=[1, 0]), tile(2, 0).isel(x=[1, 0])]
    out = la.combine_by_coords(pieces)
    assert out.x.values.tolist() == [3, 2, 1, 0]


def test_combine_by_coords_merges_groups_of_variables() -> None:
    pieces = [tile(0, 0), tile(2, 0, name="u"), tile(2, 0), tile(0, 0, name="u")]
    out = la.combine_by_coords(pieces)
    assert list(out.data_vars) == ["t", "u"]
    assert_identical(out.u, whole(4, 3, "u").u)


def test_combine_by_coords_gap_filled_by_default_and_refused_with_fill_value_none() -> None:
    pieces = [tile(0, 0), tile(0, 3), tile(2, 0)]
    out = la.combine_by_coords(pieces)
    assert np.isnan(out.t.sel(x=3, y=5).item())
    with pytest.raises(ValueError, match=r"complete hypercube: no object at position\(s\) \[1\]\[1\]"):
        la.combine_by_coords(pieces, fill_value=None)


def test_combine_by_coords_unnamed_dataarrays() -> None:
    a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]})
    b = la.DataArray([3, 4], dims="x", coords={"x": [2, 3]})
    out = la.combine_by_coords([b, a])
    assert isinstance(out, la.DataArray)
    assert out.name is None
    assert out.values.tolist() == [1, 2, 3, 4]


def test_combine_by_coords_named_dataarrays_give_a_dataset() -> None:
    a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]}, name="v")
    b = la.DataArray([3, 4], dims="x", coords={"x": [2, 3]}, name="v")
    out = la.combine_by_coords([b, a])
    assert isinstance(out, la.Dataset)
    assert out.v.values.tolist() == [1, 2, 3, 4]


def test_combine_by_coords_single_object_and_empty() -> None:
    assert_identical(la.combine_by_coords([tile(0, 0)]), tile(0, 0))
    assert len(la.combine_by_coords([]).variables) == 0


def test_combine_by_coords_attrs_no_conflicts() -> None:
    a = tile(0, 0).assign_attrs(extra=1)
    out = la.combine_by_coords([a, tile(2, 0)])
    assert out.attrs == {"src": "tile", "extra": 1}
    with pytest.raises(ValueError, match="'src' is 'tile' on object 0 and 'other' on object 1"):
        la.combine_by_coords([tile(0, 0), tile(2, 0).assign_attrs(src="other")])


# -- combine_by_coords: bad input -------------------------------------------------------------


def test_combine_by_coords_overlap_names_the_datasets() -> None:
    a = la.Dataset({"t": ("x", [1, 2, 3])}, coords={"x": [0, 1, 2]})
    b = la.Dataset({"t": ("x", [3, 4])}, coords={"x": [1, 5]})
    with pytest.raises(ValueError, match="object 0 and object 1 overlap along 'x': object 0 ends at 2 and object 1 starts at 1"):
        la.combine_by_coords([a, b])


def test_combine_by_coords_identical_pieces_overlap() -> None:
    with pytest.raises(ValueError, match="could not order the objects"):
        la.combine_by_coords([tile(0, 0), tile(0, 0)])
    with pytest.raises(ValueError, match=r"object 0 and object 2 overlap: they have the same coordinate values"):
        la.combine_by_coords([tile(0, 0), tile(2, 0), tile(0, 0)])


def test_combine_by_coords_non_monotonic_names_the_dataset() -> None:
    a = la.Dataset({"t": ("x", [1, 2])}, coords={"x": [0, 1]})
    b = la.Dataset({"t": ("x", [1, 2, 3])}, coords={"x": [5, 3, 4]})
    with pytest.raises(ValueError, match=r"coordinate 'x' must be monotonic.*it is not on object 1"):
        la.combine_by_coords([a, b])


def test_combine_by_coords_coordinate_without_index() -> None:
    a = la.Dataset({"t": ("x", [1])}, coords={"x": [0]})
    b = la.Dataset({"t": ("x", [2])}, coords=la.Coordinates({"x": ("x", [1])}, indexes={}))
    with pytest.raises(ValueError, match="coordinate 'x' of object 1 has no index"):
        la.combine_by_coords([a, b])


def test_combine_by_coords_bad_objects() -> None:
    with pytest.raises(TypeError, match="argument 1 is a str"):
        la.combine_by_coords([tile(0, 0), "file.nc"])
    a = la.DataArray([1], dims="x", coords={"x": [0]})
    with pytest.raises(ValueError, match=r"unnamed DataArrays with named ones.*name the DataArrays 1"):
        la.combine_by_coords([tile(0, 0), a])


# -- properties -------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 3), st.integers(1, 3), st.randoms(use_true_random=False))
def test_combine_by_coords_of_shuffled_pieces_equals_the_original(nx: int, ny: int, rnd: random.Random) -> None:
    original = whole(2 * nx, 3 * ny)
    pieces = [
        original.isel(x=slice(2 * i, 2 * i + 2), y=slice(3 * j, 3 * j + 3))
        for i in range(nx)
        for j in range(ny)
    ]
    rnd.shuffle(pieces)
    assert_identical(la.combine_by_coords(pieces), original)


# -- compatibility with xarray ----------------------------------------------------------------


def to_xarray(obj: Any, xr: Any) -> Any:
    variables = {k: xr.Variable(v.dims, v.values, dict(v.attrs)) for k, v in obj.variables.items()}
    data = {k: variables[k] for k in obj.data_vars}
    coords = {k: variables[k] for k in obj.coords}
    return xr.Dataset(data, coords=coords, attrs=dict(obj.attrs))


KW = {"compat": "no_conflicts", "data_vars": "all", "coords": "different", "join": "outer"}


@pytest.mark.compat
def test_combine_matches_xarray() -> None:
    xr = pytest.importorskip("xarray")

    def by_coords(lib: Any) -> Any:
        pieces = [tile(2, 3, lib=lib), tile(0, 0, lib=lib), tile(2, 0, lib=lib, name="u"), tile(0, 3, lib=lib)]
        return lib.combine_by_coords(pieces, **KW)

    def nested(lib: Any) -> Any:
        grid = [[tile(0, 0, lib=lib), tile(0, 3, lib=lib)], [tile(2, 0, lib=lib), tile(2, 3, lib=lib)]]
        return lib.combine_nested(grid, concat_dim=["x", "y"], **KW)

    def nested_merge(lib: Any) -> Any:
        grid = [[tile(0, 0, lib=lib), tile(0, 0, lib=lib, name="u")], [tile(2, 0, lib=lib), tile(2, 0, lib=lib, name="u")]]
        return lib.combine_nested(grid, concat_dim=["x", None], **KW)

    for func in (by_coords, nested, nested_merge):
        expected = func(xr)
        actual = func(la)
        xr.testing.assert_identical(to_xarray(actual, xr), expected)
        assert list(actual.data_vars) == list(expected.data_vars)
