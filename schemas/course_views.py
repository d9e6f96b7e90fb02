"""What the catalogue, the matching and the referrals hand out: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from schemas.courses import COURSE_LABELS_EN, CourseDraft, Measure, OfferStatus, ReferralAction, ReferralStatus, Weekday
from schemas.placement import Course, Format
from schemas.vocabulary import Level


@dataclass(frozen=True, slots=True)
class OfferView:
    """One offer of the catalogue (no personal data: the contact is the provider's office)."""

    id: int
    provider_id: int
    provider_name: str
    title: str
    course_type: Course | None
    measure: Measure | None
    entry_level: Level | None
    target_level: Level | None
    start_date: date
    end_date: date | None
    days: tuple[Weekday, ...]
    time_from: time | None
    time_to: time | None
    teaching_units: int | None
    formats: frozenset[Format]
    childcare_on_site: bool
    address: str
    district: str
    barrier_free: bool
    accessibility: str
    places_total: int
    places_free: int
    waitlist_open: bool
    contact: str
    status: OfferStatus
    lock_version: int = 1

    @property
    def kind_label(self) -> str:
        """The course type's or measure's German label."""
        if self.course_type is not None:
            return self.course_type.label
        return self.measure.label if self.measure is not None else ""

    @property
    def kind_label_en(self) -> str:
        if self.measure is not None:
            return self.measure.label_en
        return COURSE_LABELS_EN.get(self.course_type.value, self.course_type.value) if self.course_type else ""

    @property
    def levels(self) -> str:
        if self.entry_level and self.target_level:
            return f"{self.entry_level.label} → {self.target_level.label}"
        return self.entry_level.label if self.entry_level else ""

    @property
    def schedule(self) -> str:
        """ "Mo, Mi, Fr 09:00–12:15" (German day names)."""
        days = ", ".join(d.label for d in self.days)
        times = f"{self.time_from:%H:%M}–{self.time_to:%H:%M}" if self.time_from and self.time_to else ""
        return " ".join(part for part in (days, times) if part)

    @property
    def schedule_en(self) -> str:
        days = ", ".join(d.label_en for d in self.days)
        times = f"{self.time_from:%H:%M}–{self.time_to:%H:%M}" if self.time_from and self.time_to else ""
        return " ".join(part for part in (days, times) if part)

    def draft(self) -> CourseDraft:
        """The offer as an editable draft (the form starts from it)."""
        return CourseDraft(
            title=self.title,
            course_type=self.course_type,
            measure=self.measure,
            entry_level=self.entry_level,
            target_level=self.target_level,
            start_date=self.start_date,
            end_date=self.end_date,
            days=frozenset(self.days),
            time_from=self.time_from,
            time_to=self.time_to,
            teaching_units=self.teaching_units,
            formats=self.formats,
            childcare_on_site=self.childcare_on_site,
            address=self.address,
            district=self.district,
            barrier_free=self.barrier_free,
            accessibility=self.accessibility,
            places_total=self.places_total,
            places_free=self.places_free,
            waitlist_open=self.waitlist_open,
            contact=self.contact,
            status=self.status,
        )


@dataclass(frozen=True, slots=True)
class Needs:
    """What a placement asks of an offer (from the interview's score and answers)."""

    course: Course | None
    start_level: Level | None
    formats: frozenset[Format] = frozenset()
    availability: frozenset[str] = frozenset()  # Availability ids
    district: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """One fitting offer, with what fits and what does not (German sentences)."""

    offer: OfferView
    score: int
    fits: tuple[str, ...]
    misfits: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MatchResult:
    needs: Needs
    matches: tuple[Match, ...]
    weeks: int
    message: str = ""  # why nothing could be matched (no placement yet, ...)


@dataclass(frozen=True, slots=True)
class ReferralView:
    id: int
    course: OfferView
    learner_id: int
    interview_id: int | None
    from_provider_name: str
    to_provider_id: int
    status: ReferralStatus
    reason: str
    note: str
    created_at: datetime
    updated_at: datetime
    consent: bool  # the learner's referral consent, now
    learner_name: str = ""  # empty when the viewer may not see it (no consent, other side without it)
    learner_birth_date: date | None = None
    learner_language: str = ""
    placement: str = ""  # "Allgemeiner Integrationskurs, Start A2"
    lock_version: int = 1
    actions: frozenset[ReferralAction] = field(default_factory=frozenset)
