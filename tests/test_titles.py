"""Official BLS occupation titles in running text: reviewed forms, and checks on all 830 titles."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from narrator import titles
from narrator.catalog import Catalog
from narrator.cli import main
from narrator.forms import TITLE_FORM_KEYS, title_forms

DATA = Path(__file__).parent / "data"
# Every OEWS detailed occupation title (display_level 3 of the BLS OEWS 2025 data), one a line.
ALL_TITLES = (DATA / "oews_titles.txt").read_text(encoding="utf-8").splitlines()
# Official titles with each form as an editor writes it in running text, reviewed row by row.
COLUMNS = ("title", "singular", "plural", "indefinite", "possessive_plural", "headline")
with (DATA / "official_titles.tsv").open(encoding="utf-8", newline="") as _file:
    REVIEWED = list(csv.DictReader(_file, delimiter="\t", quoting=csv.QUOTE_NONE))

# Classification wording that must never reach prose or a headline as written: a residual
# reads "in other specialties", an exclusion stays only as a parenthesis, "(except radio)".
RESIDUAL = re.compile(r"All Other|(?<!\()\bExcept\b|\bIncluding\b|Miscellaneous", re.IGNORECASE)


def _overrides(title: str) -> dict[str, str]:
    """The bundled profile's title_forms for an official title."""
    return dict(_BUNDLED.find(title).title_forms)


_BUNDLED = Catalog.bundled()


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
    """Each reviewed official title reads exactly as the editor's row says, with the bundled
    profile's overrides (from profiles/oews_title_forms.toml)."""
    forms = title_forms(row["title"], _overrides(row["title"])).as_dict()
    assert {key: forms[key] for key in COLUMNS} == row


@pytest.mark.parametrize("title", ALL_TITLES)
def test_every_official_title(title: str) -> None:
    """Every official title gives clean forms, with its bundled overrides: no classification
    wording as written, a residual or an exclusion still said, articles, distinct numbers."""
    forms = title_forms(title, _overrides(title))
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
    if "All Other" in title or title.startswith("Miscellaneous "):
        assert all(re.search(r"\bother\b|\banother\b", text, re.I) for text in texts.values())
    if "Except" in title and "All Other" not in title:
        assert all(re.search(r"\bexcept\b|\bnon-", text, re.I) for text in texts.values())
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
        "singular": "entertainer, performer, or sports worker in another specialty",
        "plural": "entertainers, performers, and sports workers in other specialties",
        "headline": "Entertainers, Performers, and Sports Workers in Other Specialties",
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
    assert (linked.residual, linked.dropped, linked.exclusions) == ("All Other", (), ())
    both = titles.parse_title(
        "Engineering Technologists and Technicians, Except Drafters, All Other",
        lambda word: word.endswith("s"),
    )
    assert (both.residual, both.exclusions) == ("All Other", ("Except Drafters",))
    widened = titles.parse_title(
        "Fine Artists, Including Painters, Sculptors, and Illustrators",
        lambda word: word.endswith("s"),
    )
    assert (widened.heads_text, widened.dropped) == (
        "Fine Artists",
        ("Including Painters, Sculptors, and Illustrators",),
    )


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
    from narrator.slugs import slugify

    assert slugify("Police and Sheriff's Patrol Officers") == "police-and-sheriffs-patrol-officers"
    assert slugify("Police and Sheriff\u2019s Patrol Officers") == (
        "police-and-sheriffs-patrol-officers"
    )
    catalog = Catalog.bundled()
    for name in ("police-and-sheriff-s-patrol-officers", "police-and-sheriffs-patrol-officers"):
        assert catalog.find(name).slug == "police-and-sheriffs-patrol-officers"
    assert all("-s-" not in profile.slug for profile in catalog)


