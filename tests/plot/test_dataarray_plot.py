from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import QuadMesh
from matplotlib.contour import QuadContourSet
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D

import labarray as xr
from labarray.plot import FacetGrid


@pytest.fixture
def air() -> xr.DataArray:
    rng = np.random.default_rng(0)
    return xr.DataArray(
        rng.uniform(250.0, 300.0, (3, 4)),
        dims=("lat", "lon"),
        coords={
            "lat": xr.DataArray([10.0, 20.0, 30.0], dims="lat", attrs={"units": "degrees_north"}),
            "lon": [0.0, 10.0, 20.0, 30.0],
            "time": np.datetime64("2000-01-01"),
        },
        name="air",
        attrs={"long_name": "air temperature", "units": "K"},
    )


def test_plot_dispatch_by_dimensions(air: xr.DataArray) -> None:
    assert isinstance(air.plot(), QuadMesh)
    lines = air.isel(lat=0).plot()
    assert isinstance(lines, list) and isinstance(lines[0], Line2D)
    n, _, _ = air.expand_dims(z=[0, 1]).plot()
    assert n.sum() == 24
    # size-1 dimensions are squeezed before dispatch: (1, 4) is a line
    assert isinstance(air.isel(lat=[0]).plot()[0], Line2D)
    # hue turns 2-D data into lines
    assert len(air.plot(hue="lat")) == 3


def test_plot_dispatch_bad_input(air: xr.DataArray) -> None:
    with pytest.raises(TypeError, match="no numeric data to plot"):
        air.isel(lat=0, lon=0).plot()
    with pytest.raises(ValueError, match=r"hue='lt' is not a dimension or coordinate.*did you mean 'lat'"):
        air.plot(hue="lt")
    with pytest.raises(ValueError, match=r"col='lonn' is not a dimension.*did you mean 'lon'"):
        air.plot(col="lonn")
    with pytest.raises(ValueError, match=r"need 1-D or 2-D data per facet.*3 dimensions remain: z, lat, lon"):
        air.expand_dims(z=[0, 1], w=[0, 1]).plot(col="w")


def test_line_1d_labels_title_and_data(air: xr.DataArray) -> None:
    row = air.isel(lat=1)
    (line,) = row.plot.line()
    ax = line.axes
    np.testing.assert_array_equal(line.get_xdata(), [0.0, 10.0, 20.0, 30.0])
    np.testing.assert_array_equal(line.get_ydata(), row.values)
    assert ax.get_xlabel() == "lon"
    assert ax.get_ylabel() == "air temperature [K]"
    assert ax.get_title() == "lat = 20.0 [degrees_north], time = 2000-01-01"
    assert ax.get_legend() is None


def test_line_y_puts_data_on_x(air: xr.DataArray) -> None:
    col = air.isel(lon=0)
    (line,) = col.plot.line(y="lat", color="red")
    np.testing.assert_array_equal(line.get_xdata(), col.values)
    np.testing.assert_array_equal(line.get_ydata(), [10.0, 20.0, 30.0])
    assert line.get_color() == "red"
    assert line.axes.get_ylabel() == "lat [degrees_north]"


def test_line_2d_hue_legend_and_axes_settings(air: xr.DataArray) -> None:
    lines = air.plot.line(hue="lat", xincrease=False, yscale="log", xlim=(30, 0), ylim=(200, 320))
    assert len(lines) == 3
    ax = lines[0].axes
    legend = ax.get_legend()
    assert legend.get_title().get_text() == "lat [degrees_north]"
    assert [t.get_text() for t in legend.get_texts()] == ["10.0", "20.0", "30.0"]
    np.testing.assert_array_equal(lines[2].get_ydata(), air.values[2])
    assert ax.xaxis_inverted()
    assert ax.get_yscale() == "log"
    assert ax.get_ylim() == (200, 320)
    no_legend = air.plot.line(x="lon", add_legend=False, ax=plt.figure().gca())
    assert no_legend[0].axes.get_legend() is None


def test_line_x_chooses_hue(air: xr.DataArray) -> None:
    lines = air.plot.line(x="lat")
    assert len(lines) == 4
    np.testing.assert_array_equal(lines[0].get_xdata(), [10.0, 20.0, 30.0])
    assert lines[0].axes.get_legend().get_title().get_text() == "lon"


