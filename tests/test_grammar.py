"""Tests for narrator.grammar: running-text forms of occupation titles, and list joining."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from narrator import grammar
from narrator.forms import TITLE_FORM_KEYS, TitleForms, title_forms
from narrator.grammar import (
    WORD_ACRONYMS,
    indefinite,
    join_list,
    number_words,
    ordinal_words,
    plural,
    possessive,
    possessive_plural,
    running_text,
)

# The first call imports inflect (over a second), which would trip hypothesis's deadline; the
# database is off so test runs leave no .hypothesis directory behind.
PROPERTY_SETTINGS = settings(deadline=None, database=None, max_examples=200)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Loss Mitigation Specialist", "loss mitigation specialist"),
        ("HR Manager", "HR manager"),
        ("Bachelor's Degree", "bachelor's degree"),
        ("RN", "RN"),
        ("English Teacher", "English teacher"),
        ("iOS Developer", "iOS developer"),
        ("Collections/Accounts Receivable", "collections/accounts receivable"),
        ("Loan Officer", "loan officer"),
        ("Bill and Account Collector", "bill and account collector"),
        ("X-Ray Technician", "X-ray technician"),
        ("Spanish-Speaking Interpreter", "Spanish-speaking interpreter"),
        ("Medicare Billing Specialist", "Medicare billing specialist"),
        ("Internet Marketing Manager", "internet marketing manager"),
        ("Accountant II", "accountant II"),
        ("Clerk I", "clerk I"),
        ("RN's Aide", "RN's aide"),
        ("Registered Nurses (RNs)", "registered nurses (RNs)"),
        ("McDonald Franchise Owner", "McDonald franchise owner"),
        ("Education Administrators, Postsecondary", "education administrators, postsecondary"),
        ("", ""),
    ],
)
def test_running_text(title: str, expected: str) -> None:
    """Display titles lose their title case but keep acronyms and proper words."""
    assert running_text(title) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # inflect 7.6 gets these wrong; each is wrapped.
        ("UX designer", "a UX designer"),
        ("URL", "a URL"),
        ("UI designer", "a UI designer"),
        ("FAA inspector", "an FAA inspector"),
        ("SEO specialist", "an SEO specialist"),
        ("EU official", "an EU official"),
        ("R&D manager", "an R&D manager"),
        ("8-hour worker", "an 8-hour worker"),
        ("11th grader", "an 11th grader"),
        ("18-wheeler driver", "an 18-wheeler driver"),
        ("80-hour worker", "an 80-hour worker"),
        # inflect gets these right; they must stay right.
        ("HR manager", "an HR manager"),
        ("RN", "an RN"),
        ("FBI agent", "an FBI agent"),
        ("MRI technician", "an MRI technician"),
        ("LPN", "an LPN"),
        ("NASA engineer", "a NASA engineer"),
        ("hour", "an hour"),
        ("honest broker", "an honest broker"),
        ("one-off", "a one-off"),
        ("European", "a European"),
        ("unit manager", "a unit manager"),
        ("user researcher", "a user researcher"),
        ("loss mitigation specialist", "a loss mitigation specialist"),
        ("account specialist", "an account specialist"),
        ("X-ray technician", "an X-ray technician"),
        ("US citizen", "a US citizen"),
        ("iOS developer", "an iOS developer"),
        ("T-shirt printer", "a T-shirt printer"),
        ("F-16 pilot", "an F-16 pilot"),
        ("K9 handler", "a K9 handler"),
        ("e-commerce manager", "an e-commerce manager"),
    ],
)
def test_indefinite(phrase: str, expected: str) -> None:
    """The article follows the first sound: letter names for acronyms, inflect for words."""
    assert indefinite(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("8-hour shift", "an 8-hour shift"),
        ("11th grader", "an 11th grader"),
        ("18-wheeler", "an 18-wheeler"),
        ("80-hour week", "an 80-hour week"),
        ("89-year-old", "an 89-year-old"),
        ("800-bed hospital", "an 800-bed hospital"),
        ("8,000-square-foot store", "an 8,000-square-foot store"),
        ("11,000-acre farm", "an 11,000-acre farm"),
        ("18,500-seat arena", "an 18,500-seat arena"),
        ("8.5-hour shift", "an 8.5-hour shift"),
        ("$80,000 salary", "an $80,000 salary"),
        ("1-hour break", "a 1-hour break"),
        ("3D artist", "a 3D artist"),
        ("12-hour shift", "a 12-hour shift"),
        ("110-volt line", "a 110-volt line"),
        ("118th day", "a 118th day"),
        ("1,100-acre farm", "a 1,100-acre farm"),
        ("911 dispatcher", "a 911 dispatcher"),
        ("$50 fee", "a $50 fee"),
        ("0-based index", "a 0-based index"),
    ],
)
def test_indefinite_before_numbers(phrase: str, expected: str) -> None:
    """Numbers take "an" only when read aloud as eight, eleven, eighteen or eighty-something."""
    assert indefinite(phrase) == expected


@pytest.mark.parametrize(
    ("acronym", "article"),
    [
        ("FEMA", "a"),
        ("FINRA", "a"),
        ("HIPAA", "a"),
        ("HUD", "a"),
        ("LASIK", "a"),
        ("LEED", "a"),
        ("NASA", "a"),
        ("NATO", "a"),
        ("NICU", "a"),
        ("NIOSH", "a"),
        ("NOAA", "a"),
        ("OSHA", "an"),
        ("SCADA", "a"),
        ("SHRM", "a"),
        ("SWAT", "a"),
    ],
)
def test_word_acronyms_take_the_article_of_their_spoken_word(acronym: str, article: str) -> None:
    """Acronyms said as words ("NASA") are not read letter by letter ("an NASA")."""
    assert indefinite(f"{acronym} officer") == f"{article} {acronym} officer"


def test_word_acronym_table_covers_the_list() -> None:
    """Every listed word acronym has a checked article above, so the list cannot drift untested."""
    checked = {"FEMA", "FINRA", "HIPAA", "HUD", "LASIK", "LEED", "NASA", "NATO", "NICU"}
    checked |= {"NIOSH", "NOAA", "OSHA", "SCADA", "SHRM", "SWAT"}
    assert checked == WORD_ACRONYMS


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("loss mitigation specialist", "loss mitigation specialists"),
        ("HR manager", "HR managers"),
        ("chief of staff", "chiefs of staff"),
        ("attorney general", "attorneys general"),
        ("parts salesperson", "parts salespeople"),
        ("secretary of state", "secretaries of state"),
        ("boss", "bosses"),
        ("bill and account collector", "bill and account collectors"),
        # inflect 7.6 upper-cases an acronym's suffix ("RNS") or doubles it ("RNss").
        ("RN", "RNs"),
        ("CEO", "CEOs"),
        ("LPN", "LPNs"),
        ("RNs", "RNs"),
        ("CEOs", "CEOs"),
        ("staff RN", "staff RNs"),
        ("VP of HR", "VPs of HR"),
        ("RN/LPN", "RN/LPNs"),
        ("accountant II", "accountant IIs"),
        ("IT", "ITs"),
        # Acronyms that are not the head keep their form.
        ("director of IT", "directors of IT"),
        # an acronym inflect reads as a word with no plural of its own (cod, the fish)
        ("COD", "CODs"),
        ("staff COD", "staff CODs"),
        ("PhD", "PhDs"),
    ],
)
def test_plural(phrase: str, expected: str) -> None:
    """Plurals come from inflect, with acronyms taking a single lower-case "s"."""
    assert plural(phrase) == expected


def test_plural_of_slashed_title_is_deterministic() -> None:
    """A slashed title has no knowable plural; the default must not crash and must not vary."""
    first = plural("collections/accounts receivable")
    assert first == plural("collections/accounts receivable")
    assert first.startswith("collections/accounts receivable")


def test_plural_survives_inflect_separator() -> None:
    """A "|" in the input is inflect's own alternatives marker; it must not garble the result."""
    assert plural("nurse|aide") == "nurse|aides"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("loss mitigation specialist", "loss mitigation specialist's"),
        ("specialist", "specialist's"),
        ("boss", "boss's"),
        ("RN", "RN's"),
        ("chief of staff", "chief of staff's"),
    ],
)
def test_possessive(phrase: str, expected: str) -> None:
    """The singular possessive always adds "'s", also after a final s."""
    assert possessive(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("loss mitigation specialist", "loss mitigation specialists'"),
        ("specialist", "specialists'"),
        ("RN", "RNs'"),
        ("salesperson", "salespeople's"),
        ("parts salesperson", "parts salespeople's"),
        ("chief of staff", "chiefs of staff's"),
        ("boss", "bosses'"),
    ],
)
def test_possessive_plural(phrase: str, expected: str) -> None:
    """The plural possessive adds a bare apostrophe after a plural in s, otherwise "'s"."""
    assert possessive_plural(phrase) == expected


