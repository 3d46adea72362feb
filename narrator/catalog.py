"""Load a set of profiles and find one by title, slug or close match.

The bundled catalog reads every ``*.toml`` under the ``profiles`` package. A catalog can also be
built from any folders or files a user names, which is how ``--profiles`` and
``narrator profiles validate PATH`` work.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from .errors import ProfileError, UnknownProfileError
from .profile import Profile, load_profile, slugify


def profile_files(paths: Iterable[str | Path]) -> list[Path]:
    """The profile files under the given files and folders, sorted so loading is deterministic.

    Raises ProfileError for a path that does not exist or holds no profiles.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(path.rglob("*.toml"))
            if not files:
                raise ProfileError("folder holds no .toml profile files", file=str(path))
            found.extend(files)
        elif path.is_file():
            found.append(path)
        else:
            raise ProfileError("no such file or folder", file=str(path))
    return found


# --- the validated-profile cache ----------------------------------------------------------------
# Parsing TOML in pure Python costs about a millisecond a file; the 833 bundled profiles would
# take a second to load on every run. Validated profiles are kept in the user's cache folder,
# keyed by narrator's version and every file's path, size and modification time, so any change
# to any file (or to narrator) reads the files again.

CACHE_ENV = "NARRATOR_CACHE_DIR"
_CACHE_KEEP = 8  # cache files kept per folder; older ones are removed


def cache_dir() -> Path | None:
    """Where validated profiles are cached; None when ``NARRATOR_CACHE_DIR=off``."""
    configured = os.environ.get(CACHE_ENV)
    if configured == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "narrator"


def _cache_file(files: Sequence[Path]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    from . import __version__

    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for file in files:
        stat = file.stat()
        digest.update(f"\0{os.path.abspath(file)}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return folder / f"profiles-{digest.hexdigest()}.pickle"


def _read_cache(cache: Path) -> list[Profile] | None:
    try:
        with cache.open("rb") as handle:
            profiles = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return None
    if isinstance(profiles, list) and all(isinstance(p, Profile) for p in profiles):
        return profiles
    return None


def write_cache_file(file: Path, data: bytes, *, keep: int) -> bool:
    """Replace a file of the cache folder atomically; False when it cannot be written.

    Older files of the same kind (the same name up to the first "-", such as the profile caches
    of other versions) are removed, all but the ``keep`` newest. A cache that cannot be written
    only costs speed, never correctness, so nothing here raises.
    """
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


def _write_cache(cache: Path, profiles: list[Profile]) -> None:
    data = pickle.dumps(profiles, protocol=pickle.HIGHEST_PROTOCOL)
    write_cache_file(cache, data, keep=_CACHE_KEEP)


def load_profiles(paths: Iterable[str | Path]) -> list[Profile]:
    """Every profile under the given files and folders, validated (or from the cache)."""
    files = profile_files(paths)
    cache = _cache_file(files)
    if cache is not None and cache.exists():
        cached = _read_cache(cache)
        if cached is not None:
            return cached
    profiles = [load_profile(path) for path in files]
    if cache is not None:
        _write_cache(cache, profiles)
    return profiles


def bundled_profile_dirs() -> list[Path]:
    """The folders of profiles that ship with narrator."""
    from profiles import DATA_DIR

    return sorted(p for p in DATA_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


class Catalog:
    """An ordered, validated set of profiles with lookup by title or slug.

    >>> catalog = Catalog.bundled()
    >>> catalog.find("loss mitigation specialist").slug
    'loss-mitigation-specialist'
    >>> catalog.find("Account-Specialist").title
    'Account Specialist'
    """

    def __init__(self, profiles: Sequence[Profile]) -> None:
        self._profiles = sorted(profiles, key=lambda p: p.slug)
        self._by_key: dict[str, Profile] = {}
        for profile in self._profiles:
            for key in self._keys(profile):
                other = self._by_key.get(key)
                if other is not None and other is not profile:
                    raise ProfileError(
                        f"{profile.title!r} has the same name as {other.path or other.title}",
                        file=profile.path,
                        field="title",
                        value=key,
                    )
                self._by_key[key] = profile

    @staticmethod
    def _keys(profile: Profile) -> set[str]:
        keys = {profile.slug, slugify(profile.title)}
        if profile.soc_code:
            # "13-2072" and "132072" both find the occupation; slugify gives "13-2072".
            keys |= {profile.soc_code, profile.soc_code.replace("-", "")}
        return keys

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path]) -> Catalog:
        """Load every profile under the given files and folders."""
        return cls(load_profiles(paths))

    @classmethod
    def bundled(cls) -> Catalog:
        """The profiles that ship with narrator."""
        return cls.from_paths(bundled_profile_dirs())

    def __iter__(self) -> Iterator[Profile]:
        return iter(self._profiles)

    def __len__(self) -> int:
        return len(self._profiles)

    def find(self, name: str) -> Profile:
        """The profile whose title, slug or SOC code matches ``name`` in any case or spacing.

        Raises UnknownProfileError with the closest titles when nothing matches.
        """
        key = slugify(name)
        profile = self._by_key.get(key) or self._by_key.get(key.replace("-", ""))
        if profile is not None:
            return profile
        titles = {p.title.lower(): p.title for p in self._profiles}
        close = difflib.get_close_matches(name.lower(), list(titles), n=3, cutoff=0.5)
        raise UnknownProfileError(name, [titles[c] for c in close])
