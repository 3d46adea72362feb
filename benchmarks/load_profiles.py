"""How long loading every bundled profile takes (target: under 0.3 s).

Run: .venv/bin/python benchmarks/load_profiles.py [--runs N]

Prints the median, min and max of N in-process loads of the bundled catalog, and the median of
fresh-process loads (interpreter start and imports included, reported separately). Quote medians
from one run; these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def in_process(runs: int) -> list[float]:
    from narrator.catalog import Catalog

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        catalog = Catalog.bundled()
        list(catalog)  # the cache hands out each profile on first use: read them all
        times.append(time.perf_counter() - start)
    print(f"profiles: {len(catalog)}")
    return times


def fresh_process(runs: int) -> list[float]:
    code = (
        "import time; from narrator.catalog import Catalog; t = time.perf_counter(); "
        "list(Catalog.bundled()); print(time.perf_counter() - t)"
    )
    return [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    warm = in_process(args.runs)
    cold = fresh_process(max(3, args.runs // 3))
    print(
        f"in-process load: median {statistics.median(warm):.3f} s "
        f"(min {min(warm):.3f}, max {max(warm):.3f}, {len(warm)} runs)"
    )
    print(
        f"fresh-process load (excluding imports): median {statistics.median(cold):.3f} s "
        f"({len(cold)} runs)"
    )


if __name__ == "__main__":
    main()
