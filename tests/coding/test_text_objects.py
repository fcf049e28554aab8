"""Object arrays on write: text (str/bytes, missing entries) is accepted, other objects refused."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la
from labarray.coding.strings import (
    UnserializableObjectError,
    check_text_objects,
    objects_to_numbers,
    objects_to_text,
)


def _objects(*values: object) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def test_text_and_missing_are_accepted() -> None:
    check_text_objects(_objects("a", b"b", None, float("nan")), "v")
    check_text_objects(np.zeros((0, 2), dtype=object), "v")


@pytest.mark.parametrize(("values", "found", "hint"), [
    (_objects({"a": 1}, {}), "of type dict", r"astype\(str\)"),
    (_objects("a", [1]), r"of type list \(mixed types: list, str\)", r"astype\(str\)"),
    (_objects(1.5, 2), r"of type float \(mixed types: float, int\)", r"astype\(float\)"),
    (_objects(None, 3), "of type int", r"astype\(float\)"),
])
def test_other_objects_are_refused(values: np.ndarray, found: str, hint: str) -> None:
    with pytest.raises(ValueError, match=rf"cannot serialize arbitrary Python objects: variable 'v' holds "
                                         rf"Python objects {found}; Zarr stores .*{hint}"):
        check_text_objects(values, "v", "Zarr")
    # also a TypeError, as before
    with pytest.raises(TypeError, match="arbitrary Python objects"):
        check_text_objects(values, "v")
    assert issubclass(UnserializableObjectError, ValueError)


def test_objects_to_text() -> None:
    out = objects_to_text(_objects("ab", None, b"c", float("nan")).reshape(2, 2))
    assert out.dtype.kind == "U"
    assert out.tolist() == [["ab", ""], ["c", ""]]
    assert objects_to_text(np.zeros(0, dtype=object)).dtype.kind == "U"
    with pytest.raises(ValueError, match=r"variable 'w' holds Python objects of type dict \(mixed types: dict, str\)"):
        objects_to_text(_objects("a", {}), "w")


def test_to_netcdf_refuses_arbitrary_objects(tmp_path) -> None:
    ds = la.Dataset({"v": ("x", _objects({"a": 1}, {"b": 2}))})
    with pytest.raises(ValueError, match=r"cannot serialize arbitrary Python objects: variable 'v'.*netCDF"):
        ds.to_netcdf(tmp_path / "o.nc")
    assert not (tmp_path / "o.nc").exists()


@pytest.mark.compat
def test_refusal_matches_xarray(tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    pytest.importorskip("zarr")
    data = _objects({}, {})
    with pytest.raises(ValueError):
        xr.Dataset({"v": ("x", data)}).to_zarr(tmp_path / "x.zarr", mode="w")
    with pytest.raises(ValueError, match="arbitrary Python objects"):
        la.Dataset({"v": ("x", data)}).to_zarr(tmp_path / "l.zarr", mode="w")


def test_to_netcdf_checks_dask_objects_on_write(tmp_path) -> None:
    pytest.importorskip("dask")
    cftime = pytest.importorskip("cftime")
    bad = la.Dataset({"v": ("x", _objects({"a": 1}, {"b": 2}))}).chunk()
    with pytest.raises(ValueError, match="arbitrary Python objects: variable 'v' holds Python objects of type dict"):
        bad.to_netcdf(tmp_path / "bad.nc")
    assert not (tmp_path / "bad.nc").exists()
    dates = _objects(cftime.DatetimeNoLeap(2000, 1, 1), cftime.DatetimeNoLeap(2000, 1, 2))
    good = la.Dataset({"s": ("x", _objects("a", "bb")), "t": ("x", dates)}).chunk()
    good.to_netcdf(tmp_path / "good.nc")
    with la.open_dataset(tmp_path / "good.nc") as back:
        assert back["s"].values.tolist() == ["a", "bb"] and list(back["t"].values) == list(dates)


def test_objects_to_numbers() -> None:
    out = objects_to_numbers(_objects(1, None, 3))
    assert out.dtype == np.float64 and np.isnan(out[1]) and out[[0, 2]].tolist() == [1.0, 3.0]
    assert objects_to_numbers(_objects(1, 2)).dtype == np.int64
    assert objects_to_numbers(_objects(np.float32(1), np.float32(2))).dtype == np.float32
    assert objects_to_numbers(_objects(True, False)).dtype == bool
    for values in (_objects("a", 1), _objects(1, 2.5), _objects({}, {}), _objects(None, None), _objects("a")):
        assert objects_to_numbers(values) is None


@pytest.mark.parametrize("target", ["netcdf", "zarr"])
def test_numbers_held_as_objects_are_written_as_numbers(tmp_path, target: str) -> None:
    ds = la.Dataset({"f": ("x", _objects(1.5, None)), "i": ("x", _objects(1, 2))})
    if target == "zarr":
        pytest.importorskip("zarr")
        path = str(tmp_path / "n.zarr")
        ds.to_zarr(path)
    else:
        path = str(tmp_path / "n.nc")
        ds.to_netcdf(path)
    with la.open_dataset(path, engine="zarr" if target == "zarr" else None) as back:
        assert back["f"].dtype == np.float64 and back["f"].values[0] == 1.5 and np.isnan(back["f"].values[1])
        assert back["i"].dtype == np.int64 and back["i"].values.tolist() == [1, 2]
    mixed = la.Dataset({"m": ("x", _objects(1.5, 2))})
    with pytest.raises(ValueError, match=r"variable 'm' holds Python objects of type float \(mixed types: float, int\)"):
        mixed.to_zarr(str(tmp_path / "m.zarr")) if target == "zarr" else mixed.to_netcdf(str(tmp_path / "m.nc"))


@pytest.mark.compat
def test_numbers_held_as_objects_match_xarray(tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    data = {"f": ("x", _objects(1.5, None)), "i": ("x", _objects(1, 2))}
    xr.Dataset(data).to_netcdf(tmp_path / "x.nc")
    la.Dataset(data).to_netcdf(tmp_path / "l.nc")
    with xr.open_dataset(tmp_path / "x.nc") as theirs, xr.open_dataset(tmp_path / "l.nc") as ours:
        for name in data:
            assert ours[name].dtype == theirs[name].dtype
            np.testing.assert_array_equal(ours[name].values, theirs[name].values)
