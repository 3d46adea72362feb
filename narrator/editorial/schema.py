"""The review database's tables, its schema version and the migrations between versions.

A review database holds two kinds of tables. The *decisions* (every approval, rejection and
comment, in order, and the latest verdict on each item) are never rebuilt: they are the editors'
work. The *corpus index* (articles, phrasings, sentence contents, the values they read, and the
places where each sentence stands) is rebuilt from the generated articles on every regeneration;
a place also keeps the content it had when it was last approved (its baseline), which is how a
regeneration knows what changed.

``schema_version`` holds one row; :func:`migrate` brings a database of any older version up to
:data:`VERSION`, one migration function per version, each in the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from ..errors import NarratorError

VERSION = 3

# State codes, ordered so that an article's state is the largest of its parts' states.
APPROVED, UNREVIEWED, CHANGED, REJECTED = 0, 1, 2, 3
STATES = ("approved", "unreviewed", "changed", "rejected")
KINDS = ("phrasing", "sentence", "value", "article")  # what a decision can be about

# Version 1: the first release of the store (kept to build old databases in tests).
SCHEMA_1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,            -- phrasing | sentence | value | article
    key TEXT NOT NULL,             -- what the decision is about (see narrator.editorial.store)
    action TEXT NOT NULL,          -- approve | reject | comment | accept | to-fix
    comment TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',-- the item as an editor saw it, for the export
    at TEXT NOT NULL
);
CREATE TABLE verdicts (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    status TEXT NOT NULL,          -- the latest approve/reject (accept/to-fix for values)
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE TABLE profiles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    path TEXT,
    source TEXT,
    present INTEGER NOT NULL DEFAULT 1,
    n1 INTEGER NOT NULL DEFAULT 0, -- its table cells unreviewed, changed, rejected
    n2 INTEGER NOT NULL DEFAULT 0,
    n3 INTEGER NOT NULL DEFAULT 0,
    state INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE article_names (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT ''
);
CREATE TABLE articles (            -- narrow, so that a big decision rewrites few pages
    id INTEGER PRIMARY KEY,        -- the id of its name
    a INTEGER NOT NULL,
    b INTEGER NOT NULL,
    present INTEGER NOT NULL DEFAULT 1,
    flag INTEGER NOT NULL DEFAULT 0, -- 3 when the article itself is rejected
    sides INTEGER NOT NULL DEFAULT 0, -- the larger state of its two profiles' table cells
    n1 INTEGER NOT NULL DEFAULT 0,   -- its sentences unreviewed, changed, rejected
    n2 INTEGER NOT NULL DEFAULT 0,
    n3 INTEGER NOT NULL DEFAULT 0,
    state INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX articles_state ON articles (present, state, id);
CREATE INDEX articles_a ON articles (a);
CREATE INDEX articles_b ON articles (b);
CREATE TABLE slots (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE phrasings (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,      -- fragment, phrasing index and template text
    fragment TEXT NOT NULL,
    idx INTEGER NOT NULL,
    template TEXT NOT NULL,
    file TEXT,
    line INTEGER,
    verdict INTEGER NOT NULL DEFAULT 0, -- 1 approved, 2 rejected (from verdicts)
    n0 INTEGER NOT NULL DEFAULT 0,      -- places it writes, by state
    n1 INTEGER NOT NULL DEFAULT 0,
    n2 INTEGER NOT NULL DEFAULT 0,
    n3 INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX phrasings_fragment ON phrasings (fragment, idx);
CREATE TABLE vals (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,      -- profile, field and value
    profile INTEGER NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,           -- JSON
    note TEXT,                     -- narrator's review note on it, if any
    state INTEGER NOT NULL DEFAULT 0, -- 0 fine, 1 an open note, 3 marked to fix
    current INTEGER NOT NULL DEFAULT 1 -- the profile's value now (not an older one)
);
CREATE INDEX vals_profile ON vals (profile, field);
CREATE TABLE contents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,      -- phrasing, text and the values read
    phrasing INTEGER NOT NULL,
    text TEXT NOT NULL,
    skeleton INTEGER NOT NULL,     -- the text with titles and figures blanked out
    verdict INTEGER NOT NULL DEFAULT 0, -- 1 approved, 2 rejected (from verdicts)
    note INTEGER NOT NULL DEFAULT 0     -- the largest state of the values it read
);
CREATE INDEX contents_phrasing ON contents (phrasing, skeleton);
CREATE TABLE skeletons (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE content_vals (
    content INTEGER NOT NULL,
    val INTEGER NOT NULL,
    PRIMARY KEY (content, val)
) WITHOUT ROWID;
CREATE INDEX content_vals_val ON content_vals (val);
CREATE TABLE places (
    phrasing INTEGER NOT NULL,     -- its content's phrasing: places are stored by phrasing, so
    id INTEGER NOT NULL,           -- a phrasing's verdict rewrites neighbouring rows
    article INTEGER,               -- a sentence of an article...
    profile INTEGER,               -- ...or a table cell of a profile
    slot INTEGER NOT NULL,
    pos INTEGER NOT NULL,          -- reading order
    role INTEGER NOT NULL,         -- 0 title, 1 heading, 2 sentence, 3 cell
    block INTEGER NOT NULL,        -- the paragraph (or table) it stands in
    content INTEGER,               -- NULL: no longer written
    baseline INTEGER,              -- the content it had when last approved
    state INTEGER NOT NULL DEFAULT 1,
    gen INTEGER NOT NULL DEFAULT 0, -- the index build that last wrote it
    PRIMARY KEY (phrasing, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX places_article ON places (article, slot) WHERE article IS NOT NULL;
CREATE UNIQUE INDEX places_profile ON places (profile, slot) WHERE profile IS NOT NULL;
CREATE INDEX places_content ON places (content);
INSERT INTO schema_version VALUES (1);
"""


