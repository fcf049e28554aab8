"""labarray.variable: the :class:`Variable` and the machinery of positional indexing.

>>> from labarray.variable import Variable
>>> Variable("x", [1, 2, 3]).isel(x=slice(1, None)).values
array([2, 3])
"""

from labarray.variable.combine import (
    broadcast_to_shared_dims,
    broadcast_variables,
    calculate_dimensions,
    concat_variables,
)
from labarray.variable.compat_data import as_compatible_data
from labarray.variable.variable import Variable, as_variable

__all__ = [
    "Variable",
    "as_compatible_data",
    "as_variable",
    "broadcast_to_shared_dims",
    "broadcast_variables",
    "calculate_dimensions",
    "concat_variables",
]
