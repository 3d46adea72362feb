"""WordPress eXtended RSS 1.2: a file the WordPress importer reads, written as a stream."""

from __future__ import annotations

import re
from datetime import UTC
from email.utils import format_datetime
from urllib.parse import quote

from .. import __version__
from ..article import Article, Metadata
from .common import cdata, description, parse_date, xml_attribute, xml_text
from .html import html_page

_NAMESPACES: dict[str, str] = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}

# The post statuses an item may have: WordPress's own names, which its importer keeps.
STATUSES = ("publish", "pending", "draft")


def _nicename(slug: str) -> str:
    """A WordPress term slug: as WordPress stores it, non-ASCII bytes percent-encoded.

    >>> _nicename("loan-officers"), _nicename("médecin")
    ('loan-officers', 'm%c3%a9decin')
    """
    return quote(slug.lower(), safe="-_.~").lower()


def _postmeta(metadata: Metadata) -> list[tuple[str, str]]:
    """narrator's post meta: each side's slug, SOC code and source, the generator, the locale."""
    meta: list[tuple[str, str]] = []
    for side, occupation in zip("ab", metadata.occupations, strict=False):
        meta.append((f"narrator_slug_{side}", occupation.slug))
        if occupation.soc_code is not None:
            meta.append((f"narrator_soc_code_{side}", occupation.soc_code))
        source = occupation.source
        if source is not None:
            meta.append((f"narrator_source_name_{side}", source.name))
            if source.release is not None:
                meta.append((f"narrator_source_release_{side}", source.release))
    if metadata.generator:
        meta.append(("narrator_generator", metadata.generator))
    if metadata.locale:
        meta.append(("narrator_locale", metadata.locale))
    return meta


