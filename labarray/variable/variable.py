"""The :class:`Variable`: named dimensions + a duck array + attributes + encoding.

Most array logic of labarray lives here: selection by position, broadcasting by dimension name,
shape manipulation, comparison, laziness (Dask and lazily indexed backend arrays), reductions.

>>> v = Variable(("x", "y"), np.arange(6).reshape(2, 3), attrs={"units": "m"})
>>> v.isel(y=[0, 2]).values
array([[0, 2],
       [3, 5]])
>>> (v + Variable("y", [10, 20, 30])).values
array([[10, 21, 32],
       [13, 24, 35]])
"""

from __future__ import annotations

import copy as copy_module
import operator
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Self

import numpy as np
import pandas as pd

from labarray import aggregations
from labarray.kernels.take import NA, maybe_promote
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import (
    chunk_array,
    compute_arrays,
    is_chunked_array,
    normalize_chunks_for_dims,
    persist_arrays,
)
from labarray.utils.attrs import attrs_equal
from labarray.utils.dims import (
    MissingDims,
    drop_missing_dims,
    either_dict_or_kwargs,
    infer_transpose_order,
    parse_dims,
)
from labarray.utils.frozen import Frozen, is_dict_like
from labarray.utils.suggest import missing_names_message
from labarray.variable import arithmetic, duck, reductions
from labarray.variable import quantile as quantile_module
from labarray.variable.broadcast import insert_axes
from labarray.variable.combine import (
    apply_variable_ufunc,
    broadcast_variables,
    concat_variables,
)
from labarray.variable.compat_data import as_compatible_data
from labarray.variable.indexing import (
    ExplicitlyIndexed,
    ImplicitToExplicitIndexingAdapter,
    MemoryCachedArray,
    NumpyIndexingAdapter,
    PandasIndexingAdapter,
    as_indexable,
    is_duck_array,
)
from labarray.variable.keys import broadcast_indexes
from labarray.variable.masked import getitem_with_mask
from labarray.variable.ops import inject_arithmetic

__all__ = ["Variable", "as_variable"]

_default: Any = object()


def _parse_dims(dims: Any, ndim: int, shape: tuple[int, ...]) -> tuple[Hashable, ...]:
    if isinstance(dims, str):
        dims = (dims,)
    elif isinstance(dims, Iterable):
        dims = tuple(dims)
    else:
        dims = (dims,)
    if len(dims) != ndim:
        plural = "" if ndim == 1 else "s"
        raise ValueError(
            f"dimensions {dims} of length {len(dims)} do not match data with shape {shape} "
            f"({ndim} dimension{plural}); give one name per axis of the data"
        )
    if len(set(dims)) != len(dims):
        repeated = sorted({str(d) for d in dims if dims.count(d) > 1})
        raise ValueError(f"dimension names must be unique; {repeated} repeated in {dims}")
    return dims


