"""The sandboxed Jinja2 environment that phrasebook templates run in, and their compiled code.

:func:`make_environment` builds the environment: Jinja2's immutable sandbox with strict
undefined values, narrator's filters, and a quicker way through reads of narrator's own data
(:class:`Sandbox`). :class:`CodeCache` compiles templates in it and keeps the generated code in
the cache folder between runs.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import types
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

from ._jinja import (
    PlainReads,
    parse_expression,
    result_template,
    set_plain_classes,
    wants_context,
)
from ._version import __version__
from .cache import file_stamps, module_stamp, save_at_exit, write_cache_file

# What a fragment may print: text and numbers. Anything else prints as Python writes it, with a
# memory address (``<... object at 0x7f...>``): output that differs from run to run, and a look
# at narrator's internals.
_PRINTABLE = (str, int, float, Decimal)

# Jinja2's own filters that fragments may use: those that neither print Python objects
# (``string``, ``pprint``, ``tojson``, ``format``...) nor grow text without bound (``replace``,
# ``wordwrap``, ``indent``...) nor answer at random (``random``).
SAFE_FILTERS = frozenset(
    {
        "abs",
        "capitalize",
        "count",
        "default",
        "d",
        "first",
        "float",
        "int",
        "join",
        "last",
        "length",
        "list",
        "lower",
        "map",
        "max",
        "min",
        "reject",
        "rejectattr",
        "reverse",
        "round",
        "select",
        "selectattr",
        "sort",
        "sum",
        "trim",
        "unique",
        "upper",
    }
)

# Bounds on what one template may build: no fragment needs more, and without them a fragment
# could run for hours or fill the memory.
MAX_RANGE = 100  # items of range()
MAX_TEXT = 2000  # characters of a string built by *, % or join; items of a list built by *
MAX_BITS = 4096  # of an integer power


def _finalize(value: Any) -> Any:
    # A missing metric must never print as "None"; the fragment's condition should have
    # excluded it, so this is a phrasebook bug worth failing loudly on.
    if value is None:
        raise jinja2.UndefinedError("a missing value (None) reached the output")
    if isinstance(value, bool) or not isinstance(value, _PRINTABLE):
        kind = "a missing value" if isinstance(value, jinja2.Undefined) else type(value).__name__
        raise SecurityError(f"cannot print {kind}; write it with a filter")
    return value


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise SecurityError(f"range() of more than {MAX_RANGE} items")
    return numbers


def _scalar(value: Any) -> bool:
    return isinstance(value, _PRINTABLE) and not isinstance(value, bool)


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, with a shorter way through reads of narrator's own data.

    ``plain_reads`` maps each of narrator's plain data types (the views a Composer hands to
    templates, comparisons, title forms...) to the attribute names that are its data. Those
    names, and only on those types, are read without the sandbox's per-read check; every other
    read, including any name a phrasebook chooses (a group's name), goes through the sandbox.
    ``plain_calls`` are the functions (methods of those types) called without asking the
    sandbox each time. Both are fixed by narrator's code, never by a phrasebook.
    """

    code_generator_class = PlainReads
    intercepted_binops = frozenset({"*", "**", "%"})
    plain_reads: Mapping[type, frozenset[str]] = {}
    plain_classes: Mapping[str, frozenset[type]] = {}  # plain_reads by name, for PlainReads
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

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*``, ``**`` and ``%`` within bounds: no huge powers or repeats, no objects formatted.

        A refusal is a SecurityError, which the composer reports naming the fragment.
        """
        if operator == "**":
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and abs(left) > 1
                and abs(left).bit_length() * right > MAX_BITS
            ):
                raise SecurityError(f"a power of more than {MAX_BITS} bits")
        elif operator == "*":
            for items, times in ((left, right), (right, left)):
                if (
                    isinstance(items, str | list | tuple)
                    and isinstance(times, int)
                    and len(items) * times > MAX_TEXT
                ):
                    raise SecurityError(f"a repeat of more than {MAX_TEXT} items")
        elif operator == "%" and isinstance(left, str):
            values = right if isinstance(right, tuple) else (right,)
            if not all(_scalar(value) for value in values):
                raise SecurityError("% formats text and numbers only; use a filter")
            result = left % right
            if len(result) > MAX_TEXT:
                raise SecurityError(f"a text of more than {MAX_TEXT} characters")
            return result
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format`` is not for fragments: it would print objects as Python writes them."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None

        def refuse(*args: Any, **kwargs: Any) -> str:
            raise SecurityError("str.format is not available in fragments; use filters")

        return refuse

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
        if function is not None and not wants_context(function):
            return (function(item) for item in value)
    return jinja2.filters.do_map(context, value, *args, **kwargs)


# Statements a fragment has no use for: they load other templates (which fragments have no
# loader for), or define or call macros (recursion without bound).
_REFUSED = {
    nodes.Extends: "{% extends %}",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from ... import %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.Block: "{% block %}",
}
MAX_LOOP_DEPTH = 2


def check(tree: nodes.Template) -> None:
    """Refuse what a fragment must not do, as a syntax error at its line.

    >>> env = jinja2.Environment()
    >>> check(env.parse("{% for x in y %}{{ x }}{% endfor %}"))
    >>> try:
    ...     check(env.parse("{% include 'other' %}"))
    ... except jinja2.TemplateSyntaxError as error:
    ...     print(error.message)
    {% include %} is not available in fragments
    """
    for kind, what in _REFUSED.items():
        for node in tree.find_all(kind):
            raise jinja2.TemplateSyntaxError(f"{what} is not available in fragments", node.lineno)

    def depth(node: nodes.Node, level: int) -> None:
        for child in node.iter_child_nodes():
            inner = level + isinstance(child, nodes.For)
            if inner > MAX_LOOP_DEPTH:
                raise jinja2.TemplateSyntaxError(
                    f"loops nested more than {MAX_LOOP_DEPTH} deep", child.lineno
                )
            depth(child, inner)

    depth(tree, 0)


@jinja2.pass_eval_context
def _join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
    """Jinja2's ``join``, refusing a text longer than MAX_TEXT or items that are not text."""
    items = list(value)
    if len(items) > MAX_TEXT:
        raise SecurityError(f"a join of more than {MAX_TEXT} items")
    text: str = jinja2.filters.do_join(eval_ctx, items, d, attribute)
    if attribute is None and not all(_scalar(item) for item in items):
        raise SecurityError("join writes text and numbers only; use a filter")
    if len(text) > MAX_TEXT:
        raise SecurityError(f"a text of more than {MAX_TEXT} characters")
    return text


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
    env.filters = {name: env.filters[name] for name in sorted(SAFE_FILTERS)}
    env.filters["map"] = _map
    env.filters["join"] = _join
    env.filters.update(filters)
    # Jinja2's globals (lipsum, cycler, joiner, namespace, dict) are not for fragments: range only,
    # and bounded.
    env.globals.clear()
    env.globals["range"] = _bounded_range
    env.plain_reads = dict(plain_reads or {})
    by_name: dict[str, set[type]] = {}
    for kind, names in env.plain_reads.items():
        for name in names:
            by_name.setdefault(name, set()).add(kind)
    set_plain_classes(env, {name: frozenset(kinds) for name, kinds in sorted(by_name.items())})
    env.plain_calls = frozenset(plain_calls)
    return env


