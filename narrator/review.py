"""Flag profile values that look wrong to an editor, without changing them.

narrator never rewrites data silently. What looks like a slip (a skill that reads as a different
word, shares that do not add up, an hourly rate that disagrees with the yearly salary) becomes a
:class:`Note` in the article's metadata and in ``narrator profiles validate``.

>>> from narrator.profile import parse_profile
>>> notes = review(parse_profile('title = "A"\\ntop_skills = ["customer service", "patients"]'))
>>> notes[0].message
"'patients' looks like a slip for 'patience'"
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .profile import Profile

# Words that are real but, in a list of skills, are almost always a slip for another word.
SKILL_CONFUSABLES: dict[str, str] = {
    "patients": "patience",
    "patient": "patience",
    "council": "counsel",
    "complement": "compliment",
    "ethic": "ethics",
    "stationary": "stationery",
    "principal": "principle",
}

# A full-time year, for checking an hourly rate against a yearly salary.
HOURS_PER_YEAR = Decimal(2080)
PAY_TOLERANCE = Decimal("0.05")


@dataclass(frozen=True, slots=True)
class Note:
    """One thing an editor should look at: which profile, which field, and why."""

    slug: str
    field: str
    message: str
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"profile": self.slug, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        return f"{self.file or self.slug}: {self.field}: {self.message}"


def review(profile: Profile) -> list[Note]:
    """Every note on one profile, in field order."""
    notes: list[Note] = []

    def note(field: str, message: str) -> None:
        notes.append(Note(profile.slug, field, message, profile.path))

    for skill in profile.top_skills:
        better = SKILL_CONFUSABLES.get(skill.lower())
        if better:
            note("top_skills", f"{skill!r} looks like a slip for {better!r}")
    salary, hourly = profile.yearly_salary, profile.hourly_rate
    if salary and hourly:
        implied = hourly * HOURS_PER_YEAR
        if abs(implied - salary) / salary > PAY_TOLERANCE:
            note(
                "hourly_rate",
                f"{hourly} an hour is {implied:.0f} a year over 2,080 hours, "
                f"not the yearly salary of {salary}",
            )
    if salary and profile.salary_range:
        low, high = profile.salary_range.low, profile.salary_range.high
        if not low <= salary <= high:
            note("salary_range", f"the yearly salary {salary} lies outside {low}–{high}")
    for field in ("gender_ratio", "race_ratio"):
        shares = profile.get(field)
        if shares:
            total = sum(s.share or 0 for s in shares)
            if abs(total - 100) > 1:
                note(field, f"shares add up to {total}%, not 100%")
    return notes
