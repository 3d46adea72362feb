"""The corpus check's detectors (tests/corpus_checks.py), each on a crafted article it must flag
and one it must pass; skeletons and their overlap; and a small sample of bundled articles that
must stay free of the classes already fixed."""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Callable
from pathlib import Path
from random import Random

import pytest

from narrator.article import (
    Article,
    Cell,
    Metadata,
    Occupation,
    Paragraph,
    Section,
    Sentence,
    SourceRef,
    Table,
    TableRow,
)
from narrator.compose import Composer
from narrator.forms import title_forms
from narrator.profile import Profile, parse_profile

from .corpus_checks import CHECKS, CLASSES, ORDER_CLASSES, Doc, check_orders, run_checks
from .corpus_doc import sample_pairs
from .corpus_text import (
    NUMBER,
    TitleMatcher,
    comparative_phrases,
    consistent,
    dice,
    skeleton,
    strict_skeleton,
)

# The classes with no finding on main over the 20,000-pair baseline (benchmarks/corpus.py,
# seed 1). Add a class here once the phrasebook no longer writes it.
CLEAN_CLASSES = (
    "mechanics.a_an",
    "mechanics.doubled_word",
    "mechanics.template_leak",
    "mechanics.one_plural",
    "words.take_home",
    "words.most_range",
    "words.city_metro",
    "words.less_count",
    "words.washington",
    "words.raw_label",
    "residual.bare_head",
    "order.inconsistent",
    "order.asymmetric",
    "order.differ_slightly",
    "order.same_average",
    "order.tiny_percent",
    "order.alike_figures",
    "pay.mean_median",
    "pay.hourly_only",
    "monotony.same_fact",
    "monotony.duplicate",
    "tables.same_figure",
    "tables.empty",
    "tables.raw_label",
    "tables.md_backslash",
    "grammar.number_agreement",
    "grammar.list_and",
    "sources.unnamed",
)


def _profile(title: str, **fields: object) -> Profile:
    lines = [f"title = {title!r}".replace("'", '"')]
    lines += [f"{name} = {value}" for name, value in fields.items()]
    return parse_profile("\n".join(lines))


LOANS = _profile("Loan Officers", yearly_salary=87790, median_salary=76690, hourly_rate=42.21)
COLLECTORS = _profile(
    "Bill and Account Collectors", yearly_salary=49060, median_salary=47030, hourly_rate=23.59
)
ENGINEERS = _profile("Engineers, All Other")
CIVIL = _profile("Civil Engineers")


def _sentence(text: str | Sentence, *fields: str) -> Sentence:
    if isinstance(text, Sentence):
        return text
    return Sentence(text, "test.slot.fragment", fields)


def _doc(
    *sentences: str | Sentence,
    a: Profile = LOANS,
    b: Profile = COLLECTORS,
    title: str | None = None,
    tables: tuple[Table, ...] = (),
    occupations: tuple[Occupation, ...] = (),
    markdown: str | None = None,
) -> Doc:
    """A crafted article: one section of the given sentences and tables."""
    if title is None:
        title = f"{title_forms(a.title).headline} vs {title_forms(b.title).headline}"
    blocks = (Paragraph(tuple(map(_sentence, sentences))), *tables)
    article = Article(
        Sentence(title, "article.title", ("a.title", "b.title")),
        f"{a.slug}-vs-{b.slug}",
        (Section("opening", None, blocks),),
        Metadata("narrator test", "en_US", occupations),
    )
    doc = Doc.of(article, a, b)
    return doc if markdown is None else dataclasses.replace(doc, _markdown=markdown)


def _table(*rows: tuple[str, str, str | None, str | None]) -> Table:
    return Table(
        "pay",
        ("Loan Officers", "Bill and Account Collectors"),
        tuple(TableRow(label, name, (Cell(x), Cell(y))) for label, name, x, y in rows),
    )


SALARY = ("a.yearly_salary", "b.yearly_salary")
MEDIAN = ("a.median_salary", "b.median_salary")
JOBS = ("a.number_of_jobs", "b.number_of_jobs")
BLS = SourceRef("U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics")
MEAN_UP_MEDIAN_DOWN = {"yearly_salary": 60000, "median_salary": 40000}
FARMERS = _profile("Farmers, Ranchers, and Other Agricultural Managers")
HAIR = _profile("Hairdressers, Hairstylists, and Cosmetologists")
ACTORS = _profile("Actors", hourly_rate=58.29)

