"""Finding occupations by the names people use: O*NET alternate titles, and --search."""

from __future__ import annotations

import subprocess
import sys

import pytest

from narrator.catalog import Catalog
from narrator.errors import AmbiguousProfileError, UnknownProfileError


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command line, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "narrator", *args], capture_output=True, text=True, check=False
    )


def test_compare_by_alternate_titles() -> None:
    """ "loan originator" and "debt collector" are Loan Officers and Bill and Account Collectors."""
    result = run("compare", "loan originator", "debt collector")
    assert result.returncode == 0
    assert result.stdout.startswith("Loan Officers vs Bill and Account Collectors")


def test_ambiguous_name_lists_the_candidates() -> None:
    """A name several occupations share, none clearly the most common, exits 2 on one line."""
    result = run("compare", "teacher", "debt collector")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "could be any of" in result.stderr
    assert "Elementary School Teachers, Except Special Education" in result.stderr


def test_search_lists_title_and_alternate_matches() -> None:
    """profiles list --search shows matches by title, and by alternate title with that title."""
    lines = run("profiles", "list", "--search", "originator").stdout.splitlines()
    assert "loan-officers\tLoan Officers\tLoan Originator" in lines
    titled = run("profiles", "list", "--search", "loan officers").stdout.splitlines()
    assert "loan-officers\tLoan Officers" in titled


def test_clearly_most_common_wins(bundled: Catalog) -> None:
    """An alternate title of two occupations takes the one with at least 1.5 times the jobs."""
    assert bundled.find("loan originator").title == "Loan Officers"
    with pytest.raises(AmbiguousProfileError):
        bundled.find("teacher")
    with pytest.raises(UnknownProfileError):
        bundled.find("no such occupation at all")
