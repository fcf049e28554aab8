"""Testing helpers for code that uses labarray (hypothesis strategies live in
``labarray.testing.strategies``)."""

from __future__ import annotations

from labarray.testing.assertions import (
    _assert_internal_invariants as _assert_internal_invariants,
)
from labarray.testing.assertions import (
    assert_allclose,
    assert_chunks_equal,
    assert_duckarray_allclose,
    assert_duckarray_equal,
    assert_equal,
    assert_identical,
)
from labarray.testing.laziness import raise_if_dask_computes

__all__ = [
    "assert_allclose",
    "assert_chunks_equal",
    "assert_duckarray_allclose",
    "assert_duckarray_equal",
    "assert_equal",
    "assert_identical",
    "raise_if_dask_computes",
]
