"""Take an occupation title apart: its coordinated heads, a complement, and its qualifiers.

Official U.S. occupation titles (the BLS SOC titles) name an occupation in the plural and pack a
list, a complement and qualifiers into one line: "Farmers, Ranchers, and Other Agricultural
Managers", "First-Line Supervisors of Retail Sales Workers", "Education Administrators,
Postsecondary", "Architects, Except Landscape and Naval". This module reads that structure and
nothing else. Whether a word is a plural noun is word knowledge, so the caller passes it in
(:mod:`narrator.grammar`, with inflect underneath); no word is inflected here. The two word lists
the reading depends on live here too (:data:`ATTRIBUTIVE_PLURALS`, :data:`MEMBER_NOUNS`), and so
does the punctuation of a title's lists in prose (:func:`tidy_list`).

How a title is read, rule by rule:

1. **Link.** The first " of " or "--" that comes before any dropped qualifier (rule 4) splits
   the heads from a complement, which stays as the title writes it: "First-Line Supervisors |
   of | Retail Sales Workers", "Helpers | -- | Carpenters" (read "helpers to carpenters").
2. **Commas.** The title is cut at its commas into segments; a segment that starts with "and",
   "or" or "&" closes a list. The heads are the first segment and, when that segment does not
   end in a plural noun (it is then a modifier: "Transportation, Storage, and Distribution
   Managers"), every segment up to the one closing the list. After that a further list still
   belongs to the heads when its first member ends in a plural noun ("Claims Adjusters,
   Examiners, and Investigators"), when it is only a closing segment ("Tax Examiners and
   Collectors, and Revenue Agents"), or when it closes with "and Other ..." ("Lifeguards, Ski
   Patrol, and Other ... Workers").
3. **Qualifiers.** Every segment after the heads is a post-positive qualifier; a run of segments
   closed by "and ..." is one qualifier ("Camera Operators, Television, Video, and Film").
4. **Dropped qualifiers.** A qualifier starting "All Other", "Except" or "Including" is residual
   or exclusion wording of the classification, not part of the name, and is dropped; so is a
   leading "Miscellaneous". Every other qualifier is set in front of the heads as a modifier
   ("Postsecondary Education Administrators").
5. **Heads.** The heads are cut into conjuncts at commas and at "and", "or", "&". A conjunct that
   ends in a plural noun ends one head; the conjuncts before it that do not are its coordinated
   modifiers. So "Accountants and Auditors" has two heads and "Bill and Account Collectors" one.
   When the last modifier of a head is "Other ..." or "Related ...", the modifiers are
   alternatives ("Engine and Other Machine Assemblers": an engine *or* other machine assembler).
6. **Number.** A title whose last head ends in a plural noun is plural (official style). Any other
   title is singular, has exactly one head and keeps every list in that head (rule 2 with no
   word taken for a plural noun), so "Bill and Account Collector" reads as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ATTRIBUTIVE_PLURALS",
    "MEMBER_NOUNS",
    "Head",
    "TitleStructure",
    "last_word",
    "needs_serial_comma",
    "parse_title",
    "tidy_list",
]

# Words plural in form that occupation titles use as modifiers ("sales representative", "benefits
# manager", "construction trades helper"), lower case. They are never read as a head noun, so a
# list of them is a list of modifiers ("Securities, Commodities, and Financial Services Sales
# Agents" has one head), and a qualifier moved in front keeps them plural. Field names in -ics
# are here too, since inflect would singularise them ("electronics" -> "electronic").
ATTRIBUTIVE_PLURALS: frozenset[str] = frozenset(
    {
        "accounts",
        "arts",
        "avionics",
        "benefits",
        "claims",
        "collections",
        "commodities",
        "communications",
        "economics",
        "effects",
        "electronics",
        "explosives",
        "furnishings",
        "goods",
        "grounds",
        "materials",
        "mathematics",
        "mechatronics",
        "news",
        "operations",
        "parts",
        "physics",
        "promotions",
        "records",
        "relations",
        "resources",
        "sales",
        "sciences",
        "securities",
        "services",
        "specialties",
        "sports",
        "studies",
        "surfaces",
        "systems",
        "telecommunications",
        "trades",
    }
)

# Heads that name a group, or a job rather than a person: their running-text singular and plural.
# "Clergy" reads "a clergy member"; "Transit and Railroad Police" "a transit and railroad police
# officer"; "Lifeguards, Ski Patrol, and ..." "a lifeguard, ski patroller or ..."; "Computer
# Occupations" "a computer worker" and "computer workers". Only heads are mapped: as a modifier
# the word stays ("police dispatcher").
MEMBER_NOUNS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "clergy": ("clergy member", "clergy"),
        "occupations": ("worker", "workers"),
        "patrol": ("patroller", "patrol"),
        "police": ("police officer", "police"),
        "staff": ("staff member", "staff"),
    }
)

# Whether one word of a title, as the title writes it, is a plural noun.
IsPlural = Callable[[str], bool]

_LINK = re.compile(r"--|\s+of\s+")
_LIST_SEPARATOR = re.compile(r",\s+(?:(?:and|or|&)\s+)?|\s+(?:and|or|&)\s+")
_CLOSES_LIST = re.compile(r"(?:and|or|&)\s+")
_CLOSES_WITH_OTHER = re.compile(r"(?:and|or|&)\s+Other\b", re.IGNORECASE)
_DROPPED = re.compile(r"(?:All\s+Other|Except|Including)\b", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"(?:Other|Related)\b", re.IGNORECASE)
_RESIDUAL_PREFIX = re.compile(r"Miscellaneous\s+(?=\S)", re.IGNORECASE)
_AND = re.compile(r"(,?\s+)(?:and|&)(\s+)$")
_SERIAL_COMMA = re.compile(r",\s+(and|or)\s+")
_LIST_MEMBER = re.compile(r",\s+(?:(?:and|or)\s+)?")
_CONJUNCTION = re.compile(r"\b(?:and|or)\b")


@dataclass(frozen=True, slots=True)
class Head:
    """One of the coordinated heads, as the title writes it, e.g. "Other Agricultural Managers".

    ``alternatives`` is the same text with its last inner "and" read as "or" when the modifiers
    are alternatives ("Engine or Other Machine Assemblers"); otherwise it equals ``text``.
    """

    text: str
    alternatives: str


@dataclass(frozen=True, slots=True)
class TitleStructure:
    """A title taken apart; every string keeps the title's own case and punctuation."""

    heads_text: str  # the heads as written, e.g. "Accountants and Auditors"
    heads: tuple[Head, ...]  # the coordinated heads; one head for a singular title
    link: str  # "of", "to" or ""
    complement: str  # what the link governs, e.g. "Retail Sales Workers"; "" without a link
    front: tuple[str, ...]  # descriptive qualifiers, in title order, to set before the heads
    dropped: tuple[str, ...]  # residual and exclusion qualifiers, e.g. "All Other"
    plural: bool  # the title names its occupation in the plural


