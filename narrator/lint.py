"""Check a phrasebook for the mistakes an editor can make, one line per problem.

Static checks read each fragment's templates: syntax errors, fields the Profile model does not
have, grammar written by hand next to a variable ("a {{", "{{ x }}s"), and numbers printed
without a number filter. Dynamic checks run the fragments over the corpus of
:mod:`narrator.samples`: a condition that never holds, and two fragments of one slot that apply
to the same pair at the same priority, with no rule to choose between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import nodes

from .compose import Composer
from .errors import NarratorError, PhrasebookError
from .facts import DERIVED_METRICS, NUMERIC_METRICS
from .filters import make_filters
from .numbers import NumberFormat
from .phrasebook import Fragment, Phrasebook, load_phrasebook
from .profile import Profile
from .samples import distinct, sample_pairs
from .templates import make_environment
from .views import RECORDS, FactsView


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One finding: where it is and what is wrong."""

    file: str
    line: int
    fragment: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.fragment}: {self.message}"


SIDE_NAMES = frozenset(RECORDS["a"])
CMP_NAMES = (
    frozenset(NUMERIC_METRICS)
    | frozenset(DERIVED_METRICS)
    | {name for name in dir(FactsView) if not name.startswith("_")}
    | {"shared_skills", "same_time_span", "same_degree", "same_major"}
)
# Attributes that hold numbers: printing one needs a number filter.
NUMERIC_ATTRS = frozenset(NUMERIC_METRICS) | {"low", "high", "share", "percent", "times", "a", "b"}
NUMBER_FILTERS = frozenset(
    {"money", "money_range", "percent", "count", "decimal", "duration", "duration_range", "shares"}
)
HAND_ARTICLE = re.compile(r"\b(?:a|an|A|An)\s+\{\{")
HAND_SUFFIX = re.compile("\\}\\}(?:s|'s|\u2019s|es)\\b")


def _text_line(source: str, fragment: Fragment, text: str) -> int:
    """The file line where a phrasing starts (best effort: its first line's text)."""
    if not fragment.line:
        return 1
    first = text.strip().splitlines()[0][:40] if text.strip() else ""
    lines = source.splitlines()
    for number in range(fragment.line - 1, len(lines)):
        if first and first in lines[number]:
            return number + 1
    return fragment.line


def _attr_chain(node: nodes.Node) -> list[str]:
    """``a.salary_range.low`` → ["a", "salary_range", "low"]; [] if not a plain chain."""
    chain: list[str] = []
    while isinstance(node, nodes.Getattr):
        chain.insert(0, node.attr)
        node = node.node
    if isinstance(node, nodes.Name):
        return [node.name, *chain]
    return []


class _Static:
    """Static checks of one fragment's condition and phrasings."""

    def __init__(self, env: jinja2.Environment, fragment: Fragment, source: str) -> None:
        self.env = env
        self.fragment = fragment
        self.source = source

    def problem(self, line: int, message: str) -> Problem:
        return Problem(self.fragment.file, line, self.fragment.id, message)

    def run(self) -> Iterator[Problem]:
        f = self.fragment
        line = f.line or 1
        if f.when:
            try:
                tree = self.env.parse("{{ " + f.when + " }}")
            except jinja2.TemplateSyntaxError as exc:
                yield self.problem(line, f"syntax error in 'when': {exc.message}")
            else:
                yield from self.names(tree, line)
        for text in f.texts:
            text_line = _text_line(self.source, f, text)
            try:
                tree = self.env.parse(text)
            except jinja2.TemplateSyntaxError as exc:
                yield self.problem(
                    text_line + (exc.lineno or 1) - 1, f"syntax error: {exc.message}"
                )
                continue
            yield from self.names(tree, text_line)
            yield from self.outputs(tree, text_line)
            for match in HAND_ARTICLE.finditer(text):
                yield self.problem(
                    text_line + text.count("\n", 0, match.start()),
                    f"article written by hand: {match.group(0)!r}; use the indefinite filter",
                )
            for match in HAND_SUFFIX.finditer(text):
                yield self.problem(
                    text_line + text.count("\n", 0, match.start()),
                    f"ending written by hand: {match.group(0)!r}; use plural or possessive",
                )

    def names(self, tree: nodes.Template, line: int) -> Iterator[Problem]:
        for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
            attr = getattr(node, "attr", None)
            if attr is None and isinstance(node, nodes.Getitem):
                key = node.arg
                attr = key.value if isinstance(key, nodes.Const) else None
            if isinstance(attr, str) and attr.startswith("_"):
                yield self.problem(line, f"reaches for the private name {attr!r}; not allowed")
        for node in tree.find_all(nodes.Getattr):
            chain = _attr_chain(node)
            if len(chain) < 2 or isinstance(getattr(node, "node", None), nodes.Getattr):
                continue
            root, attr = chain[0], chain[1]
            if root in ("a", "b") and attr not in SIDE_NAMES:
                yield self.problem(line, f"profiles have no field {attr!r} ({root}.{attr})")
            elif root == "cmp" and attr not in CMP_NAMES:
                yield self.problem(line, f"no comparison named {attr!r} (cmp.{attr})")

    def outputs(self, tree: nodes.Template, line: int) -> Iterator[Problem]:
        for output in tree.find_all(nodes.Output):
            for expr in output.nodes:
                if isinstance(expr, nodes.TemplateData):
                    continue
                chain = _attr_chain(expr)
                if chain and chain[-1] in NUMERIC_ATTRS and chain[0] in ("a", "b", "cmp", "value"):
                    yield self.problem(
                        line,
                        f"number printed without a number filter: {{{{ {'.'.join(chain)} }}}}",
                    )


