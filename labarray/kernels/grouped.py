"""Grouped reductions on plain NumPy arrays: values reduced per integer group code.

The data arrive as a 3-D view ``(pre, n, post)`` whose middle axis holds the grouped elements and
``codes`` (int64, length ``n``) gives each element's group in ``[0, ngroups)`` (negative: skip the
element). The result has shape ``(pre, ngroups, post)``: every kernel streams the input once in
memory order (``pre``, then ``n``, then ``post``) and accumulates into ``out[p, codes[i], :]``, so
no copy of the input is made to move the grouped axis. Work is split between threads over
``pre`` and over blocks of ``post`` (never over ``n``: two threads would then write the same
group), and only when the array is large enough (``OPTIONS["parallel_threshold"]``).

The loops implement ``sum``, ``prod``, ``mean``, ``var``, ``std``, ``min``, ``max``, ``count``,
``any``, ``all``, ``first`` and ``last`` of bool, integer, float32/float64 data, and
``datetime64``/``timedelta64`` data through their int64 view (NaT is the missing value). Sums,
means and variances accumulate in float64 (int64/uint64 for integer sums). Everything else
(complex, object, median, quantile) runs on the sort-based NumPy engine of
:mod:`labarray.compute.grouping.reduce`.

:func:`reduce_numba` returns ``(result, nvalid)``: ``nvalid[p, g, j]`` counts the non-missing values
each result was computed from, so that the caller can fill empty groups and apply ``min_count``;
what a group without values holds in ``result`` is unspecified.

>>> import numpy as np
>>> x = np.array([1.0, 2.0, np.nan, 4.0]).reshape(1, 4, 1)
>>> codes = np.array([0, 1, 0, 1])
>>> result, nvalid = reduce_numba("sum", x, codes, 2, skipna=True)
>>> result[0, :, 0], nvalid[0, :, 0].tolist()
(array([1., 6.]), [1, 2])
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from labarray.kernels._compile import _with_globals
from labarray.options import OPTIONS

__all__ = [
    "GROUPED_FUNCS",
    "NUMBA_FUNCS",
    "as_3d",
    "compiled",
    "numba_supports",
    "reduce_numba",
    "runs",
    "weighted_quantile",
    "weighted_sum",
]

prange = range  # the compiled kernels see numba.prange (see labarray.kernels._compile)

#: every reduction the grouped engines implement
GROUPED_FUNCS = (
    "sum", "prod", "mean", "var", "std", "min", "max", "count", "any", "all", "first", "last",
    "median", "quantile", "argmin", "argmax",
)  # fmt: skip
#: reductions :func:`reduce_numba` implements (the others always run on :func:`reduce_numpy`)
NUMBA_FUNCS = frozenset(
    ["sum", "prod", "mean", "var", "std", "min", "max", "count", "any", "all", "first", "last"]
)
# reductions meaningful on datetime64/timedelta64 through the int64 view (NaT = missing)
_TIME_FUNCS = frozenset(["min", "max", "count", "first", "last"])
# post-blocks narrower than this waste most of each cache line they read
_MIN_BLOCK = 16


# --- layout -------------------------------------------------------------------------------------


def as_3d(
    values: np.ndarray, axes: tuple[int, ...]
) -> tuple[np.ndarray, tuple[int, ...], tuple[int, ...]]:
    """View ``values`` as ``(pre, n, post)`` with the grouped ``axes`` folded into the middle.

    Parameters
    ----------
    values : numpy.ndarray
        The data.
    axes : tuple of int
        The grouped axes, sorted.

    Returns
    -------
    view : numpy.ndarray
        A view of ``values`` when the grouped axes are adjacent and the array is C-contiguous;
        otherwise one C-ordered copy with the grouped axes moved to where the first one was.
    pre_shape, post_shape : tuple of int
        The shapes of the kept axes before and after the grouped block (their order kept).

    Examples
    --------
    >>> view, pre, post = as_3d(np.zeros((2, 3, 4)), (1,))
    >>> view.shape, pre, post
    ((2, 3, 4), (2,), (4,))
    """
    first = axes[0]
    kept = [a for a in range(values.ndim) if a not in axes]
    pre_axes = [a for a in kept if a < first]
    post_axes = [a for a in kept if a > first]
    order = pre_axes + list(axes) + post_axes
    if order != list(range(values.ndim)) or not values.flags.c_contiguous:
        values = np.ascontiguousarray(values.transpose(order))
    pre_shape = tuple(values.shape[: len(pre_axes)])
    post_shape = tuple(values.shape[len(pre_axes) + len(axes) :])
    n = math.prod(values.shape[len(pre_axes) : len(pre_axes) + len(axes)])
    return values.reshape(math.prod(pre_shape), n, math.prod(post_shape)), pre_shape, post_shape


# --- compiled loops -------------------------------------------------------------------------------
# The codes are turned into *runs* (maximal stretches of equal codes): a loop handles one run at a
# time, so the group of a run is looked up once, and a run's elements are contiguous along `n`.
# Two forms per reduction:
#   * row form (`post` large): a task owns out[p, :, j0:j1]; for every element of a run, the row
#     segment x[p, i, j0:j1] is added into out[p, g, j0:j1] (unit stride, vectorised);
#   * column form (`post` small, e.g. 1 when the grouped axis is last): for every run and column,
#     the run's values are reduced into a local accumulator (a vectorised reduction along `n`).
# Tasks never write the same memory, so the outer loop can be a prange. Missing values (NaN; NaT
# through the int64 view when `nat` is set) are skipped and not counted: `skipna=False` is applied
# by the wrapper from the counts, which keeps the loops free of a propagation branch. `cnt` counts
# the valid values behind every result -- except in the sum loops, which count the *missing* values
# (not at all when `counting` is False): the wrapper subtracts them from the group sizes.


def _sum_rows(x, starts, ends, rcodes, block, counting, out, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    pre, _n, post = x.shape
    nblocks = (post + block - 1) // block
    for t in prange(pre * nblocks):
        p = t // nblocks
        j0 = (t % nblocks) * block
        j1 = min(post, j0 + block)
        w = j1 - j0
        for r in range(rcodes.shape[0]):
            orow = out[p, rcodes[r], j0:j1]
            crow = cnt[p, rcodes[r], j0:j1]
            for i in range(starts[r], ends[r]):
                xr = x[p, i, j0:j1]
                bad = 0
                for j in range(w):
                    v = xr[j]
                    valid = v == v  # branch-free: invalid values add zero (vectorises)
                    orow[j] += v if valid else 0
                    bad += not valid
                if counting and bad:
                    # count the NaN of this row segment while it is still in cache: data
                    # without NaN never pay for a count stream
                    for j in range(w):
                        crow[j] += xr[j] != xr[j]


def _sum_columns(x, starts, ends, rcodes, counting, out, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    pre, _n, post = x.shape
    for p in prange(pre):
        for r in range(rcodes.shape[0]):
            g = rcodes[r]
            for j in range(post):
                s = out[p, g, j]
                c = 0
                for i in range(starts[r], ends[r]):
                    v = x[p, i, j]
                    valid = v == v
                    s += v if valid else 0
                    c += not valid
                out[p, g, j] = s
                if counting:
                    cnt[p, g, j] += c


def _mean_finish(sizes, out, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    # one pass after the sum loops: missing counts -> valid counts, sums -> means (NaN where a
    # cell has no valid value), in place
    pre, ngroups, post = out.shape
    for t in prange(pre * ngroups):
        p = t // ngroups
        g = t % ngroups
        size = sizes[g]
        orow = out[p, g]
        crow = cnt[p, g]
        for j in range(post):
            valid = size - crow[j]
            crow[j] = valid
            orow[j] = orow[j] / valid if valid > 0 else np.nan


def _sqdev_rows(x, starts, ends, rcodes, block, mean, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    # second pass of the variance: squared deviations from each group's mean (accurate, unlike
    # the textbook sum of squares minus squared sum)
    pre, _n, post = x.shape
    nblocks = (post + block - 1) // block
    for t in prange(pre * nblocks):
        p = t // nblocks
        j0 = (t % nblocks) * block
        j1 = min(post, j0 + block)
        w = j1 - j0
        for r in range(rcodes.shape[0]):
            orow = out[p, rcodes[r], j0:j1]
            mrow = mean[p, rcodes[r], j0:j1]
            for i in range(starts[r], ends[r]):
                xr = x[p, i, j0:j1]
                for j in range(w):
                    d = xr[j] - mrow[j]
                    orow[j] += d * d if d == d else 0.0


def _sqdev_columns(x, starts, ends, rcodes, mean, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    pre, _n, post = x.shape
    for p in prange(pre):
        for r in range(rcodes.shape[0]):
            g = rcodes[r]
            for j in range(post):
                m = mean[p, g, j]
                s = 0.0
                for i in range(starts[r], ends[r]):
                    d = x[p, i, j] - m
                    s += d * d if d == d else 0.0
                out[p, g, j] += s


def _prod_any(x, starts, ends, rcodes, out, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    pre, _n, post = x.shape
    for p in prange(pre):
        for r in range(rcodes.shape[0]):
            g = rcodes[r]
            for i in range(starts[r], ends[r]):
                for j in range(post):
                    v = x[p, i, j]
                    if v == v:
                        out[p, g, j] *= v
                        cnt[p, g, j] += 1


def _minmax_rows(x, starts, ends, rcodes, block, nat, want_max, out, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    # `out` starts at the identity (+inf / -inf, the integer extremes): a branch-free select per
    # value keeps the loop vectorised; NaN never compare true so they are skipped by themselves,
    # NaT (int64 min) is excluded explicitly. `cnt` counts the *missing* values, as the sum loops.
    pre, _n, post = x.shape
    nblocks = (post + block - 1) // block
    natval = np.iinfo(np.int64).min
    for t in prange(pre * nblocks):
        p = t // nblocks
        j0 = (t % nblocks) * block
        j1 = min(post, j0 + block)
        w = j1 - j0
        for r in range(rcodes.shape[0]):
            orow = out[p, rcodes[r], j0:j1]
            crow = cnt[p, rcodes[r], j0:j1]
            for i in range(starts[r], ends[r]):
                xr = x[p, i, j0:j1]
                bad = 0
                if nat:
                    for j in range(w):
                        v = xr[j]
                        valid = v != natval
                        better = v > orow[j] if want_max else v < orow[j]
                        orow[j] = v if (valid and better) else orow[j]
                        bad += not valid
                else:
                    for j in range(w):
                        v = xr[j]
                        better = v > orow[j] if want_max else v < orow[j]
                        orow[j] = v if better else orow[j]
                        bad += v != v
                if bad:
                    for j in range(w):
                        crow[j] += (xr[j] == natval) if nat else (xr[j] != xr[j])


def _minmax_columns(x, starts, ends, rcodes, nat, want_max, out, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    pre, _n, post = x.shape
    natval = np.iinfo(np.int64).min
    for p in prange(pre):
        for r in range(rcodes.shape[0]):
            g = rcodes[r]
            for j in range(post):
                best = out[p, g, j]
                c = 0
                for i in range(starts[r], ends[r]):
                    v = x[p, i, j]
                    valid = (v != natval) if nat else (v == v)
                    better = v > best if want_max else v < best
                    best = v if (valid and better) else best
                    c += not valid
                out[p, g, j] = best
                cnt[p, g, j] += c


def _firstlast(x, starts, ends, rcodes, nat, skipna, want_last, out, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    # skipna: first/last valid value and cnt counts valid values; otherwise the first/last
    # element and cnt counts elements
    pre, _n, post = x.shape
    natval = np.iinfo(np.int64).min
    for p in prange(pre):
        for r in range(rcodes.shape[0]):
            g = rcodes[r]
            for i in range(starts[r], ends[r]):
                for j in range(post):
                    v = x[p, i, j]
                    if skipna and ((v == natval) if nat else (v != v)):
                        continue
                    if want_last or cnt[p, g, j] == 0:
                        out[p, g, j] = v
                    cnt[p, g, j] += 1


def _firstlast_rows(x, starts, ends, rcodes, block, nat, skipna, want_last, out, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    # row form of first/last as a branch-free "keep overwriting" loop: last walks the elements
    # forwards, first walks them backwards (the first value is the last one seen backwards).
    # With skipna missing values never overwrite and `cnt` counts them (adaptive, as the sums).
    pre, _n, post = x.shape
    nblocks = (post + block - 1) // block
    natval = np.iinfo(np.int64).min
    nruns = rcodes.shape[0]
    for t in prange(pre * nblocks):
        p = t // nblocks
        j0 = (t % nblocks) * block
        j1 = min(post, j0 + block)
        w = j1 - j0
        for rr in range(nruns):
            r = rr if want_last else nruns - 1 - rr
            orow = out[p, rcodes[r], j0:j1]
            crow = cnt[p, rcodes[r], j0:j1]
            length = ends[r] - starts[r]
            for ii in range(length):
                i = starts[r] + ii if want_last else ends[r] - 1 - ii
                xr = x[p, i, j0:j1]
                if not skipna:
                    for j in range(w):
                        orow[j] = xr[j]
                    continue
                bad = 0
                for j in range(w):
                    v = xr[j]
                    valid = (v != natval) if nat else (v == v)
                    orow[j] = v if valid else orow[j]
                    bad += not valid
                if bad:
                    for j in range(w):
                        crow[j] += (xr[j] == natval) if nat else (xr[j] != xr[j])


def _count_rows(x, starts, ends, rcodes, block, nat, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    pre, _n, post = x.shape
    nblocks = (post + block - 1) // block
    natval = np.iinfo(np.int64).min
    for t in prange(pre * nblocks):
        p = t // nblocks
        j0 = (t % nblocks) * block
        j1 = min(post, j0 + block)
        w = j1 - j0
        for r in range(rcodes.shape[0]):
            crow = cnt[p, rcodes[r], j0:j1]
            for i in range(starts[r], ends[r]):
                xr = x[p, i, j0:j1]
                for j in range(w):
                    v = xr[j]
                    crow[j] += (v != natval) if nat else (v == v)


def _count_columns(x, starts, ends, rcodes, nat, cnt):  # type: ignore[no-untyped-def]  # pragma: no cover
    pre, _n, post = x.shape
    natval = np.iinfo(np.int64).min
    for p in prange(pre):
        for r in range(rcodes.shape[0]):
            g = rcodes[r]
            for j in range(post):
                c = 0
                for i in range(starts[r], ends[r]):
                    v = x[p, i, j]
                    c += (v != natval) if nat else (v == v)
                cnt[p, g, j] += c


def _weighted_rows(x, w, skipna, center, use_center, block, out, sw):  # type: ignore[no-untyped-def]  # pragma: no cover
    # weighted sum over the middle axis of (pre, n, post), post large: row segments scaled by
    # w[i] are added into out[p, j0:j1]; sw sums the weights of the valid values. With
    # use_center, the squared deviations from center[p, j] are summed instead (weighted variance).
    # The flags are tested outside the inner loops, which stay branch-free (vectorised).
    pre, n, post = x.shape
    nblocks = (post + block - 1) // block
    for t in prange(pre * nblocks):
        p = t // nblocks
        j0 = (t % nblocks) * block
        j1 = min(post, j0 + block)
        width = j1 - j0
        orow = out[p, j0:j1]
        srow = sw[p, j0:j1]
        crow = center[p, j0:j1] if use_center else center[0, 0:1]
        for i in range(n):
            wi = w[i]
            xr = x[p, i, j0:j1]
            if use_center:
                for j in range(width):
                    d = xr[j] - crow[j]
                    valid = d == d
                    orow[j] += d * d * wi if valid else (0.0 if skipna else d)
                    srow[j] += wi if valid else 0.0
            elif skipna:
                for j in range(width):
                    v = xr[j]
                    valid = v == v
                    orow[j] += v * wi if valid else 0.0
                    srow[j] += wi if valid else 0.0
            else:  # NaN propagates into the sum; the weights still count valid values only
                for j in range(width):
                    v = xr[j]
                    orow[j] += v * wi
                    srow[j] += wi if v == v else 0.0


def _weighted_columns(x, w, skipna, center, use_center, out, sw):  # type: ignore[no-untyped-def]  # pragma: no cover
    # post small (1 when the reduced axes are last): one vectorised dot product per (p, j)
    pre, n, post = x.shape
    for p in prange(pre):
        for j in range(post):
            s = 0.0
            t = 0.0
            if use_center:
                c = center[p, j]
                for i in range(n):
                    d = x[p, i, j] - c
                    valid = d == d
                    s += d * d * w[i] if valid else (0.0 if skipna else d)
                    t += w[i] if valid else 0.0
            elif skipna:
                for i in range(n):
                    v = x[p, i, j]
                    valid = v == v
                    s += v * w[i] if valid else 0.0
                    t += w[i] if valid else 0.0
            else:
                for i in range(n):
                    v = x[p, i, j]
                    s += v * w[i]
                    t += w[i] if v == v else 0.0
            out[p, j] = s
            sw[p, j] = t


def _weighted_dot(x, w, skipna, center, use_center, out, sw):  # type: ignore[no-untyped-def]  # pragma: no cover
    # post == 1 (the reduced axes are last): x is (pre, n), one unit-stride dot product per row
    pre, n = x.shape
    for p in prange(pre):
        xr = x[p]
        s = 0.0
        t = 0.0
        if use_center:
            c = center[p, 0]
            for i in range(n):
                d = xr[i] - c
                valid = d == d
                s += d * d * w[i] if valid else (0.0 if skipna else d)
                t += w[i] if valid else 0.0
        elif skipna:
            for i in range(n):
                v = xr[i]
                valid = v == v
                s += v * w[i] if valid else 0.0
                t += w[i] if valid else 0.0
        else:
            for i in range(n):
                v = xr[i]
                s += v * w[i]
                t += w[i] if v == v else 0.0
        out[p, 0] = s
        sw[p, 0] = t


def _weighted_quantile_rows(x, w, order, q, skipna, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    # weighted quantiles of every row of x (K, N) with weights w (K, N; may be a broadcast view),
    # `order` sorting each row (NaN among the last): the sorted values cover [0, 1] in proportion to their
    # weights, and quantile q averages the values overlapping [(h - 1) / n_eff, h / n_eff],
    # h = (n_eff - 1) q + 1, n_eff = Kish's effective sample size (NumPy's "linear" method when
    # the weights are equal). Zero weights and (with skipna) NaN drop their values.
    nrows, n = x.shape
    for k in prange(nrows):
        total = 0.0
        squares = 0.0
        has_nan = False
        for i in range(n):
            v = x[k, i]
            if v != v:
                has_nan = True
            else:
                total += w[k, i]
                squares += w[k, i] * w[k, i]
        if total == 0 or (has_nan and not skipna):
            out[k, :] = np.nan
            continue
        n_eff = total * total / squares
        for iq in range(q.shape[0]):
            h = min(max((n_eff - 1.0) * q[iq] + 1.0, 1.0), n_eff)
            lo = (h - 1.0) / n_eff
            hi = h / n_eff
            res = 0.0
            c0 = 0.0
            for r in range(n):
                idx = order[k, r]
                v = x[k, idx]
                if v != v:
                    continue  # sorted among the +inf, last
                c1 = c0 + w[k, idx] / total
                if c1 > lo:
                    u0 = min(max(c0, lo), hi)
                    u1 = min(max(c1, lo), hi)
                    res += (u1 - u0) * n_eff * v
                if c1 >= hi:
                    break
                c0 = c1
            out[k, iq] = res


def weighted_quantile(
    x: np.ndarray, w: np.ndarray, q: np.ndarray, *, skipna: bool = True
) -> np.ndarray:
    """Weighted quantiles of every row of ``x`` (``(K, N)``) with weights ``w`` -> ``(K, nq)``.

    Missing values are skipped (``skipna``; otherwise a row holding one gives NaN), zero weights
    drop their values, rows without values give NaN. Equal weights give :func:`numpy.quantile`.

    Examples
    --------
    >>> weighted_quantile(np.array([[1.0, 2.0, 3.0, 4.0]]), np.ones((1, 4)), np.array([0.5]))
    array([[2.5]])
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.broadcast_to(np.asarray(w, dtype=np.float64), x.shape)
    q = np.atleast_1d(np.asarray(q, dtype=np.float64))
    out = np.empty((x.shape[0], q.size))
    if x.shape[0]:
        parallel = x.shape[0] > 1 and x.size >= OPTIONS["parallel_threshold"] // 8
        # NumPy's (SIMD) argsort beats a compiled sort; it is much slower with NaN, so they sort
        # as +inf (last), and the loop skips them
        nan = np.isnan(x)
        order = np.argsort(np.where(nan, np.inf, x) if nan.any() else x, axis=1)
        compiled("_weighted_quantile_rows", parallel and _threads() > 1)(
            x, w, order, q, skipna, out
        )
    return out


