from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "formatting"))
from formatting_fakes import (
    FakeDataArray,
    FakeDataset,
    FakeVariable,
    LoadableLazyArray,
    PandasIndex,
)

import labarray.testing as lt
from labarray.testing import (
    assert_allclose,
    assert_chunks_equal,
    assert_duckarray_allclose,
    assert_duckarray_equal,
    assert_equal,
    assert_identical,
)
from labarray.testing.assertions import _assert_internal_invariants


def _da(values=(1.0, 2.0, 3.0), name="a", attrs=None, x=(10, 20, 30)):
    var = FakeVariable(("x",), np.array(values), attrs)
    return FakeDataArray(var, {"x": FakeVariable("x", np.array(x))}, name=name)


def _ds(values=(1.0, 2.0), attrs=None):
    return FakeDataset(
        {"v": FakeVariable(("x",), np.array(values))},
        coords={"x": FakeVariable("x", np.array([0, 1]))},
        attrs=attrs,
    )


def test_reexports():
    assert set(lt.__all__) == {
        "assert_allclose",
        "assert_chunks_equal",
        "assert_duckarray_allclose",
        "assert_duckarray_equal",
        "assert_equal",
        "assert_identical",
        "raise_if_dask_computes",
    }
    assert not hasattr(lt, "strategies") or "strategies" not in lt.__all__


# --------------------------------------------------------------------------- equal / identical


def test_assert_equal_passes_for_equal_objects():
    assert_equal(
        FakeVariable(("x",), np.array([1.0, np.nan])), FakeVariable(("x",), np.array([1.0, np.nan]))
    )
    assert_equal(_da(), _da(name="other", attrs={"units": "m"}))
    assert_equal(_ds(), _ds(attrs={"title": "t"}))


def test_assert_equal_reports_differences():
    with pytest.raises(
        AssertionError,
        match=r"(?s)not equal.*Values differ at 1 of 3 positions; first: \[x=2\] 3.0 != 4.0",
    ):
        assert_equal(_da(), _da(values=(1.0, 2.0, 4.0)))
    with pytest.raises(AssertionError, match=r"(?s)Differing coordinates:\nL \* x"):
        assert_equal(_da(), _da(x=(10, 20, 31)))
    with pytest.raises(AssertionError, match=r"Differing dimensions:\n    \(x: 2\) != \(x: 3\)"):
        assert_equal(
            _ds(),
            FakeDataset(
                {"v": FakeVariable(("x",), np.arange(3.0))},
                coords={"x": FakeVariable("x", np.arange(3))},
            ),
        )


def test_assert_equal_dim_order():
    a = FakeVariable(("x", "y"), np.arange(6).reshape(2, 3))
    b = FakeVariable(("y", "x"), np.arange(6).reshape(2, 3).T)
    with pytest.raises(
        AssertionError, match=r"Differing dimensions:\n    \(x: 2, y: 3\) != \(y: 3, x: 2\)"
    ):
        assert_equal(a, b)
    assert_equal(a, b, check_dim_order=False)
    assert_allclose(a, b, check_dim_order=False)


def test_assert_identical():
    assert_identical(_da(attrs={"u": 1}), _da(attrs={"u": 1}))
    with pytest.raises(AssertionError, match="Differing names:\n    'a' != 'b'"):
        assert_identical(_da(), _da(name="b"))
    with pytest.raises(AssertionError, match=r"Differing attributes:\nL   u: 1\nR   u: 2"):
        assert_identical(_da(attrs={"u": 1}), _da(attrs={"u": 2}))
    with pytest.raises(AssertionError, match="Attributes only on the right object:\n    title: t"):
        assert_identical(_ds(), _ds(attrs={"title": "t"}))
    arr = {"flags": np.array([1, 2])}
    assert_identical(_ds(attrs=arr), _ds(attrs={"flags": np.array([1, 2])}))


def test_assert_allclose():
    assert_allclose(_da(), _da(values=(1.0, 2.0, 3.0 + 1e-9)))
    with pytest.raises(AssertionError, match=r"(?s)not close.*max absolute difference: 0.1"):
        assert_allclose(_da(), _da(values=(1.0, 2.0, 3.1)))
    assert_allclose(_da(), _da(values=(1.0, 2.0, 3.1)), atol=0.2)
    assert_allclose(_da(), _da(values=(1.0, 2.0, 3.1)), rtol=0.1)
    s = FakeVariable(("x",), np.array([b"a"]))
    u = FakeVariable(("x",), np.array(["a"]))
    assert_allclose(s, u)
    with pytest.raises(AssertionError, match="Values differ"):
        assert_allclose(s, u, decode_bytes=False)


def test_assertions_load_lazy_data():
    lazy = LoadableLazyArray(np.array([1.0, 2.0]))
    a = FakeVariable(("x",), lazy)
    assert_equal(a, FakeVariable(("x",), np.array([1.0, 2.0])))
    assert lazy.reads >= 1


