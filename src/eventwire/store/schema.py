"""Table definitions: one `articles` row per article (with the full report JSON) plus normalised tables.

Every child table is keyed by `(article_id, <local id>)` and carries `seq`, the record's position in its
report list. Names and codes are copied into `events` and `quotes` rows so that queries need no joins.
`events.span_start`/`span_end` are the dates the time filters compare: the event date when known,
else the article's publication date. This module is the current schema; the Alembic revisions in
`migrations/versions` create it, and a test checks that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()


def _article_fk() -> sa.Column:
    return sa.Column(
        "article_id", sa.String(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )


def _span(prefix: str = "") -> list[sa.Column]:
    """Start/end offsets into the article text plus the covered text."""
    return [
        sa.Column(f"{prefix}start", sa.Integer()),
        sa.Column(f"{prefix}end", sa.Integer()),
        sa.Column(f"{prefix}text", sa.Text()),
    ]


def _actor_ref(prefix: str) -> list[sa.Column]:
    """An actor id with its name, code and country copied in."""
    return [
        sa.Column(f"{prefix}_id", sa.String()),
        sa.Column(f"{prefix}_name", sa.Text()),
        sa.Column(f"{prefix}_code", sa.String()),
        sa.Column(f"{prefix}_country", sa.String()),
    ]


articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.String(), primary_key=True),
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
    sa.Index("ix_articles_published_date", "published_date"),
    sa.Index("ix_articles_outlet", "outlet"),
    sa.Index("ix_articles_ingested_at", "ingested_at"),
)

actors = sa.Table(
    "actors",
    metadata,
    _article_fk(),
    sa.Column("actor_id", sa.String(), primary_key=True),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("name", sa.Text(), nullable=False),
    sa.Column("kind", sa.String()),
    sa.Column("code", sa.String()),
    sa.Column("country", sa.String()),
    sa.Column("sector", sa.String()),
    sa.Column("affiliation", sa.Text()),
    sa.Column("roles", sa.JSON()),
    sa.Column("resolution", sa.Text()),
    sa.Column("mention_count", sa.Integer(), nullable=False),
    sa.Index("ix_actors_name", "name"),
    sa.Index("ix_actors_code", "code"),
    sa.Index("ix_actors_country", "country"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    _article_fk(),
    sa.Column("mention_id", sa.String(), primary_key=True),
    sa.Column("seq", sa.Integer(), nullable=False),
    sa.Column("actor_id", sa.String()),
    *_span(),
    sa.Column("form", sa.String()),
    sa.Index("ix_mentions_actor", "article_id", "actor_id"),
)

events = sa.Table(
    "events",
    metadata,
    _article_fk(),
    sa.Column("event_id", sa.String(), primary_key=True),
    sa.Column("seq", sa.Integer(), nullable=False),
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
    sa.Column("requested", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("cameo_root", sa.String()),
    sa.Column("quad_class", sa.Integer()),
    sa.Column("goldstein", sa.Float()),
    sa.Index("ix_events_quad_class", "quad_class"),
    sa.Column("contexts", sa.JSON()),
    sa.Column("aid_kind", sa.String()),
    sa.Index("ix_events_aid_kind", "aid_kind"),
    sa.Column("pattern", sa.Text()),
    sa.Column("amounts", sa.JSON()),
    sa.Column("quote_id", sa.String()),
    sa.Column("explanation", sa.JSON()),
    sa.Column("span_start", sa.Date()),
    sa.Column("span_end", sa.Date()),
    sa.Index("ix_events_plover", "plover"),
    sa.Index("ix_events_cameo", "cameo"),
    sa.Index("ix_events_source_code", "source_code"),
    sa.Index("ix_events_target_code", "target_code"),
    sa.Index("ix_events_source_country", "source_country"),
    sa.Index("ix_events_target_country", "target_country"),
    sa.Index("ix_events_place_country", "place_country"),
    sa.Index("ix_events_span_start", "span_start"),
    sa.Index("ix_events_span_end", "span_end"),
)

quotes = sa.Table(
    "quotes",
    metadata,
    _article_fk(),
    sa.Column("quote_id", sa.String(), primary_key=True),
    sa.Column("seq", sa.Integer(), nullable=False),
    *_span(),
    sa.Column("kind", sa.String()),
    *_actor_ref("speaker"),
    *_span("speaker_mention_"),
    *_span("cue_"),
    sa.Column("rule", sa.Text()),
    sa.Column("published_date", sa.Date()),
    sa.Index("ix_quotes_speaker_name", "speaker_name"),
    sa.Index("ix_quotes_speaker_code", "speaker_code"),
)

times = sa.Table(
    "times",
    metadata,
    _article_fk(),
    sa.Column("time_id", sa.String(), primary_key=True),
    sa.Column("seq", sa.Integer(), nullable=False),
    *_span(),
    sa.Column("type", sa.String()),
    sa.Column("value", sa.String()),
    sa.Column("rule", sa.Text()),
    sa.Index("ix_times_value", "value"),
)

places = sa.Table(
    "places",
    metadata,
    _article_fk(),
    sa.Column("place_id", sa.String(), primary_key=True),
    sa.Column("seq", sa.Integer(), nullable=False),
    *_span(),
    sa.Column("name", sa.Text()),
    sa.Column("country", sa.String()),
    sa.Column("admin1", sa.String()),
    sa.Column("lat", sa.Float()),
    sa.Column("lon", sa.Float()),
    sa.Column("geonameid", sa.Integer()),
    sa.Column("feature_class", sa.String()),
    sa.Column("basis", sa.String()),
    sa.Index("ix_places_name", "name"),
    sa.Index("ix_places_country", "country"),
)

amounts = sa.Table(
    "amounts",
    metadata,
    _article_fk(),
    sa.Column("amount_id", sa.String(), primary_key=True),
    sa.Column("seq", sa.Integer(), nullable=False),
    *_span(),
    sa.Column("value", sa.Float()),
    sa.Column("currency", sa.String()),
    sa.Column("unit", sa.String()),
    sa.Column("qualifier", sa.String()),
    sa.Index("ix_amounts_currency", "currency"),
)

#: Tables filled from a report, in insertion order (all after `articles`).
CHILD_TABLES: dict[str, sa.Table] = {
    t.name: t for t in (actors, mentions, events, quotes, times, places, amounts)
}
TABLES: dict[str, sa.Table] = {"articles": articles, **CHILD_TABLES}
