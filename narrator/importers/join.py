"""Join the official files to an OEWS release by SOC code and write one profile per occupation.

:func:`import_oews` reads an OEWS release and any of the other sources named in
:class:`SourceFiles` (found in a folder by :func:`find_sources`, or named one by one), and
writes each detailed occupation's profile with the fields each source gives. A missing source
leaves its fields out. Each joined field names its source and release in the profile's
``[[sources]]``, with a note on how it was joined (which O*NET codes were merged, which Census
group the survey figures belong to). The same files give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..errors import ProfileError
from ..slugs import slugify
from . import cps, onet, projections
from .oews import (
    INDUSTRY_LEVEL,
    MIN_INDUSTRY_EMPLOYMENT,
    MIN_INDUSTRY_SHARE,
    MIN_METRO_EMPLOYMENT,
    MIN_STATE_EMPLOYMENT,
    Occupation,
    Release,
    TopCoded,
    Undetermined,
    highest,
    read_release,
    soc_code,
    top_industries,
)
from .tables import csv_rows, xlsx_rows, xlsx_sheets
from .write import profile_text, toml_list, toml_string, write_files

#: Entry education and on-the-job training for which EP's training gives a time to become,
#: when O*NET has no Job Zone: BLS defines short-term training as a month or less and
#: moderate-term as more than a month and up to 12; the other assignments have no end, or
#: leave out the schooling before the job.
EP_TRAINING_TIME = {
    "Short-term on-the-job training": (Decimal(0), Decimal(1), "months"),
    "Moderate-term on-the-job training": (Decimal(1), Decimal(12), "months"),
}
EP_TRAINING_EDUCATION = ("No formal educational credential", "High school diploma or equivalent")


@dataclass(frozen=True, slots=True)
class SourceFiles:
    """The official files an import may join, each optional."""

    outlook: Path | None = None  # EP workbook with Table 1.2
    education: Path | None = None  # EP workbook with Table 5.3
    skills: Path | None = None  # EP Table 6.2 as CSV
    crosswalk: Path | None = None  # BLS O*NET-SOC to NEM crosswalk workbook
    onet: Path | None = None  # an O*NET database folder of text files
    census: Path | None = None  # Census 2018 occupation code list workbook
    cps_11: Path | None = None  # CPS table 11 workbook
    cps_11b: Path | None = None  # CPS table 11b workbook

    def given(self) -> list[str]:
        """The names of the sources given."""
        return [name for name in self.__slots__ if getattr(self, name) is not None]


def find_sources(folder: Path) -> SourceFiles:
    """The official files under a folder, told apart by their contents, not their names.

    A workbook with sheet "Table 5.3" gives education; of the workbooks with "Table 1.2", the
    newest projection decade gives the outlook. Two files of any other kind stop the import.
    """
    if not folder.is_dir():
        raise ProfileError("not a folder", file=str(folder))
    found: dict[str, list[Path]] = {}
    outlooks: list[tuple[str, Path]] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.name == "Job Zones.txt":
            found.setdefault("onet", []).append(path.parent)
        elif path.suffix.lower() == ".csv":
            head = csv_rows(path)[:3]
            if any("National Employment Matrix code" in str(c) for row in head for c in row):
                found.setdefault("skills", []).append(path)
        elif path.suffix.lower() == ".xlsx":
            kind = _workbook_kind(path)
            if kind == "outlook" or kind == "education":
                outlooks.append((_decade(path), path))
            if kind is not None and kind != "outlook":
                found.setdefault(kind, []).append(path)
    for kind, paths in found.items():
        if len(paths) > 1:
            names = ", ".join(str(p) for p in paths)
            raise ProfileError(
                f"two files for {kind}: {names}; name one with --{kind.replace('_', '-')}"
            )
    chosen = {kind: paths[0] for kind, paths in found.items()}
    if outlooks:
        chosen["outlook"] = max(outlooks)[1]
    return SourceFiles(**{k.replace("-", "_"): v for k, v in chosen.items()})


def _workbook_kind(path: Path) -> str | None:
    sheets = xlsx_sheets(path)
    if "Table 5.3" in sheets:
        return "education"
    if "Table 1.2" in sheets:
        return "outlook"
    if "ONET to SOC crosswalk" in sheets:
        return "crosswalk"
    if "2018 Census Occ Code List" in sheets:
        return "census"
    first = " ".join(
        str(c) for row in xlsx_rows(path, sheets[0], max_col=1, max_row=3) for c in row
    )
    if "11b." in first:
        return "cps_11b"
    if "11." in first and "race" in first.lower():
        return "cps_11"
    return None


def _decade(path: Path) -> str:
    rows = xlsx_rows(path, "Table 1.2", max_col=20, max_row=4)
    return next((d for row in rows for c in row if (d := projections.period(str(c)))), "")


@dataclass(slots=True)
class _Sources:
    """Everything read from the sources given, with their releases."""

    releases: dict[str, str] = field(default_factory=dict)
    outlook: dict[str, projections.Outlook] = field(default_factory=dict)
    education: dict[str, projections.Education] = field(default_factory=dict)
    skills: dict[str, tuple[str, ...]] = field(default_factory=dict)
    crosswalk: dict[str, tuple[str, ...]] = field(default_factory=dict)
    onet: onet.Onet | None = None
    census: list[cps.CensusLine] = field(default_factory=list)
    workers: dict[str, cps.Workers] = field(default_factory=dict)
    ages: dict[str, Decimal] = field(default_factory=dict)


def _read_sources(files: SourceFiles) -> _Sources:
    read = _Sources()
    if files.outlook:
        read.releases["outlook"], read.outlook = projections.read_outlook(files.outlook)
    if files.education:
        read.releases["education"], read.education = projections.read_education(files.education)
    if files.skills:
        read.releases["skills"], read.skills = projections.read_skills(files.skills)
    if files.crosswalk:
        read.releases["crosswalk"], read.crosswalk = onet.read_crosswalk(files.crosswalk)
    if files.onet:
        read.onet = onet.read_onet(files.onet)
    if files.census:
        read.census = cps.read_census(files.census)
        if files.cps_11:
            read.releases["cps_11"], read.workers = cps.read_table_11(files.cps_11)
        if files.cps_11b:
            read.releases["cps_11b"], read.ages = cps.read_table_11b(files.cps_11b)
    elif files.cps_11 or files.cps_11b:
        raise ProfileError("CPS tables need the Census occupation crosswalk (--census)")
    return read


def _number(value: Decimal) -> str:
    """A figure with the digits it was published with: ``2.0`` stays ``2.0``."""
    return format(value, "f")


class _Joined:
    """The lines, tables and sources of one occupation's joined fields."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: list[tuple[str, list[str]]] = []
        self.sources: list[dict[str, str | list[str]]] = []

    def add(self, key: str, value: str) -> str:
        self.lines.append(f"{key} = {value}")
        return key

    def table(self, key: str, shares: tuple[tuple[str, Decimal], ...]) -> str:
        body = [f"{toml_string(name)} = {_number(share)}" for name, share in shares]
        self.tables.append((key, body))
        return key

    def source(
        self,
        name: str,
        release: str | None,
        url: str,
        fields: list[str],
        note: str = "",
        license: str = "",
    ) -> None:
        if fields:
            entry: dict[str, str | list[str]] = {"name": name, "url": url, "fields": fields}
            if license:
                entry["license"] = license
            if release:
                entry["release"] = release
            if note:
                entry["note"] = note
            self.sources.append(entry)


