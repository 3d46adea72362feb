"""What several formats share: escaping for Markdown, HTML and XML, the description, dates."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from ..article import Article, Occupation, Paragraph

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


# --- links to the sources -----------------------------------------------------------------------

# A URL a link may carry as it is: http(s), no space, quote or angle bracket.
_LINKABLE = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+")


def source_links(article: Article) -> tuple[str, ...]:
    """The URLs of the sources an article's metadata cites, as its prose names them, that can
    be written as links; longest first, so a longer URL wins over its prefix.

    Only these are linked: a URL that profile text merely contains stays text, so what a
    profile says cannot make a link the metadata does not vouch for.
    """
    found = [_occupation_links(occupation) for occupation in article.metadata.occupations]
    key = tuple(found)
    urls = _LINKS.get(key)
    if urls is None:
        urls = tuple(sorted({url for links in found for url in links}, key=_longest_first))
        if len(_LINKS) >= _LINKS_LIMIT:
            _LINKS.clear()
        _LINKS[key] = urls
    return urls


def _longest_first(url: str) -> tuple[int, str]:
    return -len(url), url


# Each occupation's linkable URLs, by the occupation: a Composer gives every article with the
# same profile the same Occupation, so this is worked out once per profile, not per article.
_OCCUPATION_LINKS: dict[int, tuple[Occupation, tuple[str, ...]]] = {}
# An article's links, by its occupations' links: the same few sets recur in every article.
_LINKS: dict[tuple[tuple[str, ...], ...], tuple[str, ...]] = {}
_LINKS_LIMIT = 4096


def _occupation_links(occupation: Occupation) -> tuple[str, ...]:
    """The URLs of an occupation's sources that can be written as links, in its order."""
    known = _OCCUPATION_LINKS.get(id(occupation))
    if known is not None and known[0] is occupation:
        return known[1]
    links = tuple(
        source.url
        for source in (occupation.source, *occupation.sources)
        if source is not None and source.url and _LINKABLE.fullmatch(source.url)
    )
    if len(_OCCUPATION_LINKS) >= _LINKS_LIMIT:
        _OCCUPATION_LINKS.clear()
    _OCCUPATION_LINKS[id(occupation)] = (occupation, links)
    return links


def split_links(text: str, urls: tuple[str, ...]) -> list[tuple[str, bool]]:
    """``text`` cut into runs of plain text and the ``urls`` it names: (run, is_link).

    >>> split_links("From the OEWS (https://www.bls.gov/oes/).", ("https://www.bls.gov/oes/",))
    [('From the OEWS (', False), ('https://www.bls.gov/oes/', True), (').', False)]
    """
    if "://" not in text or not urls:
        return [(text, False)]
    pattern = _LINK_PATTERNS.get(urls)
    if pattern is None:
        if len(_LINK_PATTERNS) >= _LINKS_LIMIT:
            _LINK_PATTERNS.clear()
        pattern = _LINK_PATTERNS[urls] = re.compile("|".join(map(re.escape, urls)))
    runs: list[tuple[str, bool]] = []
    done = 0
    for match in pattern.finditer(text):
        if match.start() > done:
            runs.append((text[done : match.start()], False))
        runs.append((match.group(), True))
        done = match.end()
    if done < len(text):
        runs.append((text[done:], False))
    return runs


# The pattern that finds any of a set of URLs, by the set: a handful recur in every article.
_LINK_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


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

