"""Occupation profiles bundled with narrator: one TOML file per occupation, grouped in folders.

``seed/`` holds the occupations of the original comparison pages. The loader lives in
``narrator.catalog``; this package only ships the data.
"""

from pathlib import Path

DATA_DIR = Path(__file__).parent
