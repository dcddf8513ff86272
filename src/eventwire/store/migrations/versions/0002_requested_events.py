"""Events get a `requested` flag (an event someone asked for: 'urged partners to shoot down ...') and the CAMEO
facts researchers filter on: root, QuadClass and Goldstein score.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("requested", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("cameo_root", sa.String()))
        batch.add_column(sa.Column("quad_class", sa.Integer()))
        batch.add_column(sa.Column("goldstein", sa.Float()))
        batch.create_index("ix_events_quad_class", ["quad_class"])


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_quad_class")
        for column in ("goldstein", "quad_class", "cameo_root", "requested"):
            batch.drop_column(column)
