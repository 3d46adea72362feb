"""The command line: each command works, and each user mistake is one line and exit status 2."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from narrator.catalog import Catalog
from narrator.cli import cli, main
from narrator.cli_options import spread_words
from narrator.forms import title_forms

from .conftest import BAD_PROFILES
from .test_docs import COMMANDS

ROOT = Path(__file__).parent.parent


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI the way a user does, in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "narrator.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


def test_compare_text() -> None:
    """compare prints the article and exits 0."""
    result = run("compare", "Loss Mitigation Specialist", "Account Specialist", "--format", "text")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Loss Mitigation Specialist vs Account Specialist\n")


SEED_FIGURES = [
    "$43,251",
    "$42,586",
    "$20.79",
    "$20.47",
    "-8%",
    "7,596",
    "116,010",
    "3.67",
    "Bachelor's Degree, 51%",
    "Bachelor's Degree, 54%",
    "46",
    "12",
    "$34,000",
    "$54,000",
    "$28,000",
    "$62,000",
    "Virginia Beach, VA",
    "Washington, DC",
    "Maryland",
    "Virginia",
    "Accenture",
    "Microsoft",
    "Professional",
    "Finance",
    "Business",
    "40.4%",
    "59.6%",
    "32.2%",
    "67.8%",
    "13.9%",
    "3.9%",
    "20.7%",
    "3.4%",
    "57.6%",
    "0.5%",
    "13.2%",
    "4.1%",
    "17.8%",
    "3.7%",
    "60.8%",
    "8%",
    "customer service",
    "loan modifications",
    "foreclosure process",
    "patients",
    "account management",
    "6 to 12 months",
    # The seed's labels, each named for what it is and shown once: "Yearly salary" and "Average
    # salary" are the mean; "Salary range"; "Number of jobs"; a "city" is a metro area.
    "Mean yearly pay",
    "Mean hourly pay",
    "Projected growth",  # the seed's "Growth rate"
    "Jobs",
    "Job satisfaction",
    "Most common education",  # the seed's "Most common degree": a level may be no degree
    "Average age",
    "Years of experience",
    "Yearly pay range",  # the seed's "Salary range"
    "Highest-paying metro area",
    "Highest-paying state",
    "Best-paying company",
    "Best-paying industry",
    "Most common major",
    "Men and women",  # the seed's "Gender ratio"
    "Largest groups by race",  # the seed's "Race ratio"
    "LGBT share",
]


def test_compare_carries_every_seed_figure() -> None:
    """The first seed page's figures, labels, skills, places and companies all appear."""
    out = run("compare", "Loss Mitigation Specialist", "Account Specialist").stdout
    missing = [figure for figure in SEED_FIGURES if figure not in out]
    assert missing == []


def test_compare_avoids_the_seed_defects() -> None:
    """None of the seed pages' defects: naive plurals, title case in values."""
    out = run("compare", "Loss Mitigation Specialist", "Collections/Accounts Receivable").stdout
    for defect in (
        "receivables",
        "a collections/accounts receivable.",
        "And $",
        "Between $",
        "Each job has different responsibilities",
    ):
        assert defect not in out
    assert "collections/accounts receivable specialists" in out
    profile = Catalog.bundled().find("Collections/Accounts Receivable")
    forms = title_forms(profile.title, profile.title_forms)
    assert forms.indefinite == "a collections/accounts receivable specialist"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["compare", "Astronaut", "Account Specialist"], "no occupation matches 'Astronaut'"),
        (
            ["compare", "Acount Specialst", "Loss Mitigation Specialist"],
            "closest: Account Specialist",
        ),
        (
            ["compare", "Account Specialist", "Loss Mitigation Specialist", "--locale", "xx_YY"],
            "unknown locale 'xx_YY'",
        ),
        (["compare", "Account Specialist", "Account Specialist"], "with itself"),
        (["compare", "a", "b", "--format", "pdf"], "'--format': 'pdf' is not one of 'text'"),
        (
            ["compare", "x", "y", "--profiles", str(BAD_PROFILES / "salary-not-a-number.toml")],
            "salary-not-a-number.toml:2: yearly_salary: must be a number (got 'lots')",
        ),
        (
            ["profiles", "validate", str(BAD_PROFILES / "range-reversed.toml")],
            "range-reversed.toml:2: salary_range: low is greater than high",
        ),
        (["profiles", "validate", "no/such/folder"], "no/such/folder: no such file or folder"),
        (["profiles", "show", "Astronaut"], "no occupation matches"),
        (["frobnicate"], "no such command 'frobnicate' (see narrator --help)"),
        ([], "missing command (see narrator --help)"),
        (["profiles"], "missing command (see narrator profiles --help)"),
        (
            ["batch", "--out", "x", "--frobnicate"],
            "narrator: error: no such option '--frobnicate'",
        ),
        (["compare", "Loan Officers"], "missing argument 'B' (see narrator compare --help)"),
        (["forms", "--jobs", "2"], "no such option '--jobs'"),
        (["profiles", "show", "a", "b"], "got unexpected extra argument (b)"),
        (
            [
                "compare",
                "account specialist",
                "loss mitigation specialist",
                "--phrasebook",
                "no/such/book",
            ],
            "no/such/book: phrasebook folder not found",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], words: str) -> None:
    """Bad input: exit 2, one line on stderr naming the input, no traceback, nothing on stdout."""
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert words in result.stderr


