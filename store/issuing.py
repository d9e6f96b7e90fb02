"""Issuing certificates: number, frozen data, verification code, PDF and its hash — in one transaction.

Numbers are ``<PREFIX>-<YEAR>-<6 digits>``, unique and without gaps per year, also when several app
instances issue at the same moment: the number is allocated (highest sequence of the year + 1) in
the same transaction that stores the certificate, after taking a per-year lock (SQLite: the write
transaction's ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory lock). A number is used
only when that transaction commits, so a failed issue leaves no gap; should two allocations still
collide (e.g. a database without the lock), the unique constraint refuses one and it is retried.

The certificate's data is frozen at issue (``certificates.data``, the JSON of ``CertificateData``):
later changes to the interview, the learner, the provider or the settings never reach it, and every
reprint renders from it — byte-identical to the first print, so the stored SHA-256 keeps matching.
"""

from __future__ import annotations

import base64
import logging
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from certificates import (
    certificate_problems,
    pdf_sha256,
    render_certificate,
    render_counseling_copy,
    with_verification,
)
from certificates.assembly import AssemblyError, CertificateFacts, build_certificate_data
from schemas.certificate import CertificateData
from schemas.score import Score
from schemas.views import CertificateView
from schemas.vocabulary import Action, Role, Status
from settings import get_settings
from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.app_settings import read_settings
from store.clock import utcnow
from store.db import run_in_transaction
from store.errors import InvalidInput, InvalidTransition
from store.interviews import touch
from store.models import AppSetting, Certificate, Interview, Learner, Provider
from store.public_address import issuing_problem
from store.tx import transactional
from store.verification import frozen_data
from store.workflow import _transition, certificate_view, next_certificate_number
from store.workflow import revoke_certificate as revoke_certificate  # offered beside issuing

log = logging.getLogger("sprachstand.certificates")

ISSUER_ROLES = (Role.COUNSELOR, Role.PROVIDER_ADMIN)
MAX_ATTEMPTS = 20
_ADVISORY_LOCK_CLASS = 5_310_001  # first key of pg_advisory_xact_lock(int, int): "certificate numbers"


# --- loading the facts ---------------------------------------------------------------------------------


def _city_logo(s: Session) -> bytes | None:
    """Optional city logo: app setting ``city_logo`` holding base64 PNG/JPEG (none by default)."""
    row = s.get(AppSetting, "city_logo")
    raw = (row.value or {}).get("v") if row is not None else None
    if not raw:
        return None
    try:
        return base64.b64decode(raw)
    except ValueError:
        log.warning("app setting city_logo is not base64; printed without city logo")
        return None


def is_demo(interview: Interview, learner: Learner, provider: Provider, settings: dict[str, Any]) -> bool:
    """Demo data (``seed-demo``: the rows' ``is_demo`` flags, the app setting ``demo_data`` that puts
    "DEMO" on every page) is certified as a specimen: the frozen data carries ``specimen=True``, so the
    PDF and every reprint say "MUSTER – Beispieldaten, keine gültige Bescheinigung" across the page."""
    return bool(interview.is_demo or learner.is_demo or provider.is_demo or settings.get("demo_data"))


def build_data(s: Session, actor: Actor, interview: Interview, number: str, today: date) -> CertificateData:
    """The ``CertificateData`` of an interview as of now (without code and URL): the facts loaded here,
    assembled by ``certificates.assembly``."""
    learner = access.learner_of(s, interview)
    provider = s.get(Provider, interview.provider_id)
    assert provider is not None
    if learner.erased_at is not None or not learner.family_name or learner.birth_date is None:
        raise InvalidTransition("Die Daten dieser/dieses Lernenden wurden gelöscht; es kann keine Bescheinigung geben.")
    if not interview.scores:
        raise InvalidTransition("Das Interview hat kein gespeichertes Ergebnis; bitte erneut einreichen lassen.")
    settings = read_settings(s)
    facts = CertificateFacts(
        number=number,
        family_name=learner.family_name,
        given_names=learner.given_names or "",
        birth_date=learner.birth_date,
        provider_name=provider.name,
        provider_address=provider.address or "",
        provider_logo=provider.logo,
        city_name=str(settings["city_name"]),
        city_logo=_city_logo(s),
        issued_on=today,
        interview_date=interview.created_at.date(),
        score=Score.model_validate(interview.scores),
        guide=guides.guide(s, interview.guide_id, interview.guide_version),
        signer_name=actor.display_name or actor.username,
        specimen=is_demo(interview, learner, provider, settings),
        show_literacy_and_recommendation=get_settings().certificate_shows_placement,
    )
    try:
        return build_certificate_data(facts)
    except AssemblyError as exc:
        raise InvalidInput(str(exc), exc.field) from exc


