"""Tests of labarray.structure.index_ops through the public rename/swap_dims/set_index/reset_index."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la


def lat_da() -> la.DataArray:
    return la.DataArray(
        np.arange(6.0), dims="lat", coords={"lat": np.arange(6.0) * 10, "b": ("lat", [1, 1, 1, 2, 2, 2])},
        name="tas",
    )


class TestSetIndexNewName:
    def test_multi_index_with_the_dimension_coordinate_renames_the_dimension(self) -> None:
        out = lat_da().set_index(lat_b=["lat", "b"])
        assert out.dims == ("lat_b",)
        assert list(out.coords) == ["lat_b", "lat", "b"]
        assert out.xindexes["lat_b"].index.names == ["lat", "b"]
        assert out.sel(b=2).lat.values.tolist() == [30.0, 40.0, 50.0]
        assert float(out.sel(lat_b=(10.0, 1))) == 1.0

    def test_dataset_renames_every_variable_along_the_dimension(self) -> None:
        ds = lat_da().to_dataset().assign(other=("lat", np.zeros(6)), c=("lat", np.arange(6)))
        ds = ds.set_coords("c")
        out = ds.set_index(lat_b=["lat", "b"])
        assert dict(out.sizes) == {"lat_b": 6}
        assert all(v.dims == ("lat_b",) for v in out.variables.values())
        assert "c" in out.coords and "c" not in out.xindexes

    def test_append_with_a_new_name(self) -> None:
        out = lat_da().set_index(lat_b=["lat", "b"], append=True)
        assert out.dims == ("lat_b",) and out.xindexes["lat_b"].index.names == ["lat", "b"]

    def test_other_coordinates_are_kept(self) -> None:
        out = lat_da().assign_coords(q=3).set_index(lat_b=["lat", "b"])
        assert out.q.item() == 3

    def test_other_indexes_along_the_dimension_are_kept_and_follow(self) -> None:
        da = lat_da().assign_coords(c=("lat", np.arange(6) * 2)).set_xindex("c")
        out = da.set_index(lat_b=["lat", "b"])
        assert out.xindexes["c"].dim == "lat_b"
        assert float(out.sel(c=4)) == 2.0
        assert "c" in da.set_index(lat="b").xindexes

    def test_single_coordinate_with_a_new_name_is_refused(self) -> None:
        with pytest.raises(ValueError, match=r"'b' lies along 'lat': use set_index\(lat='b'\)"):
            lat_da().set_index(lat_b="b")
        with pytest.raises(ValueError, match=r"to rename dimension 'lat', use rename"):
            lat_da().set_index(lat_b="lat")

    def test_levels_without_the_dimension_coordinate_are_refused(self) -> None:
        da = lat_da().assign_coords(c=("lat", np.arange(6)))
        with pytest.raises(ValueError, match=r"use set_index\(lat=\['b', 'c'\]\), or include the dimension coordinate 'lat'"):
            da.set_index(lat_b=["b", "c"])

    def test_levels_along_different_dimensions(self) -> None:
        ds = la.Dataset(coords={"x": [1, 2], "y": [3, 4, 5]})
        with pytest.raises(ValueError, match=r"dimension 'z' not found; existing dimensions: x, y"):
            ds.set_index(z=["x", "y"])

    def test_missing_variable(self) -> None:
        with pytest.raises(ValueError, match=r"variable 'bb' not found.*did you mean 'b'"):
            lat_da().set_index(lat_b=["lat", "bb"])


@pytest.mark.compat
def test_set_index_new_name_matches_xarray() -> None:
    xr = pytest.importorskip("xarray")
    spec = {"lat": np.arange(6.0) * 10, "b": ("lat", [1, 1, 1, 2, 2, 2])}
    ours = la.DataArray(np.arange(6.0), dims="lat", coords=spec).set_index(lat_b=["lat", "b"])
    theirs = xr.DataArray(np.arange(6.0), dims="lat", coords=spec).set_index(lat_b=["lat", "b"])
    assert ours.dims == theirs.dims
    assert list(ours.coords) == list(theirs.coords)
    assert list(ours.xindexes["lat_b"].index.names) == list(theirs.xindexes["lat_b"].index.names)
    np.testing.assert_array_equal(ours.sel(b=2).values, theirs.sel(b=2).values)
    with pytest.raises(ValueError):
        xr.DataArray(np.arange(6.0), dims="lat", coords=spec).set_index(lat_b="b")
