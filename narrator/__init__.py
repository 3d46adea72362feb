"""narrator: comparison articles about occupations, from profiles and a phrasebook.

>>> from narrator import Catalog, compose, render
>>> catalog = Catalog.bundled()
>>> article = compose(catalog.find("Loss Mitigation Specialist"), catalog.find("Account Specialist"))
>>> render(article, "markdown").splitlines()[0]
'# Loss Mitigation Specialist vs Account Specialist'
"""

__version__ = "0.1.0"

from .article import Article  # noqa: E402 - __version__ first: compose reads it
from .catalog import Catalog  # noqa: E402
from .compose import Composer, compose  # noqa: E402
from .errors import (  # noqa: E402
    CompositionError,
    LocaleError,
    NarratorError,
    PhrasebookError,
    ProfileError,
    UnknownProfileError,
)
from .grammar import TitleForms, title_forms  # noqa: E402
from .profile import Profile, load_profile  # noqa: E402
from .render import FORMATS, render  # noqa: E402

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
