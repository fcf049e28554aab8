"""Chunked-array adapter (Dask today; the registry lets other chunk managers plug in later)."""
