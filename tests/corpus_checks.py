"""Editorial defect detectors for generated articles, for the corpus check (benchmarks/corpus.py).

Each detector is a small function over one article (a :class:`~tests.corpus_doc.Doc`: the
article, its two profiles and their title forms) returning findings; this module holds the
detectors of wording, titles, tables and sources (classes 1–3 and 8–10 of the editor's issue),
:mod:`tests.corpus_facts` those that weigh the data or the other order (4–7), and
:data:`CLASSES` names them all in the issue's order. What a detector cannot know is said in its
docstring.

Not detected: a/an where :mod:`narrator.grammar` itself is wrong (the check asks it, as the
composer does, so it catches an article written by hand in a fragment, not the grammar's own
slips); and whether a reason given for a mean and a median pointing opposite ways is a good one
(only a few words are looked for).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

from narrator.article import MISSING
from narrator.forms import group_name, title_forms
from narrator.grammar import indefinite

from . import corpus_facts
from .corpus_doc import (
    CHECKS,
    COUNT_METRICS,
    Doc,
    Finding,
    check,
    compares,
    sample_pairs,
    sentence_check,
    side_fields,
)

__all__ = [
    "CHECKS",
    "CLASSES",
    "ORDER_CLASSES",
    "Doc",
    "Finding",
    "check_orders",
    "run_checks",
    "sample_pairs",
]

check_orders = corpus_facts.check_orders

# --- 1. mechanics ---------------------------------------------------------------------------

_ARTICLE_WORD = re.compile(r"(?:(?<=^)|(?<=[\s(\"\u201c]))(a|an|A|An)\s+([^\s]+)")
_OPENING_PUNCT = "\"'\u201c\u2018([{"


@functools.lru_cache(maxsize=8192)
def _expected_article(word: str) -> str:
    return indefinite(word).split(" ", 1)[0]


@check("mechanics.a_an")
def a_an(doc: Doc) -> list[Finding]:
    """An article ("a", "an") before a word that takes the other, as narrator.grammar reads it.

    A capital "A" inside a sentence is a letter ("Type A"), not an article, and is skipped.
    """
    found = []
    for sentence in (doc.article.title, *doc.prose):
        for match in _ARTICLE_WORD.finditer(sentence.text):
            word, following = match.group(1), match.group(2).strip(",.;:)")
            if word[0] == "A" and match.start() > 0:
                continue
            if not following.lstrip(_OPENING_PUNCT)[:1].isalnum():
                continue
            if _expected_article(following) != word.lower():
                found.append(Finding("mechanics.a_an", sentence.text, match.group()))
    return found


DOUBLED_OK = frozenset({"that", "had"})  # "that that", "had had" can be right
# Names in the data whose doubled word is right (O*NET's tools: a product of Electric Quilt).
DOUBLED_NAMES = ("Electric Quilt Quilt",)


@check("mechanics.doubled_word")
def doubled_word(doc: Doc) -> list[Finding]:
    """The same word twice in a row ("the the"), with nothing but a space between."""
    found = []
    for s in (doc.article.title, *doc.prose):
        text = s.text
        for name in DOUBLED_NAMES:
            text = text.replace(name, "")
        words = text.split()
        found += [
            Finding("mechanics.doubled_word", s.text, f"{first} {second}")
            for first, second in itertools.pairwise(words)
            if first.isalpha()
            and first.lower() not in DOUBLED_OK
            and second.rstrip(".,;:!?)").lower() == first.lower()
        ]
    return found


# Template syntax, Python's values and private-use characters (narrator.grammar's markers).
_LEAK = re.compile(
    r"\{\{|\}\}|\{%|%\}|\{#|#\}|[\ue000-\uf8ff]"
    r"|\bNone\b(?! of\b)|\b(?:nan|NaN|inf|Infinity|-Infinity|Undefined|null)\b"
)


@check("mechanics.template_leak")
def template_leak(doc: Doc) -> list[Finding]:
    """Template syntax or a Python value ("None", "nan", "inf") in prose or in a table cell."""
    found = [
        Finding("mechanics.template_leak", s.text, match.group())
        for s in doc.article.sentences()
        if (match := _LEAK.search(s.text))
    ]
    found += [
        Finding("mechanics.template_leak", f"{label}: {text}", match.group())
        for label, text in doc.cells()
        if (match := _LEAK.search(text))
    ]
    return found


_ONE_NOUN = re.compile(r"(?<![\d.,])1\s+([A-Za-z]+)\b")
_SINGULAR_ENDINGS = ("ss", "us", "is", "ics")


@functools.cache
def _is_plural(word: str) -> bool:
    lower = word.lower()
    if not lower.endswith("s") or lower.endswith(_SINGULAR_ENDINGS):
        return False
    singular = _inflect().singular_noun(lower)
    return isinstance(singular, str) and singular != lower


@functools.cache
def _inflect() -> Any:
    import inflect  # narrator's own dependency; slow to import, so only when "1 x" appears

    return inflect.engine()


@check("mechanics.one_plural")
def one_plural(doc: Doc) -> list[Finding]:
    """The figure 1 before a plural noun ("1 jobs", "1 years")."""
    return [
        Finding("mechanics.one_plural", s.text, match.group())
        for s in doc.prose
        for match in _ONE_NOUN.finditer(s.text)
        if _is_plural(match.group(1))
    ]


# --- 2. words that say something else -------------------------------------------------------

CHECKS["words.take_home"] = sentence_check(
    "words.take_home", re.compile(r"\btakes? home\b|\btake-home\b", re.IGNORECASE)
)

_MOST = re.compile(r"\bmost\b", re.IGNORECASE)


@check("words.most_range")
def most_range(doc: Doc) -> list[Finding]:
    """A salary range (10th to 90th percentile) said to be what "most" earn, not the middle 80%."""
    return [
        Finding("words.most_range", s.text, "most")
        for s in doc.prose
        if "salary_range" in side_fields(s) and _MOST.search(s.text) and "middle 80" not in s.text
    ]


@check("words.city_metro")
def city_metro(doc: Doc) -> list[Finding]:
    """A metropolitan area (OEWS's highest_paying_city) called a city, in a table or prose."""
    found = [
        Finding("words.city_metro", f"{row.label}: {' | '.join(row.texts())}", row.label)
        for table in doc.article.tables()
        for row in table.rows
        if row.field == "highest_paying_city" and "metro" not in row.label.lower()
    ]
    found += [
        Finding("words.city_metro", s.text, "city")
        for s in doc.prose
        if "highest_paying_city" in side_fields(s)
        and re.search(r"\bcit(?:y|ies)\b", s.text, re.IGNORECASE)
        and "metro" not in s.text.lower()
    ]
    return found


_LESS_MANY = re.compile(r"\bless than\b[^.;]{0,30}?\bas many\b", re.IGNORECASE)
_LESS_THAN = re.compile(r"\bless than\b", re.IGNORECASE)


@check("words.less_count")
def less_count(doc: Doc) -> list[Finding]:
    """A count compared with "less" ("less than half as many"), where "fewer" is meant."""
    found = []
    for s in doc.prose:
        match = _LESS_MANY.search(s.text)
        if match is None and compares(s, COUNT_METRICS):
            match = _LESS_THAN.search(s.text)
        if match:
            found.append(Finding("words.less_count", s.text, match.group()))
    return found


_DC = re.compile(r"\bWashington,? D\.?C\.?")
_WASHINGTON = re.compile(r"\bWashington\b(?!,? D\.?C\b|-| State\b)")


@check("words.washington")
def washington(doc: Doc) -> list[Finding]:
    """The state of Washington named in an article that also names Washington, DC."""
    texts = [s.text for s in doc.prose] + [text for _, text in doc.cells()]
    if not any(_DC.search(text) for text in texts):
        return []
    # A cell in a row about states names a state: it cannot be read as the city.
    named = [s.text for s in doc.prose] + [
        text for label, text in doc.cells() if "state" not in label.lower()
    ]
    return [
        Finding("words.washington", text, "Washington")
        for text in named
        if _WASHINGTON.search(text)
    ]


# --- 3. residual occupations ----------------------------------------------------------------

_RESIDUAL = re.compile(r", (?:All Other|Except\b)|^Miscellaneous ")
# The qualifiers, and "miscellaneous" (the Census Bureau's name for residual groups).
_QUALIFIER = re.compile(
    r"\bother\b|\banother\b|\bexcept|specialt|\bnon-|miscellaneous", re.IGNORECASE
)


@check("residual.bare_head")
def residual_bare_head(doc: Doc) -> list[Finding]:
    """A residual occupation ("Engineers, All Other", "Miscellaneous Assemblers and
    Fabricators") named by its bare head ("engineers", "assemblers and fabricators"): after
    every form narrator gives either title is taken out, the head is still there with no
    qualifier."""
    found = []
    for profile in (doc.a, doc.b):
        if not _RESIDUAL.search(profile.title):
            continue
        bare = title_forms(
            _RESIDUAL.split(profile.title, 1)[0] or _RESIDUAL.sub("", profile.title, count=1)
        )
        head = re.compile(
            rf"(?<![\w-])(?:{re.escape(bare.plural)}|{re.escape(bare.singular)})(?![\w-])",
            re.IGNORECASE,
        )
        # The survey group's own name ("Biological scientists") is the survey's, not the title's,
        # as written and as running text writes it ("construction trades helpers").
        groups = [
            name
            for p in (doc.a, doc.b)
            if p.survey_group
            for name in sorted({p.survey_group, group_name(p.survey_group)}, key=len)[::-1]
        ]
        for s in (doc.article.title, *doc.prose):
            # Groups first: a title's form may be part of a group's name.
            rest = s.text
            for group in groups:
                rest = re.sub(re.escape(group), "G", rest, flags=re.IGNORECASE)
            rest = doc.matcher.replace(rest)
            match = head.search(rest)
            if match and not _QUALIFIER.search(rest[max(0, match.start() - 9) : match.end() + 22]):
                found.append(Finding("residual.bare_head", s.text, match.group()))
    return found


# --- 8. tables ------------------------------------------------------------------------------

_DASHES = {MISSING, "-", "–", "", "n/a", "N/A"}


@check("tables.same_figure")
def same_figure(doc: Doc) -> list[Finding]:
    """The same cells in two rows of the article's tables under different labels."""
    labels: dict[tuple[str, ...], str] = {}
    found = []
    for table in doc.article.tables():
        for row in table.rows:
            texts = row.texts()
            if all(text in _DASHES for text in texts):
                continue
            label = labels.setdefault(texts, row.label)
            if label != row.label:
                detail = f"{label!r} and {row.label!r}"
                found.append(Finding("tables.same_figure", " | ".join(texts), detail))
    return found


@check("tables.empty")
def empty(doc: Doc) -> list[Finding]:
    """A table row, or a whole table, with every cell empty or a dash."""
    found = []
    for table in doc.article.tables():
        empty_rows = [row for row in table.rows if all(t in _DASHES for t in row.texts())]
        if len(empty_rows) == len(table.rows):
            found.append(Finding("tables.empty", table.id, "every cell"))
        else:
            found += [Finding("tables.empty", f"{table.id}: {row.label}") for row in empty_rows]
    return found


_RAW = re.compile(r"\bexcluding\b|\bUSPS\b|\b[A-Z]{3,}\b")


@check("tables.raw_label")
def raw_label(doc: Doc) -> list[Finding]:
    """A cell with a raw statistical label: "excluding", "USPS", an all-capitals word."""
    return [
        Finding("tables.raw_label", f"{label}: {text}", match.group())
        for label, text in doc.cells()
        if (match := _RAW.search(text))
    ]


_RAW_PROSE = re.compile(r"\bexcluding\b|\bUSPS\b")


@check("words.raw_label")
def raw_label_prose(doc: Doc) -> list[Finding]:
    """A sentence that copies a raw industry label ("excluding ... and USPS").

    All-capitals words are not looked for in prose: software names are written so.
    """
    return [
        Finding("words.raw_label", s.text, match.group())
        for s in doc.prose
        if (match := _RAW_PROSE.search(s.text))
    ]


_MD_BACKSLASH = re.compile(r"\\[\d\-\u2212]")


@check("tables.md_backslash")
def md_backslash(doc: Doc) -> list[Finding]:
    """A backslash before a digit or a minus in the Markdown rendering (``\\4.5%``)."""
    return [
        Finding("tables.md_backslash", line.strip(), match.group())
        for line in doc.markdown.splitlines()
        if (match := _MD_BACKSLASH.search(line))
    ]


# --- 9. grammar -----------------------------------------------------------------------------

_PLURAL_KINDS = frozenset({"plural", "possessive_plural"})


@check("grammar.number_agreement")
def number_agreement(doc: Doc) -> list[Finding]:
    """One side named in the singular ("an accountant") and the other in the plural in one
    sentence: "an accountant earns ... the $49,060 that collectors average"."""
    found = []
    for s in doc.prose:
        named = doc.matcher.find(s.text)
        singular = {m.side for m in named if "indefinite" in m.kinds}
        plural = {m.side for m in named if m.kinds & _PLURAL_KINDS and "indefinite" not in m.kinds}
        if ("A" in singular and "B" in plural) or ("B" in singular and "A" in plural):
            found.append(Finding("grammar.number_agreement", s.text))
    return found


_LISTED = ("top_skills", "tools")  # fields read as lists of names in running text


@check("grammar.list_and")
def list_and(doc: Doc) -> list[Finding]:
    """A list of skills or software whose items run together: two "and"s with no comma between
    ("adaptability and problem solving and decision making" reads as three skills)."""
    found = []
    for s in doc.prose:
        if not any(field.endswith(_LISTED) for field in s.fields):
            continue
        # The occupations' own names may hold an "and" ("paralegals and legal assistants").
        for run in re.split(r"[,;:.()]| as well as ", doc.matcher.replace(s.text)):
            # A serial comma's "and" opens the list's last item, and is not inside it.
            if len(re.findall(r"\band\b", run.strip().removeprefix("and "))) > 1:
                found.append(Finding("grammar.list_and", s.text, run.strip()))
                break
    return found


_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d")


@check("grammar.comma_titles")
def comma_titles(doc: Doc) -> list[Finding]:
    """A prose sentence naming both occupations by forms that each hold a comma (a title in
    quotation marks, as the official titles are given, reads as one)."""
    found = []
    for s in doc.prose:
        # Clauses apart by a semicolon or a colon cannot run into each other.
        for clause in re.split(r"[;:]", _QUOTED.sub("", s.text)):
            sides = {m.side for m in doc.matcher.find(clause) if "," in m.text}
            if sides == {"A", "B"}:
                found.append(Finding("grammar.comma_titles", s.text))
                break
    return found


# --- 10. sources ----------------------------------------------------------------------------


@check("sources.unnamed")
def sources_unnamed(doc: Doc) -> list[Finding]:
    """An occupation whose main source (metadata's ``source``) the prose never names."""
    prose = " ".join(s.text for s in doc.prose).lower()
    return [
        Finding("sources.unnamed", occupation.title, occupation.source.name)
        for occupation in doc.article.metadata.occupations
        if occupation.source is not None and occupation.source.name.lower() not in prose
    ]


# --- all of them ----------------------------------------------------------------------------

ORDER_CLASSES = ("order.inconsistent", "order.asymmetric")  # found by check_orders
CLASSES: tuple[str, ...] = (
    "mechanics.a_an",
    "mechanics.doubled_word",
    "mechanics.template_leak",
    "mechanics.one_plural",
    "words.take_home",
    "words.most_range",
    "words.city_metro",
    "words.less_count",
    "words.washington",
    "words.raw_label",
    "residual.bare_head",
    *ORDER_CLASSES,
    "order.differ_slightly",
    "order.same_average",
    "order.tiny_percent",
    "order.alike_figures",
    "pay.mean_median",
    "pay.hourly_only",
    "monotony.long_title",
    "monotony.same_fact",
    "monotony.duplicate",
    "tables.same_figure",
    "tables.empty",
    "tables.raw_label",
    "tables.md_backslash",
    "grammar.number_agreement",
    "grammar.comma_titles",
    "grammar.list_and",
    "sources.unnamed",
)
assert set(CLASSES) == {*CHECKS, *ORDER_CLASSES}, "every detector is listed once in CLASSES"


def run_checks(doc: Doc, names: Sequence[str] | None = None) -> list[Finding]:
    """Every detector's findings for one article (or only those of ``names``), by class."""
    found: list[Finding] = []
    for name in CLASSES:
        detect = CHECKS.get(name)
        if detect is not None and (names is None or name in names):
            found += detect(doc)
    return found
