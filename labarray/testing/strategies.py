"""Hypothesis strategies that generate labarray objects and indexers for property tests.

The strategies build real :class:`~labarray.Variable`, :class:`~labarray.DataArray` and
:class:`~labarray.Dataset` objects, so a test can state a property once and let hypothesis
search for a counterexample::

    from hypothesis import given
    import labarray.testing.strategies as lst

    @given(lst.dataarrays(coords=True, unique_indexes=True), st.data())
    def test_isel_matches_sel(da, data):
        ...

``isel_indexers`` and ``sel_indexers`` take an existing object and draw indexers that are valid
for it (positions in range, labels that exist), so they are used with ``st.data()``.

This module needs ``hypothesis`` (a test dependency); ``import labarray`` never imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import hypothesis.extra.numpy as npst
import hypothesis.strategies as st
import numpy as np

from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.variable import Variable

__all__ = [
    "attrs",
    "dataarrays",
    "datasets",
    "dimension_names",
    "dimension_sizes",
    "index_labels",
    "isel_indexers",
    "names",
    "sel_indexers",
    "supported_dtypes",
    "unique_subset_of",
    "variables",
]

T = TypeVar("T", bound=Hashable)

INDEX_KINDS = ("int", "float", "datetime", "str")
_ALPHABET = st.characters(codec="ascii", categories=["Ll", "Lu"])
_MAX_SIDE = 5


def supported_dtypes() -> st.SearchStrategy[np.dtype]:
    """NumPy dtypes labarray supports as data: bool, (unsigned) ints, floats, complex.

    Native byte order only; ``float16`` is left out because NumPy computes with it inconsistently.

    Examples
    --------
    >>> supported_dtypes().example()  # doctest: +SKIP
    dtype('int16')
    """
    return (
        npst.boolean_dtypes()
        | npst.integer_dtypes(endianness="=")
        | npst.unsigned_integer_dtypes(endianness="=")
        | npst.floating_dtypes(endianness="=", sizes=(32, 64))
        | npst.complex_number_dtypes(endianness="=")
    )


def names() -> st.SearchStrategy[str]:
    """Short ASCII-letter names for dimensions, variables and attributes (1 to 5 letters).

    Examples
    --------
    >>> names().example()  # doctest: +SKIP
    'lQz'
    """
    return st.text(_ALPHABET, min_size=1, max_size=5)


def dimension_names(
    *, name_strategy: st.SearchStrategy[str] | None = None, min_dims: int = 0, max_dims: int = 3
) -> st.SearchStrategy[list[str]]:
    """Lists of distinct dimension names, between ``min_dims`` and ``max_dims`` long.

    Examples
    --------
    >>> dimension_names(min_dims=2, max_dims=2).example()  # doctest: +SKIP
    ['x', 'Tb']
    """
    _check_range("min_dims", min_dims, "max_dims", max_dims)
    return st.lists(
        name_strategy if name_strategy is not None else names(),
        min_size=min_dims,
        max_size=max_dims,
        unique=True,
    )


def dimension_sizes(
    *,
    dim_names: st.SearchStrategy[str] | None = None,
    min_dims: int = 0,
    max_dims: int = 3,
    min_side: int = 1,
    max_side: int | None = None,
) -> st.SearchStrategy[dict[str, int]]:
    """Mappings ``{dim: size}`` with distinct names and sizes in ``[min_side, max_side]``.

    ``max_side`` defaults to ``min_side + 4`` to keep generated arrays small.

    Examples
    --------
    >>> dimension_sizes(min_dims=1, max_dims=2, max_side=3).example()  # doctest: +SKIP
    {'y': 3, 'abc': 1}
    """
    _check_range("min_dims", min_dims, "max_dims", max_dims)
    if max_side is None:
        max_side = min_side + _MAX_SIDE - 1
    _check_range("min_side", min_side, "max_side", max_side)
    return st.dictionaries(
        keys=dim_names if dim_names is not None else names(),
        values=st.integers(min_side, max_side),
        min_size=min_dims,
        max_size=max_dims,
    )


def attrs() -> st.SearchStrategy[dict[str, Any]]:
    """Attribute dictionaries: names mapped to strings, numbers, booleans, small arrays or dicts.

    Examples
    --------
    >>> attrs().example()  # doctest: +SKIP
    {'units': 'K', 'a': 3}
    """
    scalars = (
        st.text(_ALPHABET, max_size=5)
        | st.booleans()
        | st.integers(-1000, 1000)
        | st.floats(allow_nan=False, width=64)
        | npst.arrays(np.float64, npst.array_shapes(max_dims=1, max_side=3),
                      elements=st.floats(-1e6, 1e6))
    )
    values = st.recursive(
        scalars, lambda inner: st.dictionaries(names(), inner, max_size=2), max_leaves=4
    )
    return st.dictionaries(names(), values, max_size=3)


# the builders below take an ``attrs=`` argument (xarray's name), which hides the function
_attrs_strategy = attrs


def unique_subset_of(
    objs: Mapping[T, Any] | Iterable[T], *, min_size: int = 0, max_size: int | None = None
) -> st.SearchStrategy[Any]:
    """Subsets of ``objs``: a dict for a mapping input (same values), else a list (input order).

    Parameters
    ----------
    objs : mapping or iterable of hashables
        Where to draw from; its elements must be unique.
    min_size, max_size : int
        Bounds on the subset's length (``max_size`` defaults to ``len(objs)``).

    Examples
    --------
    >>> unique_subset_of({"x": 2, "y": 3}, min_size=1).example()  # doctest: +SKIP
    {'y': 3}
    """
    items = list(objs)
    if len(set(items)) != len(items):
        raise ValueError(f"unique_subset_of needs unique elements, got {items!r}")
    if max_size is None:
        max_size = len(items)
    if not 0 <= min_size <= max_size <= len(items):
        raise ValueError(
            f"unique_subset_of needs 0 <= min_size <= max_size <= len(objs) = {len(items)}, "
            f"got min_size={min_size}, max_size={max_size}"
        )
    positions = st.lists(
        st.integers(0, max(len(items) - 1, 0)), min_size=min_size, max_size=max_size, unique=True
    ) if items else st.just([])
    if isinstance(objs, Mapping):
        return positions.map(lambda pos: {items[i]: objs[items[i]] for i in sorted(pos)})
    return positions.map(lambda pos: [items[i] for i in sorted(pos)])


def _check_range(low_name: str, low: int, high_name: str, high: int) -> None:
    if low < 0 or high < low:
        raise ValueError(
            f"need 0 <= {low_name} <= {high_name}, got {low_name}={low}, {high_name}={high}"
        )


def _array(
    shape: tuple[int, ...], dtype: st.SearchStrategy[np.dtype] | np.dtype | str,
    elements: st.SearchStrategy[Any] | Mapping[str, Any] | None,
) -> st.SearchStrategy[np.ndarray]:
    if isinstance(dtype, str | np.dtype):
        dtype = st.just(np.dtype(dtype))
    return npst.arrays(dtype, shape, elements=elements)


@st.composite
def variables(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    *,
    dims: st.SearchStrategy[Sequence[str] | Mapping[str, int]] | None = None,
    dtype: st.SearchStrategy[np.dtype] | np.dtype | str | None = None,
    elements: st.SearchStrategy[Any] | Mapping[str, Any] | None = None,
    attrs: st.SearchStrategy[Mapping[str, Any]] | None = None,
) -> Variable:
    """Variables with NumPy data.

    Parameters
    ----------
    dims : strategy, optional
        Draws either a list of dimension names (sizes are then drawn) or a ``{dim: size}``
        mapping. Default: :func:`dimension_names`.
    dtype : strategy, dtype or str, optional
        Default: :func:`supported_dtypes`.
    elements : strategy or dict, optional
        Passed to ``hypothesis.extra.numpy.arrays`` (e.g. ``st.floats(0, 1)``); default: any
        value of the dtype (NaN and infinities included).
    attrs : strategy, optional
        Default: :func:`attrs`.

    Examples
    --------
    >>> variables(dims=st.just({"x": 3}), dtype="float64").example()  # doctest: +SKIP
    <labarray.Variable (x: 3)> Size: 24B
    array([ 1.5, -0. ,  nan])
    """
    drawn_dims = draw(dims if dims is not None else dimension_names())
    if isinstance(drawn_dims, Mapping):
        dim_names, shape = list(drawn_dims), tuple(drawn_dims.values())
    else:
        dim_names = list(drawn_dims)
        if len(set(dim_names)) != len(dim_names):
            raise ValueError(f"variables: dimension names must be unique, got {dim_names!r}")
        shape = draw(npst.array_shapes(min_dims=len(dim_names), max_dims=len(dim_names),
                                       min_side=1, max_side=_MAX_SIDE)) if dim_names else ()
    data = draw(_array(shape, dtype if dtype is not None else supported_dtypes(), elements))
    drawn_attrs = draw(attrs if attrs is not None else _attrs_strategy())
    return Variable(dim_names, data, attrs=drawn_attrs)


def index_labels(
    size: int, *, kind: str | None = None, increasing: bool | None = None
) -> st.SearchStrategy[np.ndarray]:
    """Unique 1-D label arrays of ``size`` elements, usable as a dimension coordinate.

    Parameters
    ----------
    size : int
        Number of labels.
    kind : {"int", "float", "datetime", "str"}, optional
        Label type (int64, float64, datetime64[ns], NumPy unicode); drawn when not given.
    increasing : bool, optional
        ``True``: strictly increasing; ``False``: in drawn (usually unsorted) order; ``None``:
        either.

    Examples
    --------
    >>> index_labels(3, kind="int", increasing=True).example()  # doctest: +SKIP
    array([-7,  0, 12])
    """
    if kind is not None and kind not in INDEX_KINDS:
        raise ValueError(f"index_labels: unknown kind {kind!r}; choose one of {INDEX_KINDS}")
    if size < 0:
        raise ValueError(f"index_labels: size must be >= 0, got {size}")
    return _index_labels(size, kind=kind, increasing=increasing)


@st.composite
def _index_labels(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    size: int,
    *,
    kind: str | None,
    increasing: bool | None,
) -> np.ndarray:
    if kind is None:
        kind = draw(st.sampled_from(INDEX_KINDS))
    if kind == "str":
        values = draw(st.lists(st.text(_ALPHABET, min_size=1, max_size=3), min_size=size,
                               max_size=size, unique=True))
        labels = np.array(values, dtype="U3") if values else np.array([], dtype="U3")
    elif kind == "float":
        values = draw(st.lists(st.floats(-1e6, 1e6, allow_subnormal=False).map(lambda v: v + 0.0),
                               min_size=size, max_size=size, unique=True))
        labels = np.array(values, dtype=np.float64)
    else:
        values = draw(st.lists(st.integers(-(10**6), 10**6), min_size=size, max_size=size,
                               unique=True))
        labels = np.array(values, dtype=np.int64)
        if kind == "datetime":
            labels = np.datetime64("2000-01-01", "ns") + labels.astype("timedelta64[h]")
    if increasing is None:
        increasing = draw(st.booleans())
    return np.sort(labels) if increasing else labels


def dataarrays(
    *,
    dims: st.SearchStrategy[Mapping[str, int]] | None = None,
    dtype: st.SearchStrategy[np.dtype] | np.dtype | str | None = None,
    elements: st.SearchStrategy[Any] | Mapping[str, Any] | None = None,
    coords: bool = True,
    sorted_indexes: bool | None = None,
    index_kind: str | None = None,
    name: st.SearchStrategy[Hashable | None] | None = None,
    attrs: st.SearchStrategy[Mapping[str, Any]] | None = None,
) -> st.SearchStrategy[DataArray]:
    """DataArrays with NumPy data and, optionally, indexed 1-D dimension coordinates.

    Parameters
    ----------
    dims : strategy, optional
        Draws ``{dim: size}``; default: :func:`dimension_sizes`.
    dtype, elements :
        As in :func:`variables`.
    coords : bool, default: True
        When true, each dimension may get a dimension coordinate (an index with unique labels,
        see :func:`index_labels`) and each dimension may get one non-index coordinate
        ``"<dim>_aux"``; when false there are no coordinates at all.
    sorted_indexes : bool, optional
        Whether index labels are strictly increasing (``True``), in drawn order (``False``) or
        either (``None``).
    index_kind : {"int", "float", "datetime", "str"}, optional
        The label type of every index; drawn per dimension when not given.
    name : strategy, optional
        Default: :func:`names` or ``None``.
    attrs : strategy, optional
        Default: :func:`attrs`.

    Examples
    --------
    >>> dataarrays(dims=st.just({"x": 2}), dtype="int64").example()  # doctest: +SKIP
    <labarray.DataArray 'a' (x: 2)> Size: 16B
    array([0, 5])
    Coordinates:
      * x        (x) int64 16B 3 9
    """
    if index_kind is not None and index_kind not in INDEX_KINDS:
        raise ValueError(
            f"dataarrays: unknown index_kind {index_kind!r}; choose one of {INDEX_KINDS}"
        )
    return _dataarrays(dims=dims, dtype=dtype, elements=elements, coords=coords,
                       sorted_indexes=sorted_indexes, index_kind=index_kind, name=name,
                       attrs=attrs)


@st.composite
def _dataarrays(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    *,
    dims: st.SearchStrategy[Mapping[str, int]] | None,
    dtype: st.SearchStrategy[np.dtype] | np.dtype | str | None,
    elements: st.SearchStrategy[Any] | Mapping[str, Any] | None,
    coords: bool,
    sorted_indexes: bool | None,
    index_kind: str | None,
    name: st.SearchStrategy[Hashable | None] | None,
    attrs: st.SearchStrategy[Mapping[str, Any]] | None,
) -> DataArray:
    sizes = draw(dims if dims is not None else dimension_sizes())
    data = draw(_array(tuple(sizes.values()), dtype if dtype is not None else supported_dtypes(),
                       elements))
    drawn_coords = (
        draw(_coordinates(sizes, sorted_indexes=sorted_indexes, index_kind=index_kind))
        if coords else {}
    )
    drawn_name = draw(name if name is not None else st.none() | names())
    drawn_attrs = draw(attrs if attrs is not None else _attrs_strategy())
    return DataArray(data, coords=drawn_coords, dims=list(sizes), name=drawn_name,
                     attrs=drawn_attrs)


@st.composite
def _coordinates(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    sizes: Mapping[str, int],
    *,
    sorted_indexes: bool | None,
    index_kind: str | None,
) -> dict[str, tuple[str, np.ndarray]]:
    """Dimension coordinates on a drawn subset of ``sizes`` plus optional ``<dim>_aux`` coords."""
    result: dict[str, tuple[str, np.ndarray]] = {}
    for dim in draw(unique_subset_of(list(sizes))):
        result[dim] = (dim, draw(index_labels(sizes[dim], kind=index_kind, increasing=sorted_indexes)))
    for dim in draw(unique_subset_of(list(sizes), max_size=min(1, len(sizes)))):
        aux = f"{dim}_aux"
        if aux not in sizes:
            result[aux] = (dim, np.arange(sizes[dim], dtype=np.int64) * 10)
    return result


def datasets(
    *,
    dims: st.SearchStrategy[Mapping[str, int]] | None = None,
    var_names: st.SearchStrategy[str] | None = None,
    min_vars: int = 0,
    max_vars: int = 3,
    dtype: st.SearchStrategy[np.dtype] | np.dtype | str | None = None,
    elements: st.SearchStrategy[Any] | Mapping[str, Any] | None = None,
    coords: bool = True,
    sorted_indexes: bool | None = None,
    index_kind: str | None = None,
    attrs: st.SearchStrategy[Mapping[str, Any]] | None = None,
) -> st.SearchStrategy[Dataset]:
    """Datasets whose data variables each use a subset of the shared dimensions.

    Parameters
    ----------
    dims : strategy, optional
        Draws the shared ``{dim: size}``; default: :func:`dimension_sizes`.
    var_names : strategy, optional
        Names of data variables (default :func:`names`); a name that clashes with a dimension
        or coordinate is prefixed with ``"v_"``.
    min_vars, max_vars : int
        Bounds on the number of data variables.
    dtype, elements, coords, sorted_indexes, index_kind :
        As in :func:`dataarrays`.
    attrs : strategy, optional
        Dataset attributes; default :func:`attrs`.

    Examples
    --------
    >>> datasets(dims=st.just({"x": 2}), min_vars=1, max_vars=1).example()  # doctest: +SKIP
    <labarray.Dataset> Size: 16B
    Dimensions:  (x: 2)
    Dimensions without coordinates: x
    Data variables:
        abc      (x) float64 16B 0.0 1.5
    """
    _check_range("min_vars", min_vars, "max_vars", max_vars)
    if index_kind is not None and index_kind not in INDEX_KINDS:
        raise ValueError(f"datasets: unknown index_kind {index_kind!r}; choose one of {INDEX_KINDS}")
    return _datasets(dims=dims, var_names=var_names, min_vars=min_vars, max_vars=max_vars,
                     dtype=dtype, elements=elements, coords=coords,
                     sorted_indexes=sorted_indexes, index_kind=index_kind, attrs=attrs)


@st.composite
def _datasets(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    *,
    dims: st.SearchStrategy[Mapping[str, int]] | None,
    var_names: st.SearchStrategy[str] | None,
    min_vars: int,
    max_vars: int,
    dtype: st.SearchStrategy[np.dtype] | np.dtype | str | None,
    elements: st.SearchStrategy[Any] | Mapping[str, Any] | None,
    coords: bool,
    sorted_indexes: bool | None,
    index_kind: str | None,
    attrs: st.SearchStrategy[Mapping[str, Any]] | None,
) -> Dataset:
    sizes = draw(dims if dims is not None else dimension_sizes())
    drawn_coords = (
        draw(_coordinates(sizes, sorted_indexes=sorted_indexes, index_kind=index_kind))
        if coords else {}
    )
    taken = set(sizes) | set(drawn_coords)
    raw_names = draw(st.lists(var_names if var_names is not None else names(),
                              min_size=min_vars, max_size=max_vars, unique=True))
    data_vars: dict[str, tuple[list[str], np.ndarray]] = {}
    for raw in raw_names:
        var_name = raw
        while var_name in taken:
            var_name = f"v_{var_name}"
        taken.add(var_name)
        var_dims = draw(st.permutations(list(sizes)).flatmap(
            lambda perm: unique_subset_of(perm)))
        data = draw(_array(tuple(sizes[d] for d in var_dims),
                           dtype if dtype is not None else supported_dtypes(), elements))
        data_vars[var_name] = (var_dims, data)
    drawn_attrs = draw(attrs if attrs is not None else _attrs_strategy())
    return Dataset(data_vars, coords=drawn_coords, attrs=drawn_attrs)


def _int_indexer(size: int) -> st.SearchStrategy[Any]:
    """An int, a slice or a 1-D int array that is valid along a dimension of length ``size``."""
    bound = st.none() | st.integers(-size - 1, size + 1)
    step = st.none() | st.integers(-3, 3).filter(lambda s: s != 0)
    slices = st.builds(slice, bound, bound, step)
    if size == 0:
        return slices
    positions = st.integers(-size, size - 1)
    arrays = npst.arrays(np.int64, st.integers(0, size + 1), elements=positions)
    return positions | slices | arrays


def isel_indexers(
    obj: Any, *, min_dims: int = 1, max_dims: int | None = None
) -> st.SearchStrategy[dict[Hashable, Any]]:
    """Positional indexers for ``obj.isel``: an int, a slice or a 1-D int array per dimension.

    Ints and array elements lie in ``[-size, size)``; slices may run past either end (as Python
    allows). Use with ``st.data()``: ``data.draw(isel_indexers(da))``.

    Parameters
    ----------
    obj : DataArray, Dataset or Variable
        Anything with ``.sizes``.
    min_dims, max_dims : int
        How many dimensions get an indexer.

    Examples
    --------
    >>> isel_indexers(da).example()  # doctest: +SKIP
    {'x': slice(None, 2, None), 'y': array([0, -1])}
    """
    sizes = dict(obj.sizes)
    if max_dims is None:
        max_dims = len(sizes)
    if min_dims > len(sizes):
        raise ValueError(
            f"isel_indexers: min_dims={min_dims} but the object has only {len(sizes)} "
            f"dimension(s): {list(sizes)}"
        )
    _check_range("min_dims", min_dims, "max_dims", max_dims)
    chosen = unique_subset_of(list(sizes), min_size=min_dims, max_size=min(max_dims, len(sizes)))
    return chosen.flatmap(
        lambda dims: st.fixed_dictionaries({dim: _int_indexer(sizes[dim]) for dim in dims})
    )


def sel_indexers(
    obj: Any,
    *,
    min_dims: int = 1,
    max_dims: int | None = None,
    kinds: Sequence[str] = ("scalar", "array", "slice"),
) -> st.SearchStrategy[dict[Hashable, Any]]:
    """Label indexers for ``obj.sel`` drawn from the labels of its indexed dimensions.

    Every label exists, so ``obj.sel(**indexers)`` must succeed (with unique indexes). A slice
    runs from one existing label to a label at the same or a later position. Use with
    ``st.data()``: ``data.draw(sel_indexers(da))``.

    Parameters
    ----------
    obj : DataArray or Dataset
        Anything with ``.indexes`` (pandas indexes keyed by dimension coordinate).
    min_dims, max_dims : int
        How many indexed dimensions get an indexer.
    kinds : sequence of {"scalar", "array", "slice"}
        Which indexer types to draw from.

    Examples
    --------
    >>> sel_indexers(da, kinds=["scalar"]).example()  # doctest: +SKIP
    {'x': np.int64(3)}
    """
    unknown = sorted(set(kinds) - {"scalar", "array", "slice"})
    if unknown or not kinds:
        raise ValueError(
            f"sel_indexers: kinds must be a non-empty subset of 'scalar', 'array', 'slice'; "
            f"got {list(kinds)!r}"
        )
    labels = {
        dim: np.asarray(obj[dim].values)
        for dim in obj.indexes
        if dim in obj.dims and obj[dim].ndim == 1 and obj.sizes[dim] > 0
    }
    if max_dims is None:
        max_dims = len(labels)
    if min_dims > len(labels):
        raise ValueError(
            f"sel_indexers: min_dims={min_dims} but the object has only {len(labels)} indexed, "
            f"non-empty dimension(s): {list(labels)}"
        )
    _check_range("min_dims", min_dims, "max_dims", max_dims)
    return _sel_indexers(labels, min_dims=min_dims, max_dims=min(max_dims, len(labels)),
                         kinds=list(kinds))


@st.composite
def _sel_indexers(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    labels: Mapping[Hashable, np.ndarray],
    *,
    min_dims: int,
    max_dims: int,
    kinds: list[str],
) -> dict[Hashable, Any]:
    chosen = draw(unique_subset_of(list(labels), min_size=min_dims, max_size=max_dims))
    result: dict[Hashable, Any] = {}
    for dim in chosen:
        values = labels[dim]
        kind = draw(st.sampled_from(kinds))
        if kind == "scalar":
            result[dim] = values[draw(st.integers(0, len(values) - 1))]
        elif kind == "array":
            positions = draw(st.lists(st.integers(0, len(values) - 1), min_size=1,
                                      max_size=len(values), unique=True))
            result[dim] = values[positions]
        else:
            start = draw(st.integers(0, len(values) - 1))
            stop = draw(st.integers(start, len(values) - 1))
            result[dim] = slice(values[start], values[stop])
    return result
