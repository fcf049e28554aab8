"""Groupers: factorizing groups into codes and labels; time bins of datetime64 and cftime."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import labarray as xr
from labarray.compute.grouping.groupers import (
    BinGrouper,
    EncodedGroups,
    Grouper,
    SeasonGrouper,
    SeasonResampler,
    TimeResampler,
    UniqueGrouper,
)
from labarray.compute.grouping.time_bins import cftime_bins, datetime_bins, validate_freq
from labarray.methods.grouping import groupers as groupers_namespace


def group(values: object, name: str = "g", dim: str = "x") -> xr.DataArray:
    return xr.DataArray(np.asarray(values), dims=dim, name=name)


def test_unique_grouper_sorted_codes_for_ints_strings_floats_times() -> None:
    enc = UniqueGrouper().factorize(group([5, 3, 5, 9]))
    assert isinstance(enc, EncodedGroups)
    assert enc.codes.tolist() == [1, 0, 1, 2]
    assert enc.labels.tolist() == [3, 5, 9]
    assert enc.labels.dtype == np.int64
    assert enc.ngroups == 3 and enc.name == "g" and enc.group_dims == ("x",)
    assert enc.full_index.tolist() == [3, 5, 9]
    strings = UniqueGrouper().factorize(group(["b", "a", "b"]))
    assert strings.labels.dtype == object  # Python strings, as xarray's group coordinates
    assert strings.codes.tolist() == [1, 0, 1]
    floats = UniqueGrouper().factorize(group([2.0, np.nan, 1.0]))
    assert floats.codes.tolist() == [1, -1, 0]
    times = UniqueGrouper().factorize(group(np.array(["2000-01-02", "2000-01-01"], dtype="M8[ns]")))
    assert times.labels.dtype == np.dtype("M8[ns]")
    assert times.codes.tolist() == [1, 0]
    wide = UniqueGrouper().factorize(group([10**12, -(10**12), 10**12]))
    assert wide.codes.tolist() == [1, 0, 1]
    two_d = UniqueGrouper().factorize(xr.DataArray([[1, 2], [2, 1]], dims=("a", "b"), name="g"))
    assert two_d.codes.shape == (2, 2) and two_d.group_dims == ("a", "b")


def test_unique_grouper_labels_and_errors() -> None:
    enc = UniqueGrouper(labels=["z", "a"]).factorize(group(["a", "q", "z"]))
    assert enc.codes.tolist() == [1, -1, 0]
    with pytest.raises(ValueError, match="labels must be unique"):
        UniqueGrouper(labels=[1, 1]).factorize(group([1]))
    with pytest.raises(ValueError, match="must be 1-dimensional"):
        UniqueGrouper(labels=[[1]]).factorize(group([1]))
    assert isinstance(UniqueGrouper().reset(), UniqueGrouper)


def test_bin_grouper_codes_labels_and_errors() -> None:
    enc = BinGrouper([0, 1, 2]).factorize(group([0.5, 1.5, 2.5, 0.0]))
    assert enc.codes.tolist() == [0, 1, -1, -1]
    assert enc.name == "g_bins"
    assert [str(v) for v in enc.labels] == ["(0, 1]", "(1, 2]"]
    left = BinGrouper([0, 1, 2], right=False, include_lowest=True).factorize(group([0.0, 1.0]))
    assert left.codes.tolist() == [0, 1]
    numbered = BinGrouper([0, 1, 2], labels=False).factorize(group([0.5, 5.0]))
    assert numbered.codes.tolist() == [0, -1] and numbered.labels.tolist() == [0, 1]
    equal_width = BinGrouper(2).factorize(group([0.0, 1.0, 2.0, 3.0]))
    assert equal_width.codes.tolist() == [0, 0, 1, 1]
    with pytest.raises(ValueError, match="bins must increase monotonically"):
        BinGrouper([2, 1])
    with pytest.raises(ValueError, match="duplicates must be 'raise' or 'drop'"):
        BinGrouper([1, 2], duplicates="keep")
    with pytest.raises(ValueError, match="bins must be at least 1"):
        BinGrouper(0)
    with pytest.raises(ValueError, match="cannot bin 'g' with bins"):
        BinGrouper([0, 1, 1]).factorize(group([0.5]))
    with pytest.raises(TypeError, match="cannot bin 'g': bins need numeric or time values"):
        BinGrouper([0, 1]).factorize(group(["a"]))
    dropped = BinGrouper([0, 1, 1, 2], duplicates="drop").factorize(group([0.5, 1.5]))
    assert dropped.codes.tolist() == [0, 1]


def test_season_grouper_and_validation() -> None:
    times = group(
        pd.date_range("2000-01-01", periods=12, freq="MS").values, name="time", dim="time"
    )
    enc = SeasonGrouper(["DJF", "MAM", "JJA", "SON"]).factorize(times)
    assert enc.codes.tolist() == [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0]
    assert enc.name == "season"
    partial = SeasonGrouper(["JJAS"]).factorize(times)
    assert partial.codes.tolist().count(0) == 4 and partial.codes.tolist().count(-1) == 8
    with pytest.raises(ValueError, match="seasons 'DJF' and 'JFM' overlap \\(month 1\\)"):
        SeasonGrouper(["DJF", "JFM"])
    with pytest.raises(ValueError, match="'DFJ' is not a run of consecutive month initials"):
        SeasonGrouper(["DFJ"])
    with pytest.raises(ValueError, match="non-empty sequence of strings"):
        SeasonGrouper("DJF")
    with pytest.raises(ValueError, match="ambiguous"):
        SeasonGrouper(["J"])
    with pytest.raises(TypeError, match="needs a datetime64 or cftime variable"):
        SeasonGrouper(["DJF"]).factorize(group([1, 2]))


def test_season_resampler_labels_and_completeness() -> None:
    times = group(
        pd.date_range("2000-01-01", periods=14, freq="MS").values, name="time", dim="time"
    )
    enc = SeasonResampler(["DJF", "MAM", "JJA", "SON"]).factorize(times)
    assert [str(v)[:10] for v in enc.labels] == [
        "2000-03-01",
        "2000-06-01",
        "2000-09-01",
        "2000-12-01",
    ]
    assert enc.codes.tolist()[:3] == [-1, -1, 0]
    assert enc.codes.tolist()[-3:] == [3, 3, 3]
    with pytest.raises(ValueError, match="overlap"):
        SeasonResampler(["DJF", "FMA"])


def test_time_resampler_validation() -> None:
    with pytest.raises(ValueError, match="invalid resampling frequency 'fortnightly'"):
        TimeResampler("fortnightly")
    with pytest.raises(ValueError, match="label must be 'left', 'right' or None"):
        TimeResampler("D", label="up")
    with pytest.raises(ValueError, match="1-dimensional time variable"):
        TimeResampler("D").factorize(
            xr.DataArray(np.zeros((1, 1), dtype="M8[ns]"), dims=("a", "b"), name="t")
        )
    validate_freq(pd.Timedelta("1D").to_pytimedelta())


def test_datetime_bins_unsorted_and_nat() -> None:
    values = np.array(["2000-03-02", "NaT", "2000-01-05", "2000-01-20"], dtype="M8[ns]")
    codes, labels = datetime_bins(values, "MS")
    assert codes.tolist() == [2, -1, 0, 0]
    assert [str(v)[:10] for v in labels] == ["2000-01-01", "2000-02-01", "2000-03-01"]
    assert labels.dtype == values.dtype


@pytest.mark.parametrize("freq", ["MS", "ME", "6h", "3D", "QS-DEC", "YE", "W"])
@pytest.mark.parametrize("closed", [None, "left", "right"])
@pytest.mark.parametrize("origin", ["start_day", "epoch", "end"])
def test_cftime_bins_equal_pandas_bins(freq: str, closed: str | None, origin: str) -> None:
    cftime = pytest.importorskip("cftime")
    times = pd.date_range("2000-01-03T07:00", periods=40, freq="17h")
    ctimes = np.array([cftime.datetime(*t.timetuple()[:6], calendar="standard") for t in times])
    c_codes, c_labels = cftime_bins(ctimes, freq, closed=closed, origin=origin)
    d_codes, d_labels = datetime_bins(times.values, freq, closed=closed, origin=origin)
    assert c_codes.tolist() == d_codes.tolist()
    assert [str(v)[:19] for v in c_labels] == [str(pd.Timestamp(v)) for v in d_labels]


def test_cftime_bins_missing_and_empty() -> None:
    cftime = pytest.importorskip("cftime")
    values = np.array([cftime.datetime(2000, 1, 2, calendar="noleap"), None], dtype=object)
    codes, labels = cftime_bins(values, "D", offset="12h")
    assert codes.tolist() == [0, -1]
    assert str(labels[0]) == "2000-01-01 12:00:00"
    codes, labels = cftime_bins(np.array([None], dtype=object), "D")
    assert codes.tolist() == [-1] and labels.size == 0
    with pytest.raises(ValueError, match="offset must be a timedelta"):
        cftime_bins(values, "D", offset="soon")


def test_public_groupers_namespace() -> None:
    assert groupers_namespace.UniqueGrouper is UniqueGrouper
    assert issubclass(groupers_namespace.TimeResampler, groupers_namespace.Resampler)
    assert issubclass(groupers_namespace.SeasonGrouper, Grouper)
    with pytest.raises(TypeError):
        Grouper()  # type: ignore[abstract]
