"""Reshaping methods: stack/unstack, shift/roll/pad/diff, clip, drop_duplicates, dot, rank, ...

The machinery lives in :mod:`labarray.structure.stacking`, :mod:`labarray.structure.shifting`
and :mod:`labarray.compute.dot`; the functions here hold the public signatures and docstrings
and delegate. DataArray methods run on a one-variable Dataset (``_to_temp_dataset``) unless the
operation only concerns the data.

Top-level functions defined here (exported by ``labarray``): :func:`dot`, :func:`where`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from labarray.compute.apply_ufunc import apply_ufunc
from labarray.compute.dot import dot as _dot
from labarray.dataarray import _THIS_ARRAY, DataArray
from labarray.dataset import Dataset
from labarray.indexes import PandasMultiIndex
from labarray.kernels.take import NA
from labarray.options import _get_keep_attrs
from labarray.parallel.chunkmanager import dask_array, is_chunked_array
from labarray.structure import shifting, stacking
from labarray.structure.concat import concat
from labarray.utils.dims import either_dict_or_kwargs
from labarray.utils.frozen import is_dict_like

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS", "dot", "where"]


def _via_temp(obj: Any, func: Any, *args: Any, **kwargs: Any) -> Any:
    """Run ``func(dataset, ...)`` on a Dataset, or on a DataArray's one-variable Dataset."""
    if isinstance(obj, DataArray):
        return obj._from_temp_dataset(func(obj._to_temp_dataset(), *args, **kwargs))
    return func(obj, *args, **kwargs)


# -- stack / unstack -------------------------------------------------------------------------


def stack(
    self: Any,
    dim: Mapping[Any, Sequence[Hashable]] | None = None,
    create_index: bool | None = True,
    index_cls: type = PandasMultiIndex,
    **dim_kwargs: Sequence[Hashable],
) -> Any:
    """Stack existing dimensions into one new dimension.

    Parameters
    ----------
    dim : mapping of hashable to sequence of hashable, optional
        ``{new_dim: dims_to_stack}``; ``...`` in a list stands for the other dimensions.
    create_index : bool or None, default: True
        ``True``: build an ``index_cls`` index from the stacked dimensions' coordinates (their
        positions for dimensions without one); ``None``: only if every stacked dimension has a
        single index; ``False``: no index (coordinates are stacked as plain variables).
    index_cls : type, default: PandasMultiIndex
        Index class providing ``stack``.
    **dim_kwargs
        The keyword form of ``dim``.

    Returns
    -------
    DataArray or Dataset
        With the new dimension last.

    See Also
    --------
    unstack

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([[0, 1, 2], [3, 4, 5]], dims=("x", "y"),
    ...                   coords={"x": ["a", "b"], "y": [0, 1, 2]})
    >>> stacked = da.stack(z=("x", "y"))
    >>> stacked.dims, stacked.values.tolist()
    (('z',), [0, 1, 2, 3, 4, 5])
    >>> stacked.z.values[:2].tolist()
    [('a', 0), ('a', 1)]
    """
    dimensions = stacking.normalize_stack_dims(dim, dim_kwargs, list(self.sizes))
    return _via_temp(self, stacking.stack_dataset, dimensions, create_index, index_cls)


