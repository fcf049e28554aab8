"""Tests of labarray.parallel.collection (the Dask collection protocol helpers)."""

from __future__ import annotations

import numpy as np
import pytest

from labarray import Variable
from labarray.parallel.collection import (
    dask_graph,
    dask_keys,
    dask_layers,
    dask_postcompute,
    dask_postpersist,
    lazy_names,
)

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")


def make_vars() -> dict[str, Variable]:
    return {
        "eager": Variable("x", np.arange(3)),
        "a": Variable("x", da.arange(3, chunks=1)),
        "b": Variable(("x", "y"), da.ones((3, 2), chunks=(3, 1))),
    }


def test_lazy_names() -> None:
    assert lazy_names(make_vars()) == ["a", "b"]
    assert lazy_names({"e": Variable("x", [1])}) == []


def test_graph_none_when_eager() -> None:
    assert dask_graph({"e": Variable("x", [1])}) is None


def test_graph_and_keys() -> None:
    variables = make_vars()
    graph = dask_graph(variables)
    keys = dask_keys(variables)
    assert len(keys) == 2
    assert keys[0] == variables["a"]._data.__dask_keys__()
    flat = set(dict(graph))
    assert variables["a"]._data.__dask_keys__()[0] in flat
    assert all(k in flat for k in (variables["b"]._data.__dask_keys__()[0]))


def test_layers() -> None:
    variables = make_vars()
    layers = dask_layers(variables)
    assert variables["a"]._data.name in layers
    assert variables["b"]._data.name in layers


def test_postcompute_rebuilds() -> None:
    variables = make_vars()
    seen: dict[str, object] = {}

    def rebuild(new_data: dict) -> str:  # type: ignore[type-arg]
        seen.update(new_data)
        return "rebuilt"

    finalize, args = dask_postcompute(variables, rebuild)
    results = dask.get(dask_graph(variables), dask_keys(variables))
    assert finalize(results, *args) == "rebuilt"
    np.testing.assert_array_equal(seen["a"], [0, 1, 2])
    np.testing.assert_array_equal(seen["b"], np.ones((3, 2)))
    assert "eager" not in seen


def test_postpersist_rebuilds() -> None:
    variables = make_vars()
    captured: dict[str, object] = {}

    def rebuild(new_data: dict) -> dict:  # type: ignore[type-arg]
        captured.update(new_data)
        return new_data

    finalize, args = dask_postpersist(variables, rebuild)
    graph = dict(dask_graph(variables))
    keys = [k for ks in dask_keys(variables) for k in (ks if isinstance(ks, list) else [ks])]
    out = finalize(graph, *args)
    assert set(out) == {"a", "b"}
    assert isinstance(out["a"], da.Array)
    np.testing.assert_array_equal(out["a"].compute(), [0, 1, 2])
    assert keys  # the graph had keys to rebuild from
