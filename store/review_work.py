"""The day's work around the review: assigning interviews to counselors ("Mir zuweisen"), the backlog
(submitted and waiting, and for how long) and the in-app notifications of the start pages — computed here
so every page shows the same figures.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.courses import ReferralStatus
from schemas.views import InterviewView
from schemas.vocabulary import PROVIDER_ROLES, Role, Status
from store import access, audit
from store.access import Actor, require_role, verify_actor
from store.clock import utcnow
from store.course_access import referral_scope
from store.course_models import Offer, Referral
from store.errors import InvalidTransition
from store.interviews import interview_view, username
from store.models import Interview, Learner
from store.scoping import CrossProvider, cross_provider
from store.tx import transactional

#: a submitted interview waiting longer than this many days is announced on the start pages
WAITING_DAYS = 14


@dataclass(frozen=True, slots=True)
class Backlog:
    """Submitted interviews waiting for their review, and their age in whole days."""

    waiting: int
    oldest_days: int | None
    median_days: float | None
    over_limit: int  # waiting longer than ``limit_days``
    limit_days: int = WAITING_DAYS


@dataclass(frozen=True, slots=True)
class Notification:
    """One line of the start page's notifications (German), with the interview it is about (if one)."""

    kind: str  # returned | waiting | assigned | referral_answered
    text: str
    interview_id: int | None = None
    page: str | None = None  # the page it links to (a url path of ui.navigation) when not the interview


@transactional()
def assign(s: Session, actor: Actor, interview_id: int, to_me: bool = True) -> InterviewView:
    """Assigns a submitted interview to the acting counselor ("Mir zuweisen"), or releases the
    assignment (``to_me=False``; any counselor may take it over). Audited."""
    verify_actor(s, actor)
    require_role(actor, Role.COUNSELOR, what="das Zuweisen von Interviews")
    interview = access.get_interview(s, actor, interview_id, for_update=True)
    if interview.status != Status.SUBMITTED:
        raise InvalidTransition(
            f"Nur eingereichte Interviews werden zugewiesen (Status: „{Status.label_of(interview.status)}“)."
        )
    before = interview.assigned_to_id
    interview.assigned_to_id = actor.id if to_me else None
    audit.record(
        s,
        actor,
        "interview.assigned" if to_me else "interview.unassigned",
        "interview",
        interview.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
        before=username(s, before),
    )
    return interview_view(s, interview)


def _waiting_query(actor: Actor) -> object:
    """Submission times of the interviews waiting for a review this actor may see (or, for the admin,
    of every provider: counts and ages only)."""
    query = select(Interview.submitted_at).where(Interview.status == Status.SUBMITTED)
    if actor.role is Role.ADMIN:
        return cross_provider(query, CrossProvider.ANONYMOUS_STATISTICS)
    if actor.role is Role.PROVIDER_ADMIN:
        # what the lead reviews: the provider's interviews without sharing consent
        return access.interview_scope(actor, query.where(Interview.shared.is_(False)))
    require_role(actor, Role.COUNSELOR, Role.PROVIDER_ADMIN, Role.ADMIN, what="den Rückstand")
    return access.interview_scope(actor, query)


def _days(now: datetime, at: datetime | None) -> int:
    return max(0, (now - at).days) if at is not None else 0


@transactional(readonly=True)
def backlog(s: Session, actor: Actor, limit_days: int = WAITING_DAYS) -> Backlog:
    """The backlog the actor's dashboard shows: the counseling office's queue (counselor), the provider's
    interviews without sharing consent (provider admin), every provider's (admin, counts only)."""
    verify_actor(s, actor)
    return _backlog(s, actor, limit_days)


def _backlog(s: Session, actor: Actor, limit_days: int) -> Backlog:
    now = utcnow()
    ages = sorted(_days(now, at) for at in s.scalars(_waiting_query(actor)))  # type: ignore[call-overload]
    return Backlog(
        waiting=len(ages),
        oldest_days=ages[-1] if ages else None,
        median_days=float(statistics.median(ages)) if ages else None,
        over_limit=sum(1 for a in ages if a > limit_days),
        limit_days=limit_days,
    )