def static_problems(book: Phrasebook) -> list[Problem]:
    """Syntax, field-name and hand-grammar problems in every fragment."""
    env = make_environment(make_filters(NumberFormat("en_US")))
    sources: dict[str, str] = {}
    found: list[Problem] = []
    for fragment in book.fragments:
        if fragment.file not in sources:
            sources[fragment.file] = Path(fragment.file).read_text(encoding="utf-8")
        found.extend(_Static(env, fragment, sources[fragment.file]).run())
    return found


def dynamic_problems(book: Phrasebook, pairs: Sequence[tuple[Profile, Profile]]) -> list[Problem]:
    """Conditions that never hold and same-priority ties, over the sample pairs."""
    composer = Composer(book)
    held: set[str] = set()
    rendered: set[str] = set()  # fragments already reported as failing to render
    ties: dict[tuple[str, ...], tuple[str, str]] = {}
    found: list[Problem] = []
    for a, b in pairs:
        for slot in book.by_slot:
            try:
                applying = composer.applicable(slot, a, b)
            except PhrasebookError as exc:
                found.append(
                    Problem(exc.file or book.root, exc.line or 1, exc.fragment or "-", exc.message)
                )
                continue
            held.update(c.fragment.id for c in applying)
            for compiled in applying:
                if compiled.fragment.id in rendered:
                    continue
                try:
                    composer.phrasings(compiled, a, b)
                except PhrasebookError as exc:
                    rendered.add(compiled.fragment.id)
                    found.append(
                        Problem(
                            exc.file or book.root, exc.line or 1, compiled.fragment.id, exc.message
                        )
                    )
            if len(applying) > 1:
                top = max(c.fragment.priority for c in applying)
                tied = tuple(sorted(c.fragment.id for c in applying if c.fragment.priority == top))
                if len(tied) > 1:
                    ties.setdefault(tied, (a.slug, b.slug))
    by_id = {f.id: f for f in book.fragments}
    for fragment in book.fragments:
        if fragment.id not in held:
            found.append(
                Problem(
                    fragment.file,
                    fragment.line or 1,
                    fragment.id,
                    f"condition never holds for any of {len(pairs)} sample pairs",
                )
            )
    for tied, (slug_a, slug_b) in sorted(ties.items()):
        first = by_id[tied[0]]
        found.append(
            Problem(
                first.file,
                first.line or 1,
                first.id,
                f"applies together with {', '.join(tied[1:])} at the same priority "
                f"(e.g. {slug_a} vs {slug_b}); make the conditions exclusive or set priority",
            )
        )
    return found


def lint(root: str | Path | None = None, bases: Sequence[Profile] = ()) -> list[Problem]:
    """Every problem in the phrasebook at ``root`` (the bundled one by default), sorted.

    A phrasebook that cannot even be loaded gives one problem, from the loader.
    """
    try:
        book = load_phrasebook(root)
    except PhrasebookError as exc:
        return [Problem(exc.file or str(root), exc.line or 1, exc.fragment or "-", exc.message)]
    found = static_problems(book)
    if not found:
        try:
            found = dynamic_problems(book, distinct(sample_pairs(bases)))
        except NarratorError as exc:
            found = [Problem(book.root, 1, "-", str(exc))]
    return sorted(set(found))
