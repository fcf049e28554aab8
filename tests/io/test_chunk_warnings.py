"""Tests of the warning for Dask chunks that split the chunks stored in a file."""

from __future__ import annotations

import warnings

import netCDF4
import numpy as np
import pytest

from labarray.io.api import _chunk_sizes, open_dataset
from labarray.io.chunk_warnings import first_split, stored_chunks, warn_if_chunks_split_stored
from labarray.utils.warnings import LabarrayWarning
from labarray.variable import Variable


def _var(shape: tuple[int, ...] = (100, 10), **encoding) -> Variable:
    dims = ("x", "y")[: len(shape)]
    return Variable(dims, np.zeros(shape, "f4"), encoding=encoding)


def _stored_file(path: str) -> str:
    """v: chunked (10, 5) on (x, y); w: contiguous; s: a char variable chunked with its string dim."""
    with netCDF4.Dataset(path, "w") as nc:
        nc.createDimension("x", 100)
        nc.createDimension("y", 10)
        nc.createDimension("nchar", 4)
        v = nc.createVariable("v", "f4", ("x", "y"), chunksizes=(10, 5), zlib=True)
        v[:] = np.arange(1000, dtype="f4").reshape(100, 10)
        w = nc.createVariable("w", "f4", ("x",), contiguous=True)
        w[:] = np.arange(100, dtype="f4")
        s = nc.createVariable("s", "S1", ("x", "nchar"), chunksizes=(10, 4))
        s[:] = netCDF4.stringtochar(np.array(["abcd"] * 100, dtype="S4"))
    return path


def _messages(name, var, chunk_sizes, requested) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warn_if_chunks_split_stored(name, var, chunk_sizes, requested)
    assert all(w.category is LabarrayWarning for w in caught)
    return [str(w.message) for w in caught]


# ---------------------------------------------------------------- first_split
@pytest.mark.parametrize(
    ("size", "chunks", "stored", "expected"),
    [(100, (20,) * 5, 10, None), (100, (30, 30, 30, 10), 10, None), (100, (15,) * 6 + (10,), 10, 15),
     (100, (5,) * 20, 10, 5), (100, (100,), 10, None), (100, (45, 55), 10, 45), (7, (4, 3), 4, None),
     (10, (3, 3, 3, 1), 1, None), (10, (4, 6), (4, 3, 3), None), (10, (3, 7), (4, 3, 3), 3),
     (10, (7, 3), (4, 3, 3), None)],
)
def test_first_split(size, chunks, stored, expected) -> None:
    assert first_split(size, chunks, stored) == expected


# ---------------------------------------------------------------- stored_chunks
def test_stored_chunks_sources() -> None:
    assert stored_chunks(_var(preferred_chunks={"x": 10, "y": 5}, chunksizes=(1, 1))) == {"x": 10, "y": 5}
    assert stored_chunks(_var(chunksizes=(20, 10))) == {"x": 20, "y": 10}
    assert stored_chunks(_var(chunksizes=None, contiguous=True)) == {}
    assert stored_chunks(_var()) == {}
    # a char variable's string dim is not a dim of the decoded variable: skipped
    assert stored_chunks(_var((100,), preferred_chunks={"x": 10, "nchar": 4})) == {"x": 10}
    assert stored_chunks(_var((100,), chunksizes=(10, 4))) == {}  # does not match the dims
    assert stored_chunks(_var((10,), preferred_chunks={"x": (4, 3, 3)})) == {"x": (4, 3, 3)}


# ---------------------------------------------------------------- the warning
def test_split_warns_with_names_sizes_and_a_suggestion() -> None:
    var = _var(preferred_chunks={"x": 10, "y": 5})
    [message] = _messages("v", var, ((15,) * 6 + (10,), (5, 5)), {"x": 15})
    assert message == (
        "chunks for variable 'v' split its stored chunks along dimension 'x': stored chunks of 10, requested "
        "chunks of 15 (first split at index 15), so several Dask tasks read and decompress the same stored "
        "chunk; use a multiple of 10 (e.g. chunks={'x': 20}), or rechunk after opening"
    )


