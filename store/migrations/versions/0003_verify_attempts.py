"""verification attempts (rate limit of the public certificate check)

Revision ID: 0003_verify_attempts
Revises: 0002
Create Date: 2026-11-26 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_verify_attempts"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "verify_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_hash", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verify_attempts")),
    )
    op.create_index("ix_verify_attempts_client_hash_at", "verify_attempts", ["client_hash", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_verify_attempts_client_hash_at", table_name="verify_attempts")
    op.drop_table("verify_attempts")