def test_line_bad_input(air: xr.DataArray) -> None:
    with pytest.raises(ValueError, match="needs hue=, x= or y="):
        air.plot.line()
    with pytest.raises(ValueError, match="give x or y for a line plot, not both"):
        air.plot.line(x="lat", y="lon")
    with pytest.raises(ValueError, match=r"x='latt' is not a dimension or coordinate.*did you mean 'lat'"):
        air.plot.line(x="latt")
    with pytest.raises(ValueError, match=r"line plots need 1-D or 2-D data, got 3 dimensions \(z, lat, lon\)"):
        air.expand_dims(z=[0, 1]).plot.line(hue="z")
    with pytest.raises(TypeError, match=r"no numeric data to plot: the DataArray has shape \(0,\)"):
        air.isel(lat=0, lon=slice(0, 0)).plot.line()
    with pytest.raises(ValueError, match="ax cannot be used with row= or col="):
        air.plot.line(col="lat", ax=plt.gca())


def test_line_datetime_axis_uses_concise_dates() -> None:
    times = np.array(["2000-01-01", "2000-01-02", "2000-01-03"], dtype="datetime64[ns]")
    da = xr.DataArray([1.0, 2.0, 3.0], dims="time", coords={"time": times})
    (line,) = da.plot()
    assert isinstance(line.axes.xaxis.get_major_formatter(), mpl.dates.ConciseDateFormatter)
    assert np.asarray(line.get_xdata()).dtype.kind == "M"


def test_line_cftime_axis() -> None:
    cftime = pytest.importorskip("cftime")
    times = np.array([cftime.Datetime360Day(2000, 2, d) for d in (29, 30)])
    da = xr.DataArray([1.0, 2.0], dims="time", coords={"time": times})
    (line,) = da.plot()
    try:
        import nc_time_axis  # noqa: F401
    except ImportError:
        start = cftime.date2num(times[0], "days since 1970-01-01", calendar="360_day")
        np.testing.assert_allclose(line.get_xdata(), [start, start + 1])
        assert line.axes.xaxis.get_major_formatter()(start + 1) == "2000-02-30"


def test_step_and_hist(air: xr.DataArray) -> None:
    (line,) = air.isel(lat=0).plot.step(where="mid")
    assert line.get_drawstyle() == "steps-mid"
    with pytest.raises(ValueError, match="where must be one of 'pre', 'post', 'mid', got 'top'"):
        air.isel(lat=0).plot.step(where="top")
    data = air.copy()
    data[0, 0] = np.nan
    n, bins, patches = data.plot.hist(bins=4, xlim=(240, 310))
    assert n.sum() == 11 and len(bins) == 5
    ax = patches[0].axes
    assert ax.get_xlabel() == "air temperature [K]"
    assert ax.get_title() == "time = 2000-01-01"
    assert ax.get_xlim() == (240, 310)
    with pytest.raises(TypeError, match="histogram needs numeric or datetime data, got dtype <U1"):
        xr.DataArray(["a", "b"], dims="x").plot.hist()
    with pytest.raises(TypeError, match="no numeric data to plot"):
        xr.DataArray(np.zeros((0, 2)), dims=("a", "b")).plot.hist()


def test_pcolormesh_labels_colorbar_cmap_and_limits(air: xr.DataArray) -> None:
    mesh = air.plot.pcolormesh()
    ax = mesh.axes
    assert ax.get_xlabel() == "lon"
    assert ax.get_ylabel() == "lat [degrees_north]"
    assert ax.get_title() == "time = 2000-01-01"
    assert mesh.colorbar.ax.get_ylabel() == "air temperature [K]"
    assert mesh.get_cmap().name == "viridis"
    assert ax.get_xlim() == (-5.0, 35.0)
    assert ax.get_ylim() == (5.0, 35.0)
    np.testing.assert_allclose(mesh.norm.vmin, air.values.min())
    np.testing.assert_allclose(mesh.get_array().reshape(3, 4), air.values)


