from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from labarray.kernels._compile import LazyKernel, lazy_njit
from labarray.kernels.take import (
    NA,
    maybe_promote,
    result_dtype,
    take_with_fill,
    take_with_fill_dask,
)
from labarray.options import set_options


def reference(arr: np.ndarray, indexer: np.ndarray, axis: int, fill) -> np.ndarray:
    """np.take + masked assignment, computed in object dtype then compared by value."""
    indexer = np.asarray(indexer, dtype=np.intp)
    missing = indexer < 0
    shape = arr.shape[:axis] + (indexer.size,) + arr.shape[axis + 1 :]
    out = np.empty(shape, dtype=object)
    if arr.shape[axis]:
        out[...] = np.take(arr, np.where(missing, 0, indexer), axis=axis).astype(object)
    key = (slice(None),) * axis + (missing,)
    out[key] = fill
    return out


def assert_same(actual: np.ndarray, expected: np.ndarray) -> None:
    assert actual.shape == expected.shape
    for a, e in zip(actual.ravel().tolist(), expected.ravel().tolist(), strict=True):
        if e is None or e != e:  # NaN, complex NaN and NaT are unequal to themselves
            assert a is None or a != a or (isinstance(a, np.generic) and np.isnat(a)), (a, e)
        else:
            assert a == e, (a, e)


RNG = np.random.default_rng(0)
DTYPES = [
    "int64",
    "int32",
    "int8",
    "uint16",
    "bool",
    "float32",
    "float64",
    "complex128",
    "M8[ns]",
    "m8[s]",
    "U3",
    "O",
]


def random_array(shape: tuple[int, ...], dtype: str) -> np.ndarray:
    values = RNG.integers(0, 100, size=shape)
    if dtype == "bool":
        return values % 2 == 0
    if dtype.startswith("U") or dtype == "O":
        return values.astype(str).astype(dtype)
    arr = values.astype(dtype)
    if dtype.startswith("float"):
        arr.ravel()[::3] = np.nan
    return arr


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seed", range(4))
def test_take_matches_numpy_reference(dtype: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    ndim = int(rng.integers(1, 4))
    shape = tuple(int(s) for s in rng.integers(1, 5, size=ndim))
    arr = random_array(shape, dtype)
    axis = int(rng.integers(-ndim, ndim))
    n = shape[axis]
    indexer = rng.integers(-1, n, size=int(rng.integers(0, 7)))
    out = take_with_fill(arr, indexer, axis)
    expected_dtype, fill = result_dtype(arr.dtype, NA) if (indexer < 0).any() else (arr.dtype, None)
    assert out.dtype == expected_dtype
    assert_same(out, reference(arr, indexer, axis % ndim, fill))


def test_ints_without_fill_keep_dtype() -> None:
    arr = np.arange(12, dtype=np.int32).reshape(3, 4)
    out = take_with_fill(arr, np.array([3, 0, 0]), axis=1)
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, arr[:, [3, 0, 0]])


def test_ints_with_fill_promote_to_float() -> None:
    out = take_with_fill(np.array([1, 2, 3]), [0, -1], axis=0)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [1.0, np.nan])
    small = take_with_fill(np.array([1, 2], dtype=np.int16), [-1], axis=0)
    assert small.dtype == np.float32


def test_fill_value_that_fits_keeps_dtype() -> None:
    out = take_with_fill(np.array([1, 2, 3], dtype=np.int8), [2, -1], axis=0, fill_value=-5)
    assert out.dtype == np.int8
    np.testing.assert_array_equal(out, [3, -5])
    out = take_with_fill(np.array([True, False]), [-1, 1], axis=0, fill_value=False)
    assert out.dtype == bool
    np.testing.assert_array_equal(out, [False, False])