# --- compilation ----------------------------------------------------------------------------------

# NaN checks must survive (numba's fastmath=True would assume there are none); reassociation
# lets LLVM keep several partial sums in SIMD lanes.
_FASTMATH = {"reassoc", "contract", "nsz", "arcp"}
_VECTORISED = frozenset(
    ["_sum_rows", "_sum_columns", "_sqdev_rows", "_sqdev_columns", "_weighted_rows",
     "_weighted_columns", "_weighted_dot", "_minmax_rows", "_minmax_columns"]
)  # fmt: skip


def compiled(name: str, parallel: bool = False) -> Any:
    """The numba dispatcher of the loop ``name`` of this module, compiled lazily and cached.

    Parameters
    ----------
    name : str
        The loop's function name (``"_sum_rows"`` ...).
    parallel : bool, default: False
        Compile for numba's parallel target (the outer ``prange`` is split between threads).

    Examples
    --------
    >>> compiled("_count_columns").py_func.__name__
    '_count_columns'
    """
    if name not in _LOOPS:
        raise KeyError(f"no grouped loop named {name!r}; loops: {', '.join(_LOOPS)}")
    return _compiled(name, bool(parallel))


@functools.cache
def _compiled(name: str, parallel: bool) -> Any:
    import numba

    func = globals()[name]
    namespace = {**func.__globals__, "prange": numba.prange if parallel else range}
    # a distinct name keeps the parallel machine code apart from the serial one in numba's
    # on-disk cache (keyed by name and bytecode, not by options)
    clone = _with_globals(func, namespace, suffix="_parallel" if parallel else "")
    clone.__name__ = func.__name__
    fastmath = set(_FASTMATH) if name in _VECTORISED else False
    return numba.njit(cache=True, nogil=True, parallel=parallel, fastmath=fastmath)(clone)


