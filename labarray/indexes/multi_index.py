"""``PandasMultiIndex``: a ``pandas.MultiIndex`` owning one dimension and one coordinate per level.

The dimension coordinate holds the tuples (``object`` dtype); each level coordinate is a view of
that level's values that keeps the level's NumPy dtype.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from labarray.indexes.base import (
    Index,
    IndexSelResult,
    as_numpy_dtype,
    get_pandas_index,
    is_variable_like,
    safe_cast_to_index,
)
from labarray.indexes.pandas_index import (
    PandasIndex,
    as_int_slice,
    format_label,
    normalize_method,
)
from labarray.utils.suggest import missing_names_message
from labarray.variable.indexing import PandasIndexingAdapter
from labarray.variable.variable import Variable

if TYPE_CHECKING:
    from typing import Self

    from labarray.variable import Variable

__all__ = ["PandasMultiIndex"]

_OBJECT = np.dtype(object)


def _check_same_1d_dim(variables: Mapping[Any, Variable], what: str) -> Hashable:
    if not variables:
        raise ValueError(f"{what} needs at least one coordinate variable, got none")
    dims = {name: tuple(var.dims) for name, var in variables.items()}
    bad = {name: d for name, d in dims.items() if len(d) != 1}
    if bad:
        raise ValueError(
            f"{what} needs 1-dimensional coordinates; "
            + ", ".join(f"{name!r} has dimensions {d}" for name, d in bad.items())
        )
    unique_dims = {d[0] for d in dims.values()}
    if len(unique_dims) > 1:
        raise ValueError(
            f"{what} needs coordinates sharing one dimension, got "
            + ", ".join(f"{name!r} on {d[0]!r}" for name, d in dims.items())
        )
    return next(iter(unique_dims))


def _level_index(name: Hashable, var: Variable) -> pd.Index:
    inner = get_pandas_index(getattr(var, "_data", None))
    if isinstance(inner, pd.MultiIndex):
        raise ValueError(
            f"coordinate {name!r} already wraps a multi-index; it cannot become a level of "
            "another one (reset_index first)"
        )
    return inner if inner is not None else safe_cast_to_index(var)


def _compact_indexer(indexer: Any) -> Any:
    """A contiguous boolean mask as a slice, any other mask as integer positions."""
    if isinstance(indexer, slice):
        return as_int_slice(indexer)
    indexer = np.asarray(indexer)
    if indexer.dtype != bool:
        return indexer
    positions = np.flatnonzero(indexer)
    if len(positions) and positions[-1] - positions[0] + 1 == len(positions):
        return slice(int(positions[0]), int(positions[-1]) + 1)
    return positions


class PandasMultiIndex(PandasIndex):
    """Index of one dimension backed by a ``pandas.MultiIndex``.

    Parameters
    ----------
    array
        A ``pd.MultiIndex`` (levels without names are named ``{dim}_level_{i}``).
    dim
        The dimension; also the name of the coordinate holding the tuples.
    level_coords_dtype
        NumPy dtype of each level coordinate (default: from the level's pandas dtype).

    Examples
    --------
    >>> mi = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=["letter", "num"])
    >>> idx = PandasMultiIndex(mi, "x")
    >>> idx.sel({"letter": "b", "num": 1}).dim_indexers
    {'x': 2}
    """

    __slots__ = ("level_coords_dtype",)

    level_coords_dtype: dict[Hashable, np.dtype]

    def __init__(
        self,
        array: Any,
        dim: Hashable,
        level_coords_dtype: Mapping[Hashable, Any] | None = None,
    ):
        index = safe_cast_to_index(array)
        if not isinstance(index, pd.MultiIndex):
            raise TypeError(
                f"PandasMultiIndex for dimension {dim!r} needs a pandas.MultiIndex, got "
                f"{type(index).__name__}; use PandasIndex for a single coordinate"
            )
        names = [
            f"{dim}_level_{i}" if name is None else name for i, name in enumerate(index.names)
        ]
        if dim in names:
            raise ValueError(
                f"conflicting multi-index level name {dim!r} with dimension {dim!r}; "
                "rename the level or the dimension"
            )
        if len(set(names)) != len(names):
            raise ValueError(f"multi-index level names must be unique, got {names}")
        if list(index.names) != names:
            index = index.set_names(names)
        dtypes = dict(level_coords_dtype or {})
        unknown = [k for k in dtypes if k not in names]
        if unknown:
            raise ValueError(missing_names_message("level", unknown, names, f"dimension {dim!r}"))
        for name, level in zip(names, index.levels, strict=True):
            dtypes[name] = np.dtype(dtypes[name]) if name in dtypes else as_numpy_dtype(level.dtype)
        self.index = index
        self.dim = dim
        self.coord_dtype = _OBJECT
        self.level_coords_dtype = dtypes
        self._fast = False

    def _replace(
        self,
        index: pd.Index,
        dim: Hashable | None = None,
        coord_dtype: Any = None,
        level_coords_dtype: Mapping[Hashable, np.dtype] | None = None,
    ) -> Self:
        new = object.__new__(type(self))
        new.index = index
        new.dim = self.dim if dim is None else dim
        new.coord_dtype = _OBJECT
        if level_coords_dtype is None:
            level_coords_dtype = {n: self.level_coords_dtype[n] for n in index.names}
        new.level_coords_dtype = dict(level_coords_dtype)
        new._fast = False
        return new

    @property
    def level_names(self) -> list[Hashable]:
        """Names of the levels, in order."""
        return list(self.index.names)

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_variables(
        cls, variables: Mapping[Any, Variable], *, options: Mapping[str, Any] | None = None
    ) -> Self:
        """Build a multi-index from several 1-D coordinates of one dimension (one per level)."""
        dim = _check_same_1d_dim(variables, "PandasMultiIndex")
        levels = [_level_index(name, var) for name, var in variables.items()]
        index = pd.MultiIndex.from_arrays(levels, names=list(variables))
        dtypes = {name: var.dtype for name, var in variables.items()}
        return cls(index, dim, level_coords_dtype=dtypes)

    @classmethod
    def stack(cls, variables: Mapping[Any, Variable], dim: Hashable) -> Self:
        """Cartesian product of the given 1-D coordinates as ``dim``."""
        level_indexes = []
        for name, var in variables.items():
            if var.ndim != 1:
                raise ValueError(
                    f"cannot stack coordinate {name!r} with dimensions {tuple(var.dims)}; "
                    "only 1-dimensional coordinates can be stacked"
                )
            # duplicate labels are allowed (as in xarray): they share a level code, and only
            # unstacking such a dimension again is refused
            level_indexes.append(_level_index(name, var))
        if not level_indexes:
            raise ValueError(f"stacking into dimension {dim!r} needs at least one coordinate")
        codes, uniques = zip(*(lev.factorize() for lev in level_indexes), strict=True)
        mesh = np.meshgrid(*codes, indexing="ij")
        index = pd.MultiIndex(
            levels=list(uniques), codes=[m.ravel() for m in mesh], names=list(variables)
        )
        dtypes = {name: var.dtype for name, var in variables.items()}
        return cls(index, dim, level_coords_dtype=dtypes)

    def unstack(self) -> tuple[dict[Hashable, Index], pd.MultiIndex]:
        """One ``PandasIndex`` per level plus the (cleaned) multi-index to unstack with."""
        clean = self.index.remove_unused_levels()
        if not clean.is_unique:
            raise ValueError(
                f"cannot unstack dimension {self.dim!r}: its multi-index has duplicate entries"
            )
        new_indexes: dict[Hashable, Index] = {}
        for name, level in zip(clean.names, clean.levels, strict=True):
            new_indexes[name] = PandasIndex(
                level.rename(name), name, coord_dtype=self.level_coords_dtype[name]
            )
        return new_indexes, clean

    @classmethod
    def from_variables_maybe_expand(
        cls,
        dim: Hashable,
        current_variables: Mapping[Any, Variable],
        variables: Mapping[Any, Variable],
    ) -> tuple[Self, dict[Hashable, Variable]]:
        """Add ``variables`` as new levels after the existing coordinate(s) of ``dim``.

        ``current_variables`` holds the dimension's current coordinates (the tuple coordinate of
        a multi-index, or one plain coordinate), or nothing. A current dimension coordinate
        (named ``dim``) becomes the level ``"{dim}_level_0"``.
        """
        arrays: list[pd.Index] = []
        names: list[Hashable] = []
        dtypes: dict[Hashable, np.dtype] = {}
        current_mi = None
        for var in current_variables.values():
            inner = get_pandas_index(getattr(var, "_data", None))
            if isinstance(inner, pd.MultiIndex) and getattr(var._data, "level", None) is None:
                current_mi = inner
        if current_mi is not None:
            for name in current_mi.names:
                arrays.append(current_mi.get_level_values(name))
                names.append(name)
                level_var = current_variables.get(name)
                dtypes[name] = (
                    level_var.dtype if level_var is not None
                    else as_numpy_dtype(current_mi.levels[current_mi.names.index(name)].dtype)
                )
        else:
            for name, var in current_variables.items():
                # the dimension coordinate itself becomes level "{dim}_level_0" (a level may not
                # share the dimension's name)
                level_name = f"{dim}_level_0" if name == dim else name
                arrays.append(_level_index(name, var).rename(level_name))
                names.append(level_name)
                dtypes[level_name] = var.dtype
        _check_same_1d_dim({**dict(current_variables), **dict(variables)}, "set_index(append=True)")
        for name, var in variables.items():
            arrays.append(_level_index(name, var))
            names.append(name)
            dtypes[name] = var.dtype
        index = pd.MultiIndex.from_arrays(arrays, names=names)
        obj = cls(index, dim, level_coords_dtype=dtypes)
        source = {**dict(current_variables), **dict(variables)}
        if current_mi is None and dim in current_variables:
            source[f"{dim}_level_0"] = current_variables[dim]
            del source[dim]
        return obj, obj.create_variables(source)

    def keep_levels(self, level_variables: Mapping[Any, Variable]) -> PandasMultiIndex | PandasIndex:
        """Keep only the given levels; a single level left becomes a ``PandasIndex``."""
        keep = list(level_variables)
        unknown = [k for k in keep if k not in self.index.names]
        if unknown:
            raise ValueError(
                missing_names_message("level", unknown, self.index.names, f"dimension {self.dim!r}")
            )
        index = self.index.droplevel([n for n in self.index.names if n not in keep])
        if isinstance(index, pd.MultiIndex):
            return self._replace(index)
        name = keep[0]
        return PandasIndex(index.rename(name), self.dim, coord_dtype=self.level_coords_dtype[name])

    def reorder_levels(self, level_variables: Mapping[Any, Variable]) -> Self:
        """Reorder the levels as in ``level_variables`` (all levels must be given)."""
        order = list(level_variables)
        if sorted(map(str, order)) != sorted(map(str, self.index.names)):
            raise ValueError(
                f"reorder_levels on dimension {self.dim!r} needs every level exactly once: "
                f"got {order}, levels are {list(self.index.names)}"
            )
        return self._replace(self.index.reorder_levels(order))

    @classmethod
    def concat(
        cls,
        indexes: Sequence[Self],
        dim: Hashable,
        positions: Iterable[Iterable[int]] | None = None,
    ) -> Self:
        """Concatenate multi-indexes with the same level names along ``dim``."""
        if not indexes:
            raise ValueError(f"cannot concatenate an empty list of multi-indexes along {dim!r}")
        names = list(indexes[0].index.names)
        for idx in indexes[1:]:
            if list(idx.index.names) != names:
                raise ValueError(
                    f"cannot concatenate multi-indexes along {dim!r} with different levels: "
                    f"{names} and {list(idx.index.names)}"
                )
        new = indexes[0].index.append([idx.index for idx in indexes[1:]])
        if positions is not None:
            order = np.concatenate([np.asarray(list(p), dtype=np.intp) for p in positions])
            inverse = np.empty_like(order)
            inverse[order] = np.arange(len(order))
            new = new.take(inverse)
        dtypes = {
            n: np.result_type(*[idx.level_coords_dtype[n] for idx in indexes]) for n in names
        }
        return cls(new, dim, level_coords_dtype=dtypes)

    def create_variables(
        self, variables: Mapping[Any, Variable] | None = None
    ) -> dict[Hashable, Variable]:
        """The tuple coordinate (named after the dimension) plus one coordinate per level."""
        variable_cls, adapter_cls = Variable, PandasIndexingAdapter
        result: dict[Hashable, Variable] = {}
        for name in [self.dim, *self.index.names]:
            if name == self.dim:
                data = adapter_cls(self.index, dtype=_OBJECT)
            else:
                data = adapter_cls(
                    self.index, dtype=self.level_coords_dtype[name], level=name
                )
            attrs = encoding = None
            if variables is not None and name in variables:
                var = variables[name]
                attrs = dict(var.attrs) if var.attrs else None
                encoding = dict(var.encoding) if var.encoding else None
            result[name] = variable_cls((self.dim,), data, attrs=attrs, encoding=encoding)
        return result

    # -- label selection -------------------------------------------------------------------

    def sel(
        self, labels: dict[Any, Any], method: str | None = None, tolerance: Any = None
    ) -> IndexSelResult:
        """Select by level labels (``{level: label}``), full/partial tuples, slices or arrays.

        Scalar labels for some (not all) levels drop those levels from the index and keep them
        as scalar coordinates (``variables`` + ``drop_indexes``); if one level remains the index
        becomes a ``PandasIndex`` and the dimension is renamed after that level
        (``rename_dims``; the tuple coordinate goes to ``drop_coords``).
        """
        if method is not None or tolerance is not None:
            normalize_method(method)
            raise ValueError(
                f"method/tolerance are not supported for the multi-index of dimension "
                f"{self.dim!r}; select exact labels"
            )
        names = list(self.index.names)
        unknown = [k for k in labels if k != self.dim and k not in names]
        if unknown:
            raise ValueError(
                missing_names_message(
                    "level", unknown, [self.dim, *names], f"the multi-index of {self.dim!r}"
                )
            )
        if self.dim in labels:
            if len(labels) > 1:
                raise ValueError(
                    f"cannot select dimension {self.dim!r} and its levels "
                    f"{[k for k in labels if k != self.dim]} at the same time"
                )
            label = labels[self.dim]
            if isinstance(label, dict):
                return self.sel(label)
            if isinstance(label, tuple):
                if len(label) > len(names):
                    raise ValueError(
                        f"tuple label {label!r} for dimension {self.dim!r} has {len(label)} "
                        f"items but the multi-index has {len(names)} levels {names}"
                    )
                return self._sel_levels(dict(zip(names, label, strict=False)))
            if isinstance(label, slice):
                return IndexSelResult({self.dim: self._sel_tuple_slice(label)})
            if is_variable_like(label):
                var = getattr(label, "variable", label)
                values = np.asarray(var.values)
                positions = self._tuples_indexer(list(values.ravel())).reshape(values.shape)
                variable_cls = Variable
                return IndexSelResult({self.dim: variable_cls(tuple(var.dims), positions)})
            if isinstance(label, list | np.ndarray | pd.Index):
                if not isinstance(label, list) and np.asarray(label).dtype == bool:
                    mask = np.asarray(label)
                    if mask.shape != (len(self.index),):
                        raise IndexError(
                            f"boolean indexer for dimension {self.dim!r} has shape "
                            f"{mask.shape} but the dimension has length {len(self.index)}"
                        )
                    return IndexSelResult({self.dim: mask})
                return IndexSelResult({self.dim: self._tuples_indexer(list(label))})
            return self._sel_levels({names[0]: label})
        return self._sel_levels(labels)

    def _tuples_indexer(self, values: Sequence[Any]) -> np.ndarray:
        keys = [tuple(v) if isinstance(v, list | np.ndarray) else v for v in values]
        indexer = self.index.get_indexer(keys)
        missing = [k for k, i in zip(keys, indexer, strict=True) if i < 0]
        if missing:
            shown = ", ".join(format_label(m) for m in missing[:5])
            raise KeyError(
                f"label{'s' if len(missing) > 1 else ''} {shown} not found in the multi-index of "
                f"dimension {self.dim!r} (levels {list(self.index.names)})"
            )
        return indexer

    def _sel_tuple_slice(self, label: slice) -> slice:
        try:
            return as_int_slice(self.index.slice_indexer(label.start, label.stop, label.step))
        except (KeyError, TypeError, pd.errors.UnsortedIndexError) as err:
            raise KeyError(
                f"cannot select the slice {label.start!r}:{label.stop!r} on the multi-index of "
                f"dimension {self.dim!r}: {err}; sort it first with .sortby({self.dim!r})"
            ) from None

    def _missing_level_label(self, level_labels: Mapping[Hashable, Any]) -> KeyError:
        for name, value in level_labels.items():
            level = self.index.levels[self.index.names.index(name)]
            if not isinstance(value, slice) and np.ndim(value) == 0 and value not in level:
                return KeyError(
                    f"label {format_label(value)} not found in level {name!r} of the "
                    f"multi-index of dimension {self.dim!r}"
                )
        shown = ", ".join(f"{k}={format_label(v)}" for k, v in level_labels.items())
        return KeyError(
            f"no entry of the multi-index of dimension {self.dim!r} matches {shown}"
        )

    def _sel_levels(self, level_labels: dict[Hashable, Any]) -> IndexSelResult:
        names = list(self.index.names)
        all_scalar = all(
            not isinstance(v, slice) and not isinstance(v, list | tuple) and np.ndim(v) == 0
            for v in level_labels.values()
        )
        if not all_scalar:
            keys = [level_labels.get(n, slice(None)) for n in names]
            keys = [list(np.asarray(k)) if isinstance(k, np.ndarray) else k for k in keys]
            try:
                indexer = self.index.get_locs(keys)
            except KeyError:
                raise self._missing_level_label(level_labels) from None
            except pd.errors.UnsortedIndexError as err:
                raise KeyError(
                    f"cannot select label ranges on the multi-index of dimension {self.dim!r}: "
                    f"{err}; sort it first with .sortby({self.dim!r})"
                ) from None
            return IndexSelResult({self.dim: indexer})
        values = [
            v[()] if isinstance(v, np.ndarray) else v for v in level_labels.values()
        ]
        if len(level_labels) == len(names):
            key = tuple(values[list(level_labels).index(n)] for n in names)
            try:
                loc = self.index.get_loc(key)
            except KeyError:
                raise self._missing_level_label(level_labels) from None
            if isinstance(loc, np.integer | int):
                return IndexSelResult({self.dim: int(loc)})
            return IndexSelResult({self.dim: _compact_indexer(loc)})
        levels = list(level_labels)
        try:
            if len(levels) == 1:
                indexer, new_index = self.index.get_loc_level(values[0], level=levels[0])
            else:
                indexer, new_index = self.index.get_loc_level(values, level=levels)
        except KeyError:
            raise self._missing_level_label(level_labels) from None
        indexer = _compact_indexer(indexer)
        drop_coords: list[Hashable] = []
        rename_dims: dict[Any, Hashable] = {}
        if isinstance(new_index, pd.MultiIndex):
            new_idx: Index = self._replace(new_index)
            variables = new_idx.create_variables()
            indexes = dict.fromkeys(variables, new_idx)
        else:
            level = new_index.name
            new_idx = PandasIndex(new_index, level, coord_dtype=self.level_coords_dtype[level])
            variables = new_idx.create_variables()
            indexes = {level: new_idx}
            drop_coords.append(self.dim)
            rename_dims = {self.dim: level}
        # the selected levels stay as scalar coordinates, without index
        variable_cls = Variable
        for level, value in zip(levels, values, strict=True):
            # numbers and dates take the level's dtype; strings keep their own (``<U``), as a
            # Variable made from the label would
            scalar = np.asarray(value)
            level_dtype = self.level_coords_dtype[level]
            if level_dtype.kind in "biufcmM" and scalar.dtype != level_dtype:
                scalar = scalar.astype(level_dtype)
            variables[level] = variable_cls((), scalar)
        return IndexSelResult(
            {self.dim: indexer},
            indexes=indexes,
            variables=variables,
            drop_coords=drop_coords,
            drop_indexes=levels,
            rename_dims=rename_dims,
        )

    # -- alignment and the rest ------------------------------------------------------------

    def join(self, other: PandasIndex, how: str = "inner") -> PandasMultiIndex:
        """Union/intersection (or one side) of two multi-indexes with the same levels."""
        if type(other) is not type(self):
            raise TypeError(
                f"cannot join a PandasMultiIndex with a {type(other).__name__} on dimension "
                f"{self.dim!r}"
            )
        if list(other.index.names) != list(self.index.names):
            raise ValueError(
                f"cannot align the multi-indexes of dimension {self.dim!r}: levels "
                f"{list(self.index.names)} and {list(other.index.names)} differ"
            )
        if how == "outer":
            index = self.index.union(other.index)
        elif how == "inner":
            index = self.index.intersection(other.index)
        elif how in ("left", "right"):
            index = self.index if how == "left" else other.index
        else:
            raise ValueError(
                f"invalid join {how!r} for dimension {self.dim!r}; expected one of 'inner', "
                "'outer', 'left', 'right'"
            )
        other_dtypes = other.level_coords_dtype  # type: ignore[attr-defined]
        dtypes = {
            n: np.result_type(self.level_coords_dtype[n], other_dtypes[n]) for n in self.index.names
        }
        return self._replace(index, level_coords_dtype=dtypes)

    def rename(
        self, name_dict: Mapping[Any, Hashable], dims_dict: Mapping[Any, Hashable]
    ) -> PandasMultiIndex:
        """Rename levels (``name_dict``) and/or the dimension (``dims_dict``)."""
        names = list(self.index.names)
        if not any(n in name_dict for n in names) and self.dim not in dims_dict:
            return self
        new_names = [name_dict.get(n, n) for n in names]
        dtypes = {name_dict.get(n, n): d for n, d in self.level_coords_dtype.items()}
        return self._replace(
            self.index.set_names(new_names),
            dim=dims_dict.get(self.dim, self.dim),
            level_coords_dtype=dtypes,
        )

    def _copy(self, deep: bool = True, memo: dict[int, Any] | None = None) -> Self:
        return self._replace(self.index.copy(deep=True) if deep else self.index)
