"""Public verification of certificates: number + code, or an uploaded PDF; attempts limited per client.

No login: anyone holding a certificate may check it. What the page learns is kept small: a valid
certificate shows what is printed on it (name, date of birth, levels, issuer, date); a revoked one
only its number, issuer, dates and the reason; an unknown number or wrong code says nothing more.
The code is re-computed from the frozen data (HMAC with the current and every old key), so a
certificate whose stored data was changed afterwards fails like a forged one.

Attempts are counted per client in the table ``verify_attempts`` (so the limit holds across app
instances); the client key (an IP address) is stored only as a keyed hash. Every verification is
audited with its result, never with anything about the person who checked.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from certificates.codes import check_code, normalise_code
from schemas.certificate import CertificateData
from security.uploads import certificate_pdf_text
from settings import get_settings
from store import audit
from store.clock import utcnow
from store.models import Base, Certificate, Interview, Provider
from store.privacy import ERASED_REASON
from store.scoping import CrossProvider, cross_provider, cross_provider_options
from store.tx import transactional

_PUBLIC = CrossProvider.PUBLIC_VERIFICATION  # anyone checks any provider's certificate by number or PDF

log = logging.getLogger("sprachstand.verification")
WINDOW = timedelta(minutes=1)
KEEP_ATTEMPTS = timedelta(hours=1)
AUDIT_USER = "öffentliche Prüfung"

# What a check found (a certificate's verification result, not an interview's Status).
VALID, REVOKED, UNKNOWN, LIMITED = "valid", "revoked", "unknown", "limited"
RESULT_LABELS = {
    VALID: "gültig",
    REVOKED: "widerrufen",
    UNKNOWN: "unbekannt",
    LIMITED: "zu viele Versuche",
}
ERASED_TEXT = (
    "Die personenbezogenen Daten wurden gelöscht (Datenschutz); die Angaben können nicht mehr bestätigt werden."
)
_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9-]{2,39}")


class VerifyAttempt(Base):
    """One verification attempt of one client (keyed hash of its address), for the rate limit."""

    __tablename__ = "verify_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_verify_attempts_client_hash_at", "client_hash", "at"),)


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """What the public page shows. Personal data (name, birth date, levels) only when ``valid``."""

    status: str  # valid | revoked | unknown | limited
    number: str = ""
    family_name: str = ""
    given_names: str = ""
    birth_date: date | None = None
    levels: dict[str, str] = field(default_factory=dict)
    issuer: str = ""
    city_name: str = ""
    issued_on: date | None = None
    interview_date: date | None = None
    revoked_at: datetime | None = None
    revoke_reason: str = ""
    data_erased: bool = False
    retry_after_seconds: int = 0
    specimen: bool = False  # issued from demo data (printed MUSTER): genuine to this system, but not a real certificate

    @property
    def is_valid(self) -> bool:
        return self.status == VALID

    @property
    def label(self) -> str:
        """``valid``, ``revoked`` (``revoked: data erased``), ``unknown``, ``limited`` — the CLI's first line."""
        if self.status == REVOKED and self.data_erased:
            return "revoked: data erased"
        return self.status


@dataclass(frozen=True, slots=True)
class PdfCheck:
    """Result of checking an uploaded PDF: which certificate it is and whether the file is the issued one."""

    found: bool  # a certificate of this system was recognised (by hash, or by number and code in its text)
    unaltered: bool  # the file is byte for byte the PDF issued (same SHA-256)
    result: VerificationResult
    sha256: str


def _keys() -> list[bytes]:

    settings = get_settings()
    return [settings.effective_secret_key, *settings.old_secret_key_list]


def client_hash(client_key: str) -> str:
    """A keyed hash of the client's address: counts attempts without storing the address."""
    return hmac.new(_keys()[0], f"verify-client:{client_key}".encode(), hashlib.sha256).hexdigest()


def _limit_reached(s: Session, client_key: str | None) -> int:
    """Records one attempt; returns 0 when allowed, else the seconds until the next one is."""
    if client_key is None:  # trusted callers (command line)
        return 0

    now = utcnow()
    key = client_hash(client_key)
    _forget_old_attempts(s, now - KEEP_ATTEMPTS)
    since = now - WINDOW
    count, first = s.execute(
        select(func.count(), func.min(VerifyAttempt.at)).where(
            VerifyAttempt.client_hash == key, VerifyAttempt.at >= since
        )
    ).one()
    if count >= get_settings().verify_attempts_per_minute:
        wait = (first + WINDOW - now).total_seconds() if first else WINDOW.total_seconds()
        return max(1, int(wait + 0.999))
    s.add(VerifyAttempt(client_hash=key, at=now))
    return 0


