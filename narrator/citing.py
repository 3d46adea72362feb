"""What an article cites: each source once with its releases, and the projections' decade.

Comparing (:class:`narrator.facts.Facts`) works these out for a pair from what it read of each
profile once: its per-field sources as (name, release), and whether it has a growth rate with
the release of the projection that gives it.
"""

from __future__ import annotations

from typing import Any

from .profile import Profile

Cited = tuple[tuple[str, str | None], ...]  # a profile's per-field sources as (name, release)


def growth_release(profile: Profile) -> str | None:
    """The release (decade) of the projection a profile's growth rate comes from, if named."""
    # Only a projection's own source names its decade; a profile-wide source does not.
    source = next((s for s in profile.sources if "growth_rate" in s.fields), None)
    return source.release if source is not None else None


def shared_period(a: tuple[bool, str | None], b: tuple[bool, str | None]) -> str | None:
    """The projection decade of both growth rates, when they share one, from each side's (has
    a growth rate, :func:`growth_release`); the one side's, when only one has a growth rate.

    >>> shared_period((True, "2024–34"), (True, "2024–34")), shared_period((True, "a"), (True, "b"))
    ('2024–34', None)
    """
    (has_a, release_a), (has_b, release_b) = a, b
    if has_a and has_b:
        return release_a if release_a == release_b else None
    return release_a if has_a else release_b if has_b else None


_CITED: dict[tuple[Any, ...], tuple[str, ...]] = {}  # pairs of sides' (name, release) lists
_CITED_LIMIT = 8192  # past this, it starts again empty


def cited_sources(a: Cited, b: Cited) -> tuple[str, ...]:
    """The per-field sources of both sides, each name once with its releases, for citing.

    A name's releases are listed in order, with the serial comma (the ``list_text`` filter
    drops it where the article's lists go without). Most pairs' sources are alike, so the
    answer is remembered.

    >>> cited_sources((("EP", "2024–34"), ("EP", "2023–33")), (("O*NET", None),))
    ('EP (2023–33 and 2024–34)', 'O*NET')
    """
    found = _CITED.get((a, b))
    if found is not None:
        return found
    releases: dict[str, dict[str, None]] = {}
    for name, release in (*a, *b):
        known = releases.setdefault(name, {})
        if release:
            known[release] = None
    cited = []
    for name, known in releases.items():
        listed = sorted(known)
        if not listed:
            cited.append(name)
        elif len(listed) == 1:
            cited.append(f"{name} ({listed[0]})")
        elif len(listed) == 2:
            cited.append(f"{name} ({listed[0]} and {listed[1]})")
        else:
            cited.append(f"{name} ({', '.join(listed[:-1])}, and {listed[-1]})")
    if len(_CITED) >= _CITED_LIMIT:
        _CITED.clear()
    found = _CITED[(a, b)] = tuple(cited)
    return found
