"""The cache's own errors, and the rule that turns what SQLite says into one of them.

Every public `Store` method is wrapped by `guarded`, so no raw `sqlite3` error leaves the store.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from kalbartui.problems import KalbarError

BUSY_TIMEOUT_MS = 30_000


class DatabaseError(KalbarError):
    """The cache cannot be used; its Problem says why."""


class CorruptDatabase(DatabaseError):
    """The file is not a usable SQLite database."""


def cache_error(exc: sqlite3.Error, path: Path | str) -> DatabaseError | None:
    """What SQLite said, as a Problem for the user; None for a fault in kalbartui itself."""
    message = str(exc)
    lowered = message.lower()
    where = str(path)
    if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
        return CorruptDatabase("cache.damaged", path=where, error=message)
    if "full" in lowered:
        return DatabaseError("cache.full", path=where)
    if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        folder = Path(path).parent
        if not os.access(folder, os.W_OK) or (Path(path).exists() and not os.access(path, os.W_OK)):
            return DatabaseError("cache.read_only", path=where)
        return DatabaseError("cache.write", path=where, error=message)
    if "disk i/o" in lowered:
        # SQLite says "I/O error" where its log or shared-memory file could not grow.
        return disk_trouble(path) or DatabaseError("cache.io", path=where)
    if "locked" in lowered or "busy" in lowered:
        return DatabaseError("cache.locked", path=where, seconds=BUSY_TIMEOUT_MS // 1000)
    return None


# Less free space than this beside the cache, where a write failed, is a full disk (SQLite's
# shared-memory file alone needs 32 KB, its log more).
FULL_BELOW_BYTES = 1024 * 1024


def disk_trouble(path: Path | str) -> DatabaseError | None:
    """Why a write beside the cache cannot work, when the disk itself says: a read-only
    folder or mount, or a full disk; None when neither."""
    folder = Path(path).parent
    if not Path(path).is_absolute() or not folder.is_dir():
        return None  # "the cache": the connection could not say where it is
    if not os.access(folder, os.W_OK):
        return DatabaseError("cache.read_only", path=str(path))
    try:
        stat = os.statvfs(folder)
    except OSError:
        return None
    if stat.f_bavail * stat.f_frsize < FULL_BELOW_BYTES:
        return DatabaseError("cache.full", path=str(path))
    return None


def as_database_error(exc: sqlite3.Error, path: Path | str) -> DatabaseError:
    """Any SQLite error as a DatabaseError: the sentence of `cache_error`, or SQLite's own words."""
    return cache_error(exc, path) or DatabaseError("cache.other", path=str(path), error=str(exc))


def filename_of(conn: sqlite3.Connection) -> str:
    """The file behind a connection, for a message; 'the cache' when it cannot be asked."""
    try:
        return conn.execute("PRAGMA database_list").fetchone()[2] or "the cache"
    except sqlite3.Error:
        return "the cache"


class HasConnection(Protocol):
    """Anything that reads and writes through one SQLite connection."""

    conn: sqlite3.Connection


S = TypeVar("S", bound=HasConnection)
P = ParamSpec("P")
R = TypeVar("R")


def _unwritable(store: object, exc: Exception) -> DatabaseError | None:
    """A write refused by a store opened for reading only: why it was (the disk is full or
    read-only), not SQLite's "attempt to write a readonly database"."""
    why = getattr(store, "unwritable", None)
    if not isinstance(why, DatabaseError):
        return None
    if isinstance(exc, DatabaseError):
        if exc.problem.code == "cache.read_only":
            return DatabaseError(why.problem)
        said = str(exc.problem.params.get("error", ""))
    else:
        said = str(exc)
    return DatabaseError(why.problem) if "readonly" in said.lower() else None


def guarded(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Wrap a store method so that a sqlite3 error leaves it as a DatabaseError."""

    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise _unwritable(self, exc) or as_database_error(exc, filename_of(self.conn)) from exc
        except DatabaseError as exc:
            raise _unwritable(self, exc) or exc from exc.__cause__

    functools.update_wrapper(wrapper, method)
    return wrapper
