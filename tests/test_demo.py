"""The README's demo command runs end to end, on NumPy and on Dask."""

from __future__ import annotations

import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "labarray", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def numpy_run() -> subprocess.CompletedProcess[str]:
    return run("demo")


@pytest.fixture(scope="module")
def dask_run() -> subprocess.CompletedProcess[str]:
    pytest.importorskip("dask")
    return run("demo", "--dask")


def test_demo_exits_zero(numpy_run: subprocess.CompletedProcess[str]) -> None:
    assert numpy_run.returncode == 0, numpy_run.stderr
    assert numpy_run.stderr == "" or "Warning" not in numpy_run.stderr


@pytest.mark.parametrize(
    "expected",
    [
        "<labarray.Dataset>",
        "Dimensions:  (time: 24, lat: 36, lon: 72)",
        "* time     (time) datetime64",
        "tas      (time, lat, lon) float64",
        "title:    labarray demo data",
        "method='nearest'",
        "{'time': 24, 'lat': 10, 'lon': 72}",
        "<labarray.DataArray 'tas' (station: 3)>",
        "'Oslo' 'Nairobi' 'Lima'",
        "{'month': 12, 'lat': 36, 'lon': 72}",
        "{'time': 9, 'lat': 36, 'lon': 72}",
        "tas data is a dask array; identical after loading?\nTrue",
    ],
)
def test_demo_output(numpy_run: subprocess.CompletedProcess[str], expected: str) -> None:
    assert expected in numpy_run.stdout


def test_demo_dask_exits_zero(dask_run: subprocess.CompletedProcess[str]) -> None:
    assert dask_run.returncode == 0, dask_run.stderr


def test_demo_dask_is_lazy_and_agrees(
    numpy_run: subprocess.CompletedProcess[str], dask_run: subprocess.CompletedProcess[str]
) -> None:
    assert "dask.array<" in dask_run.stdout
    assert "still lazy until asked" in dask_run.stdout
    # the numbers printed by both runs agree where both print them
    for line in ("[274.65 274.68 274.67]", "0.017"):
        assert line in numpy_run.stdout
        assert line in dask_run.stdout


def test_unknown_command() -> None:
    out = run("demoo")
    assert out.returncode == 2
    assert "invalid choice" in out.stderr


def test_no_command() -> None:
    out = run()
    assert out.returncode != 0
    assert "demo" in out.stderr
