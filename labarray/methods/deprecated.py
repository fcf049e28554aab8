"""Older API kept working for existing scripts: ``drop``, ``reset_encoding``, ``searchsorted``
and ``to_masked_array``.

``drop`` and ``reset_encoding`` are deprecated in xarray and emit a ``FutureWarning``
(:class:`~labarray.utils.warnings.LabarrayDeprecationWarning`) naming their replacement;
``searchsorted`` and ``to_masked_array`` are plain NumPy-style conversions of a DataArray that
old code still calls. Each function only dispatches to the current methods.

Examples
--------
>>> import warnings
>>> import labarray as la
>>> ds = la.Dataset({"a": ("x", [1, 2]), "b": ("x", [3, 4])})
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore", FutureWarning)
...     list(ds.drop("b").data_vars)
['a']
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from labarray.utils.dims import either_dict_or_kwargs
from labarray.utils.warnings import LabarrayDeprecationWarning, warn

__all__ = ["DATAARRAY_METHODS", "DATASET_METHODS"]


def drop(
    self: Any,
    labels: Any = None,
    dim: Hashable | None = None,
    *,
    errors: Literal["raise", "ignore"] = "raise",
    **labels_kwargs: Any,
) -> Any:
    """Drop variables or index labels (deprecated: use ``drop_vars`` or ``drop_sel``).

    * names (one or a list), no ``dim``: the variables/coordinates are dropped, as
      ``drop_vars(labels)``;
    * ``labels`` with ``dim``: those index labels along ``dim`` are dropped, as
      ``drop_sel({dim: labels})``;
    * a dict, or keyword arguments ``dim=labels``: as ``drop_sel``;
    * a ``Coordinates`` object (any mapping that is not a dict): its names, as ``drop_vars``.

    Every form emits a ``FutureWarning`` naming the method to use instead.

    Parameters
    ----------
    labels : hashable, iterable of hashable or dict-like, optional
        Names of variables, or index labels (with ``dim``, or as a dict keyed by dimension).
    dim : hashable, optional
        The dimension whose labels ``labels`` are.
    errors : {"raise", "ignore"}, default: "raise"
        ``"raise"``: missing names or labels raise (``ValueError`` for names, ``KeyError``
        for labels); ``"ignore"``: they are skipped.
    **labels_kwargs
        The keyword form of a dict of labels.

    Returns
    -------
    DataArray or Dataset

    Raises
    ------
    ValueError
        ``errors`` is not "raise" or "ignore"; ``dim`` is given with dict-like labels.

    See Also
    --------
    Dataset.drop_vars, Dataset.drop_sel

    Examples
    --------
    >>> import warnings
    >>> import labarray as la
    >>> da = la.DataArray([1, 2, 3], dims="x", coords={"x": [10, 20, 30]})
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     da.drop([20], dim="x").x.values.tolist()
    [10, 30]
    """
    if errors not in ("raise", "ignore"):
        raise ValueError(f"errors must be 'raise' or 'ignore', got {errors!r}")
    if isinstance(labels, Mapping) and not isinstance(labels, dict):
        # a Coordinates object (or another mapping of variables): drop those names
        warn("dropping coordinates with drop() is deprecated; use drop_vars()", LabarrayDeprecationWarning)
        return self.drop_vars(list(labels), errors=errors)
    if labels_kwargs or isinstance(labels, dict):
        if dim is not None:
            raise ValueError(
                "drop() got both dim= and labels by dimension (a dict or keyword arguments); "
                "give one of the two, e.g. drop_sel(x=[...])"
            )
        by_dim = either_dict_or_kwargs(labels, labels_kwargs, "drop")
        warn("dropping labels with drop() is deprecated; use drop_sel()", LabarrayDeprecationWarning)
        return self.drop_sel(by_dim, errors=errors)
    if dim is None:
        if labels is None:
            raise TypeError(
                "drop() needs the names of the variables to drop, or labels with dim=; "
                "use drop_vars(names) or drop_sel(dim=labels)"
            )
        warn("dropping variables with drop() is deprecated; use drop_vars()", LabarrayDeprecationWarning)
        names = [labels] if isinstance(labels, str) or not isinstance(labels, Iterable) else list(labels)
        return self.drop_vars(names, errors=errors)
    warn(
        f"dropping labels with drop(labels, dim={dim!r}) is deprecated; use drop_sel({{{dim!r}: labels}})",
        LabarrayDeprecationWarning,
    )
    return self.drop_sel({dim: labels}, errors=errors)


def reset_encoding(self: Any) -> Any:
    """A copy without ``encoding`` (deprecated: use ``drop_encoding``).

    Examples
    --------
    >>> import warnings
    >>> import labarray as la
    >>> ds = la.Dataset({"a": ("x", [1])})
    >>> ds["a"].encoding["dtype"] = "int16"
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", FutureWarning)
    ...     ds.reset_encoding()["a"].encoding
    {}
    """
    warn("reset_encoding() is deprecated; use drop_encoding()", LabarrayDeprecationWarning)
    return self.drop_encoding()


def searchsorted(self: Any, v: Any, side: Literal["left", "right"] = "left", sorter: Any = None) -> Any:
    """Positions at which ``v`` would be inserted to keep this sorted 1-D array sorted.

    The values are passed to :func:`numpy.searchsorted` (a lazy array is computed).

    Parameters
    ----------
    v : scalar or array-like
        Values to insert.
    side : {"left", "right"}, default: "left"
        For a value equal to an element, the position before it ("left") or after it.
    sorter : array-like of int, optional
        Positions that sort this array, if it is not sorted itself (``argsort``).

    Returns
    -------
    numpy.intp or numpy.ndarray

    Raises
    ------
    ValueError
        The DataArray is not one-dimensional, or ``side`` is not "left"/"right".

    Examples
    --------
    >>> import labarray as la
    >>> la.DataArray([10, 20, 30], dims="lat").searchsorted(25)
    np.int64(2)
    """
    if self.ndim != 1:
        raise ValueError(
            f"searchsorted needs a one-dimensional DataArray; this one has dimensions {self.dims}"
        )
    if side not in ("left", "right"):
        raise ValueError(f"side must be 'left' or 'right', got {side!r}")
    return np.asarray(self.values).searchsorted(np.asarray(getattr(v, "values", v)), side=side, sorter=sorter)


def to_masked_array(self: Any, copy: bool = True) -> np.ma.MaskedArray:
    """The values as a :class:`numpy.ma.MaskedArray`, masked where they are missing (NaN, NaT).

    Parameters
    ----------
    copy : bool, default: True
        Copy the values; ``False`` gives a masked view of ``values`` where possible.

    Examples
    --------
    >>> import numpy as np
    >>> import labarray as la
    >>> la.DataArray([1.0, np.nan], dims="x").to_masked_array().mask.tolist()
    [False, True]
    """
    values = self.to_numpy()  # a lazy array is computed once
    return np.ma.MaskedArray(data=values, mask=np.asarray(pd.isnull(values)), copy=copy)


DATASET_METHODS: dict[str, Callable[..., Any]] = {
    "drop": drop,
    "reset_encoding": reset_encoding,
}
DATAARRAY_METHODS: dict[str, Callable[..., Any]] = {
    "drop": drop,
    "reset_encoding": reset_encoding,
    "searchsorted": searchsorted,
    "to_masked_array": to_masked_array,
}
