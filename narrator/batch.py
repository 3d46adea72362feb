"""Render many pairs into files a content system imports: stable, atomic, resumable, parallel.

Pairs come in a stable order (every unordered pair of the catalog by slug, or a CSV, or the
pairs among some names), are cut into chunks, and composed by N worker processes; results come
back in order, so every output is byte-identical whatever N is. Files are written atomically
(unnamed, then linked under their name; or under a temporary name, then renamed), so a run
killed at any moment leaves only whole files. A manifest records each article's content hash,
and a journal what a run has finished so far: ``--incremental`` rewrites only what changed, and
a killed run started again completes with nothing lost, duplicated or torn.

Layout of the output folder::

    manifest.json                      slugs, content hashes, the options they were made with
    articles.jsonl                     jsonl: one article per line
    content/comparisons/<slug>.md      markdown: a Hugo content section
    html/<slug>.html                   html: fragments, or full pages with --full-html
    wordpress.xml                      wxr: one WordPress eXtended RSS 1.2 file
"""

from __future__ import annotations

import contextlib
import csv
import filecmp
import hashlib
import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .article import Article
from .catalog import Catalog
from .errors import NarratorError
from .profile import Profile

FORMATS: tuple[str, ...] = ("jsonl", "markdown", "html", "wxr")
MANIFEST = "manifest.json"
JOURNAL = "manifest.journal"
CONTENT_HASH = "blake2b-256"  # how content_hash hashes; manifests made another way are not read
CHUNK = 200  # pairs per task: big enough to amortise inter-process traffic, small for progress
_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}


class BatchError(NarratorError):
    """A batch cannot run as asked: a bad pairs file, an unknown format, no date."""


# --- selecting pairs ------------------------------------------------------------------------------


def all_pairs(profiles: Sequence[Profile]) -> Iterator[tuple[Profile, Profile]]:
    """Every unordered pair once, in slug order: (a, b) with a's slug before b's."""
    ordered = sorted(profiles, key=lambda p: p.slug)
    return itertools.combinations(ordered, 2)


