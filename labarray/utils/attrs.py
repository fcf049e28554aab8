"""Combining the ``attrs`` of several operands (binary operations, merges)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np

__all__ = ["attrs_equal", "attrs_values_equal", "drop_conflicts"]


def attrs_values_equal(a: Any, b: Any) -> bool:
    """Equality of two attribute values that also works for arrays and NaN."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
        except TypeError:
            return bool(np.array_equal(np.asarray(a), np.asarray(b)))
    try:
        equal = a == b
        if isinstance(equal, bool | np.bool_):
            if not equal and isinstance(a, float) and isinstance(b, float):
                return bool(np.isnan(a) and np.isnan(b))
            return bool(equal)
        return bool(np.all(equal))
    except Exception:
        return False


def drop_conflicts(*attrs: Mapping[Hashable, Any] | None) -> dict[Hashable, Any]:
    """Union of the attrs, leaving out every key whose values differ between operands.

    Examples
    --------
    >>> drop_conflicts({"units": "K", "a": 1}, {"units": "m", "b": 2})
    {'a': 1, 'b': 2}
    """
    result: dict[Hashable, Any] = {}
    dropped: set[Hashable] = set()
    for mapping in attrs:
        for key, value in (mapping or {}).items():
            if key in dropped:
                continue
            if key not in result:
                result[key] = value
            elif not attrs_values_equal(result[key], value):
                del result[key]
                dropped.add(key)
    return result


def attrs_equal(a: Mapping[Hashable, Any], b: Mapping[Hashable, Any]) -> bool:
    """True when both attribute mappings have the same keys and equal values (arrays, NaN ok)."""
    return set(a) == set(b) and all(attrs_values_equal(a[k], b[k]) for k in a)