def test_profiles_list_and_show() -> None:
    """list gives slug and title per line; show gives the profile as JSON."""
    listing = run("profiles", "list").stdout.splitlines()
    assert "account-specialist\tAccount Specialist" in listing
    shown = json.loads(run("profiles", "show", "loss mitigation specialist").stdout)
    assert shown["hourly_rate"] == 20.79 and shown["top_skills"][0] == "customer service"


def test_profiles_validate_prints_review_notes() -> None:
    """validate passes the bundled data and prints its review notes."""
    result = run("profiles", "validate")
    assert result.returncode == 0
    assert "looks like a slip for 'patience'" in result.stdout
    assert re.search(r"^\d+ profiles valid, \d+ review notes$", result.stdout, re.MULTILINE)


def test_forms_arguments_and_stdin() -> None:
    """forms prints one JSON object per title, from arguments or from stdin."""
    keys = ["title", "singular", "plural", "indefinite", "possessive_plural"]
    result = run("forms", "Collections/Accounts Receivable", "HR Manager")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(line) for line in lines] == [keys, keys]
    assert lines[0]["indefinite"] == "a collections/accounts receivable specialist"
    assert lines[1]["indefinite"] == "an HR manager"
    piped = run("forms", stdin="RN\n\nUX Designer\n")
    assert [json.loads(x)["indefinite"] for x in piped.stdout.splitlines()] == [
        "an RN",
        "a UX designer",
    ]


def test_json_format_has_provenance() -> None:
    """--format json: every sentence has its fragment and fields."""
    data = json.loads(
        run(
            "compare", "loss-mitigation-specialist", "account-specialist", "--format", "json"
        ).stdout
    )
    for section in data["sections"]:
        for block in section["blocks"]:
            for sentence in block.get("sentences", []):
                assert sentence["fragment"] and sentence["fields"]


def test_main_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    """main() returns 2 for an unknown name and prints one line."""
    assert main(["compare", "nobody", "account specialist"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_lint_clean_and_broken(tmp_path: Path) -> None:
    """lint passes the bundled phrasebook and exits 2 with file:line lines for a broken one."""
    import shutil

    from narrator.phrasebook import bundled_phrasebook_dir

    clean = run("lint")
    assert (clean.returncode, clean.stdout) == (0, "phrasebook ok\n")
    book = tmp_path / "book"
    shutil.copytree(bundled_phrasebook_dir(), book, ignore=shutil.ignore_patterns("*.py", "__*"))
    with (book / "pay.toml").open("a") as handle:
        handle.write(
            '\n[[fragment]]\nid = "x.bad"\nslot = "pay.state"\npriority = 3\n'
            'text = "Ask a {{ a.title }} about {{ a.yearly_salary }}."\n'
        )
    broken = run("lint", str(book))
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    lines = broken.stderr.splitlines()
    assert len(lines) == 2
    assert all(
        re.match(rf"{re.escape(str(book / 'pay.toml'))}:\d+: x\.bad: ", line) for line in lines
    )


def test_variants_outline_and_pair() -> None:
    """variants counts phrasings, or lists a pair's sentences with the used one starred."""
    outline = run("variants", "pay.range.both")
    assert outline.returncode == 0 and "3 phrasings" in outline.stdout
    pair = run("variants", "pay.range.both", "Loan Officers", "13-2011")
    lines = pair.stdout.splitlines()
    assert len(lines) == 3 and sum(line.startswith("*") for line in lines) == 1
    assert all("loan officers" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["variants", "pay.rnage.both"],
            "no fragment has the id 'pay.rnage.both'; closest: pay.range.both",
        ),
        (["variants", "pay.range.both", "Loan Officers"], "either no occupations or two"),
    ],
)
def test_variants_bad_input(args: list[str], words: str) -> None:
    """An unknown fragment or a lone occupation is one line and exit 2."""
    result = run(*args)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and words in result.stderr


