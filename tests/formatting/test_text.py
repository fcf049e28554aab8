from __future__ import annotations

import datetime

import numpy as np
import pytest
from formatting_fakes import CustomIndex, FakeDataArray, FakeDataset, FakeVariable, LazyArray

from labarray.formatting import text
from labarray.formatting.text import (
    array_repr,
    attrs_repr,
    coords_repr,
    data_vars_repr,
    dataset_repr,
    diff_array_repr,
    diff_dataset_repr,
    diff_variable_repr,
    dim_summary,
    format_array_flat,
    format_item,
    format_items,
    indexes_repr,
    inline_variable_array_repr,
    render_nbytes,
    short_data_repr,
    summarize_variable,
    variable_repr,
)
from labarray.options import set_options


class CftimeLike:
    """Mimics a cftime datetime: only ``__str__`` and ``calendar``."""

    calendar = "noleap"

    def __str__(self) -> str:
        return "2000-02-29 00:00:00"


# --------------------------------------------------------------------------- items


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.float64(0.123456), "0.1235"),
        (1.0, "1.0"),
        (np.nan, "nan"),
        (np.int32(7), "7"),
        (True, "True"),
        (np.bool_(False), "False"),
        (1 + 2j, "(1+2j)"),
        ("abc", "'abc'"),
        (b"ab", "b'ab'"),
        (np.datetime64("2000-01-01T12:30"), "2000-01-01T12:30:00"),
        (np.datetime64("NaT"), "NaT"),
        (np.timedelta64(90, "m"), "0 days 01:30:00"),
        (np.timedelta64("NaT"), "NaT"),
        (np.array(2.5), "2.5"),
        (CftimeLike(), "2000-02-29 00:00:00"),
        (datetime.date(2000, 1, 2), "2000-01-02"),
    ],
)
def test_format_item(value, expected):
    assert format_item(value) == expected


def test_format_item_out_of_pandas_range():
    assert format_item(np.datetime64("300000-01-01T12", "h")) == "300000-01-01T12:00:00"
    assert format_items(np.array([2**50], dtype="datetime64[D]")) == ["3082609246082-02-16"]


def test_format_item_options():
    assert format_item("abc", quote_strings=False) == "abc"
    assert format_item(b"abc", quote_strings=False) == "abc"
    assert format_item(np.timedelta64(2, "D"), timedelta_format="date") == "2 days"
    assert format_item(np.timedelta64(3, "h"), timedelta_format="time") == "03:00:00"


def test_format_items_datetimes_and_timedeltas():
    dates = np.array(["2000-01-01", "NaT", "2000-01-03"], dtype="datetime64[ns]")
    assert format_items(dates) == ["2000-01-01", "NaT", "2000-01-03"]
    times = np.array(["2000-01-01T06", "2000-01-02"], dtype="datetime64[s]")
    assert format_items(times) == ["2000-01-01T06:00:00", "2000-01-02"]
    assert format_items(np.array([1, 2], dtype="timedelta64[D]")) == ["1 days", "2 days"]
    assert format_items(np.array([1, 2], dtype="timedelta64[h]")) == ["01:00:00", "02:00:00"]
    mixed = format_items(np.array([1, 25], dtype="timedelta64[h]"))
    assert mixed == ["0 days 01:00:00", "1 days 01:00:00"]
    assert format_items(np.array([], dtype="datetime64[ns]")) == []


def test_format_array_flat_fits_and_truncates():
    assert format_array_flat(np.array([1, 2, 3]), 80) == "1 2 3"
    out = format_array_flat(np.arange(1000), 30)
    assert len(out) <= 30
    assert out.startswith("0 1 2") and out.endswith("998 999") and " ... " in out
    assert format_array_flat(np.arange(6).reshape(2, 3), 80) == "0 1 2 3 4 5"
    assert format_array_flat(np.array([]), 10) == "[]"
    assert format_array_flat(np.array(["a" * 50, "b"]), 10) == "'aaaaaa..."
    assert format_array_flat(np.array(["a" * 50]), 12) == "'aaaaaaaa..."


def test_format_array_flat_cftime_like_objects():
    values = np.empty(3, dtype=object)
    values[:] = [CftimeLike(), CftimeLike(), CftimeLike()]
    assert format_array_flat(values, 45) == "2000-02-29 00:00:00 ... 2000-02-29 00:00:00"


