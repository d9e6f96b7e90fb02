"""Certificates: issue for approved interviews, download (reprint), revoke, and batch printing.

Provider admins see their own provider, the counseling office every provider (as far as learners
consented to sharing). Revoking is for the counseling office. All rules live in ``store.issuing``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import streamlit as st

import store
from certificates import render_many, render_zip
from schemas.vocabulary import Action, Role
from store import certificate_lists, issuing
from ui import navigation, session
from ui.counseling_filters import levels_text, skill_legend
from ui.text import amount, day, escape_markdown, when

ROLES = (Role.PROVIDER_ADMIN, Role.COUNSELOR)
ISSUED_KEY = "certificates.just_issued"  # (number, pdf bytes) of the certificate issued last
REPRINT_KEY = "certificates.reprint"  # (certificate id, pdf bytes)
COPY_KEY = "certificates.counseling_copy"  # (certificate id, pdf bytes of the counseling copy)
BATCH_KEY = "certificates.batch"  # (file name, bytes, mime)
REVOKED_KEY = "certificates.just_revoked"  # number of the certificate revoked in the previous run
REASON_HINT = "Der Grund wird bei der öffentlichen Prüfung angezeigt: bitte ohne personenbezogene Daten."
STATUS_OPTIONS = {"valid": "gültig", "revoked": "widerrufen", "all": "alle"}
READY_LIMIT = 200  # approved interviews shown at once; the search finds older ones
ISSUED_LIMIT = 50  # issued certificates shown at once, newest first; the search finds the others
NOTICE_KEY = "certificates.notice"  # a confirmation shown once after a rerun
PRINTED_FILTER = {"all": "Alle", "not_printed": "Noch nicht gedruckt", "printed": "Gedruckt"}
PRINTED_VALUE = {"all": None, "not_printed": False, "printed": True}


def _interview_link(actor: Any, interview_id: int) -> None:
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
    if ready:
        st.caption(f"Niveaus: {skill_legend()}")
    for item in ready:
        with st.container(border=True):
            text_col, action_col = st.columns([3, 1], vertical_alignment="center")
            with text_col:
                st.text(f"Interview Nr. {item.interview_id} · {item.learner_name} (geb. {day(item.birth_date)})")
                provider = escape_markdown(item.provider_name)
                st.caption(f"{provider} · freigegeben {day(item.approved_at)} · {levels_text(item.levels)}")
                _interview_link(actor, item.interview_id)
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


def _issued_table(actor: Any, rows: list[Any], key: str) -> Any:
    """The certificates found, newest first; a row chosen in the table opens it below. Who printed and
    who recorded the hand-over stand in the opened certificate (the table stays readable at 820 px)."""
    columns: dict[str, list[Any]] = {
        "Nummer": [r.number for r in rows],
        "Name": [r.learner_name for r in rows],
    }
    if actor.role == Role.COUNSELOR:  # provider staff see only their own provider's
        columns["Träger"] = [r.provider_name for r in rows]
    columns |= {
        "Ausgestellt": [day(r.issued_at) for r in rows],
        "Status": [_status(r) for r in rows],
        "Gedruckt": [day(r.printed_at) for r in rows],
        "Ausgehändigt": [day(r.handed_out_on) for r in rows],
    }
    return st.dataframe(
        columns,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
        column_config={
            "Nummer": st.column_config.TextColumn(width=128),
            "Name": st.column_config.TextColumn(width=150),
            "Träger": st.column_config.TextColumn(width=120),
            "Ausgestellt": st.column_config.TextColumn(width=88),
            "Status": st.column_config.TextColumn(width=70),
            "Gedruckt": st.column_config.TextColumn(width=88),
            "Ausgehändigt": st.column_config.TextColumn(width=100),
        },
    )


def _issued_section(actor: Any) -> None:
    st.subheader("Ausgestellte Bescheinigungen")
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.success(notice, icon=":material/check_circle:")
    if actor.role == Role.COUNSELOR:
        st.caption(
            "Die Beratungsstelle sieht nur Bescheinigungen von Lernenden, die der Weitergabe zugestimmt haben; "
            "die Auswertung zählt alle (anonym)."
        )
    search_col, filter_col = st.columns([3, 2], vertical_alignment="bottom")
    search = search_col.text_input(
        "Suche: Name, Bescheinigungs- oder Interview-Nr.",
        key="certificates.issued_search",
        max_chars=100,
        placeholder="z. B. Haddad Omar, SPR-2026-000024 oder 24",
    )
    printed = filter_col.radio(
        "Druck",
        list(PRINTED_FILTER),
        format_func=PRINTED_FILTER.__getitem__,
        key="certificates.printed_filter",
        horizontal=True,
    )
    rows = certificate_lists.list_certificates(
        actor,
        status="all",
        limit=ISSUED_LIMIT,
        printed=PRINTED_VALUE[str(printed)],
        search=search,
        newest_first=True,
    )
    if not rows:
        if search.strip() or printed != "all":
            st.caption("Keine Bescheinigung passt zu dieser Suche.")
        else:
            st.caption("Noch keine Bescheinigungen ausgestellt.")
        return
    found = amount(len(rows), "Bescheinigung", "Bescheinigungen")
    if len(rows) == ISSUED_LIMIT:
        st.caption(f"Die {ISSUED_LIMIT} neuesten Treffer; ältere finden Sie über die Suche (Name oder Nummer).")
    else:
        st.caption(f"{found}, neueste zuerst.")
    if printed == "not_printed":
        st.caption("Im Reiter „Sammeldruck“ drucken Sie alle noch nicht gedruckten auf einmal.")
    digest = hashlib.sha256(",".join(str(r.id) for r in rows).encode()).hexdigest()[:10]
    event = _issued_table(actor, rows, key=f"certificates.issued_table.{digest}")
    chosen = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if chosen and chosen[0] < len(rows):
        row = rows[chosen[0]]
    elif len(rows) == 1:
        row = rows[0]
    else:
        st.caption("Wählen Sie eine Zeile, oder suchen Sie nach Name oder Nummer, um eine Bescheinigung zu öffnen.")
        return
    _certificate_detail(actor, row)


def _certificate_detail(actor: Any, row: Any) -> None:
    with st.container(border=True, key=f"certificates-detail-{row.id}"):
        if st.session_state.pop(REVOKED_KEY, None) == row.number:
            st.success(f"Bescheinigung {row.number} widerrufen. Das Interview kann neu bescheinigt werden.")
        st.text(f"{row.number} – {row.learner_name}, {row.provider_name}, Status: {_status(row)}")
        st.caption(f"Ausgestellt am {day(row.issued_at)}" + (f" von {row.issued_by}" if row.issued_by else ""))
        _interview_link(actor, row.interview_id)
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


def _batch_section(actor: Any) -> None:
    st.subheader("Sammeldruck")
    waiting = certificate_lists.count_certificates(actor, printed=False)
    if waiting:
        st.info(f"{amount(waiting, 'gültige Bescheinigung ist', 'gültige Bescheinigungen sind')} noch nicht gedruckt.")
    else:
        st.caption("Alle gültigen Bescheinigungen sind gedruckt.")
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
        # empty by default: the batch of the not yet printed must not miss an older one
        since = col1.date_input("Ausgestellt ab (leer: alle)", value=None, format="DD.MM.YYYY")
        until = col2.date_input("Ausgestellt bis", value=today, format="DD.MM.YYYY")
        status = st.selectbox("Status", list(STATUS_OPTIONS), format_func=STATUS_OPTIONS.__getitem__)
        not_printed = st.checkbox(
            "Nur noch nicht gedruckte",
            value=True,
            key="certificates.batch_not_printed",
            help="Gültige Bescheinigungen in der Druckdatei werden als gedruckt vermerkt.",
        )
        kind = st.radio(
            "Ausgabe",
            ["Ein PDF (eine Seite je Bescheinigung)", "ZIP mit einzelnen PDFs"],
            key="certificates.batch_kind",
        )
        submitted = st.form_submit_button("Druckdatei erstellen")
    st.caption("Gültige Bescheinigungen in der Druckdatei gelten danach als gedruckt (mit Datum und Ihrem Namen).")
    if submitted:
        if since and until and since > until:
            st.error("„Ausgestellt ab“ liegt nach „Ausgestellt bis“.")
        else:
            _build_batch(
                actor, provider_id, since, until, status, as_zip=kind.startswith("ZIP"), not_printed=bool(not_printed)
            )
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


def _build_batch(
    actor: Any, provider_id: int | None, since: Any, until: Any, status: str, *, as_zip: bool, not_printed: bool
) -> None:
    st.session_state.pop(BATCH_KEY, None)
    items = certificate_lists.certificates_for_print(
        actor, provider_id, since, until, status, printed=False if not_printed else None
    )
    if not items:
        if not_printed:
            st.warning("Keine noch nicht gedruckten Bescheinigungen für diese Auswahl gefunden.")
        else:
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
