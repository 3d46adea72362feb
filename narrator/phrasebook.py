"""Read the phrasebook: the article outline, table layouts and sentence fragments, checked.

The phrasebook is a folder of TOML files that an editor can change without touching Python:

``outline.toml``
    The sections in order: each section's heading slot, its paragraphs (lists of slots) and its
    table, plus ``[terms]``, the words used for metric names in running text, and ``[groups]``,
    named lists of metrics, and ``language``, the language the prose is written in ("en" when
    left out): ``--locale`` must be a locale of it.
``tables.toml``
    Each table's rows: a label, the profile field, and a Jinja2 cell template.
any other ``*.toml``
    ``[[fragment]]`` entries. A fragment has an ``id``, the ``slot`` it fills, an optional
    ``when`` condition (a Jinja2 expression), an optional ``priority`` and ``text``: one
    phrasing or a list of alternatives.

This module only reads and checks; :mod:`narrator.plan` compiles what it reads.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import cache_file, file_stamps, read_pickle, write_cache_file
from .errors import PhrasebookError


@dataclass(frozen=True, slots=True)
class Fragment:
    """One rule of the phrasebook: when ``when`` holds, ``slot`` may be written as ``texts``."""

    id: str
    slot: str
    when: str | None
    priority: int
    texts: tuple[str, ...]
    file: str
    line: int | None


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: a label, the profile field it shows, and how a cell is written.

    ``oews_label``, when given, is the label where both sides' figures are OEWS's, whose terms
    it may name ("Yearly pay, middle 80% of workers": OEWS's range is the 10th to the 90th
    percentile; another source's range is only a range).
    """

    label: str
    field: str
    cell: str
    oews_label: str | None = None


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table's layout: its id and rows, in order."""

    id: str
    rows: tuple[Row, ...]
    file: str


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """A section of the outline: heading slot, paragraphs of slots, an optional table."""

    id: str
    heading: str | None
    paragraphs: tuple[tuple[str, ...], ...]
    table: str | None


