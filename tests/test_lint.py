"""narrator lint: the shipped phrasebook is clean, and each kind of mistake is reported with its
file, line and fragment id."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from narrator.lint import lint
from narrator.phrasebook import bundled_phrasebook_dir

BAD = Path(__file__).parent / "bad_fragments"
CASES = sorted(BAD.glob("*.toml"))


def test_shipped_phrasebook_is_clean() -> None:
    """The bundled phrasebook has no lint problems."""
    assert [str(p) for p in lint()] == []


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_each_mistake_is_reported(case: Path, tmp_path: Path) -> None:
    """A fragment with one planted mistake gets one line naming its file, line and id."""
    book = tmp_path / "book"
    shutil.copytree(bundled_phrasebook_dir(), book, ignore=shutil.ignore_patterns("*.py", "__*"))
    target = book / case.name
    shutil.copy(case, target)
    text = case.read_text()
    expected = re.search(r"^# expect: (.+)$", text, re.MULTILINE)
    fragment_id = re.search(r'^id = "(.+)"$', text, re.MULTILINE)
    assert expected and fragment_id
    problems = [p for p in lint(book) if p.file == str(target)]
    assert problems, "no problem reported"
    assert any(expected.group(1) in p.message for p in problems), [str(p) for p in problems]
    for problem in problems:
        assert problem.fragment == fragment_id.group(1)
        assert 1 <= problem.line <= text.count("\n") + 1
        assert str(problem).startswith(f"{target}:{problem.line}: {problem.fragment}: ")
