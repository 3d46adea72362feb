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
above 0.5, the share sharing more than half of the smaller set, and the median Dice (and, for
comparison, the same with each profile's own words, its places, skills, industries and the
like, taken out too); the opening skeletons (each article's first prose sentence) most used;
the skeletons shared by most articles; and how many distinct skeletons each slot wrote (fewest
first).

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


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
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


class Scan:
    """What the sample showed: findings, and each article's skeletons."""

    def __init__(self) -> None:
        self.tally = Tally()
        self.interned: dict[str, int] = {}  # each skeleton's number
        self.strict_interned: dict[str, int] = {}
        self.sets: list[frozenset[int]] = []
        self.strict_sets: list[frozenset[int]] = []
        self.openings: Counter[str] = Counter()
        self.articles_with: Counter[str] = Counter()
        self.slots: dict[str, set[str]] = defaultdict(set)
        self.strict_slots: dict[str, set[str]] = defaultdict(set)
        self.slot_uses: Counter[str] = Counter()
        self.compose_time = 0.0
        self.check_time = 0.0

    @staticmethod
    def _ids(interned: dict[str, int], skeletons: Sequence[str]) -> frozenset[int]:
        return frozenset(interned.setdefault(s, len(interned)) for s in skeletons)

    def add(self, doc: Doc, backward: Doc | None, slot_of: dict[str, str]) -> None:
        """One article's findings (with the other order's, if composed) and skeletons."""
        findings = run_checks(doc)
        if backward is not None:
            findings += check_orders(doc, backward)
        self.tally.add(doc.article.slug, findings)
        skeletons = doc.skeletons()
        self.sets.append(self._ids(self.interned, skeletons))
        strict = doc.strict_skeletons()
        self.strict_sets.append(self._ids(self.strict_interned, strict))
        self.articles_with.update(set(skeletons))
        if skeletons:
            self.openings[skeletons[0]] += 1
        for sentence, shape, bare in zip(doc.prose, skeletons, strict, strict=True):
            slot = slot_of.get(sentence.fragment, sentence.fragment)
            self.slots[slot].add(shape)
            self.strict_slots[slot].add(bare)
            self.slot_uses[slot] += 1


def scan(profiles: Sequence[Profile], pairs: Sequence[tuple[int, int]], order_count: int) -> Scan:
    """Compose and check every sampled pair; the first ``order_count`` both ways round."""
    composer = Composer()
    slot_of = {fragment.id: fragment.slot for fragment in composer.phrasebook.fragments}
    result = Scan()
    for index, (i, j) in enumerate(pairs):
        a, b = profiles[i], profiles[j]
        start = time.process_time()
        doc = Doc.of(composer.compose(a, b), a, b)
        backward = Doc.of(composer.compose(b, a), b, a) if index < order_count else None
        middle = time.process_time()
        result.add(doc, backward, slot_of)
        result.compose_time += middle - start
        result.check_time += time.process_time() - middle
    return result


class Overlap:
    """Dice over random pairs of the sample's articles (x, y drawn by the sample's generator)."""

    def __init__(self, sets: Sequence[frozenset[int]], pairs: Sequence[tuple[int, int]]) -> None:
        dices = []
        self.over = self.half_of_smaller = 0
        for x, y in pairs:
            s1, s2 = sets[x], sets[y]
            overlap = dice(s1, s2)
            dices.append(overlap)
            self.over += overlap > 0.5
            self.half_of_smaller += len(s1 & s2) > min(len(s1), len(s2)) / 2
        dices.sort()
        self.count = len(dices)
        self.median = statistics.median(dices)
        self.p90 = dices[int(0.9 * (self.count - 1))]
        self.p99 = dices[int(0.99 * (self.count - 1))]

    def lines(self) -> list[str]:
        share = _percent(self.over, self.count)
        return [
            f"Dice > 0.5: {self.over:,} ({share}); shared > half of the smaller set: "
            f"{self.half_of_smaller:,} ({_percent(self.half_of_smaller, self.count)})",
            f"Dice: median {self.median:.3f}, 90th percentile {self.p90:.3f}, 99th {self.p99:.3f}",
        ]


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = _Parser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=_positive, default=20_000, help="articles (20,000)")
    parser.add_argument("--seed", type=int, default=1, help="the sample's seed (1)")
    parser.add_argument(
        "--overlap-pairs", type=_positive, default=200_000, help="article pairs (200,000)"
    )
    parser.add_argument(
        "--order-pairs", type=_count, default=1_000, help="pairs also composed B-vs-A (1,000)"
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
    return args


def _print_defects(result: Scan, n: int, order_count: int) -> None:
    tally = result.tally
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


def _print_skeletons(result: Scan, n: int) -> None:
    print(f"opening skeletons: {len(result.openings):,} distinct; the 10 most used:")
    for shape, count in result.openings.most_common(10):
        print(f"  {_percent(count, n):>7} {_short(shape)}")
    print()
    print("skeletons in most articles:")
    for shape, count in result.articles_with.most_common(10):
        print(f"  {_percent(count, n):>7} {_short(shape)}")
    print()
    slots, uses, bare = result.slots, result.slot_uses, result.strict_slots
    print("slots: sentences written, distinct skeletons, and distinct with the profiles' words")
    print("taken out too (fewest distinct first)")
    for slot in sorted(slots, key=lambda s: (len(slots[s]), len(bare[s]), -uses[s], s)):
        print(f"  {slot:26} {uses[slot]:7,} {len(slots[slot]):7,} {len(bare[slot]):7,}")
    print()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the corpus check and print its figures; the exit status is for ``--fail``."""
    args = _arguments(argv)
    began = time.perf_counter()
    profiles: list[Profile] = sorted(Catalog.bundled(), key=lambda p: p.slug)
    rng = Random(args.seed)
    pairs = sample_pairs(args.pairs, len(profiles), rng)
    n = len(pairs)
    order_count = min(args.order_pairs, n)
    result = scan(profiles, pairs, order_count)
    article_pairs = []
    for _ in range(args.overlap_pairs):
        x, y = rng.randrange(n), rng.randrange(n - 1)
        article_pairs.append((x, y + (y >= x)))
    overlap = Overlap(result.sets, article_pairs)
    strict = Overlap(result.strict_sets, article_pairs)

    print(
        f"corpus check: {n:,} articles ({n:,} pairs of {len(profiles):,} profiles, seed "
        f"{args.seed}), {order_count:,} of them also composed the other way round"
    )
    print(
        f"CPU time: composing {result.compose_time:.1f} s, checking {result.check_time:.1f} s, "
        f"in all {time.process_time():.1f} s; {time.perf_counter() - began:.1f} s elapsed "
        f"(Python {sys.version.split()[0]})"
    )
    print()
    _print_defects(result, n, order_count)
    k = overlap.count
    print(f"skeleton overlap over {k:,} random pairs of sampled articles (target: Dice > 0.5 in")
    distinct = len(result.interned)
    print(f"under 1% of pairs); {distinct:,} distinct skeletons, {_mean(result)} an article")
    print("\n".join(f"  {line}" for line in overlap.lines()))
    print("  with the profiles' own words (places, skills, industries...) taken out too:")
    print("\n".join(f"    {line}" for line in strict.lines()))
    print()
    _print_skeletons(result, n)

    top_opening = result.openings.most_common(1)[0][1] if result.openings else 0
    print(f"largest opening share: {_percent(top_opening, n)} (target at most 10%)")
    missed = []
    if overlap.over / k >= DICE_TARGET:
        missed.append(f"Dice > 0.5 in {_percent(overlap.over, k)} of pairs (target under 1%)")
    if top_opening / n > OPENING_TARGET:
        missed.append(f"an opening skeleton in {_percent(top_opening, n)} (target at most 10%)")
    print("targets: " + ("met" if not missed else "MISSED: " + "; ".join(missed)))
    failing = [name for name in args.fail or () if result.tally.articles[name]]
    if failing:
        print(f"classes with findings: {', '.join(failing)}")
    return 1 if args.fail is not None and (missed or failing) else 0


def _mean(result: Scan) -> str:
    return f"{statistics.mean(len(s) for s in result.sets):.1f}"


if __name__ == "__main__":
    sys.exit(main())
