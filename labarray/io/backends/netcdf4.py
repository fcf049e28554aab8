"""The netCDF4 engine: netCDF-4/HDF5 and netCDF-3 files through the netCDF4-python library.

Files are opened through a :class:`~labarray.io.file_manager.CachingFileManager` (an LRU of
open handles, reopened on demand, picklable for Dask workers); every call into the library is
made under :data:`~labarray.io.backends.locks.HDF5_LOCK` because netCDF-C/HDF5 are not
thread-safe. netCDF4-python's own conversions (masking, scaling, char -> str) are switched
off: the CF coders of labarray decode the raw values lazily.

>>> import os, tempfile
>>> import numpy as np
>>> import labarray as la
>>> from labarray.io.api import open_dataset, to_netcdf
>>> path = os.path.join(tempfile.mkdtemp(), "doc.nc")
>>> to_netcdf(la.Dataset({"a": ("x", np.arange(3.0))}), path, engine="netcdf4")
>>> with open_dataset(path, engine="netcdf4") as ds:
...     ds["a"].values.tolist()
[0.0, 1.0, 2.0]
"""

from __future__ import annotations

import io
import os
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np

from labarray.io.backends.common import (
    BackendArray,
    BackendEntrypoint,
    explicit_indexing_adapter,
    is_remote_uri,
    normalize_path,
)
from labarray.io.backends.locks import HDF5_LOCK, combine_locks, get_write_lock
from labarray.io.backends.registry import register_backend
from labarray.io.backends.store import AbstractWritableDataStore, open_store_dataset
from labarray.io.file_manager import CachingFileManager, DummyFileManager, close_cached_files
from labarray.utils.suggest import did_you_mean
from labarray.variable import Variable
from labarray.variable.indexing import ExplicitIndexer, LazilyIndexedArray

__all__ = ["NETCDF4_ENCODING_KEYS", "NetCDF4ArrayWrapper", "NetCDF4BackendEntrypoint", "NetCDF4DataStore",
           "check_nc_attr", "netcdf_format_of"]

FORMATS = ("NETCDF4", "NETCDF4_CLASSIC", "NETCDF3_64BIT", "NETCDF3_64BIT_OFFSET", "NETCDF3_64BIT_DATA",
           "NETCDF3_CLASSIC")

#: encoding keys the engine understands (after the CF coders consumed theirs)
NETCDF4_ENCODING_KEYS = frozenset({
    "zlib", "complevel", "fletcher32", "contiguous", "chunksizes", "shuffle", "_FillValue", "dtype",
    "compression", "significant_digits", "quantize_mode", "blosc_shuffle", "szip_coding",
    "szip_pixels_per_block", "endian", "least_significant_digit", "szip", "zstd", "bzip2", "blosc",
})
# filters reported as boolean flags on reading (as xarray); a True flag is written back as
# ``compression=<flag>`` (zlib has its own keyword)
_COMPRESSION_FLAGS = ("szip", "zstd", "bzip2", "blosc")
# keys that describe how a variable was read and are never passed to the library
_READ_ONLY_KEYS = frozenset({"source", "original_shape", "preferred_chunks", "char_dim_name", "coordinates"})

_MAX_SPAN_STEP = 8  # strided reads up to this step read the whole span and stride in memory
_HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
_NC3_MAGIC = (b"CDF\x01", b"CDF\x02", b"CDF\x05")
_EXTENSIONS = (".nc", ".nc4", ".cdf", ".netcdf", ".h5", ".hdf5", ".he5", ".nc3")


def _nc4() -> Any:
    try:
        import netCDF4
    except ImportError as err:  # pragma: no cover - netCDF4 is installed in the test environment
        raise ImportError("the netcdf4 engine needs the netCDF4 package: pip install netCDF4") from err
    return netCDF4


def _is_netcdf_magic(magic: bytes) -> bool:
    return magic.startswith(_HDF5_MAGIC) or magic[:4] in _NC3_MAGIC


def netcdf_format_of(path: str) -> str | None:
    """``"HDF5"`` or ``"NETCDF3"`` from the first bytes of a file (None: neither).

    Examples
    --------
    >>> netcdf_format_of(os.devnull) is None
    True
    """
    try:
        with open(path, "rb") as f:
            magic = f.read(8)
    except OSError:
        return None
    if magic.startswith(_HDF5_MAGIC):
        return "HDF5"
    return "NETCDF3" if magic[:4] in _NC3_MAGIC else None