def test_one_warning_per_split_dimension() -> None:
    var = _var(preferred_chunks={"x": 10, "y": 5})
    messages = _messages("v", var, ((15,) * 6 + (10,), (3, 3, 3, 1)), {"x": 15, "y": 3})
    assert len(messages) == 2
    assert "dimension 'x'" in messages[0] and "dimension 'y'" in messages[1]
    assert "stored chunks of 5, requested chunks of 3 (first split at index 3)" in messages[1]
    assert "e.g. chunks={'y': 5}" in messages[1]


@pytest.mark.parametrize(
    ("chunk_sizes", "requested"),
    [(((20,) * 5, (5, 5)), {"x": 20}),                 # multiples
     (((30, 30, 30, 10), (5, 5)), {"x": 30}),          # multiples with a remainder at the end
     (((100,), (10,)), {"x": -1, "y": -1}),            # whole dimensions
     (((100,), (10,)), -1),
     (((10,) * 10, (5, 5)), {}),                       # the file's own chunks
     (((5,) * 20, (5, 5)), {"y": 5}),                  # x not named: the user did not choose it
     (((5,) * 20, (5, 5)), {"x": None}),
     (((5,) * 20, (5, 5)), None)],
)
def test_no_warning(chunk_sizes, requested) -> None:
    var = _var(preferred_chunks={"x": 10, "y": 5})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_if_chunks_split_stored("v", var, chunk_sizes, requested)


def test_no_warning_without_stored_chunks_or_data() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_if_chunks_split_stored("w", _var(contiguous=True, chunksizes=None), ((15,) * 6 + (10,), (3, 3, 3, 1)),
                                    {"x": 15, "y": 3})
        empty = Variable(("x", "y"), np.zeros((0, 10)), encoding={"preferred_chunks": {"x": 10, "y": 5}})
        warn_if_chunks_split_stored("e", empty, ((0,), (3, 3, 3, 1)), {"y": 3})


def test_int_and_auto_requests_check_every_dim() -> None:
    var = _var(preferred_chunks={"x": 10, "y": 5})
    messages = _messages("v", var, ((7,) * 14 + (2,), (7, 3)), 7)
    assert [m.split("dimension ")[1][:3] for m in messages] == ["'x'", "'y'"]
    assert _messages("v", var, ((50, 50), (10,)), "auto") == []


def test_irregular_requests_and_stored_chunks() -> None:
    var = _var(preferred_chunks={"x": 10, "y": 5})
    [message] = _messages("v", var, ((45, 55), (5, 5)), {"x": (45, 55)})
    assert "requested chunks of (45, 55) (first split at index 45)" in message and "chunks={'x': 40}" in message
    irregular = _var((10,), preferred_chunks={"x": (4, 3, 3)})
    [message] = _messages("v", irregular, ((3, 7),), {"x": (3, 7)})
    assert "stored chunks of (4, 3, 3)" in message and "chunk boundaries that fall on stored chunk" in message


def test_suggestion_stays_within_the_dimension() -> None:
    var = Variable("x", np.zeros(25), encoding={"preferred_chunks": {"x": 10}})
    [message] = _messages("v", var, ((24, 1),), {"x": 24})
    assert "e.g. chunks={'x': 20}" in message
    [message] = _messages("v", var, ((3,) * 8 + (1,),), {"x": 3})
    assert "e.g. chunks={'x': 10}" in message


def test_warning_points_at_the_caller() -> None:
    var = _var(preferred_chunks={"x": 10, "y": 5})
    with pytest.warns(LabarrayWarning, match="split its stored chunks") as record:
        warn_if_chunks_split_stored("v", var, ((15,) * 6 + (10,), (5, 5)), {"x": 15})
    assert record[0].filename == __file__


