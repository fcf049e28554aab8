"""Exponentially weighted moving windows: ``obj.rolling_exp(time=10).mean()``.

The weights decay by ``1 - alpha`` per position (pandas' ``ewm(adjust=True, ignore_na=False)``);
the window size converts to ``alpha`` by its type (span, centre of mass, half-life or alpha
itself). The loops are :func:`labarray.kernels.moving.exponential_reduce`. On Dask each chunk
continues from the running sums its predecessors leave (a short sequential pass over chunk
summaries), so the decaying dimension is never gathered into one chunk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import numpy as np

from labarray.kernels.moving import EXP_FUNCS, EXP_STATE, exp_state_decay, exponential_reduce
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.suggest import missing_names_message

__all__ = ["WINDOW_TYPES", "RollingExp", "window_to_alpha"]

WINDOW_TYPES = ("span", "com", "halflife", "alpha")


def window_to_alpha(window: float, window_type: str = "span") -> float:
    """The smoothing factor ``alpha`` of an exponential window.

    Parameters
    ----------
    window : float
        The window size, interpreted by ``window_type``.
    window_type : {"span", "com", "halflife", "alpha"}, default: "span"
        ``span`` (>= 1): ``alpha = 2 / (span + 1)``; ``com`` (centre of mass, >= 0):
        ``alpha = 1 / (1 + com)``; ``halflife`` (> 0): ``alpha = 1 - exp(-ln 2 / halflife)``;
        ``alpha`` (in (0, 1]) as is.

    Returns
    -------
    float

    Examples
    --------
    >>> window_to_alpha(3), window_to_alpha(1, "com"), window_to_alpha(1, "halflife")
    (0.5, 0.5, 0.5)
    """
    if window_type not in WINDOW_TYPES:
        raise ValueError(
            f"window_type must be one of {', '.join(map(repr, WINDOW_TYPES))}, got {window_type!r}"
        )
    if isinstance(window, bool) or not isinstance(window, (int, float, np.integer, np.floating)):
        raise TypeError(f"exponential window must be a number, got {type(window).__name__}")
    window = float(window)
    if window_type == "span":
        if window < 1:
            raise ValueError(f"span must be at least 1, got {window}")
        return 2.0 / (window + 1.0)
    if window_type == "com":
        if window < 0:
            raise ValueError(f"com must be at least 0, got {window}")
        return 1.0 / (1.0 + window)
    if window_type == "halflife":
        if window <= 0:
            raise ValueError(f"halflife must be positive, got {window}")
        return 1.0 - math.exp(-math.log(2.0) / window)
    if not 0 < window <= 1:
        raise ValueError(f"alpha must be in (0, 1], got {window}")
    return window


class RollingExp:
    """Exponentially weighted moving window along one dimension.

    Parameters
    ----------
    obj : DataArray or Dataset
        The object.
    windows : mapping of hashable to float
        One dimension and its window size.
    window_type : {"span", "com", "halflife", "alpha"}, default: "span"
        How the window size converts to the decay (see :func:`window_to_alpha`).
    min_weight : float, default: 0.0
        Outputs whose total weight of valid values (which tends to 1) is smaller are NaN.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x")
    >>> da.rolling_exp(x=3).mean().values.round(4)
    array([1.    , 1.6667, 2.4286])
    """

    def __init__(
        self,
        obj: Any,
        windows: Mapping[Any, float],
        window_type: str = "span",
        min_weight: float = 0.0,
    ) -> None:
        if len(windows) != 1:
            raise ValueError(
                "rolling_exp takes exactly one dimension and window, e.g. "
                f"obj.rolling_exp(time=10); got {len(windows)}: {list(windows)}"
            )
        ((dim, window),) = windows.items()
        if dim not in obj.dims:
            raise KeyError(missing_names_message("dimension", [dim], list(obj.dims), "rolling_exp"))
        self.obj = obj
        self.dim: Hashable = dim
        self.window = window
        self.window_type = window_type
        self.alpha = window_to_alpha(window, window_type)
        if not isinstance(min_weight, (int, float, np.integer, np.floating)) or min_weight < 0:
            raise ValueError(f"min_weight must be a number >= 0, got {min_weight!r}")
        self.min_weight = float(min_weight)

    def __repr__(self) -> str:
        return f"RollingExp [{self.dim}->{self.window} ({self.window_type})]"

    def _variable(self, var: Any, name: Hashable, func: str, keep_attrs: bool) -> Any:
        if self.dim not in var.dims:
            return var
        data: Any = var.data if is_chunked_array(var.data) else np.asarray(var.values)
        if data.dtype.kind not in "biuf":
            label = f" {name!r}" if name is not None else ""
            raise TypeError(
                f"rolling_exp {func} needs numeric or boolean data; variable{label} has dtype "
                f"{data.dtype}"
            )
        axis = var.dims.index(self.dim)
        if is_chunked_array(data):
            result = _exponential_dask(data, func, axis, self.alpha, self.min_weight)
        else:
            result = exponential_reduce(data, func, axis, self.alpha, self.min_weight)
        return var._replace(data=result, attrs=dict(var.attrs) if keep_attrs else {}, encoding={})

    def _reduce(self, func: str, keep_attrs: bool | None) -> Any:
        keep = _get_keep_attrs(default=True) if keep_attrs is None else bool(keep_attrs)
        obj = self.obj
        if hasattr(obj, "data_vars"):
            variables = dict(obj._variables)
            for name, var in obj._variables.items():
                if name not in obj._coord_names:
                    variables[name] = self._variable(var, name, func, keep)
            attrs = dict(obj.attrs) if keep else {}
            return obj._replace_with_new_dims(variables, set(obj._coord_names), attrs=attrs)
        return obj._replace(variable=self._variable(obj.variable, obj.name, func, keep))


def _exponential_dask(data: Any, func: str, axis: int, alpha: float, min_weight: float) -> Any:
    """Exponential windows on Dask, chunk by chunk, without gathering the decaying axis.

    Each chunk's running sums are first computed on their own (``return_state``); as they are
    linear recurrences, the sums entering chunk ``k`` are those entering chunk ``k - 1``
    decayed over its length plus its own (:func:`exp_state_decay`). Each chunk is then reduced
    starting from its entering sums. Result chunks equal the input's.
    """
    da = dask_array()
    ndim = data.ndim
    out_dtype = np.dtype(np.float32 if data.dtype == np.float32 else np.float64)

    def block_state(x: np.ndarray) -> np.ndarray:
        st = exponential_reduce(x, func, axis, alpha, min_weight, return_state=True)
        return np.expand_dims(st, axis + 1)

    state_chunks = ((EXP_STATE,),) + tuple(
        (1,) * len(c) if i == axis else c for i, c in enumerate(data.chunks)
    )
    states = data.map_blocks(
        block_state, new_axis=0, chunks=state_chunks, dtype=np.float64, meta=np.array(())
    )
    lengths = data.chunks[axis]

    def block_of(k: int) -> Any:
        key = [slice(None)] * (ndim + 1)
        key[axis + 1] = slice(k, k + 1)
        return states[tuple(key)]

    entering = [da.zeros_like(block_of(0))]
    for k in range(1, len(lengths)):
        factor = exp_state_decay(alpha, lengths[k - 1]).reshape((EXP_STATE,) + (1,) * ndim)
        entering.append(entering[-1] * factor + block_of(k - 1))
    carries = da.concatenate(entering, axis=axis + 1) if len(entering) > 1 else entering[0]
    carries = carries.rechunk(state_chunks)

    def finish(x: np.ndarray, st: np.ndarray) -> np.ndarray:
        return exponential_reduce(x, func, axis, alpha, min_weight, state=np.squeeze(st, axis + 1))

    # block i of the data pairs with block i of the carries (one position long along the
    # axis): no chunk alignment, the state axis (index 0) is contracted whole
    index = tuple(range(1, ndim + 1))
    result = da.blockwise(
        finish, index, data, index, carries, (0, *index), dtype=out_dtype, concatenate=True,
        align_arrays=False, meta=np.array((), out_dtype),
    )  # fmt: skip
    return result


def _make(func: str, summary: str) -> Callable[..., Any]:
    def method(self: RollingExp, keep_attrs: bool | None = None) -> Any:
        return self._reduce(func, keep_attrs)

    method.__name__ = func
    method.__qualname__ = f"RollingExp.{func}"
    method.__doc__ = f"""Exponentially weighted moving {summary}, skipping missing values.

    Parameters
    ----------
    keep_attrs : bool, optional
        Keep the attributes (default: True).

    Returns
    -------
    DataArray or Dataset
        Same shape as the object.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x")
    >>> da.rolling_exp(x=0.5, window_type="alpha").{func}().dims
    ('x',)
    """
    return method


_SUMMARIES = {"mean": "mean", "sum": "sum", "var": "variance (bias-corrected)",
              "std": "standard deviation (bias-corrected)"}  # fmt: skip
for _func in EXP_FUNCS:
    setattr(RollingExp, _func, _make(_func, _SUMMARIES[_func]))
