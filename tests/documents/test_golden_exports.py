"""The exports read as before the spreadsheet code left the store: the same columns, in the same order,
with the same values, for the full and the pseudonymised export, CSV and XLSX, German labels and
question ids (golden files written on the code before the move). SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest

import store
from schemas.views import ReviewFilters
from store.clock import utcnow
from store.exports import export_bytes
from store.issuing import issue_certificate
from tests.counseling.conftest import Cast, make_interview, real_guide_interview
from tests.documents.golden import cell, check

ALL = ReviewFilters(statuses=("submitted", "returned", "approved", "certificate_issued"), order="oldest")
ID_COLUMNS = ("Interview-Nr.", "interview_id", "Lernenden-Nr.", "learner_id", "Pseudonym", "pseudonym")


def _world(db: Cast) -> None:
    make_interview(db, db.interviewer_b, "approved", family="Kowalenko", birth="1985-02-03")
    make_interview(db, db.interviewer_b, "returned", family="Yilmaz", birth="1979-11-30", notes="=SUMME(A1)")
    make_interview(db, db.interviewer_a, "submitted", family="Haddad", birth="2009-01-01")
    issued = real_guide_interview(db, db.interviewer_a, family="Petrenko", given="Olena")
    store.approve(db.counselor, issued.id)
    issue_certificate(db.counselor, issued.id)


def _stable(rows: list[list[Any]]) -> list[list[Any]]:
    """Rows without the run's moment, interview and learner numbers as their order of appearance."""
    month = utcnow().strftime("%Y-%m")
    header, body = rows[0], rows[1:]
    seen: dict[tuple[int, Any], str] = {}
    out = [list(header)]
    for row in body:
        values = []
        for i, value in enumerate(row):
            if header[i] in ID_COLUMNS and value not in (None, ""):
                value = seen.setdefault((i, value), f"#{sum(1 for k in seen if k[0] == i) + 1}")
            values.append(cell(value, this_month=month))
        out.append(values)
    return out


def _xlsx(data: bytes) -> list[list[Any]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _csv(data: bytes) -> list[list[Any]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.parametrize("pseudonymize", [False, True], ids=["full", "pseudonymised"])
@pytest.mark.parametrize("headers", ["labels", "ids"])
def test_exports_are_unchanged(db: Cast, pseudonymize: bool, headers: str) -> None:
    _world(db)
    kind = f"{'pseudonymised' if pseudonymize else 'full'}_{headers}"
    data, result = export_bytes(db.counselor, ALL, fmt="csv", pseudonymize=pseudonymize, headers=headers)
    rows = _csv(data)
    assert result.columns == rows[0]
    check(f"export_csv_{kind}", _stable(rows))
    data, _ = export_bytes(db.counselor, ALL, fmt="xlsx", pseudonymize=pseudonymize, headers=headers)
    check(f"export_xlsx_{kind}", _stable(_xlsx(data)))
