"""Collecting variables and indexes from several sources into one consistent set.

The constructors of ``Dataset`` and ``DataArray``, ``assign``/``assign_coords``/``update`` and the
coordinates of arithmetic results all go through :func:`merge_core`. It works on plain dicts of
Variables and Index objects; objects of the façade are recognised by duck typing
(``_variables``/``_coord_names`` for a Dataset, ``variable``/``_coords``/``_indexes`` for a DataArray),
so this module never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
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
from labarray.kernels.take import NA
from labarray.structure.align import align, deep_align
from labarray.structure.aligner import _check_join
from labarray.utils.attrs import attrs_equal
from labarray.utils.frozen import is_dict_like
from labarray.utils.suggest import did_you_mean
from labarray.variable import Variable, as_variable, broadcast_variables, calculate_dimensions

__all__ = [
    "COMBINE_ATTRS_OPTIONS",
    "COMPAT_OPTIONS",
    "MergeError",
    "MergeResult",
    "check_combine_attrs",
    "check_compat",
    "collect_from_mapping",
    "combine_attrs_dicts",
    "combine_first",
    "dataset_merge",
    "merge",
    "merge_objects",
    "merge_sourced",
    "register_dataset_type",
    "is_dataarray_like",
    "is_dataset_like",
    "merge_coordinates_without_align",
    "merge_core",
]


class MergeError(ValueError):
    """Variables that share a name could not be merged (their values, dims or indexes conflict)."""


def is_dataset_like(obj: Any) -> bool:
    """True for labarray Dataset objects (recognised without importing the façade)."""
    return _has_attributes(obj, "_variables", "_coord_names")


def _has_attributes(obj: Any, *names: str) -> bool:
    # plain attribute lookups: a Dataset's __getattr__ (variables, attrs, suggestions for
    # misspelt names) is not involved
    try:
        for name in names:
            object.__getattribute__(obj, name)
    except AttributeError:
        return False
    return True


def is_dataarray_like(obj: Any) -> bool:
    """True for labarray DataArray objects (recognised without importing the façade)."""
    return _has_attributes(obj, "_variable", "_coords", "_indexes")


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


def _first_difference(a: Variable, b: Variable, ignore_missing: bool = False) -> str:
    """Describe where two variables differ, for merge conflict messages.

    With ``ignore_missing``, positions where either value is missing do not count.
    """
    if a.dims != b.dims:
        return f"dimensions differ: {a.dims} vs {b.dims}"
    if a.shape != b.shape:
        return f"shapes differ: {a.shape} vs {b.shape}"
    try:
        av, bv = np.asarray(a.values), np.asarray(b.values)
        with np.errstate(invalid="ignore"):
            same = (av == bv) | (pd.isnull(av) & pd.isnull(bv))
            if ignore_missing:
                same = same | pd.isnull(av) | pd.isnull(bv)
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


# -- the public merge ------------------------------------------------------------------------

COMPAT_OPTIONS = ("identical", "equals", "broadcast_equals", "no_conflicts", "override", "minimal")
COMBINE_ATTRS_OPTIONS = ("drop", "identical", "no_conflicts", "drop_conflicts", "override")

CombineAttrs = str | Callable[..., Any]
SourcedElement = tuple[Variable, Index | None, int]

_DATASET_TYPE: list[type] = []


def register_dataset_type(cls: type) -> None:
    """Record the Dataset class that results built only from dicts get (done by ``labarray``)."""
    _DATASET_TYPE[:] = [cls]


def _dataset_type(objects: Iterable[Any]) -> Any:
    for obj in objects:
        if is_dataset_like(obj):
            return type(obj)
    if not _DATASET_TYPE:
        raise RuntimeError("no Dataset type registered; import labarray first")
    return _DATASET_TYPE[0]


def check_compat(compat: Any, func: str, allowed: Sequence[str] = COMPAT_OPTIONS) -> None:
    """Raise a ``ValueError`` naming the choices when ``compat`` is not one of ``allowed``."""
    if not isinstance(compat, str) or compat not in allowed:
        hint = did_you_mean(compat, allowed) if isinstance(compat, str) else ""
        raise ValueError(
            f"invalid compat={compat!r} for {func}; expected one of "
            f"{', '.join(map(repr, allowed))}" + (f"; {hint}" if hint else "")
        )


def check_combine_attrs(combine_attrs: Any) -> None:
    """Raise a ``ValueError`` unless ``combine_attrs`` is a known rule or a callable."""
    if callable(combine_attrs):
        return
    if not isinstance(combine_attrs, str) or combine_attrs not in COMBINE_ATTRS_OPTIONS:
        hint = did_you_mean(combine_attrs, COMBINE_ATTRS_OPTIONS) if isinstance(combine_attrs, str) else ""
        raise ValueError(
            f"invalid combine_attrs={combine_attrs!r}; expected a callable or one of "
            f"{', '.join(map(repr, COMBINE_ATTRS_OPTIONS))}" + (f"; {hint}" if hint else "")
        )


def combine_attrs_dicts(
    attrs_list: Sequence[Mapping[Any, Any] | None],
    combine_attrs: CombineAttrs,
    *,
    context: Any = None,
    what: str = "attributes",
    sources: Sequence[str] | None = None,
) -> dict[Any, Any]:
    """Combine several ``attrs`` dicts with one of the ``combine_attrs`` rules.

    Parameters
    ----------
    attrs_list : sequence of dict
        The attrs to combine, in order.
    combine_attrs : {"drop", "identical", "no_conflicts", "drop_conflicts", "override"} or callable
        "override" keeps the first dict, "drop" none, "identical" requires them all equal,
        "no_conflicts" merges and raises on a key whose values differ, "drop_conflicts" merges
        and leaves such keys out. A callable gets ``(list_of_dicts, context=context)``.
    what, sources : str
        Used in error messages ("attributes of variable 'a'", "argument 1").

    Examples
    --------
    >>> combine_attrs_dicts([{"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}], "drop_conflicts")
    {'a': 1, 'c': 4}
    """
    dicts = [dict(a or {}) for a in attrs_list]
    if not dicts:
        return {}
    if callable(combine_attrs):
        return dict(combine_attrs(dicts, context=context) or {})
    if sources is None:
        sources = [f"object {i}" for i in range(len(dicts))]
    if combine_attrs == "drop":
        return {}
    if combine_attrs == "override":
        return dicts[0]
    if combine_attrs == "identical":
        for source, attrs in zip(sources[1:], dicts[1:], strict=True):
            if not attrs_equal(dicts[0], attrs):
                raise MergeError(
                    f"combine_attrs='identical' but the {what} differ: {dicts[0]!r} on "
                    f"{sources[0]} and {attrs!r} on {source}"
                )
        return dicts[0]
    if combine_attrs == "no_conflicts":
        result = dict(dicts[0])
        origin = dict.fromkeys(result, sources[0])
        for source, attrs in zip(sources[1:], dicts[1:], strict=True):
            for key, value in attrs.items():
                if key in result and not attrs_equal({key: result[key]}, {key: value}):
                    raise MergeError(
                        f"combine_attrs='no_conflicts' but the {what} conflict: {key!r} is "
                        f"{result[key]!r} on {origin[key]} and {value!r} on {source}; use "
                        "combine_attrs='drop_conflicts' or 'override'"
                    )
                if key not in result:
                    result[key] = value
                    origin[key] = source
        return result
    if combine_attrs == "drop_conflicts":
        result = {}
        dropped: set[Any] = set()
        for attrs in dicts:
            for key, value in attrs.items():
                if key in dropped:
                    continue
                if key not in result:
                    result[key] = value
                elif not attrs_equal({key: result[key]}, {key: value}):
                    del result[key]
                    dropped.add(key)
        return result
    check_combine_attrs(combine_attrs)
    raise AssertionError("unreachable")


def _conflict_detail(a: Variable, b: Variable, compat: str) -> str:
    """Where ``a`` and ``b`` differ (after broadcasting; missing values ignored for no_conflicts)."""
    if compat == "identical" and a.equals(b):
        return f"attributes differ: {a.attrs!r} vs {b.attrs!r}"
    if a.dims != b.dims and compat in ("broadcast_equals", "no_conflicts", "minimal"):
        try:
            a, b = broadcast_variables(a, b)
        except ValueError as err:
            return f"they cannot be broadcast against each other ({err})"
    return _first_difference(a, b, ignore_missing=compat == "no_conflicts")


def _compare(a: Variable, b: Variable, compat: str) -> bool:
    if compat in ("broadcast_equals", "minimal"):
        return a.broadcast_equals(b)
    if compat == "identical":
        return a.identical(b)
    if compat == "no_conflicts":
        return a.no_conflicts(b)
    return a.equals(b)


def _unique_variable(
    name: Hashable, elements: Sequence[SourcedElement], compat: str, label: str
) -> Variable:
    """One variable for ``name`` from candidates without an index, checked with ``compat``."""
    out, _, first_source = elements[0]
    if compat == "override" or len(elements) == 1:
        return out
    if compat in ("broadcast_equals", "minimal"):
        try:
            sizes = calculate_dimensions([v for v, _, _ in elements])
        except ValueError as err:
            raise MergeError(f"cannot merge variable {name!r}: {err}") from err
        dims = tuple(dict.fromkeys(d for v, _, _ in elements for d in v.dims))
        if out.dims != dims:
            out = out.set_dims({d: sizes[d] for d in dims})
    for var, _, source in elements[1:]:
        if not _compare(out, var, compat):
            raise MergeError(
                f"conflicting values for variable {name!r} on objects to be combined "
                f"(compat={compat!r}): {label} {first_source} and {label} {source} differ; "
                f"{_conflict_detail(out, var, compat)}. Drop or rename one of them, or use "
                "compat='override' to keep the first"
            )
        if compat == "no_conflicts":
            out = out.fillna(var)
    return out


def merge_sourced(
    grouped: Mapping[Hashable, Sequence[SourcedElement]],
    compat: str,
    combine_attrs: CombineAttrs = "override",
    *,
    prioritized: Mapping[Hashable, Element] | None = None,
    label: str = "argument",
) -> tuple[dict[Hashable, Variable], dict[Hashable, Index]]:
    """Merge candidates collected per name, each tagged with the position of its source.

    Indexed candidates must have equal indexes (alignment makes them so); others are compared
    with ``compat`` ("minimal" drops names whose candidates conflict). The attrs of each merged
    variable are combined with ``combine_attrs``; ``prioritized`` entries win unchecked.
    """
    prioritized = prioritized or {}
    variables: dict[Hashable, Variable] = {}
    indexes: dict[Hashable, Index] = {}
    for name, elements in grouped.items():
        if name in prioritized:
            variable, index = prioritized[name]
            variables[name] = variable
            if index is not None:
                indexes[name] = index
            continue
        indexed = [(v, i, s) for v, i, s in elements if i is not None]
        if indexed:
            variable, first_index, first_source = indexed[0]
            for other, other_index, source in indexed[1:]:
                if not first_index.equals(other_index):
                    raise MergeError(
                        f"conflicting indexes for coordinate {name!r} on {label} {first_source} "
                        f"and {label} {source}: {_first_difference(variable, other)}; align "
                        "the objects first or pass a join other than 'override'"
                    )
                if compat == "identical" and not attrs_equal(variable.attrs, other.attrs):
                    raise MergeError(
                        f"conflicting attributes for coordinate {name!r} (compat='identical'): "
                        f"{variable.attrs!r} on {label} {first_source} and {other.attrs!r} on "
                        f"{label} {source}"
                    )
            used: list[SourcedElement] = list(indexed)
            indexes[name] = first_index
        else:
            try:
                variable = _unique_variable(name, elements, compat, label)
            except MergeError:
                if compat == "minimal":
                    continue
                raise
            used = list(elements)
        attrs = combine_attrs_dicts(
            [v._attrs for v, _, _ in used],
            combine_attrs,
            what=f"attributes of variable {name!r}",
            sources=[f"{label} {s}" for _, _, s in used],
        )
        variables[name] = variable._replace(attrs=attrs)
    for name, (variable, index) in prioritized.items():
        if name not in variables:
            variables[name] = variable
            if index is not None:
                indexes[name] = index
    return variables, indexes


def _collect_sourced(
    objects: Sequence[Any], first_position: int = 0
) -> tuple[dict[Hashable, list[SourcedElement]], set[Hashable], dict[Hashable, int], dict[Hashable, int]]:
    """Candidates per name from aligned Datasets and dicts, with where each name is a coordinate
    (``coords``) or a data variable (``data``) first."""
    grouped: dict[Hashable, list[SourcedElement]] = {}
    coord_names: set[Hashable] = set()
    coords_at: dict[Hashable, int] = {}
    data_at: dict[Hashable, int] = {}
    for position, obj in enumerate(objects, start=first_position):
        if is_dataset_like(obj):
            for name, var in obj._variables.items():
                grouped.setdefault(name, []).append((var, obj._indexes.get(name), position))
                target = coords_at if name in obj._coord_names else data_at
                target.setdefault(name, position)
            coord_names |= obj._coord_names
            continue
        part, names = collect_from_mapping(obj, is_coords=False)
        for name, elements in part.items():
            grouped.setdefault(name, []).extend((v, i, position) for v, i in elements)
        for name in names:
            coords_at.setdefault(name, position)
        coord_names |= names
    return grouped, coord_names, coords_at, data_at


def _as_mergeable(obj: Any, position: int) -> Any:
    """A Dataset or dict for each input of ``merge`` (DataArrays become one-variable Datasets)."""
    if is_dataset_like(obj):
        return obj
    if is_dataarray_like(obj):
        if obj.name is None:
            raise ValueError(
                f"cannot merge the unnamed DataArray given as argument {position}; name it "
                "with da.rename('name') or convert it with da.to_dataset(name='name')"
            )
        return obj.to_dataset(promote_attrs=True)
    if hasattr(obj, "xindexes") and hasattr(obj, "to_dataset"):  # Coordinates
        return obj.to_dataset()
    if is_dict_like(obj):
        return dict(obj)
    raise TypeError(
        f"merge argument {position} is a {type(obj).__name__}; expected a Dataset, a named "
        "DataArray, Coordinates or a dict of variables"
    )


def merge_objects(
    objects: Sequence[Any],
    compat: str = "no_conflicts",
    join: str = "outer",
    fill_value: Any = NA,
    combine_attrs: CombineAttrs = "override",
    priority_arg: int | None = None,
) -> MergeResult:
    """Align Datasets/dicts, merge their variables and indexes, and combine their attrs.

    Parameters as in :func:`merge`; ``objects`` are Datasets or dicts already (see
    ``_as_mergeable``). ``priority_arg`` is the position of an object whose variables win
    without checks (``Dataset.merge(overwrite_vars=...)``).
    """
    check_compat(compat, "merge")
    _check_join(join)
    check_combine_attrs(combine_attrs)
    aligned = deep_align(list(objects), join=join, copy=False, fill_value=fill_value)
    grouped, coord_names, coords_at, data_at = _collect_sourced(aligned)
    prioritized: dict[Hashable, Element] = {}
    if priority_arg is not None:
        part, _, _, _ = _collect_sourced([aligned[priority_arg]], priority_arg)
        vars_, idx_ = merge_sourced(part, compat, "override")
        prioritized = {k: (v, idx_.get(k)) for k, v in vars_.items()}
    variables, indexes = merge_sourced(grouped, compat, combine_attrs, prioritized=prioritized)
    try:
        dims = calculate_dimensions(variables)
    except ValueError as err:
        raise MergeError(f"cannot merge: {err}") from err
    coord_names = (coord_names | {d for d in dims if d in variables} | set(indexes)) & set(variables)
    ambiguous = sorted((set(coords_at) & set(data_at)) & set(variables), key=str)
    if ambiguous:
        name = ambiguous[0]
        raise MergeError(
            f"cannot tell whether {name!r} should be a coordinate or a data variable: it is a "
            f"coordinate on argument {coords_at[name]} and a data variable on argument "
            f"{data_at[name]}; use set_coords or reset_coords to make them agree"
        )
    attrs = combine_attrs_dicts(
        [obj._attrs for obj in aligned if is_dataset_like(obj)],
        combine_attrs,
        what="global attributes",
        sources=[f"argument {i}" for i, obj in enumerate(aligned) if is_dataset_like(obj)],
    )
    return MergeResult(variables, coord_names, dims, indexes, attrs)


def merge(
    objects: Iterable[Any],
    compat: str = "no_conflicts",
    join: str = "outer",
    fill_value: Any = NA,
    combine_attrs: CombineAttrs = "override",
) -> Any:
    """Merge Datasets, named DataArrays, Coordinates and dicts of variables into one Dataset.

    Parameters
    ----------
    objects : iterable of Dataset, DataArray, Coordinates or dict
        The objects to merge; DataArrays must be named (their attrs become global attrs).
    compat : {"identical", "equals", "broadcast_equals", "no_conflicts", "override", "minimal"}, default: "no_conflicts"
        How variables of the same name are compared: "identical" (values and attrs), "equals"
        (values), "broadcast_equals" (values after broadcasting), "no_conflicts" (values where
        neither is missing; the result fills the gaps of one with the other), "override" (take
        the first without comparing), "minimal" (drop the variables that conflict).
    join : {"outer", "inner", "left", "right", "exact", "override"}, default: "outer"
        How indexes are aligned before merging (see :func:`labarray.align`).
    fill_value : scalar or dict, optional
        Value for labels added by the alignment (NaN by default), or ``{name: value}``.
    combine_attrs : {"drop", "identical", "no_conflicts", "drop_conflicts", "override"} or callable, default: "override"
        How the attrs of the objects (and of the merged variables) are combined; a callable
        gets ``(list_of_attrs, context=None)``.

    Returns
    -------
    Dataset

    Raises
    ------
    MergeError
        Variables that conflict under ``compat``: the message names the variable, the two
        arguments and the first position where they differ.

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray([1.0, 2.0], dims="x", coords={"x": [0, 1]}, name="a")
    >>> b = la.DataArray([3.0, 4.0], dims="x", coords={"x": [1, 2]}, name="b")
    >>> ds = la.merge([a, b])
    >>> ds.x.values.tolist(), ds.a.values.tolist()
    ([0, 1, 2], [1.0, 2.0, nan])
    >>> la.merge([a, a.rename("b")], join="inner").b.values.tolist()
    [1.0, 2.0]
    """
    if isinstance(objects, Mapping) or is_dataset_like(objects) or is_dataarray_like(objects):
        raise TypeError(
            f"merge takes an iterable of objects (e.g. a list), got a {type(objects).__name__}; "
            "wrap it in a list"
        )
    items = [_as_mergeable(obj, i) for i, obj in enumerate(objects)]
    result = merge_objects(items, compat, join, fill_value, combine_attrs)
    return _dataset_type(items)._construct_direct(
        result.variables, result.coord_names, result.dims, result.attrs or None, result.indexes
    )


def dataset_merge(
    dataset: Any,
    other: Any,
    overwrite_vars: Hashable | Iterable[Hashable] = frozenset(),
    compat: str = "no_conflicts",
    join: str = "outer",
    fill_value: Any = NA,
    combine_attrs: CombineAttrs = "override",
) -> MergeResult:
    """The merge behind ``Dataset.merge``: ``overwrite_vars`` of ``other`` win unchecked."""
    if isinstance(overwrite_vars, str) or not isinstance(overwrite_vars, Iterable):
        overwrite = {overwrite_vars}
    else:
        overwrite = set(overwrite_vars)
    if is_dataarray_like(other):
        other = _as_mergeable(other, 1)
    elif not is_dataset_like(other) and not is_dict_like(other):
        raise TypeError(
            f"Dataset.merge needs a Dataset, a named DataArray or a dict, got {type(other).__name__}"
        )
    if not overwrite:
        return merge_objects([dataset, other], compat, join, fill_value, combine_attrs)
    keys = set(other.data_vars if is_dataset_like(other) else other)
    if overwrite == keys:
        return merge_objects([dataset, other], compat, join, fill_value, combine_attrs, priority_arg=1)
    unknown = sorted(overwrite - keys, key=str)
    if unknown:
        raise ValueError(
            f"overwrite_vars names {', '.join(map(repr, unknown))}, which are not variables of "
            f"the other object; it has {', '.join(map(repr, sorted(keys, key=str)))}"
        )
    items = other.data_vars.items() if is_dataset_like(other) else other.items()
    keep = {k: v for k, v in items if k not in overwrite}
    win = {k: v for k, v in items if k in overwrite}
    return merge_objects([dataset, keep, win], compat, join, fill_value, combine_attrs, priority_arg=2)


def combine_first(obj: Any, other: Any) -> Any:
    """Fill the missing values of ``obj`` with those of ``other`` after an outer alignment.

    Works for two DataArrays or two Datasets (data variables found in only one are kept); the
    result has the union of the labels, the attrs of ``obj`` and the coordinates of both
    (non-index coordinates that conflict are dropped).

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray([1.0, float("nan")], dims="x", coords={"x": [0, 1]})
    >>> b = la.DataArray([5.0, 6.0, 7.0], dims="x", coords={"x": [0, 1, 2]})
    >>> combine_first(a, b).values.tolist()
    [1.0, 6.0, 7.0]
    """
    if is_dataarray_like(obj) != is_dataarray_like(other) or is_dataset_like(obj) != is_dataset_like(other):
        raise TypeError(
            f"combine_first needs two objects of the same kind, got {type(obj).__name__} and "
            f"{type(other).__name__}"
        )
    a, b = align(obj, other, join="outer", copy=False)
    if is_dataarray_like(a):
        var = a.variable.fillna(b.variable)
        coords, indexes = merge_coordinates_without_align(
            [(a._coords, a._indexes), (b._coords, b._indexes)]
        )
        coords = {k: v for k, v in coords.items() if set(v.dims) <= set(var.dims)}
        indexes = {k: v for k, v in indexes.items() if k in coords}
        return a._replace(var._replace(attrs=a.variable._attrs), coords, indexes=indexes)
    a_data = [k for k in a._variables if k not in a._coord_names]
    b_data = [k for k in b._variables if k not in b._coord_names]
    coords, indexes = merge_coordinates_without_align(
        [
            ({k: a._variables[k] for k in a._coord_names}, a._indexes),
            ({k: b._variables[k] for k in b._coord_names}, b._indexes),
        ]
    )
    variables = dict(coords)
    for name in dict.fromkeys(a_data + b_data):
        first = a._variables.get(name)
        second = b._variables.get(name)
        if first is None or second is None:
            # the other side counts as all-missing: numbers are promoted as a fill would do
            only = first if second is None else second
            var = only.fillna(np.nan) if only.dtype.kind in "iufcb" else only
            var = var._replace(attrs=only._attrs)
        else:
            var = first.fillna(second)._replace(attrs=first._attrs)
        variables[name] = var
    order = [k for k in a._variables if k in variables]
    order += [k for k in variables if k not in order]
    variables = {k: variables[k] for k in order}
    return a._replace(
        variables, set(coords), calculate_dimensions(variables), indexes=indexes
    )
