"""The format registry, the render dispatcher, and every writer facing hostile text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from narrator import cli, outfolder
from narrator.article import (
    Article,
    Cell,
    Metadata,
    Occupation,
    Paragraph,
    ReviewNote,
    Section,
    Sentence,
    SourceRef,
    Table,
    TableRow,
)
from narrator.formats import (
    ARTICLE_FORMATS,
    BATCH_FORMATS,
    FORMATS_BY_NAME,
    REGISTRY,
    by_batch_name,
)
from narrator.formats.common import description, md_escape, md_inline
from narrator.formats.html import html_page
from narrator.formats.hugo import hugo_page
from narrator.formats.jsonl import jsonl_record
from narrator.formats.wxr import WxrWriter
from narrator.render import FORMATS, render

DATE = "2025-05-01"
SITE = "https://careers.example.com"

# Text every format treats specially somewhere: markup, quotes, YAML indicators, line breaks of
# every kind, control characters, YAML 1.1 booleans and number-looking text, and long text.
HOSTILE = [
    "",
    " ",
    "quotes \"here\" and \\ backslashes \\\\ and 'single'",
    "key: value # not a comment",
    *"-?*&!%@`|>'\"#{}[],:",
    "- a list item",
    "? a key",
    "*alias",
    "&anchor",
    "!tag",
    "%YAML 1.2",
    "@reserved",
    "`reserved",
    "---",
    "...",
    "line\nbreak\r\nand\rreturn",
    "tab\there",
    "line\u2028separator\u2029paragraph\u0085next line",
    "controls \x00\x01\x07\x08\x0b\x0c\x1b\x1f and DEL \x7f",
    "C1 \x80\x9f, no-break\xa0space, soft\xadhyphen",
    "byte order mark \ufeff, \ufffe \uffff",
    "emoji \U0001f469\u200d\U0001f52c and \U0001d518\U0001d52b (non-BMP)",
    "bidi \u202eoverride\u202c, \u2066isolate\u2069, zero\u200bwidth, ESC \x1b[31m red",
    *["yes", "no", "on", "off", "y", "n", "true", "False", "NULL", "~", "null"],
    *["1", "-1", "1.5", "1e3", "0x1F", "0o17", "010", "1_000", ".inf", "-.Inf", ".nan"],
    *["2025-05-01", "12:30:00", "1:20"],
    "<script>alert('x')</script> & <b>bold</b> ]]> <![CDATA[",
    "| pipe | table |\n|---|",
    "# heading",
    "1. item",
    "+ item",
    "en dash – em dash — ellipsis … café",
    "x" * 2_000,
    "word " * 400,
]
hostile_texts = st.one_of(st.sampled_from(HOSTILE), st.text(), st.text(max_size=5))


def _article(text: str, *, soc_code: str | None = "11-1011") -> Article:
    """An article with ``text`` in its title, slug, headings, prose, table and metadata."""
    table = Table(
        text,
        (text, "B"),
        (
            TableRow(text, "yearly_salary", (Cell(text), Cell(None))),
            TableRow("Jobs", text, (Cell(None), Cell(text))),
        ),
    )
    sections = (
        Section(text, None, (Paragraph((Sentence(text, "opening", ("a.title",)),)),)),
        Section("overview", Sentence(text, "heading", ()), (table,)),
    )
    metadata = Metadata(
        text,
        text,
        (
            Occupation(text, text, soc_code, SourceRef(text, text, None)),
            Occupation("B", "b", None, None),
        ),
        (ReviewNote(text, "top_skills", text),),
    )
    return Article(Sentence(f"A vs {text}", "article.title", ()), text, sections, metadata)


# --- the registry -------------------------------------------------------------------------------


def test_every_format_has_a_module_with_its_one_writer() -> None:
    """Each registered format's module holds its writer, and render() reaches it."""
    article = _article("Pay & <jobs>")
    options: dict[str, dict[str, Any]] = {
        "hugo": {"date": DATE},
        "wxr": {"site_title": "Careers", "site_url": SITE, "date": DATE},
    }
    for fmt in REGISTRY:
        assert callable(fmt.load())
        assert render(article, fmt.name, **options.get(fmt.name, {})) == fmt.load()(
            article, **options.get(fmt.name, {})
        )
    assert [f.name for f in REGISTRY] == list(FORMATS_BY_NAME)
    assert len({f.name for f in REGISTRY}) == len(REGISTRY)


