"""The review store: one SQLite file of decisions and the corpus index they apply to.

:class:`ReviewStore` is the whole interface the web app, the command line and publishing use.
Every write runs in one ``BEGIN IMMEDIATE`` transaction, so a write interrupted at any point
leaves the previous state, and two editors writing at once are serialised, not lost (WAL and
``busy_timeout``, see narrator.editorial.schema).

What a verdict applies to:

- a *phrasing* (key: fragment, index, template text) approves every sentence it writes, unless
  the sentence reads a value with an open note, or its place held other approved text before;
- a *sentence* (key: its content) is approved or rejected wherever that content stands;
- a *value* (key: profile, field, value) is accepted (its note closed) or marked to fix;
- an *article* (key: its slug) is rejected as a whole, or approved: every sentence and cell in
  it approved at once.

States are worked out with set-based SQL: a decision recomputes the state of the places it
touches, then adds the differences to per-article, per-profile and per-phrasing counters.
"""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .build import (
    ARTICLE_STATE,
    GROUP_STATE,
    PLACE_STATE,
    SIDES,
    content_notes,
    merge,
    place_state,
    recount,
    stage,
    value_states,
    write_stage,
)
from .corpus import Indexer, Rows
from .schema import (
    APPROVED,
    KINDS,
    REJECTED,
    STATES,
    ReviewError,
    connect,
)

ACTIONS = {
    "phrasing": ("approve", "reject", "comment"),
    "sentence": ("approve", "reject", "comment"),
    "value": ("accept", "to-fix", "comment"),
    "article": ("approve", "reject", "comment"),
}
_VERDICT = {"approve": 1, "reject": 2}
_BATCH = 2000  # articles read between two writes of rows while indexing


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ReviewStore:
    """A review database: open it, index a corpus into it, record decisions, read states.

    >>> import tempfile, os
    >>> store = ReviewStore(os.path.join(tempfile.mkdtemp(), "review.db"))
    >>> store.counts()
    {'approved': 0, 'unreviewed': 0, 'changed': 0, 'rejected': 0}
    >>> store.close()
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise ReviewError(f"{path}: is a folder, not a review database file")
        self.conn = connect(self.path)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is kept, or none of it."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # --- the corpus index -------------------------------------------------------------------

    def index(self, records: Iterable[dict[str, Any]], indexer: Indexer) -> int:
        """Replace the corpus index with these articles, keeping every decision; returns how
        many articles were indexed.

        Approvals whose content is unchanged hold; a place whose content changed since it was
        approved becomes "changed"; a place no longer written is "changed" too until approved.
        """
        with self.transaction() as conn:
            stage(conn)
            count = 0
            rows = Rows()
            for record in records:
                indexer.add(record, rows)
                count += 1
                if count % _BATCH == 0:
                    write_stage(conn, rows)
                    rows = Rows()
            write_stage(conn, rows)
            merge(conn)
            recount(conn)
        return count

    # --- decisions --------------------------------------------------------------------------

    def decide(
        self,
        kind: str,
        keys: Sequence[str],
        action: str,
        *,
        comment: str = "",
        editor: str = "",
    ) -> int:
        """Record one action on items of one kind, by key; returns how many items it named.

        Raises ReviewError for an unknown kind, action or key.
        """
        if kind not in ACTIONS:
            raise ReviewError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        if action not in ACTIONS[kind]:
            raise ReviewError(f"cannot {action!r} a {kind}: use one of {', '.join(ACTIONS[kind])}")
        if action == "comment" and not comment.strip():
            raise ReviewError("a comment needs some text")
        with self.transaction() as conn:
            conn.execute("DROP TABLE IF EXISTS temp.picked")
            conn.execute("CREATE TEMP TABLE picked (key TEXT PRIMARY KEY, label TEXT)")
            conn.executemany("INSERT OR IGNORE INTO picked (key) VALUES (?)", [(k,) for k in keys])
            missing = _label(conn, kind)
            if missing:
                raise ReviewError(f"no {kind} with key {missing!r} in this review database")
            now = _now()
            conn.execute(
                "INSERT INTO decisions (kind, key, action, comment, label, at, editor)"
                " SELECT ?, key, ?, ?, label, ?, ? FROM picked",
                (kind, action, comment, now, editor),
            )
            if action != "comment":
                _apply(conn, kind, action)
            return int(conn.execute("SELECT count(*) FROM picked").fetchone()[0])

    def decide_articles(self, where: str, params: Sequence[Any], action: str, **how: str) -> int:
        """``decide`` on every article a filter selects (see narrator.editorial.queries)."""
        slugs = [
            r[0]
            for r in self.conn.execute(
                "SELECT slug FROM article_names WHERE id IN"
                f" (SELECT id FROM articles WHERE {where})",
                params,
            )
        ]
        if not slugs:
            return 0
        return self.decide("article", slugs, action, **how)

    # --- reading ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many articles are in each state."""
        found = dict.fromkeys(STATES, 0)
        query = "SELECT state, count(*) FROM articles WHERE present = 1 GROUP BY state"
        for state, count in self.conn.execute(query):
            found[STATES[state]] = count
        return found

    def states(self, slugs: Iterable[str]) -> dict[str, str]:
        """The state of each named article present in the index (others are left out)."""
        from .publish import article_states

        return article_states(self.conn, slugs)

    def export(self) -> dict[str, Any]:
        """Every decision ever made, in order, and the verdicts that hold now."""
        conn = self.conn
        decisions = [
            dict(
                zip(
                    ("id", "kind", "key", "action", "comment", "label", "editor", "at"),
                    row,
                    strict=True,
                )
            )
            for row in conn.execute(
                "SELECT id, kind, key, action, comment, label, editor, at FROM decisions ORDER"
                " BY id"
            )
        ]
        verdicts = [
            {"kind": kind, "key": key, "status": status}
            for kind, key, status in conn.execute(
                "SELECT kind, key, status FROM verdicts ORDER BY kind, key"
            )
        ]
        return {
            "format": "narrator-review",
            "version": 1,
            "decisions": decisions,
            "verdicts": verdicts,
        }


