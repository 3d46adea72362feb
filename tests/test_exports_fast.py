"""The fast JSON-lines and Hugo writers give exactly what the general ones give.

``jsonl_record`` and ``hugo_page`` write the usual article directly and hand anything else to
the general path (json.dumps of ``to_dict``; ``_yaml_document`` of ``front_matter``). Every test
here compares them with that general path, written out again below: same text, or the same
error with the same message.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narrator import exports
from narrator.article import Article, Cell, Paragraph, Section, Sentence, Table, TableRow
from narrator.catalog import Catalog
from narrator.compose import Composer
from narrator.exports import _yaml_document, front_matter, hugo_page, jsonl_record
from narrator.render import md_escape, render

DATE = "2025-05-01"
LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def reference_jsonl(article: Article) -> str:
    """jsonl_record as it was written before the fast path."""
    text = json.dumps(
        article.to_dict(),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    for char, escape in LINE_BREAKS.items():
        text = text.replace(char, escape)
    return text


def reference_hugo(article: Article, date: str = DATE) -> str:
    """hugo_page as it was written before the fast path: the front matter, then the Markdown
    without its title (which once ended at the title's first line break, leaving the rest of a
    title that had one at the top of the body)."""
    matter = _yaml_document(front_matter(article, date=date))
    markdown = render(article, "markdown")
    body = markdown.removeprefix(f"# {md_escape(article.title.text)}\n")
    body = body.lstrip("\n")
    return f"---\n{matter}---\n" + (f"\n{body}" if body else "")


def test_hugo_body_leaves_out_a_title_with_a_line_break() -> None:
    article = article_with(title=sentence("A vs B\nsecond line"))
    page = hugo_page(article, date=DATE)
    assert "second line" not in page.split("\n---\n", 1)[1]
    assert page == reference_hugo(article)


def outcome(write: Callable[..., str], *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    """What a writer gives: its text, or its error (type, message, and any error it follows)."""
    try:
        return ("text", write(*args, **kwargs))
    except Exception as error:  # the general path's errors are part of what must not change
        return ("error", type(error), str(error), type(error.__context__))


def assert_same_jsonl(article: Article) -> None:
    assert outcome(jsonl_record, article) == outcome(reference_jsonl, article)


def assert_same_hugo(article: Article, date: str = DATE) -> None:
    assert outcome(hugo_page, article, date=date) == outcome(reference_hugo, article, date)


# --- real articles ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled_articles(bundled: Catalog) -> list[Article]:
    """300 pairs of bundled profiles, in the order a batch makes them."""
    profiles = sorted(bundled, key=lambda p: p.slug)
    composer = Composer()
    pairs = itertools.islice(itertools.combinations(profiles, 2), 300)
    return [composer.compose(a, b) for a, b in pairs]


@pytest.fixture(scope="module")
def test_articles(catalog: Catalog) -> list[Article]:
    """Every ordered pair of the seed and edge-case profiles."""
    composer = Composer()
    profiles = sorted(catalog, key=lambda p: p.slug)
    return [composer.compose(a, b) for a, b in itertools.permutations(profiles, 2)]


def test_bundled_articles_take_the_fast_paths_and_match(bundled_articles: list[Article]) -> None:
    for article in bundled_articles:
        expected = reference_jsonl(article)
        assert exports._jsonl_fast(article) == expected  # no fallback for the usual article
        assert jsonl_record(article) == expected
        matter = _yaml_document(front_matter(article, date=DATE))
        assert exports._front_matter_fast(article, DATE) == matter
        assert hugo_page(article, date=DATE) == reference_hugo(article)


def test_seed_and_edge_articles_match(test_articles: list[Article]) -> None:
    for article in test_articles:
        assert_same_jsonl(article)
        assert_same_hugo(article)


def test_soc_codes_in_metadata_match(bundled_articles: list[Article]) -> None:
    for article, code in zip(bundled_articles[:20], itertools.count(1000), strict=False):
        metadata = dict(article.metadata)
        metadata["occupations"] = [
            {**occupation, "soc_code": f"13-{code}"} for occupation in metadata["occupations"]
        ]
        changed = Article(article.title, article.slug, article.sections, metadata)
        assert "soc_code:" in hugo_page(changed, date=DATE)
        assert_same_hugo(changed)
        assert_same_jsonl(changed)


# --- hand-built articles ------------------------------------------------------------------------

ODD_TEXTS = [
    "",
    "plain",
    'quotes "here" and \\ backslashes \\\\',
    "line\u2028separator\u2029paragraph\u0085next line",
    "controls \x00\x01\x07\x08\t\n\x0b\x0c\r\x1b\x1f and DEL \x7f",
    "C1 \x80\x9f, no-break\xa0space, soft\xadhyphen",
    "byte order mark \ufeff, \ufffe \uffff",
    "emoji \U0001f469\u200d\U0001f52c and \U0001d518\U0001d52b\U0001d526 (non-BMP)",
    "lone \ud800 surrogate \udfff",
    "<script>alert('x')</script> & <b>bold</b>",
    "| pipe | table |\n|---|",
    "en dash – em dash — ellipsis … café",
    "- starts like a YAML list item: yes",
    "---",
    "x" * 600,
]


def sentence(text: str, fields: tuple[str, ...] = ("a.title",)) -> Sentence:
    return Sentence(text, "test.fragment", fields)


def article_with(
    *,
    text: str = "Some text.",
    title: Sentence | None = None,
    slug: str = "a-vs-b",
    sections: tuple[Section, ...] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Article:
    """A small article with a paragraph and a table; any part can be replaced."""
    if sections is None:
        table = Table(
            "overview",
            ("A", "B"),
            (
                TableRow("Pay", "yearly_salary", (Cell(text), Cell("$1"))),
                TableRow("Jobs", "number_of_jobs", (Cell(None), Cell(text))),
                TableRow("Age", "average_age", (Cell(text), Cell(None))),
                TableRow("None", "nothing", (Cell(None), Cell(None))),
            ),
        )
        sections = (
            Section("opening", None, (Paragraph((sentence(text), sentence("Two.", ()))),)),
            Section("overview", sentence(text), (table,)),
        )
    if metadata is None:
        metadata = {
            "generator": "narrator test",
            "occupations": [
                {"title": "A", "slug": "a", "source": {"name": text, "url": None}},
                {"title": "B", "slug": "b", "soc_code": "11-1011"},
            ],
            "review": [],
        }
    return Article(title or sentence(f"A vs B {text}"), slug, sections, metadata)


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_everywhere(text: str) -> None:
    """Text that JSON or YAML escape (or not), wherever text goes in an article."""
    article = article_with(text=text)
    assert_same_jsonl(article)
    assert_same_hugo(article)
    assert_same_jsonl(article_with(text=text, slug=text))
    assert_same_hugo(article_with(text=text, slug=text))
    metadata = {
        text: text,
        "occupations": [{"title": text, "slug": text, "soc_code": text}, {"title": text}],
    }
    assert_same_jsonl(article_with(metadata=metadata))
    assert_same_hugo(article_with(metadata=metadata))
    assert jsonl_record(article).splitlines() == [jsonl_record(article)]


# Each character JSON or YAML escapes, and those either side of each range they escape.
BOUNDARY_CHARACTERS = [
    *map(chr, range(0x21)),
    *'"\\~',
    *"\x7f\x80\x85\x9f\xa0\u2027\u2028\u2029\u202a\ud7ff\ud800\udfff\ue000",
    *"\ufefe\ufeff\uff00\ufffd\ufffe\uffff\U00010000\U0010ffff",
]


@pytest.mark.parametrize("char", BOUNDARY_CHARACTERS, ids=lambda char: f"U+{ord(char):04X}")
def test_each_special_character_alone(char: str) -> None:
    article = article_with(text=f"a{char}b", slug=char)
    assert_same_jsonl(article)
    assert_same_hugo(article)
    metadata = {char: char, "occupations": [{"title": char, "slug": f"{char}-", "soc_code": char}]}
    assert_same_jsonl(article_with(metadata=metadata))
    assert_same_hugo(article_with(metadata=metadata))


def test_odd_structures() -> None:
    """Empty and unusual shapes: no sections, empty blocks, rows of other lengths."""
    empty_table = Table("empty", (), ())
    shapes = [
        (),
        (Section("empty", None, ()),),
        (Section("empty", sentence("Heading", ()), (Paragraph(()),)),),
        (Section("t", None, (empty_table, empty_table)),),
        (
            Section(
                "rows",
                None,
                (
                    Table(
                        "odd",
                        ("A", "B", "C"),
                        (
                            TableRow("none", "f", ()),
                            TableRow("one", "f", (Cell("1"),)),
                            TableRow("one missing", "f", (Cell(None),)),
                            TableRow("three", "f", (Cell("1"), Cell(None), Cell("3"))),
                            TableRow("two missing", "f", (Cell(None), Cell(None))),
                        ),
                    ),
                ),
            ),
        ),
        (
            Section("a", None, (Paragraph((sentence("x", ()), sentence("y", ("f", "g")))),)),
            Section("b", sentence("B", ("f",)), (Paragraph((sentence("z"),)),)),
        ),
    ]
    for sections in shapes:
        for metadata in ({}, {"occupations": []}, {"occupations": None}):
            article = article_with(sections=sections, metadata=metadata)
            assert_same_jsonl(article)
            assert_same_hugo(article)


def test_lists_may_be_lists_instead_of_tuples() -> None:
    """to_dict writes any sequence as a list; so do the fast writers."""
    table = Table("t", ["A", "B"], [TableRow("r", "f", [Cell("1"), Cell(None)])])  # type: ignore[arg-type]
    paragraph = Paragraph([Sentence("s", "f", ["a.title", "b.title"])])  # type: ignore[arg-type]
    sections = [Section("s", None, [paragraph, table])]  # type: ignore[list-item]
    article = article_with(sections=sections)  # type: ignore[arg-type]
    assert_same_jsonl(article)
    assert_same_hugo(article)


METADATA = [
    {"nested": {"b": [1, {"z": None, "a": True}], "a": {"y": False, "x": []}}, "empty": {}},
    {"tuple": ("a", 1, None), "list": [[], [[]], {}], "int": -(10**20), "zero": 0},
    {"B": 1, "a": 2, "_": 3, "É": 4, "e": 5, "é": 6, "😀": 7, "": 8, "a b": 9},
    {"review": [{"profile": "p", "field": "f", "message": "'quoted' \"twice\""}]},
    {"occupations": [{"title": "A", "slug": "a", "soc_code": ""}, {}, {"slug": "only"}]},
    {"occupations": [{"title": "", "slug": None}, {"title": "B", "slug": "b", "extra": 1.5}]},
    {"deep": json.loads("[" * 60 + "]" * 60)},
    {"deep": json.loads('{"a":' * 60 + "1" + "}" * 60)},
]


@pytest.mark.parametrize("metadata", METADATA)
def test_plain_metadata(metadata: dict[str, Any]) -> None:
    article = article_with(metadata=metadata)
    assert_same_jsonl(article)
    assert_same_hugo(article)


@pytest.mark.parametrize(
    "value", [1.5, -0.0, 1e300, 10**400, float("nan"), float("inf"), float("-inf")]
)
def test_numbers_in_metadata_behave_as_before(value: object) -> None:
    """Floats write as json.dumps writes them; NaN and infinities raise its ValueError."""
    article = article_with(metadata={"value": value, "list": [value]})
    assert_same_jsonl(article)
    if isinstance(value, float) and not math.isfinite(value):
        with pytest.raises(ValueError, match="Out of range float values"):
            jsonl_record(article)


def test_integers_too_long_to_print_behave_as_before() -> None:
    article = article_with(metadata={"big": 10**5000})
    assert_same_jsonl(article)
    with pytest.raises(ValueError):
        jsonl_record(article)


@pytest.mark.parametrize(
    "metadata",
    [
        {1: "int key", "a": 1},
        {1: "only int keys", 2: "two"},
        {True: "bool", None: "none"},
        {True: 1, False: 2},
        {None: 1},
        {1.5: "float key"},
        {"nested": {2: "b", 1: "a"}},
        {("tuple",): "key"},
    ],
)
def test_keys_that_are_not_text_behave_as_before(metadata: dict[Any, Any]) -> None:
    """json.dumps turns some keys into text and refuses mixed ones; that stays so."""
    assert_same_jsonl(article_with(metadata=metadata))


class Text(str):
    """A str subclass that prints itself differently: only its characters may be written."""

    __slots__ = ()

    def __str__(self) -> str:
        return "str() was used"

    def __format__(self, spec: str) -> str:
        return "format() was used"

    def __radd__(self, other: object) -> str:
        return "+ was used"


class LoudSentence(Sentence):
    """A Sentence subclass that writes itself with an extra key."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {**Sentence.to_dict(self), "loud": True}


