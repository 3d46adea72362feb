"""Reading generated prose back: title mentions, sentence skeletons, comparative phrases.

Used by the corpus check (``benchmarks/corpus.py``, :mod:`tests.corpus_checks`); kept out of the
installed package because only checks read prose this way.

A **skeleton** is a sentence with the two occupations and every number taken out, so that two
articles written from the same wording share it whatever their data:

* every form of either title (each :class:`~narrator.forms.TitleForms` string and the official
  title, longest first, case-insensitive, whole words) becomes ``A`` or ``B``;
* every number becomes ``#``: money, percentages, counts with grouping, decimals, a signed
  figure, a figure with a scale word ("1.2 million"), and a range of two figures joined by a dash
  ("2–4", "$34,000–$54,000", "2024–34") as one ``#``; cardinal number words from "two" up
  ("four times", "twenty-five") and fractions ("a third", "a quarter", "one-fifth", "a
  tenth") too. "one", "twice" and "half" stay: "one" is rarely a figure in this prose, and
  "twice" and "half" name a band of :data:`narrator.facts.THRESHOLDS` ("about twice", "less
  than half"), a choice of wording rather than a figure.

>>> from narrator.forms import title_forms
>>> matcher = TitleMatcher.of(title_forms("Loan Officers"), title_forms("Bill and Account Collectors"))
>>> skeleton("Loan officers hold 274,330 jobs, about 73% more than bill and account collectors.", matcher)
'A hold # jobs, about # more than B.'
>>> skeleton("About four times as many as the $34,000–$54,000 an accountant makes.", matcher)
'About # times as many as the # an accountant makes.'
"""  # noqa: E501 - doctest lines cannot be wrapped

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Hashable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from fractions import Fraction

from narrator.forms import TITLE_FORM_KEYS, TitleForms
from narrator.profile import Profile
from narrator.short_forms import short_forms

__all__ = [
    "Mention",
    "Phrase",
    "TitleMatcher",
    "comparative_phrases",
    "dice",
    "implied_ratio",
    "is_mirror",
    "skeleton",
    "strict_skeleton",
]

# --- titles ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """One title named in a text: which side, which forms the words are, where."""

    side: str  # "A" or "B"
    kinds: frozenset[str]  # "title", "singular", "plural", "indefinite", ... (several can match)
    start: int
    end: int
    text: str


class TitleMatcher:
    """Finds both occupations' title forms in a text, the longest form first at each place."""

    __slots__ = ("_memo", "_sides")

    def __init__(
        self, sides: Iterable[tuple[str, TitleForms]], short: Iterable[tuple[str, ...]] = ()
    ) -> None:
        shorts = list(short)
        self._sides = [
            (side, _side_pattern(forms, shorts[i] if i < len(shorts) else ()))
            for i, (side, forms) in enumerate(sides)
        ]
        self._memo: dict[str, list[Mention]] = {}

    @classmethod
    def of(
        cls, forms_a: TitleForms, forms_b: TitleForms, avoid: tuple[str, ...] = ()
    ) -> TitleMatcher:
        """A matcher for an article's two sides, ``A`` and ``B``, that also knows the short
        forms narrator.referring gives a long title after its first mention."""
        shorts = []
        own = {forms_a.plural.lower(), forms_b.plural.lower()}
        avoid = tuple(name for name in avoid if name.lower() not in own)
        for forms, other in ((forms_a, forms_b), (forms_b, forms_a)):
            found = short_forms(forms, other)
            shorts.append(tuple(x for x in found if x) if found else ())
        return cls((("A", forms_a), ("B", forms_b)), shorts)

    def find(self, text: str) -> list[Mention]:
        """Every title form named in ``text``, in order; where two overlap, the one that starts
        first, or else the longer, is the one named.

        >>> from narrator.forms import title_forms
        >>> m = TitleMatcher.of(title_forms("Engineers, All Other"), title_forms("Civil Engineers"))
        >>> text = "Engineers in other specialties earn more than civil engineers."
        >>> [(x.side, x.text) for x in m.find(text)]
        [('A', 'Engineers in other specialties'), ('B', 'civil engineers')]
        """
        found = self._memo.get(text)
        if found is not None:
            return found
        candidates = []
        for side, (pattern, kinds) in self._sides:
            for match in pattern.finditer(text):
                start, end = match.span()
                candidates.append((start, -end, side, kinds[match.group().lower()]))
        candidates.sort()
        found = []
        reached = 0
        for start, negative_end, side, kind in candidates:
            if start >= reached:
                found.append(Mention(side, kind, start, -negative_end, text[start:-negative_end]))
                reached = -negative_end
        if len(self._memo) < 1000:
            self._memo[text] = found
        return found

    def replace(self, text: str, keep: str = "") -> str:
        """``text`` with every title form as its side's letter, except side ``keep``'s."""
        parts = []
        done = 0
        for mention in self.find(text):
            if mention.side != keep:
                parts += [text[done : mention.start], mention.side]
                done = mention.end
        return "".join(parts) + text[done:] if parts else text


