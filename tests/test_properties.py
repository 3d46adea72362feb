"""Properties every article has, checked over generated profiles (hypothesis)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrator.compose import Composer
from narrator.facts import compare
from narrator.filters import rounded_count
from narrator.jobzones import JOB_ZONE_PREPARATION
from narrator.numbers import NumberFormat
from narrator.profile import Profile, parse_profile, profile_to_dict
from narrator.render import FORMATS, render

_COMPOSER = Composer()
_LEAK = re.compile(r"\b(?:None|nan|NaN|inf|Infinity|Undefined)\b|\{\{|\{%")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")

words = st.sampled_from(
    ["analyst", "nurse", "RN", "HR", "data", "claims", "clerk", "sales", "chief", "UX", "designer"]
)
titles = st.lists(words, min_size=1, max_size=4).map(
    lambda ws: " ".join(w.title() if w.islower() else w for w in ws)
)
money = st.integers(min_value=15000, max_value=400000)
percent = st.decimals(min_value=0, max_value=100, places=1)
skills = st.lists(
    st.sampled_from(["filing", "payroll", "sorting", "negotiation", "sales"]),
    max_size=4,
    unique=True,
)


def _toml(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    return str(value)


@st.composite
def profiles(draw: st.DrawFn, title: str) -> Profile:
    """A valid profile where any field but the title may be missing."""
    fields: dict[str, Any] = {"title": title}
    optional: dict[str, Any] = {
        "yearly_salary": money,
        "hourly_rate": st.decimals(min_value=8, max_value=150, places=2),
        "median_salary": money,
        "growth_rate": st.integers(min_value=-30, max_value=40),
        "number_of_jobs": st.integers(min_value=0, max_value=3_000_000),
        "job_satisfaction": st.decimals(min_value=1, max_value=5, places=2),
        "average_age": st.integers(min_value=20, max_value=65),
        "years_of_experience": st.integers(min_value=0, max_value=30),
        "lgbt_share": percent,
        "top_skills": skills,
        "highest_paying_state": st.sampled_from(["Ohio", "Texas", "Maine"]),
        "most_common_major": st.sampled_from(["Business", "English", "Nursing"]),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            fields[name] = draw(strategy)
    if draw(st.booleans()):
        low = draw(money)
        fields["salary_range"] = {"low": low, "high": low + draw(st.integers(0, 100000))}
    if draw(st.booleans()):
        low = draw(st.integers(1, 24))
        fields["time_to_become"] = {
            "low": low,
            "high": low + draw(st.integers(0, 12)),
            "unit": draw(st.sampled_from(["months", "years"])),
        }
    elif draw(st.booleans()):
        # An O*NET Job Zone, as the importer writes it: the zone and the time it stands for.
        zone = draw(st.integers(1, 5))
        low, high, unit = JOB_ZONE_PREPARATION[zone]
        fields["time_to_become"] = {"low": low, "high": high, "unit": unit}
        fields["job_zone"] = zone
    if draw(st.booleans()):
        fields["most_common_degree"] = {
            "name": draw(st.sampled_from(["Bachelor's Degree", "Associate Degree", "MBA"]))
        }
    if draw(st.booleans()):
        female = draw(percent)
        fields["gender_ratio"] = {"Female": female, "Male": Decimal(100) - female}
    text = "\n".join(f"{k} = {_toml(v)}" for k, v in fields.items())
    return parse_profile(text, "<generated>")


pairs = (
    st.tuples(titles, titles)
    .filter(lambda t: t[0].lower() != t[1].lower())
    .flatmap(lambda t: st.tuples(profiles(t[0]), profiles(t[1])))
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(pairs)
def test_renders_cleanly_and_names_both(pair: tuple[Profile, Profile]) -> None:
    """Any pair renders in every format with no leaked None/nan/template syntax, and the
    title names both occupations."""
    a, b = pair
    article = _COMPOSER.compose(a, b)
    assert a.title in article.title.text and b.title in article.title.text
    for fmt in FORMATS:
        assert not _LEAK.search(render(article, fmt))


@SETTINGS
@given(pairs)
def test_mirror_fills_the_same_slots(pair: tuple[Profile, Profile]) -> None:
    """A-vs-B and B-vs-A say something about the same things."""
    a, b = pair

    def slots(x: Profile, y: Profile) -> list[str]:
        article = _COMPOSER.compose(x, y)
        found = [s.fragment.rsplit(".", 1)[0] for s in article.sentences()]
        return sorted(f.replace(".a", ".?").replace(".b", ".?") for f in found)

    assert slots(a, b) == slots(b, a)


@SETTINGS
@given(pairs)
def test_every_figure_comes_from_the_data(pair: tuple[Profile, Profile]) -> None:
    """Each number in the prose is a profile value or a difference derived from them."""
    a, b = pair
    allowed = {
        m.replace(",", "") for p in (a, b) for m in _NUMBER.findall(json.dumps(profile_to_dict(p)))
    }
    for comparison in compare(a, b).values():
        allowed |= {str(n) for n in (comparison.percent, comparison.times) if n is not None}
    # Prose rounds survey counts ("about 274,000"); the figures OEWS ranges are ("middle 80%").
    for profile in (a, b):
        for name in ("number_of_jobs", "annual_openings"):
            value = profile.get(name)
            if value is not None:
                text = rounded_count(value, fmt=NumberFormat())
                allowed |= {m.replace(",", "") for m in _NUMBER.findall(text)}
    allowed |= {"80", "10"}
    for sentence in _COMPOSER.compose(a, b).sentences():
        for figure in _NUMBER.findall(sentence.text):
            plain = figure.replace(",", "")
            assert plain in allowed or plain.rstrip("0").rstrip(".") in allowed, (
                sentence.text,
                figure,
            )
