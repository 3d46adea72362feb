"""Read the Current Population Survey's occupation tables 11 and 11b, joined to SOC codes.

CPS tables name Census occupations, not SOC codes. The Census Bureau's occupation code list
gives each Census occupation its SOC code or pattern: a detailed code (``11-1011``), a broad
code ending in 0 (``13-2070``: every ``13-207x``), or a pattern with X wildcards (``13-20XX``:
the rest of ``13-20xx``). A SOC code takes the Census line that matches it exactly, else the
broad code, else the wildcard pattern with the most fixed digits (:func:`census_line`). A line
reached any way but exactly is a broader group than the occupation: its name is kept
(``survey_group``), so that an article can say whose figures they are. A CPS row is found by
its Census title (case and spacing ignored). Cells the CPS does not publish (a dash: bases under
50,000) are missing.

Table 11 gives the percent of women, of White, Black or African American and Asian workers,
and of Hispanic or Latino workers (an ethnicity, of any race: the shares do not sum to 100).
Table 11b gives the median age (not a mean).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final

from ..errors import ProfileError
from .tables import Row, clean, number, text_value, xlsx_rows

CPS_NAME: Final = "U.S. Bureau of Labor Statistics, Current Population Survey"
CPS_URL: Final = "https://www.bls.gov/cps/"
CENSUS_NAME: Final = "U.S. Census Bureau, 2018 Census occupation code list and crosswalk"
#: The race columns of table 11 as profiles name them.
RACES: Final = ("White", "Black or African American", "Asian")
_CENSUS_SHEET = "2018 Census Occ Code List"
_PATTERN = re.compile(r"\d\d-[\dX]{4}")


@dataclass(frozen=True, slots=True)
class CensusLine:
    """One Census occupation: its title and its SOC code or pattern."""

    title: str
    soc: str


def read_census(path: Path) -> list[CensusLine]:
    """Every Census occupation with a SOC code or pattern, from the Census code list."""
    lines = []
    for row in xlsx_rows(path, _CENSUS_SHEET, max_col=4):
        if len(row) < 4 or row[1] is None or row[2] is None or row[3] is None:
            continue
        code, soc = clean(row[2]), clean(row[3])
        if re.fullmatch(r"\d{3,4}", code) and _PATTERN.fullmatch(soc):
            lines.append(CensusLine(clean(row[1]), soc))
    if not lines:
        raise ProfileError(f"no Census occupations in sheet {_CENSUS_SHEET!r}", file=str(path))
    return lines


def census_line(soc: str, lines: list[CensusLine]) -> tuple[CensusLine, bool] | None:
    """The Census line a SOC code's figures come from, and whether it is an exact match.

    >>> lines = [CensusLine("Credit counselors and loan officers", "13-2070"),
    ...          CensusLine("Other financial specialists", "13-20XX"),
    ...          CensusLine("Tax preparers", "13-2082")]
    >>> census_line("13-2072", lines)
    (CensusLine(title='Credit counselors and loan officers', soc='13-2070'), False)
    >>> census_line("13-2082", lines)[1], census_line("13-2099", lines)[0].title
    (True, 'Other financial specialists')
    >>> census_line("11-1011", lines) is None
    True
    """
    for line in lines:
        if line.soc == soc:
            return line, True
    best: CensusLine | None = None
    for wildcard in ("0", "X"):
        # Broad codes first (trailing zeros: 13-2070, 25-1000), then X patterns (13-20XX);
        # of each kind, the one with the most fixed digits.
        for line in lines:
            fixed = line.soc.rstrip(wildcard)
            longer = best is None or len(fixed) > len(best.soc.rstrip(wildcard))
            if fixed != line.soc and soc.startswith(fixed) and longer:
                best = line
        if best is not None:
            return best, False
    return None


def _key(title: str) -> str:
    return clean(title).lower().rstrip(":")


def _release(rows: list[Row], path: Path) -> str:
    for row in rows[:8]:
        for cell in row[1:]:
            text = str(cell).strip() if cell is not None else ""
            if re.fullmatch(r"\d{4}", text):
                return f"{text} annual averages"
    raise ProfileError("no year in the table's header", file=str(path))


def _by_title(rows: list[Row]) -> dict[str, Row]:
    found: dict[str, Row] = {}
    for row in rows:
        title = text_value(row[0]) if row else None
        if title and len(row) > 1 and row[1] is not None:
            found.setdefault(_key(title), row)
    return found


@dataclass(frozen=True, slots=True)
class Workers:
    """Table 11's shares for one Census occupation, in percent."""

    women: Decimal | None
    races: tuple[tuple[str, Decimal], ...]
    hispanic: Decimal | None


def read_table_11(path: Path) -> tuple[str, dict[str, Workers]]:
    """(release, shares by Census title in lower case) from CPS table 11."""
    rows = xlsx_rows(path, _first_sheet(path), max_col=7)
    found = {}
    for title, row in _by_title(rows).items():
        if len(row) < 7:
            continue
        races = tuple(
            (name, share)
            for name, cell in zip(RACES, row[3:6], strict=True)
            if (share := number(cell)) is not None
        )
        found[title] = Workers(number(row[2]), races, number(row[6]))
    return _release(rows, path), found


def read_table_11b(path: Path) -> tuple[str, dict[str, Decimal]]:
    """(release, median age by Census title in lower case) from CPS table 11b."""
    rows = xlsx_rows(path, _first_sheet(path), max_col=10)
    header = next((r for r in rows if any(clean(c) == "Median age" for c in r if c)), None)
    if header is None:
        raise ProfileError("no 'Median age' column", file=str(path))
    at = next(i for i, c in enumerate(header) if c is not None and clean(c) == "Median age")
    found = {}
    for title, row in _by_title(rows).items():
        age = number(row[at]) if len(row) > at else None
        if age is not None:
            found[title] = age
    return _release(rows, path), found


def _first_sheet(path: Path) -> str:
    from .tables import xlsx_sheets

    return xlsx_sheets(path)[0]


def find(title: str, table: Mapping[str, object]) -> object | None:
    """A CPS row by Census title, case and spacing ignored."""
    return table.get(_key(title))
