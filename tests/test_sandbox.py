"""Hostile phrasebooks: no fragment runs code, reads files or changes what later articles see.

Each file in ``tests/hostile_fragments/`` is one attack: an optional ``[groups]`` table merged into
the outline and ``[[fragment]]`` entries added to a copy of the bundled phrasebook. ``CANARY``
in a fragment stands for a file the attack tries to create; it must never exist. Every attack
is composed for many pairs with one Composer, so whatever a Composer prepares for later
articles is attacked too, not only the first article.
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from narrator.compose import Composer
from narrator.errors import PhrasebookError
from narrator.phrasebook import bundled_phrasebook_dir, load_phrasebook
from narrator.views import Groups

HOSTILE = Path(__file__).parent / "hostile_fragments"
CASES = sorted(HOSTILE.glob("*.toml"))
PAIRS = 12  # past any preparation a Composer does once it has written a few articles


def _hostile_book(case: Path, folder: Path, canary: Path) -> Path:
    """A copy of the bundled phrasebook with the attack in ``case`` added."""
    import tomllib

    book = folder / "book"
    shutil.copytree(
        bundled_phrasebook_dir(), book, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    text = case.read_text(encoding="utf-8").replace("CANARY", canary.as_posix())
    attack = tomllib.loads(text)
    groups = attack.get("groups", {})
    if groups:
        outline = book / "outline.toml"
        lines = "".join(
            f"{name} = {members!r}\n".replace("'", '"') for name, members in groups.items()
        )
        source = outline.read_text(encoding="utf-8").replace("[groups]\n", "[groups]\n" + lines, 1)
        outline.write_text(source, encoding="utf-8")
    fragments = text[text.index("[[fragment]]") :]
    (book / "hostile.toml").write_text(fragments, encoding="utf-8")
    return book


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_fragment_is_refused_and_runs_nothing(case: Path, tmp_path: Path, catalog) -> None:
    """Each attack is refused naming its fragment (when compiled or when composed), in one
    line, and its canary never exists."""
    canary = tmp_path / "canary.txt"
    book = load_phrasebook(_hostile_book(case, tmp_path, canary))
    hostile_ids = {f.id for f in book.fragments if f.id.startswith("hostile.")}
    try:
        composer = Composer(book)
    except PhrasebookError as error:  # refused when compiled
        assert error.fragment in hostile_ids
        assert "\n" not in str(error)
        return
    profiles = sorted(catalog, key=lambda p: p.slug)
    before = [repr(p) for p in profiles]
    for a, b in itertools.islice(itertools.combinations(profiles, 2), PAIRS):
        try:
            article = composer.compose(a, b)
        except PhrasebookError as error:
            assert error.fragment in hostile_ids
            assert "\n" not in str(error)
        else:
            # A condition that cannot hold leaves its fragment out; it must not have run.
            assert not any(s.fragment in hostile_ids for s in article.sentences())
        assert not canary.exists(), f"{case.name} ran code for {a.slug} vs {b.slug}"
    # Nothing a fragment did is seen by the articles after it.
    assert dict(composer.env.globals["groups"]) == book.groups
    assert [repr(p) for p in profiles] == before


def test_groups_cannot_be_changed() -> None:
    """The outline's groups are read-only, whoever holds them."""
    groups = Composer().env.globals["groups"]
    for method in ("clear", "pop", "update", "setdefault", "popitem"):
        assert not hasattr(groups, method), method
    with pytest.raises(TypeError):
        groups["headline"] = ()  # type: ignore[index]


def test_plain_reads_are_fixed_by_narrator_not_by_a_phrasebook(tmp_path: Path) -> None:
    """A group's name is read without the sandbox's check on the groups only, never on
    another type."""
    canary = tmp_path / "canary.txt"
    book = load_phrasebook(_hostile_book(HOSTILE / "escape-groups-frame.toml", tmp_path, canary))
    composer = Composer(book)
    others = {k: v for k, v in composer.env.plain_reads.items() if k is not Groups}
    assert others == {k: v for k, v in Composer().env.plain_reads.items() if k is not Groups}
    assert composer.env.plain_classes["gi_frame"] == {Groups}
    plain = set().union(*others.values())
    assert not plain & {"gi_frame", "f_builtins", "f_globals"}
    assert not any(name.startswith("_") for name in plain)