def unstack(
    self: Any,
    dim: Hashable | Iterable[Hashable] | None = None,
    *,
    fill_value: Any = NA,
    sparse: bool = False,
) -> Any:
    """Unstack multi-indexed dimension(s) into one dimension per level.

    Parameters
    ----------
    dim : hashable or iterable of hashable, optional
        Dimension(s) to unstack; default: every dimension with a multi-index.
    fill_value : scalar or dict-like, optional
        Value for the level combinations absent from the index (default: the missing value of
        the dtype; integers become float only when something is missing). A Dataset accepts
        ``{variable: value}``.
    sparse : bool, default: False
        Return ``sparse.COO`` arrays (needs the ``sparse`` package).

    Returns
    -------
    DataArray or Dataset
        The new dimensions come last, in the order of the levels.

    Raises
    ------
    ValueError
        The dimension has no multi-index, or its multi-index has duplicate entries (the
        message names one).

    See Also
    --------
    stack

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([[0, 1], [2, 3]], dims=("x", "y"), coords={"x": [0, 1], "y": [5, 6]})
    >>> da.stack(z=("x", "y")).unstack("z").values.tolist()
    [[0, 1], [2, 3]]
    >>> da.stack(z=("x", "y")).isel(z=[0, 3]).unstack().values.tolist()
    [[0.0, nan], [nan, 3.0]]
    """
    if isinstance(self, DataArray) and is_dict_like(fill_value) and self.name in fill_value:
        fill_value = {_THIS_ARRAY: fill_value[self.name]}
    return _via_temp(self, stacking.unstack_dataset, dim, fill_value, sparse)


def to_stacked_array(
    self: Dataset,
    new_dim: Hashable,
    sample_dims: Sequence[Hashable],
    variable_dim: Hashable = "variable",
    name: Hashable | None = None,
) -> DataArray:
    """Combine the data variables into one DataArray without broadcasting them.

    Every dimension not in ``sample_dims`` is stacked, together with the variable names, into
    ``new_dim`` (a multi-index with the levels ``variable_dim`` and the stacked dimensions;
    missing labels where a variable lacks a dimension).

    Parameters
    ----------
    new_dim : hashable
        Name of the new stacked dimension.
    sample_dims : sequence of hashable
        Dimensions kept as they are; every data variable must have all of them.
    variable_dim : hashable, default: "variable"
        Name of the level holding the variable names.
    name : hashable, optional
        Name of the result (default: the name of the first data variable, as xarray).

    Returns
    -------
    DataArray

    See Also
    --------
    DataArray.to_unstacked_dataset

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": (("x", "y"), [[0, 1], [2, 3]]), "b": ("x", [6, 7])},
    ...                 coords={"y": ["u", "v"]})
    >>> arr = ds.to_stacked_array("z", sample_dims=["x"])
    >>> arr.dims, arr.values.tolist()
    (('x', 'z'), [[0, 1, 6], [2, 3, 7]])
    >>> arr.z.values.tolist()
    [('a', 'u'), ('a', 'v'), ('b', nan)]
    """
    parts = stacking.stacked_array_parts(self, new_dim, sample_dims, variable_dim, _THIS_ARRAY)
    combined = concat(parts, dim=new_dim) if len(parts) > 1 else parts[0]
    variables = dict(combined._variables)
    variable = variables.pop(_THIS_ARRAY)
    if name is None:
        name = next(k for k in self._variables if k not in self._coord_names)
    return DataArray._construct_direct(variable, variables, name, dict(combined._indexes))


def to_unstacked_dataset(self: DataArray, dim: Hashable, level: int | Hashable = 0) -> Dataset:
    """Unstack a DataArray made by :meth:`Dataset.to_stacked_array` back into a Dataset.

    Parameters
    ----------
    dim : hashable
        The stacked dimension (with a multi-index).
    level : int or hashable, default: 0
        The level holding the variable names.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": (("x", "y"), [[0, 1], [2, 3]]), "b": ("x", [6, 7])},
    ...                 coords={"y": ["u", "v"]})
    >>> back = ds.to_stacked_array("z", sample_dims=["x"]).to_unstacked_dataset("z")
    >>> back["a"].values.tolist(), back["b"].values.tolist()
    ([[0, 1], [2, 3]], [6, 7])
    """
    return Dataset(stacking.unstacked_dataset_parts(self, dim, level))


