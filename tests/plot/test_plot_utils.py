from __future__ import annotations

import numpy as np
import pytest

import labarray as xr
from labarray.plot.utils import (
    check_plot_name,
    determine_cmap_params,
    format_item,
    import_matplotlib,
    infer_interval_breaks,
    infer_xy_labels,
    label_from_attrs,
    plottable_values,
    title_for_slice,
)


def test_import_matplotlib_returns_pyplot() -> None:
    plt = import_matplotlib()
    assert plt.__name__ == "matplotlib.pyplot"


def test_import_matplotlib_missing_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args: object, **kwargs: object) -> object:
        if name.startswith("matplotlib"):
            raise ImportError("No module named 'matplotlib'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(ImportError, match=r"pip install matplotlib.*labarray\[complete\]"):
        import_matplotlib()


@pytest.mark.parametrize(
    ("attrs", "name", "expected"),
    [
        ({"long_name": "air temperature", "units": "K"}, "ta", "air temperature [K]"),
        ({"standard_name": "air_temperature", "unit": "K"}, "ta", "air_temperature [K]"),
        ({"units": "m s-1"}, "u", "u [m s-1]"),
        ({}, None, ""),
        ({"long_name": "a very long name that will need wrapping"}, None,
         "a very long name that will\nneed wrapping"),
        ({"long_name": "$\\alpha$ a long latex name without any wrapping"}, None,
         "$\\alpha$ a long latex name without any wrapping"),
    ],
)
def test_label_from_attrs(attrs: dict, name: str | None, expected: str) -> None:
    da = xr.DataArray([1.0], dims="x", name=name, attrs=attrs)
    assert label_from_attrs(da) == expected
    assert label_from_attrs(None) == ""


def test_format_item() -> None:
    assert format_item(np.datetime64("2000-01-01T00:00")) == "2000-01-01"
    assert format_item(np.datetime64("2000-01-01T06:30")) == "2000-01-01T06:30:00"
    assert format_item(np.array(np.datetime64("NaT"))) == "NaT"
    assert format_item(np.float64(2 / 3)) == "0.6667"
    assert format_item(np.array("abc")) == "'abc'"
    assert format_item(np.int64(5)) == "5"
    assert format_item(np.timedelta64(1, "D")) == "1 days 00:00:00"


def test_title_for_slice_lists_scalar_coords_with_units() -> None:
    da = xr.DataArray(
        np.zeros((2, 1)), dims=("x", "lev"),
        coords={"time": np.datetime64("2000-01-01"), "lev": xr.DataArray([850.0], dims="lev", attrs={"units": "hPa"}),
                "x": [1, 2]},
    )
    assert title_for_slice(da) == "time = 2000-01-01, lev = 850.0 [hPa]"
    assert title_for_slice(da, truncate=10) == "time = ..."
    assert title_for_slice(xr.DataArray([1.0, 2.0], dims="x")) == ""


def test_check_plot_name_suggests_closest() -> None:
    da = xr.DataArray(np.zeros((2, 3)), dims=("lat", "lon"), coords={"height": 2.0}, name="t")
    check_plot_name(da, "height", "x")
    with pytest.raises(ValueError, match=r"hue='lattitude' is not a dimension or coordinate of DataArray 't'; "
                                         r"existing: lat, lon, height; did you mean 'lat'\?"):
        check_plot_name(da, "lattitude", "hue")
    with pytest.raises(ValueError, match=r"col='height' is not a dimension of DataArray 't'; existing: lat, lon"):
        check_plot_name(da, "height", "col", dims_only=True)


def test_infer_xy_labels() -> None:
    da = xr.DataArray(np.zeros((2, 3)), dims=("lat", "lon"))
    assert infer_xy_labels(da, None, None) == ("lon", "lat")
    assert infer_xy_labels(da, "lat", None) == ("lat", "lon")
    assert infer_xy_labels(da, None, "lon") == ("lat", "lon")
    assert infer_xy_labels(da, "lat", "lon") == ("lat", "lon")
    with pytest.raises(ValueError, match="x and y cannot be the same"):
        infer_xy_labels(da, "lat", "lat")
    with pytest.raises(ValueError, match=r"needs exactly 2 dimensions, the DataArray has 1: x"):
        infer_xy_labels(xr.DataArray([1.0], dims="x"), None, None)
    with pytest.raises(ValueError, match=r"y='lonn'.*did you mean 'lon'"):
        infer_xy_labels(da, None, "lonn")


def test_infer_interval_breaks() -> None:
    np.testing.assert_allclose(infer_interval_breaks(np.array([0.0, 1.0, 3.0])), [-0.5, 0.5, 2.0, 4.0])
    np.testing.assert_allclose(infer_interval_breaks(np.array([5.0])), [5.0, 5.0])
    np.testing.assert_allclose(infer_interval_breaks(np.array([[0.0, 1.0], [3.0, 4.0]]), axis=1),
                               [[-0.5, 0.5, 1.5], [2.5, 3.5, 4.5]])
    np.testing.assert_allclose(infer_interval_breaks(np.logspace(0, 2, 3), scale="log"),
                               np.logspace(-0.5, 2.5, 4))
    with pytest.raises(ValueError, match="not sorted along axis 0"):
        infer_interval_breaks(np.array([0.0, 2.0, 1.0]))
    with pytest.raises(ValueError, match="log-scaled axis needs positive"):
        infer_interval_breaks(np.array([0.0, 1.0]), scale="log")


def test_determine_cmap_params_sequential_and_divergent() -> None:
    seq = determine_cmap_params(np.array([1.0, 5.0, np.nan]))
    assert (seq["cmap"], seq["vmin"], seq["vmax"], seq["extend"]) == ("viridis", 1.0, 5.0, "neither")
    div = determine_cmap_params(np.array([-1.0, 3.0]))
    assert (div["cmap"], div["vmin"], div["vmax"]) == ("RdBu_r", -3.0, 3.0)
    centred = determine_cmap_params(np.array([1.0, 5.0]), center=2.0)
    assert (centred["cmap"], centred["vmin"], centred["vmax"]) == ("RdBu_r", -1.0, 5.0)
    no_div = determine_cmap_params(np.array([-1.0, 3.0]), center=False)
    assert (no_div["cmap"], no_div["vmin"]) == ("viridis", -1.0)
    fixed = determine_cmap_params(np.array([-1.0, 3.0]), vmin=-1.0, vmax=2.0)
    assert (fixed["cmap"], fixed["extend"]) == ("viridis", "max")
    one_side = determine_cmap_params(np.array([-1.0, 3.0]), vmin=-2.0)
    assert (one_side["vmin"], one_side["vmax"]) == (-2.0, 2.0)


def test_determine_cmap_params_robust_and_levels() -> None:
    data = np.arange(101.0)
    robust = determine_cmap_params(data, robust=True)
    assert (robust["vmin"], robust["vmax"], robust["extend"]) == (2.0, 98.0, "both")
    levels = determine_cmap_params(data, levels=[0.0, 50.0, 100.0])
    assert levels["levels"] == [0.0, 50.0, 100.0]
    assert levels["norm"] is not None and levels["vmin"] is None
    counted = determine_cmap_params(data, levels=5)
    assert len(counted["levels"]) >= 3
    linspaced = determine_cmap_params(data, vmin=0.0, levels=3)
    np.testing.assert_allclose(linspaced["levels"], [0.0, 50.0, 100.0])
    flat = determine_cmap_params(np.array([2.0, 2.0]))
    assert flat["vmin"] < flat["vmax"]
    with pytest.raises(TypeError, match="need numeric data, got dtype <U1"):
        determine_cmap_params(np.array(["a"]))


def test_plottable_values_cftime_becomes_days() -> None:
    cftime = pytest.importorskip("cftime")
    dates = np.array([cftime.DatetimeNoLeap(1970, 1, 1), cftime.DatetimeNoLeap(1970, 1, 3)])
    values, kind = plottable_values(dates)
    try:
        import nc_time_axis  # noqa: F401
    except ImportError:
        np.testing.assert_allclose(values, [0.0, 2.0])
        assert kind == "cftime:noleap"
    else:  # pragma: no cover - nc-time-axis draws cftime dates itself
        assert kind is None
    numbers, kind = plottable_values(np.array([1, 2]))
    assert kind is None and numbers.tolist() == [1, 2]
    with pytest.raises(TypeError, match="cannot plot values of type dict"):
        plottable_values(np.array([{}, {}], dtype=object))


def test_determine_cmap_params_bad_levels_and_cmap() -> None:
    with pytest.raises(ValueError, match="levels must be a positive number of levels or a list of them, got 0"):
        determine_cmap_params(np.arange(3.0), levels=0)
    with pytest.raises(ValueError, match="cmap='nope' is neither a colormap name nor a colour"):
        determine_cmap_params(np.arange(3.0), levels=[0.0, 1.0], cmap="nope")
    single_colour = determine_cmap_params(np.arange(3.0), levels=[0.0, 1.0, 2.0], cmap="k", filled=False)
    assert single_colour["extend"] == "neither"
    np.testing.assert_allclose(single_colour["cmap"](0.5), [0.0, 0.0, 0.0, 1.0])


def test_get_axis() -> None:
    import matplotlib.pyplot as plt

    from labarray.plot.utils import get_axis

    assert get_axis(figsize=(4, 2)).figure.get_size_inches().tolist() == [4.0, 2.0]
    assert get_axis(size=2, aspect="equal").figure.get_size_inches().tolist() == [2.0, 2.0]
    width, height = plt.rcParams["figure.figsize"]
    np.testing.assert_allclose(get_axis(size=3).figure.get_size_inches(), [3 * width / height, 3])
    existing = plt.figure().gca()
    assert get_axis(ax=existing) is existing
    plt.close("all")
    polar = get_axis(projection="polar")
    assert polar.name == "polar"
    assert get_axis() is polar
    with pytest.raises(ValueError, match="give figsize or ax, not both"):
        get_axis(figsize=(1, 1), ax=existing)
    with pytest.raises(ValueError, match="give figsize or size, not both"):
        get_axis(figsize=(1, 1), size=2)
    with pytest.raises(ValueError, match="give size or ax, not both"):
        get_axis(size=2, ax=existing)
    with pytest.raises(ValueError, match="aspect needs size as well"):
        get_axis(aspect=2)
    with pytest.raises(ValueError, match="subplot_kws cannot be used with ax"):
        get_axis(ax=existing, projection="polar")


def test_infer_xy_labels_with_2d_coordinates() -> None:
    lon, lat = np.meshgrid(np.arange(4.0), np.arange(3.0))
    da = xr.DataArray(np.zeros((3, 4)), dims=("y", "x"),
                      coords={"lat": (("y", "x"), lat), "lon": (("y", "x"), lon)})
    assert infer_xy_labels(da, "lon", None) == ("lon", "y")
    assert infer_xy_labels(da, None, "lat") == ("x", "lat")
    assert infer_xy_labels(da, "lon", "lat") == ("lon", "lat")
    with pytest.raises(ValueError, match=r"needs exactly 2 dimensions, the DataArray has 3"):
        infer_xy_labels(da.expand_dims(t=[0]), "lon", None)
