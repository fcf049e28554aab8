"""pandas, dict and Dask DataFrame conversions of DataArray and Dataset.

The conversion machinery is in :mod:`labarray.structure.pandas_interop`; these functions hold
the public signatures and docstrings and build the labarray objects (this topic layer may use
the façade constructors).
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from labarray.dataset import Dataset
from labarray.structure import pandas_interop as _interop
from labarray.utils.suggest import format_names

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS"]

#: temporary variable name of a DataArray converted to a one-variable Dataset
_PLACEHOLDER = "<labarray-interop-values>"


def _is_dataset(obj: Any) -> bool:
    return hasattr(obj, "_coord_names")


def _unnamed_error(what: str) -> ValueError:
    return ValueError(
        f"cannot convert an unnamed DataArray to a {what}: pass name=... or give the array a name "
        "first with .rename('name')"
    )


# ------------------------------------------------------------------------------- to pandas
def to_pandas(self: Any) -> Any:
    """Convert to the pandas object of matching dimensionality.

    DataArray: 0-D -> the 0-d NumPy value, 1-D -> ``pandas.Series``, 2-D -> ``pandas.DataFrame``
    (rows along the first dimension). Dataset: no dimensions -> a ``pandas.Series`` of the
    values, one dimension -> ``pandas.DataFrame``.

    Returns
    -------
    numpy.ndarray, pandas.Series or pandas.DataFrame

    Raises
    ------
    ValueError
        More than 2 dimensions (DataArray) or more than 1 (Dataset).

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([1, 2], dims="x", coords={"x": [10, 20]}, name="a").to_pandas()
    x
    10    1
    20    2
    Name: a, dtype: int64
    """
    if _is_dataset(self):
        if not self.sizes:
            return pd.Series({k: self._variables[k].values.item() for k in self.data_vars})
        if len(self.sizes) == 1:
            return dataset_to_dataframe(self)
        raise ValueError(
            f"cannot convert a Dataset with {len(self.sizes)} dimensions ({format_names(self.sizes)}) "
            "to a pandas object without changing the number of dimensions; use to_dataframe()"
        )
    if self.ndim == 0:
        return self.values
    if self.ndim == 1:
        return pd.Series(self.values, index=self.get_index(self.dims[0]), name=self.name)
    if self.ndim == 2:
        return pd.DataFrame(
            self.values, index=self.get_index(self.dims[0]), columns=self.get_index(self.dims[1])
        )
    raise ValueError(
        f"cannot convert a DataArray with {self.ndim} dimensions ({format_names(self.dims)}) to a "
        "pandas object: pandas holds 2 dimensions at most; use to_series() or to_dataframe()"
    )


def to_series(self: Any) -> pd.Series:
    """Convert a DataArray to a ``pandas.Series`` indexed by all its dimensions.

    Several dimensions give a MultiIndex in the order of ``dims`` (the data flattened in C order).

    Returns
    -------
    pandas.Series
        Named after the DataArray.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([[1, 2]], dims=("x", "y"), coords={"x": ["a"], "y": [0, 1]}, name="v")
    >>> da.to_series()
    x  y
    a  0    1
       1    2
    Name: v, dtype: int64
    """
    if self.ndim == 0:
        raise ValueError("cannot convert a 0-dimensional DataArray to a pandas.Series; use .item()")
    index = _interop.product_index([self.get_index(d) for d in self.dims])
    return pd.Series(np.asarray(self.values).reshape(-1), index=index, name=self.name)


def to_dataframe(
    self: Any, name: Hashable | None = None, dim_order: Sequence[Hashable] | None = None
) -> pd.DataFrame:
    """Convert a DataArray to a ``pandas.DataFrame`` indexed by the product of its dimensions.

    One column holds the data (named ``name``, default the array's name); each non-index
    coordinate gives another column, broadcast to all dimensions.

    Parameters
    ----------
    name : hashable, optional
        Column name of the data (required for an unnamed DataArray).
    dim_order : sequence of hashable, optional
        Order of the index levels (every dimension once); default: ``dims``.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        Unnamed DataArray without ``name``, a 0-dimensional array, or a bad ``dim_order``.

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([1, 2], dims="x", coords={"x": [10, 20]}).to_dataframe(name="v")  # doctest: +NORMALIZE_WHITESPACE
        v
    x
    10  1
    20  2
    """
    return _dataarray_to_dataframe(self, name, dim_order)


def dataset_to_dataframe(self: Any, dim_order: Sequence[Hashable] | None = None) -> pd.DataFrame:
    """Convert a Dataset to a ``pandas.DataFrame`` indexed by the product of its dimensions.

    One column per data variable and non-index coordinate (in the Dataset's variable order),
    each broadcast to all dimensions; a dimension with a MultiIndex contributes its levels to
    the index.

    Parameters
    ----------
    dim_order : sequence of hashable, optional
        Order of the index levels (every dimension once); default: the Dataset's order.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ValueError
        A Dataset without dimensions, or a bad ``dim_order``.

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1, 2]), "b": ("x", [0.5, 1.5])}, coords={"x": [10, 20]})
    >>> ds.to_dataframe()  # doctest: +NORMALIZE_WHITESPACE
        a    b
    x
    10  1  0.5
    20  2  1.5
    """
    dims = _interop.normalize_dim_order(self.sizes, dim_order)
    return _interop.dataset_to_frame(self, dims)


def _dataarray_to_dataframe(
    self: Any, name: Hashable | None = None, dim_order: Sequence[Hashable] | None = None
) -> pd.DataFrame:
    name = self.name if name is None else name
    if name is None:
        raise _unnamed_error("DataFrame")
    if self.ndim == 0:
        raise ValueError("cannot convert a 0-dimensional DataArray to a DataFrame; use .item()")
    dims = _interop.normalize_dim_order(dict(zip(self.dims, self.shape, strict=True)), dim_order)
    ds = self._to_dataset_whole(name=_PLACEHOLDER)
    columns = [c for c in _interop.series_columns(ds) if c != _PLACEHOLDER]
    frame = _interop.dataset_to_frame(ds, dims, columns=[*columns, _PLACEHOLDER])
    frame.columns = pd.Index([name if c == _PLACEHOLDER else c for c in frame.columns])
    return frame


# ------------------------------------------------------------------------------ from pandas
def from_dataframe(cls: type, dataframe: pd.DataFrame, sparse: bool = False) -> Any:
    """Build a Dataset from a ``pandas.DataFrame``: one data variable per column.

    A plain index becomes one dimension (named after the index, ``"index"`` if unnamed); a
    MultiIndex becomes one dimension per level, the columns laid out on the product of the
    levels with missing combinations filled with NaN (which promotes integers to float).

    Parameters
    ----------
    dataframe : pandas.DataFrame
        The source; pandas' string columns become NumPy ``object`` arrays.
    sparse : bool, default: False
        Store MultiIndex columns as ``sparse.COO`` arrays (needs the ``sparse`` package).

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        Duplicate column names, duplicate MultiIndex entries, or a column named like an index level.

    Examples
    --------
    >>> import labarray as xr
    >>> import pandas as pd
    >>> df = pd.DataFrame({"v": [1.0, 2.0, 3.0]},
    ...                   index=pd.MultiIndex.from_tuples([("a", 0), ("a", 1), ("b", 0)], names=["k", "n"]))
    >>> xr.Dataset.from_dataframe(df)["v"].values
    array([[ 1.,  2.],
           [ 3., nan]])
    """
    data_vars, coords = _interop.frame_to_variables(dataframe, sparse=sparse)
    return cls(data_vars, coords=coords)


def from_series(cls: type, series: pd.Series, sparse: bool = False) -> Any:
    """Build a DataArray from a ``pandas.Series`` (a MultiIndex gives one dimension per level).

    Parameters
    ----------
    series : pandas.Series
        The source; its name becomes the DataArray's name.
    sparse : bool, default: False
        Store the data as a ``sparse.COO`` array (needs the ``sparse`` package).

    Returns
    -------
    DataArray

    Examples
    --------
    >>> import labarray as xr
    >>> import pandas as pd
    >>> s = pd.Series([1, 2], index=pd.Index([10, 20], name="x"), name="v")
    >>> xr.DataArray.from_series(s).dims
    ('x',)
    """
    if not isinstance(series, pd.Series):
        raise TypeError(f"from_series expects a pandas.Series, got {type(series).__name__}")
    frame = pd.DataFrame({_PLACEHOLDER: series})
    ds = from_dataframe(Dataset, frame, sparse=sparse)
    result = ds[_PLACEHOLDER]
    return result._replace(name=series.name)


# ------------------------------------------------------------------------------------ dicts
def to_dict(self: Any, data: bool | Literal["list", "array"] = "list", encoding: bool = False) -> dict[str, Any]:
    """Convert to a dict of plain Python objects (the inverse of ``from_dict``).

    Parameters
    ----------
    data : bool or {"list", "array"}, default: "list"
        ``True``/``"list"``: values as nested lists; ``"array"``: NumPy arrays; ``False``: only
        each variable's ``dtype`` and ``shape``.
    encoding : bool, default: False
        Also write each variable's (and a Dataset's) ``encoding``.

    Returns
    -------
    dict
        DataArray: ``dims``, ``attrs``, ``data``, ``coords``, ``name``; Dataset: ``coords``,
        ``attrs``, ``dims``, ``data_vars`` (each variable ``{"dims", "attrs", "data"}``).

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([1, 2], dims="x", name="a").to_dict()
    {'dims': ('x',), 'attrs': {}, 'data': [1, 2], 'coords': {}, 'name': 'a'}
    """
    if _is_dataset(self):
        out: dict[str, Any] = {
            "coords": {k: _interop.variable_to_dict(self._variables[k], data, encoding) for k in self.coords},
            "attrs": dict(self.attrs),
            "dims": dict(self.sizes),
            "data_vars": {
                k: _interop.variable_to_dict(self._variables[k], data, encoding) for k in self.data_vars
            },
        }
    else:
        out = _interop.variable_to_dict(self.variable, data, encoding=False)
        out["coords"] = {
            k: _interop.variable_to_dict(v.variable, data, encoding) for k, v in self.coords.items()
        }
        out["name"] = self.name
    if encoding:
        out["encoding"] = dict(self.encoding)
    return out


def _dataarray_from_dict(cls: type, d: Mapping[str, Any]) -> Any:
    if not isinstance(d, Mapping):
        raise TypeError(f"from_dict expects a dict, got {type(d).__name__}")
    if "data" not in d:
        raise ValueError(
            "cannot convert dict without the key 'data' (a dict written with to_dict(data=False) "
            f"holds no values); keys: {format_names(d)}"
        )
    coords = {
        k: _interop.dict_to_variable_tuple(k, v, "coordinate")[:3]
        for k, v in (d.get("coords") or {}).items()
    }
    obj = cls(d["data"], coords=coords or None, dims=d.get("dims"), name=d.get("name"), attrs=d.get("attrs"))
    if d.get("encoding"):
        obj.encoding = dict(d["encoding"])
    for k, v in (d.get("coords") or {}).items():
        if isinstance(v, Mapping) and v.get("encoding"):
            obj.coords[k].variable.encoding = dict(v["encoding"])
    return obj


def _dataset_from_dict(cls: type, d: Mapping[Any, Any]) -> Any:
    if not isinstance(d, Mapping):
        raise TypeError(f"from_dict expects a dict, got {type(d).__name__}")
    structured = {"coords", "data_vars"} <= set(d)
    entries: Iterable[tuple[Any, Any, str]]
    if structured:
        entries = itertools.chain(
            ((k, v, "coordinate") for k, v in (d.get("coords") or {}).items()),
            ((k, v, "data variable") for k, v in (d.get("data_vars") or {}).items()),
        )
    else:
        entries = ((k, v, "variable") for k, v in d.items())
    variables = {k: _interop.dict_to_variable_tuple(k, v, what) for k, v, what in entries}
    coord_names = set(d.get("coords") or {}) if structured else set()
    ds = cls(
        {k: v for k, v in variables.items() if k not in coord_names},
        coords={k: v for k, v in variables.items() if k in coord_names},
        attrs=dict(d.get("attrs") or {}) if structured else None,
    )
    if structured and d.get("encoding"):
        ds.encoding = dict(d["encoding"])
    return ds


def from_dict(cls: type, d: Mapping[Any, Any]) -> Any:
    """Build an object from a dict such as ``to_dict()`` writes.

    DataArray: ``{"data": ..., "dims": ..., "coords": {name: {"dims", "data", "attrs"}},
    "attrs": ..., "name": ...}`` (only ``data`` is required). Dataset: ``{"coords": {...},
    "data_vars": {...}, "attrs": ...}`` or a flat ``{name: {"dims", "data", "attrs"}}``.

    Parameters
    ----------
    d : dict
        The description.

    Returns
    -------
    DataArray or Dataset

    Raises
    ------
    ValueError
        An entry lacks ``"data"`` or ``"dims"`` (the message names it).

    Examples
    --------
    >>> import labarray as xr
    >>> d = {"dims": "t", "data": [1, 2], "coords": {"t": {"dims": "t", "data": [5, 6]}}}
    >>> xr.DataArray.from_dict(d)["t"].values
    array([5, 6])
    >>> xr.Dataset.from_dict({"a": {"dims": "x", "data": [1.0]}})["a"].dims
    ('x',)
    """
    if issubclass(cls, Mapping):  # Dataset is a Mapping of variables; DataArray is not
        return _dataset_from_dict(cls, d)
    return _dataarray_from_dict(cls, d)


# ------------------------------------------------------------------------------- dask, numpy
def to_dask_dataframe(self: Any, dim_order: Sequence[Hashable] | None = None, set_index: bool = False) -> Any:
    """Convert to a lazy ``dask.dataframe.DataFrame`` (nothing is computed).

    Columns: one per dimension (its coordinate, or positions), then the non-index coordinates,
    then the data (DataArray: a column named after it) or data variables, each broadcast to
    all dimensions and flattened in ``dim_order``.

    Parameters
    ----------
    dim_order : sequence of hashable, optional
        Order of the dimensions in the flattening (every dimension once).
    set_index : bool, default: False
        Make the dimension column the index (only for one dimension).

    Returns
    -------
    dask.dataframe.DataFrame

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1.0, 2.0])}, coords={"x": [10, 20]}).chunk(1)
    >>> ddf = ds.to_dask_dataframe()
    >>> list(ddf.columns), ddf["a"].sum().compute()
    (['x', 'a'], np.float64(3.0))
    """
    if _is_dataset(self):
        ds = self
    else:
        if self.name is None:
            raise _unnamed_error("dask DataFrame")
        ds = self._to_dataset_whole(name=self.name)
    dims = _interop.normalize_dim_order(dict(ds.sizes), dim_order)
    return _interop.to_dask_frame(ds, dims, set_index)


def dataset_as_numpy(self: Any) -> Any:
    """A copy whose variables' data are NumPy arrays (Dask data computed, index coords kept).

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1.0, 2.0])}).chunk(1)
    >>> type(ds.as_numpy()["a"].data).__name__
    'ndarray'
    """
    variables = {
        k: v if k in self._indexes else v.as_numpy() for k, v in self._variables.items()
    }
    return self._replace(variables=variables)


DATAARRAY_METHODS: dict[str, Any] = {
    "to_pandas": to_pandas,
    "to_series": to_series,
    "to_dataframe": to_dataframe,
    "from_series": classmethod(from_series),
    "to_dict": to_dict,
    "from_dict": classmethod(from_dict),
    "to_dask_dataframe": to_dask_dataframe,
}
DATASET_METHODS: dict[str, Any] = {
    "to_pandas": to_pandas,
    "to_dataframe": dataset_to_dataframe,
    "from_dataframe": classmethod(from_dataframe),
    "to_dict": to_dict,
    "from_dict": classmethod(from_dict),
    "to_dask_dataframe": to_dask_dataframe,
    "as_numpy": dataset_as_numpy,
}