def test_compare_check_passes_on_bundled_data() -> None:
    """compare --check writes the article when every figure traces to the data."""
    result = run("compare", "13-2072", "43-3011", "--check", "--format", "markdown")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("# Loan Officers vs Bill and Account Collectors")


def _params(argv: list[str]) -> dict[str, object]:
    """The parameters a command line gives its command, without running it."""
    command: click.Command = cli
    words = list(argv)
    while isinstance(command, click.Group):
        found = command.get_command(click.Context(command), words.pop(0))
        assert found is not None
        command = found
    return command.make_context(command.name, words).params


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["compare", "a", "b", "--profiles", "p1", "p2", "--locale", "en_IN"],
            {"a": "a", "b": "b", "profiles": ("p1", "p2"), "locale": "en_IN"},
        ),
        (
            ["compare", "--profiles", "p1", "--no-serial-comma", "a", "b"],
            {"a": "a", "b": "b", "profiles": ("p1",), "serial_comma": False},
        ),
        (
            ["profiles", "show", "x", "--profiles", "p1", "p2"],
            {"name": "x", "profiles": ("p1", "p2")},
        ),
        (["profiles", "import-oews", "f.sqlite"], {"folder": "oews-profiles", "title_forms": None}),
        (["forms", "Pilot", "Nurse"], {"titles": ("Pilot", "Nurse")}),
        (
            ["batch", "--out", "o", "--format", "jsonl", "--format", "wxr", "--only", "A", "B"],
            {"formats": ("jsonl", "wxr"), "only": ("A", "B"), "jobs": 1, "limit": None},
        ),
        (
            ["batch", "--out", "o"],
            {"formats": (), "site_url": "https://example.org", "date": None, "incremental": False},
        ),
        (["variants", "pay.range.both"], {"fragment": "pay.range.both", "a": None, "b": None}),
    ],
)
def test_options_read_as_documented(argv: list[str], expected: dict[str, object]) -> None:
    """Each command reads its arguments, multi-value options and defaults as the README says."""
    params = _params(argv)
    assert {key: params[key] for key in expected} == expected


def test_spread_options_stop_at_the_next_option_and_at_double_dash() -> None:
    """--profiles a b reads two values, and stops at an option or at --."""
    assert spread_words(["--only", "a", "b", "--", "c"], {"--only"}) == [
        "--only",
        "a",
        "--only",
        "b",
        "--",
        "c",
    ]
    assert spread_words(["x", "--only", "a", "--jobs", "2"], {"--only"}) == [
        "x",
        "--only",
        "a",
        "--jobs",
        "2",
    ]


# Each batch option refused at the edge, before any work starts: (arguments, words of the line).
BAD_BATCH_OPTIONS = [
    (["--date", "2025-13-45"], "'--date': must be a real day written YYYY-MM-DD"),
    (["--date", "2025-02-30"], "(got '2025-02-30')"),
    (["--date", "20250501"], "(got '20250501')"),
    (["--date", "May 2025"], "(got 'May 2025')"),
    (["--site-url", "javascript:alert(1)"], "'--site-url': must be an http:// or https:// URL"),
    (["--site-url", "ftp://example.org"], "(got 'ftp://example.org')"),
    (["--site-url", "https://"], "(got 'https://')"),
    (["--site-url", "https://example.org/a b"], "(got 'https://example.org/a b')"),
    (["--dask", "not an address"], "'--dask': must be a Dask scheduler address"),
    (["--dask", "tcp://host:port"], "(got 'tcp://host:port')"),
    (["--jobs", "0"], "'--jobs': must be at least 1 (got 0)"),
    (["--jobs", "two"], "'--jobs': 'two' is not a valid integer"),
    (["--limit", "-1"], "'--limit': must be at least 0 (got -1)"),
    (["--format", "pdf"], "'--format': 'pdf' is not one of 'jsonl'"),
    (["--frobnicate"], "no such option '--frobnicate'"),
]


