"""``obj.pipe(func, ...)`` for every labeled type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["pipe"]


def pipe(obj: Any, func: Callable[..., Any] | tuple[Callable[..., Any], str], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call ``func(obj, *args, **kwargs)``; with ``(func, "name")`` pass ``obj`` as keyword ``name``.

    Examples
    --------
    >>> pipe(3, lambda x, y: x * y, (2,), {})
    6
    >>> pipe(3, (lambda y, x: x - y, "x"), (1,), {})
    2
    """
    if isinstance(func, tuple):
        func, target = func
        if target in kwargs:
            raise ValueError(f"{target!r} is both the pipe target and a keyword argument")
        kwargs[target] = obj
        return func(*args, **kwargs)
    if not callable(func):
        raise TypeError(f"pipe needs a callable or a (callable, keyword) tuple, got {type(func).__name__}")
    return func(obj, *args, **kwargs)
