"""Write articles in the formats content systems import: JSONL, Hugo, HTML and WordPress WXR.

Every function here is pure: dates come from the caller, never from the clock, and the same
article always gives the same bytes.

- :func:`jsonl_record`: one article as one line of JSON, provenance and metadata included.
- :func:`hugo_page`: a Hugo content file, YAML front matter and a Markdown body.
- :func:`html_page`: the ``<article>`` fragment, or a whole HTML5 document.
- :class:`WxrWriter`: a WordPress eXtended RSS 1.2 file, written as a stream of strings.

>>> from narrator.catalog import Catalog
>>> from narrator.compose import compose
>>> catalog = Catalog.bundled()
>>> article = compose(catalog.find("Loan Officers"), catalog.find("Bill and Account Collectors"))
>>> print(hugo_page(article, date="2025-05-01").split("\\n\\n")[0])
---
title: "Loan Officers vs Bill and Account Collectors"
slug: "loan-officers-vs-bill-and-account-collectors"
date: "2025-05-01"
description: "Loan officers differ from bill and account collectors in pay and the number of jobs."
tags:
  - "Loan Officers"
  - "Bill and Account Collectors"
occupations:
  - title: "Loan Officers"
    slug: "loan-officers"
    soc_code: "13-2072"
  - title: "Bill and Account Collectors"
    slug: "bill-and-account-collectors"
    soc_code: "43-3011"
---
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, TypeVar
from urllib.parse import quote

from ._version import __version__
from .article import Article, Paragraph, Section, Sentence, Table
from .render import markdown_body, md_escape, render

_DESCRIPTION_LIMIT = 160
"""The most characters a description (front matter, excerpt, meta tag) has, "…" included."""

# --- shared helpers -----------------------------------------------------------------------------


def _when(date: str) -> datetime:
    """An ISO date ("2025-05-01") or date and time as an aware datetime; naive means UTC."""
    if not isinstance(date, str):
        raise TypeError(f"date must be an ISO 8601 string such as '2025-05-01', not {date!r}")
    try:
        when = datetime.fromisoformat(date)
    except ValueError:
        raise ValueError(
            f"date must be an ISO 8601 date such as '2025-05-01', not {date!r}"
        ) from None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _opening_sentence(article: Article) -> str:
    for section in article.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.sentences:
                return block.sentences[0].text
    return article.title.text


def _shorten(text: str, limit: int = _DESCRIPTION_LIMIT) -> str:
    """``text`` on one line, cut at a word boundary with "…" when longer than ``limit``.

    >>> _shorten("Pay for most loan officers runs from $39,430 to $153,180 a year.", 40)
    'Pay for most loan officers runs from…'
    >>> _shorten("short")
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


def _description(article: Article) -> str:
    return _shorten(_opening_sentence(article))


def _occupations(article: Article) -> list[Mapping[str, Any]]:
    occupations = article.metadata.get("occupations") or []
    return [o for o in occupations if isinstance(o, Mapping)]


# --- JSON lines ---------------------------------------------------------------------------------

