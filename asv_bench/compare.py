"""Quick labarray-vs-xarray comparison of the asv benchmarks, in one process.

Usage (from the repository root)::

    python asv_bench/compare.py                       # every benchmark
    python asv_bench/compare.py --filter indexing     # regex on "module.Class.method"
    python asv_bench/compare.py --filter 'Indexing\\.' --repeats 9 --min-time 0.2
    python asv_bench/compare.py --tiny --repeats 1    # smoke-test the runner on tiny data
    python asv_bench/compare.py --list                # only list the benchmarks

Each benchmark class is set up once per module under test (``benchmarks.use(labarray)`` and
``benchmarks.use(xarray)``), warmed up with one call, then timed with an autorange-style inner
loop (the loop count grows until one sample takes ``--min-time`` seconds, so fast operations are
measured over many calls); samples of the two modules are interleaved to share machine drift,
and the median per-call time of ``--repeats`` samples (at least 5 unless ``--tiny``) is reported.
xarray runs with ``set_options(use_flox=True, use_numbagg=True, use_bottleneck=True)``.

``ratio`` is xarray time / labarray time: above 1 labarray is faster. Ratios between 0.75 and 1.33
are within the noise of such a quick run and flagged "noisy: rerun". ``timeraw_`` benchmarks
(import time) run their code in fresh interpreters; ``peakmem_`` benchmarks are left to asv.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import pkgutil
import re
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for _path in (str(HERE), str(REPO)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import benchmarks  # noqa: E402  (needs the path set up above)

NOISE_BAND = (0.75, 1.33)
XARRAY_OPTIONS = {"use_flox": True, "use_numbagg": True, "use_bottleneck": True}


@dataclass
class Benchmark:
    """One benchmark method with one combination of its parameters."""

    module: str
    cls: type
    method: str
    params: tuple[Any, ...] = ()

    @property
    def name(self) -> str:
        base = f"{self.module}.{self.cls.__name__}.{self.method}"
        if self.params:
            base += "(" + ", ".join(map(str, self.params)) + ")"
        return base

    @property
    def kind(self) -> str:
        return self.method.split("_", 1)[0]


@dataclass
class Result:
    benchmark: Benchmark
    times: dict[str, float | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        la, xa = self.times.get("labarray"), self.times.get("xarray")
        if la is None or xa is None or la <= 0:
            return None
        return xa / la


def _param_grid(cls: type) -> list[tuple[Any, ...]]:
    """asv's parameter convention: ``params`` is one list, or a list/tuple of lists."""
    params = getattr(cls, "params", None)
    if params is None:
        return [()]
    names = getattr(cls, "param_names", None) or []
    if len(names) <= 1 and not all(isinstance(p, list | tuple) for p in params):
        params = [params]
    return list(itertools.product(*params))


def discover(
    pattern: str | None = None, prefixes: tuple[str, ...] = ("time_", "timeraw_")
) -> Iterator[Benchmark]:
    """Yield every benchmark named ``<prefix>...`` whose full name matches the regex ``pattern``."""
    regex = re.compile(pattern) if pattern else None
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"benchmarks.{info.name}")
        for cls in vars(module).values():
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            for method in sorted(dir(cls)):
                if not method.startswith(prefixes):
                    continue
                for params in _param_grid(cls):
                    bench = Benchmark(info.name, cls, method, params)
                    if regex is None or regex.search(bench.name):
                        yield bench


class _Runner:
    """Set up one benchmark on one module and time it."""

    def __init__(self, bench: Benchmark, module: ModuleType):
        self.bench = bench
        self.module = module
        benchmarks.use(module)
        self.instance = bench.cls()
        setup = getattr(self.instance, "setup", None)
        if setup is not None:
            setup(*bench.params)
        method = getattr(self.instance, bench.method)
        params = bench.params
        self.call: Callable[[], Any] = lambda: method(*params)

    def sample(self, number: int) -> float:
        """Seconds per call, averaged over ``number`` calls."""
        benchmarks.use(self.module)
        return timeit.Timer(self.call).timeit(number) / number

    def autorange(self, min_time: float) -> int:
        """Smallest loop count (1, 2, 5, 10, 20, 50, ...) whose total time reaches ``min_time``."""
        benchmarks.use(self.module)
        timer = timeit.Timer(self.call)
        for exponent in itertools.count():
            for factor in (1, 2, 5):
                number = factor * 10**exponent
                if timer.timeit(number) >= min_time:
                    return number
        raise AssertionError("unreachable")

    def teardown(self) -> None:
        teardown = getattr(self.instance, "teardown", None)
        if teardown is not None:
            teardown(*self.bench.params)


