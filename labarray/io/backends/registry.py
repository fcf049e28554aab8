"""The registry of IO engines: built-ins plus third-party ones found through entry points.

A built-in engine registers itself on the last line of its module
(``register_backend("netcdf4", NetCDF4BackendEntrypoint)``); the modules are imported the first
time the registry is consulted, so ``import labarray`` stays fast and an engine whose library
is missing simply does not appear. Third-party packages declare an entry point in the group
``labarray.backends`` pointing at a :class:`~labarray.io.backends.common.BackendEntrypoint`
subclass::

    [project.entry-points."labarray.backends"]
    myformat = "mypackage.backend:MyBackendEntrypoint"

>>> "netcdf4" in list_engines()
True
"""

from __future__ import annotations

import importlib
import inspect
import threading
from importlib.metadata import entry_points
from typing import Any

from labarray.io.backends.common import BackendEntrypoint, normalize_path
from labarray.utils.suggest import did_you_mean
from labarray.utils.warnings import warn

__all__ = ["ENTRYPOINT_GROUP", "get_backend", "guess_engine", "list_engines", "refresh_engines", "register_backend"]

#: the entry-point group third-party engines are declared in
ENTRYPOINT_GROUP = "labarray.backends"

# built-in engines, in the order guess_engine tries them; each module registers itself
_BUILTIN_MODULES: dict[str, str] = {
    "netcdf4": "labarray.io.backends.netcdf4",
    "zarr": "labarray.io.backends.zarr",
    "store": "labarray.io.backends.store",
}

_REGISTERED: dict[str, BackendEntrypoint] = {}
_ENGINES: dict[str, BackendEntrypoint] | None = None
_BROKEN: dict[str, str] = {}
_LOCK = threading.RLock()


def _instantiate(name: str, entrypoint: Any) -> BackendEntrypoint:
    if inspect.isclass(entrypoint):
        if not issubclass(entrypoint, BackendEntrypoint):
            raise TypeError(f"engine {name!r} must be a BackendEntrypoint subclass; got {entrypoint.__name__}")
        entrypoint = entrypoint()
    if not isinstance(entrypoint, BackendEntrypoint):
        raise TypeError(
            f"engine {name!r} must be a BackendEntrypoint subclass or instance; got {type(entrypoint).__name__}"
        )
    return entrypoint


