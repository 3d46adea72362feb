"""Read generated articles into rows for the review index: places, contents, phrasings, values.

An article comes in as the dictionary ``Article.to_dict()`` gives (one line of a batch's
``articles.jsonl`` is exactly that). Each sentence becomes a *place* (the article and the slot
it fills) holding a *content*: the phrasing that wrote it (fragment, phrasing index, template
text), its text, and the profile values it read. Provenance records the fragment and the fields;
the phrasing index is worked out as the composer chose it (``choice_index``) and the values are
read from the profiles, so articles need not carry anything more. A profile's table cells are
places of the profile, shared by every article it is in.

Keys are BLAKE2b digests of what an item is, so that a decision keyed by one survives any
regeneration that leaves the item the same.

>>> phrasing_key("article.title", 0, "{{ a.name }} vs {{ b.name }}")
'b594a9e2136c13495c0934203371293d'
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compose import Composer, choice_index
from ..forms import title_forms
from ..profile import Profile, profile_to_dict
from ..review import review
from .schema import ReviewError

# Roles of a place, in the order an article shows them.
TITLE, HEADING, SENTENCE, CELL = 0, 1, 2, 3


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def phrasing_key(fragment: str, index: int, template: str) -> str:
    """The key of a phrasing: its fragment, its index and its template text."""
    return _digest("phrasing", fragment, str(index), template)


def value_key(profile: str, field_name: str, value: str) -> str:
    """The key of a data value: profile slug, field and the value as canonical JSON."""
    return _digest("value", profile, field_name, value)


def content_key(phrasing: str, text: str, values: Iterable[str]) -> str:
    """The key of a sentence's content: its phrasing's key, its text and its values' keys."""
    return _digest("content", phrasing, text, *sorted(values))


_FIGURE = re.compile(r"[$€£]?\d[\d,.]*(?:%| ?[–-] ?[$€£]?\d[\d,.]*%?)?")


def skeleton(text: str, titles: Iterable[tuple[str, str]]) -> str:
    """A sentence with its occupations' titles and its figures blanked out: what stays the same
    from one pair to the next.

    >>> skeleton("Surgeons earn $239,200 a year, 3% more.", [("surgeons", "[A]")])
    '[A] earn # a year, # more.'
    """
    for form, mark in titles:
        text = text.replace(form, mark)
        text = text.replace(form[:1].upper() + form[1:], mark)
    return _FIGURE.sub("#", text)


def cell_fragment(table_id: str, field_name: str) -> str:
    """The fragment id a table row's cells are reviewed under.

    >>> cell_fragment("at_a_glance", "yearly_salary")
    'table:at_a_glance.yearly_salary'
    """
    return f"table:{table_id}.{field_name}"


@dataclass
class Rows:
    """What one batch of articles adds to the index, ready for ``executemany``.

    Contents and values carry a number of this indexing run's own (``sid``), so that the
    rows that refer to them join on integers; the store maps them to its ids once.
    """

    profiles: dict[str, tuple[str, str, str | None, str | None]] = field(default_factory=dict)
    phrasings: dict[str, tuple[str, str, int, str, str | None, int | None]] = field(
        default_factory=dict
    )
    # (sid, key, profile slug, field, value as JSON, note)
    values: list[tuple[int, str, str, str, str, str | None]] = field(default_factory=list)
    # (sid, key, phrasing key, text, skeleton)
    contents: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    content_values: list[tuple[int, int]] = field(default_factory=list)
    articles: list[tuple[str, str, str, str]] = field(default_factory=list)
    # (article slug or "", profile slug or "", slot, pos, role, block, content sid)
    places: list[tuple[str, str, str, int, int, int, int]] = field(default_factory=list)


