"""Inflect words and phrases for running text: a/an, plurals, possessives, lists, numbers.

inflect is the source of truth for English words. This module wraps it only where inflect 7.6
is measurably wrong for occupation titles, each time with the smallest rule that fixes the case:

* Articles before acronyms. inflect guesses from spelling ("an UX designer", "a FAA
  inspector"); an all-caps token is read letter by letter here, so its article follows the name
  of its first letter ("a UX designer", "an FAA inspector"), unless it is one of the few acronyms
  in :data:`WORD_ACRONYMS` that are spoken as words ("a NASA engineer").
* Articles before numbers. inflect always says "a" ("a 8-hour worker"); here the article follows
  how the number is read aloud ("an 8-hour worker", "an 11th grader", "a 110-volt line").
* Articles before "usher". inflect reads its "us" as in "user" ("a usher"); the few such words
  are listed in ``_SHORT_U_WORDS``.
* Plurals of acronyms. inflect upper-cases its suffix and does not know an acronym that is
  already plural ("RNS", "RNss"); here an acronym takes a lower-case "s" once ("RNs").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .cache import FileMemo, cache_file, module_stamp
from .titles import POSTPOSITIVES, head_span

if TYPE_CHECKING:
    from pathlib import Path

    import inflect

__all__ = [
    "PROPER_WORDS",
    "WORD_ACRONYMS",
    "indefinite",
    "join_list",
    "number_words",
    "ordinal_words",
    "place",
    "plural",
    "possessive",
    "possessive_plural",
    "running_text",
]

Article = Literal["a", "an"]


# Capitalised words that stay capitalised mid-sentence: languages, peoples and nationalities
# (proper adjectives: "an Urdu translator", "a Spanish teacher"), and the two programme names
# that head many health-care titles. A sign language keeps the capitals of its name ("an
# American Sign Language interpreter"). Brand names and other proper names ("Social
# Security") belong in a profile's title_forms overrides, not in a growing list here.
PROPER_WORDS: frozenset[str] = frozenset(
    {
        *("African", "Albanian", "American", "Amharic", "Arabic", "Armenian", "Asian"),
        *("Bengali", "Braille", "British", "Bulgarian", "Burmese", "Cantonese", "Caribbean"),
        *("Chinese", "Creole", "Croatian", "Czech", "Danish", "Dari", "Dutch", "English"),
        *("European", "Farsi", "Filipino", "Finnish", "French", "German", "Greek", "Gujarati"),
        *("Haitian", "Hawaiian", "Hebrew", "Hindi", "Hispanic", "Hmong", "Hungarian"),
        *("Icelandic", "Indian", "Indonesian", "Irish", "Italian", "Japanese", "Khmer"),
        *("Korean", "Kurdish", "Lao", "Latin", "Latino", "Malay", "Mandarin", "Medicaid"),
        *("Medicare", "Mexican", "Mongolian", "Navajo", "Nepali", "Norwegian", "Pashto"),
        *("Persian", "Polish", "Portuguese", "Punjabi", "Romanian", "Russian", "Serbian"),
        *("Somali", "Spanish", "Swahili", "Swedish", "Tagalog", "Tamil", "Telugu", "Thai"),
        *("Tibetan", "Tigrinya", "Turkish", "Ukrainian", "Urdu", "Vietnamese", "Welsh"),
        *("Yiddish", "Yoruba"),
    }
)

# Acronyms that are pronounced as words rather than spelled out, so the letter-name rule would
# pick the wrong article for them ("an NASA" said "en-ay-ess-ay"). Only acronyms that occur around
# occupations are listed; their article is asked of inflect using the lower-cased word, which is
# how they are spoken ("nasa" -> "a", "osha" -> "an").
WORD_ACRONYMS: frozenset[str] = frozenset(
    {
        "FEMA",
        "FINRA",
        "HIPAA",
        "HUD",
        "LASIK",
        "LEED",
        "NASA",
        "NATO",
        "NICU",
        "NIOSH",
        "NOAA",
        "OSHA",
        "SCADA",
        "SHRM",
        "SWAT",
    }
)

# Words starting "us" with a short "u" that inflect reads as "you" ("a usher", like "a user").
_SHORT_U_WORDS = ("usher",)

# Letters whose spoken name starts with a vowel sound: "eff", "aitch", "ell", "em", "en", "ar"...
_AN_LETTERS = frozenset("AEFHILMNORSX")

# An acronym: capitals and digits, "&" only inside, starting with a capital ("RN", "K9", "R&D").
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]*[A-Z0-9]")
# An acronym already made plural with a lower-case "s" ("RNs", "CPAs", "PhDs", "K9s").
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&]*[A-Z0-9]s")
# A number at the start of a phrase, optionally after a currency sign ("$80,000 salary" is read
# "eighty thousand dollar salary"). Only the integer part matters for the first sound.
_LEADING_NUMBER = re.compile(r"[$£€]?(\d+(?:,\d{3})*)")
# The first spelled unit of a word: "RN" in "RN-BSN", "X" in "X-ray", "R&D" in "R&D".
_FIRST_SEGMENT = re.compile(r"[A-Za-z0-9&]+")
# Opening punctuation that does not change the sound of what follows.
_OPENERS = "\"'\u201c\u2018([{"
# A word in a display title: letters, with inner apostrophes ("Bachelor's", "O'Brien").
_TITLE_WORD = re.compile("[^\\W\\d_]+(?:['\u2019][^\\W\\d_]+)*")
_POSSESSIVE_SUFFIX = re.compile("['\u2019]s$")
_PIPE = "\ue000"
_HYPHEN = "\ue001"


@functools.cache
def _engine() -> inflect.engine:
    """The one inflect engine, built on first use because importing inflect takes over a second."""
    import inflect

    # Never call num(), defnoun() or classical() on this engine: each changes later results for
    # every caller, and the functions here must be deterministic.
    return inflect.engine()


# --- inflect's answers, remembered ----------------------------------------------------------------
# Importing inflect 7.6 takes seconds (it checks its own argument types with typeguard), and so
# does each call, relatively. Every question this module asks inflect goes through _ask(): the
# answer is kept in memory for the process and, when a cache folder is configured (see
# narrator.cache), in a file next to the profile cache, so a later process that only
# needs words already asked about never imports inflect. Only inflect's raw answers are stored,
# never this module's own rules, which run every time: inflect stays the source of truth. The
# file is keyed by narrator's version and the installed inflect module (path, size, mtime), so an
# upgrade of either starts a new memo; a memo that cannot be read is ignored.

# The questions, by name: each calls one inflect method with the given positional arguments.
_QUESTIONS: dict[str, Callable[..., str | bool]] = {
    "a": lambda engine, word: engine.a(word),
    "plural_noun": lambda engine, text: engine.plural_noun(text),
    "singular_noun": lambda engine, word: engine.singular_noun(word),
    "join": lambda engine, words, sep, final_sep, conj: engine.join(
        list(words), sep=sep, final_sep=final_sep, conj=conj
    ),
    "number_to_words": lambda engine, n: engine.number_to_words(n, andword="", comma=""),
    "ordinal": lambda engine, words: engine.ordinal(words),
}
_MEMO_LIMIT = 200_000  # answers kept; past this, new questions go to inflect each time
_MEMO_KEEP = 4  # memo files kept in the cache folder; older ones are removed


def _valid_answer(key: tuple[Any, ...], answer: Any) -> bool:
    return key[0] in _QUESTIONS and isinstance(answer, str | bool)


def memo_file() -> Path | None:
    """The memo of inflect's answers for this narrator and inflect; None when caching is off."""
    return cache_file("inflect", ".pickle", module_stamp("inflect"))


