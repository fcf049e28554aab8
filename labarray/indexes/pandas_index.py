"""``PandasIndex``: a 1-D ``pandas.Index`` owning one dimension coordinate.

Scalar numeric labels on a sorted, unique numeric index take a fast path (``np.searchsorted`` on
a cached NumPy view of the values); everything else goes through pandas.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from labarray.indexes.base import (
    Index,
    IndexSelResult,
    as_numpy_dtype,
    get_pandas_index,
    is_variable_like,
    safe_cast_to_index,
)
from labarray.indexes.cftime_index import (
    CFTimeIndex,
    datetime_string_positions,
    datetime_string_slice,
    is_cftime_array,
)
from labarray.utils.suggest import did_you_mean
from labarray.variable.indexing import PandasIndexingAdapter
from labarray.variable.variable import Variable

if TYPE_CHECKING:
    from typing import Self

    from labarray.variable import Variable

__all__ = [
    "PandasIndex",
    "as_int_slice",
    "format_label",
    "missing_labels_message",
    "normalize_method",
]

_METHODS = {
    None: None,
    "nearest": "nearest",
    "pad": "pad",
    "ffill": "pad",
    "backfill": "backfill",
    "bfill": "backfill",
}
# label types eligible for the searchsorted fast path (bool is excluded on purpose)
_FAST_LABEL_TYPES = frozenset(
    {int, float, np.float64, np.float32, np.int64, np.int32, np.int16, np.int8, np.uint8,
     np.uint16, np.uint32, np.uint64}
)
_FAST_TOLERANCE_TYPES = frozenset({type(None), int, float, np.float64, np.int64})


def normalize_method(method: str | None) -> str | None:
    """Map ``ffill``/``bfill`` to pandas' ``pad``/``backfill``; reject unknown methods.

    Examples
    --------
    >>> normalize_method("ffill")
    'pad'
    """
    try:
        return _METHODS[method]
    except (KeyError, TypeError):
        raise ValueError(
            f"invalid selection method {method!r}; expected one of None, 'nearest', "
            "'pad' (or 'ffill'), 'backfill' (or 'bfill')"
        ) from None


def _slice_index(index: pd.Index, key: slice) -> pd.Index:
    """``index[key]``, faster for time indexes.

    pandas re-derives the ``freq`` of a sliced DatetimeIndex/TimedeltaIndex, which costs ten times
    the slicing itself; interactive ``isel`` does this on every call. The fast path builds the
    index from the sliced values (without ``freq``) and falls back to plain slicing on any pandas
    version where that is not possible.
    """
    if type(index) in (pd.DatetimeIndex, pd.TimedeltaIndex) and getattr(index, "tz", None) is None:
        try:
            values = index._data._ndarray[key]
            array = type(index._data)._simple_new(values, dtype=index.dtype)
            return type(index)._simple_new(array, name=index.name)
        except (AttributeError, TypeError):  # pragma: no cover - other pandas internals
            pass
    return index[key]


def format_label(label: Any) -> str:
    """Text of one label in a message: strings quoted, NumPy scalars as plain Python values."""
    if isinstance(label, str):
        return repr(str(label))
    if isinstance(label, np.datetime64 | np.timedelta64):
        return str(label)
    if isinstance(label, np.generic):
        return str(label.item())
    return str(label)


def _nearest_existing(index: pd.Index, label: Any) -> list[Any]:
    """Up to two labels of a sorted index on either side of ``label`` (empty if not comparable)."""
    if len(index) == 0:
        return []
    try:
        if index.is_monotonic_increasing:
            pos = int(index.searchsorted(label))
            return list(index[max(pos - 1, 0) : pos + 1])
        if index.is_monotonic_decreasing:
            pos = len(index) - int(index[::-1].searchsorted(label))
            return list(index[max(pos - 1, 0) : pos + 1])
    except (TypeError, ValueError):
        return []
    return []


def missing_labels_message(
    index: pd.Index,
    missing: Sequence[Any],
    dim: Hashable,
    method: str | None = None,
    tolerance: Any = None,
) -> str:
    """Message for labels absent from ``index``: all of them (first few), the dimension, hints.

    Examples
    --------
    >>> missing_labels_message(pd.Index([85000, 92500]), [85001], "plev")  # doctest: +ELLIPSIS
    "label 85001 not found in dimension 'plev'; nearest labels: 85000, 92500; use method='nearest'..."
    """
    limit = 5
    shown = ", ".join(format_label(m) for m in missing[:limit])
    if len(missing) > limit:
        shown += f" (and {len(missing) - limit} more)"
    plural = "s" if len(missing) > 1 else ""
    message = f"label{plural} {shown} not found in dimension {dim!r}"
    if method is not None:
        message += f" with method={method!r}"
    if tolerance is not None:
        message += f" within tolerance={tolerance!r}"
    first = missing[0]
    if isinstance(first, str) and not isinstance(
        index, pd.DatetimeIndex | pd.TimedeltaIndex | pd.PeriodIndex | CFTimeIndex
    ):
        hint = did_you_mean(first, [v for v in index[:1000] if isinstance(v, str)])
        if hint:
            message += f"; {hint}"
        return message
    near = _nearest_existing(index, first)
    if near:
        message += "; nearest labels: " + ", ".join(format_label(v) for v in near)
        if method is None:
            message += "; use method='nearest' to select the closest"
        elif len(index):
            message += (
                f"; the index ranges from {format_label(index[0])} to {format_label(index[-1])}"
            )
    elif len(index) == 0:
        message += " (the index is empty)"
    return message


def as_int_slice(indexer: slice) -> slice:
    """The same slice with plain Python ints (pandas returns NumPy integers)."""
    return slice(
        *(None if v is None else int(v) for v in (indexer.start, indexer.stop, indexer.step))
    )


def _scalar_value(value: Any) -> Any:
    """Unwrap 0-d arrays and 0-d Variables/DataArrays to a scalar label."""
    if is_variable_like(value):
        value = getattr(value, "variable", value).values
    if isinstance(value, np.ndarray):
        if value.ndim != 0:
            raise ValueError(f"slice bounds must be scalars, got an array of shape {value.shape}")
        return value[()]
    return value


class PandasIndex(Index):
    """Index of one dimension coordinate, backed by a 1-D ``pandas.Index``.

    Parameters
    ----------
    array
        Anything ``safe_cast_to_index`` accepts: ``pd.Index``, NumPy array, list, Variable.
    dim
        The dimension the index lives on.
    coord_dtype
        NumPy dtype of the coordinate (default: taken from ``array`` when it has a NumPy dtype,
        otherwise derived from the pandas dtype; pandas strings map to ``object``).

    Examples
    --------
    >>> idx = PandasIndex([10, 20, 30], "x")
    >>> idx.sel({"x": 20}).dim_indexers
    {'x': 1}
    """

    __slots__ = ("_fast", "coord_dtype", "dim", "index")

    index: pd.Index
    dim: Hashable
    coord_dtype: np.dtype
    # cache of the searchsorted fast path: None = not computed yet, False = not applicable
    _fast: tuple[np.ndarray, bool] | bool | None

    def __init__(self, array: Any, dim: Hashable, coord_dtype: Any = None):
        index = safe_cast_to_index(array)
        if isinstance(index, pd.MultiIndex):
            raise TypeError(
                f"cannot build a PandasIndex for dimension {dim!r} from a pandas.MultiIndex; "
                "use PandasMultiIndex instead"
            )
        if index.dtype == object and not isinstance(index, CFTimeIndex) and is_cftime_array(index):
            index = CFTimeIndex(index)
        if index.name is None:
            index = index.rename(dim)
        if coord_dtype is None:
            array_dtype = getattr(array, "dtype", None)
            if isinstance(array_dtype, np.dtype) and not isinstance(array, pd.Index):
                coord_dtype = array_dtype
            else:
                coord_dtype = as_numpy_dtype(index.dtype)
        self.index = index
        self.dim = dim
        self.coord_dtype = np.dtype(coord_dtype)
        self._fast = None

    def _replace(
        self, index: pd.Index, dim: Hashable | None = None, coord_dtype: np.dtype | None = None
    ) -> Self:
        new = object.__new__(type(self))
        new.index = index
        new.dim = self.dim if dim is None else dim
        new.coord_dtype = self.coord_dtype if coord_dtype is None else coord_dtype
        new._fast = None
        return new

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_variables(
        cls, variables: Mapping[Any, Variable], *, options: Mapping[str, Any] | None = None
    ) -> Self:
        """Build from exactly one 1-D coordinate variable.

        Examples
        --------
        >>> from labarray.variable import Variable
        >>> PandasIndex.from_variables({"x": Variable("x", [1, 2])}).dim
        'x'
        """
        if len(variables) != 1:
            names = ", ".join(repr(k) for k in variables) or "(none)"
            raise ValueError(
                f"a PandasIndex is built from exactly one coordinate variable, got "
                f"{len(variables)}: {names}; use PandasMultiIndex to index several coordinates "
                "of one dimension"
            )
        name, var = next(iter(variables.items()))
        if var.ndim != 1:
            raise ValueError(
                f"a PandasIndex needs a 1-dimensional coordinate, but variable {name!r} has "
                f"dimensions {tuple(var.dims)}"
            )
        dim = var.dims[0]
        data = getattr(var, "_data", None)
        if type(data) is np.ndarray and data.dtype.kind in "iufmM" and data.dtype.isnative and data.itemsize > 2:
            # the usual coordinate read from a file: one pandas call (no rename, no re-checks)
            new = object.__new__(cls)
            new.index = pd.Index(data, name=name)
            new.dim = dim
            new.coord_dtype = data.dtype
            new._fast = None
            return new
        inner = get_pandas_index(data)
        if isinstance(inner, pd.MultiIndex):
            raise ValueError(
                f"variable {name!r} wraps a pandas.MultiIndex; use PandasMultiIndex for it"
            )
        index = inner if inner is not None else safe_cast_to_index(var)
        if index.name != name:
            index = index.rename(name)
        return cls(index, dim, coord_dtype=var.dtype)

    @classmethod
    def concat(
        cls,
        indexes: Sequence[Self],
        dim: Hashable,
        positions: Iterable[Iterable[int]] | None = None,
    ) -> Self:
        """Concatenate along ``dim``; ``positions`` gives where each piece's items end up."""
        if not indexes:
            return cls(pd.Index([]), dim, coord_dtype=np.dtype(object))
        other_dims = {idx.dim for idx in indexes if idx.dim != dim}
        if other_dims:
            raise ValueError(
                f"cannot concatenate PandasIndex objects along {dim!r}: some are on other "
                f"dimensions {sorted(map(str, other_dims))}"
            )
        new = indexes[0].index.append([idx.index for idx in indexes[1:]])
        if positions is not None:
            order = np.concatenate([np.asarray(list(p), dtype=np.intp) for p in positions])
            if len(order) != len(new):
                raise ValueError(
                    f"positions cover {len(order)} items but the indexes have {len(new)} in total"
                )
            inverse = np.empty_like(order)
            inverse[order] = np.arange(len(order))
            new = new.take(inverse)
        names = {idx.index.name for idx in indexes}
        new = new.rename(names.pop() if len(names) == 1 else dim)
        coord_dtype = np.result_type(*[idx.coord_dtype for idx in indexes])
        return cls(new, dim, coord_dtype=coord_dtype)

    def create_variables(
        self, variables: Mapping[Any, Variable] | None = None
    ) -> dict[Hashable, Variable]:
        """One coordinate variable whose data is the index itself (no copy).

        Attributes and encoding of the variable of the same name in ``variables`` are kept.
        """
        name = self.index.name
        attrs = encoding = None
        if variables is not None and name in variables:
            var = variables[name]
            attrs = var._attrs
            encoding = var._encoding
        data = PandasIndexingAdapter(self.index, dtype=self.coord_dtype)
        return {name: Variable._from_parts((self.dim,), data, attrs, encoding)}

    def to_pandas_index(self) -> pd.Index:
        """The wrapped ``pandas.Index`` (no copy)."""
        return self.index

    # -- positional selection ---------------------------------------------------------------

    def isel(self, indexers: Mapping[Any, Any]) -> PandasIndex | None:
        """Slice/array indexers keep a (smaller) index; scalars and N-d indexers drop it."""
        key = indexers[self.dim]
        if type(key) is slice:
            return self._replace(_slice_index(self.index, key))
        if is_variable_like(key):
            var = getattr(key, "variable", key)
            if tuple(var.dims) != (self.dim,):
                return None
            key = var.values
        if isinstance(key, slice):
            return self._replace(self.index[key])
        if isinstance(key, int | np.integer):
            return None
        key = np.asarray(key)
        if key.ndim != 1:
            return None
        return self._replace(self.index[key])

    def __getitem__(self, indexer: Any) -> Self:
        return self._replace(self.index[indexer])

    # -- label selection -------------------------------------------------------------------

    def _fast_values(self) -> tuple[np.ndarray, bool] | bool:
        """``(sorted values, reversed?)`` for a unique monotonic numeric index, else False."""
        fast = self._fast
        if fast is None:
            fast = False
            values: np.ndarray
            index = self.index
            dtype = index.dtype
            if (
                type(index) is pd.Index
                and isinstance(dtype, np.dtype)
                and dtype.kind in "iuf"
                and len(index)
                and index.is_unique
            ):
                values = index.to_numpy()
                if index.is_monotonic_increasing:
                    fast = (values, False)
                elif index.is_monotonic_decreasing:
                    fast = (np.ascontiguousarray(values[::-1]), True)
            self._fast = fast
        return fast

    def _fast_scalar(self, label: Any, method: str | None, tolerance: Any) -> int | None:
        """Position of a numeric label via searchsorted; None when the fast path does not apply."""
        fast = self._fast_values()
        if not isinstance(fast, tuple) or label != label:  # not applicable, or NaN label
            return None
        values, flipped = fast
        n = len(values)
        if method is None:
            pos = int(values.searchsorted(label))
            if pos == n or values[pos] != label:
                raise KeyError(missing_labels_message(self.index, [label], self.dim, method))
        elif method == "nearest":
            pos = int(values.searchsorted(label))
            if pos == n:
                pos = n - 1
            elif pos > 0 and label - values[pos - 1] < values[pos] - label:
                pos -= 1  # ties go to the larger label, like pandas
        else:
            # on a decreasing index pandas' "pad" takes the next larger label (and "backfill"
            # the next smaller): in sorted order the two methods swap
            if (method == "pad") != flipped:
                pos = int(values.searchsorted(label, "right")) - 1
            else:
                pos = int(values.searchsorted(label))
                if pos == n:
                    pos = -1
            if pos < 0:
                raise KeyError(missing_labels_message(self.index, [label], self.dim, method))
        if tolerance is not None:
            found = values[pos]
            # written without abs() of a difference so that unsigned values cannot wrap around
            distance = found - label if found >= label else label - found
            if distance > tolerance:
                raise KeyError(
                    missing_labels_message(self.index, [label], self.dim, method, tolerance)
                )
        return n - 1 - pos if flipped else pos

    def sel(
        self, labels: dict[Any, Any], method: str | None = None, tolerance: Any = None
    ) -> IndexSelResult:
        """Turn one label query into a positional indexer for ``self.dim``.

        Parameters
        ----------
        labels
            ``{coord_name: label}`` with one entry. The label may be a scalar, a slice of labels,
            a list/array of labels, a boolean array, or a Variable/DataArray of labels (then the
            indexer is a Variable with the label's dimensions: pointwise selection).
        method : {None, "nearest", "pad", "ffill", "backfill", "bfill"}, default: None
            How to match labels that are not in the index (not for slices).
        tolerance
            Largest distance allowed between a label and the matched index label.

        Examples
        --------
        >>> PandasIndex([1.0, 2.0, 3.0], "x").sel({"x": 2.2}, method="nearest").dim_indexers
        {'x': 1}
        """
        if len(labels) != 1:
            raise ValueError(
                f"PandasIndex.sel takes one label query for dimension {self.dim!r}, got "
                f"{len(labels)}: {list(labels)}"
            )
        label = next(iter(labels.values()))
        if method is not None:
            method = normalize_method(method)
        if type(label) in _FAST_LABEL_TYPES and type(tolerance) in _FAST_TOLERANCE_TYPES:
            try:
                pos = self._fast_scalar(label, method, tolerance)
            except OverflowError:  # e.g. a huge Python int on an int64 index: let pandas decide
                pos = None
            if pos is not None:
                return IndexSelResult({self.dim: pos})
        if isinstance(label, slice):
            if method is not None or tolerance is not None:
                raise ValueError(
                    f"method/tolerance cannot be used with a slice of labels (dimension "
                    f"{self.dim!r}); select the bounds first or use reindex"
                )
            return IndexSelResult({self.dim: self._sel_slice(label)})
        if isinstance(label, dict):
            raise TypeError(
                f"cannot use a dict as a label for dimension {self.dim!r}; a dict is only valid "
                "for the levels of a multi-index"
            )
        if is_variable_like(label):
            var = getattr(label, "variable", label)
            values = np.asarray(var.values)
            if values.dtype == bool and tuple(var.dims) == (self.dim,):
                label = values  # a boolean mask along this dimension selects by position
            elif values.ndim == 0:
                return IndexSelResult({self.dim: self._sel_scalar(values[()], method, tolerance)})
            else:
                positions = self._sel_array(values.ravel(), method, tolerance).reshape(values.shape)
                return IndexSelResult({self.dim: Variable(tuple(var.dims), positions)})
        if isinstance(label, tuple | list | range | np.ndarray | pd.Index | pd.Series):
            values = np.asarray(label)
            if values.ndim == 0:
                return IndexSelResult({self.dim: self._sel_scalar(values[()], method, tolerance)})
            if values.dtype == bool:
                if values.ndim != 1 or len(values) != len(self.index):
                    raise IndexError(
                        f"boolean indexer for dimension {self.dim!r} has shape {values.shape} "
                        f"but the dimension has length {len(self.index)}"
                    )
                return IndexSelResult({self.dim: values})
            if values.ndim != 1:
                raise ValueError(
                    f"labels for dimension {self.dim!r} must be 1-dimensional, got an array of "
                    f"shape {values.shape}; for pointwise selection pass a Variable or DataArray "
                    "with dimension names"
                )
            return IndexSelResult({self.dim: self._sel_array(values, method, tolerance)})
        return IndexSelResult({self.dim: self._sel_scalar(label, method, tolerance)})

    def _to_datetime_labels(self, label: Any) -> Any:
        if isinstance(self.index, pd.DatetimeIndex) and isinstance(label, str):
            return pd.Timestamp(label)
        return label

    def _sel_scalar(self, label: Any, method: str | None, tolerance: Any) -> Any:
        if method is not None or tolerance is not None:
            if method is None:
                raise ValueError(
                    f"tolerance={tolerance!r} given without a method for dimension {self.dim!r}; "
                    "pass method='nearest', 'pad' or 'backfill' as well"
                )
            label = self._to_datetime_labels(label)
            pos = self._get_indexer([label], method, tolerance)
            if pos[0] < 0:
                raise KeyError(
                    missing_labels_message(self.index, [label], self.dim, method, tolerance)
                )
            return int(pos[0])
        try:
            loc = self.index.get_loc(label)
        except pd.errors.OutOfBoundsDatetime:  # partial string beyond pandas' ns bounds
            try:
                loc = datetime_string_positions(self.index, label)
            except KeyError:
                raise KeyError(missing_labels_message(self.index, [label], self.dim)) from None
        except KeyError:
            raise KeyError(missing_labels_message(self.index, [label], self.dim)) from None
        except (TypeError, pd.errors.InvalidIndexError) as err:
            raise TypeError(
                f"invalid label {label!r} for dimension {self.dim!r} "
                f"(index dtype {self.index.dtype}): {err}"
            ) from None
        if isinstance(loc, np.integer):
            return int(loc)
        if isinstance(loc, slice):
            return as_int_slice(loc)
        return loc

    def _get_indexer(self, target: Any, method: str | None, tolerance: Any) -> np.ndarray:
        try:
            return self.index.get_indexer(target, method=method, tolerance=tolerance)
        except ValueError as err:
            if "monotonic" in str(err):
                raise ValueError(
                    f"method={method!r} needs a sorted index, but the index of dimension "
                    f"{self.dim!r} is not monotonic; sort it first with .sortby({self.dim!r})"
                ) from None
            raise
        except pd.errors.InvalidIndexError:
            raise ValueError(self._duplicates_message("select labels on")) from None

    def _duplicates_message(self, action: str) -> str:
        dups = self.index[self.index.duplicated()].unique()
        shown = ", ".join(format_label(v) for v in dups[:5])
        if len(dups) > 5:
            shown += f" (and {len(dups) - 5} more)"
        return (
            f"cannot {action} dimension {self.dim!r} because its index has duplicate labels: "
            f"{shown}; remove them first, e.g. with .drop_duplicates({self.dim!r})"
        )

    def _sel_array(self, values: np.ndarray, method: str | None, tolerance: Any) -> np.ndarray:
        if isinstance(self.index, pd.DatetimeIndex) and values.dtype.kind in "OU":
            values = pd.to_datetime(values).to_numpy()
        if method is None and tolerance is None and not self.index.is_unique:
            indexer, missing = self.index.get_indexer_non_unique(values)
            if len(missing):
                raise KeyError(
                    missing_labels_message(self.index, list(values[missing]), self.dim)
                )
            if len(indexer) != len(values):
                raise ValueError(self._duplicates_message("select a list of labels on"))
            return indexer
        if tolerance is not None and method is None:
            raise ValueError(
                f"tolerance={tolerance!r} given without a method for dimension {self.dim!r}; "
                "pass method='nearest', 'pad' or 'backfill' as well"
            )
        indexer = self._get_indexer(values, method, tolerance)
        missing_mask = indexer < 0
        if missing_mask.any():
            raise KeyError(
                missing_labels_message(
                    self.index, list(values[missing_mask]), self.dim, method, tolerance
                )
            )
        return indexer

    def _sel_slice(self, label: slice) -> slice:
        start = _scalar_value(label.start)
        stop = _scalar_value(label.stop)
        step = _scalar_value(label.step)
        try:
            try:
                indexer = self.index.slice_indexer(start, stop, step)
            except pd.errors.OutOfBoundsDatetime:  # partial strings beyond pandas' ns bounds
                indexer = datetime_string_slice(self.index, start, stop, step)
        except KeyError as err:
            index = self.index
            if not (index.is_monotonic_increasing or index.is_monotonic_decreasing):
                raise KeyError(
                    f"cannot select the label slice {format_label(start)}:{format_label(stop)} "
                    f"on dimension {self.dim!r} because its index is not sorted (not monotonic) "
                    f"and a bound is missing or repeated; sort it first with .sortby({self.dim!r})"
                ) from None
            raise KeyError(
                f"cannot select the label slice {format_label(start)}:{format_label(stop)} on "
                f"dimension {self.dim!r}: {err}"
            ) from None
        except TypeError as err:
            raise TypeError(
                f"slice bounds {start!r}:{stop!r} cannot be compared with the labels of dimension "
                f"{self.dim!r} (index dtype {self.index.dtype}): {err}"
            ) from None
        if not isinstance(indexer, slice):
            raise KeyError(
                f"the label slice {start!r}:{stop!r} on dimension {self.dim!r} does not map to "
                "contiguous positions; sort the index first with "
                f".sortby({self.dim!r})"
            )
        return as_int_slice(indexer)

    # -- alignment --------------------------------------------------------------------------

    def join(self, other: PandasIndex, how: str = "inner") -> PandasIndex:
        """Union (``outer``), intersection (``inner``), or one side (``left``/``right``).

        Examples
        --------
        >>> PandasIndex([1, 2], "x").join(PandasIndex([2, 3], "x"), "outer").index.tolist()
        [1, 2, 3]
        """
        if type(other) is not type(self):
            raise TypeError(
                f"cannot join a PandasIndex with a {type(other).__name__} on dimension {self.dim!r}"
            )
        if how == "outer":
            index = self.index.union(other.index)
        elif how == "inner":
            index = self.index.intersection(other.index)
        elif how == "left":
            index = self.index
        elif how == "right":
            index = other.index
        else:
            raise ValueError(
                f"invalid join {how!r} for dimension {self.dim!r}; expected one of 'inner', "
                "'outer', 'left', 'right'"
            )
        if index.name != self.index.name:
            index = index.rename(self.index.name)
        coord_dtype = np.result_type(self.coord_dtype, other.coord_dtype)
        return self._replace(index, coord_dtype=coord_dtype)

    def reindex_like(
        self, other: PandasIndex, method: str | None = None, tolerance: Any = None
    ) -> dict[Hashable, np.ndarray]:
        """``{dim: positions}`` taking ``self`` to ``other``'s labels (``-1`` where missing)."""
        if not self.index.is_unique:
            raise ValueError(self._duplicates_message("reindex or align along"))
        method = normalize_method(method)
        return {self.dim: self._get_indexer(other.index, method, tolerance)}

    def equals(self, other: Index, *, exclude: frozenset[Hashable] | None = None) -> bool:
        """Same type, same dimension and equal labels."""
        if not isinstance(other, PandasIndex) or type(other) is not type(self):
            return False
        if self.dim != other.dim:
            return False
        a, b = self.index, other.index
        if a is b:
            return True
        if (type(a) is type(b) and len(a) == len(b) and isinstance(a.dtype, np.dtype)
                and a.dtype == b.dtype and a.dtype.kind in "biufmM"
                and np.array_equal(np.asarray(a), np.asarray(b))):
            return True  # the common case (files of one dataset), without pandas' general checks
        return bool(a.equals(b))

    def roll(self, shifts: Mapping[Any, int]) -> PandasIndex:
        """Rotate the labels by ``shifts[dim]`` positions."""
        size = len(self.index)
        shift = shifts[self.dim] % size if size else 0
        if shift == 0:
            return self._replace(self.index[:])
        return self._replace(self.index[-shift:].append(self.index[:-shift]))

    def rename(
        self, name_dict: Mapping[Any, Hashable], dims_dict: Mapping[Any, Hashable]
    ) -> PandasIndex:
        """Follow renamed coordinate (``name_dict``) and dimension (``dims_dict``)."""
        name = self.index.name
        if name not in name_dict and self.dim not in dims_dict:
            return self
        index = self.index.rename(name_dict.get(name, name))
        return self._replace(index, dim=dims_dict.get(self.dim, self.dim))

    def _copy(self, deep: bool = True, memo: dict[int, Any] | None = None) -> Self:
        return self._replace(self.index.copy(deep=True) if deep else self.index)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.index!r}, dim={self.dim!r})"

    def _repr_inline_(self, max_width: int) -> str:
        return type(self).__name__