# ---------------------------------------------------------------- with a real file's encoding
def test_real_file_encoding_and_open_dataset_chunk_sizes(tmp_path) -> None:
    path = _stored_file(str(tmp_path / "c.nc"))
    with open_dataset(path) as ds:
        v, w, s = ds["v"].variable, ds["w"].variable, ds["s"].variable
        assert stored_chunks(v) == {"x": 10, "y": 5} and stored_chunks(w) == {} and stored_chunks(s) == {"x": 10}
        for chunks, expected in [({"x": 15}, ["'x'"]), ({"x": 20}, []), ({"x": 30}, []), ({"y": 3}, ["'y'"]),
                                 ({}, []), ({"x": -1}, []), (7, ["'x'", "'y'"])]:
            messages = _messages("v", v, _chunk_sizes(v, chunks, "v"), chunks)
            assert [m.split("dimension ")[1][:3] for m in messages] == expected, chunks
            assert _messages("w", w, _chunk_sizes(w, chunks, "w"), chunks) == []
        [message] = _messages("s", s, _chunk_sizes(s, {"x": 15}, "s"), {"x": 15})
        assert message.startswith("chunks for variable 's' split its stored chunks along dimension 'x'")


def test_open_dataset_warns_once_per_split_variable(tmp_path) -> None:
    # needs the call in labarray/io/api.py::_apply_chunks_and_cache (see the module docstring)
    path = _stored_file(str(tmp_path / "c.nc"))
    with pytest.warns(LabarrayWarning, match="split its stored chunks") as record:
        ds = open_dataset(path, chunks={"x": 15})
    with ds:
        names = sorted(str(w.message).split("'")[1] for w in record if "stored chunks" in str(w.message))
        assert names == ["s", "v"]
        assert ds["v"].chunks == ((15,) * 6 + (10,), (5, 5))
        np.testing.assert_array_equal(ds["v"].values, np.arange(1000, dtype="f4").reshape(100, 10))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        open_dataset(path, chunks={"x": 20}).close()
        open_dataset(path, chunks={}).close()


# ---------------------------------------------------------------- bad input
def test_bad_input() -> None:
    var = _var(preferred_chunks={"x": 10, "y": 5})
    with pytest.raises(ValueError, match=r"chunk_sizes for variable 'v' has 1 entries; .*\('x', 'y'\)"):
        warn_if_chunks_split_stored("v", var, ((15,) * 6 + (10,),), {"x": 15, "y": 3})
    with pytest.raises(ValueError, match="chunk sizes \\(15, 15\\) add up to 30, not to the dimension length 100"):
        first_split(100, (15, 15), 10)
    with pytest.raises(TypeError, match="unhashable"):
        first_split(100, [15] * 6 + [10], 10)  # cached: callers pass tuples
    with pytest.raises(ValueError, match=r"encoding\['preferred_chunks'\] gives 'ten' for dimension 'x'"):
        stored_chunks(_var(preferred_chunks={"x": "ten", "y": 5}))
    with pytest.raises(ValueError, match=r"encoding\['chunksizes'\] gives 0 for dimension 'y'"):
        stored_chunks(_var(chunksizes=(10, 0)))


@pytest.mark.compat
def test_warns_where_xarray_warns(tmp_path) -> None:
    xr = pytest.importorskip("xarray")
    path = _stored_file(str(tmp_path / "c.nc"))
    with xr.open_dataset(path) as theirs_lazy, open_dataset(path) as ours_lazy:
        v = ours_lazy["v"].variable
        for chunks in [{"x": 15}, {"x": 20}, {"x": 30}, {"x": 5}, {"y": 3}, {"x": 15, "y": 3}, {"x": (45, 55)},
                       {"x": (40, 60)}, 7, -1, {}]:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                xr.open_dataset(path, chunks=chunks, drop_variables=["s", "w"]).close()
            theirs = sorted(str(w.message).split('"')[1] for w in caught if "stored chunks" in str(w.message))
            ours = sorted(m.split("dimension ")[1][1] for m in _messages("v", v, _chunk_sizes(v, chunks, "v"), chunks))
            assert ours == theirs, chunks
        assert theirs_lazy["v"].encoding["preferred_chunks"] == v.encoding["preferred_chunks"]
