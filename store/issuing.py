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
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store import access, audit, guides
from store.access import Actor, require_role, verify_actor
from store.app_settings import read_settings
from store.clock import utcnow
from store.db import run_in_transaction
from store.errors import InvalidInput, InvalidTransition, NotFound
from store.models import AppSetting, Certificate, Interview, Learner, Provider
from store.tx import transactional
from store.uploads import prepared_logo
from store.verification import frozen_data
from store.views import CertificateView
from store.workflow import _transition, certificate_view, next_certificate_number

log = logging.getLogger("sprachstand.certificates")

ISSUER_ROLES = ("counselor", "provider_admin")
SKILLS = ("listening", "reading", "spoken_interaction", "spoken_production", "writing")
MAX_ATTEMPTS = 20
_ADVISORY_LOCK_CLASS = 5_310_001  # first key of pg_advisory_xact_lock(int, int): "certificate numbers"

# Printed for a level the guide has no checklist for (below A1; C2 has none in the common guide).
LEVEL_SENTENCES: dict[str, tuple[str, str]] = {
    "Pre-A1": (
        "Die Kenntnisse reichen noch nicht für Stufe A1; einzelne Wörter und Wendungen sind bekannt.",
        "Knowledge does not yet reach level A1; single words and phrases are known.",
    ),
    "C2": (
        "Kann praktisch alles mühelos verstehen und sich spontan, sehr flüssig und genau ausdrücken.",
        "Can understand virtually everything with ease and express themselves spontaneously and precisely.",
    ),
}
LITERACY_TEXTS = {
    "literate_latin": "Alphabetisiert, liest und schreibt in lateinischer Schrift",
    "second_script": "Alphabetisiert in einer anderen Schrift; lernt die lateinische Schrift als Zweitschrift",
    "not_literate": "Noch nicht alphabetisiert; ein Alphabetisierungskurs wird empfohlen",
}
CAN_DO_MAX = 140
LITERACY_MAX = 200
RECOMMENDATION_MAX = 300


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


# --- building the frozen data -----------------------------------------------------------------------


def _shorten(value: str, limit: int) -> str:
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"


def can_do_sentences(guide: Any, levels: dict[str, str]) -> dict[str, dict[str, str]]:
    """Per skill the guide's short can-do sentence of the reached level (German + English).

    The guide's ``certificate_text`` of the skill and level (a third-person sentence written for the
    certificate); for guide versions without one (older or uploaded guides) the first statement of
    that skill's checklist for the level, and a fixed sentence where the guide has neither."""
    from questionnaire import certificate_text
    from schemas.guide import CanDoQuestion

    first: dict[tuple[str, str], Any] = {}
    for _, question in guide.questions():
        if isinstance(question, CanDoQuestion) and question.statements:
            first.setdefault((question.skill, question.level), question.statements[0])
    out: dict[str, dict[str, str]] = {}
    for skill in SKILLS:
        level = levels[skill]
        statement = first.get((skill, level))
        written = certificate_text(guide, skill, level, "de")
        if written is not None:
            de, en = written, certificate_text(guide, skill, level, "en") or ""
        elif statement is not None:
            de = guide.text(statement.label, "de")
            en = statement.label.get("en", "")
        elif level in LEVEL_SENTENCES:
            de, en = LEVEL_SENTENCES[level]
        else:
            continue
        out[skill] = {"de": _shorten(de, CAN_DO_MAX), "en": _shorten(en, CAN_DO_MAX) if en else ""}
    return out


def _recommendation(score: Any) -> str | None:
    rec = score.recommendation
    if rec is None:
        return None
    # Course and entry level only: the guide's reason is written for the counseling office, not for the paper.
    text = rec.course_label
    if rec.start_level:
        text += f", Einstieg auf Stufe {rec.start_level}"
    return _shorten(text, RECOMMENDATION_MAX)


