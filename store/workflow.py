"""The interview workflow, in one place.

    draft ──submit──▶ submitted ──approve──▶ approved ──issue──▶ certificate_issued
      ▲                 │   ▲                    ▲                      │
      │              return │ submit             └──────revoke──────────┘
      │                 ▼   │
      └───────────── returned

Who reviews (return, approve) a submitted interview depends on the learner's consent to sharing with
the counseling office (``Interview.shared``, which mirrors it at once): with consent the counseling
office; without it the provider's own lead (``provider_admin``), never the person who conducted the
interview (four eyes within the provider) — ``reviewer_role`` and ``may_review``.

Every transition checks the actor's role, the record's state (and, where the caller holds one, its
lock version), writes a review event and an audit event, all in one transaction. ``allowed_actions``
answers from the same table which steps a user may take, so pages offer exactly those.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schemas.placement import course_need
from schemas.views import CertificateView, InterviewSummary, InterviewView
from schemas.vocabulary import COMMENT_EVENT, PROVIDER_ROLES, Action, Role, Status
from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.app_settings import read_settings
from store.clock import utcnow
from store.errors import AccessDenied, InvalidInput, InvalidTransition, NotFound
from store.interviews import apply_answers, check_version, editable_interview, interview_view, touch
from store.models import Certificate, Interview, ReviewEvent
from store.reviewers import may_review, reviewer_role
from store.scoping import CrossProvider, cross_provider
from store.tx import transactional
from store.verification import certificate_number

MAX_COMMENT = 4000

# (from status, action) -> (to status, roles allowed). Provider staff act only on their own provider's
# interviews (``_own_provider``); the counseling office on what it may see (``access``).
TRANSITIONS: dict[tuple[Status, Action], tuple[Status, tuple[Role, ...]]] = {
    (Status.DRAFT, Action.SUBMIT): (Status.SUBMITTED, PROVIDER_ROLES),
    (Status.RETURNED, Action.SUBMIT): (Status.SUBMITTED, PROVIDER_ROLES),
    (Status.SUBMITTED, Action.RETURN): (Status.RETURNED, (Role.COUNSELOR, Role.PROVIDER_ADMIN)),
    (Status.SUBMITTED, Action.APPROVE): (Status.APPROVED, (Role.COUNSELOR, Role.PROVIDER_ADMIN)),
    (Status.APPROVED, Action.ISSUE): (Status.CERTIFICATE_ISSUED, (Role.COUNSELOR, Role.PROVIDER_ADMIN)),
    (Status.CERTIFICATE_ISSUED, Action.REVOKE): (Status.APPROVED, (Role.COUNSELOR, Role.ADMIN)),
    # until its reviewer first opened it (``Interview.first_opened_at``, see ``withdraw``)
    (Status.SUBMITTED, Action.WITHDRAW): (Status.DRAFT, PROVIDER_ROLES),
}


#: the review decisions on a submitted interview, taken by ``reviewer_role`` (see the module's docstring)
REVIEW_ACTIONS = frozenset({Action.RETURN, Action.APPROVE})


def _own_provider(actor: Actor, provider_id: int) -> bool:
    return not actor.is_provider_staff or actor.provider_id == provider_id


def actions_for(
    actor: Actor,
    status: str,
    provider_id: int,
    shared: bool = True,
    interviewer_id: int | None = None,
    opened: bool = False,
) -> frozenset[Action]:
    """The steps the transition table allows ``actor`` on an interview in ``status`` of ``provider_id``
    (``shared``, ``interviewer_id``: who reviews it, see ``may_review``; ``opened``: its reviewer opened it,
    so it can no longer be withdrawn)."""
    if not _own_provider(actor, provider_id):
        return frozenset()
    allowed = {
        action for (source, action), (_, roles) in TRANSITIONS.items() if source == status and actor.role in roles
    }
    if allowed & REVIEW_ACTIONS and not may_review(actor, shared, interviewer_id):
        allowed -= REVIEW_ACTIONS
    if opened or (Action.WITHDRAW in allowed and may_review(actor, shared, interviewer_id)):
        allowed.discard(Action.WITHDRAW)  # the reviewer returns it instead
    return frozenset(allowed)


def allowed_actions(actor: Actor, interview: InterviewView | InterviewSummary | int) -> frozenset[Action]:
    """The workflow steps ``actor`` may take on ``interview`` now: what a page offers as buttons.

    Given a view (what the page shows, as loaded), the answer needs no database; given an interview id, the
    interview's current state is read (for the counseling office and provider staff within what they may
    see; nothing is allowed on an interview they may not see). The step itself checks again under a lock
    and may still refuse for other reasons (incomplete answers, a certificate that cannot be built).
    """
    if isinstance(interview, int):
        return _allowed_by_id(actor, interview)
    return actions_for(
        actor,
        interview.status,
        interview.provider_id,
        interview.shared,
        interview.interviewer_id,
        interview.first_opened_at is not None,
    )


@transactional(readonly=True)
def _allowed_by_id(s: Session, actor: Actor, interview_id: int) -> frozenset[Action]:
    verify_actor(s, actor)
    if actor.role is Role.ADMIN:
        # the admin sees no contents but revokes certificates of every provider: status and provider only
        found = access.revocable_interview(s, actor, interview_id)
    else:
        try:
            found = access.get_interview(s, actor, interview_id)
        except (AccessDenied, NotFound):
            found = None
    if found is None:
        return frozenset()
    return actions_for(
        actor,
        found.status,
        found.provider_id,
        bool(found.shared),
        found.interviewer_id,
        found.first_opened_at is not None,
    )


def _transition(
    s: Session, actor: Actor, interview: Interview, action: Action | str, comment: str | None = None
) -> Status:
    action = Action(action)
    roles = {r for (_, a), (_, rs) in TRANSITIONS.items() if a is action for r in rs}
    require_role(actor, *sorted(roles), what=f"„{action.label}“")
    key = (Status(interview.status), action)
    if key not in TRANSITIONS:
        raise InvalidTransition(f"„{action.label}“ ist im Status „{Status.label_of(interview.status)}“ nicht möglich.")
    if actor.is_provider_staff:
        access.require_own_provider(actor, interview.provider_id, "dieses Interview")
    if action in REVIEW_ACTIONS:
        _require_reviewer(actor, interview)
    to_status, _ = TRANSITIONS[key]
    from_status = interview.status
    interview.status = to_status
    s.add(
        ReviewEvent(
            interview_id=interview.id,
            kind=action,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
            actor_id=access.user_fk(actor),
            at=utcnow(),
        )
    )
    audit.record(
        s,
        actor,
        f"interview.{action}",
        "interview",
        interview.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
        from_status=from_status,
        to_status=to_status,
    )
    return to_status


def _require_reviewer(actor: Actor, interview: Interview) -> None:
    if may_review(actor, bool(interview.shared), interview.interviewer_id):
        return
    if reviewer_role(bool(interview.shared)) is Role.COUNSELOR:
        raise AccessDenied(
            "Die Lernende/der Lernende hat in die Weitergabe an die Beratungsstelle eingewilligt: "
            "dieses Interview prüft die Beratungsstelle."
        )
    if actor.role is Role.PROVIDER_ADMIN:
        raise AccessDenied(
            "Vier-Augen-Prinzip: Ein Interview, das Sie selbst geführt haben, prüft eine andere Person "
            "der Trägerleitung."
        )
    raise AccessDenied(
        "Ohne Einwilligung in die Weitergabe an die Beratungsstelle prüft die Trägerleitung dieses Interview."
    )


def store_score(interview: Interview, score: dict[str, Any]) -> None:
    """The score and the columns the lists and figures filter and count by (levels, course, literacy,
    the course form needed and the district), from the score and the interview's answers."""
    interview.scores = score
    levels = score.get("levels") or {}
    for skill, column in guides.SKILL_COLUMNS.items():
        setattr(interview, column, levels.get(skill))
    recommendation = score.get("recommendation") or {}
    interview.recommended_course = recommendation.get("course")
    interview.literacy = score.get("literacy")
    interview.need_formats, interview.district = course_need(score, interview.answers or {})


