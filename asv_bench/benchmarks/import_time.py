"""Import time of the package under test (asv ``timeraw_``: measured in a fresh interpreter)."""

from __future__ import annotations

from . import current_module


class ImportTime:
    """``import labarray`` must stay fast: no Dask, no numba compilation at import."""

    # A fresh interpreter per sample; the import dominates, so a few samples are enough.
    repeat = (3, 10, 20.0)

    def timeraw_import(self) -> str:
        return f"import {current_module().__name__}"
