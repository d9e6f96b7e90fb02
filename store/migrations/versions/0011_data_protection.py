"""users.data_protection_since: when an account was designated for data-protection requests

Handling data-protection requests (search by name and birth date, Art. 15 export, erasure) becomes a
deliberate per-account designation for admins as for counselors (``can_handle_data_requests``, which
until now only counselors could carry while every admin had it implicitly). Admins lose the implicit
right with this revision: an admin designates the accounts (possibly their own), audited. Counselors
designated before keep the designation, dated at the upgrade.

Revision ID: 0011_data_protection
Revises: 0008
Create Date: 2026-12-07 05:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_data_protection"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_protection_since", sa.DateTime(), nullable=True))
    op.execute("UPDATE users SET data_protection_since = CURRENT_TIMESTAMP WHERE can_handle_data_requests")


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("data_protection_since")
