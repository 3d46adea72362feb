"""Build a deterministic corpus of profile pairs that covers every kind of comparison.

``narrator lint`` and the fact check need pairs where each metric is higher, lower, the same,
top-coded or missing, by every degree the thresholds know. Real profiles rarely cover all of
that, so this module derives variants from a few base profiles: twins with the same values,
copies scaled by each threshold, copies with one field removed, a title-only profile. No
randomness: the same bases always give the same corpus.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from .facts import NUMERIC_METRICS
from .jobzones import JOB_ZONE_PREPARATION
from .numbers import prose_count
from .profile import AtLeast, Duration, Profile, Range, Share, parse_profile

# A base with every field set, so the corpus does not depend on what the shipped data happens
# to hold.
FULL_PROFILE_TOML = """
title = "Sample Analyst"
description = "Sample analysts study samples."
time_to_become = { low = 6, high = 12, unit = "months" }
top_skills = ["analysis", "reporting", "customer service"]
yearly_salary = 50000
hourly_rate = 24.04
median_salary = 48000
growth_rate = 5
number_of_jobs = 100000
job_satisfaction = 3.5
most_common_degree = { name = "Bachelor's Degree", share = 60 }
average_age = 40
years_of_experience = 6
salary_range = { low = 35000, high = 70000 }
highest_paying_city = "Boston, MA"
highest_paying_state = "Massachusetts"
best_paying_company = "Example Corp"
best_paying_industry = "Finance"
most_common_major = "Business"
most_common_college = "Example State University"
lgbt_share = 7
gender_ratio = { Female = 55.0, Male = 45.0 }
race_ratio = { White = 60.0, "Hispanic or Latino" = 25.0, Asian = 15.0 }
source = { name = "Example Survey", release = "May 2025", url = "https://example.org" }
"""


# A base shaped like an imported BLS profile: no description, and the fields joined from the
# Employment Projections, O*NET and the population survey, each with its own source.
BLS_PROFILE_TOML = """
title = "Sample Clerk"
soc_code = "43-9999"
yearly_salary = 41000
hourly_rate = 19.71
median_salary = 39000
salary_range = { low = 29000, high = 56000 }
number_of_jobs = 200000
growth_rate = -4.5
annual_openings = 21000
self_employed_share = 1.5
entry_education = "High school diploma or equivalent"
experience_required = "Less than 5 years"
on_the_job_training = "Short-term on-the-job training"
time_to_become = { low = 3, high = 12, unit = "months" }
job_zone = 2
most_common_degree = { name = "High school diploma or equivalent", share = 38.5 }
education_broader_group = true
top_skills = ["attention to detail", "customer service", "writing and reading"]
tools = ["Microsoft Excel", "Microsoft Word"]
median_age = 41.2
women_share = 70.5
hispanic_share = 18.4
survey_group = "Other office clerks"
alternate_titles = ["Office Clerk", "Records Clerk"]

[education_levels]
"High school diploma or equivalent" = 38.5
"Some college, no degree" = 30.1
"Bachelor's degree" = 12.0

[race_ratio]
White = 74.0
"Black or African American" = 15.0
Asian = 5.5

[top_industries]
"Administrative and Support Services" = 55
"Credit Intermediation and Related Activities" = 10

[source]
name = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
release = "May 2025"
url = "https://example.org/wages"

[[sources]]
name = "Example Projections"
release = "2024–34"
url = "https://example.org/projections"
fields = [
    "growth_rate", "annual_openings", "self_employed_share", "entry_education",
    "experience_required", "on_the_job_training", "most_common_degree",
    "education_broader_group", "education_levels", "top_skills",
]

[[sources]]
name = "O*NET Database"
release = "O*NET 27.0"
url = "https://example.org/onet"
license = "CC BY 4.0"
fields = ["time_to_become", "job_zone", "tools", "alternate_titles"]

