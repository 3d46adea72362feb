"""The ``narrator`` command line: compare occupations, inspect profiles, show title forms.

Every user mistake (an unknown occupation, a malformed profile, an unknown locale, a bad flag)
ends with one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from . import __version__
from .catalog import Catalog
from .errors import NarratorError
from .render import FORMATS, render

if TYPE_CHECKING:
    from .compose import Composer

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_FAILED = 1  # a run that could not finish, through no fault of its input


class UsageError(NarratorError):
    """The command line was used in a way no command accepts."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line, like every other input error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _catalog(args: argparse.Namespace) -> Catalog:
    paths = getattr(args, "profiles", None)
    return Catalog.from_paths(paths) if paths else Catalog.bundled()


EXIT_CHECK_FAILED = 1


def _composer(args: argparse.Namespace) -> Composer:
    from .compose import Composer
    from .phrasebook import load_phrasebook

    book = load_phrasebook(args.phrasebook) if getattr(args, "phrasebook", None) else None
    return Composer(
        book,
        locale=getattr(args, "locale", "en_US"),
        serial_comma=getattr(args, "serial_comma", True),
    )


def cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    """Write the article comparing two occupations; with --check, fact-check it first."""
    catalog = _catalog(args)
    a, b = catalog.find(args.a), catalog.find(args.b)
    article = _composer(args).compose(a, b)
    if args.check:
        from .factcheck import check

        problems = check(article, a, b, args.locale)
        for problem in problems:
            print(f"narrator: fact check: {problem}", file=sys.stderr)
        if problems:
            return EXIT_CHECK_FAILED
    out.write(render(article, args.format))
    return EXIT_OK


def cmd_batch(args: argparse.Namespace, out: TextIO) -> int:
    """Render many pairs into an output folder (see narrator.batch)."""
    from pathlib import Path

    from .batch import BatchError, Options, default_date, run_batch, select_pairs
    from .numbers import parse_locale

    parse_locale(args.locale)  # an unknown locale fails before any work starts
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1 (got {args.jobs})")
    if args.limit is not None and args.limit < 0:
        raise UsageError(f"--limit must not be negative (got {args.limit})")
    if args.date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        raise UsageError(f"--date must look like 2025-05-01 (got {args.date!r})")
    catalog = _catalog(args)
    pairs = select_pairs(
        catalog,
        pairs_file=Path(args.pairs) if args.pairs else None,
        only=args.only or (),
        limit=args.limit,
    )
    if not pairs:
        raise BatchError("no pairs to render; check --pairs, --only and --limit")
    options = Options(
        formats=tuple(dict.fromkeys(args.format or ["jsonl"])),
        date=args.date or default_date(pairs),
        locale=args.locale,
        serial_comma=args.serial_comma,
        full_html=args.full_html,
        site_title=args.site_title,
        site_url=args.site_url,
    )
    from .pool import WorkerError

    try:
        report = run_batch(
            pairs,
            Path(args.out),
            options,
            profile_paths=args.profiles or (),
            jobs=args.jobs,
            dask_address=args.dask,
            incremental=args.incremental,
            progress=sys.stderr,
        )
    except WorkerError as exc:
        # Not the user's input, but not a bug to show a traceback for either; what was
        # finished is kept, and --incremental picks up from there.
        print(f"narrator: {exc}; run again with --incremental to finish", file=sys.stderr)
        return EXIT_FAILED
    out.write(report.summary() + f" in {args.out}\n")
    return EXIT_OK


def cmd_lint(args: argparse.Namespace, out: TextIO) -> int:
    """Check phrasebook folders; one line per problem; exit 2 when there is any."""
    # The seed profiles plus the corpus's own full profile cover every case; using all
    # bundled profiles as bases would multiply the corpus for no new case.
    from .catalog import bundled_profile_dirs
    from .lint import lint

    seed = [d for d in bundled_profile_dirs() if d.name == "seed"]
    bases = list(Catalog.from_paths(seed)) if seed else []
    problems = [problem for root in (args.paths or [None]) for problem in lint(root, bases)]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_BAD_INPUT
    out.write("phrasebook ok\n")
    return EXIT_OK


