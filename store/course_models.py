"""The tables of the course catalogue and of referrals (private to the store, like ``store.models``).

Offers carry their filter values as plain indexed columns (course type, status, start date, entry level
rank, one boolean per format, time of day, district key), so matching and the public finder filter and
rank in SQL. ``places_free`` can never go below zero or above the total (CHECK constraints, besides the
conditional UPDATE that reserves a place).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from store.clock import utcnow
from store.models import Base


class Offer(Base):
    __tablename__ = "courses"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    course_type: Mapped[str | None] = mapped_column(String(40), nullable=True)  # a placement Course id
    measure: Mapped[str | None] = mapped_column(String(40), nullable=True)  # a Measure id
    entry_level: Mapped[str | None] = mapped_column(String(10), nullable=True)  # a Level id
    target_level: Mapped[str | None] = mapped_column(String(10), nullable=True)
    entry_rank: Mapped[int | None] = mapped_column(Integer, nullable=True)  # Level.rank, for range filters
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    days: Mapped[str] = mapped_column(String(40), default="")  # Weekday ids, comma-separated, in week order
    time_from: Mapped[time | None] = mapped_column(Time, nullable=True)
    time_to: Mapped[time | None] = mapped_column(Time, nullable=True)
    time_of_day: Mapped[str | None] = mapped_column(String(20), nullable=True)  # an Availability id
    on_weekend: Mapped[bool] = mapped_column(Boolean, default=False)
    teaching_units: Mapped[int | None] = mapped_column(Integer, nullable=True)
    full_time: Mapped[bool] = mapped_column(Boolean, default=False)
    part_time: Mapped[bool] = mapped_column(Boolean, default=False)
    evening: Mapped[bool] = mapped_column(Boolean, default=False)
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    women_only: Mapped[bool] = mapped_column(Boolean, default=False)
    childcare: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str] = mapped_column(Text, default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    district_key: Mapped[str] = mapped_column(String(100), default="")  # lower-case, for comparisons
    barrier_free: Mapped[bool] = mapped_column(Boolean, default=False)
    accessibility: Mapped[str] = mapped_column(String(300), default="")
    places_total: Mapped[int] = mapped_column(Integer, default=0)
    places_free: Mapped[int] = mapped_column(Integer, default=0)
    waitlist_open: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(20))  # an OfferStatus id
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint("places_free >= 0", name="places_free_not_negative"),
        CheckConstraint("places_free <= places_total", name="places_free_within_total"),
        # matching: one course type, bookable statuses, by start date (entry rank filtered on the rows found)
        Index("ix_courses_match", "course_type", "status", "start_date", "entry_rank"),
        # the public finder and the figures: status and start month
        Index("ix_courses_status_start", "status", "start_date"),
    )


class Referral(Base):
    __tablename__ = "referrals"
    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    interview_id: Mapped[int | None] = mapped_column(ForeignKey("interviews.id"), nullable=True, index=True)
    from_provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), nullable=True, index=True)
    to_provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # a ReferralStatus id
    reason: Mapped[str] = mapped_column(Text, default="")  # why declined (or dropped)
    note: Mapped[str] = mapped_column(Text, default="")  # a note of the proposing side
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (Index("ix_referrals_to_status", "to_provider_id", "status"),)


class ReferralEvent(Base):
    __tablename__ = "referral_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # a ReferralAction id, or "propose"
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
