"""Import U.S. BLS OEWS data (a .sqlite or .sqlite.gz) into profile files.

The U.S. Bureau of Labor Statistics publishes Occupational Employment and Wage Statistics
(OEWS) every year; the data is in the public domain. :func:`import_oews` reads one release,
as an SQLite database (plain or gzip-compressed) with the tables ``occupation``, ``area``,
``industry``, ``cell``, ``footnote`` and ``meta``, and writes one profile file per detailed
occupation. ``narrator profiles import-oews PATH --out DIR`` runs it from the command line.

The editorial rules, each of which can be checked against the BLS tables:

* **Occupations.** Every detailed occupation (``display_level`` 3 in the ``occupation`` table;
  830 in May 2025) gets one file, named after its slug. ``title`` is the official BLS title,
  exactly; ``soc_code`` is the SOC code written ``13-2072``.
* **National figures** come from the national, cross-industry estimate (area ``0000000``,
  industry ``000000``): ``number_of_jobs`` is employment; ``yearly_salary`` the annual mean
  wage; ``hourly_rate`` the hourly mean wage; ``median_salary`` the annual median wage;
  ``salary_range`` runs from the annual 10th to the annual 90th percentile wage (left out
  unless both ends are known). Hourly wages are written with cents (``42.21``), annual wages
  and employment as whole numbers.
* **Missing values.** A suppressed or unreleased value (``-``, ``*``, ``**``, or no value) is
  left out, never guessed. Occupations that BLS reports only as annual salaries (footnote 4,
  e.g. postsecondary teachers) have no hourly rate; those it reports only as hourly wages
  (footnote 4, e.g. actors) have no yearly salary, median or salary range.
* **Top-coded values.** A wage written ``#``, or marked with footnote 5 ("equal to or greater
  than $115.00 per hour or $239,200 per year"), is written ``{ at_least = 239200 }`` for an
  annual figure and ``{ at_least = 115 }`` for an hourly one. The bounds are read from the
  text of footnote 5 in the release itself (these numbers are the fallback if it cannot be
  read), so a release with a new ceiling writes the new one. A salary range with a top-coded
  90th percentile is ``{ low = 150000, high = { at_least = 239200 } }``.
* **highest_paying_state** is the state-level area (areatype ``S``: the 50 states, the
  District of Columbia, Guam, Puerto Rico and the Virgin Islands, as BLS lists them) with the
  highest annual mean wage among those with a published wage and at least
  :data:`MIN_STATE_EMPLOYMENT` (100) jobs in the occupation. The name is BLS's ``area_name``.
* **highest_paying_city** is chosen the same way among metropolitan areas (areatype ``M``,
  leaving out the areas whose name contains "nonmetropolitan"), with at least
  :data:`MIN_METRO_EMPLOYMENT` (100) jobs. It is written "City, ST": the first principal city
  and the first state of the metro's name (see :func:`city_label`), so "Boston-Cambridge-Newton,
  MA-NH" is "Boston, MA". BLS separates principal cities with "-", and with "--" when a city's
  own name has one ("Scranton--Wilkes-Barre, PA"); a first city listed in
  :data:`HYPHENATED_CITIES` (Winston-Salem, Wilkes-Barre: all the hyphenated principal cities
  among the May 2025 names) keeps its hyphen. A consolidated city-county ("Athens-Clarke
  County", "Nashville-Davidson", "Lexington-Fayette") is written as its city, and
  "Louisville/Jefferson County" as Louisville. Four Census place names are written as the
  cities are known (:data:`CITY_COMMON_NAMES`): Urban Honolulu is Honolulu, Boise City is
  Boise, Amherst Town is Amherst and Barnstable Town is Barnstable.
* **best_paying_industry** is chosen among NAICS subsectors (``display_level``
  :data:`INDUSTRY_LEVEL` = 3 in the ``industry`` table, national estimates) that employ at
  least :data:`MIN_INDUSTRY_SHARE` (1%) of the occupation's national jobs, and never fewer
  than :data:`MIN_INDUSTRY_EMPLOYMENT` (100). Level 3 is the most detailed level whose
  industries are a complete set that does not overlap: level 2 mixes sectors with
  ownership groups ("State Government, including Schools and Hospitals") that overlap them;
  level 4 mixes 4-digit industries with ownership splits of the same industries ("Hospitals,
  State Government Owned" beside "General Medical and Surgical Hospitals") and OEWS
  aggregates ("5220A1"), and six subsectors have no level-4 breakdown; level 5 covers only
  selected industries. The name is BLS's ``industry_name``, less a leading
  "Sector 11 - " or "Sectors 31, 32, and 33 - " (which only level 2 names carry).
* **Why these thresholds.** BLS publishes employment from 30 jobs. State and metro cells of
  30 to 90 jobs are 11% and 32% of the May 2025 cells for detailed occupations; their
  employment estimates have a median relative standard error of 19-20% (states) and 13-16%
  (metros), and the highest of several hundred small estimates is often an outlier (loan
  officers: Elmira, NY, 40 jobs; chief executives: Medford, OR, 40 jobs). With 100 jobs,
  808 of 830 occupations still have a state and 792 a city. A place is a fair answer however
  small it is, so places need a count of jobs; an industry that employs 150 of 3.4 million
  registered nurses is a curiosity, not where the occupation is best paid, so an industry
  needs a share of the occupation (827 of 830 still have one). A candidate whose employment
  is not published does not count.
* **Ranking wage.** Candidates are ranked by annual mean wage; for an occupation paid only by
  the hour nationally (footnote 4 on the national annual mean) they are ranked by hourly mean
  wage instead, since no annual figure exists.
* **Undetermined highest.** A top-coded wage is only known to be at least the bound of
  footnote 5. A single top-coded candidate is the highest when every published candidate is
  below that bound. When two or more candidates are top-coded, when a top-coded candidate
  competes with a published wage at or above the bound, or when two published candidates
  share the highest wage, the highest cannot be determined and the field is left out.
* **Not in OEWS.** Growth, skills, demographics, education, time to become, description and
  companies are not OEWS data and are left out.
* **Source.** Every file carries ``[source]`` with the BLS program name, the release from the
  ``meta`` table (e.g. "May 2025") and https://www.bls.gov/oes/, and starts with a comment
  saying that ``narrator profiles import-oews`` generated it.

Re-running the import rewrites the same bytes for the same data. It deletes ``*.toml`` files in
the output folder that it did not write this run only when their first line is its generated
comment; a file of the same name as one it would write but without that comment stops the
import before anything is written.
"""

