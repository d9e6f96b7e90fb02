"""The provider lead's list of all the provider's interviews, reassigning an open interview, and the
clean-up of stale drafts — on SQLite and PostgreSQL (issue 16, item 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

import store
from schemas.vocabulary import Status
from store import provider_work
from store.audit import audit_log
from store.clock import utcnow
from store.db import session_scope
from store.models import Interview
from tests.store.conftest import Cast

ALL = provider_work.ProviderInterviewFilters()


def _age(interview_id: int, days: int) -> None:
    with session_scope() as s:
        s.execute(
            update(Interview).where(Interview.id == interview_id).values(updated_at=utcnow() - timedelta(days=days))
        )


def test_the_lead_sees_every_interview_of_the_own_provider_and_filters_them(db: Cast) -> None:
    mine = db.interview(db.interviewer_a, "draft", family="Eins")
    colleague = db.interview(db.interviewer_a2, "submitted", family="Zwei")
    db.interview(db.interviewer_b, "submitted", family="Fremd")  # another provider
    rows = provider_work.provider_interviews(db.padmin_a, ALL)
    assert {r.id for r in rows} == {mine.id, colleague.id}
    only_submitted = provider_work.provider_interviews(
        db.padmin_a, provider_work.ProviderInterviewFilters(statuses=(Status.SUBMITTED,))
    )
    assert [r.id for r in only_submitted] == [colleague.id]
    by_person = provider_work.provider_interviews(
        db.padmin_a, provider_work.ProviderInterviewFilters(interviewer_id=db.interviewer_a.id)
    )
    assert [r.id for r in by_person] == [mine.id]
    for who in (db.interviewer_a, db.counselor, db.admin):
        with pytest.raises(store.AccessDenied):
            provider_work.provider_interviews(who, ALL)


def test_an_open_interview_moves_to_a_colleague_and_the_move_is_audited(db: Cast) -> None:
    draft = db.interview(db.interviewer_a, "draft")
    version = provider_work.lock_versions(db.padmin_a, [draft.id])[draft.id]
    provider_work.reassign_interview(db.padmin_a, draft.id, db.interviewer_a2.id, version)
    assert [r.id for r in store.list_my_interviews(db.interviewer_a2, mine_only=True)] == [draft.id]
    assert not store.list_my_interviews(db.interviewer_a, mine_only=True)
    entries, _ = audit_log(db.dpo, action="interview.reassigned")
    assert len(entries) == 1
    # the old version is stale now: a second move from an old list is refused, not lost
    with pytest.raises(store.InvalidTransition):
        provider_work.reassign_interview(db.padmin_a, draft.id, db.interviewer_a.id, version)


def test_reassigning_is_refused_for_submitted_interviews_and_foreign_staff(db: Cast) -> None:
    submitted = db.interview(db.interviewer_a, "submitted")
    draft = db.interview(db.interviewer_a, "draft", family="Offen")
    versions = provider_work.lock_versions(db.padmin_a, [submitted.id, draft.id])
    with pytest.raises(store.InvalidTransition):
        provider_work.reassign_interview(db.padmin_a, submitted.id, db.interviewer_a2.id, versions[submitted.id])
    with pytest.raises(store.InvalidInput):
        provider_work.reassign_interview(db.padmin_a, draft.id, db.interviewer_b.id, versions[draft.id])
    with pytest.raises((store.AccessDenied, store.NotFound)):
        provider_work.reassign_interview(db.padmin_b, draft.id, db.interviewer_b.id, versions[draft.id])


def test_stale_drafts_are_previewed_then_discarded(db: Cast) -> None:
    old = db.interview(db.interviewer_a, "draft", family="Alt")
    fresh = db.interview(db.interviewer_a, "draft", family="Neu")
    old_but_submitted = db.interview(db.interviewer_a, "submitted", family="Eingereicht")
    _age(old.id, 200)
    _age(old_but_submitted.id, 200)
    preview = provider_work.stale_drafts(db.padmin_a, 90)
    assert [r.id for r in preview] == [old.id]
    versions = provider_work.lock_versions(db.padmin_a, [old.id])
    store.discard_draft(db.padmin_a, old.id, versions[old.id])
    remaining = {r.id for r in provider_work.provider_interviews(db.padmin_a, ALL)}
    assert remaining == {fresh.id, old_but_submitted.id}
    assert provider_work.stale_drafts(db.padmin_a, 90) == []