@pytest.mark.parametrize(("args", "words"), BAD_BATCH_OPTIONS)
def test_batch_refuses_bad_options_in_one_line(
    args: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad batch option: exit 2, one line naming it and pointing to --help, nothing written."""
    out = tmp_path / "out"
    assert main(["batch", "--out", str(out), *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith("narrator: error: ") and words in captured.err
    assert captured.err.endswith(" (see narrator batch --help)\n")
    assert not out.exists()


def test_batch_pairs_field_over_the_csv_limit_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A --pairs field over csv's 128 KB limit is one line naming FILE:LINE, not a traceback."""
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("Loan Officers,Actors\nLoan Officers," + "x" * 200_000 + "\n")
    assert main(["batch", "--out", str(tmp_path / "out"), "--pairs", str(pairs)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{pairs}:2: field larger than field limit (131072)" in err


def test_batch_accepts_good_edge_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A leap day, an https URL with a path and a plain pairs file pass the edge checks."""
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("Loan Officers,Actors\n")
    argv = ["batch", "--out", str(tmp_path / "out"), "--pairs", str(pairs), "--format", "wxr"]
    argv += ["--date", "2024-02-29", "--site-url", "https://example.org/careers"]
    assert main(argv) == 0, capsys.readouterr().err
    assert "<wp:base_site_url>https://example.org/careers" in (
        tmp_path / "out" / "wordpress.xml"
    ).read_text(encoding="utf-8")


def test_shell_completion_script_and_answers() -> None:
    """_NARRATOR_COMPLETE=bash_source prints the bash script; completing words lists commands."""
    import os

    env = {**os.environ, "_NARRATOR_COMPLETE": "bash_source"}
    script = subprocess.run(
        [sys.executable, "-m", "narrator.cli"], capture_output=True, text=True, env=env, check=False
    )
    assert script.returncode == 0 and "_narrator_completion" in script.stdout
    env = {**os.environ, "_NARRATOR_COMPLETE": "bash_complete", "COMP_WORDS": "narrator pro"}
    answer = subprocess.run(
        [sys.executable, "-m", "narrator.cli"],
        capture_output=True,
        text=True,
        env={**env, "COMP_CWORD": "1"},
        check=False,
    )
    assert answer.stdout.splitlines() == ["plain,profiles"]


def test_every_command_has_an_example_in_its_help() -> None:
    """--help on every command and group shows an example of its use."""
    for path, command in COMMANDS:
        text = command.get_help(click.Context(command, info_name=path))
        assert "Example" in text and f"\n    {path}" in text, path


@pytest.mark.parametrize("locale", ["de_DE", "fr-FR"])
@pytest.mark.parametrize("command", ["compare", "batch"])
def test_locale_of_another_language_is_refused(
    locale: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """English prose is never written with German or French numbers: exit 2, one line naming
    the option, the locale and the phrasebook's language."""
    if command == "compare":
        argv = ["compare", "Account Specialist", "Loss Mitigation Specialist", "--locale", locale]
    else:
        argv = ["batch", "--out", str(tmp_path / "out"), "--limit", "1", "--locale", locale]
    assert main(argv, io.StringIO()) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "Traceback" not in error
    assert f"--locale {locale!r}" in error and "language 'en'" in error
    assert not (tmp_path / "out").exists()


def test_locale_of_the_prose_language_groups_its_own_way() -> None:
    """An English locale of another country is accepted and groups digits its own way."""
    out = io.StringIO()
    argv = ["compare", "Loan Officers", "Bill and Account Collectors", "--locale", "en_IN"]
    assert main(argv, out) == 0
    assert re.search(r"\b\d{1,2},\d\d,\d{3}\b", out.getvalue()), "lakh grouping: 1,23,456"
