"""Initial schema: articles with report JSON, plus actors, mentions, events, quotes, times, places, amounts.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

CHILD_TABLES = ("actors", "mentions", "events", "quotes", "times", "places", "amounts")


def _key(local_id: str) -> list[sa.SchemaItem]:
    """Columns and constraints shared by the child tables: (article_id, local id) and list position."""
    return [
        sa.Column("article_id", sa.String(), nullable=False),
        sa.Column(local_id, sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", local_id),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
    ]


def _span(prefix: str = "") -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}start", sa.Integer()),
        sa.Column(f"{prefix}end", sa.Integer()),
        sa.Column(f"{prefix}text", sa.Text()),
    ]


def _actor_ref(prefix: str) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}_id", sa.String()),
        sa.Column(f"{prefix}_name", sa.Text()),
        sa.Column(f"{prefix}_code", sa.String()),
        sa.Column(f"{prefix}_country", sa.String()),
    ]


def _indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(f"ix_{table}_{column}", table, [column])


def _articles() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("url", sa.Text()),
        sa.Column("title", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published", sa.String()),
        sa.Column("published_date", sa.Date()),
        sa.Column("outlet", sa.Text()),
        sa.Column("byline", sa.Text()),
        sa.Column("agencies", sa.JSON()),
        sa.Column("language", sa.String()),
        sa.Column("source", sa.Text()),
        sa.Column("ingested_at", sa.String(), nullable=False),
        sa.Column("schema_version", sa.String()),
        sa.Column("report", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    _indexes("articles", "published_date", "outlet", "ingested_at")


def _actors_and_mentions() -> None:
    op.create_table(
        "actors",
        *_key("actor_id"),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String()),
        sa.Column("code", sa.String()),
        sa.Column("country", sa.String()),
        sa.Column("sector", sa.String()),
        sa.Column("affiliation", sa.Text()),
        sa.Column("roles", sa.JSON()),
        sa.Column("resolution", sa.Text()),
        sa.Column("mention_count", sa.Integer(), nullable=False),
    )
    _indexes("actors", "name", "code", "country")
    op.create_table(
        "mentions",
        *_key("mention_id"),
        sa.Column("actor_id", sa.String()),
        *_span(),
        sa.Column("form", sa.String()),
    )
    op.create_index("ix_mentions_actor", "mentions", ["article_id", "actor_id"])


def _events() -> None:
    op.create_table(
        "events",
        *_key("event_id"),
        sa.Column("plover", sa.String(), nullable=False),
        sa.Column("plover_mode", sa.String()),
        sa.Column("cameo", sa.String(), nullable=False),
        sa.Column("cameo_label", sa.Text()),
        *_actor_ref("source"),
        *_actor_ref("target"),
        *_span("trigger_"),
        sa.Column("sentence_index", sa.Integer()),
        sa.Column("sentence", sa.Text()),
        sa.Column("date_value", sa.String()),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("date_basis", sa.String()),
        sa.Column("place_id", sa.String()),
        sa.Column("place_name", sa.Text()),
        sa.Column("place_country", sa.String()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("future", sa.Boolean(), nullable=False),
        sa.Column("hypothetical", sa.Boolean(), nullable=False),
        sa.Column("historical", sa.Boolean(), nullable=False),
        sa.Column("pattern", sa.Text()),
        sa.Column("amounts", sa.JSON()),
        sa.Column("quote_id", sa.String()),
        sa.Column("explanation", sa.JSON()),
        sa.Column("span_start", sa.Date()),
        sa.Column("span_end", sa.Date()),
    )
    _indexes(
        "events",
        "plover",
        "cameo",
        "source_code",
        "target_code",
        "source_country",
        "target_country",
        "place_country",
        "span_start",
        "span_end",
    )


def _quotes() -> None:
    op.create_table(
        "quotes",
        *_key("quote_id"),
        *_span(),
        sa.Column("kind", sa.String()),
        *_actor_ref("speaker"),
        *_span("speaker_mention_"),
        *_span("cue_"),
        sa.Column("rule", sa.Text()),
        sa.Column("published_date", sa.Date()),
    )
    _indexes("quotes", "speaker_name", "speaker_code")


def _times_places_amounts() -> None:
    op.create_table(
        "times",
        *_key("time_id"),
        *_span(),
        sa.Column("type", sa.String()),
        sa.Column("value", sa.String()),
        sa.Column("rule", sa.Text()),
    )
    _indexes("times", "value")
    op.create_table(
        "places",
        *_key("place_id"),
        *_span(),
        sa.Column("name", sa.Text()),
        sa.Column("country", sa.String()),
        sa.Column("admin1", sa.String()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("geonameid", sa.Integer()),
        sa.Column("feature_class", sa.String()),
    )
    _indexes("places", "name", "country")
    op.create_table(
        "amounts",
        *_key("amount_id"),
        *_span(),
        sa.Column("value", sa.Float()),
        sa.Column("currency", sa.String()),
        sa.Column("unit", sa.String()),
        sa.Column("qualifier", sa.String()),
    )
    _indexes("amounts", "currency")


def upgrade() -> None:
    _articles()
    _actors_and_mentions()
    _events()
    _quotes()
    _times_places_amounts()


def downgrade() -> None:
    for table in reversed(CHILD_TABLES):
        op.drop_table(table)
    op.drop_table("articles")