def _open_nc4(filename: str, mode: str = "r", **kwargs: Any) -> Any:
    ds = _nc4().Dataset(filename, mode=mode, **kwargs)
    ds.set_auto_maskandscale(False)
    ds.set_auto_chartostring(False)
    ds.set_always_mask(False)
    return ds


def _navigate(root: Any, group: str | None, create: bool) -> Any:
    if group is not None and not isinstance(group, str):
        raise TypeError(f"group must be a str (a path like 'a/b') or None; got {group!r}")
    if not group or group == "/":
        return root
    ds = root
    for part in [p for p in group.split("/") if p]:
        if part in ds.groups:
            ds = ds.groups[part]
        elif create:
            ds = ds.createGroup(part)
        else:
            hint = did_you_mean(part, list(ds.groups))
            raise OSError(f"group {group!r} not found in {root.filepath()!r}: no group {part!r}; groups here: "
                          f"{', '.join(ds.groups) or 'none'}" + (f"; {hint}" if hint else ""))
    return ds


def _numpy_dtype(nc_dtype: Any) -> np.dtype[Any]:
    if nc_dtype is str:
        return np.dtype(object)
    return np.dtype(nc_dtype)


def _native(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """``dtype`` in the machine's byte order (big-endian files are read as native numbers)."""
    return dtype if dtype.isnative else dtype.newbyteorder("=")


def _read_block(var: Any, key: tuple[Any, ...]) -> np.ndarray | None:
    """``var[key]`` for a key of ints and step-1 slices, read with one netCDF-C call; else None.

    ``netCDF4.Variable.__getitem__`` spends most of a small read (a coordinate, a few time steps
    of a small file) in Python, turning the key into start/count/stride and handling masks the
    store has switched off; ``Variable._get(start, count, stride)`` is the call it ends with.
    Only plain numeric and char variables, non-empty reads and ints/unit-step slices take this
    path (anything else returns None: the caller uses ``__getitem__``), and a netCDF4-python
    without ``_get`` falls back too.
    """
    get = getattr(var, "_get", None)
    if get is None or not key or len(key) != var.ndim or not getattr(var, "_isprimitive", False):
        return None
    start, count, squeeze = [], [], []
    for k, n in zip(key, var.shape, strict=True):
        if type(k) is slice:
            if k.step not in (None, 1):
                return None
            lo, hi, _ = k.indices(n)
            if hi <= lo:
                return None
            start.append(lo)
            count.append(hi - lo)
            squeeze.append(False)
        elif isinstance(k, (int, np.integer)) and not isinstance(k, bool) and 0 <= k < n:
            start.append(int(k))
            count.append(1)
            squeeze.append(True)
        else:
            return None
    values = get(start, count, [1] * len(start))
    if not isinstance(values, np.ndarray) or values.shape != tuple(count):
        return None
    if any(squeeze):
        values = values.reshape([c for c, s in zip(count, squeeze, strict=True) if not s])
    return values


class NetCDF4ArrayWrapper(BackendArray):
    """One variable of an open netCDF4 file, read lazily (and written) under the HDF5 lock."""

    def __init__(self, variable_name: Hashable, datastore: NetCDF4DataStore, variable: Any = None) -> None:
        self.variable_name = variable_name
        self.datastore = datastore
        # ``variable``: the netCDF4 variable when the caller holds it already (saves a file lookup)
        var = variable if variable is not None else datastore.ds.variables[variable_name]
        self.shape = tuple(var.shape)
        self.dtype = _native(_numpy_dtype(var.dtype))

    def get_array(self, needs_lock: bool = True) -> Any:
        return self.datastore._acquire(needs_lock).variables[self.variable_name]

    def __getitem__(self, key: ExplicitIndexer) -> np.ndarray:
        return explicit_indexing_adapter(key, self.shape, self._getitem, indexing_support="outer")

    def _getitem(self, key: tuple[Any, ...]) -> np.ndarray:
        # netCDF-C reads strided slices element by element: for small steps read the span and
        # stride in memory (large steps read what netCDF-C gives, to bound memory)
        def small_step(k: Any) -> bool:
            return isinstance(k, slice) and k.step not in (None, 1) and k.step <= _MAX_SPAN_STEP

        strided = any(small_step(k) for k in key)
        read = tuple(slice(k.start, k.stop) if small_step(k) else k for k in key) if strided else key
        post = tuple(slice(None, None, k.step) if small_step(k) else slice(None)
                     for k in key if not isinstance(k, (int, np.integer))) if strided else ()
        with self.datastore.lock:
            try:
                var = self.get_array(needs_lock=False)
                values = _read_block(var, read)
                if values is None:
                    values = var[read] if read else var[...]
            except IndexError:
                raise
            except (OSError, RuntimeError) as err:
                raise OSError(f"cannot read variable {self.variable_name!r} from {self.datastore.filename!r}: {err}") from err
            if self.datastore.autoclose:
                self.datastore.close()
        values = np.asarray(values)
        if values.dtype != self.dtype and self.dtype.kind != "O":
            values = values.astype(self.dtype, copy=False)
        return values[post] if strided else values

    def __setitem__(self, key: Any, value: Any) -> None:
        with self.datastore.lock:
            var = self.get_array(needs_lock=False)
            var[key] = value
            if self.datastore.autoclose:
                self.datastore.close()


def check_nc_attr(name: Hashable, key: Any, value: Any) -> None:
    """Raise when an attribute cannot be stored in netCDF (naming the variable and the key).

    Examples
    --------
    >>> check_nc_attr("a", "units", "m")
    >>> check_nc_attr("a", "flag", {"x": 1})
    Traceback (most recent call last):
    ...
    TypeError: attribute 'flag' of variable 'a' has a value of type dict; netCDF attributes must be str, numbers, or 1-D lists/arrays of them
    """
    where = f"variable {name!r}" if name is not None else "the dataset"
    if not isinstance(key, str) or not key:
        raise TypeError(f"attribute names of {where} must be non-empty str; got {key!r}")
    ok = isinstance(value, (str, bytes, int, float, complex, np.number, np.bool_)) and not isinstance(value, bool)
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"attribute {key!r} of {where} is a bool; netCDF has no boolean attributes: store 0/1 or 'true'")
    if isinstance(value, (list, tuple, np.ndarray)):
        arr = np.asarray(value)
        ok = arr.ndim <= 1 and (arr.dtype.kind in "iufSU" or (arr.dtype.kind == "O" and all(isinstance(v, str) for v in arr.ravel())))
        if arr.dtype.kind == "b":
            raise TypeError(f"attribute {key!r} of {where} holds booleans; netCDF has no boolean attributes")
    if not ok:
        raise TypeError(
            f"attribute {key!r} of {where} has a value of type {type(value).__name__}; netCDF attributes must be "
            "str, numbers, or 1-D lists/arrays of them"
        )


