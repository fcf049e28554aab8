"""Generate the arithmetic, comparison and unary operators of labarray classes.

:func:`inject_arithmetic` adds ``__add__``, ``__radd__``, ``__iadd__`` ... to a class. Every
generated method only calls one of three methods the class provides:

* ``self._binary_op(other, f, reflexive=False)``
* ``self._inplace_binary_op(other, f)``
* ``self._unary_op(f, *args, **kwargs)``

so the same generator serves Variable, DataArray and Dataset.

>>> class Box:
...     def __init__(self, v):
...         self.v = v
...     def _binary_op(self, other, f, reflexive=False):
...         return Box(f(other, self.v) if reflexive else f(self.v, other))
...     def _inplace_binary_op(self, other, f):
...         self.v = f(self.v, other)
...         return self
...     def _unary_op(self, f, *args, **kwargs):
...         return Box(f(self.v, *args, **kwargs))
>>> _ = inject_arithmetic(Box)
>>> (2 - Box(5)).v, (-Box(5)).v, (Box(5) == 5).v
(-3, -5, True)
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

__all__ = ["BINARY_OPS", "COMPARISON_OPS", "UNARY_OPS", "inject_arithmetic"]

T = TypeVar("T", bound=type)

#: name -> function for operators with a reflexive (``__r*__``) and an in-place (``__i*__``) form
BINARY_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "truediv": operator.truediv,
    "floordiv": operator.floordiv,
    "mod": operator.mod,
    "pow": operator.pow,
    "and": operator.and_,
    "or": operator.or_,
    "xor": operator.xor,
    "lshift": operator.lshift,
    "rshift": operator.rshift,
    "matmul": operator.matmul,
}

_INPLACE_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "add": operator.iadd,
    "sub": operator.isub,
    "mul": operator.imul,
    "truediv": operator.itruediv,
    "floordiv": operator.ifloordiv,
    "mod": operator.imod,
    "pow": operator.ipow,
    "and": operator.iand,
    "or": operator.ior,
    "xor": operator.ixor,
    "lshift": operator.ilshift,
    "rshift": operator.irshift,
}

#: comparisons (element-wise; the reflected form of ``<`` is ``>`` so no ``__r*__`` is needed)
COMPARISON_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}

UNARY_OPS: dict[str, Callable[[Any], Any]] = {
    "neg": operator.neg,
    "pos": operator.pos,
    "abs": operator.abs,
    "invert": operator.invert,
}


def _binary(f: Callable[[Any, Any], Any], name: str) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        return self._binary_op(other, f)

    method.__name__ = f"__{name}__"
    method.__doc__ = f"Element-wise ``{name}``, broadcasting by dimension name."
    return method


def _reflexive(f: Callable[[Any, Any], Any], name: str) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        return self._binary_op(other, f, reflexive=True)

    method.__name__ = f"__r{name}__"
    method.__doc__ = f"Reflected element-wise ``{name}``."
    return method


def _inplace(f: Callable[[Any, Any], Any], name: str) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        return self._inplace_binary_op(other, f)

    method.__name__ = f"__i{name}__"
    method.__doc__ = f"In-place ``{name}``; the target keeps its dimensions."
    return method


def _unary(f: Callable[[Any], Any], name: str) -> Callable[[Any], Any]:
    def method(self: Any) -> Any:
        return self._unary_op(f)

    method.__name__ = f"__{name}__"
    method.__doc__ = f"Element-wise unary ``{name}``."
    return method


def _round(self: Any, decimals: int = 0, *args: Any, **kwargs: Any) -> Any:
    """Round to the given number of decimals (element-wise ``numpy.round``)."""
    return self._unary_op(np.round, decimals, *args, **kwargs)


def _conj(self: Any) -> Any:
    """Complex conjugate, element-wise."""
    return self._unary_op(np.conj)


def _argsort(self: Any, *args: Any, **kwargs: Any) -> Any:
    """Positions that sort the values along the last axis (``numpy.argsort``)."""
    return self._unary_op(np.argsort, *args, **kwargs)


def _python_round(self: Any, ndigits: int | None = None) -> Any:
    return self._unary_op(np.round, ndigits or 0)


def inject_arithmetic(cls: T) -> T:
    """Add the operator methods to ``cls`` (and set ``__hash__ = None``); returns ``cls``.

    Methods the class defines itself are kept.
    """
    methods: dict[str, Any] = {}
    for name, f in BINARY_OPS.items():
        methods[f"__{name}__"] = _binary(f, name)
        methods[f"__r{name}__"] = _reflexive(f, name)
    for name, f in _INPLACE_OPS.items():
        methods[f"__i{name}__"] = _inplace(f, name)
    for name, f in COMPARISON_OPS.items():
        methods[f"__{name}__"] = _binary(f, name)
    for name, unary in UNARY_OPS.items():
        methods[f"__{name}__"] = _unary(unary, name)
    methods["round"] = _round
    methods["__round__"] = _python_round
    methods["conj"] = _conj
    methods["conjugate"] = _conj
    methods["argsort"] = _argsort
    for attr, method in methods.items():
        if attr not in cls.__dict__:
            method.__qualname__ = f"{cls.__name__}.{attr}"
            setattr(cls, attr, method)
    cls.__hash__ = None  # type: ignore[assignment]
    return cls
