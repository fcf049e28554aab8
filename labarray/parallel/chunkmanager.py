"""Adapter between labarray and chunked (lazy) arrays.

Dask is imported only when a chunked array is actually seen or asked for, so ``import labarray``
stays fast. Every other module asks this one whether an array is chunked and how to chunk,
compute or persist it, instead of importing ``dask`` itself.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "chunk_array",
    "compute_arrays",
    "dask_array",
    "is_chunked_array",
    "normalize_chunks_for_dims",
    "persist_arrays",
]


def dask_array() -> Any:
    """Return the ``dask.array`` module, imported on first use."""
    import dask.array as da

    return da


def is_chunked_array(x: Any) -> bool:
    """True if ``x`` is a Dask array (checked without importing Dask when it was never imported)."""
    if "dask.array" not in sys.modules:
        return False
    return isinstance(x, sys.modules["dask.array"].Array)


def normalize_chunks_for_dims(
    chunks: Any,
    dims: Sequence[Hashable],
    shape: Sequence[int],
    dtype: np.dtype[Any],
    previous_chunks: tuple[tuple[int, ...], ...] | None = None,
) -> tuple[tuple[int, ...], ...]:
    """Turn a user ``chunks`` argument into explicit block sizes along each dimension.

    ``chunks`` may be an int (the same on every dim), ``"auto"``, ``-1`` (one chunk), ``None``
    (keep existing chunks or one chunk), a tuple per axis, or a mapping ``{dim: size}`` whose
    missing dims keep their existing chunks (or one chunk when there are none).
    """
    da = dask_array()
    if isinstance(chunks, Mapping):
        per_axis: list[Any] = []
        for axis, dim in enumerate(dims):
            if dim in chunks:
                per_axis.append(chunks[dim])
            elif previous_chunks is not None:
                per_axis.append(previous_chunks[axis])
            else:
                per_axis.append(-1)
        chunks = tuple(per_axis)
    elif chunks is None:
        chunks = previous_chunks if previous_chunks is not None else tuple(-1 for _ in shape)
    return da.core.normalize_chunks(
        chunks, tuple(shape), dtype=dtype, previous_chunks=previous_chunks
    )


def chunk_array(
    data: Any, chunks: tuple[tuple[int, ...], ...], name: str | None = None, **kwargs: Any
) -> Any:
    """Wrap or rechunk ``data`` as a Dask array with the given block sizes."""
    da = dask_array()
    if is_chunked_array(data):
        return data if data.chunks == chunks else data.rechunk(chunks)
    return da.from_array(data, chunks=chunks, name=name, **kwargs)


def compute_arrays(*arrays: Any, **kwargs: Any) -> tuple[Any, ...]:
    """Compute several Dask arrays in one graph; other arrays pass through unchanged."""
    lazy = [i for i, a in enumerate(arrays) if is_chunked_array(a)]
    if not lazy:
        return arrays
    import dask

    computed = dask.compute(*(arrays[i] for i in lazy), **kwargs)
    out = list(arrays)
    for i, value in zip(lazy, computed, strict=True):
        out[i] = value
    return tuple(out)


def persist_arrays(*arrays: Any, **kwargs: Any) -> tuple[Any, ...]:
    """Persist several Dask arrays together (in memory or on a cluster); others pass through."""
    lazy = [i for i, a in enumerate(arrays) if is_chunked_array(a)]
    if not lazy:
        return arrays
    import dask

    persisted = dask.persist(*(arrays[i] for i in lazy), **kwargs)
    out = list(arrays)
    for i, value in zip(lazy, persisted, strict=True):
        out[i] = value
    return tuple(out)
