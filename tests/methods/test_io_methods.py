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
