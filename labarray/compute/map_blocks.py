"""``map_blocks`` and ``unify_chunks``: run a function on each Dask block of a labeled object.

A block is handed to the function as a labeled object of the input's own type (with its
coordinates sliced to the block), computed in memory. The result's structure is described by a
*template* -- given, or inferred by calling the function on a zero-size version of the input --
and every block's result is checked against it when it is computed.

This module never imports the façade: objects are recognised by duck typing and rebuilt with
their own ``_replace`` / ``_construct_direct``.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import numpy as np

from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.structure.align import align
from labarray.structure.merge import is_dataarray_like, is_dataset_like
from labarray.utils.suggest import format_names

__all__ = ["map_blocks", "unify_chunks"]

_THIS = "<this-array>"  # the key of a DataArray's own data among its variables


def _is_labeled(obj: Any) -> bool:
    return is_dataarray_like(obj) or is_dataset_like(obj)


def _variables(obj: Any) -> dict[Hashable, Any]:
    """All variables of a DataArray (data under ``_THIS``) or Dataset."""
    if is_dataarray_like(obj):
        return {_THIS: obj._variable, **obj._coords}
    return dict(obj._variables)


def _with_variables(obj: Any, new: Mapping[Hashable, Any]) -> Any:
    """``obj`` with some variables' data replaced (same names, dims and shapes)."""
    if is_dataarray_like(obj):
        coords = dict(obj._coords)
        coords.update({k: v for k, v in new.items() if k != _THIS})
        return obj._replace(new.get(_THIS, obj._variable), coords)
    variables = dict(obj._variables)
    variables.update(new)
    return obj._replace(variables)


def _dim_chunks(objects: Sequence[Any]) -> dict[Hashable, list[tuple[int, ...]]]:
    found: dict[Hashable, list[tuple[int, ...]]] = {}
    for obj in objects:
        for var in _variables(obj).values():
            if is_chunked_array(var._data):
                for dim, c in zip(var.dims, var._data.chunks, strict=True):
                    if c not in found.setdefault(dim, []):
                        found[dim].append(c)
    return found


def _common_chunks(options: list[tuple[int, ...]]) -> tuple[int, ...]:
    bounds = sorted({int(b) for c in options for b in np.cumsum((0, *c))})
    return tuple(int(b) for b in np.diff(bounds))


def unify_chunks(*objects: Any) -> tuple[Any, ...]:
    """Rechunk DataArrays and Datasets so that every dimension has one chunking across all.

    Where variables disagree, the chunk boundaries of all of them are combined (each new chunk
    lies inside one chunk of every input), so no chunk grows.

    Parameters
    ----------
    *objects : DataArray or Dataset

    Returns
    -------
    tuple
        The objects, rechunked where needed (lazily), in the input order.

    Examples
    --------
    >>> import labarray as la
    >>> a = la.DataArray(list(range(6)), dims="x").chunk(x=3)
    >>> b = la.DataArray(list(range(6)), dims="x").chunk(x=2)
    >>> [o.chunks for o in unify_chunks(a, b)]
    [((2, 1, 1, 2),), ((2, 1, 1, 2),)]
    """
    for i, obj in enumerate(objects):
        if not _is_labeled(obj):
            raise TypeError(f"unify_chunks: argument {i} is a {type(obj).__name__}; expected a DataArray or Dataset")
    found = _dim_chunks(objects)
    target = {dim: options[0] if len(options) == 1 else _common_chunks(options) for dim, options in found.items()}
    out = []
    for obj in objects:
        new = {}
        for name, var in _variables(obj).items():
            if not is_chunked_array(var._data):
                continue
            chunks = tuple(target[d] for d in var.dims)
            if var._data.chunks != chunks:
                new[name] = var._replace(data=var._data.rechunk(chunks))
        out.append(_with_variables(obj, new) if new else obj)
    return tuple(out)


# -- map_blocks ------------------------------------------------------------------------------


def _meta_object(obj: Any) -> Any:
    """A zero-size, in-memory version of ``obj`` (every dimension of length 0)."""
    empty = obj.isel({d: slice(0, 0) for d in obj.dims})
    new = {}
    for name, var in _variables(empty).items():
        if is_chunked_array(var._data):
            new[name] = var._replace(data=np.empty(var.shape, dtype=var.dtype))
    return _with_variables(empty, new) if new else empty


