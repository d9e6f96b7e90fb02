"""The city's figures on courses: waiting time, free and taken places, unmet demand, referral outcomes.

Anonymous aggregates (no names, no learner ids), for the counseling office, the admin and — restricted
to the own provider's offers and learners — a provider admin. Counting happens in SQL (GROUP BY, and for
unmet demand a correlated EXISTS on the offers); the only work in Python is on grouped rows: medians of
waiting days and German labels.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, case, cast, extract, func, select
from sqlalchemy.orm import Session, aliased

from documents.course_figures_table import write_sheets
from schemas.courses import Measure, ReferralStatus
from schemas.placement import Course, Format
from schemas.vocabulary import PROVIDER_ROLES, REVIEW_STATUSES, Role
from store import audit
from store.access import Actor, require_role, verify_actor
from store.clock import utcnow
from store.course_matching import _V1_COURSES, DEFAULT_WEEKS, course_of
from store.course_models import Offer, Referral
from store.errors import InvalidInput
from store.models import Interview, Provider
from store.scoping import CrossProvider, cross_provider
from store.tx import transactional

_STARTED = (ReferralStatus.STARTED.value, ReferralStatus.ENDED.value, ReferralStatus.DROPPED.value)


@dataclass(frozen=True, slots=True)
class CourseFigures:
    weeks: int
    since: date
    # (course label, referrals that started, median days, mean days) from interview to course start
    waiting: list[tuple[str, int, float | None, float | None]]
    # (month "2027-03", course label, offers, places, taken, free)
    places: list[tuple[str, str, int, int, int, int]]
    # (course label, format needs, district, placements without an offer within N weeks)
    unmet: list[tuple[str, str, str, int]]
    # (course label, status label, count)
    outcomes: list[tuple[str, str, int]]

    @property
    def unmet_total(self) -> int:
        return sum(row[3] for row in self.unmet)


def _label(course: str | None, measure: str | None = None) -> str:
    if course:
        found = course_of(course)  # version-1 course ids too
        return found.label if found else course
    return Measure.label_of(measure) if measure else "–"


def _provider_scope(actor: Actor) -> int | None:
    if actor.role is Role.PROVIDER_ADMIN:
        return actor.provider_id
    return None


def _waiting(s: Session, provider: int | None, since: date) -> list[tuple[str, int, float | None, float | None]]:
    query = (
        select(Offer.course_type, Offer.measure, Interview.submitted_at, Referral.started_at)
        .join(Offer, Offer.id == Referral.course_id)
        .join(Interview, Interview.id == Referral.interview_id)
        .where(Referral.status.in_(_STARTED), Referral.started_at.is_not(None), Interview.submitted_at >= since)
    )
    if provider is not None:
        query = query.where(Referral.from_provider_id == provider)
    days: dict[str, list[int]] = defaultdict(list)
    for course, measure, submitted, started in s.execute(cross_provider(query, CrossProvider.ANONYMOUS_STATISTICS)):
        if submitted is not None and started is not None:
            days[_label(course, measure)].append(max((started - submitted).days, 0))
    return [
        (label, len(values), float(statistics.median(values)), round(statistics.fmean(values), 1))
        for label, values in sorted(days.items())
    ]


def _places(s: Session, provider: int | None, since: date) -> list[tuple[str, str, int, int, int, int]]:
    year, month = extract("year", Offer.start_date), extract("month", Offer.start_date)
    query = (
        select(
            year,
            month,
            Offer.course_type,
            Offer.measure,
            func.count(),
            func.sum(Offer.places_total),
            func.sum(Offer.places_free),
        )
        .where(Offer.start_date >= since.replace(day=1))
        .group_by(year, month, Offer.course_type, Offer.measure)
        .order_by(year, month, Offer.course_type, Offer.measure)
    )
    if provider is not None:
        query = query.where(Offer.provider_id == provider)
    rows = []
    for y, m, course, measure, count, total, free in s.execute(query):
        total, free = int(total or 0), int(free or 0)
        rows.append((f"{int(y):04d}-{int(m):02d}", _label(course, measure), int(count), total, total - free, free))
    return rows


def _format_need(formats: str | None) -> str:
    """The stored course forms needed (``Interview.need_formats``: Format ids) as German labels."""
    wanted = set((formats or "").split(","))
    return ", ".join(f.label for f in Format if f.value in wanted) or "–"


def _unmet(s: Session, provider: int | None, since: date, weeks: int) -> list[tuple[str, str, str, int]]:
    """Placements with no offer of their course type (any provider, any status) starting within ``weeks``
    weeks from the interview's day, counted by course type, course forms needed and district. The check
    is a correlated EXISTS on ``ix_courses_match`` per interview, so only the few result groups leave the
    database (grouping by day and testing in Python read tens of thousands of groups at city scale)."""
    # version-1 guides name some course types differently; school referral and counseling ask for no place
    course = case(
        *((Interview.recommended_course == old, new.value) for old, new in _V1_COURSES.items()),
        else_=Interview.recommended_course,
    )
    day, last = _day_window(s, weeks)
    covered = (
        select(Offer.id)
        .where(Offer.course_type == course, Offer.start_date >= day, Offer.start_date <= last)
        .limit(1)
        .exists()
    )
    query = (
        select(Interview.recommended_course, Interview.need_formats, Interview.district, func.count())
        .where(
            Interview.status.in_(REVIEW_STATUSES),
            Interview.recommended_course.is_not(None),
            Interview.recommended_course.not_in([Course.SCHOOL_REFERRAL.value, Course.COUNSELING.value]),
            Interview.submitted_at >= since,
            ~covered,
        )
        .group_by(Interview.recommended_course, Interview.need_formats, Interview.district)
    )
    if provider is not None:
        query = query.where(Interview.provider_id == provider)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for recommended, need_formats, where, count in s.execute(cross_provider(query, CrossProvider.ANONYMOUS_STATISTICS)):
        counts[(_label(recommended), _format_need(need_formats), where or "–")] += int(count)
    return [(label, need, where, n) for (label, need, where), n in sorted(counts.items(), key=lambda kv: -kv[1])]


def _day_window(s: Session, weeks: int) -> tuple[Any, Any]:
    """The interview's day and the last day of the window, as SQL of the session's database."""
    if s.get_bind().dialect.name == "sqlite":  # dates are ISO texts there
        return func.date(Interview.submitted_at), func.date(Interview.submitted_at, f"+{7 * weeks} days")
    day = cast(Interview.submitted_at, Date)
    return day, day + timedelta(days=7 * weeks)


def _outcomes(s: Session, provider: int | None, since: date) -> list[tuple[str, str, int]]:
    kind = case((Offer.course_type.is_not(None), Offer.course_type), else_=Offer.measure)
    query = (
        select(kind, Referral.status, func.count())
        .join(Offer, Offer.id == Referral.course_id)
        .where(Referral.created_at >= since)
        .group_by(kind, Referral.status)
    )
    if provider is not None:
        query = query.where((Referral.from_provider_id == provider) | (Referral.to_provider_id == provider))
    rows = [(_kind_label(k), ReferralStatus.label_of(st), int(n)) for k, st, n in s.execute(query)]
    return sorted(rows)


def _kind_label(kind: str | None) -> str:
    return Measure.label_of(kind) if Measure.has(kind) else _label(kind)


@transactional(readonly=True)
def course_figures(s: Session, actor: Actor, *, weeks: int = DEFAULT_WEEKS, since: date | None = None) -> CourseFigures:
    """The figures of the last 12 months (or since ``since``); unmet demand: placements with no offer of
    their course type starting within ``weeks`` weeks of the interview."""
    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, Role.COUNSELOR, *PROVIDER_ROLES[1:], what="die Kurszahlen")
    since = since or (utcnow().date() - timedelta(days=365))
    provider = _provider_scope(actor)
    return CourseFigures(
        weeks=weeks,
        since=since,
        waiting=_waiting(s, provider, since),
        places=_places(s, provider, since),
        unmet=_unmet(s, provider, since, weeks),
        outcomes=_outcomes(s, provider, since),
    )


def _referral_rows(s: Session, provider: int | None, since: date) -> list[tuple[object, ...]]:
    """One row per referral without anything that points to a person: course type, providers, the offer's
    district, state, month proposed, month started, whole days from interview to course start."""

    receiver, sender = aliased(Provider), aliased(Provider)
    query = (
        select(
            Offer.course_type,
            Offer.measure,
            receiver.name,
            sender.name,
            Offer.district,
            Referral.status,
            Referral.created_at,
            Referral.started_at,
            Interview.submitted_at,
        )
        .join(Offer, Offer.id == Referral.course_id)
        .join(receiver, receiver.id == Referral.to_provider_id)
        .outerjoin(sender, sender.id == Referral.from_provider_id)
        .outerjoin(Interview, Interview.id == Referral.interview_id)
        .where(Referral.created_at >= since)
        .order_by(Referral.created_at)
    )
    if provider is not None:
        query = query.where((Referral.from_provider_id == provider) | (Referral.to_provider_id == provider))
    rows: list[tuple[object, ...]] = []
    # no person: the interview gives only its submission time (days to course start)
    found = s.execute(cross_provider(query, CrossProvider.ANONYMOUS_STATISTICS))
    for course, measure, to_name, from_name, district, status, created, started, submitted in found:
        days = (started - submitted).days if started and submitted else None
        rows.append(
            (
                _label(course, measure),
                to_name,
                from_name or "",
                district,
                ReferralStatus.label_of(status),
                f"{created:%Y-%m}",
                f"{started:%Y-%m}" if started else "",
                days,
            )
        )
    return rows


@transactional(readonly=True)
def course_figures_export(s: Session, actor: Actor, fmt: str, *, weeks: int = DEFAULT_WEEKS) -> bytes:
    """The figures and the pseudonymised referral list as one file (``xlsx`` or ``csv``); audited."""

    verify_actor(s, actor)
    require_role(actor, Role.ADMIN, Role.COUNSELOR, *PROVIDER_ROLES[1:], what="die Kurszahlen")
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("Format: bitte csv oder xlsx.", "format")
    since = utcnow().date() - timedelta(days=365)
    provider = _provider_scope(actor)
    sheets: list[tuple[str, list[str], list[Any]]] = [
        (
            "Ungedeckter Bedarf",
            ["Kursart", "Kinderbetreuung nötig", "Stadtteil", "Anzahl"],
            _unmet(s, provider, since, weeks),
        ),
        ("Plätze", ["Monat", "Art", "Angebote", "Plätze", "belegt", "frei"], _places(s, provider, since)),
        ("Wartezeit", ["Kursart", "Kursbeginne", "Median Tage", "Mittel Tage"], _waiting(s, provider, since)),
        ("Vermittlungen", ["Art", "Stand", "Anzahl"], _outcomes(s, provider, since)),
        (
            "Vermittlungen pseudonym",
            [
                "Art",
                "aufnehmender Träger",
                "vermittelnder Träger",
                "Stadtteil",
                "Stand",
                "vorgeschlagen (Monat)",
                "Kursbeginn (Monat)",
                "Tage bis Kursbeginn",
            ],
            _referral_rows(s, provider, since),
        ),
    ]
    audit.record(s, actor, "export.course_figures", provider_id=provider, format=fmt)
    return write_sheets(sheets, fmt)
