"""Gather along one axis where ``-1`` means "missing": the engine behind reindex and align.

``take_with_fill(arr, indexer, axis, fill_value)`` is ``np.take`` plus one rule: a ``-1`` in
``indexer`` yields ``fill_value`` instead of the last element. The dtype of the result is only
promoted when a fill is actually needed and ``fill_value`` does not fit ``arr.dtype`` (so integers
stay integers when every label was found).

The inner loop is a small numba kernel over a 3-D view ``(outer, axis, inner)`` of the C-ordered
data; dtypes numba does not handle (object, strings, float16) go through ``np.take`` plus a masked
assignment. ``datetime64``/``timedelta64`` data run through the kernel as ``int64``.

>>> import numpy as np
>>> take_with_fill(np.array([10, 20, 30]), np.array([2, -1, 0]), axis=0)
array([30., nan, 10.])
>>> take_with_fill(np.array([10, 20, 30]), np.array([2, 0]), axis=0)
array([30, 10])
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from labarray.kernels._compile import lazy_njit
from labarray.options import OPTIONS

# numba.prange inside the compiled kernel (see labarray.kernels._compile)
prange = range

__all__ = ["NA", "maybe_promote", "result_dtype", "take_with_fill", "take_with_fill_dask"]


class _NAType:
    """Sentinel type of :data:`NA`: "the missing value of the data's (promoted) dtype"."""

    _instance: _NAType | None = None

    def __new__(cls) -> _NAType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<NA>"

    def __reduce__(self) -> str:
        return "NA"


#: Sentinel fill value: use the default missing value of the dtype (see :func:`maybe_promote`).
NA = _NAType()


def maybe_promote(dtype: np.dtype[Any] | type | str) -> tuple[np.dtype[Any], Any]:
    """Return the dtype able to hold a missing value for ``dtype``, and that missing value.

    Parameters
    ----------
    dtype
        The dtype of the data.

    Returns
    -------
    dtype, fill_value
        floats and complex keep their dtype (NaN); ``int8``/``int16``/``uint8``/``uint16`` become
        ``float32`` and wider integers ``float64`` (NaN); ``datetime64``/``timedelta64`` keep their
        dtype (``NaT`` of the same unit); bools become ``float64`` (as in current xarray);
        strings, bytes and objects become ``object`` (NaN).

    Examples
    --------
    >>> maybe_promote(np.dtype("int64"))
    (dtype('float64'), nan)
    >>> maybe_promote(np.dtype("M8[s]"))
    (dtype('<M8[s]'), np.datetime64('NaT','s'))
    """
    dtype = np.dtype(dtype)
    kind = dtype.kind
    if kind == "f":
        return dtype, np.nan
    if kind == "c":
        return dtype, complex(np.nan, np.nan)
    if kind in "iu":
        return np.dtype(np.float32 if dtype.itemsize <= 2 else np.float64), np.nan
    if kind == "b":
        return np.dtype(np.float64), np.nan
    if kind in "mM":
        return dtype, np.array("NaT", dtype=dtype)[()]
    return np.dtype(object), np.nan


def _fits(dtype: np.dtype[Any], fill_value: Any) -> bool:
    """Whether ``fill_value`` can be stored in ``dtype`` without changing its value."""
    if dtype.kind == "O":
        return True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cast = np.array(fill_value, dtype=dtype)
            original = np.asarray(fill_value)
            if cast.shape != () or original.dtype.kind == "O":
                return False
            if dtype.kind in "mM" and original.dtype.kind not in "mM":
                return False
            return bool(np.array_equal(cast, original, equal_nan=original.dtype.kind in "fcmM"))
    except (TypeError, ValueError, OverflowError):
        return False


def result_dtype(dtype: np.dtype[Any], fill_value: Any) -> tuple[np.dtype[Any], Any]:
    """Return ``(dtype, fill_value)`` of a gather that needs at least one fill.

    ``fill_value`` is kept as given when it fits ``dtype``; :data:`NA` means the dtype's default
    missing value (:func:`maybe_promote`); anything else promotes like NumPy would, falling back
    to ``object``.

    Examples
    --------
    >>> result_dtype(np.dtype("int32"), 0)
    (dtype('int32'), 0)
    >>> result_dtype(np.dtype("int32"), 1.5)
    (dtype('float64'), 1.5)
    >>> result_dtype(np.dtype("bool"), NA)
    (dtype('float64'), nan)
    """
    dtype = np.dtype(dtype)
    if fill_value is NA:
        return maybe_promote(dtype)
    if _fits(dtype, fill_value):
        return dtype, fill_value
    try:
        promoted = np.result_type(dtype, np.asarray(fill_value))
    except TypeError:
        promoted = np.dtype(object)
    if promoted.kind in "USV" or not _fits(promoted, fill_value):
        promoted = np.dtype(object)
    return promoted, fill_value


@lazy_njit(nogil=True)
def _take_kernel(src, indexer, fill, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    # src is (outer, n, inner), out is (outer, m, inner). One flat loop over (outer, m) so that
    # the parallel variant (prange, see _run_kernel) splits the work evenly whichever axis is
    # taken; the innermost loop copies a contiguous run of ``inner`` elements.
    m = indexer.shape[0]
    inner = src.shape[2]
    for t in prange(src.shape[0] * m):
        i = t // m
        j = t - i * m
        k = indexer[j]
        if k < 0:
            for q in range(inner):
                out[i, j, q] = fill
        else:
            for q in range(inner):
                out[i, j, q] = src[i, k, q]


_KERNEL_KINDS = frozenset("biufc")


def _kernel_view(arr: np.ndarray) -> np.ndarray | None:
    """Return ``arr`` (or its int64 view for datetimes) when the numba kernel can handle it."""
    if arr.dtype.kind in "mM":
        return arr.view(np.int64)
    if (arr.dtype.kind in _KERNEL_KINDS and arr.dtype.itemsize > 2) or arr.dtype.kind in "biu":
        return arr
    return None


def _validate(arr: Any, indexer: Any, axis: Any) -> tuple[np.ndarray, int]:
    ndim = getattr(arr, "ndim", None)
    if ndim is None:
        raise TypeError(f"take_with_fill expects an array, got {type(arr).__name__}")
    if ndim == 0:
        raise IndexError("cannot take along an axis of a 0-dimensional array")
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"axis must be an integer, got {axis!r}")
    axis = int(np.lib.array_utils.normalize_axis_index(int(axis), ndim))
    indexer = np.asarray(indexer)
    if indexer.dtype.kind not in "iu":
        if indexer.size == 0 and indexer.dtype.kind in "fO":
            indexer = indexer.astype(np.intp)
        else:
            raise TypeError(
                f"indexer must hold integers (positions, -1 for missing), got dtype {indexer.dtype}"
            )
    if indexer.ndim != 1:
        raise IndexError(f"indexer must be 1-dimensional, got shape {indexer.shape}")
    n = arr.shape[axis]
    if indexer.size:
        bad = (indexer < -1) | (indexer >= n)
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            raise IndexError(
                f"indexer value {int(indexer[pos])} at position {pos} is out of bounds for axis "
                f"{axis} of size {n}; valid values are -1 (missing) to {n - 1}"
            )
    return indexer.astype(np.intp, copy=False), axis


def take_with_fill(arr: np.ndarray, indexer: Any, axis: int, fill_value: Any = NA) -> np.ndarray:
    """Gather ``arr`` along ``axis`` at ``indexer``; positions equal to ``-1`` get ``fill_value``.

    Parameters
    ----------
    arr : numpy.ndarray
        The data, at least 1-dimensional.
    indexer : array-like of int
        1-D positions along ``axis``, each in ``[-1, arr.shape[axis])``; ``-1`` marks a missing
        position.
    axis : int
        The axis to gather along (negative values count from the end).
    fill_value : scalar, default: NA
        Value of the missing positions; :data:`NA` uses the dtype's missing value
        (:func:`maybe_promote`).

    Returns
    -------
    numpy.ndarray
        Shape ``arr.shape`` with ``arr.shape[axis]`` replaced by ``len(indexer)``. Its dtype is
        ``arr.dtype`` unless a fill is needed and ``fill_value`` does not fit (see
        :func:`result_dtype`).

    Raises
    ------
    TypeError
        ``indexer`` does not hold integers, or ``axis`` is not an integer.
    IndexError
        ``indexer`` is not 1-D or has values outside ``[-1, n)``, or ``axis`` is out of range.

    Examples
    --------
    >>> arr = np.arange(6).reshape(2, 3)
    >>> take_with_fill(arr, [2, -1], axis=1)
    array([[ 2., nan],
           [ 5., nan]])
    >>> take_with_fill(arr, [-1, 0], axis=0, fill_value=-99)
    array([[-99, -99, -99],
           [  0,   1,   2]])
    """
    arr = np.asarray(arr)
    indexer, axis = _validate(arr, indexer, axis)
    missing = indexer < 0
    if missing.any():
        dtype, fill = result_dtype(arr.dtype, fill_value)
    else:
        dtype, fill = arr.dtype, None
    out_shape = arr.shape[:axis] + (indexer.size,) + arr.shape[axis + 1 :]
    if math.prod(out_shape) == 0:
        return np.empty(out_shape, dtype=dtype)

    src = _kernel_view(arr)
    use_kernel = (
        OPTIONS["use_numba"]
        and src is not None
        and (dtype == arr.dtype or (arr.dtype.kind in "biuf" and dtype.kind in "fc"))
        and not (dtype.kind == "f" and dtype.itemsize == 2)
    )
    if not use_kernel:
        return _take_numpy(arr, indexer, missing, axis, dtype, fill, out_shape)

    outer = math.prod(arr.shape[:axis])
    inner = math.prod(arr.shape[axis + 1 :])
    out = np.empty(out_shape, dtype=dtype)
    out_view = out.view(np.int64) if dtype.kind in "mM" else out
    # Fill as the kernel's element type: NaT becomes int64 min, a float fill keeps its value.
    fill_scalar = np.asarray(fill if fill is not None else 0, dtype=dtype)
    if dtype.kind in "mM":
        fill_scalar = fill_scalar.view(np.int64)
    _run_kernel(
        np.ascontiguousarray(src).reshape(outer, arr.shape[axis], inner),
        indexer,
        fill_scalar[()],
        out_view.reshape(outer, indexer.size, inner),
    )
    return out


def _run_kernel(src: np.ndarray, indexer: np.ndarray, fill: Any, out: np.ndarray) -> None:
    """Run the gather kernel, on numba's parallel target only when the output is large."""
    if out.size >= OPTIONS["parallel_threshold"]:
        _take_kernel.dispatcher(parallel=True)(src, indexer, fill, out)
    else:
        _take_kernel(src, indexer, fill, out)