class _InflectMemo(FileMemo):
    """inflect's answers by question, in memory and in the cache folder."""

    def __init__(self) -> None:
        super().__init__(
            memo_file, _valid_answer, limit=_MEMO_LIMIT, stored=_MEMO_LIMIT, keep=_MEMO_KEEP
        )

    def ask(self, question: str, *args: Any) -> Any:
        key = (question, *args)
        answers = self.answers if self.answers is not None else self.load()
        try:
            return answers[key]
        except KeyError:
            pass
        answer = _QUESTIONS[question](_engine(), *args)
        self.remember(key, answer)
        return answer


_MEMO = _InflectMemo()
_ask = _MEMO.ask


def _normalise(phrase: str) -> str:
    """Collapse whitespace so inflect's word-by-word case restoring lines up, and reject blanks."""
    text = " ".join(phrase.split())
    if not text:
        raise ValueError(f"expected a noun phrase, got {phrase!r}")
    return text


@functools.lru_cache(maxsize=16384)  # the same labels (degrees, industries) fill every article
def running_text(title: str) -> str:
    """Lower-case a display title for use mid-sentence, keeping acronyms and proper nouns.

    Each word is handled on its own, so hyphens, slashes and punctuation stay as they are. A word
    keeps its case when it is a single capital letter ("X-ray", "Clerk I"), has a capital after its
    first letter ("HR", "RNs", "iOS", "McDonald"), or is in :data:`PROPER_WORDS`.

    >>> running_text("HR Manager")
    'HR manager'
    >>> running_text("Collections/Accounts Receivable")
    'collections/accounts receivable'
    >>> running_text("English Teacher")
    'English teacher'
    >>> running_text("Urdu Translator"), running_text("American Sign Language Interpreter")
    ('Urdu translator', 'American Sign Language interpreter')
    """
    if "Sign" not in title:
        return _TITLE_WORD.sub(_running_word, title)
    # A sign language's name keeps its capitals: the text around it is lower-cased alone.
    pieces, start = [], 0
    for match in _SIGN_LANGUAGE.finditer(title):
        pieces += [_TITLE_WORD.sub(_running_word, title[start : match.start()]), match.group()]
        start = match.end()
    return "".join([*pieces, _TITLE_WORD.sub(_running_word, title[start:])])


