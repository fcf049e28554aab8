"""Block reductions: ``obj.coarsen(time=12).mean()``.

Each coarsened dimension of length ``n`` is cut into ``n // window`` blocks (after trimming or
padding per ``boundary``/``side``), reshaped into ``(blocks, window)`` and reduced over the window
axes with the aggregation table (:func:`labarray.aggregations.apply_aggregation`), so NumPy and
Dask take the same path and every aggregation comes with its dtype rules. Coordinates along the
coarsened dimensions are reduced with ``coord_func`` (default ``"mean"``) and the dimension
coordinates get new indexes. :meth:`Coarsen.construct` keeps the reshaped blocks as two named
dimensions instead.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import numpy as np

from labarray.aggregations import apply_aggregation, get_aggregation
from labarray.indexes.indexes import create_default_index_implicit
from labarray.kernels.blocks import BLOCK_FUNCS, block_reduce, block_supported
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.suggest import missing_names_message

__all__ = ["COARSEN_REDUCTIONS", "Coarsen", "DataArrayCoarsen", "DatasetCoarsen"]

COARSEN_REDUCTIONS = (
    "all", "any", "argmax", "argmin", "count", "max", "mean", "median", "min", "prod", "std",
    "sum", "var",
)  # fmt: skip
_BOUNDARIES = ("exact", "trim", "pad")
_SIDES = ("left", "right")


def _per_dim(value: Any, dims: list[Hashable], what: str, choices: tuple[str, ...]) -> dict:
    if isinstance(value, Mapping):
        unknown = [d for d in value if d not in dims]
        if unknown:
            raise KeyError(missing_names_message("coarsened dimension", unknown, dims, what))
        result = {d: value.get(d, choices[0]) for d in dims}
    else:
        result = dict.fromkeys(dims, value)
    for d, v in result.items():
        if v not in choices:
            raise ValueError(
                f"{what} for dimension {d!r} must be one of {', '.join(map(repr, choices))}, "
                f"got {v!r}"
            )
    return result


def _block_kernel(
    func: str, data: Any, window_axes: tuple[int, ...], kwargs: Mapping[str, Any]
) -> np.ndarray | None:
    """``func`` of the blocks on the block-reduction kernel, or None where it does not apply.

    ``data`` has each coarsened axis split in ``(blocks, window)`` with the window axes at
    ``window_axes``; the kernel reads it unsplit, in memory order. It takes in-memory float
    data, the kernel's reductions and valid keyword arguments only: everything else (Dask,
    integers, datetimes, bad arguments, which raise there) goes through the aggregation table.
    """
    if func not in BLOCK_FUNCS or not isinstance(data, np.ndarray):
        return None
    agg = get_aggregation(func)
    options: dict[str, Any] = {}
    for key, value in kwargs.items():
        if key == "skipna" and agg.supports_skipna and (value is None or isinstance(value, bool)):
            options["skipna"] = True if value is None else value
        elif key == "min_count" and agg.supports_min_count and value is None:
            continue
        elif (
            key in ("min_count", "ddof")
            and (agg.supports_min_count if key == "min_count" else agg.supports_ddof)
            and isinstance(value, (int, np.integer))
            and not isinstance(value, bool)
            and (value >= 0 or key == "ddof")
        ):
            options[key] = int(value)
        else:
            return None
    shape: list[int] = []
    window: list[int] = []
    axis = 0
    while axis < data.ndim:
        if axis + 1 in window_axes:
            shape.append(data.shape[axis] * data.shape[axis + 1])
            window.append(data.shape[axis + 1])
            axis += 2
        else:
            shape.append(data.shape[axis])
            window.append(1)
            axis += 1
    if not block_supported(func, data.dtype, shape, window):
        return None
    return block_reduce(data.reshape(shape), func, window, **options)


class Coarsen(abc.ABC):
    """Non-overlapping windows (blocks) along one or several dimensions.

    Parameters
    ----------
    obj : DataArray or Dataset
        The object.
    windows : mapping of hashable to int
        Block length of each dimension.
    boundary : {"exact", "trim", "pad"} or mapping, default: "exact"
        What to do when a length is not a multiple of its window: raise, drop the remainder,
        or pad with missing values.
    side : {"left", "right"} or mapping, default: "left"
        Where blocks are aligned: "left" trims/pads at the end, "right" at the start.
    coord_func : str or callable or mapping, default: "mean"
        Reduction of the coordinates along the coarsened dimensions (an aggregation name or
        a function ``f(values, axis=...)``), per coordinate name when a mapping.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="x", coords={"x": [0, 1, 2, 3]})
    >>> da.coarsen(x=2).mean()["x"].values
    array([0.5, 2.5])
    """

    def __init__(
        self,
        obj: Any,
        windows: Mapping[Any, int],
        boundary: str | Mapping[Any, str] = "exact",
        side: str | Mapping[Any, str] = "left",
        coord_func: str | Callable[..., Any] | Mapping[Any, Any] = "mean",
    ) -> None:
        if not windows:
            raise ValueError(
                "coarsen needs at least one dimension and window, e.g. obj.coarsen(time=12)"
            )
        sizes = obj.sizes
        missing = [d for d in windows if d not in sizes]
        if missing:
            raise KeyError(missing_names_message("dimension", missing, list(sizes), "coarsen"))
        self.obj = obj
        self.windows: dict[Hashable, int] = {}
        for d, w in windows.items():
            if isinstance(w, bool) or not isinstance(w, (int, np.integer)):
                raise TypeError(f"window for dimension {d!r} must be an int, got {w!r}")
            if w < 1:
                raise ValueError(f"window for dimension {d!r} must be at least 1, got {w}")
            self.windows[d] = int(w)
        dims = list(self.windows)
        self.boundary = _per_dim(boundary, dims, "boundary", _BOUNDARIES)
        self.side = _per_dim(side, dims, "side", _SIDES)
        for d, w in self.windows.items():
            n = sizes[d]
            if self.boundary[d] == "exact" and n % w:
                raise ValueError(
                    f"cannot coarsen dimension {d!r} of length {n} with window {w}: {n} is not a "
                    f"multiple of {w}; use boundary='trim' to drop the last {n % w} values or "
                    f"boundary='pad' to pad to {n + w - n % w}"
                )
            if self.boundary[d] == "trim" and n < w:
                raise ValueError(
                    f"window {w} for dimension {d!r} is longer than its length {n}: "
                    "boundary='trim' would leave nothing; use boundary='pad'"
                )
        if isinstance(coord_func, Mapping):
            self.coord_func = dict(coord_func)
        else:
            self.coord_func = {}
            self._default_coord_func = coord_func
        if isinstance(coord_func, Mapping):
            self._default_coord_func = "mean"

    def __repr__(self) -> str:
        parts = ",".join(f"{d}->{w}" for d, w in self.windows.items())
        return f"{type(self).__name__} [{parts}] (boundary={self.boundary}, side={self.side})"

    # --- array machinery ---------------------------------------------------------------------------

    def _blocks(self, var: Any) -> tuple[Any, list[Hashable], list[int]] | None:
        """The variable's data reshaped so that every coarsened axis ``a`` becomes ``(a, w)``.

        Returns the reshaped data, the new dims without the window axes, and the positions of
        the window axes (or None when the variable has no coarsened dimension).
        """
        dims = [d for d in var.dims if d in self.windows]
        if not dims:
            return None
        data: Any = var.data if is_chunked_array(var.data) else np.asarray(var.values)
        chunked = is_chunked_array(data)
        xp = dask_array() if chunked else np
        for d in dims:
            axis = var.dims.index(d)
            w = self.windows[d]
            n = data.shape[axis]
            blocks = n // w
            if self.boundary[d] == "trim":
                key = [slice(None)] * data.ndim
                key[axis] = (
                    slice(0, blocks * w) if self.side[d] == "left" else slice(n - blocks * w, None)
                )
                data = data[tuple(key)]
            elif self.boundary[d] == "pad" and n % w:
                pad = [(0, 0)] * data.ndim
                extra = w - n % w
                pad[axis] = (0, extra) if self.side[d] == "left" else (extra, 0)
                if data.dtype.kind in "iub":
                    data = data.astype(np.float64)
                fill: Any = np.nan
                if data.dtype.kind in "mM":
                    fill = data.dtype.type("NaT")
                data = xp.pad(data, pad, mode="constant", constant_values=fill)
        shape: list[int] = []
        chunks: list[Any] = []
        window_axes: list[int] = []
        new_dims: list[Hashable] = []
        for axis, d in enumerate(var.dims):
            n = data.shape[axis]
            if d in self.windows:
                w = self.windows[d]
                shape += [n // w, w]
                window_axes.append(len(shape) - 1)
                if chunked:
                    # chunks that are multiples of the window reshape block by block
                    size = max(w, (max(data.chunks[axis]) // w) * w)
                    chunks.append(size)
            else:
                shape.append(n)
                if chunked:
                    chunks.append(data.chunks[axis])
            new_dims.append(d)
        if chunked:
            data = data.rechunk(tuple(chunks))
        return data.reshape(tuple(shape)), new_dims, window_axes

    def _reduce_variable(
        self, var: Any, name: Hashable, func: str | Callable[..., Any], keep_attrs: bool,
        kwargs: Mapping[str, Any],
    ) -> Any:  # fmt: skip
        blocked = self._blocks(var)
        if blocked is None:
            return var
        data, dims, window_axes = blocked
        axes = tuple(window_axes)
        if callable(func):
            # one window axis is passed as an int (what most array functions accept)
            result = func(data, axis=axes if len(axes) > 1 else axes[0], **kwargs)
        else:
            if func in ("argmin", "argmax") and len(axes) > 1:
                raise ValueError(
                    f"coarsen {func} reduces one window dimension only, got {len(axes)}"
                )
            result = _block_kernel(func, data, axes, kwargs)
            try:
                if result is None:
                    result = apply_aggregation(
                        func, data, axis=axes if len(axes) > 1 else axes[0], **kwargs
                    )
            except TypeError as err:
                label = f"variable {name!r}" if name is not None else "the data"
                raise TypeError(f"coarsen {func} of {label}: {err}") from None
        return var._replace(
            dims=tuple(dims), data=result, attrs=dict(var.attrs) if keep_attrs else {},
            encoding={},
        )  # fmt: skip

    def _coord_func(self, name: Hashable) -> Any:
        return self.coord_func.get(name, self._default_coord_func)

    def _apply(self, make: Callable[[Any, Hashable], Any], keep_attrs: bool) -> Any:
        """Apply ``make`` to the data variables; coordinates get their ``coord_func``."""
        ds = self._dataset()
        variables: dict[Hashable, Any] = {}
        coord_names = set(ds._coord_names)
        for name, var in ds._variables.items():
            if name in coord_names:
                variables[name] = self._reduce_variable(var, name, self._coord_func(name), True, {})
            else:
                variables[name] = make(var, name)
        indexes = {
            k: v
            for k, v in ds._indexes.items()
            if not set(ds._variables[k].dims) & set(self.windows)
        }
        for name in coord_names:
            var = variables[name]
            if var.dims == (name,) and name in self.windows:
                new_indexes, index_vars = create_default_index_implicit(var)
                indexes.update(new_indexes)
                variables.update(index_vars)
        attrs = dict(ds.attrs) if keep_attrs else {}
        result = ds._replace_with_new_dims(variables, coord_names, attrs=attrs, indexes=indexes)
        return self._finish(result)

    @abc.abstractmethod
    def _dataset(self) -> Any:
        """The object as a Dataset."""

    @abc.abstractmethod
    def _finish(self, ds: Any) -> Any:
        """Turn the result Dataset back into the object's type."""

    def _reduce(self, func: str, keep_attrs: bool | None = None, **kwargs: Any) -> Any:
        get_aggregation(func)
        keep = _get_keep_attrs(default=True) if keep_attrs is None else bool(keep_attrs)
        return self._apply(
            lambda var, name: self._reduce_variable(var, name, func, keep, kwargs), keep
        )

    def reduce(
        self, func: Callable[..., Any], keep_attrs: bool | None = None, **kwargs: Any
    ) -> Any:
        """Reduce each block with ``func(blocks, axis=window_axes, **kwargs)``.

        Parameters
        ----------
        func : callable
            A function reducing a NumPy (or Dask) array along ``axis`` (an int for one
            coarsened dimension, a tuple of ints for several).
        keep_attrs : bool, optional
            Keep the attributes (default: True).
        **kwargs
            Passed on to ``func``.

        Returns
        -------
        DataArray or Dataset

        Examples
        --------
        >>> import numpy as np
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 4.0, 2.0, 8.0], dims="x")
        >>> da.coarsen(x=2).reduce(np.ptp).values
        array([3., 6.])
        """
        if not callable(func):
            raise TypeError(f"reduce needs a function, got {type(func).__name__}")
        keep = _get_keep_attrs(default=True) if keep_attrs is None else bool(keep_attrs)
        return self._apply(
            lambda var, name: self._reduce_variable(var, name, func, keep, kwargs), keep
        )

    def construct(
        self,
        window_dim: Mapping[Any, tuple[Hashable, Hashable]] | None = None,
        keep_attrs: bool | None = None,
        **window_dim_kwargs: tuple[Hashable, Hashable],
    ) -> Any:
        """Reshape each coarsened dimension into two: the blocks and the positions in a block.

        Parameters
        ----------
        window_dim : mapping of hashable to (hashable, hashable), optional
            For each coarsened dimension, the names of the block and window dimensions.
        keep_attrs : bool, optional
            Keep the attributes (default: True).
        **window_dim_kwargs : (hashable, hashable)
            The ``window_dim`` mapping as keywords.

        Returns
        -------
        DataArray or Dataset
            Coordinates along the coarsened dimensions are reshaped too (no longer indexes).

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray(range(6), dims="time")
        >>> da.coarsen(time=3).construct(time=("year", "month")).sizes
        Frozen({'year': 2, 'month': 3})
        """
        names = dict(window_dim or {})
        if window_dim is not None and window_dim_kwargs:
            raise ValueError("cannot give both window_dim and keywords to construct")
        names.update(window_dim_kwargs)
        missing = [d for d in self.windows if d not in names]
        if missing:
            raise ValueError(
                "construct needs (block, window) dimension names for every coarsened dimension; "
                "missing for "
                + ", ".join(repr(d) for d in missing)
                + f", e.g. construct({missing[0]}=('{missing[0]}_block', '{missing[0]}_window'))"
            )
        unknown = [d for d in names if d not in self.windows]
        if unknown:
            raise KeyError(
                missing_names_message(
                    "coarsened dimension", unknown, list(self.windows), "construct"
                )
            )
        for d, pair in names.items():
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise ValueError(
                    f"construct needs a pair of names for dimension {d!r}, e.g. "
                    f"{d}=('{d}_block', '{d}_window'); got {pair!r}"
                )
        keep = _get_keep_attrs(default=True) if keep_attrs is None else bool(keep_attrs)
        ds = self._dataset()
        variables: dict[Hashable, Any] = {}
        for name, var in ds._variables.items():
            blocked = self._blocks(var)
            if blocked is None:
                variables[name] = var
                continue
            data, _, _ = blocked
            dims: list[Hashable] = []
            for d in var.dims:
                dims += list(names[d]) if d in names else [d]
            is_data = name not in ds._coord_names
            attrs = dict(var.attrs) if (keep or not is_data) else {}
            variables[name] = var._replace(dims=tuple(dims), data=data, attrs=attrs, encoding={})
        indexes = {
            k: v
            for k, v in ds._indexes.items()
            if not set(ds._variables[k].dims) & set(self.windows)
        }
        attrs = dict(ds.attrs) if keep else {}
        result = ds._replace_with_new_dims(
            variables, set(ds._coord_names), attrs=attrs, indexes=indexes
        )
        return self._finish(result)


