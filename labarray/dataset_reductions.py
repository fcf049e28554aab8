"""The reductions of a Dataset: every data variable reduced along the requested dimensions.

The aggregation methods themselves (``sum``, ``mean``, ...) are generated from the table in
:mod:`labarray.aggregations`; they call ``_aggregate`` below.
"""

from __future__ import annotations

import copy as copy_module
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Self

import numpy as np

from labarray.aggregations import numeric_only_keeps
from labarray.compute import argreduce as argreduce_module
from labarray.compute.cumulative import Cumulative
from labarray.kernels.cftime_values import first_date, from_offsets, is_cftime_values, to_offsets
from labarray.kernels.take import NA
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.dims import parse_dims
from labarray.variable import Variable
from labarray.variable.quantile import quantile_dataset_variables

__all__ = ["DatasetReductions"]

# as in xarray, these reductions skip non-numeric data variables of a Dataset that they reduce
_NUMERIC_ONLY_AGGREGATIONS = frozenset(["mean", "std", "var", "median", "sum", "prod", "cumsum", "cumprod"])


class DatasetReductions:
    """Reductions of :class:`~labarray.Dataset` (a base of it; it works on the Dataset's state)."""

    __slots__ = ()

    def reduce(
        self,
        func: Callable[..., Any],
        dim: Hashable | Iterable[Hashable] | None = None,
        *,
        keep_attrs: bool | None = None,
        keepdims: bool = False,
        numeric_only: bool = False,
        **kwargs: Any,
    ) -> Self:
        """Reduce each data variable with ``func(values, axis=..., **kwargs)`` along ``dim``."""
        return self._map_reduction(
            lambda var, dims: var.reduce(func, dim=dims, keep_attrs=keep_attrs, keepdims=keepdims, **kwargs),
            dim, keep_attrs, numeric_only, None,
        )

    def _aggregate(self, name: str, dim: Any = None, *, keep_attrs: bool | None = None, numeric_only: bool = False, **kwargs: Any) -> Self:
        """Apply the aggregation ``name`` of the table to every data variable."""
        return self._map_reduction(
            lambda var, dims: var._aggregate(name, dim=dims, keep_attrs=keep_attrs, **kwargs),
            dim, keep_attrs, numeric_only or name in _NUMERIC_ONLY_AGGREGATIONS, name,
        )

    def quantile(self, q: Any, dim: Any = None, *, method: str = "linear", numeric_only: bool = False, keep_attrs: bool | None = None, skipna: bool | None = None) -> Self:
        """Quantiles of the data variables along ``dim`` (default: all dims).

        Array-like ``q`` adds a ``quantile`` dimension and index; scalar ``q`` a scalar
        ``quantile`` coordinate. Data variables without a reduced dim are kept unchanged,
        coordinates along reduced dims dropped; ``numeric_only`` drops non-numeric variables.

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [1.0, 2.0, 4.0])}).quantile(0.5)["a"].item()
        2.0
        """
        source, references = self._cftime_as_offsets(dim, numeric_only)
        variables = quantile_dataset_variables(source, self._coord_names, self._dims, q, dim, method, numeric_only, keep_attrs, skipna)
        for name, reference in references.items():
            var = variables[name]
            variables[name] = var._replace(data=from_offsets(var.data, reference))
        coord_names = {k for k in self._coord_names if k in variables}
        indexes = {k: v for k, v in self._indexes.items() if k in variables}
        keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
        new = self._replace_with_new_dims(variables, coord_names, attrs=copy_module.copy(self._attrs) if keep else None, indexes=indexes)
        return new.assign_coords(quantile=np.asarray(q, dtype=np.float64))

    def _cftime_as_offsets(self, dim: Any, numeric_only: bool) -> tuple[dict[Hashable, Variable], dict[Hashable, Any]]:
        """The variables with cftime data variables to reduce as ``timedelta64[us]`` offsets.

        Also returns the reference date of each converted variable, to turn results back into
        dates of its calendar.
        """
        variables = dict(self._variables)
        references: dict[Hashable, Any] = {}
        if numeric_only:
            return variables, references
        dims = set(parse_dims(dim, list(self._dims), where="the Dataset"))
        for name, var in self._variables.items():
            if name in self._coord_names or var.dtype != object or (var.ndim and not dims & set(var.dims)):
                continue
            data = var.data if is_chunked_array(var.data) else var.values
            if is_cftime_values(data):
                references[name] = reference = first_date(data)
                variables[name] = var._replace(data=to_offsets(data, reference))
        return variables, references

    def argmin(self, dim: Hashable | None = None, *, keep_attrs: bool | None = None, skipna: bool | None = None) -> Self:
        """Positions of the minimum of each data variable along one ``dim`` (``None``: flattened).

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [3, 1, 2])}).argmin("x")["a"].item()
        1
        """
        return argreduce_module.arg_reduce_dataset(self, "argmin", dim, keep_attrs, skipna)

    def argmax(self, dim: Hashable | None = None, *, keep_attrs: bool | None = None, skipna: bool | None = None) -> Self:
        """Positions of the maximum of each data variable along one ``dim`` (``None``: flattened).

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [3, 1, 2])}).argmax("x")["a"].item()
        0
        """
        return argreduce_module.arg_reduce_dataset(self, "argmax", dim, keep_attrs, skipna)

    def idxmin(self, dim: Hashable | None = None, *, skipna: bool | None = None, fill_value: Any = NA, keep_attrs: bool | None = None) -> Self:
        """Labels of the minimum of each data variable along ``dim`` (variables without ``dim`` are kept).

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [3, 1, 2])}, coords={"x": [10, 20, 30]}).idxmin("x")["a"].item()
        20
        """
        return self._idx_reduce("idxmin", dim, skipna, fill_value, keep_attrs)

    def idxmax(self, dim: Hashable | None = None, *, skipna: bool | None = None, fill_value: Any = NA, keep_attrs: bool | None = None) -> Self:
        """Labels of the maximum of each data variable along ``dim`` (variables without ``dim`` are kept).

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [3, 1, 2])}, coords={"x": [10, 20, 30]}).idxmax("x")["a"].item()
        10
        """
        return self._idx_reduce("idxmax", dim, skipna, fill_value, keep_attrs)

    def _idx_reduce(self, name: str, dim: Hashable | None, skipna: bool | None, fill_value: Any, keep_attrs: bool | None) -> Self:
        out = {k: getattr(self[k], name)(dim, skipna=skipna, fill_value=fill_value, keep_attrs=keep_attrs) if dim is None or dim in self._variables[k].dims else self[k] for k in self.data_vars}
        keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
        return type(self)(out, attrs=copy_module.copy(self._attrs) if keep else None)

    def cumulative(self, dim: str | Iterable[Hashable], min_periods: int = 1) -> Cumulative:
        """Expanding-window reductions along ``dim``: ``.sum()``, ``.mean()``, ``.median()`` ...

        Examples
        --------
        >>> import labarray as la
        >>> la.Dataset({"a": ("x", [1.0, 2.0, 3.0])}).cumulative("x").sum()["a"].values
        array([1., 3., 6.])
        """
        return Cumulative(self, dim, min_periods=min_periods)

    def _map_reduction(
        self, reduce_one: Callable[[Variable, Any], Variable], dim: Any, keep_attrs: bool | None,
        numeric_only: bool, agg_name: str | None = None,
    ) -> Self:  # fmt: skip
        dims = parse_dims(dim, list(self._dims), where="Dataset")
        reduce_all = dim is None or dim is ...
        variables: dict[Hashable, Variable] = {}
        for name, var in self._variables.items():
            reduce_dims = [d for d in dims if d in var.dims]
            if name in self._coord_names:
                if not reduce_dims:
                    variables[name] = var
                continue
            if not (reduce_dims or (reduce_all and var.ndim == 0)):
                variables[name] = var  # as in xarray: kept whatever its dtype
            elif not numeric_only or numeric_only_keeps(agg_name, var):
                variables[name] = reduce_one(var, reduce_dims if not reduce_all else None)
            elif not reduce_dims and var.dtype.kind not in "biufcmM":
                variables[name] = var  # a 0-d non-numeric variable has nothing to reduce
        coord_names = {k for k in self._coord_names if k in variables}
        indexes = {k: v for k, v in self._indexes.items() if k in variables}
        keep = _get_keep_attrs(default=True) if keep_attrs is None else keep_attrs
        attrs = self._attrs if keep else None
        return self._replace_with_new_dims(variables, coord_names, attrs=copy_module.copy(attrs), indexes=indexes)
