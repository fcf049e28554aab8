"""Assertions for tests of code that uses labarray: ``assert_equal``, ``assert_identical``,
``assert_allclose``, ``assert_chunks_equal`` and ``assert_duckarray_*``.

Failures raise ``AssertionError`` with a message from ``labarray.formatting`` that says what
differs (dimensions, coordinates, values with the first differing positions, attributes). Every
comparison of labarray objects also checks the internal invariants of both operands (see
``doc/internals.rst``), so a function that returns an inconsistent object fails loudly.
Objects are recognised by their attributes, not their classes: a Dataset has ``_variables``, a
DataArray has ``variable`` and ``coords``, a Variable has ``dims`` and ``data``.

>>> from types import SimpleNamespace
>>> import numpy as np
>>> v = SimpleNamespace(dims=("x",), data=np.arange(3), shape=(3,), dtype=np.dtype("int64"),
...                     attrs={})
>>> assert_equal(v, v)
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import numpy as np

from labarray.formatting.text import (
    diff_array_repr,
    diff_dataset_repr,
    diff_variable_repr,
    format_array_flat,
    format_item,
    to_numpy,
    values_mismatch,
)
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.suggest import format_names

__all__ = [
    "assert_allclose",
    "assert_chunks_equal",
    "assert_duckarray_allclose",
    "assert_duckarray_equal",
    "assert_equal",
    "assert_identical",
]

_DIFF = {"Variable": diff_variable_repr, "DataArray": diff_array_repr, "Dataset": diff_dataset_repr}


def _kind(obj: Any) -> str | None:
    """``"Dataset"``, ``"DataArray"``, ``"Variable"`` or None for anything else."""
    if hasattr(obj, "_variables") and hasattr(obj, "_coord_names"):
        return "Dataset"
    if hasattr(obj, "variable") and hasattr(obj, "coords"):
        return "DataArray"
    if hasattr(obj, "dims") and hasattr(obj, "data") and hasattr(obj, "shape"):
        return "Variable"
    return None


def _check_same_kind(a: Any, b: Any, assertion: str) -> str:
    kind_a, kind_b = _kind(a), _kind(b)
    if kind_a is None or kind_b is None:
        bad = a if kind_a is None else b
        raise AssertionError(
            f"{assertion} compares labarray Variables, DataArrays or Datasets; got "
            f"{type(bad).__name__} (use assert_duckarray_equal/assert_duckarray_allclose for "
            "plain arrays)"
        )
    if kind_a != kind_b or type(a) is not type(b):
        raise AssertionError(
            f"{assertion}: cannot compare a {type(a).__name__} with a {type(b).__name__}; "
            "both sides must be of the same type"
        )
    return kind_a


def _compare(a: Any, b: Any, compat: str, assertion: str, **kwargs: Any) -> None:
    __tracebackhide__ = True
    kind = _check_same_kind(a, b, assertion)
    _assert_internal_invariants(a)
    _assert_internal_invariants(b)
    message = _DIFF[kind](a, b, compat, **kwargs)
    if message:
        raise AssertionError(message)


def assert_equal(a: Any, b: Any, check_dim_order: bool = True) -> None:
    """Assert that two Variables, DataArrays or Datasets have equal dimensions, coordinates and
    values (NaN equals NaN); names and attributes are not compared.

    Parameters
    ----------
    a, b : Variable, DataArray or Dataset
        The objects to compare; both of the same type.
    check_dim_order : bool, default: True
        When False, the same dimensions in another order are accepted.

    Raises
    ------
    AssertionError
        With a description of every difference.

    See Also
    --------
    assert_identical, assert_allclose

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = lambda x: SimpleNamespace(dims=("x",), data=np.array(x), shape=(len(x),),
    ...                               dtype=np.dtype("float64"), attrs={})
    >>> assert_equal(v([1.0, np.nan]), v([1.0, np.nan]))
    """
    __tracebackhide__ = True
    _compare(a, b, "equals", "assert_equal", check_dim_order=check_dim_order)


def assert_identical(a: Any, b: Any) -> None:
    """Like :func:`assert_equal`, and also compare names and the attributes of the object and
    of all its variables.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=(), data=np.array(1), shape=(), dtype=np.dtype("int64"),
    ...                     attrs={"units": "m"})
    >>> assert_identical(v, v)
    """
    __tracebackhide__ = True
    _compare(a, b, "identical", "assert_identical")
    a_indexes, b_indexes = getattr(a, "xindexes", None), getattr(b, "xindexes", None)
    if a_indexes is not None and b_indexes is not None and set(a_indexes) != set(b_indexes):
        raise AssertionError(
            "assert_identical: the objects are equal but index their coordinates differently; "
            f"indexed coordinates: {sorted(map(str, a_indexes))} vs {sorted(map(str, b_indexes))}"
        )


def assert_allclose(
    a: Any,
    b: Any,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    decode_bytes: bool = True,
    check_dim_order: bool = True,
) -> None:
    """Like :func:`assert_equal`, with numbers compared within a tolerance
    (``|a - b| <= atol + rtol * |b|``, NaN equals NaN).

    Parameters
    ----------
    a, b : Variable, DataArray or Dataset
        The objects to compare.
    rtol, atol : float
        Relative and absolute tolerance.
    decode_bytes : bool, default: True
        Compare bytes values as UTF-8 text (so ``b"a"`` matches ``"a"``).
    check_dim_order : bool, default: True
        When False, the same dimensions in another order are accepted.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = lambda x: SimpleNamespace(dims=("x",), data=np.array(x), shape=(len(x),),
    ...                               dtype=np.dtype("float64"), attrs={})
    >>> assert_allclose(v([1.0]), v([1.0 + 1e-9]))
    """
    __tracebackhide__ = True
    _compare(
        a,
        b,
        "allclose",
        "assert_allclose",
        rtol=rtol,
        atol=atol,
        decode_bytes=decode_bytes,
        check_dim_order=check_dim_order,
    )


def _named_variables(obj: Any, kind: str) -> dict[Hashable, Any]:
    if kind == "Variable":
        return {"<data>": obj}
    if kind == "DataArray":
        coords = {k: getattr(v, "variable", v) for k, v in obj.coords.items()}
        return {"<data>": obj.variable, **coords}
    return dict(obj._variables)


def _chunks(var: Any) -> tuple[tuple[int, ...], ...] | None:
    data = getattr(var, "_data", None)
    data = var.data if data is None else data
    return tuple(tuple(c) for c in data.chunks) if is_chunked_array(data) else None


def assert_chunks_equal(a: Any, b: Any) -> None:
    """Assert that two objects hold the same variables with the same Dask chunks (``None`` for
    variables held in memory).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> v = SimpleNamespace(dims=("x",), data=np.arange(3), shape=(3,), dtype=np.dtype("int64"),
    ...                     attrs={})
    >>> assert_chunks_equal(v, v)
    """
    __tracebackhide__ = True
    kind = _check_same_kind(a, b, "assert_chunks_equal")
    left, right = _named_variables(a, kind), _named_variables(b, kind)
    if list(left) != list(right):
        raise AssertionError(
            f"assert_chunks_equal: the objects hold different variables: "
            f"left {format_names(left)}; right {format_names(right)}"
        )
    problems = [
        f"    {name}: {_chunks(left[name])} != {_chunks(right[name])}"
        for name in left
        if _chunks(left[name]) != _chunks(right[name])
    ]
    if problems:
        raise AssertionError(
            "Left and right objects have different chunks:\n" + "\n".join(problems)
        )


def _duckarray_message(
    x: Any, y: Any, compat: str, err_msg: str, verbose: bool, **kwargs: Any
) -> str:
    xv, yv = to_numpy(x), to_numpy(y)
    if xv.ndim == 0 and yv.ndim > 0:
        xv = np.broadcast_to(xv, yv.shape)
    elif yv.ndim == 0 and xv.ndim > 0:
        yv = np.broadcast_to(yv, xv.shape)
    word = "equal" if compat == "equals" else "close"
    header = f"Left and right arrays are not {word}" + (f": {err_msg}" if err_msg else "")
    if xv.shape != yv.shape:
        return f"{header}\nDiffering shapes: {xv.shape} != {yv.shape}"
    mask = values_mismatch(xv, yv, compat, **kwargs)
    if not mask.any():
        return ""
    lines = [
        header,
        f"Values differ at {int(mask.sum())} of {mask.size} positions; first: "
        + "; ".join(
            f"{tuple(int(i) for i in p)} {format_item(xv[tuple(p)])} != {format_item(yv[tuple(p)])}"
            for p in np.argwhere(mask)[:5]
        ),
    ]
    if verbose:
        lines += [f"L   {format_array_flat(xv, 76)}", f"R   {format_array_flat(yv, 76)}"]
    return "\n".join(lines)


def assert_duckarray_equal(x: Any, y: Any, err_msg: str = "", verbose: bool = True) -> None:
    """Assert that two duck arrays (NumPy, Dask, ...) are equal, NaN equal to NaN; a scalar is
    compared with every element of an array.

    Examples
    --------
    >>> assert_duckarray_equal(np.array([1.0, np.nan]), np.array([1.0, np.nan]))
    """
    __tracebackhide__ = True
    message = _duckarray_message(x, y, "equals", err_msg, verbose)
    if message:
        raise AssertionError(message)


def assert_duckarray_allclose(
    actual: Any,
    desired: Any,
    rtol: float = 1e-07,
    atol: float = 0,
    err_msg: str = "",
    verbose: bool = True,
) -> None:
    """Assert that two duck arrays are equal within ``atol + rtol * |desired|``.

    Examples
    --------
    >>> assert_duckarray_allclose(np.array([1.0]), np.array([1.0 + 1e-9]))
    """
    __tracebackhide__ = True
    message = _duckarray_message(
        actual, desired, "allclose", err_msg, verbose, rtol=rtol, atol=atol
    )
    if message:
        raise AssertionError(message)


# --------------------------------------------------------------------------- invariants


def _fail(message: str) -> None:
    raise AssertionError(f"internal invariant violated: {message}")


def _assert_variable_invariants(var: Any, name: Hashable | None = None) -> None:
    where = f"variable {name!r}" if name is not None else "Variable"
    dims = getattr(var, "_dims", var.dims)
    if not isinstance(dims, tuple):
        _fail(f"{where} has dims of type {type(dims).__name__}; expected a tuple")
    data = getattr(var, "_data", var.data)
    shape = tuple(np.shape(data)) if not hasattr(data, "shape") else tuple(data.shape)
    if len(shape) != len(dims):
        _fail(f"{where} has dims {dims} but its data has {len(shape)} dimension(s), shape {shape}")
    for attr in ("_attrs", "_encoding"):
        value = getattr(var, attr, None)
        if value is not None and not isinstance(value, dict):
            _fail(f"{where}.{attr} is a {type(value).__name__}; expected a dict or None")


def _assert_index_invariants(
    indexes: Mapping[Hashable, Any], coords: Mapping[Hashable, Any], where: str
) -> None:
    """Each index's coordinates exist, are keyed to the same index, and hold its values."""
    for name in indexes:
        if name not in coords:
            _fail(
                f"{where} has an index for {name!r} but no coordinate {name!r}; "
                f"coordinates: {format_names(coords)}"
            )
    checked: set[int] = set()
    for index in indexes.values():
        if id(index) in checked or not hasattr(index, "create_variables"):
            continue
        checked.add(id(index))
        try:
            index_vars = index.create_variables()
        except NotImplementedError:
            continue
        for coord_name, index_var in index_vars.items():
            if coord_name not in coords:
                _fail(
                    f"index {type(index).__name__} of {where} creates coordinate "
                    f"{coord_name!r}, which is missing"
                )
            if indexes.get(coord_name) is not index:
                _fail(
                    f"coordinate {coord_name!r} of {where} is not keyed to the index "
                    f"{type(index).__name__} that creates it"
                )
            coord = getattr(coords[coord_name], "variable", coords[coord_name])
            if tuple(coord.dims) != tuple(index_var.dims):
                _fail(
                    f"coordinate {coord_name!r} of {where} has dims {tuple(coord.dims)} but "
                    f"its index has dims {tuple(index_var.dims)}"
                )
            left, right = to_numpy(coord.data), to_numpy(index_var.data)
            if left.shape != right.shape or values_mismatch(left, right).any():
                _fail(
                    f"coordinate {coord_name!r} of {where} holds "
                    f"{format_array_flat(left, 40)} but its index holds "
                    f"{format_array_flat(right, 40)}"
                )


