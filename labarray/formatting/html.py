"""HTML reprs (``_repr_html_``) of Variables, DataArrays and Datasets.

The output is self-contained: an inline ``<style>`` (``static/style.css``, read once), a styled
view whose sections fold with hidden checkboxes and labels (no JavaScript), and a plain-text
``<pre>`` fallback that is shown instead where CSS is not applied. Every name, value and
attribute is escaped.

>>> from types import SimpleNamespace
>>> import numpy as np
>>> v = SimpleNamespace(dims=("x",), sizes={"x": 2}, data=np.array([1, 2]), shape=(2,),
...                     dtype=np.dtype("int64"), nbytes=16, attrs={})
>>> "<style>" in variable_repr_html(v)
True
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Hashable, Mapping, Sequence
from html import escape
from importlib.resources import files
from typing import Any

from labarray.formatting import text
from labarray.options import OPTIONS

__all__ = ["array_repr_html", "dataset_repr_html", "variable_repr_html"]

_INLINE_WIDTH = 40  # characters of the one-line value preview of a variable row
_HTML_MAX_ROWS = 500  # rows rendered per variables section at most
_FALLBACK_NOTE = (
    "This is the plain-text view of a labarray object; the interactive view needs a "
    "front end that applies inline CSS (in Jupyter, trust the notebook)."
)


@functools.cache
def _load_css() -> str:
    """The stylesheet shipped in ``labarray/formatting/static`` (read on first use only)."""
    return files("labarray.formatting").joinpath("static/style.css").read_text(encoding="utf-8")


def _uid(prefix: str) -> str:
    return f"la-{prefix}-{uuid.uuid4().hex[:12]}"


def _collapsible(
    summary: str,
    details: str,
    expanded: bool,
    css_class: str = "la-section",
    inline_preview: str = "",
) -> str:
    """A foldable block: hidden checkbox + label toggling the details (pure CSS)."""
    uid = _uid("toggle")
    checked = " checked" if expanded else ""
    if not details:
        checked = " disabled"
    preview = f"<div class='la-inline-preview'>{inline_preview}</div>" if inline_preview else ""
    return (
        f"<div class='{css_class}'>"
        f"<input id='{uid}' class='la-toggle' type='checkbox'{checked}>"
        f"<label for='{uid}' class='la-summary' title='Show/hide'>{summary}</label>"
        f"{preview}<div class='la-details'>{details}</div></div>"
    )


def _expanded(option: str, count: int) -> bool:
    """Sections follow their ``display_expand_*`` option; by default they start folded past
    ``display_max_rows`` entries."""
    value = OPTIONS[option]  # type: ignore[literal-required]
    if value == "default":
        return count <= OPTIONS["display_max_rows"]
    return bool(value)


def _section(title: str, count: int, body: str, option: str) -> str:
    summary = f"{escape(title)}: <span class='la-count'>({count})</span>"
    body = body if count else ""
    return f"<li>{_collapsible(summary, body, count > 0 and _expanded(option, count))}</li>"


def _attrs_html(attrs: Mapping[Hashable, Any]) -> str:
    rows = "".join(
        f"<dt><span>{escape(str(k))}:</span></dt><dd>{escape(str(v))}</dd>"
        for k, v in attrs.items()
    )
    return f"<dl class='la-attrs'>{rows}</dl>"


def _data_pre(var: Any) -> str:
    return f"<pre class='la-pre'>{escape(text.short_data_repr(var))}</pre>"


def _variable_row(
    name: Hashable, var: Any, is_index: bool = False, preview: str | None = None
) -> str:
    var = text._variable_of(var)
    dims = f"({', '.join(map(str, var.dims))})"
    indexed = " la-indexed" if is_index else ""
    attrs = var.attrs
    more = _collapsible(
        f"attributes ({len(attrs)}) and data",
        (_attrs_html(attrs) if attrs else "") + _data_pre(var),
        expanded=False,
        css_class="la-var-more",
    )
    return (
        "<li class='la-var'>"
        f"<span class='la-var-name{indexed}'>{'* ' if is_index else ''}{escape(str(name))}</span>"
        f"<span class='la-var-dims'>{escape(dims)}</span>"
        f"<span class='la-var-dtype'>{escape(str(var.dtype))}</span>"
        f"<span class='la-var-size'>{text.render_nbytes(var.nbytes)}</span>"
        f"<span class='la-var-preview'>"
        f"{escape(preview or text.inline_variable_array_repr(var, _INLINE_WIDTH))}</span>"
        f"{more}</li>"
    )


def _var_list(mapping: Mapping[Hashable, Any], xindexes: Any = None) -> str:
    """Rows of a variables section; past ``_HTML_MAX_ROWS`` (or ``display_max_rows`` when larger)
    the remaining rows are replaced by a count, so the output stays small."""
    indexed = text._index_names(xindexes)
    limit = max(_HTML_MAX_ROWS, OPTIONS["display_max_rows"])
    names = list(mapping)
    rows = "".join(
        _variable_row(k, mapping[k], k in indexed, text._coord_preview(k, xindexes))
        for k in names[:limit]
    )
    if len(names) > limit:
        rows += f"<li class='la-truncated'>... and {len(names) - limit} more</li>"
    return f"<ul class='la-var-list'>{rows}</ul>"


def _indexes_html(indexes: Mapping[Hashable, Any]) -> str:
    groups: dict[int, tuple[list[Hashable], Any]] = {}
    for name, index in indexes.items():
        groups.setdefault(id(index), ([], index))[0].append(name)
    rows = "".join(
        f"<dt>{escape(', '.join(map(str, names)))}</dt>"
        f"<dd><pre class='la-pre'>{escape(repr(index))}</pre></dd>"
        for names, index in groups.values()
    )
    return f"<dl class='la-attrs'>{rows}</dl>"


def _header(
    kind: str,
    name: Hashable | None,
    sizes: Mapping[Hashable, int],
    indexed_dims: set[Hashable],
    nbytes: int,
) -> str:
    name_html = f"<div class='la-obj-name'>{escape(repr(name))}</div>" if name is not None else ""
    marked = " class='la-has-index'"
    dims = "".join(
        f"<li><span{marked if d in indexed_dims else ''}>{escape(str(d))}</span>: {size}</li>"
        for d, size in sizes.items()
    )
    return (
        f"<div class='la-header'><div class='la-obj-type'>labarray.{kind}</div>{name_html}"
        f"<ul class='la-dim-list'>{dims}</ul>"
        f"<div class='la-size'>Size: {text.render_nbytes(nbytes)}</div></div>"
    )


def _wrap(fallback: str, header: str, sections: Sequence[str]) -> str:
    return (
        f"<div class='la-root'><style>{_load_css()}</style>"
        f"<pre class='la-text-fallback'>{escape(fallback)}</pre>"
        f"<div class='la-no-css-note'>{escape(_FALLBACK_NOTE)}</div>"
        f"<div class='la-wrap' hidden>{header}<ul class='la-sections'>{''.join(sections)}</ul>"
        "</div></div>"
    )


def _data_section(var: Any) -> str:
    preview = escape(text.inline_variable_array_repr(var, OPTIONS["display_width"]))
    body = _data_pre(var)
    value = OPTIONS["display_expand_data"]
    expanded = True if value == "default" else bool(value)
    return "<li>" + _collapsible("Data", body, expanded, inline_preview=preview) + "</li>"


def _common_sections(
    coords: Mapping[Hashable, Any],
    data_vars: Mapping[Hashable, Any] | None,
    xindexes: Any,
    attrs: Mapping[Hashable, Any],
) -> list[str]:
    sections = [
        _section("Coordinates", len(coords), _var_list(coords, xindexes), "display_expand_coords")
    ]
    if data_vars is not None:
        sections.append(
            _section(
                "Data variables", len(data_vars), _var_list(data_vars), "display_expand_data_vars"
            )
        )
    shown = text._shown_indexes(xindexes)
    if shown:
        sections.append(
            _section("Indexes", len(shown), _indexes_html(shown), "display_expand_indexes")
        )
    sections.append(_section("Attributes", len(attrs), _attrs_html(attrs), "display_expand_attrs"))
    return sections


def variable_repr_html(var: Any) -> str:
    """HTML repr of a Variable: header, foldable data and attributes.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> v = SimpleNamespace(dims=("x",), sizes={"x": 2}, data=np.array([1, 2]), shape=(2,),
    ...                     dtype=np.dtype("int64"), nbytes=16, attrs={"units": "<m>"})
    >>> "&lt;m&gt;" in variable_repr_html(v)
    True
    """
    text._require(var, text._VARIABLE_ATTRS, "Variable", "variable_repr_html")
    header = _header("Variable", None, var.sizes, set(), var.nbytes)
    sections = [_data_section(var)]
    sections.append(
        _section("Attributes", len(var.attrs), _attrs_html(var.attrs), "display_expand_attrs")
    )
    return _wrap(text.variable_repr(var), header, sections)


def array_repr_html(da: Any) -> str:
    """HTML repr of a DataArray: header (indexed dimensions underlined), data, coordinates,
    non-default indexes and attributes, each foldable.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> v = SimpleNamespace(dims=("x",), sizes={"x": 2}, data=np.array([1, 2]), shape=(2,),
    ...                     dtype=np.dtype("int64"), nbytes=16, attrs={})
    >>> da = SimpleNamespace(name="<b>", variable=v, dims=v.dims, sizes=v.sizes, attrs={},
    ...                      coords={}, xindexes={})
    >>> "<b>" in array_repr_html(da)
    False
    """
    text._require(da, text._DATAARRAY_ATTRS, "DataArray", "array_repr_html")
    indexed_dims = {d for d in da.dims if d in text._index_names(da.xindexes)}
    header = _header("DataArray", da.name, da.sizes, indexed_dims, da.variable.nbytes)
    sections = [
        _data_section(da.variable),
        *_common_sections(da.coords, None, da.xindexes, da.attrs),
    ]
    return _wrap(text.array_repr(da), header, sections)


def dataset_repr_html(ds: Any) -> str:
    """HTML repr of a Dataset: header with dimensions, then foldable coordinates, data
    variables, non-default indexes and attributes.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> import numpy as np
    >>> v = SimpleNamespace(dims=("x",), sizes={"x": 2}, data=np.array([1, 2]), shape=(2,),
    ...                     dtype=np.dtype("int64"), nbytes=16, attrs={})
    >>> ds = SimpleNamespace(_variables={"a": v}, _coord_names=set(), sizes={"x": 2},
    ...                      attrs={}, xindexes={})
    >>> "Data variables" in dataset_repr_html(ds)
    True
    """
    text._require(ds, text._DATASET_ATTRS, "Dataset", "dataset_repr_html")
    coords, data_vars = text._split_dataset(ds)
    indexed_dims = {d for d in ds.sizes if d in text._index_names(ds.xindexes)}
    nbytes = text._total_nbytes(ds._variables.values())
    header = _header("Dataset", None, ds.sizes, indexed_dims, nbytes)
    sections = _common_sections(coords, data_vars, ds.xindexes, ds.attrs)
    return _wrap(text.dataset_repr(ds), header, sections)
