"""Block reductions: every non-overlapping ``w_1 x w_2 x ...`` block of an array to one value.

The reduction behind ``coarsen(lat=2, lon=2).mean()``. Reshaping each coarsened axis ``n`` into
``(n // w, w)`` and reducing the window axes with a general reduction needs a transposed copy
when the window axes are not adjacent (``(time, lat/2, 2, lon/2, 2)``); the loop here reads the
C-ordered data once, in memory order, and adds each value into its block's accumulator.

Layout: the reshaped axes are tagged "out" (kept axes and block indices) or "window";
neighbouring axes with the same tag merge (length-1 axes are dropped), which leaves at most
``(A, W0, B, W1, C)``: output ``(A, B, C)``, window axes ``W0`` and ``W1``. That covers windows
on one axis, on two axes, or on any set of adjacent axes; layouts with three or more separate
window groups are not handled (:func:`block_layout` returns None, the caller reduces otherwise).
The innermost loop runs over the contiguous ``C`` columns (vectorised), or, when the last axis
is a window axis (``C == 1``), over the ``W1`` values of a block row.

Numerics: float64 accumulators for float32 and float64 data; the variance takes two passes over
each block row group while it is in cache (block means, then squared deviations: no
``E[x**2] - E[x]**2`` cancellation). NaN is skipped with ``skipna`` (else it propagates);
blocks with fewer than ``min_count`` valid values give NaN for sums and products, blocks without
valid values give NaN for means, extremes and variances, and 0 for counts.

>>> import numpy as np
>>> x = np.arange(16.0).reshape(4, 4)
>>> x[0, 0] = np.nan
>>> block_reduce(x, "mean", (2, 2))
array([[ 3.33333333,  4.5       ],
       [10.5       , 12.5       ]])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from labarray.kernels._compile import lazy_njit
from labarray.options import OPTIONS

# numba.prange inside the compiled kernel (see labarray.kernels._compile)
prange = range

__all__ = ["BLOCK_FUNCS", "block_layout", "block_reduce", "block_supported"]

#: Reductions :func:`block_reduce` computes, with their kernel modes.
BLOCK_FUNCS = {
    "sum": 0, "mean": 1, "count": 2, "min": 3, "max": 4, "var": 5, "std": 6, "prod": 7,
}  # fmt: skip
#: Accumulator cells (block outputs) one task keeps: small enough to stay in L1/L2 while the
#: input rows of its blocks stream past.
SCRATCH = 8192
#: Tasks per thread when the work is shared (load balance vs per-task set-up).
TASKS_PER_THREAD = 8


@lazy_njit(nogil=True, error_model="numpy")
def block_loop(x, mode, skipna, ddof, min_count, achunk, bblock, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Reduce ``x[A, W0, B, W1, C]`` over axes 1 and 3 into ``out[A, B, C]``.

    ``mode`` is a value of :data:`BLOCK_FUNCS`. Tasks are ``achunk`` rows of ``A`` times
    ``bblock`` indices of ``B``; each keeps float64 sums (or products/extremes), int64 counts
    and, for variances, the squared deviations in scratch arrays of ``bblock * C`` cells.
    Mode tests sit outside the innermost loops so that those vectorise.
    """
    na, w0n, nb, w1n, nc = x.shape
    total = w0n * w1n
    ntb = (nb + bblock - 1) // bblock
    nta = (na + achunk - 1) // achunk
    additive = mode <= 2 or mode == 5 or mode == 6
    extreme = mode == 3 or mode == 4
    variance = mode == 5 or mode == 6
    sign = 1.0 if mode == 4 else -1.0
    init = -np.inf if extreme else (1.0 if mode == 7 else 0.0)
    x3 = x.reshape((na, w0n, nb * w1n * nc))
    out2 = out.reshape((na, nb * nc))
    # fewest valid values of a non-missing result
    if mode == 0 or mode == 7:
        need = max(min_count, 0 if skipna else total)
    elif variance:
        need = max(1, ddof + 1, 0 if skipna else total)
    else:
        need = max(1, 0 if skipna else total)
    for task in prange(nta * ntb):
        ta = task // ntb
        b0 = (task - ta * ntb) * bblock
        b1 = min(nb, b0 + bblock)
        width = (b1 - b0) * nc
        acc = np.empty(width, dtype=np.float64)
        cnt = np.empty(width, dtype=np.int64)
        dev = np.empty(width if variance else 0, dtype=np.float64)
        for a in range(ta * achunk, min(na, (ta + 1) * achunk)):
            for k in range(width):
                acc[k] = init
                cnt[k] = 0
            if nc == 1:
                # the last axis is a window axis: vectorise over the blocks of a row instead
                # (indices from range() and slices: no negative-index wrap-around checks)
                for w0 in range(w0n):
                    if additive and w1n == 2:
                        r2 = x3[a, w0, 2 * b0 : 2 * b1]
                        for k in range(width):
                            u = r2[2 * k]
                            v = r2[2 * k + 1]
                            oku = u == u
                            okv = v == v
                            acc[k] += (u if oku else 0.0) + (v if okv else 0.0)
                            cnt[k] += oku + okv
                        continue
                    if extreme and w1n == 2:
                        r2 = x3[a, w0, 2 * b0 : 2 * b1]
                        for k in range(width):
                            u = r2[2 * k] * sign
                            v = r2[2 * k + 1] * sign
                            e = acc[k]
                            e = u if u > e else e
                            acc[k] = v if v > e else e
                            cnt[k] += (u == u) + (v == v)
                        continue
                    for w1 in range(w1n):
                        r = x[a, w0, b0:b1, w1, 0]
                        if additive:
                            for k in range(width):
                                v = r[k]
                                ok = v == v
                                acc[k] += v if ok else 0.0
                                cnt[k] += ok
                        elif extreme:
                            for k in range(width):
                                v = r[k] * sign
                                e = acc[k]
                                acc[k] = v if v > e else e
                                cnt[k] += v == v
                        else:
                            for k in range(width):
                                v = r[k]
                                ok = v == v
                                acc[k] *= v if ok else 1.0
                                cnt[k] += ok
            else:
                for w0 in range(w0n):
                    for b in range(b0, b1):
                        k0 = (b - b0) * nc
                        ab = acc[k0 : k0 + nc]
                        cb = cnt[k0 : k0 + nc]
                        for w1 in range(w1n):
                            r = x[a, w0, b, w1, :]
                            if additive:
                                for j in range(nc):
                                    v = r[j]
                                    ok = v == v
                                    ab[j] += v if ok else 0.0
                                    cb[j] += ok
                            elif extreme:
                                for j in range(nc):
                                    v = r[j] * sign
                                    e = ab[j]
                                    ab[j] = v if v > e else e
                                    cb[j] += v == v
                            else:
                                for j in range(nc):
                                    v = r[j]
                                    ok = v == v
                                    ab[j] *= v if ok else 1.0
                                    cb[j] += ok
            if variance:
                # second pass over the same rows (still in cache): squared deviations
                for k in range(width):
                    acc[k] = acc[k] / cnt[k] if cnt[k] > 0 else 0.0
                    dev[k] = 0.0
                for w0 in range(w0n):
                    if nc == 1:
                        r2 = x3[a, w0, w1n * b0 : w1n * b1]
                        for w1 in range(w1n):
                            for k in range(width):
                                d = r2[k * w1n + w1] - acc[k]
                                dev[k] += d * d if d == d else 0.0
                        continue
                    for b in range(b0, b1):
                        k0 = (b - b0) * nc
                        ab = acc[k0 : k0 + nc]
                        db = dev[k0 : k0 + nc]
                        for w1 in range(w1n):
                            r = x[a, w0, b, w1, :]
                            for j in range(nc):
                                d = r[j] - ab[j]
                                db[j] += d * d if d == d else 0.0
            # the task's outputs are one contiguous range of out[a]
            o = out2[a, b0 * nc : b1 * nc]
            if mode == 2:
                for k in range(width):
                    o[k] = cnt[k]
            elif mode == 0 or mode == 7:
                for k in range(width):
                    o[k] = acc[k] if cnt[k] >= need else np.nan
            elif mode == 1:
                for k in range(width):
                    o[k] = acc[k] / cnt[k] if cnt[k] >= need else np.nan
            elif extreme:
                for k in range(width):
                    o[k] = acc[k] * sign if cnt[k] >= need else np.nan
            else:
                for k in range(width):
                    n = cnt[k]
                    q = dev[k] / (n - ddof) if n >= need else np.nan
                    o[k] = np.sqrt(q) if mode == 6 else q