def test_format_array_flat_dates():
    times = np.array(["2000-01-01", "2000-01-02", "2000-01-03T06"], dtype="datetime64[s]")
    assert format_array_flat(times, 80) == "2000-01-01 2000-01-02 2000-01-03T06:00:00"
    assert format_array_flat(times, 35) == "2000-01-01 ... 2000-01-03T06:00:00"


@pytest.mark.parametrize("width", [4, 5, 7, 11, 20, 33, 80])
def test_format_array_flat_respects_width(width):
    out = format_array_flat(np.linspace(0, 1, 500), width)
    assert len(out) <= width


def test_format_array_flat_bad_width():
    with pytest.raises(ValueError, match="max_width must be at least 4 characters; got 2"):
        format_array_flat(np.arange(3), 2)


@pytest.mark.parametrize(
    ("nbytes", "expected"),
    [
        (0, "0B"),
        (999, "999B"),
        (8000, "8kB"),
        (1500, "1.5kB"),
        (12_441_600, "12MB"),
        (3 * 10**9, "3GB"),
        (10**18, "1000PB"),
    ],
)
def test_render_nbytes(nbytes, expected):
    assert render_nbytes(nbytes) == expected


def test_render_nbytes_negative():
    with pytest.raises(ValueError, match="nbytes must be a non-negative number of bytes; got -1"):
        render_nbytes(-1)


@pytest.mark.parametrize(
    ("func", "obj", "message"),
    [
        (
            variable_repr,
            [1, 2],
            "variable_repr expects a labarray Variable .*got list, which lacks",
        ),
        (array_repr, FakeVariable(("x",), np.arange(2)), "array_repr expects a labarray DataArray"),
        (
            dataset_repr,
            {"a": 1},
            "dataset_repr expects a labarray Dataset .*which lacks "
            "_variables, _coord_names, sizes, attrs, xindexes",
        ),
    ],
)
def test_reprs_reject_wrong_objects(func, obj, message):
    with pytest.raises(TypeError, match=message):
        func(obj)


def test_coords_repr_uses_indexes_of_a_coordinates_mapping():
    class Coords(dict):
        xindexes = {"x": object()}

    coords = Coords(x=FakeVariable("x", np.array([1])), c=FakeVariable("x", np.array([2])))
    assert coords_repr(coords).splitlines()[1:] == [
        "  * x        (x) int64 8B 1",
        "    c        (x) int64 8B 2",
    ]


def test_dim_summary():
    assert dim_summary({"x": 2, "y": 3}) == "x: 2, y: 3"
    assert dim_summary(FakeVariable(("a",), np.zeros(4))) == "a: 4"
    assert dim_summary({}) == ""


# --------------------------------------------------------------------------- data previews


def test_inline_repr_numpy_dask_lazy():
    assert inline_variable_array_repr(FakeVariable("x", np.array([1, 2])), 20) == "1 2"
    da = pytest.importorskip("dask.array")
    v = FakeVariable(("x", "y"), da.zeros((10, 4), chunks=(5, 2)))
    assert inline_variable_array_repr(v, 80) == "dask.array<chunksize=(5, 2), meta=np.ndarray>"
    lazy = FakeVariable(("x",), LazyArray((7,)))
    assert inline_variable_array_repr(lazy, 80) == "[7 values with dtype=float64]"
    assert len(inline_variable_array_repr(lazy, 10)) == 10


def test_short_data_repr():
    assert short_data_repr(FakeVariable("x", np.array([1, 2]))) == "array([1, 2])"
    big = short_data_repr(FakeVariable("x", np.arange(1000)))
    assert "..." in big and "999" in big and "500" not in big
    assert " 150," not in short_data_repr(FakeVariable("x", np.arange(300)))
    with set_options(display_values_threshold=2000):
        assert " 150," in short_data_repr(FakeVariable("x", np.arange(300)))
    lazy = FakeVariable(("x", "y"), LazyArray((3, 4), "int32"))
    assert short_data_repr(lazy) == "[12 values with dtype=int32]"
    huge = short_data_repr(
        FakeVariable(("a", "b", "c"), np.random.default_rng(0).random((30, 20, 20)))
    )
    assert len(huge.splitlines()) <= text._MAX_DATA_LINES + 1


