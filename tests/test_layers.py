"""The package keeps its layers: an import-linter contract, checked on every test run."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_layers_contract_holds() -> None:
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e .[test])")
    result = subprocess.run(
        [exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_labarray_is_light() -> None:
    """``import labarray`` compiles nothing and imports neither numba nor dask."""
    code = (
        "import sys, labarray; "
        "bad = [m for m in ('numba', 'dask', 'dask.array', 'netCDF4', 'matplotlib') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_no_peer_library_imports() -> None:
    """labarray writes its own kernels: xarray, flox, numbagg and bottleneck are never imported."""
    offenders = []
    for path in (ROOT / "labarray").rglob("*.py"):
        for line in path.read_text().splitlines():
            stripped = line.strip()
            for peer in ("xarray", "flox", "numbagg", "bottleneck"):
                if stripped.startswith((f"import {peer}", f"from {peer}")):
                    offenders.append(f"{path.relative_to(ROOT)}: {stripped}")
    assert not offenders
