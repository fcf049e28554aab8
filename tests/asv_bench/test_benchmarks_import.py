"""Every asv benchmark imports, sets up and runs once on tiny data; the quick runner works."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ASV_BENCH = Path(__file__).resolve().parents[2] / "asv_bench"
sys.path.insert(0, str(ASV_BENCH))

import benchmarks  # noqa: E402
import compare  # noqa: E402

ALL_KINDS = ("time_", "peakmem_", "timeraw_")
CASES = list(compare.discover(prefixes=ALL_KINDS))
EXPECTED_MODULES = {
    "construction", "indexing", "alignment", "reductions", "repr", "import_time",
    "dataset_io", "dataset_io_multi", "interp", "apply_ufunc",
    "groupby", "resample", "rolling", "coarsen", "weighted",
}  # fmt: skip


@pytest.fixture
def tiny():
    benchmarks.set_tiny(True)
    yield
    benchmarks.set_tiny(False)
    benchmarks.use("labarray")


def _run_once(bench: compare.Benchmark) -> object:
    instance = bench.cls()
    if hasattr(instance, "setup"):
        try:
            instance.setup(*bench.params)
        except NotImplementedError as exc:
            pytest.skip(str(exc))
    return getattr(instance, bench.method)(*bench.params)


def test_every_topic_has_benchmarks() -> None:
    modules = {bench.module for bench in CASES}
    assert modules >= EXPECTED_MODULES
    assert {bench.kind for bench in CASES} == {"time", "peakmem", "timeraw"}
    # NumPy benchmark classes with data have Dask variants, most of them subclassing the
    # NumPy class so both measure the same operations
    classes = {bench.cls for bench in CASES}
    dask_variants = [cls for cls in classes if cls.__name__.endswith("Dask")]
    subclassing = [c for c in dask_variants if c.__mro__[1].__name__ == c.__name__.removesuffix("Dask")]
    assert len(subclassing) >= 6


def test_sizes_switch_between_full_and_tiny(tiny) -> None:
    assert benchmarks.is_tiny()
    assert benchmarks.scaled(1000, 3) == 3
    benchmarks.set_tiny(False)
    assert benchmarks.scaled(1000, 3) == 1000


def test_use_switches_the_proxy() -> None:
    np = benchmarks.use("numpy")
    try:
        assert benchmarks.xr.ndarray is np.ndarray
        assert "numpy" in repr(benchmarks.xr)
    finally:
        benchmarks.use("labarray")
    assert benchmarks.current_module().__name__ == "labarray"


def test_use_unknown_module_raises() -> None:
    with pytest.raises(ModuleNotFoundError, match="no_such_array_lib"):
        benchmarks.use("no_such_array_lib")


def test_randn_is_seeded() -> None:
    a = benchmarks.randn((3, 4), seed=1, frac_nan=0.5)
    b = benchmarks.randn((3, 4), seed=1, frac_nan=0.5)
    assert a.shape == (3, 4)
    assert ((a == b) | (a != a)).all()


@pytest.mark.parametrize("bench", CASES, ids=lambda b: b.name)
def test_benchmark_runs_on_labarray(bench: compare.Benchmark, tiny) -> None:
    benchmarks.use("labarray")
    result = _run_once(bench)
    if bench.kind == "timeraw":
        assert result == "import labarray"


@pytest.mark.compat
@pytest.mark.parametrize("bench", CASES, ids=lambda b: b.name)
def test_benchmark_runs_on_xarray(bench: compare.Benchmark, tiny) -> None:
    xarray = pytest.importorskip("xarray")
    benchmarks.use(xarray)
    result = _run_once(bench)
    if bench.kind == "timeraw":
        assert result == "import xarray"


def test_param_grid_follows_asv_conventions() -> None:
    class One:
        params = ["a", "b"]
        param_names = ["p"]

    class Two:
        params = (["a", "b"], [1, 2, 3])
        param_names = ("p", "q")

    class Single:
        params = [["a", "b"]]
        param_names = ["p"]

    assert compare._param_grid(One) == [("a",), ("b",)]
    assert compare._param_grid(Single) == [("a",), ("b",)]
    assert len(compare._param_grid(Two)) == 6
    assert compare._param_grid(object) == [()]


def test_discover_filters_by_regex() -> None:
    names = [b.name for b in compare.discover(r"indexing\.Indexing\.time_isel")]
    assert names and all(n.startswith("indexing.Indexing.time_isel") for n in names)
    assert not list(compare.discover("no-such-benchmark"))
    assert all(b.kind != "peakmem" for b in compare.discover())


def test_format_time_and_row_flags() -> None:
    assert compare.format_time(2.5) == "2.5 s"
    assert compare.format_time(0.0123) == "12.3 ms"
    assert compare.format_time(4.5e-6) == "4.5 µs"
    assert compare.format_time(3e-8) == "30 ns"
    assert compare.format_time(None) == "failed"
    bench = CASES[0]
    fast = compare.Result(bench, {"labarray": 1e-3, "xarray": 3e-3})
    noisy = compare.Result(bench, {"labarray": 1e-3, "xarray": 1.2e-3})
    slow = compare.Result(bench, {"labarray": 2e-3, "xarray": 1e-3})
    broken = compare.Result(
        bench, {"labarray": None, "xarray": 1e-3}, {"labarray": "KeyError: 'x'"}
    )
    assert compare.format_row(fast)[3:] == ["3.00", ""]
    assert compare.format_row(noisy)[3:] == ["1.20", "noisy: rerun"]
    assert compare.format_row(slow)[3:] == ["0.50", "labarray slower"]
    assert compare.format_row(broken)[1] == "failed"
    assert compare.format_row(broken)[3:] == ["n/a", "labarray: KeyError: 'x'"]


def test_run_benchmark_records_errors_and_skips(tiny) -> None:
    class Broken:
        def setup(self):
            raise NotImplementedError("dask is not installed")

        def time_x(self):
            pass

    class Failing:
        def time_x(self):
            raise KeyError("x")

    np = importlib.import_module("numpy")
    skipped = compare.run_benchmark(
        compare.Benchmark("m", Broken, "time_x"), {"labarray": np}, 1, 0.0
    )
    assert skipped.errors == {"labarray": "skipped: dask is not installed"}
    failed = compare.run_benchmark(
        compare.Benchmark("m", Failing, "time_x"), {"labarray": np}, 1, 0.0
    )
    assert failed.errors == {"labarray": "KeyError: 'x'"}
    assert failed.times == {"labarray": None}


def test_cli_rejects_bad_arguments(capsys) -> None:
    with pytest.raises(SystemExit):
        compare.main(["--repeats", "3"])
    assert "--repeats must be at least 5" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        compare.main(["--filter", "no-such-benchmark", "--list"])
    assert "no benchmark matches --filter 'no-such-benchmark'" in capsys.readouterr().err


def test_cli_lists_benchmarks() -> None:
    out = subprocess.run(
        [sys.executable, str(ASV_BENCH / "compare.py"), "--list", "--filter", "repr"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "repr.ReprDataArray.time_repr" in out
    assert all(name.startswith("repr.") for name in out)


@pytest.mark.compat
def test_cli_prints_a_table(capsys, monkeypatch, tiny) -> None:
    xarray = pytest.importorskip("xarray")
    # both columns run xarray here, so the runner is tested independently of labarray's state
    monkeypatch.setattr(compare, "load_modules", lambda: {"labarray": xarray, "xarray": xarray})
    assert (
        compare.main(
            ["--tiny", "--repeats", "2", "--min-time", "0.001", "--filter", r"\.time_isel_slices$"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "benchmark" in out and "ratio" in out
    assert "indexing.Indexing.time_isel_slices" in out
    assert "indexing.IndexingDask.time_isel_slices" in out


def test_reduction_benchmarks_have_numpy_references(tiny) -> None:
    import numpy as np
    from benchmarks import reductions

    nan_call, sum_call = reductions.numpy_reference(reductions.Reduce, ("max", "space"))
    assert nan_call().shape == sum_call().shape == (reductions.shape()[0],)
    nan_call, _ = reductions.numpy_reference(reductions.Order, ("quantile",))
    values = reductions.make_array()
    np.testing.assert_array_equal(nan_call(), np.nanquantile(values, 0.9, axis=0))
    assert reductions.numpy_reference(reductions.ReduceDask, ("sum", "all")) is None
    assert np.isnan(values).mean() == pytest.approx(0.1, abs=0.05)


def test_numpy_runner_prints_ratios(capsys, tiny) -> None:
    import compare_numpy

    assert compare_numpy.main(["--tiny", "--repeats", "1", "--filter", r"median|\(sum, time\)"]) == 0
    out = capsys.readouterr().out
    assert "vs nan-func" in out and "vs np.sum" in out
    assert "reductions.Order.time_order(median)" in out
    assert "reductions.Reduce.time_reduce(sum, time)" in out
    assert "Dask" not in out
    with pytest.raises(SystemExit):
        compare_numpy.main(["--repeats", "2"])
    assert "--repeats must be at least 5" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        compare_numpy.main(["--tiny", "--filter", "no-such-benchmark"])
    assert "no NumPy-backed reduction benchmark matches" in capsys.readouterr().err
