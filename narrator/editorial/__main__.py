"""``python -m narrator.editorial``: the review commands on their own (see narrator.editorial.cli)."""

from .cli import review

review(prog_name="narrator review")
