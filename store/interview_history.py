"""An interview's past: every save with its diff, and the review thread (transitions and comments)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.views import ReviewEventView, RevisionView
from schemas.vocabulary import Status
from store import access, audit
from store.access import Actor, verify_actor
from store.interviews import username
from store.models import InterviewRevision, ReviewEvent
from store.tx import transactional


@transactional()
def history(s: Session, actor: Actor, interview_id: int) -> list[RevisionView]:
    """Every save with its diff (question id -> [old, new]), oldest first."""
    verify_actor(s, actor)
    interview = access.get_interview(s, actor, interview_id)
    rows = s.scalars(
        access.of_record(
            s,
            interview,
            select(InterviewRevision)
            .where(InterviewRevision.interview_id == interview.id)
            .order_by(InterviewRevision.lock_version, InterviewRevision.id),
        )
    ).all()
    audit.record(
        s,
        actor,
        "interview.history_read",
        "interview",
        interview.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
    )
    return [
        RevisionView(
            lock_version=r.lock_version,
            kind=r.kind,
            section=r.section,
            changed_by=username(s, r.changed_by_id) or "",
            changed_at=r.changed_at,
            diff={k: list(v) for k, v in (r.diff or {}).items()},
        )
        for r in rows
    ]


@transactional(readonly=True)
def review_events(s: Session, actor: Actor, interview_id: int) -> list[ReviewEventView]:
    """The interview's transitions and comments, oldest first."""
    verify_actor(s, actor)
    interview = access.get_interview(s, actor, interview_id)
    rows = s.scalars(
        access.of_record(
            s,
            interview,
            select(ReviewEvent)
            .where(ReviewEvent.interview_id == interview.id)
            .order_by(ReviewEvent.at, ReviewEvent.id),
        )
    ).all()
    return [
        ReviewEventView(
            kind=e.kind,
            from_status=Status(e.from_status) if e.from_status else None,
            to_status=Status(e.to_status) if e.to_status else None,
            comment=e.comment,
            actor=username(s, e.actor_id) or "",
            at=e.at,
        )
        for e in rows
    ]