# --- issuing ------------------------------------------------------------------------------------------


def _lock_year(s: Session, year: int) -> None:
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k, :y)"), {"k": _ADVISORY_LOCK_CLASS, "y": year})
    # SQLite: the write transaction began with BEGIN IMMEDIATE and already excludes other writers.


def _issue(s: Session, actor: Actor, interview_id: int) -> tuple[CertificateView, bytes]:
    verify_actor(s, actor)
    require_role(actor, *ISSUER_ROLES, what="das Ausstellen von Bescheinigungen")
    interview = access.get_interview(s, actor, interview_id, for_update=True)
    if actor.role is Role.PROVIDER_ADMIN:
        access.require_own_provider(actor, interview.provider_id, "dieses Interview")
    if interview.status != Status.APPROVED:
        _transition(s, actor, interview, Action.ISSUE)  # raises the workflow's German message for the wrong state
    now = utcnow()
    _lock_year(s, now.year)
    prefix = str(read_settings(s)["certificate_prefix"])
    number, sequence = next_certificate_number(s, prefix, now.year)
    data = build_data(s, actor, interview, number, now.date())
    refusal = None if data.specimen else issuing_problem(s)  # a demo specimen may point to this machine
    if refusal is not None:
        raise InvalidInput(refusal, "public_url")
    public_url = str(read_settings(s)["public_url"])
    issued = with_verification(data, get_settings().effective_secret_key, public_url)
    problems = certificate_problems(issued)
    if problems:
        raise InvalidInput(" ".join(problems), "data")
    pdf = render_certificate(issued)
    _transition(s, actor, interview, Action.ISSUE)
    certificate = Certificate(
        interview_id=interview.id,
        number=number,
        year=now.year,
        sequence=sequence,
        data=issued.model_dump(mode="json"),
        verification_code=issued.verification_code,
        pdf_sha256=pdf_sha256(pdf),
        issued_by_id=access.user_fk(actor),
        issued_at=now,
    )
    s.add(certificate)
    touch(interview, actor, now)
    s.flush()  # a duplicate number fails here, inside the retry loop
    audit.record(
        s,
        actor,
        "certificate.issued",
        "certificate",
        certificate.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
        number=number,
    )
    return certificate_view(certificate), pdf


def issue_in_session(s: Session, actor: Actor, interview_id: int) -> tuple[CertificateView, bytes]:
    """``issue_certificate`` inside a transaction the caller already holds (e.g. demo data); no retry."""
    return _issue(s, actor, interview_id)


def issue_certificate(actor: Actor, interview_id: int) -> tuple[CertificateView, bytes]:
    """Issues the certificate of an approved interview (provider admin of its provider, or counselor):
    allocates the number, freezes the data, computes the code, renders the PDF and stores its hash.
    Returns the stored certificate and the PDF. A number collision is retried in a new transaction."""
    for attempt in range(MAX_ATTEMPTS):
        try:
            return run_in_transaction(lambda s: _issue(s, actor, interview_id))
        except IntegrityError:
            if attempt == MAX_ATTEMPTS - 1:
                raise
            log.info("certificate number collision, retrying (attempt %s)", attempt + 1)
    raise AssertionError("unreachable")


# --- reprint, revoke --------------------------------------------------------------------------------


