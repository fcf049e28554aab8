"""Derivatives and integrals along a coordinate: ``differentiate``, ``integrate``, ``cumulative_integrate``.

All three work on a Dataset's variables (DataArrays go through a temporary Dataset):

* the coordinate is converted to float (datetime64/timedelta64 and cftime values in
  ``datetime_unit``: the coordinate's own unit by default, seconds for cftime);
* ``differentiate`` is second-order central differences (``numpy.gradient`` semantics, also on
  Dask through ``dask.array.gradient``, which overlaps neighbouring chunks);
* ``integrate`` is the trapezoidal rule (the dimension is removed; several coordinates are
  integrated one after the other) and ``cumulative_integrate`` its running sum starting at 0.
  Both are written with slices, so they stay lazy and chunk-local on Dask.

Data variables along the dimension are transformed (datetimes become numbers in
``datetime_unit``); other variables are kept. ``integrate`` drops the coordinates along the
integrated dimension.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from labarray.kernels.cftime_values import is_cftime_values
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.suggest import missing_names_message
from labarray.variable import Variable

__all__ = [
    "DATETIME_UNITS",
    "cumulative_trapezoid",
    "differentiate_dataset",
    "integrate_dataset",
    "to_numeric",
    "trapezoid",
]

DATETIME_UNITS = ("W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as")
_CFTIME_UNIT_WORDS = {"D": "days", "h": "hours", "m": "minutes", "s": "seconds", "ms": "milliseconds", "us": "microseconds"}


def _check_unit(datetime_unit: str) -> None:
    if datetime_unit not in DATETIME_UNITS:
        raise ValueError(
            f"datetime_unit must be one of {', '.join(DATETIME_UNITS)}; got {datetime_unit!r}"
        )


def to_numeric(data: Any, datetime_unit: str | None) -> tuple[Any, str | None]:
    """Datetime-like data as float64 in ``datetime_unit`` (since 1970-01-01 for dates).

    Returns the converted data and the unit used (None for data that was numeric already).

    Examples
    --------
    >>> to_numeric(np.array(["1970-01-02"], dtype="M8[s]"), "h")
    (array([24.]), 'h')
    """
    kind = getattr(data, "dtype", np.dtype(float)).kind
    if kind in "Mm":
        unit = datetime_unit or np.datetime_data(data.dtype)[0]
        _check_unit(unit)
        delta = data - np.datetime64("1970-01-01", "ns") if kind == "M" else data
        return delta / np.timedelta64(1, unit), unit  # type: ignore[call-overload]
    values = np.asarray(data) if not is_chunked_array(data) else None
    if values is not None and is_cftime_values(values):
        import cftime

        unit = datetime_unit or "s"
        if unit not in _CFTIME_UNIT_WORDS:
            raise ValueError(
                f"datetime_unit={unit!r} is not supported for cftime dates; use one of "
                f"{', '.join(_CFTIME_UNIT_WORDS)}"
            )
        calendar = next(v for v in values.ravel() if v is not None).calendar
        out = cftime.date2num(values, f"{_CFTIME_UNIT_WORDS[unit]} since 1970-01-01", calendar=calendar)
        return np.asarray(out, dtype=np.float64), unit
    return data, None


def _coordinate(ds: Any, coord: Hashable) -> tuple[Hashable, np.ndarray, Any]:
    """(dimension, numeric-convertible values, variable) of a 1-D coordinate or a bare dimension."""
    if coord in ds._variables:
        var = ds._variables[coord]
    elif coord in ds.dims:
        var = Variable((coord,), np.arange(ds.sizes[coord]))
    else:
        raise ValueError(
            missing_names_message(
                "coordinate",
                [coord],
                [k for k in ds._variables if k in ds._coord_names] + [d for d in ds.dims if d not in ds._variables],
            )
        )
    if var.ndim != 1:
        raise ValueError(
            f"coordinate {coord!r} must be 1-dimensional, but it has dimensions {var.dims}; "
            "pass a 1-D coordinate"
        )
    return var.dims[0], var.values, var


def _data(var: Variable) -> Any:
    return var._data if is_chunked_array(var._data) else np.asarray(var.values)


def _slice(ndim: int, axis: int, sl: slice) -> tuple[slice, ...]:
    key = [slice(None)] * ndim
    key[axis] = sl
    return tuple(key)


def _shape_dx(x: np.ndarray, ndim: int, axis: int) -> np.ndarray:
    dx = np.diff(x)
    shape = [1] * ndim
    shape[axis] = -1
    return dx.reshape(shape)


def trapezoid(y: Any, x: np.ndarray, axis: int) -> Any:
    """Trapezoidal integral of ``y`` along ``axis`` over the sample points ``x`` (NumPy or Dask).

    Examples
    --------
    >>> trapezoid(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 3.0]), 0)
    np.float64(3.5)
    """
    dx = _shape_dx(x, y.ndim, axis)
    pieces = (y[_slice(y.ndim, axis, slice(1, None))] + y[_slice(y.ndim, axis, slice(None, -1))]) * dx / 2.0
    return pieces.sum(axis=axis)


def cumulative_trapezoid(y: Any, x: np.ndarray, axis: int) -> Any:
    """Running trapezoidal integral, starting at 0 (same shape as ``y``).

    Examples
    --------
    >>> cumulative_trapezoid(np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 3.0]), 0)
    array([0. , 0.5, 3.5])
    """
    dx = _shape_dx(x, y.ndim, axis)
    pieces = (y[_slice(y.ndim, axis, slice(1, None))] + y[_slice(y.ndim, axis, slice(None, -1))]) * dx / 2.0
    zero_shape = list(y.shape)
    zero_shape[axis] = 1
    if is_chunked_array(y):
        da = dask_array()
        zeros = da.zeros(zero_shape, dtype=pieces.dtype, chunks=tuple(c if i != axis else (1,) for i, c in enumerate(y.chunks)))
        return da.concatenate([zeros, da.cumsum(pieces, axis=axis)], axis=axis)
    return np.concatenate([np.zeros(zero_shape, dtype=pieces.dtype), np.cumsum(pieces, axis=axis)], axis=axis)


def _merge_small_chunks(chunks: tuple[int, ...], minimum: int) -> tuple[int, ...]:
    """Merge neighbouring chunks until each holds at least ``minimum`` elements."""
    merged: list[int] = []
    for c in chunks:
        if merged and merged[-1] < minimum:
            merged[-1] += c
        else:
            merged.append(c)
    if len(merged) > 1 and merged[-1] < minimum:
        last = merged.pop()
        merged[-1] += last
    return tuple(merged)


def _gradient(y: Any, x: np.ndarray, axis: int, edge_order: int) -> Any:
    if is_chunked_array(y):
        # dask's gradient overlaps neighbouring chunks and needs edge_order + 2 elements per chunk
        chunks = _merge_small_chunks(y.chunks[axis], edge_order + 2)
        if chunks != y.chunks[axis]:
            y = y.rechunk({axis: chunks})
        return dask_array().gradient(y, x, axis=axis, edge_order=edge_order)
    return np.gradient(y, x, axis=axis, edge_order=edge_order)  # type: ignore[call-overload]


def differentiate_dataset(ds: Any, coord: Hashable, edge_order: int = 1, datetime_unit: str | None = None) -> Any:
    """The derivative of every data variable along ``coord`` (see ``Dataset.differentiate``)."""
    if edge_order not in (1, 2):
        raise ValueError(f"edge_order must be 1 or 2, got {edge_order!r}")
    dim, values, _ = _coordinate(ds, coord)
    x, unit = to_numeric(values, datetime_unit)
    x = np.asarray(x, dtype=np.float64)
    if x.size < edge_order + 1:
        raise ValueError(
            f"cannot differentiate along {coord!r} of length {x.size} with edge_order={edge_order}: "
            f"at least {edge_order + 1} points are needed"
        )
    variables = {}
    for name, var in ds._variables.items():
        if name not in ds._coord_names and dim in var.dims:
            data, _ = to_numeric(_data(var), unit or datetime_unit)
            if data.dtype.kind not in "fc":
                data = data.astype(np.float64)
            variables[name] = Variable(var.dims, _gradient(data, x, var.dims.index(dim), edge_order))
        else:
            variables[name] = var
    return ds._replace(variables)


def integrate_dataset(
    ds: Any, coord: Hashable | Sequence[Hashable] | None, datetime_unit: str | None = None, cumulative: bool = False
) -> Any:
    """Trapezoidal (cumulative) integral along one or several coordinates (see ``Dataset.integrate``)."""
    what = "cumulative_integrate" if cumulative else "integrate"
    if coord is None:
        raise ValueError(f"{what} needs coord=: the name of a 1-D coordinate or dimension")
    coords = [coord] if isinstance(coord, str) or not isinstance(coord, Sequence) else list(coord)
    result = ds
    for c in coords:
        result = _integrate_one(result, c, datetime_unit, cumulative)
    return result


def _integrate_one(ds: Any, coord: Hashable, datetime_unit: str | None, cumulative: bool) -> Any:
    dim, values, _ = _coordinate(ds, coord)
    x, unit = to_numeric(values, datetime_unit)
    x = np.asarray(x, dtype=np.float64)
    variables: dict[Hashable, Variable] = {}
    coord_names = set()
    for name, var in ds._variables.items():
        if name in ds._coord_names:
            if dim not in var.dims or cumulative:
                variables[name] = var
                coord_names.add(name)
        elif dim in var.dims:
            data, _ = to_numeric(_data(var), unit or datetime_unit)
            if data.dtype.kind not in "fc":
                data = data.astype(np.float64)
            axis = var.dims.index(dim)
            if cumulative:
                variables[name] = Variable(var.dims, cumulative_trapezoid(data, x, axis))
            else:
                variables[name] = Variable(tuple(d for d in var.dims if d != dim), trapezoid(data, x, axis))
        else:
            variables[name] = var
    indexes = {k: v for k, v in ds._indexes.items() if k in variables}
    return ds._replace_with_new_dims(variables, coord_names=coord_names, indexes=indexes)
