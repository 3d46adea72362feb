"""List what a fragment can say: its phrasings and branches, or its sentences for one pair.

Editors changing a fragment want to see every sentence it can produce before they ship it:
``narrator variants FRAGMENT_ID`` counts its phrasings and ``{% if %}`` branches;
``narrator variants FRAGMENT_ID A B`` writes each distinct sentence for that pair and marks the
one the pair's articles use.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from jinja2 import nodes

from .compose import Composer, choice_index
from .errors import PhrasebookError
from .phrasebook import Fragment
from .plan import CompiledFragment
from .profile import Profile


@dataclass(frozen=True, slots=True)
class Shape:
    """How many ways a fragment can come out, before any data is known."""

    fragment: Fragment
    branches: tuple[int, ...]  # per phrasing: the number of if/else choices in it

    @property
    def upper_bound(self) -> int:
        """At most this many distinct sentences: each branch point can double a phrasing."""
        return sum(2**b for b in self.branches)

    def lines(self) -> list[str]:
        f = self.fragment
        out = [
            f"{f.id}: slot {f.slot}, {len(f.texts)} phrasing{'s' if len(f.texts) != 1 else ''}, "
            f"{sum(self.branches)} branch point{'s' if sum(self.branches) != 1 else ''}, "
            f"up to {self.upper_bound} distinct sentence{'s' if self.upper_bound != 1 else ''}",
            f"  when: {f.when or '(always)'}",
        ]
        for number, (text, branches) in enumerate(zip(f.texts, self.branches, strict=True), 1):
            flat = " ".join(text.split())
            out.append(
                f"  {number}. [{branches} branch point{'s' if branches != 1 else ''}] {flat}"
            )
        return out


def find_fragment(composer: Composer, fragment_id: str) -> CompiledFragment:
    """The compiled fragment with this id, or PhrasebookError listing the closest ids."""
    every = composer.fragments()
    if fragment_id in every:
        return every[fragment_id]
    close = difflib.get_close_matches(fragment_id, list(every), n=3, cutoff=0.4)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise PhrasebookError(
        f"no fragment has the id {fragment_id!r}{hint}", file=composer.phrasebook.root
    )


def shape(composer: Composer, fragment_id: str) -> Shape:
    """The phrasings and branch points of a fragment."""
    compiled = find_fragment(composer, fragment_id)
    counts = []
    for text in compiled.fragment.texts:
        tree = composer.env.parse(text)
        counts.append(len(list(tree.find_all((nodes.If, nodes.CondExpr)))))
    return Shape(compiled.fragment, tuple(counts))


def for_pair(composer: Composer, fragment_id: str, a: Profile, b: Profile) -> list[str]:
    """Each distinct sentence the fragment writes for ``a`` vs ``b``; ``*`` marks the one used."""
    compiled = find_fragment(composer, fragment_id)
    if compiled not in composer.applicable(compiled.fragment.slot, a, b):
        return [
            f"{fragment_id} does not apply to {a.title} vs {b.title} "
            f"(when: {compiled.fragment.when})"
        ]
    chosen = choice_index(a.slug, b.slug, fragment_id, len(compiled.templates))
    lines: list[str] = []
    seen: set[str] = set()
    for index, sentence in enumerate(composer.phrasings(compiled, a, b)):
        if sentence.text in seen:
            continue
        seen.add(sentence.text)
        lines.append(f"{'*' if index == chosen else ' '} {sentence.text}")
    return lines
