"""narrator batch: stable pairs, byte-identical output for any number of workers, atomic and
resumable writing, incremental runs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from narrator import batch
from narrator.batch import (
    BatchError,
    Options,
    all_pairs,
    pairs_from_csv,
    post_id,
    run_batch,
    select_pairs,
)
from narrator.catalog import Catalog

from .conftest import EDGE_PROFILES, SEED_PROFILES

PATHS = [str(SEED_PROFILES), str(EDGE_PROFILES)]
ALL_FORMATS = ("jsonl", "markdown", "html", "wxr")


def _tree(folder: Path) -> dict[str, str]:
    """Every file below a folder and the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def small() -> Catalog:
    return Catalog.from_paths(PATHS)


def _options(*formats: str) -> Options:
    return Options(formats=formats or ALL_FORMATS, date="2025-05-01")


def test_all_pairs_each_once_in_slug_order(small: Catalog) -> None:
    """Every unordered pair appears once, the first slug before the second, in stable order."""
    pairs = [(a.slug, b.slug) for a, b in all_pairs(list(small))]
    n = len(small)
    assert len(pairs) == n * (n - 1) // 2 == len(set(pairs))
    assert all(a < b for a, b in pairs) and pairs == sorted(pairs)


def test_pairs_file_order_duplicates_and_errors(tmp_path: Path, small: Catalog) -> None:
    """A pairs CSV keeps file order, drops repeats (either way round), and names bad lines."""
    good = tmp_path / "pairs.csv"
    good.write_text("Mail Clerk,File Clerk\n\nfile-clerk, mail-clerk\nHR Manager,Surgeon\n")
    pairs = [(a.slug, b.slug) for a, b in pairs_from_csv(good, small)]
    assert pairs == [("mail-clerk", "file-clerk"), ("hr-manager", "surgeon")]
    bad = tmp_path / "bad.csv"
    bad.write_text("Mail Clerk,File Clerk\nMail Clerk,Astronaut\n")
    with pytest.raises(BatchError, match=r"bad\.csv:2: no occupation matches 'Astronaut'"):
        pairs_from_csv(bad, small)
    one = tmp_path / "one.csv"
    one.write_text("Mail Clerk\n")
    with pytest.raises(BatchError, match=r"one\.csv:1: expected two occupation names"):
        pairs_from_csv(one, small)


def test_only_and_limit(small: Catalog) -> None:
    """--only renders the pairs among the names; --limit keeps the first N."""
    only = select_pairs(small, only=["Mail Clerk", "File Clerk", "Surgeon"])
    assert [(a.slug, b.slug) for a, b in only] == [
        ("file-clerk", "mail-clerk"),
        ("file-clerk", "surgeon"),
        ("mail-clerk", "surgeon"),
    ]
    assert len(select_pairs(small, limit=5)) == 5


def test_same_bytes_for_any_number_of_workers(tmp_path: Path, small: Catalog) -> None:
    """One worker and two workers write byte-identical folders in every format."""
    pairs = select_pairs(small)
    run_batch(pairs, tmp_path / "one", _options(), profile_paths=PATHS, jobs=1)
    run_batch(pairs, tmp_path / "two", _options(), profile_paths=PATHS, jobs=2)
    one, two = _tree(tmp_path / "one"), _tree(tmp_path / "two")
    assert one == two
    assert len([f for f in one if f.startswith("content/comparisons/")]) == len(pairs)


def test_same_bytes_on_dask(tmp_path: Path, small: Catalog) -> None:
    """A Dask LocalCluster writes the same bytes as local workers."""
    from distributed import LocalCluster

    pairs = select_pairs(small, limit=60)
    run_batch(pairs, tmp_path / "local", _options(), profile_paths=PATHS, jobs=1)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        run_batch(
            pairs,
            tmp_path / "dask",
            _options(),
            profile_paths=PATHS,
            dask_address=cluster.scheduler_address,
        )
    assert _tree(tmp_path / "local") == _tree(tmp_path / "dask")


