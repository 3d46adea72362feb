"""The review store: decisions kept through regeneration, migrations, crashes, two writers."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from narrator.editorial import queries
from narrator.editorial.publish import states
from narrator.editorial.schema import (
    APPROVED,
    CHANGED,
    SCHEMA_1,
    VERSION,
    ReviewError,
    SchemaError,
    _statements,
)
from narrator.editorial.store import ReviewStore
from tests.review_helpers import edit_salary, regenerate, small_catalog


@pytest.fixture
def catalog(tmp_path: Path):  # type: ignore[no-untyped-def]
    return small_catalog(tmp_path / "profiles")


@pytest.fixture
def store(tmp_path: Path, catalog):  # type: ignore[no-untyped-def]
    with ReviewStore(tmp_path / "review.db") as opened:
        regenerate(opened, catalog)
        yield opened


def _phrasing(store: ReviewStore, fragment: str) -> str:
    row = store.conn.execute(
        "SELECT key FROM phrasings WHERE fragment = ? AND n0 + n1 + n2 + n3 > 0", (fragment,)
    ).fetchone()
    return str(row[0])


def _approve_everything(store: ReviewStore) -> None:
    keys = [k for (k,) in store.conn.execute("SELECT key FROM phrasings")]
    store.decide("phrasing", keys, "approve")
    notes = [n["key"] for n in queries.notes(store.conn) if n["state"] == "open"]
    store.decide("value", notes, "accept")


def test_index_starts_unreviewed(store: ReviewStore) -> None:
    """A new index holds every pair of the catalog, none of them reviewed."""
    assert store.counts() == {"approved": 0, "unreviewed": 78, "changed": 0, "rejected": 0}


def test_phrasing_approval_covers_its_sentences_but_not_noted_values(store: ReviewStore) -> None:
    """Approving every phrasing approves the articles, except those reading a noted value."""
    keys = [k for (k,) in store.conn.execute("SELECT key FROM phrasings")]
    store.decide("phrasing", keys, "approve")
    counts = store.counts()
    noted = {n["profile"] for n in queries.notes(store.conn) if n["state"] == "open"}
    assert noted == {"account-specialist", "collections-accounts-receivable"}
    # Every article of a noted profile reads its skills in a table cell at least.
    blocked = store.conn.execute(
        "SELECT count(*) FROM articles a JOIN profiles p ON p.id IN (a.a, a.b)"
        " WHERE p.slug IN ('account-specialist', 'collections-accounts-receivable')"
    ).fetchone()[0]
    assert counts["unreviewed"] == blocked - 1  # the pair of the two is counted twice
    assert counts["approved"] == 78 - counts["unreviewed"]
    _approve_everything(store)
    assert store.counts()["approved"] == 78


def test_profile_edit_changes_exactly_the_sentences_that_read_it(store, catalog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """After a profile edit and regeneration, only places reading the edited value change,
    with the field named as the cause and a diff against the approved text."""
    _approve_everything(store)
    before = {
        (r[0], r[1]): r[2]
        for r in store.conn.execute("SELECT coalesce(article, -profile), slot, content FROM places")
    }
    salary = store.conn.execute(
        "SELECT v.id FROM vals v JOIN profiles p ON p.id = v.profile"
        " WHERE p.slug = 'account-specialist' AND v.field = 'yearly_salary'"
    ).fetchone()[0]
    reading = {
        (r[0], r[1])
        for r in store.conn.execute(
            "SELECT coalesce(p.article, -p.profile), p.slot FROM places p"
            " JOIN content_vals cv ON cv.content = p.content WHERE cv.val = ?",
            (salary,),
        )
    }
    edit_salary(tmp_path / "profiles", "42586", "43586")
    regenerate(store, catalog)
    changed = {
        (r[0], r[1])
        for r in store.conn.execute(
            "SELECT coalesce(article, -profile), slot FROM places WHERE state = 2"
        )
    }
    assert changed and changed <= reading
    assert all(before[place] is not None for place in changed)
    unchanged = store.conn.execute("SELECT count(*) FROM places WHERE state = 0").fetchone()[0]
    assert unchanged == len(before) - len(changed)
    slug = "account-specialist-vs-surgeon"
    shown = queries.article(store.conn, slug)
    assert shown["state"] == "changed"
    changes = [p["change"] for b in shown["blocks"] for p in b["places"] if p["change"]]
    assert changes
    assert any(
        "account-specialist.yearly_salary changed: 42586 → 43586" in c
        for ch in changes
        for c in ch["causes"]
    )
    assert any(
        "<del>$42,586</del>" in ch["diff"] and "<ins>$43,586</ins>" in ch["diff"] for ch in changes
    )
    # Putting the value back restores every approval.
    edit_salary(tmp_path / "profiles", "43586", "42586")
    regenerate(store, catalog)
    assert store.counts()["approved"] == 78


def _place_states(store: ReviewStore) -> dict[tuple[int, str], int]:
    """Every place, named by its article (or minus its profile) and slot, and its state."""
    return {
        (owner, slot): state
        for owner, slot, state in store.conn.execute(
            "SELECT coalesce(p.article, -p.profile), s.name, p.state FROM places p"
            " JOIN slots s ON s.id = p.slot"
        )
    }


def test_profile_edit_flags_exactly_the_affected_places(store, catalog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A profile edit and a regeneration: the places that read the edited value, and no other,
    turn "changed"; every other approval holds; the changed articles are exactly those with
    such a place (in their sentences, or in a table cell of one of their occupations)."""
    _approve_everything(store)
    before = _place_states(store)
    assert set(before.values()) == {APPROVED}
    reading = {
        (owner, slot)
        for owner, slot in store.conn.execute(
            "SELECT coalesce(p.article, -p.profile), s.name FROM places p"
            " JOIN slots s ON s.id = p.slot JOIN content_vals cv ON cv.content = p.content"
            " JOIN vals v ON v.id = cv.val JOIN profiles pr ON pr.id = v.profile"
            " WHERE pr.slug = 'account-specialist' AND v.field = 'yearly_salary'"
        )
    }
    profile = store.conn.execute(
        "SELECT id FROM profiles WHERE slug = 'account-specialist'"
    ).fetchone()[0]
    affected = {
        slug
        for slug, article, a, b in store.conn.execute(
            "SELECT n.slug, a.id, a.a, a.b FROM articles a JOIN article_names n ON n.id = a.id"
        )
        if any(owner in (article, -a, -b) for owner, _ in reading)
    }
    assert len(reading) > 12 and (-profile, "table:overview.yearly_salary") in reading
    edit_salary(tmp_path / "profiles", "42586", "43586")
    regenerate(store, catalog)
    after = _place_states(store)
    assert set(after) == set(before)  # the same sentences and cells stand where they stood
    assert {place for place, state in after.items() if state == CHANGED} == reading
    assert {place for place, state in after.items() if state == APPROVED} == set(before) - reading
    slugs = {slug for (slug,) in store.conn.execute("SELECT slug FROM article_names")}
    found = store.states(slugs)
    assert len(found) == len(slugs) == 78
    assert {slug for slug, state in found.items() if state == "changed"} == affected
    assert {slug for slug, state in found.items() if state == "approved"} == slugs - affected


