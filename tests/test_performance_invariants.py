"""What the speed-ups must keep: the same bytes, whatever is cached or remembered.

A Composer remembers per-profile work, evaluates every condition in one call and renders
phrasings in parts; grammar remembers inflect's answers on disk; compiled template code is kept
in the cache folder; orjson writes JSON instead of json's slow indenting encoder. Each test here
pins one of those to the plain way of doing the same thing. No test measures time.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

import narrator
from narrator import cache, forms, grammar, numbers, plan
from narrator.catalog import Catalog
from narrator.compose import Composer, _tidy
from narrator.formats.common import md_escape, md_inline
from narrator.formats.json import render_json
from narrator.formats.jsonl import jsonl_line, jsonl_record
from narrator.numbers import NumberFormat
from narrator.phrasebook import _line_of, load_phrasebook
from narrator.profile import AtLeast, parse_profile
from narrator.render import render
from narrator.templates import CodeCache, _read_codes

ROOT = Path(__file__).parent.parent
COMPARE = ["compare", "Loan Officers", "Bill and Account Collectors"]


def _sample(bundled: Catalog, catalog: Catalog) -> list[tuple[narrator.Profile, narrator.Profile]]:
    """Every ordered pair of the test profiles, and a spread of bundled pairs both ways round."""
    profiles = sorted(bundled, key=lambda p: p.slug)
    spread = list(itertools.islice(itertools.combinations(profiles, 2), 0, None, 2_711))
    return [
        *itertools.permutations(list(catalog), 2),
        *spread,
        *[(b, a) for a, b in spread[::3]],
    ]


def test_a_reused_composer_writes_what_a_fresh_one_writes(bundled: Catalog) -> None:
    """Remembered per-profile work never leaks into another pair: order does not matter."""
    profiles = sorted(bundled, key=lambda p: p.slug)
    pairs = list(itertools.islice(itertools.combinations(profiles, 2), 0, None, 9_973))
    forwards, backwards = Composer(), Composer()
    first = [render(forwards.compose(a, b), "json") for a, b in pairs]
    second = [render(backwards.compose(a, b), "json") for a, b in reversed(pairs)]
    assert first == second[::-1]
    for (a, b), text in zip(pairs[:5], first, strict=False):
        assert render(Composer().compose(a, b), "json") == text  # a fresh one


def _phrasebook_copy(folder: Path, old: str, new: str) -> Path:
    """The bundled phrasebook, copied into ``folder`` with one text replaced."""
    folder.mkdir()
    replaced = False
    for path in Path(load_phrasebook().root).glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        replaced = replaced or old in text
        (folder / path.name).write_text(text.replace(old, new), encoding="utf-8")
    assert replaced, old
    return folder


def test_errors_do_not_depend_on_what_was_written_before(tmp_path: Path) -> None:
    """A phrasebook error is the same from a fresh Composer and from one that wrote others."""
    book_dir = _phrasebook_copy(
        tmp_path / "book",
        "Both jobs pay best in {{ a.highest_paying_state | place }}.",
        "Both jobs pay best in {{ a.no_such_field }}.",
    )
    composer = Composer(load_phrasebook(book_dir))
    plain = [parse_profile(f'title = "Plain {n}"\nyearly_salary = {n}000') for n in range(1, 5)]
    for a, b in itertools.permutations(plain, 2):
        composer.compose(a, b)  # what it remembers must not change the error
    clash = parse_profile('title = "Twin"\nhighest_paying_state = "Ohio"')
    other = parse_profile('title = "Other Twin"\nhighest_paying_state = "Ohio"')
    with pytest.raises(narrator.PhrasebookError) as fast:
        composer.compose(clash, other)
    with pytest.raises(narrator.PhrasebookError) as fresh:
        Composer(load_phrasebook(book_dir)).compose(clash, other)
    assert str(fast.value) == str(fresh.value)
    assert "pay.state.same" in str(fast.value)


def test_json_writers_write_what_json_dumps_writes(bundled: Catalog, catalog: Catalog) -> None:
    """orjson writes the JSON and JSON-lines texts json.dumps writes, for composed articles."""
    composer = Composer()
    for a, b in _sample(bundled, catalog)[::7]:
        article = composer.compose(a, b)
        data = article.to_dict()
        assert render_json(article) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        compact = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert jsonl_record(article) == compact
        assert jsonl_line(article) == (compact + "\n").encode("utf-8")


def test_md_escape_is_the_plain_rule() -> None:
    """Markdown escaping with its shortcuts equals the substitutions it stands for."""
    special = re.compile(r"([\\`*_\[\]<>~])")
    rng = random.Random(7)
    alphabet = ["a", " ", "\t", "\n", "\r", "#", "-", "+", "1", "2.", "3)", ".", "*", "_", "`"]
    alphabet += ["[", "]", "<", ">", "~", "\\", "|", "&", "&amp;", "#6;", "www.", "://", "@", "{"]
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        inline = special.sub(r"\\\1", re.sub(r"\r\n?|\n", " ", text))
        inline = re.sub(r"&(?=#?[0-9A-Za-z]+;)", r"\\&", inline)
        inline = inline.replace("www.", "www\\.").replace("://", "\\://").replace("@", "\\@")
        inline = re.sub(r"(?<=\{)\{", r"\\{", inline)
        assert md_inline(text) == inline, text
        block = inline.lstrip(" \t")
        block = re.sub(r"^(#(?=#{0,5}(?:[ \t]|$))|[-+](?=[ \t]|$)|-(?=[- \t]*$))", r"\\\1", block)
        block = re.sub(r"^(\d{1,9})([.)])(?=[ \t]|$)", r"\1\\\2", block)
        block = re.sub(r"(?<=[ \t])(#+[ \t]*)$", r"\\\1", block)
        assert md_escape(text) == block, text


def test_tidy_is_the_plain_rule() -> None:
    """Tidying with its shortcut for text that is already tidy equals splitting and joining."""
    rng = random.Random(11)
    # Spaces of every kind str.split() splits on, and characters that only look like them.
    alphabet = ["a", "B", ".", "é", " ", "  ", "\n", "\t", "\r", "\x0b", "\x0c", "\x1c"]
    alphabet += ["\x85", "\xa0", "\u2028", "\u2029", "\u3000", "\u200b", "\ufeff"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 7)))
        joined = " ".join(text.split())
        assert _tidy(text) == joined[:1].upper() + joined[1:], repr(text)


def test_remembered_numbers_keep_their_digits() -> None:
    """Numbers are remembered by type and exact text, so equal values that print differently
    still do, in any order."""
    values = [Decimal("40.4"), Decimal("40.40"), Decimal(40), 40, 40.0, AtLeast(40), 0.6]
    for order in (values, values[::-1]):
        fmt = NumberFormat()
        for value in order:
            numbers._MEMOS.clear()  # a NumberFormat that remembers nothing yet
            fresh = NumberFormat()
            assert fmt.percent(value) == fresh.percent(value), value
            assert fmt.decimal(value) == fresh.decimal(value), value
            assert fmt.money(value, cents=True) == fresh.money(value, cents=True), value
            assert fmt.count(value) == fresh.count(value), value
            assert fmt.percent(value, 1) == fresh.percent(value, 1), value


def test_fragment_lines_are_found_as_before() -> None:
    """Finding a fragment's line without a pattern per id gives the line the pattern gave."""

    def by_pattern(text: str, fragment_id: str) -> int | None:
        pattern = rf'^[ \t]*id[ \t]*=\s*["\']{re.escape(fragment_id)}["\']'
        match = re.search(pattern, text, re.MULTILINE)
        return text.count("\n", 0, match.start()) + 1 if match else None

    rng = random.Random(11)
    pieces = ["id", " ", "\t", "\n", "=", '"', "'", "x", "xy", "id=", '\n id = "x"']
    for _ in range(5_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        for fragment_id in ("x", "xy", "", 'x"', "id"):
            assert _line_of(text, fragment_id) == by_pattern(text, fragment_id), (text, fragment_id)


# --- the sandbox shortcut -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "{{ a.__class__ }}",
        "{{ a._values }}",
        "{{ cmp.matching.__func__ }}",
        "{{ a.title.__class__.__mro__ }}",
        "{{ a.no_such_field }}",
    ],
)
def test_templates_still_cannot_reach_internals(
    catalog: Catalog, tmp_path: Path, text: str
) -> None:
    """Reads of narrator's own data may skip the sandbox's check; nothing else ever does."""
    book_dir = _phrasebook_copy(tmp_path / "book", 'text = "At a glance"', f"text = {text!r}")
    composer = Composer(load_phrasebook(book_dir))
    seed = [catalog.find(name) for name in ("loss-mitigation-specialist", "account-specialist")]
    for _ in range(4):  # whatever a Composer remembers between articles
        for a, b in itertools.permutations(seed, 2):
            with pytest.raises(narrator.PhrasebookError):
                composer.compose(a, b)