# What Markdown may read as markup anywhere in a line: "~" for strikethrough, which Hugo's
# Goldmark and GitHub read. The backslash comes first (see md_inline).
_MD_CHARS = "\\`*_[]<>~"
# "&amp;", "&#65;", "&copy;": a renderer would print the character a reference names.
_MD_REFERENCE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_MD_LINE_BREAK = re.compile(r"\r\n?|\n")
# What Hugo's Goldmark and GitHub turn into a link by itself ("www.", "https://", an email
# address), and its punctuation escaped, so that profile text never becomes a link.
_MD_AUTOLINKS = (("www.", "www\\."), ("://", "\\://"), ("@", "\\@"))
# Hugo reads "{{<" and "{{%" as a shortcode call before any Markdown (an unknown one fails the
# build; "param" prints the site's settings): no "{" follows another unescaped.
_MD_SHORTCODE = re.compile(r"(?<=\{)\{")
# What would make a line a block other than a paragraph, escaped at its first character (an
# ordered list item at its "." or ")": digits are not punctuation, and a backslash before one
# is printed): a heading ("# x"), a list item ("- x", "+ x", "-", "4. x", "4)"), a thematic
# break ("---"). Other blocks start with a character escaped anywhere ("*", "_", ">", "<",
# "`", "~", "[").
_MD_BLOCK_START = re.compile(
    r"#{1,6}(?=[ \t]|$)|[-+](?=[ \t]|$)|-(?=[- \t]*$)|\d{1,9}(?=[.)](?:[ \t]|$))"
)
# A heading's closing sequence ("Learn C #"): left out of the heading unless escaped.
_MD_CLOSING_HASHES = re.compile(r"(?<=[ \t])#+[ \t]*$")


def md_inline(text: str) -> str:
    """Escape the characters Markdown would read as markup anywhere in a line, for a table
    cell: the text is kept on one line (a line break in it would end the table row).

    >>> md_inline("<b>*x*</b> &amp; 4.5%")
    '\\\\<b\\\\>\\\\*x\\\\*\\\\</b\\\\> \\\\&amp; 4.5%'
    """
    if "\n" in text or "\r" in text:
        # A soft line break shows as a space; kept, it would end a cell, or start a new block.
        text = _MD_LINE_BREAK.sub(" ", text)
    # Most text has nothing to escape. Looking for each character with ``in`` (a C loop) and
    # replacing it with str.replace is quicker than a regular expression over a paragraph
    # ("O*NET" is in every article's sources). The backslash comes first in _MD_CHARS, so the
    # backslashes added for the others are not escaped again.
    for char in _MD_CHARS:
        if char in text:
            text = text.replace(char, "\\" + char)
    if "&" in text:
        text = _MD_REFERENCE.sub(r"\\&", text)
    for found, escaped in _MD_AUTOLINKS:
        if found in text:  # str.replace: a regular expression is ten times slower here
            text = text.replace(found, escaped)
    if "{{" in text:
        text = _MD_SHORTCODE.sub(r"\\{", text)
    return text


def md_escape(text: str) -> str:
    """Escape ``text`` for a paragraph or a heading: :func:`md_inline`, and what would make
    its line another block (a heading, a list item, a thematic break).

    >>> print(md_escape("4. x"), md_escape("4.5% more"), md_escape("- x"), md_escape("-8%"))
    4\\. x 4.5% more \\- x -8%
    """
    # Leading spaces never show, and four of them would make an indented code block.
    text = md_inline(text).lstrip(" \t")
    start = _MD_BLOCK_START.match(text)
    if start is not None:
        at = start.end() if text[0].isdigit() else 0
        text = f"{text[:at]}\\{text[at:]}"
    if text.endswith("#"):
        closing = _MD_CLOSING_HASHES.search(text)
        if closing is not None:
            text = f"{text[: closing.start()]}\\{text[closing.start() :]}"
    return text


# --- HTML ---------------------------------------------------------------------------------------


def html_text(text: str) -> str:
    """Escape ``text`` for an HTML text node: only ``&``, ``<`` and ``>``, so that apostrophes
    and quotes stay readable for editors, and ``[`` as a reference, so that WordPress, which
    runs the shortcodes it finds in a post's stored HTML ("[gallery]", "[embed]"), finds none.

    >>> html_text("Tom's <b> & \\"Jerry\\" [gallery]")
    'Tom\\'s &lt;b&gt; &amp; "Jerry" &#91;gallery]'
    """
    escaped = html.escape(text, quote=False)
    return escaped.replace("[", "&#91;") if "[" in escaped else escaped


def html_attribute(text: str) -> str:
    """Escape ``text`` for a double- or single-quoted HTML attribute (``[`` as in
    :func:`html_text`: WordPress looks for shortcodes in attributes too).

    >>> html_attribute('a "b" [c]')
    'a &quot;b&quot; &#91;c]'
    """
    escaped = html.escape(text, quote=True)
    return escaped.replace("[", "&#91;") if "[" in escaped else escaped


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
