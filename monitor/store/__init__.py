"""The store: one interface over SQLite (the embedded default) and PostgreSQL."""

from monitor.store.sqlite import OutboxAlert, PendingFiling, Store

__all__ = ["OutboxAlert", "PendingFiling", "Store"]
