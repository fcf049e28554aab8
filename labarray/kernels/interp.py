"""Linear and nearest-neighbour interpolation kernels on plain ndarrays.

Interpolation is split in two steps:

1. *weights* (cheap, NumPy, size of the coordinates only): for every new coordinate value
   ``xi[j]`` find the two neighbouring source positions ``lo[j]``/``hi[j]`` and the weight
   ``w[j]`` of ``hi`` (:func:`linear_weights`), or the single nearest position
   (:func:`nearest_positions`). A position of ``-1`` means "outside the source range": the
   result there is the fill value. Unsorted source coordinates are handled here, by mapping
   the positions of the sorted coordinate back through the sorting permutation, so the data
   is never reordered.
2. *apply* (:func:`interp_axis`): the data is viewed as ``(pre, n, post)`` around the
   interpolated axis and the kernel writes ``out[p, j, q]`` streaming the source in memory
   order (for each ``p`` and ``j`` it reads the two contiguous rows ``a[p, lo[j], :]`` and
   ``a[p, hi[j], :]``), so no axis is moved and no copy is made. The flattened ``(p, j)`` loop
   runs in parallel when the array is large.

Several orthogonal dimensions are interpolated one after the other (multilinear interpolation
on a grid is the tensor product of 1-D linear interpolations). Pointwise interpolation (several
coordinates sharing one new dimension) gathers the ``2**d`` corners of each point
(:func:`interp_points`).

Numerical choices: weights are float64; the value at ``w == 0`` (``w == 1``) is the ``lo``
(``hi``) sample alone, so interpolating exactly at a source coordinate returns the sample even
when its neighbour is NaN; duplicated source coordinates get weight 0.

>>> import numpy as np
>>> lo, hi, w = linear_weights(np.array([0.0, 1.0, 2.0]), np.array([0.5, 2.0, 3.0]))
>>> lo.tolist(), hi.tolist(), w.tolist()
([0, 1, -1], [1, 2, 2], [0.5, 1.0, 0.0])
>>> interp_axis(np.array([0.0, 10.0, 20.0]), 0, lo, hi, w)
array([ 5., 20., nan])
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from labarray.kernels._compile import lazy_njit
from labarray.kernels.cftime_values import is_cftime_values

# numba.prange inside the compiled kernel (see labarray.kernels._compile)
prange = range

__all__ = [
    "interp_axis",
    "interp_points",
    "linear_weights",
    "nearest_positions",
    "result_dtype",
    "to_float_coordinates",
]

#: above this many output elements the parallel variant of the kernel is used
PARALLEL_THRESHOLD = 200_000


@lazy_njit(nogil=True)
def _linear_kernel(a, lo, hi, w, fill, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    npre = a.shape[0]
    npost = a.shape[2]
    m = lo.shape[0]
    for t in prange(npre * m):
        p = t // m
        j = t - p * m
        i0 = lo[j]
        if i0 < 0:
            for q in range(npost):
                out[p, j, q] = fill
            continue
        i1 = hi[j]
        wj = w[j]
        if wj == 0.0:
            for q in range(npost):
                out[p, j, q] = a[p, i0, q]
        elif wj == 1.0:
            for q in range(npost):
                out[p, j, q] = a[p, i1, q]
        else:
            # a0 + w * (a1 - a0): one multiplication per element, exact at both ends
            for q in range(npost):
                a0 = a[p, i0, q]
                out[p, j, q] = a0 + wj * (a[p, i1, q] - a0)


@lazy_njit(nogil=True)
def _nearest_kernel(a, idx, fill, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    npre = a.shape[0]
    npost = a.shape[2]
    m = idx.shape[0]
    for t in prange(npre * m):
        p = t // m
        j = t - p * m
        i0 = idx[j]
        if i0 < 0:
            for q in range(npost):
                out[p, j, q] = fill
        else:
            for q in range(npost):
                out[p, j, q] = a[p, i0, q]


@lazy_njit(nogil=True)
def _linear_kernel_last(a, lo, hi, w, fill, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    # the interpolated axis is the last one (a and out are 2-D): one tight gather loop per row
    npre = a.shape[0]
    m = lo.shape[0]
    for p in prange(npre):
        for j in range(m):
            i0 = lo[j]
            if i0 < 0:
                out[p, j] = fill
            else:
                wj = w[j]
                a0 = a[p, i0]
                if wj == 0.0:
                    out[p, j] = a0
                elif wj == 1.0:
                    out[p, j] = a[p, hi[j]]
                else:
                    out[p, j] = a0 + wj * (a[p, hi[j]] - a0)


@lazy_njit(nogil=True)
def _nearest_kernel_last(a, idx, fill, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    npre = a.shape[0]
    m = idx.shape[0]
    for p in prange(npre):
        for j in range(m):
            i0 = idx[j]
            out[p, j] = fill if i0 < 0 else a[p, i0]


def result_dtype(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The dtype of interpolated values: complex128 for complex data, float64 otherwise.

    Weights are float64, and so are the results (as in xarray, float32 data gives float64).

    >>> result_dtype(np.dtype("int32")), result_dtype(np.dtype("complex64"))
    (dtype('float64'), dtype('complex128'))
    """
    return np.dtype("complex128") if np.dtype(dtype).kind == "c" else np.dtype("float64")


