"""Facts: directions and degrees of difference, and their thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from narrator.facts import (
    THRESHOLDS,
    Facts,
    compare,
    compare_values,
    lead,
)
from narrator.profile import parse_profile


@pytest.mark.parametrize(
    ("a", "b", "direction", "degree", "percent", "times"),
    [
        (100, 100, "same", "same", 0, None),
        (1005, 1000, "higher", "similar", 1, None),
        (102, 100, "higher", "slight", 2, None),
        (98, 100, "lower", "slight", 2, None),
        (111, 100, "higher", "percent", 11, None),
        (90, 100, "lower", "percent", 11, None),
        (1125, 1000, "higher", "percent", 13, None),
        (190, 100, "higher", "nearly_double", 90, None),
        (205, 100, "higher", "double", 105, None),
        (230, 100, "higher", "over_double", 130, None),
        (250, 100, "higher", "multiple", 150, Decimal("2.5")),
        (1527, 100, "higher", "multiple", 1427, 15),
        (100, 400, "lower", "multiple", 300, 4),
        (-8, -8, "same", "same", 0, None),
        (-3, 5, "lower", "bounded", None, None),
        (1, 0, "higher", "bounded", None, None),
        (0, 7, "lower", "bounded", None, None),
    ],
)
def test_compare_values(a, b, direction, degree, percent, times) -> None:
    """Each band of gap gets its degree; percent and times measure the larger against the
    smaller, halves rounded up (12.5% reads "about 13%", 2.5 times "two and a half")."""
    c = compare_values("m", Decimal(a), Decimal(b), ())
    assert (c.direction, c.degree, c.percent, c.times) == (direction, degree, percent, times)


@pytest.mark.parametrize(("a", "b"), [(87790, 49060), (17290, 3854050), (310, 280), (101, 100)])
def test_a_gap_is_the_same_size_in_either_order(a: int, b: int) -> None:
    """A vs B and B vs A differ only in direction: the house rule "say a gap's real size the
    same way in either order"."""
    ab = compare_values("m", Decimal(a), Decimal(b), ())
    ba = compare_values("m", Decimal(b), Decimal(a), ())
    assert (ab.degree, ab.percent, ab.times) == (ba.degree, ba.percent, ba.times)
    assert ab.reversed == ba


def test_small_counts_get_no_percentage() -> None:
    """Survey estimates under a thousand are too rough for "about 11% more"."""
    assert compare_values("number_of_jobs", Decimal(310), Decimal(280), ()).degree == "bounded"
    assert compare_values("number_of_jobs", Decimal(310), Decimal(2800), ()).degree == "multiple"
    assert compare_values("yearly_salary", Decimal(310), Decimal(280), ()).degree == "percent"


def test_lead_is_the_most_striking_gap() -> None:
    """Sentence planning: the opening leads with the biggest gap, measured per metric."""

    def pair(**fields: int | float) -> str | None:
        a = parse_profile('title = "A"\n' + "".join(f"{k} = {v[0]}\n" for k, v in fields.items()))
        b = parse_profile('title = "B"\n' + "".join(f"{k} = {v[1]}\n" for k, v in fields.items()))
        return compare(a, b).lead

    assert pair(yearly_salary=(60000, 50000), number_of_jobs=(90000, 10000)) == "number_of_jobs"
    assert pair(yearly_salary=(90000, 50000), number_of_jobs=(50000, 10000)) == "yearly_salary"
    assert pair(yearly_salary=(51000, 50000), growth_rate=(-10.5, 1.7)) == "growth_rate"
    assert pair(hourly_rate=(58.29, 30.83)) == "hourly_rate"
    assert pair(yearly_salary=(50000, 50000)) == "yearly_salary"
    assert pair() is None
    assert lead({}) is None


def test_only_a_striking_lead_sets_the_two_apart() -> None:
    """An opening may say a gap "sets the two apart" only when it reaches its salience figure:
    growth 4.0% against 3.9% leads when nothing else differs, but is no striking gap."""

    def facts(**fields: tuple[float, float]) -> Facts:
        a = parse_profile('title = "A"\n' + "".join(f"{k} = {v[0]}\n" for k, v in fields.items()))
        b = parse_profile('title = "B"\n' + "".join(f"{k} = {v[1]}\n" for k, v in fields.items()))
        return compare(a, b)

    close = facts(growth_rate=(4.0, 3.9), yearly_salary=(50000, 50100))
    assert (close.lead, close.striking) == ("growth_rate", False)
    far = facts(growth_rate=(9.7, -5.1), yearly_salary=(50000, 50100))
    assert (far.lead, far.striking) == ("growth_rate", True)
    assert not facts().striking


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
        assert (ba[name].times, ba[name].percent) == (ab[name].times, ab[name].percent)


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


def test_long_titles_are_named_in_full_once() -> None:
    """Referring expressions: after the first mention a long title gives way to its head noun,
    unless that would also fit the other occupation."""
    from narrator.catalog import Catalog
    from narrator.compose import compose

    catalog = Catalog.bundled()
    article = compose(catalog.find("Loan Officers"), catalog.find("Bill and Account Collectors"))
    prose = " ".join(
        s.text
        for sec in article.sections
        for b in sec.blocks
        if hasattr(b, "sentences")
        for s in b.sentences
    )
    # (the official title, in quotes and title case, is named once more in the sources)
    assert prose.count("ill and account collectors") == 1
    assert "collectors" in prose
    # Two titles that share a head keep their full names.
    article = compose(
        catalog.find("Tax Examiners and Collectors, and Revenue Agents"),
        catalog.find("Bill and Account Collectors"),
    )
    prose = " ".join(
        s.text
        for sec in article.sections
        for b in sec.blocks
        if hasattr(b, "sentences")
        for s in b.sentences
    )
    assert prose.count("ill and account collectors") > 1
