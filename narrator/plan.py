"""Compile a phrasebook into a plan: each slot's fragments, their conditions, phrasings and cells.

A :class:`Plan` is what a Composer runs for every pair:

- every fragment condition of the phrasebook, compiled into three templates by what they read
  (only ``a``, only ``b``, or the pair), so a pair costs one template call for its conditions
  and a profile's one-sided conditions are evaluated once per profile (:class:`Conditions`);
- each phrasing cut into :class:`Part` s: runs of text and expressions that read one same side
  are the same in every pair with that profile on that side, so their text is remembered per
  profile (:func:`split_phrasing`);
- each table's cell templates.

Any error in a condition is reported naming its fragment, file and line.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.environment import TemplateExpression
from jinja2.runtime import Context

from ._jinja import assigned, parse_expression, result_template
from .errors import PhrasebookError
from .phrasebook import Fragment, Phrasebook, TableSpec
from .templates import CodeCache, Sandbox

# Filters whose result is not a function of their arguments.
IMPURE_FILTERS = frozenset({"random"})


@dataclass(frozen=True, slots=True, eq=False)
class Part:
    """A piece of a phrasing: a literal, or a template that writes the next stretch of it.

    ``reads`` is the one context variable the piece depends on ("" for none), or None when it
    reads several or may not give the same text twice (a call, an impure filter): a piece that
    reads only ``a`` writes the same text, reading the same fields, for every pair with the
    same ``a``. ``simple`` pieces have no statement that writes to their context, so one
    context may serve many of them. A part is itself, never equal to another (what a Composer
    remembers of it is found by it, as quickly as by its id).
    """

    text: str  # the literal, when template is None
    template: jinja2.Template | None
    reads: str | None
    simple: bool


class Phrasing:
    """One phrasing of a fragment, cut into parts, with what the parts read.

    ``scope`` is "a" or "b" when every part reads at most that one side, "" when no part reads
    anything, "cmp" when the parts read only the pair facts named in ``facts`` (see
    :func:`pair_facts`), and None otherwise: a sentence with scope "a" or "b" is the same in
    every pair with the same profile on that side, so it is remembered there; one with scope
    "cmp" is the same in every pair whose facts of those names are equal.
    """

    __slots__ = ("facts", "fragment", "parts", "scope")

    def __init__(self, fragment: Fragment, parts: tuple[Part, ...], facts: tuple[str, ...] = ()):
        self.fragment = fragment
        self.parts = parts
        reads = {part.reads for part in parts if part.template is not None} - {""}
        self.scope: str | None = None
        self.facts = facts
        if not reads:
            self.scope = ""
        elif len(reads) == 1 and reads <= {"a", "b"}:
            self.scope = reads.pop()
        elif reads == {"cmp"} and facts:
            self.scope = "cmp"


class CompiledFragment:
    """A fragment with its condition and phrasings compiled.

    ``templates`` are the whole phrasings (compiled up front, so a syntax error anywhere is
    reported when the plan is made); :meth:`phrasing` cuts one into parts on first use.
    ``facts`` are the names of ``cmp`` whose values a phrasing that reads only them may be
    remembered by (see :func:`pair_facts`).
    """

    __slots__ = (
        "_env",
        "_phrasings",
        "cache",
        "choice_key",
        "condition",
        "count",
        "facts",
        "fragment",
        "templates",
    )

    def __init__(
        self,
        env: Sandbox,
        fragment: Fragment,
        cache: CodeCache,
        facts: frozenset[str] = frozenset(),
    ) -> None:
        self.fragment = fragment
        self._env = env
        self.cache = cache
        self.facts = facts
        try:
            self.condition: TemplateExpression | None = (
                cache.expression(fragment.when) if fragment.when else None
            )
            self.templates = tuple(cache.template(text) for text in fragment.texts)
        except jinja2.TemplateSyntaxError as exc:
            line = (fragment.line or 0) + (exc.lineno or 1) - 1 if fragment.line else None
            raise error(fragment, f"template syntax error: {exc.message}", line) from exc
        self._phrasings: list[Phrasing | None] = [None] * len(self.templates)
        self.count = len(self.templates)  # how many phrasings it has
        # What a pair's choice among them hashes besides the pair (see compose.choice_index).
        self.choice_key = fragment.id.encode()

    def phrasing(self, index: int) -> Phrasing:
        """Phrasing ``index`` cut into parts (see :func:`split_phrasing`)."""
        phrasing = self._phrasings[index]
        if phrasing is None:
            source = self.fragment.texts[index]
            parts = split_phrasing(self._env, source, self.templates[index], self.cache)
            read = self._pair_facts(source) if self.facts else ()
            phrasing = self._phrasings[index] = Phrasing(self.fragment, parts, read)
        return phrasing

    def _pair_facts(self, source: str) -> tuple[str, ...]:
        """pair_facts of a phrasing, kept in the code cache: finding them takes a parse."""

        def work() -> str:
            return json.dumps(pair_facts(self._env.parse(source), self.facts))

        key = ("facts", source, *sorted(self.facts))
        return tuple(json.loads(self.cache.remembered(key, work)))

    def holds(self, context: dict[str, Any]) -> bool:
        """Whether the condition holds in ``context`` (an undefined result does not hold)."""
        if self.condition is None:
            return True
        try:
            return bool(self.condition(**context))
        except TEMPLATE_ERRORS as exc:
            raise error(self.fragment, f"condition failed: {describe(exc)}") from exc


# What running a phrasebook template can raise when a fragment misuses a value, a filter or the
# sandbox: each is reported as the fragment's error, with its file and line.
TEMPLATE_ERRORS = (
    jinja2.TemplateError,
    TypeError,
    ValueError,
    ArithmeticError,
    LookupError,
    AttributeError,
    RecursionError,
)


def describe(exc: BaseException) -> str:
    """An exception as one line for an error message."""
    text = " ".join(str(exc).split())
    if isinstance(exc, jinja2.TemplateError):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def error(fragment: Fragment, message: str, line: int | None = None) -> PhrasebookError:
    """A PhrasebookError naming ``fragment``, its slot, file and line."""
    return PhrasebookError(
        message,
        file=fragment.file,
        fragment=fragment.id,
        line=line if line is not None else fragment.line,
        slot=fragment.slot,
    )


def _reads(tree: nodes.Template) -> str | None:
    names = jinja2.meta.find_undeclared_variables(tree)
    impure = any(f.name in IMPURE_FILTERS for f in tree.find_all(nodes.Filter))
    if impure or any(True for _ in tree.find_all(nodes.Call)) or len(names) > 1:
        return None
    return next(iter(names), "")


def pair_facts(tree: nodes.Node, names: frozenset[str]) -> tuple[str, ...]:
    """The names of ``cmp`` that ``tree`` reads, in sorted order, when it reads ``cmp`` only
    as ``cmp.name`` with every name one of ``names``; () otherwise.

    Given ``names`` whose values are plain data (text, tuples of text, flags) compared by
    value, what such a template writes, and the fields it records, depend only on those values.

    >>> env = jinja2.Environment()
    >>> pair_facts(env.parse("{{ cmp.lead }} {{ cmp.lead }}{{ cmp.x }}"), frozenset({"lead", "x"}))
    ('lead', 'x')
    >>> pair_facts(env.parse("{{ cmp.lead }} {{ cmp }}"), frozenset({"lead"}))
    ()
    """
    loads = sum(1 for n in tree.find_all(nodes.Name) if n.name == "cmp")
    read = [
        node.attr
        for node in tree.find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Name) and node.node.name == "cmp"
    ]
    if not read or len(read) != loads or not set(read) <= names:
        return ()
    return tuple(sorted(set(read)))


def expression_reads(env: Sandbox, source: str) -> str | None:
    """The one context variable a condition depends on ("" for none), or None (see Part)."""
    return _reads(result_template(env, parse_expression(env, source)))


def _scope(env: Sandbox, source: str) -> str:
    """Which of Conditions.SCOPES a condition belongs to: "a", "b", or "pair" for the rest."""
    reads = expression_reads(env, source)
    return reads if reads in ("a", "b") else "pair"


def _simple(tree: nodes.Node) -> bool:
    stmts = tree.find_all(nodes.Stmt)
    return all(isinstance(n, nodes.Output | nodes.If | nodes.For) for n in stmts)


def _tree(env: Sandbox, items: Sequence[nodes.Node]) -> nodes.Template:
    """A template of ``items`` in order: expressions and text (printed), and statements."""
    body: list[nodes.Node] = []
    for item in items:
        if not isinstance(item, nodes.Expr):  # a statement
            body.append(item)
        elif body and isinstance(body[-1], nodes.Output):
            body[-1].nodes.append(item)
        else:
            body.append(nodes.Output([item], lineno=item.lineno))
    lineno = items[0].lineno
    tree = nodes.Template(body, lineno=lineno)
    tree.set_environment(env)
    return tree


# What a run of pieces that reads these is remembered by: the ones a Composer keeps (see Part).
_KEPT = ("", "a", "b")


# How a phrasing was cut, as the code cache keeps it (JSON): for each part its text (a literal),
# the key of its compiled code (None: the phrasing's own template), what it reads and whether
# it is simple; None for the key of a literal.
_Cut = list[tuple[str, list[str] | None, str | None, bool]]
_WHOLE = ["whole"]  # the key that stands for the phrasing's own template


def split_phrasing(
    env: Sandbox, source: str, template: jinja2.Template, cache: CodeCache
) -> tuple[Part, ...]:
    """A compiled phrasing as pieces whose texts, joined, are what ``template`` writes.

    The phrasing is cut at its top level into text, ``{{ expressions }}`` and whole ``{% if %}``
    and ``{% for %}`` statements, and these into runs: those that read only one same variable
    (``a``), with the text around them, and stretches of those that read more (or the pair's
    comparisons), which are read afresh each time. The pieces are compiled from the
    phrasing's own syntax tree, so each writes exactly what the phrasing writes there. This
    holds because nothing in such a phrasing writes a variable another part could read; a
    phrasing with any other statement (``{% set %}``...) stays whole, one piece.

    Cutting takes parses and a look at every node: the code cache keeps how each phrasing was
    cut, with the pieces' code, so a later run only looks them up.
    """
    key = ("cut", source)
    known = cache.known(key)
    if known is not None:
        parts = _parts(json.loads(known), template, cache)
        if parts is not None:
            return parts
    cut = _cut(env, source, cache)
    cache.remember(key, json.dumps(cut))
    parts = _parts(cut, template, cache)
    assert parts is not None  # every piece was compiled just now
    return parts


def _parts(cut: _Cut, template: jinja2.Template, cache: CodeCache) -> tuple[Part, ...] | None:
    """The parts a cut describes; None when a piece's code is not in the cache."""
    parts = []
    for text, key, reads, simple in cut:
        if key is None:
            parts.append(Part(text, None, "", True))
            continue
        compiled = template if key == _WHOLE else cache.compiled(tuple(key))
        if compiled is None:
            return None
        parts.append(Part("", compiled, reads, simple))
    return tuple(parts)


