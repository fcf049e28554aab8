"""Plot tests draw with the non-interactive Agg backend and close every figure afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")
