"""Render many pairs into an output folder, in order, on local processes or Dask: byte-identical.

Pairs (see :mod:`narrator.pairs`) are cut into chunks and handed, a bounded window ahead, to a
:class:`concurrent.futures.Executor` (see :mod:`narrator.executors`): this process for one job,
a ``ProcessPoolExecutor`` for more, or a Dask cluster's executor. Results are taken in the
chunks' order, so every output is byte-identical whatever runs them. The output folder (see
:mod:`narrator.outfolder`) is locked for the run, written atomically, and journaled, so
``--incremental`` rewrites only what changed and a killed run started again completes with
nothing lost, duplicated or torn.

With a review database (``--review DB``), this process reads every article's review state in
one query before the run, leaves out the articles not approved for ``--only-approved``, and
hands each chunk its states with its pairs: workers never open the database. A state is part
of an article's content hash, so ``--incremental`` rewrites an article whose state changed.

Options reach a worker one way, whatever runs it: each task carries them (a few hundred bytes
beside a chunk's slugs), and a worker keeps what it built from them for the tasks that follow.
A Dask worker has no initializer and may serve several runs, so this is the way that serves
local processes and Dask alike.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from .catalog import Catalog
from .editorial.publish import is_draft, wp_status
from .errors import BatchError
from .executors import executor, in_order
from .formats import BATCH_FORMATS
from .outfolder import (
    JOURNAL,
    PER_ARTICLE,
    SINGLE_FILE,
    Journal,
    Pages,
    locked,
    prepare,
    read_manifest,
    remove_leftovers,
    single_files,
    write_manifest,
)
from .pairs import Reviewed, pair_slugs, review_pairs
from .profile import Profile

if TYPE_CHECKING:
    from .article import Article

CONTENT_HASH = "blake2b-256"  # how content_hash hashes; manifests made another way are not read
CHUNK = 200  # pairs per task: big enough to amortise inter-process traffic, small for progress
AHEAD = 4  # tasks handed out per worker before the first result is taken: none waits for work


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
    review: bool = False  # each article written by its review state (--review DB)
    only_approved: bool = False  # and only the approved ones (--only-approved)

    def fingerprint(self) -> dict[str, Any]:
        from ._version import __version__

        # Without --review the fingerprint, and so the manifest, is what it always was.
        review = {"review": True, "only_approved": self.only_approved} if self.review else {}
        return {
            **review,
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


def post_id(slug: str) -> int:
    """A stable WordPress post id for an article slug (the same pair, the same id, every run).

    >>> post_id("a-vs-b") == post_id("a-vs-b"), 0 < post_id("a-vs-b") < 2**48
    (True, True)
    """
    digest = hashlib.blake2b(slug.encode(), digest_size=6).digest()
    return int.from_bytes(digest, "big") or 1


def content_hash(data: Sequence[bytes], state: str | None = None) -> str:
    """An article's content hash: of its UTF-8 text in every format of the run, in order, and
    of its review ``state`` when there is one (so a new state is a change, in any format).

    BLAKE2b, 256 bits: as safe against accidental collisions as SHA-256, and on a 4 KB article
    about 40% quicker here (x86 without SHA instructions), some 343,735 times a run.
    """
    digest = hashlib.blake2b(digest_size=32)
    for text in data:
        digest.update(text)
        digest.update(b"\0")
    if state is not None:
        digest.update(b"review state\0" + state.encode())
    return digest.hexdigest()


class Writers:
    """Every call to the format writers, in one place: each format's text of an article (given
    its review state, or None without a review), and the head and tail around a single file's
    articles."""

    def __init__(self, options: Options) -> None:
        from .formats.wxr import WxrWriter

        self.options = options
        self.wxr = WxrWriter(
            site_title=options.site_title, site_url=options.site_url, date=options.date
        )
        self.texts = [self._writer(fmt) for fmt in options.formats]

    def _writer(self, fmt: str) -> Callable[[Article, str | None], bytes]:
        """What writes an article's text in ``fmt``, in UTF-8, given its review state."""
        from .formats.html import html_page
        from .formats.hugo import hugo_page
        from .formats.jsonl import jsonl_line

        options = self.options
        if fmt == "jsonl":
            return jsonl_line  # UTF-8 as orjson writes it, never decoded and encoded again
        if fmt == "markdown":
            return lambda article, state: hugo_page(
                article, date=options.date, draft=None if state is None else is_draft(state)
            ).encode("utf-8")
        if fmt == "html":
            return lambda article, state: html_page(article, full=options.full_html).encode("utf-8")
        return lambda article, state: self.wxr.item(
            article, post_id(article.slug), "publish" if state is None else wp_status(state)
        ).encode("utf-8")

    def head(self, fmt: str) -> bytes:
        """What a single file starts with, before its first article."""
        return self.wxr.header().encode("utf-8") if fmt == "wxr" else b""

    def tail(self, fmt: str) -> bytes:
        """What a single file ends with, after its last article."""
        return self.wxr.footer().encode("utf-8") if fmt == "wxr" else b""


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


