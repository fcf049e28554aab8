"""Collecting variables and indexes from several sources into one consistent set.

The constructors of ``Dataset`` and ``DataArray``, ``assign``/``assign_coords``/``update`` and the
coordinates of arithmetic results all go through :func:`merge_core`. It works on plain dicts of
Variables and Index objects; objects of the façade are recognised by duck typing
(``_variables``/``_coord_names`` for a Dataset, ``variable``/``_coords``/``_indexes`` for a DataArray),
so this module never imports them.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from labarray.indexes import (
    Index,
    PandasIndex,
    PandasMultiIndex,
    create_default_index_implicit,
)
from labarray.variable import Variable, as_variable, calculate_dimensions

__all__ = [
    "MergeError",
    "MergeResult",
    "collect_from_mapping",
    "is_dataarray_like",
    "is_dataset_like",
    "merge_coordinates_without_align",
    "merge_core",
]


class MergeError(ValueError):
    """Variables that share a name could not be merged (their values, dims or indexes conflict)."""


def is_dataset_like(obj: Any) -> bool:
    """True for labarray Dataset objects (recognised without importing the façade)."""
    return hasattr(obj, "_variables") and hasattr(obj, "_coord_names")


def is_dataarray_like(obj: Any) -> bool:
    """True for labarray DataArray objects (recognised without importing the façade)."""
    return hasattr(obj, "_variable") and hasattr(obj, "_coords") and hasattr(obj, "_indexes")


Element = tuple[Variable, Index | None]


@dataclass
class MergeResult:
    """Variables, coordinate names, sizes, indexes and attrs of a merged object."""

    variables: dict[Hashable, Variable]
    coord_names: set[Hashable]
    dims: dict[Hashable, int]
    indexes: dict[Hashable, Index]
    attrs: dict[Hashable, Any] = field(default_factory=dict)


def _index_from_pandas(name: Hashable, value: pd.Index) -> tuple[dict[Hashable, Index], dict[Hashable, Variable]]:
    """Build the index (and its coordinate variables) for a pandas index given as a coordinate."""
    index: Index
    if isinstance(value, pd.MultiIndex):
        index = PandasMultiIndex(value, name)
    else:
        index = PandasIndex(value, name)
    variables = index.create_variables()
    return dict.fromkeys(variables, index), variables


def collect_from_mapping(
    mapping: Mapping[Hashable, Any], *, is_coords: bool, create_default_indexes: bool = True
) -> tuple[dict[Hashable, list[Element]], set[Hashable]]:
    """Turn a user mapping (``data_vars`` or ``coords``) into Variables with their indexes.

    DataArray values contribute their own coordinates and indexes. A name equal to the only
    dimension of its 1-D variable gets a default ``PandasIndex``; a ``pd.MultiIndex`` value
    gets a ``PandasMultiIndex`` with one coordinate per level.

    Returns the collected elements (name -> list of (Variable, Index or None)) and the names that
    are coordinates.
    """
    grouped: dict[Hashable, list[Element]] = {}
    coord_names: set[Hashable] = set()

    def add(name: Hashable, variable: Variable, index: Index | None) -> None:
        grouped.setdefault(name, []).append((variable, index))

    for name, value in mapping.items():
        if is_dataset_like(value):
            raise TypeError(
                f"cannot use a Dataset as the value of variable {name!r}; "
                "use Dataset.merge or pass its data variables one by one"
            )
        if is_dataarray_like(value):
            coords = value._coords
            indexes = value._indexes
            for coord_name, coord_var in coords.items():
                if coord_name == name:
                    continue
                add(coord_name, coord_var, indexes.get(coord_name))
                coord_names.add(coord_name)
            variable = value.variable
            if name in indexes:
                add(name, variable, indexes[name])
                continue
            value = variable
        if isinstance(value, pd.Index) and is_coords:
            idx_map, idx_vars = _index_from_pandas(name, value)
            for var_name, var in idx_vars.items():
                add(var_name, var, idx_map[var_name])
                coord_names.add(var_name)
            continue
        try:
            variable = as_variable(value, name=name)
        except (TypeError, ValueError) as err:
            kind = "coordinate" if is_coords else "data variable"
            raise type(err)(f"could not convert {kind} {name!r}: {err}") from err
        if create_default_indexes and variable.dims == (name,):
            idx_map, idx_vars = create_default_index_implicit(variable)
            for var_name, var in idx_vars.items():
                add(var_name, var, idx_map.get(var_name))
                coord_names.add(var_name)
        else:
            add(name, variable, None)
        if is_coords:
            coord_names.add(name)
    return grouped, coord_names


def _plain(value: Any) -> Any:
    """A NumPy scalar as the Python value it holds (for readable messages)."""
    return value.item() if isinstance(value, np.generic) and value.dtype.kind not in "mM" else value


def _first_difference(a: Variable, b: Variable) -> str:
    """Describe where two variables differ, for merge conflict messages."""
    if a.dims != b.dims:
        return f"dimensions differ: {a.dims} vs {b.dims}"
    if a.shape != b.shape:
        return f"shapes differ: {a.shape} vs {b.shape}"
    try:
        av, bv = np.asarray(a.values), np.asarray(b.values)
        with np.errstate(invalid="ignore"):
            same = (av == bv) | (pd.isnull(av) & pd.isnull(bv))
        bad = np.argwhere(~np.asarray(same, dtype=bool))
        if len(bad):
            pos = tuple(int(i) for i in bad[0])
            where = ", ".join(f"{d}={i}" for d, i in zip(a.dims, pos, strict=True))
            return f"first difference at ({where}): {_plain(av[pos])!r} vs {_plain(bv[pos])!r}"
    except Exception:  # the description is best effort; the conflict itself is already known
        pass
    return "values differ"


def _merge_elements(
    name: Hashable, elements: list[Element], compat: str
) -> Element:
    """Reduce the candidates for one name to a single (Variable, Index) according to ``compat``."""
    indexed = [(v, i) for v, i in elements if i is not None]
    if indexed:
        variable, index = indexed[0]
        for _, other_index in indexed[1:]:
            if not index.equals(other_index):
                raise MergeError(
                    f"conflicting indexes for coordinate {name!r}:\n  first: {index!r}\n  "
                    f"second: {other_index!r}\nalign the objects first (labarray.align) or drop "
                    "one of the coordinates"
                )
        return variable, index
    variable = elements[0][0]
    if compat == "override":
        return variable, None
    for other, _ in elements[1:]:
        if compat == "broadcast_equals":
            same = variable.broadcast_equals(other)
        elif compat == "identical":
            same = variable.identical(other)
        elif compat == "no_conflicts":
            same = variable.no_conflicts(other)
        else:
            same = variable.equals(other)
        if not same:
            raise MergeError(
                f"conflicting values for variable {name!r} on objects to be combined "
                f"(compat={compat!r}): {_first_difference(variable, other)}; drop one of them, "
                "rename one, or use compat='override' to keep the first"
            )
        if compat == "broadcast_equals" and other.ndim > variable.ndim:
            variable = other
        if compat == "no_conflicts":
            variable = variable.fillna(other)
    return variable, None


def merge_collected(
    grouped: Mapping[Hashable, list[Element]],
    compat: str = "broadcast_equals",
    prioritized: Mapping[Hashable, Element] | None = None,
) -> tuple[dict[Hashable, Variable], dict[Hashable, Index]]:
    """Merge the candidates collected per name; ``prioritized`` entries win without checks."""
    prioritized = prioritized or {}
    variables: dict[Hashable, Variable] = {}
    indexes: dict[Hashable, Index] = {}
    for name, elements in grouped.items():
        if name in prioritized:
            variable, index = prioritized[name]
        else:
            variable, index = _merge_elements(name, elements, compat)
        variables[name] = variable
        if index is not None:
            indexes[name] = index
    for name, (variable, index) in prioritized.items():
        if name not in variables:
            variables[name] = variable
            if index is not None:
                indexes[name] = index
    return variables, indexes


def _group_sources(sources: Iterable[tuple[Any, bool]]) -> tuple[dict[Hashable, list[Element]], set[Hashable]]:
    """Collect elements from several sources: Datasets, DataArrays' coords or plain mappings."""
    grouped: dict[Hashable, list[Element]] = {}
    coord_names: set[Hashable] = set()
    for source, is_coords in sources:
        if is_dataset_like(source):
            for name, variable in source._variables.items():
                grouped.setdefault(name, []).append((variable, source._indexes.get(name)))
            coord_names |= source._coord_names
            continue
        part, names = collect_from_mapping(source, is_coords=is_coords)
        for name, elements in part.items():
            grouped.setdefault(name, []).extend(elements)
        coord_names |= names
    return grouped, coord_names


