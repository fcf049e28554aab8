"""``Dataset``: a dict-like collection of labeled variables sharing dimensions, coordinates and indexes."""

from __future__ import annotations

import copy as copy_module
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, Literal, Self

import numpy as np
import pandas as pd

from labarray import coordinates as coordinates_module
from labarray import dataarray as dataarray_module
from labarray.accessors.virtual import virtual_variable
from labarray.aggregations import inject_aggregations
from labarray.dataset_reductions import DatasetReductions
from labarray.dataset_views import DatasetLocIndexer, DataVariables
from labarray.formatting import html as formatting_html
from labarray.formatting import text as formatting_text
from labarray.indexes import (
    Index,
    Indexes,
    PandasIndex,
    assert_no_index_corrupted,
    filter_indexes_from_coords,
)
from labarray.indexes.selection import map_index_queries
from labarray.kernels.take import NA
from labarray.options import OPTIONS, _get_keep_attrs
from labarray.parallel import collection as dask_collection
from labarray.parallel.chunkmanager import (
    compute_arrays,
    persist_arrays,
)
from labarray.structure.align import (
    broadcast,
    reindex,
    reindex_like,
    reindex_variables,
)
from labarray.structure.arithmetic import (
    dataset_binary_op,
    dataset_inplace_binary_op,
    labeled_array_ufunc,
)
from labarray.structure.construction import merge_data_and_coords, update_merge
from labarray.structure.index_ops import (
    rename_variables,
    reset_index_variables,
    set_index_variables,
    swap_dims_variables,
)
from labarray.structure.masking import dataset_where_aligned, isin_variable, where
from labarray.structure.merge import (
    combine_first,
    dataset_merge,
    is_dataarray_like,
)
from labarray.structure.reshape import insert_dims, normalize_axes, normalize_expand_dims
from labarray.structure.selection import (
    check_indexer_dim_coords,
    head_tail_thin_indexers,
    isel_variables,
    prepare_positional_indexers,
    reattach_indexer_coords,
    sortby_indexers,
    squeeze_dims,
)
from labarray.utils.attrs import attrs_equal
from labarray.utils.dims import (
    as_name_set,
    drop_missing_dims,
    either_dict_or_kwargs,
    infer_transpose_order,
)
from labarray.utils.frozen import Frozen, is_dict_like
from labarray.utils.pipe import pipe
from labarray.utils.suggest import did_you_mean, missing_names_message
from labarray.variable import Variable, broadcast_variables, calculate_dimensions
from labarray.variable.ops import inject_arithmetic

if TYPE_CHECKING:
    from labarray.dataarray import DataArray

__all__ = ["Dataset"]

_default: Any = object()