def pairs_from_csv(path: Path, catalog: Catalog) -> list[tuple[Profile, Profile]]:
    """The pairs a CSV file names, two names a row, in file order, each unordered pair once.

    Raises BatchError naming the file and line of a row that is not two known names.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError(f"{path}: cannot read the pairs file: {exc}") from exc
    pairs: list[tuple[Profile, Profile]] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(csv.reader(text.splitlines()), 1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) != 2 or not all(cells):
            raise BatchError(f"{path}:{number}: expected two occupation names, got {row!r}")
        try:
            a, b = catalog.find(cells[0]), catalog.find(cells[1])
        except NarratorError as exc:
            raise BatchError(f"{path}:{number}: {exc}") from exc
        if a.slug == b.slug:
            raise BatchError(f"{path}:{number}: a pair needs two different occupations")
        key = tuple(sorted((a.slug, b.slug)))
        if key not in seen:
            seen.add((key[0], key[1]))
            pairs.append((a, b))
    return pairs


def select_pairs(
    catalog: Catalog,
    *,
    pairs_file: Path | None = None,
    only: Sequence[str] = (),
    limit: int | None = None,
) -> list[tuple[Profile, Profile]]:
    """The pairs a batch renders, in their stable order."""
    if pairs_file is not None:
        pairs: Iterable[tuple[Profile, Profile]] = pairs_from_csv(pairs_file, catalog)
    elif only:
        chosen = {p.slug: p for p in (catalog.find(name) for name in only)}
        pairs = all_pairs(list(chosen.values()))
    else:
        pairs = all_pairs(list(catalog))
    return list(itertools.islice(pairs, limit))


def release_date(release: str | None) -> str | None:
    """The first day of a release such as "May 2025", as an ISO date.

    >>> release_date("May 2025"), release_date(None)
    ('2025-05-01', None)
    """
    match = re.fullmatch(r"([A-Z][a-z]+) (\d{4})", release or "")
    if not match or match.group(1) not in _MONTHS:
        return None
    return f"{match.group(2)}-{_MONTHS[match.group(1)]:02d}-01"


def default_date(pairs: Sequence[tuple[Profile, Profile]]) -> str:
    """The publication date when none is given: the newest data release among the pairs.

    The clock is never read, so the same data always gives the same files.
    """
    dates = {
        date
        for pair in pairs
        for profile in pair
        if profile.source and (date := release_date(profile.source.release)) is not None
    }
    if not dates:
        raise BatchError("no profile names a dated release; pass --date YYYY-MM-DD")
    return max(dates)


# --- options and per-article work ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    """What the articles and files are made with; a change to any of them changes the files."""

    formats: tuple[str, ...]
    date: str
    locale: str = "en_US"
    serial_comma: bool = True
    full_html: bool = False
    site_title: str = "Career comparisons"
    site_url: str = "https://example.org"

    def fingerprint(self) -> dict[str, Any]:
        from . import __version__

        return {
            "narrator": __version__,
            "formats": list(self.formats),  # content hashes cover every format's text
            "content_hash": CONTENT_HASH,
            "date": self.date,
            "locale": self.locale,
            "serial_comma": self.serial_comma,
            "full_html": self.full_html,
            "site_title": self.site_title,
            "site_url": self.site_url,
        }


@dataclass(slots=True)
class Rendered:
    """A chunk of articles as a worker hands them back, in the chunk's order.

    ``digests`` are the articles' content hashes. ``singles`` holds what each single-file
    format (jsonl, wxr) gets from the whole chunk. Per-article files are written by the worker
    when it can reach the output folder (local processes), and then ``pages`` is empty and
    ``written``/``unchanged`` count them; otherwise (Dask) ``pages`` holds each format's files
    for the caller to write. Texts travel as UTF-8, encoded once, where they are hashed.
    """

    slugs: list[str]
    digests: list[str]
    singles: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, list[bytes]] = field(default_factory=dict)
    written: int = 0
    unchanged: int = 0


def post_id(slug: str) -> int:
    """A stable WordPress post id for an article slug (the same pair, the same id, every run).

    >>> post_id("a-vs-b") == post_id("a-vs-b"), 0 < post_id("a-vs-b") < 2**48
    (True, True)
    """
    digest = hashlib.blake2b(slug.encode(), digest_size=6).digest()
    return int.from_bytes(digest, "big") or 1


# A task: the pairs' slugs, and for --incremental each article's hash in the old manifest.
Task = tuple[Sequence[tuple[str, str]], Sequence[str | None] | None]


class Worker:
    """Composes and renders articles; one per process, reused for every chunk it is given.

    With ``out``, it writes per-article files there itself (atomically), so only the small
    single-file texts and the hashes travel back to the process that writes the rest.
    """

    def __init__(
        self, profile_paths: Sequence[str], options: Options, out: Path | None = None
    ) -> None:
        from .compose import Composer
        from .formats.wxr import WxrWriter

        catalog = Catalog.from_paths(profile_paths) if profile_paths else Catalog.bundled()
        self.profiles = {profile.slug: profile for profile in catalog}
        self.composer = Composer(locale=options.locale, serial_comma=options.serial_comma)
        self.options = options
        self.pages = Pages(out) if out is not None else None
        self.wxr = WxrWriter(
            site_title=options.site_title, site_url=options.site_url, date=options.date
        )
        self.writers = [self._writer(fmt) for fmt in options.formats]

    def _writer(self, fmt: str) -> Callable[[Article], str]:
        """What writes an article's text in ``fmt``."""
        from .formats.html import html_page
        from .formats.hugo import hugo_page
        from .formats.jsonl import jsonl_record

        options = self.options
        if fmt == "jsonl":
            return lambda article: jsonl_record(article) + "\n"
        if fmt == "markdown":
            return lambda article: hugo_page(article, date=options.date)
        if fmt == "html":
            return lambda article: html_page(article, full=options.full_html)
        return lambda article: self.wxr.item(article, post_id(article.slug))

    def outputs(self, slug_a: str, slug_b: str) -> tuple[str, list[str]]:
        """One article's slug and its text in each format of the options, in their order."""
        article = self.composer.compose(self.profiles[slug_a], self.profiles[slug_b])
        return article.slug, [write(article) for write in self.writers]

    def render_chunk(self, task: Task) -> Rendered:
        """Render a chunk of pairs; write its per-article files when there is an ``out``."""
        pairs, previous = task
        formats = self.options.formats
        result = Rendered([], [])
        singles: dict[str, list[bytes]] = {fmt: [] for fmt in formats if fmt in SINGLE_FILE}
        pages: dict[str, list[bytes]] = {fmt: [] for fmt in formats if fmt in PER_ARTICLE}
        for number, (slug_a, slug_b) in enumerate(pairs):
            slug, texts = self.outputs(slug_a, slug_b)
            data = [text.encode("utf-8") for text in texts]
            digest = content_hash(data)
            result.slugs.append(slug)
            result.digests.append(digest)
            unchanged = previous is not None and previous[number] == digest
            for fmt, page in zip(formats, data, strict=True):
                if fmt in singles:
                    singles[fmt].append(page)
                elif self.pages is None:
                    pages[fmt].append(page)
                else:
                    written = self.pages.write(fmt, slug, page, unchanged=unchanged)
                    result.written += written
                    result.unchanged += not written
        result.singles = {fmt: b"".join(parts) for fmt, parts in singles.items()}
        if self.pages is None:
            result.pages = pages
        return result


