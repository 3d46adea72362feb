"""``python -m narrator.editorial``: the review commands on their own."""

from .cli import review

review(prog_name="narrator review")
