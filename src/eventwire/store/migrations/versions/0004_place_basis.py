"""Places record how they were placed: by their name, by a place their name contains, or at the report's focus.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("places") as batch:
        batch.add_column(sa.Column("basis", sa.String()))


def downgrade() -> None:
    with op.batch_alter_table("places") as batch:
        batch.drop_column("basis")
