"""The Dask collection protocol for objects made of Variables.

``dask.compute(ds)``, ``dask.persist(da)`` and ``dask.base.tokenize(obj)`` work on labarray objects
because DataArray and Dataset forward the ``__dask_*__`` methods to the helpers here. They work on a
plain dict of Variables (duck-typed: anything with ``_data``), so this module sits below the
Variable layer and knows nothing of labels.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from labarray.parallel.chunkmanager import is_chunked_array

__all__ = [
    "DaskCollection",
    "consistent_chunks",
    "dask_graph",
    "dask_keys",
    "dask_layers",
    "dask_postcompute",
    "dask_postpersist",
    "lazy_names",
]


def lazy_names(variables: Mapping[Hashable, Any]) -> list[Hashable]:
    """Names of the variables whose data is a Dask array, in order."""
    return [name for name, var in variables.items() if is_chunked_array(var._data)]


def dask_graph(variables: Mapping[Hashable, Any]) -> Any:
    """A merged HighLevelGraph of every lazy variable, or ``None`` when nothing is lazy."""
    names = lazy_names(variables)
    if not names:
        return None
    from dask.highlevelgraph import HighLevelGraph

    graphs = [variables[name]._data.__dask_graph__() for name in names]
    return HighLevelGraph.merge(*graphs)


def dask_keys(variables: Mapping[Hashable, Any]) -> list[Any]:
    """The output keys of every lazy variable, in the order of :func:`lazy_names`."""
    return [variables[name]._data.__dask_keys__() for name in lazy_names(variables)]


def dask_layers(variables: Mapping[Hashable, Any]) -> tuple[str, ...]:
    """The layer names of every lazy variable's graph."""
    layers: list[str] = []
    for name in lazy_names(variables):
        layers.extend(variables[name]._data.__dask_layers__())
    return tuple(layers)


def _finalizers(variables: Mapping[Hashable, Any], which: str) -> list[tuple[Hashable, Callable[..., Any], tuple[Any, ...]]]:
    out = []
    for name in lazy_names(variables):
        func, args = getattr(variables[name]._data, which)()
        out.append((name, func, args))
    return out


def dask_postcompute(
    variables: Mapping[Hashable, Any], rebuild: Callable[[dict[Hashable, Any]], Any]
) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """Return ``(finalize, args)``: ``finalize(results)`` gives ``rebuild({name: new data})``."""
    parts = _finalizers(variables, "__dask_postcompute__")

    def finalize(results: Any, *extra: Any) -> Any:
        new_data = {name: func(result, *args) for (name, func, args), result in zip(parts, results, strict=True)}
        return rebuild(new_data)

    return finalize, ()


def dask_postpersist(
    variables: Mapping[Hashable, Any], rebuild: Callable[[dict[Hashable, Any]], Any]
) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """Return ``(finalize, args)`` rebuilding the object around the persisted Dask arrays."""
    parts = _finalizers(variables, "__dask_postpersist__")

    def finalize(dsk: Any, *extra: Any, rename: Mapping[str, str] | None = None) -> Any:
        new_data = {}
        for name, func, args in parts:
            kwargs = {"rename": rename} if rename is not None else {}
            new_data[name] = func(dsk, *args, **kwargs)
        return rebuild(new_data)

    return finalize, ()


def consistent_chunks(variables: Mapping[Hashable, Any]) -> dict[Hashable, tuple[int, ...]]:
    """Block sizes per dimension over all variables; an error names any two that disagree."""
    chunks: dict[Hashable, tuple[int, ...]] = {}
    owner: dict[Hashable, Hashable] = {}
    for name, var in variables.items():
        var_chunks = var.chunks
        if var_chunks is None:
            continue
        for dim, c in zip(var.dims, var_chunks, strict=True):
            if dim in chunks and chunks[dim] != c:
                raise ValueError(
                    f"variables {owner[dim]!r} and {name!r} have different chunks along dimension "
                    f"{dim!r}: {chunks[dim]} vs {c}; call .chunk() or .unify_chunks() to make them consistent"
                )
            chunks[dim] = c
            owner[dim] = name
    return chunks


class DaskCollection:
    """The Dask collection protocol for a class made of Variables.

    Subclasses provide ``_dask_variables()`` (name -> Variable, every variable of the object)
    and ``_rebuild_with_data(new_data)`` (a copy with the named variables' data replaced), plus
    their own ``__dask_tokenize__``.
    """

    __slots__ = ()

    def __dask_graph__(self) -> Any:
        return dask_graph(self._dask_variables())  # type: ignore[attr-defined]

    def __dask_keys__(self) -> list[Any]:
        return dask_keys(self._dask_variables())  # type: ignore[attr-defined]

    def __dask_layers__(self) -> tuple[str, ...]:
        return dask_layers(self._dask_variables())  # type: ignore[attr-defined]

    @property
    def __dask_optimize__(self) -> Any:
        import dask.array as da

        return da.Array.__dask_optimize__

    @property
    def __dask_scheduler__(self) -> Any:
        import dask.array as da

        return da.Array.__dask_scheduler__

    def __dask_postcompute__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return dask_postcompute(self._dask_variables(), self._rebuild_with_data)  # type: ignore[attr-defined]

    def __dask_postpersist__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return dask_postpersist(self._dask_variables(), self._rebuild_with_data)  # type: ignore[attr-defined]
