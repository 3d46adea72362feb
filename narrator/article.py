"""The Article: sections of paragraphs of sentences, plus tables, each knowing its source.

Every sentence records the fragment that wrote it and the profile fields it used; every table
row records its field. Renderers only read this structure, and ``to_dict`` gives the whole of it,
provenance included, for JSON and CMS exports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
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
class Article:
    """A whole comparison article and its metadata."""

    title: Sentence
    slug: str
    sections: tuple[Section, ...]
    metadata: dict[str, Any] = field(default_factory=dict)

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
            "metadata": self.metadata,
            "sections": [section.to_dict() for section in self.sections],
        }


# For the composer's hot path (see fast_constructor).
new_sentence = fast_constructor(Sentence)
new_paragraph = fast_constructor(Paragraph)
new_row = fast_constructor(TableRow)
new_table = fast_constructor(Table)
new_section = fast_constructor(Section)
new_article = fast_constructor(Article)
