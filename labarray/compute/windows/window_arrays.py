"""Moving windows on plain arrays (NumPy or Dask): the layer between Rolling objects and kernels.

* :class:`WindowBounds` describes one dimension's window as ``start``/``end`` arrays (see
  :mod:`labarray.kernels.moving`), for a fixed window (``window``, ``center``) or a time-based
  one; ``before``/``after`` are how far windows reach back and ahead of their output position.
* :func:`moving` reduces along one axis: NumPy data goes straight to the kernel; Dask data of a
  fixed window uses ``map_overlap`` with a one-sided depth on the rolled axis only (result
  chunks equal the input's); Dask data of a time-based window reduces, for each output chunk,
  the slice of input its windows cover.
* :func:`moving_nd` composes several axes: sums, counts, means and extremes are separable (a
  2-D window sum is a moving sum of moving sums); the other reductions reduce a constructed
  window view.
* :func:`construct_windows` builds the window view itself (a strided view on NumPy, Dask's
  ``sliding_window_view`` on Dask).

Examples
--------
>>> import numpy as np
>>> b = WindowBounds.fixed(5, window=3, center=True)
>>> moving(np.arange(5.0), "mean", 0, b, min_count=1)
array([0.5, 1. , 2. , 3. , 3.5])
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from labarray.kernels.moving import (
    MOVING_FUNCS,
    fixed_window_bounds,
    moving_reduce,
    result_dtype,
    time_window_bounds,
)
from labarray.parallel.chunkmanager import dask_array, is_chunked_array

__all__ = ["SEPARABLE", "WindowBounds", "construct_windows", "moving", "moving_nd"]

#: reductions that several window dimensions can apply one dimension after the other
SEPARABLE = frozenset(["sum", "mean", "count", "min", "max"])

_NAN_FUNCS: dict[str, Callable[..., Any]] = {
    "sum": np.nansum,
    "mean": np.nanmean,
    "var": np.nanvar,
    "std": np.nanstd,
    "min": np.nanmin,
    "max": np.nanmax,
    "median": np.nanmedian,
    "prod": np.nanprod,
    "argmin": np.nanargmin,
    "argmax": np.nanargmax,
}


@dataclass(frozen=True)
class WindowBounds:
    """The windows of one dimension: output ``i`` reduces positions ``start[i]:end[i]``.

    ``window``/``center`` are set for fixed windows (``window`` is None for time-based ones);
    ``origin[i]`` is the position of the first element of output ``i``'s window, padding
    included (what ``argmin``/``argmax`` count from).
    """

    start: np.ndarray
    end: np.ndarray
    origin: np.ndarray
    window: int | None = None
    center: bool = False

    @classmethod
    def fixed(cls, n: int, window: int, center: bool) -> WindowBounds:
        """Bounds of a ``window``-long window along ``n`` positions (centred or trailing)."""
        start, end = fixed_window_bounds(n, window, center)
        shift = (window - 1) // 2 if center else 0
        origin = np.arange(n, dtype=np.int64) + shift - window + 1
        return cls(start, end, origin, window, center)

    @classmethod
    def timed(cls, times: np.ndarray, span: np.timedelta64, center: bool) -> WindowBounds:
        """Bounds of a time-based window of length ``span`` along sorted ``times``."""
        start, end = time_window_bounds(times, span, center)
        return cls(start, end, start, None, center)

    @property
    def before(self) -> int:
        """How many positions the windows reach back (the left overlap depth)."""
        if not len(self.start):
            return 0
        return max(0, int(np.max(np.arange(len(self.start)) - self.start)))

    @property
    def after(self) -> int:
        """How many positions the windows reach ahead (the right overlap depth)."""
        if not len(self.end):
            return 0
        return max(0, int(np.max(self.end - 1 - np.arange(len(self.end)))))


def _reduce_block(
    x: np.ndarray,
    func: str,
    axis: int,
    start: np.ndarray,
    end: np.ndarray,
    origin: np.ndarray,
    min_count: int,
    ddof: int,
) -> np.ndarray:
    """Run the kernel on one NumPy block; positions become positions within each window."""
    result = moving_reduce(x, func, axis, start, end, min_count, ddof=ddof)
    if func in ("argmin", "argmax"):
        shape = [1] * result.ndim
        shape[axis] = -1
        result -= origin.reshape(shape)
    return result


def moving(
    data: Any,
    func: str,
    axis: int,
    bounds: WindowBounds,
    min_count: int,
    *,
    ddof: int = 0,
    dim: Any = None,
) -> Any:
    """Moving reduction ``func`` along ``axis`` of NumPy or Dask ``data`` (lazy on Dask).

    ``argmin``/``argmax`` give positions within each window (padding included, as the
    window view of :func:`construct_windows` counts them). ``dim`` names the axis in errors.

    Examples
    --------
    >>> import numpy as np
    >>> moving(np.array([3.0, 1.0, 2.0]), "argmin", 0, WindowBounds.fixed(3, 2, False), 1)
    array([1., 1., 0.])
    """
    if func not in MOVING_FUNCS:
        raise ValueError(
            f"no moving-window loop for {func!r}; available: {', '.join(sorted(MOVING_FUNCS))}"
        )
    if is_chunked_array(data):
        if bounds.window is not None and len(data.chunks[axis]) > 1:
            result = _dask_overlap(data, func, axis, bounds, min_count, ddof)
        else:
            result = _dask_sliced(data, func, axis, bounds, min_count, ddof)
    else:
        result = _reduce_block(
            np.asarray(data), func, axis, bounds.start, bounds.end, bounds.origin, min_count, ddof
        )
    return result


def _dask_overlap(
    data: Any, func: str, axis: int, bounds: WindowBounds, min_count: int, ddof: int
) -> Any:
    """Fixed windows on Dask: each block plus ``before``/``after`` values of its neighbours."""
    before, after = bounds.before, bounds.after
    depth = max(before, after)
    chunks = data.chunks[axis]
    if min(chunks) < depth:
        # a chunk shorter than the windows' reach (a short chunk between files of
        # open_mfdataset, a ragged end): Dask's overlap would need a rechunk, which changes the
        # result's chunks; the sliced path gives every output chunk exactly the input it reads
        return _dask_sliced(data, func, axis, bounds, min_count, ddof)
    window, center = int(bounds.window or 1), bounds.center

    def block(x: np.ndarray) -> np.ndarray:
        # a block's windows are fixed windows over its own length: the neighbours' values it
        # received provide the context, and dask trims them from the result afterwards
        local = WindowBounds.fixed(x.shape[axis], window, center)
        return _reduce_block(x, func, axis, local.start, local.end, local.origin, min_count, ddof)

    depths: dict[int, Any] = dict.fromkeys(range(data.ndim), 0)
    depths[axis] = (before, after)
    dtype = result_dtype(func, data.dtype)
    return data.map_overlap(
        block, depth=depths, boundary="none", trim=True, dtype=dtype, meta=np.array((), dtype)
    )


def _dask_sliced(
    data: Any, func: str, axis: int, bounds: WindowBounds, min_count: int, ddof: int
) -> Any:
    """Any windows on Dask: each output chunk reduces the input slice its windows cover."""
    da = dask_array()
    dtype = result_dtype(func, data.dtype)
    pieces = []
    offset = 0
    for size in data.chunks[axis]:
        lo = int(bounds.start[offset]) if size else 0
        hi = int(bounds.end[offset + size - 1]) if size else 0
        start = bounds.start[offset : offset + size] - lo
        end = bounds.end[offset : offset + size] - lo
        origin = bounds.origin[offset : offset + size] - lo
        key = [slice(None)] * data.ndim
        key[axis] = slice(lo, max(hi, lo))
        piece = data[tuple(key)].rechunk({axis: -1})

        def block(
            x: np.ndarray, start: np.ndarray = start, end: np.ndarray = end, origin: Any = origin
        ) -> np.ndarray:
            return _reduce_block(x, func, axis, start, end, origin, min_count, ddof)

        out_chunks = list(piece.chunks)
        out_chunks[axis] = (size,)
        pieces.append(
            piece.map_blocks(block, chunks=tuple(out_chunks), dtype=dtype, meta=np.array((), dtype))
        )
        offset += size
    return da.concatenate(pieces, axis=axis) if len(pieces) > 1 else pieces[0]


def moving_nd(
    data: Any,
    func: str,
    axes: Sequence[int],
    bounds: Sequence[WindowBounds],
    min_count: int,
    *,
    ddof: int = 0,
    dims: Sequence[Any] | None = None,
) -> Any:
    """Moving reduction over windows spanning several axes (one :class:`WindowBounds` each).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.arange(6.0).reshape(2, 3)
    >>> b = [WindowBounds.fixed(2, 2, False), WindowBounds.fixed(3, 2, False)]
    >>> moving_nd(x, "sum", [0, 1], b, min_count=1)
    array([[ 0.,  1.,  3.],
           [ 3.,  8., 12.]])
    """
    dims = list(dims) if dims is not None else [None] * len(axes)
    if len(axes) == 1 and func in MOVING_FUNCS:
        return moving(data, func, axes[0], bounds[0], min_count, ddof=ddof, dim=dims[0])
    if func not in SEPARABLE:
        kw = {"ddof": ddof} if func in ("var", "std") else {}
        return reduce_windows(data, _NAN_FUNCS[func], axes, bounds, min_count, func=func, **kw)
    xp = dask_array() if is_chunked_array(data) else np
    counts = _notnull(data)
    for axis, b, d in zip(axes, bounds, dims, strict=True):
        counts = moving(counts, "sum", axis, b, 0, dim=d)
    if func == "count":
        return xp.where(counts >= min_count, counts, np.nan)
    step = "sum" if func in ("sum", "mean") else func
    # partial sums treat missing values as 0 (min_count 0); partial extremes are NaN only
    # where a partial window holds no value at all (min_count 1)
    partial = data
    for axis, b, d in zip(axes, bounds, dims, strict=True):
        partial = moving(partial, step, axis, b, 0 if step == "sum" else 1, dim=d)
    enough = counts >= max(min_count, 1 if func == "mean" else min_count)
    if func == "mean":
        with np.errstate(invalid="ignore", divide="ignore"):
            partial = partial / xp.where(counts > 0, counts, 1).astype(partial.dtype)
    return xp.where(enough, partial, np.nan).astype(partial.dtype)


def _notnull(data: Any) -> Any:
    # NaN is the only value unequal to itself; integers and booleans are never missing
    return data == data


def construct_windows(
    data: Any,
    axes: Sequence[int],
    bounds: Sequence[WindowBounds],
    fill_value: Any = np.nan,
) -> Any:
    """View of every window: one new trailing axis per window axis (in ``axes`` order).

    Fixed windows only. NumPy data is padded once with ``fill_value`` and viewed with
    ``sliding_window_view`` (the window axes are strides, not copies); Dask data uses Dask's
    ``sliding_window_view`` on the padded array.

    Examples
    --------
    >>> import numpy as np
    >>> construct_windows(np.arange(3.0), [0], [WindowBounds.fixed(3, 2, False)])
    array([[nan,  0.],
           [ 0.,  1.],
           [ 1.,  2.]])
    """
    chunked = is_chunked_array(data)
    xp = dask_array() if chunked else np
    pad = [(0, 0)] * data.ndim
    for axis, b in zip(axes, bounds, strict=True):
        if b.window is None:
            raise ValueError(
                "construct needs fixed-size windows; time-based windows vary in length"
            )
        shift = (b.window - 1) // 2 if b.center else 0
        pad[axis] = (b.window - 1 - shift, shift)
    if fill_value is not None and data.dtype.kind in "iub" and _is_nan(fill_value):
        data = data.astype(np.float64)
    padded = xp.pad(data, pad, mode="constant", constant_values=fill_value)
    window_shape = tuple(b.window for b in bounds)
    if chunked:
        from dask.array.lib.stride_tricks import sliding_window_view
    else:
        sliding_window_view = np.lib.stride_tricks.sliding_window_view
    windows = sliding_window_view(padded, window_shape, axis=tuple(axes))
    if chunked:
        # padding and the window view shift chunk boundaries: give the windows the data's chunks
        windows = windows.rechunk(tuple(data.chunks) + tuple((w,) for w in window_shape))
    return windows


def _is_nan(value: Any) -> bool:
    try:
        return bool(np.isnan(value))
    except TypeError:
        return False


def reduce_windows(
    data: Any,
    function: Callable[..., Any],
    axes: Sequence[int],
    bounds: Sequence[WindowBounds],
    min_count: int,
    *,
    func: str | None = None,
    **kwargs: Any,
) -> Any:
    """Apply ``function(windows, axis=window_axes, **kwargs)`` to the window view, then set
    outputs whose windows hold fewer than ``min_count`` valid values to NaN.

    Examples
    --------
    >>> import numpy as np
    >>> reduce_windows(np.arange(4.0), np.nanprod, [0], [WindowBounds.fixed(4, 2, False)], 2)
    array([nan,  0.,  2.,  6.])
    """
    if func in ("argmin", "argmax") and len(axes) > 1:
        raise ValueError(
            f"rolling {func} reduces one window dimension only, got {len(axes)}; "
            "roll over one dimension, or use construct() and reduce the window dimensions"
        )
    xp = dask_array() if is_chunked_array(data) else np
    windows = construct_windows(data, axes, bounds)
    ndim = data.ndim
    window_axes = tuple(range(ndim, ndim + len(axes)))
    counts = _notnull(data)
    for axis, b in zip(axes, bounds, strict=True):
        counts = moving(counts, "sum", axis, b, 0)
    if func in ("argmin", "argmax"):
        # nanargmin/nanargmax raise on all-NaN windows: those are masked below anyway
        windows = xp.where(xp.isnan(windows), _ARG_FILL[func], windows)
        kwargs = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        axis_arg = window_axes[0] if len(window_axes) == 1 else window_axes
        result = function(windows, axis=axis_arg, **kwargs)
    if result.dtype.kind in "iub":
        result = result.astype(np.float64)
    return xp.where(counts >= max(min_count, 1), result, np.nan)


_ARG_FILL = {"argmin": np.inf, "argmax": -np.inf}