def nearest_keeps_dtype(dtype: np.dtype[Any]) -> bool:
    """Whether nearest-neighbour results keep ``dtype`` (float32/64 and complex data: nearest only
    picks values, as in xarray); other data become :func:`result_dtype` (NaN for missing points).

    >>> nearest_keeps_dtype(np.dtype("float32")), nearest_keeps_dtype(np.dtype("int64"))
    (True, False)
    """
    dtype = np.dtype(dtype)
    return dtype.kind in "fc" and dtype.itemsize >= 4


def _sorted_view(x: np.ndarray, assume_sorted: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """The coordinate sorted ascending and the permutation used (None when already sorted)."""
    if assume_sorted or x.size < 2 or bool(np.all(x[1:] >= x[:-1])):
        return x, None
    order = np.argsort(x, kind="stable")
    return x[order], order


def linear_weights(
    x: np.ndarray,
    xi: np.ndarray,
    *,
    extrapolate: bool = False,
    assume_sorted: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Neighbour positions and weights for linear interpolation from ``x`` to ``xi``.

    Parameters
    ----------
    x : 1-D float array
        Source coordinate (at least 2 values; sorted internally unless ``assume_sorted``).
    xi : 1-D float array
        New coordinate values.
    extrapolate : bool, default: False
        Extend the first/last segment beyond the range instead of marking the point missing.
    assume_sorted : bool, default: False
        Trust that ``x`` is increasing.

    Returns
    -------
    lo, hi : int64 arrays
        Positions in ``x`` (the original order); ``lo == -1`` marks a point to fill.
    w : float64 array
        Weight of ``hi`` (``1 - w`` is the weight of ``lo``).

    Examples
    --------
    >>> lo, hi, w = linear_weights(np.array([2.0, 0.0, 1.0]), np.array([0.25]))
    >>> lo.tolist(), hi.tolist(), w.tolist()
    ([1], [2], [0.25])
    """
    x = np.asarray(x, dtype=np.float64)
    xi = np.asarray(xi, dtype=np.float64)
    if x.size < 2:
        raise ValueError(f"linear interpolation needs at least 2 source points, got {x.size}")
    xs, order = _sorted_view(x, assume_sorted)
    n = xs.size
    lo = np.clip(np.searchsorted(xs, xi, side="right") - 1, 0, n - 2).astype(np.int64)
    hi = lo + 1
    x0 = xs[lo]
    step = xs[hi] - x0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # extrapolating far out
        w = np.where(step != 0, (xi - x0) / step, 0.0)
    outside = np.isnan(xi) | np.isnan(w)
    if not extrapolate:
        outside |= (xi < xs[0]) | (xi > xs[-1])
    w = np.where(outside, 0.0, w)
    lo = np.where(outside, -1, lo)
    if order is not None:
        hi = order[hi]
        lo = np.where(lo >= 0, order[np.maximum(lo, 0)], -1)
    return lo.astype(np.int64), hi.astype(np.int64), w.astype(np.float64)


def nearest_positions(
    x: np.ndarray, xi: np.ndarray, *, extrapolate: bool = False, assume_sorted: bool = False
) -> np.ndarray:
    """Position in ``x`` of the nearest source value for each ``xi`` (``-1`` outside the range).

    Ties (``xi`` exactly between two source values) go to the lower one.

    Examples
    --------
    >>> nearest_positions(np.array([0.0, 1.0, 2.0]), np.array([0.5, 0.6, 1.9, 2.5])).tolist()
    [0, 1, 2, -1]
    """
    x = np.asarray(x, dtype=np.float64)
    xi = np.asarray(xi, dtype=np.float64)
    if x.size < 1:
        raise ValueError("nearest interpolation needs at least 1 source point, got 0")
    xs, order = _sorted_view(x, assume_sorted)
    # the neighbours on either side, then the closer one by exact distances (midpoints round:
    # between neighbouring floats the midpoint can equal one of them)
    upper = np.searchsorted(xs, xi, side="left")
    lower = np.clip(upper - 1, 0, xs.size - 1)
    upper = np.clip(upper, 0, xs.size - 1)
    with np.errstate(invalid="ignore", over="ignore"):
        idx = np.where(xs[upper] - xi < xi - xs[lower], upper, lower).astype(np.int64)
    outside = np.isnan(xi)
    if not extrapolate:
        outside |= (xi < xs[0]) | (xi > xs[-1])
    if order is not None:
        idx = order[idx]
    return np.where(outside, -1, idx).astype(np.int64)


def _as_3d(a: np.ndarray, axis: int) -> np.ndarray:
    pre = int(np.prod(a.shape[:axis], dtype=np.int64))
    post = int(np.prod(a.shape[axis + 1 :], dtype=np.int64))
    return np.ascontiguousarray(a).reshape(pre, a.shape[axis], post)


def _fill_for(dtype: np.dtype[Any], fill_value: Any) -> Any:
    return dtype.type(np.nan if fill_value is None else fill_value)


def interp_axis(
    a: np.ndarray,
    axis: int,
    lo: np.ndarray,
    hi: np.ndarray | None,
    w: np.ndarray | None,
    fill_value: Any = np.nan,
) -> np.ndarray:
    """Interpolate ``a`` along ``axis`` with precomputed positions and weights.

    With ``hi``/``w`` given this is linear interpolation (:func:`linear_weights`); with
    ``hi = w = None``, ``lo`` holds nearest positions (:func:`nearest_positions`). Points with
    position ``-1`` get ``fill_value``.

    Examples
    --------
    >>> a = np.arange(6.0).reshape(2, 3)
    >>> interp_axis(a, 1, np.array([0, 2]), None, None)
    array([[0., 2.],
           [3., 5.]])
    """
    a = np.asarray(a)
    # nearest only picks values: float data keeps its precision (as xarray); ints become float64
    # (missing points are NaN), and linear weights make float64 results
    keep = (hi is None or w is None) and nearest_keeps_dtype(a.dtype)
    dtype = a.dtype if keep else result_dtype(a.dtype)
    if a.dtype != dtype:
        a = a.astype(dtype)
    axis = axis % a.ndim if a.ndim else 0
    m = lo.shape[0]
    out_shape = a.shape[:axis] + (m,) + a.shape[axis + 1 :]
    if a.size == 0 or m == 0:
        return np.full(out_shape, _fill_for(dtype, fill_value), dtype=dtype)
    a3 = _as_3d(a, axis)
    out = np.empty((a3.shape[0], m, a3.shape[2]), dtype=dtype)
    parallel = out.size >= PARALLEL_THRESHOLD and a3.shape[0] * m > 1
    fill = _fill_for(dtype, fill_value)
    if a3.shape[2] == 1:  # last axis: 2-D kernels without the per-element inner-loop setup
        a2, out2 = a3[:, :, 0], out[:, :, 0]
        if hi is None or w is None:
            kernel = _nearest_kernel_last.dispatcher(parallel=True) if parallel else _nearest_kernel_last
            kernel(a2, np.ascontiguousarray(lo, dtype=np.int64), fill, out2)
        else:
            kernel = _linear_kernel_last.dispatcher(parallel=True) if parallel else _linear_kernel_last
            kernel(
                a2,
                np.ascontiguousarray(lo, dtype=np.int64),
                np.ascontiguousarray(hi, dtype=np.int64),
                np.ascontiguousarray(w, dtype=np.float64),
                fill,
                out2,
            )
        return out.reshape(out_shape)
    if hi is None or w is None:
        kernel = _nearest_kernel.dispatcher(parallel=True) if parallel else _nearest_kernel
        kernel(a3, np.ascontiguousarray(lo, dtype=np.int64), fill, out)
    else:
        kernel = _linear_kernel.dispatcher(parallel=True) if parallel else _linear_kernel
        kernel(
            a3,
            np.ascontiguousarray(lo, dtype=np.int64),
            np.ascontiguousarray(hi, dtype=np.int64),
            np.ascontiguousarray(w, dtype=np.float64),
            fill,
            out,
        )
    return out.reshape(out_shape)


def interp_points(
    a: np.ndarray,
    positions: list[tuple[np.ndarray, np.ndarray | None, np.ndarray | None]],
    fill_value: Any = np.nan,
) -> np.ndarray:
    """Pointwise interpolation over the LAST ``d`` axes of ``a``.

    ``positions`` holds one ``(lo, hi, w)`` per interpolated axis (``hi = w = None`` for
    nearest); all of them have the number of points ``k``. The result has shape
    ``a.shape[:-d] + (k,)``: the ``2**d`` corners of each point are gathered from the flattened
    trailing axes and combined with the products of their weights.

    Examples
    --------
    >>> a = np.arange(9.0).reshape(3, 3)
    >>> pos = [linear_weights(np.arange(3.0), np.array([0.5, 2.0]))] * 2
    >>> interp_points(a, pos)
    array([2., 8.])
    """
    a = np.asarray(a)
    nearest = all(hi is None or w is None for _, hi, w in positions)
    dtype = a.dtype if nearest and nearest_keeps_dtype(a.dtype) else result_dtype(a.dtype)
    d = len(positions)
    grid = a.shape[a.ndim - d :]
    lead = a.shape[: a.ndim - d]
    flat = np.ascontiguousarray(a).reshape(lead + (-1,)).astype(dtype, copy=False)
    k = positions[0][0].shape[0]
    missing = np.zeros(k, dtype=bool)
    for lo, _, _ in positions:
        missing |= lo < 0
    out = np.zeros(lead + (k,), dtype=dtype)
    linear = [hi is not None for _, hi, _ in positions]
    corner_choices = [(0, 1) if lin else (0,) for lin in linear]
    for corner in itertools.product(*corner_choices):
        weight = np.ones(k, dtype=np.float64)
        index = []
        for (lo, hi, w), c, size in zip(positions, corner, grid, strict=True):
            # points to fill may carry positions outside this block: clip them (they are
            # overwritten with the fill value below)
            base = np.clip(lo, 0, size - 1)
            if hi is None or w is None:
                index.append(base)
            elif c == 0:
                index.append(base)
                weight = weight * (1.0 - w)
            else:
                index.append(np.clip(hi, 0, size - 1))
                weight = weight * w
        flat_index = np.ravel_multi_index(tuple(index), grid) if d else np.zeros(k, dtype=np.int64)
        values = np.take(flat, flat_index, axis=-1)
        # a corner of weight 0 contributes nothing, even when its value is NaN
        out += np.where(weight == 0.0, 0.0, weight * values) if np.any(weight == 0.0) else weight * values
    out[..., missing] = _fill_for(dtype, fill_value)
    return out


# ----------------------------------------------------------------- coordinates to floats
_ISO_DATE = re.compile(
    r"^\s*(\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ](\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?)?\s*$"
)


def _parse_cftime_strings(xi: np.ndarray, date_type: type, calendar: str, dim: Hashable) -> np.ndarray:
    """Date strings such as ``"2000-02-10"`` (missing parts default to the start) as cftime dates."""
    out = np.empty(xi.shape, dtype=object)
    for pos, text in np.ndenumerate(xi):
        match = _ISO_DATE.match(str(text))
        try:
            if match is None:
                raise ValueError("not an ISO date")
            parts = [int(p) if p is not None else None for p in match.groups()]
            year, month, day, hour, minute, second = parts
            out[pos] = date_type(
                year, month or 1, day or 1, hour or 0, minute or 0, second or 0, calendar=calendar
            )
        except (ValueError, TypeError) as err:
            raise TypeError(
                f"cannot interpolate along the cftime coordinate {dim!r} (calendar {calendar!r}) onto "
                f"{str(text)!r}: give cftime dates or ISO date strings such as '2000-02-10'"
            ) from err
    return out


def to_float_coordinates(x: np.ndarray, xi: np.ndarray, dim: Hashable) -> tuple[np.ndarray, np.ndarray]:
    """Source and new coordinate values as float64 (datetimes: nanoseconds from ``x``'s minimum).

    Raises
    ------
    TypeError
        When ``xi`` cannot be compared with ``x`` (numbers for dates, dates for numbers).

    Examples
    --------
    >>> x = np.array(["2000-01-01", "2000-01-03"], dtype="M8[ns]")
    >>> to_float_coordinates(x, np.array(["2000-01-02"]), "time")[1] / 86400e9
    array([1.])
    """
    x = np.asarray(x)
    xi = np.asarray(xi)
    if x.dtype.kind in "Mm":
        if xi.dtype.kind in "USO" and not is_cftime_values(xi):
            try:
                xi = xi.astype(x.dtype) if x.dtype.kind == "m" else pd.to_datetime(xi.ravel()).values.reshape(xi.shape)
            except (ValueError, TypeError) as err:
                raise TypeError(
                    f"cannot interpolate along the datetime-like coordinate {dim!r}: the new "
                    f"values must be datetimes or date strings, got {xi.ravel()[:3].tolist()!r}"
                ) from err
        if xi.dtype.kind != x.dtype.kind:
            raise TypeError(
                f"cannot interpolate along the {x.dtype} coordinate {dim!r} onto values of dtype "
                f"{xi.dtype}; give datetimes (or date strings) for a datetime coordinate"
            )
        unit = "m8[ns]"
        valid = x[~np.isnat(x)]
        ref = valid.min() if valid.size else x.dtype.type(0, "ns")
        xf = np.asarray((x - ref).astype(unit).astype(np.int64), dtype=np.float64)
        xif = np.asarray((xi - ref).astype(unit).astype(np.int64), dtype=np.float64)
        xf = np.where(np.isnat(x), np.nan, xf)
        xif = np.where(np.isnat(xi), np.nan, xif)
        return xf, xif
    if is_cftime_values(x):
        import cftime

        first = next(v for v in x.ravel() if v is not None)
        calendar = first.calendar
        if xi.dtype.kind in "US" or (xi.dtype == object and not is_cftime_values(xi)):
            xi = _parse_cftime_strings(xi, type(first), calendar, dim)
        units = "microseconds since 1970-01-01"
        return (
            np.asarray(cftime.date2num(x, units, calendar=calendar), dtype=np.float64),
            np.asarray(cftime.date2num(xi, units, calendar=calendar), dtype=np.float64),
        )
    if x.dtype.kind not in "uifb" or xi.dtype.kind not in "uifb":
        raise TypeError(
            f"cannot interpolate along coordinate {dim!r} of dtype {x.dtype} onto values of "
            f"dtype {xi.dtype}: interpolation needs numbers or datetimes on both sides"
        )
    return x.astype(np.float64), xi.astype(np.float64)
