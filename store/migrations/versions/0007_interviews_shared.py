"""interviews.shared: the learner's sharing consent copied onto the interview, and the review index

The counseling office's list and its total count then need no join with learners (index-only count).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 04:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shared", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.execute(
        "UPDATE interviews SET shared = COALESCE((SELECT learners.sharing_consent AND learners.erased_at IS NULL "
        "FROM learners WHERE learners.id = interviews.learner_id), false)"
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index("ix_interviews_review", ["shared", "status", "provider_id", "submitted_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index("ix_interviews_review")
        batch_op.drop_column("shared")