class Indexer:
    """Turns article dictionaries into index rows, remembering what it has already seen.

    ``profiles`` are the profiles the articles were written from, by slug; ``composer`` the
    Composer (its phrasebook) that wrote them.
    """

    def __init__(self, composer: Composer, profiles: Mapping[str, Profile]) -> None:
        self.book = composer.phrasebook
        self.fragments = {f.id: f for f in self.book.fragments}
        self.profiles = profiles
        self._values: dict[str, dict[str, int]] = {}  # slug -> field -> value sid
        self._titles: dict[
            str, list[tuple[str, str]]
        ] = {}  # slug -> its title forms, longest first
        self._phrasings: dict[tuple[str, int], str] = {}
        self._contents: dict[str, int] = {}  # key -> sid
        self._value_keys: list[str] = [""]  # by value sid
        self._cells_done: set[str] = set()

    def _new_value(self, slug: str, name: str, text: str, note: str | None, rows: Rows) -> int:
        sid = len(self._value_keys)
        key = value_key(slug, name, text)
        self._value_keys.append(key)
        rows.values.append((sid, key, slug, name, text, note))
        return sid

    def _profile(self, slug: str, rows: Rows) -> dict[str, int]:
        values = self._values.get(slug)
        if values is None:
            profile = self.profiles.get(slug)
            if profile is None:
                raise ReviewError(f"article reads profile {slug!r}, which is not in the catalog")
            plain = profile_to_dict(profile)
            notes: dict[str, str] = {}
            for note in review(profile):
                notes.setdefault(note.field, note.message)
            values = {}
            for name in (*plain, "title"):
                text = json.dumps(plain.get(name), sort_keys=True, ensure_ascii=False)
                values[name] = self._new_value(slug, name, text, notes.get(name), rows)
            self._values[slug] = values
            source = profile.source
            described = None
            if source is not None:
                described = ", ".join(x for x in (source.name, source.release, source.url) if x)
            rows.profiles[slug] = (slug, profile.title, profile.path, described)
        return values

    def _value(self, slug: str, name: str, rows: Rows) -> int:
        """The sid of a profile's value of a field (a missing value too: it reads as null)."""
        values = self._profile(slug, rows)
        found = values.get(name)
        if found is None:
            found = values[name] = self._new_value(slug, name, "null", None, rows)
        return found

    def _phrasing(self, fragment_id: str, a: str, b: str, rows: Rows) -> tuple[str, str]:
        """The key and slot of the phrasing a pair's sentence from ``fragment_id`` came from."""
        fragment = self.fragments.get(fragment_id)
        if fragment is None:
            raise ReviewError(f"article has a sentence from unknown fragment {fragment_id!r}")
        index = choice_index(a, b, fragment_id, len(fragment.texts))
        key = self._phrasings.get((fragment_id, index))
        if key is None:
            template = fragment.texts[index]
            key = phrasing_key(fragment_id, index, template)
            self._phrasings[(fragment_id, index)] = key
            rows.phrasings[key] = (key, fragment_id, index, template, fragment.file, fragment.line)
        return key, fragment.slot

    def _forms(self, slug: str, mark: str) -> list[tuple[str, str]]:
        forms = self._titles.get(slug)
        if forms is None:
            profile = self.profiles[slug]
            found = title_forms(profile.title, profile.title_forms)
            names = {
                profile.title,
                found.singular,
                found.plural,
                found.indefinite,
                found.possessive,
                found.possessive_plural,
                found.headline,
            }
            forms = self._titles[slug] = [
                (f, "") for f in sorted(names, key=len, reverse=True) if f
            ]
        return [(form, mark) for form, _ in forms]

    def _content(
        self, phrasing: str, text: str, values: list[int], rows: Rows, slugs: tuple[str, ...]
    ) -> int:
        key = content_key(phrasing, text, map(self._value_keys.__getitem__, values))
        sid = self._contents.get(key)
        if sid is None:
            sid = self._contents[key] = len(self._contents) + 1
            marks = [
                f for slug, m in zip(slugs, "AB", strict=False) for f in self._forms(slug, f"[{m}]")
            ]
            rows.contents.append((sid, key, phrasing, text, skeleton(text, marks)))
            rows.content_values.extend((sid, value) for value in dict.fromkeys(values))
        return sid

    def add(self, record: Mapping[str, Any], rows: Rows) -> None:
        """Add one article's rows."""
        try:
            slug = record["slug"]
            a, b = (o["slug"] for o in record["metadata"]["occupations"])
            sides = {"a": a, "b": b}
            title = record["title"]
            rows.articles.append((slug, a, b, title["text"]))
            pos = 0
            block = 0

            def sentence(item: Mapping[str, Any], role: int) -> None:
                nonlocal pos
                phrasing, slot = self._phrasing(item["fragment"], a, b, rows)
                values = []
                for name in item["fields"]:
                    side, _, field_name = name.partition(".")
                    values.append(self._value(sides[side], field_name, rows))
                key = self._content(phrasing, item["text"], values, rows, (a, b))
                rows.places.append((slug, "", slot, pos, role, block, key))
                pos += 1

            sentence(title, TITLE)
            for section in record["sections"]:
                if section["heading"]:
                    block += 1
                    sentence(section["heading"], HEADING)
                for item in section["blocks"]:
                    block += 1
                    if item["type"] == "paragraph":
                        for each in item["sentences"]:
                            sentence(each, SENTENCE)
                    else:
                        self._cells(item, (a, b), rows)
        except (KeyError, TypeError, ValueError) as exc:
            raise ReviewError(f"article record is not one narrator wrote: {exc!r}") from exc

    def _cells(self, table: Mapping[str, Any], slugs: tuple[str, str], rows: Rows) -> None:
        """A table's cells, as places of the profile they show (each profile's once)."""
        spec = self.book.tables.get(table["id"])
        if spec is None:
            raise ReviewError(f"article has a table {table['id']!r} the phrasebook lacks")
        templates = {row.field: (number, row.cell) for number, row in enumerate(spec.rows)}
        for column, slug in enumerate(slugs):
            if f"{slug}\0{spec.id}" in self._cells_done:
                continue
            self._cells_done.add(f"{slug}\0{spec.id}")
            for row in table["rows"]:
                text = row["cells"][column]
                if text is None:
                    continue
                number, template = templates[row["field"]]
                fragment = cell_fragment(spec.id, row["field"])
                phrasing = self._phrasings.get((fragment, 0))
                if phrasing is None:
                    phrasing = phrasing_key(fragment, 0, template)
                    self._phrasings[(fragment, 0)] = phrasing
                    rows.phrasings[phrasing] = (phrasing, fragment, 0, template, spec.file, None)
                value = self._value(slug, row["field"], rows)
                key = self._content(phrasing, text, [value], rows, (slug,))
                block = list(self.book.tables).index(spec.id)
                rows.places.append(("", slug, fragment, number, CELL, block, key))


