"""The words and the input model of the shared course catalogue and of referrals.

An offer in the catalogue is either a course of the placement's course vocabulary
(``schemas.placement.Course``) or another measure (``Measure``: counseling, job coaching, ...). Its
formats are the placement's ``Format`` members, so a placement's format needs and an offer's formats are
compared word for word. Statuses of offers and referrals are ``StrEnum`` members with German labels
(and English ones for the public course finder); the referral workflow's table is keyed by them.

``CourseDraft`` is what a provider enters (a form, a row of an imported file); ``course_problems``
checks what a type cannot: dates against today, end before start, levels out of order, free places
above the total. Every message is German and names the field.
"""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from schemas.placement import Availability, Course, Format
from schemas.vocabulary import Level


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__][self.value]

    @property
    def label_en(self) -> str:
        return _LABELS_EN[type(self).__name__][self.value]

    @classmethod
    def labels(cls) -> dict[str, str]:
        return {member.value: member.label for member in cls}

    @classmethod
    def has(cls, value: object) -> bool:
        return isinstance(value, str) and value in cls._value2member_map_

    @classmethod
    def label_of(cls, value: str | None) -> str:
        if value is None:
            return ""
        return _LABELS[cls.__name__].get(value, value)


class Measure(_Labelled):
    """An offer that is no language course of the placement's vocabulary."""

    COUNSELING_SERVICE = "counseling_service"
    JOB_COACHING = "job_coaching"
    CHILDCARE_OFFER = "childcare_offer"
    LANGUAGE_CAFE = "language_cafe"
    EXAM_DATE = "exam_date"


class OfferStatus(_Labelled):
    PLANNED = "planned"
    OPEN = "open"
    FULL = "full"
    RUNNING = "running"
    ENDED = "ended"


class Weekday(_Labelled):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class ReferralStatus(_Labelled):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    WAITING_LIST = "waiting_list"
    DECLINED = "declined"
    STARTED = "started"
    ENDED = "ended"
    DROPPED = "dropped"
    WITHDRAWN = "withdrawn"


class ReferralAction(_Labelled):
    ACCEPT = "accept"
    WAITLIST = "waitlist"
    DECLINE = "decline"
    START = "start"
    END = "end"
    DROP = "drop"
    WITHDRAW = "withdraw"


class Side(StrEnum):
    """Who may take a referral step: the receiving provider or the side that proposed it."""

    RECEIVER = "receiver"
    SENDER = "sender"


#: the referral workflow: (from status, action) -> (to status, who may take it)
REFERRAL_TRANSITIONS: dict[tuple[ReferralStatus, ReferralAction], tuple[ReferralStatus, Side]] = {
    (ReferralStatus.PROPOSED, ReferralAction.ACCEPT): (ReferralStatus.ACCEPTED, Side.RECEIVER),
    (ReferralStatus.PROPOSED, ReferralAction.WAITLIST): (ReferralStatus.WAITING_LIST, Side.RECEIVER),
    (ReferralStatus.PROPOSED, ReferralAction.DECLINE): (ReferralStatus.DECLINED, Side.RECEIVER),
    (ReferralStatus.PROPOSED, ReferralAction.WITHDRAW): (ReferralStatus.WITHDRAWN, Side.SENDER),
    (ReferralStatus.WAITING_LIST, ReferralAction.ACCEPT): (ReferralStatus.ACCEPTED, Side.RECEIVER),
    (ReferralStatus.WAITING_LIST, ReferralAction.DECLINE): (ReferralStatus.DECLINED, Side.RECEIVER),
    (ReferralStatus.WAITING_LIST, ReferralAction.WITHDRAW): (ReferralStatus.WITHDRAWN, Side.SENDER),
    (ReferralStatus.ACCEPTED, ReferralAction.START): (ReferralStatus.STARTED, Side.RECEIVER),
    (ReferralStatus.ACCEPTED, ReferralAction.DROP): (ReferralStatus.DROPPED, Side.RECEIVER),
    (ReferralStatus.ACCEPTED, ReferralAction.WITHDRAW): (ReferralStatus.WITHDRAWN, Side.SENDER),
    (ReferralStatus.STARTED, ReferralAction.END): (ReferralStatus.ENDED, Side.RECEIVER),
    (ReferralStatus.STARTED, ReferralAction.DROP): (ReferralStatus.DROPPED, Side.RECEIVER),
}
#: statuses that hold a reserved place (a step out of them gives the place back)
HOLDS_PLACE: frozenset[ReferralStatus] = frozenset({ReferralStatus.ACCEPTED, ReferralStatus.STARTED})
#: statuses still waiting for the receiving provider
OPEN_REFERRAL: frozenset[ReferralStatus] = frozenset({ReferralStatus.PROPOSED, ReferralStatus.WAITING_LIST})
#: offers a learner can still be referred to (and the public finder shows)
BOOKABLE: tuple[OfferStatus, ...] = (OfferStatus.PLANNED, OfferStatus.OPEN, OfferStatus.FULL, OfferStatus.RUNNING)
#: the formats an offer can have; childcare on site is its own field
OFFER_FORMATS: tuple[Format, ...] = tuple(f for f in Format if f is not Format.CHILDCARE)