class NetCDF4DataStore(AbstractWritableDataStore):
    """A netCDF file (or one of its groups), read and written through netCDF4-python.

    Use :meth:`open`; ``close()`` closes the file handle (it is reopened when data is read).
    """

    def __init__(self, manager: Any, group: str | None = None, mode: str = "r", lock: Any = HDF5_LOCK,
                 autoclose: bool = False, filename: Any = None) -> None:
        self._manager = manager
        self._group = group
        self._mode = mode
        self.lock = lock
        self.autoclose = autoclose
        self.filename = filename if filename is not None else getattr(manager, "path", None)
        with self.lock:
            root = manager.acquire(needs_lock=False)
            self.format = root.data_model
            _navigate(root, group, create=mode != "r")

    @classmethod
    def open(cls, filename: Any, mode: str = "r", format: str | None = "NETCDF4", group: str | None = None,
             clobber: bool = True, diskless: bool = False, persist: bool = False, auto_complex: bool | None = None,
             lock: Any = None, lock_maker: Any = None, autoclose: bool = False) -> NetCDF4DataStore:
        """Open ``filename`` (path, URL, bytes or file-like object) for reading or writing.

        Examples
        --------
        >>> import tempfile
        >>> store = NetCDF4DataStore.open(os.path.join(tempfile.mkdtemp(), "s.nc"), mode="w")
        >>> store.format
        'NETCDF4'
        >>> store.close()
        """
        if mode not in ("r", "w", "a", "r+"):
            raise ValueError(f"mode must be one of 'r', 'w', 'a', 'r+'; got {mode!r}")
        if group is not None and not isinstance(group, str):
            raise TypeError(f"group must be a str (a path like 'a/b') or None; got {group!r}")
        if format is None:
            format = "NETCDF4"
        if format not in FORMATS:
            hint = did_you_mean(str(format), FORMATS)
            raise ValueError(f"invalid netCDF format {format!r}; choose one of {', '.join(FORMATS)}"
                             + (f"; {hint}" if hint else ""))
        kwargs: dict[str, Any] = {"clobber": clobber, "diskless": diskless, "persist": persist}
        if mode == "w":
            kwargs["format"] = format
        if auto_complex is not None:
            kwargs["auto_complex"] = auto_complex
        if isinstance(filename, io.IOBase) or hasattr(filename, "read"):
            filename = filename.read()
        if isinstance(filename, (bytes, bytearray, memoryview)):
            if mode != "r":
                raise ValueError("netCDF data in memory (bytes) can only be opened with mode='r'")
            try:
                handle = _open_nc4("<memory>", mode="r", memory=bytes(filename))
            except OSError as err:
                raise OSError(f"cannot read the netCDF bytes given (starting with {bytes(filename[:8])!r}): {err}") from None
            return cls(DummyFileManager(handle), group=group, mode="r", lock=lock or HDF5_LOCK,
                       autoclose=False, filename="<memory>")
        path = normalize_path(filename)
        if not isinstance(path, str):
            raise TypeError(f"the netcdf4 engine opens paths, URLs, bytes or file-like objects; got "
                            f"{type(filename).__name__}")
        if lock is None:
            lock = HDF5_LOCK if mode == "r" or is_remote_uri(path) else combine_locks([HDF5_LOCK, get_write_lock(path)])
        if mode in ("a", "r+", "w") and not is_remote_uri(path):
            with HDF5_LOCK:
                close_cached_files(path)  # HDF5 cannot write a file this process holds open for reading
        manager = CachingFileManager(_open_nc4, path, mode=mode, kwargs=kwargs)
        try:
            return cls(manager, group=group, mode=mode, lock=lock, autoclose=autoclose, filename=path)
        except OSError as err:
            manager.close()
            if isinstance(err, FileNotFoundError) or (mode in ("r", "a", "r+") and not is_remote_uri(path)
                                                      and not os.path.exists(path)):
                raise FileNotFoundError(2, f"no such file: {path!r}", path) from None
            if "group" in str(err):
                raise
            kind = netcdf_format_of(path) if not is_remote_uri(path) else None
            if mode != "r" and kind:
                detail = f"the file cannot be opened with mode={mode!r}: is another program writing it, or is it corrupt?"
            else:
                detail = ("the file starts like netCDF/HDF5 but cannot be read: it is probably truncated or corrupt"
                          if kind else "the file is not netCDF/HDF5")
            raise OSError(f"cannot open {path!r} with the netcdf4 engine ({detail}): {err}") from err

    # ----------------------------------------------------------------- reading
    def _acquire(self, needs_lock: bool = True) -> Any:
        root = self._manager.acquire(needs_lock)
        return _navigate(root, self._group, create=False)

    @property
    def ds(self) -> Any:
        return self._acquire()

    @property
    def source(self) -> Any:
        return self.filename

    def open_store_variable(self, name: Hashable, var: Any) -> Variable:
        data = LazilyIndexedArray(NetCDF4ArrayWrapper(name, self, var))
        attrs = {k: var.getncattr(k) for k in var.ncattrs()}
        encoding: dict[str, Any] = {}
        filters = var.filters() or {}
        # the same keys as xarray: one flag per filter (see _COMPRESSION_FLAGS for writing them back)
        encoding.update({k: v for k, v in filters.items()
                         if k in ("zlib", "shuffle", "complevel", "fletcher32", *_COMPRESSION_FLAGS)})
        chunking = var.chunking()
        if self.format.startswith("NETCDF3"):
            pass  # netCDF-3 has no storage layout to report (as xarray)
        elif chunking is None or chunking == "contiguous":
            encoding["contiguous"] = True
            encoding["chunksizes"] = None
        else:
            encoding["contiguous"] = False
            encoding["chunksizes"] = tuple(chunking)
            encoding["preferred_chunks"] = dict(zip(var.dimensions, chunking, strict=True))
        encoding["source"] = self.filename
        encoding["original_shape"] = tuple(var.shape)
        encoding["dtype"] = _numpy_dtype(var.dtype)
        dims = tuple(var.dimensions)
        if len(set(dims)) == len(dims):  # the usual case: skip the constructor's checks
            return Variable._from_parts(dims, data, attrs, encoding)
        return Variable(dims, data, attrs, encoding)

    def get_variables(self) -> dict[Hashable, Variable]:
        with self.lock:
            ds = self.ds
            return {k: self.open_store_variable(k, v) for k, v in ds.variables.items()}

    def get_attrs(self) -> dict[Any, Any]:
        with self.lock:
            ds = self.ds
            return {k: ds.getncattr(k) for k in ds.ncattrs()}

    def get_dimensions(self) -> dict[Hashable, int]:
        with self.lock:
            return {k: len(v) for k, v in self.ds.dimensions.items()}

    def get_encoding(self) -> dict[str, Any]:
        with self.lock:
            dims = self.ds.dimensions
            return {"unlimited_dims": {k for k, v in dims.items() if v.isunlimited()}}

    # ----------------------------------------------------------------- writing
    def set_dimension(self, name: Hashable, length: int, is_unlimited: bool = False) -> None:
        with self.lock:
            self.ds.createDimension(name, None if is_unlimited else length)

    def set_attributes(self, attributes: Mapping[Any, Any]) -> None:
        with self.lock:
            ds = self.ds
            for key, value in attributes.items():
                check_nc_attr(None, key, value)
                ds.setncattr(key, _attr_value(value, self.format))

    def _classic(self) -> bool:
        return self.format != "NETCDF4"

    def _extract_encoding(self, name: Hashable, variable: Variable, raise_on_invalid: bool,
                          unlimited_dims: set[Hashable]) -> dict[str, Any]:
        encoding = dict(variable.encoding)
        for key in list(encoding):
            if key in _READ_ONLY_KEYS:
                del encoding[key]
            elif key not in NETCDF4_ENCODING_KEYS:
                if raise_on_invalid:
                    hint = did_you_mean(key, sorted(NETCDF4_ENCODING_KEYS))
                    raise ValueError(
                        f"unexpected encoding key {key!r} for variable {name!r} with the netcdf4 engine; valid keys: "
                        f"{', '.join(sorted(NETCDF4_ENCODING_KEYS))}" + (f"; {hint}" if hint else "")
                    )
                del encoding[key]
        encoding.pop("dtype", None)
        encoding.pop("_FillValue", None)
        for flag in _COMPRESSION_FLAGS:
            value = encoding.pop(flag, False)
            if not value or encoding.get("compression") or encoding.get("zlib"):
                continue
            if isinstance(value, Mapping):  # as netCDF4-python reports blosc and szip
                if flag == "blosc":
                    encoding["compression"] = value.get("compressor", "blosc_lz4")
                    encoding.setdefault("blosc_shuffle", value.get("shuffle", 1))
                else:
                    encoding["compression"] = flag
                    if not encoding.get("complevel"):
                        encoding.pop("complevel", None)  # netCDF4-python skips a filter of level 0
                    encoding.setdefault("szip_coding", value.get("coding", "nn"))
                    encoding.setdefault("szip_pixels_per_block", value.get("pixels_per_block", 8))
            else:
                encoding["compression"] = "blosc_lz4" if flag == "blosc" else flag
        chunks = encoding.get("chunksizes")
        changed_shape = tuple(variable.encoding.get("original_shape", variable.shape)) != tuple(variable.shape)
        if chunks is not None:
            chunks = tuple(chunks)
            problem = None
            if len(chunks) != variable.ndim:
                problem = f"has {len(chunks)} entries for {variable.ndim} dimensions {variable.dims}"
            elif any(int(c) < 1 for c in chunks):
                problem = "has a size below 1"
            elif any(c > s for c, s, d in zip(chunks, variable.shape, variable.dims, strict=True) if d not in unlimited_dims):
                problem = f"is larger than the shape {variable.shape}"
            if problem is not None or (changed_shape and not raise_on_invalid):
                if raise_on_invalid and problem is not None:
                    raise ValueError(f"encoding['chunksizes']={chunks} of variable {name!r} {problem}")
                del encoding["chunksizes"]  # stale: the variable changed since it was read
            else:
                encoding["chunksizes"] = chunks
        else:
            encoding.pop("chunksizes", None)
        if variable.ndim == 0:
            encoding.pop("chunksizes", None)
            encoding.pop("contiguous", None)
        if any(d in unlimited_dims for d in variable.dims) or encoding.get("chunksizes") or \
                encoding.get("zlib") or encoding.get("compression"):
            encoding.pop("contiguous", None)  # unlimited or compressed variables must be chunked
        if encoding.get("contiguous") is False:
            encoding.pop("contiguous")
        if self.format.startswith("NETCDF3"):  # NETCDF4_CLASSIC is HDF5: it compresses and chunks
            for key in ("zlib", "complevel", "shuffle", "fletcher32", "chunksizes", "contiguous", "compression",
                        "szip_coding", "szip_pixels_per_block", "blosc_shuffle", "significant_digits",
                        "quantize_mode", "least_significant_digit"):
                encoding.pop(key, None)
        if encoding.get("compression") == "zlib":
            encoding.pop("compression")
            encoding["zlib"] = True
        return encoding

    def prepare_variable(self, name: Hashable, variable: Variable, check_encoding: bool = False,
                         unlimited_dims: Iterable[Hashable] | None = None) -> tuple[Any, Any]:
        if not isinstance(name, str) or not name:
            raise TypeError(f"netCDF variable names must be non-empty str; got {name!r}")
        unlimited = set(unlimited_dims or ()) | set(self.get_encoding().get("unlimited_dims", ()))
        dtype = variable.dtype
        if dtype.kind in "UO":
            if self._classic():
                raise ValueError(f"variable {name!r} holds text, which the {self.format} format stores only as "
                                 "characters: set encoding={'" + name + "': {'dtype': 'S1'}}")
            datatype: Any = str
        elif dtype.kind == "S" and dtype.itemsize == 1:
            datatype = "S1"
        elif dtype.kind == "S":
            raise ValueError(f"variable {name!r} holds {dtype} bytes; they must be encoded as characters (S1)")
        elif dtype.kind in "Mm":
            raise TypeError(f"variable {name!r} still holds {dtype} values after CF encoding")
        else:
            datatype = _native(dtype)  # as xarray: written in the machine's byte order (encoding "endian" aside)
        attrs = dict(variable.attrs)
        if self._classic() and dtype.kind in "iu" and (dtype.kind == "u" or dtype.itemsize == 8):
            variable, attrs = _classic_integers(name, variable, attrs, self.format)
            datatype = variable.dtype
        fill_value = attrs.pop("_FillValue", None)
        if datatype is str and fill_value is not None:
            fill_value = None  # variable-length strings have no usable fill value in netCDF4-python
        for key, value in attrs.items():
            check_nc_attr(name, key, value)
        encoding = self._extract_encoding(name, variable, check_encoding, unlimited)
        with self.lock:
            ds = self.ds
            if name in ds.variables:
                nc_var = ds.variables[name]
                if tuple(nc_var.dimensions) != tuple(variable.dims):
                    raise ValueError(f"cannot overwrite variable {name!r}: the file has dims {nc_var.dimensions}, "
                                     f"the new one {variable.dims}")
            else:
                try:
                    nc_var = ds.createVariable(varname=name, datatype=datatype, dimensions=variable.dims,
                                               fill_value=fill_value, **encoding)
                except (TypeError, ValueError, RuntimeError) as err:
                    raise ValueError(f"cannot create variable {name!r} (dtype {dtype}, encoding {encoding}): {err}") from err
            nc_var.set_auto_maskandscale(False)  # the CF coders did the packing already
            nc_var.set_auto_chartostring(False)
            nc_var.set_always_mask(False)
            nc_var.setncatts({k: _attr_value(v, self.format) for k, v in attrs.items()})
        return NetCDF4ArrayWrapper(name, self), variable.data

    def sync(self) -> None:
        with self.lock:
            self.ds.sync()

    def close(self, **kwargs: Any) -> Any:
        with self.lock:
            return self._manager.close(**kwargs)


