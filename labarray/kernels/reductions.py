"""Reduction loops: each aggregation as a small loop, in two memory layouts.

The wrapper :mod:`labarray.kernels.nanreduce` lays every reduction out as one of two C-ordered
views and calls the matching loop here; nothing in this module knows about axes or dtypes rules.

* **row form** ``x[rows, n]``: reduce each row (the reduced elements are contiguous). The loop
  runs over one 1-D slice; the parallel variant splits the rows between threads.
* **column form** ``x[outer, m, inner]``: reduce the middle axis, accumulating row after row into
  an output of shape ``(outer, inner)``. This is how a reduction over the *leading* axis of a
  C-ordered array (``time`` of ``(time, lat, lon)``) reads memory once, in order, without a
  transposed copy; the inner loop runs over contiguous columns and vectorises. The parallel
  variant splits ``(outer, column blocks)`` between threads.

Conventions shared by every loop:

* "missing" is NaN for floats and, when ``nat`` is true (``datetime64``/``timedelta64`` data
  viewed as ``int64``), the NaT sentinel ``-2**63``. Integers are never missing.
* ``skipna`` selects the NaN-skipping variant; without it a missing value propagates (min/max
  return it, sums become NaN by arithmetic).
* Accumulators have the dtype of the output arrays the wrapper allocates (float64 for float32
  input, so long float32 sums do not drift; int64 for integers), and the loops start from the
  value already stored in the output (0 for sums, 1 for products).

These functions are plain Python; :mod:`labarray.kernels.nanreduce` compiles them with numba on
first use. ``prange`` is ``range`` here and ``numba.prange`` in the compiled copy.

>>> import numpy as np
>>> out, count = np.zeros(1), np.zeros(1, dtype=np.int64)
>>> sum_rows(np.array([[1.0, np.nan, 2.0]]), True, False, out, count)
>>> out, count
(array([3.]), array([2]))
"""

from __future__ import annotations

import numpy as np

# numba.prange inside the compiled kernels (see labarray.kernels.nanreduce)
prange = range

__all__ = [
    "anyall_columns",
    "anyall_rows",
    "argminmax_rows",
    "count_columns",
    "count_rows",
    "firstlast_columns",
    "firstlast_rows",
    "minmax_columns",
    "minmax_rows",
    "scan",
    "sum_columns",
    "sum_rows",
    "var_columns",
    "var_rows",
]

#: Helper functions the loops call; compiled (and inlined) along with them.
HELPERS = ("_pick", "_pick4", "_pick_lanes")
#: int64 value of NaT (datetime64/timedelta64 viewed as int64)
NAT = np.iinfo(np.int64).min
#: Elements summed in one block of a row before the block total joins the row total: sums of
#: blocks keep the rounding error of a long float64 sum close to that of pairwise summation.
SUM_BLOCK = 1024
#: Independent running extremes of a row min/max (one SIMD register or two of float64).
LANES = 8


# The kernels take their arguments positionally; the type of ``x`` and of the outputs picks the
# numba specialisation. Loop-invariant flags (skipna, prod, want_max, nat) are tested outside the
# inner loops where it matters for speed, so each inner loop stays simple enough to vectorise.


