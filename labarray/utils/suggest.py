"""Helpful error messages: list what exists and suggest the closest match.

>>> did_you_mean("lattitude", ["lat", "lon", "time"])
"did you mean 'lat'?"
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterable

__all__ = ["NameNotFoundError", "did_you_mean", "format_names", "missing_names_message", "name_not_found"]


class NameNotFoundError(ValueError, KeyError):
    """A dimension, variable or coordinate name that does not exist.

    Both a ``ValueError`` and a ``KeyError``: xarray raises one or the other depending on the
    method (``KeyError`` from ``stack``/``resample``/``polyfit``, ``ValueError`` from ``isel``/
    ``transpose``), so ``except KeyError`` and ``except ValueError`` both catch it. Unlike a
    plain ``KeyError``, its message is shown as written, not quoted.

    Examples
    --------
    >>> err = NameNotFoundError("dimension 'tim' not found")
    >>> isinstance(err, KeyError) and isinstance(err, ValueError)
    True
    >>> str(err)
    "dimension 'tim' not found"
    """

    def __str__(self) -> str:
        # KeyError.__str__ would show repr(message), quotes and escaped newlines included
        return str(self.args[0]) if len(self.args) == 1 else ValueError.__str__(self)


def format_names(names: Iterable[Hashable], limit: int = 20) -> str:
    """Join names for a message: ``lat, lon, time`` (truncated past ``limit`` entries)."""
    texts = [str(n) for n in names]
    if not texts:
        return "(none)"
    if len(texts) > limit:
        return ", ".join(texts[:limit]) + f", ... ({len(texts) - limit} more)"
    return ", ".join(texts)


def did_you_mean(name: Hashable, candidates: Iterable[Hashable], cutoff: float = 0.6) -> str:
    """Return ``"did you mean 'x'?"`` for the closest candidate, or ``""`` when none is close."""
    by_text = {str(c): c for c in candidates}
    text = str(name)
    matches = difflib.get_close_matches(text, list(by_text), n=1, cutoff=cutoff)
    if not matches:
        lowered = {k.lower(): k for k in by_text}
        if text.lower() in lowered:
            matches = [lowered[text.lower()]]
    if not matches:
        # abbreviations and their long forms: 'lat' for 'lattitude', 'temperature' for 'temp'
        low = text.lower()
        related = [k for k in by_text if len(k) >= 2 and (low.startswith(k.lower()) or k.lower().startswith(low))]
        if len(text) >= 2 and related:
            matches = [max(related, key=lambda k: difflib.SequenceMatcher(None, low, k.lower()).ratio())]
    if not matches:
        return ""
    return f"did you mean {by_text[matches[0]]!r}?"


def missing_names_message(
    kind: str, missing: Iterable[Hashable], existing: Iterable[Hashable], where: str = ""
) -> str:
    """Compose ``"dimension 'lattitude' not found in ...; existing dimensions: ...; did you mean 'lat'?"``.

    Parameters
    ----------
    kind
        What the names are, singular (``"dimension"``, ``"variable"``, ``"coordinate"``).
    missing
        The names that were asked for and do not exist.
    existing
        The names that do exist.
    where
        Optional description of the object, e.g. ``"DataArray 'ta'"``.
    """
    missing = list(missing)
    existing = list(existing)
    plural = "s" if len(missing) > 1 else ""
    shown = ", ".join(repr(m) for m in missing)
    message = f"{kind}{plural} {shown} not found"
    if where:
        message += f" in {where}"
    message += f"; existing {kind}s: {format_names(existing)}"
    hints = [h for h in (did_you_mean(m, existing) for m in missing) if h]
    if hints:
        message += "; " + "; ".join(hints)
    return message


def name_not_found(
    kind: str, missing: Iterable[Hashable], existing: Iterable[Hashable], where: str = ""
) -> NameNotFoundError:
    """The :class:`NameNotFoundError` to raise, with :func:`missing_names_message`'s text.

    Examples
    --------
    >>> str(name_not_found("dimension", ["tim"], ["time", "lat"]))
    "dimension 'tim' not found; existing dimensions: time, lat; did you mean 'time'?"
    """
    return NameNotFoundError(missing_names_message(kind, missing, existing, where))
