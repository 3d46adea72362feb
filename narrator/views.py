"""What fragment templates see: the two occupations and their comparisons.

``a`` and ``b`` are SideViews and ``cmp`` a FactsView: reading a field through them records it,
so every sentence knows the fields it used (its provenance). Conditions only choose a fragment,
so they read the same names through SideData and FactsData, which record nothing. All of these
are plain data to the sandbox: plain_reads lists the names it reads on each without its per-read
check (see templates.Sandbox).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from jinja2.runtime import LoopContext

from .facts import DERIVED_METRICS, NUMERIC_METRICS, Comparison, Facts, group_fields
from .forms import TitleForms
from .profile import FIELD_NAMES, Duration, FieldSource, Profile, Range, Share, Source
from .salience import LEAD_METRICS


class Recorder:
    """Collects the profile fields a template reads while it renders."""

    __slots__ = ("used",)

    def __init__(self) -> None:
        self.used: dict[str, None] = {}  # an ordered set

    def add(self, *names: str) -> None:
        for name in names:
            self.used[name] = None


# What reading each name of a side records: every field records itself, ``name`` the title,
# and each derived name (DERIVED_SIDE) the field it is worked out from.
RECORDS = {
    side: {
        **{name: f"{side}.{name}" for name in FIELD_NAMES},
        "name": f"{side}.title",
        "oews": f"{side}.source",
    }
    for side in ("a", "b")
}

# The source whose job counts are wage-and-salary jobs and whose pay range is the middle 80%
# (10th to 90th percentile): what a fragment must say of those numbers.
OEWS_SOURCE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"


class SideView:
    """One occupation as a template sees it: ``a.yearly_salary``, ``a.title``.

    Reading a field records it; ``title`` gives the running-text forms of the title, and
    ``name`` the display title.
    """

    __slots__ = ("_names", "_recorder", "_values")

    def __init__(self, profile: Profile, side: str, forms: TitleForms, recorder: Recorder):
        self._values = side_values(profile, forms)
        self._names = RECORDS[side]
        self._recorder = recorder

    def _read(self, name: str) -> Any:
        """A field's value, the field recorded; what every _Read of a SideView gives."""
        try:
            value = self._values[name]
        except KeyError:
            raise AttributeError(name) from None
        self._recorder.used[self._names[name]] = None
        return value

    __getattr__ = _read  # a name without a _Read: a value if there is one, else refused


class _Read:
    """A name a view gives, as a class attribute that asks the view's ``_read``.

    A class attribute for each name, rather than ``__getattr__`` alone: Python calls
    ``__getattr__`` only after the usual lookup has failed and built its AttributeError, which
    cost more than the read itself, a dozen times an article.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, view: SideView | FactsView | None, owner: type | None = None) -> Any:
        if view is None:
            return self
        return view._read(self.name)


def side_values(profile: Profile, forms: TitleForms) -> dict[str, Any]:
    """What a side's template names read: every field, ``title`` as its forms, ``name``."""
    values = {name: profile.get(name) for name in FIELD_NAMES}
    values["title"] = forms
    values["name"] = profile.title
    values["oews"] = profile.source is not None and profile.source.name == OEWS_SOURCE
    return values


# What a pair has in common, beside the comparisons: each name, and the fields it is read from.
PAIR_FACTS: dict[str, tuple[str, ...]] = {
    "shared_skills": ("a.top_skills", "b.top_skills"),
    "same_skills": ("a.top_skills", "b.top_skills"),
    "same_group": ("a.survey_group", "b.survey_group"),
    "same_time_span": ("a.time_to_become", "b.time_to_become"),
    "same_degree": ("a.most_common_degree", "b.most_common_degree"),
    "same_major": ("a.most_common_major", "b.most_common_major"),
    "other_sources": ("a.sources", "b.sources"),
    "onet_source": ("a.sources", "b.sources"),
    "growth_period": ("a.sources", "b.sources", "a.growth_rate", "b.growth_rate"),
    "lead": tuple(f"{side}.{name}" for name in LEAD_METRICS for side in ("a", "b")),
    "striking": tuple(f"{side}.{name}" for name in LEAD_METRICS for side in ("a", "b")),
}


class FactsView:
    """The comparisons as a template sees them: ``cmp.yearly_salary.higher``.

    Reading a comparison records the fields it was computed from.
    """

    __slots__ = ("_facts", "_recorder")

    def __init__(self, facts: Facts, recorder: Recorder) -> None:
        self._facts = facts
        self._recorder = recorder

    def _read(self, name: str) -> Any:
        """A comparison or pair fact, its fields recorded; what every _Read of a FactsView gives."""
        comparison = self._facts.get(name)
        if comparison is not None:
            used = self._recorder.used
            for field in comparison.fields:
                used[field] = None
            return comparison
        fields = PAIR_FACTS.get(name)
        if fields is None:
            raise AttributeError(name)
        self._recorder.add(*fields)
        return getattr(self._facts, name)

    __getattr__ = _read  # a name without a _Read: a value if there is one, else refused

    def matching(self, names: Sequence[str]) -> list[str]:
        """Those of the named metrics that are known for both and equal."""
        return self._which("same", names)

    def differing(self, names: Sequence[str]) -> list[str]:
        """Those of the named metrics that are known for both and differ."""
        return self._which("differs", names)

    def _which(self, test: str, names: Sequence[str]) -> list[str]:
        # Reads each named comparison as ``getattr(self, name)`` would, recording its fields,
        # without the detour through a failed attribute lookup for each. A group of metrics
        # the conditions already asked about (FactsData) is answered from there.
        if isinstance(names, tuple):
            known = self._facts.answers.get((test, names))
            if known is not None:
                fields = group_fields(names)
                if fields is not None:
                    self._recorder.used.update(fields)
                    return list(known)
        comparisons = self._facts.comparisons()
        used = self._recorder.used
        found = []
        for name in names:
            comparison = comparisons.get(name) if isinstance(name, str) else None
            if comparison is None:
                comparison = getattr(self, name)
            else:
                for field in comparison.fields:
                    used[field] = None
            if getattr(comparison, test):
                found.append(name)
        return found


