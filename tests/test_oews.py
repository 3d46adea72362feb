"""The OEWS importer: each editorial rule on a tiny synthetic release, and the bundled output."""

from __future__ import annotations

import gzip
import re
import sqlite3
import subprocess
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from narrator.errors import ProfileError
from narrator.importers import ImportReport, import_oews
from narrator.importers.oews import city_label, is_nonmetropolitan
from narrator.importers.write import GENERATED_MARK
from narrator.profile import AtLeast, Profile, load_profile

ROOT = Path(__file__).parent.parent
BUNDLED_OEWS = ROOT / "profiles" / "oews"

# --- a synthetic release ---------------------------------------------------------------------

SCHEMA = [
    "CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT NOT NULL, "
    "display_level INTEGER NOT NULL)",
    "CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT NOT NULL, "
    "state_code TEXT NOT NULL, area_name TEXT NOT NULL)",
    "CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT NOT NULL, "
    "display_level INTEGER NOT NULL)",
    "CREATE TABLE cell (key TEXT PRIMARY KEY, "
    + ", ".join(f"v{i:02d} TEXT" for i in range(1, 18))
    + ", "
    + ", ".join(f"f{i:02d} TEXT" for i in range(1, 18))
    + ")",
    "CREATE TABLE datatype (datatype_code TEXT PRIMARY KEY, datatype_name TEXT NOT NULL)",
    "CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT NOT NULL)",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
]

OCCUPATIONS = [
    ("000000", "All Occupations", 0),
    ("132000", "Financial Specialists", 1),
    ("132072", "Loan Officers", 3),
    ("111011", "Chief Executives", 3),
    ("251011", "Business Teachers, Postsecondary", 3),
    ("272011", "Actors", 3),
    ("399099", "Personal Care and Service Workers, All Other", 3),
    ("519199", 'Production Workers "Quoted" \\ All Other', 3),
]
AREAS = [
    ("0000000", "N", "00", "National"),
    ("0100000", "S", "01", "Alabama"),
    ("0200000", "S", "02", "Alaska"),
    ("0600000", "S", "06", "California"),
    ("0049180", "M", "37", "Winston-Salem, NC"),
    ("0014460", "M", "25", "Boston-Cambridge-Newton, MA-NH"),
    ("0031140", "M", "21", "Louisville/Jefferson County, KY-IN"),
    ("0200006", "M", "02", "Alaska nonmetropolitan area"),
]
INDUSTRIES = [
    ("000000", "Cross-Industry, Private, Federal, State, and Local", 0),
    ("52--53", "Sector 52 - Finance and Insurance", 2),
    ("441000", "Motor Vehicle and Parts Dealers", 3),
    ("522000", "Credit Intermediation and Related Activities", 3),
    ("523000", "Securities, Commodity Contracts, and Other Financial Investments", 3),
    ("522100", "Depository Credit Intermediation", 4),
]
FOOTNOTES = [
    (
        "4",
        "Wages for some occupations that do not generally work year-round, full time, are "
        "reported either as hourly wages or annual salaries depending on how they are typically "
        "paid.",
    ),
    ("5", "This wage is equal to or greater than $115.00 per hour or $239,200 per year."),
    ("8", "Estimate not released."),
]

# Column names of the datatypes the importer reads.
EMP, HOURLY, ANNUAL, P10, MEDIAN, P90 = "01", "03", "04", "11", "13", "15"


def key(areatype: str, area: str, industry: str, occupation: str) -> str:
    """The cell key: OEU + areatype + area + industry + occupation."""
    return f"OEU{areatype}{area}{industry}{occupation}"


def national(occupation: str, industry: str = "000000") -> str:
    """The key of a national cell."""
    return key("N", "0000000", industry, occupation)


def wages(jobs: str, annual: str, hourly: str | None = None, **footnotes: str) -> dict[str, str]:
    """A cell with employment and mean wages (hourly = annual / 2080 unless given)."""
    if hourly is None and re.fullmatch(r"\d+", annual):
        hourly = f"{Decimal(annual) / 2080:.2f}"
    values = {f"v{EMP}": jobs, f"v{ANNUAL}": annual, f"v{HOURLY}": hourly or "-"}
    values.update(footnotes)
    return values


