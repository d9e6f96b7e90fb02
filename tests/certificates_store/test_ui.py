"""The verification page and the certificates page in Streamlit's AppTest (in-process, real database)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

import store
from store import sessions as store_sessions
from store.certificate_lists import list_certificates
from store.issuing import issue_certificate, revoke_certificate
from tests.certificates_store.conftest import approved_interview
from tests.store.conftest import Cast

ROOT = Path(__file__).resolve().parents[2]
VERIFY_PAGE = str(ROOT / "ui" / "verify.py")
CERTIFICATES_PAGE = str(ROOT / "ui" / "certificates.py")
APP = str(ROOT / "streamlit_app.py")


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("success", "error", "warning", "info") for e in getattr(at, kind)]
    parts += [t.value for t in at.text] + [m.value for m in at.markdown]
    for table in at.table:
        parts.append(table.value.to_string())
    return "\n".join(str(p) for p in parts)


def _verify_page(**params: str) -> AppTest:
    at = AppTest.from_file(VERIFY_PAGE, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_qr_link_fills_the_fields_and_shows_the_valid_result(db: Cast) -> None:
    cert, _ = issue_certificate(db.counselor, approved_interview(db, family="Dvořák", given="Jiří").id)
    at = _verify_page(verify=cert.number, code=cert.verification_code)
    assert not at.exception
    assert at.text_input(key="verify.number").value == cert.number
    assert at.text_input(key="verify.code").value == cert.verification_code
    assert len(at.success) == 1 and "gültig" in at.success[0].value
    shown = _texts(at)
    assert "Dvořák" in shown and "Jiří" in shown and "14.03.1991" in shown and "VHS Musterstadt" in shown


def test_typed_wrong_code_is_unknown_and_revoked_is_red_with_reason(db: Cast) -> None:
    cert, _ = issue_certificate(db.counselor, approved_interview(db).id)
    at = _verify_page()
    assert [t.label for t in at.text_input] == ["Bescheinigungsnummer", "Prüfcode"]
    at.text_input(key="verify.number").input(cert.number)
    at.text_input(key="verify.code").input("AAAAA-AAAAA")
    at.button[0].click().run()
    assert "unbekannt" in at.warning[0].value and not at.success

    revoke_certificate(db.counselor, cert.id, "Prüfung wiederholt")
    at = _verify_page(verify=cert.number, code=cert.verification_code)
    assert len(at.error) == 1
    assert "widerrufen" in at.error[0].value and "Prüfung wiederholt" in at.error[0].value
    assert "Yılmaz" not in _texts(at)


def _results(at: AppTest) -> list[str]:
    """The coloured result boxes on the page, top to bottom by kind."""
    return [e.value for kind in ("success", "error", "warning") for e in getattr(at, kind)]


def test_each_check_replaces_the_previous_result(db: Cast) -> None:
    cert, pdf = issue_certificate(db.counselor, approved_interview(db).id)
    at = _verify_page()
    at.text_input(key="verify.number").input("SPR-2026-999999")
    at.text_input(key="verify.code").input(cert.verification_code)
    at.button(key="FormSubmitter:verify.form-Prüfen").click().run()
    assert len(_results(at)) == 1 and "unbekannt" in at.warning[0].value

    at.file_uploader(key="verify.pdf").set_value(("bescheinigung.pdf", pdf, "application/pdf"))
    at.button(key="FormSubmitter:verify.pdf_form-PDF prüfen").click().run()
    assert not at.exception
    assert "Datei unverändert" in at.info[0].value
    assert len(_results(at)) == 1 and "gültig" in at.success[0].value  # the "unbekannt" box is gone

    at.text_input(key="verify.code").input("AAAAA-AAAAA")
    at.button(key="FormSubmitter:verify.form-Prüfen").click().run()
    assert len(_results(at)) == 1 and "unbekannt" in at.warning[0].value  # and now the "gültig" box is gone
    assert not at.info and "Yılmaz" not in _texts(at)


def test_number_without_leading_zeros_is_checked_like_the_printed_one(db: Cast) -> None:
    cert, _ = issue_certificate(db.counselor, approved_interview(db).id)
    prefix, year, sequence = cert.number.split("-")
    at = _verify_page()
    at.text_input(key="verify.number").input(f"{prefix.lower()} {year}-{int(sequence)}")  # "spr 2026-1"
    at.text_input(key="verify.code").input(cert.verification_code)
    at.button(key="FormSubmitter:verify.form-Prüfen").click().run()
    assert len(at.success) == 1 and "gültig" in at.success[0].value
    assert cert.number in at.success[0].value.replace("\\", "")  # the canonical number is shown


def test_markup_in_a_typed_number_is_not_rendered(db: Cast) -> None:
    at = _verify_page(verify="[klick](https://evil.example)", code="AAAAA-AAAAA")
    assert "unbekannt" in at.warning[0].value
    assert "https://evil.example" not in _texts(at).replace("\\", "")  # typed text is never echoed as a link


def _certificates_page(actor: store.Actor) -> AppTest:
    """The real app (its navigation registers the pages the certificates page links to), logged in as
    ``actor``, on the certificates page."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["auth.user_id"] = actor.id
    at.session_state["auth.actor"] = actor
    at.session_state["auth.session_id"] = store_sessions.start_session(actor).session_id  # as a sign-in does
    at.run()
    at.switch_page("ui/certificates.py")
    return at.run()


