"""Tests of labarray.apply_ufunc on Variables, DataArrays, Datasets, arrays and Dask data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import labarray as la
from labarray.compute.apply_ufunc import UFuncSignature
from labarray.structure.aligner import AlignmentError
from labarray.testing import assert_identical, raise_if_dask_computes, strategies
from labarray.variable import Variable


@pytest.fixture
def da() -> la.DataArray:
    return la.DataArray(
        np.arange(24.0).reshape(4, 6), dims=("x", "t"), coords={"x": [10, 20, 30, 40], "lbl": ("t", list("abcdef"))},
        name="a", attrs={"units": "K"},
    )


def mean_last(a: np.ndarray) -> np.ndarray:
    return a.mean(axis=-1)


# -- behaviour ---------------------------------------------------------------------------------


def test_signature_gufunc_string() -> None:
    sig = UFuncSignature([["x", "y"], []], [["y"], ["z"]])
    assert sig.to_gufunc_string() == "(dim0,dim1),()->(dim1),(dim2)"
    assert sig.num_outputs == 2
    assert sig.to_gufunc_string(frozenset({"x"})) == "(dim0_1,dim1),()->(dim1),(dim2)"


def test_variable_core_dim_reduction() -> None:
    v = Variable(("t", "x"), np.arange(6.0).reshape(3, 2), attrs={"a": 1})
    out = la.apply_ufunc(mean_last, v, input_core_dims=[["t"]])
    assert isinstance(out, Variable)
    assert out.dims == ("x",)
    np.testing.assert_array_equal(out.values, [2.0, 3.0])
    assert out.attrs == {"a": 1}


def test_core_dims_are_moved_last(da: la.DataArray) -> None:
    seen = []

    def record(a: np.ndarray) -> np.ndarray:
        seen.append(a.shape)
        return a.sum(-1)

    out = la.apply_ufunc(record, da, input_core_dims=[["x"]])
    assert seen == [(6, 4)]
    assert out.dims == ("t",)
    assert "x" not in out.coords and "lbl" in out.coords
    np.testing.assert_array_equal(out.values, da.values.sum(0))


def test_dataarray_keeps_coords_name_attrs(da: la.DataArray) -> None:
    out = la.apply_ufunc(mean_last, da, input_core_dims=[["t"]])
    assert out.name == "a" and out.attrs == {"units": "K"}
    assert list(out.coords) == ["x"]
    np.testing.assert_array_equal(out.x.values, [10, 20, 30, 40])
    dropped = la.apply_ufunc(mean_last, da, input_core_dims=[["t"]], keep_attrs=False)
    assert dropped.attrs == {}


def test_broadcast_by_name_with_arrays_and_scalars() -> None:
    a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]})
    b = la.DataArray([10, 20, 30], dims="y")
    out = la.apply_ufunc(np.add, a, b)
    assert out.dims == ("x", "y")
    np.testing.assert_array_equal(out.values, [[11, 21, 31], [12, 22, 32]])
    np.testing.assert_array_equal(la.apply_ufunc(np.add, a, 5).values, [6, 7])
    v = Variable(("x", "y"), np.ones((2, 3)))
    np.testing.assert_array_equal(la.apply_ufunc(np.add, v, np.arange(3)).values, [[1, 2, 3]] * 2)
    np.testing.assert_array_equal(la.apply_ufunc(np.add, np.arange(3), 1), [1, 2, 3])
    assert la.apply_ufunc(np.add, 1, 2) == 3


def test_join(da: la.DataArray) -> None:
    a = la.DataArray([1.0, 2, 3], dims="x", coords={"x": [0, 1, 2]})
    b = la.DataArray([1.0, 2, 3], dims="x", coords={"x": [1, 2, 3]})
    with pytest.raises(AlignmentError, match=r"join='exact'.*coordinate 'x'"):
        la.apply_ufunc(np.add, a, b)
    inner = la.apply_ufunc(np.add, a, b, join="inner")
    np.testing.assert_array_equal(inner.x.values, [1, 2])
    np.testing.assert_array_equal(inner.values, [3.0, 5.0])
    outer = la.apply_ufunc(np.add, a, b, join="outer")
    np.testing.assert_array_equal(outer.values, [np.nan, 3.0, 5.0, np.nan])


def test_multiple_outputs(da: la.DataArray) -> None:
    lo, hi = la.apply_ufunc(
        lambda a: (a.min(-1), a.max(-1)), da, input_core_dims=[["t"]], output_core_dims=[[], []]
    )
    np.testing.assert_array_equal(lo.values, [0, 6, 12, 18])
    np.testing.assert_array_equal(hi.values, [5, 11, 17, 23])
    assert lo.name == "a"


def test_new_output_core_dim(da: la.DataArray) -> None:
    out = la.apply_ufunc(
        lambda a: np.stack([a.min(-1), a.max(-1)], -1), da,
        input_core_dims=[["t"]], output_core_dims=[["q"]],
    )
    assert out.dims == ("x", "q") and out.shape == (4, 2)
    assert "lbl" not in out.coords


def test_exclude_dims_allows_size_change(da: la.DataArray) -> None:
    out = la.apply_ufunc(
        lambda a: a[..., ::2], da, input_core_dims=[["t"]], output_core_dims=[["t"]], exclude_dims={"t"}
    )
    assert out.sizes == {"x": 4, "t": 3}
    assert "lbl" not in out.coords
    b = la.DataArray(np.arange(3.0), dims="t")
    joined = la.apply_ufunc(
        lambda a, c: np.concatenate([a, np.broadcast_to(c, (*a.shape[:-1], c.shape[-1]))], -1),
        da, b, input_core_dims=[["t"], ["t"]], output_core_dims=[["t"]], exclude_dims={"t"},
    )
    assert joined.sizes == {"x": 4, "t": 9}


def test_vectorize(da: la.DataArray) -> None:
    calls = []

    def one(a: np.ndarray) -> float:
        calls.append(a.shape)
        return float(a.sum())

    out = la.apply_ufunc(one, da, input_core_dims=[["t"]], vectorize=True)
    np.testing.assert_array_equal(out.values, da.values.sum(-1))
    assert set(calls) == {(6,)}
    scalar = la.apply_ufunc(lambda x: x + 1, da, vectorize=True, output_dtypes=[float])
    np.testing.assert_array_equal(scalar.values, da.values + 1)


def test_kwargs_passed(da: la.DataArray) -> None:
    out = la.apply_ufunc(np.sum, da, input_core_dims=[["t"]], kwargs={"axis": -1})
    np.testing.assert_array_equal(out.values, da.values.sum(-1))


def test_dataset(da: la.DataArray) -> None:
    ds = la.Dataset({"a": da, "b": da.isel(t=0).drop_vars("lbl")}, attrs={"title": "T"})
    out = la.apply_ufunc(np.negative, ds)
    assert isinstance(out, la.Dataset)
    assert_identical(out["a"], -da)
    assert out.attrs == {"title": "T"}
    with pytest.raises(ValueError, match="data variable 'b' of argument 0 is missing core dimension 't'"):
        la.apply_ufunc(mean_last, ds, input_core_dims=[["t"]])
    dropped = la.apply_ufunc(mean_last, ds, input_core_dims=[["t"]], on_missing_core_dim="drop")
    assert list(dropped.data_vars) == ["a"]
    copied = la.apply_ufunc(mean_last, ds, input_core_dims=[["t"]], on_missing_core_dim="copy")
    assert_identical(copied["b"], ds["b"])
    assert copied["a"].dims == ("x",)


def test_dataset_join(da: la.DataArray) -> None:
    one = la.Dataset({"a": da.isel(t=0).drop_vars("lbl"), "b": da.isel(t=1).drop_vars("lbl")})
    two = la.Dataset({"a": da.isel(t=0).drop_vars("lbl")})
    with pytest.raises(ValueError, match=r"dataset_join='exact'.*data variables differ"):
        la.apply_ufunc(np.add, one, two)
    assert list(la.apply_ufunc(np.add, one, two, dataset_join="inner").data_vars) == ["a"]
    with pytest.raises(ValueError, match="pass dataset_fill_value"):
        la.apply_ufunc(np.add, one, two, dataset_join="outer")
    outer = la.apply_ufunc(np.add, one, two, dataset_join="outer", dataset_fill_value=100)
    np.testing.assert_array_equal(outer["b"].values, da.isel(t=1).values + 100)
    with_da = la.apply_ufunc(np.add, one, da.isel(t=0).drop_vars("lbl"))
    np.testing.assert_array_equal(with_da["b"].values, da.values[:, 1] + da.values[:, 0])


# -- Dask ------------------------------------------------------------------------------------


def test_dask_parallelized_is_lazy(da: la.DataArray) -> None:
    chunked = da.chunk(x=2)
    with raise_if_dask_computes():
        out = la.apply_ufunc(mean_last, chunked, input_core_dims=[["t"]], dask="parallelized",
                             output_dtypes=[float])
    assert out.chunks == ((2, 2),)
    np.testing.assert_array_equal(out.values, da.values.mean(-1))


def test_dask_parallelized_new_dim_and_vectorize(da: la.DataArray) -> None:
    chunked = da.chunk(x=2)
    with raise_if_dask_computes():
        out = la.apply_ufunc(
            lambda a: np.stack([a.min(-1), a.max(-1)], -1), chunked, input_core_dims=[["t"]],
            output_core_dims=[["q"]], dask="parallelized", output_sizes={"q": 2}, output_dtypes=[float],
        )
        vec = la.apply_ufunc(lambda a: a.sum(), chunked, input_core_dims=[["t"]], vectorize=True,
                             dask="parallelized", output_dtypes=[float])
    assert out.shape == (4, 2)
    np.testing.assert_array_equal(out.values[:, 1], da.values.max(-1))
    np.testing.assert_array_equal(vec.values, da.values.sum(-1))


def test_dask_allowed_passes_dask_arrays(da: la.DataArray) -> None:
    import dask.array

    seen = []

    def f(a):
        seen.append(type(a))
        return a + 1

    with raise_if_dask_computes():
        out = la.apply_ufunc(f, da.chunk(x=2), dask="allowed")
    assert seen == [dask.array.Array]
    np.testing.assert_array_equal(out.values, da.values + 1)


def test_dask_errors(da: la.DataArray) -> None:
    with pytest.raises(ValueError, match=r"chunked .*not enabled.*dask='parallelized'"):
        la.apply_ufunc(mean_last, da.chunk(x=2), input_core_dims=[["t"]])
    with pytest.raises(ValueError, match=r"core dimension 't' of argument 0 is split into 3 chunks.*\.chunk\(\{'t': -1\}\).*allow_rechunk"):
        la.apply_ufunc(mean_last, da.chunk(t=2), input_core_dims=[["t"]], dask="parallelized")
    out = la.apply_ufunc(mean_last, da.chunk(t=2), input_core_dims=[["t"]], dask="parallelized",
                         output_dtypes=[float], dask_gufunc_kwargs={"allow_rechunk": True})
    np.testing.assert_allclose(out.values, da.values.mean(-1))
    with pytest.raises(ValueError, match=r"output core dimension 'q' not found on any input.*output_sizes"):
        la.apply_ufunc(lambda a: a[..., None], da.chunk(x=2), output_core_dims=[["q"]], dask="parallelized")
    import dask.array

    with pytest.raises(ValueError, match="needs at least one labeled argument"):
        la.apply_ufunc(np.negative, dask.array.ones(3), dask="parallelized")
    with pytest.raises(ValueError, match="not enabled"):
        la.apply_ufunc(np.negative, dask.array.ones(3))


# -- bad input -------------------------------------------------------------------------------


def test_missing_core_dim_names_argument_and_dim(da: la.DataArray) -> None:
    with pytest.raises(ValueError, match=r"argument 0 is missing core dimension 'tt'.*x, t.*did you mean 't'"):
        la.apply_ufunc(mean_last, da, input_core_dims=[["tt"]])
    with pytest.raises(ValueError, match="argument 1 is missing core dimension 'y'"):
        la.apply_ufunc(np.add, da, da, input_core_dims=[[], ["y"]])
    with pytest.raises(ValueError, match="argument 0 is a ndarray with 1 dimension"):
        la.apply_ufunc(mean_last, np.ones(3), input_core_dims=[["a", "b"]])


def test_mismatched_core_dim_sizes(da: la.DataArray) -> None:
    a, b = Variable(("x", "t"), np.ones((2, 6))), Variable("t", np.arange(3.0))
    with pytest.raises(ValueError, match="core dimension 't' has length 6 on argument 0 but length 3 on argument 1"):
        la.apply_ufunc(lambda a, c: a, a, b, input_core_dims=[["t"], ["t"]], output_core_dims=[["t"]])
    with pytest.raises(AlignmentError, match="dimension 't' has size 6 in argument 0 and size 3 in argument 1"):
        la.apply_ufunc(lambda a, c: a, da, la.DataArray(b), input_core_dims=[["t"], ["t"]],
                       output_core_dims=[["t"]])


def test_core_dim_also_broadcast_dim(da: la.DataArray) -> None:
    with pytest.raises(ValueError, match="'t' is a core dimension of argument 0 but a broadcast dimension of argument 1"):
        la.apply_ufunc(lambda a, c: a, da, da, input_core_dims=[["t"], []])


def test_bad_arguments(da: la.DataArray) -> None:
    with pytest.raises(ValueError, match="input_core_dims has 2 entries but 1 arguments"):
        la.apply_ufunc(mean_last, da, input_core_dims=[["t"], []])
    with pytest.raises(TypeError, match=r"input_core_dims\[0\] must be a list.*\['t'\]"):
        la.apply_ufunc(mean_last, da, input_core_dims=["t"])
    with pytest.raises(TypeError, match="func must be callable"):
        la.apply_ufunc("mean", da)
    with pytest.raises(ValueError, match="exclude_dims must also be a core dimension; 'x'"):
        la.apply_ufunc(np.negative, da, exclude_dims={"x"})
    with pytest.raises(ValueError, match=r"dask must be one of.*got 'yes'"):
        la.apply_ufunc(np.negative, da, dask="yes")
    with pytest.raises(ValueError, match=r"join must be one of.*got 'inside'"):
        la.apply_ufunc(np.negative, da, join="inside")
    with pytest.raises(ValueError, match="on_missing_core_dim must be one of"):
        la.apply_ufunc(np.negative, da, on_missing_core_dim="skip")
    with pytest.raises(ValueError, match="output_dtypes has 2 entries but there are 1 outputs"):
        la.apply_ufunc(np.negative, da, output_dtypes=[float, float])


def test_bad_outputs(da: la.DataArray) -> None:
    with pytest.raises(ValueError, match=r"func should return a tuple of 2 values.*returned a ndarray"):
        la.apply_ufunc(np.negative, da, output_core_dims=[[], []])
    with pytest.raises(ValueError, match=r"output 0 of func has 1 dimension\(s\) but 2 were expected"):
        la.apply_ufunc(mean_last, da)
    with pytest.raises(ValueError, match=r"output 0 has length 3 along dimension 't'.*exclude_dims"):
        la.apply_ufunc(lambda a: a[..., ::2], da, input_core_dims=[["t"]], output_core_dims=[["t"]])


# -- properties and compatibility --------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(obj=strategies.dataarrays())
def test_identity_gives_identity(obj: la.DataArray) -> None:
    assert_identical(la.apply_ufunc(lambda a: a, obj), obj)
    assert_identical(la.apply_ufunc(lambda a: a, obj.variable), obj.variable)
    if obj.ndim:
        dim = obj.dims[0]
        moved = la.apply_ufunc(lambda a: a, obj, input_core_dims=[[dim]], output_core_dims=[[dim]])
        assert_identical(moved.transpose(*obj.dims), obj)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=strategies.datasets())
def test_identity_gives_identity_dataset(ds: la.Dataset) -> None:
    assert_identical(la.apply_ufunc(lambda a: a, ds), ds)


@pytest.mark.compat
@pytest.mark.parametrize("case", ["reduce", "broadcast", "outputs", "dataset", "exclude"])
def test_compat_with_xarray(case: str, da: la.DataArray) -> None:
    xr = pytest.importorskip("xarray")
    xda = xr.DataArray(da.values, dims=da.dims, coords={"x": da.x.values, "lbl": ("t", da.lbl.values)},
                       name="a", attrs={"units": "K"})

    def run(mod, obj):
        if case == "reduce":
            return mod.apply_ufunc(mean_last, obj, input_core_dims=[["t"]])
        if case == "broadcast":
            other = mod.DataArray(np.arange(3.0), dims="y")
            return mod.apply_ufunc(np.add, obj, other)
        if case == "outputs":
            return mod.apply_ufunc(lambda a: (a.min(-1), a.max(-1)), obj, input_core_dims=[["x"]],
                                   output_core_dims=[[], []])
        if case == "dataset":
            return mod.apply_ufunc(mean_last, obj.to_dataset(), input_core_dims=[["t"]])
        return mod.apply_ufunc(lambda a: a[..., ::2], obj, input_core_dims=[["t"]],
                               output_core_dims=[["t"]], exclude_dims={"t"})

    ours, theirs = run(la, da), run(xr, xda)
    ours = ours if isinstance(ours, tuple) else (ours,)
    theirs = theirs if isinstance(theirs, tuple) else (theirs,)
    for o, t in zip(ours, theirs, strict=True):
        o_vars = o.variables if isinstance(o, la.Dataset) else {"__data": o.variable, **o.coords}
        t_vars = t.variables if isinstance(t, xr.Dataset) else {"__data": t.variable, **t.coords}
        assert list(o_vars) == list(t_vars)
        for name in t_vars:
            assert o_vars[name].dims == t_vars[name].dims, name
            np.testing.assert_array_equal(np.asarray(o_vars[name].values), np.asarray(t_vars[name].values))
        assert dict(o.attrs) == dict(t.attrs)
        if isinstance(t, xr.DataArray):
            assert o.name == t.name


def test_keep_attrs_modes() -> None:
    a = la.DataArray([1.0], dims="x", attrs={"u": 1, "k": 2}, name="a")
    b = la.DataArray([2.0], dims="x", attrs={"u": 3}, name="b")
    assert la.apply_ufunc(np.add, a, b).attrs == {"u": 1, "k": 2}
    assert la.apply_ufunc(np.add, a, b, keep_attrs="drop_conflicts").attrs == {"k": 2}
    assert la.apply_ufunc(np.add, a, b, keep_attrs="drop").attrs == {}
    assert la.apply_ufunc(np.add, a, b, keep_attrs="drop").name is None
    with pytest.raises(ValueError, match=r"combine_attrs='no_conflicts': attribute 'u'"):
        la.apply_ufunc(np.add, a, b, keep_attrs="no_conflicts")
    with la.set_options(keep_attrs=False):
        assert la.apply_ufunc(np.negative, a).attrs == {}


def test_dataset_dask_parallelized_is_lazy(da: la.DataArray) -> None:
    ds = la.Dataset({"a": da, "b": da * 2}).chunk(x=2)
    with raise_if_dask_computes():
        out = la.apply_ufunc(mean_last, ds, input_core_dims=[["t"]], dask="parallelized",
                             output_dtypes=[float])
    assert dict(out.chunks) == {"x": (2, 2)}
    np.testing.assert_array_equal(out["b"].values, (da.values * 2).mean(-1))


# -- GroupBy arguments ----------------------------------------------------------------------


def _daily(n: int = 90) -> la.DataArray:
    time = pd.date_range("2001-01-01", periods=n, freq="D")
    values = np.random.default_rng(3).standard_normal(n)
    return la.DataArray(values, dims="time", coords={"time": time}, name="tas")


def test_apply_ufunc_on_groupby_subtracts_the_group_entry_of_a_climatology() -> None:
    da = _daily()
    gb = da.groupby("time.month")
    clim = gb.mean()
    anomalies = la.apply_ufunc(np.subtract, gb, clim)
    expected = da - clim.sel(month=da.time.dt.month).drop_vars("month").values
    np.testing.assert_allclose(anomalies.values, expected.values)
    assert anomalies.dims == ("time",)
    np.testing.assert_array_equal(anomalies.time.values, da.time.values)


def test_apply_ufunc_on_groupby_with_core_dims_reduces_each_group() -> None:
    da = _daily()
    result = la.apply_ufunc(np.median, da.groupby("time.month"), input_core_dims=[["time"]],
                            kwargs={"axis": -1})
    assert result.dims == ("month",)
    expected = [np.median(da.values[da.time.dt.month.values == m]) for m in (1, 2, 3)]
    np.testing.assert_allclose(result.values, expected)


def test_apply_ufunc_on_two_identical_groupbys_and_several_outputs() -> None:
    da = _daily()
    total, diff = la.apply_ufunc(lambda a, b: (a + b, a - b), da.groupby("time.month"),
                                 (2 * da).groupby("time.month"), output_core_dims=[[], []])
    np.testing.assert_allclose(total.values, 3 * da.values)
    np.testing.assert_allclose(diff.values, -da.values)


def test_apply_ufunc_groupby_bad_input() -> None:
    da = _daily()
    with pytest.raises(ValueError, match="grouped identically"):
        la.apply_ufunc(np.add, da.groupby("time.month"), da.groupby("time.dayofweek"))
    with pytest.raises(ValueError, match="not a GroupBy has the grouped dimension 'time'"):
        la.apply_ufunc(np.add, da.groupby("time.month"), da)


@pytest.mark.compat
def test_apply_ufunc_groupby_matches_xarray() -> None:
    xarray = pytest.importorskip("xarray")
    da = _daily()
    xda = xarray.DataArray(da.values, dims="time", coords={"time": da.time.values}, name="tas")
    ours = la.apply_ufunc(np.subtract, da.groupby("time.month"), da.groupby("time.month").mean())
    theirs = xarray.apply_ufunc(np.subtract, xda.groupby("time.month"), xda.groupby("time.month").mean())
    np.testing.assert_allclose(ours.values, theirs.values)
    assert ours.dims == theirs.dims
    assert sorted(map(str, ours.coords)) == sorted(map(str, theirs.coords))
