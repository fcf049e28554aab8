"""Missing-data methods of DataArray and Dataset: isnull, notnull, fillna, dropna, ffill, bfill,
interpolate_na.

The machinery lives in :mod:`labarray.compute.missing` (and the loops in
:mod:`labarray.kernels.fill`); these functions hold the public signatures and docstrings.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Literal

import numpy as np

from labarray.compute import missing as _missing

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS"]


def isnull(self: Any, keep_attrs: bool | None = None) -> Any:
    """Boolean mask, True where values are missing (NaN, NaT, None).

    Parameters
    ----------
    keep_attrs : bool, optional
        Keep the attributes (default: the ``keep_attrs`` option, which keeps them).

    Returns
    -------
    DataArray or Dataset
        Boolean data with the same coordinates (for a Dataset: every data variable).

    See Also
    --------
    notnull, fillna, dropna

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([1.0, float("nan")], dims="x").isnull().values
    array([False,  True])
    """
    return _missing.isnull(self, keep_attrs)


def notnull(self: Any, keep_attrs: bool | None = None) -> Any:
    """Boolean mask, True where values are present (the negation of :meth:`isnull`).

    Parameters
    ----------
    keep_attrs : bool, optional
        Keep the attributes (default: the ``keep_attrs`` option, which keeps them).

    Returns
    -------
    DataArray or Dataset

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([1.0, float("nan")], dims="x").notnull().values
    array([ True, False])
    """
    return _missing.isnull(self, keep_attrs, negate=True)


def fillna(self: Any, value: Any) -> Any:
    """Replace missing values by ``value``.

    Parameters
    ----------
    value : scalar, array-like, DataArray, Dataset or dict
        The fill value. DataArray/Dataset values are aligned to this object (labels only in
        ``value`` are ignored); a Dataset may take a dict (or Dataset) of per-variable values.

    Returns
    -------
    DataArray or Dataset
        The data with missing values filled; the dtype follows NumPy's promotion of the data
        and the fill value (``int`` data filled with ``0.5`` becomes ``float64``).

    Raises
    ------
    TypeError
        A dict or Dataset given to ``DataArray.fillna``.
    ValueError
        A dict naming variables the Dataset does not have.

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([1.0, float("nan")], dims="x").fillna(0).values
    array([1., 0.])
    >>> ds = xr.Dataset({"a": ("x", [float("nan"), 2.0])})
    >>> ds.fillna({"a": -1})["a"].values
    array([-1.,  2.])
    """
    if isinstance(value, dict) and hasattr(self, "data_vars"):
        value = {k: _weak_scalar_fill(self, k, v) for k, v in value.items()}
    return _missing.fillna(self, value)


def _weak_scalar_fill(ds: Any, name: Hashable, value: Any) -> Any:
    """A Python scalar of a per-variable fill dict, as a 0-d array of the promoted dtype.

    Python scalars are "weak" in NumPy's promotion (NEP 50): ``float32`` data filled with
    ``0.0`` stays ``float32``, as with ``DataArray.fillna(0.0)``. Putting the dict into a Dataset
    would turn them into ``float64`` arrays first, so their dtype is resolved here, against the
    variable they fill. NumPy scalars and arrays keep their own dtype.
    """
    if type(value) not in (bool, int, float, complex) or name not in ds.data_vars:
        return value
    try:
        dtype = np.result_type(ds._variables[name].dtype, value)
    except (TypeError, OverflowError):  # e.g. datetime64 data and a number: let fillna complain
        return value
    with np.errstate(over="ignore"):  # an out-of-range float becomes inf, as NumPy's casting does
        return np.asarray(value, dtype=dtype)


def dropna(
    self: Any,
    dim: Hashable,
    *,
    how: Literal["any", "all"] = "any",
    thresh: int | None = None,
    subset: Iterable[Hashable] | None = None,
) -> Any:
    """Drop the labels of ``dim`` that have missing values.

    Parameters
    ----------
    dim : hashable
        Dimension along which to drop labels.
    how : {"any", "all"}, default: "any"
        Drop a label if any / all of its values (across every other dimension) are missing.
    thresh : int, optional
        Keep a label when it has at least this many present values (overrides ``how``).
    subset : iterable of hashable, optional
        Dataset only: the variables considered (default: every data variable).

    Returns
    -------
    DataArray or Dataset

    Raises
    ------
    ValueError
        Unknown ``dim`` or ``subset`` variable, or a bad ``how``.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([[1.0, float("nan")], [3.0, 4.0]], dims=("x", "y"))
    >>> da.dropna("x").shape
    (1, 2)
    >>> da.dropna("y", how="all").shape
    (2, 2)
    """
    if not _missing.is_dataset(self):
        if dim not in self.dims:
            raise ValueError(
                _missing.missing_names_message("dimension", [dim], list(self.dims), _missing._describe(self))
            )
        ds = _missing.dropna(self._to_temp_dataset(), dim, how=how, thresh=thresh, subset=None)
        return self._from_temp_dataset(ds)
    return _missing.dropna(self, dim, how=how, thresh=thresh, subset=subset)


def ffill(self: Any, dim: Hashable, limit: int | None = None) -> Any:
    """Fill missing values forward: propagate the last valid value along ``dim``.

    Runs on a compiled loop. On Dask data the fill is lazy and correct across chunk boundaries
    without rechunking (a scan over the blocks).

    Parameters
    ----------
    dim : hashable
        Dimension to fill along.
    limit : int, optional
        Fill at most this many consecutive missing values after each valid value.

    Returns
    -------
    DataArray or Dataset
        Same dtype and chunks as the input (coordinates are not filled).

    See Also
    --------
    bfill, interpolate_na

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([0.0, float("nan"), float("nan"), 3.0], dims="t")
    >>> da.ffill("t").values
    array([0., 0., 0., 3.])
    >>> da.ffill("t", limit=1).values
    array([ 0.,  0., nan,  3.])
    """
    return _missing.push_fill(self, dim, limit, reverse=False)


def bfill(self: Any, dim: Hashable, limit: int | None = None) -> Any:
    """Fill missing values backward: propagate the next valid value along ``dim``.

    Parameters
    ----------
    dim : hashable
        Dimension to fill along.
    limit : int, optional
        Fill at most this many consecutive missing values before each valid value.

    Returns
    -------
    DataArray or Dataset

    See Also
    --------
    ffill, interpolate_na

    Examples
    --------
    >>> import labarray as xr
    >>> xr.DataArray([float("nan"), 1.0], dims="t").bfill("t").values
    array([1., 1.])
    """
    return _missing.push_fill(self, dim, limit, reverse=True)


def interpolate_na(
    self: Any,
    dim: Hashable | None = None,
    method: str = "linear",
    limit: int | None = None,
    use_coordinate: bool | Hashable = True,
    max_gap: Any = None,
    keep_attrs: bool | None = None,
    **kwargs: Any,
) -> Any:
    """Fill missing values by interpolating between the valid values along ``dim``.

    Parameters
    ----------
    dim : hashable, optional
        Dimension to interpolate along (may be omitted for 1-D data).
    method : str, default: "linear"
        ``"linear"`` and ``"nearest"`` run on compiled loops; ``"zero"``, ``"slinear"``,
        ``"quadratic"``, ``"cubic"``, ``"polynomial"`` (with ``order=``), ``"barycentric"``,
        ``"krogh"``, ``"pchip"``, ``"akima"``, ``"makima"`` use ``scipy.interpolate``.
    limit : int, optional
        Fill at most this many consecutive missing values after each valid value.
    use_coordinate : bool or hashable, default: True
        True: interpolate in the values of the ``dim`` coordinate (positions if there is none);
        False: by position; a name: that 1-D coordinate along ``dim``.
    max_gap : int, float, str, timedelta, optional
        Fill only gaps whose extent (coordinate of the next valid value minus that of the
        previous one) is at most ``max_gap``; a time interval for a time coordinate.
    keep_attrs : bool, optional
        Keep the attributes (default: the ``keep_attrs`` option, which keeps them).
    **kwargs
        Passed to the scipy interpolator (e.g. ``fill_value="extrapolate"``).

    Returns
    -------
    DataArray or Dataset
        Values before the first and after the last valid one stay missing (unless a scipy
        method extrapolates). Integer data, which has no missing values, stays integer. Dask
        data stays lazy with its chunks: ``"linear"``/``"nearest"`` fill gaps across chunk
        edges block by block; scipy methods see each line whole (one chunk along ``dim`` per
        task, split back afterwards).

    Raises
    ------
    ValueError
        Unknown dim or method; coordinate not strictly increasing.

    Examples
    --------
    >>> import labarray as xr
    >>> da = xr.DataArray([0.0, float("nan"), 6.0], dims="x", coords={"x": [0, 1, 3]})
    >>> da.interpolate_na("x").values
    array([0., 2., 6.])
    >>> da.interpolate_na("x", use_coordinate=False).values
    array([0., 3., 6.])
    """
    return _missing.interpolate_na(
        self, dim, method=method, limit=limit, use_coordinate=use_coordinate, max_gap=max_gap,
        keep_attrs=keep_attrs, **kwargs,
    )


DATAARRAY_METHODS: dict[str, Any] = {
    "isnull": isnull,
    "notnull": notnull,
    "fillna": fillna,
    "dropna": dropna,
    "ffill": ffill,
    "bfill": bfill,
    "interpolate_na": interpolate_na,
}
DATASET_METHODS: dict[str, Any] = dict(DATAARRAY_METHODS)
