"""Build the corpus index: stage a run's rows, merge them into the index, count every state.

A regeneration stages the rows of every article (see narrator.editorial.corpus) in temporary
tables, then merges them into the index in the same transaction: ids, verdicts and baselines
kept; places no longer written forgotten, unless they held approved text. Then every place's
state and every counter is worked out afresh, with the same SQL that decisions use.
"""

from __future__ import annotations

import sqlite3

from .corpus import Rows
from .schema import APPROVED, CHANGED, REJECTED, UNREVIEWED


def place_state(baseline: str = "p.baseline") -> str:
    """SQL for a place's state from its content (c), phrasing (ph) and ``baseline``: the
    content it had when last approved (an explicit approval passes the content itself)."""
    return f"""CASE
  WHEN p.content IS NULL THEN {CHANGED}
  WHEN c.verdict = 2 OR c.note = 3 THEN {REJECTED}
  WHEN c.verdict = 1 AND c.note = 0 THEN {APPROVED}
  WHEN ph.verdict = 2 THEN {REJECTED}
  WHEN {baseline} IS NOT NULL AND {baseline} != p.content THEN {CHANGED}
  WHEN ph.verdict = 1 AND c.note = 0 THEN {APPROVED}
  ELSE {UNREVIEWED}
END"""


PLACE_STATE = place_state()
GROUP_STATE = "CASE WHEN n3 > 0 THEN 3 WHEN n2 > 0 THEN 2 WHEN n1 > 0 THEN 1 ELSE 0 END"
ARTICLE_STATE = f"max(flag, sides, {GROUP_STATE})"
SIDES = """max((SELECT state FROM profiles WHERE id = articles.a),
    (SELECT state FROM profiles WHERE id = articles.b))"""


def value_states(conn: sqlite3.Connection, where: str) -> None:
    """The state of the values ``where`` selects, from their notes and verdicts."""
    conn.execute(
        "UPDATE vals SET state = CASE"
        " (SELECT status FROM verdicts WHERE kind = 'value' AND verdicts.key = vals.key)"
        " WHEN 'to-fix' THEN 3 WHEN 'accept' THEN 0"
        f" ELSE (CASE WHEN note IS NULL THEN 0 ELSE 1 END) END WHERE {where}"
    )


def content_notes(conn: sqlite3.Connection, vals: str) -> None:
    """The note state of every content reading one of the values ``vals`` selects: the
    largest state among the values it read."""
    conn.execute(
        "UPDATE contents SET note = coalesce((SELECT max(v.state) FROM content_vals cv"
        " JOIN vals v ON v.id = cv.val WHERE cv.content = contents.id), 0)"
        " WHERE id IN (SELECT content FROM content_vals WHERE val IN (SELECT id FROM vals"
        f" WHERE {vals}))"
    )


_STAGE = """
CREATE TEMP TABLE s_profiles (slug TEXT PRIMARY KEY, title TEXT, path TEXT, source TEXT);
CREATE TEMP TABLE s_phrasings (key TEXT PRIMARY KEY, fragment TEXT, idx INTEGER, template TEXT,
    file TEXT, line INTEGER);
CREATE TEMP TABLE s_vals (sid INTEGER PRIMARY KEY, key TEXT, profile TEXT, field TEXT,
    value TEXT, note TEXT);
CREATE TEMP TABLE s_contents (sid INTEGER PRIMARY KEY, key TEXT, phrasing TEXT, text TEXT,
    skeleton TEXT);
CREATE TEMP TABLE s_content_vals (content INTEGER, val INTEGER);
CREATE TEMP TABLE s_articles (slug TEXT PRIMARY KEY, a TEXT, b TEXT, title TEXT);
CREATE TEMP TABLE s_places (article TEXT, profile TEXT, slot TEXT, pos INTEGER, role INTEGER,
    block INTEGER, content INTEGER)
"""
_STAGED = (
    "s_profiles",
    "s_phrasings",
    "s_vals",
    "s_contents",
    "s_content_vals",
    "s_articles",
    "s_places",
    "m_vals",
    "m_contents",
)


def stage(conn: sqlite3.Connection) -> None:
    """Make the empty temporary tables an index build stages its rows in."""
    for table in _STAGED:
        conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
    for statement in _STAGE.split(";"):
        conn.execute(statement)