def test_unchanged_regeneration_keeps_every_approval(store, catalog) -> None:  # type: ignore[no-untyped-def]
    """Regenerating the same text keeps every approval."""
    _approve_everything(store)
    regenerate(store, catalog)
    assert store.counts()["approved"] == 78


def test_template_edit_is_a_change_with_its_cause(store: ReviewStore, tmp_path: Path) -> None:
    """A place whose phrasing's template was edited is changed, caused by the edit."""
    _approve_everything(store)
    # Stand in for an edited template: the place's content now comes from a new phrasing.
    conn = store.conn
    with store.transaction():
        conn.execute(
            "INSERT INTO phrasings (key, fragment, idx, template) SELECT key || 'x', fragment, idx,"
            " template || ' (edited)' FROM phrasings WHERE fragment = 'article.title'"
        )
        conn.execute(
            "INSERT INTO contents (key, phrasing, text, skeleton) SELECT c.key || 'x',"
            " (SELECT id FROM phrasings WHERE key = ph.key || 'x'), c.text || '!', c.skeleton"
            " FROM contents c JOIN phrasings ph ON ph.id = c.phrasing"
            " WHERE ph.fragment = 'article.title'"
        )
        conn.execute(
            "UPDATE places SET content = (SELECT id FROM contents WHERE key ="
            " (SELECT key FROM contents WHERE id = places.content) || 'x') WHERE role = 0"
        )
        conn.execute(
            "UPDATE places SET phrasing = (SELECT phrasing FROM contents WHERE id = content)"
            " WHERE role = 0"
        )
        from narrator.editorial.build import recount

        recount(conn)
    assert store.counts()["changed"] == 78
    place = queries.article(conn, "account-specialist-vs-surgeon")["blocks"][0]["places"][0]
    assert place["change"]["causes"] == ["template edited"]
    assert "<ins>" in place["change"]["diff"]