def test_assert_equal_with_dask():
    da = pytest.importorskip("dask.array")
    a = FakeVariable(("x",), da.from_array(np.arange(4.0), chunks=2))
    assert_equal(a, FakeVariable(("x",), np.arange(4.0)))
    with pytest.raises(AssertionError, match="Values differ at 4 of 4"):
        assert_equal(a, FakeVariable(("x",), np.arange(4.0) + 1))


def test_type_mismatch():
    with pytest.raises(
        AssertionError, match="assert_equal: cannot compare a FakeVariable with a FakeDataArray"
    ):
        assert_equal(FakeVariable(("x",), np.arange(3.0)), _da())
    with pytest.raises(AssertionError, match="cannot compare a FakeDataArray with a FakeDataset"):
        assert_identical(_da(), _ds())
    with pytest.raises(AssertionError, match=r"got ndarray .*use assert_duckarray_equal"):
        assert_allclose(np.arange(3), np.arange(3))
    with pytest.raises(AssertionError, match="got list"):
        assert_chunks_equal(_ds(), [1])


# --------------------------------------------------------------------------- chunks and duck arrays


def test_assert_chunks_equal():
    da = pytest.importorskip("dask.array")
    a = FakeDataset({"v": FakeVariable(("x",), da.zeros(4, chunks=2))})
    b = FakeDataset({"v": FakeVariable(("x",), da.zeros(4, chunks=3))})
    assert_chunks_equal(a, a)
    with pytest.raises(
        AssertionError, match=r"different chunks:\n    v: \(\(2, 2\),\) != \(\(3, 1\),\)"
    ):
        assert_chunks_equal(a, b)
    c = FakeDataset({"v": FakeVariable(("x",), np.zeros(4))})
    with pytest.raises(AssertionError, match=r"v: \(\(2, 2\),\) != None"):
        assert_chunks_equal(a, c)
    with pytest.raises(AssertionError, match="different variables: left v; right w"):
        assert_chunks_equal(a, FakeDataset({"w": FakeVariable(("x",), np.zeros(4))}))
    assert_chunks_equal(_da(), _da())


