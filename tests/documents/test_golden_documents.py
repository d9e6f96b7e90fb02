"""The PDFs read as before they moved out of the store (issue 13): the interview record, the Art. 15
access report and an issued certificate. Golden files written on the code before the move.

Inputs are files too (``golden/*_input.json``): an access request's JSON and the frozen data of a
certificate as the store produced them, so these tests run without a database. The store-level test
at the end checks that issuing still assembles the same frozen data (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import store
from certificates import pdf_sha256, render_certificate
from certificates.codes import verification_code
from documents.access_report import render_access_report
from documents.interview_record import RecordHeader, render_interview_record
from questionnaire import guide_by_version
from questionnaire.samples import sample_answers
from schemas.certificate import CertificateData
from store.certificate_lists import certificates_for_print
from store.issuing import issue_certificate
from tests.counseling.conftest import Cast, make_interview, real_guide_interview
from tests.documents.golden import GOLDEN, check, pdf_text

HEADER = RecordHeader(
    interview_id=4711,
    learner_name="Petrenko, Olena",
    birth_date="17.05.1988",
    provider="VHS Musterstadt",
    status="Freigegeben",
    interviewer="Ina Interview",
    guide="sprachstand v1",
    updated="01.12.2026 10:15",
    language_name="Ukrainisch",
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record_answers() -> dict[str, Any]:
    answers = sample_answers(guide_by_version("sprachstand", 1), seed=3)
    answers.update(family_name="Petrenko", given_names="Olena", birth_date="1988-05-17", consent_processing=True)
    return answers


def test_interview_record_is_unchanged() -> None:
    guide = guide_by_version("sprachstand", 1)
    levels = {
        "listening": "A2",
        "reading": "B1",
        "spoken_interaction": "A2",
        "spoken_production": "A1",
        "writing": "A1",
    }
    pdf = render_interview_record(guide, _record_answers(), HEADER, language="uk", levels=levels)
    check("interview_record", {"pages": pdf_text(pdf), "sha256": _sha(pdf)})


def _input(name: str) -> Any:
    return json.loads((GOLDEN / f"{name}_input.json").read_text(encoding="utf-8"))


def test_access_report_is_unchanged() -> None:
    pdf = render_access_report(_input("access_report"))
    check("access_report", {"pages": pdf_text(pdf), "sha256": _sha(pdf)})


def test_issued_certificate_rerenders_byte_identically() -> None:
    frozen = _input("certificate_v1")
    data = CertificateData.model_validate_json(json.dumps(frozen["data"]))
    pdf = render_certificate(data)
    assert pdf_sha256(pdf) == frozen["pdf_sha256"]
    # the signed bytes are those of before as well: the code under a fixed key, computed on the old code
    assert verification_code(data, b"golden-key") == "2A02C-KSR2D"
    check("certificate_v1", {"pages": pdf_text(pdf)})


# --- the store produces the same inputs ---------------------------------------------------------------

VOLATILE = ("number", "issued_on", "interview_date", "verification_code", "verify_url")


def test_issuing_assembles_the_same_frozen_data(db: Cast) -> None:
    from certificates.sample import sample_logo

    store.update_provider(db.admin, db.provider_a, logo=sample_logo("#1f4e79", "shield"), logo_mime="image/png")
    make_interview(db, db.interviewer_a, "approved", family="Kowalenko", birth="1985-02-03")
    iv = real_guide_interview(db, db.interviewer_a, family="Petrenko", given="Olena")
    store.add_comment(db.counselor, iv.id, "Lesen bitte im Kurs nachtesten.")
    store.approve(db.counselor, iv.id)
    issue_certificate(db.counselor, iv.id)
    (data,) = certificates_for_print(db.counselor)
    frozen = data.model_dump(mode="json")
    if os.environ.get("UPDATE_GOLDEN") == "1" and db.backend == "sqlite":
        pdf = render_certificate(data)
        doc = {"data": frozen, "pdf_sha256": pdf_sha256(pdf)}
        (GOLDEN / "certificate_v1_input.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        request = store.export_learner(db.dpo, iv.learner.id)
        text = json.dumps(json.loads(json.dumps(request, default=str)), indent=1, ensure_ascii=False)
        (GOLDEN / "access_report_input.json").write_text(text + "\n")
    stable = {k: v for k, v in frozen.items() if k not in VOLATILE}
    for logo in ("provider_logo", "city_logo"):
        if stable.get(logo):
            stable[logo] = _sha(str(stable[logo]).encode())
    check("certificate_data_assembled", stable)
