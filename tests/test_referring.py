"""Referring expressions: which short name a long title gets after its first mention."""

from __future__ import annotations

import pytest

from narrator.article import Article, Paragraph
from narrator.compose import Composer, compose
from narrator.forms import title_forms
from narrator.short_forms import short_forms


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
        # a bare profession would name every kind of it: a title of up to five words stays whole
        ("Special Education Teachers, Preschool", "Medical Dosimetrists", None),
        ("Soil and Plant Scientists", "Chefs and Head Cooks", None),
        ("Chefs and Head Cooks", "Soil and Plant Scientists", None),
        ("Plasterers and Stucco Masons", "Actors", None),
        ("Marine Engineers and Naval Architects", "Actors", None),
        # ... a longer one is still shortened, so as not to fill the article
        (
            "Special Education Teachers, Kindergarten and Elementary School",
            "Actors",
            ("teachers", "teacher"),
        ),
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


def _sentences(article: Article) -> list[str]:
    return [
        sentence.text
        for section in article.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
        for sentence in block.sentences
    ]


def test_a_survey_group_holding_the_title_is_never_shortened(bundled) -> None:
    """The group "occupational health and safety specialists and technicians" holds the full
    title "occupational health and safety specialists": neither the group's name nor the title
    beside it is cut down to "specialists and technicians" or "specialists"."""
    article = compose(
        bundled.find("Occupational Health and Safety Specialists"),
        bundled.find("Genetic Counselors"),
    )
    group = "occupational health and safety specialists and technicians"
    named = [text for text in _sentences(article) if "technicians" in text]
    assert named and all(group in text.lower() for text in named)
    assert "(with specialists)" not in _prose(article)


def test_a_survey_group_named_as_an_occupation_is_said_to_be_broader(bundled) -> None:
    """ "Other designers" is the short name of designers in other specialties and the name of
    the survey's broader group: the group's figures are said to be the broader group's."""
    article = compose(
        bundled.find("Shoe and Leather Workers and Repairers"), bundled.find("Designers, All Other")
    )
    assert any(text.startswith("Other designers fill") for text in _sentences(article))
    figures = [
        s.text
        for s in article.sentences()
        if "b.survey_group" in s.fields and not s.fragment.startswith("demographics.group")
    ]
    assert "the broader survey group of other designers" in figures[0]
    assert len(figures) > 1
    assert all(
        "other designers" not in text and "that broader group" in text for text in figures[1:]
    )


def test_no_parenthesis_opens_inside_another(bundled) -> None:
    """A title's "(except ...)" named inside the prose's "(with ...)" loses its brackets."""
    from narrator.referring import unnest

    article = compose(
        bundled.find(
            "Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, "
            "Tapers, and Finishers"
        ),
        bundled.find("Genetic Counselors"),
    )
    prose = _prose(article)
    assert "(with electrical, electronic, and electromechanical assemblers except coil" in prose
    assert unnest(prose) == prose
    assert unnest("a (b (c) d)") == "a (b [c] d)"
    assert unnest("a (b (including c) d) (e)") == "a (b including c d) (e)"


def _pairs(profiles: list) -> list[tuple]:
    """Each profile with a survey group or a residual title beside three others, and every
    two profiles that share a survey group."""
    pairs = []
    for index, profile in enumerate(profiles):
        if profile.survey_group or "All Other" in profile.title or "Miscellaneous" in profile.title:
            pairs += [
                (profile, profiles[(index * 7 + step * 131) % len(profiles)]) for step in (1, 2, 3)
            ]
    grouped: dict[str, list] = {}
    for profile in profiles:
        if profile.survey_group:
            grouped.setdefault(profile.survey_group, []).append(profile)
    for members in grouped.values():
        pairs += [(a, b) for a in members[:6] for b in members[:6] if a.slug < b.slug]
    return [(a, b) for a, b in pairs if a.slug != b.slug]


@pytest.mark.parametrize("serial_comma", [True, False])
def test_bundled_survey_groups_are_named_whole(bundled, serial_comma: bool) -> None:
    """Over every bundled survey group, beside several partners: each sentence that gives a
    group's figures names the group as running text writes it, never a part of it; no
    parenthesis opens inside another; no residual title is named as its whole group."""
    import re

    from narrator.forms import group_name

    composer = Composer(serial_comma=serial_comma)
    profiles = sorted(bundled, key=lambda p: p.slug)
    nested = re.compile(r"\([^()]*\(")
    problems = []
    for a, b in _pairs(profiles):
        article = composer.compose(a, b)
        texts = [article.title.text, *_sentences(article)]
        problems += [("nested", text) for text in texts if nested.search(text)]
        for profile in (a, b):
            if profile.title.startswith("Miscellaneous "):
                # the group's own words, bare: neither "other ..." nor "... in other specialties"
                bare = title_forms(profile.title.removeprefix("Miscellaneous ")).plural
                whole = re.compile(rf"(?<!other ){bare}(?! in other)", re.IGNORECASE)
                problems += [
                    ("whole group", text)
                    for text in texts
                    if whole.search(text) and "“" not in text
                ]
        for side, profile in (("a", a), ("b", b)):
            if not profile.survey_group:
                continue
            name = group_name(profile.survey_group, serial_comma)
            for sentence in article.sentences():
                if f"{side}.survey_group" in sentence.fields:
                    text = sentence.text.lower()
                    if name not in text and "that broader group" not in text:
                        problems.append((name, sentence.text))
    assert problems == []
