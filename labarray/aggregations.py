"""The table of reductions: every aggregation declared once, as data.

Each :class:`Aggregation` row says how one reduction runs

* on in-memory data: through an *engine*: ``"numba"`` runs labarray's compiled kernels
  (:mod:`labarray.kernels.nanreduce`) and falls back to ``"numpy"`` for dtypes they do not handle
  (complex, float16, object) or when ``set_options(use_numba=False)``; ``"numpy"`` calls the row's
  ``numpy`` function, or its ``nan`` function when NaN are skipped. Engines live in
  :data:`ENGINES`; a row picks one with ``engine=...``, and
* on Dask: through a *method*: ``"dask"`` calls Dask's own reduction of the same name
  (``dask.array.nansum`` ...), ``"tree"`` runs the row's ``chunk``/``combine``/``finalize``
  functions as a Dask tree reduction (``dask.array.reduction``) and ``"blockwise"`` rechunks the
  reduced axes into one block and runs the engine on every block (``median``).

:func:`apply_aggregation` adds the rules every reduction shares: which dtypes skip NaN by default,
``min_count``, float32 accumulated in float64, datetime means, empty slices without warnings.
cftime dates (``object`` arrays) are reduced as exact ``timedelta64[us]`` offsets from their first
date (:mod:`labarray.kernels.cftime_values`) and turned back into dates of their calendar.
:func:`inject_aggregations` generates the ``sum/mean/...`` methods of a class from the table with
one docstring template; the class implements ``_aggregate(name, dim=None, **kwargs)``.

>>> import numpy as np
>>> apply_aggregation(AGGREGATIONS["sum"], np.array([[1.0, np.nan], [2.0, 3.0]]), axis=(1,))
array([1., 5.])
"""

from __future__ import annotations
import __future__

import functools
import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from labarray.kernels import cftime_values, nanreduce
from labarray.kernels import quantile as kernel_quantile
from labarray.kernels.take import maybe_promote
from labarray.options import OPTIONS
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.suggest import did_you_mean, format_names

__all__ = [
    "AGGREGATIONS",
    "CUMULATIVE",
    "ENGINES",
    "REDUCTIONS",
    "Aggregation",
    "apply_aggregation",
    "get_aggregation",
    "inject_aggregations",
    "isnull",
    "numeric_only_keeps",
    "register_engine",
]

DtypeRule = Literal["same", "sum", "float", "count", "bool", "index"]
# dtype kinds that can hold a missing value (NaN / NaT / None): only these skip NaN by default
_NAN_KINDS = frozenset("fcmMO")
# reductions that accumulate float16/float32 (and complex64) in double precision
_ACCUMULATE = frozenset(["sum", "prod", "mean", "std", "var", "cumsum", "cumprod"])


@dataclass(frozen=True)
class Aggregation:
    """One reduction, described once for every engine and every chunk manager.

    Parameters
    ----------
    name
        Method name (``"sum"``).
    numpy
        In-memory function that does not skip NaN, called as ``f(values, axis=..., **kw)``.
    nan
        In-memory NaN-skipping function (``None`` when the reduction has no such variant).
    dask, dask_nan
        Names of the ``dask.array`` reductions used with ``method="dask"``.
    chunk, combine, finalize
        Functions of a Dask tree reduction (``method="tree"``): ``chunk`` reduces each block
        (``chunk(x, axis=, keepdims=True)``), ``combine`` merges partial results, ``finalize``
        produces the result from the combined partials.
    fill_value
        Result of reducing no valid value (0 for ``sum``, 1 for ``prod``); ``None`` where NumPy
        gives NaN or raises.
    dtype_rule
        ``"same"`` (input dtype), ``"sum"`` (bool -> int, ints stay ints), ``"float"`` (ints and
        bools -> float64), ``"count"`` (int64), ``"bool"``, ``"index"`` (intp).
    supports_skipna, supports_min_count, supports_ddof
        Which optional arguments the reduction accepts.
    numeric_only
        Whether Datasets apply it only to numeric (and bool) variables.
    doc_extra
        Extra text for the generated method's Notes section.
    engine
        Key in :data:`ENGINES` of the in-memory implementation.
    method
        How Dask arrays are reduced: ``"dask"``, ``"tree"`` or ``"blockwise"`` (the reduced
        axes are rechunked into one block, which the engine then reduces in memory).
    cumulative
        A scan (``cumsum``) rather than a reduction: the shape is kept.
    single_axis
        Reduces along one axis only (``argmin``/``argmax``).

    Examples
    --------
    >>> AGGREGATIONS["mean"].dtype_rule
    'float'
    """

    name: str
    numpy: Callable[..., Any]
    nan: Callable[..., Any] | None = None
    dask: str | None = None
    dask_nan: str | None = None
    chunk: Callable[..., Any] | None = None
    combine: Callable[..., Any] | None = None
    finalize: Callable[..., Any] | None = None
    fill_value: Any = None
    dtype_rule: DtypeRule = "same"
    supports_skipna: bool = True
    supports_min_count: bool = False
    supports_ddof: bool = False
    numeric_only: bool = False
    doc_extra: str = ""
    engine: str = "numpy"
    method: Literal["dask", "tree", "blockwise"] = "dask"
    cumulative: bool = False
    single_axis: bool = False
    summary: str = field(default="", compare=False)


def isnull(values: Any) -> Any:
    """Boolean mask of missing values (NaN, NaT, None) of a NumPy or Dask array.

    Examples
    --------
    >>> isnull(np.array([1.0, np.nan]))
    array([False,  True])
    """
    kind = values.dtype.kind
    if kind in "fc":
        return np.isnan(values)
    if kind in "mM":
        return np.isnat(values)
    if kind == "O":
        import pandas as pd

        if is_chunked_array(values):
            return values.map_blocks(pd.isnull, dtype=bool)
        return np.asarray(pd.isnull(values), dtype=bool)
    if is_chunked_array(values):
        return dask_array().zeros(values.shape, dtype=bool, chunks=values.chunks)
    return np.zeros(values.shape, dtype=bool)