class Stamp:
    """A value json.dumps cannot write."""


@pytest.mark.parametrize(
    "article",
    [
        article_with(title=LoudSentence("A vs B", "t", ())),
        article_with(sections=(Section("s", LoudSentence("H", "h", ()), ()),)),
        article_with(sections=(Section("s", None, (Paragraph((LoudSentence("x", "f", ()),)),)),)),
        article_with(text=Text('a "quoted" text')),
        article_with(text=Text("plain")),
        article_with(slug=Text("a-vs-b")),
        article_with(metadata={"a": Text("value")}),
        article_with(metadata={Text("key"): 1}),
        article_with(metadata={"a": [Text("item")]}),
        article_with(metadata={"occupations": [{"title": "A", "source": {Text("key"): "v"}}]}),
        article_with(metadata=OrderedDict(b=1, a=2)),
        article_with(metadata={"tags": {"a", "b"}}),
        article_with(metadata={"stamp": Stamp()}),
        article_with(title=Sentence(5, "t", ())),  # type: ignore[arg-type]
        article_with(title=Sentence("t", None, ("a", 1))),  # type: ignore[arg-type]
        article_with(sections=(Section("s", None, (Table("t", ("A",), ()), "text")),)),  # type: ignore[arg-type]
        article_with(sections=(Section(7, "", ()),)),  # type: ignore[arg-type]
        article_with(
            sections=(
                Section("s", None, (Table("t", ("A", 2), (TableRow("r", "f", (Cell(3),)),)),)),
            )  # type: ignore[arg-type]
        ),
    ],
    ids=lambda article: repr(article)[:60],
)
def test_unusual_articles_go_the_general_way(article: Article) -> None:
    """Subclasses, values that are not text, sets, objects: written or refused as before."""
    assert_same_jsonl(article)
    assert_same_hugo(article)