from __future__ import annotations

import gzip
import re
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Final

from ..errors import ProfileError

SOURCE_NAME: Final = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
SOURCE_URL: Final = "https://www.bls.gov/oes/"
#: The first line of every generated file starts with this; cleanup looks for it.
GENERATED_MARK: Final = "# Generated by `narrator profiles import-oews`"

#: ``display_level`` of detailed occupations in the ``occupation`` table.
DETAILED_OCCUPATION_LEVEL: Final = 3
#: ``display_level`` of the industries best_paying_industry is chosen from (NAICS subsectors).
INDUSTRY_LEVEL: Final = 3
#: Jobs an area needs in the occupation to be highest_paying_state.
MIN_STATE_EMPLOYMENT: Final = 100
#: Jobs a metropolitan area needs in the occupation to be highest_paying_city.
MIN_METRO_EMPLOYMENT: Final = 100
#: Share of the occupation's national jobs an industry needs to be best_paying_industry.
MIN_INDUSTRY_SHARE: Final = Decimal("0.01")
#: Jobs an industry needs at the least, however small the occupation.
MIN_INDUSTRY_EMPLOYMENT: Final = 100
#: Top-code bounds used when footnote 5 of the release cannot be read.
TOP_CODE_ANNUAL: Final = Decimal(239200)
TOP_CODE_HOURLY: Final = Decimal(115)

