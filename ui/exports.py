"""Exports of the counseling office's filtered list: CSV or XLSX, headers as German labels or as
question ids, full or pseudonymised for statistics. Every export is recorded in the audit log.

Page ``/export`` (counselors).
"""

from __future__ import annotations

import streamlit as st

import store
from schemas.vocabulary import Role
from store import exports
from ui import counseling_filters as cf
from ui import session
from ui.text import amount

ROLES = (Role.COUNSELOR,)
PAGE = "export"
READY = "export.ready"
FORMATS = {"xlsx": "Excel (XLSX)", "csv": "CSV (Semikolon, UTF-8)"}
HEADERS = {"labels": "Deutsche Beschriftungen", "ids": "Fragen-Kennungen (für Auswertungsprogramme)"}
MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Export")
    st.caption(
        "Die gefilterte Liste als Datei. Jeder Export wird protokolliert. Die pseudonymisierte Fassung "
        "für Statistik enthält keine Namen, Geburtsdaten, Kontaktdaten oder Freitexte; jede/r Lernende "
        "erhält ein gleichbleibendes Pseudonym. In Excel sind Kopfzeile und erste Spalte fixiert, die "
        "Kopfzeile hat einen Filter, und Datumsangaben sind echte Datumswerte (sortier- und filterbar)."
    )
    filters = cf.filters(actor, PAGE, expanded=False)
    count = exports.count_rows(actor, filters)
    if count == 0:
        st.warning(exports.NO_ROWS)
    else:
        st.info(f"{amount(count, 'Interview entspricht', 'Interviews entsprechen')} den Filtern.")
    fmt = st.radio("Format", list(FORMATS), format_func=FORMATS.__getitem__, horizontal=True, key="export.format")
    headers = st.radio(
        "Spaltenköpfe", list(HEADERS), format_func=HEADERS.__getitem__, horizontal=True, key="export.headers"
    )
    pseudonymize = st.checkbox("Pseudonymisiert (für Statistik)", key="export.pseudonymize")
    choice = (repr(filters), fmt, headers, pseudonymize)
    ready = st.session_state.get(READY)
    if ready is not None and ready[0] != choice:
        st.session_state.pop(READY, None)  # settings changed: the prepared file no longer matches
        ready = None
    if st.button("Export erstellen", type="primary", icon=":material/table_view:", key="export.create"):
        try:
            data, result = exports.export_bytes(actor, filters, fmt=fmt, headers=headers, pseudonymize=pseudonymize)
        except store.InvalidInput as exc:
            st.warning(str(exc))
            return
        ready = (choice, data, result)
        st.session_state[READY] = ready
    if ready is not None:
        _, data, result = ready
        st.success(
            f"{amount(result.rows, 'Interview', 'Interviews')} mit "
            f"{amount(len(result.columns), 'Spalte', 'Spalten')} exportiert."
        )
        st.download_button(
            f"{result.file_name} herunterladen",
            data=data,
            file_name=result.file_name,
            mime=MIME[fmt],
            icon=":material/download:",
            on_click="ignore",
            key="export.download",
        )


if __name__ == "__main__":
    render()
