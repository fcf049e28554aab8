"""N-dimensional reductions on the loops of :mod:`labarray.kernels.reductions`.

:func:`reduce` and :func:`accumulate` do everything around the loops, in one place:

* **layout**: length-1 axes are dropped, the axes are ordered by stride (so Fortran-ordered and
  transposed C arrays are read in memory order), and the reduced axes, when they form one block,
  are folded into one: a block at the end gives the *row form* ``(rows, n)``; a block in front of
  at least 8 contiguous columns gives the *column form* ``(outer, m, inner)``, which accumulates
  row by row and never copies. Anything else is transposed into the row form with one copy.
  A reduction over all the elements of a large array (one long row) is cut into one piece
  per leading element, so that threads share the rows, and the pieces' results are combined
  (Chan's formula for variances).
* **dtypes**: float32, float64 and int64 run natively; other integers and bools are widened to
  int64 (exact for every reduction); uint64 runs as its int64 view where that is exact (sums,
  products, counts, any/all; NumPy handles its min/max/mean); ``datetime64``/``timedelta64`` are
  viewed as int64 with NaT as the missing value. Sums, products, means and variances accumulate
  in float64 for float32 input and in int64 for integers; result dtypes follow NumPy.
* **min_count** for sums and products (from the count every NaN-skipping sum keeps anyway).
* **compilation**: each loop is compiled by numba on first use, once per argument types and per
  target (serial or ``parallel=True`` when the array has at least
  ``OPTIONS["parallel_threshold"]`` elements), with ``cache=True`` so that later processes load
  the machine code from disk. Importing this module imports neither numba nor anything compiled.

>>> import numpy as np
>>> x = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, np.nan]])
>>> reduce("mean", x, axis=1)
array([2. , 4.5])
>>> reduce("sum", x, axis=0, min_count=2)
array([ 5., nan, nan])
>>> accumulate("cumsum", x, axis=1)
array([[1., 1., 4.],
       [4., 9., 9.]])
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from labarray.kernels import reductions as _loops
from labarray.kernels._compile import _with_globals
from labarray.kernels.take import maybe_promote
from labarray.options import OPTIONS

__all__ = ["KERNEL_REDUCTIONS", "KERNEL_SCANS", "accumulate", "compiled", "reduce", "supports"]

#: Reductions :func:`reduce` implements.
KERNEL_REDUCTIONS = frozenset(
    ["sum", "prod", "mean", "var", "std", "min", "max", "argmin", "argmax", "count", "any",
     "all", "first", "last"]
)  # fmt: skip
#: Scans :func:`accumulate` implements.
KERNEL_SCANS = frozenset(["cumsum", "cumprod"])
# reductions that work on datetime64/timedelta64 (through their int64 view)
_TIME_REDUCTIONS = frozenset(["min", "max", "argmin", "argmax", "count", "first", "last"])
# reductions whose result depends on the order of the reduced elements (C order of the axes)
_ORDERED = frozenset(["argmin", "argmax", "first", "last"])
# reductions whose long rows can be cut in pieces, reduced, and the pieces' results combined
_SPLITTABLE = frozenset(["sum", "prod", "mean", "var", "std", "min", "max", "count", "any", "all"])
_NATIVE = frozenset(np.dtype(t) for t in ("float64", "float32", "int64"))
# uint64 runs as its int64 view where that is exact (wrap-around sums and products, counts)
_UINT64_REDUCTIONS = frozenset(["sum", "prod", "cumsum", "cumprod", "count", "any", "all"])
# The column form needs enough contiguous columns for its inner loop to pay off.
_MIN_INNER = 8
# NaN checks must survive: numba's fastmath=True would assume there are none. Reassociation
# alone lets LLVM vectorise the row sums (several partial sums in SIMD lanes).
_FASTMATH = {"reassoc", "contract", "nsz", "arcp"}


# --- compilation ----------------------------------------------------------------------------------


def compiled(name: str, parallel: bool = False) -> Any:
    """The numba dispatcher of the loop ``reductions.<name>``, compiled lazily and cached.

    Parameters
    ----------
    name : str
        Name of a loop in :mod:`labarray.kernels.reductions` (``"sum_rows"`` ...).
    parallel : bool, default: False
        Compile for numba's parallel target (``prange`` splits the outer loop between threads).

    Returns
    -------
    numba.core.registry.CPUDispatcher
        Compiles once per argument-type signature on first call; ``cache=True`` stores the
        machine code next to the module, so a second process loads it instead.

    Examples
    --------
    >>> compiled("count_rows").py_func.__name__
    'count_rows'
    """
    return _compiled(name, bool(parallel))


@functools.cache
def _compiled(name: str, parallel: bool) -> Any:
    import numba

    try:
        func = getattr(_loops, name)
    except AttributeError:
        raise KeyError(
            f"no reduction loop named {name!r}; loops: {', '.join(_loops.__all__)}"
        ) from None
    # The loops call small helpers (``_pick``): the compiled copy sees them compiled and inlined,
    # and sees numba's ``prange`` when it is compiled for the parallel target.
    namespace = {**func.__globals__, "prange": numba.prange if parallel else range}
    for helper in _loops.HELPERS:
        namespace[helper] = _helper(helper)
    clone = _with_globals(func, namespace)
    if parallel:
        # numba's on-disk cache keys on the function's name and bytecode, not on its options:
        # a distinct name keeps the parallel machine code apart from the serial one.
        clone.__qualname__ = clone.__name__ = f"{func.__qualname__}_parallel"
    return numba.njit(
        cache=True, nogil=True, parallel=parallel, fastmath=_FASTMATH, error_model="numpy"
    )(clone)


@functools.cache
def _helper(name: str) -> Any:
    import numba

    func = getattr(_loops, name)
    # a helper may call the helpers listed before it in HELPERS
    earlier = _loops.HELPERS[: _loops.HELPERS.index(name)]
    namespace = {**func.__globals__, **{h: _helper(h) for h in earlier}}
    return numba.njit(inline="always", fastmath=_FASTMATH, error_model="numpy")(
        _with_globals(func, namespace)
    )


def _loop(name: str, size: int) -> Callable[..., Any]:
    return compiled(name, size >= OPTIONS["parallel_threshold"])  # type: ignore[no-any-return]


def _threads() -> int:
    import numba

    return int(numba.get_num_threads())


# --- dtypes ---------------------------------------------------------------------------------------


def supports(name: str, dtype: Any, out_dtype: Any = None) -> bool:
    """Whether :func:`reduce`/:func:`accumulate` handle reduction ``name`` of ``dtype`` data.

    Parameters
    ----------
    name : str
        Reduction or scan name (``"sum"``, ``"cumsum"``, ...).
    dtype : numpy.dtype
        dtype of the data.
    out_dtype : numpy.dtype, optional
        Requested accumulator/result dtype; only real floats and integers are supported.

    Examples
    --------
    >>> supports("mean", np.dtype("float32")), supports("mean", np.dtype("complex128"))
    (True, False)
    >>> supports("min", np.dtype("M8[ns]")), supports("mean", np.dtype("M8[ns]"))
    (True, False)
    """
    if name not in KERNEL_REDUCTIONS and name not in KERNEL_SCANS:
        return False
    dtype = np.dtype(dtype)
    if out_dtype is not None and np.dtype(out_dtype).kind not in "iuf":
        return False
    if dtype.kind in "mM":
        return name in _TIME_REDUCTIONS
    if dtype.kind == "f":
        return dtype.itemsize in (4, 8)
    if dtype == np.uint64:
        return name in _UINT64_REDUCTIONS
    return dtype.kind in "biu"


def _kernel_input(values: np.ndarray) -> tuple[np.ndarray, bool]:
    """The array the loops run on (int64 view of times, widened small ints) and ``nat``."""
    dtype = values.dtype
    if dtype.kind in "mM":
        return values.view(np.int64), True
    if dtype == np.uint64:
        return values.view(np.int64), False
    if dtype in _NATIVE:
        return values, False
    return values.astype(np.int64), False  # bools and small ints: exact in int64


@functools.cache
def _numpy_result_dtype(name: str, dtype: np.dtype[Any]) -> np.dtype[Any]:
    """dtype NumPy gives ``name`` of ``dtype`` data (e.g. sum of int32 -> int64)."""
    if name in ("sum", "cumsum"):
        return np.add.reduce(np.zeros(1, dtype)).dtype  # type: ignore[no-any-return]
    if name in ("prod", "cumprod"):
        return np.multiply.reduce(np.zeros(1, dtype)).dtype  # type: ignore[no-any-return]
    if name in ("mean", "var", "std"):
        return dtype if dtype.kind == "f" else np.dtype(np.float64)
    if name == "count":
        return np.dtype(np.int64)
    if name in ("any", "all"):
        return np.dtype(bool)
    if name in ("argmin", "argmax"):
        return np.dtype(np.intp)
    return dtype


def _accumulator(dtype: np.dtype[Any], result: np.dtype[Any]) -> np.dtype[Any]:
    """Accumulator of a sum/product: float64 for floats, int64 for integers (unsigned results
    are the same bits modulo 2**64, as NumPy's wrap-around)."""
    if result.kind == "f" or dtype.kind == "f":
        return np.dtype(np.float64)
    return np.dtype(np.int64)


# --- layout ---------------------------------------------------------------------------------------


class _Layout:
    """How one reduction reads memory (see the module docstring).

    ``form`` is ``"rows"`` (``data`` is ``(rows, n)``) or ``"columns"`` (``(outer, m, inner)``);
    ``kept`` are the non-singleton kept axes in the order the loop produces them. ``"split"``
    (``(outer, pieces, n)``) is a long row cut in pieces whose results are combined afterwards.
    """

    def __init__(self, form: str, data: np.ndarray, kept: list[int]) -> None:
        self.form = form
        self.data = data
        self.kept = kept


def _layout(x: np.ndarray, axes: tuple[int, ...], name: str, parallel: bool) -> _Layout:
    shape = x.shape
    big = [a for a in range(x.ndim) if shape[a] != 1]
    reduced = [a for a in big if a in axes]
    kept_all = [a for a in big if a not in axes]
    if not reduced:
        return _Layout("rows", x.reshape(-1, 1), kept_all)
    # Order the non-singleton axes by stride: a transposed or Fortran array is then C-ordered.
    order = sorted(big, key=lambda a: -abs(x.strides[a]))
    view = x.transpose(order + [a for a in range(x.ndim) if a not in big]).reshape(
        [shape[a] for a in order]
    )
    is_c = view.flags.c_contiguous
    pos = [order.index(a) for a in reduced]
    block = sorted(pos) == list(range(min(pos), min(pos) + len(pos)))
    if is_c and block and name in _ORDERED and len(reduced) > 1:
        block = pos == sorted(pos)  # C order of the reduced axes must be kept
    if is_c and block:
        k, stop = min(pos), max(pos) + 1
        outer = math.prod(view.shape[:k])
        m = math.prod(view.shape[k:stop])
        inner = math.prod(view.shape[stop:])
        kept = order[:k] + order[stop:]
        if inner == 1:
            rows = view.reshape(outer, m)
            if parallel and outer < 2 * _threads() and stop - k > 1 and name in _SPLITTABLE:
                # one long row: cut it in pieces (rows for both threads), then combine them
                first = view.shape[k]
                return _Layout("split", rows.reshape(outer, first, m // first), kept)
            return _Layout("rows", rows, kept)
        if inner >= _MIN_INNER and name not in ("argmin", "argmax"):
            return _Layout("columns", view.reshape(outer, m, inner), kept)
    singles = [a for a in range(x.ndim) if a not in big]
    moved = np.ascontiguousarray(x.transpose(kept_all + reduced + singles)).reshape(
        math.prod(shape[a] for a in kept_all), math.prod(shape[a] for a in reduced)
    )
    return _Layout("rows", moved, kept_all)


def _block(inner: int, parallel: bool) -> int:
    """Columns per task of the column form.

    Whole rows read in one sequential stream are fastest (measured: blocks of 2,000 columns
    are 1.5x slower than full rows of 16,200), so each thread gets one contiguous share.
    """
    if not parallel:
        return max(inner, 1)
    return max(256, -(-inner // _threads()))


def _finish(
    result: np.ndarray, x: np.ndarray, axes: tuple[int, ...], kept: list[int], keepdims: bool
) -> np.ndarray:
    """Reshape the loop's output (``kept`` axes in loop order) to the reduction's shape."""
    kept_shape = [x.shape[a] for a in kept]
    result = result.reshape(kept_shape)
    if kept:
        result = result.transpose(np.argsort(kept))
    if keepdims:
        shape = [1 if a in axes else n for a, n in enumerate(x.shape)]
    else:
        shape = [n for a, n in enumerate(x.shape) if a not in axes]
    return result.reshape(shape)


# --- reduce ---------------------------------------------------------------------------------------


def reduce(
    name: str,
    values: np.ndarray,
    axis: int | tuple[int, ...] | None = None,
    *,
    skipna: bool = True,
    ddof: int = 0,
    min_count: int | None = None,
    keepdims: bool = False,
    dtype: Any = None,
) -> np.ndarray:
    """Reduce ``values`` along ``axis`` with the compiled loop of reduction ``name``.

    Parameters
    ----------
    name : str
        One of :data:`KERNEL_REDUCTIONS`.
    values : numpy.ndarray
        In-memory data of a dtype :func:`supports` accepts.
    axis : int or tuple of int, optional
        Axes to reduce; ``None`` means all (``argmin``/``argmax``/``first``/``last``: in C order
        of the flattened array).
    skipna : bool, default: True
        Skip missing values (NaN, NaT). Without it they propagate.
    ddof : int, default: 0
        Delta degrees of freedom of ``var``/``std``.
    min_count : int, optional
        ``sum``/``prod``: results of fewer valid values become NaN (the dtype is promoted only
        where that happens).
    keepdims : bool, default: False
        Keep the reduced axes with length 1.
    dtype : numpy.dtype, optional
        Result dtype of ``sum``/``prod``/``mean``/``var``/``std`` (float64 accumulation is used
        for float32 data either way).

    Returns
    -------
    numpy.ndarray
        The result, 0-d when every axis is reduced. All-NaN slices give NaN (NaT for times) for
        ``mean``/``var``/``min``/``max``/``first``/``last`` and 0 (1) for ``sum`` (``prod``),
        without warnings.

    Raises
    ------
    ValueError
        ``min``/``max``/``argmin``/``argmax``/``first``/``last`` of an empty axis, or
        ``argmin``/``argmax`` of a slice without valid values (with ``skipna``).
    KeyError
        ``name`` is not a reduction of the kernels.
    TypeError
        A dtype the kernels do not handle (see :func:`supports`).

    Examples
    --------
    >>> x = np.array([[2.0, np.nan], [1.0, 5.0]])
    >>> reduce("max", x, axis=0)
    array([2., 5.])
    >>> reduce("max", x, axis=0, skipna=False)
    array([ 2., nan])
    >>> reduce("std", x, axis=None, ddof=1)
    array(2.081666)
    """
    if name not in KERNEL_REDUCTIONS:
        raise KeyError(
            f"no kernel reduction {name!r}; kernel reductions: {', '.join(sorted(KERNEL_REDUCTIONS))}"
        )
    values = np.asarray(values)
    if not supports(name, values.dtype, dtype):
        raise TypeError(f"the {name} kernel does not handle {values.dtype} data")
    if axis is None:
        axes = tuple(range(values.ndim))
    else:
        axes = tuple(
            int(np.lib.array_utils.normalize_axis_index(a, values.ndim))
            for a in ((axis,) if isinstance(axis, (int, np.integer)) else axis)
        )
    result_dtype = np.dtype(dtype) if dtype is not None else _numpy_result_dtype(name, values.dtype)
    n = math.prod(values.shape[a] for a in axes)
    if n == 0 and name in ("min", "max", "argmin", "argmax", "first", "last"):
        raise ValueError(
            f"zero-size array to reduction operation {name} which has no identity: "
            f"an axis of length 0 is reduced (shape {values.shape}, axes {axes})"
        )
    x, nat = _kernel_input(values)
    if values.ndim == 0:
        x, axes = x.reshape(1), (0,)
    parallel = x.size >= OPTIONS["parallel_threshold"]
    lay = _layout(x, axes, name, parallel)
    with np.errstate(all="ignore"):  # inf - inf in a combine step is NaN, silently as in a loop
        out, count = _REDUCERS[name](name, lay, skipna, nat, parallel, ddof, values.dtype)
    if name in ("argmin", "argmax") and skipna and (out < 0).any():
        raise ValueError(
            f"All-NaN slice encountered in {name}: there is no position of a valid value; "
            "drop the all-NaN slices first or use skipna=False"
        )
    if values.dtype.kind in "mM" and name in ("min", "max", "first", "last"):
        out = out.view(values.dtype)
    elif out.dtype.kind in "iu" and result_dtype.kind in "iu" and out.dtype != result_dtype:
        out = (
            out.view(result_dtype)
            if out.dtype.itemsize == 8 == result_dtype.itemsize
            else out.astype(result_dtype)
        )
    elif out.dtype != result_dtype:
        out = out.astype(result_dtype)
    if min_count and name in ("sum", "prod") and count is not None:
        short = count < min_count
        if short.any():
            out = out.astype(maybe_promote(out.dtype)[0])
            out[short] = np.nan
    if values.ndim == 0:
        return out.reshape(())
    return _finish(out, values, axes, lay.kept, keepdims)


def _outer_shape(lay: _Layout) -> tuple[int, ...]:
    """Shape of the loop's output: one value per row, per (outer, column), or per piece."""
    d = lay.data
    if lay.form == "rows":
        return d.shape[:1]
    return d.shape[:2] if lay.form == "split" else (d.shape[0], d.shape[2])


def _rows(lay: _Layout) -> np.ndarray:
    """The row-form view of a ``rows`` or ``split`` layout (a split row is cut in pieces)."""
    return lay.data if lay.form == "rows" else lay.data.reshape(-1, lay.data.shape[2])


def _sum(
    name: str, lay: _Layout, skipna: bool, nat: bool, parallel: bool, ddof: int, dtype: Any
) -> tuple[np.ndarray, np.ndarray | None]:
    prod = name == "prod"
    acc = _accumulator(lay.data.dtype, _numpy_result_dtype(name, dtype))
    if name == "mean":
        acc = np.dtype(np.float64)
    shape = _outer_shape(lay)
    out = np.full(shape, 1 if prod else 0, dtype=acc)
    count = np.zeros(shape, dtype=np.int64)
    skip = skipna and lay.data.dtype.kind == "f"
    if lay.form == "columns":
        block = _block(shape[1], parallel)
        _loop("sum_columns", lay.data.size)(lay.data, skip, prod, block, out, count)
    else:
        _loop("sum_rows", lay.data.size)(_rows(lay), skip, prod, out.reshape(-1), count.reshape(-1))
    if lay.form == "split":
        out = out.prod(axis=1) if prod else out.sum(axis=1)
        count = count.sum(axis=1)
    if name == "mean":
        with np.errstate(all="ignore"):
            out = np.where(count > 0, out / np.maximum(count, 1), np.nan)
    return out, count


def _var(
    name: str, lay: _Layout, skipna: bool, nat: bool, parallel: bool, ddof: int, dtype: Any
) -> tuple[np.ndarray, None]:
    shape = _outer_shape(lay)
    count = np.zeros(shape, dtype=np.int64)
    mean = np.zeros(shape)
    m2 = np.zeros(shape)
    skip = skipna and lay.data.dtype.kind == "f"
    if lay.form == "columns":
        block = _block(shape[1], parallel)
        tile = max(4, 131072 // block)  # a tile of about 1 MB stays in L2 for its second pass
        _loop("var_columns", lay.data.size)(lay.data, skip, block, tile, count, mean, m2)
    else:
        states = (count.reshape(-1), mean.reshape(-1), m2.reshape(-1))
        _loop("var_rows", lay.data.size)(_rows(lay), skip, 4096, *states)
    if lay.form == "split":
        count, m2 = _combine_moments(count, mean, m2)
    with np.errstate(all="ignore"):
        out = np.where(count - ddof > 0, m2 / np.maximum(count - ddof, 1), np.nan)
    if name == "std":
        out = np.sqrt(out)
    return out, None


def _combine_moments(
    count: np.ndarray, mean: np.ndarray, m2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Merge per-column (count, mean, M2) along the last axis (deviations from the grand mean)."""
    total = count.sum(axis=1)
    with np.errstate(all="ignore"):
        grand = (count * mean).sum(axis=1) / np.maximum(total, 1)
        spread = (count * (mean - grand[:, None]) ** 2).sum(axis=1)
    return total, m2.sum(axis=1) + spread


def _minmax(
    name: str, lay: _Layout, skipna: bool, nat: bool, parallel: bool, ddof: int, dtype: Any
) -> tuple[np.ndarray, None]:
    want_max = name == "max"
    if lay.form == "columns":
        out = np.ascontiguousarray(lay.data[:, 0, :])
        block = _block(out.shape[1], parallel)
        _loop("minmax_columns", lay.data.size)(lay.data, skipna, nat, want_max, block, out)
        return out, None
    rows = _rows(lay)
    out = np.empty(rows.shape[0], dtype=rows.dtype)
    _loop("minmax_rows", rows.size)(rows, skipna, nat, want_max, out)
    if lay.form == "split":
        out = out.reshape(_outer_shape(lay))
        final = np.empty(out.shape[0], dtype=out.dtype)
        compiled("minmax_rows")(out, skipna, nat, want_max, final)
        out = final
    return out, None


def _argminmax(
    name: str, lay: _Layout, skipna: bool, nat: bool, parallel: bool, ddof: int, dtype: Any
) -> tuple[np.ndarray, None]:
    out = np.empty(lay.data.shape[0], dtype=np.intp)
    _loop("argminmax_rows", lay.data.size)(lay.data, skipna, nat, name == "argmax", out)
    return out, None


def _count(
    name: str, lay: _Layout, skipna: bool, nat: bool, parallel: bool, ddof: int, dtype: Any
) -> tuple[np.ndarray, None]:
    shape = _outer_shape(lay)
    if lay.data.dtype.kind != "f" and not nat:  # integers are never missing
        split = lay.form == "split"
        per = lay.data.shape[1] * (lay.data.shape[2] if split else 1)
        return np.full(shape[:1] if split else shape, per, dtype=np.int64), None
    out = np.zeros(shape, dtype=np.int64)
    if lay.form == "columns":
        _loop("count_columns", lay.data.size)(lay.data, nat, _block(shape[1], parallel), out)
    else:
        _loop("count_rows", lay.data.size)(_rows(lay), nat, out.reshape(-1))
    if lay.form == "split":
        out = out.sum(axis=1)
    return out, None


def _anyall(
    name: str, lay: _Layout, skipna: bool, nat: bool, parallel: bool, ddof: int, dtype: Any
) -> tuple[np.ndarray, None]:
    want_all = name == "all"
    shape = _outer_shape(lay)
    out = np.full(shape, want_all, dtype=bool)
    if lay.form == "columns":
        _loop("anyall_columns", lay.data.size)(lay.data, want_all, _block(shape[1], parallel), out)
    else:
        _loop("anyall_rows", lay.data.size)(_rows(lay), want_all, out.reshape(-1))
    if lay.form == "split":
        out = np.asarray(out.all(axis=1) if want_all else out.any(axis=1))
    return out, None


def _firstlast(
    name: str, lay: _Layout, skipna: bool, nat: bool, parallel: bool, ddof: int, dtype: Any
) -> tuple[np.ndarray, None]:
    want_last = name == "last"
    data = lay.data
    if lay.form == "rows":
        if not skipna or (data.dtype.kind != "f" and not nat):
            return np.ascontiguousarray(data[:, -1 if want_last else 0]), None
        out = np.empty(data.shape[0], dtype=data.dtype)
        fill = data.dtype.type(_loops.NAT if nat else np.nan)
        _loop("firstlast_rows", data.size)(data, nat, want_last, fill, out)
        return out, None
    out = np.ascontiguousarray(data[:, -1 if want_last else 0, :])
    if skipna and (data.dtype.kind == "f" or nat):
        block = _block(out.shape[1], parallel)
        _loop("firstlast_columns", data.size)(data, nat, want_last, block, out)
    return out, None


_REDUCERS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray | None]]] = {
    "sum": _sum, "prod": _sum, "mean": _sum, "var": _var, "std": _var, "min": _minmax,
    "max": _minmax, "argmin": _argminmax, "argmax": _argminmax, "count": _count,
    "any": _anyall, "all": _anyall, "first": _firstlast, "last": _firstlast,
}  # fmt: skip


# --- accumulate -----------------------------------------------------------------------------------


def accumulate(
    name: str, values: np.ndarray, axis: int, *, skipna: bool = True, dtype: Any = None
) -> np.ndarray:
    """Cumulative sum or product of ``values`` along one axis, with the compiled scan.

    Parameters
    ----------
    name : {"cumsum", "cumprod"}
        The scan.
    values : numpy.ndarray
        In-memory numeric data (see :func:`supports`).
    axis : int
        The axis to scan along.
    skipna : bool, default: True
        Treat NaN as 0 (``cumsum``) or 1 (``cumprod``), as ``numpy.nancumsum`` does.
    dtype : numpy.dtype, optional
        dtype of the result (and of the accumulator); default: NumPy's.

    Returns
    -------
    numpy.ndarray
        Same shape as ``values``; identical to NumPy's sequential scan.

    Raises
    ------
    KeyError
        ``name`` is not a scan of the kernels.
    TypeError
        A dtype the kernels do not handle.

    Examples
    --------
    >>> accumulate("cumprod", np.array([2.0, np.nan, 3.0]), 0)
    array([2., 2., 6.])
    >>> accumulate("cumprod", np.array([2.0, np.nan, 3.0]), 0, skipna=False)
    array([ 2., nan, nan])
    """
    if name not in KERNEL_SCANS:
        raise KeyError(f"no kernel scan {name!r}; kernel scans: cumprod, cumsum")
    values = np.asarray(values)
    if not supports(name, values.dtype, dtype):
        raise TypeError(f"the {name} kernel does not handle {values.dtype} data")
    if values.ndim == 0:
        raise ValueError(f"{name} needs at least one axis, got a 0-dimensional array")
    axis = int(np.lib.array_utils.normalize_axis_index(axis, values.ndim))
    result_dtype = np.dtype(dtype) if dtype is not None else _numpy_result_dtype(name, values.dtype)
    x, _ = _kernel_input(values)
    x = np.ascontiguousarray(x)
    shape = x.shape
    view = x.reshape(math.prod(shape[:axis]), shape[axis], math.prod(shape[axis + 1 :]))
    acc = result_dtype if result_dtype.kind == "f" else _accumulator(x.dtype, result_dtype)
    out = np.empty(view.shape, dtype=acc)
    if out.size:
        skip = skipna and x.dtype.kind == "f"
        _loop("scan", x.size)(view, skip, name == "cumprod", out)
    out = out.reshape(shape)
    if out.dtype.kind == "i" and result_dtype.kind == "u":
        return out.view(result_dtype)  # same bits modulo 2**64
    return out.astype(result_dtype, copy=False)
