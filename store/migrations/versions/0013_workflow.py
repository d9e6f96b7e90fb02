"""workflow: how a consent was declared (method, date, note); an interview's submissions count, first
opening by its reviewer and assignment to a counselor

Revision ID: 0013_workflow
Revises: 0012_certificate_printed
Create Date: 2026-12-07 06:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_workflow"
down_revision = "0012_certificate_printed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("method", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("declared_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.String(length=500), nullable=True))
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submissions", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("first_opened_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("first_opened_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_interviews_first_opened_by_id_users", "users", ["first_opened_by_id"], ["id"])
        batch_op.create_foreign_key("fk_interviews_assigned_to_id_users", "users", ["assigned_to_id"], ["id"])
        batch_op.create_index("ix_interviews_assigned_to_id", ["assigned_to_id"], unique=False)
    # what was submitted before counts once per submit event
    op.execute(
        "UPDATE interviews SET submissions = (SELECT COUNT(*) FROM review_events "
        "WHERE review_events.interview_id = interviews.id AND review_events.kind = 'submit')"
    )
    # a waiting interview a counselor already read (the audit trail's reads since its submission) can no
    # longer be withdrawn; the others can, until their reviewer opens them
    op.execute(
        "UPDATE interviews SET first_opened_at = (SELECT MIN(audit_events.at) FROM audit_events "
        "JOIN users ON users.id = audit_events.actor_id "
        "WHERE audit_events.record_type = 'interview' AND audit_events.record_id = interviews.id "
        "AND audit_events.action = 'interview.read' AND users.role = 'counselor' "
        "AND audit_events.at >= interviews.submitted_at) "
        "WHERE interviews.status = 'submitted'"
    )


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index("ix_interviews_assigned_to_id")
        batch_op.drop_constraint("fk_interviews_assigned_to_id_users", type_="foreignkey")
        batch_op.drop_constraint("fk_interviews_first_opened_by_id_users", type_="foreignkey")
        batch_op.drop_column("assigned_to_id")
        batch_op.drop_column("first_opened_by_id")
        batch_op.drop_column("first_opened_at")
        batch_op.drop_column("submissions")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("declared_on")
        batch_op.drop_column("method")
