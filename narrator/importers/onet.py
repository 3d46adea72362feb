"""Read O*NET: the BLS crosswalk to SOC, Job Zones, hot technologies and alternate titles.

O*NET rates O*NET-SOC occupations (``13-2072.00``); OEWS and the Employment Projections use
SOC codes. The BLS crosswalk (National Employment Matrix codes to O*NET-SOC codes) joins them:
a SOC code reaches every O*NET code the crosswalk lists for it (:func:`components`). Ratings
come from the occupation's own ``.00`` code when it is among them, else from all of them,
merged (an OEWS aggregate such as 13-1020 has one O*NET code per detailed occupation it
combines; :func:`own_code`). Alternate titles come from every code.

``job_zone`` is the Job Zone, and ``time_to_become`` the preparation time it stands for
(:data:`ZONE_PREPARATION`: the Specific Vocational Preparation range that O*NET's Job Zone
Reference gives each zone, read as time). Merged codes with different zones give the lowest and
highest zone, and the span from the lowest zone's start to the highest zone's end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Final

from ..errors import ProfileError
from ..jobzones import JOB_ZONE_PREPARATION
from .tables import clean, column, header_index, tsv_rows, xlsx_rows

ONET_NAME: Final = (
    "O*NET Database, U.S. Department of Labor, Employment and Training Administration"
)
ONET_URL: Final = "https://www.onetcenter.org/database.html"
#: O*NET's license; articles that use O*NET figures carry its attribution.
ONET_LICENSE: Final = "CC BY 4.0"
CROSSWALK_NAME: Final = (
    "U.S. Bureau of Labor Statistics, O*NET-SOC to National Employment Matrix crosswalk"
)
#: Hot technologies a profile lists.
TOOLS: Final = 5
#: The preparation each Job Zone stands for, as (low, high, unit): see
#: :data:`narrator.jobzones.JOB_ZONE_PREPARATION`.
ZONE_PREPARATION: Final = JOB_ZONE_PREPARATION
_ONET_CODE = re.compile(r"\d\d-\d{4}\.\d\d")
_MONTHS = {"months": Decimal(1), "years": Decimal(12)}


def read_crosswalk(path: Path) -> tuple[str, dict[str, tuple[str, ...]]]:
    """(release, O*NET-SOC codes by SOC code) from the BLS crosswalk workbook."""
    sheets = xlsx_rows(path, "ONET to SOC crosswalk", max_col=12)
    at = header_index(sheets, "O*NET-SOC Code", path)
    header = sheets[at]
    onet, nem = column(header, "O*NET-SOC Code", path), column(header, "NEM Code", path)
    release = "as of an unstated date"
    for row in sheets[:at]:
        for cell in row:
            if isinstance(cell, str) and cell.strip().lower().startswith("as of"):
                release = clean(cell).replace("As of", "as of")
    found: dict[str, set[str]] = {}
    for row in sheets[at + 1 :]:
        code, soc = row[onet], row[nem]
        if isinstance(code, str) and _ONET_CODE.fullmatch(code.strip()) and isinstance(soc, str):
            found.setdefault(soc.strip(), set()).add(code.strip())
    return release, {soc: tuple(sorted(codes)) for soc, codes in found.items()}


def components(soc: str, crosswalk: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The O*NET-SOC codes of a SOC code: the crosswalk's, or ``soc.00`` when it has none.

    >>> components("13-1020", {"13-1020": ("13-1021.00", "13-1022.00")})
    ('13-1021.00', '13-1022.00')
    >>> components("13-2072", {})
    ('13-2072.00',)
    """
    return crosswalk.get(soc) or (f"{soc}.00",)


