"""labarray's plots against xarray's: same labels, titles, colour choices and data on the artists."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import labarray as la

pytestmark = pytest.mark.compat


@pytest.fixture
def pair() -> tuple[la.DataArray, object]:
    xarray = pytest.importorskip("xarray")
    rng = np.random.default_rng(3)
    values = rng.normal(size=(2, 3, 4))
    coords = {
        "time": np.array(["2000-01-01", "2000-02-01"], dtype="datetime64[ns]"),
        "lat": np.array([10.0, 20.0, 40.0]),
        "lon": np.array([0.0, 5.0, 10.0, 15.0]),
        "height": 2.0,
    }
    attrs = {"long_name": "temperature anomaly", "units": "K"}
    ours = la.DataArray(values, dims=("time", "lat", "lon"), coords=coords, name="ta", attrs=attrs)
    theirs = xarray.DataArray(values, dims=("time", "lat", "lon"), coords=coords, name="ta", attrs=attrs)
    ours["lat"].attrs["units"] = "degrees_north"
    theirs["lat"].attrs["units"] = "degrees_north"
    return ours, theirs


def _texts(ax: plt.Axes) -> tuple[str, str, str]:
    return ax.get_xlabel(), ax.get_ylabel(), ax.get_title()


@pytest.mark.parametrize("kind", ["pcolormesh", "contourf", "imshow"])
def test_2d_plots_match(pair: tuple, kind: str) -> None:
    ours, theirs = pair
    a = getattr(ours.isel(time=0).plot, kind)(ax=plt.figure().gca())
    b = getattr(theirs.isel(time=0).plot, kind)(ax=plt.figure().gca())
    assert _texts(a.axes) == _texts(b.axes)
    assert a.colorbar.ax.get_ylabel() == b.colorbar.ax.get_ylabel()
    assert a.get_cmap().name == b.get_cmap().name
    assert a.axes.get_xlim() == pytest.approx(b.axes.get_xlim())
    assert a.axes.get_ylim() == pytest.approx(b.axes.get_ylim())
    if kind == "pcolormesh":
        np.testing.assert_allclose(a.get_array(), b.get_array())
        np.testing.assert_allclose(a.get_coordinates(), b.get_coordinates())
        assert (a.norm.vmin, a.norm.vmax) == pytest.approx((b.norm.vmin, b.norm.vmax))


def test_robust_levels_match(pair: tuple) -> None:
    ours, theirs = pair
    a = (ours.isel(time=0) + 5).plot(robust=True, levels=6, ax=plt.figure().gca())
    b = (theirs.isel(time=0) + 5).plot(robust=True, levels=6, ax=plt.figure().gca())
    np.testing.assert_allclose(a.norm.boundaries, b.norm.boundaries)
    assert a.get_cmap().name == b.get_cmap().name


def test_lines_match(pair: tuple) -> None:
    ours, theirs = pair
    a = ours.isel(time=1).plot.line(hue="lat", ax=plt.figure().gca())
    b = theirs.isel(time=1).plot.line(hue="lat", ax=plt.figure().gca())
    assert _texts(a[0].axes) == _texts(b[0].axes)
    assert [t.get_text() for t in a[0].axes.get_legend().get_texts()] == [
        t.get_text() for t in b[0].axes.get_legend().get_texts()
    ]
    assert a[0].axes.get_legend().get_title().get_text() == b[0].axes.get_legend().get_title().get_text()
    for la_line, xr_line in zip(a, b, strict=True):
        np.testing.assert_allclose(la_line.get_ydata(), xr_line.get_ydata())
        np.testing.assert_allclose(la_line.get_xdata(), xr_line.get_xdata())


def test_time_series_and_hist_match(pair: tuple) -> None:
    ours, theirs = pair
    a = ours.isel(lat=0, lon=0).plot(ax=plt.figure().gca())
    b = theirs.isel(lat=0, lon=0).plot(ax=plt.figure().gca())
    assert _texts(a[0].axes) == _texts(b[0].axes)
    np.testing.assert_array_equal(a[0].get_xdata(), b[0].get_xdata())
    ha = ours.plot.hist(bins=5, ax=plt.figure().gca())
    hb = theirs.plot.hist(bins=5, ax=plt.figure().gca())
    np.testing.assert_allclose(ha[0], hb[0])
    np.testing.assert_allclose(ha[1], hb[1])
    assert _texts(ha[2][0].axes) == _texts(hb[2][0].axes)


def test_facet_titles_match(pair: tuple) -> None:
    ours, theirs = pair
    a = ours.plot.pcolormesh(col="time")
    b = theirs.plot.pcolormesh(col="time")
    assert a.axs.shape == b.axs.shape
    assert [ax.get_title() for ax in a.axs.flat] == [ax.get_title() for ax in b.axs.flat]
    assert a.cbar.ax.get_ylabel() == b.cbar.ax.get_ylabel()
    assert [ax.get_xlabel() for ax in a.axs.flat] == [ax.get_xlabel() for ax in b.axs.flat]
    assert [ax.get_ylabel() for ax in a.axs.flat] == [ax.get_ylabel() for ax in b.axs.flat]


def test_scatter_matches(pair: tuple) -> None:
    ours, theirs = pair
    dsa = ours.isel(time=0).to_dataset()
    dsb = theirs.isel(time=0).to_dataset()
    dsa["tb"] = dsa["ta"] * 2
    dsb["tb"] = dsb["ta"] * 2
    a = dsa.plot.scatter(x="ta", y="tb", hue="lon", ax=plt.figure().gca())
    b = dsb.plot.scatter(x="ta", y="tb", hue="lon", ax=plt.figure().gca())
    assert _texts(a.axes) == _texts(b.axes)
    assert a.axes.figure.axes[1].get_ylabel() == b.axes.figure.axes[1].get_ylabel()  # colorbar
    np.testing.assert_allclose(np.sort(a.get_offsets()[:, 0]), np.sort(np.asarray(b.get_offsets())[:, 0]))


def test_rgb_imshow_and_intervals_match() -> None:
    xarray = pytest.importorskip("xarray")
    values = np.random.default_rng(5).uniform(0.0, 2.0, (5, 6, 3))
    a = la.DataArray(values, dims=("y", "x", "band")).plot.imshow(robust=True, ax=plt.figure().gca())
    b = xarray.DataArray(values, dims=("y", "x", "band")).plot.imshow(robust=True, ax=plt.figure().gca())
    np.testing.assert_allclose(a.get_array(), b.get_array(), rtol=1e-6)
    assert a.get_extent() == pytest.approx(b.get_extent())
    ours = la.DataArray(np.arange(10.0), dims="x", coords={"x": np.arange(10.0)})
    theirs = xarray.DataArray(np.arange(10.0), dims="x", coords={"x": np.arange(10.0)})
    (la_line,) = ours.groupby_bins("x", [0, 4, 9]).mean().plot(ax=plt.figure().gca())
    (xr_line,) = theirs.groupby_bins("x", [0, 4, 9]).mean().plot(ax=plt.figure().gca())
    np.testing.assert_allclose(la_line.get_xdata(), xr_line.get_xdata())
    assert la_line.axes.get_xlabel() == xr_line.axes.get_xlabel()
