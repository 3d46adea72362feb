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

import pickle
import re
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from .cache import cache_file, file_stamps, read_pickle, write_cache_file
from .compiled import CodeCache, _parse_expression, _result_template
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


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, with a shorter way through reads of narrator's own data.

    ``plain_reads`` maps each of narrator's plain data types (the views a Composer hands to
    templates, comparisons, title forms...) to the attribute names that are its data. Those
    names, and only on those types, are read without the sandbox's per-read check; every other
    read, including any name a phrasebook chooses (a group's name), goes through the sandbox.
    ``plain_calls`` are the functions (methods of those types) called without asking the
    sandbox each time. Both are fixed by narrator's code, never by a phrasebook.
    """

    plain_reads: Mapping[type, frozenset[str]] = {}
    plain_calls: frozenset[Callable[..., Any]] = frozenset()

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` as the sandbox reads it, sooner for narrator's plain data."""
        names = self.plain_reads.get(obj.__class__)
        if names is not None and attribute in names:
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass  # not there for this object: the sandbox's own undefined value
        return super().getattr(obj, attribute)

    def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call one of ``plain_calls`` directly; anything else as the sandbox calls it."""
        if obj.__class__ is types.MethodType and obj.__func__ in self.plain_calls:
            try:
                return obj(*args, **kwargs)
            except StopIteration:
                pass  # the sandbox's own way turns that into an undefined value
        return super().call(context, obj, *args, **kwargs)


@jinja2.pass_context
def _map(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
    """Jinja2's ``map``, with a shorter way for ``names | map('term')`` over a list or tuple.

    Jinja2 looks the filter up again for every item; for one of our plain filters (no
    ``pass_context``-style argument) and a plain sequence, looking it up once gives the same
    items. Everything else is Jinja2's own ``map``.
    """
    if (
        len(args) == 1
        and not kwargs
        and isinstance(args[0], str)
        and value.__class__ in (list, tuple)
    ):
        function = context.environment.filters.get(args[0])
        if function is not None and jinja2.utils._PassArg.from_obj(function) is None:
            return (function(item) for item in value)
    return jinja2.filters.do_map(context, value, *args, **kwargs)


def make_environment(
    filters: Mapping[str, Callable[..., Any]],
    plain_reads: Mapping[type, frozenset[str]] | None = None,
    plain_calls: Iterable[Callable[..., Any]] = (),
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
    env.filters["map"] = _map
    env.filters.update(filters)
    env.plain_reads = dict(plain_reads or {})
    env.plain_calls = frozenset(plain_calls)
    return env


@dataclass(frozen=True, slots=True)
class CompiledFragment:
    """A fragment with its condition and phrasings compiled."""

    fragment: Fragment
    condition: Condition | None
    templates: tuple[jinja2.Template, ...]


def compile_fragment(
    env: SandboxedEnvironment, fragment: Fragment, cache: CodeCache | None = None
) -> CompiledFragment:
    """Compile a fragment's condition and phrasings, or raise PhrasebookError naming it.

    With a ``cache``, code compiled before for the same environment and text is reused.
    """
    cache = cache or CodeCache(env, None)
    try:
        condition = cache.expression(fragment.when) if fragment.when else None
        templates = tuple(cache.template(text) for text in fragment.texts)
    except jinja2.TemplateSyntaxError as exc:
        line = (fragment.line or 0) + (exc.lineno or 1) - 1 if fragment.line else None
        raise PhrasebookError(
            f"template syntax error: {exc.message}",
            file=fragment.file,
            fragment=fragment.id,
            line=line,
        ) from exc
    return CompiledFragment(fragment, condition, templates)


def compile_conditions(
    env: SandboxedEnvironment,
    sources: Sequence[str],
    cache: CodeCache | None = None,
) -> jinja2.Template:
    """One template that evaluates every condition, in order, into a tuple named ``result``.

    Each source is parsed exactly as :meth:`jinja2.Environment.compile_expression` parses a
    condition; the template's only statement is ``result = (condition, condition, ...)``.
    """
    cache = cache or CodeCache(env, None)

    def tree() -> nodes.Template:
        items = [_parse_expression(env, source) for source in sources]
        return _result_template(env, nodes.Tuple(items, "load", lineno=1))

    return cache.tree(("conditions", *sources), tree)


# Filters whose result is not a function of their arguments.
IMPURE_FILTERS = frozenset({"random"})


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a phrasing: a literal, or a template that writes the next stretch of it.

    ``reads`` is the one context variable the piece depends on ("" for none), or None when it
    reads several or may not give the same text twice (a call, an impure filter): a piece that
    reads only ``a`` writes the same text, reading the same fields, for every pair with the
    same ``a``. ``simple`` pieces have no statement that writes to their context, so one
    context may serve many of them.
    """

    text: str  # the literal, when template is None
    template: jinja2.Template | None
    reads: str | None
    simple: bool


def _reads(tree: nodes.Template) -> str | None:
    names = jinja2.meta.find_undeclared_variables(tree)
    impure = any(f.name in IMPURE_FILTERS for f in tree.find_all(nodes.Filter))
    if impure or any(True for _ in tree.find_all(nodes.Call)) or len(names) > 1:
        return None
    return next(iter(names), "")


def expression_reads(env: SandboxedEnvironment, source: str) -> str | None:
    """The one context variable a condition depends on ("" for none), or None (see Part)."""
    return _reads(_result_template(env, _parse_expression(env, source)))


def _simple(tree: nodes.Template) -> bool:
    stmts = tree.find_all(nodes.Stmt)
    return all(isinstance(n, nodes.Output | nodes.If | nodes.For) for n in stmts)


def _tree(env: SandboxedEnvironment, children: list[nodes.Expr]) -> nodes.Template:
    lineno = children[0].lineno
    tree = nodes.Template([nodes.Output(children, lineno=lineno)], lineno=lineno)
    tree.set_environment(env)
    return tree


def split_phrasing(
    env: SandboxedEnvironment,
    source: str,
    template: jinja2.Template,
    cache: CodeCache | None = None,
) -> tuple[Part, ...]:
    """A compiled phrasing as pieces whose texts, joined, are what ``template`` writes.

    A phrasing made only of text and ``{{ expressions }}`` is cut into runs: text with the
    expressions that read only one same variable (``a``), and stretches of the expressions that
    read more; the pieces are compiled from the phrasing's own syntax tree, so each writes
    exactly what the phrasing writes there. A phrasing with statements (``{% if %}``,
    ``{% for %}``...) stays whole, one piece.
    """
    tree = env.parse(source)
    cache = cache or CodeCache(env, None)
    if env.autoescape is not False or not all(isinstance(n, nodes.Output) for n in tree.body):
        return (Part("", template, _reads(tree), _simple(tree)),)

    def compiled(piece: nodes.Template) -> jinja2.Template:
        # A piece is known by its syntax tree (and where it starts), not by how it was cut.
        return cache.tree(("part", repr(piece), str(piece.lineno)), lambda: piece)

    # Runs of children that read the same one variable (text and constant expressions join any
    # run); None marks a run of expressions that depend on more, read afresh each time.
    runs: list[tuple[str | None, list[nodes.Expr]]] = []
    for output in tree.body:
        assert isinstance(output, nodes.Output)
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                scope: str | None = ""
            else:
                scope = _reads(_tree(env, [child]))
            if runs and (scope == "" or runs[-1][0] in ("", scope)):
                if runs[-1][0] == "":
                    runs[-1] = (scope, runs[-1][1])
                runs[-1][1].append(child)
            else:
                runs.append((scope, [child]))
    pieces = []
    for _, children in runs:
        if all(isinstance(child, nodes.TemplateData) for child in children):
            text = "".join(c.data for c in children if isinstance(c, nodes.TemplateData))
            pieces.append(Part(text, None, "", True))
        else:
            piece = _tree(env, children)
            pieces.append(Part("", compiled(piece), _reads(piece), True))
    return tuple(pieces)


def compile_cells(
    env: SandboxedEnvironment, table: TableSpec, cache: CodeCache | None = None
) -> tuple[jinja2.Template, ...]:
    """Compile a table's cell templates."""
    cache = cache or CodeCache(env, None)
    try:
        return tuple(cache.template(row.cell) for row in table.rows)
    except jinja2.TemplateSyntaxError as exc:
        raise PhrasebookError(
            f"table {table.id}: template syntax error: {exc.message}", file=table.file
        ) from exc
