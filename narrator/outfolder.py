"""A batch's output folder: a lock, atomic file writes, the manifest and the journal of a run.

Layout of the output folder::

    manifest.json                      slugs, content hashes, the options they were made with
    manifest.journal                   while a run works (or after it was killed): its progress
    articles.jsonl                     jsonl: one article per line
    content/comparisons/<slug>.md      markdown: a Hugo content section
    html/<slug>.html                   html: fragments, or full pages with --full-html
    wordpress.xml                      wxr: one WordPress eXtended RSS 1.2 file
    .narrator-lock                     while a run works: the lock that keeps a second one out

Every file is written atomically, so a run killed at any moment leaves only whole files. A
failure to write (a read-only folder, a full disk) is a :class:`BatchError` naming the file:
what is already there stays whole, and the journal keeps what the run finished.
"""

from __future__ import annotations

import contextlib
import filecmp
import hashlib
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import BatchError
from .formats import REGISTRY, SLUG

MANIFEST = "manifest.json"
JOURNAL = "manifest.journal"
LOCK = ".narrator-lock"
# Where each batch format is written, from the formats' registry: a folder and a suffix for a
# file an article, or one file for the run.
PER_ARTICLE = {
    fmt.batch: (fmt.output.rsplit("/", 1)[0], fmt.output.rsplit(SLUG, 1)[1])
    for fmt in REGISTRY
    if fmt.batch and fmt.output and fmt.per_article
}
SINGLE_FILE = {
    fmt.batch: fmt.output for fmt in REGISTRY if fmt.batch and fmt.output and not fmt.per_article
}
_TMP_SUFFIX = ".narrator-tmp"


def _cannot_write(path: str | Path, exc: OSError) -> BatchError:
    """The one-line error for a file that cannot be written (read-only, disk full...)."""
    return BatchError(f"{path}: cannot write: {exc.strerror or exc}")


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the output folder for one run: a second run into it is refused with BatchError.

    The lock is ``flock`` on a file in the folder, so the system lets it go when the run ends
    in any way, even killed. The file is removed while still held; a run that opened it just
    before finds, once it holds it, that it is no longer the folder's lock, and tries again.
    (Where there is no ``flock``, as on Windows, the folder is not locked.)
    """
    if sys.platform == "win32":
        yield
        return
    import fcntl

    path = out / LOCK
    while True:
        try:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise BatchError(f"{out}: cannot write to the output folder: {exc.strerror}") from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise BatchError(
                f"{out}: another narrator batch is writing to this folder; wait for it to end"
            ) from None
        try:
            current = os.stat(path).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            current = False
        if current:
            break
        os.close(handle)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        os.close(handle)


def prepare(out: Path, formats: Sequence[str]) -> None:
    """Create the output folder and its per-article folders; BatchError if that fails."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        for fmt in formats:
            if fmt in PER_ARTICLE:
                (out / PER_ARTICLE[fmt][0]).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{out}: cannot create the output folder: {exc.strerror}") from exc


def remove_leftovers(out: Path) -> None:
    """Delete temporary files of a run that was killed: never whole, never wanted."""
    for leftover in out.rglob("*" + _TMP_SUFFIX):
        leftover.unlink(missing_ok=True)


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
        then already right. Raises BatchError naming the file when it cannot be written.
        """
        try:
            return self._write(fmt, slug, data, unchanged)
        except OSError as exc:
            where = os.path.join(self.out, PER_ARTICLE[fmt][0], slug + PER_ARTICLE[fmt][1])
            raise _cannot_write(where, exc) from exc

    def remove(self, fmt: str, slug: str) -> bool:
        """Remove one article's file of a per-article format, if there is one (``--review
        --only-approved``: an article no longer approved); True when there was.

        Raises BatchError naming the file when it cannot be removed.
        """
        try:
            dir_fd, name = self._name(fmt, slug)
            os.unlink(name, dir_fd=dir_fd)
        except FileNotFoundError:
            return False
        except OSError as exc:
            where = os.path.join(self.out, PER_ARTICLE[fmt][0], slug + PER_ARTICLE[fmt][1])
            raise BatchError(f"{where}: cannot remove: {exc.strerror or exc}") from exc
        return True

    def _name(self, fmt: str, slug: str) -> tuple[int | None, str]:
        """The folder (opened, or None) and the name of an article's file in a format."""
        folder = self.folders.get(fmt)
        if folder is None:
            path = os.path.join(self.out, PER_ARTICLE[fmt][0])
            if self.relative:
                folder = (os.open(path, os.O_RDONLY | os.O_DIRECTORY), "")
            else:
                folder = (None, path + os.sep)
            self.folders[fmt] = folder
        dir_fd, prefix = folder
        return dir_fd, prefix + slug + PER_ARTICLE[fmt][1]

    def _write(self, fmt: str, slug: str, data: bytes, unchanged: bool) -> bool:
        dir_fd, name = self._name(fmt, slug)
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
    except OSError:
        os.close(handle)
        os.unlink(tmp, dir_fd=dir_fd)  # not whole: never to be seen
        raise
    os.close(handle)
    os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)


# --- single files: written to a temporary file through the run, renamed at its end ------------


