"""Certificates: issue for approved interviews, download (reprint), revoke, and batch printing.

Provider admins see their own provider, the counseling office every provider (as far as learners
consented to sharing). Revoking is for the counseling office. All rules live in ``store.issuing``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import streamlit as st

import store
from certificates import render_many, render_zip
from schemas.vocabulary import Action, Role
from store import certificate_lists, issuing
from ui import session
from ui.counseling_filters import levels_text
from ui.text import amount, day, escape_markdown

ROLES = (Role.PROVIDER_ADMIN, Role.COUNSELOR)
ISSUED_KEY = "certificates.just_issued"  # (number, pdf bytes) of the certificate issued last
REPRINT_KEY = "certificates.reprint"  # (certificate id, pdf bytes)
COPY_KEY = "certificates.counseling_copy"  # (certificate id, pdf bytes of the counseling copy)
BATCH_KEY = "certificates.batch"  # (file name, bytes, mime)
REVOKED_KEY = "certificates.just_revoked"  # number of the certificate revoked in the previous run
REASON_HINT = "Der Grund wird bei der öffentlichen Prüfung angezeigt: bitte ohne personenbezogene Daten."
STATUS_OPTIONS = {"valid": "gültig", "revoked": "widerrufen", "all": "alle"}
READY_LIMIT = 200  # approved interviews shown at once; the search finds older ones


# --- issuing ----------------------------------------------------------------------------------------


def _issue(actor: Any, interview_id: int) -> None:
    try:
        certificate, pdf = issuing.issue_certificate(actor, interview_id)
    except (store.InvalidTransition, store.InvalidInput, store.AccessDenied, store.NotFound) as exc:
        st.error(str(exc))
        return
    st.session_state[ISSUED_KEY] = (certificate.number, pdf)


def _issue_section(actor: Any) -> None:
    issued = st.session_state.get(ISSUED_KEY)
    if issued:
        number, pdf = issued
        st.success(f"Bescheinigung {number} ausgestellt.", icon=":material/check_circle:")
        st.download_button(
            f"Bescheinigung {number} herunterladen (PDF)",
            data=pdf,
            file_name=f"{number}.pdf",
            mime="application/pdf",
            key="certificates.download_issued",
        )
    search = st.text_input(
        "Suche: Name oder Interview-Nr.",
        key="certificates.ready_search",
        max_chars=100,
        placeholder="z. B. Haddad Omar oder 97",
    )
    ready = certificate_lists.ready_for_certificate(actor, limit=READY_LIMIT, search=search)
    st.subheader(f"Bereit zur Ausstellung ({len(ready)})")
    if not ready:
        if search.strip():
            st.caption("Kein freigegebenes Interview ohne Bescheinigung passt zu dieser Suche.")
        else:
            st.caption("Keine freigegebenen Interviews ohne Bescheinigung.")
    elif len(ready) == READY_LIMIT:
        st.caption(f"Die {READY_LIMIT} zuletzt freigegebenen Interviews; ältere finden Sie über die Suche.")
    else:
        st.caption("Zuletzt freigegebene zuerst.")
    for item in ready:
        with st.container(border=True):
            text_col, action_col = st.columns([3, 1], vertical_alignment="center")
            with text_col:
                st.text(f"Interview Nr. {item.interview_id} · {item.learner_name} (geb. {day(item.birth_date)})")
                provider = escape_markdown(item.provider_name)
                st.caption(f"{provider} · freigegeben {day(item.approved_at)} · {levels_text(item.levels)}")
            if action_col.button(
                "Ausstellen", key=f"certificates.issue.{item.interview_id}", help="Bescheinigung ausstellen"
            ):
                _issue(actor, item.interview_id)
                st.rerun()


# --- issued certificates: download, revoke --------------------------------------------------------


def _status(row: Any) -> str:
    if row.data_erased:
        return "Daten gelöscht"
    return "widerrufen" if row.revoked else "gültig"


def _issued_section(actor: Any) -> None:
    rows = certificate_lists.list_certificates(actor, status="all", limit=500)
    st.subheader(f"Ausgestellte Bescheinigungen ({len(rows)})")
    if actor.role == Role.COUNSELOR:
        st.caption(
            "Die Beratungsstelle sieht nur Bescheinigungen von Lernenden, die der Weitergabe zugestimmt haben; "
            "die Auswertung zählt alle (anonym)."
        )
    if not rows:
        st.caption("Noch keine Bescheinigungen ausgestellt.")
        return
    st.dataframe(
        {
            "Nummer": [r.number for r in rows],
            "Name": [r.learner_name for r in rows],
            "Träger": [r.provider_name for r in rows],
            "Ausgestellt": [day(r.issued_at) for r in rows],
            "Status": [_status(r) for r in rows],
        },
        hide_index=True,
    )
    by_number = {r.number: r for r in rows}
    number = st.selectbox("Bescheinigung auswählen", list(reversed(by_number)), key="certificates.selected")
    row = by_number.get(number) if number else None
    if row is None:
        return
    if st.session_state.pop(REVOKED_KEY, None) == row.number:
        st.success(f"Bescheinigung {row.number} widerrufen. Das Interview kann neu bescheinigt werden.")
    st.text(f"{row.number} – {row.learner_name}, {row.provider_name}, Status: {_status(row)}")
    if row.revoked:
        st.caption(f"Widerrufen am {day(row.revoked_at)}.")
        st.text(f"Grund: {row.revoke_reason or '–'}")
        return
    if row.data_erased:
        return
    reprint = st.session_state.get(REPRINT_KEY)
    if reprint and reprint[0] == row.id:
        st.download_button(
            f"{row.number}.pdf herunterladen",
            data=reprint[1],
            file_name=f"{row.number}.pdf",
            mime="application/pdf",
            key="certificates.download_reprint",
        )
    elif st.button("PDF erzeugen (Nachdruck)", key="certificates.reprint_button"):
        st.session_state[REPRINT_KEY] = (row.id, issuing.reprint_certificate(actor, row.id))
        st.rerun()
    _counseling_copy(actor, row)
    if Action.REVOKE in store.allowed_actions(actor, row.interview_id):
        _revoke_form(actor, row)


def _counseling_copy(actor: Any, row: Any) -> None:
    """The counseling office's copy: the certificate with literacy and course recommendation, which
    certificates from guide version 2 on leave off the learner's paper (unless the deployment prints them)."""
    copy = st.session_state.get(COPY_KEY)
    if copy and copy[0] == row.id:
        st.download_button(
            f"{row.number}-beratungsstelle.pdf herunterladen",
            data=copy[1],
            file_name=f"{row.number}-beratungsstelle.pdf",
            mime="application/pdf",
            key="certificates.download_copy",
        )
    elif st.button(
        "Exemplar für die Beratungsstelle erzeugen",
        key="certificates.copy_button",
        help="Mit Alphabetisierung und Kursempfehlung; nicht für die Lernenden bestimmt.",
    ):
        st.session_state[COPY_KEY] = (row.id, issuing.reprint_certificate(actor, row.id, counseling_copy=True))
        st.rerun()


