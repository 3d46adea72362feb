"""Hostile phrasebooks: no fragment runs code, reads files or changes what later articles see.

Each file in ``tests/hostile_fragments/`` is one attack: an optional ``[groups]`` table merged into
the outline and ``[[fragment]]`` entries added to a copy of the bundled phrasebook. ``CANARY``
in a fragment stands for a file the attack tries to create; it must never exist. Every attack
is composed for many pairs with one Composer, so whatever a Composer prepares for later
articles is attacked too, not only the first article.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from narrator.article import Article
from narrator.catalog import Catalog
from narrator.compose import Composer
from narrator.errors import PhrasebookError
from narrator.formats.common import source_links
from narrator.formats.html import html_page
from narrator.formats.hugo import hugo_page
from narrator.formats.wxr import WxrWriter
from narrator.phrasebook import bundled_phrasebook_dir, load_phrasebook
from narrator.render import render
from narrator.views import Groups

from .test_exports import DATE, _hugo, _hugo_site
from .test_formats import COMMONMARK, _inline, _shown

HOSTILE = Path(__file__).parent / "hostile_fragments"
CASES = sorted(HOSTILE.glob("*.toml"))
PAIRS = 12  # past any preparation a Composer does once it has written a few articles


def _hostile_book(case: Path, folder: Path, canary: Path) -> Path:
    """A copy of the bundled phrasebook with the attack in ``case`` added."""
    import tomllib

    book = folder / "book"
    shutil.copytree(
        bundled_phrasebook_dir(), book, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    text = case.read_text(encoding="utf-8").replace("CANARY", canary.as_posix())
    attack = tomllib.loads(text)
    groups = attack.get("groups", {})
    if groups:
        outline = book / "outline.toml"
        lines = "".join(
            f"{name} = {members!r}\n".replace("'", '"') for name, members in groups.items()
        )
        source = outline.read_text(encoding="utf-8").replace("[groups]\n", "[groups]\n" + lines, 1)
        outline.write_text(source, encoding="utf-8")
    fragments = text[text.index("[[fragment]]") :]
    (book / "hostile.toml").write_text(fragments, encoding="utf-8")
    return book


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_fragment_is_refused_and_runs_nothing(case: Path, tmp_path: Path, catalog) -> None:
    """Each attack is refused naming its fragment (when compiled or when composed), in one
    line, and its canary never exists."""
    canary = tmp_path / "canary.txt"
    book = load_phrasebook(_hostile_book(case, tmp_path, canary))
    hostile_ids = {f.id for f in book.fragments if f.id.startswith("hostile.")}
    try:
        composer = Composer(book)
    except PhrasebookError as error:  # refused when compiled
        assert error.fragment in hostile_ids
        assert "\n" not in str(error)
        return
    profiles = sorted(catalog, key=lambda p: p.slug)
    before = [repr(p) for p in profiles]
    for a, b in itertools.islice(itertools.combinations(profiles, 2), PAIRS):
        try:
            article = composer.compose(a, b)
        except PhrasebookError as error:
            assert error.fragment in hostile_ids
            assert "\n" not in str(error)
        else:
            # A condition that cannot hold leaves its fragment out; it must not have run.
            assert not any(s.fragment in hostile_ids for s in article.sentences())
        assert not canary.exists(), f"{case.name} ran code for {a.slug} vs {b.slug}"
    # Nothing a fragment did is seen by the articles after it.
    assert dict(composer.env.globals["groups"]) == book.groups
    assert [repr(p) for p in profiles] == before


def test_groups_cannot_be_changed() -> None:
    """The outline's groups are read-only, whoever holds them."""
    groups = Composer().env.globals["groups"]
    for method in ("clear", "pop", "update", "setdefault", "popitem"):
        assert not hasattr(groups, method), method
    with pytest.raises(TypeError):
        groups["headline"] = ()  # type: ignore[index]


def test_plain_reads_are_fixed_by_narrator_not_by_a_phrasebook(tmp_path: Path) -> None:
    """A group's name is read without the sandbox's check on the groups only, never on
    another type."""
    canary = tmp_path / "canary.txt"
    book = load_phrasebook(_hostile_book(HOSTILE / "escape-groups-frame.toml", tmp_path, canary))
    composer = Composer(book)
    others = {k: v for k, v in composer.env.plain_reads.items() if k is not Groups}
    assert others == {k: v for k, v in Composer().env.plain_reads.items() if k is not Groups}
    assert composer.env.plain_classes["gi_frame"] == {Groups}
    plain = set().union(*others.values())
    assert not plain & {"gi_frame", "f_builtins", "f_globals"}
    assert not any(name.startswith("_") for name in plain)


