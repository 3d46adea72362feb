"""Articles: snapshots an editor can read, and properties every article must have."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from narrator.article import Paragraph
from narrator.catalog import Catalog
from narrator.compose import Composer
from narrator.facts import compare
from narrator.filters import rounded_count
from narrator.numbers import NumberFormat
from narrator.phrasebook import load_phrasebook
from narrator.profile import profile_to_dict
from narrator.render import FORMATS, render
from narrator.samples import distinct, sample_pairs

from .conftest import SNAPSHOT_EXTENSIONS

LMS = "loss-mitigation-specialist"
SEED_PAIRS = [
    (LMS, "account-specialist"),
    ("account-specialist", LMS),
    (LMS, "collections-accounts-receivable"),
    ("collections-accounts-receivable", LMS),
]
EDGE_PAIRS = [
    ("claims-adjuster", "insurance-underwriter"),  # equal salaries, different time, one skill
    ("hr-manager", "claims-adjuster"),  # equal time, pay more than twice, acronym title
    ("data-entry-clerk", "file-clerk"),  # one side has only a title
    ("file-clerk", "mail-clerk"),  # alike in everything known
    (LMS, "file-clerk"),  # the same midpoint in time, not the same span
    ("chief-executive", "surgeon"),  # both wages top-coded: neither may be called higher
    ("tax-preparer", "chief-executive"),  # one top-coded: direction known, amount not
]


# Pairs from the bundled BLS data: the example, suppressed wages on both sides (an
# hourly-only and an annual-only occupation), equal salaries, and a residual title.
OEWS_PAIRS = [
    ("Loan Officers", "Bill and Account Collectors"),
    ("Actors", "Business Teachers, Postsecondary"),
    ("Accountants and Auditors", "Urban and Regional Planners"),
    ("Managers, All Other", "Education Administrators, Postsecondary"),
]


@pytest.fixture(scope="module")
def composer() -> Composer:
    return Composer()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("a", "b"), SEED_PAIRS, ids=lambda s: s)
def test_seed_article(a: str, b: str, fmt: str, composer, catalog, snapshot) -> None:
    """The seed pairs, both ways round, in every format, match their reviewed snapshots."""
    article = composer.compose(catalog.find(a), catalog.find(b))
    assert render(article, fmt) == snapshot(extension_class=SNAPSHOT_EXTENSIONS[fmt])


@pytest.mark.parametrize(("a", "b"), EDGE_PAIRS, ids=lambda s: s)
def test_edge_article(a: str, b: str, composer, catalog, snapshot) -> None:
    """Pairs made for the edge cases read well as text."""
    article = composer.compose(catalog.find(a), catalog.find(b))
    assert render(article, "markdown") == snapshot(extension_class=SNAPSHOT_EXTENSIONS["markdown"])


# What a value must never print as: Python's None, float specials, template syntax.
_LEAK = re.compile(r"\b(?:None|nan|NaN|inf|Infinity|Undefined)\b|\{\{|\{%")


@pytest.mark.parametrize(("a", "b"), OEWS_PAIRS, ids=lambda s: s)
def test_bundled_bls_article(a: str, b: str, composer, bundled, snapshot) -> None:
    """Articles from the bundled BLS profiles read well, in Markdown."""
    article = composer.compose(bundled.find(a), bundled.find(b))
    assert render(article, "markdown") == snapshot(extension_class=SNAPSHOT_EXTENSIONS["markdown"])


def _all_pairs(catalog: Catalog) -> list[tuple[str, str]]:
    slugs = [p.slug for p in catalog]
    return list(itertools.permutations(slugs, 2))


def test_every_profile_renders_against_every_other(composer, catalog) -> None:
    """Every ordered pair of shipped and edge profiles renders in every format, without leaks."""
    for a, b in _all_pairs(catalog):
        article = composer.compose(catalog.find(a), catalog.find(b))
        for fmt in FORMATS:
            text = render(article, fmt)
            assert not _LEAK.search(text), (a, b, fmt, _LEAK.search(text))


def test_every_fragment_is_exercised(composer, catalog) -> None:
    """Every fragment in the phrasebook writes a sentence for at least one test pair or one
    pair of the lint corpus (narrator.samples, which covers the rarer cases: hourly-only pay,
    self-employment, sources without a URL)."""
    used = set()
    pairs = [(catalog.find(a), catalog.find(b)) for a, b in _all_pairs(catalog)]
    for pa, pb in [*pairs, *distinct(sample_pairs())]:
        article = composer.compose(pa, pb)
        used.update(sentence.fragment for sentence in article.sentences())
    every = {fragment.id for fragment in load_phrasebook().fragments}
    assert sorted(every - used) == []


def test_article_names_both_occupations(composer, catalog) -> None:
    """The opening paragraph names both occupations in running text."""
    for a, b in _all_pairs(catalog):
        pa, pb = catalog.find(a), catalog.find(b)
        article = composer.compose(pa, pb)
        assert pa.title in article.title.text and pb.title in article.title.text


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _figures(value: object) -> set[str]:
    """Every number inside a profile value, as plain digits ("43251", "20.79", "40.4")."""
    # Unescaped, so that a release such as "2024–34" reads as 2024 and 34.
    text = json.dumps(value, ensure_ascii=False)
    return {m.replace(",", "") for m in _NUMBER.findall(text)}


def test_every_sentence_number_comes_from_the_data(composer, catalog) -> None:
    """Each figure in prose is a profile value or a difference the facts derived from them."""
    for a, b in _all_pairs(catalog):
        pa, pb = catalog.find(a), catalog.find(b)
        article = composer.compose(pa, pb)
        allowed = _figures(profile_to_dict(pa)) | _figures(profile_to_dict(pb))
        # Prose rounds survey counts ("about 116,000", "about 3.9 million").
        for profile in (pa, pb):
            for name in ("number_of_jobs", "annual_openings"):
                value = profile.get(name)
                if value is not None:
                    allowed |= _figures(rounded_count(value, fmt=NumberFormat()))
        for comparison in compare(pa, pb).values():
            allowed |= {str(n) for n in (comparison.percent, comparison.times) if n is not None}
        for sentence in article.sentences():
            if sentence.fragment.startswith("duties."):
                continue  # descriptions are the profile's own prose
            for figure in _NUMBER.findall(sentence.text):
                plain = figure.replace(",", "")
                assert plain in allowed or plain.rstrip("0").rstrip(".") in allowed, (
                    a,
                    b,
                    sentence.text,
                    figure,
                )


def test_provenance_in_json(composer, catalog) -> None:
    """In JSON every sentence carries its fragment id and the fields it used."""
    article = composer.compose(catalog.find(LMS), catalog.find("account-specialist"))
    data = json.loads(render(article, "json"))
    sentences = [
        s
        for sec in data["sections"]
        for blk in sec["blocks"]
        if blk["type"] == "paragraph"
        for s in blk["sentences"]
    ]
    assert sentences and all(s["fragment"] and s["fields"] for s in sentences)
    salary = next(
        s for s in sentences if s["fragment"].startswith(("opening.salary", "opening.lead.pay"))
    )
    assert set(salary["fields"]) == {"a.title", "a.yearly_salary", "b.yearly_salary", "b.title"}
    assert data["metadata"]["review"][0]["message"].startswith("'patients'")


def test_same_pair_same_bytes_and_mirror_choices(composer, catalog) -> None:
    """An article is the same every time; A-vs-B and B-vs-A pick the same phrasing ids."""
    pa, pb = catalog.find(LMS), catalog.find("collections-accounts-receivable")
    first = render(composer.compose(pa, pb), "json")
    assert first == render(Composer().compose(pa, pb), "json")


def test_html_escapes_profile_text(composer, catalog) -> None:
    """Profile text reaches HTML as text, never as markup."""
    from narrator.profile import parse_profile

    evil = parse_profile(
        'title = "Script <b>Kiddie</b>"\ndescription = "<script>alert(1)</script>"'
    )
    html = render(composer.compose(evil, catalog.find(LMS)), "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


def test_tables_show_missing_values_as_a_dash(composer, catalog) -> None:
    """A value missing on one side is a dash; a row missing on both sides is left out."""
    article = composer.compose(catalog.find(LMS), catalog.find("account-specialist"))
    overview = next(t for t in article.tables() if t.id == "overview")
    satisfaction = next(r for r in overview.rows if r.field == "job_satisfaction")
    assert satisfaction.texts() == ("3.67", "\u2014")
    education = next(t for t in article.tables() if t.id == "education")
    assert "most_common_college" not in [r.field for r in education.rows]


def test_title_only_profile_leaves_out_empty_sections(composer, catalog) -> None:
    """Against a title-only profile, no section is empty and no table is all dashes."""
    article = composer.compose(catalog.find("data-entry-clerk"), catalog.find("file-clerk"))
    for section in article.sections:
        assert section.blocks
        for block in section.blocks:
            if isinstance(block, Paragraph):
                assert block.sentences
    for table in article.tables():
        for row in table.rows:
            assert any(cell.text for cell in row.cells)


def test_serial_comma_is_configurable(catalog) -> None:
    """Without the serial comma, lists read 'a, b and c'."""
    article = Composer(serial_comma=False).compose(
        catalog.find(LMS), catalog.find("account-specialist")
    )
    text = render(article, "text")
    assert "loan modifications and foreclosure process" in text
    assert "loan modifications, and" not in text


def test_a_sources_releases_follow_the_serial_comma_setting(bundled) -> None:
    """A source cited with three releases lists them in order, as the article writes lists."""
    a, b = bundled.find("Actors"), bundled.find("Court Reporters and Simultaneous Captioners")
    with_comma = render(Composer().compose(a, b), "text")
    without = render(Composer(serial_comma=False).compose(a, b), "text")
    assert "Employment Projections (2022–32, 2023–33, and 2024–34)" in with_comma
    assert "Employment Projections (2022–32, 2023–33 and 2024–34)" in without


def _section_text(composer, bundled, a: str, b: str, heading: str) -> str:
    """One section of a bundled pair's Markdown article, its heading line to the next one."""
    text = render(composer.compose(bundled.find(a), bundled.find(b)), "markdown")
    return text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("budget-analysts", "agricultural-sciences-teachers-postsecondary"),
        ("agricultural-sciences-teachers-postsecondary", "budget-analysts"),
    ],
)
def test_a_missing_share_of_women_is_named_as_such(composer, bundled, a: str, b: str) -> None:
    """Where CPS table 11 has no share of women but table 11b has a median age, the article
    says the share of women is missing, not "no figure", and then gives the median age, with
    the one decimal the survey publishes (41.0, not 41)."""
    text = _section_text(composer, bundled, a, b, "Who does the work")
    assert "no share of women for budget analysts" in text
    assert "no figure" not in text
    assert "41.0 among budget analysts" in text and "| Median age | " in text
    assert re.search(r"\| Median age \| (41\.0|49\.2) \| (41\.0|49\.2) \|", text)


