"""Benchmarks for labarray, written against a swappable module ``xr``.

Every benchmark module does ``from benchmarks import xr`` and writes ``xr.DataArray(...)``,
``xr.align(...)`` and so on. ``xr`` is a small proxy that forwards attribute access to the
module under test: labarray by default (that is what ``asv run`` measures), or whatever
:func:`use` selected last (``asv_bench/compare.py`` switches between labarray and xarray in one
process to print ratios).

Sizes go through :func:`scaled`, so the same benchmarks run on tiny data when the environment
variable ``LABARRAY_BENCH_SIZE=tiny`` is set or :func:`set_tiny` was called (the import test in
``tests/asv_bench`` does that to check every benchmark's ``setup`` and one call quickly).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

__all__ = [
    "current_module",
    "is_tiny",
    "parameterized",
    "randn",
    "requires_dask",
    "scaled",
    "set_tiny",
    "use",
    "xr",
]

_TINY = os.environ.get("LABARRAY_BENCH_SIZE", "").lower() == "tiny"
_CURRENT: ModuleType | None = None


def _import_labarray() -> ModuleType:
    """Import labarray, falling back to the checkout this folder lives in (asv "existing" env)."""
    try:
        return importlib.import_module("labarray")
    except ImportError:
        repo_root = str(Path(__file__).resolve().parents[2])
        if repo_root not in sys.path:
            sys.path.insert(0, repo_root)
        return importlib.import_module("labarray")


def use(module: ModuleType | str) -> ModuleType:
    """Select the module every benchmark runs against (``labarray`` or ``xarray``).

    Parameters
    ----------
    module : module or str
        The module itself or its import name.

    Returns
    -------
    module
        The selected module.

    Examples
    --------
    >>> import benchmarks
    >>> benchmarks.use("labarray").__name__
    'labarray'
    """
    global _CURRENT
    if isinstance(module, str):
        module = _import_labarray() if module == "labarray" else importlib.import_module(module)
    _CURRENT = module
    return module


def current_module() -> ModuleType:
    """Return the module under test, importing labarray on first use."""
    if _CURRENT is None:
        use(_import_labarray())
    assert _CURRENT is not None
    return _CURRENT


class _ModuleProxy:
    """Forward attribute access to :func:`current_module` (``xr.DataArray`` and so on)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        return getattr(current_module(), name)

    def __repr__(self) -> str:
        name = _CURRENT.__name__ if _CURRENT is not None else "labarray (not imported yet)"
        return f"<benchmark module proxy for {name}>"


xr: Any = _ModuleProxy()


def set_tiny(flag: bool = True) -> None:
    """Run the benchmarks on tiny sizes (for smoke tests) or, with ``False``, on full sizes."""
    global _TINY
    _TINY = bool(flag)


def is_tiny() -> bool:
    """True when the benchmarks run on tiny sizes."""
    return _TINY


def scaled(full: int, tiny: int) -> int:
    """Return ``full`` normally and ``tiny`` when tiny sizes were asked for."""
    return tiny if _TINY else full


def requires_dask() -> None:
    """Skip a benchmark (asv's convention: ``NotImplementedError`` in setup) without Dask."""
    if importlib.util.find_spec("dask") is None:
        raise NotImplementedError("dask is not installed")


def parameterized(names: list[str], params: list[list[Any]]):
    """Attach asv ``param_names``/``params`` to a benchmark function or method."""

    def decorator(func):
        func.param_names = names
        func.params = params
        return func

    return decorator


def randn(shape: tuple[int, ...], seed: int = 0, frac_nan: float | None = None) -> np.ndarray:
    """Seeded standard-normal float64 data, optionally with a fraction of NaNs."""
    rng = np.random.default_rng(seed)
    out = rng.standard_normal(shape)
    if frac_nan:
        out[rng.random(shape) < frac_nan] = np.nan
    return out