def _describe(obj: Any) -> str:
    return "a DataArray" if is_dataarray_like(obj) else "a Dataset" if is_dataset_like(obj) else f"a {type(obj).__name__}"


def _output_spec(template: Any) -> dict[Hashable, Any]:
    """Variables of the result that hold data (DataArray data; Dataset data variables)."""
    if is_dataarray_like(template):
        return {_THIS: template._variable}
    return {k: v for k, v in template._variables.items() if k not in template._coord_names}


def _check_block_result(result: Any, template: Any, expected: Mapping[Hashable, Mapping[Hashable, int]],
                        block: Mapping[Hashable, int]) -> dict[Hashable, Any]:
    """The data of each output variable of a block result, after checking it against the template."""
    where = f"the block at {dict(block)}" if block else "the block"
    if is_dataarray_like(template) != is_dataarray_like(result) or not _is_labeled(result):
        raise TypeError(
            f"map_blocks: func returned {_describe(result)} for {where}, but the template is "
            f"{_describe(template)}"
        )
    got = _output_spec(result)
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    if missing or extra:
        raise ValueError(
            f"map_blocks: the result of func for {where} does not match the template: data "
            f"variables missing from the result: {format_names(missing)}; unexpected: "
            f"{format_names(extra)}"
        )
    out = {}
    for name, sizes in expected.items():
        var = got[name]
        label = "the data" if name == _THIS else f"data variable {name!r}"
        if set(var.dims) != set(sizes):
            raise ValueError(
                f"map_blocks: {label} of the result for {where} has dimensions "
                f"{format_names(var.dims)} but the template expects {format_names(sizes)}"
            )
        for dim, n in sizes.items():
            if var.sizes[dim] != n:
                raise ValueError(
                    f"map_blocks: {label} of the result for {where} has length "
                    f"{var.sizes[dim]} along {dim!r} but the template expects {n} for this block; "
                    "check the template's sizes and chunks"
                )
        out[name] = np.asarray(var.transpose(*sizes).values)
    return out


def map_blocks(
    func: Callable[..., Any],
    obj: Any,
    args: Sequence[Any] = (),
    kwargs: Mapping[str, Any] | None = None,
    template: Any = None,
) -> Any:
    """Apply ``func`` to each block of a Dask-backed DataArray or Dataset, lazily.

    Parameters
    ----------
    func : callable
        Called as ``func(block, *args, **kwargs)`` with ``block`` an in-memory object of the
        type of ``obj`` holding one block (coordinates sliced to match). It must return a
        DataArray or Dataset shaped like the matching part of ``template``.
    obj : DataArray or Dataset
        The object whose blocks are mapped; in-memory objects are passed to ``func`` whole.
    args : sequence, optional
        Further arguments; DataArrays and Datasets among them are aligned with ``obj``
        (``join="exact"``), rechunked alike and sliced to the same block.
    kwargs : mapping, optional
        Keyword arguments for ``func`` (not sliced).
    template : DataArray or Dataset, optional
        The shape of the result (its values are never read): dims, sizes, chunks (along the
        input's dims the input's chunks are used), coordinates and attrs. Without it, ``func``
        is called once on a zero-size version of ``obj`` to learn the result's variables;
        dimensions the input lacks then must have the same length in every block.

    Returns
    -------
    DataArray or Dataset
        Backed by Dask arrays; computing it runs ``func`` on every block and raises
        ``ValueError`` for a block whose result does not match the template.

    Examples
    --------
    >>> import labarray as la
    >>> da = la.DataArray(np.arange(6.0), dims="x", coords={"x": np.arange(6)}).chunk(x=2)
    >>> out = la.map_blocks(lambda b: b - b.mean(), da)
    >>> out.chunks, out.values
    (((2, 2, 2),), array([-0.5,  0.5, -0.5,  0.5, -0.5,  0.5]))
    """
    if not callable(func):
        raise TypeError(f"map_blocks: func must be callable, got a {type(func).__name__}")
    if not _is_labeled(obj):
        raise TypeError(f"map_blocks: obj must be a DataArray or Dataset, got a {type(obj).__name__}")
    if isinstance(args, str) or not isinstance(args, Sequence):
        raise TypeError(f"map_blocks: args must be a list or tuple, got a {type(args).__name__}")
    if template is not None and not _is_labeled(template):
        raise TypeError(f"map_blocks: template must be a DataArray or Dataset, got a {type(template).__name__}")
    kwargs = dict(kwargs or {})
    args = list(args)
    labeled = [i for i, a in enumerate(args) if _is_labeled(a)]
    objects = [obj, *(args[i] for i in labeled)]
    if not _dim_chunks(objects):
        result = func(obj, *args, **kwargs)
        if template is not None:
            _check_block_result(result, template, _sizes_of(template), {})
        return result
    if labeled:
        objects = list(align(*objects, join="exact", copy=False))
    objects = list(unify_chunks(*objects))
    obj = objects[0]
    for i, aligned in zip(labeled, objects[1:], strict=True):
        args[i] = aligned
    input_chunks: dict[Hashable, tuple[int, ...]] = {d: c[0] for d, c in _dim_chunks(objects).items()}
    if template is None:
        meta_args = [_meta_object(a) if _is_labeled(a) else a for a in args]
        try:
            inferred = func(_meta_object(obj), *meta_args, **kwargs)
        except Exception as err:
            raise ValueError(
                "map_blocks: could not infer the result by calling func on a zero-size version "
                f"of obj ({type(err).__name__}: {err}); pass template= to describe the result"
            ) from err
        if not _is_labeled(inferred):
            raise TypeError(
                f"map_blocks: func must return a DataArray or Dataset, but on a zero-size "
                f"version of obj it returned {_describe(inferred)}; pass template= if func "
                "cannot run on empty input"
            )
        template = _template_from_meta(inferred, obj)
    return _build(func, obj, args, kwargs, template, input_chunks)