def test_fill_value_that_does_not_fit_promotes() -> None:
    out = take_with_fill(np.array([1, 2], dtype=np.uint8), [-1, 0], axis=0, fill_value=-1)
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out, [-1, 1])
    out = take_with_fill(np.array([1, 2]), [-1], axis=0, fill_value=0.5)
    assert out.dtype == np.float64 and out[0] == 0.5
    out = take_with_fill(np.array(["ab", "cd"]), [-1, 1], axis=0, fill_value="longer")
    assert out.dtype == object
    assert out.tolist() == ["longer", "cd"]
    out = take_with_fill(np.array([1.0]), [-1], axis=0, fill_value=(1, 2))
    assert out.dtype == object and out[0] == (1, 2)


def test_bool_with_fill_becomes_float() -> None:
    # as in current xarray: missing values in boolean data promote it to float64
    out = take_with_fill(np.array([True, False]), [1, -1], axis=0)
    assert out.dtype == np.float64
    assert out[0] == 0.0
    assert np.isnan(out[1])


def test_float32_and_nan_values() -> None:
    arr = np.array([[1.5, np.nan], [3.0, 4.0]], dtype=np.float32)
    out = take_with_fill(arr, [1, -1, 0], axis=1)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, [[np.nan, np.nan, 1.5], [4.0, np.nan, 3.0]])


@pytest.mark.parametrize("dtype", ["M8[ns]", "M8[s]", "m8[ms]"])
def test_datetime_fill_is_nat_of_same_unit(dtype: str) -> None:
    arr = np.array([1, 2, 3]).astype(dtype)
    out = take_with_fill(arr, [2, -1], axis=0)
    assert out.dtype == np.dtype(dtype)
    assert out[0] == arr[2]
    assert np.isnat(out[1])


def test_empty_arrays_and_all_missing() -> None:
    empty = np.zeros((0, 3))
    out = take_with_fill(empty, [-1, -1], axis=0)
    assert out.shape == (2, 3) and np.isnan(out).all()
    assert take_with_fill(empty, [], axis=0).shape == (0, 3)
    assert take_with_fill(np.zeros((2, 0), dtype=int), [1, 0], axis=0).dtype == int
    out = take_with_fill(np.arange(3), [-1, -1, -1], axis=0)
    assert np.isnan(out).all()
    out = take_with_fill(np.array(["a"], dtype=object), [-1], axis=0, fill_value=None)
    assert out.tolist() == [None]


def test_length_one_dims() -> None:
    arr = np.arange(4).reshape(1, 4, 1)
    out = take_with_fill(arr, [0, 0, -1], axis=0, fill_value=-1)
    assert out.shape == (3, 4, 1)
    np.testing.assert_array_equal(out[2], -1)
    np.testing.assert_array_equal(out[0], arr[0])


def test_non_contiguous_input() -> None:
    arr = np.arange(24.0).reshape(4, 6)[:, ::2]
    np.testing.assert_array_equal(take_with_fill(arr, [2, 1], axis=1), arr[:, [2, 1]])


@pytest.mark.parametrize("options", [{"use_numba": False}, {"parallel_threshold": 1}])
def test_numpy_fallback_and_parallel_target_agree(options: dict) -> None:
    arr = RNG.normal(size=(5, 7, 3))
    indexer = np.array([6, -1, 0, 3, -1])
    expected = take_with_fill(arr, indexer, axis=1)
    with set_options(**options):
        np.testing.assert_array_equal(take_with_fill(arr, indexer, axis=1), expected)


def test_bad_indexer_values() -> None:
    with pytest.raises(IndexError, match=r"indexer value -2 at position 1 .* axis 0 of size 3"):
        take_with_fill(np.arange(3), [0, -2], axis=0)
    with pytest.raises(
        IndexError, match=r"indexer value 3 .* valid values are -1 \(missing\) to 2"
    ):
        take_with_fill(np.arange(3), [3], axis=0)
    with pytest.raises(IndexError, match="1-dimensional"):
        take_with_fill(np.arange(3), [[0]], axis=0)


