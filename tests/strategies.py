"""Hypothesis strategies for profile files, valid and broken, shared by the fuzz test and the
10,000-example script in benchmarks/fuzz.py."""

from __future__ import annotations

import html.parser
import json
import re
from typing import Any

from hypothesis import strategies as st

from narrator.facts import NUMERIC_METRICS

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "<b>bold</b> & <i>co</i>",
    "{{ 7 * 7 }}",
    "{% if true %}x{% endif %}",
    "{# comment #}",
    "| pipe | table |",
    "*stars* _under_ [link](http://x)",
    "None",
    "nan",
    "inf",
    "",
    "   ",
    "Ünïcödé Spëcïalist",
    "专家",
    "x" * 600,
]

text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.just("\ud800 lone surrogate"),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=0, max_value=300000),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=10**9),
    st.sampled_from(["nan", "inf", "-inf", "0", "-0", "1e400", "true", '"12"']),
)
value = st.one_of(text, numbers, st.lists(text, max_size=4), st.just([]))

NUMERIC_FIELDS = list(NUMERIC_METRICS)
TEXT_FIELDS = [
    "description",
    "highest_paying_city",
    "highest_paying_state",
    "best_paying_company",
    "best_paying_industry",
    "most_common_major",
    "most_common_college",
]


def toml_value(raw: Any) -> str:
    """A value as TOML source; numbers given as strings ("nan") are written bare on purpose."""
    if isinstance(raw, str):
        # TOML basic strings take raw Unicode but not DEL; json's \\u escapes would split
        # astral characters into surrogates, which TOML refuses.
        return json.dumps(raw, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(raw, list):
        return "[" + ", ".join(toml_value(v) for v in raw) + "]"
    if isinstance(raw, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in raw.items()) + " }"
    return str(raw)


valid_text = st.one_of(
    st.sampled_from([t for t in HOSTILE_TEXT if t.strip() and "{" not in t]),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=40,
    ).filter(lambda t: t.strip() and "{" not in t),
)
BAD_NUMBERS = ["nan", "inf", "-inf", "1e400", "-5", "true", '"12"', "[]", '""', "10" * 20]


@st.composite
def profile_texts(draw: st.DrawFn) -> str:
    """The text of a profile file: any field may be missing, and each present field is valid
    (often hostile: HTML, pipes, unicode, 600-character text) or, now and then, broken."""

    def broken() -> bool:
        return draw(st.integers(min_value=0, max_value=19)) == 0

    def number(low: int = 0, high: int = 100) -> str:
        if broken():
            return draw(st.sampled_from(BAD_NUMBERS))
        return str(
            draw(
                st.one_of(
                    st.integers(min_value=low, max_value=high),
                    st.decimals(min_value=low, max_value=high, places=2),
                )
            )
        )

    def words() -> str:
        if broken():
            return toml_value(draw(st.one_of(st.sampled_from(HOSTILE_TEXT), value)))
        return toml_value(draw(valid_text))

    lines = [f"title = {words()}"]
    limits = {
        "yearly_salary": 10**7,
        "median_salary": 10**7,
        "hourly_rate": 500,
        "number_of_jobs": 10**8,
        "job_satisfaction": 5,
        "average_age": 80,
        "years_of_experience": 60,
        "growth_rate": 100,
        "lgbt_share": 100,
        "annual_openings": 10**6,
        "median_age": 80,
        "hispanic_share": 100,
    }
    for name in NUMERIC_FIELDS:
        if draw(st.booleans()):
            low = 14 if name in ("average_age", "median_age") else 0
            written = number(low, limits[name])
            whole = name in ("number_of_jobs", "annual_openings")
            if whole and "." in written and not broken():
                written = written.split(".")[0]
            lines.append(f"{name} = {written}")
    for name in TEXT_FIELDS:
        if draw(st.booleans()):
            lines.append(f"{name} = {words()}")
    if draw(st.booleans()):
        skills = draw(st.lists(valid_text, max_size=5, unique=True))
        lines.append(f"top_skills = {toml_value(skills) if not broken() else words()}")
    if draw(st.booleans()):
        low = draw(st.integers(min_value=0, max_value=10**6))
        high = low + draw(st.integers(min_value=0, max_value=10**6))
        if broken():
            low, high = high + 1, low
        lines.append(f"salary_range = {{ low = {low}, high = {high} }}")
    if draw(st.booleans()):
        lines.append(f"most_common_degree = {{ name = {words()}, share = {number()} }}")
    if draw(st.booleans()):
        groups = draw(
            st.dictionaries(valid_text, st.integers(min_value=0, max_value=25), max_size=4)
        )
        lines.append(f"race_ratio = {toml_value(groups)}")
    if draw(st.booleans()):
        low = draw(st.integers(min_value=0, max_value=24))
        unit = draw(st.sampled_from(["months", "years", "eons" if broken() else "weeks"]))
        lines.append(
            f"time_to_become = {{ low = {low}, high = {low + 3}, unit = {toml_value(unit)} }}"
        )
    return "\n".join(lines) + "\n"


