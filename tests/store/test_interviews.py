"""Interviews: drafts with history, validation via the engine, the workflow, conflicts."""

from __future__ import annotations

import pytest

import store
from questionnaire import AnswerError
from tests.store.conftest import Cast, issue
from tests.store.guide import complete_answers


def test_draft_save_resume_and_history_with_diff(db: Cast) -> None:
    learner = db.learner(db.interviewer_a)
    iv = store.start_interview(db.interviewer_a, learner.id, learner_language="en")
    assert iv.status == "draft" and iv.guide_id == "storetest" and iv.guide_version == 1
    assert iv.answers["family_name"] == "Haddad"  # master data prefilled from the learner
    answers = {**iv.answers, "children": 2}
    iv = store.save_draft(db.interviewer_a, iv.id, answers, "personal", iv.lock_version)
    answers = {**iv.answers, "children": 3, "literate_l1": True}
    iv = store.save_draft(db.interviewer_a2, iv.id, answers, "german", iv.lock_version)
    again = store.get_interview_for(db.interviewer_a, iv.id)  # "another device"
    assert again.answers["children"] == 3 and again.current_section == "german" and again.learner_language == "en"
    revisions = store.history(db.interviewer_a, iv.id)
    assert [r.diff for r in revisions] == [{"children": [None, 2]}, {"children": [2, 3], "literate_l1": [None, True]}]
    assert revisions[1].changed_by == "Igor"


def test_invalid_draft_is_refused_with_messages_at_fields_and_nothing_saved(db: Cast) -> None:
    iv = store.start_interview(db.interviewer_a, db.learner(db.interviewer_a).id)
    with pytest.raises(AnswerError) as caught:
        store.save_draft(db.interviewer_a, iv.id, {**iv.answers, "children": 99}, "personal", iv.lock_version)
    assert [qid for qid, _ in caught.value.problems] == ["children"]
    after = store.get_interview_for(db.interviewer_a, iv.id)
    assert "children" not in after.answers and after.lock_version == iv.lock_version
    assert store.history(db.interviewer_a, iv.id) == []


def test_stale_version_names_who_changed_it(db: Cast) -> None:
    iv = store.start_interview(db.interviewer_a, db.learner(db.interviewer_a).id)
    store.save_draft(db.interviewer_a2, iv.id, {**iv.answers, "children": 1}, "personal", iv.lock_version)
    with pytest.raises(store.Conflict) as caught:
        store.save_draft(db.interviewer_a, iv.id, {**iv.answers, "children": 5}, "personal", iv.lock_version)
    assert "Igor" in str(caught.value) and caught.value.changed_by == "Igor"
    assert store.get_interview_for(db.interviewer_a, iv.id).answers["children"] == 1


def test_submit_validates_fully_and_stores_the_score(db: Cast) -> None:
    iv = store.start_interview(db.interviewer_a, db.learner(db.interviewer_a).id)
    with pytest.raises(AnswerError) as caught:
        store.submit(db.interviewer_a, iv.id, iv.lock_version)  # can-do lists and literacy missing
    assert "literate_l1" in {qid for qid, _ in caught.value.problems}
    assert store.get_interview_for(db.interviewer_a, iv.id).status == "draft"
    iv = store.submit(db.interviewer_a, iv.id, iv.lock_version, answers=complete_answers())
    assert iv.status == "submitted" and iv.submitted_at is not None
    assert iv.levels["listening"] == "A2" and iv.levels["reading"] == "A1"
    assert iv.recommended_course == "integration_course"
    assert iv.score is not None and iv.score.explanations["listening"]
    with pytest.raises(store.InvalidTransition):
        store.save_draft(db.interviewer_a, iv.id, iv.answers, None, iv.lock_version)


