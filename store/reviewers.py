"""Who reviews a submitted interview: the counseling office when the learner consented to sharing with it,
else the provider's own lead who did not conduct it (four eyes within the provider). Used by the workflow's
transitions (``store.workflow``) and by reading an interview (``note_opened``), so both agree.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from schemas.vocabulary import Role, Status
from store import access, audit
from store.access import Actor
from store.clock import utcnow
from store.models import Interview


def reviewer_role(shared: bool) -> Role:
    """Who reviews an interview: the counseling office when the learner consented to sharing, else the
    provider's lead."""
    return Role.COUNSELOR if shared else Role.PROVIDER_ADMIN


def may_review(actor: Actor, shared: bool, interviewer_id: int | None) -> bool:
    """Whether ``actor`` holds the reviewing role for this interview and did not conduct it."""
    if actor.role is not reviewer_role(shared):
        return False
    return actor.role is not Role.PROVIDER_ADMIN or interviewer_id != actor.id


def note_opened(s: Session, actor: Actor, interview: Interview) -> None:
    """Records the first opening of a submitted interview by one who may review it (ends withdrawing)."""
    if interview.status != Status.SUBMITTED or interview.first_opened_at is not None:
        return
    if not may_review(actor, bool(interview.shared), interview.interviewer_id):
        return
    interview.first_opened_at = utcnow()
    interview.first_opened_by_id = access.user_fk(actor)
    audit.record(
        s,
        actor,
        "interview.first_opened",
        "interview",
        interview.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
    )