def test_pcolormesh_transposes_for_x_y(air: xr.DataArray) -> None:
    mesh = air.plot.pcolormesh(x="lat", y="lon", yincrease=False)
    np.testing.assert_allclose(mesh.get_array().reshape(4, 3), air.values.T)
    assert mesh.axes.get_xlabel() == "lat [degrees_north]"
    assert mesh.axes.yaxis_inverted()


def test_diverging_robust_center_levels(air: xr.DataArray) -> None:
    anomaly = air - air.mean()
    mesh = anomaly.plot()
    assert mesh.get_cmap().name == "RdBu_r"
    assert mesh.norm.vmin == -mesh.norm.vmax
    centred = air.plot(center=280.0, ax=plt.figure().gca())
    assert centred.get_cmap().name == "RdBu_r"
    np.testing.assert_allclose(centred.norm.vmin + centred.norm.vmax, 560.0)
    values = np.arange(100.0).reshape(10, 10)
    robust = xr.DataArray(values, dims=("y", "x")).plot(robust=True, ax=plt.figure().gca())
    np.testing.assert_allclose([robust.norm.vmin, robust.norm.vmax], np.percentile(values, [2, 98]))
    assert robust.colorbar.extend == "both"
    stepped = air.plot(levels=[260, 280, 300], cmap="magma", ax=plt.figure().gca())
    assert stepped.norm.boundaries.tolist() == [260, 280, 300]
    given = anomaly.plot(cmap="plasma", vmin=-1, vmax=1, ax=plt.figure().gca())
    assert given.get_cmap().name == "plasma"


def test_pcolormesh_with_2d_coordinates() -> None:
    lon, lat = np.meshgrid(np.linspace(0, 30, 4), np.linspace(-10, 10, 3))
    da = xr.DataArray(
        np.arange(12.0).reshape(3, 4), dims=("y", "x"),
        coords={"lat": (("y", "x"), lat, {"units": "degrees_north"}), "lon": (("y", "x"), lon)},
    )
    mesh = da.plot.pcolormesh(x="lon", y="lat")
    corners = mesh.get_coordinates()
    assert corners.shape == (4, 5, 2)
    np.testing.assert_allclose(corners[0, 0], [-5.0, -15.0])
    assert mesh.axes.get_ylabel() == "lat [degrees_north]"
    filled = da.plot.contourf(x="lon", y="lat", ax=plt.figure().gca())
    assert isinstance(filled, QuadContourSet)
    with pytest.raises(ValueError, match="imshow needs 1-D coordinates"):
        da.plot.imshow(x="lon", y="lat")


def test_contourf_contour_imshow(air: xr.DataArray) -> None:
    filled = air.plot.contourf(levels=5)
    assert isinstance(filled, QuadContourSet) and filled.filled
    assert filled.colorbar is not None
    lines = air.plot.contour(ax=plt.figure().gca(), colors="k")
    assert not lines.filled and lines.colorbar is None
    image = air.plot.imshow(ax=plt.figure().gca())
    assert isinstance(image, AxesImage)
    assert image.get_extent() == [-5.0, 35.0, 35.0, 5.0]
    assert image.axes.get_ylim() == (5.0, 35.0)  # y increases upwards, unlike plain imshow


def test_2d_bad_input(air: xr.DataArray) -> None:
    cube = air.expand_dims(time2=[0, 1])
    with pytest.raises(ValueError, match=r"pcolormesh needs 2-D data, got 3 dimensions \(time2, lat, lon\)"):
        cube.plot.pcolormesh()
    with pytest.raises(ValueError, match=r"contourf needs 2-D data"):
        cube.plot.contourf(x="lon", y="lat")
    with pytest.raises(ValueError, match=r"x='longitude' is not a dimension or coordinate.*did you mean 'lon'"):
        air.plot.pcolormesh(x="longitude")
    with pytest.raises(ValueError, match="give cmap or colors, not both"):
        air.plot.contourf(cmap="viridis", colors="k")
    with pytest.raises(ValueError, match="colors= needs levels= for pcolormesh"):
        air.plot.pcolormesh(colors="k")
    with pytest.raises(ValueError, match="pass a list of colours as colors="):
        air.plot.pcolormesh(cmap=["r", "g"])
    with pytest.raises(ValueError, match="cbar_ax and cbar_kwargs need add_colorbar=True"):
        air.plot.pcolormesh(add_colorbar=False, cbar_kwargs={"label": "x"})
    with pytest.raises(ValueError, match="infer_intervals is only used by pcolormesh, not contourf"):
        air.plot.contourf(infer_intervals=True)
    with pytest.raises(TypeError, match="pcolormesh needs numeric data, got dtype <U1"):
        xr.DataArray(np.array([["a", "b"], ["c", "d"]]), dims=("y", "x")).plot.pcolormesh()


