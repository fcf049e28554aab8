"""pandas / dict / Dask DataFrame conversions (labarray.methods.interop)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as xr
from labarray.structure import pandas_interop
from labarray.testing import assert_equal, assert_identical, raise_if_dask_computes
from labarray.testing import strategies as lst


@pytest.fixture
def da() -> xr.DataArray:
    return xr.DataArray(
        np.arange(6.0).reshape(2, 3),
        dims=("x", "y"),
        coords={"x": [10, 20], "y": ["a", "b", "c"], "c": ("y", [7, 8, 9])},
        name="v",
        attrs={"units": "m"},
    )


@pytest.fixture
def ds(da: xr.DataArray) -> xr.Dataset:
    out = da.to_dataset()
    out["w"] = ("x", np.array([1, 2]))
    out.attrs["title"] = "t"
    return out


# ------------------------------------------------------------------------------- to_pandas
def test_dataarray_to_pandas_by_ndim(da: xr.DataArray) -> None:
    zero = xr.DataArray(3.0).to_pandas()
    assert isinstance(zero, np.ndarray) and zero.ndim == 0 and zero == 3.0
    series = da.isel(x=0).to_pandas()
    assert isinstance(series, pd.Series) and series.name == "v"
    assert series.index.tolist() == ["a", "b", "c"] and series.index.name == "y"
    frame = da.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert frame.index.tolist() == [10, 20] and frame.columns.tolist() == ["a", "b", "c"]
    np.testing.assert_array_equal(frame.to_numpy(), da.values)


def test_dataarray_to_pandas_too_many_dims() -> None:
    with pytest.raises(ValueError, match=r"3 dimensions \(a, b, c\).*2 dimensions at most"):
        xr.DataArray(np.zeros((1, 1, 1)), dims=("a", "b", "c")).to_pandas()


def test_dataset_to_pandas(ds: xr.Dataset) -> None:
    scalar = xr.Dataset({"a": 1.0, "b": 2}).to_pandas()
    assert isinstance(scalar, pd.Series) and scalar.to_dict() == {"a": 1.0, "b": 2}
    one = ds[["w"]].to_pandas()
    assert isinstance(one, pd.DataFrame) and one["w"].tolist() == [1, 2]
    with pytest.raises(ValueError, match=r"Dataset with 2 dimensions \(x, y\).*use to_dataframe"):
        ds.to_pandas()


# ------------------------------------------------------------------------------- to_series
def test_to_series_multiindex_in_dim_order(da: xr.DataArray) -> None:
    s = da.to_series()
    assert s.name == "v" and s.index.names == ["x", "y"]
    assert s.index.tolist() == [(10, "a"), (10, "b"), (10, "c"), (20, "a"), (20, "b"), (20, "c")]
    np.testing.assert_array_equal(s.to_numpy(), da.values.ravel())
    plain = xr.DataArray([1, 2], dims="t").to_series()
    assert plain.index.tolist() == [0, 1] and plain.index.name == "t"


def test_to_series_expands_a_multiindex_dimension() -> None:
    midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["l1", "l2"])
    arr = xr.DataArray(
        np.arange(8).reshape(4, 2), dims=("z", "t"),
        coords=xr.Coordinates.from_pandas_multiindex(midx, "z"), name="q",
    )
    s = arr.to_series()
    assert s.index.names == ["l1", "l2", "t"]
    assert s.index[3] == ("a", 2, 1) and s.iloc[3] == 3


def test_to_series_of_scalar_fails() -> None:
    with pytest.raises(ValueError, match=r"0-dimensional DataArray to a pandas.Series; use .item"):
        xr.DataArray(1.0).to_series()


# ---------------------------------------------------------------------------- to_dataframe
def test_dataarray_to_dataframe(da: xr.DataArray) -> None:
    df = da.to_dataframe()
    assert df.columns.tolist() == ["c", "v"] and df.index.names == ["x", "y"]
    assert df["c"].tolist() == [7, 8, 9, 7, 8, 9]
    renamed = da.to_dataframe(name="other", dim_order=["y", "x"])
    assert renamed.columns.tolist() == ["c", "other"] and renamed.index.names == ["y", "x"]
    assert renamed["other"].tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]


def test_dataarray_to_dataframe_named_like_a_coordinate() -> None:
    arr = xr.DataArray([1, 2], dims="x", coords={"c": ("x", [5, 6])})
    df = arr.to_dataframe(name="c2")
    assert df.columns.tolist() == ["c", "c2"]


def test_dataarray_to_dataframe_bad_input(da: xr.DataArray) -> None:
    with pytest.raises(ValueError, match="cannot convert an unnamed DataArray to a DataFrame: pass name="):
        da.rename(None).to_dataframe()
    with pytest.raises(ValueError, match=r"dim_order \['x'\] must list every dimension exactly once; dimensions: x, y"):
        da.to_dataframe(dim_order=["x"])
    with pytest.raises(ValueError, match="0-dimensional DataArray to a DataFrame"):
        xr.DataArray(1.0, name="s").to_dataframe()


def test_dataset_to_dataframe_broadcasts_and_orders(ds: xr.Dataset) -> None:
    df = ds.to_dataframe()
    assert df.columns.tolist() == [k for k in ds.variables if k not in ("x", "y")]
    assert df["w"].tolist() == [1, 1, 1, 2, 2, 2] and df["w"].dtype == np.int64
    swapped = ds.to_dataframe(dim_order=["y", "x"])
    assert swapped.index.names == ["y", "x"] and swapped["w"].tolist() == [1, 2] * 3
    with pytest.raises(ValueError, match=r"dim_order \['x', 'x'\] must list every dimension"):
        ds.to_dataframe(dim_order=["x", "x"])
    with pytest.raises(ValueError, match="Dataset without dimensions to a DataFrame"):
        xr.Dataset({"a": 1}).to_dataframe()


def test_dataset_to_dataframe_dask_computes_once(ds: xr.Dataset) -> None:
    chunked = ds.chunk({"x": 1})
    with raise_if_dask_computes(max_computes=1):
        df = chunked.to_dataframe()
    pd.testing.assert_frame_equal(df, ds.to_dataframe())


def test_dataset_to_dataframe_multiindex_levels_not_columns() -> None:
    midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["l1", "l2"])
    ds = xr.Dataset({"v": ("z", [1.0, 2.0, 3.0, 4.0])}, coords=xr.Coordinates.from_pandas_multiindex(midx, "z"))
    df = ds.to_dataframe()
    assert df.columns.tolist() == ["v"] and df.index.names == ["l1", "l2"]
    assert df.index.tolist() == midx.tolist()


# ------------------------------------------------------------------------------ from pandas
def test_from_series_multiindex_fills_missing_combinations() -> None:
    index = pd.MultiIndex.from_tuples([("a", 1), ("b", 2), ("a", 2)], names=["p", "q"])
    arr = xr.DataArray.from_series(pd.Series([1, 2, 3], index=index, name="s"))
    assert arr.name == "s" and arr.dims == ("p", "q")
    np.testing.assert_array_equal(arr.values, [[1.0, 3.0], [np.nan, 2.0]])
    assert arr["p"].dtype == object and arr["q"].values.tolist() == [1, 2]
    complete = xr.DataArray.from_series(pd.Series([1, 2], index=pd.MultiIndex.from_product([["a"], [1, 2]])))
    assert complete.dtype == np.int64 and complete.dims == ("level_0", "level_1") and complete.name is None


def test_from_series_drops_unused_levels_and_reorders_rows() -> None:
    full = pd.MultiIndex.from_product([["a", "b", "c"], [1, 2]], names=["p", "q"])
    arr = xr.DataArray.from_series(pd.Series([3, 1, 2], index=full[[5, 0, 1]]))
    assert arr["p"].values.tolist() == ["a", "c"]
    np.testing.assert_array_equal(arr.values, [[1.0, 2.0], [np.nan, 3.0]])


def test_from_series_sparse_product_checks_duplicates() -> None:
    # far more label combinations than rows: uniqueness is checked without the dense product
    labels = np.arange(600)
    index = pd.MultiIndex.from_arrays([labels, labels], names=["a", "b"])
    assert xr.DataArray.from_series(pd.Series(np.ones(600), index=index)).shape == (600, 600)
    doubled = pd.MultiIndex.from_arrays([np.r_[0, labels], np.r_[0, labels]], names=["a", "b"])
    with pytest.raises(ValueError, match=r"MultiIndex has duplicate entries \(e.g. \(0, 0\)\)"):
        xr.DataArray.from_series(pd.Series(np.ones(601), index=doubled))
    small = index[[0, 0, 1]]  # a dense product: duplicates found by marking positions
    with pytest.raises(ValueError, match="MultiIndex has duplicate entries"):
        xr.DataArray.from_series(pd.Series([1.0, 2.0, 3.0], index=small))


def test_from_series_missing_level_labels() -> None:
    index = pd.MultiIndex.from_tuples([("a", np.nan), ("b", 1.0)], names=["p", "q"])
    with pytest.raises(ValueError, match="MultiIndex level 'q' has missing labels"):
        xr.DataArray.from_series(pd.Series([1, 2], index=index))


def test_from_series_plain_index_keeps_order() -> None:
    s = pd.Series([1.0, 2.0, 3.0], index=pd.Index([30, 10, 20], name="t"))
    arr = xr.DataArray.from_series(s)
    assert arr["t"].values.tolist() == [30, 10, 20] and arr.values.tolist() == [1.0, 2.0, 3.0]
    unnamed = xr.DataArray.from_series(pd.Series([1, 2]))
    assert unnamed.dims == ("index",)


def test_from_dataframe_types_and_names() -> None:
    df = pd.DataFrame({"a": ["x", "y"], "b": [1, 2], "t": pd.to_datetime(["2000-01-01", "2000-01-02"])})
    ds = xr.Dataset.from_dataframe(df)
    assert ds["a"].dtype == object and ds["b"].dtype == np.int64 and ds["t"].dtype.kind == "M"
    assert list(ds.dims) == ["index"]
    nullable = pd.DataFrame({"n": pd.array([1, None], dtype="Int64")})
    values = xr.Dataset.from_dataframe(nullable)["n"].values
    assert values.dtype == np.float64 and np.isnan(values[1])


def test_from_dataframe_bad_input() -> None:
    dup = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.raises(ValueError, match=r"non-unique columns \(e.g. 'a' appears twice\)"):
        xr.Dataset.from_dataframe(dup)
    index = pd.MultiIndex.from_tuples([("a", 1), ("a", 1)], names=["p", "q"])
    with pytest.raises(ValueError, match=r"MultiIndex has duplicate entries \(e.g. \('a', 1\)\)"):
        xr.Dataset.from_dataframe(pd.DataFrame({"v": [1, 2]}, index=index))
    clash = pd.DataFrame({"p": [1]}, index=pd.Index([0], name="p"))
    with pytest.raises(ValueError, match="column 'p' has the name of an index level"):
        xr.Dataset.from_dataframe(clash)
    with pytest.raises(TypeError, match=r"from_dataframe expects a pandas.DataFrame, got Series"):
        xr.Dataset.from_dataframe(pd.Series([1]))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"from_series expects a pandas.Series, got DataFrame"):
        xr.DataArray.from_series(pd.DataFrame({"a": [1]}))  # type: ignore[arg-type]


def test_from_dataframe_sparse_needs_package() -> None:
    try:
        import sparse  # noqa: F401
    except ImportError:
        index = pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["p", "q"])
        with pytest.raises(ImportError, match="pip install sparse"):
            xr.Dataset.from_dataframe(pd.DataFrame({"v": [1.0, 2.0]}, index=index), sparse=True)
    else:  # pragma: no cover - the sparse package is not installed in CI
        index = pd.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["p", "q"])
        out = xr.Dataset.from_dataframe(pd.DataFrame({"v": [1.0, 2.0]}, index=index), sparse=True)
        assert out["v"].shape == (2, 2)


@st.composite
def _indexed_arrays(draw: Any) -> xr.DataArray:
    sizes = draw(lst.dimension_sizes(min_dims=1, max_dims=3, max_side=4))
    coords = {d: (d, draw(lst.index_labels(n, kind=draw(st.sampled_from(["int", "float", "datetime"])))))
              for d, n in sizes.items()}
    dtype = draw(st.sampled_from(["float64", "int64", "float32", "bool"]))
    data = draw(lst.variables(dims=st.just(sizes), dtype=np.dtype(dtype))).values
    return xr.DataArray(data, dims=list(sizes), coords=coords, name=draw(st.none() | lst.names()))


@settings(max_examples=40, deadline=None)
@given(_indexed_arrays())
def test_series_round_trip(arr: xr.DataArray) -> None:
    back = xr.DataArray.from_series(arr.to_series())
    assert_identical(back, arr)


@settings(max_examples=25, deadline=None)
@given(_indexed_arrays(), st.data())
def test_dataframe_round_trip(arr: xr.DataArray, data: st.DataObject) -> None:
    order = data.draw(st.permutations(list(arr.dims)))
    ds = arr.to_dataset(name="__values__")
    back = xr.Dataset.from_dataframe(ds.to_dataframe(dim_order=order))
    assert_equal(back.transpose(*arr.dims), ds)


# ------------------------------------------------------------------------------------ dicts
def test_dataarray_to_dict(da: xr.DataArray) -> None:
    d = da.to_dict()
    assert d["dims"] == ("x", "y") and d["name"] == "v" and d["attrs"] == {"units": "m"}
    assert d["data"] == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    assert d["coords"]["c"] == {"dims": ("y",), "attrs": {}, "data": [7, 8, 9]}
    arrays = da.to_dict(data="array")
    assert isinstance(arrays["data"], np.ndarray)
    meta = da.to_dict(data=False)
    assert meta["dtype"] == "float64" and meta["shape"] == (2, 3) and "data" not in meta
    assert da.to_dict(data=True) == d


def test_to_dict_times_and_encoding() -> None:
    arr = xr.DataArray(np.array(["2000-01-01T12"], dtype="M8[ns]"), dims="t", name="time")
    arr.encoding = {"units": "days since 2000-01-01"}
    d = arr.to_dict(encoding=True)
    assert d["data"][0].isoformat() == "2000-01-01T12:00:00"
    assert d["encoding"] == {"units": "days since 2000-01-01"}
    back = xr.DataArray.from_dict(d)
    assert back.values[0] == arr.values[0] and back.encoding == arr.encoding


def test_coordinate_encoding_round_trip(da: xr.DataArray) -> None:
    da.coords["c"].variable.encoding = {"dtype": "int16"}
    d = da.to_dict(encoding=True)
    assert d["coords"]["c"]["encoding"] == {"dtype": "int16"}
    assert xr.DataArray.from_dict(d).coords["c"].encoding == {"dtype": "int16"}
    assert "encoding" not in da.to_dict()["coords"]["c"]


def test_dataset_to_dict(ds: xr.Dataset) -> None:
    d = ds.to_dict(data=False)
    assert d["dims"] == {"x": 2, "y": 3} and d["attrs"] == {"title": "t"}
    assert set(d["coords"]) == {"x", "y", "c"} and set(d["data_vars"]) == {"v", "w"}
    assert d["data_vars"]["w"] == {"dims": ("x",), "attrs": {}, "dtype": "int64", "shape": (2,)}
    assert "encoding" in ds.to_dict(encoding=True)


def test_dict_round_trips(da: xr.DataArray, ds: xr.Dataset) -> None:
    assert_identical(xr.DataArray.from_dict(da.to_dict()), da)
    assert_identical(xr.DataArray.from_dict(da.to_dict(data="array")), da)
    assert_identical(xr.Dataset.from_dict(ds.to_dict()), ds)
    flat = xr.Dataset.from_dict({"a": {"dims": ("x",), "data": [1, 2], "attrs": {"u": 1}}})
    assert flat["a"].attrs == {"u": 1} and not flat.coords


@settings(max_examples=30, deadline=None)
@given(lst.datasets(dtype=st.sampled_from([np.dtype("float64"), np.dtype("int32"), np.dtype("bool")]),
                    index_kind="int"))
def test_dataset_dict_round_trip_property(dataset: xr.Dataset) -> None:
    assert_identical(xr.Dataset.from_dict(dataset.to_dict()), dataset)


def test_from_dict_bad_input() -> None:
    with pytest.raises(ValueError, match=r"without the key 'data' \(a dict written with to_dict\(data=False\)"):
        xr.DataArray.from_dict({"dims": "x"})
    with pytest.raises(ValueError, match="coordinate 'x' has no key 'data'"):
        xr.DataArray.from_dict({"data": [1], "dims": "x", "coords": {"x": {"dims": "x"}}})
    with pytest.raises(ValueError, match="data variable 'a' has no key 'dims'"):
        xr.Dataset.from_dict({"coords": {}, "data_vars": {"a": {"data": [1]}}})
    with pytest.raises(TypeError, match="variable 'a' must be a dict with keys 'dims' and 'data', got list"):
        xr.Dataset.from_dict({"a": [1, 2]})
    with pytest.raises(TypeError, match="from_dict expects a dict, got list"):
        xr.DataArray.from_dict([1])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r'data must be True, False, "list" or "array", got \'lists\''):
        xr.DataArray([1], dims="x").to_dict(data="lists")  # type: ignore[arg-type]


# --------------------------------------------------------------------- dask dataframe, numpy
def test_to_dask_dataframe_is_lazy_and_matches(ds: xr.Dataset) -> None:
    pytest.importorskip("dask.dataframe")
    chunked = ds.chunk({"x": 1, "y": 2})
    with raise_if_dask_computes():
        ddf = chunked.to_dask_dataframe()
    assert list(ddf.columns) == ["x", "y", "c", "v", "w"]
    got = ddf.compute().reset_index(drop=True)
    expected = ds.to_dataframe().reset_index()
    for name in ["x", "v", "c", "w"]:
        np.testing.assert_array_equal(got[name].to_numpy(), expected[name].to_numpy())
    assert got["y"].astype(object).tolist() == expected["y"].astype(object).tolist()


@pytest.mark.compat
def test_compat_to_dask_dataframe(ds: xr.Dataset) -> None:
    xarray = pytest.importorskip("xarray")
    theirs = xarray.Dataset.from_dict(ds.to_dict()).chunk({"x": 1})
    ours = ds.chunk({"x": 1})
    for kwargs in ({}, {"dim_order": ["y", "x"]}):
        expected = theirs.to_dask_dataframe(**kwargs)
        got = ours.to_dask_dataframe(**kwargs)
        assert list(got.columns) == list(expected.columns)
        pd.testing.assert_frame_equal(
            got.compute().reset_index(drop=True), expected.compute().reset_index(drop=True),
            check_dtype=False,
        )


def test_to_dask_dataframe_numpy_data_dims_without_coords_and_index() -> None:
    pytest.importorskip("dask.dataframe")
    arr = xr.DataArray([[1.0, 2.0], [3.0, 4.0]], dims=("a", "b"), name="v")
    ddf = arr.to_dask_dataframe(dim_order=["b", "a"])
    frame = ddf.compute()
    assert frame["a"].tolist() == [0, 1, 0, 1] and frame["v"].tolist() == [1.0, 3.0, 2.0, 4.0]
    indexed = arr.isel(b=0).to_dask_dataframe(set_index=True).compute()
    assert indexed.index.name == "a" and indexed["v"].tolist() == [1.0, 3.0]


def test_to_dask_dataframe_bad_input(da: xr.DataArray) -> None:
    pytest.importorskip("dask.dataframe")
    with pytest.raises(ValueError, match="cannot convert an unnamed DataArray to a dask DataFrame"):
        da.rename(None).to_dask_dataframe()
    with pytest.raises(ValueError, match=r"set_index=True needs a single dimension.*dimensions: x, y"):
        da.to_dask_dataframe(set_index=True)
    with pytest.raises(ValueError, match=r"dim_order \['q', 'x'\] must list every dimension"):
        da.to_dask_dataframe(dim_order=["q", "x"])
    midx = pd.MultiIndex.from_product([["a"], [1, 2]], names=["l1", "l2"])
    mds = xr.Dataset({"v": ("z", [1.0, 2.0])}, coords=xr.Coordinates.from_pandas_multiindex(midx, "z"))
    with pytest.raises(ValueError, match="dimension 'z', which has a MultiIndex; reset it first"):
        mds.to_dask_dataframe()


def test_dataset_as_numpy(ds: xr.Dataset) -> None:
    chunked = ds.chunk({"x": 1})
    out = chunked.as_numpy()
    assert all(isinstance(v.data, np.ndarray) for v in out.data_vars.values())
    assert_identical(out, ds)
    assert isinstance(out["c"].data, np.ndarray)


# --------------------------------------------------------------------------- pure helpers
def test_product_index_and_dim_order_helpers() -> None:
    idx = pandas_interop.product_index([pd.Index([2, 1], name="a"), pd.Index(["u", "v"], name="b")])
    assert idx.tolist() == [(2, "u"), (2, "v"), (1, "u"), (1, "v")]
    with pytest.raises(ValueError, match="no dimensions to build an index from"):
        pandas_interop.product_index([])
    assert pandas_interop.normalize_dim_order({"a": 1}, None) == ["a"]


# ------------------------------------------------------------------------------ xarray compat
def _to_xarray(obj: Any, xarray: Any) -> Any:
    return xarray.Dataset.from_dict(obj.to_dict()) if isinstance(obj, xr.Dataset) else xarray.DataArray.from_dict(obj.to_dict())


@pytest.mark.compat
def test_compat_frames_and_series(da: xr.DataArray, ds: xr.Dataset) -> None:
    xarray = pytest.importorskip("xarray")
    xda, xds = _to_xarray(da, xarray), _to_xarray(ds, xarray)
    pd.testing.assert_series_equal(da.to_series(), xda.to_series())
    pd.testing.assert_frame_equal(da.to_dataframe(), xda.to_dataframe())
    pd.testing.assert_frame_equal(da.to_dataframe(dim_order=["y", "x"]), xda.to_dataframe(dim_order=["y", "x"]))
    pd.testing.assert_frame_equal(ds.to_dataframe(), xds.to_dataframe())
    pd.testing.assert_frame_equal(da.to_pandas(), xda.to_pandas())
    assert da.to_dict() == xda.to_dict() and ds.to_dict(data=False) == xds.to_dict(data=False)


@pytest.mark.compat
def test_compat_from_pandas() -> None:
    xarray = pytest.importorskip("xarray")
    index = pd.MultiIndex.from_tuples([("b", 2), ("a", 1), ("a", 2)], names=["p", "q"])
    df = pd.DataFrame({"v": [1, 2, 3], "s": ["u", "v", "w"]}, index=index)
    ours, theirs = xr.Dataset.from_dataframe(df), xarray.Dataset.from_dataframe(df)
    pd.testing.assert_frame_equal(ours.to_dataframe(), theirs.to_dataframe(), check_index_type=False)
    assert {k: v.dtype for k, v in ours.variables.items()} == {k: v.dtype for k, v in theirs.variables.items()}
    series = df["v"]
    theirs_da = xarray.DataArray.from_series(series)
    assert_identical(xr.DataArray.from_series(series), xr.DataArray.from_dict(theirs_da.to_dict()))


@pytest.mark.compat
@settings(max_examples=25, deadline=None)
@given(lst.datasets(dtype=st.sampled_from([np.dtype("float64"), np.dtype("int64")]), index_kind="int",
                    dims=lst.dimension_sizes(min_dims=1, max_dims=3, max_side=3), min_vars=1))
def test_compat_dataset_to_dataframe_property(dataset: xr.Dataset) -> None:
    xarray = pytest.importorskip("xarray")
    theirs = xarray.Dataset.from_dict(dataset.to_dict())
    if not dataset.sizes:
        for obj in (dataset, theirs):
            with pytest.raises(ValueError):
                obj.to_dataframe()
        return
    order = list(dataset.sizes)  # from_dict may order the dimensions differently
    ours_df, theirs_df = dataset.to_dataframe(dim_order=order), theirs.to_dataframe(dim_order=order)
    pd.testing.assert_frame_equal(ours_df, theirs_df, check_like=True)
    back = xr.Dataset.from_dataframe(ours_df)
    expected = xarray.Dataset.from_dataframe(theirs_df)
    for name in expected.data_vars:
        np.testing.assert_array_equal(back[name].values, expected[name].values)
        assert back[name].dims == expected[name].dims
