"""The ``Index`` base class, the result of ``Index.sel`` and small conversion helpers.

An ``Index`` owns one or more coordinates of a Dataset/DataArray and turns label queries into
positional ones (``sel``), follows positional selection (``isel``), and takes part in alignment
(``join``, ``reindex_like``, ``equals``). Concrete classes live in ``pandas_index.py`` and
``multi_index.py``.
"""

from __future__ import annotations

import copy as copy_module
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from typing import Self

    from labarray.variable import Variable

__all__ = [
    "Index",
    "IndexSelResult",
    "as_numpy_dtype",
    "get_pandas_index",
    "is_variable_like",
    "safe_cast_to_index",
]


@dataclass(slots=True)
class IndexSelResult:
    """What ``Index.sel`` returns: positional indexers plus changes to indexes and coordinates.

    Attributes
    ----------
    dim_indexers
        Positional indexer (int, slice, integer/boolean array or ``Variable``) per dimension.
    indexes
        New indexes replacing the selected ones, keyed by coordinate name.
    variables
        New coordinate variables created together with ``indexes``.
    drop_coords
        Coordinates to drop from the result (e.g. levels of a multi-index that were selected).
    drop_indexes
        Coordinates whose index is dropped (the coordinate itself is kept).
    rename_dims
        Dimensions to rename in the result (e.g. a multi-index reduced to one level).

    Examples
    --------
    >>> IndexSelResult({"x": 2}).as_tuple()[0]
    {'x': 2}
    """

    dim_indexers: dict[Any, Any]
    indexes: dict[Any, Index] = field(default_factory=dict)
    variables: dict[Any, Variable] = field(default_factory=dict)
    drop_coords: list[Hashable] = field(default_factory=list)
    drop_indexes: list[Hashable] = field(default_factory=list)
    rename_dims: dict[Any, Hashable] = field(default_factory=dict)

    def as_tuple(
        self,
    ) -> tuple[
        dict[Any, Any],
        dict[Any, Index],
        dict[Any, Variable],
        list[Hashable],
        list[Hashable],
        dict[Any, Hashable],
    ]:
        """The six fields in declaration order (for unpacking in the caller)."""
        return (
            self.dim_indexers,
            self.indexes,
            self.variables,
            self.drop_coords,
            self.drop_indexes,
            self.rename_dims,
        )


class Index:
    """Base class of labarray indexes.

    Subclasses override what they support; the defaults here either do the generic thing
    (``isel`` drops the index, ``roll`` drops it, ``rename`` keeps it) or raise ``TypeError``
    naming the class and the operation.

    Examples
    --------
    >>> class Opaque(Index):
    ...     pass
    >>> Opaque().isel({"x": slice(0, 2)}) is None
    True
    """

    __slots__ = ()

    def _unsupported(self_or_cls: Any, operation: str) -> TypeError:
        name = self_or_cls.__name__ if isinstance(self_or_cls, type) else type(self_or_cls).__name__
        return TypeError(f"{name} does not support {operation}")

    @classmethod
    def from_variables(
        cls, variables: Mapping[Any, Variable], *, options: Mapping[str, Any]
    ) -> Self:
        """Build an index from coordinate variables (``set_index``/``set_xindex``)."""
        raise Index._unsupported(cls, "from_variables (building from coordinate variables)")

    @classmethod
    def concat(
        cls,
        indexes: Sequence[Self],
        dim: Hashable,
        positions: Iterable[Iterable[int]] | None = None,
    ) -> Self:
        """Concatenate several indexes of this type along ``dim``."""
        raise Index._unsupported(cls, "concat")

    @classmethod
    def stack(cls, variables: Mapping[Any, Variable], dim: Hashable) -> Self:
        """Build an index for a new dimension ``dim`` stacking the given variables."""
        raise Index._unsupported(cls, f"stack (creating dimension {dim!r})")

    def unstack(self) -> tuple[dict[Hashable, Index], pd.MultiIndex]:
        """Split a stacked index into one index per level."""
        raise self._unsupported("unstack")

    def create_variables(
        self, variables: Mapping[Any, Variable] | None = None
    ) -> dict[Hashable, Variable]:
        """Coordinate variables for this index; by default the given variables unchanged."""
        return dict(variables) if variables is not None else {}

    def to_pandas_index(self) -> pd.Index:
        """Convert to a ``pandas.Index`` (only for indexes backed by one)."""
        raise self._unsupported("conversion to a pandas.Index")

    def isel(self, indexers: Mapping[Any, Any]) -> Index | None:
        """Follow a positional selection; the default drops the index (returns ``None``)."""
        return None

    def sel(
        self, labels: dict[Any, Any], method: str | None = None, tolerance: Any = None
    ) -> IndexSelResult:
        """Turn label queries (``{coord_name: label}``) into positional indexers."""
        raise self._unsupported("label-based selection (sel)")

    def join(self, other: Self, how: str = "inner") -> Self:
        """Join with another index of the same type (alignment)."""
        raise self._unsupported(f"alignment (join how={how!r})")

    def reindex_like(
        self, other: Self, method: str | None = None, tolerance: Any = None
    ) -> dict[Hashable, Any]:
        """Positional indexers (``-1`` for missing) that reindex ``self`` like ``other``."""
        raise self._unsupported("reindexing (reindex_like)")

    def equals(self, other: Index, *, exclude: frozenset[Hashable] | None = None) -> bool:
        """True if ``other`` is the same index (identity for the base class)."""
        return type(self) is type(other) and self is other

    def roll(self, shifts: Mapping[Any, int]) -> Index | None:
        """Follow ``roll``; the default drops the index (returns ``None``)."""
        return None

    def rename(
        self, name_dict: Mapping[Any, Hashable], dims_dict: Mapping[Any, Hashable]
    ) -> Self:
        """Follow renamed coordinates/dimensions; the default returns the index unchanged."""
        return self

    def copy(self, deep: bool = True) -> Self:
        """Return a (deep by default) copy of the index."""
        return self._copy(deep=deep)

    def __copy__(self) -> Self:
        return self.copy(deep=False)

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        return self._copy(deep=True, memo=memo)

    def _copy(self, deep: bool = True, memo: dict[int, Any] | None = None) -> Self:
        cls = type(self)
        new = cls.__new__(cls)
        for klass in cls.__mro__:
            for slot in getattr(klass, "__slots__", ()):
                if hasattr(self, slot):
                    value = getattr(self, slot)
                    if deep:
                        value = copy_module.deepcopy(value, memo)
                    object.__setattr__(new, slot, value)
        if hasattr(self, "__dict__"):
            state = copy_module.deepcopy(self.__dict__, memo) if deep else dict(self.__dict__)
            new.__dict__.update(state)
        return new

    def __getitem__(self, indexer: Any) -> Self:
        raise self._unsupported("positional indexing with []")

    def _repr_inline_(self, max_width: int) -> str:
        return type(self).__name__