class WxrWriter:
    """Write a WordPress eXtended RSS 1.2 file for the WordPress importer, streamed.

    Write :meth:`header`, then one :meth:`item` per article, then :meth:`footer`. Each method
    returns a string and keeps no state, so items can be made in other processes and the file
    written in any chunks. Every post has the date given here (``"2025-05-01"``, or a date
    and time; without an offset it is UTC), the author ``narrator``, the category "Career
    comparisons" and one tag per occupation. The caller keeps post ids and slugs unique.

    The layout follows WordPress's own exports line for line (the author on one line, each
    field on its own line, text fields in CDATA), so the importer's XML parsers and its
    line-by-line regex fallback read the same values.

    >>> writer = WxrWriter(site_title="Careers", site_url="https://example.com", date="2025-05-01")
    >>> writer.footer()
    '</channel>\\n</rss>\\n'
    """

    AUTHOR = "narrator"
    CATEGORY = "Career comparisons"
    CATEGORY_NICENAME = "career-comparisons"
    LANGUAGE = "en-US"  # the prose is English whatever locale formats the numbers

    def __init__(self, *, site_title: str, site_url: str, date: str) -> None:
        if not re.fullmatch(r"https?://[^\s\"'<>]+", site_url):
            raise ValueError(f"site_url must be an http(s) URL, not {site_url!r}")
        self.site_title = site_title
        self.site_url = site_url.rstrip("/")
        when = parse_date(date)
        gmt = when.astimezone(UTC)
        self._post_date = when.strftime("%Y-%m-%d %H:%M:%S")
        self._post_date_gmt = gmt.strftime("%Y-%m-%d %H:%M:%S")
        self._pub_date = format_datetime(gmt)

    def header(self) -> str:
        """The XML declaration, the ``<rss>`` and ``<channel>`` openings and the site details."""
        namespaces = "".join(f'\n\txmlns:{p}="{uri}"' for p, uri in _NAMESPACES.items())
        author = "".join(
            [
                "<wp:author>",
                "<wp:author_id>1</wp:author_id>",
                f"<wp:author_login>{cdata(self.AUTHOR)}</wp:author_login>",
                f"<wp:author_email>{cdata('')}</wp:author_email>",
                f"<wp:author_display_name>{cdata(self.AUTHOR)}</wp:author_display_name>",
                f"<wp:author_first_name>{cdata('')}</wp:author_first_name>",
                f"<wp:author_last_name>{cdata('')}</wp:author_last_name>",
                "</wp:author>",
            ]
        )
        category = "".join(
            [
                "<wp:category>",
                "<wp:term_id>1</wp:term_id>",
                f"<wp:category_nicename>{cdata(self.CATEGORY_NICENAME)}</wp:category_nicename>",
                f"<wp:category_parent>{cdata('')}</wp:category_parent>",
                f"<wp:cat_name>{cdata(self.CATEGORY)}</wp:cat_name>",
                "</wp:category>",
            ]
        )
        url = xml_text(self.site_url)
        lines = [
            '<?xml version="1.0" encoding="UTF-8" ?>',
            "<!-- A WordPress eXtended RSS (WXR) file: import it with Tools > Import > WordPress."
            " -->",
            f'<rss version="2.0"{namespaces}\n>',
            "<channel>",
            f"<title>{xml_text(self.site_title)}</title>",
            f"<link>{url}</link>",
            "<description>Career comparisons written by narrator</description>",
            f"<pubDate>{self._pub_date}</pubDate>",
            f"<language>{self.LANGUAGE}</language>",
            "<wp:wxr_version>1.2</wp:wxr_version>",
            f"<wp:base_site_url>{url}</wp:base_site_url>",
            f"<wp:base_blog_url>{url}</wp:base_blog_url>",
            author,
            category,
            f"<generator>{xml_text(f'narrator {__version__}')}</generator>",
        ]
        return "\n".join(lines) + "\n"

    def item(self, article: Article, post_id: int, status: str = "publish") -> str:
        """One ``<item>``: a post with its HTML, excerpt, terms and narrator's meta.

        ``post_id`` is the post's id in the file (a positive integer); WordPress gives the
        post a new id on import but uses this one to connect it with other items. ``status``
        is its ``wp:status``: ``publish`` (the default), ``pending`` or ``draft``, as
        ``narrator batch --review`` sets it from the article's review state.
        """
        if isinstance(post_id, bool) or not isinstance(post_id, int) or post_id < 1:
            raise ValueError(f"post_id must be a positive integer, not {post_id!r}")
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        summary = description(article)
        terms = [
            f'<category domain="category" nicename="{xml_attribute(self.CATEGORY_NICENAME)}">'
            f"{cdata(self.CATEGORY)}</category>"
        ]
        terms += [
            f'<category domain="post_tag" nicename="{xml_attribute(_nicename(occupation.slug))}">'
            f"{cdata(occupation.title)}</category>"
            for occupation in article.metadata.occupations
        ]
        meta = [
            "<wp:postmeta>\n"
            f"<wp:meta_key>{cdata(key)}</wp:meta_key>\n"
            f"<wp:meta_value>{cdata(value)}</wp:meta_value>\n"
            "</wp:postmeta>"
            for key, value in _postmeta(article.metadata)
        ]
        lines = [
            "<item>",
            f"<title>{cdata(article.title.text)}</title>",
            f"<link>{xml_text(f'{self.site_url}/{article.slug}/')}</link>",
            f"<pubDate>{self._pub_date}</pubDate>",
            f"<dc:creator>{cdata(self.AUTHOR)}</dc:creator>",
            f'<guid isPermaLink="false">{xml_text(f"{self.site_url}/?p={post_id}")}</guid>',
            f"<description>{xml_text(summary)}</description>",
            f"<content:encoded>{cdata(html_page(article))}</content:encoded>",
            f"<excerpt:encoded>{cdata(summary)}</excerpt:encoded>",
            f"<wp:post_id>{post_id}</wp:post_id>",
            f"<wp:post_date>{cdata(self._post_date)}</wp:post_date>",
            f"<wp:post_date_gmt>{cdata(self._post_date_gmt)}</wp:post_date_gmt>",
            f"<wp:comment_status>{cdata('closed')}</wp:comment_status>",
            f"<wp:ping_status>{cdata('closed')}</wp:ping_status>",
            f"<wp:post_name>{cdata(article.slug)}</wp:post_name>",
            f"<wp:status>{cdata(status)}</wp:status>",
            "<wp:post_parent>0</wp:post_parent>",
            "<wp:menu_order>0</wp:menu_order>",
            f"<wp:post_type>{cdata('post')}</wp:post_type>",
            f"<wp:post_password>{cdata('')}</wp:post_password>",
            "<wp:is_sticky>0</wp:is_sticky>",
            *terms,
            *meta,
            "</item>",
        ]
        return "\n".join(lines) + "\n"

    def footer(self) -> str:
        """Close the channel and the document."""
        return "</channel>\n</rss>\n"


def wxr_file(
    article: Article, *, site_title: str, site_url: str, date: str, post_id: int = 1
) -> str:
    """A whole WXR file holding one article: a :class:`WxrWriter`'s header, item and footer."""
    writer = WxrWriter(site_title=site_title, site_url=site_url, date=date)
    return writer.header() + writer.item(article, post_id) + writer.footer()
