"""Loops that fill missing values along one axis: forward/backward push and gap interpolation.

Every loop sees the data as a C-ordered ``(pre, n, post)`` view (the filled axis in the middle),
so a fill along the leading axis of ``(time, lat, lon)`` streams memory once, in order, keeping
one running state per column instead of transposing. The wrappers (:func:`push`,
:func:`interpolate_gaps`, :func:`fill_allowed`) do the reshaping, dtype handling and the choice of
the parallel variant; the loops themselves are plain Python compiled lazily by numba
(:mod:`labarray.kernels._compile`).

Conventions:

* "missing" is NaN for floats/complex and, when ``nat`` is true (``datetime64``/``timedelta64``
  data viewed as ``int64``), the NaT sentinel ``-2**63``. Other dtypes have no missing values.
* ``limit`` is the largest number of consecutive missing values filled after a valid one
  (``-1`` for no limit), pandas' and xarray's meaning.
* Push state: ``last_val``/``last_pos`` (``(pre, post)``) hold the last valid value seen and its
  position in *scan order* (``NO_POS``, a large negative number: none yet). They are updated in place, which is what lets a
  Dask array be filled block by block: the state a block ends with is the state the next block
  starts with (see :mod:`labarray.compute.missing`).

>>> import numpy as np
>>> push(np.array([np.nan, 1.0, np.nan, np.nan, 4.0]), axis=0)
array([nan,  1.,  1.,  1.,  4.])
>>> push(np.array([np.nan, 1.0, np.nan, np.nan, 4.0]), axis=0, limit=1, reverse=True)
array([ 1.,  1., nan,  4.,  4.])
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from labarray.kernels._compile import lazy_njit
from labarray.options import OPTIONS

# numba.prange in the compiled parallel variant (see labarray.kernels._compile)
prange = range

__all__ = [
    "INTERP_METHODS",
    "fill_allowed",
    "has_missing_values",
    "interpolate_block",
    "interpolate_gaps",
    "last_valid_state",
    "new_state",
    "push",
    "push_block",
]

#: int64 value of NaT (datetime64/timedelta64 viewed as int64)
NAT = np.iinfo(np.int64).min
#: push-state position meaning "no valid value seen yet" (far below any real position)
NO_POS = -(2**62)
#: gap interpolation methods with a compiled loop (codes passed to ``_interp_loop``)
INTERP_METHODS = {"linear": 0, "nearest": 1}
#: from this many columns on, gaps are interpolated in two streaming passes (one line at a
#: time below: a few columns make each line nearly contiguous already)
STREAM_MIN_COLUMNS = 8
#: columns handled by one task of the push loop (4 KiB of float64: fits L1 with its state)
COLUMN_BLOCK = 512


# --------------------------------------------------------------------------------- the loops
@lazy_njit(nogil=True)
def _push_loop(x, out, limit, nat, reverse, offset, last_val, last_pos):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Forward (or, with ``reverse``, backward) fill of ``x`` into ``out``.

    ``offset`` is the scan-order position of the block's first scanned element, so positions
    stay global when a long axis is processed block by block. The work is split into
    ``(pre, column block)`` tasks so that the parallel variant has work to share even when
    ``pre`` is 1 (a fill along the leading axis). A fill along the last axis (``post == 1``)
    goes to :func:`_push_rows` instead.
    """
    pre, n, post = x.shape
    nb = (post + COLUMN_BLOCK - 1) // COLUMN_BLOCK
    for task in prange(pre * nb):
        p = task // nb
        j0 = (task % nb) * COLUMN_BLOCK
        j1 = min(j0 + COLUMN_BLOCK, post)
        if limit < 0:
            # No limit: the state starts as the missing value, so "carry the last valid value"
            # is a select the compiler vectorises; positions are only needed for the limit.
            for k in range(n):
                i = n - 1 - k if reverse else k
                # slices and a loop from 0 let LLVM prove the indices non-negative: it vectorises
                row = x[p, i, j0:j1]
                dest = out[p, i, j0:j1]
                state = last_val[p, j0:j1]
                if nat:
                    for j in range(row.shape[0]):
                        v = row[j]
                        s = state[j]
                        lv = v if v != NAT else s
                        state[j] = lv
                        dest[j] = lv
                else:
                    for j in range(row.shape[0]):
                        v = row[j]
                        s = state[j]
                        lv = v if v == v else s
                        state[j] = lv
                        dest[j] = lv
            continue
        for k in range(n):
            i = n - 1 - k if reverse else k
            g = offset + k
            row = x[p, i, j0:j1]
            dest = out[p, i, j0:j1]
            state = last_val[p, j0:j1]
            where = last_pos[p, j0:j1]
            for j in range(row.shape[0]):
                v = row[j]
                s = state[j]
                w = where[j]
                keep = (v != NAT) if nat else (v == v)
                lv = v if keep else s
                lw = g if keep else w
                state[j] = lv
                where[j] = lw
                # NO_POS is so negative that g - lw exceeds any limit until a value is seen
                dest[j] = lv if g - lw <= limit else v


