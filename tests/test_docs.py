"""The README's "The command line" section documents every command and option, and no other."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from narrator.cli import cli

README = Path(__file__).parent.parent / "README.md"


def _section(heading: str) -> str:
    """The README's text under ``heading`` (such as "## Usage"), up to the next as high."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    level = heading.split(" ")[0]
    ends = [
        m.start() for m in re.finditer(r"\n(#+) ", text[start + 1 :]) if len(m[1]) <= len(level)
    ]
    return text[start : start + 1 + ends[0] if ends else None]


def _commands(command: click.Command, path: str) -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path)
        for name in sorted(command.list_commands(ctx)):  # commands loaded on demand too
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            found += _commands(sub, f"{path} {name}")
    return found


COMMANDS = _commands(cli, "narrator")
HELP = {"-h", "--help"}
MISTAKES = {"--frobnicate"}  # the section's example of an option no command has


def _options(command: click.Command) -> set[str]:
    return {
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
    } - HELP


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_command_and_its_options_are_documented(path: str, command: click.Command) -> None:
    """The command's usage line and each of its options appear in "The command line"."""
    section = _section("## The command line")
    assert path in section
    assert sorted(o for o in _options(command) if o not in section) == []


def test_documented_options_exist() -> None:
    """Every --option the section names is an option of some command, or its example mistake."""
    known = {o for _, command in COMMANDS for o in _options(command)}
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", _section("## The command line")))
    assert sorted(named - known - HELP - MISTAKES) == []


def test_shell_completion_is_documented() -> None:
    """The README tells how to turn on shell completion."""
    assert "_NARRATOR_COMPLETE=bash_source narrator" in _section("### Shell completion")


def test_how_it_works_names_every_module() -> None:
    """README's "How it works" lists every module of narrator/, each once, and no other."""
    block = _section("## How it works").split("```")[1]
    listed = re.findall(r"^(narrator(?:\.\w+)*)\s", block, re.MULTILINE)
    package = README.parent / "narrator"
    modules = {
        ".".join(("narrator", *path.relative_to(package).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for path in package.rglob("*.py")
        if path.name != "__main__.py" and "bundled" not in path.parts[-2:-1]
    }
    modules.discard("narrator")
    modules.add("narrator.bundled")
    assert len(listed) == len(set(listed))
    assert set(listed) == modules
