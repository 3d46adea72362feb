"""The filters phrasebook templates use for grammar and numbers, in one registry.

Fragments never write grammar or number formats by hand: ``{{ a.title | indefinite }}``, not
``a {{ a.title }}``; ``{{ a.yearly_salary | money }}``, not ``${{ a.yearly_salary }}``.
:func:`make_filters` binds the number filters to a locale and returns the registry.

>>> f = make_filters(NumberFormat("en_US"))
>>> f["money"](Decimal(43251)), f["percent"](Decimal("-8")), f["and_list"](["a", "b", "c"])
('$43,251', '-8%', 'a, b, and c')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from . import forms, grammar
from .facts import Comparison
from .numbers import Number, NumberFormat, prose_count
from .profile import AtLeast, Duration, Range, Share
from .titles import drop_serial_comma, needs_serial_comma

Filter = Callable[..., Any]


def _form(key: str, fallback: Callable[[str], str], serial_comma: bool = True) -> Filter:
    """A title-form filter: reads the precomputed form of a title (with or without the serial
    comma, as the article's lists are written), or inflects plain text."""
    index = forms.TITLE_FORM_KEYS.index(key)

    def apply(value: Any) -> str:
        if isinstance(value, forms.TitleForms):
            return str(getattr(value, key)) if serial_comma else value.no_serial_comma[index]
        if not isinstance(value, str):
            # str(None) would print "Nones" or "a None": a phrasebook bug, reported as one.
            what = "a missing value (None)" if value is None else type(value).__name__
            raise TypeError(f"{key} takes a title or text, not {what}")
        return fallback(value)

    apply.__name__ = key
    apply.__doc__ = f"The {key.replace('_', ' ')} form of a title or noun phrase."
    return apply


def times_words(n: Decimal, fmt: NumberFormat) -> str:
    """A multiple as a reader says it: words up to ten, with halves below five; figures above.

    >>> fmt = NumberFormat()
    >>> [times_words(Decimal(n), fmt) for n in ("4", "2.5", "15")]
    ['four', 'two and a half', '15']
    """
    whole = int(n)
    if n <= 10:
        words = str(grammar.number_words(whole))
        return f"{words} and a half" if n != whole else words
    return fmt.count(n)


def how_much(
    comparison: Comparison,
    more: str = "more",
    base: str = "much",
    *,
    fmt: NumberFormat,
) -> str:
    """How far the larger value stands above the smaller, ending in "than" or "as" so the
    smaller can follow: ``{{ a.title | plural }} earn {{ cmp.yearly_salary | how_much }} ...``.

    A gap is said one way whichever side is A, so the fragment names the larger side first:
    used where A is the smaller, it refuses (a phrasebook error naming the fragment), rather
    than say "about 44% less" for the gap it calls "about 79% more" the other way round.
    ``more`` is the comparative ("more", "higher") and ``base`` the adjective for multiples
    ("much", "many").

    >>> from narrator.facts import compare_values
    >>> fmt = NumberFormat()
    >>> how_much(compare_values("s", Decimal(43251), Decimal(42586), ()), fmt=fmt)
    'slightly more than'
    >>> how_much(compare_values("s", Decimal(87790), Decimal(49060), ()), fmt=fmt)
    'about 79% more than'
    >>> how_much(compare_values("j", Decimal(3854050), Decimal(17290), ()), base="many", fmt=fmt)
    'about 223 times as many as'
    >>> how_much(compare_values("j", Decimal(30523), Decimal(12209), ()), base="many", fmt=fmt)
    'about two and a half times as many as'
    """
    degree = comparison.degree
    if comparison.direction == "lower":
        raise ValueError(
            f"how_much describes the larger side of {comparison.metric}: name it first "
            f"(with cmp.{comparison.metric}.higher; for B first, cmp.{comparison.metric}.reversed)"
        )
    if degree == "same":
        return f"as {base} as"
    if degree == "bounded":
        # One side is top-coded, or the values are too small or signed for a ratio: the
        # direction is known, the amount is not.
        return f"{more} than"
    if degree == "similar":
        return f"about as {base} as"
    if degree == "slight":
        return f"slightly {more} than"
    if degree == "percent":
        assert comparison.percent is not None
        return f"about {fmt.percent(comparison.percent)} {more} than"
    if degree == "nearly_double":
        return f"nearly twice as {base} as"
    if degree == "double":
        return f"about twice as {base} as"
    if degree == "over_double":
        return f"more than twice as {base} as"
    if degree == "multiple":
        assert comparison.times is not None
        return f"about {times_words(comparison.times, fmt)} times as {base} as"
    raise ValueError(f"cannot describe an unknown comparison of {comparison.metric}")


def rounded_count(value: Number, *, fmt: NumberFormat) -> str:
    """A survey estimate of a count as prose gives it: no more digits than it can bear, with
    "about" when rounding changed it (:func:`narrator.numbers.prose_count`). Tables keep the
    published figure (``count``), and so does prose where two counts compared would round alike
    (``cmp.number_of_jobs.rounds_alike``): "13,030 jobs, slightly more than 12,870".

    >>> fmt = NumberFormat()
    >>> [rounded_count(Decimal(n), fmt=fmt) for n in (3854050, 274330, 6500, 6540, 310)]
    ['about 3.9 million', 'about 274,000', '6,500', 'about 6,500', '310']
    """
    number = _as_whole(value)
    rounded = prose_count(number)
    if isinstance(rounded, Decimal):
        # "about 3 million", not "about 3.0 million": a whole number of millions is said as one
        return f"about {fmt.decimal(rounded, 0 if rounded == int(rounded) else 1)} million"
    text = fmt.count(rounded)
    return text if rounded == number else f"about {text}"


def _as_whole(value: Number) -> int:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"a count must be a number, not {type(value).__name__}")
    return int(value)