@pytest.mark.parametrize("function", [indefinite, plural, possessive, possessive_plural])
@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_blank_phrase_is_rejected(function: object, blank: str) -> None:
    """A blank noun phrase is a caller bug and raises ValueError rather than an inflect error."""
    assert callable(function)
    with pytest.raises(ValueError, match="expected a noun phrase"):
        function(blank)


def test_whitespace_is_collapsed() -> None:
    """Stray whitespace in a phrase does not reach the text or upset acronym repair."""
    assert plural("  staff \t RN ") == "staff RNs"
    assert indefinite(" RN  supervisor") == "an RN supervisor"


@pytest.mark.parametrize(
    ("items", "conjunction", "serial_comma", "expected"),
    [
        ([], "and", True, ""),
        (["a"], "and", True, "a"),
        (["a", "b"], "and", True, "a and b"),
        (["a", "b", "c"], "and", True, "a, b, and c"),
        ([], "and", False, ""),
        (["a"], "and", False, "a"),
        (["a", "b"], "and", False, "a and b"),
        (["a", "b", "c"], "and", False, "a, b and c"),
        (["a", "b"], "or", True, "a or b"),
        (["a", "b", "c"], "or", True, "a, b, or c"),
        (["a", "b", "c"], "or", False, "a, b or c"),
        (("pay", "growth", "hours", "training"), "and", True, "pay, growth, hours, and training"),
        (["$50,000", "$60,000", "$70,000"], "and", True, "$50,000, $60,000, and $70,000"),
    ],
)
def test_join_list(items: list[str], conjunction: str, serial_comma: bool, expected: str) -> None:
    """Lists join with commas and a final conjunction, with or without the serial comma."""
    assert join_list(items, conjunction, serial_comma=serial_comma) == expected