def _classic_integers(name: Hashable, variable: Variable, attrs: dict[Any, Any],
                      data_model: str) -> tuple[Variable, dict[Any, Any]]:
    """Classic formats have no int64 or unsigned types: int64 -> int32 when the values fit,
    unsigned -> signed of the same size marked ``_Unsigned="true"`` (lossless)."""
    dtype = variable.dtype
    values = np.asarray(variable.values)
    if dtype.kind == "u" and dtype.itemsize <= 4:
        signed = np.dtype(f"i{dtype.itemsize}")
        attrs["_Unsigned"] = "true"
        for key in ("_FillValue", "missing_value", "valid_min", "valid_max", "valid_range"):
            if key in attrs:
                attrs[key] = np.asarray(attrs[key]).astype(dtype).view(signed)
        return Variable(variable.dims, values.view(signed), attrs, variable.encoding), attrs
    cast = values.astype("int32")
    if not np.array_equal(cast, values):
        raise ValueError(
            f"variable {name!r} has dtype {dtype} with values outside the int32 range, which the {data_model} "
            "format cannot store; use format='NETCDF4' or encode it as float64"
        )
    for key in ("_FillValue", "missing_value"):
        if key in attrs:
            attrs[key] = np.int32(attrs[key])
    return Variable(variable.dims, cast, attrs, variable.encoding), attrs


