"""Plain text: underlined headings, one paragraph a line, aligned tables."""

from __future__ import annotations

from ..article import Article, Paragraph, Table


def _table(table: Table) -> list[str]:
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
    """The article as plain text, ending with one newline.

    >>> from narrator.article import Article, Sentence
    >>> print(render_text(Article(Sentence("A vs B", "t", ()), "a-vs-b", ())), end="")
    A vs B
    ======
    """
    out = [article.title.text, "=" * len(article.title.text)]
    for section in article.sections:
        if section.heading:
            out += ["", section.heading.text, "-" * len(section.heading.text)]
        for block in section.blocks:
            out.append("")
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                out.extend(_table(block))
    return "\n".join(out) + "\n"