def test_assert_duckarray_equal():
    assert_duckarray_equal(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    assert_duckarray_equal(np.float64(3), np.array([3.0, 3.0]))
    with pytest.raises(
        AssertionError,
        match=r"not equal: context\nValues differ at 1 of 2 positions; first: \(1,\) 2 != 3\nL   1 2\nR   1 3$",
    ):
        assert_duckarray_equal(np.array([1, 2]), np.array([1, 3]), err_msg="context")
    with pytest.raises(AssertionError, match=r"Differing shapes: \(2,\) != \(3,\)"):
        assert_duckarray_equal(np.zeros(2), np.zeros(3))
    with pytest.raises(AssertionError) as info:
        assert_duckarray_equal(np.array([1, 2]), np.array([1, 3]), verbose=False)
    assert "L   " not in str(info.value)


def test_assert_duckarray_allclose():
    assert_duckarray_allclose(np.array([1.0]), np.array([1.0 + 1e-9]))
    with pytest.raises(AssertionError, match="not close"):
        assert_duckarray_allclose(np.array([1.0]), np.array([1.001]))
    assert_duckarray_allclose(np.array([1.0]), np.array([1.001]), rtol=1e-2)
    assert_duckarray_allclose(np.array([1.0]), np.array([1.001]), atol=0.01)
    da = pytest.importorskip("dask.array")
    assert_duckarray_allclose(da.ones(3, chunks=1), np.ones(3))


# --------------------------------------------------------------------------- invariants


def test_invariants_hold_for_consistent_objects():
    _assert_internal_invariants(_da())
    _assert_internal_invariants(_ds())
    _assert_internal_invariants(FakeVariable((), np.array(1)))


def test_variable_invariants():
    v = FakeVariable(("x",), np.arange(3))
    v._dims = ["x"]
    with pytest.raises(
        AssertionError, match="internal invariant violated: Variable has dims of type list"
    ):
        _assert_internal_invariants(v)
    v._dims = ("x", "y")
    with pytest.raises(AssertionError, match=r"has dims \('x', 'y'\) but its data has 1 dimension"):
        assert_equal(v, v)
    w = FakeVariable(("x",), np.arange(3))
    w._attrs = [("a", 1)]
    with pytest.raises(AssertionError, match=r"Variable._attrs is a list; expected a dict or None"):
        _assert_internal_invariants(w)
    with pytest.raises(AssertionError, match="cannot check the invariants of a int"):
        _assert_internal_invariants(3)


def test_dataarray_invariants():
    da = _da()
    da._coords["bad"] = FakeVariable(("y",), np.arange(2))
    with pytest.raises(
        AssertionError,
        match="coordinate 'bad' has dimension 'y', which the DataArray does not have",
    ):
        _assert_internal_invariants(da)
    da = _da()
    da._coords["short"] = FakeVariable(("x",), np.arange(2))
    with pytest.raises(
        AssertionError, match="coordinate 'short' has size 2 along 'x' but the DataArray has size 3"
    ):
        _assert_internal_invariants(da)
    da = _da()
    da._indexes["ghost"] = PandasIndex("ghost", [1, 2, 3], dim="x")
    with pytest.raises(
        AssertionError, match="has an index for 'ghost' but no coordinate 'ghost'; coordinates: x"
    ):
        _assert_internal_invariants(da)
    da = _da()
    da._indexes["x"] = PandasIndex("x", [10, 20, 99])
    with pytest.raises(
        AssertionError,
        match="coordinate 'x' of the DataArray holds 10 20 30 but its index holds 10 20 99",
    ):
        assert_equal(da, _da())


def test_index_keyed_to_all_its_coordinates():
    class TwoCoordIndex:
        def create_variables(self):
            return {
                "x": FakeVariable(("x",), np.array([10, 20, 30])),
                "lvl": FakeVariable(("x",), np.array([1, 2, 3])),
            }

    da = _da()
    da._coords["lvl"] = FakeVariable(("x",), np.array([1, 2, 3]))
    index = TwoCoordIndex()
    da._indexes = {"x": index, "lvl": index}
    _assert_internal_invariants(da)
    da._indexes = {"x": index}
    with pytest.raises(
        AssertionError,
        match="coordinate 'lvl' of the DataArray is not keyed to the index TwoCoordIndex",
    ):
        _assert_internal_invariants(da)
    del da._coords["lvl"]
    with pytest.raises(AssertionError, match="creates coordinate 'lvl', which is missing"):
        _assert_internal_invariants(da)


def test_index_dims_must_match():
    class OtherDimIndex:
        def create_variables(self):
            return {"x": FakeVariable(("y",), np.array([10, 20, 30]))}

    da = _da()
    da._indexes = {"x": OtherDimIndex()}
    with pytest.raises(AssertionError, match=r"has dims \('x',\) but its index has dims \('y',\)"):
        _assert_internal_invariants(da)


def test_index_without_create_variables_is_skipped():
    class Opaque:
        def create_variables(self):
            raise NotImplementedError

    da = _da()
    da._indexes = {"x": Opaque()}
    _assert_internal_invariants(da)


def test_dataset_invariants():
    ds = _ds()
    ds._coord_names.add("nope")
    with pytest.raises(
        AssertionError,
        match="coordinate names nope are not variables of the Dataset; variables: x, v",
    ):
        _assert_internal_invariants(ds)
    ds = _ds()
    ds._variables["w"] = FakeVariable(("x",), np.arange(5))
    with pytest.raises(
        AssertionError,
        match="dimension 'x' of the Dataset has size 2 in variable 'x' but size 5 in variable 'w'",
    ):
        _assert_internal_invariants(ds)
    ds = _ds()
    ds._dims = {"x": 2, "extra": 4}
    with pytest.raises(
        AssertionError, match=r"Dataset dims \(x: 2, extra: 4\) do not match its variables \(x: 2\)"
    ):
        assert_equal(ds, _ds())
    ds = _ds()
    ds._indexes["v"] = PandasIndex("v", [1.0, 2.0], dim="x")
    with pytest.raises(
        AssertionError, match="indexed variables v are not coordinates of the Dataset"
    ):
        _assert_internal_invariants(ds)
    ds = _ds()
    ds._variables = list(ds._variables.items())
    with pytest.raises(AssertionError, match=r"Dataset\._variables is a list; expected a dict"):
        _assert_internal_invariants(ds)


def test_invariants_fall_back_to_public_attributes():
    var = FakeVariable(("x",), np.arange(2))
    coord = SimpleNamespace(variable=FakeVariable(("x",), np.array([5, 6])))
    da = SimpleNamespace(
        name=None,
        variable=var,
        dims=("x",),
        attrs={},
        coords={"x": coord},
        xindexes={"x": PandasIndex("x", [5, 7])},
    )
    with pytest.raises(AssertionError, match="holds 5 6 but its index holds 5 7"):
        _assert_internal_invariants(da)


# --------------------------------------------------------------------------- real labarray objects


def test_real_objects():
    la = pytest.importorskip("labarray")
    ds = la.Dataset(
        {"a": (("x", "y"), np.arange(6.0).reshape(2, 3), {"units": "m"})},
        coords={"x": [10, 20]},
        attrs={"title": "t"},
    )
    assert_identical(ds, ds.copy())
    assert_equal(ds["a"], ds["a"].copy())
    assert_equal(ds["a"].variable, ds["a"].variable.copy())
    assert_equal(ds, ds.transpose("y", "x"), check_dim_order=False)
    with pytest.raises(
        AssertionError, match=r"(?s)Differing data variables:.*\[x=0, y=0\] 0.0 != 1.0"
    ):
        assert_allclose(ds, ds + 1)
    with pytest.raises(AssertionError, match="cannot compare a Dataset with a DataArray"):
        assert_equal(ds, ds["a"])
    midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("one", "two"))
    m = la.DataArray(np.arange(4), coords={"z": midx}, dims="z")
    _assert_internal_invariants(m)
    assert_identical(m, m.copy())
