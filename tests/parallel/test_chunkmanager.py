"""Tests of labarray.parallel.chunkmanager."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from labarray.parallel.chunkmanager import (
    chunk_array,
    compute_arrays,
    dask_array,
    is_chunked_array,
    normalize_chunks_for_dims,
    persist_arrays,
)

da = pytest.importorskip("dask.array")


def test_import_labarray_does_not_import_dask() -> None:
    code = "import sys, labarray; print('dask' in sys.modules, 'dask.array' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_is_chunked_array_without_dask_imported() -> None:
    code = (
        "import numpy as np; from labarray.parallel.chunkmanager import is_chunked_array; import sys;"
        "print(is_chunked_array(np.zeros(2)), 'dask' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_dask_array_module() -> None:
    assert dask_array() is da


def test_is_chunked_array() -> None:
    assert is_chunked_array(da.zeros(3))
    assert not is_chunked_array(np.zeros(3))
    assert not is_chunked_array([1, 2])
    assert not is_chunked_array(None)


class TestNormalizeChunks:
    def test_int(self) -> None:
        assert normalize_chunks_for_dims(2, ("x", "y"), (4, 3), np.dtype(float)) == ((2, 2), (2, 1))

    def test_minus_one(self) -> None:
        assert normalize_chunks_for_dims(-1, ("x",), (5,), np.dtype(float)) == ((5,),)

    def test_auto_small(self) -> None:
        assert normalize_chunks_for_dims("auto", ("x",), (5,), np.dtype(float)) == ((5,),)

    def test_mapping_missing_dims_one_chunk(self) -> None:
        out = normalize_chunks_for_dims({"y": 2}, ("x", "y"), (4, 3), np.dtype(float))
        assert out == ((4,), (2, 1))

    def test_mapping_missing_dims_keep_previous(self) -> None:
        out = normalize_chunks_for_dims(
            {"y": 3}, ("x", "y"), (4, 3), np.dtype(float), previous_chunks=((1, 3), (2, 1))
        )
        assert out == ((1, 3), (3,))

    def test_none(self) -> None:
        assert normalize_chunks_for_dims(None, ("x",), (4,), np.dtype(float)) == ((4,),)
        assert normalize_chunks_for_dims(
            None, ("x",), (4,), np.dtype(float), previous_chunks=((2, 2),)
        ) == ((2, 2),)

    def test_explicit_blocks(self) -> None:
        assert normalize_chunks_for_dims({"x": (1, 3)}, ("x",), (4,), np.dtype(float)) == ((1, 3),)

    def test_blocks_not_summing(self) -> None:
        with pytest.raises(ValueError):
            normalize_chunks_for_dims({"x": (1, 1)}, ("x",), (4,), np.dtype(float))


class TestChunkArray:
    def test_wraps_numpy(self) -> None:
        out = chunk_array(np.arange(4), ((2, 2),))
        assert is_chunked_array(out)
        assert out.chunks == ((2, 2),)
        np.testing.assert_array_equal(out.compute(), np.arange(4))

    def test_rechunks_dask(self) -> None:
        x = da.arange(4, chunks=1)
        out = chunk_array(x, ((2, 2),))
        assert out.chunks == ((2, 2),)

    def test_same_chunks_is_identity(self) -> None:
        x = da.arange(4, chunks=2)
        assert chunk_array(x, ((2, 2),)) is x

    def test_name_is_used(self) -> None:
        out = chunk_array(np.arange(4), ((4,),), name="labarray-test-name")
        assert out.name == "labarray-test-name"


class TestComputePersist:
    def test_compute_mixed(self) -> None:
        a = da.arange(3, chunks=1)
        b = np.arange(2)
        out_a, out_b = compute_arrays(a, b)
        assert isinstance(out_a, np.ndarray)
        np.testing.assert_array_equal(out_a, [0, 1, 2])
        assert out_b is b

    def test_compute_nothing_lazy(self) -> None:
        a = np.arange(2)
        (out,) = compute_arrays(a)
        assert out is a

    def test_compute_single_graph(self) -> None:
        from labarray.testing.laziness import raise_if_dask_computes

        a = da.arange(3, chunks=1)
        with raise_if_dask_computes(max_computes=1):
            compute_arrays(a, a + 1, a * 2)

    def test_persist(self) -> None:
        a = da.arange(4, chunks=2) + 1
        b = [1, 2]
        out_a, out_b = persist_arrays(a, b)
        assert is_chunked_array(out_a)
        assert len(dict(out_a.__dask_graph__())) == 2
        assert out_b is b
        np.testing.assert_array_equal(out_a.compute(), [1, 2, 3, 4])
