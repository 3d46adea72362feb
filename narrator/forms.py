"""Turn an official occupation title into the forms running text needs: TitleForms.

Titles pass through two steps: :func:`_parse_title` reads a title's structure with
:mod:`narrator.titles` and inflects its words, then :func:`_forms_from_parts` adds the article
and possessives. Official BLS titles (plural, coordinated, qualified) read as an editor writes:

* Coordinated heads take "or" in the singular and "and" in the plural ("an accountant or
  auditor"); coordinated modifiers of one head keep "and" ("a bill and account collector"),
  but not before "Other"/"Related" ("an engine or other machine assembler") nor between
  adjectives that each name a kind of the head ("a clinical or counseling psychologist").
* Only the head noun is singularised, by inflect ("a human resources specialist"); the plural
  is the title's own. An "of" complement stays plural ("a first-line supervisor of retail sales
  workers"); a "--" complement is whose helper it is ("Helpers--Electricians": "an
  electrician's helper", "electricians' helpers"), or, for a list of trades, whom they help
  ("helpers to pipelayers, plumbers, pipefitters, and steamfitters").
* A post-positive qualifier moves in front, its last noun singular unless in
  :data:`ATTRIBUTIVE_PLURALS` ("a postsecondary education administrator", "a utility meter
  reader"). Group heads take a member noun (:data:`MEMBER_NOUNS`).
* Classification qualifiers never change what the words mean. A residual ("Engineers, All
  Other", "Miscellaneous Assemblers and Fabricators") reads "engineers in other specialties",
  "assemblers and fabricators in other specialties" (:data:`RESIDUAL`), never the whole group;
  an exclusion stays, in parentheses ("Disc Jockeys, Except Radio": "disc jockeys (except
  radio)"), unless a profile's title_forms give a natural name ("non-radio disc jockeys").
  "Including ..." only widens the name and is dropped. The headline says the same in title
  case.
* Lists keep the title's serial comma; :attr:`TitleForms.no_serial_comma` holds each form
  without it, except where the comma is needed to read the list ("stonemasons, and tile and
  marble setters"), for articles written with ``--no-serial-comma``.

A title whose head is singular ("Loss Mitigation Specialist") keeps its words as they are: its
plural comes from :func:`plural`.

A survey's name for a broader group of occupations (the Current Population Survey's
"Sales representatives, wholesale and manufacturing") reads the same way in running text
(:func:`group_name`), as the people in it, with its classification words kept: it is said
once where its figures are given and must never read as another group.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
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
    POSTPOSITIVE_SINGULARS,
    POSTPOSITIVES,
    TitleStructure,
    drop_serial_comma,
    head_span,
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

SHORT_KEYS: tuple[str, ...] = ("short", "short_singular")
"""Overrides of how an article names an occupation after its first mention
(:mod:`narrator.referring`): the plural and the singular short form, where the rules find none
or a poor one ("pilots and flight engineers" for "airline pilots, copilots, and flight
engineers"). Not forms a template reads."""

OVERRIDE_KEYS: tuple[str, ...] = TITLE_FORM_KEYS + SHORT_KEYS
"""Every key a profile's ``[title_forms]`` may hold."""

# What a residual title ("..., All Other") adds after its name, in the singular, the plural and
# a headline: the workers of the heads not classified in any other occupation.
RESIDUAL: tuple[str, str, str, str] = (
    "in another specialty",
    "in other specialties",
    "in Other Specialties",
    "in Another Specialty",  # the headline of a singular title
)


@dataclass(frozen=True, slots=True)
class TitleForms:
    """Every running-text form of one occupation title, for templates to pick from.

    ``headline`` is the title as a headline shows it: title case and the title's own number,
    with descriptive qualifiers moved in front and classification qualifiers said as the prose
    says them. ``no_serial_comma`` holds each form of :data:`TITLE_FORM_KEYS`, in order, as an
    article written without the serial comma prints it (:meth:`form`).

    >>> forms = title_forms("Loss Mitigation Specialist")
    >>> str(forms)
    'loss mitigation specialist'
    >>> forms.indefinite
    'a loss mitigation specialist'
    >>> title_forms("Education Administrators, Postsecondary").headline
    'Postsecondary Education Administrators'
    >>> forms = title_forms("Child, Family, and School Social Workers")
    >>> forms.plural, forms.form("plural", serial_comma=False)
    ('child, family, and school social workers', 'child, family and school social workers')
    """

    title: str
    singular: str
    plural: str
    indefinite: str
    possessive: str
    possessive_plural: str
    headline: str
    no_serial_comma: tuple[str, ...] = ()
    short: str | None = None
    short_singular: str | None = None

    def __str__(self) -> str:
        return self.singular

    def form(self, key: str, serial_comma: bool = True) -> str:
        """One form by name, with or without the serial comma in its lists."""
        if serial_comma:
            return str(getattr(self, key))
        return self.no_serial_comma[_FORM_INDEX[key]]

    def as_dict(self) -> dict[str, str]:
        """The display title and each form by name (with the serial comma), e.g. for a
        template context.

        >>> sorted(title_forms("RN").as_dict())
        ['headline', 'indefinite', 'plural', 'possessive', 'possessive_plural', 'singular', 'title']
        """
        return {"title": self.title, **{key: getattr(self, key) for key in TITLE_FORM_KEYS}}


_FORM_INDEX = {key: index for index, key in enumerate(TITLE_FORM_KEYS)}

# Word endings of singular nouns that inflect would wrongly singularise ("Bus" -> "Bu", "Gas",
# "Analysis", "Hazardous", "Business").
_SINGULAR_ENDINGS = ("ss", "us", "is", "as", "'s", "\u2019s")
_FINAL_PARENTHESIS = re.compile(r"(.+?)\s+\(([^()]+)\)")


def _is_plural_word(word: str) -> bool:
    """Whether one word of a title is a plural noun: "Auditors", "RNs", "Police"; not "Bus"."""
    start, end = head_span(word)
    last = word[start:end]
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
    """The singular of a word, inflecting only its head part (:func:`head_span`): after its
    last hyphen or slash ("Driver/Sales"), before a particle ("Passers-by")."""
    start, end = head_span(word)
    prefix, last, suffix = word[:start], word[start:end], word[end:]
    lower = last.lower()
    if lower in MEMBER_NOUNS:
        return prefix + MEMBER_NOUNS[lower][0] + suffix if head else word
    if not _is_plural_word(last):
        return word
    if _PLURAL_ACRONYM.fullmatch(last):
        return prefix + last[:-1] + suffix
    singular = _ask("singular_noun", last)
    assert isinstance(singular, str)  # _is_plural_word asked the same of inflect
    return prefix + singular + suffix


def _head_index(words: Sequence[str]) -> int:
    """The index of the head word: the last, passing over postpositive modifiers."""
    index = len(words) - 1
    while index > 0 and words[index].lower() in POSTPOSITIVES:
        index -= 1
    return index


def _singular_phrase(text: str, *, head: bool = True) -> str:
    """A phrase with its head word singular, and a final parenthesis too: "Nurses (RNs)",
    "Professors Emeriti" -> "Professor Emeritus"."""
    match = _FINAL_PARENTHESIS.fullmatch(text)
    if match:
        inner = _singular_phrase(match.group(2), head=head)
        return f"{_singular_phrase(match.group(1), head=head)} ({inner})"
    words = text.split(" ")
    index = _head_index(words)
    words[index] = _singular_word(words[index], head=head)
    for after in range(index + 1, len(words)):
        singular = POSTPOSITIVE_SINGULARS.get(words[after].lower())
        if singular:
            words[after] = words[after][:1] + singular[1:]
    return " ".join(words)


def _plural_head(text: str) -> str:
    """A plural head as the title writes it, with a member noun's plural ("Occupations")."""
    words = text.split(" ")
    index = _head_index(words)
    member = MEMBER_NOUNS.get(words[index].lower())
    if member:
        words[index] = member[1]
    return " ".join(words)


def _join(items: Sequence[str], conjunction: str, serial_comma: bool) -> str:
    return join_list(items, conjunction, serial_comma=serial_comma or needs_serial_comma(items))


def _list(text: str, serial_comma: bool) -> str:
    """One list of a title in prose: "&" as "and", its serial comma as the setting says."""
    text = tidy_list(text)
    return text if serial_comma else drop_serial_comma(text)


def _apostrophe(text: str) -> str:
    """A plural's possessive ending: "electricians'", "police's"."""
    return _possessive_of_plural(text)[len(text) :]


@dataclass(frozen=True, slots=True)
class _TitleParts:
    """A title read into running text, before the article and possessives are derived."""

    singular: str  # e.g. "accountant or auditor"
    plural: str | None  # e.g. "accountants and auditors"; None: inflect's plural of the singular
    headline: str  # e.g. "Accountants and Auditors"
    ends_in_plural: bool = False  # the singular ends in a plural noun: its possessive adds "'"


def _parse_title(title: str, serial_comma: bool = True) -> _TitleParts:
    """Read a display title's structure (:mod:`narrator.titles`) and inflect its words; its
    lists keep their serial comma, or lose it where it is not needed to read them.

    >>> parts = _parse_title("Farmers, Ranchers, and Other Agricultural Managers")
    >>> parts.singular, parts.plural
    ('farmer, rancher, or other agricultural manager', 'farmers, ranchers, and other agricultural managers')
    >>> _parse_title("Helpers--Electricians").singular
    "electrician's helper"
    >>> _parse_title("Engineers, All Other").plural
    'engineers in other specialties'
    """  # noqa: E501 - a doctest's expected output cannot be wrapped
    parts = parse_title(title, _is_plural_word)
    front = [_singular_phrase(qualifier, head=False) for qualifier in parts.front]
    base = _named(parts, front, parts.link, parts.complement, serial_comma)
    singular, plural_text, headline = base.singular, base.plural, base.headline
    suffixes: list[tuple[str, str, str]] = []
    if parts.residual:
        one, many, heading, heading_one = RESIDUAL
        suffixes.append((one, many, heading if parts.plural else heading_one))
    for exclusion in parts.exclusions:
        words = running_text(_list(exclusion, serial_comma))
        heading = exclusion if serial_comma else drop_serial_comma(exclusion)
        suffixes.append((f"({words})", f"({words})", f"({heading})"))
    if not suffixes:
        return base
    if plural_text is None:
        plural_text = plural(singular)
    for one, many, heading in suffixes:
        singular, plural_text, headline = (
            f"{singular} {one}",
            f"{plural_text} {many}",
            f"{headline} {heading}",
        )
    return _TitleParts(singular=singular, plural=plural_text, headline=headline)


def _named(
    parts: TitleStructure, front: list[str], link: str, complement: str, serial_comma: bool
) -> _TitleParts:
    """The name itself: heads, the qualifiers set in front, and a linked complement."""
    if link == "to":
        # "Helpers--Electricians": whose helpers they are, as a possessive in front; after a
        # list of trades a possessive would read as the last one's helpers alone, so they are
        # helpers "to" the list ("helpers to pipelayers, plumbers, pipefitters, and steamfitters").
        of = _parse_title(complement, serial_comma)
        many = of.plural if of.plural is not None else plural(of.singular)
        heads = _named(parts, front, "", "", serial_comma)
        heads_plural = heads.plural if heads.plural is not None else plural(heads.singular)
        if "," in complement or " and " in complement:
            return _TitleParts(
                singular=f"{heads.singular} to {many}",
                plural=f"{heads_plural} to {many}",
                headline=f"{heads.headline} to {complement}",
                ends_in_plural=True,
            )
        return _TitleParts(
            singular=f"{possessive(of.singular)} {heads.singular}",
            plural=f"{many}{_apostrophe(many)} {heads_plural}",
            headline=f"{complement}{_apostrophe(complement)} {heads.headline}",
        )
    linked = f" {link} {complement}" if link else ""
    headline = " ".join([*front, parts.heads_text + linked])
    if not serial_comma:
        headline = drop_serial_comma(headline)
    if not parts.plural:
        return _TitleParts(singular=running_text(headline), plural=None, headline=headline)
    linked = f" {link} {_list(complement, serial_comma)}" if link else ""
    front = [_list(qualifier, serial_comma) for qualifier in front]
    singulars = [_list(_singular_phrase(head.alternatives), serial_comma) for head in parts.heads]
    plurals = [_list(_plural_head(head.text), serial_comma) for head in parts.heads]
    return _TitleParts(
        singular=running_text(" ".join([*front, _join(singulars, "or", serial_comma)]) + linked),
        plural=running_text(" ".join([*front, _join(plurals, "and", serial_comma)]) + linked),
        headline=headline,
        ends_in_plural=bool(link) and _is_plural_word(last_word(complement)),
    )


# An exclusion at the end of a form: possessives go before it ("disc jockeys' (except radio)").
_EXCLUSION_END = re.compile(r"(.*\S)(\s+\((?:except|other than)\b[^()]*\))", re.IGNORECASE)


def _outside(text: str, make: Callable[[str], str]) -> str:
    """``make`` (a possessive) applied to ``text``, or to the name before a final exclusion."""
    match = _EXCLUSION_END.fullmatch(text)
    return make(match.group(1)) + match.group(2) if match else make(text)


def _forms_from_parts(parts: _TitleParts) -> dict[str, str]:
    singular = parts.singular
    return {
        "singular": singular,
        "plural": plural(singular) if parts.plural is None else parts.plural,
        "indefinite": indefinite(singular),
        # "boss's", but "supervisor of retail sales workers'" (the phrase ends in a plural).
        "possessive": f"{_normalise(singular)}'"
        if parts.ends_in_plural
        else _outside(singular, possessive),
        "headline": parts.headline,
    }


def title_forms(title: str, overrides: Mapping[str, str] | None = None) -> TitleForms:
    """All running-text forms of an occupation title, optionally corrected by overrides.

    ``overrides`` may hold any of :data:`OVERRIDE_KEYS`, written with the serial comma (the
    forms without it are derived). An overridden singular is the base from which the forms not
    overridden are derived (the headline excepted: it always comes from the title), and
    possessive_plural follows the (possibly overridden) plural. An unknown key raises
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
    unknown = sorted(key for key in given if key not in OVERRIDE_KEYS)
    if unknown:
        raise ValueError(
            f"unknown title form override(s) {', '.join(map(repr, unknown))} for {title!r}; "
            f"expected any of {', '.join(OVERRIDE_KEYS)}"
        )
    for key, value in given.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(
                f"title form override {key!r} for {title!r} must be a non-empty string"
            )
    return _title_forms(title, tuple(sorted(given.items())))


@functools.lru_cache(maxsize=2048)
def _title_forms(title: str, overrides: tuple[tuple[str, str], ...]) -> TitleForms:
    # Both settings' forms are worked out once per title: the filters pick by the article's.
    given = {key: value for key, value in overrides if key in TITLE_FORM_KEYS}
    short = {key: value for key, value in overrides if key in SHORT_KEYS}
    forms = _forms(title, dict(given), serial_comma=True)
    plain = _forms(title, dict(given), serial_comma=False)
    return TitleForms(
        title=title,
        **forms,
        no_serial_comma=tuple(plain[key] for key in TITLE_FORM_KEYS),
        short=short.get("short"),
        short_singular=short.get("short_singular"),
    )


def _forms(title: str, given: dict[str, str], *, serial_comma: bool) -> dict[str, str]:
    """Every form of a title under one serial-comma setting, overrides applied."""
    parts = _parse_title(title, serial_comma)
    if not serial_comma:
        # Overrides are written with the serial comma, as official titles are.
        given = {key: drop_serial_comma(value) for key, value in given.items()}
    if "singular" in given:
        # An overridden singular is already running text: it replaces the parsed words, and the
        # plural not overridden is inflect's plural of it.
        parts = _TitleParts(singular=given["singular"], plural=None, headline=parts.headline)
    forms = _forms_from_parts(parts) | given
    if "possessive_plural" not in forms:
        forms["possessive_plural"] = _outside(forms["plural"], _possessive_of_plural)
    return forms


# A leading "Miscellaneous" in a survey group's name ("Miscellaneous agricultural workers"): the
# survey's residual, said as its "Other ..." groups are.
_GROUP_RESIDUAL = re.compile(r"Miscellaneous\s+(?=\S)", re.IGNORECASE)
# A trailing ", including ..." of a survey group's name: it says what the group takes in.
_GROUP_INCLUDING = re.compile(r",\s+(including\s+[^,()]+(?:,\s+[^,()]+)*)$", re.IGNORECASE)


@functools.lru_cache(maxsize=512)
def group_name(name: str, serial_comma: bool = True) -> str:
    """A survey's name for a group of occupations as running text names the people in it: a
    title read by the same rules as an occupation's (:func:`title_forms`), in the plural.

    Inverted names read in natural order ("Sales representatives, wholesale and
    manufacturing": "wholesale and manufacturing sales representatives"); a group named by its
    occupations names their workers ("Other mathematical science occupations": "other
    mathematical science workers"); a residual says "other" ("Miscellaneous agricultural
    workers": "other agricultural workers"). Qualifiers that change what the group holds stay,
    in parentheses: "(except drafters)", "(including health and safety)".

    >>> group_name("Sales representatives, wholesale and manufacturing")
    'wholesale and manufacturing sales representatives'
    >>> group_name("Other healthcare practitioners and technical occupations")
    'other healthcare practitioners and technical workers'
    >>> group_name("Other engineering technologists and technicians, except drafters")
    'other engineering technologists and technicians (except drafters)'
    >>> group_name("Industrial engineers, including health and safety")
    'industrial engineers (including health and safety)'
    >>> group_name("Broadcast, sound, and lighting technicians", serial_comma=False)
    'broadcast, sound and lighting technicians'
    """
    text = _GROUP_RESIDUAL.sub("Other ", " ".join(name.split()), count=1)
    including = _GROUP_INCLUDING.search(text)
    if including:
        text = text[: including.start()]
    parts = _parse_title(text, serial_comma)
    named = plural(parts.singular) if parts.plural is None else parts.plural
    if including:
        named += f" ({running_text(_list(including.group(1), serial_comma))})"
    return named
