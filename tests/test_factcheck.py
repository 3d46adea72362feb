"""The fact check: every figure in an article traces to the data, and a made-up one is caught."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

from narrator.catalog import Catalog
from narrator.compose import Composer
from narrator.factcheck import check
from narrator.phrasebook import bundled_phrasebook_dir, load_phrasebook
from narrator.samples import distinct, sample_pairs


def test_seed_and_edge_pairs_check_clean(catalog: Catalog) -> None:
    """Every ordered pair of the seed and edge profiles passes the fact check."""
    composer = Composer()
    for a, b in itertools.permutations(catalog, 2):
        assert [str(u) for u in check(composer.compose(a, b), a, b)] == []


def test_sample_corpus_checks_clean() -> None:
    """The lint corpus (every degree, top-coded and missing case) passes the fact check."""
    composer = Composer()
    for a, b in distinct(sample_pairs()):
        assert [str(u) for u in check(composer.compose(a, b), a, b)] == []


def test_made_up_figure_is_caught(tmp_path: Path, catalog: Catalog) -> None:
    """A fragment that prints a number not in the data fails, naming fragment and figure."""
    book = tmp_path / "book"
    shutil.copytree(bundled_phrasebook_dir(), book, ignore=shutil.ignore_patterns("*.py", "__*"))
    with (book / "opening.toml").open("a") as handle:
        handle.write(
            '\n[[fragment]]\nid = "made.up"\nslot = "skills.shared"\npriority = 5\n'
            'text = "Bonuses add {{ a.yearly_salary | money }} plus $1,200."\n'
        )
    a, b = catalog.find("loss-mitigation-specialist"), catalog.find("account-specialist")
    found = check(Composer(load_phrasebook(book)).compose(a, b), a, b)
    assert [(u.fragment, u.figure) for u in found] == [("made.up", "1,200")]
    assert "Bonuses add $43,251 plus $1,200." in str(found[0])


def test_other_locale_checks_clean(catalog: Catalog) -> None:
    """Figures grouped the Indian way (12,34,567) still trace to the data."""
    composer = Composer(locale="en_IN")
    a, b = catalog.find("loss-mitigation-specialist"), catalog.find("account-specialist")
    assert [str(u) for u in check(composer.compose(a, b), a, b, "en_IN")] == []


def test_sample_of_bundled_pairs_checks_clean(bundled: Catalog) -> None:
    """600 pairs drawn across all bundled profiles (a fixed stride, not random) pass."""
    profiles = list(bundled)
    composer = Composer()
    count = len(profiles)
    pairs = [(profiles[i % count], profiles[(i * 37 + 11) % count]) for i in range(600)]
    checked = 0
    for a, b in pairs:
        if a.slug == b.slug:
            continue
        assert [str(u) for u in check(composer.compose(a, b), a, b)] == [], (a.slug, b.slug)
        checked += 1
    assert checked >= 500
