"""What each cache of the cache folder saves a `narrator compare`, as a whole process.

Run: .venv/bin/python benchmarks/caches.py [--runs K]

A fresh cache folder is filled by one run of ``narrator compare "Loan Officers" "Bill and
Account Collectors"``. Then, for each kind of cache file (the name up to the first "-": profiles,
phrasebook, inflect, numbers, templates), that kind's files are replaced by empty folders of the
same names, so the run can neither read nor rewrite them, and the command is timed K times
(default 7); likewise with every cache in place. Printed: the median wall time of each, and what
each cache saves (the median without it minus the median with everything). The README's cache
table quotes these figures; a cache that saves less than 10 ms is not worth its code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = ["compare", "Loan Officers", "Bill and Account Collectors"]


def _narrator() -> str:
    script = Path(sys.executable).with_name("narrator")
    return str(script) if script.exists() else shutil.which("narrator") or "narrator"


def _time(folder: Path, runs: int) -> float:
    env = {**os.environ, "NARRATOR_CACHE_DIR": str(folder), "PYTHONDONTWRITEBYTECODE": "1"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([_narrator(), *COMMAND], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per figure (7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm"
        _time(warm, 1)  # fills the folder
        kinds = sorted({p.name.split("-", 1)[0] for p in warm.iterdir()})
        base = _time(warm, args.runs)
        print(f"narrator compare, every cache in place: median {base * 1000:.0f} ms")
        for kind in kinds:
            folder = Path(tmp) / kind
            shutil.copytree(warm, folder)
            for file in folder.glob(f"{kind}-*"):
                file.unlink()
                file.mkdir()  # neither readable as a file nor replaceable by one
            without = _time(folder, args.runs)
            saved = (without - base) * 1000
            median = without * 1000
            print(f"  without the {kind} cache: median {median:.0f} ms, saves {saved:.0f} ms")
    print(f"({args.runs} runs each; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
