"""users.data_protection_since: when an account was designated for data-protection requests; and
audit_event_learners: the learners a bulk access (search, list, export, batch print) included

Handling data-protection requests (search by name and birth date, Art. 15 export, erasure) becomes a
deliberate per-account designation for admins as for counselors (``can_handle_data_requests``, which
until now only counselors could carry while every admin had it implicitly). Admins lose the implicit
right with this revision: an admin designates the accounts (possibly their own), audited. Counselors
designated before keep the designation, dated at the upgrade.

``audit_event_learners`` links an audit event to every learner it included, so a learner's access report
(Art. 15) lists the searches, lists and exports that showed them (events before this revision carry no
such links).

Revision ID: 0011_data_protection
Revises: 0010_courses
Create Date: 2026-12-07 05:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_data_protection"
down_revision = "0010_courses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_protection_since", sa.DateTime(), nullable=True))
    op.execute("UPDATE users SET data_protection_since = CURRENT_TIMESTAMP WHERE can_handle_data_requests")
    op.create_table(
        "audit_event_learners",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", "learner_id", name=op.f("pk_audit_event_learners")),
    )
    op.create_index(op.f("ix_audit_event_learners_learner_id"), "audit_event_learners", ["learner_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_event_learners_learner_id"), table_name="audit_event_learners")
    op.drop_table("audit_event_learners")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("data_protection_since")
