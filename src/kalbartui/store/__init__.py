"""The SQLite article cache."""

from kalbartui.store.db import CorruptDatabase, DatabaseError, connect, open_or_recover, open_store
from kalbartui.store.queries import Page, Query, Store

__all__ = [
    "CorruptDatabase",
    "DatabaseError",
    "Page",
    "Query",
    "Store",
    "connect",
    "open_or_recover",
    "open_store",
]
