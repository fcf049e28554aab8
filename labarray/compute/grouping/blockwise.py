"""Grouped reductions of Dask arrays whose groups are runs of consecutive elements (resampling).

When the codes along the one grouped axis never decrease (time bins, sorted groups), every group
is a contiguous run. The axis is then rechunked so that no group straddles two blocks (cutting
only at group boundaries, keeping blocks close to their original size) and each block is reduced
on its own by :func:`~labarray.compute.grouping.reduce.grouped_reduce` into *its* groups: no
partial results of all groups per block and no combine step, so a monthly resample of daily data
costs one in-memory reduction per block.

>>> import numpy as np
>>> import dask.array as da
>>> data = da.from_array(np.arange(6.0), chunks=4)
>>> codes = np.array([0, 0, 0, 1, 1, 2])
>>> contiguous_grouped_reduce(data, codes, 3, 0, "sum").compute()
array([3., 7., 5.])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from labarray.compute.grouping.reduce import grouped_reduce
from labarray.parallel.chunkmanager import dask_array

__all__ = ["contiguous_grouped_reduce", "is_contiguous"]


def is_contiguous(codes: np.ndarray) -> bool:
    """Whether the valid codes (``>= 0``) of 1-D ``codes`` never decrease.

    Examples
    --------
    >>> is_contiguous(np.array([0, -1, 0, 2])), is_contiguous(np.array([1, 0]))
    (True, False)
    """
    valid = codes[codes >= 0]
    return codes.ndim == 1 and bool(valid.size) and bool((np.diff(valid) >= 0).all())


def _block_bounds(
    codes: np.ndarray, ngroups: int, chunks: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """Element and group boundaries of the new blocks: cut near the old ones, between groups."""
    n = codes.size
    # a run's owner: the group of each element, invalid ones carrying the previous valid code
    filled = np.maximum.accumulate(np.where(codes >= 0, codes, -1))
    starts = np.flatnonzero(np.diff(filled, prepend=-2) != 0)  # first element of every run
    cuts = [0]
    for edge in np.cumsum(chunks)[:-1]:
        i = np.searchsorted(starts, edge)  # the first run starting at or after the old edge
        if i < starts.size and starts[i] > cuts[-1]:
            cuts.append(int(starts[i]))
    cuts.append(n)
    elements = np.array(sorted(set(cuts)), dtype=np.int64)
    first_groups = [0] + [int(max(filled[e], 0)) for e in elements[1:-1]] + [ngroups]
    return elements, np.array(first_groups, dtype=np.int64)


def contiguous_grouped_reduce(
    data: Any, codes: np.ndarray, ngroups: int, axis: int, func: str, **kwargs: Any
) -> Any:
    """Lazy grouped reduction of Dask ``data`` along ``axis`` for contiguous ``codes``.

    Parameters
    ----------
    data : dask.array.Array
        The values.
    codes : numpy.ndarray
        1-D group codes along ``axis`` whose valid values never decrease (see
        :func:`is_contiguous`); ``-1`` leaves an element out.
    ngroups : int
        Number of groups.
    axis : int
        The grouped axis.
    func : str
        Reduction name (see :func:`~labarray.compute.grouping.reduce.grouped_reduce`); a
        quantile must have a scalar ``q``.
    **kwargs
        Options of :func:`~labarray.compute.grouping.reduce.grouped_reduce`.

    Returns
    -------
    dask.array.Array
        As ``grouped_reduce``: ``axis`` removed, the group axis last.
    """
    da = dask_array()
    elements, groups = _block_bounds(codes, ngroups, data.chunks[axis])
    data = data.rechunk({axis: tuple(np.diff(elements).tolist())})
    local = codes - np.repeat(groups[:-1], np.diff(elements))
    local = np.where(codes >= 0, local, -1)
    local_codes = da.from_array(local, chunks=(data.chunks[axis],))
    sizes = tuple(np.diff(groups).tolist())
    ndim = data.ndim
    out_chunks = tuple(sizes if i == axis else c for i, c in enumerate(data.chunks))

    def reduce_block(
        block: np.ndarray, block_codes: np.ndarray, block_info: Any = None
    ) -> np.ndarray:
        position = block_info[0]["chunk-location"][axis] if block_info else 0
        result = grouped_reduce(
            block, block_codes.reshape(-1), sizes[position], axis, func, **kwargs
        )
        return np.moveaxis(result, -1, axis)

    probe = np.zeros((1,) * ndim, dtype=data.dtype)
    meta_dtype = grouped_reduce(probe, np.zeros(1, np.int64), 1, axis, func, **kwargs).dtype
    out = da.map_blocks(
        reduce_block, data, local_codes[(None,) * axis + (slice(None),) + (None,) * (ndim - axis - 1)],
        chunks=out_chunks, dtype=meta_dtype, meta=np.empty((0,) * ndim, dtype=meta_dtype),
    )  # fmt: skip
    return da.moveaxis(out, axis, -1)
