"""interviews: the course forms needed and the district as columns (written with the score), so the course
figures' unmet demand counts columns instead of reading every interview's answers and score as JSON;
filled for the interviews that have a score

Revision ID: 0014_course_need
Revises: 0013_workflow
Create Date: 2026-12-07 16:00:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

from schemas.placement import course_need

revision = "0014_course_need"
down_revision = "0013_workflow"
branch_labels = None
depends_on = None

_BATCH = 2000


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("need_formats", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("district", sa.String(length=100), nullable=True))
    interviews = sa.table(
        "interviews",
        sa.column("id", sa.Integer),
        sa.column("answers", sa.JSON),
        sa.column("scores", sa.JSON),
        sa.column("need_formats", sa.String),
        sa.column("district", sa.String),
    )
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(interviews.c.id, interviews.c.answers, interviews.c.scores)
            .where(interviews.c.scores.is_not(None), interviews.c.id > last)
            .order_by(interviews.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        values = []
        for row in rows:
            formats, district = course_need(_json(row.scores), _json(row.answers) or {})
            if formats is not None or district is not None:
                values.append({"row_id": row.id, "formats": formats, "district": district})
        if values:
            bind.execute(
                interviews.update()
                .where(interviews.c.id == sa.bindparam("row_id"))
                .values(need_formats=sa.bindparam("formats"), district=sa.bindparam("district")),
                values,
            )
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_column("district")
        batch_op.drop_column("need_formats")