def _make(func: str) -> Callable[..., Any]:
    def method(self: Coarsen, keep_attrs: bool | None = None, **kwargs: Any) -> Any:
        return self._reduce(func, keep_attrs=keep_attrs, **kwargs)

    agg = get_aggregation(func)
    method.__name__ = func
    method.__qualname__ = f"Coarsen.{func}"
    method.__doc__ = f"""Reduce each block to {agg.summary or func}.

    Parameters
    ----------
    keep_attrs : bool, optional
        Keep the attributes (default: True).
    **kwargs
        Passed on to the reduction (``skipna``, ``min_count``, ``ddof`` where it takes them).

    Returns
    -------
    DataArray or Dataset
        Each coarsened dimension shortened by its window.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 3.0, 2.0, 5.0], dims="x")
    >>> da.coarsen(x=2).{func}().sizes
    Frozen({{'x': 2}})
    """
    return method


for _func in COARSEN_REDUCTIONS:
    setattr(Coarsen, _func, _make(_func))


class DataArrayCoarsen(Coarsen):
    """Block reductions of a DataArray (see :class:`Coarsen`).

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([1, 2, 3, 4, 5], dims="x").coarsen(x=2, boundary="trim").sum().values
    array([3, 7])
    """

    def _dataset(self) -> Any:
        return self.obj._to_temp_dataset()

    def _finish(self, ds: Any) -> Any:
        return self.obj._from_temp_dataset(ds)


class DatasetCoarsen(Coarsen):
    """Block reductions of a Dataset (see :class:`Coarsen`).

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1.0, 2.0, 3.0, 4.0])})
    >>> ds.coarsen(x=2).max()["a"].values
    array([2., 4.])
    """

    def _dataset(self) -> Any:
        return self.obj

    def _finish(self, ds: Any) -> Any:
        return ds
