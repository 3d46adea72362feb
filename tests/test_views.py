"""What templates read: the views record the fields they give, and refuse names they lack."""

from __future__ import annotations

import itertools

import pytest

from narrator.catalog import Catalog
from narrator.facts import compare
from narrator.forms import title_forms
from narrator.views import (
    PAIR_FACTS,
    FactsData,
    FactsView,
    Groups,
    Recorder,
    SideView,
)


@pytest.fixture(scope="module")
def pairs() -> list[tuple[object, object]]:
    profiles = sorted(Catalog.bundled(), key=lambda p: p.slug)
    return list(itertools.islice(itertools.combinations(profiles, 2), 0, 400_000, 997))


def test_side_view_records_each_field_it_gives(pairs: list) -> None:
    a, _ = pairs[0]
    recorder = Recorder()
    forms = title_forms(a.title, a.title_forms)
    view = SideView(a, "b", forms, recorder)
    assert view.yearly_salary == a.get("yearly_salary")
    assert view.name == a.title
    assert view.title is forms
    assert list(recorder.used) == ["b.yearly_salary", "b.title"]
    with pytest.raises(AttributeError):
        _ = view.no_such_field
    assert not hasattr(view, "_secret")
    assert list(recorder.used) == ["b.yearly_salary", "b.title"]


def test_facts_view_records_the_fields_a_comparison_reads(pairs: list) -> None:
    a, b = pairs[1]
    facts = compare(a, b)
    recorder = Recorder()
    view = FactsView(facts, recorder)
    assert view.yearly_salary is facts["yearly_salary"]
    assert list(recorder.used) == list(facts["yearly_salary"].fields)
    recorder.used = {}
    assert view.same_degree == facts.same_degree
    assert tuple(recorder.used) == PAIR_FACTS["same_degree"]
    with pytest.raises(AttributeError):
        _ = view.no_such_metric


def test_facts_data_answers_as_each_comparison_would(pairs: list) -> None:
    """matching/differing read each comparison's direction; the answers are its properties'."""
    names = tuple(compare(*pairs[0]).comparisons())
    for a, b in pairs:
        facts = compare(a, b)
        data = FactsData(facts)
        assert data.matching(names) == [n for n in names if facts[n].same]
        assert data.differing(names) == [n for n in names if facts[n].differs]


def test_groups_read_as_attributes_and_items() -> None:
    groups = Groups({"headline": ("yearly_salary",), "items": ("average_age",)})
    assert groups.headline == groups["headline"] == ("yearly_salary",)
    # A group named like a dict method is read as an item; the attribute stays the method.
    assert groups["items"] == ("average_age",)
    assert callable(groups.items)
    with pytest.raises(AttributeError):
        _ = groups.no_such_group
