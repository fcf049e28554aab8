"""labarray.io: reading and writing files.

* :mod:`labarray.io.api` -- ``open_dataset``, ``open_dataarray``, ``load_dataset``,
  ``load_dataarray``, ``to_netcdf`` (the entry points every engine goes through);
* :mod:`labarray.io.backends` -- the backend API (``BackendArray``, ``BackendEntrypoint``,
  ``AbstractDataStore``, ``open_store_dataset``), the engine registry and the built-in
  netCDF4 and Zarr engines;
* :mod:`labarray.io.file_manager` -- the LRU cache of open file handles;
* :mod:`labarray.io.atomic` -- write-to-temporary-then-rename;
* :mod:`labarray.io.closing` -- which function closes the files behind an object;
* :mod:`labarray.io.conformance` -- ``BackendTests``, the tests every engine should pass.

Nothing here imports netCDF4, Zarr or Dask until a file is actually opened.
"""
