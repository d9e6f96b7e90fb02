"""What a counselor notices when opening an export in a spreadsheet program: German course labels,
a frozen header row and first column with a filter, readable column widths and wrapped headers, dates
as real date cells with German display formats, and the columns needed to follow a case (interviewer,
starting level, certificate number and status, the counseling office's last return comment).
Runs on SQLite and PostgreSQL (the store suite's ``db`` fixture)."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from typing import Any

import openpyxl
import pandas as pd

import store
from schemas.views import ReviewFilters
from store.certificate_lists import list_certificates
from store.exports import export_bytes
from store.issuing import issue_certificate
from tests.counseling.conftest import Cast, make_interview, real_guide_interview

ALL = ReviewFilters(statuses=("submitted", "returned", "approved", "certificate_issued"), order="oldest")
RETURN_COMMENT = "Bitte Lesen prüfen."  # what make_interview(..., "returned") writes


def _world(db: Cast) -> dict[str, store.InterviewView]:
    """A certificate-holding interview on the real common guide (long questions, real course labels),
    an approved and a returned one on the store suite's test guide."""
    approved = make_interview(db, db.interviewer_b, "approved", family="Kowalenko", birth="1985-02-03")
    returned = make_interview(db, db.interviewer_b, "returned", family="Yilmaz", birth="1979-11-30")
    issued = real_guide_interview(db, db.interviewer_a, family="Petrenko", given="Olena")  # activates that guide
    store.approve(db.counselor, issued.id)
    issue_certificate(db.counselor, issued.id)
    return {"issued": store.get_interview_for(db.counselor, issued.id), "approved": approved, "returned": returned}