def own_code(soc: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    """The codes whose ratings stand for the occupation: its own ``soc.00`` when the crosswalk
    lists it beside specialties (29-1141.00 Registered Nurses beside 29-1141.01 Acute Care
    Nurses), else all of them (an OEWS aggregate such as 13-1020), to be merged.

    >>> own_code("29-1141", ("29-1141.00", "29-1141.01"))
    ('29-1141.00',)
    >>> own_code("13-1020", ("13-1021.00", "13-1022.00"))
    ('13-1021.00', '13-1022.00')
    """
    own = f"{soc}.00"
    return (own,) if own in codes else codes


def read_release(folder: Path) -> str:
    """The O*NET release named by the database's "Read Me.txt" ("O*NET 27.0"), if there is one."""
    readme = folder / "Read Me.txt"
    try:
        first = readme.read_text(encoding="utf-8-sig").splitlines()[0]
    except (OSError, IndexError, UnicodeDecodeError):
        return "O*NET"
    match = re.search(r"O\*NET\s+[\d.]+", first)
    return match.group(0) if match else "O*NET"


def _table(path: Path, *columns: str) -> list[tuple[str, ...]]:
    """The named columns of an O*NET text file, for rows with an O*NET-SOC code."""
    rows = tsv_rows(path)
    if not rows:
        raise ProfileError("the file is empty", file=str(path))
    header = rows[0]
    indexes = [column(header, name, path) for name in columns]
    return [
        tuple(clean(row[i]) if i < len(row) and row[i] is not None else "" for i in indexes)
        for row in rows[1:]
        if row and isinstance(row[0], str) and _ONET_CODE.fullmatch(row[0].strip())
    ]


def read_job_zones(path: Path) -> dict[str, int]:
    """The Job Zone (1–5) of each O*NET-SOC code, from "Job Zones.txt"."""
    zones = {}
    for code, zone in _table(path, "O*NET-SOC Code", "Job Zone"):
        if zone.isdigit() and int(zone) in ZONE_PREPARATION:
            zones[code] = int(zone)
    return zones


def preparation(zones: Iterable[int]) -> tuple[Decimal, Decimal, str] | None:
    """The time to become, as (low, high, unit), for one zone or the span of several.

    >>> preparation([4])
    (Decimal('2'), Decimal('4'), 'years')
    >>> preparation([2, 3])
    (Decimal('3'), Decimal('24'), 'months')
    >>> preparation([]) is None
    True
    """
    spans = sorted({ZONE_PREPARATION[zone] for zone in zones}, key=lambda s: _months(s[0], s[2]))
    if not spans:
        return None
    if len(spans) == 1:
        return spans[0]
    low, high = spans[0], max(spans, key=lambda s: _months(s[1], s[2]))
    if low[2] == high[2]:
        return low[0], high[1], low[2]
    return _months(low[0], low[2]), _months(high[1], high[2]), "months"


def _months(value: Decimal, unit: str) -> Decimal:
    return value * _MONTHS[unit]


def read_hot_technologies(path: Path) -> dict[str, list[str]]:
    """The hot technologies of each O*NET-SOC code, from "Technology Skills.txt", named as
    running text writes them (:func:`running_tool_name`)."""
    rows = _table(path, "O*NET-SOC Code", "Example", "Hot Technology")
    generic = generic_first_words(example for _, example, _ in rows)
    found: dict[str, list[str]] = {}
    for code, example, hot in rows:
        name = running_tool_name(example, generic)
        if hot == "Y" and name and name not in found.setdefault(code, []):
            found[code].append(name)
    return found


# Tool names are written here, once, as a sentence prints them, because only the importer sees
# every name O*NET lists, which is what tells a brand from a common word; a filter would see
# one name at a time. O*NET writes product names as their makers do ("Oracle software",
# "Microsoft Visual Basic") and the names of kinds of software in sentence case, as list items
# ("Database software", "Structured query language SQL"), which mid-sentence read with a
# stray capital: "...includes Microsoft Project and Database software".
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)*")
_LOWER_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")
_LOWER_ALPHA = re.compile(r"[a-z][a-z0-9-]*")  # a word, not a number ("Sage 100 ERP")
_ACRONYM_WORD = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Za-z0-9&+./-]+")


def generic_first_words(examples: Iterable[str]) -> frozenset[str]:
    """The capitalised first words that begin O*NET names of kinds of software rather than a
    maker's products: those followed by a lower-case word ("Dental billing software", "Dental
    charting software") more often than by a capitalised one ("Oracle Java").

    >>> sorted(generic_first_words(["Dental billing software", "Dental charting software",
    ...     "Dental Lab Tracker", "Oracle Java", "Oracle Taleo", "Oracle software"]))
    ['Dental']
    """
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for name in set(examples):
        words = name.split(" ")
        if len(words) > 1 and _CAPITALISED.fullmatch(words[0]):
            (lower if _LOWER_ALPHA.fullmatch(words[1]) else upper)[words[0]] += 1
    return frozenset(word for word, count in lower.items() if count > upper[word])


def running_tool_name(name: str, generic: frozenset[str]) -> str:
    """A tool's name as running text writes it: the name of a kind of software in lower case,
    with an acronym after its words in parentheses; a product's name as its maker writes it.

    >>> generic = frozenset({"Database", "Structured"})
    >>> running_tool_name("Database software", generic)
    'database software'
    >>> running_tool_name("Structured query language SQL", generic)
    'structured query language (SQL)'
    >>> running_tool_name("Delivery operations information system DOIS", generic)
    'delivery operations information system (DOIS)'
    >>> running_tool_name("Oracle software", generic), running_tool_name("Ruby on Rails", generic)
    ('Oracle software', 'Ruby on Rails')
    """
    words = _product(name.split(" "))
    name = " ".join(words)
    if len(words) < 2 or not _CAPITALISED.fullmatch(words[0]):
        return name
    if not all(_LOWER_WORD.fullmatch(w) or _ACRONYM_WORD.fullmatch(w) for w in words[1:]):
        return name  # a capitalised word further on is part of a proper name
    spelled = [
        index
        for index in range(2, len(words))
        if _ACRONYM_WORD.fullmatch(words[index]) and _LOWER_ALPHA.fullmatch(words[index - 1])
    ]
    # Words spelled out before their acronym ("... information system DOIS") name a kind.
    if words[0] not in generic and not spelled:
        return name
    words[0] = words[0].lower()
    for index in spelled:
        words[index] = f"({words[index]})"
    return " ".join(words)


