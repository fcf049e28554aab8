"""Global options: one dict, one validator per option, ``set_options`` as call or context manager.

>>> import labarray as la
>>> with la.set_options(display_width=100):
...     la.get_options()["display_width"]
100
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypedDict

from labarray.utils.suggest import did_you_mean

__all__ = ["OPTIONS", "get_options", "set_options", "_get_keep_attrs"]


class Options(TypedDict):
    arithmetic_join: Literal["inner", "outer", "left", "right", "exact"]
    keep_attrs: Literal["default"] | bool
    display_width: int
    display_max_rows: int
    display_values_threshold: int
    display_expand_attrs: Literal["default"] | bool
    display_expand_coords: Literal["default"] | bool
    display_expand_data_vars: Literal["default"] | bool
    display_expand_data: Literal["default"] | bool
    display_expand_indexes: Literal["default"] | bool
    display_style: Literal["text", "html"]
    display_default_indexes: bool
    use_numba: bool
    parallel_threshold: int
    warn_for_unclosed_files: bool
    use_cftime: bool | None
    file_cache_maxsize: int


OPTIONS: Options = {
    "arithmetic_join": "inner",
    "keep_attrs": "default",
    "display_width": 80,
    "display_max_rows": 12,
    "display_values_threshold": 200,
    "display_expand_attrs": "default",
    "display_expand_coords": "default",
    "display_expand_data_vars": "default",
    "display_expand_data": "default",
    "display_expand_indexes": "default",
    "display_style": "html",
    "display_default_indexes": False,
    "use_numba": True,
    "parallel_threshold": 1_000_000,
    "warn_for_unclosed_files": False,
    "use_cftime": None,
    "file_cache_maxsize": 128,
}

_JOIN_OPTIONS = frozenset(["inner", "outer", "left", "right", "exact"])
_DISPLAY_EXPAND = ("default", True, False)


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _expand(value: Any) -> bool:
    return value in _DISPLAY_EXPAND and (isinstance(value, bool) or value == "default")


_VALIDATORS: dict[str, tuple[Callable[[Any], bool], str]] = {
    "arithmetic_join": (lambda v: v in _JOIN_OPTIONS, f"one of {sorted(_JOIN_OPTIONS)}"),
    "keep_attrs": (lambda v: v == "default" or isinstance(v, bool), "True, False or 'default'"),
    "display_width": (_positive_int, "a positive integer"),
    "display_max_rows": (_positive_int, "a positive integer"),
    "display_values_threshold": (_positive_int, "a positive integer"),
    "display_expand_attrs": (_expand, "True, False or 'default'"),
    "display_expand_coords": (_expand, "True, False or 'default'"),
    "display_expand_data_vars": (_expand, "True, False or 'default'"),
    "display_expand_data": (_expand, "True, False or 'default'"),
    "display_expand_indexes": (_expand, "True, False or 'default'"),
    "display_style": (lambda v: v in ("text", "html"), "'text' or 'html'"),
    "display_default_indexes": (_is_bool, "True or False"),
    "use_numba": (_is_bool, "True or False"),
    "parallel_threshold": (_positive_int, "a positive integer"),
    "warn_for_unclosed_files": (_is_bool, "True or False"),
    "use_cftime": (lambda v: v is None or isinstance(v, bool), "True, False or None"),
    "file_cache_maxsize": (_positive_int, "a positive integer"),
}


def get_options() -> dict[str, Any]:
    """Return a copy of the current options.

    Examples
    --------
    >>> get_options()["arithmetic_join"]
    'inner'
    """
    return dict(OPTIONS)


def _get_keep_attrs(default: bool) -> bool:
    """Resolve the ``keep_attrs`` option against an operation's own default."""
    value = OPTIONS["keep_attrs"]
    return default if value == "default" else bool(value)


class set_options:
    """Set labarray options globally or, used with ``with``, for a block only.

    Parameters
    ----------
    arithmetic_join : {"inner", "outer", "left", "right", "exact"}, default: "inner"
        How binary operations align their operands' indexes.
    keep_attrs : {"default", True, False}, default: "default"
        Whether operations keep ``attrs``; "default" keeps each operation's own rule.
    display_width : int, default: 80
        Width of the text repr in characters.
    display_max_rows : int, default: 12
        Rows shown per section of the text repr before it is cut.
    display_values_threshold : int, default: 200
        Arrays larger than this are summarised (first and last values) in reprs.
    display_expand_attrs, display_expand_coords, display_expand_data_vars, display_expand_data, display_expand_indexes : {"default", True, False}
        Whether the sections of the reprs start expanded.
    display_style : {"text", "html"}, default: "html"
        What Jupyter shows for labarray objects.
    display_default_indexes : bool, default: False
        Whether the repr lists default (pandas) indexes in the "Indexes" section.
    use_numba : bool, default: True
        Use labarray's numba kernels; False falls back to NumPy (slower, for debugging).
    parallel_threshold : int, default: 1_000_000
        Number of elements from which kernels use numba's parallel target.
    warn_for_unclosed_files : bool, default: False
        Warn when a file handle is closed by garbage collection.
    use_cftime : {None, True, False}, default: None
        How CF decoding represents dates: None gives datetime64 when the calendar and the
        range allow it and ``cftime.datetime`` objects otherwise; True always gives cftime
        objects; False always gives datetime64 (raising where impossible).
    file_cache_maxsize : int, default: 128
        Most files the IO backends keep open at once (least recently used ones are closed and
        reopened on demand).

    Examples
    --------
    >>> with set_options(arithmetic_join="outer"):
    ...     get_options()["arithmetic_join"]
    'outer'
    >>> get_options()["arithmetic_join"]
    'inner'
    """

    def __init__(self, **kwargs: Any) -> None:
        self.old: dict[str, Any] = {}
        for key, value in kwargs.items():
            if key not in OPTIONS:
                hint = did_you_mean(key, OPTIONS)
                raise ValueError(
                    f"{key!r} is not a labarray option; valid options are: "
                    f"{', '.join(sorted(OPTIONS))}" + (f"; {hint}" if hint else "")
                )
            check, expected = _VALIDATORS[key]
            if not check(value):
                raise ValueError(f"option {key!r} must be {expected}; got {value!r}")
            self.old[key] = OPTIONS[key]  # type: ignore[literal-required]
        OPTIONS.update(kwargs)  # type: ignore[typeddict-item]

    def __enter__(self) -> set_options:
        return self

    def __exit__(self, *exc: object) -> None:
        OPTIONS.update(self.old)  # type: ignore[typeddict-item]
