"""The alignment engine: give several labeled objects the same indexes.

Machinery only: nothing here imports the façade. Objects to align are "alignable", i.e. they
implement :class:`Alignable` (``DataArray``, ``Dataset`` and ``Coordinates`` do); results are
built with the objects' own methods (``_reindex_with_indexers``, ``copy``). The public functions
(``align``, ``reindex``, ``broadcast``...) are in :mod:`labarray.structure.align`.

How :class:`Aligner` works:

1. Every index of every object is filed under a *key* ``(((coord name, coord dims), ...),
   index type)``; indexes with the same key are the ones to be joined. Indexes on excluded
   dimensions are ignored.
2. For each key the target index is the user-given one (``indexes=``), or the join of the
   objects' indexes (``Index.join``, ``how`` = join). When all indexes of a key are equal (same
   object, or ``Index.equals``) nothing is joined or reindexed: the fast path of already
   aligned objects, which also lets objects with duplicate labels pass.
3. Dimensions without an index must have one size across the objects (and the size of the
   target index along that dimension, if some object has one); an object with such a dimension
   gets the target index attached.
4. Each object whose index differs from the target gets positional indexers from
   ``Index.reindex_like(target)`` (``-1`` = missing label, filled with ``fill_value``) and is
   rebuilt with ``obj._reindex_with_indexers(...)``, which gathers its variables through
   :func:`labarray.structure.reindex.reindex_variables`. Objects already aligned are copied
   (``obj.copy(deep=copy)``).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from labarray.indexes.base import Index, safe_cast_to_index
from labarray.indexes.multi_index import PandasMultiIndex
from labarray.indexes.pandas_index import PandasIndex
from labarray.kernels.take import NA
from labarray.utils.frozen import is_dict_like
from labarray.utils.suggest import did_you_mean

if TYPE_CHECKING:
    from labarray.variable import Variable

__all__ = ["Alignable", "AlignmentError", "Aligner"]

JOIN_OPTIONS = ("inner", "outer", "left", "right", "exact", "override")
REINDEX_METHODS = ("nearest", "pad", "ffill", "backfill", "bfill")
_MAX_LABELS_SHOWN = 5


class AlignmentError(ValueError):
    """Objects cannot be aligned (conflicting sizes, unequal indexes with ``join='exact'``...)."""


@runtime_checkable
class Alignable(Protocol):
    """What :func:`align`, :func:`reindex` and :func:`broadcast` need of an object.

    ``DataArray``, ``Dataset`` and ``Coordinates`` implement it.

    ``xindexes``
        ``Indexes`` mapping coordinate name -> ``Index``; its ``group_by_index()`` yields
        ``(index, {coord name: Variable})`` once per index.
    ``dims``, ``sizes``
        Dimension names and ``{dim: size}``.
    ``copy(deep)``
        A copy; used for objects that need no reindexing.
    ``_reindex_with_indexers(indexes, index_variables, dim_pos_indexers, fill_value,
    exclude_dims, copy)``
        Return a new object of the same type whose indexes are ``indexes`` (the complete
        mapping: unchanged indexes are included) with coordinates ``index_variables``, and whose
        other variables are gathered along ``dim_pos_indexers`` (``-1`` = fill) with
        :func:`~labarray.structure.reindex.reindex_variables`.
    ``_replace_variables(variables)``
        (only for :func:`broadcast`) a new object with the same coordinate names and indexes
        whose variables are ``variables``; for a DataArray, the key ``"<this-array>"``
        (``_THIS_ARRAY``) holds the data variable. Broadcast reads the data variables of a
        DataArray from ``variable``/``_coords`` and of a Dataset from
        ``_variables``/``_coord_names``.
    """

    @property
    def xindexes(self) -> Any: ...

    @property
    def dims(self) -> Any: ...

    @property
    def sizes(self) -> Mapping[Hashable, int]: ...

    def copy(self, deep: bool = True) -> Any: ...

    def _reindex_with_indexers(
        self,
        indexes: dict[Hashable, Index],
        index_variables: dict[Hashable, Variable],
        dim_pos_indexers: dict[Hashable, np.ndarray],
        fill_value: Any,
        exclude_dims: frozenset[Hashable],
        copy: bool,
    ) -> Any: ...


# ((coord name, coord dims), ...), index type): indexes with one key are joined together
MatchingKey = tuple[tuple[tuple[Hashable, tuple[Hashable, ...]], ...], type]


def _is_alignable(obj: Any) -> bool:
    return hasattr(obj, "xindexes") and hasattr(obj, "_reindex_with_indexers")


def _check_alignable(objects: Iterable[Any], func: str) -> None:
    for position, obj in enumerate(objects):
        if not _is_alignable(obj):
            raise TypeError(
                f"{func}() argument {position} is a {type(obj).__name__}; only labarray "
                "DataArray, Dataset and Coordinates objects can be aligned"
            )


def _normalize_exclude(exclude: Hashable | Iterable[Hashable] | None) -> frozenset[Hashable]:
    if exclude is None:
        return frozenset()
    if isinstance(exclude, str) or not isinstance(exclude, Iterable):
        return frozenset([exclude])
    return frozenset(exclude)


def _check_join(join: Any) -> None:
    if join not in JOIN_OPTIONS:
        hint = did_you_mean(join, JOIN_OPTIONS) if isinstance(join, str) else ""
        raise ValueError(
            f"invalid join {join!r}; expected one of {', '.join(map(repr, JOIN_OPTIONS))}"
            + (f"; {hint}" if hint else "")
        )


def _key_of(index_vars: Mapping[Hashable, Variable], index: Index) -> MatchingKey:
    # sorted: the same multi-index may list its coordinates in another order on each object
    items = sorted(((name, tuple(var.dims)) for name, var in index_vars.items()), key=lambda t: str(t[0]))
    return (tuple(items), type(index))


def _key_dims(key: MatchingKey) -> tuple[Hashable, ...]:
    dims: dict[Hashable, None] = {}
    for _, coord_dims in key[0]:
        dims.update(dict.fromkeys(coord_dims))
    return tuple(dims)


def _describe_key(key: MatchingKey) -> str:
    names = ", ".join(repr(name) for name, _ in key[0])
    dims = ", ".join(repr(d) for d in _key_dims(key))
    plural = "s" if len(key[0]) > 1 else ""
    return f"coordinate{plural} {names} (dimension {dims}, {key[1].__name__})"


def _positions(positions: Iterable[int]) -> str:
    positions = list(positions)
    word = "argument" if len(positions) == 1 else "arguments"
    return f"{word} {', '.join(map(str, positions))}"


def _indexes_equal(a: Index, b: Index, exclude_dims: frozenset[Hashable]) -> bool:
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if exclude_dims:
        return bool(a.equals(b, exclude=exclude_dims))
    return bool(a.equals(b))


def _pandas_or_none(index: Index) -> pd.Index | None:
    try:
        return index.to_pandas_index()
    except (TypeError, NotImplementedError, ValueError):
        return None


def _show_labels(labels: Any) -> str:
    labels = list(labels)
    shown = ", ".join(
        repr(v.item() if isinstance(v, np.generic) else v) for v in labels[:_MAX_LABELS_SHOWN]
    )
    if len(labels) > _MAX_LABELS_SHOWN:
        shown += f", ... ({len(labels) - _MAX_LABELS_SHOWN} more)"
    return f"[{shown}]"


def _describe_difference(first: Index, other: Index) -> str:
    """``labels only in ...`` text for the ``join='exact'`` error."""
    a, b = _pandas_or_none(first), _pandas_or_none(other)
    if a is None or b is None:
        return f"{first!r} vs {other!r}"
    if len(a) != len(b) and a.is_unique and b.is_unique and set(a) == set(b):
        return f"sizes {len(a)} and {len(b)}"
    only_a = a[~a.isin(b)]
    only_b = b[~b.isin(a)]
    if len(only_a) == 0 and len(only_b) == 0:
        return (
            f"the same labels in a different order or multiplicity: {_show_labels(a)} vs "
            f"{_show_labels(b)}"
        )
    parts = []
    if len(only_a):
        parts.append(f"labels only in the first: {_show_labels(only_a)}")
    if len(only_b):
        parts.append(f"labels only in the other: {_show_labels(only_b)}")
    return "; ".join(parts)


def _check_unique(index: Index, key: MatchingKey, where: str) -> None:
    pd_index = _pandas_or_none(index)
    if pd_index is not None and not pd_index.is_unique:
        duplicated = pd_index[pd_index.duplicated()].unique()
        dims = ", ".join(repr(d) for d in _key_dims(key))
        raise AlignmentError(
            f"cannot reindex or align along dimension {dims}: the index of {where} has "
            f"duplicate labels {_show_labels(duplicated)}, and labels must be unique to "
            f"reindex; remove the duplicates first (e.g. .drop_duplicates({dims}))"
        )


def _normalize_indexes(
    indexes: Mapping[Any, Any] | None,
) -> list[tuple[Index, dict[Hashable, Variable]]]:
    """User ``indexes=``/``indexers`` -> list of ``(Index, {coord name: Variable})``."""
    if not indexes:
        return []
    if hasattr(indexes, "group_by_index"):
        return [(idx, dict(idx_vars)) for idx, idx_vars in indexes.group_by_index()]
    if not is_dict_like(indexes):
        raise TypeError(
            f"indexes must be a mapping of dimension name to labels; got {type(indexes).__name__}"
        )
    out: list[tuple[Index, dict[Hashable, Variable]]] = []
    seen: dict[int, int] = {}
    for dim, labels in indexes.items():
        if isinstance(labels, Index):
            index = labels
            if id(index) in seen:
                continue
            seen[id(index)] = len(out)
            out.append((index, index.create_variables()))
            continue
        label_dims = getattr(labels, "dims", (dim,))
        if tuple(label_dims) != (dim,):
            raise AlignmentError(
                f"the labels given to align along dimension {dim!r} have dimensions "
                f"{tuple(label_dims)}; they must be 1-dimensional along {dim!r}"
            )
        if np.ndim(labels) == 0 and not isinstance(labels, pd.Index):
            raise TypeError(
                f"the labels given for dimension {dim!r} must be 1-dimensional (a list, an "
                f"array or a pandas.Index); got the scalar {labels!r}"
            )
        if not hasattr(labels, "dtype"):
            as_array = np.asarray(labels)
            if as_array.ndim == 1 and as_array.dtype.kind != "O":
                labels = as_array  # lists keep NumPy dtypes ("<U1", not pandas' str)
        coord_dtype = getattr(labels, "dtype", None)
        pd_index = safe_cast_to_index(labels)
        if pd_index.name != dim:
            pd_index = pd_index.copy()
            pd_index.name = dim
        if isinstance(pd_index, pd.MultiIndex):
            new_index: Index = PandasMultiIndex(pd_index, dim)
        else:
            if not isinstance(coord_dtype, np.dtype):
                coord_dtype = None
            new_index = PandasIndex(pd_index, dim, coord_dtype=coord_dtype)
        out.append((new_index, new_index.create_variables()))
    return out


@dataclass
class _Group:
    """The indexes sharing one key: where they come from and what they are joined into."""

    key: MatchingKey
    positions: list[int] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)
    variables: list[dict[Hashable, Variable]] = field(default_factory=list)
    target: Index | None = None
    target_variables: dict[Hashable, Variable] = field(default_factory=dict)
    # position -> whether that object's index already equals the target
    equal_to_target: dict[int, bool] = field(default_factory=dict)
    keep_original: bool = False


class Aligner:
    """Align objects on their indexes; see the module docstring for the steps.

    Parameters
    ----------
    objects
        Alignable objects.
    join
        {"inner", "outer", "left", "right", "exact", "override"}
    indexes
        Indexes to align onto (``{dim: labels or Index}`` or an ``Indexes`` mapping).
    exclude_dims
        Dimensions left alone.
    method, tolerance
        Inexact matching passed to ``Index.reindex_like``.
    copy
        Whether results that need no reindexing are deep copies (False: shallow copies; None,
        for internal callers that only read the results: those objects themselves).
    fill_value
        Value for missing labels: scalar or ``{variable name: scalar}``.
    exclude_vars
        Variables not to reindex; passed to ``_reindex_with_indexers`` (as ``exclude_vars=``)
        only when not empty.
    given_indexes_name
        How error messages call the ``indexes`` argument.
    """

    def __init__(
        self,
        objects: Iterable[Any],
        join: str = "inner",
        indexes: Mapping[Any, Any] | None = None,
        exclude_dims: Iterable[Hashable] = frozenset(),
        method: str | None = None,
        tolerance: Any = None,
        copy: bool | None = True,
        fill_value: Any = NA,
        exclude_vars: Iterable[Hashable] = frozenset(),
        given_indexes_name: str = "the given indexes",
    ):
        self.objects = tuple(objects)
        _check_join(join)
        self.join = join
        self.exclude_dims = frozenset(exclude_dims)
        self.method = method
        self.tolerance = tolerance
        self.copy = copy
        self.fill_value = fill_value
        self.exclude_vars = frozenset(exclude_vars)
        self.given_indexes_name = given_indexes_name
        self.given = _normalize_indexes(indexes)
        self.groups: dict[MatchingKey, _Group] = {}
        self.given_groups: dict[MatchingKey, tuple[Index, dict[Hashable, Variable]]] = {}
        # per object: key -> (index, variables)
        self.object_indexes: list[dict[MatchingKey, tuple[Index, dict[Hashable, Variable]]]] = []

    # -- 1. collect ------------------------------------------------------------------------
    def _filter(
        self, pairs: Iterable[tuple[Index, Mapping[Hashable, Variable]]]
    ) -> dict[MatchingKey, tuple[Index, dict[Hashable, Variable]]]:
        out: dict[MatchingKey, tuple[Index, dict[Hashable, Variable]]] = {}
        for index, index_vars in pairs:
            index_vars = dict(index_vars)
            key = _key_of(index_vars, index)
            dims = set(_key_dims(key))
            excluded = dims & self.exclude_dims
            if dims and excluded == dims:
                continue
            out[key] = (index, index_vars)
        return out

    def collect(self) -> None:
        """File every index of every object (and the given indexes) under its key."""
        self.given_groups = self._filter(self.given)
        for position, obj in enumerate(self.objects):
            found = self._filter(obj.xindexes.group_by_index())
            self.object_indexes.append(found)
            for key, (index, index_vars) in found.items():
                group = self.groups.setdefault(key, _Group(key))
                group.positions.append(position)
                group.indexes.append(index)
                group.variables.append(index_vars)
        self._check_coordinate_conflicts()

    def _check_coordinate_conflicts(self) -> None:
        owner: dict[Hashable, MatchingKey] = {}
        for key in list(self.given_groups) + list(self.groups):
            for name, _ in key[0]:
                other = owner.setdefault(name, key)
                if other != key:
                    where_a = self._where(other)
                    where_b = self._where(key)
                    raise AlignmentError(
                        f"cannot align objects on coordinate {name!r}: it is indexed as "
                        f"{_describe_key(other)} in {where_a} but as {_describe_key(key)} in "
                        f"{where_b}; make the indexes of {name!r} the same kind"
                    )

    def _where(self, key: MatchingKey) -> str:
        if key in self.groups:
            return _positions(self.groups[key].positions)
        return self.given_indexes_name

    # -- 2. join ---------------------------------------------------------------------------
    def join_indexes(self) -> None:
        """Compute the target index of every key."""
        for key, group in self.groups.items():
            dims = set(_key_dims(key))
            group.keep_original = bool(dims & self.exclude_dims)
            if self.join == "override" and key not in self.given_groups:
                self._check_override_sizes(group)
                group.target, group.target_variables = group.indexes[0], group.variables[0]
                group.equal_to_target = dict.fromkeys(group.positions, False)
                group.equal_to_target[group.positions[0]] = True
                continue
            if key in self.given_groups:
                target, target_vars = self.given_groups[key]
            else:
                target, target_vars = group.indexes[0], group.variables[0]
            equal = {
                pos: _indexes_equal(idx, target, self.exclude_dims)
                for pos, idx in zip(group.positions, group.indexes, strict=True)
            }
            if key not in self.given_groups and not all(equal.values()):
                if group.keep_original:
                    raise AlignmentError(
                        f"cannot align objects on {_describe_key(key)}: the indexes differ "
                        "and they also use a dimension excluded from alignment "
                        f"({', '.join(map(repr, sorted(dims & self.exclude_dims, key=str)))}), "
                        "so they cannot be reindexed"
                    )
                target, target_vars = self._joined(group, equal)
                equal = {
                    pos: idx is target or _indexes_equal(idx, target, self.exclude_dims)
                    for pos, idx in zip(group.positions, group.indexes, strict=True)
                }
            group.target, group.target_variables = target, target_vars
            group.equal_to_target = equal

    def _joined(
        self, group: _Group, equal_to_first: Mapping[int, bool]
    ) -> tuple[Index, dict[Hashable, Variable]]:
        if self.join == "exact":
            first = group.indexes[0]
            pos, other = next(
                (p, idx)
                for p, idx in zip(group.positions, group.indexes, strict=True)
                if not equal_to_first[p]
            )
            raise AlignmentError(
                f"cannot align objects with join='exact': the indexes of "
                f"{_describe_key(group.key)} differ between argument {group.positions[0]} and "
                f"argument {pos}: {_describe_difference(first, other)}. Use another join "
                "('inner', 'outer', 'left', 'right') to reindex, or 'override' to copy the "
                "first index when sizes match"
            )
        if self.join == "left":
            return group.indexes[0], group.variables[0]
        if self.join == "right":
            return group.indexes[-1], group.variables[-1]
        for pos, index in zip(group.positions, group.indexes, strict=True):
            _check_unique(index, group.key, f"argument {pos}")
        joined = functools.reduce(lambda a, b: a.join(b, how=self.join), group.indexes)
        for index, index_vars in zip(group.indexes, group.variables, strict=True):
            if index is joined:
                return joined, index_vars
        return joined, joined.create_variables()

    def _check_override_sizes(self, group: _Group) -> None:
        for dim in _key_dims(group.key):
            sizes: dict[int, list[int]] = defaultdict(list)
            for pos, index_vars in zip(group.positions, group.variables, strict=True):
                size = _dim_size(index_vars, dim)
                if size is not None:
                    sizes[size].append(pos)
            if len(sizes) > 1:
                detail = " and ".join(f"size {s} in {_positions(p)}" for s, p in sizes.items())
                raise AlignmentError(
                    f"cannot align objects with join='override': dimension {dim!r} has "
                    f"{detail}; 'override' only replaces indexes of equal size"
                )

    # -- 3. unindexed dimensions -----------------------------------------------------------
    def target_sizes(self) -> dict[Hashable, tuple[int, MatchingKey]]:
        """``{dim: (size, key)}`` of every dimension covered by a target index."""
        out: dict[Hashable, tuple[int, MatchingKey]] = {}
        targets = [(key, g.target_variables) for key, g in self.groups.items()]
        targets += [
            (key, index_vars)
            for key, (_, index_vars) in self.given_groups.items()
            if key not in self.groups
        ]
        for key, index_vars in targets:
            for dim in _key_dims(key):
                size = _dim_size(index_vars, dim)
                if size is None:
                    continue
                other_size, other_key = out.setdefault(dim, (size, key))
                if other_size != size:
                    raise AlignmentError(
                        f"cannot align objects: dimension {dim!r} has size {other_size} along "
                        f"the index of {_describe_key(other_key)} (from "
                        f"{self._where(other_key)}) but size {size} along the index of "
                        f"{_describe_key(key)} (from {self._where(key)}); index the dimension "
                        "with the same coordinate in every object"
                    )
        return out

    def check_unindexed_sizes(self) -> None:
        """Dimensions without an index must agree in size (with each other and the targets)."""
        unindexed: dict[Hashable, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for position, obj in enumerate(self.objects):
            indexed = {d for key in self.object_indexes[position] for d in _key_dims(key)}
            for dim, size in obj.sizes.items():
                if dim not in self.exclude_dims and dim not in indexed:
                    unindexed[dim][size].append(position)
        target_sizes = self.target_sizes()
        for dim, by_size in unindexed.items():
            if dim in target_sizes:
                size, key = target_sizes[dim]
                wrong = {s: p for s, p in by_size.items() if s != size}
                if wrong:
                    detail = " and ".join(f"size {s} in {_positions(p)}" for s, p in wrong.items())
                    raise AlignmentError(
                        f"cannot align objects: dimension {dim!r} has {detail} without an "
                        f"index, but size {size} along the index of {_describe_key(key)} "
                        f"(from {self._where(key)}) after alignment; add a coordinate to "
                        "align on, or use isel to make the sizes equal"
                    )
            elif len(by_size) > 1:
                detail = " and ".join(f"size {s} in {_positions(p)}" for s, p in by_size.items())
                raise AlignmentError(
                    f"cannot align objects: dimension {dim!r} has {detail}, and no index to "
                    "align them; add a coordinate or use isel to make sizes equal"
                )

    # -- 4. reindex ------------------------------------------------------------------------
    def _targets(self) -> dict[MatchingKey, tuple[Index, dict[Hashable, Variable]]]:
        out = {key: (g.target, g.target_variables) for key, g in self.groups.items()}
        for key, pair in self.given_groups.items():
            out.setdefault(key, pair)
        return out  # type: ignore[return-value]

    def reindex_one(self, position: int, obj: Any) -> Any:
        """Reindex (or copy) one object onto the targets."""
        own = self.object_indexes[position]
        changed_indexes: dict[Hashable, Index] = {}
        changed_vars: dict[Hashable, Variable] = {}
        dim_pos_indexers: dict[Hashable, np.ndarray] = {}
        indexer_source: dict[Hashable, MatchingKey] = {}
        obj_dims = set(obj.dims)
        own_dims = {d for key in own for d in _key_dims(key)}
        for key, (target, target_vars) in self._targets().items():
            if key in own:
                group = self.groups[key]
                if group.equal_to_target[position]:
                    continue
                index, own_vars = own[key]
                target_vars = _keep_attrs_of(own_vars, target_vars)
                if self.join != "override":
                    indexers = self._reindex_like(index, target, key, position)
                    for dim, indexer in indexers.items():
                        if dim in dim_pos_indexers and not np.array_equal(
                            indexer, dim_pos_indexers[dim]
                        ):
                            raise AlignmentError(
                                f"cannot align argument {position} along dimension {dim!r}: "
                                f"the indexes of {_describe_key(key)} and of "
                                f"{_describe_key(indexer_source[dim])} reindex it differently"
                            )
                        dim_pos_indexers[dim] = indexer
                        indexer_source[dim] = key
            elif not set(_key_dims(key)) <= obj_dims or set(_key_dims(key)) & (
                self.exclude_dims | own_dims
            ):
                # attach a target index only to dimensions the object has but does not index
                continue
            changed_indexes.update(dict.fromkeys(target_vars, target))
            changed_vars.update(target_vars)
        if not changed_indexes and not dim_pos_indexers:
            # copy=None (internal callers that build new objects anyway): the object as it is
            return obj if self.copy is None else obj.copy(deep=self.copy)
        indexes = dict(obj.xindexes)
        index_vars = dict(obj.xindexes.variables)
        indexes.update(changed_indexes)
        index_vars.update({k: v.copy(deep=False) for k, v in changed_vars.items()})
        extra = {"exclude_vars": self.exclude_vars} if self.exclude_vars else {}
        return obj._reindex_with_indexers(
            indexes=indexes,
            index_variables=index_vars,
            dim_pos_indexers=dim_pos_indexers,
            fill_value=self.fill_value,
            exclude_dims=self.exclude_dims,
            copy=bool(self.copy),
            **extra,
        )

    def _reindex_like(
        self, index: Index, target: Index, key: MatchingKey, position: int
    ) -> dict[Hashable, np.ndarray]:
        _check_unique(index, key, f"argument {position}")
        if self.method is None and self.tolerance is None:
            indexers = index.reindex_like(target)
        else:
            indexers = index.reindex_like(target, method=self.method, tolerance=self.tolerance)
        return {dim: np.asarray(ix) for dim, ix in indexers.items()}

    def align(self) -> tuple[Any, ...]:
        """Run every step and return the aligned objects, in the input order."""
        if not self.given and len(self.objects) == 1:
            return (self.objects[0] if self.copy is None else self.objects[0].copy(deep=self.copy),)
        self.collect()
        self.join_indexes()
        self.check_unindexed_sizes()
        return tuple(self.reindex_one(pos, obj) for pos, obj in enumerate(self.objects))


def _keep_attrs_of(
    own: Mapping[Hashable, Variable], new: Mapping[Hashable, Variable]
) -> dict[Hashable, Variable]:
    """The ``new`` coordinate variables, carrying the attrs and encoding of the object's own."""
    out: dict[Hashable, Variable] = {}
    for name, var in new.items():
        if name in own and (own[name].attrs or own[name].encoding):
            var = var.copy(deep=False)
            var.attrs = dict(own[name].attrs)
            var.encoding = dict(own[name].encoding)
        out[name] = var
    return out


def _dim_size(index_vars: Mapping[Hashable, Variable], dim: Hashable) -> int | None:
    for var in index_vars.values():
        if dim in var.dims:
            return int(var.shape[list(var.dims).index(dim)])
    return None