def shares(items: Sequence[Share], digits: int | None = 1, *, fmt: NumberFormat) -> str:
    """Groups and their shares, largest first: ``Female 59.6%, Male 40.4%``.

    >>> ratio = [Share("Male", Decimal("40.4")), Share("Female", Decimal("59.6"))]
    >>> shares(ratio, fmt=NumberFormat())
    'Female 59.6%, Male 40.4%'
    """
    ordered = sorted(items, key=lambda s: (-(s.share or 0), s.name))
    # A group whose share rounds to nothing is not among the largest ("Asian 0.0%").
    ordered = [s for s in ordered if s.share != 0] or ordered
    return ", ".join(
        f"{s.name} {fmt.percent(s.share, digits)}" if s.share is not None else s.name
        for s in ordered
    )


def largest(items: Sequence[Share]) -> Share:
    """The group with the largest share (ties go to the name first in alphabetical order)."""
    return sorted(items, key=lambda s: (-(s.share or 0), s.name))[0]


def duration(value: Duration, *, fmt: NumberFormat) -> str:
    """A time span in running text: ``6 to 12 months``, ``1 year``.

    >>> duration(Duration(Decimal(6), Decimal(12), "months"), fmt=NumberFormat())
    '6 to 12 months'
    >>> duration(Duration(Decimal(1), Decimal(1), "years"), fmt=NumberFormat())
    '1 year'
    >>> duration(Duration(Decimal(0), Decimal(3), "months"), fmt=NumberFormat())
    'up to 3 months'
    """
    unit = value.unit if value.high != 1 else value.unit.removesuffix("s")
    if not value.low:
        return f"up to {fmt.decimal(value.high)} {unit}"
    if value.low == value.high:
        return f"{fmt.decimal(value.high)} {unit}"
    return f"{fmt.decimal(value.low)} to {fmt.decimal(value.high)} {unit}"


def duration_range(value: Duration, *, fmt: NumberFormat) -> str:
    """A time span for tables: ``6–12 months``, ``up to 3 months``."""
    unit = value.unit if value.high != 1 else value.unit.removesuffix("s")
    if not value.low:
        return f"up to {fmt.decimal(value.high)} {unit}"
    if value.low == value.high:
        return f"{fmt.decimal(value.high)} {unit}"
    return f"{fmt.number_range(value.low, value.high)} {unit}"


# O*NET's Job Zones: each one's number in words, as O*NET writes it ("Job Zone Three"), and the
# preparation it names ("Medium Preparation Needed").
ZONE_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
ZONE_PREPARATION = {1: "little or no", 2: "some", 3: "medium", 4: "considerable", 5: "extensive"}


def _zones(value: Any) -> tuple[int, int]:
    zones = value.job_zone if isinstance(value, Duration) else None
    if zones is None:
        # A time to become that is not a Job Zone's has no zone to name: a phrasebook bug.
        raise TypeError("job_zone and preparation take an O*NET Job Zone's time_to_become")
    return zones


def job_zone(value: Duration) -> str:
    """The O*NET Job Zone a time to become was read from, by O*NET's name for it.

    >>> job_zone(Duration(Decimal(1), Decimal(2), "years", (3, 3)))
    'Job Zone Three'
    >>> job_zone(Duration(Decimal(3), Decimal(24), "months", (2, 3)))
    'Job Zones Two and Three'
    >>> job_zone(Duration(Decimal(1), Decimal(10), "years", (3, 5)))
    'Job Zones Three to Five'
    """
    first, last = _zones(value)
    if first == last:
        return f"Job Zone {ZONE_WORDS[first]}"
    joint = "and" if last == first + 1 else "to"
    return f"Job Zones {ZONE_WORDS[first]} {joint} {ZONE_WORDS[last]}"


