"""Read-only mapping views used for ``.dims``, ``.sizes``, ``.indexes`` and friends."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

__all__ = ["Frozen", "is_dict_like"]


class Frozen(Mapping[K, V]):
    """Wrap a mapping so it cannot be changed through this view."""

    __slots__ = ("mapping",)

    def __init__(self, mapping: Mapping[K, V]):
        self.mapping = mapping

    def __getitem__(self, key: K) -> V:
        return self.mapping[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self.mapping)

    def __len__(self) -> int:
        return len(self.mapping)

    def __contains__(self, key: object) -> bool:
        return key in self.mapping

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.mapping!r})"




def is_dict_like(value: Any) -> bool:
    """True for mappings and objects that quack like one (``keys`` and ``__getitem__``)."""
    return hasattr(value, "keys") and hasattr(value, "__getitem__")
