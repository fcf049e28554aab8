"""Text and HTML reprs of labarray objects, and the difference messages of ``labarray.testing``.

The façade only delegates: ``DataArray.__repr__`` calls :func:`array_repr`,
``DataArray._repr_html_`` calls :func:`array_repr_html`, and so on.
"""

from __future__ import annotations

from labarray.formatting.html import array_repr_html, dataset_repr_html, variable_repr_html
from labarray.formatting.text import (
    array_repr,
    attrs_repr,
    coords_repr,
    data_vars_repr,
    dataset_repr,
    diff_array_repr,
    diff_dataset_repr,
    diff_variable_repr,
    dim_summary,
    format_array_flat,
    format_item,
    format_items,
    indexes_repr,
    inline_variable_array_repr,
    render_nbytes,
    short_data_repr,
    summarize_variable,
    variable_repr,
)

__all__ = [
    "array_repr",
    "array_repr_html",
    "attrs_repr",
    "coords_repr",
    "data_vars_repr",
    "dataset_repr",
    "dataset_repr_html",
    "diff_array_repr",
    "diff_dataset_repr",
    "diff_variable_repr",
    "dim_summary",
    "format_array_flat",
    "format_item",
    "format_items",
    "indexes_repr",
    "inline_variable_array_repr",
    "render_nbytes",
    "short_data_repr",
    "summarize_variable",
    "variable_repr",
    "variable_repr_html",
]
