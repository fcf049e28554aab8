"""File output and file handles: ``to_netcdf``, ``close``, ``set_close``, ``drop_encoding``, ``with``.

Bound onto :class:`~labarray.DataArray` and :class:`~labarray.Dataset` by
:func:`labarray.methods.attach_methods`; the machinery is in :mod:`labarray.io`.

>>> import labarray as la
>>> ds = la.Dataset({"a": ("x", [1.0, 2.0])})
>>> bytes(ds.to_netcdf()[:4])
b'\\x89HDF'
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.io import api, closing

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS"]


def to_netcdf(
    self: Any,
    path: Any = None,
    mode: str = "w",
    format: str | None = None,
    group: str | None = None,
    engine: str | None = None,
    encoding: Mapping[Hashable, Mapping[str, Any]] | None = None,
    unlimited_dims: Iterable[Hashable] | str | None = None,
    compute: bool = True,
    invalid_netcdf: bool = False,
    auto_complex: bool | None = None,
) -> Any:
    """Write to a netCDF file (atomically with ``mode="w"``; None ``path`` returns a memoryview).

    A DataArray is written as a one-variable dataset; without a name its variable is stored
    as ``"__xarray_dataarray_variable__"`` (``open_dataarray`` gives the name None back);
    a name that a coordinate also has is kept in the global attribute
    ``"__xarray_dataarray_name__"`` (as xarray does), so ``open_dataarray`` restores it.
    See :func:`labarray.io.api.to_netcdf` for the parameters.

    Examples
    --------
    >>> import os, tempfile
    >>> import labarray as la
    >>> path = os.path.join(tempfile.mkdtemp(), "m.nc")
    >>> la.DataArray([1.0, 2.0], dims="x").to_netcdf(path)
    >>> from labarray.io.api import open_dataarray
    >>> with open_dataarray(path) as da:
    ...     da.name is None, da.values.tolist()
    (True, [1.0, 2.0])
    """
    if isinstance(self, DataArray):
        dataset = dataarray_to_dataset(self)
    else:
        dataset = self
    return api.to_netcdf(dataset, path, mode=mode, format=format, group=group, engine=engine, encoding=encoding,
                         unlimited_dims=unlimited_dims, compute=compute, invalid_netcdf=invalid_netcdf,
                         auto_complex=auto_complex)


def dataarray_to_dataset(da: DataArray) -> Dataset:
    """The one-variable Dataset a DataArray is written as (netCDF and Zarr alike).

    Without a name the variable is ``"__xarray_dataarray_variable__"``; a name that a
    coordinate or dimension also has is kept in the ``"__xarray_dataarray_name__"`` attribute.

    Examples
    --------
    >>> import labarray as la
    >>> list(dataarray_to_dataset(la.DataArray([1], dims="x")).data_vars)
    ['__xarray_dataarray_variable__']
    >>> dataarray_to_dataset(la.DataArray([1], dims="x", coords={"x": [0]}, name="x")).attrs
    {'__xarray_dataarray_name__': 'x'}
    """
    name = da.name
    if name is None:
        return da.to_dataset(name=api.DATAARRAY_VARIABLE)
    if name in da.coords or name in da.dims:
        # the name is taken by a coordinate: store the data under the placeholder and keep the
        # name in a global attribute (the one xarray uses), restored by open_dataarray
        ds = da.to_dataset(name=api.DATAARRAY_VARIABLE)
        ds.attrs = {**ds.attrs, api.DATAARRAY_NAME_ATTR: name}
        return ds
    return da.to_dataset(name=name)


def close(self: Any) -> None:
    """Close the files this object was opened from (nothing happens when there are none).

    Examples
    --------
    >>> import labarray as la
    >>> la.Dataset().close()
    """
    closing.close(self)


def set_close(self: Any, close: Callable[[], Any] | None) -> None:
    """Register the function that :meth:`close` calls (None: nothing to close).

    Examples
    --------
    >>> import labarray as la
    >>> ds, calls = la.Dataset(), []
    >>> ds.set_close(lambda: calls.append("closed"))
    >>> ds.close(); calls
    ['closed']
    """
    closing.set_close(self, close)


def _enter(self: Any) -> Any:
    return self


def _exit(self: Any, exc_type: Any, exc_value: Any, traceback: Any) -> None:
    closing.close(self)


def drop_encoding(self: Any) -> Any:
    """A copy without ``encoding`` on the object and on every variable.

    Examples
    --------
    >>> import labarray as la
    >>> ds = la.Dataset({"a": ("x", [1])})
    >>> ds["a"].encoding["dtype"] = "int16"
    >>> ds.drop_encoding()["a"].encoding
    {}
    """
    if isinstance(self, DataArray):
        ds = self._to_temp_dataset().drop_encoding()
        result = self._from_temp_dataset(ds)
        result.encoding = {}
        return result
    variables = {k: v._replace(encoding={}) for k, v in self._variables.items()}
    return self._replace(variables, encoding={})


_COMMON = {
    "to_netcdf": to_netcdf,
    "close": close,
    "set_close": set_close,
    "drop_encoding": drop_encoding,
    "__enter__": _enter,
    "__exit__": _exit,
}

DATAARRAY_METHODS: dict[str, Any] = dict(_COMMON)
DATASET_METHODS: dict[str, Any] = dict(_COMMON)