def test_the_commands_offer_the_registered_formats() -> None:
    """compare and batch take their --format choices from the registry, and only those."""
    assert ARTICLE_FORMATS == FORMATS == ("text", "markdown", "html", "json")
    assert BATCH_FORMATS == ("jsonl", "markdown", "html", "wxr")
    for command, expected in (("compare", ARTICLE_FORMATS), ("batch", BATCH_FORMATS)):
        params = cli.cli.commands[command].params
        choice = next(p for p in params if p.name in ("fmt", "formats"))
        assert tuple(choice.type.choices) == expected  # type: ignore[attr-defined]


def test_batch_writes_each_format_where_the_registry_says() -> None:
    """The registry's output paths are batch's folders, suffixes and file names."""
    for name in BATCH_FORMATS:
        fmt = by_batch_name(name)
        assert fmt.output is not None
        if fmt.per_article:
            folder, suffix = outfolder.PER_ARTICLE[name]
            assert fmt.output == f"{folder}/{{slug}}{suffix}"
        else:
            assert fmt.output == outfolder.SINGLE_FILE[name]
    with pytest.raises(KeyError):
        by_batch_name("hugo")


def test_render_refuses_an_unknown_format() -> None:
    """An unknown format name is a ValueError that lists the registered ones."""
    with pytest.raises(ValueError, match="unknown format 'pdf'; choose from text, markdown"):
        render(_article("x"), "pdf")


def test_compare_loads_only_the_format_it_writes() -> None:
    """Rendering text imports neither the other writers nor their libraries."""
    code = (
        "import sys; from narrator.article import Article, Sentence; "
        "from narrator.render import render; "
        "render(Article(Sentence('A', 't', ()), 'a', ()), 'text'); "
        "print(sorted(m for m in sys.modules if m.startswith('narrator.formats.') "
        "or m in ('orjson', 'email.utils')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "['narrator.formats.text']\n"


# --- JSON and JSON lines ------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_json_writes_what_json_dumps_writes(text: str) -> None:
    """Both JSON writers give json.dumps's bytes for any text; a record stays one line."""
    article = _article(text)
    data = article.to_dict()
    assert render(article, "json") == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    record = jsonl_record(article)
    assert record.splitlines() == [record]
    assert json.loads(record) == data
    for char in "\u0085\u2028\u2029":
        assert char not in record


def test_json_metadata_is_the_typed_metadata() -> None:
    """The metadata's JSON lists every field of the typed metadata, in order."""
    data = json.loads(render(_article("T"), "json"))["metadata"]
    assert data == {
        "generator": "T",
        "locale": "T",
        "occupations": [
            {
                "title": "T",
                "slug": "T",
                "soc_code": "11-1011",
                "source": {"name": "T", "release": "T", "url": None},
                "sources": [],
            },
            {"title": "B", "slug": "b", "soc_code": None, "source": None, "sources": []},
        ],
        "review": [{"profile": "T", "field": "top_skills", "message": "T"}],
    }
    assert list(data) == ["generator", "locale", "occupations", "review"]


def test_odd_structures_write_and_read_back() -> None:
    """No sections, empty blocks, rows of other lengths: JSON and a record read back whole."""
    empty_table = Table("empty", (), ())
    odd_rows = Table(
        "odd",
        ("A", "B", "C"),
        (
            TableRow("none", "f", ()),
            TableRow("one", "f", (Cell("1"),)),
            TableRow("three", "f", (Cell("1"), Cell(None), Cell("3"))),
        ),
    )
    shapes: list[tuple[Section, ...]] = [
        (),
        (Section("empty", None, ()),),
        (Section("empty", Sentence("Heading", "h", ()), (Paragraph(()),)),),
        (Section("t", None, (empty_table, empty_table, odd_rows)),),
    ]
    for sections in shapes:
        article = Article(Sentence("A vs B", "t", ()), "a-vs-b", sections)
        assert json.loads(render(article, "json")) == article.to_dict()
        assert json.loads(jsonl_record(article)) == article.to_dict()


# --- Hugo's YAML front matter -------------------------------------------------------------------


def _front_matter(page: str) -> Any:
    assert page.startswith("---\n")
    matter, separator, _ = page[4:].partition("\n---\n")
    assert separator
    return yaml.safe_load(matter)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=hostile_texts,
    slug=hostile_texts,
    occupation=hostile_texts,
    soc_code=st.one_of(st.none(), hostile_texts),
    opening=hostile_texts,
)
def test_yaml_front_matter_reads_back_exactly(
    title: str, slug: str, occupation: str, soc_code: str | None, opening: str
) -> None:
    """PyYAML reads back exactly what was written, whatever the text: strings stay strings."""
    metadata = Metadata(
        "narrator test",
        "en_US",
        (Occupation(occupation, slug, soc_code, None), Occupation("B", "b", "11-1011", None)),
    )
    opening_section = Section("opening", None, (Paragraph((Sentence(opening, "o", ()),)),))
    article = Article(Sentence(title, "t", ()), slug, (opening_section,), metadata)
    first = {"title": occupation, "slug": slug}
    if soc_code is not None:
        first["soc_code"] = soc_code
    assert _front_matter(hugo_page(article, date=DATE)) == {
        "title": title,
        "slug": slug,
        "date": DATE,
        "description": description(article),
        "tags": [occupation, "B"],
        "occupations": [first, {"title": "B", "slug": "b", "soc_code": "11-1011"}],
    }


