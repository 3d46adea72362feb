"""Where composing an article spends its time, stage by stage, beside the one-template baseline.

Run: .venv/bin/python benchmarks/compose_stages.py [--start N] [--pairs N] [--samples S]

``benchmarks/articles.py`` says how much slower than its one-template baseline narrator is; this
says why. One Composer warms up as a batch worker would have by pair ``--start`` (100,000 of
``itertools.combinations`` over the bundled profiles sorted by slug): the first profile's pairs
with every other, then the 2,000 pairs before the sample. Then ``--samples`` (5) samples of
``--pairs`` (2,000) pairs each, one after another (a batch never composes a pair twice, and a
pair composed again would meet its own sentences remembered), are each composed, written as
Markdown, and written by the baseline's template from the same articles flattened to strings
(as ``benchmarks/articles.py`` does, its output checked to be ours byte for byte); each article
is dropped once written, as a batch worker drops it. Printed: the
median over the samples of each stage's microseconds an article:

- facts: the pair's comparisons (``facts.compare``);
- conditions: the pair conditions of every fragment, evaluated in one template;
- template runs: the phrasebook templates run for parts that read both sides (or a part of one
  side met for the first time);
- slots: the rest of writing the 48 slots: which fragment applies, which phrasing the pair
  gets, remembered sentences and parts, tidying, the Sentence records;
- tables, referring (later mentions shortened), and the rest (paragraphs, sections, metadata);
- Markdown: ``render(article, "markdown")``; baseline: the template over precomputed strings.

Each stage is timed by wrapping its function (some 15 calls an article, a fraction of a
microsecond each, counted in the stage). The machine is shared and noisy; the figures of one run
are comparable with each other, and the samples' spread is printed.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from articles import _baseline_template, _flatten  # benchmarks/, this script's own folder

STAGES = ("facts", "conditions", "template runs", "tables", "referring")


def _timed(owner: Any, name: str, stage: str, spent: dict[str, float]) -> None:
    """Replace ``owner.name`` by a wrapper adding its time to ``spent[stage]``."""
    function = getattr(owner, name)
    clock = time.perf_counter

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += clock() - start

    setattr(owner, name, wrapper)


def _sample(
    composer: Any, pairs: list[tuple[Any, Any]], spent: dict[str, float], render: Callable[..., str]
) -> dict[str, float]:
    """Microseconds an article for each stage, composing and writing ``pairs`` once."""
    for stage in spent:
        spent[stage] = 0.0
    clock = time.perf_counter
    total = markdown = 0.0
    pages = []
    # Each article is dropped once written, as in a batch: a sample's articles kept alive would
    # make the collector's full passes, and whichever stage meets them, slower.
    for a, b in pairs:
        start = clock()
        article = composer.compose(a, b)
        middle = clock()
        pages.append(render(article, "markdown"))
        markdown += clock() - middle
        total += middle - start
    del article
    timed = dict(spent)  # the stages of the timed pass, before composing again
    # The baseline's inputs, from the same articles composed again (untimed; the same bytes).
    inputs = [_flatten(composer.compose(a, b), "markdown") for a, b in pairs]
    template = _baseline_template("markdown", inputs)
    gc.collect()
    start = clock()
    theirs = [template.render(data) for data in inputs]
    baseline = clock() - start
    if theirs != pages:
        raise SystemExit("the baseline's pages differ from ours")
    # The slots' time holds the template runs.
    inside = timed["facts"] + timed["conditions"] + timed["slots"]
    inside += timed["tables"] + timed["referring"]
    figures = {stage: timed[stage] for stage in STAGES}
    figures["slots"] = timed["slots"] - timed["template runs"]
    figures["the rest"] = total - inside
    figures["composing"] = total
    figures["Markdown"] = markdown
    figures["baseline"] = baseline
    return {name: seconds / len(pairs) * 1e6 for name, seconds in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", type=int, default=100_000, help="the first sample's first pair")
    parser.add_argument("--pairs", type=int, default=2_000, help="pairs in a sample (2000)")
    parser.add_argument("--samples", type=int, default=5, help="samples, one after another (5)")
    args = parser.parse_args()

    from interpreter import describe

    import narrator.compose as compose
    from narrator.catalog import Catalog
    from narrator.render import render

    profiles = sorted(Catalog.bundled(), key=lambda p: p.slug)
    pairs = list(itertools.combinations(profiles, 2))
    composer = compose.Composer()
    for a, b in [*pairs[: len(profiles) - 1], *pairs[max(0, args.start - 2_000) : args.start]]:
        render(composer.compose(a, b), "markdown")
    spent = dict.fromkeys((*STAGES, "slots"), 0.0)
    _timed(compose, "compare", "facts", spent)
    _timed(compose._Pair, "_conditions", "conditions", spent)
    _timed(compose._Pair, "_run", "template runs", spent)
    _timed(compose._Pair, "write", "slots", spent)
    _timed(compose.Composer, "_table", "tables", spent)
    _timed(compose, "refer", "referring", spent)
    results = []
    for number in range(args.samples):
        first = args.start + number * args.pairs
        results.append(_sample(composer, pairs[first : first + args.pairs], spent, render))

    print(f"{args.samples} samples of {args.pairs:,} pairs from pair {args.start:,}, after warm-up")
    print(f"on {describe()}; microseconds an article, median (min-max) over the samples")
    median = {name: statistics.median(r[name] for r in results) for name in results[0]}
    for name in (*STAGES[:3], "slots", *STAGES[3:], "the rest", "composing", "Markdown"):
        low = min(r[name] for r in results)
        high = max(r[name] for r in results)
        share = f"{median[name] / median['composing']:6.1%}" if name != "Markdown" else " " * 6
        print(f"  {name:>14}: {median[name]:7.1f}  {share} of composing  ({low:.1f}-{high:.1f})")
    base = median["baseline"]
    ours = median["composing"] + median["Markdown"]
    print(f"  {'baseline':>14}: {base:7.1f}  (the one-template page from precomputed strings)")
    print(
        f"  ours / baseline: {ours / base:.2f}x; composing alone {median['composing'] / base:.2f}x"
    )
    no_slots = ours - median["slots"] - median["the rest"]
    print(
        f"  without the slots' and the rest's bookkeeping: {no_slots / base:.2f}x "
        f"(what the other stages and Markdown take; the budget is 1.5x)"
    )


if __name__ == "__main__":
    main()
