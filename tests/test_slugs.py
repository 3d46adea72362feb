"""Slugs name pages: one a profile, one a pair, whatever the titles; clashes refused in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator.catalog import Catalog
from narrator.errors import ProfileError
from narrator.pairs import all_pairs, pair_slugs
from narrator.profile import Profile, parse_profile
from narrator.slugs import PAIR_WORD


def _narrator(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "narrator.cli", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("first", "second", "field"),
    [
        ('title = "R&D Lab"', 'title = "R D Lab"', "title"),  # titles that slugify alike
        ('title = "R&D Lab"', 'title = "Other"\nslug = "r-d-lab"', "slug"),
        ('title = "Other"\nsoc_code = "13-2072"', 'title = "X"\nsoc_code = "13-2072"', "soc_code"),
    ],
    ids=["titles", "slug-field", "soc-code"],
)
def test_two_profiles_found_by_one_name_are_refused_naming_both_files(
    tmp_path: Path, first: str, second: str, field: str
) -> None:
    """Two profiles with one slug (or SOC code) stop any command at load: status 2 and one
    line naming both files, before a page is written."""
    (tmp_path / "a.toml").write_text(first + "\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text(second + "\n", encoding="utf-8")
    out = tmp_path / "out"
    for command in (
        ["profiles", "list", "--profiles", str(tmp_path)],
        ["batch", "--out", str(out), "--profiles", str(tmp_path), "--date", "2025-05-01"],
    ):
        result = _narrator(*command)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        line = result.stderr
        assert str(tmp_path / "a.toml") in line and str(tmp_path / "b.toml") in line, line
        assert f": {field}: " in line
    assert not out.exists()


def test_a_file_named_twice_is_one_profile(tmp_path: Path) -> None:
    """A profile file given twice, or in a folder given too, loads once: it clashes with no one."""
    path = tmp_path / "a.toml"
    path.write_text('title = "Actuary"\n', encoding="utf-8")
    catalog = Catalog.from_paths([path, tmp_path, str(tmp_path / "." / "a.toml")])
    assert [p.slug for p in catalog] == ["actuary"]


# Titles built from words that slugify to "vs", hyphens, and a few others.
_WORDS = st.sampled_from(["vs", "VS", "v.s.", "Vs.", "-", "alpha", "beta", "a", "b", "x1"])
_TITLES = st.lists(_WORDS, min_size=1, max_size=5).map(" ".join)


def _profile(title: str) -> Profile | None:
    try:
        return parse_profile(f"title = {title!r}\n")
    except ProfileError:
        return None


@settings(max_examples=300, deadline=None)
@given(st.lists(_TITLES, min_size=2, max_size=8, unique=True))
def test_pair_slugs_are_unique_by_construction(titles: list[str]) -> None:
    """However titles are made, two different ordered pairs of loadable profiles never share
    a page slug: a title whose slug has the word "vs" is refused at load."""
    profiles = {p.slug: p for p in map(_profile, titles) if p is not None}
    assert all(PAIR_WORD not in slug.split("-") for slug in profiles)
    pairs = [(a, b) for a in profiles.values() for b in profiles.values() if a is not b]
    slugs = pair_slugs(pairs)
    assert len(set(slugs)) == len(slugs) == len(pairs)


def test_titles_that_would_meet_in_a_pair_slug_are_refused() -> None:
    """The issue's case, and its mirror at the end of a slug, cannot be loaded."""
    for title in ("Alpha vs Beta", "Beta vs Gamma", "Alpha vs", "vs Beta", "VS"):
        with pytest.raises(ProfileError, match="must not have the word 'vs'"):
            parse_profile(f'title = "{title}"\n')


def test_every_bundled_pair_has_its_own_slug(bundled: Catalog) -> None:
    """The bundled slugs keep their form (none has the word "vs"), and all 346,528 pairs have
    distinct page slugs."""
    profiles = list(bundled)
    assert not [p.slug for p in profiles if PAIR_WORD in p.slug.split("-")]
    slugs = pair_slugs(list(all_pairs(profiles)))
    assert len(slugs) == len(set(slugs)) == len(profiles) * (len(profiles) - 1) // 2
