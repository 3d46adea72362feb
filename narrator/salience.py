"""Sentence planning: which of a pair's gaps is most striking, so the article leads with it.

Facts (:mod:`narrator.facts`) call :func:`lead` once per pair; the phrasebook reads the answer
as ``cmp.lead``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .facts import Comparison


@dataclass(frozen=True, slots=True)
class Salience:
    """How big a gap in each headline metric must be to count as striking, so an article can
    lead with what is most striking about its pair (sentence planning: what to say first).

    Pay and pay rates, jobs and time to become are measured by ``Comparison.percent`` (how much
    more the larger is); growth in percentage points. A gap of exactly the figure here scores 1;
    the highest score leads, ties going to the earlier metric of :data:`LEAD_METRICS`.
    """

    pay: Decimal = Decimal(40)  # 40% more pay
    jobs: Decimal = Decimal(900)  # ten times as many jobs
    growth: Decimal = Decimal(6)  # six points of projected growth apart
    time: Decimal = Decimal(300)  # four times as long to get into


SALIENCE = Salience()

# The metrics an article may lead with, in the order ties are broken.
LEAD_METRICS = ("yearly_salary", "hourly_rate", "number_of_jobs", "growth_rate", "time_to_become")


def score(
    name: str, comparisons: Mapping[str, Comparison], salience: Salience = SALIENCE
) -> Decimal:
    """How striking the gap in one headline metric is: 1 at its :class:`Salience` figure, 0 when
    the two do not differ or either is unknown. A top-coded side scores 1 on pay."""
    comparison = comparisons.get(name)
    if comparison is None or not comparison.differs:
        return Decimal(0)
    if name == "growth_rate":
        assert comparison.a is not None and comparison.b is not None
        return abs(comparison.a - comparison.b) / salience.growth
    if comparison.percent is None:
        return Decimal(1) if comparison.top_coded else Decimal(0)
    scale = {"number_of_jobs": salience.jobs, "time_to_become": salience.time}
    return comparison.percent / scale.get(name, salience.pay)


def lead(comparisons: Mapping[str, Comparison], salience: Salience = SALIENCE) -> str | None:
    """The metric whose gap is most striking for this pair, or None when no headline metric
    is known for both. Hourly pay stands in for yearly pay only when yearly pay is not known
    for both.

    >>> from narrator.facts import compare_values
    >>> c = {"yearly_salary": compare_values("yearly_salary", Decimal(150), Decimal(100), ()),
    ...      "number_of_jobs": compare_values("number_of_jobs", Decimal(9000), Decimal(1000), ())}
    >>> lead(c)
    'yearly_salary'
    """
    best, best_score = None, Decimal(0)
    for name in LEAD_METRICS:
        comparison = comparisons.get(name)
        if comparison is None or not comparison.differs:
            continue
        if name == "hourly_rate" and comparisons["yearly_salary"].known:
            continue
        gap = score(name, comparisons, salience)
        if best is None or gap > best_score:
            best, best_score = name, gap
    if best is None:
        # Nothing differs: lead with what is known for both and the same, if anything.
        best = next((n for n in LEAD_METRICS if n in comparisons and comparisons[n].same), None)
    return best


def striking(comparisons: Mapping[str, Comparison], name: str | None) -> bool:
    """Whether the lead's gap reaches its :class:`Salience` figure: only then may an opening
    say it "sets the two apart".

    >>> from narrator.facts import compare_values
    >>> c = {"yearly_salary": compare_values("yearly_salary", Decimal(104), Decimal(100), ())}
    >>> striking(c, "yearly_salary")
    False
    """
    return name is not None and score(name, comparisons) >= 1