def _duration(span: tuple[Decimal, Decimal, str]) -> str:
    low, high, unit = span
    return f"{{ low = {_number(low)}, high = {_number(high)}, unit = {toml_string(unit)} }}"


def _job_zone(low: int, high: int) -> str:
    """A Job Zone as a profile writes it: ``4``, or ``{ low = 2, high = 3 }`` for merged codes'."""
    return str(low) if low == high else f"{{ low = {low}, high = {high} }}"


def _join(soc: str, read: _Sources, jobs_tables: tuple[tuple[str, Decimal], ...]) -> _Joined:
    """The joined fields of one SOC code, each with its source."""
    out = _Joined()
    ep: list[str] = []
    outlook = read.outlook.get(soc)
    if outlook is not None:
        if outlook.growth_rate is not None:
            ep.append(out.add("growth_rate", _number(outlook.growth_rate)))
        if outlook.annual_openings is not None:
            ep.append(out.add("annual_openings", _number(outlook.annual_openings)))
        if outlook.self_employed_share is not None:
            ep.append(out.add("self_employed_share", _number(outlook.self_employed_share)))
        for key in ("entry_education", "experience_required", "on_the_job_training"):
            value = getattr(outlook, key)
            if value is not None:
                ep.append(out.add(key, toml_string(value)))

    codes = onet.components(soc, read.crosswalk)
    rated = onet.own_code(soc, codes)
    onet_fields: list[str] = []
    onet_note = ""
    ep_note = ""
    if read.onet is not None:
        zoned = [code for code in rated if code in read.onet.zones]
        span = onet.preparation(read.onet.zones[code] for code in zoned)
        if span is not None:
            zones = sorted({read.onet.zones[code] for code in zoned})
            onet_fields.append(out.add("time_to_become", _duration(span)))
            onet_fields.append(out.add("job_zone", _job_zone(zones[0], zones[-1])))
            how = "merged" if len(zoned) > 1 else "one code"
            onet_note = (
                f"O*NET-SOC {', '.join(zoned)} ({how}); Job Zone {'–'.join(map(str, zones))} "
                "read as the preparation time it stands for"
            )
    if "time_to_become" not in onet_fields and outlook is not None:
        fallback = EP_TRAINING_TIME.get(outlook.on_the_job_training or "")
        if fallback is not None and outlook.entry_education in EP_TRAINING_EDUCATION:
            ep.append(out.add("time_to_become", _duration(fallback)))
            ep_note = "time_to_become from the typical on-the-job training (no O*NET Job Zone)"
    out.source(projections.EP_NAME, read.releases.get("outlook"), projections.EP_URL, ep, ep_note)

    education = read.education.get(soc)
    if education is not None:
        best = education.most_common()
        fields = []
        if best is not None:
            name, share = best
            fields.append(
                out.add(
                    "most_common_degree",
                    f"{{ name = {toml_string(name)}, share = {_number(share)} }}",
                )
            )
        if education.broader:
            fields.append(out.add("education_broader_group", "true"))
        fields.append(out.table("education_levels", education.levels))
        note = "educational attainment of workers 25 and older (Table 5.3)"
        if education.broader:
            note += "; figures of a broader survey occupation (not an exact match)"
        out.source(
            projections.EP_NAME, read.releases.get("education"), projections.EP_URL, fields, note
        )

    skills = read.skills.get(soc)
    if skills:
        fields = [out.add("top_skills", toml_list(skills))]
        note = f"the {projections.TOP_SKILLS} highest of 17 skill scores (Table 6.2)"
        out.source(
            projections.EP_NAME, read.releases.get("skills"), projections.EP_URL, fields, note
        )

    if read.onet is not None:
        named = onet.tools(rated, read.onet.hot)
        if named:
            onet_fields.append(out.add("tools", toml_list(named)))
            onet_note = onet_note or f"O*NET-SOC {', '.join(codes)}"
        titles = [t for code in codes for t in read.onet.titles.get(code, ())]
        titles = list(dict.fromkeys(titles))
        if titles:
            onet_fields.append(out.add("alternate_titles", toml_list(titles)))
            onet_note = onet_note or f"O*NET-SOC {', '.join(codes)}"
        if read.crosswalk and onet_fields:
            onet_note += f"; BLS crosswalk {read.releases.get('crosswalk', '')}".rstrip()
        out.source(
            onet.ONET_NAME,
            read.onet.release,
            onet.ONET_URL,
            onet_fields,
            onet_note,
            onet.ONET_LICENSE,
        )

    _join_cps(soc, read, out)
    if jobs_tables:
        out.table("top_industries", jobs_tables)
    return out


