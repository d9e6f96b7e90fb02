"""Matching a placement to fitting offers of all providers: filtered and ranked in SQL.

The hard conditions (course type, a bookable status, a free place or an open waiting list, an entry level
at most one step from the start level, not ended, not started more than four weeks ago) are WHERE clauses
on the ``ix_courses_match`` index; the soft ones (exact entry level, free place, start within N weeks,
childcare, formats, time of day, district) add points in one CASE sum that orders the rows. It is one
statement for every need, its choices bound parameters (built once, prepared by PostgreSQL). Only the
top rows leave the database; their German reasons (what fits, what does not) are written in Python.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    BindParameter,
    Boolean,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    or_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from schemas.course_views import Match, MatchResult, Needs, OfferView
from schemas.courses import BOOKABLE, Measure, time_of_day
from schemas.placement import Availability, Course, Format
from schemas.score import Score
from schemas.vocabulary import Level
from store import access
from store.access import Actor, verify_actor
from store.clock import utcnow
from store.course_models import Offer
from store.courses import FORMAT_COLUMNS, VIEW_COLUMNS, district_key, offer_view
from store.models import Interview, Provider
from store.tx import transactional

DEFAULT_WEEKS = 8
LATE_ENTRY_DAYS = 28
LIMIT = 20
_NO_RANK = 1000  # no start level: every entry level is within [-1000, 1000] and none equals 1000

# Version-1 guides name some course types differently from the placement's vocabulary.
_V1_COURSES = {
    "youth_course": Course.YOUTH_INTEGRATION_COURSE,
    "parents_course": Course.PARENTS_INTEGRATION_COURSE,
    "women_course": Course.WOMEN_INTEGRATION_COURSE,
    "job_a2_b1": Course.JOB_LANGUAGE_COURSE,
    "job_b1_b2": Course.JOB_LANGUAGE_COURSE,
    "job_b2_c1": Course.JOB_LANGUAGE_COURSE,
}
_FORMAT_POINTS = {Format.CHILDCARE: 15, Format.WOMEN_ONLY: 10, Format.ONLINE: 5}


def course_of(value: object) -> Course | None:
    if isinstance(value, str):
        if value in Course._value2member_map_:
            return Course(value)
        return _V1_COURSES.get(value)
    return None


def needs_from(score: Score | Mapping[str, Any] | None, answers: dict[str, Any]) -> Needs:
    """What an interview's result asks of an offer: the (possibly deviating) course and start level of
    the recommendation, the placement's formats (version 1: childcare from the answer), availability and
    district from the answers."""
    score = score.model_dump(mode="json") if isinstance(score, Score) else dict(score or {})
    recommendation = score.get("recommendation") or {}
    placement = score.get("placement") or {}
    course = course_of(recommendation.get("course")) or course_of(placement.get("course"))
    level = Level.parse(recommendation.get("start_level")) or Level.parse(placement.get("start_level"))
    formats = {Format(f) for f in placement.get("formats", []) if f in Format._value2member_map_}
    if not placement and answers.get("childcare_needed") is True:
        formats.add(Format.CHILDCARE)
    availability = frozenset(a for a in answers.get("availability") or [] if a in Availability._value2member_map_)
    district = answers.get("district") if isinstance(answers.get("district"), str) else ""
    return Needs(
        course=course, start_level=level, formats=frozenset(formats), availability=availability, district=district or ""
    )


def _bound(name: str, type_: TypeEngine[Any]) -> BindParameter[Any]:
    return bindparam(name, type_=type_)


@functools.cache
def ranking_statement(counseling: bool) -> Select[Any]:
    """The ranked match as one statement for every need: each choice (course, dates, level, formats, times,
    district) is a bound parameter, so it is built once, compiled once per database and, after a few runs,
    prepared by PostgreSQL; a need that is not asked for binds zero points. ``counseling``: a counseling
    placement also fits a counseling offer (a different WHERE, so a statement of its own)."""
    kind: ColumnElement[bool] = Offer.course_type == _bound("course", String())
    if counseling:
        kind = or_(kind, Offer.measure == Measure.COUNSELING_SERVICE.value)
    conditions = [
        kind,
        Offer.status.in_([s.value for s in BOOKABLE]),
        Offer.start_date >= _bound("earliest", Date()),
        or_(Offer.end_date.is_(None), Offer.end_date >= _bound("today", Date())),
        or_(Offer.places_free > 0, Offer.waitlist_open.is_(True)),
        or_(
            Offer.entry_rank.is_(None),
            Offer.entry_rank.between(_bound("rank_low", Integer()), _bound("rank_high", Integer())),
        ),
    ]
    fits_time = or_(
        Offer.time_of_day.is_(None),
        *(
            and_(Offer.time_of_day == part.value, _bound(f"time_{part.value}", Boolean()))
            for part in Availability
            if part is not Availability.WEEKENDS
        ),
        and_(Offer.on_weekend.is_(True), _bound(f"time_{Availability.WEEKENDS.value}", Boolean())),
    )
    points: list[ColumnElement[Any]] = [
        case((Offer.places_free > 0, 20), else_=0),
        case((Offer.start_date <= _bound("horizon", Date()), 15), else_=0),
        case(
            (Offer.entry_rank == _bound("rank", Integer()), _bound("points_level", Integer())),
            (Offer.entry_rank.is_(None), _bound("points_no_level", Integer())),
            else_=_bound("points_near_level", Integer()),
        ),
        *(
            case((column.is_(True), _bound(f"points_{fmt.value}", Integer())), else_=0)
            for fmt, column in FORMAT_COLUMNS.items()
        ),
        case((fits_time, _bound("points_time", Integer())), else_=0),
        case((Offer.district_key == _bound("district", String()), _bound("points_district", Integer())), else_=0),
    ]
    score = sum(points[1:], points[0]).label("score")
    return (
        # plain columns (no ORM objects) and ordered by the label: the CASE sum is written (and computed) once
        select(*VIEW_COLUMNS, score, Provider.name.label("provider_name"))
        .join(Provider, Provider.id == Offer.provider_id)
        .where(and_(*conditions))
        .order_by(score.desc(), Offer.start_date, Offer.id)
        .limit(_bound("limit", Integer()))
    )


def ranking_parameters(needs: Needs, today: date, weeks: int, limit: int = LIMIT) -> dict[str, Any]:
    """The bound values of :func:`ranking_statement` for ``needs``: the hard conditions (an entry level at
    most one step from the start level, not started more than four weeks ago) and the points of each
    soft one (exact level 30, no level given 15, a neighbouring level 10; a free place 20; start within
    ``weeks`` 15; childcare 15, women-only 10, online 5, another wanted format 10; time of day 10; district
    10)."""
    assert needs.course is not None
    level = needs.start_level
    parameters: dict[str, Any] = {
        "course": needs.course.value,
        "earliest": today - timedelta(days=LATE_ENTRY_DAYS),
        "today": today,
        "horizon": today + timedelta(weeks=weeks),
        "rank": level.rank if level else _NO_RANK,
        "rank_low": level.rank - 1 if level else -_NO_RANK,
        "rank_high": level.rank + 1 if level else _NO_RANK,
        "points_level": 30 if level else 0,
        "points_no_level": 15 if level else 0,
        "points_near_level": 10 if level else 0,
        "points_time": 10 if needs.availability else 0,
        "district": district_key(needs.district),
        "points_district": 10 if needs.district else 0,
        "limit": limit,
    }
    for fmt in FORMAT_COLUMNS:
        parameters[f"points_{fmt.value}"] = _FORMAT_POINTS.get(fmt, 10) if fmt in needs.formats else 0
    for part in Availability:
        parameters[f"time_{part.value}"] = part in needs.availability
    return parameters


def explain(offer: OfferView, needs: Needs, today: date, weeks: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(what fits, what does not fit), German sentences for one offer."""
    fits: list[str] = [f"Kursart: {offer.kind_label}"]
    misfits: list[str] = []
    if needs.start_level is not None and offer.entry_level is not None:
        if offer.entry_level is needs.start_level:
            fits.append(f"Einstieg bei {offer.entry_level.label} wie empfohlen")
        else:
            misfits.append(f"Einstieg bei {offer.entry_level.label}, empfohlen ist {needs.start_level.label}")
    if offer.places_free > 0:
        fits.append(f"{offer.places_free} freie Plätze")
    else:
        misfits.append("keine freien Plätze, nur Warteliste")
    if offer.start_date <= today + timedelta(weeks=weeks):
        fits.append(f"Beginn am {offer.start_date:%d.%m.%Y} (innerhalb von {weeks} Wochen)")
    else:
        misfits.append(f"Beginn erst am {offer.start_date:%d.%m.%Y} (später als {weeks} Wochen)")
    for fmt in sorted(needs.formats):
        has = offer.childcare_on_site if fmt is Format.CHILDCARE else fmt in offer.formats
        (fits if has else misfits).append(f"{fmt.label}: {'ja' if has else 'nein'}")
    if needs.availability:
        part = _part_of_day(offer)
        wanted = ", ".join(Availability(a).label for a in sorted(needs.availability))
        if (
            part is None
            or part in needs.availability
            or (Availability.WEEKENDS in needs.availability and offer.days and set(offer.days) & {"sat", "sun"})
        ):
            fits.append(f"Zeit passt ({offer.schedule or 'nach Absprache'})")
        else:
            misfits.append(f"Zeit: {Availability(part).label}, möglich ist {wanted}")
    if needs.district:
        if district_key(offer.district) == district_key(needs.district):
            fits.append(f"im Stadtteil {offer.district}")
        else:
            misfits.append(f"anderer Stadtteil ({offer.district or 'nicht angegeben'})")
    return tuple(fits), tuple(misfits)


