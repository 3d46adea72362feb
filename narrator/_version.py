"""narrator's version, in one place: the package, its caches and its outputs read it here."""

__version__ = "0.1.0"
