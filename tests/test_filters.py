"""Filters that put data labels into running text: education, training, survey groups, shares."""

from __future__ import annotations

from decimal import Decimal

import pytest

from narrator.filters import education, group, make_filters, shares, training
from narrator.numbers import NumberFormat
from narrator.profile import Share


@pytest.mark.parametrize(
    ("level", "text"),
    [
        ("Bachelor's degree", "a bachelor's degree"),
        ("Associate's degree", "an associate's degree"),
        ("Doctoral or professional degree", "a doctoral or professional degree"),
        ("High school diploma or equivalent", "a high school diploma or equivalent"),
        ("Postsecondary nondegree award", "a postsecondary nondegree award"),
        ("Some college, no degree", "some college without a degree"),
        ("Less than high school diploma", "less than a high school diploma"),
        ("No formal educational credential", "no formal educational credential"),
    ],
)
def test_education_levels_read_as_a_sentence_needs(level: str, text: str) -> None:
    assert education(level) == text


@pytest.mark.parametrize(
    ("level", "text"),
    [
        ("None", "no on-the-job training"),
        ("Apprenticeship", "an apprenticeship"),
        ("Internship/residency", "an internship or residency"),
        ("Short-term on-the-job training", "short-term on-the-job training"),
    ],
)
def test_training_reads_as_what_a_new_hire_gets(level: str, text: str) -> None:
    assert training(level) == text


def test_a_survey_group_s_exception_goes_in_parentheses() -> None:
    """ "…, except drafters" inside a list would read as another item."""
    assert group("Other engineering technologists and technicians, except drafters") == (
        "other engineering technologists and technicians (except drafters)"
    )
    assert group("Police officers") == "police officers"


def test_a_share_that_rounds_to_nothing_is_not_among_the_largest() -> None:
    ratio = [Share("White", Decimal("87.7")), Share("Asian", Decimal("0.0"))]
    assert shares(ratio, fmt=NumberFormat()) == "White 87.7%"
    assert shares([Share("Asian", Decimal(0))], fmt=NumberFormat()) == "Asian 0.0%"


def test_industries_follow_the_serial_comma_setting() -> None:
    label = "Professional, Scientific, and Technical Services"
    assert make_filters(NumberFormat())["industry"](label) == (
        "professional, scientific, and technical services"
    )
    assert make_filters(NumberFormat(), serial_comma=False)["industry"](label) == (
        "professional, scientific and technical services"
    )
