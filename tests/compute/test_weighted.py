"""Weighted reductions against NumPy formulas (and xarray, in the compat tests)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import labarray as xr
from labarray.compute.weighted import (
    DataArrayWeighted,
    DatasetWeighted,
    Weighted,
    weighted_quantile_1d,
)
from labarray.options import set_options
from labarray.testing import assert_allclose, assert_identical


def _field(seed: int = 0, dtype: str = "float64", nan: float = 0.15) -> xr.DataArray:
    rng = np.random.default_rng(seed)
    values = rng.standard_normal((5, 4, 6)).astype(dtype)
    if dtype.startswith("float") and nan:
        values[rng.random(values.shape) < nan] = np.nan
        values[0, :, 0] = np.nan  # an all-NaN slice along lat
    return xr.DataArray(
        values,
        dims=("time", "lat", "lon"),
        coords={"time": np.arange(5), "lat": [-60.0, -20.0, 20.0, 60.0], "lon": np.arange(6.0),
                "label": ("time", list("abcde"))},
        name="air",
        attrs={"units": "K"},
    )  # fmt: skip


def _weights(field: xr.DataArray) -> xr.DataArray:
    return np.cos(np.deg2rad(field.lat))


def _expected(
    op: str, values: np.ndarray, w: np.ndarray, axes: tuple[int, ...], skipna: bool
) -> np.ndarray:
    """Reference formulas with the weights broadcast to the data's shape."""
    w = np.broadcast_to(w, values.shape).astype(np.float64)
    valid = ~np.isnan(values)
    v = np.where(valid, values, 0.0) if skipna else values
    total = (v * w).sum(axis=axes)
    sow = (valid * w).sum(axis=axes)
    sow = np.where(sow != 0, sow, np.nan)
    if op == "sum":
        return total
    if op == "sum_of_weights":
        return sow
    mean = total / sow
    if op == "mean":
        return mean
    dev = values - np.expand_dims(mean, axes)
    sq = dev**2
    if skipna:
        sq = np.where(np.isnan(sq), 0.0, sq)
    sos = (sq * w).sum(axis=axes)
    if op == "sum_of_squares":
        return sos
    var = sos / sow
    return var if op == "var" else np.sqrt(var)


OPS = ["sum_of_weights", "sum", "mean", "sum_of_squares", "var", "std"]


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("dim", [("lat", "lon"), "lat", ("time", "lat"), None])
@pytest.mark.parametrize("skipna", [None, False])
def test_against_formulas(op: str, dim: Any, skipna: bool | None) -> None:
    field = _field()
    weights = _weights(field)
    kwargs = {} if op == "sum_of_weights" else {"skipna": skipna}
    with np.errstate(all="ignore"):
        result = getattr(field.weighted(weights), op)(dim, **kwargs)
    dims = field.dims if dim is None else ((dim,) if isinstance(dim, str) else dim)
    axes = tuple(field.dims.index(d) for d in dims)
    w = weights.values.reshape(1, 4, 1)
    with np.errstate(all="ignore"):
        expected = _expected(op, field.values, w, axes, skipna is not False)
    np.testing.assert_allclose(result.values, expected, rtol=1e-12)
    assert result.dims == tuple(d for d in field.dims if d not in dims)
    assert result.name == "air" and result.attrs == {"units": "K"}
    if "time" not in dims:
        assert "label" in result.coords and "time" in result.xindexes
    assert "lat" not in result.coords


@pytest.mark.parametrize("op", OPS)
def test_fused_and_einsum_paths_agree(op: str) -> None:
    field = _field(seed=1)
    weights = _weights(field)
    fused = getattr(field.weighted(weights), op)(("lat", "lon"))
    # weights with a kept dimension take the einsum path
    wide = weights * xr.DataArray(np.ones(5), dims="time", coords={"time": np.arange(5)})
    einsum = getattr(field.weighted(wide), op)(("lat", "lon"))
    assert_allclose(fused, einsum.transpose(*fused.dims))


@pytest.mark.parametrize("op", OPS)
@pytest.mark.parametrize("lazy_weights", [False, True])  # fused blocks / einsum
@pytest.mark.parametrize("chunks", [{"time": 2, "lon": 3}, {"lat": 1}])
def test_dask_is_lazy_and_matches(op: str, lazy_weights: bool, chunks: dict[str, int]) -> None:
    pytest.importorskip("dask.array")
    from labarray.testing import raise_if_dask_computes

    field = _field(seed=2)
    weights = _weights(field)
    lazy = field.chunk(chunks)
    with raise_if_dask_computes():
        obj = lazy.weighted(weights.chunk() if lazy_weights else weights)
        result = getattr(obj, op)(("lat", "lon"))
    assert result.chunks is not None
    assert_allclose(result.compute(), getattr(field.weighted(weights), op)(("lat", "lon")))


