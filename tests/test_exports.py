"""The batch formats (JSON lines, Hugo, HTML, WXR) as their real consumers read them.

JSON lines go through ``json``; Hugo pages through PyYAML and a real Hugo build; HTML through
``html.parser``; WordPress eXtended RSS through ElementTree, element by element as the WordPress
importer reads it, and through ``wordpress-export-to-markdown``, a WXR converter from npm.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from narrator.article import Article, Paragraph, Section, Sentence
from narrator.catalog import Catalog
from narrator.cli import main
from narrator.compose import Composer
from narrator.formats.common import description
from narrator.formats.html import html_page
from narrator.formats.hugo import front_matter, hugo_page
from narrator.formats.jsonl import jsonl_record
from narrator.formats.wxr import WxrWriter
from narrator.profile import parse_profile
from narrator.render import render

from .test_formats import MARKDOWN_HOSTILE, _markdown_article, _shown

DATE = "2025-05-01"
SITE = "https://careers.example.com"
PAIRS = [
    ("Loan Officers", "Bill and Account Collectors"),
    ("Loss Mitigation Specialist", "Account Specialist"),
]
# Every character XML, HTML, Markdown and YAML treat specially, and a CDATA terminator.
ODD_TITLE = 'R&D "Lab" <Tech> ]]> \\ Crew'
ODD_PROFILE = """
title = "R&D \\"Lab\\" <Tech> ]]> \\\\ Crew"
description = "They test <b>prototypes</b> & write ]]> reports."
yearly_salary = 50000
number_of_jobs = 1200
[source]
name = "Made-up data & <tests>"
release = "May 2025"
"""
# A control character XML cannot carry at all: YAML escapes it, XML replaces it.
CONTROL_PROFILE = 'title = "Bell Ringer"\nyearly_salary = 40000\n'

WXR = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}

WXR_TO_MARKDOWN = "wordpress-export-to-markdown"
WXR_TO_MARKDOWN_VERSION = "2.2.2"


@pytest.fixture(scope="module")
def articles(bundled: Catalog) -> list[Article]:
    """Two bundled pairs and a profile full of characters that need escaping."""
    composer = Composer()
    made = [composer.compose(bundled.find(a), bundled.find(b)) for a, b in PAIRS]
    odd = parse_profile(ODD_PROFILE, "odd.toml")
    assert odd.title == ODD_TITLE
    made.append(composer.compose(odd, bundled.find("Loan Officers")))
    return made


@pytest.fixture(scope="module")
def control(bundled: Catalog) -> Article:
    """An article whose title holds a control character (profiles refuse one, so it is put in
    by hand: the writers must still carry whatever an article holds)."""
    import dataclasses

    profile = parse_profile(CONTROL_PROFILE, "bell.toml")
    article = Composer().compose(profile, bundled.find("Loan Officers"))
    title = dataclasses.replace(article.title, text=article.title.text.replace(" ", "\x07 ", 1))
    return dataclasses.replace(article, title=title)


def _tool(name: str) -> str:
    path = shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install -e '.[test]'")
    return path


def _figure(article: Article) -> str:
    """The first figure in the article's first table."""
    return next(c.text for r in article.tables()[0].rows for c in r.cells if c.text is not None)


# --- JSON lines ---------------------------------------------------------------------------------


def _sorted_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    assert keys == sorted(keys)
    return dict(pairs)


def test_jsonl_records_are_single_lines_that_round_trip(articles: list[Article]) -> None:
    """Each record is one line whose JSON, keys sorted, is the article's whole structure."""
    lines = "\n".join(jsonl_record(article) for article in articles).split("\n")
    assert len(lines) == len(articles)
    for line, article in zip(lines, articles, strict=True):
        assert json.loads(line, object_pairs_hook=_sorted_object) == article.to_dict()
        assert line == jsonl_record(article)


def test_jsonl_record_escapes_unicode_line_breaks() -> None:
    """Characters str.splitlines() breaks on stay escaped, so a record is still one line."""
    title = "A\u2028B\u2029C\x85D\x1cE\nF café"
    article = Article(Sentence(title, "t", ()), "a-b", ())
    record = jsonl_record(article)
    assert record.splitlines() == [record]
    assert "café" in record
    assert json.loads(record)["title"]["text"] == title


