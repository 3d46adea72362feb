"""What the review screens read: queues with counts and filters, an article, a fragment, a diff.

Every query is one or a few SQL statements over the index's tables and counters, never a Python
loop over articles, so a queue over every bundled pair opens at once.
"""

from __future__ import annotations

import difflib
import html
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from .corpus import CELL
from .schema import STATES, ReviewError

PAGE = 50


@dataclass(frozen=True)
class Filter:
    """Which articles a queue shows: by state, phrasing or fragment, value, occupation."""

    state: str = ""
    fragment: str = ""
    phrasing: str = ""  # a phrasing key
    value: str = ""  # a value key
    occupation: str = ""  # a profile slug

    def where(self) -> tuple[str, list[Any]]:
        """The filter as a WHERE clause over ``articles`` and its parameters.

        >>> Filter(state="approved").where()
        ('present = 1 AND state = ?', [0])
        """
        clauses: list[str] = ["present = 1"]
        params: list[Any] = []
        if self.state:
            if self.state not in STATES:
                raise ReviewError(f"unknown state {self.state!r}: use one of {', '.join(STATES)}")
            clauses.append("state = ?")
            params.append(STATES.index(self.state))
        if self.occupation:
            clauses.append(
                "(a = (SELECT id FROM profiles WHERE slug = ?) OR"
                " b = (SELECT id FROM profiles WHERE slug = ?))"
            )
            params += [self.occupation, self.occupation]
        if self.phrasing or self.fragment:
            which = "ph.key = ?" if self.phrasing else "ph.fragment = ?"
            clauses.append(
                "id IN (SELECT p.article FROM phrasings ph JOIN places p ON p.phrasing = ph.id"
                f" WHERE {which} AND p.article IS NOT NULL"
                " UNION SELECT ar.id FROM phrasings ph JOIN places p ON p.phrasing = ph.id"
                " JOIN articles ar ON p.profile IN (ar.a, ar.b)"
                f" WHERE {which} AND p.profile IS NOT NULL)"
            )
            params += [self.phrasing or self.fragment] * 2
        if self.value:
            clauses.append(
                "id IN (SELECT p.article FROM vals v JOIN content_vals cv ON cv.val = v.id"
                " JOIN places p ON p.content = cv.content WHERE v.key = ? AND p.article IS NOT NULL"
                " UNION SELECT ar.id FROM vals v JOIN articles ar ON v.profile IN (ar.a, ar.b)"
                " JOIN content_vals cv ON cv.val = v.id JOIN places p ON p.content = cv.content"
                " AND p.profile = v.profile WHERE v.key = ?)"
            )
            params += [self.value, self.value]
        return " AND ".join(clauses), params

    def args(self) -> dict[str, str]:
        """The filter's non-empty fields, as a query string's arguments."""
        return {k: v for k, v in vars(self).items() if v}


def queue(conn: sqlite3.Connection, where: Filter, page: int = 0) -> dict[str, Any]:
    """A page of the articles a filter selects, with counts by state under the same filter."""
    clause, params = where.where()
    unstated, unstated_params = Filter(**{**vars(where), "state": ""}).where()
    counts = dict.fromkeys(STATES, 0)
    for state, count in conn.execute(
        f"SELECT state, count(*) FROM articles WHERE {unstated} GROUP BY state", unstated_params
    ):
        counts[STATES[state]] = count
    rows = conn.execute(
        "SELECT n.slug, n.title, a.state FROM (SELECT id, state FROM articles"
        f" WHERE {clause} ORDER BY id LIMIT ? OFFSET ?) a JOIN article_names n ON n.id = a.id"
        " ORDER BY a.id",
        [*params, PAGE, page * PAGE],
    ).fetchall()
    total = counts[where.state] if where.state else sum(counts.values())
    articles = [{"slug": s, "title": t, "state": STATES[st]} for s, t, st in rows]
    return {"counts": counts, "articles": articles, "total": total, "page": page, "size": PAGE}


