"""The Jinja2 internals narrator relies on (narrator._jinja) are there in the installed Jinja2."""

from __future__ import annotations

import jinja2

from narrator import _jinja


def test_jinja_internals_are_there() -> None:
    """check() passes on the installed Jinja2, or names what a new release changed."""
    _jinja.check()


def test_a_shared_context_serves_several_templates() -> None:
    """Templates run in one context made once, and see its variables and globals."""
    env = jinja2.Environment()
    env.globals["g"] = "G"
    first, second = env.from_string("{{ x }}{{ g }}"), env.from_string("[{{ x }}]")
    context = _jinja.new_context(first, {**env.globals, "x": 1})
    assert _jinja.run(first, context) == "1G"
    assert _jinja.run(second, context) == "[1]"


def test_a_result_template_assigns_its_expression() -> None:
    """An expression parsed alone, compiled as ``result = expr``, gives the expression's value."""
    env = jinja2.Environment()
    tree = _jinja.result_template(env, _jinja.parse_expression(env, "(x > 1, x ~ 'a')"))
    template = env.from_string(tree)
    assert _jinja.assigned(template, _jinja.new_context(template, {"x": 2}), "result") == (
        True,
        "2a",
    )
