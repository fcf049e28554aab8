"""Tests of labarray.compute.cftime_range (deprecated alias of date_range(use_cftime=True))."""

from __future__ import annotations

import pytest

from labarray.compute.calendar_ops import date_range
from labarray.compute.cftime_range import cftime_range
from labarray.indexes.cftime_index import CFTimeIndex

pytest.importorskip("cftime")


def test_warns_and_matches_date_range():
    with pytest.warns(FutureWarning, match=r"cftime_range\(\) is deprecated.*date_range\(\.\.\., use_cftime=True\)"):
        index = cftime_range("2000-01-01", periods=3, freq="MS", calendar="360_day", name="time")
    expected = date_range("2000-01-01", periods=3, freq="MS", calendar="360_day", name="time", use_cftime=True)
    assert isinstance(index, CFTimeIndex)
    assert index.equals(expected) and index.name == "time"
    assert index.calendar == "360_day"


def test_standard_calendar_still_gives_cftime_and_daily_default():
    with pytest.warns(FutureWarning):
        index = cftime_range("2000-02-28", "2000-03-01", inclusive="left")
    assert isinstance(index, CFTimeIndex)
    assert [str(d)[:10] for d in index] == ["2000-02-28", "2000-02-29"]


def test_bad_input():
    with pytest.warns(FutureWarning), pytest.raises(ValueError, match="calendar"):
        cftime_range("2000", periods=2, calendar="no_such_calendar")


@pytest.mark.compat
def test_matches_xarray():
    xarray = pytest.importorskip("xarray")
    with pytest.warns(FutureWarning):
        ours = cftime_range("2000-01-31", periods=4, freq="ME", calendar="noleap")
    with pytest.warns(FutureWarning):
        theirs = xarray.cftime_range("2000-01-31", periods=4, freq="ME", calendar="noleap")
    assert [str(d) for d in ours] == [str(d) for d in theirs]
