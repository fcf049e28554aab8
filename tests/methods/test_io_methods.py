"""Methods bound by labarray.methods.io: to_netcdf, close, set_close, drop_encoding, with-blocks."""

from __future__ import annotations

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
        assert back.name is None and back.values.tolist() == [5, 6]
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
