"""Offers for the catalogue, matching and referral tests."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from schemas.courses import CourseDraft, OfferStatus, Weekday
from schemas.placement import Course, Format
from schemas.vocabulary import Level
from store.clock import utcnow


def soon(days: int = 14) -> date:
    return utcnow().date() + timedelta(days=days)


def draft(**kw: Any) -> CourseDraft:
    values: dict[str, Any] = {
        "title": "Integrationskurs A1 vormittags",
        "course_type": Course.INTEGRATION_COURSE,
        "entry_level": Level.A1,
        "target_level": Level.B1,
        "start_date": soon(),
        "end_date": soon(200),
        "days": frozenset({Weekday.MON, Weekday.WED, Weekday.FRI}),
        "time_from": time(9, 0),
        "time_to": time(12, 15),
        "teaching_units": 700,
        "formats": frozenset({Format.FULL_TIME}),
        "address": "Marktplatz 1, 12345 Musterstadt",
        "district": "Mitte",
        "places_total": 16,
        "places_free": 5,
        "waitlist_open": True,
        "contact": "anmeldung@vhs.example",
        "status": OfferStatus.OPEN,
    }
    values.update(kw)
    return CourseDraft(**values)


HEADER = (
    "titel;kursart;einstiegsniveau;zielniveau;beginn;ende;tage;uhrzeit_von;uhrzeit_bis;formate;"
    "kinderbetreuung;stadtteil;plaetze_gesamt;plaetze_frei;warteliste;status"
)


def csv_file(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def good_row(title: str = "Abendkurs A2", start: date | None = None) -> str:
    start = start or soon(30)
    return (
        f"{title};Allgemeiner Integrationskurs;A2;B1;{start:%d.%m.%Y};{start + timedelta(days=180):%Y-%m-%d};"
        "Di, Do;18:00;21:15;Abendkurs, Teilzeit;ja;Nord;12;12;offen;Anmeldung offen"
    )
