"""Files written directly with netCDF4-python the way model output and reanalyses are, read and
written back with labarray (regressions found by QA; xarray is only the oracle in compat tests)."""

from __future__ import annotations

import warnings

import netCDF4
import numpy as np
import pytest

import labarray as la
from labarray.io.api import open_dataset


def _model_file(path: str, format: str = "NETCDF4") -> str:
    """CMIP-like: noleap float days, time_bnds without units, lat_bnds, compressed ta."""
    with netCDF4.Dataset(path, "w", format=format) as nc:
        nc.createDimension("time", None)
        nc.createDimension("bnds", 2)
        nc.createDimension("lat", 2)
        t = nc.createVariable("time", "f8", ("time",))
        t.units, t.calendar, t.bounds = "days since 1850-01-01", "noleap", "time_bnds"
        t[:] = [15.5, 45.0]
        tb = nc.createVariable("time_bnds", "f8", ("time", "bnds"))
        tb[:] = [[0.0, 31.0], [31.0, 59.0]]
        lat = nc.createVariable("lat", "f8", ("lat",))
        lat.bounds = "lat_bnds"
        lat[:] = [-45.0, 45.0]
        lb = nc.createVariable("lat_bnds", "f8", ("lat", "bnds"))
        lb[:] = [[-90.0, 0.0], [0.0, 90.0]]
        ta = nc.createVariable("ta", "f4", ("time", "lat"), zlib=True, complevel=4, fill_value=np.float32(1e20))
        ta.units = "K"
        ta[:] = [[250.0, 260.0], [270.0, 280.0]]
    return path


def test_time_bounds_decode_with_the_time_units(tmp_path) -> None:
    path = _model_file(str(tmp_path / "m.nc"))
    with open_dataset(path) as ds:
        bounds = ds["time_bnds"].values
        assert bounds.dtype == object and bounds[0, 1].month == 2 and bounds[0, 1].day == 1
        assert ds["time_bnds"].encoding["units"] == "days since 1850-01-01"
        assert ds["time_bnds"].encoding["calendar"] == "noleap"
    with open_dataset(path, decode_times=False) as raw:
        assert raw["time_bnds"].dtype == np.float64 and "units" not in raw["time_bnds"].attrs


def test_time_bounds_round_trip_keeps_numbers(tmp_path) -> None:
    path = _model_file(str(tmp_path / "m.nc"))
    out = str(tmp_path / "out.nc")
    with open_dataset(path) as ds:
        ds.to_netcdf(out)
    with netCDF4.Dataset(out) as nc:
        assert nc["time_bnds"].units == "days since 1850-01-01"
        np.testing.assert_array_equal(nc["time_bnds"][:], [[0.0, 31.0], [31.0, 59.0]])


def test_decode_coords_all_writes_bounds_attributes_back(tmp_path) -> None:
    path = _model_file(str(tmp_path / "m.nc"))
    out = str(tmp_path / "out.nc")
    with open_dataset(path, decode_coords="all") as ds:
        assert {"time_bnds", "lat_bnds"} <= set(ds.coords)
        assert "bounds" not in ds["lat"].attrs
        ds.to_netcdf(out)
    with netCDF4.Dataset(out) as nc:
        assert nc["lat"].bounds == "lat_bnds" and nc["time"].bounds == "time_bnds"
        assert "coordinates" not in nc.ncattrs()  # bounds are linked by "bounds", not "coordinates"
    with open_dataset(out, decode_coords="all") as back:
        assert {"time_bnds", "lat_bnds"} <= set(back.coords)


def test_netcdf4_classic_keeps_compression_and_chunks(tmp_path) -> None:
    path = _model_file(str(tmp_path / "m.nc"))
    out = str(tmp_path / "classic.nc")
    with open_dataset(path) as ds:
        ds.to_netcdf(out, format="NETCDF4_CLASSIC", encoding={"ta": {"zlib": True, "complevel": 3,
                                                                      "chunksizes": (1, 2)}})
    with netCDF4.Dataset(out) as nc:
        assert nc.data_model == "NETCDF4_CLASSIC"
        assert nc["ta"].filters()["zlib"] and nc["ta"].filters()["complevel"] == 3
        assert nc["ta"].chunking() == [1, 2]


def test_netcdf3_reports_no_storage_layout(tmp_path) -> None:
    path = _model_file(str(tmp_path / "m3.nc"), format="NETCDF3_64BIT_OFFSET")
    with open_dataset(path) as ds:
        assert "chunksizes" not in ds["ta"].encoding and "contiguous" not in ds["ta"].encoding
        assert "zlib" not in ds["ta"].encoding