#: BLS joins a metro's principal cities with "-", so a city whose own name has a hyphen must
#: be known. These are the hyphenated principal cities in the May 2025 metro names.
HYPHENATED_CITIES: Final = ("Winston-Salem", "Wilkes-Barre")
#: Census place names that are not how the city is known ("Urban Honolulu" is Honolulu).
CITY_COMMON_NAMES: Final = {
    "Amherst Town": "Amherst",
    "Barnstable Town": "Barnstable",
    "Boise City": "Boise",
    "Urban Honolulu": "Honolulu",
}

NATIONAL_AREA: Final = "0000000"
ALL_INDUSTRIES: Final = "000000"
_TOP_CODE_FOOTNOTE = "5"
_WAGES_ONE_WAY_FOOTNOTE = "4"
_SUPPRESSED = frozenset({"-", "*", "**", ""})
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SECTOR_PREFIX = re.compile(r"^Sectors? [\d, and]+ - ")
_STATES_PART = re.compile(r"[A-Z]{2}(?:-[A-Z]{2})*")

# The datatype columns read from ``cell`` (vNN value, fNN footnote).
_EMPLOYMENT, _HOURLY_MEAN, _ANNUAL_MEAN = "01", "03", "04"
_ANNUAL_P10, _ANNUAL_MEDIAN, _ANNUAL_P90 = "11", "13", "15"
_DATATYPES = (_EMPLOYMENT, _HOURLY_MEAN, _ANNUAL_MEAN, _ANNUAL_P10, _ANNUAL_MEDIAN, _ANNUAL_P90)

_SCHEMA: Final = {
    "occupation": ("occupation_code", "occupation_name", "display_level"),
    "area": ("area_code", "areatype_code", "area_name"),
    "industry": ("industry_code", "industry_name", "display_level"),
    "cell": ("key", *(f"{p}{d}" for d in _DATATYPES for p in "vf")),
    "footnote": ("footnote_code", "footnote_text"),
    "meta": ("name", "value"),
}
_SQLITE_MAGIC = b"SQLite format 3\x00"
_GZIP_MAGIC = b"\x1f\x8b"


