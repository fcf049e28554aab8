"""Stacking and unstacking dimensions: the machinery of ``stack``, ``unstack``,
``to_stacked_array``, ``to_unstacked_dataset`` and ``reorder_levels``.

Variables are stacked by moving the stacked dimensions last (in the requested order) and
reshaping them into one; the new dimension is appended after the others, as in xarray.
Unstacking is the inverse: the multi-index of the dimension gives, for every position, its
place in the full product of the levels; when the product is complete and in order the data is
just reshaped, otherwise it is gathered with ``-1`` (missing) positions filled
(:meth:`Variable._getitem_with_mask`, lazily on Dask) and then reshaped. The dtype is promoted
only when a fill is actually needed.

Functions here work on the internals of a Dataset (``_variables``, ``_coord_names``,
``_indexes``) and build results with ``ds._replace_with_new_dims``; they never import the
façade classes.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labarray.indexes import PandasIndex, PandasMultiIndex
from labarray.indexes.base import Index
from labarray.kernels.take import NA
from labarray.utils.dims import check_dims_exist, either_dict_or_kwargs
from labarray.utils.frozen import is_dict_like
from labarray.utils.suggest import format_names, missing_names_message
from labarray.variable import Variable

__all__ = [
    "normalize_stack_dims",
    "reorder_levels_dataset",
    "stack_dataset",
    "stack_variable",
    "stacked_array_parts",
    "unstack_dataset",
    "unstack_variable",
    "unstacked_dataset_parts",
]


# -- Variables -----------------------------------------------------------------------------


def stack_variable(var: Variable, dims: Sequence[Hashable], new_dim: Hashable) -> Variable:
    """Merge ``dims`` of ``var`` (all present) into one new last dimension ``new_dim``.

    Examples
    --------
    >>> v = Variable(("x", "y"), np.arange(6).reshape(2, 3))
    >>> stack_variable(v, ["x", "y"], "z").dims
    ('z',)
    """
    if new_dim in var.dims:
        raise ValueError(
            f"cannot stack into dimension {new_dim!r}: a dimension of that name already exists "
            f"(dimensions: {format_names(var.dims)})"
        )
    check_dims_exist(dims, var.dims, "the variable to stack")
    other = [d for d in var.dims if d not in dims]
    reordered = var.transpose(*other, *dims)
    sizes = reordered.shape[len(other):]
    shape = reordered.shape[: len(other)] + (math.prod(sizes),)
    data = reordered.data.reshape(shape)
    return Variable._from_parts((*other, new_dim), data, var._attrs, var._encoding)


def unstack_variable(
    var: Variable,
    dim: Hashable,
    new_sizes: Mapping[Hashable, int],
    positions: np.ndarray | None = None,
    fill_value: Any = NA,
) -> Variable:
    """Split dimension ``dim`` of ``var`` into new last dimensions ``new_sizes``.

    Parameters
    ----------
    var : Variable
        Has dimension ``dim``.
    dim : hashable
        The dimension to split.
    new_sizes : mapping of hashable to int
        The new dimensions and their sizes, in order (C order of the product).
    positions : numpy.ndarray, optional
        For each element along ``dim``, its flat position in the product of ``new_sizes``.
        ``None`` means ``dim`` already holds the complete product in order.
    fill_value : scalar, default: NA
        Value of the product positions that no element fills (``NA``: the dtype's missing
        value, promoting integers to float only when a fill is needed).

    Examples
    --------
    >>> v = Variable("z", [1, 2, 3])
    >>> unstack_variable(v, "z", {"x": 2, "y": 2}, np.array([0, 1, 3])).values
    array([[ 1.,  2.],
           [nan,  3.]])
    """
    size = math.prod(new_sizes.values())
    reordered = var.transpose(*[d for d in var.dims if d != dim], dim)
    n_other = var.ndim - 1
    if positions is not None and not (
        len(positions) == size and np.array_equal(positions, np.arange(size))
    ):
        gather = np.full(size, -1, dtype=np.intp)
        gather[positions] = np.arange(len(positions))
        reordered = reordered._getitem_with_mask(
            (slice(None),) * n_other + (gather,), fill_value
        )
    data = reordered.data.reshape(reordered.shape[:n_other] + tuple(new_sizes.values()))
    dims = reordered.dims[:n_other] + tuple(new_sizes)
    return Variable._from_parts(dims, data, var._attrs, var._encoding)


# -- argument handling ---------------------------------------------------------------------


def normalize_stack_dims(
    dim: Mapping[Any, Sequence[Hashable]] | None,
    dim_kwargs: Mapping[str, Sequence[Hashable]],
    existing: Sequence[Hashable],
) -> dict[Hashable, tuple[Hashable, ...]]:
    """``{new_dim: (dims to stack, ...)}`` from the arguments of ``stack``; ``...`` expands.

    Examples
    --------
    >>> normalize_stack_dims({"z": ["x", ...]}, {}, ["x", "y", "t"])
    {'z': ('x', 'y', 't')}
    """
    dimensions = either_dict_or_kwargs(dim, dim_kwargs, "stack")
    if not dimensions:
        raise ValueError(
            "stack needs at least one new dimension, e.g. stack(z=('x', 'y')); existing "
            f"dimensions: {format_names(existing)}"
        )
    result: dict[Hashable, tuple[Hashable, ...]] = {}
    for new_dim, dims in dimensions.items():
        if dims is ...:
            raise ValueError(
                f"stack({new_dim}=...) is ambiguous; use [...] to stack every dimension"
            )
        if isinstance(dims, str) or not isinstance(dims, Iterable):
            dims = [dims]
        dims = list(dims)
        if ... in dims:
            if dims.count(...) > 1:
                raise ValueError(f"an ellipsis (...) may appear only once in stack({new_dim}=...)")
            named = [d for d in dims if d is not ...]
            rest = [d for d in existing if d not in named]
            at = dims.index(...)
            dims = named[:at] + rest + named[at:]
        if len(set(dims)) != len(dims):
            raise ValueError(f"dimensions given more than once in stack({new_dim}={dims})")
        result[new_dim] = tuple(dims)
    return result


# -- Datasets: stack -----------------------------------------------------------------------


def _single_index_of(
    ds: Any, dim: Hashable, *, create_index: bool | None
) -> dict[Hashable, Variable] | None:
    """The coordinate of the single-coordinate index along ``dim`` (``{name: var}``).

    With ``create_index=True`` a dimension without one gets its dimension coordinate (or the
    positions ``0..n-1``) as level; ``None`` means "no single index found".
    """
    xindexes = ds.xindexes
    found: Index | None = None
    coords: dict[Hashable, Variable] = {}
    for name, index in ds._indexes.items():
        var = ds._variables[name]
        if var.ndim == 1 and var.dims[0] == dim and not xindexes.is_multi(name):
            if found is not None and index is not found:
                if create_index:
                    raise ValueError(
                        f"cannot stack dimension {dim!r} with create_index=True: it has more "
                        f"than one index ({format_names([*coords, name])})"
                    )
                return None
            found = index
            coords[name] = var
    if found is not None:
        return coords
    if not create_index:
        return None
    if dim in ds._variables:
        return {dim: ds._variables[dim]}
    return {dim: Variable((dim,), np.arange(ds.sizes[dim]))}


def _stack_once(
    ds: Any, dims: tuple[Hashable, ...], new_dim: Hashable, create_index: bool | None,
    index_cls: type[Index],
) -> Any:
    sizes = ds.sizes
    check_dims_exist(dims, list(sizes), "the object to stack")
    if new_dim in sizes:
        raise ValueError(
            f"cannot stack into dimension {new_dim!r}: a dimension of that name already exists "
            f"(dimensions: {format_names(sizes)}); choose another name"
        )
    if new_dim in ds._variables:
        raise ValueError(
            f"cannot stack into dimension {new_dim!r}: a variable or coordinate of that name "
            "already exists; drop or rename it first"
        )
    variables: dict[Hashable, Variable] = {}
    stacked: list[Hashable] = []
    for name, var in ds._variables.items():
        if any(d in var.dims for d in dims):
            missing = [d for d in dims if d not in var.dims]
            if missing:
                var = var.set_dims([*var.dims, *missing], [*var.shape, *(sizes[d] for d in missing)])
            variables[name] = stack_variable(var, dims, new_dim)
            stacked.append(name)
        else:
            variables[name] = var
    xindexes = ds.xindexes
    drop: set[Hashable] = set()
    for name in stacked:
        drop.update(xindexes.get_all_coords(name, errors="ignore"))
    indexes = {k: v for k, v in ds._indexes.items() if k not in drop}
    coord_names = set(ds._coord_names)
    if create_index or create_index is None:
        product: dict[Hashable, Variable] = {}
        for d in dims:
            found = _single_index_of(ds, d, create_index=create_index)
            if found:
                product.update(found)
        if len(product) == len(dims):
            index = index_cls.stack(product, new_dim)
            index_vars = index.create_variables(product)
            for k in index_vars:
                variables.pop(k, None)
            variables.update(index_vars)
            indexes.update(dict.fromkeys(index_vars, index))
            coord_names.update(index_vars)
    return ds._replace_with_new_dims(variables, coord_names, indexes=indexes)


def stack_dataset(
    ds: Any,
    dimensions: Mapping[Hashable, tuple[Hashable, ...]],
    create_index: bool | None = True,
    index_cls: type[Index] = PandasMultiIndex,
) -> Any:
    """Stack each ``{new_dim: dims}`` of ``dimensions`` in turn (see ``Dataset.stack``).

    Variables holding some of the dims are broadcast against the missing ones and stacked; the
    new dimension comes last. With ``create_index`` (``True``: always, ``None``: when every
    stacked dimension has a single index, ``False``: never) the stacked dimension coordinates
    become the levels of an ``index_cls`` index (default :class:`PandasMultiIndex`).
    """
    for new_dim, dims in dimensions.items():
        ds = _stack_once(ds, dims, new_dim, create_index, index_cls)
    return ds


# -- Datasets: unstack ---------------------------------------------------------------------


def _stacked_index_of(ds: Any, dim: Hashable) -> tuple[Index, dict[Hashable, Variable]] | None:
    for name, index in ds._indexes.items():
        var = ds._variables[name]
        if var.ndim == 1 and var.dims[0] == dim and type(index).unstack is not Index.unstack:
            return index, ds.xindexes.get_all_coords(name)
    return None


def _duplicates_message(dim: Hashable, index: pd.MultiIndex) -> str:
    duplicated = index[index.duplicated()]
    first = duplicated[0]
    count = list(index).count(first)
    if isinstance(first, tuple):
        first = tuple(v.item() if isinstance(v, np.generic) else v for v in first)
    return (
        f"cannot unstack dimension {dim!r}: its multi-index has {len(duplicated)} duplicate "
        f"entr{'y' if len(duplicated) == 1 else 'ies'}, e.g. {first!r} (appears {count} times); "
        f"remove them first, e.g. with .drop_duplicates({dim!r})"
    )


def _unstack_once(
    ds: Any, dim: Hashable, index: Index, index_vars: Mapping[Hashable, Variable],
    fill_value: Any, sparse: bool,
) -> Any:
    pandas_index = index.to_pandas_index() if isinstance(index, PandasIndex) else None
    if isinstance(pandas_index, pd.MultiIndex):
        clean = pandas_index.remove_unused_levels()
        if not clean.is_unique:
            raise ValueError(_duplicates_message(dim, clean))
    new_indexes, clean = index.unstack()
    new_sizes = {name: len(level) for name, level in zip(clean.names, clean.levels, strict=True)}
    conflicts = [n for n in new_sizes if n in ds.sizes and n != dim]
    if conflicts:
        raise ValueError(
            f"cannot unstack dimension {dim!r}: its level(s) {format_names(conflicts)} would "
            "become dimensions that already exist; rename them first"
        )
    codes = [np.asarray(c, dtype=np.intp) for c in clean.codes]
    positions = (
        np.ravel_multi_index(codes, tuple(new_sizes.values())) if codes and len(codes[0])
        else np.zeros(0, dtype=np.intp)
    )
    variables: dict[Hashable, Variable] = {}
    for level_index in dict.fromkeys(new_indexes.values()):
        variables.update(level_index.create_variables(index_vars))
    for name, var in ds._variables.items():
        if name in index_vars:
            continue
        if dim in var.dims:
            fill = fill_value.get(name, NA) if is_dict_like(fill_value) else fill_value
            result = unstack_variable(var, dim, new_sizes, positions, fill)
            variables[name] = _as_sparse(result, fill) if sparse else result
        else:
            variables[name] = var
    indexes = {k: v for k, v in ds._indexes.items() if k not in index_vars}
    indexes.update(new_indexes)
    coord_names = (set(ds._coord_names) - set(index_vars)) | set(new_indexes)
    return ds._replace_with_new_dims(variables, coord_names, indexes=indexes)


def _as_sparse(var: Variable, fill_value: Any) -> Variable:
    try:
        import sparse
    except ImportError:
        raise ImportError(
            "unstack(sparse=True) needs the 'sparse' package: pip install sparse"
        ) from None
    data = var.data
    fill = np.nan if fill_value is NA else fill_value
    return var._replace(data=sparse.COO.from_numpy(np.asarray(data), fill_value=fill))


def unstack_dataset(
    ds: Any, dim: Hashable | Iterable[Hashable] | None = None, fill_value: Any = NA,
    sparse: bool = False,
) -> Any:
    """Unstack the multi-indexed dimension(s) ``dim`` (all of them when ``None``).

    ``fill_value`` may be a dict ``{variable: value}`` (missing names use ``NA``).
    """
    existing = list(ds.sizes)
    if dim is None:
        dims = existing
    elif isinstance(dim, str) or not isinstance(dim, Iterable):
        dims = [dim]
    else:
        dims = list(dim)
    check_dims_exist(dims, existing, "the object to unstack")
    if sparse:
        try:
            import sparse as _sparse  # noqa: F401
        except ImportError:
            raise ImportError(
                "unstack(sparse=True) needs the 'sparse' package: pip install sparse"
            ) from None
    found = {d: _stacked_index_of(ds, d) for d in dims}
    if dim is not None:
        bad = [d for d, f in found.items() if f is None]
        if bad:
            stacked = [d for d in existing if _stacked_index_of(ds, d) is not None]
            raise ValueError(
                f"cannot unstack dimension{'s' if len(bad) > 1 else ''} "
                f"{', '.join(repr(b) for b in bad)}: no multi-index along "
                f"{'them' if len(bad) > 1 else 'it'}; dimensions with a multi-index: "
                f"{format_names(stacked)}"
            )
    for d, f in found.items():
        if f is not None:
            ds = _unstack_once(ds, d, f[0], f[1], fill_value, sparse)
    return ds


# -- reorder_levels ------------------------------------------------------------------------


def reorder_levels_dataset(
    ds: Any, dim_order: Mapping[Any, Sequence[Hashable]] | None,
    dim_order_kwargs: Mapping[str, Sequence[Hashable]],
) -> Any:
    """Reorder the levels of the multi-index of each dimension of ``dim_order``."""
    dim_order = either_dict_or_kwargs(dim_order, dim_order_kwargs, "reorder_levels")
    variables = dict(ds._variables)
    indexes = dict(ds._indexes)
    for dim, order in dim_order.items():
        index = ds._indexes.get(dim)
        if not isinstance(index, PandasMultiIndex):
            with_mi = [k for k, v in ds._indexes.items() if isinstance(v, PandasMultiIndex)
                       and k == v.dim]
            if dim not in ds._coord_names:
                raise ValueError(
                    missing_names_message("coordinate", [dim], sorted(ds._coord_names, key=str))
                    + f"; coordinates with a multi-index: {format_names(with_mi)}"
                )
            raise ValueError(
                f"coordinate {dim!r} has no multi-index, so its levels cannot be reordered; "
                f"coordinates with a multi-index: {format_names(with_mi)}"
            )
        if isinstance(order, str):
            order = [order]
        unknown = [k for k in order if k not in index.level_names]
        if unknown:
            raise ValueError(
                missing_names_message("level", unknown, index.level_names,
                                      f"the multi-index of {dim!r}")
            )
        level_vars = {k: ds._variables[k] for k in order}
        new_index = index.reorder_levels(level_vars)
        new_vars = new_index.create_variables(level_vars)
        for k in new_vars:
            variables.pop(k, None)
        variables.update(new_vars)
        indexes.update(dict.fromkeys(new_vars, new_index))
    return ds._replace(variables, indexes=indexes)


# -- to_stacked_array / to_unstacked_dataset -----------------------------------------------


def stacked_array_parts(
    ds: Any, new_dim: Hashable, sample_dims: Sequence[Hashable], variable_dim: Hashable,
    data_name: Hashable,
) -> list[Any]:
    """One single-variable Dataset per data variable of ``ds``, ready to stack.

    Each holds its variable (renamed ``data_name``) expanded to every stacking dimension of
    ``ds`` (those not in ``sample_dims``; length-1 with a ``None`` label where it lacks one)
    plus ``variable_dim`` labelled with the variable's name, and is then stacked into
    ``new_dim`` over ``(variable_dim, *stacking_dims)``. Concatenating the parts along
    ``new_dim`` gives the stacked array.
    """
    if isinstance(sample_dims, str) or not isinstance(sample_dims, Iterable):
        sample_dims = [sample_dims]
    sample_dims = list(sample_dims)
    check_dims_exist(sample_dims, list(ds.sizes), "the Dataset (sample_dims)")
    if variable_dim in ds.sizes or variable_dim in ds._variables:
        raise ValueError(
            f"variable_dim {variable_dim!r} already exists in the Dataset; choose another name"
        )
    data_vars = [k for k in ds._variables if k not in ds._coord_names]
    if not data_vars:
        raise ValueError("to_stacked_array needs a Dataset with at least one data variable")
    stacking_dims = tuple(d for d in ds.sizes if d not in sample_dims)
    parts = []
    for name in data_vars:
        var = ds._variables[name]
        missing_samples = [d for d in sample_dims if d not in var.dims]
        if missing_samples:
            raise ValueError(
                f"every data variable must have all sample_dims {tuple(sample_dims)}, but "
                f"{name!r} (dimensions {var.dims}) lacks {format_names(missing_samples)}"
            )
        part = ds._copy_listed([name])
        new_dims = [variable_dim, *(d for d in stacking_dims if d not in var.dims)]
        variables = dict(part._variables)
        for d in new_dims:
            # the variable name (a NumPy string when it is a str), or a missing label
            label = name if d == variable_dim else None
            dtype = None if isinstance(label, str) else object
            variables[d] = Variable((d,), np.array([label], dtype=dtype))
        del variables[name]
        variables[data_name] = var.set_dims([*new_dims, *var.dims])
        indexes = dict(part._indexes)
        for d in new_dims:
            index = PandasIndex.from_variables({d: variables[d]}, options={})
            variables.update(index.create_variables({d: variables[d]}))
            indexes[d] = index
        part = part._replace_with_new_dims(
            variables, set(part._coord_names) | set(new_dims), indexes=indexes
        )
        parts.append(stack_dataset(part, {new_dim: (variable_dim, *stacking_dims)}))
    return parts


def unstacked_dataset_parts(
    obj: Any, dim: Hashable, level: int | Hashable = 0
) -> dict[Hashable, Any]:
    """``{label: selection}`` for each label of ``level`` of the multi-index of ``dim``."""
    index = obj._indexes.get(dim)
    pandas_index = index.to_pandas_index() if isinstance(index, PandasIndex) else None
    if not isinstance(pandas_index, pd.MultiIndex):
        stacked = [k for k, v in obj._indexes.items() if isinstance(v, PandasMultiIndex)
                   and k == v.dim]
        raise ValueError(
            f"{dim!r} is not a stacked coordinate (no multi-index); stacked coordinates: "
            f"{format_names(stacked)}"
        )
    names = list(pandas_index.names)
    if isinstance(level, int) and not isinstance(level, bool) and level not in names:
        if not -len(names) <= level < len(names):
            raise ValueError(
                f"level {level} is out of range for the multi-index of {dim!r} with "
                f"{len(names)} levels ({format_names(names)})"
            )
        level_number = level % len(names)
    elif level in names:
        level_number = names.index(level)
    else:
        raise ValueError(missing_names_message("level", [level], names,
                                               f"the multi-index of {dim!r}"))
    variable_dim = names[level_number]
    labels = pandas_index.levels[level_number]
    return {
        label: obj.sel({variable_dim: label}, drop=True).squeeze(drop=True)
        for label in labels
    }
