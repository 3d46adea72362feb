"""Facts: directions and degrees of difference, and their thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.facts import (
    THRESHOLDS,
    Comparison,
    Thresholds,
    _compare_exact,
    _ratio,
    _threshold_ratios,
    compare,
    compare_values,
)
from narrator.profile import AtLeast, parse_profile


@pytest.mark.parametrize(
    ("a", "b", "direction", "degree", "percent", "times"),
    [
        (100, 100, "same", "same", 0, None),
        (102, 100, "higher", "slight", 2, None),
        (98, 100, "lower", "slight", 2, None),
        (111, 100, "higher", "percent", 11, None),
        (90, 100, "lower", "percent", 10, None),
        (190, 100, "higher", "nearly_double", 90, None),
        (205, 100, "higher", "double", 105, None),
        (230, 100, "higher", "over_double", 130, None),
        (1527, 100, "higher", "multiple", 1427, 15),
        (100, 400, "lower", "multiple", 75, 4),
        (-8, -8, "same", "same", 0, None),
        (-3, 5, "lower", "percent", 160, None),
        (1, 0, "higher", "bounded", None, None),
        (0, 7, "lower", "percent", 100, None),
    ],
)
def test_compare_values(a, b, direction, degree, percent, times) -> None:
    """Each band of difference gets its degree; percent is relative to B."""
    c = compare_values("m", Decimal(a), Decimal(b), ())
    assert (c.direction, c.degree, c.percent, c.times) == (direction, degree, percent, times)


def test_threshold_boundaries() -> None:
    """A difference exactly at the slight threshold is no longer slight."""
    at = Decimal(100) * (1 + THRESHOLDS.slight)
    assert compare_values("m", at, Decimal(100), ()).degree == "percent"
    assert compare_values("m", Decimal(100) * THRESHOLDS.multiple, Decimal(100), ()).degree == (
        "multiple"
    )


def test_unknown_when_either_side_missing() -> None:
    """A missing value makes the comparison unknown, never 'same'."""
    for a, b in ((None, Decimal(1)), (Decimal(1), None), (None, None)):
        c = compare_values("m", a, b, ())
        assert (c.direction, c.known) == ("unknown", False)


def test_mirror() -> None:
    """Comparing B with A flips every direction and keeps every degree."""
    a = parse_profile('title = "A"\nyearly_salary = 43251\nnumber_of_jobs = 7596\naverage_age = 46')
    b = parse_profile(
        'title = "B"\nyearly_salary = 38949\nnumber_of_jobs = 30523\naverage_age = 46'
    )
    flip = {"higher": "lower", "lower": "higher", "same": "same", "unknown": "unknown"}
    ab, ba = compare(a, b), compare(b, a)
    for name in ab:
        assert ba[name].direction == flip[ab[name].direction]
        assert ba[name].times == ab[name].times


def test_same_time_span_needs_the_same_span() -> None:
    """9 months and 6–12 months share a midpoint but are not the same span."""
    a = parse_profile('title = "A"\ntime_to_become = { low = 9, high = 9, unit = "months" }')
    b = parse_profile('title = "B"\ntime_to_become = { low = 6, high = 12, unit = "months" }')
    c = parse_profile('title = "C"\ntime_to_become = { low = 0.5, high = 1, unit = "years" }')
    assert compare(a, b)["time_to_become"].same and not compare(a, b).same_time_span
    assert compare(b, c).same_time_span


def test_shared_skills_keep_a_order_and_ignore_case() -> None:
    """Shared skills are matched without regard to case, in A's order."""
    a = parse_profile('title = "A"\ntop_skills = ["Payroll", "filing", "sorting"]')
    b = parse_profile('title = "B"\ntop_skills = ["sorting", "payroll"]')
    assert compare(a, b).shared_skills == ("Payroll", "sorting")


# --- the whole-number comparison agrees with the Decimal one ---------------------------------

_PLAIN = st.decimals(
    min_value=Decimal(-(10**12)), max_value=Decimal(10**12), allow_nan=False, places=4
) | st.integers(-(10**6), 10**6).map(Decimal)
_THRESHOLDS = st.builds(
    Thresholds,
    slight=st.decimals(Decimal("0.001"), Decimal("0.5"), places=3),
    nearly_double=st.decimals(Decimal("1.1"), Decimal("1.95"), places=2),
    double=st.just(Decimal("2.0")),
    over_double=st.decimals(Decimal("2.05"), Decimal("2.4"), places=2),
    multiple=st.decimals(Decimal("2.5"), Decimal("9"), places=1),
)


def _exact(a: Decimal, b: Decimal, thresholds: Thresholds = THRESHOLDS) -> Comparison | None:
    ratio_a, ratio_b, limits = _ratio(a), _ratio(b), _threshold_ratios(thresholds)
    if ratio_a is None or ratio_b is None or limits is None:
        return None
    return _compare_exact("m", a, b, ratio_a, ratio_b, ("f",), limits)


@settings(max_examples=3000, deadline=None)
@given(_PLAIN, _PLAIN)
def test_exact_comparison_is_the_decimal_comparison(a: Decimal, b: Decimal) -> None:
    assert _exact(a, b) == compare_values("m", a, b, ("f",))


@settings(max_examples=1000, deadline=None)
@given(st.integers(1, 10**6), st.integers(1, 10**6), _THRESHOLDS)
def test_exact_comparison_at_and_near_every_threshold(
    a: int, b: int, thresholds: Thresholds
) -> None:
    """Values right at a threshold and a hundredth either side of it, for any thresholds."""
    for limit in (thresholds.slight, thresholds.nearly_double, thresholds.over_double):
        for step in (Decimal(0), Decimal("0.01"), Decimal("-0.01")):
            base = Decimal(b)
            for other in (base * (1 + limit) + step, base * limit + step, base + step):
                expected = compare_values("m", other, base, ("f",), thresholds)
                assert _exact(other, base, thresholds) in (None, expected)
    # halves: a percentage or a ratio exactly between two whole numbers rounds to even
    for x, y in ((Decimal(a) + Decimal("0.5") * b / 100, Decimal(b)), (Decimal(2 * a + 1), 2)):
        y = Decimal(y)
        assert _exact(x, y, thresholds) in (None, compare_values("m", x, y, ("f",), thresholds))


def test_exact_comparison_is_used_only_for_plain_small_fractions() -> None:
    assert _ratio(Decimal("20.79")) == (2079, 100)
    assert _ratio(AtLeast(239200)) is None  # top-coded: compared as bounds, the Decimal way
    assert _ratio(Decimal(12) / Decimal(52)) is None  # 28 digits: the Decimal way
    assert _ratio(Decimal("Infinity")) is None
    assert _exact(Decimal("1.5"), Decimal("0.5")) == compare_values(
        "m", Decimal("1.5"), Decimal("0.5"), ("f",)
    )
