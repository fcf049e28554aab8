"""Methods bound by labarray.methods.io: to_netcdf, close, set_close, drop_encoding, with-blocks."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la
from labarray.io.api import open_dataarray, open_dataset


def test_dataset_and_dataarray_to_netcdf(tmp_path) -> None:
    path = str(tmp_path / "a.nc")
    ds = la.Dataset({"a": ("x", [1.0, 2.0])}, coords={"x": [3, 4]})
    assert ds.to_netcdf(path) is None
    with open_dataset(path) as back:
        assert back["a"].values.tolist() == [1.0, 2.0]
    da = la.DataArray([5, 6], dims="x", coords={"x": [1, 2]}, name="x")  # name clashes with a coordinate
    da.to_netcdf(path)
    with open_dataarray(path) as back:
        assert back.name == "x" and back.values.tolist() == [5, 6]  # kept in a global attribute, as xarray
    assert la.DataArray([1.0], dims="x").to_netcdf()[:4] == b"\x89HDF"
    with pytest.raises(ValueError, match="mode must be 'w' or 'a'"):
        da.to_netcdf(path, mode="r")


def test_close_set_close_and_context_manager() -> None:
    calls = []
    da = la.DataArray([1], dims="x")
    da.set_close(lambda: calls.append("da"))
    with da as same:
        assert same is da
    assert calls == ["da"]
    da.close()  # nothing left to close
    assert calls == ["da"]
    ds = la.Dataset()
    ds.set_close(lambda: calls.append("ds"))
    ds.set_close(None)
    ds.close()
    assert calls == ["da"]
    with pytest.raises(TypeError, match="the closer must be callable or None"):
        ds.set_close("close")


def test_drop_encoding(tmp_path) -> None:
    path = str(tmp_path / "e.nc")
    la.Dataset({"a": ("x", [1.0])}).to_netcdf(path)
    with open_dataset(path) as ds:
        assert ds["a"].encoding and ds.encoding
        clean = ds.drop_encoding()
        assert clean.encoding == {} and all(v.encoding == {} for v in clean.variables.values())
        assert ds["a"].encoding  # the original keeps its encoding
        da = ds["a"].drop_encoding()
        assert da.encoding == {} and da.values.tolist() == [1.0]


def test_dataarray_named_like_a_coordinate_keeps_its_name(tmp_path) -> None:
    da = la.DataArray(np.arange(3.0), dims="x", coords={"x": [1, 2, 3]}, name="x", attrs={"units": "m"})
    path = str(tmp_path / "named.nc")
    da.to_netcdf(path)
    with la.open_dataarray(path) as back:
        assert back.name == "x" and back.attrs == {"units": "m"}
        assert back.values.tolist() == [0.0, 1.0, 2.0] and back["x"].values.tolist() == [1, 2, 3]


@pytest.mark.compat
def test_dataarray_named_like_a_coordinate_matches_xarray(tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    path = str(tmp_path / "xr.nc")
    xr.DataArray(np.arange(2.0), dims="x", coords={"x": [5, 6]}, name="x").to_netcdf(path)
    with la.open_dataarray(path) as ours:
        assert ours.name == "x"
    ours_path = str(tmp_path / "la.nc")
    la.DataArray(np.arange(2.0), dims="x", coords={"x": [5, 6]}, name="x").to_netcdf(ours_path)
    with xr.open_dataarray(ours_path) as theirs:
        assert theirs.name == "x"


# ---------------------------------------------------------------- unnamed DataArrays
@pytest.mark.parametrize("target", ["netcdf", "zarr"])
def test_unnamed_dataarray_is_written_under_xarrays_name(tmp_path, target: str) -> None:
    da = la.DataArray(np.arange(3.0), dims="x", coords={"x": [1, 2, 3]})
    if target == "zarr":
        pytest.importorskip("zarr")
        path, kwargs = str(tmp_path / "u.zarr"), {"engine": "zarr"}
        da.to_zarr(path)
    else:
        path, kwargs = str(tmp_path / "u.nc"), {}
        da.to_netcdf(path)
    with open_dataset(path, **kwargs) as ds:
        assert list(ds.data_vars) == ["__xarray_dataarray_variable__"]
    with open_dataarray(path, **kwargs) as back:
        assert back.name is None and back.values.tolist() == [0.0, 1.0, 2.0]


def test_named_like_a_coordinate_to_zarr_keeps_its_name(tmp_path) -> None:
    pytest.importorskip("zarr")
    path = str(tmp_path / "c.zarr")
    la.DataArray([5.0, 6.0], dims="x", coords={"x": [1, 2]}, name="x").to_zarr(path)
    with open_dataset(path, engine="zarr") as ds:
        assert list(ds.data_vars) == ["__xarray_dataarray_variable__"]
        assert ds.attrs == {"__xarray_dataarray_name__": "x"}
    with open_dataarray(path, engine="zarr") as back:
        assert back.name == "x" and back.values.tolist() == [5.0, 6.0]


def test_earlier_labarray_name_is_read_as_unnamed(tmp_path) -> None:
    path = str(tmp_path / "old.nc")
    la.Dataset({"__labarray_dataarray_variable__": ("x", [1.0])}).to_netcdf(path)
    with open_dataarray(path) as back:
        assert back.name is None


def test_open_dataarray_refuses_several_variables(tmp_path) -> None:
    path = str(tmp_path / "two.nc")
    la.Dataset({"a": ("x", [1.0]), "b": ("x", [2.0])}).to_netcdf(path)
    with pytest.raises(ValueError, match=r"two.nc' has 2 data variables \(a, b\); open it with open_dataset"):
        open_dataarray(path)


@pytest.mark.compat
@pytest.mark.parametrize("target", ["netcdf", "zarr"])
def test_unnamed_dataarray_interoperates_with_xarray(tmp_path, target: str) -> None:
    xr = pytest.importorskip("xarray")
    if target == "zarr":
        pytest.importorskip("zarr")
    ext = "zarr" if target == "zarr" else "nc"
    write = "to_zarr" if target == "zarr" else "to_netcdf"
    kwargs = {"engine": "zarr"} if target == "zarr" else {}
    ours, theirs = str(tmp_path / f"la.{ext}"), str(tmp_path / f"xr.{ext}")
    getattr(la.DataArray(np.arange(2.0), dims="x"), write)(ours)
    getattr(xr.DataArray(np.arange(2.0), dims="x"), write)(theirs)
    with xr.open_dataarray(ours, **kwargs) as back:
        assert back.name is None
    with open_dataarray(theirs, **kwargs) as back:
        assert back.name is None
    with xr.open_dataset(ours, **kwargs) as a, xr.open_dataset(theirs, **kwargs) as b:
        assert list(a.data_vars) == list(b.data_vars)
