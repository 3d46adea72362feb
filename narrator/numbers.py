"""Format money, percentages, counts and ranges for a locale, with babel underneath.

Profiles hold plain numbers; this module is the one place that turns them into text. Every babel
call gets an explicit ``locale=``, because babel's implicit default locale is process state.
Money is always in the data's currency (US dollars for the bundled data); only its presentation
follows the locale.

>>> fmt = NumberFormat("en_US")
>>> fmt.money(43251), fmt.money(Decimal("20.79"), cents=True), fmt.percent(-8), fmt.count(7596)
('$43,251', '$20.79', '-8%', '7,596')
>>> fmt.money_range(34000, 54000)
'$34,000–$54,000'
>>> NumberFormat("en_IN").count(1234567)
'12,34,567'

The prose is written in one language (the phrasebook's ``language``), and its numbers follow
it: a locale of another language is refused (:func:`check_locale`), so English prose never
prints German digit grouping ("hold 7.596 jobs").
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .cache import FileMemo, cache_file, module_stamp
from .errors import LocaleError, NarratorError

if TYPE_CHECKING:
    from pathlib import Path

    from babel import Locale
    from babel.numbers import NumberPattern

Number = int | float | Decimal

# CLDR has a number-range pattern ("{0}–{1}") that babel does not expose; the en dash is what
# CLDR gives for nearly every locale, so it is used for all of them.
RANGE_SEPARATOR = "\u2013"


@lru_cache(maxsize=64)
def parse_locale(name: str) -> Locale:
    """Return the babel Locale for a name such as ``en_US`` or ``en-US``, or raise LocaleError.

    >>> str(parse_locale("en-GB"))
    'en_GB'
    """
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise LocaleError(name) from exc


class LocaleLanguageError(LocaleError):
    """The locale is not one of the phrasebook's language: numbers would not match the prose.

    >>> str(LocaleLanguageError("de_DE", "en"))
    "--locale 'de_DE' is not a locale of the phrasebook's language 'en'; use an 'en' locale such as en_US, en_GB or en_IN"
    """  # noqa: E501 - a doctest's expected output cannot be wrapped

    def __init__(self, locale: str, language: str, option: str = "--locale") -> None:
        self.locale = locale
        self.language = language
        self.option = option
        examples = _EXAMPLES.get(language, f"{language}")
        NarratorError.__init__(
            self,
            f"{option} {locale!r} is not a locale of the phrasebook's language {language!r}; "
            f"use an {language!r} locale such as {examples}",
        )


# Examples named in the error, for the languages a phrasebook is likely to be written in.
_EXAMPLES = {"en": "en_US, en_GB or en_IN", "de": "de_DE or de_AT", "fr": "fr_FR or fr_CA"}


def locale_language(name: str) -> str:
    """The language part of a locale name, as babel reads it: "en" for "en_US" or "en-GB".

    >>> locale_language("en-GB"), locale_language("de_DE"), locale_language("EN_us")
    ('en', 'de', 'en')
    """
    return re.split(r"[-_@.]", name, maxsplit=1)[0].lower()


def check_locale(name: str, language: str | None) -> None:
    """Refuse a locale babel does not know, or one that is not of the prose's ``language``.

    The language is read from the name alone, so that a warm run of a fitting locale need not
    load babel; a locale babel does not know is reported as unknown, whatever its language.
    ``None`` checks only that babel knows the locale.
    """
    parse_locale(name)
    if language is not None and locale_language(name) != language:
        raise LocaleLanguageError(name, language)


def _as_decimal(value: Number) -> Decimal:
    # floats go through str() so 20.79 stays 20.79 rather than 20.789999...
    return value if isinstance(value, Decimal) else Decimal(str(value))


# babel's texts are remembered per locale, in memory (up to _MEMO_LIMIT) and in the cache folder
# (the _STORED most recent), so that a warm `narrator compare` never loads babel's locale data,
# which takes longer than the rest of the article. The file is keyed by narrator's version, the
# installed babel, the locale and the currency; only babel's own output is stored.
_MEMO_LIMIT = 100_000
_STORED = 4_000
_WRITERS = frozenset({"_money", "_percent", "_count", "_decimal"})


def _valid_text(key: tuple[Any, ...], text: Any) -> bool:
    return key[0] in _WRITERS and isinstance(text, str)


# One memo per locale, currency and file, shared by every NumberFormat of the process: the file
# is read once, and saved once at exit.
_MEMOS: dict[tuple[str, str, Path | None], FileMemo] = {}


def _memo(locale: str, currency: str) -> FileMemo:
    file = cache_file("numbers", ".pickle", module_stamp("babel"), locale, currency)
    memo = _MEMOS.get((locale, currency, file))
    if memo is None:
        memo = _MEMOS[locale, currency, file] = FileMemo(
            lambda: file, _valid_text, limit=_MEMO_LIMIT, stored=_STORED, keep=8
        )
    return memo


def prose_count(number: int) -> int | Decimal:
    """The figure prose rounds a survey count to: two significant digits from a million (in
    millions, a Decimal: 3.9), thousands from 10,000, hundreds from 1,000, tens from 100; a count
    under 100 as it is. The ``rounded_count`` filter writes it, with "about" where it changed.

    >>> prose_count(3854050), prose_count(274330), prose_count(6540), prose_count(87)
    (Decimal('3.9'), 274000, 6500, 87)
    """
    if number >= 1_000_000:
        return (Decimal(number) / 1_000_000).quantize(
            Decimal("0.1") if number < 10_000_000 else Decimal(1), ROUND_HALF_UP
        )
    if number < 100:
        return number  # too few to round without losing the figure
    step = 1000 if number >= 10_000 else 100 if number >= 1000 else 10
    return (number + step // 2) // step * step


class NumberFormat:
    """Number formatting bound to one locale and currency; cheap to call, built once per run.

    babel is the source of truth for every text; each one is computed once per value and
    remembered, since the same profile figures are printed in article after article.
    Raises LocaleError for a locale babel does not know, and LocaleLanguageError for one
    that is not of ``language`` (the prose's, when given).
    """

    def __init__(
        self, locale: str = "en_US", currency: str = "USD", *, language: str | None = None
    ) -> None:
        if language is not None and locale_language(locale) != language:
            check_locale(locale, language)  # names an unknown locale as unknown first
        self.locale_name = locale.replace("-", "_")
        self.currency = currency
        self._locale: Locale | None = None
        self._patterns: dict[Any, NumberPattern] | None = None
        self._memo = _memo(self.locale_name, currency)
        self._answers = self._memo.load()
        if not self._answers:
            # Only a locale that formatted something is remembered; check any other one now.
            self._locale = parse_locale(locale)

    @property
    def locale(self) -> Locale:
        """The babel Locale, parsed on first use."""
        if self._locale is None:
            self._locale = parse_locale(self.locale_name)
        return self._locale

    def _pattern(self, key: Any) -> NumberPattern:
        """A babel pattern: "whole" or "cents" money, or a percentage with ``key`` digits."""
        if self._patterns is None:
            standard = self.locale.currency_formats["standard"]
            # Whole-dollar amounts keep the locale's currency layout (symbol side, spacing) but
            # drop the fraction digits; babel has no switch for that, so copy the pattern.
            whole = copy.copy(standard)
            whole.frac_prec = (0, 0)
            self._patterns = {"whole": whole, "cents": standard}
        pattern = self._patterns.get(key)
        if pattern is None:
            pattern = copy.copy(self.locale.percent_formats[None])
            pattern.frac_prec = (key, key)
            self._patterns[key] = pattern
        return pattern

    def money(self, value: Number, *, cents: bool = False) -> str:
        """An amount of money: whole units by default, with cents when ``cents=True``.

        >>> NumberFormat().money(Decimal("42586.4"))
        '$42,586'
        """
        return self._remembered(NumberFormat._money, value, bool(cents))

    def _money(self, value: Number, cents: bool) -> str:
        pattern = self._pattern("cents" if cents else "whole")
        return str(
            pattern.apply(
                _as_decimal(value), self.locale, currency=self.currency, currency_digits=False
            )
        )

    def _remembered(self, write: Callable[..., str], value: Number, *options: object) -> str:
        """``write(self, value, *options)``, worked out once per value and options.

        Equal numbers can print differently (Decimal("1.0") keeps its digit; an AtLeast is a
        Decimal), so a value is known by its type and exact text, never by ==. Equal options
        (``cents``, ``digits``) always write the same.
        """
        key = (write.__name__, value.__class__.__name__, str(value), *options)
        text = self._answers.get(key)
        if text is None:
            text = write(self, value, *options)
            self._memo.remember(key, text)
        return text

    def percent(self, value: Number, digits: int | None = None) -> str:
        """A percentage given in percent points (``40.4`` means 40.4%).

        By default it keeps the digits the value was given with (up to two), so a share of
        0.6% never prints as "1%"; ``digits`` fixes them instead.

        >>> fmt = NumberFormat()
        >>> fmt.percent(Decimal("40.4")), fmt.percent(-8), fmt.percent(Decimal("0.6"))
        ('40.4%', '-8%', '0.6%')
        >>> fmt.percent(12, digits=1)
        '12.0%'
        """
        if digits is not None and (
            not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 6
        ):
            raise TypeError(f"percent's digits must be a whole number from 0 to 6, not {digits!r}")
        return self._remembered(NumberFormat._percent, value, digits)

    def _percent(self, value: Number, digits: int | None) -> str:
        if digits is None:
            exponent = _as_decimal(value).as_tuple().exponent
            digits = min(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
        return str(self._pattern(digits).apply(_as_decimal(value) / 100, self.locale))

    def count(self, value: Number) -> str:
        """A whole count with the locale's grouping.

        >>> NumberFormat().count(116010)
        '116,010'
        """
        return self._remembered(NumberFormat._count, value)

    def _count(self, value: Number) -> str:
        from babel import numbers as babel_numbers

        return babel_numbers.format_decimal(
            _as_decimal(value).to_integral_value(), locale=self.locale
        )

    def decimal(self, value: Number, digits: int | None = None) -> str:
        """A plain number, e.g. a rating or an age; ``digits`` fixes the fraction digits.

        By default it keeps the digits the value was given with (up to three), as
        :meth:`percent` does: a survey's median age of 53.0 prints as "53.0", beside the "43.2"
        of another, never as "53".

        >>> NumberFormat().decimal(Decimal("3.67")), NumberFormat().decimal(46)
        ('3.67', '46')
        >>> NumberFormat().decimal(Decimal("53.0")), NumberFormat().decimal(53, 1)
        ('53.0', '53.0')
        """
        if digits is None:
            exponent = _as_decimal(value).as_tuple().exponent
            digits = min(3, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
        elif not isinstance(digits, int) or isinstance(digits, bool) or not 0 <= digits <= 6:
            raise TypeError(f"decimal's digits must be a whole number from 0 to 6, not {digits!r}")
        return self._remembered(NumberFormat._decimal, value, digits)

    def _decimal(self, value: Number, digits: int) -> str:
        from babel import numbers as babel_numbers

        number = _as_decimal(value).quantize(Decimal(1).scaleb(-digits))
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return babel_numbers.format_decimal(number, format=pattern, locale=self.locale)

    def money_range(self, low: Number, high: Number, *, cents: bool = False) -> str:
        """A range of money for tables: ``$34,000–$54,000``."""
        return f"{self.money(low, cents=cents)}{RANGE_SEPARATOR}{self.money(high, cents=cents)}"

    def number_range(self, low: Number, high: Number) -> str:
        """A range of plain numbers: ``6–12``.

        >>> NumberFormat().number_range(6, 12)
        '6–12'
        """
        return f"{self.decimal(low)}{RANGE_SEPARATOR}{self.decimal(high)}"
