"""covering index for the dashboard

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 03:35:22.545842
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interviews_dashboard",
            ["status", "provider_id", "submitted_at", "approved_at", "recommended_course"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index("ix_interviews_dashboard")