def test_compression_flags_read_like_xarray_and_written_back(tmp_path) -> None:
    path = str(tmp_path / "c.nc")
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("x", 50)
        nc.createVariable("z", "f4", ("x",), compression="zstd", complevel=2)[:] = np.arange(50)
        nc.createVariable("b", "f4", ("x",), compression="bzip2")[:] = np.arange(50)
    out = str(tmp_path / "c2.nc")
    with open_dataset(path) as ds:
        enc = ds["z"].encoding
        assert enc["zstd"] is True and enc["szip"] is False and enc["zlib"] is False
        assert "compression" not in enc
        ds.to_netcdf(out)
    with netCDF4.Dataset(out) as nc:
        assert nc["z"].filters()["zstd"] and nc["b"].filters()["bzip2"]
    # the flags are valid encoding keys (False ones are simply ignored)
    ds = la.Dataset({"a": ("x", np.arange(4.0))})
    ds.to_netcdf(str(tmp_path / "c3.nc"), encoding={"a": {"zlib": True, "szip": False, "zstd": False}})
    with netCDF4.Dataset(str(tmp_path / "c3.nc")) as nc:
        assert nc["a"].filters()["zlib"]


def test_big_endian_variables_are_read_as_native(tmp_path) -> None:
    path = str(tmp_path / "be.nc")
    with netCDF4.Dataset(path, "w") as nc, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        nc.createDimension("x", 3)
        nc.createVariable("v", "f8", ("x",), endian="big")[:] = [1.0, 2.0, 3.0]
        assert nc["v"].endian() == "big"
    with open_dataset(path) as ds:
        assert ds["v"].dtype == np.dtype("float64") and ds["v"].dtype.isnative
        assert ds["v"].values.dtype.isnative
        with warnings.catch_warnings():
            warnings.simplefilter("error", UserWarning)  # netCDF4-python warns on non-native dtypes
            ds.to_netcdf(str(tmp_path / "back.nc"))
    with open_dataset(str(tmp_path / "back.nc"), decode_cf=False) as back:
        np.testing.assert_array_equal(back["v"].values, [1.0, 2.0, 3.0])


def test_int64_min_times_are_nat(tmp_path) -> None:
    # xarray writes NaT in integer times as the int64 minimum, without a _FillValue
    path = str(tmp_path / "nat.nc")
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("x", 3)
        t = nc.createVariable("t", "i8", ("x",))
        t.units = "days since 2000-01-01"
        t[:] = np.array([0, np.iinfo(np.int64).min, 2])
    with open_dataset(path) as ds:
        values = ds["t"].values
        assert np.isnat(values[1]) and values[2] == np.datetime64("2000-01-03")


def test_auto_chunks_with_cftime_bounds(tmp_path) -> None:
    pytest.importorskip("dask")
    path = _model_file(str(tmp_path / "m.nc"))
    with open_dataset(path, chunks="auto") as ds:
        assert ds["time_bnds"].chunks == ((2,), (2,))
        assert ds["time_bnds"].values[1, 0].month == 2


