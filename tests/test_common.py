"""Tests of zeros_like / ones_like / full_like."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la


def _da() -> la.DataArray:
    return la.DataArray(
        np.arange(6.0).reshape(2, 3),
        dims=("x", "y"),
        coords={"x": [1, 2], "c": ("y", ["a", "b", "c"])},
        name="v",
        attrs={"units": "K"},
    )


def _ds() -> la.Dataset:
    return la.Dataset(
        {"a": (("x",), [1.0, 2.0]), "b": (("x",), [1, 2])},
        coords={"x": [0, 1]},
        attrs={"title": "t"},
    )


class TestDataArray:
    def test_full_like(self) -> None:
        da = _da()
        out = la.full_like(da, 7.5)
        np.testing.assert_array_equal(out.values, np.full((2, 3), 7.5))
        assert out.dims == da.dims
        assert out.name == "v"
        assert out.attrs == {"units": "K"}
        assert out.coords.equals(da.coords)
        assert out.dtype == np.float64
        np.testing.assert_array_equal(da.values, np.arange(6.0).reshape(2, 3))  # untouched

    def test_full_like_dtype(self) -> None:
        out = la.full_like(_da(), 7, dtype=np.int16)
        assert out.dtype == np.int16
        out = la.full_like(la.DataArray([1, 2], dims="x"), 2.7)
        assert out.dtype.kind == "i"  # the template's dtype wins (as in numpy.full_like)
        np.testing.assert_array_equal(out.values, [2, 2])

    def test_full_like_nan_bool_string(self) -> None:
        out = la.full_like(_da(), np.nan)
        assert np.isnan(out.values).all()
        out = la.full_like(_da(), True, dtype=bool)
        assert out.dtype == bool and out.values.all()
        # like numpy.full_like (and xarray), the template's fixed-width string dtype truncates
        out = la.full_like(la.DataArray(["a", "b"], dims="x"), "zz")
        np.testing.assert_array_equal(out.values, ["z", "z"])
        out = la.full_like(la.DataArray(["a", "b"], dims="x"), "zz", dtype="U2")
        np.testing.assert_array_equal(out.values, ["zz", "zz"])

    def test_zeros_ones(self) -> None:
        assert la.zeros_like(_da()).values.sum() == 0
        assert la.ones_like(_da()).values.sum() == 6
        assert la.ones_like(_da(), dtype=int).dtype.kind == "i"

    def test_returns_new_object(self) -> None:
        da = _da()
        out = la.zeros_like(da)
        out.attrs["new"] = 1
        assert "new" not in da.attrs

    def test_variable(self) -> None:
        v = la.Variable(("x",), [1.0, 2.0], attrs={"a": 1})
        out = la.ones_like(v)
        assert isinstance(out, la.Variable)
        assert out.dims == ("x",)
        assert out.attrs == {"a": 1}
        np.testing.assert_array_equal(out.values, [1.0, 1.0])

    def test_scalar(self) -> None:
        out = la.full_like(la.DataArray(1.0), 3.0)
        assert float(out) == 3.0

    def test_dict_fill_rejected(self) -> None:
        with pytest.raises(ValueError, match=r"Dataset"):
            la.full_like(_da(), {"v": 1})
        with pytest.raises(ValueError, match=r"Dataset"):
            la.full_like(_da(), 1, dtype={"v": int})

    def test_bad_template(self) -> None:
        with pytest.raises(TypeError, match=r"ndarray|Variable, DataArray or Dataset"):
            la.zeros_like(np.zeros(3))

    def test_non_scalar_fill_rejected(self) -> None:
        with pytest.raises(ValueError, match=r"fill_value|scalar"):
            la.full_like(_da(), [1, 2, 3])


class TestDataset:
    def test_full_like_dataset(self) -> None:
        ds = _ds()
        out = la.full_like(ds, 3)
        assert isinstance(out, la.Dataset)
        np.testing.assert_array_equal(out.a.values, [3.0, 3.0])
        np.testing.assert_array_equal(out.b.values, [3, 3])
        assert out.b.dtype.kind == "i"
        np.testing.assert_array_equal(out.x.values, [0, 1])  # coordinates are not filled
        assert out.attrs == {"title": "t"}

    def test_dict_fill_and_dtype(self) -> None:
        out = la.full_like(_ds(), {"a": 1.5, "b": 2}, dtype={"a": np.float32})
        assert out.a.dtype == np.float32
        np.testing.assert_array_equal(out.a.values, [1.5, 1.5])
        np.testing.assert_array_equal(out.b.values, [2, 2])

    def test_dict_fill_missing_key_uses_nan(self) -> None:
        ds = la.Dataset({"a": ("x", [1.0, 2.0]), "f": ("x", [3.0, 4.0])})
        out = la.full_like(ds, {"a": 1.0})
        np.testing.assert_array_equal(out.a.values, [1.0, 1.0])
        assert np.isnan(out.f.values).all()

    def test_dict_unknown_key(self) -> None:
        with pytest.raises(ValueError, match=r"'c'|\['c'\].*data variables"):
            la.full_like(_ds(), {"c": 1})
        with pytest.raises(ValueError, match=r"dtype.*'c'|dtype.*\['c'\]"):
            la.full_like(_ds(), 1, dtype={"c": int})

    def test_zeros_ones_dataset(self) -> None:
        assert float(la.zeros_like(_ds()).a.sum()) == 0.0
        assert float(la.ones_like(_ds()).b.sum()) == 2


class TestChunks:
    def test_lazy_template_stays_lazy(self) -> None:
        pytest.importorskip("dask")
        from labarray.testing.laziness import raise_if_dask_computes

        lazy = _da().chunk({"y": 2})
        with raise_if_dask_computes():
            out = la.full_like(lazy, 1.0)
        assert out.chunks == ((2,), (2, 1))
        np.testing.assert_array_equal(out.values, np.ones((2, 3)))

    def test_chunks_argument(self) -> None:
        pytest.importorskip("dask")
        out = la.zeros_like(_da(), chunks={"y": 1})
        assert out.chunks == ((2,), (1, 1, 1))
        out = la.ones_like(_ds(), chunks=1)
        assert out.a.chunks == ((1, 1),)