CELLS: dict[str, dict[str, str]] = {
    # Loan Officers: every national figure published.
    national("132072"): {
        "v01": "274330",
        "v03": "42.21",
        "v04": "87790",
        "v11": "39430",
        "v13": "76690",
        "v15": "153180",
    },
    # Alaska pays most but has 40 jobs; California's employment is not published.
    key("S", "0100000", "000000", "132072"): wages("500", "100000"),
    key("S", "0200000", "000000", "132072"): wages("40", "200000"),
    key("S", "0600000", "000000", "132072"): wages("-", "300000", f01="8"),
    # A nonmetropolitan area pays most but is not a city.
    key("M", "0049180", "000000", "132072"): wages("200", "120000"),
    key("M", "0014460", "000000", "132072"): wages("300", "110000"),
    key("M", "0200006", "000000", "132072"): wages("1000", "500000"),
    # Industries: 1% of 274,330 jobs is 2,743.
    national("132072", "522000"): wages("5000", "95000"),
    national("132072", "441000"): wages("200", "150000"),  # under 1% of the jobs
    national("132072", "523000"): wages("60", "200000"),  # under 100 jobs
    national("132072", "522100"): wages("4000", "99000"),  # level 4
    national("132072", "52--53"): wages("6000", "98000"),  # level 2
    # Chief Executives: top-coded through footnote 5 ("-") and through "#".
    national("111011"): {
        "v01": "204350",
        "v03": "-",
        "f03": "5",
        "v04": "-",
        "f04": "5",
        "v11": "75700",
        "v13": "#",
        "v15": "-",
        "f15": "5",
    },
    # Two top-coded states: the highest cannot be told.
    key("S", "0100000", "000000", "111011"): wages("300", "-", "-", f03="5", f04="5"),
    key("S", "0200000", "000000", "111011"): wages("200", "#", "#"),
    key("S", "0600000", "000000", "111011"): wages("900", "230000"),
    # One top-coded metro, every published one below the bound: it is the highest.
    key("M", "0014460", "000000", "111011"): wages("400", "#", "#"),
    key("M", "0049180", "000000", "111011"): wages("300", "239100"),
    # One top-coded industry, but a published wage above the bound: cannot be told.
    national("111011", "522000"): wages("5000", "#", "#"),
    national("111011", "523000"): wages("4000", "480300"),
    # Business Teachers, Postsecondary: annual salaries only.
    national("251011"): {
        "v01": "80000",
        "v03": "-",
        "f03": "4",
        "v04": "120000",
        "v11": "60000",
        "v13": "110000",
        "v15": "200000",
    },
    key("S", "0100000", "000000", "251011"): wages("900", "125000", "-", f03="4"),
    # Actors: hourly wages only; places are ranked by the hourly mean.
    national("272011"): {
        "v01": "55000",
        "v03": "40.00",
        "v04": "-",
        "f04": "4",
        "v11": "-",
        "f11": "4",
        "v13": "-",
        "f13": "4",
        "v15": "-",
        "f15": "4",
    },
    key("S", "0100000", "000000", "272011"): wages("500", "-", "60.00", f04="4"),
    key("S", "0600000", "000000", "272011"): wages("9000", "-", "70.50", f04="4"),
    # Suppressed national values; a tie for the highest state; a tie-free city.
    national("399099"): {
        "v01": "**",
        "v03": "20.10",
        "v04": "*",
        "v11": "30000",
        "v13": "-",
        "v15": "-",
    },
    key("S", "0100000", "000000", "399099"): wages("300", "50000"),
    key("S", "0200000", "000000", "399099"): wages("300", "50000"),
    key("M", "0031140", "000000", "399099"): wages("300", "50000"),
    national("519199"): wages("3000", "41600"),
}


