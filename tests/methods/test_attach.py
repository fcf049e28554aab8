"""Topic methods are bound onto the façade classes once, and never shadow a class's own method."""

from __future__ import annotations

import types

import pytest

import labarray as xr
from labarray import methods


def _fake_topic(monkeypatch: pytest.MonkeyPatch, name: str, dataarray: dict, dataset: dict) -> None:
    module = types.ModuleType(f"labarray.methods.{name}")
    module.DATAARRAY_METHODS = dataarray  # type: ignore[attr-defined]
    module.DATASET_METHODS = dataset  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, module.__name__, module)
    monkeypatch.setattr(methods, "TOPICS", (name,))


def test_attach_binds_functions_properties_and_classmethods(monkeypatch: pytest.MonkeyPatch) -> None:
    def describe(self: object) -> str:
        return f"described {type(self).__name__}"

    def build(cls: type, value: int) -> tuple[str, int]:
        return cls.__name__, value

    _fake_topic(
        monkeypatch,
        "fake_topic",
        {"describe": describe, "twice": property(lambda self: 2)},
        {"build": classmethod(build)},
    )

    class A:
        pass

    class B:
        pass

    methods.attach_methods(A, B)
    assert A().describe() == "described A"
    assert A().twice == 2
    assert B.build(3) == ("B", 3)
    assert not hasattr(B, "describe")


def test_attach_refuses_to_shadow_an_existing_method(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_topic(monkeypatch, "fake_clash", {"isel": lambda self: None}, {})

    class A:
        def isel(self) -> None:
            return None

    with pytest.raises(RuntimeError, match=r"fake_clash defines A\.isel.*already has"):
        methods.attach_methods(A, type("B", (), {}))


def test_missing_dependency_inside_a_topic_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(methods, "TOPICS", ("no_such_topic_module",))
    # a topic module that does not exist is skipped ...
    methods.attach_methods(type("A", (), {}), type("B", (), {}))

    # ... but one that fails importing something it needs raises
    import importlib

    def failing_import(name: str) -> types.ModuleType:
        raise ModuleNotFoundError("No module named 'scipy'", name="scipy")

    monkeypatch.setattr(importlib, "import_module", failing_import)
    with pytest.raises(ModuleNotFoundError, match="scipy"):
        methods.attach_methods(type("A", (), {}), type("B", (), {}))


def test_every_topic_method_is_reachable_from_the_classes() -> None:
    for module in methods._topic_modules():
        for name in getattr(module, "DATAARRAY_METHODS", {}):
            assert hasattr(xr.DataArray, name), (module.__name__, name)
        for name in getattr(module, "DATASET_METHODS", {}):
            assert hasattr(xr.Dataset, name), (module.__name__, name)
