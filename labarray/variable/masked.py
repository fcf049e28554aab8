"""Indexing where ``-1`` in an integer key means "missing": the engine of reindex and align.

Outer keys run axis by axis on :func:`labarray.kernels.take.take_with_fill` (NumPy) or
:func:`labarray.kernels.take.take_with_fill_dask` (Dask, lazily); vectorized keys index with the
``-1`` replaced and then fill the masked points.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np

from labarray.kernels.take import NA, result_dtype, take_with_fill, take_with_fill_dask
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.variable.indexing import (
    BasicIndexer,
    OuterIndexer,
    PandasIndexingAdapter,
    VectorizedIndexer,
    as_indexable,
)
from labarray.variable.keys import broadcast_indexes

__all__ = ["getitem_with_mask"]


def getitem_with_mask(
    var: Any, key: Any, fill_value: Any = NA
) -> tuple[tuple[Hashable, ...], tuple[Hashable, ...], Any]:
    """Return the dims, the raw dims (see ``broadcast_indexes``) and data of ``var[key]`` with ``-1`` positions set to ``fill_value``.

    ``-1`` is a valid (last) position for ordinary indexing, so the key is classified by
    :func:`broadcast_indexes` unchanged; empty axes are validated as if they had length 1 so
    that ``-1`` (the only position allowed there) passes.
    """
    validation_shape = tuple(max(s, 1) for s in var.shape)
    dims, indexer, raw_dims = broadcast_indexes(var, key, shape=validation_shape)
    data = var._data
    if isinstance(indexer, BasicIndexer):
        return dims, dims, as_indexable(data)[indexer]
    if isinstance(data, PandasIndexingAdapter) or not (
        isinstance(data, np.ndarray) or is_chunked_array(data)
    ):
        data = var.data
    if isinstance(indexer, OuterIndexer):
        return dims, dims, _outer_with_fill(data, indexer.tuple, fill_value)
    return dims, raw_dims, _vectorized_with_fill(data, indexer, fill_value)


def _outer_with_fill(data: Any, key: tuple[Any, ...], fill_value: Any) -> Any:
    basic = tuple(slice(None) if isinstance(k, np.ndarray) else k for k in key)
    result = data[basic]
    axis = 0
    for k in key:
        if isinstance(k, (int, np.integer)):
            continue
        if isinstance(k, np.ndarray):
            if is_chunked_array(result):
                result = take_with_fill_dask(result, k, axis, fill_value)
            else:
                result = take_with_fill(np.asarray(result), k, axis, fill_value)
        axis += 1
    return result


def _vectorized_with_fill(data: Any, indexer: Any, fill_value: Any) -> Any:
    arrays = [k for k in indexer.tuple if isinstance(k, np.ndarray)]
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    mask = np.zeros(shape, dtype=bool)
    for a in arrays:
        mask = mask | (a == -1)
    safe = tuple(np.where(k == -1, 0, k) if isinstance(k, np.ndarray) else k for k in indexer.tuple)
    n_slices = sum(1 for k in indexer.tuple if isinstance(k, slice))
    if any(s == 0 for s in data.shape):
        padded_shape = tuple(max(s, 1) for s in data.shape)
        dtype, fill = result_dtype(data.dtype, fill_value)
        data = np.full(padded_shape, fill, dtype=dtype)
    result = as_indexable(data)[VectorizedIndexer(safe)]
    if not mask.any():
        return result
    dtype, fill = result_dtype(result.dtype, fill_value)
    mask = mask.reshape(mask.shape + (1,) * n_slices)
    if is_chunked_array(result):
        return dask_array().where(mask, fill, result.astype(dtype))
    out = np.asarray(result).astype(dtype, copy=True)
    np.copyto(out, np.asarray(fill, dtype=dtype) if dtype.kind != "O" else fill,
              where=np.broadcast_to(mask, out.shape))
    return out
