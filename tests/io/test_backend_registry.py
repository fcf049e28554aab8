"""Engine registry: built-ins, a third-party engine installed through entry-point metadata
(a temporary ``.dist-info`` on ``sys.path``) that also passes the conformance tests, broken plugins."""

from __future__ import annotations

import sys
import textwrap
import warnings

import numpy as np
import pytest

import labarray as la
from labarray.io.api import open_dataset
from labarray.io.backends.common import BackendEntrypoint
from labarray.io.backends.registry import (
    get_backend,
    guess_engine,
    list_engines,
    refresh_engines,
    register_backend,
)
from labarray.io.conformance import BackendTests

TOY_ENGINE = textwrap.dedent('''
    """A third-party engine: .toy files are .npz archives plus JSON metadata."""
    import json

    import numpy as np

    from labarray.coding.conventions import cf_encoder
    from labarray.io.backends.common import BackendArray, BackendEntrypoint, explicit_indexing_adapter
    from labarray.io.backends.store import AbstractDataStore, open_store_dataset
    from labarray.variable import Variable
    from labarray.variable.indexing import LazilyIndexedArray

    READS = []


    class ToyArray(BackendArray):
        def __init__(self, path, name, shape, dtype):
            self.path, self.name, self.shape, self.dtype = path, name, tuple(shape), np.dtype(dtype)

        def __getitem__(self, key):
            return explicit_indexing_adapter(key, self.shape, self._raw)

        def _raw(self, key):
            READS.append(self.name)
            with np.load(self.path) as archive:
                return archive[self.name][key]


    class ToyStore(AbstractDataStore):
        def __init__(self, path):
            self.path = path
            with np.load(path) as archive:
                self.meta = json.loads(bytes(archive["__meta__"]).decode())

        def get_variables(self):
            return {name: Variable(m["dims"], LazilyIndexedArray(ToyArray(self.path, name, m["shape"], m["dtype"])),
                                   m["attrs"], {"source": self.path})
                    for name, m in self.meta["variables"].items()}

        def get_attrs(self):
            return dict(self.meta["attrs"])

        def get_dimensions(self):
            return {d: s for m in self.meta["variables"].values() for d, s in zip(m["dims"], m["shape"])}


    class ToyBackend(BackendEntrypoint):
        description = "toy .npz files"

        def guess_can_open(self, filename_or_obj):
            return str(filename_or_obj).endswith(".toy")

        def open_dataset(self, filename_or_obj, *, drop_variables=None, mask_and_scale=True, decode_times=True,
                         decode_timedelta=None, use_cftime=None, concat_characters=True, decode_coords=True):
            return open_store_dataset(ToyStore(filename_or_obj), drop_variables=drop_variables,
                                      mask_and_scale=mask_and_scale, decode_times=decode_times,
                                      decode_timedelta=decode_timedelta, use_cftime=use_cftime,
                                      concat_characters=concat_characters, decode_coords=decode_coords)


    def _plain(value):
        value = np.asarray(value)
        return value.item() if value.ndim == 0 else value.tolist()


    def write_toy(dataset, path):
        variables, attrs = cf_encoder(dict(dataset.variables), dict(dataset.attrs), dataset.coords)
        meta = {"attrs": {k: _plain(v) for k, v in attrs.items()}, "variables": {}}
        arrays = {}
        for name, var in variables.items():
            values = np.asarray(var.values)
            if values.dtype.kind == "O":
                values = values.astype(str)
            arrays[name] = values
            meta["variables"][name] = {"dims": list(var.dims), "shape": list(values.shape), "dtype": values.dtype.str,
                                       "attrs": {k: _plain(v) for k, v in var.attrs.items()}}
        arrays["__meta__"] = np.frombuffer(json.dumps(meta).encode(), dtype="u1")
        with open(path, "wb") as f:
            np.savez(f, **arrays)
''')


