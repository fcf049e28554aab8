"""Registering custom accessors (``da.geo.something()``) on DataArray and Dataset.

The accessor layer sits below the façade, so the DataArray and Dataset classes are handed to
this module by ``labarray/__init__.py`` (:func:`register_accessor_targets`) instead of being
imported here.

The façade classes use ``__slots__`` (no instance ``__dict__``), so accessor instances are
cached per object in a side table keyed by ``id(obj)`` and cleared by a weak reference when the
object is garbage collected.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from labarray.utils.warnings import LabarrayWarning, warn

__all__ = [
    "AccessorRegistrationWarning",
    "register_accessor_targets",
    "register_dataarray_accessor",
    "register_dataset_accessor",
]

T = TypeVar("T")

_TARGETS: dict[str, type] = {}


class AccessorRegistrationWarning(LabarrayWarning):
    """An accessor was registered under a name that the class already has."""


def register_accessor_targets(*, dataarray: type, dataset: type) -> None:
    """Record the DataArray and Dataset classes accessors attach to (done by ``labarray``)."""
    _TARGETS["DataArray"] = dataarray
    _TARGETS["Dataset"] = dataset


class _CachedAccessor:
    """Descriptor building the accessor on first access and caching it per object."""

    def __init__(self, name: str, accessor: type) -> None:
        self._name = name
        self._accessor = accessor
        self._cache: dict[int, tuple[weakref.ref[Any], Any]] = {}

    def __get__(self, obj: Any, cls: type | None = None) -> Any:
        if obj is None:
            return self._accessor  # the class attribute, for documentation tools
        key = id(obj)
        entry = self._cache.get(key)
        if entry is not None and entry[0]() is obj:
            return entry[1]
        try:
            accessor = self._accessor(obj)
        except AttributeError as err:
            # an AttributeError escaping __get__ would make Python fall back to __getattr__
            # and report the accessor itself as missing; surface the real cause instead
            raise RuntimeError(
                f"error initializing the {self._name!r} accessor ({self._accessor.__name__}) on "
                f"a {type(obj).__name__}: {type(err).__name__}: {err}"
            ) from err
        cache = self._cache

        def forget(_: weakref.ref[Any], key: int = key) -> None:
            cache.pop(key, None)

        cache[key] = (weakref.ref(obj, forget), accessor)
        return accessor


def _register(name: str, target: str) -> Callable[[type[T]], type[T]]:
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"accessor name must be a valid Python identifier; got {name!r}")

    def decorator(accessor: type[T]) -> type[T]:
        if not callable(accessor):
            raise TypeError(
                f"register_{target.lower()}_accessor({name!r}) decorates a class taking the "
                f"{target} as its only argument; got {accessor!r}"
            )
        cls = _TARGETS.get(target)
        if cls is None:
            raise RuntimeError(
                f"the {target} class is not registered yet; import labarray before registering "
                "accessors"
            )
        if hasattr(cls, name):
            warn(
                f"registration of accessor {accessor!r} under name {name!r} for type {cls!r} "
                "is overriding a preexisting attribute with the same name.",
                AccessorRegistrationWarning,
                stacklevel=2,
            )
        setattr(cls, name, _CachedAccessor(name, accessor))
        return accessor

    return decorator


def register_dataarray_accessor(name: str) -> Callable[[type[T]], type[T]]:
    """Register a custom accessor on DataArray objects under ``name``.

    The decorated class is called with the DataArray on first access of ``da.<name>``; the
    instance is cached for that object. Registering over an existing attribute warns with
    :class:`AccessorRegistrationWarning`.

    Parameters
    ----------
    name : str
        Attribute name of the accessor.

    See Also
    --------
    register_dataset_accessor

    Examples
    --------
    >>> import labarray as la
    >>> @la.register_dataarray_accessor("double_it")
    ... class Doubler:
    ...     def __init__(self, da):
    ...         self._da = da
    ...     def __call__(self):
    ...         return self._da * 2
    >>> la.DataArray([1, 2], dims="x").double_it().values
    array([2, 4])
    >>> del la.DataArray.double_it
    """
    return _register(name, "DataArray")


def register_dataset_accessor(name: str) -> Callable[[type[T]], type[T]]:
    """Register a custom accessor on Dataset objects under ``name``.

    Parameters
    ----------
    name : str
        Attribute name of the accessor.

    See Also
    --------
    register_dataarray_accessor

    Examples
    --------
    >>> import labarray as la
    >>> @la.register_dataset_accessor("names")
    ... class Names:
    ...     def __init__(self, ds):
    ...         self.all = sorted(ds.data_vars)
    >>> la.Dataset({"b": ("x", [1]), "a": ("x", [2])}).names.all
    ['a', 'b']
    >>> del la.Dataset.names
    """
    return _register(name, "Dataset")
