"""Referring expressions: which short name a long title gets after its first mention."""

from __future__ import annotations

import pytest

from narrator.forms import title_forms
from narrator.referring import short_forms


@pytest.mark.parametrize(
    ("title", "other", "short"),
    [
        ("Bill and Account Collectors", "Loan Officers", ("collectors", "collector")),
        (
            "First-Line Supervisors of Retail Sales Workers",
            "Cashiers",
            ("supervisors", "supervisor"),
        ),
        ("Clinical and Counseling Psychologists", "Actors", ("psychologists", "psychologist")),
        # two heads: both kept, their modifiers dropped
        (
            "Bus and Truck Mechanics and Diesel Engine Specialists",
            "Actors",
            ("mechanics and specialists", "mechanic or specialist"),
        ),
        (
            "Medical Secretaries and Administrative Assistants",
            "Actors",
            ("secretaries and assistants", "secretary or assistant"),
        ),
        # a residual keeps its "other"; its singular stays whole
        ("Managers, All Other", "Actors", ("other managers", None)),
        # an exclusion drops its parenthesis once named
        ("Pump Operators, Except Wellhead Pumpers", "Actors", ("operators", "operator")),
        # no short name: short already, several heads, or it would fit the other occupation
        ("Loan Officers", "Actors", None),
        ("Ushers, Lobby Attendants, and Ticket Takers", "Actors", None),
        ("Engineers, All Other", "Civil Engineers", None),
        ("Bill and Account Collectors", "Tax Examiners and Collectors, and Revenue Agents", None),
        ("Structural Iron and Steel Workers", "Actors", None),
    ],
)
def test_short_forms(title: str, other: str, short: tuple[str, str | None] | None) -> None:
    assert short_forms(title_forms(title), title_forms(other)) == short
