"""Exports read back with pandas and openpyxl: row count and columns match the filtered list, the
pseudonymised export holds no name, birth date or free text from the database, and every export is
audited. Runs on SQLite and PostgreSQL (the store suite's ``db`` fixture)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

import store
from schemas.views import ReviewFilters
from store.exports import NO_ROWS, export_bytes, pseudonym
from tests.counseling.conftest import Cast, make_interview

ALL = ReviewFilters(statuses=("submitted", "returned", "approved", "certificate_issued"), order="oldest")


def _world(db: Cast) -> dict[str, store.InterviewView]:
    return {
        "a_sub": make_interview(
            db, db.interviewer_a, "submitted", family="Haddad", given="Amina", notes="Ruft an: 0170 999"
        ),
        "a_ok": make_interview(db, db.interviewer_a, "approved", family="Kowalenko", given="Olena", birth="1985-02-03"),
        "b_sub": make_interview(db, db.interviewer_b, "submitted", family="Yilmaz", given="Ayşe", birth="1979-11-30"),
        "b_hidden": make_interview(db, db.interviewer_b, "submitted", sharing=False, family="Geheim", given="Gerda"),
        "a_draft": make_interview(db, db.interviewer_a, "draft", family="Entwurf", given="Erna"),
    }


def _read(data: bytes, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", dtype=str)
    return pd.read_excel(io.BytesIO(data), dtype=str)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_matches_the_filtered_list(db: Cast, fmt: str) -> None:
    w = _world(db)
    _, total = store.review_queue(db.counselor, ALL, page=1, page_size=50)
    data, result = export_bytes(db.counselor, ALL, fmt=fmt)
    frame = _read(data, fmt)
    assert len(frame) == total == result.rows == 3  # consented and submitted or later only
    assert list(frame.columns) == result.columns
    assert {"Interview-Nr.", "Träger", "Niveau Hören", "Familienname", "Einschätzung Hören"} <= set(frame.columns)
    assert sorted(frame["Interview-Nr."].astype(int)) == sorted(w[k].id for k in ("a_sub", "a_ok", "b_sub"))
    assert "Geheim" not in data.decode("latin-1", "ignore") and "Entwurf" not in frame.to_csv()
    row = frame[frame["Familienname"] == "Haddad"].iloc[0]
    assert row["Einschätzung Hören"] == "A2"  # choice label, not the id "a2"
    assert row["Weitergabe an die Beratungsstelle"] == "ja"

    only_b = ReviewFilters(statuses=ALL.statuses, provider_id=db.provider_b)
    data, result = export_bytes(db.counselor, only_b, fmt=fmt)
    assert list(_read(data, fmt)["Familienname"]) == ["Yilmaz"]


def test_headers_as_question_ids_keep_machine_values(db: Cast) -> None:
    _world(db)
    data, result = export_bytes(db.counselor, ALL, fmt="xlsx", headers="ids")
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header == result.columns
    assert {"interview_id", "family_name", "rating_listening", "cd_listening_a1", "level_listening"} <= set(header)
    values = [dict(zip(header, list(r) + [None] * (len(header) - len(r)), strict=True)) for r in rows[1:]]
    assert {v["rating_listening"] for v in values} == {"a2"}
    assert all(v["consent_processing"] is True for v in values)


def test_pseudonymised_export_has_no_personal_data(db: Cast) -> None:
    w = _world(db)
    for fmt in ("csv", "xlsx"):
        data, _ = export_bytes(db.counselor, ALL, fmt=fmt, pseudonymize=True)
        frame = _read(data, fmt)
        flat = frame.to_csv()
        for view in w.values():
            learner = view.learner
            assert learner.family_name not in flat and learner.given_names not in flat
            assert learner.birth_date is not None
            assert learner.birth_date.isoformat() not in flat
            assert learner.birth_date.strftime("%d.%m.%Y") not in flat
        assert "0170 999" not in flat and "Ruft an" not in flat  # free text left out
        assert "Familienname" not in frame.columns and "Notizen" not in frame.columns
        assert "Pseudonym" in frame.columns and "Altersgruppe" in frame.columns
        by_id = dict(zip(frame["Interview-Nr."].astype(int), frame["Pseudonym"], strict=True))
        assert by_id[w["a_sub"].id] == pseudonym(w["a_sub"].learner.id)
    # stable: the same learner gets the same pseudonym in the next export
    again, _ = export_bytes(db.counselor, ALL, fmt="csv", pseudonymize=True)
    assert pseudonym(w["a_sub"].learner.id) in again.decode("utf-8-sig")
    assert pseudonym(1) != pseudonym(2)


def test_zero_rows_is_a_german_message_and_no_file(db: Cast) -> None:
    _world(db)
    nothing = ReviewFilters(statuses=ALL.statuses, submitted_from=date(2001, 1, 1), submitted_to=date(2001, 1, 2))
    buffer = io.BytesIO()
    with pytest.raises(store.InvalidInput) as exc:
        from store.exports import export_interviews

        export_interviews(db.counselor, nothing, buffer, fmt="xlsx")
    assert str(exc.value) == NO_ROWS
    assert buffer.getvalue() == b""
    rows, _ = store.audit_log(db.admin, action="export.interviews")
    assert rows == []


def test_every_export_is_audited(db: Cast) -> None:
    _world(db)
    export_bytes(db.counselor, ALL, fmt="csv")
    export_bytes(db.counselor, ALL, fmt="xlsx", pseudonymize=True)
    full, _ = store.audit_log(db.admin, action="export.interviews")
    pseudo, _ = store.audit_log(db.admin, action="export.pseudonymized")
    assert [(e.actor_username, e.details["rows"], e.details["format"]) for e in full] == [("beratung", 3, "csv")]
    assert [(e.actor_username, e.details["format"]) for e in pseudo] == [("beratung", "xlsx")]


@pytest.mark.parametrize("who", ["interviewer_a", "padmin_a", "admin"])
def test_only_the_counseling_office_exports(db: Cast, who: str) -> None:
    _world(db)
    with pytest.raises(store.AccessDenied):
        export_bytes(getattr(db, who), ALL, fmt="csv")
    with pytest.raises(store.AccessDenied):
        export_bytes(getattr(db, who), ALL, fmt="csv", pseudonymize=True)


def test_consent_withdrawal_removes_the_interview_from_the_next_export(db: Cast) -> None:
    w = _world(db)
    store.record_consent(db.interviewer_a, w["a_sub"].learner.id, "sharing", False)
    data, result = export_bytes(db.counselor, ALL, fmt="csv")
    assert result.rows == 2 and "Haddad" not in data.decode("utf-8-sig")


def test_text_that_looks_like_a_formula_is_not_one(db: Cast) -> None:
    make_interview(db, db.interviewer_a, "submitted", family="Formel", given="Franz", notes='=HYPERLINK("http://x")')
    data, _ = export_bytes(db.counselor, ALL, fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    csv_data, _ = export_bytes(db.counselor, ALL, fmt="csv")
    assert "'=HYPERLINK" in csv_data.decode("utf-8-sig")
