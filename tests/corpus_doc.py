"""What the corpus check's detectors read: an article with its profiles, and their findings.

:class:`Doc` holds one composed article, its two profiles and the title forms the composer used;
a detector is a function from a Doc to a list of :class:`Finding`, registered in :data:`CHECKS`
under its class name by :func:`check`. The detectors are in :mod:`tests.corpus_checks` (wording,
titles, tables, sources) and :mod:`tests.corpus_facts` (what the data or the other order says).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from random import Random

from narrator.article import Article, Paragraph, Sentence
from narrator.forms import TitleForms, title_forms
from narrator.profile import Profile
from narrator.render import render

from .corpus_text import TitleMatcher, skeleton, strict_skeleton


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect: its class, the sentence (or cell, or article title) and what is wrong."""

    check: str
    text: str
    detail: str = ""


@dataclass(slots=True)
class Doc:
    """An article with what the checks need to read it: its profiles and title forms."""

    article: Article
    a: Profile
    b: Profile
    forms: tuple[TitleForms, TitleForms]
    matcher: TitleMatcher
    prose: tuple[Sentence, ...]  # the paragraphs' sentences, in reading order
    _markdown: str | None = field(default=None, repr=False)

    @classmethod
    def of(cls, article: Article, a: Profile, b: Profile) -> Doc:
        """The article ``a`` vs ``b``, with the title forms the composer used for each."""
        forms = (_forms(a), _forms(b))
        prose = tuple(
            sentence
            for section in article.sections
            for block in section.blocks
            if isinstance(block, Paragraph)
            for sentence in block.sentences
        )
        return cls(
            article,
            a,
            b,
            forms,
            TitleMatcher.of(*forms, tuple(p.survey_group for p in (a, b) if p.survey_group)),
            prose,
        )

    @property
    def markdown(self) -> str:
        """The article as Markdown, rendered once."""
        if self._markdown is None:
            self._markdown = render(self.article, "markdown")
        return self._markdown

    def skeletons(self) -> list[str]:
        """Each prose sentence's skeleton, in order (see :mod:`tests.corpus_text`)."""
        return [skeleton(sentence.text, self.matcher) for sentence in self.prose]

    def strict_skeletons(self) -> list[str]:
        """Each prose sentence's skeleton with the profiles' own words as ``X`` too."""
        profiles = (self.a, self.b)
        return [strict_skeleton(s.text, self.matcher, profiles) for s in self.prose]

    def cells(self) -> Iterable[tuple[str, str]]:
        """Every table row's label and each of its cells as shown (a dash when missing)."""
        for table in self.article.tables():
            for row in table.rows:
                for text in row.texts():
                    yield row.label, text


def _forms(profile: Profile) -> TitleForms:
    # As the composer builds them: the profile's own overrides apply.
    return title_forms(profile.title, profile.title_forms)


def side_fields(sentence: Sentence) -> dict[str, frozenset[str]]:
    """For each field a sentence read, the sides it read it for: {"yearly_salary": {"a", "b"}}."""
    return _sides_of(sentence.fields)


@functools.lru_cache(maxsize=4096)
def _sides_of(fields: tuple[str, ...]) -> dict[str, frozenset[str]]:
    sides: dict[str, set[str]] = {}
    for name in fields:
        side, _, metric = name.partition(".")
        sides.setdefault(metric, set()).add(side)
    return {metric: frozenset(found) for metric, found in sides.items()}


def compares(sentence: Sentence, metrics: Iterable[str]) -> str | None:
    """The first of ``metrics`` the sentence read for both sides, if any."""
    sides = side_fields(sentence)
    return next((m for m in metrics if sides.get(m, _NONE) >= _BOTH), None)


_NONE: frozenset[str] = frozenset()
_BOTH = frozenset({"a", "b"})


Check = Callable[[Doc], list[Finding]]
CHECKS: dict[str, Check] = {}
COUNT_METRICS = ("number_of_jobs", "annual_openings")  # counts: "fewer", never "less"


def check(name: str) -> Callable[[Check], Check]:
    """Register a detector under its class name."""

    def register(function: Check) -> Check:
        CHECKS[name] = function
        return function

    return register


def sentence_check(name: str, pattern: re.Pattern[str], *, headline: bool = False) -> Check:
    """A detector flagging every prose sentence (and the headline) a pattern finds."""

    def detect(doc: Doc) -> list[Finding]:
        sentences = (doc.article.title, *doc.prose) if headline else doc.prose
        return [
            Finding(name, s.text, match.group())
            for s in sentences
            if (match := pattern.search(s.text))
        ]

    return detect


def sample_pairs(count: int, size: int, rng: Random) -> list[tuple[int, int]]:
    """``count`` distinct unordered pairs of ``range(size)``, each in the order drawn, so both
    orders occur. ``rng`` is the caller's own generator, never the global one.

    >>> sample_pairs(3, 4, Random(1))
    [(1, 0), (2, 0), (3, 0)]
    """
    if count > size * (size - 1) // 2:
        raise ValueError(f"cannot draw {count} distinct pairs from {size} items")
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    while len(pairs) < count:
        i, j = rng.randrange(size), rng.randrange(size)
        key = (min(i, j), max(i, j))
        if i != j and key not in seen:
            seen.add(key)
            pairs.append((i, j))
    return pairs
