"""The Zarr engine: lazily indexed Zarr arrays, a read/write store and the backend entry point.

Zarr formats 2 and 3 (zarr-python 3) are supported. Dimension names are read from the
``_ARRAY_DIMENSIONS`` attribute (format 2, the convention shared with other tools) or from the
array metadata's ``dimension_names`` (format 3). The Zarr ``fill_value`` of a format-2 array is
its CF ``_FillValue``; format 3 keeps ``_FillValue`` as an attribute (floats base64-encoded,
as other readers expect) and the array's own ``fill_value`` in ``encoding``.

Reading goes through :func:`labarray.io.backends.store.open_store_dataset`, the decoding path
shared by every engine; writing (``to_zarr``) lives in :mod:`labarray.io.zarr_api` and uses the
store's helpers defined here.

Examples
--------
>>> import numpy as np
>>> import zarr
>>> group = zarr.open_group(zarr.storage.MemoryStore(), mode="w", zarr_format=2)
>>> arr = group.create_array("a", shape=(3,), dtype="f8", attributes={"_ARRAY_DIMENSIONS": ["x"]})
>>> arr[:] = np.arange(3.0)
>>> store = ZarrStore(group)
>>> var = store.get_variables()["a"]
>>> var.dims, var.encoding["preferred_chunks"]
(('x',), {'x': 3})
"""

from __future__ import annotations

import base64
import contextlib
import math
import os
import struct
import warnings
from collections.abc import Hashable, Iterable, Iterator, Mapping, MutableMapping
from typing import Any

import numpy as np

from labarray.io.backends.common import BackendArray, BackendEntrypoint
from labarray.io.backends.registry import register_backend
from labarray.io.backends.store import AbstractWritableDataStore, open_store_dataset
from labarray.utils.suggest import did_you_mean, format_names
from labarray.variable import Variable
from labarray.variable.indexing import (
    BasicIndexer,
    ExplicitIndexer,
    LazilyIndexedArray,
    OuterIndexer,
    VectorizedIndexer,
)

__all__ = [
    "DIMENSION_KEY",
    "ZarrArrayWrapper",
    "ZarrBackendEntrypoint",
    "ZarrStore",
    "decode_fill_value",
    "encode_attr_value",
    "encode_fill_value",
    "json_safe_attrs",
    "open_zarr_group",
    "quiet_zarr",
]

#: the attribute holding the dimension names of a format-2 array
DIMENSION_KEY = "_ARRAY_DIMENSIONS"


