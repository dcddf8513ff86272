"""The store stage: analysed articles in SQLite or PostgreSQL, with a versioned (Alembic) schema."""

from eventwire.store.core import DEFAULT_DB_URL, ENV_VAR, Store, StoreError, make_engine, resolve_db_url

__all__ = ["DEFAULT_DB_URL", "ENV_VAR", "Store", "StoreError", "make_engine", "resolve_db_url"]