class Worker:
    """Composes and renders articles; one per process and run, reused for every chunk.

    With ``out``, it writes per-article files there itself (atomically), so only the small
    single-file texts and the hashes travel back to the process that writes the rest.
    """

    def __init__(
        self, profile_paths: Sequence[str], options: Options, out: Path | None = None
    ) -> None:
        from .compose import Composer

        catalog = Catalog.from_paths(profile_paths) if profile_paths else Catalog.bundled()
        self.profiles = {profile.slug: profile for profile in catalog}
        self.composer = Composer(locale=options.locale, serial_comma=options.serial_comma)
        self.options = options
        self.pages = Pages(out) if out is not None else None
        self.writers = Writers(options)

    def outputs(
        self, slug_a: str, slug_b: str, state: str | None = None
    ) -> tuple[str, list[bytes]]:
        """One article's slug and its text in each format of the options, in their order, in
        UTF-8; ``state`` is its review state, with ``--review``."""
        article = self.composer.compose(self.profiles[slug_a], self.profiles[slug_b])
        return article.slug, [write(article, state) for write in self.writers.texts]

    def render_chunk(
        self,
        pairs: Sequence[tuple[str, str]],
        previous: Sequence[str | None] | None,
        states: Sequence[str] | None = None,
    ) -> Rendered:
        """Render a chunk of pairs; write its per-article files when there is an ``out``.

        ``previous`` is each article's hash in the manifest, for ``--incremental``; ``states``
        each article's review state, with ``--review``.
        """
        formats = self.options.formats
        result = Rendered([], [])
        singles: dict[str, list[bytes]] = {fmt: [] for fmt in formats if fmt in SINGLE_FILE}
        pages: dict[str, list[bytes]] = {fmt: [] for fmt in formats if fmt in PER_ARTICLE}
        for number, (slug_a, slug_b) in enumerate(pairs):
            state = None if states is None else states[number]
            slug, data = self.outputs(slug_a, slug_b, state)
            digest = content_hash(data, state)
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

    def close(self) -> None:
        if self.pages is not None:
            self.pages.close()


# --- tasks: what a worker is handed ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Setup:
    """What a worker builds its Worker from: the same for every task of a run.

    ``run`` tells runs apart, so that a Dask worker serving a second run (with the profile
    files changed since) builds afresh. ``out`` is where the worker writes per-article files,
    or None when it cannot reach the folder (Dask) and sends them back.
    """

    run: str
    profile_paths: tuple[str, ...]
    options: Options
    out: Path | None


class Task(NamedTuple):
    """A chunk of pairs by slug, for ``--incremental`` each article's hash in the manifest, and
    for ``--review`` each article's review state."""

    setup: Setup
    pairs: Sequence[tuple[str, str]]
    previous: Sequence[str | None] | None
    states: Sequence[str] | None = None


# The Worker of this process, with the Setup it was built from; every executor calls
# render_task, in this process or another.
_WORKER: tuple[Setup, Worker] | None = None


