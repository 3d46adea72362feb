"""The exceptions narrator raises for bad input, in one place.

Every error a user can cause derives from :class:`NarratorError`. The CLI turns any of them into
one line on stderr and exit status 2; it never shows a traceback for them::

    NarratorError
    ├── ProfileError         a profile file or value is wrong (file, field, value)
    ├── UnknownProfileError  no profile matches a name (name, closest matches)
    ├── PhrasebookError      a phrasebook file or fragment is wrong (file, fragment, line)
    ├── CompositionError     the phrasebook cannot write an article from these profiles
    ├── LocaleError          the locale is not a CLDR locale babel knows
    ├── UsageError           the command line asks for something no command does
    └── BatchError           a batch cannot run as asked (pairs, formats, output folder)

    WorkerError              not bad input: a batch's worker process died part-way (exit 1)

Each error keeps its inputs as attributes, so callers (the CLI, review tools, tests) can use them
without parsing the message.
"""

from __future__ import annotations

from collections.abc import Sequence


class NarratorError(Exception):
    """Base class for every error that bad input can cause."""


class ProfileError(NarratorError):
    """A profile is malformed: names the file, the field and the offending value.

    >>> str(ProfileError("growth must be a number", file="a.toml", field="growth_rate", value="x"))
    "a.toml: growth_rate: growth must be a number (got 'x')"
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        field: str | None = None,
        value: object = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.field = field
        self.value = value
        self.line = line
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.file or "<profile>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + f": {self.message}"
        if self.value is not None:
            text += f" (got {self.value!r})"
        return text


class UnknownProfileError(NarratorError):
    """No bundled or given profile matches a name.

    >>> str(UnknownProfileError("acountant", ["Accountant", "Account Specialist"]))
    "no occupation matches 'acountant'; closest: Accountant, Account Specialist"
    """

    def __init__(self, name: str, closest: Sequence[str] = ()) -> None:
        self.name = name
        self.closest = list(closest)
        hint = (
            f"; closest: {', '.join(self.closest)}"
            if self.closest
            else "; run 'narrator profiles list' to see the names"
        )
        super().__init__(f"no occupation matches {name!r}{hint}")


class AmbiguousProfileError(NarratorError):
    """A name people use (an alternate title) fits several occupations.

    >>> str(AmbiguousProfileError("clerk", ["File Clerks", "Office Clerks, General"]))
    "'clerk' could be any of: File Clerks; Office Clerks, General; give one of these titles"
    """

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = list(candidates)
        listed = "; ".join(self.candidates)
        super().__init__(f"{name!r} could be any of: {listed}; give one of these titles")


class PhrasebookError(NarratorError):
    """A phrasebook file or fragment is malformed or unsafe, or a fragment failed for a pair.

    >>> str(PhrasebookError("unexpected end", file="pay.toml", fragment="pay.intro", line=12))
    'pay.toml:12: fragment pay.intro: unexpected end'
    >>> str(PhrasebookError("bad", file="pay.toml", fragment="pay.x", line=3, slot="pay.range"))
    'pay.toml:3: fragment pay.x (slot pay.range): bad'
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        fragment: str | None = None,
        line: int | None = None,
        slot: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.fragment = fragment
        self.line = line
        self.slot = slot
        where = _one_line(file or "<phrasebook>")
        if line is not None:
            where = f"{where}:{line}"
        frag = f" fragment {_one_line(fragment)}:" if fragment else ""
        if fragment and slot:
            frag = f" fragment {_one_line(fragment)} (slot {_one_line(slot)}):"
        super().__init__(f"{where}:{frag} {_one_line(message)}")


def _one_line(text: str) -> str:
    """``text`` as it can stand in a one-line message: control characters escaped.

    >>> print(_one_line("two" + chr(10) + "lines"), _one_line("plain"))
    two\\nlines plain
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class CompositionError(NarratorError):
    """The phrasebook cannot write a slot of the article for this pair of profiles."""

    def __init__(self, message: str, *, fragment: str | None = None, slot: str | None = None):
        self.message = message
        self.fragment = fragment
        self.slot = slot
        where = f"fragment {fragment}" if fragment else f"slot {slot}" if slot else "article"
        super().__init__(f"{where}: {message}")


class LocaleError(NarratorError):
    """The locale is not one babel knows.

    >>> str(LocaleError("xx_YY"))
    "unknown locale 'xx_YY'; use a CLDR locale such as en_US, en_GB or en_IN"
    """

    def __init__(self, locale: str) -> None:
        self.locale = locale
        super().__init__(
            f"unknown locale {locale!r}; use a CLDR locale such as en_US, en_GB or en_IN"
        )


class UsageError(NarratorError):
    """The command line asks for something no command does, such as one occupation of two."""


class BatchError(NarratorError):
    """A batch cannot run as asked: a bad pairs file, an unknown format, no date, two pairs with
    one page, an output folder that cannot be written or that another run is writing."""


class WorkerError(RuntimeError):
    """A batch's worker process stopped (killed, out of memory) before returning its results.

    Not bad input, so not a NarratorError: the CLI reports it in one line with exit status 1,
    and what the run finished is kept for ``--incremental``.
    """
