"""narrator batch: stable pairs, byte-identical output for any number of workers, atomic and
resumable writing, incremental runs."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from narrator import batch, outfolder
from narrator.batch import Options, post_id, run_batch
from narrator.catalog import Catalog
from narrator.errors import BatchError
from narrator.pairs import all_pairs, pairs_from_csv, select_pairs

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


def test_workers_keep_what_they_learn_in_the_cache(tmp_path: Path) -> None:
    """A process pool's workers save inflect's and babel's new answers as they end, though a
    worker runs no atexit handler: the next run need not ask them again. The batch runs in a
    fresh process with an empty cache folder, which ends without its own atexit handlers, so
    only the workers can have written the memos."""
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from narrator.batch import Options, run_batch\n"
        "from narrator.catalog import Catalog\n"
        "from narrator.pairs import select_pairs\n"
        "paths = sys.argv[2:]\n"
        "pairs = select_pairs(Catalog.from_paths(paths))[:6]\n"
        "options = Options(formats=('jsonl',), date='2025-05-01')\n"
        "run_batch(pairs, Path(sys.argv[1]), options, profile_paths=paths, jobs=2)\n"
        "os._exit(0)\n"
    )
    cache = tmp_path / "cache"
    env = {**os.environ, "NARRATOR_CACHE_DIR": str(cache)}
    command = [sys.executable, "-c", script, str(tmp_path / "out"), *PATHS]
    subprocess.run(command, env=env, check=True, timeout=120)
    memos = sorted(path.name.split("-")[0] for path in cache.glob("*.pickle"))
    assert "inflect" in memos and "numbers" in memos


def test_same_bytes_on_dask(tmp_path: Path, small: Catalog) -> None:
    """A Dask LocalCluster writes the same bytes as local workers."""
    from distributed import LocalCluster

    pairs = select_pairs(small, limit=60)
    run_batch(pairs, tmp_path / "local", _options(), profile_paths=PATHS, jobs=1)
    # Any free port for the dashboard: other runs on a shared machine may hold the default.
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
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
    assert not (clean / outfolder.JOURNAL).exists()

    def stop(count: int) -> None:
        if count == 25:
            raise _Killed

    out = tmp_path / "out"
    with pytest.raises(_Killed):
        run_batch(pairs, out, _options("markdown"), profile_paths=PATHS, on_article=stop)
    finished = outfolder.read_manifest(out, _options("markdown").fingerprint())
    assert list(finished) == [f"{a.slug}-vs-{b.slug}" for a, b in pairs[:20]]
    assert (
        outfolder.read_manifest(out, _options("jsonl").fingerprint()) == {}
    )  # other options: not these hashes
    again = run_batch(pairs, out, _options("markdown"), profile_paths=PATHS, incremental=True)
    assert (again.written, again.unchanged) == (len(pairs) - 20, 20)
    assert _tree(out) == _tree(clean)


def test_journal_says_what_a_killed_run_wrote_file_by_file(tmp_path: Path) -> None:
    """A killed run's journal corrects the manifest: what it finished with the same options is
    known, what it started or wrote with other options is not, and damage leaves nothing known;
    a torn last line (the one it was writing) is left out."""
    options = _options("markdown")
    manifest = {"a-vs-b": "0", "b-vs-c": "0", "c-vs-d": "0"}
    outfolder.write_manifest(tmp_path, options.fingerprint(), manifest, {})

    def journal(fingerprint: dict[str, object], tail: str) -> dict[str, str]:
        header = json.dumps({"options": fingerprint}, sort_keys=True)
        (tmp_path / outfolder.JOURNAL).write_text(
            f'{header}\n["a-vs-b"]\n{{"a-vs-b": "1"}}\n{tail}'
        )
        return outfolder.read_manifest(tmp_path, options.fingerprint())

    same, other = options.fingerprint(), _options("html").fingerprint()
    for tail, expected in [
        ('["b-vs-c"]\n', {"a-vs-b": "1", "c-vs-d": "0"}),  # being written: unknown
        ('["b-vs-c"]\n{"b-vs-c": "2"}', {"a-vs-b": "1", "c-vs-d": "0"}),  # torn
        ('["b-vs-c"]\n{"b-vs-c": "2"}\n', {"a-vs-b": "1", "b-vs-c": "2", "c-vs-d": "0"}),
        ('["b-vs-c"]\n{"b-vs-c": "2", "x": 1}\n', {"a-vs-b": "1", "c-vs-d": "0"}),  # last
        ('not json\n["c-vs-d"]\n', {}),  # damage before the end
        ("{}\n", {"a-vs-b": "1", "b-vs-c": "0", "c-vs-d": "0"}),
    ]:
        assert journal(same, tail) == expected, tail
    assert journal(other, '["b-vs-c"]\n') == {"c-vs-d": "0"}  # all it touched is unknown
    (tmp_path / outfolder.JOURNAL).write_text('not json\n{"a-vs-b": "1"}\n')
    assert outfolder.read_manifest(tmp_path, options.fingerprint()) == {}


def test_pages_written_whole_new_or_replaced_either_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages are written unnamed then linked where the system allows, else renamed; either
    way a new file, a replaced one and an unchanged one come out right, with nothing left over."""
    folder = tmp_path / "content" / "comparisons"
    folder.mkdir(parents=True)
    assert outfolder.Pages(tmp_path).unnamed == (sys.platform == "linux")
    # unnamed then linked; named, in a folder opened once; named, by full paths (as on Windows)
    for unnamed, relative in [(True, True), (False, True), (False, False)]:
        pages = outfolder.Pages(tmp_path)
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

    monkeypatch.setattr(outfolder, "_write_unnamed", refused)
    pages = outfolder.Pages(tmp_path)
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