def reorder_levels(
    self: Any,
    dim_order: Mapping[Any, Sequence[Hashable]] | None = None,
    **dim_order_kwargs: Sequence[Hashable],
) -> Any:
    """Reorder the levels of multi-indexes.

    Parameters
    ----------
    dim_order : mapping of hashable to sequence of hashable, optional
        ``{coordinate: levels in the new order}`` (every level once).
    **dim_order_kwargs
        The keyword form of ``dim_order``.

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([[0, 1], [2, 3]], dims=("x", "y"),
    ...                   coords={"x": ["a", "b"], "y": [0, 1]}).stack(z=("x", "y"))
    >>> da.reorder_levels(z=["y", "x"]).z.values.tolist()
    [(0, 'a'), (1, 'a'), (0, 'b'), (1, 'b')]
    """
    return _via_temp(self, stacking.reorder_levels_dataset, dim_order, dim_order_kwargs)


# -- shift / roll / pad / diff ---------------------------------------------------------------


def shift(
    self: Any,
    shifts: Mapping[Any, int] | None = None,
    fill_value: Any = NA,
    **shifts_kwargs: int,
) -> Any:
    """Shift the data by a number of positions along dimensions; coordinates stay.

    Parameters
    ----------
    shifts : mapping of hashable to int, optional
        ``{dim: offset}``; positive offsets move values towards the end.
    fill_value : scalar or dict-like, optional
        Value of the vacated positions (default: missing, promoting integers to float). A
        Dataset accepts ``{variable: value}``.
    **shifts_kwargs
        The keyword form of ``shifts``.

    Returns
    -------
    DataArray or Dataset

    See Also
    --------
    roll

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([5, 6, 7], dims="x")
    >>> da.shift(x=1).values
    array([nan,  5.,  6.])
    >>> da.shift(x=-1, fill_value=0).values
    array([6, 7, 0])
    """
    shifts = either_dict_or_kwargs(shifts, shifts_kwargs, "shift")
    if isinstance(self, DataArray):
        return self._replace(variable=shifting.shift_variable(self.variable, shifts, fill_value))
    return shifting.shift_dataset(self, shifts, fill_value)


def roll(
    self: Any,
    shifts: Mapping[Any, int] | None = None,
    roll_coords: bool = False,
    **shifts_kwargs: int,
) -> Any:
    """Rotate the data along dimensions (values leaving one end re-enter at the other).

    Parameters
    ----------
    shifts : mapping of hashable to int, optional
        ``{dim: offset}``; positive offsets rotate towards the end.
    roll_coords : bool, default: False
        Also roll the coordinates (and indexes).
    **shifts_kwargs
        The keyword form of ``shifts``.

    Returns
    -------
    DataArray or Dataset

    See Also
    --------
    shift

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([5, 6, 7], dims="x", coords={"x": [0, 1, 2]})
    >>> da.roll(x=1).values
    array([7, 5, 6])
    >>> da.roll(x=1, roll_coords=True).x.values
    array([2, 0, 1])
    """
    shifts = either_dict_or_kwargs(shifts, shifts_kwargs, "roll")
    return _via_temp(self, shifting.roll_dataset, shifts, roll_coords)


