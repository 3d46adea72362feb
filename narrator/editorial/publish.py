"""What publishing asks the review store: the review state of each article it writes.

``narrator batch --review DB`` and the writers read :func:`states` once for the slugs they
write, then map each state to their own field (WXR ``wp:status``, Hugo ``draft``, a jsonl
record's ``review_state``) with :func:`wp_status` and :func:`is_draft`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from .schema import STATES, VERSION, ReviewError, SchemaError, version

# Asked for at least 1/_SHARE of the index's articles, article_states reads them all.
_SHARE = 8

# WordPress statuses by review state: only approved text is published; text that changed since
# it was approved waits for review; what was never reviewed, or was rejected, stays a draft.
WP_STATUS = {
    "approved": "publish",
    "changed": "pending",
    "unreviewed": "draft",
    "rejected": "draft",
}


def states(db_path: str | Path, slugs: Iterable[str]) -> dict[str, str]:
    """The review state of each slug: approved, unreviewed, changed or rejected.

    A slug the review database has never seen is "unreviewed". One set-based query, whatever
    the number of slugs. The database is opened read-only: publishing never changes it (nor
    makes one of a file that is not). Raises ReviewError, naming ``db_path``, when it is not a
    review database this narrator reads.
    """
    path = Path(db_path)
    if not path.is_file():
        raise ReviewError(
            f"{db_path}: no such review database (make one with: narrator review index {db_path})"
        )
    wanted = list(slugs)
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30, isolation_level=None
        )
    except sqlite3.Error as exc:
        raise ReviewError(f"{db_path}: cannot open the review database ({exc})") from exc
    try:
        found = version(conn)
        if found == 0:
            raise ReviewError(
                f"{db_path}: not a review database (make one with: narrator review index)"
            )
        if found > VERSION:
            raise SchemaError(
                f"{db_path}: review database has schema version {found}; this narrator reads"
                f" {VERSION}"
            )
        known = article_states(conn, wanted)
    except sqlite3.DatabaseError as exc:
        raise ReviewError(f"{db_path}: not a usable review database ({exc})") from exc
    finally:
        conn.close()
    return {slug: known.get(slug, "unreviewed") for slug in wanted}


def article_states(conn: sqlite3.Connection, slugs: Iterable[str]) -> dict[str, str]:
    """The state of each named article present in the index (others are left out), in one
    query: for a few names, joined from a temporary table of them; for a large share of the
    index (a batch of every pair), read for every article at once, which is quicker than
    looking 346,528 names up one by one."""
    wanted = list(slugs)
    size = conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    if len(wanted) * _SHARE >= size:
        query = (
            "SELECT n.slug, a.state FROM articles a JOIN article_names n ON n.id = a.id"
            " WHERE a.present = 1"
        )
        every = {slug: STATES[state] for slug, state in conn.execute(query)}
        return {slug: every[slug] for slug in wanted if slug in every}
    conn.execute("BEGIN")
    try:
        conn.execute("DROP TABLE IF EXISTS temp.wanted")
        conn.execute("CREATE TEMP TABLE wanted (slug TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((s,) for s in wanted))
        query = (
            "SELECT n.slug, a.state FROM wanted w JOIN article_names n ON n.slug = w.slug"
            " JOIN articles a ON a.id = n.id WHERE a.present = 1"
        )
        return {slug: STATES[state] for slug, state in conn.execute(query)}
    finally:
        conn.execute("ROLLBACK")


def wp_status(state: str) -> str:
    """The WXR ``wp:status`` for a review state.

    >>> wp_status("approved"), wp_status("changed"), wp_status("rejected")
    ('publish', 'pending', 'draft')
    """
    return WP_STATUS[state]


def is_draft(state: str) -> bool:
    """Whether a Hugo page gets ``draft: true``: every state but approved.

    >>> is_draft("approved"), is_draft("unreviewed")
    (False, True)
    """
    return state != "approved"