def content_hash(data: Sequence[bytes]) -> str:
    """An article's content hash: of its UTF-8 text in every format of the run, in order.

    BLAKE2b, 256 bits: as safe against accidental collisions as SHA-256, and on a 4 KB article
    about 40% quicker here (x86 without SHA instructions), some 343,735 times a run.
    """
    digest = hashlib.blake2b(digest_size=32)
    for text in data:
        digest.update(text)
        digest.update(b"\0")
    return digest.hexdigest()


# One Worker per process: multiprocessing and Dask both call these module-level functions.
_WORKER: Worker | None = None
_WORKER_KEY: tuple[Any, ...] | None = None


def _init_worker(profile_paths: Sequence[str], options: Options, out: Path | None) -> None:
    global _WORKER, _WORKER_KEY
    _WORKER = Worker(profile_paths, options, out)
    _WORKER_KEY = (tuple(profile_paths), options, out)


def _render_chunk(task: Task) -> Rendered:
    assert _WORKER is not None
    return _WORKER.render_chunk(task)


def _render_chunk_anywhere(task: Task, profile_paths: Sequence[str], options: Options) -> Rendered:
    """For Dask workers, which have no initializer: build the Worker on first use.

    A Dask worker may be on another machine, without the output folder: it writes nothing.
    """
    if _WORKER is None or (tuple(profile_paths), options, None) != _WORKER_KEY:
        _init_worker(profile_paths, options, None)
    return _render_chunk(task)


def _tasks(pairs: Sequence[tuple[Profile, Profile]], previous: dict[str, str] | None) -> list[Task]:
    slugs = [(a.slug, b.slug) for a, b in pairs]
    tasks: list[Task] = []
    for i in range(0, len(slugs), CHUNK):
        chunk = slugs[i : i + CHUNK]
        old = None
        if previous is not None:
            old = [previous.get(f"{a}-vs-{b}") for a, b in chunk]
        tasks.append((chunk, old))
    return tasks


