from __future__ import annotations

import timeit

import numpy as np
import pandas as pd
import pytest

from labarray.indexes import IndexSelResult, PandasIndex, PandasMultiIndex, map_index_queries
from labarray.indexes.selection import merge_sel_results
from labarray.variable import Variable


@pytest.fixture
def setup():
    lat = PandasIndex(np.linspace(-89.5, 89.5, 180), "lat")
    lon = PandasIndex(np.linspace(0.5, 359.5, 360), "lon")
    mi = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["letter", "num"])
    m = PandasMultiIndex(mi, "z")
    indexes = {"lat": lat, "lon": lon, **dict.fromkeys(["z", "letter", "num"], m)}
    variables = {
        **lat.create_variables(),
        **lon.create_variables(),
        **m.create_variables(),
        "time": Variable("time", np.arange(3)),
        "height": Variable("lat", np.zeros(180)),
        "ta": Variable(("time", "lat", "lon", "lev"), np.zeros((3, 180, 360, 1))),
    }
    return indexes, variables


def test_scalar_nearest(setup):
    indexes, variables = setup
    res = map_index_queries(indexes, variables, {"lat": 12.3, "lon": 45.6}, method="nearest")
    assert res.dim_indexers == {"lat": 102, "lon": 45}


def test_groups_levels_of_one_index(setup):
    indexes, variables = setup
    res = map_index_queries(indexes, variables, {"letter": "a", "num": 2, "lat": slice(0, 1)})
    assert res.dim_indexers == {"z": 1, "lat": slice(90, 91)}
    res = map_index_queries(indexes, variables, {"letter": "b", "lat": 0.5})
    assert res.rename_dims == {"z": "num"}
    assert res.drop_coords == ["z"]
    assert res.drop_indexes == ["letter"]
    assert set(res.indexes) == {"num"}


def test_empty_indexers(setup):
    indexes, variables = setup
    assert map_index_queries(indexes, variables, {}).dim_indexers == {}


def test_dimension_without_index(setup):
    indexes, variables = setup
    with pytest.raises(
        KeyError, match=r"no index found for dimension 'time'.*\.isel\(time=\.\.\.\).*set_index"
    ):
        map_index_queries(indexes, variables, {"time": 1})
    with pytest.raises(KeyError, match=r"no index found for dimension 'lev'"):
        map_index_queries(indexes, variables, {"lev": 0})
    # a non-dimension 1-D coordinate without an index is selected on its values (as xarray)
    assert map_index_queries(indexes, variables, {"height": 0.0}).dim_indexers == {"lat": slice(0, 180)}


def test_unknown_name_lists_and_suggests(setup):
    indexes, variables = setup
    with pytest.raises(
        KeyError,
        match=r"'latt' is not a dimension or coordinate; existing dimensions: lat, lon, z, time, lev.*did you mean 'lat'",
    ):
        map_index_queries(indexes, variables, {"latt": 1.0})


def test_missing_label_message(setup):
    indexes, variables = setup
    with pytest.raises(
        KeyError, match=r"label 12.3 not found in dimension 'lat'; nearest labels: 11.5, 12.5"
    ):
        map_index_queries(indexes, variables, {"lat": 12.3})


def test_method_and_tolerance_passed(setup):
    indexes, variables = setup
    with pytest.raises(KeyError, match=r"within tolerance=0.1"):
        map_index_queries(indexes, variables, {"lat": 12.3}, method="nearest", tolerance=0.1)


def test_merge_conflicting_dims():
    a = IndexSelResult({"x": 1})
    b = IndexSelResult({"x": 2})
    with pytest.raises(ValueError, match=r"labels for dimension 'x' were given through several"):
        merge_sel_results([a, b])
    merged = merge_sel_results(
        [
            IndexSelResult({"x": 1}, drop_coords=["a"]),
            IndexSelResult({"y": 2}, rename_dims={"y": "q"}),
        ]
    )
    assert merged.as_tuple() == ({"x": 1, "y": 2}, {}, {}, ["a"], [], {"y": "q"})


def test_pointwise_selection_with_variables(setup):
    indexes, variables = setup
    stations_lat = Variable("station", [10.2, -45.0])
    stations_lon = Variable("station", [100.1, 3.2])
    res = map_index_queries(
        indexes, variables, {"lat": stations_lat, "lon": stations_lon}, method="nearest"
    )
    assert res.dim_indexers["lat"].dims == ("station",)
    assert res.dim_indexers["lat"].values.tolist() == [100, 45]  # tie -> larger label
    assert res.dim_indexers["lon"].values.tolist() == [100, 3]


@pytest.mark.compat
def test_scalar_sel_faster_than_xarray():
    xr_indexes = pytest.importorskip("xarray.core.indexes")
    values = np.linspace(-89.5, 89.5, 180)
    ours = PandasIndex(values, "lat")
    theirs = xr_indexes.PandasIndex(values, "lat")
    t_ours = min(
        timeit.repeat(lambda: ours.sel({"lat": 12.3}, method="nearest"), number=300, repeat=5)
    )
    t_theirs = min(
        timeit.repeat(lambda: theirs.sel({"lat": 12.3}, method="nearest"), number=300, repeat=5)
    )
    assert t_ours * 3 < t_theirs


def test_unknown_name_without_variables():
    with pytest.raises(KeyError, match=r"^\"'x' is not a dimension or coordinate; coordinates: \(none\)\"$"):
        map_index_queries({}, {}, {"x": 1})