def write_stage(conn: sqlite3.Connection, rows: Rows) -> None:
    """Add one batch of rows to the staged tables."""
    conn.executemany(
        "INSERT OR REPLACE INTO s_profiles VALUES (?, ?, ?, ?)", rows.profiles.values()
    )
    conn.executemany(
        "INSERT OR IGNORE INTO s_phrasings VALUES (?, ?, ?, ?, ?, ?)", rows.phrasings.values()
    )
    conn.executemany("INSERT INTO s_vals VALUES (?, ?, ?, ?, ?, ?)", rows.values)
    conn.executemany("INSERT INTO s_contents VALUES (?, ?, ?, ?, ?)", rows.contents)
    conn.executemany("INSERT INTO s_content_vals VALUES (?, ?)", rows.content_values)
    conn.executemany("INSERT OR REPLACE INTO s_articles VALUES (?, ?, ?, ?)", rows.articles)
    conn.executemany("INSERT INTO s_places VALUES (?, ?, ?, ?, ?, ?, ?)", rows.places)


def merge(conn: sqlite3.Connection) -> None:
    """Bring the staged corpus into the index, keeping ids, verdicts and baselines."""
    gen = int(conn.execute("SELECT coalesce(max(gen), 0) + 1 FROM places").fetchone()[0])
    conn.execute("UPDATE profiles SET present = 0")
    conn.execute(
        "INSERT INTO profiles (slug, title, path, source) SELECT slug, title, path, source"
        " FROM s_profiles WHERE true ON CONFLICT (slug) DO UPDATE SET title = excluded.title,"
        " path = excluded.path, source = excluded.source, present = 1"
    )
    conn.execute(
        "INSERT INTO phrasings (key, fragment, idx, template, file, line)"
        " SELECT key, fragment, idx, template, file, line FROM s_phrasings WHERE true"
        " ON CONFLICT (key) DO UPDATE SET file = excluded.file, line = excluded.line"
    )
    conn.execute("UPDATE vals SET current = 0 WHERE current = 1")
    conn.execute(
        "INSERT INTO vals (key, profile, field, value, note) SELECT s.key, p.id, s.field, s.value,"
        " s.note FROM s_vals s JOIN profiles p ON p.slug = s.profile WHERE true"
        " ON CONFLICT (key) DO UPDATE SET note = excluded.note, current = 1"
    )
    conn.execute("CREATE TEMP TABLE m_vals (sid INTEGER PRIMARY KEY, id INTEGER) WITHOUT ROWID")
    conn.execute("INSERT INTO m_vals SELECT s.sid, v.id FROM s_vals s JOIN vals v ON v.key = s.key")
    conn.execute("INSERT OR IGNORE INTO skeletons (text) SELECT DISTINCT skeleton FROM s_contents")
    # New contents take ids after every id in use, so those below it were there before.
    first = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM contents").fetchone()[0])
    conn.execute(
        "INSERT OR IGNORE INTO contents (key, phrasing, text, skeleton) SELECT s.key, ph.id,"
        " s.text,"
        " sk.id FROM s_contents s JOIN phrasings ph ON ph.key = s.phrasing"
        " JOIN skeletons sk ON sk.text = s.skeleton ORDER BY s.sid"
    )
    conn.execute(
        "CREATE TEMP TABLE m_contents (sid INTEGER PRIMARY KEY, id INTEGER, phrasing INTEGER)"
        " WITHOUT ROWID"
    )
    conn.execute(
        "INSERT INTO m_contents SELECT s.sid, c.id, c.phrasing FROM s_contents s"
        " JOIN contents c ON c.key = s.key"
    )
    conn.execute(
        "INSERT INTO content_vals SELECT mc.id, mv.id FROM s_content_vals s"
        " JOIN m_contents mc ON mc.sid = s.content JOIN m_vals mv ON mv.sid = s.val"
        " WHERE mc.id >= ? ORDER BY mc.id",
        (first,),
    )
    conn.execute("UPDATE articles SET present = 0 WHERE present = 1")
    conn.execute(
        "INSERT INTO article_names (slug, title) SELECT slug, title FROM s_articles WHERE true"
        " ON CONFLICT (slug) DO UPDATE SET title = excluded.title"
    )
    conn.execute(
        "INSERT INTO articles (id, a, b) SELECT n.id, pa.id, pb.id FROM s_articles s"
        " JOIN article_names n ON n.slug = s.slug"
        " JOIN profiles pa ON pa.slug = s.a JOIN profiles pb ON pb.slug = s.b"
        " WHERE true ON CONFLICT (id) DO UPDATE SET a = excluded.a, b = excluded.b, present = 1"
    )
    conn.execute("INSERT OR IGNORE INTO slots (name) SELECT DISTINCT slot FROM s_places")
    # A new place takes the next free id; one written before keeps its id and baseline, and
    # moves to its new content's phrasing.
    first = int(conn.execute("SELECT coalesce(max(id), 0) FROM places").fetchone()[0])
    common = (
        "s.pos, s.role, s.block, mc.id, ?, mc.phrasing, ? + row_number() OVER ()"
        " FROM s_places s JOIN slots sl ON sl.name = s.slot"
        " JOIN m_contents mc ON mc.sid = s.content"
    )
    update = (
        " DO UPDATE SET pos = excluded.pos, role = excluded.role, block = excluded.block,"
        " content = excluded.content, gen = excluded.gen, phrasing = excluded.phrasing"
    )
    conn.execute(
        "INSERT INTO places (article, slot, pos, role, block, content, gen, phrasing, id)"
        f" SELECT a.id, sl.id, {common} JOIN article_names a ON a.slug = s.article"
        " WHERE s.article != '' ON CONFLICT (article, slot) WHERE article IS NOT NULL" + update,
        (gen, first),
    )
    first = int(conn.execute("SELECT coalesce(max(id), 0) FROM places").fetchone()[0])
    conn.execute(
        "INSERT INTO places (profile, slot, pos, role, block, content, gen, phrasing, id)"
        f" SELECT p.id, sl.id, {common} JOIN profiles p ON p.slug = s.profile"
        " WHERE s.profile != '' ON CONFLICT (profile, slot) WHERE profile IS NOT NULL" + update,
        (gen, first),
    )
    # Places no longer written: forgotten, unless they held approved text (then "changed").
    conn.execute("DELETE FROM places WHERE gen != ? AND baseline IS NULL", (gen,))
    conn.execute("UPDATE places SET content = NULL WHERE gen != ? AND content IS NOT NULL", (gen,))
    conn.execute(
        "DELETE FROM contents WHERE id NOT IN (SELECT content FROM places WHERE content IS NOT"
        " NULL)"
        " AND id NOT IN (SELECT baseline FROM places WHERE baseline IS NOT NULL)"
    )
    conn.execute("DELETE FROM content_vals WHERE content NOT IN (SELECT id FROM contents)")
    # Verdicts onto the rows they name (new rows may be named by old verdicts).
    conn.execute(
        "UPDATE phrasings SET verdict = CASE (SELECT status FROM verdicts WHERE kind = 'phrasing'"
        " AND verdicts.key = phrasings.key) WHEN 'approve' THEN 1 WHEN 'reject' THEN 2 ELSE 0 END"
    )
    conn.execute(
        "UPDATE contents SET verdict = CASE v.status WHEN 'approve' THEN 1 WHEN 'reject' THEN 2"
        " ELSE 0 END FROM verdicts v WHERE v.kind = 'sentence' AND v.key = contents.key"
    )
    conn.execute(
        "UPDATE articles SET flag = CASE (SELECT status FROM verdicts WHERE kind = 'article'"
        " AND verdicts.key = (SELECT slug FROM article_names n WHERE n.id = articles.id))"
        f" WHEN 'reject' THEN {REJECTED} ELSE 0 END"
        " WHERE present = 1"
    )
    conn.execute("UPDATE contents SET note = 0 WHERE note != 0")
    value_states(conn, "true")
    content_notes(conn, "state > 0")
    for table in _STAGED:
        conn.execute(f"DROP TABLE temp.{table}")