def test_short_data_repr_dask():
    da = pytest.importorskip("dask.array")
    out = short_data_repr(FakeVariable("x", da.ones(4, chunks=2)))
    assert out.startswith("dask.array<") and "chunksize=(2,)" in out


def test_summarize_variable():
    v = FakeVariable("x", np.array([10, 20]))
    assert summarize_variable("x", v, 13, is_index=True) == "  * x        (x) int64 16B 10 20"
    assert summarize_variable("a", v, 13).startswith("    a        (x) int64 16B")
    scalar = FakeVariable((), np.array(1.5))
    assert summarize_variable("s", scalar, 13) == "    s        float64 8B 1.5"
    long = summarize_variable("v", FakeVariable("x", np.arange(10_000.0)), 13)
    assert len(long) <= 80


# --------------------------------------------------------------------------- sections


def test_sections_empty_and_collapsed():
    assert coords_repr({}) == "Coordinates:\n    *empty*"
    v = FakeVariable("x", np.arange(2))
    with set_options(display_expand_coords=False):
        assert coords_repr({"x": v, "y": v}) == "Coordinates: (2)"
    with set_options(display_expand_data_vars=False):
        assert data_vars_repr({"a": v}) == "Data variables: (1)"
    with set_options(display_expand_attrs=False):
        assert attrs_repr({"a": 1}) == "Attributes: (1)"


def test_sections_truncate_to_max_rows():
    v = FakeVariable("x", np.arange(2))
    many = {f"v{i}": v for i in range(20)}
    with set_options(display_max_rows=5):
        lines = data_vars_repr(many).splitlines()
    assert lines[0] == "Data variables: (5/20)"
    assert [line.split()[0] for line in lines[1:4]] == ["v0", "v1", "v2"]
    assert lines[4] == "    ... (15 more)"
    assert [line.split()[0] for line in lines[5:]] == ["v18", "v19"]
    with set_options(display_max_rows=1):
        lines = attrs_repr({f"a{i}": i for i in range(5)}).splitlines()
    assert lines == ["Attributes: (1/5)", "    a0:       0", "    ... (4 more)"]


def test_attrs_repr_truncates_and_escapes():
    out = attrs_repr({"title": "x" * 500, "note": "a\nb", "n": np.int64(3)})
    lines = out.splitlines()
    assert lines[0] == "Attributes:"
    assert len(lines[1]) == 80 and lines[1].endswith("...")
    assert lines[2] == "    note:     a\\nb"
    assert len(lines) == 4
    with set_options(display_width=40):
        assert all(len(line) <= 40 for line in attrs_repr({"title": "y" * 100}).splitlines())


def test_indexes_repr_groups_multi_coordinate_index():
    shared = CustomIndex("x", [1])
    out = indexes_repr({"x": shared, "x_level": shared, "y": CustomIndex("y", [2])})
    lines = out.splitlines()
    assert lines[0] == "Indexes:"
    assert lines[1].startswith("    x, x_level ") and lines[1].endswith("CustomIndex(<tree>)")
    assert lines[2].strip() == "line two" and lines[2].startswith(" " * 10)
    assert lines[3].startswith("    y ")


# --------------------------------------------------------------------------- whole objects


def _sample_array(name="ta"):
    var = FakeVariable(("time", "x"), np.arange(6.0).reshape(3, 2), {"units": "K"})
    time = FakeVariable(
        "time", np.array(["2000-01-01", "2000-01-02", "2000-01-03"], dtype="datetime64[ns]")
    )
    label = FakeVariable("time", np.array(["a", "b", "c"]))
    return FakeDataArray(var, {"time": time, "label": label}, name=name)


def test_variable_repr():
    v = FakeVariable(("x",), np.array([1, 2, 3]), {"units": "m"})
    assert variable_repr(v) == (
        "<labarray.Variable (x: 3)> Size: 24B\narray([1, 2, 3])\nAttributes:\n    units:    m"
    )
    assert variable_repr(FakeVariable((), np.array(1.0))).splitlines()[0] == (
        "<labarray.Variable ()> Size: 8B"
    )