@lazy_njit(nogil=True)
def _push_rows(x, out, limit, nat, reverse, offset, last_val, last_pos):  # type: ignore[no-untyped-def]  # pragma: no cover
    """:func:`_push_loop` for ``x[rows, n]`` (a fill along the last axis): state in registers."""
    rows, n = x.shape
    for p in prange(rows):
        lv = last_val[p]
        lp = last_pos[p]
        for k in range(n):
            i = n - 1 - k if reverse else k
            v = x[p, i]
            # selects rather than branches: missing values come in no predictable order
            keep = (v != NAT) if nat else (v == v)
            lv = v if keep else lv
            lp = offset + k if keep else lp
            out[p, i] = lv if (limit < 0 or offset + k - lp <= limit) else v
        last_val[p] = lv
        last_pos[p] = lp


@lazy_njit(nogil=True)
def _last_valid_loop(x, nat, reverse, offset, last_val, last_pos):  # type: ignore[no-untyped-def]  # pragma: no cover
    """The push state at the end of the block, without writing a filled copy."""
    pre, n, _ = x.shape
    for p in prange(pre):
        state = last_val[p]
        where = last_pos[p]
        for k in range(n):
            i = n - 1 - k if reverse else k
            g = offset + k
            row = x[p, i]
            for j in range(row.shape[0]):
                v = row[j]
                keep = (v != NAT) if nat else (v == v)
                s = state[j]
                w = where[j]
                state[j] = v if keep else s
                where[j] = g if keep else w


