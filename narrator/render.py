"""Render an Article in any registered format: the one dispatcher over :mod:`narrator.formats`.

Each format's writer escapes for its own format, so profile text such as ``<script>`` or
``a | b`` arrives as text, never as markup.

>>> from narrator.article import Article, Sentence
>>> article = Article(Sentence("A & B", "t", ()), "a-vs-b", ())
>>> render(article, "html")
'<article>\\n<h1>A &amp; B</h1>\\n</article>\\n'
>>> render(article, "hugo", date="2025-05-01").splitlines()[1]
'title: "A & B"'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .article import Article
from .formats import ARTICLE_FORMATS, FORMATS_BY_NAME

FORMATS: tuple[str, ...] = ARTICLE_FORMATS
"""The formats ``narrator compare --format`` offers; :func:`render` takes every registered one."""

_WRITERS: dict[str, Callable[..., str]] = {}  # each format's writer, once it has been loaded


def render(article: Article, fmt: str = "text", **options: Any) -> str:
    """The article in format ``fmt`` (see :mod:`narrator.formats`), with that format's options.

    Options are the writer's keyword arguments: ``date`` for "hugo"; ``full`` and ``lang`` for
    "html"; ``site_title``, ``site_url``, ``date`` and ``post_id`` for "wxr". Every format
    ends with one newline, except a JSON-lines record, which is one line without one.
    """
    write = _WRITERS.get(fmt)
    if write is None:
        found = FORMATS_BY_NAME.get(fmt)
        if found is None:
            names = ", ".join(FORMATS_BY_NAME)
            raise ValueError(f"unknown format {fmt!r}; choose from {names}")
        write = _WRITERS[fmt] = found.load()
    return write(article, **options)