@pytest.mark.parametrize("dtype", ["float32", "int64"])
def test_dtypes(dtype: str) -> None:
    field = _field(dtype=dtype, nan=0.0)
    w64 = _weights(field)
    w32 = w64.astype("float32")
    assert field.weighted(w32).mean("lat").dtype == (
        np.float32 if dtype == "float32" else np.float64
    )
    assert field.weighted(w64).mean("lat").dtype == np.float64
    int_sum = field.astype("int64").weighted(xr.DataArray([1, 2, 3, 4], dims="lat")).sum("lat")
    assert int_sum.dtype == np.int64
    expected = (field.astype("int64").values * np.array([1, 2, 3, 4])[:, None]).sum(axis=1)
    np.testing.assert_array_equal(int_sum.values, expected)


def test_bool_weights_count_as_ones() -> None:
    da = xr.DataArray([1.0, 2.0, 4.0], dims="x")
    mask = xr.DataArray([True, False, True], dims="x")
    assert float(da.weighted(mask).mean()) == 2.5
    assert float(da.weighted(mask).sum_of_weights()) == 2.0


def test_zero_sum_of_weights_gives_nan() -> None:
    da = xr.DataArray([[1.0, 2.0], [np.nan, 3.0]], dims=("x", "y"))
    w = xr.DataArray([1.0, 0.0], dims="y")
    np.testing.assert_array_equal(da.weighted(w).mean("y").values, [1.0, np.nan])
    np.testing.assert_array_equal(da.weighted(w).sum_of_weights("y").values, [1.0, np.nan])
    np.testing.assert_array_equal(da.weighted(w).sum("y").values, [1.0, 0.0])


def test_dataset_variables_without_the_dim() -> None:
    field = _field(seed=3)
    ds = field.to_dataset()
    ds["count"] = ("time", np.arange(5.0))
    ds.attrs["title"] = "t"
    result = ds.weighted(_weights(field)).mean("lat")
    assert isinstance(ds.weighted(_weights(field)), DatasetWeighted)
    np.testing.assert_allclose(result["count"].values, np.arange(5.0))
    assert_allclose(result["air"], field.weighted(_weights(field)).mean("lat"))
    assert result.attrs == {"title": "t"}
    dropped = ds.weighted(_weights(field)).mean("lat", keep_attrs=False)
    assert dropped.attrs == {} and dropped["air"].attrs == {}


def test_weights_are_aligned_inner() -> None:
    da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2]})
    w = xr.DataArray([1.0, 3.0], dims="x", coords={"x": [1, 2]})
    assert float(da.weighted(w).mean()) == pytest.approx((2.0 + 9.0) / 4.0)


def test_quantile_equal_weights_match_numpy() -> None:
    field = _field(seed=4)
    ones = xr.DataArray(np.ones(6), dims="lon")
    result = field.weighted(ones).quantile([0.1, 0.5, 0.9], dim="lon")
    assert result.dims == ("quantile", "time", "lat")
    expected = np.nanquantile(field.values, [0.1, 0.5, 0.9], axis=2)
    np.testing.assert_allclose(result.values, expected)
    np.testing.assert_array_equal(result["quantile"].values, [0.1, 0.5, 0.9])
    scalar = field.weighted(ones).quantile(0.5, dim="lon")
    assert scalar.dims == ("time", "lat") and float(scalar["quantile"]) == 0.5


def test_quantile_weights_and_skipna() -> None:
    values = np.array([1.0, 2.0, 3.0, np.nan])
    w = np.array([1.0, 0.0, 3.0, 1.0])
    q = np.array([0.0, 0.4, 1.0])
    # the zero weight drops 2.0 and the NaN is skipped: the same as the two remaining values
    np.testing.assert_allclose(
        weighted_quantile_1d(values, w, q),
        weighted_quantile_1d(np.array([3.0, 1.0]), np.array([3.0, 1.0]), q),
    )
    # Kish's effective size 1.6: q=0 averages the lowest 1/1.6 of the weight, q=1 the highest
    np.testing.assert_allclose(weighted_quantile_1d(values, w, q)[[0, 2]], [2.2, 3.0])
    assert np.isnan(weighted_quantile_1d(values, w, np.array([0.5]), skipna=False)).all()
    assert np.isnan(weighted_quantile_1d(np.array([np.nan]), np.ones(1), np.array([0.5]))).all()
    da = xr.DataArray(values, dims="x")
    assert np.isnan(float(da.weighted(xr.DataArray(w, dims="x")).quantile(0.5, skipna=False)))


