"""certificates: printed and handed-out record (who marked it printed and when; handed out to the learner on
which day, recorded by whom), and an index for the "noch nicht gedruckt" list

Revision ID: 0012_certificate_printed
Revises: 0011_data_protection
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_certificate_printed"
down_revision = "0011_data_protection"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("printed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("printed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("handed_out_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("handed_out_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("handed_out_recorded_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key("fk_certificates_printed_by_id_users", "users", ["printed_by_id"], ["id"])
        batch_op.create_foreign_key("fk_certificates_handed_out_by_id_users", "users", ["handed_out_by_id"], ["id"])
        batch_op.create_index("ix_certificates_printed_at", ["printed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index("ix_certificates_printed_at")
        batch_op.drop_constraint("fk_certificates_handed_out_by_id_users", type_="foreignkey")
        batch_op.drop_constraint("fk_certificates_printed_by_id_users", type_="foreignkey")
        batch_op.drop_column("handed_out_recorded_at")
        batch_op.drop_column("handed_out_by_id")
        batch_op.drop_column("handed_out_on")
        batch_op.drop_column("printed_by_id")
        batch_op.drop_column("printed_at")