@pytest.mark.parametrize(
    ("title", "singular", "plural", "indefinite", "headline"),
    [
        # A residual is the workers of the heads in no other occupation: said, not dropped.
        ("Engineers, All Other", "engineer in another specialty",
         "engineers in other specialties", "an engineer in another specialty",
         "Engineers in Other Specialties"),
        ("Sales and Related Workers, All Other", "sales or related worker in another specialty",
         "sales and related workers in other specialties",
         "a sales or related worker in another specialty",
         "Sales and Related Workers in Other Specialties"),
        ("Dentists, All Other Specialists", "dentist in another specialty",
         "dentists in other specialties", "a dentist in another specialty",
         "Dentists in Other Specialties"),
        # An exclusion stays, in parentheses, in prose and headline alike.
        ("Disc Jockeys, Except Radio", "disc jockey (except radio)", "disc jockeys (except radio)",
         "a disc jockey (except radio)", "Disc Jockeys (Except Radio)"),
        # "Including" only widens.
        ("Switchboard Operators, Including Answering Service", "switchboard operator",
         "switchboard operators", "a switchboard operator", "Switchboard Operators"),
        # A leading "Miscellaneous" is a residual too: never the whole group.
        ("Miscellaneous Assemblers and Fabricators", "assembler or fabricator in another specialty",
         "assemblers and fabricators in other specialties",
         "an assembler or fabricator in another specialty",
         "Assemblers and Fabricators in Other Specialties"),
    ],
)  # fmt: skip
def test_classification_qualifiers_keep_their_meaning(
    title: str, singular: str, plural: str, indefinite: str, headline: str
) -> None:
    """Dropping "All Other" or "Except" from prose never changes what the words mean."""
    forms = title_forms(title)
    assert (forms.singular, forms.plural, forms.indefinite, forms.headline) == (
        singular,
        plural,
        indefinite,
        headline,
    )


def test_overrides_give_natural_names() -> None:
    """Where a plainer name says the same, the bundled profile gives it."""
    disc = title_forms("Disc Jockeys, Except Radio", _overrides("Disc Jockeys, Except Radio"))
    assert (disc.indefinite, disc.plural, disc.headline) == (
        "a non-radio disc jockey",
        "non-radio disc jockeys",
        "Non-Radio Disc Jockeys",
    )
    title = "First-Line Supervisors of Protective Service Workers, All Other"
    supervisors = title_forms(title, _overrides(title))
    assert supervisors.plural == "first-line supervisors of other protective service workers"
    assert supervisors.possessive == "first-line supervisor of other protective service workers'"


@pytest.mark.parametrize(
    ("title", "singular", "plural", "headline"),
    [
        ("Helpers--Electricians", "electrician's helper", "electricians' helpers",
         "Electricians' Helpers"),
        ("Helpers--Carpenters", "carpenter's helper", "carpenters' helpers", "Carpenters' Helpers"),
        # after a list of trades, a possessive would read as the last one's helpers alone
        ("Helpers--Painters, Paperhangers, Plasterers, and Stucco Masons",
         "helper to painters, paperhangers, plasterers, and stucco masons",
         "helpers to painters, paperhangers, plasterers, and stucco masons",
         "Helpers to Painters, Paperhangers, Plasterers, and Stucco Masons"),
    ],
)  # fmt: skip
def test_helpers_are_whose_helpers(title: str, singular: str, plural: str, headline: str) -> None:
    """A "--" link reads as a possessive: an electrician's helper; after a list of trades, as
    helpers "to" all of them."""
    forms = title_forms(title)
    assert (forms.singular, forms.plural, forms.headline) == (singular, plural, headline)
    assert forms.indefinite.startswith(("a ", "an "))


@pytest.mark.parametrize(
    ("title", "singular"),
    [
        ("Clinical and Counseling Psychologists", "clinical or counseling psychologist"),
        ("Automotive Body and Related Repairers", "automotive body or related repairer"),
        ("Commercial and Industrial Designers", "commercial or industrial designer"),
        ("Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, Tapers, "
         "and Finishers", "electrical, electronic, or electromechanical assembler (except coil "
         "winders, tapers, and finishers)"),
        # Nouns name what the work is on, and one person does all of it.
        ("Bill and Account Collectors", "bill and account collector"),
        ("Metal and Plastic Workers", "metal and plastic worker"),
        # The adjective is of the services, not of the manager.
        ("Medical and Health Services Managers", "medical and health services manager"),
        ("Occupational Health and Safety Specialists", "occupational health and safety specialist"),
    ],
)  # fmt: skip
def test_kinds_of_a_head_take_or(title: str, singular: str) -> None:
    """Adjectives that each name a kind of the head are alternatives: a person is one of them."""
    assert title_forms(title).singular == singular


