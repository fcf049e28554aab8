"""``to_zarr`` on Dataset and DataArray (the machinery is :mod:`labarray.io.zarr_api`)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from labarray.dataset import Dataset
from labarray.io.api import DATAARRAY_VARIABLE
from labarray.methods.io import dataarray_to_dataset

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS", "DATAARRAY_VARIABLE_NAME", "to_zarr"]

#: the variable name of an unnamed DataArray written to a store (xarray's)
DATAARRAY_VARIABLE_NAME = DATAARRAY_VARIABLE


def to_zarr(
    self: Any,
    store: Any = None,
    chunk_store: Any = None,
    mode: str | None = None,
    synchronizer: Any = None,
    group: str | None = None,
    encoding: Mapping[Any, Any] | None = None,
    *,
    compute: bool = True,
    consolidated: bool | None = None,
    append_dim: Hashable | None = None,
    region: Mapping[Hashable, Any] | str | None = None,
    safe_chunks: bool = True,
    storage_options: Mapping[str, Any] | None = None,
    zarr_format: int | None = None,
    write_empty_chunks: bool | None = None,
) -> Any:
    """Write this object to a Zarr store (format 2 or 3).

    A DataArray is written as a one-variable Dataset (an unnamed one as
    ``"__xarray_dataarray_variable__"``, one named like a coordinate under that name with its
    name in the ``"__xarray_dataarray_name__"`` attribute, as xarray does). See :func:`labarray.io.zarr_api.to_zarr` for the
    modes (``"w"``, ``"w-"``, ``"a"``, ``"a-"``, ``"r+"``), ``append_dim``, ``region``, the
    Dask/Zarr chunk rules and ``compute=False``.

    Parameters
    ----------
    store : str, os.PathLike, zarr Store or mutable mapping, optional
        Where to write (``None``: a new in-memory store).
    chunk_store, mode, synchronizer, group, encoding, compute, consolidated, append_dim, region, safe_chunks, storage_options, zarr_format, write_empty_chunks
        As in :func:`labarray.io.zarr_api.to_zarr`.

    Returns
    -------
    ZarrStore or dask.delayed.Delayed

    Examples
    --------
    >>> import zarr
    >>> import labarray as xr
    >>> store = zarr.storage.MemoryStore()
    >>> _ = xr.Dataset({"a": ("x", [1, 2])}).to_zarr(store)
    >>> sorted(zarr.open_group(store).array_keys())
    ['a']
    """
    from labarray.io.zarr_api import to_zarr as write

    dataset = self if isinstance(self, Dataset) else dataarray_to_dataset(self)
    return write(
        dataset, store, chunk_store, mode, synchronizer, group, encoding, compute=compute,
        consolidated=consolidated, append_dim=append_dim, region=region, safe_chunks=safe_chunks,
        storage_options=storage_options, zarr_format=zarr_format, write_empty_chunks=write_empty_chunks,
    )


DATAARRAY_METHODS: dict[str, Any] = {"to_zarr": to_zarr}
DATASET_METHODS: dict[str, Any] = {"to_zarr": to_zarr}
