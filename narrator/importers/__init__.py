"""Importers: official occupation data (OEWS, Employment Projections, O*NET, CPS) → profiles.

One module per source reads its files (:mod:`.oews`, :mod:`.projections`, :mod:`.onet`,
:mod:`.cps`, through the format readers of :mod:`.tables`); :mod:`.join` merges them by SOC code
and :mod:`.write` writes the profile files.
"""

from .join import ImportReport, SourceFiles, find_sources, import_oews
from .write import load_title_forms

__all__ = ["ImportReport", "SourceFiles", "find_sources", "import_oews", "load_title_forms"]
