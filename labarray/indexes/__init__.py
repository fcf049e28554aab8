"""Index objects: how coordinate labels map to positions.

``PandasIndex`` (one 1-D coordinate), ``PandasMultiIndex`` (one dimension, one coordinate per
level), the ``Indexes`` mapping the façade exposes as ``.xindexes``, and the helpers that keep
indexes consistent through ``isel``, ``roll``, ``drop`` and alignment.
"""

from __future__ import annotations

from labarray.indexes.base import Index, IndexSelResult, safe_cast_to_index
from labarray.indexes.indexes import (
    Indexes,
    assert_no_index_corrupted,
    create_default_index_implicit,
    default_indexes,
    filter_indexes_from_coords,
    indexes_all_equal,
    indexes_equal,
    isel_indexes,
    roll_indexes,
)
from labarray.indexes.multi_index import PandasMultiIndex
from labarray.indexes.pandas_index import PandasIndex
from labarray.indexes.selection import map_index_queries, merge_sel_results

__all__ = [
    "Index",
    "IndexSelResult",
    "Indexes",
    "PandasIndex",
    "PandasMultiIndex",
    "assert_no_index_corrupted",
    "create_default_index_implicit",
    "default_indexes",
    "filter_indexes_from_coords",
    "indexes_all_equal",
    "indexes_equal",
    "isel_indexes",
    "map_index_queries",
    "merge_sel_results",
    "roll_indexes",
    "safe_cast_to_index",
]
