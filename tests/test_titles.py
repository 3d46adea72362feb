"""Official BLS occupation titles in running text: reviewed forms, and checks on all 830 titles."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from narrator import titles
from narrator.cli import main
from narrator.forms import TITLE_FORM_KEYS, title_forms

DATA = Path(__file__).parent / "data"
# Every OEWS detailed occupation title (display_level 3 of the BLS OEWS 2025 data), one a line.
ALL_TITLES = (DATA / "oews_titles.txt").read_text(encoding="utf-8").splitlines()
# Official titles with each form as an editor writes it in running text, reviewed row by row.
COLUMNS = ("title", "singular", "plural", "indefinite", "possessive_plural", "headline")
with (DATA / "official_titles.tsv").open(encoding="utf-8", newline="") as _file:
    REVIEWED = list(csv.DictReader(_file, delimiter="\t", quoting=csv.QUOTE_NONE))

# Classification wording that must never reach prose or a headline.
RESIDUAL = re.compile(r"All Other|\bExcept\b|\bIncluding\b|Miscellaneous", re.IGNORECASE)


def test_reviewed_file_is_well_formed() -> None:
    """The reviewed table has its columns, no blanks, and only official titles, each once."""
    assert len(REVIEWED) >= 150
    assert all(tuple(row) == COLUMNS and all(row.values()) for row in REVIEWED)
    names = [row["title"] for row in REVIEWED]
    assert len(set(names)) == len(names)
    assert set(names) <= set(ALL_TITLES)


def test_title_list_is_complete() -> None:
    """The committed list holds all 830 OEWS detailed titles, each once, without stray spaces."""
    assert len(ALL_TITLES) == 830
    assert len(set(ALL_TITLES)) == 830
    assert all(title == " ".join(title.split()) for title in ALL_TITLES)


@pytest.mark.parametrize("row", REVIEWED, ids=[row["title"] for row in REVIEWED])
def test_reviewed_title(row: dict[str, str]) -> None:
    """Each reviewed official title reads exactly as the editor's row says."""
    forms = title_forms(row["title"]).as_dict()
    assert {key: forms[key] for key in COLUMNS} == row


@pytest.mark.parametrize("title", ALL_TITLES)
def test_every_official_title(title: str) -> None:
    """Every official title gives clean forms: no residual wording, articles, distinct numbers."""
    forms = title_forms(title)
    assert forms.title == title
    texts = {key: getattr(forms, key) for key in TITLE_FORM_KEYS}
    for key, text in texts.items():
        assert not RESIDUAL.search(text), (key, text)
        assert "  " not in text and ",," not in text and ", ," not in text, (key, text)
        assert text == text.strip() and not text.endswith(","), (key, text)
        assert "--" not in text, (key, text)
        if key != "headline":
            assert " & " not in text, (key, text)
    assert forms.indefinite in (f"a {forms.singular}", f"an {forms.singular}")
    assert forms.singular != forms.plural
    assert forms.headline[:1].isupper()
    # No doubled plural ("specialistss"): a singular word in "ss" is in the title as it is
    # ("business") or as its plural ("hostesses"). Clipped singulars ("Bu") are tested below.
    title_words = {word.lower() for word in re.findall(r"[\w'-]+", title)}
    for word in (word.lower() for word in re.findall(r"[\w'-]+", forms.singular)):
        assert "sss" not in word, word
        if word.endswith("ss"):
            assert word in title_words or f"{word}es" in title_words, word


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Bus Drivers, School", "school bus driver"),
        ("School Bus Monitors", "school bus monitor"),
        ("Gas Plant Operators", "gas plant operator"),
        ("Hazardous Materials Removal Workers", "hazardous materials removal worker"),
        ("Avionics Technicians", "avionics technician"),
        ("Parts Salespersons", "parts salesperson"),
        ("Human Resources Specialists", "human resources specialist"),
        ("Nurse Midwives", "nurse midwife"),
        ("Orderlies", "orderly"),
    ],
)
def test_words_that_look_plural(title: str, words: str) -> None:
    """Only the head noun is singularised, and never by clipping a final "s"."""
    assert title_forms(title).singular == words


