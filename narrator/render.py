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

from .article import Article, Paragraph, Table

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

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def md_escape(text: str) -> str:
    """Escape the characters Markdown would read as markup.

    >>> md_escape("<b>*x*</b>")
    '\\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\>'
    """
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # A line starting with "#", "-", "+" or "1." would become a heading or list item.
    return re.sub(r"^([#+-]|\d+\.)", r"\\\1", escaped)


def _md_cell(text: str) -> str:
    return md_escape(text).replace("|", "\\|")


def _md_table(table: Table) -> list[str]:
    lines = [
        "| " + " | ".join(["", *(_md_cell(c) for c in table.columns)]) + " |",
        "|" + "|".join(["---"] * (len(table.columns) + 1)) + "|",
    ]
    for row in table.rows:
        cells = [_md_cell(row.label), *(_md_cell(t) for t in row.texts())]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_markdown(article: Article) -> str:
    """CommonMark with pipe tables (GitHub and Hugo's Goldmark read them)."""
    out = [f"# {md_escape(article.title.text)}"]
    for section in article.sections:
        if section.heading:
            out += ["", f"## {md_escape(section.heading.text)}"]
        for block in section.blocks:
            out.append("")
            if isinstance(block, Paragraph):
                out.append(md_escape(block.text))
            else:
                out.extend(_md_table(block))
    return "\n".join(out) + "\n"


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
    """The whole structure, provenance and metadata included."""
    return json.dumps(article.to_dict(), indent=2, ensure_ascii=False) + "\n"


_RENDERERS: dict[str, Callable[[Article], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}