def recount(conn: sqlite3.Connection) -> None:
    """Every place's state, and every counter, worked out afresh."""
    conn.execute(
        "UPDATE places SET state = x.state, baseline = CASE WHEN x.state = 0 THEN content ELSE"
        f" baseline END FROM (SELECT p.phrasing, p.id, {PLACE_STATE} AS state FROM places p"
        " LEFT JOIN contents c ON c.id = p.content LEFT JOIN phrasings ph ON ph.id = c.phrasing) x"
        " WHERE places.phrasing = x.phrasing AND places.id = x.id AND (places.state != x.state"
        " OR (x.state = 0 AND places.baseline IS NOT places.content))"
    )
    counts = ", ".join(f"sum(p.state = {s}) AS n{s}" for s in range(4))
    for table, column, join in (
        ("articles", "p.article", ""),
        ("profiles", "p.profile", ""),
        ("phrasings", "p.phrasing", ""),
    ):
        states = range(4) if table == "phrasings" else range(1, 4)
        conn.execute(f"UPDATE {table} SET " + ", ".join(f"n{s} = 0" for s in states))
        sets = ", ".join(f"n{s} = d.n{s}" for s in states)
        conn.execute(
            f"UPDATE {table} SET {sets} FROM (SELECT {column} AS owner, {counts} FROM places"
            f" p{join}"
            f" WHERE {column} IS NOT NULL GROUP BY {column}) d WHERE {table}.id = d.owner"
        )
    conn.execute(f"UPDATE profiles SET state = {GROUP_STATE}")
    conn.execute(f"UPDATE articles SET sides = {SIDES} WHERE present = 1")
    conn.execute(f"UPDATE articles SET state = {ARTICLE_STATE} WHERE present = 1")