# --- front matter and Hugo ----------------------------------------------------------------------


def _matter(article: Article) -> dict[str, Any]:
    """The front matter a page about ``article`` should hold, as a YAML parser reads it."""
    occupations = article.metadata.occupations
    listed = []
    for occupation in occupations:
        entry = {"title": occupation.title, "slug": occupation.slug}
        if occupation.soc_code is not None:
            entry["soc_code"] = occupation.soc_code
        listed.append(entry)
    return {
        "title": article.title.text,
        "slug": article.slug,
        "date": DATE,
        "description": description(article),
        "tags": [occupation.title for occupation in occupations],
        "occupations": listed,
    }


def _split_page(page: str) -> tuple[Any, str]:
    assert page.startswith("---\n")
    matter, separator, body = page[4:].partition("\n---\n")
    assert separator
    return yaml.safe_load(matter), body


def test_front_matter_fields(articles: list[Article]) -> None:
    """Title, slug, date, a short description and both occupations, from the article."""
    article = articles[0]
    matter = yaml.safe_load(front_matter(article, date=DATE))
    assert (
        matter
        == _matter(article)
        == {
            "title": "Loan Officers vs Bill and Account Collectors",
            "slug": "loan-officers-vs-bill-and-account-collectors",
            "date": DATE,
            "description": "The outlook sets them apart: employment of loan officers is projected "
            "to grow 1.7% over 2024–34, and that of bill and account collectors to fall 10.5%.",
            "tags": ["Loan Officers", "Bill and Account Collectors"],
            "occupations": [
                {"title": "Loan Officers", "slug": "loan-officers", "soc_code": "13-2072"},
                {
                    "title": "Bill and Account Collectors",
                    "slug": "bill-and-account-collectors",
                    "soc_code": "43-3011",
                },
            ],
        }
    )


def test_front_matter_leaves_out_a_missing_soc_code(articles: list[Article]) -> None:
    """An occupation without a SOC code lists only its title and slug."""
    article = articles[0]
    first, second = article.metadata.occupations
    metadata = dataclasses.replace(
        article.metadata,
        occupations=(dataclasses.replace(first, soc_code=None), second),
    )
    changed = dataclasses.replace(article, metadata=metadata)
    matter = yaml.safe_load(front_matter(changed, date=DATE))
    assert matter["occupations"] == [
        {"title": "Loan Officers", "slug": "loan-officers"},
        {"title": second.title, "slug": second.slug, "soc_code": "43-3011"},
    ]
    assert matter == _matter(changed)


def test_description_is_cut_at_a_word_boundary() -> None:
    """A long opening sentence is cut before 160 characters, at a space, with an ellipsis."""
    sentence = "Word " * 60 + "end."
    opening = Section("opening", None, (Paragraph((Sentence(sentence, "o", ()),)),))
    article = Article(Sentence("A vs B", "t", ()), "a-vs-b", (opening,))
    written = yaml.safe_load(front_matter(article, date=DATE))["description"]
    assert len(written) <= 160
    assert written.endswith("Word…")
    assert sentence.startswith(written[:-1])


def test_front_matter_refuses_a_malformed_date(articles: list[Article]) -> None:
    """A date that is not ISO 8601 fails here, not later in the site generator."""
    with pytest.raises(ValueError, match="ISO 8601"):
        front_matter(articles[0], date="May 1, 2025")


def test_hugo_page_is_yaml_front_matter_and_markdown(
    articles: list[Article], control: Article
) -> None:
    """PyYAML reads the front matter back exactly; the body is the Markdown without its H1."""
    for article in [*articles, control]:
        page = hugo_page(article, date=DATE)
        matter, body = _split_page(page)
        assert matter == _matter(article)
        markdown = render(article, "markdown")
        assert markdown.startswith("# ")
        assert body == markdown[markdown.index("\n") + 1 :]
        assert "|---|" in body  # tables stay pipe tables
        assert page == hugo_page(article, date=DATE)


@given(st.text())
def test_any_title_survives_yaml(title: str) -> None:
    """Whatever the text, the front matter a YAML parser reads holds it unchanged."""
    article = Article(Sentence(title, "t", ()), "a-vs-b", ())
    matter, _ = _split_page(hugo_page(article, date=DATE))
    assert matter["title"] == title
    assert len(matter["description"]) <= 160
    assert "\n" not in matter["description"]


