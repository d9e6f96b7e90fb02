"""Public page: check a certificate by number and code, or by uploading its PDF. No login needed.

The QR code on every certificate opens ``<PUBLIC_URL>?verify=<number>&code=<code>``: the fields are
filled from the address and checked at once. Results are worded (gültig / widerrufen / unbekannt),
not only coloured, and everything taken from the certificate is shown as plain text.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from schemas.vocabulary import Skill
from ui.client import current_client
from ui.text import day, escape_html, escape_markdown

NUMBER_KEY = "verify.number"
CODE_KEY = "verify.code"
# The latest check only, as (where, outcome): where is "code" (the number form) or "pdf" (the upload);
# outcome a VerificationResult, a PdfCheck or an input error message. Each check replaces it, so the
# page never shows two results at once.
RESULT_KEY = "verify.result"
AUTO_KEY = "verify.auto_checked"
PDF_MAX_MB = 5  # security.uploads.MAX_PDF_BYTES; an issued certificate has well under 1 MB
PDF_TOO_BIG = (
    f"PDF-Datei: größer als {PDF_MAX_MB} MB und damit keine Bescheinigung dieses Systems (eine Bescheinigung "
    "hat weniger als 1 MB). Bitte die ausgestellte PDF-Datei hochladen oder Nummer und Prüfcode eingeben."
)


def client_key() -> str:
    """The client's address for the attempt limit: the peer, or a trusted proxy's X-Real-IP (ui.client)."""
    return current_client()


def _public_url() -> str:
    import store

    try:
        return str(store.get_app_settings().get("public_url", ""))
    except store.DatabaseUnavailable:
        return ""


def _show_valid(result: Any) -> None:
    if result.specimen:
        st.warning(
            "**Muster – Beispieldaten.** Diese Bescheinigung wurde aus Demo-Daten erstellt (auf dem Papier steht "
            "„MUSTER“) und bescheinigt keine wirkliche Person.",
            icon=":material/science:",
        )
    st.success(
        f"**Ergebnis: gültig.** Die Bescheinigung {escape_markdown(result.number)} wurde von diesem System "
        "ausgestellt, ihre Angaben sind unverändert und sie ist nicht widerrufen.",
        icon=":material/verified:",
    )
    rows = [
        ("Familienname", result.family_name),
        ("Vorname(n)", result.given_names or "–"),
        ("Geburtsdatum", day(result.birth_date)),
        *((Skill.label_of(skill), level) for skill, level in result.levels.items()),
        ("Ausgestellt von", result.issuer),
        ("Ausgestellt am", day(result.issued_on)),
        ("Datum des Gesprächs", day(result.interview_date)),
    ]
    st.table({"Angabe": [r[0] for r in rows], "Wert": [str(r[1]) for r in rows]})
    st.caption("Vergleichen Sie diese Angaben mit dem Papier. Weichen sie ab, ist das Papier verändert worden.")


def _show_result(result: Any) -> None:
    if result.status == "valid":
        _show_valid(result)
    elif result.status == "revoked":
        reason = escape_markdown(result.revoke_reason or "–")
        when = f" am {day(result.revoked_at)}" if result.revoked_at else ""
        heading = "widerrufen (Daten gelöscht)" if result.data_erased else "widerrufen"
        st.error(
            f"**Ergebnis: {heading}.** Die Bescheinigung {escape_markdown(result.number)} "
            f"(ausgestellt von {escape_markdown(result.issuer)} am {day(result.issued_on)}) wurde{when} "
            f"widerrufen und ist nicht mehr gültig.  \nGrund: {reason}",
            icon=":material/cancel:",
        )
    elif result.status == "limited":
        st.warning(
            f"**Zu viele Versuche.** Bitte warten Sie {result.retry_after_seconds} Sekunden "
            "und prüfen Sie dann erneut.",
            icon=":material/hourglass_top:",
        )
    else:
        st.warning(
            "**Ergebnis: unbekannt.** Zu dieser Nummer und diesem Prüfcode gibt es keine gültige Bescheinigung. "
            "Bitte prüfen Sie Ihre Eingabe. Stimmt sie mit dem Papier überein, ist die Bescheinigung nicht echt "
            "oder ihre Angaben wurden verändert.",
            icon=":material/help:",
        )


def _check(number: str, code: str) -> None:
    from store.verification import verify_certificate

    if not number.strip() or not code.strip():
        outcome: Any = "Bitte Bescheinigungsnummer und Prüfcode eingeben, wie sie auf der Bescheinigung stehen."
    else:
        outcome = verify_certificate(number, code, client_key())
    st.session_state[RESULT_KEY] = ("code", outcome)


def _check_pdf(upload: Any) -> None:
    from security.uploads import MAX_PDF_BYTES
    from store.verification import verify_pdf

    if upload is None:
        outcome: Any = "Bitte zuerst eine PDF-Datei auswählen."
    elif upload.size > MAX_PDF_BYTES:  # refused before anything reads it
        outcome = PDF_TOO_BIG
    else:
        outcome = verify_pdf(upload.getvalue(), client_key())
    st.session_state[RESULT_KEY] = ("pdf", outcome)


def _auto_check() -> None:
    """A QR link (``?verify=..&code=..``) fills the fields and is checked once per session."""
    number = st.query_params.get("verify", "")
    code = st.query_params.get("code", "")
    if not number or st.session_state.get(AUTO_KEY) == (number, code):
        return
    st.session_state[AUTO_KEY] = (number, code)
    st.session_state[NUMBER_KEY] = number[:60]
    st.session_state[CODE_KEY] = code[:30]
    if code:
        _check(number, code)


def _pdf_form() -> tuple[bool, Any]:
    st.subheader("PDF-Datei prüfen")
    st.markdown(
        "Haben Sie die Bescheinigung als PDF-Datei erhalten? Laden Sie sie hier hoch: Sie erfahren, ob es genau "
        "die ausgestellte Datei ist. Die Datei wird nur geprüft, nicht gespeichert."
    )
    with st.form("verify.pdf_form"):
        upload = st.file_uploader(
            "Bescheinigung als PDF-Datei", type=["pdf"], key="verify.pdf", max_upload_size=PDF_MAX_MB
        )
        submitted = st.form_submit_button("PDF prüfen")
    return submitted, upload


def _show_pdf_check(check: Any) -> None:
    if check.result.status == "limited":
        _show_result(check.result)
    elif check.unaltered:
        st.info(
            "**Datei unverändert:** Sie stimmt Byte für Byte mit der ausgestellten Bescheinigung überein.",
            icon=":material/task:",
        )
        _show_result(check.result)
    elif check.found:
        st.warning(
            "**Datei nicht unverändert:** Diese Datei ist nicht die ausgestellte PDF-Datei (sie wurde verändert "
            "oder neu gespeichert). Die darin gedruckte Nummer mit Prüfcode ergibt:",
            icon=":material/warning:",
        )
        _show_result(check.result)
    else:
        st.warning(
            "**Keine Bescheinigung erkannt:** Diese Datei ist keine von diesem System ausgestellte Bescheinigung, "
            "oder sie wurde verändert.",
            icon=":material/help:",
        )


def _show_latest(code_slot: Any, pdf_slot: Any) -> None:
    """The latest check's outcome, under the form it came from."""
    latest = st.session_state.get(RESULT_KEY)
    if latest is None:
        return
    where, outcome = latest
    with code_slot if where == "code" else pdf_slot:
        if isinstance(outcome, str):
            st.error(outcome)
        elif where == "pdf":
            _show_pdf_check(outcome)
        else:
            _show_result(outcome)


