"""quantile/median, idxmin/idxmax, argmin/argmax with dim lists and cumulative(dim) on the façade."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.compute.cumulative import cumulative_values
from labarray.variable import Variable

dask = pytest.importorskip("dask")


def _da() -> xr.DataArray:
    rng = np.random.default_rng(0)
    values = rng.normal(size=(4, 5, 6))
    values[rng.random(values.shape) < 0.2] = np.nan
    values[0, 0, :] = np.nan
    return xr.DataArray(
        values,
        dims=("time", "lat", "lon"),
        coords={
            "time": pd.date_range("2000-01-01", periods=4),
            "lat": np.arange(5) * 10.0,
            "lon": np.arange(6),
            "aux": ("lon", list("abcdef")),
        },
        attrs={"units": "K"},
        name="t",
    )


def _nanquantile(values, q, axis, method="linear"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(values, q, axis=axis, method=method)


# ------------------------------------------------------------------------------------- quantile


def test_variable_quantile() -> None:
    var = Variable(("x", "y"), [[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]], attrs={"a": 1})
    out = var.quantile([0.5, 1.0], dim="y")
    assert out.dims == ("quantile", "x")
    np.testing.assert_array_equal(out.values, [[2.0, 5.0], [3.0, 6.0]])
    assert out.attrs == {"a": 1}
    assert var.quantile(0.5, keep_attrs=False).attrs == {}
    assert var.quantile(0.5).dims == ()
    np.testing.assert_array_equal(var.quantile(0.5, "y", skipna=False).values, [np.nan, 5.0])


@pytest.mark.parametrize("method", ["linear", "lower", "higher", "nearest", "midpoint", "hazen"])
@pytest.mark.parametrize("dim", ["time", ["lat", "lon"], None])
def test_dataarray_quantile_matches_numpy(method: str, dim) -> None:
    da = _da()
    dims = [dim] if isinstance(dim, str) else (list(da.dims) if dim is None else dim)
    axes = tuple(da.get_axis_num(d) for d in dims)
    out = da.quantile([0.1, 0.5, 0.9], dim=dim, method=method)
    np.testing.assert_array_equal(
        out.values, _nanquantile(da.values, [0.1, 0.5, 0.9], axes, method)
    )
    assert out.dims[0] == "quantile"
    np.testing.assert_array_equal(out["quantile"].values, [0.1, 0.5, 0.9])
    assert "quantile" in out.xindexes
    assert out.attrs == {"units": "K"} and out.name == "t"


def test_dataarray_quantile_scalar_q_and_coords() -> None:
    da = _da()
    out = da.quantile(0.25, dim="lon")
    assert out.dims == ("time", "lat")
    assert out["quantile"].ndim == 0 and out["quantile"].item() == 0.25
    assert "aux" not in out.coords and "lon" not in out.coords
    assert "time" in out.xindexes
    assert da.quantile(0.5, "lon", keep_attrs=False).attrs == {}


def test_median_matches_numpy() -> None:
    da = _da()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.nanmedian(da.values, axis=0)
    np.testing.assert_array_equal(da.median("time").values, expected)
    np.testing.assert_array_equal(da.quantile(0.5, "time").values, _nanquantile(da.values, 0.5, 0))


def test_quantile_integers_and_times() -> None:
    ints = xr.DataArray(np.arange(12).reshape(3, 4), dims=("x", "y"))
    assert ints.quantile(0.5, "y", method="lower").dtype == np.int64
    np.testing.assert_array_equal(ints.quantile(0.5, "y").values, [1.5, 5.5, 9.5])
    times = xr.DataArray(
        np.array(["2000-01-01", "NaT", "2000-01-03", "2000-01-04"], dtype="M8[ns]"), dims="x"
    )
    assert times.quantile(0.5).values == np.datetime64("2000-01-03T00:00", "ns")
    assert times.quantile([0.0], method="lower").values[0] == np.datetime64("2000-01-01", "ns")
    assert np.isnat(times.quantile(0.5, skipna=False).values)


def test_dataset_quantile() -> None:
    ds = xr.Dataset(
        {
            "a": (("x", "y"), np.arange(6.0).reshape(2, 3)),
            "b": ("y", [1, 2, 3]),
            "s": ("y", np.array(["u", "v", "w"])),
            "c": ("z", [1.0, 2.0]),
        },
        coords={"y": [10, 20, 30], "x": [1, 2]},
        attrs={"title": "demo"},
    )
    out = ds.quantile([0.5], dim="y", numeric_only=True)
    assert set(out.data_vars) == {"a", "b", "c"}
    assert out["a"].dims == ("quantile", "x")
    np.testing.assert_array_equal(out["a"].values, [[1.0, 4.0]])
    np.testing.assert_array_equal(out["c"].values, [1.0, 2.0])  # no reduced dim: kept
    assert "y" not in out.coords and "x" in out.xindexes and out.attrs == {"title": "demo"}
    with pytest.raises(TypeError, match=r"cannot compute quantiles of <U1"):
        ds.quantile(0.5, dim="y")
    assert ds.quantile(0.5, numeric_only=True, keep_attrs=False).attrs == {}


def test_quantile_bad_input() -> None:
    da = _da()
    with pytest.raises(ValueError, match=r"q must be in the range \[0, 1\].*q=1.5"):
        da.quantile(1.5)
    with pytest.raises(ValueError, match=r"q=\[0.1, -0.2\]"):
        da.quantile([0.1, -0.2])
    with pytest.raises(ValueError, match=r"'linaer' is not a valid quantile method.*linear"):
        da.quantile(0.5, method="linaer")
    with pytest.raises(ValueError, match=r"dimension 'tim' .*did you mean 'time'"):
        da.quantile(0.5, dim="tim")
    with pytest.raises(ValueError, match=r"scalar or a 1-D array"):
        da.quantile([[0.1]])
    with pytest.raises(ValueError, match=r"already has a 'quantile' dimension"):
        Variable("quantile", [1.0, 2.0]).quantile([0.5], dim=[])


def test_quantile_dask_rechunks_only_the_reduced_dim() -> None:
    da = _da()
    chunked = da.chunk({"time": 1, "lat": 2, "lon": 3})
    out = chunked.quantile([0.2, 0.8], dim="time")
    assert isinstance(out.data, dask.array.Array)  # lazy
    assert out.chunks == ((2,), (2, 2, 1), (3, 3))
    np.testing.assert_array_equal(out.values, da.quantile([0.2, 0.8], dim="time").values)
    median = chunked.median("time")
    assert isinstance(median.data, dask.array.Array)
    np.testing.assert_allclose(median.values, da.median("time").values, equal_nan=True)
    scalar = chunked.quantile(0.5, dim=["lat", "lon"], method="nearest")
    assert scalar.chunks == ((1, 1, 1, 1),)
    np.testing.assert_array_equal(
        scalar.values, da.quantile(0.5, dim=["lat", "lon"], method="nearest").values
    )


# ------------------------------------------------------------------------------- argmin/argmax


def test_argmin_argmax_dim_lists() -> None:
    values = np.array([[3.0, 1.0, 4.0], [1.5, 9.0, 0.5]])
    da = xr.DataArray(values, dims=("x", "y"), coords={"y": [1, 2, 3]}, attrs={"a": 1})
    res = da.argmin(["x", "y"])
    assert set(res) == {"x", "y"}
    assert (res["x"].item(), res["y"].item()) == (1, 2)
    assert res["x"].attrs == {"a": 1}
    res = da.argmax(...)
    assert (res["x"].item(), res["y"].item()) == (1, 1)
    single = da.argmin("y")
    np.testing.assert_array_equal(single.values, [1, 2])
    assert "y" not in single.coords
    assert da.argmax(axis=0).dims == ("y",)
    assert da.argmin().item() == 5  # flattened
    with pytest.raises(ValueError, match=r"either 'dim' or 'axis'"):
        da.argmin("x", axis=0)


def test_dataset_argmin() -> None:
    ds = xr.Dataset({"a": (("x", "y"), [[3, 1], [0, 2]]), "b": ("y", [5, 4])})
    out = ds.argmin("x")
    np.testing.assert_array_equal(out["a"].values, [1, 0])
    np.testing.assert_array_equal(out["b"].values, [5, 4])  # no x: unchanged
    assert ds.argmax("y")["b"].item() == 0
    with pytest.raises(ValueError, match=r"Dataset.argmin reduces along one dimension"):
        ds.argmin(["x", "y"])


# ------------------------------------------------------------------------------- idxmin/idxmax


def test_idxmin_idxmax() -> None:
    da = xr.DataArray(
        [[1.0, np.nan, 0.0], [np.nan, np.nan, np.nan]],
        dims=("y", "x"),
        coords={"x": [10, 20, 30], "y": ["a", "b"], "c": ("x", [1, 2, 3])},
        attrs={"u": 1},
        name="v",
    )
    out = da.idxmin("x")
    np.testing.assert_array_equal(out.values, [30.0, np.nan])
    assert out.name == "x" and out.attrs == {"u": 1} and "c" not in out.coords
    np.testing.assert_array_equal(da.idxmax("x").values, [10.0, np.nan])
    np.testing.assert_array_equal(da.idxmin("x", fill_value=-1).values, [30, -1])
    np.testing.assert_array_equal(da.idxmax("x", skipna=False).values, [20, 10])
    assert da.idxmin("y").values.tolist() == ["a", np.nan, "a"]
    assert da.idxmin("x", keep_attrs=False).attrs == {}
    times = xr.DataArray([np.nan, np.nan], dims="t", coords={"t": pd.date_range("2000", periods=2)})
    assert np.isnat(times.idxmax().values)
    ints = xr.DataArray([3, 1, 2], dims="x", coords={"x": [1.5, 2.5, 3.5]})
    assert ints.idxmin().item() == 2.5


def test_idxmin_dask_and_dataset() -> None:
    da = xr.DataArray(
        np.array([[1.0, 5.0, 0.0], [np.nan, np.nan, np.nan]]),
        dims=("y", "x"),
        coords={"x": [10, 20, 30]},
    )
    lazy = da.chunk({"y": 1}).idxmax("x")
    assert isinstance(lazy.data, dask.array.Array)
    np.testing.assert_array_equal(lazy.values, [20.0, np.nan])
    ds = xr.Dataset({"v": da, "w": ("x", [3, 1, 2]), "z": ("y", [1, 2])}, attrs={"k": 1})
    out = ds.idxmin("x")
    np.testing.assert_array_equal(out["v"].values, [30.0, np.nan])
    assert out["w"].item() == 20
    np.testing.assert_array_equal(out["z"].values, [1, 2])
    assert out.attrs == {"k": 1}


def test_idxmin_bad_input() -> None:
    da = xr.DataArray(np.zeros((2, 3)), dims=("y", "x"), coords={"x": [1, 2, 3]})
    with pytest.raises(ValueError, match=r"idxmin needs dim= for 2-dimensional data"):
        da.idxmin()
    with pytest.raises(KeyError, match=r"dimension 'xx' .*did you mean 'x'"):
        da.idxmin("xx")
    with pytest.raises(KeyError, match=r"dimension 'y' has no coordinate.*assign_coords"):
        da.idxmax("y")


# ---------------------------------------------------------------------------------- cumulative


def _expanding(values: np.ndarray, func, min_periods: int = 1) -> np.ndarray:
    out = np.full(values.shape, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for i in range(values.shape[-1]):
            window = values[..., : i + 1]
            valid = (~np.isnan(window)).sum(axis=-1)
            out[..., i] = np.where(valid >= min_periods, func(window, axis=-1), np.nan)
    return out


REFERENCES = {
    "sum": np.nansum,
    "mean": np.nanmean,
    "min": np.nanmin,
    "max": np.nanmax,
    "prod": np.nanprod,
    "count": lambda w, axis: (~np.isnan(w)).sum(axis=axis),
    "std": np.nanstd,
    "var": np.nanvar,
    "median": np.nanmedian,
}


@pytest.mark.parametrize("func", sorted(REFERENCES))
@pytest.mark.parametrize("min_periods", [1, 3])
def test_cumulative_matches_expanding_windows(func: str, min_periods: int) -> None:
    da = _da().isel(time=1)
    out = getattr(da.cumulative("lon", min_periods=min_periods), func)()
    expected = _expanding(da.values, REFERENCES[func], min_periods)
    np.testing.assert_allclose(out.values, expected, equal_nan=True, atol=1e-12)
    assert out.dims == da.dims and out.dtype == np.float64
    assert out.attrs == {"units": "K"} and "aux" in out.coords


def test_cumulative_several_dims_ddof_ints_and_dask() -> None:
    ones = xr.DataArray(np.ones((2, 3), dtype=np.int64), dims=("x", "y"))
    np.testing.assert_array_equal(
        ones.cumulative(["x", "y"]).sum().values, [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]]
    )
    values = np.array([1.0, 2.0, 4.0, 8.0])
    da = xr.DataArray(values, dims="x")
    np.testing.assert_allclose(
        da.cumulative("x").std(ddof=1).values,
        [np.nan] + [np.std(values[: i + 1], ddof=1) for i in range(1, 4)],
    )
    lazy = da.chunk(2).cumulative("x").mean()
    assert isinstance(lazy.data, dask.array.Array)
    np.testing.assert_allclose(lazy.values, [1.0, 1.5, 7 / 3, 3.75])
    f32 = xr.DataArray(values.astype(np.float32), dims="x").cumulative("x").sum()
    assert f32.dtype == np.float32


def test_dataset_cumulative() -> None:
    ds = xr.Dataset(
        {"a": ("x", [1.0, 2.0, 3.0]), "s": ("x", ["p", "q", "r"]), "c": ("y", [5, 6])},
        attrs={"k": 1},
    )
    out = ds.cumulative("x").max()
    np.testing.assert_array_equal(out["a"].values, [1.0, 2.0, 3.0])
    assert "s" not in out and out["c"].values.tolist() == [5, 6] and out.attrs == {"k": 1}
    assert ds.cumulative("x").count(keep_attrs=False).attrs == {}
    assert repr(ds.cumulative("x")) == "Cumulative [x->3] (min_periods=1)"


def test_cumulative_bad_input() -> None:
    da = xr.DataArray(np.zeros((2, 3)), dims=("x", "y"))
    with pytest.raises(ValueError, match=r"dimension 'z' .*cumulative"):
        da.cumulative("z")
    with pytest.raises(ValueError, match=r"cumulative needs the dimension"):
        da.cumulative(None)
    with pytest.raises(ValueError, match=r"min_periods must be a positive integer, got 0"):
        da.cumulative("x", min_periods=0)
    with pytest.raises(NotImplementedError, match=r"cumulative median runs along one dimension"):
        da.cumulative(["x", "y"]).median()
    with pytest.raises(ValueError, match=r"ddof must be a non-negative integer"):
        da.cumulative("x").var(ddof=-1)
    with pytest.raises(ValueError, match=r"unknown cumulative reduction 'total'.*sum"):
        cumulative_values("total", np.zeros(2), (0,))
    with pytest.raises(TypeError, match=r"cumulative sum of <U1"):
        xr.DataArray(["a"], dims="x").cumulative("x").sum()


def test_cumsum_cumprod_exist() -> None:
    da = xr.DataArray([1.0, np.nan, 3.0], dims="x")
    np.testing.assert_array_equal(da.cumsum("x").values, [1.0, 1.0, 4.0])
    np.testing.assert_array_equal(da.cumprod("x").values, [1.0, 1.0, 3.0])
    ds = xr.Dataset({"a": da})
    np.testing.assert_array_equal(ds.cumsum("x")["a"].values, [1.0, 1.0, 4.0])


# ------------------------------------------------------------------------------ xarray compat


@pytest.mark.compat
@pytest.mark.parametrize("method", ["linear", "lower", "nearest", "weibull"])
def test_compat_quantile(method: str) -> None:
    xarray = pytest.importorskip("xarray")
    da = _da()
    ref = xarray.DataArray(da.values, dims=da.dims, name="t", attrs=da.attrs)
    for q in (0.3, [0.3, 0.6]):
        # numbagg would compile for seconds; xarray then uses NumPy's nanquantile
        with warnings.catch_warnings(), xarray.set_options(use_numbagg=False):
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = ref.quantile(q, dim=["lat", "time"], method=method)
        out = xr.DataArray(da.values, dims=da.dims, name="t", attrs=da.attrs).quantile(
            q, dim=["lat", "time"], method=method
        )
        assert out.dims == expected.dims and out.dtype == expected.dtype
        np.testing.assert_array_equal(out.values, expected.values)
        np.testing.assert_array_equal(out["quantile"].values, expected["quantile"].values)


@pytest.mark.compat
def test_compat_idxmin_argmin_cumulative() -> None:
    xarray = pytest.importorskip("xarray")
    values = np.array([[1.0, np.nan, 0.0], [np.nan, 2.0, 3.0], [4.0, 4.0, np.nan]])
    kw = {"dims": ("y", "x"), "coords": {"x": [10, 20, 30], "y": [1, 2, 3]}}
    ours, ref = xr.DataArray(values, **kw), xarray.DataArray(values, **kw)
    with xarray.set_options(use_numbagg=False, use_bottleneck=False):
        for name in ("idxmin", "idxmax"):
            for dim in ("x", "y"):
                np.testing.assert_array_equal(
                    getattr(ours, name)(dim).values, getattr(ref, name)(dim).values
                )
        for name in ("argmin", "argmax"):
            a, b = getattr(ours, name)(["x", "y"]), getattr(ref, name)(["x", "y"])
            assert {k: v.item() for k, v in a.items()} == {k: v.item() for k, v in b.items()}
        for func in ("sum", "mean", "min", "max", "count", "std", "var", "median", "prod"):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                expected = getattr(ref.cumulative("x", min_periods=2), func)().values
            np.testing.assert_allclose(
                getattr(ours.cumulative("x", min_periods=2), func)().values,
                expected,
                equal_nan=True,
                atol=1e-12,
            )


def test_dataset_quantile_scalar_bool_and_object_variables() -> None:
    ds = xr.Dataset(
        {
            "s": ((), 3.0),
            "b": ("x", np.array([True, False, True])),
            "o": ("x", np.array([1, None, 3], dtype=object)),
        }
    )
    out = ds.quantile([0.5, 0.75])
    np.testing.assert_array_equal(out["s"].values, [3.0, 3.0])
    np.testing.assert_array_equal(out["b"].values, [1.0, 1.0])
    np.testing.assert_array_equal(out["o"].values, [2.0, 2.5])
    empty = xr.DataArray(np.zeros((0, 3)), dims=("x", "y")).quantile(0.5, "x")
    assert np.isnan(empty.values).all() and empty.shape == (3,)


def test_quantile_dask_times() -> None:
    times = xr.DataArray(
        np.array(["2000-01-01", "NaT", "2000-01-03", "2000-01-04"], dtype="M8[ns]"), dims="x"
    )
    lazy = times.chunk(2).quantile([0.5])
    assert isinstance(lazy.data, dask.array.Array) and lazy.dtype == times.dtype
    np.testing.assert_array_equal(lazy.values, times.quantile([0.5]).values)
