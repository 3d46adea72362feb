"""Publishing follows review: ``narrator batch --review DB [--only-approved]``, read back with the
parsers a CMS would use (xml.etree for WXR, PyYAML for Hugo front matter, json for jsonl)."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from narrator.cli import main
from narrator.editorial import queries
from narrator.editorial.store import ReviewStore
from tests.review_helpers import edit_salary, regenerate, small_catalog

WP = "{http://wordpress.org/export/1.2/}"
UNAPPROVED = "opening.salary.a"  # the fragment whose busiest phrasing is left unreviewed
REJECTED = "chief-executive-vs-surgeon"
WP_STATUS = {
    "approved": "publish",
    "changed": "pending",
    "unreviewed": "draft",
    "rejected": "draft",
}


def _reviewed(folder: Path) -> tuple[Path, list[str], dict[str, str]]:
    """A review database over the seed and edge profiles with articles in every state, the
    batch arguments naming the same profiles, and each article's state as the store has it.

    Every phrasing is approved but one (its articles stay unreviewed), every data note is
    accepted, one article is rejected, and a profile edit regenerated makes some changed.
    """
    source = small_catalog(folder / "profiles")
    db = folder / "review.db"
    with ReviewStore(db) as store:
        regenerate(store, source)
        left = store.conn.execute(
            "SELECT key FROM phrasings WHERE fragment = ? ORDER BY n1 DESC LIMIT 1", (UNAPPROVED,)
        ).fetchone()[0]
        keys = [
            k for (k,) in store.conn.execute("SELECT key FROM phrasings WHERE key != ?", (left,))
        ]
        store.decide("phrasing", keys, "approve")
        store.decide("value", [n["key"] for n in queries.notes(store.conn)], "accept")
        store.decide("article", [REJECTED], "reject")
        edit_salary(folder / "profiles", "42586", "43586")
        regenerate(store, source)
        found = dict(
            store.conn.execute(
                "SELECT n.slug, a.state FROM articles a JOIN article_names n ON n.id = a.id"
                " WHERE a.present = 1"
            ).fetchall()
        )
    states = {
        slug: ("approved", "unreviewed", "changed", "rejected")[s] for slug, s in found.items()
    }
    args = ["--profiles", *source.profiles, "--date", "2025-05-01"]
    return db, args, states


@pytest.fixture
def reviewed(tmp_path: Path) -> tuple[Path, list[str], dict[str, str]]:
    return _reviewed(tmp_path)


def _statuses(wxr: Path) -> dict[str, str]:
    """Each post's slug and ``wp:status``, as an XML parser reads them."""
    channel = ET.parse(wxr).getroot().find("channel")
    assert channel is not None
    return {
        item.findtext(f"{WP}post_name", ""): item.findtext(f"{WP}status", "")
        for item in channel.findall("item")
    }


