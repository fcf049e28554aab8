from __future__ import annotations

import pytest

import labarray as xr
from labarray.plot import DataArrayPlotAccessor, DatasetPlotAccessor


def test_plot_attribute_binds_accessors() -> None:
    da = xr.DataArray([1.0, 2.0], dims="x", name="a")
    assert isinstance(da.plot, DataArrayPlotAccessor)
    assert da.plot is not da.plot  # a fresh accessor each time, never a stale one
    assert xr.DataArray.plot is DataArrayPlotAccessor
    assert xr.Dataset.plot is DatasetPlotAccessor
    assert isinstance(da.to_dataset().plot, DatasetPlotAccessor)
    assert repr(da.to_dataset().plot) == "<DatasetPlotAccessor>"


def test_plot_attribute_is_read_only() -> None:
    da = xr.DataArray([1.0], dims="x")
    with pytest.raises(AttributeError, match="cannot set attribute 'plot'"):
        da.plot = None  # type: ignore[assignment,misc]