LEAK = re.compile(r"\b(?:None|nan|NaN|inf|Infinity|Undefined)\b|\{\{|\{%")
OUR_TAGS = frozenset(
    {"article", "h1", "h2", "section", "p", "table", "thead", "tbody", "tr", "th", "td"}
)


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.add(tag)


def live_tags(document: str) -> set[str]:
    """Tags in an HTML document that narrator's renderer does not write itself."""
    parser = _Tags()
    parser.feed(document)
    return parser.tags - OUR_TAGS


def leaks(output: str, own_text: list[str]) -> list[str]:
    """Leaked None/nan/inf/template syntax, ignoring text the profile itself supplied."""
    rest = output
    for piece in sorted(own_text, key=len, reverse=True):
        if piece:
            rest = rest.replace(piece, " ")
    return LEAK.findall(rest)


def own_text(profile: Any) -> list[str]:
    """Every piece of text a profile supplies, in the forms the renderers may print it."""
    from narrator.forms import title_forms
    from narrator.grammar import running_text
    from narrator.profile import profile_to_dict

    pieces: list[str] = list(title_forms(profile.title, profile.title_forms).as_dict().values())

    def walk(node: Any) -> None:
        if isinstance(node, str):
            pieces.append(node)
        elif isinstance(node, dict):
            for key, item in node.items():
                pieces.append(str(key))
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(profile_to_dict(profile))
    # Mid-sentence a field reads as running text ("Inf" as a major prints "inf"), and sentences
    # start with a capital, so "none" from a title may print as "None".
    pieces += [running_text(piece) for piece in pieces]
    return pieces + [piece[:1].upper() + piece[1:] for piece in pieces]


def exercise(text: str, partner: Any, composer: Any) -> str:
    """Load one fuzzed profile file and render it against ``partner`` both ways, every format.

    Returns "rendered" or "rejected"; raises AssertionError on a leak, live markup or a
    malformed error, and lets any other exception (a traceback) through.
    """
    from narrator.errors import ProfileError
    from narrator.profile import parse_profile
    from narrator.render import FORMATS, render

    try:
        profile = parse_profile(text, "fuzz.toml")
    except ProfileError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith("fuzz.toml"), message
        assert exc.field or "TOML" in message, message
        return "rejected"
    if profile.slug == partner.slug:
        return "rejected"
    supplied = own_text(profile) + own_text(partner)
    for a, b in ((profile, partner), (partner, profile)):
        article = composer.compose(a, b)
        for fmt in FORMATS:
            output = render(article, fmt)
            found = leaks(output, supplied)
            assert not found, (fmt, found, text)
            if fmt == "html":
                assert not live_tags(output), (live_tags(output), text)
    return "rendered"
