"""Tests of labarray.dataset_reductions: which data variables a Dataset reduction keeps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as la

cftime = pytest.importorskip("cftime")


def _cf_dataset(calendar: str = "noleap", n: int = 6) -> la.Dataset:
    times = cftime.num2date(np.arange(n) + 0.5, "days since 2000-02-26", calendar)
    bounds = np.stack([times - pd.Timedelta("12h").to_pytimedelta(), times + pd.Timedelta("12h").to_pytimedelta()], axis=1)
    return la.Dataset(
        {
            "tas": (("time", "x"), np.arange(n * 2, dtype=float).reshape(n, 2)),
            "time_bnds": (("time", "bnds"), bounds),
            "label": ("x", np.array(["a", "b"])),
        },
        coords={"time": times, "x": [10, 20]},
    )


def _dt_dataset(n: int = 6) -> la.Dataset:
    t = pd.date_range("2000-01-01", periods=n, freq="D").values
    return la.Dataset(
        {
            "a": ("time", np.arange(n, dtype=float)),
            "tb": (("time", "bnds"), np.stack([t, t + np.timedelta64(1, "D")], axis=1)),
            "td": ("time", t - t[0]),
            "s": ("x", np.array(["p", "q"])),
        },
        coords={"time": t},
    )


@pytest.mark.parametrize("calendar", ["noleap", "360_day"])
def test_mean_keeps_cftime_variables(calendar: str) -> None:
    ds = _cf_dataset(calendar)
    out = ds.mean("time")
    assert set(out.data_vars) == {"tas", "time_bnds", "label"}
    assert out["time_bnds"].dims == ("bnds",)
    times = ds["time"].values
    # the mean of the bounds is the mean time -/+ 12 h
    assert out["time_bnds"].values[0] == ds["time"].mean().item() - pd.Timedelta("12h").to_pytimedelta()
    assert ds["time"].mean().item() == times[0] + (times[-1] - times[0]) / 2
    assert out["label"].equals(ds["label"])  # no reduced dim: kept as it is
    assert set(ds.median().data_vars) == {"tas", "time_bnds"}
    assert ds.min("time")["time_bnds"].values[1] == ds["time_bnds"].values[0, 1]


def test_numeric_only_reductions_skip_dates_they_cannot_reduce() -> None:
    ds = _dt_dataset()
    for name in ("std", "var", "prod"):
        assert set(getattr(ds, name)("time").data_vars) == {"a", "s"}, name
    out = ds.sum("time")
    assert set(out.data_vars) == {"a", "td", "s"}
    assert out["td"].values == np.timedelta64(15, "D")
    mean = ds.mean("time")
    assert mean["tb"].dtype.kind == "M" and mean["td"].dtype.kind == "m"
    assert mean["tb"].values[0] == np.datetime64("2000-01-03T12:00")
    # every dim reduced: the string variable is reduced by nothing numeric, so dropped
    assert set(ds.mean().data_vars) == {"a", "tb", "td"}
    # reduce with any function keeps dates (the function decides)
    assert set(ds.reduce(np.min, "time", numeric_only=True).data_vars) == {"a", "tb", "td", "s"}


def test_min_max_keep_strings() -> None:
    ds = _dt_dataset()
    assert ds.max()["s"].item() == "q"
    assert ds.min("time")["s"].equals(ds["s"])


def test_quantile_of_cftime_variables() -> None:
    ds = _cf_dataset()
    out = ds.quantile([0.0, 0.5], dim="time")
    assert out["time_bnds"].dims == ("quantile", "bnds")
    assert out["time_bnds"].values[0, 0] == ds["time_bnds"].values[0, 0]
    assert out["time_bnds"].values[1, 1] == ds["time_bnds"].mean("time").values[1]
    assert ds["time"].quantile(1.0).item() == ds["time"].values[-1]
    assert "time_bnds" not in ds.quantile(0.5, dim="time", numeric_only=True)


def test_cftime_reductions_bad_input() -> None:
    ds = _cf_dataset()
    with pytest.raises(TypeError, match="cannot compute std of cftime dates"):
        ds["time_bnds"].std()
    with pytest.raises(ValueError, match="lattitude"):
        ds.mean("lattitude")


def test_dask_cftime_mean() -> None:
    pytest.importorskip("dask")
    ds = _cf_dataset().chunk({"time": 2})
    out = ds.mean("time")
    assert list(out["time_bnds"].values) == list(_cf_dataset().mean("time")["time_bnds"].values)


@pytest.mark.compat
@pytest.mark.parametrize("name", ["mean", "min", "max"])
def test_compat_xarray_cftime_dataset(name: str) -> None:
    xr = pytest.importorskip("xarray")
    ds = _cf_dataset("360_day")
    ref = xr.Dataset(
        {k: (v.dims, v.values) for k, v in ds.data_vars.items()},
        coords={k: (v.dims, v.values) for k, v in ds.coords.items()},
    )
    for dim in ("time", None):
        ours, theirs = getattr(ds, name)(dim), getattr(ref, name)(dim)
        assert set(ours.data_vars) == set(theirs.data_vars)
        for k in ours.data_vars:
            assert list(np.ravel(ours[k].values)) == list(np.ravel(theirs[k].values)), (k, dim)
    t_ours, t_theirs = getattr(ds["time"], name)(), getattr(ref["time"], name)()
    assert t_ours.item() == t_theirs.item()
