"""The output formats, registered in one place: one module and one writer each.

Each :class:`Format` names its module here (``narrator.formats.<name>``), the writer in it,
what it writes, and where the commands offer it: ``narrator compare --format`` (and
:func:`narrator.render.render` by default) offers :data:`ARTICLE_FORMATS`, ``narrator batch
--format`` offers :data:`BATCH_FORMATS`, under their batch names. A module is imported only
when its writer is first asked for, so ``narrator compare`` loads only the one it writes.

>>> ARTICLE_FORMATS
('text', 'markdown', 'html', 'json')
>>> BATCH_FORMATS
('jsonl', 'markdown', 'html', 'wxr')
>>> by_batch_name("markdown").name, by_batch_name("markdown").output
('hugo', 'content/comparisons/{slug}.md')
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

SLUG = "{slug}"  # in an output path: one file an article, named by its slug


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its name, what it writes, where it is offered, and its writer."""

    name: str
    """Its name for :func:`narrator.render.render`, and its module in this package."""
    writes: str
    """What it writes, in a few words (for help texts)."""
    writer: str
    """The name of its writer in its module: a function of an article and keyword options."""
    compare: bool = False
    """Whether ``narrator compare --format`` offers it."""
    batch: str | None = None
    """Its name for ``narrator batch --format``, or None when batch does not offer it."""
    output: str | None = None
    """Where batch writes it, under ``--out``: one file, or a path with ``{slug}`` in it for
    one file an article."""

    @property
    def per_article(self) -> bool:
        """Whether batch writes one file an article (rather than one file for the run)."""
        return self.output is not None and SLUG in self.output

    def load(self) -> Callable[..., str]:
        """The format's writer, its module imported on first use."""
        module = importlib.import_module(f"{__name__}.{self.name}")
        writer: Callable[..., str] = getattr(module, self.writer)
        return writer


# In the order the two commands list their choices.
REGISTRY: tuple[Format, ...] = (
    Format("text", "plain text", "render_text", compare=True),
    Format("markdown", "Markdown with pipe tables", "render_markdown", compare=True),
    Format(
        "jsonl",
        "one article a line of JSON",
        "jsonl_record",
        batch="jsonl",
        output="articles.jsonl",
    ),
    Format(
        "hugo",
        "a Hugo page: YAML front matter and Markdown",
        "hugo_page",
        batch="markdown",
        output=f"content/comparisons/{SLUG}.md",
    ),
    Format(
        "html",
        "an HTML <article>, or a whole page",
        "html_page",
        compare=True,
        batch="html",
        output=f"html/{SLUG}.html",
    ),
    Format("json", "the whole article as JSON", "render_json", compare=True),
    Format(
        "wxr",
        "a WordPress eXtended RSS file",
        "wxr_file",
        batch="wxr",
        output="wordpress.xml",
    ),
)

FORMATS_BY_NAME: dict[str, Format] = {fmt.name: fmt for fmt in REGISTRY}
ARTICLE_FORMATS: tuple[str, ...] = tuple(fmt.name for fmt in REGISTRY if fmt.compare)
"""What ``narrator compare --format`` offers (and :data:`narrator.FORMATS` lists)."""
BATCH_FORMATS: tuple[str, ...] = tuple(fmt.batch for fmt in REGISTRY if fmt.batch)
"""What ``narrator batch --format`` offers: batch names, which are not all format names."""


def by_batch_name(name: str) -> Format:
    """The format ``narrator batch --format NAME`` writes; KeyError for an unknown name."""
    for fmt in REGISTRY:
        if fmt.batch == name:
            return fmt
    raise KeyError(name)
