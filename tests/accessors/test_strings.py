"""Tests of the ``.str`` accessor (labarray.accessors.strings)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import labarray as xr


def words() -> xr.DataArray:
    return xr.DataArray(
        np.array(["apple pie", "Banana", " cherry "]), dims="x", coords={"x": [1, 2, 3]}, name="w", attrs={"u": 1}
    )


def test_metadata_kept_and_dtypes():
    out = words().str.upper()
    assert out.name == "w" and out.attrs == {"u": 1} and out.x.values.tolist() == [1, 2, 3]
    assert out.dtype.kind == "U"
    assert words().str.len().dtype == np.int64
    assert words().str.isalpha().dtype == bool


@pytest.mark.parametrize(
    ("method", "args", "expected"),
    [
        ("upper", (), ["APPLE PIE", "BANANA", " CHERRY "]),
        ("lower", (), ["apple pie", "banana", " cherry "]),
        ("capitalize", (), ["Apple pie", "Banana", " cherry "]),
        ("title", (), ["Apple Pie", "Banana", " Cherry "]),
        ("swapcase", (), ["APPLE PIE", "bANANA", " CHERRY "]),
        ("casefold", (), ["apple pie", "banana", " cherry "]),
        ("strip", (), ["apple pie", "Banana", "cherry"]),
        ("lstrip", (), ["apple pie", "Banana", "cherry "]),
        ("rstrip", (), ["apple pie", "Banana", " cherry"]),
        ("len", (), [9, 6, 8]),
        ("count", ("a",), [1, 3, 0]),
        ("find", ("a",), [0, 1, -1]),
        ("rfind", ("a",), [0, 5, -1]),
        ("startswith", ("B",), [False, True, False]),
        ("endswith", (" ",), [False, False, True]),
        ("contains", ("an+",), [False, True, False]),
        ("match", ("[a-z]",), [True, False, False]),
        ("isalpha", (), [False, True, False]),
        ("slice", (1, 3), ["pp", "an", "ch"]),
        ("get", (-1,), ["e", "a", " "]),
        ("replace", ("a", "o"), ["opple pie", "Bonono", " cherry "]),
        ("zfill", (10,), ["0apple pie", "0000Banana", "00 cherry "]),
        ("center", (10, "*"), ["apple pie*", "**Banana**", "* cherry *"]),
        ("ljust", (7, "."), ["apple pie", "Banana.", " cherry "]),
        ("rjust", (7, "."), ["apple pie", ".Banana", " cherry "]),
        ("repeat", (2,), ["apple pieapple pie", "BananaBanana", " cherry  cherry "]),
    ],
)
def test_elementwise_methods(method, args, expected):
    assert getattr(words().str, method)(*args).values.tolist() == expected


def test_predicates():
    da = xr.DataArray(["12", "ab", "Ab", "  ", "A1", "Title Case", "AB"], dims="x")
    assert da.str.isdigit().values.tolist() == [True, False, False, False, False, False, False]
    assert da.str.isdecimal().values.tolist()[0] and da.str.isnumeric().values.tolist()[0]
    assert da.str.isalnum().values.tolist() == [True, True, True, False, True, False, True]
    assert da.str.islower().values.tolist()[1] and da.str.isupper().values.tolist()[-1]
    assert da.str.isspace().values.tolist()[3] and da.str.istitle().values.tolist()[5]


def test_getitem_case_insensitive_and_literal():
    da = words()
    assert da.str[0].values.tolist() == ["a", "B", " "]
    assert da.str[:2].values.tolist() == ["ap", "Ba", " c"]
    assert da.str.contains("BANANA", case=False).values.tolist() == [False, True, False]
    assert da.str.contains("a.", regex=False).values.tolist() == [False, False, False]
    assert da.str.contains("BAN", case=False, regex=False).values.tolist() == [False, True, False]
    assert da.str.replace("A", "_", case=False, n=1).values.tolist() == ["_pple pie", "B_nana", " cherry "]
    assert da.str.replace("a", "-", regex=False, n=2).values.tolist() == ["-pple pie", "B-n-na", " cherry "]
    assert da.str.count("A", case=False).values.tolist() == [1, 3, 0]
    assert da.str.slice_replace(0, 1, "X").values.tolist() == ["Xpple pie", "Xanana", "Xcherry "]
    assert da.str.get(20, default="?").values.tolist() == ["?", "?", "?"]


def test_split_partition_extract_dummies():
    da = xr.DataArray(["a,b,c", "d"], dims="x")
    split = da.str.split("part", sep=",")
    assert split.dims == ("x", "part") and split.values.tolist() == [["a", "b", "c"], ["d", "", ""]]
    assert da.str.rsplit("p", sep=",", maxsplit=1).values.tolist() == [["a,b", "c"], ["", "d"]]
    lists = da.str.split(None, sep=",")
    assert lists.dtype == object and lists.values[0] == ["a", "b", "c"]
    assert da.str.partition("p", sep=",").values.tolist() == [["a", ",", "b,c"], ["d", "", ""]]
    assert da.str.rpartition("p", sep=",").values.tolist() == [["a,b", ",", "c"], ["", "", "d"]]
    codes = xr.DataArray(["x12", "y3", "zz"], dims="i")
    ext = codes.str.extract(r"([a-z])(\d+)", dim="g")
    assert ext.values.tolist() == [["x", "12"], ["y", "3"], ["", ""]]
    assert codes.str.extract(r"(\d+)", dim=None).values.tolist() == ["12", "3", ""]
    assert codes.str.findall(r"\d").values.tolist() == [["1", "2"], ["3"], []]
    dummies = xr.DataArray(["a|b", "b", ""], dims="x").str.get_dummies("label")
    assert dummies.label.values.tolist() == ["a", "b"]
    assert dummies.values.tolist() == [[True, True], [False, True], [False, False]]


def test_cat_join_format_and_broadcasting():
    a = xr.DataArray(["a", "b"], dims="x")
    b = xr.DataArray(["1", "2", "3"], dims="y")
    out = a.str.cat(b, sep="-")
    assert out.dims == ("x", "y") and out.values.tolist() == [["a-1", "a-2", "a-3"], ["b-1", "b-2", "b-3"]]
    assert a.str.cat("!", sep="").values.tolist() == ["a!", "b!"]
    assert (a.str + "z").values.tolist() == ["az", "bz"]
    assert (a.str * 3).values.tolist() == ["aaa", "bbb"]
    assert (xr.DataArray(["%s-%d"], dims="x").str % ("v", 3)).values.tolist() == ["v-3"]
    grid = xr.DataArray([["a", "b"], ["c", "d"]], dims=("x", "y"), coords={"y": [0, 1], "x": [5, 6]})
    joined = grid.str.join("y", sep="+")
    assert joined.dims == ("x",) and joined.values.tolist() == ["a+b", "c+d"] and "y" not in joined.coords
    assert xr.DataArray(["a", "b"], dims="x").str.join(sep="").values.tolist() == "ab"
    fmt = xr.DataArray(["{0}:{n}"], dims="i").str.format(xr.DataArray([1, 2], dims="j"), n="k")
    assert fmt.values.tolist() == [["1:k", "2:k"]]
    widths = xr.DataArray([2, 4], dims="x")
    assert xr.DataArray(["a", "b"], dims="x").str.pad(widths).values.tolist() == [" a", "   b"]


def test_bytes_encode_decode_wrap_normalize():
    da = xr.DataArray(["é", "ab"], dims="x")
    enc = da.str.encode("utf-8")
    assert enc.dtype.kind == "S"
    assert enc.str.upper().dtype.kind == "S"
    assert enc.str.decode("utf-8").values.tolist() == ["é", "ab"]
    assert xr.DataArray(["aaa bbb ccc"], dims="x").str.wrap(7).values.tolist() == ["aaa bbb\nccc"]
    assert xr.DataArray(["ﬁ"], dims="x").str.normalize("NFKC").values.tolist() == ["fi"]
    assert enc.str.split("p", sep=b"\xa9").dtype.kind == "S"


def test_dask_lazy():
    pytest.importorskip("dask")
    from labarray.testing import raise_if_dask_computes

    da = words().chunk({"x": 2})
    with raise_if_dask_computes():
        upper = da.str.upper()
        length = da.str.len()
    assert upper.values.tolist() == ["APPLE PIE", "BANANA", " CHERRY "]
    assert length.values.tolist() == [9, 6, 8]


def test_bad_input():
    from labarray.accessors.strings import StringAccessor

    with pytest.raises(AttributeError, match=r"'.str' accessor needs str, bytes or object values; the values of DataArray 'v' have dtype float64"):
        StringAccessor(xr.DataArray([1.0], dims="x", name="v"))
    assert not hasattr(xr.DataArray([1.0], dims="x"), "str")
    da = words()
    with pytest.raises(ValueError, match=r"side must be 'both', 'left' or 'right', got 'middle'"):
        da.str.strip(side="middle")
    with pytest.raises(ValueError, match=r"side must be 'left', 'right' or 'both', got 'up'"):
        da.str.pad(3, side="up")
    with pytest.raises(TypeError, match=r"fillchar must be a single character, got '--'"):
        da.str.pad(3, fillchar="--")
    with pytest.raises(ValueError, match=r"side must be 'left' or 'right', got 'top'"):
        da.str.find("a", side="top")
    with pytest.raises(ValueError, match=r"substring 'q' not found in 'apple pie'"):
        da.str.index("q")
    with pytest.raises(ValueError, match=r"pattern '\[a-z\]' has no capture groups"):
        da.str.extract("[a-z]", dim="g")
    with pytest.raises(ValueError, match=r"has 2 groups; with dim=None str.extract needs exactly one"):
        da.str.extract("(a)(p)", dim=None)
    with pytest.raises(ValueError, match=r"dimension 'x' already exists on the DataArray"):
        da.str.split("x", sep=" ")
    with pytest.raises(ValueError, match=r"form must be one of 'NFC'"):
        da.str.normalize("NFX")
    with pytest.raises(ValueError, match=r"case=False, flags and a callable repl need regex=True"):
        da.str.replace("a", "b", case=False, regex=False)
    with pytest.raises(LookupError, match=r"unknown encoding: nope"):
        da.str.encode("nope")
    with pytest.raises(ValueError, match=r"str.join needs dim= for a 2-D array"):
        xr.DataArray([["a"]], dims=("x", "y")).str.join()
    with pytest.raises(ValueError, match=r"dimension 'z' not found in the DataArray"):
        da.str.join("z")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcXYZ ,", max_size=8), min_size=1, max_size=6))
def test_property_matches_python_str(texts):
    da = xr.DataArray(np.array(texts, dtype=object), dims="x")
    assert da.str.upper().values.tolist() == [t.upper() for t in texts]
    assert da.str.len().values.tolist() == [len(t) for t in texts]
    split = da.str.split("p", sep=",")
    for row, t in zip(split.values.tolist(), texts, strict=True):
        parts = t.split(",")
        assert row[: len(parts)] == parts and all(p == "" for p in row[len(parts) :])


@pytest.mark.compat
def test_compat_xarray():
    xarray = pytest.importorskip("xarray")
    values = np.array(["a,b", "Cc", " d "])
    ours = xr.DataArray(values, dims="x")
    ref = xarray.DataArray(values, dims="x")
    for name, args in [("upper", ()), ("len", ()), ("strip", ()), ("find", ("b",)), ("zfill", (4,)), ("title", ())]:
        assert getattr(ours.str, name)(*args).values.tolist() == getattr(ref.str, name)(*args).values.tolist()
    assert ours.str.split("p", sep=",").values.tolist() == ref.str.split("p", sep=",").values.tolist()
    assert ours.str.rsplit("p", sep=" ", maxsplit=1).values.tolist() == ref.str.rsplit("p", sep=" ", maxsplit=1).values.tolist()
    assert ours.str.partition("p").values.tolist() == ref.str.partition("p").values.tolist()
    assert ours.str.slice_replace(2, 1, "Q").values.tolist() == ref.str.slice_replace(2, 1, "Q").values.tolist()
    assert ours.str.get_dummies("d", sep=",").values.tolist() == ref.str.get_dummies("d", sep=",").values.tolist()
    assert ours.str.pad(5, "both", "*").values.tolist() == ref.str.pad(5, "both", "*").values.tolist()


def test_extractall_groups_and_matches():
    da = xr.DataArray(["a1b2c3", "x9", "none"], dims="s", name="codes")
    out = da.str.extractall(r"([a-z])(\d)", group_dim="group", match_dim="match")
    assert out.dims == ("s", "group", "match")
    assert out.sizes == {"s": 3, "group": 2, "match": 3}
    assert out.name == "codes"
    assert out.values[0].tolist() == [["a", "b", "c"], ["1", "2", "3"]]
    assert out.values[1].tolist() == [["x", "", ""], ["9", "", ""]]
    assert out.values[2].tolist() == [["", "", ""], ["", "", ""]]


def test_extractall_bad_input():
    da = xr.DataArray(["a1"], dims="s")
    with pytest.raises(ValueError, match=r"no capture groups"):
        da.str.extractall(r"\d", "g", "m")
    with pytest.raises(ValueError, match=r"both 'g'"):
        da.str.extractall(r"(\d)", "g", "g")
    with pytest.raises(ValueError, match=r"match_dim='s' already exists"):
        da.str.extractall(r"(\d)", "g", "s")


def test_translate_and_object_dtype_kept():
    da = xr.DataArray(["abc", "cab"], dims="x")
    assert da.str.translate(str.maketrans("ab", "xy")).values.tolist() == ["xyc", "cxy"]
    with pytest.raises(TypeError, match=r"str.translate needs a mapping"):
        da.str.translate("ab")
    obj = xr.DataArray(np.array(["a", "bb"], dtype=object), dims="x")
    assert obj.str.upper().dtype == object
    assert obj.chunk(x=1).str.upper().compute().values.tolist() == ["A", "BB"]
    dummies = xr.DataArray(["a|bb", "c"], dims="x").str.get_dummies("label")
    assert dummies.label.dtype == np.dtype("<U2")
    assert xr.DataArray(np.array([], dtype="<U3"), dims="x").str.get_dummies("label").label.dtype == np.dtype("<U3")


def test_dask_results_of_different_widths_per_block_are_not_truncated():
    pytest.importorskip("dask")
    from labarray.testing import raise_if_dask_computes

    da = xr.DataArray(["ab", "b", "cherry"], dims="x").chunk(x=2)
    with raise_if_dask_computes():
        upper = da.str.upper()
        longer = da.str.replace("r", "RRRR")
        padded = da.str.pad(xr.DataArray([7, 8, 9], dims="x"))
    assert upper.dtype == object  # widths are unknown until the blocks run
    assert upper.values.tolist() == ["AB", "B", "CHERRY"]
    assert longer.values.tolist() == ["ab", "b", "cheRRRRRRRRy"]
    assert padded.values.tolist() == ["     ab", "       b", "   cherry"]
    assert da.str.len().dtype == np.int64


def test_array_patterns_broadcast_by_dimension_name():
    da = xr.DataArray(["banana", "apple", "cherry"], dims="s")
    pat = xr.DataArray(["an", "p"], dims="pat")
    assert da.str.contains(pat).dims == ("s", "pat")
    assert da.str.contains(pat).values.tolist() == [[True, False], [False, True], [False, False]]
    assert da.str.count(pat).values.tolist() == [[2, 0], [0, 2], [0, 0]]
    assert da.str.find(pat).values.tolist() == [[1, -1], [-1, 1], [-1, -1]]
    assert da.str.contains(pat, regex=False).values.tolist() == [[True, False], [False, True], [False, False]]
    assert da.str.match(xr.DataArray(["b", "x", "c"], dims="s")).values.tolist() == [True, False, True]
    assert da.str.startswith(xr.DataArray(["b", "a", "x"], dims="s")).values.tolist() == [True, True, False]
    assert da.str.endswith(xr.DataArray(["a", "x", "y"], dims="s")).values.tolist() == [True, False, True]
    repl = da.str.replace(xr.DataArray(["a", "p", "e"], dims="s"), xr.DataArray(["A", "P", "E"], dims="s"))
    assert repl.values.tolist() == ["bAnAnA", "aPPle", "chErry"]
    lazy = da.chunk(s=1).str.contains(pat)
    assert lazy.values.tolist() == [[True, False], [False, True], [False, False]]
