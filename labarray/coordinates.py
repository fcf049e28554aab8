"""Coordinates: the labels of a DataArray or Dataset, and a standalone ``Coordinates`` object.

``Coordinates`` holds coordinate variables together with their indexes; it can be passed to the
DataArray/Dataset constructors and to ``assign_coords`` so that indexes are reused, not rebuilt.
``ds.coords`` and ``da.coords`` are views of the same kind bound to their object.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from labarray import dataset as dataset_module
from labarray.formatting import text as formatting_text
from labarray.indexes import Index, Indexes, assert_no_index_corrupted, filter_indexes_from_coords
from labarray.structure.align import deep_align
from labarray.structure.merge import (
    MergeError,
    collect_from_mapping,
    is_dataarray_like,
    merge_collected,
    merge_coordinates_without_align,
)
from labarray.utils.frozen import Frozen
from labarray.utils.suggest import missing_names_message
from labarray.variable import Variable, as_variable, calculate_dimensions

if TYPE_CHECKING:
    from labarray.dataarray import DataArray
    from labarray.dataset import Dataset

__all__ = [
    "CoordinateValidationError",
    "Coordinates",
    "DataArrayCoordinates",
    "DatasetCoordinates",
    "check_dataarray_coords",
]


class CoordinateValidationError(ValueError):
    """Coordinates that a DataArray cannot hold: a dimension the data does not have, or a
    length that differs from the data's along a dimension (xarray's class of the same name)."""


def check_dataarray_coords(sizes: Mapping[Hashable, int], variables: Mapping[Hashable, Variable]) -> None:
    """Raise :class:`CoordinateValidationError` unless every coordinate fits data of ``sizes``.

    Each coordinate may only use dimensions of the data, with the data's lengths; scalar
    coordinates always fit.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> check_dataarray_coords({"x": 2}, {"c": Variable("x", [1, 2])})
    >>> check_dataarray_coords({"x": 2}, {"c": Variable("x", [1, 2, 3])})
    Traceback (most recent call last):
    ...
    labarray.coordinates.CoordinateValidationError: conflicting sizes for dimension 'x': coordinate 'c' has length 3 but the data has length 2
    """
    dims = tuple(sizes)
    for name, var in variables.items():
        extra = [d for d in var.dims if d not in sizes]
        if extra:
            raise CoordinateValidationError(
                f"coordinate {name!r} has dimensions {var.dims}, but {', '.join(map(repr, extra))} "
                f"{'is' if len(extra) == 1 else 'are'} not among the DataArray's dimensions {dims}; "
                "coordinates of a DataArray may only use its dimensions"
            )
        for d, n in var.sizes.items():
            if n != sizes[d]:
                raise CoordinateValidationError(
                    f"conflicting sizes for dimension {d!r}: coordinate {name!r} has length {n} "
                    f"but the data has length {sizes[d]}"
                )


class Coordinates(Mapping[Hashable, "DataArray"]):
    """Coordinate variables with their indexes.

    Parameters
    ----------
    coords : dict-like, optional
        Coordinates as DataArrays, Variables, tuples ``(dims, data[, attrs])``, pandas indexes
        or 1-D data named after its dimension.
    indexes : dict-like of Index, optional
        Indexes to attach to the coordinates. When omitted, a default ``PandasIndex`` is
        created for every 1-D coordinate named after its dimension; pass ``{}`` for none.

    Examples
    --------
    >>> import labarray as la
    >>> coords = la.Coordinates({"x": [10, 20, 30]})
    >>> list(coords.xindexes)
    ['x']
    >>> la.DataArray([1, 2, 3], coords=coords).sel(x=20).item()
    2
    """

    __slots__ = ("_data",)

    def __init__(
        self, coords: Mapping[Any, Any] | None = None, indexes: Mapping[Any, Index] | None = None
    ) -> None:
        coords = {} if coords is None else coords
        if isinstance(coords, Coordinates):
            source = coords.to_dataset()
            variables = dict(source._variables)
            index_map = dict(source._indexes) if indexes is None else dict(indexes)
        elif indexes is None:
            grouped, _ = collect_from_mapping(coords, is_coords=True)
            variables, index_map = merge_collected(grouped, compat="broadcast_equals")
        else:
            variables = {k: as_variable(v, name=k) for k, v in coords.items()}
            index_map = dict(indexes)
            for name, index in index_map.items():
                if not isinstance(index, Index):
                    raise TypeError(f"index for coordinate {name!r} must be an Index object, got {type(index).__name__}")
                if name not in variables:
                    variables.update(index.create_variables())
                    continue
                for dim, size in variables[name].sizes.items():
                    try:
                        expected = len(index.to_pandas_index())
                    except TypeError:  # an index kind without a pandas equivalent
                        expected = size
                    if size != expected:
                        raise ValueError(
                            f"coordinate {name!r} has length {size} along {dim!r} but its index has "
                            f"{expected} labels; an index must describe its coordinate"
                        )
        self._data = dataset_module.Dataset._construct_direct(variables, set(variables), indexes=index_map)

    @classmethod
    def _construct_direct(cls, dataset: Dataset) -> Coordinates:
        obj = object.__new__(cls)
        obj._data = dataset
        return obj

    @classmethod
    def from_pandas_multiindex(cls, midx: pd.MultiIndex, dim: Hashable) -> Coordinates:
        """Coordinates (one per level plus the dimension) for a ``pd.MultiIndex`` along ``dim``.

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> midx = pd.MultiIndex.from_product([["a", "b"], [1, 2]], names=("letter", "num"))
        >>> sorted(la.Coordinates.from_pandas_multiindex(midx, "x"))
        ['letter', 'num', 'x']
        """
        if not isinstance(midx, pd.MultiIndex):
            raise TypeError(f"expected a pandas.MultiIndex, got {type(midx).__name__}")
        return cls({dim: midx})

    # the mapping protocol, shared by the bound views
    @property
    def _names(self) -> set[Hashable]:
        return self._data._coord_names

    @property
    def variables(self) -> Frozen[Hashable, Variable]:
        """The coordinates as Variables."""
        return Frozen({k: v for k, v in self._data._variables.items() if k in self._names})

    @property
    def xindexes(self) -> Indexes[Index]:
        """The Index objects of these coordinates."""
        return self._data.xindexes

    @property
    def indexes(self) -> Indexes[pd.Index]:
        """The indexes of these coordinates as pandas indexes."""
        return self._data.indexes

    @property
    def dims(self) -> Any:
        """Mapping of dimension names to sizes (a tuple of names for DataArray coordinates)."""
        return Frozen(calculate_dimensions(dict(self.variables)))

    @property
    def sizes(self) -> Frozen[Hashable, int]:
        """Mapping of dimension names to sizes."""
        return Frozen(calculate_dimensions(dict(self.variables)))

    @property
    def dtypes(self) -> Frozen[Hashable, np.dtype]:
        """The dtype of each coordinate."""
        return Frozen({k: v.dtype for k, v in self.variables.items()})

    def __iter__(self) -> Iterator[Hashable]:
        return (k for k in self._data._variables if k in self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, key: object) -> bool:
        return key in self._names

    def __getitem__(self, key: Hashable) -> DataArray:
        if key not in self._names:
            raise KeyError(missing_names_message("coordinate", [key], list(self)))
        return self._data[key]

    def __setitem__(self, key: Hashable, value: Any) -> None:
        self.update({key: value})

    def __delitem__(self, key: Hashable) -> None:
        if key not in self._names:
            raise KeyError(missing_names_message("coordinate", [key], list(self)))
        del self._data[key]

    def __repr__(self) -> str:
        return formatting_text.coords_repr(self)

    def _ipython_key_completions_(self) -> list[Hashable]:
        return list(self)

    def to_dataset(self) -> Dataset:
        """A Dataset holding only these coordinates."""
        names = [k for k in self._data._variables if k in self._names]
        ds = self._data
        variables = {k: ds._variables[k] for k in names}
        return type(ds)._construct_direct(
            variables, set(names), indexes=filter_indexes_from_coords(ds._indexes, set(names))
        )

    def to_index(self, ordered_dims: Any = None) -> pd.Index:
        """The pandas index (a MultiIndex for several dims, product order) of these coordinates."""
        sizes = self.sizes
        dims = list(sizes) if ordered_dims is None else list(ordered_dims)
        missing = [d for d in dims if d not in sizes]
        if missing or len(dims) != len(sizes):
            raise ValueError(
                f"ordered_dims must list the coordinates' dimensions {list(sizes)} exactly, got {dims}"
            )
        if not dims:
            raise ValueError("no dimensions to build an index from")
        indexes = [self._data.get_index(d) for d in dims]
        if len(indexes) == 1:
            return indexes[0]
        return pd.MultiIndex.from_product(indexes, names=dims)

    def update(self, other: Mapping[Any, Any]) -> None:
        """Add or replace coordinates; a new 1-D coordinate named after its dim gets an index."""
        _update_coords(self._data, other)

    def merge(self, other: Coordinates | None) -> Dataset:
        """A Dataset of these coordinates merged with ``other``'s, as for arithmetic results.

        Index coordinates must agree; non-index coordinates that conflict are dropped.
        """
        if other is None:
            return self.to_dataset()
        if not isinstance(other, Coordinates):
            other = Coordinates(other)
        mine, theirs = self.to_dataset(), other.to_dataset()
        for name in set(mine._indexes) & set(theirs._indexes):
            if not mine._indexes[name].equals(theirs._indexes[name]):
                raise MergeError(
                    f"cannot merge coordinates: index coordinate {name!r} differs between the two "
                    "sets; align them first (labarray.align)"
                )
        variables, indexes = merge_coordinates_without_align(
            [(mine._variables, mine._indexes), (theirs._variables, theirs._indexes)]
        )
        return type(mine)._construct_direct(variables, set(variables), indexes=indexes)

    def copy(self, deep: bool = False) -> Coordinates:
        """A copy of these coordinates (and their indexes)."""
        return Coordinates._construct_direct(self.to_dataset().copy(deep=deep))

    def equals(self, other: Any) -> bool:
        """True when both hold the same coordinate variables (values, dims)."""
        return isinstance(other, Coordinates) and self.to_dataset().equals(other.to_dataset())

    def identical(self, other: Any) -> bool:
        """Like :meth:`equals`, also comparing attributes."""
        return isinstance(other, Coordinates) and self.to_dataset().identical(other.to_dataset())

    def assign(self, coords: Mapping[Any, Any] | None = None, **coords_kwargs: Any) -> Coordinates:
        """A new Coordinates object with coordinates added or replaced."""
        new = self.copy()
        new.update(dict(coords or {}, **coords_kwargs))
        return new

    @classmethod
    def from_xindex(cls, index: Index) -> Coordinates:
        """Coordinates holding the variables an existing ``index`` creates, all sharing it.

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> from labarray.indexes import PandasIndex
        >>> coords = la.Coordinates.from_xindex(PandasIndex(pd.Index([1, 2]), "x"))
        >>> list(coords), list(coords.xindexes)
        (['x'], ['x'])
        """
        if not isinstance(index, Index):
            raise TypeError(f"from_xindex needs an Index object, got {type(index).__name__}")
        variables = index.create_variables()
        if not variables:
            raise ValueError(
                f"{type(index).__name__} creates no coordinate variables by itself, so no "
                "Coordinates can be built from it; pass the coordinates and the index to "
                "Coordinates(coords, indexes=...) instead"
            )
        return cls(coords=variables, indexes=dict.fromkeys(variables, index))

    # ------------------------------------------------------------------ new objects, via a Dataset
    # Each returns a standalone Coordinates object (never a view), as xarray's do.
    def drop_vars(self, names: Any, *, errors: Literal["raise", "ignore"] = "raise") -> Coordinates:
        """Coordinates without the named ones (and without the indexes built on them).

        Parameters
        ----------
        names : hashable, iterable of hashable or callable
            Coordinate name(s); a callable gets a Dataset of these coordinates and returns them.
        errors : {"raise", "ignore"}, default: "raise"
            ``"raise"``: a ``ValueError`` names the coordinates that do not exist.

        Examples
        --------
        >>> import labarray as la
        >>> coords = la.Coordinates({"x": [1, 2], "c": ("x", [3, 4])})
        >>> list(coords.drop_vars("c"))
        ['x']
        """
        return Coordinates._construct_direct(self.to_dataset().drop_vars(names, errors=errors))

    def drop_dims(
        self, drop_dims: Hashable | Iterable[Hashable], *, errors: Literal["raise", "ignore"] = "raise"
    ) -> Coordinates:
        """Coordinates without the given dimensions (every coordinate using them is dropped).

        Examples
        --------
        >>> import labarray as la
        >>> coords = la.Coordinates({"x": [1, 2], "y": [3]})
        >>> list(coords.drop_dims("y"))
        ['x']
        """
        return Coordinates._construct_direct(self.to_dataset().drop_dims(drop_dims, errors=errors))

    def rename_dims(self, dims_dict: Mapping[Any, Hashable] | None = None, **dims: Hashable) -> Coordinates:
        """Coordinates with dimensions renamed (the coordinate names stay).

        Examples
        --------
        >>> import labarray as la
        >>> coords = la.Coordinates({"c": ("x", [1, 2])})
        >>> dict(coords.rename_dims(x="y").sizes)
        {'y': 2}
        """
        return Coordinates._construct_direct(self.to_dataset().rename_dims(dims_dict, **dims))

    def rename_vars(self, name_dict: Mapping[Any, Hashable] | None = None, **names: Hashable) -> Coordinates:
        """Coordinates with coordinates renamed (the dimension names stay).

        Examples
        --------
        >>> import labarray as la
        >>> coords = la.Coordinates({"c": ("x", [1, 2])})
        >>> list(coords.rename_vars(c="d"))
        ['d']
        """
        return Coordinates._construct_direct(self.to_dataset().rename_vars(name_dict, **names))


class DatasetCoordinates(Coordinates):
    """``ds.coords``: the coordinates of a Dataset, a live view of it."""

    __slots__ = ()

    def __init__(self, dataset: Dataset) -> None:
        self._data = dataset

    @property
    def dims(self) -> Frozen[Hashable, int]:
        """The dimensions of the Dataset (as in xarray, also those without coordinates)."""
        return self._data.sizes

    @property
    def sizes(self) -> Frozen[Hashable, int]:
        return self._data.sizes

    def to_dataset(self) -> Dataset:
        return self._data._copy_listed([k for k in self._data._variables if k in self._names])


class DataArrayCoordinates(Coordinates):
    """``da.coords``: the coordinates of a DataArray, a live view of it."""

    __slots__ = ()

    def __init__(self, dataarray: DataArray) -> None:
        self._data = dataarray  # type: ignore[assignment]

    @property
    def _names(self) -> set[Hashable]:
        return set(self._data._coords)

    @property
    def variables(self) -> Frozen[Hashable, Variable]:
        return Frozen(self._data._coords)

    @property
    def dims(self) -> Any:  # a tuple of names, as DataArray.dims
        return self._data.dims

    @property
    def sizes(self) -> Frozen[Hashable, int]:
        return self._data.sizes

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self._data._coords)

    def __getitem__(self, key: Hashable) -> DataArray:
        if key not in self._data._coords:
            raise KeyError(missing_names_message("coordinate", [key], list(self)))
        return self._data._getitem_coord(key)

    def __delitem__(self, key: Hashable) -> None:
        if key not in self._data._coords:
            raise KeyError(missing_names_message("coordinate", [key], list(self)))
        assert_no_index_corrupted(self._data.xindexes, {key})
        del self._data._coords[key]
        self._data._indexes.pop(key, None)

    def to_dataset(self) -> Dataset:
        coords = dict(self._data._coords)
        return dataset_module.Dataset._construct_direct(coords, set(coords), indexes=dict(self._data._indexes))

    def update(self, other: Mapping[Any, Any]) -> None:
        ds = self.to_dataset()
        _update_coords(ds, other)
        check_dataarray_coords(self._data.sizes, ds._variables)
        self._data._coords = dict(ds._variables)
        self._data._indexes = dict(ds._indexes)


def _update_coords(dataset: Dataset, other: Mapping[Any, Any]) -> None:
    """Add/replace coordinates of ``dataset`` in place (the body of ``coords.update``)."""
    if isinstance(other, Coordinates):
        source = other.to_dataset()
        new_vars = dict(source._variables)
        new_indexes = dict(source._indexes)
    else:
        if any(is_dataarray_like(v) for v in other.values()):
            # DataArray values are aligned onto the target's indexes, never the reverse
            (other,) = deep_align([dict(other)], join="left", copy=False, indexes=dataset._indexes or None)
            # the assigned values win over coordinates they carry under the same names (as in
            # ``lon=(da.lon + 180) % 360 - 180``, whose own ``lon`` coordinate is the old one)
            other = {
                k: v.drop_vars([c for c in v.coords if c in other]) if is_dataarray_like(v) else v
                for k, v in other.items()
            }
        grouped, _ = collect_from_mapping(other, is_coords=True)
        new_vars, new_indexes = merge_collected(grouped, compat="broadcast_equals")
    replaced = set(new_vars) & set(dataset._variables)
    # replacing a coordinate drops the index that owned it (and, for multi-indexes, its other levels)
    variables = dict(dataset._variables)
    indexes = dict(dataset._indexes)
    for name in replaced:
        if name in indexes:
            owner = indexes[name]
            group = [k for k, v in indexes.items() if v is owner]
            if len(group) > 1 and not set(group) <= set(new_vars):
                raise ValueError(
                    f"cannot update coordinate {name!r} alone: it is part of the index built from "
                    f"coordinates {', '.join(map(repr, group))}; assign all of them together, or "
                    "reset_index() first"
                )
            for other_name in [k for k, v in indexes.items() if v is owner]:
                del indexes[other_name]
                if other_name not in new_vars and other_name != name:
                    variables[other_name] = variables[other_name].to_base_variable()
    variables.update(new_vars)
    indexes.update(new_indexes)
    try:
        dims = calculate_dimensions(variables)
    except ValueError as err:
        raise ValueError(f"cannot assign coordinates: {err}") from err
    dataset._replace(
        variables, set(dataset._coord_names) | set(new_vars), dims, indexes=indexes, inplace=True
    )