# --- labels: the item as the decision log records it ---------------------------------------------

_LABELS = {
    "phrasing": (
        "SELECT fragment || '#' || idx || ': ' || template FROM phrasings WHERE key = picked.key"
    ),
    "sentence": "SELECT text FROM contents WHERE key = picked.key",
    "value": (
        "SELECT p.slug || '.' || v.field || ' = ' || v.value FROM vals v"
        " JOIN profiles p ON p.id = v.profile WHERE v.key = picked.key"
    ),
    "article": (
        "SELECT slug FROM article_names n JOIN articles a ON a.id = n.id"
        " WHERE n.slug = picked.key AND a.present = 1"
    ),
}


def _label(conn: sqlite3.Connection, kind: str) -> str | None:
    """Fill in each picked item's label; the first key that names nothing, if any."""
    conn.execute(f"UPDATE picked SET label = ({_LABELS[kind]})")
    row = conn.execute("SELECT key FROM picked WHERE label IS NULL LIMIT 1").fetchone()
    return None if row is None else str(row[0])


# --- applying a verdict -------------------------------------------------------------------------


def _apply(conn: sqlite3.Connection, kind: str, action: str) -> None:
    """Record the verdict on the picked items and bring every state it touches up to date."""
    conn.execute(
        "INSERT INTO verdicts (kind, key, status) SELECT ?, key, ? FROM picked WHERE true"
        " ON CONFLICT (kind, key) DO UPDATE SET status = excluded.status",
        (kind, action),
    )
    _touch_start(conn)
    touch = "INSERT OR IGNORE INTO touched SELECT p.phrasing, p.id"
    if kind == "phrasing":
        conn.execute(
            "UPDATE phrasings SET verdict = ? WHERE key IN (SELECT key FROM picked)",
            (_VERDICT[action],),
        )
        # Places are stored by phrasing: the picked phrasings' places are read as ranges,
        # without listing them first.
        _refresh(
            conn,
            rebase=action == "approve",
            places="p.phrasing IN (SELECT id FROM phrasings WHERE key IN (SELECT key FROM picked))",
        )
        return
    if kind == "sentence":
        conn.execute(
            "UPDATE contents SET verdict = ? WHERE key IN (SELECT key FROM picked)",
            (_VERDICT[action],),
        )
        conn.execute(
            f"{touch} FROM contents c JOIN places p ON p.content = c.id"
            " WHERE c.key IN (SELECT key FROM picked)"
        )
    elif kind == "value":
        value_states(conn, "key IN (SELECT key FROM picked)")
        content_notes(conn, "key IN (SELECT key FROM picked)")
        conn.execute(
            f"{touch} FROM vals v JOIN content_vals cv ON cv.val = v.id"
            " JOIN places p ON p.content = cv.content WHERE v.key IN (SELECT key FROM picked)"
        )
    else:
        _article(conn, action, touch)
    _refresh(conn)