def test_array_repr():
    lines = array_repr(_sample_array()).splitlines()
    assert lines[0] == "<labarray.DataArray 'ta' (time: 3, x: 2)> Size: 48B"
    assert lines[1] == "array([[0., 1.],"
    assert lines[4] == "Coordinates:"
    assert lines[5] == "  * time     (time) datetime64[ns] 24B 2000-01-01 2000-01-02 2000-01-03"
    assert lines[6] == "    label    (time) <U1 12B 'a' 'b' 'c'"
    assert lines[7] == "Dimensions without coordinates: x"
    assert lines[8:] == ["Attributes:", "    units:    K"]


def test_array_repr_unnamed_and_collapsed_data():
    da = FakeDataArray(FakeVariable(("x",), np.arange(300)))
    assert array_repr(da).startswith("<labarray.DataArray (x: 300)> Size: 2.4kB\narray([  0,")
    with set_options(display_expand_data=False):
        lines = array_repr(da).splitlines()
    assert lines[1].startswith("0 1 2") and lines[1].endswith("298 299") and len(lines[1]) <= 80


def test_array_repr_indexes_section():
    da = _sample_array()
    assert "Indexes:" not in array_repr(da)
    with set_options(display_default_indexes=True):
        assert "Indexes:\n    time     PandasIndex" in array_repr(da)
    custom = FakeDataArray(
        da.variable,
        da._coords,
        name="ta",
        indexes={"time": CustomIndex("time", da._coords["time"].data)},
    )
    assert "Indexes:\n    time     CustomIndex(<tree>)" in array_repr(custom)


def test_array_repr_lazy_data_is_not_read():
    da = FakeDataArray(FakeVariable(("x", "y"), LazyArray((1000, 10))), name="big")
    lines = array_repr(da).splitlines()
    assert lines[0] == "<labarray.DataArray 'big' (x: 1000, y: 10)> Size: 80kB"
    assert lines[1] == "[10000 values with dtype=float64]"


def test_dataset_repr():
    ds = FakeDataset(
        {
            "ta": FakeVariable(("time", "y"), np.zeros((2, 3)), {"units": "K"}),
            "n": FakeVariable((), np.array(5)),
        },
        coords={"time": FakeVariable("time", np.array([0.5, 1.5]))},
        attrs={"title": "test"},
    )
    assert dataset_repr(ds) == "\n".join(
        [
            "<labarray.Dataset> Size: 72B",
            "Dimensions:  (time: 2, y: 3)",
            "Coordinates:",
            "  * time     (time) float64 16B 0.5 1.5",
            "Dimensions without coordinates: y",
            "Data variables:",
            "    ta       (time, y) float64 48B 0.0 0.0 0.0 0.0 0.0 0.0",
            "    n        int64 8B 5",
            "Attributes:",
            "    title:    test",
        ]
    )


def test_dataset_repr_empty():
    assert dataset_repr(FakeDataset({})) == (
        "<labarray.Dataset> Size: 0B\nDimensions:  ()\nData variables:\n    *empty*"
    )


class LoadingVariable(FakeVariable):
    """Like labarray's Variable: ``.data`` loads lazily indexed data; ``_data`` does not."""

    @property
    def data(self):
        raise AssertionError("Variable.data was used: it would load lazy data")

    @property
    def _in_memory(self):
        return isinstance(self._data, np.ndarray)


def test_reprs_read_lazy_data_through_internal_state():
    var = LoadingVariable(("x", "y"), LazyArray((3, 4)))
    assert short_data_repr(var) == "[12 values with dtype=float64]"
    assert inline_variable_array_repr(var, 80) == "[12 values with dtype=float64]"
    ds = FakeDataset({"v": var})
    assert "    v        (x, y) float64 96B [12 values with dtype=float64]" in dataset_repr(ds)


class InMemoryWrapper:
    """An in-memory explicitly indexed wrapper (not an ndarray) that may be read."""

    def __init__(self, values):
        self.values = values
        self.shape, self.dtype = values.shape, values.dtype

    def __array__(self, dtype=None, copy=None):
        return self.values


def test_in_memory_wrappers_are_shown():
    class WrappedVariable(FakeVariable):
        _in_memory = True
        values = property(lambda self: self._data.values)

    var = WrappedVariable(("x",), InMemoryWrapper(np.array([1, 2])))
    assert short_data_repr(var) == "array([1, 2])"
    assert inline_variable_array_repr(var, 80) == "1 2"


