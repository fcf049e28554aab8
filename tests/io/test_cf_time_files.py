"""CF time coordinates read from files written with netCDF4-python: calendar-dependent units
("months since" in 360_day, "common_years since" in noleap) and missing dates in cftime indexes."""

from __future__ import annotations

import cftime
import netCDF4
import numpy as np
import pytest

import labarray as la
from labarray.coding.times import OutOfBoundsDatetimeError
from labarray.io.api import open_dataset


def _time_file(path: str, units: str, calendar: str | None, values, dtype: str = "f8",
               fill_value=None) -> str:
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("time", len(values))
        t = nc.createVariable("time", dtype, ("time",), fill_value=fill_value)
        t.units = units
        if calendar is not None:
            t.calendar = calendar
        t[:] = values
        v = nc.createVariable("tas", "f4", ("time",))
        v[:] = np.arange(len(values), dtype="f4")
    return path


@pytest.mark.parametrize("dtype", ["i4", "f8"])
def test_months_since_in_360_day(tmp_path, dtype: str) -> None:
    path = _time_file(str(tmp_path / "m.nc"), "months since 1850-01-16", "360_day", [0, 1, 2, 13], dtype)
    with open_dataset(path) as ds:
        assert ds["time"].values.tolist() == [cftime.Datetime360Day(1850, 1, 16), cftime.Datetime360Day(1850, 2, 16),
                                              cftime.Datetime360Day(1850, 3, 16), cftime.Datetime360Day(1851, 2, 16)]
        assert ds["time"].encoding["units"] == "months since 1850-01-16"
        assert ds["time"].encoding["calendar"] == "360_day"
        assert float(ds["tas"].sel(time=cftime.Datetime360Day(1850, 3, 16))) == 2.0
        out = str(tmp_path / "back.nc")
        ds.to_netcdf(out)
    with netCDF4.Dataset(out) as nc:
        t = nc["time"]
        assert (t.units, t.calendar, t.dtype) == ("months since 1850-01-16", "360_day", np.dtype(dtype))
        assert t[:].tolist() == [0, 1, 2, 13]


def test_fractional_months_and_lazy_data_variables(tmp_path) -> None:
    path = str(tmp_path / "b.nc")
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("time", 2)
        nc.createDimension("bnds", 2)
        t = nc.createVariable("time", "f8", ("time",))
        t.units, t.calendar, t.bounds = "months since 2000-01-01", "360_day", "time_bnds"
        t[:] = [0.5, 1.5]
        b = nc.createVariable("time_bnds", "f8", ("time", "bnds"))
        b[:] = [[0, 1], [1, 2]]
    with open_dataset(path) as ds:
        assert ds["time"].values[1] == cftime.Datetime360Day(2000, 2, 16)
        assert ds["time_bnds"].values[1].tolist() == [cftime.Datetime360Day(2000, 2, 1), cftime.Datetime360Day(2000, 3, 1)]
    with open_dataset(path, chunks={}) as ds:
        assert ds["time_bnds"].compute().values[0, 1] == cftime.Datetime360Day(2000, 2, 1)


def test_common_years_in_noleap(tmp_path) -> None:
    path = _time_file(str(tmp_path / "y.nc"), "common_years since 2000-01-01", "noleap", [0, 1, 2], "i2")
    with open_dataset(path) as ds:
        assert ds["time"].values[2] == cftime.DatetimeNoLeap(2002, 1, 1)


@pytest.mark.parametrize(("units", "calendar", "shown"),
                         [("months since 2000-01-01", None, "standard"),
                          ("months since 2000-01-01", "noleap", "noleap"),
                          ("months since 2000-01-01", "proleptic_gregorian", "proleptic_gregorian"),
                          ("common_years since 2000-01-01", "360_day", "360_day")])
def test_calendar_units_refused_elsewhere(tmp_path, units: str, calendar: str | None, shown: str) -> None:
    path = _time_file(str(tmp_path / "r.nc"), units, calendar, [0, 1, 2])
    with pytest.raises(ValueError, match=rf"time units '{units}' of variable 'time' count .*the calendar is "
                                         rf"'{shown}' -- open the data with decode_times=\{{'time': False\}}"):
        open_dataset(path)
    with open_dataset(path, decode_times=False) as raw:
        assert raw["time"].values.tolist() == [0, 1, 2] and raw["time"].attrs["units"] == units