def _to_2(conn: sqlite3.Connection) -> None:
    """Version 2: each decision records the editor who made it."""
    conn.execute("ALTER TABLE decisions ADD COLUMN editor TEXT NOT NULL DEFAULT ''")
    conn.execute("CREATE INDEX decisions_item ON decisions (kind, key)")


def _to_3(conn: sqlite3.Connection) -> None:
    """Version 3: articles are no longer indexed by state.

    Every decision that moves an article's counters assigned its state, and SQLite rewrites
    an index entry for every row an UPDATE assigns an indexed column, changed or not: the
    index was a third of the work of approving a phrasing used by 100,000 articles. Without
    it, counting articles by state reads the narrow table (some 60 ms for 346,528 articles
    instead of 25) and a queue of one state reads it in id order until its page is full.
    """
    conn.execute("DROP INDEX IF EXISTS articles_state")


# MIGRATIONS[n] brings a database of version n - 1 to version n.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _to_2, 3: _to_3}


class ReviewError(NarratorError):
    """A review database or a review command's input is not usable: names what and why."""


class SchemaError(ReviewError):
    """The database was made by a newer narrator than this one."""


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection to the review database at ``path``, created and migrated as needed.

    WAL lets editors read while another writes; ``busy_timeout`` makes a writer wait for
    another's transaction instead of failing. Transactions are explicit (see ReviewStore).
    """
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA busy_timeout = 30000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            migrate(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ReviewError(f"{path}: not a usable review database ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database (0 for an empty one)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if found is None:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database up to :data:`VERSION`; returns the version it started at.

    Runs in the caller's transaction, so a migration interrupted half-way leaves the old
    version whole.
    """
    start = current = version(conn)
    if current > VERSION:
        raise SchemaError(
            f"review database has schema version {current}; this narrator reads {VERSION}"
        )
    if current == 0:
        for statement in _statements(SCHEMA_1):
            conn.execute(statement)
        current = 1
    while current < VERSION:
        current += 1
        MIGRATIONS[current](conn)
        conn.execute("UPDATE schema_version SET version = ?", (current,))
    return start


def _statements(script: str) -> list[str]:
    """A script's statements, for running one by one inside a transaction.

    (``executescript`` would commit the transaction first.)
    """
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
