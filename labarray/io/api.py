"""Opening and saving datasets: ``open_dataset``, ``open_dataarray``, ``load_*``, ``to_netcdf``.

Every engine goes through :func:`open_dataset`: it picks the engine (guessed from the file
when not given), lets the engine decode the file lazily, then applies ``chunks`` (Dask) or
``cache`` (keep values once read) the same way for all of them. :func:`to_netcdf` CF-encodes
a Dataset and writes it atomically (a temporary file in the same folder, renamed over the
target only when complete).

>>> import os, tempfile
>>> import numpy as np
>>> import labarray as la
>>> path = os.path.join(tempfile.mkdtemp(), "api.nc")
>>> to_netcdf(la.Dataset({"a": ("x", np.arange(3.0))}, coords={"x": [10, 20, 30]}), path)
>>> with open_dataset(path) as ds:
...     float(ds["a"].sel(x=20))
1.0
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np

from labarray.coding.strings import check_text_objects, objects_to_numbers
from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.io.atomic import commit, discard, temporary_path_for
from labarray.io.backends.common import BackendEntrypoint, is_remote_uri, normalize_path
from labarray.io.backends.registry import get_backend, guess_engine, list_engines
from labarray.io.backends.store import ArrayWriter, dump_to_store
from labarray.io.chunk_warnings import warn_if_chunks_split_stored
from labarray.io.closing import get_close, set_close
from labarray.parallel.blockreads import block_read_array
from labarray.parallel.chunkmanager import chunk_array, is_chunked_array, normalize_chunks_for_dims
from labarray.utils.suggest import NameNotFoundError, did_you_mean, format_names
from labarray.utils.warnings import warn
from labarray.variable import Variable
from labarray.variable.indexing import (
    ImplicitToExplicitIndexingAdapter,
    MemoryCachedArray,
    PandasIndexingAdapter,
)

__all__ = ["DATAARRAY_VARIABLE", "dump_to_store", "load_dataarray", "load_dataset", "open_dataarray",
           "open_dataset", "to_netcdf"]

#: the variable name a DataArray without a name is saved under (xarray's, so files interoperate)
DATAARRAY_VARIABLE = "__xarray_dataarray_variable__"
#: names read back as an unnamed DataArray (also the one earlier labarray versions wrote)
_DATAARRAY_NAMES = (DATAARRAY_VARIABLE, "__labarray_dataarray_variable__")
#: global attribute holding the name of a DataArray whose name is also a coordinate's (as xarray)
DATAARRAY_NAME_ATTR = "__xarray_dataarray_name__"
_DECODERS = ("mask_and_scale", "decode_times", "decode_timedelta", "use_cftime", "concat_characters",
             "decode_coords")
_CF_ENCODING_KEYS = frozenset({"units", "calendar", "scale_factor", "add_offset", "missing_value", "_FillValue",
                               "dtype", "_Unsigned", "_Encoding", "char_dim_name", "coordinates", "valid_range",
                               "valid_min", "valid_max"})


# ------------------------------------------------------------------------------ opening
def _check_local_file(path: Any) -> None:
    if not isinstance(path, str) or is_remote_uri(path) or os.path.exists(path):
        return
    folder, name = os.path.split(path)
    if any(c in name for c in "*?["):
        raise FileNotFoundError(2, f"no such file: {path!r} (open_dataset does not expand wildcards; use "
                                "open_mfdataset to open several files as one dataset)", path)
    hint = ""
    if os.path.isdir(folder or "."):
        hint = did_you_mean(name, sorted(os.listdir(folder or ".")))
    raise FileNotFoundError(2, f"no such file or directory: {path!r}" + (f"; {hint}" if hint else ""), path)


_PARAMETERS_CACHE: dict[Any, tuple[frozenset[str] | None, str]] = {}


def _backend_parameters(backend: BackendEntrypoint) -> tuple[set[str] | None, str]:
    """Accepted keyword names of the backend's open_dataset (None: it takes **kwargs).

    Cached per (class, method, declared parameters): ``inspect.signature`` is slow enough to
    show when many files are opened.
    """
    params = backend.open_dataset_parameters
    func = getattr(backend.open_dataset, "__func__", None)
    try:
        key: Any = (type(backend), func, None if params is None else tuple(params))
        hash(key)
    except TypeError:
        key = None
    if func is None or key is None:
        return _inspect_backend_parameters(backend, params)
    if key not in _PARAMETERS_CACHE:
        names, label = _inspect_backend_parameters(backend, params)
        _PARAMETERS_CACHE[key] = (None if names is None else frozenset(names), label)
    cached, label = _PARAMETERS_CACHE[key]
    return (None if cached is None else set(cached)), label


def _inspect_backend_parameters(backend: BackendEntrypoint, params: Any) -> tuple[set[str] | None, str]:
    signature = inspect.signature(backend.open_dataset)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values()) and params is None:
        return None, ""
    names = set(params) if params is not None else {
        k for k, p in signature.parameters.items() if p.kind is not inspect.Parameter.VAR_POSITIONAL}
    names.discard("self")
    names.discard("filename_or_obj")
    return names, type(backend).__name__


def _decoder_kwargs(decode_cf: bool | None, accepted: set[str] | None, **decoders: Any) -> dict[str, Any]:
    if decode_cf is not None and not isinstance(decode_cf, bool):
        raise TypeError(f"decode_cf must be True, False or None; got {decode_cf!r}")
    if decode_cf is False:
        for key in _DECODERS:
            if key != "use_cftime" and (accepted is None or key in accepted):
                decoders[key] = False
    return {k: v for k, v in decoders.items() if v is not None}


def _chunk_sizes(var: Variable, chunks: Any, name: Hashable) -> tuple[tuple[int, ...], ...]:
    preferred = var.encoding.get("preferred_chunks") or {}
    preferred_shape = tuple(int(preferred.get(d, s)) or 1 for d, s in zip(var.dims, var.shape, strict=True))
    if isinstance(chunks, Mapping):
        wanted = tuple(chunks.get(d) if chunks.get(d) is not None else p
                       for d, p in zip(var.dims, preferred_shape, strict=True))
    else:
        wanted = tuple(chunks for _ in var.dims)
    for dim, w in zip(var.dims, wanted, strict=True):
        if isinstance(w, (int, np.integer)) and not isinstance(w, bool) and (w == 0 or w < -1):
            raise ValueError(f"invalid chunks {chunks!r}: the chunk size of dimension {dim!r} must be a positive "
                             f"int, -1 (whole dimension), 'auto' or None; got {w}")
    if all(type(w) is int and w > 0 for w in wanted):  # plain block sizes (e.g. the file's own): no Dask call
        blocks = [min(int(w), n) for w, n in zip(wanted, var.shape, strict=True)]  # type: ignore[arg-type]
        return tuple(((b,) * (n // b) + ((n % b,) if n % b else ())) if n else (0,)
                     for b, n in zip(blocks, var.shape, strict=True))
    try:
        # Dask cannot size "auto" chunks of objects (cftime dates, strings): size them as float64
        dtype = var.dtype if var.dtype.kind != "O" else np.dtype("float64")
        return normalize_chunks_for_dims(wanted, var.dims, var.shape, dtype,
                                         previous_chunks=tuple((p,) for p in preferred_shape) if var.ndim else None)
    except (ValueError, TypeError) as err:
        raise ValueError(f"invalid chunks {chunks!r} for variable {name!r} with dims {var.dims} and shape "
                         f"{var.shape}: {err}") from None


def _plain_repr(obj: Any) -> str | None:
    """``repr`` of builtin data (str, numbers, None, tuples, lists, dicts of them), which is the
    same in every process; None for anything else."""
    if obj is None or type(obj) in (str, int, float, bool, bytes):
        return repr(obj)
    if type(obj) in (tuple, list):
        items = [_plain_repr(v) for v in obj]
        return None if None in items else f"{type(obj).__name__}({','.join(items)})"  # type: ignore[arg-type]
    if type(obj) is dict:
        pairs = [(_plain_repr(k), _plain_repr(v)) for k, v in obj.items()]
        if any(k is None or v is None for k, v in pairs):
            return None
        return "dict(" + ",".join(sorted(f"{k}:{v}" for k, v in pairs)) + ")"  # type: ignore[str-bytes-safe]
    return None


def _token(filename_or_obj: Any, *parts: Any) -> str:
    """Deterministic token of a file (path and modification time) and the open arguments."""
    from dask.base import tokenize

    if isinstance(filename_or_obj, str) and not is_remote_uri(filename_or_obj):
        try:
            mtime: Any = os.path.getmtime(filename_or_obj)
        except OSError:
            mtime = None
        parts = (filename_or_obj, mtime, *parts)
    elif isinstance(filename_or_obj, str):
        parts = (filename_or_obj, *parts)
    if isinstance(filename_or_obj, str):
        text = _plain_repr(parts)  # cheaper than Dask's tokenize for the usual plain arguments
        if text is not None:
            import hashlib

            return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
        return tokenize(*parts)
    import uuid

    return uuid.uuid4().hex


def _apply_chunks_and_cache(ds: Dataset, filename_or_obj: Any, engine: str, chunks: Any, cache: bool,
                            inline_array: bool, chunked_array_type: Any, from_array_kwargs: Mapping[str, Any] | None,
                            token_parts: tuple[Any, ...]) -> Dataset:
    if chunked_array_type not in (None, "dask"):
        raise ValueError(f"chunked_array_type {chunked_array_type!r} is not supported; labarray chunks with 'dask'")
    if chunks is not None and not (isinstance(chunks, (int, str, Mapping)) or chunks == -1):
        raise TypeError(f"chunks must be None, an int, 'auto', -1 or a mapping of dim -> size; got {chunks!r}")
    if isinstance(chunks, str) and chunks != "auto":
        raise ValueError(f"chunks must be 'auto' when a str; got {chunks!r}")
    if isinstance(chunks, Mapping):
        unknown = [d for d in chunks if d not in ds.dims]
        if unknown:
            hint = did_you_mean(unknown[0], list(ds.dims))
            raise ValueError(f"chunks names dimension {unknown[0]!r}, which the file does not have; dimensions: "
                             f"{format_names(ds.dims)}" + (f"; {hint}" if hint else ""))
    variables = dict(ds._variables)
    if chunks is None:
        if cache:
            for name, var in variables.items():
                if name not in ds._indexes and not var._in_memory and not is_chunked_array(var._data):
                    variables[name] = var._replace(data=MemoryCachedArray(var._data))
        else:
            return ds
    else:
        token = _token(filename_or_obj, engine, chunks, *token_parts)
        kwargs = dict(from_array_kwargs or {})
        for name, var in variables.items():
            if name in ds._indexes or isinstance(var._data, PandasIndexingAdapter) or is_chunked_array(var._data):
                continue
            sizes = _chunk_sizes(var, chunks, name)
            warn_if_chunks_split_stored(name, var, sizes, chunks)
            data = var._data
            source = data if isinstance(data, np.ndarray) else ImplicitToExplicitIndexingAdapter(data)
            meta = np.empty((0,) * var.ndim, dtype=var.dtype)
            if not kwargs and not inline_array and not isinstance(source, np.ndarray):
                # one Blockwise layer of reads: fuses with the first step of a reduction, and
                # open_mfdataset concatenates such arrays without copying tasks
                dask_data = block_read_array(source, sizes, f"open_dataset-{name}-{token}", meta)
            else:
                dask_data = chunk_array(source, sizes, name=f"open_dataset-{name}-{token}", meta=meta,
                                        inline_array=inline_array, **kwargs)
            variables[name] = var._replace(data=dask_data)
    result = ds._replace(variables)
    result.encoding = dict(ds.encoding)
    closer = get_close(ds)
    if closer is not None:
        set_close(result, closer)
    return result


def open_dataset(
    filename_or_obj: Any,
    *,
    engine: str | type[BackendEntrypoint] | BackendEntrypoint | None = None,
    chunks: Any = None,
    cache: bool | None = None,
    decode_cf: bool | None = None,
    mask_and_scale: bool | None = None,
    decode_times: Any = None,
    decode_timedelta: Any = None,
    use_cftime: bool | None = None,
    concat_characters: bool | None = None,
    decode_coords: bool | str | None = None,
    drop_variables: str | Iterable[Hashable] | None = None,
    create_default_indexes: bool = True,
    inline_array: bool = False,
    chunked_array_type: str | None = None,
    from_array_kwargs: dict[str, Any] | None = None,
    backend_kwargs: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Dataset:
    """Open a dataset from a file or store, lazily: values are read only when needed.

    Parameters
    ----------
    filename_or_obj : str, os.PathLike, bytes, file-like or store
        A path or URL, netCDF bytes, an open binary file, or an object an engine understands
        (e.g. a Zarr store or an :class:`~labarray.io.backends.store.AbstractDataStore`).
    engine : str or BackendEntrypoint, optional
        ``"netcdf4"``, ``"zarr"``, ``"store"`` or an installed third-party engine (see
        :func:`~labarray.io.backends.registry.list_engines`); default: guessed from the file.
    chunks : int, "auto", -1, dict or None, optional
        None (default): no Dask, values read (and decoded) on access. ``{}``: Dask with the
        file's own chunking (``encoding["preferred_chunks"]``). ``"auto"``: Dask's automatic
        sizes, aligned with the file's chunks. A dict ``{dim: size}`` (``-1``: whole dim;
        missing dims use the file's chunks).
    cache : bool, optional
        Keep values in memory once read (default: True unless ``chunks`` is given).
    decode_cf : bool, optional
        False turns every CF decoding below off.
    mask_and_scale, decode_times, decode_timedelta, use_cftime, concat_characters, decode_coords
        CF decoding switches (see :func:`labarray.decode_cf`); None uses the engine's default.
    drop_variables : str or iterable of str, optional
        Variables not to open.
    create_default_indexes : bool, default: True
        False keeps dimension coordinates as plain coordinates, without indexes.
    inline_array : bool, default: False
        Inline the file array in the Dask graph (``dask.array.from_array(inline_array=...)``).
    chunked_array_type : {None, "dask"}, optional
    from_array_kwargs : dict, optional
        More keyword arguments of ``dask.array.from_array``.
    backend_kwargs : dict, optional
        Engine-specific arguments (as ``**kwargs``), e.g. ``group``.

    Returns
    -------
    Dataset
        Close it with ``ds.close()`` or use it as a context manager.

    Raises
    ------
    FileNotFoundError
        The path does not exist (the message names it and a similarly named file).
    ValueError
        No engine recognises the file, or ``engine`` is unknown (installed ones are listed).

    Examples
    --------
    >>> import os, tempfile
    >>> import labarray as la
    >>> path = os.path.join(tempfile.mkdtemp(), "t.nc")
    >>> to_netcdf(la.Dataset({"v": ("t", [1.0, 2.0, 3.0])}), path)
    >>> with open_dataset(path, chunks={"t": 2}) as ds:
    ...     ds["v"].chunks
    ((2, 1),)
    """
    if backend_kwargs:
        clash = set(backend_kwargs) & set(kwargs)
        if clash:
            raise TypeError(f"{sorted(clash)[0]!r} given both in backend_kwargs and as a keyword argument")
        kwargs = {**backend_kwargs, **kwargs}
    if cache is None:
        cache = chunks is None
    if isinstance(filename_or_obj, (list, tuple)):
        raise TypeError(f"open_dataset opens one file; got a {type(filename_or_obj).__name__} of "
                        f"{len(filename_or_obj)}: use open_mfdataset to open several files as one dataset")
    if drop_variables is not None and not isinstance(drop_variables, str) and not (
            isinstance(drop_variables, Iterable) and all(isinstance(v, Hashable) for v in drop_variables)):
        raise TypeError(f"drop_variables must be a variable name or a list of names; got {drop_variables!r}")
    filename_or_obj = normalize_path(filename_or_obj)
    if engine is None or engine == "netcdf4":
        _check_local_file(filename_or_obj)  # third-party engines may take names that are not files
    if engine is None:
        engine = guess_engine(filename_or_obj)
    backend = get_backend(engine)
    engine_name = engine if isinstance(engine, str) else type(backend).__name__
    accepted, _ = _backend_parameters(backend)
    decoders = _decoder_kwargs(decode_cf, accepted, mask_and_scale=mask_and_scale, decode_times=decode_times,
                               decode_timedelta=decode_timedelta, use_cftime=use_cftime,
                               concat_characters=concat_characters, decode_coords=decode_coords)
    if accepted is not None:
        for key in list(decoders) + list(kwargs):
            if key not in accepted:
                hint = did_you_mean(key, sorted(accepted))
                raise TypeError(
                    f"the {engine_name!r} engine does not take the argument {key!r}; it takes "
                    f"{format_names(sorted(accepted))}" + (f"; {hint}" if hint else "")
                )
    backend_ds = backend.open_dataset(filename_or_obj, drop_variables=drop_variables, **decoders, **kwargs)
    if not isinstance(backend_ds, Dataset):
        raise TypeError(f"the {engine_name!r} engine returned a {type(backend_ds).__name__}, not a Dataset")
    try:
        ds = _apply_chunks_and_cache(backend_ds, filename_or_obj, engine_name, chunks, cache, inline_array,
                                     chunked_array_type, from_array_kwargs,
                                     (sorted(decoders.items(), key=str), sorted(kwargs.items(), key=str), drop_variables))
    except Exception:
        closer = get_close(backend_ds)
        if closer is not None:
            closer()
        raise
    if not isinstance(create_default_indexes, bool):
        raise TypeError(f"create_default_indexes must be True or False; got {create_default_indexes!r}")
    if not create_default_indexes and ds._indexes:
        closer = get_close(ds)
        encoding = dict(ds.encoding)
        ds = ds._replace(indexes={})
        ds.encoding = encoding
        if closer is not None:
            set_close(ds, closer)
    if isinstance(filename_or_obj, str):
        ds.encoding.setdefault("source", filename_or_obj)
    return ds


def open_dataarray(filename_or_obj: Any, **kwargs: Any) -> DataArray:
    """Open a file holding exactly one data variable as a DataArray (see :func:`open_dataset`).

    A DataArray saved without a name (stored as ``__xarray_dataarray_variable__``, as xarray
    does; ``__labarray_dataarray_variable__`` is read the same way) gets its name None back.

    Examples
    --------
    >>> import os, tempfile
    >>> import labarray as la
    >>> path = os.path.join(tempfile.mkdtemp(), "da.nc")
    >>> to_netcdf(la.DataArray([1, 2], dims="x", name="n").to_dataset(), path)
    >>> with open_dataarray(path) as da:
    ...     da.name, da.values.tolist()
    ('n', [1, 2])
    """
    ds = open_dataset(filename_or_obj, **kwargs)
    names = list(ds.data_vars)
    if len(names) != 1:
        closer = get_close(ds)
        if closer is not None:
            closer()
        if not names:
            raise ValueError(f"{_describe(filename_or_obj)} has no data variables to open as a DataArray")
        raise ValueError(
            f"{_describe(filename_or_obj)} has {len(names)} data variables ({format_names(names)}); "
            "open it with open_dataset and select one"
        )
    da = ds[names[0]]
    if da.name in _DATAARRAY_NAMES:
        da.name = ds.attrs.get(DATAARRAY_NAME_ATTR)
    closer = get_close(ds)
    if closer is not None:
        set_close(da, closer)
    return da


def _describe(obj: Any) -> str:
    return f"the file {obj!r}" if isinstance(obj, str) else f"the {type(obj).__name__} given"


def load_dataset(filename_or_obj: Any, **kwargs: Any) -> Dataset:
    """Open, load into memory and close a dataset (see :func:`open_dataset`).

    Examples
    --------
    >>> import os, tempfile
    >>> import labarray as la
    >>> path = os.path.join(tempfile.mkdtemp(), "l.nc")
    >>> to_netcdf(la.Dataset({"v": ("t", [1.0])}), path)
    >>> type(load_dataset(path)["v"].variable._data).__name__
    'ndarray'
    """
    if "cache" in kwargs:
        raise TypeError("load_dataset does not take 'cache': the values are always loaded")
    with _closing(open_dataset(filename_or_obj, **kwargs)) as ds:
        return ds.load()


def load_dataarray(filename_or_obj: Any, **kwargs: Any) -> DataArray:
    """Open, load into memory and close a one-variable file as a DataArray.

    Examples
    --------
    >>> import os, tempfile
    >>> import labarray as la
    >>> path = os.path.join(tempfile.mkdtemp(), "l.nc")
    >>> to_netcdf(la.Dataset({"v": ("t", [1.0])}), path)
    >>> load_dataarray(path).values
    array([1.])
    """
    if "cache" in kwargs:
        raise TypeError("load_dataarray does not take 'cache': the values are always loaded")
    with _closing(open_dataarray(filename_or_obj, **kwargs)) as da:
        return da.load()


class _closing:
    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def __enter__(self) -> Any:
        return self.obj

    def __exit__(self, *args: Any) -> None:
        closer = get_close(self.obj)
        if closer is not None:
            set_close(self.obj, None)
            closer()


# ------------------------------------------------------------------------------ writing
_WRITE_ENGINES = ("netcdf4",)
_FORMATS = ("NETCDF4", "NETCDF4_CLASSIC", "NETCDF3_64BIT", "NETCDF3_CLASSIC")


def _validate_dataset(dataset: Dataset) -> None:
    from labarray.io.backends.netcdf4 import check_nc_attr

    for key, value in dataset.attrs.items():
        check_nc_attr(None, key, value)
    for name, index in dataset.xindexes.items():
        if type(index).__name__ == "PandasMultiIndex":
            raise NotImplementedError(
                f"coordinate {name!r} belongs to a MultiIndex, which netCDF cannot store; call "
                f"reset_index({name!r}) (and set_index/stack again after reading) first"
            )
    for name, var in dataset._variables.items():
        if var.dtype.kind == "O" and var._in_memory:
            values = np.asarray(var.values)
            first = next((v for v in values.ravel() if not _is_missing(v)), None)
            if not _is_date(first):  # cftime dates are encoded as numbers
                check_text_objects(values, name, "netCDF")
        if not isinstance(name, str) or not name:
            raise TypeError(f"netCDF variable names must be non-empty str; got {name!r}")
        if name.startswith("/") or "/" in name:
            raise ValueError(f"netCDF variable names cannot contain '/'; got {name!r}")
        for dim in var.dims:
            if not isinstance(dim, str) or not dim:
                raise TypeError(f"netCDF dimension names must be non-empty str; variable {name!r} has dim {dim!r}")
        for key, value in var.attrs.items():
            check_nc_attr(name, key, value)


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, (float, np.floating)) and bool(np.isnan(value)))


def _fill_missing_text(dataset: Dataset) -> Dataset:
    """Text arrays with missing entries (None/NaN, e.g. from pandas) get empty strings, as
    xarray writes them (netCDF strings have no missing value); warns naming the variable."""
    variables = dict(dataset._variables)
    changed = False
    for name, var in variables.items():
        if var.dtype.kind != "O" or not var._in_memory:
            continue
        values = np.asarray(var.values)
        flat = values.ravel()
        missing = np.fromiter((_is_missing(v) for v in flat), bool, flat.size)
        texts = list(flat[~missing][:1])
        if not missing.any() or (texts and not isinstance(texts[0], (str, bytes))):
            continue
        empty: Any = b"" if texts and isinstance(texts[0], bytes) else ""
        filled = flat.copy()
        filled[missing] = empty
        warn(f"variable {name!r} has {int(missing.sum())} missing values (None/NaN) among its strings; they "
             "are written as empty strings")
        variables[name] = var._replace(data=filled.reshape(values.shape))
        changed = True
    return dataset._replace(variables) if changed else dataset


def _native_numbers(dataset: Dataset) -> Dataset:
    """In-memory object arrays of numbers written as numbers (as xarray does)."""
    variables = dict(dataset._variables)
    changed = False
    for name, var in variables.items():
        if var.dtype.kind == "O" and var._in_memory:
            numbers = objects_to_numbers(var.values)
            if numbers is not None:
                variables[name] = var._replace(data=numbers)
                changed = True
    return dataset._replace(variables) if changed else dataset


def _check_lazy_objects(dataset: Dataset) -> Dataset:
    """Dask object arrays checked block by block as they are written (in-memory ones were
    checked by :func:`_validate_dataset`): only text, missing entries and cftime dates pass."""
    variables = dict(dataset._variables)
    changed = False
    for name, var in variables.items():
        if var.dtype.kind == "O" and is_chunked_array(var._data):
            checked = var._data.map_blocks(_checked_objects, name, dtype=var.dtype)
            variables[name] = var._replace(data=checked)
            changed = True
    return dataset._replace(variables) if changed else dataset


def _checked_objects(block: Any, name: Hashable) -> Any:
    values = np.asarray(block)
    first = next((v for v in values.ravel() if not _is_missing(v)), None)
    if not _is_date(first):
        check_text_objects(values, name, "netCDF")
    return block


def _is_date(value: Any) -> bool:
    return hasattr(value, "calendar") and hasattr(value, "year")  # cftime dates


def _validate_encoding(dataset: Dataset, encoding: Mapping[Hashable, Any] | None) -> dict[Hashable, dict[str, Any]]:
    from labarray.io.backends.netcdf4 import NETCDF4_ENCODING_KEYS

    if encoding is None:
        return {}
    if not isinstance(encoding, Mapping):
        raise TypeError(f"encoding must be a dict of variable name -> dict; got {type(encoding).__name__}")
    valid = sorted(NETCDF4_ENCODING_KEYS | _CF_ENCODING_KEYS)
    out: dict[Hashable, dict[str, Any]] = {}
    for name, enc in encoding.items():
        if name not in dataset._variables:
            hint = did_you_mean(name, list(dataset._variables))
            raise NameNotFoundError(f"encoding names variable {name!r}, which is not in the dataset; variables: "
                                    f"{format_names(dataset._variables)}" + (f"; {hint}" if hint else ""))
        if not isinstance(enc, Mapping):
            raise TypeError(f"the encoding of variable {name!r} must be a dict; got {type(enc).__name__}")
        for key in enc:
            if key not in valid:
                hint = did_you_mean(key, valid)
                raise ValueError(f"unexpected encoding key {key!r} for variable {name!r}; valid keys: "
                                 f"{', '.join(valid)}" + (f"; {hint}" if hint else ""))
        out[name] = dict(enc)
    return out


def _unlimited(dataset: Dataset, unlimited_dims: Any) -> set[Hashable]:
    if unlimited_dims is None:
        unlimited_dims = dataset.encoding.get("unlimited_dims", set())
    if isinstance(unlimited_dims, str):
        unlimited_dims = [unlimited_dims]
    if not isinstance(unlimited_dims, Iterable):
        raise TypeError(f"unlimited_dims must be a dimension name or a list of names; got {unlimited_dims!r}")
    dims = set(unlimited_dims)
    for dim in dims:
        if dim not in dataset.dims:
            if dim in dataset.encoding.get("unlimited_dims", set()):
                continue
            hint = did_you_mean(dim, list(dataset.dims))
            raise ValueError(f"unlimited_dims names {dim!r}, which is not a dimension; dimensions: "
                             f"{format_names(dataset.dims)}" + (f"; {hint}" if hint else ""))
    return {d for d in dims if d in dataset.dims}


def _classic_text_encoding(dataset: Dataset, encoding: dict[Hashable, dict[str, Any]], format: str) -> Dataset:
    """netCDF-3 and classic files have no variable-length strings: write text as characters."""
    if format == "NETCDF4":
        return dataset
    variables = dict(dataset._variables)
    changed = False
    for name, var in variables.items():
        if var.dtype.kind in "UO" and "dtype" not in encoding.get(name, {}) and "dtype" not in var.encoding:
            variables[name] = var._replace(encoding={**var.encoding, "dtype": np.dtype("S1")})
            changed = True
    return dataset._replace(variables) if changed else dataset


def to_netcdf(
    dataset: Dataset,
    path: str | os.PathLike[str] | None = None,
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
    """Write ``dataset`` to a netCDF file (atomically with ``mode="w"``).

    Parameters
    ----------
    dataset : Dataset
    path : str, os.PathLike or file-like, optional
        Target file; a writable binary file object receives the bytes; None returns them
        (as a ``memoryview``).
    mode : {"w", "a"}, default: "w"
        "w" writes a complete new file next to the target and renames it over the target when
        done (the old file survives any failure); "a" adds to (or overwrites variables of) an
        existing file in place, and creates the file when it does not exist.
    format : {"NETCDF4", "NETCDF4_CLASSIC", "NETCDF3_64BIT", "NETCDF3_CLASSIC"}, optional
        Default "NETCDF4".
    group : str, optional
        Path of the group to write into ("a/b"); created when missing.
    engine : {"netcdf4"}, optional
    encoding : dict, optional
        Per-variable encoding, e.g. ``{"t": {"dtype": "int16", "scale_factor": 0.1,
        "_FillValue": -9999, "zlib": True, "chunksizes": (100, 10)}}``, replacing the
        variable's own ``encoding`` (as in xarray); unknown keys raise. Variables not named
        use their own ``encoding``, dropping entries that no longer fit the data (e.g.
        ``chunksizes`` after ``isel``).
    unlimited_dims : str or iterable, optional
        Dimensions to make unlimited (default: ``dataset.encoding["unlimited_dims"]``).
    compute : bool, default: True
        False returns a ``dask.delayed.Delayed`` that writes the Dask data and then commits
        the file.
    invalid_netcdf : bool, default: False
        Only meaningful for the h5netcdf engine, which labarray does not ship: must be False.
    auto_complex : bool, optional
        Store complex numbers (netCDF4-python's ``auto_complex``).

    Returns
    -------
    None, memoryview or dask.delayed.Delayed

    Examples
    --------
    >>> import labarray as la
    >>> data = to_netcdf(la.Dataset({"a": ("x", [1, 2])}))
    >>> bytes(data[:4])
    b'\\x89HDF'
    """
    if not isinstance(dataset, Dataset):
        raise TypeError(f"to_netcdf writes a Dataset; got {type(dataset).__name__}")
    engine = engine or "netcdf4"
    if engine not in _WRITE_ENGINES:
        hint = did_you_mean(engine, _WRITE_ENGINES)
        raise ValueError(f"cannot write netCDF with engine {engine!r}; writing engines: {', '.join(_WRITE_ENGINES)}"
                         + (f"; {hint}" if hint else "") + f" (installed reading engines: {', '.join(list_engines())})")
    if invalid_netcdf:
        raise ValueError("invalid_netcdf=True needs the h5netcdf engine; the netcdf4 engine writes valid netCDF only")
    format = (format or "NETCDF4").upper()
    if format not in _FORMATS:
        hint = did_you_mean(format, _FORMATS)
        raise ValueError(f"invalid format {format!r}; choose one of {', '.join(_FORMATS)}" + (f"; {hint}" if hint else ""))
    if mode not in ("w", "a"):
        raise ValueError(f"mode must be 'w' or 'a'; got {mode!r}")
    file_obj = path if hasattr(path, "write") else None
    if (path is None or file_obj is not None) and (mode != "w" or not compute):
        raise ValueError("writing to memory or a file object needs mode='w' and compute=True")
    dataset = _native_numbers(dataset)
    _validate_dataset(dataset)
    dataset = _check_lazy_objects(_fill_missing_text(dataset))
    user_encoding = _validate_encoding(dataset, encoding)
    unlimited = _unlimited(dataset, unlimited_dims)
    dataset = _classic_text_encoding(dataset, user_encoding, format)
    from labarray.io.backends.netcdf4 import NetCDF4DataStore, _open_nc4

    if path is None or file_obj is not None:
        from labarray.io.file_manager import DummyFileManager

        extra = {"auto_complex": auto_complex} if auto_complex is not None else {}
        handle = _open_nc4("<memory>", mode="w", memory=1024, format=format, **extra)
        store = NetCDF4DataStore(DummyFileManager(handle), group=group, mode="w", filename="<memory>")
        try:
            dump_to_store(dataset, store, encoding=user_encoding, unlimited_dims=unlimited)
        except BaseException:
            store.close()
            raise
        image = store.close()
        if file_obj is not None:
            file_obj.write(bytes(image))
            return None
        return image
    target = normalize_path(path)
    if not isinstance(target, str) or is_remote_uri(target):
        raise ValueError(f"to_netcdf writes local files; got {path!r}")
    if mode == "a" and not os.path.exists(target):
        mode = "w"  # as xarray and netCDF4-python: appending to a missing file creates it
    write_path = temporary_path_for(target) if mode == "w" else target
    if mode == "w" and not os.path.isdir(os.path.dirname(target)):
        raise FileNotFoundError(2, f"cannot write {target!r}: the folder {os.path.dirname(target)!r} does not exist",
                                os.path.dirname(target))
    store = NetCDF4DataStore.open(write_path, mode=mode, format=format, group=group, auto_complex=auto_complex)
    writer = ArrayWriter()
    try:
        dump_to_store(dataset, store, writer=writer, encoding=user_encoding, unlimited_dims=unlimited)
        if compute:
            writer.sync(compute=True)
        else:
            delayed = writer.sync(compute=False)
            import dask

            return dask.delayed(_finish)(delayed, store, write_path, target, mode == "w")
    except BaseException:
        store.close()
        if mode == "w":
            discard(write_path)
        raise
    _finish(None, store, write_path, target, mode == "w")
    return None


def _finish(_stored: Any, store: Any, write_path: str, target: str, atomic: bool) -> None:
    """Close the written file and (for atomic writes) move it onto the target."""
    try:
        store.sync()
    finally:
        store.close()
    if atomic:
        commit(write_path, target)
