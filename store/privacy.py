"""Data protection: access requests (Art. 15 GDPR), erasure on request, and the retention purge.

Erasure and purge remove personal data but keep what is anonymous: an interview's levels, course,
provider and month (for statistics) and a certificate's number, hash and status (for verification).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store import access, audit, guides
from store.access import COMMAND_LINE, DATA_REQUEST_FOUND, NOT_DESIGNATED, Actor, verify_actor
from store.clock import utcnow
from store.course_privacy import erase_referrals, referrals_for_export
from store.errors import AccessDenied, InvalidInput, NotFound
from store.models import (
    AuditEvent,
    AuditEventLearner,
    Certificate,
    Consent,
    Interview,
    InterviewRevision,
    Learner,
    Provider,
    ReviewEvent,
    User,
)
from store.scoping import CrossProvider, cross_provider
from store.tx import transactional

ERASED_REASON = "data_erased"


# How long a data-protection search opens the learners it found to the searching account.
SEARCH_VALID = timedelta(hours=4)


def _require_dpo(s: Session, actor: Actor) -> None:
    """The actor's current account is designated for data-protection requests (checked on every call)."""
    verify_actor(s, actor)  # the designation in the database is still the actor's
    if not actor.handles_data_requests:
        raise AccessDenied(NOT_DESIGNATED)


def _require_search(s: Session, actor: Actor, learner_id: int) -> None:
    """The actor found this learner by name and birth date (``find_learners_for_request``) lately: a
    learner number alone opens no one's data. ``COMMAND_LINE`` (code on the server itself, which reads the
    database anyway; the commands of ``commands/privacy.py`` act ``--as`` an account instead) is exempt."""
    if actor is COMMAND_LINE:
        return
    found = s.scalar(
        select(AuditEvent.id)
        .where(
            AuditEvent.action == DATA_REQUEST_FOUND,
            AuditEvent.learner_id == learner_id,
            AuditEvent.actor_id == actor.id,
            AuditEvent.actor_username == actor.username,
            AuditEvent.at >= utcnow() - SEARCH_VALID,
        )
        .limit(1)
    )
    if found is None:
        raise AccessDenied(
            f"Lernende/r Nr. {learner_id}: bitte zuerst mit Familienname, Vornamen und Geburtsdatum suchen "
            "(Seite Datenschutz oder `./manage find-learner`); die Suche öffnet die gefundenen Datensätze "
            f"für {SEARCH_VALID.seconds // 3600} Stunden."
        )


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _names(s: Session) -> dict[int, str]:
    return dict(s.execute(select(User.id, User.username)).all())


def _de(text: dict[str, str] | None) -> str:
    return (text or {}).get("de") or next(iter((text or {}).values()), "")


def _values(value: Any) -> set[str]:
    """The codes in one stored answer (a choice value, a list of choices or statements)."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return set()


def _question_texts(g: Any, q: Any, seen: list[Any]) -> dict[str, Any]:
    """German texts of one question for the values it had in this export: its label, the labels of the
    choices or can-do statements that occur (not whole country lists), and a repeat group's fields."""
    entry: dict[str, Any] = {"label": _de(q.label)}
    codes = set().union(*map(_values, seen)) if seen else set()
    if q.type in ("single_choice", "multi_choice"):
        entry["values"] = {c.value: _de(c.label) for c in g.choices_of(q) if c.value in codes}
    elif q.type == "can_do":
        entry["values"] = {st.id: _de(st.label) for st in q.statements if st.id in codes}
        entry["statements"] = len(q.statements)
    elif q.type == "repeat":
        items = [item for v in seen if isinstance(v, list) for item in v if isinstance(item, dict)]
        entry["fields"] = {
            sub.id: _question_texts(g, sub, [item.get(sub.id) for item in items if sub.id in item]) for sub in q.fields
        }
    return entry


