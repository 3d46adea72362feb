"""What several formats share: escaping for Markdown, HTML and XML, the description, dates."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from ..article import Article, Paragraph

DESCRIPTION_LIMIT = 160
"""The most characters a description (front matter, excerpt, meta tag) has, "…" included."""

# --- dates --------------------------------------------------------------------------------------


def parse_date(date: str) -> datetime:
    """An ISO date ("2025-05-01") or date and time as an aware datetime; naive means UTC.

    >>> parse_date("2025-05-01").isoformat()
    '2025-05-01T00:00:00+00:00'
    """
    if not isinstance(date, str):
        raise TypeError(f"date must be an ISO 8601 string such as '2025-05-01', not {date!r}")
    try:
        when = datetime.fromisoformat(date)
    except ValueError:
        raise ValueError(
            f"date must be an ISO 8601 date such as '2025-05-01', not {date!r}"
        ) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


# --- the description ----------------------------------------------------------------------------


def opening_sentence(article: Article) -> str:
    """The article's first sentence of prose, or its title when it has none."""
    for section in article.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.sentences:
                return block.sentences[0].text
    return article.title.text


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary with "…" when longer than ``limit``.

    >>> shorten("Pay for most loan officers runs from $39,430 to $153,180 a year.", 40)
    'Pay for most loan officers runs from…'
    >>> shorten("short")
    'short'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:–—-") + "…"


def description(article: Article) -> str:
    """The article's summary for front matter, excerpts and meta tags: its opening sentence,
    on one line, cut to at most :data:`DESCRIPTION_LIMIT` characters."""
    return shorten(opening_sentence(article))


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
    # quicker than a regular expression's search over a paragraph.
    escaped = text
    for char in _MD_CHARS:
        if char in text:
            escaped = _MD_SPECIAL.sub(r"\\\1", text)
            break
    if _MD_LINE_START.match(escaped):
        return _MD_LINE_START.sub(r"\\\1", escaped)
    return escaped


# --- HTML ---------------------------------------------------------------------------------------


def html_text(text: str) -> str:
    """Escape ``text`` for an HTML text node: only ``&``, ``<`` and ``>``, so that apostrophes
    and quotes stay readable for editors.

    >>> html_text("Tom's <b> & \\"Jerry\\"")
    'Tom\\'s &lt;b&gt; &amp; "Jerry"'
    """
    return html.escape(text, quote=False)


def html_attribute(text: str) -> str:
    """Escape ``text`` for a double- or single-quoted HTML attribute."""
    return html.escape(text, quote=True)


# --- XML ----------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, even as references; they become U+FFFD.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_clean(text: str) -> str:
    """``text`` as an XML parser would hand it back: CR LF and lone CR as LF (as parsers
    normalise them), and characters XML cannot carry as U+FFFD."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub("\ufffd", text)


def xml_text(text: str) -> str:
    """Escape ``text`` for an XML element.

    >>> xml_text("R&D <Tech> ]]>")
    'R&amp;D &lt;Tech&gt; ]]&gt;'
    """
    return html.escape(xml_clean(text), quote=False)


def xml_attribute(text: str) -> str:
    """Escape ``text`` for a double-quoted XML attribute; tabs and newlines survive.

    >>> xml_attribute('a "b"\\tc')
    'a &quot;b&quot;&#9;c'
    """
    escaped = html.escape(xml_clean(text), quote=True)
    return escaped.replace("\t", "&#9;").replace("\n", "&#10;")


def cdata(text: str) -> str:
    """``text`` in a CDATA section, with any ``]]>`` split across two sections.

    This is how WordPress's own exporter writes it, and its regex-based fallback parser
    joins the sections back together.

    >>> cdata("a]]>b")
    '<![CDATA[a]]]]><![CDATA[>b]]>'
    """
    return "<![CDATA[" + xml_clean(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"