def register_backend(name: str, entrypoint: type[BackendEntrypoint] | BackendEntrypoint) -> None:
    """Register an engine under ``name`` (a later registration replaces an earlier one).

    Examples
    --------
    >>> class Toy(BackendEntrypoint):
    ...     def open_dataset(self, filename_or_obj, *, drop_variables=None):
    ...         raise NotImplementedError
    >>> register_backend("toy-doc", Toy)
    >>> type(get_backend("toy-doc")).__name__
    'Toy'
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"an engine name must be a non-empty str; got {name!r}")
    instance = _instantiate(name, entrypoint)
    with _LOCK:
        _REGISTERED[name] = instance
        if _ENGINES is not None:
            _ENGINES[name] = instance


def _load_builtins() -> None:
    for name, module in _BUILTIN_MODULES.items():
        if name in _REGISTERED:
            continue
        try:
            importlib.import_module(module)
        except ImportError as err:  # the engine's library (or the module itself) is missing
            _BROKEN[name] = f"{type(err).__name__}: {err}"


def _load_entry_points() -> dict[str, BackendEntrypoint]:
    found: dict[str, BackendEntrypoint] = {}
    for ep in entry_points(group=ENTRYPOINT_GROUP):
        if ep.name in _BUILTIN_MODULES:
            warn(f"the entry point {ep.value!r} of the {ENTRYPOINT_GROUP!r} group uses the name of the built-in "
                 f"engine {ep.name!r} and is ignored")
            continue
        if ep.name in found:
            warn(f"several {ENTRYPOINT_GROUP!r} entry points are named {ep.name!r}; using the first one")
            continue
        try:
            found[ep.name] = _instantiate(ep.name, ep.load())
        except Exception as err:  # a broken plugin must not break labarray; report it instead
            _BROKEN[ep.name] = f"{type(err).__name__}: {err}"
            warn(f"cannot load the IO engine {ep.name!r} ({ep.value}): {type(err).__name__}: {err}")
    return found


def list_engines() -> dict[str, BackendEntrypoint]:
    """The installed engines by name: built-ins first (in guessing order), then entry points.

    The result is cached; :func:`refresh_engines` re-reads the entry points.

    Examples
    --------
    >>> engines = list_engines()
    >>> list(engines)[0], type(engines["netcdf4"]).__name__
    ('netcdf4', 'NetCDF4BackendEntrypoint')
    """
    global _ENGINES
    with _LOCK:
        if _ENGINES is None:
            _load_builtins()
            engines: dict[str, BackendEntrypoint] = {}
            for name in _BUILTIN_MODULES:
                if name in _REGISTERED:
                    engines[name] = _REGISTERED[name]
            plugins = _load_entry_points()
            engines.update({k: v for k, v in plugins.items() if k not in engines})
            engines.update({k: v for k, v in _REGISTERED.items() if k not in engines})
            _ENGINES = engines
        return dict(_ENGINES)


def refresh_engines() -> None:
    """Forget the cached engine list (entry points are searched again on next use)."""
    global _ENGINES
    with _LOCK:
        _ENGINES = None
        _BROKEN.clear()


def _installed_text(engines: dict[str, BackendEntrypoint]) -> str:
    text = ", ".join(repr(k) for k in engines) or "none"
    if _BROKEN:
        text += "; not available: " + "; ".join(f"{k!r} ({v})" for k, v in _BROKEN.items())
    return text


def get_backend(engine: str | type[BackendEntrypoint] | BackendEntrypoint) -> BackendEntrypoint:
    """The engine named ``engine`` (or the given BackendEntrypoint class or instance).

    Raises
    ------
    ValueError
        Unknown name: the message lists the installed engines and suggests the closest.

    Examples
    --------
    >>> type(get_backend("netcdf4")).__name__
    'NetCDF4BackendEntrypoint'
    """
    if isinstance(engine, str):
        engines = list_engines()
        if engine not in engines:
            hint = did_you_mean(engine, list(engines))
            raise ValueError(
                f"unrecognized engine {engine!r}; installed engines: {_installed_text(engines)}"
                + (f"; {hint}" if hint else "")
                + ". Third-party engines register in the entry-point group 'labarray.backends'."
            )
        return engines[engine]
    if inspect.isclass(engine) or isinstance(engine, BackendEntrypoint):
        return _instantiate(getattr(engine, "__name__", type(engine).__name__), engine)
    raise TypeError(
        f"engine must be a str, a BackendEntrypoint subclass or instance; got {type(engine).__name__}"
    )


def _describe(obj: Any) -> str:
    path = normalize_path(obj)
    if isinstance(path, str):
        try:
            with open(path, "rb") as f:
                magic = f.read(8)
            return f"file {path!r} (starts with {magic!r})"
        except OSError:
            return f"{path!r}"
    if isinstance(obj, (bytes, memoryview)):
        return f"bytes starting with {bytes(obj[:8])!r}"
    return f"object of type {type(obj).__name__}"


def guess_engine(filename_or_obj: Any) -> str:
    """The first installed engine whose ``guess_can_open`` accepts ``filename_or_obj``.

    Raises
    ------
    ValueError
        No engine recognises it: the message names the file (and its first bytes) and lists the
        installed engines.

    Examples
    --------
    >>> guess_engine("data.zarr")
    'zarr'
    """
    engines = list_engines()
    for name, backend in engines.items():
        try:
            if backend.guess_can_open(filename_or_obj):
                return name
        except Exception:  # a guess that fails means "not this engine"
            continue
    raise ValueError(
        f"did not find a match in any of labarray's installed IO engines for {_describe(filename_or_obj)}: "
        f"it is not a netCDF/HDF5 file, Zarr store or any other format an engine recognises (is it "
        f"corrupt or truncated?). Installed engines: {_installed_text(engines)}. Pass engine=... to "
        "choose one explicitly."
    )
