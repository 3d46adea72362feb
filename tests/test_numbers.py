"""Numbers: money, percentages, counts and ranges through babel, for any CLDR locale."""

from __future__ import annotations

from decimal import Decimal

import pytest

from narrator.errors import LocaleError
from narrator.numbers import NumberFormat


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "expected"),
    [
        ("money", (43251,), {}, "$43,251"),
        ("money", (Decimal("20.79"),), {"cents": True}, "$20.79"),
        ("money", (Decimal("42586.5"),), {}, "$42,586"),  # half-even, as babel rounds
        ("percent", (-8,), {}, "-8%"),
        ("percent", (Decimal("40.4"),), {"digits": 1}, "40.4%"),
        ("percent", (Decimal("12.0"),), {"digits": 1}, "12.0%"),
        ("count", (7596,), {}, "7,596"),
        ("count", (116010,), {}, "116,010"),
        ("decimal", (Decimal("3.67"),), {}, "3.67"),
        ("decimal", (Decimal("53.0"),), {}, "53.0"),
        ("decimal", (53,), {"digits": 1}, "53.0"),
        ("money_range", (34000, 54000), {}, "$34,000–$54,000"),
        ("number_range", (6, 12), {}, "6–12"),
    ],
)
def test_en_us(method: str, args: tuple[object, ...], kwargs: dict[str, object], expected: str):
    """en_US output matches what the seed pages print, with an en dash in ranges."""
    assert getattr(NumberFormat("en_US"), method)(*args, **kwargs) == expected


@pytest.mark.parametrize(
    ("locale", "money", "percent", "count"),
    [
        ("de_DE", "43.251\xa0$", "-8\xa0%", "116.010"),
        ("fr_FR", "43\u202f251\xa0$US", "-8\xa0%", "116\u202f010"),
        ("en_IN", "$43,251", "-8%", "1,16,010"),
        ("en_GB", "US$43,251", "-8%", "116,010"),
    ],
)
def test_other_locales(locale: str, money: str, percent: str, count: str) -> None:
    """Other locales keep US dollars but write them their own way."""
    fmt = NumberFormat(locale)
    assert (fmt.money(43251), fmt.percent(-8), fmt.count(116010)) == (money, percent, count)


@pytest.mark.parametrize("name", ["xx_YY", "", "zz", "klingon", "en_XX"])
def test_unknown_locale(name: str) -> None:
    """An unknown locale is a LocaleError naming it."""
    with pytest.raises(LocaleError) as caught:
        NumberFormat(name)
    assert repr(name) in str(caught.value)


def test_dash_locale_spelling() -> None:
    """en-US is accepted as well as en_US."""
    assert NumberFormat("en-US").money(5) == "$5"
