"""A scheduler guard that proves lazy code stays lazy.

>>> import labarray as la
>>> from labarray.testing import raise_if_dask_computes
>>> da = la.DataArray([1.0, 2.0], dims="x").chunk()
>>> with raise_if_dask_computes():
...     lazy = (da + 1).isel(x=0)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["CountingScheduler", "raise_if_dask_computes"]


class CountingScheduler:
    """A Dask scheduler that counts how often it is asked to compute and fails past a maximum."""

    def __init__(self, max_computes: int = 0):
        self.total_computes = 0
        self.max_computes = max_computes

    def __call__(self, dsk: Any, keys: Any, **kwargs: Any) -> Any:
        import dask

        self.total_computes += 1
        if self.total_computes > self.max_computes:
            raise RuntimeError(
                f"too many Dask computations: {self.total_computes} (allowed: {self.max_computes}); "
                "something computed that should have stayed lazy"
            )
        return dask.get(dsk, keys, **kwargs)


@contextmanager
def raise_if_dask_computes(max_computes: int = 0) -> Iterator[CountingScheduler]:
    """Fail with ``RuntimeError`` if Dask computes more than ``max_computes`` times in the block."""
    import dask

    scheduler = CountingScheduler(max_computes)
    with dask.config.set(scheduler=scheduler):
        yield scheduler
