"""Dimension-name bookkeeping shared by Variables, indexes and the façade.

Every function here raises errors that name the offending dimension, list the existing ones and
suggest the closest match.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal

from labarray.utils.suggest import NameNotFoundError, missing_names_message, name_not_found
from labarray.utils.warnings import warn

__all__ = [
    "NameNotFoundError",
    "as_name_set",
    "check_dims_exist",
    "drop_missing_dims",
    "either_dict_or_kwargs",
    "infer_transpose_order",
    "parse_dims",
]

MissingDims = Literal["raise", "warn", "ignore"]


def either_dict_or_kwargs(
    positional: Mapping[Any, Any] | None, keyword: Mapping[str, Any], func_name: str
) -> dict[Hashable, Any]:
    """Merge the ``indexers=`` dict form and the ``**kwargs`` form of a label/position argument."""
    if positional is None or positional is ...:
        result: dict[Hashable, Any] = {}
        result.update(keyword)
        return result
    if not hasattr(positional, "keys"):
        raise TypeError(
            f"the first argument to .{func_name} must be a dictionary, got {type(positional).__name__}"
        )
    if keyword:
        raise ValueError(
            f"cannot specify both keyword and positional arguments to .{func_name}"
        )
    return dict(positional)


def check_dims_exist(
    requested: Iterable[Hashable], existing: Iterable[Hashable], where: str = ""
) -> None:
    """Raise :class:`~labarray.utils.suggest.NameNotFoundError` (a ``ValueError`` and a
    ``KeyError``) naming every requested dimension that does not exist.

    Examples
    --------
    >>> check_dims_exist(["lonn"], ["lat", "lon"])
    Traceback (most recent call last):
    ...
    labarray.utils.suggest.NameNotFoundError: dimension 'lonn' not found; existing dimensions: lat, lon; did you mean 'lon'?
    """
    existing = list(existing)
    existing_set = set(existing)
    missing = [d for d in requested if d not in existing_set]
    if missing:
        raise name_not_found("dimension", missing, existing, where)


def drop_missing_dims(
    requested: Mapping[Hashable, Any] | Iterable[Hashable],
    existing: Iterable[Hashable],
    missing_dims: MissingDims,
    where: str = "",
) -> Any:
    """Apply the ``missing_dims`` policy; returns the input filtered to existing dimensions.

    A mapping comes back as a dict, any other iterable as a list.
    """
    existing = list(existing)
    existing_set = set(existing)
    keys = list(requested)
    missing = [k for k in keys if k not in existing_set]
    if missing_dims not in ("raise", "warn", "ignore"):
        raise ValueError(
            f"missing_dims must be one of 'raise', 'warn', 'ignore'; got {missing_dims!r}"
        )
    if missing and missing_dims == "raise":
        raise name_not_found("dimension", missing, existing, where)
    if missing and missing_dims == "warn":
        warn(missing_names_message("dimension", missing, existing, where) + " (ignored)")
    if isinstance(requested, Mapping):
        return {k: v for k, v in requested.items() if k in existing_set}
    return [k for k in keys if k in existing_set]


def parse_dims(
    dim: Hashable | Iterable[Hashable] | None,
    all_dims: Sequence[Hashable],
    *,
    check_exists: bool = True,
    where: str = "",
) -> tuple[Hashable, ...]:
    """Normalise a ``dim`` argument: ``None`` or ``...`` mean every dimension.

    A string (or any non-iterable hashable) is one dimension name; tuples are treated as a list of
    names unless the tuple itself is an existing dimension name.
    """
    if dim is None or dim is ...:
        return tuple(all_dims)
    if isinstance(dim, str) or not isinstance(dim, Iterable) or (
        isinstance(dim, tuple) and dim in all_dims
    ):
        dims: tuple[Hashable, ...] = (dim,)  # type: ignore[assignment]
    else:
        dims = tuple(dim)
        if ... in dims:
            rest = [d for d in dims if d is not ...]
            dims = tuple(rest) + tuple(d for d in all_dims if d not in rest)
    if check_exists:
        check_dims_exist(dims, all_dims, where)
    return dims


def infer_transpose_order(
    requested: Sequence[Hashable],
    existing: Sequence[Hashable],
    missing_dims: MissingDims = "raise",
    where: str = "",
) -> tuple[Hashable, ...]:
    """Resolve the arguments of ``transpose``, where ``...`` stands for the remaining dims."""
    if not requested:
        return tuple(reversed(existing))
    ellipsis_count = sum(1 for d in requested if d is ...)
    if ellipsis_count > 1:
        raise ValueError("an ellipsis (...) may appear at most once in the dimensions to transpose")
    named = drop_missing_dims([d for d in requested if d is not ...], existing, missing_dims, where)
    if len(set(named)) != len(named):
        raise ValueError(f"dimensions given more than once in transpose: {list(requested)}")
    if ellipsis_count == 0:
        if set(named) != set(existing):
            missing = [d for d in existing if d not in named]
            raise ValueError(
                f"transpose needs every dimension or an ellipsis (...): {list(named)} was given "
                f"but the object has {list(existing)}; missing: {missing}. "
                "Add '...' to keep the others in their current order."
            )
        return tuple(named)
    rest = [d for d in existing if d not in named]
    order: list[Hashable] = []
    for d in requested:
        if d is ...:
            order.extend(rest)
        elif d in named:
            order.append(d)
    return tuple(order)


def as_name_set(names: Any) -> set[Hashable]:
    """One name (a string or any non-iterable hashable) or an iterable of names, as a set."""
    if isinstance(names, str) or not isinstance(names, Iterable):
        return {names}
    return set(names)
