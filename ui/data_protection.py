"""Data-protection requests: find a person's records (name *and* birth date), everything about them as
JSON and PDF including who accessed it (Art. 15 GDPR), erasure on request (Art. 17; their
certificates then verify as "revoked: data erased"), and the retention purge with a dry run first.

Page ``/datenschutz``: accounts designated for data-protection requests (admins and counselors with the
"Datenschutz" designation); an undesignated admin sees only the retention purge.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import pandas as pd
import streamlit as st

import store
from documents import access_report
from ops.logging import new_error_id
from schemas.vocabulary import Role
from store import reporting
from ui import session
from ui.text import amount, day, escape_markdown

log = logging.getLogger("sprachstand.ui")

ROLES = (Role.COUNSELOR, Role.ADMIN)
NOT_DESIGNATED = (
    "Datenschutzanfragen bearbeiten nur Konten, die die Administration dafür benannt hat (Benennung "
    "„Datenschutz“ auf der Seite Konten). Ihr Konto ist nicht benannt."
)
FOUND = "privacy.found"
REPORT = "privacy.report"
REPORT_PDF = "privacy.report_pdf"
PDF_FAILED = (
    "Die PDF-Fassung der Auskunft konnte nicht erstellt werden (Fehlernummer {error_id}). Die JSON-Fassung "
    "enthält alle Daten; die Löschung unten ist weiterhin möglich. Bitte nennen Sie der Administration die "
    "Fehlernummer."
)
PREVIEW = "privacy.preview"


def _search(actor: Any) -> None:
    st.subheader("Person suchen")
    st.caption(
        "Gesucht wird bei allen Trägern, nur mit vollständigem Namen und Geburtsdatum. Jede Suche wird protokolliert."
    )
    with st.form("privacy.search"):
        # one row of columns per line: Tab goes through the fields in the order they are read
        left, right = st.columns(2)
        family = left.text_input("Familienname", max_chars=200)
        given = right.text_input("Vornamen", max_chars=200)
        birth = st.columns(2)[0].date_input(
            "Geburtsdatum", value=None, format="DD.MM.YYYY", min_value=dt.date(1900, 1, 1), max_value=dt.date.today()
        )
        if st.form_submit_button("Suchen", icon=":material/search:"):
            if not family.strip() or not given.strip() or birth is None:
                st.error("Bitte Familienname, Vornamen und Geburtsdatum angeben (alle drei).")
                return
            st.session_state[FOUND] = reporting.find_learners_for_request(actor, family, given, birth)
            st.session_state.pop(REPORT, None)
            st.session_state.pop(REPORT_PDF, None)


def _matches(actor: Any) -> Any | None:
    found = st.session_state.get(FOUND)
    if found is None:
        return None
    if not found:
        st.info("Keine Person mit diesem Namen und Geburtsdatum gefunden (auch nicht bei anderen Trägern).")
        return None
    frame = pd.DataFrame(
        [
            {
                "Lernenden-Nr.": m.learner_id,
                "Träger": m.provider_name,
                "Name": f"{m.family_name}, {m.given_names}",
                "Geburtsdatum": day(m.birth_date),
                "Interviews": m.interviews,
            }
            for m in found
        ]
    )
    st.dataframe(frame, hide_index=True, width="stretch")
    by_id = {m.learner_id: m for m in found}
    chosen = st.selectbox(
        "Datensatz",
        list(by_id),
        format_func=lambda i: f"Lernenden-Nr. {i} – {by_id[i].provider_name}",
        key="privacy.learner",
    )
    return by_id.get(chosen)


def _render_pdf(learner_id: int, text: str) -> tuple[bytes | None, str | None]:
    """The PDF, or the error id of a failed rendering (logged with the details): a failing PDF must
    never take the JSON download or the erasure section below with it."""
    try:
        return access_report.render_access_report(json.loads(text)), None
    except Exception as exc:
        error_id = new_error_id()
        log.error(
            "access report PDF failed %s",
            error_id,
            exc_info=(type(exc), exc, exc.__traceback__),
            extra={"error_id": error_id, "learner_id": learner_id},
        )
        return None, error_id


def _access(actor: Any, match: Any) -> None:
    st.subheader("Auskunft (Art. 15 DSGVO)")
    if st.button("Auskunft erstellen", key="privacy.export", icon=":material/description:"):
        data = store.export_learner(actor, match.learner_id)
        st.session_state[REPORT] = (match.learner_id, data)
        st.session_state.pop(REPORT_PDF, None)
    report = st.session_state.get(REPORT)
    if report is None or report[0] != match.learner_id:
        return
    data = report[1]
    interviews = len(data.get("interviews", []))
    accesses = len(data.get("access_log", []))
    st.success(
        f"Auskunft erstellt: {interviews} {'Interview' if interviews == 1 else 'Interviews'}, "
        f"{accesses} protokollierte {'Zugriff' if accesses == 1 else 'Zugriffe'}."
    )
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    left, right = st.columns(2)
    left.download_button(
        "Auskunft als JSON",
        data=text.encode("utf-8"),
        file_name=f"auskunft-{match.learner_id}.json",
        mime="application/json",
        on_click="ignore",
        icon=":material/data_object:",
    )
    # Rendered once per report, not on every rerun of the page (a long history takes a while).
    pdf = st.session_state.get(REPORT_PDF)
    if pdf is None or pdf[0] != match.learner_id:
        pdf = (match.learner_id, *_render_pdf(match.learner_id, text))
        st.session_state[REPORT_PDF] = pdf
    if pdf[1] is not None:
        right.download_button(
            "Auskunft als PDF",
            data=pdf[1],
            file_name=f"auskunft-{match.learner_id}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
    else:
        right.error(PDF_FAILED.format(error_id=pdf[2]))
    # the same German, grouped rows as the PDF report (one account on one record within minutes = one row)
    rows = access_report.group_accesses(data.get("access_log") or [])
    with st.expander(f"Wer hat wann zugegriffen ({len(rows)} {'Eintrag' if len(rows) == 1 else 'Einträge'})"):
        st.dataframe(
            pd.DataFrame(rows, columns=["Zeitpunkt", "Konto", "Vorgang", "Datensatz"]),
            hide_index=True,
            width="stretch",
        )


def _person(match: Any) -> str:
    """Who is meant, in words the person's request uses (Markdown-escaped for labels and alerts).
    "Nr." alone means an interview everywhere else, so the learner's number is named as such."""
    name = escape_markdown(f"{match.family_name}, {match.given_names}")
    return (
        f"{name} (geboren am {day(match.birth_date)}), Lernenden-Nr. {match.learner_id} "
        f"bei {escape_markdown(match.provider_name)}"
    )


