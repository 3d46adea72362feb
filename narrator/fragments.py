"""Load the phrasebook: the article outline, table layouts and sentence fragments.

The phrasebook is a folder of TOML files that an editor can change without touching Python:

``outline.toml``
    The sections in order: each section's heading slot, its paragraphs (lists of slots) and its
    table, plus ``[terms]``, the words used for metric names in running text.
``tables.toml``
    Each table's rows: a label, the profile field, and a Jinja2 cell template.
any other ``*.toml``
    ``[[fragment]]`` entries. A fragment has an ``id``, the ``slot`` it fills, an optional
    ``when`` condition (a Jinja2 expression), an optional ``priority`` and ``text``: one
    phrasing or a list of alternatives.

Templates are compiled once, in a sandbox with strict undefined values, so a fragment can
neither reach Python internals nor print a blank for a missing metric.
"""

from __future__ import annotations

import re
import tomllib
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .errors import PhrasebookError

Condition = Callable[..., Any]


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
    """One table row: a label, the profile field it shows, and how a cell is written."""

    label: str
    field: str
    cell: str


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
    by_slot: dict[str, tuple[Fragment, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        slots: dict[str, list[Fragment]] = {}
        for fragment in self.fragments:
            slots.setdefault(fragment.slot, []).append(fragment)
        self.by_slot = {slot: tuple(items) for slot, items in slots.items()}


def bundled_phrasebook_dir() -> Path:
    """The folder of the phrasebook that ships with narrator."""
    from phrasebook import DATA_DIR

    return DATA_DIR


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
        return tomllib.loads(text), text
    except OSError as exc:
        raise PhrasebookError(f"cannot read file: {exc.strerror}", file=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PhrasebookError(f"not valid TOML: {exc}", file=str(path)) from exc


def _line_of(text: str, fragment_id: str) -> int | None:
    match = re.search(rf'^[ \t]*id[ \t]*=\s*["\']{re.escape(fragment_id)}["\']', text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _text(value: Any, what: str, file: str, fragment: str | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PhrasebookError(f"{what} must be non-empty text", file=file, fragment=fragment)
    return value


def load_phrasebook(root: str | Path | None = None) -> Phrasebook:
    """Read and check a phrasebook folder (the bundled one by default).

    Raises PhrasebookError naming the file, fragment and line of the first problem.
    """
    folder = Path(root) if root is not None else bundled_phrasebook_dir()
    if not folder.is_dir():
        raise PhrasebookError("phrasebook folder not found", file=str(folder))
    outline_path = folder / "outline.toml"
    tables_path = folder / "tables.toml"
    outline, _ = _read_toml(outline_path)
    tables_data, _ = _read_toml(tables_path)

    fragments: list[Fragment] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        if path in (outline_path, tables_path):
            continue
        data, text = _read_toml(path)
        for raw in data.get("fragment", []):
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
    sections = tuple(_section(raw, str(outline_path)) for raw in outline.get("section", []))
    title_slot = _text(outline.get("title"), "outline 'title' slot", str(outline_path))
    terms_raw = outline.get("terms", {})
    terms = {str(k): _text(v, f"term {k!r}", str(outline_path)) for k, v in terms_raw.items()}
    groups = _groups(outline.get("groups", {}), str(outline_path))
    book = Phrasebook(title_slot, sections, tables, tuple(fragments), terms, groups, str(folder))
    _check_references(book, str(outline_path))
    return book


def _fragment(raw: Any, file: str, text: str) -> Fragment:
    if not isinstance(raw, dict):
        raise PhrasebookError("each [[fragment]] must be a table", file=file)
    fragment_id = _text(raw.get("id"), "'id'", file)
    line = _line_of(text, fragment_id)
    unknown = set(raw) - {"id", "slot", "when", "priority", "text"}
    if unknown:
        raise PhrasebookError(
            f"unknown key {sorted(unknown)[0]!r}; keys are id, slot, when, priority, text",
            file=file,
            fragment=fragment_id,
            line=line,
        )
    slot = _text(raw.get("slot"), "'slot'", file, fragment_id)
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
    for raw in data.get("table", []):
        table_id = _text(raw.get("id"), "table 'id'", file)
        rows = []
        for row in raw.get("row", []):
            rows.append(
                Row(
                    label=_text(row.get("label"), f"row 'label' in table {table_id}", file),
                    field=_text(row.get("field"), f"row 'field' in table {table_id}", file),
                    cell=_text(row.get("cell"), f"row 'cell' in table {table_id}", file),
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


def _section(raw: Any, file: str) -> SectionSpec:
    section_id = _text(raw.get("id"), "section 'id'", file)
    paragraphs = raw.get("paragraphs", [])
    if not isinstance(paragraphs, list) or not all(
        isinstance(p, list) and all(isinstance(s, str) for s in p) for p in paragraphs
    ):
        raise PhrasebookError(
            f"section {section_id}: 'paragraphs' must be a list of lists of slot names", file=file
        )
    return SectionSpec(
        section_id, raw.get("heading"), tuple(tuple(p) for p in paragraphs), raw.get("table")
    )


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


# --- compiling ----------------------------------------------------------------------------------


def _finalize(value: Any) -> Any:
    # A missing metric must never print as "None"; the fragment's condition should have
    # excluded it, so this is a phrasebook bug worth failing loudly on.
    if value is None:
        raise jinja2.UndefinedError("a missing value (None) reached the output")
    return value


_METHODS = (types.MethodType, types.BuiltinMethodType)


class Sandbox(SandboxedEnvironment):
    """Jinja2's sandbox, with a shorter way through attribute reads of narrator's own data.

    For an object of one of ``plain_types`` (types whose public attributes are plain data, such
    as the views a Composer hands to templates), the sandbox's checks come down to "the name
    does not start with an underscore and the value is not a method": such reads return the
    value at once. Everything else, and every read that fails, takes the sandbox's own path.
    """

    plain_types: frozenset[type] = frozenset()

    def getattr(self, obj: Any, attribute: str) -> Any:
        if obj.__class__ in self.plain_types and not attribute.startswith("_"):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not isinstance(value, _METHODS):
                    return value
        return super().getattr(obj, attribute)


def make_environment(
    filters: Mapping[str, Callable[..., Any]], plain_types: Iterable[type] = ()
) -> Sandbox:
    """The sandboxed, strict Jinja2 environment fragments are compiled in."""
    env = Sandbox(
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # output is plain text; each renderer escapes for its own format
        finalize=_finalize,
        keep_trailing_newline=False,
    )
    env.filters.update(filters)
    env.plain_types = frozenset(plain_types)
    return env


@dataclass(frozen=True, slots=True)
class CompiledFragment:
    """A fragment with its condition and phrasings compiled."""

    fragment: Fragment
    condition: Condition | None
    templates: tuple[jinja2.Template, ...]


def compile_fragment(env: SandboxedEnvironment, fragment: Fragment) -> CompiledFragment:
    """Compile a fragment's condition and phrasings, or raise PhrasebookError naming it."""
    try:
        condition = env.compile_expression(fragment.when) if fragment.when else None
        templates = tuple(env.from_string(text) for text in fragment.texts)
    except jinja2.TemplateSyntaxError as exc:
        line = (fragment.line or 0) + (exc.lineno or 1) - 1 if fragment.line else None
        raise PhrasebookError(
            f"template syntax error: {exc.message}",
            file=fragment.file,
            fragment=fragment.id,
            line=line,
        ) from exc
    return CompiledFragment(fragment, condition, templates)


def compile_cells(env: SandboxedEnvironment, table: TableSpec) -> tuple[jinja2.Template, ...]:
    """Compile a table's cell templates."""
    try:
        return tuple(env.from_string(row.cell) for row in table.rows)
    except jinja2.TemplateSyntaxError as exc:
        raise PhrasebookError(
            f"table {table.id}: template syntax error: {exc.message}", file=table.file
        ) from exc


def all_slots(book: Phrasebook) -> Sequence[str]:
    """Every slot the outline names, in article order."""
    slots = [book.title_slot]
    for section in book.sections:
        if section.heading:
            slots.append(section.heading)
        slots.extend(slot for paragraph in section.paragraphs for slot in paragraph)
    return slots