def _join_cps(soc: str, read: _Sources, out: _Joined) -> None:
    """Women, race, Hispanic (table 11) and median age (table 11b) through the Census line."""
    found = cps.census_line(soc, read.census) if read.census else None
    if found is None:
        return
    line, exact = found
    note = f"Census occupation {line.title!r} ({line.soc}), " + (
        "an exact match" if exact else "a broader group"
    )
    group_written = False
    workers = cps.find(line.title, read.workers)
    fields: list[str] = []
    if isinstance(workers, cps.Workers):
        if workers.women is not None:
            fields.append(out.add("women_share", _number(workers.women)))
        if workers.hispanic is not None:
            fields.append(out.add("hispanic_share", _number(workers.hispanic)))
        if workers.races:
            fields.append(out.table("race_ratio", workers.races))
        if fields and not exact:
            fields.append(out.add("survey_group", toml_string(line.title)))
            group_written = True
    out.source(cps.CPS_NAME + ", table 11", read.releases.get("cps_11"), cps.CPS_URL, fields, note)
    age = cps.find(line.title, read.ages)
    fields = []
    if isinstance(age, Decimal):
        fields.append(out.add("median_age", _number(age)))
        if not exact and not group_written:
            fields.append(out.add("survey_group", toml_string(line.title)))
    out.source(
        cps.CPS_NAME + ", table 11b", read.releases.get("cps_11b"), cps.CPS_URL, fields, note
    )


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one import did, for the command line's summary and for tests."""

    release: str
    out_dir: Path
    written: int
    removed: int
    top_coded: int
    missing_state: int
    missing_city: int
    missing_industry: int
    undetermined: int
    joined: tuple[tuple[str, int], ...] = ()

    def summary(self) -> str:
        """One line with the counts."""
        joined = "".join(f"; {name} for {count}" for name, count in self.joined)
        return (
            f"wrote {self.written} profiles ({self.release}) to {self.out_dir}; "
            f"{self.top_coded} with top-coded wages; "
            f"no highest-paying state for {self.missing_state}, city for {self.missing_city}, "
            f"industry for {self.missing_industry} "
            f"({self.undetermined} of these undetermined: top-coded or tied); "
            f"removed {self.removed} stale files{joined}"
        )