class TopCoded:
    """The marker for a wage BLS does not publish because it is at or above its ceiling."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "TOP_CODED"


TOP_CODED: Final = TopCoded()
#: One published figure: a number, top-coded, or missing (None).
Figure = Decimal | TopCoded | None


class Undetermined:
    """The marker for a "highest" that the data cannot decide (ties, several top-coded)."""

    __slots__ = ()


UNDETERMINED: Final = Undetermined()


@dataclass(frozen=True, slots=True)
class Cell:
    """The figures of one ``cell`` row that the import uses."""

    employment: Figure
    hourly_mean: Figure
    annual_mean: Figure
    annual_p10: Figure
    annual_median: Figure
    annual_p90: Figure
    # Footnote 4 on a missing annual mean: BLS reports these wages by the hour only.
    hourly_only: bool


@dataclass(frozen=True, slots=True)
class Candidate:
    """A state, metro or industry that may be the best paying one for an occupation."""

    name: str
    employment: Figure
    hourly_mean: Figure
    annual_mean: Figure


@dataclass(slots=True)
class Occupation:
    """Everything read for one detailed occupation."""

    code: str
    title: str
    national: Cell | None = None
    states: list[Candidate] = field(default_factory=list)
    metros: list[Candidate] = field(default_factory=list)
    industries: list[Candidate] = field(default_factory=list)


# --- reading the database ----------------------------------------------------------------------


def _open(source: Path) -> sqlite3.Connection:
    """The release as an in-memory database, from a .sqlite file or its gzip-compressed form.

    The format is told by the file's first bytes, not its name. Raises ProfileError naming
    the file when it cannot be read or is not an SQLite database.
    """
    try:
        data = source.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ProfileError(f"cannot read OEWS database: {reason}", file=str(source)) from exc
    if data.startswith(_GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ProfileError(f"not a readable gzip file: {exc}", file=str(source)) from exc
    if not data.startswith(_SQLITE_MAGIC):
        raise ProfileError(
            "not an SQLite database (expected an OEWS .sqlite or .sqlite.gz)", file=str(source)
        )
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
    except sqlite3.DatabaseError as exc:
        connection.close()
        raise ProfileError(f"not a usable SQLite database: {exc}", file=str(source)) from exc
    return connection


def _check_schema(connection: sqlite3.Connection, source: Path) -> None:
    """Raise ProfileError naming the first missing table or the missing columns of one."""
    for table, columns in _SCHEMA.items():
        present = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
        if not present:
            raise ProfileError(
                f"not an OEWS database: table {table!r} is missing", file=str(source)
            )
        missing = [column for column in columns if column not in present]
        if missing:
            raise ProfileError(
                f"not an OEWS database: table {table!r} lacks column(s) {', '.join(missing)}",
                file=str(source),
            )


def _meta(connection: sqlite3.Connection, name: str, source: Path) -> str:
    """One value of the ``meta`` table; raises ProfileError when it is absent."""
    row = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    if row is None or not str(row[0]).strip():
        raise ProfileError(f"the meta table has no {name!r}", file=str(source))
    return str(row[0]).strip()


def top_code_bounds(footnote_text: str | None) -> tuple[Decimal, Decimal]:
    """The (annual, hourly) top-code bounds stated by footnote 5, or the defaults.

    >>> top_code_bounds("This wage is equal to or greater than $115.00 per hour or "
    ...                 "$239,200 per year.")
    (Decimal('239200'), Decimal('115'))
    >>> top_code_bounds(None)
    (Decimal('239200'), Decimal('115'))
    """
    annual, hourly = TOP_CODE_ANNUAL, TOP_CODE_HOURLY
    if footnote_text:
        # "$115.00 per hour or $239,200 per year": read the release's own ceiling.
        per_hour = re.search(r"\$([\d,]+(?:\.\d+)?) per hour", footnote_text)
        per_year = re.search(r"\$([\d,]+(?:\.\d+)?) per year", footnote_text)
        if per_hour:
            hourly = Decimal(per_hour.group(1).replace(",", ""))
        if per_year:
            annual = Decimal(per_year.group(1).replace(",", ""))
    return _plain_number(annual), _plain_number(hourly)


def _plain_number(number: Decimal) -> Decimal:
    """``115.00`` → ``115``: a whole bound is written as an integer."""
    return Decimal(int(number)) if number == number.to_integral_value() else number


def parse_figure(value: str | None, footnote: str | None) -> Figure:
    """One OEWS value as a number, TOP_CODED or None (suppressed or not released).

    >>> parse_figure("87790", None), parse_figure("42.21", None)
    (Decimal('87790'), Decimal('42.21'))
    >>> parse_figure("#", None), parse_figure("-", "5")
    (TOP_CODED, TOP_CODED)
    >>> parse_figure("-", "4"), parse_figure("*", None), parse_figure("**", None)
    (None, None, None)
    """
    text = (value or "").strip()
    if text == "#" or (footnote or "").strip() == _TOP_CODE_FOOTNOTE:
        return TOP_CODED
    if text in _SUPPRESSED:
        return None
    if _NUMBER.fullmatch(text):
        return Decimal(text)
    raise ValueError(f"not an OEWS value: {value!r}")


def _figures(
    row: Sequence[str | None], datatypes: Sequence[str], key: str, source: Path
) -> list[Figure]:
    """The figures of one ``cell`` row: value and footnote columns, in pairs, per datatype."""
    figures: list[Figure] = []
    for index, datatype in enumerate(datatypes):
        try:
            figures.append(parse_figure(row[2 * index], row[2 * index + 1]))
        except ValueError as exc:
            raise ProfileError(f"cell {key}: v{datatype}: {exc}", file=str(source)) from exc
    # Employment is never top-coded; a footnote 5 on it would be a data error, so drop it.
    if datatypes[0] == _EMPLOYMENT and isinstance(figures[0], TopCoded):
        figures[0] = None
    return figures


def _cell(row: Sequence[str | None], key: str, source: Path) -> Cell:
    """The national figures of one occupation from its ``cell`` row."""
    employment, hourly, annual, p10, median, p90 = _figures(row, _DATATYPES, key, source)
    annual_footnote = row[2 * _DATATYPES.index(_ANNUAL_MEAN) + 1]
    hourly_only = annual is None and (annual_footnote or "").strip() == _WAGES_ONE_WAY_FOOTNOTE
    return Cell(employment, hourly, annual, p10, median, p90, hourly_only)


def is_nonmetropolitan(area_name: str) -> bool:
    """Whether an areatype-M area is one of BLS's nonmetropolitan areas, not a metro.

    >>> is_nonmetropolitan("Alaska nonmetropolitan area"), is_nonmetropolitan("Anchorage, AK")
    (True, False)
    """
    return "nonmetropolitan" in area_name.lower()


def city_label(metro_name: str) -> str:
    """A metro's name as "City, ST": its first principal city and its first state.

    BLS joins principal cities with "-" and writes "--" instead when a city's own name has a
    hyphen; a first city named in :data:`HYPHENATED_CITIES` keeps its hyphen. A hyphenated
    city-county name ("Athens-Clarke County", "Nashville-Davidson") becomes the city, and of
    "Louisville/Jefferson County" the part before the slash is kept.

    >>> city_label("Boston-Cambridge-Newton, MA-NH")
    'Boston, MA'
    >>> city_label("Washington-Arlington-Alexandria, DC-VA-MD-WV")
    'Washington, DC'
    >>> city_label("Louisville/Jefferson County, KY-IN")
    'Louisville, KY'
    >>> city_label("Winston-Salem, NC"), city_label("Scranton--Wilkes-Barre, PA")
    ('Winston-Salem, NC', 'Scranton, PA')
    >>> city_label("Nashville-Davidson--Murfreesboro--Franklin, TN")
    'Nashville, TN'
    """
    cities, comma, states = metro_name.rpartition(", ")
    if not comma or not cities.strip() or not _STATES_PART.fullmatch(states):
        raise ValueError(f"not a metropolitan area name like 'City-City, ST-ST': {metro_name!r}")
    first = cities.split("--")[0].strip()
    for hyphenated in HYPHENATED_CITIES:
        if first == hyphenated or first.startswith(hyphenated + "-"):
            city = hyphenated
            break
    else:
        city = first.split("-")[0]
    city = city.split("/")[0].strip()
    city = CITY_COMMON_NAMES.get(city, city)
    return f"{city}, {states.split('-')[0]}"


def industry_label(industry_name: str) -> str:
    """An industry's name without a leading "Sector 11 - " (level-2 names carry one).

    >>> industry_label("Sector 11 - Agriculture, Forestry, Fishing and Hunting")
    'Agriculture, Forestry, Fishing and Hunting'
    >>> industry_label("Sectors 31, 32, and 33 - Manufacturing"), industry_label("Hospitals")
    ('Manufacturing', 'Hospitals')
    """
    return _SECTOR_PREFIX.sub("", industry_name).strip()


def soc_code(occupation_code: str) -> str:
    """The SOC code as people write it.

    >>> soc_code("132072")
    '13-2072'
    """
    return f"{occupation_code[:2]}-{occupation_code[2:]}"


def _split_key(key: str, source: Path) -> tuple[str, str, str, str]:
    """(areatype, area, industry, occupation) of a cell key.

    >>> _split_key("OEUN0000000000000132072", Path("x"))
    ('N', '0000000', '000000', '132072')
    """
    # key = "OEU" + areatype (1) + area (7) + industry (6) + occupation (6).
    if len(key) != 23 or not key.startswith("OEU"):
        raise ProfileError(f"cell key {key!r} is not an OEWS series key", file=str(source))
    return key[3], key[4:11], key[11:17], key[17:]


def _read(
    connection: sqlite3.Connection, source: Path, industry_level: int
) -> dict[str, Occupation]:
    """Every detailed occupation with its national cell and its candidate places/industries."""
    occupations: dict[str, Occupation] = {}
    for code, name in connection.execute(
        "SELECT occupation_code, occupation_name FROM occupation WHERE display_level = ? "
        "ORDER BY occupation_code",
        (DETAILED_OCCUPATION_LEVEL,),
    ):
        if not re.fullmatch(r"\d{6}", str(code)):
            raise ProfileError(f"occupation code {code!r} is not 6 digits", file=str(source))
        occupations[str(code)] = Occupation(str(code), " ".join(str(name).split()))

    states: dict[str, str] = {}
    metros: dict[str, str] = {}
    for area_code, areatype, area_name in connection.execute(
        "SELECT area_code, areatype_code, area_name FROM area"
    ):
        if areatype == "S":
            states[str(area_code)] = str(area_name).strip()
        elif areatype == "M" and not is_nonmetropolitan(str(area_name)):
            try:
                metros[str(area_code)] = city_label(str(area_name).strip())
            except ValueError as exc:
                raise ProfileError(str(exc), file=str(source)) from exc
    industries = {
        str(code): industry_label(str(name))
        for code, name in connection.execute(
            "SELECT industry_code, industry_name FROM industry WHERE display_level = ?",
            (industry_level,),
        )
    }

    # The filtering happens in SQL: the release has 370,000 cells and most are not needed.
    national_prefix = "OEUN" + NATIONAL_AREA + ALL_INDUSTRIES
    columns = ", ".join(f"{p}{d}" for d in _DATATYPES for p in "vf")
    for key, *row in connection.execute(
        f"SELECT key, {columns} FROM cell WHERE key >= ? AND key < ? ORDER BY key",
        (national_prefix, national_prefix + "~"),
    ):
        occupation = occupations.get(_split_key(str(key), source)[3])
        if occupation is not None:
            occupation.national = _cell(row, str(key), source)

    ranking = (_EMPLOYMENT, _HOURLY_MEAN, _ANNUAL_MEAN)
    columns = ", ".join(f"{p}{d}" for d in ranking for p in "vf")
    for key, *row in connection.execute(
        f"SELECT key, {columns} FROM cell "
        "WHERE substr(key, 18, 6) IN "
        "    (SELECT occupation_code FROM occupation WHERE display_level = ?) "
        "AND ((substr(key, 4, 1) IN ('S', 'M') AND substr(key, 12, 6) = ?) "
        "    OR (substr(key, 4, 8) = ? AND substr(key, 12, 6) IN "
        "        (SELECT industry_code FROM industry WHERE display_level = ?))) "
        "ORDER BY key",
        (DETAILED_OCCUPATION_LEVEL, ALL_INDUSTRIES, "N" + NATIONAL_AREA, industry_level),
    ):
        areatype, area, industry, code = _split_key(str(key), source)
        occupation = occupations.get(code)
        if occupation is None:
            continue
        if areatype == "N":
            group, name = occupation.industries, industries.get(industry)
        elif areatype == "S":
            group, name = occupation.states, states.get(area)
        else:
            group, name = occupation.metros, metros.get(area)
        if name is not None:
            group.append(Candidate(name, *_figures(row, ranking, str(key), source)))
    return occupations


# --- choosing ------------------------------------------------------------------------------------


def highest(
    candidates: Iterable[Candidate], minimum_jobs: Decimal, hourly: bool, bound: Decimal
) -> str | Undetermined | None:
    """The name of the best paying candidate with at least ``minimum_jobs`` jobs.

    Candidates are ranked by annual mean wage, or hourly mean wage when ``hourly``; a
    top-coded wage is only known to be at least ``bound``. None when no candidate qualifies;
    UNDETERMINED when the data cannot say which is highest.
    """
    eligible: list[tuple[str, Decimal | TopCoded]] = []
    for candidate in candidates:
        jobs = candidate.employment
        wage = candidate.hourly_mean if hourly else candidate.annual_mean
        if isinstance(jobs, Decimal) and jobs >= minimum_jobs and wage is not None:
            eligible.append((candidate.name, wage))
    if not eligible:
        return None
    top_coded = [name for name, wage in eligible if isinstance(wage, TopCoded)]
    published = [(wage, name) for name, wage in eligible if isinstance(wage, Decimal)]
    best = max((wage for wage, _ in published), default=None)
    if top_coded:
        # A top-coded wage is "at least the bound": it beats a published wage below the bound,
        # but neither another top-coded wage nor a published one at or above the bound.
        if len(top_coded) == 1 and (best is None or best < bound):
            return top_coded[0]
        return UNDETERMINED
    names = sorted({name for wage, name in published if wage == best})
    return names[0] if len(names) == 1 else UNDETERMINED


# --- reading a release ---------------------------------------------------------------------------

#: How many industries ``top_industries`` lists.
TOP_INDUSTRIES: Final = 3


@dataclass(frozen=True, slots=True)
class Bounds:
    """The release's top-code bounds."""

    annual: Decimal
    hourly: Decimal