def test_text_subclasses_in_tables_write_their_characters() -> None:
    """A str subclass is written as json.dumps writes it, not as it formats itself."""
    rows = (
        TableRow(Text("label"), Text("field"), (Cell("1"), Cell("2"))),
        TableRow("label", "field", (Cell(Text("1")), Cell(Text("2")))),
        TableRow("label", "field", (Cell(Text("1")), Cell(None))),
        TableRow("label", "field", (Cell(None), Cell(Text("2")))),
        TableRow("label", "field", (Cell(Text("1")), Cell(Text("2")), Cell(Text("3")))),
    )
    for row in rows:
        table = Table(Text("id"), (Text("A"), "B"), (row,))
        article = article_with(sections=(Section("s", None, (table,)),), metadata={})
        assert_same_jsonl(article)
        assert "was used" not in jsonl_record(article)


def test_fields_may_be_any_iterable() -> None:
    """to_dict reads fields with list(); a generator is left for it to read, once."""
    for title in ["A vs B", 'A "quoted" title, which the general path writes']:
        article = article_with(title=Sentence(title, "t", (f for f in ["a", "b"])))  # type: ignore[arg-type]
        assert json.loads(jsonl_record(article))["title"]["fields"] == ["a", "b"]
    for fields in ["ab", {"a": 1, "b": 2}, range(2)]:
        assert_same_jsonl(article_with(title=Sentence("A vs B", "t", fields)))  # type: ignore[arg-type]


