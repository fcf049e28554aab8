"""Tests of labarray.compute.dot (einsum over named dimensions)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import labarray as la
from labarray.compute.dot import dot, einsum_arrays
from labarray.testing import assert_allclose, raise_if_dask_computes
from labarray.variable import Variable


def arrays() -> tuple[la.DataArray, la.DataArray]:
    rng = np.random.default_rng(0)
    a = la.DataArray(rng.normal(size=(3, 4, 5)), dims=("x", "y", "t"),
                     coords={"x": [1, 2, 3], "t": np.arange(5)}, name="a")
    b = la.DataArray(rng.normal(size=(4, 5)), dims=("y", "t"), coords={"t": np.arange(5)})
    return a, b


def test_dot_sums_over_shared_dims_by_default() -> None:
    a, b = arrays()
    out = dot(a, b)
    assert out.dims == ("x",)
    np.testing.assert_allclose(out.values, np.einsum("xyt,yt->x", a.values, b.values))
    assert out.x.values.tolist() == [1, 2, 3]


def test_dot_given_dims_and_ellipsis() -> None:
    a, b = arrays()
    out = dot(a, b, dim="y")
    assert out.dims == ("x", "t")
    np.testing.assert_allclose(out.values, np.einsum("xyt,yt->xt", a.values, b.values))
    total = dot(a, b, dim=...)
    assert total.dims == ()
    np.testing.assert_allclose(total.values, np.einsum("xyt,yt->", a.values, b.values))
    listed = dot(a, b, dim=["y", ...])
    assert listed.dims == ()


def test_dot_single_and_three_arrays() -> None:
    a, b = arrays()
    np.testing.assert_allclose(dot(a).values, a.values)
    np.testing.assert_allclose(dot(a, dim="t").values, a.values.sum(axis=2))
    c = la.DataArray(np.arange(3.0), dims="x", coords={"x": [1, 2, 3]})
    out = dot(a, b, c)
    assert out.dims == ()
    np.testing.assert_allclose(out.values, np.einsum("xyt,yt,x->", a.values, b.values, c.values))


def test_dot_without_shared_dims_is_outer_product() -> None:
    u = la.DataArray([1.0, 2.0], dims="i")
    v = la.DataArray([1.0, 10.0, 100.0], dims="j")
    out = dot(u, v)
    assert out.dims == ("i", "j")
    np.testing.assert_array_equal(out.values, np.outer(u.values, v.values))


def test_dot_aligns_inner_by_index() -> None:
    u = la.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2]})
    v = la.DataArray([10.0, 100.0], dims="x", coords={"x": [1, 2]})
    assert float(dot(u, v)) == 320.0
    with la.set_options(arithmetic_join="exact"), pytest.raises(
        ValueError, match=r"join='exact'.*coordinate 'x'.*labels only in the first: \[0\]"
    ):
        dot(u, v)


def test_dot_variables_and_integers() -> None:
    v = Variable(("x", "y"), np.arange(6).reshape(2, 3))
    w = Variable("y", [1, 1, 1])
    out = dot(v, w)
    assert isinstance(out, Variable)
    assert out.dtype.kind == "i"
    assert out.values.tolist() == [3, 12]


def test_dataarray_dot_method_and_matmul() -> None:
    a, b = arrays()
    assert_allclose(a.dot(b), dot(a, b))
    assert_allclose(a.dot(b, dim="t"), dot(a, b, dim="t"))


def test_dot_bad_input() -> None:
    a, _ = arrays()
    with pytest.raises(TypeError, match=r"dot needs at least one array"):
        dot()
    with pytest.raises(TypeError, match=r"only accepts DataArray and Variable arguments, got ndarray"):
        dot(a, np.ones(3))
    with pytest.raises(TypeError, match=r"Datasets are not supported"):
        dot(a, a.to_dataset())
    with pytest.raises(ValueError, match=r"dimension 'yy' not found.*did you mean 'y'"):
        dot(a, a, dim="yy")
    with pytest.raises(NotImplementedError, match=r"Dataset objects are not supported"):
        a.dot(a.to_dataset())
    with pytest.raises(TypeError, match=r"DataArray.dot needs a DataArray, got ndarray"):
        a.dot(np.ones(3))


def test_dot_too_many_dims() -> None:
    dims = [f"d{i}" for i in range(53)]
    big = Variable(dims, np.ones((1,) * 53))
    with pytest.raises(ValueError, match=r"at most 52 distinct dimensions, got 53"):
        dot(big)


def test_dot_dask_lazy() -> None:
    a, b = arrays()
    ca, cb = a.chunk({"x": 1, "y": 2}), b.chunk({"y": 2})
    with raise_if_dask_computes():
        out = dot(ca, cb, dim="y")
    assert out.chunks is not None
    assert_allclose(out.compute(), dot(a, b, dim="y"))


def test_einsum_arrays_numpy_and_kwargs() -> None:
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(einsum_arrays("ij->ji", x), x.T)
    np.testing.assert_allclose(einsum_arrays("ij,jk->ik", x, x.T, optimize=False), x @ x.T)


@settings(max_examples=40, deadline=None)
@given(
    a=hnp.arrays(np.float64, (3, 4), elements=st.floats(-100, 100)),
    b=hnp.arrays(np.float64, (4, 2), elements=st.floats(-100, 100)),
)
def test_property_dot_matches_matmul(a: np.ndarray, b: np.ndarray) -> None:
    out = dot(la.DataArray(a, dims=("i", "k")), la.DataArray(b, dims=("k", "j")))
    assert out.dims == ("i", "j")
    np.testing.assert_allclose(out.values, a @ b, atol=1e-9)