class SideData:
    """A side as conditions see it: the same names and values as a SideView, nothing recorded.

    Conditions only decide which fragment writes a slot; what they read is not provenance, so
    they read plain attributes.
    """

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


# The directions for which Comparison.same and Comparison.differs are true.
_DIRECTIONS = {"same": ("same",), "differs": ("higher", "lower")}


class FactsData:
    """The comparisons as conditions see them: the names and values of a FactsView, unrecorded."""

    def __init__(self, facts: Facts) -> None:
        self.__dict__.update(facts.comparisons())
        self.__dict__.update((name, getattr(facts, name)) for name in PAIR_FACTS)
        # Several conditions ask the same question of one group ("which headline metrics
        # match?"); the answer is a fresh list each time, as a FactsView gives. Answers are
        # kept with the pair's facts, where the sentences' FactsView finds them too.
        self._asked = facts.answers

    def _which(self, test: str, names: Sequence[str]) -> list[str]:
        key = (test, tuple(names))
        found = self._asked.get(key)
        if found is None:
            found = self._asked[key] = self._find(test, key[1])
        return list(found)

    def _find(self, test: str, names: tuple[str, ...]) -> tuple[str, ...]:
        directions = _DIRECTIONS.get(test)
        if directions is not None:
            # What Comparison's ``same`` and ``differs`` say, without a call to each.
            values = self.__dict__
            found = []
            for name in names:
                value = values.get(name)
                if value.__class__ is not Comparison:
                    break  # not a plain comparison: ask it, below
                if value.direction in directions:
                    found.append(name)
            else:
                return tuple(found)
        return tuple(name for name in names if getattr(getattr(self, name), test))

    def matching(self, names: Sequence[str]) -> list[str]:
        """Those of the named metrics that are known for both and equal."""
        return self._which("same", names)

    def differing(self, names: Sequence[str]) -> list[str]:
        """Those of the named metrics that are known for both and differ."""
        return self._which("differs", names)


class Groups(Mapping[str, tuple[str, ...]]):
    """The outline's named lists of metrics, read as ``groups.headline``; never changed.

    Not a dict: a template cannot empty or alter it for the articles after its own.
    """

    def __init__(self, groups: Mapping[str, tuple[str, ...]]) -> None:
        self._groups = {name: tuple(members) for name, members in groups.items()}
        # Also as attributes, which the usual lookup finds: conditions read groups.headline
        # several times an article, and __getattr__ is asked only after a failed lookup.
        # A name that is a Mapping method stays the method.
        for name, members in self._groups.items():
            if not hasattr(Groups, name):
                self.__dict__[name] = members

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self._groups[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)

    def __getattr__(self, name: str) -> tuple[str, ...]:
        try:
            return self.__dict__["_groups"][name]  # type: ignore[no-any-return]
        except KeyError:
            raise AttributeError(name) from None


def _add_reads() -> None:
    """Give the views a class attribute for every name they read (see _Read)."""
    for name in dict.fromkeys([*RECORDS["a"], "title"]):
        setattr(SideView, name, _Read(name))
    for name in dict.fromkeys([*NUMERIC_METRICS, *DERIVED_METRICS, *PAIR_FACTS]):
        setattr(FactsView, name, _Read(name))


_add_reads()


def plain_reads(groups: Iterable[str] = ()) -> dict[type, frozenset[str]]:
    """For each of narrator's types that templates read, the attribute names that are its data.

    The sandbox reads these names on these types without its per-read check
    (:class:`narrator.templates.Sandbox`), and on no other type. The names come from narrator's
    own classes, and for :class:`Groups` the outline's group names, whose values are tuples of
    metric names: a name, whoever chose it, is read directly only on the type that holds it as
    data. No private or internal name is ever listed.

    >>> reads = plain_reads()
    >>> "yearly_salary" in reads[SideView], "higher" in reads[Comparison]
    (True, True)
    """
    side = frozenset({*FIELD_NAMES, "title", "name", "oews"})
    facts = frozenset({*NUMERIC_METRICS, *DERIVED_METRICS, *PAIR_FACTS, "matching", "differing"})
    reads: dict[type, frozenset[str]] = {
        SideView: side,
        SideData: side,
        FactsView: facts,
        FactsData: facts,
    }
    reads[Groups] = frozenset(name for name in groups if not hasattr(Groups, name))
    # Jinja2's own loop variable: its counters and neighbours, read in loops over lists.
    reads[LoopContext] = frozenset(
        {"first", "last", "index", "index0", "revindex", "revindex0", "length", "depth", "depth0"}
    )
    for kind in (Comparison, TitleForms, Share, Duration, Range, Source, FieldSource):
        names = {f.name for f in dataclasses.fields(kind)}
        names.update(n for n, v in vars(kind).items() if isinstance(v, property))
        reads[kind] = frozenset(names)
    return {
        kind: frozenset(n for n in names if n.isidentifier() and not n.startswith("_"))
        for kind, names in reads.items()
    }


def plain_calls() -> frozenset[Callable[..., Any]]:
    """The views' methods that templates call (``cmp.matching(groups.headline)``): plain
    functions of narrator's own, which the sandbox calls without asking each time."""
    return frozenset(
        v
        for kind in (FactsView, FactsData)
        for n, v in vars(kind).items()
        if inspect.isfunction(v) and not n.startswith("_")
    )
