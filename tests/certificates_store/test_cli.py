"""manage.py verify / print-certificates / issue-certificate against a real database."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

import manage
from store import db as store_db
from store.issuing import issue_certificate
from tests.certificates_store.conftest import approved_interview
from tests.store.conftest import Cast


def _run(db: Cast, *argv: str) -> int:
    try:
        return manage.main([*argv, "--database-url", db.url])
    finally:
        store_db.configure(db.url)  # the command resets the store's database on exit


def test_verify_prints_status_first_and_exits_0_only_when_valid(db: Cast, capsys: pytest.CaptureFixture[str]) -> None:
    cert, _ = issue_certificate(db.counselor, approved_interview(db, family="Popescu", given="Ștefan").id)
    assert _run(db, "verify", cert.number, cert.verification_code) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "valid" and "Name: Popescu, Ștefan" in out

    assert _run(db, "verify", cert.number, "AAAAA-AAAAA") == 1
    assert capsys.readouterr().out.splitlines()[0] == "unknown"

    revoke = ["revoke-certificate", cert.number.lower(), "--reason", "Doppelt ausgestellt", "--as"]
    assert _run(db, *revoke, "paula") == 2  # provider admins do not revoke
    assert _run(db, "revoke-certificate", "SPR-1999-000001", "--reason", "x", "--as", "beratung") == 2
    assert _run(db, *revoke, "beratung") == 0
    capsys.readouterr()
    assert _run(db, "verify", cert.number, cert.verification_code) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "revoked" and "Grund: Doppelt ausgestellt" in out


def test_print_certificates_pdf_with_one_page_each_and_zip(db: Cast, tmp_path: Path) -> None:
    issued = [issue_certificate(db.counselor, approved_interview(db, family=f"Person {c}").id) for c in "ABC"]
    other = approved_interview(db, actor=db.interviewer_b, family="Andere")
    issue_certificate(db.counselor, other.id)

    out = tmp_path / "alle.pdf"
    assert _run(db, "print-certificates", "--provider", "VHS Musterstadt", "--out", str(out)) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    texts = [page.extract_text() or "" for page in reader.pages]
    assert [any(cert.number in t for t in texts) for cert, _ in issued] == [True, True, True]
    assert not any("Andere" in t for t in texts)

    archive = tmp_path / "alle.zip"
    assert _run(db, "print-certificates", "--provider", str(db.provider_a), "--zip", "--out", str(archive)) == 0
    with zipfile.ZipFile(archive) as z:
        names = sorted(z.namelist())
        assert names == sorted(f"{cert.number}.pdf" for cert, _ in issued)
        for cert, _ in issued:
            single = z.read(f"{cert.number}.pdf")
            assert hashlib.sha256(single).hexdigest() == cert.pdf_sha256  # each file is the issued PDF
            assert len(PdfReader(io.BytesIO(single)).pages) == 1


def test_print_certificates_refuses_an_empty_selection(
    db: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issue_certificate(db.counselor, approved_interview(db).id)
    out = tmp_path / "x.pdf"
    assert _run(db, "print-certificates", "--since", "2099-01-01", "--out", str(out)) == 2
    assert "Keine Bescheinigungen" in capsys.readouterr().err
    assert not out.exists()


def test_issue_certificate_command(db: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    iv = approved_interview(db)
    out = tmp_path / "b.pdf"
    assert _run(db, "issue-certificate", str(iv.id), "--as", "paula", "--out", str(out)) == 0
    assert len(PdfReader(out).pages) == 1
    assert "ausgestellt" in capsys.readouterr().out
    assert _run(db, "issue-certificate", str(iv.id), "--as", "ina", "--out", str(out)) == 2  # an interviewer
    assert "Berechtigung" in capsys.readouterr().err