def _collect_dims(variables: Mapping[Hashable, Any], where: str) -> dict[Hashable, int]:
    sizes: dict[Hashable, int] = {}
    owner: dict[Hashable, Hashable] = {}
    for name, var in variables.items():
        for dim, size in zip(var.dims, var.shape, strict=False):
            if dim in sizes and sizes[dim] != size:
                _fail(
                    f"dimension {dim!r} of {where} has size {sizes[dim]} in variable "
                    f"{owner[dim]!r} but size {size} in variable {name!r}"
                )
            sizes.setdefault(dim, size)
            owner.setdefault(dim, name)
    return sizes


def _assert_dataarray_invariants(da: Any) -> None:
    var = getattr(da, "_variable", da.variable)
    _assert_variable_invariants(var, getattr(da, "name", None))
    coords = getattr(da, "_coords", None)
    if coords is None:
        coords = {k: getattr(v, "variable", v) for k, v in da.coords.items()}
    da_sizes = dict(zip(var.dims, var.shape, strict=False))
    for name, coord in coords.items():
        _assert_variable_invariants(coord, name)
        for dim, size in zip(coord.dims, coord.shape, strict=False):
            if dim not in da_sizes:
                _fail(
                    f"coordinate {name!r} has dimension {dim!r}, which the DataArray does not "
                    f"have; DataArray dimensions: {format_names(da_sizes)}"
                )
            if da_sizes[dim] != size:
                _fail(
                    f"coordinate {name!r} has size {size} along {dim!r} but the DataArray "
                    f"has size {da_sizes[dim]}"
                )
    indexes = getattr(da, "_indexes", None)
    if indexes is None:
        indexes = dict(getattr(da, "xindexes", {}).items())
    _assert_index_invariants(indexes, coords, "the DataArray")