# -- helpers ---------------------------------------------------------------------------------



def is_variable_like(obj: Any) -> bool:
    """True for Variables and DataArray-likes: objects with ``dims`` and ``values``/``variable``."""
    return hasattr(obj, "dims") and (hasattr(obj, "variable") or hasattr(obj, "values")) and not (
        isinstance(obj, (pd.Index, np.ndarray))
    )


def get_pandas_index(data: Any) -> pd.Index | None:
    """The ``pd.Index`` inside a ``PandasIndexingAdapter`` (or any wrapper exposing ``.array``).

    An adapter presenting one level of a ``MultiIndex`` (``.level``) gives that level's values.
    """
    inner = getattr(data, "array", None)
    if isinstance(inner, pd.Index):
        level = getattr(data, "level", None)
        if level is not None and isinstance(inner, pd.MultiIndex):
            return inner.get_level_values(level)
        return inner
    return None


def as_numpy_dtype(dtype: Any) -> np.dtype:
    """NumPy dtype used for the coordinate of a pandas dtype.

    NumPy dtypes pass through; pandas string dtypes become ``object``; a categorical becomes the
    dtype of its categories; nullable integers/floats their NumPy equivalent; anything else
    (tz-aware datetimes, periods, intervals) ``object``.

    Examples
    --------
    >>> as_numpy_dtype(pd.Index(["a"]).dtype)
    dtype('O')
    """
    if isinstance(dtype, np.dtype):
        return dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return as_numpy_dtype(dtype.categories.dtype)
    numpy_dtype = getattr(dtype, "numpy_dtype", None)
    if isinstance(dtype, pd.api.extensions.ExtensionDtype) and isinstance(numpy_dtype, np.dtype):
        if numpy_dtype.kind in "iufb":
            return numpy_dtype
    return np.dtype(object)


def safe_cast_to_index(array: Any) -> pd.Index:
    """Convert an array-like (Variable, DataArray, NumPy array, list, pd.Index) to a ``pd.Index``.

    NumPy ``object`` arrays stay ``object`` (pandas 3 would infer its string dtype),
    ``float16`` is widened to ``float64`` (pandas has no float16 index), and a Variable holding a
    ``PandasIndexingAdapter`` gives back the wrapped index without a copy.

    Examples
    --------
    >>> safe_cast_to_index(np.array([1, 2])).tolist()
    [1, 2]
    >>> safe_cast_to_index(np.array(["a", None], dtype=object)).dtype
    dtype('O')
    """
    if isinstance(array, pd.Index):
        return array
    if isinstance(array, pd.Series):
        return pd.Index(array)
    if hasattr(array, "variable") and hasattr(array, "dims"):
        array = array.variable
    if hasattr(array, "dims") and hasattr(array, "_data"):
        inner = get_pandas_index(array._data)
        if inner is not None:
            return inner
        if getattr(array, "ndim", 1) != 1:
            raise ValueError(
                f"cannot convert a {array.ndim}-dimensional variable with dimensions "
                f"{tuple(array.dims)} to a pandas.Index; only 1-dimensional variables can be indexes"
            )
        array = array.values
    else:
        inner = get_pandas_index(array)
        if inner is not None:
            return inner
    values = np.asarray(array)
    if values.ndim != 1:
        raise ValueError(
            f"cannot convert a {values.ndim}-dimensional array to a pandas.Index; "
            "only 1-dimensional arrays can be indexes"
        )
    if values.dtype == object:
        return pd.Index(values, dtype=object)
    if values.dtype == np.float16:
        return pd.Index(values.astype(np.float64))
    if values.dtype.kind in "mM" and values.dtype != values.dtype.newbyteorder("="):
        values = values.astype(values.dtype.newbyteorder("="))
    return pd.Index(values)