def composed(
    composer: Composer, pairs: Iterable[tuple[Profile, Profile]]
) -> Iterator[dict[str, Any]]:
    """The article of each pair, as the dictionary a batch's jsonl line holds."""
    for a, b in pairs:
        yield composer.compose(a, b).to_dict()


_ARTICLE_KEYS = {"slug", "title", "sections", "metadata"}


def jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """The articles of a batch's ``articles.jsonl``, one dictionary a line."""
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ReviewError(f"{path}:{number}: not a JSON line: {exc.msg}") from exc
                if not isinstance(record, dict) or not record.keys() >= _ARTICLE_KEYS:
                    raise ReviewError(f"{path}:{number}: not an article record")
                yield record
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read: {exc.strerror}") from exc


@dataclass(frozen=True)
class Source:
    """Where a review's articles come from: profile files or folders (the bundled ones when
    none), a phrasebook folder (the bundled one when None), and optionally a batch's
    ``articles.jsonl`` written from them (otherwise every pair is composed here)."""

    profiles: tuple[str, ...] = ()
    phrasebook: str | None = None
    articles: str | None = None

    def catalog(self) -> Any:
        """The profiles, read afresh (an edited file is seen)."""
        from ..catalog import Catalog

        return Catalog.from_paths(self.profiles) if self.profiles else Catalog.bundled()

    def composer(self) -> Composer:
        """A Composer for the phrasebook."""
        from ..phrasebook import load_phrasebook

        return Composer(load_phrasebook(self.phrasebook) if self.phrasebook else None)

    def records(self, composer: Composer, catalog: Any) -> Iterator[dict[str, Any]]:
        """Every article, as the dictionary a jsonl line holds, in slug order of its pair."""
        if self.articles:
            return jsonl(self.articles)
        ordered = sorted(catalog, key=lambda p: p.slug)
        return composed(composer, itertools.combinations(ordered, 2))

    def indexer(self, composer: Composer, catalog: Any) -> Indexer:
        """An Indexer over this source's profiles."""
        return Indexer(composer, {p.slug: p for p in catalog})