def test_years_since_refused(tmp_path) -> None:
    path = _time_file(str(tmp_path / "y.nc"), "years since 2000-01-01", "360_day", [0, 1])
    with pytest.raises(ValueError, match=r"'years since 2000-01-01' of variable 'time' \(calendar '360_day'\) count "
                                         r"years.*decode_times=\{'time': False\}"):
        open_dataset(path)


@pytest.mark.parametrize(("dtype", "fill"), [("f8", -999.0), ("i4", -1)])
@pytest.mark.parametrize("calendar", ["noleap", "360_day"])
def test_missing_dates_in_a_cftime_index(tmp_path, dtype: str, fill, calendar: str) -> None:
    values = np.ma.MaskedArray([0, 1, 2, 3], mask=[False, True, False, True])
    path = _time_file(str(tmp_path / "m.nc"), "days since 2000-01-01", calendar, values, dtype, fill)
    with pytest.raises(ValueError, match=rf"coordinate 'time' has 2 missing dates \(fill values, at positions 1, 3\) "
                                         rf"in calendar '{calendar}', which a cftime index cannot hold; open the data "
                                         r"with decode_times=\{'time': False\}"):
        open_dataset(path)
    # the way out the message gives
    with open_dataset(path, decode_times={"time": False}) as raw:
        # float times come masked (NaN); integer ones keep their _FillValue attribute and value
        numbers = raw["time"].values.astype("f8")
        keep = ~np.isnan(numbers) & (numbers != raw["time"].attrs.get("_FillValue", np.nan))
        present = raw.isel(time=keep)
        decoded = la.decode_cf(present)
        assert [d.day for d in decoded["time"].values] == [1, 3]
        assert decoded["tas"].values.tolist() == [0.0, 2.0]


def test_missing_dates_in_a_standard_index_are_nat(tmp_path) -> None:
    values = np.ma.MaskedArray([0, 1, 2], mask=[False, True, False])
    path = _time_file(str(tmp_path / "s.nc"), "days since 2000-01-01", "standard", values, "f8", -999.0)
    with open_dataset(path) as ds:
        assert ds["time"].dtype == np.dtype("M8[ns]") and np.isnat(ds["time"].values[1])


def test_missing_dates_in_a_data_variable_are_none(tmp_path) -> None:
    path = str(tmp_path / "d.nc")
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("x", 3)
        t = nc.createVariable("valid_time", "f8", ("x",), fill_value=-1.0)
        t.units, t.calendar = "months since 2000-01-01", "360_day"
        t[:] = np.ma.MaskedArray([0, 1, 2], mask=[False, True, False])
    with open_dataset(path) as ds:
        assert ds["valid_time"].values.tolist() == [cftime.Datetime360Day(2000, 1, 1), None,
                                                    cftime.Datetime360Day(2000, 3, 1)]


def test_default_fill_value_without_fill_attribute(tmp_path) -> None:
    path = str(tmp_path / "f.nc")
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("time", 3)
        t = nc.createVariable("time", "f8", ("time",))  # no _FillValue attribute
        t.units, t.calendar = "days since 2000-01-01", "noleap"
        t[:2] = [0, 1]  # the last entry keeps netCDF's default fill value
    with pytest.raises(OutOfBoundsDatetimeError, match=r"variable 'time' with units 'days since 2000-01-01' and "
                                                       r"calendar 'noleap'.*netCDF's default fill value.*no _FillValue"):
        open_dataset(path)
    with open_dataset(path, decode_times=False) as raw:
        assert raw["time"].values[2] > 9e36


@pytest.mark.compat
@pytest.mark.parametrize(("units", "calendar"), [("months since 1850-01-16 12:00", "360_day"),
                                                 ("common_years since 2000-01-01", "365_day")])
def test_calendar_units_match_xarray_files(tmp_path, units: str, calendar: str) -> None:
    xr = pytest.importorskip("xarray")
    path = _time_file(str(tmp_path / "x.nc"), units, calendar, [0, 1.5, 2, 25])
    with xr.open_dataset(path) as theirs, open_dataset(path) as ours:
        assert ours["time"].values.tolist() == theirs["time"].values.tolist()
        assert ours["time"].encoding["units"] == theirs["time"].encoding["units"]


@pytest.mark.compat
def test_refused_units_match_xarray_files(tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    path = _time_file(str(tmp_path / "x.nc"), "months since 2000-01-01", "noleap", [0, 1])
    with pytest.raises(ValueError, match="decode_times=False"):
        xr.open_dataset(path)
    with pytest.raises(ValueError, match="decode_times="):
        open_dataset(path)
