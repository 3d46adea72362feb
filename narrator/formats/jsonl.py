"""JSON lines: one article a line, keys sorted, for CMS imports and data pipelines."""

from __future__ import annotations

import json

import orjson

from ..article import Article

# Legal inside JSON strings, but line breaks to str.splitlines() and some JSON-lines readers.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


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
    data = article.to_dict()
    if review_state is not None:
        data["review_state"] = review_state
    try:
        text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # a lone surrogate, as in narrator.formats.json
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # These characters can only occur inside JSON strings, where the escape means the same.
    for char, escape in _LINE_BREAKS.items():
        if char in text:
            text = text.replace(char, escape)
    return text
