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
>>> NumberFormat("de_DE").money(43251)
'43.251\\xa0$'
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import numbers as babel_numbers

from .errors import LocaleError

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
    try:
        return Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise LocaleError(name) from exc


def _as_decimal(value: Number) -> Decimal:
    # floats go through str() so 20.79 stays 20.79 rather than 20.789999...
    return value if isinstance(value, Decimal) else Decimal(str(value))


# Formatted numbers kept per NumberFormat; past this many, the memo starts again empty.
_MEMO_LIMIT = 100_000


class NumberFormat:
    """Number formatting bound to one locale and currency; cheap to call, built once per run.

    babel is the source of truth for every text; each one is computed once per value and
    remembered, since the same profile figures are printed in article after article.
    """

    def __init__(self, locale: str = "en_US", currency: str = "USD") -> None:
        self.locale = parse_locale(locale)
        self.currency = currency
        self._memo: dict[tuple[object, ...], str] = {}
        standard = self.locale.currency_formats["standard"]
        # Whole-dollar amounts keep the locale's currency layout (symbol side, spacing) but
        # drop the fraction digits; babel has no switch for that, so copy the pattern.
        self._whole_money = copy.copy(standard)
        self._whole_money.frac_prec = (0, 0)
        self._cents_money = standard
        self._percent_patterns = {digits: self._percent_pattern(digits) for digits in range(3)}

    def _percent_pattern(self, digits: int) -> babel_numbers.NumberPattern:
        pattern: babel_numbers.NumberPattern = copy.copy(self.locale.percent_formats[None])
        pattern.frac_prec = (digits, digits)
        return pattern

    def money(self, value: Number, *, cents: bool = False) -> str:
        """An amount of money: whole units by default, with cents when ``cents=True``.

        >>> NumberFormat().money(Decimal("42586.4"))
        '$42,586'
        """
        return self._remembered(NumberFormat._money, value, bool(cents))

    def _money(self, value: Number, cents: bool) -> str:
        pattern = self._cents_money if cents else self._whole_money
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
        key = (write, value.__class__, str(value), *options)
        text = self._memo.get(key)
        if text is None:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            text = self._memo[key] = write(self, value, *options)
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
        return self._remembered(NumberFormat._percent, value, digits)

    def _percent(self, value: Number, digits: int | None) -> str:
        if digits is None:
            exponent = _as_decimal(value).as_tuple().exponent
            digits = min(2, -exponent) if isinstance(exponent, int) and exponent < 0 else 0
        pattern = self._percent_patterns.get(digits) or self._percent_pattern(digits)
        return str(pattern.apply(_as_decimal(value) / 100, self.locale))

    def count(self, value: Number) -> str:
        """A whole count with the locale's grouping.

        >>> NumberFormat().count(116010)
        '116,010'
        """
        return self._remembered(NumberFormat._count, value)

    def _count(self, value: Number) -> str:
        return babel_numbers.format_decimal(
            _as_decimal(value).to_integral_value(), locale=self.locale
        )

    def decimal(self, value: Number, digits: int | None = None) -> str:
        """A plain number, e.g. a rating; ``digits`` fixes the fraction digits.

        >>> NumberFormat().decimal(Decimal("3.67")), NumberFormat().decimal(46)
        ('3.67', '46')
        """
        return self._remembered(NumberFormat._decimal, value, digits)

    def _decimal(self, value: Number, digits: int | None) -> str:
        number = _as_decimal(value)
        if digits is None:
            return babel_numbers.format_decimal(number, locale=self.locale)
        number = number.quantize(Decimal(1).scaleb(-digits))
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
