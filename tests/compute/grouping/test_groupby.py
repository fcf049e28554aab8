"""GroupBy: resolution of groups, reductions, iteration, map, grouped arithmetic, Dask laziness."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as xr
from labarray.compute.grouping.groupby import DataArrayGroupBy, DatasetGroupBy
from labarray.compute.grouping.groupers import BinGrouper, SeasonGrouper, UniqueGrouper
from labarray.testing import assert_allclose, assert_identical, raise_if_dask_computes

TIMES = pd.date_range("2000-01-01", periods=120, freq="D")


def make_da(nan: bool = True) -> xr.DataArray:
    rng = np.random.default_rng(0)
    data = rng.random((3, 120, 2))
    if nan:
        data[data < 0.1] = np.nan
    return xr.DataArray(
        data, dims=("x", "time", "y"), name="a", attrs={"units": "K"},
        coords={"time": TIMES, "x": [10, 20, 30], "lab": ("time", np.arange(120))},
    )  # fmt: skip


def month_mean_reference(da: xr.DataArray) -> np.ndarray:
    months = TIMES.month.to_numpy()
    return np.stack(
        [np.nanmean(da.values[:, months == m], axis=1) for m in np.unique(months)], axis=1
    )


def test_groupby_virtual_month_mean_matches_numpy() -> None:
    da = make_da()
    gb = da.groupby("time.month")
    assert isinstance(gb, DataArrayGroupBy)
    result = gb.mean()
    assert result.dims == ("x", "month", "y")
    assert result.month.values.tolist() == [1, 2, 3, 4]
    np.testing.assert_allclose(result.values, month_mean_reference(da))
    assert result.attrs == {"units": "K"}
    assert result.name == "a"
    assert "lab" not in result.coords  # coordinates along the grouped dimension are dropped
    assert result.x.values.tolist() == [10, 20, 30]


@pytest.mark.parametrize("func", ["sum", "min", "max", "std", "var", "median", "count", "prod"])
def test_every_reduction_matches_per_group_numpy(func: str) -> None:
    da = make_da()
    result = getattr(da.groupby("time.month"), func)()
    months = TIMES.month.to_numpy()
    if func == "count":
        ref_func = lambda v, axis: np.sum(~np.isnan(v), axis=axis)  # noqa: E731
    else:
        ref_func = getattr(np, f"nan{func}")
    expected = np.stack([ref_func(da.values[:, months == m], axis=1) for m in (1, 2, 3, 4)], axis=1)
    np.testing.assert_allclose(result.values, expected)


def test_reduce_over_all_dims_and_keep_attrs_false() -> None:
    da = make_da()
    result = da.groupby("time.month").sum(..., keep_attrs=False)
    assert result.dims == ("month",)
    assert result.attrs == {}
    months = TIMES.month.to_numpy()
    assert np.allclose(result.values, [np.nansum(da.values[:, months == m]) for m in (1, 2, 3, 4)])


def test_reduce_with_extra_dim() -> None:
    da = make_da()
    result = da.groupby("time.month").mean(dim="y")
    assert result.dims == ("x", "month")
    months = TIMES.month.to_numpy()
    expected = np.stack(
        [np.nanmean(da.values[:, months == m], axis=(1, 2)) for m in (1, 2, 3, 4)], axis=1
    )
    np.testing.assert_allclose(result.values, expected)


def test_skipna_false_and_min_count() -> None:
    da = xr.DataArray([1.0, np.nan, 2.0, 3.0], dims="x", coords={"g": ("x", [0, 0, 1, 1])})
    assert np.isnan(da.groupby("g").sum(skipna=False).values[0])
    assert da.groupby("g").sum(min_count=2).values.tolist()[1] == 5.0
    assert np.isnan(da.groupby("g").sum(min_count=2).values[0])


def test_keepdims_is_refused() -> None:
    with pytest.raises(ValueError, match="keepdims=True is not supported by grouped mean"):
        make_da().groupby("time.month").mean(keepdims=True)


def test_groupby_dataset_mean_broadcasts_variables_without_group_dim() -> None:
    ds = make_da().to_dataset().assign(b=("x", [1.0, 2.0, 3.0]), s=("time", np.array(["a"] * 120)))
    gb = ds.groupby("time.month")
    assert isinstance(gb, DatasetGroupBy)
    result = gb.mean()
    assert result["a"].dims == ("month", "x", "y")  # a Dataset's group dimension comes first (xarray)
    assert result["b"].dims == ("month", "x")
    assert result["b"].values[2].tolist() == [1.0, 2.0, 3.0]
    assert "s" not in result  # not numeric: dropped by mean, as xarray does
    assert result.attrs == ds.attrs


def test_groupby_name_and_dataarray_and_unknown_name() -> None:
    da = make_da()
    by_coord = da.groupby("lab").sum()
    assert by_coord.sizes["lab"] == 120
    group = xr.DataArray(np.arange(120) % 3, dims="time", name="third")
    assert da.groupby(group).mean().third.values.tolist() == [0, 1, 2]
    with pytest.raises(KeyError, match=r"cannot group by 'labb'.*did you mean 'lab'"):
        da.groupby("labb")
    with pytest.raises(ValueError, match="must have a name"):
        da.groupby(xr.DataArray(np.arange(120), dims="time"))
    with pytest.raises(
        ValueError, match="has 5 values along 'time' but the grouped object has 120"
    ):
        da.groupby(xr.DataArray(np.arange(5), dims="time", name="g"))
    with pytest.raises(TypeError, match="group must be a variable name"):
        da.groupby(np.arange(3))
    with pytest.raises(KeyError, match=r"'mnth' in 'time\.mnth' is not a component"):
        da.groupby("time.mnth")
    with pytest.raises(ValueError, match="squeeze=True is no longer supported"):
        da.groupby("lab", squeeze=True)
    with pytest.raises(ValueError, match="either `group` or groupers"):
        da.groupby("lab", lab=UniqueGrouper())
    with pytest.raises(TypeError, match="must be a Grouper"):
        da.groupby(lab="unique")
    with pytest.raises(ValueError, match="cannot reduce over dimension 'z'"):
        da.groupby("time.month").mean(dim="z")


def test_several_groupers_give_one_dim_each() -> None:
    da = make_da().assign_coords(parity=("time", np.arange(120) % 2))
    result = da.groupby(["time.month", "parity"]).sum()
    assert result.dims == ("x", "month", "parity", "y")
    months = TIMES.month.to_numpy()
    parity = np.arange(120) % 2
    sel = (months == 2) & (parity == 1)
    np.testing.assert_allclose(result.values[:, 1, 1], np.nansum(da.values[:, sel], axis=1))
    as_kwargs = da.groupby(parity=UniqueGrouper(), lab=BinGrouper([-1, 60, 120])).count()
    assert as_kwargs.dims == ("x", "parity", "lab_bins", "y")
    assert int(as_kwargs.sum()) == int(da.count())
    labels = [(k, v.sizes["time"]) for k, v in da.groupby(["parity", "time.month"])][:2]
    assert labels == [((0, 1), 16), ((0, 2), 14)]


def test_unique_grouper_labels_and_empty_groups() -> None:
    da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", ["a", "b", "a"])})
    result = da.groupby(g=UniqueGrouper(labels=["b", "a", "c"])).sum()
    assert result.g.values.tolist() == ["b", "a", "c"]
    assert result.values.tolist() == [2.0, 4.0, 0.0]
    assert np.isnan(da.groupby(g=UniqueGrouper(labels=["c"])).mean().values[0])


def test_nan_group_values_are_left_out() -> None:
    da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x", coords={"g": ("x", [1.0, np.nan, 1.0, 2.0])})
    result = da.groupby("g").sum()
    assert result.g.values.tolist() == [1.0, 2.0]
    assert result.values.tolist() == [4.0, 4.0]
    anomalies = da.groupby("g") - result
    assert np.isnan(anomalies.values[1])


def test_iteration_groups_len_repr() -> None:
    da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x", coords={"g": ("x", ["b", "a", "b", "c"])})
    gb = da.groupby("g")
    assert len(gb) == 3
    assert gb.groups == {"a": [1], "b": [0, 2], "c": [3]}
    pieces = [(label, sub.values.tolist()) for label, sub in gb]
    assert pieces == [("a", [2.0]), ("b", [1.0, 3.0]), ("c", [4.0])]
    assert "3 groups with labels a, b, c" in repr(gb)
    assert gb.dims == ("x",)
    assert dict(da.to_dataset(name="v").groupby("g").dims) == {"x": 4}
    assert [enc.name for enc in gb.groupers] == ["g"]


def test_map_restores_order_and_stacks_reduced_results() -> None:
    da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x", coords={"g": ("x", ["b", "a", "b", "a"])})
    centered = da.groupby("g").map(lambda s: s - s.mean())
    assert centered.values.tolist() == [-1.0, -1.0, 1.0, 1.0]
    assert centered.g.values.tolist() == ["b", "a", "b", "a"]
    means = da.groupby("g").map(lambda s, k: s.mean() * k, args=(2,))
    assert means.dims == ("g",)
    assert means.values.tolist() == [6.0, 4.0]
    with pytest.raises(TypeError, match="must return DataArrays or Datasets, got float"):
        da.groupby("g").map(lambda s: 1.0)


def test_reduce_with_custom_function() -> None:
    da = xr.DataArray([1.0, 5.0, 3.0, 4.0], dims="x", coords={"g": ("x", [0, 1, 0, 1])})
    assert da.groupby("g").reduce(np.ptp).values.tolist() == [2.0, 1.0]
    with pytest.raises(ValueError, match="cannot reduce over dimension 'q'"):
        da.groupby("g").reduce(np.ptp, dim="q")


def test_quantile_first_last() -> None:
    da = make_da()
    gb = da.groupby("time.month")
    q = gb.quantile([0.25, 0.75])
    assert q.dims == ("x", "month", "y", "quantile")
    assert q["quantile"].values.tolist() == [0.25, 0.75]
    months = TIMES.month.to_numpy()
    np.testing.assert_allclose(
        q.values[:, 0, :, 1], np.nanquantile(da.values[:, months == 1], 0.75, axis=1)
    )
    scalar = gb.quantile(0.5)
    assert scalar.dims == ("x", "month", "y")
    assert float(scalar["quantile"]) == 0.5
    np.testing.assert_allclose(scalar.values, gb.median().values)
    simple = xr.DataArray([np.nan, 2.0, 3.0, 4.0], dims="x", coords={"g": ("x", [0, 0, 1, 1])})
    assert simple.groupby("g").first().values.tolist() == [2.0, 3.0]
    assert np.isnan(simple.groupby("g").first(skipna=False).values[0])
    assert simple.groupby("g").last().values.tolist() == [2.0, 4.0]
    with pytest.raises(TypeError, match="pass only one of method and interpolation"):
        gb.quantile(0.5, method="nearest", interpolation="lower")


def test_anomalies_both_orders_and_coordinate() -> None:
    da = make_da()
    gb = da.groupby("time.month")
    clim = gb.mean()
    anomalies = gb - clim
    months = TIMES.month.to_numpy()
    expected = da.values - clim.values[:, months - 1, :]
    np.testing.assert_allclose(anomalies.values, expected)
    assert anomalies.dims == da.dims
    assert anomalies.month.dims == ("time",)
    assert anomalies.attrs == {"units": "K"}
    reverse = clim - gb
    np.testing.assert_allclose(reverse.values, -expected)
    ratio = gb / clim
    np.testing.assert_allclose(ratio.values, da.values / clim.values[:, months - 1, :])
    assert (gb > clim).dtype == bool


def test_anomalies_dataset_and_missing_labels() -> None:
    ds = make_da().to_dataset()
    clim = ds.groupby("time.month").mean()
    anomalies = ds.groupby("time.month") - clim
    np.testing.assert_allclose(
        anomalies["a"].values, (make_da().groupby("time.month") - clim["a"]).values
    )
    partial = clim.isel(month=[0, 1])
    result = ds.groupby("time.month") - partial
    assert np.isnan(result["a"].values[:, TIMES.month == 3]).all()


def test_binary_op_errors() -> None:
    gb = make_da().groupby("time.month")
    with pytest.raises(
        ValueError, match="the group variable 'month' is not a dimension of the other argument"
    ):
        gb - xr.DataArray([1.0, 2.0], dims="season")
    with pytest.raises(
        TypeError, match="needs a DataArray or Dataset indexed by the group labels, got int"
    ):
        gb - 1
    with pytest.raises(ValueError, match="no index to match them with the 4 groups"):
        gb - xr.DataArray([1.0, 2.0], dims="month")


def test_where_fillna_assign_coords_assign() -> None:
    da = xr.DataArray([1.0, np.nan, 3.0, np.nan], dims="x", coords={"g": ("x", [0, 0, 1, 1])})
    gb = da.groupby("g")
    filled = gb.fillna(gb.mean())
    assert filled.values.tolist() == [1.0, 1.0, 3.0, 3.0]
    keep = xr.DataArray([True, False], dims="g", coords={"g": [0, 1]})
    assert gb.where(keep, -1.0).values.tolist()[2:] == [-1.0, -1.0]
    assert gb.where(keep).values.tolist()[0] == 1.0
    counted = gb.assign_coords(n=lambda s: ("x", np.full(s.sizes["x"], s.sizes["x"])))
    assert counted.n.values.tolist() == [2, 2, 2, 2]
    ds = da.to_dataset(name="v")
    assigned = ds.groupby("g").assign(w=lambda s: s.v * 0 + s.sizes["x"])
    assert assigned.w.values.tolist()[0] == 2.0
    with pytest.raises(TypeError, match="grouped fillna needs a DataArray"):
        gb.fillna(0.0)


def test_groupby_bins_and_season() -> None:
    da = xr.DataArray(np.arange(10.0), dims="x", coords={"x": np.arange(10)})
    result = da.groupby_bins("x", [0, 4, 9]).sum()
    assert result.dims == ("x_bins",)
    assert result.values.tolist() == [10.0, 35.0]
    assert str(result.x_bins.values[0]) == "(0, 4]"
    labelled = da.groupby_bins("x", [0, 4, 9], labels=["low", "high"], include_lowest=True).sum()
    assert labelled.x_bins.values.tolist() == ["low", "high"]
    assert labelled.values.tolist() == [10.0, 35.0]
    with pytest.raises(ValueError, match="bins must increase monotonically"):
        da.groupby_bins("x", [0, 9, 4])
    monthly = xr.DataArray(np.arange(12.0), dims="time",
                           coords={"time": pd.date_range("2000-01-01", periods=12, freq="MS")})  # fmt: skip
    seasons = monthly.groupby("time.season").sum()
    assert dict(zip(seasons.season.values.tolist(), seasons.values.tolist(), strict=True)) == {
        "DJF": 12.0, "JJA": 18.0, "MAM": 9.0, "SON": 27.0,
    }  # fmt: skip
    custom = monthly.groupby(time=SeasonGrouper(["DJF", "MAM", "JJA", "SON"])).sum()
    assert custom.season.values.tolist() == ["DJF", "MAM", "JJA", "SON"]
    assert custom.values.tolist() == [12.0, 9.0, 18.0, 27.0]


def test_cftime_groupby() -> None:
    cftime = pytest.importorskip("cftime")
    times = np.array([cftime.datetime(2001, m, 15, calendar="noleap") for m in (1, 1, 2, 7)])
    da = xr.DataArray([1.0, 3.0, 5.0, 7.0], dims="time", coords={"time": times})
    result = da.groupby("time.month").mean()
    assert result.month.values.tolist() == [1, 2, 7]
    assert result.values.tolist() == [2.0, 5.0, 7.0]


def test_dask_groupby_is_lazy_and_correct() -> None:
    pytest.importorskip("dask")
    da = make_da()
    lazy = da.chunk({"time": 40})
    with raise_if_dask_computes():
        gb = lazy.groupby("time.month")
        result = gb.mean()
        anomalies = gb - result
    assert result.chunks is not None
    assert_allclose(result.compute(), da.groupby("time.month").mean())
    assert anomalies.chunks[1] == (40, 40, 40)
    assert_allclose(anomalies.compute(), da.groupby("time.month") - da.groupby("time.month").mean())
    mixed = lazy.groupby("time.month") - da.groupby("time.month").mean()
    assert mixed.chunks[1] == (40, 40, 40)
    assert isinstance(mixed.month.data, np.ndarray)  # the label coordinate stays in memory
    # one gather task per block of the result: no fancy-index splitting and rechunking
    assert len(mixed.data.__dask_graph__()) <= 4 * 3 + 10
    partial = lazy.groupby("time.month") - da.groupby("time.month").mean().isel(month=[0, 1])
    assert np.isnan(partial.values[:, TIMES.month > 2]).all()
    assert_allclose(partial.isel(time=slice(0, 59)), anomalies.isel(time=slice(0, 59)).compute())


def test_eagerly_compute_group_false_needs_labels() -> None:
    pytest.importorskip("dask")
    da = make_da()
    group = xr.DataArray(np.arange(120) % 2, dims="time", name="p").chunk(60)
    with pytest.raises(ValueError, match="eagerly_compute_group=False"):
        da.groupby(group, eagerly_compute_group=False)
    ok = da.assign_coords(p=group).groupby(
        p=UniqueGrouper(labels=[0, 1]), eagerly_compute_group=False
    )
    assert ok.sum().p.values.tolist() == [0, 1]


@pytest.mark.compat
@pytest.mark.parametrize("func", ["mean", "sum", "count", "first"])
def test_compat_with_xarray_reductions(func: str) -> None:
    xarray = pytest.importorskip("xarray")
    da = make_da()
    xda = xarray.DataArray(da.values, dims=da.dims, coords={"time": TIMES, "x": [10, 20, 30]})
    ours = getattr(da.groupby("time.month"), func)()
    theirs = getattr(xda.groupby("time.month"), func)()
    assert ours.dims == theirs.dims
    np.testing.assert_allclose(ours.values, theirs.values)
    ours_anom = da.groupby("time.month") - da.groupby("time.month").mean()
    theirs_anom = xda.groupby("time.month") - xda.groupby("time.month").mean()
    np.testing.assert_allclose(ours_anom.values, theirs_anom.values)


@pytest.mark.compat
def test_compat_with_xarray_bins_and_map() -> None:
    xarray = pytest.importorskip("xarray")
    values = np.random.default_rng(1).random(50)
    ours = xr.DataArray(values, dims="x", coords={"c": ("x", np.linspace(0, 1, 50))})
    theirs = xarray.DataArray(values, dims="x", coords={"c": ("x", np.linspace(0, 1, 50))})
    a = ours.groupby_bins("c", 4).mean()
    b = theirs.groupby_bins("c", 4).mean()
    np.testing.assert_allclose(a.values, b.values)
    assert [str(v) for v in a.c_bins.values] == [str(v) for v in b.c_bins.values]
    f = lambda s: s - s.min()  # noqa: E731
    np.testing.assert_allclose(
        ours.groupby_bins("c", 4).map(f).values, theirs.groupby_bins("c", 4).map(f).values
    )


def test_identical_results_for_grouped_and_direct_dataset() -> None:
    da = make_da(nan=False)
    via_ds = da.to_dataset().groupby("time.month").mean()["a"]
    # the same values; a Dataset puts the group dimension first, a DataArray keeps its place
    assert_identical(via_ds, da.groupby("time.month").mean().transpose("month", ...))


def test_cumulative_and_dataset_getitem() -> None:
    da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x", coords={"g": ("x", [0, 1, 0, 1])})
    assert da.groupby("g").cumsum().values.tolist() == [1.0, 2.0, 4.0, 6.0]
    assert da.groupby("g").cumprod().values.tolist() == [1.0, 2.0, 3.0, 8.0]
    ds = da.to_dataset(name="a").assign(b=("y", [1.0]))
    sub = ds.groupby("g")["a"]
    assert isinstance(sub, DataArrayGroupBy)
    assert sub.mean().values.tolist() == [2.0, 3.0]
    with pytest.raises(ValueError, match="variable 'b' lacks the grouped dimension"):
        ds.groupby("g")["b"]


def test_groups_over_two_dimensions() -> None:
    da = xr.DataArray(np.arange(12.0).reshape(3, 4), dims=("y", "x"),
                      coords={"g": ("x", [0, 1, 0, 1]), "h": ("y", [5, 5, 6])})  # fmt: skip
    crossed = da.groupby(["h", "g"]).sum()
    assert crossed.dims == ("h", "g")
    assert crossed.values.tolist() == [[12.0, 16.0], [18.0, 20.0]]
    key = xr.DataArray([[0, 1, 0, 1], [1, 1, 0, 0], [0, 0, 0, 1]], dims=("y", "x"), name="k")
    by_2d = da.groupby(key).sum()
    assert by_2d.dims == ("k",)
    assert by_2d.values.tolist() == [42.0, 24.0]
    with pytest.raises(ValueError, match="groups along one dimension"):
        list(da.groupby(key))


def test_variables_without_group_dim_over_all_dims() -> None:
    ds = xr.Dataset(
        {"a": (("t", "y"), np.arange(8.0).reshape(4, 2)), "c": ("y", [1.0, 3.0], {"k": 1})},
        coords={"g": ("t", [0, 1, 0, 1])},
    )
    total = ds.groupby("g").sum(...)
    assert total["c"].dims == ("g",)
    assert total["c"].values.tolist() == [4.0, 4.0]
    q = ds.groupby("g").quantile([0.5, 1.0], dim=...)
    assert q["c"].dims == ("g", "quantile")
    assert q["c"].values.tolist() == [[2.0, 3.0], [2.0, 3.0]]
    assert q["a"].values.tolist() == [[2.5, 5.0], [4.5, 7.0]]
    assert ds.groupby("g").mean(keep_attrs=False)["c"].attrs == {}
    assert ds.groupby("g").mean()["c"].attrs == {"k": 1}


@settings(max_examples=25, deadline=None)
@given(
    keys=st.lists(st.integers(0, 4), min_size=1, max_size=30),
    seed=st.integers(0, 1000),
)
def test_property_grouped_sum_and_mean_match_pandas(keys: list[int], seed: int) -> None:
    values = np.random.default_rng(seed).standard_normal(len(keys))
    da = xr.DataArray(values, dims="x", coords={"k": ("x", keys)})
    expected = pd.Series(values).groupby(np.asarray(keys))
    np.testing.assert_allclose(da.groupby("k").sum().values, expected.sum().values)
    np.testing.assert_allclose(da.groupby("k").mean().values, expected.mean().values)
    restored = da.groupby("k") - da.groupby("k").mean()
    np.testing.assert_allclose(
        restored.values, values - expected.transform("mean").values, atol=1e-12
    )


# -- the one-pass path of grouped arithmetic equals the general one ---------------------------


def _fused_cases():
    t = pd.date_range("2000-01-01", periods=400, freq="D")
    da = xr.DataArray(
        np.random.default_rng(0).standard_normal((400, 3, 4)), dims=("time", "lat", "lon"),
        coords={"time": t, "lat": [1.0, 2.0, 3.0], "lon": np.arange(4.0)}, name="tas",
        attrs={"units": "K"},
    )  # fmt: skip
    gb = da.groupby("time.month")
    clim, clim2 = gb.mean(), gb.mean(("time", "lon"))
    months = xr.DataArray(np.arange(1, 13), dims="month", coords={"month": np.arange(1, 13)})
    return {
        "anomalies": lambda: gb - clim,
        "reflexive": lambda: clim - gb,
        "missing labels": lambda: gb - clim.isel(month=slice(0, 10)),
        "transposed operand": lambda: gb - clim.transpose("lon", "month", "lat"),
        "fewer dims": lambda: gb / clim2,
        "ints": lambda: da.astype(int).groupby("time.month") * months,
        "other name": lambda: gb - clim.rename("x"),
        "comparison": lambda: gb > clim,
        "other lat index": lambda: gb - clim.assign_coords(lat=[1.0, 2.0, 4.0]),
    }


@pytest.mark.parametrize("case", list(_fused_cases()))
def test_grouped_arithmetic_one_pass_equals_general_path(case: str) -> None:
    op = _fused_cases()[case]
    fast = op()
    with xr.set_options(use_numba=False):  # the general path: gather the operand, then operate
        slow = op()
    assert_identical(fast, slow)


@pytest.mark.compat
def test_dataset_group_dimension_order_matches_xarray() -> None:
    xarray_ = pytest.importorskip("xarray")
    times = pd.date_range("2000-01-01", periods=60, freq="D")
    values = np.random.default_rng(3).random((3, 60, 2))
    lab = np.arange(60) % 3
    ours = xr.Dataset({"a": (("x", "time", "y"), values)}, coords={"time": times, "lab": ("time", lab)})
    theirs = xarray_.Dataset({"a": (("x", "time", "y"), values)}, coords={"time": times, "lab": ("time", lab)})
    cases = [
        lambda d: d.groupby("time.month").mean(),
        lambda d: d.groupby("time.month").max(),
        lambda d: d.groupby("time.month").quantile([0.1, 0.5]),
        lambda d: d.groupby("time.month").mean(["time", "y"]),
        lambda d: d.groupby(["time.month", "lab"]).mean(),
        lambda d: d.resample(time="MS").mean(),
        lambda d: d.groupby_bins("lab", [0, 1, 2]).sum(),
        lambda d: d["a"].groupby("time.month").mean(),
        lambda d: d["a"].resample(time="MS").mean(),
    ]
    for case in cases:
        a, b = case(ours), case(theirs)
        a = a["a"] if isinstance(a, xr.Dataset) else a
        b = b["a"] if isinstance(b, xarray_.Dataset) else b
        assert a.dims == b.dims
        np.testing.assert_allclose(a.values, b.values)