def rendered_in_order(
    pairs: Sequence[tuple[Profile, Profile]],
    options: Options,
    *,
    profile_paths: Sequence[str] = (),
    jobs: int = 1,
    dask_address: str | None = None,
    out: Path | None = None,
    previous: dict[str, str] | None = None,
) -> Iterator[Rendered]:
    """Every chunk of pairs rendered, in the pairs' order, whichever way the work is spread.

    With ``out``, local workers write the per-article files there; ``previous`` (slug to
    content hash) leaves alone those whose hash is unchanged.
    """
    tasks = _tasks(pairs, previous)
    if dask_address:
        yield from _on_dask(tasks, options, profile_paths, dask_address)
    elif jobs <= 1:
        worker = Worker(profile_paths, options, out)
        try:
            for task in tasks:
                yield worker.render_chunk(task)
        finally:
            if worker.pages is not None:
                worker.pages.close()
    else:
        from .pool import ordered_map

        yield from ordered_map(
            _render_chunk,
            tasks,
            jobs=jobs,
            initializer=_init_worker,
            initargs=(profile_paths, options, out),
        )


def _on_dask(
    tasks: list[Task],
    options: Options,
    profile_paths: Sequence[str],
    address: str,
) -> Iterator[Rendered]:
    try:
        from distributed import Client
    except ImportError as exc:
        raise BatchError("--dask needs dask.distributed: pip install 'narrator[dask]'") from exc
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise BatchError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from exc
    with client:
        # Submitting a window of chunks ahead keeps every worker busy without holding all
        # 343,735 articles in memory; results are taken in submission order.
        window = 4 * max(1, sum(client.nthreads().values()))
        futures: list[Any] = []
        queue = iter(tasks)
        for task in itertools.islice(queue, window):
            futures.append(
                client.submit(_render_chunk_anywhere, task, profile_paths, options, pure=False)
            )
        while futures:
            future = futures.pop(0)
            yield future.result()
            future.release()
            for task in itertools.islice(queue, 1):
                futures.append(
                    client.submit(_render_chunk_anywhere, task, profile_paths, options, pure=False)
                )


# --- writing ------------------------------------------------------------------------------------

_TMP_SUFFIX = ".narrator-tmp"
PER_ARTICLE = {
    "markdown": ("content/comparisons", ".md"),
    "html": ("html", ".html"),
}
SINGLE_FILE = {"jsonl": "articles.jsonl", "wxr": "wordpress.xml"}