# For each class: an article it must flag, and one it must pass.
CASES: dict[str, tuple[Callable[[], Doc], Callable[[], Doc]]] = {
    "mechanics.a_an": (
        lambda: _doc("Becoming a accountant takes 2 years."),
        lambda: _doc("An hour, a year, a U.S. visa, an HR manager and an 8-hour shift."),
    ),
    "mechanics.doubled_word": (
        lambda: _doc("Loan officers earn the the most."),
        lambda: _doc("They use Electric Quilt Quilt Design Wizard; that that is fine."),
    ),
    "mechanics.template_leak": (
        lambda: _doc("Loan officers earn None a year.", "Pay {{ a.pay }}."),
        lambda: _doc("None of them earn less; infantry pay is not reported."),
    ),
    "mechanics.one_plural": (
        lambda: _doc("Becoming one takes 1 years."),
        lambda: _doc("Becoming one takes 1 year, or 2 years, or 1.5 years."),
    ),
    "words.take_home": (
        lambda: _doc("Loan officers take home $87,790 a year."),
        lambda: _doc("Loan officers earn $87,790 a year before tax."),
    ),
    "words.most_range": (
        lambda: _doc(_sentence("Most loan officers earn $39,430 to $153,180.", "a.salary_range")),
        lambda: _doc(
            _sentence(
                "The middle 80% of loan officers earn $39,430 to $153,180.", "a.salary_range"
            ),
            "Most loan officers work in banks.",
        ),
    ),
    "words.city_metro": (
        lambda: _doc(tables=(_table(("Highest-paying city", "highest_paying_city", "A", "B")),)),
        lambda: _doc(tables=(_table(("Best-paying metro area", "highest_paying_city", "A", "B")),)),
    ),
    "words.less_count": (
        lambda: _doc("Loan officers hold 3,450 jobs, less than a tenth as many as collectors."),
        lambda: _doc(
            _sentence("Loan officers hold 3,450 jobs, fewer than a tenth as many.", *JOBS),
            _sentence("Loan officers earn less than collectors.", *SALARY),
        ),
    ),
    "words.washington": (
        lambda: _doc(
            "Loan officers are paid best in Washington.",
            tables=(
                _table(("Highest-paying metro area", "highest_paying_city", "Washington, DC", "B")),
            ),
        ),
        lambda: _doc(
            "Loan officers are paid best in Washington.",
            tables=(_table(("Best-paying metro area", "highest_paying_city", "Seattle, WA", "B")),),
        ),
    ),
    "words.raw_label": (
        lambda: _doc("Most loan officers work in federal government, excluding USPS."),
        lambda: _doc("Most loan officers work in federal government."),
    ),
    "residual.bare_head": (
        lambda: _doc("Engineers earn more than civil engineers.", a=ENGINEERS, b=CIVIL),
        lambda: _doc(
            "Engineers in other specialties earn more than civil engineers.",
            "Civil engineers hold more jobs.",
            a=ENGINEERS,
            b=CIVIL,
            title="Other Engineers vs Civil Engineers",
        ),
    ),
    "order.differ_slightly": (
        lambda: _doc(
            "Loan officers differ from bill and account collectors in pay.",
            _sentence("Loan officers earn slightly more than collectors.", *SALARY),
        ),
        lambda: _doc(
            "Loan officers differ from bill and account collectors in hourly pay.",
            _sentence("Loan officers earn slightly more than collectors.", *SALARY),
        ),
    ),
    "order.same_average": (
        lambda: _doc("Loan officers earn the same on average as collectors."),
        lambda: _doc(
            "Loan officers earn the same on average as collectors.",
            a=_profile("Loan Officers", median_salary=50000),
            b=_profile("Bill and Account Collectors", median_salary=52000),
        ),
    ),
    "order.tiny_percent": (
        lambda: _doc(
            _sentence("Loan officers hold 500 jobs, about 17% fewer than collectors.", *JOBS),
            a=_profile("Loan Officers", number_of_jobs=500),
            b=_profile("Bill and Account Collectors", number_of_jobs=600),
        ),
        lambda: _doc(
            _sentence("Loan officers hold 5,000 jobs, about 17% fewer than collectors.", *JOBS),
            a=_profile("Loan Officers", number_of_jobs=5000),
            b=_profile("Bill and Account Collectors", number_of_jobs=6000),
        ),
    ),
    "order.alike_figures": (
        lambda: _doc(
            _sentence(
                "Loan officers hold about 13,000 jobs, more than collectors (about 13,000).", *JOBS
            ),
            a=_profile("Loan Officers", number_of_jobs=13030),
            b=_profile("Bill and Account Collectors", number_of_jobs=12870),
        ),
        lambda: _doc(
            _sentence(
                "Loan officers hold 13,030 jobs, slightly more than collectors (12,870).", *JOBS
            ),
            a=_profile("Loan Officers", number_of_jobs=13030),
            b=_profile("Bill and Account Collectors", number_of_jobs=12870),
        ),
    ),
    "pay.mean_median": (
        lambda: _doc(
            _sentence("Loan officers earn about 50% more on average.", *SALARY),
            _sentence("The median loan officer earns about 20% less.", *MEDIAN),
            a=_profile("Loan Officers", **MEAN_UP_MEDIAN_DOWN),
        ),
        lambda: _doc(
            _sentence("Loan officers earn about 50% more on average.", *SALARY),
            _sentence(
                "The median earns about 20% less: a few high earners pull the mean up.", *MEDIAN
            ),
            a=_profile("Loan Officers", **MEAN_UP_MEDIAN_DOWN),
        ),
    ),
    "pay.hourly_only": (
        lambda: _doc("Actors are paid by the hour.", a=ACTORS),
        lambda: _doc(
            _sentence(
                "Actors earn $58.29 an hour, more than collectors.",
                "a.hourly_rate",
                "b.hourly_rate",
            ),
            a=ACTORS,
        ),
    ),
    "monotony.long_title": (
        lambda: _doc(*["Bill and account collectors work."] * 4, "A bill and account collector."),
        lambda: _doc(*["Bill and account collectors work."] * 3, "A bill and account collector."),
    ),
    "monotony.same_fact": (
        lambda: _doc(
            _sentence("Loan officers earn $87,790 a year.", "a.yearly_salary"),
            _sentence("At $87,790 a year, loan officers are paid well.", "a.yearly_salary"),
        ),
        lambda: _doc(
            _sentence("Banks hold 17% of their jobs.", "a.top_industries"),
            _sentence("Loan officers earn about 17% more.", *SALARY),
        ),
    ),
    "monotony.duplicate": (
        lambda: _doc("Loan officers lend.", "Loan officers lend."),
        lambda: _doc("Loan officers lend.", "Collectors collect."),
    ),
    "tables.same_figure": (
        lambda: _doc(
            tables=(
                _table(
                    ("Yearly salary", "yearly_salary", "$87,790", "$49,060"),
                    ("Average salary", "yearly_salary", "$87,790", "$49,060"),
                ),
            )
        ),
        lambda: _doc(
            tables=(
                _table(
                    ("Yearly salary", "yearly_salary", "$87,790", "$49,060"),
                    ("Median salary", "median_salary", "$76,690", "$47,030"),
                ),
            )
        ),
    ),
    "tables.empty": (
        lambda: _doc(tables=(_table(("Yearly salary", "yearly_salary", None, "—")),)),
        lambda: _doc(tables=(_table(("Yearly salary", "yearly_salary", None, "$49,060")),)),
    ),
    "tables.raw_label": (
        lambda: _doc(
            tables=(_table(("Industry", "best_paying_industry", "Government, USPS", "B")),)
        ),
        lambda: _doc(tables=(_table(("Industry", "best_paying_industry", "Government", "Banks")),)),
    ),
    "tables.md_backslash": (
        lambda: _doc(markdown="| Projected growth | \\1.7% | \\-10.5% |\n"),
        lambda: _doc(markdown="| Projected growth | 1.7% | -10.5% |\n\nO\\*NET\n"),
    ),
    "grammar.number_agreement": (
        lambda: _doc("The pay of a loan officer is more than that of bill and account collectors."),
        lambda: _doc(
            "A loan officer earns more than a bill and account collector.",
            "Loan officers earn more than bill and account collectors.",
        ),
    ),
    "grammar.list_and": (
        lambda: _doc(
            _sentence(
                "Both lists include adaptability and problem solving and decision making.",
                "a.top_skills",
                "b.top_skills",
            )
        ),
        lambda: _doc(
            _sentence(
                "Both lists include adaptability as well as problem solving and decision making.",
                "a.top_skills",
                "b.top_skills",
            ),
            _sentence(
                "They need leadership, writing and reading, and speaking and listening.",
                "a.top_skills",
            ),
        ),
    ),
    "grammar.comma_titles": (
        lambda: _doc(
            f"{title_forms(FARMERS.title).plural} earn more than {title_forms(HAIR.title).plural}.",
            a=FARMERS,
            b=HAIR,
        ),
        lambda: _doc(
            f"{title_forms(FARMERS.title).plural} earn more than collectors.",
            a=FARMERS,
            title="Farm Managers vs Stylists",
        ),
    ),
    "sources.unnamed": (
        lambda: _doc(
            "The figures come from the census.",
            occupations=(Occupation("Loan Officers", "loan-officers", source=BLS),),
        ),
        lambda: _doc(
            f"The figures come from the {BLS.name}.",
            occupations=(Occupation("Loan Officers", "loan-officers", source=BLS),),
        ),
    ),
}