def guide_texts(s: Session, interviews: list[tuple[str, int, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The guide's German texts for the question ids and answer codes in an export, per guide version
    (keyed like each exported interview's ``guide``), so the report shows texts instead of ids. Only
    what occurs in the answers and revisions: the JSON stays small (no whole country lists)."""
    seen: dict[tuple[str, int, str], dict[str, list[Any]]] = {}
    for guide_id, version, interview in interviews:
        by_question = seen.setdefault((guide_id, version, interview["guide"]), {})
        for qid, value in (interview["answers"] or {}).items():
            by_question.setdefault(qid, []).append(value)
        for revision in interview["revisions"]:
            changes = revision["changes"] if isinstance(revision["changes"], dict) else {}
            for qid, change in changes.items():
                by_question.setdefault(qid, []).extend(change if isinstance(change, list) else [change])
    out: dict[str, dict[str, Any]] = {}
    for (guide_id, version, key), by_question in seen.items():
        if not by_question:
            continue
        try:
            g = guides.guide(s, guide_id, version)
        except InvalidInput:  # a version that is gone: the report keeps the ids
            continue
        out[key] = {qid: _question_texts(g, q, values) for qid, values in by_question.items() if (q := g.question(qid))}
    return out


@transactional()
def export_learner(s: Session, actor: Actor, learner_id: int) -> dict[str, Any]:
    """Everything stored about one learner, including who accessed the data and when (JSON-ready).
    Only for an account designated for data-protection requests, after it found the learner by name and
    birth date."""
    _require_dpo(s, actor)
    _require_search(s, actor, learner_id)
    learner = access.learner_for_request(s, actor, learner_id)
    if learner is None:
        raise NotFound(f"Lernende/r Nr. {learner_id} wurde nicht gefunden.")
    users = _names(s)
    provider = s.get(Provider, learner.provider_id)

    def of_learner(query: Any) -> Any:  # everything below hangs off this learner
        return access.of_record(s, learner, query)

    interviews = s.scalars(
        of_learner(select(Interview).where(Interview.learner_id == learner.id).order_by(Interview.id))
    ).all()
    ids = [i.id for i in interviews]
    out: dict[str, Any] = {
        "export": {
            "kind": "Auskunft nach Art. 15 DSGVO",
            "created_at": _iso(utcnow()),
            "created_by": actor.username,
        },
        "learner": {
            "id": learner.id,
            "provider": provider.name if provider else None,
            "family_name": learner.family_name,
            "given_names": learner.given_names,
            "birth_date": _iso(learner.birth_date),
            "created_at": _iso(learner.created_at),
            "created_by": users.get(learner.created_by_id or 0),
            "processing_consent": learner.processing_consent,
            "sharing_consent": learner.sharing_consent,
            "possible_duplicate": learner.possible_duplicate,
            "erased_at": _iso(learner.erased_at),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "given": c.given,
                "recorded_at": _iso(c.recorded_at),
                "by": users.get(c.recorded_by_id or 0),
            }
            for c in s.scalars(of_learner(select(Consent).where(Consent.learner_id == learner.id).order_by(Consent.id)))
        ],
        "interviews": [],
        "certificates": [],
    }
    for i in interviews:
        out["interviews"].append(
            {
                "id": i.id,
                "guide": f"{i.guide_id} v{i.guide_version}",
                "status": i.status,
                "answers": i.answers,
                "score": i.scores,
                "interviewer": users.get(i.interviewer_id or 0),
                "created_at": _iso(i.created_at),
                "submitted_at": _iso(i.submitted_at),
                "approved_at": _iso(i.approved_at),
                "revisions": [
                    {
                        "version": r.lock_version,
                        "by": users.get(r.changed_by_id or 0),
                        "at": _iso(r.changed_at),
                        "changes": r.diff,
                    }
                    for r in s.scalars(
                        of_learner(
                            select(InterviewRevision)
                            .where(InterviewRevision.interview_id == i.id)
                            .order_by(InterviewRevision.id)
                        )
                    )
                ],
                "review": [
                    {
                        "kind": e.kind,
                        "to_status": e.to_status,
                        "comment": e.comment,
                        "by": users.get(e.actor_id or 0),
                        "at": _iso(e.at),
                    }
                    for e in s.scalars(
                        of_learner(select(ReviewEvent).where(ReviewEvent.interview_id == i.id).order_by(ReviewEvent.id))
                    )
                ],
            }
        )

    out["referrals"] = referrals_for_export(s, learner.id, users)
    out["labels"] = guide_texts(
        s, [(i.guide_id, i.guide_version, data) for i, data in zip(interviews, out["interviews"], strict=True)]
    )
    if ids:
        certificates = of_learner(select(Certificate).where(Certificate.interview_id.in_(ids)).order_by(Certificate.id))
        for c in s.scalars(certificates):
            out["certificates"].append(
                {
                    "number": c.number,
                    "issued_at": _iso(c.issued_at),
                    "revoked": c.revoked,
                    "revoke_reason": c.revoke_reason,
                    "data": c.data,
                }
            )
    in_bulk = select(AuditEventLearner.event_id).where(AuditEventLearner.learner_id == learner.id)
    out["access_log"] = [
        {"at": _iso(e.at), "user": e.actor_username, "action": e.action, "record": f"{e.record_type} {e.record_id}"}
        for e in s.scalars(
            select(AuditEvent)
            .where(
                (AuditEvent.learner_id == learner.id)
                # bulk accesses (searches, lists, exports, batch prints) that included the learner
                | AuditEvent.id.in_(in_bulk)
            )
            .order_by(AuditEvent.id)
        )
    ]
    audit.record(
        s, actor, "learner.exported", "learner", learner.id, learner_id=learner.id, provider_id=learner.provider_id
    )
    return out


def _month_start(value: datetime | None) -> datetime | None:
    return value.replace(day=1, hour=0, minute=0, second=0, microsecond=0) if value else None


def erase(s: Session, learner: Learner, reason: str, *, revoke_certificates: bool) -> tuple[int, int]:
    """Removes a learner's personal data in place; returns (interviews, certificates) touched. ``learner``
    was read through ``store.access`` (or found by the retention purge) in this session."""
    now = utcnow()
    learner.family_name = learner.given_names = learner.name_key = None
    learner.birth_date = None
    learner.sharing_consent = learner.processing_consent = learner.possible_duplicate = False
    learner.erased_at, learner.erased_reason = now, reason
    interviews = s.scalars(
        access.of_record(s, learner, select(Interview).where(Interview.learner_id == learner.id))
    ).all()
    ids = [i.id for i in interviews]
    for i in interviews:
        i.answers, i.scores, i.current_section = {}, None, None
        i.need_formats = i.district = None  # taken from the answers and score
        i.personal_data_erased = True
        i.shared = False
        i.created_at = _month_start(i.created_at) or now
        i.updated_at = _month_start(i.updated_at) or now
        i.submitted_at = _month_start(i.submitted_at)
        i.approved_at = _month_start(i.approved_at)

    erase_referrals(s, learner.id)
    certificates = 0
    if ids:
        s.execute(delete(InterviewRevision).where(InterviewRevision.interview_id.in_(ids)))
        s.execute(delete(ReviewEvent).where(ReviewEvent.interview_id.in_(ids)))
        for c in s.scalars(access.of_record(s, learner, select(Certificate).where(Certificate.interview_id.in_(ids)))):
            c.data = None
            certificates += 1
            if revoke_certificates and not c.revoked:
                c.revoked, c.revoke_reason, c.revoked_at = True, ERASED_REASON, now
    return len(ids), certificates


@transactional()
def erase_learner(s: Session, actor: Actor, learner_id: int, reason: str) -> None:
    """Erasure on request (Art. 17 GDPR): personal data removed; the learner's certificates then
    verify as revoked ("data erased")."""
    _require_dpo(s, actor)
    _require_search(s, actor, learner_id)
    if not (reason or "").strip():
        raise InvalidInput("Begründung: bitte angeben (z. B. „Antrag vom …“).", "reason")
    learner = access.learner_for_request(s, actor, learner_id)
    if learner is None or learner.erased_at is not None:
        raise NotFound(f"Lernende/r Nr. {learner_id} wurde nicht gefunden oder ist bereits gelöscht.")
    interviews, certificates = erase(s, learner, "request", revoke_certificates=True)
    audit.record(
        s,
        actor,
        "learner.erased",
        "learner",
        learner.id,
        learner_id=learner.id,
        provider_id=learner.provider_id,
        reason=reason.strip()[:300],
        interviews=interviews,
        certificates=certificates,
    )


@transactional(readonly=True)
def certificate_status(s: Session, actor: Actor, number: str) -> dict[str, Any] | None:
    """A certificate's status by number for a signed-in user: number, issue date, revocation, code and
    PDF hash — no personal data (the frozen certificate data stay with the certificate pages)."""
    verify_actor(s, actor)
    by_number = select(Certificate).where(Certificate.number == (number or "").strip().upper())
    c = s.scalar(cross_provider(by_number, CrossProvider.PUBLIC_VERIFICATION))
    if c is None:
        return None
    return {
        "number": c.number,
        "issued_at": c.issued_at,
        "revoked": c.revoked,
        "revoke_reason": c.revoke_reason,
        "data_erased": c.revoke_reason == ERASED_REASON,
        "verification_code": c.verification_code,
        "pdf_sha256": c.pdf_sha256,
    }
