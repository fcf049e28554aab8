from __future__ import annotations

import re

import numpy as np
import pytest
from formatting_fakes import CustomIndex, FakeDataArray, FakeDataset, FakeVariable, LazyArray

from labarray.formatting import html as fhtml
from labarray.formatting.html import array_repr_html, dataset_repr_html, variable_repr_html
from labarray.formatting.text import array_repr, dataset_repr
from labarray.options import set_options


def _dataset(n_vars=2, attrs=None):
    data_vars = {
        f"v{i}": FakeVariable(("x",), np.arange(3.0), {"units": "m"}) for i in range(n_vars)
    }
    return FakeDataset(
        data_vars,
        coords={"x": FakeVariable("x", np.array([1, 2, 3]))},
        attrs=attrs if attrs is not None else {"title": "demo"},
    )


def _toggles(html: str) -> list[tuple[str, bool]]:
    """(label text, checked) of every section toggle."""
    pattern = (
        r"<input id='([^']+)' class='la-toggle' type='checkbox'( checked| disabled)?>"
        r"<label for='\1'[^>]*>(.*?)</label>"
    )
    return [(re.sub("<[^>]+>", "", m[2]), m[1] == " checked") for m in re.findall(pattern, html)]


def test_css_loaded_once_and_inlined():
    fhtml._load_css.cache_clear()
    out = dataset_repr_html(_dataset())
    dataset_repr_html(_dataset())
    assert fhtml._load_css.cache_info().misses == 1
    assert f"<style>{fhtml._load_css()}</style>" in out
    assert ".la-toggle:checked ~ .la-details" in fhtml._load_css()


def test_structure_without_javascript():
    out = dataset_repr_html(_dataset())
    assert "<script" not in out
    assert out.startswith("<div class='la-root'><style>")
    # text fallback shown without CSS, styled view hidden until CSS un-hides it
    assert "<pre class='la-text-fallback'>" in out
    assert "<div class='la-wrap' hidden>" in out
    ids = re.findall(r"<input id='([^']+)'", out)
    assert len(ids) == len(set(ids)) and all(f"<label for='{i}'" in out for i in ids)


def test_fallback_is_escaped_text_repr():
    ds = _dataset()
    out = dataset_repr_html(ds)
    fallback = re.search(r"<pre class='la-text-fallback'>(.*?)</pre>", out, re.S)[1]
    assert fallback == dataset_repr(ds).replace("<", "&lt;").replace(">", "&gt;").replace(
        "'", "&#x27;"
    )


def test_dataset_sections_and_header():
    out = dataset_repr_html(_dataset())
    sections = _toggles(out)
    titles = [t for t, _ in sections]
    assert "Coordinates: (1)" in titles and "Data variables: (2)" in titles
    assert "Attributes: (1)" in titles
    assert "<div class='la-obj-type'>labarray.Dataset</div>" in out
    assert "<li><span class='la-has-index'>x</span>: 3</li>" in out
    assert "<span class='la-var-name la-indexed'>* x</span>" in out
    assert "<span class='la-var-preview'>0.0 1.0 2.0</span>" in out
    assert "Size: 72B" in out
    assert "Indexes" not in titles


def test_sections_collapse_past_max_rows():
    with set_options(display_max_rows=3):
        sections = dict(_toggles(dataset_repr_html(_dataset(n_vars=5))))
    assert sections["Data variables: (5)"] is False
    assert sections["Coordinates: (1)"] is True
    with set_options(
        display_max_rows=3,
        display_expand_data_vars=True,
        display_expand_coords=False,
        display_expand_attrs=False,
    ):
        sections = dict(_toggles(dataset_repr_html(_dataset(n_vars=5))))
    assert sections["Data variables: (5)"] is True
    assert sections["Coordinates: (1)"] is False
    assert sections["Attributes: (1)"] is False


def test_empty_sections_are_folded():
    sections = dict(_toggles(dataset_repr_html(FakeDataset({}))))
    assert sections == {
        "Coordinates: (0)": False,
        "Data variables: (0)": False,
        "Attributes: (0)": False,
    }