def pad(
    self: Any,
    pad_width: Mapping[Any, int | tuple[int, int]] | None = None,
    mode: str = "constant",
    stat_length: Any = None,
    constant_values: Any = None,
    end_values: Any = None,
    reflect_type: Any = None,
    keep_attrs: bool | None = None,
    **pad_width_kwargs: Any,
) -> Any:
    """Pad the data (and coordinates) along dimensions, as :func:`numpy.pad`.

    Parameters
    ----------
    pad_width : mapping of hashable to int or (int, int), optional
        ``{dim: n}`` pads ``n`` values at both ends, ``{dim: (before, after)}`` each end.
    mode : {"constant", "edge", "linear_ramp", "maximum", "mean", "median", "minimum", \
"reflect", "symmetric", "wrap", "empty"}, default: "constant"
        How to pad (see :func:`numpy.pad`). Coordinates are padded with ``mode`` for
        "edge", "reflect", "symmetric" and "wrap", and with missing values otherwise.
    stat_length, constant_values, end_values : scalar, tuple or mapping of hashable to tuple, optional
        Options of :func:`numpy.pad`, also per dimension as ``{dim: value}``. The default
        ``constant_values`` is the missing value of the dtype (integers become float). A
        Dataset accepts ``{variable: value}`` for ``constant_values``.
    reflect_type : {"even", "odd"}, optional
        For "reflect" and "symmetric".
    keep_attrs : bool, optional
        Keep the attributes (default: True).
    **pad_width_kwargs
        The keyword form of ``pad_width``.

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1, 2, 3], dims="x", coords={"x": [0, 1, 2]})
    >>> da.pad(x=(1, 2)).values
    array([nan,  1.,  2.,  3., nan, nan])
    >>> da.pad(x=1, mode="edge").x.values
    array([0, 0, 1, 2, 2])
    """
    pad_width = either_dict_or_kwargs(pad_width, pad_width_kwargs, "pad")
    if isinstance(self, DataArray) and is_dict_like(constant_values) and (
        self.name in constant_values
    ):
        constant_values = {_THIS_ARRAY: constant_values[self.name]}
    return _via_temp(
        self, shifting.pad_dataset, pad_width, mode=mode, stat_length=stat_length,
        constant_values=constant_values, end_values=end_values, reflect_type=reflect_type,
        keep_attrs=keep_attrs,
    )


def diff(self: Any, dim: Hashable, n: int = 1, *, label: str = "upper") -> Any:
    """The n-th order discrete difference along ``dim``.

    Parameters
    ----------
    dim : hashable
        The dimension.
    n : int, default: 1
        How many times to difference.
    label : {"upper", "lower"}, default: "upper"
        Keep the coordinate labels of the upper or the lower end of each difference (at every
        order; xarray applies ``label`` to the first order only when ``n > 1``).

    Returns
    -------
    DataArray or Dataset
        ``n`` elements shorter along ``dim``. Booleans difference as "not equal", like
        :func:`numpy.diff`.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([5, 1, 1, 4], dims="x", coords={"x": [0, 1, 2, 3]})
    >>> da.diff("x").values, da.diff("x").x.values
    (array([-4,  0,  3]), array([1, 2, 3]))
    >>> da.diff("x", n=2, label="lower").values
    array([4, 3])
    """
    return _via_temp(self, shifting.diff_dataset, dim, n, label)


# -- clip / drop_duplicates / rank -----------------------------------------------------------


def clip(self: Any, min: Any = None, max: Any = None, *, keep_attrs: bool | None = None) -> Any:
    """Limit the values to the interval ``[min, max]``.

    Parameters
    ----------
    min, max : scalar, array-like or DataArray, optional
        Bounds (``None``: unbounded on that side); labeled bounds are aligned exactly.
    keep_attrs : bool, optional
        Keep the attributes (default: True).

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([1, 5, 9], dims="x").clip(2, 8).values
    array([2, 5, 8])
    """
    if keep_attrs is None:
        keep_attrs = _get_keep_attrs(default=True)
    return apply_ufunc(np.clip, self, min, max, keep_attrs=keep_attrs, dask="allowed")


def drop_duplicates(
    self: Any, dim: Hashable | Iterable[Hashable], *, keep: Any = "first"
) -> Any:
    """Drop the elements whose index label along ``dim`` repeats an earlier (or later) one.

    Parameters
    ----------
    dim : hashable, iterable of hashable or ...
        Dimension(s) to deduplicate (``...``: all).
    keep : {"first", "last", False}, default: "first"
        Which occurrence to keep (``False``: drop every duplicated label).

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1, 2, 3], dims="x", coords={"x": [0, 0, 1]})
    >>> da.drop_duplicates("x").values, da.drop_duplicates("x", keep="last").values
    (array([1, 3]), array([2, 3]))
    """
    return self.isel(_unique_label_masks(self, dim, keep))


