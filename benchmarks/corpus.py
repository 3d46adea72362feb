"""The corpus check: editorial defects and sentence-skeleton overlap over a sample of articles.

Run: .venv/bin/python benchmarks/corpus.py [--pairs N] [--seed S] [--overlap-pairs K]
                                           [--order-pairs M] [--fail [CLASS ...]]

The sample is N (default 20,000) distinct pairs of the bundled profiles, each in the order it
was drawn (so either order), drawn by ``random.Random(S)``. Each pair's article is composed with
one Composer and read by every detector of ``tests/corpus_checks.py``; for the first M pairs
(default 1,000) the article the other way round is composed too, and each comparative phrase
is checked against its mirror (classes ``order.inconsistent`` and ``order.asymmetric``).

Printed: articles composed and the time taken; per defect class, the articles and sentences
(or cells) it found, with two examples; then the overlap of sentence skeletons (titles as A/B,
numbers as #; see ``tests/corpus_text.py``) over K (default 200,000) random pairs of sampled
articles, drawn by the same generator: the share with a Dice coefficient 2|S1∩S2|/(|S1|+|S2|)
above 0.5, the share sharing more than half of the smaller set, and the median Dice; the
opening skeletons (each article's first prose sentence) most used; the skeletons shared by
most articles; and how many distinct skeletons each slot wrote (fewest first).

Targets (the editor's issue): under 1% of article pairs with Dice above 0.5, and no opening
skeleton in more than 10% of articles. The exit status is 0: it reports. With ``--fail``, it is
1 when a target is missed or a CLASS given after ``--fail`` found anything.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from narrator.catalog import Catalog
from narrator.compose import Composer
from narrator.profile import Profile
from tests.corpus_checks import (
    CLASSES,
    ORDER_CLASSES,
    Doc,
    Finding,
    check_orders,
    run_checks,
    sample_pairs,
)
from tests.corpus_text import dice

DICE_TARGET = 0.01  # share of article pairs with Dice above 0.5
OPENING_TARGET = 0.10  # share of articles using the most common opening skeleton
EXAMPLE_WIDTH = 150


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Bad input: one line on stderr and exit status 2, as narrator's own commands do."""
        self.exit(2, f"corpus.py: error: {message}\n")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_WIDTH else text[: EXAMPLE_WIDTH - 1] + "…"