def test_titles_follow_the_serial_comma_setting() -> None:
    """Each form has a variant without the serial comma, which keeps a comma it needs."""
    forms = title_forms("Child, Family, and School Social Workers")
    assert forms.form("plural") == "child, family, and school social workers"
    assert forms.form("plural", serial_comma=False) == "child, family and school social workers"
    assert forms.form("headline", serial_comma=False) == "Child, Family and School Social Workers"
    masons = title_forms("Brickmasons, Blockmasons, and Stonemasons, and Tile and Marble Setters")
    assert masons.form("plural", serial_comma=False) == masons.plural
    claims = title_forms("Claims Adjusters, Examiners, and Investigators")
    assert claims.form("indefinite", serial_comma=False) == (
        "a claims adjuster, examiner or investigator"
    )
    assert title_forms("Claims Adjusters, Examiners, and Investigators").indefinite == (
        "a claims adjuster, examiner, or investigator"
    )
    override = title_forms("Loan Officers", {"plural": "loan, mortgage, and credit officers"})
    assert override.form("plural", serial_comma=False) == "loan, mortgage and credit officers"


@pytest.mark.parametrize("serial_comma", [True, False])
def test_articles_print_titles_with_the_lists_setting(serial_comma: bool) -> None:
    """An article's titles punctuate their lists as its own lists do."""
    from narrator.compose import compose

    catalog = Catalog.bundled()
    a = catalog.find("Child, Family, and School Social Workers")
    b = catalog.find("Engineers, All Other")
    article = compose(a, b, serial_comma=serial_comma)
    prose = " ".join(sentence.text for sentence in article.sentences())
    # The official title, in quotation marks, keeps its own punctuation.
    prose = re.sub("\u201c[^\u201d]*\u201d", "", prose).lower()
    with_comma = "child, family, and school social workers" in prose
    without = "child, family and school social workers" in prose
    assert (with_comma, without) == (serial_comma, not serial_comma)
    assert "Engineers in Other Specialties" in article.title.text


def test_every_bundled_survey_group_reads_as_running_text() -> None:
    """Every survey group of the bundled profiles reads as the people in it, in natural order:
    no comma inversion ("sales representatives, wholesale and manufacturing"), no group named
    as "occupations", "other" for a residual, and "except"/"including" only in parentheses."""
    from narrator.forms import group_name

    groups = sorted({p.survey_group for p in _BUNDLED if p.survey_group})
    assert len(groups) > 90
    for group in groups:
        for serial_comma in (True, False):
            name = group_name(group, serial_comma)
            assert name == name.strip() and name[:1].islower(), name
            assert not re.search(r"\boccupations\b|\bmiscellaneous\b", name, re.I), name
            outside = re.sub(r" \((?:except|including) [^()]*\)$", "", name)
            assert not re.search(r"\b(?:except|including)\b|[()]", outside), name
            # a comma only inside a list of the group's members ("a, b, and c workers")
            assert all(
                re.match(r"(?:and |or )?[\w/-]+(?: [\w/-]+)*$", part)
                for part in outside.split(", ")[1:]
            ), name
            assert not re.search(r", (?:wholesale|construction trades|including|except)", name)
    assert group_name("Sales representatives, wholesale and manufacturing") == (
        "wholesale and manufacturing sales representatives"
    )
    assert group_name("Helpers, construction trades") == "construction trades helpers"
    assert group_name("Miscellaneous agricultural workers") == "other agricultural workers"
    assert group_name("Other mathematical science occupations") == (
        "other mathematical science workers"
    )
