"""Kurse finden (public, no login, ``/kurse``): the bookable offers of all providers, with filters, in
German or English (``?lang=en``). One column of cards, so it reads on a phone; every filter is a labelled
native widget (keyboard and screen reader). Offers carry no personal data; nothing about learners is
read here (``store.public_offers``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

import store
from schemas.courses import COURSE_LABELS_EN, FORMAT_LABELS_EN, Measure
from schemas.placement import Course, Format
from schemas.vocabulary import Level
from ui.text import escape_markdown

PAGE = 20
FILTERS = ("kind", "level", "district", "formats", "month")
_T: dict[str, dict[str, str]] = {
    "title": {"de": "Deutschkurse in der Stadt finden", "en": "Find a German course in the city"},
    "intro": {
        "de": "Aktuelle Angebote aller Kursträger mit freien Plätzen oder Warteliste. Zur Anmeldung wenden Sie "
        "sich an den Kontakt des Angebots oder an die Beratungsstelle.",
        "en": "Current offers of all course providers with free places or a waiting list. To register, contact "
        "the provider named with the offer or the counseling office.",
    },
    "language": {"de": "Sprache / Language", "en": "Sprache / Language"},
    "kind": {"de": "Kursart oder Angebot", "en": "Type of course or offer"},
    "any": {"de": "alle", "en": "any"},
    "level": {"de": "Einstiegsniveau", "en": "Entry level"},
    "district": {"de": "Stadtteil", "en": "District"},
    "formats": {"de": "Form (alle müssen passen)", "en": "Format (all must apply)"},
    "month": {"de": "Beginn im Monat", "en": "Starting in"},
    "found": {"de": "{n} Angebote gefunden", "en": "{n} offers found"},
    "found_one": {"de": "1 Angebot gefunden", "en": "1 offer found"},
    "none": {
        "de": "Keine Angebote mit diesen Filtern. Bitte weniger Filter wählen.",
        "en": "No offers match these filters. Please choose fewer filters.",
    },
    "more": {"de": "Weitere Angebote anzeigen", "en": "Show more offers"},
    "start": {"de": "Beginn", "en": "Start"},
    "places": {"de": "{free} von {total} Plätzen frei", "en": "{free} of {total} places free"},
    "waitlist": {"de": "Warteliste offen", "en": "waiting list open"},
    "full": {"de": "ausgebucht", "en": "fully booked"},
    "contact": {"de": "Kontakt", "en": "Contact"},
    "barrier_free": {"de": "barrierefrei", "en": "step-free access"},
    "units": {"de": "{n} Unterrichtseinheiten", "en": "{n} lessons"},
}


def _t(key: str, lang: str, **values: object) -> str:
    return _T[key][lang].format(**values)


def _course_label(kind: Course | Measure | None, lang: str) -> str:
    if kind is None:
        return _t("any", lang)
    if isinstance(kind, Measure):
        return kind.label_en if lang == "en" else kind.label
    return COURSE_LABELS_EN.get(kind.value, kind.value) if lang == "en" else kind.label


def _format_label(fmt: Format, lang: str) -> str:
    return FORMAT_LABELS_EN[fmt.value] if lang == "en" else fmt.label


def _months(today: date) -> list[date | None]:
    months: list[date | None] = [None]
    year, month = today.year, today.month
    for _ in range(12):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _card(offer: Any, lang: str) -> None:
    with st.container(border=True):
        kind = offer.kind_label_en if lang == "en" else offer.kind_label
        st.markdown(f"#### {escape_markdown(offer.title)}")
        lines = [f"**{escape_markdown(kind)}**" + (f" · {offer.levels}" if offer.levels else "")]
        lines.append(escape_markdown(offer.provider_name))
        schedule = offer.schedule_en if lang == "en" else offer.schedule
        lines.append(
            f"{_t('start', lang)}: {offer.start_date:%d.%m.%Y}"
            + (f" · {escape_markdown(schedule)}" if schedule else "")
        )
        if offer.teaching_units:
            lines.append(_t("units", lang, n=offer.teaching_units))
        where = ", ".join(p for p in (offer.address, offer.district) if p)
        if where:
            lines.append(escape_markdown(where))
        formats = [_format_label(f, lang) for f in sorted(offer.formats)]
        if offer.childcare_on_site:
            formats.append(_format_label(Format.CHILDCARE, lang))
        if offer.barrier_free:
            formats.append(_t("barrier_free", lang))
        if formats:
            lines.append(", ".join(formats))
        places = (
            _t("places", lang, free=offer.places_free, total=offer.places_total)
            if offer.places_free
            else _t("full", lang)
        )
        if offer.waitlist_open:
            places += f" · {_t('waitlist', lang)}"
        lines.append(f"**{places}**")
        if offer.contact:
            lines.append(f"{_t('contact', lang)}: {escape_markdown(offer.contact)}")
        st.markdown("  \n".join(lines))


def render() -> None:
    lang = "en" if st.query_params.get("lang") == "en" else "de"
    chosen = st.radio(
        _t("language", lang),
        ["de", "en"],
        index=1 if lang == "en" else 0,
        horizontal=True,
        format_func=lambda code: "Deutsch" if code == "de" else "English",
        key="finder.lang",
    )
    if chosen != lang:
        # the filters keep their values in the other language (their keys name the language, so the
        # select boxes are drawn again with the other language's labels)
        for name in FILTERS:
            if f"finder.{name}.{lang}" in st.session_state:
                st.session_state[f"finder.{name}.{chosen}"] = st.session_state[f"finder.{name}.{lang}"]
        st.query_params["lang"] = chosen
        st.rerun()
    st.title(_t("title", lang))
    st.caption(_t("intro", lang))
    courses: list[Course | Measure | None] = [None, *(c for c in Course if c is not Course.SCHOOL_REFERRAL), *Measure]
    kind = st.selectbox(
        _t("kind", lang), courses, format_func=lambda c: _course_label(c, lang), key=f"finder.kind.{lang}"
    )
    a, b = st.columns(2)
    levels: list[Level | None] = [None, *Level]
    level = a.selectbox(
        _t("level", lang),
        levels,
        format_func=lambda v: _t("any", lang) if v is None else v.label,
        key=f"finder.level.{lang}",
    )
    districts: list[str] = ["", *store.offer_districts()]
    district = b.selectbox(
        _t("district", lang), districts, format_func=lambda d: d or _t("any", lang), key=f"finder.district.{lang}"
    )
    formats = st.multiselect(
        _t("formats", lang),
        list(Format),
        format_func=lambda f: _format_label(f, lang),
        key=f"finder.formats.{lang}",
        placeholder=_t("any", lang),
    )
    month = st.selectbox(
        _t("month", lang),
        _months(date.today()),
        key=f"finder.month.{lang}",
        format_func=lambda m: _t("any", lang) if m is None else f"{m:%m/%Y}",
    )
    filters = store.OfferFilters(
        course_type=kind if isinstance(kind, Course) else None,
        measure=kind if isinstance(kind, Measure) else None,
        level=level,
        district=district,
        formats=frozenset(formats),
        start_month=month,
    )
    shown = int(st.session_state.get("finder.shown", PAGE))
    offers, total = store.public_offers(filters, limit=shown)
    st.subheader(_t("found_one", lang) if total == 1 else _t("found", lang, n=total))
    if not offers:
        st.info(_t("none", lang))
    for offer in offers:
        _card(offer, lang)
    if total > len(offers) and st.button(_t("more", lang), key="finder.more"):
        st.session_state["finder.shown"] = shown + PAGE
        st.rerun()


if __name__ == "__main__":
    render()