def test_yaml_strings_written_as_they_are_need_no_escape() -> None:
    """yaml_string writes printable text without a quote or backslash as it is: no character
    str.isprintable() accepts is one YAML needs escaped."""
    from narrator.formats.hugo import _UNSAFE

    needs_escape = [
        hex(code)
        for code in range(0x110000)
        if (char := chr(code)).isprintable() and char not in '"\\' and _UNSAFE.match(char)
    ]
    assert needs_escape == []


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_stays_text_in_every_format(text: str) -> None:
    """The front matter reads back, the XML parses back, and no markup comes alive."""
    article = _article(text)
    matter = _front_matter(hugo_page(article, date=DATE))
    assert matter["slug"] == text and matter["tags"] == [text, "B"]
    assert matter["occupations"][0] == {"title": text, "slug": text, "soc_code": "11-1011"}
    writer = WxrWriter(site_title=text, site_url=SITE, date=DATE)
    document = writer.header() + writer.item(article, 1) + writer.footer()
    channel = ET.fromstring(document)  # well-formed whatever the text
    if "<b>" in text:
        assert "<b>" not in render(article, "html")
        assert "<b>" not in render(article, "markdown")
    # An HTML parser finds the elements and attributes of a plain article, no other, both in
    # the page and in the WXR post's HTML.
    plain = _elements(html_page(_article("x"), full=True))
    assert _elements(html_page(article, full=True)) == plain
    (content,) = channel.iter("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert _elements(content.text or "") == _elements(html_page(_article("x")))


def _elements(document: str) -> list[tuple[str, list[str]]]:
    """Each start tag an HTML parser finds, with its attributes' names."""
    from html.parser import HTMLParser

    found: list[tuple[str, list[str]]] = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found.append((tag, [a for a, _ in attrs]))  # type: ignore[method-assign]
    parser.feed(document)
    parser.close()
    return found


def test_hugo_body_leaves_out_a_title_with_a_line_break() -> None:
    """A title's second line stays in the front matter, never at the top of the body."""
    article = Article(Sentence("A vs B\nsecond line", "t", ()), "a-vs-b", ())
    page = hugo_page(article, date=DATE)
    assert "second line" not in page.split("\n---\n", 1)[1]
    assert _front_matter(page)["title"] == "A vs B\nsecond line"


def test_hugo_page_without_metadata_has_empty_lists() -> None:
    """An article built by hand, without metadata, has no tags and no occupations."""
    page = hugo_page(Article(Sentence("A vs B", "t", ()), "a-vs-b", ()), date=DATE)
    assert page.endswith("tags: []\noccupations: []\n---\n")


def test_json_writes_a_lone_surrogate_as_json_dumps_does() -> None:
    """A lone surrogate (only a profile given as a Python string holds one) is written as is."""
    article = _article("lone \ud800 surrogate")
    data = article.to_dict()
    assert render(article, "json") == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert jsonl_record(article) == json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


# --- Markdown as a CommonMark renderer reads it ------------------------------------------------

# CommonMark with the two GitHub extensions that Hugo's Goldmark also reads: pipe tables and
# strikethrough.
COMMONMARK = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# What would be markup at the start of a line or anywhere in it, and character references.
MARKDOWN_HOSTILE = [
    *["1. x", "1) x", "123456789. x", "1234567890. x", "4.5% more", "3.67", "-10.5%", "-8%"],
    *["- x", "+ x", "* x", "-", "+", "- - -", "---", "***", "___", "=====", "> quote"],
    *["# x", "###### x", "####### x", "#1 job", "Learn C #", "C#", "Learn C \\#", "a ## b ##"],
    *["| a |", "| a | b |\n|---|---|", "<b>", "</p>", "<!-- x -->", "<https://x.example>"],
    *["`x`", "``", "```", "~~~", "~~x~~", "~x~", "*x*", "_x_", "**x**", "__x__"],
    *["[a](b)", "![a](b)", "[a]: https://x.example", "[^1]", "\\", "\\*", "x\\", "\\\\"],
    *["&amp;", "&lt;b&gt;", "&#65;", "&#x41;", "&copy;", "&nosuch;", "R&D", "AT&T;", "& ;"],
    *["    four spaces", "\tx", "  - x", "a  \nb", "x\n===", "x\n---", "x\n\n- y"],
    *["1.\n2.", "line\r\n# x\r- y", "<div>\n\n*x*\n\n</div>"],
    # What Hugo's Goldmark links by itself (its "linkify", on by default).
    *["www.example.com", "WWW.EXAMPLE.COM", "(www.x.example)", "https://x.example/a", "ftp://x"],
    *["me@example.com", "mailto:me@example.com", "xmpp:me@example.com"],
    # What Hugo reads as a shortcode call, before Markdown.
    *["{{< param title >}}", "{{% param title %}}", "{{{< param title >}}}", "{ {< x >}"],
]


def _shown(text: str) -> str:
    """What a renderer shows of ``text``: runs of whitespace as one space, none at either end
    (markdown-it strips any Unicode space there), NUL as U+FFFD."""
    return re.sub(r"[ \t\r\n]+", " ", text.replace("\0", "\ufffd")).strip()


def _inline(token: Token, links: tuple[str, ...] = ()) -> str:
    """The text an inline token shows; AssertionError if any of it became markup (but for a
    link to one of ``links``, the sources the article cites)."""
    children = token.children or []
    for child in children:
        if child.type == "link_open":
            assert child.attrGet("href") in links, f"a link in {token.content!r}"
    kinds = {child.type for child in children} - {"link_open", "link_close"}
    assert kinds <= {"text", "softbreak"}, f"markup in {token.content!r}: {sorted(kinds)}"
    return "".join(child.content if child.type == "text" else " " for child in children)


def _markdown_article(text: str) -> Article:
    """``text`` as a title, a paragraph, a heading, a column, a row label and a cell."""
    table = Table("t", (text, "B"), (TableRow(text, "yearly_salary", (Cell(text), Cell(None))),))
    sections = (
        Section("opening", None, (Paragraph((Sentence(text, "opening", ()),)),)),
        Section("pay", Sentence(text, "heading", ()), (table,)),
    )
    return Article(Sentence(f"A vs {text}", "article.title", ()), "a-vs-b", sections)


def _assert_markdown_shows(text: str) -> None:
    tokens = COMMONMARK.parse(render(_markdown_article(text), "markdown"))
    opened = [t.tag for t in tokens if t.nesting == 1]
    expected = ["h1", "p", "h2", "table", "thead", "tr", "th", "th", "th", "tbody", "tr"]
    assert opened == [*expected, "td", "td", "td"], "a block other than the ones written"
    shown = [_shown(_inline(t)) for t in tokens if t.type == "inline"]
    given = _shown(text)
    assert shown == [_shown(f"A vs {text}"), given, given, "", given, "B", given, given, "—"]


@pytest.mark.parametrize("text", MARKDOWN_HOSTILE + [t for t in HOSTILE if _shown(t)])
def test_markdown_shows_hostile_text_as_written(text: str) -> None:
    """A CommonMark renderer shows every text exactly as given (whitespace aside), in the title,
    a paragraph, a heading and table cells: no list, heading, table, code, link, emphasis,
    HTML or character reference comes alive, and no backslash shows."""
    _assert_markdown_shows(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=12).filter(lambda t: bool(_shown(t))))
