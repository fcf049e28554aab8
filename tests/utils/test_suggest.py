"""Tests of labarray.utils.suggest."""

from __future__ import annotations

import pytest

from labarray.utils.suggest import (
    NameNotFoundError,
    did_you_mean,
    format_names,
    missing_names_message,
    name_not_found,
)


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        ("lattitude", ["lat", "lon", "time"], "did you mean 'lat'?"),  # the example of DESIGN.md
        ("latt", ["lat", "lon", "time"], "did you mean 'lat'?"),
        ("tme", ["lat", "lon", "time"], "did you mean 'time'?"),
        ("TIME", ["lat", "lon", "time"], "did you mean 'time'?"),
        ("zzz", ["lat", "lon", "time"], ""),
        ("x", [], ""),
    ],
)
def test_did_you_mean(name: str, candidates: list[str], expected: str) -> None:
    assert did_you_mean(name, candidates) == expected


def test_did_you_mean_module_doctest_example() -> None:
    # the module docstring's example: a long misspelling with ratio below the cutoff
    # still must not produce a wrong suggestion
    out = did_you_mean("temperatur", ["temperature", "pressure"])
    assert out == "did you mean 'temperature'?"


def test_did_you_mean_non_string_candidates_keep_repr() -> None:
    assert did_you_mean(10, [1, 100, 11]) in (
        "did you mean 100?",
        "did you mean 11?",
        "did you mean 1?",
    )
    assert did_you_mean(("a", 1), [("a", 1), "b"]) == "did you mean ('a', 1)?"


def test_did_you_mean_cutoff() -> None:
    assert did_you_mean("abcd", ["abxy"], cutoff=0.9) == ""
    assert did_you_mean("abcd", ["abxy"], cutoff=0.4) == "did you mean 'abxy'?"


def test_format_names() -> None:
    assert format_names([]) == "(none)"
    assert format_names(["a", "b"]) == "a, b"
    assert format_names(range(25), limit=3) == "0, 1, 2, ... (22 more)"


def test_missing_names_message_single() -> None:
    msg = missing_names_message("dimension", ["tme"], ["lat", "lon", "time"], "Dataset")
    assert msg == (
        "dimension 'tme' not found in Dataset; existing dimensions: lat, lon, time; "
        "did you mean 'time'?"
    )


def test_missing_names_message_plural_without_hint() -> None:
    msg = missing_names_message("variable", ["a", "b"], ["zzz"])
    assert msg == "variables 'a', 'b' not found; existing variables: zzz"


def test_missing_names_message_nothing_exists() -> None:
    msg = missing_names_message("coordinate", ["x"], [])
    assert "existing coordinates: (none)" in msg


@pytest.mark.parametrize(
    ("name", "candidates", "expected"),
    [
        ("latitude", ["lat", "lon", "time"], "did you mean 'lat'?"),
        ("longitude", ["lat", "lon", "time"], "did you mean 'lon'?"),
        ("temperature", ["temp", "pr"], "did you mean 'temp'?"),
        ("level", ["lev", "lat"], "did you mean 'lev'?"),
        ("x", ["lat", "lon"], ""),
        ("t", ["lat", "lon", "time"], ""),
    ],
)
def test_did_you_mean_abbreviations(name: str, candidates: list[str], expected: str) -> None:
    assert did_you_mean(name, candidates) == expected


class TestNameNotFoundError:
    def test_is_both_value_error_and_key_error(self) -> None:
        for caught in (KeyError, ValueError, LookupError):
            with pytest.raises(caught):
                raise NameNotFoundError("dimension 'tim' not found")

    def test_message_is_not_quoted(self) -> None:
        err = name_not_found("dimension", ["tim"], ["time", "lat"], "Dataset")
        assert str(err) == "dimension 'tim' not found in Dataset; existing dimensions: time, lat; did you mean 'time'?"
        assert str(NameNotFoundError("a\nb")) == "a\nb"  # KeyError would show 'a\\nb' in quotes
        assert str(NameNotFoundError("a", "b")) == "('a', 'b')"

    def test_pickles(self) -> None:
        import pickle

        err = pickle.loads(pickle.dumps(name_not_found("variable", ["x"], ["y"])))
        assert isinstance(err, NameNotFoundError) and "variable 'x' not found" in str(err)
