"""levels index in GROUP BY order (provider, five levels, status): statistics without a sort

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 03:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD = [
    "status",
    "provider_id",
    "level_listening",
    "level_reading",
    "level_spoken_interaction",
    "level_spoken_production",
    "level_writing",
]
NEW = [
    "provider_id",
    "level_listening",
    "level_reading",
    "level_spoken_interaction",
    "level_spoken_production",
    "level_writing",
    "status",
]


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index("ix_interviews_levels")
        batch_op.create_index("ix_interviews_levels", NEW, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index("ix_interviews_levels")
        batch_op.create_index("ix_interviews_levels", OLD, unique=False)
