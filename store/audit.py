"""The audit trail: who did or saw what, when. Never stores personal data itself, only record ids."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from schemas.views import AuditView
from schemas.vocabulary import Role
from store.access import Actor, require_role, verify_actor
from store.models import AuditEvent, AuditEventLearner
from store.tx import transactional


def record(
    s: Session,
    actor: Actor | None,
    action: str,
    record_type: str | None = None,
    record_id: int | None = None,
    *,
    learner_id: int | None = None,
    provider_id: int | None = None,
    username: str | None = None,
    included_learners: Iterable[int] | None = None,
    **details: Any,
) -> None:
    """One audit event. ``included_learners``: every learner a bulk access included (search results, a list page,
    an export, a batch print), linked in ``audit_event_learners`` for their access reports."""
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        actor_username=actor.username if actor else (username or "system"),
        action=action,
        record_type=record_type,
        record_id=record_id,
        learner_id=learner_id,
        provider_id=provider_id,
        details=details,
    )
    s.add(event)
    included = sorted({int(i) for i in included_learners or ()})
    if included:
        s.flush()  # the event's id
        s.execute(insert(AuditEventLearner), [{"event_id": event.id, "learner_id": i} for i in included])


def to_view(e: AuditEvent) -> AuditView:
    return AuditView(
        id=e.id,
        at=e.at,
        actor_id=e.actor_id,
        actor_username=e.actor_username,
        action=e.action,
        record_type=e.record_type,
        record_id=e.record_id,
        learner_id=e.learner_id,
        details=dict(e.details or {}),
    )


@transactional(readonly=True)
def audit_log(
    s: Session,
    actor: Actor,
    *,
    learner_id: int | None = None,
    user_id: int | None = None,
    action: str | None = None,
    page: int = 1,
    page_size: int = 100,
) -> tuple[list[AuditView], int]:
    """The audit trail, newest first (admin, or a counselor designated for data-protection requests)."""
    verify_actor(s, actor)
    if not actor.handles_data_requests:  # the audit trail names no learner: every admin reads it
        require_role(actor, Role.ADMIN, what="das Protokoll")
    query = select(AuditEvent)
    if learner_id is not None:
        query = query.where(AuditEvent.learner_id == learner_id)
    if user_id is not None:
        query = query.where(AuditEvent.actor_id == user_id)
    if action:
        query = query.where(AuditEvent.action == action)
    total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = s.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(page_size)
        .offset((max(page, 1) - 1) * page_size)
    ).all()
    return [to_view(e) for e in rows], total
