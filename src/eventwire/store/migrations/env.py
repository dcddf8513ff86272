"""Alembic environment: migrate the connection passed in by `Store`, or the configured database."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from eventwire.store.core import make_engine, resolve_db_url
from eventwire.store.schema import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _url() -> str:
    return resolve_db_url(context.config.get_main_option("sqlalchemy.url"))


def run_offline() -> None:
    """Emit the migration SQL instead of running it (`alembic upgrade head --sql`)."""
    context.configure(url=_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Run the migrations on the shared connection, else on a new one."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.begin() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
