"""The public API is small and pinned: changing it is a deliberate act."""

from __future__ import annotations

import types

import narrator
import narrator.compose
import narrator.render


def test_public_names_are_pinned() -> None:
    """narrator exports exactly these names."""
    assert sorted(narrator.__all__) == sorted(
        [
            "Article",
            "Catalog",
            "Composer",
            "CompositionError",
            "LocaleError",
            "NarratorError",
            "PhrasebookError",
            "Profile",
            "ProfileError",
            "UnknownProfileError",
            "__version__",
        ]
    )


def test_every_exported_name_is_defined() -> None:
    """Each name in __all__ is an attribute of the package."""
    assert [name for name in narrator.__all__ if not hasattr(narrator, name)] == []


def test_compose_and_render_are_modules() -> None:
    """narrator.compose and narrator.render are the modules, not functions shadowing them."""
    assert isinstance(narrator.compose, types.ModuleType)
    assert isinstance(narrator.render, types.ModuleType)


def test_library_round_trip() -> None:
    """Compose and render one article through the public names and the one-call helpers."""
    catalog = narrator.Catalog.bundled()
    article = narrator.compose.compose(
        catalog.find("Account Specialist"), catalog.find("Loss Mitigation Specialist")
    )
    assert isinstance(article, narrator.Article)
    assert narrator.render.render(article, "markdown").startswith(
        "# Account Specialist vs Loss Mitigation"
    )
    assert issubclass(narrator.ProfileError, narrator.NarratorError)
