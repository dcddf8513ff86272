"""Schema migrations: run the Alembic revisions shipped in `migrations/` against a database.

No alembic.ini is needed: the configuration is built here and the connection is handed to
`migrations/env.py` through `Config.attributes["connection"]`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "alembic_version"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations (and at `connection` when given)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    """The newest schema revision shipped with this package."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def current_revision(connection: sa.Connection) -> str | None:
    """The revision recorded in the database, or None for a database without eventwire tables."""
    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def upgrade(engine: sa.Engine) -> None:
    """Bring the database schema up to the newest revision, in one transaction (no-op when current)."""
    with engine.connect() as connection:
        if current_revision(connection) == head_revision():
            return
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    except sa.exc.DBAPIError:
        with engine.connect() as connection:
            if current_revision(connection) == head_revision():
                return  # another process migrated the database at the same time
        raise
