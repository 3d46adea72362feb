"""Check that every figure in an article comes from the data.

Each sentence records the profile fields it read. A figure in it (money, percent, count, year,
range) must be one of those fields' values as a number filter writes it, or a value derived from
them by a named rule: the percentage difference or the rounded ratio of a comparison. Table
cells must come from their row's field. Anything else is reported with the sentence, the figure
and the fragment that wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .article import Article, Sentence
from .facts import Facts, compare
from .filters import rounded_count
from .forms import title_forms
from .numbers import NumberFormat
from .profile import Duration, FieldSource, Profile, Range, Share, Source

_DIGITS = re.compile(r"\d(?:[\d.,\u00a0\u202f']*\d)?")

# Named rules by which a figure may be derived from profile values.
DERIVED_RULES = {
    "percent": "difference as a percentage of the other occupation's value",
    "times": "ratio of the larger value to the smaller, rounded",
}


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A figure the data does not account for."""

    fragment: str
    figure: str
    text: str

    def __str__(self) -> str:
        return f"fragment {self.fragment}: figure {self.figure!r} is not in its data: {self.text}"


def renderings(value: Any, fmt: NumberFormat) -> set[str]:
    """Every way a number filter may write ``value`` (and its parts)."""
    out: set[str] = set()
    if value is None:
        return out
    if isinstance(value, bool):
        return out
    if isinstance(value, int | Decimal):
        number = Decimal(value)
        out |= {
            fmt.money(number),
            fmt.money(number, cents=True),
            fmt.percent(number),
            fmt.count(number),
            fmt.decimal(number),
            str(number),
        }
        out |= {fmt.percent(number, digits) for digits in (0, 1, 2)}
        out |= {fmt.decimal(number, digits) for digits in (0, 1, 2)}
        if number >= 0:
            # A survey count as prose rounds it ("about 274,000", "about 3.9 million").
            out.add(rounded_count(number, fmt=fmt).removeprefix("about "))
        if number < 0:
            # A change's size without its sign ("fall 10.5%"), the ``size`` filter.
            out |= renderings(-number, fmt)
        return out
    if isinstance(value, str):
        # Labels are also written in running text ("less than 5 years").
        return {value, value.lower()}
    if isinstance(value, Range | Duration):
        return renderings(value.low, fmt) | renderings(value.high, fmt)
    if isinstance(value, Share):
        return {value.name} | renderings(value.share, fmt)
    if isinstance(value, Source | FieldSource):
        texts: tuple[str | None, ...] = (value.name, value.release, value.url)
        if isinstance(value, FieldSource):
            texts += (value.license,)
        return {t for t in texts if t}
    if isinstance(value, tuple | list):
        return set().union(*(renderings(v, fmt) for v in value)) if value else out
    if isinstance(value, dict):
        return set().union(*(renderings(v, fmt) for v in value.values())) if value else out
    return out


def _field_value(name: str, a: Profile, b: Profile) -> Any:
    side, _, field = name.partition(".")
    profile = a if side == "a" else b
    return profile.get(field)


def _allowed(
    sentence: Sentence, a: Profile, b: Profile, facts: Facts, fmt: NumberFormat
) -> set[str]:
    allowed: set[str] = set()
    used = set(sentence.fields)
    if any(name.endswith(".salary_range") for name in used):
        # OEWS's range is the 10th to 90th percentile: "the middle 80%", "the top and bottom
        # 10% of earners" name what the range is.
        allowed |= {"80%", "10%"}
    for name in used:
        value = _field_value(name, a, b)
        if name.endswith(".title"):
            profile = a if name.startswith("a.") else b
            allowed |= set(title_forms(profile.title, profile.title_forms).as_dict().values())
        allowed |= renderings(value, fmt)
    for comparison in facts.values():
        if used.issuperset(comparison.fields):
            for rule in DERIVED_RULES:
                derived = getattr(comparison, rule)
                if derived is not None:
                    allowed |= {fmt.percent(derived), fmt.count(derived), str(derived)}
            allowed |= renderings(comparison.a, fmt) | renderings(comparison.b, fmt)
    return allowed


def unsupported_figures(text: str, allowed: Iterable[str]) -> list[str]:
    """The figures in ``text`` left over once every allowed rendering is taken out.

    >>> unsupported_figures("earns $43,251, about 11% more", {"$43,251", "11%"})
    []
    >>> unsupported_figures("earns $43,252", {"$43,251"})
    ['43,252']
    """
    rest = text
    for piece in sorted((p for p in allowed if p), key=len, reverse=True):
        rest = rest.replace(piece, " ")
    return _DIGITS.findall(rest)


def check(article: Article, a: Profile, b: Profile, locale: str = "en_US") -> list[Unsupported]:
    """Every figure in ``article`` (about ``a`` and ``b``) that its data does not account for."""
    fmt = NumberFormat(locale)
    facts = compare(a, b)
    found: list[Unsupported] = []
    for sentence in article.sentences():
        allowed = _allowed(sentence, a, b, facts, fmt)
        for figure in unsupported_figures(sentence.text, allowed):
            found.append(Unsupported(sentence.fragment, figure, sentence.text))
    for table in article.tables():
        for row in table.rows:
            for profile, cell in zip((a, b), row.cells, strict=True):
                if cell.text is None:
                    continue
                allowed = renderings(profile.get(row.field), fmt)
                for figure in unsupported_figures(cell.text, allowed):
                    found.append(
                        Unsupported(f"table {table.id}, row {row.label}", figure, cell.text)
                    )
    return found
