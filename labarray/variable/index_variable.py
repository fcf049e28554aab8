"""``IndexVariable``: a 1-D :class:`Variable` whose data is a ``pandas.Index`` (xarray's name).

labarray has one Variable class: the variable of an indexed coordinate is a plain
:class:`Variable` holding a :class:`PandasIndexingAdapter` (see ``doc/internals.rst``).
``IndexVariable`` gives code written for xarray the class it expects:

* ``IndexVariable(dims, data)`` builds such a variable (its values are held as an index,
  immutable, always in memory);
* ``isinstance(v, IndexVariable)`` is also true for every 1-D Variable whose data is an index
  adapter, i.e. for the coordinates labarray's indexes create (``ds.x.variable``), as it is
  in xarray; those remain plain Variables otherwise (``level_names`` and
  ``get_level_variable`` are only on real instances);
* selections that keep one dimension give an ``IndexVariable``; results that are not an
  index any more (arithmetic, reductions, ``astype``, ``set_dims``, scalar selections) are
  plain ``Variable``s, as in xarray.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, Self

import pandas as pd

from labarray.indexes.base import safe_cast_to_index
from labarray.utils.suggest import missing_names_message
from labarray.variable import duck
from labarray.variable.indexing import PandasIndexingAdapter
from labarray.variable.variable import Variable

__all__ = ["IndexVariable"]


class _IndexVariableType(type):
    """Metaclass: 1-D Variables backed by an index adapter count as ``IndexVariable``s."""

    def __instancecheck__(cls, obj: Any) -> bool:
        if type.__instancecheck__(cls, obj):
            return True
        return (
            cls is IndexVariable
            and isinstance(obj, Variable)
            and isinstance(obj._data, PandasIndexingAdapter)
            and obj.ndim == 1
        )


class IndexVariable(Variable, metaclass=_IndexVariableType):
    """A 1-D Variable whose values are held as a ``pandas.Index`` (immutable, in memory).

    Parameters
    ----------
    dims : str or 1-tuple of hashable
        The one dimension.
    data : array-like or pandas.Index
        The values; Dask or lazily indexed data are loaded.
    attrs, encoding : dict-like, optional
        Metadata and on-disk encoding.
    fastpath : bool, default: False
        Skip the conversion of ``data`` (internal).

    Raises
    ------
    ValueError
        The data are not 1-dimensional.

    Examples
    --------
    >>> v = IndexVariable("x", [10, 20, 30])
    >>> v.name, v.to_index()
    ('x', Index([10, 20, 30], dtype='int64', name='x'))
    >>> isinstance(v.isel(x=slice(0, 2)), IndexVariable)
    True
    """

    __slots__ = ()

    def __init__(
        self,
        dims: Any,
        data: Any,
        attrs: Mapping[Any, Any] | None = None,
        encoding: Mapping[Any, Any] | None = None,
        fastpath: bool = False,
    ):
        super().__init__(dims, data, attrs, encoding, fastpath)
        if self.ndim != 1:
            raise ValueError(
                f"an IndexVariable must be 1-dimensional, but the data has dims {self.dims} "
                f"(shape {self.shape}); use Variable for other data"
            )
        if not isinstance(self._data, PandasIndexingAdapter):
            values = duck.to_numpy(self._data)
            self._data = PandasIndexingAdapter(safe_cast_to_index(values), dtype=values.dtype)

    @classmethod
    def _from_parts(
        cls,
        dims: Any,
        data: Any,
        attrs: Mapping[Any, Any] | None = None,
        encoding: Mapping[Any, Any] | None = None,
    ) -> Any:
        # results that are still a 1-D index stay IndexVariables; anything else (a scalar
        # selection, Dask data, arithmetic results) is a plain Variable
        if isinstance(data, PandasIndexingAdapter) and getattr(data, "ndim", None) == 1:
            return super()._from_parts(dims, data, attrs, encoding)
        return Variable._from_parts(dims, data, attrs, encoding)

    # ---------------------------------------------------------------- read-only values
    @property
    def data(self) -> Any:
        """The values (a NumPy array; an IndexVariable's data cannot be assigned)."""
        return Variable.data.fget(self)  # type: ignore[attr-defined]

    @data.setter
    def data(self, value: Any) -> None:
        raise ValueError(
            f"cannot assign to the data of the IndexVariable {self.name!r} (an index "
            "coordinate); use assign_coords on the DataArray or Dataset instead"
        )

    @property
    def values(self) -> Any:
        """The values as a NumPy array (cannot be assigned)."""
        return Variable.values.fget(self)  # type: ignore[attr-defined]

    @values.setter
    def values(self, value: Any) -> None:
        raise ValueError(
            f"cannot assign to the values of the IndexVariable {self.name!r} (an index "
            "coordinate); use assign_coords on the DataArray or Dataset instead"
        )

    def __setitem__(self, key: Any, value: Any) -> None:
        raise TypeError(
            f"the values of the IndexVariable {self.name!r} cannot be modified; build a new "
            "coordinate and assign it with assign_coords"
        )

    # ---------------------------------------------------------------- index API
    @property
    def name(self) -> Hashable:
        """The name of the dimension (an IndexVariable is named after it)."""
        return self.dims[0]

    @name.setter
    def name(self, value: Any) -> None:
        raise AttributeError(
            f"cannot rename the IndexVariable {self.name!r} in place; use "
            "rename/rename_dims on the DataArray or Dataset"
        )

    def to_index(self) -> pd.Index:
        """The values as a ``pandas.Index`` (a ``MultiIndex`` level gives that level's values).

        Examples
        --------
        >>> IndexVariable("x", [1.5, 2.5]).to_index()
        Index([1.5, 2.5], dtype='float64', name='x')
        """
        adapter = self._data
        if adapter.level is not None:
            return adapter.array.get_level_values(adapter.level)
        return super().to_index()

    def to_index_variable(self) -> Self:
        """This variable (a shallow copy): it already is an IndexVariable."""
        return self.copy(deep=False)

    to_coord = to_index_variable

    @property
    def level_names(self) -> list[Hashable] | None:
        """The level names of a ``MultiIndex``, or ``None`` for any other index.

        Examples
        --------
        >>> mi = pd.MultiIndex.from_arrays([["a", "b"], [1, 2]], names=["letter", "num"])
        >>> IndexVariable("x", mi).level_names
        ['letter', 'num']
        >>> IndexVariable("x", [1, 2]).level_names is None
        True
        """
        index = self._data.array
        if isinstance(index, pd.MultiIndex) and self._data.level is None:
            return list(index.names)
        return None

    def get_level_variable(self, level: Hashable) -> IndexVariable:
        """The values of one level of a ``MultiIndex``, as an IndexVariable.

        Raises
        ------
        ValueError
            The index is not a ``MultiIndex``.
        KeyError
            No level has this name (the closest is suggested).

        Examples
        --------
        >>> mi = pd.MultiIndex.from_arrays([["a", "b"], [1, 2]], names=["letter", "num"])
        >>> IndexVariable("x", mi).get_level_variable("num").values
        array([1, 2])
        """
        names = self.level_names
        if names is None:
            raise ValueError(
                f"the IndexVariable {self.name!r} is not a MultiIndex; it has no level "
                f"{level!r}"
            )
        if level not in names:
            raise KeyError(missing_names_message("level", [level], names, f"IndexVariable {self.name!r}"))
        index = self._data.array
        dtype = index.levels[names.index(level)].dtype
        data = PandasIndexingAdapter(index, dtype=_numpy_dtype(dtype), level=level)
        return type(self)(self.dims, data, self._attrs, self._encoding)

    # ---------------------------------------------------------------- always in memory
    def load(self, **kwargs: Any) -> Self:
        """The values are always in memory: returns this variable."""
        return self

    def chunk(self, *args: Any, **kwargs: Any) -> Self:  # type: ignore[override]
        """Index values are never chunked: returns a shallow copy (as xarray does)."""
        return self.copy(deep=False)


def _numpy_dtype(dtype: Any) -> Any:
    """NumPy dtype of a level (pandas' own string dtype becomes ``object``)."""
    import numpy as np

    return dtype if isinstance(dtype, np.dtype) else np.dtype(object)