def _article(conn: sqlite3.Connection, action: str, touch: str) -> None:
    """An article's verdict: rejected as a whole, or every sentence and cell in it approved."""
    conn.execute("DROP TABLE IF EXISTS temp.picked_articles")
    conn.execute(
        "CREATE TEMP TABLE picked_articles AS SELECT id FROM article_names"
        " WHERE slug IN (SELECT key FROM picked)"
    )
    conn.execute(
        "UPDATE articles SET flag = ? WHERE id IN (SELECT id FROM picked_articles)",
        (REJECTED if action == "reject" else 0,),
    )
    conn.execute(
        f"{touch} FROM articles a JOIN places p ON p.article = a.id"
        " WHERE a.id IN (SELECT id FROM picked_articles)"
    )
    conn.execute(
        f"{touch} FROM articles a JOIN places p ON p.profile IN (a.a, a.b)"
        " WHERE a.id IN (SELECT id FROM picked_articles)"
    )
    # The articles themselves, for their flag, even when no place of theirs changes state.
    conn.execute("INSERT OR IGNORE INTO affected SELECT id FROM picked_articles")
    if action != "approve":
        return
    # A sentence no longer written, in an approved article, is accepted as gone.
    conn.execute(
        "DELETE FROM places WHERE content IS NULL AND (phrasing, id) IN (SELECT * FROM touched)"
    )
    conn.execute(
        "INSERT INTO verdicts (kind, key, status) SELECT DISTINCT 'sentence', c.key, 'approve'"
        " FROM touched t JOIN places p ON p.phrasing = t.phrasing AND p.id = t.id"
        " JOIN contents c ON c.id = p.content"
        " WHERE true ON CONFLICT (kind, key) DO UPDATE SET status = 'approve'"
    )
    conn.execute(
        "UPDATE contents SET verdict = 1 WHERE id IN (SELECT p.content FROM touched t"
        " JOIN places p ON p.phrasing = t.phrasing AND p.id = t.id)"
    )


def _touch_start(conn: sqlite3.Connection) -> None:
    conn.execute("DROP TABLE IF EXISTS temp.touched")
    conn.execute(
        "CREATE TEMP TABLE touched (phrasing INTEGER, id INTEGER, PRIMARY KEY (phrasing, id))"
        " WITHOUT ROWID"
    )
    conn.execute("DROP TABLE IF EXISTS temp.affected")
    conn.execute("CREATE TEMP TABLE affected (id INTEGER PRIMARY KEY) WITHOUT ROWID")


