"""The ``.plot`` accessors of DataArray and Dataset: ``da.plot()``, ``da.plot.line(...)``, ...

Creating an accessor imports nothing heavy; matplotlib is imported when a plot is drawn.
"""

from __future__ import annotations

import functools
from typing import Any

from labarray.plot import dataarray_plot, dataset_plot

__all__ = ["DataArrayPlotAccessor", "DatasetPlotAccessor"]


class DataArrayPlotAccessor:
    """Plotting methods of a DataArray: call it for the default plot, or pick one.

    ``da.plot()`` draws a line (1-D), a pcolormesh (2-D) or a histogram (otherwise).

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> da = xr.DataArray(np.arange(6.0).reshape(2, 3), dims=("y", "x"))
    >>> type(da.plot()).__name__
    'QuadMesh'
    """

    __slots__ = ("_da",)

    def __init__(self, darray: Any) -> None:
        self._da = darray

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of DataArray {self._da.name!r}>"

    @functools.wraps(dataarray_plot.plot)
    def __call__(self, **kwargs: Any) -> Any:
        return dataarray_plot.plot(self._da, **kwargs)

    @functools.wraps(dataarray_plot.line)
    def line(self, *args: Any, **kwargs: Any) -> Any:
        return dataarray_plot.line(self._da, *args, **kwargs)

    @functools.wraps(dataarray_plot.step)
    def step(self, *args: Any, **kwargs: Any) -> Any:
        return dataarray_plot.step(self._da, *args, **kwargs)

    @functools.wraps(dataarray_plot.hist)
    def hist(self, *args: Any, **kwargs: Any) -> Any:
        return dataarray_plot.hist(self._da, *args, **kwargs)

    @functools.wraps(dataarray_plot.pcolormesh)
    def pcolormesh(self, *args: Any, **kwargs: Any) -> Any:
        return dataarray_plot.pcolormesh(self._da, *args, **kwargs)

    @functools.wraps(dataarray_plot.contourf)
    def contourf(self, *args: Any, **kwargs: Any) -> Any:
        return dataarray_plot.contourf(self._da, *args, **kwargs)

    @functools.wraps(dataarray_plot.contour)
    def contour(self, *args: Any, **kwargs: Any) -> Any:
        return dataarray_plot.contour(self._da, *args, **kwargs)

    @functools.wraps(dataarray_plot.imshow)
    def imshow(self, *args: Any, **kwargs: Any) -> Any:
        return dataarray_plot.imshow(self._da, *args, **kwargs)


class DatasetPlotAccessor:
    """Plotting methods of a Dataset: ``ds.plot.scatter(x=..., y=..., hue=...)``.

    Examples
    --------
    >>> import labarray as xr
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ds = xr.Dataset({"a": ("t", [1.0, 2.0]), "b": ("t", [3.0, 1.0])})
    >>> type(ds.plot.scatter(x="a", y="b")).__name__
    'PathCollection'
    """

    __slots__ = ("_ds",)

    def __init__(self, dataset: Any) -> None:
        self._ds = dataset

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError(
            "a Dataset has no default plot; use ds.plot.scatter(x=..., y=...) or plot one "
            "variable: ds['name'].plot()"
        )

    @functools.wraps(dataset_plot.scatter)
    def scatter(self, *args: Any, **kwargs: Any) -> Any:
        return dataset_plot.scatter(self._ds, *args, **kwargs)