_LOOPS = (
    "_sum_rows", "_sum_columns", "_mean_finish", "_sqdev_rows", "_sqdev_columns", "_prod_any", "_minmax_rows",
    "_minmax_columns", "_firstlast", "_firstlast_rows", "_count_rows", "_count_columns", "_weighted_rows",
    "_weighted_columns", "_weighted_dot", "_weighted_quantile_rows",
)  # fmt: skip


# --- wrapper --------------------------------------------------------------------------------------


def numba_supports(func: str, dtype: np.dtype[Any]) -> bool:
    """Whether :func:`reduce_numba` implements ``func`` for data of ``dtype``.

    Examples
    --------
    >>> numba_supports("mean", np.dtype("float32")), numba_supports("median", np.dtype("f8"))
    (True, False)
    """
    if func not in NUMBA_FUNCS:
        return False
    kind = dtype.kind
    if kind in "mM":
        return func in _TIME_FUNCS
    if kind == "f":
        return dtype.itemsize in (4, 8)
    return kind in "biu"


def runs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maximal stretches of equal codes: ``(starts, ends, codes)``, skipped (negative) ones dropped.

    Examples
    --------
    >>> runs(np.array([0, 0, 1, -1, -1, 1, 1]))
    (array([0, 2, 5]), array([2, 3, 7]), array([0, 1, 1]))
    """
    codes = np.asarray(codes, dtype=np.int64)
    if codes.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    change = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [codes.size]])
    rcodes = codes[starts]
    keep = rcodes >= 0
    return starts[keep], ends[keep], rcodes[keep]


def _extreme(dtype: np.dtype[Any], high: bool) -> Any:
    """The identity of min (``high``) or max for ``dtype``: +-inf, or the integer extremes."""
    if dtype.kind == "f":
        return np.inf if high else -np.inf
    info = np.iinfo(dtype)
    return info.max if high else info.min


def _threads() -> int:
    import numba

    return int(numba.get_num_threads())


def _plan(x: np.ndarray) -> tuple[bool, bool, int]:
    """(parallel, row form, width of the post blocks of one task)."""
    pre, _, post = x.shape
    parallel = x.size >= OPTIONS["parallel_threshold"] and _threads() > 1
    rows = post >= _MIN_BLOCK
    # blocks of post keep each task's accumulators (ngroups x block) in cache
    block = max(1, min(post, 4096))
    if parallel and rows:
        want = 2 * _threads()
        tasks = pre * -(-post // block)
        if tasks < want:
            per_row = -(-want // pre)
            block = max(_MIN_BLOCK, -(-post // per_row))
    return parallel and (pre > 1 or rows), rows, block


_TIME_MISSING = np.iinfo(np.int64).min


def reduce_numba(
    func: str,
    x: np.ndarray,
    codes: np.ndarray,
    ngroups: int,
    *,
    skipna: bool,
    ddof: int = 0,
    counting: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Grouped reduction of a ``(pre, n, post)`` array on the compiled loops.

    Parameters
    ----------
    func : str
        One of :data:`NUMBA_FUNCS` (see :func:`numba_supports` for the dtypes).
    x : numpy.ndarray
        Data of shape ``(pre, n, post)``.
    codes : numpy.ndarray
        int64 group codes of length ``n`` (negative: element skipped).
    ngroups : int
        Number of groups.
    skipna : bool
        Skip missing values; ``False`` makes a group holding one missing value missing (for
        ``first``/``last``: the first/last element, missing or not).
    ddof : int, default: 0
        Delta degrees of freedom of ``var``/``std``.
    counting : bool, default: True
        ``sum`` only: count the valid values (False saves a pass of stores when the caller does
        not need them; ``nvalid`` is then the number of elements of each group).

    Returns
    -------
    result : numpy.ndarray
        ``(pre, ngroups, post)``; dtypes as NumPy's reductions (float32 stays float32, integer
        sums are int64, means float64). Entries of groups without valid values are unspecified.
    nvalid : numpy.ndarray
        Integer ``(pre, ngroups, post)`` (int32 where the grouped axis is shorter than 2**31):
        valid values behind each result (elements, for ``first``/``last`` with
        ``skipna=False``).

    Examples
    --------
    >>> x = np.array([[1, 5, 2, 7]], dtype="int32").reshape(1, 4, 1)
    >>> result, nvalid = reduce_numba("max", x, np.array([0, 0, 1, -1]), 2, skipna=False)
    >>> result[0, :, 0], nvalid[0, :, 0]
    (array([5, 2], dtype=int32), array([2, 1]))
    """
    if not numba_supports(func, x.dtype):
        raise TypeError(f"the grouped numba loops do not implement {func} for {x.dtype} data")
    dtype = x.dtype
    kind = dtype.kind
    nat = kind in "mM"
    if nat:
        x = x.view(np.int64)
    elif kind == "b":
        x = x.view(np.uint8)
    elif kind == "u" and x.dtype.itemsize == 8 and func in ("sum", "prod"):
        # two's complement: int64 wrap-around sums/products are the uint64 ones (exactly, where a
        # mixed uint64/int64 expression would go through float64)
        x = x.view(np.int64)
    codes = np.asarray(codes, dtype=np.int64)
    pre, n, post = x.shape
    shape = (pre, ngroups, post)
    starts, ends, rcodes = runs(codes)
    sizes = np.bincount(rcodes, weights=ends - starts, minlength=ngroups).astype(np.int64)
    sizes = sizes.reshape(1, ngroups, 1)
    parallel, rows, block = _plan(x)
    work = x.size > 0 and ngroups > 0 and rcodes.size > 0

    def run(name: str, *args: Any) -> None:
        if work:
            compiled(f"{name}_rows" if rows else f"{name}_columns", parallel)(
                x, starts, ends, rcodes, *((block,) if rows else ()), *args
            )

    counting = counting or func != "sum" or not skipna
    # int32 counters halve the store traffic of the counting loops (a count never exceeds n)
    cnt = np.zeros(shape, dtype=np.int32 if n < 2**31 else np.int64)
    out: np.ndarray
    if func in ("sum", "mean", "var", "std"):
        if kind == "f" or func != "sum":
            acc: Any = np.float64
        else:
            acc = np.int64  # unsigned results are viewed as uint64 below
        out = np.zeros(shape, dtype=acc)
        run("_sum", counting, out, cnt)
        if func == "mean":  # float64 sums -> means, missing -> valid counts: one pass
            compiled("_mean_finish", parallel)(sizes.reshape(-1), out, cnt)
        elif counting:  # missing -> valid, in place (the counters are as large as the result)
            cnt = np.subtract(sizes, cnt, out=cnt, casting="unsafe")
        else:
            cnt = np.broadcast_to(sizes, shape)
        if func in ("var", "std"):
            with np.errstate(all="ignore"):
                mean = out / cnt
            m2 = np.zeros(shape, dtype=np.float64)
            run("_sqdev", mean, m2)
            with np.errstate(all="ignore"):
                out = m2 / (cnt - ddof)
            if func == "std":
                out = np.sqrt(out, out=out)
        if kind == "f":
            out = out.astype(dtype, copy=False)
        elif kind == "u" and func == "sum":
            out = out.view(np.uint64)
    elif func == "prod":
        out = np.ones(shape, dtype=np.float64 if kind == "f" else np.int64)
        if work:
            compiled("_prod_any", parallel)(x, starts, ends, rcodes, out, cnt)
        if kind == "f":
            out = out.astype(dtype, copy=False)
        elif kind == "u":
            out = out.view(np.uint64)
    elif func in ("min", "max"):
        out = np.full(shape, _extreme(x.dtype, func == "min"), dtype=x.dtype)
        run("_minmax", nat, func == "max", out, cnt)
        cnt = sizes - cnt  # missing -> valid
        out = out.view(dtype)
    elif func in ("first", "last"):
        out = np.zeros(shape, dtype=x.dtype)
        if work and rows:
            compiled("_firstlast_rows", parallel)(
                x, starts, ends, rcodes, block, nat, bool(skipna), func == "last", out, cnt
            )
            cnt = sizes - cnt  # the row loop counts missing values (none without skipna)
        elif work:
            compiled("_firstlast", parallel)(
                x, starts, ends, rcodes, nat, bool(skipna), func == "last", out, cnt
            )
        out = out.view(dtype)
        skipna = True  # the loop already picked the first/last element
    elif func == "count":
        run("_count", nat, cnt)
        cnt = cnt.astype(np.int64)
        return cnt, cnt
    else:  # any / all: count the true values (non-zero; NaN is true, as in NumPy)
        truth = (x != 0).view(np.uint8)
        true_count = np.zeros(shape, dtype=np.int64)
        if work:
            rows_form = "_sum_rows" if rows else "_sum_columns"
            compiled(rows_form, parallel)(
                truth, starts, ends, rcodes, *((block,) if rows else ()), False, true_count, cnt
            )
        cnt = np.broadcast_to(sizes, shape)
        return (true_count > 0 if func == "any" else true_count == sizes), cnt
    if not skipna and kind in "fmM":
        # skipna=False: a group holding a missing value gives a missing value
        tainted = cnt < sizes
        if tainted.any():
            missing = np.array(np.nan if kind == "f" else "NaT", dtype=out.dtype)
            out = np.where(tainted, missing, out)
    return out, cnt  # int32 counters stay int32: widening would copy an array as large as out