def sum_rows(x, skipna, prod, out, count):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Sum (``prod=False``) or product of each row, and the number of values used.

    Branch-free inner loops (a skipped NaN adds 0 / multiplies by 1) so that they vectorise.
    """
    rows, n = x.shape
    for i in prange(rows):
        r = x[i]
        acc = out[i]
        c = 0
        for start in range(0, n, SUM_BLOCK):
            b = r[start : min(start + SUM_BLOCK, n)]
            if prod:
                part = out[i] * 0 + 1
                if skipna:
                    for j in range(b.size):
                        v = b[j]
                        ok = v == v
                        part *= v if ok else 1
                        c += ok
                else:
                    for j in range(b.size):
                        part *= b[j]
                acc *= part
            else:
                part = out[i] * 0
                if skipna:
                    for j in range(b.size):
                        v = b[j]
                        ok = v == v
                        part += v if ok else 0
                        c += ok
                else:
                    for j in range(b.size):
                        part += b[j]
                acc += part
        out[i] = acc
        count[i] = c if skipna else n


def sum_columns(x, skipna, prod, block, out, count):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Sum or product over the middle axis of ``x[outer, m, inner]`` into ``out[outer, inner]``.

    Four rows are combined in registers before they touch the accumulators (a quarter of the
    loads and stores of a row-at-a-time loop).
    """
    outer, m, inner = x.shape
    nb = (inner + block - 1) // block
    for task in prange(outer * nb):
        o = task // nb
        j0 = (task - o * nb) * block
        j1 = min(j0 + block, inner)
        w = j1 - j0
        acc = out[o, j0:j1]
        cnt = count[o, j0:j1]
        t = 0
        if prod:
            for t in range(m):
                r = x[o, t, j0:j1]
                for j in range(w):
                    v = r[j]
                    ok = v == v or not skipna
                    acc[j] *= v if ok else 1
                    cnt[j] += ok
        elif skipna:
            while t + 4 <= m:
                r0 = x[o, t, j0:j1]
                r1 = x[o, t + 1, j0:j1]
                r2 = x[o, t + 2, j0:j1]
                r3 = x[o, t + 3, j0:j1]
                for j in range(w):
                    a = r0[j]
                    b = r1[j]
                    c = r2[j]
                    d = r3[j]
                    acc[j] += ((a if a == a else 0) + (b if b == b else 0)) + (
                        (c if c == c else 0) + (d if d == d else 0)
                    )
                    cnt[j] += (a == a) + (b == b) + (c == c) + (d == d)
                t += 4
            for tt in range(t, m):
                r = x[o, tt, j0:j1]
                for j in range(w):
                    v = r[j]
                    ok = v == v
                    acc[j] += v if ok else 0
                    cnt[j] += ok
        else:
            while t + 4 <= m:
                r0 = x[o, t, j0:j1]
                r1 = x[o, t + 1, j0:j1]
                r2 = x[o, t + 2, j0:j1]
                r3 = x[o, t + 3, j0:j1]
                for j in range(w):
                    acc[j] += (r0[j] + r1[j]) + (r2[j] + r3[j])
                t += 4
            for tt in range(t, m):
                r = x[o, tt, j0:j1]
                for j in range(w):
                    acc[j] += r[j]
            for j in range(w):
                cnt[j] = m