@transactional()
def submit(
    s: Session,
    actor: Actor,
    interview_id: int,
    lock_version: int,
    answers: dict[str, Any] | None = None,
    section: str | None = None,
    comment: str | None = None,
) -> InterviewView:
    """Validates the answers fully (the engine's AnswerError lists every problem), stores the score and
    hands the interview to the counseling office. ``answers``: save these first, in the same step.
    ``comment``: an optional note to the counseling office (e.g. the answer to a return comment),
    kept on the submission in the review thread."""
    text = _clean_comment(comment, required=False)
    interview = editable_interview(s, actor, interview_id, lock_version)
    g = guides.guide(s, interview.guide_id, interview.guide_version)
    values = dict(interview.answers or {}) if answers is None else answers
    cleaned = guides.validate(g, values, partial=False)
    score = guides.score(g, cleaned)
    apply_answers(s, actor, interview, cleaned, section, Action.SUBMIT)
    store_score(interview, score)
    interview.submitted_at = interview.updated_at
    interview.submissions = (interview.submissions or 0) + 1
    interview.first_opened_at = None  # a new submission: withdrawable until its reviewer opens it
    interview.first_opened_by_id = None
    _transition(s, actor, interview, Action.SUBMIT, text)
    return interview_view(s, interview)


@transactional()
def withdraw_submission(s: Session, actor: Actor, interview_id: int, lock_version: int | None = None) -> InterviewView:
    """Takes a submission back (provider staff, own provider) until its reviewer first opened it; the
    interview is a draft again, to be changed and submitted anew."""
    verify_actor(s, actor)
    interview = access.get_interview(s, actor, interview_id, for_update=True)
    if lock_version is not None:
        check_version(s, interview, lock_version)
    if interview.status == Status.SUBMITTED and interview.first_opened_at is not None:
        reviewer = reviewer_role(bool(interview.shared)).label
        raise InvalidTransition(
            f"Die {reviewer} hat das Interview am {interview.first_opened_at:%d.%m.%Y} geöffnet: "
            "die Einreichung kann nicht mehr zurückgezogen werden. Bitte schreiben Sie einen Kommentar."
        )
    if may_review(actor, bool(interview.shared), interview.interviewer_id):
        raise InvalidTransition("Sie prüfen dieses Interview: bitte geben Sie es mit einem Kommentar zurück.")
    _transition(s, actor, interview, Action.WITHDRAW)
    interview.assigned_to_id = None
    touch(interview, actor)
    return interview_view(s, interview)


