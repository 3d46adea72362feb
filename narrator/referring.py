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

The short forms themselves come from :mod:`narrator.short_forms`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from .article import Paragraph, Section, Table, new_paragraph, new_section, new_sentence
from .forms import TitleForms
from .short_forms import short_forms
from .titles import drop_serial_comma


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
