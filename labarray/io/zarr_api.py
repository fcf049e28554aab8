"""``open_zarr`` and ``to_zarr``: Zarr stores (formats 2 and 3) in and out of Datasets.

Writing encodes every variable with the registered CF coders (the same ones as netCDF), then
creates one Zarr array per variable (dimension names as ``_ARRAY_DIMENSIONS`` in format 2 or
``dimension_names`` in format 3). NumPy data is written at once; Dask data is written chunk by
chunk with ``dask.array.store``, which is safe in parallel because each Dask chunk must cover
whole Zarr chunks (checked, see ``safe_chunks``). ``compute=False`` writes the metadata now and
returns a ``dask.delayed.Delayed`` that writes the data.

Examples
--------
>>> import numpy as np
>>> import zarr
>>> import labarray as la
>>> ds = la.Dataset({"t": (("x",), np.arange(4.0))}, coords={"x": [10, 20, 30, 40]})
>>> store = zarr.storage.MemoryStore()
>>> _ = to_zarr(ds, store, zarr_format=2)
>>> open_zarr(store)["t"].values.tolist()
[0.0, 1.0, 2.0, 3.0]
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from labarray.coding.conventions import cf_encoder
from labarray.coding.strings import check_text_objects, objects_to_numbers, objects_to_text
from labarray.dataset import Dataset
from labarray.indexes import PandasMultiIndex
from labarray.io.backends.zarr import (
    DIMENSION_KEY,
    ZarrStore,
    decode_fill_value,
    encode_fill_value,
    json_safe_attrs,
    open_zarr_group,
    quiet_zarr,
)
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.utils.suggest import did_you_mean, format_names
from labarray.utils.warnings import LabarrayWarning
from labarray.variable import Variable

__all__ = ["open_zarr", "to_zarr"]

#: ``encoding`` keys that configure the Zarr array itself
ZARR_ENCODING_KEYS = frozenset({
    "chunks", "compressor", "compressors", "filters", "shards", "serializer", "fill_value",
    "write_empty_chunks", "preferred_chunks", "order",
})
#: ``encoding`` keys consumed by the CF coders before the array is created
CF_ENCODING_KEYS = frozenset({
    "dtype", "units", "calendar", "_FillValue", "missing_value", "scale_factor", "add_offset", "coordinates",
})
#: attributes of a stored variable that fix how appended or region data is encoded
_STORED_ENCODING_ATTRS = ("units", "calendar", "scale_factor", "add_offset", "_FillValue", "missing_value")

_MODES = ("w", "w-", "a", "a-", "r+")


# --------------------------------------------------------------------------- reading
def open_zarr(
    store: Any,
    group: str | None = None,
    synchronizer: Any = None,
    chunks: Any = "auto",
    decode_cf: bool = True,
    mask_and_scale: bool = True,
    decode_times: Any = True,
    concat_characters: bool = True,
    decode_coords: Any = True,
    drop_variables: str | Iterable[Hashable] | None = None,
    consolidated: bool | None = None,
    overwrite_encoded_chunks: bool = False,
    chunk_store: Any = None,
    storage_options: Mapping[str, Any] | None = None,
    decode_timedelta: Any = None,
    use_cftime: bool | None = None,
    zarr_version: int | None = None,
    zarr_format: int | None = None,
    **kwargs: Any,
) -> Dataset:
    """Open a Zarr store (format 2 or 3) as a Dataset backed by Dask arrays.

    Parameters
    ----------
    store : str, os.PathLike, zarr Store or mutable mapping
        A local directory, an fsspec URL such as ``"memory://data.zarr"`` or
        ``"s3://bucket/data.zarr"`` (see ``storage_options``), a ``zarr.storage`` store or an
        fsspec mapper.
    group : str, optional
        Path of the group inside the store.
    synchronizer : object, optional
        Accepted for compatibility (zarr-python 3 has no synchronizers).
    chunks : "auto", dict, int, None, default: "auto"
        ``"auto"``: Dask arrays with the stored Zarr chunks (``{}``) when Dask is installed,
        else lazily loaded NumPy; ``None``: no Dask; a dict: Dask chunks per dimension.
    decode_cf, mask_and_scale, decode_times, concat_characters, decode_coords, decode_timedelta, use_cftime
        CF decoding, as in :func:`labarray.open_dataset`.
    drop_variables : str or iterable of str, optional
        Variables not to read.
    consolidated : bool, optional
        Read consolidated metadata (``None``: when present).
    overwrite_encoded_chunks : bool, default: False
        Drop the stored ``chunks`` from each variable's encoding when ``chunks`` re-chunks them,
        so that a later ``to_zarr`` uses the new Dask chunks.
    chunk_store : None
        Not supported by zarr-python 3 (raises ``NotImplementedError``).
    storage_options : dict, optional
        fsspec options for a URL ``store``.
    zarr_version, zarr_format : {2, 3}, optional
        Expected format (``None``: whichever is found); ``zarr_version`` is the older name.
    **kwargs
        Passed on to :func:`labarray.open_dataset` (e.g. ``cache``, ``chunked_array_type``).

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import zarr
    >>> import labarray as la
    >>> store = zarr.storage.MemoryStore()
    >>> _ = to_zarr(la.Dataset({"a": ("x", [1, 2, 3])}), store)
    >>> open_zarr(store).chunks["x"]
    (3,)
    """
    from labarray.io.api import open_dataset

    if "engine" in kwargs:
        raise TypeError("open_zarr always uses the zarr engine; use open_dataset(..., engine=...) for others")
    if chunks == "auto":
        try:
            dask_array()
            chunks = {}
        except ImportError:
            chunks = None
    backend_kwargs = {
        "synchronizer": synchronizer, "consolidated": consolidated, "group": group,
        "chunk_store": chunk_store, "storage_options": storage_options,
        "zarr_version": zarr_version, "zarr_format": zarr_format,
    }
    extra = kwargs.pop("backend_kwargs", None) or {}
    backend_kwargs.update(extra)
    ds = open_dataset(
        store,
        engine="zarr",
        chunks=chunks,
        decode_cf=decode_cf,
        mask_and_scale=mask_and_scale,
        decode_times=decode_times,
        concat_characters=concat_characters,
        decode_coords=decode_coords,
        drop_variables=drop_variables,
        decode_timedelta=decode_timedelta,
        use_cftime=use_cftime,
        backend_kwargs=backend_kwargs,
        **kwargs,
    )
    if overwrite_encoded_chunks and chunks not in (None, {}):
        for var in ds._variables.values():
            var.encoding.pop("chunks", None)
            var.encoding.pop("preferred_chunks", None)
    return ds


# --------------------------------------------------------------------------- argument checks
def _resolve_mode(mode: str | None, append_dim: Hashable | None, region: Any) -> str:
    if mode is None:
        if append_dim is not None:
            return "a"
        if region is not None:
            return "r+"
        return "w-"
    if mode not in _MODES:
        raise ValueError(f"invalid mode {mode!r} for to_zarr; expected one of {', '.join(map(repr, _MODES))}")
    if append_dim is not None and mode != "a":
        raise ValueError(f"append_dim={append_dim!r} needs mode='a' (or mode=None); got mode={mode!r}")
    if region is not None and mode not in ("a", "r+"):
        raise ValueError(f"region writes need mode='r+' or mode='a'; got mode={mode!r}")
    return mode


def _check_encoding(encoding: Mapping[Any, Any] | None, ds: Dataset) -> dict[Hashable, dict[str, Any]]:
    if encoding is None:
        return {}
    if not isinstance(encoding, Mapping):
        raise TypeError(f"encoding must be a dict of {{variable name: dict}}; got {type(encoding).__name__}")
    valid = ZARR_ENCODING_KEYS | CF_ENCODING_KEYS
    out: dict[Hashable, dict[str, Any]] = {}
    for name, enc in encoding.items():
        if name not in ds._variables:
            hint = did_you_mean(name, list(ds._variables))
            raise ValueError(
                f"encoding given for variable {name!r}, which is not in the Dataset; variables: "
                f"{format_names(ds._variables)}" + (f"; {hint}" if hint else "")
            )
        if not isinstance(enc, Mapping):
            raise TypeError(f"encoding[{name!r}] must be a dict; got {type(enc).__name__}")
        for key in enc:
            if key not in valid:
                hint = did_you_mean(key, sorted(valid))
                raise ValueError(
                    f"unexpected encoding key {key!r} for variable {name!r}; valid keys for Zarr: "
                    f"{format_names(sorted(valid))}" + (f"; {hint}" if hint else "")
                )
        out[name] = dict(enc)
    return out


def _normalize_user_chunks(name: Hashable, chunks: Any, shape: tuple[int, ...]) -> tuple[int, ...]:
    if isinstance(chunks, int | np.integer):
        chunks = (int(chunks),) * len(shape)
    if isinstance(chunks, dict):
        raise TypeError(f"encoding['chunks'] of variable {name!r} must be a tuple with one size per axis, not a dict")
    chunks = tuple(chunks)
    if len(chunks) != len(shape):
        raise ValueError(
            f"encoding['chunks']={chunks} of variable {name!r} has {len(chunks)} entries but the "
            f"variable has {len(shape)} dimensions"
        )
    out = []
    for c, s in zip(chunks, shape, strict=True):
        if c is None or c == -1:
            out.append(max(1, s))
        elif not isinstance(c, int | np.integer) or c < 1:
            raise ValueError(f"encoding['chunks']={chunks} of variable {name!r}: chunk sizes must be positive integers")
        else:
            out.append(int(c))
    return tuple(out)


def _chunks_from_dask(name: Hashable, dims: tuple[Hashable, ...], chunks: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    out = []
    for dim, sizes in zip(dims, chunks, strict=True):
        first = sizes[0]
        if any(s != first for s in sizes[:-1]) or sizes[-1] > first:
            raise ValueError(
                f"variable {name!r} has irregular Dask chunks {sizes} along dimension {dim!r}; Zarr "
                f"needs equal chunks (the last may be smaller): rechunk with .chunk({{{dim!r}: {first}}}) "
                "or set encoding['chunks']"
            )
        out.append(max(1, first))
    return tuple(out)


def _misaligned(
    dims: tuple[Hashable, ...], dask_chunks: tuple[tuple[int, ...], ...], zarr_chunks: tuple[int, ...],
    offsets: tuple[int, ...],
) -> tuple[Hashable, int, tuple[int, ...], int] | None:
    """The first (dim, zarr chunk, dask chunks, boundary) where two Dask chunks share a Zarr chunk."""
    for dim, sizes, z, offset in zip(dims, dask_chunks, zarr_chunks, offsets, strict=True):
        boundary = offset
        for size in sizes[:-1]:
            boundary += size
            if boundary % z:
                return dim, z, sizes, boundary
    return None


def _misaligned_message(name: Hashable, found: tuple[Hashable, int, tuple[int, ...], int], source: str) -> str:
    dim, z, sizes, boundary = found
    return (
        f"variable {name!r}: the Dask chunks {sizes} along dimension {dim!r} do not line up with its "
        f"Zarr chunks of size {z} ({source}): the Dask chunk boundary at position {boundary} falls "
        "inside a Zarr chunk, so two parallel tasks would write the same Zarr chunk and could "
        f"corrupt it. Rechunk with .chunk({{{dim!r}: {z}}}) (or a multiple), change "
        "encoding['chunks'], or pass safe_chunks=False if you write serially"
    )


# --------------------------------------------------------------------------- regions
def _stored_index(store: ZarrStore, dim: Hashable) -> pd.Index | None:
    """The decoded dimension coordinate ``dim`` of an existing store (None when it has none)."""
    from labarray.io.backends.store import open_store_dataset

    if dim not in store.arrays():
        return None
    existing = open_store_dataset(store)
    return existing.indexes.get(dim, None)


def _resolve_region(region: Any, ds: Dataset, store: ZarrStore) -> dict[Hashable, slice]:
    sizes = store.get_dimensions()
    if region == "auto":
        region = dict.fromkeys(ds._dims, "auto")
    if not isinstance(region, Mapping):
        raise TypeError(f"region must be a dict of {{dimension: slice or 'auto'}} or 'auto'; got {type(region).__name__}")
    out: dict[Hashable, slice] = {}
    for dim, sel in region.items():
        if dim not in ds._dims:
            hint = did_you_mean(dim, list(ds._dims))
            raise ValueError(
                f"region dimension {dim!r} is not a dimension of the Dataset; dimensions: "
                f"{format_names(ds._dims)}" + (f"; {hint}" if hint else "")
            )
        if dim not in sizes:
            raise ValueError(f"region dimension {dim!r} is not in the Zarr store; its dimensions: {format_names(sizes)}")
        length = ds._dims[dim]
        if sel == "auto":
            index = _stored_index(store, dim)
            if index is None or dim not in ds.indexes:
                if sizes[dim] == length:
                    out[dim] = slice(0, length)
                    continue
                raise ValueError(
                    f"cannot infer the region along {dim!r} automatically: it needs a dimension "
                    "coordinate both in the Dataset and in the store; pass region={dim: slice(...)}"
                )
            positions = index.get_indexer(ds.indexes[dim])
            if (positions < 0).any():
                missing = ds.indexes[dim][positions < 0][0]
                raise KeyError(f"region='auto': label {missing!r} of coordinate {dim!r} is not in the Zarr store")
            start = int(positions[0]) if len(positions) else 0
            if not np.array_equal(positions, np.arange(start, start + len(positions))):
                raise ValueError(
                    f"region='auto': the labels of {dim!r} map to non-contiguous positions in the store; "
                    "region writes need a contiguous block"
                )
            out[dim] = slice(start, start + len(positions))
            continue
        if not isinstance(sel, slice):
            raise TypeError(f"region[{dim!r}] must be a slice or 'auto'; got {type(sel).__name__}")
        if sel.step not in (None, 1):
            raise ValueError(f"region[{dim!r}] has step {sel.step}; region slices must have step 1")
        start, stop, _ = sel.indices(sizes[dim])
        if stop - start != length:
            raise ValueError(
                f"region[{dim!r}]={sel} covers {max(0, stop - start)} positions of the stored "
                f"dimension (length {sizes[dim]}) but the Dataset has {length} along {dim!r}"
            )
        out[dim] = slice(start, stop)
    return out


# --------------------------------------------------------------------------- writing
def _zarr_options(name: Hashable, enc: Mapping[str, Any], zarr_format: int, user: bool) -> dict[str, Any]:
    """create_array keyword arguments from the array settings of ``encoding``."""
    out: dict[str, Any] = {}
    for key in ("compressors", "filters", "shards", "serializer", "order"):
        if enc.get(key) is not None:
            out[key] = enc[key]
    if "compressor" in enc:
        if "compressors" in out:
            raise ValueError(f"variable {name!r}: give encoding 'compressors' or 'compressor', not both")
        out["compressors"] = enc["compressor"]
    if not user:
        # settings read from another store may belong to the other Zarr format: keep only
        # those this format can use
        out = {k: v for k, v in out.items() if _codecs_fit(v, zarr_format)}
    if enc.get("write_empty_chunks") is not None:
        out["config"] = {"write_empty_chunks": bool(enc["write_empty_chunks"])}
    return out


def _codecs_fit(value: Any, zarr_format: int) -> bool:
    if isinstance(value, tuple | list):
        return all(_codecs_fit(v, zarr_format) for v in value)
    if isinstance(value, str | int | None):
        return True
    import numcodecs.abc
    from zarr.abc.codec import BaseCodec

    return isinstance(value, numcodecs.abc.Codec) if zarr_format == 2 else isinstance(value, BaseCodec)


class _Plan:
    """What to write for one variable: the target array, its region and the data."""

    __slots__ = ("array", "data", "locked", "region")

    def __init__(self, array: Any, region: tuple[slice, ...], data: Any, locked: bool = False):
        self.array, self.region, self.data, self.locked = array, region, data, locked


def to_zarr(
    dataset: Dataset,
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
    """Write a Dataset to a Zarr store (format 2 or 3).

    Parameters
    ----------
    dataset : Dataset
    store : str, os.PathLike, zarr Store or mutable mapping, optional
        Where to write (``None``: a new ``zarr.storage.MemoryStore``); fsspec URLs use
        ``storage_options``.
    chunk_store : None
        Not supported by zarr-python 3 (raises ``NotImplementedError``).
    mode : {"w", "w-", "a", "a-", "r+"}, optional
        ``"w"`` overwrite, ``"w-"`` fail if the store exists, ``"a"`` add or overwrite
        variables (or append along ``append_dim``), ``"a-"`` like "a" without overwriting,
        ``"r+"`` modify existing variables only (regions). Default: ``"w-"``, or ``"a"`` with
        ``append_dim``, or ``"r+"`` with ``region``.
    synchronizer : object, optional
        Accepted for compatibility (zarr-python 3 has no synchronizers).
    group : str, optional
        Group path inside the store.
    encoding : dict, optional
        Per variable: ``chunks``, ``compressors``, ``filters``, ``shards``, ``serializer``,
        ``fill_value`` and the CF keys (``dtype``, ``units``, ``calendar``, ``_FillValue``,
        ``scale_factor``, ``add_offset``).
    compute : bool, default: True
        False writes metadata now and returns a ``dask.delayed.Delayed`` writing the Dask data.
    consolidated : bool, optional
        Write consolidated metadata (default: yes; False to skip it).
    append_dim : str, optional
        Extend the stored variables that have this dimension.
    region : dict or "auto", optional
        ``{dim: slice}`` (or ``"auto"`` per dim / for all dims, found from the stored
        dimension coordinates) to write into part of existing arrays.
    safe_chunks : bool, default: True
        Raise when Dask chunks do not line up with Zarr chunks (parallel writes could corrupt data).
    storage_options : dict, optional
        fsspec options for a URL ``store``.
    zarr_format : {2, 3}, optional
        Format of a new store (default: zarr's default, 3; existing stores keep theirs).
    write_empty_chunks : bool, optional
        Whether chunks equal to the fill value are written.

    Returns
    -------
    ZarrStore or dask.delayed.Delayed

    Examples
    --------
    >>> import zarr
    >>> import labarray as la
    >>> store = zarr.storage.MemoryStore()
    >>> ds = la.Dataset({"a": ("t", [1.0, 2.0])}, coords={"t": [0, 1]})
    >>> _ = to_zarr(ds, store)
    >>> _ = to_zarr(ds.assign_coords(t=[2, 3]), store, append_dim="t")
    >>> open_zarr(store)["a"].values.tolist()
    [1.0, 2.0, 1.0, 2.0]
    """
    if not isinstance(dataset, Dataset):
        raise TypeError(f"to_zarr writes a Dataset; got {type(dataset).__name__} (use DataArray.to_zarr for arrays)")
    mode = _resolve_mode(mode, append_dim, region)
    if append_dim is not None and region is not None:
        raise ValueError("pass either append_dim or region to to_zarr, not both")
    if append_dim is not None and append_dim not in dataset._dims:
        hint = did_you_mean(append_dim, list(dataset._dims))
        raise ValueError(
            f"append_dim={append_dim!r} is not a dimension of the Dataset; dimensions: "
            f"{format_names(dataset._dims)}" + (f"; {hint}" if hint else "")
        )
    for name in dataset._variables:
        if not isinstance(name, str):
            raise TypeError(f"Zarr variable names must be strings; got {name!r} ({type(name).__name__})")
    multi = sorted({str(dim) for name, index in dataset._indexes.items() if isinstance(index, PandasMultiIndex)
                    for dim in dataset._variables[name].dims})
    if multi:
        raise NotImplementedError(
            f"cannot write a MultiIndex (dimension {', '.join(map(repr, multi))}) to Zarr; turn it into "
            f"plain coordinates first with .reset_index({multi[0]!r}) (and .set_index / .stack after reading)"
        )
    user_encoding = _check_encoding(encoding, dataset)
    if store is None:
        import zarr

        store = zarr.storage.MemoryStore()
    destructive = mode in ("w", "w-")
    if destructive:
        # plan (encode, check chunks) before the store is opened, so that a bad argument
        # never leaves an emptied store behind
        fmt = zarr_format if zarr_format is not None else _default_zarr_format()
        specs, attrs = _plan_all(dataset, fmt, None, {}, user_encoding, None, {}, safe_chunks, write_empty_chunks)
    zarr_mode = {"w": "w", "w-": "w-", "a": "a", "a-": "a", "r+": "r+"}[mode]
    group_obj = open_zarr_group(
        store, mode=zarr_mode, group=group, zarr_format=zarr_format, storage_options=storage_options,
        chunk_store=chunk_store, synchronizer=synchronizer,
    )
    zstore = ZarrStore(group_obj, mode=mode)
    if zarr_format is not None and zstore.zarr_format != zarr_format:
        raise ValueError(
            f"the existing Zarr store is format {zstore.zarr_format}; cannot write zarr_format={zarr_format} into it"
        )
    ds = dataset
    if destructive:
        with quiet_zarr():
            zstore.set_attributes(attrs)
        return _finish(zstore, specs, consolidated, compute)
    existing = zstore.arrays()
    if region is not None:
        regions = _resolve_region(region, ds, zstore)
        ds = _drop_for_region(ds, regions, region_was_auto=region == "auto" or (
            isinstance(region, Mapping) and any(v == "auto" for v in region.values())))
    else:
        regions = {}
    if append_dim is not None and existing and append_dim not in zstore.get_dimensions():
        raise ValueError(
            f"append_dim={append_dim!r} is not a dimension of the existing Zarr store; its dimensions: "
            f"{format_names(zstore.get_dimensions())}"
        )
    for name in user_encoding:
        if name in existing and (append_dim is not None or region is not None or mode in ("r+", "a-")):
            raise ValueError(
                f"variable {name!r} already exists in the Zarr store, so its encoding is fixed; "
                "remove it from the encoding argument"
            )
    if mode == "r+":
        new = [n for n in ds._variables if n not in existing]
        if new:
            raise ValueError(
                f"mode='r+' only modifies existing variables, but {format_names(new)} are not in the "
                "store; use mode='a' to add variables"
            )
    if regions:
        new = [n for n in ds._variables if n not in existing]
        if new:
            raise ValueError(
                f"region writes go into existing arrays, but {format_names(new)} are not in the store; "
                "write them first (e.g. a full-size template with compute=False)"
            )
    if append_dim is not None and existing:
        new = [n for n in ds._variables if n not in existing and append_dim in ds._variables[n].dims]
        if new:
            raise ValueError(
                f"cannot append along {append_dim!r}: {format_names(new)} have that dimension but are "
                "not in the store yet, so their earlier part is missing; write them in full with mode='a' first"
            )
    if mode == "a-":
        clash = [n for n in ds._variables if n in existing and append_dim not in ds._variables[n].dims]
        if clash:
            raise ValueError(f"mode='a-' does not overwrite existing variables; {format_names(clash)} exist")
    specs, attrs = _plan_all(ds, zstore.zarr_format, zstore, existing, user_encoding, append_dim, regions,
                             safe_chunks, write_empty_chunks)
    with quiet_zarr():
        if not existing:
            zstore.set_attributes(attrs)
        elif attrs and not regions:
            group_obj.attrs.update(json_safe_attrs(attrs, "the Dataset"))
    return _finish(zstore, specs, consolidated, compute)


def _default_zarr_format() -> int:
    import zarr

    return int(zarr.config.get("default_zarr_format", 3))


def _plan_all(
    ds: Dataset, zarr_format: int, zstore: ZarrStore | None, existing: Mapping[str, Any],
    user_encoding: Mapping[Hashable, dict[str, Any]], append_dim: Hashable | None,
    regions: Mapping[Hashable, slice], safe_chunks: bool, write_empty_chunks: bool | None,
) -> tuple[list[_Spec], dict[Any, Any]]:
    """CF-encode the Dataset (with the stored encodings of existing arrays) and plan each variable."""
    encodings: dict[Hashable, dict[str, Any]] = {}
    prepared: dict[Hashable, Variable] = {}
    for name, var in ds._variables.items():
        enc = dict(var.encoding)
        enc.update(user_encoding.get(name, {}))
        array = existing.get(str(name))
        if array is not None:
            enc.update(_stored_encoding(array, zarr_format))
        encodings[name] = enc
        cf_enc = {k: v for k, v in enc.items() if k in CF_ENCODING_KEYS}
        numbers = objects_to_numbers(var.values) if var.dtype.kind == "O" and var._in_memory else None
        prepared[name] = var._replace(encoding=cf_enc) if numbers is None else var._replace(data=numbers,
                                                                                             encoding=cf_enc)
    if existing:
        # the stored units are fixed: a coder that cannot use them would warn and pick others,
        # which is checked (and reported as an error) below instead
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LabarrayWarning)
            encoded, attrs = cf_encoder(prepared, dict(ds.attrs), coord_names=ds._coord_names)
    else:
        encoded, attrs = cf_encoder(prepared, dict(ds.attrs), coord_names=ds._coord_names)
    for name, var in encoded.items():
        array = existing.get(str(name))
        stored_units = array.attrs.get("units") if array is not None else None
        if stored_units is not None and var.attrs.get("units") != stored_units:
            raise ValueError(
                f"variable {name!r} cannot be written with the stored units {stored_units!r} "
                f"(its values would need {var.attrs.get('units')!r}); rewrite the store with finer "
                f"units, e.g. encoding={{{str(name)!r}: {{'units': 'seconds since ...'}}}}"
            )
    specs = [
        _plan_variable(
            zarr_format, zstore, str(name), encoded[name], encodings[name], user_encoding.get(name),
            existing.get(str(name)), append_dim, regions, safe_chunks, write_empty_chunks,
        )
        for name in ds._variables
    ]
    return specs, attrs


def _stored_encoding(array: Any, zarr_format: int) -> dict[str, Any]:
    """The CF encoding an existing array fixes: its units, calendar, scaling, fill and dtype."""
    stored = dict(array.attrs.asdict())
    enc = {key: stored[key] for key in _STORED_ENCODING_ATTRS if key in stored}
    if "_FillValue" in enc and zarr_format == 3:
        enc["_FillValue"] = decode_fill_value(enc["_FillValue"], array.dtype)
    if zarr_format == 2 and array.fill_value is not None and "_FillValue" not in enc:
        fill = array.fill_value
        enc["_FillValue"] = fill.item() if isinstance(fill, np.generic) else fill
    if getattr(array.dtype, "kind", "O") not in "OT":
        enc["dtype"] = np.dtype(array.dtype)
    return enc


def _finish(zstore: ZarrStore, specs: list[_Spec], consolidated: bool | None, compute: bool) -> Any:
    with quiet_zarr():
        plans = [plan for plan in (_realize(zstore, spec) for spec in specs) if plan is not None]
        if consolidated or consolidated is None:
            zstore.consolidate()
        return _write(plans, compute, zstore)


def _drop_for_region(ds: Dataset, regions: Mapping[Hashable, slice], region_was_auto: bool) -> Dataset:
    drop = []
    bad = []
    for name, var in ds._variables.items():
        if any(d in regions for d in var.dims):
            if region_was_auto and name in regions and var.dims == (name,):
                drop.append(name)  # the labels that located the region are already stored
            continue
        bad.append(name)
    if bad:
        raise ValueError(
            f"region writes only write variables along the region dimensions ({format_names(regions)}); "
            f"{format_names(bad)} have none of them: drop them first with ds.drop_vars({[str(b) for b in bad]!r})"
        )
    return ds.drop_vars(drop) if drop else ds


def _plan_variable(
    zarr_format: int, zstore: ZarrStore | None, name: str, encoded: Variable, enc: dict[str, Any],
    user_enc: dict[str, Any] | None, array: Any, append_dim: Hashable | None,
    regions: Mapping[Hashable, slice], safe_chunks: bool, write_empty_chunks: bool | None,
) -> _Spec:
    """Decide the target array, region and chunks of one CF-encoded variable (nothing is written)."""
    data = encoded.data
    dtype = np.dtype(enc["dtype"]) if array is not None and "dtype" in enc else encoded.dtype
    if dtype != encoded.dtype and np.can_cast(encoded.dtype, dtype, casting="same_kind"):
        data = data.astype(dtype)
    elif array is not None and dtype != encoded.dtype and not (dtype.kind in "OUS" and encoded.dtype.kind in "OUS"):
        raise ValueError(
            f"cannot write variable {name!r} of dtype {encoded.dtype} into the stored array of dtype {dtype}"
        )
    if encoded.dtype.kind == "O" and not is_chunked_array(data):
        check_text_objects(data, name, "Zarr")  # before anything is written (Dask data: on write)
    attrs = dict(encoded.attrs)
    dims = tuple(encoded.dims)
    shape = tuple(encoded.shape)

    if array is not None and zstore is not None:
        stored_dims = zstore.array_dims(name, array)
        if stored_dims != dims:
            raise ValueError(
                f"variable {name!r} has dimensions {dims} but the stored array has {stored_dims}; "
                "cannot write it into the existing store"
            )

    # ---- target positions
    offsets = [0] * len(dims)
    appending = array is not None and append_dim is not None and append_dim in dims
    if appending:
        axis = dims.index(append_dim)
        for i, (s, t) in enumerate(zip(shape, array.shape, strict=True)):
            if i != axis and s != t:
                raise ValueError(
                    f"cannot append variable {name!r} along {append_dim!r}: its length along "
                    f"{dims[i]!r} is {s} but the stored array has {t}"
                )
        offsets[axis] = int(array.shape[axis])
    elif regions:
        for i, d in enumerate(dims):
            if d in regions:
                offsets[i] = regions[d].start
    if array is not None and not appending and not regions and tuple(array.shape) != shape:
        array = None  # overwriting a variable with a new shape: create it again

    # ---- chunks
    dask_chunks = data.chunks if is_chunked_array(data) else None
    user_chunks = user_enc is not None and "chunks" in user_enc
    if array is not None:
        zchunks = tuple(array.chunks)
        source = "the stored array"
    elif enc.get("chunks") is not None:
        zchunks = _normalize_user_chunks(name, enc["chunks"], shape)
        source = "encoding['chunks']"
        if dask_chunks is not None and not user_chunks and _misaligned(dims, dask_chunks, zchunks, tuple(offsets)):
            # chunks remembered from the source file no longer fit this data: use the Dask ones
            zchunks = _chunks_from_dask(name, dims, dask_chunks)
            source = "the Dask chunks"
    elif dask_chunks is not None:
        zchunks = _chunks_from_dask(name, dims, dask_chunks)
        source = "the Dask chunks"
    else:
        zchunks = None
        source = ""
    shared_chunks = False
    if dask_chunks is not None and zchunks is not None:
        found = _misaligned(dims, dask_chunks, zchunks, tuple(offsets))
        if found and safe_chunks:
            raise ValueError(_misaligned_message(name, found, source))
        shared_chunks = found is not None

    # ---- how a new array is created
    fill: Any = None
    options: dict[str, Any] = {}
    if array is None:
        if zarr_format == 2:
            # format 2 keeps the CF _FillValue as the array's fill_value; floats default to NaN
            # (unwritten chunks then read as missing, and all-NaN chunks need not be stored)
            fill = attrs.pop("_FillValue", np.nan if dtype.kind == "f" and "_FillValue" not in enc else None)
            if fill is not None and isinstance(fill, np.generic):
                fill = fill.item()
        else:
            fill = enc.get("fill_value")
            if fill is None and dtype.kind in "fc":
                fill = np.nan
            if "_FillValue" in attrs:
                attrs["_FillValue"] = encode_fill_value(attrs["_FillValue"], dtype)
        options = _zarr_options(name, enc, zarr_format, user=user_enc is not None)
        if write_empty_chunks is not None:
            options["config"] = {"write_empty_chunks": bool(write_empty_chunks)}
        if zchunks is None and (not shape or np.prod(shape) * dtype.itemsize <= 16 * 2**20):
            zchunks = tuple(max(1, s) for s in shape)
    elif zarr_format == 2:
        attrs.pop("_FillValue", None)  # stored as the array's fill_value
    elif "_FillValue" in attrs:
        attrs["_FillValue"] = encode_fill_value(attrs["_FillValue"], dtype)
    return _Spec(name, dims, shape, dtype, attrs, zchunks, fill, options, array,
                 dims.index(append_dim) if appending else None, bool(regions), tuple(offsets), data,
                 shared_chunks)


class _Spec:
    """Everything decided about one variable before the store is touched."""

    __slots__ = ("append_axis", "array", "attrs", "chunks", "data", "dims", "dtype", "fill", "in_region",
                 "name", "offsets", "options", "shape", "shared_chunks")

    def __init__(self, name: str, dims: tuple[Hashable, ...], shape: tuple[int, ...], dtype: np.dtype[Any],
                 attrs: dict[str, Any], chunks: tuple[int, ...] | None, fill: Any, options: dict[str, Any],
                 array: Any, append_axis: int | None, in_region: bool, offsets: tuple[int, ...], data: Any,
                 shared_chunks: bool = False):
        self.name, self.dims, self.shape, self.dtype, self.attrs = name, dims, shape, dtype, attrs
        self.chunks, self.fill, self.options, self.array = chunks, fill, options, array
        self.append_axis, self.in_region, self.offsets, self.data = append_axis, in_region, offsets, data
        self.shared_chunks = shared_chunks


def _realize(zstore: ZarrStore, spec: _Spec) -> _Plan | None:
    """Create, resize or refresh the target array of ``spec``; the data write is returned as a plan."""
    array = spec.array
    if array is None:
        array = _create(zstore, spec.name, spec.dims, spec.shape, spec.dtype, spec.attrs, spec.chunks,
                        spec.fill, spec.options)
    elif spec.append_axis is not None:
        new_shape = list(array.shape)
        new_shape[spec.append_axis] += spec.shape[spec.append_axis]
        array.resize(tuple(new_shape))
    elif not spec.in_region:
        # overwriting an existing array of the same shape: refresh its attributes
        keep = {k: v for k, v in array.attrs.asdict().items() if k == DIMENSION_KEY}
        array.attrs.clear()
        array.attrs.update({**json_safe_attrs(spec.attrs, f"variable {spec.name!r}"), **keep})
    if spec.data.size == 0:
        return None
    region = tuple(slice(o, o + s) for o, s in zip(spec.offsets, spec.shape, strict=True))
    return _Plan(array, region, spec.data, spec.shared_chunks)


def _create(zstore: ZarrStore, name: str, dims: tuple[Hashable, ...], shape: tuple[int, ...], dtype: np.dtype[Any],
            attrs: dict[str, Any], chunks: tuple[int, ...] | None, fill: Any, options: dict[str, Any]) -> Any:
    try:
        return zstore.create_array(name, dims, shape, dtype, attrs, chunks if chunks is not None else None,
                                   fill, options, overwrite=True)
    except (TypeError, ValueError) as err:
        raise type(err)(f"cannot create Zarr array for variable {name!r} (dtype {dtype}, shape {shape}): {err}") from err


def _write(plans: list[_Plan], compute: bool, zstore: ZarrStore) -> Any:
    lazy = [p for p in plans if is_chunked_array(p.data)]
    for p in plans:
        if not is_chunked_array(p.data):
            values = np.asarray(p.data)
            if values.dtype.kind == "O":
                values = objects_to_text(values, p.array.basename, "Zarr")
            p.array[p.region] = values
    if not lazy:
        if compute:
            return zstore
        import dask

        return dask.delayed(_return_none)()
    da = dask_array()
    # object (text) blocks are checked and converted as they are computed
    sources = [p.data if p.data.dtype.kind != "O"
               else p.data.map_blocks(objects_to_text, p.array.basename, "Zarr", dtype=np.dtype(str))
               for p in lazy]
    # Dask chunks that share Zarr chunks (safe_chunks=False) are written under a lock: Zarr
    # rewrites whole chunks, so two unsynchronised writers would lose each other's values
    stored = da.store(sources, [p.array for p in lazy], regions=[p.region for p in lazy],
                      lock=any(p.locked for p in lazy), compute=compute, return_stored=False)
    if compute:
        return zstore
    import dask

    # ``store`` hands back the per-chunk write tasks as arrays of None: gather them in one Delayed
    arrays = stored if isinstance(stored, tuple) else (stored,)
    tasks = [task for arr in arrays for task in arr.to_delayed().ravel().tolist()]
    return dask.delayed(_return_none)(tasks)


def _return_none(*_: Any) -> None:
    return None

