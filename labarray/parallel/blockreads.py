"""Dask arrays whose blocks are reads from array-likes (file variables), as one Blockwise layer.

Opening a file with ``chunks=`` gives each variable a Dask array whose block ``i`` is
``np.asarray(source[slices_i])``. Building it as a single ``Blockwise`` layer (each block's
``(source, slices)`` a per-block value of the layer) rather than a dictionary of getter tasks has
two effects that matter when many files are opened as one dataset:

* a reduction's first step (``mean`` over time: a per-block ``chunk`` function) fuses with the
  read into one task per block at the layer level, so Dask neither fuses task chains one by one
  at compute time nor orders a small sub-graph inside every task;
* concatenating such arrays (``open_mfdataset`` concatenating one piece per file) is done by
  merging their per-block values into one new layer (:func:`concatenate_block_reads`), without
  Dask's alias layer and chunk unification.

Arrays made here are remembered by name (weakly: forgotten with their graphs), which is how
:func:`concatenate_block_reads` recognises them; any operation on them gives a new name, and the
general :func:`dask.array.concatenate` handles the rest.

>>> import numpy as np
>>> a = block_read_array(np.arange(6).reshape(2, 3), ((1, 1), (3,)), "a-demo", np.empty((0, 0), int))
>>> b = block_read_array(np.arange(6, 9).reshape(1, 3), ((1,), (3,)), "b-demo", np.empty((0, 0), int))
>>> c = concatenate_block_reads([a, b], axis=0)
>>> c.chunks, c.compute().tolist()
(((1, 1, 1), (3,)), [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
"""

from __future__ import annotations

import hashlib
import itertools
import weakref
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["block_read_array", "concatenate_block_reads", "read_part"]

#: name of a block-read array -> its per-block values (dict of block index -> (source, slices))
_PARTS: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()


def read_part(part: tuple[Any, tuple[slice, ...]]) -> np.ndarray:
    """Read one block: ``np.asarray(source[slices])`` (the task of every block).

    Examples
    --------
    >>> read_part((np.arange(5), (slice(1, 3),)))
    array([1, 2])
    """
    source, key = part
    return np.asarray(source[key])


class _Parts(dict):  # type: ignore[type-arg]
    """The per-block values of one array (a dict that can be referenced weakly)."""

    __slots__ = ("__weakref__",)


def _from_parts(parts: _Parts, chunks: tuple[tuple[int, ...], ...], name: str, meta: np.ndarray,
                blockwise: bool) -> Any:
    from dask.array.core import Array
    from dask.highlevelgraph import HighLevelGraph

    # the same name means the same data: share the registered values, so that the entry lives
    # as long as any array of that name does
    parts = _PARTS.setdefault(name, parts)
    if blockwise:
        from dask.blockwise import blockwise as blockwise_layer
        from dask.layers import ArrayValuesDep

        out_ind = tuple(range(len(chunks)))
        layer: Any = blockwise_layer(read_part, name, out_ind, ArrayValuesDep(chunks, parts), out_ind,
                                     numblocks={}, _data_producer=True)
    else:
        # one task per block, written out (building a Blockwise layer costs more than opening a
        # small file; the concatenation of many such arrays is the Blockwise layer)
        from dask._task_spec import Task
        from dask.highlevelgraph import MaterializedLayer

        layer = MaterializedLayer({(name, *block): Task((name, *block), read_part, part)
                                   for block, part in parts.items()})
        layer.block_reads = parts  # keeps the registry entry alive as long as the graph
    return Array(HighLevelGraph.from_collections(name, layer, dependencies=()), name, chunks, meta=meta)


def block_read_array(source: Any, chunks: tuple[tuple[int, ...], ...], name: str, meta: np.ndarray) -> Any:
    """A Dask array whose blocks are ``np.asarray(source[block slices])``.

    Parameters
    ----------
    source : array-like
        Supports ``source[tuple of slices]`` (e.g. a lazily indexed file variable).
    chunks : tuple of tuple of int
        Normalised Dask chunks covering ``source``'s shape.
    name : str
        The array's (deterministic) name; the same name must mean the same data.
    meta : numpy.ndarray
        Empty array of the result's dtype and dimensionality.

    Returns
    -------
    dask.array.Array

    Examples
    --------
    >>> x = block_read_array(np.arange(5), ((2, 3),), "x-demo", np.empty(0, int))
    >>> x.numblocks, x[3:].compute().tolist()
    ((2,), [3, 4])
    """
    bounds = [list(itertools.accumulate(c, initial=0)) for c in chunks]
    parts = _Parts()
    for block in itertools.product(*(range(len(c)) for c in chunks)):
        parts[block] = (source, tuple(slice(b[i], b[i + 1]) for b, i in zip(bounds, block, strict=True)))
    return _from_parts(parts, chunks, name, meta, blockwise=False)


def concatenate_block_reads(arrays: Sequence[Any], axis: int) -> Any | None:
    """Concatenate block-read arrays along ``axis`` as one new block-read array; None when any
    input is not a block-read array of this module, or dtypes or chunks of other axes differ
    (the caller then uses :func:`dask.array.concatenate`).

    Examples
    --------
    >>> x = block_read_array(np.arange(3), ((3,),), "x3-demo", np.empty(0, int))
    >>> concatenate_block_reads([x, x], 0).compute().tolist()
    [0, 1, 2, 0, 1, 2]
    >>> concatenate_block_reads([x, x + 1], 0) is None
    True
    """
    if not arrays:
        return None
    first = arrays[0]
    ndim = first.ndim
    if not 0 <= axis < ndim:
        return None
    all_parts = []
    for a in arrays:
        parts = _PARTS.get(getattr(a, "name", None))
        if (parts is None or a.ndim != ndim or a.dtype != first.dtype
                or any(a.chunks[i] != first.chunks[i] for i in range(ndim) if i != axis)):
            return None
        all_parts.append(parts)
    merged = _Parts()
    offset = 0
    for a, parts in zip(arrays, all_parts, strict=True):
        for block, value in parts.items():
            merged[(*block[:axis], block[axis] + offset, *block[axis + 1:])] = value
        offset += a.numblocks[axis]
    chunks = tuple(
        tuple(itertools.chain.from_iterable(a.chunks[axis] for a in arrays)) if i == axis else first.chunks[i]
        for i in range(ndim)
    )
    digest = hashlib.md5(f"{axis}|{'|'.join(a.name for a in arrays)}".encode(), usedforsecurity=False)
    return _from_parts(merged, chunks, f"concatenate-{digest.hexdigest()}", first._meta, blockwise=True)
