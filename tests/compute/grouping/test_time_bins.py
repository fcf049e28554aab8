"""Time bins: the month-number path for month/quarter/year-start frequencies gives pandas' bins."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labarray.compute.grouping.time_bins import _months_per_bin, datetime_bins


def pandas_bins(values: np.ndarray, freq: str, **kwargs: object) -> tuple[np.ndarray, np.ndarray]:
    """Reference: pandas' own grouping of the sorted times, mapped back to the input order."""
    present = ~np.isnat(values)
    kept = values[present]
    order = np.argsort(kept, kind="stable")
    series = pd.Series(np.arange(kept.size), index=pd.DatetimeIndex(kept[order]))
    grouped = series.groupby(pd.Grouper(freq=freq, **kwargs))
    sorted_codes = grouped.ngroup().to_numpy(np.int64)
    codes = np.full(values.shape, -1, np.int64)
    kept_codes = np.empty_like(sorted_codes)
    kept_codes[order] = sorted_codes
    codes[present] = kept_codes
    return codes, grouped.size().index.to_numpy().astype(values.dtype)


MONTHLY = ["MS", "2MS", "5MS", "12MS", "QS", "QS-DEC", "2QS-NOV", "3QS-FEB", "4QS-DEC", "YS", "YS-JUL",
           "3YS", "2YS-DEC"]


@settings(max_examples=150, deadline=None)
@given(
    freq=st.sampled_from(MONTHLY),
    unit=st.sampled_from(["D", "h", "s", "us", "ns"]),
    start=st.integers(-600_000, 600_000),  # hours around 1970: 1901 .. 2038
    steps=st.lists(st.integers(0, 24 * 400), min_size=1, max_size=40),
    shuffle=st.booleans(),
    nat=st.booleans(),
)
def test_month_bins_match_pandas(freq, unit, start, steps, shuffle, nat) -> None:
    hours = start + np.cumsum(steps)
    values = hours.astype("M8[h]").astype(f"M8[{unit}]")
    if shuffle:
        values = values[np.random.default_rng(len(steps)).permutation(values.size)]
    if nat and values.size > 1:
        values[0] = np.datetime64("NaT")
    codes, labels = datetime_bins(values, freq)
    expected_codes, expected_labels = pandas_bins(values, freq)
    np.testing.assert_array_equal(codes, expected_codes)
    np.testing.assert_array_equal(labels, expected_labels)
    assert labels.dtype == values.dtype


@pytest.mark.filterwarnings("ignore:The 'origin' keyword")
def test_month_path_applies_only_to_default_edges() -> None:
    assert _months_per_bin("MS") == (1, 0, 1)
    assert _months_per_bin("QS-DEC") == (3, 2, 3)
    assert _months_per_bin(pd.offsets.YearBegin(2, month=7)) == (24, 6, 12)
    for other in ("ME", "D", "6h", "BMS", "W", pd.Timedelta("1D"), "not a freq"):
        assert _months_per_bin(other) is None
    # closed/label on the right, or an offset: pandas' own grouping (same answers as pandas)
    t = pd.date_range("2000-01-01", periods=100, freq="D").values
    for kwargs in ({"closed": "right"}, {"label": "right"}, {"closed": "right", "label": "right"},
                   {"origin": "end"}, {"origin": "end_day"}, {"origin": "epoch"}, {"origin": "2000-01-01"}):
        codes, labels = datetime_bins(t, "MS", **kwargs)
        expected_codes, expected_labels = pandas_bins(t, "MS", **kwargs)
        np.testing.assert_array_equal(codes, expected_codes)
        np.testing.assert_array_equal(labels, expected_labels)


def test_all_missing_and_bad_frequency() -> None:
    codes, labels = datetime_bins(np.array(["NaT", "NaT"], dtype="M8[ns]"), "MS")
    assert codes.tolist() == [-1, -1] and labels.size == 0
    with pytest.raises(ValueError, match="invalid resampling frequency 'monthly'"):
        datetime_bins(np.array(["2000-01-01"], dtype="M8[ns]"), "monthly")