def test_cbar_kwargs_and_no_labels(air: xr.DataArray) -> None:
    mesh = air.plot(cbar_kwargs={"label": "custom", "orientation": "horizontal"})
    assert mesh.colorbar.ax.get_xlabel() == "custom"
    bare = air.plot(add_labels=False, add_colorbar=False, ax=plt.figure().gca())
    assert bare.axes.get_xlabel() == "" and bare.colorbar is None


def test_datetime_axis_2d() -> None:
    times = np.array(["2000-01-01", "2000-01-02", "2000-01-03"], dtype="datetime64[ns]")
    da = xr.DataArray(np.zeros((2, 3)), dims=("y", "time"), coords={"time": times})
    mesh = da.plot()
    assert isinstance(mesh.axes.xaxis.get_major_formatter(), mpl.dates.ConciseDateFormatter)


def test_accessor_repr_and_facet_return(air: xr.DataArray) -> None:
    assert repr(air.plot) == "<DataArrayPlotAccessor of DataArray 'air'>"
    grid = air.expand_dims(t=[0, 1]).plot(col="t")
    assert isinstance(grid, FacetGrid)


def test_colors_with_levels(air: xr.DataArray) -> None:
    lines = air.plot.contour(levels=[260, 280], colors="k")
    assert lines.levels.tolist() == [260, 280]
    filled = air.plot.contourf(levels=[250, 270, 290, 300], colors=["red", "green", "blue"],
                               ax=plt.figure().gca())
    assert filled.levels.tolist() == [250, 270, 290, 300]
    mesh = air.plot.pcolormesh(levels=[250, 275, 300], colors=["red", "blue"], ax=plt.figure().gca())
    np.testing.assert_allclose(mesh.get_cmap()(0.0), mpl.colors.to_rgba("red"))


def test_interval_coordinates_from_groupby_bins() -> None:
    da = xr.DataArray(np.arange(10.0), dims="x", coords={"x": np.arange(10.0)})
    binned = da.groupby_bins("x", [0, 3, 6, 9]).mean()
    (line,) = binned.plot()
    np.testing.assert_allclose(line.get_xdata(), [1.5, 4.5, 7.5])
    assert line.axes.get_xlabel() == "x_bins_center"
    field = xr.DataArray(np.ones((10, 2)), dims=("x", "y"), coords={"x": np.arange(10.0)})
    field = field.groupby_bins("x", [0, 3, 6, 9]).mean()
    mesh = field.plot(ax=plt.figure().gca())
    np.testing.assert_allclose(mesh.get_coordinates()[:, 0, 1], [0.0, 3.0, 6.0, 9.0])
    assert mesh.axes.get_ylabel() == "x_bins"
    filled = field.plot.contourf(ax=plt.figure().gca())
    assert filled.axes.get_ylabel() == "x_bins_center"


def test_dask_backed_data_is_computed_for_plotting(air: xr.DataArray) -> None:
    pytest.importorskip("dask")
    mesh = air.chunk({"lat": 1}).plot()
    np.testing.assert_allclose(mesh.get_array().reshape(3, 4), air.values)


def test_line_against_2d_coordinate() -> None:
    da = xr.DataArray(
        np.arange(6.0).reshape(2, 3), dims=("run", "step"),
        coords={"elapsed": (("run", "step"), [[0.0, 1.0, 2.0], [0.0, 2.0, 4.0]])},
    )
    lines = da.plot.line(x="elapsed", hue="run")
    assert len(lines) == 2
    np.testing.assert_allclose(lines[1].get_xdata(), [0.0, 2.0, 4.0])
    np.testing.assert_allclose(lines[1].get_ydata(), [3.0, 4.0, 5.0])
    with pytest.raises(ValueError, match="with the 2-D coordinate 'elapsed' on the axis, hue must be a dimension"):
        da.assign_coords(tag=("run", ["a", "b"])).plot.line(x="elapsed", hue="tag")


