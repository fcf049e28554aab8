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

#: int64 value of NaT (datetime64/timedelta64 viewed as int64)
NAT = np.iinfo(np.int64).min
#: Elements summed in one block of a row before the block total joins the row total: sums of
#: blocks keep the rounding error of a long float64 sum close to that of pairwise summation.
SUM_BLOCK = 1024


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
            stop = min(start + SUM_BLOCK, n)
            if prod:
                part = out[i] * 0 + 1
                if skipna:
                    for j in range(start, stop):
                        v = r[j]
                        ok = v == v
                        part *= v if ok else 1
                        c += ok
                else:
                    for j in range(start, stop):
                        part *= r[j]
                acc *= part
            else:
                part = out[i] * 0
                if skipna:
                    for j in range(start, stop):
                        v = r[j]
                        ok = v == v
                        part += v if ok else 0
                        c += ok
                else:
                    for j in range(start, stop):
                        part += r[j]
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
            stop = min(start + block, n)
            s = 0.0
            c = 0
            for j in range(start, stop):
                v = r[j]
                ok = v == v or not skipna
                s += v if ok else 0.0
                c += ok
            if c == 0:
                continue
            mb = s / c
            d2 = 0.0
            for j in range(start, stop):
                v = r[j]
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
            for t in range(t0, t1):
                r = x[o, t, j0:j1]
                for k in range(w):
                    v = r[k]
                    ok = v == v or not skipna
                    s[k] += v if ok else 0.0
                    c[k] += ok
            for k in range(w):
                s[k] = s[k] / c[k] if c[k] > 0 else 0.0  # the tile's mean
            for t in range(t0, t1):
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
            # NaN compares false: skipped by the comparison, then found again below
            missing = best != best
            found = not missing
            for j in range(1, n):
                v = r[j]
                ok = v == v
                missing |= not ok
                if ok and (not found or (v > best if want_max else v < best)):
                    best = v
                    found = True
            if (missing and not skipna) or not found:
                best = best * 0 + np.nan
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
        for t in range(1, m):
            r = x[o, t, j0:j1]
            for j in range(w):
                v = r[j]
                b = acc[j]
                vm = v != v or (nat and v == NAT)
                bm = b != b or (nat and b == NAT)
                better = v > b if want_max else v < b
                take = (not vm and (bm or better)) if skipna else (not bm and (vm or better))
                acc[j] = v if take else b


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
