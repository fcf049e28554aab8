"""Quick labarray-vs-NumPy comparison of the reduction benchmarks, in one process.

Usage (from the repository root)::

    python asv_bench/compare_numpy.py                      # every NumPy-backed reduction
    python asv_bench/compare_numpy.py --filter 'mean'      # regex on "module.Class.method(params)"
    python asv_bench/compare_numpy.py --tiny --repeats 1   # smoke test on tiny data

For each NumPy-backed benchmark of ``benchmarks/reductions.py`` three calls are timed on the
same data, samples interleaved (the timing loop is the one of ``compare.py``):

* labarray's benchmark method;
* the NumPy nan-function (``numpy.nansum``, ``nanmean``, ``nanstd``, ``nanmax``,
  ``nanmedian``, ``nanquantile``) over the same axes;
* ``numpy.sum`` over the same axes (ignoring NaN: the memory-bandwidth bound).

``vs nan-func`` is NumPy nan-function time / labarray time (above 1: labarray faster; the issue
asks for at least 2). ``vs np.sum`` is labarray time / ``numpy.sum`` time (the issue asks for at
most 1.5 for sum and mean). xarray comparisons are ``compare.py``'s job.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import benchmarks  # noqa: E402
import compare  # noqa: E402
from benchmarks import reductions  # noqa: E402


def _autorange(call: Callable[[], Any], min_time: float) -> int:
    timer = timeit.Timer(call)
    number = 1
    while timer.timeit(number) < min_time:
        number *= 2 if number < 8 else 5
    return number


def time_calls(calls: dict[str, Callable[[], Any]], repeats: int, min_time: float) -> dict[str, float]:
    """Median seconds per call of every callable, samples interleaved between them.

    Examples
    --------
    >>> times = time_calls({"noop": lambda: None}, repeats=1, min_time=0.0)
    >>> list(times), times["noop"] >= 0
    (['noop'], True)
    """
    numbers = {}
    for label, call in calls.items():
        call()  # warm-up: caches, numba compilation
        numbers[label] = _autorange(call, min_time)
    samples: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(repeats):
        for label, call in calls.items():
            samples[label].append(timeit.Timer(call).timeit(numbers[label]) / numbers[label])
    return {label: statistics.median(values) for label, values in samples.items()}


def compare_one(bench: compare.Benchmark, repeats: int, min_time: float) -> list[str] | None:
    """One table row: times of labarray, the nan-function and numpy.sum, and the two ratios."""
    refs = reductions.numpy_reference(bench.cls, bench.params)
    if refs is None:
        return None
    benchmarks.use("labarray")
    instance = bench.cls()
    instance.setup(*bench.params)
    method = getattr(instance, bench.method)
    nan_call, sum_call = refs
    times = time_calls(
        {"labarray": lambda: method(*bench.params), "nanfunc": nan_call, "sum": sum_call},
        repeats,
        min_time,
    )
    la = times["labarray"]
    return [
        bench.name,
        compare.format_time(la),
        compare.format_time(times["nanfunc"]),
        compare.format_time(times["sum"]),
        f"{times['nanfunc'] / la:.2f}",
        f"{la / times['sum']:.2f}",
    ]


def print_rows(rows: list[list[str]], out: Any = None) -> None:
    out = out or sys.stdout
    header = ["benchmark", "labarray", "nan-func", "np.sum", "vs nan-func", "vs np.sum"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *rows]:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(cells), file=out, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filter", "-f", help="regex on module.Class.method(params)")
    parser.add_argument("--repeats", "-r", type=int, default=7, help="samples per call (>= 5)")
    parser.add_argument("--min-time", type=float, default=0.1, help="seconds one sample must last")
    parser.add_argument("--tiny", action="store_true", help="tiny sizes, for smoke tests")
    args = parser.parse_args(argv)
    if args.repeats < 5 and not args.tiny:
        parser.error(f"--repeats must be at least 5 for a meaningful median, got {args.repeats}")
    if args.repeats < 1:
        parser.error(f"--repeats must be positive, got {args.repeats}")
    benchmarks.set_tiny(args.tiny)
    pattern = r"^reductions\." + (f".*{args.filter}" if args.filter else "")
    selected = [b for b in compare.discover(pattern) if reductions.numpy_reference(b.cls, b.params) is not None]
    if not selected:
        parser.error(f"no NumPy-backed reduction benchmark matches --filter {args.filter!r}")
    print("vs nan-func = numpy nan-function time / labarray time (>1: labarray faster); "
          "vs np.sum = labarray time / numpy.sum time\n", flush=True)
    start = time.perf_counter()
    rows = []
    for bench in selected:
        row = compare_one(bench, args.repeats, args.min_time)
        if row is not None:
            rows.append(row)
            print(f"  [{len(rows)}/{len(selected)}] {bench.name}", file=sys.stderr, flush=True)
    print_rows(rows)
    print(f"\n{len(rows)} benchmarks in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
