"""Referring expressions: which short name a long title gets after its first mention."""

from __future__ import annotations

import pytest

from narrator.article import Article, Paragraph
from narrator.compose import Composer, compose
from narrator.forms import title_forms
from narrator.referring import short_forms


@pytest.mark.parametrize(
    ("title", "other", "short"),
    [
        ("Bill and Account Collectors", "Loan Officers", ("collectors", "collector")),
        (
            "First-Line Supervisors of Retail Sales Workers",
            "Cashiers",
            ("supervisors", "supervisor"),
        ),
        ("Clinical and Counseling Psychologists", "Actors", ("psychologists", "psychologist")),
        # two heads: both kept, their modifiers dropped
        (
            "Bus and Truck Mechanics and Diesel Engine Specialists",
            "Actors",
            ("mechanics and specialists", "mechanic or specialist"),
        ),
        (
            "Medical Secretaries and Administrative Assistants",
            "Actors",
            ("secretaries and assistants", "secretary or assistant"),
        ),
        # a residual keeps its "other"; its singular stays whole
        ("Managers, All Other", "Actors", ("other managers", None)),
        # an exclusion drops its parenthesis once named
        ("Pump Operators, Except Wellhead Pumpers", "Actors", ("operators", "operator")),
        # no short name: short already, several heads, or it would fit the other occupation
        ("Loan Officers", "Actors", None),
        ("Ushers, Lobby Attendants, and Ticket Takers", "Actors", None),
        ("Engineers, All Other", "Civil Engineers", None),
        ("Bill and Account Collectors", "Tax Examiners and Collectors, and Revenue Agents", None),
        ("Structural Iron and Steel Workers", "Actors", None),
    ],
)
def test_short_forms(title: str, other: str, short: tuple[str, str | None] | None) -> None:
    assert short_forms(title_forms(title), title_forms(other)) == short


@pytest.mark.parametrize(
    ("title", "overrides", "other", "short"),
    [
        # a profile's own short form, where the rules find none
        (
            "Airline Pilots, Copilots, and Flight Engineers",
            {"short": "pilots and flight engineers", "short_singular": "pilot or flight engineer"},
            "Actors",
            ("pilots and flight engineers", "pilot or flight engineer"),
        ),
        # ... still refused where it would fit the other occupation
        (
            "Child, Family, and School Social Workers",
            {"short": "social workers", "short_singular": "social worker"},
            "Healthcare Social Workers",
            None,
        ),
        # the head comes before a "for" or "in" phrase, not at the end of it
        (
            "Sales Representatives, Technical",
            {
                "plural": "sales representatives for technical and scientific products",
                "singular": "sales representative for technical and scientific products",
            },
            "Actors",
            ("representatives", "representative"),
        ),
        # a head that needs the noun before it is no short form on its own
        ("Model Makers, Metal and Plastic", {}, "Actors", None),
        # two of a kind: the words they begin with alike go instead of all but the head
        (
            "Social Work Teachers, Postsecondary",
            {},
            "Anthropology and Archeology Teachers, Postsecondary",
            ("social work teachers", "social work teacher"),
        ),
    ],
)
def test_short_forms_with_overrides(
    title: str, overrides: dict[str, str], other: str, short: tuple[str, str | None] | None
) -> None:
    assert short_forms(title_forms(title, overrides), title_forms(other)) == short


def _prose(article: Article) -> str:
    return " ".join(
        block.text
        for section in article.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
    )


def test_a_survey_group_inside_the_title_does_not_keep_the_title_whole(bundled) -> None:
    """The survey group "special education teachers" is part of the full title: a sentence
    naming the title in full does not name the group, so later mentions are shortened."""
    article = compose(
        bundled.find("Plumbers, Pipefitters, and Steamfitters"),
        bundled.find("Special Education Teachers, Kindergarten and Elementary School"),
    )
    prose = _prose(article).lower()
    full = "kindergarten and elementary school special education teachers"
    # in full once in the opening, and once where the survey group is named beside it
    assert prose.count(full) == 2
    assert "teachers earn" in prose or "for teachers" in prose


