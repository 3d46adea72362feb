"""Output is byte-for-byte the same across hash seeds, processes and runs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PAIRS = [
    ("Loss Mitigation Specialist", "Collections/Accounts Receivable"),
    ("Loan Officers", "Bill and Account Collectors"),
]


def _run(seed: str, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "narrator.cli", *args], env=env, capture_output=True, check=True
    ).stdout


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=lambda s: s)
def test_same_bytes_under_different_hash_seeds(a: str, b: str) -> None:
    """Two processes with different PYTHONHASHSEED write identical JSON and HTML."""
    for fmt in ("json", "html"):
        first = _run("1", "compare", a, b, "--format", fmt)
        second = _run("4242", "compare", a, b, "--format", fmt)
        assert first and first == second


def test_listing_is_stable_across_hash_seeds() -> None:
    """The profile listing and title forms do not depend on set or dict order."""
    assert _run("7", "profiles", "list") == _run("8", "profiles", "list")
    assert _run("7", "forms", "Accountants and Auditors") == _run(
        "9", "forms", "Accountants and Auditors"
    )