def _time_raw(bench: Benchmark, module: ModuleType, repeats: int) -> float:
    """Median seconds of a ``timeraw_`` benchmark's code, each sample in a fresh interpreter."""
    benchmarks.use(module)
    code = getattr(bench.cls(), bench.method)(*bench.params)
    setup = ""
    if isinstance(code, tuple):
        code, setup = code
    script = (
        "import time\n"
        f"exec({setup!r})\n"
        "t0 = time.perf_counter()\n"
        f"exec({code!r})\n"
        "print(time.perf_counter() - t0)\n"
    )
    env_path = os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    samples = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": env_path},
        )
        samples.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def run_benchmark(
    bench: Benchmark, modules: dict[str, ModuleType], repeats: int, min_time: float
) -> Result:
    """Time ``bench`` on every module, interleaving the samples; errors are recorded, not raised."""
    result = Result(bench)
    if bench.kind == "timeraw":
        for label, module in modules.items():
            try:
                result.times[label] = _time_raw(bench, module, repeats)
            except Exception as exc:
                result.times[label] = None
                result.errors[label] = _describe(exc)
        return result

    runners: dict[str, _Runner] = {}
    numbers: dict[str, int] = {}
    for label, module in modules.items():
        try:
            runner = _Runner(bench, module)
            runner.call()  # warm-up (caches, lazy imports, numba compilation)
            numbers[label] = runner.autorange(min_time)
            runners[label] = runner
        except NotImplementedError as exc:
            result.errors[label] = f"skipped: {exc}"
        except Exception as exc:
            result.errors[label] = _describe(exc)
    samples: dict[str, list[float]] = {label: [] for label in runners}
    for _ in range(repeats):
        for label, runner in runners.items():
            samples[label].append(runner.sample(numbers[label]))
    for label in modules:
        result.times[label] = statistics.median(samples[label]) if samples.get(label) else None
    for runner in runners.values():
        runner.teardown()
    return result


def _describe(exc: BaseException) -> str:
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message}"[:160]


def format_time(seconds: float | None) -> str:
    if seconds is None:
        return "failed"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_row(result: Result) -> list[str]:
    ratio = result.ratio
    if ratio is None:
        note = "; ".join(f"{k}: {v}" for k, v in result.errors.items())
        ratio_text = "n/a"
    else:
        ratio_text = f"{ratio:.2f}"
        note = "noisy: rerun" if NOISE_BAND[0] <= ratio <= NOISE_BAND[1] else ""
        if ratio < NOISE_BAND[0]:
            note = "labarray slower"
    return [
        result.benchmark.name,
        format_time(result.times.get("labarray")),
        format_time(result.times.get("xarray")),
        ratio_text,
        note,
    ]


def print_table(rows: list[list[str]], out: Any = None) -> None:
    out = out or sys.stdout
    header = ["benchmark", "labarray", "xarray", "ratio", "note"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, ["-" * w for w in widths] + ["----"], *rows]:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:4], widths[1:], strict=True)]
        print("  ".join([*cells, row[4]]).rstrip(), file=out, flush=True)


def load_modules() -> dict[str, ModuleType]:
    """labarray (this checkout) and xarray with its accelerators switched on."""
    labarray = benchmarks.use("labarray")
    xarray = importlib.import_module("xarray")
    xarray.set_options(**XARRAY_OPTIONS)
    return {"labarray": labarray, "xarray": xarray}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filter", "-f", help="regex on module.Class.method(params)")
    parser.add_argument("--repeats", "-r", type=int, default=7, help="samples per benchmark (>= 5)")
    parser.add_argument("--min-time", type=float, default=0.1,
                        help="seconds one sample must last (sets the inner loop count)")
    parser.add_argument("--tiny", action="store_true", help="tiny sizes, for smoke tests")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)

    if args.repeats < 5 and not args.tiny:
        parser.error(f"--repeats must be at least 5 for a meaningful median, got {args.repeats}")
    if args.repeats < 1:
        parser.error(f"--repeats must be positive, got {args.repeats}")
    benchmarks.set_tiny(args.tiny)

    selected = list(discover(args.filter))
    if not selected:
        parser.error(f"no benchmark matches --filter {args.filter!r}")
    if args.list:
        for bench in selected:
            print(bench.name)
        return 0

    modules = load_modules()
    print(f"labarray from {Path(modules['labarray'].__file__).parent}, "
          f"xarray {modules['xarray'].__version__} with {XARRAY_OPTIONS}; "
          f"median of {args.repeats}, ratio = xarray / labarray (>1: labarray faster)\n",
          flush=True)
    rows = []
    start = time.perf_counter()
    for bench in selected:
        rows.append(format_row(run_benchmark(bench, modules, args.repeats, args.min_time)))
        print(f"  [{len(rows)}/{len(selected)}] {bench.name}", file=sys.stderr, flush=True)
    print_table(rows)
    print(f"\n{len(rows)} benchmarks in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