# The last word of a maker's name where O*NET writes the maker before the product.
_MAKER_ENDS = frozenset({"Systems", "Software", "Technologies", "Network", "Corporation", "Inc."})


def _product(words: list[str]) -> list[str]:
    """A product's name without the maker's name O*NET writes before it when the product's own
    name repeats it ("Adobe Systems Adobe Acrobat"), and with the acronym a capitalised name
    ends in put in parentheses ("Microsoft Active Server Pages (ASP)").

    >>> " ".join(_product("Adobe Systems Adobe Acrobat".split()))
    'Adobe Acrobat'
    >>> " ".join(_product("RISA Technologies RISA-3D".split()))
    'RISA-3D'
    >>> " ".join(_product("Microsoft Active Server Pages ASP".split()))
    'Microsoft Active Server Pages (ASP)'
    >>> " ".join(_product("Microsoft Visual Basic for Applications VBA".split()))
    'Microsoft Visual Basic for Applications (VBA)'
    """
    for k in range(2, len(words)):
        maker = words[: k - 1]
        if words[k - 1] in _MAKER_ENDS and words[k].split("-")[0] in maker:
            words = words[k:]
            break
    acronym = words[-1]
    if len(acronym) < 2 or not (acronym.isalpha() and acronym.isupper()):
        return words
    # The capitals of the words before it, read backwards past "for", "of"...: "Visual Basic
    # for Applications VBA", "JavaServer Pages JSP".
    letters = ""
    for word in reversed(words[:-1]):
        if word in _SMALL_WORDS:
            continue
        capitals = "".join(re.findall("[A-Z]", word))
        if not capitals or not word[0].isupper():
            break
        letters = capitals + letters
        if len(letters) >= len(acronym):
            break
    if letters == acronym:
        words = [*words[:-1], f"({acronym})"]
    return words


_SMALL_WORDS = frozenset({"for", "of", "and", "the", "on", "in"})


def tools(codes: Iterable[str], hot: dict[str, list[str]]) -> tuple[str, ...]:
    """A few hot technologies of an occupation, merged over its O*NET codes, leaving out the
    office staples that more than half of all occupations list (Excel, Word…): of the rest,
    those most occupations list first (common tools of the trade rather than one employer's
    rarity), equal counts alphabetically.

    >>> hot = {"1": ["Excel", "Encompass", "Revit"], "2": ["Excel"], "3": ["Excel", "Revit"],
    ...        "4": ["Excel"]}
    >>> tools(["1"], hot)
    ('Revit', 'Encompass')
    """
    spread = Counter(name for names in hot.values() for name in names)
    staple = len(hot) / 2
    names = {name for code in codes for name in hot.get(code, ()) if spread[name] <= staple}
    return tuple(sorted(names, key=lambda name: (-spread[name], name))[:TOOLS])


def read_alternate_titles(path: Path) -> dict[str, list[str]]:
    """Other names for each O*NET-SOC code (alternate and short titles), from "Alternate
    Titles.txt"; for look-up only."""
    found: dict[str, list[str]] = {}
    for code, title, short in _table(path, "O*NET-SOC Code", "Alternate Title", "Short Title"):
        titles = found.setdefault(code, [])
        for name in (title, short):
            if name and name.lower() != "n/a" and name not in titles:
                titles.append(name)
    return found


@dataclass(frozen=True, slots=True)
class Onet:
    """What an import reads from an O*NET database folder."""

    release: str
    zones: dict[str, int]
    hot: dict[str, list[str]]
    titles: dict[str, list[str]]


def read_onet(folder: Path) -> Onet:
    """The Job Zones, hot technologies and alternate titles of an O*NET database folder; a
    file the folder lacks leaves its figures out."""
    if not folder.is_dir():
        raise ProfileError("not a folder of O*NET text files", file=str(folder))

    def present(name: str) -> Path | None:
        path = folder / name
        return path if path.is_file() else None

    zones, hot, titles = present("Job Zones.txt"), present("Technology Skills.txt"), None
    titles = present("Alternate Titles.txt")
    return Onet(
        release=read_release(folder),
        zones=read_job_zones(zones) if zones else {},
        hot=read_hot_technologies(hot) if hot else {},
        titles=read_alternate_titles(titles) if titles else {},
    )