def _assert_dataset_invariants(ds: Any) -> None:
    variables = ds._variables
    if not isinstance(variables, dict):
        _fail(f"Dataset._variables is a {type(variables).__name__}; expected a dict")
    for name, var in variables.items():
        _assert_variable_invariants(var, name)
    extra = [c for c in ds._coord_names if c not in variables]
    if extra:
        _fail(
            f"coordinate names {format_names(extra)} are not variables of the Dataset; "
            f"variables: {format_names(variables)}"
        )
    sizes = _collect_dims(variables, "the Dataset")
    declared = getattr(ds, "_dims", None)
    if declared is None:
        declared = ds.sizes
    if dict(declared) != sizes:
        _fail(
            f"Dataset dims ({', '.join(f'{k}: {v}' for k, v in dict(declared).items())}) do "
            f"not match its variables ({', '.join(f'{k}: {v}' for k, v in sizes.items())})"
        )
    indexes = getattr(ds, "_indexes", None)
    if indexes is None:
        indexes = dict(getattr(ds, "xindexes", {}).items())
    not_coords = [k for k in indexes if k in variables and k not in ds._coord_names]
    if not_coords:
        _fail(f"indexed variables {format_names(not_coords)} are not coordinates of the Dataset")
    coords = {k: variables[k] for k in ds._coord_names}
    _assert_index_invariants(indexes, coords, "the Dataset")


def _assert_internal_invariants(obj: Any) -> None:
    """Check the internal consistency of a Variable, DataArray or Dataset.

    Variables: ``dims`` is a tuple as long as the data's ``ndim``; ``attrs``/``encoding`` are
    dicts or None. DataArrays: coordinates use only the array's dimensions, with the same sizes.
    Datasets: coordinate names are variables; the declared dims match the variables' shapes.
    Both: every index's coordinates exist, are keyed to that index and have its dims and values.

    Raises
    ------
    AssertionError
        Naming the broken invariant and the offending variable or dimension.
    """
    __tracebackhide__ = True
    kind = _kind(obj)
    if kind == "Dataset":
        _assert_dataset_invariants(obj)
    elif kind == "DataArray":
        _assert_dataarray_invariants(obj)
    elif kind == "Variable":
        _assert_variable_invariants(obj)
    else:
        raise AssertionError(
            f"cannot check the invariants of a {type(obj).__name__}; expected a labarray "
            "Variable, DataArray or Dataset"
        )