def last_word(text: str) -> str:
    """The last word of a phrase, looking inside a final parenthesis: "Nurses (RNs)" -> "RNs"."""
    words = text.split()
    return words[-1].strip("()") if words else ""


def parse_title(title: str, is_plural: IsPlural) -> TitleStructure:
    """Take a display title apart; ``is_plural`` says whether a word is a plural noun.

    >>> plural_s = lambda word: word.endswith("s")
    >>> parts = parse_title("Education Administrators, Postsecondary", plural_s)
    >>> parts.heads_text, parts.front, parts.plural
    ('Education Administrators', ('Postsecondary',), True)
    >>> [head.text for head in parse_title("Accountants and Auditors", plural_s).heads]
    ['Accountants', 'Auditors']
    """
    text = " ".join(title.split())
    text = _RESIDUAL_PREFIX.sub("", text, count=1) if _RESIDUAL_PREFIX.match(text) else text
    link, before, after = _split_link(text)
    if link:
        complement, qualifiers = _split_heads(_segments(after), is_plural)
        heads_text = before
        plural = is_plural(last_word(heads_text))
    else:
        complement = ""
        heads_text, qualifiers = _split_heads(_segments(text), is_plural)
        plural = is_plural(last_word(heads_text))
        if not plural:
            heads_text, qualifiers = _split_heads(_segments(text), lambda word: False)
    heads = _heads(heads_text, is_plural) if plural else (Head(heads_text, heads_text),)
    return TitleStructure(
        heads_text=heads_text,
        heads=heads,
        link=link,
        complement=complement,
        front=tuple(q for q in qualifiers if not _DROPPED.match(q)),
        dropped=tuple(q for q in qualifiers if _DROPPED.match(q)),
        plural=plural,
    )


def _split_link(text: str) -> tuple[str, str, str]:
    """(link, heads, complement) at the first " of " or "--" before any dropped qualifier."""
    for match in _LINK.finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if before and after and _depth(text, match.start()) == 0:
            if any(_DROPPED.match(segment) for segment in _segments(before)[1:]):
                break
            return ("to" if match.group() == "--" else "of"), before, after
    return "", text, ""