def _sizes_of(template: Any) -> dict[Hashable, dict[Hashable, int]]:
    return {k: dict(v.sizes) for k, v in _output_spec(template).items()}


def _template_from_meta(meta: Any, obj: Any) -> Any:
    """Full-size template from a zero-size result.

    Data along the input's dims takes the input's sizes; coordinates along input dims come
    from the input, coordinates only along new dims from the zero-size result (their values
    are real: func made them without seeing any data).
    """
    sizes = dict(obj.sizes)
    data_names = set(_output_spec(meta))
    data: dict[Hashable, Any] = {}
    new_coords: dict[Hashable, Any] = {}
    for name, var in _variables(meta).items():
        if name in data_names:
            shape = tuple(sizes.get(d, n) for d, n in zip(var.dims, var.shape, strict=True))
            data[name] = var._replace(data=np.broadcast_to(np.zeros((), var.dtype), shape))
        elif not set(var.dims) & set(sizes):
            new_coords[name] = var
    out_dims = {d for v in data.values() for d in v.dims}
    coords = {k: v for k, v in _variables(obj).items()
              if k != _THIS and (is_dataarray_like(obj) or k in obj._coord_names) and set(v.dims) <= out_dims}
    coords.update({k: v for k, v in new_coords.items() if set(v.dims) <= out_dims})
    indexes = {k: i for k, i in obj._indexes.items() if k in coords}
    indexes.update({k: i for k, i in meta._indexes.items() if k in new_coords and k in coords})
    if is_dataarray_like(meta):
        return type(meta)._construct_direct(data[_THIS], coords, meta._name, indexes, meta._variable._attrs)
    return type(meta)._construct_direct({**data, **coords}, set(coords), None, meta._attrs, indexes, None)


