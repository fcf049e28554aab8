"""Tests of labarray.methods.indexing: set_xindex, drop_indexes, query, eval, filter_by_attrs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.indexes import Index, PandasIndex, PandasMultiIndex
from labarray.methods import indexing


def make_ds() -> xr.Dataset:
    return xr.Dataset(
        {
            "temp": ("x", [1.0, 2.0, 3.0], {"units": "K", "standard_name": "air_temperature"}),
            "wind": ("x", [4.0, 5.0, 6.0], {"units": "m/s"}),
        },
        coords={
            "x": [10, 20, 30],
            "station": ("x", ["a", "b", "c"], {"units": "K"}),
            "code": ("x", [1, 2, 3]),
        },
        attrs={"title": "demo"},
    )


def test_methods_are_attached():
    for name, func in indexing.DATASET_METHODS.items():
        assert getattr(xr.Dataset, name) is func
        assert func.__name__ == name
    for name, func in indexing.DATAARRAY_METHODS.items():
        assert getattr(xr.DataArray, name) is func
    assert not hasattr(xr.DataArray, "eval")
    assert not hasattr(xr.DataArray, "filter_by_attrs")


# ---------------------------------------------------------------------------- set_xindex


def test_set_xindex_on_non_dimension_coordinate_enables_sel():
    ds = make_ds()
    out = ds.set_xindex("station")
    assert set(out.xindexes) == {"x", "station"}
    assert isinstance(out.xindexes["station"], PandasIndex)
    assert out.station.dtype == np.dtype("<U1")  # NumPy dtype kept
    assert out.sel(station="b").temp.item() == 2.0
    assert list(out.sel(station=["c", "a"]).x.values) == [30, 10]
    # the original is unchanged
    assert set(ds.xindexes) == {"x"}
    np.testing.assert_array_equal(out.station.values, ds.station.values)


def test_set_xindex_keeps_attrs_and_reindexes_existing():
    ds = make_ds().drop_indexes("x")
    out = ds.set_xindex("x")
    assert set(out.xindexes) == {"x"}
    assert out.sel(x=20).temp.item() == 2.0
    assert out.station.attrs == {"units": "K"}
    again = make_ds().set_xindex("station").set_xindex("station")
    assert set(again.xindexes) == {"x", "station"}


def test_set_xindex_multi_index_from_two_coordinates():
    ds = make_ds().drop_vars("x")
    out = ds.set_xindex(["station", "code"])
    assert isinstance(out.xindexes["station"], PandasMultiIndex)
    assert out.xindexes["station"] is out.xindexes["code"] is out.xindexes["x"]
    assert out.sel(station="b", code=2).temp.item() == 2.0
    explicit = ds.set_xindex(["station", "code"], PandasMultiIndex)
    assert set(explicit.xindexes) == {"x", "station", "code"}


def test_set_xindex_rebuilds_a_multi_index_with_other_level_order():
    multi = make_ds().drop_vars("x").set_xindex(["station", "code"])
    out = multi.set_xindex(["code", "station"])
    assert out.xindexes["x"].index.names == ["code", "station"]
    assert out.sel(code=2).temp.item() == 2.0


def test_set_xindex_passes_options_to_index_class():
    seen = {}

    class Recording(PandasIndex):
        @classmethod
        def from_variables(cls, variables, *, options):
            seen.update(options)
            return super().from_variables(variables, options=options)

    out = make_ds().set_xindex("code", Recording, tolerance=3)
    assert seen == {"tolerance": 3}
    assert type(out.xindexes["code"]) is Recording


def test_set_xindex_dataarray():
    da = make_ds().temp
    out = da.set_xindex("station")
    assert set(out.xindexes) == {"x", "station"}
    assert out.sel(station="c").item() == 3.0
    assert out.name == "temp"


def test_set_xindex_errors():
    ds = make_ds()
    with pytest.raises(ValueError, match=r"coordinate 'statoin' not found.*did you mean 'station'"):
        ds.set_xindex("statoin")
    with pytest.raises(ValueError, match=r"'temp': data variables.*set_coords"):
        ds.set_xindex("temp")
    with pytest.raises(TypeError, match=r"index_cls must be a subclass of labarray\.Index"):
        ds.set_xindex("station", index_cls=pd.Index)
    with pytest.raises(TypeError, match="index_cls must be a subclass"):
        ds.set_xindex("station", index_cls="PandasIndex")
    with pytest.raises(ValueError, match="at least one coordinate name"):
        ds.set_xindex([])
    with pytest.raises(ValueError, match="would replace the existing coordinate 'x'"):
        ds.set_xindex(["station", "code"])
    with pytest.raises(ValueError, match="exactly one coordinate variable"):
        ds.set_xindex(["station", "code"], PandasIndex)
    with pytest.raises(TypeError, match="does not support from_variables"):
        ds.set_xindex("station", Index)
    with pytest.raises(ValueError, match="coordinate 'nope' not found"):
        ds.temp.set_xindex("nope")


def test_set_xindex_refuses_to_corrupt_a_multi_index():
    ds = make_ds().drop_vars("x").set_xindex(["station", "code"])
    with pytest.raises(ValueError, match="would corrupt the PandasMultiIndex"):
        ds.set_xindex("station")


# ---------------------------------------------------------------------------- drop_indexes


def test_drop_indexes_keeps_coordinates():
    ds = make_ds()
    out = ds.drop_indexes("x")
    assert list(out.xindexes) == []
    assert "x" in out.coords
    np.testing.assert_array_equal(out.x.values, [10, 20, 30])
    assert out.isel(x=1).temp.item() == 2.0
    with pytest.raises(KeyError, match="no index found for dimension 'x'"):
        out.sel(x=20)
    assert set(ds.xindexes) == {"x"}
    assert out.x.variable.to_index().tolist() == [10, 20, 30]


def test_drop_indexes_multi_index_together_and_dataarray():
    ds = make_ds().drop_vars("x").set_xindex(["station", "code"])
    out = ds.drop_indexes(["x", "station", "code"])
    assert list(out.xindexes) == []
    da = make_ds().temp.drop_indexes("x")
    assert list(da.xindexes) == [] and da.name == "temp"


def test_drop_indexes_errors():
    ds = make_ds()
    with pytest.raises(ValueError, match=r"coordinate 'y' not found.*existing coordinates"):
        ds.drop_indexes("y")
    with pytest.raises(ValueError, match="coordinate 'station' has no index; indexed coordinates: x"):
        ds.drop_indexes("station")
    with pytest.raises(ValueError, match="data variables"):
        ds.drop_indexes("temp")
    with pytest.raises(ValueError, match="errors must be 'raise' or 'ignore'"):
        ds.drop_indexes("x", errors="warn")
    multi = make_ds().drop_vars("x").set_xindex(["station", "code"])
    with pytest.raises(ValueError, match="would corrupt"):
        multi.drop_indexes("station")


def test_drop_indexes_errors_ignore():
    ds = make_ds()
    out = ds.drop_indexes(["y", "station", "x"], errors="ignore")
    assert list(out.xindexes) == []


# ---------------------------------------------------------------------------- query


def test_query_dataset():
    ds = make_ds()
    out = ds.query(x="temp > 1.5")
    assert list(out.x.values) == [20, 30]
    assert list(out.xindexes) == ["x"]
    assert out.station.attrs == {"units": "K"}
    out = ds.query({"x": "temp > 1.5 and x < 30"})
    assert list(out.x.values) == [20]
    out = ds.query(x="code == 1 or station == 'c'", parser="pandas")
    assert list(out.x.values) == [10, 30]
    out = ds.query(x="(temp > 1.5) & (x < 30)", parser="python", engine="python")
    assert list(out.x.values) == [20]
    # the queried object itself is not touched by pandas
    assert set(ds.xindexes) == {"x"} and "x" in ds.coords and "x" not in ds.data_vars


def test_query_two_dimensions_and_missing_dims():
    ds = xr.Dataset(
        {"a": (("x", "y"), np.arange(6).reshape(2, 3))},
        coords={"x": [0, 1], "y": [5, 6, 7]},
    )
    out = ds.query(x="x > 0", y="y < 7")
    assert out.a.values.tolist() == [[3, 4]]
    out = ds.query(x="x > 0", z="x > 0", missing_dims="ignore")
    assert out.sizes == {"x": 1, "y": 3}
    with pytest.raises(ValueError, match="'z'"):
        ds.query(z="x > 0")


def test_query_dataarray():
    da = make_ds().temp
    out = da.query(x="temp > 1.5")
    assert out.name == "temp" and list(out.x.values) == [20, 30]
    unnamed = da.rename(None)
    out = unnamed.query(x="code >= 2")
    assert out.name is None and list(out.values) == [2.0, 3.0]


def test_query_errors():
    ds = make_ds()
    with pytest.raises(ValueError, match="query for dimension 'x' must be a string expression, got a int"):
        ds.query(x=3)
    with pytest.raises(NameError, match=r"name 'tmp' .* neither a variable nor a coordinate.*did you mean 'temp'"):
        ds.query(x="tmp > 1")
    with pytest.raises(ValueError, match=r"unknown query parser 'panda'.*did you mean 'pandas'"):
        ds.query(x="temp > 1", parser="panda")
    with pytest.raises(ValueError, match="unknown query engine 'numpy'"):
        ds.query(x="temp > 1", engine="numpy")
    with pytest.raises(ValueError, match="both"):
        ds.query({"x": "temp > 1"}, x="temp > 2")


# ---------------------------------------------------------------------------- eval


def test_eval_expression_and_assignment():
    ds = make_ds()
    out = ds.eval("temp * 2 + wind")
    assert isinstance(out, xr.DataArray)
    np.testing.assert_array_equal(out.values, [6.0, 9.0, 12.0])
    new = ds.eval("total = temp + wind")
    assert isinstance(new, xr.Dataset)
    np.testing.assert_array_equal(new.total.values, [5.0, 7.0, 9.0])
    assert "total" not in ds
    np.testing.assert_array_equal(ds.eval("  x // 10 ").values, [1, 2, 3])


def test_eval_logic_is_elementwise_on_nd_arrays():
    ds = xr.Dataset({"a": (("x", "y", "z"), np.arange(8).reshape(2, 2, 2))})
    out = ds.eval("a > 1 and a < 6")
    np.testing.assert_array_equal(out.values, (ds.a.values > 1) & (ds.a.values < 6))
    np.testing.assert_array_equal(ds.eval("1 < a <= 5").values, out.values)
    np.testing.assert_array_equal(ds.eval("not (a > 3) or a == 7").values, (ds.a.values <= 3) | (ds.a.values == 7))


def test_eval_namespace_modules_and_builtins():
    ds = make_ds()
    np.testing.assert_allclose(ds.eval("np.sqrt(temp)").values, np.sqrt([1.0, 2.0, 3.0]))
    assert ds.eval("abs(-2) + len(temp)") == 5
    assert isinstance(ds.eval("xr.zeros_like(temp)"), xr.DataArray)
    assert ds.eval("sum([v for v in range(3)])") == 3
    # data variables win over builtins of the same name
    shadow = xr.Dataset({"min": ("x", [1, 2])})
    np.testing.assert_array_equal(shadow.eval("min + 1").values, [2, 3])


def test_eval_parser_is_deprecated():
    ds = make_ds()
    with pytest.warns(FutureWarning, match="'parser' argument of Dataset.eval"):
        out = ds.eval("temp + 1", parser="pandas")
    np.testing.assert_array_equal(out.values, [2.0, 3.0, 4.0])


def test_eval_errors():
    ds = make_ds()
    with pytest.raises(NameError, match=r"name 'tmp' .*existing variables: .*did you mean 'temp'"):
        ds.eval("tmp + 1")
    with pytest.raises(ValueError, match="invalid statement 'temp \\+'"):
        ds.eval("temp +")
    with pytest.raises(ValueError, match="one expression or assignment, got 2 statements"):
        ds.eval("a = temp; b = wind")
    with pytest.raises(ValueError, match="one plain variable name"):
        ds.eval("a = b = temp")
    with pytest.raises(ValueError, match="one plain variable name"):
        ds.eval("ds.a = temp")
    with pytest.raises(ValueError, match="is a AugAssign statement"):
        ds.eval("temp += 1")
    with pytest.raises(ValueError, match="lambda expressions are not allowed"):
        ds.eval("(lambda v: v)(temp)")
    with pytest.raises(ValueError, match="private attribute '__class__'"):
        ds.eval("temp.__class__")
    with pytest.raises(NameError, match="'open'"):
        ds.eval("open('f')")
    with pytest.raises(TypeError, match="string statement, got a int"):
        ds.eval(3)


# ---------------------------------------------------------------------------- filter_by_attrs


def test_filter_by_attrs_values_and_callables():
    ds = make_ds()
    out = ds.filter_by_attrs(units="K")
    # like ds[["temp", "station", "x"]]: the coordinates along the kept dimensions come along
    assert set(out.variables) == {"temp", "station", "x", "code"}
    assert list(out.data_vars) == ["temp"]
    out = ds.filter_by_attrs(units=lambda v: v is not None)
    assert set(out.data_vars) == {"temp", "wind"}
    out = ds.filter_by_attrs(units="K", standard_name="air_temperature")
    assert list(out.data_vars) == ["temp"]
    assert list(ds.filter_by_attrs(units="K", standard_name="x").data_vars) == []
    assert len(ds.filter_by_attrs().variables) == 0
    # a missing attribute compares as None
    assert set(ds.filter_by_attrs(standard_name=None).data_vars) == {"wind"}


def test_filter_by_attrs_array_values():
    ds = xr.Dataset(
        {"a": ("x", [1], {"flags": np.array([1, 2])}), "b": ("x", [2], {"flags": np.array([1, 3])})}
    )
    assert list(ds.filter_by_attrs(flags=np.array([1, 2])).data_vars) == ["a"]
    assert list(ds.filter_by_attrs(flags=np.array([1, 2, 3])).data_vars) == []
    assert list(ds.filter_by_attrs(flags=[1, 2]).data_vars) == ["a"]


def test_set_xindex_keeps_variable_order():
    ds = make_ds()
    assert list(ds.set_xindex("station").variables) == list(ds.variables)


def test_filter_by_attrs_callable_error_names_the_variable():
    ds = make_ds()

    def picky(value):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom") as info:
        ds.filter_by_attrs(units=picky)
    assert any("'temp'" in note for note in info.value.__notes__)


# ---------------------------------------------------------------------------- compat


@pytest.mark.compat
def test_compat_with_xarray():
    xarray = pytest.importorskip("xarray")

    def build(mod):
        return mod.Dataset(
            {
                "temp": (("x", "y"), np.arange(6.0).reshape(3, 2), {"units": "K"}),
                "wind": ("x", [4.0, 5.0, 6.0], {"units": "m/s"}),
            },
            coords={"x": [10, 20, 30], "y": [0, 1], "station": ("x", ["a", "b", "c"])},
        )

    ours, theirs = build(xr), build(xarray)
    for call in (
        lambda d: d.query(x="wind > 4.5", y="y < 1"),
        lambda d: d.query(x="wind > 4 and x < 30"),
        lambda d: d.set_xindex("station").sel(station=["c", "a"]),
        lambda d: d.drop_indexes("x").isel(x=[0, 2]),
        lambda d: d.filter_by_attrs(units="K"),
        lambda d: d.filter_by_attrs(units=lambda v: v is not None),
        lambda d: d.eval("z = temp * 2 + wind"),
        lambda d: d.eval("temp > 1 and wind < 6").to_dataset(name="r"),
    ):
        a, b = call(ours), call(theirs)
        assert sorted(map(str, a.variables)) == sorted(map(str, b.variables))
        assert sorted(map(str, a.xindexes)) == sorted(map(str, b.xindexes))
        for name in b.variables:
            np.testing.assert_array_equal(a[name].values, b[name].values)
            assert a[name].dims == b[name].dims
    a = ours.wind.query(x="wind > 4")
    b = theirs.wind.query(x="wind > 4")
    np.testing.assert_array_equal(a.values, b.values)
    np.testing.assert_array_equal(a.x.values, b.x.values)
    assert a.name == b.name
