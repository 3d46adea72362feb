"""Render an Article as plain text, Markdown, HTML or JSON.

Renderers only read the Article; each escapes for its own format, so profile text such as
``<script>`` or ``a | b`` arrives as text, never as markup.

>>> from narrator.article import Article, Sentence
>>> article = Article(Sentence("A & B", "t", ()), "a-vs-b", ())
>>> render(article, "html")
'<article>\\n<h1>A &amp; B</h1>\\n</article>\\n'
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

from .article import MISSING, Article, Cell, Paragraph, Section, Sentence, Table, TableRow

FORMATS: tuple[str, ...] = ("text", "markdown", "html", "json")


def render(article: Article, fmt: str = "text") -> str:
    """The article in one of :data:`FORMATS`; every format ends with one newline."""
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}") from None
    return renderer(article)


# --- plain text ---------------------------------------------------------------------------------


def _text_table(table: Table) -> list[str]:
    header = ("", *table.columns)
    rows = [header] + [(row.label, *row.texts()) for row in table.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return lines


def render_text(article: Article) -> str:
    """Plain text: underlined headings, one paragraph a line, aligned tables."""
    out = [article.title.text, "=" * len(article.title.text)]
    for section in article.sections:
        if section.heading:
            out += ["", section.heading.text, "-" * len(section.heading.text)]
        for block in section.blocks:
            out.append("")
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                out.extend(_text_table(block))
    return "\n".join(out) + "\n"


# --- Markdown -----------------------------------------------------------------------------------

_MD_CHARS = "\\`*_[]<>"  # what Markdown may read as markup anywhere in a line
_MD_SPECIAL = re.compile(f"([{re.escape(_MD_CHARS)}])")
# A line starting with "#", "-", "+" or "1." would become a heading or list item.
_MD_LINE_START = re.compile(r"^([#+-]|\d+\.)")


def md_escape(text: str) -> str:
    """Escape the characters Markdown would read as markup.

    >>> md_escape("<b>*x*</b>")
    '\\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\>'
    """
    # Most text has nothing to escape. Looking for each character with ``in`` (a C loop) is
    # about three times quicker than a regular expression's search over a paragraph.
    escaped = text
    for char in _MD_CHARS:
        if char in text:
            escaped = _MD_SPECIAL.sub(r"\\\1", text)
            break
    if _MD_LINE_START.match(escaped):
        return _MD_LINE_START.sub(r"\\\1", escaped)
    return escaped


_MD_CELLS: dict[str, str] = {}  # table cells recur article after article (labels, figures)
_MD_CELLS_LIMIT = 100_000


def _md_cell(text: str) -> str:
    cell = _MD_CELLS.get(text)
    if cell is None:
        cell = md_escape(text).replace("|", "\\|")
        if len(_MD_CELLS) >= _MD_CELLS_LIMIT:
            _MD_CELLS.clear()
        _MD_CELLS[text] = cell
    return cell


def _md_table(table: Table) -> list[str]:
    columns = table.columns
    lines = [
        "| " + " | ".join(["", *map(_md_cell, columns)]) + " |",
        "|" + "|".join(["---"] * (len(columns) + 1)) + "|",
    ]
    for row in table.rows:
        # row.texts(), written out: tables are most of the cost of a Markdown page.
        cells = row.cells
        if len(cells) == 2:  # a cell for each occupation: every row the composer writes
            first, second = cells[0].text, cells[1].text
            lines.append(
                f"| {_md_cell(row.label)}"
                f" | {_md_cell(MISSING if first is None else first)}"
                f" | {_md_cell(MISSING if second is None else second)} |"
            )
            continue
        texts = [_md_cell(row.label)]
        texts += [_md_cell(MISSING if cell.text is None else cell.text) for cell in cells]
        lines.append(f"| {' | '.join(texts)} |")
    return lines


def render_markdown(article: Article) -> str:
    """CommonMark with pipe tables (GitHub and Hugo's Goldmark read them)."""
    body = markdown_body(article)
    head = f"# {md_escape(article.title.text)}\n"
    return f"{head}\n{body}" if body else head


def markdown_body(article: Article) -> str:
    """:func:`render_markdown` without its ``# title`` line and the blank line after it: the
    sections, ending with one newline, or "" when there are none (a Hugo page prints the title
    from its front matter).
    """
    out: list[str] = []
    for section in article.sections:
        if section.heading:
            out += ["", f"## {md_escape(section.heading.text)}"]
        for block in section.blocks:
            out.append("")
            if isinstance(block, Paragraph):
                out.append(md_escape(block.text))
            else:
                out.extend(_md_table(block))
    return "\n".join(out[1:]) + "\n" if out else ""


# --- HTML ---------------------------------------------------------------------------------------


def _esc(text: str) -> str:
    # Text nodes need only &, < and > escaped; apostrophes stay readable for editors.
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _html_table(table: Table) -> list[str]:
    head = "".join(f'<th scope="col">{_esc(c)}</th>' for c in table.columns)
    lines = [
        f'<table class="comparison" id="table-{_attr(table.id)}">',
        f"<thead><tr><td></td>{head}</tr></thead>",
        "<tbody>",
    ]
    for row in table.rows:
        cells = "".join(
            f'<td class="missing">{_esc(text)}</td>'
            if cell.text is None
            else f"<td>{_esc(text)}</td>"
            for cell, text in zip(row.cells, row.texts(), strict=True)
        )
        lines.append(f'<tr><th scope="row">{_esc(row.label)}</th>{cells}</tr>')
    lines += ["</tbody>", "</table>"]
    return lines


def render_html(article: Article) -> str:
    """An ``<article>`` fragment: sections, paragraphs and tables with header cells."""
    out = ["<article>", f"<h1>{_esc(article.title.text)}</h1>"]
    for section in article.sections:
        out.append(f'<section id="{_attr(section.id)}">')
        if section.heading:
            out.append(f"<h2>{_esc(section.heading.text)}</h2>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(f"<p>{_esc(block.text)}</p>")
            else:
                out.extend(_html_table(block))
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out) + "\n"


# --- JSON ---------------------------------------------------------------------------------------


def render_json(article: Article) -> str:
    """The whole structure, provenance and metadata included.

    The text is exactly ``json.dumps(article.to_dict(), indent=2, ensure_ascii=False)``; it is
    written directly from the article, because json's indenting encoder is pure Python and
    would be most of the cost of an article. Anything unusual (a value that is not plain JSON
    data, a subclass) goes to json.dumps itself.
    """
    try:
        return _json_article(article) + "\n"
    except _Unusual:
        return json.dumps(article.to_dict(), indent=2, ensure_ascii=False) + "\n"


class _Unusual(Exception):
    """A value that only json.dumps itself should write."""


_encode_str = json.encoder.encode_basestring  # json's own, in C where available
_NEWLINES = tuple("\n" + "  " * level for level in range(16))


def _newline(level: int) -> str:
    return _NEWLINES[level] if level < len(_NEWLINES) else "\n" + "  " * level


def _json_float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == float("inf"):
        return "Infinity"
    if value == float("-inf"):
        return "-Infinity"
    return float.__repr__(value)


def _json_value(value: Any, level: int, open_ids: tuple[int, ...] = ()) -> str:
    """Any plain value as json.dumps(indent=2) writes it at this nesting level."""
    if isinstance(value, str):
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _json_float(value)
    if isinstance(value, list | tuple | dict):
        if not value:
            return "[]" if isinstance(value, list | tuple) else "{}"
        if id(value) in open_ids:
            raise _Unusual  # a circular reference: json.dumps says so
        inner, ids = _newline(level + 1), (*open_ids, id(value))
        if isinstance(value, dict):
            items = []
            for key, item in value.items():
                if not isinstance(key, str):
                    raise _Unusual
                items.append(f"{_encode_str(key)}: {_json_value(item, level + 1, ids)}")
            return "{" + inner + ("," + inner).join(items) + _newline(level) + "}"
        parts = [_json_value(item, level + 1, ids) for item in value]
        return "[" + inner + ("," + inner).join(parts) + _newline(level) + "]"
    raise _Unusual


def _json_strings(values: Any, level: int) -> str:
    """A list of strings (a sentence's fields, a table's columns) at this nesting level."""
    if values.__class__ is not tuple and values.__class__ is not list:
        raise _Unusual
    if not values:
        return "[]"
    inner = _NEWLINES[level + 1]
    try:
        items = ("," + inner).join(map(_encode_str, values))
    except TypeError:  # not text: json.dumps decides how it reads
        raise _Unusual from None
    return "[" + inner + items + _NEWLINES[level] + "]"


def _json_sentence(sentence: Any, level: int) -> str:
    if sentence.__class__ is not Sentence:
        raise _Unusual
    inner = _NEWLINES[level + 1]
    try:
        text, fragment = _encode_str(sentence.text), _encode_str(sentence.fragment)
    except TypeError:
        raise _Unusual from None
    return (
        f'{{{inner}"text": {text},{inner}"fragment": {fragment},'
        f'{inner}"fields": {_json_strings(sentence.fields, level + 1)}{_NEWLINES[level]}}}'
    )


def _json_items(parts: list[str], level: int) -> str:
    if not parts:
        return "[]"
    inner = _NEWLINES[level + 1]
    return "[" + inner + ("," + inner).join(parts) + _NEWLINES[level] + "]"


def _sequence(values: Any) -> Any:
    if values.__class__ is not tuple and values.__class__ is not list:
        raise _Unusual
    return values


# Where each part of an article sits: sections at level 2, their blocks at 4, a paragraph's
# sentences and a table's rows at 6, a row's cells at 8.
_N5, _N6, _N7, _N8 = _NEWLINES[5:9]
_CELL_SEP = "," + _N8


def _json_table(table: Table) -> str:
    rows = []
    for row in _sequence(table.rows):
        if row.__class__ is not TableRow:
            raise _Unusual
        cells = []
        for cell in _sequence(row.cells):
            if cell.__class__ is not Cell:
                raise _Unusual
            text = cell.text
            cells.append("null" if text is None else _encode_str(text))
        rows.append(
            f'{{{_N7}"label": {_encode_str(row.label)},{_N7}"field": {_encode_str(row.field)},'
            f'{_N7}"cells": '
            + (f"[{_N8}{_CELL_SEP.join(cells)}{_N7}]" if cells else "[]")
            + f"{_N6}}}"
        )
    return (
        f'{{{_N5}"type": "table",{_N5}"id": {_encode_str(table.id)},'
        f'{_N5}"columns": {_json_strings(table.columns, 5)},'
        f'{_N5}"rows": {_json_items(rows, 5)}{_NEWLINES[4]}}}'
    )


def _json_article(article: Article) -> str:
    if article.__class__ is not Article:
        raise _Unusual
    n3 = _NEWLINES[3]
    sections = []
    try:
        for section in _sequence(article.sections):
            if section.__class__ is not Section:
                raise _Unusual
            blocks = []
            for block in _sequence(section.blocks):
                if block.__class__ is Paragraph:
                    sentences = [_json_sentence(s, 6) for s in _sequence(block.sentences)]
                    blocks.append(
                        f'{{{_N5}"type": "paragraph",'
                        f'{_N5}"sentences": {_json_items(sentences, 5)}{_NEWLINES[4]}}}'
                    )
                elif block.__class__ is Table:
                    blocks.append(_json_table(block))
                else:
                    raise _Unusual
            heading = _json_sentence(section.heading, 3) if section.heading else "null"
            sections.append(
                f'{{{n3}"id": {_encode_str(section.id)},{n3}"heading": {heading},'
                f'{n3}"blocks": {_json_items(blocks, 3)}{_NEWLINES[2]}}}'
            )
        n1 = _NEWLINES[1]
        return (
            f'{{{n1}"title": {_json_sentence(article.title, 1)},'
            f'{n1}"slug": {_encode_str(article.slug)},'
            f'{n1}"metadata": {_json_value(article.metadata, 1)},'
            f'{n1}"sections": {_json_items(sections, 1)}\n}}'
        )
    except TypeError:  # a value that is not text where text belongs
        raise _Unusual from None


_RENDERERS: dict[str, Callable[[Article], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}