def _drafts(folder: Path) -> dict[str, bool]:
    """Each Hugo page's slug and draft flag, as PyYAML reads the front matter."""
    found = {}
    for page in sorted((folder / "content" / "comparisons").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        matter = yaml.safe_load(text[4:].partition("\n---\n")[0])
        found[matter["slug"]] = matter["draft"]
    return found


def _records(jsonl: Path) -> dict[str, str]:
    """Each jsonl record's slug and review state."""
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    return {r["slug"]: r["review_state"] for r in map(json.loads, lines)}


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


FORMATS = ["--format", "jsonl", "--format", "markdown", "--format", "wxr", "--format", "html"]


def test_every_format_carries_the_review_state(
    reviewed: tuple[Path, list[str], dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """WXR posts are published, pending or drafts by state, Hugo pages drafts unless approved,
    jsonl records carry the state; two workers write the same bytes as one."""
    db, args, states = reviewed
    assert set(states.values()) == {"approved", "unreviewed", "changed", "rejected"}
    out = tmp_path / "out"
    assert main(["batch", "--out", str(out), *args, *FORMATS, "--review", str(db)]) == 0
    assert capsys.readouterr().out.startswith(f"{len(states)} articles: ")
    assert _statuses(out / "wordpress.xml") == {s: WP_STATUS[state] for s, state in states.items()}
    assert _drafts(out) == {slug: state != "approved" for slug, state in states.items()}
    assert _records(out / "articles.jsonl") == states
    assert len(list((out / "html").glob("*.html"))) == len(states)
    two = tmp_path / "two"
    command = ["batch", "--out", str(two), *args, *FORMATS, "--review", str(db), "--jobs", "2"]
    assert main(command) == 0
    assert _tree(out) == _tree(two)


def test_only_approved_writes_exactly_the_approved_articles(
    reviewed: tuple[Path, list[str], dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--only-approved writes the approved articles and no other, in every format; an article
    no longer approved at the next run loses the page an earlier run wrote."""
    db, args, states = reviewed
    approved = {slug for slug, state in states.items() if state == "approved"}
    assert 0 < len(approved) < len(states)
    out = tmp_path / "out"
    command = ["batch", "--out", str(out), *args, *FORMATS, "--review", str(db), "--only-approved"]
    assert main(command) == 0
    left_out = len(states) - len(approved)
    assert f"; {left_out} not approved, left out in " in capsys.readouterr().out
    assert _statuses(out / "wordpress.xml") == dict.fromkeys(approved, "publish")
    assert _drafts(out) == dict.fromkeys(approved, False)
    assert _records(out / "articles.jsonl") == dict.fromkeys(approved, "approved")
    assert {p.stem for p in (out / "html").glob("*.html")} == approved
    # One approved article rejected: the next run takes its pages away.
    gone = sorted(approved)[0]
    with ReviewStore(db) as store:
        store.decide("article", [gone], "reject")
    assert main([*command, "--incremental"]) == 0
    summary = capsys.readouterr().out
    assert summary.startswith(f"{len(approved) - 1} articles: 2 files written, ")
    assert "(2 of their files removed)" in summary  # its Markdown and HTML pages
    assert set(_drafts(out)) == approved - {gone}
    assert set(_statuses(out / "wordpress.xml")) == approved - {gone}
    assert not (out / "html" / f"{gone}.html").exists()


def test_incremental_rewrites_an_article_whose_state_changed(
    reviewed: tuple[Path, list[str], dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With --incremental, a new review state is a change to the article's files (HTML too,
    which does not show it), and nothing else is rewritten."""
    db, args, states = reviewed
    out = tmp_path / "out"
    command = ["batch", "--out", str(out), *args, "--format", "markdown", "--format", "html"]
    command += ["--review", str(db), "--incremental"]
    assert main(command) == 0
    assert main(command) == 0
    assert (
        capsys.readouterr()
        .out.splitlines()[-1]
        .startswith(f"{len(states)} articles: 0 files written, {2 * len(states)} unchanged")
    )
    assert states[REJECTED] == "rejected"
    with ReviewStore(db) as store:
        store.decide("article", [REJECTED], "approve")
    assert main(command) == 0
    assert capsys.readouterr().out.startswith(f"{len(states)} articles: 2 files written, ")
    assert _drafts(out)[REJECTED] is False


def test_review_flags_are_checked_before_any_work(
    reviewed: tuple[Path, list[str], dict[str, str]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--only-approved without --review, a missing database or a file that is not one: one
    line and exit status 2, nothing written, and no database made of another file."""
    _, args, _ = reviewed
    out = tmp_path / "out"
    other = tmp_path / "other.db"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    conn.close()
    text = tmp_path / "text.db"
    text.write_text("not a database, only text " * 40, encoding="utf-8")
    for extra, words in [
        (["--only-approved"], "error: --only-approved needs --review DB (see narrator batch"),
        (["--review", str(tmp_path / "none.db")], "none.db: no such review database"),
        (["--review", str(other)], "other.db: not a review database"),
        (["--review", str(text)], "text.db: not a usable review database"),
        (["--review", str(tmp_path)], "is a directory"),
    ]:
        assert main(["batch", "--out", str(out), *args, *extra]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err
    assert not out.exists()
    with sqlite3.connect(other) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master")]
    conn.close()
    assert tables == ["notes"]
