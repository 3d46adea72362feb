"""Which pairs a batch renders, in a stable order (all, a CSV, some names), by their review
state when asked, and its default date."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog
from .errors import BatchError, NarratorError
from .profile import Profile
from .slugs import PAIR_WORD

_MONTHS = {
    month: number
    for number, month in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        1,
    )
}


def all_pairs(profiles: Sequence[Profile]) -> Iterator[tuple[Profile, Profile]]:
    """Every unordered pair once, in slug order: (a, b) with a's slug before b's."""
    ordered = sorted(profiles, key=lambda p: p.slug)
    return itertools.combinations(ordered, 2)


def pairs_from_csv(path: Path, catalog: Catalog) -> list[tuple[Profile, Profile]]:
    """The pairs a CSV file names, two names a row, in file order, each unordered pair once.

    Raises BatchError naming the file and line of a row that is not two known names.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchError(f"{path}: cannot read the pairs file: {exc}") from exc
    pairs: list[tuple[Profile, Profile]] = []
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(csv.reader(text.splitlines()), 1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) != 2 or not all(cells):
            raise BatchError(f"{path}:{number}: expected two occupation names, got {row!r}")
        try:
            a, b = catalog.find(cells[0]), catalog.find(cells[1])
        except NarratorError as exc:
            raise BatchError(f"{path}:{number}: {exc}") from exc
        if a.slug == b.slug:
            raise BatchError(f"{path}:{number}: a pair needs two different occupations")
        key = tuple(sorted((a.slug, b.slug)))
        if key not in seen:
            seen.add((key[0], key[1]))
            pairs.append((a, b))
    return pairs


def select_pairs(
    catalog: Catalog,
    *,
    pairs_file: Path | None = None,
    only: Sequence[str] = (),
    limit: int | None = None,
) -> list[tuple[Profile, Profile]]:
    """The pairs a batch renders, in their stable order."""
    if pairs_file is not None:
        pairs: Iterable[tuple[Profile, Profile]] = pairs_from_csv(pairs_file, catalog)
    elif only:
        chosen = {p.slug: p for p in (catalog.find(name) for name in only)}
        pairs = all_pairs(list(chosen.values()))
    else:
        pairs = all_pairs(list(catalog))
    return list(itertools.islice(pairs, limit))


def pair_slugs(pairs: Sequence[tuple[Profile, Profile]]) -> list[str]:
    """Each pair's article slug, ``<a>-vs-<b>``, in order; BatchError if two would be one.

    The slugs are unique by construction: no profile slug has the word "vs" (profile
    validation refuses one), so the one "vs" of an article's slug tells its two halves apart,
    and two different pairs never meet in one page. A pair given twice in the same order
    (``select_pairs`` never does that), or profiles built by hand with such a slug, would
    write one page twice, and are refused.

    >>> from narrator.profile import parse_profile
    >>> a, g = (parse_profile(f'title = "{t}"') for t in ("Alpha", "Gamma"))
    >>> pair_slugs([(a, g), (g, a)])
    ['alpha-vs-gamma', 'gamma-vs-alpha']
    >>> parse_profile('title = "Alpha vs Beta"')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    narrator.errors.ProfileError: <profile>:1: title: a slug must not have the word 'vs', ...
    """
    slugs = [f"{a.slug}-{PAIR_WORD}-{b.slug}" for a, b in pairs]
    if len(set(slugs)) < len(slugs):
        first: dict[str, tuple[Profile, Profile]] = {}
        for slug, pair in zip(slugs, pairs, strict=True):
            other = first.setdefault(slug, pair)
            if other is not pair:
                raise BatchError(
                    f"two pairs would write one page {slug!r}: "
                    f"{other[0].title!r} vs {other[1].title!r} and "
                    f"{pair[0].title!r} vs {pair[1].title!r}"
                )
    return slugs


@dataclass(frozen=True, slots=True)
class Reviewed:
    """The pairs a reviewed batch writes, their slugs and review states (in the same order),
    and the slugs it leaves out (``--only-approved``: those not approved)."""

    pairs: list[tuple[Profile, Profile]]
    slugs: list[str]
    states: list[str]
    left_out: list[str]


def review_pairs(
    db: str | Path,
    pairs: Sequence[tuple[Profile, Profile]],
    slugs: Sequence[str],
    *,
    only_approved: bool = False,
) -> Reviewed:
    """The review state of each pair's article, read from the review database ``db`` in one
    query; with ``only_approved``, only the approved pairs are kept.

    Raises ReviewError (one line, naming ``db``) when it is not a review database.
    """
    from .editorial.publish import states

    found = states(db, slugs)
    if not only_approved:
        return Reviewed(list(pairs), list(slugs), [found[slug] for slug in slugs], [])
    kept = [number for number, slug in enumerate(slugs) if found[slug] == "approved"]
    return Reviewed(
        [pairs[number] for number in kept],
        [slugs[number] for number in kept],
        ["approved"] * len(kept),
        [slug for slug in slugs if found[slug] != "approved"],
    )


def release_date(release: str | None) -> str | None:
    """The first day of a release such as "May 2025", as an ISO date.

    >>> release_date("May 2025"), release_date(None)
    ('2025-05-01', None)
    """
    match = re.fullmatch(r"([A-Z][a-z]+) (\d{4})", release or "")
    if not match or match.group(1) not in _MONTHS:
        return None
    return f"{match.group(2)}-{_MONTHS[match.group(1)]:02d}-01"


def default_date(pairs: Sequence[tuple[Profile, Profile]]) -> str:
    """The publication date when none is given: the newest data release among the pairs.

    The clock is never read, so the same data always gives the same files.
    """
    dates = {
        date
        for pair in pairs
        for profile in pair
        if profile.source and (date := release_date(profile.source.release)) is not None
    }
    if not dates:
        raise BatchError("no profile names a dated release; pass --date YYYY-MM-DD")
    return max(dates)
