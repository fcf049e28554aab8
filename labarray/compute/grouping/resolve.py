"""Resolving what to group by: names, virtual variables, DataArrays and Groupers -> codes.

:func:`resolve_groupers` pairs every group (as a DataArray) with its Grouper;
:func:`_combine_codes` folds the codes of several groupers into one code per element and
:func:`_dataset_group_order` orders a Dataset variable's dimensions after a grouped reduction.
Used by :mod:`labarray.compute.grouping.groupby`; never imports the façade.

>>> import numpy as np
>>> from labarray.variable import Variable
>>> _dataset_group_order(Variable(("x", "month"), np.zeros((2, 3))), ("month",)).dims
('month', 'x')
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labarray.compute.grouping.binary import is_labeled
from labarray.compute.grouping.groupers import EncodedGroups, Grouper, UniqueGrouper
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.suggest import did_you_mean, format_names
from labarray.variable import Variable

__all__ = ["resolve_groupers"]

_THIS_ARRAY_PREFIX = "<this-array>"


def _as_dataset(obj: Any) -> tuple[Any, bool]:
    if hasattr(obj, "_to_temp_dataset"):
        return obj._to_temp_dataset(), True
    return obj, False


def _dim_order(obj: Any, ds: Any) -> tuple[Hashable, ...]:
    """The object's dimensions in its own order (a DataArray's, else the Dataset's)."""
    return tuple(obj.dims) if hasattr(obj, "_to_temp_dataset") else tuple(ds.dims)


def _available_names(obj: Any, ds: Any) -> list[Hashable]:
    names = list(obj.coords) + [d for d in ds.dims if d not in obj.coords]
    if not hasattr(obj, "_to_temp_dataset"):
        names = list(ds._variables) + [d for d in ds.dims if d not in ds._variables]
    return [n for n in names if not (isinstance(n, str) and n.startswith(_THIS_ARRAY_PREFIX))]


def _resolve_group(obj: Any, ds: Any, group: Any) -> Any:
    """The group as a DataArray: a variable/coordinate/dimension name, ``"time.month"`` or a DataArray."""
    if is_labeled(group):
        if hasattr(group, "data_vars"):
            raise TypeError("cannot group by a Dataset; pass one of its variables (a DataArray)")
        if group.name is None:
            raise ValueError("a DataArray used as group must have a name: use group.rename('name')")
        for dim in group.dims:
            if dim not in ds.dims:
                raise ValueError(
                    f"group {group.name!r} has dimension {dim!r}, which the grouped object "
                    f"lacks (its dimensions: {format_names(ds.dims)})"
                )
            if ds.dims[dim] != group.sizes[dim]:
                raise ValueError(
                    f"group {group.name!r} has {group.sizes[dim]} values along {dim!r} but the "
                    f"grouped object has {ds.dims[dim]}"
                )
        return group
    if isinstance(group, Hashable) and not isinstance(group, (np.ndarray, pd.Index)):
        available = _available_names(obj, ds)
        if group in ds._variables or group in ds.dims:
            return ds[group]
        if isinstance(group, str) and "." in group and group.partition(".")[0] in ds._variables:
            return ds[group]  # "time.month": a virtual variable (its own errors name the component)
        hint = did_you_mean(group, available)
        raise KeyError(
            f"cannot group by {group!r}: no variable, coordinate or dimension of that name; "
            f"available: {format_names(available)}" + (f"; {hint}" if hint else "")
        )
    raise TypeError(
        f"group must be a variable name, a DataArray or a mapping of names to Groupers, got "
        f"{type(group).__name__}"
    )


def resolve_groupers(
    obj: Any,
    group: Any,
    groupers: Mapping[Any, Any],
    eagerly_compute_group: bool | None = None,
) -> list[tuple[Any, Grouper]]:
    """Pair every group (as a DataArray) with its Grouper.

    ``group`` is a name, a DataArray, a sequence of names or a mapping name -> Grouper; the
    ``groupers`` keywords add ``name=Grouper`` pairs.
    """
    ds, _ = _as_dataset(obj)
    if group is not None and groupers:
        raise ValueError(
            "pass either `group` or groupers as keyword arguments (name=Grouper), not both"
        )
    pairs: list[tuple[Any, Any]]
    if group is None:
        if not groupers:
            raise ValueError("groupby needs a group: a name, a DataArray or name=Grouper keywords")
        pairs = list(groupers.items())
    elif isinstance(group, Mapping):
        pairs = list(group.items())
    elif isinstance(group, (list, tuple)) and not is_labeled(group):
        pairs = [(g, UniqueGrouper()) for g in group]
    else:
        pairs = [(group, UniqueGrouper())]
    resolved = []
    for key, grouper in pairs:
        if grouper is None:
            grouper = UniqueGrouper()
        if not isinstance(grouper, Grouper):
            raise TypeError(
                f"the grouper for {key!r} must be a Grouper (UniqueGrouper, BinGrouper, "
                f"TimeResampler, SeasonGrouper ...), got {type(grouper).__name__}"
            )
        group_da = _resolve_group(obj, ds, key)
        if (
            eagerly_compute_group is False
            and is_chunked_array(group_da.variable._data)
            and isinstance(grouper, UniqueGrouper)
            and grouper.labels is None
        ):
            raise ValueError(
                f"group {group_da.name!r} is lazy and eagerly_compute_group=False: pass its "
                "labels, e.g. UniqueGrouper(labels=[...]), so the groups are known without computing"
            )
        resolved.append((group_da, grouper.reset()))
    return resolved


def _dataset_group_order(var: Variable, names: tuple[Hashable, ...]) -> Variable:
    """A Dataset variable's dimensions after a grouped reduction, in xarray's order: one group
    dimension comes first, several come last (a DataArray keeps the grouped dimension's place);
    a ``quantile`` dimension stays last.

    Examples
    --------
    >>> v = Variable(("x", "month", "y"), np.zeros((2, 3, 4)))
    >>> _dataset_group_order(v, ("month",)).dims
    ('month', 'x', 'y')
    >>> _dataset_group_order(Variable(("x", "m", "lab", "y"), np.zeros((1, 2, 3, 4))), ("m", "lab")).dims
    ('x', 'y', 'm', 'lab')
    """
    present = [n for n in names if n in var.dims]
    if not present:
        return var
    rest = [d for d in var.dims if d not in present and d != "quantile"]
    tail = ["quantile"] if "quantile" in var.dims else []
    order = (present + rest if len(names) == 1 else rest + present) + tail
    return var if tuple(order) == var.dims else var.transpose(*order)


def _combine_codes(
    encoded: Sequence[EncodedGroups],
    group_dims: tuple[Hashable, ...],
    sizes: Mapping[Hashable, int],
) -> np.ndarray:
    """One code per element over ``group_dims`` (row-major over the groupers; -1 if any is -1)."""
    if len(encoded) == 1 and encoded[0].group_dims == group_dims:
        return encoded[0].codes
    shape = tuple(sizes[d] for d in group_dims)
    combined = np.zeros(shape, dtype=np.int64)
    missing = np.zeros(shape, dtype=bool)
    for enc in encoded:
        var = Variable(enc.group_dims, enc.codes).set_dims(
            dict(zip(group_dims, shape, strict=True))
        )
        codes = np.asarray(var.transpose(*group_dims).values)
        missing |= codes < 0
        combined = combined * enc.ngroups + codes
    combined[missing] = -1
    return combined