def var_rows(x, skipna, block, count, mean, m2):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Count, mean and sum of squared deviations of each row.

    Numerically stable and still one pass over memory: each block of ``block`` values is
    reduced with the two-pass algorithm while it sits in cache (block mean, then squared
    deviations from it), and the block results are merged with Chan et al.'s update. No
    ``E[x**2] - E[x]**2`` cancellation, float64 throughout.
    """
    rows, n = x.shape
    for i in prange(rows):
        r = x[i]
        nn = 0
        mu = 0.0
        q = 0.0
        for start in range(0, n, block):
            b = r[start : min(start + block, n)]
            s = 0.0
            c = 0
            for j in range(b.size):
                v = b[j]
                ok = v == v or not skipna
                s += v if ok else 0.0
                c += ok
            if c == 0:
                continue
            mb = s / c
            d2 = 0.0
            for j in range(b.size):
                v = b[j]
                d = v - mb
                d2 += d * d if (v == v or not skipna) else 0.0
            total = nn + c
            delta = mb - mu
            mu += delta * (c / total)
            q += d2 + delta * delta * (nn * (c / total))
            nn = total
        count[i] = nn
        mean[i] = mu
        m2[i] = q


def var_columns(x, skipna, block, tile, count, mean, m2):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Column form of :func:`var_rows`: tiles of ``tile`` rows x ``block`` columns stay in cache
    for their two passes, then each column's tile result is merged into ``count/mean/m2``."""
    outer, m, inner = x.shape
    nb = (inner + block - 1) // block
    for task in prange(outer * nb):
        o = task // nb
        j0 = (task - o * nb) * block
        j1 = min(j0 + block, inner)
        w = j1 - j0
        s = np.zeros(w)
        c = np.zeros(w)
        d2 = np.zeros(w)
        cn = count[o, j0:j1]
        mu = mean[o, j0:j1]
        q = m2[o, j0:j1]
        for t0 in range(0, m, tile):
            t1 = min(t0 + tile, m)
            s[:] = 0.0
            c[:] = 0.0
            d2[:] = 0.0
            t = t0
            while t + 2 <= t1:  # two rows per update of the tile sums
                r0 = x[o, t, j0:j1]
                r1 = x[o, t + 1, j0:j1]
                for k in range(w):
                    a = r0[k]
                    b = r1[k]
                    oka = a == a or not skipna
                    okb = b == b or not skipna
                    s[k] += (a if oka else 0.0) + (b if okb else 0.0)
                    c[k] += oka + okb
                t += 2
            if t < t1:
                r = x[o, t, j0:j1]
                for k in range(w):
                    v = r[k]
                    ok = v == v or not skipna
                    s[k] += v if ok else 0.0
                    c[k] += ok
            for k in range(w):
                s[k] = s[k] / c[k] if c[k] > 0 else 0.0  # the tile's mean
            t = t0
            while t + 2 <= t1:
                r0 = x[o, t, j0:j1]
                r1 = x[o, t + 1, j0:j1]
                for k in range(w):
                    a = r0[k]
                    b = r1[k]
                    da = a - s[k]
                    db = b - s[k]
                    d2[k] += (da * da if (a == a or not skipna) else 0.0) + (
                        db * db if (b == b or not skipna) else 0.0
                    )
                t += 2
            if t < t1:
                r = x[o, t, j0:j1]
                for k in range(w):
                    v = r[k]
                    d = v - s[k]
                    d2[k] += d * d if (v == v or not skipna) else 0.0
            for k in range(w):
                ck = c[k]
                if ck > 0:
                    total = cn[k] + ck
                    delta = s[k] - mu[k]
                    mu[k] += delta * (ck / total)
                    q[k] += d2[k] + delta * delta * (cn[k] * (ck / total))
                    cn[k] = total


def _pick(v, b, skipna, want_max):  # type: ignore[no-untyped-def]  # pragma: no cover
    """The better of ``v`` and ``b`` (greater for max), NaN handled by ``skipna``.

    With ``skipna`` a NaN ``b`` gives way to ``v`` (NaN only when both are); without it a NaN
    on either side wins. Ints never take the NaN branches.
    """
    better = v > b if want_max else v < b
    if skipna:
        return v if (better or b != b) else b
    return v if (better or v != v) else b


def _pick4(acc, r0, r1, r2, r3, skipna, want_max):  # type: ignore[no-untyped-def]  # pragma: no cover
    """``acc[j]`` becomes the best of itself and four rows' ``[j]`` (see :func:`_pick`)."""
    for j in range(acc.size):
        ab = _pick(r0[j], r1[j], skipna, want_max)
        cd = _pick(r2[j], r3[j], skipna, want_max)
        acc[j] = _pick(_pick(ab, cd, skipna, want_max), acc[j], skipna, want_max)