class Variable:
    """A duck array with named dimensions, attributes and encoding.

    Parameters
    ----------
    dims : str or sequence of hashable
        One name per axis of ``data`` (a string is allowed for 1-D data).
    data : array-like
        NumPy, Dask or lazily indexed array, or anything :func:`as_compatible_data` accepts.
    attrs : dict-like, optional
        Metadata.
    encoding : dict-like, optional
        How to store the variable on disk.
    fastpath : bool, default: False
        Skip the conversion of ``data`` (internal).

    Examples
    --------
    >>> Variable("x", [1, 2, 3]).sizes
    Frozen({'x': 3})
    >>> Variable(("x", "y"), [1, 2])
    Traceback (most recent call last):
    ...
    ValueError: dimensions ('x', 'y') of length 2 do not match data with shape (2,) (1 dimension); give one name per axis of the data
    """

    __slots__ = ("__weakref__", "_attrs", "_data", "_dims", "_encoding")
    __array_priority__ = 50
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        dims: Any,
        data: Any,
        attrs: Mapping[Any, Any] | None = None,
        encoding: Mapping[Any, Any] | None = None,
        fastpath: bool = False,
    ):
        self._data = as_compatible_data(data, fastpath=fastpath)
        self._dims = _parse_dims(dims, self._data.ndim, tuple(self._data.shape))
        self._attrs: dict[Any, Any] | None = dict(attrs) if attrs else None
        self._encoding: dict[Any, Any] | None = dict(encoding) if encoding else None

    # ---------------------------------------------------------------- properties
    @property
    def dims(self) -> tuple[Hashable, ...]:
        """Names of the dimensions, one per axis."""
        return self._dims

    @dims.setter
    def dims(self, value: Any) -> None:
        self._dims = _parse_dims(value, self.ndim, self.shape)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self._data.shape)

    @property
    def dtype(self) -> np.dtype[Any]:
        return self._data.dtype

    @property
    def ndim(self) -> int:
        return len(self._dims)

    @property
    def size(self) -> int:
        return int(np.prod(self.shape))

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize

    @property
    def sizes(self) -> Frozen[Hashable, int]:
        """Mapping from dimension name to length."""
        return Frozen(dict(zip(self._dims, self.shape, strict=True)))

    @property
    def attrs(self) -> dict[Any, Any]:
        if self._attrs is None:
            self._attrs = {}
        return self._attrs

    @attrs.setter
    def attrs(self, value: Mapping[Any, Any]) -> None:
        self._attrs = dict(value)

    @property
    def encoding(self) -> dict[Any, Any]:
        if self._encoding is None:
            self._encoding = {}
        return self._encoding

    @encoding.setter
    def encoding(self, value: Mapping[Any, Any]) -> None:
        self._encoding = dict(value)

    @property
    def data(self) -> Any:
        """The duck array (NumPy or Dask); lazily indexed data is loaded (not cached)."""
        if isinstance(self._data, ExplicitlyIndexed):
            return self._data.get_duck_array()
        if is_duck_array(self._data) or is_chunked_array(self._data):
            return self._data
        return self.values

    @data.setter
    def data(self, value: Any) -> None:
        value = as_compatible_data(value)
        if tuple(value.shape) != self.shape:
            raise ValueError(
                f"replacement data must have the variable's shape {self.shape} "
                f"(dims {self.dims}); got shape {tuple(value.shape)}"
            )
        self._data = value

    @property
    def values(self) -> np.ndarray:
        """The values as a NumPy array (Dask and lazy data are computed)."""
        return duck.to_numpy(self._data)

    @values.setter
    def values(self, value: Any) -> None:
        self.data = value

    @property
    def chunks(self) -> tuple[tuple[int, ...], ...] | None:
        """Block sizes along each axis, or ``None`` when the data is not a Dask array."""
        return self._data.chunks if is_chunked_array(self._data) else None

    @property
    def chunksizes(self) -> Frozen[Hashable, tuple[int, ...]]:
        """Mapping from dimension to block sizes (empty when not chunked)."""
        if self.chunks is None:
            return Frozen({})
        return Frozen(dict(zip(self.dims, self.chunks, strict=True)))

    @property
    def _in_memory(self) -> bool:
        data = self._data
        if isinstance(data, MemoryCachedArray):
            return isinstance(data.array, NumpyIndexingAdapter)
        return isinstance(data, (np.ndarray, PandasIndexingAdapter, NumpyIndexingAdapter))

    @property
    def T(self) -> Variable:
        return self.transpose()

    @property
    def real(self) -> Variable:
        return self._replace(data=self.data.real)

    @property
    def imag(self) -> Variable:
        return self._replace(data=self.data.imag)

    # ---------------------------------------------------------------- python protocol
    def __len__(self) -> int:
        if not self.shape:
            raise TypeError("len() of a 0-dimensional Variable")
        return self.shape[0]

    def __iter__(self) -> Iterator[Variable]:
        if not self.shape:
            raise TypeError("iteration over a 0-dimensional Variable")
        for i in range(self.shape[0]):
            yield self[i]

    def _scalar(self, kind: str) -> Any:
        if self.size != 1:
            raise TypeError(
                f"only size-1 variables can be converted to {kind}; this one has shape {self.shape}"
            )
        return self.values.reshape(())[()]

    def __bool__(self) -> bool:
        return bool(self._scalar("bool"))

    def __float__(self) -> float:
        return float(self._scalar("float"))

    def __int__(self) -> int:
        return int(self._scalar("int"))

    def __complex__(self) -> complex:
        return complex(self._scalar("complex"))

    def item(self) -> Any:
        """The single value of a size-1 variable as a Python scalar."""
        value = self._scalar("a scalar")
        return value.item() if hasattr(value, "item") else value

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        values = np.asarray(self.values, dtype=dtype)
        return values.copy() if copy else values

    def to_numpy(self) -> np.ndarray:
        """The values as a NumPy array (alias of :attr:`values`)."""
        return self.values

    def as_numpy(self) -> Variable:
        """A copy of this variable whose data is a NumPy array."""
        return self._replace(data=self.values)

    def __repr__(self) -> str:
        dims = ", ".join(f"{d}: {s}" for d, s in zip(self.dims, self.shape, strict=True))
        head = f"<labarray.Variable ({dims})>"
        if is_chunked_array(self._data):
            body = repr(self._data)
        elif isinstance(self._data, ExplicitlyIndexed) and not isinstance(
            self._data, PandasIndexingAdapter
        ):
            body = f"[{self.size} values with dtype={self.dtype}]"
        else:
            body = repr(self.values)
        lines = [head, body]
        lines += [f"    {k}: {v}" for k, v in (self._attrs or {}).items()]
        if self._attrs:
            lines.insert(2, "Attributes:")
        return "\n".join(lines)

    # ---------------------------------------------------------------- construction helpers
    def _replace(
        self,
        dims: Any = _default,
        data: Any = _default,
        attrs: Any = _default,
        encoding: Any = _default,
    ) -> Self:
        """New variable of the same type with some of its parts replaced (no validation)."""
        if dims is _default:
            dims = self._dims
        if data is _default:
            data = self._data
        if attrs is _default:
            attrs = self._attrs  # _from_parts copies the dict
        if encoding is _default:
            encoding = self._encoding
        return type(self)._from_parts(dims, data, attrs, encoding)

    @classmethod
    def _from_parts(
        cls, dims: Any, data: Any, attrs: Mapping[Any, Any] | None = None, encoding: Mapping[Any, Any] | None = None
    ) -> Self:
        """Build a Variable from trusted parts, skipping conversion and validation when possible.

        Falls back to the checked constructor unless ``dims`` is a tuple matching ``data.ndim``.
        """
        if type(dims) is not tuple or getattr(data, "ndim", None) != len(dims) or isinstance(data, np.generic):
            return cls(dims, data, attrs, encoding, fastpath=True)
        new = object.__new__(cls)
        new._data = data
        new._dims = dims
        new._attrs = dict(attrs) if attrs else None
        new._encoding = dict(encoding) if encoding else None
        return new

    def copy(self, deep: bool = True, data: Any = None) -> Self:
        """Return a copy; ``deep`` also copies the values (not lazy or Dask data) and attrs.

        Parameters
        ----------
        deep : bool, default: True
            Copy the NumPy values and deep-copy ``attrs`` and ``encoding``.
        data : array-like, optional
            New values of the same shape (then ``deep`` only affects attrs and encoding).

        Examples
        --------
        >>> v = Variable("x", [1, 2])
        >>> v.copy(data=[3, 4]).values
        array([3, 4])
        """
        if data is None:
            data = self._data
            if deep:
                if isinstance(data, PandasIndexingAdapter):
                    data = data.copy(deep=True)
                elif isinstance(data, np.ndarray):
                    data = np.array(data)
                elif is_chunked_array(data):
                    # a new Array object (same graph): assignments into one do not reach the other
                    data = data.copy()
        else:
            data = as_compatible_data(data)
            if tuple(data.shape) != self.shape:
                raise ValueError(
                    f"data given to copy must have the variable's shape {self.shape}; "
                    f"got shape {tuple(data.shape)}"
                )
        copier = copy_module.deepcopy if deep else copy_module.copy
        return self._replace(
            data=data, attrs=copier(self._attrs), encoding=copier(self._encoding)
        )

    def __copy__(self) -> Self:
        return self.copy(deep=False)

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        return self.copy(deep=True)

    def to_base_variable(self) -> Variable:
        """A plain copy whose data is no longer an index adapter."""
        data = self._data
        if isinstance(data, PandasIndexingAdapter):
            data = data.get_duck_array()
        return Variable(self.dims, data, self._attrs, self._encoding, fastpath=True)

    def to_index_variable(self) -> Variable:
        """A 1-D copy whose data is a :class:`PandasIndexingAdapter` (an index coordinate's)."""
        if isinstance(self._data, PandasIndexingAdapter):
            return self.copy(deep=False)
        adapter = PandasIndexingAdapter(self.to_index(), dtype=self.dtype)
        return self._replace(data=adapter)

    def to_index(self) -> pd.Index:
        """The values as a ``pandas.Index`` named after the (single) dimension.

        Examples
        --------
        >>> Variable("x", [1, 2]).to_index()
        Index([1, 2], dtype='int64', name='x')
        """
        if self.ndim != 1:
            raise ValueError(
                f"only 1-dimensional variables can be converted to a pandas.Index; this one has "
                f"dims {self.dims}"
            )
        if isinstance(self._data, PandasIndexingAdapter) and self._data.level is None:
            index = self._data.array
        else:
            values = self.values
            index = pd.Index(values, dtype=object if values.dtype == object else None)
        if isinstance(index, pd.MultiIndex):
            return index
        return index.set_names(self.dims[0])

    def get_axis_num(self, dim: Hashable | Iterable[Hashable]) -> int | tuple[int, ...]:
        """Axis number(s) of dimension(s); raises naming what exists and the closest match.

        Examples
        --------
        >>> Variable(("x", "y"), np.zeros((2, 3))).get_axis_num("y")
        1
        """
        if isinstance(dim, str) or not isinstance(dim, Iterable) or dim in self.dims:
            return self._axis_of(dim)  # type: ignore[arg-type]
        return tuple(self._axis_of(d) for d in dim)

    def _axis_of(self, dim: Hashable) -> int:
        try:
            return self.dims.index(dim)
        except ValueError:
            raise ValueError(
                missing_names_message("dimension", [dim], self.dims, "the Variable")
            ) from None

    # ---------------------------------------------------------------- indexing
    def __getitem__(self, key: Any) -> Self:
        """Select by position: ints/slices/1-D arrays act per axis; Variable keys vectorize."""
        dims, indexer, raw_dims = broadcast_indexes(self, key)
        data = as_indexable(self._data)[indexer]
        result = self._replace(dims=raw_dims, data=data)
        return result if raw_dims == dims else result.transpose(*dims)

    def isel(
        self,
        indexers: Mapping[Any, Any] | None = None,
        missing_dims: MissingDims = "raise",
        **indexers_kwargs: Any,
    ) -> Self:
        """Select by integer position along named dimensions.

        Parameters
        ----------
        indexers : dict, optional
            ``{dim: int, slice, array or Variable}``.
        missing_dims : {"raise", "warn", "ignore"}, default: "raise"
            What to do with dimensions the variable does not have.
        **indexers_kwargs
            The keyword form of ``indexers``.

        Examples
        --------
        >>> Variable(("x", "y"), np.arange(6).reshape(2, 3)).isel(x=1, y=slice(1, None)).values
        array([4, 5])
        """
        indexers = either_dict_or_kwargs(indexers, indexers_kwargs, "isel")
        dims = self._dims
        if any(k not in dims for k in indexers):
            indexers = drop_missing_dims(indexers, dims, missing_dims, "the Variable")
        key = tuple(indexers.get(d, slice(None)) for d in dims)
        fast = self._basic_isel_numpy(key)
        return fast if fast is not None else self[key]

    def _basic_isel_numpy(self, key: tuple[Any, ...]) -> Self | None:
        """Fast path for in-memory data with int/slice keys (the interactive hot path).

        Returns ``None`` whenever the general machinery is needed (other data or key types,
        out-of-bounds integers, which then get the descriptive error).
        """
        data = self._data
        if type(data) is PandasIndexingAdapter and len(key) == 1:
            # an index coordinate: a scalar position or a slice, without the general machinery
            (k,) = key
            if type(k) is slice:
                return self._replace(data=type(data)(data.array[k], dtype=data.dtype, level=data.level))
            if type(k) is int and -data.shape[0] <= k < data.shape[0]:
                return self._replace(dims=(), data=data._scalar(k))
            return None
        if type(data) is not np.ndarray:
            return None
        new_dims = []
        for k, dim, size in zip(key, self._dims, data.shape, strict=True):
            if type(k) is slice:
                new_dims.append(dim)
            elif type(k) is int or isinstance(k, np.integer):
                if not -size <= k < size:
                    return None
            else:
                return None
        result = data[key]
        if type(result) is not np.ndarray:
            result = np.asarray(result)
        return self._replace(dims=tuple(new_dims), data=result)

    def __setitem__(self, key: Any, value: Any) -> None:
        """Assign by position with the rules of ``__getitem__``; values broadcast by dims."""
        dims, indexer, raw_dims = broadcast_indexes(self, key)
        if not isinstance(value, Variable):
            value = as_compatible_data(value)
            if value.ndim > len(dims):
                raise ValueError(
                    f"cannot assign a value of shape {tuple(value.shape)} to a selection with "
                    f"{len(dims)} dimension(s) {dims}"
                )
            value = Variable(dims[len(dims) - value.ndim :], value)
        extra = [d for d in value.dims if d not in dims]
        if extra:
            raise ValueError(
                f"the value to assign has dimension(s) {extra} that the selection {dims} "
                "does not have"
            )
        data = insert_axes(value, raw_dims)
        if isinstance(self._data, np.ndarray) or not isinstance(self._data, ExplicitlyIndexed):
            target = as_indexable(self._data)
        else:
            target = self._data
        target[indexer] = data

    def _getitem_with_mask(self, key: Any, fill_value: Any = NA) -> Self:
        """Index like ``__getitem__`` where ``-1`` in an integer array key gives ``fill_value``.

        Used by reindexing and alignment. NumPy data runs on
        :func:`labarray.kernels.take.take_with_fill`, Dask data stays lazy.

        Examples
        --------
        >>> Variable("x", [10, 20, 30])._getitem_with_mask(np.array([2, -1])).values
        array([30., nan])
        """
        dims, raw_dims, data = getitem_with_mask(self, key, fill_value)
        result = self._replace(dims=raw_dims, data=data)
        return result if raw_dims == dims else result.transpose(*dims)

    # ---------------------------------------------------------------- shape
    def transpose(self, *dims: Any, missing_dims: MissingDims = "raise") -> Self:
        """Reorder dimensions; ``...`` stands for the others, no arguments reverses them.

        Examples
        --------
        >>> Variable(("x", "y", "z"), np.zeros((1, 2, 3))).transpose("z", ...).dims
        ('z', 'x', 'y')
        """
        if len(dims) == 1 and not isinstance(dims[0], str) and isinstance(dims[0], Iterable):
            dims = tuple(dims[0])
        order = infer_transpose_order(dims, self.dims, missing_dims, "the Variable")
        if order == self.dims or self.ndim < 2:
            return self.copy(deep=False)
        axes = tuple(self.dims.index(d) for d in order)
        return self._replace(dims=order, data=np.transpose(self.data, axes))

    def set_dims(self, dims: Any, shape: Sequence[int] | None = None) -> Self:
        """Broadcast to new dimensions (given in the final order); existing ones keep their size.

        Parameters
        ----------
        dims : str, sequence or mapping of dim -> size
            All dimensions of the result; must include the existing ones.
        shape : sequence of int, optional
            Sizes of ``dims`` (when ``dims`` is not a mapping). Without sizes the new
            dimensions have length 1.

        Examples
        --------
        >>> Variable("x", [1, 2]).set_dims({"y": 3, "x": 2}).shape
        (3, 2)
        """
        if isinstance(dims, str):
            dims = [dims]
        if shape is None and is_dict_like(dims):
            shape = tuple(dims.values())
        dims = tuple(dims)
        missing = [d for d in self.dims if d not in dims]
        if missing:
            raise ValueError(
                f"set_dims needs every existing dimension; {missing} missing from {dims} "
                f"(the variable has {self.dims})"
            )
        if shape is not None:
            if len(shape) != len(dims):
                raise ValueError(f"set_dims got {len(dims)} dims {dims} but shape {tuple(shape)}")
            sizes = dict(zip(dims, shape, strict=True))
            for d, s in self.sizes.items():
                if sizes[d] != s:
                    raise ValueError(
                        f"set_dims cannot change the length of existing dimension {d!r} "
                        f"from {s} to {sizes[d]}"
                    )
        if self.dims == dims:
            return self.copy(deep=False)
        new = tuple(d for d in dims if d not in self.dims)
        expanded_dims = new + self.dims
        data = self.data[(None,) * len(new)]
        if shape is not None:
            data = np.broadcast_to(data, tuple(sizes[d] for d in expanded_dims))
        return self._replace(dims=expanded_dims, data=data).transpose(*dims)

    def expand_dims(self, dim: Any, axis: int | Sequence[int] | None = None) -> Self:
        """Insert new dimensions (length 1, or the sizes given in a mapping).

        Examples
        --------
        >>> Variable("x", [1, 2]).expand_dims({"t": 3}, axis=1).dims
        ('x', 't')
        """
        if isinstance(dim, str) or not isinstance(dim, Iterable):
            dim = {dim: 1}
        elif not is_dict_like(dim):
            dim = dict.fromkeys(dim, 1)
        existing = [d for d in dim if d in self.dims]
        if existing:
            raise ValueError(f"dimension(s) {existing} already exist on the Variable {self.dims}")
        n_new = len(dim)
        if axis is None:
            axes = list(range(n_new))
        else:
            axes = [axis] if isinstance(axis, int) else list(axis)
        if len(axes) != n_new:
            raise ValueError(f"expand_dims got {n_new} new dims but {len(axes)} axis positions")
        total = self.ndim + n_new
        axes = [a + total if a < 0 else a for a in axes]
        if any(a < 0 or a >= total for a in axes) or len(set(axes)) != n_new:
            raise ValueError(f"axis positions {axis} invalid for a result with {total} dims")
        order: list[Hashable] = [None] * total
        for a, d in zip(axes, dim, strict=True):
            order[a] = d
        rest = iter(self.dims)
        order = [d if i in axes else next(rest) for i, d in enumerate(order)]
        sizes = {**dim, **self.sizes}
        return self.set_dims({d: sizes[d] for d in order})

    def squeeze(self, dim: Hashable | Iterable[Hashable] | None = None) -> Self:
        """Remove length-1 dimensions (all of them, or those named).

        Examples
        --------
        >>> Variable(("x", "y"), [[1, 2]]).squeeze().dims
        ('y',)
        """
        if dim is None:
            dims = tuple(d for d, s in self.sizes.items() if s == 1)
        else:
            dims = parse_dims(dim, self.dims, where="the Variable")
            wrong = {d: self.sizes[d] for d in dims if self.sizes[d] != 1}
            if wrong:
                raise ValueError(
                    f"cannot squeeze dimension(s) with length other than 1: {wrong}"
                )
        return self.isel(dict.fromkeys(dims, 0))

    def astype(
        self,
        dtype: Any,
        *,
        order: str | None = None,
        casting: str | None = None,
        subok: bool | None = None,
        copy: bool | None = None,
        keep_attrs: bool = True,
    ) -> Self:
        """Cast the values to ``dtype`` (lazily for Dask data).

        Examples
        --------
        >>> Variable("x", [1.7, 2.2]).astype(int).values
        array([1, 2])
        """
        options = {"order": order, "casting": casting, "subok": subok, "copy": copy}
        kwargs = {k: v for k, v in options.items() if v is not None}
        data = self.data
        if is_chunked_array(data):
            kwargs.pop("order", None)
            kwargs.pop("subok", None)
        data = data.astype(dtype, **kwargs)
        # the encoding describes how the old dtype was stored: it would be wrong for the new one
        return self._replace(data=data, attrs=copy_module.copy(self._attrs) if keep_attrs else None, encoding={})

    # ---------------------------------------------------------------- comparison
    def equals(self, other: Any, equiv: Callable[[Any, Any], bool] = duck.array_equiv) -> bool:
        """True if dims and values are the same (NaN equals NaN); attrs are ignored.

        Examples
        --------
        >>> Variable("x", [1.0, np.nan]).equals(Variable("x", [1.0, np.nan]))
        True
        """
        other = getattr(other, "variable", other)
        if not isinstance(other, Variable) or self.dims != other.dims:
            return False
        if self._data is other._data:
            return True
        try:
            return equiv(self.data, other.data)
        except (TypeError, ValueError):
            return False

    def broadcast_equals(
        self, other: Any, equiv: Callable[[Any, Any], bool] = duck.array_equiv
    ) -> bool:
        """True if the variables are equal after broadcasting them against each other."""
        other = getattr(other, "variable", other)
        if not isinstance(other, Variable):
            return False
        try:
            a, b = broadcast_variables(self, other)
        except ValueError:
            return False
        return a.equals(b, equiv=equiv)

    def identical(self, other: Any) -> bool:
        """True if equal and the attrs are equal too."""
        other = getattr(other, "variable", other)
        if not isinstance(other, Variable):
            return False
        return attrs_equal(self._attrs or {}, other._attrs or {}) and self.equals(other)

    def no_conflicts(self, other: Any) -> bool:
        """True where broadcasting works and values agree wherever both are not missing."""
        return self.broadcast_equals(other, equiv=duck.array_notnull_equiv)

    # ---------------------------------------------------------------- laziness
    def chunk(
        self, chunks: Any = {}, name: str | None = None, **chunks_kwargs: Any  # noqa: B006
    ) -> Self:
        """Wrap (or rechunk) the data as a Dask array.

        Parameters
        ----------
        chunks : int, "auto", -1, tuple or mapping of dim -> size, default: {}
            Block sizes; an empty mapping keeps existing chunks (or one chunk).
        name : str, optional
            Name of the Dask array (default: a token of the data).
        **chunks_kwargs
            The keyword form of a ``chunks`` mapping.

        Examples
        --------
        >>> Variable("x", np.arange(5)).chunk(x=2).chunks
        ((2, 2, 1),)
        """
        if chunks_kwargs:
            chunks = either_dict_or_kwargs(chunks or None, chunks_kwargs, "chunk")
        if is_dict_like(chunks):
            chunks = {self._resolve_chunk_key(k): v for k, v in chunks.items()}
        elif isinstance(chunks, tuple) and len(chunks) != self.ndim:
            raise ValueError(
                f"chunks tuple {chunks} has {len(chunks)} entries but the variable has "
                f"{self.ndim} dims {self.dims}"
            )
        normalized = normalize_chunks_for_dims(
            chunks, self.dims, self.shape, self.dtype, previous_chunks=self.chunks
        )
        data = self._data
        if isinstance(data, PandasIndexingAdapter):
            data = data.get_duck_array()
        elif isinstance(data, ExplicitlyIndexed):
            data = ImplicitToExplicitIndexingAdapter(data)
        if is_chunked_array(data):
            return self._replace(data=chunk_array(data, normalized, name=name))
        meta = np.empty((0,) * self.ndim, dtype=self.dtype)
        return self._replace(data=chunk_array(data, normalized, name=name, meta=meta))

    def _resolve_chunk_key(self, key: Any) -> Hashable:
        if isinstance(key, int) and key not in self.dims and -self.ndim <= key < self.ndim:
            return self.dims[key]
        if key not in self.dims:
            raise ValueError(missing_names_message("dimension", [key], self.dims, "chunks"))
        return key

    def load(self, **kwargs: Any) -> Self:
        """Load lazy or Dask data into memory, in place, and return ``self``."""
        if is_chunked_array(self._data):
            (self._data,) = compute_arrays(self._data, **kwargs)
        elif isinstance(self._data, ExplicitlyIndexed) and not isinstance(
            self._data, PandasIndexingAdapter
        ):
            self._data = np.asarray(self._data.get_duck_array())
        return self

    def compute(self, **kwargs: Any) -> Self:
        """A new variable with the data loaded into memory (``self`` is unchanged)."""
        return self.copy(deep=False).load(**kwargs)

    def persist(self, **kwargs: Any) -> Self:
        """A new variable whose Dask data is computed and kept in (distributed) memory."""
        (data,) = persist_arrays(self._data, **kwargs)
        return self._replace(data=data)

    # ---------------------------------------------------------------- missing values
    def isnull(self, keep_attrs: bool | None = None) -> Self:
        """Boolean variable, True where values are missing (NaN, NaT, None)."""
        keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
        return self._replace(data=duck.isnull(self.data), attrs=self._attrs if keep else None)

    def notnull(self, keep_attrs: bool | None = None) -> Self:
        """Boolean variable, True where values are present."""
        keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
        return self._replace(data=duck.notnull(self.data), attrs=self._attrs if keep else None)

    def where(self, cond: Any, other: Any = NA) -> Self:
        """Keep values where ``cond`` is True, else ``other`` (missing by default).

        ``cond`` and ``other`` broadcast by dimension name when they are Variables.

        Examples
        --------
        >>> Variable("x", [1, 2, 3]).where(Variable("x", [True, False, True])).values
        array([ 1., nan,  3.])
        """
        if other is NA:
            dtype, other = maybe_promote(self.dtype)
            base: Variable = self.astype(dtype, copy=False) if dtype != self.dtype else self
        else:
            base = self
        return apply_variable_ufunc(
            lambda x, c, o: np.where(c, x, o), base, cond, other, keep_attrs_default=True
        )

    def fillna(self, value: Any) -> Self:
        """Replace missing values by ``value`` (a scalar, array or Variable)."""
        return self.where(self.notnull(), value)

    def clip(self, min: Any = None, max: Any = None, keep_attrs: bool | None = None) -> Self:
        """Limit the values to ``[min, max]`` (either may be a Variable)."""
        return apply_variable_ufunc(
            lambda x, lo, hi: np.clip(x, lo, hi), self, min, max,
            keep_attrs_default=True, keep_attrs=keep_attrs,
        )

    # ---------------------------------------------------------------- reductions
    def reduce(
        self,
        func: Callable[..., Any],
        dim: Any = None,
        axis: int | Sequence[int] | None = None,
        keep_attrs: bool | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> Self:
        """Apply ``func(data, axis=..., **kwargs)`` over dimensions.

        Examples
        --------
        >>> Variable(("x", "y"), np.arange(6).reshape(2, 3)).reduce(np.sum, "y").values
        array([ 3, 12])
        """
        return reductions.reduce_variable(self, func, dim, axis, keep_attrs, keepdims, **kwargs)

    def _aggregate(
        self,
        name: str,
        dim: Any = None,
        *,
        skipna: bool | None = None,
        keep_attrs: bool | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ) -> Self:
        """Run the aggregation (or scan) ``name`` of :mod:`labarray.aggregations`.

        ``dim`` (default: all dimensions) is resolved to axes and the data reduced with
        :func:`labarray.aggregations.apply_aggregation` (lazily for Dask data).

        Examples
        --------
        >>> Variable(("x", "y"), [[1.0, np.nan], [3.0, 4.0]])._aggregate("sum", "y").values
        array([1., 7.])
        """
        return reductions.aggregate_variable(
            self, name, dim, skipna=skipna, keep_attrs=keep_attrs, keepdims=keepdims, **kwargs
        )

    def argmin(
        self, dim: Any = None, axis: int | None = None, keep_attrs: bool | None = None,
        skipna: bool | None = None,
    ) -> Any:
        """Positions of the minimum; a dict ``{dim: Variable}`` when several dims are given.

        Examples
        --------
        >>> Variable(("x", "y"), [[3, 1], [0, 2]]).argmin(["x", "y"])["x"].values
        array(1)
        """
        return reductions.arg_reduce(self, "argmin", dim, axis, keep_attrs, skipna)

    def argmax(
        self, dim: Any = None, axis: int | None = None, keep_attrs: bool | None = None,
        skipna: bool | None = None,
    ) -> Any:
        """Positions of the maximum; a dict ``{dim: Variable}`` when several dims are given.

        Examples
        --------
        >>> Variable("x", [3, 5, 1]).argmax().values
        array(1)
        """
        return reductions.arg_reduce(self, "argmax", dim, axis, keep_attrs, skipna)

    def quantile(
        self, q: Any, dim: Any = None, method: str = "linear", keep_attrs: bool | None = None,
        skipna: bool | None = None,
    ) -> Self:
        """Quantiles along ``dim`` (default: all); array-like ``q`` adds a ``quantile`` dim first.

        ``method`` is one of NumPy's 13 quantile methods; Dask data stay lazy (the reduced dims
        are rechunked into one chunk). See :mod:`labarray.variable.quantile`.

        Examples
        --------
        >>> Variable("x", [1.0, 2.0, np.nan, 4.0]).quantile([0.5, 1.0]).values
        array([2., 4.])
        """
        return quantile_module.quantile_variable(self, q, dim, method, keep_attrs, skipna)

    # ---------------------------------------------------------------- arithmetic
    def _binary_op(self, other: Any, f: Callable[[Any, Any], Any], reflexive: bool = False) -> Any:
        return arithmetic.binary_op(self, other, f, reflexive)

    def _inplace_binary_op(self, other: Any, f: Callable[[Any, Any], Any]) -> Any:
        return arithmetic.inplace_binary_op(self, other, f)

    def _unary_op(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Self:
        return arithmetic.unary_op(self, f, *args, **kwargs)

    def __matmul__(self, other: Any) -> Any:
        """Multiply and sum over the dimensions both variables share (a tensor dot product)."""
        if not isinstance(other, Variable):
            return NotImplemented
        common = [d for d in self.dims if d in other.dims]
        product = self._binary_op(other, operator.mul)
        return product.reduce(np.sum, common, keep_attrs=False) if common else product

    def __rmatmul__(self, other: Any) -> Any:
        if not isinstance(other, Variable):
            return NotImplemented
        return other.__matmul__(self)

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        if method != "__call__" or "out" in kwargs or ufunc.signature is not None:
            # reductions, out= and generalized ufuncs (matmul) do not map onto dimension names
            return NotImplemented
        if any(arithmetic.is_facade(x) for x in inputs):
            return NotImplemented
        return apply_variable_ufunc(
            lambda *arrays: ufunc(*arrays, **kwargs), *inputs,
            keep_attrs_default=True, nout=ufunc.nout,
        )

    # ---------------------------------------------------------------- combining
    @classmethod
    def concat(
        cls,
        variables: Sequence[Variable],
        dim: Hashable = "concat_dim",
        positions: Sequence[Any] | None = None,
        shortcut: bool = False,
        combine_attrs: str = "override",
    ) -> Variable:
        """Concatenate variables along an existing or a new dimension.

        See :func:`labarray.variable.combine.concat_variables`.

        Examples
        --------
        >>> Variable.concat([Variable("x", [1]), Variable("x", [2, 3])], "x").values
        array([1, 2, 3])
        """
        return concat_variables(variables, dim, positions=positions, combine_attrs=combine_attrs)


def as_variable(obj: Any, name: Hashable | None = None) -> Variable:
    """Convert ``obj`` into a :class:`Variable`.

    Parameters
    ----------
    obj : object
        A Variable (shallow-copied), a DataArray-like (its ``.variable``), a tuple
        ``(dims, data[, attrs[, encoding]])``, a scalar (0-d), a ``pandas.Index`` or 1-D
        array (needs ``name``, which becomes the dimension).
    name : hashable, optional
        Dimension name for 1-D data given without dims.

    Examples
    --------
    >>> as_variable(("x", [1, 2], {"units": "m"})).attrs
    {'units': 'm'}
    >>> as_variable([1, 2, 3], name="x").dims
    ('x',)
    """
    if isinstance(obj, Variable):
        return obj.copy(deep=False)
    if hasattr(obj, "variable") and isinstance(obj.variable, Variable):
        return obj.variable.copy(deep=False)
    if isinstance(obj, tuple):
        if not 2 <= len(obj) <= 4:
            raise TypeError(
                f"a tuple must have the form (dims, data[, attrs[, encoding]]) to become a "
                f"Variable; got a tuple of length {len(obj)}"
            )
        try:
            return Variable(*obj)
        except (TypeError, ValueError) as err:
            where = f" {name!r}" if name is not None else ""
            raise type(err)(
                f"could not convert the tuple (dims, data, ...) of variable{where} to a "
                f"Variable: {err}"
            ) from err
    if name is None and isinstance(obj, pd.Index) and not isinstance(obj, pd.MultiIndex) and obj.name is not None:
        name = obj.name  # a named pandas.Index names its dimension (as xarray)
    data = as_compatible_data(obj)
    if data.ndim == 0:
        return Variable((), data)
    if name is not None and data.ndim == 1:
        return Variable((name,), data)
    where = f" {name!r}" if name is not None else ""
    raise ValueError(
        f"cannot make a Variable{where} from {data.ndim}-dimensional data without dimension "
        "names; pass a tuple (dims, data) instead"
    )


inject_arithmetic(Variable)
aggregations.inject_aggregations(Variable)
