"""End-to-end batch throughput: articles/s per format with N workers, files written included.

Run: .venv/bin/python benchmarks/batch.py [--pairs N] [--jobs N] [--formats jsonl markdown]

Renders every pair of the bundled set (or the first N with --pairs N) with
`narrator.batch.run_batch` into a temporary folder, once per format, as `narrator batch` does,
and prints articles/s, the wall time (or, for a sample, the time the full set would take at
that rate), and the peak RSS of the parent and of the largest worker. A small sample
understates the rate: every worker first works out each profile's cached parts once.
Quote the figures from one run; these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interpreter import describe  # benchmarks/, this script's own folder

from narrator.batch import Options, run_batch, select_pairs
from narrator.catalog import Catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=0, help="the first N pairs (0: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--formats", nargs="+", default=["jsonl", "markdown"])
    args = parser.parse_args()
    catalog = Catalog.bundled()
    total = len(catalog) * (len(catalog) - 1) // 2
    pairs = select_pairs(catalog, limit=args.pairs or None)
    print(f"{len(pairs):,} of {total:,} pairs, {args.jobs} worker process(es), on {describe()}")
    for fmt in args.formats:
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            run_batch(pairs, Path(out), Options(formats=(fmt,), date="2025-05-01"), jobs=args.jobs)
            elapsed = time.perf_counter() - start
        rate = len(pairs) / elapsed
        line = f"{fmt:>9}: {rate:,.0f} articles/s, {len(pairs):,} articles in {elapsed:.1f} s"
        if len(pairs) < total:
            line += f"; all {total:,} pairs would take {total / rate:.0f} s"
        print(line, flush=True)
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: parent {parent:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