def test_join_list_rejects_a_bare_string() -> None:
    """A str is a sequence of characters; passing one is a bug, not a list of letters."""
    with pytest.raises(TypeError):
        join_list("abc")


def test_join_list_rejects_empty_items() -> None:
    """An empty item would leave a dangling comma or conjunction, so it raises ValueError."""
    with pytest.raises(ValueError, match="non-empty"):
        join_list(["a", "", "c"])


@pytest.mark.parametrize(
    ("n", "words", "ordinal"),
    [
        (0, "zero", "zeroth"),
        (1, "one", "first"),
        (2, "two", "second"),
        (3, "three", "third"),
        (5, "five", "fifth"),
        (10, "ten", "tenth"),
        (12, "twelve", "twelfth"),
        (21, "twenty-one", "twenty-first"),
        (101, "one hundred one", "one hundred first"),
        (1101, "one thousand one hundred one", "one thousand one hundred first"),
    ],
)
def test_number_and_ordinal_words(n: int, words: str, ordinal: str) -> None:
    """Numbers read in American style: no "and" after hundred, no commas between groups."""
    assert number_words(n) == words
    assert ordinal_words(n) == ordinal


def test_negative_numbers() -> None:
    """A negative count reads with "minus"; a negative ordinal is meaningless and raises."""
    assert number_words(-3) == "minus three"
    with pytest.raises(ValueError, match="non-negative"):
        ordinal_words(-3)


