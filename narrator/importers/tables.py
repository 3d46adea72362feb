"""Read the official files' rows in their published formats: .xlsx, CSV and tab-separated text.

Each reader returns plain rows (tuples of cell values, ``None`` for an empty cell) and raises
:class:`~narrator.errors.ProfileError` naming the file when it cannot be read. Reading .xlsx
needs openpyxl, an import-only extra (``pip install 'narrator[import]'``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import ProfileError

Row = tuple[Any, ...]

#: What the official tables write for a missing or suppressed value.
_MISSING = frozenset({"", "—", "–", "-", "n/a", "N/A", "*", "**", "(NA)"})


def xlsx_sheets(path: Path) -> list[str]:
    """The names of a workbook's sheets, in order."""
    workbook = _workbook(path)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


# A number format that shows a fixed count of decimals ("0.0", "#,##0.0"): no percent sign,
# exponent or date, which show a value as something else.
_FIXED_DECIMALS = re.compile(r"[#,]*0\.(0+)")


def shown(value: Any, number_format: str | None) -> Any:
    """A cell's value with the digits the sheet shows: a number whose format fixes its decimals
    becomes that text, so a share of 58 published as "58.0" keeps its decimal (Excel stores
    only the number). Any other value is returned as it is.

    >>> shown(58, "#,##0.0"), shown(1.25, "0.0"), shown(58, "General"), shown(0.5, "0.0%")
    ('58.0', '1.3', 58, 0.5)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not number_format:
        return value
    fixed = _FIXED_DECIMALS.fullmatch(number_format)
    if fixed is None:
        return value
    # The float's shortest repr, rounded half up as Excel shows it (formatting the float itself
    # would round its binary value: 1.25 to "1.2" where the sheet shows 1.3).
    places = Decimal(1).scaleb(-len(fixed.group(1)))
    return str(Decimal(repr(value)).quantize(places, ROUND_HALF_UP))


def xlsx_rows(
    path: Path, sheet: str, max_col: int | None = None, max_row: int | None = None
) -> list[Row]:
    """The rows of one sheet of a workbook (all, or the first ``max_row``), as values; numbers
    with the digits the sheet shows (:func:`shown`)."""
    workbook = _workbook(path)
    try:
        if sheet not in workbook.sheetnames:
            raise ProfileError(f"the workbook has no sheet {sheet!r}", file=str(path))
        rows = workbook[sheet].iter_rows(max_col=max_col, max_row=max_row)
        return [
            tuple(shown(cell.value, getattr(cell, "number_format", None)) for cell in row)
            for row in rows
        ]
    except (ValueError, KeyError, OSError) as exc:
        raise ProfileError(f"cannot read sheet {sheet!r}: {exc}", file=str(path)) from exc
    finally:
        workbook.close()


def _workbook(path: Path) -> Any:
    try:
        import openpyxl
    except ImportError as exc:
        raise ProfileError(
            "reading .xlsx files needs openpyxl: pip install 'narrator[import]'", file=str(path)
        ) from exc
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise ProfileError(f"not a readable .xlsx workbook: {exc}", file=str(path)) from exc
    except Exception as exc:  # zipfile.BadZipFile and openpyxl's own errors
        raise ProfileError(f"not a readable .xlsx workbook: {exc}", file=str(path)) from exc


def csv_rows(path: Path) -> list[Row]:
    """Every row of a CSV file (UTF-8, with or without a byte-order mark)."""
    return list(_text_rows(path, ","))


def tsv_rows(path: Path) -> list[Row]:
    """Every row of a tab-separated text file, as O*NET publishes its database."""
    return list(_text_rows(path, "\t"))


def _text_rows(path: Path, delimiter: str) -> Iterator[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ProfileError(f"cannot read file: {exc.strerror}", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise ProfileError("file is not UTF-8 text", file=str(path)) from exc
    # O*NET's text files quote nothing: a quote mark in a title is part of it.
    lines = text.splitlines()
    if delimiter == ",":
        rows = csv.reader(lines, delimiter=delimiter)
    else:
        rows = csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE)
    for row in rows:
        yield tuple(cell if cell != "" else None for cell in row)


def header_index(rows: Sequence[Row], must_contain: str, path: Path) -> int:
    """The index of the first row with a cell that contains ``must_contain``."""
    for index, row in enumerate(rows):
        if any(isinstance(cell, str) and must_contain in cell for cell in row):
            return index
    raise ProfileError(f"no header row with {must_contain!r}", file=str(path))


def column(header: Row, starts_with: str, path: Path) -> int:
    """The index of the header cell that starts with ``starts_with`` (spacing ignored)."""
    wanted = clean(starts_with).lower()
    for index, cell in enumerate(header):
        if isinstance(cell, str) and clean(cell).lower().startswith(wanted):
            return index
    raise ProfileError(f"no column {starts_with!r}", file=str(path))


def clean(text: object) -> str:
    """A cell's text with runs of whitespace (newlines too) as one space.

    >>> clean("Black or\\nAfrican\\n American ")
    'Black or African American'
    """
    return " ".join(str(text).split())


def number(value: object) -> Decimal | None:
    """A cell as a Decimal with the digits it shows, or None when missing or suppressed.

    >>> number(1.7), number("20.3"), number("—"), number(None), number("1,234.5")
    (Decimal('1.7'), Decimal('20.3'), None, None, Decimal('1234.5'))
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    # repr of a float is the shortest text that reads back as it: the digits the cell shows.
    text = repr(value) if isinstance(value, float) else clean(value).replace(",", "")
    if text in _MISSING:
        return None
    try:
        result = Decimal(text)
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def text_value(value: object) -> str | None:
    """A cell as one-line text, or None when missing."""
    if value is None:
        return None
    text = clean(value)
    return None if text in _MISSING else text


_SOC = re.compile(r"\d\d-\d{4}")


def is_soc(value: object) -> bool:
    """Whether a cell holds a SOC code such as ``13-2072``.

    >>> is_soc("13-2072"), is_soc(" 13-2072 "), is_soc("13-20XX")
    (True, True, False)
    """
    return isinstance(value, str) and bool(_SOC.fullmatch(value.strip()))