def test_imshow_rgb() -> None:
    values = np.random.default_rng(0).uniform(0.0, 1.0, (5, 6, 3))
    values[0, 0, 0] = np.nan
    image = xr.DataArray(values, dims=("y", "x", "band"), coords={"x": np.arange(6.0)})
    artist = image.plot.imshow()
    rgba = artist.get_array()
    assert rgba.shape == (5, 6, 4)
    assert rgba[0, 0, 3] == 0.0 and rgba[1, 1, 3] == 1.0  # the pixel with a missing band is transparent
    assert artist.colorbar is None
    assert artist.axes.get_xlabel() == "x"
    scaled = image.plot.imshow(vmin=0.25, vmax=0.75, ax=plt.figure().gca()).get_array()
    np.testing.assert_allclose(scaled[1:, :, :3], np.clip((values[1:] - 0.25) / 0.5, 0, 1))
    integers = xr.DataArray(np.full((2, 2, 3), 255, dtype=np.uint8), dims=("y", "x", "c"))
    assert integers.plot.imshow(ax=plt.figure().gca()).get_array()[0, 0, 3] == 255
    moved = image.transpose("band", "y", "x").plot.imshow(rgb="band", ax=plt.figure().gca())
    np.testing.assert_allclose(moved.get_array()[1:, :, :3], rgba[1:, :, :3])


def test_imshow_rgb_bad_input() -> None:
    image = xr.DataArray(np.zeros((5, 6, 3)), dims=("y", "x", "band"))
    with pytest.raises(ValueError, match="rgb= is only used by imshow, not pcolormesh"):
        image.isel(band=0).plot.pcolormesh(rgb="band")
    with pytest.raises(ValueError, match="rgb= needs 3-D data"):
        image.isel(band=0).plot.imshow(rgb="band")
    with pytest.raises(ValueError, match=r"rgb='bnd' is not a dimension.*did you mean 'band'"):
        image.plot.imshow(rgb="bnd")
    with pytest.raises(ValueError, match="rgb='x' must have size 3 or 4, it has 6"):
        image.plot.imshow(rgb="x")
    with pytest.raises(ValueError, match=r"needs a colour dimension of size 3 \(RGB\) or 4 \(RGBA\); sizes are y: 5, x: 6, band: 2"):
        image.isel(band=[0, 1]).plot.imshow()
    with pytest.raises(ValueError, match=r"vmin=0\.5 must be below vmax=0\.5"):
        image.plot.imshow(vmin=0.5, vmax=0.5)
    with pytest.raises(ValueError, match="an RGB image has no colorbar"):
        image.plot.imshow(add_colorbar=True)
    from labarray.utils.warnings import LabarrayWarning

    with pytest.warns(LabarrayWarning, match=r"several dimensions could be the colour bands \(y, band\); using the last one, 'band'"):
        xr.DataArray(np.zeros((4, 6, 3)), dims=("y", "x", "band")).plot.imshow()


def test_plot_without_matplotlib_says_what_to_install(air: xr.DataArray, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)  # makes the import fail
    with pytest.raises(ImportError, match=r"pip install matplotlib.*pip install labarray\[complete\]"):
        air.plot()


def test_importing_the_plot_package_does_not_import_matplotlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys, labarray, labarray.plot; "
        "import labarray as xr; xr.DataArray([1.0], dims='x').plot; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "False"


def test_x_and_y_along_one_dimension_is_an_error(air: xr.DataArray) -> None:
    da = air.assign_coords(lon2=("lon", [1.0, 2.0, 3.0, 4.0]))
    with pytest.raises(ValueError, match="x='lon' and y='lon2' lie along the same dimension 'lon'"):
        da.plot.pcolormesh(x="lon", y="lon2")
    with pytest.raises(ValueError, match="x and y cannot be the same, got x=y='lon'"):
        da.plot.pcolormesh(x="lon", y="lon")
    with pytest.raises(ValueError, match="'lon2' and hue='lon' lie along the same dimension 'lon'"):
        da.plot.line(x="lon2", hue="lon")