def render_task(task: Task) -> Rendered:
    """Render a task's chunk with this process's Worker, built on first use for its setup."""
    global _WORKER
    if _WORKER is None or _WORKER[0] != task.setup:
        _forget_worker()
        setup = task.setup
        _WORKER = (setup, Worker(setup.profile_paths, setup.options, setup.out))
    return _WORKER[1].render_chunk(task.pairs, task.previous, task.states)


def _forget_worker() -> None:
    global _WORKER
    if _WORKER is not None:
        _WORKER[1].close()
        _WORKER = None


# --- the run ----------------------------------------------------------------------------------


@dataclass(slots=True)
class BatchReport:
    """What a run did."""

    articles: int = 0
    written: int = 0
    unchanged: int = 0
    files: dict[str, str] = field(default_factory=dict)
    left_out: int | None = None  # with --only-approved: the articles not approved
    removed: int = 0  # their files an earlier run had written, removed

    def summary(self) -> str:
        text = (
            f"{self.articles:,} articles: {self.written:,} files written, "
            f"{self.unchanged:,} unchanged"
        )
        if self.left_out is not None:
            text += f"; {self.left_out:,} not approved, left out"
            if self.removed:
                text += f" ({self.removed:,} of their files removed)"
        return text


class _Progress:
    """A progress bar with rate and ETA (tqdm) on a terminal; nothing otherwise.

    The bar starts with the first result, once the workers are running.
    """

    def __init__(self, total: int, stream: IO[str] | None) -> None:
        self.total = total
        self.stream = stream if stream is not None and stream.isatty() else None
        self.bar: Any = None

    def update(self, count: int) -> None:
        if self.stream is None:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=self.total, unit=" articles", file=self.stream)
        self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _check_post_ids(slugs: Sequence[str]) -> None:
    """BatchError when two articles would share a WordPress post id."""
    ids: dict[int, str] = {}
    for slug in slugs:
        clash = ids.setdefault(post_id(slug), slug)
        if clash != slug:
            raise BatchError(f"{clash} and {slug} would share a WordPress id")


def run_batch(
    pairs: Sequence[tuple[Profile, Profile]],
    out: Path,
    options: Options,
    *,
    profile_paths: Sequence[str] = (),
    jobs: int = 1,
    dask_address: str | None = None,
    incremental: bool = False,
    review_db: str | Path | None = None,
    progress: IO[str] | None = None,
    on_article: Callable[[int], None] | None = None,
) -> BatchReport:
    """Render ``pairs`` into ``out`` in every format of ``options``.

    With ``review_db`` (a review database; ``options.review`` must be set), each article is
    written by its review state there, and with ``options.only_approved`` only the approved
    ones are: the files an earlier run wrote for the others are removed.

    ``jobs`` local worker processes do the work (this process for 1), or the Dask scheduler at
    ``dask_address``. With ``incremental``, per-article files whose content hash matches the
    manifest (made with the same options) are left alone. ``progress`` gets a progress bar if
    it is a terminal. ``on_article`` is called with the count after each article (the tests use
    it to stop a run part-way). Raises BatchError for a run that cannot go on as asked (bad
    options, two pairs with one page, a folder that cannot be written or that another run
    holds, a review database that cannot be read) and WorkerError when a worker process dies.
    """
    for fmt in options.formats:
        if fmt not in BATCH_FORMATS:
            raise BatchError(f"unknown format {fmt!r}; choose from {', '.join(BATCH_FORMATS)}")
    if options.review != (review_db is not None) or (options.only_approved and not options.review):
        raise ValueError("options.review goes with a review_db, options.only_approved with both")
    slugs = pair_slugs(pairs)
    if "wxr" in options.formats:
        _check_post_ids(slugs)
    review = None
    if review_db is not None:
        review = review_pairs(review_db, pairs, slugs, only_approved=options.only_approved)
        pairs, slugs = review.pairs, review.slugs
    prepare(out, options.formats)
    with locked(out):
        return _run(
            pairs,
            slugs,
            out,
            options,
            profile_paths,
            jobs,
            dask_address,
            incremental,
            review,
            progress,
            on_article,
        )