def render() -> None:
    st.title("Bescheinigung prüfen")
    st.markdown(
        "Prüfen Sie hier, ob eine *Bescheinigung über die Sprachstandsfeststellung* echt und gültig ist. "
        "Geben Sie die **Bescheinigungsnummer** und den **Prüfcode** ein, wie sie unten auf der Bescheinigung "
        "stehen, oder scannen Sie ihren QR-Code."
    )
    official = _public_url()
    if official:
        # plain text, not an automatic link: this page is that address, and a link inside a caption is
        # drawn faded (3.1:1 against white, below WCAG AA)
        st.html(f'<p class="section-help">Offizielle Prüfadresse: {escape_html(official)} – prüfen Sie nur hier.</p>')
    _auto_check()
    with st.form("verify.form"):
        st.text_input("Bescheinigungsnummer", key=NUMBER_KEY, placeholder="z. B. SPR-2026-000123", max_chars=60)
        st.text_input("Prüfcode", key=CODE_KEY, placeholder="z. B. 7K2QX-M9D4T", max_chars=30)
        submitted = st.form_submit_button("Prüfen", type="primary")
    code_slot = st.container()
    st.divider()
    pdf_submitted, upload = _pdf_form()
    pdf_slot = st.container()
    # Both forms are drawn before either result: a check in one form must replace the other's result
    # in this very run, not only in the next one.
    if submitted:
        _check(st.session_state.get(NUMBER_KEY, ""), st.session_state.get(CODE_KEY, ""))
    elif pdf_submitted:
        _check_pdf(upload)
    _show_latest(code_slot, pdf_slot)


if __name__ == "__main__":
    render()
