"""Grouped reductions of NumPy and Dask arrays: the engine behind ``GroupBy``/``Resample`` methods.

:func:`grouped_reduce` reduces the elements of one or more axes by integer group codes. The
grouped axes disappear and one axis of length ``ngroups`` is appended *last*.

* NumPy data run on the compiled loops of :mod:`labarray.kernels.grouped` (one pass over the
  data in memory order, no transposing copy), or -- for dtypes and reductions those loops do not
  implement (complex, object, median, quantile, argmin/argmax) -- on a sort-based NumPy engine
  that reduces each group's slice with :func:`labarray.aggregations.apply_aggregation`.
* Dask data are reduced as a map-reduce: every block is reduced to per-group *partials* (sums
  and counts, moments, extrema ...) with the grouped axes kept with length 1, the partials are
  combined as a tree along the grouped axes and finalized; the result stays lazy. Groups may span
  any number of blocks and a task never holds more than one block plus its partials. When the
  codes along a single grouped axis never decrease (resampling), chunk boundaries are moved to
  the nearest group boundaries instead and every block reduces its own groups (no combine step,
  any reduction). Otherwise ``median`` and ``quantile`` need every value of a group at once: the
  grouped axes are rechunked into one block (the other axes keep their chunks).

Rules shared by both paths: NaN (NaT) are skipped by default for the dtypes that hold them;
``sum``/``prod`` of integers stay int64, means of integers are float64, float32 data are
accumulated in float64 and returned as float32; groups without any element receive
``fill_value`` (by default 0 for ``sum``/``count``, 1 for ``prod``, False/True for
``any``/``all`` and the missing value -- NaN, NaT -- otherwise, integers promoted to float only
when that happens); with ``min_count`` a result from fewer valid values is missing.

>>> import numpy as np
>>> data = np.array([[1.0, 2.0, np.nan, 4.0], [5.0, 6.0, 7.0, 8.0]])
>>> codes = np.array([0, 1, 0, 1])
>>> grouped_reduce(data, codes, 2, axis=1, func="mean")
array([[1., 3.],
       [6., 7.]])
"""

from __future__ import annotations

import functools
import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from labarray.aggregations import apply_aggregation, get_aggregation, isnull
from labarray.kernels import grouped as _kernels
from labarray.kernels import quantile as _quantile
from labarray.kernels.take import NA, maybe_promote, result_dtype
from labarray.options import OPTIONS
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.suggest import did_you_mean, format_names

__all__ = ["GROUPED_FUNCS", "grouped_reduce", "reduce_numpy"]

#: every ``func`` :func:`grouped_reduce` accepts
GROUPED_FUNCS: tuple[str, ...] = _kernels.GROUPED_FUNCS
# kinds that can hold a missing value: NaN is skipped by default only for these
_NAN_KINDS = frozenset("fcmMO")
# reductions whose empty result is an identity rather than a missing value
_IDENTITY = {"sum": 0, "prod": 1, "count": 0, "any": False, "all": True}


# --- validation ---------------------------------------------------------------------------------


def _check_func(func: Any) -> str:
    if isinstance(func, str) and func in GROUPED_FUNCS:
        return func
    hint = did_you_mean(func, GROUPED_FUNCS) if isinstance(func, str) else ""
    raise ValueError(
        f"unknown grouped reduction func={func!r}; valid names are: "
        f"{format_names(GROUPED_FUNCS, limit=len(GROUPED_FUNCS))}" + (f"; {hint}" if hint else "")
    )


def _check_axes(axis: Any, ndim: int) -> tuple[int, ...]:
    if isinstance(axis, (int, np.integer)) and not isinstance(axis, bool):
        axis = (axis,)
    if not isinstance(axis, (tuple, list)) or not axis:
        raise TypeError(f"axis must be an int or a non-empty tuple of ints, got {axis!r}")
    axes_list = []
    for a in axis:
        if isinstance(a, bool) or not isinstance(a, (int, np.integer)):
            raise TypeError(f"axis must be an int or a non-empty tuple of ints, got {axis!r}")
        if not -ndim <= a < ndim:
            raise np.exceptions.AxisError(
                f"axis {a} is out of bounds for data with {ndim} dimension(s)"
            )
        axes_list.append(int(a) % ndim)
    axes = tuple(axes_list)
    if len(set(axes)) != len(axes):
        raise ValueError(f"repeated axis in grouped reduction: {axis!r}")
    return axes


