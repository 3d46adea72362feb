"""End-to-end batch throughput: articles/s per format with N workers, files written included.

Run: .venv/bin/python benchmarks/batch.py [--pairs N] [--jobs N] [--formats jsonl markdown]

Renders every pair of the bundled set (or the first N with --pairs N) with
`narrator.batch.run_batch` into a temporary folder, once per format, as `narrator batch` does,
and prints articles/s, the wall time (or, for a sample, the time the full set would take at
that rate), the CPU time an article took in all processes and in the parent and the workers
apart, the CPU time the hypervisor gave to other machines meanwhile (steal; on a shared host it
varies from run to run, and the wall time with it), and the peak RSS of the parent and of the
largest worker. A small sample understates the rate: every worker first works out each
profile's cached parts once.
Quote the figures from one run; these machines are shared and noisy.

The disk is part of the figure (a full Markdown run creates 346,528 files), and so is what
was deleted before it. On a file system without a journal (this machine's ext4 has none), the
kernel prefers not to reuse an inode freed in the last minute, or in the last six while its
inode table block is unwritten (creating files beside it keeps it so), and looks each such
inode up to pass it by (fs/ext4/ialloc.c, recently_deleted). Within minutes of deleting a
previous run's 346,528 files, creating a file costs some 400 µs of kernel time instead of 60,
and a Markdown run took 172–188 s instead of 123–140 s. So run this at least six minutes after
deleting many files, or pass --quiet-after 400 to wait that long first. It deletes its own
folders at the end, not between formats, and starts each format after os.sync() once the
disks have been idle for ten seconds (at most --settle seconds of waiting in all, printed).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from interpreter import describe  # benchmarks/, this script's own folder

from narrator.batch import Options, run_batch
from narrator.catalog import Catalog
from narrator.pairs import select_pairs


def _busy_ms() -> int:
    """Milliseconds the machine's disks have spent on I/O (Linux), or 0 where that is unknown."""
    total = 0
    try:
        for stat in Path("/sys/block").glob("*/stat"):
            if not stat.parent.name.startswith(("loop", "ram")):
                total += int(stat.read_text().split()[9])  # io_ticks
    except (OSError, ValueError, IndexError):
        return 0
    return total


def _stolen() -> float:
    """Seconds of CPU the hypervisor has given to others since boot (Linux), or 0 if unknown.

    On a shared virtual machine this swings from run to run; a run that lost much of it ran
    on less than two cores.
    """
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _cpu() -> tuple[float, float]:
    """Seconds of CPU this process, and its finished children, have used."""
    times = os.times()
    return times.user + times.system, times.children_user + times.children_system


def settle(limit: float, age: float = 0) -> float:
    """Wait until ``age`` seconds have passed and the disks have been idle (under 5% busy) for
    10 s, or until ``limit`` seconds pass.

    Ten seconds, because the file system hands freed blocks to the disk in batches every five
    seconds.

    Returns the seconds waited.
    """
    start = time.monotonic()
    os.sync()
    quiet = 0
    while time.monotonic() - start < limit and (quiet < 10 or time.monotonic() - start < age):
        before = _busy_ms()
        time.sleep(1)
        quiet = quiet + 1 if _busy_ms() - before < 50 else 0
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=0, help="the first N pairs (0: all)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--formats", nargs="+", default=["jsonl", "markdown"])
    parser.add_argument(
        "--settle", type=float, default=900, help="most seconds to wait before each format"
    )
    parser.add_argument(
        "--quiet-after",
        type=float,
        default=0,
        help="seconds to wait before the first format, for deletions before it to age",
    )
    args = parser.parse_args()
    catalog = Catalog.bundled()
    total = len(catalog) * (len(catalog) - 1) // 2
    pairs = select_pairs(catalog, limit=args.pairs or None)
    print(f"{len(pairs):,} of {total:,} pairs, {args.jobs} worker process(es), on {describe()}")
    with tempfile.TemporaryDirectory() as folder:
        for number, fmt in enumerate(args.formats):
            out = Path(folder) / fmt
            waited = settle(args.settle, args.quiet_after if number == 0 else 0)
            stolen, (parent, workers), start = _stolen(), _cpu(), time.perf_counter()
            run_batch(pairs, out, Options(formats=(fmt,), date="2025-05-01"), jobs=args.jobs)
            elapsed = time.perf_counter() - start
            parent_after, workers_after = _cpu()
            parent, workers = parent_after - parent, workers_after - workers
            cpu, stolen = parent + workers, _stolen() - stolen
            rate = len(pairs) / elapsed
            line = f"{fmt:>9}: {rate:,.0f} articles/s, {len(pairs):,} articles in {elapsed:.1f} s"
            if len(pairs) < total:
                line += f"; all {total:,} pairs would take {total / rate:.0f} s"
            print(f"{line} (after {waited:.0f} s settling)", flush=True)
            print(
                f"{'':>9}  CPU {cpu / len(pairs) * 1e6:,.0f} µs an article (parent "
                f"{parent / len(pairs) * 1e6:,.0f}, workers {workers / len(pairs) * 1e6:,.0f});"
                f" {stolen:.1f} s of CPU went to other machines on this host meanwhile",
                flush=True,
            )
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: parent {parent:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()