class Pages:
    """Writes per-article files into an output folder, each atomically.

    Readers, and a run started again after this one was killed, only ever see a file's old
    whole or its new whole. On Linux a file is written unnamed in its folder (O_TMPFILE) and
    linked under its name once whole, so a killed run leaves nothing behind, and the folder of
    343,735 pages is changed once per page rather than three times. An existing file, or a
    system or file system without unnamed files, gets a temporary name and a rename instead.
    Folders are opened once, and files named relative to them where the system allows.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        # format -> its folder: opened, and names relative to it; or None, and names by path
        self.folders: dict[str, tuple[int | None, str]] = {}
        # (os.replace takes folders as os.rename does, but only os.rename is listed)
        self.relative = {os.open, os.stat, os.rename, os.unlink, os.link} <= os.supports_dir_fd
        # Linking an unnamed file goes through its /proc link, which needs a folder opened.
        self.unnamed = self.relative and hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")

    def write(self, fmt: str, slug: str, data: bytes, *, unchanged: bool = False) -> bool:
        """Write one article's file of a per-article format; False when it was left as it is.

        ``unchanged`` says the article's content hash matches the manifest: an existing file is
        then already right.
        """
        folder = self.folders.get(fmt)
        if folder is None:
            path = os.path.join(self.out, PER_ARTICLE[fmt][0])
            if self.relative:
                folder = (os.open(path, os.O_RDONLY | os.O_DIRECTORY), "")
            else:
                folder = (None, path + os.sep)
            self.folders[fmt] = folder
        dir_fd, prefix = folder
        name = prefix + slug + PER_ARTICLE[fmt][1]
        if unchanged and _exists(dir_fd, name):
            return False
        if self.unnamed and dir_fd is not None:
            try:
                _write_unnamed(dir_fd, name, data)
                return True
            except OSError:
                # No unnamed files here (an older kernel, a file system without them, no
                # /proc): named temporary files from now on. A real failure (a full disk)
                # fails again below, and is reported from there.
                self.unnamed = False
        _write_renamed(dir_fd, name, data)
        return True

    def close(self) -> None:
        for dir_fd, _prefix in self.folders.values():
            if dir_fd is not None:
                os.close(dir_fd)
        self.folders.clear()


# Each of these names a file by ``name`` relative to the folder ``dir_fd`` (None: the current
# folder, so ``name`` is a path).


def _exists(dir_fd: int | None, name: str) -> bool:
    try:
        os.stat(name, dir_fd=dir_fd)
    except FileNotFoundError:
        return False
    return True


def _write_all(handle: int, data: bytes) -> None:
    # os-level calls: a file object's layers cost more than the write, 343,735 times over.
    written = os.write(handle, data)
    if written < len(data):  # a short write, which a regular file hardly ever gives
        view = memoryview(data)[written:]
        while view:
            view = view[os.write(handle, view) :]


def _write_unnamed(dir_fd: int, name: str, data: bytes) -> None:
    handle = os.open(".", os.O_WRONLY | os.O_TMPFILE, 0o666, dir_fd=dir_fd)
    try:
        _write_all(handle, data)
        whole = f"/proc/self/fd/{handle}"
        try:
            os.link(whole, name, dst_dir_fd=dir_fd, follow_symlinks=True)
        except FileExistsError:
            # Linking cannot replace a file; renaming can, atomically.
            tmp = name + _TMP_SUFFIX
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=dir_fd)
            os.link(whole, tmp, dst_dir_fd=dir_fd, follow_symlinks=True)
            os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    finally:
        os.close(handle)


def _write_renamed(dir_fd: int | None, name: str, data: bytes) -> None:
    tmp = name + _TMP_SUFFIX
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    handle = os.open(tmp, flags, 0o666, dir_fd=dir_fd)
    try:
        _write_all(handle, data)
    finally:
        os.close(handle)
    os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)


def _remove_leftovers(out: Path) -> None:
    # Temporary files of a run that was killed: never whole, never wanted.
    for leftover in out.rglob("*" + _TMP_SUFFIX):
        leftover.unlink(missing_ok=True)


def read_manifest(out: Path, options: Options) -> dict[str, str]:
    """Content hashes from earlier runs with the same options ({} if none or different).

    They are the manifest's, updated by the journal a killed run left (see _Journal).
    """
    articles: dict[str, str] = {}
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and data.get("options") == options.fingerprint():
        found = data.get("articles")
        if isinstance(found, dict):
            articles.update(found)
    articles.update(_read_journal(out / JOURNAL, options))
    return articles


def write_manifest(
    out: Path,
    options: Options,
    articles: dict[str, str],
    files: dict[str, str],
    *,
    final: bool = True,
) -> None:
    """Record what the folder holds, atomically, as ``json.dump(..., indent=1)`` lays it out.

    The final manifest lists articles by sorted slug, so it diffs cleanly; one written on the
    way (when a killed run's journal is folded in) keeps the order they were made in. The
    article lines are written in batches: 343,735 of them as one string would cost more memory
    than the run.
    """
    rest = json.dumps({"files": files, "options": options.fingerprint()}, indent=1, sort_keys=True)
    slugs: Iterable[str] = sorted(articles) if final else list(articles)
    encode = json.encoder.encode_basestring_ascii  # as json.dumps writes strings
    tmp = out / (MANIFEST + _TMP_SUFFIX)
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write('{\n "articles": {')
        lines = (f"{encode(slug)}: {encode(articles[slug])}" for slug in slugs)
        separator = ""
        while batch := list(itertools.islice(lines, 10_000)):
            handle.write(separator + "\n  " + ",\n  ".join(batch))
            separator = ","
        handle.write("\n }," if separator else "},")
        handle.write(rest[1:] + "\n")  # the other keys, after the opening brace
    os.replace(tmp, out / MANIFEST)


# --- the journal: what a run has finished, for a run started again after it was killed ---------
# Rewriting the whole manifest every few thousand articles cost more and more as it grew (some
# eight times the final manifest over a full run). Instead each finished chunk appends its
# articles' hashes to the journal as one line, a JSON object of slug to hash, after the options
# line: the manifest plus the journal is always what the folder holds, and the final manifest
# replaces both. A line a chunk (not an article) because the parent writes it, sharing the cores
# with the workers: json.dumps writes a chunk's line in C, some 20 times quicker.


class _Journal:
    """The journal of a run: appended to after each chunk, removed once the manifest is final."""

    def __init__(self, out: Path, options: Options) -> None:
        self.path = out / JOURNAL
        self.handle = self.path.open("w", encoding="utf-8", newline="")
        self.handle.write(json.dumps({"options": options.fingerprint()}, sort_keys=True) + "\n")
        self.handle.flush()

    def record(self, slugs: Sequence[str], digests: Sequence[str]) -> None:
        """Add a finished chunk; flushed, so a run killed after this keeps it."""
        self.handle.write(json.dumps(dict(zip(slugs, digests, strict=True))) + "\n")
        self.handle.flush()

    def close(self) -> None:
        self.handle.close()


def _read_journal(path: Path, options: Options) -> dict[str, str]:
    """A journal's hashes, if it was written with these options, up to its first line that is
    not a whole chunk's entry (the one a killed run was writing, or damage): the rest is not
    trusted.
    """
    entries: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            if _json_line(handle.readline()) != {"options": options.fingerprint()}:
                return {}
            for line in handle:
                chunk = _json_line(line)
                if not (
                    isinstance(chunk, dict)
                    and chunk
                    and all(isinstance(digest, str) for digest in chunk.values())
                ):
                    break
                entries.update(chunk)
    except (OSError, UnicodeDecodeError):
        return {}
    return entries


def _json_line(line: str) -> Any:
    """The value of one whole line of JSON, or None for a torn or malformed line."""
    if not line.endswith("\n"):
        return None
    try:
        return json.loads(line)
    except ValueError:
        return None


class _Progress:
    """A one-line progress bar with rate and ETA on a terminal; silent otherwise."""

    def __init__(self, total: int, stream: IO[str] | None) -> None:
        self.total = total
        self.stream = stream if stream is not None and stream.isatty() else None
        self.start = time.monotonic()  # for the rate only; nothing written depends on it
        self.last = 0.0

    def update(self, done: int, *, final: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.25:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        eta = (self.total - done) / rate if rate else 0.0
        width = 30
        filled = int(width * done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(
            f"\r[{bar}] {done:,}/{self.total:,} articles, {rate:,.0f}/s, ETA {eta:,.0f} s "
        )
        if final:
            self.stream.write("\n")
        self.stream.flush()


@dataclass(slots=True)
class BatchReport:
    """What a run did."""

    articles: int = 0
    written: int = 0
    unchanged: int = 0
    files: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.articles:,} articles: {self.written:,} files written, "
            f"{self.unchanged:,} unchanged"
        )


class _SingleFile:
    """A single-file format's temporary file, and the SHA-256 of what has been written to it.

    Hashing as it is written spares reading the whole file (1.4 GB of jsonl for every pair)
    back once the run is done.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = path.open("wb")
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.hash.update(data)
        self.handle.write(data)


@contextmanager
def _single_files(out: Path, formats: Sequence[str]) -> Iterator[dict[str, _SingleFile]]:
    files = {
        fmt: _SingleFile(out / (SINGLE_FILE[fmt] + _TMP_SUFFIX))
        for fmt in formats
        if fmt in SINGLE_FILE
    }
    try:
        yield files
    finally:
        for file in files.values():
            file.handle.close()


def run_batch(
    pairs: Sequence[tuple[Profile, Profile]],
    out: Path,
    options: Options,
    *,
    profile_paths: Sequence[str] = (),
    jobs: int = 1,
    dask_address: str | None = None,
    incremental: bool = False,
    progress: IO[str] | None = None,
    on_article: Callable[[int], None] | None = None,
) -> BatchReport:
    """Render ``pairs`` into ``out`` in every format of ``options``.

    With ``incremental``, per-article files whose content hash matches the manifest (made with
    the same options) are left alone. ``on_article`` is called with the count after each
    article (the tests use it to kill a run part-way).
    """
    for fmt in options.formats:
        if fmt not in FORMATS:
            raise BatchError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
        for fmt in options.formats:
            if fmt in PER_ARTICLE:
                (out / PER_ARTICLE[fmt][0]).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{out}: cannot create the output folder: {exc.strerror}") from exc
    _remove_leftovers(out)
    previous = read_manifest(out, options)
    if (out / JOURNAL).exists():
        # A killed run's journal is folded into the manifest before this run starts its own.
        write_manifest(out, options, previous, {}, final=False)
    manifest = dict(previous)
    report = BatchReport()
    bar = _Progress(len(pairs), progress)
    ids: dict[int, str] = {}
    journal = _Journal(out, options)
    pages = Pages(out)  # for pages rendered on Dask, which come back to be written here
    with (
        _single_files(out, options.formats) as singles,
        contextlib.closing(journal),
        contextlib.closing(pages),
    ):
        if "wxr" in singles:
            from .formats.wxr import WxrWriter

            wxr = WxrWriter(
                site_title=options.site_title, site_url=options.site_url, date=options.date
            )
            singles["wxr"].write(wxr.header().encode("utf-8"))
        for rendered in rendered_in_order(
            pairs,
            options,
            profile_paths=profile_paths,
            jobs=jobs,
            dask_address=dask_address,
            out=None if dask_address else out,
            previous=previous if incremental else None,
        ):
            if "wxr" in singles:
                for slug in rendered.slugs:
                    clash = ids.setdefault(post_id(slug), slug)
                    if clash != slug:
                        raise BatchError(f"{clash} and {slug} would share a WordPress id")
            for fmt, data in rendered.singles.items():
                singles[fmt].write(data)
            report.written += rendered.written
            report.unchanged += rendered.unchanged
            slugs, digests = rendered.slugs, rendered.digests
            for fmt, files in rendered.pages.items():  # rendered on Dask, written here
                for slug, digest, data in zip(slugs, digests, files, strict=True):
                    unchanged = incremental and previous.get(slug) == digest
                    written = pages.write(fmt, slug, data, unchanged=unchanged)
                    report.written += written
                    report.unchanged += not written
            # A chunk at a time: this loop runs in the process that shares the cores with the
            # workers, so every microsecond an article here is taken from them.
            manifest.update(zip(slugs, digests, strict=True))
            if on_article is None:
                report.articles += len(slugs)
            else:
                for _ in slugs:
                    report.articles += 1
                    on_article(report.articles)
            bar.update(report.articles)
            journal.record(slugs, digests)
        if "wxr" in singles:
            singles["wxr"].write(wxr.footer().encode("utf-8"))
    for fmt, file in singles.items():
        final = out / SINGLE_FILE[fmt]
        report.files[SINGLE_FILE[fmt]] = file.hash.hexdigest()
        if final.exists() and filecmp.cmp(file.path, final, shallow=False):
            file.path.unlink()
            report.unchanged += 1
        else:
            os.replace(file.path, final)
            report.written += 1
    write_manifest(out, options, manifest, report.files)
    (out / JOURNAL).unlink(missing_ok=True)
    bar.update(report.articles, final=True)
    return report
