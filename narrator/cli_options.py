"""The command line's shared options, its one-line usage errors, and its checks of values.

The commands themselves are in ``narrator.cli``; here is what they share: click's classes made
to keep the house rule (bad input is one line on stderr and exit status 2, never a traceback),
the options several commands take (each defined once), and the checks that refuse a bad value
at the edge, before any work starts.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from .errors import NarratorError

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

_F = TypeVar("_F", bound=Callable[..., Any])


# --- click, made to keep the house rules ---------------------------------------------------------


class Spread(click.Option):
    """An option that takes one or more values, as in ``--profiles a.toml b/``.

    click options take a fixed number of values, so the command rewrites ``--profiles a b`` as
    ``--profiles a --profiles b`` before parsing (see ``Command.parse_args``).
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


class Command(click.Command):
    """A command whose failures on bad input are one line on stderr and exit status 2."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        names = {name for param in self.params if isinstance(param, Spread) for name in param.opts}
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


class Group(click.Group):
    """A group of commands that keep the house rules (its sub-groups too)."""

    command_class = Command
    group_class = type  # a sub-group is a Group as well

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No command is a usage error like any other: one line, not the whole help.
        kwargs.setdefault("no_args_is_help", False)
        super().__init__(*args, **kwargs)
        # Commands imported only when asked for, so that `compare` does not load them.
        self.lazy: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = self.lazy.get(cmd_name)
        if where is not None and cmd_name not in self.commands:
            import importlib

            module, _, name = where.partition(":")
            self.add_command(getattr(importlib.import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)


def one_line(exc: click.ClickException) -> str:
    """A click usage error as the one line the house rules allow, pointing to --help.

    >>> ctx = click.Context(click.Command("batch"), info_name="narrator batch")
    >>> print(one_line(click.NoSuchOption("--frobnicate", ctx=ctx)))
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
        cls=Spread,
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


def complete_occupation(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """The bundled slugs that start with what has been typed, for shell completion."""
    from .catalog import Catalog

    return [p.slug for p in Catalog.bundled() if p.slug.startswith(incomplete.lower())]


def occupation_argument(name: str, required: bool = True) -> Callable[[_F], _F]:
    """An argument naming an occupation: a title, a slug or a SOC code; completes slugs."""
    return click.argument(name, required=required, shell_complete=complete_occupation)


# --- checks that refuse a bad value before any work starts --------------------------------------


def at_least(low: int) -> Callable[[click.Context, click.Parameter, int | None], int | None]:
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
