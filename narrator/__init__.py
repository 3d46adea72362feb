"""narrator: comparison articles about occupations, from profiles and a phrasebook.

>>> from narrator import Catalog, compose, render
>>> catalog = Catalog.bundled()
>>> a, b = catalog.find("Loss Mitigation Specialist"), catalog.find("Account Specialist")
>>> article = compose(a, b)
>>> render(article, "markdown").splitlines()[0]
'# Loss Mitigation Specialist vs Account Specialist'
"""

__version__ = "0.1.0"

from .article import Article
from .catalog import Catalog
from .compose import Composer, compose
from .errors import (
    CompositionError,
    LocaleError,
    NarratorError,
    PhrasebookError,
    ProfileError,
    UnknownProfileError,
)
from .grammar import TitleForms, title_forms
from .profile import Profile, load_profile
from .render import FORMATS, render

__all__ = [
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
