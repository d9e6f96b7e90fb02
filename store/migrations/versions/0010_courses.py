"""the shared course catalogue (courses), referrals and their events (issue 17)

Revision ID: 0010_courses
Revises: 0009_sessions
Create Date: 2026-12-07 05:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_courses"
down_revision = "0009_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "provider_id",
            sa.Integer(),
            sa.ForeignKey("providers.id", name="fk_courses_provider_id_providers"),
            nullable=False,
        ),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("course_type", sa.String(40), nullable=True),
        sa.Column("measure", sa.String(40), nullable=True),
        sa.Column("entry_level", sa.String(10), nullable=True),
        sa.Column("target_level", sa.String(10), nullable=True),
        sa.Column("entry_rank", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("days", sa.String(40), nullable=False),
        sa.Column("time_from", sa.Time(), nullable=True),
        sa.Column("time_to", sa.Time(), nullable=True),
        sa.Column("time_of_day", sa.String(20), nullable=True),
        sa.Column("on_weekend", sa.Boolean(), nullable=False),
        sa.Column("teaching_units", sa.Integer(), nullable=True),
        sa.Column("full_time", sa.Boolean(), nullable=False),
        sa.Column("part_time", sa.Boolean(), nullable=False),
        sa.Column("evening", sa.Boolean(), nullable=False),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("women_only", sa.Boolean(), nullable=False),
        sa.Column("childcare", sa.Boolean(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("district", sa.String(100), nullable=False),
        sa.Column("district_key", sa.String(100), nullable=False),
        sa.Column("barrier_free", sa.Boolean(), nullable=False),
        sa.Column("accessibility", sa.String(300), nullable=False),
        sa.Column("places_total", sa.Integer(), nullable=False),
        sa.Column("places_free", sa.Integer(), nullable=False),
        sa.Column("waitlist_open", sa.Boolean(), nullable=False),
        sa.Column("contact", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column(
            "updated_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_courses_updated_by_id_users"),
            nullable=True,
        ),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.CheckConstraint("places_free >= 0", name="ck_courses_places_free_not_negative"),
        sa.CheckConstraint("places_free <= places_total", name="ck_courses_places_free_within_total"),
        sa.PrimaryKeyConstraint("id", name="pk_courses"),
    )
    op.create_index("ix_courses_provider_id", "courses", ["provider_id"])
    op.create_index("ix_courses_match", "courses", ["course_type", "status", "start_date", "entry_rank"])
    op.create_index("ix_courses_status_start", "courses", ["status", "start_date"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "course_id",
            sa.Integer(),
            sa.ForeignKey("courses.id", name="fk_referrals_course_id_courses"),
            nullable=False,
        ),
        sa.Column(
            "learner_id",
            sa.Integer(),
            sa.ForeignKey("learners.id", name="fk_referrals_learner_id_learners"),
            nullable=False,
        ),
        sa.Column(
            "interview_id",
            sa.Integer(),
            sa.ForeignKey("interviews.id", name="fk_referrals_interview_id_interviews"),
            nullable=True,
        ),
        sa.Column(
            "from_provider_id",
            sa.Integer(),
            sa.ForeignKey("providers.id", name="fk_referrals_from_provider_id_providers"),
            nullable=True,
        ),
        sa.Column(
            "to_provider_id",
            sa.Integer(),
            sa.ForeignKey("providers.id", name="fk_referrals_to_provider_id_providers"),
            nullable=False,
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "proposed_by_id",
            sa.Integer(),
            sa.ForeignKey("users.id", name="fk_referrals_proposed_by_id_users"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_referrals"),
    )
    for column in ("course_id", "learner_id", "interview_id", "from_provider_id", "to_provider_id"):
        op.create_index(f"ix_referrals_{column}", "referrals", [column])
    op.create_index("ix_referrals_to_status", "referrals", ["to_provider_id", "status"])
    op.create_table(
        "referral_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "referral_id",
            sa.Integer(),
            sa.ForeignKey("referrals.id", ondelete="CASCADE", name="fk_referral_events_referral_id_referrals"),
            nullable=False,
        ),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("from_status", sa.String(20), nullable=True),
        sa.Column("to_status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "actor_id", sa.Integer(), sa.ForeignKey("users.id", name="fk_referral_events_actor_id_users"), nullable=True
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_referral_events"),
    )
    op.create_index("ix_referral_events_referral_id", "referral_events", ["referral_id"])


def downgrade() -> None:
    op.drop_table("referral_events")
    op.drop_table("referrals")
    op.drop_table("courses")
