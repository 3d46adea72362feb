"""Templates compiled to Python code: remembered between runs, and read without the sandbox.

:class:`CodeCache` keeps the code Jinja2 generates for the phrasebook's templates in the cache
folder, so a run need not lex, parse and generate it again; :func:`direct_reads` rewrites that
code so reads of narrator's own plain data skip the sandbox's per-read check (the fast way of
composing uses it). :mod:`narrator.fragments` compiles with both.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import marshal
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment

from .cache import file_stamps, module_stamp


def _parse_expression(env: SandboxedEnvironment, source: str) -> nodes.Expr:
    # As Environment.compile_expression parses its source.
    parser = Parser(env, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise jinja2.TemplateSyntaxError(
            "chunk after expression", parser.stream.current.lineno, None, None
        )
    expr.set_environment(env)
    return expr


def _result_template(env: SandboxedEnvironment, expr: nodes.Expr) -> nodes.Template:
    # As Environment.compile_expression builds its template: ``result = expr``.
    body: list[nodes.Node] = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    tree = nodes.Template(body, lineno=1)
    tree.set_environment(env)
    return tree


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
    from . import __version__

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
        self.codes: dict[tuple[str, ...], CodeType] = {}
        self.new: dict[tuple[str, ...], CodeType] = {}
        self.file: Path | None = None
        if folder is CodeCache._UNSET:
            from .cache import cache_dir

            folder = cache_dir()
        fingerprint = _fingerprint(env, context) if folder is not None else None
        if folder is not None and fingerprint is not None:
            self.file = folder / f"templates-{fingerprint}.marshal"
            self.codes = _read_codes(self.file)

    def _build(self, code: CodeType) -> jinja2.Template:
        env = self.env
        return env.template_class.from_code(env, code, env.make_globals(None), None)

    def template(self, source: str) -> jinja2.Template:
        """What ``env.from_string(source)`` gives."""
        return self.tree(("template", source), lambda: source)

    def expression(self, source: str) -> TemplateExpression:
        """What ``env.compile_expression(source)`` gives."""
        key = ("expression", source)
        code = self.codes.get(key)
        if code is None:
            try:
                expr = _parse_expression(self.env, source)
            except jinja2.TemplateSyntaxError:
                self.env.handle_exception(source=source)
            code = self._compile(key, _result_template(self.env, expr))
        return TemplateExpression(self._build(code), True)

    def tree(
        self,
        key: tuple[str, ...],
        source: Callable[[], str | nodes.Template],
        direct: frozenset[str] = frozenset(),
    ) -> jinja2.Template:
        """The template compiled from ``source()`` (text or a syntax tree), known by ``key``.

        With ``direct``, reads of those attribute names skip the sandbox (see direct_reads).
        """
        if direct:
            key = ("direct", *sorted(direct), "\0", *key)
        code = self.codes.get(key)
        if code is None:
            code = self._compile(key, source(), direct)
        return self._build(code)

    def _compile(
        self,
        key: tuple[str, ...],
        source: str | nodes.Template,
        direct: frozenset[str] = frozenset(),
    ) -> CodeType:
        code: CodeType
        if direct:
            python = self.env.compile(source, raw=True)
            code = compile(direct_reads(python, direct), "<template>", "exec")
        else:
            code = self.env.compile(source)
        self.codes[key] = code
        if self.file is not None:
            self.new[key] = code
        return code

    def save(self) -> None:
        """Add what was compiled since the last save to the cache file."""
        if not self.new or self.file is None:
            return
        from .cache import write_cache_file

        merged = _read_codes(self.file)
        merged.update(self.new)
        try:
            data = marshal.dumps(merged)
        except ValueError:  # code marshal cannot write only costs speed, never correctness
            return
        if write_cache_file(self.file, data, keep=_CODE_KEEP):
            self.new = {}


def _read_codes(file: Path) -> dict[tuple[str, ...], CodeType]:
    try:
        data = marshal.loads(file.read_bytes())
    except Exception:  # missing, damaged or from another Python: compile instead
        return {}
    if isinstance(data, dict) and all(
        isinstance(key, tuple) and all(isinstance(k, str) for k in key) and isinstance(v, CodeType)
        for key, v in data.items()
    ):
        return data
    return {}


# --- reading plain data without the sandbox -------------------------------------------------------
# Every ``a.yearly_salary`` in a template compiles to ``environment.getattr(a, "yearly_salary")``,
# and the sandbox's checks there cost about a microsecond a read: over a hundred reads an
# article, the largest single cost of composing one. For attribute names that are plain data
# of narrator's own types (profile fields, comparison facts...), the checks cannot refuse
# anything: such a name is public, is not one of the internals the sandbox guards (a frame, a
# code object, ``mro``, ``str.format``). So the code the fast way of composing uses reads those
# names as plain attributes. A read the object does not have raises AttributeError instead of
# giving an undefined value; the composer then writes that article the ordinary way, which
# reports it as before. Calls go through the sandbox too, except calls of the methods named
# ``"name()"``: methods of narrator's own types (``cmp.differing(...)``), which take no context
# and which the sandbox lets through without asking (fragments.Sandbox.call); a call of such a
# name on anything else fails, and the article is written the ordinary way.

_GUARDED = frozenset({"format", "format_map", "mro"})


class _DirectReads(ast.NodeTransformer):
    def __init__(self, names: frozenset[str], calls: frozenset[str]) -> None:
        self.names = names
        self.calls = calls

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        function, args = node.func, node.args
        if not (
            isinstance(function, ast.Attribute)
            and isinstance(function.value, ast.Name)
            and function.value.id == "environment"
            and not node.keywords
        ):
            return node
        if (
            function.attr == "getattr"
            and len(args) == 2
            and isinstance(args[1], ast.Constant)
            and args[1].value in self.names
        ):
            return ast.copy_location(ast.Attribute(args[0], args[1].value, ast.Load()), node)
        if (
            function.attr == "call"
            and len(args) >= 2
            and isinstance(args[0], ast.Name)
            and args[0].id == "context"
            and isinstance(args[1], ast.Attribute)
            and args[1].attr in self.calls
            and not any(isinstance(arg, ast.Starred) for arg in args)
        ):
            return ast.copy_location(ast.Call(args[1], args[2:], []), node)
        return node


def direct_reads(python: str, names: Iterable[str]) -> ast.Module:
    """Jinja2's generated ``python`` with reads of ``names`` as plain attribute reads, and calls
    of the methods listed as ``"name()"`` as plain calls.

    Names that are not public identifiers, or that the sandbox guards, stay sandboxed.

    >>> code = 'x = environment.getattr(a, "low")'
    >>> ast.unparse(direct_reads(code, {"low", "__class__"}))
    'x = a.low'
    >>> ast.unparse(direct_reads('x = environment.getattr(a, "__class__")', {"__class__"}))
    "x = environment.getattr(a, '__class__')"
    >>> code = 'x = environment.call(context, environment.getattr(c, "which"), g)'
    >>> ast.unparse(direct_reads(code, {"which", "which()"}))
    'x = c.which(g)'
    >>> ast.unparse(direct_reads(code, {"which"}))
    'x = environment.call(context, c.which, g)'
    """

    def allowed(name: str) -> bool:
        return name.isidentifier() and not name.startswith("_") and name not in _GUARDED

    wanted = set(names)
    reads = frozenset(name for name in wanted if allowed(name))
    calls = frozenset(name[:-2] for name in wanted if name.endswith("()") and allowed(name[:-2]))
    tree = ast.parse(python)
    _DirectReads(reads, calls).visit(tree)  # changes calls inside statements, never the module
    return ast.fix_missing_locations(tree)