def _cli(*args: str) -> list[str]:
    """The command line of `narrator batch` with these arguments, as a subprocess runs it."""
    return [sys.executable, "-m", "narrator.cli", "batch", *args]


def test_cli_batch_reports_a_dead_worker_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A worker process that dies (say, out of memory) ends the run with one line and status 1;
    what the run finished is kept, and --incremental finishes it to the same bytes."""
    from narrator.cli import main

    monkeypatch.setattr(batch, "CHUNK", 5)
    pairs = select_pairs(Catalog.from_paths(PATHS))
    doomed = (pairs[20][0].slug, pairs[20][1].slug)
    render_chunk = batch.Worker.render_chunk

    def die_on_the_fifth_chunk(
        self: batch.Worker,
        chunk: list[tuple[str, str]],
        previous: list[str | None] | None,
        states: list[str] | None = None,
    ) -> batch.Rendered:
        if chunk[0] == doomed:
            # Once the run has finished a chunk, so that there is something to keep; then
            # as the system's out-of-memory killer would end it: no goodbye.
            assert self.pages is not None
            journal = self.pages.out / outfolder.JOURNAL
            deadline = time.monotonic() + 60
            while journal.read_text().count("{") < 3 and time.monotonic() < deadline:
                time.sleep(0.01)
            os._exit(9)
        return render_chunk(self, chunk, previous, states)

    monkeypatch.setattr(batch.Worker, "render_chunk", die_on_the_fifth_chunk)  # forked workers
    args = ["batch", "--profiles", *PATHS, "--format", "markdown", "--date", "2025-05-01"]
    status = main([*args, "--out", str(tmp_path / "out"), "--jobs", "2"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and "worker process stopped" in err and "--incremental" in err
    finished = outfolder.read_manifest(tmp_path / "out", _options("markdown").fingerprint())
    assert 5 <= len(finished) <= 20
    assert list(finished) == [f"{a.slug}-vs-{b.slug}" for a, b in pairs[: len(finished)]]
    monkeypatch.setattr(batch.Worker, "render_chunk", render_chunk)
    assert main([*args, "--out", str(tmp_path / "out"), "--incremental"]) == 0
    assert main([*args, "--out", str(tmp_path / "clean")]) == 0
    assert _tree(tmp_path / "out") == _tree(tmp_path / "clean")


def test_a_second_run_into_one_folder_is_refused(tmp_path: Path) -> None:
    """While a run writes a folder, a second run into it exits 2 with one line naming the
    folder, and the first run's single files come out whole."""
    out = tmp_path / "out"
    args = ["--format", "jsonl", "--format", "wxr", "--format", "markdown", "--limit", "3000"]
    first = subprocess.Popen(
        _cli(*args, "--out", str(out)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while not (out / outfolder.LOCK).exists() and first.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    second = subprocess.run(
        _cli("--out", str(out), "--limit", "10"), capture_output=True, text=True, check=False
    )
    assert second.returncode == 2
    assert second.stderr.count("\n") == 1 and str(out) in second.stderr
    assert "another narrator batch" in second.stderr
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3000 and all(json.loads(line)["slug"] for line in lines)
    import xml.etree.ElementTree as ET

    assert len(ET.parse(out / "wordpress.xml").getroot().findall("channel/item")) == 3000
    assert not (out / outfolder.LOCK).exists()


@pytest.mark.parametrize(
    "other",
    [{"date": "2024-01-01"}, {"locale": "en_IN"}],
    ids=["date", "locale"],
)
def test_incremental_after_a_stopped_run_with_other_options(
    tmp_path: Path, small: Catalog, monkeypatch: pytest.MonkeyPatch, other: dict[str, str]
) -> None:
    """A run with other options stopped part-way has rewritten some files: an incremental run
    with the first options afterwards rewrites them, and leaves what a clean run leaves."""
    monkeypatch.setattr(batch, "CHUNK", 10)
    pairs = select_pairs(small)
    options = _options("markdown", "html")
    run_batch(pairs, tmp_path / "clean", options, profile_paths=PATHS)
    out = tmp_path / "out"
    run_batch(pairs, out, options, profile_paths=PATHS)

    def stop(count: int) -> None:
        if count == 25:
            raise _Killed

    changed = Options(formats=options.formats, **{"date": options.date, **other})
    with pytest.raises(_Killed):
        run_batch(pairs, out, changed, profile_paths=PATHS, on_article=stop)
    assert _tree(out) != _tree(tmp_path / "clean")
    again = run_batch(pairs, out, options, profile_paths=PATHS, incremental=True)
    assert again.written >= 2 * 25
    assert _tree(out) == _tree(tmp_path / "clean")


def test_killing_the_batch_process_ends_its_workers(tmp_path: Path) -> None:
    """SIGKILL to the batch process alone ends its worker processes too, so whoever reads its
    output sees the end of it."""
    process = subprocess.Popen(
        _cli("--out", str(tmp_path), "--format", "markdown", "--limit", "30000", "--jobs", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    pages = tmp_path / "content" / "comparisons"
    deadline = time.monotonic() + 120
    while not (pages.is_dir() and any(pages.iterdir())):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.stdout is not None
    ended = threading.Event()
    threading.Thread(target=lambda: (process.stdout.read(), ended.set()), daemon=True).start()  # type: ignore[union-attr]
    assert ended.wait(60), "a worker outlived the batch process"
    process.stdout.close()


def _fail_for(out: Path, error: int, real: Any) -> Any:
    """os.open that fails with ``error`` for a path in ``out``, as a read-only folder would."""

    def fake_open(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(out)):
            raise OSError(error, os.strerror(error), str(path))
        return int(real(path, *args, **kwargs))

    return fake_open


def test_read_only_folder_or_full_disk_exits_2_and_keeps_what_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that cannot be written, or a disk that fills mid-run, ends the run with one line
    and status 2; the files already there stay whole, and --incremental completes the run."""
    from narrator.cli import main

    out = tmp_path / "out"
    args = ["batch", "--profiles", *PATHS, "--date", "2025-05-01", "--out", str(out)]
    args += ["--format", "markdown", "--format", "jsonl"]
    assert main(args) == 0
    capsys.readouterr()
    clean = _tree(out)

    monkeypatch.setattr(os, "open", _fail_for(out, errno.EROFS, os.open))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(out) in err and "Read-only file system" in err
    monkeypatch.undo()
    assert _tree(out) == clean

    written = 0
    real_write_all = outfolder._write_all

    def fill_up(handle: int, data: bytes) -> None:
        nonlocal written
        written += 1
        if written > 10:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write_all(handle, data)

    monkeypatch.setattr(outfolder, "_write_all", fill_up)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and ".md" in err
    assert "Traceback" not in err
    monkeypatch.undo()
    left = _tree(out)
    assert left.pop(outfolder.JOURNAL) and left == clean  # only the journal, for --incremental
    assert main([*args, "--incremental"]) == 0
    assert _tree(out) == clean


def test_pages_with_one_slug_are_refused(tmp_path: Path) -> None:
    """A profile whose slug has the word "vs", which would let two pairs write one page
    ("Alpha vs Beta" + "Gamma", "Alpha" + "Beta vs Gamma"), or two profiles whose titles make
    one slug, exit 2 with one line naming the file (both files, for the two profiles)."""
    clash = tmp_path / "clash"
    clash.mkdir()
    for name in ["Alpha vs Beta", "Gamma", "Alpha", "Beta vs Gamma"]:
        (clash / f"{name.lower().replace(' ', '-')}.toml").write_text(f'title = "{name}"\n')
    alike = tmp_path / "alike"
    alike.mkdir()
    (alike / "one.toml").write_text('title = "Clerk, File"\n')
    (alike / "two.toml").write_text('title = "Clerk File"\n')
    for profiles, words in [
        (clash, ["alpha-vs-beta.toml:1: title:", "the word 'vs'"]),
        (alike, ["Clerk File", "one.toml", "two.toml"]),
    ]:
        result = subprocess.run(
            _cli(
                "--out", str(tmp_path / "out"), "--profiles", str(profiles), "--date", "2025-05-01"
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert all(word in result.stderr for word in words), result.stderr
    assert not (tmp_path / "out" / "content").exists()


def test_progress_bar_on_a_terminal(tmp_path: Path, small: Catalog) -> None:
    """On a terminal the run shows a progress bar that ends at the number of articles."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    pairs = select_pairs(small, limit=30)
    run_batch(pairs, tmp_path, _options("jsonl"), profile_paths=PATHS, progress=terminal)
    assert "30/30" in terminal.getvalue() and "articles" in terminal.getvalue()