def _name(row: object) -> str:
    return f"{getattr(row, 'family_name', '') or ''}, {getattr(row, 'given_names', '') or ''}"


@transactional(readonly=True)
def notifications(s: Session, actor: Actor, limit_days: int = WAITING_DAYS) -> list[Notification]:
    """What the start page announces: for provider staff the interviews returned to them (those they
    conducted), for the lead also interviews without sharing consent waiting too long for the lead's
    review; for counselors the interviews assigned to them and those waiting longer than ``limit_days``.
    For both, the referrals they proposed that the receiving provider answered within ``limit_days``
    ("referral answered"; the requests waiting for the own provider's answer are counted on the start
    page's referral summary)."""
    verify_actor(s, actor)
    if actor.role is Role.ADMIN:
        return []
    now = utcnow()
    found: list[Notification] = []
    rows = select(Interview.id, Interview.submitted_at, Learner.family_name, Learner.given_names).join(
        Learner, Learner.id == Interview.learner_id
    )
    if actor.role in PROVIDER_ROLES:
        mine = access.interview_scope(
            actor, rows.where(Interview.status == Status.RETURNED, Interview.interviewer_id == actor.id)
        )
        for row in s.execute(mine.order_by(Interview.updated_at.desc()).limit(50)):
            found.append(Notification("returned", f"Zurückgegeben an Sie: {_name(row)}", row.id))
    if actor.role is Role.COUNSELOR:
        assigned = access.interview_scope(
            actor, rows.where(Interview.status == Status.SUBMITTED, Interview.assigned_to_id == actor.id)
        )
        for row in s.execute(assigned.order_by(Interview.submitted_at).limit(50)):
            days = _days(now, row.submitted_at)
            found.append(Notification("assigned", f"Ihnen zugewiesen: {_name(row)} (wartet seit {days} Tagen)", row.id))
    if actor.role in (Role.COUNSELOR, Role.PROVIDER_ADMIN):
        waiting = _backlog(s, actor, limit_days)
        if waiting.over_limit:
            who = "Ihre Prüfung (ohne Weitergabe)" if actor.role is Role.PROVIDER_ADMIN else "die Prüfung"
            found.append(
                Notification(
                    "waiting",
                    f"{waiting.over_limit} {'Interview wartet' if waiting.over_limit == 1 else 'Interviews warten'} "
                    f"länger als {limit_days} Tage auf {who} (ältestes: {waiting.oldest_days} Tage).",
                )
            )
    found.extend(_referral_notes(s, actor, now, limit_days))
    return found


#: the answers of a receiving provider that the proposing side is told of
_ANSWERS = (ReferralStatus.ACCEPTED, ReferralStatus.WAITING_LIST, ReferralStatus.DECLINED)


def _referral_notes(s: Session, actor: Actor, now: datetime, limit_days: int) -> list[Notification]:
    """Referrals the actor proposed and the receiving provider answered lately (newest first). The learner's
    name is not shown: the proposing side knows whom it proposed, and the page it links to shows the
    name to those who may see it."""
    notes: list[Notification] = []
    since = now - timedelta(days=limit_days)
    answered = referral_scope(
        actor,
        select(Referral.id, Referral.status, Referral.reason, Offer.title)
        .join(Offer, Offer.id == Referral.course_id)
        .where(
            Referral.proposed_by_id == actor.id,
            Referral.status.in_(_ANSWERS),
            Referral.updated_at >= since,
        ),
    )
    for row in s.execute(answered.order_by(Referral.updated_at.desc()).limit(20)):
        answer = ReferralStatus.label_of(row.status)
        why = f" – Grund: {row.reason}" if row.status == ReferralStatus.DECLINED and row.reason else ""
        notes.append(
            Notification(
                "referral_answered",
                f"Vermittlung Nr. {row.id} beantwortet: „{row.title}“ – {answer}{why}",
                page="vermittlungen",
            )
        )
    return notes