# --- compiled code, kept between runs -----------------------------------------------------------
# Compiling the phrasebook (lexing, parsing and generating Python for ~150 templates, then
# compiling that) takes a third of a second, most of a `narrator compare`. The Python code
# objects Jinja2 generates are kept in the cache folder (narrator.cache), as Jinja2's
# own bytecode cache does for templates from loaders: a file per environment fingerprint
# (narrator, Jinja2 and Python bytecode versions, the environment's syntax and options, and the
# names and calling conventions of its filters and tests, all of which the generated code
# depends on), holding code by template source. A template found there is built with
# Template.from_code, exactly as from_string builds one after compiling; anything else is
# compiled as usual, so syntax errors are reported as before.


def _fingerprint(env: SandboxedEnvironment, context: str) -> str | None:
    """Everything besides a template's source that the code generated for it depends on.

    Jinja2 folds constant expressions while compiling, calling filters and tests on constant
    arguments (``{{ "yearly_salary" | term }}`` becomes "pay"), so the code also depends on
    what those functions return: ``context`` describes the state they are bound to (locale,
    terms...), and narrator's own source files (by size and time), babel's and inflect's
    installed versions stand for their code.
    """
    if not isinstance(env.autoescape, bool) or env.extensions or env.is_async:
        return None  # not worth describing: the phrasebook uses none of these

    def calling(functions: Mapping[str, Any]) -> list[str]:
        return [
            f"{name}:{getattr(f, 'jinja_pass_arg', None)}" for name, f in sorted(functions.items())
        ]

    parts = [
        f"narrator {__version__}",
        *_code_stamps(),
        context,
        f"jinja2 {jinja2.__version__}",
        importlib.util.MAGIC_NUMBER.hex(),
        f"{type(env).__module__}.{type(env).__qualname__}",
        f"{env.code_generator_class.__module__}.{env.code_generator_class.__qualname__}",
        repr(sorted(getattr(env, "plain_classes", {}))),
        repr(
            (
                env.block_start_string,
                env.block_end_string,
                env.variable_start_string,
                env.variable_end_string,
                env.comment_start_string,
                env.comment_end_string,
                env.line_statement_prefix,
                env.line_comment_prefix,
                env.trim_blocks,
                env.lstrip_blocks,
                env.newline_sequence,
                env.keep_trailing_newline,
                env.autoescape,
                env.optimized,
                env.sandboxed,
                sorted(getattr(env, "intercepted_binops", ())),
                sorted(getattr(env, "intercepted_unops", ())),
                None
                if env.finalize is None
                else str(getattr(env.finalize, "jinja_pass_arg", None)),
            )
        ),
        *calling(env.filters),
        "tests",
        *calling(env.tests),
    ]
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def _code_stamps() -> list[str]:
    """narrator's source files, babel and inflect, each by path, size and modification time."""
    sources = sorted(Path(__file__).parent.glob("*.py"))
    return [file_stamps(sources), module_stamp("babel"), module_stamp("inflect")]