def test_markdown_shows_any_text_as_written(text: str) -> None:
    """The same for any text."""
    _assert_markdown_shows(text)


def test_markdown_escapes_only_what_would_be_markup() -> None:
    """A figure is written as it is: a leading digit or minus sign needs no backslash; only an
    ordered list's "." and a bullet's "-" before a space, or a character reference's "&" do."""
    assert [md_inline(t) for t in ("4.5%", "-10.5%", "46.4", "1. x", "- x")] == [
        "4.5%",
        "-10.5%",
        "46.4",
        "1. x",
        "- x",
    ]
    assert [md_escape(t) for t in ("4.5%", "-10.5%", "1. x", "1) x", "- x", "---", "# x")] == [
        "4.5%",
        "-10.5%",
        "1\\. x",
        "1\\) x",
        "\\- x",
        "\\---",
        "\\# x",
    ]
    assert md_escape("R&D &amp; &#65;") == "R&D \\&amp; \\&#65;"


@pytest.mark.parametrize(
    "text", ["&amp;", "&lt;b&gt;", "&#65;", "&#x41;", "&copy;", "R&D", "[gallery]", "[[x]]"]
)
def test_html_shows_character_references_as_typed(text: str) -> None:
    """HTML output shows a character reference in profile text as typed, not as its character,
    and a "[" as a reference, which a browser shows as "[" and WordPress never reads as the
    start of a shortcode."""
    from html.parser import HTMLParser

    shown: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = shown.append  # type: ignore[method-assign]
    page = html_page(_markdown_article(text), full=True)
    assert "[" not in page
    parser.feed(page)
    parser.close()
    title = f"A vs {text}"
    assert [d for d in shown if d.strip()] == [title, title, text, text, text, "B", text, text, "—"]


def test_cited_source_urls_are_links_and_other_urls_are_not() -> None:
    """The source a sentence cites is a link in Markdown and HTML; a URL in profile text is
    not, since only the metadata's sources vouch for a link."""
    from markdown_it import MarkdownIt

    from narrator.catalog import Catalog
    from narrator.compose import compose
    from narrator.render import render

    catalog = Catalog.bundled()
    article = compose(catalog.find("Loan Officers"), catalog.find("Bill and Account Collectors"))
    html_out = MarkdownIt().render(render(article, "markdown"))
    assert '<a href="https://www.bls.gov/oes/">https://www.bls.gov/oes/</a>' in html_out
    assert '<a href="https://www.bls.gov/oes/">' in render(article, "html")
    seed = compose(catalog.find("Loss Mitigation Specialist"), catalog.find("Account Specialist"))
    assert "<a " not in MarkdownIt().render(render(seed, "markdown"))