def test_certificates_page_refuses_interviewers(db: Cast) -> None:
    at = _certificates_page(db.interviewer_a)
    assert "nicht freigegeben" in at.error[0].value
    assert [b.key for b in at.button] == ["shell.logout"]  # only the app shell's


def test_provider_admin_issues_and_downloads(db: Cast) -> None:
    iv = approved_interview(db)
    approved_interview(db, actor=db.interviewer_b, family="Andere")  # another provider's: not listed
    at = _certificates_page(db.padmin_a)
    assert not at.exception
    issue_buttons = [b for b in at.button if b.key and b.key.startswith("certificates.issue.")]
    assert [b.key for b in issue_buttons] == [f"certificates.issue.{iv.id}"]
    issue_buttons[0].click().run()
    assert not at.exception
    (cert,) = list_certificates(db.padmin_a)
    assert any(cert.number in s.value for s in at.success)
    assert store.get_interview_for(db.padmin_a, iv.id).status == "certificate_issued"
    assert not [b for b in at.button if b.key and b.key.startswith("certificates.issue.")]
    # provider admins may not revoke: no revoke form for them
    assert not [b for b in at.button if b.label == "Widerrufen"]


def test_counselor_revokes_with_reason(db: Cast) -> None:
    cert, _ = issue_certificate(db.counselor, approved_interview(db).id)
    at = _certificates_page(db.counselor)
    # the only certificate opens at once (no select box: a search finds one among many)
    assert any(t.value.startswith(f"{cert.number} – ") for t in at.text)
    revoke = next(b for b in at.button if b.label == "Widerrufen")
    revoke.click().run()  # no reason, not confirmed
    assert [e.value for e in at.error] == ["Bitte geben Sie den Grund des Widerrufs an."]
    assert not list_certificates(db.counselor, status="revoked")

    at.text_area(key=f"certificates.reason.{cert.id}").input("Name falsch geschrieben")
    next(b for b in at.button if b.label == "Widerrufen").click().run()  # reason, but no tick
    assert [e.value for e in at.error] == ["Bitte bestätigen Sie den Widerruf mit dem Häkchen."]
    assert at.text_area(key=f"certificates.reason.{cert.id}").value == "Name falsch geschrieben"  # still there
    at.checkbox(key=f"certificates.confirm.{cert.id}").check()
    next(b for b in at.button if b.label == "Widerrufen").click().run()
    assert not at.exception
    (revoked,) = list_certificates(db.counselor, status="revoked")
    assert revoked.revoke_reason == "Name falsch geschrieben"
    # the page shows the revocation at once, not only after the next page load
    assert any(f"Bescheinigung {cert.number} widerrufen" in s.value for s in at.success)
    status_line = next(t.value for t in at.text if t.value.startswith(cert.number))
    assert status_line.endswith("Status: widerrufen")
    assert f"Widerrufen am {revoked.revoked_at:%d.%m.%Y}." in [c.value for c in at.caption]
    assert "Grund: Name falsch geschrieben" in [t.value for t in at.text]
    assert not [b for b in at.button if b.label == "Widerrufen"]  # no second revoke form
    assert list(at.dataframe[0].value["Status"]) == ["widerrufen"]


def test_revoke_form_says_visibly_that_the_reason_is_public(db: Cast) -> None:
    issue_certificate(db.counselor, approved_interview(db).id)
    at = _certificates_page(db.counselor)
    captions = [c.value for c in at.caption]
    assert any("öffentlichen Prüfung angezeigt" in c and "ohne personenbezogene Daten" in c for c in captions)


