from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import labarray as xr
from labarray.plot import FacetGrid


@pytest.fixture
def cube() -> xr.DataArray:
    rng = np.random.default_rng(1)
    return xr.DataArray(
        rng.normal(size=(3, 2, 4, 5)),
        dims=("time", "lev", "lat", "lon"),
        coords={
            "time": np.array(["2000-01-01", "2000-01-02", "2000-01-03"], dtype="datetime64[ns]"),
            "lev": [850, 500],
            "lat": np.arange(4.0),
            "lon": np.arange(5.0),
        },
        name="ua",
        attrs={"units": "m s-1"},
    )


def test_col_wrap_grid_titles_and_shared_colorbar(cube: xr.DataArray) -> None:
    grid = cube.isel(lev=0).plot.pcolormesh(col="time", col_wrap=2)
    assert isinstance(grid, FacetGrid)
    assert grid.axs.shape == (2, 2)
    assert grid.fig is grid.axs[0, 0].figure
    titles = [ax.get_title() for ax in grid.axs.flat]
    assert titles == ["time = 2000-01-01", "time = 2000-01-02", "time = 2000-01-03", ""]
    assert not grid.axs[1, 1].get_visible()
    assert grid.name_dicts[1, 1] is None
    assert grid.cbar is not None and grid.cbar.ax.get_ylabel() == "ua [m s-1]"
    # one colour scale for all facets: symmetric about 0 over the whole data
    norms = {(m.norm.vmin, m.norm.vmax) for m in grid._mappables}
    assert len(norms) == 1
    vmin, vmax = norms.pop()
    np.testing.assert_allclose(-vmin, vmax)
    np.testing.assert_allclose(vmax, np.abs(cube.isel(lev=0).values).max())
    assert grid._mappables[0].get_cmap().name == "RdBu_r"
    # axis labels only on the outer facets
    assert grid.axs[1, 0].get_xlabel() == "lon" and grid.axs[0, 1].get_xlabel() == "lon"
    assert grid.axs[0, 0].get_ylabel() == "lat" and grid.axs[0, 1].get_ylabel() == ""
    np.testing.assert_allclose(grid._mappables[2].get_array().reshape(4, 5), cube.isel(lev=0, time=2).values)


def test_row_and_col_margin_titles(cube: xr.DataArray) -> None:
    grid = cube.plot.contourf(row="lev", col="time", levels=4)
    assert grid.axs.shape == (2, 3)
    assert [ax.get_title() for ax in grid.axs[0]] == ["time = 2000-01-01", "time = 2000-01-02", "time = 2000-01-03"]
    annotations = [t.get_text() for t in grid.axs[1, -1].texts]
    assert annotations == ["lev = 500"]
    assert grid.name_dicts[1, 2] == {"lev": 500, "time": np.datetime64("2000-01-03")}


def test_facet_line_with_hue_and_figure_legend(cube: xr.DataArray) -> None:
    grid = cube.isel(lat=0, lon=slice(0, 3)).plot.line(col="time", x="lon", hue="lev")
    assert grid.axs.shape == (1, 3)
    assert grid.figlegend.get_title().get_text() == "lev"
    assert [t.get_text() for t in grid.figlegend.get_texts()] == ["850", "500"]
    assert all(len(lines) == 2 for lines in grid._mappables)
    assert grid.axs[0, 0].get_ylabel() == "ua [m s-1]"
    assert grid.axs[0, 0].get_legend() is None
    single = cube.isel(lat=0, lev=0).plot.line(row="time")
    assert single.axs.shape == (3, 1) and single.figlegend is None


def test_facet_bad_input(cube: xr.DataArray) -> None:
    data = cube.isel(lev=0)
    with pytest.raises(ValueError, match=r"col='tim' is not a dimension of DataArray 'ua'.*did you mean 'time'"):
        data.plot.pcolormesh(col="tim")
    with pytest.raises(ValueError, match="col_wrap cannot be used together with row="):
        cube.plot.pcolormesh(col="time", row="lev", col_wrap=2)
    with pytest.raises(ValueError, match="col_wrap must be a positive integer, got 0"):
        data.plot.pcolormesh(col="time", col_wrap=0)
    with pytest.raises(ValueError, match="row and col must be different dimensions, got both 'time'"):
        FacetGrid(data, col="time", row="time")
    with pytest.raises(ValueError, match="a FacetGrid needs col= or row="):
        FacetGrid(data)
    with pytest.raises(ValueError, match="ax cannot be used with row= or col="):
        data.plot.pcolormesh(col="time", ax=plt.gca())
    with pytest.raises(ValueError, match=r"hue='levv'.*did you mean 'lev'"):
        cube.isel(lat=0).plot.line(col="time", hue="levv")
    with pytest.raises(ValueError, match="nothing is drawn yet"):
        FacetGrid(data, col="time").add_colorbar()


def test_facet_options(cube: xr.DataArray) -> None:
    data = cube.isel(lev=0)
    grid = data.plot.pcolormesh(col="time", add_colorbar=False, vmin=0, vmax=1, cmap="magma")
    assert grid.cbar is None
    assert {m.get_cmap().name for m in grid._mappables} == {"magma"}
    grid.set_xlim(0, 2)
    assert grid.axs[0, 2].get_xlim() == (0, 2)
    contours = data.plot.contour(col="time")
    assert contours.cbar is None
    labelled = data.plot.pcolormesh(col="time", cbar_kwargs={"label": "wind"}, size=2, aspect=1.5)
    assert labelled.cbar.ax.get_ylabel() == "wind"
    np.testing.assert_allclose(labelled.fig.get_size_inches(), (3 * 2 * 1.5 + 1, 2))
    with pytest.raises(ValueError, match="cbar_kwargs need add_colorbar=True"):
        data.plot.pcolormesh(col="time", add_colorbar=False, cbar_kwargs={"label": "x"})


def test_set_titles_template_and_labels(cube: xr.DataArray) -> None:
    grid = cube.isel(time=0).plot.pcolormesh(col="lev")
    grid.set_titles(template="{coord}: {value} hPa", maxchar=10)
    assert [ax.get_title() for ax in grid.axs.flat] == ["lev: 85...", "lev: 50..."]
    grid.set_axis_labels("longitude", "latitude")
    assert grid.axs[0, 0].get_xlabel() == "longitude" and grid.axs[0, 0].get_ylabel() == "latitude"
    assert grid.axs[0, 1].get_ylabel() == ""
    grid.set_ylim(0, 1)
    assert grid.axs[0, 1].get_ylim() == (0, 1)
    named = xr.DataArray(np.zeros((2, 2, 2)), dims=("site", "y", "x"), coords={"site": ["north", "south"]})
    assert [ax.get_title() for ax in named.plot(col="site").axs.flat] == ["site = north", "site = south"]
