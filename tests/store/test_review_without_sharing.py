"""Issue 16, hole 1: an interview whose learner refused sharing with the counseling office is reviewed by
the provider's own lead (four eyes within the provider) up to the certificate, instead of sitting in
"Eingereicht" forever."""

from __future__ import annotations

import pytest

import store
from schemas.vocabulary import Action, Role, Status
from tests.store.conftest import Cast, issue


def test_the_providers_lead_reviews_an_interview_without_sharing_consent(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted", sharing=False)
    assert iv.shared is False
    # the counseling office neither sees nor decides it; the lead of provider A does
    assert store.allowed_actions(db.counselor, iv.id) == frozenset()
    assert store.allowed_actions(db.padmin_a, iv.id) == {Action.APPROVE, Action.RETURN}
    assert store.allowed_actions(db.padmin_a, iv) == {Action.APPROVE, Action.RETURN}
    assert store.allowed_actions(db.interviewer_a, iv.id) == {Action.WITHDRAW}  # no decision
    assert store.allowed_actions(db.padmin_b, iv.id) == frozenset()
    with pytest.raises(store.AccessDenied):
        store.approve(db.interviewer_a2, iv.id)  # an interviewer reviews nothing
    with pytest.raises(store.AccessDenied):
        store.approve(db.padmin_b, iv.id)  # nor another provider's lead
    approved = store.approve(db.padmin_a, iv.id)
    assert approved.status is Status.APPROVED
    # ... up to the certificate, issued by the same lead
    certificate = issue(db.padmin_a, iv.id)
    assert certificate.number
    assert store.get_interview_for(db.interviewer_a, iv.id).status is Status.CERTIFICATE_ISSUED
    kinds = [e.kind for e in store.review_events(db.interviewer_a, iv.id)]
    assert kinds[-2:] == [Action.APPROVE, Action.ISSUE]


def test_the_lead_never_reviews_an_interview_they_conducted(db: Cast) -> None:
    iv = db.interview(db.padmin_a, "submitted", sharing=False)
    assert store.allowed_actions(db.padmin_a, iv.id) == {Action.WITHDRAW}
    with pytest.raises(store.AccessDenied, match="Vier-Augen-Prinzip"):
        store.approve(db.padmin_a, iv.id)
    with pytest.raises(store.AccessDenied, match="Vier-Augen-Prinzip"):
        store.return_interview(db.padmin_a, iv.id, "Bitte prüfen")
    # a second lead of the provider may
    store.create_user(db.admin, "petra", "richtig-langes-passwort", Role.PROVIDER_ADMIN, db.provider_a, "Petra")
    petra = store.authenticate("petra", "richtig-langes-passwort")
    returned = store.return_interview(petra, iv.id, "Bitte Lesen noch einmal prüfen.")
    assert returned.status is Status.RETURNED


def test_with_sharing_consent_the_counseling_office_reviews_and_the_lead_does_not(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted")
    assert store.allowed_actions(db.padmin_a, iv.id) == {Action.WITHDRAW}
    with pytest.raises(store.AccessDenied, match="prüft die Beratungsstelle"):
        store.approve(db.padmin_a, iv.id)
    assert store.approve(db.counselor, iv.id).status is Status.APPROVED


def test_the_reviewer_follows_the_consent_at_once(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "submitted", sharing=False)
    store.record_consent(db.interviewer_a, iv.learner.id, "sharing", True)
    assert store.allowed_actions(db.padmin_a, iv.id) == {Action.WITHDRAW}
    assert store.allowed_actions(db.counselor, iv.id) == {Action.APPROVE, Action.RETURN}
    store.record_consent(db.interviewer_a, iv.learner.id, "sharing", False)
    assert store.allowed_actions(db.counselor, iv.id) == frozenset()
    assert store.allowed_actions(db.padmin_a, iv.id) == {Action.APPROVE, Action.RETURN}