def test_title_forms_default() -> None:
    """Without overrides every form is derived from the running-text title."""
    forms = title_forms("Loss Mitigation Specialist")
    assert forms == TitleForms(
        title="Loss Mitigation Specialist",
        singular="loss mitigation specialist",
        plural="loss mitigation specialists",
        indefinite="a loss mitigation specialist",
        possessive="loss mitigation specialist's",
        possessive_plural="loss mitigation specialists'",
        headline="Loss Mitigation Specialist",
        no_serial_comma=(
            "loss mitigation specialist",
            "loss mitigation specialists",
            "a loss mitigation specialist",
            "loss mitigation specialist's",
            "loss mitigation specialists'",
            "Loss Mitigation Specialist",
        ),
    )
    assert str(forms) == "loss mitigation specialist"


def test_title_forms_keeps_acronyms() -> None:
    """An acronym title keeps its case in every form."""
    assert title_forms("RN").as_dict() == {
        "title": "RN",
        "singular": "RN",
        "plural": "RNs",
        "indefinite": "an RN",
        "possessive": "RN's",
        "possessive_plural": "RNs'",
        "headline": "RN",
    }
    assert title_forms("HR Manager").plural == "HR managers"


def test_title_forms_singular_override_is_the_base() -> None:
    """An overridden singular is what the other, non-overridden forms are derived from."""
    forms = title_forms(
        "Collections/Accounts Receivable",
        {"singular": "collections/accounts receivable specialist"},
    )
    assert forms.title == "Collections/Accounts Receivable"
    assert forms.singular == "collections/accounts receivable specialist"
    assert forms.plural == "collections/accounts receivable specialists"
    assert forms.indefinite == "a collections/accounts receivable specialist"
    assert forms.possessive == "collections/accounts receivable specialist's"
    assert forms.possessive_plural == "collections/accounts receivable specialists'"


def test_title_forms_plural_override_feeds_possessive_plural() -> None:
    """possessive_plural follows an overridden plural unless it is overridden itself."""
    forms = title_forms("Parts Salesperson", {"plural": "parts salesmen"})
    assert forms.plural == "parts salesmen"
    assert forms.possessive_plural == "parts salesmen's"
    assert forms.indefinite == "a parts salesperson"
    both = title_forms("Parts Salesperson", {"plural": "parts salesmen", "possessive_plural": "X"})
    assert both.possessive_plural == "X"


def test_title_forms_overrides_every_key() -> None:
    """Each key in TITLE_FORM_KEYS can be overridden on its own."""
    for key in TITLE_FORM_KEYS:
        assert getattr(title_forms("Loan Officer", {key: "OVERRIDE"}), key) == "OVERRIDE"


def test_title_forms_unknown_override_key() -> None:
    """A misspelled override key raises ValueError naming the key."""
    with pytest.raises(ValueError, match="'singlar'"):
        title_forms("Loan Officer", {"singlar": "loan officer"})


def test_title_forms_blank_override() -> None:
    """A blank override value raises ValueError naming the key."""
    with pytest.raises(ValueError, match="'plural'"):
        title_forms("Loan Officer", {"plural": " "})


def test_title_forms_is_cached_regardless_of_override_order() -> None:
    """Equal arguments return the same frozen object, whatever the mapping's order."""
    first = title_forms("Loan Officer", {"plural": "p", "possessive": "q"})
    second = title_forms("Loan Officer", {"possessive": "q", "plural": "p"})
    assert first is second
    assert title_forms("Loan Officer") is title_forms("Loan Officer", {})


