"""Data stores: what a backend reads and writes, and the one decoding path ``open_store_dataset``.

A store exposes a file's raw content -- variables (lazily indexed), attributes, dimensions --
without any CF interpretation. :func:`open_store_dataset` decodes them (lazily) into a
Dataset whose ``close()`` closes the store. Writable stores add ``set_dimension``,
``set_variable``, ``set_attributes`` and ``sync``; :func:`dump_to_store` CF-encodes a Dataset
into one (NumPy data is written at once, Dask data is collected by an :class:`ArrayWriter`
and stored when the store syncs).

>>> import numpy as np
>>> import labarray as la
>>> store = InMemoryDataStore()
>>> dump_to_store(la.Dataset({"a": ("x", [1.5, np.nan])}), store)
>>> store.get_variables()["a"].attrs["_FillValue"]
np.float64(nan)
>>> open_store_dataset(store)["a"].values
array([1.5, nan])
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np

from labarray.coding.conventions import cf_encoder, decode_cf_variables
from labarray.coding.variables import default_fill_values
from labarray.dataset import Dataset
from labarray.io.backends.common import BackendEntrypoint
from labarray.io.backends.registry import register_backend
from labarray.io.closing import set_close
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.variable import Variable
from labarray.variable.indexing import ExplicitlyIndexed, LazilyIndexedArray

__all__ = [
    "AbstractDataStore",
    "AbstractWritableDataStore",
    "ArrayWriter",
    "InMemoryDataStore",
    "StoreBackendEntrypoint",
    "dump_to_store",
    "open_store_dataset",
]


class AbstractDataStore:
    """The raw content of one file or store.

    Subclasses implement :meth:`get_variables` (name -> Variable whose data is a
    :class:`~labarray.variable.indexing.LazilyIndexedArray` around a ``BackendArray``, attrs
    as stored, ``encoding`` with ``"source"``, ``"dtype"``, ``"chunksizes"`` and
    ``"preferred_chunks"``), :meth:`get_attrs`, :meth:`get_dimensions` and :meth:`close`.
    """

    def get_variables(self) -> dict[Hashable, Variable]:
        """The variables as stored (no CF decoding), with lazily read data."""
        raise NotImplementedError(f"{type(self).__name__} does not implement get_variables()")

    def get_attrs(self) -> dict[Any, Any]:
        """The global attributes."""
        raise NotImplementedError(f"{type(self).__name__} does not implement get_attrs()")

    def get_dimensions(self) -> dict[Hashable, int]:
        """The dimension sizes."""
        raise NotImplementedError(f"{type(self).__name__} does not implement get_dimensions()")

    def get_encoding(self) -> dict[str, Any]:
        """Dataset-level encoding, e.g. ``{"unlimited_dims": {"time"}}``."""
        return {}

    def load(self) -> tuple[dict[Hashable, Variable], dict[Any, Any]]:
        """``(variables, attributes)`` in one call."""
        return self.get_variables(), self.get_attrs()

    def close(self) -> None:
        """Release the file (further reads may reopen it)."""

    def __enter__(self) -> AbstractDataStore:
        return self

    def __exit__(self, *args: Any) -> None:
        self.close()


class ArrayWriter:
    """Collect Dask sources and their targets, and store them together (one Dask graph).

    Examples
    --------
    >>> target = np.zeros(3)
    >>> writer = ArrayWriter()
    >>> writer.add(np.arange(3.0), target)
    >>> target
    array([0., 1., 2.])
    """

    def __init__(self, lock: Any = None) -> None:
        self.sources: list[Any] = []
        self.targets: list[Any] = []
        self.regions: list[Any] = []
        self.lock = lock

    def add(self, source: Any, target: Any, region: tuple[slice, ...] | None = None) -> None:
        """Write ``source`` into ``target`` (now for NumPy data; at :meth:`sync` for Dask data)."""
        if is_chunked_array(source):
            self.sources.append(source)
            self.targets.append(target)
            self.regions.append(region)
            return
        key = region if region is not None else (...)
        target[key] = np.asarray(source)

    def sync(self, compute: bool = True) -> Any:
        """Store the collected Dask arrays; with ``compute=False`` return the Delayed object."""
        if not self.sources:
            return None
        import dask.array as da

        regions = self.regions if any(r is not None for r in self.regions) else None
        delayed = da.store(self.sources, self.targets, lock=self.lock if self.lock is not None else False,
                           compute=compute, flush=True, regions=regions)
        self.sources, self.targets, self.regions = [], [], []
        return delayed


class AbstractWritableDataStore(AbstractDataStore):
    """A store that can be written: dimensions, variables (with their data), attributes.

    Subclasses implement :meth:`set_dimension`, :meth:`prepare_variable` (create the stored
    variable and return the array-like target to write data into) and
    :meth:`set_attributes`; :meth:`store` drives them for a whole set of encoded variables.
    """

    def set_dimension(self, name: Hashable, length: int, is_unlimited: bool = False) -> None:
        """Create a dimension."""
        raise NotImplementedError(f"{type(self).__name__} does not implement set_dimension()")

    def set_attributes(self, attributes: Mapping[Any, Any]) -> None:
        """Write global attributes."""
        raise NotImplementedError(f"{type(self).__name__} does not implement set_attributes()")

    def prepare_variable(self, name: Hashable, variable: Variable, check_encoding: bool = False,
                         unlimited_dims: Iterable[Hashable] | None = None) -> tuple[Any, Any]:
        """Create the stored variable; returns ``(target, data to write)``."""
        raise NotImplementedError(f"{type(self).__name__} does not implement prepare_variable()")

    def set_variable(self, name: Hashable, variable: Variable, writer: ArrayWriter | None = None,
                     check_encoding: bool = False, unlimited_dims: Iterable[Hashable] | None = None) -> None:
        """Create one (already encoded) variable and write its data (through ``writer``)."""
        target, source = self.prepare_variable(name, variable, check_encoding, unlimited_dims)
        (writer or ArrayWriter()).add(source, target)

    def set_dimensions(self, variables: Mapping[Hashable, Variable], unlimited_dims: Iterable[Hashable] = ()) -> None:
        """Create every dimension the variables use (existing ones must have the same size)."""
        existing = self.get_dimensions()
        unlimited = set(unlimited_dims)
        sizes: dict[Hashable, int] = {}
        for name, var in variables.items():
            for dim, size in zip(var.dims, var.shape, strict=True):
                if dim in sizes and sizes[dim] != size:
                    raise ValueError(
                        f"dimension {dim!r} has size {sizes[dim]} in one variable and {size} in "
                        f"variable {name!r}"
                    )
                sizes[dim] = size
        for dim, size in sizes.items():
            if dim in existing:
                if dim not in unlimited and existing[dim] != size and dim not in self.get_encoding().get("unlimited_dims", ()):
                    raise ValueError(
                        f"cannot write dimension {dim!r} of size {size}: the store already has it with "
                        f"size {existing[dim]}"
                    )
                continue
            self.set_dimension(dim, size, dim in unlimited)

    def store(self, variables: Mapping[Hashable, Variable], attributes: Mapping[Any, Any],
              check_encoding_set: Iterable[Hashable] = frozenset(), writer: ArrayWriter | None = None,
              unlimited_dims: Iterable[Hashable] | None = None) -> None:
        """Write encoded variables and attributes (dimensions first)."""
        writer = writer if writer is not None else ArrayWriter()
        unlimited = set(unlimited_dims or ())
        self.set_attributes(attributes)
        self.set_dimensions(variables, unlimited)
        check = set(check_encoding_set)
        for name, var in variables.items():
            self.set_variable(name, var, writer, name in check, unlimited)

    def sync(self) -> None:
        """Flush pending writes."""


class _MemoryTarget:
    """Array-like target of the in-memory store (``target[key] = values``)."""

    def __init__(self, store: InMemoryDataStore, name: Hashable) -> None:
        self.store, self.name = store, name

    def __setitem__(self, key: Any, value: Any) -> None:
        var = self.store._variables[self.name]
        data = np.array(var.values, copy=True)
        data[key] = value
        self.store._variables[self.name] = Variable(var.dims, data, var.attrs, var.encoding)


class InMemoryDataStore(AbstractWritableDataStore):
    """A store that keeps its (encoded) variables in a dict: for tests and examples."""

    def __init__(self, variables: Mapping[Hashable, Variable] | None = None,
                 attributes: Mapping[Any, Any] | None = None) -> None:
        self._variables: dict[Hashable, Variable] = dict(variables or {})
        self._attributes: dict[Any, Any] = dict(attributes or {})
        self._dims: dict[Hashable, int] = {}
        for var in self._variables.values():
            self._dims.update(zip(var.dims, var.shape, strict=True))

    def get_variables(self) -> dict[Hashable, Variable]:
        return {k: Variable(v.dims, LazilyIndexedArray(v.values), dict(v.attrs), dict(v.encoding))
                for k, v in self._variables.items()}

    def get_attrs(self) -> dict[Any, Any]:
        return dict(self._attributes)

    def get_dimensions(self) -> dict[Hashable, int]:
        return dict(self._dims)

    def set_dimension(self, name: Hashable, length: int, is_unlimited: bool = False) -> None:
        self._dims[name] = length

    def set_attributes(self, attributes: Mapping[Any, Any]) -> None:
        self._attributes.update(attributes)

    def prepare_variable(self, name: Hashable, variable: Variable, check_encoding: bool = False,
                         unlimited_dims: Iterable[Hashable] | None = None) -> tuple[Any, Any]:
        self._variables[name] = Variable(variable.dims, np.empty(variable.shape, variable.dtype),
                                         dict(variable.attrs), {})
        return _MemoryTarget(self, name), variable.data


def dump_to_store(dataset: Any, store: AbstractWritableDataStore, writer: ArrayWriter | None = None,
                  encoding: Mapping[Hashable, Mapping[str, Any]] | None = None,
                  unlimited_dims: Iterable[Hashable] | None = None, encoder: Any = None) -> None:
    """CF-encode ``dataset`` and write it into ``store``.

    Parameters
    ----------
    dataset : Dataset
    store : AbstractWritableDataStore
    writer : ArrayWriter, optional
        Collects Dask data (call ``writer.sync()`` to store it); default: a private one
        that stores at once.
    encoding : dict, optional
        Per-variable encoding replacing each variable's own ``encoding`` (already
        validated by the caller); those variables are checked strictly by the store.
    unlimited_dims : iterable, optional
        Dimensions created unlimited.
    encoder : callable, optional
        ``encoder(variables, attrs) -> (variables, attrs)`` run after the CF encoding
        (e.g. a format's own restrictions).

    Examples
    --------
    >>> import labarray as la
    >>> store = InMemoryDataStore()
    >>> dump_to_store(la.Dataset({"flag": ("x", [True, False])}), store)
    >>> store.get_variables()["flag"].attrs, store.get_variables()["flag"].dtype
    ({'dtype': 'bool'}, dtype('int8'))
    """
    encoding = dict(encoding or {})
    variables: dict[Hashable, Variable] = {}
    for name, var in dataset._variables.items():
        if name in encoding:
            var = var._replace(encoding=dict(encoding[name]))  # as xarray: the given encoding replaces the own
        variables[name] = default_fill_values(var)
    attrs = dict(dataset.attrs)
    encoded, attrs = cf_encoder(variables, attrs, coord_names=dataset._coord_names)
    if encoder is not None:
        encoded, attrs = encoder(encoded, attrs)
    own_writer = writer is None
    writer = writer if writer is not None else ArrayWriter()
    store.store(encoded, attrs, check_encoding_set=set(encoding), writer=writer, unlimited_dims=unlimited_dims)
    if own_writer:
        writer.sync()


def open_store_dataset(
    store: AbstractDataStore,
    *,
    mask_and_scale: bool = True,
    decode_times: Any = True,
    decode_timedelta: Any = None,
    use_cftime: bool | None = None,
    concat_characters: bool = True,
    decode_coords: bool | str = True,
    drop_variables: str | Iterable[Hashable] | None = None,
) -> Dataset:
    """Decode a store's raw variables (lazily) into a Dataset that closes the store on ``close()``.

    The one decoding path shared by every engine (see
    :func:`labarray.coding.conventions.decode_cf_variables` for the switches). Data stays
    lazily indexed: only dimension coordinates (which become indexes) are read.

    Parameters
    ----------
    store : AbstractDataStore
    mask_and_scale, decode_times, decode_timedelta, use_cftime, concat_characters, decode_coords
        As in :func:`labarray.io.api.open_dataset`.
    drop_variables : str or iterable, optional
        Variables to skip (names that do not exist are ignored, as in xarray).

    Returns
    -------
    Dataset
        With ``encoding`` holding ``"source"`` and ``"unlimited_dims"`` when the store knows them.

    Examples
    --------
    >>> raw = {"t": Variable("t", np.array([0, 1]), {"units": "days since 2000-01-01"})}
    >>> open_store_dataset(InMemoryDataStore(raw))["t"].values.astype("M8[D]").tolist()
    [datetime.date(2000, 1, 1), datetime.date(2000, 1, 2)]
    """
    variables, attributes = store.load()
    dropped = {drop_variables} if isinstance(drop_variables, str) else set(drop_variables or ())
    for name, var in variables.items():
        data = var._data
        if var.dims == (name,) and isinstance(data, ExplicitlyIndexed) and name not in dropped:
            # a dimension coordinate becomes an index, which needs all its values: read them
            # once now rather than piecewise while decoding and again when indexing
            variables[name] = var._replace(data=np.asarray(data.get_duck_array()))
        elif isinstance(data, ExplicitlyIndexed) and not isinstance(data, LazilyIndexedArray):
            variables[name] = var._replace(data=LazilyIndexedArray(data))
    decoded, attrs, coord_names = decode_cf_variables(
        variables, attributes, concat_characters=concat_characters, mask_and_scale=mask_and_scale,
        decode_times=decode_times, decode_coords=decode_coords, drop_variables=drop_variables,
        use_cftime=use_cftime, decode_timedelta=decode_timedelta)
    dims_of_vars = {d for v in decoded.values() for d in v.dims}
    index_names = {k for k in decoded if k in dims_of_vars and decoded[k].dims == (k,)}
    coord_names |= index_names
    for name in index_names:  # indexes need their values: read each once, here
        var = decoded[name]
        if not var._in_memory and not is_chunked_array(var._data):
            decoded[name] = var = var._replace(data=np.asarray(var._data.get_duck_array()))
        if var.dtype.kind == "O" and not is_chunked_array(var._data):
            # xarray 2026.9 has no behaviour to match here: it silently puts the reference date in
            # place of float fill values and fails inside cftime on integer ones; refuse clearly
            values = np.asarray(var.values)
            missing = np.flatnonzero(np.fromiter((v is None for v in values.ravel()), bool, values.size))
            if missing.size:
                shown = ", ".join(map(str, missing[:5])) + (", ..." if missing.size > 5 else "")
                calendar = var.encoding.get("calendar")
                raise ValueError(
                    f"the coordinate {name!r} has {missing.size} missing dates (fill values, at positions "
                    f"{shown})" + (f" in calendar {calendar!r}" if calendar else "") + ", which a cftime "
                    f"index cannot hold; open the data with decode_times={{{name!r}: False}} to keep the "
                    "raw numbers (and decode them after dropping the missing entries with decode_cf)"
                )
    data_vars = {k: v for k, v in decoded.items() if k not in coord_names}
    coords = {k: v for k, v in decoded.items() if k in coord_names}
    ds = _dataset_from_decoded(data_vars, coords, index_names, attrs)
    encoding = dict(store.get_encoding())
    source = getattr(store, "source", None)
    if source is not None:
        encoding.setdefault("source", source)
    ds.encoding = encoding
    set_close(ds, store.close)
    return ds


def _dataset_from_decoded(data_vars: dict[Hashable, Variable], coords: dict[Hashable, Variable],
                          index_names: set[Hashable], attrs: Mapping[Any, Any]) -> Dataset:
    """``Dataset(data_vars, coords=coords, attrs=attrs)`` without the general merge machinery.

    The decoded variables of one store are fresh :class:`Variable` objects with distinct names, so
    the constructor's conversions and conflict checks have nothing to do: only the default indexes
    of ``index_names`` are built (once each). Anything unusual (or a dimension-size conflict, for
    the constructor's error message) goes through the constructor.
    """
    from labarray.indexes.indexes import create_default_index_implicit

    variables: dict[Hashable, Variable] = {}
    for name, var in (*data_vars.items(), *coords.items()):
        if type(var) is not Variable or (name in var.dims and var.dims != (name,)):
            return Dataset(data_vars, coords=coords, attrs=attrs)
        variables[name] = var
    indexes: dict[Hashable, Any] = {}
    for name in [k for k in variables if k in index_names]:  # in variable order, as the constructor
        idx_map, idx_vars = create_default_index_implicit(variables[name])
        if set(idx_vars) != {name}:  # e.g. a MultiIndex with level coordinates
            return Dataset(data_vars, coords=coords, attrs=attrs)
        variables[name] = idx_vars[name]
        indexes.update(idx_map)
    try:
        return Dataset._construct_direct(variables, set(coords), attrs=dict(attrs), indexes=indexes)
    except ValueError:
        return Dataset(data_vars, coords=coords, attrs=attrs)


class StoreBackendEntrypoint(BackendEntrypoint):
    """Open an :class:`AbstractDataStore` object directly (``engine="store"``).

    Examples
    --------
    >>> StoreBackendEntrypoint().guess_can_open(InMemoryDataStore())
    True
    """

    description = "Open AbstractDataStore instances in labarray"
    url = ""
    open_dataset_parameters = ("filename_or_obj", "mask_and_scale", "decode_times", "concat_characters",
                               "decode_coords", "drop_variables", "use_cftime", "decode_timedelta")

    def guess_can_open(self, filename_or_obj: Any) -> bool:
        return isinstance(filename_or_obj, AbstractDataStore)

    def open_dataset(  # type: ignore[override]
        self,
        filename_or_obj: Any,
        *,
        mask_and_scale: bool = True,
        decode_times: Any = True,
        concat_characters: bool = True,
        decode_coords: bool | str = True,
        drop_variables: str | Iterable[Hashable] | None = None,
        use_cftime: bool | None = None,
        decode_timedelta: Any = None,
    ) -> Dataset:
        if not isinstance(filename_or_obj, AbstractDataStore):
            raise TypeError(f"the store engine opens AbstractDataStore objects; got {type(filename_or_obj).__name__}")
        return open_store_dataset(filename_or_obj, mask_and_scale=mask_and_scale, decode_times=decode_times,
                                  decode_timedelta=decode_timedelta, use_cftime=use_cftime,
                                  concat_characters=concat_characters, decode_coords=decode_coords,
                                  drop_variables=drop_variables)


register_backend("store", StoreBackendEntrypoint)