def build_release(
    path: Path,
    cells: Mapping[str, Mapping[str, str]] = CELLS,
    *,
    drop_table: str | None = None,
    drop_column: tuple[str, str] | None = None,
) -> Path:
    """Write a synthetic OEWS release with the real schema to ``path``."""
    connection = sqlite3.connect(path)
    for statement in SCHEMA:
        connection.execute(statement)
    connection.executemany("INSERT INTO occupation VALUES (?, ?, ?)", OCCUPATIONS)
    connection.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", AREAS)
    connection.executemany("INSERT INTO industry VALUES (?, ?, ?)", INDUSTRIES)
    connection.executemany("INSERT INTO footnote VALUES (?, ?)", FOOTNOTES)
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("release", "May 2025"), ("data_year", "2025"), ("release_code", "2025A01")],
    )
    columns = [f"v{i:02d}" for i in range(1, 18)] + [f"f{i:02d}" for i in range(1, 18)]
    for cell_key, values in cells.items():
        row = [cell_key, *(values.get(column) for column in columns)]
        connection.execute(f"INSERT INTO cell VALUES ({', '.join('?' * len(row))})", row)
    if drop_table:
        connection.execute(f"DROP TABLE {drop_table}")
    if drop_column:
        connection.execute(f"ALTER TABLE {drop_column[0]} DROP COLUMN {drop_column[1]}")
    connection.commit()
    connection.close()
    return path


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic release as a .sqlite file."""
    return build_release(tmp_path_factory.mktemp("release") / "oews.sqlite")


@pytest.fixture(scope="module")
def imported(release: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ImportReport]:
    """The synthetic release imported once with the default thresholds."""
    out = tmp_path_factory.mktemp("out")
    return out, import_oews(release, out)


def profile(out: Path, slug: str) -> Profile:
    """One written profile, read back the way narrator reads profiles."""
    return load_profile(out / f"{slug}.toml")


def files(out: Path) -> dict[str, bytes]:
    """Every file in a folder, by name."""
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


# --- the mapping rules -------------------------------------------------------------------------


def test_one_file_per_detailed_occupation(imported: tuple[Path, ImportReport]) -> None:
    """Only display_level 3 occupations get files, named by slug."""
    out, report = imported
    assert sorted(files(out)) == [
        "actors.toml",
        "business-teachers-postsecondary.toml",
        "chief-executives.toml",
        "loan-officers.toml",
        "personal-care-and-service-workers-all-other.toml",
        "production-workers-quoted-all-other.toml",
    ]
    assert report.written == 6 and report.release == "May 2025"


def test_file_layout_is_fixed(imported: tuple[Path, ImportReport]) -> None:
    """A file has the generated comment, fields in a fixed order, and the source table."""
    out, _ = imported
    assert (out / "loan-officers.toml").read_text(encoding="utf-8") == (
        f"{GENERATED_MARK} from U.S. BLS OEWS, May 2025; edits are lost on re-import.\n"
        'title = "Loan Officers"\n'
        'soc_code = "13-2072"\n'
        "yearly_salary = 87790\n"
        "hourly_rate = 42.21\n"
        "median_salary = 76690\n"
        "salary_range = { low = 39430, high = 153180 }\n"
        "number_of_jobs = 274330\n"
        'highest_paying_state = "Alabama"\n'
        'highest_paying_city = "Winston-Salem, NC"\n'
        'best_paying_industry = "Credit Intermediation and Related Activities"\n'
        "\n"
        "[top_industries]\n"
        '"Credit Intermediation and Related Activities" = 2\n'
        "\n"
        "[source]\n"
        'name = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"\n'
        'release = "May 2025"\n'
        'url = "https://www.bls.gov/oes/"\n'
    )


def test_national_figures(imported: tuple[Path, ImportReport]) -> None:
    """Jobs, mean wages, median and the 10th–90th percentile range are the national ones."""
    loan = profile(imported[0], "loan-officers")
    assert loan.title == "Loan Officers" and loan.soc_code == "13-2072"
    assert loan.number_of_jobs == 274330 and loan.yearly_salary == 87790
    assert loan.hourly_rate == Decimal("42.21") and loan.median_salary == 76690
    assert loan.salary_range is not None
    assert (loan.salary_range.low, loan.salary_range.high) == (39430, 153180)
    assert loan.source is not None and loan.source.release == "May 2025"
    assert loan.source.url == "https://www.bls.gov/oes/"


def test_state_needs_published_employment_over_threshold(
    imported: tuple[Path, ImportReport], release: Path, tmp_path: Path
) -> None:
    """A state with 40 jobs or unpublished employment is not the highest paying state."""
    assert profile(imported[0], "loan-officers").highest_paying_state == "Alabama"
    import_oews(release, tmp_path, min_state_employment=40)
    assert profile(tmp_path, "loan-officers").highest_paying_state == "Alaska"


def test_city_is_a_metro_written_city_state(imported: tuple[Path, ImportReport]) -> None:
    """Nonmetropolitan areas are left out; the metro is "City, ST", hyphenated cities kept."""
    out, _ = imported
    assert profile(out, "loan-officers").highest_paying_city == "Winston-Salem, NC"
    assert profile(out, "personal-care-and-service-workers-all-other").highest_paying_city == (
        "Louisville, KY"
    )


def test_industry_level_share_and_floor(
    imported: tuple[Path, ImportReport], release: Path, tmp_path: Path
) -> None:
    """Industries are level 3 with 1% of the jobs and at least 100; level 2 loses its prefix."""
    assert profile(imported[0], "loan-officers").best_paying_industry == (
        "Credit Intermediation and Related Activities"
    )
    no_share = tmp_path / "no-share"
    import_oews(release, no_share, min_industry_share=Decimal(0))
    assert profile(no_share, "loan-officers").best_paying_industry == (
        "Motor Vehicle and Parts Dealers"
    )
    small = tmp_path / "small"
    import_oews(release, small, min_industry_share=Decimal(0), min_industry_employment=50)
    assert profile(small, "loan-officers").best_paying_industry.startswith("Securities")
    sectors = tmp_path / "sectors"
    import_oews(release, sectors, industry_level=2)
    assert profile(sectors, "loan-officers").best_paying_industry == "Finance and Insurance"


def test_top_coded_national_values(imported: tuple[Path, ImportReport]) -> None:
    """ "#" and footnote 5 become { at_least = 239200 } a year and { at_least = 115 } an hour."""
    out, report = imported
    text = (out / "chief-executives.toml").read_text(encoding="utf-8")
    assert "yearly_salary = { at_least = 239200 }\n" in text
    assert "hourly_rate = { at_least = 115 }\n" in text
    assert "median_salary = { at_least = 239200 }\n" in text
    assert "salary_range = { low = 75700, high = { at_least = 239200 } }\n" in text
    ceo = profile(out, "chief-executives")
    assert isinstance(ceo.yearly_salary, AtLeast) and isinstance(ceo.hourly_rate, AtLeast)
    assert ceo.salary_range is not None and isinstance(ceo.salary_range.high, AtLeast)
    assert report.top_coded == 1


def test_top_coded_candidates(imported: tuple[Path, ImportReport]) -> None:
    """One top-coded candidate above every published one wins; otherwise the field is left out."""
    out, report = imported
    ceo = profile(out, "chief-executives")
    assert ceo.highest_paying_state is None  # two top-coded states
    assert ceo.highest_paying_city == "Boston, MA"  # the rest are under $239,200
    assert ceo.best_paying_industry is None  # a published $480,300 may be higher
    assert report.undetermined == 3  # the two above and a tie (next test)


def test_tied_highest_is_left_out(imported: tuple[Path, ImportReport]) -> None:
    """Two states with the same highest wage: the highest paying state is left out."""
    assert (
        profile(imported[0], "personal-care-and-service-workers-all-other").highest_paying_state
        is None
    )


def test_suppressed_values_are_left_out(imported: tuple[Path, ImportReport]) -> None:
    """ "-", "*" and "**" are missing; a range with a missing end is left out."""
    other = profile(imported[0], "personal-care-and-service-workers-all-other")
    assert other.number_of_jobs is None and other.yearly_salary is None
    assert other.median_salary is None and other.salary_range is None
    assert other.hourly_rate == Decimal("20.10")


def test_annual_only_has_no_hourly_rate(imported: tuple[Path, ImportReport]) -> None:
    """Footnote 4 on the hourly wage: no hourly_rate, annual figures kept."""
    teachers = profile(imported[0], "business-teachers-postsecondary")
    assert teachers.hourly_rate is None and teachers.yearly_salary == 120000
    assert teachers.highest_paying_state == "Alabama"


def test_hourly_only_is_ranked_by_hourly_wage(imported: tuple[Path, ImportReport]) -> None:
    """Footnote 4 on the annual wage: no yearly figures; states ranked by the hourly mean."""
    out, _ = imported
    actors = profile(out, "actors")
    assert actors.yearly_salary is None and actors.salary_range is None
    assert actors.median_salary is None
    assert actors.highest_paying_state == "California"
    assert "hourly_rate = 40.00\n" in (out / "actors.toml").read_text(encoding="utf-8")


def test_text_is_escaped(imported: tuple[Path, ImportReport]) -> None:
    """Quotes and backslashes in a title survive the trip through TOML."""
    assert profile(imported[0], "production-workers-quoted-all-other").title == (
        'Production Workers "Quoted" \\ All Other'
    )


def test_report_counts(imported: tuple[Path, ImportReport]) -> None:
    """The report counts missing fields, and its summary is one line."""
    _, report = imported
    # No state: CEOs (undetermined), the tie, the production workers (no state cells).
    assert (report.missing_state, report.missing_city, report.missing_industry) == (3, 3, 5)
    assert "\n" not in report.summary() and "wrote 6 profiles" in report.summary()


# --- sources, errors, files --------------------------------------------------------------------


def test_gzip_source_gives_the_same_files(
    imported: tuple[Path, ImportReport], release: Path, tmp_path: Path
) -> None:
    """A .sqlite.gz gives byte-for-byte the files the .sqlite gives."""
    compressed = tmp_path / "oews.sqlite.gz"
    compressed.write_bytes(gzip.compress(release.read_bytes()))
    import_oews(compressed, tmp_path / "out")
    assert files(tmp_path / "out") == files(imported[0])


def test_two_runs_write_identical_bytes(release: Path, tmp_path: Path) -> None:
    """The same release always gives the same bytes."""
    import_oews(release, tmp_path / "a")
    import_oews(release, tmp_path / "b")
    first = files(tmp_path / "a")
    import_oews(release, tmp_path / "a")
    assert first == files(tmp_path / "b") == files(tmp_path / "a")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"drop_table": "meta"}, "table 'meta' is missing"),
        ({"drop_table": "cell"}, "table 'cell' is missing"),
        ({"drop_column": ("area", "area_name")}, "table 'area' lacks column(s) area_name"),
        ({"drop_column": ("cell", "v04")}, "table 'cell' lacks column(s) v04"),
    ],
)
def test_schema_error_names_file_and_what_is_missing(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    """A missing table or column is a ProfileError naming the file and what is missing."""
    source = build_release(tmp_path / "broken.sqlite", **change)
    with pytest.raises(ProfileError) as error:
        import_oews(source, tmp_path / "out")
    assert error.value.file == str(source) and message in str(error.value)


def test_unknown_value_is_an_error(tmp_path: Path) -> None:
    """A value that is neither a number nor a BLS marker names the cell."""
    cells = {national("132072"): {"v01": "1,000", "v04": "50000"}}
    source = build_release(tmp_path / "odd.sqlite", cells)
    with pytest.raises(ProfileError, match="OEUN0000000000000132072: v01"):
        import_oews(source, tmp_path / "out")


@pytest.mark.parametrize("content", [None, b"", b"hello, not a database", gzip.compress(b"hi")])
def test_bad_source_is_a_profile_error(tmp_path: Path, content: bytes | None) -> None:
    """A missing, empty, non-SQLite or gzip-of-nothing source names the file."""
    source = tmp_path / "oews.sqlite.gz"
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(ProfileError) as error:
        import_oews(source, tmp_path / "out")
    assert error.value.file == str(source)
    assert not (tmp_path / "out").exists()


def test_stale_generated_files_go_user_files_stay(release: Path, tmp_path: Path) -> None:
    """Only leftover files with the generated comment are deleted."""
    out = tmp_path / "out"
    out.mkdir()
    stale = out / "dropped-occupation.toml"
    stale.write_text(f'{GENERATED_MARK} from U.S. BLS OEWS, May 2024.\ntitle = "Gone"\n')
    mine = out / "my-own.toml"
    mine.write_text('title = "My Own"\n')
    commented = out / "commented.toml"
    commented.write_text(f'# notes\n{GENERATED_MARK}\ntitle = "Mine Too"\n')
    report = import_oews(release, out)
    assert not stale.exists() and mine.exists() and commented.exists()
    assert report.removed == 1


def test_user_file_with_a_generated_name_is_not_overwritten(release: Path, tmp_path: Path) -> None:
    """A hand-written file where a profile would go stops the import; nothing is written."""
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "loan-officers.toml"
    mine.write_text('title = "Loan Officers"\nyearly_salary = 1\n')
    with pytest.raises(ProfileError, match="not overwriting") as error:
        import_oews(release, out)
    assert error.value.file == str(mine)
    assert mine.read_text() == 'title = "Loan Officers"\nyearly_salary = 1\n'
    assert sorted(p.name for p in out.iterdir()) == ["loan-officers.toml"]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a fresh process, the way a user does."""
    return subprocess.run(
        [sys.executable, "-m", "narrator.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_cli_writes_to_oews_profiles_by_default(release: Path, tmp_path: Path) -> None:
    """import-oews writes ./oews-profiles and prints one summary line."""
    result = run_cli("profiles", "import-oews", str(release), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("wrote 6 profiles")
    assert len(list((tmp_path / "oews-profiles").glob("*.toml"))) == 6


@pytest.mark.parametrize("name", ["missing.sqlite", "not-sqlite.txt", "."])
def test_cli_bad_path_exits_2_with_one_line(tmp_path: Path, name: str) -> None:
    """A missing, non-SQLite or unreadable PATH is one line on stderr and exit status 2."""
    (tmp_path / "not-sqlite.txt").write_text("just text\n")
    result = run_cli("profiles", "import-oews", name, "--out", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("narrator: ")
    assert "Traceback" not in result.stderr and result.stdout == ""


# --- metro names -------------------------------------------------------------------------------

# Every metropolitan area name in the May 2025 release (areatype M, not nonmetropolitan).
METRO_NAMES = """
Abilene, TX
Aguadilla, PR
Akron, OH
Albany, GA
Albany, OR
Albany-Schenectady-Troy, NY
Albuquerque, NM
Alexandria, LA
Allentown-Bethlehem-Easton, PA-NJ
Altoona, PA
Amarillo, TX
Ames, IA
Amherst Town-Northampton, MA
Anchorage, AK
Ann Arbor, MI
Anniston-Oxford, AL
Appleton, WI
Arecibo, PR
Asheville, NC
Athens-Clarke County, GA
Atlanta-Sandy Springs-Roswell, GA
Atlantic City-Hammonton, NJ
Auburn-Opelika, AL
Augusta-Richmond County, GA-SC
Austin-Round Rock-San Marcos, TX
Bakersfield-Delano, CA
Baltimore-Columbia-Towson, MD
Bangor, ME
Barnstable Town, MA
Baton Rouge, LA
Battle Creek, MI
Bay City, MI
Beaumont-Port Arthur, TX
Beckley, WV
Bellingham, WA
Bend, OR
Billings, MT
Binghamton, NY
Birmingham, AL
Bismarck, ND
Blacksburg-Christiansburg-Radford, VA
Bloomington, IL
Bloomington, IN
Boise City, ID
Boston-Cambridge-Newton, MA-NH
Boulder, CO
Bowling Green, KY
Bozeman, MT
Bremerton-Silverdale-Port Orchard, WA
Bridgeport-Stamford-Danbury, CT
Brownsville-Harlingen, TX
Brunswick-St. Simons, GA
Buffalo-Cheektowaga, NY
Burlington, NC
Burlington-South Burlington, VT
Canton-Massillon, OH
Cape Coral-Fort Myers, FL
Cape Girardeau, MO-IL
Carson City, NV
Casper, WY
Cedar Rapids, IA
Chambersburg, PA
Champaign-Urbana, IL
Charleston, WV
Charleston-North Charleston, SC
Charlotte-Concord-Gastonia, NC-SC
Charlottesville, VA
Chattanooga, TN-GA
Cheyenne, WY
Chicago-Naperville-Elgin, IL-IN
Chico, CA
Cincinnati, OH-KY-IN
Clarksville, TN-KY
Cleveland, OH
Cleveland, TN
Coeur d'Alene, ID
College Station-Bryan, TX
Colorado Springs, CO
Columbia, MO
Columbia, SC
Columbus, GA-AL
Columbus, IN
Columbus, OH
Corpus Christi, TX
Corvallis, OR
Crestview-Fort Walton Beach-Destin, FL
Dallas-Fort Worth-Arlington, TX
Dalton, GA
Daphne-Fairhope-Foley, AL
Davenport-Moline-Rock Island, IA-IL
Dayton-Kettering-Beavercreek, OH
Decatur, AL
Decatur, IL
Deltona-Daytona Beach-Ormond Beach, FL
Denver-Aurora-Centennial, CO
Des Moines-West Des Moines, IA
Detroit-Warren-Dearborn, MI
Dothan, AL
Dover, DE
Dubuque, IA
Duluth, MN-WI
Durham-Chapel Hill, NC
Eagle Pass, TX
Eau Claire, WI
El Centro, CA
El Paso, TX
Elizabethtown, KY
Elkhart-Goshen, IN
Elmira, NY
Enid, OK
Erie, PA
Eugene-Springfield, OR
Evansville, IN
Fairbanks-College, AK
Fargo, ND-MN
Farmington, NM
Fayetteville, NC
Fayetteville-Springdale-Rogers, AR
Flagstaff, AZ
Flint, MI
Florence, SC
Florence-Muscle Shoals, AL
Fond du Lac, WI
Fort Collins-Loveland, CO
Fort Smith, AR-OK
Fort Wayne, IN
Fresno, CA
Gadsden, AL
Gainesville, FL
Gainesville, GA
Gettysburg, PA
Glens Falls, NY
Goldsboro, NC
Grand Forks, ND-MN
Grand Island, NE
Grand Junction, CO
Grand Rapids-Wyoming-Kentwood, MI
Grants Pass, OR
Great Falls, MT
Greeley, CO
Green Bay, WI
Greensboro-High Point, NC
Greenville, NC
Greenville-Anderson-Greer, SC
Guayama, PR
Gulfport-Biloxi, MS
Hagerstown-Martinsburg, MD-WV
Hammond, LA
Hanford-Corcoran, CA
Harrisburg-Carlisle, PA
Harrisonburg, VA
Hartford-West Hartford-East Hartford, CT
Hattiesburg, MS
Helena, MT
Hickory-Lenoir-Morganton, NC
Hilton Head Island-Bluffton-Port Royal, SC
Hinesville, GA
Homosassa Springs, FL
Hot Springs, AR
Houma-Bayou Cane-Thibodaux, LA
Houston-Pasadena-The Woodlands, TX
Huntington-Ashland, WV-KY-OH
Huntsville, AL
Idaho Falls, ID
Indianapolis-Carmel-Greenwood, IN
Iowa City, IA
Ithaca, NY
Jackson, MI
Jackson, MS
Jackson, TN
Jacksonville, FL
Jacksonville, NC
Janesville-Beloit, WI
Jefferson City, MO
Johnson City, TN
Johnstown, PA
Jonesboro, AR
Joplin, MO-KS
Kahului-Wailuku, HI
Kalamazoo-Portage, MI
Kankakee, IL
Kansas City, MO-KS
Kennewick-Richland, WA
Kenosha, WI
Killeen-Temple, TX
Kingsport-Bristol, TN-VA
Kingston, NY
Kiryas Joel-Poughkeepsie-Newburgh, NY
Knoxville, TN
Kokomo, IN
La Crosse-Onalaska, WI-MN
Lafayette, LA
Lafayette-West Lafayette, IN
Lake Charles, LA
Lake Havasu City-Kingman, AZ
Lakeland-Winter Haven, FL
Lancaster, PA
Lansing-East Lansing, MI
Laredo, TX
Las Cruces, NM
Las Vegas-Henderson-North Las Vegas, NV
Lawrence, KS
Lawton, OK
Lebanon, PA
Lewiston, ID-WA
Lewiston-Auburn, ME
Lexington Park, MD
Lexington-Fayette, KY
Lima, OH
Lincoln, NE
Little Rock-North Little Rock-Conway, AR
Logan, UT-ID
Longview, TX
Longview-Kelso, WA
Los Angeles-Long Beach-Anaheim, CA
Louisville/Jefferson County, KY-IN
Lubbock, TX
Lynchburg, VA
Macon-Bibb County, GA
Madison, WI
Manchester-Nashua, NH
Manhattan, KS
Mankato, MN
Mansfield, OH
Mayaguez, PR
McAllen-Edinburg-Mission, TX
Medford, OR
Memphis, TN-MS-AR
Merced, CA
Miami-Fort Lauderdale-West Palm Beach, FL
Michigan City-La Porte, IN
Midland, MI
Midland, TX
Milwaukee-Waukesha, WI
Minneapolis-St. Paul-Bloomington, MN-WI
Minot, ND
Missoula, MT
Mobile, AL
Modesto, CA
Monroe, LA
Monroe, MI
Montgomery, AL
Morgantown, WV
Morristown, TN
Mount Vernon-Anacortes, WA
Muncie, IN
Muskegon-Norton Shores, MI
Myrtle Beach-Conway-North Myrtle Beach, SC
Napa, CA
Naples-Marco Island, FL
Nashville-Davidson--Murfreesboro--Franklin, TN
New Haven, CT
New Orleans-Metairie, LA
New York-Newark-Jersey City, NY-NJ
Niles, MI
North Port-Bradenton-Sarasota, FL
Norwich-New London-Willimantic, CT
Ocala, FL
Odessa, TX
Ogden, UT
Oklahoma City, OK
Olympia-Lacey-Tumwater, WA
Omaha, NE-IA
Orlando-Kissimmee-Sanford, FL
Oshkosh-Neenah, WI
Owensboro, KY
Oxnard-Thousand Oaks-Ventura, CA
Paducah, KY-IL
Palm Bay-Melbourne-Titusville, FL
Panama City-Panama City Beach, FL
Parkersburg-Vienna, WV
Pensacola-Ferry Pass-Brent, FL
Peoria, IL
Philadelphia-Camden-Wilmington, PA-NJ-DE-MD
Phoenix-Mesa-Chandler, AZ
Pinehurst-Southern Pines, NC
Pittsburgh, PA
Pittsfield, MA
Pocatello, ID
Ponce, PR
Port St. Lucie, FL
Portland-South Portland, ME
Portland-Vancouver-Hillsboro, OR-WA
Prescott Valley-Prescott, AZ
Providence-Warwick, RI-MA
Provo-Orem-Lehi, UT
Pueblo, CO
Punta Gorda, FL
Racine-Mount Pleasant, WI
Raleigh-Cary, NC
Rapid City, SD
Reading, PA
Redding, CA
Reno, NV
Richmond, VA
Riverside-San Bernardino-Ontario, CA
Roanoke, VA
Rochester, MN
Rochester, NY
Rockford, IL
Rocky Mount, NC
Rome, GA
Sacramento-Roseville-Folsom, CA
Saginaw, MI
Salem, OR
Salinas, CA
Salisbury, MD
Salt Lake City-Murray, UT
San Angelo, TX
San Antonio-New Braunfels, TX
San Diego-Chula Vista-Carlsbad, CA
San Francisco-Oakland-Fremont, CA
San Jose-Sunnyvale-Santa Clara, CA
San Juan-Bayamon-Caguas, PR
San Luis Obispo-Paso Robles, CA
Sandusky, OH
Santa Cruz-Watsonville, CA
Santa Fe, NM
Santa Maria-Santa Barbara, CA
Santa Rosa-Petaluma, CA
Savannah, GA
Scranton--Wilkes-Barre, PA
Seattle-Tacoma-Bellevue, WA
Sebastian-Vero Beach-West Vero Corridor, FL
Sebring, FL
Sheboygan, WI
Sherman-Denison, TX
Shreveport-Bossier City, LA
Sierra Vista-Douglas, AZ
Sioux City, IA-NE-SD
Sioux Falls, SD-MN
Slidell-Mandeville-Covington, LA
South Bend-Mishawaka, IN-MI
Spartanburg, SC
Spokane-Spokane Valley, WA
Springfield, IL
Springfield, MA
Springfield, MO
Springfield, OH
St. Cloud, MN
St. George, UT
St. Joseph, MO-KS
St. Louis, MO-IL
State College, PA
Staunton-Stuarts Draft, VA
Stockton-Lodi, CA
Sumter, SC
Syracuse, NY
Tallahassee, FL
Tampa-St. Petersburg-Clearwater, FL
Terre Haute, IN
Texarkana, TX-AR
Toledo, OH
Topeka, KS
Traverse City, MI
Trenton-Princeton, NJ
Tucson, AZ
Tulsa, OK
Tuscaloosa, AL
Twin Falls, ID
Tyler, TX
Urban Honolulu, HI
Utica-Rome, NY
Valdosta, GA
Vallejo, CA
Victoria, TX
Vineland, NJ
Virginia Beach-Chesapeake-Norfolk, VA-NC
Visalia, CA
Waco, TX
Walla Walla, WA
Warner Robins, GA
Washington-Arlington-Alexandria, DC-VA-MD-WV
Waterbury-Shelton, CT
Waterloo-Cedar Falls, IA
Watertown-Fort Drum, NY
Wausau, WI
Weirton-Steubenville, WV-OH
Wenatchee-East Wenatchee, WA
Wheeling, WV-OH
Wichita Falls, TX
Wichita, KS
Wildwood-The Villages, FL
Williamsport, PA
Wilmington, NC
Winchester, VA-WV
Winston-Salem, NC
Worcester, MA
Yakima, WA
York-Hanover, PA
Youngstown-Warren, OH
Yuba City, CA
Yuma, AZ
""".strip().splitlines()

CITY_EXPECTATIONS = {
    "Boston-Cambridge-Newton, MA-NH": "Boston, MA",
    "Washington-Arlington-Alexandria, DC-VA-MD-WV": "Washington, DC",
    "Louisville/Jefferson County, KY-IN": "Louisville, KY",
    "Winston-Salem, NC": "Winston-Salem, NC",
    "Scranton--Wilkes-Barre, PA": "Scranton, PA",
    "Nashville-Davidson--Murfreesboro--Franklin, TN": "Nashville, TN",
    "Athens-Clarke County, GA": "Athens, GA",
    "Augusta-Richmond County, GA-SC": "Augusta, GA",
    "Macon-Bibb County, GA": "Macon, GA",
    "Lexington-Fayette, KY": "Lexington, KY",
    "Urban Honolulu, HI": "Honolulu, HI",
    "Boise City, ID": "Boise, ID",
    "Amherst Town-Northampton, MA": "Amherst, MA",
    "Barnstable Town, MA": "Barnstable, MA",
    "Coeur d'Alene, ID": "Coeur d'Alene, ID",
    "St. Louis, MO-IL": "St. Louis, MO",
    "Portland-South Portland, ME": "Portland, ME",
    "Portland-Vancouver-Hillsboro, OR-WA": "Portland, OR",
    "Houston-Pasadena-The Woodlands, TX": "Houston, TX",
    "New York-Newark-Jersey City, NY-NJ": "New York, NY",
    "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD": "Philadelphia, PA",
}


def test_city_label_tricky_names() -> None:
    """Hyphenated cities, city-counties, slashes and Census names read as people write them."""
    for name, expected in CITY_EXPECTATIONS.items():
        assert city_label(name) == expected, name


def test_city_label_over_every_metro_name() -> None:
    """Every May 2025 metro gives a distinct "City, ST" with no stray hyphen or slash."""
    assert len(METRO_NAMES) == 393 and not any(map(is_nonmetropolitan, METRO_NAMES))
    assert set(CITY_EXPECTATIONS) <= set(METRO_NAMES)
    labels = [city_label(name) for name in METRO_NAMES]
    assert len(set(labels)) == len(labels)
    for name, label in zip(METRO_NAMES, labels, strict=True):
        assert re.fullmatch(r"[A-Z][A-Za-z.' -]+, [A-Z]{2}", label), (name, label)
        city = label[:-4]
        assert "/" not in city and ("-" not in city or city in ("Winston-Salem",)), (name, label)
        assert name.startswith(city) or city in ("Honolulu", "Boise", "Amherst", "Barnstable")


def test_city_label_rejects_an_unexpected_shape() -> None:
    """A name without ", ST" is an error, not a guess."""
    with pytest.raises(ValueError, match="not a metropolitan area name"):
        city_label("Somewhere without a state")


# --- the bundled output ------------------------------------------------------------------------


def test_bundled_oews_profiles_load() -> None:
    """profiles/oews holds 830 generated profiles that load, with distinct SOC codes."""
    paths = sorted(BUNDLED_OEWS.glob("*.toml"))
    assert len(paths) == 830
    profiles = [load_profile(path) for path in paths]
    codes = [p.soc_code for p in profiles]
    assert None not in codes and len(set(codes)) == 830
    assert {path.stem for path in paths} == {p.slug for p in profiles}
    for path, loaded in zip(paths, profiles, strict=True):
        assert path.read_text(encoding="utf-8").startswith(GENERATED_MARK)
        assert loaded.source is not None and loaded.source.release == "May 2025"


def test_title_form_overrides_are_written_and_survive_reimport(tmp_path: Path) -> None:
    """Overrides keyed by SOC code land in the generated profile's [title_forms] every run."""
    from narrator.importers import load_title_forms

    forms_file = tmp_path / "forms.toml"
    forms_file.write_text('["13-2072"]\nsingular = "loan officer"\nheadline = "Loan Officers"\n')
    forms = load_title_forms(forms_file)
    assert forms == {"13-2072": {"headline": "Loan Officers", "singular": "loan officer"}}


def test_title_form_overrides_reject_unknown_forms(tmp_path: Path) -> None:
    """An unknown form name is a profile error naming the file and the entry."""
    from narrator.errors import ProfileError
    from narrator.importers import load_title_forms

    forms_file = tmp_path / "forms.toml"
    forms_file.write_text('["13-2072"]\nplurl = "loan officers"\n')
    with pytest.raises(ProfileError, match=r"13-2072\.plurl"):
        load_title_forms(forms_file)


def test_bundled_overrides_are_applied() -> None:
    """Every bundled override appears in its bundled profile."""
    from narrator.bundled import PROFILES_DIR
    from narrator.catalog import Catalog
    from narrator.importers import load_title_forms

    catalog = Catalog.bundled()
    for code, forms in load_title_forms(PROFILES_DIR / "oews_title_forms.toml").items():
        assert dict(catalog.find(code).title_forms) == forms
