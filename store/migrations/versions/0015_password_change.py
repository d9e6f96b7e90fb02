"""users: must_change_password — a password that an admin or a provider lead set (new account, reset) is
temporary; its owner must choose an own one at the next sign-in before any page opens

Revision ID: 0015_password_change
Revises: 0014_course_need
Create Date: 2026-12-07 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_password_change"
down_revision = "0014_course_need"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # existing accounts keep their password: only passwords set from now on are temporary
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
