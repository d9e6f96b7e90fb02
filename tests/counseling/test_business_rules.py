"""The rules pages used to compute now live in the store: issuing on approval, the consent gate and
the self-assessment hints — so a command or any other page gets the same result (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

import store
from questionnaire import review_hints as hints
from store import reporting
from tests.counseling.conftest import real_guide_interview
from tests.store.conftest import Cast


def test_approving_through_the_store_issues_the_certificate_when_the_setting_is_on(db: Cast) -> None:
    import io

    store.set_app_setting(db.admin, "auto_issue_on_approve", True)
    iv = real_guide_interview(db, db.interviewer_a)
    done = store.approve_and_issue(db.counselor, iv.id)  # no page involved
    assert done.issue_error is None and done.certificate is not None and done.pdf is not None
    assert done.interview.status == "certificate_issued"
    assert done.interview.certificate_number == done.certificate.number
    assert "Petrenko" in PdfReader(io.BytesIO(done.pdf)).pages[0].extract_text()
    # the plain approve does the same
    other = real_guide_interview(db, db.interviewer_b, family="Kovalenko")
    after = store.approve(db.counselor, other.id)
    assert after.status == "certificate_issued" and after.certificate_number


def test_approving_without_the_setting_leaves_the_certificate_for_later(db: Cast) -> None:
    store.set_app_setting(db.admin, "auto_issue_on_approve", False)
    iv = real_guide_interview(db, db.interviewer_a)
    done = store.approve_and_issue(db.counselor, iv.id)
    assert done.certificate is None and done.issue_error is None
    assert done.interview.status == "approved" and not done.interview.certificate_number


def test_the_approval_stands_when_the_automatic_certificate_fails(db: Cast) -> None:
    store.set_app_setting(db.admin, "auto_issue_on_approve", True)
    iv = db.interview(db.interviewer_a, "submitted")  # the store suite's guide scores two skills: no certificate
    done = store.approve_and_issue(db.counselor, iv.id)
    assert done.certificate is None and done.issue_error
    assert store.get_interview_for(db.counselor, iv.id).status == "approved"


def test_hints_come_from_the_store(db: Cast) -> None:
    from questionnaire import active_guide

    store.activate_guide(db.admin, "sprachstand", 1)
    writing = [q.id for s in active_guide().sections for q in s.questions if q.id.startswith("cando_writing")]
    iv = real_guide_interview(db, db.interviewer_a, family="Leer", given="Schreiben", **dict.fromkeys(writing))
    guide = reporting.guide_version(db.counselor, iv.guide_id, iv.guide_version)
    assert hints.unticked_skills(guide, iv.answers) == ["writing"]
    assert hints.unticked_warning(guide, iv.answers) == (
        "Keine Kann-Aussage angekreuzt bei: Schreiben. Das ergibt das niedrigste Niveau – "
        "bitte prüfen, ob die Selbsteinschätzung durchgeführt wurde."
    )
    said = hints.skill_hints(guide, iv.answers, "writing", "Pre-A1", nothing_ticked=True)
    assert said[0].startswith("Für Schreiben ist keine Aussage angekreuzt.")
    complete = real_guide_interview(db, db.interviewer_a)
    assert hints.unticked_warning(guide, complete.answers) is None


@pytest.mark.parametrize(("answer", "missing"), [(None, True), (False, True), (True, False)])
def test_the_consent_gate_is_the_stores_rule(answer: bool | None, missing: bool) -> None:
    from questionnaire import guide_by_version

    guide = guide_by_version("sprachstand", 1)  # version 1 asks for consent to processing
    answers = {} if answer is None else {"consent_processing": answer}
    assert hints.consent_missing(guide, answers) is missing
    assert hints.consent_section_id(guide) == "consent"
    # version 2: processing rests on its legal basis (Art. 6 GDPR), so nothing is locked behind a consent
    newer = guide_by_version("sprachstand", 2)
    assert hints.consent_missing(newer, answers) is False
    assert hints.consent_section_id(newer) is not None
