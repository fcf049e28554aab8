"""Combining many objects arranged in a hypercube: ``combine_nested`` and ``combine_by_coords``.

Each object gets a *tile id*, its position in an N-d grid: from the nesting of the lists
(``combine_nested``) or from the ranks of the first label of each 1-D dimension coordinate
(``combine_by_coords``). The grid is then reduced one axis at a time: objects that share the
rest of their tile id are concatenated along that axis's dimension (or merged, for a ``None``
dimension), until one object remains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from itertools import product
from typing import Any

import pandas as pd

from labarray.indexes.pandas_index import format_label
from labarray.kernels.take import NA
from labarray.structure.concat import concat
from labarray.structure.merge import (
    CombineAttrs,
    _dataset_type,
    is_dataarray_like,
    is_dataset_like,
    merge,
)
from labarray.utils.suggest import format_names

__all__ = ["combine_by_coords", "combine_nested"]

TileId = tuple[int, ...]


def _tile_ids_from_nested(entry: Any, position: TileId = ()) -> Iterator[tuple[TileId, Any]]:
    if isinstance(entry, list):
        for i, item in enumerate(entry):
            yield from _tile_ids_from_nested(item, (*position, i))
    else:
        yield position, entry


def _describe(tile: TileId) -> str:
    return "[" + "][".join(map(str, tile)) + "]" if tile else "the object"


def _check_depths(tiles: dict[TileId, Any]) -> int:
    depths = {len(t) for t in tiles}
    if len(depths) > 1:
        shallow = min(tiles, key=len)
        deep = max(tiles, key=len)
        raise ValueError(
            "the objects do not form a hypercube: the nested lists have inconsistent depths "
            f"(the object at {_describe(shallow)} is {len(shallow)} level(s) deep, the one at "
            f"{_describe(deep)} {len(deep)} levels)"
        )
    return depths.pop() if depths else 0


def _check_complete(tiles: dict[TileId, Any], what: str) -> None:
    """Every position of the grid spanned by the tile ids must be filled."""
    depth = _check_depths(tiles)
    for axis in range(depth):
        counts = Counter(t[axis] for t in tiles)
        if len(set(counts.values())) > 1:
            ranges = [sorted({t[a] for t in tiles}) for a in range(depth)]
            missing = [t for t in product(*ranges) if t not in tiles]
            raise ValueError(
                f"the {what} do not form a complete hypercube: no object at position(s) "
                f"{format_names([_describe(t) for t in missing], limit=5)} (sizes along axis "
                f"{axis} differ: {dict(sorted(counts.items()))})"
            )


def _combine_1d(
    objects: list[Any], dim: Any, compat: str, data_vars: Any, coords: Any,
    fill_value: Any, join: str, combine_attrs: CombineAttrs,
) -> Any:
    if dim is None:
        return merge(objects, compat=compat, fill_value=fill_value, join=join, combine_attrs=combine_attrs)
    return concat(
        objects, dim=dim, data_vars=data_vars, coords=coords, compat=compat,
        fill_value=fill_value, join=join, combine_attrs=combine_attrs,
    )


def _combine_nd(
    tiles: dict[TileId, Any], dims: Sequence[Any], compat: str, data_vars: Any, coords: Any,
    fill_value: Any, join: str, combine_attrs: CombineAttrs,
) -> Any:
    depth = len(next(iter(tiles)))
    if len(dims) != depth:
        raise ValueError(
            f"concat_dim has {len(dims)} entries but the objects are nested {depth} level(s) "
            "deep; give one dimension (or None to merge) per level"
        )
    for dim in dims:
        groups: dict[TileId, list[tuple[TileId, Any]]] = {}
        for tile, obj in tiles.items():
            groups.setdefault(tile[1:], []).append((tile, obj))
        tiles = {
            rest: _combine_1d(
                [obj for _, obj in sorted(members, key=lambda m: m[0])], dim, compat,
                data_vars, coords, fill_value, join, combine_attrs,
            )
            for rest, members in sorted(groups.items())
        }
    (result,) = tiles.values()
    return result


def combine_nested(
    datasets: Any,
    concat_dim: Any,
    compat: str = "no_conflicts",
    data_vars: Any = "all",
    coords: Any = "different",
    fill_value: Any = NA,
    join: str = "outer",
    combine_attrs: CombineAttrs = "drop",
) -> Any:
    """Combine objects arranged in (nested) lists: one list level per entry of ``concat_dim``.

    Parameters
    ----------
    datasets : nested list of Dataset or DataArray
        The grid of objects; the outermost list goes with ``concat_dim[0]``.
    concat_dim : str, DataArray, None or list of them
        The dimension for each nesting level; ``None`` merges the objects of that level
        instead of concatenating them.
    compat, data_vars, coords, fill_value, join
        As in :func:`concat` and :func:`merge`.
    combine_attrs : {"drop", "identical", "no_conflicts", "drop_conflicts", "override"} or callable, default: "drop"
        How attrs are combined.

    Returns
    -------
    Dataset or DataArray

    Examples
    --------
    >>> import labarray as la
    >>> def piece(v):
    ...     return la.Dataset({"t": (("x", "y"), [[v]])})
    >>> grid = [[piece(0), piece(1)], [piece(2), piece(3)]]
    >>> la.combine_nested(grid, concat_dim=["x", "y"]).t.values.tolist()
    [[0, 1], [2, 3]]
    """
    if is_dataset_like(datasets) or is_dataarray_like(datasets):
        raise TypeError("combine_nested takes a (nested) list of objects; wrap a single object in a list")
    if isinstance(concat_dim, str) or concat_dim is None or is_dataarray_like(concat_dim):
        concat_dim = [concat_dim]
    else:
        concat_dim = list(concat_dim)
    if not isinstance(datasets, list):
        raise TypeError(f"combine_nested takes a (nested) list of objects, got a {type(datasets).__name__}")
    tiles = dict(_tile_ids_from_nested(datasets))
    if not tiles:
        return _dataset_type([])._construct_direct({}, set())
    objects = list(tiles.values())
    for tile, obj in tiles.items():
        if not (is_dataset_like(obj) or is_dataarray_like(obj)):
            raise TypeError(
                f"combine_nested: the item at {_describe(tile)} is a {type(obj).__name__}; "
                "expected Datasets or DataArrays"
            )
    if any(is_dataset_like(o) for o in objects) and any(is_dataarray_like(o) and o.name is None for o in objects):
        raise ValueError("cannot combine Datasets with unnamed DataArrays; name the DataArrays first")
    _check_complete(tiles, "nested lists")
    return _combine_nd(tiles, concat_dim, compat, data_vars, coords, fill_value, join, combine_attrs)


def _order_from_coords(datasets: Sequence[Any], labels: Sequence[str]) -> tuple[dict[TileId, Any], list[Hashable]]:
    """Tile ids from the first label of each 1-D dimension coordinate that differs."""
    dims: list[Hashable] = []
    tiles: list[TileId] = [() for _ in datasets]
    first = datasets[0]
    for dim in first._dims:
        if dim not in first._variables:
            continue
        indexes = []
        for label, ds in zip(labels, datasets, strict=True):
            index = ds._indexes.get(dim)
            if index is None:
                raise ValueError(
                    f"combine_by_coords orders the objects by their dimension coordinates, but "
                    f"coordinate {dim!r} of {label} has no index; set one with set_xindex or use "
                    "combine_nested"
                )
            indexes.append(index.to_pandas_index())
        if all(index.equals(indexes[0]) for index in indexes[1:]):
            continue
        dims.append(dim)
        if all(index.is_monotonic_increasing for index in indexes):
            ascending = True
        elif all(index.is_monotonic_decreasing for index in indexes):
            ascending = False
        else:
            bad = [
                label for label, index in zip(labels, indexes, strict=True)
                if not (index.is_monotonic_increasing or index.is_monotonic_decreasing)
            ] or labels
            raise ValueError(
                f"coordinate {dim!r} must be monotonic (all increasing or all decreasing) to "
                f"order the objects; it is not on {format_names(bad, limit=5)}"
            )
        empty = [label for label, index in zip(labels, indexes, strict=True) if len(index) == 0]
        if empty:
            raise ValueError(f"cannot order objects along {dim!r}: it has length 0 on {format_names(empty)}")
        starts = pd.Series([index[0] for index in indexes])
        try:
            ranks = starts.rank(method="dense", ascending=ascending).astype(int).to_numpy() - 1
        except TypeError as err:
            raise TypeError(f"cannot order the objects along {dim!r}: its first labels cannot be compared ({err})") from err
        _check_overlaps(dim, indexes, ranks, labels, ascending)
        tiles = [(*tile, int(rank)) for tile, rank in zip(tiles, ranks, strict=True)]
    if len(datasets) > 1 and not dims:
        raise ValueError(
            "could not order the objects: none of their dimension coordinates differ between "
            "them; use combine_nested or merge instead"
        )
    seen: dict[TileId, int] = {}
    for position, tile in enumerate(tiles):
        if tile in seen:
            raise ValueError(
                f"{labels[seen[tile]]} and {labels[position]} overlap: they have the same "
                f"coordinate values along every dimension to combine ({format_names(dims)})"
            )
        seen[tile] = position
    return dict(zip(tiles, datasets, strict=True)), dims


def _check_overlaps(dim: Hashable, indexes: list[pd.Index], ranks: Any, labels: Sequence[str], ascending: bool) -> None:
    """Objects next to each other along ``dim`` must not have interleaving labels."""
    representative: dict[int, int] = {}
    for position, rank in enumerate(ranks):
        representative.setdefault(int(rank), position)
    for rank in range(len(representative) - 1):
        i, j = representative[rank], representative[rank + 1]
        last, start = indexes[i][-1], indexes[j][0]
        if (last > start) if ascending else (last < start):
            raise ValueError(
                f"{labels[i]} and {labels[j]} overlap along {dim!r}: {labels[i]} ends at "
                f"{format_label(last)} and {labels[j]} starts at {format_label(start)}; drop the repeated "
                "labels (e.g. with isel) before combining"
            )


def _combine_hypercube(
    datasets: list[Any], labels: list[str], compat: str, data_vars: Any, coords: Any,
    fill_value: Any, join: str, combine_attrs: CombineAttrs,
) -> Any:
    tiles, dims = _order_from_coords(datasets, labels)
    if fill_value is None:
        _check_complete(tiles, "objects")
    else:
        _check_depths(tiles)
    if not dims:
        return datasets[0]
    combined = _combine_nd(tiles, dims, compat, data_vars, coords, fill_value, join, combine_attrs)
    for dim in dims:
        index = combined._indexes[dim].to_pandas_index()
        if not (index.is_monotonic_increasing or index.is_monotonic_decreasing):
            raise ValueError(
                f"the combined coordinate {dim!r} is not monotonic; the objects overlap or leave "
                "gaps that do not line up; check their coordinate ranges"
            )
    return combined


def combine_by_coords(
    data_objects: Iterable[Any] = (),
    compat: str = "no_conflicts",
    data_vars: Any = "all",
    coords: Any = "different",
    fill_value: Any = NA,
    join: str = "outer",
    combine_attrs: CombineAttrs = "no_conflicts",
) -> Any:
    """Combine objects into one, ordering them by their 1-D dimension coordinates.

    Objects with the same data variables are arranged in a hypercube by the first label of
    each dimension coordinate that differs between them (coordinates must be monotonic) and
    concatenated along those dimensions; the groups are then merged.

    Parameters
    ----------
    data_objects : iterable of Dataset or DataArray
        Datasets, named DataArrays, or only unnamed DataArrays (which give a DataArray).
    compat, data_vars, coords, join
        As in :func:`concat` and :func:`merge`.
    fill_value : scalar, dict or None, optional
        Value for missing labels; ``None`` requires a complete hypercube (no missing piece).
    combine_attrs : {"drop", "identical", "no_conflicts", "drop_conflicts", "override"} or callable, default: "no_conflicts"
        How attrs are combined.

    Returns
    -------
    Dataset or DataArray

    Examples
    --------
    >>> import labarray as la
    >>> a = la.Dataset({"t": ("x", [1, 2])}, coords={"x": [0, 1]})
    >>> b = la.Dataset({"t": ("x", [3, 4])}, coords={"x": [2, 3]})
    >>> la.combine_by_coords([b, a]).t.values.tolist()
    [1, 2, 3, 4]
    """
    objects = list(data_objects)
    if not objects:
        return _dataset_type([])._construct_direct({}, set())
    for position, obj in enumerate(objects):
        if not (is_dataset_like(obj) or is_dataarray_like(obj)):
            raise TypeError(
                f"combine_by_coords argument {position} is a {type(obj).__name__}; expected "
                "Datasets or DataArrays"
            )
    labels = [f"object {i}" for i in range(len(objects))]
    unnamed = [is_dataarray_like(o) and o.name is None for o in objects]
    if any(unnamed):
        if not all(unnamed):
            raise ValueError(
                "cannot combine unnamed DataArrays with named ones or Datasets automatically; "
                f"name the DataArrays {format_names([i for i, u in enumerate(unnamed) if u])}"
            )
        temps = [o._to_temp_dataset() for o in objects]
        combined = _combine_hypercube(temps, labels, compat, data_vars, coords, fill_value, join, combine_attrs)
        return objects[0]._from_temp_dataset(combined, None)
    datasets = [o.to_dataset() if is_dataarray_like(o) else o for o in objects]
    groups: dict[tuple[str, ...], list[int]] = {}
    for position, ds in enumerate(datasets):
        key = tuple(sorted((k for k in ds._variables if k not in ds._coord_names), key=str))
        groups.setdefault(key, []).append(position)
    parts = [
        _combine_hypercube(
            [datasets[i] for i in members], [labels[i] for i in members], compat, data_vars,
            coords, fill_value, join, combine_attrs,
        )
        for members in groups.values()
    ]
    return merge(parts, compat=compat, fill_value=fill_value, join=join, combine_attrs=combine_attrs)