def _check_codes(
    codes: Any, shape: tuple[int, ...], ngroups: int, axes: tuple[int, ...]
) -> np.ndarray:
    if is_chunked_array(codes):
        raise TypeError("codes must be a NumPy array (factorize the group before reducing)")
    codes = np.asarray(codes)
    if codes.dtype.kind not in "iu":
        raise TypeError(f"codes must be an integer array, got dtype {codes.dtype}")
    expected = tuple(shape[a] for a in axes)
    if codes.shape != expected:
        raise ValueError(
            f"codes has shape {codes.shape} but the grouped axes {axes} of the data have shape "
            f"{expected}; codes needs one entry per grouped element"
        )
    codes = codes.astype(np.int64, copy=False)
    if codes.size:
        lo, hi = int(codes.min()), int(codes.max())
        if hi >= ngroups or lo < -1:
            bad = hi if hi >= ngroups else lo
            raise ValueError(
                f"codes must lie in [0, ngroups={ngroups}) or be -1 (skip); found {bad}"
            )
    # Sort the grouped axes: codes follow the data's axis order (C order of the folded block).
    order = np.argsort(axes, kind="stable")
    if list(order) != list(range(len(axes))):
        codes = np.transpose(codes, order)
    return np.ascontiguousarray(codes).reshape(-1)


def _check_ngroups(ngroups: Any) -> int:
    if isinstance(ngroups, bool) or not isinstance(ngroups, (int, np.integer)) or ngroups < 0:
        raise ValueError(f"ngroups must be a non-negative integer, got {ngroups!r}")
    return int(ngroups)


def _check_options(
    func: str, dtype: np.dtype[Any], min_count: Any, ddof: Any, q: Any, method: str
) -> np.ndarray | None:
    if min_count is not None and (
        isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 0
    ):
        raise ValueError(f"min_count must be a non-negative integer or None, got {min_count!r}")
    if isinstance(ddof, bool) or not isinstance(ddof, (int, np.integer)):
        raise TypeError(f"ddof must be an integer, got {ddof!r}")
    qarr = None
    if func == "quantile":
        if q is None:
            raise ValueError("func='quantile' needs q (a float or a sequence of floats in [0, 1])")
        qarr = _quantile.validate_q(q)
        _quantile.validate_method(method)
    elif q is not None:
        raise ValueError(f"q is only used by func='quantile', got q={q!r} with func={func!r}")
    kind = dtype.kind
    if kind in "mM":
        allowed = {"min", "max", "count", "first", "last", "mean", "median"}
        if kind == "m":
            allowed |= {"sum"}
        if func not in allowed:
            raise TypeError(
                f"cannot compute grouped {func} of {dtype} data; possible reductions: "
                + format_names(sorted(allowed))
            )
    if kind in "SU" and func not in ("count", "first", "last"):
        raise TypeError(
            f"cannot compute grouped {func} of {dtype} data; possible reductions: count, "
            "first, last"
        )
    if func in ("median", "quantile") and kind == "c":
        raise TypeError(f"cannot compute grouped {func} of {dtype} data")
    return qarr


# --- NumPy engine ---------------------------------------------------------------------------------


def reduce_numpy(
    func: str,
    x: np.ndarray,
    codes: np.ndarray,
    ngroups: int,
    *,
    skipna: bool,
    ddof: int = 0,
    q: np.ndarray | None = None,
    method: str = "linear",
) -> tuple[np.ndarray, np.ndarray]:
    """Grouped reduction of a ``(pre, n, post)`` array by sorting the elements by group.

    The reference engine: every group's slice is reduced by
    :func:`~labarray.aggregations.apply_aggregation` (or the quantile kernel), so it handles
    every dtype the table does.

    Parameters
    ----------
    func : str
        One of :data:`GROUPED_FUNCS`.
    x : numpy.ndarray
        Data of shape ``(pre, n, post)``.
    codes : numpy.ndarray
        int64 group codes of length ``n`` (``-1``: element skipped).
    ngroups : int
        Number of groups.
    skipna : bool
        Skip missing values.
    ddof : int, default: 0
        Delta degrees of freedom of ``var``/``std``.
    q : numpy.ndarray, optional
        Quantile(s) of ``quantile``.
    method : str, default: "linear"
        Quantile method.

    Returns
    -------
    result : numpy.ndarray
        ``(pre, ngroups, post)`` (plus a trailing quantile axis when ``q`` is 1-D); entries of
        groups without elements are unspecified.
    nvalid : numpy.ndarray
        int64 ``(pre, ngroups, post)``, the number of non-missing values behind each result.

    Examples
    --------
    >>> x = np.array([3, 1, 2]).reshape(1, 3, 1)
    >>> result, nvalid = reduce_numpy("max", x, np.array([0, 0, 1]), 2, skipna=False)
    >>> result[0, :, 0], nvalid[0, :, 0]
    (array([3, 2]), array([2, 1]))
    """
    pre, _, post = x.shape
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(ngroups + 1))
    xs = np.take(x, order[bounds[0] :], axis=1)
    bounds = bounds - bounds[0]
    nvalid = np.zeros((pre, ngroups, post), dtype=np.int64)
    out: np.ndarray | None = None
    for g in range(ngroups):
        lo, hi = bounds[g], bounds[g + 1]
        if hi == lo:
            continue
        seg = xs[:, lo:hi, :]
        if x.dtype.kind in _NAN_KINDS:
            nvalid[:, g, :] = (~isnull(seg)).sum(axis=1)
        else:
            nvalid[:, g, :] = hi - lo
        res = _reduce_segment(func, seg, skipna, ddof, q, method)
        if out is None:
            out = np.zeros((pre, ngroups, *res.shape[1:]), dtype=res.dtype)
        out[:, g] = res
    if out is None:  # no group has any element: only the dtype and shape matter
        probe = _reduce_segment(func, np.zeros((1, 1, 1), dtype=x.dtype), False, 0, q, method)
        out = np.zeros((pre, ngroups, post, *probe.shape[2:]), dtype=probe.dtype)
    return out, nvalid


