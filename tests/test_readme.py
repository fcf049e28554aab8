"""The README's promises: its two commands, its example, and that CI runs exactly its test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _first_code_block() -> list[str]:
    match = re.search(r"```bash\n(.*?)```", README, re.S)
    assert match, "README has no bash block"
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_readme_opens_with_demo_and_test_commands() -> None:
    install_demo, install_test = _first_code_block()[:2]
    assert install_demo.startswith("pip install") and "python -m labarray demo" in install_demo
    assert install_test.startswith("pip install") and "pytest" in install_test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    install_test = _first_code_block()[1]
    assert install_test in (ROOT / ".ci" / "run").read_text().splitlines()


def test_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the example writes netCDF files in the working folder
    match = re.search(r"## A first look\n\n```python\n(.*?)```", README, re.S)
    assert match, "README has no first-look example"
    namespace: dict[str, object] = {}
    exec(compile(match.group(1), "README.md", "exec"), namespace)
    assert "ds" in namespace
