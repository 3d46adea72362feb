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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from . import __version__
from .article import Article, Cell, Paragraph, Section, Sentence, Table, TableRow
from .errors import CompositionError, PhrasebookError
from .facts import Facts, compare
from .filters import is_top_coded, make_filters
from .fragments import (
    CompiledFragment,
    Phrasebook,
    compile_cells,
    compile_fragment,
    load_phrasebook,
    make_environment,
)
from .grammar import TitleForms, title_forms
from .numbers import NumberFormat
from .profile import FIELD_NAMES, Profile
from .review import review


def choice_index(slug_a: str, slug_b: str, fragment_id: str, count: int) -> int:
    """Which of ``count`` phrasings a pair gets: stable across runs, machines and processes.

    The pair is unordered, so A-vs-B and B-vs-A read alike.

    >>> choice_index("b", "a", "x", 3) == choice_index("a", "b", "x", 3)
    True
    """
    if count == 1:
        return 0
    first, second = sorted((slug_a, slug_b))
    digest = hashlib.blake2b(f"{first}\0{second}\0{fragment_id}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big") % count


class _Recorder:
    """Collects the profile fields a template reads while it renders."""

    __slots__ = ("used",)

    def __init__(self) -> None:
        self.used: dict[str, None] = {}  # an ordered set

    def add(self, *names: str) -> None:
        for name in names:
            self.used[name] = None


class SideView:
    """One occupation as a template sees it: ``a.yearly_salary``, ``a.title``.

    Reading a field records it; ``title`` gives the running-text forms of the title, and
    ``name`` the display title.
    """

    __slots__ = ("_forms", "_profile", "_recorder", "_side")

    def __init__(self, profile: Profile, side: str, forms: TitleForms, recorder: _Recorder):
        self._profile = profile
        self._side = side
        self._forms = forms
        self._recorder = recorder

    def __getattr__(self, name: str) -> Any:
        if name == "name":
            self._recorder.add(f"{self._side}.title")
            return self._profile.title
        if name not in FIELD_NAMES:
            raise AttributeError(name)
        self._recorder.add(f"{self._side}.{name}")
        if name == "title":
            return self._forms
        return self._profile.get(name)


class FactsView:
    """The comparisons as a template sees them: ``cmp.yearly_salary.higher``.

    Reading a comparison records the fields it was computed from.
    """

    __slots__ = ("_facts", "_recorder")

    def __init__(self, facts: Facts, recorder: _Recorder) -> None:
        self._facts = facts
        self._recorder = recorder

    def __getattr__(self, name: str) -> Any:
        if name in self._facts:
            comparison = self._facts[name]
            self._recorder.add(*comparison.fields)
            return comparison
        if name == "shared_skills":
            self._recorder.add("a.top_skills", "b.top_skills")
            return self._facts.shared_skills
        if name in ("same_time_span",):
            self._recorder.add("a.time_to_become", "b.time_to_become")
            return self._facts.same_time_span
        if name == "same_degree":
            self._recorder.add("a.most_common_degree", "b.most_common_degree")
            return self._facts.same_degree
        if name == "same_major":
            self._recorder.add("a.most_common_major", "b.most_common_major")
            return self._facts.same_major
        raise AttributeError(name)

    def matching(self, names: Sequence[str]) -> list[str]:
        """Those of the named metrics that are known for both and equal."""
        return [name for name in names if getattr(self, name).same]

    def differing(self, names: Sequence[str]) -> list[str]:
        """Those of the named metrics that are known for both and differ."""
        return [name for name in names if getattr(self, name).differs]


@dataclass(frozen=True, slots=True)
class _Table:
    spec_id: str
    labels: tuple[str, ...]
    fields: tuple[str, ...]
    cells: tuple[jinja2.Template, ...]


def _tidy(text: str) -> str:
    # Templates span lines for readability; a sentence is one line, starting with a capital.
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] if text else text


class Composer:
    """Compiles a phrasebook once for a locale and writes articles from pairs of profiles."""

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
        self.env = make_environment(filters)
        self.env.globals["groups"] = self.phrasebook.groups
        self.env.tests["top_coded"] = is_top_coded
        self.fragments: dict[str, tuple[CompiledFragment, ...]] = {
            slot: tuple(compile_fragment(self.env, f) for f in fragments)
            for slot, fragments in self.phrasebook.by_slot.items()
        }
        self.tables = {
            table_id: _Table(
                table_id,
                tuple(row.label for row in spec.rows),
                tuple(row.field for row in spec.rows),
                compile_cells(self.env, spec),
            )
            for table_id, spec in self.phrasebook.tables.items()
        }

    # --- one slot ---------------------------------------------------------------------------

    def _context(self, a: Profile, b: Profile, facts: Facts) -> tuple[dict[str, Any], _Recorder]:
        recorder = _Recorder()
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

    def write_slot(self, slot: str, a: Profile, b: Profile, facts: Facts) -> Sentence | None:
        """The sentence for one slot, or None when no fragment applies to this pair."""
        candidates = self.applicable(slot, a, b, facts)
        if not candidates:
            return None
        top = max(c.fragment.priority for c in candidates)
        chosen = [c for c in candidates if c.fragment.priority == top]
        if len(chosen) > 1:
            ids = ", ".join(c.fragment.id for c in chosen)
            raise CompositionError(
                f"fragments {ids} all apply at the same priority; "
                "make their conditions exclusive or give one a higher priority",
                slot=slot,
            )
        fragment = chosen[0]
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
        book = self.phrasebook
        title = self.write_slot(book.title_slot, a, b, facts)
        if title is None:
            raise CompositionError("no fragment writes the article title", slot=book.title_slot)
        sections = []
        for spec in book.sections:
            blocks: list[Paragraph | Table] = []
            for slots in spec.paragraphs:
                sentences = [self.write_slot(slot, a, b, facts) for slot in slots]
                written = tuple(s for s in sentences if s is not None)
                if written:
                    blocks.append(Paragraph(written))
            if spec.table:
                table = self.write_table(spec.table, a, b)
                if table is not None:
                    blocks.append(table)
            if not blocks:
                continue
            heading = self.write_slot(spec.heading, a, b, facts) if spec.heading else None
            sections.append(Section(spec.id, heading, tuple(blocks)))
        return Article(
            title=title,
            slug=f"{a.slug}-vs-{b.slug}",
            sections=tuple(sections),
            metadata=self._metadata(a, b),
        )

    def _metadata(self, a: Profile, b: Profile) -> dict[str, Any]:
        def occupation(profile: Profile) -> dict[str, Any]:
            source = profile.source
            return {
                "title": profile.title,
                "slug": profile.slug,
                "source": (
                    {"name": source.name, "release": source.release, "url": source.url}
                    if source
                    else None
                ),
            }

        return {
            "generator": f"narrator {__version__}",
            "locale": self.locale,
            "occupations": [occupation(a), occupation(b)],
            "review": [note.to_dict() for note in review(a) + review(b)],
        }


_DEFAULT: dict[tuple[str, bool], Composer] = {}


def compose(a: Profile, b: Profile, *, locale: str = "en_US", serial_comma: bool = True) -> Article:
    """Compose one article with the bundled phrasebook; composers are reused per locale."""
    key = (locale, serial_comma)
    composer = _DEFAULT.get(key)
    if composer is None:
        composer = _DEFAULT[key] = Composer(locale=locale, serial_comma=serial_comma)
    return composer.compose(a, b)
