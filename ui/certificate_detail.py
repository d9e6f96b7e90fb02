"""One issued certificate on the certificates page: its status, printed and handed-out record, the
counseling office's copy, reprint and revocation (``ui.certificates`` lists and searches them)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import streamlit as st

import store
from schemas.vocabulary import Action, Role
from store import issuing
from ui import navigation
from ui.text import day, escape_markdown, when

REPRINT_KEY = "certificates.reprint"  # (certificate id, pdf bytes)
COPY_KEY = "certificates.counseling_copy"  # (certificate id, pdf bytes of the counseling copy)
REVOKED_KEY = "certificates.just_revoked"  # number of the certificate revoked in the previous run
REASON_HINT = "Der Grund wird bei der öffentlichen Prüfung angezeigt: bitte ohne personenbezogene Daten."
NOTICE_KEY = "certificates.notice"  # a confirmation shown once after a rerun


def interview_link(actor: Any, interview_id: int) -> None:
    """The link from a certificate (or an interview waiting for one) to its interview: the review page for
    the counseling office, the read-only view for the provider's staff."""
    target = "pruefung" if actor.role == Role.COUNSELOR else "ansicht"
    st.page_link(
        navigation.page(target),
        label=f"Interview Nr. {interview_id} öffnen",
        query_params={"id": str(interview_id)},
        icon=":material/open_in_new:",
    )


# --- issuing ----------------------------------------------------------------------------------------


def status_label(row: Any) -> str:
    if row.data_erased:
        return "Daten gelöscht"
    return "widerrufen" if row.revoked else "gültig"


def certificate_detail(actor: Any, row: Any) -> None:
    with st.container(border=True, key=f"certificates-detail-{row.id}"):
        if st.session_state.pop(REVOKED_KEY, None) == row.number:
            st.success(f"Bescheinigung {row.number} widerrufen. Das Interview kann neu bescheinigt werden.")
        st.text(f"{row.number} – {row.learner_name}, {row.provider_name}, Status: {status_label(row)}")
        st.caption(f"Ausgestellt am {day(row.issued_at)}" + (f" von {row.issued_by}" if row.issued_by else ""))
        interview_link(actor, row.interview_id)
        if row.revoked:
            st.caption(f"Widerrufen am {day(row.revoked_at)}.")
            st.text(f"Grund: {row.revoke_reason or '–'}")
            return
        if row.data_erased:
            return
        _printed_and_handed_out(actor, row)
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


def _printed_and_handed_out(actor: Any, row: Any) -> None:
    """The certificate's paper trail: printed (when, by whom) and handed out to the learner (the day,
    recorded by whom), each with the button that records it or takes it back."""
    printed_col, handed_col = st.columns(2)
    with printed_col:
        if row.printed_at:
            st.markdown(
                f"**Gedruckt** am {when(row.printed_at)}"
                + (f" von {escape_markdown(row.printed_by)}" if row.printed_by else "")
            )
            if st.button("Druckvermerk zurücknehmen", key=f"certificates.unprint.{row.id}"):
                _record(
                    lambda: issuing.record_printed(actor, row.id, printed=False),
                    f"{row.number}: Druckvermerk zurückgenommen.",
                )
        else:
            st.markdown("**Noch nicht gedruckt**")
            if st.button("Als gedruckt vermerken", key=f"certificates.print.{row.id}", icon=":material/print:"):
                _record(lambda: issuing.record_printed(actor, row.id), f"{row.number} als gedruckt vermerkt.")
    with handed_col:
        if row.handed_out_on:
            st.markdown(
                f"**Ausgehändigt** am {day(row.handed_out_on)}"
                + (f" (eingetragen von {escape_markdown(row.handed_out_by)})" if row.handed_out_by else "")
            )
            if st.button("Aushändigung zurücknehmen", key=f"certificates.unhand.{row.id}"):
                _record(
                    lambda: issuing.record_handed_out(actor, row.id, None),
                    f"{row.number}: Aushändigung zurückgenommen.",
                )
        else:
            st.markdown("**Noch nicht ausgehändigt**")
            today = datetime.now(UTC).date()
            on = st.date_input(
                "Ausgehändigt am",
                value=today,
                min_value=row.issued_at.date(),
                max_value=today,
                format="DD.MM.YYYY",
                key=f"certificates.handed_on.{row.id}",
            )
            if st.button("Aushändigung eintragen", key=f"certificates.hand.{row.id}", icon=":material/how_to_reg:"):
                _record(
                    lambda: issuing.record_handed_out(actor, row.id, on if isinstance(on, date) else today),
                    f"{row.number}: Aushändigung am {day(on)} eingetragen.",
                )


def _record(action: Any, notice: str) -> None:
    try:
        action()
    except (store.InvalidInput, store.InvalidTransition, store.AccessDenied, store.NotFound) as exc:
        st.error(str(exc))
        return
    st.session_state[NOTICE_KEY] = notice
    st.rerun()


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