@dataclass(slots=True)
class Phrasebook:
    """Everything read from a phrasebook folder, validated, not yet compiled."""

    title_slot: str
    sections: tuple[SectionSpec, ...]
    tables: dict[str, TableSpec]
    fragments: tuple[Fragment, ...]
    terms: dict[str, str]
    groups: dict[str, tuple[str, ...]]
    root: str
    language: str = "en"  # the prose's language: numbers are written in a locale of it
    by_slot: dict[str, tuple[Fragment, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        slots: dict[str, list[Fragment]] = {}
        for fragment in self.fragments:
            slots.setdefault(fragment.slot, []).append(fragment)
        self.by_slot = {slot: tuple(items) for slot, items in slots.items()}


def bundled_phrasebook_dir() -> Path:
    """The folder of the phrasebook that ships with narrator."""
    from .bundled import PHRASEBOOK_DIR as DATA_DIR

    return DATA_DIR


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    import tomllib  # a warm run reads the phrasebook from the cache, without parsing TOML

    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except OSError as exc:
        raise PhrasebookError(f"cannot read file: {exc.strerror}", file=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PhrasebookError(f"not valid TOML: {exc}", file=str(path)) from exc


# The start of an ``id = "..."`` line, up to the opening quote. Fragment ids are found after
# these (rather than by a pattern per id, which costs a compile each).
_ID_KEY = re.compile(r'^[ \t]*id[ \t]*=\s*["\']', re.MULTILINE)


def _line_of(text: str, fragment_id: str) -> int | None:
    """The line of the first ``id = "fragment_id"`` in ``text`` (either quote, either side)."""
    end = len(fragment_id)
    for match in _ID_KEY.finditer(text):
        start = match.end()
        if text.startswith(fragment_id, start) and text[start + end : start + end + 1] in (
            '"',
            "'",
        ):
            return text.count("\n", 0, match.start()) + 1
    return None


def _text(value: Any, what: str, file: str, fragment: str | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PhrasebookError(f"{what} must be non-empty text", file=file, fragment=fragment)
    return value


def _name(value: Any, what: str, file: str, fragment: str | None = None) -> str:
    """An id, slot, label or key: non-empty text on one line, without control characters."""
    text = _text(value, what, file, fragment)
    if not text.isprintable() or len(text) > _NAME_LIMIT:
        raise PhrasebookError(
            f"{what} must be one line of printable text of at most {_NAME_LIMIT} characters,"
            f" not {text[:_NAME_LIMIT]!r}",
            file=file,
        )
    return text


_NAME_LIMIT = 200


def _table(value: Any, what: str, file: str) -> dict[str, Any]:
    """A TOML table (``[name]``), or an error naming what should have been one."""
    if not isinstance(value, dict):
        raise PhrasebookError(f"{what} must be a table, not {_kind(value)}", file=file)
    return value


def _tables_array(value: Any, what: str, file: str) -> list[dict[str, Any]]:
    """An array of TOML tables (``[[name]]``), or an error naming what should have been one."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise PhrasebookError(
            f"{what} must be an array of tables ([[...]]), not {_kind(value)}", file=file
        )
    return value


def _kind(value: Any) -> str:
    kinds = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list"}
    return kinds.get(type(value), "a table" if isinstance(value, dict) else type(value).__name__)


def load_phrasebook(root: str | Path | None = None) -> Phrasebook:
    """Read and check a phrasebook folder (the bundled one by default).

    A phrasebook read before is taken from the cache folder (see narrator.cache), keyed by
    every file's path, size and modification time, so any edit reads the files again.
    Raises PhrasebookError naming the file, fragment and line of the first problem.
    """
    folder = Path(root) if root is not None else bundled_phrasebook_dir()
    if not folder.is_dir():
        raise PhrasebookError("phrasebook folder not found", file=str(folder))
    files = sorted(folder.glob("*.toml"))
    for path in files:
        if not path.name.isprintable():
            raise PhrasebookError(f"a file name must be one line: {path.name!r}", file=str(folder))
    cache = cache_file("phrasebook", ".pickle", file_stamps([__file__, *files]))
    book = read_pickle(cache)
    if isinstance(book, Phrasebook) and book.root == str(folder):
        return book
    book = _read_phrasebook(folder, files)
    if cache is not None:
        write_cache_file(cache, pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL), keep=8)
    return book


def _read_phrasebook(folder: Path, files: list[Path]) -> Phrasebook:
    outline_path = folder / "outline.toml"
    tables_path = folder / "tables.toml"
    outline, _ = _read_toml(outline_path)
    tables_data, _ = _read_toml(tables_path)

    fragments: list[Fragment] = []
    seen: dict[str, str] = {}
    for path in files:
        if path in (outline_path, tables_path):
            continue
        data, text = _read_toml(path)
        for raw in _tables_array(data.get("fragment", []), "'fragment'", str(path)):
            fragment = _fragment(raw, str(path), text)
            if fragment.id in seen:
                raise PhrasebookError(
                    f"id is also used in {seen[fragment.id]}",
                    file=str(path),
                    fragment=fragment.id,
                    line=fragment.line,
                )
            seen[fragment.id] = str(path)
            fragments.append(fragment)

    tables = {spec.id: spec for spec in _tables(tables_data, str(tables_path))}
    outline_file = str(outline_path)
    raw_sections = _tables_array(outline.get("section", []), "'section'", outline_file)
    sections = tuple(_section(raw, outline_file) for raw in raw_sections)
    title_slot = _name(outline.get("title"), "outline 'title' slot", outline_file)
    terms_raw = _table(outline.get("terms", {}), "[terms]", outline_file)
    terms = {
        _name(k, "a term's name", outline_file): _name(v, f"term {k!r}", outline_file)
        for k, v in terms_raw.items()
    }
    groups = _groups(_table(outline.get("groups", {}), "[groups]", outline_file), outline_file)
    language = _language(outline.get("language", "en"), outline_file)
    book = Phrasebook(
        title_slot, sections, tables, tuple(fragments), terms, groups, str(folder), language
    )
    _check_references(book, str(outline_path))
    return book


def _language(value: Any, file: str) -> str:
    """The outline's ``language``: a lower-case ISO 639 code such as "en"."""
    if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}", value):
        raise PhrasebookError(
            f"outline 'language' must be a language code such as \"en\", not {value!r}",
            file=file,
        )
    return value


def _fragment(raw: Any, file: str, text: str) -> Fragment:
    if not isinstance(raw, dict):
        raise PhrasebookError("each [[fragment]] must be a table", file=file)
    fragment_id = _name(raw.get("id"), "'id'", file)
    line = _line_of(text, fragment_id)
    unknown = set(raw) - {"id", "slot", "when", "priority", "text"}
    if unknown:
        raise PhrasebookError(
            f"unknown key {sorted(unknown)[0]!r}; keys are id, slot, when, priority, text",
            file=file,
            fragment=fragment_id,
            line=line,
        )
    slot = _name(raw.get("slot"), "'slot'", file, fragment_id)
    when = raw.get("when")
    if when is not None:
        when = _text(when, "'when'", file, fragment_id)
    priority = raw.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise PhrasebookError("'priority' must be a whole number", file=file, fragment=fragment_id)
    texts = raw.get("text")
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not texts:
        raise PhrasebookError(
            "'text' must be a phrasing or a list of phrasings",
            file=file,
            fragment=fragment_id,
            line=line,
        )
    phrasings = tuple(_text(t, "each phrasing", file, fragment_id) for t in texts)
    return Fragment(fragment_id, slot, when, priority, phrasings, file, line)


def _tables(data: Mapping[str, Any], file: str) -> list[TableSpec]:
    specs = []
    for raw in _tables_array(data.get("table", []), "'table'", file):
        table_id = _name(raw.get("id"), "table 'id'", file)
        rows = []
        for row in _tables_array(raw.get("row", []), f"the rows of table {table_id}", file):
            rows.append(
                Row(
                    label=_name(row.get("label"), f"row 'label' in table {table_id}", file),
                    field=_name(row.get("field"), f"row 'field' in table {table_id}", file),
                    cell=_text(row.get("cell"), f"row 'cell' in table {table_id}", file),
                    oews_label=None
                    if row.get("oews_label") is None
                    else _name(
                        row.get("oews_label"), f"row 'oews_label' in table {table_id}", file
                    ),
                )
            )
        if not rows:
            raise PhrasebookError(f"table {table_id} has no rows", file=file)
        specs.append(TableSpec(table_id, tuple(rows), file))
    return specs


def _groups(raw: Any, file: str) -> dict[str, tuple[str, ...]]:
    from .facts import DERIVED_METRICS, NUMERIC_METRICS

    metrics = set(NUMERIC_METRICS) | set(DERIVED_METRICS)
    groups = {}
    for name, members in raw.items():
        _name(name, "a group's name", file)
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise PhrasebookError(f"group {name!r} must be a list of metric names", file=file)
        unknown = [m for m in members if m not in metrics]
        if unknown:
            raise PhrasebookError(
                f"group {name!r} names unknown metric {unknown[0]!r}; "
                f"metrics are {', '.join(sorted(metrics))}",
                file=file,
            )
        groups[name] = tuple(members)
    return groups


def _section(raw: dict[str, Any], file: str) -> SectionSpec:
    section_id = _name(raw.get("id"), "section 'id'", file)
    heading = raw.get("heading")
    if heading is not None:
        heading = _name(heading, f"section {section_id}: 'heading'", file)
    table = raw.get("table")
    if table is not None:
        table = _name(table, f"section {section_id}: 'table'", file)
    paragraphs = raw.get("paragraphs", [])
    if not isinstance(paragraphs, list) or not all(
        isinstance(p, list) and all(isinstance(s, str) for s in p) for p in paragraphs
    ):
        raise PhrasebookError(
            f"section {section_id}: 'paragraphs' must be a list of lists of slot names", file=file
        )
    for paragraph in paragraphs:
        for slot in paragraph:
            _name(slot, f"section {section_id}: a slot name", file)
    return SectionSpec(section_id, heading, tuple(tuple(p) for p in paragraphs), table)


def _check_references(book: Phrasebook, outline_file: str) -> None:
    from .profile import FIELD_NAMES

    slots = {book.title_slot}
    for section in book.sections:
        if section.heading:
            slots.add(section.heading)
        slots.update(slot for paragraph in section.paragraphs for slot in paragraph)
        if section.table and section.table not in book.tables:
            raise PhrasebookError(
                f"section {section.id} names table {section.table!r}, which tables.toml lacks",
                file=outline_file,
            )
    for fragment in book.fragments:
        if fragment.slot not in slots:
            raise PhrasebookError(
                f"slot {fragment.slot!r} is not in the outline",
                file=fragment.file,
                fragment=fragment.id,
                line=fragment.line,
            )
    for table in book.tables.values():
        for row in table.rows:
            if row.field not in FIELD_NAMES:
                raise PhrasebookError(
                    f"table {table.id}: row {row.label!r} names unknown field {row.field!r}",
                    file=table.file,
                )