def _erase(actor: Any, match: Any) -> None:
    st.subheader("Löschung auf Antrag (Art. 17 DSGVO)")
    st.caption(
        "Entfernt Namen, Geburtsdatum, alle Antworten, Verlauf und Kommentare. Anonyme Angaben (Niveaus, "
        "Kursart, Träger, Monat) bleiben für die Statistik. Bescheinigungen gelten danach als widerrufen "
        "(„Daten gelöscht“)."
    )
    with st.form("privacy.erase"):
        reason = st.text_input("Begründung (z. B. „Antrag vom 01.02.2026“)", max_chars=300)
        confirm = st.checkbox(f"Ich habe geprüft: die Daten von {_person(match)} sollen gelöscht werden.")
        if st.form_submit_button("Daten löschen", icon=":material/delete_forever:"):
            if not reason.strip():
                st.error("Begründung: bitte angeben (z. B. „Antrag vom …“).")
                return
            if not confirm:
                st.error("Bitte bestätigen Sie die Löschung mit dem Häkchen.")
                return
            store.erase_learner(actor, match.learner_id, reason)
            # the same person may be recorded at other providers too: those records stay listed
            others = [m for m in st.session_state.get(FOUND) or [] if m.learner_id != match.learner_id]
            st.session_state[FOUND] = others or None
            st.session_state.pop(REPORT, None)
            st.session_state.pop(REPORT_PDF, None)
            notice = f"Die personenbezogenen Daten zu Lernenden-Nr. {match.learner_id} sind gelöscht."
            if others:
                listed = ", ".join(f"Lernenden-Nr. {m.learner_id} ({m.provider_name})" for m in others)
                rest = "noch einen Datensatz" if len(others) == 1 else f"noch {len(others)} Datensätze"
                which = "diesen" if len(others) == 1 else "diese"
                notice += f" Zu dieser Person gibt es {rest}: {listed}. Betrifft der Antrag auch {which}?"
            st.session_state["privacy.notice"] = notice
            st.rerun()


def _purge(actor: Any) -> None:
    st.subheader("Löschung nach Aufbewahrungsfrist")
    if actor.role != Role.ADMIN:
        st.info("Die Löschung nach Aufbewahrungsfrist startet nur die Administration.")
        return
    years_default = int(store.get_app_settings().get("retention_years", 3))
    years = st.number_input(
        "Frist in Jahren (ohne Aktivität)", min_value=1, max_value=30, value=years_default, step=1, key="privacy.years"
    )
    if st.button("Vorschau (Probelauf, ändert nichts)", key="privacy.dry_run", icon=":material/visibility:"):
        st.session_state[PREVIEW] = store.purge(actor, int(years), dry_run=True)
    preview = st.session_state.get(PREVIEW)
    if preview is None:
        return
    st.info(
        f"Stichtag {day(preview.cutoff)}: {amount(preview.learners, 'Person', 'Personen')} mit "
        f"{amount(preview.interviews, 'Interview', 'Interviews')} "
        f"würden gelöscht; "
        f"{amount(preview.certificates_kept, 'Bescheinigung bleibt', 'Bescheinigungen bleiben')} prüfbar."
    )
    if not preview.learners:
        return
    confirm = st.checkbox("Ich habe die Vorschau geprüft – jetzt löschen.", key="privacy.purge_confirm")
    if st.button("Jetzt löschen", type="primary", key="privacy.purge", disabled=not confirm):
        report = store.purge(actor, int(years))
        st.session_state.pop(PREVIEW, None)
        st.session_state["privacy.notice"] = (
            f"Daten von {amount(report.learners, 'Person', 'Personen')} "
            f"({amount(report.interviews, 'Interview', 'Interviews')}) gelöscht."
        )
        st.rerun()


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Datenschutz")
    if not actor.handles_data_requests:
        st.error(NOT_DESIGNATED)
        if actor.role is Role.ADMIN:  # the retention purge names no one: every admin may start it
            _purge(actor)
        return
    notice = st.session_state.pop("privacy.notice", None)
    if notice:
        st.success(notice)
    requests, retention = st.tabs(["Auskunft und Löschung", "Aufbewahrungsfrist"])
    with requests:
        _search(actor)
        match = _matches(actor)
        if match is not None:
            _access(actor, match)
            _erase(actor, match)
    with retention:
        _purge(actor)


if __name__ == "__main__":
    render()
