"""Tests of labarray.concat (Datasets and DataArrays, existing and new dimensions)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as la
from labarray.structure.merge import MergeError
from labarray.testing import assert_identical


def arr(values: Any, x: Any, name: str | None = "v", **attrs: Any) -> la.DataArray:
    return la.DataArray(values, dims="x", coords={"x": x}, name=name, attrs=attrs)


# -- DataArrays ---------------------------------------------------------------------------------


def test_concat_existing_dim_joins_the_index() -> None:
    out = la.concat([arr([1, 2], [0, 1]), arr([3], [2])], dim="x")
    assert out.values.tolist() == [1, 2, 3]
    assert out.x.values.tolist() == [0, 1, 2]
    assert isinstance(out.xindexes["x"], la.PandasIndex)
    assert out.name == "v"


def test_concat_new_dim_by_name() -> None:
    a = arr([1, 2], [0, 1])
    out = la.concat([a, a * 10], dim="run")
    assert out.dims == ("run", "x")
    assert out.values.tolist() == [[1, 2], [10, 20]]
    assert "run" not in out.coords


def test_concat_new_dim_from_pandas_index_and_dataarray() -> None:
    a = arr([1, 2], [0, 1])
    out = la.concat([a, a], dim=pd.Index([10, 20], name="t"))
    assert out.t.values.tolist() == [10, 20]
    labels = la.DataArray([5, 6], dims="member", attrs={"long_name": "member"})
    out = la.concat([a, a], dim=labels)
    assert out.member.values.tolist() == [5, 6]
    assert out.member.attrs == {"long_name": "member"}
    out = la.concat([a, a], dim=pd.Index(["p", "q"]))
    assert out.dims == ("concat_dim", "x")
    assert out.concat_dim.dtype.kind in "OU"


def test_concat_scalar_coordinate_becomes_the_new_dimension() -> None:
    a = la.Dataset({"a": ("x", [1, 2])}, coords={"time": 1})
    b = la.Dataset({"a": ("x", [3, 4])}, coords={"time": 2})
    out = la.concat([a, b], dim="time")
    assert out.a.dims == ("time", "x")
    assert out.time.values.tolist() == [1, 2]
    assert "time" in out.xindexes


def test_concat_positions() -> None:
    out = la.concat([arr([1, 2], [0, 1]), arr([3], [2])], dim="x", positions=[[0, 2], [1]])
    assert out.values.tolist() == [1, 3, 2]
    assert out.x.values.tolist() == [0, 2, 1]


def test_concat_dataarray_attrs_and_names() -> None:
    a = arr([1], [0], units="K")
    b = arr([2], [1], "w", units="m")
    out = la.concat([a, b], "x")
    assert out.name == "v"
    assert out.attrs == {"units": "K"}
    assert la.concat([a, b], "x", combine_attrs="drop").attrs == {}
    with pytest.raises(ValueError, match="compat='identical' but the DataArrays have different names"):
        la.concat([a, b], "x", compat="identical")


def test_concat_join_and_fill_value_on_other_dims() -> None:
    a = la.DataArray([[1, 2]], dims=("x", "y"), coords={"y": [0, 1]})
    b = la.DataArray([[3, 4]], dims=("x", "y"), coords={"y": [1, 2]})
    out = la.concat([a, b], "x", fill_value=0)
    assert out.values.tolist() == [[1, 2, 0], [0, 3, 4]]
    assert la.concat([a, b], "x", join="inner").values.tolist() == [[2], [3]]


def test_concat_mixed_numpy_and_dask_stays_lazy() -> None:
    pytest.importorskip("dask")
    a = arr([1.0, 2.0], [0, 1]).chunk()
    b = arr([3.0], [2])
    out = la.concat([b, a], "x")
    assert out.chunks is not None
    assert out.compute().values.tolist() == [3.0, 1.0, 2.0]


def test_concat_datasets_with_dask_and_missing_variables_stay_lazy() -> None:
    pytest.importorskip("dask")
    a = la.Dataset({"v": ("x", [1.0, 2.0]), "w": ("x", [5.0, 6.0])}, coords={"x": [0, 1]}).chunk()
    b = la.Dataset({"v": ("x", [3.0])}, coords={"x": [2]})
    out = la.concat([a, b], "x")
    assert out.v.chunks is not None
    assert out.w.chunks is not None
    np.testing.assert_array_equal(out.w.values, [5.0, 6.0, np.nan])
    assert out.v.values.tolist() == [1.0, 2.0, 3.0]


def test_concat_keeps_multiindex() -> None:
    ds = la.Dataset(coords={"z": pd.MultiIndex.from_product([[1, 2], ["a", "b"]], names=["one", "two"])})
    ds["v"] = ("z", [1, 2, 3, 4])
    out = la.concat([ds.isel(z=[0, 1]), ds.isel(z=[2, 3])], "z")
    assert isinstance(out.xindexes["z"], la.PandasMultiIndex)
    assert out.xindexes["z"] is out.xindexes["one"]
    assert out.one.values.tolist() == [1, 1, 2, 2]


def test_concat_index_concatenated_without_reading_values(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = la.PandasIndex.concat.__func__

    def spy(cls: Any, indexes: Any, dim: Any, positions: Any = None) -> Any:
        calls.append(dim)
        return original(cls, indexes, dim, positions)

    monkeypatch.setattr(la.PandasIndex, "concat", classmethod(spy))
    la.concat([arr([1], [0]), arr([2], [1])], "x")
    assert calls == ["x"]


# -- Datasets -----------------------------------------------------------------------------------


def ds_pair() -> tuple[la.Dataset, la.Dataset]:
    a = la.Dataset({"a": ("x", [1, 2]), "c": 5}, coords={"x": [0, 1], "s": 1}, attrs={"g": 1})
    b = la.Dataset({"a": ("x", [3]), "c": 6, "d": ("x", [9.0])}, coords={"x": [2], "s": 1}, attrs={"g": 2})
    return a, b


def test_concat_datasets_with_differing_variables_fills_missing() -> None:
    a, b = ds_pair()
    out = la.concat([a, b], "x")
    assert out.a.values.tolist() == [1, 2, 3]
    assert out.c.values.tolist() == [5, 5, 6]  # data_vars="all": scalars get the dim
    np.testing.assert_array_equal(out.d.values, [np.nan, np.nan, 9.0])
    assert out.s.dims == ()
    assert out.attrs == {"g": 1}


def test_concat_data_vars_options() -> None:
    a = la.Dataset({"a": ("x", [1, 2]), "c": 5, "k": 1}, coords={"x": [0, 1]})
    b = la.Dataset({"a": ("x", [3, 4]), "c": 6, "k": 1}, coords={"x": [2, 3]})
    different = la.concat([a, b], "x", data_vars="different")
    assert different.c.dims == ("x",)
    assert different.k.dims == ()
    listed = la.concat([a, b], "x", data_vars=["k"], coords="minimal", compat="override")
    assert listed.k.dims == ("x",)
    assert listed.c.dims == ()  # merged with compat="override": the first wins
    assert listed.c.values == 5
    with pytest.raises(MergeError, match=r"'c'.*object 0 and object 1.*5 vs 6"):
        la.concat([a, b], "x", data_vars="minimal")


def test_concat_coords_options() -> None:
    a = la.Dataset({"a": ("x", [1])}, coords={"x": [0], "s": 1, "same": 0})
    b = la.Dataset({"a": ("x", [2])}, coords={"x": [1], "s": 2, "same": 0})
    out = la.concat([a, b], "x")
    assert out.s.dims == ("x",)
    assert out.same.dims == ()
    assert la.concat([a, b], "x", coords="all").same.dims == ("x",)
    assert la.concat([a, b], "x", coords=["same"], compat="override").s.values == 1


def test_concat_variables_broadcast_to_common_dims() -> None:
    a = la.Dataset({"v": (("x", "y"), [[1, 2]])}, coords={"x": [0]})
    b = la.Dataset({"v": ("x", [3])}, coords={"x": [1]})
    out = la.concat([a, b], "x")
    assert out.v.values.tolist() == [[1, 2], [3, 3]]


def test_concat_compat_identical_checks_global_attrs() -> None:
    a = la.Dataset({"v": ("x", [1])}, attrs={"g": 1})
    b = la.Dataset({"v": ("x", [2])}, attrs={"g": 2})
    with pytest.raises(ValueError, match="global attributes of object 1 differ"):
        la.concat([a, b], "x", compat="identical")


def test_concat_combine_attrs_no_conflicts() -> None:
    a = la.Dataset({"v": ("x", [1], {"u": 1})}, attrs={"g": 1})
    b = la.Dataset({"v": ("x", [2], {"u": 1, "w": 2})}, attrs={"h": 2})
    out = la.concat([a, b], "x", combine_attrs="no_conflicts")
    assert out.attrs == {"g": 1, "h": 2}
    assert out.v.attrs == {"u": 1, "w": 2}
    with pytest.raises(MergeError, match="'g' is 1 on object 0 and 3 on object 1"):
        la.concat([a, b.assign_attrs(g=3)], "x", combine_attrs="no_conflicts")


def test_concat_combine_attrs_callable() -> None:
    def keep_keys(attrs: list[dict[str, Any]], context: Any = None) -> dict[str, Any]:
        return {"keys": sorted({k for a in attrs for k in a})}

    a = la.Dataset({"v": ("x", [1], {"u": 1})}, attrs={"g": 1})
    b = la.Dataset({"v": ("x", [2], {"w": 2})}, attrs={"h": 2})
    out = la.concat([a, b], "x", combine_attrs=keep_keys)
    assert out.attrs == {"keys": ["g", "h"]}
    assert out.v.attrs == {"keys": ["u", "w"]}
    da_out = la.concat([a.v, b.v], "x", combine_attrs=keep_keys)
    assert da_out.attrs == {"keys": ["u", "w"]}


# -- bad input ----------------------------------------------------------------------------------


def test_concat_bad_input_messages() -> None:
    a = arr([1], [0])
    with pytest.raises(ValueError, match="at least one object"):
        la.concat([], "x")
    with pytest.raises(TypeError, match="argument 1 is a Dataset but argument 0 is a DataArray"):
        la.concat([a, a.to_dataset()], "x")
    with pytest.raises(TypeError, match="argument 1 is a DataArray but argument 0 is a Dataset"):
        la.concat([a.to_dataset(), a], "x")
    with pytest.raises(TypeError, match="argument 0 is a int"):
        la.concat([1, 2], "x")
    with pytest.raises(TypeError, match="sequence of objects"):
        la.concat(a, "x")
    with pytest.raises(ValueError, match="invalid compat='minimal' for concat"):
        la.concat([a], "x", compat="minimal")
    with pytest.raises(ValueError, match="invalid data_vars='some'"):
        la.concat([a.to_dataset()], "x", data_vars="some")
    with pytest.raises(ValueError, match="data_vars cannot be used when concatenating DataArrays"):
        la.concat([a], "x", data_vars="minimal")
    with pytest.raises(ValueError, match="positions has 1 entries but 2 objects"):
        la.concat([a, a], "x", positions=[[0]])
    with pytest.raises(ValueError, match="3 labels were given for dimension 't'"):
        la.concat([a, a], pd.Index([1, 2, 3], name="t"))
    with pytest.raises(ValueError, match="cannot combine coords='different' with compat='override'"):
        la.concat([a, a], "x", compat="override")
    with pytest.raises(ValueError, match="labels given as dim must be 1-dimensional"):
        la.concat([a, a], la.DataArray([[1, 2]], dims=("p", "q")))
    with pytest.raises(TypeError, match="dim must be a dimension name, a DataArray or a pandas Index"):
        la.concat([a, a], {"t": 1})


def test_concat_mismatched_dims_name_the_dimension_and_objects() -> None:
    a = la.Dataset({"v": (("x", "y"), [[1, 2]])})
    b = la.Dataset({"v": (("x", "y"), [[1, 2, 3]])})
    with pytest.raises(ValueError, match=r"dimension 'y' has size 2 in argument 0 and size 3 in argument 1"):
        la.concat([a, b], "x")
    with pytest.raises(ValueError, match=r"dimension 'y' has size 2 in argument 0 and size 3 in argument 1"):
        la.concat([a.v, b.v], "x")


def test_concat_minimal_on_a_new_dim_raises() -> None:
    ds = la.Dataset({"v": ("x", [1])})
    with pytest.raises(ValueError, match=r"data_vars='minimal' with coords='minimal'.*new dimension 't'"):
        la.concat([ds, ds], "t", data_vars="minimal", coords="minimal")


def test_concat_data_vars_none() -> None:
    a = la.Dataset({"v": ("x", [1]), "k": 1})
    assert la.concat([a, a], "x", data_vars=None).k.dims == ()
    assert la.concat([a, a], "t", data_vars=None).k.dims == ("t",)


def test_concat_coordinate_missing_from_some_objects() -> None:
    a = la.Dataset({"v": ("x", [1])}, coords={"c": ("x", [1])})
    b = la.Dataset({"v": ("x", [2])})
    with pytest.raises(ValueError, match=r"coordinate 'c' is missing from object\(s\) 1"):
        la.concat([a, b], "x")


def test_concat_coordinate_and_data_variable_raises() -> None:
    a = la.Dataset({"v": ("x", [1])}, coords={"c": 1})
    b = la.Dataset({"v": ("x", [2]), "c": 1})
    with pytest.raises(ValueError, match="'c' is a coordinate on object 0 but a data variable on object 1"):
        la.concat([a, b], "x")


def test_concat_index_on_some_objects_only() -> None:
    a = la.Dataset({"v": ("x", [1])}, coords={"x": [0]})
    b = la.Dataset({"v": ("x", [2])}, coords=la.Coordinates({"x": ("x", [1])}, indexes={}))
    assert "x" not in b.xindexes
    with pytest.raises(ValueError, match="'x' has an index on 1 of the 2 objects"):
        la.concat([a, b], "x")


def test_concat_different_requires_variable_everywhere() -> None:
    a = la.Dataset({"v": ("x", [1])}, coords={"c": 1})
    b = la.Dataset({"v": ("x", [2])}, coords={"c": 1})
    c = la.Dataset({"v": ("x", [3])})
    with pytest.raises(ValueError, match=r"'c' is not present in every object \(missing from object\(s\) 2\)"):
        la.concat([a, b, c], "x")


# -- properties ---------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 12),
    st.integers(1, 3),
    st.data(),
)
def test_concat_of_a_split_equals_the_original(n: int, m: int, data: st.DataObject) -> None:
    values = np.arange(n * m, dtype=float).reshape(n, m)
    ds = la.Dataset(
        {"v": (("x", "y"), values), "w": ("y", np.arange(m))},
        coords={"x": np.arange(n) * 10, "y": np.arange(m), "lat": ("x", np.arange(n) / 2)},
        attrs={"title": "t"},
    )
    cuts = sorted(data.draw(st.sets(st.integers(1, n - 1), max_size=n - 1))) if n > 1 else []
    bounds = [0, *cuts, n]
    pieces = [ds.isel(x=slice(lo, hi)) for lo, hi in itertools.pairwise(bounds)]
    out = la.concat(pieces, "x", data_vars="minimal")
    assert_identical(out, ds)
    assert_identical(la.concat([p.v for p in pieces], "x"), ds.v)


# -- compatibility with xarray ----------------------------------------------------------------


def to_xarray(obj: Any, xr: Any) -> Any:
    if isinstance(obj, la.DataArray):
        coords = {k: xr.Variable(v.dims, v.values, dict(v.attrs)) for k, v in obj.coords.items()}
        return xr.DataArray(obj.values, dims=obj.dims, coords=coords, name=obj.name, attrs=dict(obj.attrs))
    variables = {k: xr.Variable(v.dims, v.values, dict(v.attrs)) for k, v in obj.variables.items()}
    data = {k: variables[k] for k in obj.data_vars}
    coords = {k: variables[k] for k in obj.coords}
    return xr.Dataset(data, coords=coords, attrs=dict(obj.attrs))


def pieces(lib: Any) -> list[Any]:
    a = lib.Dataset(
        {"a": ("x", [1, 2], {"u": 1}), "c": 5, "k": ("y", [1, 2])},
        coords={"x": [0, 1], "y": [0, 1], "s": 1},
        attrs={"g": 1},
    )
    b = lib.Dataset(
        {"a": ("x", [3], {"u": 2}), "c": 6, "d": ("x", [9.0]), "k": ("y", [1, 2])},
        coords={"x": [2], "y": [0, 1], "s": 2},
        attrs={"g": 2, "h": 1},
    )
    return [a, b]


CASES = [
    {"dim": "x"},
    {"dim": "x", "data_vars": "minimal", "compat": "override", "coords": "minimal"},
    {"dim": "x", "data_vars": "different"},
    {"dim": "x", "coords": "all"},
    {"dim": "x", "combine_attrs": "drop_conflicts"},
    {"dim": "new"},
    {"dim": "new", "data_vars": "different"},
    {"dim": "new", "coords": "all", "compat": "override", "data_vars": "minimal"},
    {"dim": "new", "coords": "minimal", "compat": "override", "data_vars": "all"},
]


@pytest.mark.compat
@pytest.mark.parametrize("kwargs", CASES)
def test_concat_datasets_match_xarray(kwargs: dict[str, Any]) -> None:
    xr = pytest.importorskip("xarray")
    kwargs = {"compat": "equals", "data_vars": "all", "coords": "different", **kwargs}
    expected = xr.concat(pieces(xr), join="outer", **kwargs)
    actual = la.concat(pieces(la), join="outer", **kwargs)
    xr.testing.assert_identical(to_xarray(actual, xr), expected)
    assert list(actual.data_vars) == list(expected.data_vars)


@pytest.mark.compat
@pytest.mark.parametrize(
    "dim", ["x", "t", pd.Index([7, 8], name="t"), pd.Index([7, 8])]
)
def test_concat_dataarrays_match_xarray(dim: Any) -> None:
    xr = pytest.importorskip("xarray")

    def run(lib: Any) -> Any:
        a = lib.DataArray([[1, 2]], dims=("x", "y"), coords={"x": [0], "y": [0, 1], "c": ("y", [5, 6])}, name="v")
        b = lib.DataArray([[3, 4]], dims=("x", "y"), coords={"x": [1], "y": [1, 2], "c": ("y", [6, 7])}, name="v")
        return lib.concat([a, b], dim, join="outer", coords="different", compat="equals")

    xr.testing.assert_identical(to_xarray(run(la), xr), run(xr))


def test_concat_leaves_its_inputs_alone_and_align_still_copies() -> None:
    """concat reads aligned inputs without copying them; neither they nor align's results share
    mutable state with the caller's objects."""
    a = la.Dataset({"v": (("t", "x"), np.zeros((2, 3)))}, coords={"t": [0, 1], "x": [1.0, 2.0, 3.0]},
                   attrs={"title": "a"})
    b = la.Dataset({"v": (("t", "x"), np.ones((2, 3)))}, coords={"t": [2, 3], "x": [1.0, 2.0, 3.0]},
                   attrs={"title": "b"})
    before = (a.copy(deep=True), b.copy(deep=True))
    out = la.concat([a, b], dim="t")
    out.attrs["title"] = "changed"
    out["v"].values[:] = 5.0
    la.testing.assert_identical(a, before[0])
    la.testing.assert_identical(b, before[1])
    # the public align keeps returning new objects even when nothing is reindexed
    a2, b2 = la.align(a, b, join="outer", exclude="t", copy=False)
    assert a2 is not a and b2 is not b
    a2.attrs["title"] = "other"
    assert a.attrs["title"] == "a"


def test_concat_different_coords_still_compares_non_index_coordinates() -> None:
    def part(t: int, label: str) -> la.Dataset:
        return la.Dataset({"v": (("t", "x"), np.zeros((1, 2)))},
                          coords={"t": [t], "x": [0, 1], "station": ("x", [label, "b"])})

    same = la.concat([part(0, "a"), part(1, "a")], dim="t", coords="different")
    assert same["station"].dims == ("x",)
    differ = la.concat([part(0, "a"), part(1, "z")], dim="t", coords="different")
    assert differ["station"].dims == ("t", "x")
    # index coordinates with different attributes are compared under compat="identical"
    one, two = part(0, "a"), part(1, "a")
    two["x"].attrs["units"] = "m"
    with pytest.raises(ValueError):
        la.concat([one, two], dim="t", coords="different", compat="identical")
