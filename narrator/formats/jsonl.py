"""JSON lines: one article a line, keys sorted, for CMS imports and data pipelines."""

from __future__ import annotations

import json
from typing import Any

import orjson

from ..article import Article, Occupation, Paragraph, Section

# Legal inside JSON strings, but line breaks to str.splitlines() and some JSON-lines readers.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_BYTES = {c.encode(): e.encode() for c, e in _LINE_BREAKS.items()}  # in UTF-8


def jsonl_record(article: Article, review_state: str | None = None) -> str:
    """The whole article (structure, provenance, metadata) as one line of JSON, keys sorted.

    The text is ``json.dumps(article.to_dict(), ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))``, written by orjson, which is quicker. There is no trailing
    newline; the caller joins records with ``"\\n"``. Text stays readable, but every character
    that any reader could take for a line break is escaped, so a record is always one line.
    ``review_state`` (when not None) adds a ``"review_state"`` key beside the article's own:
    ``narrator batch --review`` gives each record its state (approved, unreviewed, changed or
    rejected).

    >>> from narrator.article import Article, Sentence
    >>> record = jsonl_record(Article(Sentence("Café\\u2028Bar", "t", ()), "cafe-bar", ()))
    >>> record[record.index('"slug"') :]
    '"slug":"cafe-bar","title":{"fields":[],"fragment":"t","text":"Café\\\\u2028Bar"}}'
    """
    record = _record(article, review_state)
    if record is not None:
        return record.decode()
    # orjson refuses a lone surrogate, as in narrator.formats.json: json.dumps writes it.
    data = article.to_dict()
    if review_state is not None:
        data["review_state"] = review_state
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # These characters can only occur inside JSON strings, where the escape means the same.
    for char, escape in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escape)
    return text


def jsonl_line(article: Article, review_state: str | None = None) -> bytes:
    """:func:`jsonl_record` and a newline, in UTF-8: a line of a batch's ``articles.jsonl``.

    Written as orjson gives it, the record is never decoded only to be encoded again (which
    would cost as much as writing the JSON).

    >>> from narrator.article import Article, Sentence
    >>> article = Article(Sentence("Café\\u2028Bar\\x85", "t", ()), "cafe-bar", ())
    >>> jsonl_line(article) == (jsonl_record(article) + "\\n").encode("utf-8")
    True
    >>> b"\\\\u2028Bar\\\\u0085" in jsonl_line(article)
    True
    """
    record = _record(article, review_state)
    if record is None:
        return (jsonl_record(article, review_state) + "\n").encode("utf-8")
    return record + b"\n"


def _record(article: Article, review_state: str | None = None) -> bytes | None:
    """The record in UTF-8, or None when orjson cannot write it (a lone surrogate)."""
    try:
        data = _sorted(article)
        if review_state is not None:
            # Its place in the sorted keys: after "metadata", before "sections".
            data = {"metadata": data.pop("metadata"), "review_state": review_state, **data}
        record = orjson.dumps(data)
    except TypeError:
        return None
    # Looking for a one-byte needle is a memchr; for a three-byte one, on text full of other
    # characters starting \xe2\x80 (dashes, quotes), some twenty times slower. Each line break
    # ends with one of these bytes, which other characters end with too, but seldom.
    if b"\x85" in record or b"\xa8" in record or b"\xa9" in record:
        for char, escape in _LINE_BREAK_BYTES.items():
            if char in record:
                record = record.replace(char, escape)
    return record


# What follows is Article.to_dict() with every object's keys in sorted order, so that orjson
# need not sort them (a third of its time), and tuples left as tuples, which it writes as lists.
# A test pins the record to json.dumps(article.to_dict(), sort_keys=True).


def _sorted(article: Article) -> dict[str, Any]:
    """``article.to_dict()``, every object's keys in sorted order."""
    title = article.title
    metadata = article.metadata
    return {
        "metadata": {
            "generator": metadata.generator,
            "locale": metadata.locale,
            "occupations": [_occupation(o) for o in metadata.occupations],
            "review": [
                {"field": n.field, "message": n.message, "profile": n.profile}
                for n in metadata.review
            ],
        },
        "sections": [_section(section) for section in article.sections],
        "slug": article.slug,
        "title": {"fields": title.fields, "fragment": title.fragment, "text": title.text},
    }


def _section(section: Section) -> dict[str, Any]:
    """``section.to_dict()``, every object's keys in sorted order."""
    heading = section.heading
    blocks: list[dict[str, Any]] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            sentences = [
                {"fields": s.fields, "fragment": s.fragment, "text": s.text}
                for s in block.sentences
            ]
            blocks.append({"sentences": sentences, "type": "paragraph"})
        else:
            rows = [
                {"cells": [cell.text for cell in row.cells], "field": row.field, "label": row.label}
                for row in block.rows
            ]
            blocks.append({"columns": block.columns, "id": block.id, "rows": rows, "type": "table"})
    return {
        "blocks": blocks,
        "heading": None
        if heading is None
        else {"fields": heading.fields, "fragment": heading.fragment, "text": heading.text},
        "id": section.id,
    }


# An occupation's record, written once: a Composer gives every article with the same profile
# the same Occupation, and the record is a fifth of the line.
_OCCUPATIONS: dict[int, tuple[Occupation, orjson.Fragment]] = {}
_OCCUPATIONS_LIMIT = 4096


def _occupation(occupation: Occupation) -> orjson.Fragment:
    """``occupation.to_dict()`` as a JSON-lines record writes it, kept for the next article."""
    known = _OCCUPATIONS.get(id(occupation))
    if known is not None and known[0] is occupation:
        return known[1]
    record = orjson.Fragment(orjson.dumps(occupation.to_dict(), option=orjson.OPT_SORT_KEYS))
    if len(_OCCUPATIONS) >= _OCCUPATIONS_LIMIT:
        _OCCUPATIONS.clear()
    _OCCUPATIONS[id(occupation)] = (occupation, record)
    return record
