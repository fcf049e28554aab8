"""The hypothesis strategies produce valid objects, and properties that use them hold."""

from __future__ import annotations

import string

import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings

import labarray.testing.strategies as lst
from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.variable import Variable

FAST = settings(max_examples=30, deadline=None)
SMALL_FLOATS = st.floats(-100, 100, allow_nan=False)


@FAST
@given(lst.dimension_names(min_dims=1, max_dims=4))
def test_dimension_names_are_unique_and_bounded(dims: list[str]) -> None:
    assert 1 <= len(dims) <= 4
    assert len(set(dims)) == len(dims)
    assert all(isinstance(d, str) and d for d in dims)


@FAST
@given(lst.dimension_sizes(min_dims=2, max_dims=3, min_side=2, max_side=4))
def test_dimension_sizes_respect_bounds(sizes: dict[str, int]) -> None:
    assert 2 <= len(sizes) <= 3
    assert all(2 <= n <= 4 for n in sizes.values())


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"min_dims": 3, "max_dims": 1}, "need 0 <= min_dims <= max_dims, got min_dims=3"),
        ({"min_side": 4, "max_side": 2}, "need 0 <= min_side <= max_side, got min_side=4"),
        ({"min_dims": -1}, "min_dims=-1"),
    ],
)
def test_dimension_sizes_bad_bounds(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        lst.dimension_sizes(**kwargs)


def test_dimension_names_bad_bounds() -> None:
    with pytest.raises(ValueError, match="min_dims=2, max_dims=1"):
        lst.dimension_names(min_dims=2, max_dims=1)


@FAST
@given(lst.supported_dtypes())
def test_supported_dtypes(dtype: np.dtype) -> None:
    assert dtype.kind in "biufc"
    assert dtype.isnative
    assert dtype != np.float16


@FAST
@given(lst.names(), lst.attrs())
def test_names_and_attrs(name: str, attrs: dict) -> None:
    assert 1 <= len(name) <= 5 and set(name) <= set(string.ascii_letters)
    assert all(isinstance(k, str) for k in attrs)


@FAST
@given(st.data())
def test_unique_subset_of_mapping_and_list(data: st.DataObject) -> None:
    mapping = {"x": 1, "y": 2, "z": 3}
    sub = data.draw(lst.unique_subset_of(mapping, min_size=1, max_size=2))
    assert 1 <= len(sub) <= 2
    assert all(mapping[k] == v for k, v in sub.items())
    items = ["c", "a", "b"]
    subset = data.draw(lst.unique_subset_of(items))
    assert subset == [i for i in items if i in subset]  # input order kept
    assert data.draw(lst.unique_subset_of([])) == []


@pytest.mark.parametrize(
    ("objs", "kwargs", "match"),
    [
        (["x", "x"], {}, "needs unique elements, got \\['x', 'x'\\]"),
        (["x"], {"min_size": 2}, "len\\(objs\\) = 1, got min_size=2"),
        (["x", "y"], {"min_size": 2, "max_size": 1}, "got min_size=2, max_size=1"),
    ],
)
def test_unique_subset_of_bad_input(objs: list, kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        lst.unique_subset_of(objs, **kwargs)


@FAST
@given(lst.variables())
def test_variables_default(var: Variable) -> None:
    assert isinstance(var, Variable)
    assert var.ndim == len(var.dims) == len(set(var.dims))
    assert var.shape == var.values.shape
    assert var.dtype.kind in "biufc"
    assert isinstance(var.attrs, dict)


@FAST
@given(
    lst.variables(
        dims=st.just({"x": 3, "y": 2}), dtype="float32", elements=st.floats(0, 1, width=32)
    )
)
def test_variables_with_sizes_dtype_and_elements(var: Variable) -> None:
    assert var.dims == ("x", "y")
    assert var.shape == (3, 2)
    assert var.dtype == np.float32
    assert ((var.values >= 0) & (var.values <= 1)).all()


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_variables_rejects_duplicate_dims() -> None:
    with pytest.raises(ValueError, match="dimension names must be unique, got \\['x', 'x'\\]"):
        lst.variables(dims=st.just(["x", "x"])).example()


@FAST
@given(st.integers(0, 6), st.sampled_from(lst.INDEX_KINDS), st.booleans(), st.data())
def test_index_labels(size: int, kind: str, increasing: bool, data: st.DataObject) -> None:
    labels = data.draw(lst.index_labels(size, kind=kind, increasing=increasing))
    assert labels.shape == (size,)
    assert pd.Index(labels).is_unique
    expected_kind = {"int": "i", "float": "f", "datetime": "M", "str": "U"}[kind]
    assert labels.dtype.kind == expected_kind
    if increasing:
        assert pd.Index(labels).is_monotonic_increasing


def test_index_labels_bad_input() -> None:
    with pytest.raises(ValueError, match="unknown kind 'complex'; choose one of"):
        lst.index_labels(3, kind="complex")
    with pytest.raises(ValueError, match="size must be >= 0, got -1"):
        lst.index_labels(-1)
    with pytest.raises(ValueError, match="dataarrays: unknown index_kind 'cftime'"):
        lst.dataarrays(index_kind="cftime")
    with pytest.raises(ValueError, match="datasets: unknown index_kind 'cftime'"):
        lst.datasets(index_kind="cftime")


@FAST
@given(lst.dataarrays())
def test_dataarrays_are_consistent(da: DataArray) -> None:
    assert isinstance(da, DataArray)
    assert da.shape == da.values.shape == tuple(da.sizes.values())
    for name in da.indexes:
        index = da.indexes[name]
        assert index.is_unique
        assert len(index) == da.sizes[name]
    for coord in da.coords.values():
        assert set(coord.dims) <= set(da.dims)
        assert coord.shape == tuple(da.sizes[d] for d in coord.dims)


@FAST
@given(lst.dataarrays(sorted_indexes=True, index_kind="datetime"))
def test_dataarrays_sorted_datetime_indexes(da: DataArray) -> None:
    for name in da.indexes:
        assert da.indexes[name].is_monotonic_increasing
        assert da[name].dtype == np.dtype("datetime64[ns]")


@FAST
@given(lst.dataarrays(coords=False, name=st.just("t2m"), attrs=st.just({"units": "K"})))
def test_dataarrays_without_coords(da: DataArray) -> None:
    assert len(da.coords) == 0
    assert da.name == "t2m"
    assert da.attrs == {"units": "K"}


@FAST
@given(lst.datasets(min_vars=1, index_kind="str"))
def test_datasets_are_consistent(ds: Dataset) -> None:
    assert isinstance(ds, Dataset)
    assert 1 <= len(ds.data_vars) <= 3
    for var in ds.data_vars.values():
        assert set(var.dims) <= set(ds.dims)
        assert var.shape == tuple(ds.sizes[d] for d in var.dims)
    for name in ds.indexes:
        assert ds.indexes[name].is_unique
        assert ds[name].dtype.kind == "U"
    assert not set(ds.data_vars) & set(ds.coords)


def test_datasets_bad_bounds() -> None:
    with pytest.raises(ValueError, match="min_vars=4, max_vars=2"):
        lst.datasets(min_vars=4, max_vars=2)


@FAST
@given(lst.dataarrays(dims=lst.dimension_sizes(min_dims=1), dtype="float64"), st.data())
def test_isel_indexers_are_valid(da: DataArray, data: st.DataObject) -> None:
    indexers = data.draw(lst.isel_indexers(da))
    assert indexers and set(indexers) <= set(da.dims)
    da.isel(indexers)  # positions are in range: must not raise


@FAST
@given(
    lst.dataarrays(dims=lst.dimension_sizes(min_dims=1), dtype="float64", coords=False), st.data()
)
def test_isel_matches_numpy_along_one_dim(da: DataArray, data: st.DataObject) -> None:
    indexers = data.draw(lst.isel_indexers(da, max_dims=1))
    ((dim, key),) = indexers.items()
    axis = da.dims.index(dim)
    expected = da.values[(slice(None),) * axis + (key,)]
    np.testing.assert_array_equal(da.isel(indexers).values, expected)


def test_isel_indexers_bad_min_dims() -> None:
    da = DataArray(np.zeros(3), dims="x")
    with pytest.raises(ValueError, match="min_dims=2 but the object has only 1 dimension"):
        lst.isel_indexers(da, min_dims=2)
    with pytest.raises(ValueError, match="min_dims=1, max_dims=0"):
        lst.isel_indexers(da, max_dims=0)


@FAST
@given(lst.dataarrays(dims=lst.dimension_sizes(min_dims=1), dtype="float64"), st.data())
def test_sel_indexers_select_existing_labels(da: DataArray, data: st.DataObject) -> None:
    if not any(dim in da.indexes for dim in da.dims):
        return
    indexers = data.draw(lst.sel_indexers(da))
    assert set(indexers) <= set(da.indexes)
    da.sel(indexers)  # labels exist: must not raise


def test_sel_indexers_bad_input() -> None:
    da = DataArray(np.zeros(3), coords={"x": [1, 2, 3]}, dims="x")
    with pytest.raises(ValueError, match="kinds must be a non-empty subset"):
        lst.sel_indexers(da, kinds=["nearest"])
    with pytest.raises(ValueError, match="min_dims=2 but the object has only 1 indexed"):
        lst.sel_indexers(da, min_dims=2)


@FAST
@given(
    lst.dataarrays(dims=lst.dimension_sizes(min_dims=1), dtype="float64", elements=SMALL_FLOATS),
    st.data(),
)
def test_isel_agrees_with_sel_on_unique_indexes(da: DataArray, data: st.DataObject) -> None:
    indexed = [dim for dim in da.dims if dim in da.indexes]
    if not indexed:
        return
    dim = data.draw(st.sampled_from(indexed))
    i = data.draw(st.integers(0, da.sizes[dim] - 1))
    assert da.isel({dim: i}).identical(da.sel({dim: da[dim].values[i]}))
    positions = data.draw(st.lists(st.integers(0, da.sizes[dim] - 1), min_size=1, unique=True))
    assert da.isel({dim: positions}).identical(da.sel({dim: da[dim].values[positions]}))


@FAST
@given(
    lst.datasets(min_vars=1, dtype="float64", elements=SMALL_FLOATS, sorted_indexes=True), st.data()
)
def test_dataset_sel_slice_agrees_with_isel(ds: Dataset, data: st.DataObject) -> None:
    indexed = [dim for dim in ds.dims if dim in ds.indexes]
    if not indexed:
        return
    dim = data.draw(st.sampled_from(indexed))
    start = data.draw(st.integers(0, ds.sizes[dim] - 1))
    stop = data.draw(st.integers(start, ds.sizes[dim] - 1))
    labels = ds[dim].values
    assert ds.isel({dim: slice(start, stop + 1)}).identical(
        ds.sel({dim: slice(labels[start], labels[stop])})
    )
