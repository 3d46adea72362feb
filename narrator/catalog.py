"""Load a set of profiles and find one by title, slug or close match.

The bundled catalog reads every ``*.toml`` under the ``profiles`` package. A catalog can also be
built from any folders or files a user names, which is how ``--profiles`` and
``narrator profiles validate PATH`` work.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

from .cache import cache_file, file_stamps, read_pickle, write_cache_file
from .errors import AmbiguousProfileError, ProfileError, UnknownProfileError
from .profile import Profile, load_profile
from .slugs import slugify


def profile_files(paths: Iterable[str | Path]) -> list[Path]:
    """The profile files under the given files and folders, sorted so loading is deterministic.

    Raises ProfileError for a path that does not exist or holds no profiles.
    """
    return list(map(Path, _profile_files(paths)))


def _profile_files(paths: Iterable[str | Path]) -> list[str]:
    # As text: the bundled set's 833 Path objects would cost more than the rest of finding them.
    found: list[str] = []
    for raw in paths:
        path = str(Path(raw))  # as Path writes it: no "./" in front, no "/" at the end
        if os.path.isdir(path):
            files = _toml_files(path)
            if not files:
                raise ProfileError("folder holds no .toml profile files", file=path)
            found.extend(files)
        elif os.path.isfile(path):
            found.append(path)
        else:
            raise ProfileError("no such file or folder", file=path)
    # A file named twice (itself and in its folder) is one profile, not two that clash.
    return list(dict.fromkeys(found))


def _toml_files(folder: str) -> list[str]:
    """Every ``*.toml`` under ``folder``, in the order of their path components.

    That is the order ``sorted(Path(folder).rglob("*.toml"))`` gives.
    """
    files: list[str] = []
    # Like rglob, the walk does not go into linked folders.
    for parent, _, names in os.walk(folder):
        prefix = parent + os.sep
        files.extend(prefix + name for name in names if name.endswith(".toml"))
    # Path order compares component by component; with the separator as the lowest character,
    # plain text order is the same.
    return sorted(files, key=lambda name: name.replace(os.sep, "\0"))


# --- the validated-profile cache ----------------------------------------------------------------
# Parsing TOML in pure Python costs about a millisecond a file; the 833 bundled profiles would
# take a second to load on every run. Validated profiles are kept in the cache folder (see
# narrator.cache), keyed by narrator's version, the profile and slug modules and every file's
# path, size and modification time, so any change to any file (or to narrator) reads the files
# again.
# Each profile is stored pickled on its own with the names it is found by, so finding two
# profiles for one article unpickles those two, not all of them.

_CACHE_KEEP = 8  # cache files kept per folder; older ones are removed


class _Entry:
    """A catalog's profile: what finding it needs, and the profile itself, read on first use."""

    __slots__ = ("_blob", "_profile", "aliases", "keys", "path", "slug", "title")

    def __init__(
        self,
        slug: str,
        title: str,
        path: str | None,
        keys: tuple[str, ...],
        aliases: tuple[str, ...] = (),
        blob: bytes | None = None,
        profile: Profile | None = None,
    ) -> None:
        self.slug, self.title, self.path, self.keys = slug, title, path, keys
        self.aliases = aliases
        self._blob = blob
        self._profile = profile

    @classmethod
    def of(cls, profile: Profile) -> _Entry:
        keys = _keys(profile)
        aliases = tuple(sorted({slugify(t) for t in profile.alternate_titles} - set(keys) - {""}))
        return cls(profile.slug, profile.title, profile.path, keys, aliases, profile=profile)

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            try:
                profile = pickle.loads(self._blob or b"")
            except Exception:  # an unreadable cache entry: the file is the source
                profile = None
            if not isinstance(profile, Profile):
                if self.path is None:
                    raise ProfileError("profile cache entry cannot be read", value=self.slug)
                profile = load_profile(self.path)
            self._profile = profile
        return self._profile

    def stored(self) -> tuple[str, str, str | None, tuple[str, ...], tuple[str, ...], bytes]:
        blob = pickle.dumps(self.profile, protocol=pickle.HIGHEST_PROTOCOL)
        return (self.slug, self.title, self.path, self.keys, self.aliases, blob)


def _keys(profile: Profile) -> tuple[str, ...]:
    """The names a profile is found by: its slug, its title's slug and its SOC code."""
    keys = {profile.slug, slugify(profile.title)}
    if profile.soc_code:
        # "13-2072" and "132072" both find the occupation; slugify gives "13-2072".
        keys |= {profile.soc_code, profile.soc_code.replace("-", "")}
    return tuple(sorted(keys))


def _clash(entry: _Entry, other: _Entry, key: str) -> ProfileError:
    """The one-line error for two profiles found by one name, naming both files.

    A slug names an article's page, and every name finds one occupation, so two profiles
    whose titles differ but slugify alike ("R&D Lab", "R D Lab") cannot both be loaded.
    """
    titled = slugify(entry.title)
    if key in (entry.slug, titled):
        field = "title" if entry.slug == titled else "slug"
        fix = "change a title, or give one a slug field"
    else:
        field, fix = "soc_code", "correct one of the SOC codes"
    return ProfileError(
        f"{entry.title!r} has the same name as {other.title!r} in "
        f"{other.path or 'another profile'}: both are found by {key!r}; every occupation "
        f"needs its own slug and SOC code ({fix})",
        file=entry.path,
        field=field,
    )


def _cache_file(files: Sequence[str]) -> Path | None:
    from . import profile, slugs

    return cache_file(
        "profiles", ".pickle", file_stamps([profile.__file__, slugs.__file__, *files])
    )