def _take_numpy(
    arr: np.ndarray,
    indexer: np.ndarray,
    missing: np.ndarray,
    axis: int,
    dtype: np.dtype[Any],
    fill: Any,
    out_shape: tuple[int, ...],
) -> np.ndarray:
    """``np.take`` plus a masked assignment, for dtypes the kernel does not handle."""
    if arr.shape[axis] == 0:  # only -1 can index an empty axis: everything is fill
        out = np.empty(out_shape, dtype=dtype)
    else:
        out = np.take(arr, np.where(missing, 0, indexer), axis=axis).astype(dtype, copy=False)
    if missing.any():
        key = (slice(None),) * axis + (missing,)
        if dtype.kind == "O":
            # assign element by element so sequences are stored as one value each
            sub = np.empty(out[key].shape, dtype=object)
            sub.fill(fill)
            out[key] = sub
        else:
            out[key] = fill
    return out


def take_with_fill_dask(darr: Any, indexer: Any, axis: int, fill_value: Any = NA) -> Any:
    """Lazy :func:`take_with_fill` of a Dask array; the result stays a Dask array.

    The gather of the valid positions uses Dask's own indexing (which keeps output chunks along
    ``axis`` close to the input chunk sizes); the fills are then applied block by block.

    Parameters
    ----------
    darr : dask.array.Array
        The data.
    indexer : array-like of int
        In-memory 1-D positions, ``-1`` for missing (see :func:`take_with_fill`).
    axis : int
        The axis to gather along.
    fill_value : scalar, default: NA
        Value of the missing positions.

    Returns
    -------
    dask.array.Array

    Examples
    --------
    >>> import dask.array as da
    >>> x = da.arange(6, chunks=3)
    >>> take_with_fill_dask(x, [5, -1, 0], axis=0).compute()
    array([ 5., nan,  0.])
    """
    from labarray.parallel.chunkmanager import dask_array, is_chunked_array

    if is_chunked_array(indexer):
        raise TypeError("indexer must be an in-memory array, not a Dask array; compute it first")
    da = dask_array()
    indexer, axis = _validate(darr, indexer, axis)
    missing = indexer < 0
    if not missing.any():
        return darr[(slice(None),) * axis + (indexer,)]
    dtype, fill = result_dtype(darr.dtype, fill_value)
    out_shape = darr.shape[:axis] + (indexer.size,) + darr.shape[axis + 1 :]
    if darr.shape[axis] == 0 or missing.all():
        axis_chunks = _split(indexer.size, max(darr.chunks[axis], default=indexer.size))
        chunks = darr.chunks[:axis] + (axis_chunks,) + darr.chunks[axis + 1 :]
        return da.full(out_shape, fill, dtype=dtype, chunks=chunks)
    taken = darr[(slice(None),) * axis + (np.where(missing, 0, indexer),)]

    def fill_block(block: np.ndarray, block_info: dict[Any, Any] | None = None) -> np.ndarray:
        assert block_info is not None
        start, stop = block_info[None]["array-location"][axis]
        mask = missing[start:stop]
        out = block.astype(dtype, copy=True)
        if mask.any():
            key = (slice(None),) * axis + (mask,)
            if dtype.kind == "O":
                sub = np.empty(out[key].shape, dtype=object)
                sub.fill(fill)
                out[key] = sub
            else:
                out[key] = fill
        return out

    return taken.map_blocks(fill_block, dtype=dtype, meta=np.empty((0,) * darr.ndim, dtype=dtype))


def _split(size: int, chunk: int) -> tuple[int, ...]:
    """Split ``size`` elements into blocks of ``chunk`` (the last one shorter)."""
    if size == 0:
        return (0,)
    chunk = max(chunk, 1)
    full, rest = divmod(size, chunk)
    return (chunk,) * full + ((rest,) if rest else ())
