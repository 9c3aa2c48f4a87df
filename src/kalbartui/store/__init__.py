"""The SQLite article cache.

Modules, by job. The rules: `errors` (DatabaseError and the sqlite3 -> DatabaseError rule),
`schema` (tables and migrations), `db` (connection and transaction rules), `recovery` (a
damaged cache). The domains, composed into `Store` by `core`: `feeds`, `categories`,
`articles` (lists and single articles), `search` (with the word rule in `fts`), `ingest` (a
refresh's writes), `flags` (read and starred), `pages` (whole articles), `sync` (the sync
queue). `queries` holds Query, Page and the SQL that selects a list; `window` pages through one.
"""

from kalbartui.store.core import Store, open_or_recover, open_readable, open_store
from kalbartui.store.db import connect
from kalbartui.store.errors import CorruptDatabase, DatabaseError
from kalbartui.store.flags import Marked
from kalbartui.store.queries import Page, Query

__all__ = [
    "CorruptDatabase",
    "DatabaseError",
    "Marked",
    "Page",
    "Query",
    "Store",
    "connect",
    "open_or_recover",
    "open_readable",
    "open_store",
]