def block_layout(
    shape: Sequence[int], window: Sequence[int]
) -> tuple[int, int, int, int, int] | None:
    """The ``(A, W0, B, W1, C)`` view of an array of ``shape`` cut in blocks of ``window``.

    Parameters
    ----------
    shape : sequence of int
        Shape of the data; every length is a multiple of its window.
    window : sequence of int
        Block length along each axis (1: the axis is kept).

    Returns
    -------
    tuple of int or None
        None when the window axes form three or more separate groups.

    Examples
    --------
    >>> block_layout((100, 36, 72), (1, 2, 2))
    (1800, 2, 36, 2, 1)
    >>> block_layout((120, 36, 72), (30, 1, 1))
    (4, 30, 1, 1, 2592)
    >>> block_layout((4, 6, 8), (2, 2, 2)) is None
    True
    """
    tagged: list[tuple[str, int]] = []
    for n, w in zip(shape, window, strict=True):
        if w == 1:
            tagged.append(("o", n))
        else:
            tagged += [("o", n // w), ("w", w)]
    groups: list[list[Any]] = []
    for tag, n in tagged:
        if n == 1:
            continue
        if groups and groups[-1][0] == tag:
            groups[-1][1] *= n
        else:
            groups.append([tag, n])
    if not any(tag == "w" for tag, _ in groups):
        groups.append(["w", 1])
    if groups[0][0] == "w":
        groups.insert(0, ["o", 1])
    if groups[-1][0] == "w":
        groups.append(["o", 1])
    sizes = [n for _, n in groups]
    if len(sizes) == 3:
        o0, w0, o1 = sizes
        return (o0, w0, 1, 1, o1) if o1 > 1 else (1, 1, o0, w0, 1)
    if len(sizes) == 5:
        return tuple(sizes)  # type: ignore[return-value]
    return None


def block_supported(func: str, dtype: Any, shape: Sequence[int], window: Sequence[int]) -> bool:
    """Whether :func:`block_reduce` handles this reduction, dtype and block layout.

    Float32 and float64 data with at most two separate groups of window axes, and numba on
    (``OPTIONS["use_numba"]``).

    Examples
    --------
    >>> block_supported("mean", np.float64, (10, 4), (1, 2))
    True
    >>> block_supported("median", np.float64, (10, 4), (1, 2))
    False
    """
    return (
        bool(OPTIONS["use_numba"])
        and func in BLOCK_FUNCS
        and np.dtype(dtype) in (np.dtype(np.float32), np.dtype(np.float64))
        and len(shape) == len(window)
        and block_layout(shape, window) is not None
    )


def _threads() -> int:
    import numba

    return int(numba.get_num_threads())


def block_reduce(
    values: np.ndarray,
    func: str,
    window: Sequence[int],
    *,
    skipna: bool = True,
    min_count: int = 0,
    ddof: int = 0,
) -> np.ndarray:
    """Reduce every block of ``window`` values of ``values`` to one.

    Parameters
    ----------
    values : numpy.ndarray
        float32 or float64 data; NaN is missing.
    func : {"sum", "mean", "count", "min", "max", "var", "std", "prod"}
        The reduction.
    window : sequence of int
        Block length along each axis (1 keeps the axis); each length must be a multiple.
    skipna : bool, default: True
        Skip NaN; otherwise a block holding one gives NaN (``count`` always counts valid values).
    min_count : int, default: 0
        ``sum``/``prod``: blocks with fewer valid values give NaN.
    ddof : int, default: 0
        Delta degrees of freedom of ``var``/``std``.

    Returns
    -------
    numpy.ndarray
        Shape ``n_i // w_i``; dtype of the data (int64 for ``count``).

    Raises
    ------
    ValueError
        Unknown ``func``, a window that does not divide its axis, or a layout with three or
        more separate groups of window axes (see :func:`block_layout`).
    TypeError
        Data that is not float32/float64.

    Examples
    --------
    >>> x = np.array([[1.0, 2.0, np.nan, 4.0], [5.0, 6.0, 7.0, 8.0]])
    >>> block_reduce(x, "sum", (1, 2))
    array([[ 3.,  4.],
           [11., 15.]])
    >>> block_reduce(x, "max", (2, 2), skipna=False)
    array([[ 6., nan]])
    """
    if func not in BLOCK_FUNCS:
        raise ValueError(
            f"no block reduction {func!r}; available: {', '.join(sorted(BLOCK_FUNCS))}"
        )
    values = np.asarray(values)
    if values.dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"block reductions need float32 or float64 data, got {values.dtype}")
    window = tuple(int(w) for w in window)
    if len(window) != values.ndim:
        raise ValueError(
            f"window has {len(window)} lengths for an array of {values.ndim} dimensions "
            f"(shape {values.shape})"
        )
    for axis, (n, w) in enumerate(zip(values.shape, window, strict=True)):
        if w < 1 or n % w:
            raise ValueError(f"window {w} does not cut axis {axis} of length {n} into whole blocks")
    out_shape = tuple(n // w for n, w in zip(values.shape, window, strict=True))
    dtype = np.dtype(np.int64) if func == "count" else values.dtype
    if values.size == 0:
        return np.empty(out_shape, dtype=dtype)
    layout = block_layout(values.shape, window)
    if layout is None:
        raise ValueError(
            f"windows {window} form three or more separate groups of axes; block_reduce "
            "handles window axes in at most two groups"
        )
    na, _, nb, _, nc = layout
    out = np.empty((na, nb, nc), dtype=dtype)
    x = np.ascontiguousarray(values).reshape(layout)
    parallel = x.size >= OPTIONS["parallel_threshold"]
    tasks = TASKS_PER_THREAD * _threads() if parallel else 1
    bblock = max(1, min(nb, SCRATCH // max(nc, 1)))
    ntb = -(-nb // bblock)
    achunk = max(1, -(-na // max(1, -(-tasks // ntb))))
    opts = {"parallel": True} if parallel else {}
    block_loop.dispatcher(**opts)(
        x, BLOCK_FUNCS[func], bool(skipna), int(ddof), int(min_count), achunk, bblock, out
    )
    return out.reshape(out_shape)
