"""Compare two profiles into facts: which is higher, by how much, what they share.

Facts are plain data with no wording; the phrasebook turns them into sentences. Every threshold
that decides how a difference is described ("slightly", "about 12%", "nearly twice") lives in
:data:`THRESHOLDS`, so an editor's question "why does this say slightly?" has one answer.

>>> from narrator.profile import parse_profile
>>> a = parse_profile('title = "A"\\nyearly_salary = 43251\\nnumber_of_jobs = 7596')
>>> b = parse_profile('title = "B"\\nyearly_salary = 38949\\nnumber_of_jobs = 116010')
>>> facts = compare(a, b)
>>> facts["yearly_salary"].direction, facts["yearly_salary"].degree, facts["yearly_salary"].percent
('higher', 'percent', 11)
>>> facts["number_of_jobs"].direction, facts["number_of_jobs"].degree, facts["number_of_jobs"].times
('lower', 'multiple', Decimal('15'))
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from .article import fast_constructor
from .citing import cited_sources, growth_release, shared_period
from .numbers import prose_count
from .profile import AtLeast, Profile
from .salience import lead, striking

Direction = Literal["higher", "lower", "same", "unknown"]
Degree = Literal[
    "same",
    "similar",
    "slight",
    "percent",
    "nearly_double",
    "double",
    "over_double",
    "multiple",
    "bounded",
    "unknown",
]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Where one way of describing a gap gives way to the next.

    A gap is always measured the same way, whichever side is A: as the ratio of the larger
    value to the smaller. Ratios under ``1 + similar`` read as "about as much as", under
    ``1 + slight`` as "slightly more than", then as a percentage ("about 79% more than"); at or
    above ``nearly_double`` as "nearly twice", ``double`` "about twice", ``over_double`` "more than
    twice", and from ``multiple`` up as "about N times", N to the nearest half below five and to
    the nearest whole above. Counts whose smaller side is under ``few`` are survey estimates too
    rough for a percentage: only the direction is said.
    """

    similar: Decimal = Decimal("0.01")
    slight: Decimal = Decimal("0.03")
    nearly_double: Decimal = Decimal("1.9")
    double: Decimal = Decimal("2.0")
    over_double: Decimal = Decimal("2.2")
    multiple: Decimal = Decimal("2.5")
    few: Decimal = Decimal(1000)


THRESHOLDS = Thresholds()

# Metrics that count people or jobs (``Thresholds.few`` applies to them).
COUNT_METRICS = frozenset({"number_of_jobs", "annual_openings"})


@dataclass(frozen=True, slots=True)
class Comparison:
    """How side A's value of one metric stands against side B's.

    ``direction`` says which side is higher. The size of the gap does not depend on the order:
    ``percent`` is how much more the larger value is, as a whole percentage of the smaller
    (79 for $87,790 against $49,060, whichever side is A), and ``times`` the ratio of the
    larger to the smaller for gaps that read as multiples (``Decimal("2.5")``, ``Decimal(15)``).
    When a top-coded value ("$239,200 or more") is involved, either value is zero or below, or
    the counts are too small for a percentage, only the direction means anything (degree
    ``bounded``); when both are top-coded, not even that (``both_top_coded``).
    """

    metric: str
    a: Decimal | None
    b: Decimal | None
    direction: Direction
    degree: Degree
    percent: int | None
    times: Decimal | None
    fields: tuple[str, ...]

    @property
    def top_coded(self) -> bool:
        """At least one side is a top-coded value."""
        return isinstance(self.a, AtLeast) or isinstance(self.b, AtLeast)

    @property
    def both_top_coded(self) -> bool:
        """Both sides are top-coded, so neither can be said to be higher."""
        return isinstance(self.a, AtLeast) and isinstance(self.b, AtLeast)

    @property
    def known(self) -> bool:
        """Both values are known, so the comparison can be stated."""
        return self.direction != "unknown"

    @property
    def higher(self) -> bool:
        return self.direction == "higher"

    @property
    def lower(self) -> bool:
        return self.direction == "lower"

    @property
    def same(self) -> bool:
        return self.direction == "same"

    @property
    def differs(self) -> bool:
        """Both known and not equal."""
        return self.direction in ("higher", "lower")

    @property
    def rounds_alike(self) -> bool:
        """Two different counts that prose would round to the same figure ("about 13,000"
        both): a sentence stating the gap gives the published figures instead."""
        if self.metric not in COUNT_METRICS or not self.differs or self.top_coded:
            return False
        assert self.a is not None and self.b is not None  # differs: both known
        return prose_count(int(self.a)) == prose_count(int(self.b))

    @property
    def reversed(self) -> Comparison:
        """The same comparison seen from B: for a fragment that names B first, so that
        ``cmp.yearly_salary.reversed | how_much`` describes B against A.

        >>> compare_values("x", Decimal(1), Decimal(3), ("a.x", "b.x")).reversed.direction
        'higher'
        """
        flipped: dict[str, Direction] = {"higher": "lower", "lower": "higher"}
        direction = flipped.get(self.direction, self.direction)
        return _new_comparison(
            self.metric,
            self.b,
            self.a,
            direction,
            self.degree,
            self.percent,
            self.times,
            self.fields,
        )

    @property
    def notable(self) -> bool:
        """Both known and apart by more than a slight amount: worth a sentence of its own."""
        return self.direction in ("higher", "lower") and self.degree not in ("similar", "slight")