def _forget_old_attempts(s: Session, cutoff: datetime) -> None:
    old = select(VerifyAttempt.id).where(VerifyAttempt.at < cutoff)
    if s.get_bind().dialect.name == "postgresql":
        # concurrent checks must not wait for (or deadlock on) each other's clean-up: skip locked rows
        old = old.limit(1000).with_for_update(skip_locked=True)
    s.execute(delete(VerifyAttempt).where(VerifyAttempt.id.in_(old.scalar_subquery())))


# <PREFIX>-<YEAR>-<sequence> as people type it: any case, spaces or dashes (also typographic ones) or
# nothing between the parts, the sequence with or without its leading zeros.
_TYPED_NUMBER = re.compile(r"([A-Z]{2,8})[\s\-\u2010-\u2015]*([0-9]{4})[\s\-\u2010-\u2015]*([0-9]{1,9})")


def certificate_number(prefix: str, year: int | str, sequence: int) -> str:
    """The canonical certificate number: ``<PREFIX>-<YEAR>-<6 digits>``, e.g. ``SPR-2026-000024``."""
    return f"{prefix}-{year}-{sequence:06d}"


def normalise_number(number: str) -> str:
    """The canonical form of a typed certificate number, e.g. ``spr 2026 24`` -> ``SPR-2026-000024``
    (``certificate_number``). Anything else is only stripped of whitespace and upper-cased. Used by the
    public page, the PDF check and the command line alike."""
    typed = (number or "").strip().upper()
    match = _TYPED_NUMBER.fullmatch(typed)
    if match is None:
        return "".join(typed.split())
    prefix, year, sequence = match.groups()
    return certificate_number(prefix, year, int(sequence))


def _codes_equal(typed: str, stored: str) -> bool:

    given = normalise_code(typed) or "!"
    return hmac.compare_digest(given, normalise_code(stored) or "?")


def _issuer(s: Session, c: Certificate) -> str:
    if c.data:
        return str(c.data.get("provider_name", ""))

    interview = s.get(Interview, c.interview_id, execution_options=cross_provider_options(_PUBLIC))
    provider = s.get(Provider, interview.provider_id) if interview else None
    return provider.name if provider else ""


def _revoked(s: Session, c: Certificate) -> VerificationResult:
    erased = c.data is None or c.revoke_reason == ERASED_REASON
    issued_on = c.issued_at.date()
    if c.data and c.data.get("issued_on"):
        issued_on = date.fromisoformat(str(c.data["issued_on"]))
    return VerificationResult(
        status=REVOKED,
        number=c.number,
        issuer=_issuer(s, c),
        issued_on=issued_on,
        revoked_at=c.revoked_at,
        revoke_reason=ERASED_TEXT if c.revoke_reason in (None, ERASED_REASON) else c.revoke_reason,
        data_erased=erased,
    )


def _valid(c: Certificate, data: Any) -> VerificationResult:
    return VerificationResult(
        status=VALID,
        number=c.number,
        family_name=data.family_name,
        given_names=data.given_names,
        birth_date=data.birth_date,
        levels=dict(data.levels),
        issuer=data.provider_name,
        city_name=data.city_name,
        issued_on=data.issued_on,
        interview_date=data.interview_date,
        specimen=bool(getattr(data, "specimen", False)),
    )


def _stored_valid(c: Certificate) -> VerificationResult:
    """A certificate found by its PDF hash: valid only while its frozen data still carries its code."""

    data = frozen_data(c)
    if not check_code(data, c.verification_code, _keys()):
        return VerificationResult(status=UNKNOWN)
    return _valid(c, data)


def frozen_data(c: Certificate) -> Any:
    """The certificate's frozen ``CertificateData`` (None once erased). JSON round trip, so logos decode."""

    if c.data is None:
        return None
    return CertificateData.model_validate_json(json.dumps(c.data))