# --- the grammar memo ---------------------------------------------------------------------------


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NARRATOR_CACHE_DIR", str(tmp_path))
    return tmp_path


QUESTIONS = [
    ("a", "apple"),
    ("a", "usher"),
    ("plural_noun", "chief of staff"),
    ("plural_noun", "parts salesperson"),
    ("singular_noun", "Auditors"),
    ("singular_noun", "Bus"),
    ("join", ("pay", "growth", "hours"), ",", ",", "and"),
    ("join", ("pay", "growth"), ",", "", "or"),
    ("number_to_words", "1101"),
    ("ordinal", "twenty-one"),
]


def test_grammar_memo_gives_inflects_answers(cache_folder: Path) -> None:
    """A memo filled in one process and read in another answers exactly as inflect does."""
    first = grammar._InflectMemo()
    asked = [first.ask(*question) for question in QUESTIONS]
    first.save()
    assert first.file is not None and first.file.exists()
    second = grammar._InflectMemo()
    reread = [second.ask(*question) for question in QUESTIONS]
    direct = [grammar._QUESTIONS[q](grammar._engine(), *args) for q, *args in QUESTIONS]
    assert asked == reread == direct
    assert not second.new  # every answer came from the file


def test_title_forms_with_and_without_the_memo(
    bundled: Catalog, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every bundled title reads the same whether inflect's answers come from the memo or not."""
    titles = [(p.title, tuple(sorted(p.title_forms.items()))) for p in bundled]

    def all_forms(memo: grammar._InflectMemo) -> list[forms.TitleForms]:
        monkeypatch.setattr(grammar, "_ask", memo.ask)
        monkeypatch.setattr(forms, "_ask", memo.ask)
        forms._title_forms.cache_clear()
        return [forms._title_forms(title, overrides) for title, overrides in titles]

    filling = grammar._InflectMemo()
    remembered = all_forms(filling)
    filling.save()
    from_file = all_forms(grammar._InflectMemo())

    class Direct(grammar._InflectMemo):
        def ask(self, question: str, *args: object) -> object:
            return grammar._QUESTIONS[question](grammar._engine(), *args)

    direct = all_forms(Direct())
    forms._title_forms.cache_clear()
    assert remembered == from_file == direct


def test_a_stale_memo_is_not_used(cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A memo written for another narrator version is never read."""
    monkeypatch.setattr("narrator._version.__version__", "0.0.0-stale")
    stale = grammar._InflectMemo()
    stale.ask("a", "apple")
    assert stale.answers is not None
    stale.answers[("a", "apple")] = stale.new[("a", "apple")] = "a apple"  # a wrong answer
    stale.save()
    assert grammar._InflectMemo().ask("a", "apple") == "a apple"  # the file is what is read
    monkeypatch.undo()
    monkeypatch.setenv("NARRATOR_CACHE_DIR", str(cache_folder))
    current = grammar._InflectMemo()
    assert current.file != stale.file
    assert current.ask("a", "apple") == "an apple"


def test_a_damaged_memo_is_ignored(cache_folder: Path) -> None:
    """A memo file that is not a memo costs only speed."""
    file = grammar.memo_file()
    assert file is not None
    file.write_bytes(b"not a pickle")
    assert grammar._InflectMemo().ask("a", "hour") == "an hour"


def test_caching_off_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """With NARRATOR_CACHE_DIR=off there is no memo file and no code file; output is the same."""
    monkeypatch.setenv("NARRATOR_CACHE_DIR", "off")
    assert grammar.memo_file() is None
    memo = grammar._InflectMemo()
    assert memo.ask("a", "honest broker") == "an honest broker"
    memo.save()  # nothing to write to, and no error
    composer = Composer()
    assert composer._code.file is None


# --- compiled code kept between runs -----------------------------------------------------------


def test_code_cache_gives_the_same_articles(
    bundled: Catalog, catalog: Catalog, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Composer built from cached code writes what one that compiled everything writes."""
    cold = Composer()
    file = cold._code.file
    assert file is not None and file.exists()
    written = file.stat().st_mtime_ns
    warm = Composer()
    assert file.stat().st_mtime_ns == written, "everything should have come from the cache"
    with monkeypatch.context() as patch:
        patch.setenv("NARRATOR_CACHE_DIR", "off")
        uncached = Composer()
    for a, b in _sample(bundled, catalog)[::5]:
        texts = {render(c.compose(a, b), "json") for c in (cold, warm, uncached)}
        assert len(texts) == 1, (a.slug, b.slug)


def test_code_cache_is_per_binding_and_survives_damage(cache_folder: Path) -> None:
    """Another locale or serial comma uses other code; a damaged code file is ignored."""
    bindings = itertools.product(("en_US", "en_IN"), (True, False))
    files = {Composer(locale=locale, serial_comma=comma)._code.file for locale, comma in bindings}
    assert len(files) == 4
    us = Composer()._code.file
    assert us is not None
    us.write_bytes(b"\x00garbage")
    composer = Composer()
    assert _read_codes(us), "compiled afresh and written again"
    article = composer.compose(*list(Catalog.bundled())[:2])
    assert article.title.text


def test_code_cache_knows_a_template_by_its_text(cache_folder: Path) -> None:
    """A cached template renders exactly as the one compiled from the same text."""
    env = Composer()._code.env
    first = CodeCache(env)
    template = first.template("{{ x | upper }} and {{ y }}")
    first.save()
    second = CodeCache(env)
    again = second.template("{{ x | upper }} and {{ y }}")
    assert not second.new
    assert template.render(x="a", y="b") == again.render(x="a", y="b") == "A and b"
    expression = second.expression("x > 1")
    assert expression(x=2) is True and expression(x=0) is False


def test_a_phrasing_is_cut_once_and_kept(
    bundled: Catalog, catalog: Catalog, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How each phrasing was cut into parts, and the parts' code, are saved as a process ends;
    a later Composer takes them from the cache, cuts nothing, and writes the same articles."""
    pairs = _sample(bundled, catalog)[::7]
    cold = Composer()
    written = [render(cold.compose(a, b), "json") for a, b in pairs]
    cache.save_memos()  # what a process does as it ends

    def cut_again(*args: object) -> None:
        raise AssertionError("a phrasing was cut again")

    monkeypatch.setattr(plan, "_cut", cut_again)
    warm = Composer()
    assert [render(warm.compose(a, b), "json") for a, b in pairs] == written
    assert not warm._code.new, "nothing new to save"


# --- start-up ------------------------------------------------------------------------------------


def _run_compare(cache: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from narrator.cli import main\n"
        f"status = main({COMPARE!r})\n"
        "for name in ('inflect', 'babel', 'tomllib'):\n"
        "    print(name, 'imported:', name in sys.modules, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    env = {**os.environ, "NARRATOR_CACHE_DIR": cache}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )


def test_compare_with_a_warm_cache_does_not_import_inflect(tmp_path: Path) -> None:
    """Once a run has remembered inflect's and babel's answers, the validated profiles and the
    parsed phrasebook, compare imports neither inflect nor babel and parses no TOML."""
    first = _run_compare(str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert "babel imported: True" in first.stderr
    second = _run_compare(str(tmp_path))
    assert second.returncode == 0, second.stderr
    for name in ("inflect", "babel", "tomllib"):
        assert f"{name} imported: False" in second.stderr
    assert second.stdout == first.stdout
    off = _run_compare("off")
    assert off.returncode == 0, off.stderr
    assert off.stdout == first.stdout
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == [
        "inflect",
        "numbers",
        "phrasebook",
        "profiles",
        "templates",
    ]
