"""Least-squares fits: ``polyfit`` (polynomials), ``polyval`` (their evaluation), ``curvefit``.

``polyfit_dataset`` fits every data variable along one dimension at once: the Vandermonde
matrix is built once (columns scaled to unit norm for conditioning, optional weights), the data
is viewed as ``(n, K)`` and solved with one ``numpy.linalg.lstsq`` call; with ``skipna`` only
the columns containing NaN are solved one by one on their valid rows. On Dask the fitted
dimension is gathered into one chunk per block of the *other* dimensions and each block is
solved independently (``map_blocks``), so memory stays bounded by the chunk size.

``curvefit_dataset`` calls ``scipy.optimize.curve_fit`` once per point of the dimensions that
are not reduced, through ``apply_ufunc(..., vectorize=True, dask="parallelized")``.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from labarray.compute.apply_ufunc import apply_ufunc
from labarray.parallel.chunkmanager import is_chunked_array
from labarray.utils.suggest import missing_names_message, name_not_found
from labarray.variable import Variable

__all__ = ["curvefit_dataset", "least_squares", "polyfit_dataset", "polyval", "to_float_values"]


def to_float_values(values: Any) -> Any:
    """Numbers as float64; datetime64 and cftime dates as nanoseconds since 1970-01-01,
    timedelta64 as nanoseconds.

    Examples
    --------
    >>> to_float_values(np.array(["1970-01-01T00:00:01"], dtype="M8[s]"))
    array([1.e+09])
    """
    kind = values.dtype.kind
    if kind == "M":
        delta = values - np.datetime64("1970-01-01", "ns")
        return delta / np.timedelta64(1, "ns")
    if kind == "m":
        return values / np.timedelta64(1, "ns")
    if kind == "O" and not is_chunked_array(values) and values.size:
        first = next((v for v in np.ravel(values) if v is not None), None)
        if type(first).__module__.startswith("cftime"):
            import cftime

            micro = cftime.date2num(values, "microseconds since 1970-01-01", calendar=getattr(first, "calendar", "standard"))
            return np.asarray(micro, dtype=np.float64) * 1000.0
    return values.astype(np.float64) if kind != "c" else values


def least_squares(lhs: np.ndarray, rhs: np.ndarray, rcond: float | None, skipna: bool) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``lhs @ c = rhs`` for each column of the 2-D ``rhs``; returns (coefficients, residuals).

    With ``skipna`` the columns holding NaN are solved on their valid rows only.

    Examples
    --------
    >>> lhs = np.vander(np.arange(4.0), 2)
    >>> c, r = least_squares(lhs, (2 * np.arange(4.0) + 1)[:, None], None, False)
    >>> np.round(c.ravel(), 12).tolist()
    [2.0, 1.0]
    """
    order = lhs.shape[1]
    coeffs = np.full((order, rhs.shape[1]), np.nan, dtype=np.result_type(rhs.dtype, np.float64))
    residuals = np.full(rhs.shape[1], np.nan)
    nan_cols = np.isnan(rhs).any(axis=0) if skipna else np.zeros(rhs.shape[1], dtype=bool)
    full = ~nan_cols
    if full.any():
        c, r, _, _ = np.linalg.lstsq(lhs, rhs[:, full], rcond=rcond)
        coeffs[:, full] = c
        if r.size:
            residuals[full] = r
    for k in np.flatnonzero(nan_cols):
        mask = ~np.isnan(rhs[:, k])
        if not mask.any():
            continue
        c, r, _, _ = np.linalg.lstsq(lhs[mask], rhs[mask, k], rcond=rcond)
        coeffs[:, k] = c
        if r.size:
            residuals[k] = r[0]
    return coeffs, residuals