_SIGN_LANGUAGE = re.compile(
    r"\b(?:" + "|".join(sorted(PROPER_WORDS)) + r")(?:\s+[A-Z][a-z]+)*\s+Sign\s+Language\b"
)


def _running_word(match: re.Match[str]) -> str:
    word = match.group()
    core = _POSSESSIVE_SUFFIX.sub("", word)
    keep = (
        (len(core) == 1 and core.isupper())
        or any(char.isupper() for char in core[1:])
        or core in PROPER_WORDS
        # A plural proper word ("Americans") is as proper as its singular.
        or (core.endswith("s") and core[:-1] in PROPER_WORDS)
    )
    return word if keep else word.lower()


def indefinite(phrase: str) -> str:
    """Put "a" or "an" in front of a singular noun phrase, choosing by its first sound.

    The phrase itself is returned unchanged after the article (whitespace collapsed).

    >>> indefinite("UX designer")
    'a UX designer'
    >>> indefinite("HR manager")
    'an HR manager'
    >>> indefinite("8-hour worker")
    'an 8-hour worker'
    >>> indefinite("honest broker")
    'an honest broker'
    """
    text = _normalise(phrase)
    return f"{_article(text)} {text}"


def _article(text: str) -> Article:
    """The indefinite article for a normalised, non-empty phrase."""
    start = text.lstrip(_OPENERS)
    number = _LEADING_NUMBER.match(start)
    if number:
        return _number_article(number.group(1))
    segment = _FIRST_SEGMENT.match(start)
    if segment:
        spelled = segment.group()
        if _PLURAL_ACRONYM.fullmatch(spelled) and _ACRONYM.fullmatch(spelled[:-1]):
            spelled = spelled[:-1]
        if spelled in WORD_ACRONYMS:
            return _inflect_article(spelled.lower())
        if _ACRONYM.fullmatch(spelled) or (len(spelled) == 1 and spelled.isupper()):
            # Spelled out letter by letter, so the sound is that of the first letter's name.
            return "an" if spelled[0] in _AN_LETTERS else "a"
    # Ask about the first word alone: inflect strips a leading "a "/"an " from a phrase and some
    # of its rules are anchored at the end of the text.
    return _inflect_article(start.split(" ", 1)[0] or text.split(" ", 1)[0])


