"""Quantiles and medians of N-d arrays by selection, on numba kernels.

:func:`quantile_array` computes several quantiles at once along one or more axes of a NumPy
array with any of NumPy's thirteen methods (``"linear"`` by default), skipping NaN or not.
:func:`nanmedian`/:func:`median` and :func:`nanquantile` have the signatures of their NumPy
namesakes so that the aggregation table can use them as drop-in engines.

How it works
------------
The array is viewed as ``(outer, n, inner)`` where ``n`` is the number of values of one slice:
without a copy when the reduced axes are adjacent in a C-ordered array (``time`` of
``(time, lat, lon)`` gives ``(1, 3650, 16200)``), otherwise after moving the reduced axes last
(``inner == 1``). The kernel walks over blocks of up to :data:`_BLOCK` neighbouring slices
(neighbouring in memory, so the gather reads whole cache lines), copies the valid values of each
slice into a scratch row and finds the order statistics it needs with *quickselect*
(median-of-three pivot, branchless Lomuto partition with a pass gathering ties, expected O(n);
a sort of the remaining range if it recurses suspiciously often), never with a full sort. For several ``q`` the statistics are
selected in increasing order, each selection working only on the part of the row right of the
previous one. The upper neighbour of an interpolated quantile is the minimum of the values right
of the lower one (a linear scan, cheaper than a second selection).

Numerical choices
-----------------
* The virtual index and the weight ``gamma`` follow NumPy's formulas to the bit (same operation
  order), and the interpolation is NumPy's ``lerp`` (``b - (b - a) * (1 - g)`` for ``g >= 0.5``),
  computed in float64 whatever the input, so results equal :func:`numpy.nanquantile` exactly
  for float64 data.
* Unlike NumPy, an interpolation between equal values (or with weight 0 or 1) returns that value:
  NumPy's ``np.quantile([1, np.inf], 0)`` is NaN (``inf * 0``), here it is 1.
* Interpolating methods return float64; the discontinuous ones (``inverted_cdf``,
  ``closest_observation``, ``lower``, ``higher``, ``nearest``) return a value of the data, in the
  data's dtype (as NumPy and xarray do). Booleans are treated as 0/1.
* A slice with no valid value (empty, all-NaN, or any NaN with ``skipna=False``) gives NaN.

Nothing is compiled at import; the kernel compiles on first use per dtype (``cache=True``), with
a parallel variant (threads over blocks of slices) for arrays of at least
:data:`PARALLEL_THRESHOLD` elements.

>>> import numpy as np
>>> x = np.array([[1.0, np.nan, 3.0, 4.0], [np.nan, np.nan, np.nan, np.nan]])
>>> quantile_array(x, [0.5, 1.0], axis=1)
array([[ 3., nan],
       [ 4., nan]])
>>> nanmedian(x, axis=1)
array([ 3., nan])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from labarray.kernels._compile import lazy_njit
from labarray.utils.suggest import did_you_mean, format_names

# numba.prange inside the compiled kernel (see labarray.kernels._compile)
prange = range

__all__ = [
    "DISCONTINUOUS_METHODS",
    "PARALLEL_THRESHOLD",
    "QUANTILE_METHODS",
    "median",
    "nanmedian",
    "nanquantile",
    "quantile",
    "quantile_array",
    "running_median",
    "validate_method",
    "validate_q",
]

#: NumPy's quantile methods, in the order of their codes in the kernel.
QUANTILE_METHODS: tuple[str, ...] = (
    "inverted_cdf",
    "averaged_inverted_cdf",
    "closest_observation",
    "interpolated_inverted_cdf",
    "hazen",
    "weibull",
    "linear",
    "median_unbiased",
    "normal_unbiased",
    "lower",
    "higher",
    "midpoint",
    "nearest",
)
#: Methods that pick one value of the data (no interpolation): the result keeps the data's dtype.
DISCONTINUOUS_METHODS = frozenset(
    ["inverted_cdf", "closest_observation", "lower", "higher", "nearest"]
)
#: Arrays with at least this many elements are reduced with the multi-threaded kernel.
PARALLEL_THRESHOLD = 1_000_000
# Internal method (code 13): "linear" at q=0.5, but the two middle values are averaged as
# (a + b) / 2 like np.median/np.nanmedian do, instead of being interpolated (1 ulp apart at most).
_MEDIAN = "_median"
# Neighbouring slices gathered together: 16 float64 values are two cache lines per read.
_BLOCK = 16
# (alpha, beta) of the Hyndman & Fan methods 4-9 that use NumPy's `_compute_virtual_index`.
_ALPHA_BETA = np.array(
    [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.0, 0.0], [1.0, 1.0],
     [1 / 3.0, 1 / 3.0], [3 / 8.0, 3 / 8.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0],
     [1.0, 1.0]]
)  # fmt: skip


def validate_method(method: str) -> int:
    """Return the kernel code of a quantile method name.

    Raises
    ------
    ValueError
        An unknown method; the message lists the valid ones and suggests the closest.

    Examples
    --------
    >>> validate_method("linear")
    6
    """
    if isinstance(method, str) and method in QUANTILE_METHODS:
        return QUANTILE_METHODS.index(method)
    hint = did_you_mean(method, QUANTILE_METHODS) if isinstance(method, str) else ""
    raise ValueError(
        f"{method!r} is not a valid quantile method; valid methods are: "
        f"{format_names(QUANTILE_METHODS, limit=len(QUANTILE_METHODS))}"
        + (f"; {hint}" if hint else "")
    )


def validate_q(q: Any) -> np.ndarray:
    """Return ``q`` as a float64 array of at most one dimension, checked to lie in [0, 1].

    Raises
    ------
    ValueError
        ``q`` has more than one dimension, or a value outside [0, 1] (or NaN).

    Examples
    --------
    >>> validate_q([0.1, 0.9])
    array([0.1, 0.9])
    """
    try:
        arr = np.asarray(q, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"q must be a number or a 1-D sequence of numbers, got {q!r}") from None
    if arr.ndim > 1:
        raise ValueError(f"q must be a scalar or a 1-D array, got an array of shape {arr.shape}")
    bad = ~((arr >= 0) & (arr <= 1))
    if np.any(bad):
        raise ValueError(
            f"quantiles q must be in the range [0, 1], inclusive; got q={q!r} "
            f"(offending values: {arr[bad].tolist()})"
        )
    return arr


@lazy_njit(nogil=True)
def _quantile_kernel(arr, qs, qpos, method, alpha, beta, skipna, out):
    # arr: (outer, n, inner) view; qs: sorted quantiles; qpos[i]: row of out for qs[i];
    # out: (nq, outer, inner). One task = up to _BLOCK neighbouring slices of one `outer` row.
    outer, n, inner = arr.shape
    nq = qs.shape[0]
    block = 16 if inner >= 16 else inner
    nblocks = (inner + block - 1) // block
    ntasks = outer * nblocks
    # tasks are dealt out in chunks, so each chunk allocates its scratch rows once
    nchunks = min(ntasks, 256)
    for chunk in prange(nchunks):
        buf = np.empty((block, n), dtype=arr.dtype)
        count = np.zeros(block, dtype=np.int64)
        hasnan = np.zeros(block, dtype=np.bool_)
        for task in range(chunk * ntasks // nchunks, (chunk + 1) * ntasks // nchunks):
            o = task // nblocks
            j0 = (task % nblocks) * block
            width = min(block, inner - j0)
            count[:] = 0
            hasnan[:] = False
            # gather the valid values of each slice into its scratch row, branch-free: every
            # value is written, but the write position only advances past non-NaN ones
            for i in range(n):
                for jj in range(width):
                    v = arr[o, i, j0 + jj]
                    valid = v == v
                    buf[jj, count[jj]] = v
                    count[jj] += valid
                    hasnan[jj] |= not valid
            for jj in range(width):
                b = buf[jj]
                m = count[jj]
                if m == 0 or (hasnan[jj] and not skipna):
                    for iq in range(nq):
                        out[qpos[iq], o, j0 + jj] = np.nan
                    continue
                start = 0  # b[:start] <= b[start] <= b[start+1:] after each selection
                nf = float(m)
                for iq in range(nq):
                    q = qs[iq]
                    # --- NumPy's virtual index and gamma for this method
                    discrete = True
                    k = 0
                    gamma = 0.0
                    vi = 0.0
                    if method == 0 or method == 2:  # inverted_cdf, closest_observation
                        vi = nf * q - 1.0
                        if method == 2:
                            vi = vi - 0.5
                        prev = float(math.floor(vi))
                        g = vi - prev
                        k = int(prev) + 1
                        if g == 0.0 and (method == 0 or prev % 2.0 == 1.0):
                            k = int(prev)
                    elif method == 9:  # lower
                        k = math.floor((nf - 1.0) * q)
                    elif method == 10:  # higher
                        k = math.ceil((nf - 1.0) * q)
                    elif method == 12:  # nearest: round half to even, like np.around
                        x = (nf - 1.0) * q
                        r = float(math.floor(x))
                        d = x - r
                        if d > 0.5 or (d == 0.5 and r % 2.0 == 1.0):
                            r += 1.0
                        k = int(r)
                    else:
                        discrete = False
                        if method == 6 or method == 13:  # linear (13: median)
                            vi = (nf - 1.0) * q
                        elif method == 1:  # averaged_inverted_cdf
                            vi = nf * q - 1.0
                        elif method == 11:  # midpoint
                            vi = 0.5 * (math.floor((nf - 1.0) * q) + math.ceil((nf - 1.0) * q))
                        else:
                            vi = nf * q + (alpha + q * (1.0 - alpha - beta)) - 1.0
                        prev = float(math.floor(vi))
                        if vi >= nf - 1.0:
                            prev = nf - 1.0
                            k = m - 1
                            gamma = vi + 1.0  # NumPy's gamma against its index -1
                        elif vi < 0.0:
                            prev = 0.0
                            k = 0
                            gamma = vi
                        else:
                            k = int(prev)
                            gamma = vi - prev
                        if method == 1:
                            gamma = 0.5 if gamma == 0.0 else 1.0
                        elif method == 11:
                            gamma = 0.0 if vi % 1.0 == 0.0 else 0.5
                    if k < 0:
                        k = 0
                    if k > m - 1:
                        k = m - 1
                    # --- quickselect b[k] within b[lo:m]: branchless Lomuto partitions (no
                    # unpredictable branches on random data), median-of-three pivots
                    lo = start if k >= start else 0
                    hi = m - 1
                    rounds = 0
                    while hi > lo:
                        rounds += 1
                        if rounds > 64:  # pathological input: finish the range with a sort
                            b[lo : hi + 1].sort()
                            break
                        mid = (lo + hi) >> 1
                        if b[mid] < b[lo]:
                            b[mid], b[lo] = b[lo], b[mid]
                        if b[hi] < b[lo]:
                            b[hi], b[lo] = b[lo], b[hi]
                        if b[hi] < b[mid]:
                            b[hi], b[mid] = b[mid], b[hi]
                        pivot = b[mid]
                        b[mid], b[hi] = b[hi], b[mid]
                        store = lo
                        for i in range(lo, hi):
                            v = b[i]
                            smaller = v < pivot
                            b[i] = b[store]
                            b[store] = v
                            store += smaller
                        b[store], b[hi] = b[hi], b[store]
                        if k < store:
                            hi = store - 1
                        elif k == store:
                            break
                        elif store - lo < (hi - lo) >> 3:
                            # few values below the pivot: maybe many equal to it (ties, ints);
                            # gather those next to it so that ties cannot make this quadratic
                            e = store + 1
                            for i in range(store + 1, hi + 1):
                                v = b[i]
                                equal = v == pivot
                                b[i] = b[e]
                                b[e] = v
                                e += equal
                            if k < e:
                                break
                            lo = e
                        else:
                            lo = store + 1
                    start = k
                    if discrete:
                        out[qpos[iq], o, j0 + jj] = b[k]
                        continue
                    a = float(b[k])
                    if k + 1 < m and vi < nf - 1.0 and vi >= 0.0:
                        c = b[k + 1]
                        for t in range(k + 2, m):
                            if b[t] < c:
                                c = b[t]
                        bval = float(c)
                    else:
                        bval = a
                    # NumPy's lerp, but exact where nothing is to be interpolated
                    if gamma == 0.0 or a == bval:
                        res = a
                    elif gamma == 1.0:
                        res = bval
                    elif method == 13:  # np.median: the mean of the two middle values
                        res = (a + bval) / 2.0
                    else:
                        diff = bval - a
                        if gamma >= 0.5:
                            res = bval - diff * (1.0 - gamma)
                        else:
                            res = a + diff * gamma
                    out[qpos[iq], o, j0 + jj] = res


def _as_3d(values: np.ndarray, axes: tuple[int, ...]) -> tuple[np.ndarray, tuple[int, ...]]:
    """View ``values`` as ``(outer, n, inner)`` with the reduced ``axes`` as the middle axis."""
    kept = tuple(i for i in range(values.ndim) if i not in axes)
    kept_shape = tuple(values.shape[i] for i in kept)
    n = math.prod(values.shape[a] for a in axes)
    contiguous_axes = list(axes) == list(range(axes[0], axes[0] + len(axes))) if axes else True
    if values.flags.c_contiguous and contiguous_axes and axes:
        outer = math.prod(values.shape[: axes[0]])
        inner = math.prod(values.shape[axes[-1] + 1 :])
        return values.reshape(outer, n, inner), kept_shape
    moved = np.transpose(values, kept + tuple(axes))
    return np.ascontiguousarray(moved).reshape(-1, n, 1), kept_shape


def _normalize_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (int, np.integer)):
        axis = (axis,)
    axes = tuple(int(np.lib.array_utils.normalize_axis_index(int(a), ndim)) for a in axis)
    if len(set(axes)) != len(axes):
        raise ValueError(f"repeated axis in quantile: {axis!r}")
    return tuple(sorted(axes))


def quantile_array(
    values: Any,
    q: Any,
    axis: int | Sequence[int] | None = None,
    method: str = "linear",
    skipna: bool = True,
    keepdims: bool = False,
) -> np.ndarray:
    """Quantiles of ``values`` along ``axis``, with the quantile axis first.

    Parameters
    ----------
    values : array-like
        Numeric (bool, integer or float) data; complex is refused.
    q : float or 1-D array-like of float
        Quantiles in [0, 1].
    axis : int or sequence of int, optional
        Axes to reduce (default: all).
    method : {"linear", "lower", "higher", "nearest", "midpoint", "inverted_cdf", \
"averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen", \
"weibull", "median_unbiased", "normal_unbiased"}, default: "linear"
        NumPy's quantile methods.
    skipna : bool, default: True
        Skip NaN; with False a slice holding any NaN gives NaN.
    keepdims : bool, default: False
        Keep the reduced axes with length 1.

    Returns
    -------
    numpy.ndarray
        Shape ``q.shape + kept shape``; float64 for interpolating methods, the data's dtype for
        the discontinuous ones (float64 if a slice is empty and the data are integers).

    Examples
    --------
    >>> quantile_array(np.arange(10), 0.25, method="lower")
    array(2)
    >>> quantile_array(np.array([[1.0, 2.0], [3.0, np.nan]]), [0.5], axis=0, skipna=False)
    array([[ 2., nan]])
    """
    code = 13 if method == _MEDIAN else validate_method(method)
    qarr = validate_q(q)
    values = np.asarray(values)
    if values.dtype.kind not in "biuf":
        raise TypeError(
            f"cannot compute quantiles of {values.dtype} data; expected bool, integer or float"
        )
    axes = _normalize_axes(axis, values.ndim)
    is_bool = values.dtype.kind == "b"
    data = values.view(np.uint8) if is_bool else values
    if data.dtype == np.float16:
        data = data.astype(np.float32)
    n = math.prod(data.shape[a] for a in axes)
    discrete = method in DISCONTINUOUS_METHODS
    if discrete and (data.dtype.kind == "f" or n > 0):
        out_dtype = data.dtype
    else:
        out_dtype = np.dtype(np.float64)
    q1 = np.atleast_1d(qarr)
    order = np.argsort(q1, kind="stable")
    view, kept_shape = _as_3d(data, axes)
    out = np.empty((q1.size, view.shape[0], view.shape[2]), dtype=out_dtype)
    if out.size:
        alpha, beta = _ALPHA_BETA[code]
        extra = {"parallel": True} if data.size >= PARALLEL_THRESHOLD else {}
        kernel = _quantile_kernel.dispatcher(**extra)
        kernel(view, q1[order], order.astype(np.intp), code, alpha, beta, bool(skipna), out)
    result = out.reshape(q1.shape + kept_shape)
    if is_bool and discrete and n > 0:
        result = result.astype(bool)
    if keepdims:
        result = np.expand_dims(result, tuple(a + q1.ndim for a in axes))
    return result[0, ...] if qarr.ndim == 0 else result


def nanquantile(
    a: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False
) -> np.ndarray:
    """:func:`numpy.nanquantile` on the numba kernel (NaN skipped).

    Examples
    --------
    >>> nanquantile(np.array([1.0, np.nan, 3.0]), 0.5)
    array(2.)
    """
    return quantile_array(a, q, axis, method=method, skipna=True, keepdims=keepdims)


def quantile(
    a: Any, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False
) -> np.ndarray:
    """:func:`numpy.quantile` on the numba kernel (a slice with NaN gives NaN).

    Examples
    --------
    >>> quantile(np.array([1.0, np.nan, 3.0]), 0.5)
    array(nan)
    """
    return quantile_array(a, q, axis, method=method, skipna=False, keepdims=keepdims)


def nanmedian(a: Any, axis: Any = None, keepdims: bool = False, **kwargs: Any) -> np.ndarray:
    """:func:`numpy.nanmedian` on the numba kernel (float64 result, NaN for empty slices).

    Only ``keepdims`` (and ``axis``) are supported; other NumPy keywords raise ``TypeError``.

    Examples
    --------
    >>> nanmedian(np.array([[1.0, np.nan], [2.0, 4.0]]), axis=0)
    array([1.5, 4. ])
    """
    _no_extra_kwargs("nanmedian", kwargs)
    return quantile_array(a, 0.5, axis, method=_MEDIAN, skipna=True, keepdims=keepdims)


def median(a: Any, axis: Any = None, keepdims: bool = False, **kwargs: Any) -> np.ndarray:
    """:func:`numpy.median` on the numba kernel (a slice with NaN gives NaN).

    Examples
    --------
    >>> median(np.array([3, 1, 2, 10]))
    array(2.5)
    """
    _no_extra_kwargs("median", kwargs)
    return quantile_array(a, 0.5, axis, method=_MEDIAN, skipna=False, keepdims=keepdims)


def _no_extra_kwargs(name: str, kwargs: dict[str, Any]) -> None:
    if kwargs:
        raise TypeError(
            f"{name} got unexpected keyword argument(s) {format_names(kwargs)}; "
            "it accepts: axis, keepdims"
        )


@lazy_njit(nogil=True)
def _running_median_kernel(arr, out):
    # arr, out: (rows, n) C-ordered. Each row's valid values so far are kept sorted in `buf`
    # (binary search + shift: O(n) per step, fine for the lengths of a cumulative dimension).
    rows, n = arr.shape
    for r in prange(rows):
        buf = np.empty(n, dtype=np.float64)
        m = 0
        for i in range(n):
            v = arr[r, i]
            if v == v:
                lo = 0
                hi = m
                while lo < hi:
                    mid = (lo + hi) >> 1
                    if buf[mid] <= v:
                        lo = mid + 1
                    else:
                        hi = mid
                for t in range(m, lo, -1):
                    buf[t] = buf[t - 1]
                buf[lo] = v
                m += 1
            if m == 0:
                out[r, i] = np.nan
            elif m % 2 == 1:
                out[r, i] = buf[m // 2]
            else:
                a = buf[m // 2 - 1]
                b = buf[m // 2]
                out[r, i] = a if a == b else a + (b - a) * 0.5


def running_median(values: Any, axis: int = -1) -> np.ndarray:
    """NaN-skipping median of ``values[..., :i + 1]`` for every position ``i`` along ``axis``.

    The result is float64 with the shape of ``values``; NaN where no valid value was seen yet.

    Examples
    --------
    >>> running_median(np.array([3.0, np.nan, 1.0, 2.0]))
    array([3., 3., 2., 2.])
    """
    values = np.asarray(values)
    if values.dtype.kind not in "biuf":
        raise TypeError(f"cannot compute a running median of {values.dtype} data")
    moved = np.moveaxis(values.astype(np.float64, copy=False), axis, -1)
    rows = np.ascontiguousarray(moved).reshape(-1, moved.shape[-1] if moved.ndim else 1)
    out = np.empty(rows.shape, dtype=np.float64)
    if out.size:
        extra = {"parallel": True} if rows.size >= PARALLEL_THRESHOLD else {}
        _running_median_kernel.dispatcher(**extra)(rows, out)
    return np.moveaxis(out.reshape(moved.shape), -1, axis)
