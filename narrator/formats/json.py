"""JSON: the whole article (structure, provenance, metadata), indented, as ``json.dumps``
with ``indent=2, ensure_ascii=False`` writes it."""

from __future__ import annotations

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
    return orjson.dumps(article.to_dict(), option=orjson.OPT_INDENT_2).decode() + "\n"
