"""Referring expressions: name each occupation in full once, then by a short form.

A long title said in every sentence tires the reader ("bill and account collectors" six times in
one article). After composing, :func:`refer` keeps the first prose mention of each side in full
and shortens the later ones to the title's head noun ("collectors"), when that short form cannot
be mistaken for the other occupation. Headlines and table cells keep their names.

The survey groups an article names (the Census groups whose figures stand for an occupation's)
are kept apart from the titles: a mention inside a group's name is never shortened ("occupational
health and safety specialists and technicians" stays whole beside "occupational health and
safety specialists"), and a group whose name is the short form of an occupation ("other
designers", the survey's group, beside "other designers" for "designers in other
specialties") is said as the broader group it is. A parenthesis never opens inside another:
a title's "(except ...)" inside the prose's own parenthesis loses its brackets.

>>> from narrator.forms import title_forms
>>> short_forms(title_forms("Bill and Account Collectors"), title_forms("Loan Officers"))
('collectors', 'collector')
>>> short_forms(title_forms("Loan Officers"), title_forms("Tellers")) is None
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .article import Paragraph, Section, Table, new_paragraph, new_section, new_sentence
from .forms import TitleForms
from .titles import drop_serial_comma

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


def replace_words(text: str, old: str, new: str) -> str:
    """``text`` with each whole-word ``old`` replaced by ``new``, left to right.

    ``str.find`` finds the candidates: a regular expression with look-arounds would try every
    position of the text, and cost more than all the rest of referring.

    >>> replace_words("nurses, and nurses-in-training, see nurses.", "nurses", "RNs")
    'RNs, and nurses-in-training, see RNs.'
    """
    start = text.find(old)
    if start < 0:
        return text
    size, end_of_text = len(old), len(text)
    pieces = []
    done = 0
    while start >= 0:
        end = start + size
        # A letter, digit, "_" or "-" beside it (what ``[\\w-]`` matches) makes it part of a
        # longer word; the ends of the text are a space. Written out: a function call for
        # each side cost a third of the replacing.
        before = text[start - 1] if start else " "
        after = text[end] if end < end_of_text else " "
        if not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
            pieces.append(text[done:start])
            pieces.append(new)
            done = end
            start = text.find(old, end)
        else:
            start = text.find(old, start + 1)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Side:
    """One occupation's full forms and their short replacements, longest first."""

    def __init__(
        self, forms: TitleForms, short: tuple[str, str | None], serial_comma: bool
    ) -> None:
        plural, singular = short
        if not serial_comma:
            plural = drop_serial_comma(plural)
            singular = None if singular is None else drop_serial_comma(singular)
        self.short_plural = plural.lower()
        self.short = plural.removeprefix("other ")
        full_plural = forms.form("plural", serial_comma)
        full_singular = forms.form("singular", serial_comma)
        full_indefinite = forms.form("indefinite", serial_comma)
        pairs: list[tuple[str, str | None]] = [(full_plural, plural)]
        if singular is not None:
            indefinite = full_indefinite.split(" ", 1)[0]  # "a" or "an" of the full form
            article = "an" if singular[:1].lower() in "aeiou" else "a"
            pairs[:0] = [
                (full_indefinite, f"{article} {singular}" if indefinite in ("a", "an") else None),
            ]
            pairs.append((full_singular, singular))
        self.full = (full_plural.lower(), full_singular.lower())
        # The full forms as sentences write them: as the title forms give them, or with a
        # capital where a sentence starts with one. Looking for these is cheaper than putting
        # every sentence in lower case first; a form holding another ("collectors" holds
        # "collector") is found by looking for that one.
        written = _written(full_plural, full_singular)
        self.written = tuple(w for w in written if not any(o in w for o in written if o != w))
        # (a full form as written; the short form, with a capital where the mention has one)
        self.replacements = [
            (written, new if written == full else _capital(new))
            for full, new in pairs
            if new is not None
            for written in _written(full)
        ]

    def confusable(self, names: Sequence[str]) -> bool:
        """Whether the short form could be read as one of these names (a survey group)."""
        return any(f" {self.short} " in f" {name} " for name in names)

    def shorten(self, text: str) -> str:
        """``text`` with its full mentions replaced by the short form."""
        for written, short in self.replacements:
            if written in text:
                text = replace_words(text, written, short)
        return text


def _written(*forms: str) -> tuple[str, ...]:
    """Each form as a sentence may hold it: as it is, and with a capital first letter.

    >>> _written("loan officers", "iOS developers")
    ('loan officers', 'Loan officers', 'iOS developers', 'IOS developers')
    """
    return tuple(dict.fromkeys(written for form in forms for written in (form, _capital(form))))


@functools.lru_cache(maxsize=4096)  # read-only once made: shared by a profile's pairs
def _side(forms: TitleForms, short: tuple[str, str | None], serial_comma: bool) -> _Side:
    return _Side(forms, short, serial_comma)


