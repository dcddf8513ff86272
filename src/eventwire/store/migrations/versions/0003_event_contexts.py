"""Events get their PLOVER contexts (the code's and those the clause makes clear) and, for aid, its kind
(military, economic, humanitarian).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("contexts", sa.JSON()))
        batch.add_column(sa.Column("aid_kind", sa.String()))
        batch.create_index("ix_events_aid_kind", ["aid_kind"])


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_aid_kind")
        batch.drop_column("aid_kind")
        batch.drop_column("contexts")