MAX_UNITS = 2000
MAX_PLACES = 500


def time_of_day(start: time | None) -> Availability | None:
    """The part of the day an offer starting at ``start`` falls into (the placement's availability)."""
    if start is None:
        return None
    if start.hour < 12:
        return Availability.MORNINGS
    if start.hour < 17:
        return Availability.AFTERNOONS
    return Availability.EVENINGS


class CourseDraft(BaseModel):
    """One offer as a provider enters it (form or import row); the store adds provider and id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Annotated[str, Field(min_length=1, max_length=200)]
    course_type: Course | None = None
    measure: Measure | None = None
    entry_level: Level | None = None
    target_level: Level | None = None
    start_date: date
    end_date: date | None = None
    days: frozenset[Weekday] = frozenset()
    time_from: time | None = None
    time_to: time | None = None
    teaching_units: Annotated[int, Field(ge=0, le=MAX_UNITS, strict=True)] | None = None
    formats: frozenset[Format] = frozenset()
    childcare_on_site: StrictBool = False
    address: Annotated[str, Field(max_length=300)] = ""
    district: Annotated[str, Field(max_length=100)] = ""
    barrier_free: StrictBool = False
    accessibility: Annotated[str, Field(max_length=300)] = ""
    places_total: Annotated[int, Field(ge=0, le=MAX_PLACES, strict=True)] = 0
    places_free: Annotated[int, Field(ge=0, le=MAX_PLACES, strict=True)] = 0
    waitlist_open: StrictBool = False
    contact: Annotated[str, Field(max_length=300)] = ""
    status: OfferStatus = OfferStatus.PLANNED

    @field_validator("title", "address", "district", "accessibility", "contact", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("entry_level", "target_level", mode="before")
    @classmethod
    def _level(cls, value: object) -> object:
        found = Level.parse(value)
        return found if found is not None else value

    @model_validator(mode="after")
    def _childcare_is_its_own_field(self) -> CourseDraft:
        if Format.CHILDCARE in self.formats:
            object.__setattr__(self, "formats", self.formats - {Format.CHILDCARE})
            object.__setattr__(self, "childcare_on_site", True)
        return self


def course_problems(draft: CourseDraft, today: date, *, new: bool = True) -> list[tuple[str, str]]:
    """(field, German message) for every rule a type cannot say; empty when the offer is fine.
    ``new``: a new offer may not start in the past (an existing one may be running already)."""
    problems: list[tuple[str, str]] = []
    if (draft.course_type is None) == (draft.measure is None):
        problems.append(("course_type", "Bitte genau eines angeben: eine Kursart oder eine andere Maßnahme."))
    if new and draft.start_date < today and draft.status is not OfferStatus.ENDED:
        problems.append(("start_date", f"Der Beginn {draft.start_date:%d.%m.%Y} liegt in der Vergangenheit."))
    if draft.end_date is not None and draft.end_date < draft.start_date:
        problems.append(("end_date", "Das Ende liegt vor dem Beginn. Bitte die Daten prüfen."))
    if draft.entry_level and draft.target_level and draft.target_level.rank < draft.entry_level.rank:
        problems.append(
            (
                "target_level",
                f"Das Zielniveau {draft.target_level.label} liegt unter dem Einstiegsniveau {draft.entry_level.label}.",
            )
        )
    if draft.time_from and draft.time_to and draft.time_to <= draft.time_from:
        problems.append(("time_to", "Die Endzeit muss nach der Anfangszeit liegen."))
    if draft.places_free > draft.places_total:
        problems.append(
            ("places_free", f"Freie Plätze ({draft.places_free}) mehr als Plätze insgesamt ({draft.places_total}).")
        )
    return problems


_LABELS: dict[str, dict[str, str]] = {
    "Measure": {
        "counseling_service": "Beratungsangebot",
        "job_coaching": "Jobcoaching",
        "childcare_offer": "Kinderbetreuungsangebot",
        "language_cafe": "Sprachcafé",
        "exam_date": "Prüfungstermin",
    },
    "OfferStatus": {
        "planned": "geplant",
        "open": "Anmeldung offen",
        "full": "ausgebucht",
        "running": "läuft",
        "ended": "beendet",
    },
    "Weekday": {"mon": "Mo", "tue": "Di", "wed": "Mi", "thu": "Do", "fri": "Fr", "sat": "Sa", "sun": "So"},
    "ReferralStatus": {
        "proposed": "vorgeschlagen",
        "accepted": "zugesagt",
        "waiting_list": "auf der Warteliste",
        "declined": "abgelehnt",
        "started": "Kurs begonnen",
        "ended": "Kurs beendet",
        "dropped": "abgebrochen",
        "withdrawn": "zurückgezogen",
    },
    "ReferralAction": {
        "accept": "Zusagen (Platz reservieren)",
        "waitlist": "Auf die Warteliste",
        "decline": "Ablehnen",
        "start": "Kursbeginn bestätigen",
        "end": "Kurs beendet",
        "drop": "Abgebrochen",
        "withdraw": "Vermittlung zurückziehen",
    },
}
_LABELS_EN: dict[str, dict[str, str]] = {
    "Measure": {
        "counseling_service": "Counseling",
        "job_coaching": "Job coaching",
        "childcare_offer": "Childcare",
        "language_cafe": "Language café",
        "exam_date": "Exam date",
    },
    "OfferStatus": {
        "planned": "planned",
        "open": "registration open",
        "full": "fully booked",
        "running": "running",
        "ended": "ended",
    },
    "Weekday": {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"},
    "ReferralStatus": {
        "proposed": "proposed",
        "accepted": "accepted",
        "waiting_list": "waiting list",
        "declined": "declined",
        "started": "started",
        "ended": "ended",
        "dropped": "dropped",
        "withdrawn": "withdrawn",
    },
    "ReferralAction": {
        "accept": "Accept",
        "waitlist": "Waiting list",
        "decline": "Decline",
        "start": "Started",
        "end": "Ended",
        "drop": "Dropped",
        "withdraw": "Withdraw",
    },
}

#: English names for the public course finder
COURSE_LABELS_EN: dict[str, str] = {
    "literacy_course": "Integration course with literacy training",
    "second_script_course": "Integration course for second-script learners",
    "integration_course": "General integration course",
    "youth_integration_course": "Youth integration course",
    "parents_integration_course": "Parents' integration course",
    "women_integration_course": "Women's integration course",
    "intensive_course": "Intensive integration course",
    "support_course": "Support course (integration course)",
    "special_needs_course": "Integration course for people with impaired sight or hearing",
    "orientation_course": "Orientation course and DTZ exam",
    "initial_orientation_course": "Initial orientation course",
    "job_language_course": "Job-related German course",
    "university_preparation": "German course preparing for university",
    "school_referral": "School and youth migration service",
    "counseling": "Counseling",
}
FORMAT_LABELS_EN: dict[str, str] = {
    "childcare": "with childcare",
    "part_time": "part-time",
    "full_time": "full-time",
    "evening": "evening course",
    "online": "online possible",
    "women_only": "women only",
}

__all__ = [
    "BOOKABLE",
    "COURSE_LABELS_EN",
    "FORMAT_LABELS_EN",
    "HOLDS_PLACE",
    "OFFER_FORMATS",
    "OPEN_REFERRAL",
    "REFERRAL_TRANSITIONS",
    "CourseDraft",
    "Measure",
    "OfferStatus",
    "ReferralAction",
    "ReferralStatus",
    "Side",
    "Weekday",
    "course_problems",
    "time_of_day",
]