@pytest.mark.parametrize(
    ("title", "singular", "plural", "indefinite", "headline"),
    [
        # Seed and edge titles are singular and keep reading exactly as before.
        ("Loss Mitigation Specialist", "loss mitigation specialist", "loss mitigation specialists",
         "a loss mitigation specialist", "Loss Mitigation Specialist"),
        ("Account Specialist", "account specialist", "account specialists",
         "an account specialist", "Account Specialist"),
        ("HR Manager", "HR manager", "HR managers", "an HR manager", "HR Manager"),
        ("Collections/Accounts Receivable", "collections/accounts receivable",
         "collections/accounts receivables", "a collections/accounts receivable",
         "Collections/Accounts Receivable"),
        ("Bill and Account Collector", "bill and account collector",
         "bill and account collectors", "a bill and account collector",
         "Bill and Account Collector"),
        ("Chief of Staff", "chief of staff", "chiefs of staff", "a chief of staff",
         "Chief of Staff"),
        # Plural titles keep their own plural; acronyms keep their case.
        ("HR Managers", "HR manager", "HR managers", "an HR manager", "HR Managers"),
        ("RNs", "RN", "RNs", "an RN", "RNs"),
        ("Registered Nurses (RNs)", "registered nurse (RN)", "registered nurses (RNs)",
         "a registered nurse (RN)", "Registered Nurses (RNs)"),
        ("Chiefs of Staff", "chief of staff", "chiefs of staff", "a chief of staff",
         "Chiefs of Staff"),
        ("Attorneys and Paralegals", "attorney or paralegal", "attorneys and paralegals",
         "an attorney or paralegal", "Attorneys and Paralegals"),
        ("Medical Staff", "medical staff member", "medical staff", "a medical staff member",
         "Medical Staff"),
        # A singular title with qualifiers is read the same way as an official one.
        ("Education Administrator, Postsecondary", "postsecondary education administrator",
         "postsecondary education administrators", "a postsecondary education administrator",
         "Postsecondary Education Administrator"),
        ("Clerk, All Other", "clerk in another specialty", "clerks in other specialties",
         "a clerk in another specialty", "Clerk in Another Specialty"),
        # Articles before "usher", which inflect reads like "user".
        ("Ushers", "usher", "ushers", "an usher", "Ushers"),
    ],
)  # fmt: skip
def test_title_forms_of_titles(
    title: str, singular: str, plural: str, indefinite: str, headline: str
) -> None:
    """Titles are read by their structure: number, coordination, qualifiers and acronyms."""
    forms = title_forms(title)
    assert (forms.singular, forms.plural, forms.indefinite, forms.headline) == (
        singular,
        plural,
        indefinite,
        headline,
    )


def test_headline_comes_from_the_title_unless_overridden() -> None:
    """An overridden singular changes the running text, not the headline; headline overrides."""
    forms = title_forms("Physicians, Pathologists", {"singular": "pathologist"})
    assert (forms.singular, forms.plural, forms.headline) == (
        "pathologist",
        "pathologists",
        "Pathologist Physicians",
    )
    assert title_forms("Physicians, Pathologists", {"headline": "Pathologists"}).headline == (
        "Pathologists"
    )


def test_possessive_after_a_plural_complement() -> None:
    """A singular ending in a plural complement takes a bare apostrophe, like any plural in s."""
    forms = title_forms("First-Line Supervisors of Retail Sales Workers")
    assert forms.possessive == "first-line supervisor of retail sales workers'"
    assert title_forms("Cleaners of Vehicles and Equipment").possessive == (
        "cleaner of vehicles and equipment's"
    )


