"""The form of one offer (new or changed), for the catalogue page. Validation is the store's and the
schema's: the form only turns widgets into a ``CourseDraft`` and shows the German message it gets back."""

from __future__ import annotations

from datetime import time
from typing import Any

import streamlit as st
from pydantic import ValidationError

import store
from schemas.courses import OFFER_FORMATS, CourseDraft, Measure, OfferStatus, Weekday
from schemas.placement import Course
from schemas.vocabulary import Level
from ui.text import escape_markdown

_KINDS: list[Course | Measure] = [*Course, *Measure]
_FIELDS = {
    "title": "Titel",
    "places_free": "Freie Plätze",
    "places_total": "Plätze insgesamt",
    "teaching_units": "Unterrichtseinheiten",
    "address": "Adresse",
    "district": "Stadtteil",
    "contact": "Kontakt",
    "accessibility": "Hinweise zur Barrierefreiheit",
}


def _kind_label(kind: Course | Measure) -> str:
    return f"Kurs: {kind.label}" if isinstance(kind, Course) else f"Maßnahme: {kind.label}"


def _german(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        kind = error["type"]
        what = {
            "missing": "bitte angeben",
            "string_too_short": "darf nicht leer sein",
            "string_too_long": "ist zu lang",
            "greater_than_equal": "darf nicht negativ sein",
            "less_than_equal": "ist zu groß",
        }.get(kind, "bitte prüfen")
        parts.append(f"{_FIELDS.get(field, field)}: {what}.")
    return " ".join(parts)


def offer_form(actor: Any, key: str, existing: Any | None = None) -> None:
    """New offer (``existing`` None) or changes to an own offer; saved through the store."""
    d = existing.draft() if existing is not None else None
    with st.form(key, border=True):
        title = st.text_input("Titel", value=d.title if d else "", max_chars=200)
        current = (d.course_type or d.measure) if d else Course.INTEGRATION_COURSE
        kind = st.selectbox("Kursart oder Maßnahme", _KINDS, index=_KINDS.index(current), format_func=_kind_label)
        a, b = st.columns(2)
        levels = [None, *Level]
        fmt = lambda v: "–" if v is None else v.label  # noqa: E731
        entry = a.selectbox("Einstiegsniveau", levels, index=levels.index(d.entry_level) if d else 2, format_func=fmt)
        target = b.selectbox("Zielniveau", levels, index=levels.index(d.target_level) if d else 4, format_func=fmt)
        start = a.date_input("Beginn", value=d.start_date if d else None, format="DD.MM.YYYY")
        end = b.date_input("Ende", value=d.end_date if d else None, format="DD.MM.YYYY")
        days = st.multiselect(
            "Wochentage",
            list(Weekday),
            default=sorted(d.days, key=list(Weekday).index) if d else [],
            format_func=lambda w: w.label,
            placeholder="keine gewählt",
        )
        time_from = a.time_input("Uhrzeit von", value=d.time_from if d else time(9, 0), step=900)
        time_to = b.time_input("Uhrzeit bis", value=d.time_to if d else time(12, 15), step=900)
        units = a.number_input(
            "Unterrichtseinheiten (UE)", min_value=0, max_value=2000, value=(d.teaching_units or 0) if d else 0
        )
        status = b.selectbox(
            "Status",
            list(OfferStatus),
            index=list(OfferStatus).index(d.status) if d else 1,
            format_func=lambda s: s.label,
        )
        formats = st.multiselect(
            "Formate",
            list(OFFER_FORMATS),
            default=[f for f in OFFER_FORMATS if d and f in d.formats],
            format_func=lambda f: f.label,
            placeholder="keine gewählt",
        )
        childcare = st.checkbox("Kinderbetreuung vor Ort", value=d.childcare_on_site if d else False)
        address = st.text_input("Adresse", value=d.address if d else "", max_chars=300)
        district = a.text_input("Stadtteil", value=d.district if d else "", max_chars=100)
        contact = b.text_input(
            "Kontakt (Telefon oder E-Mail der Anmeldung)", value=d.contact if d else "", max_chars=300
        )
        barrier_free = st.checkbox("Barrierefrei erreichbar", value=d.barrier_free if d else False)
        accessibility = st.text_input(
            "Hinweise zur Barrierefreiheit", value=d.accessibility if d else "", max_chars=300
        )
        total = a.number_input("Plätze insgesamt", min_value=0, max_value=500, value=d.places_total if d else 16)
        free = b.number_input("Freie Plätze", min_value=0, max_value=500, value=d.places_free if d else 16)
        waitlist = st.checkbox("Warteliste offen", value=d.waitlist_open if d else True)
        saved = st.form_submit_button("Speichern", type="primary", icon=":material/save:")
    if not saved:
        return
    if start is None:
        st.error("Beginn: bitte ein Datum angeben.")
        return
    try:
        draft = CourseDraft(
            title=title,
            course_type=kind if isinstance(kind, Course) else None,
            measure=kind if isinstance(kind, Measure) else None,
            entry_level=entry,
            target_level=target,
            start_date=start,
            end_date=end or None,
            days=frozenset(days),
            time_from=time_from,
            time_to=time_to,
            teaching_units=int(units) or None,
            formats=frozenset(formats),
            childcare_on_site=childcare,
            address=address,
            district=district,
            barrier_free=barrier_free,
            accessibility=accessibility,
            places_total=int(total),
            places_free=int(free),
            waitlist_open=waitlist,
            contact=contact,
            status=status,
        )
        if existing is None:
            saved_offer = store.create_offer(actor, draft)
        else:
            saved_offer = store.update_offer(actor, existing.id, draft, existing.lock_version)
    except ValidationError as exc:
        st.error(_german(exc))
        return
    except (store.InvalidInput, store.AccessDenied) as exc:
        st.error(str(exc))
        return
    st.session_state["offers.notice"] = f"Angebot „{escape_markdown(saved_offer.title)}“ gespeichert."
    st.rerun()
