"""--incremental after a stopped run with other options: every file is the new options' file.

A run stopped part-way (a fault after some articles, or SIGKILL) has rewritten some files with
its options; the manifest still describes the run before it. Whatever options the next
``--incremental`` run has (the first run's, the stopped run's, or others), every file it
leaves must be the one a clean run with its options writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from narrator import batch, outfolder
from narrator.batch import Options, run_batch
from narrator.catalog import Catalog
from narrator.pairs import select_pairs

from .conftest import EDGE_PROFILES, SEED_PROFILES

PATHS = [str(SEED_PROFILES), str(EDGE_PROFILES)]
FORMATS = ("markdown", "html", "jsonl")
FIRST = Options(formats=FORMATS, date="2025-05-01")
# Each changes what is written: the date (front matter, WXR), numbers, lists, HTML pages.
OTHERS = {
    "date": Options(formats=FORMATS, date="2024-01-01"),
    "locale": Options(formats=FORMATS, date="2025-05-01", locale="en_IN"),
    "serial-comma": Options(formats=FORMATS, date="2025-05-01", serial_comma=False),
    "full-html": Options(formats=FORMATS, date="2025-05-01", full_html=True),
    "formats": Options(formats=("markdown", "wxr"), date="2025-05-01"),
}


class _Stopped(Exception):
    pass


def _tree(folder: Path) -> dict[str, str]:
    """Every file below a folder and the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _stop_at(count: int) -> Callable[[int], None]:
    def stop(done: int) -> None:
        if done == count:
            raise _Stopped

    return stop


@pytest.fixture(scope="module")
def small() -> Catalog:
    return Catalog.from_paths(PATHS)


@pytest.mark.parametrize(
    ("other", "again"),
    [
        ("date", "stopped"),
        ("locale", "third"),
        ("serial-comma", "first"),
        ("full-html", "first"),
        ("formats", "first"),
    ],
)
def test_incremental_with_other_options_after_a_stopped_run(
    tmp_path: Path, small: Catalog, monkeypatch: pytest.MonkeyPatch, other: str, again: str
) -> None:
    """A full run, then one with other options stopped after 25 articles, then an incremental
    run with the first run's options, the stopped run's, or a third set: the folder is what a
    clean run with the last options leaves, file for file."""
    monkeypatch.setattr(batch, "CHUNK", 10)
    pairs = select_pairs(small)
    stopped = OTHERS[other]
    last = {"first": FIRST, "stopped": stopped, "third": OTHERS["date"]}[again]
    clean = tmp_path / "clean"
    run_batch(pairs, clean, last, profile_paths=PATHS)
    out = tmp_path / "out"
    run_batch(pairs, out, FIRST, profile_paths=PATHS)
    with pytest.raises(_Stopped):
        run_batch(pairs, out, stopped, profile_paths=PATHS, on_article=_stop_at(25))
    run_batch(pairs, out, last, profile_paths=PATHS, incremental=True)
    assert _files(out, last) == _files(clean, last)