def _build(func: Callable[..., Any], obj: Any, args: list[Any], kwargs: dict[str, Any],
           template: Any, input_chunks: dict[Hashable, tuple[int, ...]]) -> Any:
    import dask

    da = dask_array()
    spec = _output_spec(template)
    out_dims: dict[Hashable, int] = {}
    for var in spec.values():
        out_dims.update(var.sizes)
    for dim, size in out_dims.items():
        if dim in input_chunks and sum(input_chunks[dim]) != size:
            raise ValueError(
                f"map_blocks: dimension {dim!r} has length {sum(input_chunks[dim])} on the "
                f"input but {size} on the template; a dimension of the input keeps its length"
            )
    for dim, chunks in input_chunks.items():
        if len(chunks) > 1 and dim not in out_dims:
            raise ValueError(
                f"map_blocks: dimension {dim!r} is split into {len(chunks)} chunks on the input "
                "but is not in the result, so each block would see only part of it; rechunk it "
                f"to one chunk first with .chunk({{{dim!r}: -1}})"
            )
    loop_dims = list(input_chunks)
    starts = {d: np.cumsum((0, *c)) for d, c in input_chunks.items()}
    token = uuid.uuid4().hex
    pieces: dict[Hashable, dict[tuple[int, ...], Any]] = {name: {} for name in spec}
    for idx in itertools.product(*(range(len(input_chunks[d])) for d in loop_dims)):
        block = dict(zip(loop_dims, idx, strict=True))
        slices = {d: slice(int(starts[d][i]), int(starts[d][i + 1])) for d, i in block.items()}
        expected = {
            name: {d: (input_chunks[d][block[d]] if d in block else out_dims[d]) for d in var.dims}
            for name, var in spec.items()
        }
        skeletons = [_block_skeleton(o, slices) for o in (obj, *args)]
        arrays = [s[1] for s in skeletons]
        runner = _BlockRunner(func, [s[0] for s in skeletons], kwargs, template, expected, block)
        result = dask.delayed(runner, pure=False)(arrays, dask_key_name=f"map-blocks-{token}-{idx}")
        for name, var in spec.items():
            key = tuple(block.get(d, 0) for d in var.dims)
            if key in pieces[name]:
                continue
            shape = tuple(expected[name][d] for d in var.dims)
            item = dask.delayed(_getitem, pure=True)(result, name)
            pieces[name][key] = da.from_delayed(item, shape=shape, dtype=var.dtype)
    new = {}
    for name, var in spec.items():
        counts = [len(input_chunks[d]) if d in input_chunks else 1 for d in var.dims]
        new[name] = var._replace(data=_assemble(pieces[name], counts, da, var.dtype))
    return _with_variables(template, new)


def _getitem(mapping: Mapping[Hashable, Any], key: Hashable) -> Any:
    return mapping[key]


def _assemble(pieces: Mapping[tuple[int, ...], Any], counts: list[int], da: Any, dtype: Any) -> Any:
    if not counts:
        return pieces[()]

    def nest(prefix: tuple[int, ...]) -> Any:
        if len(prefix) == len(counts):
            return pieces[prefix]
        return [nest((*prefix, i)) for i in range(counts[len(prefix)])]

    return da.block(nest(()))


def _block_skeleton(obj: Any, slices: Mapping[Hashable, slice]) -> tuple[Any, Any]:
    """(object sliced to the block with its Dask data taken out, {name: Dask block})."""
    if not _is_labeled(obj):
        return obj, {}
    sub = obj.isel({d: s for d, s in slices.items() if d in obj.dims})
    lazy = {k: v._data for k, v in _variables(sub).items() if is_chunked_array(v._data)}
    return sub, lazy


class _BlockRunner:
    """The task run for one block: rebuild the in-memory block objects, call func, check."""

    def __init__(self, func: Callable[..., Any], skeletons: list[Any], kwargs: dict[str, Any],
                 template: Any, expected: dict[Hashable, dict[Hashable, int]], block: dict[Hashable, int]) -> None:
        self.func = func
        self.skeletons = skeletons
        self.kwargs = kwargs
        self.template = template
        self.expected = expected
        self.block = block

    def __call__(self, arrays: list[dict[Hashable, Any]]) -> dict[Hashable, Any]:
        filled = []
        for skeleton, data in zip(self.skeletons, arrays, strict=True):
            if data:
                variables = _variables(skeleton)
                skeleton = _with_variables(
                    skeleton, {k: variables[k]._replace(data=np.asarray(v)) for k, v in data.items()}
                )
            filled.append(skeleton)
        result = self.func(*filled, **self.kwargs)
        return _check_block_result(result, self.template, self.expected, self.block)
