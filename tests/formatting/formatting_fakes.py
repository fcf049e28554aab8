"""Small stand-ins for Variable / DataArray / Dataset / Index with exactly the attributes that
``labarray.formatting`` and ``labarray.testing`` read (doc/internals.rst), so these tests do not
depend on the façade."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np


class FakeVariable:
    def __init__(
        self, dims: Any, data: Any, attrs: dict | None = None, encoding: dict | None = None
    ):
        self._dims = (dims,) if isinstance(dims, str) else tuple(dims)
        self._data = np.asarray(data) if isinstance(data, (list, int, float, str)) else data
        self._attrs = attrs
        self._encoding = encoding

    dims = property(lambda self: self._dims)
    data = property(lambda self: self._data)
    shape = property(lambda self: tuple(self._data.shape))
    dtype = property(lambda self: self._data.dtype)
    ndim = property(lambda self: len(self._dims))
    sizes = property(lambda self: dict(zip(self._dims, self.shape, strict=False)))
    attrs = property(lambda self: self._attrs if self._attrs is not None else {})
    encoding = property(lambda self: self._encoding or {})
    nbytes = property(lambda self: math.prod(self.shape) * self.dtype.itemsize)


class LazyArray:
    """Lazily indexed backend data: any attempt to read it fails the test."""

    def __init__(self, shape: tuple[int, ...], dtype: Any = "float64"):
        self.shape = shape
        self.dtype = np.dtype(dtype)
        self.ndim = len(shape)
        self.reads = 0

    def get_duck_array(self) -> Any:
        raise AssertionError("lazy data was read")

    def __array__(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("lazy data was read")


class LoadableLazyArray(LazyArray):
    """Lazily indexed data that may be read (by the assertions)."""

    def __init__(self, values: np.ndarray):
        super().__init__(values.shape, values.dtype)
        self.values = values

    def get_duck_array(self) -> Any:
        self.reads += 1
        return self.values


class PandasIndex:
    """A default index (its class name is what the repr looks at)."""

    def __init__(self, name: Hashable, values: Any, dim: Hashable | None = None):
        self.name, self.values, self.dim = name, np.asarray(values), dim or name

    def create_variables(self) -> dict[Hashable, FakeVariable]:
        return {self.name: FakeVariable((self.dim,), self.values)}

    def __repr__(self) -> str:
        return f"PandasIndex({list(self.values)})"


class CustomIndex(PandasIndex):
    def __repr__(self) -> str:
        return "CustomIndex(<tree>)\n  line two"


class FakeDataArray:
    def __init__(
        self,
        variable: FakeVariable,
        coords: Mapping[Hashable, FakeVariable] | None = None,
        name: Hashable | None = None,
        indexes: Mapping[Hashable, Any] | None = None,
    ):
        self._variable = variable
        self._coords = dict(coords or {})
        self._name = name
        if indexes is None:  # default indexes for 1-D dimension coordinates
            indexes = {k: PandasIndex(k, v.data) for k, v in self._coords.items() if v.dims == (k,)}
        self._indexes = dict(indexes)

    variable = property(lambda self: self._variable)
    name = property(lambda self: self._name)
    dims = property(lambda self: self._variable.dims)
    sizes = property(lambda self: self._variable.sizes)
    attrs = property(lambda self: self._variable.attrs)
    xindexes = property(lambda self: self._indexes)

    @property
    def coords(self) -> dict[Hashable, FakeDataArray]:
        return {k: FakeDataArray(v, name=k, indexes={}) for k, v in self._coords.items()}


class FakeDataset:
    def __init__(
        self,
        data_vars: Mapping[Hashable, FakeVariable],
        coords: Mapping[Hashable, FakeVariable] | None = None,
        attrs: dict | None = None,
        indexes: Mapping[Hashable, Any] | None = None,
    ):
        coords = dict(coords or {})
        self._variables = {**coords, **data_vars}
        self._coord_names = set(coords)
        self._dims: dict[Hashable, int] = {}
        for var in self._variables.values():
            self._dims.update(var.sizes)
        if indexes is None:
            indexes = {k: PandasIndex(k, v.data) for k, v in coords.items() if v.dims == (k,)}
        self._indexes = dict(indexes)
        self._attrs = attrs

    sizes = property(lambda self: self._dims)
    attrs = property(lambda self: self._attrs or {})
    xindexes = property(lambda self: self._indexes)
