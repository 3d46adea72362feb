"""Hugo: a Markdown page with YAML front matter (title, slug, date, description, tags).

>>> from narrator.catalog import Catalog
>>> from narrator.compose import compose
>>> catalog = Catalog.bundled()
>>> article = compose(catalog.find("Loan Officers"), catalog.find("Bill and Account Collectors"))
>>> page = hugo_page(article, date="2025-05-01").split("\\n\\n")[0]
>>> print("\\n".join(line[:80] for line in page.splitlines()))
---
title: "Loan Officers vs Bill and Account Collectors"
slug: "loan-officers-vs-bill-and-account-collectors"
date: "2025-05-01"
description: "The outlook sets them apart: employment of loan officers is projec
tags:
  - "Loan Officers"
  - "Bill and Account Collectors"
occupations:
  - title: "Loan Officers"
    slug: "loan-officers"
    soc_code: "13-2072"
  - title: "Bill and Account Collectors"
    slug: "bill-and-account-collectors"
    soc_code: "43-3011"
---
"""

from __future__ import annotations

import re

from ..article import Article, Occupation
from .common import description, parse_date
from .markdown import markdown_body

# YAML's printable characters (YAML 1.2, 5.1), less those that some parsers read as line
# breaks (NEL, LS, PS) and the byte order mark; everything else is written as an escape.
_UNSAFE = re.compile(
    '[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\\\\"]'
)
_NAMED = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that every YAML parser reads back exactly.

    Double quotes keep any text a string: never a number, a date, a boolean such as ``yes``
    or ``on``, a comment, an anchor or a tag.

    >>> print(yaml_string('R&D "Lab" \\\\ <Tech>\\n'))
    "R&D \\"Lab\\" \\\\ <Tech>\\n"
    """
    # The usual text is printable without a quote or backslash: nothing to escape. Every
    # character _UNSAFE escapes but those two is one str.isprintable() refuses (controls, NEL,
    # the line and paragraph separators, surrogates, the byte order mark, noncharacters).
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return '"' + _UNSAFE.sub(_escape, text) + '"'


def front_matter(article: Article, *, date: str, draft: bool | None = None) -> str:
    """The page's YAML front matter, between (not including) its ``---`` lines.

    ``date`` is the publication date as an ISO string, written as given. The description is
    the opening sentence, cut at a word boundary to at most 160 characters. Tags are the
    occupations' titles; each occupation lists its title, slug and, when it has one, its SOC
    code. ``draft`` (when not None) adds Hugo's ``draft`` flag after the date: ``narrator
    batch --review`` sets it for every article not approved, which Hugo then leaves out of
    the site it builds.
    """
    if date.__class__ is not str or date not in _CHECKED_DATES:
        parse_date(date)  # refuse a malformed date here rather than in the site generator
        if len(_CHECKED_DATES) < 64:
            _CHECKED_DATES.add(date)
    occupations = article.metadata.occupations
    lines = [
        f"title: {yaml_string(article.title.text)}",
        f"slug: {yaml_string(article.slug)}",
        f"date: {yaml_string(date)}",
    ]
    if draft is not None:
        lines.append(f"draft: {'true' if draft else 'false'}")
    lines.append(f"description: {yaml_string(description(article))}")
    if occupations:
        written = [_occupation(occupation) for occupation in occupations]
        lines.append("tags:")
        lines += [tag for tag, _entry in written]
        lines.append("occupations:")
        lines += [entry for _tag, entry in written]
    else:
        lines += ["tags: []", "occupations: []"]
    return "\n".join(lines) + "\n"


# The dates front matter has checked: a batch writes every page with one date.
_CHECKED_DATES: set[str] = set()

# Each occupation's tag line and entry in the front matter, by the occupation: a Composer
# gives every article with the same profile the same Occupation.
_OCCUPATIONS: dict[int, tuple[Occupation, tuple[str, str]]] = {}
_OCCUPATIONS_LIMIT = 4096


def _occupation(occupation: Occupation) -> tuple[str, str]:
    """An occupation's line under ``tags:`` and its lines under ``occupations:``."""
    known = _OCCUPATIONS.get(id(occupation))
    if known is not None and known[0] is occupation:
        return known[1]
    entry = [
        f"  - title: {yaml_string(occupation.title)}",
        f"    slug: {yaml_string(occupation.slug)}",
    ]
    if occupation.soc_code is not None:
        entry.append(f"    soc_code: {yaml_string(occupation.soc_code)}")
    written = (f"  - {yaml_string(occupation.title)}", "\n".join(entry))
    if len(_OCCUPATIONS) >= _OCCUPATIONS_LIMIT:
        _OCCUPATIONS.clear()
    _OCCUPATIONS[id(occupation)] = (occupation, written)
    return written


def hugo_page(article: Article, *, date: str, draft: bool | None = None) -> str:
    """A Hugo content file: YAML front matter between ``---`` lines, then the Markdown body.

    The body is :func:`narrator.formats.markdown.render_markdown` without its ``# title``
    line, since Hugo themes print the title from the front matter. Tables stay pipe tables:
    Hugo's Markdown renderer (Goldmark) reads them, and leaves out raw HTML by default.
    ``draft`` is the front matter's draft flag, left out when None (see :func:`front_matter`).
    """
    matter = front_matter(article, date=date, draft=draft)
    body = markdown_body(article).lstrip("\n")  # a first paragraph may be empty
    return f"---\n{matter}---\n\n{body}" if body else f"---\n{matter}---\n"