def _reduce_segment(
    func: str, seg: np.ndarray, skipna: bool, ddof: int, q: Any, method: str
) -> np.ndarray:
    """Reduce ``seg`` (pre, k, post) along axis 1 -> (pre, post) (+ trailing quantile axis)."""
    if func == "quantile":
        if seg.dtype.kind in "biuf":
            res = _quantile.quantile_array(seg, q, axis=1, method=method, skipna=skipna)
        else:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore", RuntimeWarning)
                quantile: Any = np.nanquantile if skipna else np.quantile
                res = np.asarray(quantile(seg.astype(np.float64), q, axis=1, method=method))
        # interpolated quantiles are float64 whatever the float width (as xarray and the
        # ungrouped quantile)
        return np.moveaxis(res, 0, -1) if res.ndim == 3 else res
    agg = get_aggregation(func)
    kw: dict[str, Any] = {"ddof": ddof} if agg.supports_ddof else {}
    if agg.supports_skipna:
        kw["skipna"] = skipna
    if func in ("argmin", "argmax") and skipna and seg.dtype.kind in "fcmM":
        # a group holding only NaN has no position: -1, nulled out by the caller
        nan = isnull(seg)
        filled = np.where(nan.all(axis=1, keepdims=True) & nan, 0, seg) if nan.any() else seg
        res = np.asarray(apply_aggregation(agg, filled, axis=(1,), **kw))
        return np.where(nan.all(axis=1), -1, res)
    return np.asarray(apply_aggregation(agg, seg, axis=(1,), **kw))


# --- result assembly ------------------------------------------------------------------------------


def _needed(func: str, ddof: int, min_count: int | None) -> int:
    """Fewest valid values a result needs (below it is missing)."""
    if func in ("count", "any", "all"):
        return 0
    if func in ("sum", "prod"):
        return min_count or 0
    base = 1 + max(int(ddof), 0) if func in ("var", "std") else 1
    return max(base, min_count or 0)


def _finish(
    func: str,
    result: np.ndarray,
    nvalid: np.ndarray,
    sizes: np.ndarray,
    needed: int,
    fill_value: Any,
) -> np.ndarray:
    """Null results with too few valid values and fill empty groups; promote only if needed.

    ``result``/``nvalid`` are ``(..., ngroups)`` (result maybe with a trailing quantile axis);
    ``sizes`` the number of elements of each group.
    """
    extra = result.ndim - nvalid.ndim
    missing = nvalid < needed if needed else np.zeros(nvalid.shape, dtype=bool)
    empty = sizes == 0
    explicit = fill_value is not NA
    if explicit:
        missing = missing & ~empty
    if missing.any():
        dtype, fill = maybe_promote(result.dtype)
        mask = missing.reshape(missing.shape + (1,) * extra)
        result = np.where(mask, np.asarray(fill, dtype=dtype), result.astype(dtype, copy=False))
    # without an explicit fill_value, empty groups of sum/prod/... hold the identity; every
    # other empty group is already missing (it has 0 < needed valid values)
    if empty.any() and (explicit or (func in _IDENTITY and not needed)):
        if explicit:
            dtype, fill = result_dtype(result.dtype, fill_value)
        else:
            dtype, fill = result.dtype, _IDENTITY[func]
        result = result.astype(dtype, copy=True)
        index = (Ellipsis, empty) + (slice(None),) * extra
        result[index] = fill
    return result