def test_incremental_writes_only_what_changed(tmp_path: Path) -> None:
    """A second incremental run writes nothing; after one profile changes, only its articles."""
    profiles = tmp_path / "profiles"
    shutil.copytree(EDGE_PROFILES, profiles)
    paths = [str(profiles)]
    pairs = select_pairs(Catalog.from_paths(paths))
    out = tmp_path / "out"
    first = run_batch(pairs, out, _options("markdown", "jsonl"), profile_paths=paths)
    assert first.written == len(pairs) + 1  # every page, and articles.jsonl
    again = run_batch(
        pairs, out, _options("markdown", "jsonl"), profile_paths=paths, incremental=True
    )
    assert again.written == 0 and again.unchanged == len(pairs) + 1
    clerk = profiles / "mail-clerk.toml"
    clerk.write_text(clerk.read_text().replace("yearly_salary = 36000", "yearly_salary = 37000"))
    changed = select_pairs(Catalog.from_paths(paths))
    after = run_batch(
        changed, out, _options("markdown", "jsonl"), profile_paths=paths, incremental=True
    )
    involving = sum("mail-clerk" in (a.slug, b.slug) for a, b in changed)
    assert after.written == involving + 1


class _Killed(Exception):
    pass


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "incremental"])
@pytest.mark.parametrize("stop_at", [1, 37, 77])
def test_interrupted_run_completes_when_started_again(
    tmp_path: Path, small: Catalog, stop_at: int, incremental: bool
) -> None:
    """A run stopped part-way, then started again, leaves exactly what one clean run leaves."""
    pairs = select_pairs(small)
    clean = tmp_path / "clean"
    run_batch(pairs, clean, _options(), profile_paths=PATHS)

    def stop(count: int) -> None:
        if count == stop_at:
            raise _Killed

    out = tmp_path / "out"
    with pytest.raises(_Killed):
        run_batch(pairs, out, _options(), profile_paths=PATHS, on_article=stop)
    run_batch(pairs, out, _options(), profile_paths=PATHS, incremental=incremental)
    assert _tree(out) == _tree(clean)