def fragments(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every phrasing in use, by fragment, with how many places it writes in each state."""
    rows = conn.execute(
        "SELECT key, fragment, idx, template, verdict, n0, n1, n2, n3 FROM phrasings"
        " WHERE n0 + n1 + n2 + n3 > 0 ORDER BY fragment, idx"
    )
    return [
        {
            "key": key,
            "fragment": fragment,
            "index": idx,
            "template": template,
            "verdict": ("", "approved", "rejected")[verdict],
            "counts": dict(zip(STATES, (n0, n1, n2, n3), strict=True)),
            "total": n0 + n1 + n2 + n3,
        }
        for key, fragment, idx, template, verdict, n0, n1, n2, n3 in rows
    ]


def notes(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every value with a note or a verdict, with how many sentences and cells read it."""
    rows = conn.execute(
        "SELECT v.key, p.slug, v.field, v.value, v.note, v.state,"
        " (SELECT status FROM verdicts WHERE kind = 'value' AND key = v.key),"
        " (SELECT count(*) FROM content_vals cv JOIN places pl ON pl.content = cv.content"
        "  WHERE cv.val = v.id)"
        " FROM vals v JOIN profiles p ON p.id = v.profile"
        " WHERE v.current = 1 AND p.present = 1 AND (v.note IS NOT NULL OR v.key IN"
        "  (SELECT key FROM verdicts WHERE kind = 'value'))"
        " ORDER BY p.slug, v.field"
    )
    return [
        {
            "key": key,
            "profile": slug,
            "field": field,
            "value": value,
            "note": note,
            "state": ("fine", "open", "", "to fix")[state],
            "verdict": verdict or "",
            "uses": uses,
        }
        for key, slug, field, value, note, state, verdict, uses in rows
    ]


def occupations(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every occupation with how many of its articles are in each state."""
    found: dict[str, dict[str, Any]] = {}
    for slug, title in conn.execute(
        "SELECT slug, title FROM profiles WHERE present = 1 ORDER BY slug"
    ):
        found[slug] = {"slug": slug, "title": title, "counts": dict.fromkeys(STATES, 0)}
    # NOT INDEXED: read in the table's order and sorted, rather than through the index of
    # one side with a jump to each article for its state (two and a half times slower).
    query = (
        "SELECT p.slug, x.state, sum(x.n) FROM (SELECT a AS profile, state, count(*) AS n"
        " FROM articles NOT INDEXED WHERE present = 1 GROUP BY a, state"
        " UNION ALL SELECT b, state, count(*) FROM articles NOT INDEXED WHERE present = 1"
        " GROUP BY b, state) x JOIN profiles p ON p.id = x.profile GROUP BY p.slug, x.state"
    )
    for slug, state, count in conn.execute(query):
        if slug in found:
            found[slug]["counts"][STATES[state]] = count
    return list(found.values())


def article(conn: sqlite3.Connection, slug: str) -> dict[str, Any]:
    """One article as the review screen shows it: every sentence and cell with its provenance,
    state, change and comments."""
    row = conn.execute(
        "SELECT a.id, n.slug, n.title, a.state, a.flag, a.a, a.b FROM article_names n"
        " JOIN articles a ON a.id = n.id WHERE n.slug = ? AND a.present = 1",
        (slug,),
    ).fetchone()
    if row is None:
        raise ReviewError(f"no article {slug!r} in this review database")
    article_id, slug, title, state, flag, a, b = row
    sides = {}
    for side, profile_id in (("a", a), ("b", b)):
        sides[side] = dict(
            zip(
                ("id", "slug", "title", "path", "source"),
                conn.execute(
                    "SELECT id, slug, title, path, source FROM profiles WHERE id = ?", (profile_id,)
                ).fetchone(),
                strict=True,
            )
        )
    places = _places(conn, "p.article = ?", (article_id,))
    cells = _places(conn, "p.profile IN (?, ?)", (a, b))
    blocks: list[dict[str, Any]] = []
    for place in places:
        if not blocks or blocks[-1]["block"] != place["block"]:
            blocks.append({"block": place["block"], "role": place["role"], "places": []})
        blocks[-1]["places"].append(place)
    tables: dict[int, dict[str, Any]] = {}
    for cell in cells:
        table = tables.setdefault(cell["block"], {"rows": {}})
        side = "a" if cell["owner"] == a else "b"
        table["rows"].setdefault(cell["pos"], {"label": cell["fragment"], "a": None, "b": None})
        table["rows"][cell["pos"]][side] = cell
    return {
        "slug": slug,
        "title": title,
        "state": STATES[state],
        "rejected_as_a_whole": bool(flag),
        "sides": sides,
        "blocks": blocks,
        "tables": [
            {"rows": [t["rows"][k] for k in sorted(t["rows"])]} for _, t in sorted(tables.items())
        ],
        "comments": comments(conn, "article", [slug]),
    }


def _places(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT p.id, coalesce(p.article, p.profile), p.pos, p.role, p.block, p.state,"
        " c.key, c.text, c.id, ph.key, ph.fragment, ph.idx, ph.template, ph.file, ph.line,"
        " ph.verdict, p.baseline, p.content"
        " FROM places p LEFT JOIN contents c ON c.id = p.content"
        " LEFT JOIN phrasings ph ON ph.id = c.phrasing"
        f" WHERE {where} ORDER BY p.block, p.pos",
        params,
    ).fetchall()
    found = []
    for (
        pid,
        owner,
        pos,
        role,
        block,
        state,
        ckey,
        text,
        cid,
        pkey,
        fragment,
        idx,
        template,
        file,
        line,
        pverdict,
        baseline,
        content,
    ) in rows:
        place: dict[str, Any] = {
            "id": pid,
            "owner": owner,
            "pos": pos,
            "role": role,
            "block": block,
            "state": STATES[state],
            "key": ckey,
            "text": text or "",
            "phrasing": pkey,
            "fragment": fragment or "",
            "index": idx,
            "template": template or "",
            "file": file,
            "line": line,
            "phrasing_verdict": ("", "approved", "rejected")[pverdict or 0],
            "values": _values(conn, cid) if cid is not None else [],
            "change": None,
        }
        if baseline is not None and baseline != content and state == STATES.index("changed"):
            place["change"] = change(conn, baseline, content)
        place["comments"] = comments(conn, "sentence", [ckey]) if ckey else []
        found.append(place)
    return found


def _values(conn: sqlite3.Connection, content: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT v.key, p.slug, v.field, v.value, v.note, v.state, p.source, p.path"
        " FROM content_vals cv JOIN vals v ON v.id = cv.val JOIN profiles p ON p.id = v.profile"
        " WHERE cv.content = ? ORDER BY p.slug, v.field",
        (content,),
    )
    return [
        {
            "key": key,
            "profile": slug,
            "field": field,
            "value": value,
            "note": note,
            "state": ("fine", "open", "", "to fix")[state],
            "source": source,
            "path": path,
        }
        for key, slug, field, value, note, state, source, path in rows
    ]


def change(conn: sqlite3.Connection, old: int, new: int | None) -> dict[str, Any]:
    """What changed between a place's last approved content and its content now: the causes
    and a word diff."""
    query = (
        "SELECT c.text, ph.fragment, ph.idx, ph.template FROM contents c"
        " JOIN phrasings ph ON ph.id = c.phrasing WHERE c.id = ?"
    )
    before = conn.execute(query, (old,)).fetchone()
    if new is None:
        return {
            "causes": ["the sentence is no longer written"],
            "diff": diff(before[0], ""),
            "before": before[0],
        }
    after = conn.execute(query, (new,)).fetchone()
    causes = []
    if before[1] != after[1]:
        causes.append(f"a different fragment applies ({before[1]} → {after[1]})")
    elif before[2] != after[2]:
        causes.append(f"a different phrasing chosen (#{before[2]} → #{after[2]})")
    elif before[3] != after[3]:
        causes.append("template edited")
    values = (
        "SELECT p.slug || '.' || v.field, v.value FROM content_vals cv JOIN vals v ON v.id = cv.val"
        " JOIN profiles p ON p.id = v.profile WHERE cv.content = ?"
    )
    old_values = dict(conn.execute(values, (old,)).fetchall())
    new_values = dict(conn.execute(values, (new,)).fetchall())
    for name in sorted(old_values.keys() & new_values.keys()):
        if old_values[name] != new_values[name]:
            causes.append(f"{name} changed: {_show(old_values[name])} → {_show(new_values[name])}")
    if not causes:
        causes.append("the wording changed (grammar or number formatting)")
    return {"causes": causes, "diff": diff(before[0], after[0]), "before": before[0]}


def _show(value: str) -> str:
    """A stored JSON value as an editor reads it."""
    loaded = json.loads(value)
    return loaded if isinstance(loaded, str) else json.dumps(loaded, ensure_ascii=False)


def diff(before: str, after: str) -> str:
    """A word diff as escaped HTML: removed words in ``<del>``, added ones in ``<ins>``.

    >>> diff("earns $42,586 a year", "earns $45,586 a year")
    'earns <del>$42,586</del> <ins>$45,586</ins> a year'
    """
    if before == after:
        return f"{html.escape(after)} <small>(same text, other data)</small>"
    old, new = before.split(), after.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(old[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(' '.join(old[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(' '.join(new[j1:j2]))}</ins>")
    return " ".join(out)


def comments(conn: sqlite3.Connection, kind: str, keys: list[str]) -> list[dict[str, str]]:
    """The decisions with a comment on these items, oldest first."""
    marks = ", ".join("?" * len(keys))
    rows = conn.execute(
        "SELECT action, comment, editor, at FROM decisions WHERE kind = ? AND key IN"
        f" ({marks}) AND comment != '' ORDER BY id",
        (kind, *keys),
    )
    return [{"action": a, "comment": c, "editor": e, "at": t} for a, c, e, t in rows]


def fragment(conn: sqlite3.Connection, fragment_id: str) -> dict[str, Any]:
    """A fragment's phrasings: each template, the distinct skeletons it writes with how many
    articles use each, and how much of it is approved."""
    phrasings = [p for p in fragments(conn) if p["fragment"] == fragment_id]
    if not phrasings:
        raise ReviewError(f"no fragment {fragment_id!r} in use in this review database")
    for phrasing in phrasings:
        total = phrasing["total"]
        phrasing["approval_rate"] = phrasing["counts"]["approved"] / total if total else 0.0
        rows = conn.execute(
            "SELECT sk.text, count(DISTINCT coalesce(p.article, -p.profile)), count(*)"
            " FROM phrasings ph JOIN contents c ON c.phrasing = ph.id"
            " JOIN skeletons sk ON sk.id = c.skeleton JOIN places p ON p.content = c.id"
            " WHERE ph.key = ? GROUP BY sk.id ORDER BY count(*) DESC, sk.text LIMIT 200",
            (phrasing["key"],),
        )
        phrasing["skeletons"] = [{"text": t, "articles": n, "places": m} for t, n, m in rows]
        phrasing["comments"] = comments(conn, "phrasing", [phrasing["key"]])
    return {
        "id": fragment_id,
        "is_cell": fragment_id.startswith("table:"),
        "phrasings": phrasings,
        "cell_role": CELL,
    }


def value_key(conn: sqlite3.Connection, name: str) -> str:
    """The key of the current value named ``profile.field`` (as ``status`` prints it)."""
    slug, _, field = name.rpartition(".")
    row = conn.execute(
        "SELECT v.key FROM vals v JOIN profiles p ON p.id = v.profile WHERE p.slug = ?"
        " AND v.field = ? AND v.current = 1",
        (slug, field),
    ).fetchone()
    if row is None:
        raise ReviewError(f"no value {name!r}: name it as PROFILE-SLUG.FIELD")
    return str(row[0])