def _depth(text: str, index: int) -> int:
    """How many parentheses are open at ``index``."""
    return text.count("(", 0, index) - text.count(")", 0, index)


def _top_level(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` that are not inside parentheses."""
    return [match for match in pattern.finditer(text) if _depth(text, match.start()) == 0]


def _segments(text: str) -> list[str]:
    """The comma-separated segments of a title, ignoring commas inside parentheses."""
    segments, start = [], 0
    for match in _top_level(text, re.compile(r",\s*")):
        segments.append(text[start : match.start()])
        start = match.end()
    segments.append(text[start:])
    return [segment.strip() for segment in segments if segment.strip()]


def _closing(segments: list[str], start: int) -> int | None:
    """The index of the segment closing a list that starts at ``start``, if any (rule 2)."""
    for index in range(start, len(segments)):
        if _DROPPED.match(segments[index]):
            return None
        if _CLOSES_LIST.match(segments[index]):
            return index
    return None


def _split_heads(segments: list[str], is_plural: IsPlural) -> tuple[str, tuple[str, ...]]:
    """The heads (joined back with commas) and the qualifiers after them (rules 2 and 3)."""
    if not segments:
        return "", ()

    def ends_in_plural(segment: str) -> bool:
        return is_plural(last_word(segment))

    end = 1
    if not ends_in_plural(segments[0]):
        closing = _closing(segments, 1)
        end = end if closing is None else closing + 1
    while end < len(segments):
        closing = _closing(segments, end)
        if closing is None or not (
            closing == end
            or ends_in_plural(segments[end])
            or _CLOSES_WITH_OTHER.match(segments[closing])
        ):
            break
        end = closing + 1
    return ", ".join(segments[:end]), _qualifiers(segments[end:])


def _qualifiers(segments: list[str]) -> tuple[str, ...]:
    """Group qualifier segments: a run closed by "and ..." is one qualifier (rule 3)."""
    qualifiers: list[str] = []
    index = 0
    while index < len(segments):
        closing = _closing(segments, index + 1)
        stop = index if closing is None else closing
        qualifiers.append(", ".join(segments[index : stop + 1]))
        index = stop + 1
    return tuple(qualifiers)


def _heads(text: str, is_plural: IsPlural) -> tuple[Head, ...]:
    """Cut the heads into conjuncts and group modifiers with the head they modify (rule 5)."""
    separators = _top_level(text, _LIST_SEPARATOR)
    bounds = [0, *(m.start() for m in separators), len(text)]
    starts = [0, *(m.end() for m in separators)]
    conjuncts = [text[start:end] for start, end in zip(starts, bounds[1:], strict=True)]
    heads: list[Head] = []
    first = 0  # index of the first conjunct of the head being read
    for index, conjunct in enumerate(conjuncts):
        if index < len(conjuncts) - 1 and not is_plural(last_word(conjunct)):
            continue
        head_text = text[starts[first] : bounds[index + 1]]
        alternatives = head_text
        if index > first and _ALTERNATIVE.match(conjunct):
            # The separator before the last modifier: "and" becomes "or", the rest stays.
            before = text[starts[first] : starts[index]]
            alternatives = _AND.sub(r"\1or\2", before) + conjunct
        heads.append(Head(head_text, alternatives))
        first = index + 1
    return tuple(heads)


def _has_conjunction(text: str) -> bool:
    return _CONJUNCTION.search(text) is not None


def needs_serial_comma(members: Sequence[str]) -> bool:
    """Whether a list keeps its serial comma: when one of its last two members has its own "and"
    or "or", the comma is what keeps them apart ("stonemasons, and tile and marble setters")."""
    return any(_has_conjunction(member) for member in members[-2:])


def tidy_list(text: str) -> str:
    """Prose punctuation for one list: "&" as "and", and no serial comma unless it is needed.

    >>> tidy_list("Metal & Plastic")
    'Metal and Plastic'
    >>> tidy_list("Transportation, Storage, and Distribution Managers")
    'Transportation, Storage and Distribution Managers'
    >>> tidy_list("Brickmasons, Stonemasons, and Tile and Marble Setters")
    'Brickmasons, Stonemasons, and Tile and Marble Setters'
    """
    text = re.sub(r"\s+&\s+", " and ", text)
    members = _LIST_MEMBER.split(text)
    if len(members) < 3 or needs_serial_comma(members):
        return text
    return _SERIAL_COMMA.sub(r" \1 ", text)