def test_journal_keeps_finished_chunks_of_a_stopped_run(
    tmp_path: Path, small: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stopped run's journal holds every finished chunk, so starting again with --incremental
    writes only the rest; the finished run leaves the manifest alone, as a clean run does."""
    monkeypatch.setattr(batch, "CHUNK", 10)
    pairs = select_pairs(small)
    assert len(pairs) > 30
    clean = tmp_path / "clean"
    run_batch(pairs, clean, _options("markdown"), profile_paths=PATHS)
    assert not (clean / batch.JOURNAL).exists()

    def stop(count: int) -> None:
        if count == 25:
            raise _Killed

    out = tmp_path / "out"
    with pytest.raises(_Killed):
        run_batch(pairs, out, _options("markdown"), profile_paths=PATHS, on_article=stop)
    finished = batch.read_manifest(out, _options("markdown"))
    assert list(finished) == [f"{a.slug}-vs-{b.slug}" for a, b in pairs[:20]]
    assert batch.read_manifest(out, _options("jsonl")) == {}  # other options: not these hashes
    again = run_batch(pairs, out, _options("markdown"), profile_paths=PATHS, incremental=True)
    assert (again.written, again.unchanged) == (len(pairs) - 20, 20)
    assert _tree(out) == _tree(clean)


def test_journal_torn_or_damaged_lines_end_it(tmp_path: Path) -> None:
    """What follows a line that is not a whole entry (a run killed mid-write) is not read."""
    options = _options("markdown")
    header = json.dumps({"options": options.fingerprint()}, sort_keys=True)
    for tail, expected in [
        ('{"b-vs-c": "2"}', {"a-vs-b": "1"}),  # no newline: torn
        ('{"b-vs-c": "2", "c-vs-d": "3"', {"a-vs-b": "1"}),  # torn within the line
        ('["b-vs-c"]\n{"c-vs-d": "3"}\n', {"a-vs-b": "1"}),
        ('{"b-vs-c": "2", "x": 1}\n{"c-vs-d": "3"}\n', {"a-vs-b": "1"}),
        ("{}\n", {"a-vs-b": "1"}),
        ('{"b-vs-c": "2", "c-vs-d": "3"}\n', {"a-vs-b": "1", "b-vs-c": "2", "c-vs-d": "3"}),
    ]:
        (tmp_path / batch.JOURNAL).write_text(f'{header}\n{{"a-vs-b": "1"}}\n{tail}')
        assert batch.read_manifest(tmp_path, options) == expected, tail
    (tmp_path / batch.JOURNAL).write_text('not json\n{"a-vs-b": "1"}\n')
    assert batch.read_manifest(tmp_path, options) == {}


def test_pages_written_whole_new_or_replaced_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are written unnamed then linked where the system allows, else renamed; either
    way a new file, a replaced one and an unchanged one come out right, with nothing left over."""
    folder = tmp_path / "content" / "comparisons"
    folder.mkdir(parents=True)
    assert batch.Pages(tmp_path).unnamed == (sys.platform == "linux")
    # unnamed then linked; named, in a folder opened once; named, by full paths (as on Windows)
    for unnamed, relative in [(True, True), (False, True), (False, False)]:
        pages = batch.Pages(tmp_path)
        pages.unnamed = unnamed and pages.unnamed
        pages.relative = relative and pages.relative
        assert pages.write("markdown", "a-vs-b", b"first") is True
        assert pages.write("markdown", "a-vs-b", b"second") is True  # replaces
        assert pages.write("markdown", "a-vs-b", b"third", unchanged=True) is False
        assert pages.write("markdown", "c-vs-d", b"new", unchanged=True) is True
        assert (folder / "a-vs-b.md").read_bytes() == b"second"
        assert (folder / "c-vs-d.md").read_bytes() == b"new"
        assert sorted(p.name for p in folder.iterdir()) == ["a-vs-b.md", "c-vs-d.md"]
        for page in folder.iterdir():
            page.unlink()
        pages.close()

    def refused(*args: object) -> None:
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(batch, "_write_unnamed", refused)
    pages = batch.Pages(tmp_path)
    pages.unnamed = True
    assert pages.write("markdown", "e-vs-f", b"fallback") is True
    assert pages.unnamed is False  # not asked again
    assert (folder / "e-vs-f.md").read_bytes() == b"fallback"
    pages.close()


def test_killed_process_resumes_to_the_same_bytes(tmp_path: Path) -> None:
    """SIGKILL to a running `narrator batch --jobs 2`, then the same command, equals a clean run."""
    command = [
        sys.executable,
        "-m",
        "narrator.cli",
        "batch",
        "--format",
        "markdown",
        "--format",
        "jsonl",
        "--limit",
        "1200",
        "--jobs",
        "2",
        "--date",
        "2025-05-01",
    ]
    clean, out = tmp_path / "clean", tmp_path / "out"
    subprocess.run([*command, "--out", str(clean)], check=True, capture_output=True)
    process = subprocess.Popen(
        [*command, "--out", str(out)],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pages = out / "content" / "comparisons"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if pages.is_dir() and sum(1 for _ in pages.iterdir()) >= 150:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    subprocess.run([*command, "--out", str(out), "--incremental"], check=True, capture_output=True)
    assert _tree(out) == _tree(clean)


def test_cli_batch_quiet_off_a_terminal_and_bad_input(tmp_path: Path) -> None:
    """Off a terminal the batch prints one summary line and no progress; bad input exits 2."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "narrator.cli", "batch", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    ok = run(
        "--out",
        str(tmp_path / "o"),
        "--only",
        "Loan Officers",
        "Bill and Account Collectors",
        "Actors",
        "--format",
        "markdown",
    )
    assert ok.returncode == 0 and ok.stderr == ""
    assert ok.stdout.startswith("3 articles: 3 files written")
    for args, words in [
        (["--out", str(tmp_path / "x"), "--pairs", str(tmp_path / "none.csv")], "none.csv"),
        (["--out", str(tmp_path / "x"), "--jobs", "0"], "'--jobs': must be at least 1 (got 0)"),
        (["--out", str(tmp_path / "x"), "--locale", "xx_YY"], "unknown locale 'xx_YY'"),
        (["--out", str(tmp_path / "x"), "--date", "May 2025"], "'--date': must be a real day"),
    ]:
        bad = run(*args)
        assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and words in bad.stderr


def test_post_ids_are_stable_and_distinct_over_every_bundled_pair() -> None:
    """WordPress ids come from the slug, and the 343,735 bundled pairs never share one."""
    bundled = Catalog.bundled()
    ids = {post_id(f"{a.slug}-vs-{b.slug}") for a, b in all_pairs(list(bundled))}
    n = len(bundled)
    assert len(ids) == n * (n - 1) // 2


def test_cli_batch_reports_a_dead_worker_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A worker process that dies (say, out of memory) ends the run with one line and status 1."""
    from narrator.cli import main
    from narrator.pool import WorkerError

    def die(*_args: object, **_kwargs: object) -> None:
        raise WorkerError("a worker process was killed by signal 9 before it finished")

    monkeypatch.setattr(batch, "run_batch", die)
    status = main(["batch", "--out", str(tmp_path), "--limit", "3", "--jobs", "2"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "killed by signal 9" in err and "--incremental" in err
