"""Tests of labarray.utils.show_versions."""

from __future__ import annotations

import importlib.metadata
import io
import subprocess
import sys

import pytest

from labarray.utils import show_versions as sv


def report() -> str:
    out = io.StringIO()
    sv.show_versions(file=out)
    return out.getvalue()


def test_report_layout_and_versions():
    text = report()
    lines = text.splitlines()
    assert lines[:3] == ["", "INSTALLED VERSIONS", "------------------"]
    assert f"python: {sys.version}" in text
    for key in ("python-bits", "OS", "OS-release", "machine", "byteorder", "LANG", "LOCALE", "libnetcdf"):
        assert any(line.startswith(f"{key}: ") for line in lines), key
    import numpy

    import labarray

    assert f"labarray: {labarray.__version__}" in lines
    assert f"numpy: {numpy.__version__}" in lines
    assert f"pandas: {importlib.metadata.version('pandas')}" in lines
    for name in ("dask", "numba", "netCDF4", "cftime", "zarr", "distributed", "matplotlib"):
        assert any(line.startswith(f"{name}: ") for line in lines), name


def test_missing_dependency_reported_as_none(monkeypatch):
    monkeypatch.setattr(sv, "DEPENDENCIES", (("labarray", "labarray"), ("nothere", "no-such-dist-xyz")))
    assert "nothere: None" in report().splitlines()


def test_defaults_to_current_stdout(capsys):
    sv.show_versions()
    assert "INSTALLED VERSIONS" in capsys.readouterr().out


def test_bad_file():
    with pytest.raises(TypeError, match=r"file-like object with a write method.*got a str"):
        sv.show_versions(file="versions.txt")


def test_does_not_import_heavy_dependencies():
    code = (
        "import sys, io; from labarray.utils.show_versions import dependency_versions; "
        "dependency_versions(); "
        "print([m for m in ('dask', 'numba', 'zarr', 'matplotlib') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.compat
def test_same_system_keys_as_xarray():
    xarray = pytest.importorskip("xarray")
    theirs = io.StringIO()
    xarray.show_versions(file=theirs)
    keys = {line.split(":")[0] for line in theirs.getvalue().split("\n\n")[0].splitlines() if ":" in line}
    ours = {line.split(":")[0] for line in report().split("\n\n")[0].splitlines() if ":" in line}
    assert keys - {"commit"} <= ours