def preparation(value: Duration) -> str:
    """How much preparation an O*NET Job Zone names (education, experience and training
    together), as a level, not a time: "medium" for Job Zone Three, "Medium Preparation Needed".

    >>> preparation(Duration(Decimal(4), Decimal(10), "years", (5, 5)))
    'extensive'
    >>> preparation(Duration(Decimal(3), Decimal(24), "months", (2, 3)))
    'some to medium'
    """
    first, last = _zones(value)
    if first == last:
        return ZONE_PREPARATION[first]
    return f"{ZONE_PREPARATION[first]} to {ZONE_PREPARATION[last]}"


def money(value: Number, cents: bool = False, *, fmt: NumberFormat) -> str:
    """Money; a top-coded value says so: ``$239,200 or more``.

    >>> fmt = NumberFormat()
    >>> money(AtLeast(239200), fmt=fmt), money(Decimal("20.79"), True, fmt=fmt)
    ('$239,200 or more', '$20.79')
    """
    text = fmt.money(value, cents=cents)
    return f"{text} or more" if isinstance(value, AtLeast) else text


def money_range(value: Range, *, fmt: NumberFormat) -> str:
    """A salary range for tables: ``$34,000–$54,000``, or ``$80,000–$239,200 or more``."""
    text = fmt.money_range(value.low, value.high)
    return f"{text} or more" if isinstance(value.high, AtLeast) else text


def change(value: Decimal, *, fmt: NumberFormat) -> str:
    """A projected change of employment as a verb phrase, its size without a sign.

    >>> fmt = NumberFormat()
    >>> [change(Decimal(n), fmt=fmt) for n in ("4.9", "-10.5", "0")]
    ['grow 4.9%', 'fall 10.5%', 'hold steady']
    """
    if value > 0:
        return f"grow {fmt.percent(value)}"
    if value < 0:
        return f"fall {fmt.percent(-value)}"
    return "hold steady"


def change_noun(value: Decimal, *, fmt: NumberFormat) -> str:
    """A projected change of employment as a noun phrase.

    >>> fmt = NumberFormat()
    >>> change_noun(Decimal("4.9"), fmt=fmt), change_noun(Decimal("-10.5"), fmt=fmt)
    ('growth of 4.9%', 'a decline of 10.5%')
    """
    if value > 0:
        return f"growth of {fmt.percent(value)}"
    if value < 0:
        return f"a decline of {fmt.percent(-value)}"
    return "no change"


def size(value: Decimal) -> Decimal:
    """A change's size without its sign, for "fall 10.5%" beside "grow 1.7%".

    >>> size(Decimal("-10.5")), size(Decimal("1.7"))
    (Decimal('10.5'), Decimal('1.7'))
    """
    return abs(value)


# Industry labels as the data writes them, and as an article names them. OEWS's cross-industry
# government sector leaves out public schools, hospitals and the Postal Service, which it
# counts with their industries; the label says so at length.
INDUSTRY_NAMES = {
    "Federal, State, and Local Government, excluding State and Local Schools and Hospitals "
    "and USPS": "Government (apart from schools, hospitals, and the Postal Service)",
    "Merchant Wholesalers, Durable Goods": "Durable Goods Wholesale",
    "Merchant Wholesalers, Nondurable Goods": "Nondurable Goods Wholesale",
}


INDUSTRY_PROSE = {
    "Federal, State, and Local Government, excluding State and Local Schools and Hospitals "
    "and USPS": "government outside schools, hospitals, and the Postal Service",
    "Postal Service (Federal Government)": "the Postal Service",
    "Merchant Wholesalers, Durable Goods": "durable goods wholesale",
    "Merchant Wholesalers, Nondurable Goods": "nondurable goods wholesale",
}


def industry_name(label: str) -> str:
    """An industry's name for a table: the data's label, or a shorter one that says the same.

    >>> industry_name("Educational Services")
    'Educational Services'
    """
    return INDUSTRY_NAMES.get(label, label)


def industry(label: str) -> str:
    """An industry's name in running text.

    >>> industry("Credit Intermediation and Related Activities")
    'credit intermediation and related activities'
    >>> industry("Federal, State, and Local Government, excluding State and Local Schools and "
    ...          "Hospitals and USPS")
    'government outside schools, hospitals, and the Postal Service'
    """
    return INDUSTRY_PROSE.get(label) or grammar.running_text(label)


# Education levels (EP's and Table 5.3's) whose running text is not the label's own words with
# an article: no article takes "some college" or "less than ...".
EDUCATION_PROSE = {
    "Some college, no degree": "some college without a degree",
    "Less than high school diploma": "less than a high school diploma",
    "No formal educational credential": "no formal educational credential",
}