@contextlib.contextmanager
def quiet_zarr() -> Iterator[None]:
    """Silence zarr-python's warnings about fixed-width NumPy strings in format 3.

    They have no Zarr v3 specification yet; zarr-python stores and reads them anyway (as other
    writers do) and warns each time the metadata is parsed.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*does not have a Zarr V3 specification.*")
        warnings.filterwarnings("ignore", message=".*[Cc]onsolidated metadata.*")
        yield


def _zarr() -> Any:
    try:
        import zarr
    except ImportError as err:  # pragma: no cover - zarr is a test dependency
        raise ImportError("the zarr engine needs zarr-python 3: pip install 'zarr>=3'") from err
    return zarr


# --------------------------------------------------------------------------- value coding
def encode_fill_value(value: Any, dtype: np.dtype[Any]) -> Any:
    """A ``_FillValue`` as stored in a format-3 attribute (JSON; floats base64 of a little-endian double).

    Examples
    --------
    >>> encode_fill_value(-1.5, np.dtype("f4"))
    'AAAAAAAA+L8='
    >>> decode_fill_value(encode_fill_value(-1.5, np.dtype("f4")), np.dtype("f4"))
    -1.5
    """
    kind = np.dtype(dtype).kind
    if kind == "f":
        return base64.standard_b64encode(struct.pack("<d", float(value))).decode()
    if kind == "c":
        value = complex(value)
        return [base64.standard_b64encode(struct.pack("<d", part)).decode() for part in (value.real, value.imag)]
    if kind in "iu":
        return int(value)
    if kind == "b":
        return bool(value)
    if kind == "S":
        return base64.standard_b64encode(bytes(value)).decode()
    if kind in "UOT":
        return str(value)
    raise ValueError(f"cannot store a _FillValue for dtype {np.dtype(dtype)} in a Zarr attribute")


def decode_fill_value(value: Any, dtype: np.dtype[Any]) -> Any:
    """The inverse of :func:`encode_fill_value` (plain numbers are accepted as they are)."""
    kind = np.dtype(dtype).kind
    if kind == "f":
        if isinstance(value, str):
            return struct.unpack("<d", base64.standard_b64decode(value))[0]
        return float(value)
    if kind == "c":
        if isinstance(value, list | tuple) and len(value) == 2:
            real, imag = (struct.unpack("<d", base64.standard_b64decode(v))[0] if isinstance(v, str) else float(v) for v in value)
            return complex(real, imag)
        return complex(value)
    if kind in "iu":
        return int(value)
    if kind == "b":
        return bool(value)
    if kind == "S" and isinstance(value, str):
        return base64.standard_b64decode(value)
    return value


def encode_attr_value(value: Any) -> Any:
    """An attribute value as JSON-compatible Python objects (NumPy scalars and arrays unwrapped).

    Examples
    --------
    >>> encode_attr_value(np.arange(3))
    [0, 1, 2]
    >>> encode_attr_value({"a": np.float32(1.5)})
    {'a': 1.5}
    """
    if isinstance(value, np.ndarray):
        return value.tolist() if value.ndim else value.item()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple):
        return [encode_attr_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode_attr_value(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def json_safe_attrs(attrs: Mapping[Any, Any], where: str) -> dict[str, Any]:
    """Attributes with JSON-compatible values; non-string names raise a TypeError naming ``where``.

    Examples
    --------
    >>> json_safe_attrs({"scale": np.float32(2.0)}, "variable 'a'")
    {'scale': 2.0}
    """
    out = {}
    for key, value in attrs.items():
        if not isinstance(key, str):
            raise TypeError(f"attribute names must be strings to be stored in Zarr; {where} has {key!r}")
        out[key] = encode_attr_value(value)
    return out


# --------------------------------------------------------------------------- arrays
class ZarrArrayWrapper(BackendArray):
    """A Zarr array read lazily through explicit indexers (basic, outer and vectorized).

    Examples
    --------
    >>> import zarr
    >>> z = zarr.create_array(zarr.storage.MemoryStore(), shape=(4,), dtype="i8")
    >>> z[:] = [1, 2, 3, 4]
    >>> ZarrArrayWrapper(z)[OuterIndexer((np.array([0, 3]),))]
    array([1, 4])
    """

    __slots__ = ("_array", "dtype", "shape")

    def __init__(self, array: Any):
        self._array = array
        self.shape = tuple(array.shape)
        dtype = array.dtype
        # variable-length strings come back as NumPy's StringDType or object: keep object
        # (labarray holds NumPy dtypes that every routine understands)
        self.dtype = np.dtype(object) if getattr(dtype, "kind", "O") in "OT" else np.dtype(dtype)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def get_array(self) -> Any:
        """The wrapped ``zarr.Array``."""
        return self._array

    def __getitem__(self, key: ExplicitIndexer) -> np.ndarray:
        if isinstance(key, BasicIndexer):
            result = self._array[key.tuple] if self.shape else self._array[...]
        elif isinstance(key, OuterIndexer):
            result = self._array.get_orthogonal_selection(key.tuple)
        elif isinstance(key, VectorizedIndexer):
            result = self._array.vindex[key.tuple]
        else:
            raise TypeError(f"a Zarr array takes an explicit indexer; got {type(key).__name__}")
        out = np.asarray(result)
        if out.dtype != self.dtype:
            out = out.astype(self.dtype)
        return out

    def get_duck_array(self) -> np.ndarray:
        return self[BasicIndexer((slice(None),) * self.ndim)]

    def __repr__(self) -> str:
        return f"ZarrArrayWrapper(shape={self.shape}, dtype={self.dtype})"


def _describe_store(store: Any) -> str:
    if isinstance(store, str | os.PathLike):
        return os.fspath(store)
    return type(store).__name__


def _normalize_store(store: Any) -> Any:
    if isinstance(store, os.PathLike):
        return os.fspath(store)
    if isinstance(store, str):
        return os.path.expanduser(store) if "://" not in store else store
    return store


def open_zarr_group(
    store: Any,
    *,
    mode: str = "r",
    group: str | None = None,
    consolidated: bool | None = None,
    zarr_format: int | None = None,
    storage_options: Mapping[str, Any] | None = None,
    chunk_store: Any = None,
    synchronizer: Any = None,
) -> Any:
    """Open (or create) the Zarr group ``group`` of ``store`` with zarr-python 3.

    ``store`` may be a local path, an fsspec URL (with ``storage_options``), a zarr ``Store``
    or a mutable mapping (e.g. an fsspec mapper). Errors name the store and the group.

    Examples
    --------
    >>> import zarr
    >>> group = open_zarr_group(zarr.storage.MemoryStore(), mode="w", zarr_format=2)
    >>> group.metadata.zarr_format
    2
    """
    zarr = _zarr()
    if zarr_format not in (None, 2, 3):
        raise ValueError(f"zarr_format must be 2, 3 or None; got {zarr_format!r}")
    if storage_options and not (isinstance(store, str) and "://" in store):
        raise ValueError(
            "storage_options are only used with an fsspec URL such as 'memory://data.zarr' or "
            f"'s3://bucket/data.zarr'; got a store {_describe_store(store)!r}"
        )
    if isinstance(store, MutableMapping) and not isinstance(store, zarr.abc.store.Store):
        store = _mapping_store(store)
    store = _normalize_store(store)
    kwargs: dict[str, Any] = {"mode": mode, "path": group, "zarr_format": zarr_format}
    if storage_options:
        kwargs["storage_options"] = dict(storage_options)
    if chunk_store is not None:
        # zarr-python 3 accepts the argument but ignores it (with a warning): refuse rather
        # than put the chunks somewhere the caller does not expect
        raise NotImplementedError(
            "a separate chunk_store is not supported with zarr-python 3 (it would be ignored and "
            "the chunks written to the main store); pass chunk_store=None"
        )
    if mode == "r":
        kwargs["use_consolidated"] = consolidated
    where = _describe_store(store) + (f" (group {group!r})" if group else "")
    try:
        with quiet_zarr():
            return zarr.open_group(store, **kwargs)
    except FileNotFoundError as err:
        raise FileNotFoundError(f"no Zarr group found at {where}: {err}") from err
    except zarr.errors.GroupNotFoundError as err:  # type: ignore[attr-defined]
        raise FileNotFoundError(f"no Zarr group found at {where}") from err
    except (zarr.errors.ContainsGroupError, FileExistsError) as err:  # type: ignore[attr-defined]
        raise FileExistsError(
            f"a Zarr store already exists at {where}; use mode='w' to overwrite it or mode='a' to add to it"
        ) from err
    except zarr.errors.ContainsArrayError as err:  # type: ignore[attr-defined]
        raise FileExistsError(f"{where} holds a Zarr array, not a group") from err
    except ValueError as err:
        if consolidated:
            raise ValueError(
                f"{where} has no consolidated metadata ({err}); open it with consolidated=False or None"
            ) from err
        raise


def _mapping_store(mapping: MutableMapping[str, Any]) -> Any:
    """A zarr Store over a mutable mapping (an fsspec mapper or a plain dict)."""
    zarr = _zarr()
    fs = getattr(mapping, "fs", None)
    if fs is not None and hasattr(mapping, "root"):
        from zarr.storage import FsspecStore

        return FsspecStore.from_mapper(mapping)
    if isinstance(mapping, dict):
        return zarr.storage.MemoryStore(mapping)
    raise TypeError(
        f"cannot use a {type(mapping).__name__} as a Zarr store; pass a path, an fsspec URL, an "
        "fsspec mapper or a zarr Store"
    )


class ZarrStore(AbstractWritableDataStore):
    """A Zarr group seen as a data store: variables, attributes and dimensions (read and write).

    Parameters
    ----------
    zarr_group : zarr.Group
        An open group (see :func:`open_zarr_group`).
    mode : {"r", "r+", "a", "w", "w-"}, default: "r"
        How the group was opened (for messages and checks).
    """

    def __init__(self, zarr_group: Any, mode: str = "r", close_store_on_close: bool = False):
        self.zarr_group = zarr_group
        self.mode = mode
        self._close_store_on_close = close_store_on_close
        self._arrays: dict[str, Any] | None = None

    @classmethod
    def open_group(cls, store: Any, mode: str = "r", **kwargs: Any) -> ZarrStore:
        """Open ``store`` with :func:`open_zarr_group` and wrap the group."""
        return cls(open_zarr_group(store, mode=mode, **kwargs), mode=mode, close_store_on_close=isinstance(store, str | os.PathLike))

    # ---------------------------------------------------------------- reading
    @property
    def zarr_format(self) -> int:
        return int(self.zarr_group.metadata.zarr_format)

    @property
    def source(self) -> str:
        store = self.zarr_group.store
        root = getattr(store, "root", None) or getattr(store, "path", None)
        return os.fspath(root) if root is not None else type(store).__name__

    def arrays(self) -> dict[str, Any]:
        """The group's arrays by name (listed once and cached)."""
        if self._arrays is None:
            with quiet_zarr():
                self._arrays = dict(self.zarr_group.arrays())
        return self._arrays

    def _invalidate(self) -> None:
        self._arrays = None

    def array_dims(self, name: str, array: Any) -> tuple[str, ...]:
        """The dimension names of one array; errors name the array when they are missing."""
        dims: Any = None
        if self.zarr_format == 3:
            dims = getattr(array.metadata, "dimension_names", None)
        if dims is None:
            dims = array.attrs.get(DIMENSION_KEY)
        if dims is None:
            if array.ndim == 0:
                return ()
            key = "dimension_names metadata" if self.zarr_format == 3 else f"{DIMENSION_KEY!r} attribute"
            raise KeyError(
                f"Zarr array {name!r} in {self.source} has no dimension names (no {key}); "
                "labarray reads Zarr stores whose arrays name their dimensions"
            )
        if any(d is None for d in dims):
            raise KeyError(f"Zarr array {name!r} in {self.source} has unnamed dimensions: {list(dims)}")
        if len(dims) != array.ndim:
            raise ValueError(
                f"Zarr array {name!r} in {self.source} has {array.ndim} axes but {len(dims)} "
                f"dimension names {list(dims)}"
            )
        return tuple(dims)

    def open_store_variable(self, name: str, array: Any) -> Variable:
        """One array as a lazily indexed Variable with its attributes and encoding."""
        dims = self.array_dims(name, array)
        attrs = {k: v for k, v in array.attrs.asdict().items() if k != DIMENSION_KEY}
        wrapper = ZarrArrayWrapper(array)
        chunks = tuple(array.chunks)
        encoding: dict[str, Any] = {
            "source": self.source,
            "dtype": wrapper.dtype,
            "chunks": chunks,
            "preferred_chunks": dict(zip(dims, chunks, strict=True)),
            "compressors": tuple(array.compressors),
            "filters": tuple(array.filters),
        }
        shards = getattr(array, "shards", None)
        if shards is not None:
            encoding["shards"] = tuple(shards)
        if self.zarr_format == 2:
            if array.fill_value is not None:
                fill = array.fill_value
                attrs["_FillValue"] = fill.item() if isinstance(fill, np.generic) else fill
        else:
            encoding["fill_value"] = array.fill_value
            if "_FillValue" in attrs:
                attrs["_FillValue"] = decode_fill_value(attrs["_FillValue"], wrapper.dtype)
        return Variable(dims, LazilyIndexedArray(wrapper), attrs, encoding)

    def get_variables(self) -> dict[Hashable, Variable]:
        return {name: self.open_store_variable(name, array) for name, array in self.arrays().items()}

    def get_attrs(self) -> dict[Hashable, Any]:
        return dict(self.zarr_group.attrs.asdict())

    def get_dimensions(self) -> dict[Hashable, int]:
        sizes: dict[Hashable, int] = {}
        owner: dict[Hashable, str] = {}
        for name, array in self.arrays().items():
            for dim, size in zip(self.array_dims(name, array), array.shape, strict=True):
                if dim in sizes and sizes[dim] != size:
                    raise ValueError(
                        f"dimension {dim!r} has length {sizes[dim]} in Zarr array {owner[dim]!r} but "
                        f"{size} in {name!r} ({self.source})"
                    )
                sizes[dim] = int(size)
                owner.setdefault(dim, name)
        return sizes

    def get_encoding(self) -> dict[str, Any]:
        return {"zarr_format": self.zarr_format}

    def close(self) -> None:
        if self._close_store_on_close:
            store = self.zarr_group.store
            closer = getattr(store, "close", None)
            if closer is not None:
                closer()

    # ---------------------------------------------------------------- writing
    def set_attributes(self, attributes: Mapping[Any, Any]) -> None:
        """Replace the group's attributes."""
        attrs = json_safe_attrs(attributes, "the Dataset")
        self.zarr_group.attrs.clear()
        if attrs:
            self.zarr_group.attrs.update(attrs)

    def set_dimension(self, name: Hashable, length: int, is_unlimited: bool = False) -> None:
        """Zarr has no dimension objects: dimension names live on the arrays (nothing to do)."""

    def create_array(
        self,
        name: str,
        dims: tuple[Hashable, ...],
        shape: tuple[int, ...],
        dtype: np.dtype[Any],
        attrs: Mapping[str, Any],
        chunks: tuple[int, ...] | None,
        fill_value: Any = None,
        options: Mapping[str, Any] | None = None,
        overwrite: bool = False,
    ) -> Any:
        """Create one array named ``name`` with its dimension names and attributes."""
        attributes = json_safe_attrs(attrs, f"variable {name!r}")
        kwargs: dict[str, Any] = dict(options or {})
        if self.zarr_format == 2:
            attributes[DIMENSION_KEY] = [str(d) for d in dims]
        else:
            kwargs["dimension_names"] = [str(d) for d in dims]
        store_dtype: Any = str if np.dtype(dtype).kind == "O" else dtype
        with quiet_zarr():
            array = self.zarr_group.create_array(
                name,
                shape=shape,
                dtype=store_dtype,
                chunks="auto" if chunks is None else tuple(max(1, int(c)) for c in chunks),
                fill_value=fill_value,
                attributes=attributes,
                overwrite=overwrite,
                **kwargs,
            )
        self._invalidate()
        return array

    def prepare_variable(self, name: Hashable, variable: Variable, check_encoding: bool = False,
                         unlimited_dims: Iterable[Hashable] | None = None) -> tuple[Any, Any]:
        """Create an array for ``variable`` (already CF-encoded); returns ``(array, data to write)``.

        ``encoding["chunks"]`` sets the Zarr chunks; by default Dask data gets Zarr chunks that
        no two Dask chunks share (the greatest common divisor of its chunk sizes per dimension,
        so that parallel writes are safe) and NumPy data one chunk.
        """
        attrs = dict(variable.attrs)
        fill = attrs.pop("_FillValue", None) if self.zarr_format == 2 else None
        if self.zarr_format == 3 and "_FillValue" in attrs:
            attrs["_FillValue"] = encode_fill_value(attrs["_FillValue"], variable.dtype)
        chunks = variable.encoding.get("chunks")
        if chunks is None:
            dask_chunks = getattr(variable.data, "chunks", None) if not isinstance(variable.data, np.ndarray) else None
            if dask_chunks is not None and variable.ndim:
                chunks = tuple(math.gcd(*sizes[:-1]) if len(sizes) > 1 else sizes[0] for sizes in dask_chunks)
            else:
                chunks = tuple(variable.shape)
        array = self.create_array(str(name), variable.dims, variable.shape, variable.dtype, attrs,
                                  tuple(chunks), fill, overwrite=True)
        return array, variable.data

    def sync(self) -> None:
        """Zarr writes through on assignment; nothing is buffered."""

    def consolidate(self) -> None:
        """Write consolidated metadata for the whole store (format 2, or 3 with zarr's extension)."""
        zarr = _zarr()
        with quiet_zarr():
            zarr.consolidate_metadata(self.zarr_group.store, path=self.zarr_group.path or None, zarr_format=self.zarr_format)