def _naming(text: str, names: Sequence[str], sides: Sequence[_Side]) -> set[int]:
    """The lines of ``text`` (by number) that name one of ``names`` (survey groups, in lower
    case) other than inside an occupation's own full title ("special education teachers"
    inside "kindergarten and elementary school special education teachers"). A title inside
    the group's name is the group's ("occupational health and safety specialists" inside
    "occupational health and safety specialists and technicians"): the group is named."""
    lowered = text.lower()
    lines = set()
    for name in names:
        masked = lowered
        for side in sides:
            for full in side.full:
                if name in full and name != full:
                    masked = masked.replace(full, "\0")
        at = masked.find(name)
        while at >= 0:
            lines.add(masked.count("\n", 0, at))
            at = masked.find(name, at + 1)
    return lines


def _spans(text: str, name: str) -> list[tuple[int, int]]:
    """Where ``name`` (lower case) stands in ``text`` as whole words, whatever the case."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: no safe positions
        return []
    spans = []
    at = lowered.find(name)
    while at >= 0:
        end = at + len(name)
        before = lowered[at - 1] if at else " "
        after = lowered[end] if end < len(lowered) else " "
        if not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
            spans.append((at, end))
        at = lowered.find(name, at + 1)
    return spans


def _shielded(text: str, names: Sequence[str]) -> tuple[str, list[str]]:
    """``text`` with each mention of ``names`` (survey groups, in lower case) put aside behind
    a mark no title holds, and what was put aside, for :func:`_restored`."""
    kept: list[str] = []
    for name in sorted(names, key=len, reverse=True):
        pieces, done = [], 0
        for start, end in _spans(text, name):
            pieces += [text[done:start], f"\x01{len(kept)}\x02"]
            kept.append(text[start:end])
            done = end
        if pieces:
            text = "".join([*pieces, text[done:]])
    return text, kept


def _restored(text: str, kept: Sequence[str]) -> str:
    """The text of :func:`_shielded` with the mentions put back."""
    for number, mention in enumerate(kept):
        text = text.replace(f"\x01{number}\x02", mention, 1)
    return text


BROADER = "the broader survey group of "  # a group named as an occupation is: its first mention
BROADER_AGAIN = "that broader group"  # the group's mentions after that


def _broader(prose: str, name: str, sides: Sequence[_Side]) -> str:
    """The prose with each mention of the survey group ``name`` said as the broader group it
    is, where the same words name one of the occupations (``name`` is a side's short form):
    "the broader survey group of other designers", then "that broader group". A sentence that
    names the occupation in full beside the group sets them apart itself and keeps the name.
    """
    lines = prose.split("\n")
    named = [full for side in sides if side.short_plural == name for full in side.full]
    fulls = [full for side in sides for full in side.full if name in full]
    first = True
    for number, line in enumerate(lines):
        lowered = line.lower()
        if name not in lowered or any(full in lowered for full in named if name not in full):
            continue
        # A mention inside a title's full name ("other designers" inside a longer title) is
        # the title's: only the mentions outside every such name are the group's.
        inside = [
            (at, at + len(full))
            for full in fulls
            if full in lowered
            for at, _ in _spans(lowered, full)
        ]
        spans = [
            (start, end)
            for start, end in _spans(line, name)
            if not any(at <= start and end <= stop for at, stop in inside)
        ]
        if not spans:
            continue
        pieces, done = [], 0
        for start, end in spans:
            said = f"{BROADER}{line[start:end].lower()}" if first else BROADER_AGAIN
            first = False
            pieces += [line[done:start], _capital(said) if line[start].isupper() else said]
            done = end
        lines[number] = "".join([*pieces, line[done:]])
    return "\n".join(lines)


# A parenthesis opened before another closes: the inner one would nest.
_NESTED = re.compile(r"\([^()\n]*\(")
# What a title's own parenthesis starts with: its classification qualifier.
_QUALIFIER = re.compile(r"(?:except|including|other than)\b", re.IGNORECASE)


def unnest(text: str) -> str:
    """``text`` with no parenthesis inside another: an inner one holding a title's
    classification qualifier ("(except ...)") loses its brackets, and any other takes square
    ones, as a parenthesis within a parenthesis is written.

    >>> unnest("for assemblers (with assemblers (except coil winders)) and others (see (a))")
    'for assemblers (with assemblers except coil winders) and others (see [a])'
    """
    out: list[str] = []
    closing: list[str] = []  # for each open parenthesis, what closes it as written
    for index, char in enumerate(text):
        if char == "(":
            if not any(closing):
                opened, close = "(", ")"
            elif _QUALIFIER.match(text, index + 1):
                opened, close = "", ""
            else:
                opened, close = "[", "]"
            out.append(opened)
            closing.append(close)
        elif char == ")" and closing:
            out.append(closing.pop())
        else:
            out.append(char)
    return "".join(out)


def refer(
    sections: Sequence[Section],
    forms_a: TitleForms,
    forms_b: TitleForms,
    avoid: tuple[str, ...] = (),
    serial_comma: bool = True,
) -> tuple[Section, ...]:
    """The sections with every prose mention after the first of a long title shortened, except
    in a sentence that names one of ``avoid`` (the survey groups the article names): beside
    "other financial specialists", "specialists" would not say which is meant. ``serial_comma``
    is the article's setting, which its titles' lists follow.

    The sentence that first names an occupation keeps every mention in it; each later sentence
    has its mentions shortened. Sentences are one line each (the composer tidies them), so the
    article's prose is worked on as one text, a sentence a line: finding the first mention and
    replacing the later ones are then a few calls in C rather than a loop over the sentences.

    A survey group's name is never shortened, even where it holds a title; a group named with
    an occupation's short form is said as the broader group (:func:`_broader`). Last, no
    parenthesis is left inside another (:func:`unnest`).
    """
    sides = []
    # A survey group that is the occupation itself is no other name to keep apart from.
    own = {forms.form("plural", serial_comma).lower() for forms in (forms_a, forms_b)}
    avoid = tuple(dict.fromkeys(name.lower() for name in avoid if name.lower() not in own))
    for forms, other in ((forms_a, forms_b), (forms_b, forms_a)):
        short = short_forms(forms, other)
        if short is not None:
            sides.append(_side(forms, short, serial_comma))
    # Only a name with a parenthesis of its own can nest one in the prose's.
    bracketed = any("(" in name for name in (forms_a.plural, forms_b.plural, *avoid))
    if not sides and not bracketed:
        return tuple(sections)
    texts = [
        sentence.text
        for section in sections
        for block in section.blocks
        if block.__class__ is not Table
        for sentence in block.sentences  # type: ignore[union-attr]
    ]
    if not texts:
        return tuple(sections)
    prose = "\n".join(texts)
    changed = False
    for name in avoid:
        if any(name == side.short_plural for side in sides):
            broader = _broader(prose, name, sides)
            changed = changed or broader != prose
            prose = broader
    for side in sides:
        first = -1
        for form in side.written:
            found = prose.find(form, 0, None if first < 0 else first)
            if found >= 0:
                first = found
        if first < 0:
            continue
        end = prose.find("\n", first)  # the end of the sentence that names it first
        if end < 0:
            continue
        rest = prose[end:]
        # A group whose name holds the title is put aside: its name stays whole.
        holding = [name for name in avoid if any(full in name for full in side.full)]
        rest, aside = _shielded(rest, holding) if holding else (rest, [])
        # Beside a survey group whose name holds the short form, a sentence naming that
        # group keeps the full title.
        names = [name for name in avoid if side.confusable((name,))]
        keep = _naming(_restored(rest, aside), names, sides) if names else ()
        if keep:
            later = rest.split("\n")
            for number, text in enumerate(later):
                if number not in keep:
                    later[number] = side.shorten(text)
            shortened = "\n".join(later)
        else:
            shortened = side.shorten(rest)
        if shortened != rest:
            prose = prose[:end] + _restored(shortened, aside)
            changed = True
    if bracketed and _NESTED.search(prose):
        prose = "\n".join(
            unnest(line) if _NESTED.search(line) else line for line in prose.split("\n")
        )
        changed = True
    if not changed:
        return tuple(sections)
    after = prose.split("\n")
    if len(after) != len(texts):
        raise ValueError("refer: a sentence spans lines")
    return _rebuilt(sections, texts, after)


def _rebuilt(
    sections: Sequence[Section], before: list[str], after: list[str]
) -> tuple[Section, ...]:
    """The sections with their sentences' texts, ``before`` in order, replaced by ``after``;
    a paragraph or section with nothing changed stays the same object."""
    result = []
    done = 0
    for section in sections:
        blocks: list[Paragraph | Table] = []
        changed = False
        for block in section.blocks:
            if block.__class__ is Table:
                blocks.append(block)
                continue
            sentences = block.sentences  # type: ignore[union-attr]
            start, done = done, done + len(sentences)
            texts = after[start:done]
            if texts == before[start:done]:  # a paragraph's texts compared in one C call
                blocks.append(block)
                continue
            blocks.append(
                new_paragraph(
                    tuple(
                        sentence
                        if text == sentence.text
                        else new_sentence(text, sentence.fragment, sentence.fields)
                        for sentence, text in zip(sentences, texts, strict=True)
                    )
                )
            )
            changed = True
        result.append(
            new_section(section.id, section.heading, tuple(blocks)) if changed else section
        )
    return tuple(result)