class Dataset(dask_collection.DaskCollection, DatasetReductions, Mapping[Hashable, "DataArray"]):
    """A collection of labeled variables that share dimensions, coordinates and indexes.

    Parameters
    ----------
    data_vars : dict-like, optional
        Data variables: each value a DataArray, a Variable, a tuple
        ``(dims, data[, attrs[, encoding]])``, or 1-D data named after its dimension.
    coords : dict-like or Coordinates, optional
        Coordinates, in the same forms; a ``pd.MultiIndex`` becomes a multi-index with one
        coordinate per level. 1-D coordinates named after their dimension get an index.
    attrs : dict-like, optional
        Global attributes.

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as la
    >>> ds = la.Dataset(
    ...     {"ta": (("lat", "lon"), np.zeros((2, 3)))},
    ...     coords={"lat": [-45.0, 45.0], "lon": [0.0, 120.0, 240.0]},
    ... )
    >>> dict(ds.sizes)
    {'lat': 2, 'lon': 3}
    >>> float(ds.ta.sel(lat=45.0, lon=120.0))
    0.0
    """

    __slots__ = ("__weakref__", "_attrs", "_coord_names", "_dims", "_encoding", "_indexes", "_variables")
    _attrs: dict[Hashable, Any] | None
    _coord_names: set[Hashable]
    _dims: dict[Hashable, int]
    _encoding: dict[Any, Any] | None
    _indexes: dict[Hashable, Index]
    _variables: dict[Hashable, Variable]
    __array_priority__ = 50
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        data_vars: Mapping[Any, Any] | None = None,
        coords: Mapping[Any, Any] | None = None,
        attrs: Mapping[Any, Any] | None = None,
    ) -> None:
        data_vars = {} if data_vars is None else data_vars
        coords = {} if coords is None else coords
        if is_dict_like(data_vars) and any(isinstance(v, pd.Series | pd.DataFrame) for v in data_vars.values()):
            # pandas objects bring their index as a coordinate, as DataArrays do
            data_vars = {
                k: dataarray_module.DataArray(v) if isinstance(v, pd.Series | pd.DataFrame) else v
                for k, v in data_vars.items()
            }
        if isinstance(data_vars, Dataset) or not is_dict_like(data_vars):
            raise TypeError(
                "data_vars must be a dict-like of variables, got "
                f"{type(data_vars).__name__}; to copy a Dataset use ds.copy()"
            )
        both = set(data_vars) & set(coords)
        if both:
            raise ValueError(
                f"variables {sorted(map(str, both))} are found in both data_vars and coords; "
                "give each name once"
            )
        result = merge_data_and_coords(data_vars, coords)
        self._variables = result.variables
        self._coord_names = result.coord_names
        self._dims = result.dims
        self._indexes = result.indexes
        self._attrs = dict(attrs) if attrs else None
        self._encoding = None

    # ------------------------------------------------------------------ construction helpers
    @classmethod
    def _construct_direct(
        cls,
        variables: dict[Hashable, Variable],
        coord_names: set[Hashable],
        dims: dict[Hashable, int] | None = None,
        attrs: dict[Hashable, Any] | None = None,
        indexes: dict[Hashable, Index] | None = None,
        encoding: dict[Hashable, Any] | None = None,
    ) -> Self:
        """Build a Dataset from trusted parts, without validation (internal fast path)."""
        obj = object.__new__(cls)
        setattr_ = object.__setattr__  # skips the guard of __setattr__ on this hot path
        setattr_(obj, "_variables", variables)
        setattr_(obj, "_coord_names", coord_names)
        setattr_(obj, "_dims", calculate_dimensions(variables) if dims is None else dims)
        setattr_(obj, "_indexes", {} if indexes is None else indexes)
        setattr_(obj, "_attrs", attrs)
        setattr_(obj, "_encoding", encoding)
        return obj

    def _replace(
        self,
        variables: dict[Hashable, Variable] | None = None,
        coord_names: set[Hashable] | None = None,
        dims: dict[Hashable, int] | None = None,
        attrs: dict[Hashable, Any] | None = _default,
        indexes: dict[Hashable, Index] | None = None,
        encoding: dict[Hashable, Any] | None = _default,
        inplace: bool = False,
    ) -> Self:
        """A new Dataset (or this one, with ``inplace``) with some parts replaced."""
        if inplace:
            if variables is not None:
                self._variables = variables
            if coord_names is not None:
                self._coord_names = coord_names
            if dims is not None:
                self._dims = dims
            if attrs is not _default:
                self._attrs = attrs
            if indexes is not None:
                self._indexes = indexes
            if encoding is not _default:
                self._encoding = encoding
            return self
        return type(self)._construct_direct(
            dict(self._variables) if variables is None else variables,
            set(self._coord_names) if coord_names is None else coord_names,
            dict(self._dims) if dims is None else dims,
            copy_module.copy(self._attrs) if attrs is _default else attrs,
            dict(self._indexes) if indexes is None else indexes,
            copy_module.copy(self._encoding) if encoding is _default else encoding,
        )

    def _replace_with_new_dims(
        self,
        variables: dict[Hashable, Variable],
        coord_names: set[Hashable] | None = None,
        attrs: dict[Hashable, Any] | None = _default,
        indexes: dict[Hashable, Index] | None = None,
        inplace: bool = False,
    ) -> Self:
        """Like :meth:`_replace`, recomputing the dimension sizes from ``variables``."""
        dims = calculate_dimensions(variables)
        if coord_names is not None:
            coord_names = coord_names & set(variables)
        return self._replace(variables, coord_names, dims, attrs, indexes, inplace=inplace)

    def _replace_variables(self, new_variables: Mapping[Hashable, Variable]) -> Self:
        """Replace the given variables (same names), recomputing dims (used by broadcast)."""
        variables = dict(self._variables)
        variables.update(new_variables)
        return self._replace_with_new_dims(variables, set(self._coord_names))

    def _reindex_with_indexers(
        self,
        indexes: Mapping[Hashable, Index],
        index_variables: Mapping[Hashable, Variable],
        dim_pos_indexers: Mapping[Hashable, np.ndarray],
        fill_value: Any,
        exclude_dims: frozenset[Hashable] = frozenset(),
        copy: bool = True,
        exclude_vars: frozenset[Hashable] = frozenset(),
    ) -> Self:
        """Rebuild this Dataset on new indexes, moving data with ``dim_pos_indexers`` (-1 = fill).

        Excluded dimensions never appear in ``dim_pos_indexers``, so they are left alone.
        """
        new_indexes = dict(self._indexes)
        new_indexes.update(indexes)
        others = {k: v for k, v in self._variables.items() if k not in index_variables}
        variables = reindex_variables(others, dim_pos_indexers, fill_value, exclude_vars, copy=copy)
        for name, var in index_variables.items():
            # each object keeps its own coordinate attributes
            own = self._variables.get(name)
            variables[name] = var if own is None else var._replace(attrs=own._attrs, encoding=own._encoding)
        ordered = {k: variables[k] for k in self._variables if k in variables}
        ordered.update({k: v for k, v in variables.items() if k not in ordered})
        coord_names = set(self._coord_names) | set(index_variables)
        return self._replace_with_new_dims(ordered, coord_names, indexes=new_indexes)

    def _construct_dataarray(self, name: Hashable) -> DataArray:
        """The DataArray for variable ``name`` with every coordinate that fits its dimensions."""
        try:
            variable = self._variables[name]
        except KeyError:
            raise KeyError(self._missing_variable_message(name)) from None
        needed = set(variable.dims)
        coords = {
            k: v  # in the Dataset's order
            for k, v in self._variables.items()
            if k in self._coord_names and set(v.dims) <= needed
        }
        indexes = filter_indexes_from_coords(self._indexes, set(coords))
        return dataarray_module.DataArray._construct_direct(variable, coords, name, indexes)

    def _virtual_dataarray(self, key: str) -> DataArray:
        """``ds["time.month"]``: a date component of a datetime coordinate, as a DataArray."""
        ref, _, component = key.partition(".")
        if ref not in self._variables:
            raise KeyError(self._missing_variable_message(key))
        variable = virtual_variable(self._variables[ref], component, key)
        needed = set(variable.dims)
        coords = {k: v for k, v in self._variables.items() if k in self._coord_names and set(v.dims) <= needed}
        indexes = filter_indexes_from_coords(self._indexes, set(coords))
        return dataarray_module.DataArray._construct_direct(variable, coords, component, indexes)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Dataset.__slots__ or name in ("attrs", "encoding"):
            object.__setattr__(self, name, value)
            return
        raise AttributeError(
            f"cannot set attribute {name!r} on a 'Dataset' object; use item assignment "
            f"(ds[{name!r}] = ...) to add a variable, or ds.attrs[{name!r}] = ... for an attribute"
        )

    def _coord_variables(self) -> dict[Hashable, Variable]:
        return {k: v for k, v in self._variables.items() if k in self._coord_names}

    def _missing_variable_message(self, name: Hashable) -> str:
        return missing_names_message("variable", [name], list(self._variables))

    def _copy_listed(self, names: Iterable[Hashable]) -> Self:
        """A Dataset of the named variables plus the coordinates that fit their dimensions."""
        variables: dict[Hashable, Variable] = {}
        coord_names: set[Hashable] = set()
        missing = [n for n in names if n not in self._variables]
        if missing:
            raise KeyError(missing_names_message("variable", missing, list(self._variables)))
        for name in names:
            variables[name] = self._variables[name]
            if name in self._coord_names:
                coord_names.add(name)
        needed = {d for v in variables.values() for d in v.dims}
        for k in self._variables:  # in the dataset's own order (a set's order varies by run)
            if k in self._coord_names and k not in variables and set(self._variables[k].dims) <= needed:
                variables[k] = self._variables[k]
                coord_names.add(k)
        indexes = filter_indexes_from_coords(self._indexes, coord_names)
        return self._replace_with_new_dims(variables, coord_names, indexes=indexes)

    # ------------------------------------------------------------------ properties
    @property
    def variables(self) -> Frozen[Hashable, Variable]:
        """Every variable (data variables and coordinates) as a read-only mapping of Variables."""
        return Frozen(self._variables)

    @property
    def attrs(self) -> dict[Hashable, Any]:
        """Global attributes of the dataset."""
        if self._attrs is None:
            self._attrs = {}
        return self._attrs

    @attrs.setter
    def attrs(self, value: Mapping[Any, Any]) -> None:
        self._attrs = dict(value)

    @property
    def encoding(self) -> dict[Any, Any]:
        """How the dataset is stored on disk (unlimited dims, source file, ...)."""
        if self._encoding is None:
            self._encoding = {}
        return self._encoding

    @encoding.setter
    def encoding(self, value: Mapping[Any, Any]) -> None:
        self._encoding = dict(value)

    @property
    def dims(self) -> Frozen[Hashable, int]:
        """Mapping from dimension names to lengths (the same as :attr:`sizes`)."""
        return Frozen(self._dims)

    @property
    def sizes(self) -> Frozen[Hashable, int]:
        """Mapping from dimension names to lengths.

        Examples
        --------
        >>> import labarray as la
        >>> dict(la.Dataset({"a": ("x", [1, 2, 3])}).sizes)
        {'x': 3}
        """
        return Frozen(self._dims)

    @property
    def dtypes(self) -> Frozen[Hashable, np.dtype]:
        """The dtype of each data variable."""
        return self.data_vars.dtypes

    @property
    def nbytes(self) -> int:
        """Total bytes of every variable's data (lazy data counted as if loaded)."""
        return sum(v.nbytes for v in self._variables.values())

    @property
    def data_vars(self) -> DataVariables:
        """The data variables (a mapping of names to DataArrays)."""
        return DataVariables(self)

    @property
    def coords(self) -> coordinates_module.DatasetCoordinates:
        """The coordinates (a mapping of names to DataArrays), including index coordinates."""
        return coordinates_module.DatasetCoordinates(self)

    @property
    def xindexes(self) -> Indexes[Index]:
        """The Index objects of the dataset, keyed by coordinate name."""
        return Indexes(self._indexes, {k: self._variables[k] for k in self._indexes})

    @property
    def indexes(self) -> Indexes[pd.Index]:
        """The indexes as pandas indexes, keyed by coordinate name."""
        return self.xindexes.to_pandas_indexes()

    def get_index(self, key: Hashable) -> pd.Index:
        """The pandas index along dimension ``key`` (a default range index if it has none)."""
        if key not in self._dims:
            raise KeyError(missing_names_message("dimension", [key], list(self._dims)))
        if key in self._indexes:
            return self._indexes[key].to_pandas_index()
        return pd.RangeIndex(self._dims[key], name=key)

    @property
    def loc(self) -> DatasetLocIndexer:
        """Label-based selection and assignment: ``ds.loc[{"time": "2000-01"}]``."""
        return DatasetLocIndexer(self)

    @property
    def chunks(self) -> Frozen[Hashable, tuple[int, ...]]:
        """Block sizes along each chunked dimension; ``{}`` when nothing is chunked.

        Raises ``ValueError`` naming the variable and dimension when variables disagree.
        """
        return Frozen(dask_collection.consistent_chunks(self._variables))

    chunksizes = chunks

    # ------------------------------------------------------------------ mapping protocol
    def __contains__(self, key: object) -> bool:
        return key in self._variables

    def __len__(self) -> int:
        return len(self._variables) - len(self._coord_names)

    def __bool__(self) -> bool:
        return bool(len(self))

    def __iter__(self) -> Iterator[Hashable]:
        return iter(self.data_vars)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise TypeError(
            "cannot convert a Dataset into a NumPy array; select a variable (ds['name']) "
            "or use ds.to_dataarray() first"
        )

    def __getitem__(self, key: Any) -> Any:
        """``ds["name"]`` -> DataArray, ``ds[["a", "b"]]`` -> Dataset, ``ds[{"x": 0}]`` -> isel."""
        if is_dict_like(key):
            return self.isel(key)
        if isinstance(key, list):
            return self._copy_listed(key)
        if isinstance(key, Hashable):
            if key not in self._variables:
                if isinstance(key, str) and "." in key:
                    return self._virtual_dataarray(key)
                if key in self._dims:
                    # a dimension without a coordinate: its positions, as in xarray
                    positions = Variable((key,), np.arange(self._dims[key]))
                    return dataarray_module.DataArray._construct_direct(positions, {}, key, {})
                message = self._missing_variable_message(key)
                if isinstance(key, tuple) and all(k in self._variables for k in key):
                    message += f"; to select several variables use a list: ds[{list(key)!r}]"
                raise KeyError(message)
            return self._construct_dataarray(key)
        raise TypeError(f"cannot index a Dataset with {type(key).__name__}; use a name, a list of names or a dict")

    def __setitem__(self, key: Any, value: Any) -> None:
        """Add or replace a variable (``ds["t2"] = ...``) or assign to a positional region."""
        if is_dict_like(key):
            self._setitem_region(key, value)
            return
        if isinstance(key, list):
            if not isinstance(value, Dataset | list | tuple):
                raise TypeError("assigning to a list of names needs a Dataset, list or tuple of values")
            values = [value[k] for k in value.data_vars] if isinstance(value, Dataset) else list(value)
            if len(values) != len(key):
                raise ValueError(f"{len(key)} names given but {len(values)} values to assign")
            self.update(dict(zip(key, values, strict=True)))
            return
        if isinstance(value, Dataset):
            raise TypeError(
                "cannot assign a Dataset to a single variable; assign one of its DataArrays or use ds.update()"
            )
        self.update({key: value})

    def _setitem_region(self, key: Mapping[Hashable, Any], value: Any) -> None:
        """Assign values to a positional region of every data variable (validated before writing)."""
        drop_missing_dims(key, self._dims, "raise", "Dataset")
        if isinstance(value, Dataset):
            missing = [k for k in value.data_vars if k not in self.data_vars]
            if missing:
                raise ValueError(
                    "cannot assign a Dataset with variables that are not in the target: "
                    + missing_names_message("data variable", missing, list(self.data_vars))
                )
            items = {k: value[k] for k in value.data_vars}
        else:
            items = dict.fromkeys(self.data_vars, value)
        for name in items:
            lacking = [d for d in key if d not in self._variables[name].dims]
            if lacking:
                raise ValueError(
                    f"cannot assign to variable {name!r} at {dict(key)!r}: it has no dimension(s) "
                    f"{lacking}; assign to the variables that have them, e.g. ds[[...]]"
                )
        new_variables = {}
        for name, item in items.items():
            var = self._variables[name]
            new_var = var.copy(deep=False)
            item_value = item.variable if is_dataarray_like(item) else item
            new_var[tuple(key.get(d, slice(None)) for d in var.dims)] = item_value
            new_variables[name] = new_var
        self._variables.update(new_variables)

    def __delitem__(self, key: Hashable) -> None:
        if key not in self._variables:
            raise KeyError(self._missing_variable_message(key))
        assert_no_index_corrupted(self.xindexes, {key})
        if key in self._indexes:
            del self._indexes[key]
        del self._variables[key]
        self._coord_names.discard(key)
        self._dims = calculate_dimensions(self._variables)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in Dataset.__slots__:
            raise AttributeError(name)
        try:
            variables = object.__getattribute__(self, "_variables")
        except AttributeError:
            raise AttributeError(name) from None
        if name in variables or name in object.__getattribute__(self, "_dims"):
            return self[name]
        attrs = object.__getattribute__(self, "_attrs") or {}
        if name in attrs:
            return attrs[name]
        hint = did_you_mean(name, list(variables) + list(attrs))
        raise AttributeError(
            f"'Dataset' object has no attribute, variable or attr {name!r}" + (f"; {hint}" if hint else "")
        )

    def __dir__(self) -> list[str]:
        extra = [str(k) for k in list(self._variables) + list(self.attrs) if isinstance(k, str) and k.isidentifier()]
        return sorted(set(super().__dir__()) | set(extra))

    def _ipython_key_completions_(self) -> list[Hashable]:
        return list(self._variables)

    # ------------------------------------------------------------------ copying and conversion
    def copy(self, deep: bool = False, data: Mapping[Any, Any] | None = None) -> Self:
        """Return a copy; ``deep=True`` also copies data, attrs and indexes.

        Parameters
        ----------
        deep : bool, default: False
            Copy the data (and attrs) rather than sharing them.
        data : dict-like, optional
            New data for some or all data variables, with the same shapes.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1, 2])})
        >>> ds.copy(data={"a": [5, 6]}).a.values.tolist()
        [5, 6]
        """
        if data is not None:
            if not is_dict_like(data):
                raise TypeError(f"data must be dict-like, got {type(data).__name__}")
            unknown = [k for k in data if k not in self._variables]
            if unknown:
                raise ValueError(missing_names_message("variable", unknown, list(self._variables)))
        variables = {}
        for name, var in self._variables.items():
            if data is not None and name in data:
                variables[name] = var.copy(deep=deep, data=data[name])
            else:
                variables[name] = var.copy(deep=deep)
        indexes, index_variables = self.xindexes.copy_indexes(deep=deep)
        variables.update({k: v for k, v in index_variables.items() if k in variables})
        attrs = copy_module.deepcopy(self._attrs) if deep else copy_module.copy(self._attrs)
        encoding = copy_module.deepcopy(self._encoding) if deep else copy_module.copy(self._encoding)
        return self._replace(variables, indexes=indexes, attrs=attrs, encoding=encoding)

    def __copy__(self) -> Self:
        return self.copy(deep=False)

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        return self.copy(deep=True)

    def astype(
        self,
        dtype: Any,
        *,
        order: str | None = None,
        casting: str | None = None,
        subok: bool | None = None,
        copy: bool | None = None,
        keep_attrs: bool = True,
    ) -> Self:
        """Cast every data variable to ``dtype`` (coordinates keep theirs).

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [1, 2])}).astype("float32").a.dtype
        dtype('float32')
        """
        variables = dict(self._variables)
        for name in self.data_vars:
            variables[name] = self._variables[name].astype(
                dtype, order=order, casting=casting, subok=subok, copy=copy, keep_attrs=keep_attrs
            )
        attrs = self._attrs if keep_attrs else None
        return self._replace(variables, attrs=copy_module.copy(attrs))

    def to_dataarray(self, dim: Hashable = "variable", name: Hashable | None = None) -> DataArray:
        """Stack the data variables along a new first dimension ``dim`` into one DataArray.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1, 2]), "b": ("x", [3, 4])})
        >>> ds.to_dataarray().dims
        ('variable', 'x')
        """
        names = list(self.data_vars)
        if not names:
            raise ValueError("cannot convert a Dataset without data variables to a DataArray")
        if dim in self._dims:
            raise ValueError(f"dimension {dim!r} already exists in the Dataset; choose another name for dim")
        data = broadcast_variables(*(self._variables[k] for k in names))
        stacked = Variable.concat(data, dim)
        coords = self._coord_variables()
        # the variable names as an object coordinate (as xarray)
        coords[dim] = Variable((dim,), np.array(names, dtype=object))
        indexes = dict(self._indexes)
        idx = PandasIndex(pd.Index(names, dtype=object), dim, coord_dtype=coords[dim].dtype)
        indexes[dim] = idx
        coords.update(idx.create_variables({dim: coords[dim]}))
        return dataarray_module.DataArray._construct_direct(stacked, coords, name, indexes, attrs=self.attrs)

    to_array = to_dataarray

    def pipe(self, func: Callable[..., Any] | tuple[Callable[..., Any], str], *args: Any, **kwargs: Any) -> Any:
        """Apply ``func(self, *args, **kwargs)``; ``(func, "kw")`` passes self as keyword ``kw``.

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [1, 2])}).pipe(lambda ds, k: ds * k, 3).a.values.tolist()
        [3, 6]
        """
        return pipe(self, func, args, kwargs)

    # ------------------------------------------------------------------ assignment and renaming
    def update(self, other: Mapping[Any, Any]) -> Self:
        """Merge ``other``'s variables into this Dataset in place (``other`` wins); returns self.

        DataArrays in ``other`` are aligned onto this Dataset's indexes.
        """
        result = update_merge(self, other)
        return self._replace(
            result.variables, result.coord_names, result.dims, indexes=result.indexes, inplace=True
        )

    def merge(
        self,
        other: Any,
        overwrite_vars: Hashable | Iterable[Hashable] = frozenset(),
        compat: str = "no_conflicts",
        join: str = "outer",
        fill_value: Any = NA,
        combine_attrs: Any = "override",
    ) -> Self:
        """Merge the variables of ``other`` (Dataset, named DataArray or dict) into a new Dataset.

        ``overwrite_vars`` of ``other`` replace this Dataset's without a compat check; the other
        arguments are those of :func:`labarray.merge` (``combine_attrs="override"`` keeps these
        attrs).

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1, 2])}, coords={"x": [0, 1]})
        >>> ds.merge({"b": ("x", [3, 4])}).b.values.tolist()
        [3, 4]
        """
        result = dataset_merge(self, other, overwrite_vars, compat, join, fill_value, combine_attrs)
        return self._replace(
            result.variables, result.coord_names, result.dims, result.attrs or None, result.indexes
        )

    def combine_first(self, other: Self) -> Self:
        """Fill missing values with those of ``other`` on the union of both objects' labels.

        Examples
        --------
        >>> import labarray as la
        >>> a = la.Dataset({"v": ("x", [1.0, float("nan")])}, coords={"x": [0, 1]})
        >>> b = la.Dataset({"v": ("x", [5.0, 6.0, 7.0])}, coords={"x": [0, 1, 2]})
        >>> a.combine_first(b).v.values.tolist()
        [1.0, 6.0, 7.0]
        """
        return combine_first(self, other)

    def assign(self, variables: Mapping[Any, Any] | None = None, **variables_kwargs: Any) -> Self:
        """Return a new Dataset with new or replaced data variables; callables get the Dataset.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"t": ("x", [1.0, 2.0])})
        >>> ds.assign(t2=lambda d: d.t * 2).t2.values.tolist()
        [2.0, 4.0]
        """
        items = either_dict_or_kwargs(variables, variables_kwargs, "assign")
        data = self.copy()
        results = {k: v(data) if callable(v) else v for k, v in items.items()}
        data.update(results)
        return data

    def assign_coords(self, coords: Mapping[Any, Any] | None = None, **coords_kwargs: Any) -> Self:
        """Return a new Dataset with new or replaced coordinates; callables get the Dataset.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"t": ("x", [1.0, 2.0])})
        >>> ds.assign_coords(x=[10, 20]).x.values.tolist()
        [10, 20]
        """
        if isinstance(coords, coordinates_module.Coordinates) and not coords_kwargs:
            items: Any = coords
        else:
            items = either_dict_or_kwargs(coords, coords_kwargs, "assign_coords")
            items = {k: v(self) if callable(v) else v for k, v in items.items()}
        data = self.copy()
        data.coords.update(items)
        return data

    def assign_attrs(self, *args: Any, **kwargs: Any) -> Self:
        """Return a new Dataset with attributes updated from a dict and/or keywords.

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset().assign_attrs(title="demo").attrs
        {'title': 'demo'}
        """
        out = self.copy()
        out.attrs.update(*args, **kwargs)
        return out

    def set_coords(self, names: Hashable | Iterable[Hashable]) -> Self:
        """Turn the named data variables into coordinates."""
        names = [names] if isinstance(names, str) or not isinstance(names, Iterable) else list(names)
        missing = [n for n in names if n not in self._variables]
        if missing:
            raise ValueError(missing_names_message("variable", missing, list(self._variables)))
        return self._replace(coord_names=set(self._coord_names) | set(names))

    def reset_coords(self, names: Hashable | Iterable[Hashable] | None = None, drop: bool = False) -> Self:
        """Turn non-index coordinates into data variables (or drop them with ``drop=True``)."""
        if names is None:
            names = [k for k in self._variables if k in self._coord_names and k not in self._indexes]
        else:
            names = [names] if isinstance(names, str) or not isinstance(names, Iterable) else list(names)
            missing = [n for n in names if n not in self._coord_names]
            if missing:
                raise ValueError(missing_names_message("coordinate", missing, list(self._coord_names)))
            indexed = [n for n in names if n in self._indexes]
            if indexed:
                raise ValueError(
                    f"cannot reset index coordinate(s) {indexed}; use reset_index() first, or drop_vars()"
                )
        if drop:
            return self.drop_vars(names)
        return self._replace(coord_names=set(self._coord_names) - set(names))

    def drop_vars(
        self,
        names: Hashable | Iterable[Hashable] | Callable[[Self], Any],
        *,
        errors: Literal["raise", "ignore"] = "raise",
    ) -> Self:
        """Drop variables (data variables or coordinates) by name.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1]), "b": ("x", [2])})
        >>> list(ds.drop_vars("b").data_vars)
        ['a']
        """
        if callable(names):
            names = names(self)
        names_set = as_name_set(names)
        if errors not in ("raise", "ignore"):
            raise ValueError(f"errors must be 'raise' or 'ignore', got {errors!r}")
        if errors == "raise":
            missing = [n for n in names_set if n not in self._variables]
            if missing:
                raise ValueError(missing_names_message("variable", missing, list(self._variables)))
        names_set &= set(self._variables)
        assert_no_index_corrupted(self.xindexes, names_set)
        variables = {k: v for k, v in self._variables.items() if k not in names_set}
        indexes = {k: v for k, v in self._indexes.items() if k not in names_set}
        return self._replace_with_new_dims(variables, set(self._coord_names) - names_set, indexes=indexes)

    def drop_dims(
        self, drop_dims: Hashable | Iterable[Hashable], *, errors: Literal["raise", "ignore"] = "raise"
    ) -> Self:
        """Drop dimensions and every variable that uses any of them."""
        dims = as_name_set(drop_dims)
        if errors not in ("raise", "ignore"):
            raise ValueError(f"errors must be 'raise' or 'ignore', got {errors!r}")
        if errors == "raise":
            missing = [d for d in dims if d not in self._dims]
            if missing:
                raise ValueError(missing_names_message("dimension", missing, list(self._dims)))
        names = {k for k, v in self._variables.items() if set(v.dims) & dims}
        return self.drop_vars(names)

    def rename(self, name_dict: Mapping[Any, Hashable] | None = None, **names: Hashable) -> Self:
        """Rename variables, coordinates and dimensions.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1])}, coords={"x": [0]})
        >>> ds.rename(x="lon", a="ta").ta.dims
        ('lon',)
        """
        name_dict = either_dict_or_kwargs(name_dict, names, "rename")
        self._check_rename_keys(name_dict, "variable or dimension", set(self._variables) | set(self._dims))
        return self._rename_all(name_dict, name_dict)

    def rename_vars(self, name_dict: Mapping[Any, Hashable] | None = None, **names: Hashable) -> Self:
        """Rename variables and coordinates only (dimensions keep their names)."""
        name_dict = either_dict_or_kwargs(name_dict, names, "rename_vars")
        self._check_rename_keys(name_dict, "variable", set(self._variables))
        return self._rename_all(name_dict, {})

    def rename_dims(self, dims_dict: Mapping[Any, Hashable] | None = None, **dims: Hashable) -> Self:
        """Rename dimensions only (variables keep their names)."""
        dims_dict = either_dict_or_kwargs(dims_dict, dims, "rename_dims")
        self._check_rename_keys(dims_dict, "dimension", set(self._dims))
        taken = [(old, new) for old, new in dims_dict.items() if new in self._dims and new not in dims_dict]
        if taken:
            old, new = taken[0]
            raise ValueError(
                f"cannot rename dimension {old!r} to {new!r}: dimension {new!r} already exists; "
                "use swap_dims() or rename the existing dimension first"
            )
        clash = [v for v in dims_dict.values() if v in self._variables and v not in dims_dict]
        clash = [v for v in clash if self._variables[v].dims != (v,)]
        if clash:
            raise ValueError(
                f"cannot rename dimensions to {clash}: variables with those names exist on other "
                "dimensions; use swap_dims() or rename the variables first"
            )
        return self._rename_all({}, dims_dict)

    def _check_rename_keys(self, name_dict: Mapping[Any, Any], kind: str, existing: set[Hashable]) -> None:
        missing = [k for k in name_dict if k not in existing]
        if missing:
            raise ValueError(
                f"cannot rename {missing[0]!r} because it is not a {kind} in this Dataset; "
                + missing_names_message(kind.split(" ")[0], missing, sorted(existing, key=str))
            )

    def _rename_all(self, name_dict: Mapping[Any, Hashable], dims_dict: Mapping[Any, Hashable]) -> Self:
        variables, coord_names, indexes = rename_variables(self, name_dict, dims_dict)
        return self._replace_with_new_dims(variables, coord_names, indexes=indexes)

    def swap_dims(self, dims_dict: Mapping[Any, Hashable] | None = None, **dims_kwargs: Hashable) -> Self:
        """Replace dimensions by other 1-D variables along them (which become the indexes).

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1, 2])}, coords={"x": [0, 1], "y": ("x", [10, 20])})
        >>> ds.swap_dims(x="y").a.dims
        ('y',)
        """
        dims_dict = either_dict_or_kwargs(dims_dict, dims_kwargs, "swap_dims")
        variables, coord_names, indexes = swap_dims_variables(self, dims_dict)
        return self._replace_with_new_dims(variables, coord_names, indexes=indexes)

    def set_index(
        self,
        indexes: Mapping[Any, Hashable | Sequence[Hashable]] | None = None,
        append: bool = False,
        **indexes_kwargs: Hashable | Sequence[Hashable],
    ) -> Self:
        """Build indexes along dimensions from existing 1-D coordinates (several make a MultiIndex).

        A single coordinate becomes the dimension coordinate (renamed after the dimension).

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset(coords={"a": ("x", [1, 2]), "b": ("x", ["u", "v"])})
        >>> sorted(ds.set_index(x=["a", "b"]).xindexes)
        ['a', 'b', 'x']
        """
        dim_coords = either_dict_or_kwargs(indexes, indexes_kwargs, "set_index")
        variables, coord_names, new_indexes = set_index_variables(self, dim_coords, append)
        return self._replace_with_new_dims(variables, coord_names, indexes=new_indexes)

    def reset_index(self, dims_or_levels: Hashable | Sequence[Hashable], *, drop: bool = False) -> Self:
        """Remove indexes (their coordinates stay as plain coordinates unless ``drop=True``)."""
        variables, coord_names, new_indexes = reset_index_variables(self, dims_or_levels, drop)
        return self._replace_with_new_dims(variables, coord_names, indexes=new_indexes)

    # ------------------------------------------------------------------ shape
    def transpose(self, *dim: Hashable, missing_dims: Literal["raise", "warn", "ignore"] = "raise") -> Self:
        """Reorder the dimensions of every variable (``...`` stands for the others).

        Examples
        --------
        >>> import numpy as np
        >>> import labarray as la
        >>> ds = la.Dataset({"a": (("x", "y"), np.zeros((2, 3)))})
        >>> ds.transpose("y", ...).a.dims
        ('y', 'x')
        """
        if dim:
            # validated against the Dataset's dims; each variable keeps its own order under '...'
            infer_transpose_order(list(dim), list(self._dims), missing_dims, "Dataset")
        variables = {}
        for name, var in self._variables.items():
            if not dim:
                variables[name] = var.transpose()
            else:
                variables[name] = var.transpose(*[d for d in dim if d is ... or d in var.dims])
        return self._replace(variables)

    def expand_dims(
        self,
        dim: Hashable | Sequence[Hashable] | Mapping[Any, Any] | None = None,
        axis: int | Sequence[int] | None = None,
        create_index_for_new_dim: bool = True,
        **dim_kwargs: Any,
    ) -> Self:
        """Insert new dimensions of length 1 (or given lengths/coordinates) into every data variable.

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [1, 2])}).expand_dims("member").a.dims
        ('member', 'x')
        """
        dims = normalize_expand_dims(dim, dim_kwargs)
        for d in dims:
            if d in self._dims:
                raise ValueError(f"dimension {d!r} already exists; expand_dims adds new dimensions only")
            if d in self._variables and self._variables[d].ndim != 0:
                raise ValueError(f"cannot expand along {d!r}: a variable of that name with dimensions exists")
        axes = normalize_axes(axis, len(dims))
        variables: dict[Hashable, Variable] = {}
        indexes = dict(self._indexes)
        coord_names = set(self._coord_names)
        sizes: dict[Hashable, int] = {}
        for d, spec in dims.items():
            if isinstance(spec, int | np.integer) and not isinstance(spec, bool):
                if spec < 0:
                    raise ValueError(f"size of new dimension {d!r} must not be negative, got {spec}")
                sizes[d] = int(spec)
            else:
                values = np.asarray(spec)
                if values.ndim != 1:
                    raise ValueError(f"coordinate values for new dimension {d!r} must be 1-D")
                sizes[d] = len(values)
                var = Variable((d,), values)
                if create_index_for_new_dim:
                    index = PandasIndex.from_variables({d: var}, options={})
                    variables.update(index.create_variables({d: var}))
                    indexes[d] = index
                else:
                    variables[d] = var
                coord_names.add(d)
        for name, var in self._variables.items():
            if name in dims:
                # a scalar coordinate of the same name becomes the new dimension coordinate
                expanded = var.set_dims({name: 1})
                if create_index_for_new_dim:
                    index = PandasIndex.from_variables({name: expanded}, options={})
                    variables.update(index.create_variables({name: expanded}))
                    indexes[name] = index
                else:
                    variables[name] = expanded
                sizes[name] = 1
            elif name in self._coord_names:
                variables[name] = var  # coordinates are not expanded
            else:
                variables[name] = insert_dims(var, sizes, axes)
        for d in dims:
            if d in self._variables:
                coord_names.add(d)
        return self._replace_with_new_dims(variables, coord_names, indexes=indexes)

    def squeeze(
        self, dim: Hashable | Iterable[Hashable] | None = None, drop: bool = False, axis: int | Iterable[int] | None = None
    ) -> Self:
        """Remove dimensions of length 1 (all of them, or the named ones)."""
        if axis is not None:
            if dim is not None:
                raise ValueError("squeeze takes either dim or axis, not both")
            order = list(self._dims)
            dim = [order[a] for a in ([axis] if isinstance(axis, int) else axis)]
        dims = squeeze_dims(dim, self._dims)
        return self.isel(dict.fromkeys(dims, 0), drop=drop)

    # ------------------------------------------------------------------ comparisons
    def _all_compat(self, other: Any, compat: str) -> bool:
        if not isinstance(other, Dataset):
            return False
        if self._coord_names != other._coord_names or set(self._variables) != set(other._variables):
            return False
        return all(
            getattr(self._variables[k], compat)(other._variables[k]) for k in self._variables
        )

    def equals(self, other: Any) -> bool:
        """True when both have the same variables, coordinates, dims and values (NaN equals NaN).

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [1.0])}).equals(la.Dataset({"a": ("x", [1.0])}))
        True
        """
        try:
            return self._all_compat(other, "equals")
        except (TypeError, AttributeError):
            return False

    def identical(self, other: Any) -> bool:
        """Like :meth:`equals`, also comparing every attribute."""
        try:
            return (
                attrs_equal(self.attrs, other.attrs)
                and set(self._indexes) == set(other._indexes)
                and self._all_compat(other, "identical")
            )
        except (TypeError, AttributeError):
            return False

    def broadcast_equals(self, other: Any) -> bool:
        """Like :meth:`equals`, after broadcasting variables against each other."""
        try:
            return self._all_compat(other, "broadcast_equals")
        except (TypeError, AttributeError):
            return False

    # ------------------------------------------------------------------ selection
    def isel(
        self,
        indexers: Mapping[Any, Any] | None = None,
        drop: bool = False,
        missing_dims: Literal["raise", "warn", "ignore"] = "raise",
        **indexers_kwargs: Any,
    ) -> Self:
        """Select by integer position along dimensions.

        Indexers may be integers, slices, integer or boolean arrays, or DataArrays for vectorized
        (pointwise) selection along new dimensions.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [10, 20, 30])})
        >>> ds.isel(x=slice(1, None)).a.values.tolist()
        [20, 30]
        """
        indexers = either_dict_or_kwargs(indexers, indexers_kwargs, "isel")
        indexers = drop_missing_dims(indexers, self._dims, missing_dims, "Dataset")
        positional, extra_coords = prepare_positional_indexers(indexers)
        variables, indexes = isel_variables(self._variables, self._indexes, positional, self._coord_names, drop=drop)
        check_indexer_dim_coords(indexers, variables)
        coord_names = set(self._coord_names)
        if extra_coords:
            for name, (var, index) in extra_coords.items():
                if name in variables and name not in indexers:
                    continue
                variables[name] = var
                coord_names.add(name)
                if index is not None:
                    indexes[name] = index
        return self._replace_with_new_dims(variables, coord_names, indexes=indexes)

    def _labels_to_positions(
        self, indexers: Mapping[Any, Any], method: str | None = None, tolerance: Any = None
    ) -> dict[Hashable, Any]:
        """Convert label indexers into positional ones (used by ``.loc[...] = ``)."""
        result = map_index_queries(self.xindexes, self._coord_variables(), indexers, method=method, tolerance=tolerance, dims=self._dims)
        return dict(result.dim_indexers)

    def sel(
        self,
        indexers: Mapping[Any, Any] | None = None,
        method: str | None = None,
        tolerance: Any = None,
        drop: bool = False,
        **indexers_kwargs: Any,
    ) -> Self:
        """Select by coordinate labels.

        Parameters
        ----------
        indexers : dict, optional
            Labels per coordinate: scalars, slices of labels, lists/arrays, or DataArrays for
            pointwise selection.
        method : {None, "nearest", "pad", "ffill", "backfill", "bfill"}, default: None
            How to match labels that are not in the index (scalars and arrays only).
        tolerance : optional
            Largest distance allowed between a label and its match with ``method``.
        drop : bool, default: False
            Drop coordinates that become scalars instead of keeping them.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"t": ("plev", [1.0, 2.0, 3.0])}, coords={"plev": [100000, 85000, 50000]})
        >>> float(ds.t.sel(plev=84000, method="nearest"))
        2.0
        """
        indexers = either_dict_or_kwargs(indexers, indexers_kwargs, "sel")
        query = map_index_queries(self.xindexes, self._coord_variables(), indexers, method=method, tolerance=tolerance, dims=self._dims)
        dim_indexers = reattach_indexer_coords(query.dim_indexers, indexers)
        if drop:
            # scalar coordinates left by the selection (e.g. a selected multi-index level) go too
            scalars = [k for k, v in query.variables.items() if v.ndim == 0]
            query.variables = {k: v for k, v in query.variables.items() if v.ndim > 0}
            query.drop_coords = [*query.drop_coords, *scalars]
        result = self.isel(indexers=dim_indexers, drop=drop)
        return result._overwrite_indexes_from_query(query)

    def _overwrite_indexes_from_query(self, query: Any) -> Self:
        """Apply the index changes of a label query (multi-index level selection, renamed dims)."""
        if not (query.indexes or query.drop_coords or query.drop_indexes or query.rename_dims):
            return self
        variables = dict(self._variables)
        indexes = dict(self._indexes)
        coord_names = set(self._coord_names)
        for name in query.drop_coords:
            variables.pop(name, None)
            indexes.pop(name, None)
            coord_names.discard(name)
        for name in query.drop_indexes:
            indexes.pop(name, None)
        for name, index in query.indexes.items():
            indexes[name] = index
        for name, var in query.variables.items():
            variables[name] = var
            coord_names.add(name)
        result = self._replace_with_new_dims(variables, coord_names, indexes=indexes)
        if query.rename_dims:
            result = result._rename_all({}, query.rename_dims)
        return result

    def head(self, indexers: Mapping[Any, int] | int | None = None, **indexers_kwargs: int) -> Self:
        """The first ``n`` (default 5) elements along every (or each named) dimension."""
        return self.isel(head_tail_thin_indexers("head", indexers, self._dims, indexers_kwargs))

    def tail(self, indexers: Mapping[Any, int] | int | None = None, **indexers_kwargs: int) -> Self:
        """The last ``n`` (default 5) elements along every (or each named) dimension."""
        return self.isel(head_tail_thin_indexers("tail", indexers, self._dims, indexers_kwargs))

    def thin(self, indexers: Mapping[Any, int] | int | None = None, **indexers_kwargs: int) -> Self:
        """Every ``n``-th element along every (or each named) dimension."""
        return self.isel(head_tail_thin_indexers("thin", indexers, self._dims, indexers_kwargs))

    def drop_sel(
        self, labels: Mapping[Any, Any] | None = None, *, errors: Literal["raise", "ignore"] = "raise", **labels_kwargs: Any
    ) -> Self:
        """Drop the given index labels along dimensions.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1, 2, 3])}, coords={"x": [10, 20, 30]})
        >>> ds.drop_sel(x=20).x.values.tolist()
        [10, 30]
        """
        labels = either_dict_or_kwargs(labels, labels_kwargs, "drop_sel")
        keep: dict[Hashable, np.ndarray] = {}
        for dim, value in labels.items():
            if dim not in self._indexes and dim in self._dims:
                # a dimension without an index: the labels are positions, as in xarray
                keep[dim] = _positions_kept(value, self._dims[dim])
                continue
            if dim not in self._indexes:
                raise ValueError(
                    f"cannot drop labels along {dim!r}: it has no index; "
                    + missing_names_message("index coordinate", [dim], list(self._indexes))
                    + "; use drop_isel() to drop by position"
                )
            index = self._indexes[dim].to_pandas_index()
            if isinstance(value, list | np.ndarray | pd.Index) or is_dataarray_like(value):
                values: Any = list(np.asarray(getattr(value, "values", value)).ravel()) if not isinstance(value, list) else value
            else:
                values = [value]  # one label (a tuple is one label of a multi-index)
            try:
                new_index = index.drop(values, errors=errors)
            except KeyError:
                missing = [v for v in values if v not in index]
                raise KeyError(
                    f"labels {missing[:5]} not found in dimension {dim!r}; use errors='ignore' to skip them"
                ) from None
            keep[dim] = index.get_indexer(new_index) if not index.has_duplicates else ~index.isin(values)
        return self.isel(keep)

    def drop_isel(self, indexers: Mapping[Any, Any] | None = None, **indexers_kwargs: Any) -> Self:
        """Drop the elements at the given positions along dimensions."""
        indexers = either_dict_or_kwargs(indexers, indexers_kwargs, "drop_isel")
        drop_missing_dims(indexers, self._dims, "raise", "Dataset")
        keep = {}
        for dim, pos in indexers.items():
            size = self._dims[dim]
            positions = np.atleast_1d(np.asarray(getattr(pos, "values", pos)))
            if positions.dtype == bool:
                if positions.shape != (size,):
                    raise IndexError(
                        f"boolean mask for drop_isel along {dim!r} has shape {positions.shape}, "
                        f"but the dimension has length {size}"
                    )
                positions = np.flatnonzero(positions)
            if positions.dtype.kind not in "iu":
                raise TypeError(f"drop_isel needs integer positions for dimension {dim!r}, got {positions.dtype}")
            if positions.size and (positions.max() >= size or positions.min() < -size):
                raise IndexError(f"positions {positions.tolist()} out of bounds for dimension {dim!r} of size {size}")
            keep[dim] = _positions_kept(positions, size)
        return self.isel(keep)

    def where(self, cond: Any, other: Any = None, drop: bool = False) -> Self:
        """Keep values where ``cond`` is True, elsewhere ``other`` (default: missing value).

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1.0, 2.0, 3.0])})
        >>> ds.where(ds.a > 1.5).a.values.tolist()
        [nan, 2.0, 3.0]
        """
        return where(self, cond, other, drop)

    def _where_aligned(self, cond: Any, other: Any) -> Self:
        return dataset_where_aligned(self, cond, other)

    def isin(self, test_elements: Any) -> Self:
        """Elementwise membership of each data variable's values in ``test_elements``."""
        variables = dict(self._variables)
        for name in self.data_vars:
            variables[name] = isin_variable(self._variables[name], test_elements)
        return self._replace(variables)

    def convert_calendar(
        self,
        calendar: str,
        dim: Hashable = "time",
        align_on: str | None = None,
        missing: Any = None,
        use_cftime: bool | None = None,
    ) -> Self:
        """Move every variable to another CF calendar along the time coordinate ``dim``.

        See :func:`labarray.compute.calendar_ops.convert_calendar` (``align_on="date"`` or
        ``"year"``, ``missing`` fills a complete range of the new calendar).

        Examples
        --------
        >>> import labarray as la
        >>> t = la.date_range("2000-02-28", periods=3, calendar="all_leap")
        >>> ds = la.Dataset({"a": ("time", [1, 2, 3])}, coords={"time": t})
        >>> ds.convert_calendar("noleap").sizes["time"]
        2
        """
        from labarray.compute.calendar_ops import convert_calendar

        return convert_calendar(self, calendar, dim=dim, align_on=align_on, missing=missing,
                                use_cftime=use_cftime)

    def interp_calendar(self, target: Any, dim: Hashable = "time") -> Self:
        """Interpolate every variable onto the dates ``target`` of another calendar.

        Examples
        --------
        >>> import labarray as la
        >>> t = la.date_range("2000-01-01", periods=2, freq="YS", calendar="noleap")
        >>> ds = la.Dataset({"a": ("time", [0.0, 1.0])}, coords={"time": t})
        >>> new = la.date_range("2000-07-01", periods=1, calendar="360_day")
        >>> ds.interp_calendar(new).a.values.tolist()
        [0.5]
        """
        from labarray.compute.calendar_ops import interp_calendar

        return interp_calendar(self, target, dim=dim)

    def sortby(self, variables: Any, ascending: bool = True) -> Self:
        """Sort along dimensions by the values of 1-D coordinates/DataArrays (lexicographically).

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1, 2, 3])}, coords={"x": [30, 10, 20]})
        >>> ds.sortby("x").a.values.tolist()
        [2, 3, 1]
        """
        return self.isel(sortby_indexers(self, variables, ascending))

    # ------------------------------------------------------------------ alignment
    def reindex(
        self,
        indexers: Mapping[Any, Any] | None = None,
        method: str | None = None,
        tolerance: Any = None,
        copy: bool = True,
        fill_value: Any = None,
        **indexers_kwargs: Any,
    ) -> Self:
        """Conform to new index labels, filling missing positions with ``fill_value`` (NaN).

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1.0, 2.0])}, coords={"x": [0, 1]})
        >>> ds.reindex(x=[1, 2]).a.values.tolist()
        [2.0, nan]
        """
        indexers = either_dict_or_kwargs(indexers, indexers_kwargs, "reindex")
        return reindex(self, indexers, method=method, tolerance=tolerance, copy=copy, fill_value=_na(fill_value))

    def reindex_like(
        self, other: Any, method: str | None = None, tolerance: Any = None, copy: bool = True, fill_value: Any = None
    ) -> Self:
        """Conform to the indexes of ``other`` (a DataArray or Dataset)."""
        return reindex_like(self, other, method=method, tolerance=tolerance, copy=copy, fill_value=_na(fill_value))

    def broadcast_like(self, other: Any, exclude: Iterable[Hashable] | None = None) -> Self:
        """Broadcast against ``other`` (after an outer alignment), adding its dimensions."""
        return broadcast(other, self, exclude=exclude)[1]

    # ------------------------------------------------------------------ dask
    def chunk(
        self,
        chunks: Any = {},  # noqa: B006 (read-only default, as in xarray)
        name_prefix: str = "labarray-",
        token: str | None = None,
        lock: bool = False,
        inline_array: bool = False,
        **chunks_kwargs: Any,
    ) -> Self:
        """Convert every variable to a Dask array with the given chunk sizes.

        Parameters
        ----------
        chunks : int, "auto", -1, tuple or dict, default: {}
            Chunk size per dimension (``{}``: one chunk per variable; ``-1``: the whole dim).

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", list(range(10)))})
        >>> dict(ds.chunk(x=4).chunks)
        {'x': (4, 4, 2)}
        """
        if chunks is None or (is_dict_like(chunks) and not chunks):
            chunks = None
        elif not is_dict_like(chunks):
            chunks = dict.fromkeys(self._dims, chunks)
        chunks = either_dict_or_kwargs(chunks, chunks_kwargs, "chunk")
        drop_missing_dims(chunks, self._dims, "raise", "Dataset")
        variables = {}
        for name, var in self._variables.items():
            if name in self._indexes or var.ndim == 0:
                variables[name] = var  # indexes and scalars stay in memory, as in xarray
                continue
            var_chunks = {d: c for d, c in chunks.items() if d in var.dims}
            variables[name] = var.chunk(var_chunks, name=_chunk_name(name_prefix, name, var, var_chunks, token))
        return self._replace(variables)

    def load(self, **kwargs: Any) -> Self:
        """Load every lazy variable into memory, in place (one Dask graph); returns self."""
        # Dask variables are computed together in one graph; other lazy data is read variable by variable
        names = dask_collection.lazy_names(self._variables)
        computed = compute_arrays(*(self._variables[k]._data for k in names), **kwargs)
        for name, data in zip(names, computed, strict=True):
            self._variables[name].data = data
        for var in self._variables.values():
            if not var._in_memory:
                var.load()
        return self

    def compute(self, **kwargs: Any) -> Self:
        """Return a new Dataset with every lazy variable computed into memory.

        Examples
        --------
        >>> import labarray as la
        >>> ds = la.Dataset({"a": ("x", [1, 2])}).chunk()
        >>> type(ds.compute().a.data).__name__
        'ndarray'
        """
        new = self.copy(deep=False)
        return new.load(**kwargs)

    def persist(self, **kwargs: Any) -> Self:
        """Start computing the Dask arrays (on a cluster, keep them in worker memory)."""
        names = dask_collection.lazy_names(self._variables)
        persisted = persist_arrays(*(self._variables[k]._data for k in names), **kwargs)
        variables = dict(self._variables)
        for name, data in zip(names, persisted, strict=True):
            variables[name] = self._variables[name]._replace(data=data)
        return self._replace(variables)

    def __dask_tokenize__(self) -> object:
        from dask.base import normalize_token

        return normalize_token(
            (type(self), self._variables, sorted(map(str, self._coord_names)), self._attrs)
        )

    def _dask_variables(self) -> dict[Hashable, Variable]:
        return self._variables

    def _rebuild_with_data(self, new_data: Mapping[Hashable, Any]) -> Self:
        variables = dict(self._variables)
        for name, data in new_data.items():
            variables[name] = self._variables[name]._replace(data=data)
        return self._replace(variables)

    # ------------------------------------------------------------------ arithmetic
    def _binary_op(self, other: Any, f: Callable[..., Any], reflexive: bool = False, join: str | None = None) -> Any:
        return dataset_binary_op(self, other, f, reflexive, join)

    def _inplace_binary_op(self, other: Any, f: Callable[..., Any]) -> Self:
        result = dataset_inplace_binary_op(self, other, f)
        return self._replace(result._variables, result._coord_names, result._dims, indexes=result._indexes, inplace=True)

    def _unary_op(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Self:
        keep = _get_keep_attrs(default=True)
        variables = dict(self._variables)
        for name in self.data_vars:
            variables[name] = self._variables[name]._unary_op(f, *args, **kwargs)
            if not keep:
                variables[name].attrs = {}
        return self._replace(variables, attrs=copy_module.copy(self._attrs) if keep else None)

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return labeled_array_ufunc(self, ufunc, method, inputs, kwargs)

    # ------------------------------------------------------------------ output
    def __repr__(self) -> str:
        return formatting_text.dataset_repr(self)

    def _repr_html_(self) -> str:
        if OPTIONS["display_style"] == "text":
            return f"<pre>{escape(repr(self))}</pre>"
        return formatting_html.dataset_repr_html(self)


# ---------------------------------------------------------------------- module helpers




def _positions_kept(dropped: Any, size: int) -> np.ndarray:
    """The positions along a dimension of length ``size`` that are not in ``dropped``."""
    mask = np.ones(size, dtype=bool)
    mask[np.atleast_1d(np.asarray(dropped))] = False
    return np.flatnonzero(mask)


def _chunk_name(prefix: str, name: Hashable, var: Variable, chunks: Mapping[Hashable, Any], token: str | None) -> str:
    """A Dask name unique to the data and the chunking (so different data never share keys)."""
    from dask.base import tokenize

    return f"{prefix}{name}-{tokenize(var._data, chunks, token)}"


def _na(fill_value: Any) -> Any:
    """``None`` (the public default) means the dtype's own missing value."""
    return NA if fill_value is None else fill_value


inject_arithmetic(Dataset)
inject_aggregations(Dataset)