title_words = st.sampled_from(
    (
        *("Managers", "Clerks", "Bus", "Sales", "Other", "Related", "Workers", "Postsecondary"),
        *("Hand", "Metal", "RNs", "HR", "Clergy", "Specialist", "Gas", "(RNs)", "Occupations"),
    )
)
title_separators = st.sampled_from(
    [" ", " and ", ", ", ", and ", " of ", "--", ", Except ", " or ", " & "]
)
title_endings = st.sampled_from(["", ", All Other", ", Except Metal and Gas", ", Including HR"])


@PROPERTY_SETTINGS
@given(title_words, st.lists(st.tuples(title_separators, title_words), max_size=6), title_endings)
def test_title_forms_never_break(first: str, rest: list[tuple[str, str]], ending: str) -> None:
    """Any mix of title words, lists, links and qualifiers gives tidy, consistent forms."""
    title = first + "".join(separator + word for separator, word in rest) + ending
    forms = title_forms(title)
    assert forms.indefinite in (f"a {forms.singular}", f"an {forms.singular}")
    for key in TITLE_FORM_KEYS:
        text = getattr(forms, key)
        assert text and text == text.strip() and "  " not in text, (key, text)
        assert "All Other" not in text and "Including" not in text, (key, text)
        assert "Except" not in text.replace("(Except", ""), (key, text)
        if ending == ", All Other":
            assert "other specialt" in text.lower() or "another specialt" in text.lower()


def test_title_forms_as_dict_keys() -> None:
    """as_dict holds the display title then every form, in TITLE_FORM_KEYS order."""
    assert tuple(title_forms("Loan Officer").as_dict()) == ("title", *TITLE_FORM_KEYS)


def test_title_forms_are_frozen() -> None:
    """Cached forms are shared, so they must not be mutable."""
    forms = title_forms("Loan Officer")
    with pytest.raises(AttributeError):
        forms.singular = "x"  # type: ignore[misc]


