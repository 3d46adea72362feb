"""Occupation profiles bundled with narrator: one TOML file per occupation, grouped in folders.

``seed/`` holds the occupations of the original comparison pages. Installed as
``narrator.bundled.profiles``; ``narrator.bundled.PROFILES_DIR`` is this folder. The loader lives
in ``narrator.catalog``; this package only ships the data.
"""