def test_rejecting_a_sentence_rejects_its_articles(store: ReviewStore) -> None:
    """A rejected sentence makes every article it stands in rejected, and keeps the comment."""
    _approve_everything(store)
    key, text = store.conn.execute(
        "SELECT c.key, c.text FROM places p JOIN contents c ON c.id = p.content"
        " JOIN article_names a ON a.id = p.article WHERE a.slug = 'account-specialist-vs-surgeon'"
        " AND p.role = 2 ORDER BY p.pos LIMIT 1"
    ).fetchone()
    store.decide("sentence", [key], "reject", comment="too vague")
    shown = queries.article(store.conn, "account-specialist-vs-surgeon")
    assert shown["state"] == "rejected"
    rejected = [p for b in shown["blocks"] for p in b["places"] if p["state"] == "rejected"]
    assert [p["text"] for p in rejected] == [text]
    assert rejected[0]["comments"][0]["comment"] == "too vague"
    assert store.counts()["rejected"] >= 1


def test_value_to_fix_and_article_verdicts(store: ReviewStore) -> None:
    """A value marked to fix rejects what reads it; an article can be rejected and approved."""
    _approve_everything(store)
    key = queries.value_key(store.conn, "surgeon.yearly_salary")
    store.decide("value", [key], "to-fix", comment="check the BLS table")
    surgeon = queries.queue(store.conn, queries.Filter(occupation="surgeon"))
    assert surgeon["counts"]["rejected"] == 12
    store.decide("value", [key], "accept")
    assert store.counts()["approved"] == 78
    store.decide("article", ["account-specialist-vs-surgeon"], "reject")
    assert states(store.path, ["account-specialist-vs-surgeon", "nope"]) == {
        "account-specialist-vs-surgeon": "rejected",
        "nope": "unreviewed",
    }
    store.decide("article", ["account-specialist-vs-surgeon"], "approve")
    assert store.counts()["approved"] == 78


def test_article_approval_approves_its_sentences_and_cells(store: ReviewStore) -> None:
    """Approving an article approves every sentence and cell in it (notes aside)."""
    store.decide("article", ["chief-executive-vs-surgeon"], "approve")
    assert states(store.path, ["chief-executive-vs-surgeon"])["chief-executive-vs-surgeon"] == (
        "approved"
    )


def test_bad_decisions_are_refused(store: ReviewStore) -> None:
    """Unknown kinds, actions and keys are refused with a ReviewError, and nothing is written."""
    with pytest.raises(ReviewError, match="unknown kind"):
        store.decide("paragraph", ["x"], "approve")
    with pytest.raises(ReviewError, match="cannot 'accept' a phrasing"):
        store.decide("phrasing", ["x"], "accept")
    with pytest.raises(ReviewError, match="no sentence with key 'nope'"):
        store.decide("sentence", ["nope"], "approve")
    assert store.export()["decisions"] == []