def test_import_does_not_load_inflect() -> None:
    """Importing the module stays cheap: inflect is loaded only on first use."""
    # Load the module without the package __init__, which imports sibling modules that may use
    # inflect: an empty stand-in package lets grammar import narrator.titles on its own.
    folder = str(Path(grammar.__file__).parent)
    code = (
        "import importlib, sys, types\n"
        "package = types.ModuleType('narrator_alone')\n"
        f"package.__path__ = [{folder!r}]\n"
        "sys.modules['narrator_alone'] = package\n"
        "module = importlib.import_module('narrator_alone.grammar')\n"
        "assert 'inflect' not in sys.modules, 'inflect imported at module level'\n"
        "assert module.plural('RN') == 'RNs'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_engine_count_is_never_set() -> None:
    """No function sets inflect's persistent count, which would silently change later plurals."""
    title_forms("Bill and Account Collector")
    join_list(["a", "b", "c"])
    number_words(8)
    ordinal_words(8)
    assert grammar._engine().persistent_count is None


acronyms = st.from_regex(r"[A-Z][A-Z0-9&]{0,4}[A-Z0-9]", fullmatch=True)
phrases = st.text(
    alphabet=st.sampled_from("abeinorstuyAEHINRSUX0189-/' "), min_size=1, max_size=24
).map(lambda text: " ".join(text.split()))


@PROPERTY_SETTINGS
@given(phrases.filter(bool))
def test_indefinite_property(phrase: str) -> None:
    """indefinite(x) is always "a x" or "an x"."""
    assert indefinite(phrase) in (f"a {phrase}", f"an {phrase}")


@PROPERTY_SETTINGS
@given(acronyms, st.sampled_from(["", "senior ", "staff ", "on-call "]))
def test_acronym_plural_property(acronym: str, prefix: str) -> None:
    """An acronym head takes one lower-case "s" and keeps its case; a plural one is unchanged."""
    assert plural(prefix + acronym) == f"{prefix}{acronym}s"
    assert plural(f"{prefix}{acronym}s") == f"{prefix}{acronym}s"


@PROPERTY_SETTINGS
@given(phrases)
def test_running_text_is_idempotent(title: str) -> None:
    """Running text of running text changes nothing, so callers may apply it twice safely."""
    once = running_text(title)
    assert running_text(once) == once
    assert once.lower() == title.lower()


@PROPERTY_SETTINGS
@given(phrases.filter(bool))
def test_possessive_plural_is_possessive_of_plural(phrase: str) -> None:
    """possessive_plural(x) is plural(x) plus an apostrophe, and "s" only if it lacks a final s."""
    plural_form = plural(phrase)
    expected = plural_form + ("'" if plural_form[-1] in "sS" else "'s")
    assert possessive_plural(phrase) == expected


@pytest.mark.parametrize("title", ["S", "s", "Ss"])
def test_a_lone_letter_s_is_not_a_plural_of_nothing(title: str) -> None:
    """inflect gives "" as the singular of "S"; a title of one letter keeps its word (fuzzing)."""
    forms = title_forms(title)
    assert forms.singular and forms.plural and forms.headline == title


def test_plural_of_words_with_an_empty_hyphen_part() -> None:
    """inflect fails on "-at-" (a hyphenated word with an empty part: hypothesis found it)."""
    assert plural("-At-") == "-At-s"
    assert plural("x--y") == "x--ies"
    assert plural("mother-in-law") == "mothers-in-law"  # real compounds still inflect inside


@pytest.mark.parametrize(
    ("title", "singular", "plural"),
    [
        # Collective and mass heads: a member in the singular, no "s" in the plural.
        ("Security Personnel", "security staff member", "security personnel"),
        ("Adjunct Faculty", "adjunct faculty member", "adjunct faculty"),
        ("Wait Staff", "wait staff member", "wait staff"),
        ("Flight Crew", "flight crew member", "flight crew members"),
        ("Transit Police", "transit police officer", "transit police"),
        # Postpositive heads: the noun before the modifier or particle takes the plural.
        ("Passer-by", "passer-by", "passers-by"),
        ("Passers-by", "passer-by", "passers-by"),
        ("Professor Emeritus", "professor emeritus", "professors emeritus"),
        ("Professors Emeriti", "professor emeritus", "professors emeriti"),
        ("Sergeant-at-Arms", "sergeant-at-arms", "sergeants-at-arms"),
        ("Sergeants-at-Arms", "sergeant-at-arms", "sergeants-at-arms"),
        ("Editors-in-Chief", "editor-in-chief", "editors-in-chief"),
        ("Runner-up", "runner-up", "runners-up"),
        ("Poet Laureate", "poet laureate", "poets laureate"),
        ("Attorneys General", "attorney general", "attorneys general"),
        # A compound whose first part is no agent is one noun: its end takes the plural.
        ("Drive-in Attendant", "drive-in attendant", "drive-in attendants"),
        ("Start-up", "start-up", "start-ups"),
        # Languages and peoples keep their capital; a sign language its name.
        ("Urdu Translator", "Urdu translator", "Urdu translators"),
        ("American Sign Language Interpreters", "American Sign Language interpreter",
         "American Sign Language interpreters"),
        ("Tagalog and Vietnamese Interpreters", "Tagalog and Vietnamese interpreter",
         "Tagalog and Vietnamese interpreters"),
    ],
)  # fmt: skip
def test_heads_of_every_kind(title: str, singular: str, plural: str) -> None:
    """Mass and collective heads, postpositive heads and proper adjectives read as English."""
    forms = title_forms(title)
    assert (forms.singular, forms.plural) == (singular, plural)
    assert forms.indefinite in (f"a {singular}", f"an {singular}")


def test_possessive_plural_of_a_postpositive_head() -> None:
    """The "s" of "emeritus" is not a plural's: its possessive takes "'s"."""
    assert title_forms("Professor Emeritus").possessive_plural == "professors emeritus's"
    assert title_forms("Passer-by").possessive_plural == "passers-by's"
