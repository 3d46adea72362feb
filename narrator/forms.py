"""Turn an official occupation title into the forms running text needs: TitleForms.

Titles pass through two steps: :func:`_parse_title` reads a title's structure with
:mod:`narrator.titles` and inflects its words, then :func:`_forms_from_parts` adds the article
and possessives. Official BLS titles (plural, coordinated, qualified) read as an editor writes:

* Coordinated heads take "or" in the singular and "and" in the plural ("an accountant or
  auditor"); coordinated modifiers of one head keep "and" ("a bill and account collector"),
  but not before "Other"/"Related" ("an engine or other machine assembler"). A list keeps its
  serial comma only when one of its last two members has its own "and" or "or".
* Only the head noun is singularised, by inflect ("a human resources specialist"); the plural
  is the title's own. An "of" complement stays plural ("a first-line supervisor of retail sales
  workers"); "Helpers--Carpenters" reads "a helper to carpenters".
* A post-positive qualifier moves in front, its last noun singular unless in
  :data:`ATTRIBUTIVE_PLURALS` ("a postsecondary education administrator", "a utility meter
  reader"); "All Other", "Except ...", "Including ..." and a leading "Miscellaneous" are
  dropped, from the headline too. Group heads take a member noun (:data:`MEMBER_NOUNS`).

A title whose head is singular ("Loss Mitigation Specialist") keeps its words as they are: its
plural comes from :func:`plural`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .grammar import (
    _ACRONYM,
    _PLURAL_ACRONYM,
    _ask,
    _normalise,
    _possessive_of_plural,
    indefinite,
    join_list,
    plural,
    possessive,
    running_text,
)
from .titles import (
    ATTRIBUTIVE_PLURALS,
    MEMBER_NOUNS,
    last_word,
    needs_serial_comma,
    parse_title,
    tidy_list,
)

TITLE_FORM_KEYS: tuple[str, ...] = (
    "singular",
    "plural",
    "indefinite",
    "possessive",
    "possessive_plural",
    "headline",
)


@dataclass(frozen=True, slots=True)
class TitleForms:
    """Every running-text form of one occupation title, for templates to pick from.

    ``headline`` is the title as a headline shows it: title case and the title's own number, with
    residual and exclusion qualifiers dropped and descriptive ones moved in front.

    >>> forms = title_forms("Loss Mitigation Specialist")
    >>> str(forms)
    'loss mitigation specialist'
    >>> forms.indefinite
    'a loss mitigation specialist'
    >>> title_forms("Education Administrators, Postsecondary").headline
    'Postsecondary Education Administrators'
    """

    title: str
    singular: str
    plural: str
    indefinite: str
    possessive: str
    possessive_plural: str
    headline: str

    def __str__(self) -> str:
        return self.singular

    def as_dict(self) -> dict[str, str]:
        """The display title and each form by name, e.g. for a template context.

        >>> sorted(title_forms("RN").as_dict())
        ['headline', 'indefinite', 'plural', 'possessive', 'possessive_plural', 'singular', 'title']
        """
        return {"title": self.title, **{key: getattr(self, key) for key in TITLE_FORM_KEYS}}


# Word endings of singular nouns that inflect would wrongly singularise ("Bus" -> "Bu", "Gas",
# "Analysis", "Hazardous", "Business").
_SINGULAR_ENDINGS = ("ss", "us", "is", "as", "'s", "\u2019s")
_FINAL_PARENTHESIS = re.compile(r"(.+?)\s+\(([^()]+)\)")


def _is_plural_word(word: str) -> bool:
    """Whether one word of a title is a plural noun: "Auditors", "RNs", "Police"; not "Bus"."""
    last = re.split(r"[-/]", word)[-1]
    lower = last.lower()
    if lower in MEMBER_NOUNS:
        return True
    if lower in ATTRIBUTIVE_PLURALS or not lower.endswith("s") or lower.endswith(_SINGULAR_ENDINGS):
        return False
    if _PLURAL_ACRONYM.fullmatch(last):
        return _ACRONYM.fullmatch(last[:-1]) is not None
    if _ACRONYM.fullmatch(last):
        return False
    singular = _ask("singular_noun", last)
    # inflect takes a lone "S" for the plural of nothing (""): that is no plural noun.
    return isinstance(singular, str) and bool(singular) and singular.lower() != lower


def _singular_word(word: str, *, head: bool) -> str:
    """The singular of a word, inflecting only after its last hyphen or slash ("Driver/Sales")."""
    cut = max(word.rfind("-"), word.rfind("/")) + 1
    prefix, last = word[:cut], word[cut:]
    lower = last.lower()
    if lower in MEMBER_NOUNS:
        return prefix + MEMBER_NOUNS[lower][0] if head else word
    if not _is_plural_word(last):
        return word
    if _PLURAL_ACRONYM.fullmatch(last):
        return prefix + last[:-1]
    singular = _ask("singular_noun", last)
    assert isinstance(singular, str)  # _is_plural_word asked the same of inflect
    return prefix + singular


def _singular_phrase(text: str, *, head: bool = True) -> str:
    """A phrase with its last word singular, and a final parenthesis too: "Nurses (RNs)"."""
    match = _FINAL_PARENTHESIS.fullmatch(text)
    if match:
        inner = _singular_phrase(match.group(2), head=head)
        return f"{_singular_phrase(match.group(1), head=head)} ({inner})"
    words = text.split(" ")
    words[-1] = _singular_word(words[-1], head=head)
    return " ".join(words)


def _plural_head(text: str) -> str:
    """A plural head as the title writes it, with a member noun's plural ("Occupations")."""
    words = text.split(" ")
    member = MEMBER_NOUNS.get(words[-1].lower())
    if member:
        words[-1] = member[1]
    return " ".join(words)


