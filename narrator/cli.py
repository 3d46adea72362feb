"""The ``narrator`` command line: compare occupations, inspect profiles, show title forms.

Every user mistake (an unknown occupation, a malformed profile, an unknown locale, a bad flag)
ends with one line on stderr and exit status 2, never a traceback (see narrator.cli_options).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

import click

from ._version import __version__
from .catalog import Catalog
from .cli_options import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Group,
    Spread,
    at_least,
    occupation_argument,
    one_line,
    phrasebook_option,
    profiles_option,
    readable_csv,
    valid_dask_address,
    valid_date,
    valid_site_url,
    wording_options,
)
from .errors import NarratorError, UsageError
from .formats import ARTICLE_FORMATS, BATCH_FORMATS

if TYPE_CHECKING:
    from .compose import Composer

EXIT_FAILED = 1  # a run that could not finish, through no fault of its input
EXIT_CHECK_FAILED = 1


def _catalog(profiles: Sequence[str]) -> Catalog:
    return Catalog.from_paths(profiles) if profiles else Catalog.bundled()


def _composer(phrasebook: str | None, locale: str = "en_US", serial_comma: bool = True) -> Composer:
    from .compose import Composer
    from .phrasebook import load_phrasebook

    book = load_phrasebook(phrasebook) if phrasebook else None
    return Composer(book, locale=locale, serial_comma=serial_comma)


# --- the commands --------------------------------------------------------------------------------


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(
    __version__, "--version", prog_name="narrator", message="%(prog)s %(version)s"
)
def cli() -> None:
    """Write comparison articles about occupations, from profiles and a phrasebook.

    \b
    Example:
      narrator compare "Loan Officers" "Bill and Account Collectors" --format markdown
    """


@cli.command(short_help="Write the article comparing two occupations.")
@occupation_argument("a")
@occupation_argument("b")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(ARTICLE_FORMATS),
    default="text",
    help="Output format (text).",
)
@wording_options
@click.option(
    "--check",
    is_flag=True,
    help="Fact-check every figure against the data first; exit 1 if one does not trace.",
)
@profiles_option
@phrasebook_option
@click.pass_obj
def compare(
    out: TextIO,
    a: str,
    b: str,
    fmt: str,
    locale: str,
    serial_comma: bool,
    check: bool,
    profiles: tuple[str, ...],
    phrasebook: str | None,
) -> int:
    """Write the article comparing occupations A and B; with --check, fact-check it first.

    A and B are titles in any case, slugs or SOC codes.

    \b
    Example:
      narrator compare "Loan Officers" 43-3011 --format markdown --check
    """
    from .render import render

    catalog = _catalog(profiles)
    first, second = catalog.find(a), catalog.find(b)
    article = _composer(phrasebook, locale, serial_comma).compose(first, second)
    if check:
        from .factcheck import check as fact_check

        problems = fact_check(article, first, second, locale)
        for problem in problems:
            print(f"narrator: fact check: {problem}", file=sys.stderr)
        if problems:
            return EXIT_CHECK_FAILED
    out.write(render(article, fmt))
    return EXIT_OK


@cli.group(short_help="List, show or validate profiles.")
def profiles() -> None:
    """List, show, validate or import occupation profiles.

    \b
    Example:
      narrator profiles show "Loan Officers"
    """


@profiles.command("list", short_help="List the occupations: slug and title.")
@click.option(
    "--search",
    metavar="WORD",
    help="Only occupations whose title or another name people use has WORD.",
)
@profiles_option
@click.pass_obj
def profiles_list(out: TextIO, search: str | None, profiles: tuple[str, ...]) -> int:
    """Print one line per profile: slug and title, tab-separated (with --search, also the
    other name that matched).

    \b
    Examples:
      narrator profiles list --profiles my-profiles/
      narrator profiles list --search collector
    """
    if search:
        for profile, alternate in _catalog(profiles).search(search):
            extra = f"\t{alternate}" if alternate else ""
            out.write(f"{profile.slug}\t{profile.title}{extra}\n")
        return EXIT_OK
    for profile in _catalog(profiles):
        out.write(f"{profile.slug}\t{profile.title}\n")
    return EXIT_OK


@profiles.command("show", short_help="Show one profile as JSON.")
@occupation_argument("name")
@profiles_option
@click.pass_obj
def profiles_show(out: TextIO, name: str, profiles: tuple[str, ...]) -> int:
    """Print one profile's data as JSON; NAME is a title in any case, a slug or a SOC code.

    \b
    Example:
      narrator profiles show 13-2072
    """
    from .profile import profile_to_dict

    profile = _catalog(profiles).find(name)
    out.write(json.dumps(profile_to_dict(profile), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


@profiles.command("validate", short_help="Check profile files (the bundled ones by default).")
@click.argument("paths", nargs=-1, type=click.Path(), metavar="[PATH]...")
@click.pass_obj
def profiles_validate(out: TextIO, paths: tuple[str, ...]) -> int:
    """Check profile files and folders (the bundled ones by default); print review notes.

    Stops with exit status 2 at the first invalid file.

    \b
    Example:
      narrator profiles validate profiles/seed
    """
    from .catalog import bundled_profile_dirs
    from .review import review

    catalog = Catalog.from_paths(paths or bundled_profile_dirs())
    notes = [note for profile in catalog for note in review(profile)]
    for note in notes:
        out.write(f"note: {note}\n")
    out.write(f"{len(catalog)} profiles valid, {len(notes)} review notes\n")
    return EXIT_OK


#: One option per source of `profiles import-oews` (each overrides what --data found).
_SOURCE_OPTIONS = {
    "outlook": "EP workbook with Table 1.2 (growth, openings, entry requirements).",
    "education": "EP workbook with Table 5.3 (educational attainment).",
    "skills": "EP Table 6.2 as CSV (skills).",
    "crosswalk": "BLS O*NET-SOC to National Employment Matrix crosswalk (.xlsx).",
    "onet": "O*NET database folder of text files (Job Zones, technologies, titles).",
    "census": "Census 2018 occupation code list and crosswalk (.xlsx).",
    "cps_11": "CPS table 11 (.xlsx: women, race, Hispanic).",
    "cps_11b": "CPS table 11b (.xlsx: median age).",
}


def _source_options(command: Callable[..., int]) -> Callable[..., int]:
    """Add an option per source of :data:`_SOURCE_OPTIONS` to ``command``."""
    for key, what in reversed(_SOURCE_OPTIONS.items()):
        option = "--" + key.replace("_", "-")
        command = click.option(option, key, type=click.Path(), metavar="PATH", help=what)(command)
    return command


@profiles.command(
    "import-oews", short_help="Write profiles from a BLS OEWS .sqlite or .sqlite.gz file."
)
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "folder",
    default="oews-profiles",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Folder to write (oews-profiles).",
)
@click.option(
    "--title-forms",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Title-form overrides by SOC code (default: the bundled oews_title_forms.toml).",
)
@click.option(
    "--data",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="A folder of the other official files (projections, O*NET, CPS...), found by content.",
)
@_source_options
@click.pass_obj
def profiles_import_oews(
    out: TextIO,
    /,
    path: str,
    folder: str,
    title_forms: str | None,
    data: str | None,
    **sources: str | None,
) -> int:
    """Write one profile per occupation from a BLS OEWS .sqlite or .sqlite.gz file, merged with
    the other official files given (a folder, or one option per source).

    \b
    Example:
      narrator profiles import-oews oews_2025.sqlite.gz --data ../shared/data --out profiles/oews
    """
    from pathlib import Path

    from .bundled import PROFILES_DIR
    from .importers import SourceFiles, find_sources, import_oews, load_title_forms

    forms_file = Path(title_forms) if title_forms else PROFILES_DIR / "oews_title_forms.toml"
    forms = load_title_forms(forms_file) if title_forms or forms_file.exists() else {}
    found = find_sources(Path(data)) if data else SourceFiles()
    given = {key: Path(value) for key, value in sources.items() if value}
    files = SourceFiles(**{**{k: getattr(found, k) for k in found.given()}, **given})
    report = import_oews(Path(path), Path(folder), title_forms=forms, data=files)
    out.write(report.summary() + "\n")
    return EXIT_OK


def _titles(given: Sequence[str], stdin: TextIO) -> Iterable[str]:
    if given:
        yield from given
        return
    for line in stdin:
        if line.strip():
            yield line.strip()


@cli.command(short_help="Show how titles read in running text (arguments or stdin).")
@click.argument("titles", nargs=-1, metavar="[TITLE]...")
@click.pass_obj
def forms(out: TextIO, titles: tuple[str, ...]) -> int:
    """Print how each title reads in running text, one JSON object a line.

    With no TITLE, reads titles from standard input, one a line. A bundled occupation's
    overrides apply.

    \b
    Example:
      narrator forms "Collections/Accounts Receivable" "HR Manager"
    """
    from .forms import title_forms

    catalog = Catalog.bundled()
    keys = ("title", "singular", "plural", "indefinite", "possessive_plural")
    for title in _titles(titles, sys.stdin):
        overrides: dict[str, str] = {}
        # Any title works; a bundled occupation only adds its overrides.
        with contextlib.suppress(NarratorError):
            overrides = dict(catalog.find(title).title_forms)
        written = title_forms(title, overrides).as_dict()
        out.write(json.dumps({k: written[k] for k in keys}, ensure_ascii=False) + "\n")
    return EXIT_OK


@cli.command(short_help="Render many pairs (every unordered pair by default) into a folder.")
@click.option(
    "--out", required=True, type=click.Path(file_okay=False), metavar="DIR", help="Output folder."
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(BATCH_FORMATS),
    help="jsonl (default), markdown (Hugo), html or wxr (WordPress); repeatable.",
)
@click.option(
    "--pairs",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    callback=readable_csv,
    help="A CSV of two occupation names a line.",
)
@click.option("--only", cls=Spread, metavar="NAME...", help="The pairs among these occupations.")
@click.option("--limit", type=int, metavar="N", callback=at_least(0), help="At most N pairs.")
@click.option(
    "--jobs", type=int, default=1, metavar="N", callback=at_least(1), help="Worker processes (1)."
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    callback=valid_dask_address,
    help="Run on a Dask scheduler instead, such as tcp://10.0.0.5:8786.",
)
@click.option("--incremental", is_flag=True, help="Write only articles whose content changed.")
@click.option(
    "--review",
    "review_db",
    type=click.Path(dir_okay=False),
    metavar="DB",
    help="A review database: publish each article by its review state.",
)
@click.option(
    "--only-approved", is_flag=True, help="With --review: write the approved articles only."
)
@click.option(
    "--date",
    metavar="YYYY-MM-DD",
    callback=valid_date,
    help="Publication date (default: the data's release).",
)
@wording_options
@click.option("--full-html", is_flag=True, help="html: whole pages, not fragments.")
@click.option(
    "--site-title", default="Career comparisons", metavar="T", help="wxr: the site's title."
)
@click.option(
    "--site-url",
    default="https://example.org",
    metavar="URL",
    callback=valid_site_url,
    help="wxr: the site's http(s) URL.",
)
@profiles_option
@click.pass_obj
def batch(
    stdout: TextIO,
    out: str,
    formats: tuple[str, ...],
    pairs: str | None,
    only: tuple[str, ...],
    limit: int | None,
    jobs: int,
    dask: str | None,
    incremental: bool,
    review_db: str | None,
    only_approved: bool,
    date: str | None,
    locale: str,
    serial_comma: bool,
    full_html: bool,
    site_title: str,
    site_url: str,
    profiles: tuple[str, ...],
) -> int:
    """Render many pairs into an output folder (see the README for the outputs).

    By default every unordered pair of the bundled profiles, in slug order. With --review,
    WordPress posts are published, pending or drafts, Hugo pages drafts unless approved, and
    jsonl records carry the review state.

    \b
    Examples:
      narrator batch --out site --format markdown --format wxr --jobs 2 --limit 1000
      narrator batch --out site --format wxr --review review.db --only-approved
    """
    from pathlib import Path

    from .batch import Options, run_batch
    from .errors import BatchError
    from .numbers import check_locale
    from .pairs import default_date, select_pairs
    from .phrasebook import load_phrasebook

    if only_approved and review_db is None:
        raise click.UsageError("--only-approved needs --review DB")
    # An unknown locale, or one not of the prose's language, fails before any work starts.
    check_locale(locale, load_phrasebook().language)
    catalog = _catalog(profiles)
    chosen = select_pairs(
        catalog,
        pairs_file=Path(pairs) if pairs else None,
        only=only,
        limit=limit,
    )
    if not chosen:
        raise BatchError("no pairs to render; check --pairs, --only and --limit")
    options = Options(
        formats=tuple(dict.fromkeys(formats or ["jsonl"])),
        date=date or default_date(chosen),
        locale=locale,
        serial_comma=serial_comma,
        full_html=full_html,
        site_title=site_title,
        site_url=site_url,
        review=review_db is not None,
        only_approved=only_approved,
    )
    from .errors import WorkerError

    try:
        report = run_batch(
            chosen,
            Path(out),
            options,
            profile_paths=profiles or (),
            jobs=jobs,
            dask_address=dask,
            incremental=incremental,
            review_db=review_db,
            progress=sys.stderr,
        )
    except WorkerError as exc:
        # Not the user's input, but not a bug to show a traceback for either; what was
        # finished is kept, and --incremental picks up from there.
        print(f"narrator: {exc}; run again with --incremental to finish", file=sys.stderr)
        return EXIT_FAILED
    stdout.write(report.summary() + f" in {out}\n")
    return EXIT_OK


@cli.command(short_help="Check phrasebook folders (the bundled one by default).")
@click.argument("paths", nargs=-1, type=click.Path(file_okay=False), metavar="[PATH]...")
@click.pass_obj
def lint(out: TextIO, paths: tuple[str, ...]) -> int:
    """Check phrasebook folders; print one line per problem; exit 2 when there is any.

    \b
    Example:
      narrator lint my-phrasebook/
    """
    # The seed profiles plus the corpus's own full profile cover every case; using all
    # bundled profiles as bases would multiply the corpus for no new case.
    from .catalog import bundled_profile_dirs
    from .lint import lint as lint_book

    seed = [d for d in bundled_profile_dirs() if d.name == "seed"]
    bases = list(Catalog.from_paths(seed)) if seed else []
    problems = [problem for root in (paths or [None]) for problem in lint_book(root, bases)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_BAD_INPUT
    out.write("phrasebook ok\n")
    return EXIT_OK


@cli.command(short_help="List what a fragment can say: in outline, or for one pair.")
@click.argument("fragment", metavar="FRAGMENT_ID")
@occupation_argument("a", required=False)
@occupation_argument("b", required=False)
@phrasebook_option
@profiles_option
@click.pass_obj
def variants(
    out: TextIO,
    fragment: str,
    a: str | None,
    b: str | None,
    phrasebook: str | None,
    profiles: tuple[str, ...],
) -> int:
    """Every sentence a fragment can write: in outline, or for the pair A and B.

    \b
    Examples:
      narrator variants pay.range.both
      narrator variants pay.range.both "Loan Officers" 13-2011
    """
    from .variants import for_pair, shape

    composer = _composer(phrasebook)
    if a is None:
        lines = shape(composer, fragment).lines()
    elif b is None:
        raise UsageError("variants takes a fragment id and either no occupations or two")
    else:
        catalog = _catalog(profiles)
        lines = for_pair(composer, fragment, catalog.find(a), catalog.find(b))
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


# Editorial review's commands live with it (narrator.editorial.cli), loaded when asked for.
cli.lazy["review"] = "narrator.editorial.cli:review"


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        status = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="narrator",
            standalone_mode=False,
            obj=out or sys.stdout,
        )
    except click.ClickException as exc:
        print(one_line(exc), file=sys.stderr)
        return exc.exit_code
    except click.Abort:
        print("narrator: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return int(status or 0)


if __name__ == "__main__":
    sys.exit(main())