def _run(
    pairs: Sequence[tuple[Profile, Profile]],
    slugs: Sequence[str],
    out: Path,
    options: Options,
    profile_paths: Sequence[str],
    jobs: int,
    dask_address: str | None,
    incremental: bool,
    review: Reviewed | None,
    progress: IO[str] | None,
    on_article: Callable[[int], None] | None,
) -> BatchReport:
    """run_batch, once the folder is held."""
    fingerprint = options.fingerprint()
    remove_leftovers(out)
    previous = read_manifest(out, fingerprint)
    if (out / JOURNAL).exists():
        # A killed run's journal is folded into the manifest before this run starts its own.
        write_manifest(out, fingerprint, previous, {}, final=False)
    manifest = dict(previous)
    report = BatchReport()
    pages = Pages(out)  # for pages rendered on Dask, which come back to be written here
    states = None if review is None else review.states
    if options.only_approved and review is not None:
        report.left_out = len(review.left_out)
        # An article no longer approved must not stay published from an earlier run.
        for slug in review.left_out:
            manifest.pop(slug, None)
            for fmt in options.formats:
                if fmt in PER_ARTICLE:
                    report.removed += pages.remove(fmt, slug)
    setup = Setup(
        run=uuid.uuid4().hex,  # tells runs apart; nothing written depends on it
        profile_paths=tuple(profile_paths),
        options=options,
        out=None if dask_address else out,  # a Dask worker may be on another machine
    )

    journal = Journal(out, fingerprint)

    def tasks() -> Iterator[Task]:
        for start in range(0, len(pairs), CHUNK):
            chunk_slugs = slugs[start : start + CHUNK]
            # Before the task is handed out: its files may be written from now on.
            journal.writing(chunk_slugs)
            old = [previous.get(slug) for slug in chunk_slugs] if incremental else None
            chunk_states = None if states is None else states[start : start + CHUNK]
            chunk = [(a.slug, b.slug) for a, b in pairs[start : start + CHUNK]]
            yield Task(setup, chunk, old, chunk_states)

    bar = _Progress(len(pairs), progress)
    writers = Writers(options)
    try:
        with (
            single_files(out, options.formats) as singles,
            executor(jobs, dask_address, _forget_worker) as (runner, workers),
        ):
            for fmt, single in singles.items():
                single.write(writers.head(fmt))
            for rendered in in_order(runner, render_task, tasks(), AHEAD * workers):
                chunk_slugs, digests = rendered.slugs, rendered.digests
                for fmt, data in rendered.singles.items():
                    singles[fmt].write(data)
                report.written += rendered.written
                report.unchanged += rendered.unchanged
                for fmt, files in rendered.pages.items():  # rendered on Dask, written here
                    for slug, digest, data in zip(chunk_slugs, digests, files, strict=True):
                        unchanged = incremental and previous.get(slug) == digest
                        written = pages.write(fmt, slug, data, unchanged=unchanged)
                        report.written += written
                        report.unchanged += not written
                # A chunk at a time: this loop runs in the process that shares the cores with
                # the workers, so every microsecond an article here is taken from them.
                manifest.update(zip(chunk_slugs, digests, strict=True))
                if on_article is None:
                    report.articles += len(chunk_slugs)
                else:
                    for _ in chunk_slugs:
                        report.articles += 1
                        on_article(report.articles)
                bar.update(len(chunk_slugs))
                journal.finished(chunk_slugs, digests)
            for fmt, single in singles.items():
                single.write(writers.tail(fmt))
            for fmt, single in singles.items():
                report.files[SINGLE_FILE[fmt]] = single.hash.hexdigest()
                if single.finish():
                    report.written += 1
                else:
                    report.unchanged += 1
    finally:
        bar.close()
        pages.close()
        journal.close()
    write_manifest(out, fingerprint, manifest, report.files)
    journal.remove()
    return report
