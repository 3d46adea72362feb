"""The Article: sections of paragraphs of sentences, plus tables, each knowing its source.

Every sentence records the fragment that wrote it and the profile fields it used; every table
row records its field. Renderers only read this structure, and ``to_dict`` gives the whole of it,
provenance included, for JSON and CMS exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, TypeVar

_T = TypeVar("_T")


def fast_constructor(cls: type[_T]) -> Callable[..., _T]:
    """A function that builds the frozen, slotted dataclass ``cls`` from all its fields, in order.

    It gives the very object the constructor gives, without the frozen class's guarded
    assignment of each field, which costs about a microsecond an object on these machines; the
    composer builds some seventy objects (sentences, rows, sections) for every article.

    >>> make = fast_constructor(Sentence)
    >>> make("Pay differs.", "pay.x", ("yearly_salary",)) == Sentence(
    ...     "Pay differs.", "pay.x", ("yearly_salary",))
    True
    """
    declared = fields(cls)  # type: ignore[arg-type]
    names = [f.name for f in declared]
    if hasattr(cls, "__post_init__") or not all(f.init for f in declared):
        raise TypeError(f"{cls.__name__} does more than set its fields")
    if any(name.startswith("_") or name == "obj" for name in names):
        raise TypeError(f"{cls.__name__} has a field name the built function uses")
    # As dataclasses writes __init__: Python source for these fields, compiled once.
    lines = [f"def make({', '.join(names)}):", "    obj = _new(_cls)"]
    lines += [f"    _set_{name}(obj, {name})" for name in names]
    lines.append("    return obj")
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set_{name}": getattr(cls, name).__set__ for name in names})
    exec("\n".join(lines), namespace)
    make: Callable[..., _T] = namespace["make"]
    return make


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of prose, with the fragment id that wrote it and the fields it used."""

    text: str
    fragment: str
    fields: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "fragment": self.fragment, "fields": list(self.fields)}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Sentences that belong together."""

    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join([sentence.text for sentence in self.sentences])

    def to_dict(self) -> dict[str, Any]:
        return {"type": "paragraph", "sentences": [s.to_dict() for s in self.sentences]}


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text, or ``None`` when the value is missing (shown as a dash)."""

    text: str | None


MISSING = "\u2014"  # an em dash: what a missing value shows as in every format


@dataclass(frozen=True, slots=True)
class TableRow:
    """A labelled row with one cell per occupation."""

    label: str
    field: str
    cells: tuple[Cell, ...]

    def texts(self) -> tuple[str, ...]:
        """The cells as shown: missing values as a dash."""
        return tuple(MISSING if cell.text is None else cell.text for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Table:
    """A comparison table: the occupations as columns, one metric a row."""

    id: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "table",
            "id": self.id,
            "columns": list(self.columns),
            "rows": [
                {
                    "label": row.label,
                    "field": row.field,
                    "cells": [cell.text for cell in row.cells],
                }
                for row in self.rows
            ],
        }


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the article: an optional heading and its blocks, in order."""

    id: str
    heading: Sentence | None
    blocks: tuple[Block, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "heading": self.heading.to_dict() if self.heading else None,
            "blocks": [block.to_dict() for block in self.blocks],
        }


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an occupation's figures come from, as the article's metadata cites it."""

    name: str
    release: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "release": self.release, "url": self.url}


@dataclass(frozen=True, slots=True)
class FieldSourceRef:
    """Where some of an occupation's fields come from, when not from its main source: the
    release, the fields it gives, and how its figures were joined to the occupation."""

    name: str
    release: str | None
    url: str | None
    fields: tuple[str, ...]
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "release": self.release,
            "url": self.url,
            "fields": list(self.fields),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Occupation:
    """One of the article's two occupations: its title, slug, SOC code and sources."""

    title: str
    slug: str
    soc_code: str | None = None
    source: SourceRef | None = None
    sources: tuple[FieldSourceRef, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        source = self.source
        return {
            "title": self.title,
            "slug": self.slug,
            "soc_code": self.soc_code,
            "source": None if source is None else source.to_dict(),
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """A value an editor should look at (see :mod:`narrator.review`): profile, field, why."""

    profile: str
    field: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"profile": self.profile, "field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class Metadata:
    """What an article is about and what wrote it: every export cites these.

    An article built by hand may leave any of them out; the composer fills them all.

    >>> Metadata("narrator 0.1.0", "en_US", (Occupation("Actuaries", "actuaries"),)).to_dict()
    ... # doctest: +NORMALIZE_WHITESPACE
    {'generator': 'narrator 0.1.0', 'locale': 'en_US', 'occupations': [{'title': 'Actuaries',
     'slug': 'actuaries', 'soc_code': None, 'source': None, 'sources': []}], 'review': []}
    """

    generator: str = ""
    locale: str = ""
    occupations: tuple[Occupation, ...] = ()
    review: tuple[ReviewNote, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "generator": self.generator,
            "locale": self.locale,
            "occupations": [occupation.to_dict() for occupation in self.occupations],
            "review": [note.to_dict() for note in self.review],
        }


NO_METADATA = Metadata()


@dataclass(frozen=True, slots=True)
class Article:
    """A whole comparison article and its metadata."""

    title: Sentence
    slug: str
    sections: tuple[Section, ...]
    metadata: Metadata = NO_METADATA

    def sentences(self) -> list[Sentence]:
        """Every sentence, headings included, in reading order."""
        found = [self.title]
        for section in self.sections:
            if section.heading:
                found.append(section.heading)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    found.extend(block.sentences)
        return found

    def tables(self) -> list[Table]:
        """Every table, in reading order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title.to_dict(),
            "slug": self.slug,
            "metadata": self.metadata.to_dict(),
            "sections": [section.to_dict() for section in self.sections],
        }


# For the composer's hot path (see fast_constructor).
new_sentence = fast_constructor(Sentence)
new_paragraph = fast_constructor(Paragraph)
new_row = fast_constructor(TableRow)
new_table = fast_constructor(Table)
new_section = fast_constructor(Section)
new_article = fast_constructor(Article)
new_metadata = fast_constructor(Metadata)
new_occupation = fast_constructor(Occupation)
new_source = fast_constructor(SourceRef)
new_field_source = fast_constructor(FieldSourceRef)
new_note = fast_constructor(ReviewNote)
