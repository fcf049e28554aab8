"""Public methods of :class:`~labarray.DataArray` and :class:`~labarray.Dataset`, by topic.

The façade classes in ``labarray/dataarray.py`` and ``labarray/dataset.py`` hold construction,
selection, alignment and the core protocol. Methods of a topic that builds on the layers below
(grouping, moving windows, missing data, pandas interop, reshaping, numerics, file output) are
written as plain functions in one module of this package per topic. Each topic module declares
two tables, ``DATAARRAY_METHODS`` and ``DATASET_METHODS`` (method name -> function, property
or classmethod), and :func:`attach_methods` binds them onto the classes once, when
``labarray`` is imported.

This package sits above ``io/`` in the layer contract, so a topic may use the backends
(``to_netcdf``) as well as the façade constructors (``from_dataframe``).

Examples
--------
>>> import labarray as la
>>> "groupby" in la.DataArray.__dict__ or not hasattr(la.DataArray, "groupby")
True
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

#: topic modules, in the order their methods are attached
TOPICS: tuple[str, ...] = (
    "grouping",
    "windows",
    "weighted",
    "missing",
    "interop",
    "reshaping",
    "numerics",
    "io",
    "zarr",
    "plotting",
    "indexing",
    "utilities",
    "deprecated",
)


def _topic_modules() -> list[Any]:
    modules = []
    for topic in TOPICS:
        try:
            modules.append(importlib.import_module(f"labarray.methods.{topic}"))
        except ModuleNotFoundError as err:
            # only a topic module that does not exist yet is skipped; a missing dependency
            # *inside* a topic is a real error and must surface
            if err.name != f"labarray.methods.{topic}":
                raise
    return modules


def _bind(cls: type, methods: Mapping[str, Any], topic: str) -> None:
    for name, method in methods.items():
        if name in cls.__dict__:
            raise RuntimeError(
                f"labarray.methods.{topic} defines {cls.__name__}.{name}, which the class "
                "already has; remove one of the two definitions"
            )
        setattr(cls, name, method)


def attach_methods(dataarray_cls: type, dataset_cls: type) -> None:
    """Bind every topic's methods onto the DataArray and Dataset classes.

    Parameters
    ----------
    dataarray_cls, dataset_cls : type
        The façade classes.

    Raises
    ------
    RuntimeError
        A topic defines a method the class already has (the definitions would shadow each
        other silently otherwise).

    Examples
    --------
    >>> class A:
    ...     pass
    >>> class B:
    ...     pass
    >>> attach_methods(A, B)
    >>> A.__name__
    'A'
    """
    for module in _topic_modules():
        topic = module.__name__.rsplit(".", 1)[-1]
        _bind(dataarray_cls, getattr(module, "DATAARRAY_METHODS", {}), topic)
        _bind(dataset_cls, getattr(module, "DATASET_METHODS", {}), topic)
