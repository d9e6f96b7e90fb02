"""Issue 16 holes 2, 3 and 7 in the store: consent recorded on the learner's record (how, when, by whom,
effective at once, audited); withdrawing a submission until its reviewer opens it; the reply thread and
resubmissions; assigning interviews to counselors; the backlog and the start pages' notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

import store
from schemas.views import ReviewFilters
from schemas.vocabulary import Action, ConsentMethod, Status
from store import db as store_db
from store.clock import utcnow
from store.models import Interview
from store.scoping import CrossProvider, cross_provider
from tests.store.conftest import Cast


def _ids(rows: list[store.InterviewSummary]) -> list[int]:
    return [r.id for r in rows]


# -- 2: consent on the learner's record -------------------------------------------------------------------


def test_consent_is_withdrawn_and_given_again_on_the_record_with_how_and_when(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    assert iv.id in _ids(store.review_queue(db.counselor)[0])
    store.record_consent(
        db.interviewer_a,
        iv.learner.id,
        "sharing",
        False,
        method=ConsentMethod.VERBAL_INTERPRETER,
        declared_on=utcnow().date() - timedelta(days=1),
        note="Dolmetscherin Frau Berisha",
    )
    # effective at once: gone from the counseling office, the lead reviews now
    assert iv.id not in _ids(store.review_queue(db.counselor)[0])
    with pytest.raises(store.AccessDenied):
        store.get_interview_for(db.counselor, iv.id)
    assert store.get_interview_for(db.interviewer_a, iv.id).shared is False
    assert store.allowed_actions(db.padmin_a, iv.id) == {Action.APPROVE, Action.RETURN}
    store.record_consent(db.padmin_a, iv.learner.id, "sharing", True, method=ConsentMethod.SIGNED_PAPER)
    assert iv.id in _ids(store.review_queue(db.counselor)[0])
    history = store.consent_history(db.interviewer_a, iv.learner.id)
    sharing = [h for h in history if h["purpose"] == "sharing"]
    assert [h["given"] for h in sharing] == [True, False, True]
    assert sharing[1]["method"] == ConsentMethod.VERBAL_INTERPRETER
    assert sharing[1]["note"] == "Dolmetscherin Frau Berisha"
    assert sharing[1]["declared_on"] == utcnow().date() - timedelta(days=1)
    assert sharing[1]["by"] == "Ina"
    assert sharing[2]["by"] == "Paula" and sharing[2]["declared_on"] == utcnow().date()
    assert sharing[0]["method"] == ConsentMethod.INTERVIEW
    withdrawn, _ = store.audit_log(db.admin, learner_id=iv.learner.id, action="consent.withdrawn")
    assert [(e.actor_username, e.details.get("method")) for e in withdrawn] == [("ina", "verbal_interpreter")]


def test_consent_declaration_is_checked(db: Cast) -> None:
    learner = db.learner(db.interviewer_a)
    with pytest.raises(store.InvalidInput, match="Art der Erklärung"):
        store.record_consent(db.interviewer_a, learner.id, "sharing", False, method="telepathy")
    with pytest.raises(store.InvalidInput, match="Zukunft"):
        store.record_consent(
            db.interviewer_a, learner.id, "sharing", False, declared_on=utcnow().date() + timedelta(days=2)
        )
    with pytest.raises(store.AccessDenied):
        store.record_consent(db.interviewer_b, learner.id, "sharing", False)
    with pytest.raises(store.AccessDenied):
        store.record_consent(db.counselor, learner.id, "sharing", False)


# -- 3: withdraw, reply thread, resubmitted ---------------------------------------------------------------


def test_a_submission_is_withdrawn_until_the_counselor_opens_it(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    assert Action.WITHDRAW in store.allowed_actions(db.interviewer_a, iv.id)
    # the queue's list does not open it; another provider cannot withdraw it
    store.review_queue(db.counselor)
    with pytest.raises(store.AccessDenied):
        store.withdraw_submission(db.interviewer_b, iv.id)
    back = store.withdraw_submission(db.interviewer_a, iv.id)
    assert back.status is Status.DRAFT
    assert iv.id not in _ids(store.review_queue(db.counselor)[0])
    again = store.submit(db.interviewer_a, back.id, back.lock_version)
    assert again.submissions == 2 and again.resubmitted
    row = next(r for r in store.review_queue(db.counselor)[0] if r.id == iv.id)
    assert row.resubmitted  # the queue marks it
    # the counselor opens it: recorded once, and withdrawing ends
    opened = store.get_interview_for(db.counselor, iv.id)
    assert opened.first_opened_at is not None
    assert Action.WITHDRAW not in store.allowed_actions(db.interviewer_a, iv.id)
    with pytest.raises(store.InvalidTransition, match="nicht mehr zurückgezogen"):
        store.withdraw_submission(db.interviewer_a, iv.id)
    # the interviewer opening it does not count as the reviewer's opening
    other = db.interview(db.interviewer_a, "submitted", family="Nasser")
    store.get_interview_for(db.interviewer_a, other.id)
    assert Action.WITHDRAW in store.allowed_actions(db.interviewer_a, other.id)
    kinds = [e.kind for e in store.review_events(db.interviewer_a, iv.id)]
    assert kinds == [Action.SUBMIT, Action.WITHDRAW, Action.SUBMIT]


def test_the_interviewer_answers_a_return_comment_in_the_thread(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "returned")
    store.add_comment(db.interviewer_a, iv.id, "Lesen wurde mit dem zweiten Text geprüft.")
    current = store.get_interview_for(db.interviewer_a, iv.id)
    done = store.submit(db.interviewer_a, iv.id, current.lock_version, comment="Jetzt vollständig.")
    events = store.review_events(db.counselor, iv.id)
    assert [(e.kind, e.comment) for e in events][-3:] == [
        (Action.RETURN, "Bitte Lesen prüfen."),
        ("comment", "Lesen wurde mit dem zweiten Text geprüft."),
        (Action.SUBMIT, "Jetzt vollständig."),
    ]
    assert done.resubmitted


# -- 7: assignment, backlog, notifications ----------------------------------------------------------------


def test_counselors_assign_interviews_to_themselves_and_filter_by_it(db: Cast) -> None:
    first = db.interview(db.interviewer_a, "submitted")
    second = db.interview(db.interviewer_b, "submitted", family="Nasser")
    assigned = store.assign(db.counselor, first.id)
    assert assigned.assigned_to == "Beratung"
    rows = store.review_queue(db.counselor)[0]
    assert {r.id: r.assigned_to for r in rows} == {first.id: "Beratung", second.id: None}
    mine = store.review_queue(db.counselor, ReviewFilters(assigned_to_id=db.counselor.id))[0]
    assert _ids(mine) == [first.id]
    assert _ids(store.review_queue(db.dpo, ReviewFilters(assigned_to_id=db.dpo.id))[0]) == []
    store.assign(db.dpo, first.id)  # taken over
    assert store.get_interview_for(db.counselor, first.id).assigned_to == "Datenschutz"
    store.assign(db.dpo, first.id, to_me=False)
    assert store.get_interview_for(db.counselor, first.id).assigned_to is None
    with pytest.raises(store.AccessDenied):
        store.assign(db.padmin_a, first.id)
    approved = store.approve(db.counselor, second.id)
    with pytest.raises(store.InvalidTransition):
        store.assign(db.counselor, approved.id)


def _age(interview_id: int, days: int) -> None:
    engine = store_db.get_engine()
    with engine.begin() as conn:
        conn.execute(
            cross_provider(
                update(Interview)
                .where(Interview.id == interview_id)
                .values(submitted_at=utcnow() - timedelta(days=days, hours=1)),
                CrossProvider.MAINTENANCE,
            )
        )


def test_backlog_and_its_age_and_the_notifications(db: Cast) -> None:
    a = db.interview(db.interviewer_a, "submitted")
    b = db.interview(db.interviewer_b, "submitted", family="Nasser")
    c = db.interview(db.interviewer_a, "submitted", family="Osman")
    private = db.interview(db.interviewer_a, "submitted", family="Krasniqi", given="Besa", sharing=False)
    db.interview(db.interviewer_a, "approved", family="Yilmaz")
    _age(a.id, 30)
    _age(b.id, 10)
    _age(c.id, 2)
    _age(private.id, 20)
    counseling = store.backlog(db.counselor)
    assert (counseling.waiting, counseling.oldest_days, counseling.median_days, counseling.over_limit) == (
        3,
        30,
        10.0,
        1,
    )
    lead = store.backlog(db.padmin_a)
    assert (lead.waiting, lead.oldest_days) == (1, 20)
    everyone = store.backlog(db.admin)
    assert (everyone.waiting, everyone.oldest_days) == (4, 30)
    assert store.backlog(db.padmin_b).waiting == 0

    store.assign(db.counselor, b.id)
    texts = [n.text for n in store.notifications(db.counselor)]
    assert "Ihnen zugewiesen: Haddad, Amina (wartet seit 10 Tagen)".replace("Haddad", "Nasser") in texts
    assert "1 Interview wartet länger als 14 Tage auf die Prüfung (ältestes: 30 Tage)." in texts
    assert [n.kind for n in store.notifications(db.padmin_a)] == ["waiting"]
    assert store.notifications(db.interviewer_a) == []
    store.return_interview(db.counselor, a.id, "Bitte Lesen prüfen.")
    returned = store.notifications(db.interviewer_a)
    assert [(n.kind, n.interview_id) for n in returned] == [("returned", a.id)]
    assert returned[0].text == "Zurückgegeben an Sie: Haddad, Amina"
    assert store.notifications(db.interviewer_a2) == []  # returned to the one who conducted it
    assert store.notifications(db.admin) == []
