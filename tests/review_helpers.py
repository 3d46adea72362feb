"""Helpers for the review tests: a small editable catalog, and a review database built from it."""

from __future__ import annotations

import shutil
from pathlib import Path

from narrator.bundled import PROFILES_DIR as DATA_DIR
from narrator.editorial.corpus import Source
from narrator.editorial.store import ReviewStore

TESTS = Path(__file__).parent


# The review tests count articles and name what each profile reads: they keep to the edge
# profiles of the seed pages' kind (those shaped like BLS imports are left out), so that a new
# edge profile for another part of the project does not change their figures.
_BLS_SHAPED = shutil.ignore_patterns(
    "billing-clerk.toml", "payroll-clerk.toml", "records-clerk.toml"
)


def small_catalog(folder: Path) -> Source:
    """A copy of the seed and edge profiles under ``folder`` (so a test may edit them)."""
    shutil.copytree(DATA_DIR / "seed", folder / "seed")
    shutil.copytree(TESTS / "profiles" / "edge", folder / "edge", ignore=_BLS_SHAPED)
    return Source((str(folder / "seed"), str(folder / "edge")))


def regenerate(store: ReviewStore, source: Source) -> int:
    """Index every pair of the source into the store."""
    composer, catalog = source.composer(), source.catalog()
    return store.index(source.records(composer, catalog), source.indexer(composer, catalog))


def edit_salary(folder: Path, old: str, new: str) -> None:
    """Change Account Specialist's yearly salary in the copied seed profile."""
    path = folder / "seed" / "account-specialist.toml"
    text = path.read_text(encoding="utf-8")
    assert f"yearly_salary = {old}" in text
    path.write_text(text.replace(f"yearly_salary = {old}", f"yearly_salary = {new}"), "utf-8")
