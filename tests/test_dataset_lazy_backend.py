"""Lazily indexed (backend-like) data: selection stays lazy, load/compute read once per variable."""

from __future__ import annotations

import numpy as np

import labarray as la
from labarray.variable.indexing import (
    BasicIndexer,
    ExplicitlyIndexed,
    LazilyIndexedArray,
    OuterIndexer,
)


class CountingBackendArray(ExplicitlyIndexed):
    """A stand-in for a file-backed array: it counts how often values are read."""

    def __init__(self, values: np.ndarray):
        self.values = values
        self.shape = values.shape
        self.dtype = values.dtype
        self.ndim = values.ndim
        self.reads = 0

    def __getitem__(self, key: BasicIndexer | OuterIndexer) -> np.ndarray:
        self.reads += 1
        out = self.values
        for axis, k in reversed(list(enumerate(key.tuple))):
            out = np.take(out, np.arange(self.shape[axis])[k], axis=axis) if not isinstance(k, int) else np.take(out, k, axis=axis)
        return np.asarray(out)

    def get_duck_array(self) -> np.ndarray:
        return self[BasicIndexer((slice(None),) * self.ndim)]


def _lazy_dataset() -> tuple[la.Dataset, CountingBackendArray]:
    backend = CountingBackendArray(np.arange(12.0).reshape(3, 4))
    var = la.Variable(("y", "x"), LazilyIndexedArray(backend))
    return la.Dataset({"a": var}, coords={"x": [10, 20, 30, 40]}), backend


def test_selection_does_not_read() -> None:
    ds, backend = _lazy_dataset()
    sub = ds.isel(y=slice(0, 2)).sel(x=[20, 40])
    assert backend.reads == 0
    assert sub["a"].values.tolist() == [[1.0, 3.0], [5.0, 7.0]]
    assert backend.reads == 1


def test_load_reads_once_and_compute_leaves_the_original_lazy() -> None:
    ds, backend = _lazy_dataset()
    computed = ds.compute()
    assert backend.reads == 1
    assert isinstance(computed["a"].data, np.ndarray)
    assert not isinstance(ds["a"].variable._data, np.ndarray)
    ds.load()
    assert isinstance(ds["a"].variable._data, np.ndarray)
    assert backend.reads == 2
    ds["a"].values
    assert backend.reads == 2
