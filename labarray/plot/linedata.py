"""What to draw in a line plot: the x values, the y values and the hue (one line per hue value)."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from labarray.plot.utils import check_plot_name, infer_xy_labels, label_from_attrs
from labarray.utils.suggest import format_names

__all__ = ["infer_line_data"]


def infer_line_data(
    darray: Any, x: Hashable | None, y: Hashable | None, hue: Hashable | None
) -> tuple[Any, Any, Any, str]:
    """Return ``(xplt, yplt, hueplt, hue_label)`` for a 1-D or 2-D DataArray.

    In 1-D, the data go on y against the dimension (or ``x=`` coordinate), or on x when ``y=``
    names the coordinate. In 2-D, one of ``x``, ``y`` or ``hue`` must be given; the other
    dimension becomes the hue and the arrays are transposed to ``(axis dim, hue dim)``, which is
    the layout ``Axes.plot`` draws as one line per column.

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> da = xr.DataArray(np.zeros((3, 2)), dims=("time", "site"), coords={"site": ["a", "b"]})
    >>> xplt, yplt, hueplt, label = infer_line_data(da, None, None, "site")
    >>> xplt.dims, yplt.dims, label
    (('time',), ('time', 'site'), 'site')
    """
    if x is not None and y is not None:
        raise ValueError(f"give x or y for a line plot, not both (got x={x!r}, y={y!r})")
    if x is not None:
        check_plot_name(darray, x, "x")
    if y is not None:
        check_plot_name(darray, y, "y")
    if hue is not None:
        check_plot_name(darray, hue, "hue")
    if darray.ndim == 1:
        if x is not None:
            return darray[x], darray, None, ""
        if y is not None:
            return darray, darray[y], None, ""
        return darray[darray.dims[0]], darray, None, ""
    if x is None and y is None and hue is None:
        raise ValueError(
            f"a line plot of 2-D data needs hue=, x= or y= to know which dimension makes the lines; "
            f"dimensions: {format_names(darray.dims)}"
        )
    axis_name = y if y is not None else x
    axis_name, huename = infer_xy_labels(darray, axis_name, hue)
    axis_values = darray[axis_name]
    if axis_values.ndim > 1:
        if huename not in darray.dims:
            raise ValueError(
                f"with the 2-D coordinate {axis_name!r} on the axis, hue must be a dimension; "
                f"got hue={huename!r}, dimensions: {format_names(darray.dims)}"
            )
        other = darray.dims[1] if darray.dims[0] == huename else darray.dims[0]
        data = darray.transpose(other, huename, transpose_coords=False)
        axis_values = axis_values.transpose(other, huename, transpose_coords=False)
    else:
        (axis_dim,) = axis_values.dims
        (hue_dim,) = darray[huename].dims
        if axis_dim == hue_dim:
            raise ValueError(
                f"{axis_name!r} and hue={huename!r} lie along the same dimension {axis_dim!r}; "
                "choose coordinates of different dimensions"
            )
        data = darray.transpose(axis_dim, hue_dim)
    hueplt = darray[huename]
    label = label_from_attrs(hueplt)
    if y is not None:
        return data, axis_values, hueplt, label
    return axis_values, data, hueplt, label