[[sources]]
name = "Example Population Survey"
release = "2025 annual averages"
url = "https://example.org/cps"
fields = ["median_age", "women_share", "hispanic_share", "race_ratio", "survey_group"]
"""


def full_profile() -> Profile:
    """The built-in base profile with every field set."""
    return parse_profile(FULL_PROFILE_TOML, "<narrator.samples>")


def bls_profile() -> Profile:
    """The built-in base shaped like an imported BLS profile."""
    return parse_profile(BLS_PROFILE_TOML, "<narrator.samples:bls>")


# Factors that land in each band of narrator.facts.THRESHOLDS, and their inverses.
SCALES: tuple[Decimal, ...] = tuple(
    Decimal(f) for f in ("1.01", "1.2", "1.95", "2.05", "2.3", "4", "20")
)
_CENT = Decimal("0.01")
_PERCENT_FIELDS = {"growth_rate", "lgbt_share", "hispanic_share"}
_BOUNDED = {
    "job_satisfaction": Decimal(5),
    "average_age": Decimal(100),
    "median_age": Decimal(100),
}
_OPTIONAL = tuple(
    f.name
    for f in dataclasses.fields(Profile)
    if f.name not in ("title", "slug", "path", "title_forms", "source", "soc_code")
)


def _variant(profile: Profile, tag: str, **changes: Any) -> Profile:
    # Only the slug tells variants apart; a plain title keeps the sample sentences readable.
    slug = f"{profile.slug}-{tag}".replace(".", "-")
    return dataclasses.replace(profile, title=f"Sample {profile.title}", slug=slug, **changes)


def _scale_value(name: str, value: Decimal, factor: Decimal) -> Decimal:
    scaled = (value * factor).quantize(_CENT)
    if name in _PERCENT_FIELDS:
        return min(scaled, Decimal(100))
    limit = _BOUNDED.get(name)
    return min(scaled, limit) if limit is not None else scaled


def scaled(profile: Profile, factor: Decimal) -> Profile:
    """A copy whose numbers are ``factor`` times the original's (shares capped at 100%)."""
    changes: dict[str, Any] = {}
    for name in NUMERIC_METRICS:
        value = profile.get(name)
        if value is not None and not isinstance(value, AtLeast):
            changes[name] = _scale_value(name, value, factor)
    if profile.salary_range and not isinstance(profile.salary_range.high, AtLeast):
        low, high = profile.salary_range.low, profile.salary_range.high
        changes["salary_range"] = Range(
            (low * factor).quantize(_CENT), (high * factor).quantize(_CENT)
        )
    if profile.gender_ratio:
        first = profile.gender_ratio[0]
        if first.share is not None:
            share = min(Decimal(100), (first.share * factor).quantize(Decimal("0.1")))
            rest = Decimal(100) - share
            changes["gender_ratio"] = (Share(first.name, share), Share("Other", rest))
    return _variant(profile, f"x{factor}", **changes)


def top_coded(profile: Profile, tag: str = "top") -> Profile:
    """A copy whose pay is above the published ceiling."""
    ceiling = AtLeast(239200)
    return _variant(
        profile,
        tag,
        yearly_salary=ceiling,
        median_salary=ceiling,
        hourly_rate=AtLeast(115),
        salary_range=Range(Decimal(90000), ceiling),
    )


def without(profile: Profile, name: str) -> Profile:
    """A copy with one field missing."""
    empty = () if isinstance(profile.get(name), tuple) else None
    return _variant(profile, f"no-{name.replace('_', '-')}", **{name: empty})


def contrasting(profile: Profile) -> Profile:
    """A copy that differs in every text-valued choice: skills, degree, major, largest group."""
    degree = profile.most_common_degree
    return _variant(
        profile,
        "contrast",
        top_skills=("an unrelated skill",) if profile.top_skills else (),
        most_common_degree=Share("Doctoral Degree", degree.share) if degree else None,
        most_common_major="Another Major" if profile.most_common_major else None,
        # Same groups, shares rotated, so the largest group changes.
        race_ratio=tuple(
            Share(share.name, profile.race_ratio[(i + 1) % len(profile.race_ratio)].share)
            for i, share in enumerate(profile.race_ratio)
        ),
        highest_paying_state="Another State" if profile.highest_paying_state else None,
        time_to_become=_other_time(profile.time_to_become),
        experience_required="None" if profile.experience_required else None,
        on_the_job_training="None" if profile.on_the_job_training else None,
        entry_education="No formal educational credential" if profile.entry_education else None,
        top_industries=tuple(Share(s.name, Decimal(30)) for s in profile.top_industries),
        survey_group=None,
        education_broader_group=False,
    )


def _other_time(span: Duration | None) -> Duration | None:
    """A different time to become: a Job Zone's the next zone's (or the one below the top),
    another a month or year longer."""
    if span is None:
        return None
    if span.job_zone is None:
        return dataclasses.replace(span, high=span.high + 1)
    zone = span.job_zone[1] + 1 if span.job_zone[1] < 5 else span.job_zone[0] - 1
    return Duration(*JOB_ZONE_PREPARATION[zone], job_zone=(zone, zone))


def hourly_only(profile: Profile) -> Profile:
    """A copy paid by the hour only: no yearly figures are published for it."""
    return _variant(profile, "hourly", yearly_salary=None, median_salary=None, salary_range=None)


def self_employed(profile: Profile, tag: str = "self-employed") -> Profile:
    """A copy of whose workers nearly half work for themselves."""
    return _variant(profile, tag, self_employed_share=Decimal(45))


def uncited(profile: Profile) -> Profile:
    """A copy whose source has no URL to cite."""
    assert profile.source is not None
    return _variant(profile, "uncited", source=dataclasses.replace(profile.source, url=None))