@pytest.mark.compat
def test_model_file_matches_xarray(tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    path = _model_file(str(tmp_path / "m.nc"))
    theirs = xr.open_dataset(path)
    with open_dataset(path) as ours:
        for name in theirs.variables:
            assert ours[name].dtype == theirs[name].dtype, name
            np.testing.assert_array_equal(ours[name].values, theirs[name].values, err_msg=str(name))
            for key in ("zlib", "szip", "zstd", "bzip2", "blosc", "complevel", "units", "calendar"):
                assert (key in ours[name].encoding) == (key in theirs[name].encoding), (name, key)
    theirs.close()


def _nemo_file(path: str) -> str:
    """NEMO-like: 2-D nav_lat/nav_lon, a 'coordinates' attribute naming a variable of another file."""
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("time_counter", None)
        nc.createDimension("y", 2)
        nc.createDimension("x", 3)
        for name in ("nav_lat", "nav_lon"):
            nc.createVariable(name, "f4", ("y", "x"))[:] = np.arange(6).reshape(2, 3)
        t = nc.createVariable("time_counter", "f8", ("time_counter",))
        t.units = "seconds since 1900-01-01 00:00:00"
        t[:] = [0.0, 86400.0]
        tos = nc.createVariable("tos", "f4", ("time_counter", "y", "x"), fill_value=np.float32(1e20))
        tos.coordinates = "time_centered nav_lat nav_lon"  # time_centered is not in this file
        tos[:] = np.ones((2, 2, 3), "f4")
    return path


def test_coordinates_attribute_promotes_the_variables_present(tmp_path) -> None:
    path = _nemo_file(str(tmp_path / "nemo.nc"))
    out = str(tmp_path / "out.nc")
    with open_dataset(path) as ds:
        assert {"nav_lat", "nav_lon"} <= set(ds.coords) and "coordinates" not in ds["tos"].attrs
        assert ds["tos"].encoding["coordinates"] == "time_centered nav_lat nav_lon"
        assert ds["tos"].where(ds["nav_lat"] > 2).count().item() == 6  # 3 cells x 2 times
        ds.to_netcdf(out)
    with netCDF4.Dataset(out) as nc:
        assert nc["tos"].coordinates == "nav_lat nav_lon"  # only names that exist are written
    with open_dataset(out) as back:
        assert {"nav_lat", "nav_lon"} <= set(back.coords)


def test_user_coordinates_attribute_is_written_as_given(tmp_path) -> None:
    ds = la.Dataset({"a": (("y", "x"), np.ones((2, 3)), {"coordinates": "lon lat"})},
                    coords={"lat": (("y", "x"), np.zeros((2, 3))), "lon": (("y", "x"), np.zeros((2, 3)))})
    path = str(tmp_path / "c.nc")
    ds.to_netcdf(path)
    with netCDF4.Dataset(path) as nc:
        assert nc["a"].coordinates == "lon lat"
    with open_dataset(path) as back:
        assert {"lat", "lon"} <= set(back.coords)


def test_scalar_selection_after_the_cache_is_filled(tmp_path) -> None:
    path = _model_file(str(tmp_path / "m.nc"))
    with open_dataset(path) as ds:
        total = float(ds["ta"].mean())  # fills the cache of ta
        assert total == 265.0
        assert float(ds["ta"].isel(time=1, lat=0)) == 270.0
        assert float(ds["ta"][0, 1]) == 260.0
        assert ds["ta"].isel(time=[0, 1], lat=1).values.tolist() == [260.0, 280.0]


@pytest.mark.parametrize("format", ["NETCDF4", "NETCDF3_CLASSIC"])
def test_missing_strings_are_written_empty_with_a_warning(tmp_path, format) -> None:
    # as from pandas: object text columns with NaN/None
    ds = la.Dataset({"s": ("x", np.array(["a", np.nan, None], object)),
                     "b": ("x", np.array([b"a", None, b"cc"], object))})
    path = str(tmp_path / "s.nc")
    with pytest.warns(UserWarning, match="missing values") as record:
        ds.to_netcdf(path, format=format)
    messages = sorted(str(w.message) for w in record)
    assert messages[0].startswith("variable 'b' has 1 missing values") and "variable 's' has 2" in messages[1]
    with open_dataset(path) as back:
        assert back["s"].values.tolist() == ["a", "", ""]
        assert back["b"].values.tolist() == [b"a", b"", b"cc"]
    with pytest.raises(TypeError, match="variable 'm' holds Python objects of type dict"):
        la.Dataset({"m": ("x", np.array([{"a": 1}, "b"], object))}).to_netcdf(path, format=format)


def test_round_trip_adds_no_fill_value_to_variables_that_had_none(tmp_path) -> None:
    path = _model_file(str(tmp_path / "m.nc"))
    out = str(tmp_path / "out.nc")
    with open_dataset(path) as ds:
        ds["lat_bnds"] = ds["lat_bnds"].where(ds["lat_bnds"] != 0.0)  # NaN in a variable without fill
        ds.to_netcdf(out)
    with netCDF4.Dataset(out) as nc:
        assert "_FillValue" not in nc["lat"].ncattrs() and "_FillValue" not in nc["time_bnds"].ncattrs()
        assert nc["ta"].getncattr("_FillValue") == np.float32(1e20)
    with open_dataset(out) as back:
        assert np.isnan(back["lat_bnds"].values[0, 1]) and back["lat_bnds"].values[1, 1] == 90.0
    # new float data still gets a NaN _FillValue (as xarray)
    la.Dataset({"n": ("x", [1.0, np.nan])}).to_netcdf(str(tmp_path / "new.nc"))
    with netCDF4.Dataset(str(tmp_path / "new.nc")) as nc:
        assert np.isnan(nc["n"].getncattr("_FillValue"))


def test_missing_cftime_dates_in_an_index_are_explained(tmp_path) -> None:
    path = str(tmp_path / "t360.nc")
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("time", 3)
        t = nc.createVariable("time", "f8", ("time",), fill_value=-999.0)
        t.units, t.calendar = "days since 2000-01-01", "360_day"
        t[:] = [0.5, -999.0, 90.0]
        nc.createVariable("v", "f4", ("time",))[:] = [1, 2, 3]
    with pytest.raises(ValueError, match=r"coordinate 'time' has 1 missing dates.*decode_times=\{'time': False\}"):
        open_dataset(path)
    with open_dataset(path, decode_times={"time": False}) as ds:
        assert np.isnan(ds["time"].values[1]) and ds["v"].values.tolist() == [1.0, 2.0, 3.0]
