"""Kursangebote: the shared catalogue of all providers (everyone signed in), filters in SQL; provider
staff add and change their own provider's offers here, import a CSV/XLSX file (all or nothing) and
download the catalogue in the same columns (docs/courses.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import store
from documents.course_table import write_offers
from schemas.courses import Measure, OfferStatus
from schemas.placement import Course, Format
from schemas.vocabulary import Role
from ui import course_form, session
from ui.text import day

ROLES = tuple(Role)
PAGE_SIZE = 100


def _filters(actor: Any) -> Any:
    with st.expander("Filter", expanded=False):
        a, b, c = st.columns(3)
        providers = {p.id: p.name for p in store.list_providers(actor)}
        provider = a.selectbox(
            "Träger",
            [None, *providers],
            format_func=lambda p: "alle Träger" if p is None else providers[p],
            key="offers.provider",
        )
        kinds: list[Course | Measure | None] = [None, *Course, *Measure]
        kind = b.selectbox(
            "Kursart oder Maßnahme", kinds, format_func=lambda k: "alle" if k is None else k.label, key="offers.kind"
        )
        statuses = c.multiselect(
            "Status",
            list(OfferStatus),
            default=[s for s in OfferStatus if s is not OfferStatus.ENDED],
            format_func=lambda s: s.label,
            key="offers.status",
            placeholder="alle",
        )
        formats = st.multiselect(
            "Formate (alle müssen passen)",
            list(Format),
            format_func=lambda f: f.label,
            key="offers.formats",
            placeholder="beliebig",
        )
    return store.OfferFilters(
        provider_id=provider,
        course_type=kind if isinstance(kind, Course) else None,
        measure=kind if isinstance(kind, Measure) else None,
        formats=frozenset(formats),
        statuses=tuple(statuses) or tuple(OfferStatus),
        include_past=OfferStatus.ENDED in statuses,
    )


def _table(offers: list[Any]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Nr.": o.id,
                "Titel": o.title,
                "Träger": o.provider_name,
                "Art": o.kind_label,
                "Niveau": o.levels,
                "Beginn": day(o.start_date),
                "Zeiten": o.schedule,
                "Formate": ", ".join(f.label for f in sorted(o.formats))
                + (", Kinderbetreuung" if o.childcare_on_site else ""),
                "Stadtteil": o.district,
                "Frei": o.places_free,
                "Plätze": o.places_total,
                "Warteliste": "offen" if o.waitlist_open else "geschlossen",
                "Status": o.status.label,
            }
            for o in offers
        ]
    )


def _import(actor: Any) -> None:
    with st.expander("Angebote aus Datei importieren (CSV oder XLSX)"):
        st.caption("Spalten wie in docs/courses.md; es wird nur importiert, wenn die ganze Datei fehlerfrei ist.")
        st.download_button(
            "Leere Vorlage (CSV mit allen Spalten)",
            data=write_offers([], "csv"),
            file_name="kursangebote-vorlage.csv",
            mime="text/csv",
            on_click="ignore",
            icon=":material/description:",
            key="offers.template",
        )
        upload = st.file_uploader("Datei", type=["csv", "xlsx"], key="offers.upload")
        if upload is not None and st.button("Importieren", key="offers.import", icon=":material/upload:"):
            try:
                count = store.import_offers(actor, upload.getvalue(), upload.name)
            except store.ImportRefused as exc:
                lines = "\n".join(f"- Zeile {line}: {text}" if line else f"- {text}" for line, text in exc.problems)
                st.error(f"Nichts importiert – bitte die Datei korrigieren:\n\n{lines}")
            except store.InvalidInput as exc:
                st.error(str(exc))
            else:
                st.session_state["offers.notice"] = f"{count} Angebot(e) importiert."
                st.rerun()


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Kursangebote")
    st.caption("Die Angebote aller Träger der Stadt. Jeder Träger pflegt nur seine eigenen.")
    notice = st.session_state.pop("offers.notice", None)
    if notice:
        st.success(notice)
    filters = _filters(actor)
    offers, total = store.list_offers(actor, filters, limit=PAGE_SIZE)
    st.caption(f"{total} Angebote" + (f", die ersten {PAGE_SIZE} gezeigt" if total > PAGE_SIZE else ""))
    if offers:
        st.dataframe(_table(offers), hide_index=True, width="stretch")
    else:
        st.info("Keine Angebote mit diesen Filtern.")
    st.download_button(
        "Angebote als XLSX",
        data=lambda: store.export_offers(actor, "xlsx", provider_id=filters.provider_id),
        file_name=f"kursangebote-{date.today():%Y-%m-%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
    )
    if not actor.is_provider_staff:
        return
    st.subheader("Eigene Angebote pflegen")
    everything = store.OfferFilters(provider_id=actor.provider_id, statuses=tuple(OfferStatus), include_past=True)
    own, _ = store.list_offers(actor, everything, limit=500)
    with st.expander("Neues Angebot", expanded=not own):
        course_form.offer_form(actor, "offers.new")
    if own:
        chosen = st.selectbox(
            "Angebot ändern",
            [None, *own],
            format_func=lambda o: "– bitte wählen –" if o is None else f"{o.id}: {o.title}",
            key="offers.edit",
        )
        if chosen is not None:
            course_form.offer_form(actor, f"offers.edit.{chosen.id}", chosen)
    _import(actor)


if __name__ == "__main__":
    render()