def test_circular_metadata_is_refused_as_before() -> None:
    loop: list[Any] = []
    loop.append(loop)
    article = article_with(metadata={"loop": loop})
    assert_same_jsonl(article)
    with pytest.raises(ValueError, match="Circular reference"):
        jsonl_record(article)


# --- Hugo only ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "occupations",
    [
        None,
        [],
        (),
        "",
        0,
        "not a list",
        [{"title": "A", "slug": "a"}, "not a mapping", None],
        ({"title": "A", "slug": "a"}, {"title": "B", "slug": "b"}),
        [OrderedDict(title="A", slug="a")],
        [{"title": 5, "slug": b"bytes", "soc_code": None}],
        [{"title": Text("A"), "slug": "a"}],
        [{}, {"soc_code": "11-1011"}],
    ],
)
def test_unusual_occupations(occupations: object) -> None:
    article = article_with(metadata={"occupations": occupations})
    assert_same_hugo(article)
    assert_same_jsonl(article)


@pytest.mark.parametrize(
    "date",
    [
        DATE,
        "2025-05-01T09:30:00",
        "2025-05-01T09:30:00+02:00",
        "2025-13-01",
        "May 1, 2025",
        "",
        'quote"d',
        Text(DATE),
        None,
        20250501,
    ],
)
def test_dates_are_checked_as_before(date: Any) -> None:
    article = article_with()
    for _ in range(2):  # the second time, a good date is remembered
        assert_same_hugo(article, date)