def _join(items: Sequence[str], conjunction: str) -> str:
    return join_list(items, conjunction, serial_comma=needs_serial_comma(items))


@dataclass(frozen=True, slots=True)
class _TitleParts:
    """A title read into running text, before the article and possessives are derived."""

    singular: str  # e.g. "accountant or auditor"
    plural: str | None  # e.g. "accountants and auditors"; None: inflect's plural of the singular
    headline: str  # e.g. "Accountants and Auditors"
    ends_in_plural: bool = False  # the singular ends in a plural noun: its possessive adds "'"


def _parse_title(title: str) -> _TitleParts:
    """Read a display title's structure (:mod:`narrator.titles`) and inflect its words.

    >>> parts = _parse_title("Farmers, Ranchers, and Other Agricultural Managers")
    >>> parts.singular, parts.plural
    ('farmer, rancher or other agricultural manager', 'farmers, ranchers and other agricultural managers')
    """  # noqa: E501 - a doctest's expected output cannot be wrapped
    parts = parse_title(title, _is_plural_word)
    front = [_singular_phrase(qualifier, head=False) for qualifier in parts.front]
    link = f" {parts.link} {parts.complement}" if parts.link else ""
    headline = " ".join([*front, parts.heads_text + link])
    if not parts.plural:
        return _TitleParts(singular=running_text(headline), plural=None, headline=headline)
    link = f" {parts.link} {tidy_list(parts.complement)}" if parts.link else ""
    front = [tidy_list(qualifier) for qualifier in front]
    singulars = [tidy_list(_singular_phrase(head.alternatives)) for head in parts.heads]
    plurals = [tidy_list(_plural_head(head.text)) for head in parts.heads]
    return _TitleParts(
        singular=running_text(" ".join([*front, _join(singulars, "or")]) + link),
        plural=running_text(" ".join([*front, _join(plurals, "and")]) + link),
        headline=headline,
        ends_in_plural=bool(parts.link) and _is_plural_word(last_word(parts.complement)),
    )


def _forms_from_parts(parts: _TitleParts) -> dict[str, str]:
    singular = parts.singular
    return {
        "singular": singular,
        "plural": plural(singular) if parts.plural is None else parts.plural,
        "indefinite": indefinite(singular),
        # "boss's", but "supervisor of retail sales workers'" (the phrase ends in a plural).
        "possessive": f"{_normalise(singular)}'" if parts.ends_in_plural else possessive(singular),
        "headline": parts.headline,
    }


def title_forms(title: str, overrides: Mapping[str, str] | None = None) -> TitleForms:
    """All running-text forms of an occupation title, optionally corrected by overrides.

    ``overrides`` may hold any of :data:`TITLE_FORM_KEYS`. An overridden singular is the base from
    which the forms not overridden are derived (the headline excepted: it always comes from the
    title), and possessive_plural follows the (possibly overridden) plural. An unknown key raises
    ValueError naming it.

    >>> title_forms("HR Manager").plural
    'HR managers'
    >>> title_forms("Accountants and Auditors").indefinite
    'an accountant or auditor'
    >>> forms = title_forms(
    ...     "Collections/Accounts Receivable",
    ...     {"singular": "collections/accounts receivable specialist"},
    ... )
    >>> forms.possessive_plural
    "collections/accounts receivable specialists'"
    """
    given = dict(overrides or {})
    unknown = sorted(key for key in given if key not in TITLE_FORM_KEYS)
    if unknown:
        raise ValueError(
            f"unknown title form override(s) {', '.join(map(repr, unknown))} for {title!r}; "
            f"expected any of {', '.join(TITLE_FORM_KEYS)}"
        )
    for key, value in given.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(
                f"title form override {key!r} for {title!r} must be a non-empty string"
            )
    return _title_forms(title, tuple(sorted(given.items())))


@functools.lru_cache(maxsize=2048)
def _title_forms(title: str, overrides: tuple[tuple[str, str], ...]) -> TitleForms:
    given = dict(overrides)
    parts = _parse_title(title)
    if "singular" in given:
        # An overridden singular is already running text: it replaces the parsed words, and the
        # plural not overridden is inflect's plural of it.
        parts = _TitleParts(singular=given["singular"], plural=None, headline=parts.headline)
    forms = _forms_from_parts(parts) | given
    if "possessive_plural" not in forms:
        forms["possessive_plural"] = _possessive_of_plural(forms["plural"])
    return TitleForms(title=title, **forms)


# Place names read with "the" in running text: districts ("the District of Columbia") and
# island groups ("the Northern Mariana Islands"). States and cities never take it.
