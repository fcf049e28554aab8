"""labarray: labeled N-dimensional arrays on NumPy and Dask, with numba-compiled kernels.

>>> import labarray as la
>>> da = la.DataArray([1.0, 2.0, 3.0], coords={"x": [10, 20, 30]}, dims="x")
>>> float(da.sel(x=20))
2.0
"""

from __future__ import annotations

from labarray import backends, coders, groupers
from labarray.accessors.registry import (
    register_accessor_targets,
    register_dataarray_accessor,
    register_dataset_accessor,
)
from labarray.coding import decode_cf, encode_cf
from labarray.common import full_like, ones_like, zeros_like
from labarray.compute.apply_ufunc import apply_ufunc
from labarray.compute.calendar_ops import date_range, date_range_like, infer_freq
from labarray.compute.cftime_range import cftime_range
from labarray.compute.map_blocks import map_blocks, unify_chunks
from labarray.coordinates import Coordinates, CoordinateValidationError
from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.indexes import Index, PandasIndex, PandasMultiIndex
from labarray.indexes.cftime_index import CFTimeIndex
from labarray.io.api import load_dataarray, load_dataset, open_dataarray, open_dataset
from labarray.io.multifile import open_mfdataset, save_mfdataset
from labarray.io.zarr_api import open_zarr
from labarray.methods import attach_methods
from labarray.methods.numerics import corr, cov, cross, polyval
from labarray.methods.reshaping import dot, where
from labarray.options import get_options, set_options
from labarray.structure.align import align, broadcast
from labarray.structure.aligner import AlignmentError
from labarray.structure.combine import combine_by_coords, combine_nested
from labarray.structure.concat import concat
from labarray.structure.merge import MergeError, merge, register_dataset_type
from labarray.utils.show_versions import show_versions
from labarray.utils.xarray_names import ALL_DIMS, SerializationWarning
from labarray.variable import Variable, as_variable
from labarray.variable.index_variable import IndexVariable

__version__ = "0.1.0.dev0"

register_dataset_type(Dataset)  # merge/concat build Datasets from plain dicts
register_accessor_targets(dataarray=DataArray, dataset=Dataset)  # register_*_accessor
attach_methods(DataArray, Dataset)  # topic methods: groupby, rolling, to_netcdf, ...

__all__ = [
    "ALL_DIMS",
    "AlignmentError",
    "CFTimeIndex",
    "CoordinateValidationError",
    "Coordinates",
    "DataArray",
    "Dataset",
    "Index",
    "IndexVariable",
    "MergeError",
    "PandasIndex",
    "PandasMultiIndex",
    "SerializationWarning",
    "Variable",
    "__version__",
    "align",
    "backends",
    "apply_ufunc",
    "as_variable",
    "broadcast",
    "cftime_range",
    "coders",
    "combine_by_coords",
    "combine_nested",
    "concat",
    "corr",
    "cov",
    "cross",
    "date_range",
    "date_range_like",
    "decode_cf",
    "dot",
    "encode_cf",
    "full_like",
    "get_options",
    "groupers",
    "infer_freq",
    "load_dataarray",
    "load_dataset",
    "map_blocks",
    "merge",
    "register_dataarray_accessor",
    "register_dataset_accessor",
    "save_mfdataset",
    "ones_like",
    "open_dataarray",
    "open_dataset",
    "open_mfdataset",
    "open_zarr",
    "polyval",
    "set_options",
    "show_versions",
    "testing",
    "unify_chunks",
    "where",
    "zeros_like",
]


def __getattr__(name: str) -> object:
    """Import ``labarray.testing`` on first use (``import labarray`` stays fast)."""
    if name == "testing":
        import importlib

        return importlib.import_module("labarray.testing")
    from labarray.utils.suggest import did_you_mean

    hint = did_you_mean(name, [*__all__, "testing"]) if not name.startswith("__") else ""
    raise AttributeError(f"module 'labarray' has no attribute {name!r}" + (f"; {hint}" if hint else ""))


def __dir__() -> list[str]:
    return sorted({*globals(), "testing"})