def _cut(env: Sandbox, source: str, cache: CodeCache) -> _Cut:
    """How split_phrasing cuts ``source``, each template piece compiled into ``cache``."""
    tree = env.parse(source)
    if env.autoescape is not False or not _simple(tree):
        return [("", _WHOLE, _reads(tree), _simple(tree))]
    items: list[nodes.Node] = []
    for node in tree.body:
        items.extend(node.nodes if isinstance(node, nodes.Output) else [node])
    # Runs of items that read the same one kept variable (text and constant expressions join
    # any run); None marks a run of items read afresh for every pair, whatever they read.
    runs: list[tuple[str | None, list[nodes.Node]]] = []
    for item in items:
        if isinstance(item, nodes.TemplateData):
            scope: str | None = ""
        else:
            scope = _reads(_tree(env, [item]))
            if scope not in _KEPT:
                scope = None
        if runs and (scope == "" or runs[-1][0] in ("", scope)):
            if runs[-1][0] == "":
                runs[-1] = (scope, runs[-1][1])
            runs[-1][1].append(item)
        else:
            runs.append((scope, [item]))
    if len(runs) == 1 and runs[0][0] != "":
        return [("", _WHOLE, _reads(tree), True)]  # nothing to keep apart: as it is
    cut: _Cut = []
    for _, run in runs:
        if all(isinstance(item, nodes.TemplateData) for item in run):
            text = "".join(item.data for item in run if isinstance(item, nodes.TemplateData))
            cut.append((text, None, "", True))
        else:
            piece = _tree(env, run)
            # A piece is known by its syntax tree (and where it starts), not by how it was cut.
            key = ("part", repr(piece), str(piece.lineno))
            cache.tree(key, lambda piece=piece: piece)  # type: ignore[misc]
            cut.append(("", list(key), _reads(piece), True))
    return cut


