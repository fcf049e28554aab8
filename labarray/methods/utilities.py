"""Utility methods: info, drop_attrs, apply (deprecated alias of map), and the Dask helpers
map_blocks and unify_chunks as methods.

``map_blocks``/``unify_chunks`` delegate to :mod:`labarray.compute.map_blocks` (which also
backs the top-level ``labarray.map_blocks`` and ``labarray.unify_chunks``).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import IO, Any

from labarray.compute import map_blocks as _map_blocks

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS"]


def info(self: Any, buf: IO[str] | None = None) -> None:
    """Write a summary of the Dataset in the layout of ``ncdump -h``.

    Dimensions with their sizes, then every variable (coordinates included) as
    ``dtype name(dims) ;`` followed by its attributes, then the global attributes.

    Parameters
    ----------
    buf : file-like, optional
        Where to write (anything with a ``write`` method); default: ``sys.stdout``.

    Raises
    ------
    TypeError
        ``buf`` has no ``write`` method.

    See Also
    --------
    labarray.Dataset.__repr__

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"t": ("x", [1.0, 2.0], {"units": "K"})}, attrs={"title": "demo"})
    >>> ds.info()  # doctest: +NORMALIZE_WHITESPACE
    labarray.Dataset {
    dimensions:
        x = 2 ;
    <BLANKLINE>
    variables:
        float64 t(x) ;
            t:units = K ;
    <BLANKLINE>
    // global attributes:
        :title = demo ;
    }
    """
    if buf is None:
        buf = sys.stdout
    if not callable(getattr(buf, "write", None)):
        raise TypeError(
            f"info writes to a file-like object with a write method (e.g. io.StringIO or "
            f"sys.stdout); got a {type(buf).__name__}"
        )
    lines = [f"{type(self).__module__.split('.')[0]}.{type(self).__name__} {{", "dimensions:"]
    lines += [f"\t{name} = {size} ;" for name, size in self.sizes.items()]
    lines.append("\nvariables:")
    for name, var in self._variables.items():
        dims = ", ".join(map(str, var.dims))
        lines.append(f"\t{var.dtype} {name}({dims}) ;")
        lines += [f"\t\t{name}:{key} = {value} ;" for key, value in var.attrs.items()]
    lines.append("\n// global attributes:")
    lines += [f"\t:{key} = {value} ;" for key, value in self.attrs.items()]
    lines.append("}")
    buf.write("\n".join(lines))


def drop_attrs(self: Any, *, deep: bool = True) -> Any:
    """A copy without the Dataset's attributes and, with ``deep``, without any variable's.

    Parameters
    ----------
    deep : bool, default: True
        Also remove the attributes of every data variable and coordinate (index coordinates
        included); with ``False`` only the Dataset's own attributes go.

    Returns
    -------
    Dataset
        A shallow copy: the data are shared, the encodings kept.

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"t": ("x", [1.0], {"units": "K"})}, attrs={"title": "demo"})
    >>> out = ds.drop_attrs()
    >>> out.attrs, out.t.attrs
    ({}, {})
    >>> ds.drop_attrs(deep=False).t.attrs
    {'units': 'K'}
    """
    if not isinstance(deep, bool):
        raise TypeError(f"drop_attrs: deep must be True or False, got {deep!r}")
    if not deep:
        return self._replace(attrs=None)
    variables = {name: var._replace(attrs=None) for name, var in self._variables.items()}
    return self._replace(variables=variables, attrs=None)


def apply(
    self: Any,
    func: Callable[..., Any],
    keep_attrs: bool | None = None,
    args: Iterable[Any] = (),
    **kwargs: Any,
) -> Any:
    """Apply ``func`` to each data variable (an old name of :meth:`map`, kept for old code).

    Emits a ``PendingDeprecationWarning``, as xarray does; use :meth:`map`.

    Parameters
    ----------
    func : callable
        Called as ``func(data_array, *args, **kwargs)`` for each data variable.
    keep_attrs : bool, optional
        Keep the attributes of the Dataset and of the variables (default: the ``keep_attrs``
        option).
    args : iterable, optional
        Further positional arguments of ``func``.
    **kwargs
        Keyword arguments of ``func``.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import warnings
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1.0, -2.0])})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", PendingDeprecationWarning)
    ...     ds.apply(abs).a.values
    array([1., 2.])
    """
    warnings.warn(
        "Dataset.apply may be deprecated in the future; use Dataset.map, which takes the same "
        "arguments",
        PendingDeprecationWarning,
        stacklevel=2,
    )
    return self.map(func, keep_attrs, args, **kwargs)


def map_blocks(
    self: Any,
    func: Callable[..., Any],
    args: Sequence[Any] = (),
    kwargs: Mapping[str, Any] | None = None,
    template: Any = None,
) -> Any:
    """Apply ``func`` to each Dask block of this object, lazily.

    The method form of :func:`labarray.map_blocks` (``obj.map_blocks(func, ...)`` is
    ``labarray.map_blocks(func, obj, ...)``).

    Parameters
    ----------
    func : callable
        Called as ``func(block, *args, **kwargs)``; ``block`` is an in-memory object of this
        type holding one block, with its coordinates. It returns a DataArray or Dataset.
    args : sequence, optional
        Further arguments; DataArrays and Datasets among them are aligned with this object
        (``join="exact"``), rechunked alike and sliced to the same block.
    kwargs : mapping, optional
        Keyword arguments of ``func`` (passed whole to every block).
    template : DataArray or Dataset, optional
        The shape of the result (dims, sizes, chunks, coordinates, attrs); inferred by calling
        ``func`` on a zero-size version of the object when not given.

    Returns
    -------
    DataArray or Dataset
        Dask-backed when this object is; an in-memory object is passed to ``func`` whole.

    Raises
    ------
    TypeError
        ``func`` is not callable, ``args`` is not a list or tuple, or ``template`` is not a
        DataArray or Dataset.
    ValueError
        The result cannot be inferred without a template, or a block's result does not
        match the template (when computed).

    See Also
    --------
    labarray.map_blocks, unify_chunks

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> da = xr.DataArray(np.arange(6.0), dims="x").chunk(x=3)
    >>> da.map_blocks(lambda block: block - block.mean()).values
    array([-1.,  0.,  1., -1.,  0.,  1.])
    """
    return _map_blocks.map_blocks(func, self, args, kwargs, template)


def unify_chunks(self: Any) -> Any:
    """Rechunk the variables so that every dimension has one chunking.

    Where variables disagree along a dimension, the chunk boundaries of all of them are
    combined, so no chunk grows. Variables that are not Dask arrays are left alone.

    Returns
    -------
    DataArray or Dataset
        Lazily rechunked where needed (this object itself when nothing changes).

    See Also
    --------
    labarray.unify_chunks, map_blocks

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", list(range(6))), "b": ("x", list(range(6)))})
    >>> ds = ds.assign(a=ds.a.chunk(x=3), b=ds.b.chunk(x=2))
    >>> dict(ds.unify_chunks().chunks)
    {'x': (2, 1, 1, 2)}
    """
    return _map_blocks.unify_chunks(self)[0]


DATASET_METHODS: dict[str, Callable[..., Any]] = {
    "info": info,
    "drop_attrs": drop_attrs,
    "apply": apply,
    "map_blocks": map_blocks,
    "unify_chunks": unify_chunks,
}
DATAARRAY_METHODS: dict[str, Callable[..., Any]] = {
    "map_blocks": map_blocks,
    "unify_chunks": unify_chunks,
}
