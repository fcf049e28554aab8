"""Grouped operations: groupers, GroupBy and Resample objects, grouped reductions (NumPy and Dask)."""
