"""Index bookkeeping behind ``rename``, ``swap_dims``, ``set_index`` and ``reset_index``.

Each function reads a Dataset-like object (``_variables``, ``_coord_names``, ``_indexes``,
``_dims``) and returns the new ``(variables, coord_names, indexes)``; the façade builds the result.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, TypeAlias

from labarray.indexes import Index, PandasIndex, PandasMultiIndex
from labarray.utils.suggest import missing_names_message
from labarray.variable import Variable

__all__ = [
    "rename_variables",
    "reset_index_variables",
    "set_index_variables",
    "swap_dims_variables",
]

State: TypeAlias = tuple[dict[Hashable, Variable], set[Hashable], dict[Hashable, Index]]


def rename_variables(
    ds: Any, name_dict: Mapping[Any, Hashable], dims_dict: Mapping[Any, Hashable]
) -> State:
    """Rename variables (``name_dict``) and dimensions (``dims_dict``), keeping indexes in step."""
    variables: dict[Hashable, Variable] = {}
    coord_names: set[Hashable] = set()
    for name, var in ds._variables.items():
        new_name = name_dict.get(name, name)
        if new_name in variables:
            raise ValueError(
                f"the new name {new_name!r} conflicts with an existing variable or coordinate; "
                "rename or drop that variable first"
            )
        variables[new_name] = var._replace(dims=tuple(dims_dict.get(d, d) for d in var.dims))
        if name in ds._coord_names:
            coord_names.add(new_name)
    indexes: dict[Hashable, Index] = {}
    renamed: dict[int, Index] = {}
    for name, index in ds._indexes.items():
        new_index = renamed.setdefault(id(index), index.rename(name_dict, dims_dict))
        indexes[name_dict.get(name, name)] = new_index
    for name, index in indexes.items():
        for var_name, var in index.create_variables({name: variables[name]}).items():
            if var_name in variables:
                variables[var_name] = var
    return variables, coord_names, indexes


def swap_dims_variables(ds: Any, dims_dict: Mapping[Any, Hashable]) -> State:
    """Swap dimensions for 1-D variables along them, which become the new indexes."""
    for old, new in dims_dict.items():
        if old not in ds._dims:
            raise ValueError(
                f"cannot swap from dimension {old!r}: "
                + missing_names_message("dimension", [old], list(ds._dims))
            )
        if new in ds._variables and ds._variables[new].dims != (old,):
            raise ValueError(
                f"replacement dimension {new!r} is not a 1-D variable along the old dimension "
                f"{old!r} (its dims are {ds._variables[new].dims})"
            )
    result_dims = {dims_dict.get(d, d) for d in ds._dims}
    variables: dict[Hashable, Variable] = {}
    indexes: dict[Hashable, Index] = {}
    coord_names = set(ds._coord_names) | {v for v in dims_dict.values() if v in ds._variables}
    for name, var in ds._variables.items():
        dims = tuple(dims_dict.get(d, d) for d in var.dims)
        if name in result_dims and var.ndim == 1:
            if name in ds._indexes and ds._indexes[name].__class__ is not PandasMultiIndex:
                indexes[name] = ds._indexes[name].rename({}, dict(dims_dict))
                variables.update(indexes[name].create_variables({name: var}))
            else:
                index = PandasIndex.from_variables({name: var._replace(dims=dims)}, options={})
                indexes[name] = index
                variables.update(index.create_variables({name: var._replace(dims=dims)}))
        else:
            variables[name] = var._replace(dims=dims)
            if name in ds._indexes and set(dims) <= result_dims and name not in dims_dict:
                if not any(d in dims_dict for d in var.dims):
                    indexes[name] = ds._indexes[name]
    return variables, coord_names, indexes


def _rename_dim(
    variables: dict[Hashable, Variable], indexes: dict[Hashable, Index], old: Hashable, new: Hashable
) -> tuple[dict[Hashable, Variable], dict[Hashable, Index]]:
    """Rename dimension ``old`` to ``new`` in every variable and index (names stay)."""
    variables = {
        k: v._replace(dims=tuple(new if d == old else d for d in v.dims)) if old in v.dims else v
        for k, v in variables.items()
    }
    renamed: dict[int, Index] = {}
    indexes = {k: renamed.setdefault(id(i), i.rename({}, {old: new})) for k, i in indexes.items()}
    return variables, indexes


def _check_new_index_dim(
    dim: Hashable, names: list[Hashable], variables: Mapping[Hashable, Variable], dims: Sequence[Hashable]
) -> Hashable:
    """For ``set_index`` along a name that is not a dimension: the dimension it replaces.

    As in xarray, several coordinates along one dimension, the dimension coordinate among them,
    make a multi-index that takes over that dimension under the new name
    (``set_index(lat_b=["lat", "b"])``: dimension ``lat`` becomes ``lat_b``).
    """
    along = {variables[n].dims for n in names}
    source = next(iter(along)) if len(along) == 1 else ()
    if len(names) > 1 and len(source) == 1 and source[0] in names:
        return source[0]
    message = missing_names_message("dimension", [dim], list(dims))
    if len(source) != 1:
        raise ValueError(message)
    (along_dim,) = source
    if names == [along_dim]:
        hint = f"to rename dimension {along_dim!r}, use rename({{{along_dim!r}: {dim!r}}})"
    elif len(names) == 1:
        hint = (
            f"{names[0]!r} lies along {along_dim!r}: use set_index({along_dim}={names[0]!r}); to rename "
            f"the dimension, use rename({{{along_dim!r}: {dim!r}}}) or swap_dims"
        )
    else:
        hint = (
            f"the coordinates lie along {along_dim!r}: use set_index({along_dim}={names!r}), or "
            f"include the dimension coordinate {along_dim!r} among the levels to index that "
            f"dimension under the new name {dim!r}"
        )
    raise ValueError(f"cannot set an index along {dim!r}: {hint} ({message})")


def set_index_variables(ds: Any, dim_coords: Mapping[Any, Any], append: bool) -> State:
    """Build indexes along dimensions from 1-D coordinates; several make a multi-index.

    A new name for a multi-index that includes the dimension coordinate renames the dimension
    (``set_index(lat_b=["lat", "b"])`` indexes dimension ``lat_b``, formerly ``lat``).
    """
    new_indexes = dict(ds._indexes)
    variables = dict(ds._variables)
    coord_names = set(ds._coord_names)
    dims = list(ds._dims)
    for dim, names in dim_coords.items():
        names = (
            [names] if isinstance(names, str) or not isinstance(names, Sequence) else list(names)
        )
        missing = [n for n in names if n not in variables]
        if missing:
            raise ValueError(missing_names_message("variable", missing, list(variables)))
        if dim not in dims:
            source = _check_new_index_dim(dim, names, variables, dims)
            variables, new_indexes = _rename_dim(variables, new_indexes, source, dim)
            dims = [dim if d == source else d for d in dims]
        for n in names:
            if variables[n].dims != (dim,):
                raise ValueError(
                    f"variable {n!r} has dimensions {variables[n].dims} but the index is "
                    f"set along dimension {dim!r}; only 1-D variables along {dim!r} can be used"
                )
        # replaced: the index of the dimension coordinate and those of the chosen coordinates
        # (with every coordinate they share); other indexes along ``dim`` stay, as in xarray
        old_index = new_indexes.get(dim)
        replaced = [i for i in (old_index, *(new_indexes.get(n) for n in names)) if i is not None]
        old = [k for k, i in new_indexes.items() if any(i is r for r in replaced)]
        chosen = {n: variables[n] for n in names}
        if append and old_index is not None:
            group = [k for k, i in new_indexes.items() if i is old_index]
            if isinstance(old_index, PandasMultiIndex):
                levels = {k: variables[k] for k in group if k != dim}
            else:
                # the old dimension coordinate becomes a level named '<dim>_level_0'
                levels = {(k if k != dim else f"{dim}_level_0"): variables[k] for k in group}
            chosen = {**levels, **{k: v for k, v in chosen.items() if k not in levels}}
        for k in old:
            new_indexes.pop(k, None)
            if k == dim or k in chosen:
                variables.pop(k, None)
            else:
                variables[k] = variables[k].to_base_variable()
        index: Index
        if len(chosen) == 1:
            # a single variable becomes the dimension coordinate, named after the dimension
            ((name, var),) = chosen.items()
            index = PandasIndex.from_variables({dim: var}, options={})
            created = index.create_variables({dim: var})
            if name != dim:
                variables.pop(name, None)
                coord_names.discard(name)
        else:
            # the level coordinates follow the new dimension coordinate, as in xarray
            for k in (dim, *chosen):
                variables.pop(k, None)
            index = PandasMultiIndex.from_variables(chosen, options={})
            created = index.create_variables(chosen)
        variables.update(created)
        for k in created:
            new_indexes[k] = index
            coord_names.add(k)
    return variables, coord_names, new_indexes


def _reset_group(requested: list[Hashable], group: list[Hashable], dim: Hashable) -> list[Hashable]:
    """The levels of a multi-index that keep an index after resetting ``requested``."""
    if dim in requested:
        return []
    return [k for k in group if k not in requested and k != dim]


def reset_index_variables(
    ds: Any, dims_or_levels: Hashable | Sequence[Hashable], drop: bool
) -> State:
    """Remove indexes; their coordinates stay as plain coordinates unless ``drop``."""
    names = (
        [dims_or_levels]
        if isinstance(dims_or_levels, str) or not isinstance(dims_or_levels, Sequence)
        else list(dims_or_levels)
    )
    missing = [n for n in names if n not in ds._indexes]
    if missing:
        raise ValueError(missing_names_message("index coordinate", missing, list(ds._indexes)))
    new_indexes = dict(ds._indexes)
    variables = dict(ds._variables)
    coord_names = set(ds._coord_names)
    handled: set[int] = set()
    for name in names:
        index = ds._indexes[name]
        if id(index) in handled:
            continue
        handled.add(id(index))
        if not isinstance(index, PandasMultiIndex):
            new_indexes.pop(name, None)
            if drop:
                variables.pop(name, None)
                coord_names.discard(name)
            else:
                variables[name] = variables[name].to_base_variable()
            continue
        dim = index.dim
        group = [k for k, v in ds._indexes.items() if v is index]
        requested = [k for k in names if k in group]
        keep_index_for = _reset_group(requested, group, dim)
        # resetting the dimension coordinate removes the whole multi-index
        dropped = group if dim in requested else requested
        for k in group:
            new_indexes.pop(k, None)
            if k in variables and k != dim:
                variables[k] = variables[k].to_base_variable()
        variables.pop(dim, None)
        coord_names.discard(dim)
        if keep_index_for:
            remaining = {k: ds._variables[k] for k in keep_index_for}
            if len(remaining) == 1:
                # one level left: it becomes the dimension coordinate, named after the dim
                ((k, v),) = remaining.items()
                variables.pop(k, None)
                coord_names.discard(k)
                remaining = {dim: v}
                idx: Index = PandasIndex.from_variables(remaining, options={})
            else:
                idx = PandasMultiIndex.from_variables(remaining, options={})
            created = idx.create_variables(remaining)
            variables.update(created)
            for k in created:
                new_indexes[k] = idx
                coord_names.add(k)
        if drop:
            for k in dropped:
                variables.pop(k, None)
                coord_names.discard(k)
    return variables, coord_names, new_indexes