def test_export_holds_every_decision(store: ReviewStore) -> None:
    """The export lists each decision in order, with its comment, and the verdicts."""
    title = _phrasing(store, "article.title")
    store.decide("phrasing", [title], "approve", editor="ed")
    store.decide("phrasing", [title], "comment", comment="fine")
    exported = json.loads(json.dumps(store.export()))
    assert [d["action"] for d in exported["decisions"]] == ["approve", "comment"]
    assert exported["decisions"][0]["label"].startswith("article.title#0: ")
    assert exported["verdicts"] == [{"kind": "phrasing", "key": title, "status": "approve"}]


def test_migrates_a_version_1_database(tmp_path: Path) -> None:
    """A database made with the first schema opens migrated (an editor column on decisions,
    no index of articles by state), its decisions kept."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in _statements(SCHEMA_1):
        conn.execute(statement)
    conn.execute(
        "INSERT INTO decisions (kind, key, action, comment, label, at)"
        " VALUES ('article', 'a-vs-b', 'reject', 'no', 'a-vs-b', '2025-01-01T00:00:00Z')"
    )
    conn.commit()
    conn.close()
    with ReviewStore(path) as store:
        assert store.conn.execute("SELECT version FROM schema_version").fetchone()[0] == VERSION
        indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles'"
        assert {name for (name,) in store.conn.execute(indexes)} == {"articles_a", "articles_b"}
        assert store.export()["decisions"][0]["editor"] == ""
        assert store.export()["decisions"][0]["comment"] == "no"


def test_refuses_a_newer_database(tmp_path: Path) -> None:
    """A database from a newer narrator is refused, not guessed at."""
    path = tmp_path / "new.db"
    ReviewStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="schema version 99"):
        ReviewStore(path)


def _write_decisions(path: str, editor: str, keys: list[str], start: object) -> None:
    """One editor's process: wait for the start, then record a decision per key, one by one."""
    store = ReviewStore(path)
    start.wait()  # type: ignore[attr-defined]
    for key in keys:
        store.decide("article", [key], "comment", comment=f"from {editor}", editor=editor)
    store.close()


def test_two_editors_at_once_both_keep_their_decisions(store: ReviewStore) -> None:
    """Two processes writing at the same moment both keep every decision."""
    slugs = [s for (s,) in store.conn.execute("SELECT slug FROM article_names ORDER BY slug")]
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    editors = [
        context.Process(target=_write_decisions, args=(str(store.path), name, slugs[:30], start))
        for name in ("ann", "bob")
    ]
    for process in editors:
        process.start()
    start.set()
    for process in editors:
        process.join(120)
        assert process.exitcode == 0
    decisions = store.export()["decisions"]
    assert sorted(d["editor"] for d in decisions) == ["ann"] * 30 + ["bob"] * 30


def _index_then_hang(path: str, folders: list[str], ready: object) -> None:
    """A writer that starts regenerating the index, then stops mid-transaction (to be killed)."""
    from narrator.editorial.corpus import Source

    source = Source(tuple(folders))
    composer, catalog = source.composer(), source.catalog()
    records = source.records(composer, catalog)

    def stalled():  # type: ignore[no-untyped-def]
        for number, record in enumerate(records):
            if number == 40:
                ready.set()  # type: ignore[attr-defined]
                time.sleep(600)
            yield record

    with ReviewStore(path) as store:
        store.decide("article", ["account-specialist-vs-surgeon"], "comment", comment="kept?")
        store.index(stalled(), source.indexer(composer, catalog))


def test_a_writer_killed_mid_transaction_leaves_the_previous_state(store, catalog) -> None:  # type: ignore[no-untyped-def]
    """Killing a process in the middle of a write leaves the database as it was before it."""
    _approve_everything(store)
    before = store.export()
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    writer = context.Process(
        target=_index_then_hang, args=(str(store.path), list(catalog.profiles), ready)
    )
    writer.start()
    assert ready.wait(120)
    os.kill(writer.pid, signal.SIGKILL)
    writer.join(30)
    with ReviewStore(store.path) as reopened:
        exported = reopened.export()
        # The comment was its own, finished transaction; the index build never committed.
        assert exported["decisions"][:-1] == before["decisions"]
        assert exported["decisions"][-1]["comment"] == "kept?"
        assert reopened.counts()["approved"] == 78
        reopened.decide("article", ["account-specialist-vs-surgeon"], "approve")
