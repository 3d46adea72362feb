"""Short forms: the name a long title goes by after its first mention in an article.

The short form is the title's head noun ("collectors" for bill and account collectors), kept
with the noun before it where the head alone says little ("research assistants"), the heads of
a coordinated title ("secretaries and assistants"), a residual's "other" ("other managers"),
or the profile's own (``short`` in its title forms). There is none where the title is short
already, where the short form would fit the other occupation or a survey group the article
names, or where it would name a whole profession ("teachers" for preschool special education
teachers). :mod:`narrator.referring` puts it in the prose.

>>> from narrator.forms import title_forms
>>> short_forms(title_forms("Bill and Account Collectors"), title_forms("Loan Officers"))
('collectors', 'collector')
>>> short_forms(title_forms("Loan Officers"), title_forms("Tellers")) is None
True
"""

from __future__ import annotations

import functools
import re

from .forms import TitleForms

# Head nouns too vague to stand for an occupation on their own, or that only mean it with the
# noun before them ("disc jockeys", "farm hands").
VAGUE_HEADS = frozenset(
    {
        "workers",
        "occupations",
        "staff",
        "personnel",
        "employees",
        "people",
        "persons",
        "jockeys",
        "hands",
    }
)
# Head nouns that say what the occupation is only with a coordinated head beside them
# ("operators and tenders") or the noun before them ("model makers", "mail carriers").
LONE_VAGUE_HEADS = frozenset({"makers", "tenders", "setters", "layers", "loaders", "carriers"})
# General heads that say little without the noun before them: "research assistants" and
# "camera operators" rather than "assistants" and "operators", unless that noun is one of
# several coordinated modifiers ("crane and tower operators" stays "operators").
NOUN_HEADS = frozenset(
    {
        "operators",
        "technicians",
        "specialists",
        "assistants",
        "clerks",
        "attendants",
        "agents",
        "representatives",
        "analysts",
        "repairers",
    }
)
# Heads that name a whole profession, of which the occupation is one kind: "teachers" for
# preschool special education teachers, "engineers" for health and safety engineers, "masons"
# for plasterers and stucco masons would say something of all of them. Such a title is said in
# full (a profile may still give its own short form) when it has at most PROFESSION_TITLE_WORDS
# words; a longer one is shortened still, as said again in full it would fill the article.
PROFESSION_TITLE_WORDS = 5
PROFESSION_HEADS = frozenset(
    {
        "teachers",
        "professors",
        "instructors",
        "scientists",
        "engineers",
        "architects",
        "physicians",
        "surgeons",
        "nurses",
        "therapists",
        "technologists",
        "cooks",
        "masons",
        "pilots",
        "drivers",
        "doctors",
        "lawyers",
        "artists",
    }
)
RESIDUAL = " in other specialties"  # what narrator.forms writes for "…, All Other"
MIN_WORDS = 4  # titles shorter than this are said in full every time
RESIDUAL_WORDS = 3  # a residual's name up to this long keeps all its words after "other"


RESIDUAL_SINGULAR = " in another specialty"
_EXCLUSION = re.compile(r" \(except [^)]*\)")


_POSTMODIFIER = re.compile(r" (?:of|in|for) ")


def _head(phrase: str) -> str:
    """The head noun of a running-text form: before an "of", "in" or "for" phrase, the last
    word ("helpers in other construction trades": "helpers")."""
    return _POSTMODIFIER.split(phrase, 1)[0].split()[-1]


def _with_noun(phrase: str) -> str:
    """The head with the noun before it ("research assistants"), or the head alone where that
    noun is coordinated with another ("crane and tower operators": "operators").

    >>> _with_noun("social science research assistants"), _with_noun("crane and tower operators")
    ('research assistants', 'operators')
    """
    words = _POSTMODIFIER.split(phrase, 1)[0].split()
    if len(words) < 3 or words[-3] in ("and", "or") or words[-2].endswith(","):
        return words[-1]
    if words[-2] in GENERIC_MODIFIERS:
        return words[-1]
    return " ".join(words[-2:])