class SingleFile:
    """A single-file format's temporary file, and the SHA-256 of what has been written to it.

    Hashing as it is written spares reading the whole file (1.4 GB of jsonl for every pair)
    back once the run is done.
    """

    def __init__(self, out: Path, fmt: str) -> None:
        self.final = out / SINGLE_FILE[fmt]
        self.path = out / (SINGLE_FILE[fmt] + _TMP_SUFFIX)
        try:
            self.handle = self.path.open("wb")
        except OSError as exc:
            raise _cannot_write(self.path, exc) from exc
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> None:
        self.hash.update(data)
        try:
            self.handle.write(data)
        except OSError as exc:
            raise _cannot_write(self.final, exc) from exc

    def finish(self) -> bool:
        """Put the whole file in place; False when it already held these bytes."""
        try:
            self.handle.close()
            if self.final.exists() and filecmp.cmp(self.path, self.final, shallow=False):
                self.path.unlink()
                return False
            os.replace(self.path, self.final)
        except OSError as exc:
            raise _cannot_write(self.final, exc) from exc
        return True


@contextmanager
def single_files(out: Path, formats: Sequence[str]) -> Iterator[dict[str, SingleFile]]:
    """The temporary files of a run's single-file formats; removed if the run fails."""
    files: dict[str, SingleFile] = {}
    try:
        for fmt in formats:
            if fmt in SINGLE_FILE:
                files[fmt] = SingleFile(out, fmt)
        yield files
    except BaseException:
        for file in files.values():
            file.handle.close()
            file.path.unlink(missing_ok=True)
        raise


# --- the manifest: what the folder holds --------------------------------------------------------


def read_manifest(out: Path, fingerprint: dict[str, Any]) -> dict[str, str]:
    """Content hashes of the articles whose files were made with these options.

    They are the manifest's, if it was made with these options, corrected by the journal a
    killed run left (see :class:`Journal`): what it finished with these options is added, and
    every file it may have written otherwise is taken out, so that it is written again.
    """
    articles: dict[str, str] = {}
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if isinstance(data, dict) and data.get("options") == fingerprint:
        found = data.get("articles")
        if isinstance(found, dict):
            articles.update(found)
    return _apply_journal(out / JOURNAL, fingerprint, articles)


def write_manifest(
    out: Path,
    fingerprint: dict[str, Any],
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
    rest = json.dumps({"files": files, "options": fingerprint}, indent=1, sort_keys=True)
    slugs: Iterable[str] = sorted(articles) if final else list(articles)
    encode = json.encoder.encode_basestring_ascii  # as json.dumps writes strings
    tmp = out / (MANIFEST + _TMP_SUFFIX)
    try:
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
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(out / MANIFEST, exc) from exc


# --- the journal: what a run is doing, for a run started again after it was killed --------------
# Rewriting the whole manifest every few thousand articles cost more and more as it grew (some
# eight times the final manifest over a full run). Instead the journal is appended to: after
# the options line, a JSON array of a chunk's slugs before any of its files may be written,
# and a JSON object of its slugs' content hashes once the chunk is finished. So the journal
# tells, file by file, what a killed run wrote and with which options: a file it finished
# with the same options is known, and one it started, or wrote with other options, is not.
# A line a chunk (not an article) because the parent writes it, sharing the cores with the
# workers: json.dumps writes a chunk's line in C, some 20 times quicker.


class Journal:
    """The journal of a run: appended to around each chunk, removed once the manifest is final."""

    def __init__(self, out: Path, fingerprint: dict[str, Any]) -> None:
        self.path = out / JOURNAL
        try:
            self.handle = self.path.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            raise _cannot_write(self.path, exc) from exc
        self._append({"options": fingerprint}, sort_keys=True)

    def writing(self, slugs: Sequence[str]) -> None:
        """Say that a chunk's files are about to be written: before its task is handed out."""
        self._append(list(slugs))

    def finished(self, slugs: Sequence[str], digests: Sequence[str]) -> None:
        """Add a finished chunk's hashes; flushed, so a run killed after this keeps them."""
        self._append(dict(zip(slugs, digests, strict=True)))

    def _append(self, entry: Any, *, sort_keys: bool = False) -> None:
        try:
            self.handle.write(json.dumps(entry, sort_keys=sort_keys) + "\n")
            self.handle.flush()
        except OSError as exc:
            raise _cannot_write(self.path, exc) from exc

    def close(self) -> None:
        self.handle.close()

    def remove(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)


def _apply_journal(
    path: Path, fingerprint: dict[str, Any], articles: dict[str, str]
) -> dict[str, str]:
    """``articles`` corrected by a killed run's journal, read up to its last line if that is
    not a whole entry (the one the run was writing when it was killed).

    A journal damaged anywhere else, or whose options line cannot be read, leaves nothing
    known: which files its run wrote cannot be told.
    """
    try:
        handle = path.open(encoding="utf-8", newline="")
    except FileNotFoundError:
        return articles
    except OSError:
        return {}
    with handle:
        try:
            header = _json_line(handle.readline())
            if not (isinstance(header, dict) and isinstance(header.get("options"), dict)):
                return {}
            same = header["options"] == fingerprint
            for line in handle:
                entry = _json_line(line)
                if isinstance(entry, list) and entry and all(isinstance(s, str) for s in entry):
                    for slug in entry:  # being written: unknown until finished
                        articles.pop(slug, None)
                elif (
                    isinstance(entry, dict)
                    and entry
                    and all(isinstance(digest, str) for digest in entry.values())
                ):
                    if same:
                        articles.update(entry)
                    else:
                        for slug in entry:
                            articles.pop(slug, None)
                elif handle.readline():
                    return {}  # damage, not the torn end of a killed run: nothing is known
                else:
                    break
        except UnicodeDecodeError:
            return {}
    return articles


def _json_line(line: str) -> Any:
    """The value of one whole line of JSON, or None for a torn or malformed line."""
    if not line.endswith("\n"):
        return None
    try:
        return json.loads(line)
    except ValueError:
        return None