def _median(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Median on the selection kernel (NumPy's when ``use_numba`` is off); NaN propagates."""
    if OPTIONS["use_numba"] and np.asarray(a).dtype.kind in "biuf":
        return kernel_quantile.median(a, axis=axis, keepdims=keepdims)
    return np.median(a, axis=axis, keepdims=keepdims)


def _nanmedian(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """NaN-skipping median on the selection kernel (NumPy's when ``use_numba`` is off)."""
    if OPTIONS["use_numba"] and np.asarray(a).dtype.kind in "biuf":
        return kernel_quantile.nanmedian(a, axis=axis, keepdims=keepdims)
    return np.nanmedian(a, axis=axis, keepdims=keepdims)


def _count(values: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """Number of non-missing values along ``axis`` (int64)."""
    if _kernel_handles("count", values, None):
        return nanreduce.reduce("count", values, axis, keepdims=keepdims)
    return (~isnull(values)).sum(axis=axis, keepdims=keepdims, dtype=np.int64)


def _count_chunk(x: np.ndarray, axis: Any = None, keepdims: bool = True, **_: Any) -> np.ndarray:
    return _count(x, axis=axis, keepdims=keepdims)


def _kernel_handles(name: str, values: Any, dtype: Any) -> bool:
    """Whether the numba kernels reduce these in-memory ``values`` (and are switched on)."""
    return (
        OPTIONS["use_numba"]
        and isinstance(values, np.ndarray)
        and nanreduce.supports(name, values.dtype, dtype)
    )


def _first_last(
    values: np.ndarray, axis: Any, keepdims: bool, skipna: bool, last: bool
) -> np.ndarray:
    """First (last) value along one axis (``None``: the flattened array), in NumPy."""
    ndim = values.ndim
    if axis is None or ndim == 0:
        values, axis = values.reshape(-1), 0
    elif isinstance(axis, tuple):
        (axis,) = axis
    if values.shape[axis] == 0:
        raise ValueError(
            f"zero-size array to reduction operation {'last' if last else 'first'} which has no "
            f"identity: an axis of length 0 is reduced (shape {values.shape}, axes ({axis},))"
        )
    moved = np.moveaxis(values, axis, -1)
    if last:
        moved = moved[..., ::-1]
    result = moved[..., 0]
    if skipna and values.dtype.kind in _NAN_KINDS:
        valid = ~isnull(moved)
        first_valid = valid.argmax(axis=-1)
        result = np.take_along_axis(moved, first_valid[..., None], axis=-1)[..., 0]
        none = ~valid.any(axis=-1)
        if none.any():
            result = np.where(none, maybe_promote(values.dtype)[1], result)
    result = np.asarray(result)
    if keepdims:
        return result.reshape((1,) * ndim) if values.ndim != ndim else np.expand_dims(result, axis)
    return result


def _first(values: np.ndarray, axis: Any = None, keepdims: bool = False, **_: Any) -> np.ndarray:
    return _first_last(values, axis, keepdims, skipna=False, last=False)


def _nanfirst(values: np.ndarray, axis: Any = None, keepdims: bool = False, **_: Any) -> np.ndarray:
    return _first_last(values, axis, keepdims, skipna=True, last=False)


def _last(values: np.ndarray, axis: Any = None, keepdims: bool = False, **_: Any) -> np.ndarray:
    return _first_last(values, axis, keepdims, skipna=False, last=True)


def _nanlast(values: np.ndarray, axis: Any = None, keepdims: bool = False, **_: Any) -> np.ndarray:
    return _first_last(values, axis, keepdims, skipna=True, last=True)


def _first_last_tree(last: bool) -> Callable[..., np.ndarray]:
    """Chunk/combine/finalize function of a Dask ``first``/``last``: the same on every level."""

    def reduce_block(
        x: np.ndarray, axis: Any = None, keepdims: bool = False, skipna: bool = False, **_: Any
    ) -> np.ndarray:
        return _first_last(x, axis, keepdims, skipna=skipna, last=last)

    reduce_block.__name__ = "last" if last else "first"
    return reduce_block


def _sum_int64(x: np.ndarray, axis: Any = None, keepdims: bool = False, **_: Any) -> Any:
    return np.sum(x, axis=axis, keepdims=keepdims, dtype=np.int64)


_ROWS = [
    Aggregation("sum", np.sum, np.nansum, "sum", "nansum", fill_value=0, dtype_rule="sum",
                supports_min_count=True, numeric_only=True, engine="numba", summary="the sum"),
    Aggregation("prod", np.prod, np.nanprod, "prod", "nanprod", fill_value=1, dtype_rule="sum",
                supports_min_count=True, numeric_only=True, engine="numba", summary="the product"),
    Aggregation("mean", np.mean, np.nanmean, "mean", "nanmean", dtype_rule="float",
                numeric_only=True, engine="numba", summary="the mean",
                doc_extra="The mean of datetime64 (cftime) dates is a datetime64 (cftime) date."),
    Aggregation("std", np.std, np.nanstd, "std", "nanstd", dtype_rule="float",
                supports_ddof=True, numeric_only=True, engine="numba", summary="the standard deviation",
                doc_extra="``ddof=1`` gives the unbiased estimator of the variance."),
    Aggregation("var", np.var, np.nanvar, "var", "nanvar", dtype_rule="float",
                supports_ddof=True, numeric_only=True, engine="numba", summary="the variance",
                doc_extra="``ddof=1`` gives the unbiased estimator of the variance."),
    Aggregation("min", np.min, np.nanmin, "min", "nanmin", engine="numba", summary="the minimum",
                doc_extra="Reducing an empty axis raises, as in NumPy."),
    Aggregation("max", np.max, np.nanmax, "max", "nanmax", engine="numba", summary="the maximum",
                doc_extra="Reducing an empty axis raises, as in NumPy."),
    Aggregation("median", _median, _nanmedian, dtype_rule="float", numeric_only=True,
                method="blockwise", summary="the median",
                doc_extra="On Dask, the reduced dimensions are first rechunked into one chunk."),
    Aggregation("count", _count, None, chunk=_count_chunk, combine=_sum_int64,
                finalize=_sum_int64, fill_value=0, dtype_rule="count", supports_skipna=False,
                method="tree", engine="numba", summary="the number of non-missing values"),
    Aggregation("any", np.any, None, "any", None, fill_value=False, dtype_rule="bool",
                supports_skipna=False, engine="numba", summary="whether any value is true"),
    Aggregation("all", np.all, None, "all", None, fill_value=True, dtype_rule="bool",
                supports_skipna=False, engine="numba", summary="whether all values are true"),
    Aggregation("argmin", np.argmin, np.nanargmin, "argmin", "nanargmin", dtype_rule="index",
                single_axis=True, engine="numba", summary="the position of the minimum",
                doc_extra="Reduces along one dimension only."),
    Aggregation("argmax", np.argmax, np.nanargmax, "argmax", "nanargmax", dtype_rule="index",
                single_axis=True, engine="numba", summary="the position of the maximum",
                doc_extra="Reduces along one dimension only."),
    Aggregation("first", _first, _nanfirst, engine="numba", chunk=_first_last_tree(False),
                combine=_first_last_tree(False), finalize=_first_last_tree(False),
                method="tree", single_axis=True, summary="the first (non-missing) value",
                doc_extra="Reduces along one dimension only; an all-NaN slice gives NaN."),
    Aggregation("last", _last, _nanlast, engine="numba", chunk=_first_last_tree(True),
                combine=_first_last_tree(True), finalize=_first_last_tree(True),
                method="tree", single_axis=True, summary="the last (non-missing) value",
                doc_extra="Reduces along one dimension only; an all-NaN slice gives NaN."),
]  # fmt: skip

_CUMULATIVE_ROWS = [
    Aggregation("cumsum", np.cumsum, np.nancumsum, "cumsum", "nancumsum", dtype_rule="sum",
                numeric_only=True, cumulative=True, engine="numba", summary="the cumulative sum",
                doc_extra="Skipped NaN count as 0; several dimensions are scanned in turn."),
    Aggregation("cumprod", np.cumprod, np.nancumprod, "cumprod", "nancumprod",
                dtype_rule="sum", numeric_only=True, cumulative=True,
                engine="numba", summary="the cumulative product",
                doc_extra="Skipped NaN count as 1; several dimensions are scanned in turn."),
]  # fmt: skip


class _Table(Mapping[str, Aggregation]):
    """Read-only name -> Aggregation mapping whose KeyError lists the valid names."""

    def __init__(self, kind: str, rows: Sequence[Aggregation]) -> None:
        self._kind = kind
        self._rows = {row.name: row for row in rows}

    def __getitem__(self, name: str) -> Aggregation:
        try:
            return self._rows[name]
        except (KeyError, TypeError):
            hint = did_you_mean(name, self._rows)
            raise KeyError(
                f"unknown {self._kind} {name!r}; valid names are: {format_names(self._rows)}"
                + (f"; {hint}" if hint else "")
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"<{self._kind} table: {', '.join(self._rows)}>"


#: Every row by name: the reductions and the cumulative scans (what ``_aggregate`` looks up).
AGGREGATIONS: Mapping[str, Aggregation] = _Table("aggregation", [*_ROWS, *_CUMULATIVE_ROWS])
#: The reductions only (``sum`` ... ``argmax``).
REDUCTIONS: Mapping[str, Aggregation] = _Table("reduction", _ROWS)
#: The cumulative scans only (``cumsum``, ``cumprod``).
CUMULATIVE: Mapping[str, Aggregation] = _Table("cumulative aggregation", _CUMULATIVE_ROWS)


def get_aggregation(name: str) -> Aggregation:
    """Return the row of the reduction or scan called ``name``.

    Raises
    ------
    KeyError
        Unknown name; the message lists the valid names.

    Examples
    --------
    >>> get_aggregation("cumsum").cumulative
    True
    """
    return AGGREGATIONS[name]


# --- engines ------------------------------------------------------------------------------------

Engine = Callable[[Aggregation, np.ndarray, Any, bool, dict[str, Any]], Any]


def _numpy_engine(
    agg: Aggregation, values: np.ndarray, axis: Any, skipna: bool, kw: dict[str, Any]
) -> Any:
    func = agg.nan if skipna and agg.nan is not None else agg.numpy
    return func(values, axis=axis, **kw)


def _dask_engine(agg: Aggregation, values: Any, axis: Any, skipna: bool, kw: dict[str, Any]) -> Any:
    da = dask_array()
    if axis is None and agg.single_axis and values.ndim > 1:
        # Dask's argmin over axis=None breaks ties in block order; NumPy's in C order of the
        # flattened array. Flattening first gives NumPy's answer (and first/last their order).
        keepdims = kw.pop("keepdims", False)
        result = _dask_engine(agg, values.reshape(-1), 0, skipna, kw)
        return result.reshape((1,) * values.ndim) if keepdims else result
    if agg.method == "tree":
        assert agg.chunk is not None and agg.combine is not None and agg.finalize is not None
        keepdims = kw.pop("keepdims", False)
        chunk, combine, finalize = agg.chunk, agg.combine, agg.finalize
        if agg.supports_skipna:
            chunk, combine, finalize = (
                functools.partial(f, skipna=skipna) for f in (chunk, combine, finalize)
            )
        if axis is None:
            axes: tuple[int, ...] = tuple(range(values.ndim))
        else:
            axes = (int(axis),) if isinstance(axis, (int, np.integer)) else tuple(axis)
        out_ndim = values.ndim if keepdims else values.ndim - len(axes)
        dtype = np.dtype(np.int64) if agg.dtype_rule == "count" else values.dtype
        return da.reduction(
            values, chunk, finalize, combine=combine, axis=axes, keepdims=keepdims,
            dtype=dtype, concatenate=True, meta=np.empty((0,) * out_ndim, dtype=dtype),
            split_every=_split_every(values.chunks, axes),
        )  # fmt: skip
    if agg.method == "blockwise":
        return _dask_blockwise(agg, values, axis, skipna, kw)
    if axis is None and not agg.single_axis:
        axis = tuple(range(values.ndim))  # some Dask reductions (nanmedian) need explicit axes
    if agg.name in ("std", "var") and skipna:
        return _dask_nanvar(values, axis, sqrt=agg.name == "std", **kw)
    name = agg.dask_nan if skipna and agg.dask_nan is not None else agg.dask
    assert name is not None
    func = getattr(da, name)
    if "split_every" not in kw and _takes_split_every(func):
        axes_ = (tuple(range(values.ndim)) if axis is None
                 else (int(axis),) if isinstance(axis, (int, np.integer)) else tuple(axis))
        kw = dict(kw, split_every=_split_every(values.chunks, axes_))
    return func(values, axis=axis, **kw)


@functools.cache
def _takes_split_every(func: Callable[..., Any]) -> bool:
    import inspect

    try:
        return "split_every" in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


#: Bounds of how many chunk results one combine task of a Dask tree reduction takes.
SPLIT_EVERY_RANGE = (4, 32)


def _split_every(chunks: tuple[tuple[int, ...], ...], axes: tuple[int, ...]) -> int | None:
    """Fan-in of the combine tasks of a tree reduction over ``axes`` of an array with ``chunks``.

    A chunk result is a block with the reduced axes cut to length one, ``r`` times smaller than
    the block it came from; a combine task can take ``r`` of them and still hold no more than one
    input block, so the tree has fewer levels and tasks (100 small files reduced over time: 11
    combine tasks instead of Dask's default 35). Kept within :data:`SPLIT_EVERY_RANGE`; None (Dask
    decides) when ``dask.config`` sets ``split_every``.

    Examples
    --------
    >>> _split_every(((10,) * 100, (20,), (30,)), (0,))
    10
    >>> _split_every(((1000,) * 4, (500,) * 2), (0, 1))
    32
    """
    from dask import config

    if config.get("split_every", None) is not None:
        return None
    ratio = 1
    for axis in axes:
        ratio *= max(chunks[axis], default=1)
    low, high = SPLIT_EVERY_RANGE
    return int(min(high, max(low, ratio)))


def _dask_blockwise(
    agg: Aggregation, values: Any, axis: Any, skipna: bool, kw: dict[str, Any]
) -> Any:
    """Rechunk the reduced axes into one block, then reduce each block in memory."""
    keepdims = kw.pop("keepdims", False)
    axes = tuple(range(values.ndim)) if axis is None else axis
    values = values.rechunk(dict.fromkeys(axes, -1))
    out_chunks = tuple((1,) if i in axes else c for i, c in enumerate(values.chunks))
    meta_dtype = _run(agg, np.ones((1,) * values.ndim, values.dtype), None, False, {}).dtype

    def reduce_block(block: np.ndarray) -> np.ndarray:
        return _run(agg, block, axes, skipna, dict(kw, keepdims=True))

    result = values.map_blocks(reduce_block, chunks=out_chunks, dtype=meta_dtype)
    return result if keepdims else result.squeeze(axis=axes)


def _quiet_divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator`` with NaN where the denominator is <= 0, without warnings."""
    valid = denominator > 0
    with np.errstate(all="ignore"):  # object arrays raise ZeroDivisionError: divide by 1 instead
        return np.where(valid, numerator / np.where(valid, denominator, 1), np.nan)


def _dask_nanvar(
    values: Any, axis: Any, *, sqrt: bool, ddof: int = 0, keepdims: bool = False,
    dtype: Any = None,
) -> Any:  # fmt: skip
    """NaN-skipping variance of a Dask array in two passes (mean, then squared deviations).

    Dask's ``nanvar`` warns at compute time on all-NaN slices; here every division happens in
    :func:`_quiet_divide`, so empty and all-NaN slices give NaN silently, as on NumPy.
    """
    da = dask_array()
    if dtype is not None:
        values = values.astype(dtype)
    elif values.dtype.kind not in "fc":
        values = values.astype(np.float64)
    valid = ~isnull(values)
    count = valid.sum(axis=axis, keepdims=True, dtype=np.int64)
    mean = da.map_blocks(_quiet_divide, da.nansum(values, axis=axis, keepdims=True), count)
    deviation = da.where(valid, values - mean, 0)
    squares = (deviation * np.conj(deviation)).real if values.dtype.kind == "c" else deviation**2
    result = da.map_blocks(
        _quiet_divide, squares.sum(axis=axis, keepdims=True), count - ddof, dtype=squares.dtype
    )
    if sqrt:
        result = da.sqrt(result)
    if not keepdims:
        result = result.squeeze(axis=axis)
    return result


def _numba_engine(
    agg: Aggregation, values: np.ndarray, axis: Any, skipna: bool, kw: dict[str, Any]
) -> Any:
    """labarray's compiled kernels; NumPy for what they do not handle or with use_numba=False."""
    if not _kernel_handles(agg.name, values, kw.get("dtype")):
        return _numpy_engine(agg, values, axis, skipna, kw)
    if agg.cumulative:
        return nanreduce.accumulate(agg.name, values, axis, skipna=skipna, **kw)
    return nanreduce.reduce(agg.name, values, axis, skipna=skipna, **kw)


#: In-memory engines by name: ``"numba"`` (the kernels, the default of the table's rows) and
#: ``"numpy"``; a row moves onto another registered engine with ``engine=...``.
ENGINES: dict[str, Engine] = {"numpy": _numpy_engine, "numba": _numba_engine}


def register_engine(name: str, engine: Engine) -> None:
    """Register an in-memory reduction engine ``engine(agg, values, axis, skipna, kwargs)``.

    Examples
    --------
    >>> register_engine("numpy", ENGINES["numpy"])
    """
    if not callable(engine):
        raise TypeError(f"engine {name!r} must be callable, got {type(engine).__name__}")
    ENGINES[name] = engine


def _run(agg: Aggregation, values: Any, axis: Any, skipna: bool, kw: dict[str, Any]) -> Any:
    if is_chunked_array(values):
        return _dask_engine(agg, values, axis, skipna, dict(kw))
    try:
        engine = ENGINES[agg.engine]
    except KeyError:
        raise KeyError(
            f"aggregation {agg.name!r} uses engine {agg.engine!r}, which is not registered; "
            f"registered engines: {format_names(ENGINES)}"
        ) from None
    # Empty and all-NaN slices give NaN (or NaT) as in NumPy, without NumPy's warnings.
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return engine(agg, values, axis, skipna, kw)


# --- apply_aggregation --------------------------------------------------------------------------


def _normalize_axis(agg: Aggregation, axis: Any, ndim: int) -> tuple[int, ...] | None:
    if axis is None:
        return None
    if isinstance(axis, (int, np.integer)) and not isinstance(axis, bool):
        axis = (axis,)
    try:
        axes = tuple(int(np.lib.array_utils.normalize_axis_index(int(a), ndim)) for a in axis)
    except np.exceptions.AxisError:
        raise
    except (TypeError, ValueError):
        raise TypeError(f"axis must be None, an int or a tuple of ints, got {axis!r}") from None
    if len(set(axes)) != len(axes):
        raise ValueError(f"repeated axis in {agg.name}: {axis!r}")
    if agg.single_axis and len(axes) > 1:
        raise ValueError(f"{agg.name} reduces along one axis only, got axes {axes}")
    return axes


def _validate_kwargs(
    agg: Aggregation, skipna: bool | None, min_count: int | None, kwargs: dict[str, Any]
) -> None:
    if skipna is not None and not agg.supports_skipna:
        raise TypeError(f"{agg.name} does not support skipna (it never sees NaN as special)")
    if min_count is not None:
        if not agg.supports_min_count:
            raise TypeError(
                f"{agg.name} does not support min_count; aggregations that do: "
                + format_names(n for n, row in AGGREGATIONS.items() if row.supports_min_count)
            )
        if (
            isinstance(min_count, bool)
            or not isinstance(min_count, (int, np.integer))
            or min_count < 0
        ):
            raise ValueError(f"min_count must be a non-negative integer, got {min_count!r}")
    for key, value in kwargs.items():
        if key == "ddof" and agg.supports_ddof:
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                raise TypeError(f"ddof must be an integer, got {value!r}")
            continue
        allowed = ["axis", "skipna"] * agg.supports_skipna + ["min_count"] * agg.supports_min_count
        allowed += ["ddof"] * agg.supports_ddof + ["keepdims"] * (not agg.cumulative)
        raise TypeError(
            f"{agg.name} got an unexpected keyword argument {key!r}; it accepts: "
            + format_names(allowed)
        )


def apply_aggregation(
    agg: Aggregation | str,
    data: Any,
    axis: int | tuple[int, ...] | None = None,
    *,
    skipna: bool | None = None,
    min_count: int | None = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Any:
    """Reduce a NumPy or Dask array with one row of the aggregation table.

    Parameters
    ----------
    agg : Aggregation or str
        The row (or its name).
    data : numpy.ndarray or dask.array.Array
        The values. Dask input gives a Dask result (nothing is computed).
    axis : int or tuple of int, optional
        Axes to reduce; ``None`` reduces all of them (``argmin``/``argmax``: the flattened array).
    skipna : bool, optional
        Skip missing values. Default: True for dtypes that can hold them (float, complex,
        datetime64, timedelta64, object), irrelevant for the others.
    min_count : int, optional
        ``sum``/``prod`` only: results with fewer than ``min_count`` valid values become missing
        (integers are promoted to float only where that happens).
    keepdims : bool, default: False
        Keep reduced axes with length 1 (ignored by the cumulative scans).
    **kwargs
        ``ddof`` for ``std``/``var``.

    Returns
    -------
    numpy.ndarray or dask.array.Array

    Raises
    ------
    TypeError
        An argument the aggregation does not support (``ddof`` for ``sum`` ...), or data of a
        dtype it cannot reduce (``std`` of datetime64 ...).

    Examples
    --------
    >>> apply_aggregation("mean", np.arange(4), axis=None)
    array(1.5)
    >>> apply_aggregation("sum", np.array([np.nan, np.nan, 1.0]), axis=0, min_count=2)
    array(nan)
    """
    if isinstance(agg, str):
        agg = get_aggregation(agg)
    _validate_kwargs(agg, skipna, min_count, kwargs)
    chunked = is_chunked_array(data)
    if not chunked:
        data = np.asarray(data)
    axes = _normalize_axis(agg, axis, data.ndim)
    kind = data.dtype.kind
    if skipna is None:
        skipna = kind in _NAN_KINDS
    skipna = bool(skipna) and kind in _NAN_KINDS and agg.supports_skipna

    if kind in "US" and agg.name in ("min", "max", "first", "last"):
        # NumPy has no min/max loops for strings; Python's comparisons do (result: object, as in xarray)
        data, kind = data.astype(object), "O"
    if kind == "O" and agg.name not in _OBJECT_AGGREGATIONS and cftime_values.is_cftime_values(data):
        result = _cftime(agg, data, axes, skipna, keepdims, kwargs)
        if not chunked:
            result = np.asarray(result)
        return result
    if kind == "O" and skipna and agg.name != "count":
        # NumPy's nan-functions recognise NaN in object arrays, not None or pd.NA
        data = np.where(isnull(data), np.nan, data)
    if agg.cumulative:
        result = _cumulative(agg, data, axes, skipna)
    elif kind in "mM":
        result = _datetime(agg, data, axes, skipna, keepdims, kwargs)
    else:
        result = _numeric(agg, data, axes, skipna, keepdims, kwargs)
    if not chunked:
        result = np.asarray(result)
    if min_count:
        result = _apply_min_count(data, result, axes, min_count, keepdims)
    return result


def _single_axis(agg: Aggregation, axes: tuple[int, ...] | None) -> Any:
    return axes[0] if agg.single_axis and axes is not None else axes


def _numeric(
    agg: Aggregation, data: Any, axes: Any, skipna: bool, keepdims: bool, kw: dict[str, Any]
) -> Any:
    kw = dict(kw, keepdims=keepdims)
    dtype = data.dtype
    accumulate = agg.name in _ACCUMULATE and dtype.kind in "fc" and dtype.itemsize < 8
    if accumulate:
        # float16/float32 are summed in double precision and cast back: the result keeps the
        # input's dtype but not the rounding error of a long single-precision accumulation.
        kw["dtype"] = np.complex128 if dtype.kind == "c" else np.float64
    if agg.dtype_rule == "sum" and dtype.kind == "b":
        kw["dtype"] = np.int64
    if agg.name in ("argmin", "argmax") and skipna:
        if not (ENGINES.get(agg.engine) is _numba_engine and _kernel_handles(agg.name, data, None)):
            return _nanarg(agg, data, _single_axis(agg, axes), kw)
    if agg.name == "mean" and skipna and dtype.kind == "O":
        # np.nanmean does not take object arrays: sum of the valid values over their count
        total = _run(AGGREGATIONS["sum"], data, axes, True, kw)
        count = _count(data, axis=axes, keepdims=keepdims)
        if is_chunked_array(total):
            return dask_array().map_blocks(_quiet_divide, total, count, dtype=object)
        return _quiet_divide(np.asarray(total, dtype=object), count)
    result = _run(agg, data, _single_axis(agg, axes), skipna, kw)
    if (accumulate or agg.dtype_rule in ("float", "same")) and dtype.kind in "fc":
        result = result.astype(dtype, copy=False)  # e.g. Dask's nanmedian returns float64
    return result


def _raise_all_nan(index: np.ndarray, all_nan: np.ndarray, name: str = "argmin") -> np.ndarray:
    if np.any(all_nan):
        raise ValueError(
            f"All-NaN slice encountered in {name}: there is no position of a valid value; "
            "drop the all-NaN slices first or use skipna=False"
        )
    return index


def _nanarg(agg: Aggregation, data: Any, axis: Any, kw: dict[str, Any]) -> Any:
    """NaN-skipping argmin/argmax: NaN replaced by +inf/-inf, all-NaN slices raise ValueError.

    The same code runs on NumPy and Dask (where the check happens per block at compute time),
    so both raise the same error instead of Dask warning and returning an arbitrary position.
    """
    nan = isnull(data)
    sentinel = np.inf if agg.name == "argmin" else -np.inf
    if data.dtype.kind == "O":
        data = data.astype(np.float64)
    filled = np.where(nan, sentinel, data)
    index = _run(agg, filled, axis, False, kw)
    return _check_all_nan(agg, index, nan, axis, kw.get("keepdims", False))


def _check_all_nan(agg: Aggregation, index: Any, nan: Any, axis: Any, keepdims: bool) -> Any:
    """Raise (at compute time for Dask) where a slice had no valid value to point at."""
    all_nan = nan.all(axis=axis, keepdims=keepdims)
    check = functools.partial(_raise_all_nan, name=agg.name)
    if is_chunked_array(index):
        return dask_array().map_blocks(check, index, all_nan, dtype=index.dtype)
    return check(index, all_nan)


def _cumulative(agg: Aggregation, data: Any, axes: Any, skipna: bool) -> Any:
    if data.dtype.kind in "mM":
        raise TypeError(f"cannot compute {agg.name} of {data.dtype} data")
    kw: dict[str, Any] = {}
    dtype = data.dtype
    accumulate = dtype.kind in "fc" and dtype.itemsize < 8
    if accumulate:
        kw["dtype"] = np.complex128 if dtype.kind == "c" else np.float64
    result = data
    for ax in range(data.ndim) if axes is None else axes:
        result = _run(agg, result, ax, skipna, kw)
    if accumulate:
        result = result.astype(dtype)
    return result


_INT64_MAX = np.iinfo(np.int64).max


def _datetime(
    agg: Aggregation, data: Any, axes: Any, skipna: bool, keepdims: bool, kw: dict[str, Any]
) -> Any:
    """Reductions of datetime64/timedelta64 data (NaT is their missing value)."""
    name = agg.name
    is_timedelta = data.dtype.kind == "m"
    if name in ("count", "min", "max", "any", "all", "first", "last"):
        if name in ("any", "all"):
            raise TypeError(f"cannot compute {name} of {data.dtype} data")
        return _run(agg, data, axes, skipna, dict(kw, keepdims=keepdims))
    if name in ("argmin", "argmax"):
        plain = Aggregation(name, agg.numpy, dask=agg.dask, single_axis=True)
        axis = _single_axis(agg, axes)
        kw = dict(kw, keepdims=keepdims)
        if not skipna:  # NumPy's argmin/argmax return the position of the first NaT
            return _run(plain, data, axis, False, kw)
        nat = np.isnat(data)
        ints = data.view(np.int64)  # NaT is int64 min: never the maximum...
        if name == "argmin":  # ...but always the minimum, so move it out of the way
            ints = np.where(nat, _INT64_MAX, ints)
        return _check_all_nan(agg, _run(plain, ints, axis, False, kw), nat, axis, keepdims)
    if name in ("mean", "median") or (name == "sum" and is_timedelta):
        # Work in float64 offsets from the minimum: exact for any realistic spread of dates,
        # unlike float64 nanoseconds since 1970.
        unit = np.datetime_data(data.dtype)[0]
        offset = _run(AGGREGATIONS["min"], data, None, True, {})
        if is_timedelta or name == "sum":
            offset = np.zeros((), dtype=f"m8[{unit}]")[()]
        delta = data - offset
        floats = np.where(np.isnat(delta), np.nan, delta.view(np.int64).astype(np.float64))
        float_row = AGGREGATIONS[name]
        reduced = _run(float_row, floats, axes, skipna, dict(kw, keepdims=keepdims))
        ints = np.where(np.isnan(reduced), -(2.0**63), np.round(reduced)).astype(np.int64)
        return ints.astype(f"m8[{unit}]") + offset
    raise TypeError(f"cannot compute {name} of {data.dtype} data")


#: reductions that work on object arrays of cftime dates as they are (no conversion to offsets)
_OBJECT_AGGREGATIONS = frozenset(["count", "any", "all"])
#: reductions of cftime dates computed on microsecond offsets and turned back into dates
_CFTIME_DATES = frozenset(["mean", "median", "min", "max", "first", "last"])


def _cftime(
    agg: Aggregation, data: Any, axes: Any, skipna: bool, keepdims: bool, kw: dict[str, Any]
) -> Any:
    """Reductions of cftime dates: on ``timedelta64[us]`` offsets from the first date.

    The offsets are exact (cftime subtracts dates of one calendar exactly), the reduction is
    the one of timedelta64 data, and the result is turned back into dates of the calendar;
    ``argmin``/``argmax`` return positions. Missing dates are NaT offsets, then ``None``.
    """
    name = agg.name
    if agg.cumulative or (name not in _CFTIME_DATES and name not in ("argmin", "argmax")):
        raise TypeError(
            f"cannot compute {name} of cftime dates; reductions of dates are: "
            + format_names(sorted(_CFTIME_DATES | {"argmin", "argmax", "count"}))
            + " (subtract a date first to work with durations)"
        )
    reference = cftime_values.first_date(data)
    offsets = cftime_values.to_offsets(data, reference)
    reduced = _datetime(agg, offsets, axes, skipna, keepdims, kw)
    if name in ("argmin", "argmax"):
        return reduced
    return cftime_values.from_offsets(reduced, reference)


# Numeric-only reductions of a Dataset skip non-numeric variables but reduce dates and durations
# where the reduction means something for them (xarray keeps every date variable and then
# raises for ``sum`` of dates; labarray skips those).
_DATE_AGGREGATIONS = frozenset(["mean", "median"])
_DURATION_AGGREGATIONS = frozenset(["mean", "median", "sum"])


def numeric_only_keeps(name: str | None, values: Any) -> bool:
    """Whether a numeric-only reduction ``name`` of a Dataset applies to ``values``.

    ``values`` is an array or a Variable-like object (with ``dtype``, ``data`` and ``values``).

    Numbers and bools always; timedelta64 for ``mean``/``median``/``sum``; datetime64 and
    cftime dates for ``mean``/``median``. ``name=None`` stands for ``reduce`` with any function,
    which is applied to dates and durations as in xarray. Only the dtype is read, and for
    ``object`` arrays the first valid element (to recognise cftime dates).

    Examples
    --------
    >>> numeric_only_keeps("mean", np.array(["2000-01-01"], dtype="M8[s]"))
    True
    >>> numeric_only_keeps("sum", np.array(["2000-01-01"], dtype="M8[s]"))
    False
    >>> numeric_only_keeps("mean", np.array(["a"]))
    False
    """
    kind = values.dtype.kind
    if kind in "biufc":
        return True
    if kind == "m":
        return name is None or name in _DURATION_AGGREGATIONS
    if kind == "O":  # a Variable-like: its (possibly lazy) data is read only here
        data = getattr(values, "data", values)
        values = data if is_chunked_array(data) else np.asarray(getattr(values, "values", data))
    if kind == "M" or (kind == "O" and cftime_values.is_cftime_values(values)):
        return name is None or name in _DATE_AGGREGATIONS
    return False


def _apply_min_count(data: Any, result: Any, axes: Any, min_count: int, keepdims: bool) -> Any:
    """Set results with fewer than ``min_count`` valid values to the missing value."""
    dtype, fill = maybe_promote(result.dtype)
    if data.dtype.kind in _NAN_KINDS:
        null = _count(data, axis=axes, keepdims=keepdims) < min_count
        if is_chunked_array(result) or is_chunked_array(null):
            return dask_array().where(null, fill, result.astype(dtype))
        if not null.any():  # keep the dtype when nothing is nulled out
            return result
        return np.where(null, fill, result.astype(dtype))
    # Without missing values every slice holds all its values: decided from the shape alone,
    # so ints become floats only when some result really is missing (also for Dask).
    n = math.prod(data.shape) if axes is None else math.prod(data.shape[a] for a in axes)
    if n >= min_count:
        return result
    if is_chunked_array(result):
        return dask_array().full(result.shape, fill, dtype=dtype, chunks=result.chunks)
    return np.full(result.shape, fill, dtype=dtype)


# --- generated methods --------------------------------------------------------------------------

_DIM_DOC = (
    'Dimension(s) to work along, e.g. ``"x"`` or ``["x", "y"]``; ``None`` or ``...`` means all '
    "dimensions."
)
_PARAM_DOCS = {
    "skipna": (
        "skipna : bool or None, optional\n"
        "    Skip missing values (NaN, NaT). ``None`` skips them for the dtypes that can hold\n"
        "    them: float, complex, datetime64, timedelta64 and object."
    ),
    "min_count": (
        "min_count : int or None, optional\n"
        "    Results from fewer than ``min_count`` valid values become missing (integers are then\n"
        "    promoted to float). ``None`` means no such rule."
    ),
    "ddof": (
        "ddof : int, default: 0\n"
        "    Delta degrees of freedom: the divisor is ``N - ddof`` for ``N`` valid values."
    ),
    "keep_attrs": (
        "keep_attrs : bool or None, optional\n"
        "    Copy ``attrs`` to the result; ``None`` follows ``set_options(keep_attrs=...)``."
    ),
    "keepdims": ("keepdims : bool, default: False\n    Keep the reduced dimensions with length 1."),
}
_DOC_TEMPLATE = """\
{headline}

Parameters
----------
dim : str, Iterable of str, ellipsis or None, default: None
    {dim_doc}
{params}
**kwargs : Any
    Passed on to the reduction ({numpy_name} on NumPy data, the Dask equivalent on Dask data).

Returns
-------
{cls}
    New {cls} with {name} applied{shape_note}.

See Also
--------
numpy.{numpy_name}, numpy.nan{numpy_name}, dask.array.{numpy_name}
{notes}
Examples
--------
Over all dimensions, then along ``"x"`` only::

    obj.{name}()
    obj.{name}(dim="x"{example_kw})
"""


def _method_params(agg: Aggregation, keep_attrs: bool) -> list[tuple[str, str]]:
    """The keyword-only parameters of the generated method, as ``(name, "annotation = default")``."""
    params: list[tuple[str, str]] = []
    if agg.supports_skipna:
        params.append(("skipna", "bool | None = None"))
    if agg.supports_min_count:
        params.append(("min_count", "int | None = None"))
    if agg.supports_ddof:
        params.append(("ddof", "int = 0"))
    if keep_attrs:
        params.append(("keep_attrs", "bool | None = None"))
    if not agg.cumulative:
        params.append(("keepdims", "bool = False"))
    return params


def _method_doc(cls_name: str, agg: Aggregation, params: list[str], dim_doc: str) -> str:
    notes = f"\nNotes\n-----\n{agg.doc_extra}\n" if agg.doc_extra else ""
    if agg.cumulative:
        headline = f"Compute {agg.summary} of this {cls_name}'s data along some dimension(s)."
        shape_note = ", of the same shape"
    else:
        headline = (
            f"Reduce this {cls_name}'s data by computing {agg.summary} along some dimension(s)."
        )
        shape_note = ", the reduced dimensions removed (kept with length 1 if ``keepdims=True``)"
    return _DOC_TEMPLATE.format(
        headline=headline,
        cls=cls_name,
        dim_doc=dim_doc,
        params="\n".join(_PARAM_DOCS[p] for p in params),
        numpy_name=agg.name,
        name=agg.name,
        shape_note=shape_note,
        notes=notes,
        example_kw=", skipna=False" if agg.supports_skipna else "",
    )


def _make_method(cls: type, agg: Aggregation, keep_attrs: bool, dim_doc: str) -> Callable[..., Any]:
    params = _method_params(agg, keep_attrs)
    signature = ", ".join(f"{name}: {rest}" for name, rest in params)
    passed = "".join(f"{name}={name}, " for name, _ in params)
    source = (
        f"def {agg.name}(self, dim: Dims = None, *, {signature}, **kwargs: Any) -> Self:\n"
        f"    return self._aggregate({agg.name!r}, dim=dim, {passed}**kwargs)\n"
    )
    namespace: dict[str, Any] = {}
    # annotations stay strings (PEP 563), like the rest of labarray's signatures
    code = compile(
        source,
        f"<labarray.aggregations: {cls.__name__}.{agg.name}>",
        "exec",
        flags=__future__.annotations.compiler_flag,
        dont_inherit=True,
    )
    exec(code, namespace)
    method = namespace[agg.name]
    method.__module__ = cls.__module__
    method.__qualname__ = f"{cls.__qualname__}.{agg.name}"
    method.__doc__ = _method_doc(cls.__name__, agg, [name for name, _ in params], dim_doc)
    return method


DEFAULT_METHODS = (
    "count", "all", "any", "max", "min", "mean", "prod", "sum", "std", "var", "median",
    "cumsum", "cumprod",
)  # fmt: skip


def inject_aggregations(
    cls: type,
    *,
    rows: Sequence[str] | None = None,
    dim_doc: str = _DIM_DOC,
    keep_attrs: bool = True,
) -> type:
    """Add ``sum/mean/std/...`` methods generated from the aggregation table to ``cls``.

    Each method has xarray's signature for that reduction (keyword-only ``skipna``,
    ``min_count``, ``ddof`` where supported, then ``keep_attrs`` and, for reductions,
    ``keepdims``) and calls ``self._aggregate(name, dim=dim, <those keywords>, **kwargs)``.
    Methods the class defines in its own body are left alone.

    Parameters
    ----------
    cls
        The class to extend; it must implement ``_aggregate(name, dim=None, **kwargs)``.
    rows : sequence of str, optional
        Names of the methods to generate; default: every reduction and scan except
        ``argmin``/``argmax`` (whose dict-returning multi-dimension form belongs to the class).
    dim_doc : str, optional
        Description of the ``dim`` parameter in the docstrings.
    keep_attrs : bool, default: True
        Whether the methods take a ``keep_attrs`` parameter.

    Returns
    -------
    type
        ``cls`` itself, so this works as a class decorator.

    Raises
    ------
    KeyError
        An unknown name in ``rows``.
    TypeError
        ``cls`` has no ``_aggregate`` method.

    Examples
    --------
    >>> class Box:
    ...     def __init__(self, values):
    ...         self.values = values
    ...     def _aggregate(self, name, dim=None, **kwargs):
    ...         kwargs.pop("keep_attrs")
    ...         return apply_aggregation(name, self.values, axis=None, **kwargs)
    >>> _ = inject_aggregations(Box)
    >>> Box(np.array([1.0, np.nan, 2.0])).sum()
    array(3.)
    """
    if not callable(getattr(cls, "_aggregate", None)):
        raise TypeError(
            f"{cls.__name__} must implement _aggregate(name, dim=None, **kwargs) "
            "before aggregation methods can be generated"
        )
    names = DEFAULT_METHODS if rows is None else tuple(rows)
    for name in names:
        agg = get_aggregation(name)
        if name in cls.__dict__:
            continue
        setattr(cls, name, _make_method(cls, agg, keep_attrs, dim_doc))
    return cls