def compile_cells(env: Sandbox, table: TableSpec, cache: CodeCache) -> tuple[jinja2.Template, ...]:
    """A table's cell templates, compiled."""
    try:
        return tuple(cache.template(row.cell) for row in table.rows)
    except jinja2.TemplateSyntaxError as exc:
        raise PhrasebookError(
            f"table {table.id}: template syntax error: {exc.message}", file=table.file
        ) from exc


@dataclass(frozen=True, slots=True)
class Entry:
    """A fragment in its slot's plan, with where its condition's value is (-1: always holds)."""

    compiled: CompiledFragment
    position: int


def holds(value: Any) -> bool:
    """A condition's value read as a condition alone reads it: an undefined result is false."""
    return value is True or (
        value is not False and not isinstance(value, jinja2.Undefined) and bool(value)
    )


class Conditions:
    """Every fragment condition of a phrasebook, compiled into one template per scope.

    Conditions that read only ``a`` (or only ``b``) are evaluated once per profile by the
    caller, which remembers them; the rest once per pair. Evaluating a tuple of conditions
    costs a single template call instead of one per condition.
    """

    SCOPES = ("a", "b", "pair")

    def __init__(self, env: Sandbox, fragments: Sequence[CompiledFragment], cache: CodeCache):
        conditioned = [f for f in fragments if f.condition is not None and f.fragment.when]
        scopes = []
        for compiled in conditioned:
            when = compiled.fragment.when
            assert when is not None
            scopes.append(cache.remembered(("scope", when), functools.partial(_scope, env, when)))
        # By scope: the template of the tuple of its conditions, and their fragments in order.
        self.groups: dict[str, tuple[jinja2.Template, tuple[CompiledFragment, ...]]] = {}
        for scope in self.SCOPES:
            members = tuple(c for c, s in zip(conditioned, scopes, strict=True) if s == scope)
            sources = [c.fragment.when or "" for c in members]

            def tree(sources: list[str] = sources) -> nodes.Template:
                items = [parse_expression(env, source) for source in sources]
                return result_template(env, nodes.Tuple(items, "load", lineno=1))

            template = cache.tree(("conditions", *sources), tree)
            self.groups[scope] = (template, members)
        # Where each fragment's value is among evaluate()'s values, one scope after another.
        self.position: dict[str, int] = {}
        for _template, members in self.groups.values():
            for compiled in members:
                self.position[compiled.fragment.id] = len(self.position)

    def evaluate(self, scope: str, context: Context, values: dict[str, Any]) -> tuple[Any, ...]:
        """The values of the conditions of ``scope`` in ``context`` (whose variables are
        ``values``), in order; raises PhrasebookError naming the first condition that fails.

        One-sided values are what the caller remembers per profile; a pair value is what its
        expression gave, tested for truth (:func:`holds`) by the slot that reads it.
        """
        template, members = self.groups[scope]
        try:
            found: tuple[Any, ...] = assigned(template, context, "result")
        except TEMPLATE_ERRORS as exc:
            # One template ran them all: ask each alone which one it was.
            for compiled in members:
                compiled.holds(values)
            raise PhrasebookError(f"a condition failed: {describe(exc)}") from exc
        return found


class Plan:
    """A phrasebook compiled for one environment: each slot's entries, conditions and tables.

    ``facts`` are the names of ``cmp`` a phrasing may be remembered by (see :class:`Phrasing`).
    """

    def __init__(
        self,
        book: Phrasebook,
        env: Sandbox,
        cache: CodeCache,
        facts: frozenset[str] = frozenset(),
    ) -> None:
        self.book = book
        by_slot = {
            slot: tuple(CompiledFragment(env, f, cache, facts) for f in fragments)
            for slot, fragments in book.by_slot.items()
        }
        self.conditions = Conditions(env, [c for group in by_slot.values() for c in group], cache)
        position = self.conditions.position
        self.slots: dict[str, tuple[Entry, ...]] = {
            slot: tuple(Entry(c, position.get(c.fragment.id, -1)) for c in group)
            for slot, group in by_slot.items()
        }
        self.tables = {
            table_id: (spec, compile_cells(env, spec, cache))
            for table_id, spec in book.tables.items()
        }

    def fragments(self) -> dict[str, CompiledFragment]:
        """Every compiled fragment by id."""
        return {e.compiled.fragment.id: e.compiled for g in self.slots.values() for e in g}
