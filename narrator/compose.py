"""Write an Article from two profiles: a plan's fragments and the pair's facts in, an Article out.

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
from collections.abc import Sequence
from typing import Any

import jinja2
from jinja2.runtime import Context

from ._jinja import new_context, run
from ._version import __version__
from .article import (
    Article,
    Cell,
    Metadata,
    Occupation,
    Paragraph,
    ReviewNote,
    Sentence,
    Table,
    new_article,
    new_field_source,
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
from .errors import CompositionError, PhrasebookError
from .facts import Facts, compare
from .filters import group, is_top_coded, make_filters
from .forms import TitleForms, title_forms
from .numbers import NumberFormat
from .phrasebook import Phrasebook, load_phrasebook
from .plan import (
    TEMPLATE_ERRORS,
    CompiledFragment,
    Entry,
    Part,
    Phrasing,
    Plan,
    describe,
    error,
    holds,
)
from .profile import Profile
from .referring import refer
from .review import review
from .templates import MAX_TEXT, CodeCache, make_environment
from .views import (
    PAIR_FACTS,
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
    return _choice(_pair_hash(slug_a, slug_b), fragment_id.encode(), count)


def _pair_hash(slug_a: str, slug_b: str) -> Any:
    """The pair's part of choice_index's hash, to be copied for each fragment."""
    first, second = sorted((slug_a, slug_b))
    return hashlib.blake2b(f"{first}\0{second}\0".encode(), digest_size=8)


def _choice(pair_hash: Any, fragment_id: bytes, count: int) -> int:
    digest = pair_hash.copy()
    digest.update(fragment_id)
    return int.from_bytes(digest.digest(), "big") % count


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
    first = text[:1]
    capital = first.upper()
    return text if capital == first else capital + text[1:]


_Written = tuple[str, dict[str, None]]  # what a part wrote, and the fields it read in order


class _Side:
    """What a Composer works out once per profile and reuses in every pair the profile is in."""

    __slots__ = (
        "cells",
        "conditions",
        "data",
        "notes",
        "occupation",
        "parts",
        "profile",
        "sentences",
        "values",
    )

    def __init__(self, profile: Profile, forms: TitleForms) -> None:
        self.profile = profile
        self.values = side_values(profile, forms)
        self.data = SideData(self.values)
        # table id -> a cell for each row, and whether any has text
        self.cells: dict[str, tuple[tuple[Cell, ...], bool]] = {}
        self.parts: dict[Part, _Written] = {}  # what each part reading this side wrote
        # Sentences whose every part reads only this side (as "a" or as "b", by phrasing).
        self.sentences: dict[Phrasing, Sentence | None] = {}
        self.conditions: dict[str, tuple[bool, ...]] = {}  # as "a" or "b": its one-sided conditions
        # The article's metadata about this profile: the same objects in every pair it is in.
        self.occupation = _occupation(profile)
        self.notes = tuple(new_note(n.slug, n.field, n.message) for n in review(profile))


_SIDES_LIMIT = 8192  # profiles remembered per Composer; past this, it starts again empty
_FACT_SENTENCES_LIMIT = 8192  # sentences of pair facts remembered; past this, the same


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
        self.serial_comma = serial_comma
        self.numbers = NumberFormat(locale, language=self.phrasebook.language)
        filters = make_filters(self.numbers, serial_comma=serial_comma)
        terms = self.phrasebook.terms

        def term(name: str) -> str:
            try:
                return terms[name]
            except KeyError:
                raise jinja2.UndefinedError(f"no [terms] entry for {name!r}") from None

        filters["term"] = term
        self.env = make_environment(filters, plain_reads(self.phrasebook.groups), plain_calls())
        self.env.globals["groups"] = Groups(self.phrasebook.groups)
        self.env.tests["top_coded"] = is_top_coded
        # What the filters are bound to: compiled code is reused only under the same binding.
        binding = repr((locale, serial_comma, sorted(terms.items())))
        self._code = CodeCache(self.env, context=binding)
        self.plan = Plan(self.phrasebook, self.env, self._code, frozenset(PAIR_FACTS))
        self._code.save()
        self._sides: dict[int, _Side] = {}
        self._constant_parts: dict[Part, _Written] = {}  # parts that read nothing
        self._constant_sentences: dict[Phrasing, Sentence | None] = {}
        # Sentences that read only pair facts (scope "cmp"), by phrasing and the facts' values.
        self._fact_sentences: dict[tuple[Any, ...], Sentence | None] = {}

    # --- the article ------------------------------------------------------------------------

    def compose(self, a: Profile, b: Profile) -> Article:
        """The article comparing ``a`` with ``b``.

        Raises PhrasebookError naming the fragment, slot, file and line of a fragment that
        fails, and CompositionError when the phrasebook cannot write the article.
        """
        if a.slug == b.slug:
            raise CompositionError(f"cannot compare {a.title!r} with itself")
        pair = _Pair(self, a, b)
        book = self.phrasebook
        title = pair.write(book.title_slot)
        if title is None:
            raise CompositionError("no fragment writes the article title", slot=book.title_slot)
        sections = []
        for spec in book.sections:
            blocks: list[Paragraph | Table] = []
            for slots in spec.paragraphs:
                written = [s for s in map(pair.write, slots) if s is not None]
                if written:
                    blocks.append(new_paragraph(tuple(written)))
            if spec.table:
                table = self._table(spec.table, pair.side_a, pair.side_b)
                if table is not None:
                    blocks.append(table)
            if not blocks:
                continue
            heading = pair.write(spec.heading) if spec.heading else None
            sections.append(new_section(spec.id, heading, tuple(blocks)))
        metadata = self._metadata(a, b, pair.side_a.notes, pair.side_b.notes)
        # The survey groups as the prose names them, which referring keeps apart from titles.
        groups = tuple(group(p.survey_group, self.serial_comma) for p in (a, b) if p.survey_group)
        named = refer(
            sections,
            pair.side_a.values["title"],
            pair.side_b.values["title"],
            groups,
            self.serial_comma,
        )
        return new_article(title, f"{a.slug}-vs-{b.slug}", named, metadata)

    # --- what tools ask: which fragments apply, and what each phrasing writes -----------------

    def applicable(self, slot: str, a: Profile, b: Profile) -> list[CompiledFragment]:
        """Every fragment of ``slot`` whose condition holds for this pair, in file order.

        Each condition is evaluated on its own, so an error names the fragment it is in.
        """
        facts = FactsData(compare(a, b))
        context = {"a": self._side(a).data, "b": self._side(b).data, "cmp": facts}
        entries = self.plan.slots.get(slot, ())
        return [e.compiled for e in entries if e.compiled.holds(context)]

    def phrasings(self, fragment: CompiledFragment, a: Profile, b: Profile) -> list[Sentence]:
        """The sentence each of a fragment's phrasings writes for this pair, in order.

        Raises PhrasebookError naming the fragment when a phrasing cannot render.
        """
        pair = _Pair(self, a, b)
        sentences = []
        for index in range(len(fragment.templates)):
            sentence = pair.render(fragment.phrasing(index))
            sentences.append(sentence or Sentence("", fragment.fragment.id, ()))
        return sentences

    def fragments(self) -> dict[str, CompiledFragment]:
        """Every compiled fragment of the phrasebook, by id."""
        return self.plan.fragments()

    # --- per profile --------------------------------------------------------------------------

    def _side(self, profile: Profile) -> _Side:
        side = self._sides.get(id(profile))
        if side is None or side.profile is not profile:
            if len(self._sides) >= _SIDES_LIMIT:
                self._sides.clear()
            forms = title_forms(profile.title, profile.title_forms)
            side = self._sides[id(profile)] = _Side(profile, forms)
        return side

    def _table(self, table_id: str, side_a: _Side, side_b: _Side) -> Table | None:
        """A table of the pair, leaving out rows with no value on either side."""
        cells_a, any_a = self._cells(table_id, side_a)
        cells_b, any_b = self._cells(table_id, side_b)
        if not (any_a or any_b):
            return None
        spec = self.plan.tables[table_id][0]
        oews = side_a.values["oews"] and side_b.values["oews"]
        rows = [
            new_row(
                row.oews_label if oews and row.oews_label else row.label,
                row.field,
                (cell_a, cell_b),
            )
            for row, cell_a, cell_b in zip(spec.rows, cells_a, cells_b, strict=True)
            if cell_a.text is not None or cell_b.text is not None
        ]
        # Columns name each side as the headline does; the official title is given once, in
        # the sources paragraph.
        columns = (side_a.values["title"].headline, side_b.values["title"].headline)
        return new_table(table_id, columns, tuple(rows))

    def _cells(self, table_id: str, side: _Side) -> tuple[tuple[Cell, ...], bool]:
        """A profile's cell for each row of a table, and whether any of them has text."""
        cells = side.cells.get(table_id)
        if cells is None:
            spec, templates = self.plan.tables[table_id]
            profile = side.profile
            globals_ = self.env.globals
            row_cells = tuple(
                _cell(template, globals_, profile.get(row.field), table_id, row.label)
                for row, template in zip(spec.rows, templates, strict=True)
            )
            cells = side.cells[table_id] = (row_cells, any(c.text is not None for c in row_cells))
        return cells

    def _metadata(
        self,
        a: Profile,
        b: Profile,
        notes_a: tuple[ReviewNote, ...],
        notes_b: tuple[ReviewNote, ...],
    ) -> Metadata:
        """The article's metadata, from what each side keeps of its profile."""
        occupations = (self._side(a).occupation, self._side(b).occupation)
        return new_metadata(_GENERATOR, self.locale, occupations, notes_a + notes_b)


