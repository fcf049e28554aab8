"""Plotting with matplotlib: ``da.plot()``, ``da.plot.line/pcolormesh/contourf/contour/imshow/hist``,
faceting with ``col=``/``row=`` (:class:`FacetGrid`) and ``ds.plot.scatter``.

matplotlib is an optional dependency, imported only when a plot is drawn.
"""

from __future__ import annotations

from labarray.plot.accessor import DataArrayPlotAccessor, DatasetPlotAccessor
from labarray.plot.dataarray_plot import (
    contour,
    contourf,
    hist,
    imshow,
    line,
    pcolormesh,
    plot,
    step,
)
from labarray.plot.dataset_plot import scatter
from labarray.plot.facetgrid import FacetGrid

__all__ = [
    "DataArrayPlotAccessor",
    "DatasetPlotAccessor",
    "FacetGrid",
    "contour",
    "contourf",
    "hist",
    "imshow",
    "line",
    "pcolormesh",
    "plot",
    "scatter",
    "step",
]