@lazy_njit(nogil=True)
def _interp_loop(y, x, out, method, limit, max_gap, offset, left_val, left_pos, right_val, right_pos):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Fill interior gaps of each line of ``y`` by linear (0) or nearest (1) interpolation.

    ``y`` is a block of the axis starting at global position ``offset``; ``x`` (float64,
    increasing) is the coordinate of the *whole* axis. ``left_*``/``right_*`` (``(pre, post)``)
    are the nearest valid value and global position before and after the block (a negative
    position: none), so a gap crossing block boundaries is filled as if the axis were whole.
    A missing value is filled when it has valid values on both sides, is at most ``limit``
    positions after the previous one (``limit < 0``: any) and the gap's extent
    ``x[next] - x[prev]`` is at most ``max_gap``. Nearest ties go to the lower coordinate (as
    ``scipy.interpolate.interp1d(kind="nearest")``).
    """
    pre, n, post = y.shape
    for p in prange(pre):
        for j in range(post):
            prev = left_pos[p, j]
            y0 = left_val[p, j]
            i = 0
            while i < n:
                v = y[p, i, j]
                out[p, i, j] = v
                if v == v:
                    prev = offset + i
                    y0 = v
                    i += 1
                    continue
                q = i + 1
                while q < n and y[p, q, j] != y[p, q, j]:
                    q += 1
                for k in range(i + 1, q):
                    out[p, k, j] = y[p, k, j]
                if q < n:
                    nxt = offset + q
                    y1 = y[p, q, j]
                else:
                    nxt = right_pos[p, j]
                    y1 = right_val[p, j]
                if prev >= 0 and nxt >= 0 and x[nxt] - x[prev] <= max_gap:
                    x0 = x[prev]
                    x1 = x[nxt]
                    for k in range(i, q):
                        g = offset + k
                        if limit >= 0 and g - prev > limit:
                            break
                        if method == 0:
                            # weights from the two ends keep exact values at both of them
                            t = (x[g] - x0) / (x1 - x0)
                            out[p, k, j] = y0 * (1.0 - t) + y1 * t
                        elif x[g] - x0 <= x1 - x[g]:
                            out[p, k, j] = y0
                        else:
                            out[p, k, j] = y1
                i = q


@lazy_njit(nogil=True)
def _interp_columns(y, x, out, aux, method, limit, max_gap, offset, left_val, left_pos, right_val, right_pos):  # type: ignore[no-untyped-def]  # pragma: no cover
    """:func:`_interp_loop` in two streaming passes over memory, for many short-strided lines.

    The forward pass writes the previous valid value into ``out`` and its position into
    ``aux``; the backward pass, carrying the next valid value, replaces each missing value
    by the interpolation between the two (or leaves it missing). Both passes read the
    ``(pre, n, post)`` block row after row, so a fill along the leading axis of
    ``(time, lat, lon)`` never strides through memory.
    """
    pre, n, _ = y.shape
    for p in prange(pre):
        prev_val = left_val[p].copy()
        prev_pos = left_pos[p].copy()
        for i in range(n):
            row = y[p, i]
            dest = out[p, i]
            where = aux[p, i]
            g = offset + i
            for j in range(row.shape[0]):
                v = row[j]
                keep = v == v
                pv = v if keep else prev_val[j]
                pp = g if keep else prev_pos[j]
                prev_val[j] = pv
                prev_pos[j] = pp
                dest[j] = pv
                where[j] = pp
        next_val = right_val[p].copy()
        next_pos = right_pos[p].copy()
        for i in range(n - 1, -1, -1):
            row = y[p, i]
            dest = out[p, i]
            where = aux[p, i]
            g = offset + i
            for j in range(row.shape[0]):
                v = row[j]
                if v == v:
                    next_val[j] = v
                    next_pos[j] = g
                    continue
                prev = where[j]
                nxt = next_pos[j]
                if (
                    prev >= 0 and nxt >= 0 and (limit < 0 or g - prev <= limit)
                    and x[nxt] - x[prev] <= max_gap
                ):
                    x0 = x[prev]
                    x1 = x[nxt]
                    if method == 0:
                        t = (x[g] - x0) / (x1 - x0)
                        dest[j] = dest[j] * (1.0 - t) + next_val[j] * t
                    elif x[g] - x0 > x1 - x[g]:
                        dest[j] = next_val[j]
                    # nearest and closer to (or tied with) the previous value: already there
                else:
                    dest[j] = v


@lazy_njit(nogil=True)
def _allowed_loop(y, x, limit, max_gap, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """``out[p, i, j]`` is True where a fill may go (see :func:`fill_allowed`)."""
    pre, n, post = y.shape
    for p in prange(pre):
        for j in range(post):
            prev = -1
            i = 0
            while i < n:
                if y[p, i, j] == y[p, i, j]:
                    out[p, i, j] = True
                    prev = i
                    i += 1
                    continue
                q = i + 1
                while q < n and y[p, q, j] != y[p, q, j]:
                    q += 1
                # a gap touching an end is measured from/to the end coordinate
                start = x[prev] if prev >= 0 else x[0]
                stop = x[q] if q < n else x[n - 1]
                ok_gap = stop - start <= max_gap
                for k in range(i, q):
                    ok_limit = limit < 0 or k - prev <= limit
                    out[p, k, j] = ok_gap and ok_limit
                i = q


# ----------------------------------------------------------------------------- the wrappers
def _as_3d(arr: np.ndarray, axis: int) -> np.ndarray:
    pre = math.prod(arr.shape[:axis])
    post = math.prod(arr.shape[axis + 1 :])
    return arr.reshape(pre, arr.shape[axis], post)


def _kernel_view(arr: np.ndarray) -> tuple[np.ndarray, bool]:
    """C-ordered data the loops can read, and whether it is datetime-like (NaT sentinel)."""
    arr = np.ascontiguousarray(arr)
    if arr.dtype.kind in "mM":
        return arr.view(np.int64), True
    return arr, False


def has_missing_values(dtype: np.dtype[Any]) -> bool:
    """Whether data of ``dtype`` can hold missing values (NaN, NaT or None).

    Examples
    --------
    >>> has_missing_values(np.dtype("int64")), has_missing_values(np.dtype("M8[ns]"))
    (False, True)
    """
    return np.dtype(dtype).kind in "fcmMO"


def _dispatch(kernel: Any, size: int) -> Any:
    return kernel.dispatcher(parallel=size >= OPTIONS["parallel_threshold"])


def _check_limit(limit: int | None) -> int:
    if limit is None:
        return -1
    if isinstance(limit, bool) or not isinstance(limit, (int, np.integer)):
        raise TypeError(f"limit must be a positive integer or None, got {limit!r}")
    if limit < 1:
        raise ValueError(f"limit must be a positive integer or None, got {limit}")
    return int(limit)


def push_block(
    arr: np.ndarray,
    axis: int,
    limit: int | None,
    reverse: bool,
    offset: int,
    last_val: np.ndarray,
    last_pos: np.ndarray,
) -> np.ndarray:
    """Fill one block starting from a push state; ``last_val``/``last_pos`` are updated in place.

    Parameters
    ----------
    arr : numpy.ndarray
        Data with a missing-value dtype other than object.
    axis : int
        Axis to fill along (non-negative).
    limit : int or None
        Largest run of missing values filled.
    reverse : bool
        Fill backward (scan from the end of the axis).
    offset : int
        Scan-order position of the block's first scanned element.
    last_val, last_pos : numpy.ndarray
        Push state of shape ``(pre, post)`` (see the module docstring).

    Returns
    -------
    numpy.ndarray
        The filled block (a new array).

    Examples
    --------
    >>> state = np.full((1, 1), 7.0), np.zeros((1, 1), dtype=np.int64)
    >>> push_block(np.array([np.nan, 2.0]), 0, None, False, 1, *state)
    array([7., 2.])
    """
    data, nat = _kernel_view(arr)
    out = np.empty_like(data)
    x3, out3 = _as_3d(data, axis), _as_3d(out, axis)
    if x3.shape[2] == 1:
        _dispatch(_push_rows, data.size)(
            x3[:, :, 0], out3[:, :, 0], _check_limit(limit), nat, reverse, offset,
            last_val[:, 0], last_pos[:, 0],
        )
    else:
        _dispatch(_push_loop, data.size)(
            x3, out3, _check_limit(limit), nat, reverse, offset, last_val, last_pos
        )
    return out.view(arr.dtype)


def new_state(shape: tuple[int, ...], axis: int, dtype: np.dtype[Any]) -> tuple[np.ndarray, np.ndarray]:
    """An empty push state (no valid value seen) for data of ``shape`` filled along ``axis``.

    The values start as the missing value (NaN, or NaT as ``int64``) and the positions as
    :data:`NO_POS`.

    Examples
    --------
    >>> [a.shape for a in new_state((2, 5, 3), 1, np.dtype("f8"))]
    [(2, 3), (2, 3)]
    """
    pre = math.prod(shape[:axis])
    post = math.prod(shape[axis + 1 :])
    if np.dtype(dtype).kind in "mM":
        values = np.full((pre, post), NAT, dtype=np.int64)
    else:
        values = np.full((pre, post), np.nan, dtype=dtype)
    return values, np.full((pre, post), NO_POS, dtype=np.int64)


def last_valid_state(
    arr: np.ndarray, axis: int, reverse: bool, offset: int
) -> tuple[np.ndarray, np.ndarray]:
    """The push state after scanning ``arr`` from an empty state.

    Returns ``(last_val, last_pos)`` of shape ``(pre, post)``; ``last_pos`` is negative where the
    block has no valid value.

    Examples
    --------
    >>> last_valid_state(np.array([1.0, 2.0, np.nan]), 0, False, 10)
    (array([[2.]]), array([[11]]))
    """
    data, nat = _kernel_view(arr)
    last_val, last_pos = new_state(arr.shape, axis, arr.dtype)
    _dispatch(_last_valid_loop, data.size)(
        _as_3d(data, axis), nat, reverse, offset, last_val, last_pos
    )
    return last_val, last_pos


def _push_object(arr: np.ndarray, axis: int, limit: int, reverse: bool) -> np.ndarray:
    """Push for object data (None/NaN/NaT missing), with NumPy index arithmetic."""
    data = np.flip(arr, axis) if reverse else arr
    valid = ~np.asarray(pd.isnull(data), dtype=bool)
    shape = [1] * data.ndim
    shape[axis] = data.shape[axis]
    positions = np.arange(data.shape[axis]).reshape(shape)
    last = np.maximum.accumulate(np.where(valid, positions, -1), axis=axis)
    use = last >= 0
    if limit >= 0:
        use &= positions - last <= limit
    gathered = np.take_along_axis(data, np.maximum(last, 0), axis=axis)
    out = np.where(use, gathered, data)
    return np.flip(out, axis) if reverse else out


def push(arr: np.ndarray, axis: int, limit: int | None = None, reverse: bool = False) -> np.ndarray:
    """Propagate the last valid value along ``axis`` over missing values (forward fill).

    Parameters
    ----------
    arr : numpy.ndarray
        Data of any dtype; dtypes without missing values come back unchanged (a copy).
    axis : int
        Axis to fill along.
    limit : int, optional
        Largest number of consecutive missing values filled after a valid value.
    reverse : bool, default: False
        Backward fill (propagate the next valid value instead).

    Returns
    -------
    numpy.ndarray
        A new array with the dtype of ``arr``.

    Examples
    --------
    >>> push(np.array([[np.nan, 1.0, np.nan]]), axis=1)
    array([[nan,  1.,  1.]])
    """
    arr = np.asarray(arr)
    axis = axis % arr.ndim if arr.ndim else 0
    lim = _check_limit(limit)
    if not has_missing_values(arr.dtype) or arr.size == 0:
        return arr.copy()
    if arr.dtype.kind == "O":
        return _push_object(arr, axis, lim, reverse)
    last_val, last_pos = new_state(arr.shape, axis, arr.dtype)
    return push_block(arr, axis, limit, reverse, 0, last_val, last_pos)


def _coordinate(x: np.ndarray, n: int) -> np.ndarray:
    x = np.ascontiguousarray(x, dtype=np.float64)
    if x.shape != (n,):
        raise ValueError(f"the coordinate has shape {x.shape}, expected ({n},)")
    return x


def interpolate_gaps(
    arr: np.ndarray,
    x: np.ndarray,
    axis: int,
    method: str = "linear",
    limit: int | None = None,
    max_gap: float | None = None,
) -> np.ndarray:
    """Fill missing values between valid ones by linear or nearest interpolation along ``axis``.

    Values before the first and after the last valid one stay missing (no extrapolation).

    Parameters
    ----------
    arr : numpy.ndarray
        Float or complex data.
    x : numpy.ndarray
        Increasing float coordinate of ``axis``.
    axis : int
        Axis to interpolate along.
    method : {"linear", "nearest"}, default: "linear"
        Interpolation between the two valid neighbours.
    limit : int, optional
        Fill at most this many values after each valid one.
    max_gap : float, optional
        Fill only gaps whose extent ``x[next valid] - x[previous valid]`` is at most this.

    Returns
    -------
    numpy.ndarray
        A new array with the dtype of ``arr``.

    Examples
    --------
    >>> interpolate_gaps(np.array([0.0, np.nan, np.nan, 3.0]), np.arange(4.0), 0)
    array([0., 1., 2., 3.])
    """
    arr = np.asarray(arr)
    axis = axis % arr.ndim
    empty = new_state(arr.shape, axis, arr.dtype)
    return interpolate_block(arr, x, axis, 0, method, limit, max_gap, empty, empty)


def interpolate_block(
    arr: np.ndarray,
    x: np.ndarray,
    axis: int,
    offset: int,
    method: str,
    limit: int | None,
    max_gap: float | None,
    left: tuple[np.ndarray, np.ndarray],
    right: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """:func:`interpolate_gaps` of one block of a longer axis, given its valid neighbours.

    Parameters
    ----------
    arr : numpy.ndarray
        The block (float or complex).
    x : numpy.ndarray
        Increasing float coordinate of the whole axis.
    axis, offset : int
        The axis, and the global position of the block's first element along it.
    method, limit, max_gap :
        As in :func:`interpolate_gaps`.
    left, right : tuple of numpy.ndarray
        ``(values, global positions)`` of shape ``(pre, post)``: the last valid value before
        the block and the first one after it (negative position: none).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> left = np.array([[0.0]]), np.array([[0]])
    >>> right = np.array([[4.0]]), np.array([[4]])
    >>> interpolate_block(np.array([np.nan, 2.0, np.nan]), np.arange(5.0), 0, 1, "linear",
    ...                   None, None, left, right)
    array([1., 2., 3.])
    """
    if method not in INTERP_METHODS:
        raise ValueError(f"method must be one of {sorted(INTERP_METHODS)}, got {method!r}")
    arr = np.ascontiguousarray(arr)
    axis = axis % arr.ndim
    xs = np.ascontiguousarray(x, dtype=np.float64)
    if xs.ndim != 1 or xs.shape[0] < offset + arr.shape[axis]:
        raise ValueError(
            f"the coordinate has shape {xs.shape}, expected ({offset + arr.shape[axis]},) or longer"
        )
    out = np.empty_like(arr)
    if not arr.size:
        return out
    y3, out3 = _as_3d(arr, axis), _as_3d(out, axis)
    args = (
        INTERP_METHODS[method], _check_limit(limit), np.inf if max_gap is None else float(max_gap),
        offset, left[0], left[1], right[0], right[1],
    )
    if y3.shape[2] >= STREAM_MIN_COLUMNS:
        aux = np.empty(y3.shape, dtype=np.int64)
        _dispatch(_interp_columns, arr.size)(y3, xs, out3, aux, *args)
    else:
        _dispatch(_interp_loop, arr.size)(y3, xs, out3, *args)
    return out


def fill_allowed(
    arr: np.ndarray, x: np.ndarray, axis: int, limit: int | None = None, max_gap: float | None = None
) -> np.ndarray:
    """Where an interpolated value may replace a missing one under ``limit`` and ``max_gap``.

    True at valid values; at a missing value True when it is at most ``limit`` positions after
    the previous valid value (or the start of the axis) and its gap spans at most ``max_gap`` in
    ``x`` (a gap touching an end of the axis is measured to that end's coordinate).

    Examples
    --------
    >>> fill_allowed(np.array([1.0, np.nan, np.nan, np.nan, 5.0]), np.arange(5.0), 0, limit=2)
    array([ True,  True,  True, False,  True])
    """
    arr = np.ascontiguousarray(arr)
    axis = axis % arr.ndim
    xs = _coordinate(x, arr.shape[axis])
    out = np.empty(arr.shape, dtype=bool)
    if arr.size:
        _dispatch(_allowed_loop, arr.size)(
            _as_3d(arr, axis), xs, _check_limit(limit),
            np.inf if max_gap is None else float(max_gap), _as_3d(out, axis),
        )
    return out