@pytest.fixture
def toy_installed(tmp_path, monkeypatch):
    """Install the toy engine the way pip would: a module plus a .dist-info with entry points."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "toyengine.py").write_text(TOY_ENGINE)
    info = site / "toy_engine-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-engine\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[labarray.backends]\ntoy = toyengine:ToyBackend\n")
    monkeypatch.syspath_prepend(str(site))
    refresh_engines()
    yield sys.modules.get("toyengine") or __import__("toyengine")
    sys.modules.pop("toyengine", None)
    refresh_engines()


def test_third_party_engine_from_entry_point(toy_installed, tmp_path) -> None:
    engines = list_engines()
    assert list(engines)[:2] == ["netcdf4", "zarr"]
    assert type(engines["toy"]).__name__ == "ToyBackend"
    path = str(tmp_path / "a.toy")
    ds = la.Dataset({"v": ("x", np.array([1.0, np.nan, 3.0]))}, coords={"x": [10, 20, 30]}, attrs={"k": "v"})
    toy_installed.write_toy(ds, path)
    assert guess_engine(path) == "toy"
    toy_installed.READS.clear()
    with open_dataset(path, cache=False) as back:  # guessed engine
        assert toy_installed.READS == ["x"]  # only the index is read at open
        sub = back["v"].isel(x=[2, 0])
        assert toy_installed.READS == ["x"]
        np.testing.assert_array_equal(sub.values, [3.0, 1.0])
        assert back.attrs == {"k": "v"}
    with open_dataset(path, engine="toy", chunks={"x": 2}) as chunked:
        assert chunked["v"].chunks == ((2, 1),)


def test_refresh_forgets_uninstalled_plugins(toy_installed) -> None:
    assert "toy" in list_engines()
    sys.path.remove(next(p for p in sys.path if p.endswith("site")))
    refresh_engines()
    assert "toy" not in list_engines()


class TestToyConformance(BackendTests):
    engine = "toy"
    suffix = ".toy"
    supports_strings = True

    @pytest.fixture(autouse=True)
    def _install(self, toy_installed):
        self.module = toy_installed

    def write(self, dataset, path):
        self.module.write_toy(dataset, path)


def test_broken_plugin_is_reported(tmp_path, monkeypatch) -> None:
    site = tmp_path / "site"
    info = site / "broken_engine-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-engine\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[labarray.backends]\nbroken = no_such_module_xyz:Backend\n"
                                           "netcdf4 = no_such_module_xyz:Other\n")
    monkeypatch.syspath_prepend(str(site))
    refresh_engines()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            engines = list_engines()
        messages = [str(w.message) for w in caught]
        assert any("cannot load the IO engine 'broken'" in m for m in messages)
        assert any("uses the name of the built-in engine 'netcdf4'" in m for m in messages)
        assert "broken" not in engines and type(engines["netcdf4"]).__name__ == "NetCDF4BackendEntrypoint"
        with pytest.raises(ValueError, match=r"not available: 'broken' \(ModuleNotFoundError"):
            get_backend("brokn")
    finally:
        refresh_engines()


def test_register_backend_and_errors() -> None:
    class Echo(BackendEntrypoint):
        def open_dataset(self, filename_or_obj, *, drop_variables=None):
            return la.Dataset(attrs={"opened": str(filename_or_obj)})

    register_backend("echo-test", Echo)
    assert "echo-test" in list_engines()
    assert open_dataset("anything", engine="echo-test").attrs["opened"].endswith("anything")  # no file needed
    assert isinstance(get_backend(Echo), Echo) and isinstance(get_backend(Echo()), Echo)
    with pytest.raises(TypeError, match="engine 'bad' must be a BackendEntrypoint subclass; got int"):
        register_backend("bad", int)
    with pytest.raises(TypeError, match="an engine name must be a non-empty str"):
        register_backend("", Echo)
    with pytest.raises(NotImplementedError, match="BackendEntrypoint does not implement open_dataset"):
        BackendEntrypoint().open_dataset("x")
    assert "Echo" in repr(Echo()) and BackendEntrypoint().guess_can_open("x") is False

    class NotADataset(BackendEntrypoint):
        def open_dataset(self, filename_or_obj, *, drop_variables=None):
            return {"a": 1}

    with pytest.raises(TypeError, match="returned a dict, not a Dataset"):
        open_dataset("anything", engine=NotADataset)