@pytest.mark.parametrize("kind", ["pdf", "zip"])
def test_batch_printing_offers_the_file(db: Cast, kind: str) -> None:
    for c in "AB":
        issue_certificate(db.counselor, approved_interview(db, family=f"Person {c}").id)
    at = _certificates_page(db.counselor)
    if kind == "zip":
        at.radio(key="certificates.batch_kind").set_value("ZIP mit einzelnen PDFs")
    next(b for b in at.button if b.label == "Druckdatei erstellen").click().run()
    assert not at.exception
    batch = at.session_state["certificates.batch"]
    assert batch[0].endswith(f".{kind}") and batch[3] == 2


def test_download_again_gives_the_issued_pdf(db: Cast) -> None:
    import hashlib

    cert, pdf = issue_certificate(db.padmin_a, approved_interview(db).id)
    at = _certificates_page(db.padmin_a)
    next(b for b in at.button if b.key == "certificates.reprint_button").click().run()
    assert not at.exception
    certificate_id, reprint = at.session_state["certificates.reprint"]
    assert certificate_id == cert.id and reprint == pdf
    assert hashlib.sha256(reprint).hexdigest() == cert.pdf_sha256


def test_the_counseling_copy_is_offered_beside_the_reprint(db: Cast) -> None:
    cert, pdf = issue_certificate(db.counselor, approved_interview(db).id)
    at = _certificates_page(db.counselor)
    next(b for b in at.button if b.key == "certificates.copy_button").click().run()
    assert not at.exception
    certificate_id, copy = at.session_state["certificates.counseling_copy"]
    assert certificate_id == cert.id and copy != pdf
    text = PdfReader(io.BytesIO(copy)).pages[0].extract_text() or ""
    assert "Exemplar für die Beratungsstelle" in text and "Kursempfehlung" in text
    labels = [b.proto.label for b in at.get("download_button")]
    assert f"{cert.number}-beratungsstelle.pdf herunterladen" in labels


def test_provider_admin_batch_prints_only_own_certificates(db: Cast) -> None:
    issue_certificate(db.counselor, approved_interview(db, family="Eigene").id)
    issue_certificate(db.counselor, approved_interview(db, actor=db.interviewer_b, family="Fremde").id)
    at = _certificates_page(db.padmin_a)
    assert "certificates.batch_provider" not in [s.key for s in at.selectbox]  # no provider choice for them
    next(b for b in at.button if b.label == "Druckdatei erstellen").click().run()
    assert not at.exception
    _, data, _, count = at.session_state["certificates.batch"]
    assert count == 1
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text() or ""
    assert "Eigene" in text and "Fremde" not in text


def _issue_rows(at: AppTest) -> list[str]:
    """The issue list's rows as shown: 'Interview Nr. … · Name (geb. …)', top to bottom."""
    return [t.value for t in at.text if t.value.startswith("Interview Nr. ")]


def test_issue_list_shows_the_interview_number_newest_first_and_filters(db: Cast) -> None:
    first = approved_interview(db, family="Erste", given="Anna")
    second = approved_interview(db, family="Zweite", given="Berta")
    third = approved_interview(db, family="Dritte", given="Clara")
    at = _certificates_page(db.counselor)
    assert not at.exception
    rows = _issue_rows(at)
    assert [row.split(" · ")[0] for row in rows] == [f"Interview Nr. {iv.id}" for iv in (third, second, first)]
    assert "Dritte, Clara" in rows[0]

    at.text_input(key="certificates.ready_search").input("zweite").run()
    assert [row.split(" · ")[0] for row in _issue_rows(at)] == [f"Interview Nr. {second.id}"]
    at.text_input(key="certificates.ready_search").input(f"Nr. {first.id}").run()
    assert [row.split(" · ")[0] for row in _issue_rows(at)] == [f"Interview Nr. {first.id}"]
    at.text_input(key="certificates.ready_search").input("Niemand").run()
    assert _issue_rows(at) == [] and any("passt zu dieser Suche" in c.value for c in at.caption)


def test_provider_admin_cannot_find_another_providers_interview_by_number(db: Cast) -> None:
    own = approved_interview(db, family="Eigene")
    other = approved_interview(db, actor=db.interviewer_b, family="Fremde")
    at = _certificates_page(db.padmin_a)
    assert [row.split(" · ")[0] for row in _issue_rows(at)] == [f"Interview Nr. {own.id}"]
    at.text_input(key="certificates.ready_search").input(str(other.id)).run()
    assert not at.exception
    assert _issue_rows(at) == [] and "Fremde" not in _texts(at)
