"""Connection rules for the article cache.

Rules: one connection per thread; WAL; a generous busy timeout; every write
transaction starts with BEGIN IMMEDIATE so two processes queue instead of
failing with "database is locked" halfway through.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from kalbartui.query import regex
from kalbartui.store.errors import (
    BUSY_TIMEOUT_MS,
    DatabaseError,
    cache_error,
    disk_trouble,
    filename_of,
)
from kalbartui.store.schema import SCHEMA_VERSION, apply_migrations

__all__ = ["BUSY_TIMEOUT_MS", "connect", "connect_for_reading", "migrate", "write"]


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema forward to `target` in one write; returns the version found before."""
    with write(conn):
        return apply_migrations(conn, target)


def _rollback(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back (a full disk does that); a second error would
    # only hide the first.
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def _execute_when_unlocked(conn: sqlite3.Connection, sql: str, pause: float) -> None:
    """Run `sql`, asking again every `pause` seconds while SQLite answers "locked",
    up to the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute(sql)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)


# Set in the environment of a process whose writes are background work (the refresh's
# process and the workers it starts, which inherit it): they ask for the lock less often, so
# the reader's own writes, asking every millisecond, take the next gap before them.
BACKGROUND_WRITER_ENV = "KALBARTUI_BACKGROUND_WRITER"
FOREGROUND_POLL_SECONDS = 0.001
BACKGROUND_POLL_SECONDS = 0.004


def write_poll_seconds() -> float:
    """How often this process asks for the write lock while another writer holds it."""
    if os.environ.get(BACKGROUND_WRITER_ENV):
        return BACKGROUND_POLL_SECONDS
    return FOREGROUND_POLL_SECONDS


def _begin_immediate(conn: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE, asking again every millisecond while another writer holds the lock.

    SQLite's own busy handler backs off to 100 ms sleeps, so a writer that commits and at
    once begins again (a refresh, batch after batch) keeps winning and the reader's click
    waits for the whole refresh. Asking often gets in at the next gap, one batch later.
    Background writers (several refresh workers at once) ask every 4 ms: a gap goes to the
    reader first rather than to the next of them.
    """
    conn.execute("PRAGMA busy_timeout = 1")
    try:
        _execute_when_unlocked(conn, "BEGIN IMMEDIATE", write_poll_seconds())
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class write:
    """`with write(conn):` one IMMEDIATE transaction, committed or rolled back as a whole.

    A disk that is full, read-only or damaged surfaces as DatabaseError (CorruptDatabase for
    damage) with one sentence for the user, never as a bare sqlite3 error.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        try:
            _begin_immediate(self.conn)
        except sqlite3.Error as exc:
            raise cache_error(exc, filename_of(self.conn)) or exc from None
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as error:
                _rollback(self.conn)
                raise cache_error(error, filename_of(self.conn)) or error from None
            return
        _rollback(self.conn)
        if isinstance(exc, sqlite3.Error):
            friendly = cache_error(exc, filename_of(self.conn))
            if friendly is not None:
                raise friendly from None


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. SQLite answers "locked" at once, without the busy handler, when another
    process is opening the same new file at that moment, so wait for it here."""
    _execute_when_unlocked(conn, "PRAGMA journal_mode = WAL", 0.005)


def connect(
    path: Path | str, *, readonly: bool = False, migrate_schema: bool = True
) -> sqlite3.Connection:
    """Open the cache with kalbartui's connection rules, migrating it if needed."""
    path = Path(path)
    if not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                "cache.no_data_dir", path=str(path.parent), error=exc.strerror or str(exc)
            ) from None
    uri = f"file:{path}?mode=ro" if readonly else str(path)
    try:
        conn = sqlite3.connect(
            uri,
            uri=readonly,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_MS / 1000,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # A query's regular expressions, by RE2: linear in the text, whatever the pattern.
        conn.create_function("re2_search", 2, regex.search, deterministic=True)
        if not readonly:
            _enable_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -16000")
        conn.execute("PRAGMA temp_store = MEMORY")
        if migrate_schema and not readonly:
            migrate(conn)
    except sqlite3.DatabaseError as exc:
        raise cache_error(exc, path) or DatabaseError(
            "cache.other", path=str(path), error=str(exc)
        ) from None
    return conn


# What SQLite says when the cache can be read but not written: the disk is full or read-only.
WRITE_PROBLEMS = frozenset({"cache.full", "cache.io", "cache.read_only", "cache.write"})


def connect_for_reading(path: Path | str) -> tuple[sqlite3.Connection, DatabaseError | None]:
    """Open the cache to read and, if the disk lets it, to write: on a full or read-only disk
    the cached news can still be read. Returns the connection and, when it cannot write, why.

    Read-only first asks SQLite for its usual read-only connection (which reads the log of
    recent writes); where even that cannot start (a full disk leaves no room for the
    shared-memory file), the file is opened as unchanging: the cache as last checkpointed.
    """
    path = Path(path)
    try:
        return connect(path), None
    except DatabaseError as exc:
        if exc.problem.code not in WRITE_PROBLEMS or not path.is_file():
            raise
        why = disk_trouble(path) or exc
    for uri in (f"file:{path}?mode=ro", f"file:{path}?mode=ro&immutable=1"):
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            continue
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.create_function("re2_search", 2, regex.search, deterministic=True)
            conn.execute("PRAGMA temp_store = MEMORY")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT COUNT(*) FROM meta").fetchone()
        except sqlite3.Error:
            conn.close()
            continue
        if version != SCHEMA_VERSION:
            conn.close()
            raise why  # a cache of another version needs a write to be read
        return conn, why
    raise why
