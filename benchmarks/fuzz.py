"""Fuzz profile files at scale: 10,000 examples by default (CI runs a few hundred in tests).

Run: .venv/bin/python benchmarks/fuzz.py [--examples N]

Each generated profile file must either render against a seed profile (both ways round, every
format) with no leaked None/nan/inf/template syntax and no live markup in HTML, or be refused with
a one-line ProfileError. Prints how many were tried, rendered and refused, and the tracebacks and
leaks found (both should be 0).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from narrator.catalog import Catalog
from narrator.compose import Composer
from tests.strategies import exercise, profile_texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    args = parser.parse_args()
    composer = Composer()
    partner = Catalog.bundled().find("loss-mitigation-specialist")
    outcomes: Counter[str] = Counter()
    failures: list[str] = []

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(profile_texts())
    def run(text: str) -> None:
        try:
            outcomes[exercise(text, partner, composer)] += 1
        except AssertionError as exc:
            outcomes["leak"] += 1
            failures.append(f"leak: {exc}")
        except Exception:
            outcomes["traceback"] += 1
            failures.append(traceback.format_exc(limit=3))

    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    tried = sum(outcomes.values())
    print(f"examples tried: {tried} in {elapsed:.0f} s")
    print(f"rendered: {outcomes['rendered']}, refused with a profile error: {outcomes['rejected']}")
    print(f"tracebacks: {outcomes['traceback']}, leaks: {outcomes['leak']}")
    for failure in failures[:5]:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
