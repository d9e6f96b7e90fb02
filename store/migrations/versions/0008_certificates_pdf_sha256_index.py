"""index on certificates.pdf_sha256: the public PDF-upload check looks certificates up by the file's hash

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 04:25:00
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index("ix_certificates_pdf_sha256", ["pdf_sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index("ix_certificates_pdf_sha256")
