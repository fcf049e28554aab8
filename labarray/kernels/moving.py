"""Moving-window loops, O(n) in the window size, and the wrapper that lays arrays out for them.

Every loop works on a C-ordered view ``x[pre, n, post]`` of the data: the window slides along the
middle axis ``n`` and the inner loops run over contiguous columns of ``post``. A reduction along
the leading axis of a C-ordered ``(time, lat, lon)`` array therefore reads memory once, in order,
without a transposed copy. Windows are described by two non-decreasing integer arrays: output
position ``i`` reduces ``x[:, start[i]:end[i], :]``. Fixed windows (centred or trailing) and
time-based windows ("30D") are both expressed this way, so one loop serves all of them.

Numerical choices:

* Sums and means keep float64 running sums (float32 input is accumulated in float64 so that long
  series do not drift). Removing values from a running sum leaves rounding residue behind, so the
  sum is recomputed from scratch after every ``max(window, RESUM)`` removals: the extra work is
  bounded by the main loop's and the error stays that of a short sum.
* Variances use Welford's add/remove updates (no catastrophic cancellation of ``sum(x**2) -
  sum(x)**2 / n``); a negative rounding residue is clamped to 0, and when an outlier leaves the
  window (where removal would cancel) that column's window is recomputed exactly.
* Minimum/maximum (and their positions) keep a monotonic deque of positions per column: each
  element enters and leaves it once. Ties keep the earliest position, as ``numpy.nanargmax``.
* The median keeps the window's valid values sorted per column (binary search + shift);
  windows of up to ``moving_median.MAX_WINDOW`` positions run the branch-free SIMD-lane
  version of :mod:`labarray.kernels.moving_median` instead.
* Missing values (NaN) are skipped; an output with fewer than ``min_count`` valid values is NaN.

Loops are plain Python; nothing is compiled at import (see :mod:`labarray.kernels._compile`).

>>> import numpy as np
>>> x = np.array([1.0, np.nan, 3.0, 4.0])
>>> start, end = fixed_window_bounds(4, window=2, center=False)
>>> moving_reduce(x, "sum", axis=0, start=start, end=end, min_count=1)
array([1., 1., 3., 7.])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from labarray.kernels import moving_median
from labarray.kernels._compile import lazy_njit
from labarray.options import OPTIONS

# numba.prange inside the compiled kernels (see labarray.kernels._compile)
prange = range

__all__ = [
    "EXP_FUNCS", "EXP_STATE", "exp_state_decay", "MOVING_FUNCS", "exponential_reduce",
    "fixed_window_bounds", "moving_reduce", "time_window_bounds",
]  # fmt: skip

#: Removals from a running sum between two exact re-summations (at least the window length).
RESUM = 1024
#: A Welford removal whose squared deviation exceeds this multiple of the remaining sum of
#: squares recomputes the window (the relative rounding error would be ~eps times the ratio).
RECOMPUTE = 1e4
#: Columns of ``post`` one task handles: large enough for the inner loops to vectorise, small
#: enough that the parallel target has tasks to share when ``pre`` is 1.
COLUMN_BLOCK = 512

#: Reductions :func:`moving_reduce` computes with O(n) loops
MOVING_FUNCS = frozenset(
    ["sum", "mean", "count", "var", "std", "min", "max", "argmin", "argmax", "median"]
)

_SUM_MODES = {"sum": 0, "mean": 1, "count": 2}

#: Reductions :func:`exponential_reduce` computes, with their kernel modes
EXP_FUNCS = {"mean": 0, "sum": 1, "var": 2, "std": 3}


# --- loops ----------------------------------------------------------------------------------------


@lazy_njit(nogil=True, error_model="numpy")
def move_sum(x, start, end, min_count, mode, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Moving sum (mode 0), mean (1) or count of valid values (2).

    Rows are taken as 1-D views and the counts kept as float64 so that the column loops are
    simple enough for LLVM to vectorise; the mode test sits outside the column loops.
    """
    pre, _, post = x.shape
    m = start.shape[0]
    nblocks = (post + block - 1) // block
    for task in prange(pre * nblocks):
        p = task // nblocks
        j0 = (task % nblocks) * block
        j1 = min(post, j0 + block)
        width = j1 - j0
        s = np.zeros(width)
        c = np.zeros(width)
        lo = 0
        hi = 0
        removed = 0
        for i in range(m):
            a = start[i]
            b = end[i]
            o = out[p, i, j0:j1]
            if b == hi + 1 and a == lo + 1 and removed + 1 < max(hi - lo, RESUM):
                # steady state of a fixed window: one value enters, one leaves; a single fused
                # pass over the columns (reads two rows, writes one)
                xin = x[p, hi, j0:j1]
                xout = x[p, lo, j0:j1]
                hi += 1
                lo += 1
                removed += 1
                if mode == 1:  # the hot path of rolling(...).mean(): the output fused in too
                    for j in range(width):
                        v = xin[j]
                        u = xout[j]
                        okv = v == v
                        oku = u == u
                        sj = s[j] + (v if okv else 0.0) - (u if oku else 0.0)
                        cj = c[j] + np.float64(okv) - np.float64(oku)
                        s[j] = sj
                        c[j] = cj
                        o[j] = sj / cj if cj >= min_count and cj > 0 else np.nan
                    continue
                for j in range(width):
                    v = xin[j]
                    u = xout[j]
                    okv = v == v
                    oku = u == u
                    s[j] = s[j] + (v if okv else 0.0) - (u if oku else 0.0)
                    c[j] = c[j] + np.float64(okv) - np.float64(oku)
            else:
                while hi < b:
                    xin = x[p, hi, j0:j1]
                    for j in range(width):
                        v = xin[j]
                        ok = v == v
                        s[j] += v if ok else 0.0
                        c[j] += np.float64(ok)
                    hi += 1
                while lo < a:
                    xout = x[p, lo, j0:j1]
                    for j in range(width):
                        u = xout[j]
                        ok = u == u
                        s[j] -= u if ok else 0.0
                        c[j] -= np.float64(ok)
                    lo += 1
                    removed += 1
                if mode != 2 and removed >= max(hi - lo, RESUM):
                    # exact re-summation: the running sum forgets the residue of removed values
                    removed = 0
                    for j in range(width):
                        s[j] = 0.0
                    for k in range(lo, hi):
                        row = x[p, k, j0:j1]
                        for j in range(width):
                            v = row[j]
                            s[j] += v if v == v else 0.0
            if mode == 0:
                for j in range(width):
                    o[j] = s[j] if c[j] >= min_count else np.nan
            elif mode == 1:
                for j in range(width):
                    o[j] = s[j] / c[j] if c[j] >= min_count and c[j] > 0 else np.nan
            else:
                for j in range(width):
                    o[j] = c[j] if c[j] >= min_count else np.nan


