"""Small operations that work the same on NumPy and Dask arrays (no Dask import at module level).

>>> isnull(np.array([1.0, np.nan]))
array([False,  True])
>>> array_equiv(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
True
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from labarray.parallel.blockreads import concatenate_block_reads
from labarray.parallel.chunkmanager import dask_array, is_chunked_array

__all__ = [
    "array_equiv",
    "array_notnull_equiv",
    "concatenate",
    "isnull",
    "notnull",
    "stack",
    "to_numpy",
]


def to_numpy(data: Any) -> np.ndarray:
    """Load ``data`` (Dask, explicitly indexed, other duck arrays) into a NumPy array."""
    if isinstance(data, np.ndarray):
        return data
    if is_chunked_array(data):
        return np.asarray(data.compute())
    if hasattr(data, "get_duck_array"):
        return np.asarray(data.get_duck_array())
    return np.asarray(data)


def isnull(data: Any) -> Any:
    """Elementwise missing-value test: NaN, NaT and (for object arrays) None/NaN/NaT.

    Examples
    --------
    >>> isnull(np.array(["a", None], dtype=object))
    array([False,  True])
    """
    dtype = data.dtype
    if dtype.kind in "fc":
        return data != data
    if dtype.kind in "mM":
        return np.isnat(data)
    if dtype.kind == "O":
        if is_chunked_array(data):
            return data.map_blocks(pd.isnull, dtype=bool)
        return np.asarray(pd.isnull(data), dtype=bool)
    if is_chunked_array(data):
        return dask_array().zeros(data.shape, dtype=bool, chunks=data.chunks)
    return np.zeros(data.shape, dtype=bool)


def notnull(data: Any) -> Any:
    """Negation of :func:`isnull`."""
    return ~isnull(data)


def _finish(flag: Any) -> bool:
    if is_chunked_array(flag):
        flag = flag.compute()
    return bool(flag)


def _lazy_same(a: Any, b: Any) -> bool | None:
    if a is b:
        return True
    if is_chunked_array(a) and is_chunked_array(b) and a.name == b.name:
        return True
    return None


def _prepare(a: Any, b: Any) -> tuple[Any, Any]:
    if is_chunked_array(a) and is_chunked_array(b):
        return a, b
    return to_numpy(a), to_numpy(b)


def array_equiv(a: Any, b: Any) -> bool:
    """True if the arrays have the same shape and values, NaN matching NaN.

    Dask arrays are compared block by block when both operands are Dask arrays; two Dask
    arrays with the same graph name are equal without computing anything.
    """
    if tuple(a.shape) != tuple(b.shape):
        return False
    same = _lazy_same(a, b)
    if same is not None:
        return same
    a, b = _prepare(a, b)
    with np.errstate(all="ignore"), _silence_elementwise():
        eq = a == b
        if not hasattr(eq, "shape"):
            return False
        flag = (eq | (isnull(a) & isnull(b))).all()
    return _finish(flag)


def array_notnull_equiv(a: Any, b: Any) -> bool:
    """True if the arrays agree wherever both are not missing (broadcasting allowed)."""
    same = _lazy_same(a, b)
    if same is not None:
        return same
    a, b = _prepare(a, b)
    with np.errstate(all="ignore"), _silence_elementwise():
        eq = a == b
        if not hasattr(eq, "shape"):
            return False
        flag = (eq | isnull(a) | isnull(b)).all()
    return _finish(flag)


@contextlib.contextmanager
def _silence_elementwise() -> Iterator[None]:
    """Hide NumPy's warnings about element-wise comparisons of mismatched object arrays."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=FutureWarning)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        yield


def _as_common(arrays: list[Any]) -> tuple[list[Any], bool]:
    if any(is_chunked_array(a) for a in arrays):
        da = dask_array()
        return [a if is_chunked_array(a) else da.from_array(to_numpy(a), chunks=-1)
                for a in arrays], True
    return [to_numpy(a) for a in arrays], False


def concatenate(arrays: list[Any], axis: int) -> Any:
    """Concatenate NumPy/Dask arrays (Dask if any input is Dask)."""
    arrays, lazy = _as_common(arrays)
    if not lazy:
        return np.concatenate(arrays, axis)
    joined = concatenate_block_reads(arrays, axis)  # pieces of files: one layer of reads
    return joined if joined is not None else dask_array().concatenate(arrays, axis=axis)


def stack(arrays: list[Any], axis: int) -> Any:
    """Stack NumPy/Dask arrays along a new axis (Dask if any input is Dask)."""
    arrays, lazy = _as_common(arrays)
    return dask_array().stack(arrays, axis=axis) if lazy else np.stack(arrays, axis)
