"""The review commands, run through click's CliRunner as the main command line will run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from narrator.editorial import queries
from narrator.editorial.cli import review
from narrator.editorial.store import ReviewStore
from tests.review_helpers import small_catalog


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, list[str]]:
    source = small_catalog(tmp_path / "profiles")
    path = str(tmp_path / "review.db")
    profiles = [arg for folder in source.profiles for arg in ("--profiles", folder)]
    result = CliRunner().invoke(review, ["index", path, *profiles])
    assert result.exit_code == 0, result.output
    assert (
        result.output == "indexed 78 articles: 0 approved, 78 unreviewed, 0 changed, 0 rejected\n"
    )
    return path, profiles


def test_approve_reject_status_export(db: tuple[str, list[str]]) -> None:
    """approve and reject name items as an editor would; status counts; export has it all."""
    path, _ = db
    runner = CliRunner()
    result = runner.invoke(review, ["approve", path, "phrasing", "article.title#0"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("approve: 1 phrasing(s); ")
    result = runner.invoke(
        review, ["reject", path, "value", "account-specialist.top_skills", "--comment", "patience?"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(review, ["approve", path, "article", "chief-executive-vs-surgeon"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(review, ["status", path])
    assert result.output.splitlines()[:4] == [
        "approved\t1",
        "unreviewed\t65",
        "changed\t0",
        "rejected\t12",
    ]
    assert "note\taccount-specialist.top_skills\tto fix\t'patients'" in result.output
    status = json.loads(runner.invoke(review, ["status", path, "--json"]).output)
    assert status["articles"]["rejected"] == 12
    exported = json.loads(runner.invoke(review, ["export", path]).output)
    assert [(d["kind"], d["action"]) for d in exported["decisions"]] == [
        ("phrasing", "approve"),
        ("value", "to-fix"),
        ("article", "approve"),
    ]
    assert exported["decisions"][1]["comment"] == "patience?"


def test_export_to_a_file(db: tuple[str, list[str]], tmp_path: Path) -> None:
    """export --out writes the same JSON to a file."""
    path, _ = db
    out = tmp_path / "decisions.json"
    result = CliRunner().invoke(review, ["export", path, "--out", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text())["decisions"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "{missing}"], "no such review database"),
        (["approve", "{db}", "phrasing", "no.such#0"], "no phrasing 'no.such#0' in use"),
        (["approve", "{db}", "value", "surgeon.no_field"], "no value 'surgeon.no_field'"),
        (["reject", "{db}", "sentence", "0123"], "no sentence with key '0123'"),
        (["approve", "{db}", "article", "a-vs-b"], "no article with key 'a-vs-b'"),
        (["status", "{folder}"], "is a directory"),
        (["status", "{text}"], "not a usable review database"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    db: tuple[str, list[str]], tmp_path: Path, args: list[str], message: str
) -> None:
    """A bad database or name is one line on stderr and exit status 2, never a traceback."""
    (tmp_path / "text.db").write_text("not sqlite at all, just some text of some length\n" * 20)
    names = {
        "db": db[0],
        "missing": str(tmp_path / "none.db"),
        "folder": str(tmp_path),
        "text": str(tmp_path / "text.db"),
    }
    result = CliRunner().invoke(review, [a.format(**names) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_review_begun_on_a_batch_continues_on_the_composed_catalog(tmp_path: Path) -> None:
    """Indexing a batch's articles.jsonl gives the same items as composing the pairs, so
    approvals made on one hold on the other."""
    import subprocess
    import sys

    source = small_catalog(tmp_path / "profiles")
    out = tmp_path / "batch"
    profiles = ["--profiles", *source.profiles]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "narrator",
            "batch",
            "--out",
            str(out),
            "--format",
            "jsonl",
            *profiles,
        ],
        check=True,
        capture_output=True,
    )
    folders = [arg for folder in source.profiles for arg in ("--profiles", folder)]
    path = str(tmp_path / "review.db")
    runner = CliRunner()
    result = runner.invoke(
        review, ["index", path, *folders, "--articles", str(out / "articles.jsonl")]
    )
    assert result.output.startswith("indexed 78 articles: 0 approved, 78 unreviewed"), result.output
    with ReviewStore(path) as store:
        keys = [k for (k,) in store.conn.execute("SELECT key FROM phrasings")]
        store.decide("phrasing", keys, "approve")
        notes = [n["key"] for n in queries.notes(store.conn)]
        store.decide("value", notes, "accept")
        assert store.counts()["approved"] == 78
    result = runner.invoke(review, ["index", path, *folders])
    assert (
        result.output == "indexed 78 articles: 78 approved, 0 unreviewed, 0 changed, 0 rejected\n"
    )


def test_a_bad_jsonl_line_is_named(tmp_path: Path) -> None:
    """A line that is not an article names the file and line."""
    source = small_catalog(tmp_path / "profiles")
    bad = tmp_path / "articles.jsonl"
    bad.write_text('{"slug": "x"}\nnot json\n', encoding="utf-8")
    folders = [arg for folder in source.profiles for arg in ("--profiles", folder)]
    result = CliRunner().invoke(
        review, ["index", str(tmp_path / "r.db"), *folders, "--articles", str(bad)]
    )
    assert result.exit_code == 2
    assert f"{bad}:1: not an article record" in result.stderr