def test_quantile_dask() -> None:
    pytest.importorskip("dask.array")
    field = _field(seed=5)
    weights = _weights(field)
    lazy = field.chunk({"time": 2, "lat": 2})
    result = lazy.weighted(weights).quantile([0.25, 0.75], dim="lat")
    assert result.chunks is not None
    assert_allclose(result.compute(), field.weighted(weights).quantile([0.25, 0.75], dim="lat"))


def test_cos_lat_area_mean_does_not_use_the_numpy_fallback() -> None:
    field = _field(seed=6)
    weights = _weights(field)
    with set_options(use_numba=True):
        result = field.weighted(weights).mean(("lat", "lon"))
    manual = (field * weights).sum(("lat", "lon")) / (field.notnull() * weights).sum(("lat", "lon"))
    assert_allclose(result, manual.rename("air").assign_attrs(units="K"))


def test_repr_and_classes() -> None:
    field = _field()
    obj = field.weighted(_weights(field))
    assert isinstance(obj, DataArrayWeighted) and isinstance(obj, Weighted)
    assert repr(obj) == "DataArrayWeighted with weights along dimensions: lat"


# --- bad input ------------------------------------------------------------------------------------


def test_weights_must_be_dataarray() -> None:
    with pytest.raises(ValueError, match="`weights` must be a DataArray, got list"):
        _field().weighted([1.0, 2.0])


def test_weights_with_nan_are_refused() -> None:
    w = xr.DataArray([1.0, np.nan], dims="y", name="area")
    da = xr.DataArray([1.0, 2.0], dims="y")
    with pytest.raises(
        ValueError, match=r"`weights` 'area' cannot contain missing values \(1 of 2"
    ):
        da.weighted(w)


def test_dask_weights_with_nan_raise_on_compute() -> None:
    pytest.importorskip("dask.array")
    w = xr.DataArray([1.0, np.nan], dims="y").chunk()
    da = xr.DataArray([1.0, 2.0], dims="y")
    lazy = da.weighted(w).mean()
    with pytest.raises(ValueError, match="cannot contain missing values"):
        lazy.compute()


def test_complex_weights_are_refused() -> None:
    with pytest.raises(
        TypeError, match="`weights` must be real numbers or bools, got dtype complex128"
    ):
        _field().weighted(xr.DataArray([1j, 1, 1, 1], dims="lat"))


def test_unknown_dim_suggests() -> None:
    field = _field()
    with pytest.raises(
        ValueError,
        match=r"Dimensions \('lat2',\) not found in DataArrayWeighted.*did you mean 'lat'",
    ):
        field.weighted(_weights(field)).mean("lat2")


def test_bad_quantile() -> None:
    field = _field()
    with pytest.raises(ValueError, match=r"quantiles q must be in the range \[0, 1\]"):
        field.weighted(_weights(field)).quantile(1.5)
    with pytest.raises(TypeError, match="cannot compute weighted quantiles of datetime64"):
        xr.DataArray(np.array([1, 2], dtype="M8[s]"), dims="x").weighted(
            xr.DataArray([1.0, 1.0], dims="x")
        ).quantile(0.5)


# --- xarray as the oracle -----------------------------------------------------------------------


@pytest.mark.compat
@pytest.mark.parametrize("op", [*OPS, "quantile"])
def test_compat_with_xarray(op: str) -> None:
    xarray = pytest.importorskip("xarray")
    field = _field(seed=7)
    weights = _weights(field)
    ours = field.weighted(weights)
    ref_field = xarray.DataArray(field.values, dims=field.dims, name="air",
                                 coords={"lat": field.lat.values})  # fmt: skip
    ref = ref_field.weighted(
        xarray.DataArray(weights.values, dims="lat", coords={"lat": field.lat.values})
    )
    with np.errstate(all="ignore"):
        if op == "quantile":
            got = ours.quantile([0.3, 0.6], dim=("lat", "lon")).values
            expected = ref.quantile([0.3, 0.6], dim=("lat", "lon")).values
        else:
            got = getattr(ours, op)(("lat", "lon")).values
            expected = getattr(ref, op)(("lat", "lon")).values
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_assert_identical_roundtrip_keeps_coords() -> None:
    field = _field(seed=8)
    result = field.weighted(_weights(field)).sum("lon")
    assert_identical(result.coords["lat"], field.coords["lat"])
