"""narrator's phrasebook: the outline, tables and sentence fragments, as TOML an editor can change.

Installed as ``narrator.bundled.phrasebook``; ``narrator.bundled.PHRASEBOOK_DIR`` is this folder.
The loader lives in ``narrator.fragments``; this package only ships the files.
"""
