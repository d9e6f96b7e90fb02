"""Issuing: who may, from which state, what is frozen, numbering under concurrency, reprints."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import text

import store
from schemas.certificate import CertificateData
from store import db as store_db
from store.certificate_lists import list_certificates, ready_for_certificate
from store.issuing import issue_certificate, reprint_certificate
from tests.certificates_store.conftest import PUBLIC_URL, approved_interview, common_answers
from tests.store.conftest import Cast, found_for_request


def _page_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return " ".join((reader.pages[0].extract_text() or "").split())


def test_issue_freezes_the_interview_into_a_verifiable_pdf(db: Cast) -> None:
    iv = approved_interview(db, family="Nguyễn", given="Thị Ễ")
    cert, pdf = issue_certificate(db.padmin_a, iv.id)

    year = date.today().year
    assert cert.number == f"SPR-{year}-000001"
    assert cert.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    data = CertificateData.model_validate_json(json.dumps(cert.data))
    assert (data.family_name, data.given_names, data.birth_date) == ("Nguyễn", "Thị Ễ", date(1991, 3, 14))
    assert data.provider_name == "VHS Musterstadt"
    assert data.levels == iv.levels
    assert set(data.can_do) == set(data.levels)  # a sentence for every skill, also Pre-A1
    assert data.signer_name == "Paula"
    assert data.verify_url == f"{PUBLIC_URL}?verify={cert.number}&code={cert.verification_code}"
    page = _page_text(pdf)
    for expected in ("Nguyễn", "Thị Ễ", cert.number, cert.verification_code, "14.03.1991"):
        assert expected in page
    assert store.get_interview_for(db.padmin_a, iv.id).status == "certificate_issued"


def test_only_approved_interviews_and_only_issuers(db: Cast) -> None:
    submitted = db.interview(db.interviewer_a, "submitted")
    with pytest.raises(store.InvalidTransition, match="Status"):
        issue_certificate(db.counselor, submitted.id)
    iv = approved_interview(db)
    with pytest.raises(store.AccessDenied):
        issue_certificate(db.interviewer_a, iv.id)  # interviewers do not issue
    with pytest.raises(store.AccessDenied):
        issue_certificate(db.padmin_b, iv.id)  # another provider's admin
    with pytest.raises(store.AccessDenied):
        issue_certificate(db.admin, iv.id)  # the admin sees no learner data
    issue_certificate(db.counselor, iv.id)
    with pytest.raises(store.InvalidTransition):
        issue_certificate(db.counselor, iv.id)  # already issued
    assert [c.number for c in list_certificates(db.padmin_a)] == [f"SPR-{date.today().year}-000001"]
    assert list_certificates(db.padmin_b) == []


def test_ready_list_shows_approved_interviews_of_own_provider(db: Cast) -> None:
    mine = approved_interview(db)
    other = approved_interview(db, actor=db.interviewer_b, family="Kowalczyk", given="Łukasz")
    assert [r.interview_id for r in ready_for_certificate(db.padmin_a)] == [mine.id]
    assert {r.interview_id for r in ready_for_certificate(db.counselor)} == {mine.id, other.id}
    issue_certificate(db.counselor, mine.id)
    assert [r.interview_id for r in ready_for_certificate(db.counselor)] == [other.id]
    # erased: nothing left to certify
    store.erase_learner(db.dpo, found_for_request(db.dpo, other.learner), "Antrag vom 01.11.2026")
    assert ready_for_certificate(db.counselor) == [] and ready_for_certificate(db.padmin_b) == []


def test_frozen_data_and_reprint_survive_later_changes(db: Cast) -> None:
    iv = approved_interview(db)
    cert, pdf = issue_certificate(db.counselor, iv.id)
    # later: the learner's name changes through a new interview, the provider and the city are renamed
    again = store.start_interview(db.interviewer_a, iv.learner.id, guide_id="sprachstand", guide_version=1)
    answers = common_answers("Yilmaz-Neu", "Sukru", "1991-03-15")
    store.save_draft(db.interviewer_a, again.id, answers, "personal", again.lock_version)
    assert store.get_learner(db.interviewer_a, iv.learner.id).family_name == "Yilmaz-Neu"
    store.update_provider(db.admin, db.provider_a, name="Volkshochschule Neu")
    store.set_app_setting(db.admin, "city_name", "Neustadt")

    reprint = reprint_certificate(db.padmin_a, cert.id)
    assert reprint == pdf
    assert hashlib.sha256(reprint).hexdigest() == cert.pdf_sha256
    page = _page_text(reprint)
    assert "Yılmaz" in page and "Yilmaz-Neu" not in page and "Volkshochschule Neu" not in page
    with pytest.raises(store.AccessDenied):
        reprint_certificate(db.padmin_b, cert.id)


def test_revoke_with_reason_is_audited_and_blocks_reprint(db: Cast) -> None:
    from store.issuing import revoke_certificate

    iv = approved_interview(db)
    cert, _ = issue_certificate(db.padmin_a, iv.id)
    with pytest.raises(store.AccessDenied):
        revoke_certificate(db.padmin_a, cert.id, "Fehler")  # provider admins cannot revoke
    with pytest.raises(store.InvalidInput):
        revoke_certificate(db.counselor, cert.id, "   ")  # a reason is required
    revoked = revoke_certificate(db.counselor, cert.id, "Niveau Lesen falsch übernommen")
    assert revoked.revoked and revoked.revoke_reason == "Niveau Lesen falsch übernommen"
    with pytest.raises(store.InvalidTransition):
        reprint_certificate(db.counselor, cert.id)
    rows, _ = store.audit_log(db.admin, action="interview.revoke")
    assert len(rows) == 1 and rows[0].actor_username == "beratung"
    # the interview is approved again: a corrected certificate gets the next number
    second, _ = issue_certificate(db.counselor, iv.id)
    assert second.number.endswith("-000002")


@pytest.mark.parametrize("locked", [True, False], ids=["with-lock", "retry-only"])
def test_concurrent_issuing_gives_distinct_gap_free_numbers(
    db: Cast, locked: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not locked:  # without the per-year lock, collisions must be caught by the constraint and retried
        monkeypatch.setattr("store.issuing._lock_year", lambda s, year: None)
    interviews = [approved_interview(db, family=f"Person {chr(65 + i)}", seed=i) for i in range(8)]
    barrier = threading.Barrier(len(interviews))
    numbers: list[str] = []
    errors: list[BaseException] = []

    def issue(interview_id: int) -> None:
        try:
            barrier.wait()
            cert, _ = issue_certificate(db.counselor, interview_id)
            numbers.append(cert.number)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(iv.id,)) for iv in interviews]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    year = date.today().year
    assert sorted(numbers) == [f"SPR-{year}-{n:06d}" for n in range(1, 9)]
    with store_db.get_engine(db.url).connect() as conn:
        sequences = [r[0] for r in conn.execute(text("SELECT sequence FROM certificates ORDER BY sequence"))]
    assert sequences == list(range(1, 9))


def test_prefix_from_admin_settings(db: Cast) -> None:
    store.set_app_setting(db.admin, "certificate_prefix", "MUS")
    cert, _ = issue_certificate(db.counselor, approved_interview(db).id)
    assert cert.number.startswith(f"MUS-{date.today().year}-")


def test_a_large_provider_logo_is_frozen_at_print_resolution(db: Cast) -> None:
    import os as _os

    from PIL import Image

    noise = Image.frombytes("RGB", (1000, 560), _os.urandom(1000 * 560 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    logo = buffer.getvalue()
    assert len(logo) > 1_000_000
    store.update_provider(db.admin, db.provider_a, logo=logo, logo_mime="image/png")
    cert, pdf = issue_certificate(db.counselor, approved_interview(db).id)
    frozen = CertificateData.model_validate_json(json.dumps(cert.data)).provider_logo
    assert frozen is not None
    with Image.open(io.BytesIO(frozen)) as image:
        assert image.width <= 800 and image.height <= 380
    assert len(frozen) < len(logo) // 2
    assert reprint_certificate(db.counselor, cert.id) == pdf


def test_the_certificate_prints_the_guides_third_person_sentence_of_each_level(db: Cast) -> None:
    from questionnaire import certificate_text, guide_by_version

    guide = guide_by_version("sprachstand", 1)
    iv = approved_interview(db)
    cert, pdf = issue_certificate(db.counselor, iv.id)
    data = CertificateData.model_validate_json(json.dumps(cert.data))
    page = _page_text(pdf)
    for skill, level in data.levels.items():
        de = certificate_text(guide, skill, level, "de")
        en = certificate_text(guide, skill, level, "en")
        assert de and en
        assert (data.can_do[skill].de, data.can_do[skill].en) == (de, en)
        assert not data.can_do[skill].de.startswith("Ich ")  # not the interview's self-assessment
        # the opening words of both sentences are on the page (the cell may wrap the rest)
        assert " ".join(de.split()[:3]) in page and " ".join(en.split()[:3]) in page


def test_a_guide_without_certificate_sentences_falls_back_to_its_first_can_do_statement() -> None:
    from certificates.assembly import can_do_sentences
    from tests.questionnaire.helpers import full_guide

    guide = full_guide()  # a test guide with checklists but no certificate_text (like older uploads)
    levels = {"listening": "A1", "reading": "A1"} | {
        s: "Pre-A1" for s in ("spoken_interaction", "spoken_production", "writing")
    }
    sentences = can_do_sentences(guide, levels)
    assert sentences["listening"] == {"de": "Ich verstehe Zahlen.", "en": "I understand numbers."}
    assert sentences["writing"]["de"].startswith("Die Kenntnisse reichen noch nicht für Stufe A1")
