"""Warn when the Dask chunks asked for at open time split the chunks stored in the file.

A netCDF4/HDF5 or Zarr variable is stored (and compressed) chunk by chunk: reading any part of
a stored chunk reads and decompresses all of it. Dask chunks that cut through stored chunks
make several Dask tasks read the same stored chunk, once each, which multiplies the IO and
decompression work. :func:`warn_if_chunks_split_stored` checks the chunk sizes
``open_dataset`` is about to use against the variable's stored chunking
(``encoding["preferred_chunks"]``, else ``encoding["chunksizes"]``) and emits a
:class:`~labarray.utils.warnings.LabarrayWarning` (a ``UserWarning``) that names the variable,
the dimension, both sizes, and a size that would not split.

Only dimensions the user named are checked (``chunks={}`` follows the file and returns at
once), so the open path of many files stays cheap.

>>> first_split(40, (20, 20), 10) is None
True
>>> first_split(40, (15, 15, 10), 10)
15
"""

from __future__ import annotations

import itertools
import os
import sys
import warnings
from collections.abc import Hashable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from labarray.utils.warnings import LabarrayWarning
from labarray.variable import Variable

__all__ = ["first_split", "stored_chunks", "warn_if_chunks_split_stored"]

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep


def stored_chunks(var: Variable) -> dict[Hashable, int | tuple[int, ...]]:
    """The stored chunk size of each dimension of a file-backed ``var`` (empty when unknown).

    Taken from ``encoding["preferred_chunks"]`` (a mapping dim -> size, or dim -> tuple of
    sizes for irregular chunking), else from netCDF4's ``encoding["chunksizes"]`` (one size per
    dimension). Contiguous variables have neither and get ``{}``.

    Examples
    --------
    >>> import numpy as np
    >>> stored_chunks(Variable(("x", "y"), np.zeros((4, 6)), encoding={"chunksizes": (2, 3)}))
    {'x': 2, 'y': 3}
    >>> stored_chunks(Variable("x", np.zeros(4)))
    {}
    """
    encoding = var.encoding
    preferred = encoding.get("preferred_chunks")
    if isinstance(preferred, Mapping) and preferred:
        return {d: _as_sizes(s, d, "preferred_chunks") for d, s in preferred.items()
                if d in var.dims and s is not None}
    sizes = encoding.get("chunksizes")
    if isinstance(sizes, (tuple, list)) and len(sizes) == var.ndim:
        return {d: _as_sizes(s, d, "chunksizes") for d, s in zip(var.dims, sizes, strict=True) if s is not None}
    return {}


def _as_sizes(value: Any, dim: Hashable, key: str) -> int | tuple[int, ...]:
    items = value if isinstance(value, (tuple, list)) else (value,)
    if not all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) and v > 0 for v in items):
        raise ValueError(f"encoding[{key!r}] gives {value!r} for dimension {dim!r}; stored chunk sizes must be "
                         "positive ints (or a tuple of them)")
    return tuple(int(v) for v in value) if isinstance(value, (tuple, list)) else int(value)


@lru_cache(maxsize=512)
def first_split(size: int, chunk_sizes: tuple[int, ...], stored: int | tuple[int, ...]) -> int | None:
    """The first index at which ``chunk_sizes`` cut through a stored chunk, or None.

    A cut is a chunk boundary (other than the end of the dimension) that is not a boundary
    of the stored chunks; a short last chunk (the remainder) is no cut.

    Parameters
    ----------
    size : int
        Length of the dimension.
    chunk_sizes : tuple of int
        The requested chunk sizes along the dimension (summing to ``size``).
    stored : int or tuple of int
        The stored chunk size, or the stored chunk sizes for irregular chunking.

    Examples
    --------
    >>> first_split(100, (30, 30, 30, 10), 10) is None
    True
    >>> first_split(100, (45, 55), 10)
    45
    >>> first_split(10, (4, 6), (4, 3, 3)) is None
    True
    """
    if sum(chunk_sizes) != size:
        raise ValueError(f"chunk sizes {chunk_sizes} add up to {sum(chunk_sizes)}, not to the dimension length {size}")
    if isinstance(stored, int):
        if stored <= 1:
            return None
        ends = itertools.accumulate(chunk_sizes[:-1])
        return next((end for end in ends if end % stored and end < size), None)
    stored_ends = set(itertools.accumulate(stored[:-1]))
    return next((end for end in itertools.accumulate(chunk_sizes[:-1]) if end not in stored_ends and end < size), None)


