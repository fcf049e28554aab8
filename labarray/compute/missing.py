"""Missing data: isnull/notnull, fillna, dropna, ffill/bfill and interpolate_na machinery.

Functions here take a DataArray or a Dataset (told apart by duck type: a Dataset has
``_coord_names``), work on its Variables and build the result with the object's own
``_replace``; they never import the façade.

Forward/backward fill of a Dask array is a scan over the blocks of the filled axis, written as
a graph of three kinds of small tasks so that blocks are filled in parallel:

1. *summary* of each block: its last valid value and position (:func:`last_valid_state`);
2. *carry* into each block: the carry into the previous block updated by that block's summary
   (a sequential chain, but of ``(pre, post)``-sized states only);
3. *fill* of each block from its carry (:func:`push_block`), with global positions so that
   ``limit`` counts missing values across block boundaries.

Memory per task is one block; nothing is rechunked. ``interpolate_na`` (linear, nearest) uses
the same scans in both directions: a block needs only the last valid value before it and the
first one after it.

>>> import numpy as np
>>> push_data(np.array([1.0, np.nan, np.nan]), axis=0, limit=1)
array([ 1.,  1., nan])
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from labarray.compute.apply_ufunc import apply_ufunc
from labarray.kernels.fill import (
    INTERP_METHODS,
    fill_allowed,
    has_missing_values,
    interpolate_block,
    interpolate_gaps,
    last_valid_state,
    new_state,
    push,
    push_block,
)
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import compute_arrays, dask_array, is_chunked_array
from labarray.utils.suggest import did_you_mean, format_names, missing_names_message, name_not_found
from labarray.variable import Variable, duck

__all__ = [
    "SCIPY_METHODS",
    "dropna",
    "fillna",
    "interp_coordinate",
    "interpolate_na",
    "isnull",
    "push_data",
    "push_fill",
]

#: interpolate_na methods delegated to scipy.interpolate (the compiled ones are INTERP_METHODS)
SCIPY_METHODS = (
    "zero", "slinear", "quadratic", "cubic", "polynomial", "barycentric", "krogh", "pchip",
    "akima", "makima",
)
_INTERP1D_KINDS = ("nearest", "zero", "slinear", "quadratic", "cubic", "linear")


# ------------------------------------------------------------------------------------ helpers
def is_dataset(obj: Any) -> bool:
    """Whether ``obj`` is Dataset-like (the façade classes are not imported here)."""
    return hasattr(obj, "_coord_names")


def _describe(obj: Any) -> str:
    if is_dataset(obj):
        return "Dataset"
    return "DataArray" if obj.name is None else f"DataArray {obj.name!r}"


def resolve_keep_attrs(keep_attrs: Any) -> bool:
    """``keep_attrs`` as a bool (None: the ``keep_attrs`` option, which keeps them)."""
    if keep_attrs is None:
        return _get_keep_attrs(default=True)
    if not isinstance(keep_attrs, (bool, np.bool_)):
        raise TypeError(f"keep_attrs must be True, False or None, got {keep_attrs!r}")
    return bool(keep_attrs)


def check_dim(obj: Any, dim: Any, func: str) -> Hashable:
    """Validate a single dimension argument of ``func``; return it."""
    dims = list(obj.dims)
    if dim is None or isinstance(dim, (list, tuple, set)):
        raise TypeError(
            f"{func} works along one dimension; got dim={dim!r}; dimensions: {format_names(dims)}"
        )
    if dim not in dims:
        raise name_not_found("dimension", [dim], dims, _describe(obj))
    return dim  # type: ignore[no-any-return]


def map_data_variables(obj: Any, func: Callable[[Variable], Variable], needs: Hashable | None = None) -> Any:
    """Apply ``func`` to the data (DataArray) or to each data variable (Dataset).

    With ``needs``, Dataset variables lacking that dimension are passed through unchanged.
    Coordinates are never touched.
    """
    if not is_dataset(obj):
        return obj._replace(variable=func(obj.variable))
    variables = {
        name: (
            func(var)
            if name not in obj._coord_names and (needs is None or needs in var.dims)
            else var
        )
        for name, var in obj._variables.items()
    }
    return obj._replace(variables=variables)


# ------------------------------------------------------------------------------ isnull/fillna
def isnull(obj: Any, keep_attrs: bool | None = None, negate: bool = False) -> Any:
    """Boolean mask of missing (``negate=False``) or present values of every data variable.

    Examples
    --------
    >>> import labarray as xr
    >>> isnull(xr.DataArray([1.0, float("nan")])).values
    array([False,  True])
    """
    keep = resolve_keep_attrs(keep_attrs)

    def mask(var: Variable) -> Variable:
        data = duck.notnull(var.data) if negate else duck.isnull(var.data)
        return var._replace(data=data, attrs=var._attrs if keep else None, encoding=None)

    result = map_data_variables(obj, mask)
    if is_dataset(obj) and not keep:
        result = result._replace(attrs=None)
    return result


def _fill_missing(data: Any, other: Any) -> Any:
    return np.where(duck.isnull(data), other, data)


def fillna(obj: Any, value: Any) -> Any:
    """Replace missing values by ``value``, aligned to ``obj`` (a left join).

    ``value`` may be a scalar, an array, a DataArray or Dataset, or (for a Dataset) a dict of
    per-variable fill values.

    Examples
    --------
    >>> import labarray as xr
    >>> fillna(xr.DataArray([1.0, float("nan")]), 0).values
    array([1., 0.])
    """
    if not is_dataset(obj):
        if isinstance(value, dict) or is_dataset(value):
            raise TypeError(
                f"cannot fill a DataArray with a {type(value).__name__} of values; pass a scalar, "
                "an array or a DataArray (per-variable fill values are for Dataset.fillna)"
            )
    elif isinstance(value, dict) or is_dataset(value):
        names = list(value.data_vars) if is_dataset(value) else list(value)
        unknown = [k for k in names if k not in obj.data_vars]
        if unknown:
            raise ValueError(
                "every variable of the fill value must be a data variable of the Dataset; "
                + missing_names_message("data variable", unknown, list(obj.data_vars))
            )
        if isinstance(value, dict):
            value = type(obj)(value)
    return apply_ufunc(
        _fill_missing, obj, value, join="left", dataset_join="left",
        dataset_fill_value=np.nan, dask="allowed", keep_attrs=True,
    )


# ------------------------------------------------------------------------------------ dropna
def dropna(
    ds: Any, dim: Hashable, how: str = "any", thresh: int | None = None, subset: Iterable[Hashable] | None = None
) -> Any:
    """Drop the labels of ``dim`` where data variables have missing values (Dataset machinery).

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1.0, float("nan"), 3.0])})
    >>> dropna(ds, "x")["a"].values
    array([1., 3.])
    """
    if how not in ("any", "all"):
        raise ValueError(f"how must be 'any' or 'all', got {how!r}")
    if thresh is not None and (isinstance(thresh, bool) or not isinstance(thresh, (int, np.integer))):
        raise TypeError(f"thresh must be an integer or None, got {thresh!r}")
    if dim not in ds.dims:
        raise name_not_found("dimension", [dim], list(ds.dims), "Dataset")
    if subset is None:
        names = list(ds.data_vars)
    else:
        names = [subset] if isinstance(subset, str) else list(subset)
        unknown = [n for n in names if n not in ds._variables]
        if unknown:
            raise ValueError(missing_names_message("variable", unknown, list(ds._variables), "subset"))
    count = np.zeros(ds.sizes[dim], dtype=np.int64)
    size = 0
    lazy: list[Any] = []
    for name in names:
        var = ds._variables[name]
        if dim not in var.dims:
            continue
        others = tuple(i for i, d in enumerate(var.dims) if d != dim)
        lazy.append(duck.notnull(var.data).sum(axis=others) if others else duck.notnull(var.data))
        size += int(np.prod([var.shape[i] for i in others], dtype=np.int64))
    if lazy:
        for counted in compute_arrays(*lazy):
            count += np.asarray(counted, dtype=np.int64)
    if thresh is not None:
        keep = count >= thresh
    elif how == "any":
        keep = count == size
    else:
        keep = count > 0
    return ds.isel({dim: np.flatnonzero(keep)})


# ------------------------------------------------------------------------------- ffill/bfill
def push_data(data: Any, axis: int, limit: int | None = None, reverse: bool = False) -> Any:
    """Forward (``reverse=False``) or backward fill of a NumPy or Dask array along ``axis``.

    Dask in, Dask out (lazy, same chunks); see the module docstring for the block scan.

    Examples
    --------
    >>> push_data(np.array([np.nan, 2.0, np.nan]), axis=0, reverse=True)
    array([ 2.,  2., nan])
    """
    if not is_chunked_array(data):
        return push(np.asarray(data), axis, limit=limit, reverse=reverse)
    push(np.zeros(0), 0, limit=limit)  # validates limit eagerly
    if not has_missing_values(data.dtype):
        return data
    axis = axis % data.ndim
    if data.dtype.kind == "O" or len(data.chunks[axis]) == 1:
        if len(data.chunks[axis]) > 1:
            data = data.rechunk({axis: -1})
        return data.map_blocks(push, axis, limit, reverse, dtype=data.dtype)
    return _push_dask(data, axis, limit, reverse)


def _summary(block: np.ndarray, axis: int, reverse: bool, offset: int) -> tuple[np.ndarray, np.ndarray]:
    return last_valid_state(block, axis, reverse, offset)


def _carry(previous: tuple[np.ndarray, np.ndarray], summary: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    seen = summary[1] >= 0
    return np.where(seen, summary[0], previous[0]), np.where(seen, summary[1], previous[1])


def _fill_block(
    block: np.ndarray, carry: tuple[np.ndarray, np.ndarray], axis: int, limit: int | None,
    reverse: bool, offset: int,
) -> np.ndarray:
    # the carry is shared with the next block's task: work on copies
    return push_block(block, axis, limit, reverse, offset, carry[0].copy(), carry[1].copy())


def _block_offsets(chunks: tuple[int, ...], reverse: bool) -> list[int]:
    """Scan-order position of the first scanned element of each block."""
    n = int(sum(chunks))
    starts = np.cumsum((0, *chunks))
    return [int(n - starts[b + 1]) if reverse else int(starts[b]) for b in range(len(chunks))]


def _carry_tasks(x: Any, axis: int, reverse: bool, name: str, dsk: dict[Any, Any]) -> str:
    """Add the summary and carry tasks of a block scan to ``dsk``; return the carry key name.

    The carry into block ``b`` is the push state (last valid value and scan position) after
    every block before it in scan order.
    """
    summary, carry = f"{name}-summary", f"{name}-carry"
    nblocks = len(x.chunks[axis])
    offsets = _block_offsets(x.chunks[axis], reverse)
    for idx in itertools.product(*(range(len(c)) for c in x.chunks)):
        b = idx[axis]
        dsk[(summary, *idx)] = (_summary, (x.name, *idx), axis, reverse, offsets[b])
        prev = b + 1 if reverse else b - 1
        if 0 <= prev < nblocks:
            prev_idx = (*idx[:axis], prev, *idx[axis + 1 :])
            dsk[(carry, *idx)] = (_carry, (carry, *prev_idx), (summary, *prev_idx))
        else:
            shape = tuple(c[i] for c, i in zip(x.chunks, idx, strict=True))
            dsk[(carry, *idx)] = (new_state, shape, axis, x.dtype)
    return carry


def _blockwise_graph(x: Any, name: str, dsk: dict[Any, Any]) -> Any:
    from dask.highlevelgraph import HighLevelGraph

    graph = HighLevelGraph.from_collections(name, dsk, dependencies=[x])
    return dask_array().Array(graph, name, chunks=x.chunks, dtype=x.dtype, meta=x._meta)


def _push_dask(x: Any, axis: int, limit: int | None, reverse: bool) -> Any:
    from dask.base import tokenize

    name = f"push-{'b' if reverse else 'f'}-{tokenize(x, axis, limit, reverse)}"
    dsk: dict[Any, Any] = {}
    carry = _carry_tasks(x, axis, reverse, name, dsk)
    offsets = _block_offsets(x.chunks[axis], reverse)
    for idx in itertools.product(*(range(len(c)) for c in x.chunks)):
        dsk[(name, *idx)] = (
            _fill_block, (x.name, *idx), (carry, *idx), axis, limit, reverse, offsets[idx[axis]]
        )
    return _blockwise_graph(x, name, dsk)


def _interp_dask_block(
    block: np.ndarray, left: tuple[np.ndarray, np.ndarray], right: tuple[np.ndarray, np.ndarray],
    x: np.ndarray, axis: int, offset: int, method: str, limit: int | None, max_gap: float | None,
) -> np.ndarray:
    n = x.shape[0]
    # the backward scan counts positions from the end of the axis: make them global
    right_pos = np.where(right[1] >= 0, n - 1 - right[1], right[1])
    return interpolate_block(
        block, x, axis, offset, method, limit, max_gap, left, (right[0], right_pos)
    )


def _interp_dask(x: Any, coord: np.ndarray, axis: int, method: str, limit: int | None, max_gap: float | None) -> Any:
    """Gap interpolation of a Dask array along a chunked axis, without rechunking it.

    Each block gets the last valid value before it and the first one after it from a forward
    and a backward block scan (as for ``ffill``/``bfill``), which is all a linear or nearest
    fill of a gap crossing its edges needs.
    """
    from dask.base import tokenize

    name = f"interpolate_na-{tokenize(x, coord, axis, method, limit, max_gap)}"
    dsk: dict[Any, Any] = {}
    left = _carry_tasks(x, axis, False, f"{name}-fwd", dsk)
    right = _carry_tasks(x, axis, True, f"{name}-bwd", dsk)
    offsets = _block_offsets(x.chunks[axis], False)
    for idx in itertools.product(*(range(len(c)) for c in x.chunks)):
        dsk[(name, *idx)] = (
            _interp_dask_block, (x.name, *idx), (left, *idx), (right, *idx), coord, axis,
            offsets[idx[axis]], method, limit, max_gap,
        )
    return _blockwise_graph(x, name, dsk)


def push_fill(obj: Any, dim: Any, limit: int | None, reverse: bool) -> Any:
    """``ffill``/``bfill`` of a DataArray or of every data variable of a Dataset along ``dim``.

    Examples
    --------
    >>> import labarray as xr
    >>> push_fill(xr.DataArray([1.0, float("nan")], dims="x"), "x", None, False).values
    array([1., 1.])
    """
    dim = check_dim(obj, dim, "bfill" if reverse else "ffill")

    def fill(var: Variable) -> Variable:
        return var._replace(data=push_data(var.data, var.dims.index(dim), limit, reverse))

    return map_data_variables(obj, fill, needs=dim)


# ------------------------------------------------------------------------------ interpolate_na
def _is_timedelta_like(value: Any) -> bool:
    return isinstance(value, (str, datetime.timedelta, np.timedelta64, pd.Timedelta))


def interp_coordinate(obj: Any, dim: Hashable, use_coordinate: bool | Hashable) -> tuple[np.ndarray, bool]:
    """The float64 coordinate ``interpolate_na`` works with, and whether it is a time axis.

    Times become nanoseconds since the first value. The coordinate must increase strictly.

    Examples
    --------
    >>> import labarray as xr
    >>> interp_coordinate(xr.DataArray([1.0, 2.0], dims="x", coords={"x": [5, 7]}), "x", True)
    (array([5., 7.]), False)
    """
    n = obj.sizes[dim]
    if use_coordinate is False:
        return np.arange(n, dtype=np.float64), False
    name = dim if use_coordinate is True else use_coordinate
    if name not in obj.coords:
        if use_coordinate is True:
            return np.arange(n, dtype=np.float64), False
        raise ValueError(
            f"use_coordinate={name!r}: "
            + missing_names_message("coordinate", [name], list(obj.coords), _describe(obj))
        )
    var = obj.coords[name].variable
    if var.dims != (dim,):
        raise ValueError(
            f"coordinate {name!r} used for interpolation must be 1-dimensional along {dim!r}, "
            f"but it has dimensions {var.dims}"
        )
    values = var.values
    is_time = values.dtype.kind in "mM"
    if is_time:
        ints = values.astype("M8[ns]" if values.dtype.kind == "M" else "m8[ns]").view(np.int64)
        if np.any(values != values):
            raise ValueError(f"coordinate {name!r} used for interpolation has missing times (NaT)")
        x = (ints - ints[0]).astype(np.float64) if n else ints.astype(np.float64)
    elif values.dtype.kind in "iuf":
        x = values.astype(np.float64)
    elif values.dtype.kind == "O" and n and all(hasattr(v, "calendar") for v in values):
        # cftime dates: nanoseconds since the first date (their differences are timedeltas)
        is_time = True
        x = np.array([(v - values[0]) / datetime.timedelta(microseconds=1) for v in values]) * 1e3
    else:
        raise TypeError(
            f"coordinate {name!r} used for interpolation must be numeric, datetime64/timedelta64 or cftime, "
            f"got dtype {values.dtype}; pass use_coordinate=False to interpolate by position"
        )
    steps = np.diff(x)
    if np.any(steps == 0):
        dup = values[int(np.flatnonzero(steps == 0)[0]) + 1]
        raise ValueError(
            f"coordinate {name!r} used for interpolation has duplicate values (e.g. {dup!r}); "
            f"remove them first, e.g. with .drop_duplicates({name!r})"
        )
    if np.any(~(steps > 0)):
        raise ValueError(
            f"coordinate {name!r} used for interpolation must be monotonically increasing; "
            f"sort first with .sortby({name!r})"
        )
    return x, is_time


def _max_gap_value(max_gap: Any, is_time: bool, use_coordinate: Any) -> float | None:
    if max_gap is None:
        return None
    if _is_timedelta_like(max_gap):
        if not is_time:
            raise TypeError(
                f"max_gap={max_gap!r} is a time interval, but the coordinate used for interpolation "
                "is not a time axis; pass a number in the coordinate's units"
                + (" (use_coordinate=False: a number of positions)" if use_coordinate is False else "")
            )
        try:
            value = float(pd.Timedelta(max_gap).value)
        except ValueError as err:
            raise ValueError(f"max_gap={max_gap!r} is not a valid time interval: {err}") from None
    elif isinstance(max_gap, (int, float, np.integer, np.floating)) and not isinstance(max_gap, bool):
        if is_time:
            raise TypeError(
                f"max_gap={max_gap!r} is a number, but the coordinate used for interpolation is a time "
                "axis; give a time interval such as '30D', pandas.Timedelta(days=30) or "
                "numpy.timedelta64(30, 'D')"
            )
        value = float(max_gap)
    else:
        raise TypeError(f"max_gap must be a number, a time interval or None, got {max_gap!r}")
    if not value > 0:
        raise ValueError(f"max_gap must be positive, got {max_gap!r}")
    return value


def _scipy_interpolator(method: str, x: np.ndarray, y: np.ndarray, kwargs: dict[str, Any]) -> Callable[[np.ndarray], np.ndarray]:
    try:
        from scipy import interpolate
    except ImportError:  # pragma: no cover - scipy is installed in the test environment
        raise ImportError(
            f"interpolate_na(method={method!r}) needs scipy; install it with `pip install scipy`"
        ) from None
    kw = dict(kwargs)
    if method in _INTERP1D_KINDS or method == "polynomial":
        kind: Any = method
        if method == "polynomial":
            if "order" not in kw:
                raise ValueError("interpolate_na(method='polynomial') requires an order=... argument")
            kind = kw.pop("order")
        kw.setdefault("fill_value", np.nan)
        kw.setdefault("bounds_error", False)
        kw.setdefault("assume_sorted", True)
        return interpolate.interp1d(x, y, kind=kind, **kw)  # type: ignore[no-any-return]
    if method == "pchip":
        kw.setdefault("extrapolate", False)
        return interpolate.PchipInterpolator(x, y, **kw)  # type: ignore[no-any-return]
    if method in ("akima", "makima"):
        if method == "makima":
            kw["method"] = "makima"
        return interpolate.Akima1DInterpolator(x, y, **kw)  # type: ignore[no-any-return]
    if method == "barycentric":
        return interpolate.BarycentricInterpolator(x, y, **kw)  # type: ignore[no-any-return]
    return interpolate.KroghInterpolator(x, y, **kw)  # type: ignore[no-any-return]


def _interp_scipy(y: np.ndarray, x: np.ndarray, axis: int, method: str, kwargs: dict[str, Any]) -> np.ndarray:
    moved = np.moveaxis(y, axis, -1)
    lines = moved.reshape(-1, moved.shape[-1])
    out = lines.copy()
    for row, line in zip(out, lines, strict=True):
        nans = line != line
        n_nans = int(nans.sum())
        if n_nans == 0 or n_nans >= len(line) - 1:
            continue
        row[nans] = _scipy_interpolator(method, x[~nans], line[~nans], kwargs)(x[nans])
    return np.moveaxis(out.reshape(moved.shape), -1, axis)


def _interp_block(
    y: np.ndarray, x: np.ndarray, axis: int, method: str, limit: int | None, max_gap: float | None,
    kwargs: dict[str, Any],
) -> np.ndarray:
    if y.size == 0:
        return y.copy()
    if method in INTERP_METHODS and not kwargs:
        return interpolate_gaps(y, x, axis, method, limit, max_gap)
    filled = _interp_scipy(y, x, axis, method, kwargs)
    if limit is None and max_gap is None:
        return filled
    return np.where(fill_allowed(y, x, axis, limit, max_gap), filled, y)


def interpolate_na(
    obj: Any, dim: Any = None, method: str = "linear", limit: int | None = None,
    use_coordinate: bool | Hashable = True, max_gap: Any = None, keep_attrs: bool | None = None,
    **kwargs: Any,
) -> Any:
    """Fill missing values of a DataArray or Dataset by interpolating along ``dim``.

    See ``DataArray.interpolate_na`` for the parameters.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([0.0, float("nan"), 4.0], dims="x", coords={"x": [0, 1, 4]})
    >>> interpolate_na(da, "x").values
    array([0., 1., 4.])
    """
    if dim is None:
        dims = list(obj.dims)
        if len(dims) != 1:
            raise ValueError(
                f"interpolate_na needs dim= when the object has several dimensions; "
                f"dimensions: {format_names(dims)}"
            )
        dim = dims[0]
    dim = check_dim(obj, dim, "interpolate_na")
    valid = (*INTERP_METHODS, *SCIPY_METHODS)
    if method not in valid:
        hint = did_you_mean(method, valid)
        raise ValueError(
            f"unknown interpolation method {method!r}; methods: {format_names(valid)}"
            + (f"; {hint}" if hint else "")
        )
    push(np.zeros(0), 0, limit=limit)  # validates limit
    x, is_time = interp_coordinate(obj, dim, use_coordinate)
    gap = _max_gap_value(max_gap, is_time, use_coordinate)
    keep = resolve_keep_attrs(keep_attrs)

    def fill(var: Variable) -> Variable:
        attrs = var._attrs if keep else None
        if var.dtype.kind not in "fc":
            if var.dtype.kind in "iub":
                return var._replace(attrs=attrs)  # no missing values: integers stay integers
            raise TypeError(
                f"interpolate_na works on numeric data; variable with dims {var.dims} has dtype "
                f"{var.dtype}"
            )
        axis = var.dims.index(dim)
        data = var.data
        if is_chunked_array(data) and len(data.chunks[axis]) > 1 and method in INTERP_METHODS and not kwargs:
            result = _interp_dask(data, x, axis, method, limit, gap)
        elif is_chunked_array(data):
            # scipy methods see whole lines: the axis becomes one chunk per task, then is split back
            chunks = data.chunks
            whole = data.rechunk({axis: -1}) if len(chunks[axis]) > 1 else data
            result = whole.map_blocks(
                _interp_block, x, axis, method, limit, gap, kwargs, dtype=data.dtype
            )
            if len(chunks[axis]) > 1:
                result = result.rechunk(chunks)
        else:
            result = _interp_block(np.asarray(data), x, axis, method, limit, gap, kwargs)
        return var._replace(data=result, attrs=attrs)

    result = map_data_variables(obj, fill, needs=dim)
    if is_dataset(obj) and not keep:
        result = result._replace(attrs=None)
    return result
