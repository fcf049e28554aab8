"""The ``plot`` attribute of DataArray and Dataset (the plots live in :mod:`labarray.plot`)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from labarray.plot.accessor import DataArrayPlotAccessor, DatasetPlotAccessor

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS", "PlotAttribute"]

_A = TypeVar("_A")


class PlotAttribute(Generic[_A]):
    """Descriptor giving ``obj.plot`` a fresh accessor bound to ``obj``.

    On the class itself (``DataArray.plot``) it gives the accessor class, so that
    ``help(xr.DataArray.plot.line)`` and documentation tools find the methods.

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray.plot.__name__
    'DataArrayPlotAccessor'
    >>> type(xr.DataArray([1.0, 2.0], dims="x").plot).__name__
    'DataArrayPlotAccessor'
    >>> type(xr.Dataset({"a": ("x", [1.0])}).plot).__name__
    'DatasetPlotAccessor'
    """

    def __init__(self, accessor: type[_A]) -> None:
        self._accessor = accessor
        self.__doc__ = accessor.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> type[_A]: ...

    @overload
    def __get__(self, obj: object, owner: type | None = None) -> _A: ...

    def __get__(self, obj: object | None, owner: type | None = None) -> type[_A] | _A:
        if obj is None:
            return self._accessor
        return self._accessor(obj)  # type: ignore[call-arg]


DATAARRAY_METHODS: dict[str, Any] = {"plot": PlotAttribute(DataArrayPlotAccessor)}
DATASET_METHODS: dict[str, Any] = {"plot": PlotAttribute(DatasetPlotAccessor)}