def test_broader_education_figures_are_named_as_the_groups(composer, bundled) -> None:
    """A Table 5.3 figure for a broader group is given as that group's where it is stated, and
    the education table says so in the row under it; no caveat trails after the fact."""
    text = _section_text(
        composer, bundled, "cartographers-and-photogrammetrists", "budget-analysts", "Education"
    )
    prose = text.split("\n|", 1)[0]
    assert "63.5% of the broader survey group that includes cartographers and photogram" in prose
    assert "% of cartographers" not in prose and "42.5% of budget analysts" in prose
    assert "cover a broader group" not in prose and "come from a broader group" not in prose
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    labels = [row.split(" | ")[0] for row in rows]
    at = labels.index("| Most common education (workers 25 and older)")
    assert rows[at + 1] == (
        "| Education survey group | A broader group that includes this occupation | — |"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("special-education-teachers-preschool", "medical-dosimetrists"),
        ("plasterers-and-stucco-masons", "terrazzo-workers-and-finishers"),
        ("orthodontists", "family-medicine-physicians"),
    ],
)
def test_a_job_zone_is_named_as_a_level_not_a_time(composer, bundled, a: str, b: str) -> None:
    """An O*NET Job Zone that the importer wrote as a time to become is named as the level of
    preparation it is, in prose and table, never as a time it takes: "4 to 10 years" beside a
    doctoral degree and residency, or "up to 3 months" beside long-term training, would
    contradict the education section."""
    text = render(composer.compose(bundled.find(a), bundled.find(b)), "markdown")
    assert "Job Zone" in text and "| Preparation needed | " in text
    assert "Time to become" not in text
    for span in ("4 to 10 years", "1 to 2 years", "3 to 12 months", "up to 3 months", "takes"):
        assert span not in text.split("## At a glance")[0], span


def test_two_occupations_in_one_survey_group_get_its_figures_once(composer, bundled) -> None:
    """Cashiers and gambling cashiers share the survey group "Cashiers": each figure is said
    once, as the group's, never "among both cashiers and cashiers"."""
    text = _section_text(
        composer,
        bundled,
        "cashiers",
        "gambling-change-persons-and-booth-cashiers",
        "Who does the work",
    )
    prose = text.split("\n|", 1)[0]
    assert "both occupations in one broader group, cashiers" in prose
    assert "cashiers and cashiers" not in prose.lower()
    for figure in re.findall(r"\d+\.\d%?", prose):
        assert prose.count(figure) == 1, figure
