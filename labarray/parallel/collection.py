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