def _pick_lanes(lanes, r, stop, skipna, want_max):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Fold ``r[:stop]`` into ``len(lanes)`` running extremes; a NaN start value never wins
    with ``skipna`` (the lanes then start at -inf/+inf), without it NaN sticks."""
    width = lanes.size
    for start in range(0, stop, width):
        b = r[start : start + width]
        for k in range(width):
            v = b[k]
            lb = lanes[k]
            take = (v > lb if want_max else v < lb) or (not skipna and v != v)
            lanes[k] = v if take else lb


def minmax_rows(x, skipna, nat, want_max, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Minimum (or maximum) of each non-empty row; missing if the row has no valid value
    (``skipna``) or any missing value (not ``skipna``)."""
    rows, n = x.shape
    for i in prange(rows):
        r = x[i]
        best = r[0]
        if nat:  # datetimes as int64: NaT is the missing value
            for j in range(1, n):
                v = r[j]
                better = v > best if want_max else v < best
                if skipna:
                    if v != NAT and (best == NAT or better):
                        best = v
                elif best != NAT and (v == NAT or better):
                    best = v
        else:
            # LANES independent running extremes vectorise. They start at -inf (+inf for min):
            # with skipna a NaN never compares greater and is skipped; without it the select
            # also takes NaN, which then sticks (nothing compares greater than NaN).
            # Integers start from the row's first value; floats from it too unless it is NaN.
            start_value = -np.inf if want_max else np.inf
            lanes = np.full(LANES, best, dtype=x.dtype)
            if skipna and best != best:
                lanes[:] = start_value
            stop = n - n % LANES
            if skipna and want_max:
                _pick_lanes(lanes, r, stop, True, True)
            elif skipna:
                _pick_lanes(lanes, r, stop, True, False)
            elif want_max:
                _pick_lanes(lanes, r, stop, False, True)
            else:
                _pick_lanes(lanes, r, stop, False, False)
            best = lanes[0]
            for k in range(1, LANES):
                v = lanes[k]
                if (v > best if want_max else v < best) or (not skipna and v != v):
                    best = v
            for j in range(stop, n):
                v = r[j]
                if (v > best if want_max else v < best) or (not skipna and v != v):
                    best = v
            if skipna and best == start_value:  # rare: only NaN, or the extreme is -inf (+inf)
                found = False
                for j in range(n):
                    if r[j] == r[j]:
                        found = True
                        break
                if not found:
                    # only floats get here; a NaN stored in ``best`` would make numba type it
                    # float64 for integer rows too, rounding int64 extremes beyond 2**53
                    out[i] = np.nan
                    continue
        out[i] = best


