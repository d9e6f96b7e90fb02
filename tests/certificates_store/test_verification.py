"""Public verification: valid, changed, revoked, erased, unknown, rate limit, key rotation, PDF upload."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

import store
from settings import get_settings
from store import db as store_db
from store.issuing import issue_certificate, revoke_certificate
from store.verification import normalise_number, verify_certificate, verify_pdf
from tests.certificates_store.conftest import approved_interview
from tests.store.conftest import Cast, found_for_request

CLIENT = "203.0.113.7"


def _issued(db: Cast, **kw: str) -> tuple[store.CertificateView, bytes]:
    return issue_certificate(db.counselor, approved_interview(db, **kw).id)


def test_valid_certificate_shows_its_data(db: Cast) -> None:
    cert, _ = _issued(db, family="Kowalczyk", given="Łukasz")
    typed = cert.verification_code.lower().replace("-", " ")  # as a person might type it
    result = verify_certificate(f" {cert.number.lower()} ", typed, CLIENT)
    assert result.status == "valid"
    assert (result.family_name, result.given_names) == ("Kowalczyk", "Łukasz")
    assert result.birth_date is not None and result.birth_date.isoformat() == "1991-03-14"
    assert result.levels == cert.data["levels"]
    assert result.issuer == "VHS Musterstadt"


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("SPR-2026-24", "SPR-2026-000024"),
        (" spr 2026 24 ", "SPR-2026-000024"),
        ("SPR\u20132026\u201324", "SPR-2026-000024"),  # en dashes, as word processors print them
        ("SPR2026000024", "SPR-2026-000024"),
        ("SPR-2026-0000024", "SPR-2026-000024"),
        ("SPR-2026-1234567", "SPR-2026-1234567"),
        ("SPR-26-24", "SPR-26-24"),  # not a number of this system: left alone, then not found
        ("[klick](x)", "[KLICK](X)"),
    ],
)
def test_typed_numbers_are_normalised(typed: str, canonical: str) -> None:
    assert normalise_number(typed) == canonical


def test_number_without_leading_zeros_verifies_but_the_code_still_counts(db: Cast) -> None:
    cert, _ = _issued(db)
    prefix, year, sequence = cert.number.split("-")
    short = f"{prefix}-{year}-{int(sequence)}"
    result = verify_certificate(short, cert.verification_code, CLIENT)
    assert (result.status, result.number) == ("valid", cert.number)
    assert verify_certificate(short, "AAAAA-AAAAA", CLIENT).status == "unknown"


def test_unknown_number_or_wrong_code(db: Cast) -> None:
    cert, _ = _issued(db)
    assert verify_certificate("SPR-1999-000001", cert.verification_code, CLIENT).status == "unknown"
    assert verify_certificate(cert.number, "AAAAA-AAAAA", CLIENT).status == "unknown"
    assert verify_certificate("<script>", "x", CLIENT).status == "unknown"
    unknown = verify_certificate(cert.number, "", CLIENT)
    assert unknown.status == "unknown" and unknown.family_name == "" and unknown.issuer == ""


def test_a_changed_field_fails_verification(db: Cast) -> None:
    cert, _ = _issued(db)
    changed = dict(cert.data or {})
    changed["levels"] = {**changed["levels"], "reading": "C1"}
    with store_db.get_engine(db.url).begin() as conn:
        conn.execute(
            text("UPDATE certificates SET data = :d WHERE id = :i"),
            {"d": json.dumps(changed), "i": cert.id},
        )
    assert verify_certificate(cert.number, cert.verification_code, CLIENT).status == "unknown"


def test_revoked_certificate_verifies_as_revoked_with_reason(db: Cast) -> None:
    cert, _ = _issued(db)
    revoke_certificate(db.counselor, cert.id, "Falsche Person eingetragen")
    result = verify_certificate(cert.number, cert.verification_code, CLIENT)
    assert result.status == "revoked" and result.label == "revoked"
    assert result.revoke_reason == "Falsche Person eingetragen"
    assert result.revoked_at is not None
    assert result.family_name == "" and result.levels == {}  # no personal data for a revoked certificate


def test_erased_learner_verifies_as_revoked_data_erased(db: Cast) -> None:
    cert, _ = _issued(db)
    learner = store.get_interview_for(db.counselor, cert.interview_id).learner
    store.erase_learner(db.dpo, found_for_request(db.dpo, learner), "Antrag vom 20.11.2026")
    result = verify_certificate(cert.number, cert.verification_code, CLIENT)
    assert result.status == "revoked" and result.label == "revoked: data erased"
    assert "gelöscht" in result.revoke_reason
    assert result.family_name == ""
    assert verify_certificate(cert.number, "AAAAA-AAAAA", CLIENT).status == "unknown"


def test_attempts_are_limited_per_client(db: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    cert, _ = _issued(db)
    monkeypatch.setenv("VERIFY_ATTEMPTS_PER_MINUTE", "3")
    get_settings.cache_clear()
    for _ in range(3):
        assert verify_certificate(cert.number, "AAAAA-AAAAA", CLIENT).status == "unknown"
    limited = verify_certificate(cert.number, cert.verification_code, CLIENT)
    assert limited.status == "limited" and 1 <= limited.retry_after_seconds <= 60
    assert verify_certificate(cert.number, cert.verification_code, "198.51.100.1").status == "valid"
    with store_db.get_engine(db.url).connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT client_hash FROM verify_attempts"))]
    assert stored and all(CLIENT not in h for h in stored)  # addresses are kept only as keyed hashes


def test_every_verification_is_audited_without_the_verifier(db: Cast) -> None:
    cert, _ = _issued(db)
    verify_certificate(cert.number, cert.verification_code, CLIENT)
    verify_certificate(cert.number, "AAAAA-AAAAA", CLIENT)
    rows, total = store.audit_log(db.admin, action="certificate.verified")
    assert total == 2
    assert sorted(r.details["result"] for r in rows) == ["unknown", "valid"]
    assert all(CLIENT not in json.dumps(r.details) and r.actor_id is None for r in rows)


def test_key_rotation_keeps_old_certificates_valid(db: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    cert, _ = _issued(db)
    monkeypatch.setenv("SECRET_KEY", "a-brand-new-secret-key")
    get_settings.cache_clear()
    assert verify_certificate(cert.number, cert.verification_code, CLIENT).status == "unknown"
    monkeypatch.setenv("OLD_SECRET_KEYS", "test-secret-key-for-certificates")
    get_settings.cache_clear()
    assert verify_certificate(cert.number, cert.verification_code, CLIENT).status == "valid"


def test_uploaded_pdf_unaltered_or_changed(db: Cast) -> None:
    cert, pdf = _issued(db)
    check = verify_pdf(pdf, CLIENT)
    assert check.found and check.unaltered and check.result.status == "valid"
    assert check.result.number == cert.number

    # one changed byte in the binary comment of line 2: still a readable PDF, but not the issued file
    at = pdf.index(b"\n") + 2
    changed = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    check = verify_pdf(changed, CLIENT)
    assert not check.unaltered
    assert check.found and check.result.number == cert.number  # recognised by its printed number and code

    check = verify_pdf(b"%PDF-1.4 not really a certificate", CLIENT)
    assert not check.found and not check.unaltered and check.result.status == "unknown"

    revoke_certificate(db.counselor, cert.id, "Widerruf zum Test")
    check = verify_pdf(pdf, CLIENT)
    assert check.unaltered and check.result.status == "revoked"


def test_attempts_older_than_an_hour_are_forgotten(db: Cast) -> None:
    cert, _ = _issued(db)
    verify_certificate(cert.number, cert.verification_code, CLIENT)
    with store_db.get_engine(db.url).begin() as conn:
        conn.execute(text("UPDATE verify_attempts SET at = :old"), {"old": "2020-01-01 00:00:00"})
    verify_certificate(cert.number, cert.verification_code, "198.51.100.9")
    with store_db.get_engine(db.url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM verify_attempts")).scalar_one() == 1