def test_exports_need_no_yaml_library() -> None:
    """The Hugo writer writes YAML itself: PyYAML is only a test dependency."""
    code = "import sys, narrator.formats.hugo; print(sorted(m for m in sys.modules if 'yaml' in m))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"


def _hugo_site(root: Path) -> Path:
    (root / "layouts").mkdir(parents=True)
    (root / "content" / "comparisons").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://careers.example.com/"\n'
        'title = "narrator exports"\n'
        'disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]\n',
        encoding="utf-8",
    )
    (root / "layouts" / "single.html").write_text(
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>\n"
        '<h1 id="title">{{ .Title }}</h1>\n'
        '<p id="date">{{ .Date.Format "2006-01-02" }}</p>\n'
        '<p id="description">{{ .Description }}</p>\n'
        '<ul id="tags">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>\n'
        '<ul id="occupations">{{ range .Params.occupations }}<li>{{ .slug }}</li>{{ end }}</ul>\n'
        "<main>{{ .Content }}</main>\n"
        "</body></html>\n",
        encoding="utf-8",
    )
    (root / "layouts" / "list.html").write_text(
        "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>"
        '{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
        "</body></html>\n",
        encoding="utf-8",
    )
    return root / "content" / "comparisons"


def _hugo(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            *(_tool("hugo"), "--printPathWarnings", "--panicOnWarning"),
            *("--cacheDir", str(root / "cache"), "--source", str(root)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _element(page: str, tag: str, id_: str) -> str:
    match = re.search(rf'<{tag} id="{id_}">(.*?)</{tag}>', page, re.DOTALL)
    assert match, f"no <{tag} id={id_!r}> in the page"
    return match.group(1)


def test_hugo_builds_every_page(tmp_path: Path, articles: list[Article], control: Article) -> None:
    """Hugo builds one page per article, with the title, front matter and tables we wrote."""
    section = _hugo_site(tmp_path)
    every = [*articles, control]
    for article in every:
        (section / f"{article.slug}.md").write_text(hugo_page(article, date=DATE), encoding="utf-8")
    result = _hugo(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    public = tmp_path / "public" / "comparisons"
    built = sorted(public.glob("*/index.html"))
    assert [p.parent.name for p in built] == sorted(a.slug for a in every)

    for article in every:
        page = (public / article.slug / "index.html").read_text(encoding="utf-8")
        assert html.unescape(_element(page, "h1", "title")) == article.title.text
        assert _element(page, "p", "date") == DATE
        matter = _matter(article)
        assert html.unescape(_element(page, "p", "description")) == matter["description"]
        tags = re.findall(r"<li>(.*?)</li>", _element(page, "ul", "tags"))
        assert [html.unescape(t) for t in tags] == matter["tags"]
        slugs = re.findall(r"<li>(.*?)</li>", _element(page, "ul", "occupations"))
        assert slugs == [o.slug for o in article.metadata.occupations]
        content = page.split("<main>", 1)[1]
        assert "<table>" in content
        assert f"<td>{html.escape(_figure(article))}</td>" in content

    odd = (public / articles[2].slug / "index.html").read_text(encoding="utf-8")
    assert "<Tech>" not in odd and "<b>" not in odd  # text, never markup


class _Text(HTMLParser):
    """The tags a page's ``<main>`` opens, and its text, one item a text node."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append(data)


def test_hugo_shows_hostile_text_as_written(tmp_path: Path) -> None:
    """Hugo (Goldmark, its defaults but the typographer) shows text that would be markup, a
    character reference or a bare link exactly as given, in a paragraph, a heading and a table."""
    section = _hugo_site(tmp_path)
    # The typographer, on by default, prints "--", "..." and quotes typographically: a choice
    # of the site's, and no markup; left on, it would change the text this test compares.
    with (tmp_path / "hugo.toml").open("a", encoding="utf-8") as config:
        config.write("[markup.goldmark.extensions.typographer]\ndisable = true\n")
    texts = [text for text in MARKDOWN_HOSTILE if _shown(text)]
    for number, text in enumerate(texts):
        article = dataclasses.replace(_markdown_article(text), slug=f"hostile-{number}")
        (section / f"hostile-{number}.md").write_text(hugo_page(article, date=DATE), "utf-8")
    result = _hugo(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    public = tmp_path / "public" / "comparisons"
    wrong = []
    for number, text in enumerate(texts):
        page = (public / f"hostile-{number}" / "index.html").read_text(encoding="utf-8")
        main = _Text()
        main.feed(page.split("<main>", 1)[1].split("</main>", 1)[0])
        shown = _shown(text)
        # GFM tables give the row label a <td>.
        table = ["table", "thead", "tr", "th", "th", "th", "tbody", "tr", "td", "td", "td"]
        if main.tags != ["p", "h2", *table] or [_shown(t) for t in main.texts] != [
            *(shown, shown, shown, "B", shown, shown, "—")
        ]:
            wrong.append((text, main.tags, main.texts))
    assert not wrong


def test_no_two_pages_claim_one_slug(tmp_path: Path) -> None:
    """A Markdown batch never holds two pages that claim one slug: each page's front matter
    slug is its file's name, so Hugo publishes one page a file.

    Two files with one slug would lose a page: Hugo renders both, concurrently, to one path,
    publishes one, and only warns. Whether ``--panicOnWarning`` then fails the build was seen
    to depend on timing (under load: the warning printed, exit status 0), so the guarantee
    checked is narrator's own, not the outcome of Hugo's race.
    """
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    # Titles whose slugs share words, in every order: their pairs' slugs must all differ.
    for title in ("Alpha", "Beta", "Alpha Beta", "Beta Alpha", "Alpha Beta Gamma"):
        slug = title.lower().replace(" ", "-")
        (profiles / f"{slug}.toml").write_text(
            f'title = "{title}"\nyearly_salary = 50000\nnumber_of_jobs = 1000\n', "utf-8"
        )
    site = tmp_path / "site"
    section = _hugo_site(site)
    command = ["batch", "--out", str(site), "--format", "markdown", "--date", DATE]
    assert main([*command, "--profiles", str(profiles)]) == 0
    pages = sorted(section.glob("*.md"))
    assert len(pages) == 10  # every pair of five, once
    for page in pages:
        matter = yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])
        assert matter["slug"] == page.stem
    result = _hugo(site)
    assert result.returncode == 0, result.stdout + result.stderr
    built = sorted(p.parent.name for p in (site / "public" / "comparisons").glob("*/index.html"))
    assert built == sorted(page.stem for page in pages)


def test_hugo_publishes_one_of_two_pages_with_one_slug(
    tmp_path: Path, articles: list[Article]
) -> None:
    """Why the guarantee above is narrator's to keep: two files that claim one slug give one
    published page. Only the number of pages is checked: without ``--panicOnWarning`` the
    build succeeds, and which of the two writes the page last is left to timing."""
    section = _hugo_site(tmp_path)
    page = hugo_page(articles[0], date=DATE)
    (section / f"{articles[0].slug}.md").write_text(page, encoding="utf-8")
    (section / "copy.md").write_text(page, encoding="utf-8")
    result = subprocess.run(
        [_tool("hugo"), "--cacheDir", str(tmp_path / "cache"), "--source", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    built = list((tmp_path / "public" / "comparisons").glob("*/index.html"))
    assert [p.parent.name for p in built] == [articles[0].slug]


# --- HTML ---------------------------------------------------------------------------------------


class _Document(HTMLParser):
    """Collects what a browser's parser sees: the open tags in order and the title text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def test_html_page_fragment_and_full_document(articles: list[Article]) -> None:
    """The fragment is the HTML rendering; the full page wraps it in an HTML5 document."""
    for article in articles:
        fragment = render(article, "html")
        assert html_page(article) == fragment
        page = html_page(article, full=True, lang="en-US")
        assert page.startswith("<!DOCTYPE html>\n") and page.endswith("</html>\n")
        assert f"<body>\n{fragment}</body>" in page
        document = _Document()
        document.feed(page)
        document.close()
        assert document.doctype == "DOCTYPE html"
        names = [tag for tag, _ in document.tags]
        assert names[:3] == ["html", "head", "meta"]
        assert document.tags[0][1] == {"lang": "en-US"}
        assert document.tags[2][1] == {"charset": "utf-8"}
        assert document.title == article.title.text
        meta = [a for t, a in document.tags if t == "meta" and a.get("name") == "description"]
        assert meta == [{"name": "description", "content": description(article)}]


def test_html_page_refuses_a_bad_language_tag(articles: list[Article]) -> None:
    """A lang value that is not a language tag cannot reach the attribute."""
    with pytest.raises(ValueError, match="language tag"):
        html_page(articles[0], full=True, lang='en" onload="x')


# --- WordPress eXtended RSS ---------------------------------------------------------------------


def _wxr(articles: list[Article], *, date: str = DATE, first_id: int = 101) -> str:
    writer = WxrWriter(site_title="Careers & <Co>", site_url=SITE + "/", date=date)
    items = [writer.item(article, first_id + i) for i, article in enumerate(articles)]
    return writer.header() + "".join(items) + writer.footer()


def _wp(element: ET.Element, name: str) -> str:
    found = element.find(name, WXR)
    assert found is not None, f"no {name}"
    return found.text or ""


def test_wxr_channel_is_what_the_importer_reads(articles: list[Article]) -> None:
    """The channel has WXR 1.2, the site's URLs, one author and the category the posts use."""
    root = ET.fromstring(_wxr(articles))
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    assert _wp(channel, "wp:wxr_version") == "1.2"
    assert _wp(channel, "title") == "Careers & <Co>"
    assert _wp(channel, "link") == SITE
    assert _wp(channel, "wp:base_site_url") == SITE
    assert _wp(channel, "wp:base_blog_url") == SITE
    assert _wp(channel, "language") == "en-US"
    assert parsedate_to_datetime(_wp(channel, "pubDate")) == datetime(2025, 5, 1, tzinfo=UTC)
    authors = channel.findall("wp:author", WXR)
    assert len(authors) == 1
    assert _wp(authors[0], "wp:author_login") == "narrator"
    assert _wp(authors[0], "wp:author_id") == "1"
    categories = channel.findall("wp:category", WXR)
    assert [
        (_wp(c, "wp:category_nicename"), _wp(c, "wp:cat_name"), _wp(c, "wp:category_parent"))
        for c in categories
    ] == [("career-comparisons", "Career comparisons", "")]


def test_wxr_items_are_what_the_importer_reads(articles: list[Article]) -> None:
    """Each item round-trips: names, ids, dates, status, HTML in CDATA, terms and post meta."""
    channel = ET.fromstring(_wxr(articles)).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert len(items) == len(articles)
    for post_id, (item, article) in enumerate(zip(items, articles, strict=True), start=101):
        occupations = article.metadata.occupations
        summary = description(article)
        assert _wp(item, "title") == article.title.text
        assert _wp(item, "link") == f"{SITE}/{article.slug}/"
        assert parsedate_to_datetime(_wp(item, "pubDate")) == datetime(2025, 5, 1, tzinfo=UTC)
        assert _wp(item, "dc:creator") == "narrator"
        guid = item.find("guid")
        assert guid is not None and guid.get("isPermaLink") == "false"
        assert guid.text == f"{SITE}/?p={post_id}"
        assert _wp(item, "description") == summary
        assert _wp(item, "content:encoded") == render(article, "html")
        assert _wp(item, "excerpt:encoded") == summary
        assert _wp(item, "wp:post_id") == str(post_id)
        assert _wp(item, "wp:post_date") == "2025-05-01 00:00:00"
        assert _wp(item, "wp:post_date_gmt") == "2025-05-01 00:00:00"
        assert _wp(item, "wp:post_name") == article.slug
        assert _wp(item, "wp:status") == "publish"
        assert _wp(item, "wp:post_type") == "post"
        assert _wp(item, "wp:comment_status") == "closed"
        assert _wp(item, "wp:post_parent") == "0"
        assert _wp(item, "wp:is_sticky") == "0"
        terms = [(c.get("domain"), c.get("nicename"), c.text) for c in item.findall("category")]
        assert terms == [
            ("category", "career-comparisons", "Career comparisons"),
            *(("post_tag", o.slug, o.title) for o in occupations),
        ]
        meta = {
            _wp(m, "wp:meta_key"): _wp(m, "wp:meta_value") for m in item.findall("wp:postmeta", WXR)
        }
        assert meta["narrator_slug_a"] == occupations[0].slug
        assert meta["narrator_slug_b"] == occupations[1].slug
        assert meta["narrator_generator"] == article.metadata.generator
        assert meta["narrator_locale"] == "en_US"
        for side, occupation in zip("ab", occupations, strict=True):
            if occupation.source is not None:
                source = occupation.source
                assert meta[f"narrator_source_name_{side}"] == source.name
                assert meta.get(f"narrator_source_release_{side}") == source.release


def test_wxr_splits_cdata_terminators(articles: list[Article]) -> None:
    """A "]]>" in text is split across CDATA sections and reads back whole."""
    odd = articles[2]
    document = _wxr([odd])
    assert "]]]]><![CDATA[>" in document
    item = ET.fromstring(document).find("channel/item")
    assert item is not None
    assert _wp(item, "title") == odd.title.text
    assert "]]>" in _wp(item, "title")
    assert "]]>" in _wp(item, "excerpt:encoded")
    assert [c.text for c in item.findall("category")][1] == ODD_TITLE
    assert _wp(item, "content:encoded") == render(odd, "html")


def _regex_tag(text: str, tag: str) -> str:
    """What the WordPress importer's regex fallback parser (WXR_Parser_Regex) reads for a tag:
    the first match, with CDATA sections joined when one was split."""
    match = re.search(rf"<{tag}.*?>(.*?)</{tag}>", text, re.DOTALL | re.IGNORECASE)
    if not match:
        return ""
    value = match.group(1)
    if not value.startswith("<![CDATA["):
        return value
    if "]]]]><![CDATA[>" in value:
        return "".join(re.findall(r"<!\[CDATA\[(.*?)\]\]>", value, re.DOTALL))
    return re.sub(r"^<!\[CDATA\[(.*)\]\]>$", r"\1", value, flags=re.DOTALL)


def test_wxr_lines_suit_the_importers_regex_parser(articles: list[Article]) -> None:
    """The line layout WordPress's regex fallback parser needs, and the values it then reads."""
    lines = _wxr(articles).split("\n")
    assert "<wp:wxr_version>1.2</wp:wxr_version>" in lines
    assert f"<wp:base_site_url>{SITE}</wp:base_site_url>" in lines
    author = [line for line in lines if "<wp:author>" in line]
    assert len(author) == 1 and author[0].endswith("</wp:author>")
    assert _regex_tag(author[0], "wp:author_login") == "narrator"
    assert lines.count("<item>") == lines.count("</item>") == len(articles)
    document = "\n".join(lines)
    items = re.findall(r"^<item>\n(.*?)^</item>$", document, re.DOTALL | re.MULTILINE)
    for item, article in zip(items, articles, strict=True):
        assert _regex_tag(item, "title") == article.title.text
        assert _regex_tag(item, "wp:post_name") == article.slug
        assert _regex_tag(item, "wp:post_date") == "2025-05-01 00:00:00"
        assert _regex_tag(item, "wp:status") == "publish"
        assert _regex_tag(item, "content:encoded") == render(article, "html")
        terms = re.findall(
            r'<category domain="([^"]+?)" nicename="([^"]+?)">(.+?)</category>', item
        )
        assert len(terms) == 3
    odd_terms = re.findall(r"<category [^>]*>(.+?)</category>", items[2])
    assert ODD_TITLE in [_regex_tag(f"<x>{t}</x>", "x") for t in odd_terms]


def test_wxr_dates_and_offsets() -> None:
    """A date with a time and offset gives local post_date, UTC post_date_gmt and pubDate."""
    article = Article(Sentence("A vs B", "t", ()), "a-vs-b", ())
    item = ET.fromstring(_wxr([article], date="2025-05-01T09:30:00+02:00")).find("channel/item")
    assert item is not None
    assert _wp(item, "wp:post_date") == "2025-05-01 09:30:00"
    assert _wp(item, "wp:post_date_gmt") == "2025-05-01 07:30:00"
    assert _wp(item, "pubDate") == "Thu, 01 May 2025 07:30:00 +0000"


def test_wxr_replaces_what_xml_cannot_carry(control: Article) -> None:
    """Control characters become U+FFFD and CR LF becomes LF; the file stays well-formed."""
    assert "\x07" in control.title.text
    item = ET.fromstring(_wxr([control])).find("channel/item")
    assert item is not None
    assert _wp(item, "title") == control.title.text.replace("\x07", "\ufffd")
    crlf = Article(Sentence("Line\r\none\x00", "t", ()), "line-one", ())
    item = ET.fromstring(_wxr([crlf])).find("channel/item")
    assert item is not None
    assert _wp(item, "title") == "Line\none\ufffd"


def test_wxr_is_deterministic_and_streamable(articles: list[Article]) -> None:
    """Two writers give the same bytes; items do not depend on one another."""
    assert _wxr(articles) == _wxr(articles)
    writer = WxrWriter(site_title="Careers", site_url=SITE, date=DATE)
    assert writer.item(articles[1], 7) == writer.item(articles[1], 7)
    assert writer.footer() == "</channel>\n</rss>\n"


def test_wxr_writer_refuses_bad_arguments(articles: list[Article]) -> None:
    """A malformed date, a URL that is not http(s) or a post id below 1 is refused."""
    with pytest.raises(ValueError, match="ISO 8601"):
        WxrWriter(site_title="t", site_url=SITE, date="01/05/2025")
    with pytest.raises(ValueError, match="http"):
        WxrWriter(site_title="t", site_url="careers.example.com", date=DATE)
    writer = WxrWriter(site_title="t", site_url=SITE, date=DATE)
    for bad in (0, -3, True):
        with pytest.raises(ValueError, match="post_id"):
            writer.item(articles[0], bad)


# --- a real WXR consumer: wordpress-export-to-markdown from npm ---------------------------------


@pytest.fixture(scope="session")
def wxr_to_markdown(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> list[str]:
    """The command that runs wordpress-export-to-markdown, installed once from npm and cached."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail(
            "the WXR round-trip test needs Node.js and npm on PATH to install "
            f"{WXR_TO_MARKDOWN}@{WXR_TO_MARKDOWN_VERSION} from the npm registry"
        )
    name = f"npm-{WXR_TO_MARKDOWN}-{WXR_TO_MARKDOWN_VERSION}"
    cache = getattr(request.config, "cache", None)
    prefix = cache.mkdir(name) if cache is not None else tmp_path_factory.mktemp(name)
    package = prefix / "node_modules" / WXR_TO_MARKDOWN
    manifest = package / "package.json"
    if not (
        manifest.exists()
        and json.loads(manifest.read_text(encoding="utf-8"))["version"] == WXR_TO_MARKDOWN_VERSION
    ):
        result = subprocess.run(
            [
                *(npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix)),
                f"{WXR_TO_MARKDOWN}@{WXR_TO_MARKDOWN_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            pytest.fail(f"npm install {WXR_TO_MARKDOWN} failed:\n{result.stdout}{result.stderr}")
    return [node, str(package / "index.js")]


def test_wxr_round_trips_through_wordpress_export_to_markdown(
    tmp_path: Path, articles: list[Article], wxr_to_markdown: list[str]
) -> None:
    """An npm WXR converter finds every post and writes its title, date, terms and figures."""
    export = tmp_path / "export.xml"
    export.write_text(_wxr(articles), encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [
            *wxr_to_markdown,
            *("--wizard", "false", "--input", str(export), "--output", str(out)),
            *("--post-folders", "false", "--prefix-date", "false"),
            *("--save-attached-images", "false", "--save-scraped-images", "false"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    output = result.stdout + result.stderr
    # The tool reports a failure on stdout and still exits 0.
    assert result.returncode == 0 and "went wrong" not in output, output
    assert f"{len(articles)} posts found." in output
    assert sorted(p.name for p in out.glob("*.md")) == sorted(f"{a.slug}.md" for a in articles)
    for article in articles:
        text = (out / f"{article.slug}.md").read_text(encoding="utf-8")
        head, _, body = text.removeprefix("---\n").partition("\n---\n")
        # The tool writes the title in double quotes, escaping only double quotes.
        title = article.title.text.replace('"', '\\"')
        assert f'title: "{title}"' in head.split("\n")
        assert f'date: "{DATE}"' in head.split("\n")
        assert '  - "career-comparisons"' in head.split("\n")
        for occupation in article.metadata.occupations:
            assert f'  - "{occupation.slug}"' in head.split("\n")
        assert _figure(article) in body
        assert "| --- | --- | --- |" in body  # the tables came through as tables
