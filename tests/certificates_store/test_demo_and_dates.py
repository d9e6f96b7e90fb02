"""Certificates of demo data carry an unmistakable specimen mark; every PDF is dated with its issue date.

Read back with pypdf as a person would check a printout or the file's properties."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import text

import store
from schemas.certificate import CertificateData
from store import db as store_db
from store.issuing import issue_certificate, reprint_certificate
from store.verification import verify_certificate
from tests.certificates_store.conftest import approved_interview
from tests.store.conftest import Cast

DEMO_LINE = "MUSTER – Beispieldaten, keine gültige Bescheinigung"


def _text(pdf: bytes) -> str:
    return " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())


def _mark_demo(db: Cast, interview: store.InterviewView) -> None:
    """What seed-demo writes: the learner and the interview flagged as demo rows."""
    with store_db.get_engine(db.url).begin() as conn:
        conn.execute(text("UPDATE interviews SET is_demo = :yes WHERE id = :id"), {"yes": True, "id": interview.id})
        conn.execute(
            text("UPDATE learners SET is_demo = :yes WHERE id = :id"), {"yes": True, "id": interview.learner.id}
        )


def test_a_demo_interview_gets_a_marked_certificate_and_a_real_one_does_not(db: Cast) -> None:
    demo = approved_interview(db, family="Beispiel", given="Berta")
    _mark_demo(db, demo)
    real = approved_interview(db, family="Echt", given="Emil")

    demo_cert, demo_pdf = issue_certificate(db.counselor, demo.id)
    real_cert, real_pdf = issue_certificate(db.counselor, real.id)

    demo_text = _text(demo_pdf)
    assert DEMO_LINE in demo_text  # the line above the title
    assert "Beispieldaten, keine gültige Bescheinigung" in demo_text.replace(DEMO_LINE, "")  # and across the page
    assert "Beispiel" in demo_text and demo_cert.number in demo_text
    real_text = _text(real_pdf)
    assert "MUSTER" not in real_text and "Beispieldaten" not in real_text
    assert "Echt" in real_text and real_cert.number in real_text
    # the mark is part of the frozen, signed data: every reprint carries it, byte for byte
    assert CertificateData.model_validate(demo_cert.data).specimen is True
    assert CertificateData.model_validate(real_cert.data).specimen is False
    assert reprint_certificate(db.counselor, demo_cert.id) == demo_pdf
    assert reprint_certificate(db.counselor, real_cert.id) == real_pdf
    demo_check = verify_certificate(demo_cert.number, demo_cert.verification_code, None)
    assert (demo_check.status, demo_check.specimen) == ("valid", True)  # the public page says "Muster"
    real_check = verify_certificate(real_cert.number, real_cert.verification_code, None)
    assert (real_check.status, real_check.specimen) == ("valid", False)


def test_in_a_demo_database_new_interviews_are_certified_as_demo_too(db: Cast) -> None:
    # the app setting behind "DEMO – Beispieldaten" on every page, also for interviews entered later
    store.set_app_setting(db.admin, "demo_data", True)
    _, pdf = issue_certificate(db.padmin_a, approved_interview(db).id)
    assert DEMO_LINE in _text(pdf)


def test_pdf_creation_date_is_the_issue_date_also_on_reprint(db: Cast) -> None:
    cert, pdf = issue_certificate(db.padmin_a, approved_interview(db).id)
    issued_on = CertificateData.model_validate(cert.data).issued_on
    assert issued_on == cert.issued_at.date()
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.creation_date is not None and meta.modification_date is not None
    assert meta.creation_date.date() == issued_on  # not 01.01.2000
    assert meta.modification_date.date() == issued_on
    reprint = reprint_certificate(db.padmin_a, cert.id)
    assert reprint == pdf
