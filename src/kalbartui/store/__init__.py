"""The SQLite article cache.

Modules, by job: `errors` (DatabaseError and the sqlite3 -> DatabaseError rule), `schema`
(tables and migrations), `db` (connection and transaction rules), `queries` (Query, Page and
the SQL that selects a list), `reads`, `ingest` (a refresh's writes), `flags` (read and
starred), `recovery` (a damaged cache), `core` (the `Store` facade), `window` (paging).
"""

from kalbartui.store.core import Store, open_or_recover, open_store
from kalbartui.store.db import connect
from kalbartui.store.errors import CorruptDatabase, DatabaseError
from kalbartui.store.queries import Page, Query

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