def test_every_detector_has_a_case() -> None:
    """Each registered detector has a crafted positive and negative below, and every class is
    listed once; CLEAN_CLASSES name real classes."""
    assert set(CASES) == set(CHECKS)
    assert sorted(CLASSES) == sorted({*CHECKS, *ORDER_CLASSES})
    assert set(CLEAN_CLASSES) <= set(CLASSES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_detector_flags_its_case(name: str) -> None:
    """The detector finds its crafted defect, and nothing of another class is found with it."""
    positive, _ = CASES[name]
    findings = CHECKS[name](positive())
    assert findings, f"{name} missed its true positive"
    assert {f.check for f in findings} == {name}


@pytest.mark.parametrize("name", sorted(CASES))
def test_detector_passes_its_negative(name: str) -> None:
    """The detector finds nothing in the crafted article that only looks like the defect."""
    _, negative = CASES[name]
    assert CHECKS[name](negative()) == []


def _ordered(text: str, fragment: str, fields: tuple[str, ...] = SALARY) -> Doc:
    return _doc(Sentence(text, fragment, fields))


def test_order_check_flags_inconsistent_and_asymmetric_phrases() -> None:
    """A-vs-B and B-vs-A that cannot both hold are inconsistent; that hold but give the gap two
    sizes (the issue's "about 79% more" and "about 44% less") are asymmetric."""
    forward = _ordered("A earns about 79% more than B.", "opening.salary.higher")
    contradicting = _ordered("B earns about 10% less than A.", "opening.salary.lower")
    other_size = _ordered("B earns about 44% less than A.", "opening.salary.lower")
    assert [f.check for f in check_orders(forward, contradicting)] == ["order.inconsistent"]
    assert [f.check for f in check_orders(forward, other_size)] == ["order.asymmetric"]
    jobs = _ordered("A holds about 15 times as many as B.", "opening.jobs.differ", JOBS)
    tenth = _ordered("B holds less than a tenth as many as A.", "opening.jobs.differ", JOBS)
    assert [f.check for f in check_orders(jobs, tenth)] == ["order.asymmetric"]


def test_order_check_passes_mirrored_phrases() -> None:
    """Phrases that state the same gap turned round are not flagged."""
    for ahead, behind in [
        ("about 3 times as many as", "about a third as many as"),
        ("about 12% more than", "about 11% less than"),
        ("nearly twice as much as", "just over half as much as"),
        ("slightly more than", "slightly less than"),
    ]:
        forward = _ordered(f"A earns {ahead} B.", "opening.salary.higher")
        backward = _ordered(f"B earns {behind} A.", "opening.salary.lower")
        assert check_orders(forward, backward) == [], (ahead, behind)


def test_phrases_imply_ratios() -> None:
    """Each how_much phrase allows a range of A/B; opposite orders must overlap."""
    up, down, wrong = comparative_phrases(
        "about twice as much as; about half as much as; about 30% less than"
    )
    assert consistent(up, down)
    assert not consistent(up, wrong)


def test_skeleton_replaces_titles_and_numbers() -> None:
    """Every form of either title becomes A or B (longest first, any case), every figure #."""
    matcher = TitleMatcher.of(title_forms(ENGINEERS.title), title_forms(CIVIL.title))
    text = (
        "An engineer in another specialty earns $125,330, about 15% more than civil engineers; "
        "2–4 years; four times."
    )
    assert skeleton(text, matcher) == "A earns #, about # more than B; # years; # times."
    assert skeleton("Civil Engineers' pay", matcher) == "B pay"


def test_strict_skeleton_takes_out_the_profiles_words() -> None:
    """The stricter skeleton also takes out the profiles' own words: places, skills..."""
    a = _profile("Loan Officers", highest_paying_state='"Ohio"', top_skills='["writing"]')
    matcher = TitleMatcher.of(title_forms(a.title), title_forms(COLLECTORS.title))
    text = "Loan officers, paid best in Ohio, rely on writing and 3 tools."
    assert (
        strict_skeleton(text, matcher, (a, COLLECTORS))
        == "A, paid best in X, rely on X and # tools."
    )


def test_numbers_are_read_as_the_skeleton_reads_them() -> None:
    """Money ranges, digits, cardinal words from two up and fractions are each one figure."""
    text = "From $34,000–$54,000, about 4 times, twenty-five and older, a third, 1.2 million."
    found = [m.group() for m in NUMBER.finditer(text)]
    assert found == ["$34,000–$54,000", "4", "twenty-five", "a third", "1.2 million"]


def test_dice() -> None:
    """Dice is 2|S1∩S2| / (|S1|+|S2|): over 0.5 when more than half is shared."""
    assert dice({"x", "y"}, {"x", "y"}) == 1.0
    assert dice({"x", "y"}, {"z"}) == 0.0
    assert dice({"a", "b", "c", "d"}, {"a", "b", "c", "e"}) == 0.75


def test_sample_pairs_are_distinct_and_seeded() -> None:
    """The sample draws distinct unordered pairs, in either order, from its own generator."""
    pairs = sample_pairs(200, 30, Random(7))
    assert pairs == sample_pairs(200, 30, Random(7))
    assert len({frozenset(p) for p in pairs}) == 200
    assert any(i < j for i, j in pairs) and any(i > j for i, j in pairs)


def test_sample_has_none_of_the_fixed_classes(bundled) -> None:
    """300 bundled pairs (100 also composed the other way round) have no finding of a class
    already fixed on main (CLEAN_CLASSES)."""
    profiles = sorted(bundled, key=lambda p: p.slug)
    composer = Composer()
    found = []
    for index, (i, j) in enumerate(sample_pairs(300, len(profiles), Random(2025))):
        a, b = profiles[i], profiles[j]
        doc = Doc.of(composer.compose(a, b), a, b)
        findings = run_checks(doc, CLEAN_CLASSES)
        if index < 100:
            findings += check_orders(doc, Doc.of(composer.compose(b, a), b, a))
        found += [f for f in findings if f.check in CLEAN_CLASSES]
    assert found == []


def _benchmark() -> object:
    path = Path(__file__).parent.parent / "benchmarks" / "corpus.py"
    spec = importlib.util.spec_from_file_location("corpus_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_reports(capsys: pytest.CaptureFixture[str]) -> None:
    """benchmarks/corpus.py prints every class and the overlap figures, and exits 0 without
    --fail; with --fail, 1 exactly when it reports a missed target or a listed class found."""
    corpus = _benchmark()
    args = ["--pairs", "30", "--overlap-pairs", "200", "--order-pairs", "5"]
    assert corpus.main(args) == 0  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert all(f"  {name} " in out for name in CLASSES)
    assert "Dice > 0.5:" in out and "largest opening share:" in out
    status = corpus.main([*args, "--fail", "tables.md_backslash"])  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert status == int("MISSED" in out or "classes with findings" in out)


def test_benchmark_refuses_an_unknown_class(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown class after --fail is one line on stderr and exit status 2."""
    with pytest.raises(SystemExit) as exit_info:
        _benchmark().main(["--fail", "mechanics.nope"])  # type: ignore[attr-defined]
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown class 'mechanics.nope'" in err