def _inflect_article(word: str) -> Article:
    if word.lower().startswith(_SHORT_U_WORDS):
        return "an"
    return "an" if _ask("a", word).startswith("an ") else "a"


def _number_article(digits: str) -> Article:
    """The article for a number by how it is read: "an" only for eight, eleven, eighteen, eighty.

    The first spoken group is what the reader hears first: 11,000 is "eleven thousand", 1,100
    "one thousand one hundred" (the "eleven hundred" reading is not attempted).
    """
    plain = digits.replace(",", "").lstrip("0") or "0"
    leading = int(plain[: len(plain) % 3 or 3])
    hundreds, rest = divmod(leading, 100)
    if hundreds:
        return "an" if hundreds == 8 else "a"
    return "an" if rest in (8, 11, 18) or 80 <= rest <= 89 else "a"


def plural(phrase: str) -> str:
    """The plural of a singular noun phrase, inflecting its head word(s) and keeping acronyms' case.

    inflect finds the head ("chiefs of staff", "attorneys general"); an acronym it touched is
    given a lower-case "s" instead, and an acronym that is already plural is left alone.

    >>> plural("loss mitigation specialist")
    'loss mitigation specialists'
    >>> plural("chief of staff")
    'chiefs of staff'
    >>> plural("RN")
    'RNs'
    >>> plural("parts salesperson")
    'parts salespeople'

    A postpositive modifier stays after the noun it follows, and a compound with a particle
    inflects its head (:func:`narrator.titles.head_span`):

    >>> plural("professor emeritus"), plural("passer-by"), plural("sergeant-at-arms")
    ('professors emeritus', 'passers-by', 'sergeants-at-arms')
    """
    text = _normalise(phrase)
    words = text.split(" ")
    index = len(words) - 1
    while index > 0 and words[index].lower() in POSTPOSITIVES:
        index -= 1
    if index < len(words) - 1:
        return f"{plural(' '.join(words[: index + 1]))} {' '.join(words[index + 1 :])}"
    _start, end = head_span(words[-1])
    if end < len(words[-1]):
        return plural(text[: len(text) - len(words[-1]) + end]) + words[-1][end:]
    return _plural_of_head(text)


def _plural_of_head(text: str) -> str:
    """The plural of a phrase whose last word is its head, by inflect."""
    # inflect marks its own classical|modern alternatives with "|", so a "|" in the input would be
    # split as one of them; hide it in a private-use character for the call.
    # inflect splits hyphenated words ("mother-in-law") and fails on an empty part ("-at-",
    # "x--y"): such a word's hyphens are hidden the same way.
    asked = " ".join(
        word.replace("-", _HYPHEN) if "-" in word and "" in word.split("-") else word
        for word in text.replace("|", _PIPE).split(" ")
    )
    inflected: str = _ask("plural_noun", asked).replace(_PIPE, "|").replace(_HYPHEN, "-")
    before, after = text.split(" "), inflected.split(" ")
    if len(before) != len(after):
        # inflect only re-cases word by word when the count of words is kept; without that
        # alignment there is no acronym to repair reliably.
        return inflected
    # Nothing changed: inflect took the head for a word with no plural of its own ("COD").
    last = len(before) - 1 if before == after else -1
    return " ".join(
        _repair_acronym(old, new, index == last)
        for index, (old, new) in enumerate(zip(before, after, strict=True))
    )


def _repair_acronym(old: str, new: str, head: bool = False) -> str:
    """The plural of one word inflect changed: its own answer unless the word ends in an acronym.

    inflect upper-cases the suffix to match an all-caps word ("RNS"), adds another to a plural
    acronym ("RNss"), reads some acronyms as pronouns ("IT" -> "THEY") and leaves some as words
    with no plural of their own ("COD", the fish): the head of the phrase is an acronym to give
    its "s" even when inflect left it unchanged.

    >>> _repair_acronym("COD", "COD", head=True), _repair_acronym("RN", "RN")
    ('CODs', 'RN')
    """
    if old == new and not head:
        return new
    last = re.split(r"[-/]", old)[-1]
    if _PLURAL_ACRONYM.fullmatch(last):
        return old
    if _ACRONYM.fullmatch(last):
        return f"{old}s"
    return new