@functools.lru_cache(maxsize=4096)
def _side_pattern(
    forms: TitleForms, short: tuple[str, ...] = ()
) -> tuple[re.Pattern[str], dict[str, frozenset[str]]]:
    """One title's forms (and its short forms) as a pattern (longest first, whole words, any
    case), and the forms each matched text is."""
    kinds: dict[str, set[str]] = {}
    for kind in ("title", *TITLE_FORM_KEYS):
        text = getattr(forms, kind).lower()
        if text:
            kinds.setdefault(text, set()).add(kind)
    for text in short:
        kinds.setdefault(text.lower(), set()).add("short")
    words = sorted(kinds, key=lambda text: (-len(text), text))
    alternatives = "|".join(map(re.escape, words))
    pattern = re.compile(rf"(?<![\w'\u2019])(?:{alternatives})(?!\w)", re.IGNORECASE)
    return pattern, {text: frozenset(found) for text, found in kinds.items()}


# --- numbers --------------------------------------------------------------------------------

_CARDINALS = (
    *("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
    *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
    *("nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"),
)
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ORDINALS = "third|quarter|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
_FIGURE = r"[-\u2212]?[$£€]?\d(?:[\d,]*\d)?(?:\.\d+)?%?(?:\s(?:thousand|million|billion)\b)?"
NUMBER = re.compile(
    rf"(?<![\w.])(?:{_FIGURE}(?:\s?[–-]\s?{_FIGURE})?)(?![\w])"
    rf"|\b(?:{'|'.join(_CARDINALS)})(?:-(?:{'|'.join(_UNITS)}))?\b"
    rf"|\b(?:a |one-)(?:{_ORDINALS})\b",
    re.IGNORECASE,
)


def skeleton(text: str, matcher: TitleMatcher) -> str:
    """A sentence with its titles as ``A``/``B`` and its numbers as ``#`` (see the module)."""
    return NUMBER.sub("#", matcher.replace(text))


# Fields whose text prose repeats as it is (or in lower case), for the stricter skeleton.
_WORD_FIELDS = frozenset(
    {
        "top_skills",
        "most_common_degree",
        "description",
        "highest_paying_city",
        "highest_paying_state",
        "best_paying_company",
        "best_paying_industry",
        "most_common_major",
        "most_common_college",
        "gender_ratio",
        "race_ratio",
        "entry_education",
        "experience_required",
        "on_the_job_training",
        "education_levels",
        "tools",
        "top_industries",
        "survey_group",
    }
)
_WORD_FIELDS_ORDER = [f.name for f in dataclasses.fields(Profile) if f.name in _WORD_FIELDS]
_VALUE_PATTERNS: dict[str, re.Pattern[str] | None] = {}


def data_words(profile: Profile) -> list[str]:
    """A profile's text values that prose names: places, industries, skills, tools, education
    levels, groups.

    >>> from narrator.profile import parse_profile
    >>> data_words(parse_profile('title = "X"\\ntop_skills = ["writing", "math"]\\nhighest_paying_state = "Ohio"'))
    ['writing', 'math', 'Ohio']
    """  # noqa: E501 - a doctest line cannot be wrapped
    words: list[str] = []
    for name in _WORD_FIELDS_ORDER:
        value = getattr(profile, name)
        for item in value if isinstance(value, tuple) else (value,):
            text = getattr(item, "name", item)
            if isinstance(text, str) and text.strip():
                words.append(text)
    return words


def strict_skeleton(text: str, matcher: TitleMatcher, profiles: Sequence[Profile]) -> str:
    """A skeleton that also takes out the profiles' own words (:func:`data_words`) as ``X``:
    what two articles would share if their data named the same places, skills and industries.
    """
    text = matcher.replace(text)
    for profile in profiles:
        pattern = _VALUE_PATTERNS.get(profile.slug, _UNSET)
        if pattern is _UNSET:
            words = sorted(set(data_words(profile)), key=lambda w: (-len(w), w))
            alternatives = "|".join(map(re.escape, words))
            pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I) if words else None
            if len(_VALUE_PATTERNS) < 4096:
                _VALUE_PATTERNS[profile.slug] = pattern
        if pattern is not None:
            text = pattern.sub("X", text)
    return NUMBER.sub("#", text)


