"""Slugs, the names of pages: a profile's from its title, a pair's from the two joined by "vs"."""

from __future__ import annotations

import re
import unicodedata

#: The word between the two profile slugs of an article's slug ("loan-officers-vs-actors"), and
#: so never a word of a profile's slug.
PAIR_WORD = "vs"


def slugify(text: str) -> str:
    """A URL-safe, lower-case slug for a title.

    An apostrophe inside a word does not split it ("Sheriff's" is "sheriffs", as the curly
    apostrophe always gave), and a lone "s" after a word joins that word, so a slug made before
    that rule ("police-and-sheriff-s-patrol-officers") still names the same profile.

    >>> slugify("Collections/Accounts Receivable")
    'collections-accounts-receivable'
    >>> slugify("Médecin  Généraliste")
    'medecin-generaliste'
    >>> slugify("Police and Sheriff's Patrol Officers")
    'police-and-sheriffs-patrol-officers'
    >>> slugify("police-and-sheriff-s-patrol-officers")
    'police-and-sheriffs-patrol-officers'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", _INNER_APOSTROPHE.sub("", ascii_text.lower())).strip("-")
    return _LONE_S.sub("s", slug)


# An apostrophe between two letters or digits: "sheriff's", "o'brien".
_INNER_APOSTROPHE = re.compile(r"(?<=[a-z0-9])'(?=[a-z0-9])")
# A one-letter "s" part after another part: what the old rule made of "'s".
_LONE_S = re.compile(r"(?<=[a-z0-9])-s(?=-|$)")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug_problem(slug: str) -> str | None:
    """What makes a profile's slug unusable, or None.

    >>> slug_problem("loan-officers") is None, slug_problem("Loan Officers")
    (True, 'must be lower-case letters, digits and hyphens')
    >>> slug_problem("alpha-vs-beta")
    "a slug must not have the word 'vs', which joins the two slugs of an article's page; add a slug field without it"
    """  # noqa: E501 - a doctest line cannot be wrapped
    if not _SLUG.fullmatch(slug):
        return "must be lower-case letters, digits and hyphens"
    if PAIR_WORD in slug.split("-"):
        # An article's slug joins two profile slugs with "-vs-": were "vs" a word of a profile
        # slug, "alpha-vs-beta" with "gamma" and "alpha" with "beta-vs-gamma" would give one
        # page. Without it, the one "vs" of a page's slug splits it.
        return (
            f"a slug must not have the word {PAIR_WORD!r}, which joins the two slugs of an "
            "article's page; add a slug field without it"
        )
    return None
