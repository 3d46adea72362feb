"""JSON: the whole article (structure, provenance, metadata), indented, as ``json.dumps``
with ``indent=2, ensure_ascii=False`` writes it."""

from __future__ import annotations

import json

import orjson

from ..article import Article


def render_json(article: Article) -> str:
    """The article as an indented JSON document, ending with one newline.

    The text is exactly ``json.dumps(article.to_dict(), indent=2, ensure_ascii=False)``.
    orjson writes it: the standard library's indenting encoder is written in Python, and would
    cost more than composing the article.

    >>> from narrator.article import Article, Sentence
    >>> print(render_json(Article(Sentence("Café", "t", ()), "cafe", ())), end="")
    {
      "title": {
        "text": "Café",
        "fragment": "t",
        "fields": []
      },
      "slug": "cafe",
      "metadata": {
        "generator": "",
        "locale": "",
        "occupations": [],
        "review": []
      },
      "sections": []
    }
    """
    data = article.to_dict()
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    except TypeError:
        # orjson refuses a lone surrogate, which only a profile given as a Python string can
        # hold (files are UTF-8); json.dumps writes it as it is, as every other format does.
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