_UNSET = re.compile("")  # no pattern made yet for a profile


def dice(first: AbstractSet[Hashable], second: AbstractSet[Hashable]) -> float:
    """How much two articles' skeleton sets overlap: 2|S1∩S2| / (|S1|+|S2|), 0 for two empties.

    >>> dice({"a", "b", "c"}, {"b", "c", "d", "e"})
    0.5714285714285714
    """
    total = len(first) + len(second)
    return 2 * len(first & second) / total if total else 0.0


# --- comparative phrases (narrator.filters.how_much), and the ratio each implies ------------

_UP = {"more", "higher", "greater", "larger", "bigger"}
_DOWN = {"less", "lower", "fewer", "smaller"}
_FRACTIONS = {"half": 2, "a third": 3, "a quarter": 4, "a fourth": 4}
_ORDINAL_NUMBERS = {
    name: n
    for n, name in enumerate(
        ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"), start=3
    )
}
_WORD_NUMBERS = {name: n for n, name in enumerate(["zero", "one", *_CARDINALS[:9]])}
_COMPARATIVE = re.compile(
    r"\b(?:"
    r"(?P<same>the same as)"
    r"|slightly (?P<slight>\w+) than"
    r"|about (?P<pct>[\d.]+)% (?P<pct_word>\w+) than"
    r"|(?P<band>nearly twice|about twice|more than twice|just over half|about half|less than half)"
    r" as \w+ as"
    r"|about (?P<times>[\w,]+) times as \w+ as"
    r"|about (?P<fraction>a third|a quarter|a fourth|one-\w+) as \w+ as"
    r"|(?P<tenth>less than a tenth) as \w+ as"
    r"|(?P<bounded>more|less|higher|lower|fewer) than"
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A comparative phrase read from prose: its kind, direction and size.

    ``kind`` is one of "same", "slight", "percent", "nearly_double", "double", "over_double",
    "multiple", "under_tenth" and "bounded"; ``up`` is True for "more"/"higher"; ``size`` is the
    percentage or the multiple (3 for "about 3 times" and for "about a third").
    """

    kind: str
    up: bool
    size: int | None
    text: str


_BANDS = {
    "nearly twice": ("nearly_double", True),
    "about twice": ("double", True),
    "more than twice": ("over_double", True),
    "just over half": ("nearly_double", False),
    "about half": ("double", False),
    "less than half": ("over_double", False),
}


def _whole(text: str) -> int | None:
    text = text.replace(",", "").lower()
    if text.isdigit():
        return int(text)
    return _WORD_NUMBERS.get(text)


def comparative_phrases(text: str) -> list[Phrase]:
    """The comparative phrases ``how_much`` writes, in order of appearance.

    >>> [(p.kind, p.up, p.size) for p in comparative_phrases(
    ...     "About 44% less than B; about four times as many as C; about a third as high as D.")]
    [('percent', False, 44), ('multiple', True, 4), ('multiple', False, 3)]
    """
    found = []
    for match in _COMPARATIVE.finditer(text):
        group = match.lastgroup
        whole = match.group()
        if match.group("same"):
            found.append(Phrase("same", True, None, whole))
        elif match.group("slight"):
            word = match.group("slight").lower()
            if word in _UP or word in _DOWN:
                found.append(Phrase("slight", word in _UP, None, whole))
        elif match.group("pct"):
            word = match.group("pct_word").lower()
            if (word in _UP or word in _DOWN) and "." not in match.group("pct"):
                found.append(Phrase("percent", word in _UP, int(match.group("pct")), whole))
        elif match.group("band"):
            kind, up = _BANDS[match.group("band").lower()]
            found.append(Phrase(kind, up, None, whole))
        elif match.group("times"):
            size = _whole(match.group("times"))
            if size is not None:
                found.append(Phrase("multiple", True, size, whole))
        elif match.group("fraction"):
            name = match.group("fraction").lower()
            size = _FRACTIONS.get(name) or _ORDINAL_NUMBERS.get(name.removeprefix("one-"))
            if size is not None:
                found.append(Phrase("multiple", False, size, whole))
        elif match.group("tenth"):
            found.append(Phrase("under_tenth", False, None, whole))
        elif group == "bounded":
            word = match.group("bounded").lower()
            found.append(Phrase("bounded", word in _UP, None, whole))
    return found


Interval = tuple[Fraction, Fraction | None]  # low, high (None: no upper bound)

# What each phrase allows the ratio A/B to be. Inequalities ("more than twice", "less than a
# tenth", a bare "more than") mean what they say; bands that say "about" or "nearly" take
# narrator.facts.THRESHOLDS' bands, and a rounded figure allows half a unit either way.
_SLIGHT = Fraction(3, 100)
_UP_BANDS: dict[str, Interval] = {
    "nearly_double": (Fraction(19, 10), Fraction(2)),
    "double": (Fraction(2), Fraction(22, 10)),
    "over_double": (Fraction(2), None),
}


def invert(interval: Interval) -> Interval:
    """The range of B/A for a range of A/B."""
    low, high = interval
    return (Fraction(0) if high is None else 1 / high, None if low == 0 else 1 / low)


def implied_ratio(phrase: Phrase) -> Interval:
    """The range of A/B that a phrase allows (see the comment above).

    >>> implied_ratio(comparative_phrases("about 79% more than")[0])
    (Fraction(357, 200), Fraction(359, 200))
    >>> implied_ratio(comparative_phrases("less than a tenth as many as")[0])
    (Fraction(0, 1), Fraction(1, 10))
    """
    kind, size, up = phrase.kind, phrase.size, phrase.up
    if kind == "same":
        return (Fraction(1), Fraction(1))
    if kind == "slight":
        return (Fraction(1), 1 + _SLIGHT) if up else (1 - _SLIGHT, Fraction(1))
    if kind == "under_tenth":
        return (Fraction(0), Fraction(1, 10))
    if kind == "percent":
        assert size is not None
        low, high = Fraction(max(size * 2 - 1, 0), 200), Fraction(size * 2 + 1, 200)
        return (1 + low, 1 + high) if up else (max(1 - high, Fraction(0)), 1 - low)
    upward: Interval
    if kind in _UP_BANDS:
        upward = _UP_BANDS[kind]
    elif kind == "multiple":
        assert size is not None
        upward = (Fraction(size * 2 - 1, 2), Fraction(size * 2 + 1, 2))
    else:  # bounded: only the direction
        upward = (Fraction(1), None)
    return upward if up else invert(upward)


def consistent(forward: Phrase, backward: Phrase) -> bool:
    """Whether A-vs-B's phrase and B-vs-A's phrase can describe the same two values.

    >>> p = comparative_phrases("about 79% more than; about 44% less than; about 10% less than")
    >>> consistent(p[0], p[1]), consistent(p[0], p[2])
    (True, False)
    """
    low, high = implied_ratio(forward)
    back_low, back_high = invert(implied_ratio(backward))
    above = low if back_high is None else max(low, back_low)
    below = back_high if high is None else high if back_high is None else min(high, back_high)
    return below is None or above <= below


PERCENT_SLACK = 2  # points two percentages of one gap may differ by and still read alike


def is_mirror(forward: Phrase, backward: Phrase) -> bool:
    """Whether B-vs-A's phrase states the same gap as A-vs-B's, only turned round.

    "about 3 times as many" mirrors "about a third as many", "about 12% more" mirrors "about 12%
    less" (or 11%, 13%, 14%: within :data:`PERCENT_SLACK` points, where a reader sees one gap);
    "about 79% more" and "about 44% less" describe one gap with two sizes, and "about 15 times"
    and "less than a tenth" too.

    >>> p = comparative_phrases("about 3 times as many as; about a third as many as; about 44% less than")
    >>> is_mirror(p[0], p[1]), is_mirror(p[0], p[2])
    (True, False)
    """  # noqa: E501 - a doctest line cannot be wrapped
    if forward.kind != backward.kind or forward.kind == "under_tenth":
        return False
    if forward.kind == "same":
        return True
    if forward.up == backward.up:
        return False
    if forward.kind == "percent":
        assert forward.size is not None and backward.size is not None
        return abs(forward.size - backward.size) <= PERCENT_SLACK
    return forward.size == backward.size
