"""``show_versions``: the versions of labarray, its dependencies and the system, for bug reports.

Versions are read from the installed distributions' metadata, so nothing is imported (and
nothing compiled) to report them; only the netCDF-C/HDF5 library versions need ``netCDF4``,
which is imported when it is installed.
"""

from __future__ import annotations

import importlib.metadata
import locale
import os
import platform
import struct
import sys
from typing import IO, Any

__all__ = ["show_versions"]

#: (name shown, distribution name); labarray first, then the dependencies
DEPENDENCIES: tuple[tuple[str, str], ...] = (
    ("labarray", "labarray"),
    ("numpy", "numpy"),
    ("pandas", "pandas"),
    ("dask", "dask"),
    ("distributed", "distributed"),
    ("numba", "numba"),
    ("scipy", "scipy"),
    ("netCDF4", "netCDF4"),
    ("h5netcdf", "h5netcdf"),
    ("zarr", "zarr"),
    ("fsspec", "fsspec"),
    ("cftime", "cftime"),
    ("matplotlib", "matplotlib"),
    ("hypothesis", "hypothesis"),
    ("pytest", "pytest"),
    ("setuptools", "setuptools"),
    ("pip", "pip"),
)


def _distribution_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _labarray_version() -> str | None:
    module = sys.modules.get("labarray")
    version = getattr(module, "__version__", None)
    return version if version is not None else _distribution_version("labarray")


def _netcdf_library_versions() -> list[tuple[str, Any]]:
    """Versions of the HDF5 and netCDF-C libraries netCDF4 was built with."""
    if _distribution_version("netCDF4") is None:
        return [("libhdf5", None), ("libnetcdf", None)]
    try:
        import netCDF4
    except Exception:  # a broken install should not stop the report
        return [("libhdf5", None), ("libnetcdf", None)]
    return [
        ("libhdf5", getattr(netCDF4, "__hdf5libversion__", None)),
        ("libnetcdf", getattr(netCDF4, "__netcdf4libversion__", None)),
    ]


def system_info() -> list[tuple[str, Any]]:
    """The Python, operating system and locale facts of the report, as ``(name, value)``."""
    uname = platform.uname()
    try:
        loc: Any = locale.getlocale()
    except ValueError:
        loc = None
    return [
        ("python", sys.version),
        ("python-bits", struct.calcsize("P") * 8),
        ("OS", uname.system),
        ("OS-release", uname.release),
        ("machine", uname.machine),
        ("processor", uname.processor),
        ("byteorder", sys.byteorder),
        ("LC_ALL", os.environ.get("LC_ALL")),
        ("LANG", os.environ.get("LANG")),
        ("LOCALE", loc),
        *_netcdf_library_versions(),
    ]


def dependency_versions() -> list[tuple[str, str | None]]:
    """``(name, version or None)`` for labarray and each dependency, without importing them."""
    out: list[tuple[str, str | None]] = []
    for shown, distribution in DEPENDENCIES:
        version = _labarray_version() if shown == "labarray" else _distribution_version(distribution)
        out.append((shown, version))
    return out


def show_versions(file: IO[str] | None = None) -> None:
    """Print the versions of labarray, its dependencies, Python and the operating system.

    Include this output in bug reports.

    Parameters
    ----------
    file : file-like, optional
        Where to write (anything with a ``write`` method); default: ``sys.stdout`` at the time
        of the call.

    Raises
    ------
    TypeError
        ``file`` has no ``write`` method.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> show_versions(file=out)
    >>> "INSTALLED VERSIONS" in out.getvalue() and "numpy: " in out.getvalue()
    True
    """
    if file is None:
        file = sys.stdout
    if not callable(getattr(file, "write", None)):
        raise TypeError(
            f"show_versions writes to a file-like object with a write method (e.g. sys.stdout "
            f"or io.StringIO); got a {type(file).__name__}"
        )
    lines = ["", "INSTALLED VERSIONS", "------------------"]
    lines += [f"{name}: {value}" for name, value in system_info()]
    lines.append("")
    lines += [f"{name}: {value}" for name, value in dependency_versions()]
    print("\n".join(lines), file=file)