def minmax_columns(x, skipna, nat, want_max, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Column form of :func:`minmax_rows`; ``out`` starts as ``x[:, 0, :]``."""
    outer, m, inner = x.shape
    nb = (inner + block - 1) // block
    for task in prange(outer * nb):
        o = task // nb
        j0 = (task - o * nb) * block
        j1 = min(j0 + block, inner)
        w = j1 - j0
        acc = out[o, j0:j1]
        t = 1
        if not nat:  # floats and ints: four rows combined in registers, then one update
            while t + 4 <= m:
                r0 = x[o, t, j0:j1]
                r1 = x[o, t + 1, j0:j1]
                r2 = x[o, t + 2, j0:j1]
                r3 = x[o, t + 3, j0:j1]
                # constant flags in each call: the inlined loop is specialised and vectorises
                if skipna and want_max:
                    _pick4(acc, r0, r1, r2, r3, True, True)
                elif skipna:
                    _pick4(acc, r0, r1, r2, r3, True, False)
                elif want_max:
                    _pick4(acc, r0, r1, r2, r3, False, True)
                else:
                    _pick4(acc, r0, r1, r2, r3, False, False)
                t += 4
        for tt in range(t, m):
            r = x[o, tt, j0:j1]
            if nat:
                for j in range(w):
                    v = r[j]
                    b = acc[j]
                    better = v > b if want_max else v < b
                    if skipna:
                        take = v != NAT and (b == NAT or better)
                    else:
                        take = b != NAT and (v == NAT or better)
                    acc[j] = v if take else b
            else:
                for j in range(w):
                    acc[j] = _pick(r[j], acc[j], skipna, want_max)


def argminmax_rows(x, skipna, nat, want_max, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Position of the first minimum (maximum) of each row. Without ``skipna`` the first missing
    value wins (as in NumPy); with it, a row without valid values gives -1."""
    rows, n = x.shape
    for i in prange(rows):
        k = -1
        best = x[i, 0]
        for j in range(n):
            v = x[i, j]
            if v != v or (nat and v == NAT):
                if not skipna:
                    k = j
                    break
                continue
            if k < 0 or (v > best if want_max else v < best):
                best = v
                k = j
        out[i] = k


def count_rows(x, nat, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Number of non-missing values of each row."""
    rows, n = x.shape
    for i in prange(rows):
        c = 0
        for j in range(n):
            v = x[i, j]
            if not (v != v or (nat and v == NAT)):
                c += 1
        out[i] = c


def count_columns(x, nat, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Column form of :func:`count_rows`."""
    outer, m, inner = x.shape
    nb = (inner + block - 1) // block
    for task in prange(outer * nb):
        o = task // nb
        j0 = (task - o * nb) * block
        j1 = min(j0 + block, inner)
        for t in range(m):
            for j in range(j0, j1):
                v = x[o, t, j]
                if not (v != v or (nat and v == NAT)):
                    out[o, j] += 1


def anyall_rows(x, want_all, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Whether any (all) values of each row are non-zero; NaN counts as non-zero, as in NumPy.
    Stops at the first value that decides the row."""
    rows, n = x.shape
    for i in prange(rows):
        result = want_all
        for j in range(n):
            if (x[i, j] != 0) != want_all:
                result = not want_all
                break
        out[i] = result


def anyall_columns(x, want_all, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Column form of :func:`anyall_rows`; ``out`` starts as ``want_all``."""
    outer, m, inner = x.shape
    nb = (inner + block - 1) // block
    for task in prange(outer * nb):
        o = task // nb
        j0 = (task - o * nb) * block
        j1 = min(j0 + block, inner)
        for t in range(m):
            for j in range(j0, j1):
                if want_all:
                    out[o, j] = out[o, j] and x[o, t, j] != 0
                else:
                    out[o, j] = out[o, j] or x[o, t, j] != 0


def firstlast_rows(x, nat, want_last, fill, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """First (last) non-missing value of each row, ``fill`` when there is none."""
    rows, n = x.shape
    for i in prange(rows):
        result = fill
        for jj in range(n):
            j = n - 1 - jj if want_last else jj
            v = x[i, j]
            if not (v != v or (nat and v == NAT)):
                result = v
                break
        out[i] = result


def firstlast_columns(x, nat, want_last, block, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Column form of :func:`firstlast_rows`; ``out`` starts as the first (last) row."""
    outer, m, inner = x.shape
    nb = (inner + block - 1) // block
    for task in prange(outer * nb):
        o = task // nb
        j0 = (task - o * nb) * block
        j1 = min(j0 + block, inner)
        for tt in range(1, m):
            t = m - 1 - tt if want_last else tt
            for j in range(j0, j1):
                best = out[o, j]
                if best != best or (nat and best == NAT):
                    out[o, j] = x[o, t, j]


def scan(x, skipna, prod, out):  # type: ignore[no-untyped-def]  # pragma: no cover
    """Cumulative sum (product) along the middle axis of ``x[outer, m, inner]`` into ``out``.

    Sequential, like NumPy's ``cumsum`` (so the results are identical); with ``skipna`` a NaN
    counts as 0 (1 for products), as in ``numpy.nancumsum``/``nancumprod``.
    """
    outer, m, inner = x.shape
    for o in prange(outer):
        for t in range(m):
            for j in range(inner):
                v = x[o, t, j]
                if skipna and v != v:
                    v = 1 if prod else 0
                if t == 0:
                    out[o, t, j] = v
                elif prod:
                    out[o, t, j] = out[o, t - 1, j] * v
                else:
                    out[o, t, j] = out[o, t - 1, j] + v
