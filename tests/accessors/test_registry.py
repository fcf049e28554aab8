"""Tests of register_dataarray_accessor / register_dataset_accessor."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

import labarray as la
from labarray.accessors.registry import AccessorRegistrationWarning
from labarray.utils.warnings import LabarrayWarning

_MISSING = object()


class _Registered(list):
    """Names registered by a test; the class attributes they replaced are put back after it."""

    def append(self, item: tuple[type, str]) -> None:
        cls, name = item
        super().append((cls, name, cls.__dict__.get(name, _MISSING)))

    def extend(self, items: list[tuple[type, str]]) -> None:
        for item in items:
            self.append(item)


@pytest.fixture
def cleanup() -> Iterator[_Registered]:
    registered = _Registered()
    yield registered
    for cls, name, original in reversed(registered):
        if original is _MISSING:
            if name in cls.__dict__:
                delattr(cls, name)
        else:
            setattr(cls, name, original)


def test_dataarray_accessor(cleanup: _Registered) -> None:
    created = []

    @la.register_dataarray_accessor("demo_geo")
    class Geo:
        def __init__(self, obj: la.DataArray) -> None:
            created.append(obj)
            self._obj = obj

        @property
        def center(self) -> float:
            return float(self._obj.mean())

    cleanup.append((la.DataArray, "demo_geo"))
    da = la.DataArray([1.0, 3.0], dims="x")
    assert da.demo_geo.center == 2.0
    assert da.demo_geo is da.demo_geo  # cached per object
    assert len(created) == 1
    other = la.DataArray([5.0], dims="x")
    assert other.demo_geo.center == 5.0 and other.demo_geo is not da.demo_geo
    assert la.DataArray.demo_geo is Geo  # class access gives the accessor class
    assert not hasattr(la.Dataset(), "demo_geo")


def test_dataset_accessor(cleanup: _Registered) -> None:
    @la.register_dataset_accessor("demo_names")
    class Names:
        def __init__(self, ds: la.Dataset) -> None:
            self.names = sorted(ds.data_vars)

    cleanup.append((la.Dataset, "demo_names"))
    ds = la.Dataset({"b": ("x", [1]), "a": ("x", [2])})
    assert ds.demo_names.names == ["a", "b"]
    assert ds.demo_names is ds.demo_names


def test_cache_is_released_with_the_object(cleanup: _Registered) -> None:
    @la.register_dataarray_accessor("demo_cache")
    class Acc:
        def __init__(self, obj: la.DataArray) -> None:
            self.size = obj.size

    cleanup.append((la.DataArray, "demo_cache"))
    descriptor = la.DataArray.__dict__["demo_cache"]
    da = la.DataArray([1, 2, 3], dims="x")
    assert da.demo_cache.size == 3
    assert len(descriptor._cache) == 1
    del da
    gc.collect()
    assert len(descriptor._cache) == 0


def test_override_warns(cleanup: _Registered) -> None:
    cleanup.extend([(la.DataArray, "demo_twice"), (la.DataArray, "mean")])
    with pytest.warns(AccessorRegistrationWarning, match="overriding a preexisting attribute"):
        @la.register_dataarray_accessor("mean")
        class Mean:
            def __init__(self, obj: la.DataArray) -> None:
                self.kind = "accessor"
    assert la.DataArray([1.0], dims="x").mean.kind == "accessor"

    @la.register_dataarray_accessor("demo_twice")
    class First:
        def __init__(self, obj: la.DataArray) -> None:
            pass

    with pytest.warns(LabarrayWarning, match="'demo_twice'"):
        @la.register_dataarray_accessor("demo_twice")
        class Second:
            def __init__(self, obj: la.DataArray) -> None:
                pass

    assert isinstance(la.DataArray([1], dims="x").demo_twice, Second)


def test_errors_in_init_surface(cleanup: _Registered) -> None:
    @la.register_dataarray_accessor("demo_broken")
    class Broken:
        def __init__(self, obj: la.DataArray) -> None:
            raise AttributeError("no 'lat' coordinate")

    @la.register_dataset_accessor("demo_strict")
    class Strict:
        def __init__(self, obj: la.Dataset) -> None:
            raise ValueError("needs a 'time' dimension")

    cleanup.extend([(la.DataArray, "demo_broken"), (la.Dataset, "demo_strict")])
    with pytest.raises(RuntimeError, match=r"error initializing the 'demo_broken' accessor.*no 'lat' coordinate") as info:
        la.DataArray([1], dims="x").demo_broken
    assert isinstance(info.value.__cause__, AttributeError)
    with pytest.raises(ValueError, match="needs a 'time' dimension"):
        la.Dataset().demo_strict


def test_bad_registration() -> None:
    with pytest.raises(ValueError, match="valid Python identifier; got 'not valid'"):
        la.register_dataarray_accessor("not valid")
    with pytest.raises(ValueError, match="identifier; got 3"):
        la.register_dataset_accessor(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="decorates a class taking the DataArray"):
        la.register_dataarray_accessor("demo_nothing")(42)  # type: ignore[arg-type]
    assert not hasattr(la.DataArray, "demo_nothing")


@pytest.mark.compat
def test_compat_override_warning_like_xarray(cleanup: _Registered) -> None:
    xr = pytest.importorskip("xarray")
    cleanup.extend([(xr.DataArray, "demo_compat"), (la.DataArray, "demo_compat")])
    for cls_register in (xr.register_dataarray_accessor, la.register_dataarray_accessor):
        cls_register("demo_compat")(type("M", (), {"__init__": lambda self, o: None}))
    with pytest.warns(Warning) as theirs:
        xr.register_dataarray_accessor("demo_compat")(type("M", (), {"__init__": lambda self, o: None}))
    with pytest.warns(AccessorRegistrationWarning) as ours:
        la.register_dataarray_accessor("demo_compat")(type("M", (), {"__init__": lambda self, o: None}))
    assert "overriding a preexisting attribute" in str(theirs[0].message)
    assert "overriding a preexisting attribute" in str(ours[0].message)
