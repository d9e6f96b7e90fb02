"""Issuing under the two wordings (issue 14, item 10), through the store on SQLite and PostgreSQL: an
interview of guide version 2 gets the new wording without literacy and recommendation (unless the
deployment's setting prints them), a reprint is byte-identical, the counseling office's copy shows
them and is audited, and the certificate verifies; a version-1 interview keeps the old wording."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

import store
from settings import get_settings
from store.issuing import issue_certificate, reprint_certificate
from store.verification import verify_certificate
from tests.certificates_store.conftest import approved_interview
from tests.store.conftest import Cast


def _text(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def _approved_v2(cast: Cast) -> store.InterviewView:
    from questionnaire import guide_by_version
    from questionnaire.samples import sample_answers

    guide = guide_by_version("sprachstand", 2)
    family, given, birth = "Petrenko", "Olena", "1988-05-17"
    answers = sample_answers(guide, seed=3, today=dt.date(2026, 11, 1))
    answers.update(family_name=family, given_names=given, birth_date=birth, consent_sharing=True)
    if "arrival_date" in answers:  # the sample's arrival may precede the birth date chosen here
        answers["arrival_date"] = "2024-02-01"
    learner = store.create_learner(
        cast.interviewer_a, family, given, birth, processing_consent=True, sharing_consent=True
    )
    iv = store.start_interview(cast.interviewer_a, learner.id, guide_id="sprachstand", guide_version=2)
    iv = store.submit(cast.interviewer_a, iv.id, iv.lock_version, answers=answers)
    assert all(iv.levels.values()), iv.levels
    return store.approve(cast.counselor, iv.id)


def test_a_version_2_certificate_leaves_placement_to_the_counseling_copy(db: Cast) -> None:
    iv = _approved_v2(db)
    certificate, pdf = issue_certificate(db.counselor, iv.id)
    assert certificate.data is not None and certificate.data["wording"] == 2
    assert certificate.data["recommendation"]  # frozen all the same: the counseling copy prints it
    text = _text(pdf)
    assert "Eingeschätzte Niveaus, orientiert am GER" in text and "Record of a language assessment interview" in text
    assert "Kursempfehlung" not in text and certificate.data["recommendation"] not in text
    assert reprint_certificate(db.counselor, certificate.id) == pdf
    copy = _text(reprint_certificate(db.counselor, certificate.id, counseling_copy=True))
    assert "Exemplar für die Beratungsstelle" in copy and "Kursempfehlung" in copy
    actions = [r.action for r in store.audit_log(db.admin, page_size=500)[0]]
    assert "certificate.counseling_copy" in actions
    assert verify_certificate(certificate.number, certificate.verification_code, None).status == "valid"


def test_the_setting_prints_literacy_and_recommendation(db: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CERTIFICATE_SHOWS_PLACEMENT", "true")
    get_settings.cache_clear()
    iv = _approved_v2(db)
    certificate, pdf = issue_certificate(db.counselor, iv.id)
    assert certificate.data is not None and certificate.data["show_literacy_and_recommendation"] is True
    assert "Kursempfehlung" in _text(pdf)


def test_a_version_1_certificate_keeps_the_old_wording(db: Cast) -> None:
    iv = approved_interview(db)
    certificate, pdf = issue_certificate(db.counselor, iv.id)
    assert certificate.data is not None and certificate.data["wording"] == 1
    text = _text(pdf)
    assert "Certificate of language assessment" in text and "Kursempfehlung" in text
    assert "Eingeschätzt" not in text