# --- the public function --------------------------------------------------------------------------


def grouped_reduce(
    data: Any,
    codes: np.ndarray,
    ngroups: int,
    axis: int | tuple[int, ...],
    func: str,
    *,
    skipna: bool | None = None,
    min_count: int | None = None,
    ddof: int = 0,
    q: float | Sequence[float] | None = None,
    method: str = "linear",
    fill_value: Any = NA,
) -> Any:
    """Reduce the elements of ``data`` along ``axis`` by integer group ``codes``.

    Parameters
    ----------
    data : numpy.ndarray or dask.array.Array
        The values. Dask input gives a lazy Dask result.
    codes : numpy.ndarray
        Integer group of every grouped element, shape ``tuple(data.shape[a] for a in axis)``;
        values in ``[0, ngroups)``, ``-1`` leaves the element out.
    ngroups : int
        Number of groups (length of the new axis).
    axis : int or tuple of int
        The grouped axes; they are removed from the result.
    func : {"sum", "prod", "mean", "var", "std", "min", "max", "count", "any", "all", "first", \
"last", "median", "quantile", "argmin", "argmax"}
        The reduction.
    skipna : bool, optional
        Skip missing values; default True for float, complex, datetime64, timedelta64 and
        object data.
    min_count : int, optional
        Results computed from fewer valid values are missing (integers promoted to float).
    ddof : int, default: 0
        Delta degrees of freedom of ``var`` and ``std``.
    q : float or sequence of float, optional
        Quantile(s) for ``func="quantile"``; a sequence adds a trailing quantile axis after the
        group axis.
    method : str, default: "linear"
        Quantile method (NumPy's names).
    fill_value : optional
        Value of groups without any element; default: 0 (``sum``, ``count``), 1 (``prod``),
        False/True (``any``/``all``), NaN or NaT otherwise.

    Returns
    -------
    numpy.ndarray or dask.array.Array
        The kept axes in their order, then the group axis (then the quantile axis).
        ``argmin``/``argmax`` give positions among the group's elements (in C order).

    Raises
    ------
    ValueError
        Unknown ``func``, codes of the wrong shape or out of range, a bad ``min_count``,
        ``ngroups`` or ``q``.
    TypeError
        ``codes`` not integer, a reduction the dtype does not support (``var`` of datetime64).

    Examples
    --------
    >>> data = np.arange(6.0).reshape(2, 3)
    >>> grouped_reduce(data, np.array([1, 0, 1]), 2, axis=1, func="sum")
    array([[1., 2.],
           [4., 8.]])
    >>> grouped_reduce(data, np.array([0, 0, 1]), 3, axis=1, func="max")
    array([[ 1.,  2., nan],
           [ 4.,  5., nan]])
    """
    func = _check_func(func)
    ngroups = _check_ngroups(ngroups)
    chunked = is_chunked_array(data)
    if not chunked:
        data = np.asarray(data)
    axes = _check_axes(axis, data.ndim)
    flat_codes = _check_codes(codes, data.shape, ngroups, axes)
    qarr = _check_options(func, data.dtype, min_count, ddof, q, method)
    kind = data.dtype.kind
    skipna = kind in _NAN_KINDS if skipna is None else bool(skipna) and kind in _NAN_KINDS
    sorted_axes = tuple(sorted(axes))
    if chunked:
        return _reduce_dask(
            data, flat_codes, ngroups, sorted_axes, func, skipna=skipna, min_count=min_count,
            ddof=int(ddof), q=qarr, method=method, fill_value=fill_value,
        )  # fmt: skip
    return _reduce_in_memory(
        data, flat_codes, ngroups, sorted_axes, func, skipna=skipna, min_count=min_count,
        ddof=int(ddof), q=qarr, method=method, fill_value=fill_value,
    )  # fmt: skip


