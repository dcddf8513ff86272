"""`Store`: articles and their reports in SQLite or PostgreSQL, one transaction per article."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url

from eventwire.models import Article, Report
from eventwire.store import migrate, queries, rows
from eventwire.store.queries import DateLike
from eventwire.store.schema import CHILD_TABLES, TABLES, articles

ENV_VAR = "EVENTWIRE_DB"
DEFAULT_DB_URL = "sqlite:///./eventwire.db"
STREAM_BATCH = 1000


class StoreError(Exception):
    """The database cannot be opened or used (bad URL, missing driver, ...)."""


def resolve_db_url(db: str | None = None) -> str:
    """The `--db` value, else `$EVENTWIRE_DB`, else `./eventwire.db`; a bare path is a SQLite file."""
    value = (db or "").strip() or os.environ.get(ENV_VAR, "").strip() or DEFAULT_DB_URL
    return _as_url(value)


def _as_url(value: str) -> str:
    return value if "://" in value else f"sqlite:///{Path(value).expanduser()}"


def _postgres_url(url: URL) -> URL:
    """Normalise "postgres" to "postgresql" and pick an installed driver when none is named."""
    driver = url.drivername.partition("+")[2]
    if not driver:
        has_v2 = importlib.util.find_spec("psycopg2") is not None
        has_v3 = importlib.util.find_spec("psycopg") is not None
        driver = "psycopg2" if has_v2 and not has_v3 else "psycopg"
    return url.set(drivername=f"postgresql+{driver}")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Let SQLAlchemy emit BEGIN itself (so DDL is transactional too), then set WAL and foreign keys."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def _sqlite_engine(url: URL) -> sa.Engine:
    database = url.database or ""
    if database and database != ":memory:" and url.query.get("mode") != "memory":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})
    sa.event.listen(engine, "connect", _sqlite_connect)
    sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def make_engine(url: str) -> sa.Engine:
    """An engine for a SQLite or PostgreSQL URL (or a bare SQLite file path)."""
    try:
        parsed = make_url(_as_url(url))
    except sa.exc.ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        parsed = _postgres_url(parsed)
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed)
        return sa.create_engine(parsed, pool_pre_ping=True)
    except sa.exc.NoSuchModuleError as exc:
        raise StoreError(f"unsupported database (use sqlite:// or postgresql://): {url!r}") from exc
    except ImportError as exc:
        hint = " (pip install 'eventwire[postgres]')" if backend.startswith("postgres") else ""
        raise StoreError(f"no database driver for {parsed.drivername}: {exc}{hint}") from exc


class Store:
    """Analysed articles in a database; rows come back as plain JSON-friendly dicts."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.url = self.engine.url.render_as_string(hide_password=True)
        try:
            migrate.upgrade(self.engine)
        except BaseException:
            self.engine.dispose()
            raise

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # writing

    def ingest(self, article: Article, report: Report) -> bool:
        """Store an article and its report in one transaction; False (and no change) if already stored."""
        if report.article.id != article.id:
            raise ValueError(f"report is for article {report.article.id}, not {article.id}")
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        article_row = rows.article_row(article, report, now)
        children = rows.child_rows(report, article.id, article.published_date)
        try:
            with self.engine.begin() as conn:
                if not self._insert_article(conn, article_row):
                    raise _AlreadyStored
                for name, table_rows in children.items():
                    if table_rows:
                        conn.execute(CHILD_TABLES[name].insert(), table_rows)
        except _AlreadyStored:
            return False
        return True

    def _insert_article(self, conn: sa.Connection, row: dict[str, Any]) -> bool:
        """Insert the `articles` row unless the id exists; True if inserted."""
        dialect = conn.dialect.name
        if dialect in ("sqlite", "postgresql"):
            insert = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(articles)
            statement = insert.on_conflict_do_nothing(index_elements=[articles.c.id]).returning(articles.c.id)
            return conn.execute(statement, row).first() is not None
        if conn.execute(sa.select(articles.c.id).where(articles.c.id == row["id"])).first():
            return False
        conn.execute(articles.insert(), row)
        return True

    # reading

    def has_article(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        stmt = sa.select(articles.c.id).where(articles.c.id == article_id)
        with self.engine.connect() as conn:
            return conn.execute(stmt).first() is not None

    def schema_revision(self) -> str | None:
        """The schema revision recorded in the database."""
        with self.engine.connect() as conn:
            return migrate.current_revision(conn)

    def counts(self) -> dict[str, int]:
        """Row count of every table."""
        with self.engine.connect() as conn:
            return {
                name: int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
                for name, table in TABLES.items()
            }

    def iter_events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Stream the events matching every given filter (the keywords of `events`)."""
        yield from self._stream(queries.events_select(**filters))

    def events(
        self,
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
    ) -> list[dict[str, Any]]:
        """Events matching every given filter.

        actor: source or target name (case-insensitive substring) or code (prefix, e.g. "UKR");
        type: PLOVER type; cameo: CAMEO code prefix; since/until: date or "YYYY[-MM[-DD]]", compared
        with the event's dates (the publication date when the event has none), overlapping ranges
        match; country: ISO3 (or ISO2) of source, target or place; place: place name substring;
        article: article id (or prefix); aid_kind: military, economic or humanitarian; factual: only events
        asserted as having happened (no negated, future, hypothetical, requested or historical flag).
        """
        return list(
            self.iter_events(
                actor=actor,
                type=type,
                cameo=cameo,
                since=since,
                until=until,
                country=country,
                place=place,
                article=article,
                aid_kind=aid_kind,
                factual=factual,
                limit=limit,
            )
        )

    def iter_quotes(
        self, *, speaker: str | None = None, article: str | None = None, limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stream quotes (see `quotes`)."""
        yield from self._stream(queries.quotes_select(speaker=speaker, article=article, limit=limit))

    def quotes(
        self, speaker: str | None = None, article: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Quotes; speaker: case-insensitive substring of the speaker's name; article: id (or prefix)."""
        return list(self.iter_quotes(speaker=speaker, article=article, limit=limit))

    def iter_actors(self, *, name: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stream actors aggregated across articles (see `actors`)."""
        yield from self._stream(queries.actors_select(name=name, limit=limit))

    def actors(self, name: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Actors aggregated across articles: name, kind, code, country, sector, articles, mentions."""
        return list(self.iter_actors(name=name, limit=limit))

    def iter_articles(self, *, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Stream article metadata (see `articles`)."""
        yield from self._stream(queries.articles_select(limit=limit))

    def articles(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Article metadata (without text and report) with event, quote and actor counts."""
        return list(self.iter_articles(limit=limit))

    def iter_report_json(self) -> Iterator[str]:
        """The stored report JSON strings, in ingestion order."""
        with self.engine.connect() as conn:
            result = conn.execute(queries.reports_select().execution_options(yield_per=STREAM_BATCH))
            yield from result.scalars()

    def iter_reports(self) -> Iterator[Report]:
        """Every stored `Report`, in ingestion order."""
        for text in self.iter_report_json():
            yield Report.model_validate_json(text)

    def columns(self, table: str) -> list[str]:
        """The keys of the rows returned for "events", "quotes", "actors" or "articles"."""
        selects = {
            "events": queries.events_select,
            "quotes": queries.quotes_select,
            "actors": queries.actors_select,
            "articles": queries.articles_select,
        }
        if table not in selects:
            raise ValueError(f"unknown table {table!r}; expected one of {', '.join(selects)}")
        return list(selects[table]().selected_columns.keys())

    def _stream(self, stmt: sa.Select) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            result = conn.execute(stmt.execution_options(yield_per=STREAM_BATCH))
            for row in result.mappings():
                yield queries.plain(row)


class _AlreadyStored(Exception):
    """Raised inside the ingest transaction to roll it back when the article exists."""
