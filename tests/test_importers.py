"""The joined sources of import-oews: fixture files in each published format, and the real files."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from narrator.errors import ProfileError
from narrator.importers import SourceFiles, find_sources, import_oews
from narrator.importers.cps import CensusLine, census_line
from narrator.importers.onet import preparation
from narrator.profile import Duration, Share, load_profile
from tests.test_oews import build_release

ROOT = Path(__file__).parent.parent
REAL_DATA = ROOT.parent / "shared" / "data"


def _workbook(path: Path, sheets: dict[str, list[tuple[object, ...]]]) -> Path:
    """Write an .xlsx file with the given sheets and rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def _text(path: Path, rows: list[tuple[str, ...]], separator: str) -> Path:
    path.write_text("\n".join(separator.join(row) for row in rows) + "\n", encoding="utf-8")
    return path


OUTLOOK_HEADER = (
    "2024 National Employment Matrix title",
    "2024 National Employment Matrix code",
    "Occupation type",
    "Employment, 2024",
    "Employment, 2034",
    "Employment change, numeric, 2024–34",
    "Employment change, percent, 2024–34",
    "Percent self employed, 2024",
    "Occupational openings, 2024–34 annual average",
    "Median annual wage, dollars, 2024[1]",
    "Typical education needed for entry",
    "Work experience in a related occupation",
    "Typical on-the-job training needed to attain competency in the occupation",
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of small official files, one of each kind, in their published formats."""
    folder = tmp_path_factory.mktemp("data")
    _workbook(
        folder / "occupation.xlsx",
        {
            "Index": [("Employment Projections",)],
            "Table 1.2": [
                ("Table 1.2 Occupational projections, 2024–2034",),
                OUTLOOK_HEADER,
                ("Total, all occupations", "00-0000", "Summary", 1, 1, 0, 3.1, 5.8, 1, 1, "—"),
                (
                    "  Loan officers",
                    "13-2072",
                    "Line item",
                    301.4,
                    306.5,
                    5,
                    1.7,
                    2.1,
                    20.3,
                    74180,
                    "Bachelor's degree",
                    "Less than 5 years",
                    "Moderate-term on-the-job training",
                ),
                (
                    "  Actors",
                    "27-2011",
                    "Line item",
                    60,
                    61,
                    1,
                    2.0,
                    "—",
                    7.1,
                    "—",
                    "Some college, no degree",
                    "None",
                    "Long-term on-the-job training",
                ),
                (
                    "  Personal care and service workers, all other",
                    "39-9099",
                    "Line item",
                    60,
                    54,
                    -6,
                    -10.5,
                    1,
                    7.1,
                    30000,
                    "High school diploma or equivalent",
                    "None",
                    "Short-term on-the-job training",
                ),
            ],
        },
    )
    _workbook(
        folder / "occupation_2023_final.xlsx",
        {
            "Table 1.2": [
                ("Table 1.2",),
                ("2022 National Employment Matrix code", "Employment change, percent, 2022–32"),
            ],
            "Table 5.3": [
                ("Table 5.3 Educational attainment for workers 25 years and older",),
                (
                    "2022 National Employment Matrix title",
                    "2022 National Employment Matrix code",
                    "Less than high school diploma",
                    "High school diploma or equivalent",
                    "Bachelor's degree",
                ),
                ("Loan officers(1)", "13-2072", 1.1, 13.4, 42),
                ("Actors", "27-2011", 5, 40.5, 40.5),
                ("Footnotes:",),
            ],
        },
    )
    skills = ["Adaptability", "Customer service", "Detail oriented", "Leadership"]
    _text(
        folder / "Table 6.2.csv",
        [
            (
                "2023 National Employment Matrix title",
                "2023 National Employment Matrix code",
                '"Employment change, percent, 2023–33"',
                "Typical education needed for entry",
                *skills,
            ),
            ('"  Loan officers"', "13-2072", "1.0", "Bachelor's", "3.9", "4.1", "4.1", "2.0"),
            ('"  Actors"', "27-2011", "2.0", "—", "4.5", "2.0", "3.0", "3.0"),
        ],
        ",",
    )
    _workbook(
        folder / "crosswalk.xlsx",
        {
            "ONET to SOC crosswalk": [
                ("Bureau of Labor Statistics crosswalk",),
                ("As of 9/6/2023",),
                ("Sort Order", "O*NET-SOC Code", "O*NET-SOC Title", "NEM Code"),
                (1, "13-2072.00", "Loan Officers", "13-2072"),
                (2, "27-2011.01", "Stage Actors", "27-2011"),
                (3, "27-2011.02", "Screen Actors", "27-2011"),
            ]
        },
    )
    onet = folder / "onet"
    onet.mkdir()
    (onet / "Read Me.txt").write_text("O*NET 27.0 Database\nAugust 2022 Release\n", "utf-8")
    _text(
        onet / "Job Zones.txt",
        [
            ("O*NET-SOC Code", "Job Zone", "Date", "Domain Source"),
            ("13-2072.00", "4", "07/2014", "Analyst"),
            ("27-2011.01", "2", "07/2014", "Analyst"),
            ("27-2011.02", "3", "07/2014", "Analyst"),
        ],
        "\t",
    )
    _text(
        onet / "Technology Skills.txt",
        [
            ("O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology"),
            ("13-2072.00", "Microsoft Excel", "1", "Spreadsheet software", "Y"),
            ("13-2072.00", "Encompass", "2", "Mortgage software", "Y"),
            ("13-2072.00", "Obscure Tool", "3", "Other software", "N"),
            ("27-2011.00", "Microsoft Excel", "1", "Spreadsheet software", "Y"),
        ],
        "\t",
    )
    _text(
        onet / "Alternate Titles.txt",
        [
            ("O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"),
            ("13-2072.00", "Loan Originator", "n/a", "08"),
            ("13-2072.00", "Mortgage Loan Officer", "MLO", "08"),
            ("27-2011.00", "Stage Performer", "n/a", "02"),
        ],
        "\t",
    )
    _workbook(
        folder / "census.xlsx",
        {
            "OVERVIEW": [("Census",)],
            "2018 Census Occ Code List": [
                (None, "U.S. Census Bureau"),
                (None, "2018 Census Title ", "2018 Census Code", "2018 SOC Code"),
                (None, "Credit counselors and loan officers", "0910", "13-2070"),
                (None, "Actors", "2700", "27-2011"),
                (None, "Other personal care and service workers", "4655", "39-90XX"),
            ],
        },
    )
    _workbook(
        folder / "cpsaat11.xlsx",
        {
            "cpsaat11": [
                (
                    "HOUSEHOLD DATA\nANNUAL AVERAGES\n11. Employed persons by detailed occupation, "
                    "sex, race, and Hispanic or Latino ethnicity",
                ),
                ("[Numbers in thousands]",),
                ("Occupation", 2022),
                (None, "Total\nemployed", "Percent of total employed"),
                (None, None, "Women", "White", "Black or\nAfrican\nAmerican", "Asian", "Hispanic"),
                ("Credit counselors and loan officers", 391, 54.8, 77.2, 12.2, 6.1, 13.2),
                ("Actors", 40, "–", "–", "–", "–", "–"),
                ("Other personal care and service workers", 300, 70.1, 60, 20, 10.5, 25.0),
            ]
        },
    )
    _workbook(
        folder / "cpsaat11b.xlsx",
        {
            "cpsaat11b": [
                (
                    "HOUSEHOLD DATA\n ANNUAL AVERAGES\n 11b. Employed people by detailed "
                    "occupation and age",
                ),
                ("Occupation", "2025"),
                (None, "Total, 16 years and over", "16 to 19 years", "Median age"),
                ("Credit counselors and loan officers", 352, 5, 44.9),
                ("Actors", 30, 1, "–"),
            ]
        },
    )
    return folder


@pytest.fixture(scope="module")
def joined(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic OEWS release imported with every fixture source found in the folder."""
    release = build_release(tmp_path_factory.mktemp("release") / "oews.sqlite")
    out = tmp_path_factory.mktemp("out")
    import_oews(release, out, data=find_sources(data))
    return out


def test_sources_are_found_by_content(data: Path) -> None:
    """A folder's files are told apart by their sheets and headers, not their names."""
    found = find_sources(data)
    assert found.outlook == data / "occupation.xlsx"
    assert found.education == data / "occupation_2023_final.xlsx"
    assert found.skills == data / "Table 6.2.csv" and found.onet == data / "onet"
    assert (found.crosswalk, found.census) == (data / "crosswalk.xlsx", data / "census.xlsx")
    assert (found.cps_11, found.cps_11b) == (data / "cpsaat11.xlsx", data / "cpsaat11b.xlsx")


def test_projections_are_as_published(joined: Path) -> None:
    """Growth keeps its published decimal, openings are in jobs, and EP's assignments are kept."""
    loan = load_profile(joined / "loan-officers.toml")
    assert loan.growth_rate == Decimal("1.7") and loan.annual_openings == 20300
    assert loan.self_employed_share == Decimal("2.1")
    assert loan.entry_education == "Bachelor's degree"
    assert loan.experience_required == "Less than 5 years"
    assert loan.on_the_job_training == "Moderate-term on-the-job training"
    actors = load_profile(joined / "actors.toml")
    assert str(actors.growth_rate) == "2.0" and actors.self_employed_share is None


def test_education_levels_and_ties(joined: Path) -> None:
    """The largest attainment level is the most common; a tie goes to the level listed first;
    a "(1)" title marks figures of a broader group."""
    loan = load_profile(joined / "loan-officers.toml")
    assert loan.most_common_degree == Share("Bachelor's degree", Decimal(42))
    assert loan.education_broader_group and len(loan.education_levels) == 3
    actors = load_profile(joined / "actors.toml")
    assert actors.most_common_degree == Share("High school diploma or equivalent", Decimal("40.5"))
    assert not actors.education_broader_group


def test_top_skills_in_plain_words_with_stated_ties(joined: Path) -> None:
    """The highest scores first, in plain words; equal scores in the table's column order."""
    loan = load_profile(joined / "loan-officers.toml")
    assert loan.top_skills == ("customer service", "attention to detail", "adaptability")


def test_onet_components_merge(joined: Path) -> None:
    """A SOC code with two O*NET codes and no .00 spans both Job Zones and says it merged
    them; office staples that most occupations list are left out of the tools."""
    actors = load_profile(joined / "actors.toml")
    assert actors.time_to_become == Duration(Decimal(3), Decimal(24), "months")
    assert actors.time_to_become.job_zone == (2, 3)
    onet = next(s for s in actors.sources if "time_to_become" in s.fields)
    assert onet.release == "O*NET 27.0" and onet.license == "CC BY 4.0"
    assert onet.note is not None and "27-2011.01, 27-2011.02 (merged)" in onet.note
    loan = load_profile(joined / "loan-officers.toml")
    assert loan.time_to_become == Duration(Decimal(2), Decimal(4), "years")
    assert loan.time_to_become.job_zone == (4, 4)
    assert loan.tools == ("Encompass",)
    assert loan.alternate_titles == ("Loan Originator", "Mortgage Loan Officer", "MLO")


def test_the_job_zone_is_written_beside_its_time(joined: Path) -> None:
    """The importer writes the Job Zone as a field after the time to become it stands for,
    one zone as a number and merged codes' as their lowest and highest, with O*NET's other
    fields in its [[sources]] entry."""
    loan = (joined / "loan-officers.toml").read_text(encoding="utf-8")
    assert 'time_to_become = { low = 2, high = 4, unit = "years" }\njob_zone = 4\n' in loan
    actors = (joined / "actors.toml").read_text(encoding="utf-8")
    assert "\njob_zone = { low = 2, high = 3 }\n" in actors
    assert 'fields = ["time_to_become", "job_zone", "tools", "alternate_titles"]' in loan
    assert 'fields = ["time_to_become", "job_zone"]' in actors
    profile = load_profile(joined / "loan-officers.toml")
    source = profile.source_of("job_zone")
    assert source is not None and source is profile.source_of("time_to_become")
    assert source.name.startswith("O*NET")


def test_training_is_the_fallback_for_time_to_become(joined: Path) -> None:
    """Without a Job Zone, short-term training after high school gives up to a month."""
    other = load_profile(joined / "personal-care-and-service-workers-all-other.toml")
    assert other.time_to_become == Duration(Decimal(0), Decimal(1), "months")
    assert other.time_to_become.job_zone is None  # a time, not a zone's
    source = other.source_of("time_to_become")
    assert source is not None and source.name.endswith("Employment Projections")


def test_cps_through_the_census_crosswalk(joined: Path) -> None:
    """CPS figures of a broader Census group name that group; suppressed cells are missing."""
    loan = load_profile(joined / "loan-officers.toml")
    assert loan.survey_group == "Credit counselors and loan officers"
    assert loan.women_share == Decimal("54.8") and loan.hispanic_share == Decimal("13.2")
    assert loan.median_age == Decimal("44.9")
    assert [s.name for s in loan.race_ratio] == ["White", "Black or African American", "Asian"]
    actors = load_profile(joined / "actors.toml")
    assert actors.women_share is None and actors.median_age is None
    assert actors.survey_group is None
    other = load_profile(joined / "personal-care-and-service-workers-all-other.toml")
    assert other.survey_group == "Other personal care and service workers"


def test_census_line_order() -> None:
    """Exact SOC first, then broad codes, then X patterns, the most fixed digits winning."""
    lines = [
        CensusLine("Postsecondary teachers", "25-1000"),
        CensusLine("Business teachers", "25-1011"),
        CensusLine("Other teachers", "25-1XXX"),
    ]
    assert census_line("25-1011", lines) == (lines[1], True)
    assert census_line("25-1099", lines) == (lines[0], False)


def test_zone_spans() -> None:
    """Job Zones read as the preparation time their SVP range stands for."""
    assert preparation([1]) == (Decimal(0), Decimal(3), "months")
    assert preparation([5]) == (Decimal(4), Decimal(10), "years")


def test_any_subset_and_same_bytes(data: Path, tmp_path: Path) -> None:
    """One source alone fills only its fields, and the same inputs give the same bytes."""
    release = build_release(tmp_path / "oews.sqlite")
    only = SourceFiles(skills=find_sources(data).skills)
    import_oews(release, tmp_path / "a", data=only)
    loan = load_profile(tmp_path / "a" / "loan-officers.toml")
    assert loan.top_skills and loan.growth_rate is None and loan.women_share is None
    import_oews(release, tmp_path / "b", data=find_sources(data))
    import_oews(release, tmp_path / "c", data=find_sources(data))
    for path in sorted((tmp_path / "b").iterdir()):
        assert path.read_bytes() == (tmp_path / "c" / path.name).read_bytes()


def test_cps_without_census_is_refused(data: Path, tmp_path: Path) -> None:
    """CPS tables cannot be joined without the Census crosswalk: one error naming it."""
    release = build_release(tmp_path / "oews.sqlite")
    with pytest.raises(ProfileError, match="Census"):
        import_oews(release, tmp_path / "o", data=SourceFiles(cps_11=data / "cpsaat11.xlsx"))


def test_cli_bad_source_is_one_line(tmp_path: Path) -> None:
    """A file that is not a workbook exits 2 with one line naming it."""
    release = build_release(tmp_path / "oews.sqlite")
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "narrator",
            "profiles",
            "import-oews",
            str(release),
            "--out",
            str(tmp_path / "o"),
            "--outlook",
            str(bad),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "bad.xlsx" in result.stderr


@pytest.mark.skipif(not REAL_DATA.is_dir(), reason="../shared/data (the official files) is absent")
def test_real_files(tmp_path: Path) -> None:
    """The official files join as the issue states: Loan Officers and Bill and Account
    Collectors get their published growth, and CPS figures name their Census group."""
    from narrator.importers.cps import read_census
    from narrator.importers.projections import read_outlook

    found = find_sources(REAL_DATA)
    assert not [name for name in SourceFiles.__slots__ if getattr(found, name) is None]
    release, outlook = read_outlook(found.outlook or Path())
    assert release == "2024–34"
    assert outlook["13-2072"].growth_rate == Decimal("1.7")
    assert outlook["43-3011"].growth_rate == Decimal("-10.5")
    line = census_line("13-2072", read_census(found.census or Path()))
    assert line is not None and line[0].title == "Credit counselors and loan officers"


def test_xlsx_numbers_keep_the_decimals_the_sheet_shows(tmp_path: Path) -> None:
    """Excel stores 58 for a cell the sheet shows as "58.0"; the importer keeps the published
    decimal (rounded half up, as Excel shows it), and leaves other formats alone."""
    from narrator.importers.tables import xlsx_rows

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Table"
    cells = [(58, "#,##0.0"), (1.25, "0.0"), (7, "General"), (0.5, "0.0%"), ("text", "0.0")]
    for column, (value, number_format) in enumerate(cells, 1):
        cell = sheet.cell(row=1, column=column, value=value)
        cell.number_format = number_format
    path = tmp_path / "shown.xlsx"
    book.save(path)
    assert xlsx_rows(path, "Table") == [("58.0", "1.3", 7, 0.5, "text")]


@pytest.mark.parametrize(
    ("example", "written"),
    [
        ("Adobe Systems Adobe Acrobat", "Adobe Acrobat"),
        ("RISA Technologies RISA-3D", "RISA-3D"),
        ("Trade Bindery Software Bindery Management System", "Bindery Management System"),
        ("Microsoft Active Server Pages ASP", "Microsoft Active Server Pages (ASP)"),
        ("Oracle JavaServer Pages JSP", "Oracle JavaServer Pages (JSP)"),
        ("Sage 100 ERP", "Sage 100 ERP"),  # a brand, not a kind of software
        ("Microsoft Windows", "Microsoft Windows"),
        ("Structured query language SQL", "structured query language (SQL)"),
    ],
)
def test_tool_names_as_running_text_writes_them(example: str, written: str) -> None:
    from narrator.importers.onet import generic_first_words, running_tool_name

    generic = generic_first_words(
        ["Structured query language SQL", "Structured data tools", "Sage 100 ERP", "Sage MAS 90"]
    )
    assert running_tool_name(example, generic) == written


def test_bundled_shares_keep_their_published_decimal() -> None:
    """Table 5.3 shows Loan Officers' bachelor's degree share as 42.0: so does the article."""
    from narrator.catalog import Catalog

    loan = Catalog.bundled().find("Loan Officers")
    assert loan.most_common_degree is not None
    assert str(loan.most_common_degree.share) == "42.0"