def _fit_block(block: np.ndarray, lhs: np.ndarray, rcond: float | None, skipna: bool) -> np.ndarray:
    """Coefficients stacked with the residual as the last row, for a block with the fit axis first."""
    n = block.shape[0]
    rhs = block.reshape(n, -1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        coeffs, residuals = least_squares(lhs, rhs, rcond, skipna)
    out = np.concatenate([coeffs, residuals[None, :].astype(coeffs.dtype)], axis=0)
    return out.reshape((lhs.shape[1] + 1,) + block.shape[1:])


def polyfit_dataset(
    ds: Any,
    dim: Hashable,
    deg: int,
    skipna: bool | None = None,
    rcond: float | None = None,
    w: Hashable | Any = None,
    full: bool = False,
    cov: bool | str = False,
    rename: Mapping[Hashable, str] | None = None,
) -> Any:
    """Least-squares polynomial fit of every data variable along ``dim`` (see ``Dataset.polyfit``).

    ``rename`` maps data variable names to the prefix of their result variables (the temporary
    name of a DataArray maps to ``""``).
    """
    if dim not in ds._variables and dim not in ds.dims:
        raise name_not_found("dimension", [dim], list(ds.dims), "the object to fit")
    if isinstance(deg, bool) or not isinstance(deg, (int, np.integer)) or deg < 0:
        raise ValueError(f"deg must be a non-negative integer, got {deg!r}")
    if cov not in (True, False, "unscaled"):
        raise ValueError(f"cov must be True, False or 'unscaled', got {cov!r}")
    coord = ds._variables[dim] if dim in ds._variables else Variable((dim,), np.arange(ds.sizes[dim]))
    if coord.ndim != 1:
        raise ValueError(f"the coordinate {dim!r} to fit along must be 1-D; it has dimensions {coord.dims}")
    (true_dim,) = coord.dims
    try:
        x = np.asarray(to_float_values(np.asarray(coord.values)), dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"polyfit needs a numeric or datetime coordinate {dim!r} to fit along; it has dtype "
            f"{coord.dtype} (fit along positions with .drop_vars({dim!r}) or assign numbers first)"
        ) from err
    order = int(deg) + 1
    lhs = np.vander(x, order)
    if rcond is None:
        rcond = x.shape[0] * np.finfo(np.float64).eps
    weights = None
    if w is not None:
        if isinstance(w, str) or (isinstance(w, Hashable) and not hasattr(w, "__array__") and not isinstance(w, (int, float))):
            if w not in ds._variables:
                raise ValueError(missing_names_message("coordinate", [w], sorted(map(str, ds._coord_names)), "the object to fit (weights w=)"))
            w = ds._variables[w].values
        weights = np.asarray(w, dtype=np.float64)
        if weights.ndim != 1:
            raise TypeError(f"w must be a 1-D array of weights along {dim!r}, got {weights.ndim} dimensions")
        if weights.shape[0] != lhs.shape[0]:
            raise TypeError(f"w has {weights.shape[0]} weights but {dim!r} has length {lhs.shape[0]}")
        lhs = lhs * weights[:, None]
    scale = np.sqrt((lhs * lhs).sum(axis=0))
    lhs = lhs / scale
    degree_dim = "degree"
    rank = np.linalg.matrix_rank(lhs)
    variables: dict[Hashable, Variable] = {}
    xname = f"{dim}_"
    if full:
        variables[xname + "matrix_rank"] = Variable((), rank)
        singular = np.linalg.svd(lhs, compute_uv=False)
        variables[xname + "singular_values"] = Variable(
            (degree_dim,), np.concatenate([np.full(order - rank, np.nan), singular])
        )
    if rank != order and not full:
        warnings.warn(f"polyfit along {dim!r} may be poorly conditioned (rank {rank} < {order})", np.exceptions.RankWarning, stacklevel=4)
    rename = dict(rename or {})
    present_dims: list[Hashable] = []
    for name, var in ds._variables.items():
        if name in ds._coord_names or true_dim not in var.dims:
            continue
        other_dims = tuple(d for d in var.dims if d != true_dim)
        for d in other_dims:
            if d not in present_dims:
                present_dims.append(d)
        var_t = var.transpose(true_dim, *other_dims)
        data = var_t._data if is_chunked_array(var_t._data) else np.asarray(var_t.values)
        data = to_float_values(data)
        if weights is not None:
            data = data * weights.reshape((-1,) + (1,) * len(other_dims))
        use_skipna = bool(skipna) if skipna is not None else (is_chunked_array(data) or bool(np.isnan(data).any()))
        if is_chunked_array(data):
            data = data.rechunk({0: -1})
            stacked = data.map_blocks(
                _fit_block, lhs, rcond, use_skipna, chunks=((order + 1,), *data.chunks[1:]), dtype=np.float64
            )
        else:
            stacked = _fit_block(data, lhs, rcond, use_skipna)
        scale_b = scale.reshape((-1,) + (1,) * len(other_dims))
        prefix = rename.get(name, f"{name}_" if isinstance(name, str) else "")
        variables[prefix + "polyfit_coefficients"] = Variable((degree_dim, *other_dims), stacked[:order] / scale_b)
        residuals = stacked[order]
        if full or cov is True:
            variables[prefix + "polyfit_residuals"] = Variable(other_dims, residuals)
        if cov:
            vbase = np.linalg.inv(lhs.T @ lhs) / np.outer(scale, scale)
            if cov == "unscaled":
                # independent of the data: one (cov_i, cov_j) matrix shared by every lane
                variables[prefix + "polyfit_covariance"] = Variable(("cov_i", "cov_j"), vbase)
            else:
                if x.shape[0] <= order:
                    raise ValueError(
                        f"cannot scale the covariance matrix: {dim!r} has {x.shape[0]} points, which "
                        f"must exceed the number of coefficients ({order}); use cov='unscaled'"
                    )
                fac = residuals / (x.shape[0] - order)
                cov_data = vbase.reshape(vbase.shape + (1,) * len(other_dims)) * fac
                variables[prefix + "polyfit_covariance"] = Variable(("cov_i", "cov_j", *other_dims), cov_data)
    coords: dict[Hashable, Any] = {degree_dim: np.arange(order)[::-1]}
    for d in present_dims:
        if d in ds._variables:
            coords[d] = ds._variables[d]
    return type(ds)(data_vars=variables, coords=coords, attrs=dict(ds.attrs))


def polyval(coord: Any, coeffs: Any, degree_dim: Hashable = "degree") -> Any:
    """Evaluate a polynomial with coefficients along ``degree_dim`` at ``coord`` (Horner's scheme).

    ``coord`` and ``coeffs`` are DataArrays or Datasets; datetime64 values of ``coord`` count
    nanoseconds since 1970-01-01 (as ``polyfit`` does). Missing degrees count as 0.
    """
    if not hasattr(coeffs, "xindexes"):
        raise TypeError(f"coeffs must be a DataArray or Dataset, got {type(coeffs).__name__}")
    if not hasattr(coord, "dims"):
        raise TypeError(f"coord must be a DataArray or Dataset, got {type(coord).__name__}")
    if degree_dim not in coeffs.xindexes:
        raise ValueError(
            f"dimension {degree_dim!r} of coeffs must be a coordinate with integer degree labels; "
            f"coeffs has indexed coordinates: {', '.join(map(str, coeffs.xindexes)) or '(none)'}"
        )
    degrees = np.asarray(coeffs[degree_dim].values)
    if degrees.dtype.kind not in "iu":
        raise ValueError(f"the labels of {degree_dim!r} must be integers (polynomial degrees), got dtype {degrees.dtype}")
    max_deg = int(degrees.max())
    coeffs = coeffs.reindex({degree_dim: np.arange(max_deg + 1)}, fill_value=0)
    coord = _numeric_like(coord)
    result = coord * 0 + coeffs.isel({degree_dim: max_deg}, drop=True)
    for deg in range(max_deg - 1, -1, -1):
        result = result * coord + coeffs.isel({degree_dim: deg}, drop=True)
    return result


def _numeric_like(obj: Any) -> Any:
    if hasattr(obj, "data_vars"):
        return obj.map(_numeric_like)
    if obj.dtype.kind in "mMO":  # datetimes, timedeltas and cftime dates
        return obj.copy(data=to_float_values(obj.data))
    return obj


# ----------------------------------------------------------------- curvefit
def _param_names(func: Callable[..., Any], n_coords: int, param_names: Sequence[str] | None) -> list[str]:
    if param_names is not None:
        return list(param_names)
    params = list(inspect.signature(func).parameters.values())
    if any(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params):
        raise ValueError(
            "func takes *args/**kwargs, so the names of its parameters cannot be inferred; "
            "pass param_names=[...]"
        )
    return [p.name for p in params[n_coords:]]


def curvefit_dataset(
    ds: Any,
    coords: Sequence[Any],
    func: Callable[..., Any],
    reduce_dims: Hashable | Iterable[Hashable] | None = None,
    skipna: bool = True,
    p0: Mapping[str, Any] | None = None,
    bounds: Mapping[str, Any] | None = None,
    param_names: Sequence[str] | None = None,
    errors: str = "raise",
    kwargs: Mapping[str, Any] | None = None,
    rename: Mapping[Hashable, str] | None = None,
) -> Any:
    """Fit ``func(coords..., *params)`` to every data variable with ``scipy.optimize.curve_fit``.

    ``coords`` are DataArrays (already looked up by the caller); the fit runs over their
    dimensions plus ``reduce_dims`` and separately for every point of the remaining dimensions.
    """
    try:
        from scipy.optimize import curve_fit
    except ImportError as err:  # pragma: no cover - scipy is installed in the test env
        raise ImportError("curvefit needs SciPy: pip install scipy (or labarray[numerics])") from err
    if errors not in ("raise", "ignore"):
        raise ValueError(f"errors must be 'raise' or 'ignore', got {errors!r}")
    p0 = dict(p0 or {})
    bounds = dict(bounds or {})
    kwargs = dict(kwargs or {})
    names = _param_names(func, 1, param_names)  # func(x_or_tuple_of_x, *params)
    for label, given in (("p0", p0), ("bounds", bounds)):
        unknown = [k for k in given if k not in names]
        if unknown:
            raise ValueError(missing_names_message("parameter", unknown, names, f"{label} of curvefit"))
    if reduce_dims is None:
        reduce = []
    elif isinstance(reduce_dims, str) or not isinstance(reduce_dims, Iterable):
        reduce = [reduce_dims]
    else:
        reduce = list(reduce_dims)
    coord_dims = [d for c in coords for d in c.dims]
    fit_dims = list(dict.fromkeys(coord_dims + reduce))
    missing = [d for d in fit_dims if d not in ds.dims]
    if missing:
        raise name_not_found("dimension", missing, list(ds.dims), "the object to fit")
    n_params = len(names)
    lower = np.array([bounds.get(n, (-np.inf, np.inf))[0] for n in names], dtype=float)
    upper = np.array([bounds.get(n, (-np.inf, np.inf))[1] for n in names], dtype=float)
    start = np.array([p0.get(n, 1.0) for n in names], dtype=float)
    start = np.clip(start, lower, upper)
    start = np.where(np.isfinite(start), start, 0.0)

    def fit_one(y: np.ndarray, *xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        y = np.asarray(y, dtype=np.float64).ravel()
        x_mat = np.vstack([np.asarray(x, dtype=np.float64).ravel() for x in xs])
        mask = np.isfinite(y) & np.all(np.isfinite(x_mat), axis=0) if skipna else np.ones(y.shape, dtype=bool)
        popt = np.full(n_params, np.nan)
        pcov = np.full((n_params, n_params), np.nan)
        if mask.sum() < n_params:
            return popt, pcov
        xdata = x_mat[:, mask]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                popt, pcov = curve_fit(
                    func, xdata if len(xs) > 1 else xdata[0], y[mask], p0=start, bounds=(lower, upper), **kwargs
                )
        except RuntimeError:
            if errors == "raise":
                raise
        return popt, pcov

    rename = dict(rename or {})
    data_vars: dict[Hashable, Any] = {}
    # every coordinate broadcast to the fitted dimensions, so the fit sees aligned 1-D samples
    sizes = {d: ds.sizes[d] for d in fit_dims}
    coord_arrays = [c.variable.set_dims(sizes).transpose(*fit_dims) for c in coords]
    for name in list(ds.data_vars):
        da = ds[name]
        if not set(fit_dims) <= set(da.dims):
            continue
        if is_chunked_array(da.variable._data):
            da = da.chunk(dict.fromkeys(fit_dims, -1))  # each fit needs all its samples in one block
        # fit dims last and flattened by the vectorized function
        popt, pcov = apply_ufunc(
            fit_one,
            da,
            *coord_arrays,
            input_core_dims=[fit_dims] * (1 + len(coord_arrays)),
            output_core_dims=[["param"], ["cov_i", "cov_j"]],
            vectorize=True,
            dask="parallelized",
            output_dtypes=[np.float64, np.float64],
            dask_gufunc_kwargs={"output_sizes": {"param": n_params, "cov_i": n_params, "cov_j": n_params}},
        )
        prefix = rename.get(name, f"{name}_" if isinstance(name, str) else "")
        data_vars[prefix + "curvefit_coefficients"] = popt
        data_vars[prefix + "curvefit_covariance"] = pcov
    result = type(ds)(data_vars=data_vars, attrs=dict(ds.attrs))
    return result.assign_coords(param=names, cov_i=names, cov_j=names)