def _check(s: Session, number: str, code: str) -> tuple[VerificationResult, Certificate | None]:

    by_number = cross_provider(select(Certificate).where(Certificate.number == number), _PUBLIC)
    c = s.scalar(by_number) if _NUMBER.fullmatch(number) else None
    if c is None:
        return VerificationResult(status=UNKNOWN), None
    if c.data is None:
        # Erased: nothing left to re-compute the code from; compare with the code stored at issue.
        ok = _codes_equal(code, c.verification_code)
        return (_revoked(s, c) if ok else VerificationResult(status=UNKNOWN)), c
    data = frozen_data(c)
    if not check_code(data, code, _keys()):
        return VerificationResult(status=UNKNOWN), c
    if c.revoked:
        return _revoked(s, c), c
    return _valid(c, data), c


def _audit(s: Session, result: VerificationResult, c: Certificate | None, via: str) -> None:
    # The certificate is named only when number and code matched; nothing about the verifier is kept.
    matched = result.status in (VALID, REVOKED)
    audit.record(
        s,
        None,
        "certificate.verified",
        "certificate",
        c.id if (c is not None and matched) else None,
        username=AUDIT_USER,
        result=result.label,
        via=via,
    )


def _limited() -> None:
    # Refused attempts check nothing, so they are not audited (a flood would only fill the audit trail);
    # the server log counts them, without the client.
    log.warning("certificate verification refused: attempt limit reached")


@transactional()
def verify_certificate(s: Session, number: str, code: str, client_key: str | None) -> VerificationResult:
    """Checks a certificate number and its code. ``client_key`` (e.g. the client's IP address) limits
    attempts per minute (setting VERIFY_ATTEMPTS_PER_MINUTE); ``None`` only for trusted callers."""
    wait = _limit_reached(s, client_key)
    if wait:
        _limited()
        return VerificationResult(status=LIMITED, retry_after_seconds=wait)
    result, c = _check(s, normalise_number(number), code or "")
    _audit(s, result, c, "code")
    return result


_FOOTER = re.compile(r"Nummer\s+([A-Z0-9][A-Z0-9-]{2,39})\s*·\s*Code\s+([0-9A-Z]{5}-?[0-9A-Z]{5})")


def numbers_in_pdf(pdf: bytes) -> tuple[str, str] | None:
    """(number, code) read from a certificate PDF's printed verification line, if there is one. The
    file is measured before it is parsed (``security.uploads``): a large or many-page PDF is not read."""

    text = certificate_pdf_text(pdf)
    if text is None:
        return None
    match = _FOOTER.search(" ".join(text.split()))
    return (match.group(1), match.group(2)) if match else None


@transactional()
def verify_pdf(s: Session, pdf: bytes, client_key: str | None = None) -> PdfCheck:
    """Checks an uploaded certificate PDF: its SHA-256 against the hash stored at issue; a file that is not
    the issued one is recognised by the number and code printed on it (then ``unaltered`` is False)."""
    sha = hashlib.sha256(pdf or b"").hexdigest()
    wait = _limit_reached(s, client_key)
    if wait:
        _limited()
        return PdfCheck(False, False, VerificationResult(status=LIMITED, retry_after_seconds=wait), sha)
    by_hash = cross_provider(select(Certificate).where(Certificate.pdf_sha256 == sha).limit(1), _PUBLIC)
    c = s.scalar(by_hash) if pdf else None
    if c is not None:
        result = _revoked(s, c) if (c.revoked or c.data is None) else _stored_valid(c)
        _audit(s, result, c, "pdf")
        return PdfCheck(True, True, result, sha)
    found = numbers_in_pdf(pdf) if pdf else None
    if found is None:
        _audit(s, VerificationResult(status=UNKNOWN), None, "pdf")
        return PdfCheck(False, False, VerificationResult(status=UNKNOWN), sha)
    result, c = _check(s, normalise_number(found[0]), found[1])
    _audit(s, result, c, "pdf-text")
    return PdfCheck(result.status in (VALID, REVOKED), False, result, sha)


__all__ = [
    "LIMITED",
    "RESULT_LABELS",
    "REVOKED",
    "UNKNOWN",
    "VALID",
    "PdfCheck",
    "VerificationResult",
    "VerifyAttempt",
    "verify_certificate",
    "verify_pdf",
]