def _literacy(score: Any) -> str:
    if score.literacy in LITERACY_TEXTS:
        return LITERACY_TEXTS[score.literacy]
    return _shorten(score.literacy_explanation or "", LITERACY_MAX)


@lru_cache(maxsize=32)
def print_logo(logo: bytes | None) -> bytes | None:
    """The logo as frozen into certificates: scaled down to print resolution (``store.uploads``, 600 dpi
    at the printed 16 × 34 mm; anything finer only makes each stored certificate heavier). A stored
    logo with more pixels than an upload may have (from before uploads were measured) is left out
    rather than decoded for every certificate."""
    if not logo:
        return logo
    try:
        smaller, _ = prepared_logo(logo)
    except InvalidInput:
        log.warning("stored logo refused (not a picture, or too many pixels); printed without it")
        return None
    return smaller


def _city_logo(s: Session) -> bytes | None:
    """Optional city logo: app setting ``city_logo`` holding base64 PNG/JPEG (none by default)."""
    row = s.get(AppSetting, "city_logo")
    raw = (row.value or {}).get("v") if row is not None else None
    if not raw:
        return None
    try:
        return print_logo(base64.b64decode(raw))
    except ValueError:
        log.warning("app setting city_logo is not base64; printed without city logo")
        return None


def is_demo(interview: Interview, learner: Learner, provider: Provider, settings: dict[str, Any]) -> bool:
    """Demo data (``seed-demo``: the rows' ``is_demo`` flags, the app setting ``demo_data`` that puts
    "DEMO" on every page) is certified as a specimen: the frozen data carries ``specimen=True``, so the
    PDF and every reprint say "MUSTER – Beispieldaten, keine gültige Bescheinigung" across the page."""
    return bool(interview.is_demo or learner.is_demo or provider.is_demo or settings.get("demo_data"))


def build_data(s: Session, actor: Actor, interview: Interview, number: str, today: date) -> Any:
    """The ``CertificateData`` of an interview as of now (without code and URL)."""
    from pydantic import ValidationError

    from schemas.certificate import CertificateData
    from schemas.score import Score

    learner = s.get(Learner, interview.learner_id)
    provider = s.get(Provider, interview.provider_id)
    assert learner is not None and provider is not None
    if learner.erased_at is not None or not learner.family_name or learner.birth_date is None:
        raise InvalidTransition("Die Daten dieser/dieses Lernenden wurden gelöscht; es kann keine Bescheinigung geben.")
    if not interview.scores:
        raise InvalidTransition("Das Interview hat kein gespeichertes Ergebnis; bitte erneut einreichen lassen.")
    score = Score.model_validate(interview.scores)
    missing = [score.skill_labels.get(k, k) for k in SKILLS if not score.levels.get(k)]
    if missing:
        raise InvalidInput(
            f"Für {', '.join(missing)} liegt kein Niveau vor; eine Bescheinigung braucht alle fünf Fertigkeiten.",
            "levels",
        )
    levels = {k: score.levels[k] for k in SKILLS}
    guide = guides.guide(s, interview.guide_id, interview.guide_version)
    settings = read_settings(s)
    try:
        return CertificateData(
            number=number,
            family_name=learner.family_name,
            given_names=learner.given_names or "",
            birth_date=learner.birth_date,
            provider_name=provider.name[:100],
            provider_address=_shorten(provider.address or "", 120),
            provider_logo=print_logo(provider.logo),
            city_name=str(settings["city_name"])[:120],
            city_logo=_city_logo(s),
            issued_on=today,
            interview_date=interview.created_at.date(),
            levels=levels,
            can_do=can_do_sentences(guide, levels),
            literacy=_literacy(score),
            recommendation=_recommendation(score),
            signer_name=(actor.display_name or actor.username)[:120],
            guide_id=interview.guide_id,
            guide_version=interview.guide_version,
            specimen=is_demo(interview, learner, provider, settings),
        )
    except ValidationError as exc:
        fields = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
        raise InvalidInput(f"Die Angaben passen nicht auf die Bescheinigung (Felder: {fields}).", "data") from exc


