"""GroupBy objects: split-apply-combine over integer group codes.

``obj.groupby(...)`` resolves the group(s) to DataArrays and asks each :class:`Grouper` to
factorize its group into integer codes (:mod:`labarray.compute.grouping.groupers`). Several
groupers combine into one code per element (row-major over the groupers). Then

* reductions (``mean``, ``sum``, ``quantile``, ``first`` ...) call
  :func:`labarray.compute.grouping.reduce.grouped_reduce` once per variable: one pass over the
  data, no split into groups, NumPy or lazily on Dask. The group dimension takes the place of the
  grouped dimension (one dimension per grouper), labelled by every group (empty ones included);
* iteration, :meth:`GroupBy.map` and :meth:`GroupBy.reduce` split the object by position;
* binary operations (``gb - clim``) gather the operand by group (:mod:`.binary`).

The objects are built from the caller's own types (``_to_temp_dataset``, ``_replace``), so this
module never imports the façade.

>>> import pandas as pd, labarray as xr
>>> da = xr.DataArray([1.0, 2.0, 3.0, 4.0], dims="time",
...                   coords={"time": pd.date_range("2000-01-30", periods=4, freq="D")})
>>> da.groupby("time.month").mean().values.tolist()
[1.5, 3.5]
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labarray.aggregations import get_aggregation, inject_aggregations, isnull, numeric_only_keeps
from labarray.compute.grouping.binary import expand_by_group, fused_group_binary_op, is_labeled
from labarray.compute.grouping.blockwise import contiguous_grouped_reduce, is_contiguous
from labarray.compute.grouping.groupers import EncodedGroups, Grouper, UniqueGrouper
from labarray.compute.grouping.reduce import grouped_reduce
from labarray.compute.grouping.resolve import (
    _as_dataset,
    _combine_codes,
    _dataset_group_order,
    _dim_order,
    resolve_groupers,
)
from labarray.indexes import PandasIndex, filter_indexes_from_coords
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.structure.concat import concat
from labarray.utils.suggest import did_you_mean, format_names
from labarray.variable import Variable
from labarray.variable.ops import BINARY_OPS, COMPARISON_OPS

__all__ = ["DataArrayGroupBy", "DatasetGroupBy", "GroupBy", "resolve_groupers"]

#: reductions whose value for an empty group is missing (not 0/False/True) when groups may be empty
_EMPTY_IS_MISSING = frozenset({"sum", "count", "any", "all", "prod"})
_REDUCTIONS = (
    "count", "all", "any", "max", "min", "mean", "prod", "sum", "std", "var", "median",
    "cumsum", "cumprod",
)  # fmt: skip


class GroupBy:
    """Base class of :class:`DataArrayGroupBy` and :class:`DatasetGroupBy` (and of Resample).

    Do not build it directly: use ``obj.groupby(...)``, ``obj.groupby_bins(...)`` or
    ``obj.resample(...)``.
    """

    __slots__ = (
        "_codes",
        "_default_skipna",
        "_ds",
        "_encoded",
        "_group_dims",
        "_is_dataarray",
        "_mask_empty",
        "_obj",
        "_positions",
        "_restore_coord_dims",
        "_shape",
    )  # fmt: skip

    #: whether ``map`` results that drop the grouped dimension get every group (empty ones NaN)
    _fill_empty_groups = False

    def __init__(
        self,
        obj: Any,
        groupers: Sequence[tuple[Any, Grouper]],
        *,
        restore_coord_dims: bool = False,
        default_skipna: bool | None = None,
    ) -> None:
        self._obj = obj
        self._ds, self._is_dataarray = _as_dataset(obj)
        self._encoded = [grouper.factorize(group) for group, grouper in groupers]
        # bins, time bins and combinations of several groupers may be empty: as in xarray, their
        # sum/count/any/all are then missing rather than 0/False/True
        self._mask_empty = len(groupers) > 1 or not isinstance(groupers[0][1], UniqueGrouper)
        names = [enc.name for enc in self._encoded]
        if len(set(names)) != len(names):
            raise ValueError(f"the groupers produce duplicate output names {names}; rename a group")
        used = set().union(*(enc.group_dims for enc in self._encoded))
        self._group_dims = tuple(d for d in _dim_order(obj, self._ds) if d in used)
        self._shape = tuple(enc.ngroups for enc in self._encoded)
        self._codes = _combine_codes(self._encoded, self._group_dims, self._ds.dims)
        self._restore_coord_dims = restore_coord_dims
        self._default_skipna = default_skipna
        self._positions: list[np.ndarray] | None = None

    def _with_object(self, obj: Any, cls: type[GroupBy]) -> GroupBy:
        """The same groups over another object with the grouped dimensions (no re-factorizing)."""
        new = object.__new__(cls)
        for slot in GroupBy.__slots__:
            object.__setattr__(new, slot, getattr(self, slot))
        new._obj = obj
        new._ds, new._is_dataarray = _as_dataset(obj)
        return new

    # ------------------------------------------------------------------ description
    @property
    def _ngroups(self) -> int:
        return math.prod(self._shape)

    @property
    def dims(self) -> Any:
        """Dimensions of the grouped object: a DataArray's tuple, a Dataset's name -> size."""
        return self._obj.dims if self._is_dataarray else self._ds.dims

    @property
    def groupers(self) -> tuple[EncodedGroups, ...]:
        """The encoded groups (codes and labels), one per grouper."""
        return tuple(self._encoded)

    def _label(self, code: int) -> Any:
        if len(self._encoded) == 1:
            return self._encoded[0].labels[code]
        parts = np.unravel_index(code, self._shape)
        return tuple(enc.labels[p] for enc, p in zip(self._encoded, parts, strict=True))

    def _group_positions(self) -> list[np.ndarray]:
        """Positions (along the single grouped dimension) of the elements of every group."""
        if self._positions is None:
            if len(self._group_dims) != 1:
                raise ValueError(
                    "splitting into groups needs groups along one dimension; these groups span "
                    f"{self._group_dims}: stack those dimensions first (obj.stack(...))"
                )
            codes = self._codes.reshape(-1)
            order = np.argsort(codes, kind="stable")
            bounds = np.searchsorted(codes[order], np.arange(self._ngroups + 1))
            self._positions = [order[bounds[g] : bounds[g + 1]] for g in range(self._ngroups)]
        return self._positions

    def _observed(self) -> list[int]:
        return [g for g, pos in enumerate(self._group_positions()) if pos.size]

    @property
    def groups(self) -> dict[Any, list[int]]:
        """Mapping of every non-empty group's label to the positions of its elements."""
        positions = self._group_positions()
        return {_hashable(self._label(g)): positions[g].tolist() for g in self._observed()}

    def __len__(self) -> int:
        return len(self._observed())

    def _select(self, positions: np.ndarray) -> Any:
        (dim,) = self._group_dims
        key: Any = positions
        if positions.size and positions[-1] - positions[0] + 1 == positions.size:
            key = slice(int(positions[0]), int(positions[-1]) + 1)
        return self._obj.isel({dim: key})

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        positions = self._group_positions()
        for g in self._observed():
            yield self._label(g), self._select(positions[g])

    def __repr__(self) -> str:
        kind = type(self).__name__
        lines = [f"<{kind}, grouped over {len(self._encoded)} grouper(s): "]
        for enc in self._encoded:
            labels = ", ".join(str(v) for v in enc.labels[:6]) + (
                ", ..." if enc.ngroups > 6 else ""
            )
            lines.append(f"    {enc.name!r}: {enc.ngroups} groups with labels {labels}")
        return "\n".join(lines) + ">"

    # ------------------------------------------------------------------ split-apply-combine
    def _wrap(self, ds: Any) -> Any:
        return self._obj._from_temp_dataset(ds) if self._is_dataarray else ds

    def map(
        self,
        func: Callable[..., Any],
        args: tuple[Any, ...] = (),
        shortcut: bool | None = None,
        **kwargs: Any,
    ) -> Any:
        """Apply ``func`` to every group and combine the results.

        Parameters
        ----------
        func : callable
            Called as ``func(group, *args, **kwargs)`` on each group (an object of the grouped
            type) and returning a DataArray or Dataset.
        args : tuple, optional
            Positional arguments after the group.
        shortcut : bool, optional
            Accepted for compatibility; the result does not depend on it.
        **kwargs
            Keyword arguments of ``func``.

        Returns
        -------
        DataArray or Dataset
            Results that keep the grouped dimension are concatenated along it and put back in
            the original order; other results are stacked along a new dimension named after the
            group.

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", ["a", "b", "a"])})
        >>> da.groupby("g").map(lambda x: x - x.mean()).values.tolist()
        [-1.0, 0.0, 1.0]
        """
        applied = [func(group, *args, **kwargs) for _, group in self]
        return self._combine(applied)

    #: the name the deprecation warning of :meth:`apply` gives
    _apply_name = "GroupBy"

    def apply(
        self,
        func: Callable[..., Any],
        args: tuple[Any, ...] = (),
        shortcut: bool | None = None,
        **kwargs: Any,
    ) -> Any:
        """Old name of :meth:`map`, kept for old code; emits a ``PendingDeprecationWarning``.

        Parameters
        ----------
        func : callable
            Called as ``func(group, *args, **kwargs)`` on each group.
        args : tuple, optional
            Positional arguments after the group.
        shortcut : bool, optional
            Accepted for compatibility.
        **kwargs
            Keyword arguments of ``func``.

        Returns
        -------
        DataArray or Dataset
            The same as :meth:`map`.

        Examples
        --------
        >>> import warnings
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", ["a", "b", "a"])})
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", PendingDeprecationWarning)
        ...     da.groupby("g").apply(lambda x: x.sum()).values.tolist()
        [4.0, 2.0]
        """
        _warn_apply(self._apply_name)
        return self.map(func, args=args, shortcut=shortcut, **kwargs)

    def _combine(self, applied: list[Any]) -> Any:
        (dim,) = self._group_dims
        if not applied:
            raise ValueError(
                "cannot combine the results of an empty GroupBy (no group has elements)"
            )
        positions = self._group_positions()
        observed = self._observed()
        if all(is_labeled(r) and dim in r.dims for r in applied):
            combined = concat(applied, dim)
            order = np.concatenate([positions[g] for g in observed])
            if order.size == combined.sizes[dim] and not np.array_equal(
                order, np.arange(order.size)
            ):
                combined = combined.isel({dim: np.argsort(order, kind="stable")})
            return self._restore_dim_order(combined)
        if len(self._encoded) != 1:
            raise ValueError(
                "results of map that drop the grouped dimension can only be combined for one "
                f"grouper; this GroupBy has {len(self._encoded)}"
            )
        enc = self._encoded[0]
        labels = pd.Index(enc.labels[observed], name=enc.name, tupleize_cols=False)
        if not all(is_labeled(r) for r in applied):
            raise TypeError(
                "the function given to map must return DataArrays or Datasets, got "
                f"{type(next(r for r in applied if not is_labeled(r))).__name__}"
            )
        combined = concat(applied, labels)
        if self._fill_empty_groups and len(observed) < enc.ngroups:
            # resampling keeps every bin: empty ones are missing, as in the reductions
            combined = combined.reindex({enc.name: enc.labels})
        if enc.coord_attrs and enc.name not in applied[0].coords:
            # the new coordinate describes the group (a resampled time keeps its attributes)
            coord = Variable((enc.name,), np.asarray(combined[enc.name].values), enc.coord_attrs)
            combined = combined.assign_coords({enc.name: coord})
        return self._restore_dim_order(combined)

    def _restore_dim_order(self, combined: Any) -> Any:
        """A DataArray result of :meth:`map` in the grouped array's dimension order: a group
        dimension takes the place of the (one) dimension its group spans; new ones go last."""
        if not self._is_dataarray or not is_labeled(combined) or hasattr(combined, "data_vars"):
            return combined
        obj_dims = list(self._obj.dims)

        def position(dim: Hashable) -> float:
            for enc in self._encoded:
                if dim == enc.name and len(enc.group_dims) == 1:
                    dim = enc.group_dims[0]
            return obj_dims.index(dim) if dim in obj_dims else math.inf

        order = sorted(combined.dims, key=position)
        if order == list(combined.dims):
            return combined
        return combined.transpose(*order, transpose_coords=self._restore_coord_dims)

    def reduce(
        self,
        func: Callable[..., Any],
        dim: Any = None,
        *,
        axis: Any = None,
        keep_attrs: bool | None = None,
        keepdims: bool = False,
        shortcut: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Reduce every group with ``func`` (``func(values, axis=..., **kwargs)``) and combine.

        Parameters
        ----------
        func : callable
            A NumPy-style reduction, e.g. ``np.ptp``.
        dim : str, sequence of str or ..., optional
            Dimensions to reduce; default: the grouped dimension.
        axis, keep_attrs, keepdims, **kwargs
            Passed to ``obj.reduce`` of each group.
        shortcut : bool, default: True
            Accepted for compatibility.

        Examples
        --------
        >>> import numpy as np, labarray as xr
        >>> da = xr.DataArray([1.0, 5.0, 3.0], dims="x", coords={"g": ("x", ["a", "b", "a"])})
        >>> da.groupby("g").reduce(np.ptp).values.tolist()
        [2.0, 0.0]
        """
        if dim is None:
            dim = self._group_dims
        self._check_dims(dim)

        def reduce_group(group: Any) -> Any:
            return group.reduce(
                func, dim=dim, axis=axis, keep_attrs=keep_attrs, keepdims=keepdims, **kwargs
            )

        return self.map(reduce_group)

    # ------------------------------------------------------------------ grouped reductions
    def _check_dims(self, dim: Any) -> tuple[Hashable, ...]:
        all_dims = tuple(self._ds.dims)
        if dim is ...:
            return all_dims
        dims = (dim,) if isinstance(dim, str) or not isinstance(dim, Sequence) else tuple(dim)
        for d in dims:
            if d not in self._ds.dims:
                hint = did_you_mean(d, all_dims)
                raise ValueError(
                    f"cannot reduce over dimension {d!r}: the grouped object has dimensions "
                    f"{format_names(all_dims)}" + (f"; {hint}" if hint else "")
                )
        return dims

    def _reduce_dims(self, dim: Any) -> tuple[Hashable, ...]:
        if dim is None:
            return self._group_dims
        extra = self._check_dims(dim)
        return tuple(d for d in self._ds.dims if d in set(extra) | set(self._group_dims))

    def _aggregate(self, name: str, dim: Any = None, **kwargs: Any) -> Any:
        keep_attrs = kwargs.pop("keep_attrs", None)
        if kwargs.pop("keepdims", False):
            raise ValueError(f"keepdims=True is not supported by grouped {name}")
        agg = get_aggregation(name)
        if agg.cumulative:
            # a scan keeps the shape: run it on every group and put the pieces back in place
            scan_dims = self._group_dims if dim is None else dim
            result = self.map(
                lambda g: g._aggregate(name, dim=scan_dims, keep_attrs=keep_attrs, **kwargs)
            )
            if name != "cumsum":
                return result
            # xarray's grouped cumsum (a flox scan) puts the scanned dimension(s) last; cumprod
            # (a grouped reduce there) keeps the array's order
            last = (scan_dims,) if isinstance(scan_dims, str) else tuple(scan_dims)
            return result.transpose(..., *last)
        if (
            kwargs.get("skipna") is None
            and self._default_skipna is not None
            and agg.supports_skipna
        ):
            kwargs["skipna"] = self._default_skipna
        return self._grouped(name, dim, keep_attrs, numeric_only=agg.numeric_only, **kwargs)

    def _grouped(
        self, func: str, dim: Any, keep_attrs: bool | None, *, numeric_only: bool = False,
        q: Any = None, **kwargs: Any,
    ) -> Any:  # fmt: skip
        ds = self._ds
        keep_attrs = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
        reduce_dims = self._reduce_dims(dim)
        names = tuple(enc.name for enc in self._encoded)
        if q is not None:
            kwargs["q"] = q
        variables: dict[Hashable, Variable] = {}
        coord_names: set[Hashable] = set()
        indexes: dict[Hashable, Any] = {}
        for enc in self._encoded:
            index = PandasIndex(pd.Index(enc.labels, name=enc.name, tupleize_cols=False), enc.name,
                                coord_dtype=enc.labels.dtype)  # fmt: skip
            # the group coordinate keeps the group's attributes even with keep_attrs=False (as
            # xarray): they describe the labels, not the reduced values
            coord = Variable((enc.name,), enc.labels, enc.coord_attrs)
            variables.update(index.create_variables({enc.name: coord}))
            coord_names.add(enc.name)
            indexes[enc.name] = index
        for key, var in ds._variables.items():
            if key in names:
                continue
            if key in ds._coord_names:
                if not set(var.dims) & set(reduce_dims):
                    variables[key] = var
                    coord_names.add(key)
                continue
            if numeric_only and not self._is_dataarray and not numeric_only_keeps(func, var):
                continue
            reduced = self._reduce_variable(var, func, reduce_dims, keep_attrs, **kwargs)
            if func in _EMPTY_IS_MISSING and self._mask_empty:
                reduced = self._mask_empty_groups(reduced, names, func)
            variables[key] = reduced if self._is_dataarray else _dataset_group_order(reduced, names)
        if q is not None:
            qarr = np.asarray(q, dtype=float)
            if qarr.ndim:
                qindex = PandasIndex(pd.Index(qarr, name="quantile"), "quantile")
                variables.update(qindex.create_variables())
                indexes["quantile"] = qindex
            else:
                variables["quantile"] = Variable((), qarr)
            coord_names.add("quantile")
        kept = filter_indexes_from_coords(
            {k: v for k, v in ds._indexes.items() if k not in names}, coord_names
        )
        kept.update(indexes)
        result = ds._replace_with_new_dims(
            variables, coord_names, attrs=dict(ds.attrs) if keep_attrs else None, indexes=kept
        )
        return self._wrap(result)

    def _mask_empty_groups(
        self, reduced: Variable, names: tuple[Hashable, ...], func: str
    ) -> Variable:
        """``reduced`` with missing values for the groups without elements (if any); xarray's
        ``prod`` keeps 1 there but is float as well."""
        codes = self._codes.reshape(-1)
        empty = np.bincount(codes[codes >= 0], minlength=self._ngroups) == 0
        if not empty.any():
            return reduced
        data = reduced.astype(np.float64) if reduced.dtype.kind in "biu" else reduced
        if func == "prod":
            return data
        nonempty = Variable(names, ~empty.reshape(self._shape))
        return data.where(nonempty).transpose(*reduced.dims)

    def _reduce_variable(
        self,
        var: Variable,
        func: str,
        reduce_dims: tuple[Hashable, ...],
        keep_attrs: bool,
        **kwargs: Any,
    ) -> Variable:
        names = tuple(enc.name for enc in self._encoded)
        attrs = var._attrs if keep_attrs else None
        if not set(var.dims) & set(self._group_dims):
            # a variable without the grouped dimension: reduced over the others it has, and
            # repeated along the group dimension(s)
            own = [d for d in reduce_dims if d in var.dims]
            if own and func == "quantile":
                var = var.quantile(kwargs["q"], dim=own, method=kwargs.get("method", "linear"),
                                   keep_attrs=keep_attrs, skipna=kwargs.get("skipna"))  # fmt: skip
                if "quantile" in var.dims:  # last, as for the grouped variables
                    var = var.transpose(*[d for d in var.dims if d != "quantile"], "quantile")
            elif own:
                var = var._aggregate(func, dim=own, keep_attrs=keep_attrs, **kwargs)
            elif not keep_attrs:
                var = var._replace(attrs=None)
            sizes = dict(zip(names, self._shape, strict=True))
            sizes.update(var.sizes)
            return var.set_dims(sizes)
        missing = [d for d in self._group_dims if d not in var.dims]
        if missing:
            raise ValueError(
                f"variable with dimensions {var.dims} lacks the group dimension(s) {missing}; "
                "group it separately"
            )
        red = [d for d in var.dims if d in reduce_dims]
        axes = tuple(var.dims.index(d) for d in red)
        codes = self._codes_for(red, var.sizes)
        if (
            is_chunked_array(var.data)
            and len(axes) == 1
            and np.ndim(kwargs.get("q", 0)) == 0
            and is_contiguous(codes)
        ):
            # runs of consecutive elements (resampling): each block reduces its own groups
            data = contiguous_grouped_reduce(
                var.data, codes, self._ngroups, axes[0], func, **kwargs
            )
        else:
            data = grouped_reduce(var.data, codes, self._ngroups, axes, func, **kwargs)
        remaining = [d for d in var.dims if d not in reduce_dims]
        trailing = ["quantile"] if data.ndim > len(remaining) + 1 else []
        nrem = len(remaining)
        if len(self._shape) > 1:
            data = data.reshape(data.shape[:nrem] + self._shape + data.shape[nrem + 1 :])
        if len(self._group_dims) == 1:
            # groups along one dimension take its place
            first = var.dims.index(self._group_dims[0])
            pos = sum(1 for d in var.dims[:first] if d in remaining)
        else:
            # groups spanning several dimensions go last, in the groupers' order (as xarray,
            # which stacks those dimensions into one before reducing)
            pos = nrem
        ngroupers = len(self._shape)
        if pos != nrem:
            data = np.moveaxis(
                data, list(range(nrem, nrem + ngroupers)), list(range(pos, pos + ngroupers))
            )
        dims = remaining[:pos] + list(names) + remaining[pos:] + trailing
        return Variable(tuple(dims), data, attrs)

    def _codes_for(self, red: list[Hashable], sizes: Mapping[Hashable, int]) -> np.ndarray:
        if tuple(red) == self._group_dims:
            return self._codes
        var = Variable(self._group_dims, self._codes).set_dims({d: sizes[d] for d in red})
        return np.ascontiguousarray(var.transpose(*red).values)

    def quantile(
        self,
        q: Any,
        dim: Any = None,
        *,
        method: str = "linear",
        keep_attrs: bool | None = None,
        skipna: bool | None = None,
        interpolation: str | None = None,
    ) -> Any:
        """Quantile(s) ``q`` of every group.

        Parameters
        ----------
        q : float or sequence of float
            Quantile(s) in ``[0, 1]``; a sequence adds a ``quantile`` dimension (last).
        dim : str, sequence of str or ..., optional
            Dimensions to reduce besides the grouped one.
        method : str, default: "linear"
            NumPy's quantile method.
        keep_attrs : bool, optional
            Keep attributes.
        skipna : bool, optional
            Skip NaN (default for floats).
        interpolation : str, optional
            Old name of ``method``.

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0, 10.0], dims="x", coords={"g": ("x", [0, 0, 1, 1])})
        >>> da.groupby("g").quantile(0.5).values.tolist()
        [1.5, 6.5]
        """
        if interpolation is not None:
            if method != "linear":
                raise TypeError("pass only one of method and interpolation (its old name)")
            method = interpolation
        return self._grouped("quantile", dim, keep_attrs, q=q, method=method, skipna=skipna)

    def first(self, skipna: bool | None = None, keep_attrs: bool | None = None) -> Any:
        """The first (non-missing, with ``skipna``) value of every group.

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", [0, 1, 0])})
        >>> da.groupby("g").first().values.tolist()
        [1.0, 2.0]
        """
        return self._grouped("first", None, keep_attrs, skipna=skipna)

    def last(self, skipna: bool | None = None, keep_attrs: bool | None = None) -> Any:
        """The last (non-missing, with ``skipna``) value of every group.

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", [0, 1, 0])})
        >>> da.groupby("g").last().values.tolist()
        [3.0, 2.0]
        """
        return self._grouped("last", None, keep_attrs, skipna=skipna)

    # ------------------------------------------------------------------ arithmetic by group
    def _expand(self, other: Any, what: str) -> Any:
        if not is_labeled(other):
            raise TypeError(
                f"a grouped {what} needs a DataArray or Dataset indexed by the group labels, got "
                f"{type(other).__name__}; use the ungrouped object for scalars"
            )
        return expand_by_group(other, self._obj, self._encoded, self._codes, self._group_dims, what)

    def _binary_op(self, other: Any, f: Callable[[Any, Any], Any], reflexive: bool = False) -> Any:
        fused = fused_group_binary_op(
            self._obj, other, self._encoded, self._codes, self._group_dims, f, reflexive
        )
        if fused is not None:
            return fused
        expanded = self._expand(other, "binary operation")
        return f(expanded, self._obj) if reflexive else f(self._obj, expanded)

    def where(self, cond: Any, other: Any = None) -> Any:
        """Keep values where ``cond`` (indexed by group) is true, else ``other``.

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", [0, 1, 0])})
        >>> keep = xr.DataArray([True, False], dims="g", coords={"g": [0, 1]})
        >>> da.groupby("g").where(keep).values.tolist()
        [1.0, nan, 3.0]
        """
        if is_labeled(cond) and any(enc.name in cond.dims for enc in self._encoded):
            cond = self._expand(cond, "where")
        if is_labeled(other) and any(enc.name in other.dims for enc in self._encoded):
            other = self._expand(other, "where")
        if other is None:
            return self._obj.where(cond)
        return self._obj.where(cond, other)

    def fillna(self, value: Any) -> Any:
        """Fill missing values with ``value`` indexed by group (e.g. the group means).

        Examples
        --------
        >>> import numpy as np, labarray as xr
        >>> da = xr.DataArray([1.0, np.nan, 3.0], dims="x", coords={"g": ("x", [0, 0, 1])})
        >>> da.groupby("g").fillna(da.groupby("g").mean()).values.tolist()
        [1.0, 1.0, 3.0]
        """
        expanded = self._expand(value, "fillna")
        return self._obj._binary_op(expanded, _fill_missing)

    def assign_coords(self, coords: Mapping[Any, Any] | None = None, **coords_kwargs: Any) -> Any:
        """Assign coordinates group by group (callables receive each group).

        Examples
        --------
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", [0, 1, 0])})
        >>> res = da.groupby("g").assign_coords(n=lambda grp: ("x", [grp.sizes["x"]] * grp.sizes["x"]))
        >>> res.n.values.tolist()
        [2, 1, 2]
        """
        merged = dict(coords or {}, **coords_kwargs)
        return self.map(lambda group: group.assign_coords(**merged))


def _warn_apply(kind: str) -> None:
    warnings.warn(
        f"{kind}.apply may be deprecated in the future; use {kind}.map, which takes the same "
        "arguments",
        PendingDeprecationWarning,
        stacklevel=3,
    )


def _fill_missing(values: Any, fill: Any) -> Any:
    if hasattr(values, "fillna"):  # Variables (the façade's operators hand these over)
        return values.fillna(fill)
    return np.where(isnull(values), fill, values)


def _hashable(label: Any) -> Any:
    return label.item() if isinstance(label, np.generic) and label.dtype.kind not in "mM" else label


def _binary_method(
    f: Callable[[Any, Any], Any], name: str, reflexive: bool
) -> Callable[[Any, Any], Any]:
    def method(self: GroupBy, other: Any) -> Any:
        return self._binary_op(other, f, reflexive=reflexive)

    method.__name__ = f"__r{name}__" if reflexive else f"__{name}__"
    method.__qualname__ = f"GroupBy.{method.__name__}"
    method.__doc__ = f"Grouped ``{name}``: the operand is indexed by the group labels."
    return method


for _name, _f in BINARY_OPS.items():
    setattr(GroupBy, f"__{_name}__", _binary_method(_f, _name, False))
    setattr(GroupBy, f"__r{_name}__", _binary_method(_f, _name, True))
for _name, _f in COMPARISON_OPS.items():
    setattr(GroupBy, f"__{_name}__", _binary_method(_f, _name, False))
GroupBy.__hash__ = None  # type: ignore[assignment]

_GROUP_DIM_DOC = (
    "Dimension(s) to reduce besides the grouped one; default: the grouped dimension only, "
    "``...``: every dimension."
)
inject_aggregations(GroupBy, rows=_REDUCTIONS, dim_doc=_GROUP_DIM_DOC)


class DataArrayGroupBy(GroupBy):
    """GroupBy of a DataArray (``da.groupby(...)``)."""

    __slots__ = ()

    def apply(  # type: ignore[override]
        self,
        func: Callable[..., Any],
        shortcut: bool = False,
        args: tuple[Any, ...] = (),
        **kwargs: Any,
    ) -> Any:
        """Old name of :meth:`map` (``shortcut`` second, as in xarray); emits a
        ``PendingDeprecationWarning``.

        Examples
        --------
        >>> import warnings
        >>> import labarray as xr
        >>> da = xr.DataArray([1.0, 2.0, 3.0], dims="x", coords={"g": ("x", ["a", "b", "a"])})
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore", PendingDeprecationWarning)
        ...     da.groupby("g").apply(lambda x: x - x.mean()).values.tolist()
        [-1.0, 0.0, 1.0]
        """
        _warn_apply(self._apply_name)
        return self.map(func, args=args, shortcut=shortcut, **kwargs)


class DatasetGroupBy(GroupBy):
    """GroupBy of a Dataset (``ds.groupby(...)``)."""

    __slots__ = ()

    def __getitem__(self, key: Hashable) -> DataArrayGroupBy:
        """The GroupBy of one variable, with the same groups (``ds.groupby("g")["a"]``).

        Examples
        --------
        >>> import labarray as xr
        >>> ds = xr.Dataset({"a": ("x", [1.0, 2.0, 3.0])}, coords={"g": ("x", [0, 1, 0])})
        >>> ds.groupby("g")["a"].sum().values.tolist()
        [4.0, 2.0]
        """
        variable = self._obj[key]
        missing = [d for d in self._group_dims if d not in variable.dims]
        if missing:
            raise ValueError(
                f"variable {key!r} lacks the grouped dimension(s) {missing}: it cannot be grouped"
            )
        return self._with_object(variable, DataArrayGroupBy)  # type: ignore[return-value]

    def assign(self, **kwargs: Any) -> Any:
        """Assign variables group by group (callables receive each group).

        Examples
        --------
        >>> import labarray as xr
        >>> ds = xr.Dataset({"a": ("x", [1.0, 2.0, 3.0])}, coords={"g": ("x", [0, 1, 0])})
        >>> ds.groupby("g").assign(b=lambda grp: grp.a - grp.a.mean()).b.values.tolist()
        [-1.0, 0.0, 1.0]
        """
        return self.map(lambda group: group.assign(**kwargs))
