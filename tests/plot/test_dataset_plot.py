from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import PathCollection

import labarray as xr


@pytest.fixture
def ds() -> xr.Dataset:
    return xr.Dataset(
        {
            "temp": (("site", "time"), np.arange(6.0).reshape(2, 3), {"units": "K"}),
            "rh": (("site", "time"), np.arange(6.0, 12.0).reshape(2, 3), {"long_name": "relative humidity"}),
            "elev": ("site", [100.0, 200.0], {"units": "m"}),
        },
        coords={"site": ["a", "b"], "time": [1, 2, 3], "run": 7},
    )


def test_scatter_points_labels_title(ds: xr.Dataset) -> None:
    points = ds.plot.scatter(x="temp", y="rh")
    assert isinstance(points, PathCollection)
    np.testing.assert_allclose(points.get_offsets(), np.column_stack([np.arange(6.0), np.arange(6.0, 12.0)]))
    ax = points.axes
    assert ax.get_xlabel() == "temp [K]"
    assert ax.get_ylabel() == "relative humidity"
    assert ax.get_title() == "run = 7"


def test_scatter_broadcasts_and_numeric_hue_colorbar(ds: xr.Dataset) -> None:
    points = ds.plot.scatter(x="elev", y="temp", hue="time", cmap="viridis")
    np.testing.assert_allclose(points.get_offsets()[:, 0], [100, 100, 100, 200, 200, 200])
    np.testing.assert_allclose(points.get_array(), [1, 2, 3, 1, 2, 3])
    colorbar = points.colorbar
    assert colorbar is not None and colorbar.ax.get_ylabel() == "time"


def test_scatter_categorical_hue_legend(ds: xr.Dataset) -> None:
    points = ds.plot.scatter(x="temp", y="rh", hue="site", ax=plt.figure().gca(), s=5)
    legend = points.axes.get_legend()
    assert legend.get_title().get_text() == "site"
    assert [t.get_text() for t in legend.get_texts()] == ["a", "b"]
    colors = points.get_facecolors()
    assert (colors[0] == colors[2]).all() and not (colors[0] == colors[3]).all()


def test_scatter_bad_input(ds: xr.Dataset) -> None:
    with pytest.raises(ValueError, match=r"x='tmp' is not a variable, coordinate or dimension.*did you mean 'temp'"):
        ds.plot.scatter(x="tmp", y="rh")
    with pytest.raises(ValueError, match="scatter needs y=, one of: temp, rh, elev"):
        ds.plot.scatter(x="temp")
    with pytest.raises(ValueError, match=r"hue='rn'.*did you mean 'run'"):
        ds.plot.scatter(x="temp", y="rh", hue="rn")
    with pytest.raises(ValueError, match="hue='time' is numeric: it gets a colorbar, not a legend"):
        ds.plot.scatter(x="temp", y="rh", hue="time", add_legend=True)
    with pytest.raises(ValueError, match="hue='site' is not numeric: it gets a legend, not a colorbar"):
        ds.plot.scatter(x="temp", y="rh", hue="site", add_colorbar=True)
    with pytest.raises(ValueError, match="add_colorbar/cbar_kwargs need a numeric hue="):
        ds.plot.scatter(x="temp", y="rh", add_colorbar=True)
    with pytest.raises(ValueError, match="a Dataset has no default plot"):
        ds.plot()