def _attr_value(value: Any, data_model: str) -> Any:
    if isinstance(value, (list, tuple)):
        value = np.asarray(value)
    if isinstance(value, np.ndarray) and value.dtype.kind == "O":
        value = value.astype(str)
    if isinstance(value, np.ndarray) and value.dtype.kind == "U" and value.size == 1:
        value = str(value.reshape(-1)[0])
    if data_model != "NETCDF4" and isinstance(value, (int, np.integer)) and not isinstance(value, np.int32):
        info = np.iinfo(np.int32)
        if info.min <= int(value) <= info.max:
            value = np.int32(value)
    return value


class NetCDF4BackendEntrypoint(BackendEntrypoint):
    """Open netCDF-4/HDF5 and netCDF-3 files with netCDF4-python (``engine="netcdf4"``).

    Examples
    --------
    >>> NetCDF4BackendEntrypoint().guess_can_open("missing.nc")
    True
    >>> NetCDF4BackendEntrypoint().guess_can_open(b"CDF\\x01...")
    True
    """

    description = "Open netCDF (.nc, .nc4, .cdf) and most HDF5 files using netCDF4-python in labarray"
    url = "https://unidata.github.io/netcdf4-python/"
    open_dataset_parameters = (
        "filename_or_obj", "mask_and_scale", "decode_times", "concat_characters", "decode_coords",
        "drop_variables", "use_cftime", "decode_timedelta", "group", "mode", "format", "clobber", "diskless",
        "persist", "auto_complex", "lock", "autoclose",
    )

    def guess_can_open(self, filename_or_obj: Any) -> bool:
        if isinstance(filename_or_obj, (bytes, bytearray, memoryview)):
            return _is_netcdf_magic(bytes(filename_or_obj[:8]))
        if hasattr(filename_or_obj, "read") and hasattr(filename_or_obj, "seek"):
            pos = filename_or_obj.tell()
            magic = filename_or_obj.read(8)
            filename_or_obj.seek(pos)
            return isinstance(magic, bytes) and _is_netcdf_magic(magic)
        path = normalize_path(filename_or_obj)
        if not isinstance(path, str):
            return False
        if is_remote_uri(path):
            return path.split("://")[0] in ("http", "https", "dap", "dap2", "dap4") and not path.rstrip("/").endswith(".zarr")
        if os.path.isfile(path):
            return netcdf_format_of(path) is not None
        return os.path.splitext(path)[1].lower() in _EXTENSIONS

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
        group: str | None = None,
        mode: str = "r",
        format: str | None = "NETCDF4",
        clobber: bool = True,
        diskless: bool = False,
        persist: bool = False,
        auto_complex: bool | None = None,
        lock: Any = None,
        autoclose: bool = False,
    ) -> Any:
        store = NetCDF4DataStore.open(filename_or_obj, mode=mode, format=format, group=group, clobber=clobber,
                                      diskless=diskless, persist=persist, auto_complex=auto_complex, lock=lock,
                                      autoclose=autoclose)
        try:
            return open_store_dataset(store, mask_and_scale=mask_and_scale, decode_times=decode_times,
                                      decode_timedelta=decode_timedelta, use_cftime=use_cftime,
                                      concat_characters=concat_characters, decode_coords=decode_coords,
                                      drop_variables=drop_variables)
        except Exception:
            store.close()
            raise


register_backend("netcdf4", NetCDF4BackendEntrypoint)
