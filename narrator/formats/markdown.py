"""Markdown: CommonMark with pipe tables, which GitHub and Hugo's Goldmark read."""

from __future__ import annotations

from ..article import MISSING, Article, Paragraph, Table
from .common import md_escape, md_inline, source_links, split_links


class _Cells(dict[str, str]):
    """Table cells as Markdown, by text: cells recur article after article (labels, figures).

    Read as ``_CELLS[text]``, which is a dictionary lookup in C for every cell already seen;
    only a new one calls Python.
    """

    def __missing__(self, text: str) -> str:
        # A cell's text is inline: no list, heading or other block starts in a table cell.
        cell = md_inline(text).replace("|", "\\|")
        if len(self) >= _CELLS_LIMIT:
            self.clear()
        self[text] = cell
        return cell


_CELLS = _Cells()
_CELLS_LIMIT = 100_000


def _table(table: Table) -> list[str]:
    cells = _CELLS
    columns = table.columns
    lines = [
        "| " + " | ".join(["", *[cells[column] for column in columns]]) + " |",
        "|" + "|".join(["---"] * (len(columns) + 1)) + "|",
    ]
    for row in table.rows:
        # row.texts(), written out: tables are most of the cost of a Markdown page.
        row_cells = row.cells
        if len(row_cells) == 2:  # a cell for each occupation: every row the composer writes
            first, second = row_cells[0].text, row_cells[1].text
            lines.append(
                f"| {cells[row.label]}"
                f" | {cells[MISSING if first is None else first]}"
                f" | {cells[MISSING if second is None else second]} |"
            )
            continue
        texts = [cells[row.label]]
        texts += [cells[MISSING if cell.text is None else cell.text] for cell in row_cells]
        lines.append(f"| {' | '.join(texts)} |")
    return lines


def _paragraph(text: str, links: tuple[str, ...]) -> str:
    """A paragraph in Markdown, a cited source's URL as an autolink (``<https://…>``)."""
    runs = split_links(text, links)
    if len(runs) == 1 and not runs[0][1]:
        return md_escape(text)
    return "".join(
        f"<{run}>" if link else (md_escape(run) if index == 0 else md_inline(run))
        for index, (run, link) in enumerate(runs)
    )


def render_markdown(article: Article) -> str:
    """The article as Markdown: a ``# title`` line, then :func:`markdown_body`.

    >>> from narrator.article import Article, Sentence
    >>> render_markdown(Article(Sentence("R&D *lab*", "t", ()), "r-d-lab", ()))
    '# R&D \\\\*lab\\\\*\\n'
    """
    body = markdown_body(article)
    head = f"# {md_escape(article.title.text)}\n"
    return f"{head}\n{body}" if body else head


def markdown_body(article: Article) -> str:
    """The sections in Markdown, ending with one newline, or "" when there are none.

    This is :func:`render_markdown` without its ``# title`` line and the blank line after it;
    a Hugo page (:mod:`narrator.formats.hugo`) prints the title from its front matter.
    """
    out: list[str] = []
    links = source_links(article)
    for section in article.sections:
        if section.heading:
            out += ["", f"## {md_escape(section.heading.text)}"]
        for block in section.blocks:
            out.append("")
            if isinstance(block, Paragraph):
                out.append(_paragraph(block.text, links))
            else:
                out.extend(_table(block))
    return "\n".join(out[1:]) + "\n" if out else ""
