"""Read BLS Employment Projections tables: 1.2 (outlook), 5.3 (education) and 6.2 (skills).

Each reader returns the release it found in the file and the figures by SOC code, as published:

* **Table 1.2** (the EP workbook's sheet "Table 1.2"): ``growth_rate`` is the employment change
  in percent over the projection decade, one decimal as published; ``annual_openings`` the
  average yearly openings, published in thousands and written as a whole number of jobs;
  ``self_employed_share`` the percent self-employed; ``entry_education``,
  ``experience_required`` and ``on_the_job_training`` EP's typical assignments, as named.
* **Table 5.3**: the share of workers 25 and older at each of seven levels of educational
  attainment (``education_levels``); ``most_common_degree`` is the largest level, a tie going
  to the level listed first. A title marked "(1)" is "not an exact match" with the survey's
  occupation: its figures belong to a broader group (``broader``).
* **Table 6.2**: 17 skills scored 1 to 5. ``top_skills`` are the
  :data:`TOP_SKILLS` highest scores, in plain words (:data:`SKILL_WORDS`); equal scores go in
  the table's column order, which is alphabetical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final

from ..errors import ProfileError
from .tables import Row, clean, column, csv_rows, header_index, number, text_value, xlsx_rows

EP_NAME: Final = "U.S. Bureau of Labor Statistics, Employment Projections"
EP_URL: Final = "https://www.bls.gov/emp/"
#: How many skills of Table 6.2 a profile lists.
TOP_SKILLS: Final = 3
#: Table 6.2's column names as running text; a column not listed here is lower-cased.
SKILL_WORDS: Final = {
    "Adaptability": "adaptability",
    "Computers and information technology": "computers and information technology",
    "Creativity and innovation": "creativity and innovation",
    "Critical and analytical thinking": "critical and analytical thinking",
    "Customer service": "customer service",
    "Detail oriented": "attention to detail",
    "Fine motor": "fine motor skills",
    "Interpersonal": "interpersonal skills",
    "Leadership": "leadership",
    "Mathematics": "mathematics",
    "Mechanical": "mechanical skills",
    "Physical strength and stamina": "physical strength and stamina",
    "Problem solving and decision making": "problem solving and decision making",
    "Project management": "project management",
    "Science": "science",
    "Speaking and listening": "speaking and listening",
    "Writing and reading": "writing and reading",
}
_PERIOD = re.compile(r"(\d{4})\s*[–-]\s*(\d{2,4})")
_FOOTNOTE = re.compile(r"\s*(\(\d+\)|\[\d+\])\s*$")


@dataclass(frozen=True, slots=True)
class Outlook:
    """One occupation's row of EP Table 1.2."""

    growth_rate: Decimal | None
    annual_openings: Decimal | None
    self_employed_share: Decimal | None
    entry_education: str | None
    experience_required: str | None
    on_the_job_training: str | None


@dataclass(frozen=True, slots=True)
class Education:
    """One occupation's row of EP Table 5.3: the share at each level, in the table's order."""

    levels: tuple[tuple[str, Decimal], ...]
    broader: bool

    def most_common(self) -> tuple[str, Decimal] | None:
        """The largest level; a tie goes to the level listed first."""
        best: tuple[str, Decimal] | None = None
        for name, share in self.levels:
            if best is None or share > best[1]:
                best = (name, share)
        return best


def period(text: str) -> str | None:
    """A projection decade as BLS writes it, from a header.

    >>> period("Employment change, percent, 2024–34"), period("Employment, 2023")
    ('2024–34', None)
    """
    match = _PERIOD.search(text)
    return f"{match.group(1)}–{match.group(2)[-2:]}" if match else None


def _code_column(header: Row, path: Path) -> int:
    """The column of the National Employment Matrix (SOC) code."""
    return column(header, header_text(header, "code"), path)


def header_text(header: Row, word: str) -> str:
    """The first header cell that contains ``word``, in any case."""
    for cell in header:
        if isinstance(cell, str) and word in cell.lower():
            return clean(cell)
    return word


