"""Label-based selection: route each label query to the index owning it (``.sel``)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from labarray.indexes.base import Index, IndexSelResult
from labarray.utils.suggest import did_you_mean, format_names

if TYPE_CHECKING:
    from labarray.variable import Variable

__all__ = ["map_index_queries", "merge_sel_results"]


def _unknown_key_error(key: Hashable, variables: Mapping[Any, Variable], obj_dims: Iterable[Hashable]) -> KeyError:
    dims: dict[Hashable, None] = dict.fromkeys(obj_dims)
    for var in variables.values():
        dims.update(dict.fromkeys(var.dims))
    if key in dims or key in variables:
        what = "dimension" if key in dims else "coordinate"
        return KeyError(
            f"no index found for {what} {key!r}, so it cannot be selected by label; use "
            f".isel({key}=...) to select by position, or set an index first with "
            f".set_index(...) / .set_xindex({key!r})"
        )
    names = list(dims) + [k for k in variables if k not in dims]
    message = f"{key!r} is not a dimension or coordinate"
    if dims:
        message += f"; existing dimensions: {format_names(dims)}"
    message += f"; coordinates: {format_names(k for k in variables if k not in dims)}"
    hint = did_you_mean(key, names)
    if hint:
        message += f"; {hint}"
    return KeyError(message)


def merge_sel_results(results: list[IndexSelResult]) -> IndexSelResult:
    """Combine the results of several ``Index.sel`` calls; two indexes may not share a dim."""
    if len(results) == 1:
        return results[0]
    dim_indexers: dict[Any, Any] = {}
    indexes: dict[Any, Index] = {}
    variables: dict[Any, Any] = {}
    drop_coords: list[Hashable] = []
    drop_indexes: list[Hashable] = []
    rename_dims: dict[Any, Hashable] = {}
    for res in results:
        for dim, indexer in res.dim_indexers.items():
            if dim in dim_indexers:
                raise ValueError(
                    f"labels for dimension {dim!r} were given through several indexes; select "
                    "it through one coordinate only"
                )
            dim_indexers[dim] = indexer
        indexes.update(res.indexes)
        variables.update(res.variables)
        drop_coords.extend(res.drop_coords)
        drop_indexes.extend(res.drop_indexes)
        rename_dims.update(res.rename_dims)
    return IndexSelResult(
        dim_indexers, indexes, variables, drop_coords, drop_indexes, rename_dims
    )


def map_index_queries(
    obj_indexes: Mapping[Any, Index],
    variables: Mapping[Any, Variable],
    indexers: Mapping[Any, Any],
    method: str | None = None,
    tolerance: Any = None,
    dims: Iterable[Hashable] = (),
) -> IndexSelResult:
    """Turn label indexers into positional ones, grouped by the index that owns them.

    A dimension of the object (``dims``) that has no index is selected by position, as in
    xarray (``DataArray([1, 2, 3], dims="x").sel(x=1)`` is ``2``).

    Parameters
    ----------
    obj_indexes
        ``{coord_name: Index}`` of the object (an ``Indexes`` or a plain dict).
    variables
        All variables of the object (used for error messages: existing dims and coordinates).
    indexers
        ``{coord_name: label}``; a multi-index can be queried through its levels.
    method, tolerance
        Passed to each ``Index.sel``.
    dims
        The object's dimension names (for the positional fallback and for error messages).

    Returns
    -------
    IndexSelResult
        The merged result; ``dim_indexers`` are positional indexers for ``isel``.

    Examples
    --------
    >>> from labarray.indexes import PandasIndex
    >>> idx = PandasIndex([10, 20, 30], "x")
    >>> map_index_queries({"x": idx}, {}, {"x": 30}).dim_indexers
    {'x': 2}
    """
    grouped: dict[int, tuple[Index, dict[Any, Any]]] = {}
    positional: dict[Any, Any] = {}
    results_extra: list[IndexSelResult] = []
    for key, label in indexers.items():
        index = obj_indexes.get(key)
        if index is None:
            if key in dims and key not in variables:
                if method is not None or tolerance is not None:
                    raise ValueError(
                        f"dimension {key!r} has no index, so method={method!r}/tolerance cannot "
                        f"apply; its labels are positions: use .isel({key}=...), or set an index"
                    )
                positional[key] = label
                continue
            var = variables.get(key)
            if var is not None and getattr(var, "ndim", None) == 1 and tuple(var.dims) != (key,):
                # a 1-D coordinate without an index: select on its values through a temporary
                # index (as xarray); only the positions are kept
                temporary = _pandas_index_cls().from_variables({key: var})
                found = (temporary.sel({key: label}) if method is None and tolerance is None
                         else temporary.sel({key: label}, method=method, tolerance=tolerance))
                results_extra.append(IndexSelResult(dict(found.dim_indexers)))
                continue
            raise _unknown_key_error(key, variables, dims)
        entry = grouped.get(id(index))
        if entry is None:
            grouped[id(index)] = (index, {key: label})
        else:
            entry[1][key] = label
    if method is None and tolerance is None:
        results = [index.sel(labels) for index, labels in grouped.values()]
    else:
        results = [
            index.sel(labels, method=method, tolerance=tolerance)
            for index, labels in grouped.values()
        ]
    if positional:
        results.append(IndexSelResult(positional))
    results.extend(results_extra)
    if len(results) == 1:
        return results[0]
    return merge_sel_results(results)


def _pandas_index_cls() -> Any:
    from labarray.indexes.pandas_index import PandasIndex

    return PandasIndex
