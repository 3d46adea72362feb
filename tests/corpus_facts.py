"""Corpus-check detectors that weigh prose against the data or the other order (classes 4–7).

Class 4 is what the article written the other way round would contradict: :func:`check_orders`
reads each comparative phrase of A-vs-B and of B-vs-A for the same metric; the others here read
one article with its profiles: pay said to differ while called "slight", averages called the same
while medians are not, percentages of tiny counts, a gap stated beside figures rounded alike, a
mean and a median pointing opposite ways (5), an hourly-only occupation left uncompared (6), and
monotony (7).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from narrator.article import Sentence
from narrator.facts import NUMERIC_METRICS
from narrator.forms import group_name

from .corpus_doc import COUNT_METRICS, Doc, Finding, check, compares
from .corpus_text import Interval, Phrase, comparative_phrases, implied_ratio, invert, is_mirror

# --- 4. what the other order would contradict -----------------------------------------------

_DIFFER_PAY = re.compile(r"\b(?:differ|part ways)\b.*\bpay\b", re.IGNORECASE)


@check("order.differ_slightly")
def differ_slightly(doc: Doc) -> list[Finding]:
    """The opening says the two differ in pay, and the pay sentence says "slightly"."""
    if not doc.prose:
        return []
    # Titles out first: a title may hold "pay" ("payroll" does not match, "Pay Clerks" would).
    intro = doc.matcher.replace(doc.prose[0].text).replace("hourly pay", "")
    if not _DIFFER_PAY.search(intro):
        return []
    return [
        Finding("order.differ_slightly", s.text, "slightly")
        for s in doc.prose
        if compares(s, ("yearly_salary",)) and "slightly" in s.text
    ]


def _gap(x: Decimal | None, y: Decimal | None) -> Decimal | None:
    """How far apart two values are, as a share of the smaller."""
    if x is None or y is None or min(x, y) <= 0:
        return None
    return abs(x - y) / min(x, y)


@check("order.same_average")
def same_average(doc: Doc) -> list[Finding]:
    """Pay said to be "the same on average" while the medians differ by more than 10%."""
    gap = _gap(doc.a.median_salary, doc.b.median_salary)
    if gap is None or gap <= Decimal("0.1"):
        return []
    return [
        Finding("order.same_average", s.text, f"medians {gap:.0%} apart")
        for s in doc.prose
        if re.search(r"\bsame\b.*\bon average\b|\bon average\b.*\bsame\b", s.text)
    ]


@check("order.tiny_percent")
def tiny_percent(doc: Doc) -> list[Finding]:
    """A percentage difference between two counts that are both under 1,000."""
    found = []
    for s in doc.prose:
        metric = compares(s, COUNT_METRICS)
        if metric is None or "%" not in s.text:
            continue
        values = doc.a.get(metric), doc.b.get(metric)
        if all(v is not None and v < 1000 for v in values):
            found.append(Finding("order.tiny_percent", s.text, f"{metric} {values}"))
    return found


_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?(?: million)?")


@check("order.alike_figures")
def alike_figures(doc: Doc) -> list[Finding]:
    """A gap between two different counts stated beside figures printed alike ("slightly more
    than reporters (about 13,000)" after "about 13,000"): the rounding hides the gap it states."""
    found = []
    for s in doc.prose:
        metric = compares(s, COUNT_METRICS)
        if metric is None or doc.a.get(metric) == doc.b.get(metric):
            continue
        figures = _FIGURE.findall(s.text)
        repeated = [f for f, n in Counter(figures).items() if n > 1]
        if repeated:
            found.append(Finding("order.alike_figures", s.text, repeated[0]))
    return found


def check_orders(forward: Doc, backward: Doc) -> list[Finding]:
    """Comparative phrases of A-vs-B and B-vs-A that disagree, metric by metric.

    The sentences comparing one metric are paired in reading order (both orders write the same
    slots). "order.inconsistent": the two phrases cannot both be true of the same two values
    (see :func:`tests.corpus_text.implied_ratio` for the range each phrase allows).
    "order.asymmetric": they can, but state the gap with different sizes ("about 79% more" one
    way, "about 44% less" the other; "about 15 times" and "less than a tenth").
    """
    back = dict(_by_metric(backward))
    found = []
    for key, sentence in _by_metric(forward):
        other = back.get(key)
        if other is None:
            continue
        ahead, behind = comparative_phrases(sentence.text), comparative_phrases(other.text)
        if len(ahead) != len(behind):
            continue
        # Whose gap a phrase states: the occupation the sentence names first (its subject).
        subject, other_subject = _subject(forward, sentence), _subject(backward, other)
        for one, two in zip(ahead, behind, strict=True):
            pair = f"{one.text!r} / {two.text!r}"
            if not _overlap(_as_a_to_b(one, subject), invert(_as_a_to_b(two, other_subject))):
                found.append(Finding("order.inconsistent", sentence.text, pair))
            elif not _same_gap(one, subject, two, other_subject):
                found.append(Finding("order.asymmetric", sentence.text, pair))
    return found


def _subject(doc: Doc, sentence: Sentence) -> str:
    mentions = doc.matcher.find(sentence.text)
    return mentions[0].side if mentions else "A"


def _as_a_to_b(phrase: Phrase, subject: str) -> Interval:
    """The range of A/B a phrase allows, whichever side the sentence names first."""
    interval = implied_ratio(phrase)
    return interval if subject == "A" else invert(interval)


def _overlap(one: Interval, two: Interval) -> bool:
    low = max(one[0], two[0])
    highs = [high for high in (one[1], two[1]) if high is not None]
    return not highs or low <= min(highs)


def _same_gap(one: Phrase, subject: str, two: Phrase, other_subject: str) -> bool:
    """Whether both orders state the gap with one size: the same words about the same
    occupation (in the other order it is the other letter), or a mirror ("3 times" / "a third")
    when both sentences lead with their own A."""
    if subject != other_subject:
        return (one.kind, one.size, one.up) == (two.kind, two.size, two.up)
    return is_mirror(one, two)


def _by_metric(doc: Doc) -> list[tuple[tuple[str, int], Sentence]]:
    """The sentences that read a numeric metric for both sides, keyed by the metric and how
    many sentences before them read it."""
    seen: Counter[str] = Counter()
    keyed = []
    for sentence in doc.prose:
        metric = compares(sentence, NUMERIC_METRICS)
        if metric is not None:
            keyed.append(((metric, seen[metric]), sentence))
            seen[metric] += 1
    return keyed


# --- 5, 6. pay ------------------------------------------------------------------------------

# Words that would tell a reader why a mean and a median disagree.
_WHY = re.compile(
    r"\b(?:because|skew|pull|few (?:very )?high|outlier|while the median|best-paid in full"
    r"|further above)",
    re.I,
)


def _sign(x: Decimal | None, y: Decimal | None) -> int:
    if x is None or y is None or x == y:
        return 0
    return 1 if x > y else -1


@check("pay.mean_median")
def mean_median(doc: Doc) -> list[Finding]:
    """Mean and median pay compared in prose, pointing opposite ways, with no word of why."""
    mean = _sign(doc.a.yearly_salary, doc.b.yearly_salary)
    median = _sign(doc.a.median_salary, doc.b.median_salary)
    if mean * median >= 0:
        return []
    said = [s for s in doc.prose if compares(s, ("yearly_salary", "median_salary"))]
    metrics = {compares(s, ("yearly_salary", "median_salary")) for s in said}
    if metrics != {"yearly_salary", "median_salary"} or any(_WHY.search(s.text) for s in said):
        return []
    return [Finding("pay.mean_median", said[-1].text, "mean and median point opposite ways")]


@check("pay.hourly_only")
def hourly_only(doc: Doc) -> list[Finding]:
    """An occupation paid only by the hour whose pay no prose sentence compares with the other's
    (when the other has an hourly figure to compare with)."""
    hourly_only = [
        p for p in (doc.a, doc.b) if p.yearly_salary is None and p.hourly_rate is not None
    ]
    if not hourly_only or doc.a.hourly_rate is None or doc.b.hourly_rate is None:
        return []
    if any(compares(s, ("hourly_rate",)) for s in doc.prose):
        return []
    return [Finding("pay.hourly_only", doc.article.title.text, hourly_only[0].title)]


# --- 7. monotony ----------------------------------------------------------------------------

LONG_TITLE_WORDS = 4
LONG_TITLE_REPEATS = 5


@check("monotony.long_title")
def long_title(doc: Doc) -> list[Finding]:
    """A title of 4 or more words named in full 5 or more times in one article's prose; a
    survey group's name holding the title ("television, video, and film camera operators and
    editors") is the group's, not a mention of the title."""
    found = []
    groups = sorted(
        {group_name(p.survey_group) for p in (doc.a, doc.b) if p.survey_group}, key=len
    )[::-1]
    texts = []
    for s in doc.prose:
        text = s.text
        for name in groups:
            text = re.sub(re.escape(name), "G", text, flags=re.IGNORECASE)
        texts.append(text)
    for side, forms in zip(("A", "B"), doc.forms, strict=True):
        if len(forms.plural.split()) < LONG_TITLE_WORDS:
            continue
        named = [
            m
            for text in texts
            for m in doc.matcher.find(text)
            if m.side == side and "short" not in m.kinds
        ]
        if len(named) >= LONG_TITLE_REPEATS:
            detail = f"{len(named)} times"
            found.append(Finding("monotony.long_title", forms.plural, detail))
    return found


_FACT = re.compile(
    r"(?<![\w.])[-\u2212]?[$£€]?\d(?:[\d,]*\d)?(?:\.\d+)?%?(?:[–-][$£€]?\d(?:[\d,]*\d)?%?)?"
    r"(?:\s+(?:a year|an hour|jobs|years|months))?"
)
_YEAR = re.compile(r"(?:19|20)\d\d(?:–\d\d)?")


# Fields a sentence reads to name things, not to state a figure.
_CONTEXT_FIELDS = frozenset({"title", "survey_group", "source", "sources"})


@check("monotony.same_fact")
def same_fact(doc: Doc) -> list[Finding]:
    """The same figure with the same unit in two prose sentences that read the same field.

    A figure is money, a percentage, a count or a range as written, with the unit after it when
    there is one ("274,330 jobs", "$87,790 a year"); years, figures under 10 and the sources'
    sentences are left out. Both sentences must have read one field for one side (beyond the
    title), so that two facts that merely share a number ("17%" of one industry's jobs and a
    gap of 17%) are not taken for one.
    """
    seen: dict[str, list[Sentence]] = {}
    found = []
    for s in doc.prose:
        if s.fragment.startswith("source."):
            continue
        read = {name for name in s.fields if name.partition(".")[2] not in _CONTEXT_FIELDS}
        for figure in dict.fromkeys(m.group() for m in _FACT.finditer(s.text)):
            if _YEAR.fullmatch(figure) or re.fullmatch(r"\d", figure):
                continue
            earlier = seen.setdefault(figure, [])
            if any(read & set(e.fields) for e in earlier if e.text != s.text):
                found.append(Finding("monotony.same_fact", s.text, figure))
            earlier.append(s)
    return found


@check("monotony.duplicate")
def duplicate(doc: Doc) -> list[Finding]:
    """The same sentence twice in one article's prose."""
    seen: set[str] = set()
    found = []
    for s in doc.prose:
        if s.text in seen:
            found.append(Finding("monotony.duplicate", s.text))
        seen.add(s.text)
    return found