# --- issuing ------------------------------------------------------------------------------------------


def _lock_year(s: Session, year: int) -> None:
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_advisory_xact_lock(:k, :y)"), {"k": _ADVISORY_LOCK_CLASS, "y": year})
    # SQLite: the write transaction began with BEGIN IMMEDIATE and already excludes other writers.


def _issue(s: Session, actor: Actor, interview_id: int) -> tuple[CertificateView, bytes]:
    from certificates import certificate_problems, pdf_sha256, render_certificate, with_verification
    from settings import get_settings

    verify_actor(s, actor)
    require_role(actor, *ISSUER_ROLES, what="das Ausstellen von Bescheinigungen")
    interview = access.get_interview(s, actor, interview_id, for_update=True)
    if actor.role == "provider_admin":
        access.require_own_provider(actor, interview.provider_id, "dieses Interview")
    if interview.status != "approved":
        _transition(s, actor, interview, "issue")  # raises the workflow's German message for the wrong state
    now = utcnow()
    _lock_year(s, now.year)
    prefix = str(read_settings(s)["certificate_prefix"])
    number, sequence = next_certificate_number(s, prefix, now.year)
    data = build_data(s, actor, interview, number, now.date())
    public_url = str(read_settings(s)["public_url"])
    issued = with_verification(data, get_settings().effective_secret_key, public_url)
    problems = certificate_problems(issued)
    if problems:
        raise InvalidInput(" ".join(problems), "data")
    pdf = render_certificate(issued)
    _transition(s, actor, interview, "issue")
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
    interview.lock_version += 1
    interview.updated_at = now
    interview.updated_by_id = access.user_fk(actor)
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
    certificate = s.get(Certificate, certificate_id)
    if certificate is None:
        raise NotFound(f"Bescheinigung Nr. {certificate_id} wurde nicht gefunden.")
    interview = access.get_interview(s, actor, certificate.interview_id)
    if actor.role == "provider_admin":
        access.require_own_provider(actor, interview.provider_id, "diese Bescheinigung")
    return certificate, interview


@transactional()
def reprint_certificate(s: Session, actor: Actor, certificate_id: int) -> bytes:
    """The PDF again, rendered from the frozen data: byte-identical to the one issued (same SHA-256)."""
    from certificates import pdf_sha256, render_certificate

    certificate, interview = _certificate_for(s, actor, certificate_id)
    if certificate.data is None:
        raise InvalidTransition(f"Die Daten der Bescheinigung {certificate.number} wurden gelöscht.")
    if certificate.revoked:
        raise InvalidTransition(f"Die Bescheinigung {certificate.number} ist widerrufen und wird nicht nachgedruckt.")
    pdf = render_certificate(frozen_data(certificate))
    same = pdf_sha256(pdf) == certificate.pdf_sha256
    if not same:  # renderer, fonts or layout changed since issue: the code still verifies, the hash not
        log.warning("reprint of certificate %s differs from the issued PDF", certificate.id)
    audit.record(
        s,
        actor,
        "certificate.reprinted",
        "certificate",
        certificate.id,
        learner_id=interview.learner_id,
        provider_id=interview.provider_id,
        identical=same,
    )
    return pdf


def revoke_certificate(actor: Actor, certificate_id: int, reason: str) -> CertificateView:
    """Revokes a certificate with a reason (counselor, admin); audited. The interview returns to
    approved, so a corrected certificate can be issued under a new number."""
    from store.workflow import revoke_certificate as _revoke

    return _revoke(actor, certificate_id, reason)


# --- lists ----------------------------------------------------------------------------------------------