@dataclass(frozen=True, slots=True)
class Release:
    """One OEWS release as read: its name, top-code bounds and detailed occupations."""

    release: str
    bounds: Bounds
    occupations: dict[str, Occupation]


def read_release(source: Path, industry_level: int = INDUSTRY_LEVEL) -> Release:
    """Read an OEWS release (.sqlite or .sqlite.gz).

    Raises ProfileError (naming the file) when it is unreadable, not SQLite or not OEWS.
    """
    connection = _open(source)
    try:
        _check_schema(connection, source)
        release = _meta(connection, "release", source)
        footnote = connection.execute(
            "SELECT footnote_text FROM footnote WHERE footnote_code = ?", (_TOP_CODE_FOOTNOTE,)
        ).fetchone()
        annual_bound, hourly_bound = top_code_bounds(str(footnote[0]) if footnote else None)
        occupations = _read(connection, source, industry_level)
    except sqlite3.DatabaseError as exc:
        raise ProfileError(f"cannot read OEWS database: {exc}", file=str(source)) from exc
    finally:
        connection.close()
    return Release(release, Bounds(annual_bound, hourly_bound), occupations)


def top_industries(
    occupation: Occupation, minimum_share: Decimal = MIN_INDUSTRY_SHARE
) -> tuple[tuple[str, Decimal], ...]:
    """Where most of the occupation works: the :data:`TOP_INDUSTRIES` industries (of the
    level best_paying_industry is chosen from) with the most of its national jobs, each with
    its share in whole percent; only those with at least ``minimum_share`` of the jobs and a
    published employment; equal employment alphabetically.
    """
    national = occupation.national
    jobs = national.employment if national is not None else None
    if not isinstance(jobs, Decimal) or not jobs:
        return ()
    counted = [
        (c.employment, c.name)
        for c in occupation.industries
        if isinstance(c.employment, Decimal) and c.employment >= minimum_share * jobs
    ]
    counted.sort(key=lambda item: (-item[0], item[1]))
    return tuple(
        (name, (100 * employment / jobs).quantize(Decimal(1)))
        for employment, name in counted[:TOP_INDUSTRIES]
    )
