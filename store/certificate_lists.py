"""The certificates' lists: approved interviews waiting for a certificate, issued certificates, and the
frozen data of a selection for batch printing (``certificates.render_many`` / ``render_zip``).
Provider admins see their own provider's, counselors what they may see, the command line everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, aliased

from schemas.certificate import CertificateData
from schemas.vocabulary import Status
from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.clock import utcnow
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
    printed_at: datetime | None = None
    printed_by: str = ""  # who printed it (batch printing) or marked it printed
    handed_out_on: date | None = None
    handed_out_by: str = ""  # who recorded the hand-over to the learner
    birth_date: date | None = None


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
SEARCH_LIMIT = 50  # rows a search shows at once (the page asks for more words rather than scrolling)

# a certificate number as typed: "SPR-2026-000024", "spr 2026 24", or its sequence alone ("24", "000024")
_SEQUENCE = re.compile(r"^\d{1,9}$")
_NUMBER_PART = re.compile(r"^[A-Za-z]{1,10}[\s-]*\d{4}(?:[\s-]*\d{1,9})?$")
_WHOLE_NUMBER = re.compile(r"^[A-Z0-9]+-\d{4}-\d{6}$")
_Printer = aliased(User)
_HandedOutBy = aliased(User)


def _search_filter(search: str) -> Any:
    """SQL condition for a typed search: a certificate number (whole, or its running number alone) or parts
    of the learner's name (every word must occur, accents and case ignored)."""
    from store.learners import name_filter
    from store.verification import normalise_number

    typed = " ".join(search.split())
    if _SEQUENCE.match(typed):
        return or_(Certificate.sequence == int(typed), Interview.id == int(typed))
    if _NUMBER_PART.match(typed):
        number = normalise_number(typed)
        if _WHOLE_NUMBER.match(number):  # the whole number: the unique index finds it at once
            return Certificate.number == number
        return Certificate.number.startswith(number, autoescape=True)
    return name_filter(typed)


def _certificate_query(
    actor: Actor,
    provider_id: int | None,
    since: date | None,
    until: date | None,
    status: str,
    *,
    printed: bool | None = None,
    search: str = "",
    newest_first: bool = False,
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
            _Printer,
            _HandedOutBy,
            Learner.birth_date,
            Interview.learner_id,
        )
        .join(Interview, Interview.id == Certificate.interview_id)
        .join(Learner, Learner.id == Interview.learner_id)
        .join(Provider, Provider.id == Interview.provider_id)
        .outerjoin(User, User.id == Certificate.issued_by_id)
        .outerjoin(_Printer, _Printer.id == Certificate.printed_by_id)
        .outerjoin(_HandedOutBy, _HandedOutBy.id == Certificate.handed_out_by_id)
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
    if printed is not None:
        query = query.where(Certificate.printed_at.is_not(None) if printed else Certificate.printed_at.is_(None))
    if (search or "").strip():
        query = query.where(_search_filter(search))
    if newest_first:
        return query.order_by(Certificate.year.desc(), Certificate.sequence.desc())
    return query.order_by(Certificate.year, Certificate.sequence)


def _name(user: Any) -> str:
    return (user.display_name or user.username) if user is not None else ""


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
    *,
    printed: bool | None = None,
    search: str = "",
    newest_first: bool = False,
) -> list[CertificateRow]:
    """Issued certificates, oldest number first (``newest_first``: the newest first), at most ``limit``
    (provider admin: own provider; counselor: all it may see). ``printed``: only printed (True) or only
    not yet printed (False) ones; ``search``: a certificate number (whole or its running number), an
    interview number or parts of the learner's name — filtered in SQL, so a search stays fast among many."""
    _check_lister(s, actor)
    query = _certificate_query(
        actor, provider_id, since, until, status, printed=printed, search=search, newest_first=newest_first
    )
    rows = s.execute(query.limit(min(limit, 5000))).all()
    return [
        CertificateRow(
            id=c.id,
            number=c.number,
            interview_id=c.interview_id,
            provider_id=pid,
            provider_name=pname,
            learner_name=f"{family or ''}, {given or ''}" if family else "(gelöscht)",
            issued_at=c.issued_at,
            issued_by=_name(user),
            revoked=c.revoked,
            revoked_at=c.revoked_at,
            revoke_reason=c.revoke_reason,
            data_erased=c.data is None,
            pdf_sha256=c.pdf_sha256,
            printed_at=c.printed_at,
            printed_by=_name(printer) if c.printed_at else "",
            handed_out_on=c.handed_out_on,
            handed_out_by=_name(handed) if c.handed_out_on else "",
            birth_date=birth,
        )
        for c, pid, pname, family, given, user, printer, handed, birth, _learner in rows
    ]


@transactional(readonly=True)
def count_certificates(
    s: Session, actor: Actor, provider_id: int | None = None, *, status: str = "valid", printed: bool | None = None
) -> int:
    """How many certificates match (e.g. ``printed=False``: valid ones not yet printed, for the batch)."""
    _check_lister(s, actor)
    query = _certificate_query(actor, provider_id, None, None, status, printed=printed).order_by(None)
    # the count reads the scoped query as a subquery: it carries that query's scope marker on
    count = select(func.count()).select_from(query.subquery()).execution_options(**query.get_execution_options())
    return int(s.scalar(count) or 0)


@transactional()
def certificates_for_print(
    s: Session,
    actor: Actor,
    provider_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    status: str = "valid",
    *,
    printed: bool | None = None,
    mark_printed: bool = True,
) -> list[CertificateData]:
    """The frozen ``CertificateData`` of every matching certificate (erased ones have none), oldest first.
    ``printed=False``: only those not yet printed (the "noch nicht gedruckt" batch). Valid certificates
    of the batch not marked printed before are marked printed now, by ``actor`` (``mark_printed=False``
    leaves the marks alone); the audit entry names the numbers printed and those newly marked."""
    _check_lister(s, actor)
    rows = s.execute(_certificate_query(actor, provider_id, since, until, status, printed=printed)).all()
    items = [frozen_data(row[0]) for row in rows if row[0].data is not None]
    newly = [row[0] for row in rows if row[0].data is not None and not row[0].revoked and row[0].printed_at is None]
    if mark_printed and newly:
        s.execute(
            update(Certificate)
            .where(Certificate.id.in_([c.id for c in newly]), Certificate.printed_at.is_(None))
            .values(printed_at=utcnow(), printed_by_id=access.user_fk(actor))
            .execution_options(synchronize_session=False)
        )
    learners = {row[-1] for row in rows if row[0].data is not None}  # for the learners' access reports
    audit.record(
        s,
        actor,
        "certificate.batch_printed",
        "certificate",
        None,
        provider_id=provider_id,
        count=len(items),
        numbers=[d.number for d in items][:1000],
        marked_printed=[c.number for c in newly][:1000] if mark_printed else [],
        only_not_printed=printed is False,
        included_learners=learners,
    )
    return items
