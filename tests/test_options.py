"""Tests of labarray.options: validation, set_options as context manager and globally."""

from __future__ import annotations

import numpy as np
import pytest

import labarray as la
from labarray.options import OPTIONS, _get_keep_attrs, get_options, set_options

VALID = {
    "arithmetic_join": ["inner", "outer", "left", "right", "exact"],
    "keep_attrs": ["default", True, False],
    "display_width": [1, 120],
    "display_max_rows": [1, 50],
    "display_values_threshold": [1, 1000],
    "display_expand_attrs": ["default", True, False],
    "display_expand_coords": ["default", True, False],
    "display_expand_data_vars": ["default", True, False],
    "display_expand_data": ["default", True, False],
    "display_expand_indexes": ["default", True, False],
    "display_style": ["text", "html"],
    "display_default_indexes": [True, False],
    "use_numba": [True, False],
    "parallel_threshold": [1, 10**9],
    "warn_for_unclosed_files": [True, False],
    "use_cftime": [None, True, False],
    "file_cache_maxsize": [1, 128, 1000],
}

INVALID = {
    "arithmetic_join": (["middle", None, 1], r"arithmetic_join.*one of"),
    "keep_attrs": (["yes", None, 1], r"keep_attrs.*True, False or 'default'"),
    "display_width": ([0, -1, 1.5, True, "80"], r"display_width.*positive integer"),
    "display_max_rows": ([0, -3, 2.0, False], r"display_max_rows.*positive integer"),
    "display_values_threshold": ([0, "x"], r"display_values_threshold.*positive integer"),
    "display_expand_attrs": (["yes", 1, None], r"display_expand_attrs"),
    "display_expand_coords": (["no", 0], r"display_expand_coords"),
    "display_expand_data_vars": (["x"], r"display_expand_data_vars"),
    "display_expand_data": ([2], r"display_expand_data"),
    "display_expand_indexes": ([None], r"display_expand_indexes"),
    "display_style": (["json", None, True], r"display_style.*'text' or 'html'"),
    "display_default_indexes": ([1, "True", None], r"display_default_indexes.*True or False"),
    "use_numba": ([1, "no"], r"use_numba.*True or False"),
    "parallel_threshold": ([0, -5, 1.0], r"parallel_threshold.*positive integer"),
    "warn_for_unclosed_files": ([0, "x"], r"warn_for_unclosed_files.*True or False"),
    "use_cftime": ([0, "yes"], r"use_cftime.*True, False or None"),
    "file_cache_maxsize": ([0, -1, 2.5, "many"], r"file_cache_maxsize.*positive integer"),
}


def test_every_option_has_test_cases() -> None:
    assert set(VALID) == set(OPTIONS)
    assert set(INVALID) == set(OPTIONS)


def test_defaults() -> None:
    opts = get_options()
    assert opts["arithmetic_join"] == "inner"
    assert opts["keep_attrs"] == "default"
    assert opts["display_width"] == 80
    assert opts["display_style"] == "html"


def test_get_options_returns_a_copy() -> None:
    opts = get_options()
    opts["display_width"] = 1
    assert get_options()["display_width"] == 80


@pytest.mark.parametrize(("name", "value"), [(k, v) for k, vs in VALID.items() for v in vs])
def test_valid_values_accepted_and_restored(name: str, value: object) -> None:
    before = get_options()[name]
    with set_options(**{name: value}):
        assert get_options()[name] == value
    assert get_options()[name] == before


@pytest.mark.parametrize(
    ("name", "value", "pattern"),
    [(k, v, pat) for k, (vs, pat) in INVALID.items() for v in vs],
)
def test_invalid_values_rejected(name: str, value: object, pattern: str) -> None:
    before = get_options()
    with pytest.raises(ValueError, match=pattern):
        set_options(**{name: value})
    # a rejected value changes nothing
    assert get_options() == before


def test_invalid_message_shows_bad_value() -> None:
    with pytest.raises(ValueError, match=r"got 'middle'"):
        set_options(arithmetic_join="middle")


def test_unknown_option_suggests_closest() -> None:
    with pytest.raises(
        ValueError, match=r"'display_widht' is not a labarray option.*did you mean 'display_width'"
    ):
        set_options(display_widht=100)


def test_unknown_option_lists_valid_options() -> None:
    with pytest.raises(ValueError, match=r"valid options are: .*arithmetic_join.*use_numba"):
        set_options(completely_unrelated=1)