def _part_of_day(offer: OfferView) -> str | None:

    part = time_of_day(offer.time_from)
    return part.value if part else None


def run_match(s: Session, needs: Needs, weeks: int, limit: int = LIMIT) -> tuple[Match, ...]:
    """The top ``limit`` offers with their reasons. Offers hold no personal data, so the ranking runs on the
    session's connection as plain SQL (the personal-data guard watches ORM statements)."""
    assert needs.course is not None
    today = utcnow().date()
    statement = ranking_statement(needs.course is Course.COUNSELING)
    result = []
    for row in s.connection().execute(statement, ranking_parameters(needs, today, weeks, limit)):
        view = offer_view(row, row.provider_name)
        fits, misfits = explain(view, needs, today, weeks)
        result.append(Match(offer=view, score=int(row.score), fits=fits, misfits=misfits))
    return tuple(result)


@transactional(readonly=True)
def matching_offers(s: Session, actor: Actor, interview_id: int, weeks: int = DEFAULT_WEEKS) -> MatchResult:
    """The fitting offers of all providers for one interview the actor may see, best first."""
    verify_actor(s, actor)
    interview = access.interview_values(s, actor, interview_id, Interview.scores, Interview.answers)
    needs = needs_from(interview.scores, interview.answers or {})
    if needs.course is None:
        return MatchResult(needs, (), weeks, "Noch keine Empfehlung: Passende Angebote erscheinen nach dem Einreichen.")
    matches = run_match(s, needs, weeks)
    message = "" if matches else f"Kein passendes Angebot für „{needs.course.label}“ mit freiem Platz oder Warteliste."
    return MatchResult(needs, matches, weeks, message)


@transactional(readonly=True)
def matching_for_needs(s: Session, actor: Actor, needs: Needs, weeks: int = DEFAULT_WEEKS) -> MatchResult:
    """The same for given needs (counseling page without an interview, benchmark)."""
    verify_actor(s, actor)
    if needs.course is None:
        return MatchResult(needs, (), weeks, "Bitte eine Kursart wählen.")
    return MatchResult(needs, run_match(s, needs, weeks), weeks)
