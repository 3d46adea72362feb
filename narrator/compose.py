"""Write an Article from two profiles: facts and phrasebook fragments in, sentences and tables out.

For each slot of the outline, the composer picks the fragment whose condition holds (the highest
``priority`` wins; two at the same priority is a phrasebook bug), then picks one of its phrasings
by a stable hash of the pair and the fragment id, renders it and records which profile fields the
sentence used. A slot no fragment applies to is left out, as is a paragraph, table row, table or
section left with nothing in it.

>>> from narrator.catalog import Catalog
>>> catalog = Catalog.bundled()
>>> composer = Composer()
>>> article = composer.compose(catalog.find("Loss Mitigation Specialist"),
...                            catalog.find("Account Specialist"))
>>> article.title.text
'Loss Mitigation Specialist vs Account Specialist'
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from . import __version__
from .article import (
    Article,
    Cell,
    Metadata,
    Occupation,
    Paragraph,
    Sentence,
    Table,
    TableRow,
    new_article,
    new_metadata,
    new_note,
    new_occupation,
    new_paragraph,
    new_row,
    new_section,
    new_sentence,
    new_source,
    new_table,
)
from .compiled import CodeCache
from .errors import CompositionError, PhrasebookError
from .facts import Facts, compare
from .filters import is_top_coded, make_filters
from .fragments import (
    CompiledFragment,
    Part,
    Phrasebook,
    compile_cells,
    compile_conditions,
    compile_fragment,
    expression_reads,
    load_phrasebook,
    make_environment,
    split_phrasing,
)
from .grammar import TitleForms, title_forms
from .numbers import NumberFormat
from .profile import Profile
from .review import Note, review
from .views import (
    RECORDS,
    FactsData,
    FactsView,
    Groups,
    Recorder,
    SideData,
    SideView,
    plain_calls,
    plain_reads,
    side_values,
)


def choice_index(slug_a: str, slug_b: str, fragment_id: str, count: int) -> int:
    """Which of ``count`` phrasings a pair gets: stable across runs, machines and processes.

    The pair is unordered, so A-vs-B and B-vs-A read alike.

    >>> choice_index("b", "a", "x", 3) == choice_index("a", "b", "x", 3)
    True
    """
    if count == 1:
        return 0
    return _choice(_pair_hash(slug_a, slug_b), fragment_id, count)


def _pair_hash(slug_a: str, slug_b: str) -> Any:
    """The pair's part of choice_index's hash, to be copied for each fragment."""
    first, second = sorted((slug_a, slug_b))
    return hashlib.blake2b(f"{first}\0{second}\0".encode(), digest_size=8)


def _choice(pair_hash: Any, fragment_id: str, count: int) -> int:
    digest = pair_hash.copy()
    digest.update(fragment_id.encode())
    return int.from_bytes(digest.digest(), "big") % count


@dataclass(frozen=True, slots=True)
class _Table:
    spec_id: str
    labels: tuple[str, ...]
    fields: tuple[str, ...]
    cells: tuple[jinja2.Template, ...]


def _tidy(text: str) -> str:
    """A rendered sentence as one line, its spaces single, starting with a capital.

    >>> _tidy("  pay\\n   differs.\\t"), _tidy("already tidy."), _tidy("a\\xa0b")
    ('Pay differs.', 'Already tidy.', 'A b')
    """
    # Templates span lines for readability. Most sentences come out tidy already: printable
    # text has no whitespace but the plain space (every other kind is a separator or a control
    # character), so without doubled or outer spaces, splitting and joining would change
    # nothing, and costs more than looking.
    if not text.isprintable() or "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return text[:1].upper() + text[1:] if text else text


class _Side:
    """What a Composer works out once per profile and reuses in every pair the profile is in."""

    __slots__ = ("cells", "conditions", "data", "notes", "parts", "profile", "sentences", "values")

    def __init__(self, profile: Profile, forms: TitleForms) -> None:
        self.profile = profile
        self.values = side_values(profile, forms)
        self.data = SideData(self.values)
        # table id -> a cell for each row, and whether any has text
        self.cells: dict[str, tuple[tuple[Cell, ...], bool]] = {}
        self.parts: dict[int, _Written] = {}  # id(part) -> what a part reading this side wrote
        # Sentences whose every part reads only this side (as "a" or as "b", by phrasing).
        self.sentences: dict[_Phrasing, Sentence | None] = {}
        self.conditions: dict[str, tuple[bool, ...]] = {}  # as "a" or "b": its one-sided conditions
        self.notes = tuple(review(profile))


_Written = tuple[Part, str, dict[str, None]]  # a part, its text, the fields it read in order


class _Phrasing:
    """One phrasing of a fragment as the fast way writes it: its parts, and what they read.

    ``scope`` is "a" or "b" when every part reads at most that one side, "" when no part reads
    anything, and None otherwise: a sentence with a scope is the same in every pair with the
    same profile on that side, so it is remembered there.
    """

    __slots__ = ("fragment", "parts", "scope")

    def __init__(self, fragment: str, parts: tuple[Part, ...]):
        self.fragment = fragment
        self.parts = parts
        reads = {part.reads for part in parts if part.template is not None} - {""}
        self.scope: str | None = None
        if not reads:
            self.scope = ""
        elif len(reads) == 1 and reads <= {"a", "b"}:
            self.scope = reads.pop()


_STEPWISE_FIRST = 4  # articles a Composer writes step by step before it prepares the fast way
_SIDES_LIMIT = 8192  # profiles remembered per Composer; past this, it starts again empty


class Composer:
    """Compiles a phrasebook once for a locale and writes articles from pairs of profiles.

    A Composer remembers what depends on one profile only (its title's forms, its table cells,
    its review notes, the parts of sentences and the conditions that read only that profile),
    so composing many pairs with one Composer does that work once per profile. Profiles are
    immutable, so what is remembered never goes stale; the filters and tests of ``env`` are
    fixed once the Composer is built.
    """

    def __init__(
        self,
        phrasebook: Phrasebook | None = None,
        *,
        locale: str = "en_US",
        serial_comma: bool = True,
    ) -> None:
        self.phrasebook = phrasebook or load_phrasebook()
        self.locale = locale
        self.numbers = NumberFormat(locale)
        filters = make_filters(self.numbers, serial_comma=serial_comma)
        terms = self.phrasebook.terms

        def term(name: str) -> str:
            try:
                return terms[name]
            except KeyError:
                raise jinja2.UndefinedError(f"no [terms] entry for {name!r}") from None

        filters["term"] = term
        self.env = make_environment(filters, plain_reads(), plain_calls())
        self.env.globals["groups"] = Groups(self.phrasebook.groups)
        self.env.tests["top_coded"] = is_top_coded
        # What the filters are bound to: compiled code is reused only under the same binding.
        binding = repr((locale, serial_comma, sorted(terms.items())))
        self._code = CodeCache(self.env, context=binding)
        self.fragments: dict[str, tuple[CompiledFragment, ...]] = {
            slot: tuple(compile_fragment(self.env, f, self._code) for f in fragments)
            for slot, fragments in self.phrasebook.by_slot.items()
        }
        self.tables = {
            table_id: _Table(
                table_id,
                tuple(row.label for row in spec.rows),
                tuple(row.field for row in spec.rows),
                compile_cells(self.env, spec, self._code),
            )
            for table_id, spec in self.phrasebook.tables.items()
        }
        self._code.save()
        self._composed = 0  # articles composed: the first few go step by step
        self._sides: dict[int, _Side] = {}
        self._conditions: _Conditions | bool | None = None  # False: cannot batch them
        self._constant_parts: dict[int, _Written] = {}  # parts that read nothing
        self._constant_sentences: dict[_Phrasing, Sentence | None] = {}

    # --- one slot ---------------------------------------------------------------------------

    def _context(self, a: Profile, b: Profile, facts: Facts) -> tuple[dict[str, Any], Recorder]:
        recorder = Recorder()
        context = {
            "a": SideView(a, "a", self._forms(a), recorder),
            "b": SideView(b, "b", self._forms(b), recorder),
            "cmp": FactsView(facts, recorder),
        }
        return context, recorder

    @staticmethod
    def _forms(profile: Profile) -> TitleForms:
        return title_forms(profile.title, profile.title_forms)

    def _applies(self, fragment: CompiledFragment, context: dict[str, Any]) -> bool:
        if fragment.condition is None:
            return True
        try:
            return bool(fragment.condition(**context))
        except jinja2.TemplateError as exc:
            raise self._error(fragment, f"condition failed: {exc}") from exc

    @staticmethod
    def _error(fragment: CompiledFragment, message: str) -> PhrasebookError:
        f = fragment.fragment
        return PhrasebookError(message, file=f.file, fragment=f.id, line=f.line)

    def applicable(self, slot: str, a: Profile, b: Profile, facts: Facts) -> list[CompiledFragment]:
        """Every fragment of ``slot`` whose condition holds for this pair, in file order."""
        context, _ = self._context(a, b, facts)
        return [f for f in self.fragments.get(slot, ()) if self._applies(f, context)]

    def phrasings(
        self, fragment: CompiledFragment, a: Profile, b: Profile, facts: Facts
    ) -> list[Sentence]:
        """The sentence each of a fragment's phrasings writes for this pair, in order.

        Raises PhrasebookError naming the fragment when a phrasing cannot render.
        """
        sentences = []
        for template in fragment.templates:
            context, recorder = self._context(a, b, facts)
            try:
                text = _tidy(template.render(context))
            except jinja2.TemplateError as exc:
                raise self._error(
                    fragment, f"cannot render for {a.slug} vs {b.slug}: {exc}"
                ) from exc
            sentences.append(Sentence(text, fragment.fragment.id, tuple(recorder.used)))
        return sentences

    def _choose(self, slot: str, candidates: list[CompiledFragment]) -> CompiledFragment | None:
        """The one fragment of the applicable ones that writes the slot, by priority."""
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        top = max(c.fragment.priority for c in candidates)
        chosen = [c for c in candidates if c.fragment.priority == top]
        if len(chosen) > 1:
            ids = ", ".join(c.fragment.id for c in chosen)
            raise CompositionError(
                f"fragments {ids} all apply at the same priority; "
                "make their conditions exclusive or give one a higher priority",
                slot=slot,
            )
        return chosen[0]

    def write_slot(self, slot: str, a: Profile, b: Profile, facts: Facts) -> Sentence | None:
        """The sentence for one slot, or None when no fragment applies to this pair."""
        fragment = self._choose(slot, self.applicable(slot, a, b, facts))
        if fragment is None:
            return None
        index = choice_index(a.slug, b.slug, fragment.fragment.id, len(fragment.templates))
        # Conditions read fields too; only what the sentence itself reads is its provenance.
        context, recorder = self._context(a, b, facts)
        try:
            text = _tidy(fragment.templates[index].render(context))
        except jinja2.TemplateError as exc:
            raise self._error(fragment, f"cannot render for {a.slug} vs {b.slug}: {exc}") from exc
        if not text:
            return None
        return Sentence(text, fragment.fragment.id, tuple(recorder.used))

    # --- tables -------------------------------------------------------------------------------

    def write_table(self, table_id: str, a: Profile, b: Profile) -> Table | None:
        """A table of the pair, leaving out rows with no value on either side."""
        table = self.tables[table_id]
        rows = []
        for label, field, cell in zip(table.labels, table.fields, table.cells, strict=True):
            cells = tuple(
                self._cell(cell, profile.get(field), table_id, label) for profile in (a, b)
            )
            if any(c.text is not None for c in cells):
                rows.append(TableRow(label, field, cells))
        if not rows:
            return None
        return Table(table_id, (a.title, b.title), tuple(rows))

    def _cell(self, template: jinja2.Template, value: Any, table_id: str, label: str) -> Cell:
        if value is None or value == ():
            return Cell(None)
        try:
            text = " ".join(template.render(value=value).split())
        except jinja2.TemplateError as exc:
            raise PhrasebookError(f"table {table_id}, row {label!r}: {exc}") from exc
        return Cell(text or None)

    # --- the article ------------------------------------------------------------------------

    def compose(self, a: Profile, b: Profile) -> Article:
        """The article comparing ``a`` with ``b``."""
        if a.slug == b.slug:
            raise CompositionError(f"cannot compare {a.title!r} with itself")
        facts = compare(a, b)
        article = None
        self._composed += 1
        # The fast way costs some preparation (compiling every condition into one expression,
        # cutting phrasings into parts) that only pays when many articles are composed.
        if self._composed > _STEPWISE_FIRST:
            try:
                article = self._compose_fast(a, b, facts)
            except Exception:
                article = None
        if article is None:
            # The step by step way, which raises the error the pair really has (or, when only a
            # shortcut failed, writes the same article).
            article = self._compose_stepwise(a, b, facts)
        return article

    def _compose_stepwise(self, a: Profile, b: Profile, facts: Facts) -> Article:
        """Compose slot by slot, evaluating each slot's conditions as it is reached."""
        article = self._assemble(
            a,
            b,
            lambda slot: self.write_slot(slot, a, b, facts),
            lambda table_id: self.write_table(table_id, a, b),
            (review(a), review(b)),
        )
        if article is None:
            slot = self.phrasebook.title_slot
            raise CompositionError("no fragment writes the article title", slot=slot)
        return article

    def _assemble(
        self,
        a: Profile,
        b: Profile,
        write: Callable[[str], Sentence | None],
        table: Callable[[str], Table | None],
        notes: tuple[Sequence[Note], Sequence[Note]],
    ) -> Article | None:
        """The article the outline lays out from what ``write`` and ``table`` give for each slot
        and table; None when nothing writes the title (the rest is then not written).
        """
        book = self.phrasebook
        title = write(book.title_slot)
        if title is None:
            return None
        sections = []
        for spec in book.sections:
            blocks: list[Paragraph | Table] = []
            for slots in spec.paragraphs:
                written = [s for s in map(write, slots) if s is not None]
                if written:
                    blocks.append(new_paragraph(tuple(written)))
            if spec.table:
                written_table = table(spec.table)
                if written_table is not None:
                    blocks.append(written_table)
            if not blocks:
                continue
            heading = write(spec.heading) if spec.heading else None
            sections.append(new_section(spec.id, heading, tuple(blocks)))
        return new_article(
            title, f"{a.slug}-vs-{b.slug}", tuple(sections), self._metadata(a, b, *notes)
        )

    # --- the fast way -------------------------------------------------------------------------
    # The same article as _compose_stepwise, with less work per pair: every condition of the
    # phrasebook is evaluated in one call, what depends on one profile only is remembered per
    # profile, and templates render in a context built once per pair. Any exception makes
    # compose() start again step by step, so errors are always those of the step-by-step way.

    def _side(self, profile: Profile) -> _Side:
        side = self._sides.get(id(profile))
        if side is None or side.profile is not profile:
            if len(self._sides) >= _SIDES_LIMIT:
                self._sides.clear()
            side = self._sides[id(profile)] = _Side(profile, self._forms(profile))
        return side

    def _compose_fast(self, a: Profile, b: Profile, facts: Facts) -> Article | None:
        conditions = self._conditions
        if conditions is None:
            conditions = self._conditions = _Conditions.build(self) or False
        if conditions is False:
            return None
        assert isinstance(conditions, _Conditions)
        side_a, side_b = self._side(a), self._side(b)
        env = self.env
        # What Template.render would build for each template: the globals, then the pair.
        globals_ = env.globals
        parent = {**globals_, "a": side_a.data, "b": side_b.data, "cmp": FactsData(facts)}
        holds = conditions.evaluate(globals_, parent, {"a": side_a, "b": side_b})
        plans = conditions.plans
        recorder = Recorder()
        parent = {
            **globals_,
            "a": _view(side_a, "a", recorder),
            "b": _view(side_b, "b", recorder),
            "cmp": FactsView(facts, recorder),
        }
        pair_hash = _pair_hash(a.slug, b.slug)  # choice_index's, computed once for the pair
        context_class = env.context_class
        concat = env.concat
        shared = context_class(env, parent, None, {})  # for the parts that only read
        caches = {"": self._constant_parts, "a": side_a.parts, "b": side_b.parts}
        sentences = {"": self._constant_sentences, "a": side_a.sentences, "b": side_b.sentences}

        def render(part: Part) -> str:
            template = part.template
            assert template is not None
            if part.simple:
                context = shared
            else:
                context = context_class(env, parent, template.name, template.blocks)
            return concat(template.root_render_func(context))

        def sentence(phrasing: _Phrasing) -> Sentence | None:
            texts = []
            used: dict[str, None] = {}
            for part in phrasing.parts:
                if part.template is None:
                    texts.append(part.text)
                    continue
                cache = caches.get(part.reads) if part.reads is not None else None
                if cache is None:
                    recorder.used = used
                    texts.append(render(part))
                    continue
                written = cache.get(id(part))
                if written is None or written[0] is not part:
                    recorder.used = {}
                    written = cache[id(part)] = (part, render(part), recorder.used)
                texts.append(written[1])
                used.update(written[2])  # keeps the order of first reads, as recording does
            text = _tidy("".join(texts))
            if not text:
                return None
            return new_sentence(text, phrasing.fragment, tuple(used))

        def write(slot: str) -> Sentence | None:
            chosen = None
            for entry in plans.get(slot, ()):
                position = entry[1]
                if position < 0 or holds[position]:
                    if chosen is not None:  # more than one applies: priorities decide
                        plan = plans[slot]
                        candidates = [e[0] for e in plan if e[1] < 0 or holds[e[1]]]
                        fragment = self._choose(slot, candidates)
                        chosen = next(e for e in plan if e[0] is fragment)
                        break
                    chosen = entry
            if chosen is None:
                return None
            compiled, _, fragment_id, phrasings = chosen
            count = len(phrasings)
            index = _choice(pair_hash, fragment_id, count) if count > 1 else 0
            phrasing = phrasings[index]
            if phrasing is None:
                phrasing = phrasings[index] = self._phrasing(compiled, index)
            scope = phrasing.scope
            if scope is None:
                return sentence(phrasing)
            remembered = sentences[scope]
            try:
                return remembered[phrasing]
            except KeyError:
                written = remembered[phrasing] = sentence(phrasing)
                return written

        return self._assemble(
            a,
            b,
            write,
            lambda table_id: self._table_fast(table_id, side_a, side_b),
            (side_a.notes, side_b.notes),
        )

    def _phrasing(self, fragment: CompiledFragment, index: int) -> _Phrasing:
        """A phrasing cut into parts (fragments.split_phrasing); the plans keep each one."""
        source = fragment.fragment.texts[index]
        template = fragment.templates[index]
        parts = split_phrasing(self.env, source, template, self._code)
        return _Phrasing(fragment.fragment.id, parts)

    def _table_fast(self, table_id: str, side_a: _Side, side_b: _Side) -> Table | None:
        """write_table, with each profile's cells remembered."""
        table = self.tables[table_id]
        cells_a, any_a = self._cells(table, side_a)
        cells_b, any_b = self._cells(table, side_b)
        if not (any_a or any_b):
            return None  # half the tables of the bundled pairs: no figures on either side
        rows = [
            new_row(label, field, (cell_a, cell_b))
            for label, field, cell_a, cell_b in zip(
                table.labels, table.fields, cells_a, cells_b, strict=True
            )
            if cell_a.text is not None or cell_b.text is not None
        ]
        return new_table(table_id, (side_a.profile.title, side_b.profile.title), tuple(rows))

    def _cells(self, table: _Table, side: _Side) -> tuple[tuple[Cell, ...], bool]:
        """A profile's cell for each row of ``table``, and whether any of them has text."""
        cells = side.cells.get(table.spec_id)
        if cells is None:
            profile = side.profile
            row_cells = tuple(
                self._cell(cell, profile.get(field), table.spec_id, label)
                for label, field, cell in zip(table.labels, table.fields, table.cells, strict=True)
            )
            cells = side.cells[table.spec_id] = (
                row_cells,
                any(cell.text is not None for cell in row_cells),
            )
        return cells

    def _metadata(
        self, a: Profile, b: Profile, notes_a: Sequence[Note], notes_b: Sequence[Note]
    ) -> Metadata:
        return new_metadata(
            _GENERATOR,
            self.locale,
            (_occupation(a), _occupation(b)),
            tuple(new_note(n.slug, n.field, n.message) for n in (*notes_a, *notes_b)),
        )


