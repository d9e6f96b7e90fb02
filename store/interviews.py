"""Interviews: start, read, save drafts (with a revision per save), history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from schemas.score import load_score
from schemas.views import InterviewSummary, InterviewView
from schemas.vocabulary import EDITABLE_STATUSES, PROVIDER_ROLES, ConsentMethod, ConsentPurpose, Status
from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.clock import utcnow
from store.errors import Conflict, InvalidInput, InvalidTransition
from store.learners import add_consent, learner_view, set_master_data
from store.models import Certificate, Interview, InterviewRevision, Learner, Provider, ReviewEvent, User
from store.reviewers import note_opened
from store.summaries import summary_from_row, summary_select
from store.tx import transactional

CONSENT_QUESTIONS = {"consent_processing": ConsentPurpose.PROCESSING, "consent_sharing": ConsentPurpose.SHARING}


def levels_of(i: Interview) -> dict[str, str | None]:
    return {skill: getattr(i, column) for skill, column in guides.SKILL_COLUMNS.items()}


def username(s: Session, user_id: int | None) -> str | None:
    """The display name (else the user name) of an account, for "changed by" lines."""
    if user_id is None:
        return None
    user = s.get(User, user_id)
    return (user.display_name or user.username) if user else None


def last_comment(s: Session, interview_id: int) -> str | None:
    """The newest comment on an interview the actor may see (read through ``store.access`` before)."""
    return s.scalar(
        access.of_id(
            s,
            Interview,
            interview_id,
            select(ReviewEvent.comment)
            .where(ReviewEvent.interview_id == interview_id, ReviewEvent.comment.is_not(None))
            .order_by(ReviewEvent.at.desc(), ReviewEvent.id.desc())
            .limit(1),
        )
    )


def interview_view(s: Session, i: Interview) -> InterviewView:
    learner = access.learner_of(s, i)
    provider = s.get(Provider, i.provider_id)
    number = s.scalar(
        access.of_record(
            s,
            i,
            select(Certificate.number)
            .where(Certificate.interview_id == i.id, Certificate.revoked.is_(False))
            .order_by(Certificate.id.desc())
            .limit(1),
        )
    )
    return InterviewView(
        id=i.id,
        learner=learner_view(s, learner),
        provider_id=i.provider_id,
        provider_name=provider.name if provider else "",
        guide_id=i.guide_id,
        guide_version=i.guide_version,
        status=Status(i.status),
        answers=dict(i.answers or {}),
        score=load_score(i.scores) if i.scores else None,
        levels=levels_of(i),
        recommended_course=i.recommended_course,
        current_section=i.current_section,
        learner_language=i.learner_language,
        interviewer=username(s, i.interviewer_id),
        created_at=i.created_at,
        updated_at=i.updated_at,
        updated_by=username(s, i.updated_by_id),
        submitted_at=i.submitted_at,
        approved_at=i.approved_at,
        lock_version=i.lock_version,
        last_comment=last_comment(s, i.id),
        certificate_number=number,
        is_demo=i.is_demo,
        shared=bool(i.shared),
        interviewer_id=i.interviewer_id,
        submissions=i.submissions or 0,
        first_opened_at=i.first_opened_at,
        assigned_to_id=i.assigned_to_id,
        assigned_to=username(s, i.assigned_to_id),
    )


def _prefill(g: Any, learner: Learner) -> dict[str, Any]:
    ids = guides.question_ids(g)
    values: dict[str, Any] = {}
    if "family_name" in ids:
        values["family_name"] = learner.family_name
    if "given_names" in ids:
        values["given_names"] = learner.given_names
    if "birth_date" in ids and learner.birth_date:
        values["birth_date"] = learner.birth_date.isoformat()
    if "consent_processing" in ids:
        values["consent_processing"] = learner.processing_consent
    if "consent_sharing" in ids:
        values["consent_sharing"] = learner.sharing_consent
    return values


@transactional()
def start_interview(
    s: Session,
    actor: Actor,
    learner_id: int,
    learner_language: str = "de",
    guide_id: str | None = None,
    guide_version: int | None = None,
) -> InterviewView:
    """A new draft interview for a learner of the actor's provider (default: the active guide)."""
    verify_actor(s, actor)
    require_role(actor, *PROVIDER_ROLES, what="das Beginnen eines Interviews")
    learner = access.get_learner(s, actor, learner_id)
    if not learner.processing_consent:
        raise InvalidInput("Ohne Einwilligung in die Datenverarbeitung kann kein Interview begonnen werden.", "consent")
    g = guides.guide(s, guide_id, guide_version) if guide_id and guide_version else guides.active_guide(s)
    languages = list(getattr(g, "languages", ["de"]))
    if learner_language not in languages:
        raise InvalidInput(
            f"Sprache der/des Lernenden „{learner_language}“ bietet der Leitfaden nicht an ({', '.join(languages)}).",
            "learner_language",
        )
    prefill = _prefill(g, learner)
    try:
        prefill = guides.validate(g, prefill, partial=True)
    except ValueError:
        prefill = {}
    now = utcnow()
    interview = Interview(
        learner_id=learner.id,
        provider_id=learner.provider_id,
        guide_id=g.id,
        guide_version=g.version,
        status=Status.DRAFT,
        answers=prefill,
        learner_language=learner_language,
        interviewer_id=actor.id,
        created_at=now,
        updated_at=now,
        updated_by_id=actor.id,
        lock_version=1,
        is_demo=learner.is_demo,
        shared=learner.sharing_consent,
    )
    s.add(interview)
    s.flush()
    access.grant(s, interview)
    audit.record(
        s, actor, "interview.created", "interview", interview.id, learner_id=learner.id, provider_id=learner.provider_id
    )
    return interview_view(s, interview)