# Nouns too general to say which operators or technicians are meant ("service technicians"
# for wind turbine service technicians), or only half a compound ("resources assistants").
GENERIC_MODIFIERS = frozenset(
    {"service", "resources", "materials", "unit", "room", "station", "equipment", "machine"}
)


def _one_head(plural: str) -> bool:
    """Whether a plural form names one head noun: in "bill and account collectors" and
    "clinical and counseling psychologists" only the last conjunct is a plural noun; in "chefs
    and head cooks" and "ushers, lobby attendants and ticket takers" others are too."""
    conjuncts = re.split(r",? (?:or|and) |, ", _POSTMODIFIER.split(plural, 1)[0])
    return not any(c.split()[-1].endswith("s") for c in conjuncts[:-1] if c)


_HEAD_LIST = re.compile(r"([\w-]+)((?:, [\w-]+)+),? and ([\w-]+)$")


def _head_list(plural: str, singular: str) -> tuple[str, str] | None:
    """For a title ending in three or more one-word heads ("metal and plastic plating machine
    setters, operators, and tenders"), the heads alone ("setters, operators, and tenders"),
    and "helpers" for a "…' helpers" title."""
    if plural.endswith("' helpers") and singular.endswith("'s helper"):
        return "helpers", "helper"
    ends = _HEAD_LIST.search(plural.split(" of ", 1)[0])
    ends_singular = re.search(r"([\w-]+)((?:, [\w-]+)+),? or ([\w-]+)$", singular)
    if ends is None or ends_singular is None:
        return None
    heads = [ends.group(1), *ends.group(2).split(", ")[1:], ends.group(3)]
    if not all(head.endswith("s") for head in heads) or ends.group() == plural:
        return None
    return ends.group(), ends_singular.group()


def _two_heads(plural: str, singular: str) -> tuple[str, str] | None:
    """For a title ending in two heads ("medical secretaries and administrative assistants",
    "... equipment operators and tenders"), the heads alone ("secretaries and assistants",
    "secretary or assistant")."""
    # The word before the last "and" and the last word: the two heads.
    ends = re.fullmatch(
        r".*?\b([\w-]+) and (?!.* and )(?:[\w-]+ )*([\w-]+)", plural.split(" of ", 1)[0]
    )
    ends_singular = re.fullmatch(
        r".*?\b([\w-]+) or (?!.* or )(?:[\w-]+ )*([\w-]+)", singular.split(" of ", 1)[0]
    )
    if ends is None or ends_singular is None:
        return None
    short = f"{ends.group(1)} and {ends.group(2)}"
    if short == plural or any(word in VAGUE_HEADS for word in ends.groups()):
        return None
    if not ends.group(1).endswith("s"):
        return None  # a modifier, not a head ("bill and account collectors")
    return short, f"{ends_singular.group(1)} or {ends_singular.group(2)}"


@functools.lru_cache(maxsize=4096)  # a title's short form, whatever it is compared with
def _candidate(forms: TitleForms) -> tuple[str, str | None] | None:
    """The short plural and singular of ``forms`` before the other occupation is asked: the
    profile's own (``short``, ``short_singular`` in its title_forms) or the rules'."""
    if forms.short is not None:
        return forms.short, forms.short_singular
    if len(forms.plural.split()) < MIN_WORDS or "(" in _EXCLUSION.sub("", forms.plural):
        return None
    residual = forms.plural.endswith(RESIDUAL)
    plural_base = _EXCLUSION.sub("", forms.plural.removesuffix(RESIDUAL))
    singular_base = _EXCLUSION.sub("", forms.singular.removesuffix(RESIDUAL_SINGULAR))
    plural: str | None = None
    singular: str | None = None
    heads = _two_heads(plural_base, singular_base) or _head_list(plural_base, singular_base)
    if residual and len(plural_base.split()) <= RESIDUAL_WORDS:
        # "other financial clerks", not "other clerks": a residual's name is short already.
        plural, singular = plural_base, singular_base
    elif _one_head(plural_base) and _head(plural_base) not in VAGUE_HEADS | LONE_VAGUE_HEADS:
        plural, singular = _head(plural_base), _head(singular_base)
        if plural in NOUN_HEADS and not residual:
            plural, singular = _with_noun(plural_base), _with_noun(singular_base)
    elif heads is not None:
        plural, singular = heads
    elif residual or plural_base != forms.plural:
        plural, singular = plural_base, singular_base
    if plural is None or singular is None:
        return None
    if residual:
        plural, singular = f"other {plural}", None
    elif plural == forms.plural:
        return None
    return plural, singular


