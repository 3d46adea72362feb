"""The approved articles as a WordPress WXR file, for the review app's "Publish" download.

Only approved articles are written, each composed afresh from the review's source: the text is
the very text that was approved, or the article would not be approved (a regeneration that
changes it makes it "changed"). Uses the batch's own WXR writer and post ids.
"""

from __future__ import annotations

import itertools
import re

from ..batch import post_id
from ..formats.wxr import WxrWriter
from .corpus import Source
from .schema import APPROVED, ReviewError
from .store import ReviewStore


def approved_slugs(store: ReviewStore) -> set[str]:
    """The slugs of every approved article."""
    query = (
        "SELECT n.slug FROM articles a JOIN article_names n ON n.id = a.id"
        " WHERE a.present = 1 AND a.state = ?"
    )
    return {slug for (slug,) in store.conn.execute(query, (APPROVED,))}


def approved_wxr(
    store: ReviewStore, source: Source, *, date: str, site_title: str, site_url: str
) -> str:
    """A WXR 1.2 file of the approved articles, in slug order of their pairs.

    Raises ReviewError for a date that is not YYYY-MM-DD or a site URL that is not http(s).
    """
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise ReviewError(f"publication date must be YYYY-MM-DD, not {date!r}")
    try:
        writer = WxrWriter(site_title=site_title, site_url=site_url, date=date)
    except ValueError as exc:
        raise ReviewError(str(exc)) from exc
    wanted = approved_slugs(store)
    composer, catalog = source.composer(), source.catalog()
    parts = [writer.header()]
    for a, b in itertools.combinations(sorted(catalog, key=lambda p: p.slug), 2):
        if f"{a.slug}-vs-{b.slug}" in wanted:
            article = composer.compose(a, b)
            parts.append(writer.item(article, post_id(article.slug)))
    parts.append(writer.footer())
    return "".join(parts)
