"""Command line: ``python -m labarray demo`` prints a short walk-through on generated data."""

from __future__ import annotations

import argparse
import sys

from labarray.demo import run_demo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m labarray", description="labarray command line")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="walk through selection and arithmetic on a synthetic climate dataset")
    demo.add_argument("--dask", action="store_true", help="run the walk-through on Dask-backed (lazy) data")
    args = parser.parse_args(argv)
    if args.command == "demo":
        run_demo(use_dask=args.dask)
    return 0


if __name__ == "__main__":
    sys.exit(main())