# Legal inside JSON strings, but line breaks to str.splitlines() and some JSON-lines readers.
_JSON_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def jsonl_record(article: Article) -> str:
    """The whole article (structure, provenance, metadata) as one line of JSON, keys sorted.

    There is no trailing newline; the caller joins records with ``"\\n"``. Text stays readable
    (``ensure_ascii=False``), but every character that any reader could take for a line break
    is escaped, so a record is always exactly one line.

    >>> from narrator.article import Article, Sentence
    >>> jsonl_record(Article(Sentence("Café\\u2028Bar", "t", ()), "cafe-bar", ()))
    '{"metadata":{},"sections":[],"slug":"cafe-bar","title":{"fields":[],"fragment":"t","text":"Café\\\\u2028Bar"}}'
    """
    try:
        return _jsonl_fast(article)
    except Exception:
        # _jsonl_fast only reads the article, so the general path can start again and write
        # the record, or refuse it with the same error, exactly as it always has (outside this
        # block, so that its error is not chained to this one).
        pass
    text = json.dumps(
        article.to_dict(),
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return _escape_line_breaks(text)


def _escape_line_breaks(text: str) -> str:
    """A record's text with the characters of _JSON_LINE_BREAKS escaped."""
    # These characters can only occur inside JSON strings, where the escape means the same.
    for char, escape in _JSON_LINE_BREAKS.items():
        text = text.replace(char, escape)
    return text


# json.dumps(article.to_dict(), sort_keys=True) is general: it builds and sorts a dict for each
# sentence, row and section, and escapes strings character by character. For the article's own
# classes the keys and their order are known, and hardly any text holds a character JSON
# escapes, so _jsonl_fast writes the same text from pieces: the strings as they are, then one
# check that none of them needed an escape. Anything else (a subclass, which may write itself
# differently; a value that is not text; a float; text to escape) raises, for the general path.


class _Unusual(Exception):
    """Something only the general path writes."""


# What json.dumps(ensure_ascii=False) escapes: control characters, '"' and '\'. In UTF-8 no
# other character has any of these bytes.
_JSON_ESCAPED = bytes(range(0x20)) + b'"\\'
_JSON_DEPTH = 40  # deeper metadata, or a loop in it, is left to json.dumps
_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def _jsonl_fast(article: Article) -> str:
    """:func:`jsonl_record` for the usual article; raises for anything else."""
    if article.__class__ is not Article or article.metadata.__class__ is not dict:
        raise _Unusual
    out = ['{"metadata":']  # the record, in pieces
    texts: list[str] = []  # the strings in it, written between quotes as they are
    _jsonl_value(article.metadata, out, texts, 0)
    out.append(',"sections":[')
    comma = ""
    for section in _listed(article.sections):
        if section.__class__ is not Section:
            raise _Unusual
        out.append(comma + '{"blocks":[')
        comma = ""
        for block in _listed(section.blocks):
            if block.__class__ is Paragraph:
                out.append(comma + '{"sentences":[')
                _jsonl_sentences(block.sentences, "", out, texts)
                out.append('],"type":"paragraph"}')
            elif block.__class__ is Table:
                _jsonl_table(block, comma, out, texts)
            else:
                raise _Unusual
            comma = ","
        if section.heading is None:
            out.append('],"heading":null')
        else:
            _jsonl_sentences((section.heading,), '],"heading":', out, texts)
        out += (',"id":"', section.id, '"}')
        texts.append(section.id)
        comma = ","
    out += ('],"slug":"', article.slug, '"')
    texts.append(article.slug)
    _jsonl_sentences((article.title,), ',"title":', out, texts)
    out.append("}")
    strings = "".join(texts)
    plain = strings.encode("utf-8", "surrogatepass")
    if len(plain.translate(None, _JSON_ESCAPED)) != len(plain):
        raise _Unusual
    if any(char in strings for char in _JSON_LINE_BREAKS):  # rare: look for them only here
        return _escape_line_breaks("".join(out))
    return "".join(out)


def _listed(values: Any) -> Any:
    """``values`` if it is a tuple or a list, which json.dumps writes as a list."""
    if values.__class__ is not tuple and values.__class__ is not list:
        raise _Unusual
    return values


def _jsonl_sentences(sentences: Any, before: str, out: list[str], texts: list[str]) -> None:
    """Sentences, comma-separated, the first one after ``before``."""
    for sentence in _listed(sentences):
        if sentence.__class__ is not Sentence:
            raise _Unusual
        fields: Any = sentence.fields
        if fields.__class__ is not tuple and fields.__class__ is not list:
            raise _Unusual
        fragment, text = sentence.fragment, sentence.text
        if fields:
            out += (before + '{"fields":["', '","'.join(fields), '"],"fragment":"')
            texts += fields
        else:
            out.append(before + '{"fields":[],"fragment":"')
        out += (fragment, '","text":"', text, '"}')
        texts += (fragment, text)
        before = ","


def _jsonl_table(table: Table, before: str, out: list[str], texts: list[str]) -> None:
    """A table after ``before``."""
    columns = _listed(table.columns)
    if columns:
        out += (before + '{"columns":["', '","'.join(columns), '"],"id":"')
    else:
        out.append(before + '{"columns":[],"id":"')
    out += (table.id, '","rows":[')
    texts += columns
    texts.append(table.id)
    # Table.to_dict reads a row's label, field and cells, and each cell's text, whatever their
    # class; reading the same attributes in the same order gives the same record.
    comma = ""
    for row in _listed(table.rows):
        label, field, cells = row.label, row.field, row.cells
        if cells.__class__ is not tuple and cells.__class__ is not list:
            raise _Unusual
        # Only exact str goes into f-strings, which would format a subclass its own way.
        if len(cells) == 2:  # a cell for each occupation, text or missing: the usual row
            first, second = cells[0].text, cells[1].text
            if first.__class__ is str and second.__class__ is str:
                quoted = f'"{first}","{second}"'
                texts += (first, second)
            elif first.__class__ is str and second is None:
                quoted = f'"{first}",null'
                texts.append(first)
            elif first is None and second.__class__ is str:
                quoted = f'null,"{second}"'
                texts.append(second)
            else:
                quoted = _jsonl_cells((first, second), texts)
        else:
            quoted = _jsonl_cells([cell.text for cell in cells], texts)
        if field.__class__ is not str or label.__class__ is not str:
            raise _Unusual
        out.append(f'{comma}{{"cells":[{quoted}],"field":"{field}","label":"{label}"}}')
        texts += (field, label)
        comma = ","
    out.append('],"type":"table"}')


def _jsonl_cells(values: Sequence[object], texts: list[str]) -> str:
    """A row's cell texts, quoted or null, comma-separated."""
    quoted = []
    for value in values:
        if value.__class__ is str:
            quoted.append(f'"{value}"')
            texts.append(value)
        elif value is None:
            quoted.append("null")
        else:
            raise _Unusual
    return ",".join(quoted)


def _jsonl_value(value: Any, out: list[str], texts: list[str], depth: int) -> None:
    """Plain metadata (text, None, booleans, integers, lists, dicts with text keys) as JSON."""
    kind = value.__class__
    if kind is str:
        out += ('"', value, '"')
        texts.append(value)
    elif value is None or value is True or value is False:
        out.append(_JSON_CONSTANTS[value])
    elif kind is int:
        out.append(int.__repr__(value))
    # Floats are left to json.dumps, which refuses NaN and infinities (allow_nan=False).
    elif depth >= _JSON_DEPTH:
        raise _Unusual
    elif kind is dict:
        comma = "{"
        for key in sorted(value):
            item = value[key]
            if key.__class__ is not str:
                raise _Unusual  # json.dumps turns some keys into text and refuses others
            if item.__class__ is str:  # the usual item, in one piece
                out.append(f'{comma}"{key}":"{item}"')
                texts += (key, item)
            else:
                out.append(f'{comma}"{key}":')
                texts.append(key)
                _jsonl_value(item, out, texts, depth + 1)
            comma = ","
        out.append("}" if value else "{}")
    elif kind is list or kind is tuple:
        comma = "["
        for item in value:
            out.append(comma)
            _jsonl_value(item, out, texts, depth + 1)
            comma = ","
        out.append("]" if value else "[]")
    else:
        raise _Unusual


# --- Hugo ---------------------------------------------------------------------------------------


def front_matter(article: Article, *, date: str) -> dict[str, object]:
    """The page's front matter: title, slug, date, description, tags and the two occupations.

    ``date`` is the publication date as an ISO string, used as given. The description is the
    opening sentence, cut at a word boundary to at most 160 characters.
    Tags are the occupations' display titles; each occupation lists its title, slug and, when
    the article's metadata has one, its SOC code.

    >>> from narrator.catalog import Catalog
    >>> from narrator.compose import compose
    >>> catalog = Catalog.bundled()
    >>> matter = front_matter(compose(catalog.find("Loss Mitigation Specialist"),
    ...                               catalog.find("Account Specialist")), date="2025-05-01")
    >>> matter["tags"]
    ['Loss Mitigation Specialist', 'Account Specialist']
    """
    _when(date)  # refuse a malformed date here rather than in the site generator
    occupations: list[dict[str, object]] = []
    for occupation in _occupations(article):
        entry: dict[str, object] = {}
        for key in ("title", "slug", "soc_code"):
            value = occupation.get(key)
            if isinstance(value, str) and value:
                entry[key] = value
        occupations.append(entry)
    return {
        "title": article.title.text,
        "slug": article.slug,
        "date": date,
        "description": _description(article),
        "tags": [o["title"] for o in occupations if "title" in o],
        "occupations": occupations,
    }


_YAML_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# YAML's printable characters (YAML 1.2, 5.1), less those that some parsers read as line
# breaks (NEL, LS, PS) and the byte order mark; everything else is written as an escape.
_YAML_UNSAFE = re.compile(
    '[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\\\\"]'
)
_YAML_NAMED = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _yaml_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _YAML_NAMED:
        return _YAML_NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that every YAML parser reads back exactly.

    >>> print(_yaml_string('R&D "Lab" \\\\ <Tech>\\n'))
    "R&D \\"Lab\\" \\\\ <Tech>\\n"
    """
    return '"' + _YAML_UNSAFE.sub(_yaml_escape, text) + '"'


def _yaml_scalar(value: object) -> str:
    if isinstance(value, str):
        return _yaml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value is None:
        return "null"
    raise TypeError(f"cannot write {type(value).__name__} values in front matter: {value!r}")


def _yaml_key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"front matter keys must be text, not {key!r}")
    return key if _YAML_KEY.fullmatch(key) else _yaml_string(key)


def _is_sequence(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def _yaml_mapping(mapping: Mapping[Any, object], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for key, value in mapping.items():
        name = _yaml_key(key)
        if isinstance(value, Mapping) and value:
            lines.append(f"{pad}{name}:")
            lines.extend(_yaml_mapping(value, indent + 2))
        elif _is_sequence(value) and value:
            assert isinstance(value, Sequence)
            lines.append(f"{pad}{name}:")
            lines.extend(_yaml_sequence(value, indent + 2))
        else:
            lines.append(f"{pad}{name}: {_yaml_value(value)}")
    return lines


def _yaml_sequence(items: Sequence[object], indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    for item in items:
        if isinstance(item, Mapping) and item:
            nested = _yaml_mapping(item, indent + 2)
        elif _is_sequence(item) and item:
            assert isinstance(item, Sequence)
            nested = _yaml_sequence(item, indent + 2)
        else:
            lines.append(f"{pad}- {_yaml_value(item)}")
            continue
        lines.append(f"{pad}- {nested[0][indent + 2 :]}")
        lines.extend(nested[1:])
    return lines


def _yaml_value(value: object) -> str:
    """A scalar, or an empty mapping or list, on one line."""
    if isinstance(value, Mapping):
        return "{}"
    if _is_sequence(value):
        return "[]"
    return _yaml_scalar(value)


def _yaml_document(mapping: Mapping[str, object]) -> str:
    """Block-style YAML for text, integers, booleans, ``None``, lists and mappings.

    Keys keep their order and every string is double-quoted, so no value is ever read as a
    number, a date or a boolean.

    >>> print(_yaml_document({"tags": ["a", "b"], "draft": False, "meta": {}}), end="")
    tags:
      - "a"
      - "b"
    draft: false
    meta: {}
    """
    return "".join(line + "\n" for line in _yaml_mapping(mapping, 0))


def hugo_page(article: Article, *, date: str) -> str:
    """A Hugo content file: YAML front matter between ``---`` lines, then the Markdown body.

    The body is :func:`narrator.render.render_markdown` without its ``# title`` line, since
    Hugo themes print the title from the front matter. Tables stay pipe tables: Hugo's
    Markdown renderer (Goldmark) reads them, and leaves out raw HTML by default.
    """
    matter = _front_matter_text(article, date)
    if article.title.text.__class__ is not str:
        md_escape(article.title.text)  # refuse a title that is not text, as rendering it does
    body = markdown_body(article).lstrip("\n")
    return f"---\n{matter}---\n\n{body}" if body else f"---\n{matter}---\n"


# front_matter and _yaml_document take any values; for the usual page (text everywhere, the
# occupations a list of dicts) _front_matter_fast writes the same YAML directly. It checks each
# date once, and remembers the quoted titles and slugs of the occupations, which every page
# about them repeats.
_CHECKED_DATES: dict[str, str] = {}  # date: the date quoted
_YAML_QUOTED: dict[str, str] = {}  # text: the text quoted
# (title, slug, SOC code): the occupation's entry and its tag line, as _occupation_yaml writes
_YAML_OCCUPATIONS: dict[tuple[str | None, ...], tuple[str, str]] = {}
_REMEMBERED = 100_000  # at most, in each: a batch has far fewer occupations
_K = TypeVar("_K")
_V = TypeVar("_V")


def _front_matter_text(article: Article, date: str) -> str:
    """The page's front matter as YAML, between (not including) its ``---`` lines."""
    try:
        return _front_matter_fast(article, date)
    except _Unusual:
        pass  # the general path runs outside this block, so that its errors are its own
    return _yaml_document(front_matter(article, date=date))


def _front_matter_fast(article: Article, date: str) -> str:
    """``_yaml_document(front_matter(article, date=date))`` for the usual article."""
    if date.__class__ is not str:
        raise _Unusual
    quoted_date = _CHECKED_DATES.get(date)
    if quoted_date is None:
        _when(date)  # raises for a malformed date, as front_matter does
        quoted_date = _remember(_CHECKED_DATES, date, _yaml_string(date))
    if article.__class__ is not Article or article.metadata.__class__ is not dict:
        raise _Unusual
    occupations = article.metadata.get("occupations")
    if occupations is None:
        occupations = []
    elif occupations.__class__ is not list:
        raise _Unusual
    tags = []
    entries = []
    for occupation in occupations:
        if occupation.__class__ is not dict:
            raise _Unusual
        key = (occupation.get("title"), occupation.get("slug"), occupation.get("soc_code"))
        if not all(value is None or value.__class__ is str for value in key):
            raise _Unusual  # front_matter leaves out values that are not text
        written = _YAML_OCCUPATIONS.get(key)
        if written is None:
            written = _remember(_YAML_OCCUPATIONS, key, _occupation_yaml(*key))
        entry, tag = written
        entries.append(entry)
        if tag:
            tags.append(tag)
    title, slug = article.title.text, article.slug  # front_matter reads no more of them
    if title.__class__ is not str or slug.__class__ is not str:
        raise _Unusual
    return (
        f"title: {_yaml_text(title)}\nslug: {_yaml_text(slug)}\ndate: {quoted_date}\n"
        f"description: {_yaml_text(_description(article))}\n"
        + ("tags:\n" + "".join(tags) if tags else "tags: []\n")
        + ("occupations:\n" + "".join(entries) if entries else "occupations: []\n")
    )


def _occupation_yaml(*values: str | None) -> tuple[str, str]:
    """An occupation's entry in the front matter's list, and its line among the tags ("" for
    none), from its title, slug and SOC code; empty values are left out, as front_matter does.
    """
    lines = []
    tag = ""
    for key, value in zip(("title", "slug", "soc_code"), values, strict=True):
        if value:
            quoted = _YAML_QUOTED.get(value) or _remember(_YAML_QUOTED, value, _yaml_string(value))
            lines.append(f"    {key}: {quoted}\n")
            if key == "title":
                tag = f"  - {quoted}\n"
    return ("  - " + "".join(lines)[4:] if lines else "  - {}\n"), tag


def _remember(memo: dict[_K, _V], key: _K, value: _V) -> _V:
    """``value``, stored in ``memo`` under ``key``; a full memo starts again."""
    if len(memo) >= _REMEMBERED:
        memo.clear()
    memo[key] = value
    return value


def _yaml_text(text: str) -> str:
    """:func:`_yaml_string`, quicker for the usual text: printable ASCII without ``"`` or ``\\``."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return _yaml_string(text)


# --- HTML ---------------------------------------------------------------------------------------


def html_page(article: Article, *, full: bool = False, lang: str = "en") -> str:
    """The article as HTML: the ``<article>`` fragment, or with ``full`` a whole HTML5 page.

    >>> from narrator.article import Article, Sentence
    >>> print(html_page(Article(Sentence("A & B", "t", ()), "a-vs-b", ()), full=True), end="")
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>A &amp; B</title>
    <meta name="description" content="A &amp; B">
    </head>
    <body>
    <article>
    <h1>A &amp; B</h1>
    </article>
    </body>
    </html>
    """
    fragment = render(article, "html")
    if not full:
        return fragment
    if not lang or not re.fullmatch(r"[A-Za-z0-9-]+", lang):
        raise ValueError(f"lang must be a language tag such as 'en' or 'en-US', not {lang!r}")
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(article.title.text, quote=False)}</title>",
        f'<meta name="description" content="{html.escape(_description(article))}">',
        "</head>",
        "<body>",
    ]
    return "\n".join(head) + "\n" + fragment + "</body>\n</html>\n"


# --- WordPress eXtended RSS ---------------------------------------------------------------------

_WXR_NAMESPACES: dict[str, str] = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}

# Characters XML 1.0 cannot carry at all, even as references; they become U+FFFD.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_clean(text: str) -> str:
    # XML parsers turn CR LF and lone CR into LF; doing it here keeps what is written equal to
    # what any importer reads.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub("\ufffd", text)


def _xml_text(text: str) -> str:
    """Escape ``text`` for an XML element.

    >>> _xml_text("R&D <Tech> ]]>")
    'R&amp;D &lt;Tech&gt; ]]&gt;'
    """
    return html.escape(_xml_clean(text), quote=False)


def _xml_attribute(text: str) -> str:
    """Escape ``text`` for a double-quoted XML attribute; tabs and newlines survive.

    >>> _xml_attribute('a "b"\\tc')
    'a &quot;b&quot;&#9;c'
    """
    escaped = html.escape(_xml_clean(text), quote=True)
    return escaped.replace("\t", "&#9;").replace("\n", "&#10;")


def _cdata(text: str) -> str:
    """``text`` in a CDATA section, with any ``]]>`` split across two sections.

    This is how WordPress's own exporter writes it, and its regex-based fallback parser
    joins the sections back together.

    >>> _cdata("a]]>b")
    '<![CDATA[a]]]]><![CDATA[>b]]>'
    """
    return "<![CDATA[" + _xml_clean(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _nicename(slug: str) -> str:
    """A WordPress term slug: as WordPress stores it, non-ASCII bytes percent-encoded.

    >>> _nicename("loan-officers"), _nicename("médecin")
    ('loan-officers', 'm%c3%a9decin')
    """
    return quote(slug.lower(), safe="-_.~").lower()


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
        when = _when(date)
        gmt = when.astimezone(UTC)
        self._post_date = when.strftime("%Y-%m-%d %H:%M:%S")
        self._post_date_gmt = gmt.strftime("%Y-%m-%d %H:%M:%S")
        self._pub_date = format_datetime(gmt)

    def header(self) -> str:
        """The XML declaration, the ``<rss>`` and ``<channel>`` openings and the site details."""
        namespaces = "".join(f'\n\txmlns:{p}="{uri}"' for p, uri in _WXR_NAMESPACES.items())
        author = "".join(
            [
                "<wp:author>",
                "<wp:author_id>1</wp:author_id>",
                f"<wp:author_login>{_cdata(self.AUTHOR)}</wp:author_login>",
                f"<wp:author_email>{_cdata('')}</wp:author_email>",
                f"<wp:author_display_name>{_cdata(self.AUTHOR)}</wp:author_display_name>",
                f"<wp:author_first_name>{_cdata('')}</wp:author_first_name>",
                f"<wp:author_last_name>{_cdata('')}</wp:author_last_name>",
                "</wp:author>",
            ]
        )
        category = "".join(
            [
                "<wp:category>",
                "<wp:term_id>1</wp:term_id>",
                f"<wp:category_nicename>{_cdata(self.CATEGORY_NICENAME)}</wp:category_nicename>",
                f"<wp:category_parent>{_cdata('')}</wp:category_parent>",
                f"<wp:cat_name>{_cdata(self.CATEGORY)}</wp:cat_name>",
                "</wp:category>",
            ]
        )
        url = _xml_text(self.site_url)
        lines = [
            '<?xml version="1.0" encoding="UTF-8" ?>',
            "<!-- A WordPress eXtended RSS (WXR) file: import it with Tools > Import > WordPress."
            " -->",
            f'<rss version="2.0"{namespaces}\n>',
            "<channel>",
            f"<title>{_xml_text(self.site_title)}</title>",
            f"<link>{url}</link>",
            "<description>Career comparisons written by narrator</description>",
            f"<pubDate>{self._pub_date}</pubDate>",
            f"<language>{self.LANGUAGE}</language>",
            "<wp:wxr_version>1.2</wp:wxr_version>",
            f"<wp:base_site_url>{url}</wp:base_site_url>",
            f"<wp:base_blog_url>{url}</wp:base_blog_url>",
            author,
            category,
            f"<generator>{_xml_text(f'narrator {__version__}')}</generator>",
        ]
        return "\n".join(lines) + "\n"

    def item(self, article: Article, post_id: int) -> str:
        """One ``<item>``: a published post with its HTML, excerpt, terms and narrator's meta.

        ``post_id`` is the post's id in the file (a positive integer); WordPress gives the
        post a new id on import but uses this one to connect it with other items.
        """
        if isinstance(post_id, bool) or not isinstance(post_id, int) or post_id < 1:
            raise ValueError(f"post_id must be a positive integer, not {post_id!r}")
        summary = _description(article)
        occupations = _occupations(article)
        terms = [
            f'<category domain="category" nicename="{_xml_attribute(self.CATEGORY_NICENAME)}">'
            f"{_cdata(self.CATEGORY)}</category>"
        ]
        for occupation in occupations:
            title, slug = occupation.get("title"), occupation.get("slug")
            if isinstance(title, str) and title and isinstance(slug, str) and slug:
                terms.append(
                    f'<category domain="post_tag" nicename="{_xml_attribute(_nicename(slug))}">'
                    f"{_cdata(title)}</category>"
                )
        meta = [
            "<wp:postmeta>\n"
            f"<wp:meta_key>{_cdata(key)}</wp:meta_key>\n"
            f"<wp:meta_value>{_cdata(value)}</wp:meta_value>\n"
            "</wp:postmeta>"
            for key, value in self._postmeta(article, occupations)
        ]
        lines = [
            "<item>",
            f"<title>{_cdata(article.title.text)}</title>",
            f"<link>{_xml_text(f'{self.site_url}/{article.slug}/')}</link>",
            f"<pubDate>{self._pub_date}</pubDate>",
            f"<dc:creator>{_cdata(self.AUTHOR)}</dc:creator>",
            f'<guid isPermaLink="false">{_xml_text(f"{self.site_url}/?p={post_id}")}</guid>',
            f"<description>{_xml_text(summary)}</description>",
            f"<content:encoded>{_cdata(render(article, 'html'))}</content:encoded>",
            f"<excerpt:encoded>{_cdata(summary)}</excerpt:encoded>",
            f"<wp:post_id>{post_id}</wp:post_id>",
            f"<wp:post_date>{_cdata(self._post_date)}</wp:post_date>",
            f"<wp:post_date_gmt>{_cdata(self._post_date_gmt)}</wp:post_date_gmt>",
            f"<wp:comment_status>{_cdata('closed')}</wp:comment_status>",
            f"<wp:ping_status>{_cdata('closed')}</wp:ping_status>",
            f"<wp:post_name>{_cdata(article.slug)}</wp:post_name>",
            f"<wp:status>{_cdata('publish')}</wp:status>",
            "<wp:post_parent>0</wp:post_parent>",
            "<wp:menu_order>0</wp:menu_order>",
            f"<wp:post_type>{_cdata('post')}</wp:post_type>",
            f"<wp:post_password>{_cdata('')}</wp:post_password>",
            "<wp:is_sticky>0</wp:is_sticky>",
            *terms,
            *meta,
            "</item>",
        ]
        return "\n".join(lines) + "\n"

    @staticmethod
    def _postmeta(
        article: Article, occupations: Sequence[Mapping[str, Any]]
    ) -> list[tuple[str, str]]:
        meta: list[tuple[str, str]] = []
        for side, occupation in zip("ab", occupations, strict=False):
            for key in ("slug", "soc_code"):
                value = occupation.get(key)
                if isinstance(value, str) and value:
                    meta.append((f"narrator_{key}_{side}", value))
            source = occupation.get("source")
            if isinstance(source, Mapping):
                for key in ("name", "release"):
                    value = source.get(key)
                    if isinstance(value, str) and value:
                        meta.append((f"narrator_source_{key}_{side}", value))
        for key in ("generator", "locale"):
            value = article.metadata.get(key)
            if isinstance(value, str) and value:
                meta.append((f"narrator_{key}", value))
        return meta

    def footer(self) -> str:
        """Close the channel and the document."""
        return "</channel>\n</rss>\n"