_new_comparison = fast_constructor(Comparison)  # compare() builds a dozen per article

_Ratio = tuple[int, int]  # numerator, denominator (positive): a value as an exact fraction


def _ratio(value: Decimal | None) -> _Ratio | None:
    """A plain (not top-coded) finite value as an exact fraction, or None.

    >>> _ratio(Decimal("20.50")), _ratio(AtLeast(239200)), _ratio(None)
    ((41, 2), None, None)
    """
    if value is None or value.__class__ is not Decimal or not value.is_finite():
        return None
    return value.as_integer_ratio()


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator (both positive) to the nearest whole number, halves up: a
    reader checking "about 13%" against 12.5% rounds the way school taught.

    >>> [_round_half_up(n, 2) for n in (1, 3, 5, 6)]
    [1, 2, 3, 3]
    """
    whole, rest = divmod(numerator, denominator)
    return whole + 1 if 2 * rest >= denominator else whole


_LIMITS: dict[Thresholds, tuple[_Ratio, ...]] = {}


def _limits(thresholds: Thresholds) -> tuple[_Ratio, ...]:
    """The thresholds as exact fractions: 1 + similar, 1 + slight, the four multiples, few."""
    found = _LIMITS.get(thresholds)
    if found is None:
        one = Decimal(1)
        values = (
            one + thresholds.similar,
            one + thresholds.slight,
            thresholds.nearly_double,
            thresholds.double,
            thresholds.over_double,
            thresholds.multiple,
            thresholds.few,
        )
        found = _LIMITS[thresholds] = tuple(v.as_integer_ratio() for v in values)
    return found


def compare_values(
    metric: str,
    a: Decimal | None,
    b: Decimal | None,
    fields: tuple[str, ...],
    thresholds: Thresholds = THRESHOLDS,
) -> Comparison:
    """Compare two values of one metric under the thresholds, in exact arithmetic.

    >>> compare_values("x", Decimal(100), Decimal(100), ()).degree
    'same'
    >>> c = compare_values("x", Decimal(102), Decimal(100), ())
    >>> c.direction, c.degree, c.percent
    ('higher', 'slight', 2)
    >>> up, down = compare_values("x", Decimal(111), Decimal(100), ()), compare_values(
    ...     "x", Decimal(100), Decimal(111), ())
    >>> (up.direction, up.percent), (down.direction, down.percent)
    (('higher', 11), ('lower', 11))
    >>> compare_values("x", Decimal(195), Decimal(100), ()).degree
    'nearly_double'
    >>> compare_values("x", Decimal(10), Decimal(25), ()).times, compare_values(
    ...     "x", Decimal(10), Decimal(2230), ()).times
    (Decimal('2.5'), Decimal('223'))
    >>> compare_values("number_of_jobs", Decimal(310), Decimal(280), ()).degree
    'bounded'
    >>> compare_values("x", None, Decimal(31), ()).direction
    'unknown'
    """
    return _compare(metric, a, b, _ratio(a), _ratio(b), fields, _limits(thresholds))


def _compare(
    metric: str,
    a: Decimal | None,
    b: Decimal | None,
    ratio_a: _Ratio | None,
    ratio_b: _Ratio | None,
    fields: tuple[str, ...],
    limits: tuple[_Ratio, ...],
) -> Comparison:
    """compare_values, given each value as an exact fraction too (None: missing or top-coded)."""
    if a is None or b is None:
        return _new_comparison(metric, a, b, "unknown", "unknown", None, None, fields)
    if ratio_a is None or ratio_b is None:
        return _compare_bounded(metric, a, b, fields)
    na, da = ratio_a
    nb, db = ratio_b
    cross_a, cross_b = na * db, nb * da  # a - b has the sign of cross_a - cross_b
    if cross_a == cross_b:
        return _new_comparison(metric, a, b, "same", "same", 0, None, fields)
    direction: Direction = "higher" if cross_a > cross_b else "lower"
    # The larger over the smaller, as large_n / small_n (the common denominator cancels).
    large_n, small_n = (cross_a, cross_b) if cross_a > cross_b else (cross_b, cross_a)
    if small_n <= 0:
        # Against zero or a negative value a ratio means nothing: only the direction.
        return _new_comparison(metric, a, b, direction, "bounded", None, None, fields)
    similar, slight, nearly, double, over, multiple, few = limits
    if metric in COUNT_METRICS:
        smaller = b if direction == "higher" else a
        if smaller * few[1] < few[0] and large_n * nearly[1] < nearly[0] * small_n:
            return _new_comparison(metric, a, b, direction, "bounded", None, None, fields)
    percent = _round_half_up(100 * (large_n - small_n), small_n)
    # Each test: the ratio large_n / small_n is under the limit (written out: a dozen
    # comparisons an article).
    degree: Degree
    times = None
    if large_n * similar[1] < similar[0] * small_n:
        degree = "similar"
    elif large_n * slight[1] < slight[0] * small_n:
        degree = "slight"
    elif large_n * nearly[1] < nearly[0] * small_n:
        degree = "percent"
    elif large_n * double[1] < double[0] * small_n:
        degree = "nearly_double"
    elif large_n * over[1] < over[0] * small_n:
        degree = "double"
    elif large_n * multiple[1] < multiple[0] * small_n:
        degree = "over_double"
    else:
        degree = "multiple"
        halves = _round_half_up(2 * large_n, small_n)
        times = Decimal(halves) / 2 if halves < 10 else Decimal(_round_half_up(large_n, small_n))
    return _new_comparison(metric, a, b, direction, degree, percent, times, fields)


def _compare_bounded(metric: str, a: Decimal, b: Decimal, fields: tuple[str, ...]) -> Comparison:
    """Compare when a side is only known to be at least its bound.

    >>> _compare_bounded("s", AtLeast(239200), Decimal(87790), ()).direction
    'higher'
    >>> _compare_bounded("s", AtLeast(239200), AtLeast(239200), ()).direction
    'unknown'
    """
    a_open, b_open = isinstance(a, AtLeast), isinstance(b, AtLeast)
    direction: Direction = "unknown"
    if a_open and not b_open and a > b:
        direction = "higher"
    elif b_open and not a_open and b > a:
        direction = "lower"
    degree: Degree = "unknown" if direction == "unknown" else "bounded"
    return _new_comparison(metric, a, b, direction, degree, None, None, fields)


# Numeric metrics compared field against field; the name is the Profile field.
NUMERIC_METRICS: tuple[str, ...] = (
    "yearly_salary",
    "hourly_rate",
    "median_salary",
    "growth_rate",
    "number_of_jobs",
    "job_satisfaction",
    "average_age",
    "years_of_experience",
    "lgbt_share",
    "annual_openings",
    "median_age",
    "hispanic_share",
)


def _share_of(group: str) -> Callable[[Profile], Decimal | None]:
    def get(profile: Profile) -> Decimal | None:
        for share in profile.gender_ratio:
            if share.name.lower() == group:
                return share.share
        # A survey that publishes only the share of women (CPS table 11) gives it alone.
        return profile.women_share if group == "female" else None

    return get


def _time_midpoint(profile: Profile) -> Decimal | None:
    if profile.time_to_become is None:
        return None
    low, high = profile.time_to_become.months()
    return (low + high) / 2


def _degree_share(profile: Profile) -> Decimal | None:
    return profile.most_common_degree.share if profile.most_common_degree else None


# Metrics derived from a field by a named rule: name -> (source field, rule).
DERIVED_METRICS: dict[str, tuple[str, Callable[[Profile], Decimal | None]]] = {
    "female_share": ("gender_ratio", _share_of("female")),
    "male_share": ("gender_ratio", _share_of("male")),
    "time_to_become": ("time_to_become", _time_midpoint),
    "degree_share": ("most_common_degree", _degree_share),
}


# The fields each metric's comparison reads, and its comparison when neither side has a value.
_FIELDS: dict[str, tuple[str, ...]] = {
    **{name: (f"a.{name}", f"b.{name}") for name in NUMERIC_METRICS},
    **{name: (f"a.{source}", f"b.{source}") for name, (source, _) in DERIVED_METRICS.items()},
    "female_share": ("a.gender_ratio", "b.gender_ratio", "a.women_share", "b.women_share"),
}
_UNKNOWN: dict[str, Comparison] = {
    name: compare_values(name, None, None, fields) for name, fields in _FIELDS.items()
}
# How each metric's value is read from a profile.
_READERS: dict[str, Callable[[Profile], Decimal | None]] = {
    **{name: operator.attrgetter(name) for name in NUMERIC_METRICS},
    **{name: rule for name, (_source, rule) in DERIVED_METRICS.items()},
}
# Each metric: its name, reader, fields, and comparison when neither side has a value.
_METRICS = tuple((name, read, _FIELDS[name], _UNKNOWN[name]) for name, read in _READERS.items())


class _Keys:
    """What comparing reads of one profile, worked out once for every pair it is in."""

    __slots__ = (
        "cited",
        "degree",
        "growth",
        "known",
        "lowered_skills",
        "major",
        "onet",
        "profile",
        "ratios",
        "skills",
        "span",
        "values",
    )

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.values = tuple(read(profile) for _name, read, _fields, _unknown in _METRICS)
        self.ratios = tuple(_ratio(value) for value in self.values)
        # Which metrics it has, a bit each in _METRICS order.
        self.known = sum(1 << i for i, value in enumerate(self.values) if value is not None)
        self.lowered_skills = tuple((skill, skill.lower()) for skill in profile.top_skills)
        self.skills = {lower for _skill, lower in self.lowered_skills}
        self.span = profile.time_to_become.months() if profile.time_to_become else None
        degree = profile.most_common_degree
        self.degree = degree.name.lower() if degree else None
        self.major = profile.most_common_major.lower() if profile.most_common_major else None
        # Its sources as cited_sources takes them, its O*NET source, and its projection's decade.
        self.cited = tuple((s.name, s.release) for s in profile.sources)
        self.onet = next(
            (s for s in profile.sources if s.license and s.name.startswith("O*NET")), None
        )
        self.growth = (profile.growth_rate is not None, growth_release(profile))


_ALL_UNKNOWN = {name: unknown for name, _read, _fields, unknown in _METRICS}
_INDEXES: dict[int, tuple[int, ...]] = {}  # bits of _Keys.known -> the indexes of those set


def _indexes(bits: int) -> tuple[int, ...]:
    """The positions in _METRICS of the bits set."""
    indexes = _INDEXES.get(bits)
    if indexes is None:
        indexes = _INDEXES[bits] = tuple(i for i in range(len(_METRICS)) if bits >> i & 1)
    return indexes


_KEYS: dict[int, _Keys] = {}  # id(profile) -> its keys; checked against the profile itself
_KEYS_LIMIT = 8192  # profiles remembered; past this, it starts again empty


def _keys(profile: Profile) -> _Keys:
    keys = _KEYS.get(id(profile))
    if keys is None or keys.profile is not profile:
        if len(_KEYS) >= _KEYS_LIMIT:
            _KEYS.clear()
        keys = _KEYS[id(profile)] = _Keys(profile)
    return keys


class Facts(Mapping[str, Comparison]):
    """Every comparison of a pair, by metric name, plus what the two have in common."""

    def __init__(self, a: Profile, b: Profile, thresholds: Thresholds = THRESHOLDS) -> None:
        self.a = a
        self.b = b
        # Profiles are immutable, so what is read of each is the same in every pair.
        keys_a, keys_b = _keys(a), _keys(b)
        # Unknown unless either side has the metric: the commonest case, and always the same.
        comparisons = dict(_ALL_UNKNOWN)
        limits = _limits(thresholds)
        values_a, values_b, ratios_a, ratios_b = (
            keys_a.values,
            keys_b.values,
            keys_a.ratios,
            keys_b.ratios,
        )
        for index in _indexes(keys_a.known | keys_b.known):
            name, _read, fields, _unknown = _METRICS[index]
            comparisons[name] = _compare(
                name,
                values_a[index],
                values_b[index],
                ratios_a[index],
                ratios_b[index],
                fields,
                limits,
            )
        self._comparisons = comparisons
        b_skills = keys_b.skills
        self.shared_skills: tuple[str, ...] = tuple(
            skill for skill, lower in keys_a.lowered_skills if lower in b_skills
        )
        # Two lists of the same skills (in any order), named once.
        self.same_skills = bool(self.shared_skills) and (
            len(self.shared_skills) == len(a.top_skills) == len(b.top_skills)
        )
        # Both counted in one survey group, whose figures are then the same for both.
        self.same_group = a.survey_group is not None and a.survey_group == b.survey_group
        # Midpoints decide longer/shorter; equal midpoints are not enough to say "the same"
        # (6–12 months and exactly 9 months), so the span is compared on its own.
        self.same_time_span = keys_a.span is not None and keys_a.span == keys_b.span
        self.same_degree = keys_a.degree is not None and keys_a.degree == keys_b.degree
        self.same_major = keys_a.major is not None and keys_a.major == keys_b.major
        self.other_sources = cited_sources(keys_a.cited, keys_b.cited)
        # The O*NET source of either side, whose attribution an article carries.
        self.onet_source = keys_a.onet if keys_a.onet is not None else keys_b.onet
        self.growth_period = shared_period(keys_a.growth, keys_b.growth)
        self.lead = lead(comparisons)
        self.striking = striking(comparisons, self.lead)
        # Which of a group of metrics pass a test ("same", "differs"): conditions and sentences
        # ask it of the same pair, so the views remember the answers here.
        self.answers: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}

    def __getitem__(self, name: str) -> Comparison:
        return self._comparisons[name]

    def comparisons(self) -> Mapping[str, Comparison]:
        """Every comparison by metric name (a view: do not change it)."""
        return self._comparisons

    def get(self, name: str, default: Any = None) -> Any:
        """The comparison of a metric, or ``default`` when there is no such metric."""
        return self._comparisons.get(name, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._comparisons)

    def __len__(self) -> int:
        return len(self._comparisons)


_GROUP_FIELDS: dict[tuple[str, ...], dict[str, None]] = {}


def group_fields(names: tuple[str, ...]) -> dict[str, None] | None:
    """The fields the comparisons of the named metrics read, in order, as an ordered set; None
    when a name is not a metric. Every pair's comparison of a metric reads the same fields.

    >>> list(group_fields(("yearly_salary", "number_of_jobs")))
    ['a.yearly_salary', 'b.yearly_salary', 'a.number_of_jobs', 'b.number_of_jobs']
    """
    fields = _GROUP_FIELDS.get(names)
    if fields is None:
        if not all(name.__class__ is str and name in _FIELDS for name in names):
            return None
        fields = _GROUP_FIELDS[names] = dict.fromkeys(f for n in names for f in _FIELDS[n])
    return fields


def compare(a: Profile, b: Profile, thresholds: Thresholds = THRESHOLDS) -> Facts:
    """The facts of comparing profile ``a`` with profile ``b``."""
    return Facts(a, b, thresholds)
