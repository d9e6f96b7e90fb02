"""The certificates' lists: approved interviews waiting for a certificate, issued certificates, and the
frozen data of a selection for batch printing (``certificates.render_many`` / ``render_zip``).
Provider admins see their own provider's, counselors what they may see, the command line everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schemas.certificate import CertificateData
from schemas.vocabulary import Status
from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.errors import InvalidInput
from store.issuing import ISSUER_ROLES
from store.learners import name_filter
from store.models import Certificate, Interview, Learner, Provider, User
from store.summaries import summary_select
from store.tx import transactional
from store.verification import frozen_data


@dataclass(frozen=True, slots=True)
class ReadyInterview:
    """An approved interview waiting for its certificate (one row of the issue list)."""

    interview_id: int
    learner_name: str
    birth_date: date | None
    provider_id: int
    provider_name: str
    levels: dict[str, str | None]
    approved_at: datetime | None


@dataclass(frozen=True, slots=True)
class CertificateRow:
    """One issued certificate in a list (no frozen data, no PDF)."""

    id: int
    number: str
    interview_id: int
    provider_id: int
    provider_name: str
    learner_name: str
    issued_at: datetime
    issued_by: str
    revoked: bool
    revoked_at: datetime | None
    revoke_reason: str | None
    data_erased: bool
    pdf_sha256: str | None


# "97", "Nr. 97", "#97": an interview number rather than a name.
_INTERVIEW_NUMBER = re.compile(r"^(?:nr\.?|#)?\s*(\d{1,12})$", re.IGNORECASE)


@transactional(readonly=True)
def ready_for_certificate(
    s: Session, actor: Actor, provider_id: int | None = None, limit: int = 200, search: str = ""
) -> list[ReadyInterview]:
    """Approved interviews without a valid certificate (provider admin: own provider; counselor: all),
    the most recently approved first. ``search`` is an interview number ("97", "Nr. 97") or parts of
    the learner's name (every word must occur, accents and case ignored)."""

    verify_actor(s, actor)
    require_role(actor, *ISSUER_ROLES, what="das Ausstellen von Bescheinigungen")
    query = access.interview_scope(actor, summary_select()).where(
        Interview.status == Status.APPROVED, Learner.erased_at.is_(None)
    )
    if provider_id is not None:
        query = query.where(Interview.provider_id == provider_id)
    search = (search or "").strip()
    number = _INTERVIEW_NUMBER.match(search)
    if number:
        query = query.where(Interview.id == int(number.group(1)))
    elif search:
        query = query.where(name_filter(search))
    newest = (Interview.approved_at.desc(), Interview.id.desc())
    rows = s.execute(query.order_by(*newest).limit(min(limit, 1000))).all()
    return [
        ReadyInterview(
            interview_id=r.id,
            learner_name=f"{r.family_name or ''}, {r.given_names or ''}",
            birth_date=r.birth_date,
            provider_id=r.provider_id,
            provider_name=r.provider_name,
            levels={k: getattr(r, c) for k, c in guides.SKILL_COLUMNS.items()},
            approved_at=r.approved_at,
        )
        for r in rows
    ]


CERT_STATUSES = ("valid", "revoked", "all")


def _certificate_query(
    actor: Actor, provider_id: int | None, since: date | None, until: date | None, status: str
) -> Any:
    if status not in CERT_STATUSES:
        raise InvalidInput(f"Status „{status}“ gibt es nicht (gültig: valid, revoked, all).", "status")
    query = (
        select(
            Certificate,
            Interview.provider_id,
            Provider.name,
            Learner.family_name,
            Learner.given_names,
            User,
            Interview.learner_id,
        )
        .join(Interview, Interview.id == Certificate.interview_id)
        .join(Learner, Learner.id == Interview.learner_id)
        .join(Provider, Provider.id == Interview.provider_id)
        .outerjoin(User, User.id == Certificate.issued_by_id)
    )
    query = access.certificate_scope(actor, query)
    if provider_id is not None:
        query = query.where(Interview.provider_id == provider_id)
    if since is not None:
        query = query.where(Certificate.issued_at >= datetime.combine(since, time.min))
    if until is not None:
        query = query.where(Certificate.issued_at <= datetime.combine(until, time.max))
    if status == "valid":
        query = query.where(Certificate.revoked.is_(False), Certificate.data.is_not(None))
    elif status == "revoked":
        query = query.where(Certificate.revoked.is_(True))
    return query.order_by(Certificate.year, Certificate.sequence)


def _check_lister(s: Session, actor: Actor) -> None:
    if actor is access.COMMAND_LINE:
        return
    verify_actor(s, actor)
    require_role(actor, *ISSUER_ROLES, what="die Liste der Bescheinigungen")


@transactional(readonly=True)
def list_certificates(
    s: Session,
    actor: Actor,
    provider_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    status: str = "all",
    limit: int = 500,
) -> list[CertificateRow]:
    """Issued certificates, oldest number first (provider admin: own provider; counselor: all it may see)."""
    _check_lister(s, actor)
    rows = s.execute(_certificate_query(actor, provider_id, since, until, status).limit(min(limit, 5000))).all()
    return [
        CertificateRow(
            id=c.id,
            number=c.number,
            interview_id=c.interview_id,
            provider_id=pid,
            provider_name=pname,
            learner_name=f"{family or ''}, {given or ''}" if family else "(gelöscht)",
            issued_at=c.issued_at,
            issued_by=(user.display_name or user.username) if user else "",
            revoked=c.revoked,
            revoked_at=c.revoked_at,
            revoke_reason=c.revoke_reason,
            data_erased=c.data is None,
            pdf_sha256=c.pdf_sha256,
        )
        for c, pid, pname, family, given, user, _learner in rows
    ]


@transactional()
def certificates_for_print(
    s: Session,
    actor: Actor,
    provider_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    status: str = "valid",
) -> list[CertificateData]:
    """The frozen ``CertificateData`` of every matching certificate (erased ones have none), oldest first."""
    _check_lister(s, actor)
    rows = s.execute(_certificate_query(actor, provider_id, since, until, status)).all()
    items = [frozen_data(row[0]) for row in rows if row[0].data is not None]
    printed = {row[6] for row in rows if row[0].data is not None}  # for the learners' access reports
    audit.record(
        s,
        actor,
        "certificate.batch_printed",
        "certificate",
        None,
        provider_id=provider_id,
        count=len(items),
        numbers=[d.number for d in items][:1000],
        included_learners=printed,
    )
    return items
