"""The phrasebook: it loads, compiles, stays in its sandbox, and reports mistakes by location."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from narrator.compose import Composer, choice_index
from narrator.errors import CompositionError, PhrasebookError
from narrator.phrasebook import bundled_phrasebook_dir, load_phrasebook


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    """A copy of the bundled phrasebook to break."""
    target = tmp_path / "book"
    shutil.copytree(
        bundled_phrasebook_dir(), target, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    return target


def _add(book_dir: Path, text: str) -> None:
    with (book_dir / "opening.toml").open("a") as handle:
        handle.write("\n" + text + "\n")


def test_bundled_phrasebook_compiles() -> None:
    """Every fragment's condition and phrasings compile."""
    composer = Composer()
    assert sum(len(f) for f in composer.plan.slots.values()) == len(load_phrasebook().fragments)


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ a._profile }}",
        "{{ cmp._facts }}",
        "{{ a.title.__class__ }}",
    ],
)
def test_sandbox_refuses_internals(book_dir: Path, template: str, catalog) -> None:
    """A fragment reaching for Python internals fails with a phrasebook error naming it."""
    _add(
        book_dir,
        f'[[fragment]]\nid = "evil"\nslot = "skills.shared"\npriority = 9\ntext = "{template}"',
    )
    composer = Composer(load_phrasebook(book_dir))
    with pytest.raises(PhrasebookError) as caught:
        composer.compose(
            catalog.find("loss-mitigation-specialist"), catalog.find("account-specialist")
        )
    assert caught.value.fragment == "evil"


def test_syntax_error_names_file_fragment_and_line(book_dir: Path) -> None:
    """A template syntax error names the file, the fragment and its line."""
    _add(
        book_dir,
        '[[fragment]]\nid = "broken"\nslot = "skills.shared"\ntext = "{{ a.title | plural "',
    )
    with pytest.raises(PhrasebookError) as caught:
        Composer(load_phrasebook(book_dir))
    error = caught.value
    assert (error.fragment, Path(error.file or "").name) == ("broken", "opening.toml")
    assert error.line is not None
    assert f"opening.toml:{error.line}: fragment broken (slot skills.shared):" in str(error)


def test_missing_value_is_an_error_not_none(book_dir: Path, catalog) -> None:
    """Printing a missing metric fails loudly instead of writing 'None'."""
    _add(
        book_dir,
        '[[fragment]]\nid = "careless"\nslot = "skills.shared"\npriority = 9\n'
        'text = "Satisfaction: {{ b.job_satisfaction }}."',
    )
    composer = Composer(load_phrasebook(book_dir))
    with pytest.raises(PhrasebookError, match="careless"):
        composer.compose(
            catalog.find("loss-mitigation-specialist"), catalog.find("account-specialist")
        )


def test_unknown_variable_is_an_error(book_dir: Path, catalog) -> None:
    """Strict undefined: a misspelt field fails instead of printing a blank."""
    _add(
        book_dir,
        '[[fragment]]\nid = "typo"\nslot = "skills.shared"\npriority = 9\n'
        'text = "{{ a.yearly_salry | money }}"',
    )
    composer = Composer(load_phrasebook(book_dir))
    with pytest.raises(PhrasebookError, match="typo"):
        composer.compose(
            catalog.find("loss-mitigation-specialist"), catalog.find("account-specialist")
        )


def test_ambiguous_fragments_are_reported(book_dir: Path, catalog) -> None:
    """Two fragments that apply to one slot at one priority are a composition error."""
    _add(
        book_dir,
        '[[fragment]]\nid = "rival"\nslot = "skills.shared"\nwhen = "cmp.shared_skills"\n'
        'text = "Rival."',
    )
    composer = Composer(load_phrasebook(book_dir))
    with pytest.raises(CompositionError, match="rival"):
        composer.compose(
            catalog.find("loss-mitigation-specialist"), catalog.find("account-specialist")
        )


def test_duplicate_id_and_unknown_slot_are_refused(book_dir: Path) -> None:
    """Loading refuses a reused id and a slot the outline does not have."""
    _add(book_dir, '[[fragment]]\nid = "article.title"\nslot = "article.title"\ntext = "x"')
    with pytest.raises(PhrasebookError, match="id is also used"):
        load_phrasebook(book_dir)


def test_unknown_slot_is_refused(book_dir: Path) -> None:
    """A fragment for a slot the outline lacks is refused with its id."""
    _add(book_dir, '[[fragment]]\nid = "lost"\nslot = "nowhere"\ntext = "x"')
    with pytest.raises(PhrasebookError, match="'nowhere' is not in the outline"):
        load_phrasebook(book_dir)


def test_choice_is_stable_and_spread() -> None:
    """Phrasing choice depends only on the pair and fragment, and uses every phrasing."""
    assert choice_index("a", "b", "f", 2) == choice_index("b", "a", "f", 2)
    picks = {choice_index(f"x{i}", "y", "f", 3) for i in range(30)}
    assert picks == {0, 1, 2}
