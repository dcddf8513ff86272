"""SELECT statements behind the `Store` query methods, and the conversion of rows to plain dicts."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from eventwire.store.schema import actors, articles, events, quotes

DateLike = date | str


def plain(row: Mapping[str, Any]) -> dict[str, Any]:
    """A result row as a dict of JSON-friendly values (dates as ISO strings)."""
    return {key: _jsonable(value) for key, value in row.items()}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def as_date(value: DateLike, *, last: bool = False) -> date:
    """A date from a `date`, or from "YYYY", "YYYY-MM" or "YYYY-MM-DD" (first or `last` day covered)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        numbers = [int(p) for p in value.strip().split("-")]
        if len(numbers) == 3:
            return date(*numbers)
        if len(numbers) == 2:
            year, month = numbers
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        if len(numbers) == 1:
            return date(numbers[0], 12, 31) if last else date(numbers[0], 1, 1)
    except ValueError:
        pass
    raise ValueError(f"not a date (expected YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")


def country_codes(value: str) -> tuple[str, str]:
    """The (ISO3, ISO2) pair for a country given by either code; unknown codes are used as given."""
    import pycountry

    code = value.strip().upper()
    found = None
    if len(code) == 3:
        found = pycountry.countries.get(alpha_3=code)
    elif len(code) == 2:
        found = pycountry.countries.get(alpha_2=code)
    return (found.alpha_3, found.alpha_2) if found else (code, code)


def _limited(stmt: sa.Select, limit: int | None) -> sa.Select:
    return stmt if limit is None else stmt.limit(limit)


def _name_or_code(name_col: sa.ColumnElement, code_col: sa.ColumnElement, value: str) -> sa.ColumnElement:
    return sa.or_(
        name_col.icontains(value, autoescape=True),
        code_col.startswith(value.strip().upper(), autoescape=True),
    )


def events_select(
    *,
    actor: str | None = None,
    type: str | None = None,
    cameo: str | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    country: str | None = None,
    place: str | None = None,
    article: str | None = None,
    aid_kind: str | None = None,
    factual: bool = False,
    limit: int | None = None,
) -> sa.Select:
    """Events matching every given filter, in date order (undated last), then article and report order."""
    c = events.c
    where: list[sa.ColumnElement] = []
    if actor:
        where.append(
            sa.or_(
                _name_or_code(c.source_name, c.source_code, actor),
                _name_or_code(c.target_name, c.target_code, actor),
            )
        )
    if type:
        where.append(sa.func.upper(c.plover) == type.strip().upper())
    if cameo:
        where.append(c.cameo.startswith(cameo.strip(), autoescape=True))
    if since is not None:
        where.append(c.span_end >= as_date(since))
    if until is not None:
        where.append(c.span_start <= as_date(until, last=True))
    if country:
        iso3, iso2 = country_codes(country)
        where.append(sa.or_(c.source_country == iso3, c.target_country == iso3, c.place_country == iso2))
    if place:
        where.append(c.place_name.icontains(place, autoescape=True))
    if article:
        where.append(c.article_id.startswith(article.strip(), autoescape=True))
    if aid_kind:
        where.append(c.aid_kind == aid_kind.strip().lower())
    if factual:  # asserted as happened: not negated, future, hypothetical, requested or background history
        where.extend(sa.not_(flag) for flag in (c.negated, c.future, c.hypothetical, c.requested, c.historical))
    stmt = sa.select(events).where(*where).order_by(c.span_start.is_(None), c.span_start, c.article_id, c.seq)
    return _limited(stmt, limit)


def quotes_select(
    *, speaker: str | None = None, article: str | None = None, limit: int | None = None
) -> sa.Select:
    """Quotes whose speaker name contains `speaker`, in publication order, then article and report order."""
    c = quotes.c
    where: list[sa.ColumnElement] = []
    if speaker:
        where.append(c.speaker_name.icontains(speaker, autoescape=True))
    if article:
        where.append(c.article_id.startswith(article.strip(), autoescape=True))
    order = (c.published_date.is_(None), c.published_date, c.article_id, c.seq)
    stmt = sa.select(quotes).where(*where).order_by(*order)
    return _limited(stmt, limit)


def actors_select(*, name: str | None = None, limit: int | None = None) -> sa.Select:
    """Actors aggregated across articles: one row per (name, kind, code, country, sector)."""
    c = actors.c
    keys = (c.name, c.kind, c.code, c.country, c.sector)
    n_articles = sa.func.count(sa.distinct(c.article_id)).label("articles")
    n_mentions = sa.func.coalesce(sa.func.sum(c.mention_count), 0).label("mentions")
    stmt = sa.select(*keys, n_articles, n_mentions).group_by(*keys)
    if name:
        stmt = stmt.where(c.name.icontains(name, autoescape=True))
    stmt = stmt.order_by(n_articles.desc(), n_mentions.desc(), c.name, c.code)
    return _limited(stmt, limit)


def _count_of(table: sa.Table, label: str) -> sa.Label:
    return (
        sa.select(sa.func.count())
        .select_from(table)
        .where(table.c.article_id == articles.c.id)
        .scalar_subquery()
        .label(label)
    )


def articles_select(*, limit: int | None = None) -> sa.Select:
    """Article metadata (no text, no report) with event, quote and actor counts, in ingestion order."""
    c = articles.c
    meta = [col for col in articles.columns if col.name not in ("text", "report")]
    counts = [_count_of(events, "events"), _count_of(quotes, "quotes"), _count_of(actors, "actors")]
    stmt = sa.select(*meta, *counts).order_by(c.ingested_at, c.id)
    return _limited(stmt, limit)


def reports_select() -> sa.Select:
    """The stored report JSON, in ingestion order."""
    return sa.select(articles.c.report).order_by(articles.c.ingested_at, articles.c.id)
