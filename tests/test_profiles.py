"""Profiles: the shipped data validates, and each kind of bad file fails with a one-line error
that names the file, the field and the value."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from narrator.catalog import Catalog, bundled_profile_dirs
from narrator.errors import ProfileError, UnknownProfileError
from narrator.profile import FIELD_NAMES, load_profile, parse_profile, profile_to_dict
from narrator.review import review

from .conftest import BAD_PROFILES, SEED_PROFILES

EXPECTED = tomllib.loads((BAD_PROFILES / "expected.toml").read_text())
BAD_FILES = sorted(p for p in BAD_PROFILES.glob("*.toml") if p.name != "expected.toml")
SHIPPED = sorted(p for d in bundled_profile_dirs() for p in d.rglob("*.toml"))


def test_every_bad_file_has_an_expectation() -> None:
    """The bad-input corpus and its expectations list the same files."""
    assert {p.stem for p in BAD_FILES} == set(EXPECTED)


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_profile_error_names_file_field_and_value(path: Path) -> None:
    """Each malformed profile raises ProfileError naming its file and field, on one line."""
    expected = EXPECTED[path.stem]
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    error = caught.value
    message = str(error)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert expected["words"] in message
    assert (error.field or "") == expected["field"]
    if expected["field"]:
        assert expected["field"] in message


def test_field_error_names_the_line() -> None:
    """A bad value's error points at the line of its key."""
    with pytest.raises(ProfileError) as caught:
        parse_profile('title = "Actuary"\n\nyearly_salary = "lots"\n', "x.toml")
    assert caught.value.line == 3
    assert str(caught.value).startswith("x.toml:3: yearly_salary:")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_profile_validates(path: Path) -> None:
    """Every bundled profile loads, and its slug matches its file name."""
    profile = load_profile(path)
    assert profile.slug == path.stem


def test_seed_figures_read_exactly() -> None:
    """Numbers are Decimals exactly as written, so articles print what the file says."""
    profile = load_profile(SEED_PROFILES / "loss-mitigation-specialist.toml")
    assert profile.hourly_rate == Decimal("20.79")
    assert profile.gender_ratio[0].share == Decimal("40.4")
    assert profile.time_to_become is not None
    assert profile.time_to_become.months() == (Decimal(6), Decimal(12))


def test_only_title_is_required() -> None:
    """A profile with just a title is valid, and every other field is missing."""
    profile = parse_profile('title = "Data Entry Clerk"')
    assert profile_to_dict(profile) == {"title": "Data Entry Clerk", "slug": "data-entry-clerk"}
    assert len(FIELD_NAMES) > 20


def test_lookup_by_any_case_title_or_slug(bundled: Catalog) -> None:
    """Names match titles in any case and spacing, and slugs."""
    assert bundled.find("COLLECTIONS/ACCOUNTS RECEIVABLE").slug == "collections-accounts-receivable"
    assert bundled.find("  loss   mitigation specialist ").title == "Loss Mitigation Specialist"
    assert bundled.find("account-specialist").title == "Account Specialist"


def test_unknown_name_suggests_closest(bundled: Catalog) -> None:
    """An unknown name's error lists the closest titles."""
    with pytest.raises(UnknownProfileError) as caught:
        bundled.find("Acount Specialst")
    assert caught.value.closest[0] == "Account Specialist"
    assert "closest: Account Specialist" in str(caught.value)


def test_duplicate_slugs_are_refused(tmp_path: Path) -> None:
    """Two profiles that would share a slug are an error naming the second file."""
    (tmp_path / "a.toml").write_text('title = "Actuary"\n')
    (tmp_path / "b.toml").write_text('title = "ACTUARY"\n')
    with pytest.raises(ProfileError, match="same name"):
        Catalog.from_paths([tmp_path])


def test_missing_path_is_a_profile_error(tmp_path: Path) -> None:
    """Validating a path that does not exist names it."""
    with pytest.raises(ProfileError, match="no such file or folder"):
        Catalog.from_paths([tmp_path / "nope"])


def test_review_flags_patients_but_keeps_it(bundled: Catalog) -> None:
    """The review notes the likely slip 'patients' without changing the data."""
    profile = bundled.find("Account Specialist")
    assert "patients" in profile.top_skills
    messages = [note.message for note in review(profile)]
    assert "'patients' looks like a slip for 'patience'" in messages


def test_review_flags_inconsistent_pay() -> None:
    """An hourly rate far from the yearly salary over 2,080 hours is noted."""
    profile = parse_profile('title = "X"\nyearly_salary = 40000\nhourly_rate = 40')
    assert [note.field for note in review(profile)] == ["hourly_rate"]


def test_cache_sees_a_changed_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A profile edited after it was cached is read again, not served stale."""
    import os

    monkeypatch.setenv("NARRATOR_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "profiles"
    folder.mkdir()
    file = folder / "actuary.toml"
    file.write_text('title = "Actuary"\nyearly_salary = 100000\n')
    assert Catalog.from_paths([folder]).find("actuary").yearly_salary == 100000
    assert list((tmp_path / "cache").glob("profiles-*.pickle"))
    file.write_text('title = "Actuary"\nyearly_salary = 120000\n')
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert Catalog.from_paths([folder]).find("actuary").yearly_salary == 120000


def test_corrupt_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged cache file costs a re-read, never a wrong or failed load."""
    monkeypatch.setenv("NARRATOR_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "actuary.toml").write_text('title = "Actuary"\n')
    Catalog.from_paths([folder])
    for cache in (tmp_path / "cache").glob("profiles-*.pickle"):
        cache.write_bytes(b"not a pickle")
    assert Catalog.from_paths([folder]).find("actuary").title == "Actuary"


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NARRATOR_CACHE_DIR=off writes no cache."""
    monkeypatch.setenv("NARRATOR_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    Catalog.from_paths([SEED_PROFILES])
    assert not list(tmp_path.rglob("*.pickle"))


def test_soc_code_lookup(bundled: Catalog) -> None:
    """Occupations are found by SOC code with or without the hyphen."""
    assert bundled.find("13-2072").title == "Loan Officers"
    assert bundled.find("132072").title == "Loan Officers"
    assert bundled.find("loan officers").soc_code == "13-2072"


def test_a_job_zone_time_is_known_for_its_zone() -> None:
    """A time to become whose source is O*NET and whose range is a Job Zone's (or spans
    several zones') is known for the zone; the same range from another source is a time."""
    text = 'title = "A"\ntime_to_become = { low = 3, high = 24, unit = "months" }\n'
    onet = '[[sources]]\nname = "O*NET Database"\nfields = ["time_to_become"]\n'
    other = '[[sources]]\nname = "Original page"\nfields = ["time_to_become"]\n'
    zoned = parse_profile(text + onet).time_to_become
    assert zoned is not None and zoned.job_zone == (2, 3)
    plain = parse_profile(text + other).time_to_become
    assert plain is not None and plain.job_zone is None
    assert zoned == plain  # the zone is how the range is read, not another value
    odd = parse_profile(text.replace("24", "20") + onet).time_to_become
    assert odd is not None and odd.job_zone is None
    assert profile_to_dict(parse_profile(text + onet))["time_to_become"] == {
        "low": 3,
        "high": 24,
        "unit": "months",
    }
