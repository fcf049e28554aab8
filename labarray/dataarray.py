"""``DataArray``: one labeled N-d array with coordinates, indexes, a name and attributes.

Most methods convert to a one-variable Dataset, call the Dataset method and convert back
(``_to_temp_dataset`` / ``_from_temp_dataset``), so each behaviour is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, Literal, Self

import numpy as np
import pandas as pd

from labarray import coordinates as coordinates_module
from labarray import dataset as dataset_module
from labarray.accessors.dt import dt_accessor
from labarray.aggregations import inject_aggregations
from labarray.compute import argreduce as argreduce_module
from labarray.compute.cumulative import Cumulative
from labarray.formatting import html as formatting_html
from labarray.formatting import text as formatting_text
from labarray.indexes import Index, Indexes, filter_indexes_from_coords
from labarray.indexes.selection import map_index_queries
from labarray.kernels.take import NA as _NA
from labarray.options import OPTIONS
from labarray.parallel import collection as dask_collection
from labarray.structure.align import align
from labarray.structure.arithmetic import dataarray_join_operands, labeled_array_ufunc
from labarray.structure.masking import isin_variable, pick_operand, where
from labarray.structure.merge import (
    collect_from_mapping,
    combine_first,
    is_dataarray_like,
    merge_collected,
    merge_coordinates_without_align,
)
from labarray.structure.selection import (
    isel_variables,
    normalize_positional_indexer,
    sortby_indexers,
)
from labarray.utils.dims import (
    as_name_set,
    drop_missing_dims,
    either_dict_or_kwargs,
    infer_transpose_order,
)
from labarray.utils.frozen import Frozen, is_dict_like
from labarray.utils.pipe import pipe
from labarray.utils.suggest import did_you_mean, missing_names_message
from labarray.variable import Variable, as_compatible_data
from labarray.variable.ops import inject_arithmetic

if TYPE_CHECKING:
    from labarray.accessors.dt import DatetimelikeAccessor
    from labarray.dataset import Dataset

__all__ = ["DataArray"]

_THIS_ARRAY = "<this-array>"
_default: Any = object()


class _LocIndexer:
    """``da.loc[...]``: label-based selection and assignment."""

    __slots__ = ("data_array",)

    def __init__(self, data_array: DataArray):
        self.data_array = data_array

    def _to_dict(self, key: Any) -> dict[Hashable, Any]:
        if is_dict_like(key):
            return dict(key)
        key = key if isinstance(key, tuple) else (key,)
        return _positional_key_to_dict(self.data_array.dims, key)

    def __getitem__(self, key: Any) -> DataArray:
        return self.data_array.sel(self._to_dict(key))

    def __setitem__(self, key: Any, value: Any) -> None:
        labels = self._to_dict(key)
        query = map_index_queries(self.data_array.xindexes, self.data_array._coords, labels, dims=self.data_array.dims)
        self.data_array[dict(query.dim_indexers)] = value


class DataArray(dask_collection.DaskCollection):
    """A labeled N-dimensional array: data with named dimensions, coordinates and attributes.

    Parameters
    ----------
    data : array-like
        Values: a NumPy or Dask array, a list, a scalar, a pandas object (its index becomes
        coordinates), a Variable or another DataArray.
    coords : dict-like, sequence of tuples, Coordinates or sequence of arrays, optional
        Coordinates: ``{name: values | (dims, values[, attrs]) | DataArray}``, or one array per
        dimension in order.
    dims : str or sequence of str, optional
        Dimension names; inferred from pandas objects and from ``coords`` given as a sequence,
        and ``dim_0, dim_1, ...`` otherwise.
    name : hashable, optional
        Name of the array.
    attrs : dict-like, optional
        Attributes.

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as la
    >>> da = la.DataArray(
    ...     np.arange(6.0).reshape(2, 3),
    ...     coords={"lat": [-45.0, 45.0], "lon": [0, 120, 240]},
    ...     dims=("lat", "lon"),
    ...     name="ta",
    ...     attrs={"units": "K"},
    ... )
    >>> da.sel(lat=45.0).values.tolist()
    [3.0, 4.0, 5.0]
    >>> da.isel(lon=-1).lat.values.tolist()
    [-45.0, 45.0]
    """

    __slots__ = ("__weakref__", "_coords", "_indexes", "_name", "_variable")
    __array_priority__ = 60
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        data: Any = np.nan,
        coords: Any = None,
        dims: Hashable | Sequence[Hashable] | None = None,
        name: Hashable | None = None,
        attrs: Mapping[Any, Any] | None = None,
        indexes: Mapping[Any, Index] | None = None,
        fastpath: bool = False,
    ) -> None:
        if fastpath:
            self._variable = data
            self._coords = dict(coords or {})
            self._indexes = dict(indexes or {})
            self._name = name
            return
        if isinstance(data, DataArray):
            if coords is None:
                coords = data.coords
            if name is None:
                name = data.name
            if attrs is None:
                attrs = data.attrs
            if dims is None:
                dims = data.dims
            data = data.variable.data
        elif isinstance(data, Variable):
            if dims is None:
                dims = data.dims
            if attrs is None:
                attrs = data.attrs
            data = data.data
        if coords is None and isinstance(data, pd.Series | pd.DataFrame | pd.Index):
            coords, dims = _coords_from_pandas(data, dims)
        if name is None and isinstance(data, pd.Series | pd.Index):
            name = data.name
        data = as_compatible_data(data)
        if data.ndim == 0 and coords is not None and dims is not None:
            data = _broadcast_scalar_to_coords(data, coords, dims)
        dims = _infer_dims(np.shape(data), coords, dims)
        variable = Variable(dims, data, attrs)
        self._variable = variable
        self._name = name
        self._coords, self._indexes = _build_coords(variable, coords, indexes)

    @classmethod
    def _construct_direct(
        cls,
        variable: Variable,
        coords: dict[Hashable, Variable],
        name: Hashable | None,
        indexes: dict[Hashable, Index],
        attrs: Mapping[Any, Any] | None = None,
    ) -> Self:
        """Build a DataArray from trusted parts without validation (internal fast path)."""
        obj = object.__new__(cls)
        if attrs is not None:
            variable = variable.copy(deep=False)
            variable.attrs = dict(attrs)
        setattr_ = object.__setattr__  # skips the guard of __setattr__ on this hot path
        setattr_(obj, "_variable", variable)
        setattr_(obj, "_coords", coords)
        setattr_(obj, "_indexes", indexes)
        setattr_(obj, "_name", name)
        return obj

    def _replace(
        self,
        variable: Variable | None = None,
        coords: dict[Hashable, Variable] | None = None,
        name: Hashable | None = _default,
        indexes: dict[Hashable, Index] | None = None,
    ) -> Self:
        """A new DataArray with some parts replaced."""
        return type(self)._construct_direct(
            self._variable if variable is None else variable,
            dict(self._coords) if coords is None else coords,
            self._name if name is _default else name,
            dict(self._indexes) if indexes is None else indexes,
        )

    def _replace_maybe_drop_dims(self, variable: Variable, name: Hashable | None = _default) -> Self:
        """Replace the data; coordinates on dimensions the new data lacks are dropped."""
        if variable.dims == self.dims and variable.shape == self.shape:
            coords = dict(self._coords)
            indexes = dict(self._indexes)
        else:
            allowed = set(variable.dims)
            coords = {k: v for k, v in self._coords.items() if set(v.dims) <= allowed}
            indexes = filter_indexes_from_coords(self._indexes, set(coords))
        return self._replace(variable, coords, name, indexes)

    def _replace_variables(self, new_variables: Mapping[Hashable, Variable]) -> Self:
        """Replace data and/or coordinates by name (``_THIS_ARRAY`` for the data)."""
        variable = new_variables.get(_THIS_ARRAY, self._variable)
        coords = dict(self._coords)
        coords.update({k: v for k, v in new_variables.items() if k != _THIS_ARRAY})
        return self._replace(variable, coords)

    def _to_temp_dataset(self) -> Dataset:
        return self._to_dataset_whole(name=_THIS_ARRAY, shallow_copy=False)

    def _from_temp_dataset(self, dataset: Dataset, name: Hashable | None = _default) -> Self:
        variables = dict(dataset._variables)
        variable = variables.pop(_THIS_ARRAY)
        return self._replace(variable, variables, name, dict(dataset._indexes))

    def _to_dataset_whole(self, name: Hashable | None = None, shallow_copy: bool = True) -> Dataset:
        if name is None:
            name = self.name
        if name is None:
            raise ValueError(
                "cannot convert an unnamed DataArray to a Dataset; give it a name with "
                "da.rename('name') or pass to_dataset(name='name')"
            )
        if name in self._coords:
            raise ValueError(
                f"cannot create a Dataset from a DataArray named {name!r}: a coordinate of the same name exists"
            )
        variables = dict(self._coords)
        variables[name] = self._variable
        if shallow_copy:
            variables = {k: v.copy(deep=False) for k, v in variables.items()}
        return dataset_module.Dataset._construct_direct(
            variables, set(self._coords), indexes=dict(self._indexes)
        )

    def _reindex_with_indexers(self, indexes: Any, index_variables: Any, dim_pos_indexers: Any, fill_value: Any, *args: Any, **kwargs: Any) -> Self:
        if is_dict_like(fill_value) and self.name in fill_value:
            fill_value = {(_THIS_ARRAY if k == self.name else k): v for k, v in fill_value.items()}
        ds = self._to_temp_dataset()._reindex_with_indexers(indexes, index_variables, dim_pos_indexers, fill_value, *args, **kwargs)
        return self._from_temp_dataset(ds)

    def _getitem_coord(self, key: Hashable) -> Self:
        """The coordinate ``key`` as a DataArray with its own coordinates."""
        var = self._coords[key]
        needed = set(var.dims)
        coords = {k: v for k, v in self._coords.items() if set(v.dims) <= needed}
        indexes = filter_indexes_from_coords(self._indexes, set(coords))
        return type(self)._construct_direct(var, coords, key, indexes)

    # ------------------------------------------------------------------ properties
    @property
    def variable(self) -> Variable:
        """The data as a Variable (dims, data, attrs, encoding), without coordinates."""
        return self._variable

    @property
    def dt(self) -> DatetimelikeAccessor:
        """Date and time components of datetime64, cftime or timedelta64 values.

        Examples
        --------
        >>> import pandas as pd
        >>> import labarray as la
        >>> la.DataArray(pd.date_range("2000-01-01", periods=2), dims="t").dt.day.values.tolist()
        [1, 2]
        """
        return dt_accessor(self)

    @property
    def name(self) -> Hashable | None:
        """The name of the array."""
        return self._name

    @name.setter
    def name(self, value: Hashable | None) -> None:
        self._name = value

    @property
    def dims(self) -> tuple[Hashable, ...]:
        """Dimension names, in order."""
        return self._variable.dims

    @dims.setter
    def dims(self, value: Any) -> None:
        raise AttributeError(
            "you cannot assign dims on a DataArray; use .rename() or .swap_dims() instead"
        )

    @property
    def sizes(self) -> Frozen[Hashable, int]:
        """Mapping from dimension names to lengths."""
        return self._variable.sizes

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the data."""
        return self._variable.shape

    @property
    def dtype(self) -> np.dtype:
        """The NumPy dtype of the data."""
        return self._variable.dtype

    @property
    def ndim(self) -> int:
        """Number of dimensions."""
        return self._variable.ndim

    @property
    def size(self) -> int:
        """Number of elements."""
        return self._variable.size

    @property
    def nbytes(self) -> int:
        """Bytes of the data (lazy data counted as if loaded)."""
        return self._variable.nbytes

    @property
    def data(self) -> Any:
        """The underlying array (NumPy, Dask, ...), without loading lazy data."""
        return self._variable.data

    @data.setter
    def data(self, value: Any) -> None:
        self._variable.data = value

    @property
    def values(self) -> np.ndarray:
        """The data as a NumPy array (lazy data is loaded)."""
        return self._variable.values

    @values.setter
    def values(self, value: Any) -> None:
        self._variable.values = value

    def to_numpy(self) -> np.ndarray:
        """The data as a NumPy array (computing Dask data)."""
        return self._variable.to_numpy()

    def as_numpy(self) -> Self:
        """A copy with data and coordinates converted to NumPy arrays."""
        coords = {k: v.as_numpy() for k, v in self._coords.items()}
        return self._replace(self._variable.as_numpy(), coords)

    @property
    def attrs(self) -> dict[Any, Any]:
        """Attributes of the array."""
        return self._variable.attrs

    @attrs.setter
    def attrs(self, value: Mapping[Any, Any]) -> None:
        self._variable.attrs = dict(value)

    @property
    def encoding(self) -> dict[Any, Any]:
        """How the array is stored on disk (dtype, fill value, chunks, ...)."""
        return self._variable.encoding

    @encoding.setter
    def encoding(self, value: Mapping[Any, Any]) -> None:
        self._variable.encoding = dict(value)

    @property
    def coords(self) -> coordinates_module.DataArrayCoordinates:
        """The coordinates (a mapping of names to DataArrays)."""
        return coordinates_module.DataArrayCoordinates(self)

    @property
    def xindexes(self) -> Indexes[Index]:
        """The Index objects, keyed by coordinate name."""
        return Indexes(self._indexes, {k: self._coords[k] for k in self._indexes})

    @property
    def indexes(self) -> Indexes[pd.Index]:
        """The indexes as pandas indexes, keyed by coordinate name."""
        return self.xindexes.to_pandas_indexes()

    @property
    def loc(self) -> _LocIndexer:
        """Label-based selection and assignment: ``da.loc["2000-01", 45.0]``."""
        return _LocIndexer(self)

    @property
    def chunks(self) -> tuple[tuple[int, ...], ...] | None:
        """Block sizes per dimension of Dask data, or ``None`` for in-memory data."""
        return self._variable.chunks

    @property
    def chunksizes(self) -> Frozen[Hashable, tuple[int, ...]]:
        """Block sizes keyed by dimension name (empty for in-memory data)."""
        return self._variable.chunksizes

    @property
    def T(self) -> Self:
        """The array with its dimensions reversed."""
        return self.transpose()

    @property
    def real(self) -> Self:
        """The real part of the data."""
        return self._replace(self._variable.real)

    @property
    def imag(self) -> Self:
        """The imaginary part of the data."""
        return self._replace(self._variable.imag)

    def get_index(self, key: Hashable) -> pd.Index:
        """The pandas index along dimension ``key`` (a default range index if it has none)."""
        if key not in self.dims:
            raise KeyError(missing_names_message("dimension", [key], list(self.dims)))
        if key in self._indexes:
            return self._indexes[key].to_pandas_index()
        return pd.RangeIndex(self.sizes[key], name=key)

    def get_axis_num(self, dim: Hashable | Iterable[Hashable]) -> int | tuple[int, ...]:
        """The axis number(s) of the named dimension(s).

        Examples
        --------
        >>> import labarray as la
        >>> la.DataArray([[1, 2]], dims=("y", "x")).get_axis_num("x")
        1
        """
        try:
            return self._variable.get_axis_num(dim)
        except ValueError as err:
            described = f"DataArray {self.name!r}" if self.name is not None else "DataArray"
            raise ValueError(str(err).replace("the Variable", described)) from err

    # ------------------------------------------------------------------ container protocol
    def __len__(self) -> int:
        return len(self._variable)

    def __iter__(self) -> Iterator[Self]:
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d DataArray")
        for i in range(self.shape[0]):
            yield self[i]

    def __contains__(self, key: Any) -> bool:
        return key in self.data

    def __bool__(self) -> bool:
        return bool(self.values)

    def __float__(self) -> float:
        return float(self.values)

    def __int__(self) -> int:
        return int(self.values)

    def __complex__(self) -> complex:
        return complex(self.values)

    def __index__(self) -> int:
        return int(self.values.__index__())

    def __format__(self, format_spec: str = "") -> str:
        if not format_spec:
            return str(self)
        if self.ndim == 0:
            return format(self.values.item(), format_spec)
        raise TypeError(
            f"a format spec ({format_spec!r}) only applies to 0-d arrays; this one has shape "
            f"{self.shape}; format its values instead"
        )

    def item(self, *args: Any) -> Any:
        """The value of a size-1 array (or at ``args``) as a Python scalar."""
        return self.values.item(*args)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        values = np.asarray(self.values, dtype=dtype)
        return values.copy() if copy else values

    def __getitem__(self, key: Any) -> Self:
        """``da["coord"]`` -> coordinate; anything else selects by position like ``isel``."""
        if isinstance(key, str):
            if key in self._coords:
                return self._getitem_coord(key)
            if key in self.dims:
                # a dimension without a coordinate: its positions, as in xarray
                positions = Variable((key,), np.arange(self.sizes[key]))
                return type(self)._construct_direct(positions, {}, key, {})
            raise KeyError(missing_names_message("coordinate", [key], list(self._coords)))
        return self.isel(self._item_key_to_dict(key))

    def _item_key_to_dict(self, key: Any) -> dict[Hashable, Any]:
        if is_dict_like(key):
            return dict(key)
        key = key if isinstance(key, tuple) else (key,)
        return _positional_key_to_dict(self.dims, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        """Assign a coordinate (``da["x"] = ...``) or values at positions (``da[0, :] = 1``)."""
        if isinstance(key, str):
            self.coords[key] = value
            return
        indexers = self._item_key_to_dict(key)
        for dim, idx in indexers.items():
            if is_dataarray_like(idx):
                for cname, cvar in idx._coords.items():
                    if cname in self._coords and cname not in idx.dims and not self._coords[cname].equals(cvar):
                        raise IndexError(f"coordinate {cname!r} of the indexer for {dim!r} conflicts with the array's")
        positional = {k: (v.variable if is_dataarray_like(v) else v) for k, v in indexers.items()}
        if is_dataarray_like(value):
            target = self.isel(indexers)
            for cname, cvar in value._coords.items():
                if cname in target._coords and not target._coords[cname].equals(cvar):
                    raise IndexError(
                        f"coordinate {cname!r} of the assigned value conflicts with the target's "
                        f"coordinate at the selected positions: {cvar.values!r} vs "
                        f"{target._coords[cname].values!r}"
                    )
            value = value.variable
        self._variable[positional] = value

    def __delitem__(self, key: Hashable) -> None:
        del self.coords[key]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in DataArray.__slots__:
            raise AttributeError(name)
        prop = getattr(type(self), name, None)
        if isinstance(prop, property) and prop.fget is not None:
            # a property (.dt, .str, ...) raised AttributeError: run it again so that its own
            # message (naming the dtype) reaches the user instead of the generic one below
            return prop.fget(self)
        try:
            coords = object.__getattribute__(self, "_coords")
            variable = object.__getattribute__(self, "_variable")
        except AttributeError:
            raise AttributeError(name) from None
        if name in coords:
            return self._getitem_coord(name)
        attrs = variable._attrs or {}
        if name in attrs:
            return attrs[name]
        hint = did_you_mean(name, list(coords) + list(attrs))
        raise AttributeError(
            f"'DataArray' object has no attribute, coordinate or attr {name!r}" + (f"; {hint}" if hint else "")
        )

    def __setattr__(self, name: str, value: Any) -> None:
        if name in DataArray.__slots__ or name in ("attrs", "encoding", "name", "data", "values", "dims"):
            object.__setattr__(self, name, value)
            return
        raise AttributeError(
            f"cannot set attribute {name!r} on a 'DataArray' object; use da.coords[{name!r}] = ... "
            f"for a coordinate or da.attrs[{name!r}] = ... for an attribute"
        )

    def __dir__(self) -> list[str]:
        extra = [str(k) for k in list(self._coords) + list(self.attrs) if isinstance(k, str) and k.isidentifier()]
        return sorted(set(super().__dir__()) | set(extra))

    def _ipython_key_completions_(self) -> list[Hashable]:
        return list(self._coords)

    # ------------------------------------------------------------------ conversion and copying
    def to_dataset(self, dim: Hashable | None = None, *, name: Hashable | None = None, promote_attrs: bool = False) -> Dataset:
        """Convert to a Dataset: the whole array as one variable, or split along ``dim``.

        Examples
        --------
        >>> import labarray as la
        >>> list(la.DataArray([1, 2], dims="x", name="a").to_dataset().data_vars)
        ['a']
        """
        if dim is not None and name is not None:
            raise TypeError("give either dim (to split) or name (for the whole array), not both")
        if dim is not None:
            if dim not in self.dims:
                raise ValueError(missing_names_message("dimension", [dim], list(self.dims)))
            labels = self.get_index(dim)
            items = {label: self.isel({dim: i}, drop=True).drop_attrs() for i, label in enumerate(labels)}
            ds = dataset_module.Dataset(items, attrs=self.attrs)
        else:
            ds = self._to_dataset_whole(name)
        if promote_attrs:
            ds.attrs = dict(self.attrs)
        return ds

    def to_index(self) -> pd.Index:
        """The pandas index of a 1-D array (its dimension's index, or its values)."""
        if self.ndim != 1:
            raise ValueError(f"to_index needs a 1-D DataArray; this one has dimensions {self.dims}")
        return self._variable.to_index()

    def copy(self, deep: bool = True, data: Any = None) -> Self:
        """A copy; ``deep`` also copies data, coordinates' data and attrs.

        Examples
        --------
        >>> import labarray as la
        >>> a = la.DataArray([1, 2], dims="x")
        >>> b = a.copy()
        >>> b[0] = 9
        >>> a.values.tolist()
        [1, 2]
        """
        variable = self._variable.copy(deep=deep, data=data)
        ds = self._to_temp_dataset().drop_vars(_THIS_ARRAY).copy(deep=deep)
        return self._replace(variable, dict(ds._variables), indexes=dict(ds._indexes))

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
        """Cast the data to ``dtype``.

        Examples
        --------
        >>> import labarray as la
        >>> la.DataArray([1, 2], dims="x").astype("float32").dtype
        dtype('float32')
        """
        return self._replace(
            self._variable.astype(dtype, order=order, casting=casting, subok=subok, copy=copy, keep_attrs=keep_attrs)
        )

    def pipe(self, func: Callable[..., Any] | tuple[Callable[..., Any], str], *args: Any, **kwargs: Any) -> Any:
        """Apply ``func(self, *args, **kwargs)``."""
        return pipe(self, func, args, kwargs)

    # ------------------------------------------------------------------ methods delegated to Dataset
    def _via_dataset(self, method_name: str, /, *args: Any, **kwargs: Any) -> Self:
        """Run the Dataset method on a one-variable temporary Dataset and convert back.

        Errors raised there describe the temporary Dataset; they are reworded for the DataArray.
        """
        try:
            ds = getattr(self._to_temp_dataset(), method_name)(*args, **kwargs)
        except (ValueError, KeyError, IndexError, TypeError) as err:
            raise _reword_for_dataarray(err, self.name) from err
        return self._from_temp_dataset(ds)

    def isel(
        self,
        indexers: Mapping[Any, Any] | None = None,
        drop: bool = False,
        missing_dims: Literal["raise", "warn", "ignore"] = "raise",
        **indexers_kwargs: Any,
    ) -> Self:
        """Select by integer position along dimensions.

        Examples
        --------
        >>> import labarray as la
        >>> la.DataArray([10, 20, 30], dims="x").isel(x=[0, 2]).values.tolist()
        [10, 30]
        """
        indexers = either_dict_or_kwargs(indexers, indexers_kwargs, "isel")
        if not any(
            type(v) not in (int, slice) and (is_dataarray_like(v) or isinstance(v, Variable))
            for v in indexers.values()
        ):
            return self._isel_fast(indexers, drop, missing_dims)
        return self._via_dataset("isel", indexers, drop=drop, missing_dims=missing_dims)

    def _isel_fast(self, indexers: dict[Hashable, Any], drop: bool, missing_dims: Any) -> Self:
        """Orthogonal ``isel`` without building a temporary Dataset (the interactive hot path)."""
        dims = self._variable.dims
        if any(k not in dims for k in indexers):
            indexers = drop_missing_dims(indexers, dims, missing_dims, f"DataArray {self.name!r}" if self.name is not None else "DataArray")
        indexers = {k: normalize_positional_indexer(k, v) for k, v in indexers.items()}
        variable = self._variable._basic_isel_numpy(tuple(indexers.get(d, slice(None)) for d in dims))
        if variable is None:
            variable = self._variable.isel(indexers)
        coords, indexes = isel_variables(self._coords, self._indexes, indexers, self._coords.keys(), drop=drop)
        return type(self)._construct_direct(variable, coords, self._name, indexes)

    def sel(
        self,
        indexers: Mapping[Any, Any] | None = None,
        method: str | None = None,
        tolerance: Any = None,
        drop: bool = False,
        **indexers_kwargs: Any,
    ) -> Self:
        """Select by coordinate labels (see :meth:`Dataset.sel`).

        Examples
        --------
        >>> import labarray as la
        >>> da = la.DataArray([1.0, 2.0, 3.0], coords={"lat": [-30.0, 0.0, 30.0]}, dims="lat")
        >>> da.sel(lat=5.0, method="nearest").item()
        2.0
        >>> da.sel(lat=slice(-10, 40)).values.tolist()
        [2.0, 3.0]
        """
        indexers = either_dict_or_kwargs(indexers, indexers_kwargs, "sel")
        if not any(is_dataarray_like(v) or isinstance(v, Variable) for v in indexers.values()):
            query = map_index_queries(self.xindexes, self._coords, indexers, method=method, tolerance=tolerance, dims=self.dims)
            if not (query.indexes or query.drop_coords or query.drop_indexes or query.rename_dims or query.variables):
                return self._isel_fast(dict(query.dim_indexers), drop, "raise")
        return self._via_dataset("sel", indexers, method=method, tolerance=tolerance, drop=drop)

    def head(self, indexers: Mapping[Any, int] | int | None = None, **indexers_kwargs: int) -> Self:
        """The first ``n`` (default 5) elements along every (or each named) dimension."""
        return self._via_dataset("head", indexers, **indexers_kwargs)

    def tail(self, indexers: Mapping[Any, int] | int | None = None, **indexers_kwargs: int) -> Self:
        """The last ``n`` (default 5) elements along every (or each named) dimension."""
        return self._via_dataset("tail", indexers, **indexers_kwargs)

    def thin(self, indexers: Mapping[Any, int] | int | None = None, **indexers_kwargs: int) -> Self:
        """Every ``n``-th element along every (or each named) dimension."""
        return self._via_dataset("thin", indexers, **indexers_kwargs)

    def drop_sel(self, labels: Mapping[Any, Any] | None = None, *, errors: Literal["raise", "ignore"] = "raise", **labels_kwargs: Any) -> Self:
        """Drop index labels along dimensions."""
        return self._via_dataset("drop_sel", labels, errors=errors, **labels_kwargs)

    def drop_isel(self, indexers: Mapping[Any, Any] | None = None, **indexers_kwargs: Any) -> Self:
        """Drop elements at positions along dimensions."""
        return self._via_dataset("drop_isel", indexers, **indexers_kwargs)

    def drop_vars(self, names: Any, *, errors: Literal["raise", "ignore"] = "raise") -> Self:
        """Drop coordinates by name.

        Examples
        --------
        >>> import labarray as la
        >>> da = la.DataArray([1], dims="x", coords={"x": [0], "c": ("x", [5])})
        >>> list(da.drop_vars("c").coords)
        ['x']
        """
        if callable(names):
            names = names(self)
        if errors == "raise":
            wanted = as_name_set(names)
            missing = [n for n in wanted if n not in self._coords]
            if missing:
                raise ValueError(missing_names_message("coordinate", missing, list(self._coords)))
        return self._via_dataset("drop_vars", names, errors="ignore")

    def where(self, cond: Any, other: Any = None, drop: bool = False) -> Self:
        """Keep values where ``cond`` is True, elsewhere ``other`` (default: missing value).

        Examples
        --------
        >>> import labarray as la
        >>> da = la.DataArray([1.0, 2.0, 3.0], dims="x")
        >>> da.where(da > 1.5).values.tolist()
        [nan, 2.0, 3.0]
        """
        return where(self, cond, other, drop)

    def _where_aligned(self, cond: Any, other: Any) -> Self:
        c = pick_operand(cond, self.name)
        o = pick_operand(other, self.name)
        return self._replace_maybe_drop_dims(self._variable.where(c, o))

    def isin(self, test_elements: Any) -> Self:
        """Elementwise membership of the values in ``test_elements`` (a boolean array)."""
        return self._replace(isin_variable(self._variable, test_elements))

    def convert_calendar(
        self,
        calendar: str,
        dim: Hashable = "time",
        align_on: str | None = None,
        missing: Any = None,
        use_cftime: bool | None = None,
    ) -> Self:
        """Move the data to another CF calendar along the time coordinate ``dim``.

        See :func:`labarray.compute.calendar_ops.convert_calendar`: ``align_on="date"`` keeps
        month/day and drops dates missing in the target calendar, ``"year"`` keeps the position
        in the year (needed to or from ``360_day``); ``missing`` fills a complete new range.

        Examples
        --------
        >>> import labarray as la
        >>> t = la.date_range("2000-02-28", periods=3, calendar="all_leap")
        >>> la.DataArray([1, 2, 3], coords={"time": t}, dims="time").convert_calendar("noleap").sizes["time"]
        2
        """
        from labarray.compute.calendar_ops import convert_calendar

        return convert_calendar(self, calendar, dim=dim, align_on=align_on, missing=missing,
                                use_cftime=use_cftime)

    def interp_calendar(self, target: Any, dim: Hashable = "time") -> Self:
        """Interpolate onto the dates ``target`` of another calendar by fraction of the year.

        Examples
        --------
        >>> import labarray as la
        >>> t = la.date_range("2000-01-01", periods=2, freq="YS", calendar="noleap")
        >>> da = la.DataArray([0.0, 1.0], coords={"time": t}, dims="time")
        >>> float(da.interp_calendar(la.date_range("2000-07-01", periods=1, calendar="360_day"))[0])
        0.5
        """
        from labarray.compute.calendar_ops import interp_calendar

        return interp_calendar(self, target, dim=dim)

    def sortby(self, variables: Any, ascending: bool = True) -> Self:
        """Sort along dimensions by 1-D coordinates or DataArrays."""
        return self.isel(sortby_indexers(self, variables, ascending))

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
        >>> da = la.DataArray([1, 2], coords={"x": [0, 1]}, dims="x")
        >>> da.reindex(x=[1, 2], fill_value=0).values.tolist()
        [2, 0]
        """
        if is_dict_like(fill_value) and _THIS_ARRAY not in fill_value and self.name in fill_value:
            fill_value = {(_THIS_ARRAY if k == self.name else k): v for k, v in fill_value.items()}
        return self._via_dataset("reindex", indexers, method=method, tolerance=tolerance, copy=copy, fill_value=fill_value, **indexers_kwargs)

    def reindex_like(self, other: Any, method: str | None = None, tolerance: Any = None, copy: bool = True, fill_value: Any = None) -> Self:
        """Conform to the indexes of ``other``."""
        return self._via_dataset("reindex_like", other, method=method, tolerance=tolerance, copy=copy, fill_value=fill_value)

    def broadcast_like(self, other: Any, exclude: Iterable[Hashable] | None = None) -> Self:
        """Broadcast against ``other`` (after an outer alignment)."""
        return dataset_module.broadcast(other, self, exclude=exclude)[1]

    def transpose(self, *dim: Hashable, transpose_coords: bool = True, missing_dims: Literal["raise", "warn", "ignore"] = "raise") -> Self:
        """Reorder dimensions (``...`` stands for the others); no arguments reverses them.

        Examples
        --------
        >>> import numpy as np
        >>> import labarray as la
        >>> la.DataArray(np.zeros((2, 3)), dims=("y", "x")).transpose("x", ...).dims
        ('x', 'y')
        """
        order = infer_transpose_order(list(dim), list(self.dims), missing_dims, "DataArray")
        variable = self._variable.transpose(*order)
        if not transpose_coords:
            return self._replace(variable)
        coords = {k: v.transpose(*[d for d in order if d in v.dims]) for k, v in self._coords.items()}
        return self._replace(variable, coords)

    def expand_dims(self, dim: Any = None, axis: Any = None, create_index_for_new_dim: bool = True, **dim_kwargs: Any) -> Self:
        """Insert new dimensions (length 1, or given lengths/coordinates).

        Examples
        --------
        >>> import labarray as la
        >>> la.DataArray([1, 2], dims="x").expand_dims(member=3).shape
        (3, 2)
        """
        return self._via_dataset("expand_dims", dim, axis=axis, create_index_for_new_dim=create_index_for_new_dim, **dim_kwargs)

    def squeeze(self, dim: Any = None, drop: bool = False, axis: Any = None) -> Self:
        """Remove length-1 dimensions."""
        if axis is not None:
            if dim is not None:
                raise ValueError("squeeze takes either dim or axis, not both")
            axes = [axis] if isinstance(axis, int) else list(axis)
            dim = [self.dims[a] for a in axes]
        return self._via_dataset("squeeze", dim, drop=drop)

    def rename(self, new_name_or_name_dict: Any = None, **names: Hashable) -> Self:
        """Rename the array (a name) or its coordinates/dimensions (a dict or keywords).

        Examples
        --------
        >>> import labarray as la
        >>> la.DataArray([1], dims="x").rename("t").name
        't'
        >>> la.DataArray([1], dims="x").rename(x="lon").dims
        ('lon',)
        """
        if names and new_name_or_name_dict is not None and not is_dict_like(new_name_or_name_dict):
            # a new name and renamed coordinates/dimensions at once
            return self.rename(**names).rename(new_name_or_name_dict)
        if names or is_dict_like(new_name_or_name_dict):
            name_dict = either_dict_or_kwargs(new_name_or_name_dict if is_dict_like(new_name_or_name_dict) else None, names, "rename")
            missing = [k for k in name_dict if k not in self._coords and k not in self.dims]
            if missing:
                raise ValueError(
                    f"cannot rename {missing[0]!r}: it is not a coordinate or dimension of this DataArray; "
                    + missing_names_message("name", missing, list(self._coords) + [d for d in self.dims if d not in self._coords])
                )
            return self._via_dataset("rename", name_dict)
        return self._replace(name=new_name_or_name_dict)

    def swap_dims(self, dims_dict: Mapping[Any, Hashable] | None = None, **dims_kwargs: Hashable) -> Self:
        """Replace dimensions by 1-D coordinates along them."""
        return self._via_dataset("swap_dims", dims_dict, **dims_kwargs)

    def assign_coords(self, coords: Any = None, **coords_kwargs: Any) -> Self:
        """A new DataArray with coordinates added or replaced.

        Examples
        --------
        >>> import labarray as la
        >>> la.DataArray([1, 2], dims="x").assign_coords(x=[10, 20]).sel(x=20).item()
        2
        """
        if isinstance(coords, coordinates_module.Coordinates) and not coords_kwargs:
            items: Any = coords
        else:
            items = either_dict_or_kwargs(coords, coords_kwargs, "assign_coords")
            items = {k: v(self) if callable(v) else v for k, v in items.items()}
        out = self.copy(deep=False)
        out.coords.update(items)
        return out

    def drop_attrs(self, *, deep: bool = True) -> Self:
        """A copy without attributes (and, with ``deep``, without those of the coordinates)."""
        coords = {k: v._replace(attrs=None) for k, v in self._coords.items()} if deep else dict(self._coords)
        return self._replace(self._variable._replace(attrs=None), coords)

    def assign_attrs(self, *args: Any, **kwargs: Any) -> Self:
        """A new DataArray with attributes updated."""
        out = self.copy(deep=False)
        out._variable = out._variable.copy(deep=False)
        out._variable.attrs = {**self.attrs}
        out.attrs.update(*args, **kwargs)
        return out

    def reset_coords(self, names: Any = None, drop: bool = False) -> Any:
        """Turn non-index coordinates into variables of a new Dataset (or drop them)."""
        if names is None:
            names = [k for k in self._coords if k not in self._indexes]
        if drop:
            return self._via_dataset("reset_coords", names, drop=True)
        if self.name is None:
            raise ValueError("cannot reset_coords with drop=False on an unnamed DataArray; name it first")
        ds = self._to_dataset_whole(self.name).reset_coords(names)
        return ds

    def set_index(self, indexes: Any = None, append: bool = False, **indexes_kwargs: Any) -> Self:
        """Build indexes from existing coordinates (several make a MultiIndex)."""
        return self._via_dataset("set_index", indexes, append=append, **indexes_kwargs)

    def reset_index(self, dims_or_levels: Any, *, drop: bool = False) -> Self:
        """Remove indexes; their coordinates stay unless ``drop=True``."""
        return self._via_dataset("reset_index", dims_or_levels, drop=drop)

    def equals(self, other: Any) -> bool:
        """True when data, dims and coordinates are equal (NaN equals NaN).

        Examples
        --------
        >>> import labarray as la
        >>> la.DataArray([1.0], dims="x").equals(la.DataArray([1.0], dims="x"))
        True
        """
        try:
            return isinstance(other, DataArray) and self._variable.equals(other._variable) and self._coords_equal(other, "equals")
        except (TypeError, AttributeError):
            return False

    def identical(self, other: Any) -> bool:
        """Like :meth:`equals`, also comparing the name and every attribute."""
        try:
            return (
                isinstance(other, DataArray)
                and self.name == other.name
                and self._variable.identical(other._variable)
                and self._coords_equal(other, "identical")
            )
        except (TypeError, AttributeError):
            return False

    def combine_first(self, other: Self) -> Self:
        """Fill missing values with those of ``other`` on the union of both objects' labels.

        Examples
        --------
        >>> import labarray as la
        >>> a = la.DataArray([1.0, float("nan")], dims="x", coords={"x": [0, 1]})
        >>> b = la.DataArray([5.0, 6.0, 7.0], dims="x", coords={"x": [0, 1, 2]})
        >>> a.combine_first(b).values.tolist()
        [1.0, 6.0, 7.0]
        """
        return combine_first(self, other)

    def broadcast_equals(self, other: Any) -> bool:
        """Like :meth:`equals`, after broadcasting both against each other."""
        try:
            return isinstance(other, DataArray) and self._variable.broadcast_equals(other._variable) and self._coords_equal(other, "broadcast_equals")
        except (TypeError, AttributeError):
            return False

    def _coords_equal(self, other: DataArray, compat: str) -> bool:
        if set(self._coords) != set(other._coords):
            return False
        return all(getattr(v, compat)(other._coords[k]) for k, v in self._coords.items())

    # ------------------------------------------------------------------ dask
    def chunk(self, chunks: Any = {}, name_prefix: str = "labarray-", token: str | None = None, lock: bool = False, inline_array: bool = False, **chunks_kwargs: Any) -> Self:  # noqa: B006
        """Convert the data (and non-index coordinates) to Dask arrays.

        Examples
        --------
        >>> import labarray as la
        >>> la.DataArray(list(range(10)), dims="x").chunk(x=5).chunks
        ((5, 5),)
        """
        if isinstance(chunks, tuple | list) and not is_dict_like(chunks):
            chunks = dict(zip(self.dims, chunks, strict=False))
        return self._via_dataset("chunk", chunks, name_prefix=name_prefix, token=token, lock=lock, inline_array=inline_array, **chunks_kwargs)

    def load(self, **kwargs: Any) -> Self:
        """Load lazy data and coordinates into memory in place; returns self."""
        ds = self._to_temp_dataset().load(**kwargs)
        new = self._from_temp_dataset(ds)
        self._variable = new._variable
        self._coords = new._coords
        return self

    def compute(self, **kwargs: Any) -> Self:
        """A new DataArray with lazy data computed into memory."""
        return self.copy(deep=False).load(**kwargs)

    def persist(self, **kwargs: Any) -> Self:
        """Start computing Dask data (kept in memory, or on the workers of a cluster)."""
        return self._via_dataset("persist", **kwargs)

    def _dask_variables(self) -> dict[Hashable, Variable]:
        variables = dict(self._coords)
        variables[_THIS_ARRAY] = self._variable
        return variables

    def __dask_tokenize__(self) -> object:
        from dask.base import normalize_token

        return normalize_token((type(self), self._variable, self._coords, self._name))

    def _rebuild_with_data(self, new_data: Mapping[Hashable, Any]) -> Self:
        variables = self._dask_variables()
        replaced = {k: variables[k]._replace(data=v) for k, v in new_data.items()}
        return self._replace_variables(replaced)

    # ------------------------------------------------------------------ reductions
    def reduce(self, func: Callable[..., Any], dim: Any = None, *, axis: Any = None, keep_attrs: bool | None = None, keepdims: bool = False, **kwargs: Any) -> Self:
        """Reduce with ``func(values, axis=..., **kwargs)`` along ``dim`` (or ``axis``)."""
        var = self._variable.reduce(func, dim=dim, axis=axis, keep_attrs=keep_attrs, keepdims=keepdims, **kwargs)
        return self._replace_maybe_drop_dims(var)

    def _aggregate(self, name: str, dim: Any = None, **kwargs: Any) -> Self:
        """Apply the aggregation ``name`` of the table."""
        var = self._variable._aggregate(name, dim=dim, **kwargs)
        return self._replace_maybe_drop_dims(var)

    def quantile(self, q: Any, dim: Any = None, *, method: str = "linear", keep_attrs: bool | None = None, skipna: bool | None = None) -> Self:
        """Quantiles along ``dim`` (default: all dims) with one of NumPy's 13 ``method`` s.

        Array-like ``q`` adds a leading ``quantile`` dimension with a ``quantile`` coordinate;
        scalar ``q`` gives a scalar ``quantile`` coordinate. NaN are skipped by default. On Dask
        data the reduced dims are rechunked into one chunk (the result stays lazy).

        Examples
        --------
        >>> DataArray([1.0, 2.0, 4.0], dims="x").quantile([0.5, 1.0]).values
        array([2., 4.])
        """
        ds = self._to_temp_dataset().quantile(q, dim, method=method, keep_attrs=keep_attrs, skipna=skipna)
        return self._from_temp_dataset(ds)

    def argmin(self, dim: Any = None, *, axis: int | None = None, keep_attrs: bool | None = None, skipna: bool | None = None) -> Any:
        """Positions of the minimum along ``dim``; a dict ``{dim: DataArray}`` for a list of dims or ``...``.

        Examples
        --------
        >>> DataArray([[3, 1], [0, 2]], dims=("x", "y")).argmin(["x", "y"])["x"].item()
        1
        """
        return argreduce_module.arg_reduce_dataarray(self, "argmin", dim, axis, keep_attrs, skipna)

    def argmax(self, dim: Any = None, *, axis: int | None = None, keep_attrs: bool | None = None, skipna: bool | None = None) -> Any:
        """Positions of the maximum along ``dim``; a dict ``{dim: DataArray}`` for a list of dims or ``...``.

        Examples
        --------
        >>> DataArray([3, 5, 1], dims="x").argmax().item()
        1
        """
        return argreduce_module.arg_reduce_dataarray(self, "argmax", dim, axis, keep_attrs, skipna)

    def idxmin(self, dim: Hashable | None = None, *, skipna: bool | None = None, fill_value: Any = _NA, keep_attrs: bool | None = None) -> Self:
        """Label of the minimum along ``dim`` (needs a 1-D coordinate on ``dim``); all-NaN slices give ``fill_value``.

        Examples
        --------
        >>> DataArray([3, 1, 2], dims="x", coords={"x": [10, 20, 30]}).idxmin().item()
        20
        """
        return argreduce_module.idx_reduce_dataarray(self, "idxmin", dim, skipna, fill_value, keep_attrs)

    def idxmax(self, dim: Hashable | None = None, *, skipna: bool | None = None, fill_value: Any = _NA, keep_attrs: bool | None = None) -> Self:
        """Label of the maximum along ``dim`` (needs a 1-D coordinate on ``dim``); all-NaN slices give ``fill_value``.

        Examples
        --------
        >>> DataArray([3, 1, 2], dims="x", coords={"x": [10, 20, 30]}).idxmax().item()
        10
        """
        return argreduce_module.idx_reduce_dataarray(self, "idxmax", dim, skipna, fill_value, keep_attrs)

    def cumulative(self, dim: str | Iterable[Hashable], min_periods: int = 1) -> Cumulative:
        """Expanding-window reductions along ``dim``: ``.sum()``, ``.mean()``, ``.median()`` ...

        Examples
        --------
        >>> DataArray([1.0, 2.0, 3.0], dims="x").cumulative("x").mean().values
        array([1. , 1.5, 2. ])
        """
        return Cumulative(self, dim, min_periods=min_periods)

    # ------------------------------------------------------------------ arithmetic
    def _binary_op(self, other: Any, f: Callable[..., Any], reflexive: bool = False) -> Any:
        if isinstance(other, dataset_module.Dataset):
            return NotImplemented
        variable = None
        if isinstance(other, DataArray):
            # differing indexes: the result is computed in one pass, without reindexed copies
            self, other, variable = dataarray_join_operands(self, other, f, reflexive, OPTIONS["arithmetic_join"])
        elif hasattr(other, "_binary_op") and not isinstance(other, Variable):
            return NotImplemented
        if variable is None:
            operand = other.variable if isinstance(other, DataArray) else other
            variable = f(operand, self._variable) if reflexive else f(self._variable, operand)
        if variable is NotImplemented:
            return NotImplemented
        sources = [(self._coords, self._indexes)]
        if isinstance(other, DataArray):
            sources.append((other._coords, other._indexes))
        coords, indexes = merge_coordinates_without_align(sources)
        if variable.dims != self.dims:
            # contracted (matmul) or added dimensions: keep the coordinates that still fit
            coords = {k: v for k, v in coords.items() if set(v.dims) <= set(variable.dims)}
            indexes = filter_indexes_from_coords(indexes, set(coords))
        name = self.name if not isinstance(other, DataArray) or other.name == self.name else None
        return type(self)._construct_direct(variable, coords, name, indexes)

    def _inplace_binary_op(self, other: Any, f: Callable[..., Any]) -> Self:
        if isinstance(other, dataset_module.Dataset):
            raise TypeError("cannot update a DataArray in place with a Dataset; use `da = da + ds`")
        if isinstance(other, DataArray):
            try:
                align(self, other, join="exact", copy=False)
            except ValueError as err:
                raise ValueError(
                    "in-place operations cannot re-align the target: the operands' indexes differ "
                    f"({err}); write `a = a + b` to align, or reindex the operand first"
                ) from err
            for name, var in other._coords.items():
                if name in self._coords and name not in self._indexes and not self._coords[name].broadcast_equals(var):
                    raise ValueError(f"coordinate {name!r} differs between the operands of an in-place operation")
        operand = other.variable if isinstance(other, DataArray) else other
        f(self._variable, operand)
        if isinstance(other, DataArray):
            for name, var in other._coords.items():
                if name not in self._coords and set(var.dims) <= set(self.dims):
                    self._coords[name] = var
                    if name in other._indexes:
                        self._indexes[name] = other._indexes[name]
        return self

    def _unary_op(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Self:
        return self._replace(self._variable._unary_op(f, *args, **kwargs))

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return labeled_array_ufunc(self, ufunc, method, inputs, kwargs)

    # ------------------------------------------------------------------ output
    def __repr__(self) -> str:
        return formatting_text.array_repr(self)

    def _repr_html_(self) -> str:
        if OPTIONS["display_style"] == "text":
            return f"<pre>{escape(repr(self))}</pre>"
        return formatting_html.array_repr_html(self)


# ---------------------------------------------------------------------- construction helpers
def _reword_for_dataarray(err: Exception, name: Hashable | None) -> Exception:
    """The same error, describing the DataArray instead of its temporary Dataset."""
    message = str(err.args[0]) if err.args else str(err)
    described = f"DataArray {name!r}" if name is not None else "DataArray"
    reworded = (
        message.replace("in Dataset", f"in {described}")
        .replace(f"{_THIS_ARRAY!r}, ", "").replace(f", {_THIS_ARRAY!r}", "")
        .replace(f"{_THIS_ARRAY}, ", "").replace(f", {_THIS_ARRAY}", "")
        .replace(f"variable {_THIS_ARRAY!r}", described)
    )
    if reworded == message:
        return err
    new = type(err)(reworded)
    return new
def _positional_key_to_dict(dims: tuple[Hashable, ...], key: tuple[Any, ...]) -> dict[Hashable, Any]:
    """Map a positional ``[...]`` key (with at most one Ellipsis) onto dimension names."""
    if sum(k is Ellipsis for k in key) > 1:
        raise IndexError("an index can only have a single ellipsis (...)")
    if any(k is Ellipsis for k in key):
        pos = next(i for i, k in enumerate(key) if k is Ellipsis)
        fill = len(dims) - (len(key) - 1)
        key = key[:pos] + (slice(None),) * fill + key[pos + 1 :]
    if len(key) > len(dims):
        raise IndexError(
            f"too many indices: the array has {len(dims)} dimension(s) {dims} but {len(key)} were given"
        )
    return dict(zip(dims, key, strict=False))


def _coords_from_pandas(data: Any, dims: Any) -> tuple[list[Any], Any]:
    """Coordinates (and default dims) of a pandas Series/DataFrame/Index."""
    if isinstance(data, pd.Index):
        dim = dims if isinstance(dims, str) else (dims[0] if dims else (data.name or "dim_0"))
        return [pd.Index(data, name=dim)], (dim,)
    axes = [data.index] if isinstance(data, pd.Series) else [data.index, data.columns]
    names = []
    for i, axis in enumerate(axes):
        names.append(axis.name if axis.name is not None else f"dim_{i}")
    if dims is None:
        dims = tuple(names)
    return list(axes), dims


def _broadcast_scalar_to_coords(data: Any, coords: Any, dims: Any) -> Any:
    """A scalar with ``dims`` takes the shape the coordinates give those dims (as in xarray)."""
    dims = (dims,) if isinstance(dims, str) else tuple(dims)
    if not dims:
        return data
    if is_dict_like(coords):
        sizes = []
        for d in dims:
            if d not in coords:
                return data  # not every dimension has a length: leave the mismatch to be reported
            value = coords[d]
            sizes.append(len(value[1]) if isinstance(value, tuple) else len(getattr(value, "values", value)))
    else:
        coords = list(coords)
        if len(coords) != len(dims):
            return data
        sizes = [len(c[1]) if isinstance(c, tuple) else len(getattr(c, "values", c)) for c in coords]
    return np.full(tuple(sizes), data)


def _sequence_coord_dim(coord: Any, default: Hashable) -> Hashable:
    """The dimension a per-dimension coordinate names: a tuple's first item, an Index's name, ..."""
    if isinstance(coord, tuple) and coord and isinstance(coord[0], str):
        return coord[0]
    if isinstance(coord, tuple) and coord and isinstance(coord[0], tuple | list) and len(coord[0]) == 1:
        return coord[0][0]
    if isinstance(coord, pd.Index) and coord.name is not None:
        return coord.name
    if (is_dataarray_like(coord) or isinstance(coord, Variable)) and coord.ndim == 1:
        return coord.dims[0]
    return default


def _infer_dims(shape: tuple[int, ...], coords: Any, dims: Any) -> tuple[Hashable, ...]:
    """Dimension names from ``dims``, or inferred from ``coords`` given per dimension."""
    if dims is None:
        defaults = [f"dim_{i}" for i in range(len(shape))]
        if coords is None:
            return tuple(defaults)
        if is_dict_like(coords):
            if len(coords) == len(shape) and shape:
                return tuple(coords)
            return tuple(defaults)
        coords = list(coords)
        if len(coords) == len(shape):
            return tuple(_sequence_coord_dim(c, d) for c, d in zip(coords, defaults, strict=True))
        return tuple(defaults)
    if isinstance(dims, str) or not isinstance(dims, Iterable):
        dims = (dims,)
    dims = tuple(dims)
    if len(dims) != len(shape):
        raise ValueError(
            f"dims {dims} has {len(dims)} name(s) but the data has {len(shape)} dimension(s) with shape {shape}; "
            "give one name per dimension"
        )
    if len(set(dims)) != len(dims):
        raise ValueError(f"dimension names must be unique, got {dims}")
    return dims


def _build_coords(variable: Variable, coords: Any, indexes: Mapping[Any, Index] | None) -> tuple[dict[Hashable, Variable], dict[Hashable, Index]]:
    """Validate and normalise the ``coords`` argument of the DataArray constructor."""
    if coords is None:
        return {}, {}
    sizes = variable.sizes
    dims = variable.dims
    if isinstance(coords, coordinates_module.Coordinates):
        ds = coords.to_dataset()
        new_vars = dict(ds._variables)
        new_indexes = dict(ds._indexes) if indexes is None else dict(indexes)
    else:
        if not is_dict_like(coords):
            coords = list(coords)
            if len(coords) != len(dims):
                raise ValueError(
                    f"coords is a sequence of length {len(coords)} but the data has {len(dims)} "
                    f"dimension(s) {dims}; give one coordinate per dimension or a dict"
                )
            mapping: dict[Hashable, Any] = {}
            for dim, c in zip(dims, coords, strict=True):
                if isinstance(c, tuple) or is_dataarray_like(c) or isinstance(c, Variable):
                    mapping[dim] = c
                else:
                    mapping[dim] = (dim, c)
            coords = mapping
        grouped, _ = collect_from_mapping(coords, is_coords=True)
        new_vars, new_indexes = merge_collected(grouped, compat="broadcast_equals")
        if indexes is not None:
            new_indexes = dict(indexes)
    for name, var in new_vars.items():
        extra = [d for d in var.dims if d not in sizes]
        if extra:
            raise coordinates_module.CoordinateValidationError(
                f"coordinate {name!r} has dimension(s) {extra} that the data does not have; "
                f"the data's dimensions are {dims}"
            )
        for d, n in var.sizes.items():
            if sizes[d] != n:
                raise coordinates_module.CoordinateValidationError(
                    f"conflicting sizes for dimension {d!r}: length {sizes[d]} in the data but "
                    f"length {n} in coordinate {name!r}"
                )
    return new_vars, new_indexes


inject_arithmetic(DataArray)
inject_aggregations(DataArray)
