"""``apply_ufunc``: wrap a function on plain arrays into a labeled, Dask-aware operation.

Arguments are aligned by index labels (``join``), broadcast by dimension name, and the data of
each argument is handed to ``func`` with its *core* dimensions moved to the end. Results are
built with the inputs' own constructors, so this module never imports the façade.

>>> from labarray.variable import Variable
>>> v = Variable(("x", "y"), [[1.0, 2.0], [3.0, 4.0]])
>>> apply_ufunc(np.mean, v, input_core_dims=[["x"]], kwargs={"axis": -1}).values
array([2., 3.])
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.structure.align import deep_align
from labarray.structure.merge import (
    is_dataarray_like,
    is_dataset_like,
    merge_coordinates_without_align,
)
from labarray.utils.suggest import did_you_mean, format_names
from labarray.variable.broadcast import is_variable
from labarray.variable.combine import merge_attrs

__all__ = ["UFuncSignature", "apply_ufunc"]

_NO_FILL_VALUE = object()
_JOINS = ("inner", "outer", "left", "right", "exact", "override")
_DASK_OPTIONS = ("forbidden", "allowed", "parallelized")
_ON_MISSING = ("raise", "copy", "drop")


class UFuncSignature:
    """Core dimensions of the inputs and outputs of a function, like a gufunc signature.

    Examples
    --------
    >>> UFuncSignature([["x"], []], [["x"]]).to_gufunc_string()
    '(dim0),()->(dim0)'
    """

    def __init__(
        self, input_core_dims: Sequence[Sequence[Hashable]], output_core_dims: Sequence[Sequence[Hashable]]
    ) -> None:
        self.input_core_dims = tuple(tuple(d) for d in input_core_dims)
        self.output_core_dims = tuple(tuple(d) for d in output_core_dims)

    @property
    def all_input_core_dims(self) -> frozenset[Hashable]:
        return frozenset(d for dims in self.input_core_dims for d in dims)

    @property
    def all_output_core_dims(self) -> frozenset[Hashable]:
        return frozenset(d for dims in self.output_core_dims for d in dims)

    @property
    def all_core_dims(self) -> frozenset[Hashable]:
        return self.all_input_core_dims | self.all_output_core_dims

    @property
    def num_outputs(self) -> int:
        return len(self.output_core_dims)

    def to_gufunc_string(self, exclude_dims: frozenset[Hashable] = frozenset()) -> str:
        """A NumPy gufunc signature; excluded dims get a distinct name per argument."""
        ordered: list[Hashable] = []
        for dims in self.input_core_dims + self.output_core_dims:
            ordered.extend(d for d in dims if d not in ordered)
        names = {d: f"dim{i}" for i, d in enumerate(ordered)}
        counter = [0]

        def name(dim: Hashable) -> str:
            if dim in exclude_dims:
                counter[0] += 1
                return f"{names[dim]}_{counter[0]}"
            return names[dim]

        def group(core: tuple[tuple[Hashable, ...], ...]) -> str:
            return ",".join("(" + ",".join(name(d) for d in dims) + ")" for dims in core)

        return f"{group(self.input_core_dims)}->{group(self.output_core_dims)}"

    def __repr__(self) -> str:
        return f"UFuncSignature({list(map(list, self.input_core_dims))}, {list(map(list, self.output_core_dims))})"


# -- the Variable level ----------------------------------------------------------------------


def _broadcast_dims(
    variables: Sequence[tuple[int, Any]], signature: UFuncSignature, exclude_dims: frozenset[Hashable]
) -> dict[Hashable, int]:
    """Sizes of the non-core dims (in order of appearance); checks shared sizes agree."""
    sizes: dict[Hashable, int] = {}
    core_sizes: dict[Hashable, tuple[int, int]] = {}
    owner: dict[Hashable, int] = {}
    for position, var in variables:
        core = signature.input_core_dims[position]
        for dim, size in zip(var.dims, var.shape, strict=True):
            if dim in core:
                if dim in exclude_dims:
                    continue
                if dim in core_sizes and core_sizes[dim][1] != size:
                    raise ValueError(
                        f"apply_ufunc: core dimension {dim!r} has length {core_sizes[dim][1]} on "
                        f"argument {core_sizes[dim][0]} but length {size} on argument {position}; "
                        "core dimensions must agree in size unless listed in exclude_dims"
                    )
                core_sizes.setdefault(dim, (position, size))
                continue
            if dim in sizes and sizes[dim] != size:
                raise ValueError(
                    f"apply_ufunc: cannot broadcast dimension {dim!r}: length {sizes[dim]} on "
                    f"argument {owner[dim]} but length {size} on argument {position}"
                )
            if dim not in sizes:
                sizes[dim] = size
                owner[dim] = position
    for dim, (position, _) in core_sizes.items():
        if dim in sizes:
            raise ValueError(
                f"apply_ufunc: dimension {dim!r} is a core dimension of argument {position} but "
                f"a broadcast dimension of argument {owner[dim]}; list it in the input_core_dims "
                "of every argument that has it"
            )
    return sizes


def _core_last_data(var: Any, broadcast_dims: Sequence[Hashable], core_dims: Sequence[Hashable]) -> Any:
    """Data of ``var`` ordered as (broadcast dims, core dims), with length-1 axes for gaps."""
    own = [d for d in broadcast_dims if d in var.dims]
    order = (*own, *core_dims)
    data = var.data if tuple(order) == tuple(var.dims) else var.transpose(*order).data
    if len(own) == len(broadcast_dims):
        return data
    key = tuple(slice(None) if d in var.dims else None for d in broadcast_dims)
    return data[key + (slice(None),) * len(core_dims)]


def _check_core_dims(args: Sequence[Any], signature: UFuncSignature) -> None:
    for position, (arg, core) in enumerate(zip(args, signature.input_core_dims, strict=True)):
        if not core:
            continue
        if is_variable(arg):
            missing = [d for d in core if d not in arg.dims]
            if missing:
                raise ValueError(
                    f"apply_ufunc: argument {position} is missing core dimension"
                    f"{'s' if len(missing) > 1 else ''} {format_names(repr(d) for d in missing)}; "
                    f"its dimensions are {format_names(arg.dims)} (input_core_dims[{position}] = "
                    f"{list(core)})"
                    + "".join(f"; {h}" for h in (did_you_mean(d, arg.dims) for d in missing) if h)
                )
        elif np.ndim(arg) < len(core):
            raise ValueError(
                f"apply_ufunc: argument {position} is a {type(arg).__name__} with {np.ndim(arg)} "
                f"dimension(s), fewer than its {len(core)} core dimensions {list(core)}"
            )


def _check_chunked_core_dims(datas: Sequence[Any], signature: UFuncSignature, allow_rechunk: bool) -> None:
    if allow_rechunk:
        return
    for position, (data, core) in enumerate(zip(datas, signature.input_core_dims, strict=True)):
        if not core or not is_chunked_array(data):
            continue
        for axis, dim in zip(range(data.ndim - len(core), data.ndim), core, strict=True):
            nchunks = len(data.chunks[axis])
            if nchunks > 1:
                raise ValueError(
                    f"apply_ufunc: core dimension {dim!r} of argument {position} is split into "
                    f"{nchunks} chunks, but dask='parallelized' needs every core dimension in "
                    f"one chunk; rechunk first with .chunk({{{dim!r}: -1}}) or pass "
                    "dask_gufunc_kwargs={'allow_rechunk': True}"
                )


def _call(
    func: Callable[..., Any],
    datas: list[Any],
    signature: UFuncSignature,
    exclude_dims: frozenset[Hashable],
    dask: str,
    vectorize: bool,
    output_dtypes: Sequence[Any] | None,
    output_sizes: Mapping[Hashable, int] | None,
    dask_gufunc_kwargs: Mapping[str, Any] | None,
) -> Any:
    """Run ``func`` on prepared data according to the ``dask`` mode."""
    if any(is_chunked_array(d) for d in datas):
        if dask == "forbidden":
            raise ValueError(
                "apply_ufunc encountered a chunked (Dask) array on an argument, but handling "
                "for chunked arrays is not enabled; pass dask='parallelized' to map func over "
                "the blocks, dask='allowed' if func handles Dask arrays itself, or load the data "
                "first with .compute()"
            )
        if dask == "parallelized":
            gufunc_kwargs = dict(dask_gufunc_kwargs or {})
            allow_rechunk = bool(gufunc_kwargs.get("allow_rechunk", False))
            _check_chunked_core_dims(datas, signature, allow_rechunk)
            sizes = dict(gufunc_kwargs.pop("output_sizes", None) or {})
            sizes.update(output_sizes or {})
            new_dims = signature.all_output_core_dims - signature.all_input_core_dims
            missing = [d for d in new_dims if d not in sizes]
            if missing:
                raise ValueError(
                    f"apply_ufunc: output core dimension{'s' if len(missing) > 1 else ''} "
                    f"{format_names(repr(d) for d in missing)} not found on any input; with "
                    "dask='parallelized' give their lengths in output_sizes={dim: length}"
                )
            gufunc_string = signature.to_gufunc_string(exclude_dims)
            names = _gufunc_dim_names(signature)
            if sizes:
                gufunc_kwargs["output_sizes"] = {names[d]: n for d, n in sizes.items() if d in names}
            dtypes = output_dtypes
            if dtypes is not None and signature.num_outputs == 1:
                dtypes = dtypes[0]
            da = dask_array()
            return da.apply_gufunc(
                func,
                gufunc_string,
                *datas,
                vectorize=vectorize,
                output_dtypes=dtypes,
                **gufunc_kwargs,
            )
    if vectorize:
        func = _vectorized(func, signature, exclude_dims, output_dtypes)
    with np.errstate(all="ignore"):
        return func(*datas)


def _gufunc_dim_names(signature: UFuncSignature) -> dict[Hashable, str]:
    ordered: list[Hashable] = []
    for dims in signature.input_core_dims + signature.output_core_dims:
        ordered.extend(d for d in dims if d not in ordered)
    return {d: f"dim{i}" for i, d in enumerate(ordered)}


def _vectorized(
    func: Callable[..., Any],
    signature: UFuncSignature,
    exclude_dims: frozenset[Hashable],
    output_dtypes: Sequence[Any] | None,
) -> Callable[..., Any]:
    if signature.all_core_dims:
        return np.vectorize(func, otypes=output_dtypes, signature=signature.to_gufunc_string(exclude_dims))
    return np.vectorize(func, otypes=output_dtypes)


def _keep_attrs_mode(keep_attrs: bool | str | None) -> str:
    if keep_attrs is None:
        keep_attrs = _get_keep_attrs(default=True)
    if isinstance(keep_attrs, bool):
        return "override" if keep_attrs else "drop"
    return keep_attrs


def apply_variable_vfunc(
    func: Callable[..., Any],
    *args: Any,
    signature: UFuncSignature,
    exclude_dims: frozenset[Hashable] = frozenset(),
    dask: str = "forbidden",
    vectorize: bool = False,
    output_dtypes: Sequence[Any] | None = None,
    output_sizes: Mapping[Hashable, int] | None = None,
    dask_gufunc_kwargs: Mapping[str, Any] | None = None,
    keep_attrs: str = "override",
) -> Any:
    """Apply ``func`` over Variables (and plain arrays/scalars); one Variable or a tuple."""
    _check_core_dims(args, signature)
    variables = [(i, a) for i, a in enumerate(args) if is_variable(a)]
    sizes = _broadcast_dims(variables, signature, exclude_dims)
    broadcast_dims = tuple(sizes)
    datas = [
        _core_last_data(a, broadcast_dims, signature.input_core_dims[i]) if is_variable(a) else a
        for i, a in enumerate(args)
    ]
    result = _call(func, datas, signature, exclude_dims, dask, vectorize, output_dtypes,
                   output_sizes, dask_gufunc_kwargs)
    nout = signature.num_outputs
    if nout > 1:
        if not isinstance(result, tuple) or len(result) != nout:
            got = f"a tuple of {len(result)}" if isinstance(result, tuple) else f"a {type(result).__name__}"
            raise ValueError(
                f"apply_ufunc: func should return a tuple of {nout} values (one per entry of "
                f"output_core_dims), but it returned {got}"
            )
        results = result
    else:
        results = (result,)
    first = variables[0][1]
    attrs = merge_attrs([v for _, v in variables], keep_attrs)
    core_sizes = {
        d: n for _, v in variables for d, n in zip(v.dims, v.shape, strict=True)
        if d in signature.all_input_core_dims and d not in exclude_dims
    }
    out = []
    for k, (data, core) in enumerate(zip(results, signature.output_core_dims, strict=True)):
        dims = (*broadcast_dims, *core)
        shape = np.shape(data)
        if len(shape) != len(dims):
            raise ValueError(
                f"apply_ufunc: output {k} of func has {len(shape)} dimension(s) but "
                f"{len(dims)} were expected: broadcast dimensions {list(broadcast_dims)} followed "
                f"by output_core_dims[{k}] = {list(core)}; check input_core_dims/output_core_dims"
            )
        for dim, n in zip(dims, shape, strict=True):
            expected = sizes.get(dim, core_sizes.get(dim))
            if expected is not None and expected != n and dim not in exclude_dims:
                raise ValueError(
                    f"apply_ufunc: output {k} has length {n} along dimension {dim!r}, which "
                    f"has length {expected} on the inputs; a dimension may change size only if "
                    "it is listed in exclude_dims"
                )
        out.append(type(first)(dims, data, attrs=copy.copy(attrs), fastpath=True))
    return tuple(out) if nout > 1 else out[0]


# -- DataArrays and Datasets -----------------------------------------------------------------


def _result_name(objects: Iterable[Any]) -> Hashable | None:
    names = {obj._name for obj in objects if is_dataarray_like(obj)}
    return names.pop() if len(names) == 1 else None


def _coords_of(obj: Any) -> tuple[Mapping[Hashable, Any], Mapping[Hashable, Any]]:
    if is_dataarray_like(obj):
        return obj._coords, obj._indexes
    return {k: obj._variables[k] for k in obj._coord_names}, obj._indexes


def _output_coords(
    args: Sequence[Any],
    signature: UFuncSignature,
    exclude_dims: frozenset[Hashable],
    out_sizes: Mapping[Hashable, int],
    keep_attrs: str,
) -> list[tuple[dict[Hashable, Any], dict[Hashable, Any]]]:
    """Merged coordinates, filtered per output to the dims (and sizes) that output has."""
    labeled = [a for a in args if is_dataarray_like(a) or is_dataset_like(a)]
    if len(labeled) == 1:
        coords, indexes = (dict(m) for m in _coords_of(labeled[0]))
        coords = {k: v for k, v in coords.items() if not set(v.dims) & exclude_dims}
    else:
        coords, indexes = merge_coordinates_without_align(
            (_coords_of(a) for a in labeled), exclude_dims=exclude_dims
        )
    if keep_attrs == "drop" and len(labeled) > 1:
        coords = {k: v._replace(attrs=None) if v.attrs else v for k, v in coords.items()}
    dropped_core = signature.all_input_core_dims
    results = []
    for core in signature.output_core_dims:
        allowed = (set(out_sizes) - dropped_core) | set(core)
        kept = {
            k: v for k, v in coords.items()
            if set(v.dims) <= allowed
            and all(out_sizes.get(d, n) == n for d, n in zip(v.dims, v.shape, strict=True))
        }
        results.append((kept, {k: i for k, i in indexes.items() if k in kept}))
    return results


def _apply_dataarray(func: Callable[..., Any], func_args: Sequence[Any], signature: UFuncSignature,
                     join: str, exclude_dims: frozenset[Hashable], keep_attrs: str, **kw: Any) -> Any:
    args = list(func_args)
    if sum(is_dataarray_like(a) for a in args) > 1:
        args = deep_align(args, join=join, copy=False, exclude=exclude_dims, raise_on_invalid=False)
    first = next(a for a in args if is_dataarray_like(a))
    # like xarray: the first DataArray's name, unless attrs are dropped (then a shared name)
    name = _result_name(args) if keep_attrs == "drop" else first._name
    variables = [a._variable if is_dataarray_like(a) else a for a in args]
    result = apply_variable_vfunc(func, *variables, signature=signature, exclude_dims=exclude_dims,
                                  keep_attrs=keep_attrs, **kw)
    results = result if signature.num_outputs > 1 else (result,)
    out = []
    for k, var in enumerate(results):
        sizes = dict(zip(var.dims, var.shape, strict=True))
        core_sig = UFuncSignature(signature.input_core_dims, [signature.output_core_dims[k]])
        ((coords, indexes),) = _output_coords(args, core_sig, exclude_dims, sizes, keep_attrs)
        out.append(type(first)._construct_direct(var, coords, name, indexes))
    return tuple(out) if signature.num_outputs > 1 else out[0]


def _ordered_union(keys_list: Sequence[Sequence[Hashable]], how: str) -> list[Hashable]:
    if how == "inner":
        common = set.intersection(*(set(k) for k in keys_list))
        return [k for k in keys_list[0] if k in common]
    if how == "outer":
        out: dict[Hashable, None] = {}
        for keys in keys_list:
            out.update(dict.fromkeys(keys))
        return list(out)
    if how == "left":
        return list(keys_list[0])
    if how == "right":
        return list(keys_list[-1])
    if how == "exact":
        for keys in keys_list[1:]:
            if set(keys) != set(keys_list[0]):
                raise ValueError(
                    f"apply_ufunc: dataset_join='exact' but the datasets' data variables differ: "
                    f"argument 0 has {format_names(keys_list[0])} and another has "
                    f"{format_names(keys)}; pass dataset_join='inner' or 'outer' (with "
                    "dataset_fill_value)"
                )
        return list(keys_list[0])
    raise ValueError(f"dataset_join must be one of {format_names(_JOINS[:5])}; got {how!r}")


def _apply_dataset(func: Callable[..., Any], func_args: Sequence[Any], signature: UFuncSignature,
                   join: str, dataset_join: str, fill_value: Any, exclude_dims: frozenset[Hashable],
                   keep_attrs: str, on_missing_core_dim: str, **kw: Any) -> Any:
    args = list(func_args)
    if sum(is_dataarray_like(a) or is_dataset_like(a) for a in args) > 1:
        args = deep_align(args, join=join, copy=False, exclude=exclude_dims, raise_on_invalid=False)
    datasets = [a for a in args if is_dataset_like(a)]
    first = datasets[0]
    keys_list = [[k for k in ds._variables if k not in ds._coord_names] for ds in datasets]
    names = _ordered_union(keys_list, dataset_join)
    if dataset_join not in ("inner", "exact") and fill_value is _NO_FILL_VALUE:
        if any(n not in keys for n in names for keys in keys_list):
            raise ValueError(
                f"apply_ufunc: with dataset_join={dataset_join!r} some datasets lack data "
                "variables the others have; pass dataset_fill_value to fill them"
            )
    nout = signature.num_outputs
    out_vars: list[dict[Hashable, Any]] = [{} for _ in range(nout)]
    for name in names:
        var_args = []
        for a in args:
            if is_dataset_like(a):
                var = a._variables.get(name) if name in a._variables and name not in a._coord_names else None
                var_args.append(var if var is not None else fill_value)
            elif is_dataarray_like(a):
                var_args.append(a._variable)
            else:
                var_args.append(a)
        missing = [
            (i, d) for i, (v, core) in enumerate(zip(var_args, signature.input_core_dims, strict=True))
            if is_variable(v) for d in core if d not in v.dims
        ]
        if missing:
            if on_missing_core_dim == "drop":
                continue
            if on_missing_core_dim == "copy":
                src = next(v for v in var_args if is_variable(v))
                for k in range(nout):
                    out_vars[k][name] = src
                continue
            i, d = missing[0]
            raise ValueError(
                f"apply_ufunc: data variable {name!r} of argument {i} is missing core dimension "
                f"{d!r} (its dimensions are {format_names(var_args[i].dims)}); pass "
                "on_missing_core_dim='drop' or 'copy' to skip such variables"
            )
        if not any(is_variable(v) for v in var_args):
            continue
        result = apply_variable_vfunc(func, *var_args, signature=signature,
                                      exclude_dims=exclude_dims, keep_attrs=keep_attrs, **kw)
        results = result if nout > 1 else (result,)
        for k, var in enumerate(results):
            out_vars[k][name] = var
    out = []
    attrs = merge_attrs([_AttrsHolder(ds._attrs) for ds in datasets], keep_attrs)
    for k, data_vars in enumerate(out_vars):
        sizes: dict[Hashable, int] = {}
        for var in data_vars.values():
            sizes.update(zip(var.dims, var.shape, strict=True))
        core_sig = UFuncSignature(signature.input_core_dims, [signature.output_core_dims[k]])
        all_sizes = dict(first._dims)
        for d in signature.all_input_core_dims:
            all_sizes.pop(d, None)
        all_sizes.update(sizes)
        (coords, indexes), = _output_coords(args, core_sig, exclude_dims, all_sizes, keep_attrs)
        variables = {**data_vars, **coords}
        out.append(type(first)._construct_direct(variables, set(coords), None,
                                                 copy.copy(attrs), indexes, None))
    return tuple(out) if nout > 1 else out[0]


class _AttrsHolder:
    """Gives a plain attrs dict the ``_attrs`` that :func:`merge_attrs` reads."""

    def __init__(self, attrs: Mapping[Any, Any] | None) -> None:
        self._attrs = attrs


# -- the public function ---------------------------------------------------------------------


def _as_core_dims(value: Any, what: str) -> list[tuple[Hashable, ...]]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(
            f"apply_ufunc: {what} must be a sequence with one list of dimension names per "
            f"{'argument' if what == 'input_core_dims' else 'output'}, e.g. [['time']]; got {value!r}"
        )
    out = []
    for i, dims in enumerate(value):
        if isinstance(dims, str) or not isinstance(dims, Sequence):
            raise TypeError(
                f"apply_ufunc: {what}[{i}] must be a list of dimension names, got {dims!r}; "
                f"wrap a single name in a list: [{dims!r}]"
            )
        out.append(tuple(dims))
    return out


def _is_groupby(obj: Any) -> bool:
    # duck-typed: GroupBy objects live in compute/grouping, which builds on this module
    return hasattr(obj, "_group_positions") and hasattr(obj, "_combine") and hasattr(obj, "_encoded")


def _same_groups(a: Any, b: Any) -> bool:
    if a._group_dims != b._group_dims or len(a._encoded) != len(b._encoded):
        return False
    if not np.array_equal(a._codes, b._codes):
        return False
    return all(
        x.name == y.name and np.array_equal(np.asarray(x.labels), np.asarray(y.labels))
        for x, y in zip(a._encoded, b._encoded, strict=True)
    )


def _apply_groupby(apply: Callable[..., Any], args: Sequence[Any]) -> Any:
    """Apply ``apply`` group by group when arguments are GroupBy objects, then combine.

    Every GroupBy argument must have the same groups; it contributes its group's members. A
    labeled argument with the group's output dimension (``month`` for ``groupby("time.month")``,
    as a climatology has) contributes its entry for the group's label; any other argument is
    passed whole, and must not have the grouped dimension itself (it could not be split).
    """
    groupbys = [a for a in args if _is_groupby(a)]
    first = groupbys[0]
    for other in groupbys[1:]:
        if not _same_groups(first, other):
            raise ValueError(
                "apply_ufunc: all GroupBy arguments must be grouped identically (the same "
                "groups over the same dimension); group the objects with the same grouper"
            )
    if len(first._encoded) != 1:
        raise ValueError(
            "apply_ufunc supports GroupBy arguments with one grouper; this GroupBy has "
            f"{len(first._encoded)}: apply the function with .map instead"
        )
    (grouped_dim,) = first._group_dims
    name = first._encoded[0].name
    for arg in args:
        if not _is_groupby(arg) and grouped_dim in getattr(arg, "dims", ()) and name not in arg.dims:
            raise ValueError(
                f"apply_ufunc: an argument that is not a GroupBy has the grouped dimension "
                f"{grouped_dim!r}, so it cannot be matched to the groups; group it the same way "
                f"(obj.groupby(...)) or reduce that dimension first"
            )
    positions = first._group_positions()
    applied = []
    for g in first._observed():
        label = first._label(g)
        group_args = [
            a._select(positions[g]) if _is_groupby(a)
            else a.sel({name: label}) if name in getattr(a, "dims", ()) and hasattr(a, "sel")
            else a
            for a in args
        ]  # fmt: skip
        applied.append(apply(*group_args))
    if applied and isinstance(applied[0], tuple):
        return tuple(first._combine([r[i] for r in applied]) for i in range(len(applied[0])))
    return first._combine(applied)


def apply_ufunc(
    func: Callable[..., Any],
    *args: Any,
    input_core_dims: Sequence[Sequence[Hashable]] | None = None,
    output_core_dims: Sequence[Sequence[Hashable]] | None = ((),),
    exclude_dims: Iterable[Hashable] = frozenset(),
    vectorize: bool = False,
    join: str = "exact",
    dataset_join: str = "exact",
    dataset_fill_value: Any = _NO_FILL_VALUE,
    keep_attrs: bool | str | None = None,
    kwargs: Mapping[str, Any] | None = None,
    dask: str = "forbidden",
    output_dtypes: Sequence[Any] | None = None,
    output_sizes: Mapping[Hashable, int] | None = None,
    meta: Any = None,
    dask_gufunc_kwargs: Mapping[str, Any] | None = None,
    on_missing_core_dim: str = "raise",
) -> Any:
    """Apply a function on arrays to labeled objects, aligning and broadcasting by name.

    Parameters
    ----------
    func : callable
        Called as ``func(*arrays, **kwargs)`` where each array has the argument's broadcast
        dimensions first and its core dimensions last (in the order of ``input_core_dims``).
        It returns one array, or a tuple of arrays when ``output_core_dims`` has several entries.
    *args : Variable, DataArray, Dataset, GroupBy, NumPy/Dask array or scalar
        The arguments; plain arrays and scalars are passed to ``func`` unchanged. With GroupBy
        arguments (all grouped identically) the function is applied group by group and the
        results are combined as ``GroupBy.map`` does; a labeled argument indexed by the group's
        labels (a climatology over ``month``) gives each group its own entry.
    input_core_dims : sequence of sequence of hashable, optional
        One list per argument of the dimensions ``func`` works along (moved last).
    output_core_dims : sequence of sequence of hashable, default: ((),)
        One list per output of the dimensions ``func`` adds at the end of each result.
    exclude_dims : set of hashable, optional
        Core dimensions that may differ in size between arguments and outputs (not aligned).
    vectorize : bool, default: False
        Wrap ``func`` in :class:`numpy.vectorize` so that it sees one core block at a time.
    join : {"outer", "inner", "left", "right", "exact", "override"}, default: "exact"
        How to align the indexes of DataArray and Dataset arguments.
    dataset_join : {"outer", "inner", "left", "right", "exact"}, default: "exact"
        How to combine the data variables of several Datasets.
    dataset_fill_value : optional
        Value used for a data variable a Dataset lacks (needed with "outer"/"left"/"right").
    keep_attrs : bool or {"drop", "identical", "no_conflicts", "drop_conflicts", "override"}, optional
        How to combine attrs of the arguments; default (None) follows the ``keep_attrs``
        option, which keeps them ("override": those of the first argument).
    kwargs : dict, optional
        Keyword arguments passed to ``func``.
    dask : {"forbidden", "allowed", "parallelized"}, default: "forbidden"
        What to do with Dask data: raise, pass the Dask arrays to ``func``, or map ``func``
        over the blocks with :func:`dask.array.apply_gufunc` (core dimensions must be one
        chunk unless ``dask_gufunc_kwargs={"allow_rechunk": True}``).
    output_dtypes : list of dtype, optional
        Dtypes of the outputs (for ``vectorize`` and ``dask="parallelized"``).
    output_sizes : dict, optional
        Lengths of output core dimensions that no input has (``dask="parallelized"``).
    meta : optional
        Accepted for compatibility; Dask infers the block type itself.
    dask_gufunc_kwargs : dict, optional
        Passed to :func:`dask.array.apply_gufunc` (``allow_rechunk``, ``output_sizes``, ...).
    on_missing_core_dim : {"raise", "copy", "drop"}, default: "raise"
        For Datasets: what to do with a data variable lacking a core dimension.

    Returns
    -------
    Variable, DataArray, Dataset, array, or a tuple of them (several outputs)
        Of the type of the highest-level argument (Dataset > DataArray > Variable > array).

    Examples
    --------
    >>> import labarray as la
    >>> da = la.DataArray([[1.0, 3.0], [2.0, 6.0]], dims=("x", "t"), coords={"x": [10, 20]})
    >>> la.apply_ufunc(np.mean, da, input_core_dims=[["t"]], kwargs={"axis": -1}).values
    array([2., 4.])
    >>> la.apply_ufunc(np.add, da, 1).values
    array([[2., 4.],
           [3., 7.]])
    """
    if not callable(func):
        raise TypeError(f"apply_ufunc: func must be callable, got a {type(func).__name__}")
    if input_core_dims is None:
        input_core_dims = [()] * len(args)
    core_in = _as_core_dims(input_core_dims, "input_core_dims")
    if len(core_in) != len(args):
        raise ValueError(
            f"apply_ufunc: input_core_dims has {len(core_in)} entries but {len(args)} arguments "
            "were given; give one list of core dimensions per argument (use [] for none)"
        )
    core_out = _as_core_dims(((),) if output_core_dims is None else output_core_dims, "output_core_dims")
    if not core_out:
        raise ValueError("apply_ufunc: output_core_dims needs at least one entry (one per output)")
    signature = UFuncSignature(core_in, core_out)
    exclude = frozenset([exclude_dims] if isinstance(exclude_dims, str) else exclude_dims)
    not_core = exclude - signature.all_core_dims
    if not_core:
        raise ValueError(
            f"apply_ufunc: each dimension in exclude_dims must also be a core dimension; "
            f"{format_names(repr(d) for d in sorted(not_core, key=str))} is not in "
            "input_core_dims or output_core_dims"
        )
    if dask not in _DASK_OPTIONS:
        raise ValueError(f"apply_ufunc: dask must be one of {format_names(map(repr, _DASK_OPTIONS))}; got {dask!r}")
    if join not in _JOINS:
        raise ValueError(f"apply_ufunc: join must be one of {format_names(map(repr, _JOINS))}; got {join!r}")
    if on_missing_core_dim not in _ON_MISSING:
        raise ValueError(
            f"apply_ufunc: on_missing_core_dim must be one of {format_names(map(repr, _ON_MISSING))}; "
            f"got {on_missing_core_dim!r}"
        )
    if output_dtypes is not None:
        output_dtypes = list(output_dtypes)
        if len(output_dtypes) != signature.num_outputs:
            raise ValueError(
                f"apply_ufunc: output_dtypes has {len(output_dtypes)} entries but there are "
                f"{signature.num_outputs} outputs (one per entry of output_core_dims)"
            )
    if any(_is_groupby(a) for a in args):
        def apply_to_groups(*group_args: Any) -> Any:
            return apply_ufunc(
                func, *group_args, input_core_dims=input_core_dims, output_core_dims=output_core_dims,
                exclude_dims=exclude_dims, vectorize=vectorize, join=join, dataset_join=dataset_join,
                dataset_fill_value=dataset_fill_value, keep_attrs=keep_attrs, kwargs=kwargs,
                dask=dask, output_dtypes=output_dtypes, output_sizes=output_sizes,
                dask_gufunc_kwargs=dask_gufunc_kwargs, on_missing_core_dim=on_missing_core_dim,
            )  # fmt: skip

        return _apply_groupby(apply_to_groups, args)
    if kwargs:
        func = functools.partial(func, **kwargs)
    mode = _keep_attrs_mode(keep_attrs)
    options: dict[str, Any] = {
        "dask": dask,
        "vectorize": vectorize,
        "output_dtypes": output_dtypes,
        "output_sizes": output_sizes,
        "dask_gufunc_kwargs": dask_gufunc_kwargs,
    }
    if any(is_dataset_like(a) for a in args):
        return _apply_dataset(func, args, signature, join, dataset_join, dataset_fill_value,
                              exclude, mode, on_missing_core_dim, **options)
    if any(is_dataarray_like(a) for a in args):
        return _apply_dataarray(func, args, signature, join, exclude, mode, **options)
    if any(is_variable(a) for a in args):
        return apply_variable_vfunc(func, *args, signature=signature, exclude_dims=exclude,
                                    keep_attrs=mode, **options)
    if any(is_chunked_array(a) for a in args):
        if dask == "forbidden":
            raise ValueError(
                "apply_ufunc encountered a chunked (Dask) array, but handling for chunked "
                "arrays is not enabled; pass dask='allowed' or dask='parallelized'"
            )
        if dask == "parallelized":
            raise ValueError(
                "apply_ufunc: dask='parallelized' needs at least one labeled argument "
                "(Variable, DataArray or Dataset) to know the dimension names; use "
                "dask.array.apply_gufunc directly for plain Dask arrays"
            )
    _check_core_dims(args, signature)
    if vectorize:
        func = _vectorized(func, signature, exclude, output_dtypes)
    return func(*args)
