"""``narrator review``: the review commands, as a click group the main command line registers.

``index`` builds or regenerates a review database; ``serve`` opens the review web app;
``status``, ``approve``, ``reject`` and ``export`` do without a browser what the app does. Bad
input is one line on stderr and exit status 2, never a traceback.

Register with ``cli.add_command(review)``; ``python -m narrator.editorial`` runs it alone.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from ..errors import NarratorError
from .schema import KINDS, ReviewError

if TYPE_CHECKING:  # the commands import what they use, so registering the group costs nothing
    from .corpus import Source
    from .store import ReviewStore

EXIT_BAD_INPUT = 2


class _Command(click.Command):
    """A command whose failures on bad input are one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NarratorError as exc:
            click.echo(f"narrator: {exc}", err=True)
            ctx.exit(EXIT_BAD_INPUT)


class _Group(click.Group):
    """The review group; run on its own, its usage errors are one line too."""

    command_class = _Command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.ClickException as exc:
            click.echo(f"narrator: {exc.format_message()}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.Abort:
            click.echo("narrator: interrupted", err=True)
            sys.exit(130)
        sys.exit(code if isinstance(code, int) else 0)


def _source_options(command: Any) -> Any:
    command = click.option(
        "--articles",
        type=click.Path(dir_okay=False),
        metavar="FILE",
        help="A batch's articles.jsonl to review (default: compose every pair here).",
    )(command)
    command = click.option(
        "--phrasebook",
        type=click.Path(file_okay=False),
        metavar="DIR",
        help="The phrasebook folder (default: the bundled one).",
    )(command)
    return click.option(
        "--profiles",
        multiple=True,
        type=click.Path(),
        metavar="PATH",
        help="Profile files or folders, repeatable (default: the bundled ones).",
    )(command)


def _source(profiles: tuple[str, ...], phrasebook: str | None, articles: str | None) -> Source:
    from .corpus import Source

    return Source(tuple(profiles), phrasebook, articles)


def _regenerate(store: ReviewStore, source: Source) -> int:
    composer, catalog = source.composer(), source.catalog()
    return store.index(source.records(composer, catalog), source.indexer(composer, catalog))


_DB = click.argument("db", type=click.Path(dir_okay=False), metavar="DB")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
def review() -> None:
    """Review generated articles: approve phrasings, sentences, data values and articles.

    \b
    Example:
      narrator review index review.db --profiles profiles/seed
      narrator review serve review.db --profiles profiles/seed
    """


@review.command(short_help="Build or regenerate a review database.")
@_DB
@_source_options
def index(db: str, profiles: tuple[str, ...], phrasebook: str | None, articles: str | None) -> None:
    """Index every article of the source into DB, keeping every decision already made.

    Run it again after editing profiles or fragments: approvals hold where the text is the
    same; what changed is marked "changed" with its cause.

    \b
    Example:
      narrator review index review.db --articles out/articles.jsonl
    """
    from .store import ReviewStore

    with ReviewStore(db) as store:
        count = _regenerate(store, _source(profiles, phrasebook, articles))
        counts = store.counts()
    click.echo(f"indexed {count} articles: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@review.command(short_help="Open the review web app.")
@_DB
@_source_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    default=None,
    help="Access token (required beyond localhost; made up when not given).",
)
def serve(
    db: str,
    profiles: tuple[str, ...],
    phrasebook: str | None,
    articles: str | None,
    host: str,
    port: int,
    token: str | None,
) -> None:
    """Serve the review app for DB on http://HOST:PORT (indexing the source first if DB is new).

    \b
    Example:
      narrator review serve review.db --port 8765
    """
    try:
        import uvicorn

        from .web import create_app, is_local
    except ImportError as exc:
        raise ReviewError(
            f"the review app needs narrator[review] installed ({exc.name} is missing)"
        ) from exc
    import secrets

    from .store import ReviewStore

    source = _source(profiles, phrasebook, articles)
    with ReviewStore(db) as store:
        if store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0:
            click.echo("narrator review: indexing every article of the source first", err=True)
            _regenerate(store, source)
    if not is_local(host) and token is None:
        token = secrets.token_urlsafe(16)
    app = create_app(db, source, token=None if is_local(host) else token)
    shown = f"http://{host}:{port}/" + (f"?token={token}" if not is_local(host) else "")
    click.echo(f"narrator review: {shown}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@review.command(short_help="Print how many articles are in each state.")
@_DB
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def status(db: str, as_json: bool) -> None:
    """Print the count of articles in each state, and the data notes still open.

    \b
    Example:
      narrator review status review.db --json
    """
    with _existing(db) as store:
        counts = store.counts()
        from .queries import notes as open_notes

        notes = [n for n in open_notes(store.conn) if n["state"] != "fine"]
    if as_json:
        click.echo(
            json.dumps({"articles": counts, "open_notes": notes}, indent=2, ensure_ascii=False)
        )
        return
    for state, count in counts.items():
        click.echo(f"{state}\t{count}")
    for note in notes:
        click.echo(
            f"note\t{note['profile']}.{note['field']}\t{note['state']}\t{note['note'] or ''}"
        )


def _decide_command(action_name: str, verb: str) -> Any:
    @review.command(
        action_name, short_help=f"{verb.capitalize()} phrasings, sentences, values or articles."
    )
    @_DB
    @click.argument("kind", type=click.Choice(KINDS))
    @click.argument("names", nargs=-1, required=True, metavar="NAME...")
    @click.option("--comment", default="", help="Why (kept with the decision).")
    @click.option("--editor", default="", help="Who decides.")
    def command(db: str, kind: str, names: tuple[str, ...], comment: str, editor: str) -> None:
        with _existing(db) as store:
            keys = [_key(store, kind, name) for name in names]
            action = _ACTIONS[kind][action_name]
            count = store.decide(kind, keys, action, comment=comment, editor=editor)
            counts = store.counts()
        click.echo(
            f"{action}: {count} {kind}(s); " + ", ".join(f"{v} {k}" for k, v in counts.items())
        )

    command.help = (
        f"{verb.capitalize()} items of KIND named by NAME: a phrasing as FRAGMENT#INDEX (or its"
        " key), "
        "a sentence by its key, a value as PROFILE.FIELD (or its key), an article by its slug."
        + (" For a value, approve means accept and reject means mark to fix." if verb else "")
        + f"\n\n\b\nExample:\n  narrator review {action_name} review.db phrasing"
        f" opening.salary.lower#0 --comment 'reads well'"
    )
    return command


_ACTIONS = {
    kind: {
        "approve": "accept" if kind == "value" else "approve",
        "reject": "to-fix" if kind == "value" else "reject",
    }
    for kind in KINDS
}
_decide_command("approve", "approve")
_decide_command("reject", "reject")


@review.command(short_help="Write every decision as JSON.")
@_DB
@click.option("--out", type=click.Path(dir_okay=False), default="-", help="File (default: stdout).")
def export(db: str, out: str) -> None:
    """Write every decision made in DB, in order, and the verdicts that hold, as JSON.

    \b
    Example:
      narrator review export review.db --out decisions.json
    """
    with _existing(db) as store:
        text = json.dumps(store.export(), indent=2, ensure_ascii=False) + "\n"
    if out == "-":
        sys.stdout.write(text)
        return
    try:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise ReviewError(f"{out}: cannot write: {exc.strerror}") from exc


def _existing(db: str) -> ReviewStore:
    import os

    from .store import ReviewStore

    if not os.path.isfile(db):
        raise ReviewError(
            f"{db}: no such review database (make one with: narrator review index {db})"
        )
    return ReviewStore(db)


def _key(store: ReviewStore, kind: str, name: str) -> str:
    """The key of the item ``name`` names (see the decide commands' help)."""
    conn = store.conn
    if kind == "phrasing" and "#" in name:
        fragment, _, index = name.rpartition("#")
        row = conn.execute(
            "SELECT key FROM phrasings WHERE fragment = ? AND idx = ? AND n0 + n1 + n2 + n3 > 0",
            (fragment, int(index) if index.isdigit() else -1),
        ).fetchone()
        if row is None:
            raise ReviewError(f"no phrasing {name!r} in use: name it FRAGMENT#INDEX")
        return str(row[0])
    if kind == "value" and "." in name and len(name) != 32:
        from .queries import value_key

        return value_key(conn, name)
    return name


if __name__ == "__main__":  # pragma: no cover
    review()