def _sheet(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _rows(sheet: Any) -> tuple[list[str], dict[int, dict[str, Any]]]:
    """Header names and, per interview number, the row's cells by header (cells, not values)."""
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    by_id = {int(r[0].value): dict(zip(header, r, strict=False)) for r in rows[1:]}
    return header, by_id


def test_course_recommendation_is_the_guides_german_label(db: Cast) -> None:
    w = _world(db)
    _, rows = _rows(_sheet(export_bytes(db.counselor, ALL, fmt="xlsx")[0]))
    issued = rows[w["issued"].id]
    assert w["issued"].recommended_course == "parents_course"
    assert issued["Kursempfehlung"].value == "Elternintegrationskurs"  # the common guide's label
    assert rows[w["approved"].id]["Kursempfehlung"].value == "Integrationskurs"  # the test guide's label
    # CSV with German labels says the same; question ids keep the machine value
    frame = pd.read_csv(io.BytesIO(export_bytes(db.counselor, ALL, fmt="csv")[0]), sep=";", encoding="utf-8-sig")
    assert set(frame["Kursempfehlung"]) == {"Elternintegrationskurs", "Integrationskurs"}
    ids = pd.read_excel(io.BytesIO(export_bytes(db.counselor, ALL, fmt="xlsx", headers="ids")[0]))
    assert set(ids["recommended_course"]) == {"parents_course", "integration_course"}


def test_header_row_number_and_name_are_frozen_and_filterable(db: Cast) -> None:
    _world(db)
    sheet = _sheet(export_bytes(db.counselor, ALL, fmt="xlsx")[0])
    # the number and the person's name come first and stay in view when scrolling sideways
    assert [sheet["A1"].value, sheet["B1"].value, sheet["C1"].value] == ["Interview-Nr.", "Familienname", "Vorname(n)"]
    assert sheet.freeze_panes == "D2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}4"


def test_columns_are_wide_enough_and_long_headers_wrap(db: Cast) -> None:
    _world(db)
    sheet = _sheet(export_bytes(db.counselor, ALL, fmt="xlsx")[0])
    header = [c for c in sheet[1]]
    longest = max(header, key=lambda c: len(c.value))
    assert len(longest.value) > 80  # the common guide asks long questions
    width = sheet.column_dimensions[longest.column_letter].width
    assert 25 <= width <= 60  # wider than the default (13), but no 100-character column
    assert all(c.alignment.wrap_text and c.font.bold for c in header)
    assert sheet.row_dimensions[1].height >= 45  # room for the wrapped lines of the longest header
    by_name = {c.value: c.column_letter for c in header}
    assert sheet.column_dimensions[by_name["Kursempfehlung"]].width >= len("Integrationskurs mit Alphabetisierung")
    assert sheet.column_dimensions[by_name["Eingereicht"]].width >= len("05.10.2025 10:48")


def test_dates_are_date_cells_with_german_formats(db: Cast) -> None:
    w = _world(db)
    _, rows = _rows(_sheet(export_bytes(db.counselor, ALL, fmt="xlsx")[0]))
    approved = rows[w["approved"].id]
    submitted_at = w["approved"].submitted_at
    assert submitted_at is not None
    for name, value in (("Eingereicht", submitted_at), ("Freigegeben", w["approved"].approved_at)):
        cell = approved[name]
        assert isinstance(cell.value, datetime), (name, cell.value)
        assert cell.number_format == "DD.MM.YYYY hh:mm"
        assert value is not None and abs((cell.value - value).total_seconds()) < 1
    birth = approved["Geburtsdatum"]
    assert isinstance(birth.value, datetime) and birth.value.date() == date(1985, 2, 3)
    assert birth.number_format == "DD.MM.YYYY"
    assert rows[w["returned"].id]["Freigegeben"].value is None  # not approved: an empty cell, not a text

    # question ids (statistics software): still date cells, shown as ISO dates
    _, ids = _rows(_sheet(export_bytes(db.counselor, ALL, fmt="xlsx", headers="ids")[0]))
    assert isinstance(ids[w["approved"].id]["submitted_at"].value, datetime)
    assert ids[w["approved"].id]["birth_date"].number_format == "YYYY-MM-DD"

    # CSV: German dates with German labels, ISO dates with question ids
    labels = pd.read_csv(io.BytesIO(export_bytes(db.counselor, ALL, fmt="csv")[0]), sep=";", dtype=str)
    row = labels[labels["Interview-Nr."] == str(w["approved"].id)].iloc[0]
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", row["Eingereicht"]) and row["Geburtsdatum"] == "03.02.1985"
    ids_csv = pd.read_csv(io.BytesIO(export_bytes(db.counselor, ALL, fmt="csv", headers="ids")[0]), sep=";", dtype=str)
    row = ids_csv[ids_csv["interview_id"] == str(w["approved"].id)].iloc[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row["submitted_at"]) and row["birth_date"] == "1985-02-03"


def test_interviewer_start_level_certificate_and_return_comment(db: Cast) -> None:
    w = _world(db)
    _, rows = _rows(_sheet(export_bytes(db.counselor, ALL, fmt="xlsx")[0]))
    certificate = list_certificates(db.counselor)[0]
    issued, approved, returned = rows[w["issued"].id], rows[w["approved"].id], rows[w["returned"].id]
    assert issued["Interviewer/in"].value == "Ina" and returned["Interviewer/in"].value == "Bert"
    score = w["issued"].score
    assert score is not None and score.recommendation is not None and score.recommendation.start_level
    assert issued["Einstiegsniveau"].value == score.recommendation.start_level
    assert issued["Bescheinigungs-Nr."].value == certificate.number
    assert issued["Bescheinigungsstatus"].value == "gültig"
    assert approved["Bescheinigungs-Nr."].value is None and approved["Bescheinigungsstatus"].value is None
    assert returned["Letzter Rückgabe-Kommentar (Beratungsstelle)"].value == RETURN_COMMENT
    assert issued["Letzter Rückgabe-Kommentar (Beratungsstelle)"].value is None

    # a revoked certificate says so (the interview is approved again)
    store.revoke_certificate(db.counselor, certificate.id, "Tippfehler im Namen")
    _, rows = _rows(_sheet(export_bytes(db.counselor, ALL, fmt="xlsx")[0]))
    assert rows[w["issued"].id]["Bescheinigungsstatus"].value == "widerrufen"
    assert rows[w["issued"].id]["Bescheinigungs-Nr."].value == certificate.number

    # statistics: start level and certificate status stay, nothing that names or reaches a person
    pseudo = pd.read_excel(io.BytesIO(export_bytes(db.counselor, ALL, fmt="xlsx", pseudonymize=True)[0]))
    assert {"Einstiegsniveau", "Bescheinigungsstatus"} <= set(pseudo.columns)
    personal = {"Interviewer/in", "Bescheinigungs-Nr.", "Letzter Rückgabe-Kommentar (Beratungsstelle)"}
    assert not personal & set(pseudo.columns)
    assert certificate.number not in pseudo.to_csv() and RETURN_COMMENT not in pseudo.to_csv()