# --- what a fragment prints, as the formats' readers read it --------------------------------------

OUTPUT = HOSTILE / "output"
OUTPUT_CASES = sorted(OUTPUT.glob("*.toml"))
# The elements narrator writes; a reader that finds any other was given markup.
HTML_TAGS = {"html", "head", "meta", "title", "body", "article", "section", "h1", "h2", "p"}
HTML_TAGS |= {"table", "thead", "tbody", "tr", "th", "td", "a"}  # "a": a cited source only


class _Html(HTMLParser):
    """The elements and text nodes an HTML parser finds."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.texts: list[str] = []
        self.links: set[str | None] = set()
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "a":
            self.links.add(dict(attrs).get("href"))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def _compose_hostile(case: Path, folder: Path, catalog: Catalog) -> tuple[Article, list[str]]:
    """The Loan Officers article with the case's fragments, and what they printed."""
    book = load_phrasebook(_hostile_book(case, folder, folder / "canary.txt"))
    pair = catalog.find("Loan Officers"), catalog.find("Bill and Account Collectors")
    article = Composer(book).compose(*pair)
    printed = [s.text for s in article.sentences() if s.fragment.startswith("hostile.")]
    assert len(printed) == sum(f.id.startswith("hostile.") for f in book.fragments)
    return article, printed


@pytest.mark.parametrize("case", OUTPUT_CASES, ids=[c.stem for c in OUTPUT_CASES])
def test_what_a_fragment_prints_stays_text_in_every_format(
    case: Path, tmp_path: Path, bundled: Catalog
) -> None:
    """Whatever markup a phrasebook fragment prints (HTML, Markdown, character references,
    Hugo or WordPress shortcodes, a CDATA end, YAML), each format's reader finds it as text:
    markdown-it, html.parser, ElementTree and the HTML inside the WXR post, PyYAML, json."""
    article, printed = _compose_hostile(case, tmp_path, bundled)
    assert printed

    tokens = COMMONMARK.parse(render(article, "markdown"))
    blocks = {t.tag for t in tokens if t.nesting == 1}
    assert blocks <= {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td"}, blocks
    links = source_links(article)
    shown = [_shown(_inline(t, links)) for t in tokens if t.type == "inline"]
    for text in printed:
        assert any(_shown(text) in line for line in shown), text

    page = render(article, "html")
    found = _Html(html_page(article, full=True))
    assert found.tags <= HTML_TAGS and "[" not in page, found.tags - HTML_TAGS
    assert found.links <= set(links), found.links
    for text in printed:
        assert any(text in node for node in found.texts), text

    writer = WxrWriter(site_title="Careers", site_url="https://careers.example.com", date=DATE)
    channel = ET.fromstring(writer.header() + writer.item(article, 1) + writer.footer())
    (item,) = channel.iter("item")
    assert item.findtext("title") == article.title.text
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded") or ""
    post = _Html(content)
    assert post.tags <= HTML_TAGS and "[" not in content and post.links <= set(links)
    for text in printed:
        assert any(text in node for node in post.texts), text

    matter = yaml.safe_load(hugo_page(article, date=DATE).split("\n---\n", 1)[0][4:])
    assert matter["title"] == article.title.text
    data = json.loads(render(article, "json"))
    assert data["title"]["text"] == article.title.text


def test_what_fragments_print_stays_text_in_hugo(tmp_path: Path, bundled: Catalog) -> None:
    """Hugo builds a page of every case (no shortcode runs, none fails the build), and each
    shows what its fragments printed as text, with no element narrator did not write."""
    site = tmp_path / "site"
    section = _hugo_site(site)
    # The typographer would print quotes and dashes typographically: a site's choice.
    with (site / "hugo.toml").open("a", encoding="utf-8") as config:
        config.write("[markup.goldmark.extensions.typographer]\ndisable = true\n")
    expected = {}
    for case in OUTPUT_CASES:
        article, printed = _compose_hostile(case, tmp_path / case.stem, bundled)
        slug = f"hostile-{case.stem}"
        article = dataclasses.replace(article, slug=slug)
        (section / f"{slug}.md").write_text(hugo_page(article, date=DATE), encoding="utf-8")
        expected[slug] = [t for t in printed if t != article.title.text]
    result = _hugo(site)
    assert result.returncode == 0, result.stdout + result.stderr
    for slug, printed in expected.items():
        page = (site / "public" / "comparisons" / slug / "index.html").read_text("utf-8")
        main = _Html(page.split("<main>", 1)[1].split("</main>", 1)[0])
        assert main.tags <= HTML_TAGS, (slug, main.tags - HTML_TAGS)
        for text in printed:
            assert any(_shown(text) in _shown(node) for node in main.texts), (slug, text)