def merge_core(
    sources: Iterable[tuple[Any, bool]],
    *,
    compat: str = "broadcast_equals",
    priority: Mapping[Hashable, Element] | None = None,
    where: str = "",
) -> MergeResult:
    """Merge sources (each a ``(mapping_or_dataset, is_coords)`` pair) into one result.

    Alignment is the caller's business: pass already-aligned sources (``deep_align``). Sizes of
    dimensions must agree; the error names the variables that disagree.
    """
    grouped, coord_names = _group_sources(sources)
    variables, indexes = merge_collected(grouped, compat, priority)
    try:
        dims = calculate_dimensions(variables)
    except ValueError as err:
        raise ValueError(f"{err}{' in ' + where if where else ''}") from err
    # a name that is both a coordinate and an index stays a coordinate
    coord_names |= set(indexes)
    return MergeResult(variables, coord_names & set(variables), dims, indexes)


def merge_coordinates_without_align(
    coords_list: Iterable[tuple[Mapping[Hashable, Variable], Mapping[Hashable, Index]]],
    exclude_dims: frozenset[Hashable] = frozenset(),
) -> tuple[dict[Hashable, Variable], dict[Hashable, Index]]:
    """Merge the coordinates of already aligned operands (arithmetic results).

    Indexed coordinates are taken from the first operand that has them; non-index coordinates
    that conflict between operands are dropped (as an experienced user expects from ``a - b``
    where a scalar coordinate differs), never raised on.
    """
    variables: dict[Hashable, Variable] = {}
    indexes: dict[Hashable, Index] = {}
    dropped: set[Hashable] = set()
    for coords, idx in coords_list:
        for name, variable in coords.items():
            if exclude_dims and set(variable.dims) & exclude_dims:
                continue
            if name in dropped:
                continue
            if name not in variables:
                variables[name] = variable
                if name in idx:
                    indexes[name] = idx[name]
                continue
            if name in indexes:
                continue
            if name in idx:
                variables[name] = variable
                indexes[name] = idx[name]
                continue
            if not variables[name].broadcast_equals(variable):
                del variables[name]
                dropped.add(name)
    return variables, indexes