def _reduce_in_memory(
    data: np.ndarray,
    codes: np.ndarray,
    ngroups: int,
    axes: tuple[int, ...],
    func: str,
    *,
    skipna: bool,
    min_count: int | None,
    ddof: int,
    q: np.ndarray | None,
    method: str,
    fill_value: Any,
) -> np.ndarray:
    """:func:`grouped_reduce` of NumPy data with validated arguments (``axes`` sorted)."""
    x, pre_shape, post_shape = _kernels.as_3d(data, axes)
    kind = data.dtype.kind
    if (kind in "mM" and func in ("mean", "median")) or (kind == "m" and func == "sum"):
        result, nvalid = _time_as_float(func, x, codes, ngroups, skipna, method)
    else:
        needed = _needed(func, ddof, min_count)
        result, nvalid = _run_engine(
            func, x, codes, ngroups, skipna, ddof, q, method, counting=needed > 0
        )
    sizes = np.bincount(codes[codes >= 0], minlength=ngroups)
    # (pre, G, post[, nq]) -> (pre..., post..., G[, nq])
    extra = result.shape[3:]
    result = result.reshape(pre_shape + (ngroups,) + post_shape + extra)
    nvalid = nvalid.reshape(pre_shape + (ngroups,) + post_shape)
    gpos = len(pre_shape)
    result = np.moveaxis(result, gpos, gpos + len(post_shape))
    nvalid = np.moveaxis(nvalid, gpos, -1)
    # a view with the group axis last: the caller moves that axis back to the grouped
    # dimension's place, where the memory is contiguous again (no transposing copy here)
    return _finish(func, result, nvalid, sizes, _needed(func, ddof, min_count), fill_value)


