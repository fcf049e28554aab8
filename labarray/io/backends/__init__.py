"""IO engines: the backend API (:mod:`.common`, :mod:`.store`), the registry and built-in engines.

Importing this package is cheap: the libraries behind the engines (netCDF4, zarr) are only
imported when a file is opened, and third-party engines load on first use through
:func:`~labarray.io.backends.registry.list_engines`.

>>> from labarray.io.backends import list_engines
>>> "netcdf4" in list_engines()
True
"""

from __future__ import annotations

from labarray.io.backends.common import BackendArray, BackendEntrypoint
from labarray.io.backends.netcdf4 import NetCDF4BackendEntrypoint, NetCDF4DataStore
from labarray.io.backends.registry import (
    get_backend,
    guess_engine,
    list_engines,
    refresh_engines,
    register_backend,
)
from labarray.io.backends.store import (
    AbstractDataStore,
    AbstractWritableDataStore,
    InMemoryDataStore,
    StoreBackendEntrypoint,
    open_store_dataset,
)
from labarray.io.file_manager import CachingFileManager, DummyFileManager

__all__ = [
    "AbstractDataStore",
    "AbstractWritableDataStore",
    "BackendArray",
    "BackendEntrypoint",
    "CachingFileManager",
    "DummyFileManager",
    "InMemoryDataStore",
    "NetCDF4BackendEntrypoint",
    "NetCDF4DataStore",
    "StoreBackendEntrypoint",
    "get_backend",
    "guess_engine",
    "list_engines",
    "open_store_dataset",
    "refresh_engines",
    "register_backend",
]
