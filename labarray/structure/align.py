"""Public alignment functions: ``align``, ``broadcast``, ``reindex``, ``reindex_like`` and
``deep_align`` (used by merge and the constructors).

They check their arguments, then run the engine of :mod:`labarray.structure.aligner`; results
are built with the objects' own methods, never by importing the façade.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from labarray.indexes.base import Index
from labarray.kernels.take import NA
from labarray.structure.aligner import (
    REINDEX_METHODS,
    Alignable,
    Aligner,
    AlignmentError,
    _check_alignable,
    _check_join,
    _is_alignable,
    _normalize_exclude,
)
from labarray.structure.reindex import broadcast_variables_to, reindex_variables
from labarray.utils.frozen import is_dict_like
from labarray.utils.suggest import did_you_mean, missing_names_message

if TYPE_CHECKING:
    from labarray.variable import Variable

__all__ = [
    "NA",
    "Alignable",
    "AlignmentError",
    "Aligner",
    "align",
    "broadcast",
    "broadcast_variables_to",
    "deep_align",
    "reindex",
    "reindex_like",
    "reindex_variables",
]

T = TypeVar("T", bound=Alignable)

_WHOLE = object()  # deep_align: "the item itself", as opposed to a key of a dict item


def align(
    *objects: T,
    join: str = "inner",
    copy: bool = True,
    indexes: Mapping[Any, Any] | None = None,
    exclude: Hashable | Iterable[Hashable] = frozenset(),
    fill_value: Any = NA,
) -> tuple[T, ...]:
    """Give DataArrays and Datasets the same indexes, reindexing them where needed.

    Parameters
    ----------
    *objects : DataArray or Dataset
        Objects to align.
    join : {"inner", "outer", "left", "right", "exact", "override"}, default: "inner"
        How to combine differing indexes: intersection ("inner"), union ("outer"), those of
        the first ("left") or last ("right") object; "exact" raises ``AlignmentError`` when
        indexes differ, and "override" replaces the indexes of all objects by those of the
        first one (sizes must match).
    copy : bool, default: True
        Deep-copy the objects that need no reindexing (otherwise they share data with the
        inputs). Reindexed objects always hold new data.
    indexes : dict, optional
        ``{dim: labels or Index}`` to align onto instead of joining the objects' indexes.
    exclude : str or iterable of str, optional
        Dimensions that are not aligned.
    fill_value : scalar or dict, optional
        Value for labels missing from an object: a scalar, or ``{variable name: scalar}``.
        By default NaN (integers become floats), NaT for times.

    Returns
    -------
    tuple
        The aligned objects, in the input order.

    Raises
    ------
    AlignmentError
        Unequal indexes with ``join="exact"``, dimensions without an index whose sizes
        differ, duplicate labels in an index that must be reindexed.

    See Also
    --------
    broadcast, reindex

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray([1, 2, 3], dims="x", coords={"x": [0, 1, 2]})
    >>> b = la.DataArray([10, 20], dims="x", coords={"x": [1, 5]})
    >>> a2, b2 = la.align(a, b, join="outer")
    >>> a2.x.values
    array([0, 1, 2, 5])
    >>> a2.values
    array([ 1.,  2.,  3., nan])
    >>> la.align(a, b)[1].values
    array([10])
    """
    _check_alignable(objects, "align")
    _check_join(join)
    aligner = Aligner(
        objects,
        join=join,
        indexes=indexes,
        exclude_dims=_normalize_exclude(exclude),
        copy=copy,
        fill_value=fill_value,
    )
    return aligner.align()


def deep_align(
    objects: Iterable[Any],
    join: str = "inner",
    copy: bool = True,
    indexes: Mapping[Any, Any] | None = None,
    exclude: Hashable | Iterable[Hashable] = frozenset(),
    raise_on_invalid: bool = True,
    fill_value: Any = NA,
) -> list[Any]:
    """Align objects and the alignable values inside dicts (used by merge and the constructors).

    Parameters
    ----------
    objects : iterable
        Alignable objects, or dicts whose alignable values are aligned too (values whose key is
        in ``indexes`` are left alone: they are about to be overwritten).
    join, copy, indexes, exclude, fill_value
        As in :func:`align`.
    raise_on_invalid : bool, default: True
        Raise ``TypeError`` for an item that is neither alignable nor a dict; otherwise pass
        it through unchanged.

    Returns
    -------
    list
        The items in order, with aligned objects in place of the originals (dicts are copied).

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]})
    >>> b = la.DataArray([3, 4], dims="x", coords={"x": [1, 2]})
    >>> out = deep_align([a, {"b": b, "c": 5}], join="outer")
    >>> out[1]["b"].values, out[1]["c"]
    (array([nan,  3.,  4.]), 5)
    """
    indexes = {} if indexes is None else indexes
    out: list[Any] = []
    targets: list[Any] = []
    places: list[tuple[int, Any]] = []  # (position in out, dict key or _WHOLE)
    for position, item in enumerate(objects):
        if _is_alignable(item):
            places.append((position, _WHOLE))
            targets.append(item)
            out.append(item)
        elif is_dict_like(item):
            copied = dict(item)
            for key, value in copied.items():
                if _is_alignable(value) and key not in indexes:
                    places.append((position, key))
                    targets.append(value)
            out.append(copied)
        elif raise_on_invalid:
            raise TypeError(
                f"deep_align item {position} is a {type(item).__name__}; expected a DataArray, "
                "a Dataset, Coordinates or a dict of them"
            )
        else:
            out.append(item)
    aligned = align(
        *targets, join=join, copy=copy, indexes=indexes, exclude=exclude, fill_value=fill_value
    )
    for (position, key), result in zip(places, aligned, strict=True):
        if key is _WHOLE:
            out[position] = result
        else:
            out[position][key] = result
    return out


def reindex(
    obj: T,
    indexers: Mapping[Any, Any],
    method: str | None = None,
    tolerance: Any = None,
    copy: bool = True,
    fill_value: Any = NA,
    exclude_vars: Iterable[Hashable] = frozenset(),
) -> T:
    """Conform one object onto new labels (the engine of ``.reindex``).

    Parameters
    ----------
    obj : DataArray or Dataset
        The object to reindex.
    indexers : dict
        ``{dim: labels}`` where labels are a list, array, ``pandas.Index`` or ``Index``; or an
        ``Indexes`` mapping (as in ``reindex_like``). A dimension without an index gets the
        new labels as its index when the sizes match.
    method : {None, "nearest", "pad", "ffill", "backfill", "bfill"}, optional
        Inexact matching for labels not found: ``None`` fills them, "pad"/"ffill" take the
        previous label, "backfill"/"bfill" the next one, "nearest" the closest.
    tolerance : optional
        Largest distance between a label and its inexact match (needs ``method``).
    copy : bool, default: True
        Deep-copy the result when nothing needs reindexing.
    fill_value : scalar or dict, optional
        Value for missing labels, or ``{variable name: value}``.
    exclude_vars : iterable, optional
        Variables passed through without reindexing; forwarded to the object's
        ``_reindex_with_indexers`` only when not empty.

    Returns
    -------
    Same type as ``obj``.

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray([1, 2, 3], dims="x", coords={"x": [0, 1, 2]})
    >>> reindex(a, {"x": [2, 3]}).values
    array([ 3., nan])
    >>> reindex(a, {"x": [0.9, 3]}, method="nearest", tolerance=0.5).values
    array([ 2., nan])
    """
    _check_alignable([obj], "reindex")
    if method is not None and method not in REINDEX_METHODS:
        hint = did_you_mean(method, REINDEX_METHODS) if isinstance(method, str) else ""
        raise ValueError(
            f"invalid reindex method {method!r}; expected None or one of "
            f"{', '.join(map(repr, REINDEX_METHODS))}" + (f"; {hint}" if hint else "")
        )
    if tolerance is not None and method is None:
        raise ValueError(
            "tolerance was given without a method; pass method='nearest', 'pad' or 'backfill' "
            "to match labels inexactly"
        )
    if indexers is None:
        indexers = {}
    if not hasattr(indexers, "group_by_index"):
        if not is_dict_like(indexers):
            raise TypeError(
                "indexers must be a mapping of dimension name to new labels; got "
                f"{type(indexers).__name__}"
            )
        known = set(obj.dims) | set(obj.xindexes)
        bad = [k for k in indexers if k not in known]
        if bad:
            raise ValueError(
                missing_names_message("dimension", bad, list(obj.dims), "the object to reindex")
                + "; reindex takes dimensions or indexed coordinates"
            )
    aligner = Aligner(
        (obj,),
        join="left",
        indexes=indexers,
        method=method,
        tolerance=tolerance,
        copy=copy,
        fill_value=fill_value,
        exclude_vars=exclude_vars,
        given_indexes_name="the new labels",
    )
    return aligner.align()[0]


def reindex_like(
    obj: T,
    other: Any,
    method: str | None = None,
    tolerance: Any = None,
    copy: bool = True,
    fill_value: Any = NA,
) -> T:
    """Conform ``obj`` onto the indexes of ``other`` (the engine of ``.reindex_like``).

    Dimensions that ``other`` has without an index must have the same size in ``obj``.

    Parameters
    ----------
    obj, other : DataArray or Dataset
        The object to reindex and the one whose indexes to copy.
    method, tolerance, copy, fill_value
        As in :func:`reindex`.

    Returns
    -------
    Same type as ``obj``.

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray([1, 2, 3], dims="x", coords={"x": [0, 1, 2]})
    >>> b = la.DataArray([0, 0], dims="x", coords={"x": [2, 0]})
    >>> reindex_like(a, b).values
    array([3, 1])
    """
    _check_alignable([obj, other], "reindex_like")
    other_indexed = {d for idx_vars in other.xindexes.variables.values() for d in idx_vars.dims}
    for dim, size in other.sizes.items():
        if dim in obj.sizes and dim not in other_indexed and obj.sizes[dim] != size:
            raise AlignmentError(
                f"cannot reindex like the other object: dimension {dim!r} has size "
                f"{obj.sizes[dim]} here and size {size} in the other object, which has no "
                f"index along {dim!r}"
            )
    return reindex(
        obj,
        other.xindexes,
        method=method,
        tolerance=tolerance,
        copy=copy,
        fill_value=fill_value,
    )


# -- broadcast -----------------------------------------------------------------------------


_THIS_ARRAY_DEFAULT = "<this-array>"


def _variables_of(obj: Any) -> tuple[dict[Hashable, Variable], set[Hashable]]:
    """All variables of a façade object in ``_replace_variables`` form, and the data var names.

    A Dataset is recognised by ``_variables``/``_coord_names``, a DataArray by
    ``variable``/``_coords`` (its data variable goes under the key ``_THIS_ARRAY``).
    """
    if hasattr(obj, "_variables") and hasattr(obj, "_coord_names"):
        variables = dict(obj._variables)
        return variables, {k for k in variables if k not in obj._coord_names}
    if hasattr(obj, "variable") and hasattr(obj, "_coords"):
        this = getattr(obj, "_THIS_ARRAY", _THIS_ARRAY_DEFAULT)
        variables = {this: obj.variable}
        variables.update(obj._coords)
        return variables, {this}
    raise TypeError(
        f"cannot broadcast a {type(obj).__name__}; only DataArray and Dataset objects can be "
        "broadcast"
    )


def _broadcast_target(
    objects: Iterable[Any], exclude: frozenset[Hashable]
) -> tuple[dict[Hashable, int], dict[Hashable, Index], dict[Hashable, Variable]]:
    """Dims (first object's order, then new ones as they appear) and the indexes along them."""
    dims_map: dict[Hashable, int] = {}
    indexes: dict[Hashable, Index] = {}
    index_vars: dict[Hashable, Variable] = {}
    for obj in objects:
        new_dims = [d for d in obj.dims if d not in dims_map and d not in exclude]
        for dim in new_dims:
            dims_map[dim] = obj.sizes[dim]
        for index, idx_vars in obj.xindexes.group_by_index():
            idx_dims = {d for var in idx_vars.values() for d in var.dims}
            if idx_dims & set(new_dims) and not idx_dims & exclude:
                for name, var in idx_vars.items():
                    if name not in indexes:
                        indexes[name] = index
                        index_vars[name] = var
    return dims_map, indexes, index_vars


def _broadcast_one(
    obj: Any,
    dims_map: Mapping[Hashable, int],
    indexes: Mapping[Hashable, Index],
    index_vars: Mapping[Hashable, Variable],
    exclude: frozenset[Hashable],
) -> Any:
    variables, data_names = _variables_of(obj)
    data_vars = {k: v for k, v in variables.items() if k in data_names}
    broadcast = broadcast_variables_to(data_vars, dims_map, exclude)
    if any(broadcast[k] is not data_vars[k] for k in data_vars):
        variables.update(broadcast)
        obj = obj._replace_variables(variables)
    missing = {k: idx for k, idx in indexes.items() if k not in obj.xindexes}
    if missing:
        # the object now has every dimension: attach the indexes it lacks
        all_indexes = dict(obj.xindexes)
        all_index_vars = dict(obj.xindexes.variables)
        all_indexes.update(missing)
        all_index_vars.update({k: index_vars[k] for k in missing})
        obj = obj._reindex_with_indexers(
            indexes=all_indexes,
            index_variables=all_index_vars,
            dim_pos_indexers={},
            fill_value=NA,
            exclude_dims=exclude,
            copy=False,
        )
    return obj


def broadcast(*args: T, exclude: Hashable | Iterable[Hashable] | None = None) -> tuple[T, ...]:
    """Align objects with an outer join, then give their data variables the same dimensions.

    Every data variable gets the dimensions of the first object in their order, then the new
    dimensions of the following objects in order of appearance (a variable's excluded
    dimensions come last). Coordinates are not broadcast; the indexes along the added
    dimensions are added to every object.

    Parameters
    ----------
    *args : DataArray or Dataset
        Objects to broadcast.
    exclude : str or iterable of str, optional
        Dimensions neither aligned nor broadcast.

    Returns
    -------
    tuple
        The broadcast objects, in the input order (their data may be read-only views).

    See Also
    --------
    align

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray([1, 2, 3], dims="x")
    >>> b = la.DataArray([5, 6], dims="y")
    >>> a2, b2 = la.broadcast(a, b)
    >>> a2.dims, b2.dims
    (('x', 'y'), ('x', 'y'))
    >>> b2.values
    array([[5, 6],
           [5, 6],
           [5, 6]])
    """
    _check_alignable(args, "broadcast")
    for position, obj in enumerate(args):
        if not hasattr(obj, "_replace_variables"):
            raise TypeError(
                f"broadcast() argument {position} is a {type(obj).__name__}; only DataArray "
                "and Dataset objects can be broadcast"
            )
    exclude_dims = _normalize_exclude(exclude)
    aligned = align(*args, join="outer", copy=False, exclude=exclude_dims)
    dims_map, indexes, index_vars = _broadcast_target(aligned, exclude_dims)
    return tuple(
        _broadcast_one(obj, dims_map, indexes, index_vars, exclude_dims) for obj in aligned
    )
