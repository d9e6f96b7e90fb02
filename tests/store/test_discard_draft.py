"""Discarding a draft begun by mistake or without consent: only never-submitted drafts of one's own
provider; the learner goes too when they have no other interview."""

from __future__ import annotations

import pytest

import store
from store import errors
from tests.store.conftest import Cast


def test_a_draft_and_its_only_learner_are_deleted(db: Cast) -> None:
    iv = db.interview(db.interviewer_a)
    assert store.discard_draft(db.interviewer_a, iv.id, iv.lock_version) is True
    with pytest.raises(errors.NotFound):
        store.get_interview_for(db.interviewer_a, iv.id)
    assert not store.search_learners(db.interviewer_a, "Haddad")


def test_a_learner_with_another_interview_keeps_their_data(db: Cast) -> None:
    submitted = db.interview(db.interviewer_a, status="submitted")
    draft = store.start_interview(db.interviewer_a, submitted.learner.id)
    assert store.discard_draft(db.interviewer_a, draft.id, draft.lock_version) is False
    assert store.get_interview_for(db.interviewer_a, submitted.id).learner.family_name == "Haddad"


def test_submitted_interviews_and_other_providers_drafts_cannot_be_discarded(db: Cast) -> None:
    submitted = db.interview(db.interviewer_a, status="submitted")
    with pytest.raises(errors.InvalidTransition):
        store.discard_draft(db.interviewer_a, submitted.id, submitted.lock_version)
    returned = db.interview(db.interviewer_a, status="returned", family="Zurück")
    with pytest.raises(errors.InvalidTransition):
        store.discard_draft(db.interviewer_a, returned.id, returned.lock_version)
    other = db.interview(db.interviewer_b, family="Andere")
    with pytest.raises((errors.AccessDenied, errors.NotFound)):
        store.discard_draft(db.interviewer_a, other.id, other.lock_version)
    with pytest.raises(errors.AccessDenied):
        store.discard_draft(db.counselor, other.id, other.lock_version)
    assert store.get_interview_for(db.interviewer_b, other.id).status == "draft"
