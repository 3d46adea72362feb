"""The public API is small and pinned: changing it is a deliberate act."""

from __future__ import annotations

import narrator


def test_public_names_are_pinned() -> None:
    """narrator exports exactly these names."""
    assert sorted(narrator.__all__) == sorted(
        [
            "FORMATS",
            "Article",
            "Catalog",
            "Composer",
            "CompositionError",
            "LocaleError",
            "NarratorError",
            "PhrasebookError",
            "Profile",
            "ProfileError",
            "TitleForms",
            "UnknownProfileError",
            "__version__",
            "compose",
            "load_profile",
            "render",
            "title_forms",
        ]
    )


def test_library_round_trip() -> None:
    """Compose and render one article through the public names only."""
    catalog = narrator.Catalog.bundled()
    article = narrator.compose(
        catalog.find("Account Specialist"), catalog.find("Loss Mitigation Specialist")
    )
    assert narrator.render(article, "markdown").startswith(
        "# Account Specialist vs Loss Mitigation"
    )
    assert issubclass(narrator.ProfileError, narrator.NarratorError)
