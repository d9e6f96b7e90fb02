"""The city's course figures as a spreadsheet (pure): one sheet per figure, plus the pseudonymised list
of referrals (no names, no ids of learners or interviews, months instead of days)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

Sheet = tuple[str, Sequence[str], Sequence[Sequence[object]]]


def write_sheets(sheets: Sequence[Sheet], fmt: str) -> bytes:
    """``xlsx``: one sheet each; ``csv``: the sheets one below the other, each under its title (";")."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        for title, header, rows in sheets:
            writer.writerow([title])
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
            writer.writerow([])
        return out.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(list(header))
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