def _refresh(conn: sqlite3.Connection, *, rebase: bool = False, places: str = "") -> None:
    """Recompute the states (and baselines) of the touched places, or of the ``places`` an SQL
    condition on ``places p`` selects; add the differences to the counters; restate the
    articles whose parts changed.

    ``rebase``: the decision is an explicit approval, so the places it covers take their
    content as approved whatever they held before.
    """
    covered = "c.note = 0 AND c.verdict != 2 AND ph.verdict = 1"
    baseline = f"(CASE WHEN {covered} THEN p.content ELSE p.baseline END)" if rebase else None
    state = place_state(baseline) if baseline else PLACE_STATE
    source = "places p" if places else "touched t JOIN places p USING (phrasing, id)"
    conn.execute("DROP TABLE IF EXISTS temp.delta")
    conn.execute(
        "CREATE TEMP TABLE delta AS SELECT p.phrasing, p.id, p.article, p.profile, p.content,"
        f" p.baseline, p.state AS old, {state} AS new FROM {source}"
        " LEFT JOIN contents c ON c.id = p.content LEFT JOIN phrasings ph ON ph.id = c.phrasing"
        + (f" WHERE {places}" if places else "")
    )
    # An approved place takes its content as its last approved text.
    conn.execute(
        f"DELETE FROM delta WHERE old = new AND (new != {APPROVED} OR baseline IS content)"
    )
    conn.execute(
        f"UPDATE places SET state = d.new, baseline = CASE WHEN d.new = {APPROVED}"
        " THEN d.content ELSE places.baseline END FROM delta d"
        " WHERE places.phrasing = d.phrasing AND places.id = d.id"
    )
    conn.execute("DELETE FROM delta WHERE old = new")
    sums = ", ".join(f"sum((new = {s}) - (old = {s})) AS d{s}" for s in range(4))
    for table, column in (("profiles", "profile"), ("phrasings", "phrasing")):
        states = range(4) if table == "phrasings" else range(1, 4)
        sets = ", ".join(f"n{s} = n{s} + d.d{s}" for s in states)
        conn.execute(
            f"UPDATE {table} SET {sets} FROM (SELECT {column} AS owner, {sums} FROM delta"
            f" WHERE {column} IS NOT NULL GROUP BY {column}) d WHERE {table}.id = d.owner"
        )
    # Articles: each one's differences summed as the rows come (most have one place that
    # moved, and summing into a table keyed by article costs less than sorting to group),
    # then its counters and state in one pass.
    conn.execute("DROP TABLE IF EXISTS temp.article_delta")
    conn.execute(
        "CREATE TEMP TABLE article_delta (id INTEGER PRIMARY KEY, d1 INTEGER, d2 INTEGER,"
        " d3 INTEGER)"
    )
    conn.execute(
        "INSERT INTO article_delta SELECT article, (new = 1) - (old = 1), (new = 2) - (old = 2),"
        " (new = 3) - (old = 3) FROM delta WHERE article IS NOT NULL ON CONFLICT (id) DO UPDATE"
        " SET d1 = d1 + excluded.d1, d2 = d2 + excluded.d2, d3 = d3 + excluded.d3"
    )
    moved_state = GROUP_STATE.replace("n3", "(n3 + d.d3)").replace("n2", "(n2 + d.d2)")
    moved_state = moved_state.replace("n1", "(n1 + d.d1)")
    conn.execute(
        "UPDATE articles SET n1 = n1 + d.d1, n2 = n2 + d.d2, n3 = n3 + d.d3,"
        f" state = max(flag, sides, {moved_state}) FROM article_delta d WHERE articles.id = d.id"
    )
    conn.execute("DROP TABLE IF EXISTS temp.moved")
    conn.execute(
        "CREATE TEMP TABLE moved AS SELECT id FROM profiles WHERE id IN (SELECT DISTINCT"
        f" profile FROM delta WHERE profile IS NOT NULL) AND state != {GROUP_STATE}"
    )
    conn.execute(f"UPDATE profiles SET state = {GROUP_STATE} WHERE id IN (SELECT id FROM moved)")
    for side in ("a", "b"):
        conn.execute(
            "INSERT OR IGNORE INTO affected SELECT id FROM articles"
            f" WHERE {side} IN (SELECT id FROM moved)"
        )
    conn.execute(f"UPDATE articles SET sides = {SIDES} WHERE id IN (SELECT id FROM affected)")
    conn.execute(
        f"UPDATE articles SET state = {ARTICLE_STATE} WHERE id IN (SELECT id FROM affected)"
    )
