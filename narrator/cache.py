"""The cache folder: work kept between runs so that a warm run skips it.

Everything here is a copy of something narrator can work out again (validated profiles, the
parsed phrasebook, inflect's and babel's answers, compiled templates). Each file is keyed by
what it was worked out from, so a change to any input starts a new file rather than reading a
stale one, and a file that is missing, damaged or cannot be written only costs speed, never
correctness. ``NARRATOR_CACHE_DIR=off`` turns the folder off.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

CACHE_ENV = "NARRATOR_CACHE_DIR"


def cache_dir() -> Path | None:
    """Where narrator keeps its caches; None when ``NARRATOR_CACHE_DIR=off``."""
    configured = os.environ.get(CACHE_ENV)
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "narrator"


def cache_file(kind: str, suffix: str, *keys: str) -> Path | None:
    """The cache file of ``kind`` for narrator's version and ``keys``; None when caching is off.

    The name is ``kind``, a dash and a digest of the rest, such as ``numbers-1f0c….pickle``.
    """
    folder = cache_dir()
    if folder is None:
        return None
    from ._version import __version__

    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for key in keys:
        digest.update(b"\0" + key.encode())
    return folder / f"{kind}-{digest.hexdigest()}{suffix}"


def file_stamps(files: Iterable[str | Path]) -> str:
    """The files' paths, inodes, sizes and change times, as a cache key: any edit changes it.

    The change time (``st_ctime_ns``), unlike the modification time, moves on every write and
    cannot be set back (``touch -d`` sets the modification time, and that moves the change
    time too), so an edit that keeps a file's size and modification time still changes the
    key, without reading every file on every run.
    """
    parts = []
    for path in files:
        file = os.fspath(path)
        stat = os.stat(file)
        where = file if os.path.isabs(file) else os.path.abspath(file)
        parts.append(
            f"{where}\0{stat.st_ino}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}"
        )
    return "\0".join(parts)


def module_stamp(name: str) -> str:
    """Which version of a module is installed, found without importing it: its file's stamp."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return "missing"
    try:
        return file_stamps([spec.origin])
    except OSError:
        return f"{spec.origin}\0unreadable"


def read_pickle(file: Path | None) -> Any:
    """What a cache file holds; None when there is none or it cannot be read."""
    if file is None:
        return None
    try:
        with file.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # a damaged or foreign cache file must never stop a run
        return None


def write_cache_file(file: Path, data: bytes, *, keep: int) -> bool:
    """Replace a file of the cache folder atomically; False when it cannot be written.

    Older files of the same kind (the same name up to the first "-", such as the profile caches
    of other versions) are removed, all but the ``keep`` newest. A cache that cannot be written
    only costs speed, never correctness, so nothing here raises.
    """
    import tempfile  # only a run that writes a cache needs it

    kind = file.name.split("-", 1)[0]
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=file.parent, delete=False, suffix=".tmp") as tmp:
            tmp.write(data)
        os.replace(tmp.name, file)
        older = sorted(
            file.parent.glob(f"{kind}-*{file.suffix}"),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for stale in older[keep:]:
            stale.unlink(missing_ok=True)
    except OSError:
        return False
    return True


_Key = tuple[Any, ...]


# What saves each cache this process has read, for save_memos.
_READ: list[Callable[[], None]] = []


def save_at_exit(save: Callable[[], None]) -> None:
    """Have :func:`save_memos` call ``save`` (once), which adds what a cache learnt to its file,
    as the process ends."""
    if not _READ:
        import atexit

        atexit.register(save_memos)
    if save not in _READ:  # bound methods of one object compare equal
        _READ.append(save)


def save_memos() -> None:
    """Add what every cache this process has read learnt since to its file.

    A process calls this as it exits (atexit, registered when it reads its first cache); a
    worker of a process pool exits without running atexit handlers, so the pool's workers
    call it as they end (see narrator.executors). Without that, what a batch's workers learnt
    would be asked again, of inflect and babel, or compiled again, in every run.
    """
    for save in _READ:
        save()


class FileMemo:
    """Answers to questions, kept in memory for the process and in a cache file between runs.

    ``locate()`` gives the file (None: memory only); ``valid(key, answer)`` says whether an
    entry read from the file has the right shape, and a file with any other entry is ignored.
    At most ``limit`` answers are kept in memory, and the file keeps the ``stored`` most
    recently added ones, so it stays quick to read whatever a long run asked.
    """

    def __init__(
        self,
        locate: Callable[[], Path | None],
        valid: Callable[[_Key, Any], bool],
        *,
        limit: int,
        stored: int,
        keep: int = 4,
    ) -> None:
        self._locate = locate
        self._valid = valid
        self.limit = limit
        self.stored = stored
        self.keep = keep
        self.answers: dict[_Key, Any] | None = None  # None: the file is not read yet
        self.new: dict[_Key, Any] = {}  # answers not yet in the file
        self.file: Path | None = None

    def load(self) -> dict[_Key, Any]:
        """The answers, reading the file the first time."""
        if self.answers is None:
            try:
                self.file = self._locate()
            except ImportError:  # a module loaded on its own, outside the narrator package
                self.file = None
            self.answers = self._read()
            save_at_exit(self.save)
        return self.answers

    def remember(self, key: _Key, answer: Any) -> None:
        """Keep a new answer, in memory now and in the file at the next save."""
        answers = self.load()
        if len(answers) < self.limit:
            answers[key] = self.new[key] = answer

    def _read(self) -> dict[_Key, Any]:
        data = read_pickle(self.file)
        if isinstance(data, dict) and all(
            isinstance(key, tuple) and key and self._valid(key, value)
            for key, value in data.items()
        ):
            return data
        return {}

    def save(self) -> None:
        """Add the new answers to the file (merged with what other processes wrote)."""
        if not self.new or self.file is None:
            return
        merged = self._read()
        for key in self.new:
            merged.pop(key, None)  # re-added below, as the newest
        merged.update(self.new)
        if len(merged) > self.stored:
            merged = dict(list(merged.items())[-self.stored :])
        data = pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL)
        if write_cache_file(self.file, data, keep=self.keep):
            self.new = {}