def _run_engine(
    func: str,
    x: np.ndarray,
    codes: np.ndarray,
    ngroups: int,
    skipna: bool,
    ddof: int,
    q: np.ndarray | None,
    method: str,
    counting: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    if OPTIONS["use_numba"] and _kernels.numba_supports(func, x.dtype):
        return _kernels.reduce_numba(
            func, x, codes, ngroups, skipna=skipna, ddof=ddof, counting=counting
        )
    return reduce_numpy(func, x, codes, ngroups, skipna=skipna, ddof=ddof, q=q, method=method)


def _time_as_float(
    func: str, x: np.ndarray, codes: np.ndarray, ngroups: int, skipna: bool, method: str
) -> tuple[np.ndarray, np.ndarray]:
    """Mean/median of datetime64 (sum of timedelta64) as float64 offsets, converted back.

    Offsets from the earliest value (zero for timedeltas) keep float64 exact for any realistic
    spread of dates, unlike float64 nanoseconds since 1970.
    """
    unit = np.datetime_data(x.dtype)[0]
    nat = np.isnat(x)
    if x.dtype.kind == "M" and not nat.all():
        offset = x[~nat].min()
    else:
        offset = np.zeros((), dtype=f"m8[{unit}]")[()]
    floats = np.where(nat, np.nan, (x - offset).view(np.int64).astype(np.float64))
    result, nvalid = _run_engine(func, floats, codes, ngroups, skipna, 0, None, method)
    ints = np.where(np.isnan(result), -(2.0**63), np.round(result)).astype(np.int64)
    return ints.astype(f"m8[{unit}]") + offset, nvalid


# --- Dask: map-reduce ----------------------------------------------------------------------------
# Every block is reduced to per-group partials stored in one structured array (a field per partial
# quantity); the grouped axes are kept with length 1 and the group axis is appended, so Dask's tree
# reduction concatenates partials along the grouped axes and `_combine` folds them pairwise.

# reductions whose partials combine along the grouped axes (the others rechunk them to one block)
_MAP_REDUCE = frozenset(
    ["sum", "prod", "mean", "var", "std", "min", "max", "count", "any", "all", "first", "last"]
)


def _partial_dtype(func: str, dtype: np.dtype[Any]) -> np.dtype[Any]:
    kind = dtype.kind
    acc = np.dtype(np.complex128 if kind == "c" else np.float64)
    value: np.dtype[Any]
    if func in ("sum", "prod"):
        if kind in "biu":
            value = np.dtype(np.uint64 if kind == "u" else np.int64)
        elif kind in "mO":
            value = dtype
        else:
            value = acc
        return np.dtype([("v", value), ("n", np.int64)])
    if func == "mean":
        return np.dtype([("v", acc), ("n", np.int64)])
    if func in ("var", "std"):
        return np.dtype([("v", np.float64), ("m2", np.float64), ("n", np.int64)])
    if func in ("count", "any", "all"):
        return np.dtype([("v", np.int64), ("n", np.int64)])
    return np.dtype([("v", dtype), ("n", np.int64)])  # min, max, first, last


def _chunk_partials(
    block: np.ndarray, codes: np.ndarray, *, func: str, ngroups: int, axes: tuple[int, ...],
    skipna: bool, pdtype: np.dtype[Any],
) -> np.ndarray:  # fmt: skip
    """Partials of one block: grouped axes kept with length 1, the group axis appended."""
    flat = np.ascontiguousarray(codes).reshape(-1).astype(np.int64, copy=False)
    x, pre_shape, post_shape = _kernels.as_3d(np.asarray(block), axes)
    if func in ("mean", "var", "std") and x.dtype.kind == "f" and x.dtype.itemsize < 8:
        x = x.astype(np.float64)  # partial sums stay in double precision
    out = np.empty((x.shape[0], ngroups, x.shape[2]), dtype=pdtype)
    if func in ("count", "any", "all"):
        if func == "count":
            value, n = _run_engine("count", x, flat, ngroups, True, 0, None, "linear")
        else:
            truth = x != 0 if x.dtype.kind != "O" else x.astype(bool)
            value, n = _run_engine("sum", truth, flat, ngroups, True, 0, None, "linear", False)
        out["v"], out["n"] = value, n
    elif func in ("var", "std"):
        mean, n = _run_engine("mean", x, flat, ngroups, True, 0, None, "linear")
        var, _ = _run_engine("var", x, flat, ngroups, True, 0, None, "linear")
        has = n > 0  # groups absent from the block: zero moments (no NaN to propagate)
        out["v"], out["m2"], out["n"] = np.where(has, mean, 0.0), np.where(has, var * n, 0.0), n
    elif func == "mean":
        if x.dtype.kind in "biu":
            x = x.astype(np.float64)
        value, n = _run_engine("sum", x, flat, ngroups, True, 0, None, "linear")
        out["v"], out["n"] = value, n
    else:
        if func in ("sum", "prod") and x.dtype.kind == "f" and x.dtype.itemsize < 8:
            x = x.astype(np.float64)
        value, n = _run_engine(func, x, flat, ngroups, skipna or func not in ("first", "last"),
                               0, None, "linear")  # fmt: skip
        out["v"], out["n"] = value, n
    # (pre, G, post) -> block shape with the grouped axes of length 1, then G
    out = out.reshape(pre_shape + (ngroups,) + post_shape)
    out = np.moveaxis(out, len(pre_shape), -1)
    return np.expand_dims(out, axes)


def _pair(func: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Combine the partials ``a`` and ``b`` (``a`` comes first along the grouped axes)."""
    out = np.empty_like(a)
    na, nb = a["n"], b["n"]
    n = na + nb
    out["n"] = n
    if func in ("sum", "mean", "count", "any", "all"):
        out["v"] = a["v"] + b["v"]
    elif func == "prod":
        out["v"] = a["v"] * b["v"]
    elif func in ("var", "std"):
        with np.errstate(all="ignore"):
            # Chan et al.: merge counts, means and sums of squared deviations
            delta = np.where((na > 0) & (nb > 0), b["v"] - a["v"], 0.0)
            frac = np.where(n > 0, nb / np.where(n > 0, n, 1), 0.0)
            out["v"] = a["v"] + delta * frac
            out["m2"] = a["m2"] + b["m2"] + np.where(n > 0, delta**2 * na * frac, 0.0)
        out["v"] = np.where(na == 0, b["v"], np.where(nb == 0, a["v"], out["v"]))
    elif func in ("min", "max"):
        better = b["v"] < a["v"] if func == "min" else b["v"] > a["v"]
        out["v"] = np.where((na == 0) | ((nb > 0) & better), b["v"], a["v"])
    elif func == "first":
        out["v"] = np.where(na > 0, a["v"], b["v"])
    else:  # last
        out["v"] = np.where(nb > 0, b["v"], a["v"])
    return out


def _combine(
    parts: np.ndarray, axis: tuple[int, ...], keepdims: bool = True, *, func: str
) -> np.ndarray:
    """Fold the partials concatenated along ``axis`` into one (in C order of their positions)."""
    moved = np.moveaxis(parts, axis, tuple(range(len(axis))))
    k = math.prod(moved.shape[: len(axis)])
    flat = moved.reshape((k,) + moved.shape[len(axis) :])
    result = flat[0]
    for i in range(1, k):
        result = _pair(func, result, flat[i])
    if keepdims:
        result = np.expand_dims(result, tuple(sorted(axis)))
    return result


def _finalize(
    parts: np.ndarray, axis: tuple[int, ...], keepdims: bool = False, *, func: str,
    sizes: np.ndarray, skipna: bool, ddof: int, needed: int, fill_value: Any,
    dtype: np.dtype[Any], kind: str,
) -> np.ndarray:  # fmt: skip
    part = _combine(parts, axis, keepdims=False, func=func)
    n = part["n"]
    value = part["v"]
    with np.errstate(all="ignore"):
        if func == "mean":
            value = value / n
        elif func in ("var", "std"):
            value = part["m2"] / (n - ddof)
            if func == "std":
                value = np.sqrt(value)
        elif func == "any":
            value = value > 0
        elif func == "all":
            value = value == sizes
    if func in ("count", "any", "all"):
        n = np.broadcast_to(sizes, n.shape) if func != "count" else n
    elif not skipna and kind in "fcmM" and func not in ("first", "last"):
        tainted = n < sizes
        if tainted.any():
            value = np.where(tainted, maybe_promote(value.dtype)[1], value)
    if func in ("mean", "var", "std", "sum", "prod") and kind == "f":
        value = value.astype(dtype if dtype.kind == "f" else value.dtype, copy=False)
    result = _finish(func, value, n, sizes, needed, fill_value)
    return result.astype(dtype, copy=False)


def _reduce_dask(
    data: Any,
    codes: np.ndarray,
    ngroups: int,
    axes: tuple[int, ...],
    func: str,
    *,
    skipna: bool,
    min_count: int | None,
    ddof: int,
    q: np.ndarray | None,
    method: str,
    fill_value: Any,
) -> Any:
    """:func:`grouped_reduce` of a Dask array (``axes`` sorted, ``codes`` flat in their C order)."""
    from labarray.parallel.chunkmanager import dask_array

    da = dask_array()
    kind = data.dtype.kind
    grouped_shape = tuple(data.shape[a] for a in axes)
    needed = _needed(func, ddof, min_count)
    options = {"skipna": skipna, "min_count": min_count, "ddof": ddof, "q": q, "method": method,
                   "fill_value": fill_value}  # fmt: skip
    # the result dtype depends on the data's dtype and on which groups are empty: get it from a
    # small in-memory array with the same grouped shape (integers: no value is ever missing)
    probe = np.ones(grouped_shape, dtype=data.dtype)
    dtype = _reduce_in_memory(probe, codes, ngroups, tuple(range(len(axes))), func, **options).dtype
    time_float = (kind in "mM" and func in ("mean", "median")) or (kind == "m" and func == "sum")
    map_reduce = (
        func in _MAP_REDUCE
        and not time_float
        and not (func in ("first", "last") and len(axes) > 1)
        and kind not in "OSU"
        and not (kind == "c" and func in ("var", "std"))
    )
    if len(axes) == 1 and len(data.chunks[axes[0]]) > 1 and _sorted_codes(codes):
        return _sorted_dask(data, codes, ngroups, axes[0], func, dtype, options)
    if not map_reduce:
        return _blockwise_dask(data, codes, ngroups, axes, func, dtype, options)
    codes_nd = da.from_array(
        codes.reshape(grouped_shape), chunks=tuple(data.chunks[a] for a in axes)
    )
    pdtype = _partial_dtype(func, data.dtype)
    index = tuple(range(data.ndim))
    gindex = data.ndim
    chunk = functools.partial(_chunk_partials, func=func, ngroups=ngroups, axes=axes,
                              skipna=skipna, pdtype=pdtype)  # fmt: skip
    partials = da.blockwise(
        chunk, index + (gindex,), data, index, codes_nd, axes,
        new_axes={gindex: ngroups}, adjust_chunks=dict.fromkeys(axes, 1), dtype=pdtype,
        meta=np.empty((0,) * (data.ndim + 1), dtype=pdtype), concatenate=False,
        token=f"grouped-{func}-chunk",
    )  # fmt: skip
    sizes = np.bincount(codes[codes >= 0], minlength=ngroups)
    finalize = functools.partial(
        _finalize, func=func, sizes=sizes, skipna=skipna, ddof=ddof, needed=needed,
        fill_value=fill_value, dtype=dtype, kind=kind,
    )  # fmt: skip
    return _tree(partials, axes, func, finalize, dtype, pdtype)


# partials merged per combine task (over all grouped axes together)
_SPLIT_EVERY = 8


def _tree(
    partials: Any, axes: tuple[int, ...], func: str, finalize: Any, dtype: np.dtype[Any],
    pdtype: np.dtype[Any],
) -> Any:  # fmt: skip
    """Combine the partials as a tree along ``axes``, then finalize (drops ``axes``).

    Each level rechunks the grouped axes so that ``_SPLIT_EVERY`` neighbouring partials share a
    block and folds every block into one partial: a task holds a few partials, never more.
    """
    per_axis = max(2, round(_SPLIT_EVERY ** (1 / len(axes))))
    combine = functools.partial(_combine, func=func, keepdims=True)
    ndim = partials.ndim
    while any(len(partials.chunks[a]) > 1 for a in axes):
        partials = partials.rechunk(dict.fromkeys(axes, per_axis))
        chunks = tuple((1,) * len(c) if i in axes else c for i, c in enumerate(partials.chunks))
        partials = partials.map_blocks(
            lambda block: combine(block, axes), chunks=chunks, dtype=pdtype,
            meta=np.empty((0,) * ndim, dtype=pdtype), token=f"grouped-{func}-combine",
        )  # fmt: skip
    kept_chunks = tuple(c for i, c in enumerate(partials.chunks) if i not in axes)
    return partials.map_blocks(
        lambda block: finalize(block, axes), drop_axis=axes, chunks=kept_chunks, dtype=dtype,
        meta=np.empty((0,) * (ndim - len(axes)), dtype=dtype), token=f"grouped-{func}",
    )  # fmt: skip


def _blockwise_dask(
    data: Any, codes: np.ndarray, ngroups: int, axes: tuple[int, ...], func: str,
    dtype: np.dtype[Any], options: dict[str, Any],
) -> Any:  # fmt: skip
    """Rechunk the grouped axes into one block and reduce every block in memory.

    For reductions that need all of a group's values at once (median, quantile, argmin/argmax,
    first/last over several axes) and object data; the other axes keep their chunks.
    """
    data = data.rechunk(dict.fromkeys(axes, -1))
    kept = [a for a in range(data.ndim) if a not in axes]
    q = options["q"]
    tail = (ngroups,) + ((q.size,) if q is not None and q.ndim == 1 else ())
    chunks = tuple(data.chunks[a] for a in kept) + tuple((t,) for t in tail)

    def reduce_block(block: np.ndarray) -> np.ndarray:
        return _reduce_in_memory(block, codes, ngroups, axes, func, **options).astype(
            dtype, copy=False
        )

    ndim_out = len(kept) + len(tail)
    return data.map_blocks(
        reduce_block, drop_axis=axes, new_axis=list(range(len(kept), ndim_out)),
        chunks=chunks, dtype=dtype, meta=np.empty((0,) * ndim_out, dtype=dtype),
    )  # fmt: skip


# --- Dask: sorted codes (resampling) --------------------------------------------------------------


def _sorted_codes(codes: np.ndarray) -> bool:
    """Whether the codes never decrease and skip nothing (resampling, contiguous groups)."""
    return bool(codes.size) and codes[0] >= 0 and bool(np.all(codes[1:] >= codes[:-1]))


def _sorted_dask(
    data: Any, codes: np.ndarray, ngroups: int, axis: int, func: str, dtype: np.dtype[Any],
    options: dict[str, Any],
) -> Any:  # fmt: skip
    """Contiguous groups along one axis: every block reduces its own groups, no combine step.

    The grouped axis is rechunked so that each chunk boundary moves to the nearest group
    boundary (a group never spans two blocks, chunks stay about the same size); block ``b``
    then owns the groups from its first code up to the next block's first code (empty groups in
    between included), and the group axis of the result is chunked accordingly.
    """
    n = codes.size
    starts = np.concatenate([[0], np.flatnonzero(codes[1:] != codes[:-1]) + 1, [n]])
    edges = np.cumsum((0,) + data.chunks[axis])
    moved = starts[np.abs(starts[:, None] - edges[None, 1:-1]).argmin(axis=0)]
    bounds = np.unique(np.concatenate([[0], moved, [n]]))
    group_lo = np.concatenate([[0], codes[bounds[1:-1]], [ngroups]])
    data = data.rechunk({axis: tuple(np.diff(bounds).tolist())})
    # the grouped axis last (a lazy transpose): the output block replaces it by its groups
    order = [a for a in range(data.ndim) if a != axis] + [axis]
    inverse = np.argsort(order)
    moved_data = data.transpose(order)
    q = options["q"]
    tail = ((q.size,),) if q is not None and q.ndim == 1 else ()
    chunks = moved_data.chunks[:-1] + (tuple(np.diff(group_lo).tolist()),) + tail

    def reduce_block(block: np.ndarray, block_info: Any = None) -> np.ndarray:
        b = block_info[0]["chunk-location"][-1]
        lo, hi = int(group_lo[b]), int(group_lo[b + 1])
        block_codes = codes[bounds[b] : bounds[b + 1]] - lo
        original = block.transpose(inverse)  # back to the data's own layout (a view)
        result = _reduce_in_memory(original, block_codes, hi - lo, (axis,), func, **options)
        return result.astype(dtype, copy=False)

    return moved_data.map_blocks(
        reduce_block, chunks=chunks, dtype=dtype, new_axis=[data.ndim] if tail else None,
        meta=np.empty((0,) * len(chunks), dtype=dtype), token=f"grouped-{func}-sorted",
    )  # fmt: skip