def _unique_label_masks(obj: Any, dim: Any, keep: Any) -> dict[Hashable, np.ndarray]:
    holder = obj._to_temp_dataset() if isinstance(obj, DataArray) else obj
    return shifting.drop_duplicates_indexers(holder, dim, keep)


def rank(self: Any, dim: Hashable, *, pct: bool = False, keep_attrs: bool | None = None) -> Any:
    """Rank the values along ``dim`` (1 for the smallest; ties get their average rank).

    NaN values stay NaN; the result is float64. Dask data stays lazy (``dim`` is gathered
    into one chunk).

    Parameters
    ----------
    dim : hashable
        The dimension to rank along.
    pct : bool, default: False
        Return ranks divided by the number of valid values.
    keep_attrs : bool, optional
        Keep the Dataset's attributes (default: True).

    Returns
    -------
    DataArray or Dataset
        A Dataset keeps only the data variables that have ``dim``.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([30.0, 10.0, float("nan"), 10.0], dims="x")
    >>> da.rank("x").values
    array([3. , 1.5, nan, 1.5])
    """
    return _via_temp(self, shifting.rank_dataset, dim, pct, keep_attrs)


# -- dot -------------------------------------------------------------------------------------


def dot(*arrays: Any, dim: Any = None, **kwargs: Any) -> Any:
    """Generalised dot product over named dimensions (einsum by dimension name).

    Parameters
    ----------
    *arrays : DataArray or Variable
        The arrays to multiply.
    dim : str, iterable of hashable, "..." or None, optional
        Dimensions to sum over; default: those in more than one array; ``...``: all.
    **kwargs : dict
        Passed to ``numpy.einsum`` / ``dask.array.einsum``.

    Returns
    -------
    DataArray or Variable

    Examples
    --------
    >>> import labarray as xr
    >>> a = xr.DataArray([[1.0, 2.0], [3.0, 4.0]], dims=("x", "y"))
    >>> b = xr.DataArray([10.0, 1.0], dims="y")
    >>> dot(a, b).values
    array([12., 34.])
    """
    return _dot(*arrays, dim=dim, **kwargs)


def dataarray_dot(self: DataArray, other: Any, dim: Any = None) -> Any:
    """Dot product with another DataArray over their common (or the given) dimensions.

    Parameters
    ----------
    other : DataArray
        The other array.
    dim : str, iterable of hashable, "..." or None, optional
        Dimensions to sum over; default: the dimensions both arrays have; ``...``: all.

    Returns
    -------
    DataArray

    See Also
    --------
    labarray.dot

    Examples
    --------
    >>> import labarray as xr
    >>> a = xr.DataArray([[1.0, 2.0], [3.0, 4.0]], dims=("x", "y"))
    >>> a.dot(xr.DataArray([1.0, 1.0], dims="x")).values
    array([4., 6.])
    """
    if isinstance(other, Dataset):
        raise NotImplementedError(
            "dot products with Dataset objects are not supported; use labarray.dot on the "
            "DataArrays of the Dataset"
        )
    if not isinstance(other, DataArray):
        raise TypeError(f"DataArray.dot needs a DataArray, got {type(other).__name__}")
    return _dot(self, other, dim=dim)


# -- where -----------------------------------------------------------------------------------


def _where_arrays(cond: Any, x: Any, y: Any) -> Any:
    kinds = {np.asarray(v).dtype.kind if not is_chunked_array(v) else v.dtype.kind
             for v in (x, y)}
    if kinds & set("USO") and kinds - set("USO"):
        # strings against numbers: keep each value as it is rather than stringify numbers
        x, y = (v.astype(object) if hasattr(v, "astype") else np.asarray(v, dtype=object)
                for v in (x, y))
    if any(is_chunked_array(v) for v in (cond, x, y)):
        return dask_array().where(cond, x, y)
    return np.where(cond, x, y)