def _cell(
    template: jinja2.Template, globals_: dict[str, Any], value: Any, table_id: str, label: str
) -> Cell:
    if value is None or value == ():
        return Cell(None)
    try:
        # What template.render(value=value) writes, without its detour through a new context
        # made from the template's globals (twice the cost of the cell, for every profile).
        text = " ".join(run(template, new_context(template, {**globals_, "value": value})).split())
    except TEMPLATE_ERRORS as exc:
        raise PhrasebookError(f"table {table_id}, row {label!r}: {describe(exc)}") from exc
    return Cell(text or None)


class _Pair:
    """One pair being written: its conditions' values, the templates' context, what was read.

    Templates render in a context built once per pair; parts and sentences that read one side
    only are remembered with that side's profile (see plan.Phrasing).
    """

    __slots__ = (
        "a",
        "b",
        "caches",
        "composer",
        "env",
        "facts",
        "pair_hash",
        "parent",
        "recorder",
        "sentences",
        "shared",
        "side_a",
        "side_b",
        "slots",
        "values",
    )

    def __init__(self, composer: Composer, a: Profile, b: Profile) -> None:
        self.composer = composer
        self.slots = composer.plan.slots
        self.a, self.b = a, b
        facts = self.facts = compare(a, b)
        side_a = self.side_a = composer._side(a)
        side_b = self.side_b = composer._side(b)
        env = self.env = composer.env
        globals_ = env.globals
        self.values = self._conditions(facts, globals_)
        recorder = self.recorder = Recorder()
        self.parent = {
            **globals_,
            "a": _view(side_a, "a", recorder),
            "b": _view(side_b, "b", recorder),
            "cmp": FactsView(facts, recorder),
        }
        self.shared: Context | None = None  # for the parts that only read, made on first use
        self.pair_hash = _pair_hash(a.slug, b.slug)  # choice_index's, computed once for the pair
        self.caches: dict[str | None, dict[Part, _Written]] = {
            "": composer._constant_parts,
            "a": side_a.parts,
            "b": side_b.parts,
        }
        self.sentences = {
            "": composer._constant_sentences,
            "a": side_a.sentences,
            "b": side_b.sentences,
        }

    def _conditions(self, facts: Facts, globals_: dict[str, Any]) -> tuple[Any, ...]:
        """Each condition's value for the pair, by position (see plan.Conditions): a bool for
        the one-sided ones, what the expression gave for the others."""
        conditions = self.composer.plan.conditions
        values: tuple[Any, ...] = ()
        for scope in conditions.SCOPES:
            template = conditions.groups[scope][0]
            if scope == "pair":
                variables = {"a": self.side_a.data, "b": self.side_b.data, "cmp": FactsData(facts)}
                context = new_context(template, {**globals_, **variables})
                # Tested for truth where a slot reads them (see write), not all of them here.
                values += conditions.evaluate(scope, context, variables)
                continue
            side = self.side_a if scope == "a" else self.side_b
            remembered = side.conditions.get(scope)
            if remembered is None:
                variables = {scope: side.data}
                context = new_context(template, {**globals_, **variables})
                found = conditions.evaluate(scope, context, variables)
                remembered = side.conditions[scope] = tuple(map(holds, found))
            values += remembered
        return values

    def _run(self, template: jinja2.Template, simple: bool) -> str:
        if simple:
            context = self.shared
            if context is None:
                context = self.shared = new_context(template, self.parent)
        else:
            context = new_context(template, self.parent)
        return run(template, context)

    def render(self, phrasing: Phrasing) -> Sentence | None:
        """The sentence a phrasing writes for this pair; None when it writes nothing."""
        texts = []
        used: dict[str, None] = {}
        recorder = self.recorder
        caches = self.caches
        try:
            for part in phrasing.parts:
                template = part.template
                if template is None:
                    texts.append(part.text)
                    continue
                cache = caches.get(part.reads)  # None for a part read afresh for each pair
                if cache is None:
                    recorder.used = used
                    texts.append(self._run(template, part.simple))
                    continue
                written = cache.get(part)
                if written is None:
                    recorder.used = {}
                    written = cache[part] = (self._run(template, part.simple), recorder.used)
                texts.append(written[0])
                used.update(written[1])  # keeps the order of first reads, as recording does
        except TEMPLATE_ERRORS as exc:
            message = f"cannot render for {self.a.slug} vs {self.b.slug}: {describe(exc)}"
            raise error(phrasing.fragment, message) from exc
        text = _tidy("".join(texts))
        if not text:
            return None
        if len(text) > MAX_TEXT:
            message = f"wrote more than {MAX_TEXT} characters for {self.a.slug} vs {self.b.slug}"
            raise error(phrasing.fragment, message)
        return new_sentence(text, phrasing.fragment.id, tuple(used))

    def write(self, slot: str) -> Sentence | None:
        """The sentence for one slot, or None when no fragment applies to this pair."""
        values = self.values
        chosen: Entry | None = None
        entries = self.slots.get(slot, ())
        try:
            for entry in entries:
                position = entry.position
                if position >= 0 and not values[position]:
                    continue
                if chosen is not None:  # more than one applies: priorities decide
                    chosen = _by_priority(slot, entries, values)
                    break
                chosen = entry
        except jinja2.UndefinedError:  # an undefined value, read as a condition alone reads it
            chosen = _by_priority(slot, entries, values)
        if chosen is None:
            return None
        compiled = chosen.compiled
        count = compiled.count
        index = _choice(self.pair_hash, compiled.choice_key, count) if count > 1 else 0
        phrasing = compiled.phrasing(index)
        scope = phrasing.scope
        if scope is None:
            return self.render(phrasing)
        if scope == "cmp":
            facts = self.facts
            key = (phrasing, *[getattr(facts, name) for name in phrasing.facts])
            found = self.composer._fact_sentences
            try:
                return found[key]
            except KeyError:
                if len(found) >= _FACT_SENTENCES_LIMIT:
                    found.clear()
                written = found[key] = self.render(phrasing)
                return written
        remembered = self.sentences[scope]
        try:
            return remembered[phrasing]
        except KeyError:
            written = remembered[phrasing] = self.render(phrasing)
            return written