def _bare_profession(plural: str) -> bool:
    """Whether a short form names a whole profession: one of :data:`PROFESSION_HEADS` with no
    noun before it ("teachers", "plasterers and masons"; not "social work teachers")."""
    words = plural.replace(",", "").split()
    return any(
        word in PROFESSION_HEADS and (index == 0 or words[index - 1] in ("and", "or"))
        for index, word in enumerate(words)
    )


def short_forms(
    forms: TitleForms, other: TitleForms, avoid: tuple[str, ...] = ()
) -> tuple[str, str | None] | None:
    """The short plural and singular for ``forms`` (the singular None where it stays in full),
    or None when the title is short already or its short form would also fit ``other`` or a
    name in ``avoid`` (the survey groups an article names).

    The short form is the head noun ("collectors", "supervisors"). An exclusion, once named in
    full, drops its parenthesis ("pump operators (except wellhead pumpers)" becomes "operators"
    or, with no clear head, "pump operators"). A residual keeps its "other": "engineers in other
    specialties" becomes "other engineers", and its singular stays whole.
    """
    candidate = _candidate(forms)
    if candidate is None:
        return None
    taken = " ".join(("", other.plural, other.singular, *avoid, "")).lower()
    if _fits(candidate, taken, other):
        # Two of a kind ("postsecondary anthropology and archeology teachers" beside
        # "postsecondary social work teachers"): the words they begin with alike go instead.
        candidate = _without_shared_start(forms, other)
        if candidate is None or _fits(candidate, taken, other):
            return None
    if (
        forms.short is None
        and len(forms.plural.split()) <= PROFESSION_TITLE_WORDS
        and not candidate[0].startswith("other ")
        and _bare_profession(candidate[0])
    ):
        return None
    return candidate


def _fits(short: tuple[str, str | None], taken: str, other: TitleForms) -> bool:
    """Whether a short form could be read as the other occupation or a name in ``taken``."""
    plural, singular = short
    bare = plural.removeprefix("other ")
    if f" {bare} " in taken or bare in taken.split() or f" {bare}" in f" {other.plural}":
        return True
    return singular is not None and f" {singular} " in taken


def _without_shared_start(forms: TitleForms, other: TitleForms) -> tuple[str, str | None] | None:
    """The title without the leading words it shares with ``other``, when those are modifiers
    and at least two words remain ("social work teachers"); None otherwise.

    >>> from narrator.forms import title_forms
    >>> _without_shared_start(
    ...     title_forms("Social Work Teachers, Postsecondary"),
    ...     title_forms("Anthropology and Archeology Teachers, Postsecondary"))
    ('social work teachers', 'social work teacher')
    """
    if any(" of " in f or "(" in f or "," in f for f in (forms.plural, forms.singular)):
        return None
    words, others = forms.plural.split(), other.plural.split()
    shared = 0
    while shared < min(len(words), len(others)) - 1 and words[shared] == others[shared]:
        shared += 1
    singular = forms.singular.split()
    if shared == 0 or len(words) - shared < 2 or singular[:shared] != words[:shared]:
        return None
    return " ".join(words[shared:]), " ".join(singular[shared:])