# --- weighted sums --------------------------------------------------------------------------------


def weighted_sum(
    x: np.ndarray,
    w: np.ndarray,
    *,
    skipna: bool,
    center: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted sum over the middle axis of a ``(pre, n, post)`` array, in one fused pass.

    ``sum(x[p, :, j] * w)`` is accumulated in float64 without forming ``x * w``; missing values
    are skipped (``skipna``) or propagate, and the weights of the valid values are summed alongside.

    Parameters
    ----------
    x : numpy.ndarray
        Real data of shape ``(pre, n, post)`` (floats, integers or bools).
    w : numpy.ndarray
        Weights of length ``n``.
    skipna : bool
        Skip NaN (else a NaN makes the sum NaN).
    center : numpy.ndarray, optional
        ``(pre, post)`` values to subtract before squaring: the result is then the weighted sum
        of squared deviations (the numerator of the weighted variance).

    Returns
    -------
    total, sum_of_weights : numpy.ndarray
        float64 arrays of shape ``(pre, post)``.

    Examples
    --------
    >>> x = np.array([1.0, np.nan, 3.0]).reshape(1, 3, 1)
    >>> weighted_sum(x, np.array([1.0, 1.0, 3.0]), skipna=True)
    (array([[10.]]), array([[4.]]))
    """
    if x.dtype.kind == "b":
        x = x.view(np.uint8)
    elif x.dtype.kind not in "iuf":
        raise TypeError(f"weighted_sum works on real numbers, got {x.dtype} data")
    pre, n, post = x.shape
    w = np.ascontiguousarray(w, dtype=np.float64)
    if w.shape != (n,):
        raise ValueError(f"weights must have shape ({n},) to match the data, got {w.shape}")
    out = np.zeros((pre, post), dtype=np.float64)
    sw = np.zeros((pre, post), dtype=np.float64)
    use_center = center is not None
    centre = np.ascontiguousarray(center, dtype=np.float64) if use_center else np.zeros((1, 1))
    if x.size == 0:
        return out, sw
    parallel = x.size >= OPTIONS["parallel_threshold"] and _threads() > 1
    if post >= _MIN_BLOCK:
        block = max(1, min(post, 4096))
        if parallel and pre * -(-post // block) < 2 * _threads():
            block = max(_MIN_BLOCK, -(-post // -(-2 * _threads() // pre)))
        compiled("_weighted_rows", parallel)(x, w, skipna, centre, use_center, block, out, sw)
    elif post == 1:
        compiled("_weighted_dot", parallel and pre > 1)(
            x.reshape(pre, n), w, skipna, centre, use_center, out, sw
        )
    else:
        compiled("_weighted_columns", parallel and pre > 1)(
            x, w, skipna, centre, use_center, out, sw
        )
    return out, sw