def _revoke_form(actor: Any, row: Any) -> None:
    # not cleared on submit: a refused attempt (no tick, no reason) keeps the typed reason; after a
    # revocation the form is gone anyway
    with st.form(f"certificates.revoke.{row.id}"):
        st.markdown(f"**Bescheinigung {escape_markdown(row.number)} widerrufen**")
        reason = st.text_area("Grund des Widerrufs (Pflichtfeld)", max_chars=300, key=f"certificates.reason.{row.id}")
        st.caption(REASON_HINT)
        confirmed = st.checkbox("Ich widerrufe diese Bescheinigung endgültig.", key=f"certificates.confirm.{row.id}")
        submitted = st.form_submit_button("Widerrufen")
    if not submitted:
        return
    if not (reason or "").strip():
        st.error("Bitte geben Sie den Grund des Widerrufs an.")
        return
    if not confirmed:
        st.error("Bitte bestätigen Sie den Widerruf mit dem Häkchen.")
        return
    try:
        issuing.revoke_certificate(actor, row.id, reason)
    except (store.InvalidInput, store.InvalidTransition, store.AccessDenied) as exc:
        st.error(str(exc))
        return
    st.session_state.pop(REPRINT_KEY, None)
    # Rerun so the table, the status line and the (now absent) revoke form all show the revocation.
    st.session_state[REVOKED_KEY] = row.number
    st.rerun()


