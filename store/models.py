"""The tables (SQLAlchemy 2 typed declarative models).

Private to the store: the UI and other packages never import this module (a test checks it) and get
plain views from the store's functions instead, so no page can query personal data unscoped.
Timestamps are naive UTC everywhere (same on SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from schemas.vocabulary import Status
from store.clock import utcnow

JsonType = JSON().with_variant(JSONB(), "postgresql")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JsonType, list[Any]: JsonType}


class Provider(Base):
    __tablename__ = "providers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    logo_mime: Mapped[str | None] = mapped_column(String(50), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)  # stored lower-case
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))  # a Role id
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("providers.id"), nullable=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # designated for data-protection requests ("Datenschutz"; admins and counselors), and since when
    can_handle_data_requests: Mapped[bool] = mapped_column(Boolean, default=False)
    data_protection_since: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # the password was set by someone else (new account, reset): the owner must choose an own one first
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())


class Learner(Base):
    __tablename__ = "learners"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    family_name: Mapped[str | None] = mapped_column(String(200), nullable=True)  # None once erased
    given_names: Mapped[str | None] = mapped_column(String(200), nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    name_key: Mapped[str | None] = mapped_column(String(400), nullable=True)
    # Current consent state, denormalised from `consents` so the review list filters in SQL.
    processing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    sharing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    possible_duplicate: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    erased_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)

    __table_args__ = (Index("ix_learners_name_key_birth", "name_key", "birth_date"),)


class Consent(Base):
    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # a ConsentPurpose id
    given: Mapped[bool] = mapped_column(Boolean)  # False = withdrawn / refused
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    method: Mapped[str | None] = mapped_column(String(30), nullable=True)  # a ConsentMethod id
    declared_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # when the learner declared it
    note: Mapped[str | None] = mapped_column(String(500), nullable=True)  # e.g. the interpreter's name


class Interview(Base):
    __tablename__ = "interviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    guide_id: Mapped[str] = mapped_column(String(100))
    guide_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT)  # a Status id
    level_listening: Mapped[str | None] = mapped_column(String(10), nullable=True)
    level_reading: Mapped[str | None] = mapped_column(String(10), nullable=True)
    level_spoken_interaction: Mapped[str | None] = mapped_column(String(10), nullable=True)
    level_spoken_production: Mapped[str | None] = mapped_column(String(10), nullable=True)
    level_writing: Mapped[str | None] = mapped_column(String(10), nullable=True)
    recommended_course: Mapped[str | None] = mapped_column(String(60), nullable=True)
    literacy: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # what the course figures' unmet demand groups by, written with the score (store.workflow.store_score)
    # so the dashboard counts columns instead of reading every interview's answers and score as JSON:
    need_formats: Mapped[str | None] = mapped_column(String(120), nullable=True)  # Format ids, comma-separated
    district: Mapped[str | None] = mapped_column(String(100), nullable=True)  # the "district" answer, trimmed
    current_section: Mapped[str | None] = mapped_column(String(100), nullable=True)
    learner_language: Mapped[str] = mapped_column(String(10), default="de")
    interviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    personal_data_erased: Mapped[bool] = mapped_column(Boolean, default=False)
    # The learner's sharing consent, copied here (kept in step by store.learners.add_consent and the
    # erasure) so the counseling office's list and counts need no join: see store.access.
    shared: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # the review: how often submitted (>1: resubmitted), first opened by its reviewer (ends withdrawing),
    # the counselor it is assigned to
    submissions: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_opened_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    first_opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    # The large JSON values come last: SQLite stores columns in this order, so list and statistics
    # queries read the small columns without walking the overflow pages of the answers.
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    scores: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)

    __table_args__ = (
        # the counseling office's list: status (+ provider) filter, newest/oldest submission first
        Index("ix_interviews_status_submitted", "status", "submitted_at"),
        Index("ix_interviews_status_provider_submitted", "status", "provider_id", "submitted_at"),
        # the counseling office's list and its count, index-only: shared + status (+ provider), by date
        Index("ix_interviews_review", "shared", "status", "provider_id", "submitted_at"),
        # a provider's own lists
        Index("ix_interviews_provider_updated", "provider_id", "updated_at"),
        # level statistics answered from the index alone (covering), without reading the rows
        # (in GROUP BY order, status last: one pass over the index, no sort)
        Index(
            "ix_interviews_levels",
            "provider_id",
            "level_listening",
            "level_reading",
            "level_spoken_interaction",
            "level_spoken_production",
            "level_writing",
            "status",
        ),
        # the dashboard's counts by status, provider, month, course and its waiting times, likewise
        Index(
            "ix_interviews_dashboard",
            "status",
            "provider_id",
            "submitted_at",
            "approved_at",
            "recommended_course",
        ),
    )


class InterviewRevision(Base):
    __tablename__ = "interview_revisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    lock_version: Mapped[int] = mapped_column(Integer)  # the version this save produced
    kind: Mapped[str] = mapped_column(String(20), default="save")  # save | submit
    section: Mapped[str | None] = mapped_column(String(100), nullable=True)
    diff: Mapped[dict[str, Any]] = mapped_column(default=dict)  # question id -> [old, new]
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReviewEvent(Base):
    __tablename__ = "review_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # an Action id, or COMMENT_EVENT
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Certificate(Base):
    __tablename__ = "certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)  # frozen values; None once erased
    verification_code: Mapped[str] = mapped_column(String(100))
    # indexed: the public PDF-upload check looks certificates up by the file's hash
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoke_reason: Mapped[str | None] = mapped_column(String(300), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # printed (batch printing or marked by hand: when, by whom) and handed out to the learner (the day, and
    # who recorded it when); indexed: the "noch nicht gedruckt" list filters on printed_at IS NULL
    printed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    printed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    handed_out_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    handed_out_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    handed_out_recorded_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (UniqueConstraint("year", "sequence", name="uq_certificates_year_sequence"),)


class AppSetting(Base):
    __tablename__ = "app_settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column()  # {"v": <value>} so any JSON value fits
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no FK: the trail outlives accounts
    actor_username: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(60))
    record_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    learner_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    provider_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)  # never personal data


class AuditEventLearner(Base):
    """A learner included in a bulk access (a search result, a page of the review list, an export, a batch
    print): the event's ``learner_id`` holds one learner only, so these rows let the learner's own access
    report (Art. 15) list every bulk access that included them."""

    __tablename__ = "audit_event_learners"
    event_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner_id: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class GuideVersion(Base):
    """A guide version uploaded by the admin (bundled guides live in questionnaire/guides/)."""

    __tablename__ = "guide_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("guide_id", "version", name="uq_guide_versions_guide_id_version"),)
