"""narrator: comparison articles about occupations, from profiles and a phrasebook.

>>> from narrator import Catalog
>>> from narrator.compose import compose
>>> from narrator.render import render
>>> catalog = Catalog.bundled()
>>> a, b = catalog.find("Loss Mitigation Specialist"), catalog.find("Account Specialist")
>>> article = compose(a, b)
>>> render(article, "markdown").splitlines()[0]
'# Loss Mitigation Specialist vs Account Specialist'

The package exports the few names below; everything else lives in its module, such as the
one-call helpers above, ``narrator.compose.compose`` and ``narrator.render.render``.
"""

from ._version import __version__
from .article import Article
from .catalog import Catalog
from .compose import Composer
from .errors import (
    CompositionError,
    LocaleError,
    NarratorError,
    PhrasebookError,
    ProfileError,
    UnknownProfileError,
)
from .profile import Profile

__all__ = [
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
