"""The shared course catalogue: every provider keeps its own offers; everyone signed in sees all of them.

Who may do what (decided in ``store.course_access``): provider staff create and edit only their own
provider's offers; the counseling office, the admin and every provider read all; the public course
finder (``public_offers``) reads bookable offers without an actor. Offers hold no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from schemas.course_views import OfferView
from schemas.courses import (
    BOOKABLE,
    HOLDS_PLACE,
    CourseDraft,
    Measure,
    OfferStatus,
    Weekday,
    course_problems,
    time_of_day,
)
from schemas.placement import Course, Format
from schemas.vocabulary import Level
from store import audit
from store.access import Actor, user_fk, verify_actor
from store.clock import utcnow
from store.course_access import editable_offer, require_catalogue_editor
from store.course_models import Offer, Referral
from store.errors import InvalidInput, NotFound
from store.models import Provider
from store.tx import transactional

_DAY_ORDER: dict[str, int] = {day.value: i for i, day in enumerate(Weekday)}


def district_key(district: str) -> str:
    return " ".join(district.split()).casefold()


# Each course form's column (childcare: on site), for the finder's filters and the matching's points
FORMAT_COLUMNS = {
    Format.CHILDCARE: Offer.childcare,
    Format.FULL_TIME: Offer.full_time,
    Format.PART_TIME: Offer.part_time,
    Format.EVENING: Offer.evening,
    Format.ONLINE: Offer.online,
    Format.WOMEN_ONLY: Offer.women_only,
}
# The columns ``offer_view`` reads: what a page of plain rows selects (not the filter and record columns)
VIEW_COLUMNS = tuple(
    Offer.__table__.c[name]
    for name in (
        "id", "provider_id", "title", "course_type", "measure", "entry_level", "target_level", "start_date",
        "end_date", "days", "time_from", "time_to", "teaching_units", "full_time", "part_time", "evening", "online",
        "women_only", "childcare", "address", "district", "barrier_free", "accessibility", "places_total",
        "places_free", "waitlist_open", "contact", "status", "lock_version",
    )
)  # fmt: skip


def offer_view(offer: Offer | Row[Any], provider_name: str) -> OfferView:
    """An offer (a row object or a plain row of the courses table's columns) as the pages show it."""
    formats = {
        Format.FULL_TIME: offer.full_time,
        Format.PART_TIME: offer.part_time,
        Format.EVENING: offer.evening,
        Format.ONLINE: offer.online,
        Format.WOMEN_ONLY: offer.women_only,
    }
    return OfferView(
        id=offer.id,
        provider_id=offer.provider_id,
        provider_name=provider_name,
        title=offer.title,
        course_type=Course(offer.course_type) if offer.course_type else None,
        measure=Measure(offer.measure) if offer.measure else None,
        entry_level=Level.parse(offer.entry_level),
        target_level=Level.parse(offer.target_level),
        start_date=offer.start_date,
        end_date=offer.end_date,
        days=tuple(Weekday(d) for d in offer.days.split(",") if d),
        time_from=offer.time_from,
        time_to=offer.time_to,
        teaching_units=offer.teaching_units,
        formats=frozenset(f for f, on in formats.items() if on),
        childcare_on_site=offer.childcare,
        address=offer.address,
        district=offer.district,
        barrier_free=offer.barrier_free,
        accessibility=offer.accessibility,
        places_total=offer.places_total,
        places_free=offer.places_free,
        waitlist_open=offer.waitlist_open,
        contact=offer.contact,
        status=OfferStatus(offer.status),
        lock_version=offer.lock_version,
    )


def apply_draft(offer: Offer, draft: CourseDraft) -> None:
    """Copies a checked draft onto a row (with the derived filter columns)."""
    offer.title = draft.title
    offer.course_type = draft.course_type.value if draft.course_type else None
    offer.measure = draft.measure.value if draft.measure else None
    offer.entry_level = draft.entry_level.value if draft.entry_level else None
    offer.target_level = draft.target_level.value if draft.target_level else None
    offer.entry_rank = draft.entry_level.rank if draft.entry_level else None
    offer.start_date = draft.start_date
    offer.end_date = draft.end_date
    offer.days = ",".join(sorted(draft.days, key=lambda day: _DAY_ORDER[day]))
    offer.time_from = draft.time_from
    offer.time_to = draft.time_to
    part = time_of_day(draft.time_from)
    offer.time_of_day = part.value if part else None
    offer.on_weekend = bool(draft.days & {Weekday.SAT, Weekday.SUN})
    offer.teaching_units = draft.teaching_units
    offer.full_time = Format.FULL_TIME in draft.formats
    offer.part_time = Format.PART_TIME in draft.formats
    offer.evening = Format.EVENING in draft.formats
    offer.online = Format.ONLINE in draft.formats
    offer.women_only = Format.WOMEN_ONLY in draft.formats
    offer.childcare = draft.childcare_on_site
    offer.address = draft.address
    offer.district = draft.district
    offer.district_key = district_key(draft.district)
    offer.barrier_free = draft.barrier_free
    offer.accessibility = draft.accessibility
    offer.places_total = draft.places_total
    offer.places_free = draft.places_free
    offer.waitlist_open = draft.waitlist_open
    offer.contact = draft.contact
    offer.status = draft.status.value


def check_draft(draft: CourseDraft, *, new: bool) -> None:
    problems = course_problems(draft, utcnow().date(), new=new)
    if problems:
        field, _ = problems[0]
        raise InvalidInput(" ".join(message for _, message in problems), field)


def provider_names(s: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    return dict(s.execute(select(Provider.id, Provider.name).where(Provider.id.in_(wanted))).all())


@transactional()
def create_offer(s: Session, actor: Actor, draft: CourseDraft, provider_id: int | None = None) -> OfferView:
    """A new offer of the actor's provider (the command line names the provider)."""
    verify_actor(s, actor)
    provider = require_catalogue_editor(s, actor, provider_id)
    check_draft(draft, new=True)
    offer = Offer(provider_id=provider, updated_by_id=user_fk(actor), created_at=utcnow(), updated_at=utcnow())
    apply_draft(offer, draft)
    s.add(offer)
    s.flush()
    audit.record(s, actor, "course.created", "course", offer.id, provider_id=provider)
    return offer_view(offer, provider_names(s, [provider])[provider])


@transactional()
def update_offer(s: Session, actor: Actor, offer_id: int, draft: CourseDraft, lock_version: int) -> OfferView:
    """Changes an own offer. Reserved places stay reserved: free places may not exceed the total minus
    the places held by accepted referrals (the store checks it)."""
    verify_actor(s, actor)
    offer = editable_offer(s, actor, offer_id, for_update=True)
    if offer.lock_version != lock_version:
        raise InvalidInput(
            "Das Angebot wurde inzwischen geändert. Bitte laden Sie es neu und übernehmen Sie Ihre Änderungen.",
            "lock_version",
        )
    check_draft(draft, new=False)
    held = (
        s.scalar(
            select(func.count())
            .select_from(Referral)
            .where(Referral.course_id == offer.id, Referral.status.in_([h.value for h in HOLDS_PLACE]))
        )
        or 0
    )
    if draft.places_total - draft.places_free < held:
        raise InvalidInput(
            f"{held} Plätze sind durch zugesagte Vermittlungen belegt: Plätze insgesamt minus freie Plätze "
            f"muss mindestens {held} sein.",
            "places_free",
        )
    apply_draft(offer, draft)
    offer.lock_version += 1
    offer.updated_at = utcnow()
    offer.updated_by_id = user_fk(actor)
    audit.record(s, actor, "course.updated", "course", offer.id, provider_id=offer.provider_id)
    return offer_view(offer, provider_names(s, [offer.provider_id])[offer.provider_id])


@transactional(readonly=True)
def get_offer(s: Session, actor: Actor, offer_id: int) -> OfferView:
    verify_actor(s, actor)
    offer = s.get(Offer, offer_id)
    if offer is None:
        raise NotFound(f"Angebot Nr. {offer_id} wurde nicht gefunden.")
    return offer_view(offer, provider_names(s, [offer.provider_id])[offer.provider_id])


@dataclass(frozen=True, slots=True)
class OfferFilters:
    """Filters of the catalogue and the public finder (all optional)."""

    provider_id: int | None = None
    course_type: Course | None = None
    measure: Measure | None = None
    level: Level | None = None  # offers whose entry level is this level
    district: str = ""
    formats: frozenset[Format] = frozenset()  # every one required (childcare: on site)
    start_month: date | None = None  # the first day of a month
    statuses: tuple[OfferStatus, ...] = BOOKABLE
    include_past: bool = False  # offers that ended before today


def _filtered(filters: OfferFilters, today: date, query: Select[Any]) -> Select[Any]:
    query = query.where(Offer.status.in_([s.value for s in filters.statuses]))
    if filters.provider_id is not None:
        query = query.where(Offer.provider_id == filters.provider_id)
    if filters.course_type is not None:
        query = query.where(Offer.course_type == filters.course_type.value)
    if filters.measure is not None:
        query = query.where(Offer.measure == filters.measure.value)
    if filters.level is not None:
        query = query.where(Offer.entry_rank == filters.level.rank)
    if filters.district:
        query = query.where(Offer.district_key == district_key(filters.district))
    for fmt in filters.formats:
        query = query.where(FORMAT_COLUMNS[fmt].is_(True))
    if filters.start_month is not None:
        first = filters.start_month.replace(day=1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        query = query.where(Offer.start_date >= first, Offer.start_date < following)
    if not filters.include_past:
        query = query.where(or_(Offer.end_date.is_(None), Offer.end_date >= today))
    return query


def _page(s: Session, filters: OfferFilters, limit: int, offset: int) -> tuple[list[OfferView], int]:
    """One page and the total in one round trip (a window count), the provider's name joined. Offers hold
    no personal data: plain rows on the session's connection, without the ORM layer."""
    today = utcnow().date()
    page = select(*VIEW_COLUMNS, Provider.name.label("provider_name"), func.count().over().label("total"))
    page = page.join(Provider, Provider.id == Offer.provider_id)
    rows = (
        s.connection()
        .execute(_filtered(filters, today, page).order_by(Offer.start_date, Offer.id).limit(limit).offset(offset))
        .all()
    )
    if not rows:  # nothing found, or a page beyond the last one
        total = s.connection().execute(_filtered(filters, today, select(func.count()).select_from(Offer))).scalar()
        return [], int(total or 0)
    return [offer_view(row, row.provider_name) for row in rows], int(rows[0].total)


@transactional(readonly=True)
def list_offers(
    s: Session, actor: Actor, filters: OfferFilters | None = None, *, limit: int = 200, offset: int = 0
) -> tuple[list[OfferView], int]:
    """The catalogue of all providers (any signed-in user), filtered and paged in SQL."""
    verify_actor(s, actor)
    return _page(s, filters or OfferFilters(), limit, offset)


@transactional(readonly=True)
def public_offers(
    s: Session, filters: OfferFilters | None = None, *, limit: int = 50, offset: int = 0
) -> tuple[list[OfferView], int]:
    """The public course finder: bookable offers only, no actor (offers carry no personal data)."""
    filters = filters or OfferFilters()
    bookable = tuple(st for st in filters.statuses if st in BOOKABLE) or BOOKABLE
    return _page(s, replace(filters, statuses=bookable, include_past=False), limit, offset)


@transactional(readonly=True)
def offer_districts(s: Session) -> list[str]:
    """The districts of bookable offers (for the finder's filter), sorted."""
    query = select(Offer.district).where(Offer.status.in_([b.value for b in BOOKABLE]), Offer.district != "")
    return sorted(set(s.scalars(query.distinct())), key=str.casefold)


__all__ = [
    "OfferFilters",
    "create_offer",
    "get_offer",
    "list_offers",
    "offer_districts",
    "public_offers",
    "update_offer",
]
