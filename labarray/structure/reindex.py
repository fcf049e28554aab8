"""Variable-level machinery of alignment: gathering variables along positional indexers
(``-1`` = fill) and broadcasting them to common dimensions.

Everything here works on plain ``{name: Variable}`` dicts, so that the façade
(``DataArray``/``Dataset``) and :mod:`labarray.structure.align` can share it without either
importing the other.

``dim_pos_indexers`` map a dimension to an integer array of positions into the *old* variable;
``-1`` means "this label is missing from the old index: fill it" (see ``Index.reindex_like``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from labarray.kernels.join import take_nd_many
from labarray.kernels.take import NA

if TYPE_CHECKING:
    from labarray.variable import Variable

__all__ = ["broadcast_variables_to", "reindex_variables"]


def _needs_masking(indexer: np.ndarray) -> bool:
    return bool(indexer.size) and bool((indexer < 0).any())


def _is_identity(indexer: np.ndarray, size: int | None) -> bool:
    return (
        size is not None
        and indexer.ndim == 1
        and indexer.shape[0] == size
        and bool(np.array_equal(indexer, np.arange(size)))
    )


def reindex_variables(
    variables: Mapping[Hashable, Variable],
    dim_pos_indexers: Mapping[Hashable, Any],
    fill_value: Any = NA,
    exclude_vars: Iterable[Hashable] = frozenset(),
    copy: bool = True,
) -> dict[Hashable, Variable]:
    """Gather every variable along ``dim_pos_indexers``, filling where an indexer holds ``-1``.

    Parameters
    ----------
    variables
        The variables to reindex, by name.
    dim_pos_indexers
        ``{dim: integer array}`` of positions into the old dimension; ``-1`` marks a label absent
        from the old index, whose values become ``fill_value``.
    fill_value
        Scalar, or dict ``{variable name: scalar}`` (variables not in the dict use :data:`NA`).
        :data:`~labarray.kernels.take.NA` means the dtype's missing value (NaN, NaT; see
        :func:`labarray.kernels.take.maybe_promote`).
    exclude_vars
        Names of variables passed through without reindexing.
    copy
        Whether variables that need no reindexing are deep-copied (otherwise shallow copies
        sharing data are returned). Reindexed variables always hold new data.

    Returns
    -------
    dict
        ``{name: Variable}`` in the input order. In-memory NumPy data are gathered along all
        their reindexed dims in one pass by :func:`labarray.kernels.join.take_nd`; other data
        use plain ``isel`` when no fill is needed and ``Variable._getitem_with_mask`` otherwise
        (lazy Dask data stay lazy, chunk by chunk). The dtype is promoted only when a fill is
        needed and the fill value does not fit (see :func:`labarray.kernels.take.result_dtype`):
        integers stay integers when every label is found.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> v = Variable("x", np.array([10, 20, 30]))
    >>> reindex_variables({"a": v}, {"x": np.array([2, 0])})["a"].values
    array([30, 10])
    >>> reindex_variables({"a": v}, {"x": np.array([2, -1])})["a"].values
    array([30., nan])
    """
    exclude_vars = frozenset(exclude_vars)
    indexers = {}
    for dim, ix in dim_pos_indexers.items():
        ix = np.asarray(ix)
        if ix.size == 0:
            ix = ix.astype(np.intp)
        indexers[dim] = ix
        if ix.ndim != 1 or ix.dtype.kind not in "iu":
            raise TypeError(
                f"positional indexer for dimension {dim!r} must be a 1-D integer array; "
                f"got {ix.ndim}-D array of dtype {ix.dtype}"
            )
    masked_dims = {dim for dim, ix in indexers.items() if _needs_masking(ix)}

    new_variables: dict[Hashable, Variable] = {}
    # in-memory variables are gathered together at the end: results of equal shape and dtype
    # share one allocation (far fewer page faults than one allocation per variable)
    gathered: list[tuple[Hashable, Variable, dict[int, np.ndarray], Any]] = []
    for name, var in variables.items():
        var_indexers = {}
        if name not in exclude_vars:
            for dim, size in zip(var.dims, var.shape, strict=True):
                if dim in indexers and (
                    dim in masked_dims or not _is_identity(indexers[dim], size)
                ):
                    var_indexers[dim] = indexers[dim]
        if not var_indexers:
            new_variables[name] = var.copy(deep=copy)
            continue
        fill = fill_value.get(name, NA) if isinstance(fill_value, Mapping) else fill_value
        if isinstance(var._data, np.ndarray):
            # in memory: one pass of the numba gather over every reindexed dimension
            axes = {var.dims.index(dim): ix for dim, ix in var_indexers.items()}
            new_variables[name] = var  # placeholder: keeps the input order
            gathered.append((name, var, axes, fill))
            continue
        if not any(dim in masked_dims for dim in var_indexers):
            new_variables[name] = var.isel(var_indexers)
            continue
        key = tuple(var_indexers.get(dim, slice(None)) for dim in var.dims)
        new_variables[name] = var._getitem_with_mask(key, fill_value=fill)
    if gathered:
        datas = take_nd_many(
            [var._data for _, var, _, _ in gathered],
            [axes for _, _, axes, _ in gathered],
            [fill for _, _, _, fill in gathered],
        )
        for (name, var, _, _), data in zip(gathered, datas, strict=True):
            new_variables[name] = var._replace(data=data)
    return new_variables


def broadcast_variables_to(
    variables: Mapping[Hashable, Variable],
    dims_map: Mapping[Hashable, int],
    exclude: Iterable[Hashable] = frozenset(),
) -> dict[Hashable, Variable]:
    """Give every variable all the dimensions of ``dims_map`` (except excluded ones).

    Every result has the dimensions of ``dims_map`` in that order (a variable's own dimensions
    are transposed to it), followed by the variable's excluded dimensions in their original
    order. Excluded dimensions keep the variable's own size and are never added to a variable
    that lacks them. Data are broadcast without copying (read-only views for NumPy, lazily for
    Dask); a variable that already has the target dimensions is returned as is.

    Parameters
    ----------
    variables
        ``{name: Variable}`` to broadcast.
    dims_map
        ``{dim: size}`` of the target; ordered.
    exclude
        Dimensions that are not broadcast.

    Returns
    -------
    dict
        ``{name: Variable}`` in the input order.

    Examples
    --------
    >>> from labarray.variable import Variable
    >>> v = Variable("y", np.array([1, 2]))
    >>> broadcast_variables_to({"v": v}, {"x": 3, "y": 2})["v"].dims
    ('x', 'y')
    >>> w = Variable(("t", "y"), np.zeros((4, 2)))
    >>> broadcast_variables_to({"w": w}, {"y": 2, "x": 3}, exclude={"t"})["w"].dims
    ('y', 'x', 't')
    """
    exclude = frozenset(exclude)
    out: dict[Hashable, Variable] = {}
    for name, var in variables.items():
        for dim, size in zip(var.dims, var.shape, strict=True):
            if dim not in exclude and dim in dims_map and dims_map[dim] != size:
                raise ValueError(
                    f"cannot broadcast variable {name!r}: dimension {dim!r} has size {size} "
                    f"but the target size is {dims_map[dim]}"
                )
        target = {d: size for d, size in dims_map.items() if d not in exclude}
        target.update(
            (d, size) for d, size in zip(var.dims, var.shape, strict=True) if d not in target
        )
        if tuple(target) == tuple(var.dims):
            out[name] = var
            continue
        out[name] = var.set_dims(target)
    return out