def test_full_workflow_return_resubmit_approve_issue_revoke(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    with pytest.raises(store.InvalidInput, match="Kommentar"):
        store.return_interview(db.counselor, iv.id, "   ")
    iv = store.return_interview(db.counselor, iv.id, "Bitte Lesen prüfen.")
    assert iv.status == "returned"
    mine = store.list_my_interviews(db.interviewer_a, status="returned")
    assert [m.last_comment for m in mine] == ["Bitte Lesen prüfen."]
    iv = store.get_interview_for(db.interviewer_a, iv.id)
    iv = store.save_draft(db.interviewer_a, iv.id, {**iv.answers, "notes": "Lesen geprüft"}, "german", iv.lock_version)
    iv = store.submit(db.interviewer_a, iv.id, iv.lock_version)
    with pytest.raises(store.AccessDenied):
        store.approve(db.interviewer_a, iv.id)  # no self-approval by the provider
    iv = store.approve(db.counselor, iv.id)
    assert iv.status == "approved" and iv.approved_at is not None
    with pytest.raises(store.InvalidTransition):
        store.return_interview(db.counselor, iv.id, "zu spät")
    cert = issue(db.padmin_a, iv.id)
    assert cert.number.startswith("SPR-") and cert.number.endswith("-000001")
    assert store.get_interview_for(db.interviewer_a, iv.id).status == "certificate_issued"
    revoked = store.revoke_certificate(db.counselor, cert.id, "Tippfehler im Namen")
    assert revoked.revoked and store.get_interview_for(db.interviewer_a, iv.id).status == "approved"
    kinds = [e.kind for e in store.review_events(db.interviewer_a, iv.id)]
    assert kinds == ["submit", "return", "submit", "approve", "issue", "revoke"]
    actions = {r.action for r in store.audit_log(db.admin, page_size=500)[0]}
    assert {"interview.submit", "interview.return", "interview.approve", "interview.issue"} <= actions


def test_certificate_numbers_count_up(db: Cast) -> None:
    numbers = []
    for family in ("Eins", "Zwei"):
        iv = db.interview(db.interviewer_a, "approved", family=family)
        numbers.append(issue(db.counselor, iv.id).number)
    assert [n[-6:] for n in numbers] == ["000001", "000002"]
    assert store.certificate_status(db.counselor, numbers[0])["revoked"] is False


def test_learner_language_must_be_offered_by_the_guide(db: Cast) -> None:
    learner = db.learner(db.interviewer_a)
    with pytest.raises(store.InvalidInput, match="Sprache"):
        store.start_interview(db.interviewer_a, learner.id, learner_language="xx")


def test_processing_consent_is_required(db: Cast) -> None:
    with pytest.raises(store.InvalidInput, match="Einwilligung"):
        store.create_learner(db.interviewer_a, "Kaya", "Elif", "1985-01-01", processing_consent=False)
    assert store.search_learners(db.interviewer_a, "Kaya") == []


def test_search_ignores_accents_case_and_order(db: Cast) -> None:
    db.learner(db.interviewer_a, "Özdemir", "Ayşe Nur", "1979-03-02")
    db.learner(db.interviewer_a, "Kovalenko", "Olena", "1988-08-08")
    found = store.search_learners(db.interviewer_a, "ayse OZDEMIR")
    assert [f.family_name for f in found] == ["Özdemir"]
    assert [f.given_names for f in store.search_learners(db.interviewer_a, "", birth_date=found[0].birth_date)] == [
        "Ayşe Nur"
    ]
    assert store.search_learners(db.interviewer_b, "Özdemir") == []  # another provider's learner


def test_consent_question_in_the_guide_updates_the_learner(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "draft", sharing=True)
    store.save_draft(db.interviewer_a, iv.id, {**iv.answers, "consent_sharing": False}, "consent", iv.lock_version)
    assert store.get_learner(db.interviewer_a, iv.learner.id).sharing_consent is False


def test_older_stored_scores_are_read_through_the_model() -> None:
    """Issue 13, typed seams: the store hands out a ``Score``; a score stored before ratings, overrides,
    checks and the literacy explanation existed is upgraded on reading, not refused."""
    from schemas.score import Score, load_score

    old = {
        "guide_id": "sprachstand",
        "guide_version": 1,
        "levels": {"listening": "A2", "reading": "A1"},
        "literacy": "literate_latin",
        "recommendation": None,
    }
    score = load_score(old)
    assert isinstance(score, Score)
    assert score.computed == {"listening": "A2", "reading": "A1"} and score.ratings == {} and score.checks == {}
    assert score.skill_labels["listening"] == "Hören" and score.literacy_explanation == ""