def variants(profile: Profile) -> Iterator[Profile]:
    """Every variant of one profile that the corpus compares it with."""
    yield _variant(profile, "twin")
    for factor in SCALES:
        yield scaled(profile, factor)
        yield scaled(profile, 1 / factor)
    yield top_coded(profile)
    yield contrasting(profile)
    if profile.top_industries:
        # Every job in one industry, as for teachers in educational services.
        whole = Share(profile.top_industries[0].name, Decimal(100))
        yield _variant(profile, "one-industry", top_industries=(whole,))
    if profile.time_to_become:
        # The same midpoint, a wider span: no Job Zone's, whatever the base's.
        span = profile.time_to_become
        yield _variant(
            profile,
            "wider",
            time_to_become=dataclasses.replace(
                span, low=max(span.low - 1, Decimal(0)), high=span.high + 1, job_zone=None
            ),
        )
    if profile.time_to_become:
        # Ten times as long, from a source other than O*NET: the opening leads with it, beside
        # a Job Zone when the base has one.
        span = profile.time_to_become
        yield _variant(
            profile,
            "longer",
            time_to_become=Duration(span.low * 10, span.high * 10, span.unit),
        )
        if span.job_zone is not None:
            # Another Job Zone, and pay apart by more: the opening leads with pay.
            yield _variant(scaled(profile, Decimal(2)), "zone", time_to_become=_other_time(span))
    if profile.survey_group:
        # Counted in another survey group (its twin shares the base's, and its figures).
        regrouped = f"{profile.survey_group} and related workers"
        yield _variant(profile, "regrouped", survey_group=regrouped)
    if profile.most_common_degree:
        unshared = Share(profile.most_common_degree.name, None)
        yield _variant(profile, "unshared", most_common_degree=unshared)
    if profile.source:
        other = dataclasses.replace(profile.source, release="an earlier release")
        yield _variant(profile, "older", source=other)
        yield uncited(profile)
    if profile.number_of_jobs is not None:
        # Only the jobs apart, by far: the opening leads with them.
        yield _variant(profile, "jobs", number_of_jobs=profile.number_of_jobs * 20)
        yield hourly_only(_variant(profile, "jobs", number_of_jobs=profile.number_of_jobs * 20))
        more = scaled(profile, Decimal("1.1"))
        yield hourly_only(_variant(more, "jobs", number_of_jobs=profile.number_of_jobs * 20))
        # Jobs a hair apart, alike once rounded for prose: alone (the opening leads with them)
        # and beside pay apart (the jobs sentence gives the published counts).
        near = profile.number_of_jobs + 1
        if prose_count(int(near)) != prose_count(int(profile.number_of_jobs)):
            near = profile.number_of_jobs - 1
        yield _variant(profile, "jobs-alike", number_of_jobs=near)
        yield _variant(scaled(profile, Decimal(2)), "jobs-alike-pay", number_of_jobs=near)
    if profile.hourly_rate is not None:
        yield hourly_only(scaled(profile, Decimal("1.5")))
    if profile.self_employed_share is not None:
        yield self_employed(profile)
    if profile.yearly_salary is not None and profile.median_salary is not None:
        # A higher mean and a lower median: pay spread further above the middle.
        yield _variant(
            profile,
            "skewed",
            yearly_salary=profile.yearly_salary * Decimal("1.2"),
            median_salary=profile.median_salary * Decimal("0.9"),
        )
        # A higher mean and a median a hair lower: the medians level.
        yield _variant(
            profile,
            "level",
            yearly_salary=profile.yearly_salary * Decimal("1.2"),
            median_salary=profile.median_salary * Decimal("0.995"),
        )
    yield Profile(title=f"Sample {profile.title}", slug=f"{profile.slug}-blank")
    for name in _OPTIONAL:
        if profile.get(name) not in (None, ()):
            yield without(profile, name)


def sample_pairs(bases: Sequence[Profile] = ()) -> list[tuple[Profile, Profile]]:
    """Pairs of the bases (and the built-in full profile) with each other and with each base's
    variants, both ways round."""
    bases = [full_profile(), bls_profile(), *bases]
    pairs: list[tuple[Profile, Profile]] = []
    for i, a in enumerate(bases):
        for b in bases[i + 1 :]:
            pairs += [(a, b), (b, a)]
        for variant in variants(a):
            pairs += [(a, variant), (variant, a)]
        pairs.append((top_coded(a, "top"), top_coded(a, "top2")))
        pairs.append((hourly_only(a), hourly_only(scaled(a, Decimal(2)))))
        if a.hourly_rate is not None and a.yearly_salary is not None:
            yearly = _variant(scaled(a, Decimal(2)), "yearly", hourly_rate=None)
            pairs += [(hourly_only(a), yearly), (yearly, hourly_only(a))]
        if a.source:
            pairs.append((uncited(a), _variant(uncited(a), "twin")))
        if a.self_employed_share is not None:
            pairs.append((self_employed(a), self_employed(scaled(a, Decimal(2)), "self2")))
    return pairs


def distinct(pairs: Iterable[tuple[Profile, Profile]]) -> list[tuple[Profile, Profile]]:
    """The pairs without repeats, in first-seen order."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for a, b in pairs:
        if (a.slug, b.slug) not in seen:
            seen.add((a.slug, b.slug))
            kept.append((a, b))
    return kept
