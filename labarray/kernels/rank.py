"""Ranking along an axis: average ranks with ties sharing their mean rank, NaN left out.

The ranked axis is moved last (a contiguous copy), NumPy argsorts every lane at once, and a
compiled kernel walks each sorted lane to give runs of ties their mean rank.
"""

from __future__ import annotations

import numpy as np

from labarray.kernels._compile import lazy_njit
from labarray.options import OPTIONS

# numba.prange inside the compiled kernel (see labarray.kernels._compile)
prange = range


@lazy_njit(nogil=True)
def _rank_kernel(src, order, out, pct):  # type: ignore[no-untyped-def]  # pragma: no cover
    # src, order and out are (lanes, n); order sorts each lane ascending with NaN last (as
    # numpy.argsort does). Each run of equal values gets the mean of the 1-based ranks it spans,
    # divided by the number of valid values with pct; NaN stay NaN. Lanes are independent: the
    # parallel variant splits them over threads.
    lanes, n = src.shape
    for i in prange(lanes):
        m = 0
        while m < n and src[i, order[i, m]] == src[i, order[i, m]]:
            m += 1
        for q in range(m, n):
            out[i, order[i, q]] = np.nan
        start = 0
        while start < m:
            first = src[i, order[i, start]]
            stop = start + 1
            while stop < m and src[i, order[i, stop]] == first:
                stop += 1
            rank = (start + stop + 1) / 2.0
            if pct:
                rank /= m
            for q in range(start, stop):
                out[i, order[i, q]] = rank
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
    if a.ndim == 0:
        raise ValueError("rank_along needs at least one axis; got a 0-d array")
    axis = axis % a.ndim
    if a.size == 0:
        return np.empty(a.shape, dtype=np.float64)
    # lanes contiguous in memory (the axis last): NumPy sorts them all at once, then the
    # compiled kernel walks each sorted lane once to give ties their average rank
    moved = np.ascontiguousarray(np.moveaxis(a, axis, -1))
    src = moved.reshape(-1, a.shape[axis])
    order = np.argsort(src, axis=1)  # ties share a rank: the sort need not be stable
    out = np.empty(src.shape, dtype=np.float64)
    if out.size >= OPTIONS["parallel_threshold"]:
        _rank_kernel.dispatcher(parallel=True)(src, order, out, pct)
    else:
        _rank_kernel(src, order, out, pct)
    return np.moveaxis(out.reshape(moved.shape), -1, axis)
