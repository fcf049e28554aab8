"""The merges behind the Dataset constructor and ``Dataset.update``.

Both align DataArray values first (outer join among themselves for the constructor, onto the
Dataset's indexes for ``update``) and then merge variables and indexes by name.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from labarray.indexes import Index
from labarray.structure.align import deep_align
from labarray.structure.merge import (
    MergeResult,
    collect_from_mapping,
    is_dataarray_like,
    is_dataset_like,
    merge_collected,
    merge_core,
)
from labarray.utils.frozen import is_dict_like
from labarray.variable import calculate_dimensions

__all__ = ["merge_data_and_coords", "update_merge"]


def _is_coordinates_like(obj: Any) -> bool:
    return hasattr(obj, "xindexes") and hasattr(obj, "to_dataset") and not is_dataset_like(obj) and not is_dataarray_like(obj)


def merge_data_and_coords(data_vars: Mapping[Any, Any], coords: Any) -> MergeResult:
    """Align DataArray data variables with each other and the coordinates, then merge.

    ``coords`` may be a mapping, a ``Coordinates`` object (its indexes are reused, not rebuilt)
    or a Dataset (its coordinates are used).
    """
    if is_dataset_like(coords):
        coords = coords.coords
    coord_indexes: dict[Hashable, Index] = {}
    coord_source: Any = coords
    if _is_coordinates_like(coords):
        coord_indexes = dict(coords.xindexes)
        coord_source = coords.to_dataset()
    elif coords:
        # explicit coordinates win: DataArray values are aligned onto their indexes
        grouped, _ = collect_from_mapping(coords, is_coords=True)
        coord_source, coord_indexes = merge_collected(grouped, compat="broadcast_equals")
    if any(is_dataarray_like(v) and v._indexes for v in data_vars.values()):
        (data_vars,) = deep_align([dict(data_vars)], join="outer", copy=False, indexes=coord_indexes or None)
    return merge_core([(data_vars, False), (coord_source, True)], compat="broadcast_equals", where="Dataset")


def _split_update_source(dataset: Any, other: Any) -> tuple[dict[Hashable, Any], dict[Hashable, Any], dict[Hashable, Index]]:
    """Data values, coordinate variables and coordinate indexes of the argument of ``update``."""
    if is_dataset_like(other):
        return (
            {k: other[k] for k in other.data_vars},
            {k: other._variables[k] for k in other._coord_names},
            dict(other._indexes),
        )
    if not is_dict_like(other):
        raise TypeError(f"update needs a Dataset or a dict-like, got {type(other).__name__}")
    values = {}
    for key, value in other.items():
        if is_dataarray_like(value):
            # coordinates the Dataset already has are not overwritten by those of a DataArray value
            conflicting = [
                c for c in value._coords
                if c not in value.dims and c in dataset._coord_names and c != key and c not in value._indexes
            ]
            if conflicting:
                value = value.drop_vars(conflicting)
        values[key] = value
    return values, {}, {}


def update_merge(dataset: Any, other: Any) -> MergeResult:
    """The merge behind ``Dataset.update``: ``other`` wins; its DataArrays align onto ``dataset``."""
    values, other_coords, other_indexes = _split_update_source(dataset, other)
    if any(is_dataarray_like(v) for v in values.values()):
        (values,) = deep_align([values], join="left", copy=False, indexes=dataset._indexes or None)
    grouped, new_coord_names = collect_from_mapping(values, is_coords=False)
    for name, var in other_coords.items():
        grouped.setdefault(name, []).append((var, other_indexes.get(name)))
        new_coord_names.add(name)
    winners = {name: elements[-1] for name, elements in grouped.items() if name in values or name in other_coords}
    for name in winners:
        index = dataset._indexes.get(name)
        partners = [k for k, v in dataset._indexes.items() if index is not None and v is index and k not in winners]
        if partners:
            raise ValueError(
                f"cannot replace coordinate {name!r}: it is part of a multi-index with "
                f"{', '.join(map(repr, partners))}; replace or drop the whole index (reset_index) first"
            )
    variables = {k: v for k, v in dataset._variables.items() if k not in winners}
    indexes = {k: v for k, v in dataset._indexes.items() if k not in winners}
    for name, (var, index) in winners.items():
        variables[name] = var
        if index is not None:
            indexes[name] = index
    for name, elements in grouped.items():
        # coordinates brought along by DataArray values: the Dataset's own copy wins
        if name not in winners and name not in variables:
            variables[name] = elements[0][0]
            if elements[0][1] is not None:
                indexes[name] = elements[0][1]
    order = [k for k in dataset._variables if k in variables] + [k for k in variables if k not in dataset._variables]
    variables = {k: variables[k] for k in order}
    demoted = {k for k in winners if k in values and k not in new_coord_names}
    coord_names = (set(dataset._coord_names) - demoted) | new_coord_names
    try:
        dims = calculate_dimensions(variables)
    except ValueError as err:
        raise ValueError(f"cannot update the Dataset: {err}") from err
    return MergeResult(variables, coord_names & set(variables), dims, indexes)
