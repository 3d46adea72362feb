"""The cache folder: what a warm run reads instead of working it out must be what it would work out.

Validated profiles (each pickled on its own, read on first use), the parsed phrasebook, babel's
number texts and the memo files' size limit. Every test pins a cached result to the plain way
of computing it, or shows that a changed or damaged file is not trusted.
"""

from __future__ import annotations

import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from narrator import cache, catalog, numbers
from narrator.bundled import PROFILES_DIR
from narrator.catalog import Catalog, load_profiles, profile_files
from narrator.errors import LocaleError, PhrasebookError
from narrator.numbers import NumberFormat
from narrator.phrasebook import _read_phrasebook, bundled_phrasebook_dir, load_phrasebook
from narrator.profile import AtLeast, load_profile


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NARRATOR_CACHE_DIR", str(folder))
    return folder


def _kinds(folder: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in folder.iterdir())


# --- profiles ------------------------------------------------------------------------------------


def test_profile_files_are_in_path_order(tmp_path: Path) -> None:
    """Files are found in the order sorted(rglob) gives, subfolders and odd names included."""
    for name in ("b.toml", "a-b.toml", "a/z.toml", "a/b/c.toml", "a.toml", "A.toml", "x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('title = "T"\n')
    assert profile_files([tmp_path]) == sorted(tmp_path.rglob("*.toml"))
    assert profile_files([f"{tmp_path}/"]) == sorted(tmp_path.rglob("*.toml"))
    assert list(map(str, profile_files([f"{tmp_path}/"]))) == [
        str(p) for p in sorted(Path(f"{tmp_path}/").rglob("*.toml"))
    ]


def test_cached_profiles_are_the_validated_ones(cache_folder: Path) -> None:
    """A catalog read from the cache holds the very profiles the files give, in order."""
    folders = [PROFILES_DIR / "seed"]
    fresh = load_profiles(folders)
    assert _kinds(cache_folder) == ["profiles"]
    from_cache = Catalog.from_paths(folders)
    parsed = [load_profile(path) for path in profile_files(folders)]
    assert fresh == parsed
    assert list(from_cache) == sorted(parsed, key=lambda p: p.slug)
    for profile in parsed:
        assert from_cache.find(profile.title) == profile


def test_an_edited_profile_is_read_again(cache_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR / "seed", folder)
    first = Catalog.from_paths([folder]).find("Account Specialist")
    file = folder / Path(first.path or "").name
    file.write_text(file.read_text().replace("42586", "42587"), encoding="utf-8")
    again = Catalog.from_paths([folder]).find("Account Specialist")
    assert again.yearly_salary == Decimal(42587)


def test_an_unreadable_cache_entry_is_read_from_its_file(cache_folder: Path) -> None:
    """A profile whose cached copy cannot be unpickled is validated from its file instead."""
    folders = [PROFILES_DIR / "seed"]
    load_profiles(folders)
    (file,) = cache_folder.iterdir()
    stored = pickle.loads(file.read_bytes())
    stored = [(*entry[:4], b"damaged") for entry in stored]
    file.write_bytes(pickle.dumps(stored))
    parsed = {p.slug: p for p in map(load_profile, profile_files(folders))}
    assert {p.slug: p for p in Catalog.from_paths(folders)} == parsed


def test_a_damaged_profile_cache_is_ignored(cache_folder: Path) -> None:
    folders = [PROFILES_DIR / "seed"]
    expected = load_profiles(folders)
    (file,) = cache_folder.iterdir()
    file.write_bytes(b"not a pickle")
    assert load_profiles(folders) == expected


def test_duplicate_names_are_caught_from_the_cache_too(cache_folder: Path, tmp_path: Path) -> None:
    """Two profiles with one name fail the same way whether or not the cache was read."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "one.toml").write_text('title = "Pilot"\n')
    (folder / "two.toml").write_text('title = "pilot"\n')
    messages = []
    for _ in range(2):
        with pytest.raises(catalog.ProfileError) as caught:
            Catalog.from_paths([folder])
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert "same name" in messages[0]


# --- the phrasebook ------------------------------------------------------------------------------


def test_cached_phrasebook_is_the_parsed_one(cache_folder: Path) -> None:
    folder = bundled_phrasebook_dir()
    first = load_phrasebook()
    assert _kinds(cache_folder) == ["phrasebook"]
    parsed = _read_phrasebook(folder, sorted(folder.glob("*.toml")))
    assert load_phrasebook() == first == parsed


def test_an_edited_phrasebook_is_read_again(cache_folder: Path, tmp_path: Path) -> None:
    folder = tmp_path / "phrasebook"
    shutil.copytree(bundled_phrasebook_dir(), folder)
    assert load_phrasebook(folder).terms["yearly_salary"] == "pay"
    outline = folder / "outline.toml"
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace('yearly_salary = "pay"', 'yearly_salary = "earnings"'))
    assert load_phrasebook(folder).terms["yearly_salary"] == "earnings"
    outline.write_text(text + "\n[terms]\n")  # a second [terms] table: not valid TOML
    with pytest.raises(PhrasebookError, match=r"outline\.toml"):
        load_phrasebook(folder)


# --- babel's texts -------------------------------------------------------------------------------

VALUES = [Decimal("40.4"), Decimal("40.40"), Decimal(40), 40, 40.0, AtLeast(40), Decimal("0.6")]


@pytest.mark.parametrize("locale", ["en_US", "de_DE", "fr-FR"])
def test_remembered_numbers_are_babels(cache_folder: Path, locale: str) -> None:
    """Texts written in one process and read from the file in the next are babel's own."""

    def texts(fmt: NumberFormat) -> list[str]:
        return [
            text
            for value in VALUES
            for text in (
                fmt.money(value),
                fmt.money(value, cents=True),
                fmt.percent(value),
                fmt.percent(value, 1),
                fmt.count(value),
                fmt.decimal(value),
                fmt.decimal(value, 2),
            )
        ]

    filling = NumberFormat(locale)
    written = texts(filling)
    filling._memo.save()
    numbers._MEMOS.clear()  # as a new process starts
    reading = NumberFormat(locale)
    assert reading._locale is None  # the file was enough: babel's locale was not parsed
    reread = texts(reading)
    assert not reading._memo.new  # every text came from the file

    class Direct(NumberFormat):
        def _remembered(self, write, value, *options):  # type: ignore[no-untyped-def]
            return write(self, value, *options)

    assert written == reread == texts(Direct(locale))


def test_an_unknown_locale_fails_with_or_without_a_cache(cache_folder: Path) -> None:
    NumberFormat("en_US").count(1)
    for _ in range(2):
        with pytest.raises(LocaleError):
            NumberFormat("xx_NOPE")


def test_the_number_file_keeps_the_newest_texts(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long run does not grow the file past its limit; the newest texts are the ones kept."""
    monkeypatch.setattr(numbers, "_STORED", 50)
    fmt = NumberFormat()
    for n in range(120):
        fmt.count(n)
    fmt._memo.save()
    numbers._MEMOS.clear()  # as a new process starts
    kept = NumberFormat()._memo.answers
    assert kept is not None
    assert sorted(int(key[2]) for key in kept) == list(range(70, 120))


def test_memo_save_merges_with_other_processes(cache_folder: Path) -> None:
    file = cache_folder / "test-memo.pickle"

    def memo() -> cache.FileMemo:
        return cache.FileMemo(lambda: file, lambda k, v: isinstance(v, str), limit=10, stored=10)

    one, two = memo(), memo()
    one.load(), two.load()
    one.remember(("x",), "1")
    two.remember(("y",), "2")
    one.save()
    two.save()
    assert memo().load() == {("x",): "1", ("y",): "2"}


def test_an_edit_that_keeps_size_and_modification_time_is_seen(
    cache_folder: Path, tmp_path: Path
) -> None:
    """Profile and phrasebook caches notice an edit even when size and mtime are set back."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    file = folder / "x.toml"
    file.write_text('title = "Alpha Workers"\n')
    assert [p.title for p in load_profiles([folder])] == ["Alpha Workers"]
    stat = file.stat()
    file.write_text('title = "Gamma Workers"\n')  # the same size
    import os

    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert file.stat().st_mtime_ns == stat.st_mtime_ns
    assert [p.title for p in load_profiles([folder])] == ["Gamma Workers"]

    book = tmp_path / "book"
    shutil.copytree(
        bundled_phrasebook_dir(), book, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    assert load_phrasebook(book).terms["yearly_salary"] == "pay"
    outline = book / "outline.toml"
    stat = outline.stat()
    text = outline.read_text(encoding="utf-8")
    outline.write_text(text.replace('yearly_salary = "pay"', 'yearly_salary = "PAY"'))
    os.utime(outline, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert load_phrasebook(book).terms["yearly_salary"] == "PAY"