# --- batch printing ---------------------------------------------------------------------------------


def _batch_section(actor: Any) -> None:
    st.subheader("Sammeldruck")
    providers = store.list_providers(actor)
    with st.form("certificates.batch_form"):
        if actor.role == Role.PROVIDER_ADMIN:
            own = next((p for p in providers if p.id == actor.provider_id), None)
            provider_id = actor.provider_id
            st.text(f"Träger: {own.name if own else '–'}")
        else:
            names = {"Alle Träger": None} | {p.name: p.id for p in providers}
            provider_id = names[st.selectbox("Träger", list(names), key="certificates.batch_provider")]
        today = date.today()
        col1, col2 = st.columns(2)
        since = col1.date_input("Ausgestellt ab", value=today - timedelta(days=30), format="DD.MM.YYYY")
        until = col2.date_input("Ausgestellt bis", value=today, format="DD.MM.YYYY")
        status = st.selectbox("Status", list(STATUS_OPTIONS), format_func=STATUS_OPTIONS.__getitem__)
        kind = st.radio("Ausgabe", ["Ein PDF (eine Seite je Bescheinigung)", "ZIP mit einzelnen PDFs"])
        submitted = st.form_submit_button("Druckdatei erstellen")
    if submitted:
        if since and until and since > until:
            st.error("„Ausgestellt ab“ liegt nach „Ausgestellt bis“.")
        else:
            _build_batch(actor, provider_id, since, until, status, as_zip=kind.startswith("ZIP"))
    batch = st.session_state.get(BATCH_KEY)
    if batch:
        name, data, mime, count = batch
        st.download_button(
            f"{name} herunterladen ({amount(count, 'Bescheinigung', 'Bescheinigungen')})",
            data=data,
            file_name=name,
            mime=mime,
            key="certificates.download_batch",
        )


def _build_batch(actor: Any, provider_id: int | None, since: Any, until: Any, status: str, *, as_zip: bool) -> None:
    st.session_state.pop(BATCH_KEY, None)
    items = certificate_lists.certificates_for_print(actor, provider_id, since, until, status)
    if not items:
        st.warning("Keine Bescheinigungen für diese Auswahl gefunden.")
        return
    bar = st.progress(0.0, text=f"0 von {len(items)} Bescheinigungen")

    def progress(done: int, total: int) -> None:
        if done == total or done % 10 == 0:
            bar.progress(done / total, text=f"{done} von {total} Bescheinigungen")

    data = (render_zip if as_zip else render_many)(items, progress=progress)
    stamp = f"{since:%Y%m%d}-{until:%Y%m%d}" if since and until else date.today().strftime("%Y%m%d")
    name = f"bescheinigungen-{stamp}.{'zip' if as_zip else 'pdf'}"
    st.session_state[BATCH_KEY] = (name, data, "application/zip" if as_zip else "application/pdf", len(items))


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Bescheinigungen")
    issue_tab, issued_tab, batch_tab = st.tabs(["Ausstellen", "Ausgestellt", "Sammeldruck"])
    with issue_tab:
        _issue_section(actor)
    with issued_tab:
        _issued_section(actor)
    with batch_tab:
        _batch_section(actor)


if __name__ == "__main__":
    render()
