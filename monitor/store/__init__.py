"""The store: one interface (base.Store) over SQLite, the embedded default, and PostgreSQL,
where several daemons share one database and elect a leader."""

from __future__ import annotations

from pathlib import Path

from monitor.store.base import Backend, PendingFiling, Store

__all__ = ["Backend", "PendingFiling", "Store", "is_postgres_url", "open_store"]

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(database: str | Path) -> bool:
    return isinstance(database, str) and database.startswith(POSTGRES_SCHEMES)


def make_backend(database: str | Path, *, application_name: str = "edgar-monitor") -> Backend:
    """The backend for a SQLite path or a `postgresql://` URL."""
    if is_postgres_url(database):
        from monitor.store.postgres import PostgresBackend

        return PostgresBackend(str(database), application_name=application_name)
    from monitor.store.sqlite import SqliteBackend

    return SqliteBackend(Path(database))


async def open_store(database: str | Path, *, application_name: str = "edgar-monitor") -> Store:
    """Connect to the database named and bring its schema up to date."""
    store = Store(make_backend(database, application_name=application_name))
    try:
        await store.start()
    except BaseException:
        await store.close()
        raise
    return store