def where(cond: Any, x: Any, y: Any, keep_attrs: bool | str | None = None) -> Any:
    """Elementwise ``x`` where ``cond`` is True, else ``y`` (aligned exactly, broadcast by name).

    Parameters
    ----------
    cond : scalar, array, Variable, DataArray or Dataset
        Boolean condition.
    x, y : scalar, array, Variable, DataArray or Dataset
        Values where ``cond`` is True / False.
    keep_attrs : bool or {"drop", "identical", "no_conflicts", "drop_conflicts", "override"}, optional
        ``True``/"override" (default): the attributes of ``x`` (and of its coordinates and
        data variables); ``False``/"drop": none; other strings combine the attributes of all
        arguments as in :func:`apply_ufunc`.

    Returns
    -------
    Variable, DataArray or Dataset
        Of the highest-level type among the arguments.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1, 2, 3], dims="x", attrs={"units": "m"})
    >>> out = where(da > 1, da, -1)
    >>> out.values, out.attrs
    (array([-1,  2,  3]), {'units': 'm'})
    """
    if keep_attrs is None:
        keep_attrs = _get_keep_attrs(default=True)
    result = apply_ufunc(
        _where_arrays, cond, x, y, join="exact", dataset_join="exact", dask="allowed",
        keep_attrs=keep_attrs,
    )
    if keep_attrs in (True, "override") and hasattr(result, "attrs"):
        _attrs_from_x(result, x, y)
    return result


def _attrs_from_x(result: Any, x: Any, y: Any) -> None:
    """Give ``result`` (a new object) the attributes of ``x`` at every level, as xarray does."""

    def attrs_of(obj: Any) -> dict[Any, Any]:
        return dict(getattr(obj, "attrs", None) or {})

    if isinstance(result, DataArray | Dataset):
        variables = result._coords if isinstance(result, DataArray) else result._variables
        x_coords = getattr(x, "coords", {})
        for name in list(result.coords):
            source = x_coords.get(name)
            variables[name] = variables[name].copy(deep=False)
            variables[name].attrs = attrs_of(source)
    if isinstance(result, Dataset):
        if isinstance(y, Dataset) and not isinstance(x, Dataset):
            result.attrs = {}
            x_name = getattr(x, "name", None)
            if x_name in result.data_vars:
                result._variables[x_name] = result._variables[x_name].copy(deep=False)
                result._variables[x_name].attrs = attrs_of(x)
            return
        result.attrs = attrs_of(x)
        for name in result.data_vars:
            source = x[name] if isinstance(x, Dataset) and name in x.data_vars else None
            result._variables[name] = result._variables[name].copy(deep=False)
            result._variables[name].attrs = attrs_of(source)
        return
    if isinstance(result, DataArray):
        result._variable = result._variable.copy(deep=False)
    result.attrs = attrs_of(x)


DATAARRAY_METHODS: dict[str, Any] = {
    "stack": stack,
    "unstack": unstack,
    "to_unstacked_dataset": to_unstacked_dataset,
    "reorder_levels": reorder_levels,
    "shift": shift,
    "roll": roll,
    "pad": pad,
    "diff": diff,
    "clip": clip,
    "drop_duplicates": drop_duplicates,
    "rank": rank,
    "dot": dataarray_dot,
}

DATASET_METHODS: dict[str, Any] = {
    "stack": stack,
    "unstack": unstack,
    "to_stacked_array": to_stacked_array,
    "reorder_levels": reorder_levels,
    "shift": shift,
    "roll": roll,
    "pad": pad,
    "diff": diff,
    "clip": clip,
    "drop_duplicates": drop_duplicates,
    "rank": rank,
}

dataarray_dot.__name__ = dataarray_dot.__qualname__ = "dot"