def test_dataset_repr_of_10000_variables_is_bounded(monkeypatch):
    read: list[int] = []
    original = text._leading_values

    def recording(data, n, from_end=False):
        read.append(id(data))
        return original(data, n, from_end)

    monkeypatch.setattr(text, "_leading_values", recording)
    data_vars = {f"var{i:05d}": FakeVariable(("x",), np.arange(4.0) + i) for i in range(10_000)}
    data_vars["lazy"] = FakeVariable(("x",), LazyArray((4,)))  # raises if read
    ds = FakeDataset(data_vars, attrs={f"a{i}": i for i in range(50)})
    with set_options(display_max_rows=6):
        out = dataset_repr(ds)
    lines = out.splitlines()
    # header, dims, "Dimensions without coordinates", then 2 sections of title + 6 rows + "..."
    assert len(lines) == 3 + 2 * 8
    shown = ["var00000", "var00001", "var00002", "var09998", "var09999"]
    assert set(read) == {id(data_vars[k].data) for k in shown}
    assert "Data variables: (6/10001)" in lines
    assert "    ... (9995 more)" in lines
    assert lines[-1] == "    a49:      49"  # the attributes have their own column width (xarray)
    assert any(
        line.startswith("    lazy ") and line.endswith("[4 values with dtype=float64]")
        for line in lines
    )
    with set_options(display_max_rows=6):
        assert len(dataset_repr(FakeDataset({}, coords=data_vars)).splitlines()) == 13


def test_reprs_honour_display_width():
    ds = FakeDataset({"v": FakeVariable(("x",), np.linspace(0, 1, 1000))})
    with set_options(display_width=50):
        assert all(len(line) <= 50 for line in dataset_repr(ds).splitlines())


@pytest.mark.compat
def test_dataset_repr_matches_xarray_layout():
    xr = pytest.importorskip("xarray")
    ref = xr.Dataset(
        {"ta": (("lat", "y"), np.arange(6.0).reshape(2, 3), {"units": "K"})},
        coords={"lat": [10.0, 20.0]},
        attrs={"title": "t"},
    )
    ds = FakeDataset(
        {"ta": FakeVariable(("lat", "y"), np.arange(6.0).reshape(2, 3), {"units": "K"})},
        coords={"lat": FakeVariable("lat", np.array([10.0, 20.0]))},
        attrs={"title": "t"},
    )
    assert dataset_repr(ds) == repr(ref).replace("xarray", "labarray")


# --------------------------------------------------------------------------- diffs


def test_diff_variable_repr():
    a = FakeVariable(("x", "y"), np.array([[1, 2, 3], [4, 5, 6]]))
    assert diff_variable_repr(a, a) == ""
    b = FakeVariable(("x", "y"), np.array([[1, 2, 3], [4, 0, 7]]))
    out = diff_variable_repr(a, b)
    assert out.startswith("Left and right Variable objects are not equal\nDiffering values:\nL\n")
    assert "Values differ at 2 of 6 positions; first: [x=1, y=1] 5 != 0; [x=1, y=2] 6 != 7" in out
    c = FakeVariable(("x",), np.array([1, 2]))
    assert "Differing dimensions:\n    (x: 2, y: 3) != (x: 2)" in diff_variable_repr(a, c)


def test_diff_variable_repr_nan_dims_order_attrs():
    a = FakeVariable(("x",), np.array([1.0, np.nan]), {"units": "m", "only": 1})
    b = FakeVariable(("x",), np.array([1.0, np.nan]), {"units": "km"})
    assert diff_variable_repr(a, b) == ""
    out = diff_variable_repr(a, b, "identical")
    assert "not identical" in out
    assert "Differing attributes:\nL   units: m\nR   units: km" in out
    assert "Attributes only on the left object:\n    only: 1" in out
    t = FakeVariable(("x", "y"), np.arange(6).reshape(2, 3))
    tt = FakeVariable(("y", "x"), np.arange(6).reshape(2, 3).T)
    assert "Differing dimensions" in diff_variable_repr(t, tt)
    assert diff_variable_repr(t, tt, check_dim_order=False) == ""


