"""Instructions per article for composing, the Markdown page and the jsonl line, by callgrind.

Run: .venv/bin/python benchmarks/instructions.py [--start N] [--pairs N] [--warm N]

CPU time on these shared machines varies by a quarter from run to run; the number of
instructions a piece of code runs hardly varies at all, so it is the figure to compare code by.
This script re-runs itself under ``valgrind --tool=callgrind`` (with ``PYTHONHASHSEED=0``, so
dictionaries of strings are laid out the same in every run) and prints, for each of

- ``compose``: ``Composer.compose(a, b)``,
- ``markdown``: ``hugo_page(article, date="2025-05-01", draft=None)``, a batch's Markdown page,
- ``jsonl``: ``jsonl_line(article, None)``, a batch's jsonl line,

the instructions an article took, averaged over the sample: ``--pairs`` pairs (1,500 by
default) from ``--start`` (100,000) of ``itertools.combinations`` over the bundled profiles
sorted by slug, which is the order a batch works in.

A batch worker that reaches pair 100,000 has met every profile many times, on either side and
with every phrasing its pairs choose, so what a Composer works out once per profile is done. So
the Composer warms up first: the pairs of the first profile with every other (the batch's
first 832), the ``--warm`` (500) pairs just before the sample, and each of the sample's second
profiles with the 8 profiles before the sample's first (their batch pairs, which choose their
own phrasings), each article written in both formats too. The sample's own pairs are not in
the warm-up: a memory of whole sentences would meet them again, which a batch never does.
None of that is counted, nor even instrumented: callgrind
starts with instrumentation off (``--instr-atstart=no``), which runs many times quicker, and
the process turns it on with ``callgrind_control`` once warm.

How the counting works: callgrind starts with collection off (``--collect-atstart=no``) and
toggles it on entering and on leaving ``ffi_call`` (``--toggle-collect``), the C function
through which ctypes calls a function pointer; narrator never calls it. Each measured phase
runs as a ctypes callback, so only it is counted, and callgrind writes the counts out as a new
file when it returns (``--dump-after``). The three phases run one after another over the same
articles: compose every pair, then write every page, then every line. The few thousand
instructions of the ctypes call itself are spread over the sample.

A run takes about a minute (callgrind runs Python some 50 to 100 times slower).
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import itertools
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PHASES = ("compose", "markdown", "jsonl")
_CHILD = "NARRATOR_INSTRUCTIONS_CHILD"


def _counted(work: Callable[[], None]) -> None:
    """Run ``work`` through ffi_call: the only code callgrind counts."""
    ctypes.CFUNCTYPE(None)(work)()


WARM_PARTNERS = 8  # profiles each of the sample's second profiles meets in the warm-up


def child(start: int, count: int, warm: int) -> None:
    """The measured process: warm up, then the three phases, each counted on its own."""
    from narrator.catalog import Catalog
    from narrator.compose import Composer
    from narrator.formats.hugo import hugo_page
    from narrator.formats.jsonl import jsonl_line

    profiles = sorted(Catalog.bundled(), key=lambda p: p.slug)
    pairs = list(itertools.combinations(profiles, 2))
    composer = Composer()
    sample = pairs[start : start + count]
    # Every profile of the sample, on the side it takes there, in pairs with several others
    # (the batch's own pairs, each choosing its phrasings), but never the sample's own pairs.
    first = profiles.index(sample[0][0])
    others = profiles[max(0, first - WARM_PARTNERS) : first]
    seconds = {b.slug for _, b in sample}
    partners = [(x, b) for x in others for b in profiles if b.slug in seconds and x.slug < b.slug]
    warm_up = [*pairs[: len(profiles) - 1], *pairs[max(0, start - warm) : start], *partners]
    for a, b in warm_up:
        # What a worker does with each article, so the formats' own memories are warm too.
        article = composer.compose(a, b)
        hugo_page(article, date="2025-05-01", draft=None)
        jsonl_line(article, None)
    # Callgrind ran the warm-up without instrumenting it (--instr-atstart=no), which is many
    # times quicker; what is measured from here must be instrumented.
    command = ["callgrind_control", "--instr=on", str(os.getpid())]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    articles = []

    def compose() -> None:
        articles.extend(composer.compose(a, b) for a, b in sample)

    def markdown() -> None:
        for article in articles:
            hugo_page(article, date="2025-05-01", draft=None)

    def jsonl() -> None:
        for article in articles:
            jsonl_line(article, None)

    for phase in (compose, markdown, jsonl):
        gc.collect()  # each phase starts with no garbage left by the one before
        _counted(phase)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=100_000, help="the sample's first pair")
    parser.add_argument("--pairs", type=int, default=1_500, help="pairs in the sample")
    parser.add_argument("--warm", type=int, default=500, help="warm-up pairs before the sample")
    args = parser.parse_args()
    if os.environ.get(_CHILD):
        child(args.start, args.pairs, args.warm)
        return
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--collect-atstart=no",
            "--toggle-collect=ffi_call",
            "--dump-after=ffi_call",
            f"--callgrind-out-file={out}",
            sys.executable,
            __file__,
            f"--start={args.start}",
            f"--pairs={args.pairs}",
            f"--warm={args.warm}",
        ]
        env = {**os.environ, _CHILD: "1", "PYTHONHASHSEED": "0"}
        subprocess.run(command, env=env, check=True, stderr=subprocess.DEVNULL)
        # One file per dump, numbered in order ("callgrind.out.1", ...), and the final one.
        dumps = sorted(
            (p for p in Path(folder).glob("callgrind.out.*") if p.suffix[1:].isdigit()),
            key=lambda p: int(p.suffix[1:]),
        )
        totals = []
        for dump in dumps:
            found = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(), re.MULTILINE)
            totals.append(int(found.group(1)) if found else 0)
    if len(totals) != len(PHASES):
        raise SystemExit(f"expected {len(PHASES)} callgrind dumps, found {len(totals)}")
    print(f"pairs {args.start:,}-{args.start + args.pairs:,} (after warm-up), instructions:")
    for phase, total in zip(PHASES, totals, strict=True):
        print(f"  {phase:>9}: {total / args.pairs:>12,.0f} an article")
    print(f"  {'all':>9}: {sum(totals) / args.pairs:>12,.0f} an article")


if __name__ == "__main__":
    main()