def test_names_and_attrs_are_escaped():
    evil = "<script>alert('x')</script>"
    var = FakeVariable(("x",), np.array([evil]), {evil: evil})
    da = FakeDataArray(var, {evil: FakeVariable((), np.array(1))}, name=evil)
    out = array_repr_html(da)
    assert "<script>" not in out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out
    ds = FakeDataset({evil: var}, attrs={evil: evil})
    assert "<script>" not in dataset_repr_html(ds)
    assert "<script>" not in variable_repr_html(var)


def test_array_repr_html():
    var = FakeVariable(("time", "y"), np.arange(6.0).reshape(3, 2), {"units": "K"})
    da = FakeDataArray(var, {"time": FakeVariable("time", np.array([1, 2, 3]))}, name="ta")
    out = array_repr_html(da)
    assert "<div class='la-obj-name'>&#x27;ta&#x27;</div>" in out
    assert "<li><span class='la-has-index'>time</span>: 3</li><li><span>y</span>: 2</li>" in out
    sections = dict(_toggles(out))
    assert sections["Data"] is True
    assert "array([[0., 1.]," in out
    assert "<dt><span>units:</span></dt><dd>K</dd>" in out
    assert (
        array_repr(da)
        .split("\n")[0]
        .replace("'", "&#x27;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        in out
    )
    with set_options(display_expand_data=False):
        assert dict(_toggles(array_repr_html(da)))["Data"] is False


def test_array_repr_html_indexes_section():
    var = FakeVariable(("x",), np.arange(2))
    coords = {"x": FakeVariable("x", np.array([5, 6]))}
    da = FakeDataArray(var, coords, indexes={"x": CustomIndex("x", [5, 6])})
    out = array_repr_html(da)
    assert "Indexes: (1)" in [t for t, _ in _toggles(out)]
    assert "CustomIndex(&lt;tree&gt;)" in out
    with set_options(display_default_indexes=True):
        assert "Indexes: (1)" in [
            t for t, _ in _toggles(array_repr_html(FakeDataArray(var, coords)))
        ]


def test_variable_repr_html_lazy_and_dask():
    lazy = FakeVariable(("x",), LazyArray((5,)))
    out = variable_repr_html(lazy)
    assert "[5 values with dtype=float64]" in out
    assert "<div class='la-obj-type'>labarray.Variable</div>" in out
    da = pytest.importorskip("dask.array")
    out = variable_repr_html(FakeVariable(("x",), da.zeros(10, chunks=5)))
    assert "dask.array&lt;chunksize=(5,), meta=np.ndarray&gt;" in out


def test_empty_section_toggles_are_disabled():
    out = dataset_repr_html(FakeDataset({}))
    assert out.count("type='checkbox' disabled>") == 3


@pytest.mark.parametrize(
    ("func", "obj", "message"),
    [
        (
            variable_repr_html,
            np.arange(3),
            "variable_repr_html expects a labarray Variable .*"
            "got ndarray, which lacks dims, sizes, attrs",
        ),
        (
            array_repr_html,
            FakeVariable(("x",), np.arange(2)),
            "array_repr_html expects a labarray "
            "DataArray .*got FakeVariable, which lacks name, variable, coords, xindexes",
        ),
        (dataset_repr_html, {"a": 1}, "dataset_repr_html expects a labarray Dataset .*got dict"),
    ],
)
def test_html_rejects_wrong_objects(func, obj, message):
    with pytest.raises(TypeError, match=message):
        func(obj)


def test_huge_sections_are_cut(monkeypatch):
    monkeypatch.setattr(fhtml, "_HTML_MAX_ROWS", 5)
    data_vars = {f"v{i}": FakeVariable(("x",), np.arange(2)) for i in range(20)}
    data_vars["lazy"] = FakeVariable(("x",), LazyArray((2,)))  # raises if read
    with set_options(display_max_rows=3):
        out = dataset_repr_html(FakeDataset(data_vars))
    assert out.count("<li class='la-var'>") == 5
    assert "<li class='la-truncated'>... and 16 more</li>" in out
    assert dict(_toggles(out))["Data variables: (21)"] is False
    with set_options(display_max_rows=30):
        assert dataset_repr_html(FakeDataset(data_vars)).count("<li class='la-var'>") == 21