def _read_cache(cache: Path | None) -> list[_Entry] | None:
    stored = read_pickle(cache)
    if not isinstance(stored, list):
        return None
    entries = []
    for item in stored:
        if not (isinstance(item, tuple) and len(item) == 6 and isinstance(item[5], bytes)):
            return None
        slug, title, path, keys, aliases, blob = item
        entries.append(_Entry(slug, title, path, keys, aliases, blob))
    return entries


def _load_entries(paths: Iterable[str | Path]) -> list[_Entry]:
    files = _profile_files(paths)
    cache = _cache_file(files)
    cached = _read_cache(cache)
    if cached is not None:
        return cached
    entries = [_Entry.of(load_profile(path)) for path in files]
    if cache is not None:
        data = pickle.dumps([e.stored() for e in entries], protocol=pickle.HIGHEST_PROTOCOL)
        write_cache_file(cache, data, keep=_CACHE_KEEP)
    return entries


def load_profiles(paths: Iterable[str | Path]) -> list[Profile]:
    """Every profile under the given files and folders, validated (or from the cache)."""
    return [entry.profile for entry in _load_entries(paths)]


def bundled_profile_dirs() -> list[Path]:
    """The folders of profiles that ship with narrator."""
    from .bundled import PROFILES_DIR

    return sorted(p for p in PROFILES_DIR.iterdir() if p.is_dir() and not p.name.startswith("_"))


#: An alternate title that fits several occupations means the one with the most jobs only when
#: it has at least this many times the jobs of the next; otherwise the name is ambiguous.
CLEARLY_MORE_JOBS = 1.5


def _clearly_most_common(profiles: Sequence[Profile]) -> Profile | None:
    """The one profile, or the one with clearly the most jobs (:data:`CLEARLY_MORE_JOBS`)."""
    if len(profiles) == 1:
        return profiles[0]
    ranked = sorted(profiles, key=lambda p: -(p.number_of_jobs or 0))
    first, second = ranked[0].number_of_jobs, ranked[1].number_of_jobs
    if first is not None and first >= (second or 0) * Decimal(str(CLEARLY_MORE_JOBS)):
        return ranked[0]
    return None


class Catalog:
    """An ordered, validated set of profiles with lookup by title or slug.

    >>> catalog = Catalog.bundled()
    >>> catalog.find("loss mitigation specialist").slug
    'loss-mitigation-specialist'
    >>> catalog.find("Account-Specialist").title
    'Account Specialist'
    """

    def __init__(self, profiles: Sequence[Profile]) -> None:
        self._index(list(map(_Entry.of, profiles)))

    def _index(self, entries: list[_Entry]) -> None:
        self._entries = sorted(entries, key=lambda e: e.slug)
        self._by_key: dict[str, _Entry] = {}
        for entry in self._entries:
            for key in entry.keys:
                other = self._by_key.get(key)
                if other is not None and other is not entry:
                    raise _clash(entry, other, key)
                self._by_key[key] = entry
        self._aliases: dict[str, list[_Entry]] | None = None

    def _by_alias(self) -> dict[str, list[_Entry]]:
        """Other names people use (O*NET alternate titles), for look-up only: one name may
        belong to several occupations. Built on first need: most look-ups are by title."""
        if self._aliases is None:
            self._aliases = {}
            for entry in self._entries:
                for alias in entry.aliases:
                    self._aliases.setdefault(alias, []).append(entry)
        return self._aliases

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path]) -> Catalog:
        """Load every profile under the given files and folders."""
        catalog = cls.__new__(cls)
        catalog._index(_load_entries(paths))
        return catalog

    @classmethod
    def bundled(cls) -> Catalog:
        """The profiles that ship with narrator."""
        return cls.from_paths(bundled_profile_dirs())

    def search(self, word: str) -> list[tuple[Profile, str | None]]:
        """The profiles whose title or an alternate title contains ``word`` (any case), each
        with the first alternate title that matched when the title itself did not.

        >>> [(p.slug, alt) for p, alt in Catalog.bundled().search("loan originator")]
        [('loan-interviewers-and-clerks', 'Loan Originator'), ('loan-officers', 'Loan Originator')]
        """
        wanted = " ".join(word.lower().split())
        found: list[tuple[Profile, str | None]] = []
        for entry in self._entries:
            if wanted in entry.title.lower():
                found.append((entry.profile, None))
                continue
            profile = entry.profile if entry.aliases else None
            if profile is None:
                continue
            match = next((t for t in profile.alternate_titles if wanted in t.lower()), None)
            if match is not None:
                found.append((profile, match))
        return found

    def __iter__(self) -> Iterator[Profile]:
        return (entry.profile for entry in self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, name: str) -> Profile:
        """The profile whose title, slug or SOC code matches ``name`` in any case or spacing,
        else the one occupation with ``name`` among its alternate titles ("loan originator").

        Raises AmbiguousProfileError listing the occupations when an alternate title fits
        several, and UnknownProfileError with the closest titles when nothing matches.
        """
        key = slugify(name)
        entry = self._by_key.get(key) or self._by_key.get(key.replace("-", ""))
        if entry is not None:
            return entry.profile
        fits = self._by_alias().get(key)
        if fits:
            chosen = _clearly_most_common([e.profile for e in fits])
            if chosen is not None:
                return chosen
            raise AmbiguousProfileError(name, [e.title for e in fits])
        import difflib  # only a name that is not found needs it

        titles = {e.title.lower(): e.title for e in self._entries}
        close = difflib.get_close_matches(name.lower(), list(titles), n=3, cutoff=0.5)
        raise UnknownProfileError(name, [titles[c] for c in close])