def test_unusual_articles_for_front_matter() -> None:
    for article in [
        article_with(title=Sentence(None, "t", ())),  # type: ignore[arg-type]
        article_with(title=LoudSentence("A vs B", "t", ())),
        article_with(slug=7),  # type: ignore[arg-type]
        Article(sentence("A vs B"), "a-vs-b", (), OrderedDict(occupations=[{"title": "A"}])),
    ]:
        assert_same_hugo(article)


def test_remembered_text_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "_REMEMBERED", 3)
    for number in range(10):
        article = article_with(metadata={"occupations": [{"title": f"T{number}", "slug": "s"}]})
        assert_same_hugo(article)
        assert len(exports._YAML_QUOTED) <= 3


# --- properties ---------------------------------------------------------------------------------

# Text JSON and YAML write as it is, so that the fast writers have to write most articles...
plain_texts = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x3000, exclude_characters='"\\'),
    max_size=30,
)
# ...and text they hand to the general path, or quote with escapes.
odd_texts = st.one_of(
    st.sampled_from(ODD_TEXTS),
    st.text(max_size=30),
    st.text(alphabet=st.characters(categories=["Cc", "Cs", "Zl", "Zp", "Po"]), max_size=10),
)


def article_strategy(texts: st.SearchStrategy[str], numbers: st.SearchStrategy[Any]) -> Any:
    """Articles of any shape, their text drawn from ``texts``, with numbers in the metadata."""
    maybe_texts = st.one_of(st.none(), texts)
    sentences = st.builds(Sentence, texts, texts, st.lists(texts, max_size=4).map(tuple))
    cells = st.lists(st.builds(Cell, maybe_texts), max_size=3).map(tuple)
    rows = st.builds(TableRow, texts, texts, cells)
    tables = st.builds(
        Table, texts, st.lists(texts, max_size=3).map(tuple), st.lists(rows, max_size=4).map(tuple)
    )
    paragraphs = st.builds(Paragraph, st.lists(sentences, max_size=3).map(tuple))
    blocks = st.lists(st.one_of(paragraphs, tables), max_size=3).map(tuple)
    sections = st.builds(Section, texts, st.one_of(st.none(), sentences), blocks)
    values = st.recursive(
        st.one_of(st.none(), st.booleans(), numbers, texts),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.lists(inner, max_size=3).map(tuple),
            st.dictionaries(texts, inner, max_size=3),
        ),
        max_leaves=12,
    )
    occupation = st.fixed_dictionaries(
        {},
        optional={
            "title": maybe_texts,
            "slug": maybe_texts,
            "soc_code": maybe_texts,
            "source": values,
        },
    )
    metadata = st.fixed_dictionaries(
        {},
        optional={
            "occupations": st.one_of(st.none(), st.lists(occupation, max_size=3)),
            "generator": texts,
            "review": st.lists(st.dictionaries(texts, texts, max_size=3), max_size=2),
            "extra": values,
        },
    )
    return st.builds(Article, sentences, texts, st.lists(sections, max_size=3).map(tuple), metadata)


articles = st.one_of(
    article_strategy(plain_texts, st.integers()),
    article_strategy(st.one_of(plain_texts, odd_texts), st.one_of(st.integers(), st.floats())),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles)
def test_any_article_writes_as_before(article: Article) -> None:
    assert_same_jsonl(article)
    assert_same_hugo(article)
