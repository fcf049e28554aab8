"""to_netcdf is atomic: a writer killed mid-write leaves the old file intact; failures clean up."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import labarray as la
from labarray.io.api import open_dataset
from labarray.io.atomic import TEMP_SUFFIX, atomic_path, temporary_path_for

SLOW_WRITER = textwrap.dedent('''
    import sys, time
    import dask.array as da
    import numpy as np
    import labarray as la

    def slow(block):
        if block.size:  # dask calls it once on an empty array to learn the output type
            print("WRITING", flush=True)
            time.sleep(0.5)
        return block + 1.0

    data = da.zeros((40, 1000), chunks=(1, 1000)).map_blocks(slow, dtype="f8")
    la.Dataset({"v": (("t", "x"), data)}).to_netcdf(sys.argv[1])
    print("DONE", flush=True)
''')


def test_killed_writer_leaves_old_file(tmp_path) -> None:
    target = str(tmp_path / "data.nc")
    la.Dataset({"v": ("x", np.array([1.0, 2.0, 3.0]))}).to_netcdf(target)
    script = tmp_path / "writer.py"
    script.write_text(SLOW_WRITER)
    proc = subprocess.Popen([sys.executable, str(script), target], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "DASK_SCHEDULER": "synchronous"})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "WRITING", line
        leftovers = [p for p in os.listdir(tmp_path) if p.endswith(TEMP_SUFFIX)]
        assert leftovers, "the writer writes into a temporary file next to the target"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    with open_dataset(target) as ds:  # still the complete old file
        assert ds["v"].values.tolist() == [1.0, 2.0, 3.0]


def test_failed_write_removes_temporary_and_keeps_target(tmp_path) -> None:
    target = str(tmp_path / "data.nc")
    la.Dataset({"v": ("x", [1.0])}).to_netcdf(target)
    bad = la.Dataset({"v": ("x", np.array([2**40]))})
    with pytest.raises(ValueError, match="do not fit into the encoding dtype int16"):
        bad.to_netcdf(target, encoding={"v": {"dtype": "int16"}})
    assert os.listdir(tmp_path) == ["data.nc"]
    with open_dataset(target) as ds:
        assert ds["v"].values.tolist() == [1.0]


def test_overwrite_replaces_and_keeps_permissions(tmp_path) -> None:
    target = str(tmp_path / "data.nc")
    la.Dataset({"v": ("x", [1.0])}).to_netcdf(target)
    os.chmod(target, 0o640)
    la.Dataset({"v": ("x", [5.0, 6.0])}).to_netcdf(target)
    assert os.stat(target).st_mode & 0o777 == 0o640
    with open_dataset(target) as ds:
        assert ds["v"].values.tolist() == [5.0, 6.0]


def test_overwrite_a_file_that_is_open_lazily(tmp_path) -> None:
    target = str(tmp_path / "data.nc")
    la.Dataset({"v": ("x", [1.0, 2.0])}).to_netcdf(target)
    ds = open_dataset(target, cache=False)
    (ds * 10).to_netcdf(target)  # reads the old file while writing the new one
    ds.close()
    with open_dataset(target) as new:
        assert new["v"].values.tolist() == [10.0, 20.0]


def test_atomic_path_helpers(tmp_path) -> None:
    tmp = temporary_path_for(str(tmp_path / "x.nc"))
    assert os.path.dirname(tmp) == str(tmp_path) and tmp.endswith(TEMP_SUFFIX)
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_path(str(tmp_path / "y.txt")) as path:
            open(path, "w").close()
            raise RuntimeError("boom")
    assert os.listdir(tmp_path) == []
    with pytest.raises(FileNotFoundError, match=r"the folder .*nowhere' does not exist"):
        with atomic_path(str(tmp_path / "nowhere" / "z.txt")):
            pass
    with pytest.raises(FileNotFoundError, match=r"cannot write .*nowhere.*does not exist"):
        la.Dataset().to_netcdf(str(tmp_path / "nowhere" / "z.nc"))


def test_failed_dask_write_leaves_no_temporary_file(tmp_path) -> None:
    # a task still writing after another one failed must not recreate the removed temporary
    dsa = pytest.importorskip("dask.array")
    import time

    target = tmp_path / "a.nc"
    la.Dataset({"a": ("x", np.arange(4.0))}).to_netcdf(target)

    def fail_late(block: np.ndarray) -> np.ndarray:
        if block[0] > 1:
            raise RuntimeError("boom")
        time.sleep(0.2)
        return block

    data = dsa.from_array(np.arange(4.0), chunks=2).map_blocks(fail_late)
    with pytest.raises(RuntimeError, match="boom"):
        la.Dataset({"a": ("x", data)}).to_netcdf(target)
    time.sleep(0.4)  # let the slow task finish
    assert sorted(os.listdir(tmp_path)) == ["a.nc"]
    np.testing.assert_array_equal(open_dataset(target).a.values, np.arange(4.0))


def test_file_manager_refuses_to_recreate_a_vanished_file(tmp_path) -> None:
    from labarray.io.file_manager import CachingFileManager

    path = str(tmp_path / "gone.txt")
    manager = CachingFileManager(open, path, mode="w")
    manager.acquire()
    manager.close()
    os.remove(path)
    with pytest.raises(FileNotFoundError, match="no longer exists"):
        manager.acquire()
    assert not os.path.exists(path)