_CODE_KEEP = 8  # code files kept in the cache folder; older ones are removed


class CodeCache:
    """Compiled template code for one environment, in memory and in the cache folder.

    ``CodeCache(env)`` uses the configured cache folder, ``CodeCache(env, None)`` none (it only
    compiles); call :meth:`save` to write what was compiled. ``context`` must describe any
    state the environment's filters and tests depend on (see :func:`_fingerprint`).
    """

    _UNSET: Any = object()

    def __init__(
        self, env: SandboxedEnvironment, folder: Path | None = _UNSET, context: str = ""
    ) -> None:
        self.env = env
        self.codes: dict[tuple[str, ...], CodeType | str] = {}
        self.new: dict[tuple[str, ...], CodeType | str] = {}
        self.file: Path | None = None
        if folder is CodeCache._UNSET:
            from .cache import cache_dir

            folder = cache_dir()
        fingerprint = _fingerprint(env, context) if folder is not None else None
        if folder is not None and fingerprint is not None:
            self.file = folder / f"templates-{fingerprint}.marshal"
            self.codes = _read_codes(self.file)
            # Phrasings are cut into parts as pairs first use them, after the Composer has
            # saved what it compiled: what that adds waits here, with what every other
            # CodeCache of the file adds, and is saved as the process ends.
            self.new = _PENDING.setdefault(self.file, {})
            save_at_exit(_save_pending)

    def _build(self, code: CodeType) -> jinja2.Template:
        env = self.env
        return env.template_class.from_code(env, code, env.make_globals(None), None)

    def template(self, source: str) -> jinja2.Template:
        """What ``env.from_string(source)`` gives, for a template that passes :func:`check`."""

        def checked() -> nodes.Template:
            tree = self.env.parse(source)
            check(tree)
            return tree

        return self.tree(("template", source), checked)

    def expression(self, source: str) -> TemplateExpression:
        """What ``env.compile_expression(source)`` gives."""
        key = ("expression", source)
        code = self.codes.get(key)
        if not isinstance(code, CodeType):
            try:
                expr = parse_expression(self.env, source)
            except jinja2.TemplateSyntaxError:
                self.env.handle_exception(source=source)
            code = self._compile(key, result_template(self.env, expr))
        return TemplateExpression(self._build(code), True)

    def tree(
        self, key: tuple[str, ...], source: Callable[[], str | nodes.Template]
    ) -> jinja2.Template:
        """The template compiled from ``source()`` (text or a syntax tree), known by ``key``."""
        code = self.codes.get(key)
        if not isinstance(code, CodeType):
            code = self._compile(key, source())
        return self._build(code)

    def remembered(self, key: tuple[str, ...], work: Callable[[], str]) -> str:
        """A text worked out from a template's source, kept with the code: ``work()`` the first
        time, the kept text after, in this run and the next (such as which variable a
        condition reads, which takes a parse to find)."""
        found = self.known(key)
        if found is None:
            found = work()
            self.remember(key, found)
        return found

    def known(self, key: tuple[str, ...]) -> str | None:
        """The text kept under ``key`` (see :meth:`remembered`), or None."""
        found = self.codes.get(key)
        return found if isinstance(found, str) else None

    def remember(self, key: tuple[str, ...], text: str) -> None:
        """Keep ``text`` under ``key``, in this run and, once saved, the next."""
        self.codes[key] = text
        if self.file is not None:
            self.new[key] = text

    def compiled(self, key: tuple[str, ...]) -> jinja2.Template | None:
        """The template whose code is kept under ``key`` (see :meth:`tree`), or None."""
        code = self.codes.get(key)
        return self._build(code) if isinstance(code, CodeType) else None

    def _compile(self, key: tuple[str, ...], source: str | nodes.Template) -> CodeType:
        code: CodeType = self.env.compile(source)
        self.codes[key] = code
        if self.file is not None:
            self.new[key] = code
        return code

    def save(self) -> None:
        """Add what was compiled since the last save to the cache file."""
        if self.file is not None:
            _save_codes(self.file, self.new)


def _save_codes(file: Path, new: dict[tuple[str, ...], CodeType | str]) -> None:
    """Add ``new`` to the code file, and empty it once written."""
    if not new:
        return
    merged = _read_codes(file)
    merged.update(new)
    try:
        data = marshal.dumps(merged)
    except ValueError:  # code marshal cannot write only costs speed, never correctness
        return
    if write_cache_file(file, data, keep=_CODE_KEEP):
        new.clear()


# What every CodeCache of each code file compiled and has not saved yet.
_PENDING: dict[Path, dict[tuple[str, ...], CodeType | str]] = {}


def _save_pending() -> None:
    """Save what waits in _PENDING, a code file at a time (see narrator.cache.save_memos)."""
    for file, new in _PENDING.items():
        _save_codes(file, new)


def _read_codes(file: Path) -> dict[tuple[str, ...], CodeType | str]:
    try:
        data = marshal.loads(file.read_bytes())
    except Exception:  # missing, damaged or from another Python: compile instead
        return {}
    if isinstance(data, dict) and all(
        isinstance(key, tuple)
        and all(isinstance(k, str) for k in key)
        and isinstance(v, CodeType | str)
        for key, v in data.items()
    ):
        return data
    return {}
