"""labarray: labeled N-dimensional arrays on NumPy and Dask, with numba-compiled kernels.

>>> import labarray as la
>>> da = la.DataArray([1.0, 2.0, 3.0], coords={"x": [10, 20, 30]}, dims="x")
>>> float(da.sel(x=20))
2.0
"""

from __future__ import annotations

from labarray.coding import decode_cf, encode_cf
from labarray.common import full_like, ones_like, zeros_like
from labarray.coordinates import Coordinates
from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.indexes import Index, PandasIndex, PandasMultiIndex
from labarray.options import get_options, set_options
from labarray.structure.align import align, broadcast
from labarray.structure.combine import combine_by_coords, combine_nested
from labarray.structure.concat import concat
from labarray.structure.merge import MergeError, merge, register_dataset_type
from labarray.variable import Variable

__version__ = "0.1.0.dev0"

register_dataset_type(Dataset)  # merge/concat build Datasets from plain dicts

__all__ = [
    "Coordinates",
    "DataArray",
    "Dataset",
    "Index",
    "MergeError",
    "PandasIndex",
    "PandasMultiIndex",
    "Variable",
    "__version__",
    "align",
    "broadcast",
    "combine_by_coords",
    "combine_nested",
    "concat",
    "decode_cf",
    "encode_cf",
    "full_like",
    "get_options",
    "merge",
    "ones_like",
    "set_options",
    "zeros_like",
]
