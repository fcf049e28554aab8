"""Ranking along an axis: average ranks with ties sharing their mean rank, NaN left out.

The kernel works on a (pre, n, post) view so that any axis is ranked without moving it.
"""

from __future__ import annotations

import math

import numpy as np

from labarray.kernels._compile import lazy_njit
from labarray.options import OPTIONS

# numba.prange inside the compiled kernel (see labarray.kernels._compile)
prange = range


@lazy_njit(nogil=True)
def _rank_kernel(src, out, pct):  # type: ignore[no-untyped-def]  # pragma: no cover
    # src and out are (pre, n, post) float64; each (pre, post) lane is ranked along n. The valid
    # values of a lane are gathered into a buffer (NaN stay NaN), sorted once, and each run of
    # equal values gets the mean of the ranks it spans (1-based), divided by the number of valid
    # values with pct. Lanes are independent: the parallel variant splits them over threads.
    pre, n, post = src.shape
    for t in prange(pre * post):
        i = t // post
        k = t - i * post
        values = np.empty(n, dtype=np.float64)
        where = np.empty(n, dtype=np.intp)
        m = 0
        for j in range(n):
            v = src[i, j, k]
            if v == v:
                values[m] = v
                where[m] = j
                m += 1
            else:
                out[i, j, k] = np.nan
        order = np.argsort(values[:m])
        start = 0
        while start < m:
            stop = start + 1
            first = values[order[start]]
            while stop < m and values[order[stop]] == first:
                stop += 1
            rank = (start + stop + 1) / 2.0
            if pct:
                rank /= m
            for q in range(start, stop):
                out[i, where[order[q]], k] = rank
            start = stop


def rank_along(values: np.ndarray, axis: int, pct: bool) -> np.ndarray:
    """Average ranks (1-based, ties share their mean rank) along ``axis``; NaN stays NaN.

    Parameters
    ----------
    values : array_like
        Numbers (converted to float64).
    axis : int
        The axis ranked along.
    pct : bool
        Divide each rank by the number of valid values of its lane.

    Returns
    -------
    numpy.ndarray
        float64 ranks with the shape of ``values``.

    Examples
    --------
    >>> rank_along(np.array([3.0, 1.0, np.nan, 1.0]), 0, pct=False)
    array([3. , 1.5, nan, 1.5])
    """
    a = np.asarray(values, dtype=np.float64)
    axis = axis % a.ndim
    shape3 = (math.prod(a.shape[:axis]), a.shape[axis], math.prod(a.shape[axis + 1:]))
    src = np.ascontiguousarray(a).reshape(shape3)
    out = np.empty(shape3, dtype=np.float64)
    if out.size >= OPTIONS["parallel_threshold"]:
        _rank_kernel.dispatcher(parallel=True)(src, out, pct)
    else:
        _rank_kernel(src, out, pct)
    return out.reshape(a.shape)
