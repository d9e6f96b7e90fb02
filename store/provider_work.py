"""The provider lead's view of the provider's work: every interview of the own provider (filtered,
for a sortable table), reassigning an interview to another interviewer, and the clean-up of stale
drafts (with a preview first).

Only a provider admin (``Trägerleitung``) uses these, and only on the own provider: the queries go
through ``store.access.interview_scope`` like every other list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.views import InterviewSummary
from schemas.vocabulary import EDITABLE_STATUSES, Role, Status
from store import access, audit
from store.access import Actor, require_role, verify_actor
from store.clock import utcnow
from store.errors import InvalidInput, InvalidTransition, NotFound
from store.models import Interview, User
from store.summaries import summary_from_row, summary_select
from store.tx import transactional

LIMIT = 2000  # a provider's table: years of interviews of a large provider fit


@dataclass(frozen=True, slots=True)
class ProviderInterviewFilters:
    statuses: tuple[Status, ...] = ()
    interviewer_id: int | None = None
    changed_from: date | None = None
    changed_to: date | None = None


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: int
    name: str


def _lead(s: Session, actor: Actor, what: str) -> None:
    verify_actor(s, actor)
    require_role(actor, Role.PROVIDER_ADMIN, what=what)


@transactional(readonly=True)
def provider_interviews(s: Session, actor: Actor, filters: ProviderInterviewFilters) -> list[InterviewSummary]:
    """Every interview of the own provider that matches ``filters``, the latest change first."""
    _lead(s, actor, "die Liste aller Interviews des Trägers")
    query = access.interview_scope(actor, summary_select())
    if filters.statuses:
        query = query.where(Interview.status.in_([str(x) for x in filters.statuses]))
    if filters.interviewer_id is not None:
        query = query.where(Interview.interviewer_id == filters.interviewer_id)
    if filters.changed_from is not None:
        query = query.where(Interview.updated_at >= datetime.combine(filters.changed_from, datetime.min.time()))
    if filters.changed_to is not None:
        end = datetime.combine(filters.changed_to + timedelta(days=1), datetime.min.time())
        query = query.where(Interview.updated_at < end)
    rows = s.execute(query.order_by(Interview.updated_at.desc(), Interview.id.desc()).limit(LIMIT)).all()
    return [summary_from_row(row) for row in rows]


@transactional(readonly=True)
def provider_staff(s: Session, actor: Actor) -> list[StaffMember]:
    """The active accounts of the own provider that can conduct interviews (interviewers and leads)."""
    _lead(s, actor, "die Mitarbeitenden des Trägers")
    rows = s.execute(
        select(User.id, User.display_name, User.username)
        .where(User.provider_id == actor.provider_id, User.is_active.is_(True))
        .where(User.role.in_([Role.INTERVIEWER, Role.PROVIDER_ADMIN]))
        .order_by(User.display_name, User.username)
    ).all()
    return [StaffMember(id=r.id, name=r.display_name or r.username) for r in rows]


@transactional()
def reassign_interview(s: Session, actor: Actor, interview_id: int, interviewer_id: int, lock_version: int) -> None:
    """Gives an open interview (draft or returned) to another interviewer of the own provider, e.g.
    when a colleague is ill or has left; audited with both names' ids."""
    _lead(s, actor, "das Umverteilen von Interviews")
    interview = access.get_interview(s, actor, interview_id, for_update=True)
    if interview.lock_version != lock_version:
        raise InvalidTransition("Das Interview wurde inzwischen geändert. Bitte die Liste neu laden.")
    if interview.status not in EDITABLE_STATUSES:
        raise InvalidTransition(
            f"Ein Interview im Status „{Status.label_of(interview.status)}“ wird nicht mehr bearbeitet und kann "
            "nicht umverteilt werden."
        )
    target = s.get(User, interviewer_id)
    if (
        target is None
        or target.provider_id != actor.provider_id
        or not target.is_active
        or target.role not in (Role.INTERVIEWER, Role.PROVIDER_ADMIN)
    ):
        raise InvalidInput("Bitte eine aktive Interviewerin oder einen aktiven Interviewer Ihres Trägers wählen.")
    if interview.interviewer_id == target.id:
        return
    before = interview.interviewer_id
    interview.interviewer_id = target.id
    interview.lock_version += 1
    interview.updated_at = utcnow()
    interview.updated_by_id = actor.id
    audit.record(
        s,
        actor,
        "interview.reassigned",
        "interview",
        interview.id,
        provider_id=interview.provider_id,
        learner_id=interview.learner_id,
        old_interviewer_id=before,
        new_interviewer_id=target.id,
    )


@transactional(readonly=True)
def stale_drafts(s: Session, actor: Actor, older_than_days: int) -> list[InterviewSummary]:
    """The preview of the clean-up: drafts of the own provider never submitted and unchanged for more
    than ``older_than_days`` days, the oldest first."""
    _lead(s, actor, "das Aufräumen alter Entwürfe")
    if older_than_days < 1:
        raise InvalidInput("Bitte mindestens 1 Tag angeben.", "older_than_days")
    cutoff = utcnow() - timedelta(days=older_than_days)
    query = access.interview_scope(actor, summary_select()).where(
        Interview.status == Status.DRAFT, Interview.submitted_at.is_(None), Interview.updated_at < cutoff
    )
    rows = s.execute(query.order_by(Interview.updated_at, Interview.id).limit(LIMIT)).all()
    return [summary_from_row(row) for row in rows]


@transactional(readonly=True)
def lock_versions(s: Session, actor: Actor, interview_ids: list[int]) -> dict[int, int]:
    """The current lock versions of the own provider's interviews (for a change from a list)."""
    _lead(s, actor, "die Interviews des Trägers")
    found = dict(
        s.execute(
            access.interview_scope(actor, select(Interview.id, Interview.lock_version)).where(
                Interview.id.in_(interview_ids)
            )
        ).all()
    )
    missing = set(interview_ids) - set(found)
    if missing:
        raise NotFound("Ein Interview gibt es nicht (mehr) oder es gehört zu einem anderen Träger.")
    return {int(k): int(v) for k, v in found.items()}