def import_oews(
    source: Path,
    out_dir: Path,
    *,
    min_state_employment: int = MIN_STATE_EMPLOYMENT,
    min_metro_employment: int = MIN_METRO_EMPLOYMENT,
    min_industry_share: Decimal = MIN_INDUSTRY_SHARE,
    min_industry_employment: int = MIN_INDUSTRY_EMPLOYMENT,
    industry_level: int = INDUSTRY_LEVEL,
    title_forms: dict[str, dict[str, str]] | None = None,
    data: SourceFiles | None = None,
) -> ImportReport:
    """Write one profile file per detailed occupation of an OEWS release into ``out_dir``.

    ``source`` is the release as .sqlite or .sqlite.gz. The thresholds are described in
    :mod:`narrator.importers.oews`; their defaults are its constants. ``title_forms`` maps
    SOC codes to running-text overrides written into those profiles; ``data`` names the
    other official files to join. Every file written is read back with
    :func:`~narrator.profile.load_profile`. Raises ProfileError (naming the file) when a
    source is unreadable or not what it should be, or when a file to write exists but was
    not generated by this import.
    """
    oews: Release = read_release(source, industry_level)
    read = _read_sources(data or SourceFiles())
    bounds = oews.bounds
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    top_coded = missing_state = missing_city = missing_industry = undetermined = 0
    for occupation in oews.occupations.values():
        fields = _chosen(
            occupation,
            bounds.hourly if _hourly(occupation) else bounds.annual,
            min_state_employment,
            min_metro_employment,
            min_industry_share,
            min_industry_employment,
        )
        undetermined += sum(isinstance(value, Undetermined) for value in fields.values())
        chosen = {name: value for name, value in fields.items() if isinstance(value, str)}
        missing_state += "highest_paying_state" not in chosen
        missing_city += "highest_paying_city" not in chosen
        missing_industry += "best_paying_industry" not in chosen
        top_coded += _is_top_coded(occupation)
        slug = slugify(occupation.title)
        if slug in files:
            raise ProfileError(
                f"two occupations have the slug {slug!r}", file=str(source), value=occupation.title
            )
        code = soc_code(occupation.code)
        joined = _join(code, read, top_industries(occupation, min_industry_share))
        for entry in joined.sources:
            for name in entry["fields"]:
                counts[str(name)] = counts.get(str(name), 0) + 1
        forms = (title_forms or {}).get(code)
        files[slug] = profile_text(
            occupation,
            chosen,
            oews.release,
            bounds,
            forms,
            joined.lines,
            joined.tables,
            joined.sources,
        )
    written, removed = write_files(files, out_dir)
    return ImportReport(
        release=oews.release,
        out_dir=out_dir,
        written=written,
        removed=removed,
        top_coded=top_coded,
        missing_state=missing_state,
        missing_city=missing_city,
        missing_industry=missing_industry,
        undetermined=undetermined,
        joined=tuple(sorted(counts.items())),
    )


def _hourly(occupation: Occupation) -> bool:
    return occupation.national is not None and occupation.national.hourly_only


def _chosen(
    occupation: Occupation,
    bound: Decimal,
    min_state: int,
    min_metro: int,
    min_share: Decimal,
    min_industry: int,
) -> dict[str, str | Undetermined | None]:
    """The highest-paying state, city and industry of an occupation."""
    national = occupation.national
    hourly = _hourly(occupation)
    jobs = national.employment if national is not None else None
    industry_jobs = Decimal(min_industry)
    if isinstance(jobs, Decimal):
        industry_jobs = max(industry_jobs, min_share * jobs)
    return {
        "highest_paying_state": highest(occupation.states, Decimal(min_state), hourly, bound),
        "highest_paying_city": highest(occupation.metros, Decimal(min_metro), hourly, bound),
        "best_paying_industry": highest(occupation.industries, industry_jobs, hourly, bound),
    }


def _is_top_coded(occupation: Occupation) -> bool:
    national = occupation.national
    if national is None:
        return False
    return any(
        isinstance(figure, TopCoded)
        for figure in (
            national.annual_mean,
            national.hourly_mean,
            national.annual_median,
            national.annual_p10,
            national.annual_p90,
        )
    )
