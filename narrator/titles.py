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

1. **Link.** The first " of " or "--" that comes before any classification qualifier (rule 4)
   splits the heads from a complement, which stays as the title writes it: "First-Line
   Supervisors | of | Retail Sales Workers", "Helpers | -- | Carpenters" (read "carpenters'
   helpers").
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
4. **Classification qualifiers.** A qualifier starting "All Other" makes the title a residual
   (:attr:`TitleStructure.residual`: the workers of the heads not classified elsewhere), one
   starting "Except" narrows it (:attr:`TitleStructure.exclusions`); both change what the
   name means, so they are kept for the forms to say. A leading "Miscellaneous" makes a
   residual too ("Miscellaneous Assemblers and Fabricators": the assemblers and fabricators
   that the other assembler occupations leave out), never the whole group its heads name. One
   starting "Including" only widens the name and is dropped (:attr:`TitleStructure.dropped`).
   Every other qualifier is set in front of the heads as a modifier ("Postsecondary Education
   Administrators").
5. **Heads.** The heads are cut into conjuncts at commas and at "and", "or", "&". A conjunct that
   ends in a plural noun ends one head; the conjuncts before it that do not are its coordinated
   modifiers. So "Accountants and Auditors" has two heads and "Bill and Account Collectors" one.
   The modifiers are alternatives, read with "or" in the singular, when the last one is
   "Other ..." or "Related ..." ("Engine and Other Machine Assemblers": an engine *or* other
   machine assembler), or when each modifier before the last is one adjective and the last
   conjunct is one word and the head ("Clinical and Counseling Psychologists": a clinical *or*
   counseling psychologist, each a kind of psychologist), which nouns never are ("Bill and
   Account Collectors" collect both) and which a longer last conjunct is not ("Medical and
   Health Services Managers": the adjective is of the services, not of the manager).
   Adjectives are told by their endings (:data:`ADJECTIVE_ENDINGS`, less the nouns in
   :data:`NOUNS_LIKE_ADJECTIVES`).
6. **Number.** A title whose last head ends in a plural noun is plural (official style). Any other
   title is singular, has exactly one head and keeps every list in that head (rule 2 with no
   word taken for a plural noun), so "Bill and Account Collector" reads as before.
7. **Head words.** A phrase's head noun is its last word, except that a postpositive modifier
   after it (:data:`POSTPOSITIVES`: "Professors Emeritus", "Attorneys General") is passed
   over, and in a hyphenated compound with a particle ("Passers-by", "Sergeants-at-Arms") the
   head is the part before the particle (:func:`head_span`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "ADJECTIVE_ENDINGS",
    "ATTRIBUTIVE_PLURALS",
    "MEMBER_NOUNS",
    "NOUNS_LIKE_ADJECTIVES",
    "PARTICLES",
    "POSTPOSITIVES",
    "Head",
    "TitleStructure",
    "drop_serial_comma",
    "head_span",
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
# Collective and mass nouns are here too, since inflect would give them an "s" ("security
# personnels", "adjunct faculties"): one of the personnel is a staff member.
MEMBER_NOUNS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "clergy": ("clergy member", "clergy"),
        "crew": ("crew member", "crew members"),
        "faculty": ("faculty member", "faculty"),
        "occupations": ("worker", "workers"),
        "patrol": ("patroller", "patrol"),
        "personnel": ("staff member", "personnel"),
        "police": ("police officer", "police"),
        "staff": ("staff member", "staff"),
        "team": ("team member", "team members"),
    }
)

# Adjectives that follow their noun, lower case: a plural inflects the noun before them
# ("professors emeritus", "attorneys general", "poets laureate"), and the phrase's number is
# that noun's. Latin plurals are read back to their singular (``POSTPOSITIVE_SINGULARS``).
POSTPOSITIVES: frozenset[str] = frozenset(
    {
        "apparent",
        "designate",
        "elect",
        "emerita",
        "emeritae",
        "emeriti",
        "emeritus",
        "extraordinaire",
        "general",
        "laureate",
        "plenipotentiary",
        "presumptive",
        "public",
    }
)
POSTPOSITIVE_SINGULARS: Mapping[str, str] = MappingProxyType(
    {"emeriti": "emeritus", "emeritae": "emerita"}
)

# Particles and prepositions that, inside a hyphenated compound, follow its head: "passer-by",
# "runner-up", "sergeant-at-arms", "editor-in-chief". The head takes the plural.
PARTICLES: frozenset[str] = frozenset(
    {"about", "at", "by", "down", "for", "in", "of", "off", "on", "out", "over", "to", "up"}
)

# Endings that make a word an adjective, for rule 5 ("Clinical", "Electronic", "Automotive",
# "Hazardous"), and the nouns with those endings that titles use as modifiers (materials,
# places, activities), lower case.
ADJECTIVE_ENDINGS: tuple[str, ...] = ("al", "ic", "ive", "ous")
NOUNS_LIKE_ADJECTIVES: frozenset[str] = frozenset(
    {
        "animal",
        "appraisal",
        "canal",
        "capital",
        "ceramic",
        "clinic",
        "crystal",
        "detective",
        "disposal",
        "executive",
        "explosive",
        "fabric",
        "festival",
        "graphic",
        "hospital",
        "journal",
        "locomotive",
        "logic",
        "manual",
        "material",
        "mechanic",
        "metal",
        "mineral",
        "music",
        "plastic",
        "portal",
        "principal",
        "referral",
        "removal",
        "rental",
        "representative",
        "signal",
        "terminal",
        "traffic",
        "trial",
    }
)

# Whether one word of a title, as the title writes it, is a plural noun.
IsPlural = Callable[[str], bool]

_LINK = re.compile(r"--|\s+of\s+")
_LIST_SEPARATOR = re.compile(r",\s+(?:(?:and|or|&)\s+)?|\s+(?:and|or|&)\s+")
_CLOSES_LIST = re.compile(r"(?:and|or|&)\s+")
_CLOSES_WITH_OTHER = re.compile(r"(?:and|or|&)\s+Other\b", re.IGNORECASE)
_DROPPED = re.compile(r"(?:All\s+Other|Except|Including)\b", re.IGNORECASE)
_RESIDUAL = re.compile(r"All\s+Other\b", re.IGNORECASE)
_EXCLUSION = re.compile(r"Except\b", re.IGNORECASE)
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
    dropped: tuple[str, ...]  # qualifiers that only widen the name: "Including Health"
    plural: bool  # the title names its occupation in the plural
    # What makes the title a residual, as written: its "All Other" qualifier ("All Other
    # Specialists") or its leading "Miscellaneous"; "" for any other title.
    residual: str = ""
    exclusions: tuple[str, ...] = ()  # "Except ..." qualifiers as written: "Except Radio"


def last_word(text: str) -> str:
    """The head word of a phrase: its last word, looking inside a final parenthesis and passing
    over postpositive modifiers; of a compound with a particle, the part before it (rule 7).

    >>> last_word("Nurses (RNs)"), last_word("Professors Emeritus"), last_word("Passers-by")
    ('RNs', 'Professors', 'Passers')
    """
    words = text.split()
    if not words:
        return ""
    index = len(words) - 1
    while index > 0 and words[index].lower() in POSTPOSITIVES:
        index -= 1
    word = words[index].strip("()")
    start, end = head_span(word)
    return word[start:end]


def head_span(word: str) -> tuple[int, int]:
    """Where the head is in one word: after its last hyphen or slash ("Driver/Sales" ->
    "Sales"), but before the first particle of a compound ("Sergeants-at-Arms" -> "Sergeants").

    >>> [("Sergeants-at-Arms"[s:e], "Driver/Sales"[t:u]) for (s, e), (t, u) in
    ...  [(head_span("Sergeants-at-Arms"), head_span("Driver/Sales"))]]
    [('Sergeants', 'Sales')]
    """
    parts = word.split("-")
    for index, part in enumerate(parts[1:], start=1):
        # A final particle follows an agent noun ("passer-by", "runner-up"); after a verb the
        # compound is one noun ("drive-in", "start-up") and its end takes the plural.
        agent = index < len(parts) - 1 or parts[index - 1].lower().endswith(_AGENT_ENDINGS)
        if part.lower() in PARTICLES and parts[0] and agent:
            end = len("-".join(parts[:index]))
            return max(word.rfind("-", 0, end), word.rfind("/", 0, end)) + 1, end
    return max(word.rfind("-"), word.rfind("/")) + 1, len(word)


_AGENT_ENDINGS = ("er", "or", "ers", "ors")


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
    prefix = _RESIDUAL_PREFIX.match(text)
    if prefix:
        text = text[prefix.end() :]
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
        dropped=tuple(q for q in qualifiers if _DROPPED.match(q) and not _keeps(q)),
        plural=plural,
        residual=next(
            (q for q in qualifiers if _RESIDUAL.match(q)), prefix.group().strip() if prefix else ""
        ),
        exclusions=tuple(q for q in qualifiers if _EXCLUSION.match(q)),
    )