def _named_dims(var: Variable, requested: Any) -> tuple[Hashable, ...]:
    """The dims of ``var`` whose chunking the user chose (not left to the file)."""
    if isinstance(requested, Mapping):
        return tuple(d for d in var.dims if requested.get(d) is not None)
    if requested is None or (isinstance(requested, int) and not isinstance(requested, bool) and requested == -1):
        return ()  # no chunking, or one chunk per dimension: nothing can be split
    return var.dims


def _suggestion(requested_size: int, stored: int, dim_size: int) -> int:
    """A multiple of ``stored`` near ``requested_size`` (at most the dimension length)."""
    multiple = max(1, round(requested_size / stored)) * stored
    return min(multiple, max(stored, dim_size))


def _describe(chunk_sizes: tuple[int, ...]) -> str:
    if len(set(chunk_sizes[:-1])) <= 1 and chunk_sizes[-1] <= chunk_sizes[0]:
        return str(chunk_sizes[0])
    shown = ", ".join(map(str, chunk_sizes[:4])) + (", ..." if len(chunk_sizes) > 4 else "")
    return f"({shown})"


def _user_stacklevel() -> int:
    """The stacklevel (for ``warnings.warn`` called from :func:`warn_if_chunks_split_stored`)
    of the first frame outside labarray, so the warning points at the user's call."""
    frame = sys._getframe(1)
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE_DIR):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def warn_if_chunks_split_stored(
    name: Hashable,
    var: Variable,
    chunk_sizes: tuple[tuple[int, ...], ...],
    requested: Any,
) -> None:
    """Warn when the Dask ``chunk_sizes`` chosen for ``var`` cut through its stored chunks.

    One :class:`~labarray.utils.warnings.LabarrayWarning` per offending dimension names the
    variable, the dimension, the stored and the requested chunk size, the first index where
    a stored chunk is cut, and a multiple of the stored size to use instead. Requested
    chunks that are multiples of the stored ones (with a shorter remainder at the end) do
    not warn. Only the dimensions named in ``requested`` are checked; ``requested={}``
    (follow the file) and variables without stored chunking return at once.

    Parameters
    ----------
    name : hashable
        Name of the variable (for the message).
    var : Variable
        The file-backed variable, whose ``encoding`` holds ``"preferred_chunks"`` or
        ``"chunksizes"``.
    chunk_sizes : tuple of tuple of int
        The per-dimension chunk sizes about to be used (as ``open_dataset`` computes them).
    requested : mapping, int, "auto", -1 or None
        The ``chunks`` argument the user passed to ``open_dataset``.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> var = Variable("x", np.zeros(40), encoding={"preferred_chunks": {"x": 10}})
    >>> warn_if_chunks_split_stored("v", var, ((20, 20),), {"x": 20})  # multiples: silent
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_if_chunks_split_stored("v", var, ((15, 15, 10),), {"x": 15})
    >>> print(caught[0].message)  # doctest: +ELLIPSIS
    chunks for variable 'v' split its stored chunks along dimension 'x': stored chunks of 10, ...
    """
    if isinstance(requested, Mapping) and not requested:
        return
    dims = _named_dims(var, requested)
    if not dims:
        return
    stored = stored_chunks(var)
    if not stored or 0 in var.shape:
        return
    if len(chunk_sizes) != var.ndim:
        raise ValueError(f"chunk_sizes for variable {name!r} has {len(chunk_sizes)} entries; it needs one tuple per "
                         f"dimension {var.dims}")
    for axis, dim in enumerate(var.dims):
        if dim not in dims or dim not in stored:
            continue
        sizes = tuple(chunk_sizes[axis])
        split = first_split(var.shape[axis], sizes, stored[dim])
        if split is None:
            continue
        size = stored[dim]
        if isinstance(size, int):
            stored_text = f"stored chunks of {size}"
            advice = (f"use a multiple of {size} (e.g. chunks={{{dim!r}: "
                      f"{_suggestion(sizes[0], size, var.shape[axis])}}})")
        else:
            stored_text = f"stored chunks of {_describe(size)}"
            advice = "use chunk boundaries that fall on stored chunk boundaries"
        warnings.warn(
            f"chunks for variable {name!r} split its stored chunks along dimension {dim!r}: "
            f"{stored_text}, requested chunks of {_describe(sizes)} (first split at index {split}), "
            "so several Dask tasks read and decompress the same stored chunk; "
            f"{advice}, or rechunk after opening",
            LabarrayWarning,
            stacklevel=_user_stacklevel(),
        )