def education(level: str) -> str:
    """An education level in running text, with its article where it takes one.

    >>> education("Bachelor's degree"), education("Associate's degree")
    ("a bachelor's degree", "an associate's degree")
    >>> education("Some college, no degree")
    'some college without a degree'
    """
    return EDUCATION_PROSE.get(level) or grammar.indefinite(grammar.running_text(level))


# EP's typical on-the-job training in running text, where its label alone would not read:
# "get an apprenticeship", not "get apprenticeship".
TRAINING_PROSE = {
    "None": "no on-the-job training",
    "Apprenticeship": "an apprenticeship",
    "Internship/residency": "an internship or residency",
}


def training(level: str) -> str:
    """EP's typical on-the-job training in running text, as what a new hire gets.

    >>> training("Moderate-term on-the-job training"), training("Apprenticeship")
    ('moderate-term on-the-job training', 'an apprenticeship')
    """
    return TRAINING_PROSE.get(level) or grammar.running_text(level)


def group(name: str, serial_comma: bool = True) -> str:
    """A survey's name for a group of occupations in running text, read as titles are
    (:func:`narrator.forms.group_name`): a trailing ", except X" in parentheses, so that a list
    around it still reads, and an inverted name in natural order.

    >>> group("Other engineering technologists and technicians, except drafters")
    'other engineering technologists and technicians (except drafters)'
    >>> group("Helpers, construction trades")
    'construction trades helpers'
    """
    return forms.group_name(name, serial_comma)


def place(name: str) -> str:
    """A state or territory in running text: "the District of Columbia"; "Washington State",
    which "Washington" alone would leave to be read as the capital.

    >>> place("Washington"), place("District of Columbia")
    ('Washington State', 'the District of Columbia')
    """
    return "Washington State" if name == "Washington" else grammar.place(name)


def is_top_coded(value: Any) -> bool:
    """The ``top_coded`` test: ``{% if a.yearly_salary is top_coded %}``."""
    return isinstance(value, AtLeast)


def item_list(items: Iterable[str], conjunction: str = "and", *, serial_comma: bool = True) -> str:
    """Items (skills, software) as a list in running text, kept apart where an item has its own
    "and": two such items are joined by "as well as", and a longer list keeps its serial comma.

    >>> item_list(["adaptability", "problem solving and decision making"])
    'adaptability as well as problem solving and decision making'
    >>> item_list(["writing and reading", "leadership", "mathematics"], serial_comma=False)
    'writing and reading, leadership and mathematics'
    >>> item_list(["leadership", "writing and reading", "speaking"], serial_comma=False)
    'leadership, writing and reading, and speaking'
    """
    words = list(items)
    if needs_serial_comma(words):
        if len(words) == 2 and conjunction == "and":
            return f"{words[0]} as well as {words[1]}"
        serial_comma = True
    return grammar.join_list(words, conjunction, serial_comma=serial_comma)


def make_filters(fmt: NumberFormat, *, serial_comma: bool = True) -> dict[str, Filter]:
    """Every filter the phrasebook may use, bound to one locale's number formats."""

    def and_list(items: Iterable[str]) -> str:
        return item_list(items, "and", serial_comma=serial_comma)

    def or_list(items: Iterable[str]) -> str:
        return item_list(items, "or", serial_comma=serial_comma)

    return {
        # grammar
        "singular": _form("singular", grammar.running_text, serial_comma),
        "plural": _form("plural", grammar.plural, serial_comma),
        "indefinite": _form("indefinite", grammar.indefinite, serial_comma),
        "possessive": _form("possessive", grammar.possessive, serial_comma),
        "possessive_plural": _form("possessive_plural", grammar.possessive_plural, serial_comma),
        "headline": _form("headline", str, serial_comma),
        "running": grammar.running_text,
        "place": place,
        "industry": industry if serial_comma else lambda label: drop_serial_comma(industry(label)),
        "industry_name": industry_name,
        "group": partial(group, serial_comma=serial_comma),
        "education": education,
        "training": training,
        "and_list": and_list,
        # A text holding a list written with the serial comma, as the article writes lists.
        "list_text": str if serial_comma else drop_serial_comma,
        "or_list": or_list,
        "how_much": partial(how_much, fmt=fmt),
        # numbers
        "money": partial(money, fmt=fmt),
        "money_range": partial(money_range, fmt=fmt),
        "percent": fmt.percent,
        "count": fmt.count,
        "rounded_count": partial(rounded_count, fmt=fmt),
        "decimal": fmt.decimal,
        "duration": partial(duration, fmt=fmt),
        "duration_range": partial(duration_range, fmt=fmt),
        "job_zone": job_zone,
        "preparation": preparation,
        "shares": partial(shares, fmt=fmt),
        "largest": largest,
        "size": size,
        "change": partial(change, fmt=fmt),
        "change_noun": partial(change_noun, fmt=fmt),
    }