@transactional()
def get_interview_for(s: Session, actor: Actor, interview_id: int) -> InterviewView:
    """One interview with all answers, as the actor may see it (audited read). Its reviewer's first
    opening of a submitted interview is recorded (``reviewers.note_opened``: no withdrawing after it)."""
    verify_actor(s, actor)
    interview = access.get_interview(s, actor, interview_id)
    note_opened(s, actor, interview)
    audit.record(
        s,
        actor,
        "interview.read",
        "interview",
        interview.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
    )
    return interview_view(s, interview)


@transactional(readonly=True)
def list_my_interviews(
    s: Session, actor: Actor, status: str | tuple[str, ...] | None = None, limit: int = 100, mine_only: bool = False
) -> list[InterviewSummary]:
    """The provider's interviews (newest change first); ``mine_only``: those the actor conducted."""
    verify_actor(s, actor)
    require_role(actor, *PROVIDER_ROLES, what="die Interviewliste des Trägers")
    query = access.interview_scope(actor, summary_select())
    if status:
        query = query.where(Interview.status.in_((status,) if isinstance(status, str) else status))
    if mine_only:
        query = query.where(Interview.interviewer_id == actor.id)
    rows = s.execute(query.order_by(Interview.updated_at.desc(), Interview.id.desc()).limit(min(limit, 1000))).all()
    access.grant_ids(s, Interview, [row.id for row in rows])
    comments = {}
    for row in rows:
        if row.status == Status.RETURNED:
            comments[row.id] = last_comment(s, row.id)
    return [
        summary_from_row(row) if row.id not in comments else _with_comment(summary_from_row(row), comments[row.id])
        for row in rows
    ]


def _with_comment(summary: InterviewSummary, comment: str | None) -> InterviewSummary:

    return replace(summary, last_comment=comment)


def diff_answers(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [old.get(k), new.get(k)] for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}


def check_version(s: Session, interview: Interview, lock_version: int) -> None:
    if interview.lock_version != lock_version:
        raise Conflict(
            username(s, interview.updated_by_id) or "einer anderen Person",
            interview.updated_at,
            interview.lock_version,
        )


def touch(interview: Interview, actor: Actor, now: datetime | None = None) -> datetime:
    """Records a change of the interview: a new lock version (an editor holding the old one gets
    ``Conflict``), who changed it and when. Returns the time."""
    interview.lock_version += 1
    interview.updated_at = now or utcnow()
    interview.updated_by_id = access.user_fk(actor)
    return interview.updated_at