def test_bad_indexer_dtype_and_axis() -> None:
    with pytest.raises(TypeError, match=r"indexer must hold integers.*float64"):
        take_with_fill(np.arange(3), np.array([0.0, 1.0]), axis=0)
    with pytest.raises(TypeError, match=r"indexer must hold integers.*bool"):
        take_with_fill(np.arange(3), np.array([True, False, True]), axis=0)
    with pytest.raises(IndexError, match="axis 2 is out of bounds"):
        take_with_fill(np.arange(3), [0], axis=2)
    with pytest.raises(TypeError, match="axis must be an integer"):
        take_with_fill(np.arange(3), [0], axis="x")
    with pytest.raises(IndexError, match="0-dimensional"):
        take_with_fill(np.array(1), [0], axis=0)


def test_maybe_promote_table() -> None:
    dtype, fill = maybe_promote(np.float32)
    assert dtype == np.float32 and np.isnan(fill)
    assert maybe_promote("int64")[0] == np.float64
    assert maybe_promote("uint8")[0] == np.float32
    assert maybe_promote(bool)[0] == np.float64
    assert maybe_promote("U5")[0] == np.dtype(object)
    dtype, fill = maybe_promote("M8[ms]")
    assert dtype == np.dtype("M8[ms]") and np.isnat(fill) and fill.dtype == dtype
    dtype, fill = maybe_promote("complex64")
    assert dtype == np.complex64 and np.isnan(fill)
    assert repr(NA) == "<NA>"


def test_dask_take_matches_numpy_and_stays_lazy() -> None:
    da = pytest.importorskip("dask.array")
    arr = RNG.integers(0, 50, size=(4, 12))
    darr = da.from_array(arr, chunks=(2, 4))
    indexer = np.array([11, -1, 3, 2, 1, 0, -1, 5, 7, 8])
    out = take_with_fill_dask(darr, indexer, axis=1)
    assert isinstance(out, da.Array)
    assert out.dtype == np.float64
    assert max(out.chunks[1]) <= 4 * 2
    np.testing.assert_array_equal(out.compute(), take_with_fill(arr, indexer, axis=1))
    no_fill = take_with_fill_dask(darr, indexer.clip(0), axis=-1)
    assert no_fill.dtype == arr.dtype
    np.testing.assert_array_equal(no_fill.compute(), arr[:, indexer.clip(0)])


def test_dask_take_all_missing_and_bad_input() -> None:
    da = pytest.importorskip("dask.array")
    darr = da.zeros((3, 0), chunks=2, dtype=int)
    out = take_with_fill_dask(darr, [-1, -1], axis=1, fill_value=7)
    assert out.dtype == int and out.shape == (3, 2)
    np.testing.assert_array_equal(out.compute(), 7)
    with pytest.raises(IndexError, match="out of bounds for axis 1 of size 0"):
        take_with_fill_dask(darr, [0], axis=1)
    with pytest.raises(TypeError, match="in-memory"):
        take_with_fill_dask(darr, da.from_array(np.array([-1])), axis=1)
    strings = da.from_array(np.array(["a", "b", "c"]), chunks=2)
    out = take_with_fill_dask(strings, [2, -1], axis=0)
    assert out.compute().tolist()[0] == "c" and np.isnan(out.compute()[1])


def test_import_does_not_load_numba() -> None:
    code = "import sys, labarray.kernels.take, labarray.aggregations; print('numba' in sys.modules, 'dask' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False"


def test_lazy_njit_compiles_on_first_call() -> None:
    def triple(x):  # type: ignore[no-untyped-def]
        return 3 * x

    kernel = lazy_njit(nogil=True)(triple)
    assert isinstance(kernel, LazyKernel)
    assert kernel.options == {"cache": True, "nogil": True}
    assert not kernel.is_compiled
    assert kernel(2) == 6
    assert kernel.is_compiled
    assert kernel.__name__ == "triple"
    assert "triple" in repr(kernel)
    with pytest.raises(TypeError, match="decorates a function"):
        lazy_njit()(42)
