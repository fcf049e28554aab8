"""Interpolation of Datasets (and, through a temporary Dataset, DataArrays) onto new coordinates.

``interp_dataset(ds, indexers, ...)`` is the machinery behind ``.interp``/``.interp_like``:

* every indexer is normalised to a :class:`~labarray.variable.Variable` (scalars drop the
  dimension, 1-D arrays replace it, DataArrays keep their own dimension names and coordinates);
* indexers whose dimensions are not shared with another indexer are *orthogonal* and are
  applied one dimension at a time; indexers sharing a dimension form one *pointwise* group
  (e.g. ``x=DataArray(xs, dims="pt"), y=DataArray(ys, dims="pt")``);
* ``linear``/``nearest`` run on the numba kernels of :mod:`labarray.kernels.interp` (positions
  and weights are computed once per dimension and reused for every variable); other methods
  go through SciPy (imported lazily);
* datetime64 and cftime coordinates are interpolated as float offsets from a reference date;
* on Dask arrays, each output block reads only the input blocks it needs plus the one-element
  overlap of linear interpolation (:func:`apply_axis_op`, :func:`apply_points_op`): a chunked dimension
  is never collapsed to a single chunk.

Numeric variables are interpolated, datetime-like ones as float nanoseconds (NaT kept), and
non-numeric ones (strings, objects, bools) are reindexed with ``method_non_numeric``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from labarray.indexes.indexes import create_default_index_implicit, filter_indexes_from_coords
from labarray.kernels.cftime_values import is_cftime_values
from labarray.kernels.interp import (
    _parse_cftime_strings,
    linear_weights,
    nearest_keeps_dtype,
    nearest_positions,
    result_dtype,
    to_float_coordinates,
)
from labarray.kernels.interp import interp_axis as _interp_axis
from labarray.kernels.interp import interp_points as _interp_points
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.suggest import did_you_mean, format_names, missing_names_message
from labarray.variable import Variable, broadcast_variables

__all__ = [
    "INTERP_METHODS",
    "interp_dataset",
    "interp_like_indexers",
    "to_float_coordinates",
]

#: 1-D methods of scipy.interpolate.interp1d
_INTERP1D_KINDS = ("zero", "slinear", "quadratic", "cubic", "previous", "next", "polynomial")
#: 1-D scipy interpolator classes
_SCIPY_CLASSES = ("pchip", "akima", "makima", "barycentric", "krogh")
#: methods of scipy.interpolate.interpn (pointwise over several dimensions)
_INTERPN_METHODS = ("linear", "nearest", "slinear", "cubic", "quintic", "pchip")
INTERP_METHODS: tuple[str, ...] = ("linear", "nearest", *_INTERP1D_KINDS, *_SCIPY_CLASSES, "quintic")
_NON_NUMERIC_METHODS = ("nearest", "pad", "ffill", "backfill", "bfill")


def _scipy_interpolate(method: str) -> Any:
    try:
        import scipy.interpolate
    except ImportError as err:  # pragma: no cover - scipy is installed in the test env
        raise ImportError(
            f"interpolation with method={method!r} needs SciPy: pip install scipy "
            "(or labarray[numerics]); 'linear' and 'nearest' work without it"
        ) from err
    return scipy.interpolate


# ----------------------------------------------------------------- coordinates to floats
# ----------------------------------------------------------------- per-dimension operations
@dataclass
class _AxisPlan:
    """How to interpolate one dimension: a function of (NumPy block, axis) plus the positions
    it reads (for chunk-local Dask scheduling)."""

    dim: Hashable
    new_var: Variable  # the indexer, dims () or (new_dim,) or several (pointwise)
    xf: np.ndarray
    xif: np.ndarray  # flattened new values
    lo: np.ndarray | None = None
    hi: np.ndarray | None = None
    w: np.ndarray | None = None
    fill: Any = np.nan
    scipy_call: Callable[[np.ndarray, int], np.ndarray] | None = None
    nonnumeric: np.ndarray | None = None  # positions used for non-numeric variables
    outside: np.ndarray | None = None  # scipy methods: points masked after all dimensions ran
    extra: dict[str, Any] = field(default_factory=dict)


def _linear_kwargs(kwargs: Mapping[str, Any], method: str) -> tuple[bool, Any, bool]:
    """(extrapolate, fill, bounds_error) from scipy-style kwargs of linear/nearest."""
    allowed = {"fill_value", "bounds_error", "assume_sorted", "copy"}
    unknown = set(kwargs) - allowed
    if unknown:
        raise TypeError(
            f"unexpected interpolation kwargs {format_names(sorted(map(str, unknown)))} for "
            f"method={method!r}; accepted: {format_names(sorted(allowed))}"
        )
    fill = kwargs.get("fill_value", np.nan)
    extrapolate = isinstance(fill, str) and fill == "extrapolate"
    if isinstance(fill, str) and not extrapolate:
        raise ValueError(f"fill_value must be a number or 'extrapolate', got {fill!r}")
    if isinstance(fill, tuple) and len(fill) != 2:
        raise ValueError(f"a tuple fill_value must be (below, above), got {len(fill)} values: {fill!r}")
    return extrapolate, (np.nan if extrapolate or fill is None else fill), bool(kwargs.get("bounds_error", False))


def _scipy_1d(method: str, xs: np.ndarray, xis: np.ndarray, kwargs: Mapping[str, Any], dim: Hashable) -> Callable[[np.ndarray, int], np.ndarray]:
    """A function (sorted-along-axis data, axis) -> interpolated data for a scipy method."""
    interpolate = _scipy_interpolate(method)
    kw = dict(kwargs)

    def call(data: np.ndarray, axis: int) -> np.ndarray:
        try:
            return _call(data, axis)
        except ValueError as err:
            raise ValueError(
                f"scipy could not interpolate along {dim!r} with method={method!r} from {len(xs)} points: {err}"
            ) from err

    def _call(data: np.ndarray, axis: int) -> np.ndarray:
        y = np.asarray(data)
        if y.dtype.kind not in "fc":
            y = y.astype(np.float64)
        if method in _INTERP1D_KINDS:
            kind: Any = method
            if method == "polynomial":
                if "order" not in kw:
                    raise ValueError("method='polynomial' needs kwargs={'order': <int>}")
                kind = kw["order"]
            options = {k: v for k, v in kw.items() if k != "order"}
            options.setdefault("bounds_error", False)
            options.setdefault("fill_value", np.nan)
            f = interpolate.interp1d(xs, y, kind=kind, axis=axis, assume_sorted=True, **options)
            return f(xis)
        if method == "pchip":
            f = interpolate.PchipInterpolator(xs, y, axis=axis, extrapolate=kw.get("extrapolate", False))
        elif method in ("akima", "makima"):
            f = interpolate.Akima1DInterpolator(xs, y, axis=axis, method=method, extrapolate=kw.get("extrapolate", False))
        elif method == "barycentric":
            f = interpolate.BarycentricInterpolator(xs, y, axis=axis)
        elif method == "krogh":
            f = interpolate.KroghInterpolator(xs, y, axis=axis)
        else:  # quintic on one dimension: a degree-5 interpolating spline
            f = interpolate.make_interp_spline(xs, y, k=5, axis=axis)
            out = f(xis)
            outside = (xis < xs[0]) | (xis > xs[-1])
            if outside.any():
                out = np.moveaxis(out, axis, 0)
                out[outside] = np.nan
                out = np.moveaxis(out, 0, axis)
            return out
        return f(xis)

    return call


def _plan_axis(
    dim: Hashable,
    x: np.ndarray,
    new_var: Variable,
    method: str,
    assume_sorted: bool,
    kwargs: Mapping[str, Any],
    method_non_numeric: str,
    pointwise: bool,
) -> _AxisPlan:
    xf, xif = to_float_coordinates(x, np.asarray(new_var.values).ravel(), dim)
    if xf.size > 1:
        ordered = np.sort(xf[~np.isnan(xf)])
        repeated = ordered[1:][ordered[1:] == ordered[:-1]]
        if repeated.size:
            label = x[np.flatnonzero(xf == repeated[0])[0]]
            label = label.item() if isinstance(label, np.generic) and label.dtype.kind != "M" else label
            raise ValueError(
                f"cannot interpolate along dimension {dim!r}: its coordinate has duplicate values "
                f"(e.g. {label!r}); remove them first, e.g. with .drop_duplicates({dim!r})"
            )
    plan = _AxisPlan(dim=dim, new_var=new_var, xf=xf, xif=xif)
    if method in ("linear", "nearest") or pointwise:
        extrapolate, fill, bounds_error = _linear_kwargs(kwargs, method) if method in ("linear", "nearest") else (False, np.nan, False)
        if bounds_error:
            outside = (xif < np.nanmin(xf)) | (xif > np.nanmax(xf))
            if outside.any():
                raise ValueError(
                    f"interpolation value {new_var.values.ravel()[np.argmax(outside)]!r} is outside "
                    f"the range of coordinate {dim!r} ({x.min()!r} to {x.max()!r}) and bounds_error=True"
                )
        if isinstance(fill, tuple):
            if pointwise:
                raise ValueError(
                    f"a (below, above) tuple as fill_value is not supported for pointwise interpolation "
                    f"along {dim!r}; give one fill value"
                )
            below, above = xif < np.nanmin(xf), xif > np.nanmax(xf)
            plan.extra["sides"] = [(m, v) for m, v in ((below, fill[0]), (above, fill[1])) if m.any()]
            fill = np.nan
        plan.fill = fill
        if len(xf) < (2 if method == "linear" else 1):
            raise ValueError(
                f"cannot interpolate along dimension {dim!r} of length {len(xf)} with "
                f"method={method!r}: at least {2 if method == 'linear' else 1} points are needed"
            )
        if method == "linear":
            plan.lo, plan.hi, plan.w = linear_weights(xf, xif, extrapolate=extrapolate, assume_sorted=assume_sorted)
        else:
            plan.lo = nearest_positions(xf, xif, extrapolate=extrapolate, assume_sorted=assume_sorted)
    else:
        order = None if assume_sorted or np.all(xf[1:] >= xf[:-1]) else np.argsort(xf, kind="stable")
        xs = xf if order is None else xf[order]
        # Evaluate at targets clipped into the range and mask the outside points only after
        # every dimension ran, so NaN from one dimension never reaches the next one's solver.
        clip = not ({"fill_value", "bounds_error", "extrapolate"} & set(kwargs))
        if clip:
            outside = (xif < xs[0]) | (xif > xs[-1]) | np.isnan(xif)
            plan.outside = outside if outside.any() else None
        targets = np.clip(np.nan_to_num(xif, nan=xs[0]), xs[0], xs[-1]) if clip else xif
        call = _scipy_1d(method, xs, targets, kwargs, dim)
        if order is not None:
            def call_sorted(data: np.ndarray, axis: int, _call: Any = call, _order: np.ndarray = order) -> np.ndarray:
                return _call(np.take(data, _order, axis=axis), axis)

            plan.scipy_call = call_sorted
        else:
            plan.scipy_call = call
    plan.extra["method_non_numeric"] = method_non_numeric
    return plan


def _non_numeric_positions(plan: _AxisPlan, how: str) -> np.ndarray:
    """Positions for reindexing non-numeric variables (computed on first use)."""
    if plan.nonnumeric is not None:
        return plan.nonnumeric
    # exactly reindex(method=how): "nearest" never fills and breaks ties towards the larger label
    order = np.argsort(plan.xf, kind="stable")
    try:
        sorted_positions = pd.Index(plan.xf[order]).get_indexer(plan.xif, method=how)
    except Exception as err:  # pandas: duplicate labels
        raise ValueError(
            f"cannot reindex the non-numeric variables along {plan.dim!r} with "
            f"method_non_numeric={how!r}: {err}"
        ) from err
    positions = np.where(sorted_positions >= 0, order[np.maximum(sorted_positions, 0)], -1)
    plan.nonnumeric = np.asarray(positions, dtype=np.int64)
    return plan.nonnumeric


# ----------------------------------------------------------------- Dask scheduling
def _point_groups(
    needs: list[tuple[np.ndarray, np.ndarray]], starts: list[np.ndarray], max_group: int
) -> tuple[np.ndarray | None, list[tuple[int, int]]]:
    """Group output points by the input blocks they read.

    ``needs`` holds, per interpolated axis, the lowest and highest source position each point
    reads (``-1`` = reads nothing); ``starts`` the block start offsets of that axis. Returns a
    permutation of the points (None when they already come block by block) and the
    ``(start, stop)`` ranges of the groups in permuted order (at most ``max_group`` long).
    """
    k = needs[0][0].shape[0]
    valid = np.ones(k, dtype=bool)
    for lo, _ in needs:
        valid &= lo >= 0
    keys = np.zeros(k, dtype=np.int64)
    for (lo, _), st in zip(needs, starts, strict=True):
        block = np.searchsorted(st, np.where(valid, lo, 0), side="right") - 1
        keys = keys * len(st) + block
    if not valid.all():
        # points to fill read nothing: they ride along with the previous valid point
        last = np.maximum.accumulate(np.where(valid, np.arange(k), 0))
        keys = keys[last]
    perm = None
    if k > 1 and np.any(np.diff(keys) < 0):
        perm = np.argsort(keys, kind="stable")
        keys = keys[perm]
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(keys)) + 1, [k]]).astype(int)
    groups = []
    for s, e in itertools.pairwise(bounds):
        for a in range(int(s), int(e), max(max_group, 1)):
            groups.append((a, min(int(e), a + max(max_group, 1))))
    return perm, groups


def _needs(lo: np.ndarray, hi: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    if hi is None:
        return lo, lo
    return np.where(lo >= 0, np.minimum(lo, hi), -1), np.maximum(lo, hi)


def _block_starts(chunks: tuple[int, ...]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(chunks)[:-1]]).astype(np.int64)


def _source_window(points: np.ndarray, need: tuple[np.ndarray, np.ndarray]) -> tuple[int, int]:
    lo = need[0][points]
    hi = need[1][points]
    ok = lo >= 0
    if not ok.any():
        return 0, 1
    return int(lo[ok].min()), int(hi[ok].max()) + 1


def apply_axis_op(
    data: Any,
    axis: int,
    run: Callable[..., np.ndarray],
    lo: np.ndarray | None,
    hi: np.ndarray | None,
    m: int,
) -> Any:
    """Run ``run(block, axis[, (points, start)])`` on NumPy data, or chunk-locally on Dask data.

    For Dask data and known positions (``lo``/``hi``), every output block is computed from the
    input blocks its points read (plus the one-element overlap of linear interpolation), so the
    interpolated dimension keeps its chunking. SciPy methods (``lo is None``) need the whole
    dimension in one block.
    """
    if not is_chunked_array(data):
        return run(np.asarray(data), axis)
    nearest = lo is not None and hi is None
    dtype = data.dtype if nearest and nearest_keeps_dtype(data.dtype) else result_dtype(data.dtype)
    out_chunks = list(data.chunks)
    if lo is None or data.numblocks[axis] == 1:
        if data.numblocks[axis] > 1:
            data = data.rechunk({axis: -1})
            out_chunks = list(data.chunks)
        out_chunks[axis] = (m,)
        return data.map_blocks(lambda b: run(b, axis), chunks=tuple(out_chunks), dtype=dtype)
    da = dask_array()
    if m == 0:
        out_chunks[axis] = (0,)
        shape = tuple(sum(c) for c in out_chunks)
        return da.empty(shape, dtype=dtype, chunks=tuple(out_chunks))
    need = _needs(lo, hi)
    perm, groups = _point_groups([need], [_block_starts(data.chunks[axis])], max(data.chunks[axis]))
    order = np.arange(m) if perm is None else perm
    pieces = []
    for s, e in groups:
        pts = order[s:e]
        start, stop = _source_window(pts, need)
        piece = data[(slice(None),) * axis + (slice(start, stop),)]
        if piece.numblocks[axis] > 1:
            piece = piece.rechunk({axis: -1})
        chunks = list(piece.chunks)
        chunks[axis] = (e - s,)
        pieces.append(
            piece.map_blocks(lambda b, _p=pts, _s=start: run(b, axis, (_p, _s)), chunks=tuple(chunks), dtype=dtype)
        )
    out = da.concatenate(pieces, axis=axis)
    if perm is not None:
        out = out[(slice(None),) * axis + (np.argsort(perm),)]
    return out


def apply_points_op(
    data: Any,
    d: int,
    positions: list[tuple[np.ndarray, np.ndarray | None, np.ndarray | None]] | None,
    func: Callable[[np.ndarray, Any], np.ndarray],
    k: int,
) -> Any:
    """Run ``func(block, positions)`` over the last ``d`` axes of ``data`` (one output axis).

    On Dask data with known positions, points are grouped by the blocks they read and each
    group reads only its window of the source (the trailing axes are never collapsed); the
    points are put back in order at the end. Without positions (SciPy ``interpn``) the
    trailing axes are merged into one block.
    """
    if not is_chunked_array(data):
        return func(np.asarray(data), positions)
    nearest = positions is not None and all(p[1] is None for p in positions)
    dtype = data.dtype if nearest and nearest_keeps_dtype(data.dtype) else result_dtype(data.dtype)
    nd = data.ndim
    lead_chunks = data.chunks[: nd - d]
    drop = list(range(nd - d, nd - 1))
    if positions is None:
        data = data.rechunk(dict.fromkeys(range(nd - d, nd), -1))
        return data.map_blocks(lambda b: func(b, None), drop_axis=drop, chunks=(*lead_chunks, (k,)), dtype=dtype)
    da = dask_array()
    if k == 0:
        shape = tuple(sum(c) for c in lead_chunks) + (0,)
        return da.empty(shape, dtype=dtype, chunks=(*lead_chunks, (0,)))
    needs = [_needs(lo, hi) for lo, hi, _ in positions]
    starts = [_block_starts(data.chunks[a]) for a in range(nd - d, nd)]
    max_group = int(np.prod([max(data.chunks[a]) for a in range(nd - d, nd)]))
    perm, groups = _point_groups(needs, starts, max_group)
    order = np.arange(k) if perm is None else perm
    pieces = []
    for s, e in groups:
        pts = order[s:e]
        windows = [_source_window(pts, need) for need in needs]
        piece = data[(slice(None),) * (nd - d) + tuple(slice(a, b) for a, b in windows)]
        piece = piece.rechunk(dict.fromkeys(range(nd - d, nd), -1))
        local = []
        for (lo, hi, w), (a, _) in zip(positions, windows, strict=True):
            loc_lo = np.where(lo[pts] >= 0, lo[pts] - a, -1)
            local.append((loc_lo, None if hi is None else hi[pts] - a, None if w is None else w[pts]))
        pieces.append(
            piece.map_blocks(
                lambda b, _pos=local: func(b, _pos), drop_axis=drop, chunks=(*lead_chunks, (e - s,)), dtype=dtype
            )
        )
    out = da.concatenate(pieces, axis=nd - d)
    if perm is not None:
        out = out[(slice(None),) * (nd - d) + (np.argsort(perm),)]
    return out


# ----------------------------------------------------------------- variables
def _numpy_axis(plan: _AxisPlan) -> Callable[[np.ndarray, int, slice | None], np.ndarray]:
    """Kernel call for a NumPy block; ``sel=(points, start)`` restricts it to some output points
    and shifts their positions to a block of the source that starts at ``start``."""

    def run(block: np.ndarray, axis: int, sel: Any = None) -> np.ndarray:
        if plan.scipy_call is not None:
            return plan.scipy_call(block, axis)
        lo, hi, w = plan.lo, plan.hi, plan.w
        assert lo is not None
        if sel is not None:
            points, start = sel
            lo = np.where(lo[points] >= 0, lo[points] - start, -1)
            hi = None if hi is None else hi[points] - start
            w = None if w is None else w[points]
        return _interp_axis(block, axis, lo, hi, w, plan.fill)

    return run


def _datetime_as_float(data: Any) -> Any:
    as_int = data.astype(np.int64)
    nat = np.iinfo(np.int64).min
    return _where(as_int != nat, as_int.astype(np.float64), np.nan)


def _where(cond: Any, a: Any, b: Any) -> Any:
    if is_chunked_array(cond) or is_chunked_array(a):
        from labarray.parallel.chunkmanager import dask_array

        return dask_array().where(cond, a, b)
    return np.where(cond, a, b)


def _float_as_datetime(data: Any, dtype: np.dtype[Any]) -> Any:
    nat = np.iinfo(np.int64).min
    mask = data != data
    filled = _where(mask, 0.0, data)
    rounded = filled.round() if hasattr(filled, "round") else np.round(filled)
    return _where(mask, nat, rounded.astype(np.int64)).astype(dtype)


def _interp_variable(
    var: Variable,
    orth: list[_AxisPlan],
    points: list[_AxisPlan],
    points_dims: tuple[Hashable, ...],
    points_shape: tuple[int, ...],
    method: str,
    numeric: bool,
) -> Variable:
    data = var._data if is_chunked_array(var._data) else np.asarray(var.values)
    datetime_dtype = var.dtype if var.dtype.kind in "Mm" else None
    if datetime_dtype is not None:
        data = _datetime_as_float(data)
    dims = list(var.dims)
    masks: list[tuple[Hashable | None, np.ndarray, Any]] = []
    for plan in orth:
        if plan.dim not in dims:
            continue
        axis = dims.index(plan.dim)
        if numeric:
            data = apply_axis_op(data, axis, _numpy_axis(plan), plan.lo, plan.hi, len(plan.xif))
        else:
            data = _take_nonnumeric(data, axis, _non_numeric_positions(plan, plan.extra["method_non_numeric"]))
        if plan.new_var.ndim == 0:
            data = data[(slice(None),) * axis + (0,)]
            del dims[axis]
            mask_dim = None
        else:
            dims[axis] = plan.new_var.dims[0]
            mask_dim = dims[axis]
        if numeric and plan.outside is not None:
            masks.append((mask_dim, plan.outside, np.nan))
        if numeric:
            masks.extend((mask_dim, side, value) for side, value in plan.extra.get("sides", []))
    for dim, outside, value in masks:
        shape = [1] * len(dims)
        if dim is not None:
            shape[dims.index(dim)] = -1
        data = _where(outside.reshape(shape), value, data)
    used = [p for p in points if p.dim in dims]
    if used:
        axes = [dims.index(p.dim) for p in used]
        rest = [d for i, d in enumerate(dims) if i not in axes]
        perm = [i for i in range(len(dims)) if i not in axes] + axes
        data = data.transpose(perm)
        if numeric and method in ("linear", "nearest"):
            positions = [(p.lo, p.hi, p.w) for p in used if p.lo is not None]
            data = apply_points_op(data, len(used), positions, lambda block, pos: _interp_points(block, pos, used[0].fill), len(used[0].xif))
        elif numeric:
            data = apply_points_op(data, len(used), None, _interpn_call(used, method), len(used[0].xif))
        else:
            data = _take_points_nonnumeric(data, [_non_numeric_positions(p, p.extra["method_non_numeric"]) for p in used])
        data = data.reshape(data.shape[:-1] + points_shape)
        dims = rest + list(points_dims)
    if datetime_dtype is not None:
        data = _float_as_datetime(data, datetime_dtype)
    return Variable(tuple(dims), data, attrs=var.attrs)


def _interpn_call(plans: list[_AxisPlan], method: str) -> Callable[[np.ndarray, Any], np.ndarray]:
    if method not in _INTERPN_METHODS:
        raise ValueError(
            f"pointwise interpolation over several dimensions supports methods "
            f"{format_names(_INTERPN_METHODS)}; got {method!r}"
        )
    interpolate = _scipy_interpolate(method)

    def call(block: np.ndarray, _: Any) -> np.ndarray:
        grids = []
        values = np.asarray(block)
        d = len(plans)
        lead = values.ndim - d
        for i, plan in enumerate(plans):
            order = np.argsort(plan.xf, kind="stable")
            grids.append(plan.xf[order])
            values = np.take(values, order, axis=lead + i)
        values = np.moveaxis(values, list(range(lead, lead + d)), list(range(d)))
        if values.dtype.kind not in "fc":
            values = values.astype(np.float64)
        xi = np.stack([p.xif for p in plans], axis=-1)
        out = interpolate.interpn(grids, values, xi, method=method, bounds_error=False, fill_value=np.nan)
        return np.moveaxis(out, 0, -1)

    return call


def _take_nonnumeric(data: Any, axis: int, positions: Any) -> Any:
    from labarray.kernels.take import take_with_fill, take_with_fill_dask

    if is_chunked_array(data):
        return take_with_fill_dask(data, positions, axis)
    return take_with_fill(np.asarray(data), positions, axis)


def _take_points_nonnumeric(data: Any, positions: list[Any]) -> Any:
    d = len(positions)
    grid = data.shape[data.ndim - d :]
    valid = np.all([p >= 0 for p in positions], axis=0)
    flat_index = np.ravel_multi_index(tuple(np.maximum(p, 0) for p in positions), grid)
    flat = data.reshape(data.shape[: data.ndim - d] + (-1,))
    flat_index = np.where(valid, flat_index, -1)
    return _take_nonnumeric(flat, flat.ndim - 1, flat_index)


# ----------------------------------------------------------------- indexers
def _normalize_indexer(k: Hashable, v: Any) -> tuple[Variable, dict[Hashable, Variable], dict[Hashable, Any]]:
    """(indexer variable, its coordinates, its indexes) for a DataArray, Variable or array."""
    if hasattr(v, "variable") and hasattr(v, "xindexes"):  # a DataArray
        coords = {n: c for n, c in v._coords.items() if n != k}
        indexes = {n: i for n, i in v._indexes.items() if n != k}
        return v.variable, coords, indexes
    if isinstance(v, Variable):
        return v, {}, {}
    arr = np.asarray(v)
    if arr.ndim == 0:
        return Variable((), arr), {}, {}
    if arr.ndim == 1:
        return Variable((k,), arr), {}, {}
    raise ValueError(
        f"the new coordinates for {k!r} are a {arr.ndim}-D array; pass a 0-D or 1-D array, or a "
        "DataArray with named dimensions for pointwise interpolation"
    )


def _validate_method(method: str, method_non_numeric: str) -> None:
    if method not in INTERP_METHODS:
        hint = did_you_mean(method, INTERP_METHODS)
        raise ValueError(
            f"method {method!r} is not an interpolation method; choose one of "
            f"{format_names(INTERP_METHODS)}" + (f"; {hint}" if hint else "")
        )
    if method_non_numeric not in _NON_NUMERIC_METHODS:
        raise ValueError(
            f"method_non_numeric must be one of {format_names(_NON_NUMERIC_METHODS)}, got {method_non_numeric!r}"
        )


def interp_dataset(
    ds: Any,
    indexers: Mapping[Any, Any],
    method: str = "linear",
    assume_sorted: bool = False,
    kwargs: Mapping[str, Any] | None = None,
    method_non_numeric: str = "nearest",
    strict_numeric: Hashable | None = None,
) -> Any:
    """Interpolate every variable of the Dataset ``ds`` onto ``indexers`` (see ``Dataset.interp``).

    ``strict_numeric`` names the data variable of a DataArray's temporary Dataset: it must be
    numeric (or datetime-like), as in ``DataArray.interp``.

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [0.0, 10.0])}, coords={"x": [0, 1]})
    >>> interp_dataset(ds, {"x": [0.25]}).a.values
    array([2.5])
    """
    _validate_method(method, method_non_numeric)
    kwargs = dict(kwargs or {})
    if not indexers:
        return ds.copy()
    dims = dict(ds.sizes)
    missing = [k for k in indexers if k not in dims]
    if missing:
        raise ValueError(missing_names_message("dimension", missing, list(dims), "the object to interpolate"))
    if strict_numeric is not None:
        dtype = ds._variables[strict_numeric].dtype
        if dtype.kind not in "uifcMm":
            raise TypeError(
                f"interp only works on numeric or datetime data; this DataArray has dtype {dtype} "
                "(use .sel(..., method='nearest') or .reindex to select non-numeric values)"
            )

    normalized: dict[Hashable, Variable] = {}
    # labelled indexers (DataArray, Variable) bring their own attributes for the new coordinate
    labelled = {k for k, v in indexers.items() if isinstance(v, Variable) or hasattr(v, "variable")}
    extra_coords: dict[Hashable, Variable] = {}
    extra_indexes: dict[Hashable, Any] = {}
    for k, v in indexers.items():
        var, coords, idx = _normalize_indexer(k, v)
        normalized[k] = var
        extra_coords.update(coords)
        extra_indexes.update(idx)

    # An indexer along an existing, not interpolated dimension (x=DataArray(..., dims="y") on
    # an object with dimension y) selects pointwise along it: y joins the pointwise group as an
    # exact, positional indexer, and keeps its coordinates.
    implicit = [
        d for var in list(normalized.values()) for d in var.dims if d in dims and d not in normalized
    ]
    implicit = list(dict.fromkeys(implicit))
    for d in implicit:
        normalized[d] = Variable((d,), np.arange(dims[d], dtype=np.float64))

    dim_users: dict[Hashable, int] = {}
    for var in normalized.values():
        for d in var.dims:
            dim_users[d] = dim_users.get(d, 0) + 1
    point_keys = [k for k, var in normalized.items() if var.ndim > 1 or (var.ndim == 1 and dim_users[var.dims[0]] > 1)]
    orth_keys = [k for k in normalized if k not in point_keys]

    points_dims: tuple[Hashable, ...] = ()
    points_shape: tuple[int, ...] = ()
    if point_keys:
        shared = broadcast_variables(*(normalized[k] for k in point_keys))
        for k, var in zip(point_keys, shared, strict=True):
            normalized[k] = var
        points_dims = shared[0].dims
        points_shape = shared[0].shape

    def source(k: Hashable) -> np.ndarray:
        if k in ds._variables and k not in implicit:
            return np.asarray(ds._variables[k].values)
        return np.arange(dims[k], dtype=np.float64)

    for k, var in normalized.items():
        x = source(k)
        if x.dtype.kind == "M" and var.dtype.kind in "USO" and not is_cftime_values(np.asarray(var.values)):
            xi = to_float_coordinates(x, np.asarray(var.values), k)[1]  # validates the strings
            del xi
            values = pd.to_datetime(np.asarray(var.values).ravel()).values.reshape(var.shape)
            normalized[k] = var.copy(deep=False, data=values.astype(x.dtype))
        elif is_cftime_values(x) and var.dtype.kind in "US":
            first = next(v for v in x.ravel() if v is not None)
            values = _parse_cftime_strings(np.asarray(var.values), type(first), first.calendar, k)
            normalized[k] = var.copy(deep=False, data=values)

    orth = [
        _plan_axis(k, source(k), normalized[k], method, assume_sorted, kwargs, method_non_numeric, False)
        for k in orth_keys
    ]
    points = [
        _plan_axis(k, source(k), normalized[k], method, assume_sorted, kwargs, method_non_numeric, True)
        for k in point_keys
    ]

    interp_dims = set(normalized)
    variables: dict[Hashable, Variable] = {}
    for name, var in ds._variables.items():
        if name in interp_dims:
            continue
        if not (interp_dims - set(implicit)) & set(var.dims):
            variables[name] = var
            continue
        numeric = var.dtype.kind in "uifcMm"
        variables[name] = _interp_variable(var, orth, points, points_dims, points_shape, method, numeric)

    coord_names = set(ds._coord_names) - interp_dims
    indexes = filter_indexes_from_coords(
        {n: i for n, i in ds._indexes.items() if not (set(ds._variables[n].dims) & interp_dims)},
        set(variables) & coord_names,
    )
    for d in implicit:
        if d in ds._variables:
            variables[d] = ds._variables[d]
            indexes.update({n: i for n, i in ds._indexes.items() if n == d})
            coord_names.add(d)
    for k, var in normalized.items():
        if k in implicit:
            continue
        new = var.copy(deep=False)
        if k not in labelled:
            new.attrs = dict(ds._variables[k].attrs) if k in ds._variables else {}
        if new.dims == (k,):
            new_indexes, new_vars = create_default_index_implicit(new, k)
            indexes.update(new_indexes)
            variables.update(new_vars)
        else:
            variables[k] = new
        coord_names.add(k)
    for n, c in extra_coords.items():
        if n not in variables:
            variables[n] = c
            coord_names.add(n)
            if n in extra_indexes:
                indexes[n] = extra_indexes[n]
    # order as xarray: untouched and interpolated variables in their places, then (when some
    # non-numeric variables were reindexed) the 1-D new coordinates and those variables, then
    # the other new coordinates
    reindexed = [
        n
        for n, v in ds._variables.items()
        if n in variables and n not in interp_dims and v.dtype.kind not in "uifcMm" and interp_dims & set(v.dims)
    ]
    ordered = {
        n: variables[n]
        for n in ds._variables
        if n in variables and n not in reindexed and (n not in interp_dims or n in implicit)
    }
    if reindexed:
        reindexed_dims = {d for n in reindexed for d in ds._variables[n].dims}
        ordered.update((k, variables[k]) for k in orth_keys if k in variables and k in reindexed_dims)
        ordered.update((n, variables[n]) for n in reindexed)
    ordered.update((n, v) for n, v in variables.items() if n not in ordered)
    return ds._replace_with_new_dims(ordered, coord_names, indexes=indexes)


def interp_like_indexers(obj: Any, other: Any) -> tuple[dict[Hashable, Any], dict[Hashable, Any]]:
    """Split ``other``'s indexed coordinates on ``obj``'s dimensions into numeric/datetime ones
    (to interpolate) and the rest (to reindex), as ``interp_like`` does.

    Examples
    --------
    >>> import labarray as xr
    >>> obj = xr.DataArray([1.0, 2.0], dims="x", coords={"x": [0, 1]})
    >>> other = xr.Dataset(coords={"x": [0.5], "k": ["a"]})
    >>> numeric, others = interp_like_indexers(obj, other)
    >>> numeric["x"].values.tolist(), others
    ([0.5], {})
    """
    numeric: dict[Hashable, Any] = {}
    other_kind: dict[Hashable, Any] = {}
    dims = set(obj.dims)
    for name in other.xindexes:
        if name not in dims:
            continue
        variable = other._variables[name] if hasattr(other, "_variables") else other._coords[name]
        values = np.asarray(variable.values)
        if values.dtype.kind in "uifcMm" or is_cftime_values(values):
            numeric[name] = variable
        else:
            other_kind[name] = values
    return numeric, other_kind
