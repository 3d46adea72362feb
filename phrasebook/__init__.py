"""narrator's phrasebook: the outline, tables and sentence fragments, as TOML an editor can change.

The loader lives in ``narrator.fragments``; this package only ships the files.
"""

from pathlib import Path

DATA_DIR = Path(__file__).parent