# Titles whose default reading is grammatical but not what an editor would write; their
# profiles should carry these title_forms overrides. Kept here so the values stay valid.
SUGGESTED_OVERRIDES = {
    "Entertainers and Performers, Sports and Related Workers, All Other": {
        "singular": "entertainer, performer or sports worker",
        "plural": "entertainers, performers and sports workers",
        "headline": "Entertainers, Performers, and Sports Workers",
    },
    "Physicians, Pathologists": {"singular": "pathologist", "headline": "Pathologists"},
    "Sales Representatives, Wholesale and Manufacturing, Technical and Scientific Products": {
        "singular": "wholesale and manufacturing sales representative for technical and "
        "scientific products",
        "plural": "wholesale and manufacturing sales representatives for technical and "
        "scientific products",
        "headline": "Wholesale and Manufacturing Sales Representatives for Technical and "
        "Scientific Products",
    },
    "Education and Childcare Administrators, Preschool and Daycare": {
        "singular": "preschool or daycare administrator",
        "plural": "preschool and daycare administrators",
        "headline": "Preschool and Daycare Administrators",
    },
    "Licensed Practical and Licensed Vocational Nurses": {
        "singular": "licensed practical or licensed vocational nurse",
        "plural": "licensed practical and licensed vocational nurses",
    },
}


@pytest.mark.parametrize("title", list(SUGGESTED_OVERRIDES))
def test_suggested_overrides(title: str) -> None:
    """The overrides suggested for titles rules cannot read give clean, consistent forms."""
    overrides = SUGGESTED_OVERRIDES[title]
    forms = title_forms(title, overrides)
    assert title in ALL_TITLES
    assert forms.indefinite in (f"a {forms.singular}", f"an {forms.singular}")
    assert forms.possessive_plural == forms.plural + ("'" if forms.plural[-1] == "s" else "'s")
    assert forms.singular != forms.plural
    assert not RESIDUAL.search(forms.headline)
    if "plural" not in overrides:
        assert forms.plural == forms.singular + "s"


def test_structure_of_a_qualified_list() -> None:
    """The parser tells list members, modifiers, a complement and qualifiers apart."""
    parts = titles.parse_title(
        "Extruding and Drawing Machine Setters, Operators, and Tenders, Metal and Plastic",
        lambda word: word.endswith("s"),
    )
    assert parts.heads_text == "Extruding and Drawing Machine Setters, Operators, and Tenders"
    assert [head.text for head in parts.heads] == [
        "Extruding and Drawing Machine Setters",
        "Operators",
        "Tenders",
    ]
    assert parts.front == ("Metal and Plastic",)
    linked = titles.parse_title(
        "First-Line Supervisors of Protective Service Workers, All Other",
        lambda word: word.endswith("s"),
    )
    assert (linked.heads_text, linked.link, linked.complement) == (
        "First-Line Supervisors",
        "of",
        "Protective Service Workers",
    )
    assert linked.dropped == ("All Other",)


def test_forms_command_keeps_its_keys() -> None:
    """`narrator forms` prints the same keys as before for official titles; headline is not one."""
    out = io.StringIO()
    assert main(["forms", "Accountants and Auditors"], out) == 0
    line = json.loads(out.getvalue())
    assert list(line) == ["title", "singular", "plural", "indefinite", "possessive_plural"]
    assert line["indefinite"] == "an accountant or auditor"


def test_an_apostrophe_does_not_split_a_slug() -> None:
    """ "Sheriff's" makes "sheriffs" in a slug, and the slug of the old rule still finds it."""
    from narrator.catalog import Catalog
    from narrator.profile import slugify

    assert slugify("Police and Sheriff's Patrol Officers") == "police-and-sheriffs-patrol-officers"
    assert slugify("Police and Sheriff\u2019s Patrol Officers") == (
        "police-and-sheriffs-patrol-officers"
    )
    catalog = Catalog.bundled()
    for name in ("police-and-sheriff-s-patrol-officers", "police-and-sheriffs-patrol-officers"):
        assert catalog.find(name).slug == "police-and-sheriffs-patrol-officers"
    assert all("-s-" not in profile.slug for profile in catalog)
