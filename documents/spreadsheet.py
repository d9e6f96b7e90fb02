"""Spreadsheets: a column model and two sinks (CSV, XLSX) that write rows as they come.

A ``Column`` has a header, a value function ``(row, answers) -> cell`` and a ``personal`` flag: a
column that names or reaches a person (names, dates, contact data, free text, staff names,
certificate numbers). The pseudonymised export is the same columns with the personal ones dropped
(``pseudonymised``); a personal column may name ``stand_ins`` that take its place there (the learner
number becomes a pseudonym and an age group, a moment becomes its month).

Rows are written one at a time (no list of 100,000 rows in memory); XLSX uses openpyxl's write-only
mode and is laid out for reading: bold wrapped header row, column widths from the headers and the
values each column holds, header row and first column(s) frozen, a filter on the header row, and dates
as real date cells with German display formats (so they sort and filter as dates). CSV has the same
columns and values, dates as text (German with German labels, ISO with question ids). No cell ever
starts like a formula.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

FORMATS = ("csv", "xlsx")
HEADERS = ("labels", "ids")
CSV_DELIMITER = ";"  # what German spreadsheet programs expect
# Spreadsheet programs run a cell that starts like a formula; exported text must never do that.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# How dates look: (date, date and time) as Excel number formats and as CSV text, per header kind.
XLSX_DATE_FORMATS = {"labels": ("DD.MM.YYYY", "DD.MM.YYYY hh:mm"), "ids": ("YYYY-MM-DD", "YYYY-MM-DD hh:mm")}
CSV_DATE_FORMATS = {"labels": ("%d.%m.%Y", "%d.%m.%Y %H:%M"), "ids": ("%Y-%m-%d", "%Y-%m-%d %H:%M")}
# Column widths in characters: at least MIN_WIDTH, at most MAX_WIDTH; a longer header wraps into
# lines of about HEADER_WRAP characters instead of widening its column.
MIN_WIDTH, MAX_WIDTH, HEADER_WRAP = 8, 60, 30
HEADER_LINE_POINTS = 15  # one line of the 11-point default font


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # question id or meta key
    label: str  # the header (German label or id)
    value: Callable[[Any, Mapping[str, Any]], Any]  # (row, answers) -> cell value
    width: int = 12  # characters the values usually need
    kind: str = "text"  # "date" and "datetime" columns hold date / datetime values (or None)
    personal: bool = False  # names or reaches a person: not in the pseudonymised export
    stand_ins: tuple[Column, ...] = ()  # what the pseudonymised export shows instead of a personal column

    @property
    def sheet_width(self) -> int:
        """The spreadsheet column's width: room for the values and for the header, which wraps."""
        return min(MAX_WIDTH, max(MIN_WIDTH, self.width, min(len(self.label), HEADER_WRAP)) + 2)


def pseudonymised(columns: Iterable[Column]) -> list[Column]:
    """The columns without the personal ones (each replaced by its stand-ins, if it has any)."""
    return [shown for column in columns for shown in (column.stand_ins if column.personal else (column,))]


def safe(value: Any) -> Any:
    """Text that starts like a formula, quoted so that no spreadsheet program runs it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _date_indexes(columns: list[Column]) -> list[tuple[int, bool]]:
    """(position, is date and time) of the date columns."""
    return [(i, c.kind == "datetime") for i, c in enumerate(columns) if c.kind in ("date", "datetime")]


class CsvSink:
    def __init__(self, out: IO[bytes], headers: str) -> None:
        self.text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=False)
        self.writer = csv.writer(self.text, delimiter=CSV_DELIMITER, quoting=csv.QUOTE_MINIMAL)
        self.formats = CSV_DATE_FORMATS[headers]
        self.dates: list[tuple[int, bool]] = []

    def header(self, columns: list[Column], frozen: int = 1) -> None:
        self.dates = _date_indexes(columns)
        self.writer.writerow([c.label for c in columns])

    def row(self, values: list[Any]) -> None:
        for i, timed in self.dates:
            v = values[i]
            if isinstance(v, date):
                values[i] = v.strftime(self.formats[timed])
        self.writer.writerow(["" if v is None else safe(v) for v in values])

    def close(self) -> None:
        self.text.flush()
        self.text.detach()


class XlsxSink:
    def __init__(self, out: IO[bytes], headers: str, sheet: str = "Interviews") -> None:
        from openpyxl import Workbook

        self.out = out
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(sheet)
        self.formats = XLSX_DATE_FORMATS[headers]
        self.dates: list[tuple[int, Any]] = []
        self.columns = 0
        self.rows = 0

    def header(self, columns: list[Column], frozen: int = 1) -> None:
        """The header row; ``frozen``: how many leading columns stay in view when scrolling sideways."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        # Write-only mode writes the sheet view and the column widths before the first row: set them now.
        self.sheet.freeze_panes = f"{get_column_letter(frozen + 1)}2"
        lines = 1
        for i, column in enumerate(columns, 1):
            width = column.sheet_width
            self.sheet.column_dimensions[get_column_letter(i)].width = width
            lines = max(lines, len(textwrap.wrap(column.label, width - 2, break_long_words=True)))
        self.sheet.row_dimensions[1].height = HEADER_LINE_POINTS * lines + 3
        bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        cells = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=column.label)
            cell.font, cell.alignment = bold, wrap
            cells.append(cell)
        self.sheet.append(cells)
        # One styled cell per date column, reused for every row: each row is written out when appended.
        for i, timed in _date_indexes(columns):
            cell = WriteOnlyCell(self.sheet)
            cell.number_format = self.formats[timed]
            self.dates.append((i, cell))
        self.columns = len(columns)

    def row(self, values: list[Any]) -> None:
        for i, cell in self.dates:
            v = values[i]
            if isinstance(v, date):
                cell.value = v
                values[i] = cell
        for i, v in enumerate(values):
            if isinstance(v, str) and v.startswith(FORMULA_START):
                values[i] = self._text_cell(v)
        self.sheet.append(values)
        self.rows += 1

    def _text_cell(self, value: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"  # stored as text, never evaluated as a formula
        return cell

    def close(self) -> None:
        from openpyxl.utils import get_column_letter

        # the filter is written after the rows, so its range can name the last row
        self.sheet.auto_filter.ref = f"A1:{get_column_letter(self.columns)}{self.rows + 1}"
        self.book.save(self.out)


def write_sheet(
    out: IO[bytes],
    columns: list[Column],
    rows: Iterable[tuple[Any, Mapping[str, Any]]],
    *,
    fmt: str = "xlsx",
    headers: str = "labels",
    frozen: int = 1,
) -> int:
    """Writes ``rows`` (each a row and its answers) as CSV or XLSX to ``out``; returns how many rows."""
    sink: CsvSink | XlsxSink = CsvSink(out, headers) if fmt == "csv" else XlsxSink(out, headers)
    sink.header(columns, frozen)
    n = 0
    for row, answers in rows:
        sink.row([c.value(row, answers) for c in columns])
        n += 1
    sink.close()
    return n
