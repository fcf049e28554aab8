"""``weighted(weights)`` on DataArray and Dataset (the machinery is :mod:`labarray.compute.weighted`)."""

from __future__ import annotations

from typing import Any

from labarray.compute.weighted import DataArrayWeighted, DatasetWeighted, Weighted
from labarray.dataset import Dataset

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS", "weighted"]


def weighted(self: Any, weights: Any) -> Weighted:
    """Weighted operations: sum, mean, var, std, quantile ... with ``weights``.

    Parameters
    ----------
    weights : DataArray
        Real weights (no missing values: replace them with ``weights.fillna(0)``), aligned
        with this object and broadcast against it by dimension name.

    Returns
    -------
    DataArrayWeighted or DatasetWeighted
        An object whose ``sum_of_weights``, ``sum``, ``mean``, ``sum_of_squares``, ``var``,
        ``std`` and ``quantile`` methods reduce along ``dim``.

    Raises
    ------
    ValueError
        ``weights`` is not a DataArray or contains missing values.

    See Also
    --------
    DataArray.mean, Dataset.mean

    Examples
    --------
    The area-weighted global mean of a (time, lat, lon) field uses ``cos(lat)`` weights:

    >>> import numpy as np
    >>> import labarray as xr
    >>> lat = np.array([-45.0, 0.0, 45.0])
    >>> air = xr.DataArray(
    ...     np.array([[[270.0, 272.0], [300.0, 302.0], [270.0, 272.0]]]),
    ...     dims=("time", "lat", "lon"), coords={"lat": lat},
    ... )
    >>> weights = np.cos(np.deg2rad(air.lat))
    >>> air.weighted(weights).mean(("lat", "lon")).round(3).values
    array([283.426])
    """
    cls = DatasetWeighted if isinstance(self, Dataset) else DataArrayWeighted
    return cls(self, weights)


DATAARRAY_METHODS: dict[str, Any] = {"weighted": weighted}
DATASET_METHODS: dict[str, Any] = {"weighted": weighted}
