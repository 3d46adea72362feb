"""Phrasebook files of the wrong shape: one line naming the file, never a traceback.

Each folder in ``tests/bad_phrasebooks/`` (but ``_base``) holds the files that replace those of
the small phrasebook in ``_base``, which loads and composes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from narrator.compose import Composer
from narrator.errors import PhrasebookError
from narrator.phrasebook import load_phrasebook

BAD = Path(__file__).parent / "bad_phrasebooks"
CASES = sorted(p for p in BAD.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _book(case: Path | None, tmp_path: Path) -> Path:
    book = tmp_path / "book"
    shutil.copytree(BAD / "_base", book)
    if case is not None:
        for file in case.iterdir():
            shutil.copy(file, book / file.name)
    return book


def test_the_base_phrasebook_loads_and_composes(tmp_path: Path, catalog) -> None:
    """The cases' starting point is a good phrasebook, so each case fails for its own reason."""
    composer = Composer(load_phrasebook(_book(None, tmp_path)))
    a, b = list(catalog)[:2]
    assert composer.compose(a, b).title.text == f"{a.title} vs {b.title}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_phrasebook_is_refused_in_one_line(case: Path, tmp_path: Path) -> None:
    """Loading fails with a PhrasebookError on one line that names a file of the phrasebook."""
    book = _book(case, tmp_path)
    with pytest.raises(PhrasebookError) as caught:
        load_phrasebook(book)
    message = str(caught.value)
    assert message.isprintable(), message
    assert str(book) in message


def test_bad_phrasebook_on_the_command_line(tmp_path: Path) -> None:
    """narrator compare --phrasebook with a bad one exits 2 with one line on stderr."""
    book = _book(BAD / "groups-a-number", tmp_path)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "narrator",
            "compare",
            "Actors",
            "Dancers",
            "--phrasebook",
            str(book),
        ],
        capture_output=True,
        text=True,
        env={"NARRATOR_CACHE_DIR": "off", "PATH": ""},
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert len(run.stderr.splitlines()) == 1 and "[groups] must be a table" in run.stderr


def test_a_file_name_with_a_line_break_is_refused(tmp_path: Path) -> None:
    """A phrasebook file whose name has a line break is refused, the name shown escaped."""
    book = _book(None, tmp_path)
    (book / "two\nlines.toml").write_text("", encoding="utf-8")
    with pytest.raises(PhrasebookError) as caught:
        load_phrasebook(book)
    assert "two\\nlines.toml" in str(caught.value)
    assert str(caught.value).isprintable()