def possessive(phrase: str) -> str:
    """The singular possessive of a noun phrase: always "'s", also after a final s ("boss's").

    >>> possessive("loss mitigation specialist")
    "loss mitigation specialist's"
    >>> possessive("boss")
    "boss's"
    >>> possessive("RN")
    "RN's"
    """
    return f"{_normalise(phrase)}'s"


def possessive_plural(phrase: str) -> str:
    """The plural possessive of a singular noun phrase: the possessive of :func:`plural`.

    A plural ending in "s" takes a bare apostrophe; any other plural takes "'s".

    >>> possessive_plural("loss mitigation specialist")
    "loss mitigation specialists'"
    >>> possessive_plural("salesperson")
    "salespeople's"
    >>> possessive_plural("chief of staff")
    "chiefs of staff's"
    """
    return _possessive_of_plural(plural(phrase))


def _possessive_of_plural(plural_text: str) -> str:
    last = plural_text.rsplit(" ", 1)[-1].lower()
    if plural_text.endswith(("s", "S")) and last not in POSTPOSITIVES:
        return f"{plural_text}'"
    # "police's", and "professors emeritus's": the "s" is not the plural's.
    return f"{plural_text}'s"


def join_list(items: Sequence[str], conjunction: str = "and", *, serial_comma: bool = True) -> str:
    """Join items into an English list with commas and a final conjunction.

    The separator is always a comma, even when an item contains one: inflect would switch to
    semicolons, which misreads items such as "$50,000".

    >>> join_list(["pay", "growth", "hours"])
    'pay, growth, and hours'
    >>> join_list(["pay", "growth", "hours"], "or", serial_comma=False)
    'pay, growth or hours'
    >>> join_list(["pay", "growth"])
    'pay and growth'
    >>> join_list([])
    ''
    """
    if isinstance(items, str):
        # A str is a Sequence[str] too; joining its characters is never what the caller meant.
        raise TypeError("join_list expects a sequence of strings, not a single string")
    words = list(items)
    if any(not word for word in words):
        raise ValueError(f"join_list items must be non-empty strings, got {words!r}")
    if not words:
        return ""
    joined: str = _ask("join", tuple(words), ",", "," if serial_comma else "", conjunction)
    return joined


def number_words(n: int) -> str:
    """A whole number in words, as running text spells small counts ("four times as many").

    American style: no "and" after "hundred" and no commas between groups.

    >>> number_words(4)
    'four'
    >>> number_words(21)
    'twenty-one'
    >>> number_words(1101)
    'one thousand one hundred one'
    """
    # A str, because inflect annotates numbers with numbers.Number, which mypy cannot check.
    words = _ask("number_to_words", str(n))
    assert isinstance(words, str)  # only wantlist=True returns a list
    return words


def ordinal_words(n: int) -> str:
    """A non-negative whole number as an ordinal in words, e.g. for fractions ("one-fifth").

    >>> ordinal_words(5)
    'fifth'
    >>> ordinal_words(21)
    'twenty-first'
    """
    if n < 0:
        raise ValueError(f"an ordinal needs a non-negative number, got {n}")
    ordinal: str = _ask("ordinal", number_words(n))
    return ordinal


_PLACE_WITH_THE = re.compile(r"^(?:District of |.*\bIslands$)")


def place(name: str) -> str:
    """A place name as running text writes it after "in" or "is".

    >>> place("District of Columbia"), place("Virgin Islands"), place("Ohio")
    ('the District of Columbia', 'the Virgin Islands', 'Ohio')
    """
    return f"the {name}" if _PLACE_WITH_THE.match(name) and not name.startswith("the ") else name
