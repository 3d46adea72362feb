"""The few Jinja2 internals narrator relies on, in one place, checked against the pinned versions.

Everything else narrator does with Jinja2 goes through its documented API: the sandboxed
environment's ``getattr``/``call``/``call_binop`` hooks, ``Environment.compile``,
``Template.from_code`` and ``Template.new_context``. What Jinja2 does not offer as API:

- parsing one expression into a syntax tree (``Environment.compile_expression`` parses and
  compiles in one go; narrator compiles many conditions into one template);
- running a template's render function in a context narrator keeps for several templates
  (``Template.render`` builds a new context for every call);
- telling whether a filter wants the context (``pass_context`` and its kin);
- compiling an attribute read so that narrator's own plain data is read without a call into
  the sandbox (:class:`PlainReads`, a code generator: ``Environment.code_generator_class`` is
  documented, the generator's visitor methods are not).

pyproject pins Jinja2 to the versions these were tested with; :func:`check` (run by the tests)
fails with a message naming what changed when a new Jinja2 breaks one of them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.parser import Parser
from jinja2.runtime import Context


def parse_expression(env: jinja2.Environment, source: str) -> nodes.Expr:
    """``source`` parsed as one expression, as ``Environment.compile_expression`` parses it.

    >>> env = jinja2.Environment()
    >>> type(parse_expression(env, "a.x and not b")).__name__
    'And'
    """
    parser = Parser(env, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise jinja2.TemplateSyntaxError(
            "chunk after expression", parser.stream.current.lineno, None, None
        )
    expr.set_environment(env)
    return expr


def result_template(env: jinja2.Environment, expr: nodes.Expr) -> nodes.Template:
    """A template whose one statement is ``result = expr``, as ``compile_expression`` builds."""
    body: list[nodes.Node] = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    tree = nodes.Template(body, lineno=1)
    tree.set_environment(env)
    return tree


def new_context(template: jinja2.Template, parent: dict[str, Any]) -> Context:
    """A context for ``template`` whose variables are ``parent`` (globals included), as is.

    ``Template.new_context(parent, shared=True)`` gives the same context, but first lists the
    template's globals, a chain of mappings, every time.
    """
    env = template.environment
    return env.context_class(env, parent, template.name, template.blocks)


def run(template: jinja2.Template, context: Context) -> str:
    """What ``template`` writes in ``context`` (a context made by :func:`new_context`).

    One context can serve several templates that only read it (no ``{% set %}``).
    """
    return template.environment.concat(template.root_render_func(context))


def assigned(template: jinja2.Template, context: Context, name: str) -> Any:
    """Run ``template`` (a :func:`result_template`) in ``context``; the value it gave ``name``."""
    for _ in template.root_render_func(context):
        pass
    return context.vars[name]


def wants_context(function: Callable[..., Any]) -> bool:
    """Whether Jinja2 passes a context, environment or eval context to this filter or test."""
    return getattr(function, "jinja_pass_arg", None) is not None


class PlainReads(CodeGenerator):
    """Jinja2's code generator, with guarded reads of narrator's plain data.

    In a sandbox, ``x.name`` compiles to ``environment.getattr(x, "name")``, a call that costs
    more than the read itself, a hundred times an article. For a name that is data of one of
    narrator's own types (the environment's ``plain_classes``: name -> those types, set with
    :func:`set_plain_classes`), this writes instead ``(t.name if (t := x).__class__ in
    environment.narrator_plain_name else environment.getattr(t, "name"))``: the plain read
    happens only on those types, and every other object, whatever the name, goes through the
    sandbox as before.
    """

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
        plain = getattr(self.environment, "plain_classes", {})
        name = node.attr
        if name not in plain or self.environment.is_async or not name.isidentifier():
            super().visit_Getattr(node, frame)
            return
        temp = self.temporary_identifier()
        self.write(f"({temp}.{name} if ({temp} := ")
        self.visit(node.node, frame)
        self.write(
            f").__class__ in environment.{_PLAIN_PREFIX}{name}"
            f" else environment.getattr({temp}, {name!r}))"
        )


_PLAIN_PREFIX = "narrator_plain_"


def set_plain_classes(env: jinja2.Environment, classes: dict[str, frozenset[type]]) -> None:
    """Tell :class:`PlainReads` which names to read directly, and on which types.

    Each name's types are also an attribute of the environment, which the compiled code reads
    with one lookup.
    """
    env.plain_classes = classes  # type: ignore[attr-defined]
    for name, kinds in classes.items():
        setattr(env, _PLAIN_PREFIX + name, kinds)


def check() -> None:
    """Fail, naming what changed, when the installed Jinja2 lacks an internal used here."""
    problems = []
    if "state" not in inspect.signature(Parser).parameters:
        problems.append("jinja2.parser.Parser no longer takes state=")
    env = jinja2.Environment()
    template = env.from_string("{% set result = 1 %}{{ x }}")
    if not callable(getattr(template, "root_render_func", None)):
        problems.append("Template.root_render_func is gone")
    else:
        context = new_context(template, {"x": "2"})
        if run(template, context) != "2" or context.vars.get("result") != 1:
            problems.append("Template.root_render_func no longer renders into a given context")
    if not wants_context(jinja2.filters.do_map) or wants_context(str.upper):
        problems.append("filters no longer mark what they are passed with jinja_pass_arg")
    try:
        if not isinstance(parse_expression(env, "a and b"), nodes.And):
            problems.append("Parser.parse_expression gives another tree")
    except Exception as exc:  # any failure here is what the check is for
        problems.append(f"Parser.parse_expression fails: {exc!r}")
    try:
        guarded = jinja2.Environment()
        guarded.code_generator_class = PlainReads
        set_plain_classes(guarded, {"real": frozenset({complex})})
        code = guarded.compile("{{ x.real }}", raw=True)
        if "t_1.real if (t_1 := " not in code:
            problems.append("attribute reads no longer compile through visit_Getattr")
        elif guarded.from_string("{{ x.real }}|{{ y.real }}").render(x=2j + 1, y=3) != "1.0|3":
            problems.append("guarded attribute reads give other values")
    except Exception as exc:  # any failure here is what the check is for
        problems.append(f"the code generator fails: {exc!r}")
    if problems:
        raise RuntimeError(
            f"Jinja2 {jinja2.__version__} breaks narrator._jinja: " + "; ".join(problems)
        )