_GENERATOR = f"narrator {__version__}"


def _occupation(profile: Profile) -> Occupation:
    """An occupation as the article's metadata lists it."""
    source = profile.source
    return new_occupation(
        profile.title,
        profile.slug,
        profile.soc_code,
        None if source is None else new_source(source.name, source.release, source.url),
    )


def _view(side: _Side, name: str, recorder: Recorder) -> SideView:
    view = SideView.__new__(SideView)
    view._values = side.values
    view._names = RECORDS[name]
    view._recorder = recorder
    return view


# A fragment of a slot's plan: the fragment, its condition's position (-1: none), its id, and
# its phrasings (None until first written).
_Plan = tuple[CompiledFragment, int, str, list[_Phrasing | None]]


class _Conditions:
    """Every fragment condition of a phrasebook, compiled into a few expressions.

    Evaluating one tuple of conditions costs a single template call instead of one per
    condition. Conditions that read only ``a`` (or only ``b``) are evaluated once per profile
    and remembered with it; the rest once per pair. A value is read as the condition alone
    would be: an undefined result is false. If anything goes wrong (an error in any condition),
    the caller starts again step by step, which evaluates conditions one at a time and reports
    the right one.
    """

    def __init__(
        self,
        env: jinja2.Environment,
        groups: dict[str, tuple[jinja2.Template, tuple[int, ...]]],
        plans: dict[str, tuple[_Plan, ...]],
    ) -> None:
        self.env = env
        # By what they read ("a", "b" or "pair"): a template for the tuple of those conditions,
        # and each one's index among all conditions in file order.
        self.groups = groups
        # For each slot, its fragments in file order, each with the position of its condition's
        # value among evaluate()'s values (-1: no condition, it always applies), its id, and its
        # phrasings as the fast way writes them, each split on first use.
        self.plans = plans

    @classmethod
    def build(cls, composer: Composer) -> _Conditions | None:
        sources: list[str] = []
        conditioned = {}  # slot -> its fragments, each with its condition's index in sources
        for slot, group in composer.fragments.items():
            found = []
            for compiled in group:
                when = compiled.fragment.when
                index = -1
                if compiled.condition is not None and when:
                    index = len(sources)
                    sources.append(when)
                found.append((compiled, index))
            conditioned[slot] = found
        try:
            scopes = [expression_reads(composer.env, source) for source in sources]
            groups = {}
            for scope in ("a", "b", "pair"):
                indices = tuple(
                    i
                    for i, reads in enumerate(scopes)
                    if (reads if reads in ("a", "b") else "pair") == scope
                )
                chosen = [sources[i] for i in indices]
                template = compile_conditions(composer.env, chosen, composer._code)
                groups[scope] = (template, indices)
        except jinja2.TemplateError:
            return None
        # A condition's position: where evaluate() puts its value, one group after another.
        order = [index for _template, indices in groups.values() for index in indices]
        position = {index: place for place, index in enumerate(order)}
        plans: dict[str, tuple[_Plan, ...]] = {}
        for slot, found in conditioned.items():
            plan: list[_Plan] = []
            for compiled, index in found:
                phrasings: list[_Phrasing | None] = [None] * len(compiled.templates)
                where = position[index] if index >= 0 else -1
                plan.append((compiled, where, compiled.fragment.id, phrasings))
            plans[slot] = tuple(plan)
        return cls(composer.env, groups, plans)

    def evaluate(
        self, globals_: dict[str, Any], pair: dict[str, Any], sides: dict[str, _Side]
    ) -> tuple[Any, ...]:
        """Each condition's value for the pair, by position (see plans).

        A one-sided condition's value is remembered as a bool (see _holds). A pair condition's
        value is what its expression gave: the slot that reads it tests its truth as it goes,
        which costs less than a pass turning every value into a bool first. An undefined value
        (only a faulty condition gives one) then raises, and the caller starts again step by
        step, which reads it as false, as a condition alone reads it.
        """
        values: tuple[Any, ...] = ()
        for scope, (template, indices) in self.groups.items():
            if scope == "pair":
                found = self._run(template, pair)
            else:
                side = sides[scope]
                remembered = side.conditions.get(scope)
                if remembered is None:
                    remembered = side.conditions[scope] = tuple(
                        map(_holds, self._run(template, {**globals_, scope: side.data}))
                    )
                found = remembered
            if len(found) != len(indices):
                raise ValueError("conditions and their values differ in number")
            values += found
        return values

    def _run(self, template: jinja2.Template, parent: dict[str, Any]) -> tuple[Any, ...]:
        context = self.env.context_class(self.env, parent, template.name, template.blocks)
        for _ in template.root_render_func(context):
            pass
        result: tuple[Any, ...] = context.vars["result"]
        return result


def _holds(value: Any) -> bool:
    # As a condition alone reads: an undefined result is false, not an error.
    return value is True or (
        value is not False and not isinstance(value, jinja2.Undefined) and bool(value)
    )


_DEFAULT: dict[tuple[str, bool], Composer] = {}


def compose(a: Profile, b: Profile, *, locale: str = "en_US", serial_comma: bool = True) -> Article:
    """Compose one article with the bundled phrasebook; composers are reused per locale."""
    key = (locale, serial_comma)
    composer = _DEFAULT.get(key)
    if composer is None:
        composer = _DEFAULT[key] = Composer(locale=locale, serial_comma=serial_comma)
    return composer.compose(a, b)