# --------------------------------------------------------------------------- entry point
def _looks_like_zarr(path: str) -> bool:
    if path.rstrip("/").endswith(".zarr"):
        return True
    if os.path.isdir(path):
        return any(os.path.exists(os.path.join(path, marker)) for marker in (".zgroup", ".zattrs", "zarr.json"))
    return False


class ZarrBackendEntrypoint(BackendEntrypoint):
    """Open Zarr stores (formats 2 and 3) with ``open_dataset(..., engine="zarr")``.

    Examples
    --------
    >>> ZarrBackendEntrypoint().guess_can_open("data.zarr")
    True
    >>> ZarrBackendEntrypoint().guess_can_open("data.nc")
    False
    """

    description = "Open Zarr stores (formats 2 and 3) in labarray"
    url = "https://zarr.readthedocs.io"
    open_dataset_parameters = (
        "filename_or_obj", "mask_and_scale", "decode_times", "concat_characters", "decode_coords",
        "drop_variables", "use_cftime", "decode_timedelta", "group", "mode", "synchronizer",
        "consolidated", "chunk_store", "storage_options", "zarr_version", "zarr_format",
    )

    def guess_can_open(self, filename_or_obj: Any) -> bool:
        if isinstance(filename_or_obj, str | os.PathLike):
            return _looks_like_zarr(os.fspath(filename_or_obj))
        zarr = _zarr()
        return isinstance(filename_or_obj, zarr.abc.store.Store | zarr.Group)

    def open_dataset(  # type: ignore[override]
        self,
        filename_or_obj: Any,
        *,
        mask_and_scale: bool = True,
        decode_times: Any = True,
        concat_characters: bool = True,
        decode_coords: Any = True,
        drop_variables: str | Iterable[Hashable] | None = None,
        use_cftime: bool | None = None,
        decode_timedelta: Any = None,
        group: str | None = None,
        mode: str = "r",
        synchronizer: Any = None,
        consolidated: bool | None = None,
        chunk_store: Any = None,
        storage_options: Mapping[str, Any] | None = None,
        zarr_version: int | None = None,
        zarr_format: int | None = None,
        **kwargs: Any,
    ) -> Any:
        if kwargs:
            name = sorted(kwargs)[0]
            hint = did_you_mean(name, self.open_dataset_parameters)
            raise TypeError(
                f"the zarr engine got an unexpected argument {name!r}; it takes "
                f"{format_names(self.open_dataset_parameters[1:])}" + (f"; {hint}" if hint else "")
            )
        if zarr_version is not None:
            if zarr_format is not None and zarr_format != zarr_version:
                raise ValueError(f"zarr_version={zarr_version} and zarr_format={zarr_format} disagree; pass only zarr_format")
            zarr_format = zarr_version
        if mode not in ("r", "r+", "a"):
            raise ValueError(f"the zarr engine opens stores for reading with mode 'r', 'r+' or 'a'; got mode={mode!r}")
        zarr = _zarr()
        if isinstance(filename_or_obj, zarr.Group):
            store = ZarrStore(filename_or_obj, mode=mode)
        else:
            store = ZarrStore.open_group(
                filename_or_obj, mode="r" if mode == "r" else "r+", group=group, consolidated=consolidated,
                zarr_format=zarr_format, storage_options=storage_options, chunk_store=chunk_store,
                synchronizer=synchronizer,
            )
        return open_store_dataset(
            store,
            mask_and_scale=mask_and_scale,
            decode_times=decode_times,
            decode_timedelta=decode_timedelta,
            use_cftime=use_cftime,
            concat_characters=concat_characters,
            decode_coords=decode_coords,
            drop_variables=drop_variables,
        )


register_backend("zarr", ZarrBackendEntrypoint)
