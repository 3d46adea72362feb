"""Fuzzed profile files: each either renders cleanly or is refused with a profile error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from narrator.catalog import Catalog
from narrator.compose import Composer

from .strategies import exercise, profile_texts

_COMPOSER = Composer()
_PARTNER = Catalog.bundled().find("loss-mitigation-specialist")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(profile_texts())
def test_fuzzed_profile_renders_or_is_refused(text: str) -> None:
    """No traceback, no leaked None/nan/inf/template syntax, no live markup from profile text."""
    assert exercise(text, _PARTNER, _COMPOSER) in ("rendered", "rejected")