def _by_priority(slot: str, entries: Sequence[Entry], values: tuple[Any, ...]) -> Entry | None:
    """The one entry of those that apply that writes the slot: the highest priority."""
    applying = [e for e in entries if e.position < 0 or holds(values[e.position])]
    if not applying:
        return None
    top = max(e.compiled.fragment.priority for e in applying)
    chosen = [e for e in applying if e.compiled.fragment.priority == top]
    if len(chosen) > 1:
        ids = ", ".join(e.compiled.fragment.id for e in chosen)
        raise CompositionError(
            f"fragments {ids} all apply at the same priority; "
            "make their conditions exclusive or give one a higher priority",
            slot=slot,
        )
    return chosen[0]


_GENERATOR = f"narrator {__version__}"


def _occupation(profile: Profile) -> Occupation:
    """An occupation as the article's metadata lists it."""
    source = profile.source
    return new_occupation(
        profile.title,
        profile.slug,
        profile.soc_code,
        None if source is None else new_source(source.name, source.release, source.url),
        tuple(
            new_field_source(s.name, s.release, s.url, tuple(s.fields), s.note)
            for s in profile.sources
        ),
    )


def _view(side: _Side, name: str, recorder: Recorder) -> SideView:
    view = SideView.__new__(SideView)
    view._values = side.values
    view._names = RECORDS[name]
    view._recorder = recorder
    return view


_DEFAULT: dict[tuple[str, bool], Composer] = {}


def compose(a: Profile, b: Profile, *, locale: str = "en_US", serial_comma: bool = True) -> Article:
    """Compose one article with the bundled phrasebook; composers are reused per locale."""
    key = (locale, serial_comma)
    composer = _DEFAULT.get(key)
    if composer is None:
        composer = _DEFAULT[key] = Composer(locale=locale, serial_comma=serial_comma)
    return composer.compose(a, b)
