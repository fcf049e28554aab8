"""``BackendTests``: conformance tests every IO engine (built-in or third-party) should pass.

Subclass it in a pytest test module, name the engine and say how to write a file it reads::

    from labarray.io.conformance import BackendTests

    class TestMyEngine(BackendTests):
        engine = "myformat"
        suffix = ".my"

        def write(self, dataset, path):
            mypackage.save(dataset, path)

Capability flags (``supports_times``, ``supports_strings``, ``supports_chunks``,
``supports_missing``) switch groups of checks off for simpler formats. The checks use only
the public API: round trips of numbers, missing values, coordinates, attributes and times;
lazy opening (nothing but indexes read at open); outer indexing of lazy data; Dask chunks;
``drop_variables``; closing; pickling a lazily opened dataset.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

import numpy as np
import pandas as pd
import pytest

from labarray.dataset import Dataset
from labarray.io.api import open_dataset
from labarray.variable.indexing import ExplicitlyIndexed

__all__ = ["BackendTests"]


def _assert_same(actual: Dataset, expected: Dataset, check_dtype: bool = True) -> None:
    assert set(actual.variables) == set(expected.variables), (sorted(map(str, actual.variables)),
                                                              sorted(map(str, expected.variables)))
    assert set(actual.coords) == set(expected.coords), (sorted(map(str, actual.coords)), sorted(map(str, expected.coords)))
    for name in expected.variables:
        a, e = actual[name].variable, expected[name].variable
        assert a.dims == e.dims, (name, a.dims, e.dims)
        av, ev = np.asarray(a.values), np.asarray(e.values)
        if check_dtype and ev.dtype.kind not in "UO":
            assert av.dtype.kind == ev.dtype.kind, (name, av.dtype, ev.dtype)
        if ev.dtype.kind in "fc":
            np.testing.assert_array_equal(av, ev, err_msg=str(name))
        else:
            assert av.tolist() == ev.tolist(), name
        for key, value in e.attrs.items():
            assert key in a.attrs, (name, key)
            np.testing.assert_array_equal(np.asarray(a.attrs[key]), np.asarray(value), err_msg=f"{name}.{key}")
    for key, value in expected.attrs.items():
        np.testing.assert_array_equal(np.asarray(actual.attrs[key]), np.asarray(value), err_msg=key)


class BackendTests:
    """Base class of the engine conformance tests (see the module docstring)."""

    engine: str | None = None
    suffix: str = ".dat"
    supports_times: bool = True
    supports_strings: bool = True
    supports_chunks: bool = True
    supports_missing: bool = True

    # ------------------------------------------------------------- to implement
    def write(self, dataset: Dataset, path: str) -> None:
        """Write ``dataset`` to ``path`` in the engine's format."""
        raise NotImplementedError(f"{type(self).__name__} must implement write(dataset, path)")

    def open(self, path: str, **kwargs: Any) -> Any:
        """Open ``path`` with the engine (override for engines needing extra arguments)."""
        return open_dataset(path, engine=self.engine, **kwargs)

    # ------------------------------------------------------------- helpers
    def roundtrip(self, dataset: Dataset, tmp_path: Any, **open_kwargs: Any) -> Any:
        """Write ``dataset`` and open it again (a Dataset usable in a ``with`` block)."""
        path = os.path.join(str(tmp_path), "roundtrip" + self.suffix)
        self.write(dataset, path)
        return self.open(path, **open_kwargs)

    @staticmethod
    def example() -> Dataset:
        rng = np.random.default_rng(0)
        return Dataset(
            {"temp": (("y", "x"), rng.random((4, 5)), {"units": "K", "long_name": "temperature"}),
             "count": ("x", np.arange(5, dtype="int32"))},
            coords={"x": np.arange(5) * 10, "y": np.array([1.5, 2.5, 3.5, 4.5])},
            attrs={"title": "conformance"},
        )

    # ------------------------------------------------------------- checks
    def test_roundtrip_numbers_coords_attrs(self, tmp_path: Any) -> None:
        expected = self.example()
        with self.roundtrip(expected, tmp_path) as actual:
            _assert_same(actual, expected)

    def test_roundtrip_missing_values(self, tmp_path: Any) -> None:
        if not self.supports_missing:
            pytest.skip("engine does not store missing values")
        expected = Dataset({"v": ("x", np.array([1.0, np.nan, 3.0]))})
        with self.roundtrip(expected, tmp_path) as actual:
            _assert_same(actual, expected)

    def test_roundtrip_times(self, tmp_path: Any) -> None:
        if not self.supports_times:
            pytest.skip("engine does not store times")
        expected = Dataset({"v": ("time", np.arange(3.0))},
                           coords={"time": pd.date_range("2001-02-03", periods=3, freq="6h").values.astype("M8[ns]")})
        with self.roundtrip(expected, tmp_path) as actual:
            _assert_same(actual, expected)

    def test_roundtrip_strings(self, tmp_path: Any) -> None:
        if not self.supports_strings:
            pytest.skip("engine does not store strings")
        expected = Dataset({"name": ("x", np.array(["ab", "c", "déf"]))})
        with self.roundtrip(expected, tmp_path) as actual:
            assert actual["name"].values.tolist() == ["ab", "c", "déf"]

    def test_open_is_lazy(self, tmp_path: Any) -> None:
        with self.roundtrip(self.example(), tmp_path, cache=False) as actual:
            data = actual["temp"].variable._data
            assert isinstance(data, ExplicitlyIndexed) and not actual["temp"].variable._in_memory

    def test_lazy_outer_indexing(self, tmp_path: Any) -> None:
        expected = self.example()
        with self.roundtrip(expected, tmp_path, cache=False) as actual:
            key = {"x": np.array([4, 0, 2]), "y": slice(None, None, -2)}
            np.testing.assert_array_equal(actual["temp"].isel(key).values, expected["temp"].isel(key).values)
            np.testing.assert_array_equal(actual["temp"].isel(x=1, y=-1).values, expected["temp"].isel(x=1, y=-1).values)

    def test_drop_variables(self, tmp_path: Any) -> None:
        with self.roundtrip(self.example(), tmp_path, drop_variables=["count"]) as actual:
            assert "count" not in actual.variables and "temp" in actual.variables

    def test_chunks(self, tmp_path: Any) -> None:
        if not self.supports_chunks:
            pytest.skip("engine does not support chunks")
        pytest.importorskip("dask")
        expected = self.example()
        with self.roundtrip(expected, tmp_path, chunks={"x": 2}) as actual:
            assert actual["temp"].chunks == ((4,), (2, 2, 1))
            np.testing.assert_array_equal(actual["temp"].values, expected["temp"].values)

    def test_close_and_reuse(self, tmp_path: Any) -> None:
        expected = self.example()
        ds = self.roundtrip(expected, tmp_path, cache=False)
        ds.close()
        np.testing.assert_array_equal(ds["temp"].values, expected["temp"].values)  # reopened on demand
        ds.close()

    def test_pickle_lazy(self, tmp_path: Any) -> None:
        expected = self.example()
        with self.roundtrip(expected, tmp_path, cache=False) as actual:
            restored = pickle.loads(pickle.dumps(actual))
            np.testing.assert_array_equal(restored["temp"].values, expected["temp"].values)