def _clean_comment(comment: str | None, required: bool) -> str | None:
    text = (comment or "").strip()
    if required and not text:
        raise InvalidInput("Kommentar: bitte schreiben Sie, was geklärt oder geändert werden soll.", "comment")
    if len(text) > MAX_COMMENT:
        raise InvalidInput(f"Kommentar: höchstens {MAX_COMMENT} Zeichen.", "comment")
    return text or None


def _reviewable(s: Session, actor: Actor, interview_id: int, lock_version: int | None) -> Interview:
    verify_actor(s, actor)
    interview = access.get_interview(s, actor, interview_id, for_update=True)
    if lock_version is not None:
        check_version(s, interview, lock_version)
    return interview


@transactional()
def return_interview(
    s: Session, actor: Actor, interview_id: int, comment: str, lock_version: int | None = None
) -> InterviewView:
    """Sends a submitted interview back to the provider with a comment (required)."""
    text = _clean_comment(comment, required=True)
    interview = _reviewable(s, actor, interview_id, lock_version)
    _transition(s, actor, interview, Action.RETURN, text)
    touch(interview, actor)
    return interview_view(s, interview)


@transactional()
def approve_only(
    s: Session, actor: Actor, interview_id: int, lock_version: int | None = None, comment: str | None = None
) -> tuple[InterviewView, bool]:
    """Approves a submitted interview (counseling office); returns the view and whether the certificate is
    to be issued right away (setting ``auto_issue_on_approve``) — which ``store.approval.approve`` does."""

    text = _clean_comment(comment, required=False)
    interview = _reviewable(s, actor, interview_id, lock_version)
    _transition(s, actor, interview, Action.APPROVE, text)
    now = utcnow()
    interview.approved_at = now
    interview.approved_by_id = access.user_fk(actor)
    touch(interview, actor, now)
    return interview_view(s, interview), bool(read_settings(s)["auto_issue_on_approve"])


@transactional()
def add_comment(s: Session, actor: Actor, interview_id: int, text: str) -> None:
    """A comment in the interview's review thread (anyone who may see the interview)."""
    comment = _clean_comment(text, required=True)
    verify_actor(s, actor)
    interview = access.get_interview(s, actor, interview_id)
    s.add(
        ReviewEvent(
            interview_id=interview.id, kind=COMMENT_EVENT, comment=comment, actor_id=access.user_fk(actor), at=utcnow()
        )
    )
    audit.record(
        s,
        actor,
        "interview.comment",
        "interview",
        interview.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
    )


def next_certificate_number(s: Session, prefix: str, year: int) -> tuple[str, int]:
    """``<PREFIX>-<YEAR>-<6 digits>``; the (year, sequence) unique constraint guards against races."""
    highest = select(func.max(Certificate.sequence)).where(Certificate.year == year)
    last = s.scalar(cross_provider(highest, CrossProvider.CERTIFICATE_NUMBERING)) or 0
    sequence = last + 1
    return certificate_number(prefix, year, sequence), sequence


def certificate_view(c: Certificate) -> CertificateView:
    return CertificateView(
        id=c.id,
        interview_id=c.interview_id,
        number=c.number,
        issued_at=c.issued_at,
        revoked=c.revoked,
        revoke_reason=c.revoke_reason,
        data=dict(c.data) if c.data else None,
        verification_code=c.verification_code,
        pdf_sha256=c.pdf_sha256,
    )


@transactional()
def revoke_certificate(s: Session, actor: Actor, certificate_id: int, reason: str) -> CertificateView:
    """Revokes a certificate (counselor, admin); its interview returns to approved for a new one."""
    verify_actor(s, actor)
    require_role(actor, Role.COUNSELOR, Role.ADMIN, what="das Widerrufen von Bescheinigungen")
    text = _clean_comment(reason, required=True)
    # the counselor must be allowed to see the interview; the admin revokes any provider's certificate
    certificate, interview = access.get_certificate(s, actor, certificate_id)
    if certificate.revoked:
        raise InvalidTransition(f"Die Bescheinigung {certificate.number} ist bereits widerrufen.")
    certificate.revoked = True
    certificate.revoke_reason = text
    certificate.revoked_at = utcnow()
    certificate.revoked_by_id = access.user_fk(actor)
    if interview.status == Status.CERTIFICATE_ISSUED:
        _transition(s, actor, interview, Action.REVOKE, text)
    else:
        audit.record(s, actor, "certificate.revoke", "certificate", certificate.id, provider_id=interview.provider_id)
    # no personal data for whoever revokes (an admin may revoke, but sees no learner data)
    return dataclasses.replace(certificate_view(certificate), data=None)
