"""Tests of the DataArray façade: construction, properties and structural methods."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

import labarray as la
from labarray.testing import assert_equal, assert_identical


def _make() -> la.DataArray:
    return la.DataArray(
        np.arange(12.0).reshape(3, 4),
        coords={"x": [10, 20, 30], "y": ["a", "b", "c", "d"], "lbl": ("x", ["p", "q", "r"])},
        dims=("x", "y"),
        name="foo",
        attrs={"units": "K"},
    )


# ----------------------------------------------------------------------------- construction


class TestConstruction:
    def test_dict_coords(self) -> None:
        da = la.DataArray([1, 2, 3], coords={"x": [1, 2, 3]}, dims="x")
        assert da.dims == ("x",)
        assert list(da.coords) == ["x"]
        assert "x" in da.xindexes
        np.testing.assert_array_equal(da["x"].values, [1, 2, 3])

    def test_list_of_tuples_coords(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), coords=[("x", [1, 2]), ("y", [5, 6, 7])])
        assert da.dims == ("x", "y")
        np.testing.assert_array_equal(da.y.values, [5, 6, 7])
        assert set(da.xindexes) == {"x", "y"}

    def test_list_of_arrays_with_dims(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), coords=[[1, 2], [5, 6, 7]], dims=["x", "y"])
        np.testing.assert_array_equal(da.x.values, [1, 2])
        np.testing.assert_array_equal(da.y.values, [5, 6, 7])

    def test_dataarray_coords(self) -> None:
        x = la.DataArray([10, 20], dims="x", coords={"x": [10, 20]}, name="x")
        da = la.DataArray([1.0, 2.0], coords={"x": x}, dims="x")
        np.testing.assert_array_equal(da.x.values, [10, 20])
        da2 = la.DataArray([1.0, 2.0], coords=[x])
        assert da2.dims == ("x",)

    def test_coordinates_object(self) -> None:
        coords = la.Coordinates({"x": [1, 2, 3]})
        da = la.DataArray([1.0, 2.0, 3.0], coords=coords, dims="x")
        assert "x" in da.xindexes
        np.testing.assert_array_equal(da.x.values, [1, 2, 3])

    def test_coords_from_other_dataarray(self) -> None:
        a = _make()
        b = la.DataArray(np.ones(a.shape), coords=a.coords, dims=a.dims)
        assert b.coords.equals(a.coords)
        np.testing.assert_array_equal(b.lbl.values, ["p", "q", "r"])
        assert "lbl" not in b.xindexes

    def test_dims_inferred_from_series(self) -> None:
        s = pd.Series([1.0, 2.0, 3.0], index=pd.Index([5, 6, 7], name="t"), name="s")
        da = la.DataArray(s)
        assert da.dims == ("t",)
        assert da.name == "s"
        np.testing.assert_array_equal(da.t.values, [5, 6, 7])

    def test_dims_inferred_from_unnamed_series(self) -> None:
        da = la.DataArray(pd.Series([1.0, 2.0], index=[3, 4]))
        assert da.dims == ("dim_0",)
        np.testing.assert_array_equal(da.dim_0.values, [3, 4])

    def test_dims_inferred_from_dataframe(self) -> None:
        df = pd.DataFrame(
            np.arange(6).reshape(2, 3),
            index=pd.Index(["r0", "r1"], name="row"),
            columns=pd.Index(["a", "b", "c"], name="col"),
        )
        da = la.DataArray(df)
        assert da.dims == ("row", "col")
        np.testing.assert_array_equal(da.col.values, ["a", "b", "c"])
        # pandas 3 string dtype must not leak into labarray coordinates
        assert da.col.dtype.kind in "UO"

    def test_default_dims(self) -> None:
        da = la.DataArray(np.zeros((2, 3)))
        assert da.dims == ("dim_0", "dim_1")
        assert len(da.coords) == 0

    def test_scalar_coord(self) -> None:
        da = la.DataArray([1, 2], dims="x", coords={"t": 5})
        assert da.t.dims == ()
        assert int(da.t) == 5
        assert "t" not in da.xindexes
        assert da.sizes == {"x": 2}

    def test_non_index_coord(self) -> None:
        da = _make()
        assert da.lbl.dims == ("x",)
        assert "lbl" not in da.xindexes
        assert "lbl" in da.coords

    def test_multidim_coord(self) -> None:
        lat2d = np.arange(6.0).reshape(2, 3)
        da = la.DataArray(np.zeros((2, 3)), dims=("y", "x"), coords={"lat": (("y", "x"), lat2d)})
        assert da.lat.dims == ("y", "x")
        assert "lat" not in da.xindexes
        np.testing.assert_array_equal(da.lat.values, lat2d)

    def test_multiindex_coord_via_coordinates(self) -> None:
        midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("letter", "num"))
        coords = la.Coordinates.from_pandas_multiindex(midx, "z")
        da = la.DataArray(np.arange(4), coords=coords, dims="z")
        assert set(da.coords) >= {"z", "letter", "num"}
        assert isinstance(da.xindexes["z"], la.PandasMultiIndex)
        assert da.xindexes["letter"] is da.xindexes["z"]
        np.testing.assert_array_equal(da.letter.values, ["a", "a", "b", "b"])
        out = da.sel(letter="b")
        assert out.dims == ("num",)
        # the selected level stays as a scalar coordinate (xarray semantics)
        assert out.letter.dims == ()
        assert out.letter.item() == "b"

    def test_scalar_data_broadcast_to_coords(self) -> None:
        # xarray fills a scalar (or the default NaN) to the shape given by coords and dims
        da = la.DataArray(5, coords={"x": [1, 2], "y": [0, 1, 2]}, dims=("x", "y"))
        assert da.shape == (2, 3)
        assert (da.values == 5).all()
        empty = la.DataArray(coords={"x": [1, 2]}, dims="x")
        assert empty.shape == (2,)
        assert np.isnan(empty.values).all()

    def test_scalar_data(self) -> None:
        da = la.DataArray(3.5)
        assert da.dims == ()
        assert float(da) == 3.5

    def test_from_variable(self) -> None:
        v = la.Variable(("x",), [1, 2], attrs={"a": 1})
        da = la.DataArray(v)
        assert da.dims == ("x",)
        assert da.attrs == {"a": 1}

    def test_from_dataarray_keeps_everything(self) -> None:
        a = _make()
        b = la.DataArray(a)
        assert_identical(a, b)

    def test_name_and_attrs(self) -> None:
        da = _make()
        assert da.name == "foo"
        assert da.attrs == {"units": "K"}
        da.name = "bar"
        assert da.name == "bar"
        da.attrs = {"a": 1}
        assert da.attrs == {"a": 1}

    def test_dims_length_mismatch(self) -> None:
        with pytest.raises(ValueError, match=r"2"):
            la.DataArray(np.zeros((2, 3)), dims=("x",))

    def test_coord_length_mismatch_names_coord(self) -> None:
        with pytest.raises(ValueError, match=r"x.*\b3\b|\b3\b.*x"):
            la.DataArray([1, 2], dims="x", coords={"x": [1, 2, 3]})

    def test_coord_unknown_dim(self) -> None:
        with pytest.raises(ValueError, match="z"):
            la.DataArray([1, 2], dims="x", coords={"c": ("z", [1, 2])})

    def test_list_coords_wrong_count(self) -> None:
        with pytest.raises(ValueError, match=r"coords|dimensions"):
            la.DataArray(np.zeros((2, 3)), coords=[[1, 2]], dims=("x", "y"))


# ----------------------------------------------------------------------------- properties


class TestProperties:
    def test_basic(self) -> None:
        da = _make()
        assert da.dims == ("x", "y")
        assert da.shape == (3, 4)
        assert da.sizes == {"x": 3, "y": 4}
        assert da.ndim == 2
        assert da.size == 12
        assert da.dtype == np.float64
        assert da.nbytes == 96
        assert len(da) == 3
        assert isinstance(da.values, np.ndarray)
        assert isinstance(da.to_numpy(), np.ndarray)
        assert da.chunks is None

    def test_indexes(self) -> None:
        da = _make()
        assert set(da.indexes) == {"x", "y"}
        assert isinstance(da.indexes["x"], pd.Index)
        assert isinstance(da.xindexes["x"], la.PandasIndex)
        assert list(da.get_index("x")) == [10, 20, 30]

    def test_getitem_dim_without_coord(self) -> None:
        # like xarray, a dimension without a coordinate reads as a default 0..n-1 range
        da = la.DataArray([3.0, 1.0, 2.0], dims="t")
        np.testing.assert_array_equal(da["t"].values, [0, 1, 2])
        assert da["t"].dims == ("t",)
        np.testing.assert_array_equal(da.sortby("t", ascending=False).values, [2.0, 1.0, 3.0])

    def test_get_index_default_range(self) -> None:
        da = la.DataArray(np.zeros(3), dims="t")
        assert list(da.get_index("t")) == [0, 1, 2]

    def test_values_setter(self) -> None:
        da = _make()
        da.values = np.zeros((3, 4))
        assert da.sum() == 0

    def test_values_setter_wrong_shape(self) -> None:
        da = _make()
        with pytest.raises(ValueError, match=r"shape|\(3, 4\)"):
            da.values = np.zeros((2, 2))

    def test_T(self) -> None:
        assert _make().T.dims == ("y", "x")

    def test_iter_and_contains(self) -> None:
        da = _make()
        rows = list(da)
        assert len(rows) == 3
        assert rows[0].dims == ("y",)
        # like xarray, ``in`` tests the data values, not coordinate names
        assert 5.0 in da
        assert 100.0 not in da
        assert "x" not in da

    def test_attribute_access_to_coords(self) -> None:
        da = _make()
        assert_equal(da.x, da.coords["x"])
        with pytest.raises(AttributeError, match="nope"):
            da.nope

    def test_dir_contains_coords(self) -> None:
        assert "lbl" in dir(_make())

    def test_get_axis_num(self) -> None:
        da = _make()
        assert da.get_axis_num("y") == 1
        assert da.get_axis_num(["y", "x"]) == (1, 0)

    def test_get_axis_num_unknown(self) -> None:
        with pytest.raises(ValueError, match=r"did you mean 'x'\?"):
            _make().get_axis_num("xx")

    def test_conversions(self) -> None:
        da = la.DataArray(2.0)
        assert float(da) == 2.0
        assert int(da) == 2
        assert complex(da) == 2 + 0j
        assert da.item() == 2.0
        assert bool(la.DataArray(1))

    def test_to_index(self) -> None:
        # like xarray, a 1-D DataArray converts its own values to an index named after its dim
        da = la.DataArray([1, 2], coords={"x": [5, 6]}, dims="x")
        idx = da.to_index()
        assert list(idx) == [1, 2]
        assert idx.name == "x"


# ----------------------------------------------------------------------------- coord & attr manipulation


class TestStructural:
    def test_assign_coords(self) -> None:
        da = _make()
        out = da.assign_coords(x=[1, 2, 3])
        np.testing.assert_array_equal(out.x.values, [1, 2, 3])
        np.testing.assert_array_equal(da.x.values, [10, 20, 30])  # original untouched
        out2 = da.assign_coords({"extra": ("y", [1, 2, 3, 4])})
        assert out2.extra.dims == ("y",)
        out3 = da.assign_coords(s=1)
        assert out3.s.dims == ()

    def test_assign_coords_callable(self) -> None:
        da = _make()
        out = da.assign_coords(x2=lambda d: d.x * 2)
        np.testing.assert_array_equal(out.x2.values, [20, 40, 60])

    def test_assign_coords_new_dim_rejected(self) -> None:
        with pytest.raises(ValueError, match=r"z"):
            _make().assign_coords(c=("z", [1, 2]))

    def test_assign_coords_wrong_size(self) -> None:
        with pytest.raises(ValueError, match=r"x"):
            _make().assign_coords(x=[1, 2])

    def test_assign_attrs(self) -> None:
        da = _make()
        out = da.assign_attrs(b=2)
        assert out.attrs == {"units": "K", "b": 2}
        assert da.attrs == {"units": "K"}
        out2 = da.assign_attrs({"c": 3})
        assert out2.attrs["c"] == 3

    def test_drop_vars(self) -> None:
        da = _make()
        out = da.drop_vars("lbl")
        assert "lbl" not in out.coords
        out = da.drop_vars(["x", "lbl"])
        assert "x" not in out.coords and "x" not in out.xindexes
        assert out.dims == ("x", "y")

    def test_drop_vars_missing(self) -> None:
        with pytest.raises(ValueError, match=r"nope"):
            _make().drop_vars("nope")
        assert_identical(_make().drop_vars("nope", errors="ignore"), _make())

    def test_drop_vars_callable(self) -> None:
        out = _make().drop_vars(lambda d: [k for k in d.coords if k != "x"])
        assert list(out.coords) == ["x"]

    def test_rename_name(self) -> None:
        da = _make()
        assert da.rename("bar").name == "bar"
        assert da.name == "foo"

    def test_rename_coords_and_dims(self) -> None:
        da = _make()
        out = da.rename({"x": "xx"})
        assert out.dims == ("xx", "y")
        assert "xx" in out.xindexes
        out = da.rename(lbl="label")
        assert "label" in out.coords and "lbl" not in out.coords

    def test_rename_unknown(self) -> None:
        with pytest.raises(ValueError, match=r"nope"):
            _make().rename(nope="a")

    def test_swap_dims(self) -> None:
        da = _make()
        out = da.swap_dims({"x": "lbl"})
        assert out.dims == ("lbl", "y")
        assert "lbl" in out.xindexes
        assert "x" in out.coords and out.x.dims == ("lbl",)
        out = da.swap_dims(x="lbl")
        assert out.dims == ("lbl", "y")

    def test_swap_dims_bad(self) -> None:
        with pytest.raises(ValueError, match=r"nope"):
            _make().swap_dims({"nope": "lbl"})
        with pytest.raises(ValueError, match=r"y"):
            _make().swap_dims({"x": "y"})

    def test_reset_coords(self) -> None:
        da = _make()
        ds = da.reset_coords()
        assert isinstance(ds, la.Dataset)
        assert set(ds.data_vars) == {"foo", "lbl"}
        out = da.reset_coords(drop=True)
        assert isinstance(out, la.DataArray)
        assert "lbl" not in out.coords
        assert "x" in out.coords

    def test_reset_coords_index_rejected(self) -> None:
        with pytest.raises(ValueError, match=r"x"):
            _make().reset_coords("x")

    def test_reset_coords_unnamed(self) -> None:
        da = la.DataArray([1, 2], dims="x", coords={"c": ("x", [3, 4])})
        with pytest.raises(ValueError, match=r"name"):
            da.reset_coords()

    def test_copy_deep(self) -> None:
        da = _make()
        deep = da.copy(deep=True)
        deep.values[0, 0] = -1
        deep.attrs["units"] = "C"
        assert da.values[0, 0] == 0
        assert da.attrs["units"] == "K"

    def test_copy_shallow(self) -> None:
        da = _make()
        shallow = da.copy(deep=False)
        shallow.values[0, 0] = -1
        assert da.values[0, 0] == -1

    def test_copy_data(self) -> None:
        da = _make()
        out = da.copy(data=np.ones((3, 4)))
        assert out.sum() == 12
        assert da.x.values.tolist() == out.x.values.tolist()
        with pytest.raises(ValueError, match=r"shape"):
            da.copy(data=np.ones((2, 2)))

    def test_copy_module(self) -> None:
        da = _make()
        assert_identical(copy.copy(da), da)
        deep = copy.deepcopy(da)
        deep.values[0, 0] = 99
        assert da.values[0, 0] == 0

    def test_astype(self) -> None:
        da = _make()
        out = da.astype(np.int32)
        assert out.dtype == np.int32
        assert out.attrs == da.attrs
        assert out.x.dtype == da.x.dtype
        assert da.astype(int, keep_attrs=False).attrs == {}

    def test_transpose(self) -> None:
        da = la.DataArray(
            np.zeros((2, 3, 4)), dims=("a", "b", "c"), coords={"ab": (("a", "b"), np.zeros((2, 3)))}
        )
        assert da.transpose().dims == ("c", "b", "a")
        assert da.transpose("c", ...).dims == ("c", "a", "b")
        assert da.transpose(..., "a").dims == ("b", "c", "a")
        assert da.transpose("b", "c", "a").ab.dims == ("b", "a")
        assert da.transpose("b", "c", "a", transpose_coords=False).ab.dims == ("a", "b")

    def test_transpose_bad(self) -> None:
        da = la.DataArray(np.zeros((2, 3)), dims=("lat", "lon"))
        with pytest.raises(ValueError, match=r"did you mean 'lat'\?"):
            da.transpose("lon", "lta")
        with pytest.raises(ValueError, match=r"lat"):
            da.transpose("lon")
        assert da.transpose("lon", "zzz", "lat", missing_dims="ignore").dims == ("lon", "lat")
        with pytest.warns(UserWarning):
            da.transpose("lon", "zzz", "lat", missing_dims="warn")

    def test_expand_dims(self) -> None:
        da = _make()
        out = da.expand_dims("t")
        assert out.dims == ("t", "x", "y")
        assert out.sizes["t"] == 1
        out = da.expand_dims({"t": [1, 2]})
        assert out.sizes["t"] == 2
        np.testing.assert_array_equal(out.t.values, [1, 2])
        out = da.expand_dims(t=3, axis=2)
        assert out.dims == ("x", "y", "t")

    def test_expand_dims_scalar_coord(self) -> None:
        da = la.DataArray([1, 2], dims="x", coords={"t": 5})
        out = da.expand_dims("t")
        assert out.dims == ("t", "x")
        assert out.t.values.tolist() == [5]

    def test_expand_dims_existing(self) -> None:
        with pytest.raises(ValueError, match=r"x"):
            _make().expand_dims("x")

    def test_squeeze(self) -> None:
        da = la.DataArray(np.zeros((1, 3, 1)), dims=("a", "b", "c"), coords={"a": [7]})
        assert da.squeeze().dims == ("b",)
        out = da.squeeze("a")
        assert out.dims == ("b", "c")
        assert int(out.a) == 7
        assert "a" not in da.squeeze("a", drop=True).coords

    def test_squeeze_non_unit(self) -> None:
        da = la.DataArray(np.zeros((1, 3)), dims=("a", "b"))
        with pytest.raises(ValueError, match=r"b"):
            da.squeeze("b")

    def test_equals_identical_broadcast_equals(self) -> None:
        a = _make()
        b = a.copy()
        assert a.equals(b) and a.identical(b)
        b.attrs["new"] = 1
        assert a.equals(b) and not a.identical(b)
        c = a.rename("other")
        assert a.equals(c) and not a.identical(c)
        d = a.copy()
        d.values[0, 0] = 100
        assert not a.equals(d)
        e = la.DataArray([1, 1], dims="x")
        f = la.DataArray([[1, 1], [1, 1]], dims=("x", "y"))
        assert not e.equals(f)
        assert e.broadcast_equals(f)
        assert not a.equals("not a dataarray")

    def test_equals_nan(self) -> None:
        a = la.DataArray([np.nan, 1.0], dims="x")
        assert a.equals(a.copy())

    def test_equals_coord_differs(self) -> None:
        a = _make()
        assert not a.equals(a.assign_coords(lbl=("x", ["p", "q", "z"])))

    def test_to_dataset(self) -> None:
        da = _make()
        ds = da.to_dataset()
        assert set(ds.data_vars) == {"foo"}
        assert "lbl" in ds.coords
        ds = da.to_dataset(name="bar")
        assert set(ds.data_vars) == {"bar"}
        ds = da.to_dataset(dim="y")
        assert set(ds.data_vars) == {"a", "b", "c", "d"}
        assert ds["a"].dims == ("x",)
        ds = da.to_dataset(promote_attrs=True)
        assert ds.attrs == {"units": "K"}

    def test_to_dataset_unnamed(self) -> None:
        with pytest.raises(ValueError, match=r"name"):
            la.DataArray([1, 2], dims="x").to_dataset()

    def test_pipe(self) -> None:
        da = _make()
        assert da.pipe(lambda d, k: d * k, 2).sum() == da.sum() * 2

        def f(a: int, data: la.DataArray) -> la.DataArray:
            return data + a

        assert_equal(da.pipe((f, "data"), 1), da + 1)

    def test_set_index_reset_index(self) -> None:
        da = _make()
        out = da.set_index(x="lbl")
        assert "lbl" in out.xindexes or "x" in out.xindexes
        assert list(out.indexes["x"]) == ["p", "q", "r"]
        back = out.reset_index("x")
        assert "x" not in back.xindexes

    def test_set_index_multi(self) -> None:
        da = la.DataArray(
            np.arange(4),
            dims="z",
            coords={"a": ("z", ["u", "u", "v", "v"]), "b": ("z", [1, 2, 1, 2])},
        )
        out = da.set_index(z=["a", "b"])
        assert isinstance(out.xindexes["z"], la.PandasMultiIndex)
        assert int(out.sel(a="v", b=2)) == 3
        back = out.reset_index("z")
        assert "z" not in back.xindexes
        np.testing.assert_array_equal(back.a.values, ["u", "u", "v", "v"])

    def test_set_index_unknown(self) -> None:
        with pytest.raises(ValueError, match=r"nope"):
            _make().set_index(x="nope")

    def test_reset_index_drop(self) -> None:
        out = _make().reset_index("x", drop=True)
        assert "x" not in out.coords

    def test_as_numpy_chunked(self) -> None:
        pytest.importorskip("dask")
        da = _make().chunk(2)
        assert da.as_numpy().chunks is None
        np.testing.assert_array_equal(da.as_numpy().values, _make().values)


class TestRepr:
    def test_repr(self) -> None:
        r = repr(_make())
        assert "foo" in r
        assert "x: 3" in r or "(x: 3, y: 4)" in r
        assert "lbl" in r
        assert "* x" in r
        assert "units" in r

    def test_repr_html(self) -> None:
        h = _make()._repr_html_()
        assert "foo" in h
        assert "lbl" in h
        assert "units" in h
        assert "<script" not in h  # works without JavaScript
        for dim in ("x", "y"):
            assert dim in h

    def test_repr_lazy_does_not_compute(self) -> None:
        pytest.importorskip("dask")
        from labarray.testing.laziness import raise_if_dask_computes

        lazy = _make().chunk(1)
        with raise_if_dask_computes():
            r = repr(lazy)
            h = lazy._repr_html_()
        assert "dask" in r.lower() and "foo" in h

    def test_repr_large_is_bounded(self) -> None:
        da = la.DataArray(np.zeros((1000, 1000)), dims=("a", "b"), coords={"a": np.arange(1000)})
        r = repr(da)
        assert len(r.splitlines()) < 40
        assert max(len(line) for line in r.splitlines()) <= 100

    def test_repr_scalar(self) -> None:
        assert "DataArray" in repr(la.DataArray(1.0))

    def test_coords_repr(self) -> None:
        r = repr(_make().coords)
        assert "Coordinates" in r and "lbl" in r


# ----------------------------------------------------------------------------- helpful errors


def _geo() -> la.DataArray:
    return la.DataArray(
        np.zeros((2, 3)),
        dims=("lat", "lon"),
        coords={"lat": [0.0, 10.0], "lon": [0.0, 1.0, 2.0]},
        name="v",
    )


class TestHelpfulErrors:
    def test_unknown_dim_suggests_everywhere(self) -> None:
        da = _geo()
        for call in (
            lambda: da.isel(lta=0),
            lambda: da.transpose("lta", "lon"),
            lambda: da.get_axis_num("lta"),
            lambda: da.to_dataset(dim="lta"),
            lambda: da.drop_isel(lta=0),
            lambda: da.chunk(lta=1),
            lambda: da.head(lta=1),
            lambda: da.squeeze("lta"),
        ):
            with pytest.raises(ValueError, match=r"'lta'.*lat, lon.*did you mean 'lat'\?"):
                call()

    def test_unknown_name_suggests(self) -> None:
        da = _geo()
        with pytest.raises(KeyError, match=r"did you mean 'lat'\?"):
            da["lta"]
        with pytest.raises(AttributeError, match=r"did you mean 'lat'\?"):
            da.lta
        with pytest.raises(ValueError, match=r"did you mean 'lat'\?"):
            da.drop_vars("lta")
        with pytest.raises(ValueError, match=r"did you mean 'lat'\?"):
            da.rename(lta="x")
        with pytest.raises(ValueError, match=r"did you mean 'lat'\?"):
            da.reset_index("lta")
        with pytest.raises(KeyError, match=r"did you mean 'lat'\?"):
            da.sortby("lta")

    def test_error_messages_describe_the_dataarray(self) -> None:
        # internals (the temporary Dataset, the Variable, '<this-array>') must not leak into messages
        da = _geo()
        for call in (
            lambda: da.get_axis_num("lta"),
            lambda: da.chunk(lta=1),
            lambda: da.drop_isel(lta=0),
            lambda: da.set_index(lat="lta"),
            lambda: da.isel(lta=0),
        ):
            with pytest.raises(ValueError) as info:
                call()
            message = str(info.value)
            assert "Dataset" not in message and "Variable" not in message, message
            assert "<this-array>" not in message, message

    def test_missing_label(self) -> None:
        with pytest.raises(KeyError, match=r"5\.0.*'lat'.*nearest labels: 0\.0, 10\.0"):
            _geo().sel(lat=5.0)
        with pytest.raises(KeyError, match=r"5\.0.*'lat'.*nearest labels: 0\.0, 10\.0"):
            _geo().sel(lat=[0.0, 5.0])
        with pytest.raises(KeyError, match=r"5\.0.*'lat'.*tolerance"):
            _geo().sel(lat=5.0, method="nearest", tolerance=1)

    def test_missing_string_label_suggests(self) -> None:
        da = la.DataArray([1, 2, 3], dims="city", coords={"city": ["Oslo", "Lima", "Nairobi"]})
        with pytest.raises(KeyError, match=r"'Olso'.*'city'.*did you mean 'Oslo'\?"):
            da.sel(city="Olso")

    def test_shape_mismatches_name_sizes(self) -> None:
        with pytest.raises(ValueError, match=r"\('x',\).*\(2, 3\)"):
            la.DataArray(np.zeros((2, 3)), dims=("x",))
        with pytest.raises(ValueError, match=r"'x'.*2.*3"):
            la.DataArray([1, 2], dims="x", coords={"x": [1, 2, 3]})
        da = _geo()
        with pytest.raises(ValueError, match=r"\(2, 3\).*\(4,\)"):
            da.values = np.zeros(4)
        with pytest.raises(ValueError, match=r"'lat'.*3.*2"):
            da.assign_coords(lat=[1, 2, 3])
        with pytest.raises(ValueError, match=r"'x'.*size 2.*size 3"):
            la.DataArray([1, 2], dims="x") + la.DataArray([1, 2, 3], dims="x")
        with pytest.raises(IndexError, match=r"5.*'lat'.*size 2"):
            da.isel(lat=5)

    def test_numpy_shape_mismatch_names_dims(self) -> None:
        # issue #2: shape mismatches say which sizes *and* which dimensions are involved
        da = _geo()
        with pytest.raises(
            ValueError, match=r"'lat'.*'lon'.*\(2, 3\).*\(4,\)|\(4,\).*'lat'.*'lon'.*\(2, 3\)"
        ):
            da + np.ones(4)
        with pytest.raises(ValueError, match=r"'lat'.*'lon'|\(4,\).*\(3,\)"):
            da.copy()[0] = np.ones(4)

    def test_conflicting_coordinates_named(self) -> None:
        da = _geo()
        a = la.DataArray([1.0, 2.0], dims="x", coords={"c": ("x", [1, 2])})
        b = la.DataArray([1.0, 2.0], dims="x", coords={"c": ("x", [1, 3])})
        with pytest.raises(la.MergeError, match=r"'c'.*x=1.*2 vs 3"):
            la.Dataset({"a": a, "b": b})
        with pytest.raises(ValueError, match=r"'lat'"):
            la.align(da, da.isel(lat=[0]), join="exact")
        with pytest.raises(ValueError, match=r"'lat'"):
            tmp = da.copy()
            tmp += da.isel(lat=[0])

    def test_misc_argument_errors(self) -> None:
        da = _geo()
        with pytest.raises(ValueError, match=r"'lat'.*-1"):
            da.head(lat=-1)
        with pytest.raises(ValueError, match=r"'lat'.*0"):
            da.thin(lat=0)
        with pytest.raises(ValueError, match=r"'near'.*nearest"):
            da.sel(lat=5.0, method="near")
        with pytest.raises(ValueError, match=r"arithmetic_jion.*arithmetic_join"):
            la.set_options(arithmetic_jion="outer")
        with pytest.raises(ValueError, match=r"'lat'.*already exists"):
            da.expand_dims("lat")
        with pytest.raises(ValueError, match=r"'lon'.*length 3"):
            da.squeeze("lon")
        with pytest.raises(ValueError, match=r"missing.*'lon'"):
            da.transpose("lat")


class TestPythonProtocols:
    def test_format_0d(self) -> None:
        # f-strings with a format spec on 0-d results are common: f"{da.mean():.2f}"
        assert f"{la.DataArray(2.5):.1f}" == "2.5"
        assert f"{la.DataArray(3):d}" == "3"
        assert f"{la.DataArray([1.0, 2.0], dims='x').sum():.2f}" == "3.00"

    def test_format_nd_without_spec(self) -> None:
        da = la.DataArray([1.0, 2.0], dims="x")
        assert f"{da}" == str(da) == repr(da)

    def test_multi_output_ufuncs(self) -> None:
        da = la.DataArray([1.0, 2.0, 3.0], dims="x", coords={"x": [0, 1, 2]})
        mantissa, exponent = np.frexp(da)
        assert isinstance(mantissa, la.DataArray) and isinstance(exponent, la.DataArray)
        np.testing.assert_array_equal(mantissa.values, [0.5, 0.5, 0.75])
        np.testing.assert_array_equal(exponent.x.values, [0, 1, 2])
        frac, whole = np.modf(da / 2)
        np.testing.assert_array_equal(frac.values, [0.5, 0.0, 0.5])
        np.testing.assert_array_equal(whole.values, [0.0, 1.0, 1.0])


class TestStructuralEdgeCases:
    def test_rename_name_and_dims_together(self) -> None:
        out = _make().rename("n", y="w")
        assert out.name == "n"
        assert out.dims == ("x", "w")

    def test_expand_dims_size_zero(self) -> None:
        out = _make().expand_dims(p=0)
        assert out.sizes == {"p": 0, "x": 3, "y": 4}

    def test_rename_conflict_message(self) -> None:
        with pytest.raises(ValueError, match=r"'x'") as info:
            _make().rename(lbl="x")
        assert "Dataset" not in str(info.value)

    def test_swap_dims_round_trip(self) -> None:
        da = _make()
        assert_identical(da.swap_dims(x="lbl").swap_dims(lbl="x"), da)

    def test_expand_and_squeeze_round_trip(self) -> None:
        da = _make()
        out = da.expand_dims({"p": [5]}).squeeze("p", drop=True)
        assert_identical(out, da)

    def test_squeeze_axis(self) -> None:
        da = la.DataArray(np.zeros((1, 3, 1)), dims=("a", "b", "c"))
        assert da.squeeze(axis=0).dims == ("b", "c")
        assert da.squeeze(axis=[0, 2]).dims == ("b",)
        with pytest.raises(ValueError, match=r"axis.*dim|dim.*axis"):
            da.squeeze("a", axis=0)
