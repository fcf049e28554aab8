"""Positions and labels of minima and maxima: ``argmin``/``argmax`` and ``idxmin``/``idxmax``.

The façade methods delegate here. These functions work on DataArray/Dataset objects through
their public attributes and ``_replace*`` constructors, never importing the façade classes.

* ``argmin(dim)`` of a DataArray is the Variable's positions; a list of dims (or ``...``) gives a
  dict ``{dim: positions}`` (the position of the extreme value over all those dims at once).
* ``idxmin(dim)`` is the *label* of the coordinate of ``dim`` at that position; slices without a
  valid value give ``fill_value`` (NaN / NaT by default, promoting the coordinate's dtype).

>>> import numpy as np
>>> labels_at(np.array([10, 20, 30]), np.array([2, 0]))
array([30, 10])
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

from labarray.aggregations import apply_aggregation, isnull
from labarray.kernels.take import NA, maybe_promote
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.suggest import missing_names_message

__all__ = ["arg_reduce_dataarray", "arg_reduce_dataset", "idx_reduce_dataarray", "labels_at"]

_NAN_KINDS = "fcOmM"


def arg_reduce_dataarray(
    da: Any, name: str, dim: Any, axis: Any, keep_attrs: bool | None, skipna: bool | None
) -> Any:
    """``DataArray.argmin/argmax``: a DataArray, or a dict of them for several dims.

    Examples
    --------
    Given ``da`` with dims ``("x", "y")``, ``arg_reduce_dataarray(da, "argmin", ["x", "y"],
    None, None, None)`` returns ``{"x": ..., "y": ...}``.
    """
    method = getattr(da.variable, name)
    result = method(dim, axis=axis, keep_attrs=keep_attrs, skipna=skipna)
    if isinstance(result, dict):
        return {k: da._replace_maybe_drop_dims(v) for k, v in result.items()}
    return da._replace_maybe_drop_dims(result)


def arg_reduce_dataset(
    ds: Any, name: str, dim: Any, keep_attrs: bool | None, skipna: bool | None
) -> Any:
    """``Dataset.argmin/argmax`` along one dimension (or over all, flattened, for ``None``).

    Raises
    ------
    ValueError
        ``dim`` is a sequence or ``...``: the dict of positions a DataArray would return cannot
        be stored in a Dataset.
    """
    if dim is ... or (
        dim is not None and not isinstance(dim, str) and isinstance(dim, (list, tuple, set))
    ):
        raise ValueError(
            f"Dataset.{name} reduces along one dimension (or all, with dim=None); for "
            f"several dimensions ({dim!r}) call DataArray.{name} on each data variable, "
            "which returns a dict of positions"
        )

    def reduce_one(var: Any, dims: Any) -> Any:
        target = None if dims is None else dims[0]
        return getattr(var, name)(target, keep_attrs=keep_attrs, skipna=skipna)

    return ds._map_reduction(reduce_one, dim, keep_attrs, False)


def labels_at(coord_values: Any, positions: Any) -> Any:
    """``coord_values[positions]`` for NumPy or (lazily) Dask ``positions``.

    Examples
    --------
    >>> labels_at(np.array(["a", "b"]), np.array(1))
    array('b', dtype='<U1')
    """
    coord_values = np.asarray(coord_values)
    if is_chunked_array(positions):
        return positions.map_blocks(lambda p: coord_values[p], dtype=coord_values.dtype)
    return np.asarray(coord_values[positions])


def idx_reduce_dataarray(
    da: Any, name: str, dim: Hashable | None, skipna: bool | None, fill_value: Any,
    keep_attrs: bool | None,
) -> Any:  # fmt: skip
    """``DataArray.idxmin/idxmax``: the labels of ``dim`` where the minimum/maximum is.

    Raises
    ------
    ValueError
        ``dim`` omitted for data with more than one dimension.
    KeyError
        ``dim`` is not a dimension, or has no 1-D coordinate to take labels from.
    """
    if dim is None:
        if da.ndim != 1:
            raise ValueError(
                f"{name} needs dim= for {da.ndim}-dimensional data; dimensions: "
                + ", ".join(map(repr, da.dims))
            )
        dim = da.dims[0]
    if dim not in da.dims:
        raise KeyError(missing_names_message("dimension", [dim], list(da.dims), f"{name}"))
    coord = da._coords.get(dim)
    if coord is None or tuple(coord.dims) != (dim,):
        raise KeyError(
            f"dimension {dim!r} has no coordinate to take the {name} labels from; "
            f"assign one first, e.g. obj.assign_coords({dim}=...), or use "
            f"arg{name[3:]} for positions"
        )
    var = da.variable
    data = var.data
    axis = var.dims.index(dim)
    kind = data.dtype.kind
    skip = kind in _NAN_KINDS if skipna is None else bool(skipna) and kind in _NAN_KINDS
    arg = "argmin" if name == "idxmin" else "argmax"
    all_na = None
    if skip:
        missing = isnull(data)
        all_na = missing.all(axis=axis)
        # slices with no valid value point anywhere (position 0); they are filled below
        filler = np.zeros((), dtype=data.dtype)
        xp = dask_array() if is_chunked_array(data) else np
        data = xp.where(xp.expand_dims(all_na, axis), filler, data)
    positions = apply_aggregation(arg, data, (axis,), skipna=skip)
    labels = labels_at(coord.values, positions)
    if all_na is not None:
        if fill_value is NA:
            dtype, fill = maybe_promote(labels.dtype)
        else:
            dtype, fill = np.result_type(labels.dtype, np.min_scalar_type(fill_value)), fill_value
        xp = dask_array() if is_chunked_array(labels) else np
        labels = xp.where(all_na, np.asarray(fill, dtype=dtype), labels.astype(dtype))
    keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
    dims = tuple(d for d in var.dims if d != dim)
    new_var = type(var)(dims, labels, attrs=dict(var.attrs) if keep else None)
    return da._replace_maybe_drop_dims(new_var, name=dim)
