"""Moving median for short windows: sorted windows updated without branches, many columns at once.

:func:`labarray.kernels.moving.moving_reduce` keeps each column's window sorted and inserts or
removes one value with a search and a shift: the shift length depends on the data, so the loop
branches unpredictably and handles one column at a time. For short windows this module does the
same work in a fixed number of steps per value, for a block of columns in SIMD lanes:

* each column's window is a sorted buffer of ``cap`` slots (``buf[k, column]``, columns
  contiguous), missing values and empty slots are stored as ``+inf`` and sort last; the number
  of valid values per column is kept aside, so the valid values are the buffer's first ``count``
  slots (a real ``+inf`` is indistinguishable from a slot there and has the same value);
* removing ``old`` maps the buffer to ``t[k] = buf[k] if buf[k] < old else buf[k + 1]``
  (everything from the first copy of ``old`` moves down one slot), inserting ``new`` maps it to
  ``min(max(t[k - 1], new), t[k])``; both run in one pass over the slots, as selects and min/max
  that vectorise across the columns;
* the median is then read at slots ``(count - 1) // 2`` and ``count // 2``.

The cost is ``O(cap)`` per value, but branch-free and vectorised: measured on (14610, 432)
float64 data with 10% NaN it is 3x faster than the search-and-shift loop at a window of 7 and
still faster at 365, and faster than bottleneck's ``O(log w)`` double heap up to windows of
about 100 (slower beyond: 1.4x at 181, 3x at 365).

>>> import numpy as np
>>> x = np.array([3.0, 1.0, np.nan, 4.0, 1.0, 5.0]).reshape(1, 6, 1)
>>> start = np.maximum(np.arange(6) - 2, 0)
>>> end = np.arange(1, 7)
>>> out = np.empty((1, 6, 1))
>>> median_lanes(x, start, end, 1, out)
>>> out.ravel()
array([3. , 2. , 2. , 2.5, 2.5, 4. ])
"""

from __future__ import annotations

import numpy as np

from labarray.kernels._compile import lazy_njit
from labarray.options import OPTIONS

# numba.prange inside the compiled kernel (see labarray.kernels._compile)
prange = range

__all__ = ["MAX_WINDOW", "median_lanes", "move_median_lanes"]

#: Longest window (in positions, valid or not) the lane kernel is used for; longer windows
#: take the search-and-shift loop of :mod:`labarray.kernels.moving` (slower up to 365).
MAX_WINDOW = 512
#: Buffer cells (slots x columns) one task keeps: the buffer stays in L1/L2.
BUFFER_CELLS = 8192


@lazy_njit(nogil=True, error_model="numpy")
def move_median_lanes(x, start, end, min_count, cap, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Median of the valid values of ``x[p, start[i]:end[i], j]`` into ``out[p, i, j]``.

    ``cap`` is at least the longest window; tasks are blocks of ``block`` columns of one ``p``.
    """
    pre, _, post = x.shape
    m = start.shape[0]
    nblocks = (post + block - 1) // block
    for task in prange(pre * nblocks):
        p = task // nblocks
        j0 = (task % nblocks) * block
        j1 = min(post, j0 + block)
        width = j1 - j0
        buf = np.full((cap + 1, width), np.inf)
        count = np.zeros(width, dtype=np.int64)
        old = np.empty(width)
        new = np.empty(width)
        prev = np.empty(width)
        lo = 0
        hi = 0
        for i in range(m):
            a = start[i]
            b = end[i]
            while hi < b or lo < a:
                add = hi < b
                drop = lo < a
                if add and drop and lo == hi:
                    # the window is empty and moves on: adding and dropping x[lo] cancel
                    lo += 1
                    hi += 1
                    continue
                if add:
                    r = x[p, hi, j0:j1]
                    for j in range(width):
                        v = np.float64(r[j])
                        ok = v == v
                        new[j] = v if ok else np.inf
                        count[j] += ok
                    hi += 1
                else:
                    new[:] = np.inf  # inserting +inf into the emptied last slot: a no-op
                if drop:
                    r = x[p, lo, j0:j1]
                    for j in range(width):
                        v = np.float64(r[j])
                        ok = v == v
                        old[j] = v if ok else np.inf
                        count[j] -= ok
                    lo += 1
                else:
                    old[:] = np.inf  # removing an empty (+inf) slot: the last one is empty
                prev[:] = -np.inf
                for k in range(cap):
                    bk = buf[k]
                    bn = buf[k + 1]
                    for j in range(width):
                        c = bk[j]
                        t = c if c < old[j] else bn[j]
                        q = prev[j]
                        nv = new[j]
                        q = q if q > nv else nv
                        bk[j] = q if q < t else t
                        prev[j] = t
            o = out[p, i, j0:j1]
            for j in range(width):
                n = count[j]
                if n < min_count or n == 0:
                    o[j] = np.nan
                elif n % 2 == 1:
                    o[j] = buf[n // 2, j]
                else:
                    o[j] = 0.5 * (buf[n // 2 - 1, j] + buf[n // 2, j])


def median_lanes(
    x: np.ndarray, start: np.ndarray, end: np.ndarray, min_count: int, out: np.ndarray
) -> None:
    """Run :func:`move_median_lanes` on ``x[pre, n, post]`` into ``out[pre, m, post]``.

    Parameters
    ----------
    x : numpy.ndarray
        C-ordered float32/float64 data, shape ``(pre, n, post)``.
    start, end : numpy.ndarray
        int64 window bounds (non-decreasing, length ``m``).
    min_count : int
        Outputs with fewer valid values are NaN.
    out : numpy.ndarray
        Result, shape ``(pre, m, post)``.

    Examples
    --------
    >>> x = np.array([[[1.0], [5.0], [2.0]]])
    >>> out = np.empty((1, 3, 1))
    >>> median_lanes(x, np.array([0, 0, 1]), np.array([2, 3, 3]), 1, out)
    >>> out.ravel()
    array([3. , 2. , 3.5])
    """
    import numba

    pre, _, post = x.shape
    m = start.shape[0]
    if out.size == 0:
        return
    cap = max(int(np.max(end - start)), 1) if m else 1
    parallel = x.size >= OPTIONS["parallel_threshold"]
    threads = int(numba.get_num_threads()) if parallel else 1
    block = max(1, min(post, BUFFER_CELLS // (cap + 1)))
    if parallel and pre < 2 * threads:
        block = max(8, min(block, -(-post // threads)))
    opts = {"parallel": True} if parallel else {}
    move_median_lanes.dispatcher(**opts)(x, start, end, int(min_count), cap, block, out)
