"""Tests of labarray.kernels.cftime_values: cftime dates <-> offsets, date arithmetic."""

from __future__ import annotations

import datetime
import operator

import numpy as np
import pandas as pd
import pytest

from labarray.kernels.cftime_values import (
    cftime_binary_op,
    first_date,
    from_offsets,
    is_cftime_date,
    is_cftime_values,
    to_offsets,
)

cftime = pytest.importorskip("cftime")


def _dates(calendar: str = "noleap", n: int = 5) -> np.ndarray:
    return cftime.num2date(np.arange(n) * 1.5, "days since 2000-02-27", calendar)


def test_is_cftime_and_first_date() -> None:
    dates = _dates()
    assert is_cftime_date(dates[0]) and not is_cftime_date(np.datetime64("2000-01-01"))
    with_missing = np.array([None, np.nan, dates[1]], dtype=object)
    assert first_date(with_missing) == dates[1]
    assert first_date(np.array([None], dtype=object)) is None
    assert is_cftime_values(with_missing)
    assert not is_cftime_values(np.array(["a", "b"], dtype=object))
    assert not is_cftime_values(np.array([1.0]))
    assert not is_cftime_values(np.array([], dtype=object))


@pytest.mark.parametrize("calendar", ["noleap", "360_day", "julian", "all_leap", "standard"])
def test_offsets_round_trip_exact(calendar: str) -> None:
    dates = _dates(calendar, 40)
    offsets = to_offsets(dates, dates[3])
    assert offsets.dtype == np.dtype("m8[us]")
    assert offsets[3] == np.timedelta64(0, "us")
    # 1.5 days apart, exactly, in every calendar
    np.testing.assert_array_equal(np.diff(offsets), np.timedelta64(36, "h"))
    back = from_offsets(offsets, dates[3])
    assert list(back) == list(dates)


def test_offsets_missing_values_and_shape() -> None:
    dates = _dates()
    values = np.array([[dates[0], None], [np.nan, dates[2]]], dtype=object)
    offsets = to_offsets(values, dates[0])
    assert offsets.shape == (2, 2)
    np.testing.assert_array_equal(np.isnat(offsets), [[False, True], [True, False]])
    back = from_offsets(offsets, dates[0])
    assert back[0, 0] == dates[0] and back[1, 1] == dates[2]
    assert back[0, 1] is None and back[1, 0] is None
    # nothing but missing dates: no reference needed
    assert np.isnat(to_offsets(np.array([None, None]), None)).all()
    assert list(from_offsets(np.array(["NaT"], dtype="m8[us]"), None)) == [None]


def test_offsets_dask_block_by_block() -> None:
    da = pytest.importorskip("dask.array")
    dates = _dates(n=10)
    lazy = da.from_array(dates, chunks=3)
    assert is_cftime_values(lazy)
    offsets = to_offsets(lazy, dates[0])
    assert offsets.dtype == np.dtype("m8[us]")
    np.testing.assert_array_equal(offsets.compute(), to_offsets(dates, dates[0]))
    assert list(from_offsets(offsets, dates[0]).compute()) == list(dates)


def test_offsets_bad_input() -> None:
    noleap = _dates("noleap")
    mixed = np.array([noleap[0], _dates("360_day")[0]], dtype=object)
    with pytest.raises(TypeError, match="one calendar"):
        to_offsets(mixed, noleap[0])
    with pytest.raises(TypeError, match="cftime dates of one calendar"):
        to_offsets(np.array(["2000-01-01"], dtype=object), noleap[0])


@pytest.mark.parametrize(
    "delta",
    [np.timedelta64(1, "D"), datetime.timedelta(days=1), pd.Timedelta("1D"),
     np.array([1, 1, 1, 1, 1], dtype="m8[D]")],
)  # fmt: skip
def test_binary_shift_by_durations(delta: object) -> None:
    dates = _dates("360_day")
    shifted = cftime_binary_op(operator.add, dates, delta)
    assert shifted.dtype == object
    assert [d - o for d, o in zip(shifted, dates, strict=True)] == [datetime.timedelta(days=1)] * 5
    assert shifted[0].calendar == "360_day"
    reflected = cftime_binary_op(operator.add, delta, dates)
    assert list(reflected) == list(shifted)
    back = cftime_binary_op(operator.sub, shifted, delta)
    assert list(back) == list(dates)


def test_binary_date_differences() -> None:
    dates = _dates("noleap")
    diff = cftime_binary_op(operator.sub, dates, dates[0])
    assert diff.dtype == np.dtype("m8[us]")
    np.testing.assert_array_equal(diff.astype("m8[h]").astype(int), [0, 36, 72, 108, 144])
    both = cftime_binary_op(operator.sub, dates[1:], dates[:-1])
    np.testing.assert_array_equal(both, np.timedelta64(36, "h"))
    # 2000-02-28 + 1 day is 2000-03-01 without leap days
    feb28 = cftime.DatetimeNoLeap(2000, 2, 28)
    assert cftime_binary_op(operator.add, feb28, np.timedelta64(1, "D")) == cftime.DatetimeNoLeap(2000, 3, 1)


def test_binary_not_for_dates() -> None:
    dates = _dates()
    assert cftime_binary_op(operator.mul, dates, 2) is NotImplemented
    assert cftime_binary_op(operator.add, np.array([1.0]), np.timedelta64(1, "D")) is NotImplemented
    assert cftime_binary_op(operator.add, dates, 1.0) is NotImplemented
    deltas = np.array([1], dtype="m8[D]")
    assert cftime_binary_op(operator.add, deltas, deltas) is NotImplemented


def test_binary_bad_input() -> None:
    dates = _dates()
    with pytest.raises(TypeError, match="cannot add two arrays of cftime dates"):
        cftime_binary_op(operator.add, dates, dates)
    with pytest.raises(TypeError, match="cannot subtract cftime dates from a timedelta"):
        cftime_binary_op(operator.sub, np.timedelta64(1, "D"), dates)