def _certificate_for(s: Session, actor: Actor, certificate_id: int) -> tuple[Certificate, Interview]:
    verify_actor(s, actor)
    require_role(actor, *ISSUER_ROLES, what="Bescheinigungen")
    certificate, interview = access.get_certificate(s, actor, certificate_id)
    if actor.role is Role.PROVIDER_ADMIN:
        access.require_own_provider(actor, interview.provider_id, "diese Bescheinigung")
    return certificate, interview


@transactional()
def reprint_certificate(s: Session, actor: Actor, certificate_id: int, *, counseling_copy: bool = False) -> bytes:
    """The PDF again, rendered from the frozen data: byte-identical to the one issued (same SHA-256).
    ``counseling_copy``: the counseling office's copy instead (literacy and course recommendation shown,
    marked as the copy; not the learner's PDF, so its hash differs)."""
    certificate, interview = _certificate_for(s, actor, certificate_id)
    if certificate.data is None:
        raise InvalidTransition(f"Die Daten der Bescheinigung {certificate.number} wurden gelöscht.")
    if certificate.revoked:
        raise InvalidTransition(f"Die Bescheinigung {certificate.number} ist widerrufen und wird nicht nachgedruckt.")
    details: dict[str, Any] = {}
    if counseling_copy:
        pdf = render_counseling_copy(frozen_data(certificate))
    else:
        pdf = render_certificate(frozen_data(certificate))
        details = {"identical": pdf_sha256(pdf) == certificate.pdf_sha256}
        if not details["identical"]:  # renderer, fonts or layout changed since issue: the code still verifies
            log.warning("reprint of certificate %s differs from the issued PDF", certificate.id)
    action = "certificate.counseling_copy" if counseling_copy else "certificate.reprinted"
    audit.record(
        s,
        actor,
        action,
        "certificate",
        certificate.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
        **details,
    )
    return pdf


# --- printed and handed out ---------------------------------------------------------------------------


@transactional()
def record_printed(s: Session, actor: Actor, certificate_id: int, printed: bool = True) -> None:
    """Marks a certificate printed now by ``actor`` (a print outside the batch printing, e.g. a reprint
    downloaded and printed), or takes the mark back (``printed=False``: e.g. a misprint, so it shows
    among "noch nicht gedruckt" again). Audited."""
    certificate, interview = _certificate_for(s, actor, certificate_id)
    if printed and certificate.revoked:
        raise InvalidTransition(f"Die Bescheinigung {certificate.number} ist widerrufen.")
    if printed and certificate.printed_at is None:
        certificate.printed_at, certificate.printed_by_id = utcnow(), access.user_fk(actor)
    elif not printed:
        certificate.printed_at, certificate.printed_by_id = None, None
    audit.record(
        s,
        actor,
        "certificate.marked_printed" if printed else "certificate.unmarked_printed",
        "certificate",
        certificate.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
        number=certificate.number,
    )


@transactional()
def record_handed_out(s: Session, actor: Actor, certificate_id: int, on: date | None) -> None:
    """Records the day the certificate was handed out to the learner (``actor`` recorded it), or takes
    the record back (``on=None``). The day lies between the issue date and today. Audited."""
    certificate, interview = _certificate_for(s, actor, certificate_id)
    if on is not None:
        if certificate.revoked:
            raise InvalidTransition(f"Die Bescheinigung {certificate.number} ist widerrufen.")
        today = utcnow().date()
        if on > today:
            raise InvalidInput("Das Datum der Aushändigung liegt in der Zukunft.", "handed_out_on")
        if on < certificate.issued_at.date():
            raise InvalidInput(
                f"Das Datum der Aushändigung liegt vor der Ausstellung ({certificate.issued_at:%d.%m.%Y}).",
                "handed_out_on",
            )
    certificate.handed_out_on = on
    certificate.handed_out_by_id = access.user_fk(actor) if on is not None else None
    certificate.handed_out_recorded_at = utcnow() if on is not None else None
    audit.record(
        s,
        actor,
        "certificate.handed_out" if on is not None else "certificate.handed_out_withdrawn",
        "certificate",
        certificate.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
        number=certificate.number,
        on=on.isoformat() if on else None,
    )