@lazy_njit(nogil=True, error_model="numpy")
def move_var(x, start, end, min_count, ddof, take_sqrt, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Moving variance (or standard deviation) with Welford's add/remove updates."""
    pre, _, post = x.shape
    m = start.shape[0]
    nblocks = (post + block - 1) // block
    for task in prange(pre * nblocks):
        p = task // nblocks
        j0 = (task % nblocks) * block
        j1 = min(post, j0 + block)
        width = j1 - j0
        mean = np.zeros(width)
        m2 = np.zeros(width)
        c = np.zeros(width, dtype=np.int64)
        lo = 0
        hi = 0
        for i in range(m):
            a = start[i]
            b = end[i]
            while hi < b:
                for j in range(width):
                    v = x[p, hi, j0 + j]
                    if v == v:
                        c[j] += 1
                        delta = v - mean[j]
                        mean[j] += delta / c[j]
                        m2[j] += delta * (v - mean[j])
                hi += 1
            while lo < a:
                for j in range(width):
                    v = x[p, lo, j0 + j]
                    if v == v:
                        c[j] -= 1
                        if c[j] == 0:
                            mean[j] = 0.0
                            m2[j] = 0.0
                        else:
                            delta = v - mean[j]
                            mean[j] -= delta / c[j]
                            # one value left: its spread is exactly 0 (drop the rounding residue)
                            m2[j] = 0.0 if c[j] == 1 else m2[j] - delta * (v - mean[j])
                            if delta * delta > RECOMPUTE * m2[j]:
                                # an outlier left: the update subtracted two large numbers, so
                                # recompute this column's window exactly (rare: the value was
                                # ~100 standard deviations off)
                                cnt = 0
                                mu = 0.0
                                s2 = 0.0
                                for k in range(lo + 1, hi):
                                    w = x[p, k, j0 + j]
                                    if w == w:
                                        cnt += 1
                                        d = w - mu
                                        mu += d / cnt
                                        s2 += d * (w - mu)
                                mean[j] = mu
                                m2[j] = s2
                lo += 1
            for j in range(width):
                cj = c[j]
                if cj < min_count or cj - ddof <= 0:
                    out[p, i, j0 + j] = np.nan
                else:
                    var = max(m2[j], 0.0) / (cj - ddof)
                    out[p, i, j0 + j] = np.sqrt(var) if take_sqrt else var


@lazy_njit(nogil=True, error_model="numpy")
def move_minmax(x, start, end, min_count, want_max, want_arg, cap, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Moving min/max (value, or global position when ``want_arg``) with monotonic deques."""
    pre, _, post = x.shape
    m = start.shape[0]
    nblocks = (post + block - 1) // block
    for task in prange(pre * nblocks):
        p = task // nblocks
        j0 = (task % nblocks) * block
        j1 = min(post, j0 + block)
        width = j1 - j0
        # ring buffers of positions: deque[j, (head + k) % cap] for k < size[j]
        dq = np.empty((width, cap), dtype=np.int64)
        head = np.zeros(width, dtype=np.int64)
        size = np.zeros(width, dtype=np.int64)
        c = np.zeros(width, dtype=np.int64)
        lo = 0
        hi = 0
        for i in range(m):
            a = start[i]
            b = end[i]
            while hi < b:
                for j in range(width):
                    v = x[p, hi, j0 + j]
                    if v == v:
                        c[j] += 1
                        # drop strictly worse values from the back (ties keep the earliest)
                        while size[j] > 0:
                            back = dq[j, (head[j] + size[j] - 1) % cap]
                            w = x[p, back, j0 + j]
                            if (w < v) if want_max else (w > v):
                                size[j] -= 1
                            else:
                                break
                        dq[j, (head[j] + size[j]) % cap] = hi
                        size[j] += 1
                hi += 1
            while lo < a:
                for j in range(width):
                    v = x[p, lo, j0 + j]
                    if v == v:
                        c[j] -= 1
                    if size[j] > 0 and dq[j, head[j]] == lo:
                        head[j] = (head[j] + 1) % cap
                        size[j] -= 1
                lo += 1
            for j in range(width):
                if c[j] < min_count or size[j] == 0:
                    out[p, i, j0 + j] = np.nan
                elif want_arg:
                    out[p, i, j0 + j] = dq[j, head[j]]
                else:
                    out[p, i, j0 + j] = x[p, dq[j, head[j]], j0 + j]


@lazy_njit(nogil=True, error_model="numpy")
def move_extreme_fixed(x, window, shift, min_count, sign, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Moving maximum (``sign=1``) or minimum (``sign=-1``, on negated values) of a fixed window.

    The van Herk / Gil-Werman scheme: cut the positions into blocks of ``window``; a window
    ending at ``k`` is the union of a suffix of the previous block and a prefix of ``k``'s block,
    so its extreme is ``max(suffix_max[k - window + 1], prefix_max[k])``. Three comparisons per
    element, all in column loops that vectorise (no data-dependent branches, unlike a deque).
    Missing values count as -inf; windows with fewer than ``min_count`` valid values are NaN.
    Output ``i`` is the window ending at ``k = i + shift``.
    """
    pre, n, post = x.shape
    w = window
    nblocks = (post + block - 1) // block
    for task in prange(pre * nblocks):
        p = task // nblocks
        j0 = (task % nblocks) * block
        j1 = min(post, j0 + block)
        width = j1 - j0
        suffix = np.empty((w, width))  # suffix maxima of the previous block
        current = np.empty((w, width))  # suffix maxima of the current block
        g = np.empty(width)
        c = np.zeros(width)
        for k in range(n + shift):
            r = k % w
            if r == 0:
                # new block: its suffix maxima become available once the block is complete;
                # compute them now (a backward pass over at most w rows, still in cache)
                suffix, current = current, suffix
                top = min(k + w, n)
                for j in range(width):
                    current[w - 1, j] = -np.inf
                for q in range(w - 1, -1, -1):
                    row = k + q
                    nxt = current[min(q + 1, w - 1)]
                    cur = current[q]
                    if row < top:
                        xr = x[p, row, j0:j1]
                        for j in range(width):
                            v = xr[j] * sign
                            v = v if v == v else -np.inf
                            cur[j] = max(v, nxt[j]) if q < w - 1 else v
                    else:
                        for j in range(width):
                            cur[j] = -np.inf
                for j in range(width):
                    g[j] = -np.inf
            if k < n:
                xr = x[p, k, j0:j1]
                for j in range(width):
                    v = xr[j] * sign
                    ok = v == v
                    c[j] += np.float64(ok)
                    g[j] = max(g[j], v if ok else -np.inf)
            if k >= w and k - w < n:
                xo = x[p, k - w, j0:j1]
                for j in range(width):
                    u = xo[j]
                    c[j] -= np.float64(u == u)
            i = k - shift
            if i < 0:
                continue
            o = out[p, i, j0:j1]
            if r < w - 1 and k >= w:
                h = suffix[r + 1]
                for j in range(width):
                    e = max(h[j], g[j])
                    o[j] = e * sign if c[j] >= min_count and c[j] > 0 else np.nan
            else:
                for j in range(width):
                    o[j] = g[j] * sign if c[j] >= min_count and c[j] > 0 else np.nan


@lazy_njit(nogil=True, error_model="numpy")
def move_median(x, start, end, min_count, cap, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Moving median of the valid values, keeping each column's window sorted."""
    pre, _, post = x.shape
    m = start.shape[0]
    nblocks = (post + block - 1) // block
    for task in prange(pre * nblocks):
        p = task // nblocks
        j0 = (task % nblocks) * block
        j1 = min(post, j0 + block)
        width = j1 - j0
        buf = np.empty((width, cap), dtype=np.float64)
        size = np.zeros(width, dtype=np.int64)
        lo = 0
        hi = 0
        for i in range(m):
            a = start[i]
            b = end[i]
            while hi < b:
                for j in range(width):
                    v = x[p, hi, j0 + j]
                    if v == v:
                        fv = np.float64(v)
                        k = size[j]
                        # shift larger values up by one, then insert
                        while k > 0 and buf[j, k - 1] > fv:
                            buf[j, k] = buf[j, k - 1]
                            k -= 1
                        buf[j, k] = fv
                        size[j] += 1
                hi += 1
            while lo < a:
                for j in range(width):
                    v = x[p, lo, j0 + j]
                    if v == v:
                        fv = np.float64(v)
                        # binary search for the value, then close the gap
                        left = 0
                        right = size[j]
                        while left < right:
                            mid = (left + right) // 2
                            if buf[j, mid] < fv:
                                left = mid + 1
                            else:
                                right = mid
                        for k in range(left, size[j] - 1):
                            buf[j, k] = buf[j, k + 1]
                        size[j] -= 1
                lo += 1
            for j in range(width):
                sz = size[j]
                if sz < min_count or sz == 0:
                    out[p, i, j0 + j] = np.nan
                elif sz % 2 == 1:
                    out[p, i, j0 + j] = buf[j, sz // 2]
                else:
                    out[p, i, j0 + j] = 0.5 * (buf[j, sz // 2 - 1] + buf[j, sz // 2])


@lazy_njit(nogil=True, error_model="numpy")
def move_exp(x, alpha, min_weight, mode, block, state, write, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Exponentially weighted moving mean (mode 0), sum (1), variance (2) or std (3).

    The weight of the value ``k`` steps back is ``(1 - alpha) ** k`` (pandas' ``adjust=True``
    with positions, not valid values, counting the steps). Missing values add nothing but the
    older values still decay past them. ``weight`` is the decayed sum of ``alpha`` over valid
    values (it tends to 1); outputs whose weight is below ``min_weight`` are NaN. The variance
    is the weighted variance with the reliability-weights bias correction
    ``1 - sum(w**2) / sum(w)**2``.

    ``state[k, pre, post]`` holds the running sums (rows: values, valid count, weight, squares,
    squared weights, number of values seen) before the first row; the loop leaves them as
    after the last row. Every one is a linear recurrence, which is how a Dask block continues
    from its predecessors (see :func:`exp_state_decay`). ``write=False`` only updates the state.
    """
    pre, n, post = x.shape
    decay = 1.0 - alpha
    decay2 = decay * decay
    nblocks = (post + block - 1) // block
    for task in prange(pre * nblocks):
        p = task // nblocks
        j0 = (task % nblocks) * block
        j1 = min(post, j0 + block)
        width = j1 - j0
        sx = state[0, p, j0:j1].copy()  # decayed sum of values
        sw = state[1, p, j0:j1].copy()  # decayed number of values
        weight = state[2, p, j0:j1].copy()  # decayed sum of alpha over the values
        sxx = state[3, p, j0:j1].copy()  # decayed sum of squares
        sww = state[4, p, j0:j1].copy()  # decayed sum of squared weights
        seen = state[5, p, j0:j1].copy()  # number of values so far
        for i in range(n):
            row = x[p, i, j0:j1]
            o = out[p, i, j0:j1]
            for j in range(width):
                v = row[j]
                ok = v == v
                fv = np.float64(v) if ok else 0.0
                fo = np.float64(ok)
                sx[j] = sx[j] * decay + fv
                sw[j] = sw[j] * decay + fo
                weight[j] = weight[j] * decay + alpha * fo
                seen[j] += fo
            if mode >= 2:
                for j in range(width):
                    v = row[j]
                    ok = v == v
                    fv = np.float64(v) if ok else 0.0
                    sxx[j] = sxx[j] * decay + fv * fv
                    sww[j] = sww[j] * decay2 + np.float64(ok)
            if not write:
                continue
            if mode == 0:
                for j in range(width):
                    o[j] = sx[j] / sw[j] if weight[j] >= min_weight and sw[j] > 0 else np.nan
            elif mode == 1:
                for j in range(width):
                    o[j] = sx[j] if weight[j] >= min_weight and seen[j] > 0 else np.nan
            else:
                for j in range(width):
                    res = np.nan
                    if sw[j] > 0:
                        mean = sx[j] / sw[j]
                        biased = max(sxx[j] / sw[j] - mean * mean, 0.0)
                        bias = 1.0 - sww[j] / (sw[j] * sw[j])
                        if weight[j] >= min_weight and bias > 0:
                            res = biased / bias
                            if mode == 3:
                                res = np.sqrt(res)
                    o[j] = res
        state[0, p, j0:j1] = sx
        state[1, p, j0:j1] = sw
        state[2, p, j0:j1] = weight
        state[3, p, j0:j1] = sxx
        state[4, p, j0:j1] = sww
        state[5, p, j0:j1] = seen


#: number of running sums in the state of :func:`move_exp`
EXP_STATE = 6


def exp_state_decay(alpha: float, length: int) -> np.ndarray:
    """Factor by which each running sum of :func:`move_exp` decays over ``length`` positions.

    A block's state continues its predecessor's: ``state_after = decay * state_before +
    state_of_block_alone`` (``decay`` from here, broadcast over the state's trailing axes).

    Examples
    --------
    >>> exp_state_decay(0.5, 2)
    array([0.25  , 0.25  , 0.25  , 0.25  , 0.0625, 1.    ])
    """
    d = (1.0 - alpha) ** length
    return np.array([d, d, d, d, d * d, 1.0])


# --- window bounds --------------------------------------------------------------------------------


def fixed_window_bounds(
    n: int, window: int, center: bool, offset: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``start``/``end`` arrays of a fixed window sliding along ``n`` elements.

    Output ``i`` reduces the ``window`` elements ending at ``i`` (``center=False``) or centred
    on ``i`` (``center=True``: ``(window - 1) // 2`` elements after it, as pandas), clipped to
    ``[0, n)``.
    ``offset`` shifts every window (used for blocks of a larger array).

    Examples
    --------
    >>> fixed_window_bounds(4, 3, center=True)
    (array([0, 0, 1, 2]), array([2, 3, 4, 4]))
    """
    shift = (window - 1) // 2 if center else 0
    stop = np.arange(1, n + 1, dtype=np.int64) + shift + offset
    start = np.clip(stop - window, 0, n)
    return start, np.clip(stop, 0, n)


def time_window_bounds(
    times: np.ndarray, span: np.timedelta64, center: bool
) -> tuple[np.ndarray, np.ndarray]:
    """``start``/``end`` arrays of a time-based window of length ``span`` on sorted ``times``.

    Like pandas' offset windows: output ``i`` covers the times in ``(t[i] - span, t[i]]``, or in
    ``(t[i] - span / 2, t[i] + span / 2]`` when ``center`` is true.

    Examples
    --------
    >>> t = np.array(["2000-01-01", "2000-01-02", "2000-01-04"], dtype="datetime64[ns]")
    >>> time_window_bounds(t, np.timedelta64(2, "D"), center=False)
    (array([0, 0, 2]), array([1, 2, 3]))
    """
    if center:
        half = span / 2
        start = np.searchsorted(times, times - half, side="right")
        end = np.searchsorted(times, times + half, side="right")
    else:
        start = np.searchsorted(times, times - span, side="right")
        end = np.arange(1, len(times) + 1)
    return start.astype(np.int64), end.astype(np.int64)


# --- wrapper --------------------------------------------------------------------------------------


def _float_dtype(dtype: np.dtype[Any]) -> np.dtype[Any]:
    return np.dtype(np.float32) if dtype == np.float32 else np.dtype(np.float64)


def _kernel_input(values: np.ndarray) -> np.ndarray:
    """float64 or float32 data for the loops.

    Integers and booleans become float64 (the results are float64 anyway, and two input types
    keep the number of compiled specialisations, hence first-call compile time, small).
    """
    if values.dtype.kind not in "biuf":
        raise TypeError(
            f"moving-window reductions need numeric or boolean data, got dtype {values.dtype}"
        )
    if values.dtype == np.float32 or values.dtype == np.float64:
        return values
    if values.dtype == np.float16:
        return values.astype(np.float32)
    return values.astype(np.float64)


def result_dtype(func: str, dtype: Any) -> np.dtype[Any]:
    """dtype of :func:`moving_reduce`'s result: float32 stays float32, counts and positions
    are float64 (they hold NaN where a window has too few values), everything else float64.

    Examples
    --------
    >>> result_dtype("mean", np.float32), result_dtype("count", np.float32)
    (dtype('float32'), dtype('float64'))
    """
    if func in ("count", "argmin", "argmax"):
        return np.dtype(np.float64)
    return _float_dtype(np.dtype(dtype))


def _fixed_window(start: np.ndarray, end: np.ndarray, n: int) -> tuple[int, int] | None:
    """``(window, shift)`` when the bounds are those of :func:`fixed_window_bounds`, else None."""
    m = len(start)
    if m != n or m == 0:
        return None
    shift = int(end[0]) - 1
    window = shift - int(start[-1]) + m
    if window < 1 or shift < 0 or shift >= window:
        return None
    stop = np.arange(1, n + 1, dtype=np.int64) + shift
    if np.array_equal(start, np.clip(stop - window, 0, n)) and np.array_equal(
        end, np.clip(stop, 0, n)
    ):
        return window, shift
    return None


def _threads() -> int:
    import numba

    return int(numba.get_num_threads())


def _parallel(size: int) -> bool:
    return size >= OPTIONS["parallel_threshold"]


def moving_reduce(
    values: np.ndarray,
    func: str,
    axis: int,
    start: np.ndarray,
    end: np.ndarray,
    min_count: int,
    *,
    ddof: int = 0,
) -> np.ndarray:
    """Reduce each window ``values[..., start[i]:end[i], ...]`` along ``axis``.

    Parameters
    ----------
    values : numpy.ndarray
        Numeric or boolean data; NaN is missing.
    func : {"sum", "mean", "count", "var", "std", "min", "max", "argmin", "argmax", "median"}
        The reduction. ``argmin``/``argmax`` return the position in ``values`` along ``axis``
        (the caller makes it relative to its window).
    axis : int
        Axis the window slides along.
    start, end : numpy.ndarray
        Non-decreasing int64 bounds of each output's window; their length is the length of the
        result along ``axis``.
    min_count : int
        Outputs whose window holds fewer valid values are NaN (0 gives sums of empty windows 0).
    ddof : int, default: 0
        Delta degrees of freedom of ``var``/``std``.

    Returns
    -------
    numpy.ndarray
        Floating result, see :func:`result_dtype`.

    Examples
    --------
    >>> x = np.array([[1.0, 5.0, 2.0, 4.0]])
    >>> s, e = fixed_window_bounds(4, 3, center=True)
    >>> moving_reduce(x, "max", axis=1, start=s, end=e, min_count=1)
    array([[5., 5., 5., 4.]])
    """
    if func not in MOVING_FUNCS:
        raise ValueError(
            f"no moving-window loop for {func!r}; available: {', '.join(sorted(MOVING_FUNCS))}"
        )
    start = np.ascontiguousarray(start, dtype=np.int64)
    end = np.ascontiguousarray(end, dtype=np.int64)
    if start.shape != end.shape or start.ndim != 1:
        raise ValueError("start and end must be 1-D arrays of the same length")
    values = np.asarray(values)
    axis = axis % values.ndim if values.ndim else 0
    shape = values.shape
    x = np.ascontiguousarray(_kernel_input(values))
    pre = int(np.prod(shape[:axis], dtype=np.int64))
    post = int(np.prod(shape[axis + 1 :], dtype=np.int64))
    x3 = x.reshape(pre, shape[axis], post)
    m = start.shape[0]
    out_shape = shape[:axis] + (m,) + shape[axis + 1 :]
    out = np.empty((pre, m, post), dtype=result_dtype(func, values.dtype))
    if out.size == 0:
        return out.reshape(out_shape)
    parallel = _parallel(x3.size)
    # The serial loop takes all columns at once (longest vectorised loops). In parallel, rows
    # are shared between threads when there are enough of them, else columns are cut into
    # one block per thread (at least COLUMN_BLOCK wide).
    block = max(post, 1)
    if parallel and pre < 2 * _threads():
        block = max(COLUMN_BLOCK, -(-post // _threads()))
    cap = int(np.max(end - start)) + 1 if m else 1
    opts = {"parallel": True} if parallel else {}
    min_count = int(min_count)
    if func in _SUM_MODES:
        move_sum.dispatcher(**opts)(x3, start, end, min_count, _SUM_MODES[func], block, out)
    elif func in ("var", "std"):
        move_var.dispatcher(**opts)(x3, start, end, min_count, int(ddof), func == "std", block, out)
    elif func in ("min", "max") and _fixed_window(start, end, x3.shape[1]) is not None:
        window, shift = _fixed_window(start, end, x3.shape[1])  # type: ignore[misc]
        sign = 1.0 if func == "max" else -1.0
        move_extreme_fixed.dispatcher(**opts)(x3, window, shift, min_count, sign, block, out)
    elif func in ("min", "max", "argmin", "argmax"):
        want_max = func.endswith("max")
        want_arg = func.startswith("arg")
        move_minmax.dispatcher(**opts)(
            x3, start, end, min_count, want_max, want_arg, cap, block, out
        )
    elif cap - 1 <= moving_median.MAX_WINDOW:  # short windows: branch-free, SIMD lanes
        moving_median.median_lanes(x3, start, end, min_count, out)
    else:
        move_median.dispatcher(**opts)(x3, start, end, min_count, cap, block, out)
    return out.reshape(out_shape)


def exponential_reduce(
    values: np.ndarray,
    func: str,
    axis: int,
    alpha: float,
    min_weight: float = 0.0,
    *,
    state: np.ndarray | None = None,
    return_state: bool = False,
) -> np.ndarray:
    """Exponentially weighted moving ``func`` along ``axis`` (see :func:`move_exp`).

    Parameters
    ----------
    values : numpy.ndarray
        Numeric or boolean data; NaN is missing.
    func : {"mean", "sum", "var", "std"}
        The reduction.
    axis : int
        Axis along which the weights decay.
    alpha : float
        Smoothing factor, ``0 < alpha <= 1``.
    min_weight : float, default: 0
        Outputs with a smaller total weight of valid values are NaN.
    state : numpy.ndarray, optional
        Running sums before the first position, shape ``(EXP_STATE, *other_axes)`` (the
        ``return_state`` output of the preceding block); default: nothing seen yet.
    return_state : bool, default: False
        Return the running sums after the last position instead of the result.

    Returns
    -------
    numpy.ndarray
        float32 for float32 data, else float64; same shape as ``values`` (or the state).

    Examples
    --------
    >>> exponential_reduce(np.array([1.0, np.nan, 3.0]), "mean", 0, alpha=0.5)
    array([1. , 1. , 2.6])
    """
    if func not in EXP_FUNCS:
        raise ValueError(
            f"no exponential moving loop for {func!r}; available: {', '.join(EXP_FUNCS)}"
        )
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha must be in (0, 1], got {alpha}")
    values = np.asarray(values)
    axis = axis % values.ndim if values.ndim else 0
    shape = values.shape
    x = np.ascontiguousarray(_kernel_input(values))
    pre = int(np.prod(shape[:axis], dtype=np.int64))
    post = int(np.prod(shape[axis + 1 :], dtype=np.int64))
    x3 = x.reshape(pre, shape[axis], post)
    out = np.empty(x3.shape, dtype=_float_dtype(values.dtype))
    if out.size == 0 and not return_state:
        return out.reshape(shape)
    parallel = _parallel(x3.size)
    block = max(post, 1)
    if parallel and pre < 2 * _threads():
        block = max(COLUMN_BLOCK, -(-post // _threads()))
    opts = {"parallel": True} if parallel else {}
    if state is None:
        kernel_state = np.zeros((EXP_STATE, pre, post))
    else:
        kernel_state = np.array(state, dtype=np.float64).reshape(EXP_STATE, pre, post)
    move_exp.dispatcher(**opts)(
        x3,
        float(alpha),
        float(min_weight),
        EXP_FUNCS[func],
        block,
        kernel_state,
        not return_state,
        out,
    )
    if return_state:
        return kernel_state.reshape((EXP_STATE, *shape[:axis], *shape[axis + 1 :]))
    return out.reshape(shape)