def test_titles_are_shortened_without_the_serial_comma_too(bundled) -> None:
    """With --no-serial-comma the article prints each title without its serial comma, and that
    is the form shortened after the first mention."""
    article = Composer(serial_comma=False).compose(
        bundled.find("Textile Cutting Machine Setters, Operators, and Tenders"),
        bundled.find("Loan Officers"),
    )
    prose = _prose(article).lower()
    assert prose.count("textile cutting machine setters, operators and tenders") == 1
    assert "setters, operators and tenders" in prose.replace(
        "textile cutting machine setters, operators and tenders", ""
    )


def test_later_mentions_are_shortened_whatever_their_capital_and_characters() -> None:
    """A mention that starts a sentence keeps its capital in the short form, and a short
    form is written as it is, backslashes included."""
    from narrator.article import new_paragraph, new_section, new_sentence
    from narrator.referring import refer

    forms = title_forms("Bill and Account Collectors")
    odd = title_forms("Senior Keyer Data\\Entry Analysts")
    texts = (
        "Bill and account collectors earn less than senior keyer data\\entry analysts.",
        "Bill and account collectors work in offices; a bill and account collector calls.",
        "Senior keyer data\\entry analysts and bill and account collectors both type.",
    )
    section = new_section(
        "s", None, (new_paragraph(tuple(new_sentence(t, "f", ()) for t in texts)),)
    )
    (done,) = refer([section], forms, odd)
    assert [s.text for s in done.blocks[0].sentences] == [
        texts[0],
        "Collectors work in offices; a collector calls.",
        "Data\\entry analysts and collectors both type.",
    ]


def test_a_sentence_naming_a_survey_group_keeps_the_title_whole() -> None:
    """Across paragraphs and past a table, every mention after the first sentence is
    shortened, except in a sentence that names a survey group the short form could be read
    as; a group named only inside a full title does not count."""
    from narrator.article import Cell, new_paragraph, new_row, new_section, new_sentence, new_table
    from narrator.referring import refer

    forms = title_forms("Bill and Account Collectors")
    other = title_forms("Loan Officers")
    first = (
        "Bill and account collectors earn less than loan officers.",
        "Bill and account collectors call debtors.",
    )
    second = (
        "Among debt collectors, the group the survey reports, bill and account collectors are 40.",
        "Pay for bill and account collectors is lower.",
    )
    table = new_table("t", ("A", "B"), (new_row("Pay", "x", (Cell("1"), Cell("2"))),))
    section = new_section(
        "s",
        None,
        (
            new_paragraph(tuple(new_sentence(t, "f", ()) for t in first)),
            table,
            new_paragraph(tuple(new_sentence(t, "g", ("a.x",)) for t in second)),
        ),
    )
    (done,) = refer([section], forms, other, ("Debt Collectors",))
    assert [s.text for s in done.blocks[0].sentences] == [first[0], "Collectors call debtors."]
    assert done.blocks[1] is table
    assert [s.text for s in done.blocks[2].sentences] == [second[0], "Pay for collectors is lower."]
    assert [s.fields for s in done.blocks[2].sentences] == [("a.x",), ("a.x",)]
    # Unchanged, the same objects come back.
    (same,) = refer([section], forms, other, ("Debt Collectors",))
    assert same.blocks[2].sentences[0] is section.blocks[2].sentences[0]
    lines = new_section("s", None, (new_paragraph((new_sentence("A\nb", "f", ()),)),))
    with pytest.raises(ValueError, match="spans lines"):
        refer([lines, section], forms, other)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tool makers and tool makers", "TM and TM"),
        # part of a longer word, before or after: a letter, digit, "_" or "-"
        ("tool makersé, étool makers, tool makers2, _tool makers, tool makers-x", None),
        ("(tool makers), 'tool makers'. tool makers", "(TM), 'TM'. TM"),
        # a candidate that fails is passed by one character, so the next may start inside it
        ("tool maketool makers", None),
        ("xtool makers tool makers", "xtool makers TM"),
        ("", None),
    ],
)
def test_replace_words_replaces_whole_words_only(text: str, expected: str | None) -> None:
    from narrator.referring import replace_words

    assert replace_words(text, "tool makers", "TM") == (text if expected is None else expected)
