"""covering index for level statistics

Revision ID: 0004
Revises: 0003_verify_attempts
Create Date: 2026-11-26 03:21:55.220655
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003_verify_attempts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interviews_levels",
            [
                "status",
                "provider_id",
                "level_listening",
                "level_reading",
                "level_spoken_interaction",
                "level_spoken_production",
                "level_writing",
            ],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index("ix_interviews_levels")
