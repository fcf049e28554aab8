"""Resample: downsampling by time bins (datetime64 and cftime), upsampling, Dask laziness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.compute.grouping.groupers import SeasonResampler, TimeResampler, UniqueGrouper
from labarray.compute.grouping.resample import DataArrayResample, DatasetResample
from labarray.testing import assert_allclose, raise_if_dask_computes

TIMES = pd.date_range("2000-01-01", periods=100, freq="D")


def make_da() -> xr.DataArray:
    data = np.random.default_rng(0).random((100, 3))
    data[data < 0.1] = np.nan
    return xr.DataArray(data, dims=("time", "x"), coords={"time": TIMES, "x": [1, 2, 3]},
                        name="v", attrs={"units": "mm"})  # fmt: skip


def pandas_resample(da: xr.DataArray, freq: str, how: str, **kwargs: object) -> pd.DataFrame:
    frame = pd.DataFrame(da.values, index=da.time.values)
    return getattr(frame.resample(freq, **kwargs), how)()


@pytest.mark.parametrize(
    "how", ["mean", "sum", "max", "min", "std", "median", "count", "first", "last"]
)
def test_monthly_downsampling_matches_pandas(how: str) -> None:
    da = make_da()
    res = da.resample(time="MS")
    assert isinstance(res, DataArrayResample)
    result = getattr(res, how)(ddof=1) if how == "std" else getattr(res, how)()
    expected = pandas_resample(da, "MS", how)
    assert result.dims == ("time", "x")
    np.testing.assert_array_equal(
        result.time.values, expected.index.values.astype(result.time.dtype)
    )
    np.testing.assert_allclose(result.values, expected.values)
    assert result.attrs == {"units": "mm"}


@pytest.mark.parametrize(
    ("freq", "kwargs"),
    [
        ("ME", {}),
        ("7D", {"closed": "right", "label": "right"}),
        ("5D", {"origin": "epoch"}),
        ("5D", {"offset": "2D"}),
        ("QS-DEC", {}),
        ("10D", {"origin": "end"}),
    ],
)
def test_closed_label_origin_offset_match_pandas(freq: str, kwargs: dict) -> None:
    da = make_da()
    result = da.resample(time=freq, **kwargs).sum()
    expected = pandas_resample(da, freq, "sum", **kwargs)
    np.testing.assert_array_equal(
        result.time.values, expected.index.values.astype(result.time.dtype)
    )
    np.testing.assert_allclose(result.values, expected.values)


def test_dataset_resample_and_quantile() -> None:
    ds = make_da().to_dataset().assign(c=("x", [1.0, 2.0, 3.0]))
    res = ds.resample(time="MS")
    assert isinstance(res, DatasetResample)
    out = res.mean()
    assert out["v"].dims == ("time", "x")
    assert out["c"].dims == ("time", "x")
    q = ds.resample(time="MS").quantile(0.5)
    np.testing.assert_allclose(q["v"].values, pandas_resample(make_da(), "MS", "median").values)


def test_empty_bins_and_iteration() -> None:
    times = pd.DatetimeIndex(["2000-01-05", "2000-01-06", "2000-03-02"])
    da = xr.DataArray([1.0, 2.0, 4.0], dims="time", coords={"time": times})
    mean = da.resample(time="MS").mean()
    assert mean.sizes["time"] == 3
    assert np.isnan(mean.values[1])
    # as xarray (not pandas): the sum and count of an empty bin are missing
    total = da.resample(time="MS").sum().values
    assert total[::2].tolist() == [3.0, 4.0] and np.isnan(total[1])
    groups = [(str(label)[:10], sub.values.tolist()) for label, sub in da.resample(time="MS")]
    assert groups == [("2000-01-01", [1.0, 2.0]), ("2000-03-01", [4.0])]
    mapped = da.resample(time="MS").map(lambda s: s.max())
    assert mapped.values.tolist()[::2] == [2.0, 4.0]
    assert np.isnan(mapped.values[1])
    assert len(da.resample(time="MS")) == 3
    assert len(da.groupby("time.month")) == 2


def test_upsampling_methods() -> None:
    times = pd.date_range("2000-01-01", periods=3, freq="D")
    da = xr.DataArray(
        [0.0, 4.0, 8.0], dims="time", coords={"time": times, "n": ("time", [1, 2, 3])}
    )
    res = da.resample(time="6h")
    asfreq = res.asfreq()
    assert asfreq.sizes["time"] == 9
    assert np.isnan(asfreq.values[1]) and asfreq.values[4] == 4.0
    assert "n" not in asfreq.coords
    assert res.ffill().values.tolist()[:5] == [0.0, 0.0, 0.0, 0.0, 4.0]
    assert res.pad().values.tolist() == res.ffill().values.tolist()
    assert res.bfill().values.tolist()[:5] == [0.0, 4.0, 4.0, 4.0, 4.0]
    assert res.backfill().values.tolist() == res.bfill().values.tolist()
    assert res.nearest().values.tolist()[:5] == [0.0, 0.0, 4.0, 4.0, 4.0]  # ties: pandas' choice
    assert res.interpolate().values.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]
    assert res.interpolate("nearest").values.tolist()[:4] == [0.0, 0.0, 0.0, 4.0]
    assert res.interpolate("zero").values.tolist()[:5] == [0.0, 0.0, 0.0, 0.0, 4.0]
    assert res.interpolate("next").values.tolist()[:3] == [0.0, 4.0, 4.0]
    limited = res.ffill(tolerance="6h").values
    assert limited[:2].tolist() == [0.0, 0.0] and np.isnan(limited[2])
    with pytest.raises(ValueError, match="unknown interpolation kind 'spline'"):
        res.interpolate("spline")


def test_cubic_interpolation_through_scipy() -> None:
    pytest.importorskip("scipy")
    times = pd.date_range("2000-01-01", periods=5, freq="D")
    da = xr.DataArray(np.arange(5.0) ** 2, dims="time", coords={"time": times})
    out = da.resample(time="12h").interpolate("cubic")
    np.testing.assert_allclose(out.values[1], 0.25, atol=1e-8)


def test_integer_data_interpolates_to_float_on_dataset() -> None:
    times = pd.date_range("2000-01-01", periods=2, freq="D")
    ds = xr.Dataset({"a": ("time", [0, 2])}, coords={"time": times})
    out = ds.resample(time="12h").interpolate()
    assert out["a"].values.tolist() == [0.0, 1.0, 2.0]


def test_cftime_resample_matches_datetime() -> None:
    cftime = pytest.importorskip("cftime")
    da = make_da()
    ctimes = np.array([cftime.datetime(t.year, t.month, t.day, calendar="standard") for t in TIMES])
    cda = da.assign_coords(time=ctimes)
    for freq in ["MS", "ME", "5D", "QS-DEC"]:
        expected = da.resample(time=freq).mean()
        result = cda.resample(time=freq).mean()
        np.testing.assert_allclose(result.values, expected.values)
        assert [str(t)[:10] for t in result.time.values] == [
            str(t)[:10] for t in expected.time.values
        ]


def test_cftime_noleap_monthly() -> None:
    cftime = pytest.importorskip("cftime")
    times = np.array([cftime.datetime(2001, 2, d, calendar="360_day") for d in (1, 30)]
                     + [cftime.datetime(2001, 3, 1, calendar="360_day")])  # fmt: skip
    da = xr.DataArray([1.0, 2.0, 3.0], dims="time", coords={"time": times})
    result = da.resample(time="MS").sum()
    assert result.values.tolist() == [3.0, 3.0]
    assert result.time.values[0] == cftime.datetime(2001, 2, 1, calendar="360_day")
    up = da.isel(time=[0, 1]).resample(time="10D").interpolate()
    assert up.values.tolist()[:3] == [1.0, pytest.approx(1 + 10 / 29), pytest.approx(1 + 20 / 29)]


def test_resampler_objects_and_seasons() -> None:
    da = make_da()
    via_object = da.resample(time=TimeResampler("MS")).sum()
    assert_allclose(via_object, da.resample(time="MS").sum())
    monthly = xr.DataArray(np.arange(24.0), dims="time",
                           coords={"time": pd.date_range("2000-01-01", periods=24, freq="MS")})  # fmt: skip
    seasonal = monthly.resample(time=SeasonResampler(["DJF", "MAM", "JJA", "SON"])).sum()
    labels = [str(t)[:10] for t in seasonal.time.values]
    assert labels[:3] == ["2000-03-01", "2000-06-01", "2000-09-01"]  # the incomplete DJF is dropped
    assert seasonal.values.tolist()[:4] == [9.0, 18.0, 27.0, 36.0]
    kept = monthly.resample(
        time=SeasonResampler(["DJF", "MAM", "JJA", "SON"], drop_incomplete=False)
    ).sum()
    assert str(kept.time.values[0])[:10] == "1999-12-01"
    assert kept.values[0] == 1.0


def test_resample_errors() -> None:
    da = make_da()
    with pytest.raises(
        ValueError, match=r"cannot resample over 'tim': not a dimension.*did you mean 'time'"
    ):
        da.resample(tim="MS")
    with pytest.raises(ValueError, match="exactly one dimension=frequency pair, got 2"):
        da.resample(time="MS", x="D")
    with pytest.raises(
        TypeError, match="needs a datetime64 or cftime variable, but 'x' has dtype int64"
    ):
        da.resample(x="D")
    with pytest.raises(ValueError, match="invalid resampling frequency 'monthly'"):
        da.resample(time="monthly")
    with pytest.raises(ValueError, match="closed must be 'left', 'right' or None"):
        da.resample(time="MS", closed="middle")
    with pytest.raises(TypeError, match="resample needs a Resampler"):
        da.resample(time=UniqueGrouper())
    with pytest.raises(ValueError, match="origin must be one of"):
        da.resample(time="5D", origin="sometime").mean()
    no_coord = xr.DataArray(np.zeros(3), dims="t")
    with pytest.raises(ValueError, match="'t': the dimension has no coordinate"):
        no_coord.resample(t="D")


def test_resample_skipna_default() -> None:
    da = make_da()
    result = da.resample(time="MS", skipna=False).mean()
    assert np.isnan(result.values).any()
    np.testing.assert_allclose(
        np.nan_to_num(result.values),
        np.nan_to_num(pandas_resample(da, "MS", "mean").values) * ~np.isnan(result.values),
    )


def test_dask_resample_is_lazy() -> None:
    pytest.importorskip("dask")
    da = make_da()
    lazy = da.chunk({"time": 30})
    with raise_if_dask_computes():
        result = lazy.resample(time="MS").mean()
        up = lazy.resample(time="12h").interpolate()
    assert result.chunks is not None
    assert_allclose(result.compute(), da.resample(time="MS").mean())
    assert_allclose(up.compute(), da.resample(time="12h").interpolate())


@pytest.mark.compat
@pytest.mark.parametrize("freq", ["MS", "QS-DEC", "6h"])
def test_compat_with_xarray_resample(freq: str) -> None:
    xarray = pytest.importorskip("xarray")
    da = make_da()
    xda = xarray.DataArray(da.values, dims=da.dims, coords={"time": TIMES, "x": [1, 2, 3]})
    ours = da.resample(time=freq)
    theirs = xda.resample(time=freq)
    if freq == "6h":
        np.testing.assert_allclose(ours.interpolate().values, theirs.interpolate().values)
        np.testing.assert_allclose(ours.ffill().values, theirs.ffill().values)
    else:
        np.testing.assert_allclose(ours.mean().values, theirs.mean().values)
        np.testing.assert_array_equal(ours.mean().time.values, theirs.mean().time.values)


def test_contiguous_grouped_reduce_blocks() -> None:
    pytest.importorskip("dask")
    import dask.array as dsa

    from labarray.compute.grouping.blockwise import contiguous_grouped_reduce, is_contiguous

    assert is_contiguous(np.array([-1, 0, 0, -1, 2, 2]))
    assert not is_contiguous(np.array([1, 0]))
    assert not is_contiguous(np.array([-1, -1]))
    values = np.arange(12.0).reshape(2, 6)
    codes = np.array([-1, 0, 0, 0, 2, 2])  # group 1 empty, a group spans the chunk edge
    lazy = dsa.from_array(values, chunks=(1, 2))
    result = contiguous_grouped_reduce(lazy, codes, 4, 1, "sum")
    assert result.shape == (2, 4)
    np.testing.assert_allclose(result.compute(), [[6.0, 0.0, 9.0, 0.0], [24.0, 0.0, 21.0, 0.0]])
    mean = contiguous_grouped_reduce(lazy, codes, 4, 1, "mean").compute()
    assert np.isnan(mean[:, [1, 3]]).all()
    np.testing.assert_allclose(mean[:, 0], [2.0, 8.0])


def test_dask_groupby_of_sorted_groups_uses_blocks() -> None:
    pytest.importorskip("dask")
    da = make_da().assign_coords(block=("time", np.arange(100) // 7))
    lazy = da.chunk({"time": 10})
    result = lazy.groupby("block").max()
    layers = list(result.data.__dask_graph__().layers)
    assert any(name.startswith("reduce_block") for name in layers)  # the per-block path
    assert_allclose(result.compute(), da.groupby("block").max())


@pytest.mark.compat
def test_dataset_resample_mean_keeps_cftime_bounds_as_xarray() -> None:
    xarray = pytest.importorskip("xarray")
    pytest.importorskip("cftime")

    def build(lib):
        times = lib.date_range("2000-01-01", periods=60, freq="D", calendar="noleap")
        lower = lib.date_range("2000-01-01", periods=61, freq="D", calendar="noleap")
        bounds = np.stack([np.asarray(lower)[:-1], np.asarray(lower)[1:]], axis=1)
        return lib.Dataset({"tas": ("time", np.arange(60.0)), "time_bnds": (("time", "bnds"), bounds)},
                           coords={"time": times})

    ours = build(xr).resample(time="MS").mean()
    theirs = build(xarray).resample(time="MS").mean()
    assert list(ours.data_vars) == list(theirs.data_vars) == ["tas", "time_bnds"]
    assert ours["time_bnds"].values.tolist() == theirs["time_bnds"].values.tolist()
    np.testing.assert_allclose(ours["tas"].values, theirs["tas"].values)
