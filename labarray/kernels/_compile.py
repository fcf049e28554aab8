"""Lazy compilation of numba kernels.

Kernels are written as plain Python functions and decorated with :func:`lazy_njit`. Nothing is
compiled -- and numba is not even imported -- until a kernel is first called; then it is compiled
once per set of options (``functools.cache``) with ``cache=True`` so that later sessions load the
machine code from numba's on-disk cache instead of compiling again. Numba itself compiles once per
argument-type signature and keeps those specialisations on the dispatcher.

Kernels that want a parallel loop write ``for i in prange(n)`` and bind ``prange = range`` at
module level; the compiled kernel sees ``numba.prange`` (a parallel loop only when compiled with
``parallel=True``, see :meth:`LazyKernel.dispatcher`).

>>> from labarray.kernels._compile import lazy_njit
>>> @lazy_njit()
... def add_one(x):
...     return x + 1
>>> add_one(1)
2
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable
from typing import Any

__all__ = ["LazyKernel", "lazy_njit", "numba_available"]


@functools.cache
def numba_available() -> bool:
    """Return True when numba can be imported (checked once, on first use)."""
    try:
        import numba  # noqa: F401
    except ImportError:  # pragma: no cover - numba is a hard dependency
        return False
    return True


class LazyKernel:
    """A Python function compiled by ``numba.njit`` on first call.

    Parameters
    ----------
    func
        The pure-Python kernel (it must be numba-compilable).
    options
        Options passed to ``numba.njit`` (``cache=True`` is added unless given).

    Examples
    --------
    >>> def double(x):
    ...     return 2 * x
    >>> kernel = LazyKernel(double, {})
    >>> kernel.is_compiled
    False
    >>> kernel(3), kernel.is_compiled
    (6, True)
    """

    def __init__(self, func: Callable[..., Any], options: dict[str, Any]) -> None:
        self.py_func = func
        self.options = {"cache": True, **options}
        functools.update_wrapper(self, func)

    @property
    def is_compiled(self) -> bool:
        """Whether the numba dispatcher for the default options exists already."""
        return self._key() in _COMPILED

    def _key(self, **extra: Any) -> tuple[Any, ...]:
        merged = {**self.options, **extra}
        return (self.py_func, tuple(sorted(merged.items())))

    def dispatcher(self, **extra: Any) -> Any:
        """Return the numba dispatcher, compiled with this kernel's options plus ``extra``.

        ``extra`` is how a caller picks a variant, e.g. ``parallel=True`` for large arrays.
        """
        key = self._key(**extra)
        _COMPILED.add(key)
        return _dispatcher(*key)

    def __call__(self, *args: Any) -> Any:
        return self.dispatcher()(*args)

    def __repr__(self) -> str:
        return f"<LazyKernel {self.py_func.__qualname__} options={self.options}>"


_COMPILED: set[tuple[Any, ...]] = set()


@functools.cache
def _dispatcher(func: Callable[..., Any], options: tuple[tuple[str, Any], ...]) -> Any:
    import numba

    # Kernel modules bind ``prange = range`` so they import without numba; the compiled copy
    # sees numba's ``prange`` instead (a plain ``range`` under ``parallel=False``).
    namespace = func.__globals__
    if namespace.get("prange") is range:
        namespace = {**namespace, "prange": numba.prange}
    # numba's disk cache is keyed by the function's qualified name and code, not by the njit
    # options: a variant (e.g. parallel=True) gets its own name so it never loads the other's
    # machine code from the cache.
    variant = "_".join(f"{k}" for k, v in options if k != "cache" and v)
    if namespace is not func.__globals__ or variant:
        func = _with_globals(func, namespace, suffix=f"__{variant}" if variant else "")
    kwargs = dict(options)
    try:
        return numba.njit(**kwargs)(func)
    except RuntimeError as err:
        # Functions defined interactively (REPL, doctests) have no file to cache next to:
        # compile them without the on-disk cache rather than fail.
        if "cannot cache" not in str(err) or not kwargs.get("cache"):
            raise
        return numba.njit(**{**kwargs, "cache": False})(func)


def _with_globals(
    func: Callable[..., Any], namespace: dict[str, Any], suffix: str = ""
) -> Callable[..., Any]:
    clone = types.FunctionType(
        func.__code__, namespace, func.__name__ + suffix, func.__defaults__, func.__closure__
    )
    clone.__qualname__ = func.__qualname__ + suffix
    clone.__module__ = func.__module__
    return clone


def lazy_njit(**options: Any) -> Callable[[Callable[..., Any]], LazyKernel]:
    """Decorate a kernel so that it is compiled with ``numba.njit(**options)`` on first call.

    Parameters
    ----------
    **options
        Options for ``numba.njit`` (``cache=True`` is the default). Variants with other options
        (e.g. ``parallel=True``) are obtained with ``kernel.dispatcher(parallel=True)``.

    Returns
    -------
    Callable
        A decorator turning a function into a :class:`LazyKernel`.

    Examples
    --------
    >>> @lazy_njit(nogil=True)
    ... def square(x):
    ...     return x * x
    >>> square(4)
    16
    """
    for key in options:
        if not isinstance(key, str):  # pragma: no cover - kwargs keys are always str
            raise TypeError(f"numba option names must be strings, got {key!r}")

    def decorate(func: Callable[..., Any]) -> LazyKernel:
        if not callable(func):
            raise TypeError(f"lazy_njit decorates a function, got {type(func).__name__}")
        return LazyKernel(func, options)

    return decorate
