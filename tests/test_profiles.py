"""Profiles: the shipped data validates, and each kind of bad file fails with a one-line error
that names the file, the field and the value."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from narrator.catalog import Catalog, bundled_profile_dirs
from narrator.errors import ProfileError, UnknownProfileError
from narrator.profile import FIELD_NAMES, Duration, load_profile, parse_profile, profile_to_dict
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


TIME = 'title = "A"\ntime_to_become = { low = 3, high = 24, unit = "months" }\n'


@pytest.mark.parametrize(
    ("line", "zones"), [("job_zone = 4", (4, 4)), ("job_zone = { low = 2, high = 3 }", (2, 3))]
)
def test_a_job_zone_is_read_onto_the_time_to_become(line: str, zones: tuple[int, int]) -> None:
    """``job_zone`` (one zone, or merged codes' lowest and highest) is the Job Zone of
    ``time_to_become``; the zone is how the range is read, not another value of it. Without
    the field, a range is a time, whatever its source: nothing is inferred from the range."""
    zoned = parse_profile(TIME + line).time_to_become
    assert zoned is not None and zoned.job_zone == zones
    assert zoned == Duration(Decimal(3), Decimal(24), "months")
    onet = '[[sources]]\nname = "O*NET Database"\nfields = ["time_to_become"]\n'
    as_time = parse_profile(TIME + onet).time_to_become
    assert as_time is not None and as_time.job_zone is None


@pytest.mark.parametrize(
    ("line", "words", "value"),
    [
        ("job_zone = 6", "must be a whole number 1 to 5", "6"),
        ("job_zone = 0", "must be a whole number 1 to 5", "0"),
        ("job_zone = 2.5", "must be a whole number 1 to 5", "'2.5'"),
        ('job_zone = "4"', "must be a whole number 1 to 5", "'4'"),
        ("job_zone = true", "must be a whole number 1 to 5", "True"),
        ("job_zone = [2, 3]", "must be a whole number 1 to 5", "[2, 3]"),
        ("job_zone = { low = 3, high = 2 }", "low is greater than high", "'3–2'"),
        ("job_zone = { low = 2, high = 9 }", "must be a whole number 1 to 5", "'high': 9"),
    ],
)
def test_a_bad_job_zone_names_file_field_and_value(line: str, words: str, value: str) -> None:
    """A Job Zone O*NET does not have (or a span the wrong way round) is one line naming the
    file, the line, the field and the value."""
    with pytest.raises(ProfileError) as caught:
        parse_profile(TIME + line, "zone.toml")
    message = str(caught.value)
    assert caught.value.field == "job_zone" and "\n" not in message
    assert message.startswith("zone.toml:3: job_zone: ") and words in message and value in message


def test_a_job_zone_needs_its_time_to_become() -> None:
    """A Job Zone is read as the range it stands for: alone (the importer never writes one
    alone) it is refused, as is a span without both ends."""
    with pytest.raises(ProfileError, match=r"zone\.toml:2: job_zone: needs time_to_become"):
        parse_profile('title = "A"\njob_zone = 3\n', "zone.toml")
    with pytest.raises(ProfileError, match=r"job_zone\.low: is required"):
        parse_profile(TIME + "job_zone = { high = 3 }", "zone.toml")


@pytest.mark.parametrize("line", ["job_zone = 4", "job_zone = { low = 2, high = 3 }"])
def test_a_job_zone_round_trips(line: str) -> None:
    """``profile_to_dict`` writes the zone as the file does, after the range, and the TOML
    written from it reads back to the same profile with the same zone."""
    onet = '[[sources]]\nname = "O*NET"\nfields = ["time_to_become", "job_zone"]\n'
    profile = parse_profile(TIME + line + "\n" + onet)
    plain = profile_to_dict(profile)
    assert plain["time_to_become"] == {"low": 3, "high": 24, "unit": "months"}
    assert plain["job_zone"] == tomllib.loads(line)["job_zone"]
    assert list(plain).index("job_zone") == list(plain).index("time_to_become") + 1
    assert profile.source_of("job_zone") == profile.source_of("time_to_become")
    again = parse_profile(_toml_text(plain))
    assert again == profile and profile_to_dict(again) == plain
    assert again.time_to_become is not None and profile.time_to_become is not None
    assert again.time_to_become.job_zone == profile.time_to_become.job_zone


def _toml_text(plain: dict[str, Any]) -> str:
    """Plain profile data as TOML: the values, then the [[sources]] tables."""

    def value(raw: Any) -> str:
        if isinstance(raw, dict):
            return "{ " + ", ".join(f"{k} = {value(v)}" for k, v in raw.items()) + " }"
        if isinstance(raw, list):
            return "[" + ", ".join(value(v) for v in raw) + "]"
        return json.dumps(raw)

    lines = [f"{key} = {value(raw)}" for key, raw in plain.items() if key != "sources"]
    for source in plain.get("sources", []):
        lines += ["[[sources]]", *(f"{k} = {value(v)}" for k, v in source.items() if v is not None)]
    return "\n".join(lines) + "\n"
