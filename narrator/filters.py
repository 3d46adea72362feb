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
from .numbers import Number, NumberFormat
from .profile import AtLeast, Duration, Range, Share

Filter = Callable[..., Any]

_SMALL_FRACTIONS = {2: "half", 3: "a third", 4: "a quarter"}


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


def times_words(n: int, fmt: NumberFormat) -> str:
    """A multiple as a reader says it: words up to ten, figures above.

    >>> times_words(4, NumberFormat()), times_words(15, NumberFormat())
    ('four', '15')
    """
    if n <= 10:
        return str(grammar.number_words(n))
    return fmt.count(n)


def how_much(
    comparison: Comparison,
    more: str = "more",
    less: str = "less",
    base: str = "much",
    *,
    fmt: NumberFormat,
) -> str:
    """How A's value stands against B's, ending in "than" or "as" so B can follow.

    ``more``/``less`` are the comparatives ("higher"/"lower", "more"/"fewer") and ``base`` the
    adjective for multiples ("high", "many").

    >>> from narrator.facts import compare_values
    >>> fmt = NumberFormat()
    >>> how_much(compare_values("s", Decimal(43251), Decimal(42586), ()), fmt=fmt)
    'slightly more than'
    >>> lower = compare_values("s", Decimal(38949), Decimal(43251), ())
    >>> how_much(lower, "higher", "lower", fmt=fmt)
    'about 10% lower than'
    >>> how_much(compare_values("j", Decimal(116010), Decimal(7596), ()), base="many", fmt=fmt)
    'about 15 times as many as'
    >>> how_much(compare_values("j", Decimal(7596), Decimal(30523), ()), base="many", fmt=fmt)
    'about a quarter as many as'
    """
    up = comparison.direction == "higher"
    word = more if up else less
    degree = comparison.degree
    if degree == "same":
        return "the same as"
    if degree == "bounded":
        # One side is top-coded: the direction is known, the amount is not.
        return f"{word} than"
    if degree == "slight":
        return f"slightly {word} than"
    if degree == "percent":
        assert comparison.percent is not None
        return f"about {fmt.percent(comparison.percent)} {word} than"
    if degree == "nearly_double":
        return f"nearly twice as {base} as" if up else f"just over half as {base} as"
    if degree == "double":
        return f"about twice as {base} as" if up else f"about half as {base} as"
    if degree == "over_double":
        return f"more than twice as {base} as" if up else f"less than half as {base} as"
    if degree == "multiple":
        assert comparison.times is not None
        n = comparison.times
        if up:
            return f"about {times_words(n, fmt)} times as {base} as"
        if n > 10:
            return f"less than a tenth as {base} as"
        fraction = _SMALL_FRACTIONS.get(n) or f"one-{grammar.ordinal_words(n)}"
        return f"about {fraction} as {base} as"
    raise ValueError(f"cannot describe an unknown comparison of {comparison.metric}")


def shares(items: Sequence[Share], digits: int | None = 1, *, fmt: NumberFormat) -> str:
    """Groups and their shares, largest first: ``Female 59.6%, Male 40.4%``.

    >>> ratio = [Share("Male", Decimal("40.4")), Share("Female", Decimal("59.6"))]
    >>> shares(ratio, fmt=NumberFormat())
    'Female 59.6%, Male 40.4%'
    """
    ordered = sorted(items, key=lambda s: (-(s.share or 0), s.name))
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


def size(value: Decimal) -> Decimal:
    """A change's size without its sign, for "fall 10.5%" beside "grow 1.7%".

    >>> size(Decimal("-10.5")), size(Decimal("1.7"))
    (Decimal('10.5'), Decimal('1.7'))
    """
    return abs(value)


def is_top_coded(value: Any) -> bool:
    """The ``top_coded`` test: ``{% if a.yearly_salary is top_coded %}``."""
    return isinstance(value, AtLeast)


def make_filters(fmt: NumberFormat, *, serial_comma: bool = True) -> dict[str, Filter]:
    """Every filter the phrasebook may use, bound to one locale's number formats."""

    def and_list(items: Iterable[str]) -> str:
        return grammar.join_list(list(items), "and", serial_comma=serial_comma)

    def or_list(items: Iterable[str]) -> str:
        return grammar.join_list(list(items), "or", serial_comma=serial_comma)

    return {
        # grammar
        "singular": _form("singular", grammar.running_text, serial_comma),
        "plural": _form("plural", grammar.plural, serial_comma),
        "indefinite": _form("indefinite", grammar.indefinite, serial_comma),
        "possessive": _form("possessive", grammar.possessive, serial_comma),
        "possessive_plural": _form("possessive_plural", grammar.possessive_plural, serial_comma),
        "headline": _form("headline", str, serial_comma),
        "running": grammar.running_text,
        "place": grammar.place,
        "and_list": and_list,
        "or_list": or_list,
        "how_much": partial(how_much, fmt=fmt),
        # numbers
        "money": partial(money, fmt=fmt),
        "money_range": partial(money_range, fmt=fmt),
        "percent": fmt.percent,
        "count": fmt.count,
        "decimal": fmt.decimal,
        "duration": partial(duration, fmt=fmt),
        "duration_range": partial(duration_range, fmt=fmt),
        "shares": partial(shares, fmt=fmt),
        "largest": largest,
        "size": size,
    }
