"""Where the data narrator ships is: the phrasebook and the profiles folders.

The two folders stay at the top of the repository, where editors find them; installing narrator
puts them here, as the packages ``narrator.bundled.phrasebook`` and ``narrator.bundled.profiles``,
so that narrator adds no top-level package besides ``narrator`` to site-packages.

>>> sorted(p.name for p in PROFILES_DIR.iterdir() if p.is_dir() and p.name != "__pycache__")
['oews', 'seed']
>>> (PHRASEBOOK_DIR / "outline.toml").is_file()
True
"""

from importlib.util import find_spec
from pathlib import Path


def _folder(name: str) -> Path:
    """The folder of the bundled data package ``name``, found without running it.

    An editable install maps the package to the repository's top folder, a wheel to a folder
    beside this file; the import system knows which, so it is asked rather than a path built.
    """
    spec = find_spec(f"{__name__}.{name}")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"narrator is installed without its {name} data")
    return Path(spec.submodule_search_locations[0])


PHRASEBOOK_DIR = _folder("phrasebook")
PROFILES_DIR = _folder("profiles")
