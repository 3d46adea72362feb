"""HTML: an ``<article>`` fragment with semantic tables, or a whole HTML5 page around it."""

from __future__ import annotations

import re

from ..article import Article, Paragraph, Table
from .common import description, html_attribute, html_text, source_links, split_links


def _table(table: Table) -> list[str]:
    head = "".join(f'<th scope="col">{html_text(c)}</th>' for c in table.columns)
    lines = [
        f'<table class="comparison" id="table-{html_attribute(table.id)}">',
        f"<thead><tr><td></td>{head}</tr></thead>",
        "<tbody>",
    ]
    for row in table.rows:
        cells = "".join(
            f'<td class="missing">{html_text(text)}</td>'
            if cell.text is None
            else f"<td>{html_text(text)}</td>"
            for cell, text in zip(row.cells, row.texts(), strict=True)
        )
        lines.append(f'<tr><th scope="row">{html_text(row.label)}</th>{cells}</tr>')
    lines += ["</tbody>", "</table>"]
    return lines


def _paragraph(text: str, links: tuple[str, ...]) -> str:
    """A paragraph's text in HTML, a cited source's URL as a link."""
    return "".join(
        f'<a href="{html_attribute(run)}">{html_text(run)}</a>' if link else html_text(run)
        for run, link in split_links(text, links)
    )


def _fragment(article: Article) -> str:
    links = source_links(article)
    out = ["<article>", f"<h1>{html_text(article.title.text)}</h1>"]
    for section in article.sections:
        out.append(f'<section id="{html_attribute(section.id)}">')
        if section.heading:
            out.append(f"<h2>{html_text(section.heading.text)}</h2>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(f"<p>{_paragraph(block.text, links)}</p>")
            else:
                out.extend(_table(block))
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out) + "\n"


def html_page(article: Article, *, full: bool = False, lang: str = "en") -> str:
    """The article as HTML: the ``<article>`` fragment, or with ``full`` a whole HTML5 page.

    Every text is escaped, so profile text such as ``<script>`` arrives as text, never markup.

    >>> from narrator.article import Article, Sentence
    >>> print(html_page(Article(Sentence("A & B", "t", ()), "a-vs-b", ()), full=True), end="")
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>A &amp; B</title>
    <meta name="description" content="A &amp; B">
    </head>
    <body>
    <article>
    <h1>A &amp; B</h1>
    </article>
    </body>
    </html>
    """
    fragment = _fragment(article)
    if not full:
        return fragment
    if not lang or not re.fullmatch(r"[A-Za-z0-9-]+", lang):
        raise ValueError(f"lang must be a language tag such as 'en' or 'en-US', not {lang!r}")
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(article.title.text)}</title>",
        f'<meta name="description" content="{html_attribute(description(article))}">',
        "</head>",
        "<body>",
    ]
    return "\n".join(head) + "\n" + fragment + "</body>\n</html>\n"