def apply_answers(
    s: Session, actor: Actor, interview: Interview, new: dict[str, Any], section: str | None, kind: str
) -> None:
    """Stores validated answers: revision with the diff, master data and consents copied to the learner."""
    old = dict(interview.answers or {})
    diff = diff_answers(old, new)
    interview.answers = new
    interview.current_section = section if section is not None else interview.current_section
    touch(interview, actor)
    s.add(
        InterviewRevision(
            interview_id=interview.id,
            lock_version=interview.lock_version,
            kind=kind,
            section=section,
            diff=diff,
            changed_by_id=actor.id,
            changed_at=interview.updated_at,
        )
    )
    learner = access.learner_of(s, interview)
    family = new.get("family_name") or learner.family_name
    given = new.get("given_names") or learner.given_names
    birth = date.fromisoformat(new["birth_date"]) if new.get("birth_date") else learner.birth_date
    if (family, given, birth) != (learner.family_name, learner.given_names, learner.birth_date) and birth:
        set_master_data(s, learner, str(family), str(given), birth)
    for question, purpose in CONSENT_QUESTIONS.items():
        if isinstance(new.get(question), bool) and new[question] != getattr(learner, f"{purpose}_consent"):
            add_consent(s, actor, learner, purpose, new[question], method=ConsentMethod.INTERVIEW)
            audit.record(
                s,
                actor,
                "consent.given" if new[question] else "consent.withdrawn",
                "learner",
                learner.id,
                learner_id=learner.id,
                provider_id=learner.provider_id,
                purpose=purpose,
            )


def editable_interview(s: Session, actor: Actor, interview_id: int, lock_version: int) -> Interview:
    verify_actor(s, actor)
    require_role(actor, *PROVIDER_ROLES, what="das Bearbeiten von Interviews")
    interview = access.get_interview(s, actor, interview_id, for_update=True)
    check_version(s, interview, lock_version)
    if interview.status not in EDITABLE_STATUSES:
        raise InvalidTransition(
            f"Ein Interview im Status „{Status.label_of(interview.status)}“ kann nicht mehr bearbeitet werden."
        )
    return interview


@transactional()
def save_draft(
    s: Session, actor: Actor, interview_id: int, answers: dict[str, Any], section: str | None, lock_version: int
) -> InterviewView:
    """Saves all answers so far (partial validation). On problems raises the engine's AnswerError and
    saves nothing; on a stale ``lock_version`` raises Conflict naming who changed it and when."""
    interview = editable_interview(s, actor, interview_id, lock_version)
    if not isinstance(answers, dict):
        raise InvalidInput("Antworten fehlen.", "answers")
    g = guides.guide(s, interview.guide_id, interview.guide_version)
    cleaned = guides.validate(g, answers, partial=True)
    apply_answers(s, actor, interview, cleaned, section, "save")
    audit.record(
        s,
        actor,
        "interview.saved",
        "interview",
        interview.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
        version=interview.lock_version,
    )
    return interview_view(s, interview)


@transactional()
def discard_draft(s: Session, actor: Actor, interview_id: int, lock_version: int) -> bool:
    """Deletes a draft that was never submitted (begun by mistake, or the person did not consent to
    the processing of their data), with its revisions. A learner with no other interview is erased
    as well (names, birth date, consents), so nothing personal stays without consent. Returns True
    when the learner was erased too."""
    from store.privacy import erase  # store.privacy is imported by modules this one is imported by

    interview = editable_interview(s, actor, interview_id, lock_version)
    if interview.status != Status.DRAFT or interview.submitted_at is not None:
        raise InvalidTransition("Nur ein Entwurf, der noch nie eingereicht wurde, kann verworfen werden.")
    learner = access.learner_of(s, interview)
    s.execute(delete(InterviewRevision).where(InterviewRevision.interview_id == interview.id))
    s.execute(delete(ReviewEvent).where(ReviewEvent.interview_id == interview.id))
    s.delete(interview)
    s.flush()
    others = s.scalar(
        access.of_record(
            s, learner, select(func.count()).select_from(Interview).where(Interview.learner_id == learner.id)
        )
    )
    learner_erased = not others
    if learner_erased:
        erase(s, learner, "discarded", revoke_certificates=False)
    audit.record(
        s,
        actor,
        "interview.discarded",
        "interview",
        interview_id,
        learner_id=learner.id,
        provider_id=learner.provider_id,
        learner_erased=learner_erased,
    )
    return learner_erased
