"""Property tests: anything written with to_zarr reads back identical (formats 2 and 3, NumPy and Dask)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import labarray as la
from labarray.testing import assert_identical
from labarray.testing import strategies as las

zarr = pytest.importorskip("zarr")
pytest.importorskip("dask")

from labarray.io.zarr_api import open_zarr, to_zarr  # noqa: E402

#: attributes that survive JSON unchanged (arrays come back as lists, as in every Zarr reader)
simple_attrs = st.dictionaries(
    las.names(),
    st.text("abcxyz ", max_size=5) | st.integers(-1000, 1000) | st.booleans()
    | st.floats(allow_nan=False, allow_infinity=False, width=64),
    max_size=3,
)

datasets = las.datasets(
    dims=las.dimension_sizes(min_dims=1, max_dims=3, max_side=4),
    min_vars=1,
    max_vars=3,
    index_kind=None,
    attrs=simple_attrs,
)

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _strip_attrs(ds: la.Dataset) -> la.Dataset:
    """The strategies give variables NumPy attrs only at the Dataset level; keep it simple."""
    for var in ds._variables.values():
        var.attrs = {}
    return ds


@SETTINGS
@given(ds=datasets, fmt=st.sampled_from([2, 3]))
def test_round_trip_numpy(ds: la.Dataset, fmt: int) -> None:
    ds = _strip_attrs(ds)
    store = zarr.storage.MemoryStore()
    to_zarr(ds, store, zarr_format=fmt)
    assert_identical(open_zarr(store).compute(), ds)


@SETTINGS
@given(ds=datasets, fmt=st.sampled_from([2, 3]), chunk=st.integers(1, 3))
def test_round_trip_dask_chunks(ds: la.Dataset, fmt: int, chunk: int) -> None:
    ds = _strip_attrs(ds)
    chunked = ds.chunk(dict.fromkeys(ds.dims, chunk))
    store = zarr.storage.MemoryStore()
    to_zarr(chunked, store, zarr_format=fmt)
    out = open_zarr(store)
    assert_identical(out.compute(), ds)
    for name, var in out.data_vars.items():
        expected = tuple(chunked[name].chunks or ())
        assert tuple(var.chunks or ()) == expected


@SETTINGS
@given(ds=datasets, split=st.integers(1, 3), fmt=st.sampled_from([2, 3]))
def test_append_in_pieces_equals_writing_once(ds: la.Dataset, split: int, fmt: int) -> None:
    ds = _strip_attrs(ds)
    assume(len(ds.dims) > 0)
    dim = next(iter(ds.dims))
    # dates of the later pieces may need finer units than the first piece's: fix them up front
    for var in ds._variables.values():
        if var.dtype.kind == "M":
            var.encoding = {"units": "nanoseconds since 1970-01-01"}
    n = ds.sizes[dim]
    edges = sorted({0, n, *np.linspace(0, n, split + 1).astype(int).tolist()})
    store = zarr.storage.MemoryStore()
    first, *rest = [ds.isel({dim: slice(a, b)}) for a, b in itertools.pairwise(edges)]
    to_zarr(first, store, zarr_format=fmt)
    for piece in rest:
        to_zarr(piece, store, append_dim=dim)
    out = open_zarr(store).compute()
    # variables without the appended dimension are rewritten by every piece: same values
    assert_identical(out, ds)
