"""The ``narrator`` command line: compare occupations, inspect profiles, show title forms.

Every user mistake (an unknown occupation, a malformed profile, an unknown locale, a bad flag)
ends with one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from ._version import __version__
from .catalog import Catalog
from .errors import NarratorError, UsageError
from .render import FORMATS

if TYPE_CHECKING:
    from .compose import Composer

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_FAILED = 1  # a run that could not finish, through no fault of its input
EXIT_CHECK_FAILED = 1
EXIT_INTERRUPTED = 130

BATCH_FORMATS = ("jsonl", "markdown", "html", "wxr")

_F = TypeVar("_F", bound=Callable[..., Any])


# --- click, made to keep the house rules ---------------------------------------------------------


class _Spread(click.Option):
    """An option that takes one or more values, as in ``--profiles a.toml b/``.

    click options take a fixed number of values, so the command rewrites ``--profiles a b`` as
    ``--profiles a --profiles b`` before parsing (see ``_Command.parse_args``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["multiple"] = True
        super().__init__(*args, **kwargs)


def spread_words(words: Sequence[str], names: set[str]) -> list[str]:
    """Repeat a spread option before each of its values, so click reads them all.

    >>> spread_words(["--profiles", "a", "b", "--jobs", "2", "c"], {"--profiles"})
    ['--profiles', 'a', '--profiles', 'b', '--jobs', '2', 'c']
    """
    spread: list[str] = []
    option: str | None = None  # the spread option whose values are being read
    for index, word in enumerate(words):
        if word == "--":
            spread.extend(words[index:])
            break
        if option is not None and not word.startswith("-"):
            if spread[-1] != option:
                spread.append(option)
            spread.append(word)
            continue
        option = word if word in names else None
        spread.append(word)
    return spread


class _Command(click.Command):
    """A command whose failures on bad input are one line on stderr and exit status 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        names = {name for param in self.params if isinstance(param, _Spread) for name in param.opts}
        return super().parse_args(ctx, spread_words(args, names))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NarratorError as exc:
            print(f"narrator: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except KeyboardInterrupt:
            # Interrupting is a choice, not a crash; batch output stays whole (atomic writes).
            print("narrator: interrupted", file=sys.stderr)
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            # `narrator profiles list | head` is normal use, not an error.
            sys.stderr.close()
            return EXIT_OK


class _Group(click.Group):
    """A group of commands that keep the house rules (its sub-groups too)."""

    command_class = _Command
    group_class = type  # a sub-group is a _Group as well

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No command is a usage error like any other: one line, not the whole help.
        kwargs.setdefault("no_args_is_help", False)
        super().__init__(*args, **kwargs)


def _one_line(exc: click.ClickException) -> str:
    """A click usage error as the one line the house rules allow, pointing to --help.

    >>> ctx = click.Context(click.Command("batch"), info_name="narrator batch")
    >>> print(_one_line(click.NoSuchOption("--frobnicate", ctx=ctx)))
    narrator: error: no such option '--frobnicate' (see narrator batch --help)
    """
    message = " ".join(exc.format_message().splitlines()).replace(". (", " (").rstrip(".")
    message = message[:1].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "narrator"
    return f"narrator: error: {message} (see {path} --help)"


# --- options shared by several commands ----------------------------------------------------------


def profiles_option(function: _F) -> _F:
    """``--profiles PATH...``: profile files or folders instead of the bundled ones."""
    return click.option(
        "--profiles",
        cls=_Spread,
        type=click.Path(),
        metavar="PATH...",
        help="Profile files or folders instead of the bundled ones.",
    )(function)


def phrasebook_option(function: _F) -> _F:
    """``--phrasebook DIR``: another phrasebook folder."""
    return click.option(
        "--phrasebook",
        type=click.Path(file_okay=False),
        metavar="DIR",
        help="A phrasebook folder instead of the bundled one.",
    )(function)


def wording_options(function: _F) -> _F:
    """``--locale`` and ``--serial-comma``, which every command that writes articles takes."""
    function = click.option(
        "--serial-comma/--no-serial-comma",
        default=True,
        help="Write 'a, b, and c' (default) or 'a, b and c'.",
    )(function)
    return click.option(
        "--locale", default="en_US", metavar="L", help="CLDR locale for numbers (en_US)."
    )(function)


def _complete_occupation(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """The bundled slugs that start with what has been typed, for shell completion."""
    return [p.slug for p in Catalog.bundled() if p.slug.startswith(incomplete.lower())]


def _occupation(name: str, required: bool = True) -> Callable[[_F], _F]:
    return click.argument(name, required=required, shell_complete=_complete_occupation)


def _catalog(profiles: Sequence[str]) -> Catalog:
    return Catalog.from_paths(profiles) if profiles else Catalog.bundled()


def _composer(phrasebook: str | None, locale: str = "en_US", serial_comma: bool = True) -> Composer:
    from .compose import Composer
    from .fragments import load_phrasebook

    book = load_phrasebook(phrasebook) if phrasebook else None
    return Composer(book, locale=locale, serial_comma=serial_comma)


# --- the commands --------------------------------------------------------------------------------


@click.group(
    cls=_Group,
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
@_occupation("a")
@_occupation("b")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="text", help="Output format (text)."
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
@profiles_option
@click.pass_obj
def profiles_list(out: TextIO, profiles: tuple[str, ...]) -> int:
    """Print one line per profile: slug and title, tab-separated.

    \b
    Example:
      narrator profiles list --profiles my-profiles/
    """
    for profile in _catalog(profiles):
        out.write(f"{profile.slug}\t{profile.title}\n")
    return EXIT_OK


@profiles.command("show", short_help="Show one profile as JSON.")
@_occupation("name")
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
@click.pass_obj
def profiles_import_oews(out: TextIO, path: str, folder: str, title_forms: str | None) -> int:
    """Write one profile per occupation from a BLS OEWS .sqlite or .sqlite.gz file.

    \b
    Example:
      narrator profiles import-oews oews_2025.sqlite.gz --out profiles/oews
    """
    from pathlib import Path

    from .bundled import PROFILES_DIR
    from .oews import import_oews, load_title_forms

    forms_file = Path(title_forms) if title_forms else PROFILES_DIR / "oews_title_forms.toml"
    forms = load_title_forms(forms_file) if title_forms or forms_file.exists() else {}
    report = import_oews(Path(path), Path(folder), title_forms=forms)
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
    from .grammar import title_forms

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


# --- batch: its options are checked here, before any work starts --------------------------------


def _at_least(low: int) -> Callable[[click.Context, click.Parameter, int | None], int | None]:
    """A callback refusing a number below ``low``."""

    def check(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is not None and value < low:
            raise click.BadParameter(f"must be at least {low} (got {value})")
        return value

    return check


def valid_date(
    ctx: click.Context | None, param: click.Parameter | None, value: str | None
) -> str | None:
    """A publication date: a real calendar day written YYYY-MM-DD.

    >>> valid_date(None, None, "2024-02-29")
    '2024-02-29'
    >>> valid_date(None, None, "2025-02-30")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    click.exceptions.BadParameter: must be a real day written YYYY-MM-DD, ... (got '2025-02-30')
    """
    import datetime

    if value is None:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
            datetime.date.fromisoformat(value)
            return value
    except ValueError:
        pass
    raise click.BadParameter(
        f"must be a real day written YYYY-MM-DD, such as 2025-05-01 (got {value!r})"
    )


def valid_site_url(ctx: click.Context | None, param: click.Parameter | None, value: str) -> str:
    """The site's address for WordPress: an http or https URL with a host, nothing else.

    >>> valid_site_url(None, None, "https://example.org/blog")
    'https://example.org/blog'
    >>> valid_site_url(None, None, "javascript:alert(1)")
    Traceback (most recent call last):
    click.exceptions.BadParameter: must be an http:// or https:// URL (got 'javascript:alert(1)')
    """
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # such as a malformed IPv6 host
        ok = False
    if not ok or any(c.isspace() or not c.isprintable() for c in value):
        raise click.BadParameter(f"must be an http:// or https:// URL (got {value!r})")
    return value


# A scheduler address as dask.distributed writes one: an optional protocol, a host name or
# address (IPv6 in brackets), an optional port, and a path only for in-process addresses.
_DASK_ADDRESS = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://)?(?:[\w.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?(?:/\S*)?", re.ASCII
)


def valid_dask_address(
    ctx: click.Context | None, param: click.Parameter | None, value: str | None
) -> str | None:
    """A Dask scheduler address, checked for its shape before any connection is tried.

    >>> valid_dask_address(None, None, "tcp://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> valid_dask_address(None, None, "not an address")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    click.exceptions.BadParameter: must be a Dask scheduler address ... (got 'not an address')
    """
    if value is None or _DASK_ADDRESS.fullmatch(value):
        return value
    raise click.BadParameter(
        f"must be a Dask scheduler address such as tcp://10.0.0.5:8786 (got {value!r})"
    )


def readable_csv(
    ctx: click.Context | None, param: click.Parameter | None, value: str | None
) -> str | None:
    """A pairs file the csv module can read: a malformed row is refused naming FILE:LINE.

    Reading the names and their meaning is narrator.batch's job; this only keeps the csv
    module's own errors (a field over its size limit) from ending in a traceback; the line
    named is the one csv stopped at. A file that cannot be read is left to narrator.batch,
    which names it.
    """
    import csv

    if value is None:
        return None
    try:
        with open(value, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return value
    reader = csv.reader(lines)
    try:
        for _row in reader:
            pass
    except csv.Error as exc:
        raise click.BadParameter(f"{value}:{reader.line_num}: {exc}") from None
    return value


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
@click.option("--only", cls=_Spread, metavar="NAME...", help="The pairs among these occupations.")
@click.option("--limit", type=int, metavar="N", callback=_at_least(0), help="At most N pairs.")
@click.option(
    "--jobs", type=int, default=1, metavar="N", callback=_at_least(1), help="Worker processes (1)."
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    callback=valid_dask_address,
    help="Run on a Dask scheduler instead, such as tcp://10.0.0.5:8786.",
)
@click.option("--incremental", is_flag=True, help="Write only articles whose content changed.")
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
    date: str | None,
    locale: str,
    serial_comma: bool,
    full_html: bool,
    site_title: str,
    site_url: str,
    profiles: tuple[str, ...],
) -> int:
    """Render many pairs into an output folder (see the README for the outputs).

    By default every unordered pair of the bundled profiles, in slug order.

    \b
    Example:
      narrator batch --out site --format markdown --format wxr --jobs 2 --limit 1000
    """
    from pathlib import Path

    from .batch import BatchError, Options, default_date, run_batch, select_pairs
    from .numbers import parse_locale

    parse_locale(locale)  # an unknown locale fails before any work starts
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
    )
    from .pool import WorkerError

    try:
        report = run_batch(
            chosen,
            Path(out),
            options,
            profile_paths=profiles or (),
            jobs=jobs,
            dask_address=dask,
            incremental=incremental,
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
@_occupation("a", required=False)
@_occupation("b", required=False)
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
        print(_one_line(exc), file=sys.stderr)
        return exc.exit_code
    except click.Abort:
        print("narrator: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return int(status or 0)


if __name__ == "__main__":
    sys.exit(main())
