"""Type aliases and Protocols shared across labarray (typing only; no runtime behaviour)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any, Literal, Protocol, TypeAlias, runtime_checkable

import numpy as np

__all__ = [
    "DimsLike",
    "Dims",
    "ErrorOptions",
    "JoinOptions",
    "MissingDims",
    "DuckArray",
    "ChunksLike",
    "CompatOptions",
]

DimsLike: TypeAlias = Hashable | Iterable[Hashable]
Dims: TypeAlias = Hashable | Iterable[Hashable] | None
ErrorOptions: TypeAlias = Literal["raise", "ignore"]
MissingDims: TypeAlias = Literal["raise", "warn", "ignore"]
JoinOptions: TypeAlias = Literal["inner", "outer", "left", "right", "exact", "override"]
CompatOptions: TypeAlias = Literal[
    "identical", "equals", "broadcast_equals", "no_conflicts", "override", "minimal"
]
ChunksLike: TypeAlias = int | Literal["auto"] | tuple[int, ...] | Mapping[Any, Any] | None


@runtime_checkable
class DuckArray(Protocol):
    """What labarray needs of an array: NumPy, Dask and lazily indexed backend arrays all qualify."""

    @property
    def shape(self) -> tuple[int, ...]: ...

    @property
    def dtype(self) -> np.dtype[Any]: ...

    @property
    def ndim(self) -> int: ...

    def __getitem__(self, key: Any) -> Any: ...