def cmd_variants(args: argparse.Namespace, out: TextIO) -> int:
    """Every sentence a fragment can write, for a pair or in outline."""
    from .variants import for_pair, shape

    composer = _composer(args)
    if args.a is None:
        lines = shape(composer, args.fragment).lines()
    elif args.b is None:
        raise UsageError("variants takes a fragment id and either no occupations or two")
    else:
        catalog = _catalog(args)
        lines = for_pair(composer, args.fragment, catalog.find(args.a), catalog.find(args.b))
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def cmd_profiles_list(args: argparse.Namespace, out: TextIO) -> int:
    """One line per profile: slug and title, tab-separated."""
    # --- look-up by the names people use (issue 15): --search WORD
    if args.search:
        for profile, alternate in _catalog(args).search(args.search):
            extra = f"\t{alternate}" if alternate else ""
            out.write(f"{profile.slug}\t{profile.title}{extra}\n")
        return EXIT_OK
    for profile in _catalog(args):
        out.write(f"{profile.slug}\t{profile.title}\n")
    return EXIT_OK


def cmd_profiles_show(args: argparse.Namespace, out: TextIO) -> int:
    """One profile's data, as JSON."""
    from .profile import profile_to_dict

    profile = _catalog(args).find(args.name)
    out.write(json.dumps(profile_to_dict(profile), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def cmd_profiles_validate(args: argparse.Namespace, out: TextIO) -> int:
    """Check profile files; print review notes; fail on the first invalid file."""
    from .catalog import bundled_profile_dirs
    from .review import review

    catalog = Catalog.from_paths(args.paths or bundled_profile_dirs())
    notes = [note for profile in catalog for note in review(profile)]
    for note in notes:
        out.write(f"note: {note}\n")
    out.write(f"{len(catalog)} profiles valid, {len(notes)} review notes\n")
    return EXIT_OK


def cmd_profiles_import_oews(args: argparse.Namespace, out: TextIO) -> int:
    """Write one profile per occupation from a BLS OEWS .sqlite or .sqlite.gz file."""
    from pathlib import Path

    from profiles import DATA_DIR

    from .importers import SourceFiles, find_sources, import_oews, load_title_forms

    forms_file = Path(args.title_forms) if args.title_forms else DATA_DIR / "oews_title_forms.toml"
    forms = load_title_forms(forms_file) if args.title_forms or forms_file.exists() else {}
    # --- the other official sources (issue 15): a folder, and/or one option per source
    found = find_sources(Path(args.data)) if args.data else SourceFiles()
    named = {key: getattr(args, key) for key in _SOURCE_OPTIONS if getattr(args, key)}
    data = SourceFiles(
        **{
            **{k: getattr(found, k) for k in found.given()},
            **{key: Path(value) for key, value in named.items()},
        }
    )
    report = import_oews(Path(args.path), Path(args.out), title_forms=forms, data=data)
    out.write(report.summary() + "\n")
    return EXIT_OK


def _titles(given: Sequence[str], stdin: TextIO) -> Iterable[str]:
    if given:
        yield from given
        return
    for line in stdin:
        if line.strip():
            yield line.strip()


def cmd_forms(args: argparse.Namespace, out: TextIO) -> int:
    """How each title reads in running text, one JSON object a line."""
    from .grammar import title_forms

    catalog = Catalog.bundled()
    keys = ("title", "singular", "plural", "indefinite", "possessive_plural")
    for title in _titles(args.titles, sys.stdin):
        overrides: dict[str, str] = {}
        # Any title works; a bundled occupation only adds its overrides.
        with contextlib.suppress(NarratorError):
            overrides = dict(catalog.find(title).title_forms)
        forms = title_forms(title, overrides).as_dict()
        out.write(json.dumps({k: forms[k] for k in keys}, ensure_ascii=False) + "\n")
    return EXIT_OK


def _add_wording_options(parser: argparse.ArgumentParser) -> None:
    """--locale and --serial-comma, which every command that writes articles takes."""
    parser.add_argument("--locale", default="en_US", help="CLDR locale for numbers (en_US)")
    parser.add_argument(
        "--serial-comma",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="write 'a, b, and c' (default) or 'a, b and c'",
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser for every command (the README documents each one).

    With ``command``, only that command's arguments are defined; the others are listed by
    name and help only. That is all a run of one command needs, and it saves a run such as
    `narrator compare` the time of setting up every other command's arguments.
    """
    parser = _Parser(prog="narrator", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"narrator {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (help_text, define) in _COMMANDS.items():
        subparser = commands.add_parser(name, help=help_text)
        if command is None or command == name:
            define(subparser)
    return parser


def _define_compare(compare: argparse.ArgumentParser) -> None:
    compare.add_argument("a", help="first occupation: a title (any case) or a slug")
    compare.add_argument("b", help="second occupation: a title (any case) or a slug")
    compare.add_argument("--format", choices=FORMATS, default="text", help="output format")
    _add_wording_options(compare)
    compare.add_argument(
        "--profiles",
        nargs="+",
        metavar="PATH",
        help="profile files or folders instead of the bundled ones",
    )
    compare.add_argument(
        "--phrasebook", metavar="DIR", help="a phrasebook folder instead of the bundled one"
    )
    compare.add_argument(
        "--check",
        action="store_true",
        help="fact-check every figure against the data first; exit 1 if one does not trace",
    )
    compare.set_defaults(run=cmd_compare)


def _define_profiles(profiles: argparse.ArgumentParser) -> None:
    sub = profiles.add_subparsers(dest="profiles_command", required=True, parser_class=_Parser)
    listing = sub.add_parser("list", help="list the occupations: slug and title")
    listing.add_argument("--profiles", nargs="+", metavar="PATH", help="profile files or folders")
    listing.add_argument(
        "--search", metavar="WORD", help="only occupations whose title or another name has WORD"
    )
    listing.set_defaults(run=cmd_profiles_list)
    show = sub.add_parser("show", help="show one profile as JSON")
    show.add_argument("name", help="a title (any case) or a slug")
    show.add_argument("--profiles", nargs="+", metavar="PATH", help="profile files or folders")
    show.set_defaults(run=cmd_profiles_show)
    validate = sub.add_parser("validate", help="check profile files (the bundled ones by default)")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="profile files or folders")
    validate.set_defaults(run=cmd_profiles_validate)
    import_oews = sub.add_parser(
        "import-oews", help="write profiles from a BLS OEWS .sqlite or .sqlite.gz file"
    )
    import_oews.add_argument("path", metavar="PATH", help="the OEWS .sqlite or .sqlite.gz file")
    import_oews.add_argument(
        "--out", metavar="DIR", default="oews-profiles", help="folder to write (oews-profiles)"
    )
    import_oews.add_argument(
        "--title-forms",
        metavar="FILE",
        help="title-form overrides by SOC code (default: the bundled oews_title_forms.toml)",
    )
    # --- the other official sources (issue 15) ---
    import_oews.add_argument(
        "--data", metavar="DIR", help="a folder of the other official files, found by content"
    )
    for key, what in _SOURCE_OPTIONS.items():
        option = "--" + key.replace("_", "-")
        import_oews.add_argument(option, dest=key, metavar="PATH", help=what)
    import_oews.set_defaults(run=cmd_profiles_import_oews)


#: One option per source of `profiles import-oews` (each overrides what --data found).
_SOURCE_OPTIONS = {
    "outlook": "EP workbook with Table 1.2 (growth, openings, entry requirements)",
    "education": "EP workbook with Table 5.3 (educational attainment)",
    "skills": "EP Table 6.2 as CSV (skills)",
    "crosswalk": "BLS O*NET-SOC to National Employment Matrix crosswalk (.xlsx)",
    "onet": "O*NET database folder of text files (Job Zones, technologies, titles)",
    "census": "Census 2018 occupation code list and crosswalk (.xlsx)",
    "cps_11": "CPS table 11 (.xlsx: women, race, Hispanic)",
    "cps_11b": "CPS table 11b (.xlsx: median age)",
}


def _define_forms(forms: argparse.ArgumentParser) -> None:
    forms.add_argument("titles", nargs="*", metavar="TITLE", help="titles; read stdin if none")
    forms.set_defaults(run=cmd_forms)


def _define_batch(batch: argparse.ArgumentParser) -> None:
    batch.add_argument("--out", required=True, metavar="DIR", help="output folder")
    batch.add_argument(
        "--format",
        action="append",
        choices=("jsonl", "markdown", "html", "wxr"),
        help="jsonl (default), markdown (Hugo), html or wxr (WordPress); repeatable",
    )
    batch.add_argument("--pairs", metavar="FILE", help="a CSV of two occupation names a line")
    batch.add_argument("--only", nargs="+", metavar="NAME", help="the pairs among these")
    batch.add_argument("--limit", type=int, metavar="N", help="at most N pairs")
    batch.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (1)")
    batch.add_argument("--dask", metavar="ADDRESS", help="run on a Dask scheduler instead")
    batch.add_argument(
        "--incremental", action="store_true", help="write only articles whose content changed"
    )
    batch.add_argument(
        "--date", metavar="YYYY-MM-DD", help="publication date (default: the data's release)"
    )
    _add_wording_options(batch)
    batch.add_argument("--full-html", action="store_true", help="html: whole pages, not fragments")
    batch.add_argument("--site-title", default="Career comparisons", help="wxr: the site's title")
    batch.add_argument("--site-url", default="https://example.org", help="wxr: the site's URL")
    batch.add_argument("--profiles", nargs="+", metavar="PATH", help="profile files or folders")
    batch.set_defaults(run=cmd_batch)


def _define_lint(lint: argparse.ArgumentParser) -> None:
    lint.add_argument("paths", nargs="*", metavar="PATH", help="phrasebook folders")
    lint.set_defaults(run=cmd_lint)


def _define_variants(variants: argparse.ArgumentParser) -> None:
    variants.add_argument(
        "fragment", metavar="FRAGMENT_ID", help="a fragment id, e.g. pay.range.both"
    )
    variants.add_argument("a", nargs="?", help="first occupation (optional)")
    variants.add_argument("b", nargs="?", help="second occupation (optional)")
    variants.add_argument(
        "--phrasebook", metavar="DIR", help="a phrasebook folder instead of the bundled one"
    )
    variants.add_argument("--profiles", nargs="+", metavar="PATH", help="profile files or folders")
    variants.set_defaults(run=cmd_variants)


# Each command: its help line and what defines its arguments.
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "compare": ("write the article comparing two occupations", _define_compare),
    "profiles": ("list, show or validate profiles", _define_profiles),
    "forms": (
        "show how titles read in running text (titles as arguments or on stdin)",
        _define_forms,
    ),
    "batch": ("render many pairs (every unordered pair by default) into a folder", _define_batch),
    "lint": ("check phrasebook folders (the bundled one by default)", _define_lint),
    "variants": ("list what a fragment can say: in outline, or for one pair", _define_variants),
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status."""
    words = sys.argv[1:] if argv is None else argv
    # The command is the first word that is not an option (narrator's own options take no value).
    command = next((word for word in words if not word.startswith("-")), None)
    parser = build_parser(command if command in _COMMANDS else None)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, out or sys.stdout))
    except NarratorError as exc:
        print(f"narrator: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        # Interrupting is a choice, not a crash; batch output stays whole (atomic writes).
        print("narrator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `narrator profiles list | head` is normal use, not an error.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
