"""Numerical methods: interpolation, calculus, polynomial and curve fitting, cov/corr, ``.str``.

Each function is a thin entry point; the machinery lives in ``labarray.compute.interp``,
``compute.calculus``, ``compute.polyfit``, ``compute.correlation`` and
``labarray.accessors.strings``. Top-level functions exported by ``labarray``: :func:`polyval`,
:func:`cov`, :func:`corr`, :func:`cross`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from labarray.accessors.strings import StringAccessor
from labarray.compute.calculus import differentiate_dataset, integrate_dataset
from labarray.compute.correlation import cov_corr
from labarray.compute.correlation import cross as _cross
from labarray.compute.interp import interp_dataset, interp_like_indexers
from labarray.compute.polyfit import curvefit_dataset, polyfit_dataset
from labarray.compute.polyfit import polyval as _polyval
from labarray.dataarray import DataArray
from labarray.dataset import Dataset
from labarray.options import _get_keep_attrs
from labarray.utils.dims import either_dict_or_kwargs

__all__ = [
    "DATAARRAY_METHODS",
    "DATASET_METHODS",
    "corr",
    "cov",
    "cross",
    "polyval",
]


# ----------------------------------------------------------------- interpolation
def interp(
    self: Any,
    coords: Mapping[Any, Any] | None = None,
    method: str = "linear",
    assume_sorted: bool = False,
    kwargs: Mapping[str, Any] | None = None,
    method_non_numeric: str = "nearest",
    **coords_kwargs: Any,
) -> Any:
    """Interpolate onto new coordinates.

    Parameters
    ----------
    coords : dict, optional
        Dimension name -> new coordinate values: a scalar (the dimension is dropped), a 1-D
        array (the dimension is replaced) or a DataArray (its dimensions are used; several
        DataArrays sharing a dimension interpolate pointwise).
    method : {"linear", "nearest", "zero", "slinear", "quadratic", "cubic", "quintic", \
"polynomial", "pchip", "barycentric", "krogh", "akima", "makima", "previous", "next"}, \
default: "linear"
        "linear" and "nearest" run on labarray's own kernels; the others use SciPy.
    assume_sorted : bool, default: False
        Trust that the source coordinates are increasing (otherwise they are sorted).
    kwargs : dict, optional
        Options of the interpolator: ``fill_value`` (a number or ``"extrapolate"``),
        ``bounds_error``; SciPy options for the other methods.
    method_non_numeric : {"nearest", "pad", "ffill", "backfill", "bfill"}, default: "nearest"
        How non-numeric variables of a Dataset are reindexed.
    **coords_kwargs
        The keyword form of ``coords``.

    Returns
    -------
    DataArray or Dataset
        Points outside the source range are NaN (unless ``fill_value`` says otherwise).

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([0.0, 10.0, 20.0], dims="x", coords={"x": [0, 1, 2]})
    >>> da.interp(x=[0.5, 1.75]).values
    array([ 5. , 17.5])
    """
    indexers = either_dict_or_kwargs(coords, coords_kwargs, "interp")
    if isinstance(self, DataArray):
        ds = self._to_temp_dataset()
        data_name = next(iter(ds.data_vars))
        result = interp_dataset(ds, indexers, method, assume_sorted, kwargs, method_non_numeric, strict_numeric=data_name)
        return self._from_temp_dataset(result)
    return interp_dataset(self, indexers, method, assume_sorted, kwargs, method_non_numeric)


def interp_like(
    self: Any,
    other: Any,
    method: str = "linear",
    assume_sorted: bool = False,
    kwargs: Mapping[str, Any] | None = None,
    method_non_numeric: str = "nearest",
) -> Any:
    """Interpolate onto the indexed coordinates of ``other`` (on this object's dimensions).

    Numeric and datetime coordinates are interpolated; other coordinates (strings, objects)
    are matched with ``reindex``.

    Parameters
    ----------
    other : DataArray or Dataset
        The object whose coordinates to use.
    method, assume_sorted, kwargs, method_non_numeric
        As in :meth:`interp`.

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([0.0, 10.0], dims="x", coords={"x": [0, 1]})
    >>> target = xr.DataArray([1, 1, 1], dims="x", coords={"x": [0, 0.5, 1]})
    >>> da.interp_like(target).values
    array([ 0.,  5., 10.])
    """
    if not (hasattr(other, "xindexes") and hasattr(other, "dims")):
        raise TypeError(f"interp_like needs a DataArray or Dataset, got {type(other).__name__}")
    numeric, others = interp_like_indexers(self, other)
    obj = self.reindex(others) if others else self
    return interp(obj, numeric, method=method, assume_sorted=assume_sorted, kwargs=kwargs, method_non_numeric=method_non_numeric)


# ----------------------------------------------------------------- calculus
def _via_dataset(self: Any, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    if isinstance(self, DataArray):
        return self._from_temp_dataset(func(self._to_temp_dataset(), *args, **kwargs))
    return func(self, *args, **kwargs)


def differentiate(self: Any, coord: Hashable, edge_order: int = 1, datetime_unit: str | None = None) -> Any:
    """Derivative along ``coord`` by second-order central differences (``numpy.gradient``).

    Parameters
    ----------
    coord : hashable
        A 1-D coordinate (or a dimension: then positions are used).
    edge_order : {1, 2}, default: 1
        Accuracy of the one-sided differences at the boundaries.
    datetime_unit : {"W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"}, optional
        Unit of a datetime coordinate (default: the coordinate's own unit; seconds for cftime).

    Returns
    -------
    DataArray or Dataset
        Same shape; data variables along the dimension are differentiated, the others kept.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([0.0, 1.0, 4.0, 9.0], dims="x", coords={"x": [0, 1, 2, 3]})
    >>> da.differentiate("x").values
    array([1., 2., 4., 5.])
    """
    return _via_dataset(self, differentiate_dataset, coord, edge_order, datetime_unit)


def integrate(self: Any, coord: Hashable | Sequence[Hashable] | None = None, datetime_unit: str | None = None) -> Any:
    """Integral along one or several coordinates by the trapezoidal rule.

    Parameters
    ----------
    coord : hashable or sequence of hashable
        1-D coordinate(s) to integrate over (their dimensions are removed).
    datetime_unit : {"W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"}, optional
        Unit of a datetime coordinate.

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([0.0, 1.0, 2.0], dims="x", coords={"x": [0, 1, 3]})
    >>> float(da.integrate("x"))
    3.5
    """
    return _via_dataset(self, integrate_dataset, coord, datetime_unit)


def cumulative_integrate(
    self: Any, coord: Hashable | Sequence[Hashable] | None = None, datetime_unit: str | None = None
) -> Any:
    """Running trapezoidal integral along ``coord``, starting at 0 (the shape is kept).

    Parameters
    ----------
    coord : hashable or sequence of hashable
        1-D coordinate(s).
    datetime_unit : {"W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"}, optional
        Unit of a datetime coordinate.

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([0.0, 1.0, 2.0], dims="x", coords={"x": [0, 1, 3]})
    >>> da.cumulative_integrate("x").values
    array([0. , 0.5, 3.5])
    """
    return _via_dataset(self, integrate_dataset, coord, datetime_unit, cumulative=True)


# ----------------------------------------------------------------- fitting
def _temp_prefix(self: Any) -> tuple[Any, dict[Hashable, str]]:
    if isinstance(self, DataArray):
        ds = self._to_temp_dataset()
        return ds, {next(iter(ds.data_vars)): ""}
    return self, {}


def polyfit(
    self: Any,
    dim: Hashable,
    deg: int,
    skipna: bool | None = None,
    rcond: float | None = None,
    w: Hashable | Any = None,
    full: bool = False,
    cov: bool | str = False,
) -> Dataset:
    """Least-squares polynomial fit along ``dim``.

    Parameters
    ----------
    dim : hashable
        Dimension (its coordinate gives the x values; datetimes count nanoseconds since 1970).
    deg : int
        Degree of the polynomial.
    skipna : bool, optional
        Ignore NaN (default: only when the data has NaN, and always on Dask).
    rcond : float, optional
        Relative condition number of the fit (default ``len(x) * eps``).
    w : hashable or array-like, optional
        Weights along ``dim`` (a coordinate name or a 1-D array).
    full : bool, default: False
        Also return residuals, matrix rank and singular values.
    cov : bool or "unscaled", default: False
        Also return the covariance matrix of the coefficients.

    Returns
    -------
    Dataset
        ``[var_]polyfit_coefficients`` with dimension ``degree`` (highest degree first), and the
        extra variables asked for.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([1.0, 3.0, 5.0, 7.0], dims="x", coords={"x": [0, 1, 2, 3]})
    >>> da.polyfit("x", 1).polyfit_coefficients.values.round(6)
    array([2., 1.])
    """
    ds, rename = _temp_prefix(self)
    return polyfit_dataset(ds, dim, deg, skipna=skipna, rcond=rcond, w=w, full=full, cov=cov, rename=rename)


def curvefit(
    self: Any,
    coords: Any,
    func: Callable[..., Any],
    reduce_dims: Hashable | Iterable[Hashable] | None = None,
    skipna: bool = True,
    p0: Mapping[str, Any] | None = None,
    bounds: Mapping[str, Any] | None = None,
    param_names: Sequence[str] | None = None,
    errors: str = "raise",
    kwargs: Mapping[str, Any] | None = None,
) -> Dataset:
    """Fit ``func(x, *params)`` with ``scipy.optimize.curve_fit`` at every point of the other dimensions.

    Parameters
    ----------
    coords : hashable, DataArray, or sequence of them
        The independent variable(s) ``x`` passed to ``func`` (names of coordinates or DataArrays).
    func : callable
        ``func(x, *params)`` (or ``func((x1, x2), *params)`` for several coordinates).
    reduce_dims : hashable or sequence, optional
        More dimensions to fit over (aggregated into one fit).
    skipna : bool, default: True
        Ignore NaN in the data and coordinates.
    p0, bounds : dict, optional
        Initial guesses ``{param: value}`` and bounds ``{param: (lower, upper)}``.
    param_names : sequence of str, optional
        Names of the parameters (needed when ``func`` takes ``*params``).
    errors : {"raise", "ignore"}, default: "raise"
        With "ignore", fits that do not converge give NaN.
    kwargs : dict, optional
        More options of ``curve_fit``.

    Returns
    -------
    Dataset
        ``[var_]curvefit_coefficients`` (dimension ``param``) and ``[var_]curvefit_covariance``
        (dimensions ``cov_i``, ``cov_j``).

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as xr
    >>> x = np.linspace(0, 1, 20)
    >>> da = xr.DataArray(3 * x + 2, dims="x", coords={"x": x})
    >>> fit = da.curvefit("x", lambda x, a, b: a * x + b)
    >>> fit.curvefit_coefficients.values.round(6).tolist()
    [3.0, 2.0]
    """
    ds, rename = _temp_prefix(self)
    if isinstance(coords, (str, DataArray)) or not isinstance(coords, Iterable):
        coords = [coords]
    coord_arrays = [c if isinstance(c, DataArray) else self[c] for c in coords]
    return curvefit_dataset(
        ds, coord_arrays, func, reduce_dims=reduce_dims, skipna=skipna, p0=p0, bounds=bounds,
        param_names=param_names, errors=errors, kwargs=kwargs, rename=rename,
    )


# ----------------------------------------------------------------- Dataset.map
def map(self: Dataset, func: Callable[..., Any], keep_attrs: bool | None = None, args: Iterable[Any] = (), **kwargs: Any) -> Dataset:
    """Apply ``func(data_array, *args, **kwargs)`` to each data variable.

    Parameters
    ----------
    func : callable
        Called with each data variable as a DataArray; returns a DataArray or array-like.
    keep_attrs : bool, optional
        Copy the attributes of the Dataset and of the variables (default: True).
    args : iterable, optional
        Positional arguments of ``func`` after the DataArray.
    **kwargs
        Keyword arguments of ``func``.

    Returns
    -------
    Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> ds = xr.Dataset({"a": ("x", [1.0, -2.0])})
    >>> ds.map(abs).a.values
    array([1., 2.])
    """
    if not callable(func):
        raise TypeError(f"Dataset.map needs a callable, got {type(func).__name__}")
    if keep_attrs is None:
        keep_attrs = _get_keep_attrs(default=True)
    results = {}
    for name, da in self.data_vars.items():
        value = func(da, *args, **kwargs)
        if not isinstance(value, DataArray):
            value = da.copy(data=value) if np.shape(value) == da.shape else DataArray(value)
        value = value.copy(deep=False)
        value.attrs = dict(da.attrs) if keep_attrs else {}
        results[name] = value
    out = Dataset(results, attrs=dict(self.attrs) if keep_attrs else None)
    for name in out.coords:
        # a shallow copy: the coordinate variables may be shared with ``self``
        variable = out._variables[name] = out._variables[name].copy(deep=False)
        if not keep_attrs:
            variable.attrs = {}
        elif name in self._variables:
            variable.attrs = dict(self._variables[name].attrs)
    return out


# ----------------------------------------------------------------- .str
def _str(self: DataArray) -> StringAccessor:
    """Vectorized string methods (``da.str.upper()``, ``da.str.split("part", sep=",")``, ...).

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray(["a", "bc"], dims="x").str.len().values
    array([1, 2])
    """
    return StringAccessor(self)


# ----------------------------------------------------------------- top-level functions
def polyval(coord: Any, coeffs: Any, degree_dim: Hashable = "degree") -> Any:
    """Evaluate a polynomial at the values of ``coord``.

    Parameters
    ----------
    coord : DataArray or Dataset
        Values where the polynomial is evaluated (datetimes: nanoseconds since 1970-01-01).
    coeffs : DataArray or Dataset
        Coefficients with an integer-labelled ``degree_dim`` coordinate (e.g. from ``polyfit``).
    degree_dim : hashable, default: "degree"
        Name of the degree dimension.

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> x = xr.DataArray([0.0, 1.0, 2.0], dims="x")
    >>> c = xr.DataArray([2.0, 1.0], dims="degree", coords={"degree": [1, 0]})
    >>> polyval(x, c).values
    array([1., 3., 5.])
    """
    return _polyval(coord, coeffs, degree_dim)


def cov(da_a: DataArray, da_b: DataArray, dim: Hashable | Sequence[Hashable] | None = None, ddof: int = 1, weights: DataArray | None = None) -> DataArray:
    """Covariance of two DataArrays along ``dim`` (missing values of either are ignored).

    Parameters
    ----------
    da_a, da_b : DataArray
        Aligned by label (inner join) and broadcast by dimension name.
    dim : hashable or sequence, optional
        Dimension(s) to reduce (default: all).
    ddof : int, default: 1
        Delta degrees of freedom (the divisor is ``N - ddof``).
    weights : DataArray, optional
        Weights broadcast against the data.

    Returns
    -------
    DataArray

    Examples
    --------
    >>> import labarray as xr
    >>> a = xr.DataArray([1.0, 2.0, 3.0], dims="t")
    >>> float(cov(a, a))
    1.0
    """
    return cov_corr(da_a, da_b, dim=dim, ddof=ddof, weights=weights, method="cov")


def corr(da_a: DataArray, da_b: DataArray, dim: Hashable | Sequence[Hashable] | None = None, weights: DataArray | None = None) -> DataArray:
    """Pearson correlation of two DataArrays along ``dim`` (missing values of either are ignored).

    Examples
    --------
    >>> import labarray as xr
    >>> a = xr.DataArray([1.0, 2.0, 3.0], dims="t")
    >>> float(corr(a, -a))
    -1.0
    """
    return cov_corr(da_a, da_b, dim=dim, weights=weights, method="corr")


def cross(a: Any, b: Any, *, dim: Hashable) -> Any:
    """Cross product of two vector fields along ``dim`` (2- or 3-component vectors).

    A 2-component vector is padded with a zero third component when the other has 3; two
    2-component vectors give the scalar z-component (``dim`` is removed).

    Examples
    --------
    >>> import labarray as xr
    >>> a = xr.DataArray([1, 0, 0], dims="c")
    >>> cross(a, xr.DataArray([0, 1, 0], dims="c"), dim="c").values
    array([0, 0, 1])
    """
    return _cross(a, b, dim=dim)


# ----------------------------------------------------------------- per-class signatures
# xarray's DataArray.interp/interp_like have no ``method_non_numeric`` (a DataArray is numeric),
# and Dataset.integrate/cumulative_integrate require ``coord``: these wrappers keep the exact
# signatures of each class while sharing one implementation and docstring.
def _dataarray_interp(
    self: DataArray,
    coords: Mapping[Any, Any] | None = None,
    method: str = "linear",
    assume_sorted: bool = False,
    kwargs: Mapping[str, Any] | None = None,
    **coords_kwargs: Any,
) -> DataArray:
    return interp(self, coords, method=method, assume_sorted=assume_sorted, kwargs=kwargs, **coords_kwargs)


def _dataarray_interp_like(
    self: DataArray,
    other: Any,
    method: str = "linear",
    assume_sorted: bool = False,
    kwargs: Mapping[str, Any] | None = None,
) -> DataArray:
    return interp_like(self, other, method=method, assume_sorted=assume_sorted, kwargs=kwargs)


def _dataset_integrate(self: Dataset, coord: Hashable | Sequence[Hashable], datetime_unit: str | None = None) -> Dataset:
    return integrate(self, coord, datetime_unit)


def _dataset_cumulative_integrate(
    self: Dataset, coord: Hashable | Sequence[Hashable], datetime_unit: str | None = None
) -> Dataset:
    return cumulative_integrate(self, coord, datetime_unit)


for _wrapper, _source in (
    (_dataarray_interp, interp),
    (_dataarray_interp_like, interp_like),
    (_dataset_integrate, integrate),
    (_dataset_cumulative_integrate, cumulative_integrate),
):
    _wrapper.__doc__ = _source.__doc__
    _wrapper.__name__ = _wrapper.__qualname__ = _source.__name__

_COMMON: dict[str, Any] = {
    "differentiate": differentiate,
    "polyfit": polyfit,
    "curvefit": curvefit,
}

DATAARRAY_METHODS: dict[str, Any] = {
    **_COMMON,
    "interp": _dataarray_interp,
    "interp_like": _dataarray_interp_like,
    "integrate": integrate,
    "cumulative_integrate": cumulative_integrate,
    "str": property(_str),
}
DATASET_METHODS: dict[str, Any] = {
    **_COMMON,
    "interp": interp,
    "interp_like": interp_like,
    "integrate": _dataset_integrate,
    "cumulative_integrate": _dataset_cumulative_integrate,
    "map": map,
}