def _keeps(qualifier: str) -> bool:
    """Whether a classification qualifier changes what the name means (rule 4)."""
    return _RESIDUAL.match(qualifier) is not None or _EXCLUSION.match(qualifier) is not None


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
        if index > first and (
            _ALTERNATIVE.match(conjunct) or _kinds(conjuncts[first:index], conjunct)
        ):
            # The separator before the last modifier: "and" becomes "or", the rest stays.
            before = text[starts[first] : starts[index]]
            alternatives = _AND.sub(r"\1or\2", before) + conjunct
        heads.append(Head(head_text, alternatives))
        first = index + 1
    return tuple(heads)


def _kinds(modifiers: Sequence[str], last: str) -> bool:
    """Whether one-word adjectives coordinated before "Modifier Head" each name a kind of the
    head, so that a person is one of them (rule 5): "Clinical and Counseling Psychologists"."""
    return len(last.split()) == 2 and all(
        " " not in modifier and _is_adjective(modifier) for modifier in modifiers
    )


def _is_adjective(word: str) -> bool:
    """Whether a word reads as an adjective by its ending: "Clinical", "Electro-Mechanical"."""
    last = word.rsplit("-", 1)[-1].lower()
    return last.endswith(ADJECTIVE_ENDINGS) and last not in NOUNS_LIKE_ADJECTIVES


def _has_conjunction(text: str) -> bool:
    return _CONJUNCTION.search(text) is not None


def needs_serial_comma(members: Sequence[str]) -> bool:
    """Whether a list keeps its serial comma: when one of its last two members has its own "and"
    or "or", the comma is what keeps them apart ("stonemasons, and tile and marble setters")."""
    return any(_has_conjunction(member) for member in members[-2:])


def tidy_list(text: str) -> str:
    """Prose punctuation for one list: "&" as "and"; commas as the title writes them.

    >>> tidy_list("Metal & Plastic")
    'Metal and Plastic'
    """
    return re.sub(r"\s+&\s+", " and ", text)


def drop_serial_comma(text: str) -> str:
    """A list's text without its serial comma, unless the comma is needed to read it.

    >>> drop_serial_comma("transportation, storage, and distribution managers")
    'transportation, storage and distribution managers'
    >>> drop_serial_comma("brickmasons, stonemasons, and tile and marble setters")
    'brickmasons, stonemasons, and tile and marble setters'
    """
    members = _LIST_MEMBER.split(text)
    if len(members) < 3 or needs_serial_comma(members):
        return text
    return _SERIAL_COMMA.sub(r" \1 ", text)