def test_diff_variable_repr_allclose_and_bytes():
    a = FakeVariable(("x",), np.array([1.0, 2.0]))
    b = FakeVariable(("x",), np.array([1.0, 2.0 + 1e-9]))
    assert diff_variable_repr(a, b, "equals") != ""
    assert diff_variable_repr(a, b, "allclose") == ""
    c = FakeVariable(("x",), np.array([1.0, 2.5]))
    out = diff_variable_repr(a, c, "allclose", atol=0.1)
    assert "not close" in out and "max absolute difference: 0.5" in out
    assert diff_variable_repr(a, c, "allclose", atol=1.0) == ""
    s = FakeVariable(("x",), np.array([b"a", b"b"]))
    u = FakeVariable(("x",), np.array(["a", "b"]))
    assert diff_variable_repr(s, u) == ""
    assert diff_variable_repr(s, u, decode_bytes=False) != ""
    assert diff_variable_repr(u, FakeVariable(("x",), np.array([1, 2]))) != ""


def test_diff_bad_compat():
    v = FakeVariable(("x",), np.arange(2))
    with pytest.raises(
        ValueError, match=r"compat must be one of .*got 'identicall'; did you mean 'identical'"
    ):
        diff_variable_repr(v, v, "identicall")
    with pytest.raises(ValueError, match="compat must be one of"):
        diff_dataset_repr(FakeDataset({}), FakeDataset({}), "broadcast_equals")


def test_diff_array_repr():
    a = _sample_array()
    assert diff_array_repr(a, _sample_array()) == ""
    assert diff_array_repr(a, _sample_array("other")) == ""
    out = diff_array_repr(a, _sample_array("other"), "identical")
    assert (
        out
        == "Left and right DataArray objects are not identical\nDiffering names:\n    'ta' != 'other'"
    )
    b = _sample_array()
    b._coords["label"] = FakeVariable("time", np.array(["a", "b", "z"]))
    b._coords["extra"] = FakeVariable((), np.array(1))
    out = diff_array_repr(a, b)
    assert "Differing coordinates:\nL   label    (time) <U1 12B 'a' 'b' 'c'\n" in out
    assert "R   label    (time) <U1 12B 'a' 'b' 'z'\n" in out
    assert "    Values differ at 1 of 3 positions; first: [time=2] 'c' != 'z'" in out
    assert "Coordinates only on the right object:\n    extra    int64 8B 1" in out
    c = _sample_array()
    c._variable = FakeVariable(("time", "x"), np.arange(6.0).reshape(3, 2), {"units": "C"})
    assert diff_array_repr(a, c) == ""
    assert "Differing attributes:\nL   units: K\nR   units: C" in diff_array_repr(a, c, "identical")
    d = FakeDataArray(FakeVariable(("x",), np.arange(2)), name="ta")
    assert "Differing dimensions:\n    (time: 3, x: 2) != (x: 2)" in diff_array_repr(a, d)


def test_diff_dataset_repr():
    def make(**changes):
        data_vars = {
            "a": FakeVariable(("x",), np.array([1, 2])),
            "b": FakeVariable((), np.array(0.5)),
        }
        coords = {"x": FakeVariable("x", np.array([10, 20]))}
        data_vars.update(changes)
        return FakeDataset(data_vars, coords, attrs={"title": "t"})

    assert diff_dataset_repr(make(), make()) == ""
    out = diff_dataset_repr(make(), make(c=FakeVariable(("y",), np.arange(3))))
    assert "Differing dimensions:\n    (x: 2) != (x: 2, y: 3)" in out
    assert "Data variables only on the right object:\n    c        (y) int64 24B 0 1 2" in out
    out = diff_dataset_repr(make(), make(b=FakeVariable((), np.array(0.75))))
    assert (
        "Differing data variables:\nL   b        float64 8B 0.5\nR   b        float64 8B 0.75"
        in out
    )
    other = make()
    other._attrs = {"title": "u"}
    assert diff_dataset_repr(make(), other) == ""
    assert "Differing attributes:\nL   title: t\nR   title: u" in diff_dataset_repr(
        make(), other, "identical"
    )
    # the same variable as a coordinate on one side and a data variable on the other
    moved = make()
    moved._coord_names.add("b")
    out = diff_dataset_repr(make(), moved)
    assert "Coordinates only on the right object:\n    b" in out
    assert "Data variables only on the left object:\n    b" in out
