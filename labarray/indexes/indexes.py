"""The ``Indexes`` container (coordinate name -> Index) and helpers used by the façade.

A multi-coordinate index (e.g. ``PandasMultiIndex``) appears once per coordinate it owns; the
helpers here work per *unique* index so that it is processed once.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pandas as pd

from labarray.indexes.base import Index, get_pandas_index
from labarray.indexes.multi_index import PandasMultiIndex
from labarray.indexes.pandas_index import PandasIndex
from labarray.utils.frozen import Frozen
from labarray.utils.suggest import format_names, missing_names_message

if TYPE_CHECKING:
    from labarray.variable import Variable

__all__ = [
    "Indexes",
    "assert_no_index_corrupted",
    "create_default_index_implicit",
    "default_indexes",
    "filter_indexes_from_coords",
    "indexes_all_equal",
    "indexes_equal",
    "isel_indexes",
    "roll_indexes",
]

T = TypeVar("T", Index, pd.Index)


class Indexes(Mapping[Any, T], Generic[T]):
    """Immutable mapping of coordinate name -> index, with the coordinate variables alongside.

    Parameters
    ----------
    indexes
        ``{coord_name: index}``; an index owning several coordinates appears once per coordinate.
    variables
        ``{coord_name: Variable}`` for (at least) every key of ``indexes``.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> idx = PandasIndex([1, 2], "x")
    >>> Indexes({"x": idx}, idx.create_variables()).dims
    Frozen({'x': 2})
    """

    __slots__ = (
        "_coord_name_id_cache",
        "_dims",
        "_id_coord_names_cache",
        "_id_index_cache",
        "_indexes",
        "_variables",
    )

    def __init__(
        self,
        indexes: Mapping[Any, T] | None = None,
        variables: Mapping[Any, Variable] | None = None,
    ):
        # a read-only view: the mappings are not copied (the façade builds one per access)
        indexes = {} if indexes is None else indexes
        variables = {} if variables is None else variables
        missing = [k for k in indexes if k not in variables]
        if missing:
            raise ValueError(
                f"Indexes needs a variable for every indexed coordinate; missing: "
                f"{format_names(missing)}"
            )
        self._indexes: Mapping[Any, T] = indexes
        self._variables: Mapping[Any, Variable] = variables
        self._dims: Mapping[Hashable, int] | None = None
        self._coord_name_id_cache: dict[Any, int] | None = None
        self._id_index_cache: dict[int, T] | None = None
        self._id_coord_names_cache: dict[int, tuple[Hashable, ...]] | None = None

    # -- mapping -------------------------------------------------------------------------

    def __getitem__(self, key: Hashable) -> T:
        try:
            return self._indexes[key]
        except KeyError:
            raise KeyError(
                missing_names_message("indexed coordinate", [key], self._indexes)
            ) from None

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._indexes)

    def __len__(self) -> int:
        return len(self._indexes)

    def __contains__(self, key: object) -> bool:
        return key in self._indexes

    # -- views -----------------------------------------------------------------------------

    @property
    def variables(self) -> Mapping[Hashable, Variable]:
        """The coordinate variables, keyed like the indexes."""
        return Frozen(self._variables)

    @property
    def dims(self) -> Mapping[Hashable, int]:
        """Sizes of the dimensions the indexed coordinates are on."""
        if self._dims is None:
            dims: dict[Hashable, int] = {}
            for name in self._indexes:
                var = self._variables[name]
                dims.update(zip(var.dims, var.shape, strict=True))
            self._dims = dims
        return Frozen(self._dims)

    def _build_groups(self) -> None:
        coord_name_id: dict[Any, int] = {}
        id_index: dict[int, T] = {}
        id_coord_names: dict[int, list[Hashable]] = {}
        for name, index in self._indexes.items():
            key = id(index)
            coord_name_id[name] = key
            id_index[key] = index
            id_coord_names.setdefault(key, []).append(name)
        self._coord_name_id_cache = coord_name_id
        self._id_index_cache = id_index
        self._id_coord_names_cache = {k: tuple(v) for k, v in id_coord_names.items()}

    @property
    def _coord_name_id(self) -> dict[Any, int]:
        if self._coord_name_id_cache is None:
            self._build_groups()
        return self._coord_name_id_cache  # type: ignore[return-value]

    @property
    def _id_index(self) -> dict[int, T]:
        if self._id_index_cache is None:
            self._build_groups()
        return self._id_index_cache  # type: ignore[return-value]

    @property
    def _id_coord_names(self) -> dict[int, tuple[Hashable, ...]]:
        if self._id_coord_names_cache is None:
            self._build_groups()
        return self._id_coord_names_cache  # type: ignore[return-value]

    def get_unique(self) -> list[T]:
        """Each distinct index once, in order of first appearance."""
        return list(self._id_index.values())

    def is_multi(self, key: Hashable) -> bool:
        """True if the index of coordinate ``key`` owns several coordinates."""
        self[key]
        return len(self._id_coord_names[self._coord_name_id[key]]) > 1

    def get_all_coords(self, key: Hashable, errors: str = "raise") -> dict[Hashable, Variable]:
        """All coordinates (name -> Variable) owned by the index of coordinate ``key``.

        ``errors="ignore"`` returns ``{}`` for a coordinate without index.
        """
        if errors not in ("raise", "ignore"):
            raise ValueError(f"errors must be 'raise' or 'ignore', got {errors!r}")
        if key not in self._indexes:
            if errors == "raise":
                self[key]
            return {}
        names = self._id_coord_names[self._coord_name_id[key]]
        return {name: self._variables[name] for name in names}

    def get_all_dims(self, key: Hashable, errors: str = "raise") -> dict[Hashable, int]:
        """Dimensions (name -> size) of all coordinates owned by the index of ``key``."""
        dims: dict[Hashable, int] = {}
        for var in self.get_all_coords(key, errors=errors).values():
            dims.update(zip(var.dims, var.shape, strict=True))
        return dims

    def group_by_index(self) -> list[tuple[T, dict[Hashable, Variable]]]:
        """``[(index, {coord_name: Variable, ...}), ...]`` once per distinct index."""
        return [
            (index, {name: self._variables[name] for name in self._id_coord_names[key]})
            for key, index in self._id_index.items()
        ]

    def to_pandas_indexes(self) -> Indexes[pd.Index]:
        """The same mapping with each index converted by ``to_pandas_index()``."""
        converted: dict[Hashable, pd.Index] = {}
        for name, index in self._indexes.items():
            converted[name] = index if isinstance(index, pd.Index) else index.to_pandas_index()
        return Indexes(converted, self._variables)

    def copy_indexes(
        self, deep: bool = True, memo: dict[int, Any] | None = None
    ) -> tuple[dict[Hashable, T], dict[Hashable, Variable]]:
        """Copies of the indexes (each distinct index once) and their new coordinate variables."""
        new_indexes: dict[Hashable, Any] = {}
        new_variables: dict[Hashable, Variable] = {}
        for index, variables in self.group_by_index():
            if isinstance(index, pd.Index):
                new_index: Any = index.copy(deep=deep)
                new_indexes.update(dict.fromkeys(variables, new_index))
                new_variables.update(variables)
                continue
            new_index = index._copy(deep=deep, memo=memo)
            index_vars = new_index.create_variables(variables)
            new_indexes.update(dict.fromkeys(index_vars, new_index))
            new_variables.update(index_vars)
        return new_indexes, new_variables

    def __repr__(self) -> str:
        if not self._indexes:
            return "Indexes:\n    *empty*"
        width = max(len(str(k)) for k in self._indexes)
        lines = ["Indexes:"]
        for name, index in self._indexes.items():
            lines.append(f"    {name!s:<{width}}  {index!r}")
        return "\n".join(lines)


# -- helpers -----------------------------------------------------------------------------------


def create_default_index_implicit(
    dim_variable: Variable,
    all_variables: Mapping[Any, Variable] | Hashable | None = None,
) -> tuple[dict[Hashable, Index], dict[Hashable, Variable]]:
    """Default index for a 1-D coordinate: a ``PandasIndex``, or ``PandasMultiIndex`` if it
    wraps a ``pd.MultiIndex`` (then one coordinate per level is created too).

    Parameters
    ----------
    dim_variable
        The 1-D coordinate variable.
    all_variables
        Either the other variables of the object (level coordinates may not clash with them),
        or the coordinate's name (default: its dimension).

    Returns
    -------
    indexes, variables
        ``{coord_name: index}`` and the coordinate variables created by the index.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> indexes, variables = create_default_index_implicit(Variable("x", [1, 2]))
    >>> list(indexes)
    ['x']
    """
    if dim_variable.ndim != 1:
        raise ValueError(
            f"a default index needs a 1-dimensional coordinate, got dimensions "
            f"{tuple(dim_variable.dims)}"
        )
    if isinstance(all_variables, Mapping) or all_variables is None:
        name = dim_variable.dims[0]
        others: Mapping[Any, Variable] = all_variables or {}
    else:
        name = all_variables
        others = {}
    inner = get_pandas_index(getattr(dim_variable, "_data", None))
    if isinstance(inner, pd.MultiIndex) and getattr(dim_variable._data, "level", None) is None:
        index: Index = PandasMultiIndex(inner, name)
        index_vars = index.create_variables({name: dim_variable})
        for level in index_vars:
            if level == name or level not in others:
                continue
            existing = others[level]
            if not (existing.dims == index_vars[level].dims and existing.equals(index_vars[level])):
                raise ValueError(
                    f"conflicting multi-index level name {level!r} with an existing variable "
                    f"of the same name; rename the level or drop the variable {level!r} first"
                )
    else:
        index = PandasIndex.from_variables({name: dim_variable})
        index_vars = index.create_variables({name: dim_variable})
    return dict.fromkeys(index_vars, index), index_vars


def default_indexes(
    coords: Mapping[Any, Variable], dims: Sequence[Hashable] | Mapping[Hashable, int]
) -> dict[Hashable, Index]:
    """Default indexes for the dimension coordinates (1-D coordinates named after their dim).

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> list(default_indexes({"x": Variable("x", [1, 2]), "y": Variable("x", [3, 4])}, ["x"]))
    ['x']
    """
    dims_set = set(dims)
    indexes: dict[Hashable, Index] = {}
    coord_names = set(coords)
    for name, var in coords.items():
        if name in dims_set and var.ndim == 1 and var.dims[0] == name:
            index_dict, index_vars = create_default_index_implicit(var, coords)
            if set(index_vars) <= coord_names:
                indexes.update(index_dict)
    return indexes


def _unique_index_groups(
    indexes: Mapping[Any, Index],
) -> list[tuple[Index, list[Hashable]]]:
    groups: dict[int, tuple[Index, list[Hashable]]] = {}
    for name, index in indexes.items():
        entry = groups.get(id(index))
        if entry is None:
            groups[id(index)] = (index, [name])
        else:
            entry[1].append(name)
    return list(groups.values())


def _index_dims(index: Index, names: list[Hashable], indexes: Mapping[Any, Index]) -> set:
    if isinstance(index, PandasIndex):
        return {index.dim}
    if isinstance(indexes, Indexes):
        return set(indexes.get_all_dims(names[0]))
    raise TypeError(
        f"cannot tell the dimensions of a {type(index).__name__} from a plain dict; pass an "
        "Indexes mapping (with the coordinate variables)"
    )


def _apply_to_indexes(
    indexes: Mapping[Any, Index],
    args: Mapping[Any, Any],
    method: str,
    variables: Mapping[Any, Variable] | None,
) -> tuple[dict[Hashable, Index], dict[Hashable, Variable]]:
    new_indexes: dict[Hashable, Index] = dict(indexes)
    new_variables: dict[Hashable, Variable] = {}
    if variables is None and isinstance(indexes, Indexes):
        variables = indexes.variables
    seen: set[int] = set()
    for name, index in indexes.items():
        if id(index) in seen:
            continue
        seen.add(id(index))
        if type(index) is PandasIndex:
            # the common case, kept lean (this runs on every isel): one coordinate, one dim
            if index.dim not in args:
                continue
            names = [name]
            index_args = {index.dim: args[index.dim]}
        else:
            names = [k for k, v in indexes.items() if v is index]
            dims = _index_dims(index, names, indexes)
            index_args = {k: v for k, v in args.items() if k in dims}
            if not index_args:
                continue
        new_index = getattr(index, method)(index_args)
        for n in names:
            del new_indexes[n]
        if new_index is None:
            continue
        old_vars = (
            {n: variables[n] for n in names if n in variables} if variables is not None else None
        )
        index_vars = new_index.create_variables(old_vars)
        for n, var in index_vars.items():
            new_indexes[n] = new_index
            new_variables[n] = var
    return new_indexes, new_variables


def isel_indexes(
    indexes: Mapping[Any, Index],
    indexers: Mapping[Any, Any],
    variables: Mapping[Any, Variable] | None = None,
) -> tuple[dict[Hashable, Index], dict[Hashable, Variable]]:
    """Apply a positional selection to the indexes.

    Returns every index (unchanged ones included; dropped ones removed) and the coordinate
    variables of the indexes that changed. Those keep the attributes and encoding of the current
    coordinate variables, taken from ``variables`` or, if ``indexes`` is an ``Indexes``, from
    ``indexes.variables`` (with a plain dict and no ``variables`` they start without attributes).

    Examples
    --------
    >>> new, new_vars = isel_indexes({"x": PandasIndex([1, 2, 3], "x")}, {"x": slice(1, None)})
    >>> new["x"].index.tolist()
    [2, 3]
    """
    return _apply_to_indexes(indexes, indexers, "isel", variables)


def roll_indexes(
    indexes: Mapping[Any, Index],
    shifts: Mapping[Any, int],
    variables: Mapping[Any, Variable] | None = None,
) -> tuple[dict[Hashable, Index], dict[Hashable, Variable]]:
    """Roll the indexes along the dimensions in ``shifts`` (indexes that cannot roll are dropped).

    ``variables`` plays the same role as in :func:`isel_indexes`.

    Examples
    --------
    >>> new, _ = roll_indexes({"x": PandasIndex([1, 2, 3], "x")}, {"x": 1})
    >>> new["x"].index.tolist()
    [3, 1, 2]
    """
    return _apply_to_indexes(indexes, shifts, "roll", variables)


def filter_indexes_from_coords(
    indexes: Mapping[Any, Index], filtered_coord_names: set[Hashable] | Sequence[Hashable]
) -> dict[Hashable, Index]:
    """Keep the indexes all of whose coordinates are among ``filtered_coord_names``.

    Examples
    --------
    >>> list(filter_indexes_from_coords({"x": PandasIndex([1], "x")}, {"y"}))
    []
    """
    keep = set(filtered_coord_names)
    result: dict[Hashable, Index] = {}
    for index, names in _unique_index_groups(indexes):
        if set(names) <= keep:
            result.update(dict.fromkeys(names, index))
    return result


def assert_no_index_corrupted(
    indexes: Mapping[Any, Index],
    coord_names: set[Hashable] | Sequence[Hashable],
    action: str = "remove coordinate(s)",
) -> None:
    """Raise if ``action`` on ``coord_names`` would take only part of a multi-coordinate index.

    Examples
    --------
    >>> assert_no_index_corrupted({"x": PandasIndex([1], "x")}, {"x"})
    """
    names_set = set(coord_names)
    for index, names in _unique_index_groups(indexes):
        common = [n for n in names if n in names_set]
        if common and len(common) != len(names):
            others = [n for n in names if n not in names_set]
            raise ValueError(
                f"cannot {action} {format_names(repr(n) for n in common)}, which would corrupt "
                f"the {type(index).__name__} built from coordinates "
                f"{format_names(repr(n) for n in names)}; {action} "
                f"{format_names(repr(n) for n in others)} as well, or drop/reset the whole index "
                "first (e.g. reset_index)"
            )


def indexes_equal(
    index: Index,
    other_index: Index,
    variable: Variable,
    other_variable: Variable,
    cache: dict[tuple[int, int], bool | None] | None = None,
) -> bool:
    """Whether two indexes are equal; falls back to comparing their variables.

    Indexes of different types, or whose class keeps the base (identity) ``equals``, are compared
    through ``variable.equals(other_variable)``.

    ``cache`` (keyed by the ids of the two indexes) avoids comparing a multi-index once per
    coordinate.
    """
    key = (id(index), id(other_index))
    equal: bool | None = None
    if cache is not None and key in cache:
        equal = cache[key]
    elif type(index) is type(other_index) and type(index).equals is not Index.equals:
        try:
            equal = bool(index.equals(other_index))
        except TypeError:
            equal = None
        if cache is not None:
            cache[key] = equal
    if equal is None:
        equal = bool(variable.equals(other_variable))
    return equal


def indexes_all_equal(elements: Sequence[tuple[Index, dict[Hashable, Variable]]]) -> bool:
    """Whether all ``(index, coord_variables)`` pairs are equal (alignment's "nothing to do").

    Indexes of different types are never equal; indexes whose class keeps the base ``equals``
    are compared through their coordinate variables.
    """
    if len(elements) < 2:
        return True
    first_index, first_vars = elements[0]
    if any(type(idx) is not type(first_index) for idx, _ in elements[1:]):
        return False
    if type(first_index).equals is not Index.equals:
        return all(first_index is idx or first_index.equals(idx) for idx, _ in elements[1:])
    for _, variables in elements[1:]:
        if list(variables) != list(first_vars):
            return False
        for name, var in variables.items():
            if not var.equals(first_vars[name]):
                return False
    return True
