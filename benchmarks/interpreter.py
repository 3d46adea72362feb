"""Which Python a benchmark runs on, printed with its figures: the build matters as much as code.

CPython's own build options change how fast narrator runs. On these machines the same batch
takes 13–26% less CPU time (a whole jsonl run; a worker's steady state) under Debian's
/usr/bin/python3.11 (built with PGO and LTO, the interpreter linked into the executable) than
under pyenv's default build (no PGO, the interpreter in a shared libpython, which every call
goes through).
"""

from __future__ import annotations

import platform
import sys


def describe() -> str:
    """This interpreter: its path, version, and whether it runs from a shared libpython.

    >>> describe().startswith(sys.executable)
    True
    """
    linked = "libpython: unknown"
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            shared = any("libpython" in line for line in maps)
        linked = "shared libpython" if shared else "libpython linked in"
    except OSError:
        pass  # not Linux: say nothing we cannot see
    return f"{sys.executable} (Python {platform.python_version()}, {linked})"