def _code_rows(rows: list[Row], header: int, code_column: int) -> list[Row]:
    return [
        row
        for row in rows[header + 1 :]
        if len(row) > code_column and isinstance(row[code_column], str)
        if re.fullmatch(r"\d\d-\d{4}", row[code_column].strip())
    ]


def _release(header: Row, path: Path) -> str:
    for cell in header:
        if isinstance(cell, str) and clean(cell).startswith("Employment change, percent"):
            found = period(clean(cell))
            if found:
                return found
    raise ProfileError("no projection period in the header", file=str(path))


def read_outlook(path: Path) -> tuple[str, dict[str, Outlook]]:
    """(release, outlook by SOC code) from an EP workbook's Table 1.2."""
    rows = xlsx_rows(path, "Table 1.2", max_col=20)
    at = header_index(rows, "National Employment Matrix code", path)
    header = rows[at]
    code = _code_column(header, path)
    columns = [
        column(header, name, path)
        for name in (
            "Employment change, percent",
            "Percent self employed",
            "Occupational openings",
            "Typical education needed for entry",
            "Work experience in a related occupation",
            "Typical on-the-job training",
        )
    ]
    growth, self_employed, openings, education, experience, training = columns
    found: dict[str, Outlook] = {}
    for row in _code_rows(rows, at, code):
        row = row + (None,) * (len(header) - len(row))
        rate = number(row[growth])
        jobs = number(row[openings])
        found[row[code].strip()] = Outlook(
            growth_rate=rate.quantize(Decimal("0.1")) if rate is not None else None,
            annual_openings=(jobs * 1000).to_integral_value() if jobs is not None else None,
            self_employed_share=number(row[self_employed]),
            entry_education=text_value(row[education]),
            experience_required=text_value(row[experience]),
            on_the_job_training=text_value(row[training]),
        )
    return _release(header, path), found


def read_education(path: Path) -> tuple[str, dict[str, Education]]:
    """(release, attainment by SOC code) from an EP workbook's Table 5.3.

    The release is the workbook's projection decade, from its Table 1.2.
    """
    release_rows = xlsx_rows(path, "Table 1.2", max_col=20)
    release = _release(release_rows[header_index(release_rows, "code", path)], path)
    rows = xlsx_rows(path, "Table 5.3", max_col=12)
    at = header_index(rows, "National Employment Matrix code", path)
    header = rows[at]
    code = _code_column(header, path)
    levels = [(i, clean(c)) for i, c in enumerate(header) if i > code and isinstance(c, str)]
    found: dict[str, Education] = {}
    for row in _code_rows(rows, at, code):
        row = row + (None,) * (len(header) - len(row))
        shares = tuple((name, share) for i, name in levels if (share := number(row[i])) is not None)
        if not shares:
            continue
        broader = bool(_FOOTNOTE.search(str(row[code - 1] or "")))
        found[row[code].strip()] = Education(shares, broader)
    return release, found


def read_skills(path: Path) -> tuple[str, dict[str, tuple[str, ...]]]:
    """(release, top skills by SOC code) from EP Table 6.2 as CSV."""
    rows = csv_rows(path)
    at = header_index(rows, "National Employment Matrix code", path)
    header = rows[at]
    code = _code_column(header, path)
    first = column(header, "Typical education needed for entry", path) + 1
    skills = [(i, clean(c)) for i, c in enumerate(header) if i >= first and isinstance(c, str)]
    if not skills:
        raise ProfileError("no skill columns after the education column", file=str(path))
    found: dict[str, tuple[str, ...]] = {}
    for row in _code_rows(rows, at, code):
        scored = [
            (score, position, name)
            for position, (i, name) in enumerate(skills)
            if i < len(row) and (score := number(row[i])) is not None
        ]
        # Highest score first; equal scores in the table's (alphabetical) column order.
        scored.sort(key=lambda item: (-item[0], item[1]))
        found[row[code].strip()] = tuple(
            SKILL_WORDS.get(name, name.lower()) for _, _, name in scored[:TOP_SKILLS]
        )
    return _release(header, path), found
