"""Concatenating Datasets or DataArrays along an existing or a new dimension.

Machinery only: objects are recognised by duck typing and results are built with their own
constructors (``_construct_direct``, ``_to_temp_dataset``/``_from_temp_dataset``).

How :func:`concat` works on Datasets:

1. The objects are aligned on every dimension except the concatenated one (``join``).
2. The variables to concatenate are those with the dimension, plus those selected by
   ``data_vars``/``coords`` ("all", "different": those that differ between objects, "minimal",
   or a list); every other variable is merged with ``compat`` (see
   :func:`labarray.structure.merge.merge_sourced`).
3. Indexed coordinates along the dimension are joined with ``Index.concat`` (their values are
   not read again); other variables go through ``concat_variables`` (NumPy or Dask, whichever
   the inputs are: one Dask input makes the result lazy). A data variable missing from some
   objects is filled with ``fill_value`` there.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labarray.indexes import Index, PandasIndex, safe_cast_to_index
from labarray.kernels.take import NA
from labarray.structure.aligner import Aligner, _check_join
from labarray.structure.merge import (
    COMPAT_OPTIONS,
    CombineAttrs,
    MergeError,
    _compare,
    check_combine_attrs,
    check_compat,
    combine_attrs_dicts,
    is_dataarray_like,
    is_dataset_like,
    merge_sourced,
)
from labarray.structure.reindex import reindex_variables
from labarray.utils.attrs import attrs_equal
from labarray.utils.suggest import format_names
from labarray.variable import Variable, concat_variables

__all__ = ["CONCAT_OPTIONS", "concat"]

CONCAT_OPTIONS = ("all", "minimal", "different")
_CONCAT_COMPAT = tuple(c for c in COMPAT_OPTIONS if c != "minimal")


def _dim_and_index(dim: Any) -> tuple[Hashable, PandasIndex | None, Variable | None]:
    """The name of the concatenated dimension and, for labels given as ``dim``, their index."""
    if isinstance(dim, str):
        return dim, None, None
    if is_dataarray_like(dim) or isinstance(dim, Variable):
        variable = dim.variable if is_dataarray_like(dim) else dim
        if variable.ndim != 1:
            raise ValueError(
                f"the labels given as dim must be 1-dimensional; they have dimensions {variable.dims}"
            )
        (name,) = variable.dims
        index = safe_cast_to_index(variable).rename(name)
        return name, PandasIndex(index, name, coord_dtype=variable.dtype), variable
    if isinstance(dim, pd.Index | np.ndarray | list):
        labels = dim if isinstance(dim, pd.Index) else pd.Index(np.asarray(dim))
        name = labels.name if labels.name is not None else "concat_dim"
        dtype = None if isinstance(dim, pd.Index) else np.asarray(dim).dtype
        return name, PandasIndex(labels.rename(name), name, coord_dtype=dtype), None
    try:
        hash(dim)
    except TypeError:
        raise TypeError(
            f"dim must be a dimension name, a DataArray or a pandas Index of labels; got a "
            f"{type(dim).__name__}"
        ) from None
    return dim, None, None


def _check_option(value: Any, subset: str) -> None:
    if value is None and subset == "data_vars":
        return
    if isinstance(value, str):
        if value not in CONCAT_OPTIONS:
            raise ValueError(
                f"invalid {subset}={value!r}; expected one of {', '.join(map(repr, CONCAT_OPTIONS))} "
                "or a list of variable names"
            )
    elif not isinstance(value, Iterable):
        raise TypeError(f"{subset} must be a string or a list of variable names, got {type(value).__name__}")


def _data_names(ds: Any) -> list[Hashable]:
    return [k for k in ds._variables if k not in ds._coord_names]


def _concat_over(
    datasets: Sequence[Any],
    dim: Hashable,
    data_vars: Any,
    coords: Any,
    compat: str,
) -> tuple[set[Hashable], list[int]]:
    """Names of the variables to concatenate, and each object's length along ``dim``.

    ``datasets`` are aligned (except along ``dim``).
    """
    existing = any(dim in ds._dims for ds in datasets)
    if data_vars is None:
        data_vars = "minimal" if existing else "all"
    if isinstance(data_vars, str) and isinstance(coords, str) and data_vars == coords == "minimal" and not existing:
        raise ValueError(
            f"cannot use data_vars='minimal' with coords='minimal' to concatenate along the new "
            f"dimension {dim!r}: no variable would get it; choose 'all', 'different' or a list"
        )
    concat_over = {k for ds in datasets for k, v in ds._variables.items() if dim in v.dims}
    lengths = [ds._dims.get(dim, 1) for ds in datasets]
    for option, subset in ((data_vars, "data_vars"), (coords, "coords")):
        first_names = _data_names(datasets[0]) if subset == "data_vars" else list(datasets[0]._coord_names)
        if isinstance(option, str):
            if option == "all":
                for ds in datasets:
                    names = _data_names(ds) if subset == "data_vars" else ds._coord_names
                    concat_over.update(k for k in names if k not in ds._dims)
            elif option == "different":
                if compat == "override":
                    raise ValueError(
                        f"cannot combine {subset}='different' with compat='override': 'different' "
                        "compares the variables, 'override' skips the comparison"
                    )
                for name in first_names:
                    if name in concat_over:
                        continue
                    if compat != "identical" and all(name in ds._indexes for ds in datasets):
                        continue  # an index coordinate: equal in every object once they are aligned
                    holders = [i for i, ds in enumerate(datasets) if name in ds._variables]
                    if len(holders) == 1:
                        continue
                    if len(holders) != len(datasets):
                        missing = [i for i in range(len(datasets)) if i not in holders]
                        raise ValueError(
                            f"{name!r} is not present in every object (missing from object(s) "
                            f"{format_names(missing)}) and {subset}='different'; add it where it "
                            f"is missing or pass {subset}='minimal'"
                        )
                    first = datasets[0]._variables[name]
                    if not all(_compare(first, datasets[i]._variables[name], compat) for i in holders[1:]):
                        concat_over.add(name)
        else:
            names = list(option)
            invalid = [k for k in names if k not in first_names]
            if invalid:
                kind = "data variables" if subset == "data_vars" else "coordinates"
                raise ValueError(
                    f"some names in {subset} are not {kind} of the first object: "
                    f"{format_names(invalid)}; it has {kind} {format_names(first_names)}"
                )
            concat_over.update(names)
    return concat_over, lengths


def _common_dims(
    name: Hashable,
    variables: list[tuple[int, Variable]],
    dim: Hashable,
    lengths: Sequence[int],
    sizes: Mapping[Hashable, int],
) -> list[Variable]:
    """Give every piece of variable ``name`` the same dimensions (broadcasting where needed)."""
    common = tuple(dict.fromkeys(d for _, v in variables for d in v.dims))
    if dim not in common:
        common = (dim, *common)
    out = []
    for position, var in variables:
        for d in var.dims:
            if d != dim and var.sizes[d] != sizes.get(d, var.sizes[d]):
                raise ValueError(
                    f"cannot concatenate variable {name!r} along {dim!r}: dimension {d!r} has "
                    f"length {var.sizes[d]} on object {position} but {sizes[d]} elsewhere"
                )
        if var.dims != common:
            shape = tuple(
                var.sizes[d] if d in var.dims else lengths[position] if d == dim else sizes[d]
                for d in common
            )
            var = var.set_dims(common, shape)
        out.append(var)
    return out


def _indexes_of(datasets: Sequence[Any], name: Hashable, dim: Hashable, create_index: bool) -> list[Index]:
    found = []
    for ds in datasets:
        if name in ds._indexes:
            found.append(ds._indexes[name])
        elif name == dim and name in ds._variables and ds._variables[name].ndim == 0 and create_index:
            var = ds._variables[name]
            found.append(PandasIndex(pd.Index(var.set_dims(dim).values, name=name), dim, coord_dtype=var.dtype))
    return found


def _dataset_concat(
    datasets: list[Any],
    dim: Any,
    data_vars: Any,
    coords: Any,
    compat: str,
    positions: Any,
    fill_value: Any,
    join: str,
    combine_attrs: CombineAttrs,
    create_index_for_new_dim: bool,
) -> Any:
    for position, ds in enumerate(datasets):
        if not is_dataset_like(ds):
            raise TypeError(
                f"concat argument {position} is a {type(ds).__name__} but argument 0 is a Dataset; "
                "pass only Datasets or only DataArrays"
            )
    dim_name, dim_index, dim_var = _dim_and_index(dim)
    # the aligned objects are only read here: those that need no reindexing are used as they are
    datasets = list(Aligner(datasets, join=join, copy=None, exclude_dims=[dim_name], fill_value=fill_value).align())
    coord_at: dict[Hashable, int] = {}
    data_at: dict[Hashable, int] = {}
    order: dict[Hashable, None] = {}
    sizes: dict[Hashable, int] = {}
    for position, ds in enumerate(datasets):
        sizes.update(ds._dims)
        order.update(dict.fromkeys(ds._variables))
        for name in ds._variables:
            (coord_at if name in ds._coord_names else data_at).setdefault(name, position)
    both = [k for k in order if k in coord_at and k in data_at]
    if both:
        name = both[0]
        raise ValueError(
            f"{name!r} is a coordinate on object {coord_at[name]} but a data variable on object "
            f"{data_at[name]}; make them agree with set_coords or reset_coords"
        )
    sizes.pop(dim_name, None)
    if dim_name in order and not any(dim_name in ds._dims for ds in datasets):
        # a scalar coordinate (or variable) named like the new dimension becomes its labels
        datasets = [ds.expand_dims(dim_name, create_index_for_new_dim=create_index_for_new_dim) for ds in datasets]
    concat_over, lengths = _concat_over(datasets, dim_name, data_vars, coords, compat)
    result_vars: dict[Hashable, Variable] = {}
    result_indexes: dict[Hashable, Index] = {}
    to_merge = {k for k in order if k not in concat_over}
    if to_merge:
        grouped: dict[Hashable, list[tuple[Variable, Index | None, int]]] = {}
        for position, ds in enumerate(datasets):
            for name, var in ds._variables.items():
                if name in to_merge:
                    grouped.setdefault(name, []).append((var, ds._indexes.get(name), position))
        merged, merged_indexes = merge_sourced(grouped, compat, "override", label="object")
        result_vars.update(merged)
        result_indexes.update(merged_indexes)
    attrs = combine_attrs_dicts(
        [ds._attrs for ds in datasets], combine_attrs, what="global attributes",
        sources=[f"object {i}" for i in range(len(datasets))],
    )
    if compat == "identical":
        for position, ds in enumerate(datasets[1:], start=1):
            if not _attrs_same(ds._attrs, attrs):
                raise ValueError(
                    f"compat='identical' but the global attributes of object {position} differ: "
                    f"{dict(ds._attrs or {})!r} vs {attrs!r}"
                )
    starts = np.concatenate([[0], np.cumsum(lengths)])
    total = int(starts[-1])
    for name in order:
        if name in concat_over and name not in result_indexes:
            pieces = [(i, ds._variables[name]) for i, ds in enumerate(datasets) if name in ds._variables]
            if len(pieces) < len(datasets) and name in coord_at:
                missing = [i for i in range(len(datasets)) if name not in datasets[i]._variables]
                raise ValueError(
                    f"coordinate {name!r} is missing from object(s) {format_names(missing)}; "
                    "a coordinate to concatenate must be present in every object"
                )
            indexes = _indexes_of(datasets, name, dim_name, create_index_for_new_dim)
            if indexes:
                _concat_indexes(name, indexes, datasets, dim_name, positions, combine_attrs, result_vars, result_indexes)
                continue
            variables = _common_dims(name, pieces, dim_name, lengths, sizes)
            try:
                combined = concat_variables(variables, dim_name, positions)
            except ValueError as err:
                raise ValueError(f"cannot concatenate variable {name!r} along {dim_name!r}: {err}") from err
            var_attrs = combine_attrs_dicts(
                [v._attrs for _, v in pieces], combine_attrs, what=f"attributes of variable {name!r}",
                sources=[f"object {i}" for i, _ in pieces],
            )
            combined = combined._replace(attrs=var_attrs or None)
            if len(pieces) < len(datasets):
                present = np.concatenate([np.arange(starts[i], starts[i + 1]) for i, _ in pieces])
                indexer = pd.Index(present).get_indexer(np.arange(total))
                combined = reindex_variables({name: combined}, {dim_name: indexer}, fill_value)[name]
            result_vars[name] = combined
        elif name in result_vars:
            result_vars[name] = result_vars.pop(name)  # keep the order of first appearance
    coord_names = {k for k in result_vars if k in coord_at}
    if dim_index is not None:
        if len(dim_index.index) != total:
            raise ValueError(
                f"{len(dim_index.index)} labels were given for dimension {dim_name!r} but the "
                f"concatenated objects have {total} entries along it"
            )
        index_vars = dim_index.create_variables({dim_name: dim_var} if dim_var is not None else None)
        result_vars[dim_name] = index_vars[dim_name]
        result_indexes[dim_name] = dim_index
        coord_names.add(dim_name)
    data = {k: v for k, v in result_vars.items() if k not in coord_names}
    data.update({k: v for k, v in result_vars.items() if k in coord_names})
    return type(datasets[0])._construct_direct(
        data, coord_names, None, attrs or None, result_indexes, _copy_dict(datasets[0]._encoding)
    )


def _copy_dict(value: dict[Any, Any] | None) -> dict[Any, Any] | None:
    return None if value is None else dict(value)


def _attrs_same(a: Mapping[Any, Any] | None, b: Mapping[Any, Any] | None) -> bool:
    return attrs_equal(dict(a or {}), dict(b or {}))


def _concat_indexes(
    name: Hashable,
    indexes: list[Index],
    datasets: Sequence[Any],
    dim: Hashable,
    positions: Any,
    combine_attrs: CombineAttrs,
    result_vars: dict[Hashable, Variable],
    result_indexes: dict[Hashable, Index],
) -> None:
    """Join the indexes of coordinate ``name`` with ``Index.concat`` (no values re-read)."""
    if len(indexes) < len(datasets):
        raise ValueError(
            f"{name!r} has an index on {len(indexes)} of the {len(datasets)} objects; it must "
            "have an index on all of them or on none"
        )
    kinds = {type(idx) for idx in indexes}
    if len(kinds) > 1:
        raise TypeError(
            f"cannot concatenate the indexes of {name!r}: they are of different types "
            f"({', '.join(sorted(k.__name__ for k in kinds))})"
        )
    combined = type(indexes[0]).concat(indexes, dim, positions)
    first = datasets[0]
    if name in first._indexes:
        names = [k for k, idx in first._indexes.items() if idx is first._indexes[name]]
        idx_vars = {k: first._variables[k] for k in names}
    else:
        idx_vars = {name: first._variables[name]}
    result_indexes.update(dict.fromkeys(idx_vars, combined))
    for key, var in combined.create_variables(idx_vars).items():
        attrs = combine_attrs_dicts(
            [ds._variables[key]._attrs for ds in datasets if key in ds._variables],
            combine_attrs,
            what=f"attributes of coordinate {key!r}",
        )
        result_vars[key] = var._replace(attrs=attrs or None)


def concat(
    objs: Iterable[Any],
    dim: Any,
    data_vars: Any = "all",
    coords: Any = "different",
    compat: str = "equals",
    positions: Iterable[Iterable[int]] | None = None,
    fill_value: Any = NA,
    join: str = "outer",
    combine_attrs: CombineAttrs = "override",
    create_index_for_new_dim: bool = True,
) -> Any:
    """Concatenate Datasets or DataArrays along an existing or a new dimension.

    Parameters
    ----------
    objs : sequence of Dataset or sequence of DataArray
        The objects, all of one kind.
    dim : str, DataArray or pandas.Index
        The dimension: its name, or labels for it (a 1-D DataArray names the dimension after
        its own, a ``pandas.Index`` after its name or "concat_dim"); labels become its index.
    data_vars : {"all", "minimal", "different"}, list of str or None, default: "all"
        Data variables to concatenate besides those that have ``dim``: all of them (they get
        ``dim``), none ("minimal"; the others are merged with ``compat``), those that are not
        equal on every object ("different"), or those listed; ``None`` means "minimal" for an
        existing dimension and "all" for a new one.
    coords : {"all", "minimal", "different"} or list of str, default: "different"
        The same choice for coordinates.
    compat : {"identical", "equals", "broadcast_equals", "no_conflicts", "override"}, default: "equals"
        How variables that are not concatenated are compared (and merged).
    positions : list of integer arrays, optional
        Where the entries of each object go along ``dim`` (default: one after the other).
    fill_value : scalar or dict, optional
        Value for labels added by alignment and for data variables missing from some objects.
    join : {"outer", "inner", "left", "right", "exact", "override"}, default: "outer"
        How indexes along the other dimensions are aligned.
    combine_attrs : {"drop", "identical", "no_conflicts", "drop_conflicts", "override"} or callable, default: "override"
        How attrs are combined.
    create_index_for_new_dim : bool, default: True
        Give a new dimension made from a scalar coordinate an index.

    Returns
    -------
    Dataset or DataArray, of the kind of ``objs``.

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray([1, 2], dims="x", coords={"x": [0, 1]})
    >>> b = la.DataArray([3], dims="x", coords={"x": [2]})
    >>> la.concat([a, b], dim="x").values.tolist()
    [1, 2, 3]
    >>> la.concat([a, a * 10], dim="run").shape
    (2, 2)
    """
    if is_dataset_like(objs) or is_dataarray_like(objs) or isinstance(objs, Mapping):
        raise TypeError(
            f"concat takes a sequence of objects (e.g. a list), got a {type(objs).__name__}"
        )
    objs = list(objs)
    if not objs:
        raise ValueError("concat needs at least one object to concatenate")
    check_compat(compat, "concat", _CONCAT_COMPAT)
    _check_join(join)
    check_combine_attrs(combine_attrs)
    _check_option(data_vars, "data_vars")
    _check_option(coords, "coords")
    if positions is not None:
        positions = [np.asarray(list(p), dtype=np.intp) for p in positions]
        if len(positions) != len(objs):
            raise ValueError(f"positions has {len(positions)} entries but {len(objs)} objects were given")
    first = objs[0]
    args = (dim, data_vars, coords, compat, positions, fill_value, join, combine_attrs, create_index_for_new_dim)
    if is_dataarray_like(first):
        return _dataarray_concat(objs, *args)
    if is_dataset_like(first):
        return _dataset_concat(objs, *args)
    raise TypeError(f"concat can only concatenate Datasets or DataArrays; argument 0 is a {type(first).__name__}")


def _dataarray_concat(arrays: list[Any], dim: Any, data_vars: Any, coords: Any, compat: str, positions: Any, fill_value: Any, join: str, combine_attrs: CombineAttrs, create_index: bool) -> Any:
    for position, arr in enumerate(arrays):
        if not is_dataarray_like(arr):
            raise TypeError(
                f"concat argument {position} is a {type(arr).__name__} but argument 0 is a "
                "DataArray; pass only DataArrays or only Datasets"
            )
    if data_vars is not None and not (isinstance(data_vars, str) and data_vars == "all"):
        raise ValueError("data_vars cannot be used when concatenating DataArrays (they have no data variables)")
    name = arrays[0].name
    for position, arr in enumerate(arrays[1:], start=1):
        if arr.name != name and compat == "identical":
            raise ValueError(
                f"compat='identical' but the DataArrays have different names: {name!r} on "
                f"argument 0 and {arr.name!r} on argument {position}"
            )
    datasets = [arr._to_temp_dataset() for arr in arrays]
    (this,) = _data_names(datasets[0])
    if isinstance(fill_value, Mapping) and name in fill_value:
        fill_value = {(this if k == name else k): v for k, v in fill_value.items()}
    try:
        ds = _dataset_concat(datasets, dim, "all", coords, compat, positions, fill_value, join, combine_attrs, create_index)
    except (ValueError, MergeError) as err:
        raise type(err)(str(err).replace(f"'{this}'", "the data" if name is None else repr(name))) from err
    attrs = combine_attrs_dicts([arr.attrs for arr in arrays], combine_attrs, what="attributes")
    result = arrays[0]._from_temp_dataset(ds, name)
    return result._replace(result.variable._replace(attrs=attrs or None))
