"""Shared fixtures: the catalogs the tests use and one-file-per-article snapshot extensions."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from narrator.bundled import PROFILES_DIR
from narrator.catalog import Catalog

TESTS = Path(__file__).parent
EDGE_PROFILES = TESTS / "profiles" / "edge"
SEED_PROFILES = PROFILES_DIR / "seed"
BAD_PROFILES = TESTS / "bad_profiles"


@pytest.fixture(autouse=True, scope="session")
def _own_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the profile cache of a test run out of the user's cache folder."""
    import os

    os.environ["NARRATOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


class _TextSnapshot(SingleFileSnapshotExtension):
    """A snapshot stored as one readable text file, so a changed article diffs like prose."""

    _write_mode = WriteMode.TEXT


class TextSnapshot(_TextSnapshot):
    file_extension = "txt"


class MarkdownSnapshot(_TextSnapshot):
    file_extension = "md"


class HtmlSnapshot(_TextSnapshot):
    file_extension = "html"


class JsonSnapshot(_TextSnapshot):
    file_extension = "json"


SNAPSHOT_EXTENSIONS = {
    "text": TextSnapshot,
    "markdown": MarkdownSnapshot,
    "html": HtmlSnapshot,
    "json": JsonSnapshot,
}


@pytest.fixture(scope="session")
def bundled() -> Catalog:
    """The profiles that ship with narrator."""
    return Catalog.bundled()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The seed profiles plus the edge-case profiles made for the tests: small enough that
    tests can render every ordered pair."""
    return Catalog.from_paths([SEED_PROFILES, EDGE_PROFILES])