def _percent(part: int | float, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "n/a"


class Tally:
    """Findings by class: articles affected, findings, and the first two examples."""

    def __init__(self) -> None:
        self.articles: Counter[str] = Counter()
        self.findings: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = defaultdict(list)

    def add(self, slug: str, findings: Sequence[Finding]) -> None:
        for name in dict.fromkeys(f.check for f in findings):
            self.articles[name] += 1
        for finding in findings:
            self.findings[finding.check] += 1
            examples = self.examples[finding.check]
            if len(examples) < 2 and not any(e.startswith(f"{slug}:") for e in examples):
                detail = f" [{finding.detail}]" if finding.detail else ""
                examples.append(f"{slug}: {_short(finding.text)}{detail}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _Parser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=_positive, default=20_000, help="articles (20,000)")
    parser.add_argument("--seed", type=int, default=1, help="the sample's seed (1)")
    parser.add_argument(
        "--overlap-pairs", type=_positive, default=200_000, help="article pairs (200,000)"
    )
    parser.add_argument(
        "--order-pairs", type=int, default=1_000, help="pairs also composed B-vs-A (1,000)"
    )
    parser.add_argument(
        "--fail", nargs="*", metavar="CLASS", help="exit 1 on a missed target or these classes"
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.fail or ()) - set(CLASSES))
    if unknown:
        parser.error(f"unknown class {unknown[0]!r}; classes are {', '.join(CLASSES)}")
    if args.pairs < 2:
        parser.error("--pairs must be at least 2 to compare articles")

    began = time.perf_counter()
    profiles: list[Profile] = sorted(Catalog.bundled(), key=lambda p: p.slug)
    rng = Random(args.seed)
    pairs = sample_pairs(args.pairs, len(profiles), rng)
    composer = Composer()
    slot_of = {fragment.id: fragment.slot for fragment in composer.phrasebook.fragments}

    tally = Tally()
    interned: dict[str, int] = {}
    sets: list[frozenset[int]] = []
    openings: Counter[str] = Counter()
    slots: dict[str, set[str]] = defaultdict(set)
    slot_uses: Counter[str] = Counter()
    articles_with: Counter[str] = Counter()
    compose_time = check_time = 0.0
    order_count = min(args.order_pairs, len(pairs))
    for index, (i, j) in enumerate(pairs):
        a, b = profiles[i], profiles[j]
        start = time.process_time()
        doc = Doc.of(composer.compose(a, b), a, b)
        backward = Doc.of(composer.compose(b, a), b, a) if index < order_count else None
        compose_time += time.process_time() - start
        start = time.process_time()
        findings = run_checks(doc)
        if backward is not None:
            findings += check_orders(doc, backward)
        tally.add(doc.article.slug, findings)
        skeletons = doc.skeletons()
        ids = frozenset(interned.setdefault(s, len(interned)) for s in skeletons)
        sets.append(ids)
        articles_with.update(set(skeletons))
        if skeletons:
            openings[skeletons[0]] += 1
        for sentence, shape in zip(doc.prose, skeletons, strict=True):
            slot = slot_of.get(sentence.fragment, sentence.fragment)
            slots[slot].add(shape)
            slot_uses[slot] += 1
        check_time += time.process_time() - start

    n = len(pairs)
    print(
        f"corpus check: {n:,} articles ({n:,} pairs of {len(profiles):,} profiles, seed "
        f"{args.seed}), {order_count:,} of them also composed the other way round"
    )
    print(
        f"CPU time: composing {compose_time:.1f} s, checking {check_time:.1f} s, in all "
        f"{time.process_time():.1f} s; {time.perf_counter() - began:.1f} s elapsed "
        f"(Python {sys.version.split()[0]})"
    )
    print()
    print("defects: class, articles, findings (sentences or cells), two examples")
    for name in CLASSES:
        examined = order_count if name in ORDER_CLASSES else n
        count = tally.articles[name]
        print(
            f"  {name:26} {count:7,} articles ({_percent(count, examined)} of {examined:,})"
            f" {tally.findings[name]:8,} findings"
        )
        for example in tally.examples.get(name, ()):
            print(f"      e.g. {example}")
    print()

    start = time.process_time()
    dice_over, half_of_smaller, dices = 0, 0, []
    for _ in range(args.overlap_pairs):
        x = rng.randrange(n)
        y = rng.randrange(n - 1)
        y += y >= x
        s1, s2 = sets[x], sets[y]
        overlap = dice(s1, s2)
        dices.append(overlap)
        dice_over += overlap > 0.5
        half_of_smaller += len(s1 & s2) > min(len(s1), len(s2)) / 2
    k = args.overlap_pairs
    dices.sort()
    median = statistics.median(dices)
    p90, p99 = dices[int(0.9 * (k - 1))], dices[int(0.99 * (k - 1))]
    print(f"skeleton overlap over {k:,} random pairs of sampled articles:")
    print(f"  Dice > 0.5: {dice_over:,} ({_percent(dice_over, k)}; target under 1%)")
    print(
        f"  shared > half of the smaller set: {half_of_smaller:,} ({_percent(half_of_smaller, k)})"
    )
    print(f"  Dice: median {median:.3f}, 90th percentile {p90:.3f}, 99th {p99:.3f}")
    print(
        f"  distinct skeletons: {len(interned):,}; per article: "
        f"{statistics.mean(len(s) for s in sets):.1f} (mean)"
    )
    print()

    top_opening = openings.most_common(1)[0][1] if openings else 0
    print(f"opening skeletons: {len(openings):,} distinct; the 10 most used:")
    for shape, count in openings.most_common(10):
        print(f"  {_percent(count, n):>7} {_short(shape)}")
    print(f"  largest share: {_percent(top_opening, n)} (target at most 10%)")
    print()
    print("skeletons in most articles:")
    for shape, count in articles_with.most_common(10):
        print(f"  {_percent(count, n):>7} {_short(shape)}")
    print()
    print("slots: distinct skeletons / sentences written (fewest distinct first)")
    for slot in sorted(slots, key=lambda s: (len(slots[s]), -slot_uses[s], s)):
        print(f"  {slot:26} {len(slots[slot]):7,} / {slot_uses[slot]:,}")
    print(f"(overlap and openings computed in {time.process_time() - start:.1f} s)")
    print()

    missed = []
    if dice_over / k >= DICE_TARGET:
        missed.append(f"Dice > 0.5 in {_percent(dice_over, k)} of pairs (target under 1%)")
    if top_opening / n > OPENING_TARGET:
        missed.append(f"an opening skeleton in {_percent(top_opening, n)} (target at most 10%)")
    failing = [name for name in args.fail or () if tally.articles[name]]
    print("targets: " + ("met" if not missed else "MISSED: " + "; ".join(missed)))
    if args.fail is not None and (missed or failing):
        if failing:
            print(f"classes with findings: {', '.join(failing)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