# "97", "Nr. 97", "#97": an interview number rather than a name.
_INTERVIEW_NUMBER = re.compile(r"^(?:nr\.?|#)?\s*(\d{1,12})$", re.IGNORECASE)


@transactional(readonly=True)
def ready_for_certificate(
    s: Session, actor: Actor, provider_id: int | None = None, limit: int = 200, search: str = ""
) -> list[ReadyInterview]:
    """Approved interviews without a valid certificate (provider admin: own provider; counselor: all),
    the most recently approved first. ``search`` is an interview number ("97", "Nr. 97") or parts of
    the learner's name (every word must occur, accents and case ignored)."""
    from store.learners import name_filter
    from store.summaries import summary_select

    verify_actor(s, actor)
    require_role(actor, *ISSUER_ROLES, what="das Ausstellen von Bescheinigungen")
    query = access.interview_scope(actor, summary_select()).where(
        Interview.status == "approved", Learner.erased_at.is_(None)
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
    from store.models import User

    if status not in CERT_STATUSES:
        raise InvalidInput(f"Status „{status}“ gibt es nicht (gültig: valid, revoked, all).", "status")
    query = (
        select(Certificate, Interview.provider_id, Provider.name, Learner.family_name, Learner.given_names, User)
        .join(Interview, Interview.id == Certificate.interview_id)
        .join(Learner, Learner.id == Interview.learner_id)
        .join(Provider, Provider.id == Interview.provider_id)
        .outerjoin(User, User.id == Certificate.issued_by_id)
    )
    if actor is not access.COMMAND_LINE:
        query = access.interview_scope(actor, query)
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
        for c, pid, pname, family, given, user in rows
    ]


@transactional()
def certificates_for_print(
    s: Session,
    actor: Actor,
    provider_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    status: str = "valid",
) -> list[Any]:
    """The frozen ``CertificateData`` of every matching certificate (erased ones have none), oldest first."""
    _check_lister(s, actor)
    rows = s.execute(_certificate_query(actor, provider_id, since, until, status)).all()
    items = [frozen_data(row[0]) for row in rows if row[0].data is not None]
    printed = [row[0].interview_id for row in rows if row[0].data is not None]
    learners = s.scalars(select(Interview.learner_id).where(Interview.id.in_(printed))).all() if printed else []
    audit.record(
        s,
        actor,
        "certificate.batch_printed",
        "certificate",
        None,
        provider_id=provider_id,
        count=len(items),
        numbers=[d.number for d in items][:1000],
        included_learners=learners,
    )
    return items


def render_batch(
    items: list[Any], *, as_zip: bool = False, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """One PDF (a page per certificate) or a ZIP of single PDFs named ``<number>.pdf``, each
    byte-identical to its issued PDF. ``progress(done, total)`` is called after every certificate."""
    import io
    import zipfile

    from certificates import certificate_problems, render_certificate
    from certificates.render import default_renderer

    if not items:
        raise InvalidInput("Keine Bescheinigungen für diese Auswahl gefunden.", "selection")
    total = len(items)
    out = io.BytesIO()
    if as_zip:
        # the same entries as certificates.render_zip, rendered one by one for the progress bar
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
            for done, data in enumerate(items, 1):
                info = zipfile.ZipInfo(
                    f"{data.number}.pdf",
                    date_time=(data.issued_on.year, data.issued_on.month, data.issued_on.day, 0, 0, 0),
                )
                archive.writestr(info, render_certificate(data))
                if progress:
                    progress(done, total)
        return out.getvalue()
    for data in items:
        problems = certificate_problems(data)
        if problems:
            raise InvalidInput(" ".join(problems), "data")
    renderer = default_renderer()  # the page loop of CertificateRenderer.render_many, with progress
    canvas = renderer.new_canvas(out, items)
    for done, data in enumerate(items, 1):
        renderer.draw_page(canvas, data)
        canvas.showPage()
        if progress:
            progress(done, total)
    canvas.save()
    return out.getvalue()