def test_partial_failure_changes_nothing() -> None:
    before = get_options()
    with pytest.raises(ValueError):
        set_options(display_width=100, arithmetic_join="bad")
    assert get_options() == before


def test_set_options_globally_then_restore() -> None:
    set_options(display_width=99)
    try:
        assert OPTIONS["display_width"] == 99
    finally:
        set_options(display_width=80)
    assert OPTIONS["display_width"] == 80


def test_context_manager_restores_on_exception() -> None:
    with pytest.raises(RuntimeError):
        with set_options(arithmetic_join="outer", keep_attrs=True):
            raise RuntimeError("boom")
    assert OPTIONS["arithmetic_join"] == "inner"
    assert OPTIONS["keep_attrs"] == "default"


def test_nested_context_managers() -> None:
    with set_options(display_width=100):
        with set_options(display_width=50):
            assert OPTIONS["display_width"] == 50
        assert OPTIONS["display_width"] == 100
    assert OPTIONS["display_width"] == 80


def test_set_options_exported_at_top_level() -> None:
    assert la.set_options is set_options
    assert la.get_options is get_options


@pytest.mark.parametrize(
    ("option", "default", "expected"),
    [("default", True, True), ("default", False, False), (True, False, True), (False, True, False)],
)
def test_get_keep_attrs(option: object, default: bool, expected: bool) -> None:
    with set_options(keep_attrs=option):
        assert _get_keep_attrs(default) is expected


def test_arithmetic_join_option_applies_to_datasets() -> None:
    a = la.Dataset({"v": ("x", [1.0, 2.0, 3.0])}, coords={"x": [0, 1, 2]})
    b = la.Dataset({"v": ("x", [10.0, 20.0, 30.0])}, coords={"x": [1, 2, 3]})
    assert list((a + b).x.values) == [1, 2]
    with set_options(arithmetic_join="outer"):
        out = a + b
    assert list(out.x.values) == [0, 1, 2, 3]
    np.testing.assert_array_equal(out.v.values, [np.nan, 12.0, 23.0, np.nan])
    with set_options(arithmetic_join="exact"):
        with pytest.raises(ValueError, match=r"x"):
            a + b


def test_keep_attrs_option_applies_to_arithmetic() -> None:
    ds = la.Dataset({"v": ("x", [1.0, 2.0], {"units": "m"})}, attrs={"title": "t"})
    with set_options(keep_attrs=True):
        out = ds + 1
    assert out.attrs == {"title": "t"}
    assert out.v.attrs == {"units": "m"}
    with set_options(keep_attrs=False):
        out = ds + 1
    assert out.attrs == {}
    assert out.v.attrs == {}


def _many_vars() -> la.Dataset:
    return la.Dataset({f"v{i}": ("x", np.arange(3.0)) for i in range(30)})


def test_display_max_rows_truncates_dataset_repr() -> None:
    with set_options(display_max_rows=4):
        text = repr(_many_vars())
    assert "Data variables: (4/30)" in text
    assert "v0 " in text and "v29" in text and "v10 " not in text


def test_display_width_bounds_lines() -> None:
    ds = la.Dataset({"long": ("x", np.arange(100.0))})
    with set_options(display_width=50):
        text = repr(ds)
    assert max(len(line) for line in text.splitlines()) <= 50
    with set_options(display_width=120):
        wide = repr(ds)
    assert max(len(line) for line in wide.splitlines()) > 50


def test_display_expand_data_vars_false_collapses() -> None:
    with set_options(display_expand_data_vars=False):
        text = repr(_many_vars())
    assert "Data variables: (30)" in text
    assert "v0 " not in text


def test_display_style_text_makes_html_repr_plain() -> None:
    ds = _many_vars()
    with set_options(display_style="text"):
        html = ds._repr_html_()
    assert html.startswith("<pre>") and "&lt;labarray.Dataset&gt;" in html
    assert not ds._repr_html_().startswith("<pre>")


def test_use_numba_false_gives_same_selection() -> None:
    ds = la.Dataset({"v": (("x", "y"), np.arange(12.0).reshape(4, 3))}, coords={"x": [0, 1, 2, 3]})
    expected = ds.isel(x=[3, 0, 2], y=[1, 1])
    with set_options(use_numba=False):
        actual = ds.isel(x=[3, 0, 2], y=[1, 1])
    assert actual.identical(expected)