def test_incremental_after_two_stopped_runs_with_different_options(
    tmp_path: Path, small: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two stopped runs in a row, each with its own options, then an incremental run with the
    first run's: no file of either stopped run's options is kept."""
    monkeypatch.setattr(batch, "CHUNK", 10)
    pairs = select_pairs(small)
    clean = tmp_path / "clean"
    run_batch(pairs, clean, FIRST, profile_paths=PATHS)
    out = tmp_path / "out"
    run_batch(pairs, out, FIRST, profile_paths=PATHS)
    for options, count in ((OTHERS["date"], 35), (OTHERS["locale"], 15)):
        with pytest.raises(_Stopped):
            run_batch(pairs, out, options, profile_paths=PATHS, on_article=_stop_at(count))
    run_batch(pairs, out, FIRST, profile_paths=PATHS, incremental=True)
    assert _tree(out) == _tree(clean)


def _files(folder: Path, options: Options) -> dict[str, str]:
    """The folder's files that a run with ``options`` writes, and their hashes.

    Pages of a format the last run does not write are a stopped run's leftovers, which
    batch leaves in place (it deletes nothing); the last run's own files are all compared.
    """
    kept = {
        path
        for fmt in options.formats
        for path in (outfolder.PER_ARTICLE.get(fmt, ("",))[0], outfolder.SINGLE_FILE.get(fmt))
        if path
    }
    tree = _tree(folder)
    return {
        name: digest
        for name, digest in tree.items()
        if name == outfolder.MANIFEST or any(name.startswith(path) for path in kept)
    }


KILLED_PROFILES = 64  # 2,016 pairs: eleven chunks, so a run killed after two is part-way


def _batch(out: Path, profiles: Path, *args: str) -> list[str]:
    return [
        *(sys.executable, "-m", "narrator.cli", "batch", "--out", str(out)),
        *("--format", "markdown", "--jobs", "2", "--profiles", str(profiles), *args),
    ]


def _profiles(folder: Path) -> Path:
    """Small made-up profiles, quick to write articles about, named by letters."""
    folder.mkdir()
    for number in range(KILLED_PROFILES):
        name = chr(ord("a") + number // 26) + chr(ord("a") + number % 26)
        (folder / f"worker-{name}.toml").write_text(
            f'title = "Worker {name.upper()}"\nyearly_salary = {40_000 + 997 * number}\n'
            f"number_of_jobs = {1_000 + 37 * number}\ngrowth_rate = {number % 9 - 4}\n",
            encoding="utf-8",
        )
    return folder


def _finished_chunks(journal: Path) -> int:
    """How many chunks a run's journal says it finished (JSON objects after the first line)."""
    try:
        lines = journal.read_text(encoding="utf-8").splitlines()[1:]
    except (FileNotFoundError, UnicodeDecodeError):
        return 0
    finished = 0
    for line in lines:
        try:
            finished += isinstance(json.loads(line), dict)
        except ValueError:
            break
    return finished


def test_incremental_after_a_killed_run_with_another_date(tmp_path: Path) -> None:
    """A full run, then one with another --date killed (SIGKILL, workers and all) after two
    chunks, then an incremental run with the first date: the manifest still holds the first
    run's hashes, but every page the killed run may have touched is written again, so every
    page has the first date. (The tests above compare whole folders with a clean run's; here
    each page's date tells which run wrote it.)"""
    first, killed = "2025-05-01", "2024-01-01"
    profiles = _profiles(tmp_path / "profiles")
    out = tmp_path / "out"
    subprocess.run(_batch(out, profiles, "--date", first), check=True, capture_output=True)
    process = subprocess.Popen(
        _batch(out, profiles, "--date", killed),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    journal = out / outfolder.JOURNAL
    deadline = time.monotonic() + 120
    while process.poll() is None and _finished_chunks(journal) < 2:
        assert time.monotonic() < deadline, "the run finished no chunk in two minutes"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    pairs = KILLED_PROFILES * (KILLED_PROFILES - 1) // 2
    finished = _finished_chunks(journal)
    assert journal.exists() and 2 <= finished < -(-pairs // batch.CHUNK), "not killed part-way"
    pages = out / "content" / "comparisons"
    assert killed in {_date(page) for page in pages.glob("*.md")}
    announced = _announced(journal)
    again = subprocess.run(
        _batch(out, profiles, "--date", first, "--incremental"), check=True, capture_output=True
    )
    assert {_date(page) for page in pages.glob("*.md")} == {first}
    assert len(list(pages.glob("*.md"))) == pairs
    written = int(again.stdout.split(b" files written")[0].rsplit(b" ", 1)[1].replace(b",", b""))
    # Exactly the pages the killed run may have touched (every chunk handed out) are written
    # again; the others still match the manifest of the first run.
    assert written == len(announced) >= finished * batch.CHUNK
    manifest = json.loads((out / outfolder.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["options"]["date"] == first and len(manifest["articles"]) == pairs
    assert sorted(out.iterdir()) == [out / "content", out / outfolder.MANIFEST]


def _announced(journal: Path) -> set[str]:
    """The slugs of every chunk a run's journal says was handed out (JSON arrays)."""
    slugs: set[str] = set()
    for line in journal.read_text(encoding="utf-8").splitlines()[1:]:
        try:
            entry = json.loads(line)
        except ValueError:
            break
        if isinstance(entry, list):
            slugs.update(entry)
    return slugs


def _date(page: Path) -> str:
    """A Markdown page's front matter date."""
    return page.read_text(encoding="utf-8").split('\ndate: "', 1)[1][:10]
